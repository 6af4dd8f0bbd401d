"""Running MkDocs for the CLI: ``casebook build`` and ``casebook serve``.

The plugin does the work inside MkDocs; this module only loads mkdocs.yml,
tells the plugin which edition to build and starts MkDocs the way its own
command line does (startup/shutdown events included).
"""
from __future__ import annotations

import logging
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

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


def build(root: Path, site_dir: Path | None, edition: str, validated: tuple | None = None) -> Path:
    """Build the site into a temporary folder and swap it in only on success.

    ``validated``: the (report, project) the caller has just produced, so the plugin need not
    read and check every file a second time.
    """
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    cfg = load_config(config_file=str(root / "mkdocs.yml"))
    plugin = cfg.plugins.get("casebook")
    if plugin is not None and validated is not None:
        plugin.validated = validated
    cache = plugin.config.cache_dir if plugin is not None else None
    # MkDocs has validated mkdocs.yml's site_dir; check_output applies its rule (and ours) to the target.
    target = check_output(site_dir or Path(cfg.site_dir), root, Path(cfg.docs_dir), root / cache if cache else None)
    with edition_env(edition), replacing(target, edition) as work:
        cfg.site_dir = str(work)
        cfg.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(cfg)
        finally:
            cfg.plugins.on_shutdown()
    return target


def serve(root: Path, dev_addr: str | None, edition: str) -> None:
    from mkdocs.commands.serve import serve as mkdocs_serve

    kwargs = {"dev_addr": dev_addr} if dev_addr else {}
    with edition_env(edition):
        mkdocs_serve(config_file=str(root / "mkdocs.yml"), livereload=True, **kwargs)


@contextmanager
def edition_env(edition: str) -> Iterator[None]:
    """Tell the plugin (which MkDocs configures from mkdocs.yml) which edition to build."""
    before = os.environ.get("CASEBOOK_EDITION")
    os.environ["CASEBOOK_EDITION"] = edition
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("CASEBOOK_EDITION", None)
        else:
            os.environ["CASEBOOK_EDITION"] = before
