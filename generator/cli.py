"""The ``casebook`` command. Each command is a few lines calling the steps."""
from __future__ import annotations

import datetime as dt
import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import click

from .config import DEFAULT_CACHE_DIR, ProjectConfig, load_config
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
@LANG
def validate(old_dir: Path | None, project_dir: Path | None, fmt: str, edition: str | None,
             lang: str | None) -> None:
    """检查全部案例和登记表，列出所有问题。Check every case and registry; exit 1 on any error."""
    from .validate import validate_project

    config, problems = _project(project_dir, lang, old_dir)
    edition = _edition(config, edition)
    report, _ = validate_project(config, edition, forked=True)
    report.extend(problems)
    click.echo(report.as_json(config.lang) if fmt == "json" else report.as_text(config.lang))
    sys.exit(0 if report.ok else 1)


def _validated(config: ProjectConfig, problems: list, edition: str = "internal"):
    """Validate; print every problem and exit 1 when there is an error."""
    from .validate import validate_project

    report, project = validate_project(config, edition, forked=True)
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
@click.option("-v", "--verbose", is_flag=True, help="显示详细日志。Show MkDocs' debug log.")
@LANG
def build(old_dir: Path | None, project_dir: Path | None, site_dir: Path | None, edition: str | None,
          verbose: bool, lang: str | None) -> None:
    """校验后生成站点；出错时保留原站点不动。Validate, then build the site; a failure leaves the old site untouched."""
    from . import engine

    config, problems = _project(project_dir, lang, old_dir)
    edition = _edition(config, edition)
    report, project = _validated(config, problems, edition)
    engine.setup_logging(verbose)
    with _output_errors(config.lang):
        target = engine.build(config.root, site_dir, edition, (report, project), config.mkdocs, config.lang)
    click.echo(render("site-built", {"path": str(target), "edition": edition}, config.lang))


@main.command()
@OLD_PROJECT_ARG
@PROJECT_OR_OLD
@click.option("-a", "--dev-addr", default=None, metavar="IP:PORT", help="预览地址，默认 127.0.0.1:8000。Address to serve on.")
@EDITION
@LANG
def serve(old_dir: Path | None, project_dir: Path | None, dev_addr: str | None, edition: str | None,
          lang: str | None) -> None:
    """本地预览（含草稿），修改案例后自动刷新。Preview the site with drafts; rebuilds when cases change."""
    from . import engine

    config, problems = _project(project_dir, lang, old_dir)
    edition = _edition(config, edition)
    if config.mkdocs is None:  # no mkdocs.yml MkDocs can read: nothing to serve
        _validated(config, problems, edition)
    engine.setup_logging(False)  # problems in cases/: listed by the first build and shown in the browser
    try:
        engine.serve(config.root, dev_addr, edition, config.lang)
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
@LANG
def generate(old_dir: Path | None, project_dir: Path | None, out_dir: Path, edition: str | None, preview: bool,
             lang: str | None) -> None:
    """把生成的页面写成文件，供不运行插件的引擎使用。Write the generated pages as files (for engines without plugins)."""
    from .errors import ContentError
    from .model import build_site
    from .pages import asset_files, build_pages
    from .publish import check_output, replacing, write_pages

    config, problems = _project(project_dir, lang, old_dir)
    edition = _edition(config, edition)
    if preview and edition == "public":
        raise CasebookError("preview-public", config.lang)
    _report, project = _validated(config, problems, edition)
    docs = _docs_dir(config)
    with _output_errors(config.lang):
        check_output(out_dir, config.root, docs, _cache_dir(config))
    home = docs / "index.md"
    home_text = home.read_text(encoding="utf-8-sig") if home.is_file() else ""
    # The same site name and URL as `casebook build` (the feed's ids and links name them).
    try:
        pages, files = build_pages(build_site(project, edition, preview), config.cases_dir, home_text,
                                   config.site_name, config.site_url)
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
@LANG
def booklet(collection_id: str, project_dir: Path | None, out_file: Path | None, font: str | None, edition: str | None,
            lang: str | None) -> None:
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
        pages = write_booklet(site, collection, config.cases_dir, out, find_font(font or config.booklet_font),
                              lambda message: click.echo(f"  {message}", err=True), config.site_url)
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


@main.command("import")
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
def import_(files: tuple[Path, ...], unit: str, criteria: tuple[str, ...], dry_run: bool, fmt: str,
            project_dir: Path | None, lang: str | None) -> None:
    """把 Word 文档（.docx）导入为案例草稿，编号自动顺延。Turn Word documents (.docx) into draft cases."""
    from .registry import load_registries
    from .scaffold import ScaffoldError, resolve_criteria, resolve_unit

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
    from .importers.run import documents, import_documents, notes

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
@click.argument("kind", default="case", type=click.Choice(["case", "units", "criteria", "tags", "collection"]))
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


if __name__ == "__main__":  # pragma: no cover
    main()
