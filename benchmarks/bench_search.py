#!/usr/bin/env python3
"""Benchmark: site build and browser search with Pagefind, against mkdocs-material + jieba.

For each N (default 1000 and 10000) it generates, in a temporary folder:

* a case project - the repository's mkdocs.yml, docs/ and registries plus N valid, approved
  cases whose text is runs of real Chinese words (``data/zh-words.txt``, drawn by frequency,
  mixed with the words of bench_validate's case prose: ~600 Han characters per case, 1-2
  checklist items, 1-3 tags, dates over 2019-2026, spread over every unit);
* a bare project - the same texts as one Markdown page per case in a bare mkdocs-material
  site with its built-in search (``lang: zh`` and the separator the project shipped before
  Pagefind; mkdocs-material segments Chinese with jieba whenever jieba is importable).

Then it measures:

1. ``casebook build`` cold (fresh output folder, no cache folder) and repeated (the same
   command again, replacing that site), and the bare ``mkdocs build`` once. Each runs under
   a tiny wrapper process (bench_validate.WRAPPER: fork, exec, ``os.wait4``) that reports
   wall time, CPU time and ``ru_maxrss`` (the largest single process: the build or its
   Pagefind child). Meanwhile this script samples ``/proc`` every 0.1 s and sums the RSS of
   every process under the wrapper: "peak MB" is that sum's maximum (the build and Pagefind
   run at the same time; shared pages count twice; a peak shorter than 0.1 s can be missed).
   The file cache is warm for every run: "cold" means a fresh output folder, not a cold disk.
   The same samples give each command name's CPU seconds and peak RSS (the build's Python
   and the ``pagefind`` child), as last seen up to 0.1 s before it ended.
2. The built site: total bytes, bytes under ``pagefind/``, shards (``pagefind/casebook.json``),
   the largest HTML page and the largest list page (``cases/``, ``units/``, ``criteria/``,
   ``tags/`` and their ``page/N/``).
3. Search in headless Chromium (Playwright), the site served by a threaded HTTP server on
   localhost that gzips text types (HTML, CSS, JS, JSON) and sends Pagefind's own
   already-compressed files as they are; every response has an ETag, files under pagefind/
   ``Cache-Control: max-age=3600`` (Pagefind names its index by content hash and busts its
   entry file itself) and the rest ``no-cache`` (a later page revalidates them: 304). For a common 2-character word and a rare one:
   a new browser context (empty cache) opens a case page; the time from focusing the search
   box and typing to the first visible ``.cb-search__panel .cb-search__result`` is "search
   cold"; then another case page in the same context, the same again: "next page". Bytes
   are the encoded body plus headers (Playwright ``request.sizes()``) of every request the
   context finished from the first key until the network has been quiet for 0.5 s; Pagefind
   fetches from a Web Worker, whose requests a page's CDP session would not see. Renderer
   memory: CDP ``Performance.getMetrics`` JSHeapUsedSize (the page's heap, not the worker's),
   and the RSS of the largest Chromium renderer process under this script (``--type=renderer``
   in /proc/PID/cmdline; the worker lives in that process).
   Without the header search box (``input.cb-search__input``; search.js comes in a later
   merge) the page calls Pagefind's JavaScript API itself: it reads ``pagefind/casebook.json``,
   imports ``pagefind/<shard>/pagefind.js`` for the query word's shard, searches, and loads
   the first result's data; the time is measured in the page (``performance.now()``) and the
   output names the path measured ("box" or "api").
4. Recall and precision at N = 1000 (or the smallest N run): 200 seeded random 2-4-character
   Han substrings of the cases' visible text (``case_record(...).text`` of
   generator/search/records.py, made in this process from the generated project). Truth: the
   cases whose normalised text contains the string. Results: ``window.casebookSearch.query``
   when search.js provides it, else Pagefind's API with ``text.query_words`` joined by
   spaces, every result fetched; only case pages count. Recall = found truth / truth;
   precision at truth count = share of the first |truth| case results that are in the truth,
   printed as Pagefind ranks them and again keeping only results whose record text (the
   ``text`` meta every result carries) holds the string, as a search box can.

It prints one table per N and writes the raw figures to ``benchmarks/results/search-<N>.json``
(not committed). A report, not a test: it exits 0 whether or not targets are met.

Targets: build <= 1.0x the bare build (aim 0.8x); first result <= 1 s cold, <= 0.5 s on the
next page; <= 300 KB per query; renderer memory flat in N.

Usage:  PYTHONPATH=. python benchmarks/bench_search.py [--cases 1000 10000] [--skip-baseline]
        [--skip-browser] [--queries 200] [--seed 2024] [--keep DIR]

Needs Playwright for Python and Chromium (``--chromium``, default /usr/bin/chromium) for the
browser figures, and jieba for the baseline (``pip install -e '.[bench]'``; without it the baseline
column is skipped with a note).
"""
from __future__ import annotations

