"""Change entries of a progress.yml in its own text, line by line.

PyYAML cannot write a file back with its comments, so the import does not dump YAML: it
finds each field it changes by the line numbers of the project's own loader
(``load.parse_yaml``) and replaces just those lines. Everything else, comments and blank
lines included, stays byte for byte. Kept: every line of an entry or field that does not
change, comments between fields and entries, the order of people, items and fields, the
file's indentation. Not kept: a comment inside a value that is replaced (between the
items of a block list, say), and the layout of that value (a list is written ``[a, b]``).
An entry written in flow style (``- {item: dr-1, ...}``) is rewritten whole, in block style.

The result is read back with the same loader and must give exactly the data intended,
else ``EditError``: a file laid out in a way this editor does not know is never guessed at.
"""
from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field
from typing import Any

from ..load import Map, flow_list, parse_yaml, plain_or_quoted, to_data

KEY_ORDER = ("item", "person", "status", "due", "evidence", "difficulties", "reason", "updated")
DEFAULT_PREFIX = "  - "
_DASH = re.compile(r"^(\s*-\s+)")


class EditError(Exception):
    """The file cannot be edited in place safely; ``line``: where (1-based), for the message."""

    def __init__(self, line: int | None) -> None:
        super().__init__(f"line {line}")
        self.line = line


@dataclass
class EntryEdit:
    """New values for the fields of one entry of ``items`` (None removes a field)."""

    item: str
    index: int | None  # position in items; None: a new entry, appended
    values: dict[str, Any] = field(default_factory=dict)


def edit_progress(text: str, edits: list[EntryEdit], people: list[tuple[str, str]]) -> str:
    """``text`` (LF line ends) with ``edits`` applied and ``people`` (name, role) appended."""
    node, problems = parse_yaml(text, "progress.yml", 1)
    if node is None and not problems:  # a file of comments only
        node = Map({}, 1)
    if node is None or problems or not isinstance(node, Map):
        raise EditError(problems[0].line if problems else 1)
    data, lines = to_data(node)
    expected = _expected(data, edits, people)
    rows = text.split("\n")
    ends_with_newline = rows[-1] == ""
    if ends_with_newline:
        rows.pop()
    editor = _Editor(rows, data, lines)
    for edit in edits:
        if edit.index is not None:
            editor.change_entry(edit)
    editor.append("items", [_new_entry(e) for e in edits if e.index is None])
    editor.append("people", [{"name": n, "role": r} for n, r in people])
    out = "\n".join(editor.result()) + "\n" if (ends_with_newline or editor.changed) else "\n".join(editor.result())
    check, problems = parse_yaml(out, "progress.yml", 1)
    if check is None or problems or to_data(check)[0] != expected:
        raise EditError(problems[0].line if problems else None)
    return out


def _new_entry(edit: EntryEdit) -> dict[str, Any]:
    values = {"item": edit.item, **{k: v for k, v in edit.values.items() if v is not None}}
    return {k: values[k] for k in KEY_ORDER if k in values}


def _expected(data: dict, edits: list[EntryEdit], people: list[tuple[str, str]]) -> dict:
    out = copy.deepcopy(data)
    for edit in edits:
        if edit.index is None:
            out["items"] = (out.get("items") or []) + [_new_entry(edit)]
            continue
        entry = out["items"][edit.index]
        for key, value in edit.values.items():
            if value is None:
                entry.pop(key, None)
            else:
                entry[key] = value
    if people:
        out["people"] = (out.get("people") or []) + [{"name": n, "role": r} for n, r in people]
    return out


# --- writing values ---------------------------------------------------------------

def render_value(value: Any) -> str:
    """A value as YAML on one line: plain where YAML reads it back unchanged, else quoted."""
    if isinstance(value, list):
        return flow_list(value)
    if "\n" in value:  # difficulties over several lines: JSON strings are YAML double-quoted scalars
        return json.dumps(value, ensure_ascii=False)
    return plain_or_quoted(value)


def _field_lines(key: str, value: Any, lead: str) -> list[str]:
    return [f"{lead}{key}: {render_value(value)}"]


def _mapping_lines(values: dict[str, Any], prefix: str) -> list[str]:
    indent = " " * len(prefix)
    out = []
    for i, (key, value) in enumerate(values.items()):
        out += _field_lines(key, value, prefix if i == 0 else indent)
    return out


# --- the line editor ----------------------------------------------------------------

