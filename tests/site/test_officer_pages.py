"""What an officer meets around the cases: the home page's count tiles, the unit cards and
unit contacts, the 404 page, the side columns and the footer (the sample built with the real
MkDocs; layout measured in Chromium, screenshots in test-output/screenshots/)."""
from __future__ import annotations

import http.server
import re
import socketserver
import threading
from html import unescape
from pathlib import Path

import pytest
import yaml

from conftest import REPO, build, copy_sample, look, run

pytestmark = pytest.mark.build

UNITS = yaml.safe_load((REPO / "cases" / "units.yml").read_text(encoding="utf-8"))
CONTACTS = [u["contact"]["name"] for u in UNITS if u.get("contact")]


def read(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def article(html: str) -> str:
    """The page's own content, without the theme's header, navigation and footer."""
    return html[html.index('<article class="md-content__inner'):html.rindex("</article>")]


def statuses() -> dict[str, dict[str, int]]:
    """Unit id -> status -> number of the sample's cases (read from the case files)."""
    out: dict[str, dict[str, int]] = {}
    for path in (REPO / "cases").glob("*/*.md"):
        front = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
        by_status = out.setdefault(path.parent.name, {})
        by_status[front["status"]] = by_status.get(front["status"], 0) + 1
    return out


@pytest.fixture(scope="module")
def public_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("public")
    result = build(copy_sample(root / "project"), root / "site", "--edition", "public")
    assert result.exit_code == 0, result.output
    return root / "site"


# --- units ----------------------------------------------------------------------------------

def unit_cards(html: str) -> dict[str, str]:
    """Unit id -> the visible text of its card in the unit index."""
    cards = re.findall(r'<article class="cb-unit-card">(.*?)</article>', html, re.S)
    return {re.search(r'href="([a-z0-9-]+)/"', c).group(1): text(c) for c in cards}


def test_the_unit_index_shows_every_unit_as_a_card_with_brand_contact_and_count(sample_site):
    html = article(read(sample_site, "units"))
    cards = unit_cards(html)
    assert list(cards) == [u["id"] for u in UNITS if u.get("parent") is None] + [
        u["id"] for u in UNITS if u.get("parent") == "sanjiang"] + ["matou"]
    counts = statuses()
    for unit in UNITS:
        card = cards[unit["id"]]
        assert card.startswith(unit["name"]), card
        if unit.get("brand"):
            assert f"品牌 {unit['brand']['name']} {unit['brand']['slogan']}" in card, card
        else:
            assert "品牌" not in card
        if unit.get("contact"):
            assert f"联系人 {unit['contact']['name']}（{unit['contact']['role']}）" in card, card
        else:
            assert "联系人" not in card
        assert f"已发布案例 {counts.get(unit['id'], {}).get('approved', 0)} 个" in card, card
    assert "下属单位 5 个" in cards["sanjiang"] and "下属单位 1 个" in cards["hedong"]
    assert "下属单位" not in cards["shawan"]


def test_the_unit_index_keeps_the_hierarchy_visible(sample_site):
    html = article(read(sample_site, "units"))
    groups = re.findall(r'<section class="cb-unit-group">(.*?)</section>', html, re.S)
    assert len(groups) == 3
    assert "<h2" not in groups[0] and list(unit_cards(groups[0])) == ["sanjiang"]  # the top of the tree
    assert '<h2 id="under-sanjiang">三江县公安局 下属单位</h2>' in groups[1]
    assert list(unit_cards(groups[1])) == ["shawan", "qingshi", "hedong", "chengguan", "xunjing"]
    assert '<h2 id="under-hedong">河东派出所 下属单位</h2>' in groups[2]
    assert text(re.search(r'<p class="cb-unit-group__path">.*?</p>', groups[2]).group()) == "三江县公安局 › 河东派出所"
    assert list(unit_cards(groups[2])) == ["matou"]
    # the card's "下属单位" link leads to its group
    assert '<a href="#under-hedong">下属单位 1 个</a>' in html


def test_a_unit_page_names_its_contact(sample_site):
    assert "联系人：王某某（所长）" in text(article(read(sample_site, "units/shawan")))
    assert "联系人：周某（警务室民警）" in text(article(read(sample_site, "units/matou")))
    assert "联系人" not in text(article(read(sample_site, "units/xunjing")))  # it has none in units.yml


def test_the_public_edition_names_no_unit_contact(public_site):
    pages = [public_site / "units" / "index.html", *sorted((public_site / "units").glob("*/index.html"))]
    public_units = set()  # a unit has a page in the public edition when it has a public, approved case
    for path in (REPO / "cases").glob("*/*.md"):
        front = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
        if front.get("status") == "approved" and front.get("visibility") == "public":
            public_units.add(path.parent.name)
    assert sorted(p.parent.name for p in pages[1:]) == sorted(public_units) and len(public_units) >= 2
    for path in pages:
        page = text(article(path.read_text(encoding="utf-8")))
        assert "联系人" not in page, path
        for name in CONTACTS:
            assert name not in page, (path, name)
    # Nowhere else either (the contributor guide, an internal page, shows example names).
    for path in public_site.rglob("*.html"):
        if path.relative_to(public_site).parts[0] != "guide":
            html = path.read_text(encoding="utf-8")
            assert not [n for n in CONTACTS if n in html], path


# --- counts in a preview ---------------------------------------------------------------------

def test_a_preview_counts_published_submitted_and_drafts_apart(tmp_path):
    from test_preview import Preview

    preview = Preview(copy_sample(tmp_path / "p"))
    try:
        counts = statuses()
        status, unit = preview.get("units/shawan/")
        assert status == 200
        shawan = counts["shawan"]
        assert shawan.get("submitted") and not shawan.get("draft")  # the sample's submitted case
        said = f"已发布 {shawan['approved']} 个 · 待审核 {shawan['submitted']} 个 · 草稿 0 个"
        assert said in text(article(unit))
        assert "已发布案例" not in text(article(unit))  # nothing says "published" of all its cases
        assert said in unit_cards(article(preview.get("units/")[1]))["shawan"]
        sanjiang = counts["sanjiang"]
        assert (f"已发布 {sanjiang['approved']} 个 · 待审核 0 个 · 草稿 {sanjiang['draft']} 个"
                in unit_cards(article(preview.get("units/")[1]))["sanjiang"])
        home = text(article(preview.get("")[1]))
        published = sum(c.get("approved", 0) for c in counts.values())
        submitted = sum(c.get("submitted", 0) for c in counts.values())
        drafts = sum(c.get("draft", 0) for c in counts.values())
        assert f"{published} 个已发布案例" in home
        assert f"另有待审核 {submitted} 个、草稿 {drafts} 个，只在预览中显示" in home
        assert "本地预览（含草稿和待审核案例" in text(preview.get("")[1])  # the footer says so on every page
    finally:
        preview.stop()


# --- 404, side columns, footer -----------------------------------------------------------------

def test_the_404_page_is_chinese_with_ways_on(sample_site):
    html = (sample_site / "404.html").read_text(encoding="utf-8")
    assert "Not found" not in html
    assert "<title>页面不存在 - 三江县公安局 · 案例库</title>" in html
    page = article(html)
    assert "<h1>页面不存在</h1>" in page
    # MkDocs renders it for any missing address: links from the site root (site_url's path or /)
    assert '<a href="/">返回首页</a>' in page
    assert '<a href="/cases/">查看全部案例</a>' in page
    assert re.search(r'<form class="cb-notfound__search" action="/cases/" method="get"', page)
    assert 'name="q"' in page
    assert "页面顶部的搜索框" in page


def test_a_project_from_init_gets_the_chinese_404_and_its_nav_sections_keep_their_column(tmp_path):
    assert run("init", tmp_path / "bureau").exit_code == 0
    config = tmp_path / "bureau" / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - 投稿指南: guide.md", "  - 帮助:\n      - 投稿指南: guide.md\n      - 常见问题: faq.md"), encoding="utf-8")
    (tmp_path / "bureau" / "docs" / "faq.md").write_text("# 常见问题\n\n## 问一\n\n答一。\n", encoding="utf-8")
    result = build(tmp_path / "bureau", tmp_path / "site")
    assert result.exit_code == 0, result.output
    site = tmp_path / "site"
    assert "<h1>页面不存在</h1>" in (site / "404.html").read_text(encoding="utf-8")
    guide = read(site, "guide")  # in a nav section: its column lists the section's pages
    assert re.search(r'<div class="md-sidebar md-sidebar--primary"[^>]*data-md-type="navigation" >', guide)
    assert 'href="../faq/"' in guide[guide.index("md-sidebar--primary"):guide.index("md-content")]
    assert re.search(r'md-sidebar--primary"[^>]*data-md-type="navigation" hidden>', read(site, "units"))
    assert "示例县公安局 · 案例库 · 内网版，仅限内部使用" in text(read(site, "units"))


def test_side_columns_that_only_repeat_the_tab_or_stand_empty_are_hidden(sample_site):
    primary = r'data-md-type="navigation" (hidden)?>'
    toc = r'data-md-type="toc" (hidden)?>'
    for url in ["", "cases", "units", "units/shawan", "criteria", "tags", "collections", "guide",
                "cases/shawan-2023-001"]:
        assert re.search(primary, read(sample_site, url)).group(1) == "hidden", url
    assert re.search(toc, read(sample_site, "")).group(1) == "hidden"  # the home page has no headings in its TOC
    for url in ["cases/shawan-2023-001", "guide", "units"]:  # these have
        assert re.search(toc, read(sample_site, url)).group(1) is None, url


def test_the_footer_says_the_site_and_the_edition_and_a_project_copyright_wins(sample_site, public_site, tmp_path):
    assert text(read(sample_site, "units")).endswith("三江县公安局 · 案例库 · 内网版，仅限内部使用")
    assert "三江县公安局 · 案例库 · 公开版" in text(read(public_site, "units"))
    project = copy_sample(tmp_path / "p")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "copyright: 三江县公安局 2026\n", encoding="utf-8")
    assert build(project, tmp_path / "site").exit_code == 0
    page = text(read(tmp_path / "site", "units"))
    assert "三江县公安局 2026" in page and "内网版，仅限内部使用" not in page


