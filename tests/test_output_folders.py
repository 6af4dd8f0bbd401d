"""Output folders (issue 9 §2): `build`, `generate` and `booklet` can never destroy anything.

Refused targets, the marker a Casebook build leaves, the lock between concurrent builds (two real
processes), file modes under a known umask, and a one-line message when the folder cannot be written.
"""
from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.messages import render
from generator.publish import MARKER, OutputError, replacing, write_marker
from search_index import stable

REPO = Path(__file__).resolve().parents[1]


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file and folder under ``folder`` with its content: what a user would lose."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else None)
            for p in sorted(folder.rglob("*"))}


def error_line(code: str, lang: str = "en", **params: object) -> str:
    return "Error: " + render(code, params, lang)


@pytest.fixture
def sources(project):
    """The minimal project with a case, a collection, docs/, a cache and a .git folder."""
    project.case("shawan", "shawan-2024-001")
    project.collection("highlights")
    project.write("docs/index.md", "# 首页\n")
    project.write(".git/HEAD", "ref: refs/heads/main\n")
    project.write(".casebook-cache/jieba-0.42.1.json", "{}")
    return project


# --- 1. targets over the project or its sources ----------------------------------------------

REFUSED = [  # (--site-dir/--out relative to the project, code, the folder named as overlapped)
    (".", "output-contains-project", None),
    ("..", "output-contains-project", None),
    ("cases", "output-overlaps-source", "cases"),
    ("cases/shawan/site", "output-overlaps-source", "cases"),
    ("docs", "output-overlaps-source", "docs"),
    ("docs/site", "output-overlaps-source", "docs"),
    (".git", "output-overlaps-source", ".git"),
    (".casebook-cache", "output-overlaps-source", ".casebook-cache"),
    (".casebook-cache/site", "output-overlaps-source", ".casebook-cache"),
]


@pytest.mark.parametrize("command, option", [("build", "--site-dir"), ("generate", "--out")])
@pytest.mark.parametrize("where, code, source", REFUSED)
def test_a_target_over_the_project_or_its_sources_is_refused_and_nothing_is_touched(
        sources, tmp_path, command, option, where, code, source):
    root = sources.root.resolve()
    before = snapshot(tmp_path)
    result = run(command, root, option, root / where, "--lang", "en")
    assert result.exit_code == 1, result.output
    params = {"path": str((root / where).resolve())}
    params.update({"project": str(root)} if source is None else {"source": str(root / source)})
    assert error_line(code, **params) in result.output
    assert snapshot(tmp_path) == before


def test_a_link_to_a_source_folder_is_refused_like_the_folder(sources, tmp_path):
    root = sources.root.resolve()
    (tmp_path / "public").symlink_to(root / "cases")
    before = snapshot(root)
    result = run("build", root, "--site-dir", tmp_path / "public", "--lang", "en")
    assert result.exit_code == 1
    assert error_line("output-overlaps-source", path=str(root / "cases"), source=str(root / "cases")) in result.output
    assert snapshot(root) == before


def test_the_refusal_is_in_chinese_by_default(sources):
    root = sources.root.resolve()
    result = run("build", root, "--site-dir", root)
    assert result.exit_code == 1
    assert error_line("output-contains-project", "zh", path=str(root), project=str(root)) in result.output
    assert "项目（cases/、.git 等）将被删除" in result.output


def test_a_site_dir_in_mkdocs_yml_over_cases_is_refused_by_casebook_build_and_by_mkdocs_build(sources):
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    root = sources.root.resolve()
    sources.write("mkdocs.yml", (root / "mkdocs.yml").read_text(encoding="utf-8") + "site_dir: cases\n")
    before = snapshot(root)
    result = run("build", root, "--lang", "en")
    assert result.exit_code == 1
    assert error_line("output-overlaps-source", path=str(root / "cases"), source=str(root / "cases")) in result.output
    with pytest.raises(Abort):  # `mkdocs build` would empty site_dir: the plugin stops it first
        mkdocs_build(load_config(str(root / "mkdocs.yml")))
    assert snapshot(root) == before


@pytest.mark.build
def test_an_existing_folder_casebook_did_not_write_is_refused_and_kept(sources, tmp_path):
    site = tmp_path / "www"
    (site / "photos").mkdir(parents=True)
    (site / "photos" / "family.jpg").write_bytes(b"\xff\xd8 not ours")
    before = snapshot(tmp_path)
    result = run("build", sources.root, "--site-dir", site, "--lang", "en")
    assert result.exit_code == 1
    assert error_line("output-not-casebook", path=str(site), marker=MARKER) in result.output
    assert snapshot(tmp_path) == before  # no work folder, no lock file left either
    result = run("generate", sources.root, "--out", site, "--lang", "en")
    assert result.exit_code == 1
    assert error_line("output-not-casebook", path=str(site), marker=MARKER) in result.output
    assert snapshot(tmp_path) == before


