"""The statistics page (/stats/) as generated, without MkDocs: figures, sentences, SVG, editions.

The built site and the browser are in tests/site/test_stats_pages.py.
"""
from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest

from case_factory import AS_OF, TAGS_YML, Project
from generator.model import build_site
from generator.pages import build_pages
from generator.stats.charts import nice_step
from generator.stats.figures import coverage, heat_bounds, practices, timeline, unit_kinds
from generator.stats.review import review_of
from svg_charts import bars, parse, svgs

CRITERIA = """\
- id: dispute-resolution
  name: 矛盾纠纷化解
  description: 排查化解矛盾纠纷
- id: community-policing
  name: 社区警务
  description: 社区民警下沉网格
- id: team-building
  name: 队伍建设
  description: 从严管理
"""

UNITS = """\
- id: sanjiang
  name: 三江县公安局
- id: shawan
  name: 沙湾派出所
  parent: sanjiang
- id: matou
  name: 码头警务室
  parent: shawan
- id: xunjing
  name: 巡特警大队
  parent: sanjiang
- id: qingshi
  name: 青石派出所
  parent: sanjiang
"""


@pytest.fixture
def stats_project(tmp_path) -> Project:
    p = Project(tmp_path / "p")
    p.mkdocs()
    p.write("cases/units.yml", UNITS)
    p.write("cases/criteria.yml", CRITERIA)
    p.write("cases/tags.yml", TAGS_YML)
    for i, date in enumerate(["2024-01-05", "2024-03-10", "2024-03-20"], 1):
        p.case("shawan", f"shawan-2024-00{i}", front={"date": date, "title": f"沙湾做法{i}"})
    p.case("qingshi", "qingshi-2024-001", front={"date": "2024-05-02", "criteria": ["community-policing"],
                                                   "replicated_from": "shawan-2024-001", "visibility": "internal"})
    p.case("xunjing", "xunjing-2024-001", front={"date": "2024-06-01", "replicated_from": "qingshi-2024-001"})
    p.case("qingshi", "qingshi-2024-002", front={"date": "2024-02-01", "status": "submitted"})
    p.case("matou", "matou-2024-001", front={"date": "2024-04-01", "status": "draft"})
    return p


def stats_html(project: Project, edition: str = "internal", preview: bool = False) -> str:
    report, validated = project.check(edition=edition)
    assert report.ok, report.as_text("en")
    site = build_site(validated, edition, preview)
    pages, _files = build_pages(site, project.root / "cases", review=review_of(validated, edition, AS_OF))
    return next(p for p in pages if p.path == "stats/index.md").body


def readings(html: str) -> list[str]:
    return [unescape(re.sub(r"<[^>]+>", "", r)) for r in re.findall(r'<p class="cb-figure__reading">(.*?)</p>', html)]


def test_the_readings_name_the_unit_with_most_cases_and_the_item_without_any(stats_project):
    units, criteria, months, cover, spread, review = readings(stats_html(stats_project))
    assert units == "沙湾派出所案例最多（3 个），其次是巡特警大队、青石派出所（各 1 个）；5 个单位中 3 个已有案例，2 个还没有。"
    assert criteria == "矛盾纠纷化解的案例最多（4 个），队伍建设尚无单位提交案例。"
    assert months == "2024年1月至2024年6月共 5 个案例，最多的是2024年3月（2 个）。"
    assert cover == ("5 个单位 × 3 项共 15 格，3 格有案例，12 格空白；队伍建设还没有任何单位的案例；"
                     "覆盖最少的是三江县公安局（0/3 项）。")
    assert spread == ("1 个做法被复制推广，共复制 2 次；推广最多的是沙湾派出所的案例：沙湾做法1（复制 2 次，到 2 个其他单位）；"
                      "最长的推广链有 2 步（复制的案例又被复制）。")
    # 2024-02-01 to the as-of date 2026-06-15
    assert review == f"待审核 1 个，最早的一个已等待 {(AS_OF - dt.date(2024, 2, 1)).days} 天；草稿 1 个，已审核 5 个。"


def test_every_chart_is_an_svg_image_with_a_title_and_the_reading_as_description(stats_project):
    html = stats_html(stats_project)
    charts = svgs(html)
    assert list(charts) == ["cb-chart-units", "cb-chart-criteria", "cb-chart-months", "cb-chart-spread",
                            "cb-chart-review"]
    for chart_id, svg in charts.items():
        root = parse(svg)  # well-formed XML
        assert root.get("role") == "img"
        assert root.get("aria-labelledby") == f"{chart_id}-title {chart_id}-desc"
        title, desc = root[0], root[1]
        assert title.tag.endswith("title") and title.text and desc.tag.endswith("desc") and desc.text
    assert bars(charts["cb-chart-units"]) == [("沙湾派出所", "3"), ("巡特警大队", "1"), ("青石派出所", "1")]
    assert bars(charts["cb-chart-criteria"]) == [("矛盾纠纷化解", "4"), ("社区警务", "1"), ("队伍建设", "0")]
    assert bars(charts["cb-chart-review"]) == [("已审核", "5"), ("待审核", "1"), ("草稿", "1")]
    # stations and the bureau's own units are told apart
    assert re.findall(r'cb-chart__bar--(\w+)', charts["cb-chart-units"]) == ["station", "bureau", "station"]


def test_the_same_input_gives_byte_identical_charts(stats_project):
    assert svgs(stats_html(stats_project)) == svgs(stats_html(stats_project))


