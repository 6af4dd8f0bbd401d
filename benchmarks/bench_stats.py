#!/usr/bin/env python3
"""Benchmark: what the statistics page (/stats/) and the heat map of /criteria/ add to a build.

Generates a project of N cases over a few hundred units (N // 30 units, stations, brigades and
posts under stations; dates over eight years; one to three criteria a case; about one case in
eight copies an earlier case of another unit, some of them copies of copies; a few submitted and
draft cases), validates it and builds the site model in-process, then times, best of
``--repeat``:

- every page of the site (``PageBuilder.build``: case pages, lists, /stats/, ...);
- /stats/ alone (its figures, charts and page: ``stats_page``);
- /criteria/ alone (its heat map);

and prints the size of the /stats/ and /criteria/ pages (the generated HTML, before the theme
wraps it) and of each chart's SVG. With ``--build`` it also runs ``casebook build`` on the
project and prints the size of the built pages, theme included.

A report: exits 0 whatever the figures; non-zero only when the benchmark itself is broken
(the generated project does not validate).

Usage:  PYTHONPATH=. python benchmarks/bench_stats.py [--cases 1000 10000] [--repeat 3] [--build] [--keep DIR]
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 12, 1)
BODY = "\n".join(f"## {s}\n\n{s}：示例文字，说明这一部分的内容。\n" for s in ("背景", "做法", "成效", "可复制经验"))


def make_project(target: Path, n: int, seed: int) -> None:
    rng = random.Random(seed)
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(REPO / "docs", target / "docs")
    cases = target / "cases"
    cases.mkdir()
    for name in ("criteria.yml", "tags.yml"):
        shutil.copy(REPO / "cases" / name, cases / name)
    criteria = _ids(cases / "criteria.yml")
    tags = _ids(cases / "tags.yml")
    units = max(20, n // 30)
    lines = ["- id: bureau", "  name: 示例市公安局"]
    unit_ids = []
    for i in range(units):
        unit = f"u{i:03d}"
        if i % 10 == 9:  # a post under the station before it
            lines += [f"- id: {unit}", f"  name: 第{i}派出所第{i % 7 + 1}警务室", f"  parent: u{i - 1:03d}"]
        elif i % 10 == 4:
            lines += [f"- id: {unit}", f"  name: 示例市公安局第{i}大队", "  parent: bureau"]
        else:
            lines += [f"- id: {unit}", f"  name: 第{i + 1}派出所", "  parent: bureau"]
        unit_ids.append(unit)
    (cases / "units.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    weights = [1 / (i + 1) ** .7 for i in range(units)]  # a few units write most cases
    start, days = dt.date(2019, 1, 1), (dt.date(2026, 10, 31) - dt.date(2019, 1, 1)).days
    written: list[tuple[str, str, dt.date]] = []  # approved cases: (id, unit, date)
    counters: dict[str, int] = {}
    plan = sorted((start + dt.timedelta(days=rng.randrange(days)), rng.choices(unit_ids, weights)[0]) for _ in range(n))
    for date, unit in plan:  # in date order: a case copies an earlier one
        counters[unit] = counters.get(unit, 0) + 1
        case_id = f"{unit}-{date.year}-{counters[unit]:04d}"
        status = rng.choices(("approved", "submitted", "draft"), (95, 3, 2))[0]
        front = [f"title: 示例做法（{unit} 第 {counters[unit]} 个）", f"date: {date.isoformat()}",
                 f"criteria: [{', '.join(rng.sample(criteria, rng.choice((1, 1, 2, 3))))}]",
                 f"tags: [{rng.choice(tags)}]", f"status: {status}",
                 f"visibility: {rng.choice(('public', 'internal', 'internal'))}", "summary: 示例摘要。"]
        earlier = [w for w in written[-400:] if w[1] != unit]
        if earlier and rng.random() < .125:
            popular = earlier[: max(1, len(earlier) // 20)]  # copies go to a few practices, and copies of them
            front.append(f"replicated_from: {rng.choice(popular if rng.random() < .7 else earlier)[0]}")
        folder = cases / unit
        folder.mkdir(exist_ok=True)
        (folder / f"{case_id}.md").write_text("---\n" + "\n".join(front) + f"\n---\n\n{BODY}", encoding="utf-8")
        if status == "approved":
            written.append((case_id, unit, date))


def _ids(path: Path) -> list[str]:
    return [line.split(":", 1)[1].strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.startswith("- id:")]


def best(repeat: int, run) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - t)
    return min(times), result


def chart_sizes(html: str) -> dict[str, int]:
    """Bytes of each chart (<svg class="cb-chart">, a nested <svg> included) by its id."""
    sizes, at = {}, 0
    while (start := html.find('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink', at)) != -1:
        depth = 0
        for tag in re.finditer(r"<(/?)svg\b[^>]*>", html[start:]):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                at = start + tag.end()
                break
        sizes[re.search(r'\sid="([^"]+)"', html[start:at]).group(1)] = len(html[start:at].encode())
    return sizes


def kb(size: int) -> str:
    return f"{size / 1024:.1f} KB"


def bench(n: int, root: Path, args: argparse.Namespace) -> None:
    from generator.config import load_config
    from generator.model import build_site
    from generator.pages import PageBuilder
    from generator.stats.figures import counted, coverage
    from generator.stats.pages import stats_page
    from generator.stats.review import review_of
    from generator.validate import validate_project

    project_dir = root / f"stats-{n}"
    project_dir.mkdir(parents=True)
    t = time.perf_counter()
    make_project(project_dir, n, args.seed)
    made = time.perf_counter() - t
    config, problems = load_config(project_dir)
    report, project = validate_project(config, "internal", forked=True, as_of=AS_OF)
    if not report.ok or [p for p in problems if p.severity == "error"]:
        print(report.as_text("en")[:2000])
        raise SystemExit(f"the generated project of {n} cases does not validate")
    site = build_site(project, "internal")
    review = review_of(project, "internal", AS_OF)
    units = len(site.units)

    def builder() -> PageBuilder:
        return PageBuilder(site, config.cases_dir)

    all_pages, pages = best(args.repeat, lambda: builder().build())
    stats_time, page = best(args.repeat, lambda: stats_page(builder(), review, None))
    criteria_time, criteria_page = best(args.repeat, lambda: builder()._render(
        "criteria/index.md", "criteria_index.html", "创建清单", coverage=coverage(site, counted(site))))
    sizes = chart_sizes(page.content)
    print(f"\n## {n} cases, {units} units ({len(site.cases)} approved; project written in {made:.1f} s)")
    print("| what | time | size |\n|---|---|---|")
    print(f"| every page ({len(pages)} pages) | {all_pages:.2f} s | |")
    print(f"| /stats/ (figures + charts + page) | {stats_time * 1000:.0f} ms | {kb(len(page.content.encode()))} |")
    print(f"| /criteria/ (heat map {units} x {len(site.criteria)}) | {criteria_time * 1000:.0f} ms "
          f"| {kb(len(criteria_page.content.encode()))} |")
    for chart, size in sizes.items():
        print(f"| SVG {chart} | | {kb(size)} |")
    print(f"/stats/ share of the pages' time: {stats_time / all_pages * 100:.1f} %")
    if args.build:
        site_dir = root / f"site-{n}"
        env = dict(os.environ, PYTHONPATH=str(REPO))
        t = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "generator.cli", "build", str(project_dir), "--site-dir",
                               str(site_dir), "--as-of", AS_OF.isoformat()], env=env, capture_output=True, text=True)
        if done.returncode:
            print(done.stdout[-2000:], done.stderr[-2000:])
            raise SystemExit("casebook build failed")
        print(f"casebook build: {time.perf_counter() - t:.1f} s; built /stats/ "
              f"{kb((site_dir / 'stats' / 'index.html').stat().st_size)}, /criteria/ "
              f"{kb((site_dir / 'criteria' / 'index.html').stat().st_size)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--cases", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--build", action="store_true", help="also run casebook build and size the built pages")
    parser.add_argument("--keep", type=Path, help="keep the generated projects in this folder")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f}; Python {sys.version.split()[0]}")
    root = args.keep or Path(tempfile.mkdtemp(prefix="bench-stats-"))
    try:
        for n in args.cases:
            bench(n, root, args)
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
