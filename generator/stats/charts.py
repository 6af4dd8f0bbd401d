"""Figures -> the geometry of the SVG charts of /stats/; templates/_charts.html draws it.

Why our own SVG and not a chart library (measured 2026-12, Python 3.11, in a fresh venv):
- pygal 3.1.3 (1.3 MB, pure Python) sizes every label at 0.6 em a character, so Chinese
  unit names (1 em a character) run out of the chart's left edge and are cut; even with
  js=[] and css=[] it writes a <script> with its whole configuration, a <style> block, a
  comment with the day of the build and per-label <title>s with raw floats
  ("0.1666666667"); there is no role="img"; one chart type per chart (no columns with a
  running-total line). Fixing all that is rewriting its output.
- matplotlib 3.11 (with numpy, pillow, fonttools, kiwisolver: about 150 MB installed, 1.5-2.3 s
  to import, about 0.2 s a chart) is deterministic with svg.hashsalt and metadata={'Date': None},
  keeps text as text with svg.fonttype none, but lays Chinese text out with whatever CJK font
  the build machine has (none on a fresh Linux server: labels measured as missing glyphs),
  writes colours and sizes inline (no theme palette, no print style), scales text with the
  picture (unreadable on a 390 px phone) and has no role="img" either.
- networkx's layouts (spring, multipartite) need numpy; the replication graph reads better as
  a time line anyway: a lane per unit, time across, an arrow from each practice to its copy.
So the shapes here are drawn by templates: x positions and widths in percent of the width
(the chart fills any screen and its text stays at the page's size: no viewBox scaling),
y in pixels, colours by CSS class from the theme's palette (casebook.css), text as SVG text in
the page's font. Every number is formatted here with fixed precision, so two builds are
byte-identical.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Sequence

from ..model import Site
from .figures import Practice, Timeline

ROW = 40  # px per bar: its label above, the bar below
BAR_SPAN = 84.0  # % of the width the longest bar takes, leaving room for its number
INSIDE = 50.0  # % from which a bar holds its number (a phone's half width holds "12/345（100%）")
PLOT = 180  # px: the height of the columns' plot
AXIS_TOP, AXIS_BOTTOM = 24, 44
LANE = 36  # px per unit lane of the replication graph
TOP_PRACTICES = 30  # practices drawn; the others are a table
LANES = 20  # unit lanes drawn; the units beyond share one lane
COPIES_DRAWN = 25  # copies of one practice drawn (the earliest); all are in the table
YEAR_LABELS = 12  # at most this many year labels on a time axis


def pct(x: float) -> str:
    return f"{x:.2f}%"


def num(x: float) -> str:
    return f"{x:.1f}"


@dataclass(frozen=True)
class Bar:
    label: str
    text: str  # the number printed after the bar (inside it when the bar is long)
    width: str  # of the bar, in percent
    inside: bool  # the number is printed inside the bar, at its end
    y: int  # top of its row
    href: str | None  # site path the label links to
    kind: str  # CSS modifier of the bar


@dataclass(frozen=True)
class BarChart:
    id: str
    bars: tuple[Bar, ...]

    @property
    def height(self) -> int:
        return len(self.bars) * ROW + 4


def bar_chart(chart_id: str, rows: Sequence[tuple[str, float, str, str | None, str]],
              highest: float | None = None) -> BarChart:
    """Rows: (label, value, text, href, kind); the full span is ``highest``, by default the largest value."""
    highest = highest or max((value for _l, value, *_ in rows), default=0) or 1
    bars = []
    for i, (label, value, text, href, kind) in enumerate(rows):
        width = value / highest * BAR_SPAN
        if value and width < .3:
            width = .3  # a case is never an invisible bar
        bars.append(Bar(label, text, pct(width), width >= INSIDE, i * ROW, href, kind))
    return BarChart(chart_id, tuple(bars))


# --- columns over time ---------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    x: str
    width: str
    y: str
    height: str
    note: str


@dataclass(frozen=True)
class ColumnChart:
    id: str
    columns: tuple[Column, ...]
    ticks: tuple[tuple[str, int], ...]  # (y, count) of each gridline
    line: str  # polyline points of the running total, in a 1000-wide viewBox of the plot
    total: int
    total_y: str  # the line's last point
    years: tuple[tuple[str, str], ...]  # (x, label)
    months: tuple[tuple[str, str], ...]  # (x of the column's middle, label): few columns only
    plot: int = PLOT
    top: int = AXIS_TOP

    @property
    def height(self) -> int:
        return AXIS_TOP + PLOT + AXIS_BOTTOM


def nice_step(highest: int, ticks: int = 4) -> int:
    """A step of 1, 2 or 5 times a power of ten giving about ``ticks`` gridlines up to ``highest``."""
    raw = max(highest, 1) / ticks
    power = 1
    while power * 10 <= raw:
        power *= 10
    return next(power * m for m in (1, 2, 5, 10) if power * m >= raw)


def column_chart(chart_id: str, line: Timeline) -> ColumnChart:
    periods = line.periods
    n = max(len(periods), 1)
    step = nice_step(max((p.value for p in periods), default=0))
    top = max(step, -(-max((p.value for p in periods), default=0) // step) * step)
    slot = 100 / n
    columns, points = [], []
    total = periods[-1].total if periods else 0
    for i, p in enumerate(periods):
        h = p.value / top * PLOT
        columns.append(Column(pct(i * slot + slot * .15), pct(slot * .7), num(AXIS_TOP + PLOT - h), num(h),
                              f"{p.label}：{p.value} 个，累计 {p.total} 个"))
        points.append(f"{num((i + .5) * slot * 10)},{num(PLOT - p.total / (total or 1) * (PLOT - 8))}")
    ticks = tuple((num(AXIS_TOP + PLOT - v / top * PLOT), v) for v in range(0, top + 1, step))
    years = [(i, p) for i, p in enumerate(periods) if i == 0 or p.start.month == 1]
    every = max(1, -(-len(years) // YEAR_LABELS))
    year_labels = tuple((pct(i * slot), str(p.start.year)) for i, p in years[::every])
    months = ()
    if line.step == "month" and n <= 18:
        months = tuple((pct((i + .5) * slot), f"{p.start.month}月") for i, p in enumerate(periods))
    total_y = num(AXIS_TOP + PLOT - (PLOT - 8)) if total else num(AXIS_TOP + PLOT)
    return ColumnChart(chart_id, tuple(columns), ticks, " ".join(points), total, total_y, year_labels, months)


# --- the spread of practices -----------------------------------------------------------

@dataclass(frozen=True)
class Lane:
    label: str
    href: str | None
    y: int  # the lane's line (nodes sit on it)


@dataclass(frozen=True)
class Node:
    x: str
    y: int
    r: int
    href: str
    rank: str  # a practice's number in the table, on its node; "" for a copy
    kind: str  # "root", "copy" or "chain" (a copy of a copy)
    note: str  # tooltip: unit, title, date


@dataclass(frozen=True)
class Edge:
    x1: str
    y1: int
    x2: str
    y2: int


@dataclass(frozen=True)
class Spread:
    """One practice as drawn: its arrows, then its copies, then its numbered node (on top)."""

    edges: tuple[Edge, ...]
    nodes: tuple[Node, ...]


@dataclass(frozen=True)
class Graph:
    id: str
    lanes: tuple[Lane, ...]
    practices: tuple[Spread, ...]  # the most copied last: drawn on top
    years: tuple[tuple[str, str], ...]

    @property
    def height(self) -> int:
        return AXIS_TOP + len(self.lanes) * LANE + 8


GUTTER = 18.0  # % of the width left of the time axis for the lanes' unit names
PLOT_END = 97.0


def replication_graph(chart_id: str, site: Site, shown: Sequence[Practice]) -> Graph:
    """A lane per unit (the LANES units with most nodes; the rest share the last lane), time
    across, a numbered node per practice and a node per copy, an arrow from what was copied.
    Each practice is a group: pointing at one of its nodes brings it forward (casebook.css)."""
    drawn = [(p.root, None, rank) for rank, p in enumerate(shown, 1)]
    for p in shown:
        drawn += [(c.case, c, 0) for c in p.copies[:COPIES_DRAWN]]
    if not drawn:
        return Graph(chart_id, (), (), ())
    per_unit: dict[str, list] = {}
    for case, _copy, _rank in drawn:
        per_unit.setdefault(case.unit, []).append(case.date)
    busiest = sorted(per_unit, key=lambda u: (-len(per_unit[u]), min(per_unit[u]), u))[:LANES]
    own = sorted(busiest, key=lambda u: (min(per_unit[u]), u))  # lanes in the order units joined in
    rest = len(per_unit) > len(own)
    lane_of = {u: i for i, u in enumerate(own)}
    lanes = [Lane(site.units[u].name, f"units/{u}/", AXIS_TOP + i * LANE + 24) for i, u in enumerate(own)]
    if rest:
        lanes.append(Lane(f"其他 {len(per_unit) - len(own)} 个单位", None, AXIS_TOP + len(own) * LANE + 24))
    low = min(case.date for case, _c, _r in drawn)
    high = max(case.date for case, _c, _r in drawn)
    low, high = dt.date(low.year, 1, 1), dt.date(high.year + 1, 1, 1)  # whole years: the axis reads in years
    span = (high - low).days

    def x_of(day: dt.date) -> float:
        return GUTTER + (day - low).days / span * (PLOT_END - GUTTER)

    def node(case, copy, rank) -> tuple[float, Node]:
        lane = lanes[lane_of.get(case.unit, len(lanes) - 1)]
        x = x_of(case.date)
        kind = "root" if copy is None else "copy" if copy.depth == 1 else "chain"
        note = f"{site.units[case.unit].name}：{case.title}（{case.date.year}年{case.date.month}月{case.date.day}日）"
        return x, Node(pct(x), lane.y, 9 if copy is None else 5, f"cases/{case.id}/", str(rank) if rank else "",
                       kind, note)

    groups = []
    for rank, practice in enumerate(shown, 1):
        x, root = node(practice.root, None, rank)
        where = {practice.root.id: (x, root.y)}
        copies = []
        for copy in practice.copies[:COPIES_DRAWN]:
            x, made = node(copy.case, copy, 0)
            where[copy.case.id] = (x, made.y)
            copies.append(made)
        edges = tuple(Edge(pct(where[c.parent][0]), where[c.parent][1], pct(where[c.case.id][0]), where[c.case.id][1])
                      for c in practice.copies[:COPIES_DRAWN] if c.parent in where)
        groups.append(Spread(edges, (*copies, root)))
    years = [(pct(x_of(dt.date(y, 1, 1))), str(y)) for y in range(low.year, high.year)]
    every = max(1, -(-len(years) // YEAR_LABELS))
    return Graph(chart_id, tuple(lanes), tuple(reversed(groups)), tuple(years[::every]))
