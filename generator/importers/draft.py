"""A ``WordDocument`` -> a case draft: title, date, summary, the body in the required sections,
the images to save. Pure: reads nothing from disk and writes nothing.

The rules, in the order a reader meets them:

- Title: a paragraph in the Title style, else the first paragraph if it is short and centred
  or bold, else the file name. A centred line starting with "——" under it is its subtitle.
- Date: a date line (2024年3月18日, 2024.3.18, 2024-03-18, 二〇二四年三月十八日, perhaps with
  the unit's name) among the first paragraphs or the last ones (the signature), else the
  document's created (then modified) date, else today.
- Parts: a heading style, or a short paragraph numbered "一、" / "（一）" (or bold and numbered
  "1."), or a short bold paragraph worded like a section. A first-level part worded like a
  section (headings.py) starts that section; any other first-level part stays as a heading
  of its own under the section before it. Text before the first part goes into the first
  section (背景). A section the document lacks gets the template's 【请填写】 hint.
- Pictures: saved as image-01.png, image-02.jpg … in order of appearance and linked where
  they stood; a paragraph right after a picture that starts "图1" (or in the Caption style)
  is its caption: the image's alt text, which the case page shows under it.
- Tables: Markdown tables (the first row as header); a merged cell's text stays in its
  top-left position, the positions it covers are left empty.
- Footnotes and endnotes: Markdown footnotes ("[^1]", the notes at the end of the body).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..body import HINT_MARK
from .dates import date_line
from .document import NoteRef, Paragraph, Picture, Table, WordDocument
from .headings import HeadingTable, numbered_level, wording
from .markdown import escape, inline_markdown, table_markdown

PUBLISHABLE_IMAGES = (".png", ".jpg", ".gif", ".webp")
TITLE_MAX_CHARS = 60  # a first paragraph longer than this is text, not a title
HEADING_MAX_CHARS = 40
SUMMARY_MAX = 200
DATE_LOOKS = 6  # paragraphs looked at for a date line at the start; 3 more at the end
_SENTENCE_ENDS = "。！？!?；;"
_CAPTION = re.compile(r"(?:图|图片|照片)[ \u3000]*[0-9０-９一二三四五六七八九十]+")
_CHINA = dt.timezone(dt.timedelta(hours=8))  # a document's created time is stored in UTC
# Stands for the case id in the body until the id is known (it depends on the date found):
# a NUL cannot occur in a document's text (XML forbids it).
CASE = "\0case\0"


@dataclass(frozen=True)
class DraftImage:
    name: str  # inside the case's folder: image-01.png
    blob: bytes = field(repr=False)


@dataclass(frozen=True)
class Found:
    """Where a piece of the draft came from: ``how`` is a message key, ``number`` a paragraph."""

    how: str
    number: int = 0
    text: str = ""


@dataclass
class Draft:
    title: str
    title_from: Found
    date: dt.date
    date_from: Found
    summary: str | None
    summary_from: str | None  # the section the summary was taken from
    body: str
    mapped: list[tuple[Found, str]] = field(default_factory=list)  # a part's heading -> its section
    kept: list[tuple[Found, str]] = field(default_factory=list)  # a part kept as a heading in a section
    sections: tuple[str, ...] = ()
    images: list[DraftImage] = field(default_factory=list)
    unsupported: list[tuple[int, str]] = field(default_factory=list)  # (picture number, suffix or "link")
    tables: int = 0
    merged_tables: list[int] = field(default_factory=list)
    notes: int = 0
    captions: int = 0  # pictures whose caption paragraph became their alt text
    missing: list[str] = field(default_factory=list)  # required sections the document has no part for
    tracked_changes: bool = False

    def body_for(self, case_id: str) -> str:
        """The body with the pictures linked in ``<case_id>/``."""
        return self.body.replace(CASE, case_id)


def compose(doc: WordDocument, file_stem: str, table: HeadingTable, today: dt.date) -> Draft:
    """The draft of ``doc``; ``Draft.body_for(case_id)`` links its pictures as ``<case_id>/image-NN``."""
    return _Composer(doc, CASE, table).draft(file_stem, today)


class _Composer:
    def __init__(self, doc: WordDocument, case_id: str, table: HeadingTable) -> None:
        self.doc = doc
        self.case_id = case_id
        self.table = table
        self.sections = table.sections
        self.out: dict[str, list[str]] = {name: [] for name in self.sections}
        self.texts: dict[str, list[str]] = {name: [] for name in self.sections}
        self.worded: set[str] = set()  # sections with some text (not only pictures)
        self.used: set[int] = set()  # blocks consumed by the title, the date or a caption
        self.images: dict[str, str] = {}  # picture key -> file name
        self.saved: list[DraftImage] = []
        self.unsupported: list[tuple[int, str]] = []
        self.picture_numbers: dict[str, int] = {}
        self.note_numbers: dict[tuple[str, str], int] = {}
        self.mapped: list[tuple[Found, str]] = []
        self.kept: list[tuple[Found, str]] = []
        self.tables = 0
        self.merged: list[int] = []
        self.captions = 0

    def draft(self, file_stem: str, today: dt.date) -> Draft:
        title, title_from = self._title(file_stem)
        date, date_from = self._date(today)
        self._name_pictures()
        self._walk()
        missing = [name for name in self.sections if not self.out[name]]
        summary, summary_from = self._summary()
        body = self._body()
        return Draft(title, title_from, date, date_from, summary, summary_from, body, self.mapped, self.kept,
                     self.sections, self.saved, self.unsupported, self.tables, self.merged, len(self.note_numbers), self.captions, missing,
                     self.doc.tracked_changes)

    # --- title and date -------------------------------------------------------------

    def _paragraphs(self) -> list[tuple[int, Paragraph]]:
        return [(i, b) for i, b in enumerate(self.doc.blocks) if isinstance(b, Paragraph) and not b.empty]

    def _title(self, file_stem: str) -> tuple[str, Found]:
        paragraphs = [(i, p) for i, p in self._paragraphs() if p.text.strip()][:DATE_LOOKS]
        styled = next(((n, (i, p)) for n, (i, p) in enumerate(paragraphs) if p.title_style), None)
        if styled is not None:
            n, (i, p) = styled
            return self._take_title(paragraphs, n, Found("import-title-style", p.number))
        if paragraphs:
            i, p = paragraphs[0]
            text = _one_line(p.text)
            # a first line in a heading style is the title too, unless it names a part ("基本情况")
            if (len(text) <= TITLE_MAX_CHARS and (p.centred or p.bold or p.heading is not None)
                    and numbered_level(text) is None and date_line(text) is None and self.table.named(text) is None):
                return self._take_title(paragraphs, 0, Found("import-title-first", p.number))
        title = " ".join(file_stem.split()) or "-"
        return title, Found("import-title-file", 0, title)

    def _take_title(self, paragraphs: list[tuple[int, Paragraph]], n: int, found: Found) -> tuple[str, Found]:
        i, p = paragraphs[n]
        self.used.add(i)
        title = _one_line(p.text)
        if n + 1 < len(paragraphs):
            j, sub = paragraphs[n + 1]
            text = _one_line(sub.text)
            if text.startswith(("——", "—", "--")) and (sub.centred or sub.subtitle_style):
                self.used.add(j)
                title += text if text.startswith("——") else "——" + text.lstrip("—- ")
        return title, Found(found.how, found.number, title)

    def _date(self, today: dt.date) -> tuple[dt.date, Found]:
        paragraphs = [(i, p) for i, p in self._paragraphs() if i not in self.used and p.text.strip()]
        looked = paragraphs[:DATE_LOOKS] + paragraphs[DATE_LOOKS:][-3:]
        for i, p in looked:
            if p.heading is not None or p.title_style:
                continue
            found = date_line(p.text)
            if found is not None:
                self.used.add(i)
                return found[0], Found("import-date-paragraph", p.number, _one_line(p.text))
        for value, how in ((self.doc.created, "import-date-created"), (self.doc.modified, "import-date-modified")):
            if value is not None:
                local = value.astimezone(_CHINA) if value.tzinfo is not None else value
                return local.date(), Found(how)
        return today, Found("import-date-today")

    # --- pictures -------------------------------------------------------------------

    def _name_pictures(self) -> None:
        """image-01.png, image-02.jpg … by first appearance in the document; pictures Casebook
        cannot publish (EMF, WMF, TIFF, BMP, linked files) get a number but no file."""
        count = 0
        for picture in self._all_pictures():
            if picture.key in self.picture_numbers:
                continue
            count += 1
            self.picture_numbers[picture.key] = count
            if picture.blob is not None and picture.suffix in PUBLISHABLE_IMAGES:
                name = f"image-{count:02d}{picture.suffix}"
                self.images[picture.key] = name
                self.saved.append(DraftImage(name, picture.blob))
            else:
                self.unsupported.append((count, picture.suffix if picture.blob is not None else "link"))

    def _all_pictures(self):
        for block in self.doc.blocks:
            for p in _block_paragraphs(block):
                yield from p.pictures
        for paragraphs in self.doc.notes.values():
            for p in paragraphs:
                yield from p.pictures

    def _picture(self, picture: Picture, alt: str | None = None) -> str:
        number = self.picture_numbers[picture.key]
        name = self.images.get(picture.key)
        if name is None:
            kind = (f"（{picture.suffix.lstrip('.').upper()} 格式）" if picture.blob is not None
                    else "（链接到文档以外的文件，没有保存在文档里）")
            return (f"{HINT_MARK}此处原有第 {number} 张图片{kind}，网站无法显示：请在 Word 中把它另存为 PNG 或 JPG，"
                    f"放进 {self.case_id}/ 文件夹，再把这一句换成这张图片（写法见投稿指南“插入图片和附件”）")
        return f"![{escape(alt or f'图片{number}')}]({self.case_id}/{name})"

    def _note(self, ref: NoteRef) -> str:
        if ref.key not in self.doc.notes:
            return ""
        number = self.note_numbers.setdefault(ref.key, len(self.note_numbers) + 1)
        return f"[^{number}]"

    # --- the body ---------------------------------------------------------------------

    def _walk(self) -> None:
        styled = [b.heading for i, b in enumerate(self.doc.blocks)
                  if isinstance(b, Paragraph) and b.heading is not None and i not in self.used and not b.empty]
        top = min(styled, default=1)
        current, in_part = self.sections[0], False
        items: list[str] = []  # list items waiting to be written as one list
        blocks = self.doc.blocks

        def emit(text: str, plain: str | None = None, worded: bool = True) -> None:
            if items:
                self.out[current].append("\n".join(items))
                items.clear()
            self.out[current].append(text)
            if worded:
                self.worded.add(current)
            if plain:
                self.texts[current].append(plain)

        for i, block in enumerate(blocks):
            if i in self.used:
                continue
            if isinstance(block, Table):
                self.tables += 1
                rendered = self._table(block)
                if rendered:
                    emit(rendered)
                continue
            p = block
            if p.empty:
                continue
            level = self._level(p, top, bool(styled))
            if level == 1:
                section = self.table.section_of(p.text)
                found = Found("", p.number, _one_line(p.text))
                if section is not None and section not in {s for _f, s in self.mapped}:
                    if items:
                        self.out[current].append("\n".join(items))
                        items.clear()
                    current, in_part = section, False
                    self.mapped.append((found, section))
                    continue
                if section is not None:
                    current = section
                emit(f"### {escape(wording(p.text) or _one_line(p.text))}")
                how = "import-part-repeated" if section is not None else "import-part-kept"
                self.kept.append((Found(how, found.number, found.text), current))
                in_part = True
                continue
            if level in (2, 3):
                emit(f"{'#' * min(6, level + 1 + in_part)} {escape(_one_line(p.text))}")
                continue
            if p.list_kind is not None and p.text.strip():
                items.append(self._list_item(p))
                self.texts[current].append(p.text)
                self.worded.add(current)
                continue
            pictures_only = p.pictures and not p.text.strip()
            if pictures_only:
                emit(self._figures(p, i), worded=False)
                continue
            label = escape(p.label) if p.label and p.list_kind is None else ""
            text = inline_markdown(p.inlines, self._picture, self._note)
            emit(escape_first(label, text), p.text)
        if items:
            self.out[current].append("\n".join(items))

    def _level(self, p: Paragraph, top: int, styled: bool) -> int | None:
        """1, 2 or 3 for a part's heading at that level; None for text."""
        text = _one_line(p.text)
        if p.heading is not None:
            return min(3, p.heading - top + 1) if p.heading >= top else 1
        if not _heading_like(text):
            return None
        if p.list_kind == "ordered":
            return 3 if p.bold else None
        if p.list_kind == "bullet":
            return None
        numbered = numbered_level(text)
        if numbered is not None:
            level = numbered[0]
            if self.table.named(text) is not None:  # "1. 基本情况": parts numbered with digits
                return 1
            if styled:  # the parts have heading styles: a typed number is a point inside one
                return min(3, level + 1) if p.bold else None
            return level if level < 3 or p.bold else None
        if p.bold and self.table.named(text) is not None:
            return 1
        return None

    def _list_item(self, p: Paragraph) -> str:
        marker = "-" if p.list_kind == "bullet" else p.label
        text = inline_markdown(p.inlines, self._picture, self._note).replace("  \n", "  \n" + " " * 4 * (p.list_level + 1))
        return f"{' ' * 4 * p.list_level}{marker} {text}"

    def _figures(self, p: Paragraph, i: int) -> str:
        pictures = p.pictures
        caption = None
        if len(pictures) == 1:
            nxt = next(((j, b) for j, b in enumerate(self.doc.blocks[i + 1:], i + 1)
                        if not (isinstance(b, Paragraph) and b.empty)), None)
            if nxt is not None and isinstance(nxt[1], Paragraph) and nxt[0] not in self.used:
                text = _one_line(nxt[1].text)
                if text and len(text) <= 100 and (_CAPTION.match(text) or nxt[1].style.lower() in ("caption", "题注")):
                    caption = text
                    self.used.add(nxt[0])
                    self.captions += 1
        return "\n\n".join(self._picture(picture, caption) for picture in pictures)

    def _table(self, table: Table) -> str:
        cells = [[self._cell(c) for c in row] for row in table.rows]
        cells = [row for row in cells if any(c.strip() for c in row)]
        if not cells:
            return ""
        if table.merged:
            self.merged.append(self.tables)
        if len(table.rows) == 1 and len(table.rows[0]) == 1:
            return cells[0][0].replace("<br>", "\n\n")  # a one-cell table is a framed paragraph
        return table_markdown(cells)

    def _cell(self, paragraphs: list[Paragraph] | None) -> str:
        if not paragraphs:
            return ""
        parts = []
        for p in paragraphs:
            if p.empty:
                continue
            text = inline_markdown(p.inlines, self._picture, self._note).replace("  \n", "<br>")
            marker = "- " if p.list_kind == "bullet" else (p.label + " " if p.list_kind == "ordered" else "")
            parts.append(marker + escape_first(escape(p.label) if p.label and p.list_kind is None else "", text))
        return "<br>".join(parts)

    # --- summary and the whole body ------------------------------------------------------

    def _summary(self) -> tuple[str | None, str | None]:
        for section in self.sections[:2]:
            for text in self.texts[section]:
                summary = summary_of(text)
                if summary:
                    return summary, section
        return None, None

    def _body(self) -> str:
        from ..scaffold import SECTION_HINTS  # the same hints as `casebook new`

        chunks = []
        for name in self.sections:
            chunks.append(f"## {name}")
            chunks.extend(self.out[name])
            if name not in self.worded:  # nothing, or pictures only: the page would show an empty section
                chunks.append(f"{HINT_MARK}{SECTION_HINTS.get(name, '')}")
        for key, number in sorted(self.note_numbers.items(), key=lambda kv: kv[1]):
            text = " ".join(inline_markdown(p.inlines, self._picture, lambda _r: "")
                            for p in self.doc.notes[key] if not p.empty)
            chunks.append(f"[^{number}]: {text.strip() or '-'}")
        return "\n\n".join(chunks) + "\n"


def escape_first(label: str, text: str) -> str:
    """A paragraph's automatic number before its text (the number is escaped already)."""
    return f"{label}{text}" if label else text


def summary_of(text: str) -> str | None:
    """The first sentences of ``text``, cut at a sentence end within SUMMARY_MAX characters."""
    text = " ".join(text.split())
    if not text:
        return None
    if len(text) <= SUMMARY_MAX:
        return text
    cut = max(text.rfind(ch, 0, SUMMARY_MAX) for ch in _SENTENCE_ENDS)
    return text[:cut + 1] if cut > 0 else text[:SUMMARY_MAX - 1] + "…"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _heading_like(text: str) -> bool:
    """Short, on its own, no sentence inside it: a heading, not a paragraph that starts with a number."""
    if not text or len(text) > HEADING_MAX_CHARS:
        return False
    return not any(ch in text[:-1] for ch in "。！？；!?;")


def _block_paragraphs(block):
    if isinstance(block, Paragraph):
        yield block
    else:
        for row in block.rows:
            for cell in row:
                yield from cell or []
