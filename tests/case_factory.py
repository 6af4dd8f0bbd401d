"""A small project factory: a minimal valid Casebook project in a folder.

Used through the ``project`` fixture (tests/conftest.py); tests import the
constants and helpers from here (not from conftest, which is not unique: other
test folders have their own).

    def test_x(project):
        project.case("shawan", "shawan-2024-001", front={"visibility": "no"})
        (problem,) = project.errors()

``project.case`` writes a case from a front-matter dict (merged over a valid
default; a value of ``DROP`` removes a field) and a body (default: the four
required sections), or writes ``raw`` text/bytes verbatim.
``project.collection`` writes cases/collections/<id>.yml from literal lines
(default: COLLECTION_LINES, so tests can name lines exactly) or raw text.
"""
from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.config import load_config
from generator.errors import Problem, Report
from generator.validate import Project as ValidatedProject, validate_project

MKDOCS_YML = """\
site_name: 测试案例库
theme:
  name: material
  language: {language}
plugins:
{plugins}
"""

UNITS_YML = """\
- id: sanjiang
  name: 三江县公安局
- id: shawan
  name: 沙湾派出所
  parent: sanjiang
  brand: {name: "“和事佬”调解室", slogan: 小事不出村，大事不出镇}
- id: qingshi
  name: 青石派出所
  parent: sanjiang
"""

CRITERIA_YML = """\
- id: dispute-resolution
  name: 矛盾纠纷化解
  description: 排查化解矛盾纠纷，防止民转刑
- id: community-policing
  name: 社区警务
  description: 社区民警下沉网格
"""

TAGS_YML = """\
- id: mediation
  name: 矛盾调解
  aliases: [纠纷调解]
- id: patrol
  name: 巡逻防控
"""

BODY = """
## 背景

邻里纠纷多，群众习惯直接报警。

## 做法

每周开一次“板凳会”，当场调解。

## 成效

邻里纠纷警情由每月 23 起降至 9 起。

## 可复制经验

固定时间、固定地点，请老党员参加。
"""

AS_OF = dt.date(2026, 6, 15)  # the date test projects' progress boards are judged on

DROP = object()  # front={"title": DROP} removes the field from the default


def valid_front() -> dict[str, Any]:
    return {
        "title": "“板凳会”化解邻里纠纷",
        "date": "2024-03-18",
        "criteria": ["dispute-resolution"],
        "tags": ["mediation"],
        "status": "approved",
        "visibility": "public",
        "summary": "社区民警每周在小区院坝召开“板凳会”，当场听取和调解邻里纠纷。",
    }


def case_text(front: dict[str, Any], body: str = BODY) -> str:
    return "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n" + body


# A valid front matter written by hand, one field a line: line n of VALID_LINES is
# line n + 1 of the file, so tests can name lines exactly.
VALID_LINES = (
    "title: “板凳会”化解邻里纠纷",                   # line 2
    "date: 2024-03-18",                             # line 3
    "criteria: [dispute-resolution]",               # line 4
    "tags: [mediation]",                            # line 5
    "status: approved",                             # line 6
    "visibility: public",                           # line 7
    "summary: 社区民警每周召开“板凳会”，当场调解邻里纠纷。",  # line 8
)


def front_matter(*lines: str, body: str = BODY) -> str:
    """A case file from literal front-matter lines (the first one is line 2)."""
    return "---\n" + "".join(line + "\n" for line in lines) + "---\n" + body


def replace_line(field: str, line: str | None, lines: tuple[str, ...] | None = None) -> tuple[str, ...]:
    """``lines`` (VALID_LINES by default) with the top-level line of ``field`` replaced (or dropped when None)."""
    out = []
    for original in VALID_LINES if lines is None else lines:
        if original.startswith(field + ":"):
            if line is not None:
                out.append(line)
        else:
            out.append(original)
    return tuple(out)


# A valid collection written one field a line: line n of the file is COLLECTION_LINES[n - 1].
COLLECTION_LINES = (
    "title: 2024 年亮点集锦",          # line 1
    "date: 2024-12-31",               # line 2
    "visibility: internal",           # line 3
    "intro: 本年度最值得学习的案例。",  # line 4
    "items:",                         # line 5
    "  - case: shawan-2024-001",      # line 6
    "    note: 建议先读。",            # line 7
)


def replace_collection_line(field: str, line: str | None) -> tuple[str, ...]:
    """COLLECTION_LINES with the top-level line of ``field`` replaced (or dropped when None)."""
    return replace_line(field, line, COLLECTION_LINES)


