"""Markdown: safe by default, links checked, errors with file lines."""

import pytest

from reviewsite.errors import SourcePos
from reviewsite.markdown import MarkdownErrors, compile_markdown, link_scheme, make_markdown
from reviewsite.urls import Linker

POS = SourcePos("content/areas/york.md", 10)
PAGE = "areas/york/"


def render(text: str):
    return compile_markdown(make_markdown(), text, POS, PAGE)


def test_raw_html_is_shown_as_text():
    html = str(render("<script>alert(1)</script> <b onclick=x>bold</b>\n").html(Linker(PAGE).href))
    assert "<script" not in html and "<b " not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_site_rooted_links_become_relative_to_the_page():
    prose = render("See [the matrix](/matrix/) and [Leeds](/areas/leeds/#rec-a).\n")
    html = prose.html(Linker(PAGE).href)
    assert 'href="../../matrix/"' in html
    assert 'href="../leeds/#rec-a"' in html
    assert [link.target for link in prose.links] == ["matrix/", "areas/leeds/#rec-a"]


def test_one_text_renders_with_links_relative_to_each_page():
    prose = render("See [Leeds](../leeds/), [the top](#top) and [the web](https://example.org/?a=1&b=2).\n")
    assert [link.target for link in prose.links] == ["areas/leeds/", "areas/york/#top"]
    on_home = prose.html(Linker("").href)
    assert 'href="areas/leeds/"' in on_home and 'href="areas/york/#top"' in on_home
    on_area = prose.html(Linker(PAGE).href)
    assert 'href="../leeds/"' in on_area and 'href="#top"' in on_area
    assert 'href="https://example.org/?a=1&amp;b=2"' in on_home
    assert prose.source.startswith("See [Leeds](../leeds/)")


def test_links_that_leave_the_site_are_errors_at_their_line():
    with pytest.raises(MarkdownErrors) as info:
        render("Intro.\n\n[Up](../../../etc/passwd)\n")
    assert [str(error) for error in info.value.errors] == ["content/areas/york.md:12: broken link '../../../etc/passwd': it leads outside the site"]


@pytest.mark.parametrize(
    "href",
    ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "&#106;avascript:alert(1)", "javascript&colon;alert(1)",
     "vbscript:msgbox(1)", "data:text/html;base64,PHNjcmlwdD4=", "file:///etc/passwd"],
    ids=["plain", "mixed-case", "leading-space", "entity", "named-entity", "vbscript", "data", "file"],
)
def test_refuses_unsafe_link_schemes_with_the_line(href):
    with pytest.raises(MarkdownErrors) as info:
        render(f"Intro.\n\nA [link](<{href}>) here.\n")
    error = info.value.errors[0]
    assert str(error.pos) == "content/areas/york.md:12"
    assert error.message.startswith("link scheme '") and "is not allowed" in error.message


def test_refuses_images_and_level_one_headings():
    with pytest.raises(MarkdownErrors) as info:
        render("# Title\n\n![x](https://example.org/x.png)\n")
    assert [(e.pos.line, e.message.split(":")[0]) for e in info.value.errors] == [
        (10, "a '#' heading is not allowed here"),
        (12, "images are not supported in content"),
    ]


def test_link_lines_count_soft_breaks_within_a_paragraph():
    rendered = render("First line\nsecond [a](https://example.org/) line\n")
    assert rendered.links == () and "example.org" in rendered.html(Linker(PAGE).href)


def test_internal_link_lines_count_soft_breaks_within_a_paragraph():
    rendered = render("First line\nsecond [a](/matrix/) line\n")
    assert rendered.links[0].pos == POS.at(11)


@pytest.mark.parametrize(
    "href, scheme",
    [("https://x.org", "https"), ("../york/", None), ("#a", None), ("MAILTO:a@b.org", "mailto"), ("java\tscr\nipt:x", "javascript"), ("\x01javascript:x", "javascript")],
)
def test_link_scheme(href, scheme):
    assert link_scheme(href) == scheme


def test_authors_give_headings_stable_ids():
    rendered = render("## Timeline {#timeline}\n\n### Detail {#detail}\n\n## No id\n")
    html = rendered.html(Linker(PAGE).href)
    assert '<h2 id="timeline">Timeline</h2>' in html
    assert '<h3 id="detail">Detail</h3>' in html
    assert "<h2>No id</h2>" in html
    assert rendered.headings == (("timeline", "Timeline"),)
