"""Running the per-document work of scoring (parsing, checking, grounding, scoring a line) in worker processes.

Every such step is a pure function of one input line and, for scoring, the gold; the steps that depend on
other lines (repeated ids, totals) stay in the calling process, which takes the results in input order. So
the outcome is the same for any number of workers.
"""

import gc
import multiprocessing
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from multiprocessing.pool import Pool
from types import TracebackType
from typing import Any, Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")
State = TypeVar("State")

BATCH_SIZE = 64
"""Lines per task: large enough that inter-process traffic is a small part of a task, small enough to balance."""

BatchFunction = Callable[[State, list[Item]], list[Result]]

_state: Any = None
"""In a worker process: the shared read-only input (the gold) that `Workers` installed at start-up."""


def _install(state: object) -> None:
    global _state
    _state = state


def _call(task: tuple[BatchFunction[Any, Any, Result], list[Any]]) -> list[Result]:
    function, batch = task
    return function(_state, batch)


def _batches(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


YOUNG_COLLECTION_THRESHOLD = 50_000
"""Allocations between two collections of the youngest generation while documents are read and scored (Python's
default is 700)."""


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Run the block with the cyclic garbage collector's youngest generation collected less often.

    Reading and scoring a document allocates thousands of short-lived dicts, lists and tuples, none of them in a
    reference cycle. At the default threshold the collector runs every 700 allocations and traverses each
    document's objects while they are still in use, promoting them to older generations that are traversed again:
    about 5% of the run. Collections still happen, so a cycle made elsewhere is still freed.
    """
    thresholds = gc.get_threshold()
    gc.set_threshold(YOUNG_COLLECTION_THRESHOLD, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


def _context() -> Any:
    # Fork shares the gold with the workers for free (copy-on-write) on Linux; elsewhere fork is unsafe or
    # missing, and spawn pickles the state once per worker at start-up.
    method = "fork" if sys.platform == "linux" else "spawn"
    return multiprocessing.get_context(method)


class Workers(Generic[State]):
    """Maps module-level batch functions `function(state, batch) -> results` over items, in this process
    (`count` <= 1) or in `count` worker processes that each hold `state`; results come in item order."""

    def __init__(self, count: int, state: State) -> None:
        self.count = count
        self.state = state
        self._pool: Pool | None = None

    def __enter__(self) -> "Workers[State]":
        if self.count > 1:
            self._pool = _context().Pool(self.count, initializer=_install, initargs=(self.state,))
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None

    def map(
        self, function: BatchFunction[State, Item, Result], items: Iterable[Item], *, size: int = BATCH_SIZE
    ) -> Iterator[Result]:
        if self._pool is None:
            for batch in _batches(items, size):
                yield from function(self.state, batch)
            return
        # `imap` reads the items lazily (its feeder blocks on the full pipe), so a large file is never held whole.
        tasks = ((function, batch) for batch in _batches(items, size))
        for results in self._pool.imap(_call, tasks):
            yield from results
