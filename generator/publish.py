"""Write output folders so that a failure never damages the last good one.

Everything is produced in a temporary sibling folder; only a complete result
replaces the target, by two renames on the same file system. A crash, an
error or an interrupted process leaves the old folder as it was (and at worst
a stale ``.<name>.tmp-*`` sibling, removed by the next run).
"""
from __future__ import annotations

import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .pages import Page, StaticFile


@contextmanager
def replacing(target: Path) -> Iterator[Path]:
    """Yield a fresh folder; on normal exit it becomes ``target``, on any exception it is removed."""
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    _recover(target)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    try:
        yield work
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-old-", dir=target.parent))
        old.rmdir()
        target.rename(old)
    work.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _recover(target: Path) -> None:
    """Undo what an interrupted run left: put the last good folder back, drop half-built ones."""
    olds = sorted(target.parent.glob(f".{target.name}.tmp-old-*"), key=lambda p: p.stat().st_mtime)
    if olds and not target.exists():
        olds.pop().rename(target)  # killed between the two renames: the old folder is the good one
    for stale in [*olds, *target.parent.glob(f".{target.name}.tmp-*")]:
        shutil.rmtree(stale, ignore_errors=True)


def write_pages(out: Path, pages: list[Page], files: list[StaticFile], assets: dict[str, bytes]) -> None:
    """Write generated pages, static files and assets under ``out`` (for engines without plugins)."""
    for page in pages:
        _write(out / page.path, page.content.encode("utf-8"))
    for file in files:
        _write(out / file.path, file.read())
    for path, content in assets.items():
        _write(out / path, content)


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
