"""casebook build / generate / serve: atomic, reproducible, drafts only in preview."""
from __future__ import annotations

import hashlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import build, copy_sample, run

pytestmark = pytest.mark.build

STAMPED = {"sitemap.xml", "sitemap.xml.gz"}  # MkDocs writes the build date into these


def snapshot(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_validation_error_leaves_the_last_good_site_untouched(tmp_path):
    project = copy_sample(tmp_path / "p")
    site = tmp_path / "site"
    assert build(project, site).exit_code == 0
    before = snapshot(site)
    case = project / "cases" / "shawan" / "shawan-2023-001.md"
    case.write_text(case.read_text(encoding="utf-8").replace("visibility: public", "visibility: no"), encoding="utf-8")
    result = build(project, site)
    assert result.exit_code == 1
    assert ('cases/shawan/shawan-2023-001.md:7: error[invalid-value] visibility: 取值无效：应为以下之一：'
            'internal, public，实际为“no”') in result.output
    assert snapshot(site) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site.tmp")] == []


def test_mkdocs_failure_leaves_the_last_good_site_untouched(tmp_path):
    project = copy_sample(tmp_path / "p")
    site = tmp_path / "site"
    assert build(project, site).exit_code == 0
    before = snapshot(site)
    (project / "docs" / "cases").mkdir()
    (project / "docs" / "cases" / "index.md").write_text("# 手写的案例页\n", encoding="utf-8")
    result = run("build", project, "--site-dir", site)
    assert result.exit_code == 1
    assert "docs/cases/index.md" in result.output
    assert snapshot(site) == before
    assert (project / "docs" / "cases" / "index.md").read_text(encoding="utf-8") == "# 手写的案例页\n"


def test_hand_written_docs_are_never_touched(tmp_path):
    project = copy_sample(tmp_path / "p")
    before = snapshot(project / "docs")
    assert build(project, tmp_path / "site").exit_code == 0
    assert run("generate", project, "--out", tmp_path / "gen").exit_code == 0
    assert snapshot(project / "docs") == before
    assert (tmp_path / "site" / "guide" / "index.html").exists()


def test_two_builds_are_identical_but_for_the_sitemap(tmp_path):
    project = copy_sample(tmp_path / "p")
    assert build(project, tmp_path / "a").exit_code == 0
    assert build(project, tmp_path / "b").exit_code == 0
    a, b = snapshot(tmp_path / "a"), snapshot(tmp_path / "b")
    assert a.keys() == b.keys()
    differing = {k for k in a if a[k] != b[k]}
    assert differing <= STAMPED, differing


def test_generate_writes_the_same_pages_every_time(tmp_path):
    project = copy_sample(tmp_path / "p")
    assert run("generate", project, "--out", tmp_path / "g1").exit_code == 0
    assert run("generate", project, "--out", tmp_path / "g2").exit_code == 0
    first = snapshot(tmp_path / "g1")
    assert first == snapshot(tmp_path / "g2")
    assert "cases/shawan-2023-001.md" in first and "cases/shawan-2023-001/tiaojieshi.png" in first
    assert "cases/qingshi-2026-001.md" not in first  # a draft
    assert run("generate", project, "--out", tmp_path / "g3", "--preview").exit_code == 0
    assert "cases/qingshi-2026-001.md" in snapshot(tmp_path / "g3")


def test_plain_mkdocs_build_works_on_the_repo_as_it_is(tmp_path):
    project = copy_sample(tmp_path / "p")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "out")],
                          cwd=project, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "cases" / "shawan-2023-001" / "index.html").exists()
    assert not (tmp_path / "out" / "cases" / "qingshi-2026-001").exists()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def _wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return False


