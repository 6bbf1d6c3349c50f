"""Cross-area indexes, computed once in Python so templates only loop and print.

Every count the site shows comes from here: per area, per theme, per (theme, area) cell and for
the whole site. Cost is linear in the content plus one cell per (theme, area) for the matrix.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from reviewsite.model import Area, Finding, Item, Recommendation, Site, Theme, ThemeGroup, Wave
from reviewsite.urls import area_url, finding_anchor, recommendation_anchor, theme_area_anchor, theme_url
from reviewsite.values import Value

# The order items are shown in everywhere: area pages, the matrix, theme pages.
KINDS = ("concern", "strength", "recommendation", "suggestion")
NOUNS = {
    "concern": ("concern", "concerns"),
    "strength": ("strength", "strengths"),
    "recommendation": ("recommendation", "recommendations"),
    "suggestion": ("other suggestion", "other suggestions"),
}
# Recommendations whose wording is not the review's own (see RECOMMENDATION_BASES) are shown
# apart, as "other suggestions", so nobody mistakes them for the report's list.
REVIEW_BASES = frozenset({"report", "follow-up"})


def kind_of(item: Item) -> str:
    """Return the kind an item is shown and counted as: concern, strength, recommendation or suggestion."""
    if isinstance(item, Finding):
        return item.kind
    return "recommendation" if item.basis in REVIEW_BASES else "suggestion"


@dataclass(frozen=True, slots=True)
class ItemRef(Value):
    """An item as other pages cite it: its number in its list on the area page and its URL."""

    area: Area
    item: Item
    kind: str
    follow_up: bool
    number: int
    anchor: str
    url: str

    @property
    def shows_basis(self) -> bool:
        """Return True when the item must say where its wording comes from (see RECOMMENDATION_BASES)."""
        item = self.item
        return isinstance(item, Recommendation) and (item.basis in ("statement", "action-plan") or item.note is not None)

    @property
    def label(self) -> str:
        """Return how the area page lists the item: 'Concern 3', 'Follow-up recommendation 1'."""
        noun = NOUNS[self.kind][0]
        return f"Follow-up {noun} {self.number}" if self.follow_up else f"{noun[0].upper()}{noun[1:]} {self.number}"


@dataclass(frozen=True, slots=True)
class ItemGroup(Value):
    """The items of one kind, from the review or its follow-up, in area-page order."""

    kind: str
    follow_up: bool
    refs: tuple[ItemRef, ...]

    @property
    def noun(self) -> str:
        """Return the noun for this many items: '1 concern', '2 follow-up recommendations'."""
        noun = NOUNS[self.kind][0 if len(self.refs) == 1 else 1]
        return f"follow-up {noun}" if self.follow_up else noun

    @property
    def heading(self) -> str:
        """Return the heading of this group's list: 'Concerns', 'Follow-up recommendations'."""
        noun = NOUNS[self.kind][1]
        return f"Follow-up {noun}" if self.follow_up else noun.capitalize()


@dataclass(frozen=True, slots=True)
class AreaItems(Value):
    """One area's items, optionally only those on one theme: an area page, a matrix cell, or
    an area's block on a theme page. `groups` holds the non-empty kinds in display order."""

    area: Area
    groups: tuple[ItemGroup, ...]
    by_theme: tuple[tuple[str, AreaItems], ...] = ()  # the same items split by theme (for a whole area)
    size: int = 0  # how many items in all
    facets: dict[str, str] | None = None  # digests of what other pages show of the area (see area_facets)

    @property
    def url(self) -> str:
        """Return the area page's URL."""
        return area_url(self.area.slug)

    @property
    def follow_up_url(self) -> str:
        return f"{area_url(self.area.slug)}#follow-up"

    def refs(self, kind: str, follow_up: bool = False) -> tuple[ItemRef, ...]:
        for group in self.groups:
            if group.kind == kind and group.follow_up == follow_up:
                return group.refs
        return ()

    def count(self, kind: str, follow_up: bool = False) -> int:
        return len(self.refs(kind, follow_up))

    @property
    def follow_up_groups(self) -> tuple[ItemGroup, ...]:
        return tuple(group for group in self.groups if group.follow_up)

    @property
    def follow_up_count(self) -> int:
        return sum(len(group.refs) for group in self.follow_up_groups)


