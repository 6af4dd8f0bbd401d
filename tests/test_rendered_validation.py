"""Validation reads the body as the page shows it: the renderer's own Markdown parse.

Headings (the required sections), links, images, footnotes and raw HTML all come from the
tree Python-Markdown builds for the page, so `validate` and the page cannot disagree.
"""
from __future__ import annotations


import pytest
from click.testing import CliRunner

from case_factory import BODY, VALID_LINES, front_matter, where
from generator.cli import main
from generator.render import render_body

CASE = "cases/shawan/shawan-2024-001.md"
CASE_ID = "shawan-2024-001"
# With VALID_LINES the body starts on line 10; BODY's "## 可复制经验" is line 23 and the
# text appended after BODY starts on line 27.
APPENDED = 27


def write(project, body: str) -> None:
    project.case("shawan", CASE_ID, raw=front_matter(*VALID_LINES, body=body))


def problems(project) -> list[tuple]:
    return sorted(where(p) for p in project.validate().problems)


FOOTNOTE = BODY.replace("邻里纠纷警情由每月 23 起降至 9 起。", "邻里纠纷警情由每月 23 起降至 9 起[^1]。") + (
    "\n[^1]: 数据来源：沙湾派出所 2023 年警情统计表\n")


def test_a_footnote_definition_is_a_footnote_not_an_attachment(project):
    write(project, FOOTNOTE)
    assert problems(project) == []


def test_a_link_inside_a_footnote_is_checked_on_its_line(project):
    write(project, FOOTNOTE + "\n[^2]: 见 [统计表](../secret.xlsx)\n")
    # FOOTNOTE ends with the definition on line 27, a blank line, then [^2] on line 29
    assert problems(project) == [(CASE, 29, None, "attachment-outside", "error")]


@pytest.mark.build
def test_a_case_with_a_footnote_builds_and_shows_it(project):
    write(project, FOOTNOTE)
    project.write("docs/index.md", "# 案例库\n")
    site = project.root.parent / "built"
    result = CliRunner().invoke(main, ["build", str(project.root), "--site-dir", str(site)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    (page,) = [p for p in site.rglob("index.html") if CASE_ID in p.parent.name]
    html = page.read_text(encoding="utf-8")
    assert "数据来源：沙湾派出所 2023 年警情统计表" in html
    assert 'class="footnote-ref"' in html


# A 4-backtick fence ends only at a line of 4 backticks: the 3-backtick line inside is code.
FENCED = BODY.replace("## 做法\n", "````text\n```\n代码\n````\n\n## 做法\n")


def test_a_fence_of_four_backticks_holding_three_validates_like_the_page(project):
    write(project, FENCED)
    assert problems(project) == []
    assert '<h2 id="practice">做法</h2>' in render_body(FENCED, CASE_ID).html


def test_a_heading_that_the_page_shows_as_code_is_missing(project):
    body = BODY.replace("## 做法\n", "````text\n```\n## 做法\n````\n")
    write(project, body)
    assert problems(project) == [(CASE, 10, None, "missing-section", "error")]
    html = render_body(body, CASE_ID).html
    assert '<h2 id="practice">' not in html and "## 做法" in html  # shown as code


LINKS_IN_CODE = "\n".join([
    "````markdown",
    "```",
    "![图](../../etc/passwd)",
    "[点我](javascript:alert(1))",
    "<script>alert(1)</script>",
    "```",
    "````",
    "",
    "行内代码 `<img src=\"../x.png\" onerror=\"alert(1)\">` 也只是文字。",
])


def test_links_images_and_html_inside_code_are_not_checked(project):
    write(project, BODY + "\n" + LINKS_IN_CODE + "\n")
    assert problems(project) == []


def test_the_same_links_outside_code_are_checked_on_their_lines(project):
    write(project, BODY + "\n![图](../../etc/passwd)\n\n[点我](javascript:alert(1))\n\n<script>alert(1)</script>\n")
    assert problems(project) == [
        (CASE, APPENDED, None, "attachment-outside", "error"),
        (CASE, APPENDED + 2, None, "unsafe-link", "warning"),
        (CASE, APPENDED + 4, None, "unsafe-html", "warning"),
    ]


def test_a_missing_section_points_at_the_near_miss_the_page_shows_not_at_code(project):
    body = BODY.replace("## 可复制经验\n", "````text\n```\n### 可复制经验\n````\n\n### 可复制经验\n")
    write(project, body)
    (problem,) = project.validate().problems
    # the fence takes lines 23-26 and a blank line: the heading of the wrong level is line 28
    assert where(problem) == (CASE, 28, None, "missing-section", "error")
    assert "第 28 行写成了“### 可复制经验”" in problem.message("zh")


def test_a_section_heading_with_markup_is_the_section_the_page_shows(project):
    write(project, BODY.replace("## 成效", "## **成效**"))
    assert problems(project) == []


def test_a_setext_heading_is_a_section_on_its_line(project):
    write(project, BODY.replace("## 做法\n", "做法\n----\n").replace("每周开一次“板凳会”，当场调解。", ""))
    assert problems(project) == [(CASE, 15, None, "empty-section", "error")]


def test_reference_links_are_checked_where_the_url_is_written(project):
    write(project, BODY + "\n见[附件][a]。\n\n[a]: ../outside.pdf\n")
    assert problems(project) == [(CASE, APPENDED + 2, None, "attachment-outside", "error")]


def test_a_body_nested_too_deep_to_render_is_a_problem_not_a_crash(project):
    write(project, BODY + "\n" + "- " * 500 + "列表\n")
    # The nesting scan answers before the parse is tried, on the list's own line.
    assert problems(project) == [(CASE, APPENDED, None, "too-deep-nesting", "error")]


def test_a_body_too_deep_to_render_does_not_spoil_the_next_case(project):
    project.case("shawan", "shawan-2024-000", raw=front_matter(*VALID_LINES, body=BODY + "\n" + "- " * 500 + "列表\n"))
    write(project, BODY)  # read after the deep one (files are read in name order)
    assert [p for p in project.validate().problems if p.file == CASE] == []
