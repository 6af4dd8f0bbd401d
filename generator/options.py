"""Options and helpers every ``casebook`` command shares (cli.py and the commands of board/)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from .config import ProjectConfig, load_config
from .messages import render

LANG = click.option("--lang", type=click.Choice(["zh", "en"]), default=None,
                    help="消息语言 zh/en；默认跟随 mkdocs.yml 的 theme.language。Message language.")
FOLDER = click.Path(file_okay=False, path_type=Path)
# Every command names its project folder the same way: --project DIR, default the current folder.
# validate/build/serve/generate used to take it as an argument; that spelling still works, with a note.
_PROJECT_HELP = "项目目录（含 cases/ 和 mkdocs.yml），默认为当前目录。The project folder (default: the current one)."
PROJECT = click.option("--project", "project_dir", default=None, type=FOLDER, metavar="DIR", help=_PROJECT_HELP)
PROJECT_OR_OLD = click.option(
    "--project", "project_dir", default=None, type=FOLDER, metavar="DIR",
    help="项目目录（含 cases/ 和 mkdocs.yml），默认为当前目录；把目录直接写在命令后面 [DIR] 是旧写法。"
         "The project folder (default: the current one); [DIR] is the old spelling.")
OLD_PROJECT_ARG = click.argument("old_dir", required=False, metavar="[DIR]", type=FOLDER)


class CasebookError(click.ClickException):
    """A user-facing failure with a bilingual message (exit code 1)."""

    def __init__(self, code: str, lang: str, **params: object) -> None:
        super().__init__(render(code, params, lang))


def _folder(project_dir: Path | None, old_dir: Path | None, lang: str | None) -> Path:
    """--project, else the folder given as an argument, else the current folder."""
    if project_dir is not None and old_dir is not None and project_dir.resolve() != old_dir.resolve():
        raise click.UsageError(render("project-twice", {"project": str(project_dir), "path": str(old_dir)},
                                      lang or "zh"))
    return project_dir or old_dir or Path(".")


def _project(project_dir: Path | None, lang: str | None, old_dir: Path | None = None
             ) -> tuple[ProjectConfig, list]:
    folder = _folder(project_dir, old_dir, lang)
    root = folder.resolve()
    if not (root / "cases").is_dir():
        raise CasebookError("not-a-project", lang or "zh", path=str(folder))
    config, problems = load_config(root, lang)
    if old_dir is not None and project_dir is None:
        command = click.get_current_context().info_name
        click.echo(render("folder-argument-deprecated", {"command": command, "path": str(old_dir)}, config.lang),
                   err=True)
    return config, problems


AS_OF = click.option("--as-of", "as_of", default=None, metavar="YYYY-MM-DD",
                     help="创建进度的截至日期；默认取环境变量 SOURCE_DATE_EPOCH，否则为今天。"
                          "The date the progress board is judged on (default: SOURCE_DATE_EPOCH, else today).")


def _as_of(written: str | None, lang: str) -> dt.date:
    """--as-of, else SOURCE_DATE_EPOCH, else today; a bad value is a message, exit 1."""
    from .board.asof import AsOfError, as_of_date

    try:
        return as_of_date(written)
    except AsOfError as exc:
        raise CasebookError(exc.code, lang, **exc.params) from None