# --- in the browser --------------------------------------------------------------------------

class _DeployedHandler(http.server.SimpleHTTPRequestHandler):
    """A web server that answers a missing address with the site's 404.html, as one is usually set up
    (nginx: `error_page 404 /404.html;`, Apache: `ErrorDocument 404 /404.html`)."""

    def log_message(self, *args) -> None:
        pass

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture(scope="module")
def base_url(sample_site):
    handler = lambda *a, **k: _DeployedHandler(*a, directory=str(sample_site), **k)  # noqa: E731
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


RECTS = "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })"


def test_home_count_tiles_sit_in_a_row_and_stack_on_a_phone(page, base_url):
    assert look(page, base_url + "/", "home") == {"desktop": 0, "phone": 0}
    for width, height in [(1366, 850), (390, 844)]:
        page.set_viewport_size({"width": width, "height": height})
        page.goto(base_url + "/")
        tiles = page.eval_on_selector_all(".cb-stats > li", RECTS)
        assert len(tiles) == 3
        # no list bullet beside a tile
        assert page.eval_on_selector_all(".cb-stats > li", "els => els.map(e => getComputedStyle(e).listStyleType)") \
            == ["none"] * 3
        assert page.eval_on_selector(".cb-stats", "e => getComputedStyle(e).listStyleType") == "none"
        if width == 1366:  # one row, left to right, not overlapping
            assert len({round(t[1]) for t in tiles}) == 1, tiles
            assert tiles[0][2] < tiles[1][0] and tiles[1][2] < tiles[2][0], tiles
            assert tiles[2][2] - tiles[0][0] > 800  # across the content, not squeezed to the left
        else:  # one above the other, each the width of the column
            assert tiles[0][3] <= tiles[1][1] and tiles[1][3] <= tiles[2][1], tiles
            assert len({round(t[0]) for t in tiles}) == 1
        # the feed link keeps its distance from the button, and says what it is
        button = page.eval_on_selector(".cb-home__more .md-button", "e => e.getBoundingClientRect().toJSON()")
        feed = page.eval_on_selector(".cb-feed a", "e => e.getBoundingClientRect().toJSON()")
        apart = max(feed["left"] - button["right"], feed["top"] - button["bottom"])
        assert apart >= 8, (button, feed)
        assert page.inner_text(".cb-feed a") == "订阅更新"
        assert "阅读器" in page.inner_text(".cb-feed small")
        assert "Atom" not in page.inner_text(".cb-home")


