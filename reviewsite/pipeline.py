"""Build, check, or preview a project: load -> compile -> validate -> index -> plan -> ledger ->
render -> check links -> write (see `engine`).

Nothing is written until every stage has succeeded, so a failed build leaves the previous site
exactly as it was. Builds reuse what the previous one left in the cache folder: a build with
nothing changed only looks at file stamps, and a build after an edit renders only the outputs
that depend on it.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from reviewsite.cache import BuildState, FileStamp, digest_text, generator_fingerprint, load_check, load_compiled, load_state, save_state
from reviewsite.errors import BuildFailed, ContentError
from reviewsite.load import RACY_NS, is_ignored_name
from reviewsite.portable import portable_files
from reviewsite.progress import Progress, Silent
from reviewsite.project import Project
from reviewsite.write import write_site



@dataclass(frozen=True, slots=True)
class BuildOptions:
    """How to build: `base_url` overrides site.yaml; `preview` turns URL-contract errors into
    warnings (for the live preview); `update_ledger` records new URLs in the ledger;
    `use_cache` reads and writes the cache folder."""

    base_url: str | None = None
    preview: bool = False
    update_ledger: bool = False
    use_cache: bool = True


@dataclass(frozen=True, slots=True)
class BuildResult:
    pages: int
    files: int
    areas: int
    seconds: float
    out_dir: Path | None
    warnings: tuple[ContentError, ...]
    ledger_updated: bool
    rendered: int = 0
    written: int = 0
    pending: bool = False  # the preview left site-wide files for the next rebuild (see PreviewSession.rebuild)


@dataclass(frozen=True, slots=True)
class RenderedSite:
    """A site built in memory and checked (for tools and tests): its plan, every file's bytes
    and the URLs each page links to."""

    site: object
    plan: object
    files: dict[PurePosixPath, bytes]
    linked: dict[str, frozenset[str]]
    warnings: tuple[ContentError, ...]


def build_site(project: Project, options: BuildOptions = BuildOptions(), progress: Progress | None = None) -> BuildResult:
    """Build `project` into its output folder, or raise BuildFailed and leave it untouched."""
    return _build(project, options, "stage", progress or Silent())


def check_site(project: Project, options: BuildOptions = BuildOptions(), progress: Progress | None = None) -> BuildResult:
    """Do everything a build does except write: validate content, the URL contract and links."""
    try:
        return _build(project, BuildOptions(options.base_url, options.preview, False, options.use_cache), "no-write", progress or Silent())
    except BuildFailed as failure:
        # A check never writes, so saying that nothing was written would suggest it might have.
        raise BuildFailed(failure.errors, what="fix " + ("it" if len(failure.errors) == 1 else "them") + " and check again") from None


def render_project(project: Project, options: BuildOptions = BuildOptions(), state: BuildState | None = None) -> RenderedSite:
    """Build the whole site in memory, without the cache folder; raise BuildFailed on any problem.

    Every output is rendered. A `state` given to one call and then the next lets the second
    reuse what did not change in between (compiled content files and templates).
    """
    from reviewsite.engine import EngineOptions, run_build

    state = state or BuildState(generator_fingerprint())
    engine = EngineOptions(options.base_url, options.preview, False, "no-write", keep_files=True)
    outcome = run_build(project, engine, state, Silent())
    return RenderedSite(outcome.site, outcome.plan, outcome.files_written, outcome.linked, outcome.warnings)


def export_portable(project: Project, folder: Path, options: BuildOptions = BuildOptions()) -> BuildResult:
    """Build the site in memory and write a copy that works opened from disk (see `portable`)
    into `folder`, replacing it whole; raise BuildFailed having written nothing."""
    started = time.perf_counter()
    rendered = render_project(project, options)
    files = portable_files(rendered.files)
    write_site(files, folder)
    pages = sum(1 for path in files if path.suffix == ".html")
    return BuildResult(pages, len(files), len(rendered.site.areas), time.perf_counter() - started, folder, rendered.warnings, False, len(files), len(files))


class PreviewSession:
    """Builds for the live preview: the state stays in memory, files are updated in place."""

    def __init__(self, project: Project, options: BuildOptions) -> None:
        self.project = project
        self.options = BuildOptions(options.base_url, preview=True, use_cache=False)
        self.state = BuildState(generator_fingerprint())

    def rebuild(self, pages_first: bool = False, cancel: threading.Event | None = None) -> BuildResult:
        """Bring the output folder up to date with the project; raise BuildFailed on problems.

        With `pages_first`, the site-wide files that take long to make (the search index, the
        open data tables) are left as they were if they changed (`pending` says so), and the next
        rebuild makes them; setting `cancel` stops that rebuild (BuildCancelled).
        """
        return _run(self.project, self.options, "in-place", self.state, Silent(), pages_first=pages_first, cancel=cancel)

    def is_current(self) -> bool:
        """Return True if no input file changed since the last successful rebuild."""
        stamps = _scan_inputs(self.project)
        return set(stamps) == set(self.state.inputs) and all(self.state.inputs[path][0] == stamp for path, stamp in stamps.items())


def _build(project: Project, options: BuildOptions, write: str, progress: Progress) -> BuildResult:
    started = time.perf_counter()
    generator = generator_fingerprint()
    cache_dir, out_dir = project.cache_dir, project.out_dir
    stamps = _scan_inputs(project)
    check = load_check(cache_dir, out_dir, generator) if options.use_cache and not options.update_ledger else None
    if check is not None:
        inputs = _inputs_digest(generator, options, stamps, check.inputs, check.saved_ns)
        if inputs.unchanged and inputs.digest == check.inputs_digest and (write == "no-write" or check.outputs_intact(out_dir)):
            pages, files, areas = check.counts
            return BuildResult(pages, files, areas, time.perf_counter() - started, out_dir if write != "no-write" else None, (), False)
    state = load_state(cache_dir, out_dir, generator, with_compiled=False) if options.use_cache else BuildState(generator)
    inputs = _inputs_digest(generator, options, stamps, state.inputs, state.saved_ns)
    if options.use_cache:
        load_compiled(cache_dir, out_dir, state)
    try:
        result = _run(project, options, write, state, progress, inputs)
    finally:
        progress.finish()
    if options.use_cache:
        save_state(cache_dir, out_dir, state)
    return BuildResult(result.pages, result.files, result.areas, time.perf_counter() - started, result.out_dir, result.warnings,
                       result.ledger_updated, result.rendered, result.written)


def _run(project: Project, options: BuildOptions, write: str, state: BuildState, progress: Progress, inputs: Inputs | None = None,
         pages_first: bool = False, cancel: threading.Event | None = None) -> BuildResult:
    from reviewsite.engine import EngineOptions, run_build

    started = time.perf_counter()
    inputs = inputs or _inputs_digest(state.generator, options, _scan_inputs(project), state.inputs, state.saved_ns)
    compiled = project.cache_dir / "templates" if options.use_cache else None
    engine = EngineOptions(options.base_url, options.preview, options.update_ledger, write, compiled_templates=compiled,
                           pages_first=pages_first, cancel=cancel)
    outcome = run_build(project, engine, state, progress)
    if write != "no-write":
        state.inputs = _record_inputs(inputs.files, outcome.input_digests)
        # A build that only warned (the preview) must not let the next one skip its checks.
        state.inputs_digest = "" if outcome.warnings or outcome.ledger_updated else _combined_digest(state.generator, options, state.inputs)
        state.counts = (outcome.pages, outcome.files, outcome.areas)
        state.saved_ns = time.time_ns()
    return BuildResult(outcome.pages, outcome.files, outcome.areas, time.perf_counter() - started, project.out_dir if write != "no-write" else None,
                       outcome.warnings, outcome.ledger_updated, outcome.rendered, outcome.written, outcome.pending)


def _scan_inputs(project: Project) -> dict[str, FileStamp]:
    """Return the stamp of every file a build may read: content, templates and static files."""
    stamps: dict[str, FileStamp] = {}
    for folder in (project.content_dir, project.templates_dir, project.static_dir):
        for root, dirnames, filenames in os.walk(folder):
            dirnames[:] = sorted(name for name in dirnames if not is_ignored_name(name))
            for name in filenames:
                path = os.path.join(root, name)
                try:
                    stamps[path] = FileStamp.of(os.stat(path))
                except OSError:
                    pass
    return stamps


@dataclass(frozen=True, slots=True)
class Inputs:
    """Every input file's stamp and digest, a digest of them all (with the generator and the
    options), and whether every file is as the state last saw it."""

    files: dict[str, tuple[FileStamp, str]]
    digest: str
    unchanged: bool


def _inputs_digest(generator: str, options: BuildOptions, stamps: dict[str, FileStamp], recorded: dict[str, tuple[FileStamp, str]],
                   saved_ns: int) -> Inputs:
    """Files whose stamp is unchanged since the last build recorded it at `saved_ns` (and not too
    recent to trust) keep their recorded digest; others are read. A file counts as unchanged
    when its digest is the recorded one."""
    unchanged = set(stamps) == set(recorded)
    files = {}
    for path, stamp in sorted(stamps.items()):
        known = recorded.get(path)
        if known is not None and known[0] == stamp and stamp.mtime_ns < saved_ns - RACY_NS:
            files[path] = known
        elif not recorded:
            files[path] = (stamp, "")  # a first build: nothing to compare with (see _record_inputs)
            unchanged = False
        else:
            files[path] = (stamp, _digest_file(path, stamp))
            unchanged = unchanged and known is not None and known[1] == files[path][1]
    return Inputs(files, _combined_digest(generator, options, files), unchanged)


def _combined_digest(generator: str, options: BuildOptions, files: dict[str, tuple[FileStamp, str]]) -> str:
    return digest_text(generator, repr((options.base_url, options.preview)), *(f"{path}={digest}" for path, (_, digest) in sorted(files.items())))


def _record_inputs(files: dict[str, tuple[FileStamp, str]], read: dict[str, str]) -> dict[str, tuple[FileStamp, str]]:
    """Return the inputs to remember, with the digest of each file: as the build read it (`read`
    maps paths to digests of their bytes), or read now when the build did not."""
    return {path: (stamp, digest or read.get(path) or _digest_file(path, stamp)) for path, (stamp, digest) in files.items()}


def _digest_file(path: str, stamp: FileStamp) -> str:
    """Return a digest of a regular file's bytes; other files (a FIFO, a device) are not opened:
    the build refuses them with a clear error."""
    if not stamp.regular:
        return ""
    digest = hashlib.blake2b(digest_size=16)
    try:
        with Path(path).open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
    except OSError:
        return ""
    return digest.hexdigest()
