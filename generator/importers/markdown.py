"""Words of a Word document -> Markdown text that renders as those words, nothing more.

A document's text is data: a "*", "[" or "<" typed in Word must come out as that character
on the page, never as emphasis, a link or HTML. Characters Markdown reads are escaped where
they are read (anywhere for "*", "_", "`", "[", "]", "\\", "<", "&"; at the start of a line
for "#", ">", "-", "+", "1." and the like), the rest of the text is left as typed so the
clerk's draft stays readable.
"""
from __future__ import annotations

from typing import Callable, Iterable

from .document import Break, Inline, Link, NoteRef, Picture, Text

_SPACES = " \t\u3000\u00a0"
_ANYWHERE = {"\\": "\\\\", "`": "\\`", "*": "\\*", "_": "\\_", "[": "\\[", "]": "\\]", "<": "&lt;"}
_TRANSLATE = str.maketrans(_ANYWHERE)
_LINK_SCHEMES = ("http://", "https://", "mailto:")


def escape(text: str) -> str:
    """``text`` as Markdown that shows exactly ``text`` (inside a line)."""
    if "&" in text:
        text = "&".join(part if i == 0 or not _entity_at("&" + part, 0) else "amp;" + part
                        for i, part in enumerate(text.split("&")))
    return text.translate(_TRANSLATE)


def _entity_at(text: str, i: int) -> bool:
    """Whether "&" at ``i`` starts something a browser reads as a character reference ("&amp;", "&#38;")."""
    end = text.find(";", i + 1, i + 34)
    name = text[i + 1:end] if end != -1 else ""
    return bool(name) and (name.isalnum() and name.isascii() or name[0] == "#" and name[1:].isalnum())


def escape_line_start(line: str) -> str:
    """Escape what only the start of a line makes Markdown: headings, quotes, list markers,
    a definition, a fence, an admonition, a setext or horizontal rule."""
    stripped = line.lstrip(" ")
    if not stripped:
        return line
    first = stripped[0]
    if first in "#>+!" or first == "-" and (stripped[1:2] in (" ", "") or set(stripped) <= {"-", " "}):
        return "\\" + stripped
    if first == "=" and set(stripped) <= {"=", " "}:
        return "&#61;" + stripped[1:]
    if first == ":" and stripped[1:2] in (" ", "\t", ""):
        return "&#58;" + stripped[1:]
    if stripped.startswith("~~~"):
        return "&#126;" + stripped[1:]
    digits = len(stripped) - len(stripped.lstrip("0123456789"))
    if 0 < digits <= 9 and stripped[digits:digits + 1] in (".", ")") and stripped[digits + 1:digits + 2] in (" ", ""):
        return stripped[:digits] + "\\" + stripped[digits:]
    return stripped


def inline_markdown(inlines: Iterable[Inline], picture: Callable[[Picture], str],
                    note: Callable[[NoteRef], str]) -> str:
    """One paragraph's inline content as Markdown lines (line breaks as two trailing spaces)."""
    pieces: list[str] = []
    run: list[Text] = []

    def flush() -> None:
        if run:
            pieces.append(_emphasised(run))
            run.clear()

    for inline in _trimmed(list(inlines)):
        if isinstance(inline, Text):
            if run and (run[-1].bold, run[-1].italic) != (inline.bold, inline.italic) and inline.text.strip():
                flush()
            run.append(inline if inline.text.strip() or not run else Text(inline.text, run[-1].bold, run[-1].italic))
            continue
        flush()
        if isinstance(inline, Link):
            pieces.append(_link(inline))
        elif isinstance(inline, Picture):
            pieces.append(picture(inline))
        elif isinstance(inline, NoteRef):
            pieces.append(note(inline))
        elif isinstance(inline, Break):
            pieces.append("\n")
    flush()
    lines = "".join(pieces).split("\n")
    return "  \n".join(escape_line_start(line.strip(_SPACES)) for line in lines if line.strip(_SPACES))


def _trimmed(inlines: list[Inline]) -> list[Inline]:
    """Without the spaces a paragraph starts or ends with (Chinese first-line indents "　　")."""
    while inlines and isinstance(inlines[0], Text) and not inlines[0].text.strip(_SPACES):
        inlines.pop(0)
    while inlines and isinstance(inlines[-1], (Text, Break)) and not _plain(inlines[-1]).strip(_SPACES):
        inlines.pop()
    if inlines and isinstance(inlines[0], Text):
        first = inlines[0]
        inlines[0] = Text(first.text.lstrip(_SPACES), first.bold, first.italic)
    if inlines and isinstance(inlines[-1], Text):
        last = inlines[-1]
        inlines[-1] = Text(last.text.rstrip(_SPACES), last.bold, last.italic)
    return inlines


def _plain(inline: Inline) -> str:
    return inline.text if isinstance(inline, Text) else ""


def _emphasised(texts: list[Text]) -> str:
    """Texts of one formatting, with ** or * around the words (spaces stay outside the marks)."""
    text = escape("".join(t.text for t in texts))
    bold, italic = texts[0].bold, texts[0].italic
    mark = "***" if bold and italic else "**" if bold else "*" if italic else ""
    core = text.strip(_SPACES)
    if not mark or not core:
        return text
    start = text.index(core[0])
    return f"{text[:start]}{mark}{core}{mark}{text[start + len(core):]}"


def _link(link: Link) -> str:
    text = "".join(escape(p.text) for p in link.parts).strip()
    url = link.url.strip()
    if not url.lower().startswith(_LINK_SCHEMES) or not text:
        return text  # a link to a file on the writer's computer or inside the document: its words
    if any(ch in url for ch in " ()<>") or any(ord(ch) < 32 for ch in url):
        url = "<" + url.replace(">", "%3E").replace("<", "%3C") + ">"
    return f"[{text}]({url})"


def table_markdown(rows: list[list[str]]) -> str:
    """Rows of cell Markdown (the first row is the header) as a Markdown table."""
    width = max(len(r) for r in rows)
    lines = []
    for n, row in enumerate(rows):
        cells = [(c or " ").replace("|", "\\|") for c in row] + [" "] * (width - len(row))
        lines.append("| " + " | ".join(cells) + " |")
        if n == 0:
            lines.append("|" + "|".join([" --- "] * width) + "|")
    return "\n".join(lines)
