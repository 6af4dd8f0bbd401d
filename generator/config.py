"""Project settings, read from the project's mkdocs.yml.

The language of messages follows ``theme.language``; Casebook's own options
live under the ``casebook`` plugin entry, so one file configures both the CLI
and ``mkdocs build``. mkdocs.yml may carry tags such as ``!!python/name:``
(mkdocs-material's emoji settings) or ``!ENV``: they are read as opaque values,
never constructed.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem

DEFAULT_SECTIONS = ("背景", "做法", "成效", "可复制经验")
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
    plugin_options: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def cases_dir(self) -> Path:
        return self.root / "cases"


class _OpaqueLoader(yaml.SafeLoader):
    """Safe loader that reads any tag as None instead of constructing it."""


_OpaqueLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def lang_of(language: Any) -> str:
    return "zh" if isinstance(language, str) and language.lower().startswith("zh") else "en"


def load_config(root: Path, lang: str | None = None) -> tuple[ProjectConfig, list[Problem]]:
    """Settings for the project at ``root``; problems in mkdocs.yml are reported, defaults used."""
    path = root / "mkdocs.yml"
    if not path.is_file():
        return ProjectConfig(root=root, lang=lang or "zh"), []
    try:
        data = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=_OpaqueLoader) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = Problem("mkdocs.yml", mark.line + 1 if mark else None, None, "yaml-syntax", params={
            "problem_zh": str(getattr(exc, "problem", exc)), "problem_en": str(getattr(exc, "problem", exc)),
            "column": mark.column + 1 if mark else 1,
        })
        return ProjectConfig(root=root, lang=lang or "zh"), [problem]
    theme = data.get("theme") if isinstance(data, dict) else None
    language = theme.get("language") if isinstance(theme, dict) else None
    options = plugin_options(data.get("plugins") if isinstance(data, dict) else None)
    config, problems = settings_from_options(root, lang or lang_of(language or "zh"), options)
    site_url = data.get("site_url") if isinstance(data, dict) else None
    if isinstance(site_url, str) and site_url.strip():
        config = replace(config, site_url=site_url.strip())
    return config, problems


def plugin_options(plugins: Any) -> dict[str, Any]:
    """The options of the ``casebook`` entry in mkdocs.yml's plugins list (or mapping)."""
    entries = plugins.items() if isinstance(plugins, dict) else (
        next(iter(p.items())) if isinstance(p, dict) and len(p) == 1 else (p, None) for p in (plugins or [])
    )
    for name, options in entries:
        if name == "casebook":
            return options if isinstance(options, dict) else {}
    return {}


def settings_from_options(root: Path, lang: str, options: dict[str, Any]) -> tuple[ProjectConfig, list[Problem]]:
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
    return ProjectConfig(root=root, lang=lang, plugin_options=dict(options), **values), problems
