"""Render the validated site to strings: {output path: text}. Nothing here touches the disk.

Templates receive the model and precomputed indexes (see `indexes`) and only loop and print.
The Jinja environment autoescapes everything and fails on undefined names.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import traceback
from collections.abc import Iterator, Mapping
from pathlib import Path, PurePosixPath

import jinja2
from markupsafe import escape

from reviewsite.data import render_data
from reviewsite.errors import BuildFailed, ContentError, SourcePos
from reviewsite.indexes import Indexes
from reviewsite.model import RECOMMENDATION_BASES, SCOPE_COUNTS, SCOPE_NOUNS, Area, Page, RedirectPlan, Site
from reviewsite.urls import (
    AREAS_URL,
    DATA_URL,
    HOME_URL,
    MATRIX_URL,
    THEMES_URL,
    area_url,
    output_path,
    page_url,
    relative_href,
    theme_url,
    url_of_path,
)

OFFLINE_URL = "offline.html"
SITEMAP_URL = "sitemap.xml"
SERVICE_WORKER_URL = "sw.js"
SERVICE_WORKER_SOURCE = PurePosixPath("static/js/service-worker.js")
CACHE_PREFIX = "reviews-"
# Saved when the service worker installs, relative to the site root, so the main ways in work
# offline from the first visit; every other page is saved as it is read.
PRECACHE = ["./", MATRIX_URL, THEMES_URL, OFFLINE_URL, "static/css/site.css", "static/js/site.js"]

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; manifest-src 'self'; worker-src 'self'; "
    "base-uri 'none'; form-action 'none'"
)


def make_environment(templates_dir: Path) -> jinja2.Environment:
    """Return the Jinja environment: autoescape on, undefined names are errors."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["url"] = _url
    env.filters["long_date"] = long_date
    env.filters["plural"] = plural
    return env


def long_date(value: datetime.date) -> str:
    """Format a date the way British readers write it: 10 November 2017."""
    return f"{value.day} {value:%B %Y}"


def plural(count: int, singular: str, many: str | None = None) -> str:
    """Return '1 concern' or '3 concerns'."""
    return f"{count} {singular if count == 1 else (many or singular + 's')}"


@jinja2.pass_context
def _url(context: jinja2.runtime.Context, target: str) -> str:
    """Return an href from the page being rendered to the site URL `target`: relative, except on
    pages a host serves at any address (the 404 page), which need absolute links when they can."""
    if context.get("absolute_links") and context["site"].base_url:
        return context["site"].base_url + target
    return relative_href(context["page_path"], target)


def render_site(site: Site, indexes: Indexes, env: jinja2.Environment, plan: RedirectPlan | None = None) -> dict[PurePosixPath, str]:
    """Return every output file of the site as text, keyed by its path under the output folder."""
    plan = plan or RedirectPlan()
    renderer = _Renderer(site, indexes, env, plan)
    pages: dict[PurePosixPath, str] = {}
    errors: list[ContentError] = []
    for url, template, context in renderer.pages():
        path = output_path(url)
        if path in pages:
            errors.append(ContentError(SourcePos(path.as_posix()), "two pages would be written to this path"))
            continue
        try:
            pages[path] = renderer.render(template, path, context)
        except jinja2.TemplateError as error:
            errors.append(_template_error(error, env))
        except (UnicodeDecodeError, OSError) as error:
            errors.append(ContentError(SourcePos(f"templates/{template}"), f"the template (or one it uses) cannot be read: {error}"))
    if errors:
        # One template mistake fails every page that uses it; report it once.
        raise BuildFailed({str(error): error for error in errors}.values())
    pages[output_path(DATA_URL)] = render_data(site, indexes)
    if site.config.base_url:
        pages[PurePosixPath(SITEMAP_URL)] = render_sitemap(site.config.base_url, renderer.sitemap_urls())
    return pages


