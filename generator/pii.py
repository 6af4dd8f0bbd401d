"""Personal data in case text: resident ID numbers, mobile numbers, vehicle plates.

Text is scanned as a reader will see it: character references decoded, Markdown
emphasis and HTML tags, zero-width and other format characters dropped, unusual
spaces and dashes made plain; full-width digits and letters are folded to ASCII.
Every match keeps its place in the text as written, so lines stay right.
Matches are reported masked, and ``mask_personal_data`` masks every message
(the report itself must not spread the number).
"""
from __future__ import annotations

import html
import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any, Iterator

from stdnum.cn import ric
from stdnum.exceptions import ValidationError

from .errors import Problem, format_field
from .load import iter_strings

_FOLD = str.maketrans({chr(0xFF10 + i): str(i) for i in range(10)} | {
    chr(0xFF21 + i): chr(0x41 + i) for i in range(26)} | {chr(0xFF41 + i): chr(0x61 + i) for i in range(26)} | {
    "－": "-", "＋": "+", "\u3000": " "})
_SEP = r"[ \t\-]?"
# Letters around a number do not hide it from a reader ("tel13800138000", "ID110101…"): only
# digits on either side make it part of a longer number.
_ID = re.compile(rf"(?<![0-9])[1-9](?:{_SEP}[0-9]){{16}}{_SEP}[0-9Xx](?![0-9])")
_OLD_ID = re.compile(rf"(?<![0-9])[1-9](?:{_SEP}[0-9]){{14}}(?![0-9])")  # 15 digits, before 1999
_MOBILE = re.compile(rf"(?<![0-9+])(?:\+?86{_SEP})?1[3-9][0-9](?:{_SEP}[0-9]){{8}}(?![0-9])")
# In messages, any run that could be an ID number is masked, valid check digit or not: a number
# with one digit mistyped is still somebody's (reporting still needs a valid one, see id_number_valid).
_ID_LIKE_RUN = re.compile(r"(?<![0-9])[0-9]{14}(?:[0-9]{3}[0-9Xx])?(?![0-9])")
_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_LETTER = "A-HJ-NP-Z"
_PLATE = re.compile(
    rf"[{_PROVINCES}][ \-]?[{_LETTER}][·•・ \-]?"
    rf"(?:[DF][{_LETTER}0-9][0-9]{{4}}|[0-9]{{5}}[DF]|[{_LETTER}0-9]{{4}}[{_LETTER}0-9挂学警])(?![A-Za-z0-9])"
)
# The province codes that start a resident ID number (GB/T 2260): a 15-digit number has no check digit.
_PROVINCE_CODES = frozenset(("11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36",
                             "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62",
                             "63", "64", "65", "71", "81", "82", "83"))

KINDS = ("pii-id-number", "pii-phone", "pii-plate")


@dataclass(frozen=True)
class Match:
    code: str
    text: str  # as written
    offset: int  # where ``text`` starts in the text scanned
    shown: str = ""  # as a reader sees it, when that differs

    @property
    def masked(self) -> str:
        chars = [c for c in (self.shown or self.text)]
        keep_head = 2 if self.code == "pii-plate" else 3
        visible = [i for i, c in enumerate(chars) if c.isalnum()]
        hidden = visible[keep_head:-2] if len(visible) > keep_head + 2 else []
        for i in hidden:
            chars[i] = "*"
        return "".join(chars)


def id_number_valid(digits: str) -> bool:
    """An 18-digit number with a right check digit and a real birth date, or a 15-digit one
    (issued before 1999, no check digit) with a province code and a real date of the 1900s.
    Date and check digit are python-stdnum's ``cn.ric``; the place is not looked up (its
    table would miss numbers of counties that were renamed)."""
    if len(digits) == 15:
        if not digits.isdigit() or digits[:2] not in _PROVINCE_CODES:
            return False
        digits = digits[:6] + "19" + digits[6:] + "0"
        digits = digits[:17] + ric.calc_check_digit(digits)
    if len(digits) != 18 or not digits[:17].isdigit():
        return False
    try:
        return ric.calc_check_digit(digits) == digits[17].upper() and bool(ric.get_birth_date(digits))
    except (ValidationError, ValueError):
        return False


_FULLWIDTH = re.compile("[" + "".join(sorted(k if isinstance(k, str) else chr(k) for k in _FOLD)) + "]")
_DIGIT = re.compile(r"[0-9\uff10-\uff19]|&#")  # every pattern needs digits: most text has none to look at

# Unicode's format characters (category Cf: zero-width spaces and joiners, soft hyphen, bidi
# controls, ...), which a page does not show; tests/security/test_pii_everywhere.py checks the
# list against unicodedata.
FORMAT_CHARS = ("\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
                "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
                "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f")
