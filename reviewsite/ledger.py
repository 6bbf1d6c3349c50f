"""The URL contract: every published URL and item anchor keeps working, or has a redirect.

The ledger (`content/published-urls.txt`) lists every public URL and every finding and
recommendation anchor ever published. A build compares it with what the content now produces:
a ledgered URL that disappears without a redirect is an error, and new URLs join the ledger only
when the maintainer asks (`--update-ledger`).
"""

from __future__ import annotations

from dataclasses import dataclass

from reviewsite.errors import ContentError, SourcePos
from reviewsite.model import Recommendation, Redirect, Site
from reviewsite.render import RedirectPlan
from reviewsite.urls import (
    AREAS_URL,
    DATA_URL,
    HOME_URL,
    MATRIX_URL,
    THEMES_URL,
    area_url,
    finding_anchor,
    page_url,
    public_url,
    recommendation_anchor,
    theme_url,
)

LEDGER_HEADER = (
    "# Every public URL and item anchor this site has published. Written by\n"
    "# `python build.py --update-ledger`; do not remove lines. To retire a URL, map it to its\n"
    "# new place in redirects.yaml (see content/README.md).\n"
)
_SHOWN = 8


@dataclass(frozen=True, slots=True)
class LedgerCheck:
    """What comparing the ledger with the built URLs found."""

    plan: RedirectPlan
    problems: tuple[ContentError, ...]
    new_urls: tuple[str, ...]


def public_urls(site: Site) -> frozenset[str]:
    """Return every public URL the site builds, item anchors included (`/areas/york/#rec-x`)."""
    urls = {HOME_URL, AREAS_URL, MATRIX_URL, THEMES_URL, DATA_URL}
    urls.update(theme_url(theme.slug) for theme in site.themes)
    urls.update(page_url(page.slug) for page in site.pages)
    for area in site.areas:
        page = area_url(area.slug)
        urls.add(page)
        for item in area.items():
            anchor = recommendation_anchor(item.id) if isinstance(item, Recommendation) else finding_anchor(item.id)
            urls.add(f"{page}#{anchor}")
    return frozenset(public_url(url) for url in urls)


def check_ledger(site: Site, live: frozenset[str], ledger_pos: SourcePos) -> LedgerCheck:
    """Plan redirects and find ledgered URLs that vanished and live URLs not yet ledgered."""
    problems: list[ContentError] = []
    ledger = site.ledger or {}
    valid = [r for r in site.redirects if not _redirect_problem(r, live, problems)]
    page_moves = {r.old: r.new for r in valid if "#" not in r.old}
    anchor_moves = {r.old: (r.new, r.origin) for r in valid if "#" in r.old}
    for url in ledger:
        # An anchor on a redirected page follows its page when the new page has the same anchor.
        page, _, anchor = url.partition("#")
        if anchor and page in page_moves and url not in anchor_moves:
            candidate = f"{page_moves[page].partition('#')[0]}#{anchor}"
            if candidate in live:
                anchor_moves[url] = (candidate, ledger_pos.at(ledger[url]))
    plan = _plan_redirects(page_moves, anchor_moves, live, problems)
    covered = live | set(page_moves) | set(anchor_moves)
    for url in sorted(set(ledger) - covered):
        page, _, anchor = url.partition("#")
        what = f"the anchor #{anchor} on {page}" if anchor else f"the page {url}"
        problems.append(ContentError(ledger_pos.at(ledger[url]), f"{what} was published but is no longer built", hint=f"restore it, or add a redirect to content/redirects.yaml: '- from: {url}' with 'to:' its new place"))
    return LedgerCheck(plan, tuple(problems), tuple(sorted(live - set(ledger))))


def new_urls_error(new_urls: tuple[str, ...], ledger_pos: SourcePos, ledger_exists: bool) -> ContentError:
    """Return the error for URLs that are built but not yet recorded in the ledger."""
    shown = ", ".join(new_urls[:_SHOWN]) + (f" and {len(new_urls) - _SHOWN} more" if len(new_urls) > _SHOWN else "")
    count = "1 new public URL is" if len(new_urls) == 1 else f"{len(new_urls)} new public URLs are"
    message = f"{count} not in the ledger yet: {shown}" if ledger_exists else "there is no URL ledger yet"
    return ContentError(ledger_pos, message, hint="once the new URLs are right, record them with: python build.py --update-ledger")


def format_ledger(urls: frozenset[str] | set[str]) -> str:
    """Return the ledger file text: a header, then one URL per line in sorted order."""
    return LEDGER_HEADER + "".join(f"{url}\n" for url in sorted(urls))


def _plan_redirects(page_moves: dict[str, str], anchor_moves: dict[str, tuple[str, SourcePos]], live: frozenset[str], problems: list[ContentError]) -> RedirectPlan:
    pages: dict[str, tuple[str, list[tuple[str, str]]]] = {old: (new, []) for old, new in page_moves.items()}
    aliases: dict[str, dict[str, list[str]]] = {}
    moved: dict[str, list[tuple[str, str]]] = {}
    for old, (new, origin) in sorted(anchor_moves.items()):
        old_page, _, old_anchor = old.partition("#")
        new_page, _, new_anchor = new.partition("#")
        if old_page in pages:
            pages[old_page][1].append((old_anchor, new))
        elif old_page not in live:
            problems.append(ContentError(origin, f"the page {old_page} no longer exists, so its anchor cannot be redirected on its own", hint=f"also redirect the page: '- from: {old_page}'"))
        elif new_page == old_page and new_anchor:
            aliases.setdefault(_site_url(old_page), {}).setdefault(new_anchor, []).append(old_anchor)
        else:
            moved.setdefault(_site_url(old_page), []).append((old_anchor, _site_url(new)))
    return RedirectPlan(
        pages={_site_url(old): (_site_url(new), tuple((a, _site_url(u)) for a, u in anchors)) for old, (new, anchors) in pages.items()},
        aliases={page: {new: tuple(olds) for new, olds in mapping.items()} for page, mapping in aliases.items()},
        moved={page: tuple(items) for page, items in moved.items()},
    )


def _site_url(public: str) -> str:
    """Return the site URL (no leading slash) of a public URL."""
    return public[1:]


def _redirect_problem(redirect: Redirect, live: frozenset[str], problems: list[ContentError]) -> bool:
    """Record and return True if a redirect cannot work as written."""
    old_page, _, old_anchor = redirect.old.partition("#")
    if redirect.old in live:
        problems.append(ContentError(redirect.origin, f"{redirect.old} is redirected, but the site still builds it", hint="remove the redirect, or the content it would replace"))
    elif not old_anchor and not old_page.endswith("/"):
        problems.append(ContentError(redirect.origin, f"{redirect.old} is not a page; only pages and their anchors can be redirected"))
    elif redirect.new not in live:
        problems.append(ContentError(redirect.origin, f"the redirect target {redirect.new} is not built by the site", hint="point it at a live page or item anchor"))
    else:
        return False
    return True
