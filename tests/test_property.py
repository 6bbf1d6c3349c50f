"""Property: an area file builds into pages that show exactly what it holds, safely, or fails
with errors that name the file, the line and the field at fault; never a traceback."""

import re
import shutil
from collections import Counter

import pytest
import yaml
from areas import THEMES, AreaFile, BrokenFile, area_files, broken_area_files
from bs4 import BeautifulSoup
from conftest import make_project
from hostile import live_markup_problems
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from reviewsite.cache import BuildState, generator_fingerprint
from reviewsite.errors import BuildFailed
from reviewsite.indexes import KINDS, build_indexes
from reviewsite.pipeline import BuildOptions, render_project

pytestmark = pytest.mark.property

AREA = "content/areas/beta.md"
# Every error a build reports about the generated file names that file, and a line where it can.
LOCATED = re.compile(r"content/areas/beta\.md(?::(\d+))?: \S")
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


@st.composite
def any_area_text(draw) -> str:
    """Anything at all: YAML of any shape with or without fences, or plain text."""
    front_matter, body = draw(FRONT_MATTER), draw(TEXT)
    return f"---\n{front_matter}---\n{body}" if draw(st.booleans()) else front_matter + body


# Most cases are valid files, so that most examples build and their pages are checked.
CASES = st.sampled_from(["valid"] * 7 + ["broken"] * 2 + ["anything"]).flatmap(
    lambda case: {"valid": area_files(), "broken": broken_area_files(), "anything": any_area_text()}[case])


VALID_FRONT_MATTER = (b"---\nname: Beta Town\nwave: second\npublished:\n  date: not known\n  note: Not known.\n"
                      b"sources:\n  - url: https://example.org/beta-news\n    title: News\n    publisher: Gazette\n---\n")


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    site = make_project(tmp_path_factory.mktemp("property") / "project")
    yield site
    shutil.rmtree(site.root, ignore_errors=True)


@pytest.fixture(scope="module")
def state():
    """What one build leaves for the next (compiled templates), so each example builds quickly."""
    return BuildState(generator_fingerprint())


def build(project, state, text: str):
    """Build with `text` as the area file; return the site in memory (BuildFailed if refused)."""
    project.path(AREA).write_text(text, encoding="utf-8", errors="surrogatepass")
    return render_project(project.project, BuildOptions(preview=True), state)


def assert_located(failure: BuildFailed, text: str) -> None:
    """Every error names the generated file, and a line of it where it gives one."""
    assert failure.errors
    lines = text.count("\n") + 1
    for error in failure.errors:
        match = LOCATED.match(str(error))
        assert match, str(error)
        assert match.group(1) is None or 1 <= int(match.group(1)) <= lines, str(error)


def assert_no_live_markup(rendered) -> None:
    for path, data in rendered.files.items():
        if path.suffix == ".html":
            assert live_markup_problems(data.decode("utf-8")) == [], path


def page(rendered, path: str) -> BeautifulSoup:
    return BeautifulSoup(rendered.files[rendered.plan.by_url[path].path].decode("utf-8"), "html.parser")


def assert_pages_show(rendered, area: AreaFile) -> None:
    """Each item is on its area page once, at its anchor, with its text as written (escaped,
    so the text a reader sees is the text, not markup); on each of its themes' pages once,
    linking to that anchor; and the counts of the model, the matrix and the home page agree
    with what the file holds."""
    area_page = page(rendered, "areas/beta/")
    assert area_page.h1.get_text() == area.name
    shown = Counter(tag["id"] for tag in area_page.find_all(id=re.compile(r"^(finding|rec)-")))
    assert shown == Counter(item.anchor for item in area.items)
    for item in area.items:
        assert area_page.find(id=item.anchor).select_one(".item-text").get_text() == item.text, item.anchor
    for theme in THEMES:
        on_theme = [item for item in area.items if theme in item.themes]
        section = page(rendered, f"themes/{theme}/").find(id="beta")
        if not on_theme:
            assert section is None, theme
            continue
        links = [(link["href"], link.find_next_sibling(class_="item-text").get_text()) for link in section.select("a.permalink")]
        assert sorted(links) == sorted((f"../../areas/beta/#{item.anchor}", item.text) for item in on_theme), theme
    assert_counts(rendered, area)


