"""The pictures on the shipped site's pages: every one is named, and the numbers in its table
are the content's own, counted here again from the model without the figure code."""

from __future__ import annotations

from collections import Counter
from pathlib import PurePosixPath

import pytest
from bs4 import BeautifulSoup
from conftest import REPO, make_project

from reviewsite.indexes import kind_of
from reviewsite.pipeline import render_project
from reviewsite.render import long_date

KIND_COLUMNS = (("concern", "Concerns"), ("strength", "Strengths"), ("recommendation", "Recommendations"))


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    return render_project(make_project(tmp_path_factory.mktemp("figures") / "project", REPO / "content").project)


def page(shipped, url: str) -> BeautifulSoup:
    return BeautifulSoup(shipped.files[PurePosixPath(url.strip("/")) / "index.html" if url != "/" else PurePosixPath("index.html")], "html.parser")


def figure_table(soup: BeautifulSoup, chart_class: str) -> tuple[list[str], list[list[str]]]:
    svg = soup.select_one(f"svg.{chart_class}")
    assert svg is not None, chart_class
    figure = svg.find_parent("figure")
    columns = [th.get_text(strip=True) for th in figure.select("thead th")]
    rows = [[cell.get_text(" ", strip=True) for cell in tr.find_all(["th", "td"])] for tr in figure.select("tbody tr")]
    return columns, rows


def test_every_picture_has_an_accessible_name_a_description_and_a_table(shipped):
    pictures = 0
    for path, data in shipped.files.items():
        if path.suffix != ".html":
            continue
        soup = BeautifulSoup(data, "html.parser")
        for svg in soup.select("svg.chart"):
            pictures += 1
            assert svg.get("role") in {"img", "graphics-document"}, path
            title = svg.find(id=svg["aria-labelledby"])
            desc = svg.find(id=svg["aria-describedby"])
            assert title is not None and title.name == "title" and title.get_text(strip=True), path
            assert desc is not None and desc.name == "desc" and desc.get_text(strip=True), path
            table = svg.find_parent("figure").find("table")
            assert table is not None and table.caption.get_text(strip=True), path
            assert all(th.get("scope") == "col" for th in table.select("thead th")), path
    profiles = sum(1 for area in shipped.site.areas if area.items())
    assert pictures == 1 + 2 + len(shipped.site.themes) + profiles  # the themes' bars, home's map and timeline, a map per theme, a profile per area


def test_the_themes_bars_count_the_areas_with_anything_on_each_theme(shipped):
    site = shipped.site
    raised = Counter(theme for area in site.areas for theme in {t for item in area.items() for t in item.themes})
    titles = {theme.slug: theme.title for theme in site.themes}
    _, rows = figure_table(page(shipped, "/themes/"), "chart--bars")
    assert {title: int(count) for title, count in rows} == {titles[slug]: raised.get(slug, 0) for slug in titles}
    counts = [int(count) for _, count in rows]
    assert counts == sorted(counts, reverse=True)


def test_the_home_map_has_a_tile_for_each_area_that_has_one_with_its_wave(shipped):
    site = shipped.site
    waves = {wave.slug: wave.title for wave in site.config.waves}
    _, rows = figure_table(page(shipped, "/"), "chart--tile-map")
    mapped = [area for area in site.areas if area.tile is not None]
    assert len(mapped) == len(site.areas) == 23
    assert [row[0] for row in rows] == [area.name for area in mapped]
    for row, area in zip(rows, mapped, strict=True):
        assert row[1].startswith(waves[area.wave])
    svg = page(shipped, "/").select_one("svg.chart--tile-map")
    labels = [text.get_text() for text in svg.select("text.tile-label")]
    assert sorted(labels) == sorted(area.tile.label for area in mapped)


def test_each_theme_map_says_which_areas_raised_the_theme(shipped):
    site = shipped.site
    for theme in site.themes:
        _, rows = figure_table(page(shipped, f"/themes/{theme.slug}/"), "chart--tile-map")
        by_name = {row[0]: row for row in rows}
        for area in site.areas:
            on_theme = [item for item in area.items() if theme.slug in item.themes]
            details = by_name[area.name][2]
            if not area.items():
                assert details == "no findings recorded at all"
            elif not on_theme:
                assert details == "nothing on this theme"
            else:
                assert details != "nothing on this theme" and details != "no findings recorded at all", (theme.slug, area.slug)


def test_each_area_profile_counts_its_items_by_theme_and_kind(shipped):
    site = shipped.site
    titles = {theme.slug: theme.title for theme in site.themes}
    for area in site.areas:
        soup = page(shipped, f"/areas/{area.slug}/")
        if not area.items():
            assert soup.select_one("svg.chart--profile") is None
            continue
        columns, rows = figure_table(soup, "chart--profile")
        own = area.findings + area.recommendations  # the review's own items: a follow-up's are not counted, and the note says so
        expected = Counter((theme, kind_of(item)) for item in own for theme in item.themes)
        if area.follow_up is not None:
            assert "follow-up review's findings and recommendations are not counted" in soup.select_one("svg.chart--profile").find_parent("figure").figcaption.get_text()
        shown = {row[0]: row for row in rows}
        for slug, title in titles.items():
            if not any(expected[(slug, kind)] for kind, _ in KIND_COLUMNS):
                continue
            row = shown[title]
            for kind, heading in KIND_COLUMNS:
                assert int(row[columns.index(heading)]) == expected[(slug, kind)], (area.slug, slug, kind)


def test_the_timeline_lists_every_publication_with_its_date_and_never_invents_one(shipped):
    site = shipped.site
    soup = page(shipped, "/")
    _, rows = figure_table(soup, "chart--timeline")
    caption = soup.select_one("svg.chart--timeline").find_parent("figure").figcaption.get_text(" ", strip=True)
    shown = {(name, kind): when for name, kind, when in rows}
    publications = [(area.name, "Review", area.published) for area in site.areas]
    publications += [(f"{area.name} follow-up", "Follow-up", area.follow_up.published) for area in site.areas if area.follow_up is not None]
    for name, kind, published in publications:
        if published.date is not None:
            assert shown[(name, kind)] == long_date(published.date), name
        elif published.earliest is not None and published.latest is not None:
            assert shown[(name, kind)] == f"Not confirmed: between {long_date(published.earliest)} and {long_date(published.latest)}", name
        else:  # no range to draw: listed in words, never drawn as a point
            assert (name, kind) not in shown, name
            assert f"{name} (date not confirmed" in caption, name
    assert len(rows) == len(shown)
