"""Read a progress sheet back: which unit each sheet is, and what each row's cells say.

Nothing here trusts the file. A workbook that cannot be opened (encrypted, an old .xls,
damaged, not a spreadsheet) is a ``SheetError``; a sheet Casebook did not write is skipped
with a warning; every cell that cannot be read is a Problem naming the sheet, the row and
the column. Cells are turned into the values ``sheet.task_values`` gives for a task, so
the import can compare them with what was exported and with what the files say now.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Problem
from ..load import split_items
from ..messages import render
from .schema import PROGRESS_STATUSES
from .sheet_layout import COL, COLUMNS, FORMAT, HEADER_ROW, MARKER, STATUS_LABELS

MAX_BYTES = 20 * 1024 * 1024  # an exported sheet of 200 units is well under 1 MB
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003, and also the wrapper of an encrypted .xlsx
_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")

STATUS_WORDS = {
    **{label: status for status, label in STATUS_LABELS.items()},
    **{status: status for status in PROGRESS_STATUSES},
    "未启动": "not-started", "尚未开始": "not-started", "没有开始": "not-started", "not started": "not-started",
    "进行中": "in-progress", "正在推进": "in-progress", "正在进行": "in-progress", "已启动": "in-progress",
    "in progress": "in-progress",
    "完成": "done", "已办结": "done", "已落实": "done",
    "不涉及": "not-applicable", "not applicable": "not-applicable", "n/a": "not-applicable",
}
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_NO_YEAR = re.compile(r"(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
EVIDENCE_SEPARATORS = "、，,;；"  # between pieces of evidence on one line of a cell


class SheetError(Exception):
    """The workbook as a whole cannot be read: ``code`` and ``params`` for messages.py."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass
class SheetRow:
    row: int
    item: str
    cells: dict[str, Any]  # editable column key -> the cell's value as openpyxl gives it
    baseline: dict[str, Any] | None  # task_values at export time; None when the hidden cell is unreadable


@dataclass
class UnitSheet:
    title: str
    unit: str
    as_of: str
    rows: list[SheetRow] = field(default_factory=list)


def where(file: str, sheet: str, row: int | None = None, column: str | None = None,
          code: str = "", severity: str = "error", **params: Any) -> Problem:
    """A problem in a sheet: file = the workbook's name, line = the row, field = the column's header."""
    return Problem(file, row, column, code, severity, params={"sheet": sheet, **params})  # type: ignore[arg-type]


def sheet_problem_text(problem: Problem, lang: str) -> str:
    """``进度表.xlsx 工作表“沙湾派出所”第 5 行“完成时限”：error[code] …``; other problems as validate prints them."""
    if "sheet" not in problem.params:
        return problem.as_text(lang)
    place = {"file": problem.file, "sheet": problem.params["sheet"], "row": problem.line, "column": problem.field}
    code = "sheet-where-cell" if problem.field else "sheet-where-row" if problem.line else "sheet-where-sheet"
    return render("sheet-problem", {"where": render(code, place, lang), "severity": problem.severity,
                                    "code": problem.code, "message": problem.message(lang)}, lang)


# --- opening the workbook --------------------------------------------------------------

def read_workbook(path: Path, file: str) -> tuple[list[UnitSheet], list[Problem], list[str]]:
    """(unit sheets, problems, every sheet's title in order) of the workbook at ``path``, or SheetError."""
    from openpyxl import load_workbook

    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(min(size, MAX_BYTES))
    except FileNotFoundError:
        raise SheetError("sheet-missing", path=str(path)) from None
    except OSError as exc:
        raise SheetError("sheet-damaged", path=str(path), reason=exc.strerror or type(exc).__name__) from None
    if size > MAX_BYTES:
        raise SheetError("sheet-too-large", path=str(path), size=size, limit=MAX_BYTES)
    if head.startswith(_OLE):
        raise SheetError("sheet-encrypted" if _ENCRYPTED in head else "sheet-old-xls", path=str(path))
    if not head.startswith(b"PK"):
        raise SheetError("sheet-not-xlsx", path=str(path))
    try:
        book = load_workbook(path, read_only=True, data_only=True)
        try:  # read-only sheets are parsed while their rows are read: a damaged one fails here
            return (*read_sheets(book, file), book.sheetnames)
        finally:
            book.close()
    except SheetError:
        raise
    # openpyxl reports a damaged package with whatever its failing step raised (BadZipFile, KeyError
    # for a missing part, an XML parse error, ValueError...): to a clerk they all mean the same.
    except Exception as exc:  # noqa: BLE001
        reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:120]
        raise SheetError("sheet-damaged", path=str(path), reason=reason) from None


def _marker(values: tuple) -> dict[str, Any] | None:
    for value in values:
        if isinstance(value, str) and value.startswith(MARKER + " "):
            try:
                data = json.loads(value[len(MARKER) + 1:])
            except ValueError:
                return None
            return data if isinstance(data, dict) else None
    return None


