"""Every check of cases/campaign.yml and cases/<unit>/progress.yml: exact file, line, field and code."""
from __future__ import annotations

import datetime as dt

import pytest

from case_factory import CAMPAIGN_LINES, PROGRESS_LINES, where

CAMPAIGN = "cases/campaign.yml"
PROGRESS = "cases/shawan/progress.yml"


@pytest.fixture
def board(project):
    """A project with a valid campaign and a valid progress file for shawan (and its evidence case)."""
    project.case("shawan", "shawan-2024-001")
    project.campaign()
    project.progress("shawan")
    return project


def replaced(lines: tuple[str, ...], number: int, *new: str) -> tuple[str, ...]:
    """``lines`` with line ``number`` (1-based) replaced by ``new`` (none: dropped)."""
    return lines[: number - 1] + new + lines[number:]


def only(project, lang: str = "zh"):
    (problem,) = project.validate(lang).problems
    return problem


def test_the_valid_board_has_no_problem(board):
    assert board.validate().problems == []


def test_the_shipped_sample_board_is_valid():
    from pathlib import Path

    from generator.config import load_config
    from generator.validate import validate_project

    config, _ = load_config(Path(__file__).resolve().parents[2])
    report, project = validate_project(config, as_of=dt.date(2026, 12, 1))
    assert report.problems == []
    assert project.board is not None and len(project.board.progress) == 4


# --- campaign.yml ---------------------------------------------------------------------

def test_acceptance_before_start(board):
    board.campaign(*replaced(CAMPAIGN_LINES, 3, "acceptance: 2026-02-27"))
    problem = only(board)
    assert where(problem) == (CAMPAIGN, 3, "acceptance", "acceptance-before-start", "error")
    assert problem.message("zh") == "验收日期 2026-02-27 早于开始日期 2026-03-02：验收日期应在开始日期之后"


def test_unknown_criterion_in_the_table(board):
    board.campaign(*replaced(CAMPAIGN_LINES, 25, "  - criterion: 社区警察"))
    problems = board.validate().problems
    assert [where(p) for p in problems] == [(CAMPAIGN, 25, "table[1].criterion", "unknown-criterion", "error"),
                                           # cp-1 went with its criterion, so the progress entry is unknown too
                                           (PROGRESS, 12, "items[1].item", "unknown-item", "error")]
    assert "是不是“社区警务”" in problems[0].message("zh")


def test_a_criterion_twice_in_the_table(board):
    board.campaign(*replaced(CAMPAIGN_LINES, 25, "  - criterion: 矛盾纠纷化解"))
    assert [where(p) for p in board.validate().problems][0] == (
        CAMPAIGN, 25, "table[1].criterion", "duplicate-table-criterion", "error")


def test_an_item_id_twice_in_the_table(board):
    board.campaign(*replaced(CAMPAIGN_LINES, 27, "      - id: dr-1"))
    problems = board.validate().problems
    assert where(problems[0]) == (CAMPAIGN, 27, "table[1].items[0].id", "duplicate-id", "error")
    assert problems[0].params["first_line"] == 14


def test_points_and_days_must_be_whole_numbers(board):
    board.campaign(*replaced(replaced(CAMPAIGN_LINES, 16, "        points: 十"), 18, "        days: 0"))
    problems = board.validate("en").problems
    assert [where(p) for p in problems] == [
        (CAMPAIGN, 16, "table[0].items[0].points", "not-a-count", "error"),
        (CAMPAIGN, 18, "table[0].items[0].days", "not-a-count", "error"),
    ]
    assert problems[0].message("en") == 'expected a whole number from 1 to 1000, found "十"'


def test_unknown_milestone(board):
    board.campaign(*replaced(CAMPAIGN_LINES, 19, "        before: selfcheck"))
    problem = board.validate().problems[0]
    assert where(problem) == (CAMPAIGN, 19, "table[0].items[0].before", "unknown-milestone", "error")
    assert "是不是“self-check”" in problem.message("zh")


def test_milestone_outside_the_campaign(board):
    board.campaign(*replaced(CAMPAIGN_LINES, 7, "    date: 2027-01-05"))
    problems = board.validate().problems
    assert where(problems[0]) == (CAMPAIGN, 7, "milestones[0].date", "milestone-outside", "error")


