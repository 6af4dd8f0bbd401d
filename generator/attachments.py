"""Files contributors publish next to a page: a case's attachments, a collection's cover and the
images of its intro and notes.

One module decides, for validation, for the page builder that copies files and for the PDF
booklet's URL fetcher alike:

- where a file named by contributor text is on disk: ``confine`` resolves the path (``..``,
  absolute parts, symbolic links) and then requires that it lies inside the owner's folder;
- whether a file may be published: ``file_problems`` (allowed type, size, an SVG without
  active content) and ``name_problem`` (no control or format characters in the name).

Imports nothing from the rest of the package, so every step of the flow can use it.
"""
from __future__ import annotations

import unicodedata
import xml.parsers.expat
from pathlib import Path
from typing import Any

IMAGE_TYPES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg")
DOCUMENT_TYPES = (".pdf", ".docx", ".xlsx", ".pptx", ".doc", ".xls", ".ppt", ".wps", ".et", ".txt", ".csv")
# An allowlist: every other type is refused. Browsers show these as images, hand them to a viewer
# or download them; none is opened as a page of the site (HTML, XML, Markdown), and archives
# (.zip, .svgz) are refused because their content escapes every check here.
ATTACHMENT_TYPES = IMAGE_TYPES + DOCUMENT_TYPES
# Files that a browser (or MkDocs, for Markdown) opens as a page of the site: served from the site's
# own origin they could run script, and Markdown would be rendered without the sanitiser.
PAGE_SUFFIXES = frozenset((".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".html", ".htm", ".xhtml", ".xht",
                           ".shtml", ".xml", ".xsl", ".xslt", ".mht", ".mhtml"))
# What the case page calls each type, in the words of an officer's desktop.
KIND_NAMES = {
    ".pdf": "PDF 文档", ".doc": "Word 文档", ".docx": "Word 文档", ".xls": "Excel 表格", ".xlsx": "Excel 表格",
    ".ppt": "PPT 演示文稿", ".pptx": "PPT 演示文稿", ".wps": "WPS 文字", ".et": "WPS 表格", ".txt": "文本文件",
    ".csv": "CSV 表格", **{suffix: "图片" for suffix in IMAGE_TYPES},
}
# Left behind by file managers; never published, so not worth an error unless a text links to one.
JUNK_NAMES = frozenset(("thumbs.db", "desktop.ini"))


def confine(folder: Path, inside: str | Path) -> Path | None:
    """The path ``inside`` names in ``folder``, resolved, or None when it lies outside that folder.

    ``Path(folder) / inside`` drops ``folder`` when ``inside`` is absolute, and ``..`` or a symbolic
    link can lead anywhere: resolve first (following links), then confine.
    """
    text = str(inside)
    if not text or "\x00" in text or folder.is_symlink():  # a linked folder would move the fence itself
        return None
    try:
        base = folder.resolve()
        path = (base / text).resolve()
    except (OSError, RuntimeError, ValueError):  # a link loop, a name too long for the system
        return None
    if path == base or not path.is_relative_to(base):
        return None
    return path


def kind_name(name: str) -> str:
    """The type of a file as the case page names it: "PDF 文档", "图片", ..."""
    suffix = Path(name).suffix.lower()
    return KIND_NAMES.get(suffix, suffix[1:].upper() + " 文件" if suffix else "文件")


def size_text(size: int) -> str:
    """A file size as the case page shows it: "351 字节", "1.5 KB", "350 KB", "1.2 MB"."""
    if size < 1024:
        return f"{size} 字节"
    for unit, scale in (("KB", 1024), ("MB", 1024 ** 2), ("GB", 1024 ** 3)):
        value = size / scale
        if round(value, 1) < 1024 or unit == "GB":  # 1,048,575 bytes is "1 MB", not "1024 KB"
            break
    number = f"{value:.1f}" if value < 10 or unit != "KB" else f"{value:.0f}"
    return f"{number.removesuffix('.0')} {unit}"


def is_junk(name: str) -> bool:
    return name.startswith(".") or name.lower() in JUNK_NAMES


def visible(text: str) -> str:
    """``text`` with control and format characters (U+202E and the like) written as ``\\u202e``."""
    return "".join(f"\\u{ord(ch):04x}" if unicodedata.category(ch) in ("Cc", "Cf") else ch for ch in text)


