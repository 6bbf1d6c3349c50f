"""Cross-area indexes, computed once in Python so templates only loop and print.

Every count the site shows comes from here: per area, per theme, per (theme, area) cell and for
the whole site. Cost is linear in the content plus one cell per (theme, area) for the matrix.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from reviewsite.model import Area, Finding, Item, Site, Theme, ThemeGroup
from reviewsite.urls import area_url, finding_anchor, recommendation_anchor

KIND_LABELS = {"concern": "Concern", "strength": "Strength", "recommendation": "Recommendation"}


@dataclass(frozen=True, slots=True)
class ItemRef:
    """A finding or recommendation as other pages cite it: numbered label and canonical URL."""

    area: Area
    item: Item
    kind: str
    number: int
    label: str
    anchor: str
    url: str


@dataclass(frozen=True, slots=True)
class AreaItems:
    """One area's items, optionally on one theme: a matrix cell or a group on a theme page."""

    area: Area
    recommendations: tuple[ItemRef, ...]
    concerns: tuple[ItemRef, ...]
    strengths: tuple[ItemRef, ...]
    follow_ups: tuple[ItemRef, ...]

    @property
    def total(self) -> int:
        return len(self.recommendations) + len(self.concerns) + len(self.strengths) + len(self.follow_ups)

    def groups(self) -> tuple[tuple[str, tuple[ItemRef, ...]], ...]:
        """Return (noun, refs) for each non-empty kind, follow-up kinds last: ('concern', (...))."""
        follow = [("follow-up " + kind, tuple(r for r in self.follow_ups if r.kind == kind)) for kind in ("recommendation", "concern", "strength")]
        found = [("recommendation", self.recommendations), ("concern", self.concerns), ("strength", self.strengths), *follow]
        return tuple((noun, refs) for noun, refs in found if refs)


@dataclass(frozen=True, slots=True)
class ThemeSummary:
    """Everything the site holds on one theme, grouped by area, with its counts."""

    theme: Theme
    by_area: tuple[AreaItems, ...]
    cells: tuple[AreaItems | None, ...]
    recommendations: int
    concerns: int
    strengths: int
    follow_ups: int
    areas_with_recommendations: int
    areas_with_concerns: int
    areas_with_strengths: int

    @property
    def area_count(self) -> int:
        return len(self.by_area)

    @property
    def total(self) -> int:
        return self.recommendations + self.concerns + self.strengths + self.follow_ups


@dataclass(frozen=True, slots=True)
class Totals:
    """Site-wide figures for the home and about pages."""

    areas: int
    findings: int
    concerns: int
    strengths: int
    recommendations: int
    sources: int
    follow_ups: int
    follow_up_items: int
    areas_with_recommendations: int
    areas_with_findings: int


@dataclass(frozen=True, slots=True)
class Indexes:
    areas: dict[str, AreaItems]
    themes: tuple[ThemeSummary, ...]
    groups: tuple[tuple[ThemeGroup, tuple[ThemeSummary, ...]], ...]
    by_theme: dict[str, ThemeSummary]
    waves: tuple[tuple[str, tuple[Area, ...]], ...]
    totals: Totals


def build_indexes(site: Site) -> Indexes:
    """Number every item, then gather items by area, by theme and by (theme, area) once."""
    areas = {area.slug: number_items(area) for area in site.areas}
    tagged = _items_by_theme(areas.values())
    themes = tuple(_summarise_theme(theme, site.areas, tagged.get(theme.slug, {})) for theme in site.themes)
    by_theme = {summary.theme.slug: summary for summary in themes}
    groups = tuple((group, tuple(s for s in themes if s.theme.group == group.slug)) for group in site.groups)
    waves = tuple((wave.slug, tuple(a for a in site.areas if a.wave == wave.slug)) for wave in site.config.waves)
    return Indexes(areas, themes, groups, by_theme, waves, _totals(site, areas.values()))


