"""Similar areas: which reviews recorded the same kinds of thing on the same themes.

An area's profile is the set of (theme, kind) pairs its items fall on, such as (workforce,
concern) or (discharge, recommendation). Two areas are as similar as the Jaccard index of their
profiles: the pairs they share, divided by the pairs either has. Areas with nothing recorded
have no profile, and so no neighbours. Profiles are bit sets, so comparing two areas costs a few
machine instructions, and each area's neighbours are computed once per version of its profile.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from fractions import Fraction

from reviewsite.indexes import AreaItems, Indexes

NEIGHBOURS = 3
# Above this many areas the comparisons run in NumPy (the same results, many times faster).
VECTORISE_ABOVE = 300


@dataclass(frozen=True, slots=True)
class Neighbour:
    """An area similar to another: its slug, the score (shared / either), and the themes they share."""

    slug: str
    shared: int
    either: int
    themes: tuple[str, ...]  # theme slugs, in the site's theme order

    @property
    def score(self) -> Fraction:
        return Fraction(self.shared, self.either) if self.either else Fraction(0)

    @property
    def percent(self) -> int:
        """Return the score as a whole percentage, rounded half up (for display)."""
        return (200 * self.shared + self.either) // (2 * self.either) if self.either else 0


PROFILE_KINDS = ("concern", "strength", "recommendation")


def profile(items: AreaItems) -> frozenset[tuple[str, str]]:
    """Return the (theme, kind) pairs that the review's own concerns, strengths and
    recommendations fall on (not a follow-up review's items, nor other suggestions)."""
    return frozenset((theme, group.kind) for group in items.groups if not group.follow_up and group.kind in PROFILE_KINDS
                     for ref in group.refs for theme in ref.item.themes)


def score(first: AreaItems, second: AreaItems, indexes: Indexes) -> Neighbour:
    """Return how similar `second` is to `first` (one pair's score, as `similar_areas` gives it)."""
    mine, theirs = profile(first), profile(second)
    themes = {theme for theme, _ in mine & theirs}
    return Neighbour(second.area.slug, len(mine & theirs), len(mine | theirs),
                     tuple(summary.theme.slug for summary in indexes.themes if summary.theme.slug in themes))


def similar_areas(indexes: Indexes, count: int = NEIGHBOURS, vectorise_above: int = VECTORISE_ABOVE, memo: dict | None = None) -> dict[str, tuple[Neighbour, ...]]:
    """Return, for every area, up to `count` areas with the most similar profiles (score above
    zero), best first, ties broken by name.

    `memo` keeps the answer between builds: it is reused while every area's name and profile
    are the same (an edit to an item's text changes neither).
    """
    profiles = _profiles(indexes, memo)
    pairs = sorted({pair for items in indexes.ordered for pair in profiles[items.area.slug]})
    bit = {pair: 1 << index for index, pair in enumerate(pairs)}
    masks = [(items, sum(bit[pair] for pair in profiles[items.area.slug])) for items in indexes.ordered]
    theme_order = {theme.theme.slug: index for index, theme in enumerate(indexes.themes)}
    key = (count, tuple(pairs), tuple(theme_order), tuple((items.area.slug, items.area.name, mask) for items, mask in masks))
    if memo is not None and memo.get("key") == key:
        return memo["result"]
    candidates = _candidates_vectorised(masks, len(pairs), count) if len(masks) > vectorise_above else _candidates
    result = {}
    for index, (items, mask) in enumerate(masks):
        found = candidates(index, masks) if candidates is _candidates else candidates(index)
        result[items.area.slug] = _best(mask, masks, found, pairs, theme_order, count)
    if memo is not None:
        memo.update(key=key, result=result)
    return result


def _profiles(indexes: Indexes, memo: dict | None) -> dict[str, frozenset[tuple[str, str]]]:
    """Return every area's profile, reusing from `memo` those of areas whose items are the same objects."""
    known = memo.get("profiles", {}) if memo is not None else {}
    fresh = {}
    for items in indexes.ordered:
        kept = known.get(items.area.slug)
        fresh[items.area.slug] = kept if kept is not None and kept[0] is items else (items, profile(items))
    if memo is not None:
        memo["profiles"] = fresh
    return {slug: pair[1] for slug, pair in fresh.items()}


def _candidates(index: int, masks: list[tuple[AreaItems, int]]) -> list[int]:
    """Return every other area that shares a pair with this one."""
    mask = masks[index][1]
    return [other for other, (_, other_mask) in enumerate(masks) if other != index and mask & other_mask]


def _candidates_vectorised(masks: list[tuple[AreaItems, int]], width: int, count: int):
    """Return a function giving, for one area, the few areas that can be among its best: those
    scoring at least the `count`-th best score. Comparing every area with every other grows with
    the square of their number; NumPy does each area's comparisons at once, in C."""
    import numpy

    words = max(1, -(-width // 64))
    table = numpy.array([[mask >> (64 * word) & 0xFFFFFFFFFFFFFFFF for word in range(words)] for _, mask in masks], dtype=numpy.uint64)

    def candidates(index: int) -> list[int]:
        row = table[index]
        shared = numpy.bitwise_count(table & row).sum(axis=1)
        either = numpy.bitwise_count(table | row).sum(axis=1)
        score = numpy.where(shared > 0, shared / numpy.maximum(either, 1), -1.0)
        score[index] = -1.0
        if len(score) <= count:
            return [int(other) for other in numpy.flatnonzero(score > 0)]
        floor = numpy.partition(score, -count)[-count]
        return [int(other) for other in numpy.flatnonzero((score >= floor) & (score > 0))]

    return candidates


def _best(mask: int, masks: list[tuple[AreaItems, int]], candidates: list[int], pairs: list[tuple[str, str]],
          theme_order: dict[str, int], count: int) -> tuple[Neighbour, ...]:
    if not mask:
        return ()
    scored = []
    for other in candidates:
        other_mask = masks[other][1]
        shared, either = (mask & other_mask).bit_count(), (mask | other_mask).bit_count()
        # A float orders these scores exactly: equal fractions divide to the same float, and two
        # different ones, whose denominators are at most the number of pairs, never meet.
        # Ties in score are broken by name, so the same content always gives the same neighbours.
        scored.append((-shared / either, masks[other][0].area.name.casefold(), other, shared, either))
    best = heapq.nsmallest(count, scored, key=lambda entry: entry[:2])
    return tuple(Neighbour(masks[other][0].area.slug, shared, either, _themes(mask & masks[other][1], pairs, theme_order))
                 for _, _, other, shared, either in best)


def _themes(common: int, pairs: list[tuple[str, str]], theme_order: dict[str, int]) -> tuple[str, ...]:
    themes = {pairs[index][0] for index in range(common.bit_length()) if common >> index & 1}
    return tuple(sorted(themes, key=lambda slug: theme_order.get(slug, 0)))
