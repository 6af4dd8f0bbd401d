"""The Markdown body of a case as its page shows it: sections, headings, links, images and
the contributor's own HTML.

Everything is read from the renderer's own parse (``render.parse_body``), never from a line
walker of ours: a heading inside a code fence is code, a fence ends only where
Python-Markdown ends it, a footnote definition is a footnote (not a link reference), raw HTML
is read with an HTML parser. Python-Markdown keeps no source positions, so an element is
found again in the source text, searching forward from the heading before it: lines stay
right and the cost stays linear in the size of the body.
"""
from __future__ import annotations

import html
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from markdown.extensions.fenced_code import FencedBlockPreprocessor
from markdown.util import AMP_SUBSTITUTE, HTML_PLACEHOLDER_RE

from .errors import Problem
from .render import parse_body

HINT_MARK = "【请填写】"
_LEVELS = {f"h{n}": n for n in range(1, 7)}
_TAG = re.compile(r"<[^<>]*>")  # in a heading's raw HTML: an attempt ends at the next "<" (linear)
_TRIES = 64  # occurrences of a heading's name looked at before settling for the first one
# Attributes whose value a browser loads or follows.
URL_ATTRIBUTES = frozenset(("href", "src", "xlink:href", "action", "formaction", "srcset"))


@dataclass(frozen=True)
class Section:
    title: str
    line: int
    text: str  # what the page shows under the heading (HTML comments removed)


@dataclass(frozen=True)
class Heading:
    level: int
    name: str  # as the page shows it
    line: int


@dataclass(frozen=True)
class Url:
    """A URL of a link or image: ``url`` as the browser reads it, ``written`` as in the source."""

    url: str
    written: str
    anchor: int  # where in the source to start looking for ``written``
    titled: bool = False  # a Markdown link title ([text](url "title")), which the sanitiser drops


@dataclass(frozen=True)
class Tag:
    """A start tag of contributor HTML: lower-case name and attributes, and the tag as written."""

    name: str
    attrs: list[tuple[str, str | None]]
    written: str
    anchor: int


@dataclass
class BodyView:
    """A body as rendered, with a way back to its source lines."""

    source: str
    first_line: int  # file line of the body's first line
    sections: list[Section] = field(default_factory=list)  # level-2 headings at the top of the page
    headings: list[Heading] = field(default_factory=list)  # every heading, in page order
    urls: list[Url] = field(default_factory=list)
    tags: list[Tag] = field(default_factory=list)
    hashes: list[tuple[str, int]] = field(default_factory=list)  # paragraphs that start with "#"
    _starts: list[int] | None = field(default=None, repr=False)  # where each source line starts
    _fences: tuple[list[int], list[int]] | None = field(default=None, repr=False)

    def in_fence(self, pos: int) -> bool:
        """Whether ``pos`` lies in a fenced code block, found with the fenced_code extension's own pattern."""
        if self._fences is None:
            found = (list(FencedBlockPreprocessor.FENCED_BLOCK_RE.finditer(self.source))
                     if "```" in self.source or "~~~" in self.source else [])
            self._fences = ([m.start() for m in found], [m.end() for m in found])
        starts, ends = self._fences
        i = bisect_right(starts, pos) - 1
        return i >= 0 and pos < ends[i]

    def line_at(self, pos: int) -> int:
        if self._starts is None:
            starts, i = [0], self.source.find("\n")
            while i != -1:
                starts.append(i + 1)
                i = self.source.find("\n", i + 1)
            self._starts = starts
        return self.first_line + bisect_right(self._starts, max(pos, 0)) - 1

    def find(self, written: str, anchor: int) -> int:
        """Where ``written`` is in the source: after ``anchor`` if it is there, else before it
        (footnotes and link definitions stand anywhere); ``anchor`` when not found at all."""
        if not written:
            return anchor
        pos = self.source.find(written, anchor)
        if pos == -1:
            pos = self.source.find(written, 0, anchor + len(written))
        return anchor if pos == -1 else pos

    def line_of(self, written: str, anchor: int) -> int:
        return self.line_at(self.find(written, anchor))