def number_items(area: Area) -> AreaItems:
    """Return the area's items with page labels: 'Concern 2' is the second concern listed."""
    def refs(items: tuple[Item, ...], kind_of, prefix: str = "") -> tuple[ItemRef, ...]:
        counters: dict[str, int] = defaultdict(int)
        result = []
        for item in items:
            kind = kind_of(item)
            counters[kind] += 1
            label = f"{prefix}{KIND_LABELS[kind].lower() if prefix else KIND_LABELS[kind]} {counters[kind]}"
            anchor = finding_anchor(item.id) if isinstance(item, Finding) else recommendation_anchor(item.id)
            result.append(ItemRef(area, item, kind, counters[kind], label, anchor, f"{area_url(area.slug)}#{anchor}"))
        return tuple(result)

    def kind_of(item: Item) -> str:
        return item.kind if isinstance(item, Finding) else "recommendation"

    follow_ups: tuple[ItemRef, ...] = ()
    if area.follow_up is not None:
        follow_ups = refs(area.follow_up.findings + area.follow_up.recommendations, kind_of, prefix="Follow-up ")
    findings = refs(area.findings, kind_of)
    return AreaItems(
        area=area,
        recommendations=refs(area.recommendations, kind_of),
        concerns=tuple(r for r in findings if r.kind == "concern"),
        strengths=tuple(r for r in findings if r.kind == "strength"),
        follow_ups=follow_ups,
    )


def _items_by_theme(areas) -> dict[str, dict[str, list[ItemRef]]]:
    """Map theme slug -> area slug -> that area's item refs tagged with the theme."""
    index: dict[str, dict[str, list[ItemRef]]] = defaultdict(lambda: defaultdict(list))
    for numbered in areas:
        for ref in numbered.recommendations + numbered.concerns + numbered.strengths + numbered.follow_ups:
            for slug in ref.item.themes:
                index[slug][ref.area.slug].append(ref)
    return index


def _summarise_theme(theme: Theme, areas: tuple[Area, ...], refs_by_area: dict[str, list[ItemRef]]) -> ThemeSummary:
    cells: list[AreaItems | None] = []
    for area in areas:
        refs = refs_by_area.get(area.slug, ())
        cells.append(_cell(area, refs) if refs else None)
    present = [cell for cell in cells if cell is not None]
    return ThemeSummary(
        theme=theme,
        by_area=tuple(present),
        cells=tuple(cells),
        recommendations=sum(len(c.recommendations) for c in present),
        concerns=sum(len(c.concerns) for c in present),
        strengths=sum(len(c.strengths) for c in present),
        follow_ups=sum(len(c.follow_ups) for c in present),
        areas_with_recommendations=sum(1 for c in present if c.recommendations),
        areas_with_concerns=sum(1 for c in present if c.concerns),
        areas_with_strengths=sum(1 for c in present if c.strengths),
    )


def _cell(area: Area, refs) -> AreaItems:
    original = [ref for ref in refs if not ref.item.follow_up]
    return AreaItems(
        area=area,
        recommendations=tuple(r for r in original if r.kind == "recommendation"),
        concerns=tuple(r for r in original if r.kind == "concern"),
        strengths=tuple(r for r in original if r.kind == "strength"),
        follow_ups=tuple(ref for ref in refs if ref.item.follow_up),
    )


def _totals(site: Site, numbered) -> Totals:
    numbered = list(numbered)
    return Totals(
        areas=len(site.areas),
        findings=sum(len(a.findings) for a in site.areas),
        concerns=sum(len(n.concerns) for n in numbered),
        strengths=sum(len(n.strengths) for n in numbered),
        recommendations=sum(len(a.recommendations) for a in site.areas),
        sources=sum(len(a.sources) for a in site.areas),
        follow_ups=sum(1 for a in site.areas if a.follow_up is not None),
        follow_up_items=sum(len(n.follow_ups) for n in numbered),
        areas_with_recommendations=sum(1 for a in site.areas if a.recommendations),
        areas_with_findings=sum(1 for a in site.areas if a.findings),
    )
