#!/usr/bin/env python3
"""Benchmark: `casebook import` — time to turn Word documents into case drafts.

Makes, with python-docx (tests/docx_documents.py), N government-style documents of about
10 pages with 5 pictures each (default N = 50), plus one 200-page document, in a temporary
folder; then runs the real command in a process of its own, as a clerk does:

* ``casebook import <folder> --unit shawan`` on the N documents: wall and CPU time of the
  whole run and per document (the process's start, imports and project loading included);
* the same with ``--dry-run`` (no writing: what reading, composing and checking cost);
* the 200-page document alone.

The project is a copy of the repository's sample (22 cases). The script is a report: it exits 0
whether or not a figure is good, non-zero only if an import fails.

Usage:  PYTHONPATH=. python benchmarks/bench_import.py [--documents 50] [--pages 10] [--pictures 5]
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
import docx_documents as make  # noqa: E402


def timed(args: list[str], cwd: Path) -> tuple[float, float, str]:
    """Wall and CPU seconds (user + system of the child) of one command, and its output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.exit(f"{' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), result.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=50)
    parser.add_argument("--pages", type=int, default=10)
    parser.add_argument("--pictures", type=int, default=5)
    options = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="bench-import-") as work:
        root = Path(work)
        project = root / "project"
        project.mkdir()
        shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
        shutil.copytree(REPO / "docs", project / "docs")
        shutil.copytree(REPO / "cases", project / "cases")
        folder = root / "材料"
        folder.mkdir()
        start = time.perf_counter()
        first = make.long_report(folder / "report-000.docx", pages=options.pages, pictures=options.pictures)
        for n in range(1, options.documents):
            shutil.copy(first, folder / f"report-{n:03d}.docx")
        long = make.long_report(root / "long.docx", pages=200)
        made = time.perf_counter() - start
        size = first.stat().st_size
        print(f"made {options.documents} documents of ~{options.pages} pages with {options.pictures} pictures "
              f"({size / 1024:.0f} KB each) and one of 200 pages ({long.stat().st_size / 1024:.0f} KB) in {made:.1f} s")
        command = [sys.executable, "-m", "generator.cli", "import", "--unit", "shawan", "--project", str(project)]
        rows = []
        existing = set((project / "cases/shawan").iterdir())
        wall, cpu, out = timed([*command, str(folder), "--dry-run"], root)
        rows.append((f"{options.documents} documents, --dry-run", wall, cpu, options.documents))
        wall, cpu, out = timed([*command, str(folder)], root)
        rows.append((f"{options.documents} documents, written", wall, cpu, options.documents))
        new = set((project / "cases/shawan").iterdir()) - existing
        written = sum(1 for p in new if p.suffix == ".md")
        images = sum(len(list(p.iterdir())) for p in new if p.is_dir())
        wall, cpu, out = timed([*command, str(long)], root)
        rows.append(("200-page document", wall, cpu, 1))
        one, _cpu, _out = timed([*command, str(first), "--dry-run"], root)
        print(f"\n{'run':<32} {'wall s':>8} {'CPU s':>8} {'per document s':>15}")
        for label, wall, cpu, count in rows:
            print(f"{label:<32} {wall:>8.2f} {cpu:>8.2f} {wall / count:>15.3f}")
        print(f"{'one document, --dry-run':<32} {one:>8.2f}")
        print(f"\ncases written by the {options.documents}-document run: {written}, pictures saved: {images}")


if __name__ == "__main__":
    main()
