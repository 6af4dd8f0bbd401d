"""Writing the search index with Pagefind's binary (from the ``pagefind_bin_extended`` wheel).

Pagefind's Python package wraps the same binary, but its client reads one response per
0.1 s (``PagefindService._wait_for_responses`` sleeps between reads, checked with
pagefind 1.5.2): 1,000 records took 100 s. This module speaks the binary's documented
``--service`` protocol itself (base64 JSON messages ended by a comma), sending records
without waiting for each answer: the same 1,000 records take under a second to add.

Pagefind needs about 0.7 KB of memory per indexed word while it writes an index, so a
province-sized site is written as several shards, one after the other, each freed before
the next: shard ``j`` holds the words of a run of consecutive records of about
``shard_words`` words. The browser merges the shards into one search (Pagefind's
``mergeIndex``: one copy of its code, results ranked together). Shard 0 also holds every
other record without its words (title, unit, date, filters and sort key only), so a list
filtered without keywords, sorted by date, is shard 0's answer alone (filter ``listed``).
"""
from __future__ import annotations

import base64
import json
import math
import shutil
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from .records import SearchRecord
from .text import index_words, stored_meta

INDEX_DIR = "pagefind"
MANIFEST = "casebook.json"
DELTA_DIR = "delta"  # `casebook serve`: the records changed since the main index was written
SHARD_WORDS = 1_000_000  # indexed words per shard: about 0.6-1 GB of Pagefind's memory at its peak