def assert_counts(rendered, area: AreaFile) -> None:
    indexes = build_indexes(rendered.site)
    beta = indexes.areas["beta"]
    for kind in KINDS:
        for follow_up in (False, True):
            expected = sum(1 for item in area.items if item.counted_as == kind and item.follow_up == follow_up)
            assert beta.count(kind, follow_up) == expected, (kind, follow_up)
    matrix = page(rendered, "matrix/")
    labels = {"concern": "C", "strength": "S", "recommendation": "R", "suggestion": "O"}
    for theme in THEMES:
        expected = Counter("F" if item.follow_up else labels[item.counted_as] for item in area.items if theme in item.themes)
        for cell in matrix.select(f'a[href="../themes/{theme}/#beta"]'):
            short = "".join(cell.find_all(string=True, recursive=False))
            assert Counter({label: int(count) for count, label in re.findall(r"(\d+)([CSROF])", short)}) == expected, theme
        assert bool(matrix.select(f'a[href="../themes/{theme}/#beta"]')) == bool(expected), theme
    totals = indexes.totals
    figures = [[int(n) for n in re.findall(r"\d+", li.get_text(" "))] for li in page(rendered, "").select(".figures li")]
    assert figures[0] == [totals.areas] and figures[1] == [totals.findings, totals.concerns, totals.strengths]
    assert figures[2][:2] == [totals.recommendations, totals.areas_with_recommendations]


def assert_refused_at_the_broken_field(failure: BuildFailed, broken: BrokenFile) -> None:
    """The one error names the file, the line of the broken field, and the field or its value."""
    assert [str(error).partition(": ")[0] for error in failure.errors] == [f"{AREA}:{broken.line}"], [str(e) for e in failure.errors]
    assert broken.names in failure.errors[0].message, str(failure.errors[0])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(case=CASES)
def test_any_input_builds_safely_or_fails_with_located_errors(project, state, case):
    if isinstance(case, AreaFile):
        event("a valid file: built, and its pages checked")
        rendered = build(project, state, case.text)
        assert_no_live_markup(rendered)
        assert_pages_show(rendered, case)
    elif isinstance(case, BrokenFile):
        event(f"one field broken: {case.breakage}")
        with pytest.raises(BuildFailed) as info:
            build(project, state, case.text)
        assert_refused_at_the_broken_field(info.value, case)
    else:
        try:
            rendered = build(project, state, case)
        except BuildFailed as failure:
            event("anything: refused with located errors")
            assert_located(failure, case)
        else:
            event("anything: built")
            assert_no_live_markup(rendered)


def build_or_errors(project, state, text: str) -> None:
    """Build with `text` as an area file: either no live markup anywhere, or located errors only."""
    try:
        rendered = build(project, state, text)
    except BuildFailed as failure:
        event("refused with errors")
        assert_located(failure, text)
        return
    event("built")
    assert_no_live_markup(rendered)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(front_matter=valid_areas(), body=SAFE_TEXT)
def test_generated_text_in_a_valid_area_is_never_live_markup(project, state, front_matter, body):
    build_or_errors(project, state, f"---\n{front_matter}---\n{body}")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=300), in_body=st.booleans())
def test_any_bytes_build_safely_or_fail_with_located_errors(project, state, raw, in_body):
    # The bytes follow either the first key of the front matter, or the front matter of a valid file.
    data = (VALID_FRONT_MATTER if in_body else b"---\nname: x\n") + raw
    project.path(AREA).write_bytes(data)
    try:
        rendered = render_project(project.project, BuildOptions(preview=True), state)
    except BuildFailed as failure:
        event("refused with errors")
        assert_located(failure, data.decode("utf-8", "replace"))
    else:
        event("built")
        assert_no_live_markup(rendered)
