#!/usr/bin/env python3
"""Benchmark: `casebook serve` — time from saving one case to the change in the browser.

For each N (default 1000 and 10000) it writes a project of N synthetic cases
(bench_search's text), starts `casebook serve` on it, opens one case page in headless
Chromium (Debian's, Playwright) and then, ROUNDS times: changes that case's title in its
file, and measures

* save -> rebuilt: until the server's log says it reloads browsers;
* save -> visible: until the open page (reloaded by MkDocs' live reload) shows the new title;
* how many pages the rebuild made again (the server's "预览已更新" line).

A round of a full rebuild (a registry touched) is measured once, for comparison. The
first build of the server (a full build) is timed too. Target (issue 10): save -> visible
within 1.5 s at N = 1000.

The script is a report: it exits 0 whether or not a target is met.

Usage:  PYTHONPATH=. python benchmarks/bench_preview.py [--cases 1000 10000] [--rounds 5] [--keep DIR]
"""
from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_search import REPO, case_texts  # noqa: E402
from bench_site import make_case_project  # noqa: E402

CHROMIUM = os.environ.get("CASEBOOK_CHROMIUM", "/usr/bin/chromium")
TARGET_S = 1.5


class Server:
    def __init__(self, project: Path) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.lines: list[tuple[float, str]] = []
        self.started = time.monotonic()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "generator.cli", "serve", str(project), "-a", f"127.0.0.1:{self.port}"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8",
            env={**os.environ, "PYTHONPATH": str(REPO)})
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append((time.monotonic(), line.rstrip("\n")))

    def wait(self, text: str, since: int, timeout: float = 1800) -> tuple[float, str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for at, line in self.lines[since:]:
                if text in line:
                    return at, line
            if self.process.poll() is not None:
                break
            time.sleep(0.01)
        raise RuntimeError(f"no {text!r} from casebook serve:\n" + "\n".join(l for _, l in self.lines[-30:]))

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def set_title(path: Path, title: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^title: .*$", f"title: {title}", text, count=1), encoding="utf-8")


def bench_n(n: int, rounds: int, root: Path) -> dict:
    from playwright.sync_api import sync_playwright

    project = root / f"p{n}"
    cases = case_texts(n, seed=1)
    make_case_project(REPO, project, cases)
    unit, case_id, _ = cases[n // 2]
    case_file = project / "cases" / unit / f"{case_id}.md"
    server = Server(project)
    try:
        _, _ = server.wait("Serving on", 0)
        first = next(at for at, line in server.lines if "Documentation built" in line) - server.started
        out: dict = {"n": n, "first_build_s": round(first, 1), "rounds": []}
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 1366, "height": 850})
            page.goto(f"http://127.0.0.1:{server.port}/cases/{case_id}/")
            page.wait_for_load_state("load")
            for i in range(rounds):
                title = f"预览计时第{i + 1}轮标题"
                since = len(server.lines)
                time.sleep(0.3)  # a file time after the last build's
                saved = time.monotonic()
                set_title(case_file, title)
                rebuilt, _ = server.wait("Reloading browsers", since)
                page.wait_for_function("t => document.querySelector('h1') && document.querySelector('h1')"
                                       ".textContent.includes(t)", arg=title, timeout=600_000, polling=20)
                visible = time.monotonic()
                summary = next((line for _, line in server.lines[since:] if "预览已更新" in line), "")
                changed = re.search(r"重新生成 (\d+) 个页面", summary)
                out["rounds"].append({"rebuilt_s": round(rebuilt - saved, 2), "visible_s": round(visible - saved, 2),
                                      "pages_made": int(changed.group(1)) if changed else None})
                page.wait_for_load_state("load")
            # A registry change: everything is made again.
            since = len(server.lines)
            time.sleep(0.3)
            saved = time.monotonic()
            units = project / "cases" / "units.yml"
            units.write_text(units.read_text(encoding="utf-8") + "\n", encoding="utf-8")
            rebuilt, _ = server.wait("Reloading browsers", since)
            out["full_rebuild_s"] = round(rebuilt - saved, 1)
            browser.close()
    finally:
        server.stop()
    visible = [r["visible_s"] for r in out["rounds"]]
    out["visible_median_s"] = statistics.median(visible)
    out["rebuilt_median_s"] = statistics.median(r["rebuilt_s"] for r in out["rounds"])
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="write the projects here and keep them")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="bench-preview-"))
    print(f"load average {os.getloadavg()[0]:.2f} (figures are comparable only on an idle machine)")
    print("| cases | first build s | save -> rebuilt s (median) | save -> visible s (median) | "
          f"target {TARGET_S} s | pages made again | full rebuild s |")
    print("|---|---|---|---|---|---|---|")
    for n in args.cases:
        r = bench_n(n, args.rounds, root)
        made = sorted({x["pages_made"] for x in r["rounds"]})
        met = "met" if r["visible_median_s"] <= TARGET_S else "missed"
        print(f"| {n} | {r['first_build_s']} | {r['rebuilt_median_s']:.2f} | {r['visible_median_s']:.2f} | {met} | "
              f"{', '.join(map(str, made))} | {r['full_rebuild_s']} |", flush=True)
        print("  rounds:", r["rounds"], flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
