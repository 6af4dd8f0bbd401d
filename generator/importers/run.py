"""``casebook import``: Word documents -> case drafts on disk, one document at a time.

For each document: refuse what is not a readable .docx (sniff.py), read it (word.py),
compose the draft (draft.py), give it the next free id of its unit and year (the rule of
``casebook new``), write it into a staging folder outside the project and run the
validator's checks of one case there (personal data included), then, unless it is a dry
run, put the images folder and the case file into ``cases/<unit>/`` without overwriting
anything ("x"). A failure on the way removes what this document wrote: never half a case.
"""
from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable, Iterator

import yaml

from ..body import HINT_MARK
from ..config import ProjectConfig
from ..errors import Problem
from ..registry import Registries
from ..scaffold import next_case_id
from ..validate import check_case_file
from .draft import Draft, compose
from .headings import heading_table
from .sniff import is_lock_file, refusal

SUMMARY_HINT = f"{HINT_MARK}用一两句话概括这项做法（不超过 200 字）"


@dataclass
class Outcome:
    """What became of one document: ``refused`` (a message code and its params), or a case."""

    source: str
    refused: tuple[str, dict[str, Any]] | None = None
    case_id: str | None = None
    file: str | None = None  # cases/<unit>/<id>.md, relative to the project
    draft: Draft | None = None
    text: str | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def imported(self) -> bool:
        return self.refused is None


