"""Line breaks inside a paragraph of Chinese text.

Markdown keeps a line break inside a paragraph as a newline, and a browser (or
WeasyPrint) shows a newline as a space: "推广，\\n供各所" reads "推广， 供各所".
Chinese has no spaces between words, so a break between two CJK characters is
removed, as CSS Text 3 prescribes for segment breaks between East Asian wide
characters (which Chromium does not do). A break next to a Latin letter or a
digit stays a space; so does one next to Hangul, since Korean spaces its words.
Code is left as written.
"""
from __future__ import annotations

import unicodedata
import xml.etree.ElementTree as etree
from typing import Iterator

from markdown import Extension
from markdown.treeprocessors import Treeprocessor

# Punctuation of ambiguous width that Chinese text uses as full-width: joined when the other
# side is a wide character ("“和事佬”\n调解室").
_CHINESE_PUNCTUATION = frozenset("“”‘’—…·")
# Elements whose text flows on with the text around them; every other one (p, li, br, ...) ends a run.
_INLINE = frozenset(("a", "abbr", "b", "code", "del", "em", "i", "ins", "kbd", "mark", "q", "s", "small", "span",
                     "strong", "sub", "sup", "u"))
_BLANKS = " \t"


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F", "H") and not _hangul(ch)


def _hangul(ch: str) -> bool:
    return "\u1100" <= ch <= "\u11ff" or "\u3130" <= ch <= "\u318f" or "\uac00" <= ch <= "\ud7af"


def joins(before: str, after: str) -> bool:
    """True when a line break between these two characters should vanish rather than read as a space."""
    if not before or not after:
        return False
    if _wide(before):
        return _wide(after) or after in _CHINESE_PUNCTUATION
    return before in _CHINESE_PUNCTUATION and _wide(after)


def _join_breaks(text: str, before_text: str, after_text: str) -> str:
    """``text`` without its line breaks (and the blanks around them) between CJK characters;
    ``before_text``/``after_text``: the characters next to it in the sentence.

    A scan, not a regex: "[ \\t]*\\n[ \\t]*" backtracks quadratically on a long run of blanks."""
    out, kept, at = [], 0, text.find("\n")
    while at != -1:
        start, end = at, at + 1
        while start > kept and text[start - 1] in _BLANKS:
            start -= 1
        while end < len(text) and text[end] in _BLANKS:
            end += 1
        before = text[start - 1] if start > 0 else before_text
        after = text[end] if end < len(text) else after_text
        if joins(before, after):
            out.append(text[kept:start])
            kept = end
        at = text.find("\n", end)
    out.append(text[kept:])
    return "".join(out)


# A run of text: (element, "text" or "tail", may be changed); None where a run ends.
_Slot = tuple[etree.Element, str, bool] | None


def _slots(element: etree.Element, editable: bool) -> Iterator[_Slot]:
    if element.tag == "pre":
        yield None  # a code block: neither changed nor read across
        return
    block = element.tag not in _INLINE
    verbatim = element.tag == "code"  # read (it sits in the sentence), never changed
    if block:
        yield None
    yield element, "text", editable and not verbatim
    for child in element:
        yield from _slots(child, editable and not verbatim)
        yield child, "tail", editable and not verbatim
    if block:
        yield None


def join_in_tree(root: etree.Element) -> None:
    """Remove the line breaks between CJK characters from the text of a Markdown element tree."""
    runs: list[list[tuple[etree.Element, str, bool]]] = [[]]
    for slot in _slots(root, True):
        if slot is None:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append(slot)
    for run in runs:
        if any(editable and "\n" in (getattr(el, attr) or "") for el, attr, editable in run):
            _join_run(run)


def _join_run(run: list[tuple[etree.Element, str, bool]]) -> None:
    texts = [getattr(el, attr) or "" for el, attr, _ in run]
    for i, (el, attr, editable) in enumerate(run):
        if not editable or "\n" not in texts[i]:
            continue
        before = next((t[-1] for t in reversed(texts[:i]) if t), "")
        after = next((t[0] for t in texts[i + 1:] if t), "")
        texts[i] = _join_breaks(texts[i], before, after)
        setattr(el, attr, texts[i])


class _JoinCJKLines(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        join_in_tree(root)


class CJKLineBreaks(Extension):
    """Python-Markdown extension: a line break between CJK characters is not a space."""

    def extendMarkdown(self, md) -> None:  # noqa: N802 (Markdown's API)
        # After "inline" (20), which turns **…** and links into elements; before "prettify" (10).
        md.treeprocessors.register(_JoinCJKLines(md), "cjk_line_breaks", 15)
