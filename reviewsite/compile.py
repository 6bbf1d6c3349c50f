"""Compile each content file on its own: a pure function from one file's text to its value and
its problems. Nothing here reads another file, so results can be cached by the file's text.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass

from markdown_it import MarkdownIt

from reviewsite.compile_area import compile_area
from reviewsite.errors import ContentError, SourcePos
from reviewsite.indexes import number_items
from reviewsite.frontmatter import Entry, Mapping, Node, Scalar, Sequence, parse_yaml
from reviewsite.load import ContentFile, SourceText
from reviewsite.markdown import MarkdownErrors, compile_markdown
from reviewsite.placeholders import find_placeholders
from reviewsite.model import Licence, Page, Redirect, SiteConfig, Theme, ThemeGroup, Wave
from reviewsite.schema import Fields, is_base_url, read_front_matter
from reviewsite.urls import ACCESSIBILITY_SLUG, RESERVED_PAGE_SLUGS, is_slug, page_url
from reviewsite.values import Value

# A file's name may hold underscores and more than one extension: /data/theme_groups.csv, /data/reviews.schema.json.
_PUBLIC_URL = re.compile(r"/(?:[a-z0-9][a-z0-9.\-]*/)*(?:[a-z0-9][a-z0-9_\-]*(?:\.[a-z]+)+)?(?:#[a-z0-9][a-z0-9\-]*)?")


@dataclass(frozen=True, slots=True)
class Compiled(Value):
    """What one content file compiles to: its value (None when it has errors) and its problems.

    Values by kind: site -> SiteConfig; themes -> (groups, themes); area -> AreaItems (the Area
    with its items numbered); page -> Page; redirects -> tuple of Redirect; ledger -> {public URL: line}.
    `drafts` are the places where an area file still holds text `new` wrote for its author to
    replace: errors for `check` and `build`, warnings in the preview.
    """

    kind: str
    name: str
    value: object | None
    errors: tuple[ContentError, ...]
    drafts: tuple[ContentError, ...] = ()


def compile_file(file: ContentFile, md: MarkdownIt) -> Compiled:
    """Compile one content file; never raises for problems in its content."""
    errors: list[ContentError] = []
    if file.kind == "area":
        area, errors = compile_area(file.name, file.source, md)
        drafts = tuple(find_placeholders(file.source))
        return Compiled(file.kind, file.name, None if area is None else number_items(area), tuple(errors), drafts)
    if file.kind == "page":
        value: object | None = _read_page(file.name, file.source, md, errors)
    elif file.kind == "ledger":
        value = _read_ledger(file.source, errors)
    else:
        value = _read_yaml(file.source, errors, _YAML_READERS[file.kind])
        if file.kind == "redirects" and value is None:
            value = ()
    return Compiled(file.kind, file.name, None if errors else value, tuple(errors))


def _read_yaml(source: SourceText, errors: list[ContentError], reader: Callable):
    """Parse a YAML file and hand its tree to `reader`; None if the file is broken."""
    try:
        root, problems = parse_yaml(source.pos, source.text)
    except ContentError as error:
        errors.append(error)
        return None
    errors.extend(problems)
    before = len(errors)
    result = reader(root, source.pos, errors)
    return result if len(errors) == before else None


def _read_config(root: Node | None, pos: SourcePos, errors: list[ContentError]) -> SiteConfig | None:
    f = Fields.of(root, pos, errors, line=1)
    if f is None:
        return None
    base_url = _base_url(f)
    earliest, latest = f.date("earliest_date"), f.date("latest_date")
    if isinstance(earliest, datetime.date) and isinstance(latest, datetime.date) and earliest > latest:
        f.error("latest_date", "'latest_date' is before 'earliest_date'")
    licence_node = f.value("licence", True)
    licence = _read_licence(f.within(licence_node, "licence")) if licence_node is not None else None
    values = (f.text("title"), f.text("description"), base_url, earliest, latest, licence, _read_waves(f), _feedback_url(f))
    f.finish(("title", "description", "base_url", "earliest_date", "latest_date", "licence", "waves", "feedback_url"))
    return SiteConfig(*values) if all(v is not None for v in values) else None


def _feedback_url(f: Fields) -> str | None:
    """Return the web address where readers report problems, or '' when the site has none."""
    node = f.value("feedback_url", False)
    if node is None or (isinstance(node, Scalar) and not (node.value or "").strip()):
        return ""
    return f.url("feedback_url")


def _base_url(f: Fields) -> str | None:
    """Return the base URL with a trailing slash, or '' when the site is built to work anywhere."""
    node = f.value("base_url", False)
    if node is None or (isinstance(node, Scalar) and not (node.value or "").strip()):
        return ""
    url = f.url("base_url")
    if url is not None and not is_base_url(url):
        f.error("base_url", f"'{url}' cannot be a site's address", hint="give the address the site is published at, without ?query or #fragment")
        return None
    return None if url is None else url.rstrip("/") + "/"


def _read_licence(f: Fields | None) -> Licence | None:
    if f is None:
        return None
    values = (f.text("name"), f.url("url"), f.text("text"))
    f.finish(("name", "url", "text"))
    return Licence(*values) if all(v is not None for v in values) else None


def _read_waves(f: Fields) -> tuple[Wave, ...] | None:
    node = f.value("waves", False)
    if isinstance(node, Sequence) and not node.items:
        f.error("waves", "the site needs at least one wave", hint="list the programme's waves; every area names one")
        return None
    waves: list[Wave] = []
    for _, item in f.items("waves", "wave", required=True):
        values = (item.slug("slug"), item.text("title"), item.text("description"), item.url("source"))
        item.finish(("slug", "title", "description", "source"))
        if values[0] in {w.slug for w in waves}:
            item.error("slug", f"wave '{values[0]}' is defined twice")
        elif all(v is not None for v in values):
            waves.append(Wave(*values))
    return tuple(waves)


def _read_themes(root: Node | None, pos: SourcePos, errors: list[ContentError]) -> tuple[tuple[ThemeGroup, ...], tuple[Theme, ...]] | None:
    f = Fields.of(root, pos, errors, line=1)
    if f is None:
        return None
    groups: dict[str, ThemeGroup] = {}
    for _, item in f.items("groups", "group", required=True):
        slug, title, description = item.slug("slug"), item.text("title"), item.text("description")
        item.finish(("slug", "title", "description"))
        if slug in groups:
            item.error("slug", f"group '{slug}' is defined twice")
        elif slug and title and description:
            groups[slug] = ThemeGroup(slug, title, description)
    themes: dict[str, Theme] = {}
    for _, item in f.items("themes", "theme", required=True):
        slug = item.slug("slug")
        group = item.choice("group", sorted(groups)) if groups else item.slug("group")
        title, description = item.text("title"), item.text("description")
        item.finish(("slug", "group", "title", "description"))
        if slug in themes:
            item.error("slug", f"theme '{slug}' is defined twice (first at line {themes[slug].origin.line})", hint="each theme slug must be unique")
        elif slug and group and title and description:
            themes[slug] = Theme(slug, title, description, group, item.at())
    f.finish(("groups", "themes"))
    return tuple(groups.values()), tuple(themes.values())


def _read_page(slug: str, source: SourceText, md: MarkdownIt, errors: list[ContentError]) -> Page | None:
    """Return a prose page from `content/pages/<slug>.md`, or None after recording its errors."""
    before = len(errors)
    if not is_slug(slug) or slug in RESERVED_PAGE_SLUGS - {"home"}:
        errors.append(ContentError(source.pos, f"'{slug}.md' cannot be a page name", hint="use lowercase words and hyphens, and not areas, themes, matrix, data, static or index"))
    parsed = read_front_matter(source.pos, source.text, errors)
    if parsed is None:
        return None
    f, document = parsed
    title, description = f.text("title"), f.text("description")
    # The accessibility statement must say when it was prepared.
    dated = slug == ACCESSIBILITY_SLUG
    updated = f.date("updated", required=dated, in_span=False) if dated or "updated" in f.node.entries else None
    f.finish(("title", "description", "updated"))
    try:
        body = compile_markdown(md, document.body, source.pos.at(document.body_line), page_url(slug))
    except MarkdownErrors as failure:
        errors.extend(failure.errors)
        return None
    if len(errors) > before or title is None or description is None:
        return None
    return Page(slug, title, description, body, source.pos, updated if isinstance(updated, datetime.date) else None)


def _read_redirects(root: Node | None, pos: SourcePos, errors: list[ContentError]) -> tuple[Redirect, ...]:
    if root is None:
        return ()
    holder = Fields.of(_as_mapping(root), pos, errors)
    if holder is None:
        return ()
    redirects: dict[str, Redirect] = {}
    for _, item in holder.items("redirects", "redirect"):
        old = _public_url(item, "from")
        new, note = _redirect_target(item)
        item.finish(("from", "to", "removed"))
        if old in redirects:
            item.error("from", f"{old} is redirected twice (first at line {redirects[old].origin.line})")
        elif old is not None and (new is not None or note is not None):
            if old == new:
                item.error("to", "a redirect must lead somewhere else")
            else:
                redirects[old] = Redirect(old, new, note, item.at("from"))
    return tuple(redirects.values())


def _redirect_target(item: Fields) -> tuple[str | None, str | None]:
    """Return (new URL, None) for a move or (None, note) for a removal; exactly one is given."""
    has_to, has_note = item.value("to", False) is not None, item.value("removed", False) is not None
    if has_to == has_note:
        item.error(None, "give either 'to' (where the URL moved) or 'removed' (a note on why it was removed)")
        return None, None
    return (_public_url(item, "to"), None) if has_to else (None, item.text("removed"))


def _as_mapping(root: Node) -> Mapping:
    """Let redirects.yaml be a bare list: wrap it as {redirects: [...]} for the reader."""
    return Mapping({"redirects": Entry(root.line, root)}, root.line)


def _public_url(f: Fields, key: str) -> str | None:
    url = f.text(key)
    if url is not None and not _PUBLIC_URL.fullmatch(url):
        f.error(key, f"'{url}' is not a URL of this site", hint="write the path from the site root, like /areas/york/ or /areas/york/#rec-discharge")
        return None
    return url


def _read_ledger(source: SourceText, errors: list[ContentError]) -> dict[str, int]:
    """Return {public URL: line} for the ledger: one URL per line, '#' starts a comment line."""
    urls: dict[str, int] = {}
    for number, line in enumerate(source.text.split("\n"), start=1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        if not _PUBLIC_URL.fullmatch(text):
            errors.append(ContentError(source.pos.at(number), f"'{text}' is not a URL of this site", hint="each line is a path from the site root, like /areas/york/"))
            continue
        urls.setdefault(text, number)
    return urls


_YAML_READERS = {"site": _read_config, "themes": _read_themes, "redirects": _read_redirects}
