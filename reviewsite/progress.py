"""Progress for builds that take a while: stages and counts on one terminal line.

Nothing is shown for a build that ends within a second, or when the output is not a terminal
(a log, CI); the summary line the command prints at the end is the same either way.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

SHOW_AFTER_SECONDS = 1.0
REFRESH_SECONDS = 0.1


class Progress:
    """Reports the current stage and how far it has got; silent unless `stream` is a terminal."""

    def __init__(self, stream: TextIO | None = None, clock=time.monotonic) -> None:
        self.stream = stream
        self.clock = clock
        self.started = clock()
        self.name = ""
        self.total = 0
        self.done = 0
        self._shown_at = 0.0
        self._width = 0

    @classmethod
    def on_terminal(cls, stream: TextIO = sys.stderr) -> Progress:
        """Return a reporter that writes to `stream` only if it is a terminal."""
        return cls(stream if stream.isatty() else None)

    def stage(self, name: str, total: int = 0) -> None:
        self.name, self.total, self.done = name, total, 0
        self._show(force=True)

    def advance(self, done: int) -> None:
        self.done = done
        self._show()

    def finish(self) -> None:
        """Clear the progress line, so the summary stands alone."""
        if self.stream is not None and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0

    def _show(self, force: bool = False) -> None:
        if self.stream is None:
            return
        now = self.clock()
        if now - self.started < SHOW_AFTER_SECONDS or (not force and now - self._shown_at < REFRESH_SECONDS):
            return
        self._shown_at = now
        text = f"{self.name}: {self.done:,} of {self.total:,}" if self.total else f"{self.name}..."
        text = f"[{now - self.started:5.1f} s] {text}"
        self.stream.write("\r" + text.ljust(self._width))
        self.stream.flush()
        self._width = max(self._width, len(text))


class Silent(Progress):
    """A reporter that never shows anything (tests, the preview's rebuilds)."""

    def __init__(self) -> None:
        super().__init__(None)
