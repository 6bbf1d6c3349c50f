"""Use both cores: run independent pieces of work in forked worker processes.

Workers are forked, so they start with everything the parent has built (the site, the plan),
and only results travel back. Results come back in the order of the work, so the output is the
same however it was divided. Where forking is unavailable or unsafe (another platform, or a
process that already runs threads), the work runs here, one piece after another.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS_PER_WORKER = 48


def worker_count() -> int:
    """Return how many processes to use: the cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def can_fork() -> bool:
    """Forking is safe only on POSIX systems with fork, from a process without other threads."""
    return hasattr(os, "fork") and sys.platform != "darwin" and threading.active_count() == 1


def map_parallel(work: Callable[[T], R], items: Sequence[T], weights: Sequence[int] | None = None,
                 on_done: Callable[[int], None] | None = None) -> list[R]:
    """Return [work(item) for item in items], computed in up to worker_count() processes.

    `weights` estimate each item's cost, so that the workers get even shares. `on_done(n)` is
    told as pieces finish here (the workers' pieces are counted in the same proportion). An
    exception in a worker is raised here again.
    """
    workers = min(worker_count(), len(items) // MIN_ITEMS_PER_WORKER)
    if workers < 2 or not can_fork():
        return _run(work, items, list(range(len(items))), on_done, 1)
    shares = _shares(len(items), weights, workers)
    children = [_fork(work, items, share) for share in shares[1:]]
    mine = _run(work, items, shares[0], on_done, len(items) / max(1, len(shares[0])))
    results: list[R | None] = [None] * len(items)
    for index, result in zip(shares[0], mine, strict=True):
        results[index] = result
    for share, (pid, reader) in zip(shares[1:], children, strict=True):
        outcome = _collect(pid, reader)
        for index, result in zip(share, outcome, strict=True):
            results[index] = result
    return results  # type: ignore[return-value]


class Background:
    """`work()` running in a forked process while this one goes on; `result()` waits for it.

    Where forking is unavailable or unsafe, the work runs here when its result is first asked for.
    """

    def __init__(self, work: Callable[[], R]) -> None:
        self._work: Callable[[], R] | None = work
        self._child: tuple[int, int] | None = _fork(lambda _: work(), [None], [0]) if can_fork() else None
        self._value: list[R] = []

    def result(self) -> R:
        """Return what the work returned, or raise what it raised."""
        if not self._value:
            if self._child is not None:
                pid, reader = self._child
                self._child = None
                self._value.append(_collect(pid, reader)[0])
            else:
                self._value.append(self._work())  # type: ignore[misc]
            self._work = None
        return self._value[0]

    def abandon(self) -> None:
        """Stop the work if it is still running; its result is not wanted."""
        if self._child is not None:
            pid, reader = self._child
            self._child = None
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.close(reader)
            os.waitpid(pid, 0)


def _shares(count: int, weights: Sequence[int] | None, workers: int) -> list[list[int]]:
    """Deal items to workers, heaviest first, each to the lightest share so far."""
    order = sorted(range(count), key=lambda i: -(weights[i] if weights else 1))
    shares: list[list[int]] = [[] for _ in range(workers)]
    loads = [0] * workers
    for index in order:
        lightest = loads.index(min(loads))
        shares[lightest].append(index)
        loads[lightest] += weights[index] if weights else 1
    return [sorted(share) for share in shares]


def _run(work: Callable[[T], R], items: Sequence[T], share: list[int], on_done: Callable[[int], None] | None = None, scale: float = 1) -> list[R]:
    results = []
    for done, index in enumerate(share, start=1):
        results.append(work(items[index]))
        if on_done is not None and done % 16 == 0:
            on_done(min(len(items), round(done * scale)))
    if on_done is not None:
        on_done(len(items) if scale > 1 else len(share))
    return results


def _fork(work: Callable[[T], R], items: Sequence[T], share: list[int]) -> tuple[int, int]:
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker: compute its share, send it back, and leave without cleanup
        status = 1
        try:  # whatever happens, the worker never returns into its parent's code
            os.close(reader)
            try:
                payload = pickle.dumps((True, _run(work, items, share)), protocol=pickle.HIGHEST_PROTOCOL)
                status = 0
            except BaseException as error:  # noqa: BLE001 - sent to the parent, which raises it
                try:
                    payload = pickle.dumps((False, error), protocol=pickle.HIGHEST_PROTOCOL)
                except Exception:
                    payload = pickle.dumps((False, RuntimeError(f"a worker process failed: {error!r}")), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(writer, "wb") as pipe:
                pipe.write(payload)
        except BaseException:  # noqa: BLE001 - the parent has gone or stopped listening
            status = 1
        finally:
            os._exit(status)
    os.close(writer)
    return pid, reader


def _collect(pid: int, reader: int) -> list:
    with os.fdopen(reader, "rb") as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    if not data:
        raise RuntimeError("a worker process ended without a result")
    ok, value = pickle.loads(data)
    if not ok:
        raise value
    return value
