"""One build, reusing what the previous build of the same folder left (see `cache`).

Every content file is compiled once per version of its text; the page plan says what each
output depends on, so only outputs whose inputs changed are rendered again; files whose bytes
did not change are not rewritten. The result is always what a clean build would write.
"""

from __future__ import annotations

import dataclasses
import functools
import gc
import hashlib
import os
import shutil
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from reviewsite.cache import BuildState, FileStamp, OutputRecord, digest_bytes, digest_text, file_unchanged
from reviewsite.compile import Compiled, compile_file
from reviewsite.errors import BuildCancelled, BuildFailed, ContentError, SourcePos
from reviewsite.indexes import build_indexes
from reviewsite.ledger import check_ledger, format_ledger, new_urls_error
from reviewsite.links import LinkTargets, check_links, targets_removed
from reviewsite.load import ContentFiles, load_content
from reviewsite.markdown import make_markdown
from reviewsite.model import RedirectPlan, Site
from reviewsite.parallel import Background, map_parallel
from reviewsite.plan import Output, Plan, plan_site, search_outputs
from reviewsite.progress import Progress
from reviewsite.project import Project
from reviewsite.render import KEPT_FRAGMENTS, TemplateCatalog, make_environment, render_output
from reviewsite.schema import is_base_url
from reviewsite.urls import output_file, output_path
from reviewsite.validate import assemble_site
from reviewsite.views import common_values
from reviewsite.write import BUILD_MARKER, Staging, check_output_paths, collect_static, update_in_place, write_text_atomically

# How the new site reaches the output folder: staged and swapped in whole (build), written
# file by file into the folder (the preview), or not at all (check).
STAGE, IN_PLACE, NO_WRITE = "stage", "in-place", "no-write"


@dataclass(frozen=True, slots=True)
class EngineOptions:
    """`write` is STAGE, IN_PLACE or NO_WRITE; `keep_files` returns every output's bytes."""

    base_url: str | None = None
    preview: bool = False
    update_ledger: bool = False
    write: str = STAGE
    keep_files: bool = False
    compiled_templates: Path | None = None  # a folder that keeps compiled templates between processes
    pages_first: bool = False  # keep the old files of a changed bundle or `later` output (the preview makes them next, see `pending`)
    cancel: threading.Event | None = None  # stops making a bundle (its files are then not written)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a build did: the counts it reports, the warnings it found and, when asked for,
    the plan with every output's bytes and links."""

    pages: int
    files: int
    areas: int
    rendered: int
    written: int
    warnings: tuple[ContentError, ...]
    ledger_updated: bool
    site: Site | None = None
    plan: Plan | None = None
    files_written: dict[PurePosixPath, bytes] = field(default_factory=dict)
    linked: dict[str, frozenset[str]] = field(default_factory=dict)
    input_digests: dict[str, str] = field(default_factory=dict)  # path of each file read -> digest of its bytes
    pending: bool = False  # a bundle or `later` output changed but was deferred: its files on disk are the last build's


def run_build(project: Project, options: EngineOptions, state: BuildState, progress: Progress) -> Outcome:
    """Build `project` using and updating `state`; raise BuildFailed having written nothing."""
    enabled = gc.isenabled()
    gc.disable()  # the build allocates millions of objects that live until it ends
    try:
        return _Build(project, options, state, progress).run()
    finally:
        # Objects made while the collector was off would all be examined by its next pass (a
        # second or more at thousands of areas), so they are set aside. A long-running preview
        # first frees the cycles this build left behind (rendering makes some), looking only at
        # objects made since the last build: everything older was set aside then.
        if options.preview:
            gc.collect()
        gc.freeze()
        if enabled:
            gc.enable()


@dataclass
class _Rendered:
    digest: str
    links: frozenset[str]
    data: bytes | None
    written: bool = True  # False when staging found the same bytes in the current site


