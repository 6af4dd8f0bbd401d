"""The built sample site, page by page (real MkDocs + mkdocs-material build)."""
from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

pytestmark = pytest.mark.build

CASE = "shawan-2023-001"          # approved, public, with image + PDF, replicated by qingshi-2024-001
COPY = "qingshi-2024-001"         # replicated_from shawan-2023-001, replicated by hedong-2025-001
UNPUBLISHED = ["qingshi-2026-001", "sanjiang-2026-001", "shawan-2025-001", "hedong-2026-001"]  # drafts, submitted


def read(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def text(html: str) -> str:
    """Visible text of a page, without tags and with entities resolved."""
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def main_content(html: str) -> str:
    return html[html.index('<article class="md-content__inner'):html.index("</article>\n          </div>")] \
        if "</article>\n          </div>" in html else html[html.index('<article class="md-content__inner'):]


def test_case_page_shows_everything_about_the_case(sample_site):
    html = read(sample_site, f"cases/{CASE}")
    page = text(html)
    assert "<title>“和事佬”调解室进村化解邻里纠纷 - 三江县公安局 · 案例库</title>" in html
    assert '<a href="../../units/shawan/">沙湾派出所</a>' in html
    assert '<time datetime="2023-04-12">2023年4月12日</time>' in html
    assert ('href="../../criteria/dispute-resolution/"><span class="cb-chip__mark" aria-hidden="true">清单</span>'
            '矛盾纠纷化解</a>') in html
    assert 'href="../../tags/mediation/"><span class="cb-chip__mark" aria-hidden="true">#</span>矛盾调解</a>' in html
    assert "每周由社区民警带领老党员、乡贤进村开流动调解会" in page  # summary
    assert re.search(r"<td>邻里纠纷警情</td><td>每月 23 起</td><td>每月 9 起</td>", html)
    for section_id, title in [("background", "背景"), ("practice", "做法"), ("results", "成效"), ("replicable", "可复制经验")]:
        assert f'<h2 id="{section_id}">{title}</h2>' in html
    assert "王某某（所长）" in page  # contacts
    assert f'<a href="../{COPY}/">' in html  # replicated by


def test_case_attachments_are_published_next_to_the_page(sample_site):
    html = read(sample_site, f"cases/{CASE}")
    assert re.search(r'<img alt="[^"]*" src="tiaojieshi.png"', html)
    assert 'href="liucheng.pdf"' in html
    assert (sample_site / "cases" / CASE / "tiaojieshi.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (sample_site / "cases" / CASE / "liucheng.pdf").read_bytes()[:5] == b"%PDF-"


def test_replication_chain_links_both_ways(sample_site):
    html = read(sample_site, f"cases/{COPY}")
    assert "复制推广自" in html and f'href="../{CASE}/"' in html
    assert "复制推广到" in html and 'href="../hedong-2025-001/"' in html


def test_case_list_has_every_published_case_and_no_draft(sample_site, tmp_path):
    html = read(sample_site, "cases")
    cards = re.findall(r'<article class="cb-card" data-unit="([a-z0-9-]+)"', html)
    published = [p.name for p in (sample_site / "cases").iterdir() if p.is_dir() and (p / "index.html").exists()]
    assert len(cards) == len(published) == 17
    for case_id in UNPUBLISHED:
        assert case_id not in html
        assert not (sample_site / "cases" / case_id).exists()
    # without JavaScript the filter form stays hidden and every card is in the page
    assert '<form class="cb-filters" hidden ' in html
    assert 'data-unit="shawan" data-criteria="dispute-resolution community-policing" data-tags="mediation community rural" data-year="2023"' in html


def test_unit_page_shows_brand_counts_by_criterion_and_gaps(sample_site):
    html = read(sample_site, "units/shawan")
    page = text(html)
    assert "品牌：“和事佬”调解室" in page
    assert "小事不出村，大事不出镇" in page
    # shawan's two approved cases: 2023-001 (dispute-resolution, community-policing), 2024-001 (risk, patrol)
    rows = re.findall(r'<tr><th scope="row"><a href="../../criteria/([a-z-]+)/">([^<]+)</a></th><td>(\d+)</td></tr>', html)
    assert rows == [("dispute-resolution", "矛盾纠纷化解", "1"), ("community-policing", "社区警务", "1"),
                    ("patrol-prevention", "巡逻防控", "1"), ("risk-prevention", "风险隐患排查", "1")]
    gaps = re.search(r"尚无案例的创建清单项（(\d)/8）", page)
    assert gaps, page
    assert "科技赋能" in page[page.index("尚无案例的创建清单项"):]  # shawan has no smart-policing case


def test_unit_hierarchy(sample_site):
    html = read(sample_site, "units")
    tree = text(html)
    assert tree.index("三江县公安局") < tree.index("沙湾派出所")
    assert re.search(r"河东派出所.*河东派出所码头警务室", tree)


def test_criteria_coverage_table(sample_site):
    html = read(sample_site, "criteria")
    row = re.search(r'<tr><th scope="row"><a href="../units/shawan/">沙湾派出所</a></th>(.*?)</tr>', html).group(1)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row)
    assert len(cells) == 10  # eight criteria, the unit's cases and how many items they cover
    assert cells[-2] == '<a href="../cases/?unit=shawan">2</a>' and cells[-1] == "4/8"


def test_tag_pages(sample_site):
    html = read(sample_site, "tags/mediation")
    assert "<h1>#矛盾调解</h1>" in html
    assert "又称：纠纷调解" in text(html)
    assert f'href="../../cases/{CASE}/"' in html


def test_home_page_counts_and_newest(sample_site):
    page = text(read(sample_site, ""))
    assert "创建“枫桥式公安派出所”" in page  # the hand-written home text
    assert re.search(r"17 个案例", page)
    assert "最新案例" in page


def test_navigation_lists_sections_but_no_case_page(sample_site):
    html = read(sample_site, "units/shawan")
    start = html.index('<nav class="md-nav md-nav--primary')
    nav = html[start:html.index('<div class="md-content"')]
    for title in ["首页", "案例", "单位", "创建清单", "标签", "投稿指南"]:
        assert title in nav
    assert "cases/shawan" not in nav and "cases/qingshi" not in nav


def test_pages_are_chinese_and_need_no_other_host(sample_site):
    for path in sample_site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert re.search(r'<html lang="zh(-Hans)?"', html), path
        assert "fonts.googleapis.com" not in html and "unpkg.com" not in html, path
        # anything the browser would load by itself: scripts, images, stylesheets, icons
        loaded = re.findall(r'\ssrc="(https?://[^"]+)"', html) + re.findall(r'<link\b[^>]*\shref="(https?://[^"]+)"', html)
        assert not loaded, f"{path}: loads {loaded}"


def test_list_pages_show_every_card_but_search_finds_the_case_page_not_the_lists(sample_site):
    from search_index import records_by_url

    html = main_content(read(sample_site, "units/shawan"))
    cards = re.findall(r'<h3 class="cb-card__title"><a href="([^"]+)">', html)
    # each approved case once, newest first (no longer repeated under each of its criteria)
    assert cards == ["../../cases/shawan-2024-001/", "../../cases/shawan-2023-001/"]
    records = records_by_url(sample_site)
    unit_text = records["units/shawan/"]["meta"]["text"]
    assert "和事佬" in unit_text and "小事不出村" in unit_text  # the unit's own brand and slogan
    case_title = unescape(re.search(r'cases/shawan-2023-001/">([^<]+)</a>', html).group(1))
    assert case_title not in unit_text  # the card is indexed on the case page only
    assert records["cases/shawan-2023-001/"]["meta"]["title"] == case_title


def test_links_between_pages_are_the_shortest_relative_path():
    import posixpath

    from hypothesis import given, strategies as st

    from generator.pages import relative

    segment = st.sampled_from(["cases", "units", "a", "b", "print"])

    @given(st.lists(segment, max_size=3), st.lists(segment, max_size=4), st.sampled_from(["", "x.png", "a b.pdf"]))
    def check(here, there, file_name):
        from_url = "".join(f"{p}/" for p in here)  # a page: a directory URL
        to_url = "".join(f"{p}/" for p in there) + file_name  # a page or a file
        expected = posixpath.relpath("/" + to_url, "/" + from_url)
        expected = "./" if expected == "." else expected + ("/" if to_url.endswith("/") or not to_url else "")
        assert relative(from_url, to_url) == expected
        # and the link resolves to the target from the page's folder
        assert posixpath.normpath(posixpath.join("/" + from_url, relative(from_url, to_url))) == \
            posixpath.normpath("/" + to_url)

    check()
