"""Property: any front matter and Markdown either builds with no live markup or fails with
`path:line: message` errors, never a traceback."""

import re
import shutil

import pytest
import yaml
from conftest import make_project
from hostile import live_markup_problems
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from reviewsite.errors import BuildFailed
from reviewsite.pipeline import BuildOptions, render_project

ERROR_LINE = re.compile(r"[^\n:]+(:\d+)?: \S")
FRAGMENTS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)", "JaVaScRiPt:", "&#106;",
             "data:text/html,x", "[a](b)", "![i](https://x.org/i.png)", "<https://x.org>", "# ", "## ", "---", "- ", "* ",
             "> ", "`", "|a|b|\n|-|-|\n", "&amp;", "\u202e", "é", "Môn", "\t", "\r\n", "\x00", "{{ x }}", "{% if %}", ": ", " #", "'", '"']
TEXT = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=8).map("".join)
KEYS = ["name", "wave", "published", "date", "note", "source", "sources", "url", "title", "publisher", "findings",
        "recommendations", "id", "kind", "text", "themes", "scope", "care_homes", "follow_up", "notes", "basis", "unknown"]
SCALARS = st.one_of(TEXT, st.integers(-5, 10**6), st.booleans(), st.none(), st.dates().map(str),
                    st.sampled_from(["first", "second", "concern", "strength", "leadership", "https://example.org/beta-news", "not known", "2018-01-01"]))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(KEYS), inner, max_size=5)), max_leaves=25)
# Text the schema accepts (no control characters), still full of markup, entities and links.
SAFE_FRAGMENTS = [f for f in FRAGMENTS if not any(ord(c) < 32 or c == "\u202e" for c in f.strip("\n")) and "![" not in f]
SAFE_TEXT = st.lists(st.one_of(st.sampled_from(SAFE_FRAGMENTS), st.text(st.characters(blacklist_categories=("Cc", "Cs", "Cf")), max_size=8)),
                     min_size=1, max_size=6).map(lambda parts: "".join(parts).strip() or "x")
HOSTILE = SAFE_TEXT


@st.composite
def valid_areas(draw) -> str:
    """Front matter that follows the schema, with generated text in every free-text field."""
    area = {
        "name": draw(HOSTILE), "wave": "first",
        "published": {"date": "not known", "note": draw(HOSTILE)},
        "sources": [{"url": "https://example.org/beta-news", "title": draw(HOSTILE), "publisher": draw(HOSTILE)}],
        "findings": [{"id": "good-relationships", "kind": draw(st.sampled_from(["concern", "strength"])), "text": draw(HOSTILE),
                      "themes": ["leadership"], "source": "https://example.org/beta-news"}],
        "recommendations": [{"id": "r", "text": draw(HOSTILE), "themes": ["workforce"], "source": "https://example.org/beta-news", "note": draw(HOSTILE)}],
        "notes": [{"text": draw(HOSTILE)}],
    }
    return yaml.safe_dump(area, allow_unicode=True)


FRONT_MATTER = st.one_of(
    st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=8).map(lambda d: yaml.safe_dump(d, allow_unicode=True)),
    TEXT,
)


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    site = make_project(tmp_path_factory.mktemp("property") / "project")
    yield site
    shutil.rmtree(site.root, ignore_errors=True)


def build_or_errors(project, text: str) -> None:
    """Build with `text` as an area file: either no live markup anywhere, or located errors only."""
    project.path("content/areas/beta.md").write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        rendered = render_project(project.project, BuildOptions(preview=True))
    except BuildFailed as failure:
        event("refused with errors")
        assert failure.errors
        for error in failure.errors:
            assert ERROR_LINE.match(str(error)), str(error)
        return
    event("built")
    for path, data in rendered.files.items():
        if path.suffix == ".html":
            assert live_markup_problems(data.decode("utf-8")) == [], path


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(front_matter=FRONT_MATTER, body=TEXT, fence=st.booleans())
def test_any_input_builds_safely_or_fails_with_located_errors(project, front_matter, body, fence):
    build_or_errors(project, f"---\n{front_matter}---\n{body}" if fence else front_matter + body)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(front_matter=valid_areas(), body=SAFE_TEXT)
def test_generated_text_in_a_valid_area_is_never_live_markup(project, front_matter, body):
    build_or_errors(project, f"---\n{front_matter}---\n{body}")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=300))
def test_any_bytes_build_safely_or_fail_with_located_errors(project, raw):
    project.path("content/areas/beta.md").write_bytes(b"---\nname: x\n" + raw)
    try:
        render_project(project.project, BuildOptions(preview=True))
    except BuildFailed as failure:
        for error in failure.errors:
            assert ERROR_LINE.match(str(error)), str(error)
