"""The booklet of a collection as PDF, rendered by WeasyPrint (extra ``casebook[pdf]``).

The document embeds a CJK font so Chinese never comes out as boxes: a font file
given in the configuration, or Debian's Noto CJK, Regular and Bold. WeasyPrint may
fetch only that font, the collection's own files and the attachments of the cases
it lists (each confined to its folder, of a type that may be published): no
network, nothing else on disk.

Noto CJK comes as a collection (.ttc) of one face per region, Japanese first. A
collection loaded through @font-face is used by its first face (WeasyPrint adds
the whole file to fontconfig), so Japanese glyph forms would win wherever the
text is not tagged Chinese. The installed Noto fonts are therefore named by
the family of their Simplified Chinese face ("Noto Serif CJK SC"), which
fontconfig resolves to that face, Regular and Bold; a configured collection is
named the same way first, with the file itself behind it.
"""
from __future__ import annotations

import importlib.util
import logging
import os
import re
import secrets
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator
from urllib.parse import unquote, urlsplit

from .attachments import confine, type_problem
from .booklet import booklet_document, css_string
from .booklet_cache import BookletCache
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


EMBEDDED_FAMILY = "CasebookCJK"  # the @font-face name of a configured font file
_SIMPLIFIED = re.compile(r"\b(SC|CN|GB|Hans)\b")  # "Noto Serif CJK SC", "Source Han Sans CN"


@dataclass(frozen=True)
class BookletFont:
    """The booklet's CJK font: a Regular file, its Bold sibling if there is one, and for a
    font collection the family of its Simplified Chinese face."""

    regular: Path
    bold: Path | None = None
    family: str | None = None  # fontconfig's name for the SC face of a collection
    installed: bool = False  # a system font fontconfig knows by ``family``: no @font-face needed

    @property
    def files(self) -> tuple[Path, ...]:
        """What WeasyPrint may read from disk for the font."""
        return () if self.installed else tuple(f for f in (self.regular, self.bold) if f is not None)

    @property
    def families(self) -> tuple[str, ...]:
        """The names the booklet asks for, in order (one of them must be used)."""
        return tuple(f for f in (self.family, None if self.installed else EMBEDDED_FAMILY) if f)

    def css(self) -> str:
        faces = [f'@font-face {{ font-family: {EMBEDDED_FAMILY}; font-weight: {weight}; src: url("{path.as_uri()}"); }}'
                 for weight, path in (("normal", self.regular), ("bold", self.bold)) if path in self.files]
        stack = ", ".join(css_string(name) for name in self.families)
        # Margin boxes (running header, page numbers) inherit from the page, not from <body>:
        # without a font on @page they would fall back to whatever fonts the system has.
        return "\n".join([*faces, f"@page {{ font-family: {stack}; }}", f".cb-pdf {{ font-family: {stack}; }}"])


class BookletError(Exception):
    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def find_font(configured: str | None) -> BookletFont:
    """The configured font file, or the first installed Noto CJK (Serif, else Sans)."""
    if configured:
        path = Path(configured)
        if not path.is_file():
            raise BookletError("font-missing", path=configured)
        path = path.resolve()
        return BookletFont(path, _bold_of(path), simplified_family(path))
    for candidate in map(Path, DEFAULT_FONTS):
        if candidate.is_file():
            family = simplified_family(candidate)
            return BookletFont(candidate, _bold_of(candidate), family, installed=family is not None)
    raise BookletError("font-missing", path=DEFAULT_FONTS[0])


def _bold_of(regular: Path) -> Path | None:
    """The Bold file beside a Regular one, named the usual way (NotoSerifCJK-Regular.ttc -> -Bold.ttc)."""
    if "Regular" not in regular.name:
        return None
    bold = regular.with_name("Bold".join(regular.name.rsplit("Regular", 1)))
    return bold.resolve() if bold.is_file() else None


def simplified_family(path: Path) -> str | None:
    """For a font collection (.ttc/.otc), the family name of its Simplified Chinese face."""
    try:
        from fontTools.ttLib import TTCollection, TTLibError  # comes with WeasyPrint
    except ImportError:  # then no booklet is made anyway: WeasyPrint's absence is what to report
        return None
    try:
        with path.open("rb") as file:
            if file.read(4) != b"ttcf":
                return None
        collection = TTCollection(path, lazy=True)
        try:
            families = [face["name"].getBestFamilyName() if "name" in face else None for face in collection.fonts]
        finally:
            collection.close()
    except (OSError, TTLibError):
        return None
    return next((f for f in families if f and _SIMPLIFIED.search(f)), None)


def booklet_html(site: Site, collection: Collection, font: BookletFont, site_url: str | None = None) -> str:
    # Images are embedded from the project; links to attachments go to the site, or are dropped
    # when its address is unknown: a PDF passed around must not point into the editor's disk.
    base = site_url.rstrip("/") + "/" if site_url else None
    return booklet_document(
        _environment(), site, collection,
        attachment_base=lambda case: f"{case.unit}/{case.id}/",
        link_base=lambda case: f"{base}cases/{case.id}/" if base else None,
        folder_url=f"collections/{collection.id}/", font_css=font.css(),
    )


