"""The build: load -> compile -> validate -> index -> plan -> ledger -> render -> check links -> write.

Nothing is written until every stage has succeeded, so a failed build leaves the previous site
exactly as it was.
"""

from __future__ import annotations

import dataclasses
import hashlib
import time
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from reviewsite.compile import compile_file
from reviewsite.errors import BuildFailed, ContentError, SourcePos
from reviewsite.indexes import build_indexes
from reviewsite.ledger import check_ledger, format_ledger, new_urls_error
from reviewsite.links import check_links
from reviewsite.load import load_content
from reviewsite.markdown import make_markdown
from reviewsite.model import Site
from reviewsite.plan import Plan, plan_site
from reviewsite.project import Project
from reviewsite.render import TemplateCatalog, make_environment, render_output
from reviewsite.schema import is_base_url
from reviewsite.validate import assemble_site
from reviewsite.views import common_values
from reviewsite.write import check_output_paths, collect_static, write_site, write_text_atomically


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
    plan: Plan
    files: dict[PurePosixPath, bytes]
    linked: dict[str, frozenset[str]]
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
    loaded = load_content(project)
    md = make_markdown()
    compiled = [compile_file(file, md) for file in loaded.files]
    site = assemble_site(compiled, loaded.errors)
    if options.base_url is not None:
        site = _with_base_url(site, options.base_url)
    indexes = build_indexes(site)
    env = make_environment(project.templates_dir)
    catalog = TemplateCatalog(env)
    static = {path.as_posix(): data for path, data in collect_static(project.static_dir).items()}
    inputs = _inputs_digest(loaded, static, project)
    ledger_pos = SourcePos(project.label(project.ledger_path))
    try:
        live = plan_site(site, indexes, catalog).public_urls()
    except ContentError as error:  # a template that cannot be read or parsed
        raise BuildFailed([error]) from None
    ledger = check_ledger(site, live, ledger_pos)
    problems = list(ledger.problems)
    ledger_text = None
    if ledger.new_urls and options.update_ledger:
        ledger_text = format_ledger(set(site.ledger or ()) | live)
    elif ledger.new_urls:
        problems.append(new_urls_error(ledger.new_urls, ledger_pos, site.ledger is not None))
    plan = plan_site(site, indexes, catalog, ledger.plan, static, inputs)
    path_errors = check_output_paths((output.path, output.url in static) for output in plan.outputs)
    if path_errors:
        raise BuildFailed(path_errors)
    files, linked = _render_all(plan, env, common_values(site, indexes))
    link_errors = check_links(plan, linked, lambda output: files[output.path].decode("utf-8"), project.label(project.out_dir))
    if link_errors or (problems and not options.preview):
        raise BuildFailed(link_errors + ([] if options.preview else problems))
    return RenderedSite(site, plan, files, linked, tuple(problems), ledger_text)


def _render_all(plan: Plan, env, common: dict) -> tuple[dict[PurePosixPath, bytes], dict[str, frozenset[str]]]:
    files: dict[PurePosixPath, bytes] = {}
    linked: dict[str, frozenset[str]] = {}
    errors: dict[str, ContentError] = {}
    for output in plan.outputs:
        try:
            rendered = render_output(output, env, common)
        except ContentError as error:
            # One template mistake fails every page that uses it; report it once.
            errors.setdefault(str(error), error)
            continue
        files[output.path] = rendered.data
        linked[output.url] = rendered.links
    if errors:
        raise BuildFailed(errors.values())
    return files, linked


def _inputs_digest(loaded, static: dict[str, bytes], project: Project) -> str:
    """Return a digest of every input: content, templates and static files."""
    digest = hashlib.blake2b(digest_size=16)
    for file in loaded.files:
        digest.update(file.source.pos.path.encode() + b"\0" + file.source.text.encode("utf-8") + b"\0")
    for path in sorted(project.templates_dir.rglob("*")) if project.templates_dir.is_dir() else ():
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    for url, data in sorted(static.items()):
        digest.update(url.encode() + b"\0" + data + b"\0")
    return digest.hexdigest()


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