@pytest.mark.build
def test_an_empty_folder_is_used_and_every_output_gets_the_marker(sources, tmp_path):
    site, pages = tmp_path / "www", tmp_path / "pages"
    site.mkdir()
    assert run("build", sources.root, "--site-dir", site).exit_code == 0
    assert (site / "index.html").is_file()
    assert json.loads((site / MARKER).read_text(encoding="utf-8")) == {"edition": "internal", "tool": "casebook"}
    assert run("generate", sources.root, "--out", pages, "--edition", "public").exit_code == 0
    assert json.loads((pages / MARKER).read_text(encoding="utf-8")) == {"edition": "public", "tool": "casebook"}
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["site", "www", "pages"])


@pytest.mark.build
def test_a_folder_a_previous_build_wrote_is_replaced_whole(sources, tmp_path):
    site = tmp_path / "www"
    assert run("build", sources.root, "--site-dir", site).exit_code == 0
    first = snapshot(site)
    (site / "stale.html").write_text("from an old build", encoding="utf-8")
    result = run("build", sources.root, "--site-dir", site)
    assert result.exit_code == 0, result.output
    assert not (site / "stale.html").exists()
    assert set(stable(snapshot(site))) == set(stable(first))


@pytest.mark.build
def test_a_site_mkdocs_build_wrote_may_be_replaced_by_casebook_build(sources):
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    root = sources.root.resolve()
    mkdocs_build(load_config(str(root / "mkdocs.yml")))
    assert (root / "site" / MARKER).is_file()  # written by the plugin
    result = run("build", root)
    assert result.exit_code == 0, result.output


def test_the_booklet_is_never_written_into_the_sources(sources):
    root = sources.root.resolve()
    for where, source in (("cases/highlights.pdf", "cases"), ("docs/highlights.pdf", "docs"),
                          (".git/highlights.pdf", ".git")):
        result = run("booklet", "highlights", "--project", root, "--out", root / where, "--lang", "en")
        assert result.exit_code == 1, result.output
        assert error_line("output-overlaps-source", path=str(root / where), source=str(root / source)) in result.output
        assert not (root / where).exists()


@pytest.mark.parametrize("name", ["mkdocs.yml", "notes.txt"])
def test_the_booklet_never_overwrites_a_file_that_is_not_a_pdf(sources, name):
    root = sources.root.resolve()
    target = root / name
    if not target.exists():
        target.write_text("会议记录\n", encoding="utf-8")
    before = target.read_bytes()
    result = run("booklet", "highlights", "--project", root, "--out", target, "--lang", "en")
    assert result.exit_code == 1, result.output
    assert error_line("output-not-pdf", path=str(target)) in result.output
    assert target.read_bytes() == before


# --- 2. two builds into the same folder at once (real processes) ------------------------------

PAUSE_HOOK = '''\
import os, pathlib, time

def on_post_build(config, **kwargs):
    """With CASEBOOK_TEST_PAUSE set: say where the site was written, then wait for "go"."""
    flags = os.environ.get("CASEBOOK_TEST_PAUSE")
    if not flags:
        return
    flags = pathlib.Path(flags)
    (flags / "ready").write_text(config.site_dir, encoding="utf-8")
    deadline = time.monotonic() + 300  # never hang the test suite
    while not (flags / "go").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
'''


def cli(*args: object, umask: int | None = None, **env: str) -> subprocess.Popen:
    """`casebook ...` as a separate process that loads this worktree's generator/."""
    environment = {**os.environ, "PYTHONPATH": str(REPO), **env}
    return subprocess.Popen([sys.executable, "-m", "generator.cli", *map(str, args)], env=environment,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=(lambda: os.umask(umask)) if umask is not None else None)


@pytest.fixture
def paused_build(sources, tmp_path):
    """A `casebook build` process that has written its whole work folder and waits there."""
    root = sources.root.resolve()
    (root / "pause.py").write_text(PAUSE_HOOK, encoding="utf-8")
    sources.write("mkdocs.yml", (root / "mkdocs.yml").read_text(encoding="utf-8") + "hooks:\n  - pause.py\n")
    flags = tmp_path / "flags"
    flags.mkdir()
    site = tmp_path / "www"
    first = cli("build", root, "--site-dir", site, "--lang", "en", CASEBOOK_TEST_PAUSE=str(flags))
    deadline = time.monotonic() + 300
    while not (flags / "ready").exists():
        assert first.poll() is None, first.communicate()
        assert time.monotonic() < deadline, "the first build never reached on_post_build"
        time.sleep(0.05)
    work = Path((flags / "ready").read_text(encoding="utf-8"))
    yield root, site, work, first, flags
    if first.poll() is None:
        first.kill()
        first.communicate()


@pytest.mark.build
def test_a_second_build_into_the_same_folder_refuses_and_leaves_the_first_ones_work(paused_build):
    root, site, work, first, flags = paused_build
    work_before = snapshot(work)
    assert (work / "index.html").is_file()
    second = cli("build", root, "--site-dir", site, "--lang", "en")
    out, err = second.communicate(timeout=300)
    assert second.returncode == 1, out + err
    lock = site.parent / ".www.lock"
    assert err.strip().splitlines()[-1] == error_line("output-busy", path=str(site), lock=str(lock))
    assert snapshot(work) == work_before  # the live build's folder is untouched
    (flags / "go").touch()
    out, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    assert (site / "index.html").is_file() and (site / MARKER).is_file()
    assert sorted(p.name for p in site.parent.iterdir()) == ["flags", "site", "www"]  # no lock, no work folder