def test_an_item_that_cannot_start_after_the_campaign_starts_is_a_warning(board):
    board.campaign(*replaced(CAMPAIGN_LINES, 18, "        days: 90"))
    problem = only(board)
    assert where(problem) == (CAMPAIGN, 18, "table[0].items[0].days", "item-starts-before-campaign", "warning")
    assert "最迟 2026-02-16 就要开始" in problem.message("zh")


def test_a_missing_field_points_at_the_item(board):
    board.campaign(*replaced(CAMPAIGN_LINES, 17))
    assert where(only(board)) == (CAMPAIGN, 14, "table[0].items[0].evidence", "missing-field", "error")


def test_progress_without_a_campaign(project):
    project.progress("shawan")
    project.case("shawan", "shawan-2024-001")
    assert where(only(project)) == (PROGRESS, None, None, "progress-without-campaign", "error")


# --- progress.yml -------------------------------------------------------------------------

def test_unknown_item_suggests_the_id_of_the_name_written(board):
    board.progress("shawan", *replaced(PROGRESS_LINES, 12, "  - item: 民警下沉网格"))
    problem = only(board)
    assert where(problem) == (PROGRESS, 12, "items[1].item", "unknown-item", "error")
    assert problem.message("zh").endswith("；是不是“cp-1”（民警下沉网格）？")


def test_unknown_item_id(board):
    board.progress("shawan", *replaced(PROGRESS_LINES, 12, "  - item: cp-9"))
    problem = only(board)
    assert where(problem) == (PROGRESS, 12, "items[1].item", "unknown-item", "error")
    assert problem.message("zh") == ("考核项目“cp-9”不在 cases/campaign.yml 的考核表中：应写考核项目的编号"
                                     "；是不是“cp-1”（民警下沉网格）？")


def test_an_item_twice_for_one_unit(board):
    board.progress("shawan", *replaced(PROGRESS_LINES, 12, "  - item: dr-1"))
    problem = only(board)
    assert where(problem) == (PROGRESS, 12, "items[1].item", "duplicate-progress-item", "error")
    assert problem.params["first_line"] == 7


def test_a_person_twice(board):
    board.progress("shawan", *replaced(PROGRESS_LINES, 4, "  - name: 王某某"))
    problems = board.validate().problems
    assert where(problems[0]) == (PROGRESS, 4, "people[1].name", "duplicate-person", "error")


def test_an_item_under_way_needs_a_person(board):
    board.progress("shawan", *replaced(PROGRESS_LINES, 13))
    problem = only(board)
    assert where(problem) == (PROGRESS, 12, "items[1].person", "missing-person", "error")
    assert problem.message("en").startswith('item "cp-1" is in-progress but has no responsible person')


def test_a_not_started_item_may_wait_for_its_person(board):
    board.progress("shawan", *replaced(replaced(PROGRESS_LINES, 14, "    status: not-started"), 13))
    assert board.validate().problems == []


def test_a_person_unknown_to_the_unit(board):
    board.progress("shawan", *replaced(PROGRESS_LINES, 13, "    person: 赵某某"))
    problem = only(board)
    assert where(problem) == (PROGRESS, 13, "items[1].person", "unknown-person", "error")
    assert "应为以下之一：王某某, 赵某" in problem.message("zh")


def test_a_due_date_later_than_the_schedule(board):
    # dr-1 is due before the self-check of Friday 2026-06-19, a holiday: Thursday 2026-06-18
    board.progress("shawan", *replaced(PROGRESS_LINES, 11, "    updated: 2026-06-01", "    due: 2026-06-19"))
    problem = only(board)
    assert where(problem) == (PROGRESS, 12, "items[0].due", "due-too-late", "error")
    assert problem.message("zh") == ("完成时限 2026-06-19 晚于考核表倒排的时限 2026-06-18（“自查”之前）："
                                     "只能提前，不能推后；不写则用 2026-06-18")


def test_an_earlier_due_date_is_allowed(board):
    board.progress("shawan", *replaced(PROGRESS_LINES, 11, "    updated: 2026-06-01", "    due: 2026-05-29"))
    assert board.validate().problems == []


def test_a_due_date_after_the_acceptance(board):
    board.progress("shawan", *PROGRESS_LINES, "    due: 2027-01-04")
    assert where(only(board)) == (PROGRESS, 16, "items[1].due", "due-after-acceptance", "error")