def read_body(body: str, body_line: int) -> BodyView:
    """The rendered view of a body. Raises RecursionError on nesting the renderer cannot take."""
    parsed = parse_body(body)
    # Python-Markdown expands tabs (to 4 columns) before parsing: search the text it parsed.
    view = BodyView(body.expandtabs(4) if "\t" in body else body, body_line)
    raw = parsed.raw_html
    tags = _TagReader()
    heading_lines: dict[int, int] = {}  # id(element) -> line
    anchor = 0
    stack: list[tuple[Any, bool]] = [(parsed.root, False)]
    while stack:  # document order, without recursion: the tree may be deep
        element, is_tail = stack.pop()
        if is_tail:
            _read_html(element.tail, raw, tags, view, anchor)
            continue
        level = _LEVELS.get(element.tag)
        if level:
            name = _name(element, raw)
            anchor = _find_heading(view, name, anchor)
            heading_lines[id(element)] = view.line_at(anchor)
            view.headings.append(Heading(level, name, heading_lines[id(element)]))
        elif element.tag in ("a", "img"):
            value = element.get("href" if element.tag == "a" else "src")
            if value is not None:
                # Footnote links carry a title of the footnotes extension's own, not the clerk's.
                titled = element.get("title") is not None and not element.get("class", "").startswith("footnote")
                view.urls.append(Url(_as_read(value), value, anchor, titled))
        elif element.tag == "p" and (element.text or "").lstrip().startswith("#"):
            view.hashes.append((element.text.strip().split("\n", 1)[0], anchor))
        _read_html(element.text, raw, tags, view, anchor)
        stack.append((element, True))
        stack.extend((child, False) for child in reversed(element))
    view.sections = _sections(parsed.root, raw, heading_lines)
    return view


def _name(heading: Any, raw: list[str]) -> str:
    """A heading's text as the page shows it (what the ``toc`` extension would call its name)."""
    text = "".join(heading.itertext())
    if "\x02" in text:
        text = HTML_PLACEHOLDER_RE.sub(lambda m: _TAG.sub("", raw[int(m.group(1))]), text)
    return html.unescape(text).strip()


def _find_heading(view: BodyView, name: str, start: int) -> int:
    """The source position of a heading named ``name``, at or after ``start``: an occurrence outside
    code, on a line with a "#" before it (not indented as code) or followed by a ``===``/``---``
    underline; else the first occurrence."""
    source = view.source
    pos = first = source.find(name, start) if name else -1
    for _ in range(_TRIES):
        if pos == -1:
            break
        if not view.in_fence(pos):
            line_start = source.rfind("\n", 0, pos) + 1
            hash_at = source.find("#", line_start, pos)
            if hash_at != -1 and not (hash_at - line_start >= 4 and not source[line_start:hash_at].strip()):
                return pos
            end = source.find("\n", pos)
            if end != -1:
                under = source[end + 1: end + 201].split("\n", 1)[0].strip()
                if under and (set(under) == {"="} or set(under) == {"-"}):
                    return pos
        pos = source.find(name, pos + 1)
    return start if first == -1 else first


def _as_read(value: str) -> str:
    """An attribute of the tree as the browser reads it: Python-Markdown writes obfuscated
    e-mail links as character references behind AMP_SUBSTITUTE, serialised as a bare "&"."""
    return html.unescape(value.replace(AMP_SUBSTITUTE, "&")) if AMP_SUBSTITUTE in value else value


class _TagReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[tuple[str, str | None]], str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs, self.get_starttag_text() or f"<{tag}"))

    handle_startendtag = handle_starttag

    def read(self, text: str) -> list[tuple[str, list[tuple[str, str | None]], str]]:
        self.reset()
        self.found = []
        self.feed(text)
        self.close()
        return self.found


