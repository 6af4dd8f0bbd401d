"""Board -> the pages of the progress board (internal edition only).

``/progress/``: units x criteria; ``/progress/<unit>/``: every item of a unit, worst
first; ``/progress/people/``: each responsible person's open items (the list read out
at the meeting). Rendered with the site's own page renderer (pages.PageBuilder), so
escaping, links and headers are the same as everywhere else.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..messages import PROGRESS_STATES
from ..paging import page_path, paginate
from .board import AT_RISK, STATES, Board
from .check import EVIDENCE_FOLDER
from .schema import PROGRESS_STATUSES

if TYPE_CHECKING:
    from ..pages import Page, PageBuilder

BOARD_PATH = "progress/index.md"
PEOPLE_PATH = "progress/people.md"
PEOPLE_URL = "progress/people/"  # a unit may not be called "people" (schema.RESERVED_IDS)
PEOPLE_UNITS = 20  # units per page of the meeting list
BOARD_TITLE = "创建进度"

STATE_LABELS = {state: names[0] for state, names in PROGRESS_STATES.items()}  # the site is in Chinese
STATUS_LABELS = {status: STATE_LABELS[status] for status in PROGRESS_STATUSES}
BEHIND = frozenset({"overdue", "late-start"})  # a unit is behind on a criterion when an item is in one of these
# Wide-screen pages: the table needs the width the side bars would take (mkdocs-material's `hide`).
WIDE = {"hide": ["navigation", "toc"]}


def unit_path(unit: str) -> str:
    return f"progress/{unit}.md"


def board_pages(builder: PageBuilder, board: Board) -> list[Page]:
    """The three kinds of board page; evidence files are published next to their unit's page."""
    site = builder.site
    common: dict[str, Any] = {"board": board, "state_labels": STATE_LABELS, "status_labels": STATUS_LABELS,
                              "states": STATES, "at_risk": AT_RISK}
    pages = [builder.render_page(BOARD_PATH, "board.html", BOARD_TITLE, meta=WIDE, **common)]
    for unit in board.units.values():
        name = site.units[unit.unit].name
        for task in unit.tasks:
            for evidence in task.evidence:
                if evidence.case is None:
                    written = evidence.written.removeprefix(f"{EVIDENCE_FOLDER}/")
                    builder.copy_file(f"progress/{unit.unit}/{written}",
                                      builder.cases_root / unit.unit / EVIDENCE_FOLDER, written)
        pages.append(builder.render_page(unit_path(unit.unit), "board_unit.html", f"{name} · {BOARD_TITLE}",
                                         meta=WIDE, unit=unit, **common))
    # The meeting list, PEOPLE_UNITS units a page: a province's 200 units in one page would be a megabyte.
    by_unit: dict[str, list] = {}
    for unit, person, tasks in board.open_by_person():
        by_unit.setdefault(unit, []).append((unit, person, tasks))
    for chunk, pager in paginate(list(by_unit.values()), PEOPLE_URL, PEOPLE_UNITS):
        title = "责任人清单" if pager.number == 1 else f"责任人清单（第 {pager.number} 页）"
        pages.append(builder.render_page(page_path(PEOPLE_PATH, PEOPLE_URL, pager.number), "board_people.html",
                                         f"{title} · {BOARD_TITLE}", people=[g for groups in chunk for g in groups],
                                         pager=pager, **common))
    return pages
