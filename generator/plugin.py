"""The MkDocs adapter: validate, then add the generated pages as virtual files.

All decisions live in validate/model/pages; this module only translates them
into MkDocs events. A validation error stops the build with the same report
``casebook validate`` prints (``ProblemsFound``, which also carries the problems as data
for the error page of `casebook serve`).
"""
from __future__ import annotations

import datetime as dt
import logging
import re
import time
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from .board.asof import AsOfError, as_of_date
from .board.board import board_of
from .board.pages import BOARD_PATH, BOARD_TITLE
from .config import DEFAULT_CACHE_DIR, config_from_mkdocs
from .booklet import BookletPdf
from .edition_links import EditionLinks, LeftOut
from .errors import ContentError, Problem
from .messages import render
from .model import EDITIONS, build_site
from .pages import ASSET_DIR, SECTION_PAGES, SITE_WIDE, asset_files, build_pages, footer_line, toc_tokens, url_of
from .preview import TEMPLATE_CODE, PreviewState, file_key, generation_of, served_from_temporary, state_for
from .publish import OutputError, check_output, write_marker
from .search.pagefind import SHARD_WORDS, IndexWriter, SearchIndexError, write_delta
from .search.records import SearchRecord, page_record
from .stats.review import review_of
from .validate import validate_project
from .written import WrittenPage, public_text

log = logging.getLogger("mkdocs.plugins.casebook")


class CasebookConfig(base.Config):
    edition = c.Optional(c.Choice(EDITIONS))  # not set: internal
    preview = c.Optional(c.Type(bool))  # removed: refused with a message (drafts show in `serve` only)
    sections = c.Optional(c.ListOfItems(c.Type(str)))
    max_case_bytes = c.Optional(c.Type(int))
    max_attachment_bytes = c.Optional(c.Type(int))
    cache_dir = c.Type(str, default=DEFAULT_CACHE_DIR)
    booklet_font = c.Optional(c.Type(str))
    booklet_pdf = c.Type(bool, default=True)  # `casebook build`: each collection's PDF, when WeasyPrint is here
    search_shard_words = c.Type(int, default=SHARD_WORDS)  # indexed words per search-index shard
    as_of = c.Optional(c.Type(str))  # the progress board's date, YYYY-MM-DD (`--as-of`); else SOURCE_DATE_EPOCH or today
    # `casebook import`: section -> more wordings of its heading; any value here, checked with
    # a bilingual message by importers/headings.check_option (through config.py)
    import_headings = c.Optional(c.Type(object))


class ProblemsFound(PluginError):
    """Problems that stop the build: MkDocs prints the text, `casebook serve` shows ``problems``
    on its error page (preview_errors.py)."""

    def __init__(self, text: str, problems: list[Problem]) -> None:
        super().__init__("\n" + text)
        self.problems = problems


class FinishedPage(Page):
    """A generated page whose body is finished HTML: MkDocs' Markdown pass would only re-parse it."""

    def render(self, config: Any, files: Files) -> None:
        html = self.markdown or ""
        self.content = html
        self.toc = get_toc(toc_tokens(html))
        self.present_anchor_ids = set(_IDS.findall(html))
        self.links_to_anchors = {}


_IDS = re.compile(r'\sid="([^"]+)"')


