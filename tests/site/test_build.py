"""casebook build / generate / serve: atomic, reproducible, drafts only in preview."""
from __future__ import annotations

import hashlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import build, copy_sample, run
from search_index import stable
from generator.messages import render

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
            'internal（仅内网）、public（可公开），实际为“no”') in result.output
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
    a, b = stable(a), stable(b)
    assert a.keys() == b.keys()
    assert any(k.startswith("pagefind/0/fragment/") for k in a) and any(k.startswith("pagefind/0/index/") for k in a)
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


def test_the_theme_search_left_in_mkdocs_yml_is_turned_off_with_a_warning(tmp_path):
    project = copy_sample(tmp_path / "p")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - casebook\n", "  - search\n  - casebook\n"),
                      encoding="utf-8")
    result = build(project, tmp_path / "site")
    assert result.exit_code == 0, result.output
    assert render("theme-search-off", {"name": "search"}, "zh") in result.output
    assert not (tmp_path / "site" / "search" / "search_index.json").exists()  # no second, unscalable index
    page = (tmp_path / "site" / "cases" / "shawan-2023-001" / "index.html").read_text(encoding="utf-8")
    assert "md-search__input" not in page  # nor the theme's box, which would search nothing
    assert (tmp_path / "site" / "pagefind" / "0" / "pagefind.js").is_file()


def _without_pagefind_binary(tmp_path: Path, get_executable: str | None) -> dict:
    """An environment whose ``pagefind_bin_extended`` has no binary (or a broken one)."""
    shim = tmp_path / "shim" / "pagefind_bin_extended"
    shim.mkdir(parents=True)
    code = "" if get_executable is None else f"from pathlib import Path\ndef get_executable():\n    return Path({get_executable!r})\n"
    (shim / "__init__.py").write_text(code, encoding="utf-8")
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(shim.parent), str(Path(__file__).resolve().parents[2])])}


@pytest.mark.parametrize("binary, code, reason", [
    (None, "pagefind-missing", None),
    ("/bin/false", "pagefind-failed", "exit 1"),  # the service ends at once
])
def test_without_a_working_pagefind_the_build_stops_with_a_message_and_keeps_the_last_site(
        tmp_path, binary, code, reason):
    project = copy_sample(tmp_path / "p")
    site = tmp_path / "site"
    assert build(project, site).exit_code == 0
    before = snapshot(site)
    done = subprocess.run([sys.executable, "-m", "generator.cli", "build", str(project), "--site-dir", str(site)],
                          capture_output=True, text=True, env=_without_pagefind_binary(tmp_path, binary), timeout=300)
    assert done.returncode == 1, done.stderr
    params = {"reason": reason} if reason else {}
    assert render(code, params, "zh") in done.stderr + done.stdout
    assert "Traceback" not in done.stderr
    assert snapshot(site) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []  # no half-written site left