@pytest.mark.build
def test_a_killed_build_does_not_block_the_next(paused_build):
    root, site, work, first, flags = paused_build
    first.send_signal(signal.SIGKILL)  # no clean-up runs: the kernel drops its lock
    first.communicate()
    assert work.is_dir()
    second = cli("build", root, "--site-dir", site, "--lang", "en")
    out, err = second.communicate(timeout=300)
    assert second.returncode == 0, err
    assert (site / "index.html").is_file()
    assert sorted(p.name for p in site.parent.iterdir()) == ["flags", "site", "www"]  # the dead build's folder is gone


# --- 3. modes follow the umask, as with `mkdocs build` ----------------------------------------

def modes(folder: Path) -> tuple[set[int], set[int]]:
    everything = [folder, *folder.rglob("*")]
    return ({stat.S_IMODE(p.stat().st_mode) for p in everything if p.is_dir()},
            {stat.S_IMODE(p.stat().st_mode) for p in everything if p.is_file()})


@pytest.mark.build
@pytest.mark.parametrize("umask, folders, files", [(0o022, 0o755, 0o644), (0o027, 0o750, 0o640)],
                         ids=["umask-022", "umask-027"])
def test_the_site_and_generated_pages_get_the_modes_the_umask_allows(sources, tmp_path, umask, folders, files):
    site, pages = tmp_path / "www", tmp_path / "pages"
    for args in (("build", sources.root, "--site-dir", site), ("generate", sources.root, "--out", pages)):
        process = cli(*args, umask=umask)
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
    assert modes(site) == ({folders}, {files})
    assert modes(pages) == ({folders}, {files})


@pytest.mark.pdf
def test_the_booklet_pdf_gets_the_mode_the_umask_allows(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(REPO / "docs", project / "docs")
    shutil.copytree(REPO / "cases", project / "cases")
    out = tmp_path / "out" / "dispute.pdf"
    process = cli("booklet", "dispute-brands", "--project", project, "--out", out, umask=0o022)
    _, err = process.communicate(timeout=600)
    assert process.returncode == 0, err
    assert out.read_bytes().startswith(b"%PDF-")
    assert stat.S_IMODE(out.stat().st_mode) == 0o644
    assert sorted(p.name for p in out.parent.iterdir()) == ["dispute.pdf"]


# --- 4. a folder that cannot be written: one line, no traceback -------------------------------

@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("command, option", [("build", "--site-dir"), ("generate", "--out")])
def test_a_parent_that_is_a_file_gives_one_line_naming_the_folder(sources, tmp_path, command, option, lang):
    # Root ignores permission bits; a regular file where the parent folder should be fails for anyone.
    (tmp_path / "notes.txt").write_text("会议记录\n", encoding="utf-8")
    target = tmp_path / "notes.txt" / "site"
    result = run(command, sources.root, option, target, "--lang", lang)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.output.strip().splitlines()[-1] == error_line(
        "output-unwritable", lang, path=str(target), reason=os.strerror(errno.ENOTDIR))
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "会议记录\n"


def test_a_folder_the_system_will_not_create_gives_one_line_naming_it(sources):
    result = run("build", sources.root, "--site-dir", "/proc/casebook-site", "--lang", "en")
    assert result.exit_code == 1
    last = result.output.strip().splitlines()[-1]
    assert last.startswith("Error: cannot write /proc/casebook-site: ") and "Traceback" not in result.output


@pytest.mark.pdf
def test_a_booklet_into_a_folder_under_a_file_gives_one_line(sources, tmp_path):
    (tmp_path / "notes.txt").write_text("会议记录\n", encoding="utf-8")
    target = tmp_path / "notes.txt" / "highlights.pdf"
    result = run("booklet", "highlights", "--project", sources.root, "--out", target, "--lang", "en")
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == error_line(
        "output-unwritable", path=str(target), reason=os.strerror(errno.ENOTDIR))


def test_an_os_error_while_writing_the_output_names_the_folder_and_keeps_the_old_one(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("good", encoding="utf-8")
    write_marker(site, "internal")
    with pytest.raises(OutputError) as caught:
        with replacing(site, "internal") as work:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(work / "cases" / "index.html"))
    assert (caught.value.code, caught.value.params) == (
        "output-unwritable", {"path": str(site), "reason": os.strerror(errno.ENOSPC)})
    assert (site / "index.html").read_text(encoding="utf-8") == "good"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_an_os_error_about_another_file_is_not_blamed_on_the_output(tmp_path):
    source = tmp_path / "cases" / "photo.png"
    with pytest.raises(PermissionError):
        with replacing(tmp_path / "site", "internal"):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(source))
    assert sorted(p.name for p in tmp_path.iterdir()) == []
