"""Case lists are static pages of PAGE_SIZE cards, newest first, linked by a pager that needs
no JavaScript; a list page's size does not grow with the number of cases.

One project is built with the real MkDocs: 沙湾 has 120 cases (three pages), 青石 500 (the
size bound), 三江 3 (no pager). The test computes what each page must show from its own list
of cases, not from the generator.
"""
from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections import Counter
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from case_factory import CRITERIA_YML, TAGS_YML, UNITS_YML, Project
from conftest import build

pytestmark = pytest.mark.build

SIZE = 50  # generator.paging.PAGE_SIZE, pinned: a change to it is a change to what readers see
START = dt.date(2020, 1, 1)
UNITS = {"shawan": 120, "qingshi": 500, "sanjiang": 3}


@dataclass(frozen=True)
class Made:
    id: str
    unit: str
    title: str
    date: dt.date
    criteria: tuple[str, ...]
    tags: tuple[str, ...]


def made_cases() -> list[Made]:
    """Every case of the project; dates interleave the units so each list mixes them."""
    out = []
    day = 0
    for unit, count in UNITS.items():
        for i in range(1, count + 1):
            day += 1
            criteria = [("dispute-resolution",), ("community-policing",), ("dispute-resolution", "community-policing")][i % 3]
            tags = ("mediation",) if i % 4 == 0 else ("patrol",)
            out.append(Made(f"{unit}-{2020 + i // 200}-{i:03d}", unit, f"{unit}第{i}号案例",
                            START + dt.timedelta(days=(day * 7919) % 2000), criteria, tags))
    return out


CASES = made_cases()


def newest_first(cases: list[Made]) -> list[str]:
    return [c.id for c in sorted(cases, key=lambda c: (c.date, c.id), reverse=True)]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("paged")
    project = Project(root / "project")
    project.mkdocs()
    project.write("cases/units.yml", UNITS_YML)
    project.write("cases/criteria.yml", CRITERIA_YML)
    project.write("cases/tags.yml", TAGS_YML)
    for c in CASES:
        project.case(c.unit, c.id, front={"title": c.title, "date": c.date.isoformat(), "criteria": list(c.criteria),
                                          "tags": list(c.tags)})
    result = build(project.root, root / "site")
    assert result.exit_code == 0, result.output
    return root / "site"


