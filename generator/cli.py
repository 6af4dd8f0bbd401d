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
PROJECT_ARG = click.argument("project_dir", default=".", type=click.Path(file_okay=False, path_type=Path))


class CasebookError(click.ClickException):
    """A user-facing failure with a bilingual message (exit code 1)."""

    def __init__(self, code: str, lang: str, **params: object) -> None:
        super().__init__(render(code, params, lang))


def _project(project_dir: Path, lang: str | None) -> tuple[ProjectConfig, list]:
    root = project_dir.resolve()
    if not (root / "cases").is_dir():
        raise CasebookError("not-a-project", lang or "zh", path=str(project_dir))
    return load_config(root, lang)


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
@PROJECT_ARG
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              help="输出格式 text/json。Output format.")
@EDITION
@LANG
def validate(project_dir: Path, fmt: str, edition: str | None, lang: str | None) -> None:
    """检查全部案例和登记表，列出所有问题。Check every case and registry; exit 1 on any error."""
    from .validate import validate_project

    config, problems = _project(project_dir, lang)
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
@PROJECT_ARG
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="输出目录，默认为 mkdocs.yml 的 site_dir。Output folder.")
@EDITION
@click.option("-v", "--verbose", is_flag=True, help="显示详细日志。Show MkDocs' debug log.")
@LANG
def build(project_dir: Path, site_dir: Path | None, edition: str | None, verbose: bool, lang: str | None) -> None:
    """校验后生成站点；出错时保留原站点不动。Validate, then build the site; a failure leaves the old site untouched."""
    from . import engine

    config, problems = _project(project_dir, lang)
    edition = _edition(config, edition)
    report, project = _validated(config, problems, edition)
    engine.setup_logging(verbose)
    with _output_errors(config.lang):
        target = engine.build(config.root, site_dir, edition, (report, project), config.mkdocs, config.lang)
    click.echo(render("site-built", {"path": str(target), "edition": edition}, config.lang))


@main.command()
@PROJECT_ARG
@click.option("-a", "--dev-addr", default=None, metavar="IP:PORT", help="预览地址，默认 127.0.0.1:8000。Address to serve on.")
@EDITION
@LANG
def serve(project_dir: Path, dev_addr: str | None, edition: str | None, lang: str | None) -> None:
    """本地预览（含草稿），修改案例后自动刷新。Preview the site with drafts; rebuilds when cases change."""
    from . import engine

    config, problems = _project(project_dir, lang)
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
@PROJECT_ARG
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="写入生成页面的目录（整体替换）。Folder to write the generated pages to (replaced whole).")
@EDITION
@click.option("--preview", is_flag=True, help="包含草稿和待审核案例。Include drafts and submitted cases.")
@LANG
def generate(project_dir: Path, out_dir: Path, edition: str | None, preview: bool, lang: str | None) -> None:
    """把生成的页面写成文件，供不运行插件的引擎使用。Write the generated pages as files (for engines without plugins)."""
    from .errors import ContentError
    from .model import build_site
    from .pages import asset_files, build_pages
    from .publish import check_output, replacing, write_pages

    config, problems = _project(project_dir, lang)
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
@click.argument("collection_id")
@click.option("--project", "project_dir", default=".", type=click.Path(file_okay=False, path_type=Path),
              help="项目目录。The project folder.")
@click.option("--out", "out_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="PDF 文件，默认 <集锦编号>.pdf。The PDF file to write.")
@click.option("--font", default=None, help="中文字体文件（默认 Noto CJK）。A CJK font file.")
@EDITION
@LANG
def booklet(collection_id: str, project_dir: Path, out_file: Path | None, font: str | None, edition: str | None,
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
@click.option("--unit", required=True, help="单位编号，如 shawan。The unit id.")
@click.option("--title", default=None, help="案例标题。The case title.")
@click.option("--criterion", "criteria", multiple=True, help="创建清单项编号，可多次使用。A criterion id (repeatable).")
@click.option("--project", "project_dir", default=".", type=click.Path(file_okay=False, path_type=Path),
              help="项目目录。The project folder.")
@LANG
def new(unit: str, title: str | None, criteria: tuple[str, ...], project_dir: Path, lang: str | None) -> None:
    """新建一个案例文件（草稿），编号自动顺延。Write a new draft case with the next free id."""
    from .registry import load_registries
    from .scaffold import ScaffoldError, new_case

    config, _ = _project(project_dir, lang)
    registries, _ = load_registries(config)
    try:
        path = new_case(config, unit, title, dt.date.today(), registries.units.entries, criteria)
    except ScaffoldError as exc:
        raise CasebookError(exc.code, config.lang, **exc.params) from None
    except FileExistsError as exc:
        raise CasebookError("case-exists", config.lang, path=exc.filename) from None
    rel = path.relative_to(config.root).as_posix()
    click.echo(render("case-created", {"path": rel}, config.lang))


@main.command()
@click.argument("directory", type=click.Path(path_type=Path))
@LANG
def init(directory: Path, lang: str | None) -> None:
    """新建一个案例库项目。Create a new Casebook project in DIRECTORY."""
    from .scaffold import ScaffoldError, init_project

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
