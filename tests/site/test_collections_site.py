"""Highlight collections on the built sample site: pages, the print booklet (in Chromium and
as a WeasyPrint PDF) and the Atom feed.

The sample has two collections (cases/collections/):
  dispute-brands  2025-06-30, internal, cover, two sections: 品牌源头 [shawan-2023-001],
                  复制推广 [qingshi-2024-001, hedong-2025-001], a note on every case
  public-2025     2025-12-20, public, items [shawan-2023-001, qingshi-2025-001,
                  xunjing-2024-001, sanjiang-2025-001], notes on the first and third
Titles, units, summaries and notes are read from the sample's files, the order is pinned here.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from html import unescape
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import feedparser
import pytest
import yaml
from fontTools.ttLib import TTFont

from conftest import REPO, build, copy_sample, look, run
from pdf_glyphs import glyphs_by_font

pytestmark = pytest.mark.build

DISPUTE, PUBLIC = "dispute-brands", "public-2025"
SECTIONS = {
    DISPUTE: [("品牌源头", ["shawan-2023-001"]), ("复制推广", ["qingshi-2024-001", "hedong-2025-001"])],
    PUBLIC: [(None, ["shawan-2023-001", "qingshi-2025-001", "xunjing-2024-001", "sanjiang-2025-001"])],
}
NOT_IN_ANY_COLLECTION = "matou-2024-001"
ATOM = "{http://www.w3.org/2005/Atom}"


# --- the sample's data ------------------------------------------------------------

def case_front(case_id: str) -> dict:
    (path,) = REPO.glob(f"cases/*/{case_id}.md")
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n", 2)[1])


def collection_file(collection_id: str) -> dict:
    return yaml.safe_load((REPO / "cases" / "collections" / f"{collection_id}.yml").read_text(encoding="utf-8"))


def registry(name: str) -> dict[str, str]:
    return {e["id"]: e["name"] for e in yaml.safe_load((REPO / "cases" / f"{name}.yml").read_text(encoding="utf-8"))}


def case_ids(collection_id: str) -> list[str]:
    return [c for _title, ids in SECTIONS[collection_id] for c in ids]


def notes(collection_id: str) -> dict[str, str]:
    data = collection_file(collection_id)
    items = data.get("items") or [i for s in data["sections"] for i in s["items"]]
    return {i["case"]: i["note"] for i in items if "note" in i}


def internal_only_cases() -> list[str]:
    """Approved cases the internal edition publishes and the public one must not."""
    return [p.stem for p in REPO.glob("cases/*/*.md")
            if case_front(p.stem)["status"] == "approved" and case_front(p.stem)["visibility"] != "public"]


def test_the_pinned_order_is_the_sample_files_order():
    dispute = collection_file(DISPUTE)
    assert [(s["title"], [i["case"] for i in s["items"]]) for s in dispute["sections"]] == SECTIONS[DISPUTE]
    assert [i["case"] for i in collection_file(PUBLIC)["items"]] == case_ids(PUBLIC)
    assert NOT_IN_ANY_COLLECTION not in case_ids(DISPUTE) + case_ids(PUBLIC)


# --- reading built pages ------------------------------------------------------------

def read(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def content(html: str) -> str:
    """The page's own content, without the theme's header, navigation and footer."""
    start = html.index('<article class="md-content__inner')
    return html[start:html.rindex("</article>", start, html.index("</main>"))]


def text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def missing_targets(site: Path, url: str) -> list[str]:
    """Every relative href/src of the page at ``url`` whose file is not in the site."""
    html = read(site, url)
    missing = []
    for ref in re.findall(r'(?:href|src)="([^"]*)"', html):
        ref = unescape(ref)
        if not ref or ref.startswith(("#", "http:", "https:", "mailto:", "data:")):
            continue
        path = urlsplit(urljoin(f"http://site/{url}/" if url else "http://site/", ref)).path.lstrip("/")
        target = site / path
        if path == "" or path.endswith("/") or target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            missing.append(ref)
    return missing


@pytest.fixture(scope="module")
def public_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("public")
    result = build(copy_sample(root / "project"), root / "site", "--edition", "public")
    assert result.exit_code == 0, result.output
    return root / "site"


# --- /collections/ ------------------------------------------------------------------

def test_collections_index_lists_newest_first_with_cover_date_intro_and_count(sample_site):
    html = content(read(sample_site, "collections"))
    cards = re.findall(r'<article class="cb-card cb-collection-card">(.*?)</article>', html, re.S)
    assert [re.search(r'<h3 class="cb-card__title"><a href="([^"]+)">', c).group(1) for c in cards] == [
        f"{PUBLIC}/", f"{DISPUTE}/"]
    public, dispute = cards
    assert f'<a href="{PUBLIC}/">2025 年公开案例选编</a>' in public
    assert '<time datetime="2025-12-20">2025年12月20日</time> · 收录 4 个案例' in public
    assert "面向社会公开的“枫桥式公安派出所”创建经验选编" in text(public)
    assert "<img" not in public  # no cover given
    assert f'<img class="cb-collection-card__cover" src="{DISPUTE}/cover.png" alt="">' in dispute
    assert '<time datetime="2025-06-30">2025年6月30日</time> · 收录 3 个案例' in dispute
    assert "供各所在<strong>矛盾纠纷化解</strong>一项对照学习" in dispute  # the intro's Markdown, rendered
    assert (sample_site / "collections" / DISPUTE / "cover.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# --- /collections/<id>/ -------------------------------------------------------------

@pytest.mark.parametrize("collection_id", [DISPUTE, PUBLIC])
def test_collection_page_shows_intro_then_cases_in_the_editors_order(sample_site, collection_id):
    html = content(read(sample_site, f"collections/{collection_id}"))
    data = collection_file(collection_id)
    assert f"<h1>{data['title']}</h1>" in html
    intro_at = html.index('<div class="cb-collection__intro">')
    assert squash(data["intro"].replace("**", "")) in squash(text(html[intro_at:]))
    linked = re.findall(r'<h3 class="cb-card__title"><a href="\.\./\.\./cases/([a-z0-9-]+)/">', html)
    assert linked == case_ids(collection_id)
    assert intro_at < html.index('<li class="cb-collection__item">')
    assert '<a class="md-button" href="print/">打印版（A4 小册子）</a>' in html


@pytest.mark.parametrize("collection_id", [DISPUTE, PUBLIC])
def test_collection_page_offers_the_pdf_booklet_the_build_made(sample_site, collection_id):
    # WeasyPrint and Noto CJK are here (as in CI): `casebook build` renders each collection's booklet
    # as `casebook booklet` does, publishes it beside the page and says how long and how large it is.
    html = content(read(sample_site, f"collections/{collection_id}"))
    pdf = sample_site / "collections" / collection_id / f"{collection_id}.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-")
    check_booklet_pages(pdf, collection_id)
    size = f"{pdf.stat().st_size / 1024:.0f} KB"  # as attachments' sizes are shown (400-500 KB here)
    assert 300 < pdf.stat().st_size / 1024 < 1000
    title = collection_file(collection_id)["title"]
    link = (f'<a class="md-button md-button--primary" href="{collection_id}.pdf" download="{title}.pdf">'
            f"下载 PDF（{pdf_pages(pdf)} 页，{size}）</a>")
    assert link in html
    assert html.index(link) < html.index('<a class="md-button" href="print/">打印版（A4 小册子）</a>')
    hint = read(sample_site, f"collections/{collection_id}/print")
    assert f'<a href="../{collection_id}.pdf" download="{title}.pdf">下载 PDF（{pdf_pages(pdf)} 页，{size}）</a>' in hint


def test_collection_intro_joins_its_lines_without_a_space_between_chinese_characters(sample_site):
    # cases/collections/dispute-brands.yml breaks its intro after "推广，" (a literal block, |)
    assert "复制推广，\n供各所" in collection_file(DISPUTE)["intro"]
    for url in ("collections", f"collections/{DISPUTE}", f"collections/{DISPUTE}/print"):
        html = read(sample_site, url)
        assert "河东的复制推广，供各所在<strong>矛盾纠纷化解</strong>一项对照学习" in html, url


@pytest.mark.parametrize("collection_id", [DISPUTE, PUBLIC])
def test_each_card_has_title_unit_summary_criteria_and_the_editors_note(sample_site, collection_id):
    html = content(read(sample_site, f"collections/{collection_id}"))
    items = re.findall(r'<li class="cb-collection__item">(.*?)</li>', html, re.S)
    units, criteria, editor_notes = registry("units"), registry("criteria"), notes(collection_id)
    assert len(items) == len(case_ids(collection_id))
    for case_id, item in zip(case_ids(collection_id), items):
        front = case_front(case_id)
        unit = case_id.rsplit("-", 2)[0]
        assert f'<a href="../../cases/{case_id}/">{front["title"]}</a>' in item
        assert f'<a href="../../units/{unit}/">{units[unit]}</a>' in item
        assert f'<p class="cb-card__summary">{front["summary"]}</p>' in item
        for criterion in front["criteria"]:
            assert (f'href="../../criteria/{criterion}/"><span class="cb-chip__mark" aria-hidden="true">清单</span>'
                    f'<span class="cb-sr">创建清单：</span>{criteria[criterion]}</a>') in item
        note = re.search(r'<div class="admonition quote cb-note"><p class="admonition-title">编者按</p>(.*?)</div>', item, re.S)
        if case_id in editor_notes:
            assert text(note.group(1)) == editor_notes[case_id]
            assert item.index("</article>") < note.start()  # the note follows its card
        else:
            assert note is None, case_id


def test_sections_group_the_cases_under_their_titles_in_order(sample_site):
    html = content(read(sample_site, f"collections/{DISPUTE}"))
    headings = re.findall(r'<h2 id="section-(\d+)">([^<]+)</h2>', html)
    assert headings == [("1", "品牌源头"), ("2", "复制推广")]
    parts = re.split(r'<h2 id="section-\d+">', html)[1:]
    for (title, ids), part in zip(SECTIONS[DISPUTE], parts):
        assert part.startswith(f"{title}</h2>")
        assert re.findall(r'<a href="\.\./\.\./cases/([a-z0-9-]+)/">', part) == ids


def test_collection_without_sections_has_no_section_headings(sample_site):
    assert "<h2" not in content(read(sample_site, f"collections/{PUBLIC}"))


@pytest.mark.parametrize("url", ["", "collections", f"collections/{DISPUTE}", f"collections/{PUBLIC}",
                                 f"collections/{DISPUTE}/print", f"collections/{PUBLIC}/print",
                                 "cases/shawan-2023-001"])
def test_every_link_and_image_resolves_to_a_file_in_the_site(sample_site, url):
    assert missing_targets(sample_site, url) == []


# --- home and case pages --------------------------------------------------------

def test_home_page_shows_the_newest_collections(sample_site):
    html = content(read(sample_site, ""))
    block = html[html.index('<h2 id="collections">亮点集锦</h2>'):html.index('<h2 id="newest">')]
    assert re.findall(r'<li><a href="collections/([a-z0-9-]+)/">([^<]+)</a> <small>([^<]+)</small></li>', block) == [
        (PUBLIC, "2025 年公开案例选编", "2025年12月20日 · 4 个案例"),
        (DISPUTE, "矛盾纠纷化解品牌集锦", "2025年6月30日 · 3 个案例"),
    ]
    assert '<a href="collections/">全部集锦</a>' in block


@pytest.mark.parametrize("case_id, expected", [
    ("shawan-2023-001", [PUBLIC, DISPUTE]),
    ("qingshi-2024-001", [DISPUTE]),
    ("xunjing-2024-001", [PUBLIC]),
])
def test_case_page_lists_the_collections_it_appears_in(sample_site, case_id, expected):
    html = content(read(sample_site, f"cases/{case_id}"))
    block = html[html.index('<h2 id="collections">收录于集锦</h2>'):]
    block = block[:block.index("</ul>")]
    assert re.findall(r'<a href="\.\./\.\./collections/([a-z0-9-]+)/">', block) == expected


def test_case_in_no_collection_has_no_collections_heading(sample_site):
    assert "收录于集锦" not in read(sample_site, f"cases/{NOT_IN_ANY_COLLECTION}")


def test_print_pages_are_left_out_of_search(sample_site):
    from search_index import records_by_url

    urls = set(records_by_url(sample_site))
    assert f"collections/{DISPUTE}/" in urls
    assert not [u for u in urls if "/print/" in u]


# --- the public edition ----------------------------------------------------------

def test_public_edition_has_only_public_collections_and_no_internal_case(public_site):
    index = content(read(public_site, "collections"))
    assert re.findall(r'<h3 class="cb-card__title"><a href="([^"]+)">', index) == [f"{PUBLIC}/"]
    assert not (public_site / "collections" / DISPUTE).exists()
    assert DISPUTE not in read(public_site, "") and "矛盾纠纷化解品牌集锦" not in read(public_site, "")
    hidden = internal_only_cases()
    assert "qingshi-2024-001" in hidden and "hedong-2025-001" in hidden  # the sample really tests something
    for case_id in hidden:
        assert not (public_site / "cases" / case_id).exists(), case_id
    for url in ["collections", f"collections/{PUBLIC}", f"collections/{PUBLIC}/print", ""]:
        html = read(public_site, url)
        assert missing_targets(public_site, url) == []
        for case_id in hidden:
            assert case_id not in html, (url, case_id)
    shawan = content(read(public_site, "cases/shawan-2023-001"))
    assert re.findall(r'href="\.\./\.\./collections/([a-z0-9-]+)/"', shawan) == [PUBLIC]


# --- the print page in Chromium ----------------------------------------------------

def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)$", info, re.M).group(1))


def page_text(path: Path, number: int) -> str:
    return subprocess.run(["pdftotext", "-layout", "-f", str(number), "-l", str(number), str(path), "-"],
                          capture_output=True, text=True, check=True).stdout


def case_start_pages(path: Path, collection_id: str) -> list[int]:
    """The page each case of the collection starts on, in the editor's order.

    A case starts a page: after the running header (the collection title) comes the
    section title (for the first case of a section), then "<n>. <case title>".
    """
    header = squash(collection_file(collection_id)["title"])
    pages = [squash(page_text(path, n)) for n in range(1, pdf_pages(path) + 1)]
    starts, number = [], 0
    for section, ids in SECTIONS[collection_id]:
        for i, case_id in enumerate(ids):
            number += 1
            prefix = header + (squash(section) if section and i == 0 else "") + squash(f"{number}. {case_front(case_id)['title']}")
            found = [n for n, page in enumerate(pages, 1) if page.startswith(prefix)]
            assert len(found) == 1, (case_id, prefix, found)
            starts.append(found[0])
    return starts


def check_booklet_pages(path: Path, collection_id: str) -> list[int]:
    """What every printed booklet must be; returns the start page of each case."""
    title = collection_file(collection_id)["title"]
    total = pdf_pages(path)
    cases = case_ids(collection_id)
    assert total >= 2 + len(cases)
    cover = squash(page_text(path, 1))
    assert cover.startswith("亮点集锦") and squash(title) in cover and f"收录{len(cases)}个案例" in cover
    assert not cover.endswith(f"1/{total}")  # no header or footer on the cover
    assert squash(page_text(path, 2)).startswith(squash(title) + "目录")
    for n in range(2, total + 1):
        page = squash(page_text(path, n))
        assert page.startswith(squash(title)), f"page {n} has no running header"
        assert page.endswith(f"{n}/{total}"), f"page {n} has no page number"
    starts = case_start_pages(path, collection_id)
    assert starts == sorted(starts) and len(set(starts)) == len(starts) and starts[0] == 3
    return starts


def wait_for_pagination(page) -> None:
    """Paged.js lays the booklet out into A4 pages after the document loads."""
    page.wait_for_selector("html[data-paged=done]", state="attached", timeout=30000)
    assert page.eval_on_selector_all(".pagedjs_page", "pages => pages.length") > 2


@pytest.fixture(scope="module")
def print_url(sample_site, serve_dir):
    base = serve_dir(sample_site)
    return lambda collection_id: f"{base}/collections/{collection_id}/print/"


@pytest.mark.pdf
@pytest.mark.parametrize("collection_id", [DISPUTE, PUBLIC])
def test_print_page_prints_as_an_a4_booklet_in_chromium(page, print_url, tmp_path, collection_id):
    failed: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.goto(print_url(collection_id))
    wait_for_pagination(page)
    page.wait_for_load_state("networkidle")
    assert failed == []
    page.emulate_media(media="print")
    pdf = tmp_path / "booklet.pdf"
    pdf.write_bytes(page.pdf(format="A4", prefer_css_page_size=True))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Page size:\s+59[45](\.\d+)? x 84[12](\.\d+)? pts \(A4\)$", info, re.M), info
    check_booklet_pages(pdf, collection_id)
    everything = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for chrome in ("打印版", "Ctrl+P", "返回集锦", "打印本册", "投稿指南", "键入以开始搜索"):
        assert chrome not in everything, chrome


SCREEN = """() => {
  const box = e => { const r = e.getBoundingClientRect(); return {left: r.left, right: innerWidth - r.right,
                     top: r.top, bottom: r.bottom, width: r.width, height: r.height}; };
  const hint = document.querySelector('.cb-print-hint');
  const back = hint && hint.querySelector('a[href="../"]');
  const first = document.querySelector('.pagedjs_page');
  return {
    page: box(first), hint: hint && box(hint), hintShown: !!hint && getComputedStyle(hint).display !== 'none',
    hintText: hint ? hint.innerText : '', back: back && box(back), backText: back ? back.innerText : '',
    hintInPages: !!(hint && hint.closest('.pagedjs_pages')),
    desk: getComputedStyle(document.body).backgroundColor, sheet: getComputedStyle(first).backgroundColor,
  };
}"""


def test_print_page_on_screen_shows_centred_sheets_on_a_desk_with_the_hint_and_the_way_back(page, print_url):
    url = print_url(DISPUTE)
    overflow = look(page, url, "collection-print", ready=wait_for_pagination)
    assert overflow == {"desktop": 0, "phone": 0}
    for width, height in ((1366, 850), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(url)
        wait_for_pagination(page)
        shown = page.evaluate(SCREEN)
        assert shown["desk"] == "rgb(217, 217, 217)" and shown["sheet"] == "rgb(255, 255, 255)", shown
        assert abs(shown["page"]["left"] - shown["page"]["right"]) <= 2, shown  # centred
        assert shown["hintShown"] and not shown["hintInPages"], shown  # above the pages, not printed in them
        assert shown["hint"]["height"] > 0 and shown["hint"]["bottom"] <= shown["page"]["top"], shown
        assert "Ctrl+P" in shown["hintText"] and "另存为 PDF" in shown["hintText"], shown
        assert shown["backText"] == "← 返回集锦" and shown["back"]["width"] > 0, shown
        assert 0 <= shown["back"]["top"] < height, shown  # seen without scrolling
        if width == 1366:
            assert shown["page"]["left"] > 200  # a whole A4 sheet (794 px) in the middle
            assert round(shown["page"]["width"]) == 794
        else:  # zoomed to the phone's width
            assert 360 <= shown["page"]["width"] <= 390 - 2 * 4, shown
    page.click("text=← 返回集锦")
    page.wait_for_url(url.replace("print/", ""))
    page.goto(url)
    wait_for_pagination(page)
    page.emulate_media(media="print")  # on paper: the sheets only
    assert page.evaluate("getComputedStyle(document.querySelector('.cb-print-hint')).display") == "none"


def test_collection_page_shows_the_pdf_and_print_buttons_at_desktop_and_phone_size(page, print_url):
    url = print_url(DISPUTE).replace("print/", "")
    assert look(page, url, "collection-page") == {"desktop": 0, "phone": 0}
    for width, height in ((1366, 850), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(url)
        for name in ("下载 PDF", "打印版（A4 小册子）"):
            button = page.locator(".cb-booklet-links a", has_text=name)
            assert button.is_visible(), (width, name)
            box = button.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, (width, name, box)
    with page.expect_download() as download:
        page.click("text=下载 PDF")
    assert download.value.suggested_filename == "矛盾纠纷化解品牌集锦.pdf"


@pytest.mark.pdf
def test_print_page_contents_give_page_numbers_in_chromium(page, print_url, tmp_path):
    # Chromium has no CSS target-counter(): the print page is paginated by Paged.js (vendored),
    # which fills in the page each case starts on, as WeasyPrint does for the PDF.
    page.goto(print_url(DISPUTE))
    wait_for_pagination(page)
    page.emulate_media(media="print")
    pdf = tmp_path / "booklet.pdf"
    pdf.write_bytes(page.pdf(format="A4", prefer_css_page_size=True))
    contents = page_text(pdf, 2)
    starts = case_start_pages(pdf, DISPUTE)
    assert len(starts) == len(case_ids(DISPUTE))
    for number, (case_id, start) in enumerate(zip(case_ids(DISPUTE), starts), 1):
        title = case_front(case_id)["title"]
        assert re.search(rf"{number}\. {re.escape(title)}.*\D{start}\s*$", contents, re.M), (title, start, contents)


def test_print_page_toc_links_to_every_case_on_the_page(sample_site):
    html = read(sample_site, f"collections/{DISPUTE}/print")
    start = html.index('<nav class="cb-booklet-toc"')
    toc = html[start:html.index("</nav>", start)]
    targets = re.findall(r'<a href="#(case-[a-z0-9-]+)">', toc)
    assert targets == [f"case-{c}" for c in case_ids(DISPUTE)]
    for target in targets:
        assert f'<article class="cb-booklet-case" id="{target}">' in html
    # every case in full: its sections, its results table, its image
    assert html.count('<table class="cb-booklet-results">') == sum(1 for c in case_ids(DISPUTE) if case_front(c).get("results"))
    assert html.count('<h2 id="cb-shawan-2023-001-background">背景</h2>') == 1
    assert re.search(r'<img alt="[^"]*" src="\.\./\.\./\.\./cases/shawan-2023-001/tiaojieshi\.png"', html)


# --- casebook booklet (WeasyPrint) ---------------------------------------------------

@pytest.fixture(scope="module")
def sample_project(tmp_path_factory) -> Path:
    return copy_sample(tmp_path_factory.mktemp("booklet") / "project")


@pytest.fixture(scope="module")
def booklet(sample_project, tmp_path_factory):
    out = tmp_path_factory.mktemp("pdf") / "dispute.pdf"
    result = run("booklet", DISPUTE, "--project", sample_project, "--out", out)
    return result, out


@pytest.mark.pdf
def test_booklet_command_writes_the_pdf_and_says_only_that(booklet):
    result, out = booklet
    assert result.exit_code == 0, result.output
    assert result.stdout == f"已生成小册子 {out}（{pdf_pages(out)} 页）\n"
    assert result.stderr == ""  # WeasyPrint's thirty progress lines only with --verbose
    assert out.read_bytes().startswith(b"%PDF-")


@pytest.mark.pdf
def test_booklet_verbose_shows_weasyprints_progress(sample_project, tmp_path):
    out = tmp_path / "dispute.pdf"
    result = run("booklet", DISPUTE, "--project", sample_project, "--out", out, "--verbose")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"已生成小册子 {out}（{pdf_pages(out)} 页）\n"
    progress = result.stderr.splitlines()
    assert "  Step 1 - Fetching and parsing HTML - HTML string" in progress
    assert "  Step 5 - Creating layout - Page 3" in progress
    assert progress[-1] == "  Step 7 - Adding PDF metadata"


@pytest.mark.pdf
def test_booklet_pdf_has_cover_contents_and_every_case_in_order(booklet):
    check_booklet_pages(booklet[1], DISPUTE)


@pytest.mark.pdf
def test_booklet_contents_give_the_page_each_case_starts_on(booklet):
    _, out = booklet
    starts = case_start_pages(out, DISPUTE)
    contents = page_text(out, 2)
    units = registry("units")
    for number, (case_id, start) in enumerate(zip(case_ids(DISPUTE), starts), 1):
        title, unit = case_front(case_id)["title"], units[case_id.rsplit("-", 2)[0]]
        line = re.search(rf"^\s*{number}\. {re.escape(title)}\s+{re.escape(unit)}\s*\.{{5,}}\s*(\d+)\s*$", contents, re.M)
        assert line, (title, contents)
        assert int(line.group(1)) == start, title
        assert squash(page_text(out, start)).find(squash(title)) != -1  # pdftotext -f N -l N agrees


@pytest.mark.pdf
def test_booklet_has_every_case_in_full(booklet):
    _, out = booklet
    starts = case_start_pages(out, DISPUTE)
    ends = [n - 1 for n in starts[1:]] + [pdf_pages(out)]
    for case_id, first, last in zip(case_ids(DISPUTE), starts, ends):
        pages = squash("".join(page_text(out, n) for n in range(first, last + 1)))
        front = case_front(case_id)
        assert squash(front["summary"]) in pages, case_id
        assert squash(notes(DISPUTE)[case_id]) in pages, case_id
        for heading in ("背景", "做法", "成效", "可复制经验"):
            assert heading in pages, (case_id, heading)
        for result in front.get("results") or ():
            assert squash(f"{result['indicator']}{result['before']}{result['after']}") in pages, (case_id, result)
    images = subprocess.run(["pdfimages", "-list", str(out)], capture_output=True, text=True, check=True).stdout
    image_pages = [int(line.split()[0]) for line in images.splitlines()[2:]]
    shawan = starts[case_ids(DISPUTE).index("shawan-2023-001")]
    assert 1 in image_pages  # the cover
    assert any(shawan <= n < starts[1] for n in image_pages)  # the case's own photo


@pytest.mark.pdf
def test_booklet_never_links_into_the_editors_disk(booklet, sample_project, tmp_path):
    _, out = booklet
    urls = subprocess.run(["pdfinfo", "-url", str(out)], capture_output=True, text=True, check=True).stdout
    assert "file:" not in urls and str(sample_project) not in urls
    assert "下载：工作流程" in subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    # with the site's address known, the attachment link points at the published file
    config = sample_project / "mkdocs.yml"
    project = copy_sample(tmp_path / "p")
    (project / "mkdocs.yml").write_text("site_url: https://anli.example.gov.cn/\n" + config.read_text(encoding="utf-8"),
                                        encoding="utf-8")
    linked = tmp_path / "linked.pdf"
    assert run("booklet", DISPUTE, "--project", project, "--out", linked).exit_code == 0
    urls = subprocess.run(["pdfinfo", "-url", str(linked)], capture_output=True, text=True, check=True).stdout
    assert "https://anli.example.gov.cn/cases/shawan-2023-001/liucheng.pdf" in urls


def pdf_fonts(path: Path) -> list[tuple[str, str]]:
    """(name, embedded) of every font pdffonts lists."""
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return [(row.split()[0], row.split()[-5]) for row in fonts.splitlines()[2:]]


NOTO = Path("/usr/share/fonts/opentype/noto")  # Debian's fonts-noto-cjk (.ci/run installs it)


def face(file: str, family: str) -> TTFont:
    """The face of a Noto CJK collection whose family is ``family``."""
    for number in range(10):
        font = TTFont(NOTO / file, fontNumber=number, lazy=True)
        if font["name"].getBestFamilyName() == family:
            return font
    raise AssertionError(f"no {family} in {file}")


def glyph_of(font: TTFont, char: str) -> int:
    return font.getGlyphID(font.getBestCmap()[ord(char)])


@pytest.mark.pdf
def test_booklet_embeds_the_simplified_chinese_noto_regular_and_bold(booklet):
    # A subset of the font Casebook asks for, Regular and Bold, never a system fallback
    # (which would differ per machine), never the Japanese face of the collection.
    fonts = pdf_fonts(booklet[1])
    assert all(embedded == "yes" for _name, embedded in fonts), fonts
    assert sorted(re.sub(r"^[A-Z]{6}\+", "", name) for name, _ in fonts) == ["Noto-Serif-CJK-SC", "Noto-Serif-CJK-SC-Bold"]


@pytest.mark.pdf
def test_booklet_sets_lead_ins_summaries_and_editors_notes_in_bold(booklet):
    glyphs = glyphs_by_font(booklet[1])
    bold = glyphs["Noto-Serif-CJK-SC-Bold"]
    # the lead-ins of shawan-2023-001's steps (**建一个固定阵地。**), "摘要：" and the note's title
    for words in ("建一个固定阵地。", "开一场流动的会。", "摘要：", "编者按"):
        assert all(ch in bold for ch in words), words
    # and the glyphs drawn in bold are the Bold face's own (not the Regular one made heavier)
    bold_face = face("NotoSerifCJK-Bold.ttc", "Noto Serif CJK SC")
    assert bold["阵"] == {glyph_of(bold_face, "阵")}


@pytest.mark.pdf
def test_booklet_draws_the_simplified_chinese_glyph_forms(booklet):
    # Noto CJK's collections start with the Japanese face: 直 there is glyph 27745, the Chinese
    # form 27746. Every character must be drawn with the glyph the SC face maps it to.
    glyphs = glyphs_by_font(booklet[1])
    faces = {"Noto-Serif-CJK-SC": "NotoSerifCJK-Regular.ttc", "Noto-Serif-CJK-SC-Bold": "NotoSerifCJK-Bold.ttc"}
    for name, file in faces.items():
        sc, jp = face(file, "Noto Serif CJK SC"), face(file, "Noto Serif CJK JP")
        wrong = {ch: ids for ch, ids in glyphs[name].items() if ids != {glyph_of(sc, ch)}}
        assert wrong == {}, name
        forms = [ch for ch in glyphs[name] if glyph_of(sc, ch) != glyph_of(jp, ch)]
        assert len(forms) > 30, name  # the test would notice the Japanese face
    assert glyph_of(face("NotoSerifCJK-Regular.ttc", "Noto Serif CJK JP"), "直") != glyph_of(
        face("NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC"), "直")
    assert "直" in glyphs["Noto-Serif-CJK-SC"]  # 直接 (shawan-2023-001's background)


@pytest.mark.pdf
def test_booklet_with_a_font_collection_given_uses_its_chinese_faces(sample_project, tmp_path):
    out = tmp_path / "sans.pdf"
    result = run("booklet", DISPUTE, "--project", sample_project, "--out", out,
                 "--font", NOTO / "NotoSansCJK-Regular.ttc")
    assert result.exit_code == 0, result.output
    names = sorted(re.sub(r"^[A-Z]{6}\+", "", name) for name, _ in pdf_fonts(out))
    assert names == ["Noto-Sans-CJK-SC", "Noto-Sans-CJK-SC-Bold"]
    glyphs = glyphs_by_font(out)["Noto-Sans-CJK-SC"]
    assert glyphs["直"] == {glyph_of(face("NotoSansCJK-Regular.ttc", "Noto Sans CJK SC"), "直")}


@pytest.mark.pdf
def test_booklet_refuses_a_font_fontconfig_does_not_know(tmp_path):
    # An installed family that fontconfig cannot find would silently become some other font.
    from generator.config import load_config
    from generator.model import build_site
    from generator.pdf import BookletError, BookletFont, booklet_pdf
    from generator.validate import validate_project

    config, _ = load_config(copy_sample(tmp_path / "p"))
    site = build_site(validate_project(config, "internal")[1], "internal")
    font = BookletFont(NOTO / "NotoSerifCJK-Regular.ttc", family="Casebook Nonexistent CJK SC", installed=True)
    with pytest.raises(BookletError) as caught:
        booklet_pdf(site, site.collections[0], config.cases_dir, font)
    assert caught.value.code == "font-unused"
    assert caught.value.params["family"] == "Casebook Nonexistent CJK SC"


@pytest.mark.pdf
def test_every_character_of_the_booklet_is_in_the_embedded_font(booklet):
    cmap = face("NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC").getBestCmap()
    everything = subprocess.run(["pdftotext", str(booklet[1]), "-"], capture_output=True, text=True, check=True).stdout
    assert "\ufffd" not in everything
    chars = {ch for ch in everything if not ch.isspace()}
    assert "调" in chars and "“" in chars
    assert sorted(ch for ch in chars if ord(ch) not in cmap) == []


@pytest.mark.pdf
def test_booklet_of_the_public_edition(sample_project, tmp_path):
    out = tmp_path / "public.pdf"
    result = run("booklet", PUBLIC, "--project", sample_project, "--out", out, "--edition", "public")
    assert result.exit_code == 0, result.output
    check_booklet_pages(out, PUBLIC)
    everything = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "联系人" not in everything  # contacts stay internal


@pytest.mark.parametrize("args, message", [
    (["nope"], "Error: 集锦“nope”不存在（或不属于内网版（internal））：应为以下之一：public-2025, dispute-brands\n"),
    ([DISPUTE, "--edition", "public"], f"Error: 集锦“{DISPUTE}”不存在（或不属于公开版（public））：应为以下之一：public-2025\n"),
    ([DISPUTE, "--font", "/nonexistent.ttf"],
     "Error: 找不到中文字体 /nonexistent.ttf：请安装 fonts-noto-cjk（apt-get install fonts-noto-cjk），或用 --font 指定字体文件\n"),
    ([DISPUTE, "--font", "/nonexistent.ttf", "--lang", "en"],
     "Error: no CJK font at /nonexistent.ttf: install fonts-noto-cjk or give a font file with --font\n"),
])
@pytest.mark.pdf
def test_booklet_failure_exits_1_and_leaves_the_old_pdf(sample_project, tmp_path, args, message):
    out = tmp_path / "old.pdf"
    out.write_bytes(b"%PDF-1.7 the booklet from last week")
    result = run("booklet", *args, "--project", sample_project, "--out", out)
    assert result.exit_code == 1
    assert result.stderr == message
    assert out.read_bytes() == b"%PDF-1.7 the booklet from last week"
    assert os.listdir(tmp_path) == ["old.pdf"]


@pytest.mark.pdf
def test_booklet_failure_writes_no_new_file(sample_project, tmp_path):
    result = run("booklet", "nope", "--project", sample_project, "--out", tmp_path / "new.pdf")
    assert result.exit_code == 1
    assert os.listdir(tmp_path) == []


@pytest.mark.pdf
def test_booklet_font_from_the_configuration(tmp_path):
    project = copy_sample(tmp_path / "project")
    yml = project / "mkdocs.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("  - casebook\n", "  - casebook:\n      booklet_font: fonts/cjk.otf\n"),
                   encoding="utf-8")
    result = run("booklet", DISPUTE, "--project", project, "--out", tmp_path / "x.pdf")
    assert result.exit_code == 1
    assert f"找不到中文字体 {project.resolve() / 'fonts' / 'cjk.otf'}" in result.stderr


@pytest.mark.pdf
def test_a_crash_while_writing_keeps_the_old_pdf(sample_project, tmp_path, monkeypatch):
    from weasyprint.document import Document

    def crash(self, target=None, **options):
        Path(target).write_bytes(b"%PDF-1.7 half")
        raise RuntimeError("disk full")

    monkeypatch.setattr(Document, "write_pdf", crash)
    out = tmp_path / "old.pdf"
    out.write_bytes(b"%PDF-1.7 the booklet from last week")
    with pytest.raises(RuntimeError, match="disk full"):
        run("booklet", DISPUTE, "--project", sample_project, "--out", out)
    assert out.read_bytes() == b"%PDF-1.7 the booklet from last week"
    assert os.listdir(tmp_path) == ["old.pdf"]


# --- PDFs on the site ------------------------------------------------------------------

def test_the_public_edition_publishes_only_the_public_collections_pdf(public_site):
    assert sorted(p.relative_to(public_site).as_posix() for p in (public_site / "collections").rglob("*.pdf")) == [
        f"collections/{PUBLIC}/{PUBLIC}.pdf"]
    pdf = public_site / "collections" / PUBLIC / f"{PUBLIC}.pdf"
    check_booklet_pages(pdf, PUBLIC)
    everything = squash(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout)
    assert "联系人" not in everything  # contacts stay internal
    for case_id in internal_only_cases():
        assert squash(case_front(case_id)["title"]) not in everything, case_id


def test_a_build_without_weasyprint_links_the_print_page_only_and_says_so_once(tmp_path):
    # WeasyPrint (the pdf extra) is optional: stand in a copy that cannot be imported.
    fake = tmp_path / "none" / "weasyprint"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text('raise ImportError("No module named weasyprint")\n', encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path / "none"), str(REPO)])}
    project = copy_sample(tmp_path / "project")
    result = subprocess.run([sys.executable, "-m", "generator.cli", "build", str(project), "--site-dir",
                             str(tmp_path / "site")], capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 0, result.stderr
    notes = [line for line in result.stderr.splitlines() if "PDF" in line]
    assert notes == ["INFO    -  集锦页不提供 PDF 下载，只有打印版：生成 PDF 需要 WeasyPrint：请运行 pip install 'casebook[pdf]'"]
    assert list((tmp_path / "site" / "collections").rglob("*.pdf")) == []
    html = content(read(tmp_path / "site", f"collections/{DISPUTE}"))
    assert "下载 PDF" not in html
    assert '<a class="md-button" href="print/">打印版（A4 小册子）</a>' in html
    assert "下载 PDF" not in read(tmp_path / "site", f"collections/{DISPUTE}/print")


def test_a_rebuild_renders_only_the_booklets_whose_collection_changed(tmp_path):
    project = copy_sample(tmp_path / "project")
    first = build(project, tmp_path / "site")
    assert "INFO    -  集锦的 PDF 小册子：2 个，其中 0 个没有变化、取自缓存（" in first.stderr
    pdf = tmp_path / "site" / "collections" / DISPUTE / f"{DISPUTE}.pdf"
    before = pdf.read_bytes()
    again = build(project, tmp_path / "site")
    assert "INFO    -  集锦的 PDF 小册子：2 个，其中 2 个没有变化、取自缓存（" in again.stderr
    assert pdf.read_bytes() == before
    yml = project / "cases" / "collections" / f"{DISPUTE}.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("对照学习", "对照学习借鉴"), encoding="utf-8")
    edited = build(project, tmp_path / "site")
    assert "INFO    -  集锦的 PDF 小册子：2 个，其中 1 个没有变化、取自缓存（" in edited.stderr
    assert "对照学习借鉴" in subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert len(list((project / ".casebook-cache" / "booklets" / "internal").iterdir())) == 2  # the old one is gone


def test_a_build_told_not_to_render_booklets_links_the_print_page_only(tmp_path):
    project = copy_sample(tmp_path / "project")
    yml = project / "mkdocs.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("  - casebook\n", "  - casebook:\n      booklet_pdf: false\n"),
                   encoding="utf-8")
    result = build(project, tmp_path / "site")
    assert result.exit_code == 0, result.output
    assert "PDF" not in result.stderr
    assert list((tmp_path / "site" / "collections").rglob("*.pdf")) == []
    assert "下载 PDF" not in read(tmp_path / "site", f"collections/{DISPUTE}")


def test_a_build_without_the_cjk_font_links_the_print_page_only(tmp_path):
    project = copy_sample(tmp_path / "project")
    yml = project / "mkdocs.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("  - casebook\n", "  - casebook:\n      booklet_font: fonts/cjk.otf\n"),
                   encoding="utf-8")
    result = build(project, tmp_path / "site")
    assert result.exit_code == 0, result.output
    assert f"集锦页不提供 PDF 下载，只有打印版：找不到中文字体 {project.resolve() / 'fonts' / 'cjk.otf'}" in result.stderr
    assert list((tmp_path / "site" / "collections").rglob("*.pdf")) == []
    assert "下载 PDF" not in read(tmp_path / "site", f"collections/{DISPUTE}")


# --- the Atom feed -------------------------------------------------------------------

def feed_entries(site: Path) -> list[dict]:
    root = ET.parse(site / "feed.xml").getroot()
    entries = []
    for entry in root.findall(f"{ATOM}entry"):
        links = [l for l in entry.findall(f"{ATOM}link") if l.get("rel", "alternate") == "alternate"]
        assert len(links) == 1
        entries.append({
            "id": entry.findtext(f"{ATOM}id"),
            "title": entry.findtext(f"{ATOM}title"),
            "updated": entry.findtext(f"{ATOM}updated"),
            "summary": entry.findtext(f"{ATOM}summary"),
            "kind": entry.find(f"{ATOM}category").get("term"),
            "url": urlsplit(urljoin("http://site/feed.xml", links[0].get("href"))).path.strip("/"),
        })
    return entries


def stamp(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


def test_feed_is_valid_atom_for_an_xml_parser(sample_site):
    data = (sample_site / "feed.xml").read_bytes()
    assert data.startswith(b"<?xml version='1.0' encoding='utf-8'?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"")
    root = ET.fromstring(data)
    assert root.tag == f"{ATOM}feed"
    assert root.findtext(f"{ATOM}title") == "三江县公安局 · 案例库"
    assert root.findtext(f"{ATOM}id")
    assert root.findtext(f"{ATOM}author/{ATOM}name")
    entries = feed_entries(sample_site)
    assert stamp(root.findtext(f"{ATOM}updated")) == max(stamp(e["updated"]) for e in entries)
    assert len({e["id"] for e in entries}) == len(entries)
    for e in entries:
        assert e["id"] and e["title"] and e["summary"], e
        assert stamp(e["updated"]).tzinfo is not None


def test_feed_is_valid_atom_for_feedparser(sample_site):
    feed = feedparser.parse((sample_site / "feed.xml").read_bytes())
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == "三江县公安局 · 案例库"
    assert feed.feed.updated_parsed
    assert len(feed.entries) == len(feed_entries(sample_site))
    for entry in feed.entries:
        assert entry.title and entry.link and entry.summary and entry.updated_parsed and entry.id


def test_feed_entries_newest_first_link_to_their_pages(sample_site):
    entries = feed_entries(sample_site)
    assert [stamp(e["updated"]) for e in entries] == sorted((stamp(e["updated"]) for e in entries), reverse=True)
    for e in entries:
        page = sample_site / e["url"] / "index.html"
        assert page.is_file(), e
        assert f"<h1>{e['title']}</h1>" in page.read_text(encoding="utf-8"), e


def test_feed_has_every_published_case_and_collection(sample_site):
    entries = feed_entries(sample_site)
    cases = {p.name for p in (sample_site / "cases").iterdir() if (p / "index.html").is_file()}
    assert {e["url"] for e in entries if e["kind"] == "case"} == {f"cases/{c}" for c in cases}
    assert {e["url"] for e in entries if e["kind"] == "collection"} == {f"collections/{DISPUTE}", f"collections/{PUBLIC}"}
    by_url = {e["url"]: e for e in entries}
    dispute = by_url[f"collections/{DISPUTE}"]
    assert dispute["updated"].startswith("2025-06-30")
    # the intro's first paragraph as plain text: whole, without Markdown marks
    assert dispute["summary"] == ("“小事不出村，大事不出镇。”本集锦收录沙湾“和事佬”调解室及其在青石、河东的复制推广，"
                                  "供各所在矛盾纠纷化解一项对照学习。")
    shawan = by_url["cases/shawan-2023-001"]
    assert shawan["summary"] == case_front("shawan-2023-001")["summary"]
    assert shawan["updated"].startswith(str(case_front("shawan-2023-001")["date"]))


def test_public_feed_has_only_public_items(public_site):
    entries = feed_entries(public_site)
    assert {e["url"] for e in entries if e["kind"] == "collection"} == {f"collections/{PUBLIC}"}
    hidden = set(internal_only_cases())
    for e in entries:
        assert (public_site / e["url"] / "index.html").is_file(), e
        if e["kind"] == "case":
            assert e["url"].split("/")[1] not in hidden
            assert case_front(e["url"].split("/")[1])["visibility"] == "public"
    data = (public_site / "feed.xml").read_text(encoding="utf-8")
    assert "矛盾纠纷化解品牌集锦" not in data and DISPUTE not in data


def test_two_builds_give_the_same_feed_and_booklets(sample_site, public_site, tmp_path):
    import weasyprint.pdf.metadata  # noqa: F401  registers XML namespaces process-wide, as a booklet does
    again = build(copy_sample(tmp_path / "project"), tmp_path / "site")
    assert again.exit_code == 0, again.output
    assert (tmp_path / "site" / "feed.xml").read_bytes() == (sample_site / "feed.xml").read_bytes()
    for collection_id in (DISPUTE, PUBLIC):
        pdf = f"collections/{collection_id}/{collection_id}.pdf"
        assert (tmp_path / "site" / pdf).read_bytes() == (sample_site / pdf).read_bytes(), pdf
    assert (public_site / "feed.xml").read_bytes() != (sample_site / "feed.xml").read_bytes()
