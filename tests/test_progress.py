"""Progress on a terminal: stages and counts for slow builds, nothing for quick ones or logs."""

import io

from reviewsite.progress import SHOW_AFTER_SECONDS, Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_quick_build_shows_nothing():
    stream, clock = Terminal(), Clock()
    progress = Progress(stream, clock)
    progress.stage("compiling", 10)
    progress.advance(10)
    progress.finish()
    assert stream.getvalue() == ""


def test_a_slow_build_shows_its_stage_and_count_then_clears_the_line():
    stream, clock = Terminal(), Clock()
    progress = Progress(stream, clock)
    progress.stage("compiling", 2500)
    clock.now += SHOW_AFTER_SECONDS + 0.5
    progress.stage("rendering", 2530)
    progress.advance(1200)
    assert stream.getvalue().endswith("rendering: 0 of 2,530")
    clock.now += 1
    progress.advance(1200)
    assert stream.getvalue().endswith("rendering: 1,200 of 2,530")
    progress.finish()
    assert stream.getvalue().endswith("\r" + " " * len("[  2.5 s] rendering: 1,200 of 2,530") + "\r")


def test_output_that_is_not_a_terminal_gets_no_progress():
    stream = io.StringIO()
    progress = Progress.on_terminal(stream)
    progress.stage("rendering", 10)
    assert progress.stream is None and stream.getvalue() == ""
