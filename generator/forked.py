"""Run independent per-file work on every core, for the command line only.

Validation parses every case body with the page's own Markdown (about 1 ms a case),
and cases are independent of one another until their references are checked, so a
province's 10,000 cases split cleanly over the cores. Only ``fork`` is used: the
workers inherit the loaded configuration and registries instead of pickling them,
and only the results travel back. The MkDocs plugin never calls this: ``mkdocs
serve`` runs threads, and forking a threaded process can deadlock.
"""
from __future__ import annotations

import multiprocessing
import os
from typing import Callable, Iterable, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 400  # below this, starting processes costs more than it saves
CHUNK = 64

_job: Callable | None = None  # set in the parent before the fork, inherited by the workers


def _run(item):  # in a worker
    return _job(item)  # type: ignore[misc]


def forked_map(function: Callable[[T], R], items: Iterable[T], workers: int | None = None,
               min_items: int = MIN_ITEMS) -> list[R]:
    """``[function(i) for i in items]`` in order, on ``workers`` forked processes (default: the
    cores) when there are enough items and the platform forks; else in this process."""
    global _job
    items = list(items)
    workers = workers or os.cpu_count() or 1
    if workers < 2 or len(items) < min_items or "fork" not in multiprocessing.get_all_start_methods():
        return [function(item) for item in items]
    _job = function
    try:
        with multiprocessing.get_context("fork").Pool(min(workers, len(items))) as pool:
            return pool.map(_run, items, chunksize=CHUNK)
    finally:
        _job = None
