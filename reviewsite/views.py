"""Views: the plain values each template prints, built in Python from the site and its indexes.

Every URL a page links to comes from here (made by `urls`), with every label and count, so a
template only loops and prints. A view holds site URLs; the page's `Linker` makes them relative.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from reviewsite import figures
from reviewsite.feed import feed_of
from reviewsite.indexes import AreaItems, Indexes, ThemeSummary
from reviewsite.model import RECOMMENDATION_BASES, SCOPE_COUNTS, SCOPE_NOUNS, Area, Forward, Page, RetiredPage, Site, Source
from reviewsite.urls import ACCESSIBILITY_SLUG, page_url, source_anchor, theme_url


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
              profile: figures.Figure | None = None) -> dict:
    """An area's page; `neighbours` are its most similar areas (plan.SimilarArea), `profile` its
    chart of items by theme."""
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
    }


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

