"""Work on both cores: results in the order of the work, errors raised here, background work."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from reviewsite.errors import BuildFailed, ContentError, SourcePos
from reviewsite.parallel import MIN_ITEMS_PER_WORKER, Background, map_parallel


def in_a_fresh_process(code: str) -> None:
    """Run `code` in a new interpreter, where no other thread runs (as in a build), so work is
    forked; fail with what it printed if it fails."""
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_results_come_back_in_the_order_of_the_work_however_it_was_shared():
    items = list(range(4 * MIN_ITEMS_PER_WORKER))
    weights = [item % 7 + 1 for item in items]
    assert map_parallel(lambda item: item * item, items, weights=weights) == [item * item for item in items]


def test_work_is_shared_with_another_process():
    in_a_fresh_process(f"""
        import os
        from reviewsite.parallel import map_parallel
        pids = set(map_parallel(lambda _: os.getpid(), list(range({4 * MIN_ITEMS_PER_WORKER}))))
        assert os.getpid() in pids and len(pids) == 2, pids
    """)


def test_an_error_in_a_worker_is_raised_here_whole():
    def work(item: int) -> int:
        if item == 3 * MIN_ITEMS_PER_WORKER:
            raise BuildFailed([ContentError(SourcePos("content/areas/york.md", 7), "no such theme")])
        return item

    with pytest.raises(BuildFailed) as raised:
        map_parallel(work, list(range(4 * MIN_ITEMS_PER_WORKER)))
    assert [str(error) for error in raised.value.errors] == ["content/areas/york.md:7: no such theme"]


def test_background_work_runs_in_another_process_while_this_one_goes_on():
    in_a_fresh_process("""
        import os, time
        from reviewsite.parallel import Background
        started = time.monotonic()
        background = Background(lambda: (time.sleep(0.5), os.getpid())[1])
        assert time.monotonic() - started < 0.4, "waited for"
        assert background.result() != os.getpid()
        assert background.result() == background.result()  # asked twice, made once
    """)


def test_background_work_raises_here_what_it_raised():
    def work():
        raise BuildFailed([ContentError(SourcePos("pagefind"), "the search index cannot be built")], what="nothing was written")

    with pytest.raises(BuildFailed, match="the search index cannot be built"):
        Background(work).result()


def test_abandoned_background_work_is_stopped_at_once():
    in_a_fresh_process("""
        import os, time
        from reviewsite.parallel import Background
        background = Background(lambda: time.sleep(60))
        pid = background._child[0]
        started = time.monotonic()
        background.abandon()
        assert time.monotonic() - started < 5
        try:
            os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            pass  # already reaped: nothing is left running
        else:
            raise AssertionError("the worker is still there")
    """)
