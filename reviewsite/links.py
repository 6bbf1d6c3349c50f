"""Check every internal link and #fragment in the rendered site before anything is written."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import PurePosixPath

from reviewsite.errors import ContentError, SourcePos
from reviewsite.markdown import link_scheme
from reviewsite.model import AuthoredLink
from reviewsite.urls import output_path, resolve_href

_LINK_ATTRIBUTES = {"a": "href", "link": "href", "script": "src", "img": "src", "area": "href"}


@dataclass(frozen=True, slots=True)
class PageLinks:
    """The ids an HTML page defines and the links it makes, with their lines."""

    ids: frozenset[str]
    links: tuple[tuple[str, int], ...]
    duplicate_ids: tuple[tuple[str, int], ...]


def scan_page(html: str) -> PageLinks:
    """Return the ids and internal-looking links of one HTML page."""
    scanner = _Scanner()
    scanner.feed(html)
    scanner.close()
    return PageLinks(frozenset(scanner.ids), tuple(scanner.links), tuple(scanner.duplicates))


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


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.duplicates: list[tuple[str, int]] = []
        self.links: list[tuple[str, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        values = dict(attrs)
        anchor = values.get("id")
        if anchor is not None:
            if anchor in self.ids:
                self.duplicates.append((anchor, line))
            self.ids.add(anchor)
        attribute = _LINK_ATTRIBUTES.get(tag)
        href = values.get(attribute) if attribute else None
        if href is not None and values.get("rel") != "canonical":
            self.links.append((href, line))

    handle_startendtag = handle_starttag
