"""Booklet PDFs kept between builds (``casebook build``), in the project's cache folder.

A collection's PDF is rendered again only when something it is made of changed: the
booklet document (text, styles, the font it asks for), a file it may embed (the
collection's own files, its cases' attachments, the font files: by size and time of
change) or WeasyPrint's version. Rendering takes seconds per collection; reading a
kept PDF, milliseconds. The output is the same either way (WeasyPrint's is
deterministic). What a build did not use is removed, one folder per edition.
"""
from __future__ import annotations

import hashlib
import os
import secrets
from importlib import metadata
from pathlib import Path
from typing import Iterable

FORMAT = "casebook-booklet-1"  # change when what goes into a PDF changes outside the document


class BookletCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.used: set[str] = set()
        self.hits = 0

    def key(self, document: str, files: Iterable[Path]) -> str:
        # The installed version, without importing WeasyPrint (a second or more: a build whose
        # booklets are all kept does without it).
        digest = hashlib.sha256(f"{FORMAT}\0{metadata.version('weasyprint')}\0".encode())
        digest.update(document.encode("utf-8"))
        for path in sorted(set(files)):
            try:
                stat = path.stat()
                stamp = f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n"
            except OSError:
                stamp = f"{path}\0-\n"
            digest.update(stamp.encode("utf-8", "surrogateescape"))
        return digest.hexdigest()[:40]

    def get(self, key: str) -> tuple[bytes, int] | None:
        """The kept PDF and its page count, or None."""
        for path in self.folder.glob(f"{key}-*.pdf"):
            try:
                pages, data = int(path.stem.rsplit("-", 1)[1]), path.read_bytes()
            except (OSError, ValueError):
                continue
            self.used.add(path.name)
            self.hits += 1
            return data, pages
        return None

    def put(self, key: str, data: bytes, pages: int) -> None:
        name = f"{key}-{pages}.pdf"
        self.used.add(name)
        tmp = self.folder / f".{name}.{secrets.token_hex(4)}.tmp"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(data)
            os.replace(tmp, self.folder / name)
        except OSError:
            tmp.unlink(missing_ok=True)  # a cache that cannot be written only costs time

    def prune(self) -> None:
        """Remove the PDFs this build did not use (edited or removed collections)."""
        if not self.folder.is_dir():
            return
        for path in self.folder.iterdir():
            if path.name not in self.used:
                try:
                    path.unlink()
                except OSError:
                    pass
