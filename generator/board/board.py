"""The progress board: the assessment table, every unit's progress and the as-of date joined.

Built only from checked files (``check.py``); pages, the meeting report and the
spreadsheet all read this one model, so they always agree.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

from .check import BoardSource, CampaignSource, ItemPlan, is_case_ref
from .schedule import WorkCalendar
from .schema import Person

# A task's state on the as-of date, worst first: a cell of the board takes the colour of its worst task.
STATES = ("overdue", "late-start", "due-soon", "in-progress", "not-started", "done", "not-applicable")
OPEN_STATES = frozenset(STATES[:5])
AT_RISK = frozenset({"late-start", "due-soon"})
DUE_SOON_WORKDAYS = 5  # "due soon": due within this many working days of the as-of date


@dataclass(frozen=True)
class Evidence:
    written: str
    case: str | None  # the case id when the evidence is a case, else None (a file in progress/)


@dataclass(frozen=True)
class Task:
    """One assessment item at one unit, as it stands on the as-of date."""

    unit: str
    item: ItemPlan
    status: str  # not-started when the unit has no entry for the item
    state: str
    due: dt.date
    latest_start: dt.date
    person: Person | None = None
    evidence: tuple[Evidence, ...] = ()
    difficulties: str | None = None
    reason: str | None = None
    updated: dt.date | None = None
    line: int | None = None  # the entry's line in progress.yml, None when there is no entry

    @property
    def open(self) -> bool:
        return self.state in OPEN_STATES


@dataclass(frozen=True)
class Cell:
    """One unit x one criterion: how many items are done of those that apply, and the worst state."""

    done: int
    total: int
    worst: str | None  # None when no item applies


@dataclass
class UnitBoard:
    unit: str
    file: str
    people: tuple[Person, ...]
    tasks: tuple[Task, ...]  # overdue first, then by due date and table order
    cells: dict[str, Cell]  # criterion id -> cell, in the table's criterion order
    counts: Counter = field(default_factory=Counter)  # state -> tasks

    @property
    def done(self) -> int:
        return self.counts["done"]

    @property
    def total(self) -> int:
        return sum(n for state, n in self.counts.items() if state != "not-applicable")

    @property
    def worst(self) -> str | None:
        return next((s for s in STATES[:-1] if self.counts[s]), None)


@dataclass
class Board:
    name: str
    start: dt.date
    acceptance: dt.date
    as_of: dt.date
    criteria: tuple[str, ...]  # criterion ids of the table, in its order
    items: dict[str, ItemPlan]
    milestones: dict[str, tuple[str, dt.date]]  # id -> (name, date), acceptance included
    units: dict[str, UnitBoard]  # in the registry's unit order

    @property
    def days_left(self) -> int:
        return (self.acceptance - self.as_of).days

    def column(self, criterion: str) -> Cell:
        return _sum_cells(u.cells[criterion] for u in self.units.values())

    def totals(self) -> Counter:
        out: Counter = Counter()
        for unit in self.units.values():
            out.update(unit.counts)
        return out

    def open_by_person(self) -> list[tuple[str, Person | None, list[Task]]]:
        """(unit, person or None for unassigned, open tasks worst first) for the meeting, unit order."""
        out = []
        for unit in self.units.values():
            groups: dict[str | None, list[Task]] = {}
            for task in unit.tasks:
                if task.open:
                    groups.setdefault(task.person.name if task.person else None, []).append(task)
            people = {p.name: p for p in unit.people}
            for name in [p.name for p in unit.people if p.name in groups] + ([None] if None in groups else []):
                out.append((unit.unit, people.get(name) if name else None, groups[name]))
        return out


def _sum_cells(cells: Iterable[Cell]) -> Cell:
    done = total = 0
    worst: str | None = None
    for cell in cells:
        done += cell.done
        total += cell.total
        if cell.worst is not None and (worst is None or STATES.index(cell.worst) < STATES.index(worst)):
            worst = cell.worst
    return Cell(done, total, worst)


def state_of(status: str, due: dt.date, latest_start: dt.date, as_of: dt.date, calendar: WorkCalendar) -> str:
    if status in ("done", "not-applicable"):
        return status
    if due < as_of:
        return "overdue"
    if status == "not-started" and latest_start < as_of:
        return "late-start"
    if _workdays_between(as_of, due, calendar) <= DUE_SOON_WORKDAYS:
        return "due-soon"
    return status


def _workdays_between(start: dt.date, end: dt.date, calendar: WorkCalendar) -> int:
    """Working days after ``start`` up to and including ``end``, counted no further than needed."""
    count, day = 0, start
    while day < end and count <= DUE_SOON_WORKDAYS:
        day += dt.timedelta(days=1)
        count += calendar.is_workday(day)
    return count


def build_board(source: BoardSource, unit_order: Iterable[str], as_of: dt.date) -> Board:
    campaign = source.campaign
    criteria = tuple(dict.fromkeys(p.criterion for p in campaign.items.values()))
    units = {}
    for unit in unit_order:
        progress = source.progress.get(unit)
        if progress is not None:
            units[unit] = _unit_board(campaign, progress, criteria, as_of)
    milestones = {m.id: (m.name, m.date) for m in campaign.milestones.values()}
    return Board(campaign.name, campaign.start, campaign.acceptance, as_of, criteria, campaign.items, milestones, units)


def _task(campaign: CampaignSource, unit: str, plan: ItemPlan, entry, people: dict[str, Person],
          line: int | None, as_of: dt.date) -> Task:
    """One item at one unit; ``entry`` is the unit's ProgressEntry for it, or None (not started, nobody named)."""
    if entry is None:
        state = state_of("not-started", plan.slot.due, plan.slot.latest_start, as_of, campaign.calendar)
        return Task(unit, plan, "not-started", state, plan.slot.due, plan.slot.latest_start)
    due = dt.date.fromisoformat(entry.due) if entry.due else plan.slot.due
    latest_start = campaign.calendar.start_for(due, plan.days) if due != plan.slot.due else plan.slot.latest_start
    return Task(
        unit, plan, entry.status, state_of(entry.status, due, latest_start, as_of, campaign.calendar), due,
        latest_start, people.get(entry.person) if entry.person else None,
        tuple(Evidence(w, w if is_case_ref(w) else None) for w in entry.evidence or ()),
        entry.difficulties, entry.reason, dt.date.fromisoformat(entry.updated) if entry.updated else None, line)


