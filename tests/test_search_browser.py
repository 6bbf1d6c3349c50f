"""The search page in headless Chromium, on the shipped site served over HTTP (Pagefind fetches its
index, so it needs a web server): results, filters, the address, no JavaScript, axe, the console."""

from __future__ import annotations

import re

import pytest
from conftest import make_project
from test_browser import LAPTOP, PHONE, serve_folder

from reviewsite.indexes import build_indexes
from reviewsite.pipeline import render_project
from reviewsite.search import search_records

pytestmark = pytest.mark.browser

AXE_TAGS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}


@pytest.fixture(scope="module")
def shipped(shipped_site):
    server, url = serve_folder(shipped_site.out_dir)
    yield shipped_site, url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def records(shipped):
    site = render_project(shipped[0].project).site
    return search_records(site, build_indexes(site))[0]


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport=PHONE)
    problems: list[str] = []
    context.problems = problems

    def on_console(message):
        # The site has no favicon (browsers ask for one anyway); anything else is a problem.
        if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
            problems.append(message.text)

    context.on("console", on_console)
    context.on("weberror", lambda error: problems.append(str(error.error)))
    yield context
    context.close()


def search(page, base: str, query: str = "") -> str:
    """Open the search page (with `query`, e.g. 'q=staff') and return the status it settles on."""
    page.goto(f"{base}/search/{'?' + query if query else ''}")
    return settled(page)


def settled(page) -> str:
    """Wait for the search to finish (the page's policy rules out wait_for_function, which evaluates strings)."""
    from playwright.sync_api import expect

    status = page.locator("#search-status")
    expect(status).to_have_text(re.compile(r"^(No results|\d+ results?)"))
    return status.inner_text()


def count(status: str) -> int:
    match = re.match(r"(\d+) results?|No results", status)
    assert match, status
    return int(match.group(1) or 0)


def unique_word(records) -> tuple[str, str]:
    """Return a word of one recommendation that no other record holds (nor any word sharing its
    stem), and that recommendation's URL."""
    texts = [record.content.lower() for record in records]
    for record in records:
        if dict(record.filters).get("kind") != ("recommendation",):
            continue
        for word in sorted(set(re.findall(r"[a-z]{9,}", record.content.lower()))):
            if sum(word[:-3] in text for text in texts) == 1:
                return word, record.url
    raise AssertionError("no recommendation has a word of its own")


def test_a_word_from_one_recommendation_finds_it_and_its_link_lands_on_its_anchor(context, shipped, records):
    _, base = shipped
    word, url = unique_word(records)
    page = context.new_page()
    status = search(page, base, f"q={word}")
    assert count(status) == 1, status
    result = page.locator("#search-results li").first
    assert "Recommendation ·" in result.locator(".search-about").inner_text()
    assert result.locator("mark").first.inner_text().lower().startswith(word[:-3])
    link = result.locator("h2 a")
    assert link.get_attribute("href") == base + url
    link.click()
    page.wait_for_url(f"**{url}")
    anchor = url.split("#")[1]
    assert page.evaluate("location.hash") == f"#{anchor}"
    assert page.locator(f"[id='{anchor}']").is_visible()
    assert page.evaluate("document.querySelector(':target').id") == anchor
    assert context.problems == []


def test_a_theme_filter_narrows_the_results_and_the_address_keeps_the_search(context, shipped):
    _, base = shipped
    page = context.new_page()
    everything = count(search(page, base, "q=staff"))
    page.select_option("#search-theme", "workforce")
    page.locator("#search-form button[type=submit]").click()
    status = settled(page)
    narrowed = count(status)
    assert 0 < narrowed < everything
    assert "Theme: Workforce" in status
    shown = page.locator("#search-results li").all_inner_texts()
    assert shown and all("Workforce" in result for result in shown)
    assert page.url == f"{base}/search/?q=staff&theme=workforce"
    page.go_back()  # the unfiltered search, as it was
    assert count(settled(page)) == everything and page.locator("#search-theme").input_value() == ""
    assert context.problems == []


