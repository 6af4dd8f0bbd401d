"""``casebook progress``: the meeting sheet (overdue and at-risk items by unit and person)."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..options import AS_OF, LANG, PROJECT, CasebookError, _as_of, _project
from ..messages import render


def load_board(project_dir: Path | None, as_of: str | None, lang: str | None):
    """(config, board, names, criteria): the board of the project on the as-of date.

    Problems in the campaign or progress files go to stderr and their parts are left out; the
    rest of the project (cases) is not this report's business. No campaign: exit 1.
    """
    from ..validate import validate_project
    from .board import build_board

    config, _problems = _project(project_dir, lang)
    date = _as_of(as_of, config.lang)
    report, project = validate_project(config, as_of=date)
    board_files = [p for p in report.errors if p.file == "cases/campaign.yml" or p.file.endswith("/progress.yml")]
    for problem in board_files:
        click.echo(problem.as_text(config.lang), err=True)
    if board_files:
        click.echo(render("board-has-errors", {"errors": len(board_files)}, config.lang), err=True)
    if project.board is None:
        raise CasebookError("no-campaign", config.lang)
    registries = project.registries
    board = build_board(project.board, registries.units.entries, date)
    names = {u: e.name for u, e in registries.units.entries.items()}
    criteria = {k: e.name for k, e in registries.criteria.entries.items()}
    return config, board, names, criteria


@click.group(invoke_without_command=True)
@PROJECT
@AS_OF
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="输出格式 text/json。Output format.")
@LANG
@click.pass_context
def progress(ctx: click.Context, project_dir: Path | None, as_of: str | None, fmt: str, lang: str | None) -> None:
    """创建进度：逾期和需要提醒的考核项目，按单位和责任人列出（报告，退出码 0）。
    The progress report: overdue and at-risk items by unit and person (a report: exit 0)."""
    if ctx.invoked_subcommand is not None:
        return
    from .report import report_json, report_text

    config, board, names, criteria = load_board(project_dir, as_of, lang)
    click.echo(report_json(board, names, criteria) if fmt == "json" else report_text(board, names, criteria, config.lang),
               nl=False)
    sys.exit(0)
