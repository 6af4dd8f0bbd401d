"""Read and check cases/campaign.yml and every cases/<unit>/progress.yml.

Like cases, every problem carries file, line and field, and one run reports all of
them. References are checked against the registries (criteria, units) and the cases:
evidence must be an approved case of the unit itself, or of another unit when one of
the unit's own cases says ``replicated_from`` it.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from ..config import ProjectConfig
from ..errors import Problem, format_field
from ..forked import forked_map
from ..load import Map, found_params, load_yaml_file, parse_yaml, to_data
from ..messages import did_you_mean, one_of
from ..pii import check_personal_data
from ..registry import Registries
from ..safety import attachment_problem, check_attachment_files
from ..schema import ID_RE, validate_model
from ..suggest import closest
from .schedule import Slot, WorkCalendar, schedule
from .schema import ACCEPTANCE, CampaignFile, ProgressFile

CAMPAIGN_FILE = "campaign.yml"
PROGRESS_FILE = "progress.yml"
EVIDENCE_FOLDER = "progress"  # cases/<unit>/progress/ holds the files a unit cites as evidence
PROGRESS_FILES_FORKED = 40


@dataclass(frozen=True)
class ItemPlan:
    """One scored item of the assessment table, with its computed schedule."""

    id: str
    criterion: str
    name: str
    points: int
    evidence: str
    days: int
    milestone: str  # milestone id; ACCEPTANCE for the acceptance date
    slot: Slot
    line: int | None


@dataclass(frozen=True)
class MilestonePlan:
    id: str
    name: str
    date: dt.date


@dataclass
class CampaignSource:
    file: str
    name: str
    start: dt.date
    acceptance: dt.date
    milestones: dict[str, MilestonePlan]
    calendar: WorkCalendar
    items: dict[str, ItemPlan]  # in the table's order


@dataclass
class ProgressSource:
    unit: str
    file: str
    front: ProgressFile
    lines: dict[tuple, int]
    entries: dict[str, int] = field(default_factory=dict)  # item id -> index of its valid entry


@dataclass
class BoardSource:
    campaign: CampaignSource
    progress: dict[str, ProgressSource]  # unit id -> its file, in unit order


def progress_path(config: ProjectConfig, unit: str) -> Path:
    return config.cases_dir / unit / PROGRESS_FILE


def check_board(config: ProjectConfig, registries: Registries, cases: dict[str, Any], case_ids: set[str],
                as_of: dt.date, forked: bool = False, texts: Mapping[str, str] | None = None
                ) -> tuple[BoardSource | None, list[Problem]]:
    """The campaign and every unit's progress, checked; None when the project has no campaign.

    ``cases``: id -> CaseSource of every readable case; ``case_ids``: every case file's id.
    ``forked``: check the progress files on every core (forked.py), as validate does the cases.
    ``texts``: unit id -> the text its progress.yml would have (the spreadsheet import checks
    its result before writing it); those units' files are not read.
    """
    problems: list[Problem] = []
    files = [(unit, progress_path(config, unit)) for unit in registries.units.entries]
    texts = texts or {}
    files = [(unit, path) for unit, path in files if unit in texts or path.is_file()]
    campaign_path = config.cases_dir / CAMPAIGN_FILE
    if not campaign_path.is_file():
        for unit, _path in files:
            problems.append(Problem(f"cases/{unit}/{PROGRESS_FILE}", None, None, "progress-without-campaign"))
        return None, problems
    campaign, found = _check_campaign(config, campaign_path, registries)
    problems += found
    progress: dict[str, ProgressSource] = {}

    def check(file: tuple[str, Path]) -> tuple[ProgressSource | None, list[Problem]]:
        return _check_progress(config, file[0], file[1], campaign, cases, case_ids, as_of, texts.get(file[0]))

    # A unit's file is a few dozen entries: forking pays off from a few dozen files on.
    results = forked_map(check, files, min_items=PROGRESS_FILES_FORKED) if forked else map(check, files)
    for (unit, _path), (source, found) in zip(files, results):
        problems += found
        if source is not None:
            progress[unit] = source
    if campaign is None:
        return None, problems
    return BoardSource(campaign, progress), problems


# --- the campaign ----------------------------------------------------------------

def _load_mapping(config: ProjectConfig, path: Path, rel: str, text: str | None = None
                  ) -> tuple[dict | None, dict, list[Problem]]:
    if text is None:
        node, problems = load_yaml_file(path, rel, config.max_case_bytes * 4)
    else:
        node, problems = parse_yaml(text, rel, first_line=1)
    if node is None and not problems:  # an empty file: every required field is missing
        node = Map({}, 1)
    if node is None:
        return None, {}, problems
    if not isinstance(node, Map):
        return None, {}, problems + [Problem(rel, node.line, None, "not-mapping", params=found_params(node))]
    strings: list[tuple[tuple, str]] = []
    data, lines = to_data(node, strings=strings)
    problems += check_personal_data(rel, data, lines, "", 1, strings, severity="warning")
    return data, lines, problems


def _check_campaign(config: ProjectConfig, path: Path, registries: Registries
                    ) -> tuple[CampaignSource | None, list[Problem]]:
    rel = f"cases/{CAMPAIGN_FILE}"
    data, lines, problems = _load_mapping(config, path, rel)
    if data is None:
        return None, problems
    front, found = validate_model(CampaignFile, data, rel, lines, missing_line=1)
    problems += found
    if front is None:
        return None, problems
    start, acceptance = dt.date.fromisoformat(front.start), dt.date.fromisoformat(front.acceptance)
    if acceptance < start:
        problems.append(Problem(rel, lines.get(("acceptance",)), "acceptance", "acceptance-before-start",
                                params={"found": front.acceptance, "start": front.start}))
        return None, problems
    calendar = WorkCalendar(
        frozenset(dt.date.fromisoformat(d) for d in (front.calendar.holidays or ()) if front.calendar),
        frozenset(dt.date.fromisoformat(d) for d in (front.calendar.workdays or ()) if front.calendar),
    ) if front.calendar else WorkCalendar()
    milestones = {ACCEPTANCE: MilestonePlan(ACCEPTANCE, "验收", acceptance)}
    for i, milestone in enumerate(front.milestones or ()):
        where = ("milestones", i)
        date = dt.date.fromisoformat(milestone.date)
        if milestone.id in milestones:
            problems.append(Problem(rel, lines.get(where + ("id",)), format_field(where + ("id",)), "duplicate-id",
                                    params={"found": milestone.id, "first_line": _milestone_line(lines, front, milestone.id)}))
        elif not start <= date <= acceptance:
            problems.append(Problem(rel, lines.get(where + ("date",)), format_field(where + ("date",)),
                                    "milestone-outside", params={"found": milestone.date, "start": front.start,
                                                                 "acceptance": front.acceptance}))
        else:
            milestones[milestone.id] = MilestonePlan(milestone.id, milestone.name, date)
    items: dict[str, ItemPlan] = {}
    seen_criteria: dict[str, int] = {}
    for g, group in enumerate(front.table):
        where = ("table", g, "criterion")
        criterion = registries.criteria.resolve(group.criterion)
        if criterion is None:
            params = {"found": group.criterion, "expected": registries.criteria.expected()}
            params.update(did_you_mean(registries.criteria.names.closest(group.criterion)))
            problems.append(Problem(rel, lines.get(where), format_field(where), "unknown-criterion", params=params))
            continue
        if criterion in seen_criteria:
            problems.append(Problem(rel, lines.get(where), format_field(where), "duplicate-table-criterion",
                                    params={"found": group.criterion, "first_line": seen_criteria[criterion]}))
            continue
        seen_criteria[criterion] = lines.get(where) or 1
        for i, item in enumerate(group.items):
            at = ("table", g, "items", i)
            if item.id in items:
                problems.append(Problem(rel, lines.get(at + ("id",)), format_field(at + ("id",)), "duplicate-id",
                                        params={"found": item.id, "first_line": items[item.id].line}))
                continue
            milestone = milestones.get(item.before or ACCEPTANCE)
            if milestone is None:
                params = {"found": item.before, "expected": one_of(milestones)}
                params.update(did_you_mean(closest(item.before or "", milestones)))
                problems.append(Problem(rel, lines.get(at + ("before",)), format_field(at + ("before",)),
                                        "unknown-milestone", params=params))
                continue
            slot = schedule(calendar, milestone.date, int(item.days))
            if slot.latest_start < start:
                problems.append(Problem(rel, lines.get(at + ("days",)), format_field(at + ("days",)),
                                        "item-starts-before-campaign", "warning",
                                        params={"found": item.days, "latest_start": slot.latest_start.isoformat(),
                                                "start": front.start, "milestone": milestone.name}))
            items[item.id] = ItemPlan(item.id, criterion, item.name, int(item.points), item.evidence, int(item.days),
                                      milestone.id, slot, lines.get(at))
    missing = [c.name for c_id, c in registries.criteria.entries.items() if c_id not in seen_criteria]
    if missing and not any(p.severity == "error" for p in problems):
        problems.append(Problem(rel, lines.get(("table",)), "table", "criteria-without-items", "warning",
                                params={"names": "、".join(missing)}))
    return CampaignSource(rel, front.name, start, acceptance, milestones, calendar, items), problems


def _milestone_line(lines: dict, front: CampaignFile, milestone_id: str) -> int | None:
    if milestone_id == ACCEPTANCE:
        return lines.get(("acceptance",))
    for i, milestone in enumerate(front.milestones or ()):
        if milestone.id == milestone_id:
            return lines.get(("milestones", i, "id"))
    return None


# --- one unit's progress ------------------------------------------------------------

def _check_progress(config: ProjectConfig, unit: str, path: Path, campaign: CampaignSource | None,
                    cases: dict[str, Any], case_ids: set[str], as_of: dt.date, text: str | None = None
                    ) -> tuple[ProgressSource | None, list[Problem]]:
    rel = f"cases/{unit}/{PROGRESS_FILE}"
    data, lines, problems = _load_mapping(config, path, rel, text)
    if data is None:
        return None, problems
    front, found = validate_model(ProgressFile, data, rel, lines, missing_line=1)
    problems += found
    folder = path.parent / EVIDENCE_FOLDER
    if folder.is_dir() and not folder.is_symlink():
        problems += check_attachment_files(folder, f"cases/{unit}/{EVIDENCE_FOLDER}", config.max_attachment_bytes)
    if front is None:
        return None, problems
    people: dict[str, int] = {}
    for i, person in enumerate(front.people or ()):
        where = ("people", i, "name")
        if person.name in people:
            problems.append(Problem(rel, lines.get(where), format_field(where), "duplicate-person",
                                    params={"found": person.name, "first_line": people[person.name]}))
        else:
            people[person.name] = lines.get(where) or 1
    source = ProgressSource(unit, rel, front, lines)
    if campaign is None:  # the campaign's own errors are reported; its items cannot be checked against
        return source, problems
    own_replicas = {c.front.replicated_from for c in cases.values()
                    if c.unit == unit and c.front is not None and c.front.replicated_from}
    for i, entry in enumerate(front.items or ()):
        at = ("items", i)

        def problem(name: str, code: str, severity: str = "error", **params: Any) -> None:
            problems.append(Problem(rel, lines.get(at + (name,), lines.get(at)), format_field(at + (name,)),
                                    code, severity, params=params))

        plan = campaign.items.get(entry.item)
        if plan is None:
            problem("item", "unknown-item", found=entry.item, **_item_hint(entry.item, campaign))
            continue
        if entry.item in source.entries:
            first = source.entries[entry.item]
            problem("item", "duplicate-progress-item", found=entry.item,
                    first_line=lines.get(("items", first, "item")))
            continue
        source.entries[entry.item] = i
        if entry.person is None and entry.status != "not-started":
            problems.append(Problem(rel, lines.get(at), format_field(at + ("person",)), "missing-person",
                                    params={"item": entry.item, "status": entry.status}))
        elif entry.person is not None and entry.person not in people:
            params = {"found": entry.person, "expected": one_of(people) if people else "-"}
            params.update(did_you_mean(closest(entry.person, people)))
            problem("person", "unknown-person", **params)
        if entry.due is not None:
            due = dt.date.fromisoformat(entry.due)
            if due > campaign.acceptance:
                problem("due", "due-after-acceptance", found=entry.due, acceptance=campaign.acceptance.isoformat())
            elif due > plan.slot.due:
                problem("due", "due-too-late", found=entry.due, computed=plan.slot.due.isoformat(),
                        milestone=campaign.milestones[plan.milestone].name)
        if entry.status == "done" and not entry.evidence:
            problems.append(Problem(rel, lines.get(at + ("status",)), format_field(at + ("evidence",)),
                                    "done-without-evidence", params={"item": entry.item}))
        if entry.status == "not-applicable" and entry.reason is None:
            problems.append(Problem(rel, lines.get(at + ("status",)), format_field(at + ("reason",)),
                                    "missing-reason", params={"item": entry.item}))
        if entry.updated is not None and dt.date.fromisoformat(entry.updated) > as_of:
            problem("updated", "updated-in-future", found=entry.updated, as_of=as_of.isoformat())
        for j, written in enumerate(entry.evidence or ()):
            where = at + ("evidence", j)
            issue = _evidence_problem(written, unit, folder, cases, case_ids, own_replicas)
            if issue:
                problems.append(Problem(rel, lines.get(where), format_field(where), issue[0], params=issue[1]))
    return source, problems


def _item_hint(written: str, campaign: CampaignSource) -> dict[str, str]:
    """Did-you-mean for an unknown item: the id of an item whose name was written, else the closest id."""
    by_name = next((p.id for p in campaign.items.values() if p.name == written), None)
    suggestion = by_name or closest(written, campaign.items)
    if suggestion is None:
        return {"hint_zh": "", "hint_en": ""}
    name = campaign.items[suggestion].name
    return {"hint_zh": f"；是不是“{suggestion}”（{name}）？", "hint_en": f'; did you mean "{suggestion}" ({name})?'}


def is_case_ref(written: str) -> bool:
    """Evidence written as a case id (``shawan-2024-001``) rather than a file name (``台账.pdf``)."""
    return ID_RE.fullmatch(written) is not None


def _evidence_problem(written: str, unit: str, folder: Path, cases: dict[str, Any], case_ids: set[str],
                      own_replicas: set[str]) -> tuple[str, dict[str, Any]] | None:
    if not is_case_ref(written):
        inside = written[len(EVIDENCE_FOLDER) + 1:] if written.startswith(f"{EVIDENCE_FOLDER}/") else written
        return attachment_problem(f"{EVIDENCE_FOLDER}/{inside}", EVIDENCE_FOLDER, folder)
    if written not in case_ids:
        params: dict[str, Any] = {"found": written}
        params.update(did_you_mean(closest(written, case_ids)))  # a Names: one index for every file
        return "unknown-case", params
    case = cases.get(written)
    if case is None or case.front is None:
        return None  # the case file has its own errors
    if case.front.status != "approved":
        return "evidence-not-approved", {"found": written, "status": case.front.status}
    if case.unit != unit and written not in own_replicas:
        return "evidence-other-unit", {"found": written, "owner": case.unit}
    return None