class _Renderer:
    """Builds the context of every page; one instance per build."""

    def __init__(self, site: Site, indexes: Indexes, env: jinja2.Environment, plan: RedirectPlan) -> None:
        self.site, self.indexes, self.env, self.plan = site, indexes, env, plan
        self.pages_by_slug = {page.slug: page for page in site.pages}
        self.common = {
            "site": site.config,
            "csp": CONTENT_SECURITY_POLICY,
            "themes_by_slug": {theme.slug: theme for theme in site.themes},
            "waves_by_slug": {wave.slug: wave for wave in site.config.waves},
            "totals": indexes.totals,
            "bases": RECOMMENDATION_BASES,
            "scope_labels": SCOPE_COUNTS,
            "scope_nouns": SCOPE_NOUNS,
            "has_about": "about" in self.pages_by_slug,
            "moved": (),
            "aliases": {},
            "describe": self.describe,
        }
        self.titles = self._titles()

    def render(self, template: str, path: PurePosixPath, context: dict) -> str:
        url = url_of_path(path)
        # Only real pages have a canonical address; 404, offline and redirect pages do not.
        real = path.name == "index.html" and url.lstrip("/") not in self.plan.pages
        canonical = self.site.config.base_url + url if self.site.config.base_url and real else None
        values = {**self.common, "page_path": path, "page_url": url, "canonical": canonical, **context}
        values["moved"] = self.plan.moved.get(url, ())
        values["aliases"] = self.plan.aliases.get(url, {})
        return self.env.get_template(template).render(values)

    def pages(self) -> Iterator[tuple[str, str, dict]]:
        """Yield (site URL, template name, page-specific context) for every HTML page."""
        areas = {"areas": self.indexes.areas, "ordered_areas": self.site.areas}
        yield HOME_URL, "home.html", {"page": self.pages_by_slug.get("home"), **areas}
        yield AREAS_URL, "areas.html", areas
        for area in self.site.areas:
            yield area_url(area.slug), "area.html", self.area_context(area)
        yield MATRIX_URL, "matrix.html", {"areas": self.site.areas, "groups": self.indexes.groups}
        yield THEMES_URL, "themes.html", {"groups": self.indexes.groups}
        for summary in self.indexes.themes:
            yield theme_url(summary.theme.slug), "theme.html", self.theme_context(summary)
        for page in self.site.pages:
            if page.slug != "home":
                yield page_url(page.slug), self.page_template(page), self.page_context(page)
        yield "404.html", "404.html", {"absolute_links": True}
        yield OFFLINE_URL, "offline.html", {}
        for old, retired in sorted(self.plan.pages.items()):
            yield old, "redirect.html", {"retired": retired}

    def _titles(self) -> dict[str, str]:
        """Name every page and item URL in words, for pages that point readers elsewhere."""
        titles = {HOME_URL: "the home page", AREAS_URL: "Areas A to Z", MATRIX_URL: "Themes by area", THEMES_URL: "Themes"}
        titles.update((theme_url(theme.slug), f"the {theme.title} theme") for theme in self.site.themes)
        titles.update((page_url(page.slug), page.title) for page in self.site.pages if page.slug != "home")
        for area in self.site.areas:
            titles[area_url(area.slug)] = f"the {area.name} page"
            for group in self.indexes.areas[area.slug].groups:
                titles.update((ref.url, f"{ref.label} on the {area.name} page") for ref in group.refs)
        return titles

    def describe(self, url: str) -> str:
        """Return words for a site URL: 'Recommendation 3 on the York page', 'the matrix'."""
        page, _, anchor = url.partition("#")
        if url in self.titles:
            return self.titles[url]
        where = self.titles.get(page, f"/{page}")
        return f"the section #{anchor} of {where}" if anchor else where

    def sitemap_urls(self) -> list[str]:
        """Return the URLs of the site's real pages (not redirects, 404 or offline pages)."""
        urls = [HOME_URL, AREAS_URL, MATRIX_URL, THEMES_URL]
        urls += [area_url(area.slug) for area in self.site.areas]
        urls += [theme_url(theme.slug) for theme in self.site.themes]
        urls += [page_url(page.slug) for page in self.site.pages if page.slug != "home"]
        return sorted(urls)

    def area_context(self, area: Area) -> dict:
        return {
            "area": area,
            "items": self.indexes.areas[area.slug],
            "sources_by_url": {source.url: source for source in area.sources},
        }

    def theme_context(self, summary) -> dict:
        missing = tuple(area for area, cell in zip(self.site.areas, summary.cells, strict=True) if cell is None)
        return {"summary": summary, "missing": missing}

    def page_template(self, page: Page) -> str:
        name = f"page-{page.slug}.html"
        return name if name in self.env.list_templates() else "page.html"

    def page_context(self, page: Page) -> dict:
        return {"page": page, "groups": self.indexes.groups, "waves": self.indexes.waves}


def render_service_worker(files: Mapping[PurePosixPath, bytes]) -> bytes | None:
    """Return sw.js: the worker script from static/ with its cache name and precache list.

    The cache name is a hash of every other output file, so it changes exactly when the site
    does and stays the same for identical builds.
    """
    script = files.get(SERVICE_WORKER_SOURCE)
    if script is None:
        return None
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.as_posix().encode() + b"\0" + files[path])
    header = (
        f"var CACHE_PREFIX = {json.dumps(CACHE_PREFIX)};\n"
        f"var CACHE_NAME = {json.dumps(CACHE_PREFIX + digest.hexdigest()[:16])};\n"
        f"var PRECACHE = {json.dumps(PRECACHE)};\n"
    )
    return header.encode("utf-8") + script


def render_sitemap(base_url: str, urls: list[str]) -> str:
    """Return sitemap.xml for search engines; written only when the site's address is known."""
    entries = "".join(f"  <url><loc>{escape(base_url + url)}</loc></url>\n" for url in urls)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{entries}</urlset>\n'


def _template_error(error: jinja2.TemplateError, env: jinja2.Environment) -> ContentError:
    """Name the template file and line of a Jinja error."""
    if isinstance(error, jinja2.TemplateSyntaxError):
        return ContentError(SourcePos(f"templates/{error.name or error.filename}", error.lineno), f"template syntax error: {error.message}")
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if frame.filename and frame.filename.endswith(".html"):
            return ContentError(SourcePos(f"templates/{Path(frame.filename).name}", frame.lineno), f"template error: {error}")
    return ContentError(SourcePos("templates"), f"template error: {error}")
