"""The built sample site in a real browser: search, filters, offline."""
from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.build


BODY_ONLY_WORD = "院坝"        # appears only in the body of shawan-2023-001
INTERNAL_WORD = "渔船"          # only in the body of shawan-2024-001 (approved, internal)
DRAFT_WORD = "门禁"             # only in the body of qingshi-2026-001 (draft)


@pytest.fixture(scope="module")
def base_url(sample_site, serve_dir):
    return serve_dir(sample_site)


def search(page, query: str) -> list[str]:
    page.fill("input.md-search__input", query)
    page.keyboard.press("End")  # fill() sends no key events; mkdocs-material searches on keyup
    page.wait_for_function(
        "() => document.querySelector('.md-search-result__meta') && "
        "!/正在初始化|Initializing/.test(document.querySelector('.md-search-result__meta').textContent)",
        timeout=20000,
    )
    page.wait_for_timeout(300)
    return [a.get_attribute("href") for a in page.query_selector_all(".md-search-result__item > a")]


def test_chinese_word_in_one_case_body_finds_that_case(page, base_url):
    page.goto(base_url + "/")
    hits = search(page, BODY_ONLY_WORD)
    assert hits, "no search result"
    assert all("cases/shawan-2023-001/" in h for h in hits), hits


def test_unit_name_finds_its_unit_page(page, base_url):
    page.goto(base_url + "/")
    hits = search(page, "码头警务室")
    assert any(urlsplit(h).path.rstrip("/").endswith("units/matou") for h in hits), hits


def test_unpublished_case_is_not_searchable(page, base_url, sample_site):
    index = json.loads((sample_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    indexed = "".join(doc["title"] + doc["text"] for doc in index["docs"]).replace("\u200b", "")
    assert BODY_ONLY_WORD in indexed and INTERNAL_WORD in indexed
    assert DRAFT_WORD not in indexed
    page.goto(base_url + "/")
    assert not [h for h in search(page, DRAFT_WORD) if "qingshi-2026-001" in h]
    # the internal edition does include approved internal cases
    assert any("cases/shawan-2024-001/" in h for h in search(page, INTERNAL_WORD))


def visible_cards(page) -> list[str]:
    return page.eval_on_selector_all(
        ".cb-cases .cb-card", "els => els.filter(e => !e.hidden).map(e => e.querySelector('a').getAttribute('href'))")


def test_filters_come_from_the_url_and_combine(page, base_url):
    page.goto(base_url + "/cases/?unit=shawan")
    shawan = visible_cards(page)
    assert shawan and all("shawan-" in h for h in shawan)
    assert page.input_value("select[name=unit]") == "shawan"
    page.goto(base_url + "/cases/?unit=qingshi&criterion=dispute-resolution&year=2024")
    assert visible_cards(page) == ["../cases/qingshi-2024-001/"] or visible_cards(page) == ["qingshi-2024-001/"]
    assert page.inner_text(".cb-count__shown") == "1"


def test_choosing_a_filter_updates_the_shareable_url(page, base_url):
    page.goto(base_url + "/cases/")
    total = len(visible_cards(page))
    page.select_option("select[name=tag]", "mediation")
    filtered = visible_cards(page)
    assert 0 < len(filtered) < total
    assert urlsplit(page.url).query == "tag=mediation"
    page.select_option("select[name=year]", "2023")
    assert urlsplit(page.url).query == "tag=mediation&year=2023"
    page.click(".cb-filters button[type=reset]")
    page.wait_for_function("() => location.search === ''")
    assert len(visible_cards(page)) == total


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
    search(page, BODY_ONLY_WORD)
    page.wait_for_load_state("networkidle")
    hosts = {urlsplit(u).netloc for u in requested if not u.startswith(("data:", "blob:"))}
    assert hosts == {urlsplit(base_url).netloc}, sorted(set(requested))
    assert len(requested) > 10  # pages, CSS, JS, search worker and index were all loaded


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
