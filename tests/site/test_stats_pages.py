"""/stats/ and the heat map of /criteria/ in a real build of the sample, and in Chromium.

Every number is checked against counts made here from the case files (PyYAML alone), not
from the generator's model.
"""
from __future__ import annotations

import re
from collections import Counter
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from conftest import REPO, SAMPLE_AS_OF, build, copy_sample, look, read, visible_cards, wait_for_case_list
from svg_charts import approved, bars, front_matters, parse, per_month, svgs

pytestmark = pytest.mark.build
AS_OF = SAMPLE_AS_OF
CASES = REPO / "cases"


@pytest.fixture(scope="module")
def stats_site(dated_site):
    return dated_site


def registry(name: str) -> dict[str, str]:
    return {e["id"]: e["name"] for e in yaml.safe_load((CASES / name).read_text(encoding="utf-8"))}


UNITS, CRITERIA = registry("units.yml"), registry("criteria.yml")


def heat_cells(html: str) -> dict[tuple[str, str], tuple[str, str | None]]:
    """(unit id, criterion id) -> (the number shown, its link) of every heat-map cell."""
    table = html[html.index('<table class="cb-heatmap"'):]
    table = table[:table.index("</table>")]
    body = table[table.index("<tbody>"):table.index("</tbody>")]
    out = {}
    for unit, row in re.findall(r'<tr><th scope="row"><a href="[^"]*units/([\w-]+)/">[^<]*</a></th>(.*?)</tr>', body):
        cells = re.findall(r'<td class="cb-heat cb-heat--\d">(?:<a href="([^"]+)">)?(\d+)(?:</a>)?</td>', row)
        assert len(cells) == len(CRITERIA)
        for criterion, (href, n) in zip(CRITERIA, cells):
            out[unit, criterion] = (n, unescape(href) if href else None)
    return out


def test_stats_is_a_tab_of_the_navigation(stats_site):
    assert re.search(r'<a href="stats/" class="md-tabs__link">\s*统计\s*</a>', read(stats_site, ""))


def test_the_unit_and_criterion_charts_count_the_case_files(stats_site):
    cases = approved(CASES)
    charts = svgs(read(stats_site, "stats"))
    per_unit = Counter(unit for unit, _id, _f in cases)
    shown = bars(charts["cb-chart-units"])
    assert {label: int(n) for label, n in shown} == {UNITS[u]: n for u, n in per_unit.items()}
    assert [int(n) for _l, n in shown] == sorted(per_unit.values(), reverse=True)
    per_criterion = Counter(k for _u, _id, front in cases for k in front["criteria"])
    assert bars(charts["cb-chart-criteria"]) == [(name, str(per_criterion[k])) for k, name in CRITERIA.items()]


def test_the_reading_names_the_units_with_most_cases(stats_site):
    per_unit = Counter(unit for unit, _id, _f in approved(CASES))
    most = max(per_unit.values())
    leaders = [UNITS[u] for u in UNITS if per_unit[u] == most]  # registry order
    page = unescape(read(stats_site, "stats"))
    assert f"<p class=\"cb-figure__reading\">{'、'.join(leaders[:3])}案例最多（各 {most} 个）" in page


def test_the_months_chart_counts_each_month_and_the_running_total(stats_site):
    months = per_month(approved(CASES))
    svg = svgs(read(stats_site, "stats"))["cb-chart-months"]
    notes = [t.text for t in parse(svg).iter("{http://www.w3.org/2000/svg}title")][1:]  # after the chart's title
    first, last = min(months), max(months)
    expected, total = [], 0
    y, m = map(int, first.split("-"))
    while f"{y:04d}-{m:02d}" <= last:
        n = months[f"{y:04d}-{m:02d}"]
        total += n
        expected.append(f"{y}年{m}月：{n} 个，累计 {total} 个")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    assert notes == expected
    assert f"累计 {total} 个" in svg


def test_the_heat_map_counts_units_by_criteria_on_both_pages(stats_site):
    counts = Counter((unit, k) for unit, _id, front in approved(CASES) for k in front["criteria"])
    for url in ("stats", "criteria"):
        cells = heat_cells(read(stats_site, url))
        assert {key: int(n) for key, (n, _href) in cells.items()} == {(u, k): counts[u, k] for u in UNITS for k in CRITERIA}
        back = "../"
        for (unit, criterion), (n, href) in cells.items():
            assert href == (f"{back}cases/?unit={unit}&criterion={criterion}" if n != "0" else None)


def test_the_spread_graph_has_a_node_per_case_and_an_arrow_per_copy(stats_site):
    cases = {case_id: front for _u, case_id, front in approved(CASES)}
    copies = {c: f["replicated_from"] for c, f in cases.items() if f.get("replicated_from") in cases}
    svg = parse(svgs(read(stats_site, "stats"))["cb-chart-spread"])
    ns = "{http://www.w3.org/2000/svg}"
    edges = [e for e in svg.iter(f"{ns}line") if e.get("class") == "cb-repl__edge"]
    nodes = [a.get("href") for a in svg.iter(f"{ns}a") if a.find(f"{ns}circle") is not None]
    assert len(edges) == len(copies) == 2
    assert sorted(nodes) == sorted(f"../cases/{c}/" for c in set(copies) | set(copies.values()))
    assert [t.text for t in svg.iter(f"{ns}text") if t.get("class") == "cb-repl__unit"] == ["沙湾派出所", "青石派出所", "河东派出所"]


