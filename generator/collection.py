"""Highlight collections (亮点集锦): cases/collections/<collection-id>.yml.

Validated like cases (file, line, field, code); the references are checked
against the whole set of cases: every case exists, appears once, is approved,
and a public collection lists only public cases.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Iterator

from .config import ProjectConfig
from .errors import Problem, format_field
from .load import Map, found_params, load_yaml_file, source_files, to_data
from .messages import did_you_mean
from .pii import check_file_names, check_personal_data
from .attachments import IMAGE_TYPES
from .safety import attachment_problem, check_attachment_files, check_body
from .suggest import closest
from .schema import CollectionFile, id_problem, reserved_id_problem, validate_model

FOLDER = "collections"
SUFFIX = ".yml"


@dataclass
class CollectionSource:
    id: str
    file: str
    front: CollectionFile
    lines: dict[tuple, int]


def case_refs(data: dict[str, Any]) -> Iterator[tuple[tuple, str]]:
    """(field path, case id) of every listed case, in the editor's order.

    Read from the raw data wherever its shape allows, so a collection with a
    missing title still gets its unknown cases reported.
    """
    def listed(items: Any, path: tuple) -> Iterator[tuple[tuple, str]]:
        for i, item in enumerate(items if isinstance(items, list) else ()):
            if isinstance(item, dict) and isinstance(item.get("case"), str):
                yield path + (i,), item["case"]

    yield from listed(data.get("items"), ("items",))
    sections = data.get("sections")
    for s, section in enumerate(sections if isinstance(sections, list) else ()):
        if isinstance(section, dict):
            yield from listed(section.get("items"), ("sections", s, "items"))


def validate_collections(config: ProjectConfig, cases: dict[str, Any], case_ids: set[str], edition: str
                         ) -> tuple[list[CollectionSource], list[Problem]]:
    """``cases``: id -> CaseSource of every readable case; ``case_ids``: every case file's id."""
    folder = config.cases_dir / FOLDER
    problems: list[Problem] = []
    collections: list[CollectionSource] = []
    if not folder.is_dir() or folder.is_symlink():
        return collections, problems
    files, problems = source_files(folder, f"cases/{FOLDER}", SUFFIX, (".yml", ".yaml"), "collection-extension")
    for entry, rel in files:
        source, found = _check_collection(config, entry, rel, cases, case_ids, edition)
        problems += found
        if source is not None:
            collections.append(source)
    return collections, problems


def _check_collection(config: ProjectConfig, path: Path, rel: str, cases: dict[str, Any], case_ids: set[str],
                      edition: str) -> tuple[CollectionSource | None, list[Problem]]:
    problems: list[Problem] = []
    id_issue = id_problem(path.stem) or reserved_id_problem(path.stem, "collections")
    if id_issue:
        problems.append(Problem(rel, None, None, id_issue[0], params=id_issue[1]))
    node, found = load_yaml_file(path, rel, config.max_case_bytes)
    problems += found
    if node is None and not found:  # an empty file (or only comments): every field is missing
        node = Map({}, 1)
    if node is None:
        return None, problems
    if not isinstance(node, Map):
        problems.append(Problem(rel, node.line, None, "not-mapping", params=found_params(node)))
        return None, problems
    data, lines = to_data(node)
    problems += check_personal_data(rel, data, lines, "", 1)
    folder = path.parent / path.stem
    if folder.is_dir() and not folder.is_symlink():  # its files (a cover) are published under their names
        names = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if not p.is_symlink())
        problems += check_file_names(rel[: -len(SUFFIX)], names,
                                     "warning" if data.get("visibility") == "internal" else "error")
    front, found = validate_model(CollectionFile, data, rel, lines, missing_line=1)
    problems += found
    if front is not None and (front.items is None) == (front.sections is None):
        problems.append(Problem(rel, 1, None, "collection-items"))
    problems += _check_own_files(config, path, rel, data, lines)
    problems += _check_items(rel, data, lines, cases, case_ids, edition)
    if front is None:
        return None, problems
    return CollectionSource(path.stem, rel, front, lines), problems


def _check_own_files(config: ProjectConfig, path: Path, rel: str, data: dict[str, Any], lines: dict
                     ) -> list[Problem]:
    """The cover, the links and images of the intro and notes, and the files of the collection's
    folder: checked like a case's body and attachments, confined to cases/collections/<id>/."""
    folder = path.parent / path.stem
    problems: list[Problem] = []
    cover = data.get("cover")
    if isinstance(cover, str) and cover:
        issue = attachment_problem(cover, path.stem, folder, allowed=IMAGE_TYPES)
        if issue:
            problems.append(Problem(rel, lines.get(("cover",)), "cover", issue[0], params=issue[1]))
    texts = [(("intro",), data.get("intro"))]
    texts += [(ref + ("note",), item.get("note")) for ref, item in _items(data)]
    source_lines: list[str] | None = None
    for field_path, text in texts:
        if not isinstance(text, str) or field_path not in lines:
            continue
        if source_lines is None:
            source_lines = path.read_text(encoding="utf-8", errors="replace").split("\n")
        line = lines[field_path]
        block = _is_block(source_lines[line - 1] if 0 < line <= len(source_lines) else "")
        for problem in check_body(rel, text, line + 1 if block else line, path.stem, folder):
            # a literal block (|) keeps its lines; any other value is reported on its key's line
            at = problem.line if block else line
            problems.append(replace(problem, line=at, field=format_field(field_path)))
    if folder.is_dir() and not folder.is_symlink():
        problems += check_attachment_files(folder, rel[: -len(path.suffix)], config.max_attachment_bytes)
    return problems


def _is_block(line: str) -> bool:
    """A YAML key line whose value is a literal block scalar (``intro: |``, ``note: |-``)."""
    value = line.split("#", 1)[0].rstrip()
    return value.endswith(("|", "|-", "|+")) and ":" in value


def _items(data: dict[str, Any]) -> Iterator[tuple[tuple, dict]]:
    for path, _case in case_refs(data):
        items = data["items"] if path[0] == "items" else data["sections"][path[1]]["items"]
        yield path, items[path[-1]]


def _check_items(rel: str, data: dict[str, Any], lines: dict, cases: dict[str, Any], case_ids: set[str],
                 edition: str) -> list[Problem]:
    problems: list[Problem] = []
    first: dict[str, str] = {}
    for path, case_id in case_refs(data):
        field = format_field(path + ("case",))
        line = lines.get(path + ("case",))
        if case_id not in case_ids:
            params = {"found": case_id}
            params.update(did_you_mean(_closest(case_id, case_ids)))
            problems.append(Problem(rel, line, field, "unknown-case", params=params))
            continue
        if case_id in first:
            problems.append(Problem(rel, line, field, "duplicate-case", params={"found": case_id, "first": first[case_id]}))
            continue
        first[case_id] = field
        case = cases.get(case_id)
        if case is None or case.front is None:
            continue  # the case file has its own errors
        if case.front.status != "approved":
            problems.append(Problem(rel, line, field, "case-not-approved",
                                    params={"found": case_id, "status": case.front.status}))
        if data.get("visibility") == "public" and case.front.visibility != "public":
            problems.append(Problem(rel, line, field, "internal-in-public", "error" if edition == "public" else "warning",
                                    params={"found": case_id}))
    return problems


def _closest(word: str, choices: set[str]) -> str | None:
    return closest(word, choices)  # validate passes a Names: one index for every collection
