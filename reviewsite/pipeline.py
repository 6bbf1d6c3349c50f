"""The build: load -> validate -> index -> ledger -> render -> check links -> write.

Nothing is written until every stage has succeeded, so a failed build leaves the previous site
exactly as it was.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from reviewsite.errors import BuildFailed, ContentError, SourcePos
from reviewsite.indexes import build_indexes
from reviewsite.ledger import check_ledger, format_ledger, new_urls_error, public_urls
from reviewsite.links import check_links
from reviewsite.load import load_content
from reviewsite.markdown import make_markdown
from reviewsite.model import Authored, AuthoredLink, RedirectPlan, Site
from reviewsite.project import Project
from reviewsite.render import SERVICE_WORKER_URL, make_environment, render_service_worker, render_site
from reviewsite.schema import is_base_url
from reviewsite.urls import area_url, output_path, page_url, public_url, relative_href
from reviewsite.validate import validate_site
from reviewsite.write import collect_static, merge_outputs, write_site, write_text_atomically


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """How to build: `base_url` overrides site.yaml; `preview` turns URL-contract errors into
    warnings (for the live preview); `update_ledger` records new URLs in the ledger."""

    base_url: str | None = None
    preview: bool = False
    update_ledger: bool = False


@dataclass(frozen=True, slots=True)
class RenderedSite:
    """A site fully built in memory and checked, ready to write."""

    site: Site
    files: dict[PurePosixPath, bytes]
    warnings: tuple[ContentError, ...]
    ledger_text: str | None


@dataclass(frozen=True, slots=True)
class BuildResult:
    pages: int
    files: int
    areas: int
    seconds: float
    out_dir: Path | None
    warnings: tuple[ContentError, ...]
    ledger_updated: bool


def render_project(project: Project, options: BuildOptions = BuildOptions()) -> RenderedSite:
    """Build the whole site in memory; raise BuildFailed (having written nothing) on any problem."""
    site = validate_site(load_content(project), make_markdown())
    if options.base_url is not None:
        site = _with_base_url(site, options.base_url)
    indexes = build_indexes(site)
    live = public_urls(site)
    ledger_pos = SourcePos(project.label(project.ledger_path))
    ledger = check_ledger(site, live, ledger_pos)
    problems = list(ledger.problems)
    ledger_text = None
    if ledger.new_urls and options.update_ledger:
        ledger_text = format_ledger(set(site.ledger or ()) | live)
    elif ledger.new_urls:
        problems.append(new_urls_error(ledger.new_urls, ledger_pos, site.ledger is not None))
    pages = render_site(site, indexes, make_environment(project.templates_dir), ledger.plan)
    files = merge_outputs(pages, collect_static(project.static_dir))
    worker = render_service_worker(files)
    if worker is not None:
        files[PurePosixPath(SERVICE_WORKER_URL)] = worker
    link_errors = check_links(files, authored_marks(site, ledger.plan), project.label(project.out_dir))
    if link_errors or (problems and not options.preview):
        raise BuildFailed(link_errors + ([] if options.preview else problems))
    return RenderedSite(site, files, tuple(problems), ledger_text)


def build_site(project: Project, options: BuildOptions = BuildOptions()) -> BuildResult:
    """Build `project` into its output folder, or raise BuildFailed and leave it untouched."""
    started = time.perf_counter()
    rendered = render_project(project, options)
    write_site(rendered.files, project.out_dir)
    if rendered.ledger_text is not None:
        write_text_atomically(project.ledger_path, rendered.ledger_text)
    return _result(rendered, started, project.out_dir)


def check_site(project: Project, options: BuildOptions = BuildOptions()) -> BuildResult:
    """Do everything a build does except write: validate content, the URL contract and links."""
    started = time.perf_counter()
    return _result(render_project(project, dataclasses.replace(options, update_ledger=False)), started, None)


def authored_marks(site: Site, plan: RedirectPlan) -> dict[PurePosixPath, Authored]:
    """Map each page to the links and ids its author wrote, so errors can name their lines.

    Links that redirects.yaml asks for count as written there.
    """
    marks = {output_path(area_url(area.slug)): area.authored for area in site.areas}
    marks.update((output_path(page_url(page.slug)), page.authored) for page in site.pages)
    for page, forwards in [*plan.moved.items(), *((old, retired.anchors) for old, retired in plan.pages.items())]:
        links = [_redirect_link(page, f.to, f.origin) for f in forwards if f.to]
        if page in plan.pages and plan.pages[page].to:
            links.append(_redirect_link(page, plan.pages[page].to, plan.pages[page].origin))
        path = output_path(page)
        existing = marks.get(path, Authored())
        marks[path] = Authored(existing.links + tuple(links), existing.ids)
    return marks


def _redirect_link(page: str, to: str, origin: SourcePos) -> AuthoredLink:
    return AuthoredLink(relative_href(output_path(page), to), public_url(to), origin)


def _with_base_url(site: Site, base_url: str) -> Site:
    url = base_url.strip()
    if url and not is_base_url(url):
        raise BuildFailed([ContentError(SourcePos("--base-url"), f"'{url}' cannot be a site's address", hint="give a full http:// or https:// address without ?query or #fragment")], what="nothing was built")
    config = dataclasses.replace(site.config, base_url=url.rstrip("/") + "/" if url else "")
    return dataclasses.replace(site, config=config)


def _result(rendered: RenderedSite, started: float, out_dir: Path | None) -> BuildResult:
    return BuildResult(
        pages=sum(1 for path in rendered.files if path.suffix == ".html"),
        files=len(rendered.files),
        areas=len(rendered.site.areas),
        seconds=time.perf_counter() - started,
        out_dir=out_dir,
        warnings=rendered.warnings,
        ledger_updated=rendered.ledger_text is not None,
    )
