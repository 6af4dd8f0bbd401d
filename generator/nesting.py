"""Nesting in a case body that would crash or stall the renderer.

Python-Markdown recurses once per level of lists, quotes and emphasis (500 list
markers on one line end in a RecursionError), and its link pattern and the
sanitiser slow down quadratically on unclosed "[" and unclosed HTML tags (244 KB
of "<div>": 11 s). The limits are far above anything a real case uses, so a
body that reaches one is pasted or hostile input; it gets an error with its line
instead of a crashed or stalled build.
"""
from __future__ import annotations

import re
from typing import Iterator

from markdown.extensions.fenced_code import FencedBlockPreprocessor

from .errors import Problem

NESTING_LIMIT = 20  # levels of lists/quotes, of HTML elements, of open "["
EMPHASIS_RUN_LIMIT = 100  # "*" or "_" in a row

# One container marker after optional blanks: a quote ">" (a space after it is optional) or a
# list bullet or number followed by a blank. Each match consumes at least one character. Only
# from the start of a blank run (lookbehind): a search would otherwise rescan each long run.
_CONTAINER = re.compile(r"(?<![ \t])[ \t]*(?:>|(?:[-*+]|[0-9]{1,9}[.)])(?=[ \t]|$))")
_EMPHASIS_RUN = re.compile(r"\*+|_+")
_BRACKET = re.compile(r"[\[\]]")
# A link's "](" opens a destination that Python-Markdown's link pattern scans to its ")" or to the
# end of the paragraph, once per "](": many unclosed ones in a paragraph are quadratic (100 KB of
# "[a](": minutes). Parentheses inside a destination nest, as the link pattern counts them.
_LINK_PAREN = re.compile(r"\]\(|[()]")
# A "<" and a letter starts a tag; one left without its ">" before the next "<" makes the standard
# library's HTML parser (which Python-Markdown uses for raw HTML) rescan the rest of the body for
# each such start (100 KB of "<a ": minutes). Counted over the whole body, as that parser reads it.
_ANGLE = re.compile(r"<!--|-->|<(?=[a-zA-Z])|<|>")
_CODE_SPAN = re.compile(r"`[^`]*`")
# A start or end tag; a "<" outside quotes ends an attempt (linear, see safety._TAG).
_HTML_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)(?:[^<>\"']|\"[^\"]*\"|'[^']*')*>")
# Elements that are never open after their tag: void ones, and those whose end tag HTML lets
# the writer leave out (a table of 100 rows written <tr><td>… is not 200 levels deep).
_NOT_NESTING = frozenset("""
    area base br col embed hr img input link meta source track wbr
    p li dt dd tr td th thead tbody tfoot colgroup caption option optgroup rt rp
""".split())


def check_nesting(rel: str, body: str, body_line: int) -> list[Problem]:
    """At most one problem per kind of nesting, on the line where it first passes its limit."""
    problems: dict[str, Problem] = {}
    brackets = 0
    open_tags: list[str] = []

    def report(kind: str, i: int, depth: int, limit: int = NESTING_LIMIT) -> None:
        problems.setdefault(kind, Problem(rel, body_line + i, None, "too-deep-nesting",
                                          params={"nesting": kind, "depth": depth, "limit": limit}))

    links: list[int] = []  # open parentheses of each unclosed link destination in this paragraph
    tag_open, comment_open, unclosed_tags = False, False, 0
    for i, line in outside_fences(body):
        if not line.strip():
            brackets = 0  # Markdown matches brackets and parentheses within a paragraph
            links = []
            continue
        depth = container_depth(line)
        if depth > NESTING_LIMIT and not _thematic_break(line):
            report("list", i, depth)
        if "*" in line or "_" in line:
            run = max(len(m.group(0)) for m in _EMPHASIS_RUN.finditer(line))
            if run > EMPHASIS_RUN_LIMIT and not _thematic_break(line):
                report("emphasis", i, run, EMPHASIS_RUN_LIMIT)
        if "`" in line:
            line = _CODE_SPAN.sub("", line)
        if "[" in line:
            for m in _BRACKET.finditer(line):
                brackets = brackets + 1 if m.group(0) == "[" else max(0, brackets - 1)
                if brackets > NESTING_LIMIT:
                    report("brackets", i, brackets)
                    break
        if "](" in line or links:
            for m in _LINK_PAREN.finditer(line):
                _follow_link_paren(links, m.group(0))
                if len(links) > NESTING_LIMIT:
                    report("links", i, len(links))
                    break
        if ("<" in line or ">" in line) and "unclosed-tags" not in problems:
            for m in _ANGLE.finditer(line):
                token = m.group(0)
                if token == ">" or token == "-->":
                    tag_open = comment_open = False
                elif token == "<!--":  # an unclosed comment start makes the same parser rescan the rest
                    unclosed_tags += comment_open
                    comment_open = True
                else:  # "<": a tag starts when a letter follows
                    unclosed_tags += tag_open
                    after = line[m.end():m.end() + 1]
                    tag_open = after.isascii() and after.isalpha()
                if unclosed_tags > NESTING_LIMIT:
                    report("unclosed-tags", i, unclosed_tags)
                    break
        if "<" in line and "html" not in problems:
            for m in _HTML_TAG.finditer(line):
                _follow_tag(open_tags, m.group(2).lower(), closing=bool(m.group(1)),
                            self_closing=m.group(0).endswith("/>"))
                if len(open_tags) > NESTING_LIMIT:
                    report("html", i, len(open_tags))
                    break
    return list(problems.values())


def outside_fences(body: str) -> Iterator[tuple[int, str]]:
    """(index, line) of every body line outside fenced code, with the fenced_code extension's
    own pattern (as body.BodyView.in_fence): this runs before the body may be parsed at all."""
    spans = (list(FencedBlockPreprocessor.FENCED_BLOCK_RE.finditer(body))
             if "```" in body or "~~~" in body else [])
    pos, span = 0, 0
    for i, line in enumerate(body.split("\n")):
        while span < len(spans) and spans[span].end() <= pos:
            span += 1
        if not (span < len(spans) and spans[span].start() <= pos < spans[span].end()):
            yield i, line
        pos += len(line) + 1


def container_depth(line: str) -> int:
    """Levels of lists and quotes a line opens: its markers, plus one per 4 columns of indentation
    before the first one (Python-Markdown's tab length)."""
    first = _CONTAINER.match(line)
    if first is None:
        return 0
    indent = len(line) - len(line.lstrip(" \t"))
    depth, pos = indent // 4, 0
    while (m := _CONTAINER.match(line, pos)) is not None:
        depth += 1
        pos = m.end()
    return depth


def _follow_link_paren(links: list[int], token: str) -> None:
    if token == "](":
        links.append(0)
    elif links and token == "(":
        links[-1] += 1
    elif links:  # ")" closes a parenthesis inside the destination, else the destination itself
        if links[-1]:
            links[-1] -= 1
        else:
            links.pop()


def _thematic_break(line: str) -> bool:
    """"***", "_ _ _" and the like: a horizontal rule, not emphasis."""
    marks = line.replace(" ", "").replace("\t", "")
    return len(marks) >= 3 and len(set(marks)) == 1 and marks[0] in "*_-"


def _follow_tag(open_tags: list[str], name: str, closing: bool, self_closing: bool) -> None:
    if name in _NOT_NESTING or self_closing and not closing:
        return
    if not closing:
        open_tags.append(name)
    elif name in open_tags:  # an end tag closes its element and everything opened inside it
        del open_tags[len(open_tags) - 1 - open_tags[::-1].index(name):]