def _unit_board(campaign: CampaignSource, progress, criteria: tuple[str, ...], as_of: dt.date) -> UnitBoard:
    front = progress.front
    people = {p.name: p for p in front.people or ()}
    entries = front.items or []
    tasks = []
    for position, (item_id, plan) in enumerate(campaign.items.items()):
        index = progress.entries.get(item_id)
        entry = entries[index] if index is not None else None
        line = progress.lines.get(("items", index)) if index is not None else None
        tasks.append((position, _task(campaign, progress.unit, plan, entry, people, line, as_of)))
    # Overdue first, then what is still open by due date, then what is done or does not apply.
    group = {"overdue": 0, "done": 2, "not-applicable": 3}
    ordered = tuple(t for _p, t in sorted(tasks, key=lambda pt: (group.get(pt[1].state, 1), pt[1].due, pt[0])))
    cells = {}
    for criterion in criteria:
        mine = [t for t in ordered if t.item.criterion == criterion and t.state != "not-applicable"]
        worst = min((STATES.index(t.state) for t in mine), default=None)
        cells[criterion] = Cell(sum(t.state == "done" for t in mine), len(mine),
                                STATES[worst] if worst is not None else None)
    return UnitBoard(progress.unit, progress.file, tuple(front.people or ()), ordered, cells,
                     Counter(t.state for t in ordered))


def board_of(project, edition: str, as_of: dt.date) -> Board | None:
    """The board of a validated project (validate.Project) for an edition: the internal edition only,
    and only when the project has a campaign. In the public edition not a page, a link or a count of it."""
    if project.board is None or edition != "internal":
        return None
    return build_board(project.board, project.registries.units.entries, as_of)