def test_serve_shows_drafts_and_rebuilds_when_a_case_changes(tmp_path):
    project = copy_sample(tmp_path / "p")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    casebook = Path(sys.executable).with_name("casebook")
    server = subprocess.Popen([str(casebook), "serve", str(project), "-a", f"127.0.0.1:{port}"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert _wait_for(lambda: _get(base + "/cases/qingshi-2026-001/") is not None, 120), "serve did not start"
        draft = _get(base + "/cases/qingshi-2026-001/")
        assert "cb-draft-banner" in draft and "草稿" in draft
        case = project / "cases" / "shawan" / "shawan-2023-001.md"
        case.write_text(case.read_text(encoding="utf-8").replace(
            'title: "“和事佬”调解室进村化解邻里纠纷"', 'title: "“和事佬”调解室（修订版）"'), encoding="utf-8")
        assert _wait_for(lambda: "（修订版）" in (_get(base + "/cases/shawan-2023-001/") or ""), 120)
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_project_from_init_builds_into_a_site(tmp_path):
    assert run("init", tmp_path / "bureau").exit_code == 0
    result = build(tmp_path / "bureau", tmp_path / "site")
    assert result.exit_code == 0, result.output
    page = (tmp_path / "site" / "cases" / "bureau-2026-001" / "index.html").read_text(encoding="utf-8")
    assert "示例县公安局 · 案例库" in page
    assert (tmp_path / "site" / "guide" / "index.html").exists()


def _cold_build(project: Path, site: Path, monkeypatch):
    """Build with an empty segmentation cache; returns the segmenter the search plugin used, and the output."""
    import jieba
    from material.plugins.search import plugin as search_plugin

    for cached in (project / ".casebook-cache").glob("*"):
        cached.unlink()
    monkeypatch.setattr(search_plugin, "jieba", jieba)  # forget what this process segmented
    result = build(project, site)
    assert result.exit_code == 0, result.output
    return search_plugin.jieba, result.output


def test_segmentation_in_a_second_process_gives_the_same_search_index(tmp_path, monkeypatch):
    import generator.segment_cache as segment_cache

    project = copy_sample(tmp_path / "p")
    monkeypatch.setattr(segment_cache, "PREFILL_MIN_RUNS", 10**9)  # jieba in this process only
    alone, _ = _cold_build(project, tmp_path / "alone", monkeypatch)
    assert alone.misses > 300 and alone.worker is None
    assert any((project / ".casebook-cache").glob("jieba-*.json"))  # the cache for the next build

    monkeypatch.setattr(segment_cache, "PREFILL_MIN_RUNS", 1)  # a worker process segments ahead
    shared, _ = _cold_build(project, tmp_path / "shared", monkeypatch)
    # The worker read every page as the search plugin does (generated pages at the start, the
    # hand-written Markdown pages once rendered): nothing was left for this process to segment.
    assert shared.misses == 0 and shared.hits >= alone.misses
    index = "search/search_index.json"
    assert (tmp_path / "alone" / index).read_bytes() == (tmp_path / "shared" / index).read_bytes()
    docs = json.loads((tmp_path / "shared" / index).read_text(encoding="utf-8"))["docs"]
    assert any("\u200b院坝\u200b" in doc["text"] for doc in docs)


def test_a_failing_segmentation_worker_costs_time_not_the_build(tmp_path, monkeypatch):
    import generator.segment_cache as segment_cache

    project = copy_sample(tmp_path / "p")
    monkeypatch.setattr(segment_cache, "PREFILL_MIN_RUNS", 10**9)
    _cold_build(project, tmp_path / "alone", monkeypatch)

    def broken(pages, known, tasks, results):  # what the forked worker runs
        results.send((None, "MemoryError: simulated"))

    monkeypatch.setattr(segment_cache, "PREFILL_MIN_RUNS", 1)
    monkeypatch.setattr(segment_cache, "_work", broken)
    segmenter, output = _cold_build(project, tmp_path / "after-failure", monkeypatch)
    assert segmenter.misses > 300  # this process segmented everything itself
    assert "segmentation worker failed: MemoryError: simulated" in output
    index = "search/search_index.json"
    assert (tmp_path / "alone" / index).read_bytes() == (tmp_path / "after-failure" / index).read_bytes()

    def killed(pages, known, tasks, results):
        os._exit(9)

    monkeypatch.setattr(segment_cache, "_work", killed)
    segmenter, _ = _cold_build(project, tmp_path / "after-kill", monkeypatch)
    assert segmenter.misses > 300
    assert (tmp_path / "alone" / index).read_bytes() == (tmp_path / "after-kill" / index).read_bytes()


def test_without_search_a_build_segments_nothing(tmp_path):
    project = copy_sample(tmp_path / "p")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    start = text.index("  - search:")
    config.write_text(text[:start] + text[text.index("  - casebook"):], encoding="utf-8")
    result = build(project, tmp_path / "site")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "site" / "cases" / "shawan-2023-001" / "index.html").is_file()
    assert not (tmp_path / "site" / "search" / "search_index.json").exists()
    assert not list((project / ".casebook-cache").glob("jieba-*.json"))  # no segmentation, no worker
