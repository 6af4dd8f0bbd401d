"""A persistent cache for the Chinese word segmentation of the search index.

mkdocs-material's search plugin segments every run of Han characters with
``jieba.cut`` at build time; that is most of a build. Segmentation is a pure
function of the text, so results are kept by text, both within a build (card
titles and summaries repeat on many pages) and across builds (in a JSON file
under the project's cache folder, pruned to what the last build used).

On a cold cache, ``prefill`` forks a second process that reads the generated
pages exactly as the search plugin will (its own HTML parser), and segments
their runs while this process renders pages: a first build uses both cores.
Before indexing a page this process waits, if it must, until the worker has
done that page; anything the worker could not know is segmented here.
"""
from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import os
import tempfile
import threading
from pathlib import Path
from typing import Any, Iterable

# The runs mkdocs-material's search plugin hands to jieba (its own pattern, same regex engine).
_HAN = r"(\p{script: Han}+)"
PREFILL_MIN_RUNS = 300  # below this a second process costs more than it saves
WAIT_STEP = 0.05  # seconds between checks that the worker is still alive

log = logging.getLogger("mkdocs.plugins.casebook")

SearchPage = tuple[str, str, str]  # (key, page title as HTML text, HTML the search plugin will read)


class CachedSegmenter:
    """Stands in for the ``jieba`` module where the search plugin calls ``jieba.cut``."""

    def __init__(self, jieba: Any, path: Path | None) -> None:
        self._jieba = jieba
        self.path = path
        self.known: dict[str, list[str]] = _read(path) if path else {}
        self.used: dict[str, list[str]] = {}
        self.hits = self.misses = 0
        self.worker: _Worker | None = None

    def prefill(self, pages: Iterable[SearchPage]) -> int:
        """Start a worker process segmenting ``pages`` (in the order MkDocs will index them).

        Returns the number of runs not cached yet (an estimate: runs are counted between
        tags here), or 0 when there are too few to be worth a second process.
        """
        from backrefs import bre  # what mkdocs-material's search uses for the same pattern

        pages = list(pages)
        pattern = bre.compile(_HAN, bre.UNICODE)
        new = {r for _, title, html in pages for text in (title, html) for r in pattern.findall(text)
               if r not in self.known}
        if len(new) < PREFILL_MIN_RUNS or (os.cpu_count() or 1) < 2 \
                or "fork" not in multiprocessing.get_all_start_methods():
            return 0
        self.close()
        self.worker = _Worker(pages, self.known)
        return len(new)

    def add_page(self, page: SearchPage) -> None:
        """A page the worker did not get at the start (Markdown pages, rendered later): do it next."""
        if self.worker is not None:
            self.worker.add(page)

    def wait_for(self, key: str) -> None:
        """Block until the worker has segmented the page ``key`` (if it has it and is alive)."""
        if self.worker is not None:
            self.worker.wait_for(key)

    def close(self) -> None:
        if self.worker is not None:
            self.worker.stop()
            self.worker = None

    def cut(self, sentence: Any, *args: Any, **kwargs: Any) -> list[str]:
        if args or kwargs:  # only the plain call is cached
            return list(self._jieba.cut(sentence, *args, **kwargs))
        text = sentence.decode("utf-8") if isinstance(sentence, bytes) else str(sentence)
        tokens = self.used.get(text)
        if tokens is None:
            tokens = self.known.get(text)
            if tokens is None and self.worker is not None:
                tokens = self.worker.ready.get(text)
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
        for other in self.path.parent.glob("jieba-*.json"):  # made with another jieba or dictionary
            if other != self.path:
                other.unlink(missing_ok=True)
        self.known = self.used
        self.used = {}


