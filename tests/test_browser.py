"""The built site in headless Chromium (the `browser` fixture is in conftest.py): phone widths, no JavaScript, print, CSP and axe-core."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}


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
    page = context.new_page()
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None)
    page.csp_violations = violations
    yield page
    context.close()


def test_matrix_scrolls_inside_its_box_on_a_phone_with_headers_in_view(page, shipped_url):
    page.goto(f"{shipped_url}/matrix/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "the page itself scrolls sideways"
    box = page.locator(".matrix-scroll")
    assert box.evaluate("el => el.scrollWidth > el.clientWidth"), "the matrix should scroll within its box"
    box.evaluate("el => { el.scrollLeft = el.scrollWidth; el.scrollTop = 400; }")
    container = box.bounding_box()
    row_header = page.locator(".matrix tbody th[scope=row]").nth(3).bounding_box()
    column_header = page.locator(".matrix thead th").nth(5).bounding_box()
    assert abs(row_header["x"] - container["x"]) < 3, "theme names should stay in view while scrolling sideways"
    assert abs(column_header["y"] - container["y"]) < 3, "area names should stay in view while scrolling down"


def test_pages_fit_a_320_pixel_screen(browser, shipped_url):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    for path in ("/", "/areas/stoke-on-trent/", "/themes/workforce/", "/about/"):
        page.goto(shipped_url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path
    context.close()


def test_everything_works_without_javascript(browser, shipped_url):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{shipped_url}/matrix/")
    link = page.locator(".matrix td a").first
    href = link.get_attribute("href")
    link.click()
    page.wait_for_url(f"**/{href.split('/', 1)[1]}")
    anchor = href.split("#")[1]
    assert page.evaluate("location.hash") == f"#{anchor}"
    assert page.locator(f"[id='{anchor}']").is_visible()
    context.close()


def test_no_content_security_policy_violations(page, shipped_url):
    for path in ("/", "/matrix/", "/areas/oxfordshire/", "/themes/", "/themes/dementia/", "/about/", "/404.html"):
        page.goto(shipped_url + path)
    assert page.csp_violations == []


def test_print_shows_the_whole_matrix_without_navigation(page, shipped_url):
    page.goto(f"{shipped_url}/matrix/")
    page.emulate_media(media="print")
    assert page.locator(".site-nav").is_hidden()
    overflow = page.locator(".matrix-scroll").evaluate("el => getComputedStyle(el).overflow")
    assert overflow == "visible"


def test_skip_link_is_the_first_tab_stop_and_is_visible_when_focused(page, shipped_url):
    page.goto(f"{shipped_url}/areas/staffordshire/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    box = page.locator(".skip-link").bounding_box()
    assert box["x"] >= 0 and box["y"] >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


@pytest.mark.parametrize("path", ["/", "/matrix/", "/areas/stoke-on-trent/", "/areas/bracknell-forest/", "/themes/", "/themes/workforce/", "/about/"])
def test_axe_finds_no_wcag_aa_violations(page, shipped_url, path):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(shipped_url + path)
    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}
    results = Axe().run(page, options=options)
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

