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

from conftest import copy_sample, look, run, search_box

pytestmark = pytest.mark.build

CASE = "shawan-2024-001"  # a case of the sample, in cases/shawan/
CASE_FILE = Path("cases/shawan") / f"{CASE}.md"


class Preview:
    """A running `casebook serve`; its log is collected line by line."""

    def __init__(self, project: Path, *options: str) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.project = project
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "generator.cli", "serve", str(project), "-a", f"127.0.0.1:{self.port}", *options],
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

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

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
    preview.wait_for_log("预览暂停", since)
    assert any(f"cases/shawan/{CASE}.md:3: error" in line for line in preview.lines[since:]), preview.lines[since:]
    status, html = preview.get(f"cases/{CASE}/")
    assert status == 200 and f"cases/shawan/{CASE}.md:3" in html
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


# --- a preview with errors (issue 11): the problems in the browser, never a stuck page -------------

NEW_CASE = "shawan-2026-001"
NEW_CASE_FILE = Path("cases/shawan") / f"{NEW_CASE}.md"
# What `casebook new` writes, body filled in: `criteria: []` is an error, the summary's hint a warning.
NEW_CASE_TEXT = """---
title: 夜市守护岗
date: 2026-03-01
criteria: []  # 填写创建清单项编号，如 [dispute-resolution]
tags: []
status: draft
visibility: internal
summary: 【请填写】用一两句话概括这项做法（不超过 200 字）
---

## 背景

夜市人多车多，纠纷和盗窃警情集中在晚上八点到十二点。

## 做法

在夜市入口设守护岗，民警、辅警和商户志愿者轮流值守。

## 成效

夜市警情下降。

## 可复制经验

先和市场管理方一起排班。
"""
MKDOCS_STUCK = ("Aborted with a BuildError", "appear stuck", "Traceback")


def _with_new_case(tmp_path: Path) -> Path:
    project = copy_sample(tmp_path / "p")
    (project / NEW_CASE_FILE).write_text(NEW_CASE_TEXT, encoding="utf-8")
    return project


def _shows(page, text: str, timeout: float = 120_000) -> None:
    """The page in the browser shows ``text``, without anyone reloading it (live reload does)."""
    page.wait_for_function("t => document.body && document.body.innerText.includes(t)", arg=text, timeout=timeout)


def _problems(page) -> list[str]:
    return page.eval_on_selector_all(".cb-problem", "els => els.map(e => e.innerText.replace(/\\s+/g, ' '))")


def test_a_preview_that_starts_with_errors_shows_them_on_every_page_until_they_are_fixed(tmp_path, page):
    running = Preview(_with_new_case(tmp_path))
    try:
        # It starts (it used to exit), and the terminal lists the problems in Chinese, without MkDocs' alarm.
        log = "\n".join(running.lines)
        assert f"{NEW_CASE_FILE.as_posix()}:4: error[too-few-items] criteria: 至少需要 1 项，实际为 0 项" in log
        assert f"{NEW_CASE_FILE.as_posix()}:8: warning[unfilled-hint] summary" in log
        assert "预览暂停：发现 1 个错误" in log
        assert not any(alarm in log for alarm in MKDOCS_STUCK), log

        # Every page of the site answers with the error page: the home page, a case, a list.
        for path in ("", f"cases/{CASE}/", "units/shawan/", f"cases/{NEW_CASE}/"):
            page.goto(running.url + path)
            assert page.title().startswith("预览暂停：1 个错误"), path
            errors = _problems(page)
            assert len(errors) == 2, errors
            assert f"{NEW_CASE_FILE.as_posix()}:4" in errors[0] and "字段 criteria" in errors[0], errors
            assert "至少需要 1 项，实际为 0 项" in errors[0] and "error[too-few-items]" in errors[0]
            assert "summary" in errors[1] and "【请填写】" in errors[1]  # the warning, in its own list
        overflow = look(page, running.url + f"cases/{CASE}/", "preview-errors")
        assert overflow == {"desktop": 0, "phone": 0}

        # The clerk fixes the file: the open page turns into the case page by itself.
        page.set_viewport_size({"width": 1366, "height": 850})
        page.goto(running.url + f"cases/{NEW_CASE}/")
        since = len(running.lines)
        edit(running.project / NEW_CASE_FILE, "criteria: []", "criteria: [patrol-prevention]")()
        _shows(page, "夜市入口设守护岗")
        assert page.locator("h1", has_text="夜市守护岗").count() == 1
        assert "错误已改正，预览恢复" in running.wait_for_log("错误已改正", since)

        # Broken again (a YAML mistake): the same open page shows the error page again, with the line.
        edit(running.project / NEW_CASE_FILE, "title: 夜市守护岗", 'title: "夜市"守护岗')()
        _shows(page, "预览暂停")
        errors = _problems(page)
        assert len(errors) == 1 and f"{NEW_CASE_FILE.as_posix()}:2" in errors[0] and "error[" in errors[0], errors

        # Fixed again, then an ordinary edit: the site is back and later edits keep showing.
        edit(running.project / NEW_CASE_FILE, 'title: "夜市"守护岗', "title: 夜市守护岗")()
        _shows(page, "夜市入口设守护岗")
        running.rebuilt_after(edit(running.project / NEW_CASE_FILE, "夜市警情下降。", "夜市警情下降了四成。"))
        _shows(page, "夜市警情下降了四成。")
        assert page.title().startswith("夜市守护岗")
        assert not any(alarm in "\n".join(running.lines) for alarm in MKDOCS_STUCK)
    finally:
        running.stop()


