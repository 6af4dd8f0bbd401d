"""The progress board as the assessment table a station fills in (进度表.xlsx), written with openpyxl.

One sheet per unit in the layout of the bureau's own table (序号、考核项目、分值、责任人、完成时限、
进展情况、存在困难和问题、佐证材料), a summary sheet first. Each unit sheet carries, in hidden
columns, what the import needs to read it back safely: a marker naming the unit (row 1), each
row's item id, and the values the row had when it was exported (so the import changes only
what the clerk changed, and notices when the progress file changed meanwhile), plus the
unit's people for the 责任人 drop-down. ``sheet_read.py`` reads it back.
"""
from __future__ import annotations

import json
import math
from typing import Iterable

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import MultiCellRange
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from .board import Board, Task, UnitBoard
from .sheet_layout import (COL, COLUMNS, EDITABLE, FIRST_ROW, HEADER_ROW, LAST_SHOWN, LETTER, STATUS_LABELS,
                           SUMMARY_TITLE, TITLE_FONT, Styles, banner, cell_text, cn_date, fit_height, marker_text,
                           print_setup, put, sheet_title, task_values, text_width)
from .sheet_summary import summary_sheet

# --- the workbook ----------------------------------------------------------------------

def build_workbook(board: Board, names: dict[str, str], criteria: dict[str, str], units: Iterable[str]) -> Workbook:
    """The summary and one sheet per unit of ``units`` (ids, in that order)."""
    book = Workbook()
    summary = book.active
    summary.title = SUMMARY_TITLE
    taken = {SUMMARY_TITLE.casefold()}
    titles = {unit: sheet_title(names[unit], taken) for unit in units}
    styles = Styles(book)
    summary_sheet(summary, styles, board, names, criteria, titles)
    for unit, title in titles.items():
        _unit_sheet(book.create_sheet(title), styles, board, board.units[unit], names[unit], criteria)
    book.properties.creator = "Casebook"
    book.properties.title = f"{board.name}进度表"
    return book


# --- a unit's sheet ------------------------------------------------------------------------

def _unit_sheet(sheet: Worksheet, styles: Styles, board: Board, unit: UnitBoard, name: str,
                criteria: dict[str, str]) -> None:
    last = COL["note"]
    for i, column in enumerate(COLUMNS, 1):
        sheet.column_dimensions[get_column_letter(i)].width = column.width
        sheet.column_dimensions[get_column_letter(i)].hidden = column.hidden
    banner(sheet, 1, last, f"{name}{board.name}考核表（截至 {cn_date(board.as_of)}）",
           styles(size=16, bold=True, font=TITLE_FONT, align="center", border=False))
    sheet.row_dimensions[1].height = 36
    overdue = unit.counts["overdue"]
    left = (f"还有 {board.days_left} 天" if board.days_left >= 0 else f"已过 {-board.days_left} 天")
    banner(sheet, 2, last, f"验收日期：{cn_date(board.acceptance)}（{left}）　已完成 {unit.done}/{unit.total} 项"
                            f"　已逾期 {overdue} 项　填写说明见表格下方", styles(border=False))
    sheet.row_dimensions[2].height = 20
    sheet.cell(row=1, column=COL["id"], value=marker_text("unit", unit=unit.unit, as_of=board.as_of.isoformat()))
    for column in COLUMNS:
        put(sheet, HEADER_ROW, COL[column.key], column.header,
            styles(bold=True, align="center", fill="editable" if column.editable else "header"))
    sheet.row_dimensions[HEADER_ROW].height = 22
    people = [p.name for p in unit.people]
    for i, person in enumerate(people):
        sheet.cell(row=FIRST_ROW + i, column=COL["people"], value=person)
    tasks = {t.item.id: t for t in unit.tasks}
    row, number = FIRST_ROW, 0
    item_rows = []
    for g, criterion in enumerate(board.criteria, 1):
        cell = unit.cells[criterion]
        counted = f"已完成 {cell.done}/{cell.total}" if cell.total else "不适用"
        banner(sheet, row, last, f"{numeral(g)}、{criteria[criterion]}（{counted}）", styles(bold=True, fill="group"))
        sheet.cell(row=row, column=COL["id"], value=f"criterion:{criterion}")
        sheet.row_dimensions[row].height = 20
        row += 1
        for plan in (p for p in board.items.values() if p.criterion == criterion):
            number += 1
            _task_row(sheet, styles, row, number, tasks[plan.id], board)
            item_rows.append(row)
            row += 1
    _validations(sheet, board, item_rows, len(people))
    row = _notes(sheet, styles, row + 1, last)
    print_setup(sheet, row - 1, LAST_SHOWN)
    sheet.protection.sheet = True  # no password: it keeps hands off the hidden columns, it is no lock
    sheet.protection.formatColumns = sheet.protection.formatRows = False  # still allowed: widen, heighten