def test_the_review_chart_counts_every_status(stats_site):
    statuses = Counter(front["status"] for _u, _id, front in front_matters(CASES))
    chart = bars(svgs(read(stats_site, "stats"))["cb-chart-review"])
    assert chart == [("已审核", str(statuses["approved"])), ("待审核", str(statuses["submitted"])),
                     ("草稿", str(statuses["draft"]))]


def test_the_progress_chart_counts_the_progress_files(stats_site):
    campaign = yaml.safe_load((CASES / "campaign.yml").read_text(encoding="utf-8"))
    criterion_of = {item["id"]: group["criterion"] for group in campaign["table"] for item in group["items"]}
    done, total = Counter(), Counter()
    for progress in CASES.glob("*/progress.yml"):
        status = {e["item"]: e["status"] for e in yaml.safe_load(progress.read_text(encoding="utf-8"))["items"]}
        for item, criterion in criterion_of.items():
            if status.get(item) != "not-applicable":
                total[criterion] += 1
                done[criterion] += status.get(item) == "done"
    chart = bars(svgs(read(stats_site, "stats"))["cb-chart-board-criteria"])
    assert chart == [(CRITERIA[k], f"{done[k]}/{total[k]}（{round(done[k] * 100 / total[k])}%）")
                     for k in dict.fromkeys(criterion_of.values())]


def test_every_chart_is_well_formed_svg_and_two_builds_are_byte_identical(stats_site, tmp_path):
    charts = svgs(read(stats_site, "stats"))
    assert len(charts) == 7
    for svg in charts.values():
        root = parse(svg)
        assert root.get("role") == "img" and root[0].tag.endswith("title") and root[0].text
    project = copy_sample(tmp_path / "p")
    assert build(project, tmp_path / "again", "--as-of", AS_OF).exit_code == 0
    assert svgs(read(tmp_path / "again", "stats")) == charts


def test_the_heat_map_fits_a_desktop_and_a_phone(stats_site, serve_dir, page):
    base = serve_dir(stats_site)
    for url, name in (("criteria/", "criteria-heatmap"), ("stats/", "stats")):
        assert look(page, f"{base}/{url}", name) == {"desktop": 0, "phone": 0}, url
        for width, height in ((1366, 850), (390, 844)):
            page.set_viewport_size({"width": width, "height": height})
            page.goto(f"{base}/{url}")
            edges = page.eval_on_selector_all(
                ".cb-heatmap th, .cb-heatmap td", "cells => cells.map(c => c.getBoundingClientRect().right)")
            assert len(edges) == (len(UNITS) + 2) * (len(CRITERIA) + 3)  # head, units, totals x name, items, sums
            assert 0 < max(edges) <= width, (url, width)
            columns = page.eval_on_selector_all(".cb-heatmap thead th", "ths => ths.map(t => t.textContent)")
            assert columns == ["单位", *CRITERIA.values(), "合计", "覆盖"]


def test_the_charts_keep_their_text_as_text_in_the_pages_font(stats_site, serve_dir, page):
    page.goto(f"{serve_dir(stats_site)}/stats/")
    fonts = page.evaluate("""() => [getComputedStyle(document.querySelector('.md-typeset')).fontFamily,
        getComputedStyle(document.querySelector('#cb-chart-units text')).fontFamily]""")
    assert fonts[0] == fonts[1]
    labels = page.eval_on_selector_all("#cb-chart-units .cb-chart__label", "ts => ts.map(t => t.textContent)")
    per_unit = Counter(unit for unit, _id, _f in approved(CASES))
    assert set(labels) == {UNITS[u] for u in per_unit}
    # every label is drawn inside the chart, not cut at its edge
    inside = page.evaluate("""() => { const svg = document.querySelector('#cb-chart-units').getBoundingClientRect();
        return [...document.querySelectorAll('#cb-chart-units text')].every(t => {
            const r = t.getBoundingClientRect(); return r.left >= svg.left && r.right <= svg.right + 1; }); }""")
    assert inside


def test_a_heat_map_cell_opens_the_case_list_with_its_filters_chosen(stats_site, serve_dir, page):
    base = serve_dir(stats_site)
    expected = sorted(f"cases/{case_id}/" for unit, case_id, front in approved(CASES)
                      if unit == "qingshi" and "community-policing" in front["criteria"])
    assert len(expected) == 2
    page.set_viewport_size({"width": 1366, "height": 850})
    page.goto(f"{base}/criteria/")
    page.click('.cb-heatmap a[href="../cases/?unit=qingshi&criterion=community-policing"]')
    wait_for_case_list(page)
    assert urlsplit(page.url).path == "/cases/"
    assert parse_qs(urlsplit(page.url).query) == {"unit": ["qingshi"], "criterion": ["community-policing"]}
    assert page.eval_on_selector(".cb-filters select[name=unit]", "s => s.value") == "qingshi"
    assert page.eval_on_selector(".cb-filters select[name=criterion]", "s => s.value") == "community-policing"
    assert sorted(visible_cards(page)) == expected
