"""`casebook progress` (the meeting sheet) and the as-of date of validate/progress."""
from __future__ import annotations

import json

from click.testing import CliRunner

from case_factory import PROGRESS_LINES
from generator.cli import main


def run(*args, env=None):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False, env=env)


def board_project(project):
    project.case("shawan", "shawan-2024-001")
    project.campaign()
    project.progress("shawan")
    return project


def test_the_meeting_sheet_lists_overdue_and_at_risk_items_by_person(project):
    board_project(project)
    result = run("progress", "--project", project.root, "--as-of", "2026-12-18")
    assert result.exit_code == 0  # a report, not a check: overdue items are no failure
    assert result.stdout == (
        "创建“枫桥式公安派出所” · 截至 2026-12-18 · 验收日期 2026-12-25（还有 7 天）\n"
        "合计：应开始未开始 1 项，临近时限 1 项，已完成 1 项\n"
        "\n"
        "沙湾派出所（已完成 1/3）：应开始未开始 1 项，临近时限 1 项，已完成 1 项\n"
        "  赵某（社区民警）\n"
        "    [临近时限] cp-1 民警下沉网格（社区警务）· 时限 2026-12-25\n"
        "  未明确责任人\n"
        "    [应开始未开始] dr-2 纠纷化解率 95% 以上（矛盾纠纷化解）· 最迟 2026-11-30 开始，时限 2026-12-25\n"
    )


def test_the_meeting_sheet_in_english_after_the_acceptance(project):
    board_project(project)
    result = run("progress", "--project", project.root, "--as-of", "2026-12-29", "--lang", "en")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "创建“枫桥式公安派出所” · as of 2026-12-29 · acceptance 2026-12-25 (4 day(s) ago)"
    assert "    [overdue] dr-2 纠纷化解率 95% 以上 (矛盾纠纷化解) · due 2026-12-25, 4 day(s) overdue" in lines


def test_the_meeting_sheet_as_json(project):
    board_project(project)
    result = run("progress", "--project", project.root, "--as-of", "2026-12-28", "--format", "json")
    data = json.loads(result.stdout)
    assert (data["as_of"], data["days_left"], data["totals"]["overdue"], data["totals"]["done"]) == (
        "2026-12-28", -3, 2, 1)
    (unit,) = data["units"]
    assert [(i["item"], i["state"], i["person"], i["days_overdue"]) for i in unit["items"]] == [
        ("dr-2", "overdue", None, 3), ("cp-1", "overdue", "赵某", 3)]


def test_the_as_of_date_comes_from_source_date_epoch(project):
    board_project(project)
    result = run("progress", "--project", project.root, env={"SOURCE_DATE_EPOCH": "1797552000"})  # 2026-12-18 UTC
    assert result.stdout.startswith("创建“枫桥式公安派出所” · 截至 2026-12-18 ·")


def test_a_bad_as_of_date_and_a_bad_source_date_epoch(project):
    board_project(project)
    result = run("progress", "--project", project.root, "--as-of", "2026-12-32")
    assert (result.exit_code, result.stderr) == (1, "Error: 截至日期“2026-12-32”无效：应为 年-月-日，如 --as-of 2026-12-01\n")
    result = run("validate", "--project", project.root, "--lang", "en", env={"SOURCE_DATE_EPOCH": "yesterday"})
    assert result.exit_code == 1
    assert result.stderr == ('Error: invalid SOURCE_DATE_EPOCH "yesterday": expected seconds since 1970; '
                             "fix or unset it, or give --as-of\n")


def test_validate_judges_last_updates_on_the_as_of_date(project):
    board_project(project)
    assert run("validate", "--project", project.root, "--as-of", "2026-06-01").exit_code == 0
    result = run("validate", "--project", project.root, "--as-of", "2026-05-31")
    assert result.exit_code == 1
    assert result.stdout.startswith("cases/shawan/progress.yml:11: error[updated-in-future] items[0].updated: "
                                    "最后更新日期 2026-06-01 晚于截至日期 2026-05-31")


def test_without_a_campaign_there_is_no_sheet(project):
    project.case("shawan", "shawan-2024-001")
    result = run("progress", "--project", project.root)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: 项目里没有考核表 cases/campaign.yml")


def test_errors_in_a_progress_file_are_named_and_the_rest_is_reported(project):
    board_project(project)
    project.progress("qingshi", *PROGRESS_LINES[:6], "  - item: cp-9", "    status: done")
    result = run("progress", "--project", project.root, "--as-of", "2026-12-01")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "cases/qingshi/progress.yml:7: error[unknown-item] items[0].item: 考核项目“cp-9”不在 cases/campaign.yml 的考核表中："
        "应写考核项目的编号；是不是“cp-1”（民警下沉网格）？",
        "考核表或进度文件有 1 个错误（见上），有错误的部分未计入；运行 casebook validate 查看全部问题",
    ]
    assert "青石派出所（已完成 0/3）" in result.stdout


def test_generate_writes_the_board_in_the_internal_edition_only(project, tmp_path):
    board_project(project)
    assert run("generate", "--project", project.root, "--out", tmp_path / "in", "--as-of", "2026-12-01").exit_code == 0
    board = (tmp_path / "in" / "progress" / "index.md").read_text(encoding="utf-8")
    assert "截至 <time datetime=\"2026-12-01\">2026年12月1日</time>" in board
    assert sorted(p.name for p in (tmp_path / "in" / "progress").iterdir()) == ["index.md", "people.md", "shawan.md"]
    assert run("generate", "--project", project.root, "--out", tmp_path / "out", "--edition", "public").exit_code == 0
    assert not (tmp_path / "out" / "progress").exists()
