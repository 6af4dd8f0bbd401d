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

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.merge import MergedCellRange
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
    Column("note", "提醒", 16),
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
COLOURS = {"overdue": "FDE0DC", "late-start": "FFF0D6", "due-soon": "FFF9C4", "in-progress": "E3F0FD",
           "not-started": "F2F2F2", "done": "E2F4E4",
           "header": "D9D9D9", "editable": "FFF2CC", "group": "EDEDED"}  # editable: the columns a clerk fills in
STATE_FILLS = ("overdue", "late-start", "due-soon", "in-progress", "not-started", "done")
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


class Styles:
    """The workbook's cell styles, each made once and named: 8,000 rows styled by name take a
    second, building fonts, borders and fills for every cell took most of a minute."""

    def __init__(self, book: Workbook) -> None:
        self.book = book
        self.made: set[str] = set()

    def __call__(self, *, align: str = "left", bold: bool = False, size: float = 11, font: str = FONT,
                 fill: str | None = None, border: bool = True, editable: bool = False, date: bool = False,
                 link: bool = False) -> str:
        name = f"casebook {align} {int(bold)}{int(border)}{int(editable)}{int(date)}{int(link)} {size} {font} {fill}"
        if name not in self.made:
            style = NamedStyle(name=name)
            style.font = Font(name=font, size=size, bold=bold, color="0563C1" if link else None,
                              underline="single" if link else None)
            style.alignment = Alignment(horizontal=align, vertical="center", wrap_text=True)
            if border:
                style.border = BORDER
            if fill:
                style.fill = PatternFill("solid", fgColor=COLOURS[fill])
            style.protection = Protection(locked=not editable)
            if date:
                style.number_format = DATE_FORMAT
            self.book.add_named_style(style)
            self.made.add(name)
        return name


def put(sheet: Worksheet, row: int, column: int, value: Any, style: str):
    cell = sheet.cell(row=row, column=column, value=value)
    cell.style = style
    return cell


def banner(sheet: Worksheet, row: int, last: int, text: str, style: str) -> None:
    """A row of one merged cell across the table (title, criterion heading, notes)."""
    for column in range(1, last + 1):
        put(sheet, row, column, text if column == 1 else None, style)
    # Hack: ``merge_cells`` would replace the cells with MergedCells and copy borders and protection
    # onto each (MergedCellRange.format): half the time of a 200-unit export. Every cell of the
    # range already has its style, so registering the range is enough; Excel itself writes merged
    # ranges this way. Checked with openpyxl 3.1.2 and 3.1.5.
    sheet.merged_cells.add(MergedCellRange(sheet, f"A{row}:{get_column_letter(last)}{row}"))


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
    sheet.page_margins.top, sheet.page_margins.bottom = 0.6, 0.8
    sheet.page_margins.header = sheet.page_margins.footer = 0.3  # LibreOffice cuts a footer with less room
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
