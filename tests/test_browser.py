"""The built site in headless Chromium (the `browser` fixture is in conftest.py): phone widths, no JavaScript, print, CSP and axe-core."""

from __future__ import annotations

import functools
import http.server
import re
import threading
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}
LAPTOP = {"width": 1280, "height": 900}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


def serve_folder(folder: Path):
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="module")
def shipped_url(shipped_site):
    server, url = serve_folder(shipped_site.out_dir)
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=PHONE)
    yield context.new_page()
    context.close()


@pytest.fixture
def laptop(browser):
    context = browser.new_context(viewport=LAPTOP)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("path", ["/matrix/", "/matrix/by-wave/", "/matrix/concerns/by-frequency/"])
def test_the_whole_matrix_fits_a_laptop_screen(laptop, shipped_url, path):
    laptop.goto(shipped_url + path)
    table = laptop.locator("table.matrix").bounding_box()
    assert table["width"] <= LAPTOP["width"] and table["height"] <= LAPTOP["height"], table
    grid = laptop.locator(".matrix-grid")
    assert grid.evaluate("el => el.scrollWidth <= el.clientWidth && el.scrollHeight <= el.clientHeight"), "the grid should not scroll"
    assert laptop.locator("table.matrix thead th.area").count() == 23
    assert laptop.locator("table.matrix tbody th[scope=row]").count() == 20


