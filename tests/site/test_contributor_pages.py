"""Contributor content that reaches other people (issue 9 §4), on built sites in Chromium and in
the booklet PDF: element ids and titles in a case body, images in a collection's intro and
notes, and the files a booklet may embed. The validation side is in
tests/security/test_contributor_content.py.
"""
from __future__ import annotations

import re
import struct
import subprocess
import zlib
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml

from case_factory import BODY, CRITERIA_YML, TAGS_YML, UNITS_YML, Project
from conftest import build, copy_sample
from test_security_pages import Visit

CASE = "shawan-2024-001"
SECTION_IDS = {"background", "practice", "results", "replicable"}

# mkdocs-material reads its configuration from the element #__config: a contributor element with
# that id would come first in the page. This one turns on tooltips, which the theme builds from
# title attributes with innerHTML.
FAKE_CONFIG = ('{"base": ".", "features": ["content.tooltips"], "search": "x", "tags": null, '
               '"translations": {}, "version": null}')
# "sr&#99;" is "src" once the theme parses the title as HTML (and no src= for validate to check)
TITLE_PAYLOAD = "<img sr&#99;=x onerror=\"window.__xss='title'\">"
ID_BODY = BODY.replace("## 做法\n", "\n\n".join([
    "## 做法\n",
    f'<div id="__config">{FAKE_CONFIG}</div>',
    '<a name="__search">锚点</a>',
    # ">" escaped too: Python-Markdown before 3.11.1 ends an inline tag at a ">" inside an attribute
    f'<abbr id="abbr" title="{TITLE_PAYLOAD.replace(chr(34), "&quot;").replace("<", "&lt;").replace(">", "&gt;")}">缩写</abbr>',
    f'[带标题的链接](https://example.org/ "{TITLE_PAYLOAD.replace(chr(34), chr(39))}")',
    "正文链接[回到做法](#practice)和[跳到同名标题](#__search)。",
    "## __search\n\n与主题元素同名的标题。",
    "",
]))

MKDOCS_YML = """\
site_name: 测试案例库
theme:
  name: material
  language: zh
  font: false
{features}
plugins:
  - casebook
"""


def hostile_project(root: Path, features: str = "") -> Project:
    project = Project(root)
    project.write("mkdocs.yml", MKDOCS_YML.format(features=features))
    project.write("docs/index.md", "# 首页\n")
    project.write("cases/units.yml", UNITS_YML)
    project.write("cases/criteria.yml", CRITERIA_YML)
    project.write("cases/tags.yml", TAGS_YML)
    project.case("shawan", CASE, front={"visibility": "internal", "title": "元素编号与提示"}, body=ID_BODY)
    return project


@pytest.fixture(scope="module", params=["theme-default", "tooltips-on"])
def id_site(request, tmp_path_factory, serve_dir):
    """The body above, built with the theme's defaults and with content.tooltips on."""
    root = tmp_path_factory.mktemp(request.param)
    features = "  features: [content.tooltips]" if request.param == "tooltips-on" else ""
    project = hostile_project(root / "project", features)
    result = build(project.root, root / "site")
    assert result.exit_code == 0, result.output
    assert "unsafe-html-attribute" in result.output  # validate's warnings for the dropped attributes
    return root / "site", serve_dir(root / "site")


def body_html(site: Path) -> str:
    html = (site / "cases" / CASE / "index.html").read_text(encoding="utf-8")
    start = html.index('<div class="cb-body">')
    return html[start:html.index("</article>", start)]  # the case has no contacts or attachments: all body


@pytest.mark.build
def test_every_id_in_a_body_has_our_prefix(id_site):
    html = body_html(id_site[0])
    ids = re.findall(r'\sid="([^"]*)"', html)
    assert ids and all(i.startswith("cb-") or i in SECTION_IDS for i in ids), ids
    assert 'id="cb-__config"' in html
    assert not re.search(r"\sname=", html)
    assert not re.search(r"\stitle=", html)


@pytest.mark.build
def test_fragment_links_in_a_body_follow_the_prefix(id_site):
    html = body_html(id_site[0])
    targets = re.findall(r'href="#([^"]*)"', html)
    assert set(targets) == {"practice", "cb-__search"}
    page_ids = set(re.findall(r'\sid="([^"]*)"', (id_site[0] / "cases" / CASE / "index.html").read_text("utf-8")))
    assert set(targets) <= page_ids


@pytest.mark.build
@pytest.mark.browser
def test_a_body_cannot_replace_the_theme_configuration_or_run_script(id_site, page):
    visit = Visit(page, f"{id_site[1]}/cases/{CASE}/")
    assert page.evaluate("() => document.querySelector('#__config').tagName") == "SCRIPT"
    assert page.evaluate("() => document.querySelectorAll('#__config').length") == 1
    config = page.evaluate("() => JSON.parse(document.querySelector('#__config').textContent)")
    assert config["search"].endswith(".js") and config["translations"]
    for target in (".cb-body abbr", "text=带标题的链接"):
        page.hover(target)
        page.wait_for_timeout(300)
    visit.assert_nothing_ran()
    assert page.locator(".md-tooltip img, .md-tooltip2 img").count() == 0


@pytest.mark.build
@pytest.mark.browser
def test_an_in_body_link_scrolls_to_its_heading(id_site, page):
    Visit(page, f"{id_site[1]}/cases/{CASE}/")
    page.click("text=跳到同名标题")
    page.wait_for_timeout(300)
    assert page.evaluate("() => location.hash") == "#cb-__search"
    assert page.evaluate("() => document.getElementById('cb-__search').tagName") == "H2"


