"""Views: the plain values each template prints, built in Python from the site and its indexes.

Every URL a page links to comes from here (made by `urls`), with every label and count, so a
template only loops and prints. A view holds site URLs; the page's `Linker` makes them relative.
"""

from __future__ import annotations

from dataclasses import dataclass

from reviewsite.indexes import AreaItems, Indexes, ThemeSummary
from reviewsite.model import RECOMMENDATION_BASES, SCOPE_COUNTS, SCOPE_NOUNS, Area, Forward, Page, RetiredPage, Site, Source
from reviewsite.urls import page_url, source_anchor, theme_url


@dataclass(frozen=True, slots=True)
class Titles:
    """Names every page and item URL in words, for pages that point readers elsewhere."""

    by_url: dict[str, str]

    def describe(self, url: str) -> str:
        """Return words for a site URL: 'Recommendation 3 on the York page', 'the matrix'."""
        if url in self.by_url:
            return self.by_url[url]
        page, _, anchor = url.partition("#")
        where = self.by_url.get(page, f"/{page}")
        return f"the section #{anchor} of {where}" if anchor else where


def page_titles(site: Site, indexes: Indexes, urls: list[str]) -> Titles:
    """Return the words for the given URLs (and the pages they are on)."""
    wanted = {url.partition("#")[0] for url in urls} | set(urls)
    titles = {"": "the home page", "areas/": "Areas A to Z", "matrix/": "Themes by area", "themes/": "Themes"}
    titles.update((theme_url(theme.slug), f"the {theme.title} theme") for theme in site.themes)
    titles.update((page_url(page.slug), page.title) for page in site.pages if page.slug != "home")
    for slug in {url.split("/")[1] for url in wanted if url.startswith("areas/") and url.count("/") >= 2}:
        items = indexes.areas.get(slug)
        if items is None:
            continue
        titles[items.url] = f"the {items.area.name} page"
        titles.update((ref.url, f"{ref.label} on the {items.area.name} page") for group in items.groups for ref in group.refs)
    return Titles(titles)


def common_values(site: Site, indexes: Indexes) -> dict:
    """Return what every template may print: site settings, theme names and labels."""
    return {
        "site": site.config,
        "themes_by_slug": indexes.themes_by_slug,
        "waves_by_slug": {wave.slug: wave for wave in site.config.waves},
        "totals": indexes.totals,
        "bases": RECOMMENDATION_BASES,
        "scope_labels": SCOPE_COUNTS,
        "scope_nouns": SCOPE_NOUNS,
        "has_about": any(page.slug == "about" for page in site.pages),
    }


def home_view(page: Page | None, indexes: Indexes, compact: bool = False) -> dict:
    """`compact`: list the areas by name only (a site with very many areas)."""
    return {"page": page, "rows": indexes.ordered, "compact": compact}


def areas_view(indexes: Indexes, compact: bool = False) -> dict:
    return {"rows": indexes.ordered, "compact": compact}


@dataclass(frozen=True, slots=True)
class SourceRef:
    """A source as an area page cites it: its number in the page's list of sources and its id."""

    number: int
    anchor: str
    source: Source


def source_refs(area: Area) -> tuple[SourceRef, ...]:
    return tuple(SourceRef(number, source_anchor(number), source) for number, source in enumerate(area.sources, start=1))


def area_view(items: AreaItems, moved: tuple[Forward, ...], aliases: dict[str, tuple[str, ...]], titles: Titles | None) -> dict:
    area = items.area
    refs = source_refs(area)
    return {
        "area": area,
        "items": items,
        "sources": {ref.source.url: ref for ref in refs},
        "source_list": refs,
        "moved": moved,
        "aliases": aliases,
        "describe": titles.describe if titles else str,
    }


@dataclass(frozen=True, slots=True)
class MatrixCell:
    """One (theme, area) cell: where its items are listed, its counts in short and in words,
    and how dark it is shaded (1 to 4, by how many items it holds)."""

    url: str
    short: str
    words: str
    shade: int


# Short labels for the counts in a matrix cell, in display order (the legend spells them out).
CELL_LABELS = (("concern", "C"), ("strength", "S"), ("recommendation", "R"), ("suggestion", "O"))


def matrix_cell(summary: ThemeSummary, cell: AreaItems, url: str) -> MatrixCell:
    """Return the cell for one area's items on one theme (`cell`), listed at `url`."""
    counts = {group.kind: len(group.refs) for group in cell.groups if not group.follow_up}
    follow_ups = sum(len(group.refs) for group in cell.groups if group.follow_up)
    short = [f"{counts[kind]}{label}" for kind, label in CELL_LABELS if kind in counts] + ([f"{follow_ups}F"] if follow_ups else [])
    words = ", ".join(f"{len(group.refs)} {group.noun}" for group in cell.groups)
    total = sum(counts.values()) + follow_ups
    return MatrixCell(url, " ".join(short), f"{cell.area.name}, {summary.theme.title}: {words}", min(4, 1 + (total > 1) + (total > 2) + (total > 4)))


def matrix_view(columns: tuple[AreaItems, ...], indexes: Indexes, sections: dict[str, dict[str, str]], parts: tuple = (), part=None) -> dict:
    """The matrix for `columns` (all areas, or one part of a split matrix; none on its overview).

    `sections` gives, per theme, the URL of each area's section on the theme's pages.
    """
    position = {items.area.slug: index for index, items in enumerate(indexes.ordered)}
    rows = tuple(
        (group, tuple((summary, tuple(_cell(summary, summary.cells[position[c.area.slug]], sections) for c in columns)) for summary in summaries))
        for group, summaries in indexes.groups
    )
    return {"columns": columns, "rows": rows, "parts": parts, "part": part, "area_total": len(indexes.ordered)}


def _cell(summary: ThemeSummary, cell: AreaItems | None, sections: dict[str, dict[str, str]]) -> MatrixCell | None:
    if cell is None:
        return None
    return matrix_cell(summary, cell, sections[summary.theme.slug][cell.area.slug])


def themes_view(indexes: Indexes) -> dict:
    return {"groups": indexes.groups}


def theme_view(summary: ThemeSummary, indexes: Indexes, cells: tuple[AreaItems, ...], parts: tuple = (), part=None) -> dict:
    """A theme's page: `cells` are the areas shown (all, one part's, or none on the overview of
    a split theme, which lists the parts and the areas with nothing on the theme)."""
    missing = () if part else tuple(items for items, cell in zip(indexes.ordered, summary.cells, strict=True) if cell is None)
    return {"summary": summary, "cells": cells, "missing": missing, "parts": parts, "part": part}


def prose_page_view(page: Page, indexes: Indexes) -> dict:
    return {"page": page, "groups": indexes.groups, "waves": indexes.waves}


def redirect_view(retired: RetiredPage, titles: Titles) -> dict:
    return {"retired": retired, "describe": titles.describe, "forwards": tuple(f for f in retired.anchors if f.to)}

