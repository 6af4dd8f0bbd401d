"""What a file handed to ``casebook import`` really is, before python-docx opens it.

Clerks hand over what they have: .doc and .wps files, PDFs, a .docx that is really a .doc
renamed, a password-protected .docx (an OLE compound file holding an ``EncryptedPackage``),
a download cut short. Each gets a message that says what it is and what to do, from its
extension and its first bytes; an OLE file is told apart with olefile (part of the
``casebook[import]`` extra), a zip by its list of members (zipfile), without reading either
format by hand.
"""
from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# A .docx of 200 pages with photos unpacks to some tens of MB; far beyond this it is a zip bomb.
MAX_UNPACKED_BYTES = 512 * 1024 * 1024
SUFFIX_KINDS = {
    ".doc": "doc", ".dot": "doc", ".wps": "wps", ".wpt": "wps", ".pdf": "pdf", ".rtf": "rtf", ".odt": "odt",
    ".ott": "odt", ".docm": "docm", ".dotx": "docm", ".dotm": "docm", ".txt": "text", ".md": "text",
    ".htm": "html", ".html": "html", ".mht": "html", ".mhtml": "html", ".xls": "excel", ".xlsx": "excel",
    ".et": "excel", ".csv": "excel", ".ppt": "powerpoint", ".pptx": "powerpoint", ".dps": "powerpoint",
    ".zip": "zip", ".rar": "zip", ".7z": "zip", ".png": "image", ".jpg": "image", ".jpeg": "image",
    ".gif": "image", ".bmp": "image", ".tif": "image", ".tiff": "image",
}
Refusal = tuple[str, dict[str, Any]]


def is_lock_file(path: Path) -> bool:
    """Word and WPS write "~$name.docx" beside a document while it is open."""
    return path.name.startswith("~$")


def refusal(path: Path) -> Refusal | None:
    """(message code, params) when ``path`` cannot be imported as a .docx; None when it looks like one."""
    if is_lock_file(path):
        return "import-lock-file", {}
    if not path.is_file():
        return "import-missing-file", {}
    suffix = path.suffix.lower()
    if suffix != ".docx":
        return "import-save-as", {"doc_kind": SUFFIX_KINDS.get(suffix, "other")}
    with path.open("rb") as fh:
        head = fh.read(512)
    if not head:
        return "import-damaged", {"damage": "empty"}
    if head.startswith(b"PK"):
        return _zip_refusal(path)
    if head.startswith(OLE_SIGNATURE):
        return _ole_refusal(path)
    if head.startswith(b"%PDF"):
        return "import-renamed", {"doc_kind": "pdf"}
    if head.startswith(b"{\\rtf"):
        return "import-renamed", {"doc_kind": "rtf"}
    if head.lstrip().lower().startswith((b"<html", b"<!doctype html", b"mime-version")):
        return "import-renamed", {"doc_kind": "html"}
    if head[:8].startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM")):
        return "import-renamed", {"doc_kind": "image"}
    return "import-renamed", {"doc_kind": "other" if b"\0" in head else "text"}


def _zip_refusal(path: Path) -> Refusal | None:
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile:
        return "import-damaged", {"damage": "truncated"}
    names = [m.filename for m in members]
    size = sum(m.file_size for m in members)
    if size > MAX_UNPACKED_BYTES:
        return "import-too-big", {"size": size, "limit": MAX_UNPACKED_BYTES}
    if any(n.startswith("word/") for n in names) and "[Content_Types].xml" in names:
        return None
    if any(n.startswith("xl/") for n in names):
        return "import-renamed", {"doc_kind": "excel"}
    if any(n.startswith("ppt/") for n in names):
        return "import-renamed", {"doc_kind": "powerpoint"}
    if "content.xml" in names and "mimetype" in names:
        return "import-renamed", {"doc_kind": "odt"}
    if any(n.startswith("word/") for n in names):
        return "import-damaged", {"damage": "parts"}
    return "import-renamed", {"doc_kind": "zip"}


def _ole_refusal(path: Path) -> Refusal:
    """An OLE compound file named .docx: encrypted (Office keeps a password-protected .docx as an
    OLE file with an EncryptedPackage stream), or an old binary document renamed."""
    import olefile

    try:
        ole = olefile.OleFileIO(str(path))
    except (OSError, ValueError, IndexError, EOFError):  # what olefile raises on a broken header
        return "import-damaged", {"damage": "truncated"}
    try:
        if ole.exists("EncryptedPackage") or ole.exists("EncryptionInfo"):
            return "import-encrypted", {}
        if ole.exists("WordDocument"):
            return "import-renamed", {"doc_kind": "doc"}
        if ole.exists("Workbook") or ole.exists("Book"):
            return "import-renamed", {"doc_kind": "excel"}
        if ole.exists("PowerPoint Document"):
            return "import-renamed", {"doc_kind": "powerpoint"}
        return "import-renamed", {"doc_kind": "ole"}
    finally:
        ole.close()