def _task_row(sheet: Worksheet, styles: Styles, row: int, number: int, task: Task, board: Board) -> None:
    values = task_values(task)
    plan = task.item
    fill = "overdue" if task.state == "overdue" else None
    shown = {
        "number": number, "name": f"{plan.name}\n（佐证：{plan.evidence}）", "points": plan.points,
        **{key: cell_text(key, values) for key in EDITABLE}, "due": task.due, "note": _note(task, board),
    }
    centred = {"number", "points", "person", "due", "status"}
    for key, value in shown.items():
        at_risk = key == "note" and task.state in ("late-start", "due-soon")
        put(sheet, row, COL[key], value, styles(align="center" if key in centred else "left",
                                                fill=task.state if at_risk else fill, date=key == "due",
                                                editable=COLUMNS[COL[key] - 1].editable))
    sheet.cell(row=row, column=COL["id"], value=plan.id)
    sheet.cell(row=row, column=COL["baseline"], value=json.dumps(values, ensure_ascii=False, sort_keys=True))
    fit_height(sheet, row, {COL[k]: v for k, v in shown.items() if isinstance(v, str)})


def _note(task: Task, board: Board) -> str | None:
    if task.state == "overdue":
        return f"已逾期 {(board.as_of - task.due).days} 天"
    if task.state == "late-start":
        return f"应开始未开始\n（最迟 {task.latest_start.month}月{task.latest_start.day}日）"
    if task.state == "due-soon":
        return "临近时限"
    return None


def _validations(sheet: Worksheet, board: Board, rows: list[int], people: int) -> None:
    if not rows:
        return
    status = DataValidation(type="list", formula1='"' + ",".join(STATUS_LABELS.values()) + '"', allow_blank=False,
                            showErrorMessage=True, errorTitle="进展情况",
                            error="请从下拉列表中选择：" + "、".join(STATUS_LABELS.values()),
                            showInputMessage=True, promptTitle="进展情况", prompt="从下拉列表中选择；不适用须写理由")
    due = DataValidation(type="date", operator="between", allow_blank=True,
                         formula1=f"DATE({board.start.year},{board.start.month},{board.start.day})",
                         formula2=f"DATE({board.acceptance.year},{board.acceptance.month},{board.acceptance.day})",
                         showErrorMessage=True, errorStyle="warning", errorTitle="完成时限",
                         error=f"完成时限应在 {cn_date(board.start)}至{cn_date(board.acceptance)}之间，且只能提前，不能推后",
                         showInputMessage=True, promptTitle="完成时限", prompt="只能提前，不能推后；如 2026-11-30")
    checks = [status, due]
    if people:
        first, last = FIRST_ROW, FIRST_ROW + people - 1
        person = DataValidation(type="list", formula1=f"${LETTER['people']}${first}:${LETTER['people']}${last}",
                                allow_blank=True, showErrorMessage=True, errorStyle="warning", errorTitle="责任人",
                                error="不在本单位的责任人名单中。新责任人请写“姓名（职务）”，如“钱某（社区民警）”",
                                showInputMessage=True, promptTitle="责任人",
                                prompt="从下拉列表中选择；新责任人写“姓名（职务）”")
        checks.append(person)
    for check, key in zip(checks, ("status", "due", "person")):
        check.sqref = MultiCellRange(" ".join(f"{LETTER[key]}{row}" for row in rows))  # one by one is quadratic
        sheet.add_data_validation(check)


NOTES = (
    "填写说明：",
    "1. 只填写表头为浅黄色的六列：责任人、完成时限、进展情况、存在困难和问题、佐证材料、不适用理由；其余各列由考核表生成，"
    "改动不会导入。不要增删行、不要改工作表的结构。",
    "2. 进展情况从下拉列表中选择：未开始、推进中、已完成、不适用；选“不适用”须写不适用理由。",
    "3. 责任人从下拉列表中选择；新责任人写“姓名（职务）”，如“钱某（社区民警）”，导入时加入本单位责任人名单。",
    "4. 完成时限按验收日期倒排，只能提前，不能推后；日期写成 2026-11-30 或 2026年11月30日。",
    "5. 已完成的项目须填佐证材料：本单位已审核案例的编号（如 shawan-2024-001），或 progress 文件夹中的文件名，每行一项。",
    "6. 红色底纹为已逾期的项目（完成时限早于截至日期，尚未完成）；“提醒”列标出应开始未开始（橙色）和临近时限（黄色）的项目。",
    "7. 填好后交回，由管理员运行 casebook progress import 导入；导入前会逐项检查，有错误时不改动任何文件。",
)


def _notes(sheet: Worksheet, styles: Styles, row: int, last: int) -> int:
    width = sum(c.width for c in COLUMNS[:last]) - 2
    for text in NOTES:
        banner(sheet, row, last, text, styles(bold=text == NOTES[0], border=False))
        sheet.cell(row=row, column=COL["id"], value="note")
        sheet.row_dimensions[row].height = 15.5 * max(1, math.ceil(text_width(text) / width)) + 4
        row += 1
    return row

def numeral(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return (digits[tens] if tens > 1 else "") + "十" + (digits[ones] if ones else "")
