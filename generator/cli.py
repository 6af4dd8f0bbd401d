"""The ``casebook`` command. Each command is a few lines calling the steps."""
from __future__ import annotations

import datetime as dt
import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import click

from .config import DEFAULT_CACHE_DIR, ProjectConfig
from .messages import render
from .options import (AS_OF, FOLDER, LANG, OLD_PROJECT_ARG, PROJECT, PROJECT_OR_OLD, CasebookError, _as_of, _folder,
                      _project)
from .board.commands import progress
from .importers.commands import import_documents_command

@contextmanager
def _output_errors(lang: str) -> Iterator[None]:
    """An output folder or file Casebook refuses to write, or cannot: its message, exit 1."""
    from .publish import OutputError

    try:
        yield
    except OutputError as exc:
        raise CasebookError(exc.code, lang, **exc.params) from None


def _cache_dir(config: ProjectConfig) -> Path | None:
    cache = config.plugin_options.get("cache_dir", DEFAULT_CACHE_DIR)
    return config.root / cache if isinstance(cache, str) and cache else None


def _docs_dir(config: ProjectConfig) -> Path:
    return Path(config.mkdocs.docs_dir) if config.mkdocs is not None else config.root / "docs"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="casebook")
def main() -> None:
    """案例库 Casebook：校验案例、生成站点。Validate best-practice cases and build the site."""


EDITION = click.option("--edition", type=click.Choice(["internal", "public"]), default=None,
                       help="版本：internal 内网版 / public 公开版；默认取 mkdocs.yml 中 casebook 插件的 edition，"
                            "未设置时为 internal。Which edition (default: mkdocs.yml's, else internal).")


def _edition(config: ProjectConfig, explicit: str | None) -> str:
    """Explicit --edition, else mkdocs.yml's plugin option, else internal."""
    if explicit is None:
        return config.edition or "internal"
    if config.edition and explicit != config.edition:  # allowed, since explicit; said, since it overrides mkdocs.yml
        click.echo(render("edition-override", {"edition": explicit, "configured": config.edition}, config.lang),
                   err=True)
    return explicit


@main.command()
@OLD_PROJECT_ARG
@PROJECT_OR_OLD
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              help="输出格式 text/json。Output format.")
@EDITION
@AS_OF
@LANG
def validate(old_dir: Path | None, project_dir: Path | None, fmt: str, edition: str | None, as_of: str | None,
             lang: str | None) -> None:
    """检查全部案例和登记表，列出所有问题。Check every case and registry; exit 1 on any error."""
    from .validate import validate_project

    config, problems = _project(project_dir, lang, old_dir)
    edition = _edition(config, edition)
    report, _ = validate_project(config, edition, forked=True, as_of=_as_of(as_of, config.lang))
    report.extend(problems)
    click.echo(report.as_json(config.lang) if fmt == "json" else report.as_text(config.lang))
    sys.exit(0 if report.ok else 1)


def _validated(config: ProjectConfig, problems: list, edition: str = "internal", as_of: dt.date | None = None):
    """Validate; print every problem and exit 1 when there is an error."""
    from .validate import validate_project

    report, project = validate_project(config, edition, forked=True, as_of=as_of)
    if not report.ok or problems:
        report.extend(problems)
        if not report.ok:
            click.echo(report.as_text(config.lang))
            sys.exit(1)
    for warning in report.warnings:
        click.echo(warning.as_text(config.lang), err=True)
    return report, project


@main.command()
@OLD_PROJECT_ARG
@PROJECT_OR_OLD
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="输出目录，默认为 mkdocs.yml 的 site_dir。Output folder.")
@EDITION
@AS_OF
@click.option("-v", "--verbose", is_flag=True, help="显示详细日志。Show MkDocs' debug log.")
@LANG
def build(old_dir: Path | None, project_dir: Path | None, site_dir: Path | None, edition: str | None,
          as_of: str | None, verbose: bool, lang: str | None) -> None:
    """校验后生成站点；出错时保留原站点不动。Validate, then build the site; a failure leaves the old site untouched."""
    from . import engine

    config, problems = _project(project_dir, lang, old_dir)
    edition = _edition(config, edition)
    date = _as_of(as_of, config.lang)
    report, project = _validated(config, problems, edition, date)
    engine.setup_logging(verbose)
    with _output_errors(config.lang):
        target = engine.build(config.root, site_dir, edition, (report, project), config.mkdocs, config.lang, date)
    click.echo(render("site-built", {"path": str(target), "edition": edition}, config.lang))


