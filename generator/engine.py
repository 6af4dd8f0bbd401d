"""Running MkDocs for the CLI: ``casebook build`` and ``casebook serve``.

The plugin does the work inside MkDocs; this module only loads mkdocs.yml,
tells the plugin which edition to build and in which language to speak (on the
plugin object, never through the environment) and starts MkDocs the way its own
command line does (startup/shutdown events included). `casebook serve` keeps
running through mistakes: a failed rebuild shows its problems in the browser
(preview_errors.py).
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import sys
import tempfile
import traceback
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .config import cache_dir_problems
from .messages import render
from .preview_errors import ErrorShow, error_page
from .publish import check_output, replacing

log = logging.getLogger("mkdocs.commands.serve")

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # mkdocs-material's end-of-life banner on every run


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is at the time (click's test runner swaps it)."""

    @property
    def stream(self):  # type: ignore[override]
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:
        pass


def setup_logging(verbose: bool) -> None:
    handler = _StderrHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.handlers[:] = [handler]
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    logger.propagate = False


def build(root: Path, site_dir: Path | None, edition: str, validated: tuple | None = None,
          mkdocs_config: Any = None, lang: str = "zh", as_of: dt.date | None = None) -> Path:
    """Build the site into a temporary folder and swap it in only on success.

    ``validated``: the (report, project) the caller has just produced, so the plugin need not
    read and check every file a second time. ``mkdocs_config``: the MkDocsConfig the caller
    loaded (and validated against); loaded here when not given.
    """
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import PluginError

    cfg = mkdocs_config if mkdocs_config is not None else load_config(config_file=str(root / "mkdocs.yml"))
    plugin = cfg.plugins.get("casebook")
    if plugin is not None:
        plugin.config.edition = edition  # the CLI's choice, handed to the plugin explicitly
        plugin.lang = lang
        if as_of is not None:  # the date the caller validated the board on
            plugin.config.as_of = as_of.isoformat()
        if validated is not None:
            plugin.validated = validated
    cache = plugin.config.cache_dir if plugin is not None else None
    # MkDocs has validated mkdocs.yml's site_dir; check_output applies its rule (and ours) to the
    # target, a cache inside the target included.
    target = check_output(site_dir or Path(cfg.site_dir), root, Path(cfg.docs_dir), root / cache if cache else None)
    if cache:  # the plugin sees only the temporary folder, so the real target is checked here
        unsafe = cache_dir_problems(root, cache, Path(cfg.docs_dir), target)
        if unsafe:
            raise PluginError(unsafe[0].as_text(lang))
    with replacing(target, edition) as work:
        cfg.site_dir = str(work)
        cfg.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(cfg)
        finally:
            cfg.plugins.on_shutdown()
    return target


def serve(root: Path, dev_addr: str | None, edition: str, lang: str = "zh", as_of: str | None = None) -> None:
    """`mkdocs serve` as MkDocs' own command runs it (mkdocs/commands/serve.py: a temporary folder,
    dirty builds, its LiveReloadServer), except that a rebuild that fails shows its problems in the
    browser, on every page URL, instead of leaving the last site up and the server "stuck"; the next
    rebuild that succeeds brings the site back (live reload refreshes the open page both ways).
    """
    from mkdocs.livereload import LiveReloadServer

    # Hack: LiveReloadServer (its constructor, `error_handler`, `watch`, `serve`, `shutdown`) is what
    # MkDocs hands plugins in on_serve, not a documented API; used as mkdocs/commands/serve.py uses it,
    # identical in MkDocs 1.6.0 and 1.6.1. The page URLs go through a WSGI wrapper (wsgiref's
    # set_app/get_app), so MkDocs' own file serving adds the live-reload script to the error page too.
    site_dir = Path(tempfile.mkdtemp(prefix="mkdocs_"))  # what preview.served_from_temporary recognises
    rebuild = _Rebuild(root, site_dir, dev_addr, edition, lang, as_of)
    config = rebuild.config()
    config.plugins.on_startup(command="serve", dirty=True)
    host, port = config.dev_addr
    mount_path = urlsplit(config.site_url or "/").path
    rebuild.serve_url = config.site_url = f"http://{host}:{port}/" + (mount_path.strip("/") + "/").lstrip("/")
    rebuild.errors = ErrorShow(site_dir, mount_path)
    # A dirty build renders the theme only for pages whose source is newer than their output; the
    # plugin writes page sources only when they change, and empties the served folder itself when
    # something every page depends on changes (generator/preview.py).
    logging.getLogger("mkdocs.commands.build").addFilter(_DirtyWarning())
    server = LiveReloadServer(builder=rebuild, host=host, port=port, root=str(site_dir), mount_path=mount_path)
    server.error_handler = lambda code: _error_file(site_dir, code)  # as `mkdocs serve`: its 404.html
    server.set_app(rebuild.errors.wrap(server.get_app()))
    try:
        rebuild(config)
        server.watch(config.docs_dir)
        server.watch(config.config_file_path)
        server = config.plugins.on_serve(server, config=config, builder=rebuild)
        for item in config.watch:
            server.watch(item)
        try:
            server.serve()
        except KeyboardInterrupt:
            log.info("Shutting down...")
        finally:
            server.shutdown()
    finally:
        config.plugins.on_shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)


