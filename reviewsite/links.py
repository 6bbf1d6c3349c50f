"""Check every internal link and #fragment in the rendered site before anything is written."""

from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from html import unescape
from pathlib import PurePosixPath

from reviewsite.errors import ContentError, SourcePos, did_you_mean
from reviewsite.markdown import link_scheme
from reviewsite.model import Authored
from reviewsite.urls import output_path, resolve_href, url_of_path

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


def check_links(files: Mapping[PurePosixPath, bytes], authored: Mapping[PurePosixPath, Authored], label: str) -> list[ContentError]:
    """Return an error for every internal link whose file or #fragment does not exist, and for
    every id used twice on a page.

    What an author wrote in Markdown is reported at its content file and line, quoted as
    written; everything else at the rendered page (`label` names the output folder) and line.
    """
    scanned = {path: scan_page(data.decode("utf-8")) for path, data in files.items() if path.suffix == ".html"}
    targets = _Targets(files, scanned)
    errors: list[ContentError] = []
    for path, page in sorted(scanned.items()):
        marks = authored.get(path, Authored())
        heading_ids = dict(marks.ids)
        for anchor, line in page.duplicate_ids:
            if anchor in heading_ids:
                errors.append(ContentError(heading_ids[anchor], f"the heading id '{anchor}' is already used on this page", hint="choose an id the page does not use for anything else"))
            else:
                errors.append(ContentError(SourcePos(f"{label}/{path}", line), f"the id '{anchor}' is used twice on this page"))
        for link in marks.links:
            problem = targets.problem(path, link.href)
            if problem:
                errors.append(ContentError(link.pos, f"broken link '{link.written}': {problem[0]}", hint=problem[1]))
        written = {link.href for link in marks.links}
        for href, line in page.links:
            problem = targets.problem(path, href) if href not in written else None
            if problem:
                errors.append(ContentError(SourcePos(f"{label}/{path}", line), f"broken link '{href}': {problem[0]}", hint=problem[1]))
    return errors


class _Targets:
    """What links may lead to: the output files and the ids of each page."""

    def __init__(self, files: Mapping[PurePosixPath, bytes], scanned: Mapping[PurePosixPath, PageLinks]) -> None:
        self.files, self.scanned = files, scanned
        self.urls = [url_of_path(path) for path in files]

    def problem(self, page: PurePosixPath, href: str) -> tuple[str, str | None] | None:
        """Return (what is wrong, a did-you-mean hint) for a broken internal href, else None."""
        if link_scheme(href) is not None or href.startswith("//"):
            return None
        url = resolve_href(page, href)
        if url is None:
            return "it leads outside the site", None
        target, _, fragment = url.partition("#")
        path = self._existing_file(target)
        if path is None:
            return f"there is no page at /{target}", self._nearest_page(target)
        ids = self.scanned[path].ids if path in self.scanned else frozenset()
        if fragment and fragment not in ids:
            return f"/{target} has no element with id '{fragment}'", did_you_mean(fragment, ids)
        return None

    def _nearest_page(self, target: str) -> str | None:
        """Suggest a page in the same folder whose last segment is spelt almost the same."""
        folder, _, name = target.rstrip("/").rpartition("/")
        siblings = {url.rstrip("/").rpartition("/")[2]: url for url in self.urls if url.rstrip("/").rpartition("/")[0] == folder}
        close = difflib.get_close_matches(name, sorted(siblings), n=1, cutoff=0.75)
        return f"did you mean /{siblings[close[0]]}?" if close else None

    def _existing_file(self, target: str) -> PurePosixPath | None:
        for candidate in (output_path(target), PurePosixPath(target, "index.html")):
            if candidate in self.files:
                return candidate
        return None
