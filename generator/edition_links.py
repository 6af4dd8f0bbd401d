"""Links from a hand-written page to a page left out of this edition keep their text only.

A Python-Markdown tree processor that runs just before MkDocs' own link resolver
("relpath", priority 0, MkDocs 1.6.1), so MkDocs never sees the link: no dead link in
the page and no "target not found" warning (which `strict: true` turns into a failed
build). The link is taken from the same parse that renders the page.
"""
from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor


@dataclass
class LeftOut:
    """What the tree processor needs: the pages left out, and the page being rendered."""

    pages: frozenset[str] = frozenset()  # source paths inside the docs folder: "guide.md"
    page: str | None = None  # the source path of the page being rendered
    on_drop: Callable[[str, str], None] = field(default=lambda page, href: None)

    def target(self, href: str) -> str | None:
        """The left-out page ``href`` (a link on ``self.page``) points to, or None."""
        if self.page is None or not self.pages:
            return None
        scheme, netloc, path, _query, _anchor = urlsplit(href)
        if scheme or netloc or not path or path.startswith(("/", "\\")):
            return None
        target = posixpath.normpath(posixpath.join(posixpath.dirname(self.page), unquote(path)))
        for candidate in (target, posixpath.join(target, "index.md")):
            if candidate in self.pages:
                return candidate
        return None


class _DropLinks(Treeprocessor):
    def __init__(self, md: Markdown, left_out: LeftOut) -> None:
        super().__init__(md)
        self.left_out = left_out

    def run(self, root: Element) -> None:
        if not self.left_out.pages:
            return
        for element in root.iter("a"):
            href = element.get("href")
            if href is not None and self.left_out.target(href) is not None:
                element.tag = "span"  # its text and inline markup stay
                element.attrib.clear()
                self.left_out.on_drop(self.left_out.page or "", href)


class EditionLinks(Extension):
    def __init__(self, left_out: LeftOut) -> None:
        super().__init__()
        self.left_out = left_out

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        md.treeprocessors.register(_DropLinks(md, self.left_out), "casebook_edition_links", 1)
