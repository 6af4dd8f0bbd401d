"""``casebook import``: Word documents (.docx) -> case drafts; the command, its report and its JSON."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..messages import render
from ..options import LANG, PROJECT, CasebookError, _project


@click.command("import")
@click.argument("files", nargs=-1, required=True, metavar="FILE.docx...", type=click.Path(path_type=Path))
@click.option("--unit", required=True, help="单位编号或全称，如 shawan 或 沙湾派出所。The unit id or full name.")
@click.option("--criterion", "criteria", multiple=True,
              help="创建清单项编号或名称，可多次使用；不写时留给文书补填。"
                   "A criterion id or name for every draft (repeatable; else left to fill in).")
@click.option("--dry-run", is_flag=True, help="只显示将写入的内容，不写任何文件。Print the drafts, write nothing.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              help="输出格式 text/json。Output format.")
@PROJECT
@LANG
def import_documents_command(files: tuple[Path, ...], unit: str, criteria: tuple[str, ...], dry_run: bool,
                             fmt: str, project_dir: Path | None, lang: str | None) -> None:
    """把 Word 文档（.docx）导入为案例草稿，编号自动顺延。Turn Word documents (.docx) into draft cases."""
    from ..registry import load_registries
    from ..scaffold import ScaffoldError, resolve_criteria, resolve_unit

    config, problems = _project(project_dir, lang)
    wordings = [p for p in problems if (p.field or "").startswith("plugins.casebook.import_headings")]
    if wordings:  # the table of wordings is wrong: fix mkdocs.yml first, nothing imported half-mapped
        wordings.sort(key=lambda p: p.sort_key())
        if fmt == "json":
            click.echo(json.dumps({"dry_run": dry_run, "imported": 0, "skipped": 0, "documents": [],
                                   "errors": [p.as_dict(config.lang) for p in wordings]}, ensure_ascii=False, indent=2))
        for problem in wordings if fmt == "text" else ():
            click.echo(problem.as_text(config.lang))
        sys.exit(1)
    try:  # the optional extra casebook[import]
        import docx  # noqa: F401
        import olefile  # noqa: F401
    except ImportError:
        raise CasebookError("import-needs-docx", config.lang) from None
    from .run import documents, import_documents, notes

    registries, _ = load_registries(config)
    try:
        unit_id = resolve_unit(unit, registries.units.entries)
        chosen = resolve_criteria(list(criteria), registries.criteria.entries) if criteria else ()
    except ScaffoldError as exc:
        raise CasebookError(exc.code, config.lang, **exc.params) from None
    paths = list(documents(files))
    if not paths:
        raise CasebookError("import-no-files", config.lang, found=", ".join(str(f) for f in files))
    done = []
    for outcome in import_documents(config, registries, unit_id, paths, chosen, dry_run=dry_run):
        done.append(outcome)
        if fmt == "text":
            _print_outcome(outcome, notes(outcome, unit_id), dry_run, config.lang)
    imported = sum(1 for o in done if o.imported)
    if fmt == "json":
        click.echo(json.dumps({
            "dry_run": dry_run, "imported": imported, "skipped": len(done) - imported,
            "documents": [_outcome_json(o, notes(o, unit_id), dry_run, config.lang) for o in done],
        }, ensure_ascii=False, indent=2))
    else:
        click.echo(render("import-total", {"imported": imported, "skipped": len(done) - imported}, config.lang))
        if imported:
            click.echo(render("import-next", {}, config.lang))
    sys.exit(0 if imported == len(done) else 1)


def _print_outcome(outcome, found: list, dry_run: bool, lang: str) -> None:
    if outcome.refused is not None:
        click.echo(render(outcome.refused[0], outcome.refused[1], lang))
        return
    params = {"source": outcome.source, "path": outcome.file}
    if dry_run:
        click.echo(render("import-dry-run", params, lang))
        click.echo(outcome.text, nl=False)
        click.echo(render("import-dry-run-end", params, lang))
    else:
        click.echo(render("import-imported", params, lang))
    for code, note in found:
        click.echo(render(code, note, lang))
    if outcome.problems:
        click.echo(render("import-todo", {}, lang))
        for problem in outcome.problems:
            click.echo(problem.as_text(lang))


def _outcome_json(outcome, found: list, dry_run: bool, lang: str) -> dict:
    if outcome.refused is not None:
        code, params = outcome.refused
        return {"source": outcome.source, "imported": False, "code": code, "message": render(code, params, lang)}
    out = {
        "source": outcome.source, "imported": True, "file": outcome.file, "id": outcome.case_id,
        "title": outcome.draft.title, "date": outcome.draft.date.isoformat(),
        "images": [f"{outcome.file[:-3]}/{image.name}" for image in outcome.draft.images],
        "notes": [{"code": code, "message": render(code, params, lang).strip()} for code, params in found],
        "errors": [p.as_dict(lang) for p in outcome.problems if p.severity == "error"],
        "warnings": [p.as_dict(lang) for p in outcome.problems if p.severity == "warning"],
    }
    if dry_run:
        out["markdown"] = outcome.text
    return out
