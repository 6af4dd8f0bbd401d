"""The three registries under cases/: units, criteria (the checklist) and tags.

Each is a YAML list of mappings. Loading one gives the valid entries in file
order, the line of each id, and every problem found; lookups resolve what a
clerk may write in a case (an id, an exact name, or for tags an alias).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Generic, TypeVar

from .config import ProjectConfig
from .errors import Problem, format_field
from .load import Map, Seq, found_params, load_yaml_file, to_data
from .messages import one_of
from .pii import check_personal_data
from .suggest import Names
from .schema import CriterionEntry, TagEntry, UnitEntry, validate_model

E = TypeVar("E", UnitEntry, CriterionEntry, TagEntry)

CHOICES = 10  # entries listed in an unknown-unit/criterion/tag message; the rest are counted

REGISTRY_FILES = {"units": "units.yml", "criteria": "criteria.yml", "tags": "tags.yml"}


@dataclass
class Registry(Generic[E]):
    file: str
    entries: dict[str, E] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    lookup: dict[str, str] = field(default_factory=dict)  # id, name or alias -> id
    index: dict[str, int] = field(default_factory=dict)  # id -> position in the file, for field paths
    field_lines: dict[str, dict[tuple, int]] = field(default_factory=dict)  # id -> line of each field

    @cached_property
    def names(self) -> Names:
        """Ids, names and aliases, for did-you-mean (built once, answers memoised)."""
        return Names(self.lookup)

    def resolve(self, written: str) -> str | None:
        return self.lookup.get(written)

    def expected(self) -> str:
        return one_of(self.entries)

    def choices(self, found: str) -> dict[str, Any]:
        """Params listing entries as (name, id), those most like ``found`` first, then in file order.

        At most CHOICES entries, whole, and how many more there are: a 10,000-tag registry gives
        a readable message in bounded time.
        """
        shown: dict[str, None] = {}
        for name in self.names.nearest(found, 2 * CHOICES):
            shown.setdefault(self.lookup[name], None)
        for entry_id in self.entries:
            if len(shown) >= CHOICES:
                break
            shown.setdefault(entry_id, None)
        listed = list(shown)[:CHOICES]
        return {"listing": [(self.entries[i].name, i) for i in listed], "more": len(self.entries) - len(listed),
                "registry": self.file}


@dataclass
class Registries:
    units: Registry[UnitEntry]
    criteria: Registry[CriterionEntry]
    tags: Registry[TagEntry]


def load_registries(config: ProjectConfig, edition: str = "internal") -> tuple[Registries, list[Problem]]:
    """The registries; personal data in them is an error for the public edition, else a warning."""
    problems: list[Problem] = []
    pii = "error" if edition == "public" else "warning"
    units = _load(config, "units", UnitEntry, problems, pii)
    criteria = _load(config, "criteria", CriterionEntry, problems, pii)
    tags = _load(config, "tags", TagEntry, problems, pii)
    _index_names(criteria, problems, lambda e: [(("name",), e.name)])
    _index_names(tags, problems, _tag_names)
    _check_parents(units, problems)
    return Registries(units, criteria, tags), problems


def _load(config: ProjectConfig, kind: str, model: type[E], problems: list[Problem], pii: str) -> Registry[E]:
    rel = f"cases/{REGISTRY_FILES[kind]}"
    registry: Registry[E] = Registry(rel)
    path = config.root / rel
    if not path.exists():  # a pipe or a folder of that name is read_text's not-regular-file
        problems.append(Problem(rel, None, None, "missing-registry", params={"name": rel}))
        return registry
    node, found = load_yaml_file(path, rel, config.max_case_bytes)
    problems.extend(found)
    if node is None:
        if not found:  # an empty file: say so rather than silently knowing nothing
            problems.append(Problem(rel, 1, None, "registry-not-list", params=found_params(None)))
        return registry
    if not isinstance(node, Seq):
        problems.append(Problem(rel, node.line, None, "registry-not-list", params=found_params(node)))
        return registry
    for i, item in enumerate(node.items):
        if not isinstance(item, Map):
            problems.append(Problem(rel, item.line, f"[{i}]", "not-mapping", params=found_params(item)))
            continue
        strings: list[tuple[tuple, str]] = []
        data, lines = to_data(item, (i,), strings)
        # names, slogans, contacts and descriptions are shown on the pages of every edition
        problems.extend(check_personal_data(rel, data, lines, "", 1, strings, severity=pii, registry=True))
        entry, found = validate_model(model, data, rel, lines, item.line, prefix=(i,))
        problems.extend(found)
        if entry is None:
            continue
        if entry.id in registry.entries:
            problems.append(Problem(rel, item.line, f"[{i}].id", "duplicate-id",
                                    params={"found": entry.id, "first_line": registry.lines[entry.id]}))
            continue
        registry.entries[entry.id] = entry
        registry.lines[entry.id] = item.line
        registry.index[entry.id] = i
        registry.field_lines[entry.id] = lines
        registry.lookup[entry.id] = entry.id
    return registry


def _tag_names(tag: TagEntry) -> list[tuple[tuple, str]]:
    """(path within the entry, name) of a tag's name and each alias."""
    return [(("name",), tag.name), *((("aliases", j), alias) for j, alias in enumerate(tag.aliases or []))]


def _index_names(registry: Registry, problems: list[Problem], names_of) -> None:
    """Make names (and aliases) resolvable; a name may mean only one entry."""
    for entry_id, entry in registry.entries.items():
        i = registry.index[entry_id]
        for path, name in names_of(entry):
            owner = registry.lookup.get(name)
            if owner is not None and owner != entry_id:
                where = (i, *path)
                line = registry.field_lines[entry_id].get(where, registry.lines[entry_id])
                problems.append(Problem(registry.file, line, format_field(where), "duplicate-name",
                                        params={"found": name, "other": owner}))
            else:
                registry.lookup[name] = entry_id


def _check_parents(units: Registry[UnitEntry], problems: list[Problem]) -> None:
    for unit_id, unit in units.entries.items():
        if unit.parent is not None and unit.parent not in units.entries:
            problems.append(Problem(units.file, _parent_line(units, unit_id), _parent_field(units, unit_id),
                                    "unknown-parent", params={"found": unit.parent, **units.choices(unit.parent)}))
    reported: set[str] = set()
    for start in units.entries:
        chain, current = [start], units.entries[start].parent
        while current in units.entries and current not in chain:
            chain.append(current)
            current = units.entries[current].parent
        if current == start and start not in reported:
            reported.update(chain)
            cycle = " → ".join(chain + [start])
            problems.append(Problem(units.file, _parent_line(units, start), _parent_field(units, start),
                                    "parent-cycle", params={"cycle": cycle}))


def _parent_field(units: Registry[UnitEntry], unit_id: str) -> str | None:
    return format_field((units.index[unit_id], "parent"))


def _parent_line(units: Registry[UnitEntry], unit_id: str) -> int:
    return units.field_lines[unit_id].get((units.index[unit_id], "parent"), units.lines[unit_id])
