"""The built sample site in a real browser: search, filters, offline."""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import yaml

from conftest import REPO, search_box, visible_cards
from search_index import records_by_url

pytestmark = pytest.mark.build


BODY_ONLY_WORD = "院坝"        # appears only in the body of shawan-2023-001
INTERNAL_WORD = "渔船"          # only in the body of shawan-2024-001 (approved, internal)
DRAFT_WORD = "门禁"             # only in the body of qingshi-2026-001 (draft)


@pytest.fixture(scope="module")
def base_url(sample_site, serve_dir):
    return serve_dir(sample_site)


def search(page, query: str) -> list[str]:
    """Site paths ("/cases/x/") of the header box's results, in the order shown."""
    return [urlsplit(h).path for h in search_box(page, query)]


def sample_cases() -> list[dict]:
    """The sample's cases as the internal edition lists them, read from the case files (not the site)."""
    def registry(name: str) -> list[dict]:
        return yaml.safe_load((REPO / "cases" / name).read_text(encoding="utf-8"))

    tags, names = {}, {}  # any spelling of a tag -> its id; any id -> the name a reader sees
    for tag in registry("tags.yml"):
        for name in [tag["id"], tag["name"], *tag.get("aliases", [])]:
            tags[name] = tag["id"]
    for item in registry("tags.yml") + registry("units.yml") + registry("criteria.yml"):
        names[item["id"]] = item["name"]
    cases = []
    for path in sorted((REPO / "cases").glob("*/*.md")):
        head, body = path.read_text(encoding="utf-8").split("---\n", 2)[1:]
        meta = yaml.safe_load(head)
        if meta.get("status") != "approved":
            continue
        case = {"url": f"/cases/{path.stem}/", "unit": path.parent.name, "criteria": meta["criteria"],
                "tags": [tags[t] for t in meta.get("tags", [])], "year": str(meta["date"])[:4]}
        # A case is found by its text, its result rows and the names of its unit, checklist items and tags.
        labels = [names[i] for i in [case["unit"], *case["criteria"], *case["tags"]]]
        rows = [" ".join(str(r[k]) for k in ("indicator", "before", "after")) for r in meta.get("results", [])]
        case["text"] = "\n".join([meta["title"], meta["summary"], *rows, body, *labels]).replace("*", "")
        case["summary"] = meta["summary"]
        # What the case page shows as prose and result rows, without spaces or Markdown marks.
        case["prose"] = re.sub(r"[\s*#>]", "", "".join([meta["title"], meta["summary"], *rows, body]))
        cases.append(case)
    return cases


def expected(unit="", criterion="", tag="", year="", q="") -> set[str]:
    return {c["url"] for c in sample_cases()
            if (not unit or c["unit"] == unit) and (not criterion or criterion in c["criteria"])
            and (not tag or tag in c["tags"]) and (not year or c["year"] == year) and q in c["text"]}


def test_chinese_word_in_one_case_body_finds_that_case(page, base_url):
    page.goto(base_url + "/")
    hits = search(page, BODY_ONLY_WORD)
    assert hits == ["/cases/shawan-2023-001/"]
    assert page.inner_text(".cb-search__result mark") == BODY_ONLY_WORD  # the sentence, with the word marked


def test_unit_name_finds_its_unit_page_first(page, base_url):
    page.goto(base_url + "/cases/shawan-2023-001/")  # any depth: links are made from the site root
    hits = search(page, "码头警务室")
    assert hits[0] == "/units/matou/", hits
    assert "/cases/matou-2024-001/" in hits
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(base_url + "/units/matou/")


def test_a_word_of_the_contributor_guide_does_not_outrank_the_cases_that_use_it(page, base_url):
    page.goto(base_url + "/")
    hits = search(page, "调解")
    cases = [h for h in hits if h.startswith("/cases/")]
    assert "/guide/" in hits and cases
    assert hits.index("/guide/") > max(hits.index(c) for c in cases)


def guide_prose_and_examples() -> tuple[str, str]:
    """docs/guide.md split into its prose and its fenced examples (YAML, Markdown, commands)."""
    parts = re.split(r"^```.*$", (REPO / "docs" / "guide.md").read_text(encoding="utf-8"), flags=re.M)
    return "".join(parts[0::2]), "".join(parts[1::2])