class _Build:
    def __init__(self, project: Project, options: EngineOptions, state: BuildState, progress: Progress) -> None:
        self.project, self.options, self.state, self.progress = project, options, state, progress
        self.label = project.label(project.out_dir)
        self.deferred: set[str] = set()  # files of a bundle the preview makes later (see bundle_files)
        self.pending = False

    def stage(self, name: str, total: int = 0) -> None:
        """Begin a stage of the build, unless the build was cancelled meanwhile: the preview's
        later files, when a newer save arrives, stop at the next stage (or output) at the latest."""
        if self.options.cancel is not None and self.options.cancel.is_set():
            raise BuildCancelled()
        self.progress.stage(name, total)

    def run(self) -> Outcome:
        self.stage("reading content")
        loaded = load_content(self.project, self.state.runtime.get("sources"))
        self.state.runtime["sources"] = {file.source.path: file.source for file in loaded.files}
        units = self.compile(loaded)
        # Text `new` wrote for the author to replace stops `check` and `build`; the preview
        # shows the page meanwhile, with a warning at each place left to fill in.
        drafts = [error for unit in units.values() for error in unit.drafts]
        site = assemble_site(units.values(), loaded.errors if self.options.preview else (*loaded.errors, *drafts))
        if self.options.base_url is not None:
            site = _with_base_url(site, self.options.base_url)
        self.stage("planning")
        indexes = build_indexes(site, {unit.name: unit.value for unit in units.values() if unit.kind == "area"})
        env, catalog = self.templates()
        static = {path.as_posix(): data for path, data in collect_static(self.project.static_dir).items()}
        digests = self.digests(loaded, units.values(), static, site)
        write = _Pass.decide(self.options.write, self.project.out_dir, self.state.outputs)
        # The search index takes longest to make, and needs only the site and its indexes: its
        # making starts now, in another process, while the rest is planned and rendered.
        search = search_outputs(site, indexes, self.state.runtime.setdefault("search", {}))
        early = self.start_bundles(search, digests, write)
        try:
            return self.plan_and_render(loaded, units, site, indexes, env, catalog, static, digests, write, search, early, drafts)
        except BaseException:
            for started in early.values():
                if isinstance(started, Background):
                    started.abandon()  # nothing if it was collected
            raise

    def plan_and_render(self, loaded: ContentFiles, units: dict[str, Compiled], site: Site, indexes, env, catalog: TemplateCatalog,
                        static: dict[str, bytes], digests: dict[str, str], write: _Pass, search: list[Output],
                        early: dict[str, list[Output] | Background], drafts: list[ContentError]) -> Outcome:
        """Plan the site, render what changed and write it (see run)."""
        contract = _Contract(site, SourcePos(self.project.label(self.project.ledger_path)), self.state.runtime.setdefault("ledger-check", {}))
        try:
            plan = plan_site(site, indexes, catalog, contract.settle, static, self.state.runtime, search)
        except ContentError as error:  # a template that cannot be read or parsed
            raise BuildFailed([error]) from None
        problems = (drafts if self.options.preview else []) + list(contract.check.problems)
        ledger_text = None
        if contract.check.new_urls and self.options.update_ledger:
            ledger_text = format_ledger(set(site.ledger or ()) | contract.live)
        elif contract.check.new_urls:
            problems.append(new_urls_error(contract.check.new_urls, contract.pos, site.ledger is not None))
        layout = tuple((output_file(output.url), output.url in static) for output in plan.outputs)
        if self.state.runtime.get("layout") != layout:  # the same paths as last time were checked then
            path_errors = check_output_paths((PurePosixPath(path), is_static) for path, is_static in layout)
            if path_errors:
                raise BuildFailed(path_errors)
            self.state.runtime["layout"] = layout
        plan, making = self.expand_bundles(plan, digests, write, early)
        try:
            outcome = self.render_and_write(plan, making, write, env, self.common_values(site, indexes), digests, problems)
        except BaseException:
            for _, _, background in making:
                background.abandon()  # nothing if it was collected
            raise
        if ledger_text is not None:
            write_text_atomically(self.project.ledger_path, ledger_text)
        self.state.compiled = units
        self.state.templates = (self.template_key, catalog.known())
        read = {file.source.path: file.source.digest for file in loaded.files}
        read.update((str(self.project.templates_dir / name), digest) for name, digest in self.template_digests.items())
        read.update((str(self.project.static_dir / url.removeprefix("static/")), digests[f"static:{url}"]) for url in static)
        return dataclasses.replace(outcome, areas=len(site.areas), ledger_updated=ledger_text is not None, site=site, input_digests=read)

    # --- compile ---------------------------------------------------------------------------

    def compile(self, loaded: ContentFiles) -> dict[str, Compiled]:
        """Return every file's compiled unit by cache key, compiling only new texts."""
        keys = [digest_text(self.state.generator, file.kind, file.source.pos.path, file.source.digest) for file in loaded.files]
        missing = [(key, file) for key, file in zip(keys, loaded.files, strict=True) if key not in self.state.compiled]
        self.stage("compiling", len(missing))
        md = make_markdown()
        fresh = map_parallel(lambda pair: compile_file(pair[1], md), missing, weights=[len(file.source.text) for _, file in missing],
                             on_done=self.progress.advance)
        found = {key: self.state.compiled[key] for key in keys if key in self.state.compiled}
        found.update((key, unit) for (key, _), unit in zip(missing, fresh, strict=True))
        return {key: found[key] for key in keys}

    def templates(self):
        """Return the Jinja environment and template catalog, reused while no template changes."""
        folder = self.project.templates_dir
        sources = {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()} if folder.is_dir() else {}
        key = digest_text(*(f"{name}\0{digest_bytes(data)}" for name, data in sources.items()))
        cached = self.state.runtime.get("templates")
        if cached is None or cached[0] != key:
            env = make_environment(folder, self.options.compiled_templates)
            known = self.state.templates[1] if self.state.templates[0] == key else None
            cached = (key, env, TemplateCatalog(env, known), {name: digest_bytes(data) for name, data in sources.items()})
            self.state.runtime["templates"] = cached
        self.template_key = key
        self.template_digests = cached[3]
        return cached[1], cached[2]

    def common_values(self, site: Site, indexes) -> dict:
        """Return what every template may print; in the preview, with the pieces of pages kept
        from earlier builds while the templates are the same (see render_output's `once`)."""
        common = common_values(site, indexes)
        if self.options.preview:
            kept = self.state.runtime.get("fragments")
            if kept is None or kept[0] != self.template_key:
                kept = self.state.runtime["fragments"] = (self.template_key, {})
            common[KEPT_FRAGMENTS] = kept[1]
        return common

    def digests(self, loaded: ContentFiles, units: Iterable[Compiled], static: dict[str, bytes], site: Site) -> dict[str, str]:
        """Return the digest of every input a plan can depend on, by dependency key."""
        digests = {}
        for file in loaded.files:
            key = f"{file.kind}:{file.name}" if file.kind in ("area", "page") else file.kind
            digests[key] = file.source.digest
        # Every page's navigation and footer link to the prose pages that exist (About, ...).
        digests["site"] = digest_text(digests.get("site", ""), site.config.base_url, *(page.slug for page in site.pages))
        digests.update((f"template:{name}", digest) for name, digest in self.template_digests.items())
        digests.update((f"static:{url}", digest_bytes(data)) for url, data in static.items())
        return digests

    # --- bundles -----------------------------------------------------------------------------

    def start_bundles(self, outputs: Iterable[Output], digests: dict[str, str], write: _Pass) -> dict[str, list[Output] | Background]:
        """Return, by URL, each bundle's files if they can be kept, or else their making, started
        in the background. `check` makes none."""
        started: dict[str, list[Output] | Background] = {}
        for output in outputs:
            if output.bundle and (write.mode != NO_WRITE or self.options.keep_files):
                files = self.bundle_files(output, digests, write)
                started[output.url] = files if files is not None else Background(lambda bundle=output: bundle.view(self.options.cancel))
        return started

    def expand_bundles(self, plan: Plan, digests: dict[str, str], write: _Pass,
                       early: dict[str, list[Output] | Background] | None = None) -> tuple[Plan, list[tuple[int, Output, Background]]]:
        """Replace each bundle (the search index) by one output per file it makes, so that its
        files are written, kept and removed like any other output. A bundle whose files must be
        made again is left out of the plan and returned with its making, started in the
        background (see `add_bundles`), or earlier (`early`, see start_bundles). `check` makes none."""
        if not any(output.bundle for output in plan.outputs):
            return plan, []
        early = early or {}
        outputs: list[Output] = []
        making: list[tuple[int, Output, Background]] = []  # where each goes in the plan, what, and its making
        for output in plan.outputs:
            if not output.bundle:
                outputs.append(output)
            elif write.mode != NO_WRITE or self.options.keep_files:
                started = early[output.url] if output.url in early else self.start_bundles([output], digests, write)[output.url]
                if isinstance(started, Background):
                    making.append((len(outputs), output, started))
                else:
                    outputs += started
        return Plan(tuple(outputs)), making

    def bundle_files(self, bundle: Output, digests: dict[str, str], write: _Pass) -> list[Output] | None:
        """Return a bundle's files if the last build wrote them while its inputs were the same and
        every file is intact (or, in the preview, until it makes the new ones); None if they
        must be made now."""
        fingerprint = _fingerprint(bundle, digests, self.state.generator)
        known = sorted(url for url in write.records if url.startswith(bundle.url))
        current = bool(known) and all(write.records[url].fingerprint == fingerprint and url in write.intact for url in known)
        if not current and not self.options.pages_first:
            return None
        if not current:  # the last build's files stay until the preview makes the new ones
            self.deferred.update(known)
            self.pending = True
        # The same inputs and files give the same outputs: at thousands of areas the index has
        # tens of thousands of files, which the preview need not list again on every save. Files
        # kept waiting are neither made nor recorded in this build, so only their list matters.
        key = (None if not current else bundle.depends_on, tuple(known))
        kept = self.state.runtime.setdefault("bundle-files", {})
        if bundle.url in kept and kept[bundle.url][0] == key:
            return kept[bundle.url][1]
        made = functools.cache(lambda: bundle.view(self.options.cancel))
        files = _bundle_outputs(bundle, {url[len(bundle.url):]: lambda url=url: made()[url[len(bundle.url):]] for url in known})
        kept[bundle.url] = (key, files)
        return files

    def add_bundles(self, plan: Plan, making: list[tuple[int, Output, Background]]) -> tuple[Plan, list[Output]]:
        """Wait for the bundles being made; return the plan with their files where the bundle
        stood, and those files."""
        self.stage("indexing for search")
        outputs, files = list(plan.outputs), []
        for position, bundle, background in reversed(making):
            made = _bundle_outputs(bundle, {path: lambda data=data: data for path, data in background.result().items()})
            outputs[position:position] = made
            files[:0] = made
        return Plan(tuple(outputs)), files

    # --- render and write ------------------------------------------------------------------

    def render_and_write(self, plan: Plan, making: list[tuple[int, Output, Background]], write: _Pass, env, common: dict,
                         digests: dict[str, str], problems: list[ContentError]) -> Outcome:
        fingerprints = _fingerprints(plan.outputs, digests, self.state.generator, self.state.runtime.setdefault("fingerprints", {}))
        todo = [output for output in plan.outputs if not output.summary and output.url not in self.deferred
                and (url_changed(output.url, fingerprints, write.records) or output.url not in write.intact)]
        if self.options.pages_first:
            todo = self.defer_later(todo, write)
        removed = set(write.records) - set(plan.by_url)
        staging = Staging(self.project.out_dir) if write.mode == STAGE and (todo or removed or making) else None
        keep = write.mode == IN_PLACE or self.options.keep_files
        try:
            rendered = self.render(todo, env, common, staging, keep)
            if making:  # made meanwhile, in another process: their files are written like the rest
                plan, files = self.add_bundles(plan, making)
                fingerprints.update(_fingerprints(files, digests, self.state.generator))
                rendered.update(self.render(files, env, common, staging, keep, here=True))
            rendered.update(self.summarise(plan, fingerprints, rendered, write, staging))
            linked = {url: record.links for url, record in write.records.items() if url in fingerprints}
            linked.update((url, result.links) for url, result in rendered.items())
            self.stage("checking links")
            previous = self.state.runtime.get("anchors")
            only = set(rendered) if previous is not None and write.records and not targets_removed(plan, previous) else None
            targets = self.state.runtime.setdefault("link-targets", LinkTargets())
            errors = check_links(plan, linked, lambda output: self.read_page(output, rendered, staging, env, common), self.label, only, targets)
            if errors or (problems and not self.options.preview):
                raise BuildFailed(errors + ([] if self.options.preview else problems))
            written = self.write(plan, rendered, staging, write)
        except BaseException:
            if staging is not None:
                shutil.rmtree(staging.folder, ignore_errors=True)
            raise
        # A bundle's files are nobody's link targets, and their names change with their bytes.
        self.state.runtime["anchors"] = {output.url: output.anchors for output in plan.outputs if not output.part_of}
        if write.mode != NO_WRITE:
            self.remember(plan, fingerprints, rendered)
        pages = sum(1 for output in plan.outputs if output_file(output.url).endswith(".html"))
        outcome = Outcome(pages, len(plan.outputs), 0, len(rendered), written, tuple(problems), False, pending=self.pending)
        if self.options.keep_files:
            files = {plan.by_url[url].path: result.data for url, result in rendered.items() if result.data is not None}
            outcome = dataclasses.replace(outcome, plan=plan, files_written=files, linked=linked)
        return outcome

    def defer_later(self, todo: list[Output], write: _Pass) -> list[Output]:
        """Leave out of `todo` the `later` outputs that have a file from the last build, which
        stays until the next build makes them."""
        later = {output.url for output in todo if output.later and output.url in write.records and output.url in write.intact}
        if later:
            self.deferred |= later
            self.pending = True
        return [output for output in todo if output.url not in later]

    def render(self, todo: list[Output], env, common: dict, staging: Staging | None, keep: bool, here: bool = False) -> dict[str, _Rendered]:
        """Render `todo`, writing each file into `staging` when there is one; keep the bytes if asked.
        With `here`, in this process only (for files already made, which only need writing)."""
        if not here:
            self.stage("rendering", len(todo))
        # Templates are compiled once here, not once in every worker process.
        for name in {output.template for output in todo if output.template}:
            env.get_template(name)

        cancel = self.options.cancel

        def work(output: Output) -> _Rendered:
            if cancel is not None and cancel.is_set():
                raise BuildCancelled()
            result = render_output(output, env, common)
            written = staging.write(output.path, result.data) if staging is not None else True
            return _Rendered(digest_bytes(result.data), result.links, result.data if keep else None, written)

        try:
            results = [work(output) for output in todo] if here else map_parallel(work, todo, weights=[output.weight for output in todo], on_done=self.progress.advance)
        except ContentError as error:
            raise BuildFailed([error]) from None
        return {output.url: result for output, result in zip(todo, results, strict=True)}

    def summarise(self, plan: Plan, fingerprints: dict[str, str], rendered: dict[str, _Rendered], write: _Pass, staging: Staging | None) -> dict[str, _Rendered]:
        """Render the outputs made from every other output's digest, when any digest changed."""
        digests = {output.url: (rendered[output.url] if output.url in rendered else write.records[output.url]).digest
                   for output in plan.outputs if not output.summary}
        results = {}
        for output in plan.outputs:
            if not output.summary:
                continue
            fingerprints[output.url] = digest_text(self.state.generator, "\0".join(map("=".join, sorted(digests.items()))))
            if url_changed(output.url, fingerprints, write.records) or output.url not in write.intact:
                data = output.view(digests)
                written = staging.write(output.path, data) if staging is not None else True
                results[output.url] = _Rendered(digest_bytes(data), frozenset(), data, written)
        return results

    def read_page(self, output: Output, rendered: dict[str, _Rendered], staging: Staging | None, env, common: dict) -> str:
        """Return a page's HTML, to find the line of a problem on it."""
        result = rendered.get(output.url)
        if result is not None and result.data is not None:
            return result.data.decode("utf-8")
        folder = staging.folder if staging is not None and result is not None else self.project.out_dir
        try:
            return (folder / output.path).read_text(encoding="utf-8")
        except OSError:
            return render_output(output, env, common).data.decode("utf-8")

    def write(self, plan: Plan, rendered: dict[str, _Rendered], staging: Staging | None, write: _Pass) -> int:
        """Put the new site in place; return how many files were written."""
        records = write.records
        if write.mode == IN_PLACE:
            changed = {plan.by_url[url].path: result.data for url, result in rendered.items() if url not in records or records[url].digest != result.digest}
            removed = [output_path(url) for url in records if url not in plan.by_url]
            self.stage("writing", len(changed))
            update_in_place(self.project.out_dir, changed, removed)  # type: ignore[arg-type]
            return len(changed)
        if staging is None:
            return 0
        self.stage("writing")
        with staging.failing_cleanly():
            for output in plan.outputs:
                if output.url not in rendered:
                    staging.keep(output.path)
            staging.commit()
        return sum(1 for result in rendered.values() if result.written)

    def remember(self, plan: Plan, fingerprints: dict[str, str], rendered: dict[str, _Rendered]) -> None:
        """Record what is now in the output folder, for the next build."""
        old = self.state.outputs
        new: dict[str, OutputRecord] = {}
        out_dir = self.project.out_dir
        for output in plan.outputs:
            result = rendered.get(output.url)
            if result is None:
                new[output.url] = old[output.url]
                continue
            stamp = None
            if self.options.write != NO_WRITE:
                try:
                    stamp = FileStamp.of(os.stat(out_dir / output.path))
                except OSError:
                    stamp = None
            new[output.url] = OutputRecord(fingerprints[output.url], result.digest, result.links, stamp)
        self.state.outputs = new