def test_the_public_edition_counts_public_cases_and_shows_no_review(stats_project):
    html = stats_html(stats_project, edition="public")
    # qingshi's case is internal: the chain through it is not drawn, xunjing's copy stands alone
    assert list(svgs(html)) == ["cb-chart-units", "cb-chart-criteria", "cb-chart-months"]
    assert bars(svgs(html)["cb-chart-units"]) == [("沙湾派出所", "3"), ("巡特警大队", "1")]
    assert "还没有案例注明复制推广自哪个案例" in html
    for word in ("审核", "草稿", "创建进度", 'id="review"'):
        assert word not in html
    assert "共 <strong>4</strong> 个公开案例" in html


def test_a_preview_charts_approved_cases_and_counts_the_others_apart(stats_project):
    html = stats_html(stats_project, preview=True)
    assert bars(svgs(html)["cb-chart-units"]) == [("沙湾派出所", "3"), ("巡特警大队", "1"), ("青石派出所", "1")]
    assert bars(svgs(html)["cb-chart-review"]) == [("已审核", "5"), ("待审核", "1"), ("草稿", "1")]


def test_the_heat_map_links_each_cell_with_cases_to_the_filtered_case_list(stats_project):
    html = stats_html(stats_project)
    html = html[html.index('<table class="cb-heatmap"'):]
    row = re.search(r'<tr><th scope="row"><a href="../units/shawan/">沙湾派出所</a></th>(.*?)</tr>', html).group(1)
    cells = re.findall(r'<td class="([^"]+)">(.*?)</td>', row)
    assert cells == [
        ("cb-heat cb-heat--4", '<a href="../cases/?unit=shawan&amp;criterion=dispute-resolution">3</a>'),
        ("cb-heat cb-heat--0", "0"), ("cb-heat cb-heat--0", "0"),
        ("cb-heatmap__sum", '<a href="../cases/?unit=shawan">3</a>'), ("cb-heatmap__sum", "1/3")]


# --- the figures -----------------------------------------------------------------------------

def test_months_without_cases_are_shown_and_the_total_runs_on(stats_project):
    site = build_site(stats_project.check()[1])
    line = timeline(site.cases)
    assert [(p.label, p.value, p.total) for p in line.periods] == [
        ("2024年1月", 1, 1), ("2024年2月", 0, 1), ("2024年3月", 2, 3), ("2024年4月", 0, 3), ("2024年5月", 1, 4),
        ("2024年6月", 1, 5)]


def test_a_long_span_is_counted_by_quarter_then_by_year(stats_project):
    site = build_site(stats_project.check()[1])
    from dataclasses import replace

    early = [replace(site.cases[0], date=dt.date(2015, 2, 1)), *site.cases]
    quarters = timeline(early)
    assert quarters.step == "quarter" and quarters.periods[0].label == "2015年第一季度"
    assert quarters.periods[-1].label == "2024年第二季度" and quarters.periods[-1].total == 6
    years = timeline([replace(site.cases[0], date=dt.date(1990, 2, 1)), *site.cases])
    assert years.step == "year" and len(years.periods) == 35 and years.periods[-1].value == 5


def test_practices_follow_chains_and_ignore_a_cycle(stats_project):
    from dataclasses import replace

    cases = list(build_site(stats_project.check()[1]).cases)
    a, b = cases[0], cases[1]
    cycle = [replace(a, id="x", replicated_from="y"), replace(b, id="y", replicated_from="x")]
    (practice,) = practices(cases + cycle)
    assert practice.root.id == "shawan-2024-001"
    assert [(c.case.id, c.parent, c.depth) for c in practice.copies] == [
        ("qingshi-2024-001", "shawan-2024-001", 1), ("xunjing-2024-001", "qingshi-2024-001", 2)]
    assert (practice.units, practice.depth) == (2, 2)


def test_heat_levels_use_the_darkest_colour_for_the_highest_cell(stats_project):
    assert heat_bounds(0) == () and heat_bounds(2) == (1, 2) and heat_bounds(10) == (3, 5, 8, 10)
    cov = coverage(build_site(stats_project.check()[1]), build_site(stats_project.check()[1]).cases)
    assert [cov.level(n) for n in (0, 1, 2, 3)] == [0, 2, 3, 4]  # highest cell: 3
    assert cov.levels == [(2, 1, 1), (3, 2, 2), (4, 3, 3)]


def test_stations_are_units_named_so_or_under_one(stats_project):
    kinds = unit_kinds(build_site(stats_project.check()[1]))
    assert kinds == {"sanjiang": "bureau", "shawan": "station", "matou": "station", "xunjing": "bureau",
                     "qingshi": "station"}


def test_gridlines_fall_on_round_numbers():
    assert [nice_step(n) for n in (0, 1, 3, 7, 12, 40, 95, 1234)] == [1, 1, 1, 2, 5, 10, 50, 500]


def test_the_review_queue_is_internal_only(stats_project):
    validated = stats_project.check()[1]
    assert review_of(validated, "public", AS_OF) is None
    queue = review_of(validated, "internal", AS_OF)
    assert [(w.unit, w.submitted, w.draft) for w in queue.units] == [("qingshi", 1, 0), ("matou", 0, 1)]


def test_a_site_without_cases_says_so_on_every_chart(project):
    project.case("shawan", "shawan-2024-001", front={"status": "submitted"})
    html = stats_html(project)
    assert "还没有已发布的案例，暂无统计。" in html
    assert list(svgs(html)) == ["cb-chart-review"]  # what waits for review is still shown
    assert readings(html) == ["待审核 1 个，最早的一个已等待 819 天；草稿 0 个，已审核 0 个。"]
