"""Render planned outputs to bytes. Nothing here touches the output folder.

Templates receive a view (see `views`) and only loop and print. The Jinja environment
autoescapes everything and fails on undefined names. Each page gets its own `Linker`, which
makes every href relative to the page and remembers what the page links to, for the link check.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
import traceback
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
from jinja2 import nodes
from markupsafe import Markup, escape

from reviewsite.errors import ContentError, SourcePos
from reviewsite.markdown import Prose
from reviewsite.urls import MATRIX_URL, OFFLINE_URL, SCRIPT_URL, SITE_URLS, SITEMAP_URL, STYLESHEET_URL, THEMES_URL, Linker

if TYPE_CHECKING:
    from reviewsite.plan import Output

SERVICE_WORKER_SOURCE = "static/js/service-worker.js"
CACHE_PREFIX = "reviews-"
# Saved when the service worker installs, relative to the site root, so the main ways in work
# offline from the first visit; every other page is saved as it is read.
PRECACHE = ["./", MATRIX_URL, THEMES_URL, OFFLINE_URL, STYLESHEET_URL, SCRIPT_URL]

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; manifest-src 'self'; worker-src 'self'; "
    "base-uri 'none'; form-action 'self'"
)
# The search page runs Pagefind's WebAssembly, which browsers compile only when a policy allows it.
SEARCH_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace("script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'")
_ID_ATTRIBUTE = re.compile(r'\sid="([^"{}]+)"')
_LITERAL_LINK = re.compile(r'\s(?:href|src)="([^"{}]+)"')
# Template statements whose contents may not be written on every page (or are written per call).
_CONDITIONAL = (nodes.If, nodes.For, nodes.Macro, nodes.CallBlock, nodes.FilterBlock)


def make_environment(templates_dir: Path, compiled_dir: Path | None = None) -> jinja2.Environment:
    """Return the Jinja environment: autoescape on, undefined names are errors.

    With `compiled_dir`, compiled templates are kept there for the next process.
    """
    if compiled_dir is not None:
        compiled_dir.mkdir(parents=True, exist_ok=True)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        bytecode_cache=jinja2.FileSystemBytecodeCache(str(compiled_dir)) if compiled_dir is not None else None,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters["long_date"] = long_date
    env.filters["plural"] = plural
    return env


def long_date(value: datetime.date) -> str:
    """Format a date the way British readers write it: 10 November 2017."""
    return f"{value.day} {value:%B %Y}"


def plural(count: int, singular: str, many: str | None = None) -> str:
    """Return '1 concern' or '3 concerns'."""
    return f"{count} {singular if count == 1 else (many or singular + 's')}"


@dataclass(frozen=True, slots=True)
class TemplateInfo:
    """What a template uses and writes: its files (itself and every template it extends,
    imports or includes), the ids it writes on every page (outside conditions and loops) and
    the internal links written literally in any of its files (`href="#top"`)."""

    files: frozenset[str]
    ids: tuple[str, ...]
    links: tuple[str, ...]


class TemplateCatalog:
    """The project's templates, with what each uses and writes, read from their syntax trees."""

    def __init__(self, env: jinja2.Environment, known: dict[str, tuple] | None = None) -> None:
        """`known` holds what was read before from the same template files (see `known()`)."""
        self.env = env
        self.names = frozenset(env.list_templates())
        self._info: dict[str, TemplateInfo] = {name: TemplateInfo(*fields) for name, fields in (known or {}).items()}
        self._trees: dict[str, nodes.Template] = {}

    def info(self, name: str) -> TemplateInfo:
        """Return what `name` uses and writes; raise ContentError if a file cannot be read."""
        if name not in self._info:
            try:
                self._info[name] = self._read(name)
            except jinja2.TemplateError as error:
                raise _template_error(error) from None
            except (UnicodeDecodeError, OSError) as error:
                raise ContentError(SourcePos(f"templates/{name}"), f"the template (or one it uses) cannot be read: {error}") from None
        return self._info[name]

    def known(self) -> dict[str, tuple]:
        """Return what has been read so far, as plain values to keep in the cache."""
        return {name: (info.files, info.ids, info.links) for name, info in self._info.items()}

    def _parse(self, name: str) -> nodes.Template:
        if name not in self._trees:
            source, _, _ = self.env.loader.get_source(self.env, name)
            self._trees[name] = self.env.parse(source, name)
        return self._trees[name]

    def _read(self, name: str) -> TemplateInfo:
        """Follow extends, imports and includes; collect the ids written unconditionally."""
        trees: dict[str, nodes.Template] = {}
        pending = [name]
        while pending:
            current = pending.pop()
            if current not in trees:
                trees[current] = self._parse(current)
                pending += [node.template.value for node in trees[current].find_all((nodes.Extends, nodes.Import, nodes.FromImport, nodes.Include))
                            if isinstance(node.template, nodes.Const)]
        chain = [trees[name]]
        while (parent := _extends(chain[-1])) is not None:
            chain.append(trees[parent])
        blocks: dict[str, nodes.Block] = {}
        for tree in chain:  # most derived first: its blocks win
            for block in tree.find_all(nodes.Block):
                blocks.setdefault(block.name, block)
        ids: list[str] = []
        _collect_ids(chain[-1], blocks, ids)
        links = {href for tree in trees.values() for data in tree.find_all(nodes.TemplateData) for href in _LITERAL_LINK.findall(" " + data.data)}
        return TemplateInfo(frozenset(trees), tuple(ids), tuple(sorted(links)))


def _extends(tree: nodes.Template) -> str | None:
    node = tree.find(nodes.Extends)
    return node.template.value if node is not None and isinstance(node.template, nodes.Const) else None


