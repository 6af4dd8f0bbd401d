"""Where ``casebook progress export`` may write its workbook, and writing it without destroying anything.

Refused: a name that does not end in .xlsx; anything inside the project's sources (cases/, the
docs folder, the cache, .git: the rules of ``publish.check_output``); an existing file that is
not a workbook Casebook exported; and one Casebook exported that holds filled-in cells not yet
imported (replacing it would lose a clerk's work). The new workbook is written to a temporary
file beside the target and renamed over it, so a failure leaves the old file as it was.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from ..options import CasebookError
from ..publish import OutputError, check_output
from .board import Board
from .sheet_import import cell_changes
from .sheet_layout import HEADERS, cell_text, task_values
from .sheet_read import SheetError, _text, read_workbook


def check_sheet_output(out: Path, config, board: Board, project) -> Path:
    """The resolved path to write, or CasebookError (exit 1) saying why not."""
    from ..cli import _cache_dir, _docs_dir  # the CLI knows where mkdocs.yml puts them

    lang = config.lang
    if out.suffix.lower() != ".xlsx":
        raise CasebookError("sheet-out-not-xlsx", lang, path=str(out))
    try:
        target = check_output(out, config.root, _docs_dir(config), _cache_dir(config))
    except OutputError as exc:
        raise CasebookError("sheet-out-in-source", lang, path=str(out),
                            source=str(exc.params.get("source") or exc.params.get("project"))) from None
    if target.exists() or target.is_symlink():
        pending = _pending(target, board)
        if pending is None:
            raise CasebookError("sheet-out-foreign", lang, path=str(out))
        if pending[0]:
            count, sheet, row, column = pending
            raise CasebookError("sheet-out-pending", lang, path=str(out), count=count, sheet=sheet, row=row,
                                column=column)
    return target


def _pending(path: Path, board: Board) -> tuple[int, str, int, str] | None:
    """(cells filled in and not imported, where the first is), or None: not a workbook Casebook wrote."""
    if not path.is_file():
        return None
    try:
        sheets, _problems, _order = read_workbook(path, path.name)
    except SheetError:
        return None
    found: list[tuple[str, int, str]] = []
    for sheet in sheets:
        unit = board.units.get(sheet.unit)
        tasks = {t.item.id: t for t in unit.tasks} if unit else {}
        people = {p.name: p.role for p in unit.people} if unit else {}
        for row in sheet.rows:
            task = tasks.get(row.item)
            if row.baseline is None:
                found.append((sheet.title, row.row, HEADERS["id"]))
            elif task is None:
                found += [(sheet.title, row.row, HEADERS[key]) for key, value in row.cells.items()
                          if key != "due" and _text(value) != cell_text(key, row.baseline)]
            else:
                changes, problems = cell_changes(row, task_values(task), people, set(), task.item.slot.due.isoformat())
                found += [(sheet.title, row.row, HEADERS[c.key]) for c in changes]
                found += [(sheet.title, row.row, HEADERS[key]) for key, _code, _params in problems]
    if not found:
        return 0, "", 0, ""
    return (len(found), *found[0])


def save_workbook(book, target: Path, lang: str) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = target.parent / f".{target.stem}.{secrets.token_hex(4)}.xlsx.tmp"
        try:
            with temp.open("xb") as handle:  # created with the modes the umask allows, like any new file
                book.save(handle)
            os.replace(temp, target)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise CasebookError("sheet-out-unwritable", lang, path=str(target),
                            reason=exc.strerror or type(exc).__name__) from None
