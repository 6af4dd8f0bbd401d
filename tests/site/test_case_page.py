"""The case page and the case cards as an officer reads them: checklist items and tags told
apart, attachments by readable name with type and size, images with their captions, the way
back (breadcrumb) and on (neighbours in the unit), and no sideways scrolling on a phone.

One small project: 沙湾 has four cases (one internal, one draft), 青石 one, dated so that the
site-wide list interleaves the units. What each page must show is written out here.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from case_factory import BODY, CRITERIA_YML, TAGS_YML, UNITS_YML, Project
from conftest import REPO, build, look, read, run

pytestmark = pytest.mark.build

MAIN = "shawan-2023-001"
TAGS = TAGS_YML + "- id: community\n  name: 社区警务\n"  # named like the checklist item community-policing
LONG_FIGURE = "按县局2023年第12号统计口径ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789计算"  # no break opportunity for a browser
MAIN_BODY = """
## 背景

邻里纠纷多，群众习惯直接报警。

## 做法

每周开一次“板凳会”，当场调解。

![“和事佬”调解室现场](shawan-2023-001/tiaojieshi.png)

![](shawan-2023-001/ditu.png)

[下载：工作流程](shawan-2023-001/liucheng.pdf)，另附[统计表](shawan-2023-001/tongji.xlsx)。

| 月份 | 一月 | 二月 | 三月 | 四月 | 五月 | 六月 | 七月 | 八月 | 九月 | 十月 | 十一月 | 十二月 |
|------|------|------|------|------|------|------|------|------|------|------|--------|--------|
| 纠纷警情（起） | 23 | 21 | 19 | 18 | 15 | 14 | 12 | 11 | 10 | 9 | 9 | 9 |

## 成效

邻里纠纷警情由每月 23 起降至 9 起。

## 可复制经验

