"""Raw project files -> every Problem in them, plus the validated data.

Never raises for bad content: each check appends Problems and carries on, so
one run reports everything. References are checked on the raw data where its
shape allows, so a case with a missing title still gets its unknown tags
reported.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .board.check import CAMPAIGN_FILE, EVIDENCE_FOLDER, PROGRESS_FILE, BoardSource, check_board
from .body import HINT_MARK, BodyView, check_sections, read_body
from .collection import validate_collections
from .config import ProjectConfig
from .errors import Problem, Report, format_field
from .forked import forked_map
from .load import (SEPARATORS, Map, flow_list, found_params, hidden_extension, load_case, not_regular_file,
                   source_files, special_entry, split_items, to_data)
from .messages import did_you_mean
from .nesting import check_nesting
from .registry import REGISTRY_FILES, Registries, Registry, load_registries
from .pii import check_file_names, check_personal_data
from .safety import check_attachment_files, check_body, find_symlinks
from .suggest import Names, closest
from .schema import CaseFront, id_problem, reserved_id_problem, validate_model
from .written import WrittenPage, read_written_pages

CheckMemo = Callable[[tuple[str, Path, str], Callable[[], "tuple[CaseSource | None, list[Problem]]"]],
                     "tuple[CaseSource | None, list[Problem]]"]
RESERVED_FOLDERS = frozenset({"collections"})
BOARD_ENTRIES = frozenset({PROGRESS_FILE, EVIDENCE_FOLDER})  # a unit folder's progress, checked by board/check.py
CASE_SUFFIX = ".md"


@dataclass
class CaseSource:
    """One case file as read: valid front matter (or None), body and lines."""

    id: str
    unit: str
    file: str
    data: dict[str, Any]
    lines: dict[tuple, int]
    body: str
    body_line: int
    front: CaseFront | None = None
    criteria: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()


@dataclass
class Project:
    config: ProjectConfig
    registries: Registries
    cases: list[CaseSource] = field(default_factory=list)
    collections: list = field(default_factory=list)  # collection.CollectionSource
    pages: dict[str, WrittenPage] = field(default_factory=dict)  # hand-written pages, by path in docs/
    board: BoardSource | None = None  # the campaign and every unit's progress; None without campaign.yml
    case_ids: frozenset[str] = frozenset()  # every case file's id, readable or not (a Names: did-you-mean)


def validate_project(config: ProjectConfig, edition: str = "internal", forked: bool = False,
                     memo: CheckMemo | None = None, as_of: dt.date | None = None) -> tuple[Report, Project]:
    """Every problem of the project; ``edition`` decides checks that differ between editions.

    ``as_of``: the date the progress board is judged on (board/asof.py); today when not given.
    ``forked``: check the cases on every core (see forked.py); only for a process without threads.
    ``memo(file, check)``: returns a case file's earlier result or ``check()`` (`casebook serve`).
    """
    report = Report()
    registries, problems = load_registries(config, edition)
    report.extend(problems)
    project = Project(config, registries)
    files = _case_files(config, registries, report)
    report.cases = len(files)

    def check(file: tuple[str, Path, str]) -> tuple[CaseSource | None, list[Problem]]:
        if memo is not None:
            return memo(file, lambda: _check_case(config, registries, *file))
        return _check_case(config, registries, *file)

    for case, problems in (forked_map(check, files) if forked else map(check, files)):
        report.extend(problems)
        if case is not None:
            project.cases.append(case)
    report.extend(_check_case_references(project.cases, files))
    by_id = {c.id: c for c in project.cases}
    case_ids = project.case_ids = Names(path.stem for _u, path, _r in files)
    project.collections, problems = validate_collections(config, by_id, case_ids, edition)
    report.extend(problems)
    project.board, problems = check_board(config, registries, by_id, case_ids, as_of or dt.date.today(), forked)
    report.extend(problems)
    project.pages, problems = read_written_pages(config.docs_dir, config.root)
    report.extend(problems)
    return report, project


# --- the folder layout -------------------------------------------------------

def _case_files(config: ProjectConfig, registries: Registries, report: Report) -> list[tuple[str, Path, str]]:
    """(unit id, path, relative path) of every case file, in a stable order."""
    root = config.cases_dir
    if not root.is_dir():
        report.add(Problem("cases", None, None, "missing-registry", params={"name": "cases/"}))
        return []
    for link in find_symlinks(root):
        found = link.relative_to(config.root).as_posix()
        report.add(Problem(found, None, None, "symlink", params={"found": found}))
    files = []
    for entry in sorted(root.iterdir()):
        rel = f"cases/{entry.name}"
        if entry.name.startswith(".") or entry.is_symlink():
            continue
        if entry.name in REGISTRY_FILES.values() and not entry.is_file():
            continue  # a folder or pipe named units.yml: load_registries reports it
        if special_entry(entry) is not None:  # a pipe, socket or device: never opened
            report.add(not_regular_file(rel, os.lstat(entry).st_mode))
            continue
        if entry.is_file():
            hidden = hidden_extension(entry.name, (".yml", ".yaml"), rel=rel)
            if hidden is not None and hidden.params["suggestion"] in (*REGISTRY_FILES.values(), CAMPAIGN_FILE):
                report.add(hidden)  # units.yml.txt, saved by Notepad
            elif entry.name not in (*REGISTRY_FILES.values(), CAMPAIGN_FILE):
                report.add(Problem(rel, None, None, "stray-file", "warning", params={"found": rel}))
            continue
        if entry.name in RESERVED_FOLDERS:
            continue
        if not _check_unit_folder(entry.name, rel, registries.units, report):
            continue
        files.extend(_unit_case_files(entry, rel, report))
    return files


def _check_unit_folder(name: str, rel: str, units: Registry, report: Report) -> bool:
    problem = id_problem(name)
    if problem:
        report.add(Problem(rel, None, None, problem[0], params=problem[1]))
        return False
    if name not in units.entries:
        params = {"found": name, **units.choices(name)}
        params.update(did_you_mean(closest(name, units.entries)))
        report.add(Problem(rel, None, None, "unknown-unit", params=params))
        return False
    return True


def _unit_case_files(folder: Path, rel_folder: str, report: Report) -> list[tuple[str, Path, str]]:
    files, problems = source_files(folder, rel_folder, CASE_SUFFIX, (".md", ".markdown"), "case-extension", b"---",
                                   owned=BOARD_ENTRIES)
    report.extend(problems)
    return [(folder.name, path, rel) for path, rel in files]


# --- one case ------------------------------------------------------------------

def _check_case(config: ProjectConfig, registries: Registries, unit_id: str, path: Path, rel: str
                ) -> tuple[CaseSource | None, list[Problem]]:
    problems: list[Problem] = []
    id_issue = id_problem(path.stem, unit=unit_id) or reserved_id_problem(path.stem, "cases")
    if id_issue:
        problems.append(Problem(rel, None, None, id_issue[0], params=id_issue[1]))
    doc = load_case(path, rel, config.max_case_bytes)
    problems.extend(doc.problems)
    if doc.front is None and not doc.problems:  # "---" then "---": no fields at all
        doc.front = Map({}, 1)
    if doc.front is None:
        return None, problems
    if not isinstance(doc.front, Map):
        problems.append(Problem(rel, doc.front.line, None, "not-mapping", params=found_params(doc.front)))
        return None, problems
    strings: list[tuple[tuple, str]] = []
    data, lines = to_data(doc.front, strings=strings)
    front, found = validate_model(CaseFront, data, rel, lines, missing_line=1)
    problems.extend(found)
    nesting = check_nesting(rel, doc.body, doc.body_line)
    problems.extend(nesting)
    view: BodyView | None = None
    if not nesting:  # past those limits the parse may crash or stall: the nesting error is the answer
        try:  # one parse, the page's own, for every check of the body
            view = read_body(doc.body, doc.body_line)
        except RecursionError:  # Python-Markdown recurses once per level of nesting
            problems.append(Problem(rel, doc.body_line, None, "body-too-deep"))
    if view is not None:
        problems.extend(check_sections(rel, doc.body, doc.body_line, config.sections, view))
    problems.extend(_check_safety(config, path, rel, data, lines, doc.body, doc.body_line, strings, view))
    case = CaseSource(path.stem, unit_id, rel, data, lines, doc.body, doc.body_line, front)
    case.criteria = _resolve_list(case, "criteria", registries.criteria, "unknown-criterion", problems)
    case.tags = _resolve_list(case, "tags", registries.tags, "unknown-tag", problems)
    for field_path, text in strings:
        if HINT_MARK in text:
            name = format_field(field_path)
            problems.append(Problem(rel, lines.get(field_path), name, "unfilled-hint", "warning",
                                    params={"where_zh": f"字段“{name}”", "where_en": f'field "{name}"'}))
    return case, problems


def check_case_file(config: ProjectConfig, registries: Registries, unit_id: str, path: Path) -> list[Problem]:
    """The problems of one case file on its own, without the checks across cases (`casebook new`)."""
    return _check_case(config, registries, unit_id, path, path.relative_to(config.root).as_posix())[1]


def _check_safety(config: ProjectConfig, path: Path, rel: str, data: dict, lines: dict, body: str,
                  body_line: int, strings: list[tuple[tuple, str]], view: BodyView | None) -> list[Problem]:
    """Unsafe HTML and links, attachment references and files, personal data."""
    folder = path.parent / path.stem
    problems = check_body(rel, body, body_line, path.stem, folder, view) if view is not None else []
    if folder.is_dir() and not folder.is_symlink():
        problems += check_attachment_files(folder, rel[: -len(CASE_SUFFIX)], config.max_attachment_bytes)
    problems += check_personal_data(rel, data, lines, body, body_line, strings)
    if folder.is_dir() and not folder.is_symlink():
        names = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if not p.is_symlink())
        severity = "warning" if data.get("visibility") == "internal" else "error"
        problems += check_file_names(rel[: -len(CASE_SUFFIX)], names, severity)
    return problems


def _resolve_list(case: CaseSource, name: str, registry: Registry, code: str, problems: list[Problem]) -> tuple[str, ...]:
    """Resolve ids/names written in a list field; report unknown and repeated items."""
    values = case.data.get(name)
    if not isinstance(values, list):
        return ()
    resolved: list[str] = []
    first_index: dict[str, int] = {}
    for i, written in enumerate(values):
        if not isinstance(written, str):
            continue
        line = case.lines.get((name, i))
        target = registry.resolve(written)
        if target is None and split_items(written):
            split = [item for value in values if isinstance(value, str) for item in split_items(value) or [value]]
            fix = f"{name}: {flow_list(split)}"
            problems.append(Problem(case.file, line, f"{name}[{i}]", "list-separator", params={
                "found": written, "list_field": name, "sep": next(c for c in written if c in SEPARATORS), "fix": fix}))
        elif target is None:
            params = {"found": written, **registry.choices(written)}
            params.update(did_you_mean(registry.names.closest(written)))
            problems.append(Problem(case.file, line, f"{name}[{i}]", code, params=params))
        elif target in first_index:
            problems.append(Problem(case.file, line, f"{name}[{i}]", "duplicate-item", "warning",
                                    params={"found": written, "first": first_index[target] + 1, "index": i + 1,
                                            "first_found": values[first_index[target]]}))
        else:
            first_index[target] = i
            resolved.append(target)
    return tuple(resolved)


# --- across cases ---------------------------------------------------------------

def _check_case_references(cases: list[CaseSource], files: list[tuple[str, Path, str]]) -> list[Problem]:
    problems: list[Problem] = []
    owner: dict[str, str] = {}
    for _unit, path, rel in files:
        other = owner.setdefault(path.stem, rel)
        if other != rel:
            problems.append(Problem(rel, None, None, "duplicate-case-id", params={"found": path.stem, "other": other}))
            problems.append(Problem(other, None, None, "duplicate-case-id", params={"found": path.stem, "other": rel}))
    case_ids = Names(owner)  # one index, each distinct unknown id answered once
    for case in cases:
        refs = [("replicated_from", case.data.get("replicated_from"))]
        related = case.data.get("related")
        if isinstance(related, list):
            refs += [(f"related[{i}]", value) for i, value in enumerate(related)]
        for field_name, value in refs:
            if not isinstance(value, str):
                continue
            line = case.lines.get(_path_of(field_name))
            if value == case.id:
                problems.append(Problem(case.file, line, field_name, "self-reference", params={"found": value}))
            elif value not in owner:
                params = {"found": value}
                params.update(did_you_mean(case_ids.closest(value, exclude=case.id)))
                problems.append(Problem(case.file, line, field_name, "unknown-case", params=params))
    return problems


def _path_of(field_name: str) -> tuple:
    if "[" in field_name:
        name, index = field_name.rstrip("]").split("[")
        return (name, int(index))
    return (field_name,)