@dataclass(frozen=True, slots=True)
class ThemeSummary:
    """Everything the site holds on one theme: by area, as matrix cells, and counted."""

    theme: Theme
    by_area: tuple[AreaItems, ...]
    cells: tuple[AreaItems | None, ...]
    counts: dict[str, tuple[int, int]]  # kind -> (items from the reviews themselves, areas with any)
    follow_ups: int

    @classmethod
    def of(cls, theme: Theme, ordered: tuple[AreaItems, ...], cells_by_area: dict[str, AreaItems]) -> ThemeSummary:
        """Gather one theme's cells, aligned with `ordered`, and count them once."""
        cells = tuple(cells_by_area.get(items.area.slug) for items in ordered)
        by_area = tuple(cell for cell in cells if cell is not None)
        items: dict[str, int] = dict.fromkeys(KINDS, 0)
        areas: dict[str, int] = dict.fromkeys(KINDS, 0)
        follow_ups = 0
        for cell in by_area:
            for group in cell.groups:
                if group.follow_up:
                    follow_ups += len(group.refs)
                else:
                    items[group.kind] += len(group.refs)
                    areas[group.kind] += 1
        return cls(theme, by_area, cells, {kind: (items[kind], areas[kind]) for kind in KINDS}, follow_ups)

    @property
    def url(self) -> str:
        return theme_url(self.theme.slug)

    @property
    def title(self) -> str:
        return self.theme.title

    def section_url(self, area_slug: str) -> str:
        """Return the URL of an area's section on this theme's page."""
        return f"{theme_url(self.theme.slug)}#{theme_area_anchor(area_slug)}"

    @property
    def area_count(self) -> int:
        return len(self.by_area)

    def count(self, kind: str) -> int:
        """Return how many items of `kind` (from the reviews themselves) are on this theme."""
        return self.counts[kind][0]

    def areas_with(self, kind: str) -> int:
        return self.counts[kind][1]


@dataclass(frozen=True, slots=True)
class Totals:
    """Site-wide figures for the home and about pages."""

    areas: int
    concerns: int
    strengths: int
    recommendations: int
    suggestions: int
    areas_with_recommendations: int
    distinct_sources: int
    follow_ups_reported: int
    follow_ups_without_findings: int

    @property
    def findings(self) -> int:
        return self.concerns + self.strengths


@dataclass(frozen=True, slots=True)
class Indexes:
    """Everything computed across areas, once per build. `ordered` lists areas in name order."""

    areas: dict[str, AreaItems]
    ordered: tuple[AreaItems, ...]
    themes: tuple[ThemeSummary, ...]
    themes_by_slug: dict[str, ThemeSummary]
    groups: tuple[tuple[ThemeGroup, tuple[ThemeSummary, ...]], ...]
    waves: tuple[tuple[Wave, tuple[AreaItems, ...]], ...]
    totals: Totals


def build_indexes(site: Site, numbered: dict[str, AreaItems] | None = None) -> Indexes:
    """Gather items by area, by theme and by (theme, area) once.

    `numbered` holds each area's numbered items when they are already known (see number_items).
    """
    areas = {area.slug: numbered[area.slug] if numbered else number_items(area) for area in site.areas}
    ordered = tuple(areas[area.slug] for area in site.areas)
    by_theme: dict[str, dict[str, AreaItems]] = defaultdict(dict)
    for items in ordered:
        for slug, cell in items.by_theme:
            by_theme[slug][items.area.slug] = cell
    themes = tuple(ThemeSummary.of(theme, ordered, by_theme.get(theme.slug, {})) for theme in site.themes)
    groups = tuple((group, tuple(s for s in themes if s.theme.group == group.slug)) for group in site.groups)
    by_wave: dict[str, list[AreaItems]] = defaultdict(list)
    for items in ordered:
        by_wave[items.area.wave].append(items)
    waves = tuple((wave, tuple(by_wave[wave.slug])) for wave in site.config.waves)
    return Indexes(areas, ordered, themes, {s.theme.slug: s for s in themes}, groups, waves, _totals(site, ordered))


