"""Personal data in case text: resident ID numbers, mobile numbers, vehicle plates.

Matches are reported masked (the report itself must not spread the number).
Full-width digits and letters are folded to ASCII first, one character for one,
so positions and lines stay right.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any, Iterator

from .errors import Problem, format_field
from .load import iter_strings

_FOLD = str.maketrans({chr(0xFF10 + i): str(i) for i in range(10)} | {
    chr(0xFF21 + i): chr(0x41 + i) for i in range(26)} | {chr(0xFF41 + i): chr(0x61 + i) for i in range(26)} | {
    "－": "-", "＋": "+", "\u3000": " "})
_SEP = r"[ \t\-]?"
_ID = re.compile(rf"(?<![0-9A-Za-z])[1-9](?:{_SEP}[0-9]){{16}}{_SEP}[0-9Xx](?![0-9A-Za-z])")
_MOBILE = re.compile(rf"(?<![0-9A-Za-z+])(?:\+?86{_SEP})?1[3-9][0-9](?:{_SEP}[0-9]){{8}}(?![0-9])")
_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_LETTER = "A-HJ-NP-Z"
_PLATE = re.compile(
    rf"[{_PROVINCES}][{_LETTER}][·•・ \-]?"
    rf"(?:[DF][{_LETTER}0-9][0-9]{{4}}|[0-9]{{5}}[DF]|[{_LETTER}0-9]{{4}}[{_LETTER}0-9挂学警])(?![A-Za-z0-9])"
)
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"

KINDS = ("pii-id-number", "pii-phone", "pii-plate")


@dataclass(frozen=True)
class Match:
    code: str
    text: str  # as written
    offset: int

    @property
    def masked(self) -> str:
        chars = [c for c in self.text]
        keep_head = 2 if self.code == "pii-plate" else 3
        visible = [i for i, c in enumerate(chars) if c.isalnum()]
        hidden = visible[keep_head:-2] if len(visible) > keep_head + 2 else []
        for i in hidden:
            chars[i] = "*"
        return "".join(chars)


def id_number_valid(digits: str) -> bool:
    if len(digits) != 18 or not digits[:17].isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:17], _WEIGHTS))
    return _CHECK[total % 11] == digits[17].upper()


_FULLWIDTH = re.compile("[" + "".join(sorted(k if isinstance(k, str) else chr(k) for k in _FOLD)) + "]")
_DIGIT = re.compile(r"[0-9\uff10-\uff19]")  # every pattern needs digits: most text has none to look at


def find_personal_data(text: str) -> Iterator[Match]:
    if not _DIGIT.search(text):
        return
    folded = text.translate(_FOLD) if _FULLWIDTH.search(text) else text  # translate is slow on long text
    taken: list[tuple[int, int]] = []  # a phone number inside an ID number is not a second finding
    for code, pattern in (("pii-id-number", _ID), ("pii-phone", _MOBILE), ("pii-plate", _PLATE)):
        for m in pattern.finditer(folded):
            if code == "pii-id-number" and not id_number_valid(re.sub(r"[ \t\-]", "", m.group(0))):
                continue
            if any(m.start() < end and start < m.end() for start, end in taken):
                continue
            taken.append(m.span())
            yield Match(code, text[m.start():m.end()], m.start())


_ADVICE = {
    "error": ("公开案例中不得出现：请删除或改写（如“王某某”“138****0000”）；确属已公开的号码，请把原文写入 pii_allow 字段",
              "not allowed in a public case: delete or mask it; if the number is already public, list it verbatim in pii_allow"),
    "warning": ("请确认确有必要，否则删除或改写；确属已公开的号码，请把原文写入 pii_allow 字段",
                "make sure it is needed, otherwise delete or mask it; if it is already public, list it verbatim in pii_allow"),
}


# Fields whose valid values cannot hold personal data: skipped when the value is valid
# (an invalid one is scanned, and reported by its own check too).
_ID_LIKE = re.compile(r"[a-z0-9][a-z0-9-]{0,63}").fullmatch
_CHECKED_ELSEWHERE = {
    "pii_allow": lambda text: True,
    "date": re.compile(r"\d{4}-\d{2}-\d{2}").fullmatch,
    "status": _ID_LIKE, "visibility": _ID_LIKE, "related": _ID_LIKE, "replicated_from": _ID_LIKE,
}


def check_personal_data(rel: str, data: dict[str, Any], lines: dict[tuple, int], body: str,
                        body_line: int, strings: list[tuple[tuple, str]] | None = None) -> list[Problem]:
    """Personal data in every field and the body: errors unless the case is exactly internal.

    ``strings``: ``iter_strings(data)`` when the caller already has it.
    """
    severity = "warning" if data.get("visibility") == "internal" else "error"
    allowed = {a for a in (data.get("pii_allow") or []) if isinstance(a, str)} if isinstance(data.get("pii_allow"), list) else set()
    found: list[tuple[int | None, str | None, Match]] = []
    kept = [(path, text) for path, text in (strings if strings is not None else iter_strings(data))
            if not (path[:1] and path[0] in _CHECKED_ELSEWHERE and _CHECKED_ELSEWHERE[path[0]](text))]
    paths = [path for path, _ in kept]
    texts = [text for _, text in kept]
    # All field values in one scan, "\n" between them (no pattern crosses a line break).
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
    advice_zh, advice_en = _ADVICE[severity]
    return [
        Problem(rel, line, field, m.code, severity,  # type: ignore[arg-type]
                params={"masked": m.masked, "advice_zh": advice_zh, "advice_en": advice_en})
        for line, field, m in found if m.text not in allowed
    ]
