"""A .docx file -> ``WordDocument``, read with python-docx.

Why python-docx (the optional extra ``casebook[import]``), not mammoth or docx2python:
the rules of a Chinese government document need a paragraph's *look*, not only its text:
the title is the short centred bold first paragraph; "一、基本情况" is a bold paragraph more
often than a heading style. python-docx is the one of the three that exposes alignment,
bold with its inheritance through character and paragraph styles, heading styles and
outline levels, hyperlink addresses, core properties (the document's date) and the image
parts, on a faithful object for every element. mammoth converts to HTML by style maps and
drops alignment, the text of automatic numbering and the core properties; docx2python
gives numbering text and core properties but flattens runs into text with HTML tags, without
alignment. python-docx also builds our test documents, and parses XML without resolving
entities. What it does not cover we take from its own element objects, not from the zip:
the text of automatic numbering (numbering part, ``num_having_numId``), footnotes and
endnotes (their parts, parsed with its ``parse_xml``), merged cells (``grid_span`` and
``vMerge`` of each ``w:tc``), text inside ``w:ins``/``w:sdt``/fields (walked child by child,
where ``Paragraph.iter_inner_content`` would skip it). Checked with python-docx 1.1.0 and
1.2.0 (the bounds pyproject.toml declares).
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Iterator

from docx import Document as open_docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.text.hyperlink import Hyperlink
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run

from .document import Break, Inline, Link, NoteRef, Paragraph, Picture, Table, Text, WordDocument
from .numbering import Numbering, xpath

_P, _TBL, _R, _SDT, _HYPERLINK = qn("w:p"), qn("w:tbl"), qn("w:r"), qn("w:sdt"), qn("w:hyperlink")
_SDT_CONTENT = qn("w:sdtContent")
# Containers whose runs a reader sees: tracked insertions, content controls, fields, smart tags.
_SEE_THROUGH = frozenset(qn(t) for t in ("w:ins", "w:moveTo", "w:sdt", "w:sdtContent", "w:fldSimple",
                                         "w:smartTag", "w:customXml", "w:dir", "w:bdo"))
_DELETED = frozenset(qn(t) for t in ("w:del", "w:moveFrom"))
_INSERTED = frozenset(qn(t) for t in ("w:ins", "w:moveTo"))
_RUN_TEXT = frozenset(qn(t) for t in ("w:t", "w:tab", "w:br", "w:cr", "w:noBreakHyphen", "w:ptab"))
_DRAWING, _PICT, _OBJECT = qn("w:drawing"), qn("w:pict"), qn("w:object")
_NOTE_REFS = {qn("w:footnoteReference"): "footnote", qn("w:endnoteReference"): "endnote"}
_ALTERNATE = "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"
_VML_IMAGE = "{urn:schemas-microsoft-com:vml}imagedata"
_BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
_TEXTBOX = qn("w:txbxContent")
_R_EMBED = qn("r:embed")
_R_LINK = qn("r:link")
_R_ID = qn("r:id")
_TYPES = {"image/png": ".png", "image/jpeg": ".jpg", "image/jpg": ".jpg", "image/gif": ".gif",
          "image/webp": ".webp", "image/svg+xml": ".svg", "image/bmp": ".bmp", "image/tiff": ".tiff",
          "image/x-emf": ".emf", "image/x-wmf": ".wmf", "image/emf": ".emf", "image/wmf": ".wmf"}


def read_docx(path: Path) -> WordDocument:
    """The document at ``path``. Raises what python-docx and zipfile raise for a damaged file."""
    document = open_docx(str(path))
    reader = _Reader(document)
    blocks = list(reader.blocks(document.element.body))
    number = 0
    for block in blocks:
        if isinstance(block, Paragraph) and not block.empty:
            number += 1
            block.number = number
    props = document.core_properties
    return WordDocument(blocks, reader.notes(), _aware(props.created), _aware(props.modified),
                        reader.tracked)


def _aware(value: Any) -> dt.datetime | None:
    return value if isinstance(value, dt.datetime) else None


class _Reader:
    def __init__(self, document: Any) -> None:
        self.document = document
        self.part = document.part
        self.numbering = Numbering(self._part_element(RT.NUMBERING), self._style_numbering)
        self.tracked = False
        self._styles: dict[tuple[str | None, Any], _Style] = {}

    # --- blocks ---------------------------------------------------------------------

    def blocks(self, container: Any) -> Iterator[Paragraph | Table]:
        for child in container.iterchildren():
            if child.tag == _P:
                paragraph = self.paragraph(child)
                if not paragraph.style.lower().startswith(("toc", "目录")):  # a table of contents is not text
                    yield paragraph
                yield from self._text_boxes(child)
            elif child.tag == _TBL:
                yield self.table(child)
            elif child.tag == _SDT:
                if not _is_table_of_contents(child):
                    for content in child.iterchildren(_SDT_CONTENT):
                        yield from self.blocks(content)
            elif child.tag in _SEE_THROUGH:
                yield from self.blocks(child)
            elif child.tag in _DELETED:
                self.tracked = True

    def paragraph(self, p: Any, numbered: bool = True) -> Paragraph:
        docx_paragraph = DocxParagraph(p, self.document)
        style = self.style(p.style, WD_STYLE_TYPE.PARAGRAPH)
        inlines = list(self.inlines(p, docx_paragraph, style))
        label, kind, level = self.numbering.label(p, style.chain) if numbered else ("", None, 0)
        texts = [i for i in _texts(inlines) if i.text.strip()]
        own_level = _outline_level(p)
        alignment = docx_paragraph.alignment if docx_paragraph.alignment is not None else style.alignment
        return Paragraph(
            inlines=inlines,
            style=style.names[0] if style.names else "",
            heading=own_level if own_level is not None else style.heading,
            title_style=any(n.lower() in ("title", "标题") for n in style.names),
            subtitle_style=any(n.lower() in ("subtitle", "副标题") for n in style.names),
            centred=alignment in (WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.DISTRIBUTE),
            bold=bool(texts) and all(t.bold for t in texts),
            label=label, list_kind=kind, list_level=level,
        )

    def style(self, style_id: str | None, kind: Any) -> _Style:
        """A style with what the importer needs of it and of the styles it is based on. Cached:
        python-docx looks a style up by walking every style of the document."""
        key = (style_id, kind)
        if key not in self._styles:
            chain = tuple(_style_chain(self.part.get_style(style_id, kind)))
            self._styles[key] = _Style(chain)
        return self._styles[key]

    def table(self, tbl: Any) -> Table:
        """The table on its grid: a cell spanning columns (gridSpan) or rows (vMerge) keeps its
        text in its top-left position, the positions it covers are None."""
        rows: list[list[list[Paragraph] | None]] = []
        merged = False
        for tr in tbl.tr_lst:
            row: list[list[Paragraph] | None] = [None] * _grid_before(tr)
            for tc in tr.tc_lst:
                span = max(1, tc.grid_span)
                continued = tc.vMerge == "continue"
                merged = merged or span > 1 or tc.vMerge is not None
                cell = None if continued else list(self._cell_paragraphs(tc))
                row.append(cell)
                row.extend([None] * (span - 1))
            rows.append(row)
        width = max((len(r) for r in rows), default=0)
        for row in rows:
            row.extend([None] * (width - len(row)))
        return Table(rows, merged)

    def _cell_paragraphs(self, tc: Any) -> Iterator[Paragraph]:
        for block in self.blocks(tc):
            if isinstance(block, Paragraph):
                yield block
            else:  # a table inside a cell: its rows as lines of text, nothing left out
                for row in block.rows:
                    texts = ["".join(p.text for p in cell) for cell in row if cell]
                    if any(t.strip() for t in texts):
                        yield Paragraph([Text("；".join(t.strip() for t in texts if t.strip()))])

    def _text_boxes(self, p: Any) -> Iterator[Paragraph]:
        """Paragraphs in text boxes anchored in ``p``, after it (Word writes each box twice,
        as DrawingML and as a VML fallback: the first is read)."""
        for box in p.iter(_TEXTBOX):
            if any(str(a.tag).endswith("}Fallback") for a in box.iterancestors()):
                continue
            for child in box.iterchildren(_P):
                yield self.paragraph(child)

    # --- inline content -----------------------------------------------------------

    def inlines(self, container: Any, paragraph: DocxParagraph, style: _Style) -> Iterator[Inline]:
        for child in container.iterchildren():
            if child.tag == _R:
                yield from self.run(child, paragraph, style)
            elif child.tag == _HYPERLINK:
                link = Hyperlink(child, paragraph)
                parts = tuple(t for inline in self.inlines(child, paragraph, style) for t in _texts([inline]))
                url = (link.address or "") + (f"#{link.fragment}" if link.address and link.fragment else "")
                yield Link(url, parts) if url else from_parts(parts)
            elif child.tag in _SEE_THROUGH:
                self.tracked = self.tracked or child.tag in _INSERTED
                yield from self.inlines(child, paragraph, style)
            elif child.tag in _DELETED:
                self.tracked = True

    def run(self, r: Any, paragraph: DocxParagraph, style: _Style) -> Iterator[Inline]:
        """A run's text, breaks, note references and pictures. Bold and italic as Word shows
        them: the run's own setting, else its character style's, else its paragraph style's."""
        run = Run(r, paragraph)
        character = self.style(r.style, WD_STYLE_TYPE.CHARACTER) if r.style else None
        bold, italic = run.bold, run.italic
        if bold is None:
            bold = character.bold if character is not None and character.bold is not None else style.bold
        if italic is None:
            italic = character.italic if character is not None and character.italic is not None else style.italic
        for child in r.iterchildren():
            if child.tag in _RUN_TEXT:
                text = str(child)  # python-docx's own reading of w:t, w:tab, w:br …
                if child.tag in (qn("w:br"), qn("w:cr")) and text:
                    yield Break()
                elif text:
                    yield Text(text.replace("\t", " "), bool(bold), bool(italic))
            elif child.tag in _NOTE_REFS:
                yield NoteRef((_NOTE_REFS[child.tag], child.get(qn("w:id"), "")))
            elif child.tag in (_DRAWING, _PICT, _OBJECT, _ALTERNATE):
                yield from self.pictures(_chosen(child))

    def pictures(self, element: Any) -> Iterator[Picture]:
        for node in element.iter(_BLIP, _VML_IMAGE):
            if node.tag == _BLIP:
                embed, link = node.get(_R_EMBED), node.get(_R_LINK)
            else:
                embed, link = node.get(_R_ID), None
            if embed and embed in self.part.related_parts:
                image = self.part.related_parts[embed]
                suffix = _TYPES.get(image.content_type, Path(str(image.partname)).suffix.lower() or ".bin")
                yield Picture(str(image.partname), suffix, image.blob)
            elif link or embed:
                target = self.part.rels[link].target_ref if link and link in self.part.rels else (link or embed)
                yield Picture(f"link:{target}", Path(str(target)).suffix.lower() or ".bin", None)

    # --- footnotes and endnotes -----------------------------------------------------

    def notes(self) -> dict[tuple[str, str], list[Paragraph]]:
        found: dict[tuple[str, str], list[Paragraph]] = {}
        for kind, reltype in (("footnote", RT.FOOTNOTES), ("endnote", RT.ENDNOTES)):
            element = self._part_element(reltype)
            if element is None:
                continue
            for note in element.iterchildren(qn(f"w:{kind}")):
                if note.get(qn("w:type")) in ("separator", "continuationSeparator", "continuationNotice"):
                    continue
                paragraphs = [self.paragraph(p, numbered=False) for p in note.iter(_P)]
                found[(kind, note.get(qn("w:id"), ""))] = paragraphs
        return found

    def _part_element(self, reltype: str) -> Any:
        """The XML of a part the document relates to: python-docx's own object when it has one
        (numbering), else the part's bytes parsed with its ``parse_xml`` (footnotes, endnotes)."""
        try:
            part = self.part.part_related_by(reltype)
        except KeyError:
            return None
        element = getattr(part, "element", None)
        return element if element is not None else parse_xml(part.blob)

    def _style_numbering(self, style_id: str) -> Any:
        """The paragraph style ``style_id`` (a numbering's ``numStyleLink``), or None."""
        style = self.part.get_style(style_id, WD_STYLE_TYPE.PARAGRAPH)
        return style if style is not None and style.style_id == style_id else None