固定时间、固定地点，请老党员参加。
"""
# (id, date, visibility, status): 沙湾's cases newest first, 青石's one dated between them.
SHAWAN = [
    ("shawan-2025-001", "2025-01-10", "public", "draft"),
    ("shawan-2024-001", "2024-06-05", "public", "approved"),
    (MAIN, "2023-04-12", "public", "approved"),
    ("shawan-2022-001", "2022-05-01", "internal", "approved"),
]
QINGSHI = "qingshi-2023-001"


def make_project(root: Path) -> Project:
    project = Project(root)
    project.mkdocs()
    project.write("cases/units.yml", UNITS_YML)
    project.write("cases/criteria.yml", CRITERIA_YML)
    project.write("cases/tags.yml", TAGS)
    for case_id, date, visibility, status in SHAWAN:
        front = {"title": f"沙湾案例{date[:4]}", "date": date, "visibility": visibility, "status": status}
        if case_id == MAIN:
            front.update(title="“和事佬”调解室进村化解邻里纠纷", criteria=["dispute-resolution", "community-policing"],
                         tags=["mediation", "community", "patrol"],
                         results=[{"indicator": "邻里纠纷警情", "before": "每月 23 起", "after": "每月 9 起"},
                                  {"indicator": "调解成功率", "before": LONG_FIGURE, "after": "96%"}])
        project.case("shawan", case_id, front, MAIN_BODY if case_id == MAIN else BODY)
    project.case("qingshi", QINGSHI, {"title": "青石案例", "date": "2023-05-01"})
    folder = f"cases/shawan/{MAIN}/"
    project.write(folder + "tiaojieshi.png", (REPO / "cases/shawan/shawan-2023-001/tiaojieshi.png").read_bytes())
    project.write(folder + "ditu.png", (REPO / "cases/qingshi/qingshi-2025-001/luxian.png").read_bytes())
    project.write(folder + "liucheng.pdf", b"%PDF-1.4\n".ljust(350 * 1024, b"%"))
    project.write(folder + "tongji.xlsx", b"PK".ljust(1258291, b"\0"))  # 1.2 MB
    return project


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Project:
    return make_project(tmp_path_factory.mktemp("case-page") / "project")


@pytest.fixture(scope="module")
def site(project, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("case-page-site") / "site"
    result = build(project.root, out)
    assert result.exit_code == 0, result.output
    return out


def case_html(site: Path, case_id: str) -> str:
    html = read(site, f"cases/{case_id}")
    return html[html.index('<div class="cb-case">'):html.index("</article>")]


def neighbours(html: str) -> dict[str, str]:
    """rel ("prev": newer, "next": older) -> the linked case id, from the neighbour block."""
    block = re.search(r'<nav class="cb-neighbours".*?</nav>', html, re.S)
    links = re.findall(r'href="\.\./([a-z0-9-]+)/" rel="(prev|next)"', block.group(0)) if block else []
    return {rel: case_id for case_id, rel in links}


CRITERION_CHIP = ('<a class="cb-chip cb-chip--criterion" href="{up}criteria/{id}/"><span class="cb-chip__mark" '
                  'aria-hidden="true">清单</span>{sr}{name}</a>')
TAG_CHIP = ('<a class="cb-chip cb-chip--tag" href="{up}tags/{id}/">{sr}<span class="cb-chip__mark" '
            'aria-hidden="true">#</span>{name}</a>')


def test_case_page_tells_checklist_items_from_tags_and_drops_the_tag_named_like_an_item(site):
    html = case_html(site, MAIN)
    crit = "".join(CRITERION_CHIP.format(up="../../", id=k, name=n, sr="")
                   for k, n in [("dispute-resolution", "矛盾纠纷化解"), ("community-policing", "社区警务")])
    tags = "".join(TAG_CHIP.format(up="../../", id=t, name=n, sr="") for t, n in [("mediation", "矛盾调解"), ("patrol", "巡逻防控")])
    assert f"<dt>创建清单</dt><dd>{crit}</dd>" in html
    assert f"<dt>标签</dt><dd>{tags}</dd>" in html  # no "#社区警务" next to the checklist item 社区警务
    assert "tags/community/" not in html
    # The tag page itself is still there and lists the case.
    assert f'href="../../cases/{MAIN}/"' in read(site, "tags/community")


def test_cards_say_what_each_chip_is_and_drop_the_tag_named_like_an_item(site):
    for url, up in [("cases", "../"), ("units/shawan", "../../"), ("tags/mediation", "../../"), ("", "")]:
        html = read(site, url)
        card = re.search(rf'<article class="cb-card"[^>]*>\s*<h3 class="cb-card__title"><a href="{re.escape(up)}cases/{MAIN}/">.*?</article>',
                         html, re.S).group(0)
        chips = "".join(
            [CRITERION_CHIP.format(up=up, id=k, name=n, sr='<span class="cb-sr">创建清单：</span>')
             for k, n in [("dispute-resolution", "矛盾纠纷化解"), ("community-policing", "社区警务")]]
            + [TAG_CHIP.format(up=up, id=t, name=n, sr='<span class="cb-sr">标签：</span>')
               for t, n in [("mediation", "矛盾调解"), ("patrol", "巡逻防控")]])
        assert f'<p class="cb-card__chips">{chips}</p>' in card, url
        assert 'data-tags="mediation community patrol"' in card  # the tag filter still finds it


def test_attachments_are_listed_by_readable_name_with_type_and_size(site):
    html = case_html(site, MAIN)
    assert ('<ul class="cb-attachments">\n'
            '<li><a href="ditu.png">ditu</a><span class="cb-attachment__about">（图片，387 字节）</span></li>\n'
            '<li><a href="liucheng.pdf">工作流程</a><span class="cb-attachment__about">（PDF 文档，350 KB）</span></li>\n'
            '<li><a href="tiaojieshi.png">“和事佬”调解室现场</a><span class="cb-attachment__about">（图片，351 字节）</span></li>\n'
            '<li><a href="tongji.xlsx">统计表</a><span class="cb-attachment__about">（Excel 表格，1.2 MB）</span></li>\n'
            '</ul>') in html
    assert (site / "cases" / MAIN / "tongji.xlsx").stat().st_size == 1258291


def test_an_image_on_its_own_line_gets_its_alt_text_as_caption(site):
    html = case_html(site, MAIN)
    assert ('<figure><img alt="“和事佬”调解室现场" src="tiaojieshi.png"><figcaption>“和事佬”调解室现场</figcaption>\n'
            '</figure>') in html
    assert '<p><img alt="" src="ditu.png"></p>' in html  # nothing to say: no empty caption


def test_breadcrumb_leads_back_to_the_case_list_and_the_unit(site):
    assert ('<nav class="cb-crumbs" aria-label="当前位置">\n<ol>\n<li><a href="../">案例</a></li>\n'
            '<li><a href="../../units/shawan/">沙湾派出所</a></li>\n'
            '<li aria-current="page">“和事佬”调解室进村化解邻里纠纷</li>\n</ol>\n</nav>') in case_html(site, MAIN)


def test_previous_and_next_stay_inside_the_unit_in_date_order(site):
    # 青石's case is dated between 沙湾's 2023 and 2024 cases: it is nobody's neighbour here.
    assert neighbours(case_html(site, "shawan-2024-001")) == {"next": MAIN}  # the newest: no newer one
    assert neighbours(case_html(site, MAIN)) == {"prev": "shawan-2024-001", "next": "shawan-2022-001"}
    assert neighbours(case_html(site, "shawan-2022-001")) == {"prev": MAIN}  # the oldest
    assert '<nav class="cb-neighbours"' not in case_html(site, QINGSHI)  # alone in its unit
    html = case_html(site, MAIN)
    assert ('<a class="cb-neighbours__link cb-neighbours__link--newer" href="../shawan-2024-001/" rel="prev">'
            '<span class="cb-neighbours__step">‹ 上一篇（较新）</span><span class="cb-neighbours__title">沙湾案例2024</span>'
            '<time datetime="2024-06-05">2024年6月5日</time></a>') in html
    assert '<nav class="cb-neighbours" aria-label="沙湾派出所的其他案例">' in html


@pytest.mark.parametrize("args, expected", [
    # The public edition skips the internal 2022 case; a preview includes the 2025 draft.
    (["--edition", "public"], {"shawan-2024-001": {"next": MAIN}, MAIN: {"prev": "shawan-2024-001"}}),
    (["--preview"], {"shawan-2025-001": {"next": "shawan-2024-001"},
                     "shawan-2024-001": {"prev": "shawan-2025-001", "next": MAIN}}),
], ids=["public", "preview"])
def test_neighbours_follow_the_edition_and_the_preview(project, tmp_path, args, expected):
    out = tmp_path / "out"
    result = run("generate", project.root, "--out", out, *args)
    assert result.exit_code == 0, result.output
    for case_id, links in expected.items():
        assert neighbours((out / "cases" / f"{case_id}.md").read_text(encoding="utf-8")) == links, case_id
    if "--preview" in args:
        page = (out / "cases" / "shawan-2024-001.md").read_text(encoding="utf-8")
        assert ('<span class="cb-neighbours__title">沙湾案例2025 <span class="cb-badge cb-badge--draft">草稿</span></span>'
                in page)
    else:
        assert not (out / "cases" / "shawan-2022-001.md").exists()
        assert "shawan-2022-001" not in (out / "cases" / f"{MAIN}.md").read_text(encoding="utf-8")


CHIP_STYLE = """sel => { const s = getComputedStyle(document.querySelector(sel));
  return [s.backgroundColor, s.borderTopStyle, s.borderTopColor, s.borderTopLeftRadius, s.color]; }"""


def test_case_page_and_card_lists_in_the_browser(page, site, serve_dir):
    base = serve_dir(site)
    overflow = look(page, f"{base}/cases/{MAIN}/", "case-page")
    assert overflow == {"desktop": 0, "phone": 0}
    # At 390 px (look ends there): the figures table fits, its long figure wraps;
    # the clerk's wide table scrolls inside its wrapper, which says so.
    results = page.evaluate("() => { const w = document.querySelector('.cb-results .md-typeset__scrollwrap');"
                            " return [w.scrollWidth, w.clientWidth]; }")
    assert results[0] <= results[1]
    page.wait_for_function("() => document.querySelectorAll('.cb-scroll-hint').length === 2")
    hints = page.eval_on_selector_all(".cb-scroll-hint", "ps => ps.map(p => [p.hidden, p.textContent])")
    assert hints == [[True, "表格较宽，可左右滑动查看 →"], [False, "表格较宽，可左右滑动查看 →"]]
    criterion = page.evaluate(CHIP_STYLE, ".cb-meta .cb-chip--criterion")
    tag = page.evaluate(CHIP_STYLE, ".cb-meta .cb-chip--tag")
    assert criterion[0] not in ("rgba(0, 0, 0, 0)", tag[0]) and tag[0] == "rgba(0, 0, 0, 0)"  # filled / not
    assert criterion[3] != tag[3] and criterion[4] != tag[4]  # square / round, white / grey text
    assert page.eval_on_selector(".cb-meta .cb-chip--criterion", "a => a.innerText") == "清单矛盾纠纷化解"
    page.emulate_media(media="print")  # on paper, without colours: a solid frame and a dashed one
    assert page.evaluate(CHIP_STYLE, ".cb-meta .cb-chip--criterion")[1] == "solid"
    assert page.evaluate(CHIP_STYLE, ".cb-meta .cb-chip--tag")[1] == "dashed"
    page.emulate_media(media="screen")

    for url, name in [("", "home-cards"), ("cases/", "cases-cards")]:
        overflow = look(page, f"{base}/{url}", name)
        assert overflow == {"desktop": 0, "phone": 0}, url
        card = f".cb-card:has(a[href$='cases/{MAIN}/'])"
        criterion = page.evaluate(CHIP_STYLE, f"{card} .cb-chip--criterion")
        tag = page.evaluate(CHIP_STYLE, f"{card} .cb-chip--tag")
        assert criterion[0] != tag[0] and criterion[3] != tag[3], url
        assert page.eval_on_selector_all(f"{card} .cb-chip", "cs => cs.map(c => c.textContent)") == [
            "清单创建清单：矛盾纠纷化解", "清单创建清单：社区警务", "标签：#矛盾调解", "标签：#巡逻防控"]


def test_cards_drawn_by_the_case_filter_match_the_static_ones(page, site, serve_dir):
    base = serve_dir(site)
    page.goto(f"{base}/cases/?unit=shawan")
    card = f".cb-found .cb-card:has(a[href$='cases/{MAIN}/'])"
    page.wait_for_selector(card)
    chips = "cs => cs.map(c => [c.className, c.href, c.innerHTML])"  # href as the browser resolves it
    drawn = page.eval_on_selector_all(f"{card} .cb-chip", chips)
    static = page.eval_on_selector_all(f".cb-list .cb-card:has(a[href$='cases/{MAIN}/']) .cb-chip", chips)
    assert drawn == static and len(drawn) == 4