def test_done_without_evidence(board):
    board.progress("shawan", *replaced(PROGRESS_LINES, 10))
    problem = only(board)
    assert where(problem) == (PROGRESS, 9, "items[0].evidence", "done-without-evidence", "error")


def test_evidence_that_is_not_an_approved_case(board):
    board.case("shawan", "shawan-2024-002", front={"status": "submitted"})
    board.progress("shawan", *replaced(PROGRESS_LINES, 10, "    evidence: [shawan-2024-002]"))
    problem = only(board)
    assert where(problem) == (PROGRESS, 10, "items[0].evidence[0]", "evidence-not-approved", "error")
    assert "status: submitted" in problem.message("zh")


def test_evidence_that_does_not_exist(board):
    board.progress("shawan", *replaced(PROGRESS_LINES, 10, "    evidence: [shawan-2024-01]"))
    problem = only(board)
    assert where(problem) == (PROGRESS, 10, "items[0].evidence[0]", "unknown-case", "error")
    assert "是不是“shawan-2024-001”" in problem.message("zh")


def test_evidence_of_another_unit(board):
    board.case("qingshi", "qingshi-2024-001")
    board.progress("shawan", *replaced(PROGRESS_LINES, 10, "    evidence: [qingshi-2024-001]"))
    problem = only(board)
    assert where(problem) == (PROGRESS, 10, "items[0].evidence[0]", "evidence-other-unit", "error")


def test_evidence_of_another_unit_that_this_unit_replicated(board):
    board.case("qingshi", "qingshi-2024-001")
    board.case("shawan", "shawan-2024-002", front={"replicated_from": "qingshi-2024-001"})
    board.progress("shawan", *replaced(PROGRESS_LINES, 10, "    evidence: [qingshi-2024-001]"))
    assert board.validate().problems == []


def test_evidence_files_live_in_the_progress_folder(board):
    board.write("cases/shawan/progress/台账.pdf", b"%PDF-1.4\n%%EOF\n")
    board.progress("shawan", *replaced(PROGRESS_LINES, 10, "    evidence: [台账.pdf, progress/台账.pdf]"))
    assert board.validate().problems == []


@pytest.mark.parametrize("written, code", [("缺失.pdf", "attachment-missing"),
                                           ("../shawan-2024-001.md", "attachment-outside")])
def test_evidence_files_are_confined_and_must_exist(board, written, code):
    board.progress("shawan", *replaced(PROGRESS_LINES, 10, f"    evidence: [{written}]"))
    assert where(only(board))[:4] == (PROGRESS, 10, "items[0].evidence[0]", code)


def test_not_applicable_needs_a_reason(board):
    board.progress("shawan", *replaced(PROGRESS_LINES, 14, "    status: not-applicable"))
    problem = only(board)
    assert where(problem) == (PROGRESS, 14, "items[1].reason", "missing-reason", "error")


def test_a_chinese_status_word_gets_the_value_it_means(board):
    board.progress("shawan", *replaced(PROGRESS_LINES, 14, "    status: 进行中"))
    problem = only(board)
    assert where(problem) == (PROGRESS, 14, "items[1].status", "invalid-value", "error")
    assert problem.message("zh") == ("取值无效：应为以下之一：not-started（未开始）、in-progress（推进中）、done（已完成）、"
                                     "not-applicable（不适用），实际为“进行中”；“进行中”请写成 status: in-progress")


def test_a_last_update_in_the_future(board):
    board.progress("shawan", *replaced(PROGRESS_LINES, 11, "    updated: 2026-06-16"))
    problem = only(board)
    assert where(problem) == (PROGRESS, 11, "items[0].updated", "updated-in-future", "error")
    assert problem.message("zh") == "最后更新日期 2026-06-16 晚于截至日期 2026-06-15：更新日期不能是将来"


def test_progress_yml_and_the_progress_folder_are_not_stray_files(board):
    board.write("cases/shawan/progress/台账.pdf", b"%PDF-1.4\n%%EOF\n")
    assert [p.code for p in board.validate().problems] == []


def test_a_case_may_not_be_called_progress(board):
    board.case("shawan", "progress")
    assert "reserved-id" in [p.code for p in board.validate().problems]


def test_a_progress_file_of_an_unknown_unit(board):
    board.progress("shawn")
    problem = only(board)
    assert where(problem) == ("cases/shawn", None, None, "unknown-unit", "error")
    assert problem.message("zh").endswith("；是不是“shawan”？")