class _Worker:
    """A forked process that segments pages ahead of the indexer; results come back per page.

    The pages are inherited at the fork, not sent. Pages added later travel through a pipe and
    go before the remaining ones. A reader thread here collects results into ``ready``.
    """

    def __init__(self, pages: list[SearchPage], known: dict[str, list[str]]) -> None:
        ctx = multiprocessing.get_context("fork")
        self.keys = {key for key, _, _ in pages}
        self.done: set[str] = set()
        self.ready: dict[str, list[str]] = {}
        self.alive = True
        self._changed = threading.Condition()
        tasks_in, self._tasks = ctx.Pipe(duplex=False)
        self._results, results_out = ctx.Pipe(duplex=False)
        self.process = ctx.Process(target=_work, args=(pages, known, tasks_in, results_out), daemon=True)
        self.process.start()
        tasks_in.close()
        results_out.close()
        self._reader = threading.Thread(target=self._read, name="casebook-segment-reader", daemon=True)
        self._reader.start()

    def add(self, page: SearchPage) -> None:
        if not self.alive or page[0] in self.keys:
            return
        try:
            self._tasks.send(page)
        except OSError:
            return
        self.keys.add(page[0])

    def wait_for(self, key: str) -> None:
        with self._changed:
            while self.alive and key in self.keys and key not in self.done:
                self._changed.wait(WAIT_STEP)
                if not self.process.is_alive():
                    self.alive = False

    def _read(self) -> None:
        try:
            while True:
                key, segmented = self._results.recv()
                if key is None:  # the worker failed: say why, segment here from now on
                    log.warning("casebook: segmentation worker failed: %s", segmented)
                    break
                self.ready.update(segmented)
                with self._changed:
                    self.done.add(key)
                    self._changed.notify_all()
        except (EOFError, OSError):
            pass
        with self._changed:
            self.alive = False
            self._changed.notify_all()

    def stop(self) -> None:
        self.alive = False
        try:
            self._tasks.send(None)
        except OSError:
            pass
        self.process.join(timeout=1)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join()
        self._tasks.close()
        self._reader.join(timeout=1)
        self._results.close()


def _work(pages: list[SearchPage], known: dict[str, list[str]], tasks: Any, results: Any) -> None:
    """In the worker process: each page's runs, as the search plugin will find them, segmented."""
    try:
        import jieba
        from backrefs import bre
        from material.plugins.search.plugin import Parser

        pattern = bre.compile(_HAN, bre.UNICODE)  # the search plugin's own pattern
        seen = set(known)
        queue = list(reversed(pages))  # pop() takes the next page
        while True:
            while tasks.poll():
                page = tasks.recv()
                if page is None:
                    return
                queue.append(page)  # added pages go first
            if not queue:
                page = tasks.recv()
                if page is None:
                    return
                queue.append(page)
            key, title, html = queue.pop()
            segmented = {}
            for text in _search_texts(Parser, title, html):
                for run in pattern.findall(text):
                    if run not in seen:
                        seen.add(run)
                        segmented[run] = list(jieba.cut(run))
            results.send((key, segmented))
    except (EOFError, OSError, KeyboardInterrupt):
        return
    except Exception as exc:  # noqa: BLE001 - reported by the reader; this process segments instead
        results.send((None, f"{type(exc).__name__}: {exc}"))


def _search_texts(parser_class: Any, title: str, html: str) -> Iterable[str]:
    """The title and text of each indexed section, as mkdocs-material's SearchIndex makes them."""
    parser = parser_class()
    parser.feed(html)
    parser.close()
    for section in parser.data:
        if not section.is_excluded():
            yield ("".join(section.title) if section.title else title).strip()
            yield "".join(section.text).strip()


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


def search_settings(search: Any) -> str:
    """What, besides the text, decides the search plugin's segmentation: a digest for the cache's name.

    The dictionaries are read the way mkdocs-material reads them (``os.path.normpath`` of the
    configured path, relative to the working folder); the separator decides which runs reach jieba.
    """
    digest = hashlib.sha256()
    for key in ("jieba_dict", "jieba_dict_user"):
        value = search.get(key)
        digest.update(f"{key}={value!r}\0".encode())
        if value:
            try:
                digest.update(Path(os.path.normpath(value)).read_bytes())
            except OSError:
                digest.update(b"<unreadable>")  # the search plugin warns and skips it
    digest.update(f"separator={search.get('separator')!r}".encode())
    return digest.hexdigest()[:16]


def install(cache_path: Path | None, settings: str = "") -> CachedSegmenter | None:
    """Put a caching segmenter in front of jieba inside mkdocs-material's search plugin.

    The cache file is named after jieba's version and ``settings`` (see ``search_settings``):
    a new dictionary or separator starts from an empty cache instead of old segmentations.
    """
    try:
        from material.plugins.search import plugin as search_plugin
    except ImportError:
        return None
    current = getattr(search_plugin, "jieba", None)
    if current is None:
        return None
    import jieba

    name = f"jieba-{getattr(jieba, '__version__', '0')}" + (f"-{settings}" if settings else "")
    path = cache_path / f"{name}.json" if cache_path else None
    if isinstance(current, CachedSegmenter):  # installed by an earlier build in this process
        if current.path != path:
            current.path, current.known, current.used = path, _read(path) if path else {}, {}
        return current
    segmenter = CachedSegmenter(current, path)
    search_plugin.jieba = segmenter
    return segmenter
