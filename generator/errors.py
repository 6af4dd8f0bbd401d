"""Problems found in a project, and the report that collects and prints them.

A Problem is data: where (file, line, field), what (code) and the values its
message needs. The message text is rendered only when the report is printed,
in the reader's language (see ``messages.py``).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Iterable, Literal

from .messages import render, summary_line

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    field: str | None
    code: str
    severity: Severity = "error"
    params: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    # Personal data is masked here, where a problem becomes text, rather than where its params
    # are built: params come from some sixty places (a tag, a commented value, a field name or a
    # file name may hold an ID number), and every way to a reader (text report, JSON, plugin
    # log) passes through these three methods.
    def message(self, lang: str) -> str:
        return _masked(render(self.code, self.params, lang))

    def as_text(self, lang: str) -> str:
        file = _masked(self.file)
        where = file if self.line is None else f"{file}:{self.line}"
        what = f"{self.severity}[{self.code}]"
        field_part = f" {_masked(self.field)}" if self.field else ""
        return f"{where}: {what}{field_part}: {self.message(lang)}"

    def as_dict(self, lang: str) -> dict[str, Any]:
        return {
            "file": _masked(self.file),
            "line": self.line,
            "field": _masked(self.field) if self.field else self.field,
            "code": self.code,
            "message": self.message(lang),
        }

    def sort_key(self) -> tuple:
        return (self.file, self.line or 0, self.field or "", self.code)


def _masked(text: str) -> str:
    from .pii import mask_personal_data  # here, not at the top: pii builds Problems itself

    return mask_personal_data(text)


def format_field(path: Iterable[str | int]) -> str | None:
    """('results', 0, 'before') -> 'results[0].before'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or None


@dataclass
class Report:
    """Every problem of one run, plus how many cases were checked."""

    problems: list[Problem] = field(default_factory=list)
    cases: int = 0

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return sorted((p for p in self.problems if p.severity == "error"), key=Problem.sort_key)

    @property
    def warnings(self) -> list[Problem]:
        return sorted((p for p in self.problems if p.severity == "warning"), key=Problem.sort_key)

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)

    def as_text(self, lang: str) -> str:
        ordered = sorted(self.problems, key=Problem.sort_key)
        lines = [p.as_text(lang) for p in ordered]
        lines.append(summary_line(self.cases, len(self.errors), len(self.warnings), lang))
        return "\n".join(lines)

    def as_json(self, lang: str) -> str:
        return json.dumps(
            {
                "errors": [p.as_dict(lang) for p in self.errors],
                "warnings": [p.as_dict(lang) for p in self.warnings],
                "cases": self.cases,
            },
            ensure_ascii=False,
            indent=2,
        )


class ContentError(Exception):
    """Content that passed validation but could not be turned into a page (a renderer failure):
    carries the Problem that names the file, for the plugin and the CLI to print."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.as_text("en"))
        self.problem = problem
