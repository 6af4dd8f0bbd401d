"""The progress board's pages in a real build of the sample, and in Chromium."""
from __future__ import annotations

import re

import pytest

from conftest import SAMPLE_AS_OF, build, copy_sample, look

pytestmark = pytest.mark.build
AS_OF = SAMPLE_AS_OF


@pytest.fixture(scope="module")
def board_site(dated_site):
    return dated_site


def text(site, url: str) -> str:
    html = (site / url / "index.html").read_text(encoding="utf-8")
    html = html.split('<article class="md-content__inner md-typeset">', 1)[1].split("</article>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def test_the_board_shows_units_by_criteria_on_the_as_of_date(board_site):
    page = text(board_site, "progress")
    assert "截至 2026年12月1日 · 验收日期 2026年12月25日 ，还有 24 天" in page
    assert "节点：自查 2026年11月20日 ；验收 2026年12月25日" in page
    html = (board_site / "progress" / "index.html").read_text(encoding="utf-8")
    # shawan x dispute-resolution: dr-1 done, dr-2 in progress (due 12-25, not yet due soon)
    row = html.split('href="shawan/">沙湾派出所</a>', 1)[1].split("</tr>", 1)[0]
    cells = re.findall(r'<td data-label="([^"]+)" class="([^"]*)">(.*?)</td>', row)
    states = [next((c[len("cb-cell--"):] for c in classes.split() if c.startswith("cb-cell--") and c != "cb-cell--total"),
                   None) for _label, classes, _value in cells]
    assert [(label, state, re.sub(r"<[^>]+>", "", value)) for (label, _c, value), state in zip(cells, states)] == [
        ("矛盾纠纷化解", "in-progress", "1/2"), ("社区警务", "late-start", "1/2"), ("巡逻防控", "overdue", "0/2"),
        ("便民服务", "not-started", "0/1"), ("规范执法", "late-start", "0/1"), ("风险隐患排查", "done", "1/1"),
        ("科技赋能", "late-start", "0/1"), ("队伍建设", "late-start", "0/1"), ("合计", "overdue", "3/11")]
    assert re.search(r"合计 4/8 2/8 0/8 1/4 0/4 1/4 1/3 0/4 9/43", page), page


def test_a_units_page_lists_every_item_overdue_first(board_site):
    page = text(board_site, "progress/shawan")
    items = re.findall(r"(?:^| )([a-z]{2}-\d) ", page)
    assert items == ["pp-2", "pp-1", "dr-2", "cp-2", "ps-1", "le-1", "sp-1", "tb-1", "dr-1", "cp-1", "rp-1"]
    assert "专职调解员只有 2 名" in page  # the difficulties the unit reported
    html = (board_site / "progress" / "shawan" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../cases/shawan-2023-001/">“和事佬”调解室进村化解邻里纠纷</a>' in html  # evidence: a case
    assert 'href="%E7%BD%91%E6%A0%BC%E5%88%92%E5%88%86%E5%9B%BE.pdf">网格划分图.pdf</a>' in html  # a file
    assert (board_site / "progress" / "shawan" / "网格划分图.pdf").read_bytes().startswith(b"%PDF")


def test_the_people_page_lists_open_items_per_person(board_site):
    page = text(board_site, "progress/people")
    shawan = page.split("沙湾派出所", 1)[1].split("青石派出所", 1)[0]
    assert re.search(r"赵某 副所长 2 项，逾期 1 项 已逾期 建立街面“最小作战单元”巡防机制（巡逻防控）· 时限 2026年11月30日", shawan)
    assert "未明确责任人 5 项，逾期 1 项" in shawan


def test_the_board_is_in_the_navigation(board_site):
    html = (board_site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="progress/" class="md-tabs__link">\s*创建进度\s*</a>', html)


def test_two_builds_on_the_same_as_of_date_are_identical(board_site, tmp_path):
    project = copy_sample(tmp_path / "p")
    assert build(project, tmp_path / "again", "--as-of", AS_OF).exit_code == 0
    for url in ("progress", "progress/shawan", "progress/people"):
        assert (tmp_path / "again" / url / "index.html").read_bytes() == (board_site / url / "index.html").read_bytes()
    assert build(project, tmp_path / "later", "--as-of", "2026-12-21").exit_code == 0
    assert "截至 2026年12月21日" in text(tmp_path / "later", "progress")


def test_the_board_fits_a_desktop_and_a_phone(board_site, serve_dir, page):
    base = serve_dir(board_site)
    for url, name in (("progress/", "board"), ("progress/shawan/", "board-unit"), ("progress/people/", "board-people")):
        assert look(page, f"{base}/{url}", name) == {"desktop": 0, "phone": 0}, url
    # Every unit's whole row is seen without scrolling: the table's right edge is inside the window.
    for width, height in ((1366, 850), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{base}/progress/")
        right = page.eval_on_selector_all(".cb-board__table tr", "rows => Math.max(...rows.map(r => r.getBoundingClientRect().right))")
        assert right <= width, (width, right)
        cells = page.eval_on_selector_all(".cb-board__table tbody td", "cells => cells.map(c => c.getBoundingClientRect().right)")
        assert len(cells) == 4 * 9 and max(cells) <= width


def test_the_unit_page_links_to_its_progress(board_site):
    assert "创建进度：已完成 3/11 项， 已逾期 2 项 · 查看考核表明细" in text(board_site, "units/shawan")
    assert 'href="../../progress/shawan/">查看考核表明细</a>' in (board_site / "units/shawan/index.html").read_text("utf-8")
    assert "创建进度" not in text(board_site, "units/sanjiang")  # the bureau keeps no progress file


def test_the_criterion_page_names_the_units_behind_on_it(board_site):
    page = text(board_site, "criteria/community-policing")
    assert ("这一项进度落后的单位（3 个） 沙湾派出所 ：已完成 1/2， 应开始未开始 河东派出所 ：已完成 0/2， 已逾期 "
            "城关派出所 ：已完成 0/2， 已逾期") in page
    html = (board_site / "criteria/community-policing/index.html").read_text("utf-8")
    assert 'href="../../progress/shawan/#community-policing">沙湾派出所</a>' in html
