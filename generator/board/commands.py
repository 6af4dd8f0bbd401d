"""``casebook progress``: the meeting sheet (overdue and at-risk items by unit and person), and the
assessment table exchanged as a spreadsheet (``progress export`` / ``progress import``)."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..options import AS_OF, LANG, PROJECT, CasebookError, _as_of, _project
from ..messages import render


def _validated(project_dir: Path | None, as_of: str | None, lang: str | None):
    """(config, report, project, date): the project checked on the as-of date.

    Problems in the campaign or progress files go to stderr; the rest of the project (cases) is
    not these commands' business. No campaign: exit 1.
    """
    from ..validate import validate_project

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
    return config, report, project, date


def _board(project, date):
    from .board import build_board

    registries = project.registries
    board = build_board(project.board, registries.units.entries, date)
    names = {u: e.name for u, e in registries.units.entries.items()}
    criteria = {k: e.name for k, e in registries.criteria.entries.items()}
    return board, names, criteria


def load_board(project_dir: Path | None, as_of: str | None, lang: str | None):
    """(config, board, names, criteria): the board of the project on the as-of date."""
    config, _report, project, date = _validated(project_dir, as_of, lang)
    return (config, *_board(project, date))


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


def _shared(ctx: click.Context, project_dir: Path | None, as_of: str | None, lang: str | None):
    """A subcommand's --project, --as-of and --lang, else the ones given to ``progress`` before it."""
    group = ctx.parent.params if ctx.parent is not None else {}
    return (project_dir or group.get("project_dir"), as_of or group.get("as_of"), lang or group.get("lang"))


@progress.command("export", short_help="导出进度表（.xlsx）供各单位填写。Write the progress sheet to fill in.")
@click.option("--out", "out_file", required=True, type=click.Path(dir_okay=False, path_type=Path),
              metavar="FILE.xlsx", help="要写的进度表，如 进度表.xlsx。The spreadsheet to write.")
@click.option("--unit", "units", multiple=True, metavar="UNIT",
              help="只导出这些单位（编号或全称，可多次使用）；默认全部。Only these units (id or name; repeatable).")
@PROJECT
@AS_OF
@LANG
@click.pass_context
def export(ctx: click.Context, out_file: Path, units: tuple[str, ...], project_dir: Path | None, as_of: str | None,
           lang: str | None) -> None:
    """导出进度表（.xlsx）：汇总表和每个单位一张考核表，供填写后导入。
    Write the assessment table as a spreadsheet: a summary and one sheet per unit, to fill in and import."""
    from ..scaffold import ScaffoldError, resolve_unit
    from .sheet import build_workbook
    from .sheet_out import check_sheet_output, save_workbook

    project_dir, as_of, lang = _shared(ctx, project_dir, as_of, lang)
    config, _report, project, date = _validated(project_dir, as_of, lang)
    board, names, criteria = _board(project, date)
    try:
        chosen = list(dict.fromkeys(resolve_unit(u, project.registries.units.entries) for u in units))
    except ScaffoldError as exc:
        raise CasebookError(exc.code, config.lang, **exc.params) from None
    for unit in chosen:
        if unit not in board.units:
            raise CasebookError("sheet-unit-no-progress", config.lang, unit=unit)
    chosen = chosen or list(board.units)
    target = check_sheet_output(out_file, config, board, project)
    save_workbook(build_workbook(board, names, criteria, chosen), target, config.lang)
    click.echo(render("sheet-exported", {"path": str(out_file), "units": len(chosen), "as_of": date.isoformat()},
                      config.lang))


@progress.command("import", short_help="导入填写好的进度表。Read a filled-in progress sheet back.")
@click.argument("sheet_file", metavar="FILE.xlsx", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="只显示会做的改动，不写文件。Show the changes without writing them.")
@PROJECT
@AS_OF
@LANG
@click.pass_context
def import_sheet(ctx: click.Context, sheet_file: Path, dry_run: bool, project_dir: Path | None, as_of: str | None,
                 lang: str | None) -> None:
    """导入填写好的进度表，写回各单位的 progress.yml：只改填写的六列，改动的项目记下更新日期（截至日期）；有错误时不改任何文件。
    Read a filled-in progress sheet back into the progress.yml files: only the six columns a clerk fills in,
    with the as-of date as the last update of each changed item; on any error no file changes."""
    import difflib

    from .sheet_import import plan_import, sorted_problems, write_import
    from .sheet_read import SheetError, read_workbook, sheet_problem_text

    project_dir, as_of, lang = _shared(ctx, project_dir, as_of, lang)
    config, _report, project, date = _validated(project_dir, as_of, lang)
    board, _names, _criteria = _board(project, date)
    file = sheet_file.name
    try:
        sheets, problems, order = read_workbook(sheet_file, file)
    except SheetError as exc:
        raise CasebookError(exc.code, config.lang, **{**exc.params, "path": str(sheet_file)}) from None
    plans, more = plan_import(file, sheets, board, project, date)
    problems = sorted_problems(problems + more, order)
    for problem in problems:
        click.echo(sheet_problem_text(problem, config.lang), err=True)
    errors = sum(p.severity == "error" for p in problems)
    if errors:
        click.echo(render("sheet-import-refused", {"errors": errors}, config.lang), err=True)
        sys.exit(1)
    if not plans:
        click.echo(render("sheet-import-unchanged", {}, config.lang))
        return
    for plan in plans:
        if dry_run:
            click.echo("".join(difflib.unified_diff(plan.old_text.splitlines(True), plan.new_text.splitlines(True),
                                                    plan.file, plan.file)), nl=False)
        people = "、".join(name for name, _role in plan.people)
        click.echo(render("sheet-import-unit-people" if people else "sheet-import-unit",
                          {"file": plan.file, "changed": plan.changed, "added": plan.added, "people": people},
                          config.lang))
    if dry_run:
        click.echo(render("sheet-import-dry-run", {}, config.lang))
        return
    for plan in plans:
        write_import(plan)
    click.echo(render("sheet-import-written", {"files": len(plans)}, config.lang))