def test_unit_cards_sit_side_by_side_and_stack_on_a_phone(page, base_url):
    assert look(page, base_url + "/units/", "units") == {"desktop": 0, "phone": 0}
    for width, height in [(1366, 850), (390, 844)]:
        page.set_viewport_size({"width": width, "height": height})
        page.goto(base_url + "/units/")
        cards = page.eval_on_selector_all("#under-sanjiang ~ .cb-unit-cards .cb-unit-card", RECTS)
        assert len(cards) == 5
        if width == 1366:
            assert round(cards[0][1]) == round(cards[1][1]) == round(cards[2][1]), cards
        else:
            assert all(a[3] <= b[1] for a, b in zip(cards, cards[1:])), cards
    assert page.inner_text(".cb-unit-card:has(a[href='shawan/'])").count("王某某") == 1


def test_a_unit_page_fits_a_phone(page, base_url):
    assert look(page, base_url + "/units/shawan/", "unit-page") == {"desktop": 0, "phone": 0}
    assert page.is_visible("text=联系人：王某某（所长）")


def test_a_missing_page_says_so_in_chinese_and_leads_on(page, base_url):
    # a missing case, two folders deep: the 404 page's styles and links still work
    assert look(page, base_url + "/cases/no-such-case/", "404") == {"desktop": 0, "phone": 0}
    page.set_viewport_size({"width": 1366, "height": 850})
    response = page.goto(base_url + "/cases/no-such-case/")
    assert response.status == 404
    assert page.inner_text("h1") == "页面不存在"
    assert page.eval_on_selector(".md-header", "e => getComputedStyle(e).position") == "sticky"  # the theme's CSS loaded
    assert page.is_visible("input.cb-search__input")  # the header search box (search.js) is there too
    content = page.eval_on_selector(".md-content", "e => e.getBoundingClientRect().width")
    assert content > 1100  # no empty side columns at 1366 px
    page.click("text=查看全部案例")
    page.wait_for_url(base_url + "/cases/")
    page.goto(base_url + "/units/gone/")
    page.fill("#cb-notfound-q", "调解")
    page.press("#cb-notfound-q", "Enter")
    page.wait_for_url(re.compile(r"/cases/\?q=%E8%B0%83%E8%A7%A3$"))
    page.goto(base_url + "/units/gone/")
    page.click("text=返回首页")
    page.wait_for_url(base_url + "/")


