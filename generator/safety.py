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

from .attachments import ATTACHMENT_TYPES, confine, file_problems, is_junk, name_problem, type_problem, visible
from .body import BodyView, Tag, read_body
from .errors import Problem
from .load import not_regular_file, special_entry
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
            problems += [Problem(rel, line, None, code, "warning", params={"found": f}) for code, f in found]
    for url in view.urls:
        target = url.url
        decoded = normalise_url(target)
        scheme = _SCHEME.match(decoded)
        found_here: list[tuple[str, str, dict[str, Any]]] = []
        if url.titled:  # [text](url "title"): the title attribute is dropped, see render.ALLOWED_ATTRIBUTES
            found_here.append(("unsafe-html-attribute", "warning", {"found": "title="}))
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


def _tag_problems(tag: Tag) -> list[tuple[str, str]]:
    """What the sanitiser will remove from a start tag, as (code, what): the element, event
    handlers and style (unsafe-html), title and name (unsafe-html-attribute, see render.ALLOWED_ATTRIBUTES)."""
    found = []
    if tag.name not in ALLOWED_TAGS:
        found.append(("unsafe-html", f"<{tag.name}>"))
    lowered = tag.written.lower()
    for attr, _value in tag.attrs:
        if attr.startswith("on") or attr == "style" or attr in ("title", "name"):
            at = lowered.find(attr)  # the attribute as the clerk wrote it (the parser lower-cases it)
            written = (tag.written[at: at + len(attr)] if at != -1 else attr) + "="
            found.append(("unsafe-html-attribute" if attr in ("title", "name") else "unsafe-html", written))
    return found


# --- attachments ------------------------------------------------------------------

_DRIVE = re.compile(r"^[a-zA-Z]:[\\/]")


def attachment_problem(target: str, case_id: str, folder: Path, allowed: tuple[str, ...] = ATTACHMENT_TYPES
                       ) -> tuple[str, dict[str, Any]] | None:
    """What is wrong with a reference ``target`` into ``<case_id>/`` (``folder`` on disk), if anything.

    The same for a case's links and images and a collection's cover, intro and notes; the
    file itself is checked by ``check_attachment_files``, except what it skips (junk names).
    """
    raw = target.strip()
    if not raw or raw.startswith("#"):
        return None
    decoded = normalise_url(raw)
    shown = visible(raw)
    scheme = _SCHEME.match(decoded)
    if scheme and not _DRIVE.match(decoded):
        if scheme.group(1).lower() == "file":
            return "attachment-outside", {"found": shown, "case": case_id}
        return None  # http(s)/mailto pass; other schemes are unsafe-link warnings and are removed
    if "\\" in raw and not raw.startswith("\\") and not _DRIVE.match(decoded):
        return "attachment-backslash", {"found": shown, "suggestion": shown.replace("\\", "/")}
    # file names may hold spaces: decode as the browser will, but keep the spaces
    path = unquote(html.unescape(raw)).split("#", 1)[0].split("?", 1)[0].replace("\\", "/")
    if path.startswith("./"):
        path = path[2:]
    inside = path[len(case_id) + 1:] if path.startswith(f"{case_id}/") else None
    if (inside is None or decoded.startswith(("/", "\\")) or _DRIVE.match(decoded)
            or any(part in ("", ".", "..") for part in inside.split("/"))):
        return "attachment-outside", {"found": shown, "case": case_id}
    problem = name_problem(inside)
    if problem:
        return problem[0], {**problem[1], "found": shown}
    scheme = _SCHEME.match(inside)
    if scheme:  # published next to the page, "javascript:x.png" would be a javascript: link
        return "attachment-name", {"found": shown, "scheme": scheme.group(1)}
    if is_junk(Path(inside).name) or allowed != ATTACHMENT_TYPES:  # the rest is reported on the file, once
        problem = type_problem(inside, allowed)
        if problem:
            return problem[0], {**problem[1], "found": shown}
    source = confine(folder, inside)
    if source is None:  # a symbolic link out of the folder
        return "attachment-outside", {"found": shown, "case": case_id}
    try:
        missing = not source.is_file()
    except OSError:  # a name longer than the file system allows (ENAMETOOLONG): no such file
        missing = True
    if missing:
        return "attachment-missing", {"found": shown, "case": case_id}
    return None


def check_attachment_files(folder: Path, rel_folder: str, max_bytes: int) -> list[Problem]:
    """Every file of one case's (or collection's) folder that could not be published: its type,
    its size, an SVG with active content (see attachments.file_problems)."""
    problems = []
    for path in sorted(folder.rglob("*")):
        rel = visible(f"{rel_folder}/{path.relative_to(folder).as_posix()}")
        mode = special_entry(path)
        if mode is not None:  # a pipe would hang whoever copies the folder
            problems.append(not_regular_file(rel, mode))
        if not path.is_file() or path.is_symlink() or is_junk(path.name):
            continue
        for code, params in file_problems(path, max_bytes):
            problems.append(Problem(rel, None, None, code, params=params))
    return problems


def find_symlinks(root: Path) -> Iterable[Path]:
    """Every symbolic link under ``root``, in a stable order (links are never followed)."""
    found = []
    for folder, dirs, files in os.walk(root, followlinks=False):
        for name in dirs + files:
            path = Path(folder) / name
            if path.is_symlink():
                found.append(path)
    return sorted(found)
