"""The `casebook` command through click's CliRunner: exit codes and exact output."""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import shlex
import shutil
import sys
from pathlib import Path

import click
import pytest
import yaml
from click.testing import CliRunner

from case_factory import front_matter
from generator import cli, scaffold
from generator.cli import main

REPO = Path(__file__).resolve().parents[1]


def run(*args: str):
    # catch_exceptions=False: a crash is a test failure with its traceback, never exit 1
    return CliRunner(catch_exceptions=False).invoke(main, [str(a) for a in args])


def files_in(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


# --- validate -------------------------------------------------------------------------

def test_the_shipped_sample_validates_with_zero_errors():
    result = run("validate", REPO, "--format", "json")
    report = json.loads(result.stdout)
    assert report["errors"] == [], "\n".join(f"{e['file']}:{e['line']}: {e['message']}" for e in report["errors"])
    assert result.exit_code == 0
    assert report["cases"] >= 16


def test_validate_exits_0_on_a_valid_project(project):
    project.case("shawan", "shawan-2024-001")
    result = run("validate", project.root)
    assert result.exit_code == 0
    assert result.stdout == "共检查 1 个案例：0 个错误，0 个警告\n"


def test_validate_exits_0_with_only_warnings(project):
    project.case("shawan", "shawan-2024-001")
    project.write("cases/shawan/notes.txt", "备忘")
    result = run("validate", project.root)
    assert result.exit_code == 0
    assert result.stdout.endswith("共检查 1 个案例：0 个错误，1 个警告\n")


def test_validate_prints_each_problem_on_its_line_and_exits_1(project):
    project.case("shawan", "shawan-2024-001", raw=front_matter(
        "title: “板凳会”化解邻里纠纷", "date: 2024-03-18", "tags: [mediation]", "status: approved",
        "criteria:", "  - dispute-resolution", "  - 巡逻", "visibility: public", "summary: 当场调解邻里纠纷。"))
    result = run("validate", project.root)
    assert result.exit_code == 1
    assert result.stdout == (
        "cases/shawan/shawan-2024-001.md:8: error[unknown-criterion] criteria[1]: 创建清单项无效："
        "应为以下之一（编号或名称）：矛盾纠纷化解（dispute-resolution）、社区警务（community-policing），实际为“巡逻”\n"
        "共检查 1 个案例：1 个错误，0 个警告\n"
    )


def test_validate_defaults_to_the_current_folder(project, monkeypatch):
    project.case("shawan", "shawan-2024-001", front={"status": "done"})
    monkeypatch.chdir(project.root)
    result = run("validate")
    assert result.exit_code == 1
    assert result.stdout.startswith("cases/shawan/shawan-2024-001.md:8: error[invalid-value] status: ")


def test_validate_json_shape(project):
    project.case("shawan", "shawan-2024-001", front={"visibility": "no"})
    project.case("qingshi", "qingshi-2024-001")
    project.write("cases/qingshi/notes.txt", "备忘")
    result = run("validate", project.root, "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert set(data) == {"errors", "warnings", "cases"}
    assert data["cases"] == 2
    assert data["errors"] == [{
        "file": "cases/shawan/shawan-2024-001.md", "line": 9, "field": "visibility", "code": "invalid-value",
        "message": "取值无效：应为以下之一：internal（仅内网）、public（可公开），实际为“no”",
    }]
    assert [set(w) for w in data["warnings"]] == [{"file", "line", "field", "code", "message"}]
    assert data["warnings"][0]["line"] is None and data["warnings"][0]["field"] is None


def test_validate_json_with_no_problems(project):
    project.case("shawan", "shawan-2024-001")
    result = run("validate", project.root, "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"errors": [], "warnings": [], "cases": 1}


def test_validate_lang_en_overrides_a_chinese_project(project):
    project.case("shawan", "shawan-2024-001", front={"visibility": "no"})
    result = run("validate", project.root, "--lang", "en")
    assert result.stdout == (
        'cases/shawan/shawan-2024-001.md:9: error[invalid-value] visibility: invalid value: '
        'expected one of internal, public, found "no"\n'
        "Checked 1 case(s): 1 error(s), 0 warning(s)\n"
    )


def test_language_follows_theme_language_in_mkdocs_yml(project):
    project.mkdocs(language="en")
    project.case("shawan", "shawan-2024-001", front={"visibility": "no"})
    assert run("validate", project.root).stdout.endswith("Checked 1 case(s): 1 error(s), 0 warning(s)\n")
    assert run("validate", project.root, "--lang", "zh").stdout.endswith("共检查 1 个案例：1 个错误，0 个警告\n")


def test_mkdocs_yml_with_python_tags_is_read_without_running_them(project):
    # mkdocs-material's emoji settings use !!python/name; reading mkdocs.yml must not import it
    text = (project.root / "mkdocs.yml").read_text(encoding="utf-8")
    project.write("mkdocs.yml", text + (
        "markdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "extra:\n  version: !ENV [CASEBOOK_VERSION, '1']\n"))
    project.case("shawan", "shawan-2024-001")
    assert run("validate", project.root).exit_code == 0


def test_validate_outside_a_project_says_so(tmp_path):
    result = run("validate", tmp_path)
    assert result.exit_code == 1
    assert "不是案例库项目" in result.stderr and "casebook init" in result.stderr


# --- new --------------------------------------------------------------------------------

CRITERION = ("--criterion", "dispute-resolution")


def new(project, *args: str):
    return run("new", "--project", project.root, *args)


def read_front(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n")[1])


def todo(rel: str, title: bool = True) -> str:
    """What `new` prints after writing ``rel``: each 【请填写】 left, by file and line."""
    return "".join([
        f"已创建 {rel}（草稿，status: draft）\n",
        "接下来请打开这个文件，把下列各处的“【请填写】”换成实际内容（contacts、results 用不上可以整项删除）：\n",
        f"  {rel}:2  字段“title”\n" if title else "",
        f"  {rel}:8  字段“summary”\n",
        f"  {rel}:10  字段“contacts[0].name”\n",
        f"  {rel}:12  字段“results[0].indicator”\n",
        f"  {rel}:15  小节“## 背景”\n",
        f"  {rel}:19  小节“## 做法”\n",
        f"  {rel}:23  小节“## 成效”\n",
        f"  {rel}:27  小节“## 可复制经验”\n",
        "写完后运行 casebook validate 检查；casebook serve 可以边写边在浏览器里预览\n",
    ])


CRITERIA_LIST = ("  dispute-resolution  矛盾纠纷化解\n"
                 "  community-policing  社区警务\n")


def test_new_writes_the_next_id_with_todays_date_and_says_what_to_fill_in(project):
    before = dt.date.today()
    result = new(project, "--unit", "shawan", *CRITERION)
    after = dt.date.today()
    assert result.exit_code == 0
    (path,) = (project.root / "cases/shawan").glob("*.md")
    assert path.name in {f"shawan-{before.year}-001.md", f"shawan-{after.year}-001.md"}
    assert result.stdout == todo(f"cases/shawan/{path.name}")
    assert result.stderr == ""
    front = read_front(path)
    assert front["date"] in {before.isoformat(), after.isoformat()}
    assert front["status"] == "draft"
    assert front["criteria"] == ["dispute-resolution"]
    assert {"title", "date", "criteria", "status", "visibility", "summary"} <= set(front)
    text = path.read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", text, flags=re.M)
    assert headings == ["背景", "做法", "成效", "可复制经验"]
    assert text.count("【请填写】") >= 4  # a hint under every heading


def test_a_fresh_case_has_no_error_only_the_hints_new_listed(project):
    result = new(project, "--unit", "shawan", *CRITERION)
    (path,) = (project.root / "cases/shawan").glob("*.md")
    rel = f"cases/shawan/{path.name}"
    report = project.validate()
    assert report.errors == []
    listed = re.findall(r"^  (\S+:\d+)  ", result.stdout, flags=re.M)
    assert [f"{w.file}:{w.line}" for w in sorted(report.warnings, key=lambda w: w.sort_key())] == listed
    assert {w.code for w in report.warnings} == {"unfilled-hint"}
    assert listed[0] == f"{rel}:2"


def test_new_case_passes_validation_once_criteria_are_filled_in(project):
    new(project, "--unit", "shawan", "--title", "“板凳会”化解邻里纠纷", "--criterion", "dispute-resolution")
    report = project.validate()
    assert report.errors == []
    assert {p.code for p in report.warnings} == {"unfilled-hint"}


def test_new_with_a_title_does_not_ask_for_one(project):
    result = new(project, "--unit", "shawan", "--title", "“板凳会”化解邻里纠纷", *CRITERION)
    (path,) = (project.root / "cases/shawan").glob("*.md")
    assert result.stdout == todo(f"cases/shawan/{path.name}", title=False)


def test_new_takes_the_chinese_names_of_unit_and_criteria(project):
    year = dt.date.today().year
    result = new(project, "--unit", "沙湾派出所", "--criterion", "社区警务", "--criterion", "dispute-resolution",
                 "--criterion", "矛盾纠纷化解")
    assert result.exit_code == 0, result.output
    path = project.root / f"cases/shawan/shawan-{year}-001.md"
    assert result.stdout.startswith(f"已创建 cases/shawan/shawan-{year}-001.md（草稿，status: draft）\n")
    # written as ids, each once, in the order given
    assert "criteria: [community-policing, dispute-resolution]\n" in path.read_text(encoding="utf-8")
    assert project.validate().errors == []


def test_new_with_a_near_miss_of_a_unit_name_suggests_its_id(project):
    result = new(project, "--unit", "沙湾所", *CRITERION)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "Error: 单位“沙湾所”未在 cases/units.yml 中登记；是不是“shawan”（沙湾派出所）？\n"
        "--unit 可以写单位编号或单位全称。已登记的单位（共 3 个，编号 名称）：\n"
        "  sanjiang  三江县公安局\n"
        "  shawan    沙湾派出所\n"
        "  qingshi   青石派出所\n"
        "新单位请先在 cases/units.yml 中登记\n"
    )
    assert not (project.root / "cases/shawan").exists()


def test_new_with_a_near_miss_of_a_unit_id(project):
    result = new(project, "--unit", "shawn", *CRITERION)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: 单位“shawn”未在 cases/units.yml 中登记；是不是“shawan”（沙湾派出所）？\n")
    assert not (project.root / "cases/shawn").exists()


def test_new_with_a_near_miss_of_a_criterion_name_suggests_its_id(project):
    result = new(project, "--unit", "shawan", "--criterion", "社区警", "--lang", "en")
    assert result.exit_code == 1
    assert result.stderr == (
        'Error: there is no criterion "社区警"; did you mean "community-policing" (社区警务)?\n'
        "--criterion takes a criterion id or name. The criteria in cases/criteria.yml (2, id and name):\n"
        + CRITERIA_LIST)
    assert not (project.root / "cases/shawan").exists()


def test_new_with_an_unknown_criterion_and_nothing_like_it(project):
    result = new(project, "--unit", "shawan", "--criterion", "巡逻")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: 创建清单项“巡逻”不存在\n"
        "--criterion 可以写清单项编号或名称。cases/criteria.yml 中的清单项（共 2 项，编号 名称）：\n"
        + CRITERIA_LIST)


def test_new_without_a_criterion_outside_a_terminal_exits_2_with_the_list(project):
    result = new(project, "--unit", "shawan")  # CliRunner's stdin is not a terminal, like a script's
    assert result.exit_code == 2
    assert result.stdout == ""
    # click's usage lines before it differ between versions ("Try 'main new -h'" in 8.1.x)
    usage, error = result.stderr.split("\n\n", 1)
    assert usage.startswith("Usage: main new [OPTIONS]\n")
    assert error == (
        "Error: 缺少 --criterion：每个案例至少要对应一项创建清单项。请加上 --criterion 编号或名称（可写多次），"
        "如 --criterion dispute-resolution。cases/criteria.yml 中的清单项（编号 名称）：\n" + CRITERIA_LIST)
    assert not (project.root / "cases/shawan").exists()


def test_new_without_a_criterion_in_english(project):
    result = new(project, "--unit", "shawan", "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr.endswith(
        "Error: missing --criterion: every case belongs to at least one criterion. Add --criterion with an id "
        "or name (repeatable), such as --criterion dispute-resolution. The criteria in cases/criteria.yml "
        "(id and name):\n" + CRITERIA_LIST)


@pytest.fixture
def at_a_terminal(monkeypatch):
    # CliRunner feeds stdin from a string, never a terminal; test_new_asks_at_a_real_terminal runs a real pty
    monkeypatch.setattr(cli, "_interactive", lambda: True)


def test_new_without_a_criterion_at_a_terminal_asks_for_it(project, at_a_terminal):
    year = dt.date.today().year
    result = CliRunner(catch_exceptions=False).invoke(
        main, ["new", "--project", str(project.root), "--unit", "shawan"], input="巡逻\n社区警务 1\n")
    assert result.exit_code == 0, result.output
    rel = f"cases/shawan/shawan-{year}-001.md"
    assert result.output == (
        "这个案例对应哪一项创建清单？（cases/criteria.yml，编号 名称）\n"
        "  1. dispute-resolution  矛盾纠纷化解\n"
        "  2. community-policing  社区警务\n"
        "请输入序号、编号或名称，多项用空格或逗号分开: 巡逻\n"
        "Error: 创建清单项“巡逻”不存在\n"
        "--criterion 可以写清单项编号或名称。cases/criteria.yml 中的清单项（共 2 项，编号 名称）：\n"
        + CRITERIA_LIST +
        "请输入序号、编号或名称，多项用空格或逗号分开: 社区警务 1\n"
        + todo(rel))
    assert read_front(project.root / rel)["criteria"] == ["community-policing", "dispute-resolution"]


def test_new_at_a_terminal_takes_ids_separated_by_chinese_commas(project, at_a_terminal):
    result = CliRunner(catch_exceptions=False).invoke(
        main, ["new", "--project", str(project.root), "--unit", "沙湾派出所"],
        input="community-policing，dispute-resolution\n")
    assert result.exit_code == 0, result.output
    (path,) = (project.root / "cases/shawan").glob("*.md")
    assert read_front(path)["criteria"] == ["community-policing", "dispute-resolution"]


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_new_asks_at_a_real_terminal(project):
    import pty
    import subprocess

    leader, follower = pty.openpty()
    try:
        os.write(leader, b"2\n")  # typed ahead: the terminal keeps the line until the prompt reads it
        done = subprocess.run(
            [sys.executable, "-m", "generator.cli", "new", "--project", str(project.root), "--unit", "shawan"],
            stdin=follower, capture_output=True, timeout=120, env={**os.environ, "PYTHONPATH": str(REPO)})
    finally:
        os.close(follower)
        os.close(leader)
    assert done.returncode == 0, done.stderr.decode()
    assert "  2. community-policing  社区警务\n" in done.stdout.decode()
    (path,) = (project.root / "cases/shawan").glob("*.md")
    assert read_front(path)["criteria"] == ["community-policing"]


def test_new_twice_gets_the_next_number(project):
    year = dt.date.today().year
    new(project, "--unit", "shawan", *CRITERION)
    new(project, "--unit", "shawan", *CRITERION)
    names = sorted(p.name for p in (project.root / "cases/shawan").glob("*.md"))
    assert names == [f"shawan-{year}-001.md", f"shawan-{year}-002.md"]


def test_new_never_touches_an_existing_case(project):
    year = dt.date.today().year
    existing = project.case("shawan", f"shawan-{year}-003")
    original = existing.read_bytes()
    assert new(project, "--unit", "shawan", *CRITERION).exit_code == 0
    assert existing.read_bytes() == original
    assert (project.root / f"cases/shawan/shawan-{year}-004.md").is_file()


def test_new_counts_ids_of_the_unit_across_all_folders(project):
    # a case moved to another unit folder keeps its id; the next one must not collide
    year = dt.date.today().year
    project.case("qingshi", f"shawan-{year}-001")
    new(project, "--unit", "shawan", *CRITERION)
    assert (project.root / f"cases/shawan/shawan-{year}-002.md").is_file()


def test_new_refuses_to_overwrite_and_changes_nothing(project, monkeypatch):
    year = dt.date.today().year
    existing = project.case("shawan", f"shawan-{year}-001")
    original = existing.read_bytes()
    # someone else wrote the file between choosing the id and writing it
    monkeypatch.setattr(scaffold, "next_case_id", lambda cases_dir, unit, year: f"shawan-{year}-001")
    result = new(project, "--unit", "shawan", *CRITERION)
    assert result.exit_code == 1
    assert "已存在，未做任何改动" in result.stderr
    assert existing.read_bytes() == original


def test_new_keeps_a_title_with_quotes_colons_and_a_newline_exactly(project):
    title = '他说："板凳会: 好"\n第二行 #1'
    assert new(project, "--unit", "shawan", "--title", title, *CRITERION).exit_code == 0
    (path,) = (project.root / "cases/shawan").glob("*.md")
    assert read_front(path)["title"] == title
    _report, validated = project.check()
    assert validated.cases[0].data["title"] == title


def test_new_reports_a_title_validate_would_refuse(project):
    result = new(project, "--unit", "shawan", "--title", "标" * 201, *CRITERION)
    assert result.exit_code == 0  # the file is written; the clerk shortens the title there
    (path,) = (project.root / "cases/shawan").glob("*.md")
    rel = f"cases/shawan/{path.name}"
    (error,) = project.validate().errors
    assert f"{error.file}:{error.line}: error[{error.code}] {error.field}: " in result.stdout
    assert error.file == rel


def test_new_speaks_english_when_asked(project):
    result = new(project, "--unit", "shawan", "--lang", "en", *CRITERION)
    (path,) = (project.root / "cases/shawan").glob("*.md")
    rel = f"cases/shawan/{path.name}"
    assert result.stdout.startswith(
        f"created {rel} (a draft, status: draft)\n"
        'next, open the file and replace each "【请填写】" below with the real text '
        "(delete contacts or results if they do not apply):\n"
        f'  {rel}:2  field "title"\n')
    assert result.stdout.endswith(
        f'  {rel}:27  section "## 可复制经验"\n'
        "then run casebook validate to check it; casebook serve previews it in the browser as you write\n")


def test_new_uses_the_configured_sections(project):
    project.mkdocs(casebook={"sections": ["做法", "推广情况"]})
    new(project, "--unit", "shawan", *CRITERION)
    (path,) = (project.root / "cases/shawan").glob("*.md")
    assert re.findall(r"^## (.+)$", path.read_text(encoding="utf-8"), flags=re.M) == ["做法", "推广情况"]


@pytest.mark.parametrize("guide", ["docs/guide.md", "generator/skeleton/docs/guide.md"])
def test_the_guide_shows_what_new_really_prints(guide, tmp_path):
    text = (REPO / guide).read_text(encoding="utf-8")
    command, printed = re.search(r"```text\n(casebook new [^\n]+)\n```.*?```text\n(已创建.*?)```", text, re.S).groups()
    if guide.startswith("generator/"):
        run("init", tmp_path / "p")
    else:
        shutil.copytree(REPO / "cases", tmp_path / "p" / "cases")
        shutil.copy(REPO / "mkdocs.yml", tmp_path / "p")
        (tmp_path / "p" / "docs").mkdir()
    year = dt.date.today().year
    result = run(*shlex.split(command)[1:], "--project", tmp_path / "p")
    assert result.exit_code == 0, result.output
    expected = re.sub(r"-20\d\d-(\d{3})\.md", rf"-{year}-\1.md", printed)
    assert result.stdout == expected


# --- init ---------------------------------------------------------------------------------

GITIGNORE = """\
# Casebook 生成的文件，不要提交到版本库（每次 casebook build 都会重新生成）。
# Written by Casebook on every build; not for version control.
/site/
/.site.lock
/.site.tmp-*/
/.casebook-cache/
"""


def test_init_creates_a_project_that_validates(tmp_path):
    target = tmp_path / "new-bureau"
    result = run("init", target)
    assert result.exit_code == 0
    assert result.stdout == f"已在 {target} 创建新项目（11 个文件）。下一步：cd {target} && casebook validate\n"
    for rel in ("mkdocs.yml", "docs", "cases/units.yml", "cases/criteria.yml", "cases/tags.yml",
                "cases/campaign.yml", "cases/bureau/progress.yml"):
        assert (target / rel).exists(), rel
    assert len(list((target / "cases").glob("*/*.md"))) >= 1
    check = run("validate", "--project", target, "--format", "json")
    report = json.loads(check.stdout)
    assert report["errors"] == [] and report["cases"] >= 1
    assert check.exit_code == 0


def test_init_gives_a_campaign_with_an_item_for_each_criterion_and_an_empty_progress_file(tmp_path):
    target = tmp_path / "new-bureau"
    assert run("init", target).exit_code == 0
    result = run("progress", "--project", target, "--as-of", "2027-01-04", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["acceptance"], data["totals"]["not-started"]) == ("2027-06-30", 8)
    assert [u["unit"] for u in data["units"]] == ["bureau"]


def test_init_writes_a_gitignore_for_the_site_and_the_cache(tmp_path):
    target = tmp_path / "new-bureau"
    assert run("init", "--project", target).exit_code == 0
    assert (target / ".gitignore").read_text(encoding="utf-8") == GITIGNORE


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_git_leaves_out_what_build_writes_in_a_project_init_made(tmp_path):
    import subprocess

    target = tmp_path / "new-bureau"
    run("init", target)
    made_by_init = sorted(files_in(target))
    for rel in ("site/index.html", ".casebook-cache/x.json", ".site.lock", ".site.tmp-k1/index.html"):
        (target / rel).parent.mkdir(parents=True, exist_ok=True)
        (target / rel).write_text("x", encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=target, check=True)
    status = subprocess.run(["git", "status", "--porcelain", "-uall"], cwd=target, check=True,
                            capture_output=True, text=True).stdout
    assert sorted(line[3:] for line in status.splitlines()) == made_by_init


def test_init_into_an_empty_folder(tmp_path):
    assert run("init", tmp_path).exit_code == 0
    assert (tmp_path / "cases/units.yml").is_file()


def test_init_in_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("init")
    assert result.exit_code == 0
    assert result.stdout.startswith("已在 . 创建新项目（11 个文件）")
    assert (tmp_path / ".gitignore").is_file() and (tmp_path / "cases/units.yml").is_file()


def test_init_refuses_a_non_empty_folder_and_changes_nothing(tmp_path):
    (tmp_path / "notes.txt").write_text("已有内容", encoding="utf-8")
    (tmp_path / "cases").mkdir()
    before = files_in(tmp_path)
    result = run("init", tmp_path)
    assert result.exit_code == 1
    assert "已存在且不为空" in result.stderr and "未做任何改动" in result.stderr
    assert files_in(tmp_path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cases", "notes.txt"]


def test_init_never_replaces_an_existing_gitignore(tmp_path):
    (tmp_path / ".gitignore").write_text("*.docx\n", encoding="utf-8")
    result = run("init", tmp_path)
    assert result.exit_code == 1
    assert result.stderr == f"Error: 目录 {tmp_path} 已存在且不为空：应为不存在或空的目录，未做任何改动\n"
    assert files_in(tmp_path) == {".gitignore": b"*.docx\n"}


# --- the project folder: --project everywhere, the old argument still understood ---------------

OLD_SPELLING = ["validate", "build", "serve", "generate"]


def deprecation(command: str, path) -> str:
    return (f"提示：把项目目录直接写在命令后面（casebook {command} {path}）是旧写法，以后会取消；"
            f"请改写为 casebook {command} --project {path}\n")


def test_validate_takes_the_project_as_an_option(project):
    project.case("shawan", "shawan-2024-001")
    result = run("validate", "--project", project.root)
    assert result.exit_code == 0
    assert result.stdout == "共检查 1 个案例：0 个错误，0 个警告\n"
    assert result.stderr == ""


def test_the_old_argument_still_works_with_a_note_on_stderr(project):
    project.case("shawan", "shawan-2024-001")
    result = run("validate", project.root)
    assert result.exit_code == 0
    assert result.stdout == "共检查 1 个案例：0 个错误，0 个警告\n"
    assert result.stderr == deprecation("validate", project.root)


def test_the_note_on_the_old_argument_in_english(project):
    project.case("shawan", "shawan-2024-001")
    result = run("validate", project.root, "--lang", "en")
    assert result.stderr == (f"note: the project folder as an argument (casebook validate {project.root}) is "
                             f"deprecated and will be removed; write casebook validate --project {project.root}\n")


def test_generate_with_either_spelling_writes_the_same_pages(project, tmp_path):
    project.case("shawan", "shawan-2024-001")
    old = run("generate", project.root, "--out", tmp_path / "old")
    new_ = run("generate", "--project", project.root, "--out", tmp_path / "new")
    assert old.exit_code == new_.exit_code == 0
    assert old.stderr == deprecation("generate", project.root) and new_.stderr == ""
    assert files_in(tmp_path / "old") == files_in(tmp_path / "new")


@pytest.mark.parametrize("command", OLD_SPELLING)
def test_every_command_finds_the_project_by_either_spelling(command, tmp_path):
    extra = ["--out", tmp_path / "out"] if command == "generate" else []
    for args in ([tmp_path / "nowhere"], ["--project", tmp_path / "nowhere"]):
        result = run(command, *args, *extra)
        assert result.exit_code == 1
        assert result.stderr == (f"Error: {tmp_path / 'nowhere'} 不是案例库项目：应包含 cases/ 目录；"
                                 "可用 casebook init 新建\n")


@pytest.mark.parametrize("command", ["new", "booklet", "init"])
def test_every_other_command_takes_project_too(command):
    assert "--project" in [opt for p in main.commands[command].params for opt in p.opts]


def test_the_folder_given_twice_and_differently_is_refused(project, tmp_path):
    result = run("validate", "--project", project.root, tmp_path)
    assert result.exit_code == 2
    assert result.stderr.endswith(f"Error: 项目目录写了两次且不一致：--project {project.root}，命令后面又写了 "
                                  f"{tmp_path}；请只用 --project\n")


def test_the_same_folder_given_twice_is_fine(project):
    project.case("shawan", "shawan-2024-001")
    result = run("validate", "--project", project.root, project.root)
    assert result.exit_code == 0 and result.stderr == ""


# --- schema --------------------------------------------------------------------------------

def test_schema_is_json_schema_for_the_front_matter():
    result = run("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert {"title", "date", "criteria", "tags", "status", "visibility", "summary",
            "contacts", "results", "replicated_from", "related"} <= set(schema["properties"])
    assert schema["additionalProperties"] is False
    assert sorted(schema["required"]) == sorted(["title", "date", "criteria", "status", "visibility", "summary"])
    assert schema["properties"]["status"]["enum"] == ["draft", "submitted", "approved"]
    assert schema["properties"]["visibility"]["enum"] == ["internal", "public"]
    assert schema["properties"]["summary"]["maxLength"] == 200


def test_schema_patterns_match_what_validate_accepts():
    properties = json.loads(run("schema").stdout)["properties"]
    date = properties["date"]["pattern"]
    assert re.search(date, "2024-03-18") and not re.search(date, "2024-1-1")
    (case_id, _null) = properties["replicated_from"]["anyOf"]
    assert re.search(case_id["pattern"], "shawan-2024-001") and not re.search(case_id["pattern"], "Shawan-2024-001")


def test_schema_for_a_registry():
    schema = json.loads(run("schema", "units").stdout)
    assert schema["type"] == "array"
    assert set(schema["items"]["required"]) == {"id", "name"}


def test_schema_for_the_assessment_table_and_a_progress_file():
    campaign = json.loads(run("schema", "campaign").stdout)
    assert sorted(campaign["required"]) == ["acceptance", "name", "start", "table"]
    item = campaign["$defs"]["AssessmentItem"]
    assert sorted(item["required"]) == ["days", "evidence", "id", "name", "points"]
    assert re.search(item["properties"]["days"]["pattern"], "40") and not re.search(item["properties"]["days"]["pattern"], "0")
    progress = json.loads(run("schema", "progress").stdout)
    entry = progress["$defs"]["ProgressEntry"]
    assert entry["properties"]["status"]["enum"] == ["not-started", "in-progress", "done", "not-applicable"]
    assert entry["additionalProperties"] is False and sorted(entry["required"]) == ["item", "status"]


# --- help and documentation -------------------------------------------------------------------

def _commands(group: click.Group, prefix: str = "") -> dict[str, click.Command]:
    """Every command by the words that call it, subcommands of a group too ("progress export")."""
    out = {}
    for name, command in sorted(group.commands.items()):
        out[prefix + name] = command
        if isinstance(command, click.Group):
            out.update(_commands(command, f"{prefix}{name} "))
    return out


ALL_COMMANDS = _commands(main)
COMMANDS = sorted(ALL_COMMANDS)


def test_the_cli_has_the_commands_of_the_contract():
    assert {"init", "new", "schema", "validate"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_text(command):
    result = run(*command.split(), "--help")
    assert result.exit_code == 0
    summary = result.stdout.split("\n\n")[1].strip()
    assert re.search(r"[\u4e00-\u9fff]", summary) and re.search(r"[A-Za-z]{4}", summary), summary
    for param in ALL_COMMANDS[command].params:
        if param.param_type_name == "option" and param.name != "help":
            assert param.help, f"{command} --{param.name} has no help"


def readme_commands() -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    return text[text.index("## Commands"):text.index("### Output folders")]


def readme_row(command: str) -> str:
    """The first cell of the README's row for ``casebook <command>`` (not one of its subcommands')."""
    group = ALL_COMMANDS.get(command)
    subcommands = list(group.commands) if isinstance(group, click.Group) else []
    rows = [row for row in re.findall(rf"^\| `(casebook {command}\b[^`]*)` \|", readme_commands(), flags=re.M)
            if not any(row.startswith(f"casebook {command} {sub}") for sub in subcommands)]
    assert rows, f"README.md's Commands table has no row for casebook {command}"
    return rows[0].replace("\\|", "|")


def mentions(text: str, word: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text) is not None


@pytest.mark.parametrize("command", COMMANDS)
def test_every_option_of_every_command_is_in_the_readme_table(command):
    row = readme_row(command)
    missing = []
    for param in ALL_COMMANDS[command].params:
        if param.param_type_name == "argument" and param.name == "old_dir":
            continue  # the deprecated spelling: described under the table, not advertised in it
        words = list(param.opts) if param.param_type_name == "option" else [param.make_metavar(click.Context(
            ALL_COMMANDS[command])).strip("[]")]
        if param.param_type_name == "argument" and isinstance(param.type, click.Choice):
            words = []
        words += list(getattr(param.type, "choices", ()))  # --format text|json, schema's kinds
        missing += [w for w in words if not mentions(row, w)]
    assert missing == [], f"casebook {command}: {missing} missing from its row in README.md: {row}"


def test_the_group_options_and_the_old_spelling_are_in_the_readme():
    section = readme_commands()
    for word in ("--version", "-h", "--help"):
        assert mentions(section, word), word
    assert "`casebook build DIR`" in section  # the deprecated spelling, explained under the table
