"""The backward schedule (倒排工期) and the state of every task on the as-of date.

tests/golden/schedule*.txt list, for each item, its milestone, working days, latest start and
due date: the test project's table (a milestone on a holiday Friday, a Sunday worked in
exchange) and the shipped sample's (the National Day week). After an intended change rerun
with UPDATE_GOLDEN=1 and read the diff line by line.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from case_factory import PROGRESS_LINES, UPDATE_GOLDEN
from generator.board.board import build_board
from generator.board.schedule import WorkCalendar, schedule
from generator.config import load_config
from generator.validate import validate_project

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
REPO = Path(__file__).resolve().parents[2]


def schedule_table(project_root: Path) -> str:
    config, _ = load_config(project_root)
    report, project = validate_project(config, as_of=dt.date(2026, 12, 1))
    assert report.ok, report.as_text("en")
    campaign = project.board.campaign
    rows = [f"{'item':8}{'milestone':12}{'days':>5}  {'latest start':12}  due"]
    for item in campaign.items.values():
        rows.append(f"{item.id:8}{item.milestone:12}{item.days:>5}  {item.slot.latest_start.isoformat():12}  "
                    f"{item.slot.due.isoformat()} {item.slot.due.strftime('%a')}")
    return "\n".join(rows) + "\n"


@pytest.mark.parametrize("golden", ["schedule.txt", "schedule.sample.txt"])
def test_schedule_golden(project, golden):
    if golden == "schedule.txt":
        project.case("shawan", "shawan-2024-001")
        project.campaign()
        root = project.root
    else:
        root = REPO
    text = schedule_table(root)
    path = GOLDEN / golden
    if UPDATE_GOLDEN:
        path.write_text(text, encoding="utf-8", newline="\n")
    assert text == path.read_text(encoding="utf-8")


def test_a_due_date_on_a_weekend_moves_to_the_friday_before():
    slot = schedule(WorkCalendar(), dt.date(2026, 12, 27), 1)  # a Sunday
    assert (slot.due, slot.latest_start) == (dt.date(2026, 12, 25), dt.date(2026, 12, 25))


def test_days_count_working_days_across_a_weekend():
    slot = schedule(WorkCalendar(), dt.date(2026, 12, 22), 3)  # Tuesday, 3 days: Thu, Mon, Tue
    assert slot.latest_start == dt.date(2026, 12, 18)


def test_a_worked_sunday_counts_and_a_holiday_does_not():
    calendar = WorkCalendar(holidays=frozenset({dt.date(2026, 6, 19)}), workdays=frozenset({dt.date(2026, 6, 14)}))
    slot = schedule(calendar, dt.date(2026, 6, 19), 5)
    assert (slot.due, slot.latest_start) == (dt.date(2026, 6, 18), dt.date(2026, 6, 14))


def states(project, as_of: dt.date) -> dict[str, str]:
    config, _ = load_config(project.root)
    report, validated = validate_project(config, as_of=as_of)
    assert report.ok, report.as_text("en")
    board = build_board(validated.board, validated.registries.units.entries, as_of)
    return {t.item.id: t.state for t in board.units["shawan"].tasks}


def test_task_states_on_the_as_of_date(project):
    project.case("shawan", "shawan-2024-001")
    project.campaign()
    project.progress("shawan", *PROGRESS_LINES[:11])  # dr-1 done; cp-1 and dr-2 without an entry
    # dr-2: 20 days, latest start 2026-11-30, due 2026-12-25; cp-1: 10 days, latest start 2026-12-14
    assert states(project, dt.date(2026, 6, 15)) == {"dr-1": "done", "dr-2": "not-started", "cp-1": "not-started"}
    assert states(project, dt.date(2026, 12, 1)) == {"dr-1": "done", "dr-2": "late-start", "cp-1": "not-started"}
    assert states(project, dt.date(2026, 12, 18)) == {"dr-1": "done", "dr-2": "late-start", "cp-1": "late-start"}
    assert states(project, dt.date(2026, 12, 28)) == {"dr-1": "done", "dr-2": "overdue", "cp-1": "overdue"}
    project.progress("shawan")  # cp-1 in progress: due soon from five working days before its due date
    assert states(project, dt.date(2026, 12, 17))["cp-1"] == "in-progress"
    assert states(project, dt.date(2026, 12, 18))["cp-1"] == "due-soon"


def test_overdue_means_due_before_the_as_of_date(project):
    project.case("shawan", "shawan-2024-001")
    project.campaign()
    project.progress("shawan", *PROGRESS_LINES[:6], "  - item: cp-1", "    person: 赵某", "    status: in-progress",
                     "    due: 2026-06-12")
    assert states(project, dt.date(2026, 6, 12))["cp-1"] == "due-soon"  # due today: not yet overdue
    assert states(project, dt.date(2026, 6, 13))["cp-1"] == "overdue"