@pytest.mark.parametrize("word", ["老党员", "纠纷调解成功率", "门前摆"])
def test_a_word_only_in_the_guides_examples_finds_the_cases_that_use_it_and_never_the_guide(page, base_url, word):
    prose, examples = guide_prose_and_examples()
    assert word in examples and word not in prose  # the guide has it in an example only
    page.goto(base_url + "/")
    hits = search(page, word)
    assert "/guide/" not in hits
    assert hits == [h for h in hits if h.startswith("/cases/")] and set(hits) == expected(q=word)
    if not hits:
        assert page.inner_text(".cb-search__status") == f"没有找到与“{word}”相关的内容。"


def test_results_are_grouped_with_the_cases_before_the_sites_own_pages(page, base_url):
    page.goto(base_url + "/")
    search(page, "调解")
    groups = page.eval_on_selector_all(".cb-search__group", "els => els.map(e => e.textContent)")
    assert groups == ["栏目", "案例", "站内页面"]


@pytest.mark.parametrize("word", ["调解", "社区", "沙湾"])
def test_a_case_result_shows_its_summary_or_the_sentence_with_the_word_never_the_facts(page, base_url, word):
    page.goto(base_url + "/")
    search(page, word)
    shown = page.eval_on_selector_all(".cb-search__result--case a", """els => els.map(a => ({
        path: new URL(a.href).pathname, snippet: a.querySelector('.cb-search__snippet').innerText,
        marked: Array.from(a.querySelectorAll('.cb-search__snippet mark')).map(m => m.textContent)}))""")
    cases = {c["url"]: c for c in sample_cases()}
    assert shown
    for result in shown:
        case, snippet = cases[result["path"]], result["snippet"]
        assert not re.match(r"单位|日期|创建清单", snippet), result  # the run-together facts block of old
        if snippet != case["summary"]:
            assert result["marked"] and set(result["marked"]) == {word}, result
            for piece in snippet.split("…"):  # a cut from the case's own text
                assert re.sub(r"\s", "", piece) in case["prose"], result


def test_the_box_waits_for_the_input_method_to_give_the_characters(page, base_url):
    page.goto(base_url + "/")
    search(page, "调解")  # the index is loaded: an answer would come at once
    page.fill("input.cb-search__input", "")
    page.wait_for_function("() => document.querySelector('.cb-search__panel').hidden")
    page.evaluate("""() => { window.answered = []; const panel = document.querySelector('.cb-search__panel');
        new MutationObserver(() => window.answered.push(panel.dataset.query)).observe(panel, {attributes: true,
        attributeFilter: ['data-query']}); }""")
    ime = page.context.new_cdp_session(page)  # Chromium's own input-method events
    for typed in ["y", "yu", "yua", "yuan", "yuanb", "yuanba"]:
        ime.send("Input.imeSetComposition", {"text": typed, "selectionStart": len(typed), "selectionEnd": len(typed)})
    page.wait_for_timeout(800)  # well past the pause after which the box asks
    assert not page.is_visible(".cb-search__panel")  # no "没有找到与“yuanba”相关的内容"
    ime.send("Input.insertText", {"text": BODY_ONLY_WORD})
    page.wait_for_function("q => document.querySelector('.cb-search__panel').dataset.query === q", arg=BODY_ONLY_WORD)
    assert page.evaluate("window.answered") == [BODY_ONLY_WORD]
    assert [urlsplit(h).path for h in page.eval_on_selector_all(".cb-search__result a", "els => els.map(a => a.href)")] \
        == ["/cases/shawan-2023-001/"]


def test_nothing_found_says_so(page, base_url):
    page.goto(base_url + "/")
    assert search(page, "不存在的词语") == []
    assert page.inner_text(".cb-search__status").startswith("没有找到")


def test_slash_focuses_the_box_and_escape_closes_the_results(page, base_url):
    page.goto(base_url + "/cases/")
    page.keyboard.press("/")
    assert page.evaluate("() => document.activeElement.classList.contains('cb-search__input')")
    search(page, BODY_ONLY_WORD)
    assert page.get_attribute("input.cb-search__input", "aria-expanded") == "true"
    page.keyboard.press("Escape")
    assert not page.is_visible(".cb-search__panel")
    assert page.get_attribute("input.cb-search__input", "aria-expanded") == "false"


def test_unpublished_case_is_not_searchable(page, base_url, sample_site):
    indexed = "".join(r["meta"]["title"] + r["meta"]["text"] for r in records_by_url(sample_site).values())
    assert BODY_ONLY_WORD in indexed and INTERNAL_WORD in indexed
    assert DRAFT_WORD not in indexed
    page.goto(base_url + "/")
    assert not [h for h in search(page, DRAFT_WORD) if "qingshi-2026-001" in h]
    # the internal edition does include approved internal cases
    assert "/cases/shawan-2024-001/" in search(page, INTERNAL_WORD)


