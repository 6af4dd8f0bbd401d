"""The meeting sheet as text or JSON: what is overdue or at risk, by unit and person.

``casebook progress`` prints it; every sentence comes from messages.py in the reader's language.
"""
from __future__ import annotations

import json
from typing import Any

from ..messages import progress_state, render
from .board import AT_RISK, STATES, Board, Task

REPORTED = frozenset({"overdue"}) | AT_RISK


def report_text(board: Board, names: dict[str, str], criteria: dict[str, str], lang: str) -> str:
    """``names``: unit id -> name; ``criteria``: criterion id -> name."""
    totals = board.totals()
    heading = "progress-heading" if board.days_left >= 0 else "progress-heading-past"
    lines = [render(heading, {**_heading(board), "days_past": -board.days_left}, lang),
             render("progress-totals", {"counts": _counts(totals, lang)}, lang)]
    reported = 0
    for unit in board.units.values():
        groups: dict[str | None, list[Task]] = {}
        for task in unit.tasks:
            if task.state in REPORTED:
                groups.setdefault(task.person.name if task.person else None, []).append(task)
        lines.append("")
        lines.append(render("progress-unit", {"unit": names[unit.unit], "done": unit.done, "total": unit.total,
                                              "counts": _counts(unit.counts, lang)}, lang))
        if not groups:
            lines.append("  " + render("progress-unit-on-track", {}, lang))
            continue
        roles = {p.name: p.role for p in unit.people}
        for person in [p.name for p in unit.people if p.name in groups] + ([None] if None in groups else []):
            who = render("progress-person", {"name": person, "role": roles[person]}, lang) if person \
                else render("progress-nobody", {}, lang)
            lines.append(f"  {who}")
            for task in groups[person]:
                reported += 1
                lines.append("    " + render("progress-task", _task_params(task, board, criteria, lang), lang))
    if not board.units:
        lines.append(render("progress-no-units", {}, lang))
    return "\n".join(lines) + "\n"


def report_json(board: Board, names: dict[str, str], criteria: dict[str, str]) -> str:
    def task(t: Task) -> dict[str, Any]:
        return {"item": t.item.id, "name": t.item.name, "criterion": t.item.criterion, "state": t.state,
                "status": t.status, "person": t.person.name if t.person else None,
                "role": t.person.role if t.person else None, "due": t.due.isoformat(),
                "latest_start": t.latest_start.isoformat(), "days_overdue": max(0, (board.as_of - t.due).days)}

    data = {
        "campaign": board.name, "as_of": board.as_of.isoformat(), "acceptance": board.acceptance.isoformat(),
        "days_left": board.days_left, "totals": {s: board.totals()[s] for s in STATES},
        "units": [{"unit": u.unit, "name": names[u.unit], "done": u.done, "total": u.total,
                   "counts": {s: u.counts[s] for s in STATES},
                   "items": [task(t) for t in u.tasks if t.state in REPORTED]} for u in board.units.values()],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _heading(board: Board) -> dict[str, Any]:
    return {"campaign": board.name, "as_of": board.as_of.isoformat(), "acceptance": board.acceptance.isoformat(),
            "days_left": board.days_left}


def _counts(counts, lang: str) -> str:
    shown = [render("progress-count", {"state": progress_state(s, lang), "count": counts[s]}, lang)
             for s in STATES if counts[s]]
    return ("，" if lang == "zh" else ", ").join(shown) or "-"


def _task_params(task: Task, board: Board, criteria: dict[str, str], lang: str) -> dict[str, Any]:
    late = (board.as_of - task.due).days
    params = {"state": progress_state(task.state, lang), "item": task.item.id, "name": task.item.name,
              "criterion": criteria[task.item.criterion], "due": task.due.isoformat(),
              "latest_start": task.latest_start.isoformat(), "late": late}
    params["when"] = render("progress-when-overdue" if task.state == "overdue"
                            else "progress-when-start" if task.state == "late-start" else "progress-when-due",
                            params, lang)
    return params
