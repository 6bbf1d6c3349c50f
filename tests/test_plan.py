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
        actual = Counter(tag["id"] for tag in soup.find_all(id=True))
        assert actual == Counter(output.anchors), output.url


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
