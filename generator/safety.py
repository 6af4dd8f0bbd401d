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

from .attachments import ATTACHMENT_TYPES, confine, file_problems, is_junk, name_problem, type_problem, visible
from .body import outside_fences
from .errors import Problem
from .render import ALLOWED_TAGS, URL_SCHEMES, normalise_url

# --- raw HTML and links in the body -------------------------------------------

_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
_EVENT_ATTR = re.compile(r"(?:^|[\s\"'/])(on[a-z]+)\s*=", re.I)
_STYLE_ATTR = re.compile(r"(?:^|[\s\"'/])style\s*=", re.I)
_DROPPED_ATTR = re.compile(r"(?:^|[\s\"'/])(title|name)\s*=", re.I)  # see render.ALLOWED_ATTRIBUTES
_LINK_TITLE = re.compile(r"\s*(?:<[^>\n]*>|[^\s<]+)\s+(?:\"[^\"]*\"|'[^']*')\s*\)")  # after "](": url "title")
_TITLE_SPAN = 2048  # how far after "](" a link's closing ")" is looked for
_URL_ATTR = re.compile(r"(?:^|[\s\"'/])(?:href|src|xlink:href|action|formaction|srcset)\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+)", re.I)
_MD_LINK = re.compile(r"!?\[[^\]]*\]\(\s*(?:<([^>\n]*)>|([^)\s]*))(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
_MD_REF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")
_AUTOLINK = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*)>")
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
        if "](" in line and _has_link_title(line):
            problems.append(Problem(rel, line_no, None, "unsafe-html-attribute", "warning", params={"found": "title="}))
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


def _has_link_title(line: str) -> bool:
    """``[text](url "title")``: the title becomes a title attribute, which is dropped.

    Each "](" is matched against a window of at most _TITLE_SPAN characters: one regex over the
    whole line would backtrack quadratically on a long run of "](a" without a ")".
    """
    start = line.find("](")
    while start != -1:
        end = line.find(")", start + 2, start + 2 + _TITLE_SPAN)
        if end != -1 and _LINK_TITLE.match(line, start + 2, end + 1):
            return True
        start = line.find("](", start + 2)
    return False


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
        for attr in _DROPPED_ATTR.finditer(tag.group(3)):
            problems.append(Problem(rel, line_no, None, "unsafe-html-attribute", "warning",
                                    params={"found": f"{attr.group(1)}="}))
    return problems


def _unsafe(rel: str, line: int, what: str) -> Problem:
    return Problem(rel, line, None, "unsafe-html", "warning", params={"found": what})


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
    if not source.is_file():
        return "attachment-missing", {"found": shown, "case": case_id}
    return None


def check_attachment_files(folder: Path, rel_folder: str, max_bytes: int) -> list[Problem]:
    """Every file of one case's (or collection's) folder that could not be published: its type,
    its size, an SVG with active content (see attachments.file_problems)."""
    problems = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.is_symlink() or is_junk(path.name):
            continue
        rel = visible(f"{rel_folder}/{path.relative_to(folder).as_posix()}")
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
