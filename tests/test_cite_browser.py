"""Citations and the /data/ page in headless Chromium: copying, selecting without a script,
printing, accessibility and a clean console."""

from __future__ import annotations

import pytest
import test_browser
from test_browser import LAPTOP, PHONE

pytestmark = pytest.mark.browser
shipped_url = test_browser.shipped_url  # the fixture that serves the shipped site

def _is_problem(message) -> bool:
    """Console errors, except the browser's own request for /favicon.ico (the site has none yet);
    a file of the page's that fails to load is caught by the page's response event instead."""
    return message.type == "error" and not message.text.startswith("Failed to load resource")


AXE_TAGS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}


@pytest.fixture
def clipboard_page(browser, shipped_url):
    context = browser.new_context(viewport=LAPTOP)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=shipped_url)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if _is_problem(message) else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("response", lambda response: errors.append(f"{response.status} {response.url}") if response.status >= 400 else None)
    page.console_errors = errors
    yield page
    context.close()


def test_copy_button_puts_the_citation_on_the_clipboard(clipboard_page, shipped_url):
    page = clipboard_page
    page.goto(f"{shipped_url}/areas/stoke-on-trent/cite/#finding-no-shared-vision")
    entry = page.locator("[id='finding-no-shared-vision']")
    expected = entry.locator(".citation").inner_text().strip()
    assert expected.startswith("Local system reviews compared (")
    assert f"Available at: {shipped_url}/areas/stoke-on-trent/#finding-no-shared-vision." in expected, "the script makes the address absolute"
    entry.get_by_role("button", name="Copy citation").click()
    page.wait_for_function("document.querySelector('[role=status]').textContent === 'Copied'")
    assert page.evaluate("navigator.clipboard.readText()") == expected
    assert entry.locator(".copy-button").inner_text() == "Copied"
    assert page.console_errors == []


def test_the_area_pages_own_citation_can_be_copied(clipboard_page, shipped_url):
    page = clipboard_page
    page.goto(f"{shipped_url}/areas/york/")
    section = page.locator("section.cite-section")
    section.get_by_role("button", name="Copy citation").click()
    page.wait_for_function("document.querySelector('[role=status]').textContent === 'Copied'")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Local system reviews compared (") and "‘York: local system review’" in copied
    assert f"Available at: {shipped_url}/areas/york/." in copied
    assert page.console_errors == []


def test_without_javascript_a_citation_is_text_to_select_and_copy(browser, shipped_url):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{shipped_url}/areas/york/")
    page.locator("a.cite-link").first.click()
    page.wait_for_url("**/areas/york/cite/#*")
    anchor = page.evaluate("location.hash").lstrip("#")
    citation = page.locator(f"[id='{anchor}'] .citation")
    assert citation.is_visible()
    assert page.locator("button:not(form button)").count() == 0  # only the search form's own button
    citation.click()  # one click selects the whole reference (user-select: all)
    assert page.evaluate("window.getSelection().toString()").strip() == citation.inner_text().strip()
    assert "Available at: /areas/york/#" in citation.inner_text()
    context.close()


def test_printing_hides_the_buttons_and_cite_links(browser, shipped_url):
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    page.goto(f"{shipped_url}/areas/york/")
    page.wait_for_selector(".copy-button")
    page.emulate_media(media="print")
    assert page.locator(".copy-button").first.is_hidden()
    assert page.locator("a.cite-link").first.is_hidden()
    assert page.locator("section.cite-section .citation").is_visible()
    context.close()


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("path", ["/data/", "/areas/stoke-on-trent/", "/areas/stoke-on-trent/cite/"])
def test_axe_finds_no_violations_and_the_console_stays_clean(browser, shipped_url, path, width):
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type in ("error", "warning") else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(shipped_url + path)
    page.wait_for_load_state("networkidle")
    if path == "/areas/stoke-on-trent/":  # with a citation open in place
        page.locator("a.cite-link").first.click()
        page.locator(".cite-panel .citation").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "the page scrolls sideways"
    results = Axe().run(page, options=AXE_TAGS)
    context.close()
    assert results.violations_count == 0, results.generate_report()
    assert errors == []


def test_cite_opens_the_items_citation_in_place_and_closes_it_again(clipboard_page, shipped_url):
    page = clipboard_page
    page.goto(f"{shipped_url}/areas/stoke-on-trent/")
    item = page.locator("[id='finding-no-shared-vision']")
    link = item.locator("a.cite-link")
    assert link.get_attribute("aria-expanded") == "false"
    link.click()
    citation = item.locator(".cite-panel .citation")
    citation.wait_for()
    assert page.url == f"{shipped_url}/areas/stoke-on-trent/", "the reader stays on the page"
    assert link.get_attribute("aria-expanded") == "true"
    text = citation.inner_text().strip()
    assert text.startswith("Local system reviews compared (") and "‘Stoke-on-Trent, concern: " in text
    assert f"Available at: {shipped_url}/areas/stoke-on-trent/#finding-no-shared-vision." in text
    item.get_by_role("button", name="Copy citation").click()
    page.wait_for_function("document.querySelector('[role=status]').textContent === 'Copied'")
    assert page.evaluate("navigator.clipboard.readText()") == text
    link.click()
    assert item.locator(".cite-panel").count() == 0 and link.get_attribute("aria-expanded") == "false"
    assert page.console_errors == []
