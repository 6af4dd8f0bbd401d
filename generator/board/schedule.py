"""The backward schedule (倒排工期): each item's due date and latest start.

An item must be finished by its milestone (``before``, default the acceptance date):
its due date is the last working day on or before that date, and its latest start
the working day from which ``days`` working days end on the due date. Working days
are Monday to Friday, less the campaign's ``holidays``, plus its ``workdays`` (the
weekends worked in exchange for a holiday, 调休): what the bureau's own wall
calendar says, which no library knows for years not yet announced.
"""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

ONE_DAY = dt.timedelta(days=1)
SEARCH_LIMIT = 366 * 20  # a calendar with no working day at all must not loop for ever


@dataclass(frozen=True)
class WorkCalendar:
    holidays: frozenset[dt.date] = frozenset()
    workdays: frozenset[dt.date] = frozenset()

    def is_workday(self, day: dt.date) -> bool:
        if day in self.workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def last_workday_on_or_before(self, day: dt.date) -> dt.date:
        for _ in range(SEARCH_LIMIT):
            if self.is_workday(day):
                return day
            day -= ONE_DAY
        raise ValueError("no working day in twenty years")

    @functools.lru_cache(maxsize=4096)  # noqa: B019 - calendars live as long as the run; 8,000 tasks share few dates
    def start_for(self, due: dt.date, days: int) -> dt.date:
        """The latest day to start ``days`` working days of work that end on ``due`` (a working day)."""
        day = self.last_workday_on_or_before(due)
        for _ in range(days - 1):
            day = self.last_workday_on_or_before(day - ONE_DAY)
        return day


@dataclass(frozen=True)
class Slot:
    """When one assessment item is due and when its work must start at the latest."""

    due: dt.date
    latest_start: dt.date


def schedule(calendar: WorkCalendar, deadline: dt.date, days: int) -> Slot:
    due = calendar.last_workday_on_or_before(deadline)
    return Slot(due, calendar.start_for(due, days))
