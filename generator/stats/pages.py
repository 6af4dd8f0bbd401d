"""Figures -> the page /stats/ (统计), rendered with the site's own page renderer.

Every chart comes with a sentence that reads it and its numbers as a table under a
<details> (screen readers, print, copying into a report). Charts are bounded whatever the
size of the site: the TOP_UNITS units with most cases and one bar for the others, the
TOP_PRACTICES most copied practices; the tables hold everything. The review queue and the
progress board are shown in the internal edition only: the caller hands them over only there.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..board.board import Board
from . import charts
from .figures import (BUREAU, STATION, Count, Coverage, Practice, Timeline, cases_per_criterion, cases_per_unit,
                      counted, coverage, practices, timeline, top)
from .review import STATUS_ORDER, ReviewQueue

if TYPE_CHECKING:
    from ..pages import Page, PageBuilder

STATS_PATH = "stats/index.md"
STATS_TITLE = "统计"
TOP_UNITS = 20  # unit bars; the other units are one bar
BOARD_UNITS = 20  # units of the progress chart: those with the smallest share of items done
STATUS_NAMES = {"approved": "已审核", "submitted": "待审核", "draft": "草稿"}


@dataclass(frozen=True)
class BoardFigures:
    units: tuple[tuple[str, int, int, int], ...]  # (unit, done, total, overdue), the smallest share done first
    criteria: tuple[tuple[str, int, int], ...]  # (criterion, done, total) in the table's order
    done: int
    total: int
    overdue: int


def share(done: int, total: int) -> float:
    return done / total if total else 0.0


def board_figures(board: Board) -> BoardFigures:
    units = [(u.unit, u.done, u.total, u.counts["overdue"]) for u in board.units.values()]
    order = {u: i for i, u in enumerate(board.units)}
    units.sort(key=lambda r: (share(r[1], r[2]), -r[3], order[r[0]]))
    criteria = tuple((k, cell.done, cell.total) for k in board.criteria for cell in [board.column(k)])
    totals = board.totals()
    return BoardFigures(tuple(units), criteria, totals["done"],
                        sum(n for s, n in totals.items() if s != "not-applicable"), totals["overdue"])


def percent(done: int, total: int) -> str:
    return f"{round(share(done, total) * 100)}%"


def stats_page(builder: PageBuilder, review: ReviewQueue | None, board: Board | None) -> Page:
    site = builder.site
    cases = counted(site)
    per_unit = cases_per_unit(site, cases)
    shown = top(per_unit, TOP_UNITS)
    unit_rows = [(c.name, c.value, str(c.value), f"units/{c.id}/", c.kind) for c in shown.shown]
    if shown.rest:  # their sum would dwarf every bar: the bar is their average, on the same scale
        average = shown.rest_value / shown.rest
        unit_rows.append((f"其他 {shown.rest} 个单位（共 {shown.rest_value} 个）", average, f"平均 {average:.1f}", None,
                          "rest"))
    per_criterion = cases_per_criterion(site, cases)
    line: Timeline = timeline(cases)
    cov: Coverage = coverage(site, cases)
    spread: list[Practice] = practices(cases)
    context = {
        "cases": cases, "per_unit": per_unit, "top_units": shown, "per_criterion": per_criterion,
        "line": line, "cov": cov, "spread": spread, "top_practices": spread[:charts.TOP_PRACTICES],
        "kinds": {STATION: "派出所", BUREAU: "局机关及直属单位"},
        "units_chart": charts.bar_chart("cb-chart-units", unit_rows),
        "criteria_chart": charts.bar_chart("cb-chart-criteria", [
            (c.name, c.value, str(c.value), f"criteria/{c.id}/", "criterion") for c in per_criterion]),
        "months_chart": charts.column_chart("cb-chart-months", line),
        "spread_chart": charts.replication_graph("cb-chart-spread", site, spread[:charts.TOP_PRACTICES]),
        "review": review, "board": None,
    }
    if review is not None:
        statuses = [Count(s, STATUS_NAMES[s], review.counts[s], s) for s in STATUS_ORDER]
        context["statuses"] = statuses
        context["review_chart"] = charts.bar_chart("cb-chart-review", [
            (c.name, c.value, str(c.value), None, f"status-{c.id}") for c in statuses])
    if board is not None:
        figures = board_figures(board)
        context["board"] = figures
        context["board_units_chart"] = charts.bar_chart("cb-chart-board-units", [
            (site.units[u].name, share(done, total), f"{done}/{total}（{percent(done, total)}）",
             f"progress/{u}/", "overdue" if overdue else "progress")
            for u, done, total, overdue in figures.units[:BOARD_UNITS]], highest=1)
        context["board_criteria_chart"] = charts.bar_chart("cb-chart-board-criteria", [
            (site.criteria[k].name, share(done, total), f"{done}/{total}（{percent(done, total)}）", None, "progress")
            for k, done, total in figures.criteria], highest=1)
    return builder.render_page(STATS_PATH, "stats.html", STATS_TITLE, **context)
