"""Files Casebook writes for people: a new case from the template, a new project.

Front matter is written with a YAML serializer, never by pasting strings, so a
title with quotes, colons or newlines stays a title.
"""
from __future__ import annotations

import datetime as dt
import re
import shutil
from importlib import resources
from pathlib import Path

import yaml

from .body import HINT_MARK
from .config import ProjectConfig
from .messages import did_you_mean_entry
from .schema import CriterionEntry, UnitEntry
from .suggest import closest

SECTION_HINTS = {
    "背景": "这项做法针对什么问题？当时的情况如何（时间、地点、突出的矛盾或数字）？",
    "做法": "具体怎么做：分几步、谁负责、用了哪些制度或工具？",
    "成效": "取得了什么变化？尽量用数字对比，并在前置信息 results 中列出。",
    "可复制经验": "其他单位照着做需要哪些条件、注意什么、第一步做什么？",
}


CHOICES_SHOWN = 40  # a province may register hundreds of units: a message lists the first ones


class ScaffoldError(Exception):
    """A request that cannot be carried out; ``code`` and ``params`` name a message."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def next_case_id(cases_dir: Path, unit: str, year: int) -> str:
    """``<unit>-<year>-<nnn>``, one past the highest number used for that prefix anywhere."""
    pattern = re.compile(rf"^{re.escape(unit)}-{year}-(\d+)$")
    used = [int(m.group(1)) for p in cases_dir.glob("*/*.md") if (m := pattern.match(p.stem))]
    return f"{unit}-{year}-{max(used, default=0) + 1:03d}"


def case_text(title: str, date: dt.date, sections: tuple[str, ...], criteria: tuple[str, ...] = ()) -> str:
    front = {
        "title": title,
        "date": date.isoformat(),
        "criteria": list(criteria),
        "tags": [],
        "status": "draft",
        "visibility": "internal",
        "summary": f"{HINT_MARK}用一两句话概括这项做法（不超过 200 字）",
        "contacts": [{"name": f"{HINT_MARK}姓名", "role": "责任民警"}],
        "results": [{"indicator": f"{HINT_MARK}指标名称", "before": "之前", "after": "之后"}],
    }
    dumped = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, default_flow_style=None, width=1000)
    body = "\n".join(f"## {name}\n\n{HINT_MARK}{SECTION_HINTS.get(name, '')}\n" for name in sections)
    return f"---\n{dumped}---\n\n{body}"


def new_case(config: ProjectConfig, unit: str, title: str | None, today: dt.date,
             criteria: tuple[str, ...] = ()) -> Path:
    """Write a draft case of ``unit`` (an id, already resolved) with the next free id; never overwrite."""
    case_id = next_case_id(config.cases_dir, unit, today.year)
    path = config.cases_dir / unit / f"{case_id}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = case_text(title or f"{HINT_MARK}案例标题", today, config.sections, criteria)
    with path.open("x", encoding="utf-8", newline="\n") as fh:  # "x": never overwrite
        fh.write(text)
    return path


# --- what a clerk types for a unit or a criterion -------------------------------

def choices(entries: dict[str, UnitEntry] | dict[str, CriterionEntry], numbered: bool = False,
            limit: int = CHOICES_SHOWN) -> str:
    """One "<id>  <name>" line per entry (``numbered``: "1. <id>  <name>"), the first ``limit`` of them."""
    shown = list(entries.items())[:limit]
    width = max((len(entry_id) for entry_id, _entry in shown), default=0)
    lines = [f"  {f'{n}. ' if numbered else ''}{entry_id:<{width}}  {entry.name}"
             for n, (entry_id, entry) in enumerate(shown, 1)]
    if len(entries) > limit:
        lines.append("  …")
    return "\n".join(lines) or "  -"


def resolve_unit(written: str, units: dict[str, UnitEntry]) -> str:
    """The unit id a clerk means by an id or an exact name; ScaffoldError otherwise."""
    return _resolve(written, units, "new-unknown-unit")


def resolve_criteria(written: list[str], criteria: dict[str, CriterionEntry], numbered: bool = False
                     ) -> tuple[str, ...]:
    """Criterion ids for ids or exact names (``numbered``: also "2" for the second), in order, once each."""
    ids = list(criteria)
    found: list[str] = []
    for word in written:
        if numbered and word not in criteria and word.isdigit() and 1 <= int(word) <= len(ids):
            criterion = ids[int(word) - 1]
        else:
            criterion = _resolve(word, criteria, "new-unknown-criterion")
        if criterion not in found:
            found.append(criterion)
    return tuple(found)


def split_words(text: str) -> list[str]:
    """What a clerk typed at the prompt: items separated by spaces or commas, ASCII or Chinese."""
    return [w for w in re.split(r"[\s,，、;；]+", text) if w]


def _resolve(written: str, entries: dict, code: str) -> str:
    if written in entries:
        return written
    by_name = [entry_id for entry_id, entry in entries.items() if entry.name == written]
    if len(by_name) == 1:
        return by_name[0]
    names = {entry.name: entry_id for entry_id, entry in entries.items()}
    near = closest(written, [*entries, *names])
    params: dict[str, object] = {"found": written, "choices": choices(entries), "count": len(entries)}
    if near is not None:
        near_id = names.get(near, near)
        params.update(did_you_mean_entry(near_id, entries[near_id].name))
    raise ScaffoldError(code, **params)


def init_project(target: Path) -> list[Path]:
    """Copy the starter project into ``target``, which must be absent or empty."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ScaffoldError("init-not-empty", path=str(target))
    skeleton = resources.files("generator") / "skeleton"
    with resources.as_file(skeleton) as source:
        shutil.copytree(source, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__"),
                        copy_function=_copy_new)
    return sorted(p for p in target.rglob("*") if p.is_file())


def _copy_new(source: str, target: str) -> None:
    """Copy a file that must not exist yet ("x"): init never replaces a file, not even .gitignore."""
    with open(source, "rb") as src, open(target, "xb") as dst:
        shutil.copyfileobj(src, dst)