def _read_html(text: str | None, raw: list[str], reader: _TagReader, view: BodyView, anchor: int) -> None:
    """Tags and URLs of the contributor HTML that stands in ``text`` as placeholders."""
    if not text or "\x02" not in text:
        return
    for m in HTML_PLACEHOLDER_RE.finditer(text):
        snippet = raw[int(m.group(1))]
        if "<" not in snippet:
            continue  # a character reference
        for name, attrs, written in reader.read(snippet):
            view.tags.append(Tag(name, attrs, written, anchor))
            for attr, value in attrs:
                if attr in URL_ATTRIBUTES and value is not None:
                    view.urls.append(Url(value, written, anchor))


def _text(element: Any, raw: list[str]) -> str:
    """The text of an element with its HTML placeholders put back, HTML comments removed."""
    text = "".join(element.itertext())
    if "\x02" in text:
        text = HTML_PLACEHOLDER_RE.sub(lambda m: _without_comments(raw[int(m.group(1))]), text)
    return text


def _without_comments(text: str) -> str:
    # str.find rather than a regex: an unclosed "<!--" repeated must not cost quadratic time
    out, i = [], 0
    while True:
        j = text.find("<!--", i)
        if j == -1:
            out.append(text[i:])
            break
        out.append(text[i:j])
        k = text.find("-->", j + 4)
        if k == -1:
            break  # an unclosed comment hides the rest, as in a browser
        i = k + 3
    return "".join(out)


def _sections(root: Any, raw: list[str], lines: dict[int, int]) -> list[Section]:
    """Level-2 headings at the top of the page, each with the text up to the next one."""
    sections: list[tuple[str, int, list[str]]] = []
    for element in root:
        if element.tag == "h2":
            name = _name(element, raw)
            sections.append((name, lines[id(element)], []))
        elif sections and "footnote" not in (element.get("class") or "").split():
            sections[-1][2].append(_text(element, raw))
    return [Section(name, line, "\n".join(parts)) for name, line, parts in sections]


def check_sections(rel: str, body: str, body_line: int, required: tuple[str, ...],
                   view: BodyView | None = None) -> list[Problem]:
    """Each required section is on the page, once, with some text that is not a template hint."""
    view = view if view is not None else read_body(body, body_line)
    by_title: dict[str, Section] = {}
    for section in view.sections:
        by_title.setdefault(section.title, section)
    problems = []
    for name in required:
        section = by_title.get(name)
        if section is None:
            problems.append(_missing(rel, view, name, required))
            continue
        text = section.text.strip()
        if not text:
            problems.append(Problem(rel, section.line, None, "empty-section", params={"section": name}))
        elif HINT_MARK in text:
            problems.append(Problem(rel, section.line, None, "unfilled-hint", "warning",
                                    params={"where_zh": f"小节“## {name}”", "where_en": f'section "## {name}"'}))
    return problems


def _missing(rel: str, view: BodyView, name: str, required: tuple[str, ...]) -> Problem:
    """Point at a near miss (a heading of another level, "##" without a space) when there is one."""
    params = {"section": name, "sections_zh": "、".join(f"## {s}" for s in required),
              "sections_en": ", ".join(f"## {s}" for s in required)}
    near = [h.line for h in view.headings if h.name == name]
    near += [view.line_of(text, anchor) for text, anchor in view.hashes if text.strip("# \t") == name]
    if not near:
        return Problem(rel, view.first_line, None, "missing-section", params=params)
    line = min(near)
    lines = view.source.split("\n", line - view.first_line + 1)
    raw = lines[line - view.first_line].rstrip()
    params["hint_zh"] = f"；第 {line} 行写成了“{raw}”，应为“## {name}”（在行首写两个 # 加一个空格）"
    params["hint_en"] = f'; line {line} reads "{raw}", expected "## {name}" (two # at the start of the line, then a space)'
    return Problem(rel, line, None, "missing-section", params=params)