class CasebookPlugin(BasePlugin[CasebookConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.command = "build"
        self.records: list[SearchRecord] = []
        self.index: IndexWriter | None = None
        self.state: PreviewState | None = None  # `casebook serve`: what is kept between rebuilds
        self.written_pages: dict[str, SearchRecord] = {}  # url -> record of a hand-written page
        self.validated: tuple | None = None  # handed over by `casebook build`, which has just validated
        self.lang: str | None = None  # the CLI's --lang (handed over by engine.py); None: theme.language
        self.left_out = LeftOut()  # hand-written pages of the other edition only, see edition_links.py
        self.written: dict[str, WrittenPage] = {}  # hand-written pages, with the edition each declares

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command
        # MkDocs keeps one instance of a plugin with on_startup for the whole process (its
        # config_options.Plugins.plugin_cache, mkdocs 1.6): a second build in the same process,
        # of another project or edition, must not index the first one's hand-written pages.
        self.written_pages = {}

    def on_config(self, config: Any) -> Any:
        self.root = Path(config.config_file_path).resolve().parent
        # MkDocs keeps one instance of a plugin with on_startup for every config loaded in a process
        # (its plugin cache, MkDocs 1.6.1): what an earlier build of another project or edition read
        # (an internal page's text) must not reach this one's search index.
        self.written_pages = {}
        # The same reading of mkdocs.yml as `casebook validate/build/generate` (config.py).
        self.settings, problems = config_from_mkdocs(self.root, config, self.lang)
        errors = [p for p in problems if p.severity == "error"]
        if errors:  # before anything is written
            raise ProblemsFound("\n".join(p.as_text(self.settings.lang) for p in errors), errors)
        self._refuse_unsafe_site_dir(config)
        for name in SITE_WIDE:
            path = f"{ASSET_DIR}/{name}"
            if name.endswith(".css") and path not in config.extra_css:
                config.extra_css.append(path)
            if name.endswith(".js") and path not in [str(s) for s in config.extra_javascript]:
                config.extra_javascript.append(path)
        _turn_off_theme_search(config, self.settings.lang)
        _add_theme_overrides(config)
        if not config.copyright:  # mkdocs-material's footer is an empty black band without it
            config.copyright = footer_line(config.site_name, self.edition, self.preview)
        self.left_out.on_drop = lambda page, href: log.info(render(
            "internal-link-dropped", {"file": self._shown(page), "target": href}, self.settings.lang))
        config.markdown_extensions.append(EditionLinks(self.left_out))
        return config

    @property
    def edition(self) -> str:
        """The plugin option: mkdocs.yml's choice, or what `casebook build/serve --edition` set on it."""
        return self.config.edition or "internal"

    @property
    def as_of(self) -> dt.date:
        """The date the progress board is judged on: the option (`--as-of`), SOURCE_DATE_EPOCH, or today."""
        try:
            return as_of_date(self.config.as_of)
        except AsOfError as exc:
            raise PluginError(render(exc.code, exc.params, self.settings.lang)) from None

    @property
    def preview(self) -> bool:
        """Drafts and submitted cases: only in `mkdocs serve` / `casebook serve`, never in a build."""
        return self.command == "serve"

    def on_files(self, files: Files, *, config: Any) -> Files:
        settings = self.settings
        state = self.state = self._preview_state(config)
        memo = None
        if state is not None:
            memo = lambda file, check: state.memo(state.checks, (file[2], file_key(file[1])), check)  # noqa: E731
        if self.validated is not None:  # checked and reported by `casebook build` a moment ago
            project, self.validated = self.validated[1], None  # `mkdocs serve` rebuilds read files again
        else:
            report, project = validate_project(settings, self.edition, memo=memo, as_of=self.as_of)
            if not report.ok:
                raise ProblemsFound(report.as_text(settings.lang), report.problems)
            for problem in report.warnings:
                log.warning(problem.as_text(settings.lang))
        site = build_site(project, edition=self.edition, preview=self.preview)
        self.written = project.pages
        left_out = self._leave_out_internal_pages(files)
        if state is not None:  # a page marked internal since an earlier round of `casebook serve --edition public`
            for uri in left_out:
                state.records.pop(url_of(uri), None)
        board = board_of(project, self.edition, self.as_of)
        home = files.get_file_from_path("index.md")
        home_text = home.content_string if home is not None and "index.md" not in left_out else "# " + config.site_name
        if self.edition == "public":
            home_text = public_text(home_text)
        self.records = []
        booklets = self._booklets(site) if self.command == "build" and self.config.booklet_pdf else None
        try:
            pages, statics = build_pages(site, settings.cases_dir, home_text, config.site_name, config.site_url,
                                         records=self.records, memo=state.renders if state is not None else None,
                                         booklets=booklets, board=board,
                                         review=review_of(project, self.edition, self.as_of))
        except ContentError as exc:  # a renderer failure: name the case, not a 1000-frame traceback
            raise ProblemsFound(exc.problem.as_text(settings.lang), [exc.problem]) from exc
        if home is not None:
            files.remove(home)
        added = []
        for page in pages:
            inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
            if state is not None:  # a file on disk, rewritten only when it changed: see preview.py
                source = state.write_source(page.path, page.content)
                file = File.generated(config, page.path, abs_src_path=str(source), inclusion=inclusion)
            else:
                file = File.generated(config, page.path, content=page.content, inclusion=inclusion)
            self._add(files, file)
            if page.html:
                added.append(file)
        for static in statics:
            if static.source is not None:
                self._add(files, File.generated(config, static.path, abs_src_path=str(static.source)))
            else:
                self._add(files, File.generated(config, static.path, content=static.content))
        for path, content in asset_files().items():
            self._add(files, File.generated(config, path, content=content))
        config.nav = _nav_with_sections(_nav_without(config.nav, left_out), files)
        titles = _nav_titles(config.nav)
        for file in added:  # MkDocs uses a page object a plugin has set (title: the nav's, as MkDocs would)
            FinishedPage(titles.get(file.src_uri), file, config)
        if state is not None:
            removed = state.drop_sources({page.path for page in pages}, Path(config.site_dir), url_of)
            if not state.full:
                log.info(render("preview-updated", {"changed": state.changed, "removed": len(removed),
                                                    "kept": len(pages) - state.changed}, settings.lang))
        return files

    def _booklets(self, site: Any) -> dict[str, BookletPdf]:
        """Each collection's PDF, as `casebook booklet` renders it for this edition, when WeasyPrint and
        a CJK font are here; else one INFO line, and the collection pages offer the print page only.
        Kept in the cache folder between builds; not in `serve` (seconds per collection, every edit)."""
        if not site.collections:
            return {}
        from .booklet_cache import BookletCache
        from .pdf import BookletError, booklet_pdf, find_font, weasyprint_installed

        lang = self.settings.lang
        started = time.perf_counter()
        cache = BookletCache(self.root / self.config.cache_dir / "booklets" / self.edition) if self.config.cache_dir else None
        booklets = {}
        try:
            if not weasyprint_installed():
                raise BookletError("weasyprint-missing")
            font = find_font(self.settings.booklet_font)
            for collection in site.collections:
                content, pages = booklet_pdf(site, collection, self.settings.cases_dir, font, log.debug,
                                             self.settings.site_url, cache)
                booklets[collection.id] = BookletPdf(content, pages)
        except BookletError as exc:
            log.info(render("booklet-pdf-skipped", {"reason": render(exc.code, exc.params, lang)}, lang))
            return {}
        if cache is not None:
            cache.prune()
        log.info(render("booklet-pdf-built", {"count": len(booklets), "kept": cache.hits if cache else 0,
                                              "seconds": f"{time.perf_counter() - started:.1f}"}, lang))
        return booklets

    def _preview_state(self, config: Any) -> PreviewState | None:
        """`casebook serve`'s state kept between rebuilds (None in a build); starts this round."""
        if self.command != "serve" or not served_from_temporary(Path(config.site_dir)):
            return None
        state = state_for(self.root)
        generation = generation_of(self.root, Path(config.config_file_path), Path(config.docs_dir), self.edition,
                                   [str(d) for d in config.theme.dirs])
        state.start_round(generation, Path(config.site_dir))
        return state

    def _leave_out_internal_pages(self, files: Files) -> frozenset[str]:
        """The public edition: remove the hand-written pages that declare ``edition: internal``."""
        left_out = frozenset(uri for uri, page in self.written.items()
                             if page.edition == "internal" and self.edition == "public")
        for uri in left_out:
            file = files.get_file_from_path(uri)
            if file is not None and not file.generated_by:
                files.remove(file)
        self.left_out.pages = left_out
        return left_out

    def _shown(self, src_uri: str) -> str:
        """A docs page as messages name it: docs/guide.md."""
        page = self.written.get(src_uri)
        return page.file if page is not None else f"{Path(self.settings.docs_dir).name}/{src_uri}"

    def on_page_markdown(self, markdown: str, *, page: Any, config: Any, files: Files) -> str:
        if isinstance(page, FinishedPage):
            return markdown
        self.left_out.page = page.file.src_uri
        if self.edition != "public":
            return markdown
        # MkDocs also reads metadata without --- lines, which the validator does not: such an
        # "edition" would be ignored and the page published. Stop instead (fail closed).
        declared = page.meta.get("edition")
        written = self.written.get(page.file.src_uri)
        if declared is not None and declared != (written.edition if written is not None else None):
            lines = page.file.content_string.split("\n")
            line = next((i + 1 for i, text in enumerate(lines) if text.lower().startswith("edition")), None)
            problem = Problem(self._shown(page.file.src_uri), line, "edition", "page-edition-unread",
                              params={"found": declared})
            raise ProblemsFound(problem.as_text(self.settings.lang), [problem])
        return public_text(markdown)

    @staticmethod
    def _add(files: Files, file: File) -> None:
        if files.get_file_from_path(file.src_uri) is not None:
            raise PluginError(f"docs/{file.src_uri} 与生成的页面同名，请改名或删除 / "
                              f"docs/{file.src_uri} clashes with a generated page; rename it")
        files.append(file)

    @event_priority(-100)  # after other plugins changed it: the HTML a reader gets
    def on_page_content(self, html: str, *, page: Any, config: Any, files: Files) -> str:
        if not isinstance(page, FinishedPage):  # a hand-written page (generated ones are indexed from the model)
            own = html.split('<div class="cb-home">', 1)[0]  # the home page: its text, not our lists
            self.written_pages[page.url] = page_record(page.url, str(page.title or ""), own)
        return html

    def on_page_context(self, context: Any, *, page: Any, config: Any, nav: Any) -> Any:
        hide = sidebars_to_hide(page, config.theme.get("features") or [])
        if hide:
            own = page.meta.get("hide") or []
            page.meta["hide"] = [*(own if isinstance(own, list) else [own]), *hide]
        return context

    def on_env(self, env: Any, *, config: Any, files: Files) -> Any:
        # The theme includes a dozen partials per page, and Jinja checks each file's mtime on every
        # include; templates do not change within a build (`mkdocs serve` makes a new environment).
        env.auto_reload = False
        if self.command == "serve":
            env.bytecode_cache = TEMPLATE_CODE
        # Every page's text is known now: Pagefind writes the index while MkDocs renders the theme.
        written = self.written_pages
        if self.state is not None:  # a dirty rebuild reads only the hand-written pages that changed
            self.state.records.update(written)
            written = self.state.records
        self.records += written.values()
        if self.state is not None and self.state.indexed is not None:
            return env  # a later round of `casebook serve`: a delta index, in on_post_build
        self.index = IndexWriter(self.records, self.config.search_shard_words)
        try:
            self.index.start()
        except SearchIndexError as exc:
            self.index = None
            raise PluginError(render(exc.code, exc.params, self.settings.lang)) from None
        return env

    def on_serve(self, server: Any, *, config: Any, builder: Any) -> Any:
        server.watch(str(self.root / "cases"))
        return server

    def _refuse_unsafe_site_dir(self, config: Any) -> None:
        """`mkdocs build` empties site_dir: never when it is the project, cases/, the cache or .git."""
        cache = self.config.cache_dir
        try:
            check_output(Path(config.site_dir), self.root, Path(config.docs_dir), self.root / cache if cache else None)
        except OutputError as exc:
            raise PluginError(render(exc.code, exc.params, self.settings.lang)) from None

    def on_post_build(self, *, config: Any) -> None:
        try:
            if self.index is not None:
                index, self.index = self.index, None
                summary = index.finish(Path(config.site_dir))
                log.info(render("search-indexed", {"records": summary.records, "shards": summary.shards},
                                self.settings.lang))
                if self.state is not None:
                    self.state.indexed = {r.url: r for r in self.records}
            elif self.state is not None and self.state.indexed is not None:
                changed = write_delta(self.state.indexed, self.records, Path(config.site_dir))
                log.info(render("search-delta", {"records": changed}, self.settings.lang))
        except SearchIndexError as exc:
            raise PluginError(render(exc.code, exc.params, self.settings.lang)) from None
        write_marker(Path(config.site_dir), self.edition)  # a later `casebook build` may replace this site
        log.info(render("edition-built", {"edition": self.edition}, self.settings.lang))

    def on_build_error(self, *, error: Exception) -> None:
        if self.index is not None:
            self.index.discard()
            self.index = None


def _turn_off_theme_search(config: Any, lang: str) -> None:
    """mkdocs-material's search (an index of every page, loaded whole by every reader) next to
    ours: turned off, with a warning saying to remove it from mkdocs.yml."""
    for name, plugin in list(config.plugins.items()):
        if type(plugin).__module__ == "material.plugins.search.plugin" and plugin.config.get("enabled", True):
            plugin.config.enabled = False  # newer mkdocs-material: its events and the header check this
            # Older ones (9.5) show the box whenever the plugin is listed: take it out, events and all.
            for event, methods in config.plugins.events.items():
                config.plugins.events[event] = [m for m in methods if getattr(m, "__self__", None) is not plugin]
            del config.plugins[name]
            log.warning(render("theme-search-off", {"name": name.split("/")[-1]}, lang))


def sidebars_to_hide(page: Any, features: list[str]) -> list[str]:
    """mkdocs-material's side columns that would stand empty or say nothing beside ``page``:
    with navigation tabs, the left column of a page outside any nav section shows the page's own
    title alone (the tabs already say where the reader is); the right one is empty without headings.
    Hidden on a wide screen only: the phone menu is the same column and stays."""
    hide = []
    if "navigation.tabs" in features and not page.ancestors:
        hide.append("navigation")
    toc = list(page.toc)
    if toc and toc[0].level == 1:  # as the theme's partials/toc.html: the h1's children, if it leads
        toc = toc[0].children
    if "toc.integrate" not in features and not toc:
        hide.append("toc")
    return hide


THEME_OVERRIDES = Path(__file__).parent / "templates" / "theme"


def _add_theme_overrides(config: Any) -> None:
    """Our templates for the theme (404.html) before the theme's own, after a project's custom_dir.

    Hack: ``Theme.dirs`` is the search path MkDocs builds the theme's Jinja loader from
    (mkdocs 1.6.1, ``Theme.get_env``); there is no public way for a plugin to add a folder."""
    dirs = config.theme.dirs
    if str(THEME_OVERRIDES) not in dirs:
        dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_OVERRIDES))


