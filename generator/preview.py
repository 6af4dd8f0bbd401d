"""What `casebook serve` keeps from one rebuild to the next, so saving one case rebuilds only
the pages that change.

`mkdocs serve` reloads mkdocs.yml, and so makes new plugin objects, on every change; the
state lives here, one per served project, for the life of the process. Each round still
reads and checks every file, but what is memoised here costs a stat, not a parse:

* a case file's check (``validate._check_case``), keyed by the file's and its attachment
  folder's size and modification time, for one generation of registries and settings;
* a case body's rendering and a case page's HTML, keyed by everything they are made of;
* the page sources: written to a folder of this state only when their text changed, and
  given to MkDocs as files on disk, so a `dirty` build (``engine.serve``) renders the theme
  again only for pages whose source is newer than their output;
* the search records the main index was written from: later rounds write a small delta
  index with the records that differ (``search.pagefind.write_delta``).

When anything that every page depends on changes (mkdocs.yml, a registry, the docs
folder's list of files, the theme override folder, the edition), the generation changes:
every memo is dropped and the served folder is emptied, so the round is a full build.
"""
from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Hashable

from jinja2 import MemcachedBytecodeCache

# The project files every page depends on, besides mkdocs.yml and the docs folder's listing.
SHARED_FILES = ("cases/units.yml", "cases/criteria.yml", "cases/tags.yml")


def _stat_key(path: Path) -> tuple[int, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def folder_key(folder: Path) -> tuple:
    """Names, sizes and times of everything under ``folder`` (empty when it does not exist)."""
    if not folder.is_dir():
        return ()
    out = []
    for base, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files) + dirs:
            path = Path(base) / name
            out.append((str(path.relative_to(folder)), _stat_key(path)))
    return tuple(out)


def file_key(path: Path) -> tuple:
    """A case file and its attachment folder (``cases/<unit>/<id>/``), as a memo key."""
    return (_stat_key(path), folder_key(path.with_suffix("")))


@dataclass
class PreviewState:
    root: Path
    pages_dir: Path
    generation: Hashable = None
    checks: dict = field(default_factory=dict)  # memo of validate._check_case
    renders: dict = field(default_factory=dict)  # memo of rendered case bodies and pages
    written: dict[str, str] = field(default_factory=dict)  # page source path -> text on disk
    indexed: dict | None = None  # url -> SearchRecord of the main index; None: not written yet
    records: dict = field(default_factory=dict)  # url -> record of a hand-written page (last seen)
    changed: int = 0  # page sources written this round
    full: bool = True  # this round is a full build

    def start_round(self, generation: Hashable, site_dir: Path) -> bool:
        """Begin a rebuild; True when it must be a full one (the generation changed)."""
        self.changed = 0
        self.full = generation != self.generation
        if not self.full:
            return False
        self.generation = generation
        self.checks.clear()
        self.renders.clear()
        self.indexed = None
        self.records.clear()
        # Every output goes: MkDocs' dirty build then writes every page again. The folder is
        # the one `mkdocs serve` made for this process (a temporary folder), never the project's.
        if site_dir.is_dir():
            for entry in site_dir.iterdir():
                if entry.is_dir() and not entry.is_symlink():
                    shutil.rmtree(entry)
                else:
                    entry.unlink()
        return True

    def memo(self, table: dict, key: Hashable, make: Callable[[], Any]) -> Any:
        if key in table:
            return table[key]
        value = table[key] = make()
        return value

    def write_source(self, path: str, content: str) -> Path:
        """The page source at ``path``, rewritten only when its text changed (MkDocs compares times)."""
        target = self.pages_dir / path
        if self.written.get(path) != content:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")
            self.written[path] = content
            self.changed += 1
        return target

    def drop_sources(self, keep: set[str], site_dir: Path, url_of: Callable[[str], str]) -> list[str]:
        """Pages of the last round that this round no longer makes (a deleted or unpublished
        case): their source and their served page go. Returns their paths."""
        gone = [path for path in self.written if path not in keep]
        for path in gone:
            del self.written[path]
            (self.pages_dir / path).unlink(missing_ok=True)
            (site_dir / url_of(path) / "index.html").unlink(missing_ok=True)
        return gone


class _Store(dict):
    """The client interface MemcachedBytecodeCache needs, kept in this process's memory."""

    def set(self, key: str, value: bytes, timeout: int | None = None) -> None:
        self[key] = value


# Compiled templates (ours and the theme's), shared by every Jinja environment of this process:
# `mkdocs serve` makes a new theme environment per rebuild, which would compile mkdocs-material's
# templates again (about a second). Jinja keys each entry by the template's source checksum,
# so a changed theme override is compiled again.
TEMPLATE_CODE = MemcachedBytecodeCache(_Store())

_STATES: dict[Path, PreviewState] = {}


def state_for(root: Path) -> PreviewState:
    state = _STATES.get(root)
    if state is None:
        pages_dir = Path(tempfile.mkdtemp(prefix="casebook-preview-"))
        atexit.register(shutil.rmtree, pages_dir, True)
        state = _STATES[root] = PreviewState(root, pages_dir)
    return state


def generation_of(root: Path, config_file: Path, docs_dir: Path, edition: str, theme_dirs: list[str]) -> Hashable:
    """What every page depends on: when it changes, the next round is a full build."""
    docs = tuple(sorted(str(p.relative_to(docs_dir)) for p in docs_dir.rglob("*"))) if docs_dir.is_dir() else ()
    themes = tuple(folder_key(Path(d)) for d in theme_dirs if "site-packages" not in d)
    return (_stat_key(config_file), tuple(_stat_key(root / f) for f in SHARED_FILES),
            folder_key(root / "cases" / "collections"), docs, themes, edition)


def served_from_temporary(site_dir: Path) -> bool:
    """The folder `mkdocs serve` made for itself: the only one a round may empty."""
    try:
        parent = site_dir.resolve().parent
        return site_dir.name.startswith("mkdocs_") and parent == Path(tempfile.gettempdir()).resolve()
    except OSError:
        return False
