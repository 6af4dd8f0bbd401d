"""The layout of the progress sheet, shared by the export (sheet.py, sheet_summary.py) and the import.

Columns, hidden markers, fills and fonts, the values a row stands for (``task_values``) and
the text of each editable cell (``cell_text``), and the small helpers that write cells.
"""
from __future__ import annotations

import datetime as dt
import json
import math
import unicodedata
from dataclasses import dataclass
from typing import Any

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .board import Task
from .schema import PROGRESS_STATUSES

MARKER = "casebook-progress"  # row 1 of the hidden id column: MARKER + " " + JSON
FORMAT = 1
SUMMARY_TITLE = "汇总"
HEADER_ROW = 3
FIRST_ROW = 4
DATE_FORMAT = 'yyyy"年"m"月"d"日"'
STATUS_LABELS = {"not-started": "未开始", "in-progress": "推进中", "done": "已完成", "not-applicable": "不适用"}
assert tuple(STATUS_LABELS) == PROGRESS_STATUSES
EVIDENCE_SEPARATOR = "\n"  # one piece of evidence a line in the cell


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: float
    editable: bool = False
    hidden: bool = False


COLUMNS = (
    Column("number", "序号", 5.5),
    Column("name", "考核项目", 30),
    Column("points", "分值", 5.5),
    Column("person", "责任人", 10, editable=True),
    Column("due", "完成时限", 15, editable=True),
    Column("status", "进展情况", 9.5, editable=True),
    Column("difficulties", "存在困难和问题", 28, editable=True),
    Column("evidence", "佐证材料", 20, editable=True),
    Column("reason", "不适用理由", 15, editable=True),
    Column("note", "提醒", 14),
    Column("id", "编号", 12, hidden=True),
    Column("baseline", "导出时内容", 12, hidden=True),
    Column("people", "责任人名单", 12, hidden=True),
)
COL = {c.key: i + 1 for i, c in enumerate(COLUMNS)}  # key -> 1-based column number
LETTER = {c.key: get_column_letter(i + 1) for i, c in enumerate(COLUMNS)}
EDITABLE = tuple(c.key for c in COLUMNS if c.editable)
HEADERS = {c.key: c.header for c in COLUMNS}
LAST_SHOWN = LETTER["note"]

FONT = "宋体"
TITLE_FONT = "黑体"
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
# The board's own colours (templates/assets/casebook.css), so the sheet and the site agree.
FILLS = {state: PatternFill("solid", fgColor=color) for state, color in {
    "overdue": "FDE0DC", "late-start": "FFF0D6", "due-soon": "FFF9C4", "in-progress": "E3F0FD",
    "not-started": "F2F2F2", "done": "E2F4E4"}.items()}
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
EDITABLE_FILL = PatternFill("solid", fgColor="FFF2CC")  # the columns a clerk fills in
GROUP_FILL = PatternFill("solid", fgColor="EDEDED")
STATE_WORDS = {"overdue": "已逾期", "late-start": "应开始未开始", "due-soon": "临近时限", "in-progress": "推进中",
               "not-started": "未开始", "done": "已完成"}


def cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def task_values(task: Task) -> dict[str, Any]:
    """What a row of the sheet says about a task, as plain data: the export writes it and the
    import compares with it (``due`` is always a date: the unit's own or the computed one)."""
    return {"person": task.person.name if task.person else None, "due": task.due.isoformat(),
            "status": task.status, "difficulties": task.difficulties,
            "evidence": [e.written for e in task.evidence], "reason": task.reason}


def cell_text(key: str, values: dict[str, Any]) -> str | None:
    """The text of editable cell ``key`` (not 完成时限, a date) for ``values`` as task_values gives them."""
    if key == "status":
        return STATUS_LABELS[values["status"]]
    if key == "evidence":
        return EVIDENCE_SEPARATOR.join(values["evidence"]) or None
    return values[key]


def marker_text(kind: str, **data: Any) -> str:
    return f"{MARKER} " + json.dumps({"format": FORMAT, "sheet": kind, **data}, ensure_ascii=False, sort_keys=True)


# --- sheet names -------------------------------------------------------------------

_FORBIDDEN = str.maketrans({c: "_" for c in "[]:*?/\\"})


def sheet_title(name: str, taken: set[str]) -> str:
    """``name`` as Excel allows a sheet title: at most 31 characters, none of []:*?/\\, no ' at
    either end, not "History", and unique (case-insensitively) among ``taken``, which it joins."""
    base = name.translate(_FORBIDDEN).strip("'").strip() or "单位"
    if base.casefold() == "history":
        base += "_"
    title, n = base[:31], 1
    while title.casefold() in taken:
        n += 1
        suffix = f"({n})"
        title = base[:31 - len(suffix)] + suffix
    taken.add(title.casefold())
    return title


def put(sheet: Worksheet, row: int, column: int, value: Any = None, *, bold: bool = False, size: float = 11,
          align: str = "left", fill: PatternFill | None = None, border: bool = True, font: str = FONT):
    cell = sheet.cell(row=row, column=column, value=value)
    cell.font = Font(name=font, size=size, bold=bold)
    cell.alignment = Alignment(horizontal=align, vertical="center", wrap_text=True)
    if border:
        cell.border = BORDER
    if fill is not None:
        cell.fill = fill
    return cell


def banner(sheet: Worksheet, row: int, last: int, text: str, *, size: float = 11, bold: bool = False,
            font: str = FONT, align: str = "left", fill: PatternFill | None = None, border: bool = False) -> None:
    """A row of one merged cell across the table (title, criterion heading, note)."""
    for column in range(1, last + 1):
        put(sheet, row, column, text if column == 1 else None, size=size, bold=bold, font=font, align=align,
              fill=fill, border=border)
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last)


def print_setup(sheet: Worksheet, last_row: int, last_column: str) -> None:
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.print_area = f"A1:{last_column}{last_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"
    sheet.freeze_panes = f"C{FIRST_ROW}"


def text_width(text: str) -> float:
    """Width in Excel's units (the width of a digit): a Chinese character takes about two."""
    return sum(2.1 if unicodedata.east_asian_width(ch) in "WF" else 1.1 for ch in text)


def fit_height(sheet: Worksheet, row: int, texts: dict[int, str], minimum: float = 1) -> None:
    """Row height for wrapped text: Excel and LibreOffice both keep a height the file gives."""
    lines = minimum
    for column, text in texts.items():
        width = sheet.column_dimensions[get_column_letter(column)].width - 1
        need = sum(max(1, math.ceil(text_width(part) / width)) for part in str(text).split("\n"))
        lines = max(lines, need)
    sheet.row_dimensions[row].height = 15.5 * lines + 4
