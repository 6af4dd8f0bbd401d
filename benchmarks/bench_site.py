#!/usr/bin/env python3
"""Benchmark: the Casebook site build against a bare mkdocs-material build of the same texts.

For each N (default 100 and 1000) it generates, in a temporary folder:

* a case project - the shipped mkdocs.yml, docs/ and registries (cases/*.yml) of
  the repository, plus N synthetic, valid, approved cases (public and internal),
  made with bench_validate.CaseWriter;
* a bare project - the SAME N case texts as plain Markdown pages
  (docs/cases/<id>.md: title as H1, the front-matter summary as a paragraph,
  the body), mkdocs-material with ``theme.language: zh``, ``font: false``, the
  search plugin settings of the shipped mkdocs.yml (separator, lang) and its
  Markdown extensions, jieba importable, and a trimmed nav (only the home page;
  ``not_in_nav: "cases/*"``). No casebook plugin.

Then, each in a fresh process under a tiny wrapper that reports the command's
own peak RSS (bench_validate's approach: fork, exec, ``os.wait4``), it times

* bare - ``mkdocs build -f bare/mkdocs.yml -d OUT``;
* cold - ``casebook build --project case --site-dir OUT`` with an empty ``.casebook-cache/``;
* warm - the same again. (Since search moved to Pagefind, Casebook keeps no cache, so cold
  and warm are the same build; the bare site still uses mkdocs-material's jieba search.
  ``bench_search.py`` is the benchmark for search and build time now.)

Every build writes into a fresh output folder. With ``--repeat R`` the three
run interleaved R times (cold always starts from an empty cache); the table shows
the fastest run of each, the verdict uses the median of the paired ratios.

``--text prose`` (default) uses bench_validate's case prose as it is; it repeats
a few hundred distinct sentences, so even a cold build finds most segmentation
in the build's own cache. ``--text words`` fills the same structure with random
runs of real words (only headings and short phrases repeat), as in real case
files: the honest "cold".

The machine's load average is printed before every run: the figures are only
comparable when nothing else is running.

Targets (issue 3, "Scale and speed"): at N = 1000 the case build takes at most
1.25x the bare build (reported for cold and warm cache separately; judged on the
median over the rounds of each round's build time / the same round's bare time,
since this shared machine's speed drifts by 20-30 % over minutes, and a build
compared with the bare build run just before it is the fairest pair); a case
page's HTML at N = 1000 is at most 1.2x its size at N = 100 (the same case id,
whose page has the same content at both N); peak memory under 1 GB.

The script is a report: it exits 0 whether or not a target is met, and
non-zero only when a build fails or the benchmark itself is broken.

Wall time is what the targets are about; the CPU time (user + system) of each build is
printed beside it because it is much less disturbed by other work on the machine.

Usage:  python benchmarks/bench_site.py [--n 100 1000] [--repeat 3] [--text prose|words] [--keep DIR]
"""
from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_validate import (
    CLAUSES,
    INDICATORS,
    PLACES,
    THINGS,
    TOPICS,
    WRAPPER,
    CaseWriter,
    casebook_command,
    run,
)

REPO = Path(__file__).resolve().parent.parent
RATIO_TARGET = 1.25
PAGE_GROWTH_TARGET = 1.2
RSS_TARGET_MB = 1024.0
# Related / replicated_from links point at most this far away in the plan, so that the
# case measured (the first one) has the same links, in and out, at every N >= 2 * WINDOW.
WINDOW = 50


# --- the two projects --------------------------------------------------------