class _Editor:
    def __init__(self, rows: list[str], data: dict, lines: dict) -> None:
        self.rows = rows
        self.data = data
        self.lines = lines
        self.replacements: list[tuple[int, int, list[str]]] = []  # (start, end) 0-based, half-open
        self.changed = False

    def result(self) -> list[str]:
        rows = list(self.rows)
        for start, end, new in sorted(self.replacements, key=lambda r: (r[0], r[1]), reverse=True):
            rows[start:end] = new
        return rows

    def replace(self, start: int, end: int, new: list[str]) -> None:
        if new != self.rows[start:end]:
            self.replacements.append((start, end, new))
            self.changed = True

    # Where things are ----------------------------------------------------------------

    def block_end(self, key: str) -> int:
        """0-based row after the value of top-level ``key`` (before the next top-level key)."""
        start = self.lines[(key,)]
        after = [self.lines[(k,)] for k in self.data if self.lines[(k,)] > start]
        return min(after) - 1 if after else len(self.rows)

    def trimmed(self, start: int, end: int, indent: int) -> int:
        """``end`` less the blank lines and the comments at ``indent`` or less that close the range."""
        while end > start + 1:
            row = self.rows[end - 1]
            stripped = row.strip()
            if stripped and not (stripped.startswith("#") and len(row) - len(row.lstrip()) <= indent):
                break
            end -= 1
        return end

    def entry_range(self, key: str, index: int, prefix_len: int) -> tuple[int, int]:
        start = self.lines[(key, index)] - 1
        following = (key, index + 1)
        end = self.lines[following] - 1 if following in self.lines else self.block_end(key)
        return start, self.trimmed(start, end, prefix_len)

    def prefix(self, key: str) -> str:
        """The dash and spaces the entries of ``key`` start with (``  - ``)."""
        if (key, 0) in self.lines:
            m = _DASH.match(self.rows[self.lines[(key, 0)] - 1])
            if m:
                return m.group(1)
        return DEFAULT_PREFIX

    # Changing an entry ---------------------------------------------------------------

    def change_entry(self, edit: EntryEdit) -> None:
        index = edit.index
        entry = self.data["items"][index]
        new = dict(entry)
        for key, value in edit.values.items():
            if value is None:
                new.pop(key, None)
            else:
                new[key] = value
        if new == entry:
            return
        prefix = self.prefix("items")
        start, end = self.entry_range("items", index, len(prefix))
        entry_prefix = _DASH.match(self.rows[start])
        keys = sorted(entry, key=lambda k: self.lines[("items", index, k)])
        key_rows = [self.lines[("items", index, k)] - 1 for k in keys]
        block = (entry_prefix is not None and len(set(key_rows)) == len(keys) and key_rows[0] == start
                 and all(self._key_at(r, k, len(entry_prefix.group(1)), r == start) for r, k in zip(key_rows, keys)))
        first_changes = keys[0] in edit.values and new.get(keys[0]) != entry[keys[0]]
        if not block or first_changes:
            ordered = {k: new[k] for k in sorted(new, key=_order)}
            self.replace(start, end, _mapping_lines(ordered, entry_prefix.group(1) if entry_prefix else prefix))
            return
        indent = " " * len(entry_prefix.group(1))
        out: list[str] = []
        pending = [k for k in KEY_ORDER if k in new and k not in entry]
        for j, (key, row) in enumerate(zip(keys, key_rows)):
            seg_end = key_rows[j + 1] if j + 1 < len(keys) else end
            value_end = self.trimmed(row, seg_end, len(indent))
            if j > 0:  # a new field goes before the first later field in the usual order, never first
                later = [k for k in pending if KEY_ORDER.index(k) < _order(key)]
                for k in later:
                    out += _field_lines(k, new[k], indent)
                pending = [k for k in pending if k not in later]
            if key in edit.values and new.get(key) != entry[key]:
                if key in new:
                    out += _field_lines(key, new[key], indent)
            else:
                out += self.rows[row:value_end]
            out += self.rows[value_end:seg_end]  # comments and blank lines between fields
        for k in pending:
            out += _field_lines(k, new[k], indent)
        self.replace(start, end, out)

    def _key_at(self, row: int, key: str, indent: int, first: bool) -> bool:
        text = self.rows[row]
        if first:
            return text[indent:].startswith(f"{key}:")
        return text.startswith(" " * indent + f"{key}:")

    # Appending entries -----------------------------------------------------------------

    def append(self, key: str, entries: list[dict[str, Any]]) -> None:
        if not entries:
            return
        prefix = self.prefix(key)
        new_rows = [row for entry in entries for row in _mapping_lines(entry, prefix)]
        existing = self.data.get(key)
        if key not in self.data:
            self._add_block(key, new_rows)
        elif not existing:  # ``items:`` with nothing, ``items: []`` or ``items: ~``
            start = self.lines[(key,)] - 1
            if not self.rows[start].startswith(f"{key}:"):
                raise EditError(start + 1)
            end = self.trimmed(start, self.block_end(key), 0)
            self.replace(start, end, [f"{key}:"] + new_rows)
        else:
            last = len(existing) - 1
            if self.lines[(key, last)] == self.lines[(key,)]:  # ``items: [{...}]`` on one line
                raise EditError(self.lines[(key,)])
            _start, end = self.entry_range(key, last, len(prefix))
            self.replacements.append((end, end, new_rows))
            self.changed = True

    def _add_block(self, key: str, new_rows: list[str]) -> None:
        block = [f"{key}:"] + new_rows
        if key == "people" and "items" in self.data:  # people before items, above items' own comments
            items = at = self.lines[("items",)] - 1
            while at > 0 and self.rows[at - 1].lstrip().startswith("#"):
                at -= 1
            at = items if at == 0 else at  # comments that open the file are about the file: stay first
            self.replacements.append((at, at, block))
        else:
            at = len(self.rows)
            while at > 0 and not self.rows[at - 1].strip():
                at -= 1
            self.replacements.append((at, at, block))
        self.changed = True


def _order(key: str) -> int:
    return KEY_ORDER.index(key) if key in KEY_ORDER else len(KEY_ORDER)
