"""Turn loaded content into the validated `Site`, or raise BuildFailed listing every problem."""

from __future__ import annotations

import datetime
import re

from markdown_it import MarkdownIt

from reviewsite.errors import BuildFailed, ContentError, SourcePos
from reviewsite.frontmatter import Entry, Mapping, Node, Scalar, Sequence, parse_yaml
from reviewsite.load import ContentFiles, SourceText
from reviewsite.markdown import MarkdownErrors, render_markdown
from reviewsite.model import Area, Licence, Page, Redirect, Site, SiteConfig, Theme, ThemeGroup, Wave
from reviewsite.schema import Fields, is_base_url, read_front_matter
from reviewsite.urls import RESERVED_PAGE_SLUGS, is_slug, output_path, page_url
from reviewsite.validate_area import Vocabulary, read_area

_PUBLIC_URL = re.compile(r"/(?:[a-z0-9][a-z0-9.\-]*/)*(?:[a-z0-9][a-z0-9\-]*\.[a-z]+)?(?:#[a-z0-9][a-z0-9\-]*)?")


def validate_site(files: ContentFiles, md: MarkdownIt) -> Site:
    """Return the validated site; raise BuildFailed with every error in every file."""
    errors = list(files.errors)
    config = _read_yaml(files.site, errors, _read_config)
    themes_read = _read_yaml(files.themes, errors, _read_themes)
    groups, themes = themes_read if themes_read is not None else ((), ())
    vocabulary = Vocabulary(
        themes=frozenset(t.slug for t in themes) if themes_read is not None else None,
        waves=frozenset(w.slug for w in config.waves) if config is not None else None,
        dates=(config.earliest_date, config.latest_date) if config is not None else None,
    )
    areas = [area for slug, text in files.areas if (area := read_area(slug, text, vocabulary, md, errors))]
    pages = [page for slug, text in files.pages if (page := _read_page(slug, text, md, errors))]
    redirects = _read_yaml(files.redirects, errors, _read_redirects) or ()
    ledger = parse_ledger(files.ledger, errors) if files.ledger is not None else None
    _check_unique_names(areas, errors)
    if errors:
        raise BuildFailed(errors)
    assert config is not None
    areas.sort(key=lambda area: (area.name.casefold(), area.slug))
    return Site(config, groups, themes, tuple(areas), tuple(pages), redirects, ledger)


def _read_yaml(source: SourceText | None, errors: list[ContentError], reader):
    """Parse a YAML file and hand its tree to `reader`; None if the file is missing or broken."""
    if source is None:
        return None
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
    values = (f.text("title"), f.text("description"), base_url, earliest, latest, licence, _read_waves(f))
    f.finish(("title", "description", "base_url", "earliest_date", "latest_date", "licence", "waves"))
    return SiteConfig(*values) if all(v is not None for v in values) else None


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
    f.finish(("title", "description"))
    try:
        body = render_markdown(md, document.body, source.pos.at(document.body_line), output_path(page_url(slug)))
    except MarkdownErrors as failure:
        errors.extend(failure.errors)
        return None
    if len(errors) > before or title is None or description is None:
        return None
    return Page(slug, title, description, body.html, body.authored, body.headings, source.pos)


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


def parse_ledger(source: SourceText, errors: list[ContentError]) -> dict[str, int]:
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


def _check_unique_names(areas: list[Area], errors: list[ContentError]) -> None:
    seen: dict[str, SourcePos] = {}
    for area in areas:
        key = area.name.casefold()
        if key in seen:
            errors.append(ContentError(area.origin, f"two areas are named '{area.name}' (the other is {seen[key].path})", hint="give each area a distinct name"))
        else:
            seen[key] = area.origin
