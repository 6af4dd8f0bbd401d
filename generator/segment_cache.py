"""A persistent cache for the Chinese word segmentation of the search index.

mkdocs-material's search plugin segments every run of Han characters with
``jieba.cut`` at build time; that is most of a build. Segmentation is a pure
function of the text, so results are kept by text, both within a build (card
titles and summaries repeat on many pages) and across builds (in a JSON file
under the project's cache folder, pruned to what the last build used).
"""
from __future__ import annotations

import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

log = logging.getLogger("mkdocs.plugins.casebook")


class CachedSegmenter:
    """Stands in for the ``jieba`` module where the search plugin calls ``jieba.cut``."""

    def __init__(self, jieba: Any, path: Path | None) -> None:
        self._jieba = jieba
        self.path = path
        self.known: dict[str, list[str]] = _read(path) if path else {}
        self.used: dict[str, list[str]] = {}
        self.hits = self.misses = 0

    def cut(self, sentence: Any, *args: Any, **kwargs: Any) -> list[str]:
        if args or kwargs:  # only the plain call is cached
            return list(self._jieba.cut(sentence, *args, **kwargs))
        text = sentence.decode("utf-8") if isinstance(sentence, bytes) else str(sentence)
        tokens = self.used.get(text)
        if tokens is None:
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
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".jieba-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(self.used, fh, ensure_ascii=False, separators=(",", ":"))
        os.replace(tmp, self.path)
        self.known = self.used
        self.used = {}


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