class SearchIndexError(Exception):
    """Pagefind is missing or failed; ``code`` and ``params`` name the message (messages.py)."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code, params)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class IndexSummary:
    records: int
    words: int
    shards: int


def pagefind_binary() -> Path:
    try:
        from pagefind_bin_extended import get_executable
    except ImportError:
        raise SearchIndexError("pagefind-missing") from None
    return Path(get_executable())


class _Service:
    """One ``pagefind --service`` process: requests go out at once, answers are matched by id."""

    def __init__(self, binary: Path) -> None:
        self._log = tempfile.TemporaryFile()
        try:
            self._process = subprocess.Popen([str(binary), "--service"], stdin=subprocess.PIPE,
                                             stdout=subprocess.PIPE, stderr=self._log)
        except OSError as exc:
            self._log.close()
            raise SearchIndexError("pagefind-failed", reason=str(exc)) from None
        self._answers: dict[int, dict] = {}
        self._errors: list[str] = []
        self._done = threading.Condition()
        self._next_id = 0
        self._closed = False
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        pending = b""
        stream = self._process.stdout
        assert stream is not None
        while chunk := stream.read1(1 << 16):
            pending += chunk
            *messages, pending = pending.split(b",")
            for message in messages:
                answer = json.loads(base64.b64decode(message))
                payload = answer.get("payload") or {}
                with self._done:
                    if payload.get("type") == "Error":
                        self._errors.append(str(payload.get("message")))
                    self._answers[answer.get("message_id") or 0] = payload
                    self._done.notify_all()
        with self._done:
            self._closed = True
            self._done.notify_all()

    def send(self, payload: dict, wait: bool = False) -> dict | None:
        self._next_id += 1
        number = self._next_id
        message = base64.b64encode(json.dumps({"message_id": number, "payload": payload}).encode("utf-8")) + b","
        try:
            assert self._process.stdin is not None
            self._process.stdin.write(message)
            if wait:
                self._process.stdin.flush()
        except (BrokenPipeError, OSError):
            self._fail()
        if not wait:
            return None
        with self._done:
            self._done.wait_for(lambda: number in self._answers or self._closed)
            if number not in self._answers:
                self._fail()
            if self._errors:
                raise SearchIndexError("pagefind-failed", reason=self._errors[0])
            return self._answers.pop(number)

    def _fail(self) -> None:
        self._log.seek(0)
        said = self._log.read().decode("utf-8", "replace").strip().splitlines()
        raise SearchIndexError("pagefind-failed", reason=(said[-1] if said else f"exit {self._process.poll()}"))

    def close(self) -> None:
        if self._process.stdin is not None and not self._process.stdin.closed:
            try:
                self._process.stdin.close()
            except OSError:
                pass
        try:
            self._process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._log.close()


def shard_count(words: int, shard_words: int = SHARD_WORDS) -> int:
    return max(1, math.ceil(words / shard_words))


class IndexWriter:
    """Writes the index in a background thread (Pagefind's own process does the work), so a
    build renders its pages on one core while the index is written on the other.

    ``start`` takes the records; ``finish`` waits and moves the bundles into the site.
    """

    def __init__(self, records: Iterable[SearchRecord], shard_words: int = SHARD_WORDS) -> None:
        self.records = list(records)
        self.shard_words = shard_words
        self.summary: IndexSummary | None = None
        self._work = Path(tempfile.mkdtemp(prefix="casebook-search-"))
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> "IndexWriter":
        pagefind_binary()  # missing: say so before the build starts, not after it
        self._thread.start()
        return self

    def _run(self) -> None:
        try:
            self.summary = _write(self.records, self._work / INDEX_DIR, self.shard_words)
        except BaseException as exc:  # handed to the building thread by finish()
            self._error = exc

    def finish(self, site_dir: Path) -> IndexSummary:
        """Wait for the index and put it at ``site_dir/pagefind``."""
        self._thread.join()
        try:
            if self._error is not None:
                raise self._error
            target = site_dir / INDEX_DIR
            if target.exists():  # a `mkdocs serve` rebuild into the same folder: ours from the last round
                shutil.rmtree(target)
            shutil.move(str(self._work / INDEX_DIR), str(target))
            assert self.summary is not None
            return self.summary
        finally:
            self.discard()

    def discard(self) -> None:
        self._thread.join()
        shutil.rmtree(self._work, ignore_errors=True)


def write_index(records: Iterable[SearchRecord], site_dir: Path, shard_words: int = SHARD_WORDS) -> IndexSummary:
    """Write ``site_dir/pagefind/<shard>/`` (Pagefind bundles) and the manifest search.js reads."""
    return IndexWriter(records, shard_words).start().finish(site_dir)


def _write(records: list[SearchRecord], out: Path, shard_words: int) -> IndexSummary:
    words = [index_words(record.text) for record in records]
    counts = [text.count(" ") + 1 if text else 0 for text in words]
    total = sum(counts)
    shards = _record_ranges(counts, shard_count(total, shard_words))
    service = _Service(pagefind_binary())
    try:
        for shard, (first, end) in enumerate(shards):
            index = service.send({"type": "NewIndex", "config": {"force_language": "en"}}, wait=True)["index_id"]
            for i, record in enumerate(records):
                if first <= i < end:
                    service.send(_add_request(index, record, words[i], listed=shard == 0))
                elif shard == 0:  # found by filters in shard 0, by its words in its own shard
                    service.send(_add_request(index, record, "", listed_only=True))
            service.send({"type": "WriteFiles", "index_id": index, "output_path": str(out / str(shard))}, wait=True)
            service.send({"type": "DeleteIndex", "index_id": index}, wait=True)
    finally:
        service.close()
    (out / MANIFEST).write_text(json.dumps({"shards": len(shards)}), encoding="utf-8")
    return IndexSummary(len(records), total, len(shards))


def _record_ranges(counts: list[int], shards: int) -> list[tuple[int, int]]:
    """``shards`` runs of consecutive records, [first, end), of about equal numbers of words."""
    if shards <= 1:
        return [(0, len(counts))]
    per = sum(counts) / shards
    ranges: list[tuple[int, int]] = []
    first, acc = 0, 0
    for i, count in enumerate(counts):
        acc += count
        if acc >= per * (len(ranges) + 1) and len(ranges) < shards - 1:
            ranges.append((first, i + 1))
            first = i + 1
    ranges.append((first, len(counts)))
    return [r for r in ranges if r[1] > r[0]]


def _add_request(index: int, record: SearchRecord, words: str, listed_only: bool = False,
                 listed: bool = True) -> dict:
    meta = {"title": record.title, "kind": record.kind, "text": record.text, **record.meta}
    if listed_only:  # what a filtered list shows of it; its text is in its own shard
        del meta["text"]
    return {
        "type": "AddRecord", "index_id": index, "url": record.url, "language": "en",
        "content": words,
        "meta": {key: stored_meta(value) for key, value in meta.items()},
        # The browser merges the shards into one search (Pagefind's mergeIndex). A text search asks
        # for indexed: yes, so shard 0's stand-ins of other shards' records (found by their meta
        # values, which Pagefind indexes too) never answer twice; a list without keywords asks for
        # listed: yes, which only shard 0's records have (its own and the stand-ins).
        "filters": {**record.filters, "indexed": ["no" if listed_only else "yes"],
                    "listed": ["yes" if listed or listed_only else "no"]},
        "sort": record.sort or None,
    }


def write_delta(indexed: dict[str, SearchRecord], records: list[SearchRecord], site_dir: Path) -> int:
    """`casebook serve` after an edit: Pagefind cannot change an index it has written, and writing
    the whole index again takes about 13 ms per record. So the records that differ from the ones
    the main index was written from go into a small bundle at ``pagefind/delta/``, and the
    manifest lists every URL whose main-index entry is stale (changed or gone): search.js drops
    those from the main index's results and adds the delta's. Returns the number of URLs listed.
    """
    current = {record.url: record for record in records}
    changed = [record for url, record in current.items() if indexed.get(url) != record]
    replaced = sorted({record.url for record in changed} | (indexed.keys() - current.keys()))
    out = site_dir / INDEX_DIR
    delta = out / DELTA_DIR
    if delta.exists():  # the last round's delta (this plugin wrote it)
        shutil.rmtree(delta)
    if changed:
        service = _Service(pagefind_binary())
        try:
            index = service.send({"type": "NewIndex", "config": {"force_language": "en"}}, wait=True)["index_id"]
            for record in changed:
                service.send(_add_request(index, record, index_words(record.text)))
            service.send({"type": "WriteFiles", "index_id": index, "output_path": str(delta)}, wait=True)
        finally:
            service.close()
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    manifest["delta"] = {"replaced": replaced, "bundle": bool(changed)}
    staged = out / (MANIFEST + ".new")
    staged.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    staged.replace(out / MANIFEST)  # a reader loading the manifest meanwhile gets the old or the new one
    return len(replaced)
