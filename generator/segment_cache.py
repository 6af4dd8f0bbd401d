"""A persistent cache for the Chinese word segmentation of the search index.

mkdocs-material's search plugin segments every run of Han characters with
``jieba.cut`` at build time; that is most of a build. Segmentation is a pure
function of the text, so results are kept by text, both within a build (card
titles and summaries repeat on many pages) and across builds (in a JSON file
under the project's cache folder, pruned to what the last build used).

On a cold cache, ``prefill`` segments the Han runs of the generated pages in a
second process while MkDocs renders in this one, so a first build uses both
cores instead of waiting on jieba page by page.
"""
from __future__ import annotations

import json
import logging
import multiprocessing
import os
import tempfile
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any, Iterable

# The runs mkdocs-material's search plugin hands to jieba (its own pattern, same regex engine).
_HAN = r"(\p{script: Han}+)"
PREFILL_MIN_RUNS = 300  # below this a second process costs more than it saves
PREFILL_CHUNK = 400

log = logging.getLogger("mkdocs.plugins.casebook")


class CachedSegmenter:
    """Stands in for the ``jieba`` module where the search plugin calls ``jieba.cut``."""

    def __init__(self, jieba: Any, path: Path | None) -> None:
        self._jieba = jieba
        self.path = path
        self.known: dict[str, list[str]] = _read(path) if path else {}
        self.used: dict[str, list[str]] = {}
        self.hits = self.misses = 0
        self._pool: ProcessPoolExecutor | None = None
        self._pending: list[Future] = []

    def prefill(self, texts: Iterable[str], own_share: float = 0.4) -> int:
        """Start segmenting, in a second process, the Han runs of ``texts`` not cached yet.

        ``texts`` come in the order MkDocs will index them. This process segments the first
        ``own_share`` itself as pages come; the worker takes the rest, so no run is done twice.
        """
        import regex

        pattern = regex.compile(_HAN, regex.UNICODE)
        texts = list(texts)
        split = int(len(texts) * own_share)
        mine = {r for t in texts[:split] for r in pattern.findall(t)}
        runs = list(dict.fromkeys(r for t in texts[split:] for r in pattern.findall(t)
                                  if r not in self.known and r not in mine))
        if len(runs) < PREFILL_MIN_RUNS or (os.cpu_count() or 1) < 2 or "fork" not in multiprocessing.get_all_start_methods():
            return 0
        self._jieba.initialize()  # load the dictionary once; the forked worker inherits it
        self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
        self._pending = [self._pool.submit(_segment_runs, runs[i:i + PREFILL_CHUNK])
                         for i in range(0, len(runs), PREFILL_CHUNK)]
        return len(runs)

    def _collect(self) -> None:
        pending = []
        for future in self._pending:
            if future.done():
                if future.exception() is None:
                    self.known.update(future.result())
            else:
                pending.append(future)
        self._pending = pending

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool, self._pending = None, []

    def cut(self, sentence: Any, *args: Any, **kwargs: Any) -> list[str]:
        if args or kwargs:  # only the plain call is cached
            return list(self._jieba.cut(sentence, *args, **kwargs))
        text = sentence.decode("utf-8") if isinstance(sentence, bytes) else str(sentence)
        tokens = self.used.get(text)
        if tokens is None:
            tokens = self.known.get(text)
            if tokens is None and self._pending:
                self._collect()
                tokens = self.known.get(text)
            if tokens is None:
                self.misses += 1
                tokens = list(self._jieba.cut(text))
            else:
                self.hits += 1
            self.used[text] = tokens
        else:
            self.hits += 1
        return tokens

    def __getattr__(self, name: str) -> Any:  # set_dictionary, load_userdict, ...
        return getattr(self._jieba, name)

    def save(self) -> None:
        self.close()
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".jieba-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(self.used, fh, ensure_ascii=False, separators=(",", ":"))
        os.replace(tmp, self.path)
        self.known = self.used
        self.used = {}


def _segment_runs(runs: list[str]) -> dict[str, list[str]]:
    """In the worker process: segment each run with the real jieba."""
    import jieba

    return {run: list(jieba.cut(run)) for run in runs}


def _read(path: Path) -> dict[str, list[str]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        log.warning("casebook: ignoring unreadable segmentation cache %s", path)
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, list)
            and all(isinstance(t, str) for t in v)}


def install(cache_path: Path | None) -> CachedSegmenter | None:
    """Put a caching segmenter in front of jieba inside mkdocs-material's search plugin."""
    try:
        from material.plugins.search import plugin as search_plugin
    except ImportError:
        return None
    current = getattr(search_plugin, "jieba", None)
    if current is None:
        return None
    import jieba

    path = cache_path / f"jieba-{getattr(jieba, '__version__', '0')}.json" if cache_path else None
    if isinstance(current, CachedSegmenter):  # installed by an earlier build in this process
        if current.path != path:
            current.path, current.known, current.used = path, _read(path) if path else {}, {}
        return current
    segmenter = CachedSegmenter(current, path)
    search_plugin.jieba = segmenter
    return segmenter
