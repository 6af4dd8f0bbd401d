"""The text of Word's automatic numbering ("一、", "（一）", "1.", "①"), which python-docx does not compute.

Word keeps a paragraph's number as a reference (``w:numPr``: a list and a level) into the
numbering part; the reader sees the number counted and formatted. Counted here per abstract
list, as Word does: a level counts up from its ``w:start``, a higher level restarts the
levels below it, a ``w:startOverride`` restarts a list where it is first used. Read from
python-docx's element objects (``CT_Numbering.num_having_numId`` and XPath on them).
"""
from __future__ import annotations

import re
from typing import Any, Callable

from docx.oxml.ns import nsmap
from lxml import etree

_HAN = "〇一二三四五六七八九"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
_PLACEHOLDER = re.compile(r"%([1-9])")
_ORDERED = re.compile(r"\d{1,4}\.")


def han_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 21 -> 二十一, 105 -> 一百零五 (Word's chineseCounting)."""
    if n <= 0 or n >= 1000:
        return str(n)
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = f"{_HAN[hundreds]}百" if hundreds else ""
    if tens:
        out += ("" if tens == 1 and not hundreds else _HAN[tens]) + "十"
    elif hundreds and ones:
        out += "零"
    return out + (_HAN[ones] if ones else "")


def _letters(n: int) -> str:
    out = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out


def format_number(n: int, fmt: str) -> str:
    """``n`` in one of Word's number formats (ST_NumberFormat); decimal for the rest."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
               "ideographLegalTraditional"):
        return han_number(n)
    if fmt == "ideographDigital":
        return "".join(_HAN[int(d)] for d in str(n))
    if fmt == "ideographTraditional":
        return _STEMS[(n - 1) % 10]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return _CIRCLED[n - 1]
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(0xFF10 + int(d)) for d in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("upperLetter", "lowerLetter"):
        letters = _letters(n)
        return letters if fmt == "upperLetter" else letters.lower()
    if fmt in ("upperRoman", "lowerRoman"):
        roman = _roman(n)
        return roman.upper() if fmt == "upperRoman" else roman
    if fmt == "none":
        return ""
    return str(n)


_COMPILED: dict[str, etree.XPath] = {}


def xpath(element: Any, expression: str) -> list:
    """XPath with python-docx's prefixes, on its own element classes and on plain lxml elements
    alike (an element python-docx has no class for, such as ``w:abstractNum``, is a plain one).
    Compiled once per expression: a paragraph asks the same few questions."""
    compiled = _COMPILED.get(expression)
    if compiled is None:
        compiled = _COMPILED[expression] = etree.XPath(expression, namespaces=nsmap)
    return compiled(element)


class Numbering:
    """Counts the numbered paragraphs of one document, in document order."""

    def __init__(self, element: Any, style_of: Callable[[str], Any]) -> None:
        self.element = element  # CT_Numbering, or None: the document has no numbering part
        self.style_of = style_of
        self.counts: dict[str, dict[int, int]] = {}  # abstract list -> level -> last number
        self.started: set[str] = set()  # lists (numId) met so far

    def label(self, p: Any, chain: list) -> tuple[str, str | None, int]:
        """(number text, "bullet"/"ordered"/None, level) of paragraph ``p`` with style ``chain``."""
        num_id, level = _num_pr([p] + [s.element for s in chain])
        if self.element is None or num_id in (None, "0"):
            return "", None, 0
        found = self._definition(num_id, level)
        if found is None:
            return "", None, 0
        abstract_id, levels, num = found
        counts = self.counts.setdefault(abstract_id, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for override in xpath(num, "./w:lvlOverride[w:startOverride]"):
                start = xpath(override, "./w:startOverride/@w:val")[0]
                counts[int(override.get(_W_ILVL, "0"))] = int(start) - 1 if str(start).isdigit() else 0
        fmt, text, start, suffix = levels(level)
        counts[level] = counts.get(level, start - 1) + 1
        for deeper in [k for k in counts if k > level]:
            del counts[deeper]
        if fmt == "bullet":
            return "", "bullet", level

        def number(match: re.Match) -> str:
            k = int(match.group(1)) - 1
            k_fmt, _t, k_start, _s = levels(k)
            return format_number(counts.get(k, k_start), k_fmt)

        label = _PLACEHOLDER.sub(number, text)
        if _ORDERED.fullmatch(label):
            return label, "ordered", level
        if label and suffix != "nothing" and label[-1].isascii():
            label += " "  # "1)" or "A." then the text, as Word shows it after its tab
        return label, None, level

    def _definition(self, num_id: str, level: int, depth: int = 0) -> tuple[str, Callable, Any] | None:
        try:
            num = self.element.num_having_numId(int(num_id))
        except (KeyError, ValueError):
            return None
        abstract_id = str(num.abstractNumId.val)
        found = xpath(self.element, f'./w:abstractNum[@w:abstractNumId="{int(abstract_id)}"]')
        if not found:
            return None
        abstract = found[0]
        link = xpath(abstract, "./w:numStyleLink/@w:val")
        if link and depth < 3:  # the list is defined by a numbering style: follow it
            style = self.style_of(str(link[0]))
            linked_id, _level = _num_pr([style.element]) if style is not None else (None, 0)
            if linked_id not in (None, "0", num_id):
                inner = self._definition(linked_id, level, depth + 1)
                if inner is not None:
                    return inner[0], inner[1], num

        def levels(k: int) -> tuple[str, str, int, str]:
            lvl = (xpath(num, f'./w:lvlOverride[@w:ilvl="{k}"]/w:lvl') or xpath(abstract, f'./w:lvl[@w:ilvl="{k}"]'))
            if not lvl:
                return "decimal", f"%{k + 1}.", 1, "tab"
            fmt = xpath(lvl[0], "./w:numFmt/@w:val")
            text = xpath(lvl[0], "./w:lvlText/@w:val")
            start = xpath(lvl[0], "./w:start/@w:val")
            suffix = xpath(lvl[0], "./w:suff/@w:val")
            legal = xpath(lvl[0], "./w:isLgl")
            return (("decimal" if legal else str(fmt[0])) if fmt else "decimal",
                    str(text[0]) if text else "", int(start[0]) if start and str(start[0]).isdigit() else 1,
                    str(suffix[0]) if suffix else "tab")

        return abstract_id, levels, num


_W_ILVL = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}ilvl"


def _num_pr(elements: list) -> tuple[str | None, int]:
    """The list (numId) and level of the first element (paragraph, then its styles) that sets them."""
    num_id: str | None = None
    level: int | None = None
    for element in elements:
        if num_id is None:
            found = xpath(element, "./w:pPr/w:numPr/w:numId/@w:val")
            num_id = str(found[0]) if found else None
        if level is None:
            found = xpath(element, "./w:pPr/w:numPr/w:ilvl/@w:val")
            level = int(found[0]) if found and str(found[0]).isdigit() else None
    return num_id, min(level or 0, 8)
