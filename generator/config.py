"""Project settings, read from the project's mkdocs.yml through MkDocs' own loader.

``casebook validate``, ``casebook build``, ``casebook generate`` and ``mkdocs build``
read one configuration: MkDocs' ``load_config`` (so ``INHERIT``, ``!ENV`` and MkDocs'
validation of every option behave as in ``mkdocs build``), then the ``casebook``
plugin's validated options. The language of messages follows ``theme.language``.
This is the one module of load/validate/model that imports MkDocs, and only inside
``load_config``.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .errors import Problem

DEFAULT_SECTIONS = ("背景", "做法", "成效", "可复制经验")
DEFAULT_CACHE_DIR = ".casebook-cache"
EDITIONS = ("internal", "public")
MiB = 1024 * 1024


@dataclass(frozen=True)
class ProjectConfig:
    root: Path
    lang: str = "zh"
    sections: tuple[str, ...] = DEFAULT_SECTIONS
    max_case_bytes: int = 1 * MiB
    max_attachment_bytes: int = 20 * MiB
    booklet_font: str | None = None
    site_url: str | None = None
    site_name: str = "案例库"
    edition: str | None = None  # mkdocs.yml's choice (None: not set); an explicit --edition wins over it
    plugin_options: dict[str, Any] = field(default_factory=dict, compare=False)
    mkdocs: Any = field(default=None, compare=False, repr=False)  # the loaded MkDocsConfig, if any

    @property
    def cases_dir(self) -> Path:
        return self.root / "cases"

    @property
    def docs_dir(self) -> Path:
        """The hand-written pages: mkdocs.yml's ``docs_dir``, else ``docs/``."""
        return Path(self.mkdocs.docs_dir) if self.mkdocs is not None else self.root / "docs"


def lang_of(language: Any) -> str:
    return "zh" if isinstance(language, str) and language.lower().startswith("zh") else "en"


def load_config(root: Path, lang: str | None = None) -> tuple[ProjectConfig, list[Problem]]:
    """Settings for the project at ``root``, as ``mkdocs build`` reads them.

    Problems in mkdocs.yml (syntax, MkDocs' own validation, Casebook's options) are
    reported against mkdocs.yml, and defaults are used so that cases are still checked.
    """
    path = root / "mkdocs.yml"
    if not path.is_file():
        return ProjectConfig(root=root, lang=lang or "zh"), []
    cfg, problems = load_mkdocs(path)
    if cfg is None:
        return ProjectConfig(root=root, lang=lang or "zh"), problems
    config, more = config_from_mkdocs(root, cfg, lang)
    return config, problems + more


# MkDocs reports configuration problems as log records "Config value 'x': detail"; a plugin
# option's detail starts "Plugin 'name' option 'key': ". Checked against MkDocs 1.6.1.
_CONFIG_VALUE = re.compile(r"Config value '([^']*)': (?:Plugin '([^']+)' option '([^']+)': )?(.*)", re.S)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def load_mkdocs(path: Path) -> tuple[Any, list[Problem]]:
    """MkDocs' ``load_config`` on ``path``; its errors and warnings become Problems, not log lines."""
    from mkdocs import exceptions
    from mkdocs.config import load_config as mkdocs_load_config

    logger = logging.getLogger("mkdocs.config")
    collect, propagate = _Collect(), logger.propagate
    logger.addHandler(collect)
    logger.propagate = False
    cfg = None
    problems: list[Problem] = []
    aborted = None
    try:
        cfg = mkdocs_load_config(config_file=str(path))
    except exceptions.Abort as exc:  # the errors were logged one by one: collected below
        aborted = exc
    except exceptions.ConfigurationError as exc:  # YAML syntax, a missing INHERIT file, ...
        mark = getattr(exc.__context__, "problem_mark", None)
        problems.append(Problem("mkdocs.yml", mark.line + 1 if mark else None, None, "mkdocs-config",
                                params={"detail": str(exc)}))
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem("mkdocs.yml", None, None, "mkdocs-config", params={"detail": str(exc)}))
    finally:
        logger.removeHandler(collect)
        logger.propagate = propagate
    for record in collect.records:
        match = _CONFIG_VALUE.match(record.getMessage())
        if match is None:
            continue
        name, plugin, option, detail = match.groups()
        where = f"plugins.{plugin}.{option}" if plugin else name
        problems.append(Problem("mkdocs.yml", None, where, "mkdocs-config",
                                "error" if record.levelno >= logging.ERROR else "warning",
                                params={"detail": detail.strip()}))
    if aborted is not None and not any(p.severity == "error" for p in problems):  # `strict: true` and warnings
        problems.append(Problem("mkdocs.yml", None, "strict", "mkdocs-config", params={"detail": str(aborted)}))
    return cfg, problems


