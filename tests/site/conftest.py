"""Fixtures for tests that build real sites with MkDocs and drive them in Chromium."""
from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import socketserver
import threading
from html import unescape
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CASEBOOK_CHROMIUM", "/usr/bin/chromium")  # Debian's package
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]


def copy_sample(dest: Path) -> Path:
    """A private copy of the shipped sample project (mkdocs.yml, docs/, cases/)."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(REPO / "docs", dest / "docs")
    shutil.copytree(REPO / "cases", dest / "cases")
    return dest


def run(*args: str):
    """Run the casebook CLI in-process; returns click's Result."""
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def build(project: Path, site: Path, *extra: str):
    return run("build", project, "--site-dir", site, *extra)


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The shipped sample, built once (internal edition) with the real MkDocs."""
    root = tmp_path_factory.mktemp("sample")
    project = copy_sample(root / "project")
    result = build(project, root / "site")
    assert result.exit_code == 0, result.output
    return root / "site"


SAMPLE_AS_OF = "2026-12-01"  # the date the sample's progress board is judged on in dated builds


@pytest.fixture(scope="session")
def dated_site(tmp_path_factory) -> Path:
    """The shipped sample, built once (internal edition) as of SAMPLE_AS_OF: board and statistics fixed."""
    root = tmp_path_factory.mktemp("dated")
    result = build(copy_sample(root / "project"), root / "site", "--as-of", SAMPLE_AS_OF)
    assert result.exit_code == 0, result.output
    return root / "site"


@pytest.fixture(scope="session")
def public_site(tmp_path_factory) -> Path:
    """The shipped sample, built once in the public edition."""
    root = tmp_path_factory.mktemp("public")
    result = build(copy_sample(root / "project"), root / "site", "--edition", "public")
    assert result.exit_code == 0, result.output
    return root / "site"


def read(site: Path, url: str) -> str:
    """A built page's HTML, by its directory URL."""
    return (site / url / "index.html").read_text(encoding="utf-8")


def content(html: str) -> str:
    """The page's own content, without the theme's header, navigation and footer."""
    start = html.index('<article class="md-content__inner')
    return html[start:html.rindex("</article>", start, html.index("</main>"))]


def text(html: str) -> str:
    """Visible text of some HTML: no tags, scripts or styles, entities resolved, blanks folded."""
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="session")
def serve_dir():
    """Serve a folder on 127.0.0.1 (a fresh port per folder); returns its base URL."""
    servers = []

    def start(folder: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(folder))
        server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


MISSING_BROWSER = (
    f"{CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium; .ci/run does), "
    'or leave the browser tests out with -m "not browser"'
)


@pytest.fixture(scope="session")
def browser(request):
    """Debian's Chromium driven by Playwright.

    A missing browser fails the test: in CI always, locally unless the developer asked
    for a skip with --skip-missing-browser.
    """
    if not os.path.exists(CHROMIUM):
        if request.config.getoption("--skip-missing-browser") and not os.environ.get("CI"):
            pytest.skip(f"browser test skipped as asked (--skip-missing-browser): {MISSING_BROWSER}")
        pytest.fail(MISSING_BROWSER, pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


SHOTS = REPO / "test-output" / "screenshots"  # kept after the run for a reviewer to look at
VIEWPORTS = {"desktop": (1366, 850), "phone": (390, 844)}


def look(page, url: str, name: str, ready=None) -> dict[str, int]:
    """Open ``url`` at the desktop and the phone size, save a full-page screenshot of each
    as ``test-output/screenshots/<name>-<desktop|phone>.png``; returns, per viewport, how many
    CSS pixels the page is wider than the window (0: no horizontal scrolling). ``ready(page)``,
    if given, waits for what a script draws after the page has loaded."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    overflow = {}
    for label, (width, height) in VIEWPORTS.items():
        page.set_viewport_size({"width": width, "height": height})
        page.goto(url)
        page.wait_for_load_state("load")
        if ready:
            ready(page)
        page.screenshot(path=str(SHOTS / f"{name}-{label}.png"), full_page=True)
        overflow[label] = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    return overflow


def search_box(page, query: str) -> list[str]:
    """Type ``query`` into the header search box (search.js); the result links in the order shown.

    The panel's ``data-query`` says which query the shown results answer."""
    page.fill("input.cb-search__input", query)
    page.wait_for_function(
        "q => { const p = document.querySelector('.cb-search__panel'); return p && !p.hidden && p.dataset.query === q; }",
        arg=query.strip(), timeout=20000)
    return page.eval_on_selector_all(".cb-search__result a", "links => links.map(a => a.href)")


def wait_for_case_list(page) -> None:
    """The case list's filter (casebook.js) has drawn what its form and URL ask for."""
    page.wait_for_function("() => { const f = document.querySelector('.cb-filters');"
                           " return f && !f.hidden && !f.parentNode.hasAttribute('aria-busy'); }", timeout=20000)


def visible_cards(page) -> list[str]:
    """Site-relative URLs ("cases/x/") of the case cards a reader sees in the case list."""
    wait_for_case_list(page)
    return page.eval_on_selector_all(
        ".cb-cases .cb-card",
        "els => els.filter(e => e.offsetParent !== null).map(e => new URL(e.querySelector('a').href).pathname)"
        ".map(p => p.replace(/^\\/+/, ''))")
