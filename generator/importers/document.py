"""A Word document as the importer needs it, independent of the library that read it.

``word.py`` fills these from a .docx; ``draft.py`` turns them into a case. Keeping the two
apart lets the rules (which paragraph is the title, which part is which section) be read
and tested without python-docx.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Union


@dataclass(frozen=True)
class Text:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Link:
    url: str
    parts: tuple[Text, ...]


@dataclass(frozen=True)
class Picture:
    """An image where it stands in the text. ``key`` names the image inside the document (the
    same picture used twice is one file); ``suffix`` is its type (".png", ".emf", …); ``blob``
    is None when the document only links to a file elsewhere."""

    key: str
    suffix: str
    blob: bytes | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class NoteRef:
    key: tuple[str, str]  # ("footnote" | "endnote", the note's id in the document)


@dataclass(frozen=True)
class Break:
    """A line break inside a paragraph."""


Inline = Union[Text, Link, Picture, NoteRef, Break]


@dataclass
class Paragraph:
    inlines: list[Inline]
    style: str = ""  # the style's name, for Title/Subtitle/Caption
    heading: int | None = None  # 1-9 from a heading style or an outline level
    title_style: bool = False
    subtitle_style: bool = False
    centred: bool = False
    bold: bool = False  # all of its text is bold
    label: str = ""  # the text of Word's automatic numbering, "一、", "（一）", "1."
    list_kind: str | None = None  # "bullet" or "ordered" for a Markdown list item; None otherwise
    list_level: int = 0
    number: int = 0  # 1-based among the document's non-empty paragraphs (0: in a table or a note)

    @property
    def text(self) -> str:
        """The text a reader sees, with the automatic number of a non-list paragraph."""
        words = "".join(_plain(i) for i in self.inlines)
        return (self.label + words) if self.label and self.list_kind is None else words

    @property
    def pictures(self) -> list[Picture]:
        return [i for i in self.inlines if isinstance(i, Picture)]

    @property
    def empty(self) -> bool:
        return not self.text.strip() and not self.pictures


def _plain(inline: Inline) -> str:
    if isinstance(inline, Text):
        return inline.text
    if isinstance(inline, Link):
        return "".join(p.text for p in inline.parts)
    if isinstance(inline, Break):
        return "\n"
    return ""


@dataclass
class Table:
    """Rows of cells on the table's grid; a cell another one spans (merged) is None."""

    rows: list[list[list[Paragraph] | None]]
    merged: bool = False


Block = Union[Paragraph, Table]


@dataclass
class WordDocument:
    blocks: list[Block]
    notes: dict[tuple[str, str], list[Paragraph]] = field(default_factory=dict)
    created: dt.datetime | None = None
    modified: dt.datetime | None = None
    tracked_changes: bool = False
