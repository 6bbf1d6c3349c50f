"""Markdown for summaries and pages: raw HTML off, only safe links, errors with file lines.

A text is compiled once into `Prose`: its source, and HTML in which every link within the site
is kept as a site URL. `Prose.html` renders it for one page, with hrefs relative to that page,
so the same text can appear on any page (or in plain-text outputs, from `source`).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup, escape

from reviewsite.errors import ContentError, SourcePos
from reviewsite.urls import output_path, resolve_href
from reviewsite.values import Value

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_HEADING_ID = re.compile(r"\s*\{#([a-z0-9]+(?:-[a-z0-9]+)*)\}\s*$")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")
# Browsers drop ASCII tab and newline anywhere in a URL and strip leading control characters and
# spaces, so "java\tscript:" and " javascript:" are both javascript: links.
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]")
# Marks an internal link's href in compiled HTML; markdown-it turns NUL in its input into U+FFFD,
# so author text can never contain it.
_LINK_MARK = "\x00"


@dataclass(frozen=True, slots=True)
class AuthoredLink(Value):
    """A link to a page of this site written in Markdown: the site URL it leads to, the href as
    written, and where it was written."""

    target: str
    written: str
    pos: SourcePos


@dataclass(frozen=True, slots=True)
class Prose(Value):
    """A Markdown text compiled once: its source, and HTML split around internal links.

    `parts` alternates HTML and site URLs: html, url, html, ..., html.
    """

    source: str
    parts: tuple[str, ...]
    links: tuple[AuthoredLink, ...] = ()
    ids: tuple[tuple[str, SourcePos], ...] = ()  # heading ids the author gave, with their lines
    headings: tuple[tuple[str, str], ...] = ()  # (id, text) of each level-2 heading given an id

    def html(self, href: Callable[[str], str]) -> Markup:
        """Return the HTML for one page; `href` turns a site URL into a link from that page."""
        parts = self.parts
        if len(parts) == 1:
            return Markup(parts[0])
        return Markup("".join(part if index % 2 == 0 else str(escape(href(part))) for index, part in enumerate(parts)))


def make_markdown() -> MarkdownIt:
    """Return the one Markdown configuration the site uses (CommonMark, tables, raw HTML off)."""
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    # Every link is checked in `_check_inline`, which reports refused schemes as errors
    # instead of silently leaving the Markdown unlinked.
    md.validateLink = lambda url: True
    # Wide tables scroll inside their own focusable box instead of widening the page.
    md.add_render_rule("table_open", lambda *args: '<div class="table-scroll" role="region" aria-label="Table" tabindex="0">\n<table>\n')
    md.add_render_rule("table_close", lambda *args: "</table>\n</div>\n")
    return md


def link_scheme(href: str) -> str | None:
    """Return the lowercase scheme a browser would see in `href`, or None for a relative link."""
    match = _SCHEME.match(_IGNORED_IN_URL.sub("", href))
    return match.group(1).lower() if match else None


def compile_markdown(md: MarkdownIt, text: str, pos: SourcePos, home_url: str) -> Prose:
    """Compile `text` (which starts at file line `pos.line`), written for the page at `home_url`.

    Relative links are read from that page; site-rooted links (`/matrix/`) from the site root.
    Raises MarkdownErrors listing every unsafe link, image, level-1 heading and link that leaves
    the site.
    """
    tokens = md.parse(text)
    errors: list[ContentError] = []
    links: list[AuthoredLink] = []
    ids, headings = _apply_heading_ids(tokens, pos)
    home_path = output_path(home_url)
    for block in tokens:
        line = pos.at((pos.line or 1) + (block.map[0] if block.map else 0))
        if block.type == "heading_open" and block.tag == "h1":
            errors.append(ContentError(line, "a '#' heading is not allowed here: the page title is the only level-1 heading", hint="use '##' or a lower level"))
        for child, child_line in _children_with_lines(block, line):
            _check_inline(child, child_line, home_path, errors, links)
    if errors:
        raise MarkdownErrors(errors)
    html = md.renderer.render(tokens, md.options, {})
    parts = html.split(_LINK_MARK)
    for index in range(1, len(parts), 2):
        parts[index] = links[int(parts[index])].target
    return Prose(text.strip(), tuple(parts), tuple(links), ids, headings)


def _apply_heading_ids(tokens: list[Token], pos: SourcePos) -> tuple[tuple[tuple[str, SourcePos], ...], tuple[tuple[str, str], ...]]:
    """Turn a trailing `{#some-id}` on a heading into its id.

    Returns every (id, position) and the level-2 (id, text) pairs for a contents list. Ids are
    written by the author, like item ids, so rewording a heading never breaks a link.
    """
    ids = []
    found = []
    for opening, inline in itertools.pairwise(tokens):
        if opening.type != "heading_open" or inline.type != "inline":
            continue
        match = _HEADING_ID.search(inline.content)
        last = inline.children[-1] if inline.children else None
        if match is None or last is None or last.type != "text" or not last.content.endswith(match.group(0).strip()):
            continue
        inline.content = inline.content[: match.start()].rstrip()
        last.content = last.content[: len(last.content) - len(match.group(0).strip())].rstrip()
        opening.attrSet("id", match.group(1))
        ids.append((match.group(1), pos.at((pos.line or 1) + (opening.map[0] if opening.map else 0))))
        if opening.tag == "h2":
            found.append((match.group(1), "".join(child.content for child in inline.children if child.type in ("text", "code_inline"))))
    return tuple(ids), tuple(found)


class MarkdownErrors(Exception):
    """Every problem found in one Markdown text."""

    def __init__(self, errors: list[ContentError]) -> None:
        super().__init__(f"{len(errors)} Markdown errors")
        self.errors = errors


def _children_with_lines(block: Token, line: SourcePos) -> list[tuple[Token, SourcePos]]:
    """Pair each inline child token with its file line, counting line breaks inside the block."""
    result = []
    offset = 0
    for child in block.children or ():
        if child.type in ("softbreak", "hardbreak"):
            offset += 1
        result.append((child, line.at((line.line or 1) + offset)))
    return result


def _check_inline(token: Token, pos: SourcePos, home_path: PurePosixPath, errors: list[ContentError], links: list[AuthoredLink]) -> None:
    if token.type == "image":
        errors.append(ContentError(pos, "images are not supported in content", hint="link to the image instead: [description](https://...)"))
    elif token.type == "link_open":
        written = str(token.attrGet("href") or "")
        scheme = link_scheme(written)
        if scheme is not None and scheme not in SAFE_SCHEMES:
            errors.append(ContentError(pos, f"link scheme '{scheme}:' is not allowed", hint="use an https:, http: or mailto: link, or a link within the site"))
        elif scheme is None and not written.startswith("//"):
            rooted = written.startswith("/")
            target = resolve_href(PurePosixPath("index.html") if rooted else home_path, written.lstrip("/") if rooted else written)
            if target is None:
                errors.append(ContentError(pos, f"broken link '{written}': it leads outside the site"))
                return
            token.attrSet("href", f"{_LINK_MARK}{len(links)}{_LINK_MARK}")
            links.append(AuthoredLink(target, written, pos))
