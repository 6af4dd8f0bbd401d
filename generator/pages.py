"""Site model -> pages (source path, Markdown text) and files to copy.

Knows nothing about MkDocs: the MkDocs plugin adds these as virtual files, and
``casebook generate --out DIR`` writes them to a folder for engines that run
no plugins. URLs follow ``use_directory_urls: true``: a page ``units/x.md`` is
served at ``units/x/``. Every page is a YAML header (written by a serializer)
and one HTML block rendered by Jinja2 with autoescaping, so contributor text
is always escaped for the context it lands in.
"""
from __future__ import annotations

import posixpath
from html import escape
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import yaml
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from .model import Case, Site
from .render import render_body

ASSET_DIR = "assets/casebook"
ASSETS = ("casebook.css", "casebook.js")
SECTION_PAGES = (
    ("cases/index.md", "案例"),
    ("units/index.md", "单位"),
    ("criteria/index.md", "创建清单"),
    ("tags/index.md", "标签"),
)
NEWEST = 8


@dataclass(frozen=True)
class Page:
    path: str  # source path, e.g. "cases/shawan-2024-001.md"
    content: str
    in_nav: bool = False


@dataclass(frozen=True)
class Attachment:
    path: str  # site path, e.g. "cases/shawan-2024-001/photo.png"
    source: Path


def url_of(path: str) -> str:
    """Source path -> directory URL: 'units/x.md' -> 'units/x/', 'index.md' -> ''."""
    stem = path[: -len(".md")]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def relative(from_url: str, to_url: str) -> str:
    """A link from the page at ``from_url`` to ``to_url`` (both directory URLs)."""
    link = posixpath.relpath("/" + to_url, "/" + (from_url or ""))
    if to_url.endswith("/") and not link.endswith("/"):
        link += "/"
    return "./" if link in (".", "./") else link


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("generator", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.do"],
    )
    env.filters["cn_date"] = lambda d: f"{d.year}年{d.month}月{d.day}日"
    env.tests["contains"] = lambda seq, item: item in seq
    return env


class PageBuilder:
    """Renders every page of a Site."""

    def __init__(self, site: Site, cases_root: Path, home_text: str = "") -> None:
        self.site = site
        self.cases_root = cases_root
        self.home_text = home_text
        self.env = _environment()
        self.replicated_by: dict[str, list[Case]] = {}
        for case in site.cases:
            if case.replicated_from:
                self.replicated_by.setdefault(case.replicated_from, []).append(case)
        self.attachments: list[Attachment] = []

    def build(self) -> list[Page]:
        site = self.site
        pages = [self._home()]
        pages.append(self._render("cases/index.md", "cases_index.html", "全部案例", search_exclude=True,
                                  years=sorted({c.year for c in site.cases}, reverse=True)))
        pages += [self._case_page(case) for case in site.cases]
        pages.append(self._render("units/index.md", "units_index.html", "单位"))
        pages += [self._render(f"units/{u.id}.md", "unit.html", u.name, unit=u) for u in site.units.values()]
        pages.append(self._render("criteria/index.md", "criteria_index.html", "创建清单", coverage=self._coverage()))
        pages += [self._render(f"criteria/{c.id}.md", "criterion.html", c.name, criterion=c)
                  for c in site.criteria.values()]
        pages.append(self._render("tags/index.md", "tags_index.html", "标签"))
        pages += [self._render(f"tags/{t.id}.md", "tag.html", t.name, tag=t) for t in site.tags.values()]
        return pages

    # --- pages ---------------------------------------------------------------

    def _home(self) -> Page:
        site = self.site
        stats = {
            "units": len({c.unit for c in site.cases}),
            "cases": len(site.cases),
            "criteria": len({k for c in site.cases for k in c.criteria}),
            "criteria_total": len(site.criteria),
        }
        page = self._render("index.md", "home.html", None, stats=stats, newest=site.cases[:NEWEST])
        # The hand-written home text stays Markdown (and keeps its own front matter), our part follows it.
        return Page(page.path, f"{self.home_text.rstrip()}\n\n{page.content}", page.in_nav)

    def _case_page(self, case: Case) -> Page:
        rendered = render_body(case.body, case.id)
        for name in rendered.attachments:
            source = self.cases_root / case.unit / case.id / name
            if source.is_file():
                self.attachments.append(Attachment(f"cases/{case.id}/{name}", source))
        return self._render(
            f"cases/{case.id}.md", "case.html", case.title, case=case, body=Markup(rendered.html),
            attachments=rendered.attachments,
            replicated_by=self.replicated_by.get(case.id, []),
            origin=self.site.case(case.replicated_from) if case.replicated_from else None,
        )

    def _coverage(self) -> list[tuple[Any, list[int]]]:
        rows = []
        for unit in self.site.units.values():
            cases = self.site.cases_of_unit(unit.id)
            rows.append((unit, [sum(1 for c in cases if k in c.criteria) for k in self.site.criteria]))
        return rows

    # --- rendering -----------------------------------------------------------

    def _render(self, path: str, template: str, title: str | None, search_exclude: bool = False,
                **context: Any) -> Page:
        page_url = url_of(path)
        link: Callable[[str], str] = lambda to: relative(page_url, to)
        html = self.env.get_template(template).render(site=self.site, link=link, page_url=page_url, **context)
        # Contributor text never reaches a template engine downstream (mkdocs-macros and the like).
        html = html.replace("{", "&#123;").replace("}", "&#125;")
        meta: dict[str, Any] = {}
        if title is not None:
            # MkDocs themes insert page.meta.title into HTML unescaped: give them HTML text.
            meta["title"] = escape(title)
        if search_exclude:
            meta["search"] = {"exclude": True}
        header = "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=True) + "---\n\n" if meta else ""
        in_nav = path in dict(SECTION_PAGES) or path == "index.md"
        return Page(path, header + html, in_nav)


def build_pages(site: Site, cases_root: Path, home_text: str = "") -> tuple[list[Page], list[Attachment]]:
    builder = PageBuilder(site, cases_root, home_text)
    pages = builder.build()
    return pages, builder.attachments


def asset_files() -> dict[str, bytes]:
    """The site's own CSS and JavaScript, by site path."""
    from importlib import resources

    base = resources.files("generator") / "templates" / "assets"
    return {f"{ASSET_DIR}/{name}": (base / name).read_bytes() for name in ASSETS}
