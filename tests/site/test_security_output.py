"""A failed build never damages the last good site: after a good build, break the next
one and compare the site folder byte for byte.

Three ways to fail: a validation error (also covered for an invalid field by
test_build.py::test_validation_error_leaves_the_last_good_site_untouched; here a
hostile attachment), a crash inside MkDocs (a Markdown extension that raises while
rendering a page, after Casebook has added its pages), and a process killed with
SIGKILL in the middle of writing the site.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from click.testing import CliRunner
from pymdownx.snippets import SnippetMissingError

from case_factory import BODY, CRITERIA_YML, TAGS_YML, UNITS_YML, Project, case_text, valid_front
from conftest import build, copy_sample
from generator.cli import main
from search_index import stable
from test_build import snapshot

pytestmark = pytest.mark.build

CASEBOOK = Path(sys.executable).with_name("casebook")


def temp_folders(site: Path) -> list[str]:
    return sorted(p.name for p in site.parent.glob(f".{site.name}.tmp-*"))


def test_hostile_attachment_stops_the_build_and_keeps_the_last_good_site(tmp_path):
    project = copy_sample(tmp_path / "p")
    site = tmp_path / "site"
    assert build(project, site).exit_code == 0
    before = snapshot(site)
    (project / "cases/shawan/shawan-2023-001/evil.svg").write_bytes(
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    result = build(project, site)
    assert result.exit_code == 1
    assert "cases/shawan/shawan-2023-001/evil.svg: error[unsafe-svg]" in result.output
    assert snapshot(site) == before
    assert temp_folders(site) == []


def test_crash_inside_mkdocs_leaves_the_last_good_site_untouched(tmp_path):
    project = copy_sample(tmp_path / "p")
    site = tmp_path / "site"
    assert build(project, site).exit_code == 0
    before = snapshot(site)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "\nmarkdown_extensions:\n" in text
    config.write_text(text.replace("\nmarkdown_extensions:\n",
                                   "\nmarkdown_extensions:\n  - pymdownx.snippets:\n      check_paths: true\n"),
                      encoding="utf-8")
    guide = project / "docs" / "guide.md"
    guide.write_text(guide.read_text(encoding="utf-8") + '\n--8<-- "no-such-file.md"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(project), "--site-dir", str(site)])  # let the crash surface
    assert result.exit_code == 1
    assert isinstance(result.exception, SnippetMissingError), result.output
    assert snapshot(site) == before
    assert temp_folders(site) == []


def big_project(root: Path, cases: int) -> Project:
    project = Project(root)
    project.write("mkdocs.yml", "site_name: 大项目\ntheme:\n  name: material\n  language: zh\n  font: false\n"
                                "plugins:\n  - casebook\n")
    project.write("docs/index.md", "# 首页\n")
    project.write("cases/units.yml", UNITS_YML)
    project.write("cases/criteria.yml", CRITERIA_YML)
    project.write("cases/tags.yml", TAGS_YML)
    for i in range(cases):
        unit = ("shawan", "qingshi")[i % 2]
        front = {**valid_front(), "title": f"第 {i} 号案例：板凳会化解邻里纠纷", "date": f"20{10 + i % 15}-0{1 + i % 9}-1{i % 10}"}
        body = BODY.replace("邻里纠纷多", f"第 {i} 个社区邻里纠纷多，院坝会、议事坪、调解室各有侧重")
        project.write(f"cases/{unit}/{unit}-{2000 + i}-001.md", case_text(front, body * 3))
    return project


def test_killed_build_leaves_the_last_good_site_untouched_and_the_next_build_cleans_up(tmp_path):
    project = big_project(tmp_path / "p", 200)
    site = tmp_path / "site"
    command = [str(CASEBOOK), "build", str(project.root), "--site-dir", str(site)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    before = snapshot(site)
    assert len(before) > 200

    victim = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 300
        while not temp_folders(site) and victim.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        assert temp_folders(site), "the build never made its temporary folder"
        work = site.parent / temp_folders(site)[0]
        while not any(p.is_file() for p in work.rglob("*")) and victim.poll() is None:
            time.sleep(0.005)  # kill it once it has started writing the new site
        os.kill(victim.pid, signal.SIGKILL)
    finally:
        victim.wait(timeout=60)
    assert victim.returncode == -signal.SIGKILL, "the build finished before it was killed: make the project bigger"
    assert temp_folders(site)  # the half-written site is left beside the good one...
    assert snapshot(site) == before  # ...which is untouched (the very same bytes)

    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert temp_folders(site) == []
    assert stable(snapshot(site)).keys() == stable(before).keys()