def test_list_pages_give_the_content_the_width_and_the_phone_menu_stays(page, base_url):
    page.set_viewport_size({"width": 1366, "height": 850})
    for url in ["/", "/units/", "/criteria/", "/tags/"]:
        page.goto(base_url + url)
        assert not page.is_visible(".md-sidebar--primary"), url
        assert page.eval_on_selector(".md-content", "e => e.getBoundingClientRect().width") > 900, url
    page.goto(base_url + "/cases/shawan-2023-001/")
    assert page.is_visible(".md-sidebar--secondary .md-nav__link")  # a case keeps its table of contents
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base_url + "/units/")
    tags = ".md-sidebar--primary a.md-nav__link[href='../tags/']"
    assert page.eval_on_selector(tags, "e => e.getBoundingClientRect().right") <= 0  # the menu is closed
    page.click("label.md-header__button[for=__drawer]")
    page.wait_for_function(f"() => document.querySelector({tags!r}).getBoundingClientRect().left >= 0")
    assert page.inner_text(tags) == "标签"


def test_the_tag_cloud_has_no_bullets(page, base_url):
    assert look(page, base_url + "/tags/", "tags") == {"desktop": 0, "phone": 0}
    assert set(page.eval_on_selector_all(".cb-tag-cloud > li", "els => els.map(e => getComputedStyle(e).listStyleType)")) \
        == {"none"}
