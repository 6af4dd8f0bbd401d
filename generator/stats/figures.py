"""The numbers behind /stats/ and the heat map of /criteria/, counted from the site model.

Only published (approved) cases count, as on the home page: a preview also holds drafts,
which the review figures (review.py) count apart. In the public edition the site holds
only public cases, so every figure here is a public one. One pass over the cases per
figure: nothing here grows faster than the number of cases.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Sequence

from ..model import Case, Criterion, Site, Unit

# A unit whose name (or whose parent's, up the hierarchy) holds one of these words is a station
# or a post under one; the others (the bureau, its brigades and offices) are the bureau's own units.
# units.yml has no field for the kind of a unit: the names say it in every bureau we know of.
STATION_WORDS = ("派出所",)
STATION, BUREAU = "station", "bureau"


@dataclass(frozen=True)
class Count:
    """One bar: a unit, a criterion or a status and its number of cases."""

    id: str
    name: str
    value: int
    kind: str = ""  # a unit's STATION or BUREAU


@dataclass(frozen=True)
class Top:
    """The first ``n`` non-zero counts; the rest summed into one bar."""

    shown: tuple[Count, ...]
    rest: int  # how many counts are in the rest
    rest_value: int


def counted(site: Site) -> list[Case]:
    """The cases the figures count: approved ones (a preview also holds drafts)."""
    return [c for c in site.cases if not c.is_draft]


def unit_kinds(site: Site) -> dict[str, str]:
    """Unit id -> STATION or BUREAU (see STATION_WORDS)."""
    kinds: dict[str, str] = {}
    for unit in site.units.values():
        chain, seen = unit, set()
        kind = BUREAU
        while chain is not None and chain.id not in seen:  # validation refuses cycles; never loop anyway
            seen.add(chain.id)
            if any(word in chain.name for word in STATION_WORDS):
                kind = STATION
                break
            chain = site.units.get(chain.parent) if chain.parent else None
        kinds[unit.id] = kind
    return kinds


def cases_per_unit(site: Site, cases: Sequence[Case]) -> list[Count]:
    """Every unit with its cases, most first (registry order among equals)."""
    counts = Counter(c.unit for c in cases)
    kinds = unit_kinds(site)
    order = {u: i for i, u in enumerate(site.units)}
    rows = [Count(u.id, u.name, counts[u.id], kinds[u.id]) for u in site.units.values()]
    return sorted(rows, key=lambda r: (-r.value, order[r.id]))


def cases_per_criterion(site: Site, cases: Sequence[Case]) -> list[Count]:
    """Every criterion with its cases, in the checklist's order (a case counts for each of its items)."""
    counts = Counter(k for c in cases for k in c.criteria)
    return [Count(k.id, k.name, counts[k.id]) for k in site.criteria.values()]


def top(rows: Sequence[Count], n: int) -> Top:
    """The first ``n`` rows with a value (rows come sorted, most first); the others summed."""
    nonzero = [r for r in rows if r.value]
    if len(nonzero) <= n:
        return Top(tuple(nonzero), 0, 0)
    rest = nonzero[n:]
    return Top(tuple(nonzero[:n]), len(rest), sum(r.value for r in rest))


# --- cases over time ---------------------------------------------------------------------

@dataclass(frozen=True)
class Period:
    start: dt.date
    label: str  # "2024年3月", "2024年第一季度", "2024年"
    value: int  # cases dated in the period
    total: int  # cases up to the end of the period


@dataclass(frozen=True)
class Timeline:
    step: str  # "month", "quarter" or "year": months while they fit, then coarser
    periods: tuple[Period, ...]

    @property
    def busiest(self) -> Period | None:
        return max(self.periods, key=lambda p: (p.value, p.start)) if self.periods else None

    @property
    def last_year(self) -> tuple[Period, int, int | None] | None:
        """(the first period of the last twelve months, their cases, the cases of the twelve before
        or None when the span is shorter); None when the span is shorter than a year."""
        size = {"month": 12, "quarter": 4, "year": 1}[self.step]
        if len(self.periods) < size:
            return None
        recent = self.periods[-size:]
        before = self.periods[-2 * size:-size] if len(self.periods) >= 2 * size else None
        return recent[0], sum(p.value for p in recent), sum(p.value for p in before) if before else None


MAX_MONTHS = 72  # six years of months; longer spans are counted by quarter, then by year
MAX_QUARTERS = 72
QUARTERS = ("一", "二", "三", "四")


