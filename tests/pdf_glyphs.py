"""Which glyph a PDF draws for each character, per embedded font.

WeasyPrint embeds fonts as CID fonts (Identity-H) whose subsets keep the glyph ids
of the font file, and writes a ToUnicode map from glyph id to text. Reading those maps
tells, for each font the PDF names, the glyph id it used for each character: compare
it with the glyph a face of the font file maps the character to (fontTools). Poppler
lists fonts but not glyphs; this reads the PDF's objects itself (plain and compressed
object streams, Flate only, as WeasyPrint writes them).
"""
from __future__ import annotations

import re
import zlib
from pathlib import Path

_OBJECT = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.S)


def _stream(body: bytes) -> bytes:
    head, _, rest = body.partition(b"stream")
    data = rest.lstrip(b"\r\n").rsplit(b"endstream", 1)[0]
    return zlib.decompressobj().decompress(data) if b"/FlateDecode" in head else data


def _objects(data: bytes) -> dict[int, bytes]:
    objects = {int(m.group(1)): m.group(2) for m in _OBJECT.finditer(data)}
    for body in list(objects.values()):
        head = body.split(b"stream", 1)[0]
        if b"/Type /ObjStm" not in head:
            continue
        first = int(re.search(rb"/First (\d+)", head).group(1))
        content = _stream(body)
        numbers = list(map(int, content[:first].split()))
        pairs = list(zip(numbers[0::2], numbers[1::2]))
        for i, (number, offset) in enumerate(pairs):
            end = pairs[i + 1][1] if i + 1 < len(pairs) else len(content) - first
            objects[number] = content[first + offset:first + end]
    return objects


def glyphs_by_font(pdf: Path) -> dict[str, dict[str, set[int]]]:
    """Font name without the subset tag ("Noto-Serif-CJK-SC-Bold") -> character -> glyph ids drawn."""
    objects = _objects(pdf.read_bytes())
    fonts: dict[str, dict[str, set[int]]] = {}
    for body in objects.values():
        head = body.split(b"stream", 1)[0]
        if b"/Type /Font" not in head or b"/ToUnicode" not in head:
            continue
        name = re.search(rb"/BaseFont /(?:[A-Z]{6}\+)?([^/\s>]+)", head).group(1).decode()
        cmap = _stream(objects[int(re.search(rb"/ToUnicode (\d+) 0 R", head).group(1))]).decode("latin-1")
        chars = fonts.setdefault(name, {})
        for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
            for gid, text in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
                chars.setdefault(bytes.fromhex(text).decode("utf-16-be"), set()).add(int(gid, 16))
        for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
            for start, end, text in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
                for i, gid in enumerate(range(int(start, 16), int(end, 16) + 1)):
                    chars.setdefault(chr(int(text, 16) + i), set()).add(gid)
    return fonts
