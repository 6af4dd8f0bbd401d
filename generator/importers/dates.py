"""Dates as Chinese documents write them: 2024年3月18日, 2024.3.18, 2024-03-18, 二〇二四年三月十八日."""
from __future__ import annotations

import datetime as dt
import re

_FULLWIDTH = str.maketrans({chr(0xFF10 + i): str(i) for i in range(10)} | {"．": ".", "－": "-", "／": "/"})
_YMD = re.compile(r"(?<!\d)(\d{4})[ \u3000]*年[ \u3000]*(\d{1,2})[ \u3000]*月[ \u3000]*(\d{1,2})[ \u3000]*日")
_SEPARATED = re.compile(r"(?<![\d.])(\d{4})([.\-/])(\d{1,2})\2(\d{1,2})(?![\d.])")
_HAN_DIGITS = "〇一二三四五六七八九"
_HAN_YMD = re.compile(r"([〇○零Ｏ一二三四五六七八九]{4})[ \u3000]*年[ \u3000]*([一二三四五六七八九十]{1,3})[ \u3000]*月"
                      r"[ \u3000]*([一二三四五六七八九十]{1,3})[ \u3000]*[日号]")
DATE_LINE_MAX = 40  # a date line is short: a unit's name and the date, say
_SENTENCE = "。，,；;！？!?"


def _han_number(text: str) -> int | None:
    """一 .. 三十一 as an int."""
    if "十" not in text:
        return _HAN_DIGITS.index(text) if len(text) == 1 and text in _HAN_DIGITS else None
    tens, _, ones = text.partition("十")
    value = (_HAN_DIGITS.index(tens) if tens else 1) * 10 + (_HAN_DIGITS.index(ones) if ones else 0)
    return value if len(tens) <= 1 and len(ones) <= 1 else None


def find_date(text: str) -> tuple[dt.date, str] | None:
    """The first real date written in ``text`` and the text it was written as."""
    folded = text.translate(_FULLWIDTH)
    for pattern in (_YMD, _SEPARATED):
        for match in pattern.finditer(folded):
            year, month, day = match.group(1), match.group(match.lastindex - 1), match.group(match.lastindex)
            try:
                return dt.date(int(year), int(month), int(day)), text[match.start():match.end()]
            except ValueError:
                continue
    for match in _HAN_YMD.finditer(folded):
        year = "".join(str(_HAN_DIGITS.index(c)) if c in _HAN_DIGITS else "0" for c in match.group(1))
        month, day = _han_number(match.group(2)), _han_number(match.group(3))
        if month is None or day is None:
            continue
        try:
            return dt.date(int(year), month, day), text[match.start():match.end()]
        except ValueError:
            continue
    return None


def date_line(text: str) -> tuple[dt.date, str] | None:
    """A paragraph that is a date line (a date, perhaps with a unit's name), not a sentence with a date in it."""
    text = text.strip()
    if not text or len(text) > DATE_LINE_MAX:
        return None
    found = find_date(text)
    if found is None:
        return None
    rest = text.replace(found[1], "", 1)
    if any(ch in rest for ch in _SENTENCE) or len(rest.strip(" \u3000()（）")) > 20:
        return None
    return found
