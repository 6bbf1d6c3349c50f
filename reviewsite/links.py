"""Check every internal link and #fragment in the rendered site before anything is written."""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping
from dataclasses import dataclass
from html import unescape
from pathlib import PurePosixPath

from reviewsite.errors import ContentError, SourcePos
from reviewsite.markdown import link_scheme
from reviewsite.model import AuthoredLink
from reviewsite.urls import output_path, resolve_href

_LINK_ATTRIBUTES = {"a": "href", "link": "href", "script": "src", "img": "src", "area": "href"}
_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>")
_ATTRIBUTE = re.compile(r'\s([a-zA-Z-]+)="([^"]*)"')
_NEWLINE = re.compile("\n")


@dataclass(frozen=True, slots=True)
class PageLinks:
    """The ids an HTML page defines and the links it makes, with their lines."""

    ids: frozenset[str]
    links: tuple[tuple[str, int], ...]
    duplicate_ids: tuple[tuple[str, int], ...]


def scan_page(html: str) -> PageLinks:
    """Return the ids and links of one page the renderer wrote.

    A regular expression is enough, and many times faster than an HTML parser, because every
    attribute we write is double-quoted and author text can never contain a raw quote or angle
    bracket (both are escaped on output).
    """
    line_starts = [match.end() for match in _NEWLINE.finditer(html)]
    ids: set[str] = set()
    duplicates: list[tuple[str, int]] = []
    links: list[tuple[str, int]] = []
    for tag in _TAG.finditer(html):
        line = bisect.bisect_right(line_starts, tag.start()) + 1
        attributes = {name.lower(): unescape(value) for name, value in _ATTRIBUTE.findall(tag.group(0))}
        anchor = attributes.get("id")
        if anchor is not None:
            if anchor in ids:
                duplicates.append((anchor, line))
            ids.add(anchor)
        attribute = _LINK_ATTRIBUTES.get(tag.group(1).lower())
        href = attributes.get(attribute) if attribute else None
        if href is not None and attributes.get("rel") != "canonical":
            links.append((href, line))
    return PageLinks(frozenset(ids), tuple(links), tuple(duplicates))


def check_links(files: Mapping[PurePosixPath, bytes], authored: Mapping[PurePosixPath, tuple[AuthoredLink, ...]], label: str) -> list[ContentError]:
    """Return an error for every internal link whose file or #fragment does not exist.

    Links written in Markdown are reported at their content file and line; others at the
    rendered page (`label` names the output folder) and its line.
    """
    scanned = {path: scan_page(data.decode("utf-8")) for path, data in files.items() if path.suffix == ".html"}
    errors: list[ContentError] = []
    for path, page in sorted(scanned.items()):
        origins = {link.href: link.pos for link in authored.get(path, ())}
        for anchor, line in page.duplicate_ids:
            errors.append(ContentError(SourcePos(f"{label}/{path}", line), f"the id '{anchor}' is used twice on this page"))
        for href, line in page.links:
            problem = _link_problem(path, href, files, scanned)
            if problem:
                pos = origins.get(href, SourcePos(f"{label}/{path}", line))
                errors.append(ContentError(pos, f"broken link '{href}': {problem}"))
    return errors


def _link_problem(page: PurePosixPath, href: str, files: Mapping[PurePosixPath, bytes], scanned: Mapping[PurePosixPath, PageLinks]) -> str | None:
    if link_scheme(href) is not None or href.startswith("//"):
        return None
    url = resolve_href(page, href)
    if url is None:
        return "it leads outside the site"
    target, _, fragment = url.partition("#")
    path = _existing_file(target, files)
    if path is None:
        return f"there is no page at /{target}"
    if fragment and (path not in scanned or fragment not in scanned[path].ids):
        return f"/{target} has no element with id '{fragment}'"
    return None


def _existing_file(target: str, files: Mapping[PurePosixPath, bytes]) -> PurePosixPath | None:
    for candidate in (output_path(target), PurePosixPath(target, "index.html")):
        if candidate in files:
            return candidate
    return None