@main.command()
@OLD_PROJECT_ARG
@PROJECT_OR_OLD
@click.option("-a", "--dev-addr", default=None, metavar="IP:PORT", help="预览地址，默认 127.0.0.1:8000。Address to serve on.")
@EDITION
@AS_OF
@LANG
def serve(old_dir: Path | None, project_dir: Path | None, dev_addr: str | None, edition: str | None,
          as_of: str | None, lang: str | None) -> None:
    """本地预览（含草稿），修改案例后自动刷新。Preview the site with drafts; rebuilds when cases change."""
    from . import engine

    config, problems = _project(project_dir, lang, old_dir)
    edition = _edition(config, edition)
    date = _as_of(as_of, config.lang)  # a bad --as-of is refused before the server starts
    if config.mkdocs is None:  # no mkdocs.yml MkDocs can read: nothing to serve
        _validated(config, problems, edition, date)
    engine.setup_logging(False)  # problems in cases/: listed by the first build and shown in the browser
    try:
        engine.serve(config.root, dev_addr, edition, config.lang, as_of)
    except OSError as exc:  # most often: another preview already uses the port
        raise CasebookError("serve-failed", config.lang, address=dev_addr or "127.0.0.1:8000",
                            reason=exc.strerror or str(exc)) from None


@main.command()
@OLD_PROJECT_ARG
@PROJECT_OR_OLD
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="写入生成页面的目录（整体替换）。Folder to write the generated pages to (replaced whole).")
@EDITION
@click.option("--preview", is_flag=True, help="包含草稿和待审核案例。Include drafts and submitted cases.")
@AS_OF
@LANG
def generate(old_dir: Path | None, project_dir: Path | None, out_dir: Path, edition: str | None, preview: bool,
             as_of: str | None, lang: str | None) -> None:
    """把生成的页面写成文件，供不运行插件的引擎使用。Write the generated pages as files (for engines without plugins)."""
    from .board.board import board_of
    from .errors import ContentError
    from .model import build_site
    from .pages import asset_files, build_pages
    from .publish import check_output, replacing, write_pages
    from .stats.review import review_of

    config, problems = _project(project_dir, lang, old_dir)
    edition = _edition(config, edition)
    if preview and edition == "public":
        raise CasebookError("preview-public", config.lang)
    date = _as_of(as_of, config.lang)
    _report, project = _validated(config, problems, edition, date)
    docs = _docs_dir(config)
    with _output_errors(config.lang):
        check_output(out_dir, config.root, docs, _cache_dir(config))
    home = docs / "index.md"
    home_text = home.read_text(encoding="utf-8-sig") if home.is_file() else ""
    if edition == "public":  # the home's internal blocks, or all of it (see written.py)
        from .written import public_text

        written = project.pages.get("index.md")
        home_text = "" if written is not None and written.edition == "internal" else public_text(home_text)
    # The same site name and URL as `casebook build` (the feed's ids and links name them).
    try:
        pages, files = build_pages(build_site(project, edition, preview), config.cases_dir, home_text,
                                   config.site_name, config.site_url, board=board_of(project, edition, date),
                                   review=review_of(project, edition, date))
    except ContentError as exc:
        raise click.ClickException(exc.problem.as_text(config.lang)) from None
    with _output_errors(config.lang), replacing(out_dir, edition) as work:
        write_pages(work, pages, files, asset_files())
    click.echo(render("edition-built", {"edition": edition}, config.lang))
    click.echo(render("pages-written", {"path": str(out_dir), "count": len(pages)}, config.lang))


