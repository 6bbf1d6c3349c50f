"""The URL contract: every published URL and item anchor keeps working, or has a redirect.

The ledger (`content/published-urls.txt`) lists every public URL and every finding and
recommendation anchor ever published. A build compares it with what the content now produces:
a ledgered URL that disappears without a redirect is an error, and new URLs join the ledger only
when the maintainer asks (`--update-ledger`).
"""

from __future__ import annotations

from dataclasses import dataclass

from reviewsite.errors import ContentError, SourcePos, command
from reviewsite.model import Forward, Redirect, RedirectPlan, RetiredPage, Site
from reviewsite.urls import area_url, compared_areas, public_url, site_url

LEDGER_HEADER = (
    "# Every public URL and item anchor this site has published. Written by\n"
    f"# `{command('--update-ledger')}`; do not remove lines. To retire a URL, map\n"
    "# it to its new place in redirects.yaml (see content/README.md).\n"
)
_SHOWN = 8


@dataclass(frozen=True, slots=True)
class LedgerCheck:
    """What comparing the ledger with the built URLs found."""

    plan: RedirectPlan
    problems: tuple[ContentError, ...]
    new_urls: tuple[str, ...]


def check_ledger(site: Site, live: frozenset[str], ledger_pos: SourcePos) -> LedgerCheck:
    """Plan redirects and find ledgered URLs that vanished and live URLs not yet ledgered.

    `live` holds the public URLs the page plan builds (see Plan.public_urls).
    """
    problems: list[ContentError] = []
    ledger = site.ledger or {}
    live_pages = frozenset(url for url in live if "#" not in url)
    valid = [r for r in site.redirects if not _redirect_problem(r, live, live_pages, problems)]
    retired = {r.old: r for r in valid if "#" not in r.old}
    anchors = {r.old: Forward(r.old.partition("#")[2], r.new, r.note, r.origin) for r in valid if "#" in r.old}
    for url in ledger:
        page, _, anchor = url.partition("#")
        if anchor and page in retired and url not in anchors:
            anchors[url] = _follow_page(retired[page], anchor, live, ledger_pos.at(ledger[url]))
    plan = _plan(retired, anchors, live, problems)
    covered = live | set(retired) | {url for url, forward in anchors.items() if forward is not None}
    problems += _vanished(sorted(set(ledger) - covered), ledger, ledger_pos)
    return LedgerCheck(plan, tuple(problems), tuple(sorted(live - set(ledger))))


def _follow_page(page: Redirect, anchor: str, live: frozenset[str], pos: SourcePos) -> Forward | None:
    """An anchor of a retired page: it follows a moved page if the new page has the same
    anchor, and shares a removed page's note; otherwise it needs its own redirect (None)."""
    if page.new is None:
        return Forward(anchor, None, page.note, page.origin)
    candidate = f"{page.new.partition('#')[0]}#{anchor}"
    return Forward(anchor, candidate, None, pos) if candidate in live else None


def _vanished(urls: list[str], ledger: dict[str, int], ledger_pos: SourcePos) -> list[ContentError]:
    """One error per vanished page (with its anchors folded in) or per vanished anchor."""
    gone_pages = {url for url in urls if "#" not in url}
    errors = []
    for url in urls:
        page, _, anchor = url.partition("#")
        if anchor and page in gone_pages:
            continue
        compared = compared_areas(url)
        if compared and any(public_url(area_url(slug)) in gone_pages for slug in compared):
            continue  # the area's own error asks for the redirect that answers this page too
        if anchor:
            errors.append(ContentError(ledger_pos.at(ledger[url]), f"the anchor #{anchor} on {page} was published but is no longer built",
                                       hint=f"restore it, or add to content/redirects.yaml '- from: {url}' with 'to:' its new place or 'removed:' a note saying why"))
            continue
        count = sum(1 for other in urls if other.startswith(url + "#"))
        with_anchors = f" (with {count} item {'anchor' if count == 1 else 'anchors'})" if count else ""
        errors.append(ContentError(ledger_pos.at(ledger[url]), f"the page {url}{with_anchors} was published but is no longer built",
                                   hint=f"if it moved, one redirect carries its anchors along: '- from: {url}' with 'to:' the new page; if it is gone, use 'removed:' with a note instead of 'to:'"))
    return errors


