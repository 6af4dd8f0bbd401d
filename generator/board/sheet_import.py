"""A filled-in progress sheet -> new text for the progress.yml files, checked before anything is written.

For each editable cell, three values meet: what the sheet says now, what it said when it was
exported (kept in a hidden column) and what the progress file says now. A cell the clerk did
not touch changes nothing; a cell the clerk changed is written, unless the file changed too
since the export (a conflict: reported, nothing written). The new texts are checked with the
same checks as ``casebook validate``; any error, in any sheet, and no file is written (one
workbook, all or nothing). Problems of a row in the sheet point at that sheet, row and column.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Problem
from ..messages import did_you_mean, one_of
from ..suggest import closest
from .board import Board
from .check import EVIDENCE_FOLDER, PROGRESS_FILE, check_board, progress_path
from .progress_edit import EditError, EntryEdit, edit_progress
from .sheet_layout import EDITABLE, HEADERS, cell_text, task_values
from .sheet_read import Cell, SheetRow, UnitSheet, _text, read_cell, where

_ENTRY_FIELD = re.compile(r"items\[(\d+)\]\.(\w+)")
_BOM = b"\xef\xbb\xbf"


@dataclass
class UnitImport:
    """What the sheet of one unit changes in its progress.yml."""

    unit: str
    sheet: str
    file: str  # cases/<unit>/progress.yml
    path: Path
    old_text: str  # as on disk, line ends as LF
    bom: bool
    newline: str
    edits: list[EntryEdit] = field(default_factory=list)
    people: list[tuple[str, str]] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)  # item id -> its row in the sheet
    new_text: str | None = None

    @property
    def changed(self) -> int:
        return sum(e.index is not None for e in self.edits)

    @property
    def added(self) -> int:
        return sum(e.index is None for e in self.edits)


@dataclass
class Change:
    """One cell the clerk changed (or, with ``conflict``, one that changed on both sides)."""

    key: str
    value: Any
    cell: Cell
    row: int


def cell_changes(row: SheetRow, current: dict[str, Any], people: dict[str, str], known: set[str],
                 computed_due: str) -> tuple[list[Change], list[tuple[str, str, dict[str, Any]]]]:
    """(changes to write, problems as (column key, code, params)) for one row of the sheet."""
    changes, problems = [], []
    for key in EDITABLE:
        exported, now = row.baseline[key], current[key]  # type: ignore[index]
        if key != "due" and _text(row.cells.get(key)) == cell_text(key, row.baseline):  # type: ignore[arg-type]
            continue  # as exported: whatever it would read as today (a person since removed, say)
        cell = read_cell(key, row.cells.get(key), people, known, computed_due)
        if cell.code:
            problems.append((key, cell.code, cell.params))
            continue
        if cell.value == exported or cell.value == now:
            continue
        if now != exported:
            problems.append((key, "sheet-conflict", {"found": _shown(cell.value), "exported": _shown(exported),
                                                     "current": _shown(now)}))
            continue
        changes.append(Change(key, cell.value, cell, row.row))
    return changes, problems


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return "、".join(value)
    return "" if value is None else str(value)


def plan_import(file: str, sheets: list[UnitSheet], board: Board, project, as_of: dt.date
                ) -> tuple[list[UnitImport], list[Problem]]:
    """The new text of every progress.yml the sheets change, and every problem (sheet- or file-located)."""
    registries, source = project.registries, project.board
    problems: list[Problem] = []
    imports: list[UnitImport] = []
    seen: dict[str, str] = {}
    for sheet in sheets:
        unit = sheet.unit
        if unit not in registries.units.entries:
            params: dict[str, Any] = {"found": unit}
            params.update(did_you_mean(closest(unit, registries.units.entries)))
            problems.append(where(file, sheet.title, code="sheet-unknown-unit", **params))
            continue
        if unit in seen:
            problems.append(where(file, sheet.title, code="sheet-unit-twice", unit=unit, other=seen[unit]))
            continue
        seen[unit] = sheet.title
        path = progress_path(project.config, unit)
        if not path.is_file():
            problems.append(where(file, sheet.title, code="sheet-no-progress", unit=unit))
            continue
        if unit not in board.units or unit not in source.progress:
            problems.append(where(file, sheet.title, code="sheet-progress-invalid", unit=unit))
            continue
        plan, found = _plan_unit(file, sheet, board, project, path, as_of)
        problems += found
        if plan is not None and (plan.edits or plan.people):
            imports.append(plan)
    edited = []
    for plan in imports:
        try:
            plan.new_text = edit_progress(plan.old_text, plan.edits, plan.people)
            edited.append(plan)
        except EditError as exc:
            problems.append(Problem(plan.file, exc.line, None, "sheet-cannot-edit"))
    if edited:  # checked even when some cells were refused: one run reports everything
        said = {(p.params.get("sheet"), p.line, p.field) for p in problems}
        problems += [p for p in _check_result(file, edited, project, as_of)
                     if (p.params.get("sheet"), p.line, p.field) not in said]
    return imports, problems


def sorted_problems(problems: list[Problem], sheet_order: list[str]) -> list[Problem]:
    """In the workbook's order: sheet by sheet, row by row, column by column; then the files."""
    order = {title: i for i, title in enumerate(sheet_order)}
    columns = list(HEADERS.values())
    return sorted(problems, key=lambda p: (order.get(p.params.get("sheet"), len(order)), p.file, p.line or 0,
                                           columns.index(p.field) if p.field in columns else -1))


