#!/usr/bin/env python3
"""Benchmark: what the progress board adds to ``casebook validate`` and ``casebook build``.

Generates a province-sized board (issue 12: 200 units x 40 assessment items) into a
temporary project: 200 stations, one approved case each (the evidence they cite), a
campaign of 40 items over the eight criteria, and a progress.yml per unit with an entry
for every item (people, statuses, due dates, evidence, difficulties). The same project
without campaign.yml and the progress files is the baseline. Each command runs in a fresh
process (interpreter start-up included); the best of ``--repeat`` runs counts. Prints the
time each command takes with and without the board, the difference, and the size of the
built ``/progress/`` folder (pages and bytes).

A report: exits 0 whatever the figures; non-zero only when the benchmark itself is broken
(the generated project does not validate).

Usage:  python benchmarks/bench_board.py [--units 200] [--items 40] [--repeat 3] [--keep DIR]
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
AS_OF = "2026-12-01"
STATUSES = ("not-started", "in-progress", "done", "done", "in-progress", "not-applicable")
BODY = "\n".join(f"## {s}\n\n{s}：示例文字，说明这一部分的内容。\n" for s in ("背景", "做法", "成效", "可复制经验"))


def casebook() -> list[str]:
    found = shutil.which("casebook")
    return [found] if found else [sys.executable, "-m", "generator.cli"]


def make_project(target: Path, units: int, items: int, seed: int) -> None:
    rng = random.Random(seed)
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(REPO / "docs", target / "docs")
    cases = target / "cases"
    cases.mkdir()
    for name in ("criteria.yml", "tags.yml"):
        shutil.copy(REPO / "cases" / name, cases / name)
    criteria = [line.split(":", 1)[1].strip() for line in (cases / "criteria.yml").read_text(encoding="utf-8").splitlines()
                if line.startswith("- id:")]
    unit_ids = [f"u{i:03d}" for i in range(units)]
    lines = ["- id: bureau", "  name: 示例市公安局"]
    for i, unit in enumerate(unit_ids):
        lines += [f"- id: {unit}", f"  name: 第{i + 1}派出所", "  parent: bureau"]
    (cases / "units.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for unit in unit_ids:
        (cases / unit).mkdir()
        (cases / unit / f"{unit}-2025-001.md").write_text(
            f"---\ntitle: {unit} 的做法\ndate: 2025-05-01\ncriteria: [{criteria[0]}]\nstatus: approved\n"
            f"visibility: internal\nsummary: 示例摘要。\n---\n\n{BODY}", encoding="utf-8")
    per = -(-items // len(criteria))
    table = ["name: 创建“枫桥式公安派出所”", "start: 2026-03-02", "acceptance: 2026-12-25", "milestones:",
             "  - id: self-check", "    name: 自查", "    date: 2026-11-20", "table:"]
    item_ids = []
    for c, criterion in enumerate(criteria):
        table += [f"  - criterion: {criterion}", "    items:"]
        for k in range(per):
            if len(item_ids) == items:
                break
            item = f"i{c}-{k}"
            item_ids.append(item)
            table += [f"      - id: {item}", f"        name: 考核项目 {item}，写明要做到的程度", "        points: 5",
                      "        evidence: 台账、照片", f"        days: {rng.choice((10, 20, 30, 40))}"]
            if k % 2:
                table.append("        before: self-check")
    (cases / "campaign.yml").write_text("\n".join(table) + "\n", encoding="utf-8")
    for unit in unit_ids:
        people = ["张某", "王某某", "李某", "赵某"]
        out = ["people:"] + [f"  - name: {p}\n    role: 民警" for p in people] + ["items:"]
        for item in item_ids:
            status = rng.choice(STATUSES)
            out += [f"  - item: {item}", f"    person: {rng.choice(people)}", f"    status: {status}"]
            if status == "done":
                out.append(f"    evidence: [{unit}-2025-001]")
            if status == "not-applicable":
                out.append("    reason: 本所不涉及。")
            if status == "in-progress":
                out.append("    difficulties: 人手不足，需要县局协调。")
            out.append(f"    updated: {dt.date(2026, 11, 1) + dt.timedelta(days=rng.randrange(30))}")
        (cases / unit / "progress.yml").write_text("\n".join(out) + "\n", encoding="utf-8")


def without_board(source: Path, target: Path) -> None:
    shutil.copytree(source, target)
    (target / "cases" / "campaign.yml").unlink()
    for path in (target / "cases").glob("*/progress.yml"):
        path.unlink()


def best_of(argv: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run(argv, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            sys.exit(f"benchmark broken: {' '.join(argv)} exited {done.returncode}\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return min(times)


def folder_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=200)
    parser.add_argument("--items", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--keep", type=Path, default=None, help="keep the generated projects and sites here")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bench-board-")) if args.keep is None else args.keep
    root.mkdir(parents=True, exist_ok=True)
    board, bare = root / "board", root / "bare"
    board.mkdir()
    make_project(board, args.units, args.items, args.seed)
    without_board(board, bare)
    cmd = casebook()
    rows = []
    for name, extra in (("validate", []), ("build", ["--site-dir"])):
        times = {}
        for label, project in (("without board", bare), ("with board", board)):
            argv = [*cmd, name, "--project", str(project), "--as-of", AS_OF]
            if extra:
                argv += [*extra, str(root / f"site-{label.split()[0]}")]
            times[label] = best_of(argv, args.repeat)
        rows.append((name, times["without board"], times["with board"]))
    pages, size = folder_size(root / "site-with" / "progress")
    print(f"progress board: {args.units} units x {args.items} items ({args.units * args.items} tasks), as of {AS_OF}, "
          f"best of {args.repeat}")
    print(f"{'command':10}{'without':>10}{'with':>10}{'added':>10}")
    for name, off, on in rows:
        print(f"{name:10}{off:>9.2f}s{on:>9.2f}s{on - off:>9.2f}s")
    largest = max((p.stat().st_size for p in (root / "site-with" / "progress").rglob("*.html")), default=0)
    print(f"/progress/: {pages} files, {size / 1e6:.2f} MB (largest page {largest / 1e3:.0f} KB)")
    if args.keep is None:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
