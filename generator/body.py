"""The Markdown body of a case: its required sections.

Only level-2 ATX headings outside fenced code blocks count as sections, which
is what Markdown renders as a section heading.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from .errors import Problem

HINT_MARK = "【请填写】"
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
# Headings are matched to the end of the line and trimmed in Python: a lazy title followed by
# optional spaces and #s backtracks polynomially on a line with a long run of spaces.
_H2 = re.compile(r"^ {0,3}##[ \t](.+)$")
_ANY_HEADING = re.compile(r"^\s{0,3}(#{1,6})(.*)$")


@dataclass(frozen=True)
class Section:
    title: str
    line: int
    text: str


def outside_fences(body: str) -> Iterator[tuple[int, str]]:
    """(index, line) of every body line that is not inside a fenced code block."""
    fence = None
    for i, raw in enumerate(body.split("\n")):
        m = _FENCE.match(raw)
        if m:
            marker = m.group(1)[0]
            fence = None if fence == marker else (fence or marker)
            continue
        if fence is None:
            yield i, raw


def without_comments(text: str) -> str:
    """``text`` without HTML comments; an unclosed "<!--" stays. A regex "<!--.*?-->" would
    rescan to the end from every "<!--" of a long unclosed run."""
    kept, pos = [], 0
    while (start := text.find("<!--", pos)) != -1 and (end := text.find("-->", start + 4)) != -1:
        kept.append(text[pos:start])
        pos = end + 3
    kept.append(text[pos:])
    return "".join(kept)


def _h2_title(rest: str) -> str:
    """The title of "## <rest>": without surrounding blanks and a closing run of # after a blank."""
    title = rest.rstrip(" \t")
    if not title:
        return rest[-1:]
    title = title.lstrip(" \t")
    bare = title.rstrip("#")
    if bare != title and bare[-1:] in (" ", "\t") and bare.strip(" \t"):
        return bare.rstrip(" \t")
    return title


def split_sections(body: str, body_line: int) -> list[Section]:
    """Level-2 sections of a body, in order, each with the line of its heading."""
    lines = body.split("\n")
    headings = [(i, _h2_title(m.group(1))) for i, raw in outside_fences(body) if (m := _H2.match(raw))]
    sections = []
    for n, (i, title) in enumerate(headings):
        end = headings[n + 1][0] if n + 1 < len(headings) else len(lines)
        sections.append(Section(title, body_line + i, "\n".join(lines[i + 1:end])))
    return sections


def check_sections(rel: str, body: str, body_line: int, required: tuple[str, ...]) -> list[Problem]:
    sections = split_sections(body, body_line)
    by_title = {}
    for section in sections:
        by_title.setdefault(section.title, section)
    problems = []
    for name in required:
        section = by_title.get(name)
        if section is None:
            problems.append(_missing(rel, body, body_line, name, required))
            continue
        text = without_comments(section.text).strip()
        if not text:
            problems.append(Problem(rel, section.line, None, "empty-section", params={"section": name}))
        elif HINT_MARK in text:
            problems.append(Problem(rel, section.line, None, "unfilled-hint", "warning",
                                    params={"where_zh": f"小节“## {name}”", "where_en": f'section "## {name}"'}))
    return problems


def _missing(rel: str, body: str, body_line: int, name: str, required: tuple[str, ...]) -> Problem:
    """Point at a near miss (wrong level, no space after ##) when there is one."""
    params = {"section": name, "sections_zh": "、".join(f"## {s}" for s in required),
              "sections_en": ", ".join(f"## {s}" for s in required)}
    line = body_line
    for i, raw in outside_fences(body):
        m = _ANY_HEADING.match(raw)
        if m and m.group(2).strip(" \t#") == name:
            line = body_line + i
            params["hint_zh"] = f"；第 {line} 行写成了“{raw.strip()}”，应为“## {name}”（两个 # 加一个空格）"
            params["hint_en"] = f'; line {line} reads "{raw.strip()}", expected "## {name}" (two # and a space)'
            break
    return Problem(rel, line, None, "missing-section", params=params)
