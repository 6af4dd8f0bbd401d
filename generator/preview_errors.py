"""What `casebook serve` shows while the project cannot be built: one page listing every problem.

The page is written into the served folder under a name no page of the site has
(``ERROR_FILE``), and while there are problems every page URL is answered with it, so
the browser shows the problems wherever the clerk was. It goes through MkDocs' own
file serving, so MkDocs adds its live-reload script: when the next rebuild ends, the
page reloads by itself and shows the site again (or the new list of problems).
Only `casebook serve` uses this module; `casebook build` never writes the page.
"""
from __future__ import annotations

import posixpath
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from jinja2 import Environment, PackageLoader, StrictUndefined

from .errors import Problem
from .pii import mask_personal_data

ERROR_FILE = ".casebook-preview-errors.html"
LISTED = 200  # problems of each kind listed on the page (a registry mistake can break every case)
LIVERELOAD = "/livereload/"  # MkDocs' live-reload requests: never answered with the page

# Left in place once the site builds again: a request that was sent to the error page while
# the rebuild ran gets this, and reloads into the real page.
_RELOAD = ('<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>预览已恢复</title></head>'
           "<body><p>预览已恢复，正在刷新……</p><script>location.reload()</script></body></html>\n")

_ENV = Environment(loader=PackageLoader("generator", "templates"), autoescape=True, undefined=StrictUndefined,
                   trim_blocks=True, lstrip_blocks=True)


def error_page(problems: Iterable[Problem], site_name: str, detail: str | None = None, lang: str = "zh") -> str:
    """The page: every problem with file, line, field and message (hint included); ``detail`` is the
    text of a failure that is not a list of problems (it is on the terminal too)."""
    ordered = sorted(problems, key=Problem.sort_key)
    errors = [p for p in ordered if p.severity == "error"]
    warnings = [p for p in ordered if p.severity == "warning"]
    return _ENV.get_template("preview_errors.html").render(
        site_name=site_name, errors=[p.as_dict(lang) for p in errors[:LISTED]], error_count=len(errors),
        warnings=[p.as_dict(lang) for p in warnings[:LISTED]], warning_count=len(warnings),
        detail=mask_personal_data(detail) if detail else None)


class ErrorShow:
    """The error page of one served folder, and the WSGI wrapper that answers page URLs with it."""

    def __init__(self, site_dir: Path, mount_path: str) -> None:
        self.site_dir = site_dir
        self.mount_path = "/" + mount_path.strip("/") + "/" if mount_path.strip("/") else "/"
        self.showing = False
        self._building = False
        self._idle = threading.Condition()

    @contextmanager
    def building(self) -> Iterator[None]:
        """A rebuild runs: requests wait for it before choosing between the site and the page."""
        with self._idle:
            self._building = True
        try:
            yield
        finally:
            with self._idle:
                self._building = False
                self._idle.notify_all()

    def show(self, html: str) -> None:
        self.site_dir.mkdir(parents=True, exist_ok=True)
        (self.site_dir / ERROR_FILE).write_text(html, encoding="utf-8")
        self.showing = True

    def clear(self) -> None:
        if self.showing or (self.site_dir / ERROR_FILE).exists():
            (self.site_dir / ERROR_FILE).write_text(_RELOAD, encoding="utf-8")
        self.showing = False

    def wrap(self, app: Callable[..., Any]) -> Callable[..., Any]:
        """``app`` (MkDocs' server), with page URLs answered by the error page while it is shown."""

        def answer(environ: dict, start_response: Callable[..., Any]) -> Any:
            path = environ.get("PATH_INFO", "")
            if self._is_page(path):
                with self._idle:
                    self._idle.wait_for(lambda: not self._building, timeout=600)
            if self.showing and self._is_page(path):
                environ = {**environ, "PATH_INFO": self.mount_path + ERROR_FILE}
            return app(environ, start_response)

        return answer

    def _is_page(self, path: str) -> bool:
        if path.startswith(LIVERELOAD) or not (path + "/").startswith(self.mount_path):
            return False
        last = posixpath.basename(path)
        return path.endswith("/") or last.endswith(".html") or "." not in last