class _Rebuild:
    """One preview round: mkdocs.yml read again (as `mkdocs serve` does), a dirty build, and the
    error page shown or cleared. Never raises: a failure is what the browser shows."""

    def __init__(self, root: Path, site_dir: Path, dev_addr: str | None, edition: str, lang: str,
                 as_of: str | None = None) -> None:
        self.root, self.edition, self.lang = root, edition, lang
        self.as_of = as_of  # --as-of as given; without it each round judges the board on its own day
        self.overrides: dict[str, Any] = {"site_dir": str(site_dir), **({"dev_addr": dev_addr} if dev_addr else {})}
        self.serve_url = ""
        self.errors = ErrorShow(site_dir, "/")
        self.site_name = "案例库"

    def config(self) -> Any:
        from mkdocs.config import load_config

        cfg = load_config(config_file=str(self.root / "mkdocs.yml"), **self.overrides)
        plugin = cfg.plugins.get("casebook")
        if plugin is not None:  # the CLI's choices, handed to the plugin explicitly (as in build)
            plugin.config.edition = self.edition
            plugin.lang = self.lang
            if self.as_of is not None:
                plugin.config.as_of = self.as_of
        self.site_name = cfg.site_name
        return cfg

    def __call__(self, cfg: Any = None) -> None:
        from mkdocs.commands.build import build as mkdocs_build

        with self.errors.building():
            try:
                if cfg is None:
                    cfg = self._reread()
                    cfg.site_url = self.serve_url
                mkdocs_build(cfg, serve_url=self.serve_url, dirty=True)
            except Exception as exc:  # MkDocs' Abort is a SystemExit too: caught here, never printed
                self._failed(exc)
            else:
                if self.errors.showing:
                    log.info(render("preview-back", {}, self.lang))
                self.errors.clear()

    def _reread(self) -> Any:
        from .config import load_config as load_project
        from .plugin import ProblemsFound

        try:
            return self.config()
        except Exception:  # mkdocs.yml MkDocs cannot read: what `casebook validate` says of it
            problems = [p for p in load_project(self.root, self.lang)[1] if p.severity == "error"]
            if not problems:
                raise
            raise ProblemsFound("\n".join(p.as_text(self.lang) for p in problems), problems) from None

    def _failed(self, exc: Exception) -> None:
        """The problems on the error page and the terminal (MkDocs has printed a BuildError's text),
        and one line saying what the clerk sees and what to do."""
        from mkdocs.exceptions import BuildError, MkDocsException

        from .plugin import ProblemsFound

        chain = [exc]
        while chain[-1].__context__ is not None and len(chain) < 10:  # MkDocs raises Abort in its except
            chain.append(chain[-1].__context__)  # type: ignore[arg-type]
        found = next((e for e in chain if isinstance(e, ProblemsFound)), None)
        problems, detail = (found.problems, None) if found is not None else ([], None)
        if found is exc:  # from reading mkdocs.yml, not from a build: nothing printed yet
            log.error(str(found))
        if found is None:
            known = next((e for e in chain if isinstance(e, BuildError)), None)
            if known is None and not isinstance(exc, MkDocsException):  # a bug: its traceback, as ever
                log.error("".join(traceback.format_exception(exc)).rstrip())
            detail = str(known or exc)
        self.errors.show(error_page(problems, self.site_name, detail))
        count = sum(p.severity == "error" for p in problems)
        log.error(render("preview-paused" if count else "preview-failed", {"errors": count}, self.lang))


def _error_file(site_dir: Path, code: int) -> bytes | None:
    page = site_dir / f"{code}.html"
    return page.read_bytes() if code in (404, 500) and page.is_file() else None


class _DirtyWarning(logging.Filter):
    """MkDocs warns on every dirty rebuild that navigation may be stale; the plugin sees to it
    that it is not (see above), so the warning would only alarm the clerk."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()