def from_parts(parts: tuple[Text, ...]) -> Text:
    """A link without an address (a bookmark inside the document): its text."""
    if len(parts) == 1:
        return parts[0]
    return Text("".join(p.text for p in parts), all(p.bold for p in parts), all(p.italic for p in parts))


def _texts(inlines: list[Inline]) -> Iterator[Text]:
    for inline in inlines:
        if isinstance(inline, Text):
            yield inline
        elif isinstance(inline, Link):
            yield from inline.parts


def _chosen(element: Any) -> Any:
    """For ``mc:AlternateContent``, its first choice (what Word shows); else the element."""
    if element.tag != _ALTERNATE:
        return element
    for child in element.iterchildren():
        return child
    return element


def _is_table_of_contents(sdt: Any) -> bool:
    gallery = xpath(sdt, "./w:sdtPr/w:docPartObj/w:docPartGallery/@w:val")
    return bool(gallery) and str(gallery[0]).lower().startswith("table of contents")


def _grid_before(tr: Any) -> int:
    found = xpath(tr, "./w:trPr/w:gridBefore/@w:val")
    return int(found[0]) if found and str(found[0]).isdigit() else 0


def _style_chain(style: Any) -> Iterator[Any]:
    seen = set()
    while style is not None and style.style_id not in seen:
        seen.add(style.style_id)
        yield style
        style = style.base_style


