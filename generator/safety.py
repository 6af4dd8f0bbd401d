"""Checks that protect readers and citizens: unsafe HTML and links in a body,
attachment references that leave the case's folder, unsafe or oversized
attachment files, and personal data (ID numbers, mobile numbers, plates).

Each check returns Problems with the line they are on; the renderer removes
unsafe HTML anyway, the warnings tell the clerk what will not be shown.
"""
from __future__ import annotations

import html
from urllib.parse import unquote
import os
import re
from pathlib import Path
from typing import Any, Iterable

from .body import BodyView, Tag, read_body
from .errors import Problem
from .render import ALLOWED_TAGS, URL_SCHEMES, normalise_url

# --- raw HTML and links in the body -------------------------------------------

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


def check_body(rel: str, body: str, body_line: int, case_id: str, folder: Path,
               view: BodyView | None = None) -> list[Problem]:
    """Unsafe HTML, unsafe links and attachment references, as the page will hold them.

    ``view``: ``read_body(body, body_line)`` when the caller already has it.
    """
    view = view if view is not None else read_body(body, body_line)
    problems: list[Problem] = []
    for tag in view.tags:
        found = _tag_problems(tag)
        if found:
            line = view.line_of(tag.written, tag.anchor)
            problems += [Problem(rel, line, None, "unsafe-html", "warning", params={"found": f}) for f in found]
    for url in view.urls:
        target = url.url
        decoded = normalise_url(target)
        scheme = _SCHEME.match(decoded)
        found_here: list[tuple[str, str, dict[str, Any]]] = []
        # file: URLs and drive letters are attachment-outside errors below, not also warnings
        if scheme and scheme.group(1).lower() not in URL_SCHEMES | {"file"} and not _DRIVE.match(decoded):
            found_here.append(("unsafe-link", "warning", {"found": target[:60], "scheme": scheme.group(1).lower()}))
        problem = attachment_problem(target, case_id, folder)
        if problem:
            found_here.append((problem[0], "error", problem[1]))
        if found_here:
            line = view.line_of(url.written, url.anchor)
            problems += [Problem(rel, line, None, code, severity, params=params)  # type: ignore[arg-type]
                         for code, severity, params in found_here]
    return problems


def _tag_problems(tag: Tag) -> list[str]:
    """What the sanitiser will remove from a start tag: the element, event handlers, style."""
    found = []
    if tag.name not in ALLOWED_TAGS:
        found.append(f"<{tag.name}>")
    lowered = tag.written.lower()
    for attr, _value in tag.attrs:
        if attr.startswith("on") or attr == "style":
            at = lowered.find(attr)  # the attribute as the clerk wrote it (the parser lower-cases it)
            found.append((tag.written[at: at + len(attr)] if at != -1 else attr) + "=")
    return found


# --- attachments ------------------------------------------------------------------

_DRIVE = re.compile(r"^[a-zA-Z]:[\\/]")
_JS_URL = re.compile(r"javascript:", re.I)
_SVG_ACTIVE = re.compile(r"<\s*script|<\s*foreignObject|\son[a-z]+\s*=|javascript:|<\s*iframe|<\s*embed|<\s*object", re.I)
# Files that a browser (or MkDocs, for Markdown) opens as a page of the site: served from the site's
# own origin they could run script, and Markdown would be rendered without the sanitiser.
PAGE_SUFFIXES = frozenset((".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".html", ".htm", ".xhtml", ".xht",
                           ".shtml", ".xml", ".xsl", ".xslt", ".mht", ".mhtml"))


def attachment_problem(target: str, case_id: str, folder: Path) -> tuple[str, dict[str, Any]] | None:
    raw = target.strip()
    if not raw or raw.startswith("#"):
        return None
    decoded = normalise_url(raw)
    scheme = _SCHEME.match(decoded)
    if scheme and not _DRIVE.match(decoded):
        if scheme.group(1).lower() == "file":
            return "attachment-outside", {"found": raw, "case": case_id}
        return None  # http(s)/mailto pass; other schemes are unsafe-link warnings and are removed
    if "\\" in raw and not raw.startswith("\\") and not _DRIVE.match(decoded):
        return "attachment-backslash", {"found": raw, "suggestion": raw.replace("\\", "/")}
    # file names may hold spaces: decode as the browser will, but keep the spaces
    path = unquote(html.unescape(raw)).split("#", 1)[0].split("?", 1)[0].replace("\\", "/")
    if (decoded.startswith(("/", "\\")) or _DRIVE.match(decoded) or ".." in path.split("/")
            or not path.startswith(f"{case_id}/") and not path.startswith(f"./{case_id}/")):
        return "attachment-outside", {"found": raw, "case": case_id}
    inside = path.split("/", 1)[1] if not path.startswith("./") else path.split("/", 2)[2]
    scheme = _SCHEME.match(inside)
    if scheme:  # published next to the page, "javascript:x.png" would be a javascript: link
        return "attachment-name", {"found": raw, "scheme": scheme.group(1)}
    if not (folder / inside).is_file():
        return "attachment-missing", {"found": raw, "case": case_id}
    return None


def check_attachment_files(folder: Path, rel_folder: str, max_bytes: int) -> list[Problem]:
    """Oversized files and SVGs that can run script, in one case's attachment folder."""
    problems = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.is_symlink():
            continue
        rel = f"{rel_folder}/{path.relative_to(folder).as_posix()}"
        size = path.stat().st_size
        if size > max_bytes:
            problems.append(Problem(rel, None, None, "attachment-too-large", params={"size": size, "limit": max_bytes}))
        elif path.suffix.lower() in PAGE_SUFFIXES:
            problems.append(Problem(rel, None, None, "unsafe-attachment", params={"suffix": path.suffix}))
        elif path.suffix.lower() in (".svg", ".svgz") and _svg_is_active(path.read_bytes()):
            problems.append(Problem(rel, None, None, "unsafe-svg"))
    return problems


def _svg_is_active(data: bytes) -> bool:
    """Script, event handlers or javascript: URLs, also when written with character references
    (``&#106;avascript:``, ``java&#9;script:``), which the XML parser decodes."""
    text = html.unescape(data.decode("utf-8", "replace"))
    return bool(_SVG_ACTIVE.search(text) or _JS_URL.search(re.sub(r"[\x00-\x20]+", "", text)))


def find_symlinks(root: Path) -> Iterable[Path]:
    """Every symbolic link under ``root``, in a stable order (links are never followed)."""
    found = []
    for folder, dirs, files in os.walk(root, followlinks=False):
        for name in dirs + files:
            path = Path(folder) / name
            if path.is_symlink():
                found.append(path)
    return sorted(found)
