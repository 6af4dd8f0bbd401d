"""`casebook serve`: saving a case rebuilds the pages it touches, and what the reader sees follows.

Each test runs the real command (MkDocs' live-reload server) on a free port and edits files
the way a clerk would, then reads the served pages over HTTP.
"""
from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import copy_sample, search_box

pytestmark = pytest.mark.build

CASE = "shawan-2024-001"  # a case of the sample, in cases/shawan/
CASE_FILE = Path("cases/shawan") / f"{CASE}.md"


class Preview:
    """A running `casebook serve`; its log is collected line by line."""

    def __init__(self, project: Path) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.project = project
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "generator.cli", "serve", str(project), "-a", f"127.0.0.1:{self.port}"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8")
        threading.Thread(target=self._read, daemon=True).start()
        self.wait_for_log("Serving on", since=0)

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for_log(self, text: str, since: int, timeout: float = 180) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.lines[since:]:
                if text in line:
                    return line
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError(f"no {text!r} in the log:\n" + "\n".join(self.lines))

    def rebuilt_after(self, edit) -> str:
        """Make ``edit``, wait for the rebuild it causes; returns the rebuild's summary line."""
        since = len(self.lines)
        time.sleep(0.05)  # a file time different from the last build's
        edit()
        self.wait_for_log("Reloading browsers", since)
        lines = self.lines[since:]
        return next((line for line in lines if "预览已更新" in line), "\n".join(lines))

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}", timeout=30) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, ""

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def preview(tmp_path):
    running = Preview(copy_sample(tmp_path / "p"))
    yield running
    running.stop()


def edit(path: Path, old: str, new: str):
    def do() -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return do


def title_of(path: Path) -> str:
    return re.search(r"(?m)^title: *(.+)$", path.read_text(encoding="utf-8")).group(1).strip().strip("'\"")


def test_saving_one_case_remakes_only_the_pages_that_show_it(preview):
    case_file = preview.project / CASE_FILE
    old_title = title_of(case_file)
    summary = preview.rebuilt_after(edit(case_file, f"title: {old_title}", "title: 院坝议事会新标题"))

    # The case page, and every list that shows its card, show the new title; nothing else was made again.
    changed = int(re.search(r"重新生成 (\d+) 个页面", summary).group(1))
    kept = int(re.search(r"其余 (\d+) 个未变", summary).group(1))
    assert 1 <= changed < kept, summary
    for page in (f"cases/{CASE}/", "cases/", "units/shawan/"):
        status, html = preview.get(page)
        assert status == 200 and "院坝议事会新标题" in html, page
        assert old_title not in html, page

    # The search index: the main index is kept, a delta holds the changed case and the manifest
    # names the URL whose main-index entry is stale.
    status, manifest = preview.get("pagefind/casebook.json")
    assert status == 200
    delta = json.loads(manifest)["delta"]
    assert delta == {"replaced": [f"cases/{CASE}/"], "bundle": True}
    assert preview.get("pagefind/delta/pagefind-entry.json")[0] == 200
    assert preview.get("pagefind/0/pagefind-entry.json")[0] == 200

    # Saving without a change makes nothing again.
    again = preview.rebuilt_after(lambda: case_file.write_text(case_file.read_text(encoding="utf-8"),
                                                               encoding="utf-8"))
    assert "重新生成 0 个页面" in again, again


def test_a_deleted_case_is_gone_from_its_page_and_the_lists(preview):
    unreferenced = "shawan-2025-001"  # no other case names it in related or replicated_from
    case_file = preview.project / "cases" / "shawan" / f"{unreferenced}.md"
    title = title_of(case_file)
    assert preview.get(f"cases/{unreferenced}/")[0] == 200
    summary = preview.rebuilt_after(case_file.unlink)
    assert "删除 1 个" in summary, summary
    assert preview.get(f"cases/{unreferenced}/")[0] == 404
    for page in ("cases/", "units/shawan/"):
        status, html = preview.get(page)
        assert status == 200 and title not in html, page
    assert json.loads(preview.get("pagefind/casebook.json")[1])["delta"] == {
        "replaced": [f"cases/{unreferenced}/"], "bundle": False}


def test_renaming_a_unit_rebuilds_every_page(preview):
    units = preview.project / "cases" / "units.yml"
    preview.rebuilt_after(edit(units, "沙湾派出所", "沙湾新区派出所"))
    # Every page names the unit: the case page, the home page's newest list, the unit page.
    for page in (f"cases/{CASE}/", "units/shawan/", "units/"):
        status, html = preview.get(page)
        assert status == 200 and "沙湾新区派出所" in html, page
    # A full rebuild writes the whole index again: no delta is left over.
    assert "delta" not in json.loads(preview.get("pagefind/casebook.json")[1])


def test_a_mistake_while_previewing_is_reported_and_the_fix_shows(preview):
    case_file = preview.project / CASE_FILE
    since = len(preview.lines)
    edit(case_file, "date: ", "date: 2024-13-45\nold_date: ")()
    preview.wait_for_log("Aborted", since)
    assert any(f"cases/shawan/{CASE}.md:3: error" in line for line in preview.lines[since:]), preview.lines[since:]
    title = title_of(case_file)
    preview.rebuilt_after(lambda: (edit(case_file, "date: 2024-13-45\nold_date: ", "date: ")(),
                                   edit(case_file, f"title: {title}", "title: 改好了的标题")()))
    status, html = preview.get(f"cases/{CASE}/")
    assert status == 200 and "改好了的标题" in html


@pytest.mark.browser
def test_the_search_box_finds_an_edited_case_by_its_new_words_and_not_its_old_ones(preview, page):
    case_file = preview.project / CASE_FILE
    old_title = title_of(case_file)
    base = f"http://127.0.0.1:{preview.port}/"

    def found(query: str) -> list[str]:
        page.goto(base + "cases/")
        return page.evaluate("q => window.casebookSearch.query(q)", query)

    assert f"cases/{CASE}/" in found(old_title)
    page.goto("about:blank")  # the live-reload script of a served page would reload it mid-test
    preview.rebuilt_after(edit(case_file, f"title: {old_title}", "title: 渡口夜巡新做法"))
    assert found("渡口夜巡") == [f"cases/{CASE}/"]  # from the delta index of the changed page
    assert f"cases/{CASE}/" not in found(old_title)  # its entry in the main index is dropped
    # The header box shows it too, with its new title.
    assert search_box(page, "渡口夜巡") == [f"{base}cases/{CASE}/"]