class _Contract:
    """The URL contract, checked while the plan is made: the plan's live URLs against the ledger.

    `memo` keeps the last check, which holds while the ledger and redirects files and the live
    URLs are the same (most of the preview's rebuilds)."""

    def __init__(self, site: Site, pos: SourcePos, memo: dict) -> None:
        self.site, self.pos, self.memo = site, pos, memo

    def settle(self, live: frozenset[str]) -> RedirectPlan:
        self.live = live
        key = (self.site.ledger, self.site.redirects, self.pos)
        known = self.memo.get("check")
        if known is not None and known[0][0] is key[0] and known[0][1:] == key[1:] and known[1] == live:
            self.check = known[2]
        else:
            self.check = check_ledger(self.site, live, self.pos)
            self.memo["check"] = (key, live, self.check)
        return self.check.plan


@dataclass(frozen=True, slots=True)
class _Pass:
    """How this build writes: its mode, and the records of the files it may keep (those still
    intact in the output folder)."""

    mode: str
    records: dict[str, OutputRecord]
    intact: frozenset[str]

    @classmethod
    def decide(cls, mode: str, out_dir: Path, records: dict[str, OutputRecord]) -> _Pass:
        if mode == NO_WRITE:
            return cls(mode, records, frozenset(records))
        if mode == IN_PLACE and records and (out_dir / BUILD_MARKER).exists():
            # The preview wrote every file it records itself, moments ago: stamps are not checked,
            # to answer a save quickly; a folder deleted meanwhile is built again whole.
            return cls(mode, records, frozenset(records))
        intact = _intact_outputs(out_dir, records)
        if not records or len(intact) < len(records):
            # A first build, or an output folder changed by hand: build it whole, and swap it in
            # so that nothing else in the folder lingers.
            return cls(STAGE, {}, frozenset())
        return cls(mode, records, frozenset(intact))


