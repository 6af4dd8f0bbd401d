"""The case list's filter form (/cases/) in Chromium: how it looks at desktop and phone size,
the keyword asked as one types, the state in the URL and the browser's history, no result."""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from conftest import REPO, look, visible_cards, wait_for_case_list
from test_browser import expected, sample_cases

pytestmark = pytest.mark.build

CONTROLS = ["input[name=q]", "select[name=unit]", "select[name=criterion]", "select[name=tag]", "select[name=year]"]
NO_RESULT = {"unit": "shawan", "year": "2025", "q": "调解"}  # shawan has no case of 2025 about 调解


@pytest.fixture(scope="module")
def base_url(sample_site, serve_dir):
    return serve_dir(sample_site)


def paths(urls: set[str]) -> set[str]:
    return {u.lstrip("/") for u in urls}


def query_of(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def boxes(page) -> list[dict]:
    """Where each control of the form and the clear button are drawn, and how."""
    return page.evaluate("""sels => sels.map(s => {
        const e = document.querySelector('.cb-filters ' + s), r = e.getBoundingClientRect(), c = getComputedStyle(e);
        return {sel: s, top: Math.round(r.top), left: Math.round(r.left), width: Math.round(r.width),
                height: Math.round(r.height), visible: c.visibility === 'visible' && c.display !== 'none',
                appearance: c.appearance, font: c.fontFamily, border: c.borderTopWidth, background: c.backgroundColor};
    })""", CONTROLS + [".cb-filters__reset"])


def count_queries(page) -> None:
    """From now on, window.queries lists every keyword the list asked the search index for."""
    page.evaluate("""() => { const s = window.casebookSearch, find = s.find; window.queries = [];
        s.find = function (q) { window.queries.push(q); return find.apply(this, arguments); }; }""")


def test_the_filter_form_is_two_tidy_rows_on_a_desktop_and_one_control_a_row_on_a_phone(page, base_url):
    url = base_url + "/cases/?unit=shawan&q=调解"
    overflow = look(page, url, "cases-filtered", ready=wait_for_case_list)
    assert overflow == {"desktop": 0, "phone": 0}
    assert look(page, base_url + "/cases/", "cases", ready=wait_for_case_list) == {"desktop": 0, "phone": 0}

    page.set_viewport_size({"width": 1366, "height": 850})
    page.goto(url)
    wait_for_case_list(page)
    body_font = page.evaluate("getComputedStyle(document.querySelector('.md-typeset')).fontFamily")
    q, *lists, clear = boxes(page)
    assert all(b["visible"] for b in boxes(page))
    assert len({b["top"] for b in lists} | {clear["top"]}) == 1 and q["top"] < lists[0]["top"]  # two rows
    assert len({b["height"] for b in [q, *lists, clear]}) == 1 and q["height"] >= 30  # one height
    assert lists[0]["left"] == q["left"] and clear["left"] + clear["width"] <= q["left"] + q["width"]
    for control in [q, *lists]:  # drawn by the site in the theme's font, not the browser's default
        assert control["appearance"] == "none" and control["font"] == body_font, control
    # 清除筛选 is a compact text button: no border or fill
    assert clear["border"] == "0px" and clear["background"] == "rgba(0, 0, 0, 0)"
    assert clear["width"] < 120
    labels = page.eval_on_selector_all(".cb-filters .cb-filters__label", "els => els.map(e => e.textContent)")
    assert labels == ["关键词", "单位", "创建清单", "标签", "年份"]

    page.set_viewport_size({"width": 390, "height": 844})
    form_width = page.evaluate("document.querySelector('.cb-filters').getBoundingClientRect().width")
    q, *lists, clear = boxes(page)
    tops = [b["top"] for b in [q, *lists, clear]]
    assert tops == sorted(tops) and len(set(tops)) == 6  # stacked
    assert len({(b["left"], b["width"]) for b in [q, *lists]}) == 1 and q["width"] > 0.7 * form_width
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") == 0


def test_the_clear_button_shows_only_when_there_is_something_to_clear(page, base_url):
    page.goto(base_url + "/cases/")
    wait_for_case_list(page)
    assert not page.is_visible(".cb-filters__reset") or page.is_disabled(".cb-filters__reset")
    page.select_option("select[name=criterion]", "community-policing")
    page.wait_for_function("() => !document.querySelector('.cb-filters__reset').disabled")
    assert page.is_visible(".cb-filters__reset")
    assert page.get_attribute("select[name=criterion] >> xpath=..", "class").endswith("cb-filters__field--on")


def test_typing_a_keyword_filters_the_cards_once_the_typist_pauses(page, base_url):
    page.goto(base_url + "/cases/")
    total = len(visible_cards(page))
    history = page.evaluate("history.length")
    count_queries(page)
    page.click(".cb-filters input[name=q]")
    page.keyboard.type("社区民警")  # no Enter: the list follows the typing
    page.wait_for_function("() => new URLSearchParams(location.search).get('q') === '社区民警'")
    assert set(visible_cards(page)) == paths(expected(q="社区民警"))
    assert 0 < len(visible_cards(page)) < total
    queries = page.evaluate("window.queries")
    assert queries[-1] == "社区民警" and len(queries) < 4  # asked after a pause, not for every key
    assert page.evaluate("history.length") == history + 1  # one step back, however many keys
    page.go_back()
    page.wait_for_function("() => document.querySelector('.cb-filters input[name=q]').value === ''")
    assert len(visible_cards(page)) == total


def test_pinyin_being_composed_is_not_searched_until_the_characters_arrive(page, base_url):
    page.goto(base_url + "/cases/")
    total = len(visible_cards(page))
    count_queries(page)
    page.click(".cb-filters input[name=q]")
    ime = page.context.new_cdp_session(page)  # Chromium's own input-method events
    for typed in ["t", "ti", "tia", "tiao", "tiaoj", "tiaojie"]:
        ime.send("Input.imeSetComposition", {"text": typed, "selectionStart": len(typed), "selectionEnd": len(typed)})
    page.wait_for_timeout(600)  # more than the pause after which a keyword is asked
    assert page.evaluate("window.queries") == [] and urlsplit(page.url).query == ""
    assert len(visible_cards(page)) == total
    ime.send("Input.insertText", {"text": "调解"})
    page.wait_for_function("() => location.search !== ''")
    assert query_of(page) == {"q": ["调解"]}
    assert set(visible_cards(page)) == paths(expected(q="调解"))
    assert page.evaluate("window.queries") == ["调解"]


@pytest.mark.parametrize("query", [
    {"q": "码头警务室"},              # a unit's name
    {"q": "平安之家"},                # a title's word
    {"q": "调解", "tag": "mediation", "criterion": "community-policing", "year": "2023"},
])
def test_the_keyword_finds_titles_units_and_summaries_combined_with_every_list(page, base_url, query):
    page.goto(base_url + "/cases/")
    visible_cards(page)
    for key, value in query.items():
        if key == "q":
            page.fill(".cb-filters input[name=q]", value)
        else:
            page.select_option(f".cb-filters select[name={key}]", value)
    # (an empty query string splits into one empty part: count the keys, not the parts)
    page.wait_for_function("n => Array.from(new URLSearchParams(location.search).keys()).length === n",
                           arg=len(query))
    want = paths(expected(**query))
    assert want and set(visible_cards(page)) == want
    assert {k: v[0] for k, v in query_of(page).items()} == query
    page.reload()
    assert set(visible_cards(page)) == want


def test_back_undoes_each_choice_and_comes_back_from_a_case_to_the_filtered_list(page, base_url):
    page.goto(base_url + "/cases/")
    total = len(visible_cards(page))
    page.select_option("select[name=unit]", "shawan")
    page.wait_for_function("() => location.search === '?unit=shawan'")
    page.select_option("select[name=tag]", "mediation")
    page.wait_for_function("() => location.search === '?unit=shawan&tag=mediation'")
    both = paths(expected(unit="shawan", tag="mediation"))
    assert set(visible_cards(page)) == both
    page.click(".cb-found .cb-card__title a")
    page.wait_for_url(re.compile(r"/cases/shawan-\d{4}-\d{3}/$"))
    page.go_back()
    page.wait_for_function("() => document.querySelector('.cb-filters select[name=tag]').value === 'mediation'")
    assert set(visible_cards(page)) == both and page.input_value("select[name=unit]") == "shawan"
    page.go_back()
    page.wait_for_function("() => document.querySelector('.cb-filters select[name=tag]').value === ''")
    assert page.input_value("select[name=unit]") == "shawan" and urlsplit(page.url).query == "unit=shawan"
    assert set(visible_cards(page)) == paths(expected(unit="shawan"))
    page.go_back()
    page.wait_for_function("() => document.querySelector('.cb-filters select[name=unit]').value === ''")
    assert len(visible_cards(page)) == total
    page.go_forward()
    page.wait_for_function("() => document.querySelector('.cb-filters select[name=unit]').value === 'shawan'")
    assert set(visible_cards(page)) == paths(expected(unit="shawan"))


def test_no_result_says_so_names_the_conditions_and_clears_them(page, base_url):
    assert not expected(**NO_RESULT)
    url = base_url + "/cases/?unit=shawan&year=2025&q=调解"
    assert look(page, url, "cases-no-result", ready=wait_for_case_list) == {"desktop": 0, "phone": 0}
    page.goto(base_url + "/cases/")
    total = len(visible_cards(page))
    page.goto(url)
    assert visible_cards(page) == []
    assert page.is_visible(".cb-nomatch")
    assert page.inner_text(".cb-nomatch__title") == "没有符合条件的案例"
    assert page.inner_text(".cb-nomatch__why") == \
        "当前条件：关键词“调解”，单位：沙湾派出所，年份：2025。换一个关键词或少选一项再试。"
    assert page.inner_text(".cb-count__shown") == "0"
    page.click(".cb-nomatch__clear")
    page.wait_for_function("() => location.search === ''")
    assert len(visible_cards(page)) == total
    assert not page.is_visible(".cb-nomatch")
    assert [page.input_value(f".cb-filters {c}") for c in CONTROLS] == [""] * 5


def test_each_list_offers_only_what_some_listed_case_has(sample_site):
    html = (sample_site / "cases" / "index.html").read_text(encoding="utf-8")
    form = html[html.index('<form class="cb-filters"'):html.index("</form>")]
    offered = {name: re.findall(r'<option value="([^"]+)">', body)
               for name, body in re.findall(r'<select name="(\w+)">(.*?)</select>', form)}
    cases = sample_cases()
    assert set(offered["unit"]) == {c["unit"] for c in cases}
    assert set(offered["criterion"]) == {k for c in cases for k in c["criteria"]}
    assert set(offered["tag"]) == {t for c in cases for t in c["tags"]}
    registered = {t["id"] for t in yaml.safe_load((REPO / "cases" / "tags.yml").read_text(encoding="utf-8"))}
    assert registered - set(offered["tag"])  # the sample has a tag no case uses: not a choice
    assert offered["year"] == sorted({c["year"] for c in cases}, reverse=True)
    assert "cb-filters__reset" in form and "<option value=\"\">全部</option>" in form