@pytest.mark.parametrize("query", [
    {"unit": "shawan"},
    {"unit": "qingshi", "criterion": "dispute-resolution", "year": "2024"},
    {"tag": "mediation"},
    {"criterion": "community-policing", "q": "调解"},
    {"q": "社区民警"},
    {"unit": "hedong", "q": "调解"},
])
def test_filters_and_keywords_show_exactly_the_matching_cases_and_survive_a_reload(page, base_url, query):
    want = expected(**query)
    page.goto(base_url + "/cases/?" + urlencode(query))
    assert set(visible_cards(page)) == {u.lstrip("/") for u in want}
    assert page.inner_text(".cb-count__shown") == str(len(want))
    for key, value in query.items():
        assert page.input_value(f".cb-filters [name={key}]") == value
    assert page.is_visible(".cb-nomatch") == (not want)
    page.reload()
    assert set(visible_cards(page)) == {u.lstrip("/") for u in want}


def test_choosing_a_filter_updates_the_shareable_url(page, base_url):
    page.goto(base_url + "/cases/")
    total = len(visible_cards(page))
    page.select_option("select[name=tag]", "mediation")
    page.wait_for_function("() => location.search === '?tag=mediation'")
    filtered = visible_cards(page)
    assert 0 < len(filtered) < total and set(filtered) == {u.lstrip("/") for u in expected(tag="mediation")}
    page.select_option("select[name=year]", "2023")
    assert urlsplit(page.url).query == "tag=mediation&year=2023"
    page.fill(".cb-filters input[name=q]", "调解")
    page.wait_for_function("() => location.search.indexOf('q=') >= 0")
    assert set(visible_cards(page)) == {u.lstrip("/") for u in expected(tag="mediation", year="2023", q="调解")}
    assert parse_qs(urlsplit(page.url).query) == {"q": ["调解"], "tag": ["mediation"], "year": ["2023"]}
    page.click(".cb-filters button[type=reset]")
    page.wait_for_function("() => location.search === ''")
    assert len(visible_cards(page)) == total
    assert page.inner_text(".cb-count__shown") == str(total)


def test_see_all_results_opens_the_filtered_case_list(page, base_url):
    page.goto(base_url + "/")
    search(page, "调解")
    page.click(".cb-search__all")
    page.wait_for_url("**/cases/?q=*")
    assert set(visible_cards(page)) == {u.lstrip("/") for u in expected(q="调解")}


def test_without_javascript_every_case_is_listed(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "/cases/?unit=shawan")
    assert page.eval_on_selector_all(".cb-card", "els => els.filter(e => e.offsetParent !== null).length") == 17
    assert not page.is_visible(".cb-filters")
    context.close()


def test_no_request_leaves_the_site(page, base_url):
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(base_url + "/")
    page.goto(base_url + "/cases/shawan-2023-001/")
    page.goto(base_url + "/cases/?unit=shawan&tag=mediation")
    visible_cards(page)
    search(page, BODY_ONLY_WORD)
    page.wait_for_load_state("networkidle")
    hosts = {urlsplit(u).netloc for u in requested if not u.startswith(("data:", "blob:"))}
    assert hosts == {urlsplit(base_url).netloc}, sorted(set(requested))
    assert len(requested) > 10  # pages, CSS, JS, Pagefind and its index were all loaded
    assert any("/pagefind/0/" in u for u in requested)


@pytest.mark.pdf
def test_a_case_page_prints_without_the_site_chrome(page, base_url, tmp_path):
    import subprocess

    page.goto(base_url + "/cases/shawan-2023-001/")
    page.emulate_media(media="print")
    pdf = tmp_path / "case.pdf"
    page.pdf(path=str(pdf), format="A4")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "调解室进村化解邻里纠纷" in text
    for heading in ["背景", "做法", "成效", "可复制经验", "主要成效"]:
        assert heading in text
    assert "投稿指南" not in text  # navigation tabs are not printed
    assert "搜索" not in text      # nor the search box


@pytest.mark.browser
@pytest.mark.parametrize("query", ["?unit=%", "?unit=%E4", "?%=shawan&tag=mediation%"])
def test_a_malformed_shared_link_still_shows_the_filter_form_and_every_case(page, base_url, query):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(base_url + "/cases/")
    total = len(visible_cards(page))
    page.goto(base_url + "/cases/" + query)
    assert errors == []
    assert page.is_visible(".cb-filters")
    assert page.input_value("select[name=unit]") == ""
    assert len(visible_cards(page)) == total > 0