def _bundle_outputs(bundle: Output, files: dict[str, Callable[[], bytes]]) -> list[Output]:
    """Return one output per file of a bundle, from each file's path within it to its bytes."""
    return [Output(bundle.url + path, None, view, bundle.depends_on, part_of=bundle.url, weight=1) for path, view in files.items()]


def url_changed(url: str, fingerprints: dict[str, str], records: dict[str, OutputRecord]) -> bool:
    record = records.get(url)
    return record is None or record.fingerprint != fingerprints[url]


def _fingerprints(outputs: Iterable[Output], digests: dict[str, str], generator: str, last: dict | None = None) -> dict[str, str]:
    """Return the fingerprint of every output but the summaries, by URL; outputs made the same
    way from the same inputs (the files of a bundle) share one, worked out once.

    `last` keeps the fingerprints between builds (the preview's): an output that is the same
    object as last time, none of whose inputs' digests changed, has the same fingerprint.
    """
    known: dict[tuple, str] = {}
    fingerprints = {}
    before = last.get("fingerprints", {}) if last is not None and last.get("generator") == generator else {}
    old_digests = last.get("digests", {}) if before else {}
    changed = {key for key, digest in digests.items() if old_digests.get(key) != digest} | (old_digests.keys() - digests.keys())
    kept = {}
    for output in outputs:
        if output.summary:
            continue
        previous = before.get(output.url)
        if previous is not None and previous[0] is output and changed.isdisjoint(output.depends_on):
            fingerprint = previous[1]
        else:
            how = (output.template, output.depends_on)  # a frozenset keeps its hash: bundles share one
            fingerprint = known.get(how)
            if fingerprint is None:
                fingerprint = known[how] = _fingerprint(output, digests, generator)
        fingerprints[output.url] = fingerprint
        kept[output.url] = (output, fingerprint)
    if last is not None:
        last.update(generator=generator, digests=dict(digests), fingerprints=kept)
    return fingerprints


def _fingerprint(output: Output, digests: dict[str, str], generator: str) -> str:
    """Return a digest of everything an output is made from: its inputs' digests and how it is made."""
    keys = output.dependency_keys
    values = "\0".join([key if "=" in key else digests[key] for key in keys])
    return hashlib.blake2b(f"{generator}\0{output.template}\0{len(keys)}\0{chr(0).join(keys)}\0{values}".encode(), digest_size=16).hexdigest()


def _intact_outputs(out_dir: Path, records: dict[str, OutputRecord]) -> set[str]:
    """Return the URLs whose file in `out_dir` is still the one the records describe."""
    folder = os.fspath(out_dir)
    return {url for url, record in records.items() if file_unchanged(folder, output_file(url), record.stamp)}


def _with_base_url(site: Site, base_url: str) -> Site:
    url = base_url.strip()
    if url and not is_base_url(url):
        raise BuildFailed([ContentError(SourcePos("--base-url"), f"'{url}' cannot be a site's address", hint="give a full http:// or https:// address without ?query or #fragment")], what="nothing was built")
    config = dataclasses.replace(site.config, base_url=url.rstrip("/") + "/" if url else "")
    return dataclasses.replace(site, config=config)