def _plan_unit(file: str, sheet: UnitSheet, board: Board, project, path: Path, as_of: dt.date
               ) -> tuple[UnitImport | None, list[Problem]]:
    unit = sheet.unit
    unit_board = board.units[unit]
    progress = project.board.progress[unit]
    raw = path.read_bytes()
    bom = raw.startswith(_BOM)
    text = raw[len(_BOM) if bom else 0:].decode("utf-8")
    newline = "\r\n" if "\r\n" in text else "\n"
    plan = UnitImport(unit, sheet.title, progress.file, path, text.replace("\r\n", "\n"), bom, newline)
    people = {p.name: p.role for p in unit_board.people}
    tasks = {t.item.id: t for t in unit_board.tasks}
    known = set(project.case_ids) | _evidence_files(path.parent / EVIDENCE_FOLDER)
    problems: list[Problem] = []
    new_people: dict[str, tuple[str, int]] = {}  # name -> (role, first row)
    for row in sheet.rows:

        def problem(key: str | None, code: str, **params: Any) -> None:
            problems.append(where(file, sheet.title, row.row, HEADERS[key] if key else None, code, **params))

        task = tasks.get(row.item)
        if task is None:
            problem("name", "sheet-unknown-item", found=row.item)
            continue
        if row.item in plan.rows:
            problem("name", "sheet-item-twice", found=row.item, first_row=plan.rows[row.item])
            continue
        plan.rows[row.item] = row.row
        if row.baseline is None:
            problem(None, "sheet-row-damaged")
            continue
        changes, found = cell_changes(row, task_values(task), people, known, task.item.slot.due.isoformat())
        for key, code, params in found:
            if code == "sheet-unknown-person":
                params = {**params, "expected": one_of(people) if people else "-"}
                params.update(did_you_mean(closest(params["found"], people)))
            problem(key, code, **params, **({"as_of": sheet.as_of} if code == "sheet-conflict" else {}))
        values: dict[str, Any] = {}
        for change in changes:
            if change.key == "person" and change.value is not None:
                role = change.cell.role
                if change.value in people:
                    if role is not None and role != people[change.value]:
                        problem("person", "sheet-person-role", name=change.value, role=people[change.value],
                                found=role, unit=unit)
                elif change.value in new_people and role != new_people[change.value][0]:
                    first_role, first_row = new_people[change.value]
                    problem("person", "sheet-person-two-roles", name=change.value, first=first_role,
                            found=role, first_row=first_row)
                else:
                    new_people.setdefault(change.value, (role or "", row.row))
            values[change.key] = _file_value(change)
        if values:
            index = progress.entries.get(row.item)
            if index is None:
                values.setdefault("status", task.status)
            values["updated"] = as_of.isoformat()
            plan.edits.append(EntryEdit(row.item, index, values))
    plan.people = [(name, role) for name, (role, _row) in new_people.items()]
    return plan, problems


def _file_value(change: Change) -> Any:
    """What progress.yml gets for a changed cell; None removes the field."""
    if change.key == "due":
        return None if change.cell.cleared else change.value
    if change.key == "evidence":
        return change.value or None
    return change.value


def _evidence_files(folder: Path) -> set[str]:
    if not folder.is_dir():
        return set()
    names = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    return names | {f"{EVIDENCE_FOLDER}/{name}" for name in names}


# --- checking the result --------------------------------------------------------------------

def _check_result(file: str, imports: list[UnitImport], project, as_of: dt.date) -> list[Problem]:
    """The same checks as validate, on the new texts; a problem of a row in the sheet points at it."""
    by_id = {c.id: c for c in project.cases}
    texts = {plan.unit: plan.new_text for plan in imports}
    _source, problems = check_board(project.config, project.registries, by_id, project.case_ids, as_of, texts=texts)
    plans = {plan.file: plan for plan in imports}
    out = []
    for problem in problems:
        plan = plans.get(problem.file)
        if plan is None:
            continue  # another unit's file, or the campaign: not this import's business
        out.append(_in_sheet(file, plan, problem) or problem)
    return out


def _in_sheet(file: str, plan: UnitImport, problem: Problem) -> Problem | None:
    m = _ENTRY_FIELD.match(problem.field or "")
    if m is None:
        return None
    items = _items_after(plan)
    index = int(m.group(1))
    if index >= len(items) or items[index] not in plan.rows:
        return None
    column = "name" if m.group(2) == "item" else m.group(2)
    return where(file, plan.sheet, plan.rows[items[index]], HEADERS.get(column), problem.code, problem.severity,
                 **problem.params)


def _items_after(plan: UnitImport) -> list[str]:
    from ..load import parse_yaml, to_data

    node, _problems = parse_yaml(plan.new_text or "", plan.file, 1)
    data = to_data(node)[0] if node is not None else {}
    return [entry.get("item") if isinstance(entry, dict) else None for entry in (data or {}).get("items") or []]


# --- writing -----------------------------------------------------------------------------------

def write_import(plan: UnitImport) -> None:
    """Replace the file in one step (a temporary file renamed over it), with its own BOM and line ends."""
    data = plan.new_text.replace("\n", plan.newline).encode("utf-8")  # type: ignore[union-attr]
    if plan.bom:
        data = _BOM + data
    handle, temp = tempfile.mkstemp(dir=plan.path.parent, prefix=f".{PROGRESS_FILE}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        shutil.copymode(plan.path, temp)  # mkstemp makes it 0600; the file keeps the mode it had
        os.replace(temp, plan.path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