class _Style:
    """What the importer reads of a style, resolved through the styles it is based on."""

    def __init__(self, chain: tuple) -> None:
        self.chain = chain
        self.names = tuple(s.name or "" for s in chain)
        self.heading = _style_heading(chain, self.names)
        self.alignment = next((s.paragraph_format.alignment for s in chain
                               if getattr(s, "paragraph_format", None) is not None
                               and s.paragraph_format.alignment is not None), None)
        self.bold = next((s.font.bold for s in chain if s.font.bold is not None), None)
        self.italic = next((s.font.italic for s in chain if s.font.italic is not None), None)


def _style_heading(chain: tuple, names: tuple[str, ...]) -> int | None:
    """1-9 from a heading style ("Heading 2", "标题 2", or a style based on one) or a style's outline level."""
    for name in names:
        words = name.lower().replace("标题", "heading ").split()
        if len(words) == 2 and words[0] == "heading" and words[1].isdigit() and 1 <= int(words[1]) <= 9:
            return int(words[1])
    return next((level for level in (_outline_level(s.element) for s in chain) if level is not None), None)


def _outline_level(element: Any) -> int | None:
    level = xpath(element, "./w:pPr/w:outlineLvl/@w:val")
    return int(level[0]) + 1 if level and str(level[0]).isdigit() and int(level[0]) < 9 else None
