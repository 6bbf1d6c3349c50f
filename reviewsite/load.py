"""Read the content folder: the only stage that opens content files.

Every file is read as UTF-8 text with a size limit; a byte-order mark is dropped and Windows line
endings become `\\n`. Problems are collected, one per file, so a build reports them all at once.
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from dataclasses import dataclass
from pathlib import Path

from reviewsite.cache import FileStamp
from reviewsite.errors import ContentError, SourcePos
from reviewsite.project import Project

MAX_FILE_BYTES = 1_000_000
# A file changed within this long may change again within the file system's clock resolution,
# so its stamp is not trusted to say it is unchanged.
RACY_NS = 2_000_000_000
MARKDOWN_SUFFIX = ".md"


@dataclass(frozen=True, slots=True)
class SourceText:
    """The text of one content file and the label errors use for it."""

    pos: SourcePos
    text: str
    path: str = ""  # the file it was read from
    digest: str = ""  # a digest of the file's bytes
    stamp: FileStamp | None = None  # how the file looked when it was read


@dataclass(frozen=True, slots=True)
class ContentFile:
    """One content file: what it is (KINDS), its name (the slug, for areas and pages) and text."""

    kind: str
    name: str
    source: SourceText


KINDS = ("site", "themes", "area", "page", "redirects", "ledger")


@dataclass(frozen=True, slots=True)
class ContentFiles:
    """Everything read from `content/`, plus the problems met while reading it."""

    files: tuple[ContentFile, ...]
    errors: tuple[ContentError, ...]

    def first(self, kind: str) -> ContentFile | None:
        """Return the file of a kind there is one of (site, themes, redirects, ledger)."""
        return next((file for file in self.files if file.kind == kind), None)


def load_content(project: Project, known: dict[str, SourceText] | None = None) -> ContentFiles:
    """Read every content file of `project`; missing required files become errors.

    `known` holds texts read before, by path: a file whose stamp has not changed (and is not too
    recent to trust) is not read again.
    """
    content = project.content_dir
    errors: list[ContentError] = []
    if not content.is_dir():
        error = ContentError(SourcePos(project.label(content)), "the content folder does not exist", hint="run this from the project folder (the one holding content/), or pass --content DIR")
        return ContentFiles((), (error,))
    files: list[ContentFile] = []

    def read(kind: str, path: Path, required: bool, limit: int | None = MAX_FILE_BYTES) -> None:
        if not required and not os.path.lexists(path):
            return
        try:
            files.append(ContentFile(kind, path.name, read_source(path, project.label(path), content, limit, known)))
        except ContentError as error:
            errors.append(error)

    read("site", content / "site.yaml", required=True)
    read("themes", content / "themes.yaml", required=True)
    files.extend(ContentFile("area", name, text) for name, text in _read_folder(project, content / "areas", errors, True, known))
    files.extend(ContentFile("page", name, text) for name, text in _read_folder(project, content / "pages", errors, False, known))
    read("redirects", project.redirects_path, required=False)
    # The ledger is written by the build, not by authors, and grows with the site: no size limit.
    read("ledger", project.ledger_path, required=False, limit=None)
    return ContentFiles(tuple(files), tuple(errors))


def read_source(path: Path, label: str, content_root: Path, limit: int | None = MAX_FILE_BYTES, known: dict[str, SourceText] | None = None) -> SourceText:
    """Return the text of one content file, or raise ContentError saying why it cannot be used.

    `limit` is the largest size accepted, in bytes (None: any size). A file in `known` (by path)
    with the same stamp is not read again.
    """
    pos = SourcePos(label)
    if not os.path.lexists(path):
        raise ContentError(pos, "the file does not exist", hint="create it; content/README.md describes it")
    real = path
    # Resolving costs a system call per folder of the path, so only links are followed.
    if path.is_symlink() or path.parent.is_symlink():
        real = path.resolve()
        if not real.is_relative_to(content_root.resolve()):
            raise ContentError(pos, "the file is a symbolic link to a place outside the content folder", hint="copy the file into content/ instead of linking to it")
    try:
        info = real.stat()
        stamp = FileStamp.of(info)
        previous = known.get(os.fspath(path)) if known else None
        if previous is not None and previous.stamp == stamp and stamp.mtime_ns < time.time_ns() - RACY_NS and previous.pos == pos:
            return previous
        if not stat.S_ISREG(info.st_mode):
            raise ContentError(pos, "this is not a regular file")
        if limit is not None and info.st_size > limit:
            raise ContentError(pos, f"the file is {info.st_size:,} bytes; the limit is {limit:,}", hint="split the content or remove what does not belong in it")
        with real.open("rb") as handle:
            data = handle.read() if limit is None else handle.read(limit + 1)
    except OSError as error:
        raise ContentError(pos, f"the file cannot be read: {error.strerror or error}") from None
    if limit is not None and len(data) > limit:
        raise ContentError(pos, f"the file is larger than the limit of {limit:,} bytes")
    return SourceText(pos, decode_text(pos, data), os.fspath(path), hashlib.blake2b(data, digest_size=16).hexdigest(), stamp)


def decode_text(pos: SourcePos, data: bytes) -> str:
    """Decode UTF-8 (dropping a byte-order mark) and normalise line endings to `\\n`."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start : error.start + 1].hex()
        raise ContentError(pos.at(line), f"the file is not valid UTF-8 (byte 0x{byte} cannot be decoded)", hint="save the file with UTF-8 encoding") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def is_ignored_name(name: str) -> bool:
    """Return True for hidden and editor backup files, which content folders may hold."""
    return name.startswith(".") or name.endswith("~")


def _read_folder(project: Project, folder: Path, errors: list[ContentError], required: bool, known: dict[str, SourceText] | None) -> tuple[tuple[str, SourceText], ...]:
    """Read every Markdown file in `folder`, keyed by file name without `.md`, in name order."""
    if not folder.is_dir():
        if required:
            errors.append(ContentError(SourcePos(project.label(folder)), "the folder does not exist", hint="create it and add one .md file per area"))
        return ()
    found: list[tuple[str, SourceText]] = []
    for entry in sorted(os.scandir(folder), key=lambda item: item.name):
        path = Path(entry.path)
        label = project.label(path)
        if is_ignored_name(entry.name):
            continue
        if entry.is_dir(follow_symlinks=False):
            errors.append(ContentError(SourcePos(label), "folders are not read here", hint="move its files up one level or out of content/"))
        elif not entry.name.endswith(MARKDOWN_SUFFIX):
            errors.append(ContentError(SourcePos(label), "this is not a content file: only .md files belong in this folder", hint="rename it to end in .md, or move it out of content/"))
        else:
            try:
                found.append((entry.name[: -len(MARKDOWN_SUFFIX)], read_source(path, label, project.content_dir, known=known)))
            except ContentError as error:
                errors.append(error)
    return tuple(found)
