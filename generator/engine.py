"""Running MkDocs for the CLI: ``casebook build`` and ``casebook serve``.

The plugin does the work inside MkDocs; this module only loads mkdocs.yml,
tells the plugin which edition to build (through the plugin's own config, never
the environment) and starts MkDocs the way its own command line does
(startup/shutdown events included).
"""
from __future__ import annotations

import copy
import datetime as dt
import logging
import os
import sys
from pathlib import Path
from typing import Any

from .config import cache_dir_problems
from .publish import check_output, replacing

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


def serve(root: Path, dev_addr: str | None, edition: str, as_of: str | None = None) -> None:
    """``as_of``: the board's date as the reader gave it (--as-of); else each rebuild reads today's."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    kwargs: dict[str, Any] = {"dev_addr": dev_addr} if dev_addr else {}
    # MkDocs reloads mkdocs.yml for every rebuild: the edition goes in as an override of it.
    kwargs["plugins"] = plugins_with_edition(root / "mkdocs.yml", edition, as_of)
    # A dirty build renders the theme only for pages whose source is newer than their output; the
    # plugin writes page sources only when they change, and empties the served folder itself when
    # something every page depends on changes (generator/preview.py).
    logging.getLogger("mkdocs.commands.build").addFilter(_DirtyWarning())
    mkdocs_serve(config_file=str(root / "mkdocs.yml"), livereload=True, build_type="dirty", **kwargs)


class _DirtyWarning(logging.Filter):
    """MkDocs warns on every dirty rebuild that navigation may be stale; the plugin sees to it
    that it is not (see above), so the warning would only alarm the clerk."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


class _FreshEachTime(list):
    """A plugins list MkDocs may consume: it empties each ``{name: options}`` item it reads
    (checked against MkDocs 1.6.1), and `mkdocs serve` validates the same override on every rebuild."""

    def __iter__(self):
        return (copy.deepcopy(item) for item in super().__iter__())


def plugins_with_edition(config_file: Path, edition: str, as_of: str | None = None) -> list:
    """mkdocs.yml's ``plugins`` as written, with the casebook plugin's ``edition`` (and ``as_of``) set.

    Read with MkDocs' own YAML loader (INHERIT merged, !ENV read), as load_config reads it.
    """
    from mkdocs.utils.yaml import yaml_load

    with open(config_file, "rb") as fd:
        written = yaml_load(fd).get("plugins")
    entries = list(written.items()) if isinstance(written, dict) else [
        next(iter(e.items())) if isinstance(e, dict) and len(e) == 1 else (e, None) for e in (written or [])]
    plugins: list = []
    for name, options in entries:
        if name == "casebook":
            options = {**(options if isinstance(options, dict) else {}), "edition": edition}
            if as_of is not None:
                options["as_of"] = as_of
        plugins.append({name: options} if options is not None else name)
    return _FreshEachTime(plugins)