class WordsCaseWriter(CaseWriter):
    """CaseWriter whose clauses are random runs of real words, so clauses do not repeat across cases.

    bench_validate's prose draws every clause from 20 templates, so 1,000 cases hold only a
    few hundred distinct runs of Han characters and a build-wide segmentation cache makes
    even a cold build skip jieba almost entirely. Real case files rarely repeat a sentence;
    this text measures the cold build as it would be on them.
    """

    def __init__(self, registries: dict, seed: int) -> None:
        super().__init__(registries, seed)
        import jieba  # generation time only

        jieba.setLogLevel(60)
        text = "，".join([c.format(p=p, t=t, n=5) for c in CLAUSES for p in PLACES[:3] for t, _ in TOPICS[:3]]
                        + [t for pair in TOPICS for t in pair] + THINGS + INDICATORS)
        self.words = sorted({w for w in jieba.cut(text) if len(w) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", w)})

    def clause(self, topic: str) -> str:
        words = [self.rng.choice(self.words) for _ in range(self.rng.randint(3, 7))]
        words.insert(self.rng.randrange(len(words) + 1), topic)
        return "".join(words)


def case_texts(source: Path, n: int, seed: int, text: str = "prose") -> tuple[dict, list[tuple[str, str, str]]]:
    """Registries and n case files (unit, case id, text); every case approved."""
    registries = {
        name: yaml.load((source / "cases" / f"{name}.yml").read_text(encoding="utf-8-sig"), Loader=yaml.CSafeLoader)
        for name in ("units", "criteria", "tags")
    }
    writer = (WordsCaseWriter if text == "words" else CaseWriter)(registries, seed)
    plan = writer.plan(n)
    ids = [case_id for _, case_id in plan]
    out = []
    for i, (unit, case_id) in enumerate(plan):
        # One generator per case and a pool of neighbours: a case's text does not depend on N.
        writer.rng = random.Random(f"{seed}-{i}")
        pool = ids[max(0, i - WINDOW): i + WINDOW]
        text = writer.case(unit, case_id, pool)
        text = re.sub(r"(?m)^status: .*$", "status: approved", text, count=1)
        out.append((unit, case_id, text))
    return registries, out


def make_case_project(source: Path, target: Path, cases: list[tuple[str, str, str]]) -> None:
    target.mkdir(parents=True)
    shutil.copy2(source / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(source / "docs", target / "docs")
    (target / "cases").mkdir()
    for name in ("units", "criteria", "tags"):
        shutil.copy2(source / "cases" / f"{name}.yml", target / "cases" / f"{name}.yml")
    for unit, case_id, text in cases:
        folder = target / "cases" / unit
        folder.mkdir(exist_ok=True)
        (folder / f"{case_id}.md").write_text(text, encoding="utf-8")


class _OpaqueLoader(yaml.SafeLoader):
    """Reads any tag (``!!python/name:``, ``!ENV``) as None."""


_OpaqueLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def bare_config(source: Path) -> dict:
    """mkdocs.yml of the bare project: the shipped search settings, no casebook plugin."""
    shipped = yaml.load((source / "mkdocs.yml").read_text(encoding="utf-8-sig"), Loader=_OpaqueLoader) or {}
    search = {}
    for entry in shipped.get("plugins") or []:
        if entry == "search":
            search = {}
        elif isinstance(entry, dict) and "search" in entry:
            search = dict(entry["search"] or {})
    return {
        "site_name": "Bare mkdocs-material",
        "use_directory_urls": True,
        "theme": {"name": "material", "language": "zh", "font": False},
        "plugins": [{"search": search}],
        "extra": {"generator": False},
        "markdown_extensions": shipped.get("markdown_extensions") or [],
        "not_in_nav": "cases/*",
        "nav": [{"首页": "index.md"}],
    }


def make_bare_project(source: Path, target: Path, cases: list[tuple[str, str, str]]) -> None:
    (target / "docs" / "cases").mkdir(parents=True)
    config = bare_config(source)
    (target / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (target / "docs" / "index.md").write_text("# 案例\n\n同一批案例正文，作为普通 Markdown 页面。\n", encoding="utf-8")
    for _, case_id, text in cases:
        _, front, body = text.split("---\n", 2)
        meta = yaml.load(front, Loader=yaml.CSafeLoader)
        page = f"# {meta['title']}\n\n{meta['summary']}\n\n{body.lstrip()}"
        (target / "docs" / "cases" / f"{case_id}.md").write_text(page, encoding="utf-8")


# --- measuring ---------------------------------------------------------------

# The measuring wrapper (fork, exec, wait4: the command's own wall time, peak RSS and CPU time).



def tool(name: str) -> list[str]:
    script = Path(sys.executable).parent / name
    if script.is_file():
        return [str(script)]
    found = shutil.which(name)
    if found:
        return [found]
    raise SystemExit(f"`{name}` is not installed next to {sys.executable} nor on PATH")


def site_stats(site: Path, case_id: str) -> dict:
    pages = size = 0
    for path in site.rglob("*"):
        if path.is_file():
            size += path.stat().st_size
            pages += path.suffix == ".html"
    page = site / "cases" / case_id / "index.html"
    return {"pages": pages, "site_bytes": size, "case_page_bytes": page.stat().st_size if page.is_file() else None}


def load() -> str:
    return "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def measure(label: str, argv: list[str], out_dir: Path, log: Path, wrapper: Path, case_id: str) -> dict:
    if out_dir.exists():
        shutil.rmtree(out_dir)
    before = load()
    seconds, rss, cpu, code = run(argv, log, wrapper)
    if code != 0 or not out_dir.is_dir():
        err = Path(str(log) + ".err").read_text(errors="replace")
        out = log.read_text(errors="replace")
        raise BuildFailed(f"{label} failed (exit {code}): {' '.join(argv)}\n{out[-3000:]}\n{err[-5000:]}")
    stats = site_stats(out_dir, case_id)
    if stats["case_page_bytes"] is None:
        raise BuildFailed(f"{label}: {out_dir}/cases/{case_id}/index.html was not written")
    print(f"    {label:5s} {seconds:7.2f} s wall  {cpu:7.2f} s CPU  {rss:7.1f} MB  {stats['pages']:5d} pages  "
          f"(load average before: {before})", flush=True)
    return {"seconds": seconds, "cpu": cpu, "rss": rss, **stats}


class BuildFailed(Exception):
    pass


def bench_n(n: int, args: argparse.Namespace, root: Path, wrapper: Path) -> dict:
    source = args.project.resolve()
    t0 = time.perf_counter()
    _, cases = case_texts(source, n, args.seed, args.text)
    case_dir, bare_dir = root / f"n{n}" / "case", root / f"n{n}" / "bare"
    make_case_project(source, case_dir, cases)
    make_bare_project(source, bare_dir, cases)
    case_id = cases[0][1]
    body_chars = sum(len(t.split("\n---\n", 1)[1]) for _, _, t in cases) / n
    public = sum("visibility: public" in t for _, _, t in cases)
    print(f"\nN = {n}: generated in {time.perf_counter() - t0:.1f} s, ~{body_chars:.0f} characters of body "
          f"per case, {public} public / {n - public} internal; measured page cases/{case_id}/")
    print(f"  projects: {case_dir}  {bare_dir}")

    cache = case_dir / ".casebook-cache"
    logs = root / f"n{n}" / "logs"
    logs.mkdir()
    commands = {
        "bare": (tool("mkdocs") + ["build", "-f", str(bare_dir / "mkdocs.yml"), "-d", str(root / f"n{n}" / "site-bare")],
                 root / f"n{n}" / "site-bare"),
        "cold": (casebook_command() + ["build", "--project", str(case_dir), "--site-dir", str(root / f"n{n}" / "site-cold")],
                 root / f"n{n}" / "site-cold"),
        "warm": (casebook_command() + ["build", "--project", str(case_dir), "--site-dir", str(root / f"n{n}" / "site-warm")],
                 root / f"n{n}" / "site-warm"),
    }
    best: dict[str, dict] = {}
    paired: dict[str, list[float]] = {"cold": [], "warm": []}  # this round's build / this round's bare
    for round_ in range(1, args.repeat + 1):
        print(f"  round {round_}:")
        for name, (argv, out_dir) in commands.items():
            if name == "cold" and cache.exists():
                shutil.rmtree(cache)
            result = measure(name, argv, out_dir, logs / f"{name}-{round_}.txt", wrapper, case_id)
            if name == "bare":
                round_bare = result["seconds"]
            else:
                paired[name].append(result["seconds"] / round_bare)
            if name in best:  # fastest wall time and fastest CPU time, largest peak RSS
                old = best[name]
                result["rss"] = max(result["rss"], old["rss"])
                result["cpu"] = min(result["cpu"], old["cpu"])
                if result["seconds"] >= old["seconds"]:
                    old["rss"], old["cpu"] = result["rss"], result["cpu"]
                    continue
            best[name] = result
    cache_bytes = sum(p.stat().st_size for p in cache.rglob("*") if p.is_file()) if cache.exists() else 0
    han = re.compile(r"[\u4e00-\u9fff]+")
    runs = [r for _, _, t in cases for r in han.findall(t)]
    print(f"  segmentation cache after the builds: {cache_bytes / 1e6:.2f} MB; the case files hold "
          f"{len(runs)} runs of Han characters, {len(set(runs))} distinct")
    return {"n": n, "case_id": case_id, "cache_bytes": cache_bytes, "paired": paired, **best}


# --- report ------------------------------------------------------------------

def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def report(results: list[dict], repeat: int) -> None:
    print()
    print(f"{'fastest of ' + str(repeat) if repeat > 1 else 'one run each'} (wall and CPU separately); times include "
          f"interpreter start-up; peak RSS is the build process's own (the largest over the runs); "
          f"pages = HTML files written")
    header = (f"{'N':>5} | {'build':<11} | {'wall s':>7} | {'vs bare':>7} | {'CPU s':>6} | {'vs bare':>7} | "
              f"{'pages':>5} | {'pages/s':>7} | {'peak MB':>7} | {'site MB':>7} | {'case page KB':>12}")
    print(header)
    print("-" * len(header))
    names = {"bare": "bare", "cold": "case cold", "warm": "case warm"}
    for r in results:
        for key, label in names.items():
            m = r[key]
            ratio = m["seconds"] / r["bare"]["seconds"]
            cpu_ratio = m["cpu"] / r["bare"]["cpu"]
            print(f"{r['n']:>5} | {label:<11} | {m['seconds']:>7.2f} | {ratio:>6.2f}x | {m['cpu']:>6.2f} | "
                  f"{cpu_ratio:>6.2f}x | {m['pages']:>5} | {m['pages'] / m['seconds']:>7.1f} | {m['rss']:>7.1f} | "
                  f"{m['site_bytes'] / 1e6:>7.1f} | {m['case_page_bytes'] / 1024:>12.1f}")
    print()

    by_n = {r["n"]: r for r in results}
    top, low = max(by_n), min(by_n)
    checks = []
    r = by_n[top]
    for key in ("cold", "warm"):
        ratio = r[key]["seconds"] / r["bare"]["seconds"]
        cpu_ratio = r[key]["cpu"] / r["bare"]["cpu"]
        rounds = r["paired"][key]
        median = statistics.median(rounds)
        text = (f"case build ({key} cache) at N={top} <= {RATIO_TARGET}x bare: median of the rounds' "
                f"ratios {median:.2f}x ({', '.join(f'{x:.2f}' for x in rounds)}); fastest / fastest "
                f"{r[key]['seconds']:.2f} s / {r['bare']['seconds']:.2f} s = {ratio:.2f}x wall "
                f"(CPU time: {cpu_ratio:.2f}x)")
        checks.append((text, median <= RATIO_TARGET))
    if top != low:
        big, small = by_n[top]["cold"]["case_page_bytes"], by_n[low]["cold"]["case_page_bytes"]
        growth = big / small
        text = (f"case page cases/{r['case_id']}/ at N={top} <= {PAGE_GROWTH_TARGET}x N={low}: "
                f"{big / 1024:.1f} KB / {small / 1024:.1f} KB = {growth:.2f}x")
        checks.append((text, growth <= PAGE_GROWTH_TARGET))
        bare_growth = by_n[top]["bare"]["case_page_bytes"] / by_n[low]["bare"]["case_page_bytes"]
        print(f"(the bare build's page for the same case grows {bare_growth:.2f}x)")
    peak = max(m["rss"] for r in results for m in (r["cold"], r["warm"]))
    checks.append((f"peak memory of the case builds < {RSS_TARGET_MB:.0f} MB: {peak:.1f} MB", peak < RSS_TARGET_MB))
    print("Targets (issue 3):")
    for text, ok in checks:
        print(f"  {verdict(ok)}  {text}")
    missed = [text for text, ok in checks if not ok]
    print("ALL TARGETS MET" if not missed else f"TARGETS MISSED: {len(missed)} of {len(checks)}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, nargs="+", default=[100, 1000], help="numbers of cases (default: 100 1000)")
    ap.add_argument("--repeat", type=int, default=3,
                    help="rounds of bare/cold/warm; the median of paired ratios is judged (default 3)")
    ap.add_argument("--text", choices=("prose", "words"), default="prose",
                    help="prose: bench_validate's case text (few distinct sentences, so segmentation repeats); "
                         "words: clauses of random real words that do not repeat across cases, as in real case files "
                         "(default prose)")
    ap.add_argument("--project", type=Path, default=REPO, help="where mkdocs.yml, docs/ and cases/*.yml come from")
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--keep", type=Path, default=None, help="write the projects and sites into this new folder and keep them")
    args = ap.parse_args()
    if min(args.n) < 1 or args.repeat < 1:
        ap.error("--n and --repeat must be positive")
    if min(args.n) < 2 * WINDOW and len(args.n) > 1:
        print(f"note: below N={2 * WINDOW} the measured case's links differ between the N values")

    os.environ["NO_MKDOCS_2_WARNING"] = "1"  # mkdocs-material's end-of-life banner, for both builds
    tmp = None
    if args.keep:
        root = args.keep.resolve()
        if root.exists() and any(root.iterdir()):
            raise SystemExit(f"--keep {root}: folder exists and is not empty")
        root.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="casebook-bench-site-")
        root = Path(tmp.name)
    try:
        wrapper = root / "measure.py"
        wrapper.write_text(WRAPPER, encoding="utf-8")
        # jieba writes its dictionary cache (in the temp folder) on first use: not part of any build.
        warm = root / "jieba-warmup.txt"
        _, _, _, code = run([sys.executable, "-c", "import jieba; jieba.initialize(); print(jieba.__version__)"],
                            warm, wrapper)
        if code != 0:
            raise SystemExit("jieba is not importable: the bare build would not segment Chinese; install jieba")
        print(f"python {sys.version.split()[0]}, jieba {warm.read_text().strip()}, {os.cpu_count()} CPUs, "
              f"load average {load()}")
        print(f"casebook: {' '.join(casebook_command())}; mkdocs: {' '.join(tool('mkdocs'))}; text: {args.text}")
        if os.getloadavg()[0] > 0.5:
            print("note: the machine is not idle (load average above); wall times will be noisy, "
                  "the CPU-time ratios less so")
        results = [bench_n(n, args, root, wrapper) for n in sorted(set(args.n))]
        report(results, args.repeat)
        print(f"\nload average at the end: {load()}")
    except BuildFailed as exc:
        print(f"\nBUILD FAILED: {exc}", file=sys.stderr)
        return 1
    finally:
        if tmp:
            tmp.cleanup()
        else:
            print(f"kept: {root}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