def _nav_with_sections(nav: list | None, files: Files) -> list:
    """The configured nav plus the section pages (never single case pages), and the board's when it is built."""
    sections = [{title: path} for path, title in SECTION_PAGES]
    if files.get_file_from_path(BOARD_PATH) is not None:
        sections.append({BOARD_TITLE: BOARD_PATH})
    if nav is None:
        others = sorted(f.src_uri for f in files.documentation_pages()
                        if not f.generated_by and f.src_uri != "index.md")
        return ["index.md", *sections, *others]
    listed = {target for target in map(_target, nav) if isinstance(target, str)}  # not a section's list
    missing = [s for s in sections if _target(s) not in listed]
    home_at = next((i for i, item in enumerate(nav) if _target(item) == "index.md"), -1)
    return nav[: home_at + 1] + missing + nav[home_at + 1:]


def _nav_without(nav: list | None, pages: frozenset[str]) -> list | None:
    """The configured nav without entries for ``pages`` (a section left empty goes too)."""
    if nav is None or not pages:
        return nav
    out = []
    for item in nav:
        target = _target(item)
        if isinstance(target, list):
            children = _nav_without(target, pages)
            if children:
                out.append({next(iter(item)): children})
        elif target not in pages:
            out.append(item)
    return out


def _nav_titles(nav: list) -> dict[str, str]:
    """Source path -> the title the nav gives it, at any depth."""
    titles: dict[str, str] = {}
    for item in nav:
        if isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, list):
                    titles.update(_nav_titles(value))
                elif isinstance(value, str) and title is not None:
                    titles.setdefault(value, str(title))
    return titles


def _target(item: Any) -> Any:
    if isinstance(item, dict) and len(item) == 1:
        return next(iter(item.values()))
    return item
