"""Issue 9 §3: one configuration, one edition, no drafts or cache in a build.

`casebook validate`, `casebook build`, `casebook generate` and `mkdocs build` read mkdocs.yml
the same way (MkDocs' own load_config); the edition comes from --edition, else mkdocs.yml,
else internal, and every build says which one it built.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from case_factory import replace_collection_line
from generator.cli import main
from generator.messages import render
from generator.config import load_config

PUBLIC_CASE = "shawan-2024-001"
INTERNAL_CASE = "qingshi-2024-001"
DRAFT_CASE = "qingshi-2024-002"


def run(*args: object, env: dict[str, str] | None = None):
    return CliRunner(catch_exceptions=False).invoke(main, [str(a) for a in args], env=env)


def mkdocs_build(project, out: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """The plain `mkdocs build` of a user who never runs `casebook`."""
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", str(out)], cwd=project.root,
                          capture_output=True, text=True, env={**os.environ, **(env or {})})


def three_cases(project) -> None:
    project.case("shawan", PUBLIC_CASE)
    project.case("qingshi", INTERNAL_CASE, front={"visibility": "internal"})
    project.case("qingshi", DRAFT_CASE, front={"status": "draft"})


def built(site: Path) -> set[str]:
    return {p.name for p in (site / "cases").iterdir() if (p / "index.html").is_file()}


def codes(result) -> str:
    return result.stdout + result.stderr


# --- 1. the edition: --edition > mkdocs.yml > internal -------------------------------------

@pytest.mark.build
def test_mkdocs_yml_public_edition_is_what_casebook_build_builds(project, tmp_path):
    project.mkdocs(casebook={"edition": "public"})
    three_cases(project)
    result = run("build", project.root, "--site-dir", tmp_path / "www")
    assert result.exit_code == 0, codes(result)
    assert built(tmp_path / "www") == {PUBLIC_CASE}
    assert result.stdout.endswith(f"站点已生成（公开版（public））：{tmp_path / 'www'}\n")


@pytest.mark.build
def test_explicit_internal_overrides_mkdocs_yml_and_says_so(project, tmp_path):
    project.mkdocs(casebook={"edition": "public"})
    three_cases(project)
    result = run("build", project.root, "--site-dir", tmp_path / "www", "--edition", "internal")
    assert result.exit_code == 0, codes(result)
    assert built(tmp_path / "www") == {PUBLIC_CASE, INTERNAL_CASE}
    assert "按命令行 --edition 生成内网版（internal）；mkdocs.yml 设置的是公开版（public）" in result.stderr


@pytest.mark.build
def test_no_edition_anywhere_builds_internal(project, tmp_path):
    three_cases(project)
    result = run("build", project.root, "--site-dir", tmp_path / "www")
    assert result.exit_code == 0, codes(result)
    assert built(tmp_path / "www") == {PUBLIC_CASE, INTERNAL_CASE}
    assert "mkdocs.yml 设置的是" not in result.stderr


@pytest.mark.build
def test_plain_mkdocs_build_ignores_the_environment_and_prints_the_edition(project, tmp_path):
    project.mkdocs(casebook={"edition": "public"})
    three_cases(project)
    # the variable the CLI used to export: it must not downgrade a public build
    done = mkdocs_build(project, tmp_path / "out", env={"CASEBOOK_EDITION": "internal"})
    assert done.returncode == 0, done.stderr
    assert built(tmp_path / "out") == {PUBLIC_CASE}
    assert "本次构建的是公开版（public）" in done.stderr


@pytest.mark.build
def test_generate_follows_mkdocs_yml_and_prints_the_edition(project, tmp_path):
    project.mkdocs(casebook={"edition": "public"})
    three_cases(project)
    result = run("generate", project.root, "--out", tmp_path / "gen")
    assert result.exit_code == 0, codes(result)
    written = {p.name for p in (tmp_path / "gen" / "cases").glob("*.md")}
    assert f"{PUBLIC_CASE}.md" in written and f"{INTERNAL_CASE}.md" not in written
    assert "本次构建的是公开版（public）" in result.stdout


def test_validate_default_edition_follows_mkdocs_yml(project):
    project.case("shawan", PUBLIC_CASE)
    project.case("qingshi", INTERNAL_CASE, front={"visibility": "internal"})
    project.collection("best-2024", *replace_collection_line("visibility", "visibility: public"),
                       f"  - case: {INTERNAL_CASE}")
    line = "cases/collections/best-2024.yml:8: {}[internal-in-public] items[1].case:"
    assert line.format("warning") in run("validate", project.root).stdout  # internal: a warning
    project.mkdocs(casebook={"edition": "public"})
    result = run("validate", project.root)
    assert result.exit_code == 1
    assert line.format("error") in result.stdout
    assert line.format("warning") in run("validate", project.root, "--edition", "internal").stdout


# --- 2. drafts only in serve ---------------------------------------------------------------

def test_preview_option_in_mkdocs_yml_is_refused_by_validate(project):
    project.mkdocs(casebook={"preview": True})
    project.case("shawan", PUBLIC_CASE)
    result = run("validate", project.root)
    assert result.exit_code == 1
    assert ("mkdocs.yml: error[preview-option-removed] plugins.casebook.preview: 插件选项 preview 已取消："
            "应删除这一项，实际为 True；草稿和待审核案例只在 casebook serve 预览中显示，不会进入任何构建") in result.stdout


@pytest.mark.build
def test_preview_option_never_publishes_drafts(project, tmp_path):
    project.mkdocs(casebook={"preview": True, "edition": "public"})
    three_cases(project)
    result = run("build", project.root, "--site-dir", tmp_path / "www", "--edition", "public")
    assert result.exit_code == 1
    assert "error[preview-option-removed]" in result.stdout
    assert not (tmp_path / "www").exists()
    done = mkdocs_build(project, tmp_path / "out")
    assert done.returncode != 0
    assert "error[preview-option-removed] plugins.casebook.preview" in done.stderr
    assert not (tmp_path / "out" / "cases" / DRAFT_CASE).exists()


def test_generate_preview_is_refused_for_the_public_edition(project, tmp_path):
    three_cases(project)
    result = run("generate", project.root, "--out", tmp_path / "gen", "--preview", "--edition", "public",
                 "--lang", "en")
    assert result.exit_code == 1
    assert "--preview cannot be used with --edition public" in result.stderr
    assert not (tmp_path / "gen").exists()


# --- 3. the cache folder -------------------------------------------------------------------

@pytest.mark.parametrize("cache", ["docs/.cache", "docs", "site/cache", ".", "..", "cases", "cases/../.git/x",
                                   "docs/../docs/sub", "ABSOLUTE_DOCS"])
def test_a_cache_where_it_would_be_published_or_destroy_something_is_refused(project, cache):
    if cache == "ABSOLUTE_DOCS":
        cache = str(project.root / "docs" / "cache")
    project.mkdocs(casebook={"cache_dir": cache})
    project.case("shawan", PUBLIC_CASE)
    result = run("validate", project.root, "--lang", "en")
    assert result.exit_code == 1
    assert "mkdocs.yml: error[cache-dir-unsafe] plugins.casebook.cache_dir: unsafe cache folder:" in result.stdout
    assert f'found "{cache}"' in result.stdout


def test_a_cache_outside_the_published_folders_is_accepted(project, tmp_path):
    project.mkdocs(casebook={"cache_dir": str(tmp_path / "elsewhere")})
    project.case("shawan", PUBLIC_CASE)
    assert run("validate", project.root).exit_code == 0


@pytest.mark.build
def test_a_cache_inside_docs_is_refused_by_mkdocs_build_too(project, tmp_path):
    project.mkdocs(casebook={"cache_dir": "docs/.casebook-cache"})
    project.case("shawan", PUBLIC_CASE)
    done = mkdocs_build(project, tmp_path / "out")
    assert done.returncode != 0
    assert "error[cache-dir-unsafe] plugins.casebook.cache_dir" in done.stderr
    assert not (project.root / "docs" / ".casebook-cache").exists()


@pytest.mark.build
def test_a_cache_inside_the_site_folder_given_on_the_command_line_is_refused(project, tmp_path):
    project.mkdocs(casebook={"cache_dir": str(tmp_path / "out" / "cache")})
    project.case("shawan", PUBLIC_CASE)
    result = run("build", "--project", project.root, "--site-dir", tmp_path / "out")
    assert result.exit_code == 1
    # The output-folder check sees it first: the site would be replaced over the cache.
    assert result.output == "Error: " + render("output-overlaps-source", {
        "path": str((tmp_path / "out").resolve()), "source": str((tmp_path / "out" / "cache").resolve())}, "zh") + "\n"
    assert not (tmp_path / "out").exists()


# --- 4. one configuration for every command ------------------------------------------------

SHORT_BODY = "\n## 做法\n\n开板凳会。\n\n## 成效\n\n警情下降。\n"


def _inherited(project) -> None:
    project.write("base.yml", "theme:\n  name: material\n  language: zh\nplugins:\n"
                              "  - casebook:\n      sections: [做法, 成效]\n")
    project.write("mkdocs.yml", "INHERIT: base.yml\nsite_name: 继承的案例库\n")
    project.case("shawan", PUBLIC_CASE, body=SHORT_BODY)


def test_inherit_is_read_by_validate(project):
    _inherited(project)
    config, problems = load_config(project.root)
    assert config.sections == ("做法", "成效") and config.site_name == "继承的案例库" and problems == []
    result = run("validate", project.root)
    assert result.exit_code == 0, result.stdout


@pytest.mark.build
def test_inherit_is_read_the_same_by_build_and_mkdocs_build(project, tmp_path):
    _inherited(project)
    assert run("build", project.root, "--site-dir", tmp_path / "www").exit_code == 0
    assert (tmp_path / "www" / "cases" / PUBLIC_CASE / "index.html").is_file()
    done = mkdocs_build(project, tmp_path / "out")
    assert done.returncode == 0, done.stderr
    # and a section the inherited list requires is required by all of them
    project.write("base.yml", (project.root / "base.yml").read_text(encoding="utf-8").replace(
        "[做法, 成效]", "[做法, 成效, 推广情况]"))
    line = f"cases/shawan/{PUBLIC_CASE}.md:12: error[missing-section]: 缺少正文小节“## 推广情况”"
    assert line in run("validate", project.root).stdout
    assert line in run("build", project.root, "--site-dir", tmp_path / "s2").stdout
    done = mkdocs_build(project, tmp_path / "out2")
    assert done.returncode != 0 and line in done.stderr


@pytest.mark.build
def test_env_values_are_read_by_validate_and_build(project, tmp_path):
    project.write("mkdocs.yml", (project.root / "mkdocs.yml").read_text(encoding="utf-8").replace(
        "  - casebook\n", "  - casebook:\n      edition: !ENV [CASEBOOK_TEST_EDITION, internal]\n"))
    three_cases(project)
    env = {"CASEBOOK_TEST_EDITION": "public"}
    os.environ.update(env)  # MkDocs reads !ENV when the CLI (in this process) loads mkdocs.yml
    try:
        assert load_config(project.root)[0].edition == "public"
        result = run("build", project.root, "--site-dir", tmp_path / "www")
    finally:
        os.environ.pop("CASEBOOK_TEST_EDITION")
    assert result.exit_code == 0, codes(result)
    assert built(tmp_path / "www") == {PUBLIC_CASE}
    done = mkdocs_build(project, tmp_path / "out", env=env)
    assert done.returncode == 0 and built(tmp_path / "out") == {PUBLIC_CASE}
    assert load_config(project.root)[0].edition == "internal"  # the default of !ENV


@pytest.mark.parametrize("text, where", [
    ("site_name: 坏配置\ntheme:\n  name: no-such-theme\n", "mkdocs.yml: error[mkdocs-config] theme:"),
    ("site_name: [未闭合\n", "mkdocs.yml:2: error[mkdocs-config]"),
    ("INHERIT: missing.yml\nsite_name: x\n", "mkdocs.yml: error[mkdocs-config]"),
    ("site_name: x\nstrict: true\nno_such_setting: 1\n", "mkdocs.yml: error[mkdocs-config] strict:"),
])
def test_a_mkdocs_yml_error_is_a_message_not_a_traceback(project, tmp_path, text, where):
    project.write("mkdocs.yml", text)
    project.case("shawan", PUBLIC_CASE)
    for args in (["validate"], ["build", "--site-dir", tmp_path / "www"], ["generate", "--out", tmp_path / "g"]):
        result = run(args[0], project.root, *args[1:])
        assert result.exit_code == 1
        assert where in result.stdout, result.stdout
        assert "Traceback" not in codes(result)
    assert not (tmp_path / "www").exists()


@pytest.mark.build
def test_generate_writes_the_same_feed_as_build(project, tmp_path):
    project.write("mkdocs.yml", "site_name: 沙湾案例库\nsite_url: https://anli.example.gov.cn/sub/\n"
                  + (project.root / "mkdocs.yml").read_text(encoding="utf-8").split("\n", 1)[1])
    three_cases(project)
    assert run("build", project.root, "--site-dir", tmp_path / "www").exit_code == 0
    assert run("generate", project.root, "--out", tmp_path / "gen").exit_code == 0
    built_feed = (tmp_path / "www" / "feed.xml").read_bytes()
    assert (tmp_path / "gen" / "feed.xml").read_bytes() == built_feed
    assert b"<title>\xe6\xb2\x99\xe6\xb9\xbe\xe6\xa1\x88\xe4\xbe\x8b\xe5\xba\x93</title>" in built_feed  # 沙湾案例库
    assert b"<id>tag:casebook,2024:https%3A%2F%2Fanli.example.gov.cn%2Fsub%2F/internal</id>" in built_feed


@pytest.mark.build
def test_use_directory_urls_false_is_refused_with_a_message(project, tmp_path):
    project.write("mkdocs.yml", "use_directory_urls: false\n" + (project.root / "mkdocs.yml").read_text(encoding="utf-8"))
    project.case("shawan", PUBLIC_CASE)
    expected = ("mkdocs.yml: error[directory-urls-required] use_directory_urls: expected use_directory_urls: true "
                "(or no such setting), found false")
    assert expected in run("validate", project.root, "--lang", "en").stdout
    result = run("build", project.root, "--site-dir", tmp_path / "www", "--lang", "en")
    assert result.exit_code == 1 and expected in result.stdout
    done = mkdocs_build(project, tmp_path / "out")
    assert done.returncode != 0 and "error[directory-urls-required]" in done.stderr