def test_a_mistake_made_while_previewing_shows_in_the_open_page_with_hostile_text_as_text(preview, page):
    case_file = preview.project / CASE_FILE
    page.goto(preview.url + f"cases/{CASE}/")
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    hostile = ['<img src=x onerror=alert(1)>', '</code><script>alert(2)</script>']
    edit(case_file, "tags: [水上安全, patrol, 群防群治]", "tags: " + json.dumps(hostile))()
    _shows(page, "预览暂停")
    errors = _problems(page)
    assert len(errors) == 2, errors
    for error, value in zip(errors, hostile):
        assert f"cases/shawan/{CASE}.md:5" in error and "字段 tags[" in error and value in error, error
    # Shown as text: no element, no script ran.
    assert page.locator(".cb-preview-errors img, .cb-preview-errors script").count() == 0
    assert dialogs == []
    look(page, page.url, "preview-errors-hostile")

    # A broken mkdocs.yml is shown the same way, with its line.
    config = preview.project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text + "nav: [\n", encoding="utf-8")
    _shows(page, "mkdocs.yml:")
    assert any(e.startswith("mkdocs.yml:") and "mkdocs-config" in e for e in _problems(page)), _problems(page)
    config.write_text(text, encoding="utf-8")
    _shows(page, "cases/shawan/" + CASE)  # back to the case's problems
    edit(case_file, "tags: " + json.dumps(hostile), "tags: [水上安全, patrol, 群防群治]")()
    _shows(page, "沙湾镇沿三江江岸线长 17 公里")
    assert dialogs == []


def test_the_terminal_speaks_the_clerks_language_and_the_edition_is_the_one_asked_for(tmp_path):
    running = Preview(_with_new_case(tmp_path), "--lang", "en", "--edition", "public")
    try:
        log = "\n".join(running.lines)
        assert f"{NEW_CASE_FILE.as_posix()}:4: error[too-few-items] criteria: expected at least 1 item" in log, log
        assert "preview paused: 1 error(s)" in log
        assert not any(alarm in log for alarm in MKDOCS_STUCK), log
        status, html = running.get("units/")
        assert status == 200 and "预览暂停：发现 1 个错误" in html and "至少需要 1 项" in html  # the page is the site's
        running.rebuilt_after(edit(running.project / NEW_CASE_FILE, "criteria: []", "criteria: [patrol-prevention]"))
        assert "errors fixed: the preview is back" in "\n".join(running.lines)
        # --edition public reached the plugin: an internal case is not served, a public one is.
        assert running.get(f"cases/{CASE}/")[0] == 404
        status, html = running.get("cases/shawan-2023-001/")
        assert status == 200 and "预览暂停" not in html
    finally:
        running.stop()


def test_a_build_with_errors_writes_no_site_and_no_error_page(tmp_path):
    project = _with_new_case(tmp_path)
    result = run("build", project, "--site-dir", tmp_path / "www")
    assert result.exit_code == 1
    assert f"{NEW_CASE_FILE.as_posix()}:4: error[too-few-items] criteria" in result.output
    assert not (tmp_path / "www").exists()
    assert not list(tmp_path.rglob(".casebook-preview-errors.html"))