# --- images in a collection's intro and notes ------------------------------------------------------

DISPUTE = "dispute-brands"
PAGES = ["collections/", f"collections/{DISPUTE}/", f"collections/{DISPUTE}/print/"]


def png(width: int, height: int) -> bytes:
    """A real (grey) PNG, so that a browser can decode it."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def with_collection_images(project: Path) -> None:
    folder = project / "cases" / "collections" / DISPUTE
    (folder / "intro map.png").write_bytes(png(30, 20))
    (folder / "notes").mkdir()
    (folder / "notes" / "note.png").write_bytes(png(40, 10))
    path = project / "cases" / "collections" / f"{DISPUTE}.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["intro"] += f"\n![导语配图](<{DISPUTE}/intro map.png>)\n"
    data["sections"][0]["items"][0]["note"] += f"\n\n![按语配图]({DISPUTE}/notes/note.png)\n"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def images_site(tmp_path_factory, serve_dir):
    root = tmp_path_factory.mktemp("collection-images")
    project = copy_sample(root / "project")
    with_collection_images(project)
    result = build(project, root / "site")
    assert result.exit_code == 0, result.output
    return root / "site", serve_dir(root / "site")


def image_sources(site: Path, url: str) -> list[str]:
    html = (site / url / "index.html").read_text(encoding="utf-8")
    return re.findall(r'<img [^>]*src="([^"]+)"', html)


@pytest.mark.build
@pytest.mark.parametrize("url", PAGES)
def test_every_image_of_a_collection_page_is_a_file_of_the_site(images_site, url):
    site = images_site[0]
    sources = image_sources(site, url)
    names = {unquote(urlsplit(s).path).rsplit("/", 1)[-1] for s in sources}
    assert "intro map.png" in names
    if url != "collections/":  # the index shows intros only
        assert "note.png" in names
    for src in sources:
        target = unquote(urlsplit(urljoin(f"http://site/{url}", src)).path).lstrip("/")
        assert (site / target).is_file(), (url, src)
    assert (site / "collections" / DISPUTE / "intro map.png").read_bytes() == png(30, 20)
    assert (site / "collections" / DISPUTE / "notes" / "note.png").read_bytes() == png(40, 10)


@pytest.mark.build
@pytest.mark.browser
@pytest.mark.parametrize("url", PAGES)
def test_every_image_of_a_collection_page_loads_in_chromium(images_site, page, url):
    page.goto(f"{images_site[1]}/{url}")
    page.wait_for_load_state("load")
    images = page.evaluate("() => [...document.images].map(i => [i.getAttribute('src'), i.complete, i.naturalWidth])")
    assert any("intro%20map.png" in src for src, _, _ in images)
    for src, complete, width in images:
        assert complete and width > 0, (url, src)


# --- what a booklet PDF may embed -----------------------------------------------------------------

@pytest.mark.pdf
def test_the_booklet_embeds_no_file_but_the_collections_and_its_cases(tmp_path):
    """Past validation (the model is changed by hand), the PDF's URL fetcher is the last lock."""
    from generator.config import load_config
    from generator.model import build_site
    from generator.pdf import find_font, write_booklet
    from generator.validate import validate_project

    project = copy_sample(tmp_path / "project")
    secret = png(7, 3)  # a size no other image of the booklet has
    (project / "cases" / "matou" / "matou-2024-001").mkdir()
    (project / "cases" / "matou" / "matou-2024-001" / "secret.png").write_bytes(secret)  # a case not listed
    (tmp_path / "outside.png").write_bytes(secret)
    (project / "cases" / "shawan" / "shawan-2023-001" / "unlinked.png").write_bytes(secret)  # listed, not linked
    config, _ = load_config(project)
    report, validated = validate_project(config)
    assert report.ok
    site = build_site(validated)
    collection = next(k for k in site.collections if k.id == DISPUTE)
    intro = (f'<img src="matou/matou-2024-001/secret.png"> <img src="{tmp_path}/outside.png"> '
             f'<img src="{DISPUTE}/../matou/matou-2024-001/secret.png"> <img src="../mkdocs.yml"> '
             '<img src="shawan/shawan-2023-001/unlinked.png">')
    collection = replace(collection, intro=intro)
    out = tmp_path / "booklet.pdf"
    write_booklet(site, collection, config.cases_dir, out, find_font(None), lambda _m: None)
    listing = subprocess.run(["pdfimages", "-list", str(out)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in listing.splitlines()[2:]]
    assert [row for row in rows if row[3:5] == ["7", "3"]] == []
    # the collection's cover (page 1) and the listed case's own photo are embedded (the sample's are 200 x 120)
    assert [row[0] for row in rows if row[3:5] == ["200", "120"]][:1] == ["1"] and len(rows) >= 2


@pytest.mark.build
def test_every_contributor_id_on_the_collection_pages_has_our_prefix(images_site):
    for url in PAGES:
        html = (images_site[0] / url / "index.html").read_text(encoding="utf-8")
        start = html.index('<div class="cb-booklet">' if url.endswith("print/") else '<div class="cb-collection')
        end = len(html) if url.endswith("print/") else html.index("</article>", start)  # then the theme's
        ids = re.findall(r'\sid="([^"]*)"', html[start:end])
        ours = [i for i in ids if i == "toc" or re.fullmatch(r"(case|section)-[a-z0-9-]+", i)]
        theirs = [i for i in ids if i not in ours]
        assert all(i.startswith("cb-") for i in theirs), (url, theirs)
        if url.endswith("print/"):
            assert "cb-shawan-2023-001-background" in theirs
