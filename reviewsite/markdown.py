"""Markdown for summaries and pages: raw HTML off, only safe links, errors with file lines.

`render_markdown` is the one place where author text becomes Markup.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

from reviewsite.errors import ContentError, SourcePos
from reviewsite.model import Authored, AuthoredLink
from reviewsite.urls import relative_href

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_HEADING_ID = re.compile(r"\s*\{#([a-z0-9]+(?:-[a-z0-9]+)*)\}\s*$")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")
# Browsers drop ASCII tab and newline anywhere in a URL and strip leading control characters and
# spaces, so "java\tscript:" and " javascript:" are both javascript: links.
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]")


@dataclass(frozen=True, slots=True)
class RenderedMarkdown:
    html: Markup
    authored: Authored
    headings: tuple[tuple[str, str], ...]  # (id, text) of each level-2 heading given an id


def make_markdown() -> MarkdownIt:
    """Return the one Markdown configuration the site uses (CommonMark, tables, raw HTML off)."""
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    # Every link is checked in `_check_links`, which reports refused schemes as errors
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


def render_markdown(md: MarkdownIt, text: str, pos: SourcePos, page_path: PurePosixPath) -> RenderedMarkdown:
    """Render `text` (which starts at file line `pos.line`) for the page at `page_path`.

    Raises MarkdownErrors listing every unsafe link, image and level-1 heading. Site-rooted
    links (`/matrix/`) become relative to the page, so the site works under any base path.
    """
    tokens = md.parse(text)
    errors: list[ContentError] = []
    links: list[AuthoredLink] = []
    ids, headings = _apply_heading_ids(tokens, pos)
    for block in tokens:
        line = pos.at((pos.line or 1) + (block.map[0] if block.map else 0))
        if block.type == "heading_open" and block.tag == "h1":
            errors.append(ContentError(line, "a '#' heading is not allowed here: the page title is the only level-1 heading", hint="use '##' or a lower level"))
        for child, child_line in _children_with_lines(block, line):
            _check_inline(child, child_line, page_path, errors, links)
    if errors:
        raise MarkdownErrors(errors)
    html = Markup(md.renderer.render(tokens, md.options, {}))
    return RenderedMarkdown(html, Authored(tuple(links), ids), headings)


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


def _check_inline(token: Token, pos: SourcePos, page_path: PurePosixPath, errors: list[ContentError], links: list[AuthoredLink]) -> None:
    if token.type == "image":
        errors.append(ContentError(pos, "images are not supported in content", hint="link to the image instead: [description](https://...)"))
    elif token.type == "link_open":
        href = written = str(token.attrGet("href") or "")
        scheme = link_scheme(href)
        if scheme is not None and scheme not in SAFE_SCHEMES:
            errors.append(ContentError(pos, f"link scheme '{scheme}:' is not allowed", hint="use an https:, http: or mailto: link, or a link within the site"))
            return
        if scheme is None and href.startswith("/") and not href.startswith("//"):
            href = relative_href(page_path, href.lstrip("/"))
            token.attrSet("href", href)
        links.append(AuthoredLink(href, written, pos))