def number_items(area: Area) -> AreaItems:
    """Return the area's items grouped by kind and numbered as the area page lists them, and
    split by theme (for theme pages and the matrix)."""
    refs = _numbered(area, area.findings + area.recommendations, follow_up=False)
    if area.follow_up is not None:
        refs += _numbered(area, area.follow_up.findings + area.follow_up.recommendations, follow_up=True)
    groups = _group(refs)
    tagged: dict[str, list[ItemRef]] = defaultdict(list)
    for group in groups:
        for ref in group.refs:
            for slug in ref.item.themes:
                tagged[slug].append(ref)
    cells = tuple((slug, AreaItems(area, _group(theme_refs), size=len(theme_refs))) for slug, theme_refs in sorted(tagged.items()))
    numbered = AreaItems(area, groups, cells, len(refs))
    return dataclasses.replace(numbered, facets=area_facets(numbered))


def area_facets(items: AreaItems) -> dict[str, str]:
    """Return digests of what pages other than the area's own show of it, so that a page that
    shows only some of them is not rebuilt when the rest of the area changes:

    `all`: everything (the data files); `listing`: name, dates, wave, scope, counts, sources and
    place on the map, on pages that list every area; `counts`: how many items of each kind it has
    on each theme, and its place on the map (the matrix, the theme list, the theme maps); `cell-<theme>`: its items on one theme, as that theme's page
    lists them.
    """
    area = items.area
    follow = area.follow_up.published if area.follow_up else None
    listing = (area.slug, area.name, area.wave, area.published, area.scope.counts, tuple((g.kind, g.follow_up, len(g.refs)) for g in items.groups),
               follow, tuple(sorted(source.url for source in area.sources)), area.tile)
    counts = (area.slug, area.name, tuple((theme, tuple((g.kind, g.follow_up, len(g.refs)) for g in cell.groups)) for theme, cell in items.by_theme),
              area.tile)
    facets = {"all": _digest(area), "listing": _digest(listing), "counts": _digest(counts)}
    for theme, cell in items.by_theme:
        shown = (area.slug, area.name, tuple((ref.anchor, ref.kind, ref.label, ref.item) for group in cell.groups for ref in group.refs))
        facets[f"cell-{theme}"] = _digest(shown)
    return facets


def _digest(value: object) -> str:
    return hashlib.blake2b(repr(value).encode("utf-8"), digest_size=16).hexdigest()


def _numbered(area: Area, items: tuple[Item, ...], follow_up: bool) -> list[ItemRef]:
    counters: dict[str, int] = defaultdict(int)
    refs = []
    for item in items:
        kind = kind_of(item)
        counters[kind] += 1
        anchor = recommendation_anchor(item.id) if isinstance(item, Recommendation) else finding_anchor(item.id)
        refs.append(ItemRef(area, item, kind, follow_up, counters[kind], anchor, f"{area_url(area.slug)}#{anchor}"))
    return refs


def _group(refs: Iterable[ItemRef]) -> tuple[ItemGroup, ...]:
    """Group refs by (follow-up, kind) in display order, keeping their order within each group."""
    buckets: dict[tuple[bool, str], list[ItemRef]] = defaultdict(list)
    for ref in refs:
        buckets[(ref.follow_up, ref.kind)].append(ref)
    return tuple(
        ItemGroup(kind, follow_up, tuple(buckets[(follow_up, kind)]))
        for follow_up in (False, True) for kind in KINDS if buckets.get((follow_up, kind))
    )


def _totals(site: Site, numbered: Iterable[AreaItems]) -> Totals:
    numbered = list(numbered)
    return Totals(
        areas=len(site.areas),
        concerns=sum(n.count("concern") for n in numbered),
        strengths=sum(n.count("strength") for n in numbered),
        recommendations=sum(n.count("recommendation") for n in numbered),
        suggestions=sum(n.count("suggestion") for n in numbered),
        areas_with_recommendations=sum(1 for n in numbered if n.count("recommendation")),
        distinct_sources=len({source.url for area in site.areas for source in area.sources}),
        follow_ups_reported=sum(1 for n in numbered if n.follow_up_count),
        follow_ups_without_findings=sum(1 for n in numbered if n.area.follow_up is not None and not n.follow_up_count),
    )
