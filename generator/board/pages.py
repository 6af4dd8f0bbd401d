"""Board -> the pages of the progress board (internal edition only).

``/progress/``: units x criteria; ``/progress/<unit>/``: every item of a unit, worst
first; ``/progress/people/``: each responsible person's open items (the list read out
at the meeting). Rendered with the site's own page renderer (pages.PageBuilder), so
escaping, links and headers are the same as everywhere else.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..messages import PROGRESS_STATES
from .board import AT_RISK, STATES, Board
from .check import EVIDENCE_FOLDER
from .schema import PROGRESS_STATUSES

if TYPE_CHECKING:
    from ..pages import Page, PageBuilder

BOARD_PATH = "progress/index.md"
PEOPLE_PATH = "progress/people.md"
BOARD_TITLE = "创建进度"

STATE_LABELS = {state: names[0] for state, names in PROGRESS_STATES.items()}  # the site is in Chinese
STATUS_LABELS = {status: STATE_LABELS[status] for status in PROGRESS_STATUSES}
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
    pages.append(builder.render_page(PEOPLE_PATH, "board_people.html", f"责任人清单 · {BOARD_TITLE}",
                                     people=board.open_by_person(), **common))
    return pages