# A valid campaign, one field a line: line n of cases/campaign.yml is CAMPAIGN_LINES[n - 1].
# 2026-06-19 is a Friday; the dragon-boat holiday (a Friday) and the Sunday worked for it are
# in the calendar, so schedules cross both.
CAMPAIGN_LINES = (
    "name: 创建“枫桥式公安派出所”",          # line 1
    "start: 2026-03-02",                     # line 2
    "acceptance: 2026-12-25",                # line 3
    "milestones:",                           # line 4
    "  - id: self-check",                    # line 5
    "    name: 自查",                        # line 6
    "    date: 2026-06-19",                  # line 7
    "calendar:",                             # line 8
    "  holidays: [2026-06-19]",              # line 9
    "  workdays: [2026-06-14]",              # line 10
    "table:",                                # line 11
    "  - criterion: dispute-resolution",     # line 12
    "    items:",                            # line 13
    "      - id: dr-1",                      # line 14
    "        name: 建成调解工作室",            # line 15
    "        points: 10",                    # line 16
    "        evidence: 工作室照片、调解台账",   # line 17
    "        days: 5",                       # line 18
    "        before: self-check",            # line 19
    "      - id: dr-2",                      # line 20
    "        name: 纠纷化解率 95% 以上",       # line 21
    "        points: 10",                    # line 22
    "        evidence: 化解统计表",           # line 23
    "        days: 20",                      # line 24
    "  - criterion: 社区警务",                # line 25
    "    items:",                            # line 26
    "      - id: cp-1",                      # line 27
    "        name: 民警下沉网格",              # line 28
    "        points: 5",                     # line 29
    "        evidence: 网格分工表",           # line 30
    "        days: 10",                      # line 31
)

# A valid progress file of shawan, one field a line: line n is PROGRESS_LINES[n - 1].
PROGRESS_LINES = (
    "people:",                               # line 1
    "  - name: 王某某",                       # line 2
    "    role: 所长",                         # line 3
    "  - name: 赵某",                         # line 4
    "    role: 社区民警",                     # line 5
    "items:",                                # line 6
    "  - item: dr-1",                        # line 7
    "    person: 王某某",                     # line 8
    "    status: done",                      # line 9
    "    evidence: [shawan-2024-001]",       # line 10
    "    updated: 2026-06-01",               # line 11
    "  - item: cp-1",                        # line 12
    "    person: 赵某",                       # line 13
    "    status: in-progress",               # line 14
    "    difficulties: 人手不足。",            # line 15
)


@dataclass
class Project:
    root: Path

    def write(self, rel: str, content: str | bytes) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
        return path

    def mkdocs(self, language: str = "zh", casebook: dict[str, Any] | None = None) -> None:
        plugins = (  # no theme search: the casebook plugin writes its own index
            "  - casebook\n" if casebook is None
            # JSON is YAML's flow style; yaml.safe_dump of a lone scalar adds a "..." document end
            else "  - casebook:\n" + "".join(f"      {k}: {json.dumps(v, ensure_ascii=False)}\n"
                                            for k, v in casebook.items())
        )
        self.write("mkdocs.yml", MKDOCS_YML.format(language=language, plugins=plugins))
        (self.root / "docs").mkdir(exist_ok=True)  # MkDocs' load_config requires docs_dir to exist

    def case(self, unit: str, case_id: str, front: dict[str, Any] | None = None, body: str | None = None,
             raw: str | bytes | None = None, suffix: str = ".md") -> Path:
        """Write cases/<unit>/<case_id>.md; ``front`` is merged over a valid default."""
        rel = f"cases/{unit}/{case_id}{suffix}"
        if raw is not None:
            return self.write(rel, raw)
        data = valid_front()
        for key, value in (front or {}).items():
            if value is DROP:
                data.pop(key, None)
            else:
                data[key] = value
        return self.write(rel, case_text(data, BODY if body is None else body))

    def campaign(self, *lines: str) -> Path:
        """Write cases/campaign.yml from literal lines (default CAMPAIGN_LINES: line n is CAMPAIGN_LINES[n - 1])."""
        return self.write("cases/campaign.yml", "".join(line + "\n" for line in (lines or CAMPAIGN_LINES)))

    def progress(self, unit: str, *lines: str) -> Path:
        """Write cases/<unit>/progress.yml from literal lines (default PROGRESS_LINES)."""
        return self.write(f"cases/{unit}/progress.yml", "".join(line + "\n" for line in (lines or PROGRESS_LINES)))

    def collection(self, collection_id: str, *lines: str, raw: str | bytes | None = None,
                   suffix: str = ".yml") -> Path:
        """Write cases/collections/<collection_id><suffix> from literal lines (default COLLECTION_LINES)."""
        rel = f"cases/collections/{collection_id}{suffix}"
        if raw is None:
            raw = "".join(line + "\n" for line in (lines or COLLECTION_LINES))
        return self.write(rel, raw)

    def check(self, lang: str | None = None, edition: str = "internal", as_of: dt.date | None = AS_OF
              ) -> tuple[Report, ValidatedProject]:
        config, problems = load_config(self.root, lang)
        report, validated = validate_project(config, edition, as_of=as_of)
        report.extend(problems)
        return report, validated

    def validate(self, lang: str | None = None, edition: str = "internal") -> Report:
        return self.check(lang, edition)[0]

    def errors(self) -> list[Problem]:
        return self.validate().errors

    def warnings(self) -> list[Problem]:
        return self.validate().warnings


def where(problem: Problem) -> tuple:
    """The parts of a problem a test pins down exactly."""
    return (problem.file, problem.line, problem.field, problem.code, problem.severity)


UPDATE_GOLDEN = os.environ.get("UPDATE_GOLDEN") == "1"