import argparse
import bisect
import gzip
import hashlib
import importlib.util
import itertools
import json
import mimetypes
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import unquote, urlsplit

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_site import WINDOW, make_case_project, tool
from bench_validate import (
    ACTIONS,
    CLAUSES,
    INDICATORS,
    PLACES,
    ROLES,
    SECTIONS,
    THINGS,
    TOPICS,
    WRAPPER,
    CaseWriter,
    casebook_command,
)

REPO = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
WORDS = Path(__file__).resolve().parent / "data" / "zh-words.txt"
# mkdocs-material's search as the project configured it before Pagefind (mkdocs.yml at 442e1c6).
BARE_SEARCH = {"lang": "zh", "separator": r"[\s\u200b\u3000\-、。，．？！；]+"}
HAN = re.compile(r"[\u4e00-\u9fff]+")
PAGE = os.sysconf("SC_PAGE_SIZE")
TARGETS = {"ratio": 1.0, "cold_s": 1.0, "next_s": 0.5, "kb": 300.0}


# --- text ----------------------------------------------------------------------

class ZhWordsCaseWriter(CaseWriter):
    """bench_validate's case files, with clauses made of real words that rarely repeat.

    Four words in ten come from the case prose's own vocabulary (police-station words), the
    rest from 5,000 common words weighted by count^0.75, so a corpus has both words found in
    most cases and words found in a handful.
    """

    def __init__(self, registries: dict, seed: int) -> None:
        super().__init__(registries, seed)
        rows = [line.split() for line in WORDS.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
        self.general = [w for w, _ in rows]
        self.cum = list(itertools.accumulate(int(c) ** 0.75 for _, c in rows))
        prose = "".join(CLAUSES) + "".join(t for pair in TOPICS for t in pair)
        own = THINGS + INDICATORS + ROLES + ACTIONS + [p for p in PLACES if len(p) > 1]
        self.domain = sorted({w for w in self.general if w in prose} | set(own))

    def clause(self, topic: str) -> str:
        rng = self.rng
        words = [rng.choice(self.domain) if rng.random() < 0.4
                 else self.general[bisect.bisect(self.cum, rng.random() * self.cum[-1])]
                 for _ in range(rng.randint(3, 7))]
        words.insert(rng.randrange(len(words) + 1), topic)
        return "".join(words)


def case_texts(n: int, seed: int) -> list[tuple[str, str, str]]:
    """(unit, case id, file text) of n approved cases; a case's text does not depend on n."""
    registries = {name: yaml.safe_load((REPO / "cases" / f"{name}.yml").read_text(encoding="utf-8-sig"))
                  for name in ("units", "criteria", "tags")}
    writer = ZhWordsCaseWriter(registries, seed)
    plan = writer.plan(n)
    ids = [case_id for _, case_id in plan]
    out = []
    for i, (unit, case_id) in enumerate(plan):
        writer.rng = random.Random(f"{seed}-{i}")
        text = writer.case(unit, case_id, ids[max(0, i - WINDOW): i + WINDOW])
        out.append((unit, case_id, re.sub(r"(?m)^status: .*$", "status: approved", text, count=1)))
    return out


def make_bare_project(target: Path, cases: list[tuple[str, str, str]]) -> None:
    (target / "docs" / "cases").mkdir(parents=True)
    shipped = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8-sig"))
    config = {
        "site_name": "Bare mkdocs-material", "use_directory_urls": True,
        "theme": {"name": "material", "language": "zh", "font": False},
        "plugins": [{"search": BARE_SEARCH}], "extra": {"generator": False},
        "markdown_extensions": shipped.get("markdown_extensions") or [],
        "not_in_nav": "cases/*", "nav": [{"首页": "index.md"}],
    }
    (target / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (target / "docs" / "index.md").write_text("# 案例\n\n同一批案例正文，作为普通 Markdown 页面。\n", encoding="utf-8")
    for _, case_id, text in cases:
        _, front, body = text.split("---\n", 2)
        meta = yaml.safe_load(front)
        page = f"# {meta['title']}\n\n{meta['summary']}\n\n{body.lstrip()}"
        (target / "docs" / "cases" / f"{case_id}.md").write_text(page, encoding="utf-8")


# --- builds: time, CPU, memory of the process tree ---------------------------

def _children() -> dict[int, list[int]]:
    # Every process: pid numbers wrap (pid_max is 32768 on some machines), so a descendant's
    # number need not be higher than its parent's.
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(f"/proc/{entry.name}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def descendants(pid: int) -> list[int]:
    tree, out, todo = _children(), [], [pid]
    while todo:
        for child in tree.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def rss_mb(pid: int) -> float:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE / 2**20
    except (OSError, IndexError, ValueError):
        return 0.0


TICK = os.sysconf("SC_CLK_TCK")


def _sample(pid: int) -> tuple[str, float, float] | None:
    """(command name, CPU seconds so far, RSS MB) of one process."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    name, rest = stat[stat.index("(") + 1:stat.rindex(")")], stat[stat.rindex(")") + 2:].split()
    return name, (int(rest[11]) + int(rest[12])) / TICK, int(rest[21]) * PAGE / 2**20


def run_measured(argv: list[str], log: Path, wrapper: Path) -> dict:
    """Wall s, CPU s, largest single process (ru_maxrss), the sampled peak of the tree's summed
    RSS, and per command name (python, pagefind...) the CPU seconds and peak RSS last sampled."""
    report = Path(str(log) + ".rusage")
    seen: dict[int, tuple[str, float, float]] = {}  # pid -> name, CPU s, peak RSS MB
    with open(log, "wb") as out, open(str(log) + ".err", "wb") as err:
        proc = subprocess.Popen([sys.executable, "-I", "-S", str(wrapper), str(report), *argv], stdout=out, stderr=err)
        peak = 0.0
        while proc.poll() is None:
            total = 0.0
            for pid in descendants(proc.pid):
                got = _sample(pid)
                if got:
                    name, cpu_s, rss = got
                    total += rss
                    seen[pid] = (name, cpu_s, max(rss, seen.get(pid, ("", 0.0, 0.0))[2]))
            peak = max(peak, total)
            time.sleep(0.1)
    if proc.returncode != 0:
        raise SystemExit(f"the timing wrapper failed for {argv}")
    seconds, maxrss, cpu, code = report.read_text().split()
    if int(code) != 0:
        raise SystemExit(f"failed (exit {code}): {' '.join(argv)}\n"
                         + Path(str(log) + ".err").read_text(errors="replace")[-4000:])
    by_name: dict[str, dict[str, float]] = {}
    for name, cpu_s, rss in seen.values():
        entry = by_name.setdefault(name, {"cpu": 0.0, "peak_mb": 0.0})
        entry["cpu"] += cpu_s
        entry["peak_mb"] = max(entry["peak_mb"], rss)
    return {"seconds": float(seconds), "cpu": float(cpu), "max_process_mb": int(maxrss) / 1024, "tree_peak_mb": peak,
            "processes": by_name}


def _processes(m: dict) -> str:
    return ", ".join(f"{name} {v['cpu']:.1f} s CPU / {v['peak_mb']:.0f} MB" for name, v in m["processes"].items())


def is_list_page(rel: str) -> bool:
    parts = rel.split("/")
    if parts[-1] != "index.html" or len(parts) < 2:
        return False
    if parts[0] == "cases":
        return len(parts) == 2 or parts[1] == "page"
    return parts[0] in ("units", "criteria", "tags")


def site_stats(site: Path) -> dict:
    total = pagefind = 0
    html: tuple[int, str] = (0, "")
    lists: tuple[int, str] = (0, "")
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        size, rel = path.stat().st_size, path.relative_to(site).as_posix()
        total += size
        pagefind += size if rel.startswith("pagefind/") else 0
        if rel.endswith(".html"):
            html = max(html, (size, rel))
            if is_list_page(rel):
                lists = max(lists, (size, rel))
    manifest = site / "pagefind" / "casebook.json"
    shards = json.loads(manifest.read_text())["shards"] if manifest.is_file() else None
    return {"site_bytes": total, "pagefind_bytes": pagefind, "shards": shards, "largest_html": html[1],
            "largest_html_bytes": html[0], "largest_list": lists[1], "largest_list_bytes": lists[0]}


def jieba_available() -> bool:
    return importlib.util.find_spec("jieba") is not None


# --- serving the site --------------------------------------------------------

GZIP_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")


class SiteHandler(BaseHTTPRequestHandler):
    root: Path
    cache: ClassVar[dict[str, tuple[bytes, bytes | None, str, str]]] = {}
    lock: ClassVar[threading.Lock] = threading.Lock()

    def log_message(self, *args: object) -> None:
        pass

    def _file(self) -> Path | None:
        rel = unquote(urlsplit(self.path).path).lstrip("/")
        path = (self.root / rel).resolve()
        if not path.is_relative_to(self.root):
            return None
        if path.is_dir():
            path = path / "index.html"
        return path if path.is_file() else None

    def _cache_control(self) -> str:
        # Pagefind names its index and fragments by content hash and busts its entry file itself
        # (?ts=); a reader's next page reuses them. Everything else is revalidated (ETag, 304).
        return "max-age=3600" if self.path.startswith("/pagefind/") else "no-cache"

    def do_GET(self) -> None:
        path = self._file()
        if path is None:
            self.send_error(404)
            return
        key = str(path)
        with self.lock:
            entry = self.cache.get(key)
        if entry is None:
            data = path.read_bytes()
            ctype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            # Pagefind's index, fragments and wasm are gzip streams already; text is compressed here.
            packed = gzip.compress(data, 6) if ctype.startswith(GZIP_TYPES) else None
            entry = (data, packed, ctype, '"' + hashlib.sha1(data).hexdigest()[:16] + '"')
            with self.lock:
                self.cache[key] = entry
        data, packed, ctype, etag = entry
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Cache-Control", self._cache_control())
            self.end_headers()
            return
        body = data
        self.send_response(200)
        self.send_header("Content-Type", ctype + ("; charset=utf-8" if ctype.startswith(GZIP_TYPES) else ""))
        if packed is not None and "gzip" in (self.headers.get("Accept-Encoding") or ""):
            body = packed
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.send_header("Cache-Control", self._cache_control())
        self.end_headers()
        self.wfile.write(body)


def serve(site: Path) -> tuple[ThreadingHTTPServer, str]:
    handler = type("Handler", (SiteHandler,), {"root": site.resolve(), "cache": {}})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


# --- the browser -------------------------------------------------------------

API_FIRST = """async ([root, words]) => {
  const t0 = performance.now();
  const manifest = await (await fetch(root + 'pagefind/casebook.json')).json();
  const shard = manifest.shards > 1 ? words[0].codePointAt(0) % manifest.shards : 0;
  const pf = await import(root + 'pagefind/' + shard + '/pagefind.js');
  await pf.options({baseUrl: root});
  const r = await pf.search(words.join(' '));
  const first = r.results.length ? await r.results[0].data() : null;
  return {ms: performance.now() - t0, count: r.results.length, url: first && first.url};
}"""

# Every result's URL, in rank order; the data of a page is fetched once per shard and kept.
API_ALL = """async ([root, words, text]) => {
  if (window.casebookSearch && window.casebookSearch.query) return await window.casebookSearch.query(text);
  const cb = window.__cbBench = window.__cbBench || {mods: {}, urls: {}, texts: {}};
  cb.manifest = cb.manifest || await (await fetch(root + 'pagefind/casebook.json')).json();
  const shard = cb.manifest.shards > 1 ? words[0].codePointAt(0) % cb.manifest.shards : 0;
  let pf = cb.mods[shard];
  if (!pf) {
    pf = await import(root + 'pagefind/' + shard + '/pagefind.js');
    await pf.options({baseUrl: root});
    cb.mods[shard] = pf;
  }
  const r = await pf.search(words.join(' '));
  const missing = r.results.filter(x => !((shard + ':' + x.id) in cb.urls));
  for (let i = 0; i < missing.length; i += 64) {
    await Promise.all(missing.slice(i, i + 64).map(async x => {
      const d = await x.data();
      cb.urls[shard + ':' + x.id] = d.url;
      cb.texts[d.url] = (d.meta.text || '').normalize('NFKC').toLowerCase();
    }));
  }
  return r.results.map(x => cb.urls[shard + ':' + x.id]);
}"""

# Which of those URLs' records (their meta.text, what a result snippet is cut from) hold the string.
API_HOLDS = """([urls, text]) => {
  const cb = window.__cbBench;
  return urls.map(u => !cb || !(u in cb.texts) ? null : cb.texts[u].includes(text.normalize('NFKC').toLowerCase()));
}"""

HOOK = "() => !!(window.casebookSearch && window.casebookSearch.query)"


class Traffic:
    """Requests of a browser context, the worker's included (Pagefind searches in a Web Worker,
    whose requests a page's CDP session does not see), and when the last one started or ended."""

    def __init__(self, context) -> None:
        self.finished: list = []
        self.last = time.perf_counter()
        context.on("request", self._touch)
        context.on("requestfinished", self._finished)
        context.on("requestfailed", self._touch)

    def _touch(self, _request) -> None:
        self.last = time.perf_counter()

    def _finished(self, request) -> None:
        self.finished.append(request)
        self.last = time.perf_counter()

    def reset(self) -> None:
        self.finished = []

    @property
    def requests(self) -> int:
        return len(self.finished)

    @property
    def bytes(self) -> int:
        """Encoded (gzip) body plus headers of every finished response since reset."""
        total = 0
        for request in self.finished:
            sizes = request.sizes()
            total += max(0, sizes["responseBodySize"] + sizes["responseHeadersSize"])  # 0 from the cache
        return total

    def settle(self, page, quiet: float = 0.5, limit: float = 20.0) -> None:
        start = time.perf_counter()
        while time.perf_counter() - start < limit:
            page.wait_for_timeout(100)  # lets Playwright deliver the events
            if time.perf_counter() - self.last >= quiet:
                return


def renderer_rss_mb() -> float:
    best = 0.0
    for pid in descendants(os.getpid()):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if b"--type=renderer" in cmdline:
            best = max(best, rss_mb(pid))
    return best


def search_once(page, traffic: Traffic, root: str, word: str) -> dict:
    from generator.search.text import query_words

    page.wait_for_load_state("load")
    traffic.settle(page)
    traffic.reset()
    box = page.query_selector("input.cb-search__input")
    if box is not None:
        t0 = time.perf_counter()
        box.click()
        page.keyboard.type(word)
        # The panel says which query its results answer: the whole word, not its first character.
        page.wait_for_function("w => { const p = document.querySelector('.cb-search__panel');"
                               " return p && !p.hidden && p.dataset.query === w"
                               " && p.querySelector('.cb-search__result'); }", arg=word, timeout=120_000, polling=10)
        seconds, path, count = time.perf_counter() - t0, "box", page.locator(".cb-search__result").count()
    else:
        got = page.evaluate(API_FIRST, [root, query_words(word)])
        seconds, path, count = got["ms"] / 1000, "api", got["count"]
    traffic.settle(page)
    return {"seconds": seconds, "path": path, "results_shown": count, "bytes": traffic.bytes,
            "requests": traffic.requests, "urls": [r.url for r in traffic.finished]}


def memory(cdp) -> dict:
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    return {"js_heap_used_mb": metrics.get("JSHeapUsedSize", 0) / 2**20, "renderer_rss_mb": renderer_rss_mb()}


def browser_search(site: Path, chromium: str, pages: tuple[str, str], words: dict[str, str],
                   recall: list[str] | None) -> dict:
    from playwright.sync_api import sync_playwright

    from generator.search.text import query_words

    server, root = serve(site)
    out: dict = {"queries": {}}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium)
            try:
                for label, word in words.items():
                    context = browser.new_context()  # an empty cache
                    page = context.new_page()
                    cdp = context.new_cdp_session(page)
                    cdp.send("Performance.enable")
                    traffic = Traffic(context)
                    page.goto(root + pages[0])
                    cold = search_once(page, traffic, root, word)
                    cold.update(memory(cdp))
                    page.goto(root + pages[1])
                    later = search_once(page, traffic, root, word)
                    later.update(memory(cdp))
                    out["queries"][label] = {"word": word, "cold": cold, "next": later}
                    context.close()
                if recall:
                    context = browser.new_context()
                    page = context.new_page()
                    page.goto(root + pages[0])
                    page.wait_for_load_state("load")
                    out["recall_path"] = "search.js hook" if page.evaluate(HOOK) else "api"
                    found = {}
                    for text in recall:
                        urls = page.evaluate(API_ALL, [root, query_words(text), text])
                        holds = page.evaluate(API_HOLDS, [urls, text])
                        found[text] = [(urlsplit(u).path.lstrip("/"), h) for u, h in zip(urls, holds)]
                    out["recall_results"] = found
                    context.close()
            finally:
                browser.close()
    finally:
        server.shutdown()
    return out


# --- recall ------------------------------------------------------------------

def case_records(project: Path) -> dict[str, str]:
    """URL -> normalised visible text of every case, as the build indexes it."""
    from generator.config import load_config
    from generator.model import build_site
    from generator.pages import build_pages
    from generator.search.text import normalise
    from generator.validate import validate_project

    config, _ = load_config(project, "en")
    report, loaded = validate_project(config, "internal")
    assert report.ok, report.as_text("en")
    records: list = []
    build_pages(build_site(loaded, "internal"), config.cases_dir, "", "bench", None, records=records)
    return {r.url: normalise(r.text) for r in records if r.kind == "case"}


def sample_strings(texts: dict[str, str], k: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    urls = sorted(texts)
    out: list[str] = []
    while len(out) < k:
        size = rng.randint(2, 4)
        runs = [r for r in HAN.findall(texts[rng.choice(urls)]) if len(r) >= size]
        if runs:
            run = rng.choice(runs)
            start = rng.randrange(len(run) - size + 1)
            if run[start:start + size] not in out:
                out.append(run[start:start + size])
    return out


def score(texts: dict[str, str], found: dict[str, list[tuple[str, bool | None]]]) -> dict:
    """Recall and precision at truth count of Pagefind's ranking as it is ("raw") and of the same
    results kept only when their record's own text holds the string ("filtered", what a search
    box can do with the text each result carries)."""
    per = []
    for text, results in found.items():
        truth = {u for u, t in texts.items() if text in t}
        raw = [u for u, _ in results if u in texts]
        kept = [u for u, holds in results if u in texts and holds is not False]
        per.append({"text": text, "truth": len(truth), "results": len(raw), "found": len(truth & set(raw)),
                    "top_hits": sum(u in truth for u in raw[:len(truth)]),
                    "filtered_top_hits": sum(u in truth for u in kept[:len(truth)]),
                    "extra": len(set(raw) - truth)})
    truth_sum = sum(p["truth"] for p in per)
    return {
        "queries": len(per),
        "recall": sum(p["found"] for p in per) / truth_sum,
        "precision_at_truth": sum(p["top_hits"] for p in per) / truth_sum,
        "precision_at_truth_filtered": sum(p["filtered_top_hits"] for p in per) / truth_sum,
        "results_not_containing": sum(p["extra"] for p in per),
        "queries_with_extra_results": sum(p["extra"] > 0 for p in per),
        "perfect_queries": sum(p["found"] == p["truth"] == p["top_hits"] for p in per),
        "worst": sorted(per, key=lambda p: (p["found"] / p["truth"], p["top_hits"] / p["truth"]))[:5],
        "per_query": per,
    }


def pick_words(cases: list[tuple[str, str, str]], seed: int) -> dict[str, str]:
    """A 2-character word found in the most cases (not a section heading), and one found in one to three."""
    df: Counter[str] = Counter()
    for _, _, text in cases:
        df.update({run[i:i + 2] for run in HAN.findall(text) for i in range(len(run) - 1)})
    words = [w for w in _vocabulary() if len(w) == 2 and w not in SECTIONS and w not in "".join(SECTIONS)]
    common = max(words, key=lambda w: (df[w], w))
    rare = [w for w in words if 1 <= df[w] <= 3]
    return {"common": common, "rare": random.Random(seed).choice(rare) if rare else "院坝"}


def _vocabulary() -> list[str]:
    return [line.split()[0] for line in WORDS.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]


# --- one N -------------------------------------------------------------------

def bench_n(n: int, args: argparse.Namespace, root: Path, wrapper: Path) -> dict:
    t0 = time.perf_counter()
    cases = case_texts(n, args.seed)
    work = root / f"n{n}"
    case_dir, bare_dir = work / "case", work / "bare"
    make_case_project(REPO, case_dir, cases)
    han = sum(len("".join(HAN.findall(t.split("\n---\n", 1)[1]))) for _, _, t in cases) / n
    print(f"\nN = {n}: generated in {time.perf_counter() - t0:.1f} s, ~{han:.0f} Han characters of body per case; "
          f"load average {load()}", flush=True)
    logs = work / "logs"
    logs.mkdir()
    site = work / "site"
    result: dict = {"n": n, "seed": args.seed, "load": load()}

    build = casebook_command() + ["build", "--project", str(case_dir), "--site-dir", str(site)]
    for label in ("cold", "repeat"):
        if label == "cold":
            shutil.rmtree(site, ignore_errors=True)
            shutil.rmtree(case_dir / ".casebook-cache", ignore_errors=True)
        m = run_measured(build, logs / f"casebook-{label}.txt", wrapper)
        result[f"build_{label}"] = m
        print(f"  casebook build {label:6s} {m['seconds']:7.2f} s wall  {m['cpu']:7.2f} s CPU  "
              f"tree peak {m['tree_peak_mb']:7.1f} MB  largest process {m['max_process_mb']:7.1f} MB  ({_processes(m)})",
              flush=True)
    result["site"] = stats = site_stats(site)
    print(f"  site {stats['site_bytes'] / 2**20:.1f} MB, pagefind {stats['pagefind_bytes'] / 2**20:.1f} MB, "
          f"{stats['shards']} shards; largest page {stats['largest_html']} {stats['largest_html_bytes'] / 1024:.1f} KB; "
          f"largest list page {stats['largest_list']} {stats['largest_list_bytes'] / 1024:.1f} KB")

    if args.skip_baseline:
        result["baseline"] = None
    elif not jieba_available():
        print("  note: jieba is not installed, so the baseline (mkdocs-material search with jieba) is skipped; "
              "pip install -e '.[bench]'")
        result["baseline"] = None
    else:
        make_bare_project(bare_dir, cases)
        m = run_measured(tool("mkdocs") + ["build", "-q", "-f", str(bare_dir / "mkdocs.yml"), "-d", str(work / "site-bare")],
                         logs / "bare.txt", wrapper)
        m.update(site_stats(work / "site-bare"))
        result["baseline"] = m
        print(f"  baseline build     {m['seconds']:7.2f} s wall  {m['cpu']:7.2f} s CPU  "
              f"tree peak {m['tree_peak_mb']:7.1f} MB  (site {m['site_bytes'] / 2**20:.1f} MB; {_processes(m)})",
              flush=True)
        shutil.rmtree(work / "site-bare")

    if args.skip_browser:
        result["browser"] = None
        return result
    words = pick_words(cases, args.seed)
    recall = None
    texts: dict[str, str] = {}
    if n == args.recall_n:
        texts = case_records(case_dir)
        recall = sample_strings(texts, args.queries, args.seed)
    ids = [case_id for _, case_id, _ in cases]
    pages = (f"cases/{ids[0]}/", f"cases/{ids[len(ids) // 2]}/")
    print(f"  browser: words {words}, pages {pages[0]} then {pages[1]}", flush=True)
    got = browser_search(site, args.chromium, pages, words, recall)
    result["browser"] = {"words": words, "pages": pages, "queries": got["queries"]}
    for label, q in got["queries"].items():
        for when in ("cold", "next"):
            m = q[when]
            print(f"  {label:6s} {q['word']} {when:4s} [{m['path']}] {m['seconds']:6.3f} s  {m['bytes'] / 1024:7.1f} KB "
                  f"in {m['requests']} requests  JS heap {m['js_heap_used_mb']:6.1f} MB  renderer RSS "
                  f"{m['renderer_rss_mb']:6.1f} MB  ({m['results_shown']} results)")
    if recall:
        result["recall"] = s = score(texts, got["recall_results"])
        s["path"] = got["recall_path"]
        print(f"  recall over {s['queries']} random 2-4-character substrings [{s['path']}]: recall {s['recall']:.4f}, "
              f"precision at truth count {s['precision_at_truth']:.4f} as ranked, "
              f"{s['precision_at_truth_filtered']:.4f} keeping results whose text holds the string; "
              f"{s['perfect_queries']} queries exact as ranked; {s['results_not_containing']} results without "
              f"the string, in {s['queries_with_extra_results']} queries")
        for p in s["worst"][:3]:
            if p["found"] < p["truth"] or p["top_hits"] < p["truth"]:
                print(f"    {p}")
    return result


# --- report ------------------------------------------------------------------

def load() -> str:
    return "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def table(r: dict) -> None:
    cold, repeat, base = r["build_cold"], r["build_repeat"], r["baseline"]
    site = r["site"]
    b = r.get("browser") or {}
    common = (b.get("queries") or {}).get("common")

    def cell(value: float | None, fmt: str) -> str:
        return "-" if value is None else format(value, fmt)

    peak = max(cold["tree_peak_mb"], repeat["tree_peak_mb"])
    cols = [
        ("cases", str(r["n"])),
        ("build cold s", cell(cold["seconds"], ".1f")),
        ("build repeat s", cell(repeat["seconds"], ".1f")),
        ("baseline s", cell(base and base["seconds"], ".1f")),
        ("ratio", cell(base and cold["seconds"] / base["seconds"], ".2f")),
        ("peak MB", cell(peak, ".0f")),
        ("baseline peak MB", cell(base and base["tree_peak_mb"], ".0f")),
        ("site MB", cell(site["site_bytes"] / 2**20, ".1f")),
        ("pagefind MB", cell(site["pagefind_bytes"] / 2**20, ".1f")),
        ("shards", str(site["shards"])),
        ("max page KB", cell(site["largest_html_bytes"] / 1024, ".0f")),
        ("max list page KB", cell(site["largest_list_bytes"] / 1024, ".0f")),
        ("search cold s", cell(common and common["cold"]["seconds"], ".2f")),
        ("next page s", cell(common and common["next"]["seconds"], ".2f")),
        ("KB/query", cell(common and common["cold"]["bytes"] / 1024, ".0f")),
        ("renderer MB", cell(common and common["cold"]["renderer_rss_mb"], ".0f")),
    ]
    print()
    print("| " + " | ".join(c for c, _ in cols) + " |")
    print("|" + "|".join("-" * (len(c) + 2) for c, _ in cols) + "|")
    print("| " + " | ".join(v.rjust(len(c)) for c, v in cols) + " |")
    largest = max(cold["max_process_mb"], repeat["max_process_mb"])
    notes = [(f"ratio = casebook cold / baseline (repeat / baseline: "
              f"{cell(base and repeat['seconds'] / base['seconds'], '.2f')}); peak MB = summed RSS of the build's "
              f"process tree (largest single process {largest:.0f} MB)")]
    if base:
        notes.append(f"CPU time (less disturbed by other work on the machine): casebook cold {cold['cpu']:.1f} s, "
                     f"repeat {repeat['cpu']:.1f} s, baseline {base['cpu']:.1f} s, ratio cold/baseline "
                     f"{cold['cpu'] / base['cpu']:.2f}; load average during the run: {r.get('load', '?')}")
    if common:
        rare = b["queries"]["rare"]
        notes.append(f"search: common word {common['word']} via {common['cold']['path']}; rare word {rare['word']}: "
                     f"cold {rare['cold']['seconds']:.2f} s / {rare['cold']['bytes'] / 1024:.0f} KB, next page "
                     f"{rare['next']['seconds']:.2f} s / {rare['next']['bytes'] / 1024:.0f} KB; next page KB (common) "
                     f"{common['next']['bytes'] / 1024:.0f}; JS heap {common['cold']['js_heap_used_mb']:.1f} MB")
    if r.get("recall"):
        s = r["recall"]
        notes.append(f"recall {s['recall']:.4f}, precision at truth count {s['precision_at_truth']:.4f} as ranked / "
                     f"{s['precision_at_truth_filtered']:.4f} filtered by the result's text, over {s['queries']} "
                     f"substrings ({s['path']})")
    for note in notes:
        print("  " + note)
    checks = []
    if base:
        checks.append(("build <= 1.0x baseline", cold["seconds"] / base["seconds"] <= TARGETS["ratio"]))
    if common:
        checks += [("first result <= 1 s cold", common["cold"]["seconds"] <= TARGETS["cold_s"]),
                   ("<= 0.5 s next page", common["next"]["seconds"] <= TARGETS["next_s"]),
                   ("<= 300 KB per query", common["cold"]["bytes"] / 1024 <= TARGETS["kb"])]
    if checks:
        print("  targets: " + ", ".join(f"{'PASS' if ok else 'FAIL'} {text}" for text, ok in checks))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cases", type=int, nargs="+", default=[1000, 10_000], help="numbers of cases (default 1000 10000)")
    ap.add_argument("--skip-baseline", action="store_true", help="do not build the bare mkdocs-material site")
    ap.add_argument("--skip-browser", action="store_true", help="builds and site figures only")
    ap.add_argument("--queries", type=int, default=200, help="random substrings for recall (default 200)")
    ap.add_argument("--recall-n", type=int, default=None, help="N at which recall is measured (default: 1000 if run, "
                                                               "else the smallest N)")
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--keep", type=Path, default=None, help="work in this new folder and keep the projects and sites")
    args = ap.parse_args()
    sizes = sorted(set(args.cases))
    if sizes[0] < 1:
        ap.error("--cases must be positive")
    args.recall_n = args.recall_n or (1000 if 1000 in sizes else sizes[0])

    here = str(REPO)
    if here not in os.environ.get("PYTHONPATH", "").split(os.pathsep):  # the builds import this checkout
        os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (here, os.environ.get("PYTHONPATH")) if p)
    sys.path.insert(0, here)
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    if args.keep:
        root = args.keep.resolve()
        if root.exists() and any(root.iterdir()):
            raise SystemExit(f"--keep {root}: folder exists and is not empty")
        root.mkdir(parents=True, exist_ok=True)
        tmp = None
    else:
        tmp = tempfile.TemporaryDirectory(prefix="casebook-bench-search-")
        root = Path(tmp.name)
    try:
        wrapper = root / "measure.py"
        wrapper.write_text(WRAPPER, encoding="utf-8")
        if not args.skip_baseline and jieba_available():  # jieba writes its dictionary cache on first use
            subprocess.run([sys.executable, "-c", "import jieba; jieba.setLogLevel(60); jieba.initialize()"], check=True)
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {load()}; "
              f"casebook: {' '.join(casebook_command())}; jieba {'yes' if jieba_available() else 'no'}")
        RESULTS.mkdir(exist_ok=True)
        results = []
        for n in sizes:
            r = bench_n(n, args, root, wrapper)
            (RESULTS / f"search-{n}.json").write_text(json.dumps(r, ensure_ascii=False, indent=1), encoding="utf-8")
            table(r)
            results.append(r)
        renderers = [r["browser"]["queries"]["common"]["cold"]["renderer_rss_mb"] for r in results if r.get("browser")]
        if len(renderers) > 1:
            print("\nrenderer RSS by N (common word, cold): "
                  + ", ".join(f"{r['n']}: {m:.0f} MB" for r, m in zip(results, renderers)))
        print(f"\nraw figures: {RESULTS}/search-<N>.json; load average at the end: {load()}")
    finally:
        if tmp:
            tmp.cleanup()
        else:
            print(f"kept: {root}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