class Links(HTMLParser):
    """Card links and pager entries of a built page, as a reader's browser sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.cards: list[str] = []  # href of each card's title link
        self.pager: list[tuple[str, str | None, dict]] = []  # (text, href, attributes) in order
        self.range: str | None = None  # the pager's "第 X–Y 个，共 N 个"
        self._title = self._in_pager = self._in_range = False
        self._a: dict | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag == "nav" and a.get("class") == "cb-pager":
            self._in_pager = True
        elif tag == "h3" and a.get("class") == "cb-card__title":
            self._title = True
        elif tag == "a" and self._title:
            self.cards.append(a["href"])
            self._title = False
        elif tag == "p" and self._in_pager and a.get("class") == "cb-pager__range":
            self._in_range, self._text = True, ""
        elif tag == "a" and self._in_pager:
            self._a, self._text = a, ""
        elif tag == "li" and self._in_pager and a.get("class") == "cb-pager__gap":
            self.pager.append(("…", None, a))

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav":
            self._in_pager = False
        elif tag == "p" and self._in_range:
            self.range, self._in_range = self._text, False
        elif tag == "a" and self._a is not None:
            self.pager.append((self._text.strip(), self._a.get("href"), self._a))
            self._a = None

    def handle_data(self, data: str) -> None:
        self._text += data


def parse(site: Path, url: str) -> tuple[str, Links]:
    html = (site / url / "index.html").read_text(encoding="utf-8")
    links = Links()
    links.feed(html)
    return html, links


def case_urls(page_url: str, hrefs: list[str]) -> list[str]:
    """Card hrefs resolved from the page: case ids."""
    return [posixpath.normpath(posixpath.join("/" + page_url, h)).split("/")[-1] for h in hrefs]


def list_pages(site: Path, first_url: str) -> list[str]:
    """Follow 下一页 from page 1 to the end: the URL of every page, as a reader walks them."""
    urls, url = [first_url], first_url
    while True:
        _, links = parse(site, url)
        nxt = [href for text, href, _ in links.pager if text == "下一页"]
        if not nxt:
            return urls
        url = posixpath.normpath(posixpath.join("/" + url, nxt[0])).lstrip("/") + "/"
        assert (site / url / "index.html").is_file(), url
        urls.append(url)


def test_the_case_list_is_paged_newest_first_and_every_case_is_on_exactly_one_page(site):
    urls = list_pages(site, "cases/")
    total = len(CASES)  # 623: 13 pages, the last with 23
    assert urls == ["cases/"] + [f"cases/page/{n}/" for n in range(2, 14)]
    seen = []
    for url in urls:
        _, links = parse(site, url)
        seen += case_urls(url, links.cards)
    assert seen == newest_first(CASES)
    assert len(seen) == len(set(seen)) == total


def test_a_unit_with_120_cases_has_three_pages_of_50_50_20(site):
    shawan = [c for c in CASES if c.unit == "shawan"]
    expected = newest_first(shawan)
    urls = list_pages(site, "units/shawan/")
    assert urls == ["units/shawan/", "units/shawan/page/2/", "units/shawan/page/3/"]
    pages = [case_urls(url, parse(site, url)[1].cards) for url in urls]
    assert [len(p) for p in pages] == [50, 50, 20]
    assert pages[0] == expected[:50]  # the 50 newest, in date order
    assert pages[2] == expected[100:]
    assert sum(pages, []) == expected
    ranges = [parse(site, url)[1].range for url in urls]
    assert ranges == ["第 1–50 个，共 120 个", "第 51–100 个，共 120 个", "第 101–120 个，共 120 个"]


def test_pager_links_work_without_javascript_and_mark_the_current_page(site):
    _, links = parse(site, "units/shawan/page/2/")
    shown = [(text, href, attrs.get("aria-current")) for text, href, attrs in links.pager]
    assert shown == [
        ("上一页", "../../", None),
        ("1", "../../", None),
        ("2", "./", "page"),
        ("3", "../3/", None),
        ("下一页", "../3/", None),
    ]
    for text, href, _ in links.pager:
        assert (site / posixpath.normpath(f"units/shawan/page/2/{href}") / "index.html").is_file(), text
    _, first = parse(site, "units/shawan/")
    assert [(t, h, a.get("aria-current")) for t, h, a in first.pager] == [
        ("1", "./", "page"), ("2", "page/2/", None), ("3", "page/3/", None), ("下一页", "page/2/", None)]
    _, last = parse(site, "units/shawan/page/3/")
    assert [t for t, _, _ in last.pager] == ["上一页", "1", "2", "3"]


def test_a_long_list_shows_first_last_and_neighbours_with_gaps(site):
    _, links = parse(site, "cases/page/7/")
    assert [(t, a.get("aria-current")) for t, _, a in links.pager] == [
        ("上一页", None), ("1", None), ("…", None), ("5", None), ("6", None), ("7", "page"), ("8", None), ("9", None),
        ("…", None), ("13", None), ("下一页", None)]
    hrefs = {t: h for t, h, _ in links.pager}
    assert hrefs["1"] == "../../" and hrefs["13"] == "../13/" and hrefs["5"] == "../5/"
    assert links.range == "第 301–350 个，共 623 个"


def test_pages_after_the_first_are_titled_outside_the_nav_and_link_back_to_the_filters(site):
    html, _ = parse(site, "cases/page/2/")
    assert "<title>全部案例（第 2 页） - 测试案例库</title>" in html
    assert "<h1>全部案例（第 2 页）</h1>" in html
    assert '<a href="../../">筛选与搜索</a>' in html
    assert 'class="cb-filters"' not in html and "cb-nomatch" not in html
    nav = html[html.index('<nav class="md-nav md-nav--primary'):html.index('<div class="md-content"')]
    assert "page/2" not in nav and "（第" not in nav
    unit_html, _ = parse(site, "units/shawan/page/3/")
    assert "<title>沙湾派出所（第 3 页） - 测试案例库</title>" in unit_html
    assert '<a href="../../">单位概况</a>' in unit_html


def test_the_first_page_keeps_the_filter_form_and_wraps_cards_and_pager_for_the_script(site):
    html, _ = parse(site, "cases/")
    assert '<form class="cb-filters" hidden role="search" aria-label="筛选案例">' in html
    assert '<p class="cb-count" aria-live="polite">共 <span class="cb-count__shown">623</span> 个案例</p>' in html
    assert '<div class="cb-nomatch" hidden>\n<p class="cb-nomatch__title">没有符合条件的案例</p>' in html
    block = html[html.index('<div class="cb-list">'):html.index('<div class="cb-nomatch"')]
    assert block.count('<article class="cb-card"') == SIZE and '<nav class="cb-pager" aria-label="分页">' in block


def test_a_list_of_fifty_or_fewer_has_no_pager(site):
    html, links = parse(site, "units/sanjiang/")
    assert case_urls("units/sanjiang/", links.cards) == newest_first([c for c in CASES if c.unit == "sanjiang"])
    assert "cb-pager" not in html and links.pager == []
    assert not (site / "units" / "sanjiang" / "page").exists()


def test_the_unit_page_counts_its_cases_per_criterion(site):
    html, _ = parse(site, "units/shawan/")
    counts = Counter(k for c in CASES if c.unit == "shawan" for k in c.criteria)
    rows = re.findall(r'<tr><th scope="row"><a href="([^"]+)">([^<]+)</a></th><td>(\d+)</td></tr>', html)
    assert rows == [("../../criteria/dispute-resolution/", "矛盾纠纷化解", str(counts["dispute-resolution"])),
                    ("../../criteria/community-policing/", "社区警务", str(counts["community-policing"]))]
    assert counts == {"dispute-resolution": 80, "community-policing": 80}
    assert "已发布案例 120 个" in html
    assert "<h2" not in html[html.index('<div class="cb-list">'):]  # cards are listed once, not per criterion


def test_criterion_and_tag_pages_are_paged_with_their_counts(site):
    for first_url, cases in [
        ("criteria/dispute-resolution/", [c for c in CASES if "dispute-resolution" in c.criteria]),
        ("tags/mediation/", [c for c in CASES if "mediation" in c.tags]),
    ]:
        html, _ = parse(site, first_url)
        assert f'<p class="cb-count">共 {len(cases)} 个案例</p>' in html
        urls = list_pages(site, first_url)
        assert len(urls) == -(-len(cases) // SIZE)
        assert sum((case_urls(u, parse(site, u)[1].cards) for u in urls), []) == newest_first(cases)


def test_list_pages_stay_small_however_many_cases_a_unit_has(site):
    assert len([c for c in CASES if c.unit == "qingshi"]) == 500
    for url in ["units/qingshi/", "units/qingshi/page/10/", "cases/", "cases/page/13/", "criteria/dispute-resolution/"]:
        size = (site / url / "index.html").stat().st_size
        assert size < 200_000, (url, size)


def test_the_feed_holds_the_newest_hundred(site):
    import xml.etree.ElementTree as ET

    atom = "{http://www.w3.org/2005/Atom}"
    root = ET.parse(site / "feed.xml").getroot()
    entries = root.findall(f"{atom}entry")
    assert len(entries) == 100
    assert [unescape(e.findtext(f"{atom}title")) for e in entries] == \
        [c.title for c in sorted(CASES, key=lambda c: (c.date, c.id), reverse=True)[:100]]


def test_a_reader_pages_without_javascript_and_the_filter_searches_beyond_the_first_page(site, browser, serve_dir):
    base = serve_dir(site)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base + "/units/shawan/")
    page.click('.cb-pager a[rel="next"]')
    assert page.url == base + "/units/shawan/page/2/"
    assert page.inner_text('.cb-pager [aria-current="page"]') == "2"
    page.click('.cb-pager a[aria-label="第 3 页"]')
    assert page.locator(".cb-card").count() == 20
    context.close()

    sanjiang = [c.id for c in CASES if c.unit == "sanjiang"]
    assert min(newest_first(CASES).index(c) for c in sanjiang) >= SIZE  # none of them is on page 1
    page = browser.new_page()
    page.goto(base + "/cases/?unit=sanjiang")
    page.wait_for_function("document.querySelector('.cb-count__shown').textContent === '3'")
    assert page.locator(".cb-list").is_hidden()
    found = page.eval_on_selector_all(".cb-found .cb-card__title a", "els => els.map(e => e.getAttribute('href'))")
    assert sorted(h.rstrip("/").split("/")[-1] for h in found) == sorted(sanjiang)
    page.close()
