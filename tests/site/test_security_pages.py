"""Hostile case content, built with the real MkDocs and looked at in Chromium: contributor
text is data. One test per input; the validation side of these inputs is in
tests/security/test_hostile_inputs.py.

Every payload that could run sets ``window.__xss`` (or opens a dialog); each test also
checks that nothing ran.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from case_factory import BODY, CRITERIA_YML, TAGS_YML, UNITS_YML, Project
from conftest import build, read, search_box, wait_for_case_list
from search_index import records_by_url

pytestmark = pytest.mark.build

SITE_NAME = "测试案例库"
MKDOCS_YML = f"""\
site_name: {SITE_NAME}
theme:
  name: material
  language: zh
  font: false
plugins:
  - casebook
markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - toc
  - pymdownx.snippets:
      base_path: ['.', 'cases', '/']
      check_paths: false
"""

BODY_CASE, FIELDS_CASE, REGISTRY_CASE = "shawan-2024-001", "shawan-2024-002", "qingshi-2024-001"

# One body holding every body payload, each in its own paragraph; links are told apart by their text.
LINKS = {
    "link-javascript": "[link-javascript](javascript:window.__xss='link-javascript')",
    "link-mixed-case": "[link-mixed-case](JaVaScRiPt:window.__xss='link-mixed-case')",
    "link-hex-entity": "<a href=\"jav&#x61;script:window.__xss='link-hex-entity'\">link-hex-entity</a>",
    "link-decimal-entity": "<a href=\"&#106;avascript:window.__xss='link-decimal-entity'\">link-decimal-entity</a>",
    "link-tab": "<a href=\"java\tscript:window.__xss='link-tab'\">link-tab</a>",
    "link-percent": "[link-percent](%6A%61vascript:window.__xss='link-percent')",
    "link-vbscript": "[link-vbscript](vbscript:msgbox(1))",
    "link-data-html": "<a href=\"data:text/html,<script>alert('link-data-html')</script>\">link-data-html</a>",
    "link-onclick": "<a href=\"https://example.org/\" onclick=\"window.__xss='link-onclick'\">link-onclick</a>",
}
IMAGES = {
    "img-javascript": "<img alt=\"img-javascript\" src=\"javascript:window.__xss='img-javascript'\">",
    "img-data-svg": "![img-data-svg](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9ImFsZXJ0KDEpIi8+)",
}
TEMPLATE_TEXT = "模板 {{ 7*7 }} 和 {% include \"mkdocs.yml\" %} 以及 {# 注释 #} 原样显示"
SNIPPET = '--8<-- "mkdocs.yml"'
HOSTILE_BODY = BODY.replace("## 做法\n", "\n\n".join([
    "## 做法\n",
    "<script>window.__xss='script-element'</script>",
    "<img id=\"broken-img\" src=\"https://127.0.0.1:1/a.png\" onerror=\"window.__xss='onerror'\">",
    *LINKS.values(),
    *IMAGES.values(),
    "<iframe src=\"data:text/html,<script>parent.__xss='iframe'</script>\"></iframe>",
    "<object data=\"data:text/html,<script>parent.__xss='object'</script>\"></object>",
    "<embed src=\"data:text/html,<script>parent.__xss='embed'</script>\">",
    "<style>.cb-body { display: none } /* STYLE-PAYLOAD */</style>",
    "<p id=\"styled\" style=\"background: url(javascript:window.__xss='style'); width: expression(alert(1))\">styled</p>",
    TEMPLATE_TEXT,
    SNIPPET,
    "```\n" + SNIPPET + "\n```",
    "",
]))

TITLE = "<img src=x onerror=\"window.__xss='t'\">危险标题</title><script>window.__xss='t2'</script>"
SUMMARY = "<script>window.__xss='summary'</script><b>粗体摘要</b> {{ 7*7 }}"
CONTACT = {"name": "<img src=x onerror=\"window.__xss='contact'\">张三", "role": "<a href=\"javascript:alert(1)\">民警</a>"}
RESULT = {"indicator": "<svg onload=\"window.__xss='result'\">警情</svg>", "before": "{{ 7*7 }}", "after": "<i>9</i>"}
UNIT_NAME = "<img src=x onerror=\"window.__xss='unit'\">青石所"
TAG_NAME = "<b onmouseover=\"window.__xss='tag'\">巡逻</b>防控"
CRITERION_TEXT = "<script>window.__xss='criterion'</script>社区警务说明"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    project = Project(root / "project")
    project.write("mkdocs.yml", MKDOCS_YML)
    project.write("docs/index.md", "# 首页\n")
    project.write("cases/units.yml", UNITS_YML.replace("name: 青石派出所", "name: " + json.dumps(UNIT_NAME)))
    project.write("cases/criteria.yml",
                  CRITERIA_YML.replace("description: 社区民警下沉网格", "description: " + json.dumps(CRITERION_TEXT)))
    project.write("cases/tags.yml", TAGS_YML.replace("name: 巡逻防控", "name: " + json.dumps(TAG_NAME)))
    internal = {"visibility": "internal"}
    project.case("shawan", BODY_CASE, front={**internal, "title": "正文里的各种攻击"}, body=HOSTILE_BODY)
    project.case("shawan", FIELDS_CASE, front={**internal, "title": TITLE, "summary": SUMMARY, "contacts": [CONTACT],
                                               "results": [RESULT]})
    project.case("qingshi", REGISTRY_CASE, front={**internal, "title": "登记表里的攻击", "tags": ["patrol"],
                                                  "criteria": ["community-policing"]})
    result = build(project.root, root / "site")
    assert result.exit_code == 0, result.output
    return root / "site"


@pytest.fixture(scope="module")
def base_url(hostile_site, serve_dir):
    return serve_dir(hostile_site)


class Visit:
    """A tab in Chromium that records every dialog its pages try to open."""

    def __init__(self, page, url: str | None = None) -> None:
        self.page = page
        self.dialogs: list[str] = []
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        if url:
            self.goto(url)

    def goto(self, url: str) -> None:
        self.page.goto(url)
        self.page.wait_for_load_state("load")
        self.page.wait_for_timeout(200)  # image error events and timers

    def assert_nothing_ran(self) -> None:
        assert self.page.evaluate("() => window.__xss") is None
        assert self.dialogs == []

    def text(self, selector: str) -> str:
        return self.page.locator(selector).first.inner_text()


@pytest.fixture(scope="module")
def shared_page(browser):
    """One tab for the tests that only look at a page (opening it once keeps them fast)."""
    context = browser.new_context()
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def body_page(shared_page, base_url) -> Visit:
    return Visit(shared_page, f"{base_url}/cases/{BODY_CASE}/")


# --- the body ----------------------------------------------------------------------------

def test_script_element_in_body_is_removed(body_page, hostile_site):
    assert body_page.page.locator(".cb-body script").count() == 0
    assert "script-element" not in read(hostile_site, f"cases/{BODY_CASE}")
    body_page.assert_nothing_ran()


def test_onerror_attribute_is_removed(body_page, hostile_site):
    img = body_page.page.locator("#cb-broken-img")  # body ids get our prefix
    assert img.get_attribute("src") == "https://127.0.0.1:1/a.png"
    assert img.get_attribute("onerror") is None
    assert body_page.page.locator("[onerror]").count() == 0
    # The page also names its neighbour in the unit, whose title is the payload as text: read the body.
    page_html = read(hostile_site, f"cases/{BODY_CASE}")
    assert "onerror" not in page_html[page_html.index('<div class="cb-body">'):page_html.index('<nav class="cb-neighbours"')]
    body_page.assert_nothing_ran()


@pytest.mark.parametrize("text", [t for t in LINKS if t != "link-onclick"])
def test_unsafe_link_target_is_removed(body_page, text):
    link = body_page.page.locator(".cb-body a", has_text=text)
    assert link.count() == 1
    assert link.get_attribute("href") is None
    link.click()
    body_page.assert_nothing_ran()
    assert body_page.page.url.endswith(f"/cases/{BODY_CASE}/")


def test_onclick_is_removed_and_safe_href_kept(body_page):
    link = body_page.page.locator(".cb-body a", has_text="link-onclick")
    assert link.get_attribute("href") == "https://example.org/"
    assert link.get_attribute("onclick") is None


@pytest.mark.parametrize("alt", list(IMAGES))
def test_unsafe_image_source_is_removed(body_page, alt):
    image = body_page.page.locator(f'.cb-body img[alt="{alt}"]')
    assert image.count() == 1
    assert image.get_attribute("src") is None
    body_page.assert_nothing_ran()


@pytest.mark.parametrize("tag", ["iframe", "object", "embed"])
def test_embedding_element_is_removed(body_page, hostile_site, tag):
    assert body_page.page.locator(f".cb-body {tag}").count() == 0
    assert f"<{tag}" not in read(hostile_site, f"cases/{BODY_CASE}")
    body_page.assert_nothing_ran()


def test_style_element_is_removed(body_page, hostile_site):
    assert "STYLE-PAYLOAD" not in read(hostile_site, f"cases/{BODY_CASE}")
    assert body_page.page.locator(".cb-body").is_visible()


def test_style_attribute_is_removed(body_page):
    styled = body_page.page.locator("#cb-styled")
    assert styled.inner_text() == "styled"
    assert styled.get_attribute("style") is None


def test_template_syntax_is_shown_literally(body_page):
    text = body_page.text(".cb-body")
    assert TEMPLATE_TEXT in text
    assert "49" not in text


def test_snippet_line_includes_no_file(body_page, hostile_site):
    text = body_page.text(".cb-body")
    assert text.count(SNIPPET) == 2  # the paragraph and the code block
    assert "site_name" not in read(hostile_site, f"cases/{BODY_CASE}")
    assert "check_paths" not in read(hostile_site, f"cases/{BODY_CASE}")


# --- fields: shown as text everywhere --------------------------------------------------------

@pytest.fixture(scope="module")
def fields_page(browser, base_url):
    context = browser.new_context()
    yield Visit(context.new_page(), f"{base_url}/cases/{FIELDS_CASE}/")
    context.close()


def test_html_title_is_text_in_the_heading(fields_page):
    assert fields_page.text(".cb-case h1") == TITLE
    assert fields_page.page.locator(".cb-case h1 *").count() == 0
    fields_page.assert_nothing_ran()


def test_html_title_is_text_in_the_page_title(fields_page):
    assert fields_page.page.title() == f"{TITLE} - {SITE_NAME}"
    fields_page.assert_nothing_ran()


def test_html_title_is_text_in_the_header(fields_page):
    assert fields_page.text("[data-md-component=header-topic] .md-ellipsis") == TITLE


def test_html_summary_is_text(fields_page):
    assert fields_page.text(".cb-summary p:not(.admonition-title)") == SUMMARY
    fields_page.assert_nothing_ran()


def test_html_contact_is_text(fields_page):
    assert fields_page.text(".cb-contacts li") == f"{CONTACT['name']}（{CONTACT['role']}）"
    assert fields_page.page.locator(".cb-contacts img, .cb-contacts a").count() == 0


def test_html_result_is_text(fields_page):
    cells = fields_page.page.locator(".cb-results tbody td").all_inner_texts()
    assert cells == [RESULT["indicator"], RESULT["before"], RESULT["after"]]
    assert fields_page.page.locator(".cb-results svg, .cb-results i").count() == 0


def test_html_title_and_summary_are_text_in_the_filter_cards(page, base_url):
    cases = Visit(page, f"{base_url}/cases/")
    card = page.locator(f'.cb-card:has(a[href$="{FIELDS_CASE}/"])')
    assert card.locator(".cb-card__title a").inner_text() == TITLE
    assert card.locator(".cb-card__summary").inner_text() == SUMMARY
    assert card.locator("img, script, b").count() == 0
    cases.assert_nothing_ran()


def test_html_title_is_text_in_the_search_index(hostile_site):
    records = records_by_url(hostile_site)
    record = records[f"cases/{FIELDS_CASE}/"]
    # The index holds the title as plain text (search.js shows it with textContent, never as HTML).
    assert record["meta"]["title"] == TITLE
    assert TITLE.split("\n")[0] in record["meta"]["text"]


def test_html_title_is_text_in_search_results(page, base_url):
    home = Visit(page, f"{base_url}/")
    hits = search_box(page, "危险标题")
    assert any(h.endswith(f"/cases/{FIELDS_CASE}/") for h in hits), hits
    result = page.locator(f'.cb-search__result:has(a[href$="/cases/{FIELDS_CASE}/"])')
    assert result.locator(".cb-search__title").inner_text() == TITLE
    assert page.locator(".cb-search__panel img, .cb-search__panel script, .cb-search__panel b").count() == 0
    home.assert_nothing_ran()


def test_html_title_is_text_in_the_filtered_case_list(page, base_url):
    cases = Visit(page, f"{base_url}/cases/?q=" + "危险标题")
    wait_for_case_list(page)
    card = page.locator(f'.cb-found .cb-card:has(a[href$="/cases/{FIELDS_CASE}/"])')
    assert card.locator(".cb-card__title a").inner_text() == TITLE
    assert page.locator(".cb-found img, .cb-found script, .cb-found b").count() == 0
    cases.assert_nothing_ran()


# --- registry fields -------------------------------------------------------------------------

def test_html_unit_name_is_text(page, base_url):
    visit = Visit(page, f"{base_url}/units/qingshi/")
    assert visit.text(".cb-unit h1") == UNIT_NAME
    assert page.title() == f"{UNIT_NAME} - {SITE_NAME}"
    visit.assert_nothing_ran()
    visit.goto(f"{base_url}/cases/")
    assert page.locator('.cb-filters select[name="unit"] option[value="qingshi"]').inner_text() == UNIT_NAME
    assert page.locator(".cb-cards img").count() == 0
    visit.assert_nothing_ran()


def test_html_tag_name_is_text(page, base_url):
    tag = Visit(page, f"{base_url}/tags/patrol/")
    assert tag.text(".cb-tag h1") == f"#{TAG_NAME}"
    assert page.locator(".cb-tag h1 b").count() == 0
    tag.assert_nothing_ran()


def test_html_criterion_description_is_text(page, base_url):
    criterion = Visit(page, f"{base_url}/criteria/community-policing/")
    assert criterion.text(".cb-description") == CRITERION_TEXT
    criterion.assert_nothing_ran()


# --- the whole site ------------------------------------------------------------------------

def test_no_page_of_the_site_runs_contributor_script(page, base_url, hostile_site):
    pages = sorted(p.parent.relative_to(hostile_site).as_posix() for p in hostile_site.rglob("index.html"))
    assert len(pages) > 10
    visit = Visit(page)
    for url in pages:
        visit.goto(f"{base_url}/{'' if url == '.' else url + '/'}")
        visit.assert_nothing_ran()
        source = read(hostile_site, url)
        assert not re.search(r"<[^>]*__xss", source), url  # in a tag: an attribute
        assert not re.search(r"<script[^>]*>[^<]*__xss", source, re.I), url  # in a script element
