"""What one build leaves for the next: compiled files and a record of every output written.

The preview keeps a `BuildState` in memory between rebuilds; `build` and `check` keep it on disk
in the cache folder (`.reviewsite-cache/` by default, safe to delete at any time). Everything in
it is keyed by content digests and the generator's own fingerprint, so a stale entry can only
be missed, never used.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import os
import pickle
import stat
from dataclasses import dataclass, field
from pathlib import Path

import reviewsite
from reviewsite.urls import output_file
from reviewsite.values import Value

logger = logging.getLogger(__name__)

STATE_FILE = "state.pickle"
COMPILED_FILE = "compiled.pickle"
CHECK_FILE = "check.pickle"  # what a build with nothing changed reads (see QuickCheck)


def generator_fingerprint() -> str:
    """Return a digest of the generator's version and source: any change to either is a new
    generator, whose cached results are never reused."""
    digest = hashlib.blake2b(reviewsite.__version__.encode(), digest_size=16)
    package = Path(reviewsite.__file__).parent
    for path in sorted(package.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def digest_text(*parts: str) -> str:
    """Return a short digest of some text, used to key caches and dependencies."""
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


def digest_bytes(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@dataclass(frozen=True, slots=True)
class FileStamp(Value):
    """How a file looked when it was last read: enough to notice it changed without reading it."""

    size: int
    mtime_ns: int
    ctime_ns: int  # changes with permissions and renames too
    inode: int
    regular: bool = True

    @classmethod
    def of(cls, info: os.stat_result) -> FileStamp:
        return cls(info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, stat.S_ISREG(info.st_mode))

    def same_file(self, other: FileStamp) -> bool:
        """Return True if both stamps show the same, unmodified file. The status-change time is
        left out: hard-linking an output into a new build changes it."""
        return (self.size, self.mtime_ns, self.inode) == (other.size, other.mtime_ns, other.inode)


def file_unchanged(folder: str, path: str, stamp: FileStamp | None) -> bool:
    """Return True if the file at `path` in `folder` is still the one `stamp` describes (see
    FileStamp.same_file). Plain strings, not Paths: a no-change build asks this of every output."""
    if stamp is None:
        return False
    try:
        info = os.stat(os.path.join(folder, path))
    except OSError:
        return False
    return info.st_size == stamp.size and info.st_mtime_ns == stamp.mtime_ns and info.st_ino == stamp.inode


@dataclass(frozen=True, slots=True)
class OutputRecord(Value):
    """An output as it was last written: why (its inputs' fingerprint), what (a digest of its
    bytes), where it links to, and the stamp of the file on disk."""

    fingerprint: str
    digest: str
    links: frozenset[str]
    stamp: FileStamp | None


@dataclass
class BuildState:
    """Everything a build can reuse from the previous one of the same output folder."""

    generator: str
    compiled: dict[str, object] = field(default_factory=dict)  # compile key -> Compiled
    outputs: dict[str, OutputRecord] = field(default_factory=dict)  # site URL -> record
    inputs: dict[str, tuple[FileStamp, str]] = field(default_factory=dict)  # input path -> (stamp, digest)
    inputs_digest: str = ""  # every input of the last successful build, for the no-change check
    counts: tuple[int, int, int] = (0, 0, 0)  # pages, files and areas of the last build
    templates: tuple[str, dict] = ("", {})  # digest of the template files, what they use and write
    saved_ns: int = 0  # when this state was saved (clock of the file system)
    runtime: dict[str, object] = field(default_factory=dict)  # kept in memory only (templates)


@dataclass(frozen=True, slots=True)
class QuickCheck:
    """What a build needs to find that nothing changed since the last one: its inputs, and the
    stamp (size, modification time, inode) of every file it wrote. Kept apart from the rest of
    the state, in plain tuples, so that it loads in milliseconds."""

    inputs: dict[str, tuple[FileStamp, str]]
    inputs_digest: str
    saved_ns: int
    counts: tuple[int, int, int]
    outputs: tuple[tuple[str, tuple[int, int, int] | None], ...]  # (output file, stamp)

    def outputs_intact(self, out_dir: Path) -> bool:
        """Return True if every file the last build wrote is still there, untouched."""
        folder = os.fspath(out_dir)
        for path, stamp in self.outputs:
            try:
                info = os.stat(os.path.join(folder, path))
            except OSError:
                return False
            if stamp is None or (info.st_size, info.st_mtime_ns, info.st_ino) != stamp:
                return False
        return bool(self.outputs)


def load_check(cache_dir: Path, out_dir: Path, generator: str) -> QuickCheck | None:
    """Return the quick check saved with the state for `out_dir`, if there is one for this generator."""
    saved = _read_pickle(_state_folder(cache_dir, out_dir) / CHECK_FILE)
    if not isinstance(saved, tuple) or len(saved) != 6 or saved[0] != generator:
        return None
    return QuickCheck(*saved[1:])


def load_state(cache_dir: Path, out_dir: Path, generator: str, with_compiled: bool = True) -> BuildState:
    """Return the state saved for `out_dir`, or an empty one when there is none or it is stale."""
    folder = _state_folder(cache_dir, out_dir)
    state = _read_pickle(folder / STATE_FILE)
    if not isinstance(state, BuildState) or state.generator != generator:
        return BuildState(generator)
    if with_compiled:
        compiled = _read_pickle(folder / COMPILED_FILE)
        state.compiled = compiled if isinstance(compiled, dict) else {}
    return state


def load_compiled(cache_dir: Path, out_dir: Path, state: BuildState) -> None:
    """Fill `state.compiled` from disk, for a state loaded without it."""
    compiled = _read_pickle(_state_folder(cache_dir, out_dir) / COMPILED_FILE)
    state.compiled = compiled if isinstance(compiled, dict) else {}


def save_state(cache_dir: Path, out_dir: Path, state: BuildState, compiled_changed: bool = True) -> None:
    """Write `state` for `out_dir`; a cache that cannot be written only costs speed next time."""
    folder = _state_folder(cache_dir, out_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _ignore_in_git(cache_dir)
        (folder / CHECK_FILE).unlink(missing_ok=True)  # written last: it must never describe an older state
        _write_pickle(folder / STATE_FILE, dataclasses.replace(state, compiled={}, runtime={}))
        if compiled_changed or not (folder / COMPILED_FILE).exists():
            _write_pickle(folder / COMPILED_FILE, state.compiled)
        stamps = tuple((output_file(url), None if record.stamp is None else (record.stamp.size, record.stamp.mtime_ns, record.stamp.inode))
                       for url, record in state.outputs.items())
        _write_pickle(folder / CHECK_FILE, (state.generator, state.inputs, state.inputs_digest, state.saved_ns, state.counts, stamps))
    except OSError as error:
        logger.warning("The build cache in %s could not be written (%s); the next build will not be faster.", cache_dir, error.strerror or error)


def _state_folder(cache_dir: Path, out_dir: Path) -> Path:
    """Each output folder has its own state: the records describe the files in it."""
    return cache_dir / digest_text(os.path.abspath(out_dir))[:16]


def _read_pickle(path: Path) -> object | None:
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except FileNotFoundError:
        return None
    except Exception as error:  # a damaged or foreign cache file is just ignored
        logger.debug("ignoring unreadable cache file %s: %s", path, error)
        return None


def _write_pickle(path: Path, value: object) -> None:
    temporary = path.with_name(path.name + ".tmp")
    with temporary.open("wb") as handle:
        pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
    temporary.replace(path)


def _ignore_in_git(cache_dir: Path) -> None:
    ignore = cache_dir / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# The build cache: safe to delete at any time.\n*\n", encoding="utf-8")