@main.command()
@click.argument("collection_id", metavar="COLLECTION")
@PROJECT
@click.option("--out", "out_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="PDF 文件，默认 <集锦编号>.pdf。The PDF file to write.")
@click.option("--font", default=None, help="中文字体文件（默认 Noto CJK）。A CJK font file.")
@EDITION
@click.option("-v", "--verbose", is_flag=True, help="显示排版进度。Show WeasyPrint's progress.")
@LANG
def booklet(collection_id: str, project_dir: Path | None, out_file: Path | None, font: str | None, edition: str | None,
            verbose: bool, lang: str | None) -> None:
    """把亮点集锦生成 A4 PDF 小册子。Render a highlight collection as an A4 PDF booklet."""
    from .model import build_site
    from .pdf import BookletError, find_font, write_booklet

    config, problems = _project(project_dir, lang)
    edition = _edition(config, edition)
    site = build_site(_validated(config, problems, edition)[1], edition)
    collection = next((k for k in site.collections if k.id == collection_id), None)
    if collection is None:
        raise CasebookError("unknown-collection", config.lang, found=collection_id, edition=edition,
                            expected=", ".join(k.id for k in site.collections) or "-")
    from .publish import check_output

    out = out_file or Path(f"{collection_id}.pdf")
    with _output_errors(config.lang):
        check_output(out, config.root, _docs_dir(config), _cache_dir(config))
    try:
        progress = (lambda message: click.echo(f"  {message}", err=True)) if verbose else None
        pages = write_booklet(site, collection, config.cases_dir, out, find_font(font or config.booklet_font),
                              progress, config.site_url)
    except BookletError as exc:
        raise CasebookError(exc.code, config.lang, **exc.params) from None
    click.echo(render("booklet-written", {"path": str(out), "pages": pages}, config.lang))


@main.command()
@click.option("--unit", required=True, help="单位编号或全称，如 shawan 或 沙湾派出所。The unit id or full name.")
@click.option("--title", default=None, help="案例标题。The case title.")
@click.option("--criterion", "criteria", multiple=True,
              help="创建清单项编号或名称，可多次使用；不写时会列出清单项询问。"
                   "A criterion id or name (repeatable; asked for when missing).")
@PROJECT
@LANG
def new(unit: str, title: str | None, criteria: tuple[str, ...], project_dir: Path | None, lang: str | None) -> None:
    """新建一个案例文件（草稿），编号自动顺延。Write a new draft case with the next free id."""
    from .registry import load_registries
    from .scaffold import ScaffoldError, new_case, resolve_criteria, resolve_unit
    from .validate import check_case_file

    config, _ = _project(project_dir, lang)
    registries, _ = load_registries(config)
    try:
        unit_id = resolve_unit(unit, registries.units.entries)
        chosen = (resolve_criteria(list(criteria), registries.criteria.entries) if criteria
                  else _ask_criteria(registries.criteria.entries, config.lang))
        path = new_case(config, unit_id, title, dt.date.today(), chosen)
    except ScaffoldError as exc:
        raise CasebookError(exc.code, config.lang, **exc.params) from None
    except FileExistsError as exc:
        raise CasebookError("case-exists", config.lang, path=exc.filename) from None
    rel = path.relative_to(config.root).as_posix()
    click.echo(render("case-created", {"path": rel}, config.lang))
    problems = sorted(check_case_file(config, registries, unit_id, path), key=lambda p: p.sort_key())
    todo = [p for p in problems if p.code == "unfilled-hint"]
    if todo:
        click.echo(render("case-todo", {}, config.lang))
        for problem in todo:
            click.echo(f"  {problem.file}:{problem.line}  {problem.params['where_' + config.lang]}")
    for problem in problems:  # anything else (a --title too long, say) as validate says it
        if problem.code != "unfilled-hint":
            click.echo(problem.as_text(config.lang))
    click.echo(render("case-todo-end", {}, config.lang))


def _interactive() -> bool:
    return sys.stdin.isatty()


def _ask_criteria(entries: dict, lang: str) -> tuple[str, ...]:
    """Ask a clerk at a terminal which criteria; elsewhere (a script, a pipe) stop with exit 2 and the list."""
    from .scaffold import ScaffoldError, choices, resolve_criteria, split_words

    if not entries or not _interactive():
        raise click.UsageError(render("new-criterion-missing", {
            "example": next(iter(entries), "dispute-resolution"), "choices": choices(entries)}, lang))
    click.echo(render("new-criterion-choices", {"choices": choices(entries, numbered=True)}, lang))

    def answer(text: str) -> tuple[str, ...]:
        try:
            chosen = resolve_criteria(split_words(text), entries, numbered=True)
        except ScaffoldError as exc:  # click.prompt shows it and asks again
            raise click.UsageError(render(exc.code, exc.params, lang)) from None
        if not chosen:
            raise click.UsageError(render("new-criterion-prompt", {}, lang))
        return chosen

    return click.prompt(render("new-criterion-prompt", {}, lang), value_proc=answer)


@main.command()
@click.argument("directory", required=False, metavar="[DIR]", type=click.Path(path_type=Path))
@click.option("--project", "project_dir", default=None, type=FOLDER, metavar="DIR",
              help="要新建项目的目录（须不存在或为空），默认为当前目录；也可直接写在命令后面 [DIR]。"
                   "The folder to make the project in (absent or empty; default: the current one), or [DIR].")
@LANG
def init(directory: Path | None, project_dir: Path | None, lang: str | None) -> None:
    """新建一个案例库项目（目录须不存在或为空）。Create a new Casebook project in an absent or empty folder."""
    from .scaffold import ScaffoldError, init_project

    # Here the folder is what the command makes (as in git init DIR), so both spellings are at home.
    directory = _folder(project_dir, directory, lang)
    try:
        files = init_project(directory)
    except ScaffoldError as exc:
        raise CasebookError(exc.code, lang or "zh", **exc.params) from None
    click.echo(render("project-created", {"path": str(directory), "count": len(files)}, lang or "zh"))


@main.command()
@click.argument("kind", default="case",
                type=click.Choice(["case", "units", "criteria", "tags", "collection", "campaign", "progress"]))
@click.option("--out", "out_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="写入文件（UTF-8），而不是输出到屏幕。Write to this file (UTF-8) instead of standard output.")
def schema(kind: str, out_file: Path | None) -> None:
    """输出 JSON Schema，供编辑器补全和检查。Print the JSON Schema of a case's front matter (or a registry)."""
    from .schema import json_schema

    text = json.dumps(json_schema(kind), ensure_ascii=False, indent=2)
    if out_file is None:
        click.echo(text)
    else:  # Windows consoles redirect in GBK or UTF-16: a file written here is always UTF-8
        out_file.write_text(text + "\n", encoding="utf-8")


main.add_command(progress)
main.add_command(import_documents_command)


if __name__ == "__main__":  # pragma: no cover
    main()
