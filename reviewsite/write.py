"""Write a rendered site atomically: stage it next to the output folder, then swap it in.

A failed write leaves the previous site untouched, and files of removed content cannot linger
because every build starts from an empty staging folder.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path, PurePosixPath

from reviewsite.errors import BuildFailed, ContentError, SourcePos
from reviewsite.load import is_ignored_name

logger = logging.getLogger(__name__)

STATIC_OUTPUT = PurePosixPath("static")
# Marks a folder as one we built, so a mistaken --output never deletes someone else's files.
BUILD_MARKER = ".reviewsite-build"
MARKER_TEXT = b"Built by reviewsite; replaced whole on every build.\n"


def collect_static(static_dir: Path) -> dict[PurePosixPath, bytes]:
    """Return the static assets as {output path: bytes}, skipping hidden and backup files."""
    files: dict[PurePosixPath, bytes] = {}
    if not static_dir.is_dir():
        return files
    for folder, dirnames, filenames in os.walk(static_dir):
        dirnames[:] = sorted(d for d in dirnames if not is_ignored_name(d))
        for name in sorted(filenames):
            if is_ignored_name(name):
                continue
            path = Path(folder, name)
            try:
                files[STATIC_OUTPUT / path.relative_to(static_dir).as_posix()] = path.read_bytes()
            except OSError as error:
                raise BuildFailed([ContentError(SourcePos(path.as_posix()), f"this static file cannot be read: {error.strerror or error}")]) from None
    return files


def check_output_paths(outputs: Iterable[tuple[PurePosixPath, bool]]) -> list[ContentError]:
    """Return an error for each path two outputs would write, and for each output path that
    would also have to be a folder. Each output is (path, is_static_file)."""
    seen: dict[PurePosixPath, bool] = {}
    errors = []
    for path, is_static in outputs:
        if path in seen:
            both = is_static != seen[path]
            errors.append(ContentError(SourcePos(path.as_posix()), "a page and a static file would be written to the same path" if both else "two pages would be written to this path"))
        seen[path] = is_static
    folders = {parent for path in seen for parent in path.parents}
    errors += [ContentError(SourcePos(path.as_posix()), "this output path would have to be both a file and a folder (is a redirect pointing inside a file?)")
               for path in sorted(seen) if path in folders]
    return errors


def write_site(files: Mapping[PurePosixPath, bytes], out_dir: Path) -> None:
    """Replace `out_dir` with exactly `files`, or leave it untouched if anything fails."""
    staging = Staging(out_dir)
    with staging.failing_cleanly():
        for path, data in sorted(files.items()):
            staging.write(path, data)
        staging.commit()


class Staging:
    """A folder beside the output folder, filled with the new site and then swapped in whole.

    Files that did not change are hard links to the current ones, so they are not rewritten
    (same inode, same modification time) and still nothing of the old site can linger.
    """

    def __init__(self, out_dir: Path) -> None:
        _refuse_foreign_folder(out_dir)
        self.out_dir = out_dir
        self.folder = out_dir.parent / f".{out_dir.name}.staging"
        self.retired = out_dir.parent / f".{out_dir.name}.old"
        try:
            out_dir.parent.mkdir(parents=True, exist_ok=True)
            for leftover in (self.folder, self.retired):
                if leftover.exists():
                    shutil.rmtree(leftover)
            self.folder.mkdir()
        except OSError as error:
            raise _write_failed(error, out_dir) from None

    def write(self, path: PurePosixPath, data: bytes) -> bool:
        """Stage one file (safe to call from worker processes); return False if the current site
        has the same bytes at that path, which are then kept instead of rewritten."""
        target = self.folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        current = self.out_dir / path
        try:
            if current.stat().st_size == len(data) and current.read_bytes() == data:
                os.link(current, target)
                return False
        except OSError:
            pass
        target.write_bytes(data)
        return True

    def keep(self, path: PurePosixPath) -> None:
        """Carry a file of the current site over unchanged."""
        target = self.folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)
        try:
            os.link(self.out_dir / path, target)
        except OSError:  # a file system without hard links: copy it
            shutil.copy2(self.out_dir / path, target)

    def commit(self) -> None:
        """Mark the staged folder as ours and swap it in for the output folder."""
        self.write(PurePosixPath(BUILD_MARKER), MARKER_TEXT)
        _swap(self.folder, self.out_dir, self.retired)

    @contextlib.contextmanager
    def failing_cleanly(self) -> Iterator[None]:
        """Remove the staging folder if anything fails; report write errors as BuildFailed."""
        try:
            yield
        except OSError as error:
            shutil.rmtree(self.folder, ignore_errors=True)
            raise _write_failed(error, self.out_dir) from None
        except BaseException:
            shutil.rmtree(self.folder, ignore_errors=True)
            raise


def update_in_place(out_dir: Path, changed: Mapping[PurePosixPath, bytes], removed: Iterable[PurePosixPath]) -> None:
    """Write changed files and delete removed ones inside `out_dir`, each file in one step.

    For the live preview, where a rebuild must be quick: readers may briefly see some pages new
    and some old, never half a file.
    """
    try:
        for path, data in sorted(changed.items()):
            target = out_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f".{target.name}.tmp")
            temporary.write_bytes(data)
            temporary.replace(target)
        for path in removed:
            (out_dir / path).unlink(missing_ok=True)
            for folder in (out_dir / path).parents:
                if folder == out_dir or any(folder.iterdir()):
                    break
                folder.rmdir()
    except OSError as error:
        raise _write_failed(error, out_dir) from None


def _write_failed(error: OSError, out_dir: Path) -> BuildFailed:
    where = SourcePos(str(error.filename) if error.filename else out_dir.as_posix())
    return BuildFailed([ContentError(where, f"the site cannot be written: {error.strerror or error}")], what="the previous site was left as it was")


def _swap(staging: Path, out_dir: Path, retired: Path) -> None:
    # os.replace cannot replace a non-empty directory, so swap with two renames.
    if out_dir.exists():
        os.rename(out_dir, retired)
    try:
        os.rename(staging, out_dir)
    except BaseException:
        if retired.exists():
            os.rename(retired, out_dir)
        raise
    shutil.rmtree(retired, ignore_errors=True)


def _refuse_foreign_folder(out_dir: Path) -> None:
    """Refuse to replace a non-empty folder that an earlier build did not write."""
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / BUILD_MARKER).exists():
        raise BuildFailed(
            [ContentError(SourcePos(out_dir.as_posix()), "the output folder holds files this generator did not write; refusing to replace it")],
            what="choose an empty or new folder with --output",
        )
    if out_dir.exists() and not out_dir.is_dir():
        raise BuildFailed([ContentError(SourcePos(out_dir.as_posix()), "the output path is a file, not a folder")], what="choose a folder with --output")


def write_text_atomically(path: Path, text: str) -> None:
    """Replace the file at `path` with `text` in one step, so readers never see half a file."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)
