"""Golden pages: the exact HTML of a few fixture pages. Refresh with `pytest --update-golden`."""

import difflib
from pathlib import Path

import pytest

GOLDEN = Path(__file__).resolve().parent / "golden"
PAGES = {
    "area-alpha.html": "areas/alpha/index.html",
    "matrix.html": "matrix/index.html",
    "theme-leadership.html": "themes/leadership/index.html",
}


@pytest.mark.parametrize("golden, page", PAGES.items(), ids=list(PAGES))
def test_page_matches_golden(built_once, request, golden, page):
    actual = built_once.html(page)
    expected_path = GOLDEN / golden
    if request.config.getoption("--update-golden"):
        expected_path.write_text(actual, encoding="utf-8")
        pytest.skip(f"rewrote {expected_path.name}")
    expected = expected_path.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), f"golden/{golden}", page))
        pytest.fail(f"{page} differs from golden/{golden} (run pytest --update-golden if the change is intended):\n{diff}")
