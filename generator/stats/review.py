"""The review queue: how many cases wait for review, and for how long (internal edition only).

An edition's build holds approved cases only, so these counts come from the validated
project, not from the site: numbers and ages, never a draft's id, title or date. The age
of a submitted case is counted from its date (the case files carry no submission date).
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

STATUS_ORDER = ("approved", "submitted", "draft")


@dataclass(frozen=True)
class Waiting:
    """A unit's cases that are not approved yet."""

    unit: str
    submitted: int
    draft: int
    oldest: int | None  # days the unit's oldest submitted case has waited (from its date)


@dataclass(frozen=True)
class ReviewQueue:
    as_of: dt.date
    counts: Counter  # status -> cases
    oldest: int | None  # days the oldest submitted case has waited, None when none waits
    units: tuple[Waiting, ...]  # units with a case not approved, the longest wait first

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def review_of(project, edition: str, as_of: dt.date) -> ReviewQueue | None:
    """The queue of a validated project (validate.Project) in the internal edition; None in the public one."""
    if edition != "internal":
        return None
    counts: Counter = Counter()
    waiting: dict[str, list] = {}
    for source in project.cases:
        front = source.front
        if front is None:
            continue
        counts[front.status] += 1
        if front.status != "approved":
            entry = waiting.setdefault(source.unit, [0, 0, None])
            if front.status == "submitted":
                entry[0] += 1
                age = max(0, (as_of - dt.date.fromisoformat(front.date)).days)
                entry[2] = age if entry[2] is None else max(entry[2], age)
            else:
                entry[1] += 1
    order = {u: i for i, u in enumerate(project.registries.units.entries)}
    units = sorted((Waiting(u, s, d, age) for u, (s, d, age) in waiting.items()),
                   key=lambda w: (w.oldest is None, -(w.oldest or 0), -w.submitted, order.get(w.unit, 0)))
    oldest = max((w.oldest for w in units if w.oldest is not None), default=None)
    return ReviewQueue(as_of, counts, oldest, tuple(units))