def timeline(cases: Sequence[Case]) -> Timeline:
    """Cases per period over the whole span, empty periods included, with the running total."""
    if not cases:
        return Timeline("month", ())
    first, last = min(c.date for c in cases), max(c.date for c in cases)
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    step, size = ("month", 1) if months <= MAX_MONTHS else ("quarter", 3) if months <= 3 * MAX_QUARTERS else ("year", 12)

    def index(day: dt.date) -> int:  # the period of a day, counted from the first case's period
        return ((day.year - first.year) * 12 + day.month - 1 - _start_month(first, size)) // size

    counts = Counter(index(c.date) for c in cases)
    periods, total = [], 0
    for i in range(index(last) + 1):
        month = _start_month(first, size) + i * size
        start = dt.date(first.year + month // 12, month % 12 + 1, 1)
        total += counts[i]
        periods.append(Period(start, _label(start, step), counts[i], total))
    return Timeline(step, tuple(periods))


def _start_month(first: dt.date, size: int) -> int:
    """Months from January of the first year to the start of the first period."""
    return (first.month - 1) // size * size


def _label(start: dt.date, step: str) -> str:
    if step == "month":
        return f"{start.year}年{start.month}月"
    if step == "quarter":
        return f"{start.year}年第{QUARTERS[(start.month - 1) // 3]}季度"
    return f"{start.year}年"


# --- units x criteria --------------------------------------------------------------------

@dataclass(frozen=True)
class CoverageRow:
    unit: Unit
    counts: tuple[int, ...]  # cases per criterion, in the checklist's order
    total: int  # the unit's cases

    @property
    def covered(self) -> int:
        return sum(1 for n in self.counts if n)


@dataclass(frozen=True)
class Coverage:
    criteria: tuple[Criterion, ...]
    rows: tuple[CoverageRow, ...]  # in the registry's unit order
    column_totals: tuple[int, ...]  # cases per criterion
    total: int  # cases
    bounds: tuple[int, ...]  # the upper bound of each colour level from 1 (level 0: no case)

    def level(self, n: int) -> int:
        """The colour level of a cell: 0 for none, up to HEAT_LEVELS (the darkest, always used)."""
        if not n:
            return 0
        offset = HEAT_LEVELS - len(self.bounds)
        return offset + next((i + 1 for i, bound in enumerate(self.bounds) if n <= bound), len(self.bounds))

    @property
    def levels(self) -> list[tuple[int, int, int]]:
        """(level, lowest, highest) of each colour level that occurs, for the legend."""
        out, low = [], 1
        for bound in self.bounds:
            out.append((self.level(bound), low, bound))
            low = bound + 1
        return out

    @property
    def column_units(self) -> tuple[int, ...]:
        """Units with a case of each criterion."""
        return tuple(sum(1 for row in self.rows if row.counts[i]) for i in range(len(self.criteria)))

    @property
    def empty_criteria(self) -> list[Criterion]:
        return [k for k, n in zip(self.criteria, self.column_totals) if not n]

    @property
    def empty_cells(self) -> int:
        return sum(1 for row in self.rows for n in row.counts if not n)


HEAT_LEVELS = 4


def coverage(site: Site, cases: Sequence[Case]) -> Coverage:
    criteria = tuple(site.criteria.values())
    cells = Counter((c.unit, k) for c in cases for k in c.criteria)
    per_unit = Counter(c.unit for c in cases)
    rows = tuple(CoverageRow(u, tuple(cells[u.id, k.id] for k in criteria), per_unit[u.id])
                 for u in site.units.values())
    per_criterion = Counter(k for c in cases for k in c.criteria)
    columns = tuple(per_criterion[k.id] for k in criteria)
    return Coverage(criteria, rows, columns, len(cases), heat_bounds(max(cells.values(), default=0)))


def heat_bounds(highest: int) -> tuple[int, ...]:
    """Upper bounds of HEAT_LEVELS colour levels over 1..highest: one number a level while they
    are few, else equal steps (the darkest level always holds the highest cell)."""
    if highest <= HEAT_LEVELS:
        return tuple(range(1, highest + 1))
    return tuple(-(-highest * i // HEAT_LEVELS) for i in range(1, HEAT_LEVELS + 1))


# --- the spread of practices -------------------------------------------------------------

@dataclass(frozen=True)
class Copy:
    case: Case
    parent: str  # the case it was copied from
    depth: int  # 1: copied from the practice itself; 2: from a copy of it; ...


@dataclass(frozen=True)
class Practice:
    """A case others copied (and that copies nothing published) with every copy down the chain."""

    root: Case
    copies: tuple[Copy, ...]  # by date

    @property
    def units(self) -> int:
        """Other units it reached."""
        return len({c.case.unit for c in self.copies} - {self.root.unit})

    @property
    def depth(self) -> int:
        return max(c.depth for c in self.copies)


def practices(cases: Sequence[Case]) -> list[Practice]:
    """Every replicated practice, most copied first (then the oldest)."""
    by_id = {c.id: c for c in cases}
    children: dict[str, list[Case]] = {}
    for case in cases:
        if case.replicated_from in by_id:
            children.setdefault(case.replicated_from, []).append(case)
    out = []
    for root_id in children:
        root = by_id[root_id]
        if root.replicated_from in by_id:
            continue  # a copy: counted in its practice's tree
        copies, seen, stack = [], {root_id}, [(root_id, 0)]
        while stack:  # no recursion: a long chain cannot exhaust the stack; `seen` stops a cycle
            parent, depth = stack.pop()
            for child in children.get(parent, ()):
                if child.id not in seen:
                    seen.add(child.id)
                    copies.append(Copy(child, parent, depth + 1))
                    stack.append((child.id, depth + 1))
        copies.sort(key=lambda c: (c.case.date, c.case.id))
        out.append(Practice(root, tuple(copies)))
    out.sort(key=lambda p: (-len(p.copies), p.root.date, p.root.id))
    return out
