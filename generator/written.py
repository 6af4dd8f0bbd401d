"""Hand-written pages (the docs folder): the edition each belongs to, and its internal blocks.

A page whose front matter says ``edition: internal`` is left out of the public edition
whole: not built, not in the nav, the search index or the sitemap; a link to it from
another page keeps its text only. Inside any page, the lines between a line
``<!-- internal -->`` and a line ``<!-- /internal -->`` are left out of the public edition
(they are HTML comments, so the internal edition shows the text as written).

The front matter is read with the cases' own loader: MkDocs drops a whole front matter
it cannot parse, and a dropped ``edition: internal`` would publish the page.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .errors import Problem
from .load import Map, Scalar, found_params, parse_yaml, read_text

PAGE_EDITIONS = ("internal", "public")
PAGE_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")  # what MkDocs reads as pages
MAX_PAGE_BYTES = 16 * 1024 * 1024
BLOCK_START = "<!-- internal -->"
BLOCK_END = "<!-- /internal -->"
_START = re.compile(r"^ {0,3}<!--\s*internal\s*-->\s*$")
_END = re.compile(r"^ {0,3}<!--\s*/internal\s*-->\s*$")
_FENCE_OPEN = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_FRONT = re.compile(r"^---[ \t]*$")
_FRONT_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$")


@dataclass(frozen=True)
class WrittenPage:
    src_uri: str  # inside the docs folder, as MkDocs names it: "guide.md"
    file: str  # for messages, from the project folder: "docs/guide.md"
    edition: str | None  # None: both editions


def read_written_pages(docs_dir: Path, root: Path) -> tuple[dict[str, WrittenPage], list[Problem]]:
    """Every page of ``docs_dir`` by its path inside it, and the problems of their editions."""
    pages: dict[str, WrittenPage] = {}
    problems: list[Problem] = []
    if not docs_dir.is_dir():
        return pages, problems
    for path in sorted(docs_dir.rglob("*")):
        inside = path.relative_to(docs_dir)
        if path.suffix.lower() not in PAGE_SUFFIXES or any(part.startswith(".") for part in inside.parts):
            continue
        if not path.is_file():
            continue
        rel = _shown_path(path, root)
        text, found = read_text(path, rel, MAX_PAGE_BYTES)
        problems += found
        if text is None:  # unreadable: its edition is unknown, and the error stops a build
            continue
        edition, found = page_edition(text, rel)
        problems += found + block_problems(text, rel)
        pages[inside.as_posix()] = WrittenPage(inside.as_posix(), rel, edition)
    return pages, problems


def _shown_path(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:  # a docs folder outside the project
        return path.as_posix()


def page_edition(text: str, rel: str) -> tuple[str | None, list[Problem]]:
    """The ``edition`` a page's front matter declares (None: none, so both editions)."""
    lines = text.split("\n")
    if not _FRONT.match(lines[0]):
        return None, []
    end = next((i for i in range(1, len(lines)) if _FRONT_END.match(lines[i])), None)
    if end is None:
        return None, [Problem(rel, 1, None, "unterminated-front-matter")]
    node, problems = parse_yaml("\n".join(lines[1:end]), rel, first_line=2)
    if problems:
        return None, problems
    if node is None or (isinstance(node, Scalar) and node.is_null):
        return None, []
    if not isinstance(node, Map):
        return None, [Problem(rel, node.line, None, "not-mapping", params=found_params(node))]
    if "edition" not in node.items:
        return None, []
    line, value = node.items["edition"]
    if isinstance(value, Scalar) and value.value in PAGE_EDITIONS:
        return value.value, []
    if isinstance(value, Scalar) and not value.is_null:
        found = {"found_zh": f"“{value.value}”", "found_en": f'"{value.value}"'}
    else:
        found = found_params(value)
    return None, [Problem(rel, line, "edition", "invalid-page-edition", params=found)]


def _blocks(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, str]]]:
    """0-based (start, end) line pairs of the internal blocks, and (line, code) of bad markers.

    Markers inside fenced code blocks are text, not markers (a page may show the syntax). An
    unclosed block runs to the end of the page, so that what it holds never goes public.
    """
    lines = text.split("\n")
    blocks: list[tuple[int, int]] = []
    bad: dict[int, str] = {}
    fence: str | None = None
    start: int | None = None
    for i, line in enumerate(lines):
        if fence is not None:
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = None
            continue
        opened = _FENCE_OPEN.match(line)
        if opened:
            fence = opened.group(1)
        elif _START.match(line):
            if start is not None:  # blocks do not nest: the outer one still runs to the next end line
                bad[start] = "internal-block-unclosed"
            else:
                start = i
        elif _END.match(line):
            if start is None:
                bad[i] = "internal-block-stray-end"
            else:
                blocks.append((start, i))
                start = None
    if start is not None:
        bad[start] = "internal-block-unclosed"
        blocks.append((start, len(lines) - 1))
    return blocks, sorted(bad.items())


def block_problems(text: str, rel: str) -> list[Problem]:
    """An internal block without its end line, or an end line without a block."""
    _, bad = _blocks(text)
    return [Problem(rel, i + 1, None, code, params={"start": BLOCK_START, "end": BLOCK_END}) for i, code in bad]


def public_text(text: str) -> str:
    """``text`` without its internal blocks (markers included); a blank line keeps paragraphs apart."""
    blocks, _ = _blocks(text)
    if not blocks:
        return text
    lines = text.split("\n")
    out: list[str] = []
    at = 0
    for start, end in blocks:
        out += lines[at:start] + [""]
        at = end + 1
    return "\n".join(out + lines[at:])
