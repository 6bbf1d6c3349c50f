"""Rendering one planned output with small templates: escaping, strictness, links, template facts."""

import datetime
from types import SimpleNamespace

import pytest

from reviewsite.errors import ContentError, SourcePos
from reviewsite.markdown import compile_markdown, make_markdown
from reviewsite.plan import Output
from reviewsite.render import KEPT_FRAGMENTS, TemplateCatalog, long_date, make_environment, plural, render_output, render_service_worker, render_sitemap

TEMPLATES = {
    "base.html": '<title>{{ title }}</title>\n<a href="#top" id="top">Top</a>\n{% block content %}{% endblock %}\n',
    "page.html": '{% extends "base.html" %}\n{% block content %}<p id="text">{{ text }}</p>\n{% if extra %}<p id="extra"></p>{% endif %}\n{% endblock %}\n',
    "links.html": '<a href="{{ href(target) }}">x</a> <a href="{{ fragment("notes") }}">notes</a> {{ prose_html(prose) }}\n',
    "undefined.html": "<p>\n{{ nope }}\n</p>\n",
    "broken.html": "<p>\n{% if %}\n</p>\n",
    "pieces.html": '{% call once("piece", owner=owner) %}<a href="{{ href(target) }}">{{ made() }}</a>{% endcall %}\n',
}
COMMON = {"site": SimpleNamespace(base_url="")}


@pytest.fixture
def env(tmp_path):
    for name, text in TEMPLATES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return make_environment(tmp_path)


def render(env, template: str, url: str = "areas/beta/", **view) -> tuple[str, frozenset[str]]:
    result = render_output(Output(url, template, lambda: view, frozenset()), env, COMMON)
    return result.data.decode("utf-8"), result.links


def test_author_text_is_escaped_and_never_run_as_a_template(env):
    html, _ = render(env, "page.html", title="A & B", text="<script>alert(1)</script> {{ 7*7 }} &amp;", extra=False)
    assert html == ('<title>A &amp; B</title>\n<a href="#top" id="top">Top</a>\n'
                    '<p id="text">&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }} &amp;amp;</p>\n')


def test_an_undefined_name_is_an_error_at_its_template_line(env):
    with pytest.raises(ContentError) as info:
        render(env, "undefined.html")
    assert str(info.value) == "templates/undefined.html:2: template error: 'nope' is undefined"


def test_a_template_syntax_error_names_the_file_and_line(env):
    with pytest.raises(ContentError) as info:
        TemplateCatalog(env).info("broken.html")
    assert str(info.value).startswith("templates/broken.html:2: template syntax error: ")


def test_links_are_relative_to_the_page_and_recorded_for_the_link_check(env):
    prose = compile_markdown(make_markdown(), "See [the matrix](/matrix/).", SourcePos("content/areas/beta.md", 9), "areas/beta/")
    html, links = render(env, "links.html", target="areas/alpha/#rec-joint-plan", prose=prose)
    assert html == '<a href="../alpha/#rec-joint-plan">x</a> <a href="#notes">notes</a> <p>See <a href="../../matrix/">the matrix</a>.</p>\n\n'
    assert links == {"areas/alpha/#rec-joint-plan", "areas/beta/#notes", "matrix/"}


def test_a_piece_printed_from_one_object_is_kept_between_builds_while_that_object_is_the_same(env):
    kept: dict = {}
    made = []

    def build(owner, url="themes/alpha/"):
        view = {"owner": owner, "target": "areas/beta/#rec-plan", "made": lambda: made.append(owner) or len(made)}
        result = render_output(Output(url, "pieces.html", lambda: view, frozenset()), env, {**COMMON, KEPT_FRAGMENTS: kept})
        return result.data.decode("utf-8"), result.links

    first, second = object(), object()
    assert build(first) == ('<a href="../../areas/beta/#rec-plan">1</a>', {"areas/beta/#rec-plan"})
    assert build(first) == ('<a href="../../areas/beta/#rec-plan">1</a>', {"areas/beta/#rec-plan"}), "kept, with the links it makes"
    assert build(first, "themes/alpha/areas-a/")[0] == '<a href="../../../areas/beta/#rec-plan">2</a>', "hrefs differ on a deeper page"
    assert build(second)[0] == '<a href="../../areas/beta/#rec-plan">3</a>', "another object is printed again"
    assert made == [first, first, second]


def test_an_output_without_a_template_is_its_views_bytes(env):
    result = render_output(Output("data/x.json", None, lambda: '{"a": "<b>"}', frozenset()), env, COMMON)
    assert (result.data, result.links) == (b'{"a": "<b>"}', frozenset())


def test_the_catalog_knows_the_files_a_template_uses_the_ids_it_always_writes_and_its_literal_links(env):
    info = TemplateCatalog(env).info("page.html")
    assert info.files == {"page.html", "base.html"}
    assert info.ids == ("top", "text")  # "extra" is written only sometimes: pages declare it themselves
    assert info.links == ("#top",)


def test_filters_write_dates_and_counts_in_words():
    assert long_date(datetime.date(2017, 11, 1)) == "1 November 2017"
    assert [plural(1, "concern"), plural(2, "concern"), plural(2, "other suggestion", "other suggestions")] == ["1 concern", "2 concerns", "2 other suggestions"]


def test_the_sitemap_escapes_addresses():
    assert b"<loc>https://example.org/?a=1&amp;b=2</loc>" in render_sitemap("https://example.org/", [("?a=1&b=2", None)])


def test_the_service_workers_cache_name_changes_exactly_when_the_site_does():
    first = render_service_worker(b"// worker\n", {"": "aa", "matrix/": "bb"})
    assert first == render_service_worker(b"// worker\n", {"matrix/": "bb", "": "aa"})
    assert first != render_service_worker(b"// worker\n", {"": "aa", "matrix/": "cc"})
    assert first.endswith(b"// worker\n")
