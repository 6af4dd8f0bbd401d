"""Static pagination of the case lists (/cases/, a unit's, a criterion's, a tag's cases).

A list of any length is cut into pages of PAGE_SIZE cases, so no page grows with the
number of cases. Page 1 stays at the list's own URL (``units/x/``); page n >= 2 lives at
``<list URL>page/<n>/`` (source ``units/x/page/2.md``). Unit, criterion and tag pages own
their folder (``units/x/`` holds nothing else), and no case can be called "page" (a
reserved id, schema.RESERVED_IDS), so ``cases/page/`` is free too.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence, TypeVar

PAGE_SIZE = 50  # cases per list page: a page of 50 cards is about 60 KB of HTML
NEIGHBOURS = 2  # page numbers shown either side of the current one

T = TypeVar("T")


@dataclass(frozen=True)
class Pager:
    """Where one page sits in a paginated list; what the pager macro shows."""

    list_url: str  # directory URL of page 1, e.g. "units/x/"
    number: int  # this page, from 1
    count: int  # pages in the list
    total: int  # items in the list
    size: int = PAGE_SIZE

    @property
    def first(self) -> int:
        """1-based position of this page's first item."""
        return (self.number - 1) * self.size + 1

    @property
    def last(self) -> int:
        return min(self.number * self.size, self.total)

    def url(self, number: int) -> str:
        """Directory URL of page ``number``."""
        return self.list_url if number == 1 else f"{self.list_url}page/{number}/"

    @property
    def window(self) -> list[int | None]:
        """Page numbers to show: the first, the last and the current one with its neighbours;
        None marks a gap. A gap of one page shows that page instead ("1 2 3", not "1 … 3")."""
        shown = {1, self.count, *range(self.number - NEIGHBOURS, self.number + NEIGHBOURS + 1)}
        numbers = sorted(n for n in shown if 1 <= n <= self.count)
        out: list[int | None] = []
        previous = 0
        for n in numbers:
            if n - previous == 2:
                out.append(n - 1)
            elif n - previous > 2:
                out.append(None)
            out.append(n)
            previous = n
        return out


def page_path(list_path: str, list_url: str, number: int) -> str:
    """Source path of page ``number`` of the list whose page 1 is ``list_path`` at ``list_url``."""
    return list_path if number == 1 else f"{list_url}page/{number}.md"


def paginate(items: Sequence[T], list_url: str, size: int = PAGE_SIZE) -> list[tuple[Sequence[T], Pager]]:
    """The items cut into pages, each with its Pager; an empty list is one empty page."""
    count = max(1, -(-len(items) // size))
    return [(items[(n - 1) * size:n * size], Pager(list_url, n, count, len(items), size))
            for n in range(1, count + 1)]
