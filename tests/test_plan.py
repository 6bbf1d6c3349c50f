"""The page plan tells the truth: every id a page has and every link it makes is in the plan.

The link check trusts the plan instead of parsing pages, so these tests parse every page of two
real sites and compare.
"""

from collections import Counter

import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURE, REPO, make_project

from reviewsite.markdown import link_scheme
from reviewsite.pipeline import render_project
from reviewsite.urls import resolve_href


@pytest.fixture(scope="module", params=["fixture", "shipped"])
def rendered(request, tmp_path_factory):
    content = FIXTURE / "content" if request.param == "fixture" else REPO / "content"
    project = make_project(tmp_path_factory.mktemp(request.param) / "project", content)
    return render_project(project.project)


def page_links(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    found = [tag.get("href") for tag in soup.find_all(["a", "link", "area"]) if tag.get("rel") != ["canonical"]]
    found += [tag.get("src") for tag in soup.find_all(["script", "img"])]
    return [href for href in found if href and link_scheme(href) is None and not href.startswith("//")]


def test_every_page_defines_exactly_the_ids_the_plan_declares(rendered):
    for output in rendered.plan.outputs:
        if output.path.suffix != ".html":
            continue
        soup = BeautifulSoup(rendered.files[output.path].decode(), "html.parser")
        # Ids inside a chart name its own parts (its title, its textures), not places to link to.
        actual = Counter(tag["id"] for tag in soup.find_all(id=True) if tag.name != "svg" and tag.find_parent("svg") is None)
        assert actual == Counter(output.anchors), output.url
        every = [tag["id"] for tag in soup.find_all(id=True)]
        assert len(every) == len(set(every)), output.url


def test_every_internal_link_on_a_page_was_recorded_for_the_link_check(rendered):
    for output in rendered.plan.outputs:
        if output.path.suffix != ".html":
            continue
        recorded = rendered.linked[output.url] | {resolve_href(output.path, href) for href in output.template_links}
        for href in page_links(rendered.files[output.path].decode()):
            assert resolve_href(output.path, href) in recorded, (output.url, href)


def test_the_plan_lists_every_file_once(rendered):
    paths = [output.path for output in rendered.plan.outputs]
    assert len(paths) == len(set(paths)) == len(rendered.files)


@pytest.fixture
def split_site(tmp_path, monkeypatch):
    """The fixture with limits so low that the matrix, the theme pages and the lists split."""
    import reviewsite.figures
    import reviewsite.plan

    monkeypatch.setattr(reviewsite.plan, "MAX_MATRIX_COLUMNS", 1)
    monkeypatch.setattr(reviewsite.plan, "MAX_THEME_ITEMS", 1)
    monkeypatch.setattr(reviewsite.plan, "MAX_TABLE_ROWS", 1)
    monkeypatch.setattr(reviewsite.figures, "MAX_DRAWN_AREAS", 1)
    project = make_project(tmp_path / "project")
    return project, render_project(project.project)


def test_a_large_site_splits_the_matrix_and_theme_pages_by_initials(split_site):
    _, rendered = split_site
    urls = set(rendered.plan.by_url)
    assert {"matrix/", "matrix/areas-a/", "matrix/areas-b/", "themes/leadership/", "themes/leadership/areas-a/", "themes/leadership/areas-b/"} <= urls
    overview = BeautifulSoup(rendered.files[rendered.plan.by_url["themes/leadership/"].path].decode(), "html.parser")
    assert [a["href"] for a in overview.select("nav.parts a")] == ["areas-a/", "areas-b/"]
    part = BeautifulSoup(rendered.files[rendered.plan.by_url["themes/leadership/areas-b/"].path].decode(), "html.parser")
    assert [(section["id"], section.h2["id"]) for section in part.select("section.theme-area")] == [("beta", "area-beta")]
    assert part.select_one("nav.parts strong[aria-current=page]").get_text() == "B (1)"


def test_every_item_is_still_linked_from_the_split_theme_pages_and_every_cell_from_the_matrix(split_site):
    _, rendered = split_site
    items = {output.url + "#" + anchor for output in rendered.plan.outputs for anchor in output.cited}
    from_themes = set().union(*(rendered.linked[url] for url in rendered.linked if url.startswith("themes/")))
    assert items <= from_themes
    sections = {f"{output.url}#{anchor}" for output in rendered.plan.outputs if output.url.startswith("themes/") for anchor in output.anchors if anchor in ("alpha", "beta")}
    from_matrix = set().union(*(rendered.linked[url] for url in rendered.linked if url.startswith("matrix/")))
    assert sections and sections <= from_matrix


def test_parts_of_split_pages_are_not_recorded_in_the_ledger(split_site, tmp_path):
    project, rendered = split_site
    whole = render_project(make_project(tmp_path / "whole").project)
    assert rendered.plan.public_urls() == whole.plan.public_urls()


def test_a_large_site_lists_every_area_by_name_on_the_home_page(split_site):
    _, rendered = split_site
    home = BeautifulSoup(rendered.files[rendered.plan.by_url[""].path].decode(), "html.parser")
    assert home.find("table", class_="areas-table") is None
    assert [a["href"] for a in home.select("ul.area-names a")] == ["areas/alpha/", "areas/beta/"]


def test_split_pages_tell_the_truth_about_their_ids_and_links(split_site):
    _, rendered = split_site
    test_every_page_defines_exactly_the_ids_the_plan_declares(rendered)
    test_every_internal_link_on_a_page_was_recorded_for_the_link_check(rendered)


def test_a_large_site_leaves_out_the_pictures_of_every_area_at_once(split_site):
    _, rendered = split_site
    home = BeautifulSoup(rendered.files[rendered.plan.by_url[""].path].decode(), "html.parser")
    assert home.select("svg.chart") == [] and home.find(id="timeline-heading") is None
    theme = BeautifulSoup(rendered.files[rendered.plan.by_url["themes/leadership/"].path].decode(), "html.parser")
    assert theme.select("svg.chart--tile-map") == []


def test_a_large_sites_comparisons_keep_to_counts_that_lead_to_the_items(split_site):
    _, rendered = split_site
    pairs = [output for output in rendered.plan.outputs if output.template == "compare-pair.html"]
    assert pairs
    for output in pairs:
        page = BeautifulSoup(rendered.files[output.path].decode(), "html.parser")
        assert page.select("section.compare-theme") == [] and page.select("li.item") == []
        counted = page.select(".compare-table td a")
        assert counted
        for link in counted:
            target = resolve_href(output.path, link["href"])
            url, anchor = target.split("#")
            assert url.startswith("themes/") and anchor in rendered.plan.by_url[url].anchors
