"""Views: the plain values each template prints, built in Python from the site and its indexes.

Every URL a page links to comes from here (made by `urls`), with every label and count, so a
template only loops and prints. A view holds site URLs; the page's `Linker` makes them relative.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from reviewsite import figures
from reviewsite.cite import Citation, cite_data
from reviewsite.data import source_statement
from reviewsite.feed import feed_of
from reviewsite.tables import AREA_SHEET, TABLES
from reviewsite.indexes import AreaItems, Indexes, ThemeSummary
from reviewsite.model import RECOMMENDATION_BASES, SCOPE_COUNTS, SCOPE_NOUNS, Area, Forward, Page, RetiredPage, Site, Source
from reviewsite.urls import (ACCESSIBILITY_SLUG, DATA_PAGE_URL, DATAPACKAGE_URL, SCHEMA_URL, SQLITE_URL, area_citations_url, area_cite_url, area_data_url, area_sheet_url,
                             page_url, source_anchor, table_url, theme_url)


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


@dataclass(frozen=True, slots=True)
class LastChanged:
    """When a page's content last changed, and whose content that is: `of` is "area" (an area's
    page), "pair" (two areas compared), "page" (a prose page's own text) or "site" (the site's
    content as a whole). With `date` None the date is not known and the page says nothing."""

    date: datetime.date | None
    of: str

    @property
    def words(self) -> str:
        """Return the sentence's start, to be followed by the date."""
        return _CHANGED_WORDS[self.of]


_CHANGED_WORDS = {
    "area": "Content about this area last changed on",
    "pair": "Content about these two areas last changed on",
    "page": "This page last changed on",
    "site": "The site's content last changed on",
}


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
        "has_accessibility": any(page.slug == ACCESSIBILITY_SLUG for page in site.pages),
    }


def home_view(page: Page | None, site: Site, indexes: Indexes, compact: bool = False) -> dict:
    """`compact`: list the areas by name only (a site with very many areas)."""
    return {"page": page, "rows": indexes.ordered, "compact": compact, "map": figures.wave_map(site, indexes),
            "timeline": figures.timeline(site, indexes), "feed": feed_of(indexes)}


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


def area_view(items: AreaItems, moved: tuple[Forward, ...], aliases: dict[str, tuple[str, ...]], titles: Titles | None, neighbours: tuple = (),
              profile: figures.Figure | None = None, citation: Citation | None = None) -> dict:
    """An area's page; `neighbours` are its most similar areas (plan.SimilarArea), `profile` its
    chart of items by theme, `citation` the page's own citation."""
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
        "neighbours": neighbours,
        "profile": profile,
        "not_in_sources": not_in_sources(items),
        "citation": citation,
        "reuse": area_files(area.slug),
    }


@dataclass(frozen=True, slots=True)
class AreaFiles:
    """Where an area's citations and data are."""

    cite: str
    ris: str
    sheet: str
    json: str

    def cite_item(self, anchor: str) -> str:
        """Return the URL of an item's citation on the area's page of citations."""
        return f"{self.cite}#{anchor}"


def area_files(slug: str) -> AreaFiles:
    return AreaFiles(area_cite_url(slug), area_citations_url(slug), area_sheet_url(slug), area_data_url(slug))


def cite_page_view(items: AreaItems, citations: tuple[Citation, ...]) -> dict:
    """The page of citations for an area's page and each of its items, grouped as the area page groups them."""
    by_anchor = {citation.anchor: citation for citation in citations}
    groups = tuple((group, tuple((ref, by_anchor[ref.anchor]) for ref in group.refs)) for group in items.groups)
    return {"area": items.area, "items": items, "page_citation": citations[0], "groups": groups, "reuse": area_files(items.area.slug)}


@dataclass(frozen=True, slots=True)
class DataFile:
    """A file of the open data as the /data/ page lists it."""

    url: str
    name: str
    description: str


def data_page_view(site: Site, indexes: Indexes) -> dict:
    """The /data/ page: every file, every table's columns, the licence, how to cite, and how ids stay stable."""
    example = indexes.ordered[0].area.slug if indexes.ordered else None
    files = (
        DataFile("data/reviews.json", "reviews.json", "Everything: every area with its facts, sources, findings, recommendations, follow-up review and notes, "
                 "and the themes and waves, as one JSON document. Each item carries its stable address."),
        DataFile(SCHEMA_URL, "reviews.schema.json", "The JSON Schema (draft 2020-12) that reviews.json and each area's JSON file meet: every key, its type and meaning."),
        DataFile(DATAPACKAGE_URL, "datapackage.json", "A Frictionless Tabular Data Package describing the CSV files below: their columns and types, "
                 "primary and foreign keys, licence and sources. Tools such as frictionless, Open Data Editor or pandas can read the tables through it."),
        *(DataFile(table_url(table.name), table.path, f"One row per {table.row}.") for table in TABLES),
        DataFile(SQLITE_URL, "reviews.sqlite", "The same tables as one SQLite database, with their primary and foreign keys, a view 'items' of "
                 "findings and recommendations together, and a table 'about' with the licence, source and content date. Opens in Datasette, "
                 "DB Browser for SQLite or any SQLite tool."),
    )
    content_date = site.content_date()
    return {"files": files, "tables": TABLES, "sheet": AREA_SHEET, "table_urls": {table.name: table_url(table.name) for table in TABLES}, "example": area_files(example) if example else None,
            "example_name": indexes.ordered[0].area.name if example else None, "content_date": content_date,
            "statement": source_statement(site), "citation": cite_data(site.config, content_date, DATA_PAGE_URL)}


def not_in_sources(items: AreaItems) -> str:
    """Return, in one sentence, what the sources found do not say about an area's review (said
    once, near the top of its page, instead of under a row of empty headings)."""
    area = items.area
    missing = []
    if not items.count("concern") and not items.count("strength") and not items.count("recommendation"):
        missing.append("the review's findings and recommendations")
    elif not area.findings:
        missing.append("the review's findings")
    elif not items.count("recommendation"):
        missing.append("the review's recommendations")
    if not area.scope.counts:
        missing.append("how many providers, records or services the reviewers looked at")
    if not area.organisations:
        missing.append("which organisations took part")
    text = "; ".join(missing)
    return text[:1].upper() + text[1:]


def themes_view(indexes: Indexes) -> dict:
    return {"groups": indexes.groups, "bars": figures.theme_bars(indexes)}


def theme_view(summary: ThemeSummary, indexes: Indexes, cells: tuple[AreaItems, ...], parts: tuple = (), part=None) -> dict:
    """A theme's page: `cells` are the areas shown (all, one part's, or none on the overview of
    a split theme, which lists the parts and the areas with nothing on the theme)."""
    missing = () if part else tuple(items for items, cell in zip(indexes.ordered, summary.cells, strict=True) if cell is None)
    return {"summary": summary, "cells": cells, "missing": missing, "parts": parts, "part": part,
            "map": None if part else figures.theme_map(summary, indexes)}


def prose_page_view(page: Page, indexes: Indexes) -> dict:
    return {"page": page, "groups": indexes.groups, "waves": indexes.waves}


def redirect_view(retired: RetiredPage, titles: Titles) -> dict:
    return {"retired": retired, "describe": titles.describe, "forwards": tuple(f for f in retired.anchors if f.to)}

