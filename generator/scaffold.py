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
from .messages import did_you_mean

SECTION_HINTS = {
    "背景": "这项做法针对什么问题？当时的情况如何（时间、地点、突出的矛盾或数字）？",
    "做法": "具体怎么做：分几步、谁负责、用了哪些制度或工具？",
    "成效": "取得了什么变化？尽量用数字对比，并在前置信息 results 中列出。",
    "可复制经验": "其他单位照着做需要哪些条件、注意什么、第一步做什么？",
}


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
    dumped = dumped.replace("criteria: []", "criteria: []  # 填写创建清单项编号，如 [dispute-resolution]")
    body = "\n".join(f"## {name}\n\n{HINT_MARK}{SECTION_HINTS.get(name, '')}\n" for name in sections)
    return f"---\n{dumped}---\n\n{body}"


def new_case(config: ProjectConfig, unit: str, title: str | None, today: dt.date, units: dict,
             criteria: tuple[str, ...] = ()) -> Path:
    if unit not in units:
        import difflib

        close = difflib.get_close_matches(unit, list(units), n=1, cutoff=0.6)
        raise ScaffoldError("unknown-unit", found=unit, expected=", ".join(units) or "-",
                            **did_you_mean(close[0] if close else None))
    case_id = next_case_id(config.cases_dir, unit, today.year)
    path = config.cases_dir / unit / f"{case_id}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = case_text(title or f"{HINT_MARK}案例标题", today, config.sections, criteria)
    with path.open("x", encoding="utf-8", newline="\n") as fh:  # "x": never overwrite
        fh.write(text)
    return path


def init_project(target: Path) -> list[Path]:
    """Copy the starter project into ``target``, which must be absent or empty."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ScaffoldError("init-not-empty", path=str(target))
    skeleton = resources.files("generator") / "skeleton"
    with resources.as_file(skeleton) as source:
        shutil.copytree(source, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__"))
    return sorted(p for p in target.rglob("*") if p.is_file())