def test_the_matrix_shows_one_area_at_a_time_on_a_phone(page, shipped_url):
    page.goto(f"{shipped_url}/matrix/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "the page itself scrolls sideways"
    assert page.locator(".matrix-grid").is_hidden()
    blocks = page.locator(".matrix-by-area section.by-area")
    assert blocks.count() == 23
    page.locator(".matrix-by-area ul a", has_text="Stoke-on-Trent").click()
    heading = page.locator("#by-area-stoke-on-trent .by-area-name")
    page.mouse.wheel(0, 300)
    assert heading.bounding_box()["y"] == pytest.approx(0, abs=2), "the area's name should stay at the top while its table scrolls by"


def test_every_matrix_cell_leads_to_exactly_the_items_it_counts(laptop, shipped_url):
    laptop.goto(f"{shipped_url}/matrix/")
    cells = laptop.eval_on_selector_all("table.matrix td a", "links => links.map(a => [a.href, a.textContent])")
    assert len(cells) > 150
    counted_on: dict[str, dict[str, int]] = {}
    for href, text in cells:
        page_url, slug = href.split("#")
        if page_url not in counted_on:
            laptop.goto(page_url)
            counted_on[page_url] = laptop.eval_on_selector_all("section.theme-area", "sections => Object.fromEntries(sections.map(s => [s.id, s.querySelectorAll('li.item').length]))")
        assert counted_on[page_url][slug] == _count_in_words(text), (href, text)


def _count_in_words(text: str) -> int:
    """Sum the counts a cell says in words: 'York, Workforce: 2 concerns, 1 strength' -> 3."""
    words = text.split(": ", 1)[1]
    return sum(int(part.split(" ")[0]) for part in words.split(", "))


def test_printing_the_matrix_gives_landscape_pages_with_headers_on_each(laptop, shipped_url):
    laptop.goto(f"{shipped_url}/matrix/")
    laptop.emulate_media(media="print")
    assert laptop.locator(".site-nav").is_hidden()
    assert laptop.locator(".matrix-grid").evaluate("el => getComputedStyle(el).overflow") == "visible"
    assert laptop.locator("table.matrix thead").evaluate("el => getComputedStyle(el).display") == "table-header-group"
    pdf = laptop.pdf(prefer_css_page_size=True, print_background=True)
    width, height = (float(v) for v in re.search(rb"/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf).groups())
    assert width > height, "the matrix should print on landscape pages"


def test_pages_fit_a_320_pixel_screen(browser, shipped_url):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    for path in ("/", "/areas/", "/areas/stoke-on-trent/", "/areas/bracknell-forest/", "/themes/", "/themes/workforce/", "/about/", "/matrix/",
                 "/compare/", "/compare/?areas=york&areas=stoke-on-trent&areas=leeds&areas=hampshire", "/compare/birmingham--wiltshire/",
                 "/accessibility/"):
        page.goto(shipped_url + path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path
    context.close()


def test_everything_works_without_javascript(browser, shipped_url):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{shipped_url}/matrix/")
    link = page.locator(".matrix-by-area td a").first
    href = link.get_attribute("href")
    link.click()
    page.wait_for_url(f"**/{href.split('/', 1)[1]}")
    anchor = href.split("#")[1]
    assert page.evaluate("location.hash") == f"#{anchor}"
    assert page.locator(f"[id='{anchor}']").is_visible()
    context.close()


class _RecordingHandler(_QuietHandler):
    """Remembers every request's path and status (favicon requests included, which pages never see)."""

    def send_response(self, code, message=None):
        self.server.answered.append((self.path, code))
        super().send_response(code, message)


def test_every_page_opens_without_errors_blocked_resources_or_missing_files(browser, shipped_site):
    handler = functools.partial(_RecordingHandler, directory=str(shipped_site.out_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.answered = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda message: problems.append(f"{page.url}: {message.type}: {message.text}") if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))
    page.on("response", lambda response: problems.append(f"{response.url}: {response.status}") if response.status >= 400 else None)
    pages = sorted(path.relative_to(shipped_site.out_dir).as_posix() for path in shipped_site.out_dir.rglob("*.html"))
    try:
        for path in pages:
            page.goto(f"{url}/{path.removesuffix('index.html')}", wait_until="load")
        page.goto(f"{url}/compare/?areas=york&areas=leeds")
        page.wait_for_selector("#compare-heading")
    finally:
        context.close()
        server.shutdown()
        server.server_close()
    assert len(pages) > 150
    assert problems == []
    assert [answer for answer in server.answered if answer[1] >= 400] == []


def test_skip_link_is_the_first_tab_stop_and_is_visible_when_focused(page, shipped_url):
    page.goto(f"{shipped_url}/areas/staffordshire/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    box = page.locator(".skip-link").bounding_box()
    assert box["x"] >= 0 and box["y"] >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("path", ["/", "/matrix/", "/matrix/concerns/by-wave/", "/areas/stoke-on-trent/", "/areas/bracknell-forest/", "/themes/",
                                  "/themes/workforce/", "/about/", "/compare/", "/compare/?areas=york&areas=stoke-on-trent&areas=hampshire",
                                  "/compare/birmingham--wiltshire/", "/accessibility/"])
def test_axe_finds_no_wcag_aa_violations(browser, shipped_url, path, width):
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(shipped_url + path)
    page.wait_for_load_state("networkidle")
    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}
    results = Axe().run(page, options=options)
    context.close()
    assert results.violations_count == 0, results.generate_report()


def test_moved_page_forwards_its_anchor(browser, site, tmp_path):
    site.build()
    site.path("content/areas/alpha.md").rename(site.path("content/areas/alpha-vale.md"))
    site.write("content/redirects.yaml", "- from: /areas/alpha/\n  to: /areas/alpha-vale/\n")
    site.build(update_ledger=True)
    server, url = serve_folder(site.out_dir)
    try:
        for javascript in (True, False):
            context = browser.new_context(java_script_enabled=javascript)
            page = context.new_page()
            page.goto(f"{url}/areas/alpha/#rec-joint-plan")
            page.wait_for_url("**/areas/alpha-vale/**")
            expected = "#rec-joint-plan" if javascript else ""
            assert page.evaluate("location.hash") == expected
            context.close()
    finally:
        server.shutdown()
        server.server_close()


def test_pages_already_read_stay_readable_offline(browser, shipped_url):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{shipped_url}/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()  # now controlled by the worker
    page.goto(f"{shipped_url}/areas/york/")
    context.set_offline(True)
    page.reload()
    assert page.locator("h1").inner_text() == "York"
    page.goto(f"{shipped_url}/matrix/")  # saved when the worker installed
    assert page.locator("h1").inner_text() == "Themes by area"
    page.goto(f"{shipped_url}/areas/leeds/")  # never opened
    assert page.locator("h1").inner_text() == "You are offline"
    context.set_offline(False)
    page.goto(f"{shipped_url}/areas/leeds/")
    assert page.locator("h1").inner_text() == "Leeds"
    context.close()



def test_a_comparison_chosen_through_the_form_shows_those_areas_and_its_address_reopens_it(laptop, shipped_url):
    laptop.goto(f"{shipped_url}/compare/")
    laptop.get_by_label("York").check()
    laptop.get_by_label("Leeds").check()
    laptop.get_by_label("Hampshire").check()
    laptop.get_by_role("button", name="Compare").click()
    heading = laptop.locator("#compare-heading")
    heading.wait_for()
    assert heading.inner_text() == "Hampshire, Leeds and York compared"
    address = laptop.url
    assert address.endswith("/compare/?areas=hampshire&areas=leeds&areas=york")
    columns = [th.inner_text() for th in laptop.locator(".compare-table thead th").all()]
    assert columns == ["Theme", "Hampshire", "Leeds", "York"]
    first = laptop.locator(".compare-theme .items a.permalink").first
    assert first.get_attribute("href").startswith(f"{shipped_url}/areas/hampshire/#")
    laptop.goto(address)
    laptop.locator("#compare-heading").wait_for()
    assert laptop.locator("#compare-heading").inner_text() == "Hampshire, Leeds and York compared"
    assert [box.get_attribute("value") for box in laptop.locator("input[name=areas]:checked").all()] == ["hampshire", "leeds", "york"]


def test_the_compare_form_asks_for_two_to_four_areas(laptop, shipped_url):
    laptop.goto(f"{shipped_url}/compare/")
    laptop.get_by_label("York").check()
    laptop.get_by_role("button", name="Compare").click()
    error = laptop.locator("#compare-error")
    assert error.is_visible() and error.inner_text() == "Choose between two and 4 areas to compare."
    assert "?" not in laptop.url


def test_without_javascript_the_compare_page_offers_the_static_comparisons(browser, shipped_url):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{shipped_url}/compare/")
    assert not page.locator("#compare-form").is_visible()
    link = page.locator("#static-comparisons ~ .comparison-list a[href*='--']").first
    assert link.is_visible()
    link.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().endswith(" compared")
    assert page.locator(".compare-table").is_visible()
    page.goto(f"{shipped_url}/compare/")
    assert page.get_by_role("link", name="the matrix").is_visible()
    context.close()


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP])
def test_a_linked_item_lands_with_its_section_heading_and_the_area_name_in_view(browser, shipped_url, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(f"{shipped_url}/areas/stoke-on-trent/#finding-avoidable-admissions")
    item = page.locator("#finding-avoidable-admissions").bounding_box()
    name = page.locator(".breadcrumbs [aria-current=page]")
    heading = page.locator("#concerns")
    assert name.inner_text() == "Stoke-on-Trent"
    for element in (name, heading):
        box = element.bounding_box()
        assert 0 <= box["y"] and box["y"] + box["height"] <= item["y"], element
    assert item["y"] < viewport["height"] / 2
    context.close()


@pytest.fixture(scope="module")
def portable_copy(shipped_site, tmp_path_factory):
    from reviewsite.pipeline import export_portable

    folder = tmp_path_factory.mktemp("portable") / "copy"
    export_portable(shipped_site.project, folder)
    return folder


def test_the_copy_opened_from_disk_reaches_every_kind_of_page_with_its_styles(browser, portable_copy):
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda message: problems.append(f"{page.url}: {message.text}") if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))
    home = (portable_copy / "index.html").as_uri()

    def follow(link, heading: str) -> None:
        link.click()
        page.wait_for_load_state()
        assert page.url.startswith("file://") and page.url.split("#")[0].endswith("/index.html"), page.url
        assert not page.title().startswith("Index of"), "a folder listing"
        assert page.locator("h1").inner_text() == heading
        # site.css draws the header's 4 px rule and the footer's panel
        assert page.locator(".site-header").evaluate("el => getComputedStyle(el).borderBottomWidth") == "4px"
        assert page.locator(".site-footer").evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(243, 242, 241)"

    page.goto(home)
    follow(page.locator(".cards a", has_text="See every area at once"), "Themes by area")
    follow(page.locator("table.matrix th a", has_text="Workforce").first, "Workforce")
    page.goto(home)
    follow(page.locator("#areas ~ * a", has_text="York").first, "York")
    follow(page.locator(".site-footer a", has_text="Accessibility statement"), "Accessibility statement")
    follow(page.locator(".site-title a"), "Local system reviews compared")
    page.goto((portable_copy / "compare/cumbria--birmingham/index.html").as_uri())  # forwards to the canonical pair
    page.wait_for_url("**/compare/birmingham--cumbria/index.html")
    page.goto((portable_copy / "compare/index.html").as_uri())
    assert "needs the site on a web server" in page.locator("#compare-result").inner_text()
    assert page.locator("#compare-form").is_hidden()
    context.close()
    assert problems == []
