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
from typing import Any, Iterable, Iterator

from .body import outside_fences
from .errors import Problem
from .load import not_regular_file, special_entry
from .render import ALLOWED_TAGS, URL_SCHEMES, normalise_url

# --- raw HTML and links in the body -------------------------------------------

# Linear time on any line: no two quantifiers may share characters ("<\s*/?\s*" did), and an
# attempt must end at the next "<" or "[" outside quotes, else every start scans to the end of
# a long line without ">" or "](" (quadratic). A bare "<" inside a tag is not real-world HTML.
_TAG = re.compile(r"<\s*(?:(/)\s*)?([a-zA-Z][a-zA-Z0-9-]*)((?:[^<>\"']|\"[^\"]*\"|'[^']*')*)>")
_EVENT_ATTR = re.compile(r"(?:^|[\s\"'/])(on[a-z]+)\s*=", re.I)
_STYLE_ATTR = re.compile(r"(?:^|[\s\"'/])style\s*=", re.I)
_URL_ATTR = re.compile(r"(?:^|[\s\"'/])(?:href|src|xlink:href|action|formaction|srcset)\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+)", re.I)
_MD_LINK = re.compile(r"!?\[[^\[\]]*\]\(\s*(?:<([^<>\n]*)>|((?:[^()\s]|\([^()\s]*\))*))(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
_MD_REF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")
_AUTOLINK = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.-]*:[^<>\s]*)>")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


def body_lines(body: str, body_line: int) -> Iterator[tuple[int, str]]:
    """(file line, text) of every body line outside fenced code blocks."""
    return ((body_line + i, line) for i, line in outside_fences(body))


def link_targets(line: str) -> list[str]:
    if "<" not in line and "](" not in line and "]:" not in line:  # no link syntax at all: most lines
        return []
    targets = [m.group(1) if m.group(1) is not None else m.group(2) for m in _MD_LINK.finditer(line)]
    targets += [m.group(1) for m in _AUTOLINK.finditer(line)]
    m = _MD_REF.match(line)
    if m:
        targets.append(m.group(1))
    for tag in _TAG.finditer(line):
        targets += [v.group(1).strip("\"'") for v in _URL_ATTR.finditer(tag.group(3))]
    return targets


def check_body(rel: str, body: str, body_line: int, case_id: str, folder: Path) -> list[Problem]:
    """Unsafe HTML, unsafe links and attachment references, in one pass over the body."""
    problems: list[Problem] = []
    for line_no, line in body_lines(body, body_line):
        if "<" in line:
            problems += _tag_problems(rel, line_no, line)
        for target in link_targets(line):
            decoded = normalise_url(target)
            scheme = _SCHEME.match(decoded)
            # file: URLs and drive letters are attachment-outside errors below, not also warnings
            if scheme and scheme.group(1).lower() not in URL_SCHEMES | {"file"} and not _DRIVE.match(decoded):
                problems.append(Problem(rel, line_no, None, "unsafe-link", "warning",
                                        params={"found": target[:60], "scheme": scheme.group(1).lower()}))
            problem = attachment_problem(target, case_id, folder)
            if problem:
                problems.append(Problem(rel, line_no, None, problem[0], params=problem[1]))
    return problems


def _tag_problems(rel: str, line_no: int, line: str) -> list[Problem]:
    problems = []
    for tag in _TAG.finditer(line):
        name = tag.group(2).lower()
        if tag.group(1) or line[tag.start() - 1:tag.start()] == "(":  # "](<a b.png>)": a link, not a tag
            continue
        if name not in ALLOWED_TAGS:
            problems.append(_unsafe(rel, line_no, f"<{name}>"))
        for attr in _EVENT_ATTR.finditer(tag.group(3)):
            problems.append(_unsafe(rel, line_no, f"{attr.group(1)}="))
        if _STYLE_ATTR.search(tag.group(3)):
            problems.append(_unsafe(rel, line_no, "style="))
    return problems


def _unsafe(rel: str, line: int, what: str) -> Problem:
    return Problem(rel, line, None, "unsafe-html", "warning", params={"found": what})


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
        rel = f"{rel_folder}/{path.relative_to(folder).as_posix()}"
        mode = special_entry(path)
        if mode is not None:  # a pipe would hang whoever copies the folder
            problems.append(not_regular_file(rel, mode))
        if not path.is_file() or path.is_symlink():
            continue
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