def config_from_mkdocs(root: Path, cfg: Any, lang: str | None = None) -> tuple[ProjectConfig, list[Problem]]:
    """A ProjectConfig from a loaded MkDocsConfig (the casebook plugin's validated options)."""
    plugin = cfg.plugins.get("casebook")
    options = {k: v for k, v in plugin.config.items() if v is not None} if plugin is not None else {}
    config, problems = settings_from_options(
        root, lang or lang_of(cfg.theme.get("language") or "zh"), options,
        docs_dir=Path(cfg.docs_dir), site_dir=Path(cfg.site_dir),
        use_directory_urls=cfg.use_directory_urls)
    site_url = (cfg.site_url or "").strip() or None
    return replace(config, site_url=site_url, site_name=cfg.site_name, mkdocs=cfg), problems


def settings_from_options(root: Path, lang: str, options: dict[str, Any], *, docs_dir: Path | None = None,
                          site_dir: Path | None = None,
                          use_directory_urls: bool = True) -> tuple[ProjectConfig, list[Problem]]:
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    sections = options.get("sections")
    if sections is not None:
        if isinstance(sections, list) and sections and all(isinstance(s, str) and s.strip() for s in sections):
            values["sections"] = tuple(s.strip() for s in sections)
        else:
            problems.append(Problem("mkdocs.yml", None, "plugins.casebook.sections", "wrong-type", params={
                "expected_zh": "非空的小节标题列表", "expected_en": "a non-empty list of section titles",
                "found_zh": repr(sections), "found_en": repr(sections)}))
    for key in ("max_case_bytes", "max_attachment_bytes"):
        value = options.get(key)
        if value is None:
            continue
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            values[key] = value
        else:
            problems.append(Problem("mkdocs.yml", None, f"plugins.casebook.{key}", "wrong-type", params={
                "expected_zh": "正整数（字节数）", "expected_en": "a positive number of bytes",
                "found_zh": repr(value), "found_en": repr(value)}))
    font = options.get("booklet_font")
    if isinstance(font, str) and font.strip():
        values["booklet_font"] = str((root / font).resolve()) if not Path(font).is_absolute() else font
    edition = options.get("edition")
    if edition in EDITIONS:
        values["edition"] = edition
    if options.get("preview") is not None:  # drafts are shown by `casebook serve` only
        problems.append(Problem("mkdocs.yml", None, "plugins.casebook.preview", "preview-option-removed",
                                params={"found": repr(options["preview"])}))
    if not use_directory_urls:
        problems.append(Problem("mkdocs.yml", None, "use_directory_urls", "directory-urls-required"))
    # `casebook import`'s wordings: checked here too, so `casebook validate` reports a mistake
    # before anyone imports (headings.py imports nothing but errors.py)
    from .importers.headings import OPTION, check_option
    problems.extend(check_option(options.get(OPTION), values.get("sections", DEFAULT_SECTIONS)))
    cache = options.get("cache_dir", DEFAULT_CACHE_DIR)
    if cache:
        problems.extend(cache_dir_problems(root, str(cache), docs_dir or root / "docs", site_dir))
    return ProjectConfig(root=root, lang=lang, plugin_options=dict(options), **values), problems


def cache_dir_problems(root: Path, cache: str, docs_dir: Path, *site_dirs: Path | None) -> list[Problem]:
    """The cache holds the text of every page (internal ones too): never where a site is published from.

    Refused: the project itself or a folder containing it, and anything that is or lies
    inside cases/, .git, the docs folder or a site folder.
    """
    root = root.resolve()
    path = (root / cache).resolve()  # an absolute cache_dir replaces root here: resolved, then confined
    docs = (root / docs_dir).resolve()

    def inside(folder: Path) -> bool:
        return path == folder or folder in path.parents

    bad = path == root or path in root.parents or inside(root / "cases") or inside(root / ".git") or inside(docs)
    bad = bad or any(inside((root / site).resolve()) for site in site_dirs if site is not None)
    if not bad:
        return []
    return [Problem("mkdocs.yml", None, "plugins.casebook.cache_dir", "cache-dir-unsafe",
                    params={"found": cache, "path": str(path)})]