def write_booklet(site: Site, collection: Collection, cases_root: Path, out: Path, font: BookletFont,
                  progress: Callable[[str], None] | None = None, site_url: str | None = None) -> int:
    """Render the PDF to ``out`` (replaced only when complete); returns the page count.

    ``progress``: gets WeasyPrint's steps (``casebook booklet --verbose``); else they are not shown.
    """
    _refuse_non_pdf(out)
    root = cases_root.resolve()
    with _progress(progress):
        document = _render(booklet_html(site, collection, font, site_url), collection, root, font,
                           _published_attachments(site, collection, root))

        def write(target: str) -> None:
            document.write_pdf(target)
            _check_font_used(document, font)

        try:
            _write_replacing(out, write)
        except OSError as exc:
            raise BookletError("output-unwritable", path=str(out), reason=exc.strerror or str(exc)) from None
    return len(document.pages)


def booklet_pdf(site: Site, collection: Collection, cases_root: Path, font: BookletFont,
                progress: Callable[[str], None] | None = None, site_url: str | None = None,
                cache: BookletCache | None = None) -> tuple[bytes, int]:
    """The PDF as bytes (for the site) and its page count; from ``cache`` when nothing it is made of
    changed since it was rendered."""
    root = cases_root.resolve()
    html = booklet_html(site, collection, font, site_url)
    published = _published_attachments(site, collection, root)
    key = None
    if cache is not None:
        own = root / "collections" / collection.id
        own_files = [p for p in own.rglob("*") if p.is_file()] if own.is_dir() else []
        key = cache.key(html, [font.regular, *filter(None, [font.bold]), *published, *own_files])
        kept = cache.get(key)
        if kept is not None:
            return kept
    with _progress(progress):
        document = _render(html, collection, root, font, published)
        data = document.write_pdf()
    _check_font_used(document, font)
    if cache is not None and key is not None:
        cache.put(key, data, len(document.pages))
    return data, len(document.pages)


def weasyprint_installed() -> bool:
    """WeasyPrint is installed (found without importing it: whether it runs shows when it is used)."""
    return importlib.util.find_spec("weasyprint") is not None


def weasyprint_problem() -> BookletError | None:
    """Why WeasyPrint cannot render here (missing, too old), or None."""
    try:
        import weasyprint
    except ImportError:
        return BookletError("weasyprint-missing")
    except OSError as exc:  # installed, but Pango or its libraries are not
        return BookletError("weasyprint-unusable", reason=str(exc).splitlines()[0])
    try:
        from weasyprint.urls import URLFetcher  # noqa: F401  since WeasyPrint 68.0, the lower bound we declare
    except ImportError:
        return BookletError("weasyprint-too-old", needed=WEASYPRINT_NEEDED, found=getattr(weasyprint, "__version__", "?"))
    return None


# The document's base URL: the project's files are named from here, not from where the project
# lies on disk, so the same project gives the same PDF in any folder (WeasyPrint names each
# image after its URL).
PROJECT_URL = "file:///casebook-project/"


def _render(html: str, collection: Collection, root: Path, font: BookletFont, published: set[Path]):
    problem = weasyprint_problem()
    if problem is not None:
        raise problem
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    own = root / "collections" / collection.id

    class BookletFilesOnly(URLFetcher):
        def fetch(self, url: str, headers=None):  # type: ignore[override]
            if url.startswith(PROJECT_URL):
                path = root / unquote(urlsplit(url).path)[len(urlsplit(PROJECT_URL).path):]
                if _allowed(str(path), font.files, own, published):
                    return super().fetch(path.as_uri(), headers)
            elif url.startswith("file:") and _allowed(unquote(urlsplit(url).path), font.files, own, published):
                return super().fetch(url, headers)
            raise ValueError(f"casebook booklets fetch only the collection's files, not {url}")

    return HTML(string=html, base_url=PROJECT_URL, url_fetcher=BookletFilesOnly(allowed_protocols={"file"})).render()


@contextmanager
def _progress(progress: Callable[[str], None] | None) -> Iterator[None]:
    """WeasyPrint's steps, from parsing to writing, to ``progress`` (if given)."""
    if progress is None:
        yield
        return
    logger = logging.getLogger("weasyprint.progress")
    handler = _ProgressHandler(progress)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield
    finally:
        logger.removeHandler(handler)


def _check_font_used(document, font: BookletFont) -> None:
    """The text was set in the booklet font, not in a fallback fontconfig chose (an installed
    family it does not know, a file it could not read)."""
    used = {f.family for f in document.fonts.values()}  # filled while the PDF is written
    if used and not used & set(font.families):
        raise BookletError("font-unused", path=str(font.regular), family=" / ".join(font.families),
                           used=", ".join(sorted(used)))


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


def _allowed(path: str, fonts: tuple[Path, ...], own: Path, published: set[Path]) -> bool:
    """The font, a file of the collection's own folder, or an attachment a listed case publishes."""
    resolved = Path(path).resolve()
    if resolved in fonts:
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