def read_sheets(book, file: str) -> tuple[list[UnitSheet], list[Problem]]:
    """Every unit sheet of ``book``; SheetError when it has none (not a workbook Casebook wrote)."""
    sheets: list[UnitSheet] = []
    problems: list[Problem] = []
    ours = False
    for sheet in book.worksheets:
        rows = sheet.iter_rows(values_only=True)
        first = next(rows, ())
        marker = _marker(first or ())
        if marker is None:
            problems.append(where(file, sheet.title, code="sheet-foreign-sheet", severity="warning"))
            continue
        ours = True
        if marker.get("format") != FORMAT:
            problems.append(where(file, sheet.title, 1, code="sheet-newer-format", found=marker.get("format"),
                                  expected=FORMAT))
            continue
        if marker.get("sheet") != "unit" or not isinstance(marker.get("unit"), str):
            continue  # the summary
        unit = UnitSheet(sheet.title, marker["unit"], str(marker.get("as_of", "")))
        problems += _read_rows(file, unit, rows)
        sheets.append(unit)
    if not ours:
        raise SheetError("sheet-not-casebook", path=file)
    return sheets, problems


def _read_rows(file: str, unit: UnitSheet, rows) -> list[Problem]:
    problems: list[Problem] = []
    width = len(COLUMNS)
    for number, values in enumerate(rows, 2):
        values = tuple(values) + (None,) * (width - len(values))
        if number < HEADER_ROW:
            continue
        if number == HEADER_ROW:
            for column in COLUMNS:
                found = values[COL[column.key] - 1]
                if _text(found) != column.header:
                    problems.append(where(file, unit.title, number, code="sheet-layout-changed",
                                          position=COL[column.key], expected=column.header, found=_text(found) or ""))
                    return problems
            continue
        item = values[COL["id"] - 1]
        editable = {c.key: values[COL[c.key] - 1] for c in COLUMNS if c.editable}
        if not isinstance(item, str) or not item.strip():
            if any(_text(v) for v in editable.values()):
                problems.append(where(file, unit.title, number, code="sheet-row-without-id"))
            continue
        if item.startswith(("criterion:", "note")):
            continue
        unit.rows.append(SheetRow(number, item.strip(), editable, _baseline(values[COL["baseline"] - 1])))
    return problems


def _baseline(value: Any) -> dict[str, Any] | None:
    try:
        data = json.loads(value) if isinstance(value, str) else None
    except ValueError:
        return None
    keys = {"person", "due", "status", "difficulties", "evidence", "reason"}
    return data if isinstance(data, dict) and set(data) == keys else None


# --- cells -> values ----------------------------------------------------------------------

def _text(value: Any) -> str | None:
    """A cell as text: line ends as LF, blanks around removed; None when empty."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    if isinstance(value, (dt.date, dt.datetime)):
        text = value.isoformat()
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value)
    text = text.replace("_x000D_", "").replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(line.rstrip() for line in text.split("\n")).strip()
    return text or None


@dataclass
class Cell:
    """One editable cell read: its value (as in task_values), or a problem code and params."""

    value: Any = None
    role: str | None = None  # 责任人 written as 姓名（职务）
    cleared: bool = False  # 完成时限 left empty: the computed date applies
    code: str | None = None
    params: dict[str, Any] = field(default_factory=dict)


def read_cell(key: str, value: Any, people: dict[str, str], known: set[str], computed_due: str) -> Cell:
    """The value of an editable cell; ``people``: name -> role of the unit; ``known``: case ids and
    evidence file names that exist (a line naming one is never split); ``computed_due``: ISO date."""
    if key == "due":
        return _read_date(value, computed_due)
    text = _text(value)
    if key == "status":
        if text is None:
            return Cell(code="sheet-empty-status")
        word = unicodedata.normalize("NFKC", text).strip()
        status = STATUS_WORDS.get(word) or STATUS_WORDS.get(word.lower())
        return Cell(status) if status else Cell(code="sheet-bad-status", params={"found": text})
    if key == "person":
        return _read_person(text, people)
    if key == "evidence":
        return Cell(split_evidence(text, known))
    return Cell(text)


def _read_person(text: str | None, people: dict[str, str]) -> Cell:
    if text is None or text in people:
        return Cell(text)
    opening = max(text.rfind("（"), text.rfind("("))
    if text.endswith(("）", ")")) and opening > 0:  # 姓名（职务）
        name, role = text[:opening].strip(), text[opening + 1:-1].strip()
        if name and role:
            return Cell(name, role=role)
    return Cell(code="sheet-unknown-person", params={"found": text})


def _read_date(value: Any, computed: str) -> Cell:
    if value is None or (isinstance(value, str) and not value.strip()):
        return Cell(computed, cleared=True)
    if isinstance(value, dt.datetime):
        return Cell(value.date().isoformat())
    if isinstance(value, dt.date):
        return Cell(value.isoformat())
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Cell(code="sheet-date-number", params={"found": _text(value)})
    text = unicodedata.normalize("NFKC", str(value)).strip()
    m = _DATE.fullmatch(text) or _COMPACT_DATE.fullmatch(text)
    if m:
        try:
            return Cell(dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat())
        except ValueError:
            pass
    elif _NO_YEAR.fullmatch(text):
        return Cell(code="sheet-date-no-year", params={"found": _text(value)})
    return Cell(code="sheet-bad-date", params={"found": _text(value)})


def split_evidence(text: str | None, known: set[str]) -> list[str]:
    """Evidence written one a line (as exported) or separated by 、，,;； on a line."""
    out: list[str] = []
    for line in (text or "").split("\n"):
        line = line.strip()
        if not line:
            continue
        out += [line] if line in known else split_items(line, EVIDENCE_SEPARATORS) or [line]
    return out


