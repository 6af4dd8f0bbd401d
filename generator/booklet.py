"""The booklet of a highlight collection: one HTML body for the site's print
page and for the PDF that WeasyPrint renders (``casebook booklet``).

Cases appear in the editor's order, each in full, each starting a new printed
page; the table of contents gets page numbers from CSS ``target-counter``
(WeasyPrint). Headers and footers carry the collection title through a small
per-collection stylesheet, its string escaped for CSS.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

from importlib import resources
from urllib.parse import quote

from jinja2 import Environment
from markupsafe import Markup

from .attachments import size_text
from .model import Case, Collection, Site
from .render import SAME_AS_IMAGES, attachment_target, render_body


@dataclass(frozen=True)
class BookletPdf:
    """A collection's booklet as a PDF file of the site (``casebook build`` renders it when it can)."""

    content: bytes
    pages: int

    @staticmethod
    def path(collection: Collection) -> str:
        """Its site path, beside the collection's page."""
        return f"collections/{collection.id}/{collection.id}.pdf"

    @property
    def size(self) -> str:
        """How large, as the site shows file sizes: "420 KB", "1.3 MB"."""
        return size_text(len(self.content))


@dataclass(frozen=True)
class BookletCase:
    case: Case
    number: int
    section: str | None
    note: Markup | None
    body: Markup


def css_string(text: str) -> str:
    """A CSS string literal: safe inside a stylesheet and inside an HTML <style> element."""
    out = []
    for ch in text:
        if ch in '\\"' or ch in "<>&'" or ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\{ord(ch):X} ")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def title_css(collection: Collection) -> str:
    title = css_string(collection.title)
    return (
        f"@page {{ @top-center {{ content: {title}; }} }}\n"
        "@page :first { @top-center { content: none; } @bottom-center { content: none; } }\n"
    )


def cover_name(collection: Collection) -> str | None:
    """The cover's file name inside the collection's folder."""
    return attachment_target(collection.cover, collection.id) if collection.cover else None


def booklet_cases(site: Site, collection: Collection, attachment_base: Callable[[Case], str],
                  link_base: Callable[[Case], str | None] | None = None, folder_url: str = "") -> list[BookletCase]:
    """The collection's cases in order, each body rendered with ids unique to the booklet.

    ``link_base`` (for the PDF): where links to attachments point, or None to drop them.
    ``folder_url``: where the collection's own files (note images) are, from the document.
    """
    out = []
    for section in collection.sections:
        for item in section.items:
            case = site.case(item.case)
            if case is None:
                continue
            links = link_base(case) if link_base else SAME_AS_IMAGES
            body = render_body(case.body, case.id, attachment_base(case), id_prefix=f"cb-{case.id}-", link_base=links)
            note = Markup(render_body(item.note, collection.id, folder_url, id_prefix=f"cb-note-{case.id}-",
                                      link_base=None if link_base else SAME_AS_IMAGES).html) if item.note else None
            out.append(BookletCase(case, len(out) + 1, section.title, note, Markup(body.html)))
    return out


def booklet_document(env: Environment, site: Site, collection: Collection, *, attachment_base: Callable[[Case], str],
                     link_base: Callable[[Case], str | None] | None, folder_url: str, font_css: str = "",
                     scripts: Sequence[str] = (), stylesheets: Sequence[str] = (), back_url: str | None = None,
                     pdf: dict | None = None) -> str:
    """The booklet as one standalone HTML document (CSS inline).

    The site's print page loads Paged.js (``scripts``) so a browser paginates it like the PDF
    does, page numbers in the contents included, and a stylesheet for the screen
    (``stylesheets``, left alone by Paged.js); WeasyPrint needs neither. ``pdf``: the booklet's
    PDF on the site (url, pages, size), offered next to the way back (``back_url``).
    """
    css = (resources.files("generator") / "templates" / "assets" / "booklet.css").read_text(encoding="utf-8")
    return env.get_template("booklet_document.html").render(
        site=site, collection=collection, entries=booklet_cases(site, collection, attachment_base, link_base, folder_url),
        intro=Markup(render_body(collection.intro, collection.id, folder_url, id_prefix="cb-intro-",
                                 link_base=None if link_base else SAME_AS_IMAGES).html),
        cover_url=folder_url + quote(cover_name(collection)) if cover_name(collection) else None,
        font_css=Markup(font_css), booklet_css=Markup(css), title_css=Markup(title_css(collection)),
        scripts=scripts, stylesheets=stylesheets, back_url=back_url, pdf=pdf,
    )