def name_problem(name: str) -> tuple[str, dict[str, Any]] | None:
    """A file name with a control or format character: a right-to-left override shows
    ``photo\\u202egnp.exe`` as ``photoexe.png``."""
    if visible(name) != name:
        return "attachment-control-char", {"found": visible(name)}
    return None


def type_problem(name: str, allowed: tuple[str, ...] = ATTACHMENT_TYPES) -> tuple[str, dict[str, Any]] | None:
    suffix = Path(name).suffix.lower()
    if suffix in PAGE_SUFFIXES:
        return "unsafe-attachment", {"suffix": suffix}
    if suffix not in allowed or is_junk(name):
        return "attachment-type", {"found": visible(name), "suffix": suffix or "-", "allowed": " ".join(allowed)}
    return None


def file_problems(path: Path, max_bytes: int, allowed: tuple[str, ...] = ATTACHMENT_TYPES
                  ) -> list[tuple[str, dict[str, Any]]]:
    """Why the file at ``path`` may not be published: its type, its size, active SVG content."""
    problem = type_problem(path.name, allowed)
    if problem:
        return [problem]
    size = path.stat().st_size
    if size > max_bytes:
        return [("attachment-too-large", {"size": size, "limit": max_bytes})]
    if path.suffix.lower() == ".svg" and not svg_is_safe(path.read_bytes()):
        return [("unsafe-svg", {})]
    return []


# --- SVG -------------------------------------------------------------------------------

_SVG_ACTIVE = frozenset(("script", "foreignobject", "iframe", "embed", "object", "handler", "listener"))
_ANIMATION = frozenset(("set", "animate", "animatemotion", "animatetransform", "animatecolor"))
_HREF = frozenset(("href", "src"))


class _Unsafe(Exception):
    pass


def svg_is_safe(data: bytes) -> bool:
    """True for an SVG made of the safe subset: no script (in any namespace), no event
    attributes, no foreignObject or embedding, links only to fragments of itself, no DOCTYPE,
    entities or processing instructions.

    Parsed with expat directly, not xml.etree: etree expands entities declared in a DOCTYPE
    (the billion-laughs attack) and takes an unbound ``svg:`` prefix for part of a name. Here a
    DOCTYPE stops the parse at its start, before any entity is declared, and namespaces are
    resolved, so ``<svg:script>`` is a script element whatever prefix it is written with.
    """
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def refuse(*_args: Any) -> None:
        raise _Unsafe

    styles: list[str] = []  # the text of <style> elements
    depth = [0]  # how many <style> elements are open

    def start(name: str, attrs: dict[str, str]) -> None:
        local = name.rsplit(" ", 1)[-1].lower()
        if local in _SVG_ACTIVE:
            raise _Unsafe
        if local == "style":
            depth[0] += 1
        for key, value in attrs.items():
            attr = key.rsplit(" ", 1)[-1].lower()
            if attr.startswith("on") or (attr in _HREF and not _is_fragment(value)):
                raise _Unsafe
            if attr == "style" and not _css_is_safe(value):
                raise _Unsafe
            if local in _ANIMATION and attr == "attributename" and (
                    value.rsplit(":", 1)[-1].lower() in _HREF or value.lower().startswith("on")):
                raise _Unsafe  # <set attributeName="href" to="javascript:…">

    def end(name: str) -> None:
        if name.rsplit(" ", 1)[-1].lower() == "style":
            depth[0] -= 1

    def characters(data: str) -> None:
        if depth[0]:
            styles.append(data)

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    parser.ProcessingInstructionHandler = refuse  # <?xml-stylesheet?> can apply XSLT
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    try:
        parser.Parse(data, True)
    except (_Unsafe, xml.parsers.expat.ExpatError, ValueError):
        return False  # not well-formed XML is refused too: a browser might read it differently
    return _css_is_safe("".join(styles))


def _is_fragment(value: str) -> bool:
    return "".join(value.split()).startswith("#")


def _css_is_safe(css: str) -> bool:
    """No @import and no url() but to a fragment of the image itself."""
    squashed = "".join(css.split()).lower()
    if "@import" in squashed or "javascript:" in squashed or "expression(" in squashed:
        return False
    return all(part.lstrip("'\"").startswith("#") for part in squashed.split("url(")[1:])