_SPACES = "\u00a0\u1680\u2000-\u200a\u202f\u205f"
_DASHES = "\u2010-\u2015\u2212\ufe58\ufe63"
# What the page does not show between two characters: a character reference stands for one;
# Markdown emphasis, backslash escapes and HTML tags, and format characters vanish.
_UNSEEN = re.compile(
    r"(&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)"
    rf"|<[^<>\n]{{0,200}}>|[*_~`]{{1,3}}|\\(?=[!-/:-@\[-`{{-~]])|[{FORMAT_CHARS}]|([{_SPACES}])|([{_DASHES}])"
)
_PLAIN = str.maketrans({"\u00a0": " ", "\u1680": " ", "\u202f": " ", "\u205f": " "}
                       | {chr(c): " " for c in range(0x2000, 0x200B)}
                       | {chr(c): "-" for c in (*range(0x2010, 0x2016), 0x2212, 0xFE58, 0xFE63)})
_FORMAT = re.compile(f"[{FORMAT_CHARS}]")


@dataclass
class ReaderText:
    """Text as a reader sees it, with a way back to the text as written: ``shown`` is made of
    segments, each a copy of the written text or what one unseen piece of it became."""

    shown: str
    _at: list[int]  # where each segment starts in ``shown``
    _written: list[tuple[int, int, bool]]  # its (start, end) in the written text, and whether a copy

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The written span of ``shown[start:end]``."""
        if not self._at:
            return start, end
        i = bisect_right(self._at, start) - 1
        first, _last, copy = self._written[i]
        out_start = first + (start - self._at[i]) if copy else first
        j = bisect_right(self._at, end - 1) - 1
        first, last, copy = self._written[j]
        return out_start, (first + (end - self._at[j]) if copy else last)


def reader_text(text: str) -> ReaderText:
    """``text`` as a reader sees it: character references decoded; Markdown emphasis, backslash
    escapes, HTML tags and format characters dropped; other spaces and dashes made plain."""
    if not _UNSEEN.search(text):
        return ReaderText(text, [], [])
    shown: list[str] = []
    at: list[int] = []
    written: list[tuple[int, int, bool]] = []
    size = last = 0
    for m in _UNSEEN.finditer(text):
        if m.start() > last:
            at.append(size)
            written.append((last, m.start(), True))
            shown.append(text[last:m.start()])
            size += m.start() - last
        glued_before = text[m.start() - 1: m.start()] if m.start() > last else ""
        last = m.end()
        if m.group(1):  # a character reference: what it stands for, made plain
            seen = _FORMAT.sub("", html.unescape(m.group(1)).translate(_PLAIN))
        elif m.group(2) or m.group(3):
            seen = m.group(0).translate(_PLAIN)
        elif _glues(glued_before, text[m.end():m.end() + 1]):
            seen = " "  # "ID**110…**": dropping the markup would make one word of "ID" and the number
        else:
            continue
        if seen:
            at.append(size)
            written.append((m.start(), m.end(), False))
            shown.append(seen)
            size += len(seen)
    if last < len(text):
        at.append(size)
        written.append((last, len(text), True))
        shown.append(text[last:])
    return ReaderText("".join(shown), at, written)


def _glues(before: str, after: str) -> bool:
    """Whether dropping what stands between these two characters would join a letter and a digit."""
    before, after = before.translate(_FOLD), after.translate(_FOLD)
    return (before.isascii() and before.isalnum() and after.isascii() and after.isalnum()
            and not (before.isdigit() and after.isdigit()))


def find_personal_data(text: str) -> Iterator[Match]:
    """Every ID number, mobile number and plate a reader would see in ``text``."""
    if not _DIGIT.search(text):
        return
    reader = reader_text(text)
    shown = reader.shown
    folded = shown.translate(_FOLD) if _FULLWIDTH.search(shown) else shown  # translate is slow on long text
    taken: list[tuple[int, int]] = []  # a phone number inside an ID number is not a second finding
    for code, pattern in (("pii-id-number", _ID), ("pii-id-number", _OLD_ID), ("pii-phone", _MOBILE),
                          ("pii-plate", _PLATE)):
        for m in pattern.finditer(folded):
            if code == "pii-id-number" and not id_number_valid(re.sub(r"[ \t\-]", "", m.group(0))):
                continue
            if any(m.start() < end and start < m.end() for start, end in taken):
                continue
            taken.append(m.span())
            start, end = reader.span(m.start(), m.end())
            written = text[start:end]
            yield Match(code, written, start, "" if written == m.group(0) else shown[m.start():m.end()])


def mask_personal_data(text: str) -> str:
    """``text`` with every ID number, mobile number and plate in it masked."""
    if not _DIGIT.search(text):
        return text
    out, last = [], 0
    for m in sorted(find_personal_data(text), key=lambda m: m.offset):
        if m.offset < last:
            continue
        out += [text[last:m.offset], m.masked]
        last = m.offset + len(m.text)
    text = "".join(out) + text[last:] if out else text
    return _ID_LIKE_RUN.sub(lambda m: Match("pii-id-number", m.group(0), m.start()).masked, text)


_ADVICE = {
    "error": ("公开案例中不得出现：请删除或改写（如“王某某”“138****0000”）；确属已公开的号码，请把原文写入 pii_allow 字段",
              "not allowed in a public case: delete or mask it; if the number is already public, list it verbatim in pii_allow"),
    "warning": ("请确认确有必要，否则删除或改写；确属已公开的号码，请把原文写入 pii_allow 字段",
                "make sure it is needed, otherwise delete or mask it; if it is already public, list it verbatim in pii_allow"),
}


_REGISTRY_ADVICE = (
    "登记表的内容会显示在网站的每个版本上：请删除或改写（如“王某某”“138****0000”）",
    "registry entries are shown on every edition of the site: delete or mask it",
)


# Fields whose valid values cannot hold personal data: skipped when the value is valid
# (an invalid one is scanned, and reported by its own check too).
_ID_LIKE = re.compile(r"[a-z0-9][a-z0-9-]{0,63}").fullmatch
_CHECKED_ELSEWHERE = {
    "pii_allow": lambda text: True,
    "date": re.compile(r"\d{4}-\d{2}-\d{2}").fullmatch,
    "status": _ID_LIKE, "visibility": _ID_LIKE, "related": _ID_LIKE, "replicated_from": _ID_LIKE,
}


def check_personal_data(rel: str, data: dict[str, Any], lines: dict[tuple, int], body: str,
                        body_line: int, strings: list[tuple[tuple, str]] | None = None,
                        severity: str | None = None, registry: bool = False) -> list[Problem]:
    """Personal data in every field name and value and in the body: errors unless the case (or
    collection) is exactly internal, or as ``severity`` says (registries: by edition).

    ``strings``: ``iter_strings(data)`` when the caller already has it (with the paths ``lines`` uses).
    """
    severity = severity or ("warning" if data.get("visibility") == "internal" else "error")
    allowed = {a for a in (data.get("pii_allow") or []) if isinstance(a, str)} if isinstance(data.get("pii_allow"), list) else set()
    found: list[tuple[int | None, str | None, Match]] = []
    kept = [(path, text) for path, text in (strings if strings is not None else iter_strings(data))
            if not (path[:1] and path[0] in _CHECKED_ELSEWHERE and _CHECKED_ELSEWHERE[path[0]](text))]
    kept += [(path, path[-1]) for path in lines if path and isinstance(path[-1], str)]  # field names
    paths = [path for path, _ in kept]
    texts = [text for _, text in kept]
    # All field names and values in one scan, "\n" between them (no pattern crosses a line break).
    starts = [0]
    for text in texts:
        starts.append(starts[-1] + len(text) + 1)
    for m in find_personal_data("\n".join(texts)):
        i = bisect_right(starts, m.offset) - 1
        found.append((lines.get(paths[i]), format_field(paths[i]), m))
    line_starts = None
    for m in find_personal_data(body):  # the whole body at once, lines from the offsets
        if line_starts is None:
            line_starts = [0] + [i + 1 for i, ch in enumerate(body) if ch == "\n"]
        found.append((body_line + bisect_right(line_starts, m.offset) - 1, None, m))
    advice_zh, advice_en = _REGISTRY_ADVICE if registry else _ADVICE[severity]
    return [
        Problem(rel, line, field, m.code, severity,  # type: ignore[arg-type]
                params={"masked": m.masked, "advice_zh": advice_zh, "advice_en": advice_en})
        for line, field, m in found if m.text not in allowed and (m.shown or m.text) not in allowed
    ]


def check_file_names(rel_folder: str, names: list[str], severity: str) -> list[Problem]:
    """Personal data in the names of a case's attachments (shown in links and downloads)."""
    advice_zh, advice_en = _ADVICE[severity]
    return [Problem(f"{rel_folder}/{name}", None, None, m.code, severity,  # type: ignore[arg-type]
                    params={"masked": m.masked, "advice_zh": advice_zh, "advice_en": advice_en})
            for name in names for m in find_personal_data(name)]
