"""Which part of a Word document is which section of a case: the one table of wordings.

Stations number their parts "一、基本情况" "二、主要做法" … and word them in many ways; the
table below maps the common wordings to the required sections. A project adds its own in
mkdocs.yml (the plugin option ``import_headings``), checked here for both ``casebook
validate`` and ``casebook import``. Imports nothing but ``errors``, so config.py can use it.
"""
from __future__ import annotations

import re
from typing import Any

from ..errors import Problem

# section -> the wordings that mean it (without their numbers "一、", "（一）", "第一部分").
DEFAULT_HEADINGS: dict[str, tuple[str, ...]] = {
    "背景": ("背景", "基本情况", "起因", "工作背景", "案例背景", "基本概况", "总体情况", "情况概述", "概述",
           "概况", "背景情况", "问题由来", "案例简介", "简介", "工作开展背景", "实施背景"),
    "做法": ("做法", "主要做法", "工作措施", "具体做法", "主要措施", "工作做法", "创新做法", "特色做法",
           "经验做法", "措施", "举措", "工作举措", "主要举措", "具体措施", "工作方法", "实施过程"),
    "成效": ("成效", "工作成效", "取得成效", "取得的成效", "主要成效", "工作成果", "成果", "效果",
           "实际效果", "取得效果", "工作成绩", "取得的成绩", "成效亮点", "实践成效"),
    "可复制经验": ("可复制经验", "经验启示", "几点体会", "体会", "启示", "经验", "工作体会", "几点启示",
              "经验体会", "心得体会", "经验与启示", "工作启示", "可推广经验", "推广价值"),
}
OPTION = "import_headings"

# The number a part's heading starts with, by level: "一、" "第一部分" / "（一）" / "1." "（1）" "①".
# Anchored and bounded (a heading is short): no pattern here can backtrack over a long text.
_CN = "一二三四五六七八九十"
_LEVEL_1 = re.compile(rf"[{_CN}]{{1,3}}[ \u3000]*[、．.，,][ \u3000]*|第[{_CN}]{{1,3}}(?:部分|章|节)[、：:，, \u3000]*")
_LEVEL_2 = re.compile(rf"[（(][ \u3000]*[{_CN}]{{1,3}}[ \u3000]*[）)][ \u3000、．.]*")
_LEVEL_3 = re.compile(r"(?:\d{1,2}[ \u3000]*[、．.](?!\d)|[（(][ \u3000]*\d{1,2}[ \u3000]*[）)]|[①-⑳])[ \u3000]*")
_TRAILING = "：:。.，,；; \u3000"
_SPACES = " \t\u3000\u00a0"


def numbered_level(text: str) -> tuple[int, str] | None:
    """(1, 2 or 3, the wording after the number) for a text starting with a part's number."""
    head = text.lstrip(_SPACES)[:40]
    for level, pattern in ((1, _LEVEL_1), (2, _LEVEL_2), (3, _LEVEL_3)):
        match = pattern.match(head)
        if match:
            return level, text.lstrip(_SPACES)[match.end():].strip(_TRAILING)
    return None


def wording(text: str) -> str:
    """A heading's words without its number, spaces and closing punctuation: "一、基本情况：" -> "基本情况"."""
    numbered = numbered_level(text)
    words = numbered[1] if numbered else text.strip(_TRAILING)
    return "".join(ch for ch in words if ch not in _SPACES)


class HeadingTable:
    """Wordings -> section names, for the sections a project requires."""

    def __init__(self, sections: tuple[str, ...], extra: dict[str, list[str]] | None = None) -> None:
        self.sections = sections
        self.words: dict[str, str] = {}
        for section, words in DEFAULT_HEADINGS.items():
            if section in sections:
                self.words.update((w, section) for w in words)
        for section in sections:
            self.words[section] = section
        for section, words in (extra or {}).items():  # the project's own wordings win
            self.words.update(("".join(w.split()), section) for w in words)
        # longest first: "经验做法" (做法) before "经验" (可复制经验), "主要做法及成效" goes to 做法
        self._by_length = sorted((w for w in self.words if len(w) >= 2), key=len, reverse=True)

    def named(self, text: str) -> str | None:
        """The section ``text`` is exactly a wording of ("基本情况", "一、基本情况"), else None."""
        return self.words.get(wording(text))

    def section_of(self, heading: str) -> str | None:
        """The section a heading's wording names: the wording itself, else the longest known wording in it."""
        words = wording(heading)
        if not words:
            return None
        if words in self.words:
            return self.words[words]
        if len(words) > 30:  # a sentence, not a heading
            return None
        return next((self.words[w] for w in self._by_length if w in words), None)


def heading_table(sections: tuple[str, ...], options: dict[str, Any]) -> HeadingTable:
    """The table for a project: the defaults plus ``import_headings`` (when it is valid)."""
    extra = options.get(OPTION)
    if check_option(extra, sections):
        extra = None
    return HeadingTable(sections, _normalised(extra) if extra else None)


def _normalised(option: dict[str, Any]) -> dict[str, list[str]]:
    return {section: [words] if isinstance(words, str) else list(words) for section, words in option.items()}


def check_option(option: Any, sections: tuple[str, ...]) -> list[Problem]:
    """What is wrong with mkdocs.yml's ``import_headings``: expected ``section: [wording, ...]``."""
    if option is None:
        return []
    where = f"plugins.casebook.{OPTION}"
    listed = "、".join(sections)
    if not isinstance(option, dict):
        return [Problem("mkdocs.yml", None, where, "import-headings-type",
                        params={"found": repr(option), "sections": listed})]
    problems: list[Problem] = []
    owner: dict[str, str] = {section: section for section in sections}  # a section's own name is its wording
    for section, words in option.items():
        field = f"{where}.{section}"
        if section not in sections:
            problems.append(Problem("mkdocs.yml", None, field, "import-headings-section",
                                    params={"found": str(section), "sections": listed}))
            continue
        items = [words] if isinstance(words, str) else words
        if not isinstance(items, list) or not all(isinstance(w, str) and w.strip() for w in items) or not items:
            problems.append(Problem("mkdocs.yml", None, field, "import-headings-words",
                                    params={"found": repr(words), "section": section}))
            continue
        for word in items:
            key = "".join(word.split())
            if owner.setdefault(key, section) != section:
                problems.append(Problem("mkdocs.yml", None, field, "import-headings-twice",
                                        params={"found": word, "section": section, "other": owner[key]}))
    return problems