def documents(paths: Iterable[Path]) -> Iterator[Path]:
    """The files named, with a folder standing for the files in it (lock files "~$…" left out)."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.iterdir()
                              if p.is_file() and not p.name.startswith(".") and not is_lock_file(p))
        else:
            yield path


def import_documents(config: ProjectConfig, registries: Registries, unit: str, paths: Iterable[Path],
                     criteria: tuple[str, ...] = (), today: dt.date | None = None,
                     dry_run: bool = False) -> Iterator[Outcome]:
    """One Outcome per document, as each is done (the caller prints as they come)."""
    table = heading_table(config.sections, config.plugin_options)
    today = today or dt.date.today()
    reserved: set[str] = set()  # ids given in this run (a dry run writes none)
    for path in paths:
        outcome = _import_one(config, registries, unit, path, criteria, today, dry_run, table, reserved)
        if outcome.case_id:
            reserved.add(outcome.case_id)
        yield outcome


# What python-docx and zipfile raise on a .docx that passed sniff.py but is damaged inside.
def _damage_errors() -> tuple[type[BaseException], ...]:
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    return (PackageNotFoundError, XMLSyntaxError, zipfile.BadZipFile, zlib.error, KeyError, ValueError, EOFError)


def _import_one(config: ProjectConfig, registries: Registries, unit: str, path: Path, criteria: tuple[str, ...],
                today: dt.date, dry_run: bool, table: Any, reserved: set[str]) -> Outcome:
    from .word import read_docx

    source = str(path)
    refused = refusal(path)
    if refused is not None:
        return Outcome(source, (refused[0], {"found": source, **refused[1]}))
    try:
        doc = read_docx(path)
    except _damage_errors() as exc:
        damage = "truncated" if isinstance(exc, (zipfile.BadZipFile, zlib.error, EOFError)) else "content"
        return Outcome(source, ("import-damaged", {"found": source, "damage": damage}))
    draft = compose(doc, path.stem, table, today)
    case_id = _free_id(config.cases_dir, unit, draft.date.year, reserved)
    text = case_file_text(draft, case_id, criteria)
    rel = f"cases/{unit}/{case_id}.md"
    size = len(text.encode("utf-8"))
    if size > config.max_case_bytes:
        return Outcome(source, ("import-case-too-large", {"found": source, "size": size,
                                                          "limit": config.max_case_bytes}))
    outcome = Outcome(source, None, case_id, rel, draft, text)
    with tempfile.TemporaryDirectory(prefix="casebook-import-") as stage:
        staged = _write(Path(stage) / "cases" / unit, case_id, draft, text)
        staged_config = replace(config, root=Path(stage))
        outcome.problems = sorted(check_case_file(staged_config, registries, unit, staged) + _todo(
            rel, text, registries, draft), key=Problem.sort_key)
        if not dry_run:
            try:
                _commit(staged, config.cases_dir / unit, case_id)
            except OSError as exc:
                return Outcome(source, ("import-write-failed", {
                    "found": source, "path": rel, "reason": exc.strerror or str(exc)}))
    return outcome


def notes(outcome: Outcome, unit: str) -> list[tuple[str, dict[str, Any]]]:
    """What the import did with a document, as (message code, params), in the order of the report."""
    draft = outcome.draft
    if draft is None:
        return []
    found: list[tuple[str, dict[str, Any]]] = [
        (draft.title_from.how, {"title": draft.title, "number": draft.title_from.number}),
        (draft.date_from.how, {"date": draft.date.isoformat(), "number": draft.date_from.number,
                               "found": draft.date_from.text}),
    ]
    parts = [(f, s, "import-section") for f, s in draft.mapped] + [(f, s, f.how) for f, s in draft.kept]
    found += [(how, {"number": f.number, "found": f.text, "section": s})
              for f, s, how in sorted(parts, key=lambda part: part[0].number)]  # in the document's order
    if not draft.mapped:
        found.append(("import-no-sections", {"section": draft.sections[0]}))
    found.append(("import-summary", {"section": draft.summary_from}) if draft.summary_from
                 else ("import-summary-none", {}))
    if draft.images:
        found.append(("import-images", {"count": len(draft.images), "folder": f"cases/{unit}/{outcome.case_id}",
                                        "first": draft.images[0].name}))
    if draft.captions:
        found.append(("import-captions", {"count": draft.captions}))
    for number, suffix in draft.unsupported:
        found.append(("import-image-linked", {"number": number}) if suffix == "link"
                     else ("import-image-unsupported", {"number": number, "suffix": suffix.lstrip(".").upper()}))
    if draft.tables:
        found.append(("import-tables", {"count": draft.tables}))
    found += [("import-merged-cells", {"number": n}) for n in draft.merged_tables]
    if draft.notes:
        found.append(("import-footnotes", {"count": draft.notes}))
    if draft.tracked_changes:
        found.append(("import-tracked-changes", {}))
    return found


def case_file_text(draft: Draft, case_id: str, criteria: tuple[str, ...]) -> str:
    """The case file: front matter written by the YAML serializer (as `casebook new` does), then the body."""
    front = {
        "title": draft.title,
        "date": draft.date.isoformat(),
        "criteria": list(criteria),
        "tags": [],
        "status": "draft",
        "visibility": "internal",
        "summary": draft.summary or SUMMARY_HINT,
    }
    dumped = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, default_flow_style=None, width=1000)
    return f"---\n{dumped}---\n\n{draft.body_for(case_id)}"


def _todo(rel: str, text: str, registries: Registries, draft: Draft) -> list[Problem]:
    """What the validator does not ask for but a case needs: its tags."""
    line = next((n for n, line in enumerate(text.split("\n"), 1) if line.startswith("tags:")), None)
    return [Problem(rel, line, "tags", "import-tags-empty", "warning", params=registries.tags.choices(draft.title))]


def _free_id(cases_dir: Path, unit: str, year: int, reserved: set[str]) -> str:
    """The next id of ``unit`` and ``year`` with neither a case file nor a folder of that name."""
    number = int(next_case_id(cases_dir, unit, year).rsplit("-", 1)[1])
    while True:
        case_id = f"{unit}-{year}-{number:03d}"
        folder = cases_dir / unit
        if (case_id not in reserved and not (folder / f"{case_id}.md").exists()
                and not (folder / case_id).exists()):
            return case_id
        number += 1


def _write(folder: Path, case_id: str, draft: Draft, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    if draft.images:
        (folder / case_id).mkdir()
        for image in draft.images:
            (folder / case_id / image.name).write_bytes(image.blob)
    path = folder / f"{case_id}.md"
    with path.open("x", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
    return path


def _commit(staged: Path, folder: Path, case_id: str) -> None:
    """Copy the images folder, then the case file, into ``folder``; neither may exist ("x").
    On any failure, remove what was copied."""
    folder.mkdir(parents=True, exist_ok=True)
    images, target = staged.parent / case_id, folder / case_id
    copied = created = False
    try:
        if images.is_dir():
            if target.exists():
                raise FileExistsError(17, "File exists", str(target))
            copied = True
            shutil.copytree(images, target)
        with (folder / f"{case_id}.md").open("x", encoding="utf-8", newline="\n") as fh:
            created = True
            fh.write(staged.read_text(encoding="utf-8"))
    except BaseException:
        if created:
            (folder / f"{case_id}.md").unlink(missing_ok=True)
        if copied:
            shutil.rmtree(target, ignore_errors=True)
        raise
