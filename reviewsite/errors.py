"""The errors a build reports: every one names a file, a line where it can, and the fix."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from reviewsite.values import Value

# How README.md tells maintainers to run the build; hints quote commands exactly this way.
BUILD_COMMAND = ".venv/bin/python build.py"


@dataclass(frozen=True, slots=True, order=True)
class SourcePos(Value):
    """A place in a file: a project-relative path and a 1-based line (None for the whole file)."""

    path: str
    line: int | None = None

    def __str__(self) -> str:
        return self.path if self.line is None else f"{self.path}:{self.line}"

    def at(self, line: int | None) -> SourcePos:
        """Return the same file at another line."""
        return SourcePos(self.path, line)


class SiteError(Exception):
    """The user's input (content, templates, options) is wrong; never our bug."""


class ContentError(SiteError):
    """One problem at one place, printed as `path:line: message` plus an optional hint."""

    def __init__(self, pos: SourcePos, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.pos = pos
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        text = f"{self.pos}: {self.message}"
        return f"{text}\n  hint: {self.hint}" if self.hint else text

    def __repr__(self) -> str:
        return f"ContentError({str(self)!r})"

    def __reduce__(self):
        # Errors are cached with compiled files and sent back from worker processes.
        return (ContentError, (self.pos, self.message, self.hint))

    def sort_key(self) -> tuple[str, int, str]:
        """Order errors by file, then line, then message."""
        return (self.pos.path, self.pos.line or 0, self.message)


class BuildCancelled(Exception):
    """A build was stopped because its result was no longer wanted (the preview's later files,
    when a newer save arrives)."""


class BuildFailed(SiteError):
    """A build stopped before writing anything; carries every error found, sorted."""

    def __init__(self, errors: Iterable[ContentError], what: str = "nothing was written") -> None:
        self.errors = tuple(sorted(errors, key=ContentError.sort_key))
        self.what = what
        super().__init__(str(self))

    def __reduce__(self):  # so that a worker process can send it back whole
        return (type(self), (self.errors, self.what))

    def __str__(self) -> str:
        count = len(self.errors)
        noun = "error" if count == 1 else "errors"
        lines = [str(error) for error in self.errors]
        lines.append(f"{count} {noun}; {self.what}.")
        return "\n".join(lines)


def command(arguments: str) -> str:
    """Return a build.py command as README.md writes it: `.venv/bin/python build.py check`."""
    return f"{BUILD_COMMAND} {arguments}"


def did_you_mean(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """Return a hint naming the closest choice to `word`, or None when nothing is close."""
    matches = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=cutoff)
    return f"did you mean '{matches[0]}'?" if matches else None
