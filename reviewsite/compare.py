"""Areas side by side: the pages that compare two areas theme by theme, and the data the
compare page's script reads to compare any two to four.

A pair of areas has one page, at its canonical address (`/compare/<a>--<b>/`, slugs in order);
the reverse order forwards to it. Pairs come from each area's most similar areas, plus every
pair the URL ledger has recorded, so a published comparison keeps its address.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from reviewsite.indexes import AreaItems, Indexes, ItemRef
from reviewsite.model import Redirect, RetiredPage
from reviewsite.similar import Neighbour, score
from reviewsite.urls import area_data_url, area_url, compare_url, compared_areas, public_url

KIND_ORDER = ("concern", "strength", "recommendation", "suggestion")
MAX_AREAS = 4
# Up to this many areas the form offers a checkbox per area; above it, a text box per choice
# with the names to pick from.
PICK_FROM_LIST_ABOVE = 60


@dataclass(frozen=True, slots=True)
class ThemeSide:
    """One area's items on one theme, in its area page's order (empty when it raised none)."""

    refs: tuple[ItemRef, ...]

    @property
    def counts(self) -> str:
        """Return the counts in words: '2 concerns, 1 recommendation', or 'Not raised'."""
        counts: dict[str, int] = {}
        for ref in self.refs:
            counts[ref.kind] = counts.get(ref.kind, 0) + 1
        words = [f"{counts[kind]} {_noun(kind, counts[kind])}" for kind in KIND_ORDER if kind in counts]
        return ", ".join(words) if words else "Not raised"


@dataclass(frozen=True, slots=True)
class ThemeComparison:
    """A theme on which at least one of the compared areas recorded something."""

    summary: object  # ThemeSummary
    sides: tuple[ThemeSide, ...]

    @property
    def shared(self) -> bool:
        return all(side.refs for side in self.sides)


def compare_pairs(indexes: Indexes, similar: dict[str, tuple[Neighbour, ...]], ledger: dict[str, int] | None,
                  redirects: tuple[Redirect, ...] = (), memo: dict | None = None) -> tuple[list[tuple[str, str]], dict[str, RetiredPage]]:
    """Return every pair of area slugs that gets a comparison page, in canonical order (sorted),
    and the pages that answer at published comparisons of areas that have since moved or gone.

    A published comparison of an area that moved (redirects.yaml leads its page to another
    area's) forwards to the comparison of the area it moved to; one of an area that was removed
    says so with the removal's note. One of an area that vanished without a redirect is left to
    the ledger check, which asks for the area's redirect. `memo` keeps the comparisons found
    in the ledger while it is the same object (the same file).
    """
    pairs = {tuple(sorted((slug, neighbour.slug))) for slug, neighbours in similar.items() for neighbour in neighbours}
    forwards: dict[str, RetiredPage] = {}
    moves = {redirect.old: redirect for redirect in redirects}
    memo = memo if memo is not None else {}
    if memo.get("ledger", ()) is not ledger:
        memo.update(ledger=ledger, compared=tuple((url, slugs) for url in ledger or () if (slugs := compared_areas(url)) is not None))
    for url, slugs in memo["compared"]:
        if all(slug in indexes.areas for slug in slugs):
            pairs.add(tuple(sorted(slugs)))
            continue
        fates = [_fate(slug, indexes, moves) for slug in slugs]
        if any(fate is None for fate in fates):
            continue
        gone = [fate for fate in fates if isinstance(fate, Redirect)]
        if gone:
            forwards[url.lstrip("/")] = RetiredPage(None, gone[0].note, (), gone[0].origin)
        elif fates[0] != fates[1]:
            pair = tuple(sorted(fates))
            pairs.add(pair)
            origin = next(moves[public_url(area_url(slug))].origin for slug in slugs if slug not in indexes.areas)
            forwards[url.lstrip("/")] = RetiredPage(compare_url(*pair), None, (), origin)
    return sorted(pairs), forwards


def _fate(slug: str, indexes: Indexes, moves: dict[str, Redirect]) -> str | Redirect | None:
    """Return where an area is now: its slug (still here, or the area it moved to), the redirect
    that removed it, or None when nothing says."""
    if slug in indexes.areas:
        return slug
    redirect = moves.get(public_url(area_url(slug)))
    if redirect is None:
        return None
    if redirect.new is None:
        return redirect
    target = redirect.new.strip("/").split("/")
    return target[1] if len(target) == 2 and target[0] == "areas" and target[1] in indexes.areas else None


def comparison(areas: tuple[AreaItems, ...], indexes: Indexes) -> tuple[ThemeComparison, ...]:
    """Return the themes on which any of `areas` recorded something, in the site's theme order."""
    result = []
    for summary in indexes.themes:
        cells = [dict(items.by_theme).get(summary.theme.slug) for items in areas]
        if any(cells):
            sides = tuple(ThemeSide(tuple(ref for group in cell.groups for ref in group.refs) if cell else ()) for cell in cells)
            result.append(ThemeComparison(summary, sides))
    return tuple(result)


def pair_view(first: AreaItems, second: AreaItems, indexes: Indexes, sections: dict[str, dict[str, str]] | None = None) -> dict:
    """The page comparing two areas: a table of counts by theme, then the items theme by theme.

    On a very large site (`sections` given: theme -> area -> the URL of the area's section on
    the theme's page) the page keeps to the table, each count leading to the items it counts.
    """
    themes = comparison((first, second), indexes)
    links = {theme.summary.theme.slug: tuple(sections[theme.summary.theme.slug].get(items.area.slug) for items in (first, second))
             for theme in themes} if sections is not None else {}
    return {"areas": (first, second), "themes": themes, "neighbour": score(first, second, indexes),
            "shared": sum(1 for theme in themes if theme.shared), "compact": sections is not None, "links": links}


def compare_page_view(indexes: Indexes, similar: dict[str, tuple[Neighbour, ...]], compact: bool) -> dict:
    """The compare page: a form (shown by its script) and, for readers without JavaScript, each
    area's comparisons with its most similar areas (or, on a very large site, a pointer to them)."""
    rows = []
    for items in indexes.ordered:
        neighbours = similar.get(items.area.slug, ())
        rows.append((items, tuple((indexes.areas[n.slug], n, canonical_compare_url(items.area.slug, n.slug)) for n in neighbours)))
    return {"rows": rows, "compact": compact, "pick_from_list": len(indexes.ordered) > PICK_FROM_LIST_ABOVE}


def canonical_compare_url(first: str, second: str) -> str:
    """Return the page comparing two areas, whichever order they are given in."""
    return compare_url(*sorted((first, second)))


def compare_index(indexes: Indexes, pairs: list[tuple[str, str]]) -> bytes:
    """Return data/compare.json: the areas and themes the compare page's script offers, with
    their URLs relative to the site's root."""
    data = {
        "areas": [{"slug": items.area.slug, "name": items.area.name, "url": items.url, "data": area_data_url(items.area.slug)} for items in indexes.ordered],
        "themes": [{"slug": summary.theme.slug, "title": summary.theme.title, "url": summary.url} for summary in indexes.themes],
        "pairs": [compare_url(first, second) for first, second in pairs],
    }
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def _noun(kind: str, count: int) -> str:
    nouns = {"concern": ("concern", "concerns"), "strength": ("strength", "strengths"), "recommendation": ("recommendation", "recommendations"),
             "suggestion": ("other suggestion", "other suggestions")}
    return nouns[kind][0 if count == 1 else 1]