def new_urls_error(new_urls: tuple[str, ...], ledger_pos: SourcePos, ledger_exists: bool) -> ContentError:
    """Return the error for URLs that are built but not yet recorded in the ledger."""
    shown = ", ".join(new_urls[:_SHOWN]) + (f" and {len(new_urls) - _SHOWN} more" if len(new_urls) > _SHOWN else "")
    count = "1 new public URL is" if len(new_urls) == 1 else f"{len(new_urls)} new public URLs are"
    message = f"{count} not in the ledger yet: {shown}" if ledger_exists else "there is no URL ledger yet"
    return ContentError(ledger_pos, message, hint=f"once the new URLs are right, record them with: {command('--update-ledger')}")


def format_ledger(urls: frozenset[str] | set[str]) -> str:
    """Return the ledger file text: a header, then one URL per line in sorted order."""
    return LEDGER_HEADER + "".join(f"{url}\n" for url in sorted(urls))


def _plan(retired: dict[str, Redirect], anchors: dict[str, Forward | None], live: frozenset[str], problems: list[ContentError]) -> RedirectPlan:
    """Decide where each retired URL is answered: a page of its own, an alias id, or a note."""
    page_anchors: dict[str, list[Forward]] = {old: [] for old in retired}
    aliases: dict[str, dict[str, list[str]]] = {}
    moved: dict[str, list[Forward]] = {}
    for old, forward in sorted(anchors.items()):
        if forward is None:
            continue
        old_page = old.partition("#")[0]
        new_page, _, new_anchor = (forward.to or "").partition("#")
        if old_page in page_anchors:
            page_anchors[old_page].append(_site_forward(forward))
        elif old_page not in live:
            problems.append(ContentError(forward.origin, f"the page {old_page} no longer exists, so its anchor cannot be redirected on its own", hint=f"also redirect the page: '- from: {old_page}'"))
        elif new_page == old_page and forward.to in live:
            # The old id becomes a second id inside the item that replaced it.
            aliases.setdefault(site_url(old_page), {}).setdefault(new_anchor, []).append(forward.anchor)
        else:
            moved.setdefault(site_url(old_page), []).append(_site_forward(forward))
    return RedirectPlan(
        pages={site_url(old): RetiredPage(r.new and site_url(r.new), r.note, tuple(page_anchors[old]), r.origin) for old, r in retired.items()},
        aliases={page: {new: tuple(olds) for new, olds in mapping.items()} for page, mapping in aliases.items()},
        moved={page: tuple(items) for page, items in moved.items()},
    )


def _site_forward(forward: Forward) -> Forward:
    return Forward(forward.anchor, forward.to and site_url(forward.to), forward.note, forward.origin)


def _redirect_problem(redirect: Redirect, live: frozenset[str], live_pages: frozenset[str], problems: list[ContentError]) -> bool:
    """Record and return True if a redirect cannot work as written.

    A target's page must be built; its #anchor may be any id on that page (an item, a heading
    with an id, a section), which the link check confirms once the pages are rendered.
    """
    old_page, _, old_anchor = redirect.old.partition("#")
    if redirect.old in live:
        problems.append(ContentError(redirect.origin, f"{redirect.old} is redirected, but the site still builds it", hint="remove the redirect, or the content it would replace"))
    elif not old_anchor and not old_page.endswith("/"):
        problems.append(ContentError(redirect.origin, f"{redirect.old} is not a page; only pages and their anchors can be redirected"))
    elif redirect.new is not None and redirect.new.partition("#")[0] not in live_pages:
        problems.append(ContentError(redirect.origin, f"the redirect target {redirect.new} is not a page the site builds", hint="point it at a live page, or an anchor on one"))
    else:
        return False
    return True
