"""The booklet of a collection as PDF, rendered by WeasyPrint (extra ``casebook[pdf]``).

The document embeds a CJK font so Chinese never comes out as boxes: a font file
given in the configuration, or Debian's Noto CJK. WeasyPrint may fetch only that
font, the collection's own files and the attachments of the cases it lists (each
confined to its folder, of a type that may be published): no network, nothing
else on disk.
"""
from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path
from typing import Callable
from urllib.parse import unquote, urlsplit

from .attachments import confine, type_problem
from .booklet import booklet_document
from .model import Collection, Site
from .pages import _environment
from .publish import make_parent_folder
from .render import render_body

WEASYPRINT_NEEDED = "68.0"
DEFAULT_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
)


class BookletError(Exception):
    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def find_font(configured: str | None) -> Path:
    candidates = [configured] if configured else list(DEFAULT_FONTS)
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return Path(candidate).resolve()
    raise BookletError("font-missing", path=configured or DEFAULT_FONTS[0])


def booklet_html(site: Site, collection: Collection, font: Path, site_url: str | None = None) -> str:
    # Images are embedded from the project; links to attachments go to the site, or are dropped
    # when its address is unknown: a PDF passed around must not point into the editor's disk.
    base = site_url.rstrip("/") + "/" if site_url else None
    # Margin boxes (running header, page numbers) inherit from the page, not from <body>:
    # without a font on @page they would fall back to whatever fonts the system has.
    font_css = (f'@font-face {{ font-family: CasebookCJK; src: url("{font.as_uri()}"); }}\n'
                "@page { font-family: CasebookCJK; }")
    return booklet_document(
        _environment(), site, collection,
        attachment_base=lambda case: f"{case.unit}/{case.id}/",
        link_base=lambda case: f"{base}cases/{case.id}/" if base else None,
        folder_url=f"collections/{collection.id}/", font_css=font_css,
    )


def write_booklet(site: Site, collection: Collection, cases_root: Path, out: Path, font: Path,
                  progress: Callable[[str], None], site_url: str | None = None) -> int:
    """Render the PDF to ``out`` (replaced only when complete); returns the page count."""
    _refuse_non_pdf(out)
    try:
        import weasyprint
    except ImportError:
        raise BookletError("weasyprint-missing") from None
    try:
        from weasyprint import HTML
        from weasyprint.urls import URLFetcher  # since WeasyPrint 68.0, the lower bound we declare
    except ImportError:
        raise BookletError("weasyprint-too-old", needed=WEASYPRINT_NEEDED,
                           found=getattr(weasyprint, "__version__", "?")) from None
    root = cases_root.resolve()
    own = root / "collections" / collection.id
    published = _published_attachments(site, collection, root)

    class BookletFilesOnly(URLFetcher):
        def fetch(self, url: str, headers=None):  # type: ignore[override]
            if url.startswith("file:") and _allowed(unquote(urlsplit(url).path), font, own, published):
                return super().fetch(url, headers)
            raise ValueError(f"casebook booklets fetch only the collection's files, not {url}")

    handler = _ProgressHandler(progress)
    logger = logging.getLogger("weasyprint.progress")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        document = HTML(string=booklet_html(site, collection, font, site_url), base_url=root.as_uri() + "/",
                        url_fetcher=BookletFilesOnly(allowed_protocols={"file"})).render()
        try:
            _write_replacing(out, document.write_pdf)
        except OSError as exc:
            raise BookletError("output-unwritable", path=str(out), reason=exc.strerror or str(exc)) from None
    finally:
        logger.removeHandler(handler)
    return len(document.pages)


def _refuse_non_pdf(out: Path) -> None:
    """Replace only a PDF: a mistyped --out must not overwrite mkdocs.yml or a case."""
    if out.exists():
        try:
            with out.open("rb") as file:
                is_pdf = out.is_file() and file.read(5) == b"%PDF-"
        except OSError:
            is_pdf = False
        if not is_pdf:
            raise BookletError("output-not-pdf", path=str(out))


def _write_replacing(out: Path, write: Callable[[str], object]) -> None:
    make_parent_folder(out.parent)
    # Not tempfile.mkstemp, whose file is mode 0600: like any file MkDocs writes, the PDF gets
    # 0666 filtered by the umask, so a web server running as another user can serve it.
    while True:
        tmp = out.parent / f".{out.name}.{secrets.token_hex(4)}.tmp"
        try:
            os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
            break
        except FileExistsError:
            continue
    try:
        write(str(tmp))
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)


def _published_attachments(site: Site, collection: Collection, root: Path) -> set[Path]:
    """The files the listed cases publish: what their bodies link to, each inside its case's folder."""
    files = set()
    for case in filter(None, (site.case(item.case) for item in collection.items)):
        for name in render_body(case.body, case.id).attachments:
            path = confine(root / case.unit / case.id, name)
            if path is not None:
                files.add(path)
    return files


def _allowed(path: str, font: Path, own: Path, published: set[Path]) -> bool:
    """The font, a file of the collection's own folder, or an attachment a listed case publishes."""
    resolved = Path(path).resolve()
    if resolved == font:
        return True
    if type_problem(resolved.name):
        return False
    return resolved in published or confine(own, resolved) is not None


class _ProgressHandler(logging.Handler):
    def __init__(self, progress: Callable[[str], None]) -> None:
        super().__init__()
        self.progress = progress

    def emit(self, record: logging.LogRecord) -> None:
        self.progress(record.getMessage())
