"""Write output folders so that a build can never destroy anything.

Everything is produced in a temporary sibling folder; only a complete result
replaces the target, by two renames on the same file system. A crash, an
error or an interrupted process leaves the old folder as it was (and at worst
a stale ``.<name>.tmp-*`` sibling, removed by the next run).

Because the target is replaced whole, it must be a folder Casebook owns:
``check_output`` refuses the project itself, anything containing it and the
folders it reads from (``cases/``, the docs folder, the cache, ``.git``), and
``replacing`` replaces an existing folder only if it is empty or carries the
marker file a previous build or generate wrote into it. One build at a time
writes a given target (a lock next to it).
"""
from __future__ import annotations

import errno
import json
import os
import secrets
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .pages import Page, StaticFile

MARKER = ".casebook-site"


class OutputError(Exception):
    """An output folder Casebook must not or cannot write; ``code`` and ``params`` for messages.py."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def check_output(target: Path, root: Path, docs_dir: Path, cache_dir: Path | None) -> Path:
    """The resolved ``target``, or OutputError if replacing it could touch the project or its sources.

    Refused: the project root or any folder containing it, and anything that is, contains or lies
    inside ``cases/``, ``docs_dir``, ``cache_dir`` or ``.git``. This covers MkDocs' own rule for
    ``site_dir`` (neither it nor ``docs_dir`` may contain the other).
    """
    target, root = target.resolve(), root.resolve()
    if target == root or root.is_relative_to(target):
        raise OutputError("output-contains-project", path=str(target), project=str(root))
    for folder in (root / "cases", docs_dir, cache_dir, root / ".git"):
        if folder is None:
            continue
        folder = folder.resolve()
        if target.is_relative_to(folder) or folder.is_relative_to(target):
            raise OutputError("output-overlaps-source", path=str(target), source=str(folder))
    return target


def is_casebook_output(folder: Path) -> bool:
    """True for a folder a previous Casebook build or generate wrote (it holds the marker)."""
    try:
        return json.loads((folder / MARKER).read_text(encoding="utf-8")).get("tool") == "casebook"
    except (OSError, ValueError, AttributeError):
        return False


def write_marker(folder: Path, edition: str) -> None:
    """Mark ``folder`` as Casebook's output. No time stamp: two builds of the same input stay identical."""
    text = json.dumps({"tool": "casebook", "edition": edition}, sort_keys=True) + "\n"
    (folder / MARKER).write_text(text, encoding="utf-8")


@contextmanager
def replacing(target: Path, edition: str) -> Iterator[Path]:
    """Yield a fresh folder; on normal exit it becomes ``target``, on any exception it is removed.

    Raises OutputError when another process is writing ``target``, when ``target`` exists, is not
    empty and was not written by Casebook, or when the file system refuses (the parent is not
    writable or is a file, the disk is full...).
    """
    target = target.resolve()
    with _unwritable_as_output_error(target):
        make_parent_folder(target.parent)
    with _locked(target):
        with _unwritable_as_output_error(target):
            _recover(target)
            _refuse_foreign(target)
            work = _fresh_folder(target.parent, f".{target.name}.tmp-")
        try:
            with _unwritable_as_output_error(target, inside=work):
                yield work
            with _unwritable_as_output_error(target):
                write_marker(work, edition)
        except BaseException:
            shutil.rmtree(work, ignore_errors=True)
            raise
        with _unwritable_as_output_error(target):
            _swap(work, target)


@contextmanager
def _unwritable_as_output_error(target: Path, inside: Path | None = None) -> Iterator[None]:
    """OSError -> OutputError naming the output folder; with ``inside``, only errors about files there."""
    try:
        yield
    except OSError as exc:
        if inside is not None and not (exc.filename and Path(os.path.abspath(os.fsdecode(exc.filename)))
                                       .is_relative_to(inside)):
            raise  # e.g. an unreadable source file: not a problem of the output folder
        raise OutputError("output-unwritable", path=str(target), reason=exc.strerror or str(exc)) from None


def make_parent_folder(parent: Path) -> None:
    """mkdir -p, with ENOTDIR (not "File exists") when a file stands where a folder should be."""
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError:  # a file where a folder should be: say so, not "File exists"
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(parent)) from None


def _refuse_foreign(target: Path) -> None:
    if not target.exists():
        return
    if not target.is_dir() or (any(target.iterdir()) and not is_casebook_output(target)):
        raise OutputError("output-not-casebook", path=str(target), marker=MARKER)


def _fresh_folder(parent: Path, prefix: str) -> Path:
    # Not tempfile.mkdtemp: it creates mode 0700 and the site would stay unreadable to a web server
    # running as another user. os.mkdir's default mode is filtered by the umask, as `mkdocs build` is.
    while True:
        folder = parent / f"{prefix}{secrets.token_hex(4)}"
        try:
            folder.mkdir()
            return folder
        except FileExistsError:
            continue


def _swap(work: Path, target: Path) -> None:
    old = None
    if target.exists():
        old = target.parent / f".{target.name}.tmp-old-{secrets.token_hex(4)}"
        target.rename(old)
    work.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _recover(target: Path) -> None:
    """Undo what an interrupted run left: put the last good folder back, drop half-built ones.

    Called only under the target's lock: no live build owns any of these folders.
    """
    olds = sorted(target.parent.glob(f".{target.name}.tmp-old-*"), key=lambda p: p.stat().st_mtime)
    if olds and not target.exists():
        olds.pop().rename(target)  # killed between the two renames: the old folder is the good one
    for stale in [*olds, *target.parent.glob(f".{target.name}.tmp-*")]:
        shutil.rmtree(stale, ignore_errors=True)


@contextmanager
def _locked(target: Path) -> Iterator[None]:
    """Hold ``.<name>.lock`` next to ``target`` for the whole run; OutputError if another run holds it.

    POSIX: flock, which the kernel releases when the holder dies (kill -9 included), so a crashed
    build never leaves a lock that needs removing by hand, unlike an O_CREAT|O_EXCL lock file. The
    holder deletes the file before releasing it; a run that locked a file already deleted (it opened
    it just before) sees another inode at the path and tries again. Windows: msvcrt's byte lock,
    also released by the system when the process ends; the file stays (an open file cannot be deleted).
    """
    lock = target.parent / f".{target.name}.lock"
    while True:
        with _unwritable_as_output_error(target):
            fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            locked = _try_lock(fd)
            if locked and (os.name == "nt" or _same_file(fd, lock)):
                break
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)
        if not locked:
            raise OutputError("output-busy", path=str(target), lock=str(lock))
        # else: the previous holder deleted the file after we opened it; lock the new one
    try:
        yield
    finally:
        if os.name != "nt":
            lock.unlink(missing_ok=True)
        os.close(fd)  # releases the lock


def _try_lock(fd: int) -> bool:
    if os.name == "nt":  # pragma: no cover - exercised on Windows only
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False


def _same_file(fd: int, path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(fd), os.stat(path))
    except FileNotFoundError:
        return False


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
