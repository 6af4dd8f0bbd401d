"""The `casebook` command through click's CliRunner: exit codes and exact output."""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from case_factory import front_matter
from generator import scaffold
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
        "应为以下之一（编号或名称）：dispute-resolution, community-policing，实际为“巡逻”\n"
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
        "message": "取值无效：应为以下之一：internal, public，实际为“no”",
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

def new(project, *args: str):
    return run("new", "--project", project.root, *args)


def read_front(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n")[1])


def test_new_writes_the_next_id_with_todays_date(project):
    before = dt.date.today()
    result = new(project, "--unit", "shawan")
    after = dt.date.today()
    assert result.exit_code == 0
    (path,) = (project.root / "cases/shawan").glob("*.md")
    assert path.name in {f"shawan-{before.year}-001.md", f"shawan-{after.year}-001.md"}
    assert result.stdout == (f"已创建 cases/shawan/{path.name}（状态 draft）："
                             "请把“【请填写】”处换成实际内容，然后运行 casebook validate 检查\n")
    front = read_front(path)
    assert front["date"] in {before.isoformat(), after.isoformat()}
    assert front["status"] == "draft"
    assert {"title", "date", "criteria", "status", "visibility", "summary"} <= set(front)
    text = path.read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", text, flags=re.M)
    assert headings == ["背景", "做法", "成效", "可复制经验"]
    assert text.count("【请填写】") >= 4  # a hint under every heading


def test_new_case_passes_validation_once_criteria_are_filled_in(project):
    new(project, "--unit", "shawan", "--title", "“板凳会”化解邻里纠纷", "--criterion", "dispute-resolution")
    report = project.validate()
    assert report.errors == []
    assert {p.code for p in report.warnings} == {"unfilled-hint"}


def test_new_twice_gets_the_next_number(project):
    year = dt.date.today().year
    new(project, "--unit", "shawan")
    new(project, "--unit", "shawan")
    names = sorted(p.name for p in (project.root / "cases/shawan").glob("*.md"))
    assert names == [f"shawan-{year}-001.md", f"shawan-{year}-002.md"]


def test_new_never_touches_an_existing_case(project):
    year = dt.date.today().year
    existing = project.case("shawan", f"shawan-{year}-003")
    original = existing.read_bytes()
    assert new(project, "--unit", "shawan").exit_code == 0
    assert existing.read_bytes() == original
    assert (project.root / f"cases/shawan/shawan-{year}-004.md").is_file()


def test_new_counts_ids_of_the_unit_across_all_folders(project):
    # a case moved to another unit folder keeps its id; the next one must not collide
    year = dt.date.today().year
    project.case("qingshi", f"shawan-{year}-001")
    new(project, "--unit", "shawan")
    assert (project.root / f"cases/shawan/shawan-{year}-002.md").is_file()


def test_new_refuses_to_overwrite_and_changes_nothing(project, monkeypatch):
    year = dt.date.today().year
    existing = project.case("shawan", f"shawan-{year}-001")
    original = existing.read_bytes()
    # someone else wrote the file between choosing the id and writing it
    monkeypatch.setattr(scaffold, "next_case_id", lambda cases_dir, unit, year: f"shawan-{year}-001")
    result = new(project, "--unit", "shawan")
    assert result.exit_code == 1
    assert "已存在，未做任何改动" in result.stderr
    assert existing.read_bytes() == original


def test_new_with_an_unknown_unit(project):
    result = new(project, "--unit", "shawn")
    assert result.exit_code == 1
    assert "单位“shawn”未在 cases/units.yml 中登记" in result.stderr
    assert "sanjiang, shawan, qingshi" in result.stderr
    assert not (project.root / "cases/shawn").exists()


def test_new_keeps_a_title_with_quotes_colons_and_a_newline_exactly(project):
    title = '他说："板凳会: 好"\n第二行 #1'
    assert new(project, "--unit", "shawan", "--title", title).exit_code == 0
    (path,) = (project.root / "cases/shawan").glob("*.md")
    assert read_front(path)["title"] == title
    _report, validated = project.check()
    assert validated.cases[0].data["title"] == title


def test_new_speaks_english_when_asked(project):
    result = new(project, "--unit", "shawan", "--lang", "en")
    assert result.stdout.startswith("created cases/shawan/shawan-")


def test_new_uses_the_configured_sections(project):
    project.mkdocs(casebook={"sections": ["做法", "推广情况"]})
    new(project, "--unit", "shawan")
    (path,) = (project.root / "cases/shawan").glob("*.md")
    assert re.findall(r"^## (.+)$", path.read_text(encoding="utf-8"), flags=re.M) == ["做法", "推广情况"]


# --- init ---------------------------------------------------------------------------------

def test_init_creates_a_project_that_validates(tmp_path):
    target = tmp_path / "new-bureau"
    result = run("init", target)
    assert result.exit_code == 0
    assert result.stdout.startswith(f"已在 {target} 创建新项目")
    for rel in ("mkdocs.yml", "docs", "cases/units.yml", "cases/criteria.yml", "cases/tags.yml"):
        assert (target / rel).exists(), rel
    assert len(list((target / "cases").glob("*/*.md"))) >= 1
    check = run("validate", target, "--format", "json")
    report = json.loads(check.stdout)
    assert report["errors"] == [] and report["cases"] >= 1
    assert check.exit_code == 0


def test_init_into_an_empty_folder(tmp_path):
    assert run("init", tmp_path).exit_code == 0
    assert (tmp_path / "cases/units.yml").is_file()


def test_init_refuses_a_non_empty_folder_and_changes_nothing(tmp_path):
    (tmp_path / "notes.txt").write_text("已有内容", encoding="utf-8")
    (tmp_path / "cases").mkdir()
    before = files_in(tmp_path)
    result = run("init", tmp_path)
    assert result.exit_code == 1
    assert "已存在且不为空" in result.stderr and "未做任何改动" in result.stderr
    assert files_in(tmp_path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cases", "notes.txt"]


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


# --- help and documentation -------------------------------------------------------------------

COMMANDS = sorted(main.commands)


def test_the_cli_has_the_commands_of_the_contract():
    assert {"init", "new", "schema", "validate"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_text(command):
    result = run(command, "--help")
    assert result.exit_code == 0
    summary = result.stdout.split("\n\n")[1].strip()
    assert re.search(r"[\u4e00-\u9fff]", summary) and re.search(r"[A-Za-z]{4}", summary), summary
    for param in main.commands[command].params:
        if param.param_type_name == "option" and param.name != "help":
            assert param.help, f"{command} --{param.name} has no help"


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_documented_in_the_readme(command):
    readme = REPO / "README.md"
    assert readme.is_file(), "README.md is missing"
    assert f"casebook {command}" in readme.read_text(encoding="utf-8")