def test_the_query_in_the_address_reopens_the_search(context, shipped):
    _, base = shipped
    page = context.new_page()
    status = search(page, base, "q=staff&theme=workforce&kind=strength")
    assert page.locator("#search-q").input_value() == "staff"
    assert page.locator("#search-theme").input_value() == "workforce"
    assert page.locator("#search-kind").input_value() == "strength"
    assert count(status) > 0 and "Kind: Strengths" in status
    assert all(about.startswith("Strength ·") for about in page.locator("#search-results .search-about").all_inner_texts())
    assert page.title().startswith("“staff” · Search")
    assert context.problems == []


def test_a_search_from_the_box_in_the_header_lands_on_the_results(context, shipped):
    _, base = shipped
    page = context.new_page()
    page.goto(f"{base}/areas/york/")
    page.fill("#site-search-q", "discharge")
    page.press("#site-search-q", "Enter")
    page.wait_for_url(f"{base}/search/?q=discharge")
    assert count(settled(page)) > 10
    assert page.locator("#search-results li").count() == 10
    page.locator("#search-more").click()  # the next results, with focus on the first of them
    page.locator("#search-results li").nth(10).wait_for()
    assert page.evaluate("document.activeElement === document.querySelectorAll('#search-results li')[10].querySelector('a')")
    assert context.problems == []


def test_without_javascript_the_search_page_offers_the_areas_the_themes_and_the_matrix(browser, shipped):
    _, base = shipped
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base}/areas/york/")
    page.fill("#site-search-q", "discharge")
    page.press("#site-search-q", "Enter")  # a plain form: it still lands on the search page
    page.wait_for_url(f"{base}/search/?q=discharge")
    fallback = page.locator("#search-fallback")
    assert fallback.is_visible() and "Search needs JavaScript" in fallback.inner_text()
    assert page.locator("#search-form").is_hidden()
    links = fallback.locator("a")
    assert links.all_inner_texts() == ["Areas A to Z", "Themes", "The matrix"]
    links.nth(2).click()
    page.wait_for_url(f"{base}/matrix/")
    context.close()


def test_search_works_under_the_service_worker(context, shipped):
    _, base = shipped
    page = context.new_page()
    page.goto(f"{base}/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    assert count(search(page, base, "q=discharge")) > 10
    page.reload()  # now answered through the worker
    assert count(settled(page)) > 10
    assert page.evaluate("navigator.serviceWorker.controller !== null")
    assert context.problems == []


@pytest.mark.parametrize(("viewport", "scheme"), [(PHONE, "light"), (LAPTOP, "light"), (LAPTOP, "dark")], ids=["phone", "laptop", "laptop-dark"])
def test_axe_finds_no_violations_on_the_search_page_with_results(browser, shipped, viewport, scheme):
    from axe_playwright_python.sync_playwright import Axe

    _, base = shipped
    context = browser.new_context(viewport=viewport, color_scheme=scheme)
    page = context.new_page()
    search(page, base, "q=discharge&kind=concern")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], "the page scrolls sideways"
    results = Axe().run(page, options=AXE_TAGS)
    context.close()
    assert results.violations_count == 0, results.generate_report()


def test_result_text_is_shown_as_text_never_as_markup(browser, tmp_path):
    site = make_project(tmp_path / "project")
    site.edit("content/areas/beta.md", "text: Leaders related well to each other.", "text: 'Leaders <img src=x onerror=alert(1)> <b>bold</b> together'")
    site.build()
    server, base = serve_folder(site.out_dir)
    try:
        context = browser.new_context()
        page = context.new_page()
        assert count(search(page, base, "q=leaders&area=beta")) == 1
        excerpt = page.locator(".search-excerpt").first
        assert "<img src=x onerror=alert(1)> <b>bold</b>" in excerpt.inner_text()
        assert page.locator("#search-results img, #search-results b").count() == 0
        assert excerpt.locator("mark").inner_text() == "Leaders"
        context.close()
    finally:
        server.shutdown()
        server.server_close()


def test_opened_from_disk_the_search_page_says_it_needs_a_web_server_and_offers_the_lists(browser, shipped):
    site, _ = shipped
    context = browser.new_context()
    page = context.new_page()
    page.goto((site.out_dir / "search/index.html").as_uri())
    from playwright.sync_api import expect

    fallback = page.locator("#search-fallback")
    expect(fallback).to_contain_text("needs the site to be opened from a web server")
    assert page.locator("#search-form").is_hidden()
    assert fallback.locator("a").all_inner_texts() == ["Areas A to Z", "Themes", "The matrix"]
    context.close()
