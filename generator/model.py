"""Frozen objects built only from validated data: the Site and what it holds.

``build_site`` decides which cases are published: an edition's build shows
approved cases only; a preview (``casebook serve``) also shows drafts and
submitted cases, flagged so pages can mark them. It also decides which units,
checklist items and tags exist in an edition: the internal one has every entry
of the registries; the public one only those with a case published in it, so no
page, link, filter or search record tells the public about a unit, an item or a
tag with nothing public (nor, by its absence, what a unit has not done).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Literal

from .schema import Brand, Contact, Result
from .validate import Project

Edition = Literal["internal", "public"]
EDITIONS: tuple[str, ...] = ("internal", "public")


@dataclass(frozen=True)
class Unit:
    id: str
    name: str
    parent: str | None
    brand: Brand | None
    contact: Contact | None


@dataclass(frozen=True)
class Criterion:
    id: str
    name: str
    description: str


@dataclass(frozen=True)
class Tag:
    id: str
    name: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Case:
    id: str
    unit: str
    file: str
    title: str
    date: dt.date
    criteria: tuple[str, ...]
    tags: tuple[str, ...]
    status: str
    visibility: str
    summary: str
    contacts: tuple[Contact, ...]
    results: tuple[Result, ...]
    replicated_from: str | None
    related: tuple[str, ...]
    body: str
    body_line: int

    @property
    def year(self) -> int:
        return self.date.year

    @property
    def is_draft(self) -> bool:
        return self.status != "approved"


@dataclass(frozen=True)
class CollectionItem:
    case: str
    note: str | None


@dataclass(frozen=True)
class CollectionSection:
    title: str | None  # None: a collection without sections
    items: tuple[CollectionItem, ...]


@dataclass(frozen=True)
class Collection:
    id: str
    title: str
    date: dt.date
    intro: str
    cover: str | None  # path inside cases/collections/<id>/
    visibility: str
    sections: tuple[CollectionSection, ...]

    @property
    def items(self) -> list[CollectionItem]:
        return [item for section in self.sections for item in section.items]


@dataclass(frozen=True)
class Site:
    units: dict[str, Unit]
    criteria: dict[str, Criterion]
    tags: dict[str, Tag]
    cases: tuple[Case, ...]  # newest first
    edition: Edition = "internal"
    preview: bool = False
    sections: tuple[str, ...] = ()
    by_id: dict[str, Case] = field(default_factory=dict, compare=False)
    collections: tuple[Collection, ...] = ()  # newest first
    criteria_total: int = 0  # checklist items in the registry (``criteria`` holds this edition's only)

    def collections_of(self, case_id: str) -> list[Collection]:
        return [k for k in self.collections if any(i.case == case_id for i in k.items)]

    def case(self, case_id: str) -> Case | None:
        return self.by_id.get(case_id)

    def cases_of_unit(self, unit_id: str) -> list[Case]:
        return [c for c in self.cases if c.unit == unit_id]

    def cases_with_criterion(self, criterion_id: str) -> list[Case]:
        return [c for c in self.cases if criterion_id in c.criteria]

    def cases_with_tag(self, tag_id: str) -> list[Case]:
        return [c for c in self.cases if tag_id in c.tags]

    def children(self, unit_id: str | None) -> list[Unit]:
        return [u for u in self.units.values() if u.parent == unit_id]

    def replicated_by(self, case_id: str) -> list[Case]:
        return [c for c in self.cases if c.replicated_from == case_id]


def is_published(status: str, visibility: str, edition: Edition, preview: bool) -> bool:
    """Visibility fails closed: only the exact value 'public' reaches the public edition."""
    if edition == "public" and visibility != "public":
        return False
    return status == "approved" or preview


def build_site(project: Project, edition: Edition = "internal", preview: bool = False) -> Site:
    """The published Site; ``project`` must have validated without errors."""
    regs = project.registries
    units = {  # a unit's contact person, like a case's, stays on the intranet
        u.id: Unit(u.id, u.name, u.parent, u.brand, u.contact if edition == "internal" else None)
        for u in regs.units.entries.values()
    }
    criteria = {c.id: Criterion(c.id, c.name, c.description) for c in regs.criteria.entries.values()}
    tags = {t.id: Tag(t.id, t.name, tuple(t.aliases or ())) for t in regs.tags.entries.values()}
    cases = []
    for source in project.cases:
        front = source.front
        if front is None or not is_published(front.status, front.visibility, edition, preview):
            continue
        cases.append(Case(
            id=source.id,
            unit=source.unit,
            file=source.file,
            title=front.title,
            date=dt.date.fromisoformat(front.date),
            criteria=source.criteria,
            tags=source.tags,
            status=front.status,
            visibility=front.visibility,
            summary=front.summary,
            contacts=tuple(front.contacts or ()) if edition == "internal" else (),
            results=tuple(front.results or ()),
            replicated_from=front.replicated_from,
            related=tuple(front.related or ()),
            body=source.body,
            body_line=source.body_line,
        ))
    cases.sort(key=lambda c: (c.date, c.id), reverse=True)
    published = {c.id: c for c in cases}
    # Links to cases that are not published in this build are dropped, never left dead.
    cases = [
        _replace_links(c, published) for c in cases
    ]
    by_id = {c.id: c for c in cases}
    collections = _collections(project, edition, by_id)
    criteria_total = len(criteria)
    if edition == "public":
        units = _units_with_cases(units, {c.unit for c in cases})
        used_criteria = {k for c in cases for k in c.criteria}
        used_tags = {t for c in cases for t in c.tags}
        criteria = {k: v for k, v in criteria.items() if k in used_criteria}
        tags = {k: v for k, v in tags.items() if k in used_tags}
    return Site(units, criteria, tags, tuple(cases), edition, preview, project.config.sections, by_id, collections,
                criteria_total)


def _units_with_cases(units: dict[str, Unit], with_cases: set[str]) -> dict[str, Unit]:
    """The units that have a case, each under its nearest ancestor that has one too (or at the top).

    A unit with nothing public has no page; its sub-units move up so that every ``parent``
    names a unit of the edition and the unit tree stays whole.
    """
    def kept_parent(unit: Unit) -> str | None:
        parent, seen = unit.parent, {unit.id}
        while parent is not None and parent not in with_cases and parent in units and parent not in seen:
            seen.add(parent)
            parent = units[parent].parent
        return parent if parent in with_cases else None

    return {u.id: replace(u, parent=kept_parent(u)) for u in units.values() if u.id in with_cases}


def _collections(project: Project, edition: Edition, published: dict[str, Case]) -> tuple[Collection, ...]:
    """Collections of this edition, holding only cases published in it."""
    out = []
    for source in project.collections:
        front = source.front
        if edition == "public" and front.visibility != "public":
            continue
        groups = [(None, front.items)] if front.items is not None else [(s.title, s.items) for s in front.sections or ()]
        sections = tuple(
            CollectionSection(title, tuple(CollectionItem(i.case, i.note) for i in items if i.case in published))
            for title, items in groups
        )
        out.append(Collection(source.id, front.title, dt.date.fromisoformat(front.date), front.intro, front.cover,
                              front.visibility, tuple(s for s in sections if s.items)))
    out.sort(key=lambda k: (k.date, k.id), reverse=True)
    return tuple(out)


def _replace_links(case: Case, published: dict[str, Case]) -> Case:
    return replace(
        case,
        replicated_from=case.replicated_from if case.replicated_from in published else None,
        related=tuple(r for r in case.related if r in published),
    )