def _collect_ids(node: nodes.Node, blocks: dict[str, nodes.Block], ids: list[str]) -> None:
    for child in node.iter_child_nodes():
        if isinstance(child, nodes.TemplateData):
            ids.extend(_ID_ATTRIBUTE.findall(" " + child.data))
        elif isinstance(child, nodes.Block):
            _collect_ids(blocks.get(child.name, child), blocks, ids)
        elif not isinstance(child, _CONDITIONAL):
            _collect_ids(child, blocks, ids)


FRAGMENTS = "_fragments"  # the key, in the values every page shares, of the pieces rendered once per build
# ... and of the pieces kept between builds while their templates are the same (see `once`)
KEPT_FRAGMENTS = "_kept_fragments"


@dataclass(frozen=True, slots=True)
class Rendered:
    """One output's bytes and the site URLs its page links to."""

    data: bytes
    links: frozenset[str]


def render_output(output: Output, env: jinja2.Environment, common: dict) -> Rendered:
    """Render one planned output; raise ContentError naming the template file and line on error."""
    if output.template is None:
        data = output.view()
        return Rendered(data if isinstance(data, bytes) else data.encode("utf-8"), frozenset())
    site = common["site"]
    linker = Linker(output.url, site.base_url if output.absolute_links else "")
    page_url = output.url

    def fragment(anchor: str) -> str:
        return linker.href(f"{page_url}#{anchor}")

    def prose_html(prose: Prose) -> Markup:
        return prose.html(linker.href)

    # Pieces many pages of one kind share (an area's items on a theme, on every comparison that
    # shows them) are rendered once per build and process. The key names the piece; the page's
    # place is added, because hrefs are relative. The links a piece makes count for every page
    # that shows it. A piece printed from one object alone (`owner`, a part of the compiled
    # content, which stays the same object while its file is unchanged) is kept for later
    # builds too, for as long as that object is the same: the preview then renders again only
    # the pieces of the file that changed (the templates' changes start a new store).
    fragments = common.setdefault(FRAGMENTS, {})
    kept = common.get(KEPT_FRAGMENTS)

    def once(*key, caller, owner=None) -> Markup:
        store = fragments if owner is None or kept is None else kept
        entry = store.get((linker.place, key))
        if entry is None or entry[2] is not owner:
            linker.capture, outer = set(), linker.capture
            try:
                entry = store[(linker.place, key)] = (Markup(caller()), frozenset(linker.capture), owner)
            finally:
                linker.capture = outer
        for url in entry[1]:
            linker.href(url)
        return entry[0]

    # Only real pages have a canonical address; 404, offline and redirect pages do not.
    canonical = site.base_url + output.url if site.base_url and output.public else None
    # A view may widen the page's Content-Security-Policy (the search page's does).
    values = {**common, "csp": CONTENT_SECURITY_POLICY, **output.view(), "href": linker.href, "fragment": fragment, "prose_html": prose_html, "once": once,
              "urls": SITE_URLS, "canonical": canonical, "section": output.section, "changed": output.changed}
    try:
        text = env.get_template(output.template).render(values)
    except jinja2.TemplateError as error:
        raise _template_error(error) from None
    except (UnicodeDecodeError, OSError) as error:
        raise ContentError(SourcePos(f"templates/{output.template}"), f"the template (or one it uses) cannot be read: {error}") from None
    return Rendered(text.encode("utf-8"), frozenset(linker.linked))


def render_service_worker(script: bytes, digests: Mapping[str, str]) -> bytes:
    """Return sw.js: the worker script from static/ with its cache name and precache list.

    The cache name is a digest of every other output (`digests`: URL -> digest of its bytes),
    so it changes exactly when the site does and stays the same for identical builds.
    """
    lines = "\n".join(map("\0".join, sorted(digests.items())))  # url NUL digest, a line each
    summary = hashlib.sha256((lines + "\n" if lines else "").encode())
    header = (
        f"var CACHE_PREFIX = {json.dumps(CACHE_PREFIX)};\n"
        f"var CACHE_NAME = {json.dumps(CACHE_PREFIX + summary.hexdigest()[:16])};\n"
        f"var PRECACHE = {json.dumps(PRECACHE)};\n"
    )
    return header.encode("utf-8") + script


def render_sitemap(base_url: str, pages: list[tuple[str, datetime.date | None]]) -> bytes:
    """Return sitemap.xml for search engines; written only when the site's address is known.

    `pages` are (site URL, the date the page says its content last changed, or None)."""
    entries = "".join(f"  <url><loc>{escape(base_url + url)}</loc>{f'<lastmod>{date.isoformat()}</lastmod>' if date else ''}</url>\n" for url, date in pages)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{entries}</urlset>\n'.encode()


def render_robots(base_url: str) -> bytes:
    """Return robots.txt: every page may be crawled; it names the sitemap when there is one.

    Crawlers read it only at a host's root, so it does nothing for a site published under a path."""
    sitemap = f"\nSitemap: {base_url}{SITEMAP_URL}\n" if base_url else ""
    return f"User-agent: *\nDisallow:\n{sitemap}".encode()


def _template_error(error: jinja2.TemplateError) -> ContentError:
    """Name the template file and line of a Jinja error."""
    if isinstance(error, jinja2.TemplateSyntaxError):
        return ContentError(SourcePos(f"templates/{error.name or error.filename}", error.lineno), f"template syntax error: {error.message}")
    for frame in _frames(error):
        if frame.filename and frame.filename.endswith(".html"):
            return ContentError(SourcePos(f"templates/{Path(frame.filename).name}", frame.lineno), f"template error: {error}")
    return ContentError(SourcePos("templates"), f"template error: {error}")


def _frames(error: BaseException) -> Iterator[traceback.FrameSummary]:
    return reversed(traceback.extract_tb(error.__traceback__))

