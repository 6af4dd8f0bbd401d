"""The body of a case: the required `## ` sections, each with some text."""
from __future__ import annotations

from case_factory import BODY, VALID_LINES, front_matter, where

CASE = "cases/shawan/shawan-2024-001.md"
# With VALID_LINES the closing --- is line 9 and the body starts on line 10.
# In BODY: ## 背景 on line 11, ## 做法 15, ## 成效 19, ## 可复制经验 23.


def write(project, body: str) -> None:
    project.case("shawan", "shawan-2024-001", raw=front_matter(*VALID_LINES, body=body))


def errors(project) -> list[tuple]:
    return [where(p) for p in project.errors()]


def test_the_four_sections_are_required(project):
    write(project, BODY.replace("## 成效\n\n邻里纠纷警情由每月 23 起降至 9 起。\n\n", ""))
    assert errors(project) == [(CASE, 10, None, "missing-section", "error")]
    message = project.errors()[0].message("zh")
    assert message == "缺少正文小节“## 成效”：正文应包含 ## 背景、## 做法、## 成效、## 可复制经验"


def test_an_empty_body_misses_every_section(project):
    write(project, "")
    problems = project.errors()
    assert [(p.line, p.params["section"]) for p in problems] == [
        (10, "背景"), (10, "做法"), (10, "成效"), (10, "可复制经验")]


def test_an_empty_section(project):
    write(project, BODY.replace("每周开一次“板凳会”，当场调解。\n", ""))
    assert errors(project) == [(CASE, 15, None, "empty-section", "error")]
    assert project.errors()[0].message("zh") == "小节“## 做法”是空的：请在标题下写上内容"


def test_a_section_with_only_a_comment_is_empty(project):
    write(project, BODY.replace("每周开一次“板凳会”，当场调解。", "<!-- 待补充 -->"))
    assert errors(project) == [(CASE, 15, None, "empty-section", "error")]


def test_a_subheading_alone_is_not_empty(project):
    write(project, BODY.replace("每周开一次“板凳会”，当场调解。", "### 第一步"))
    assert errors(project) == []


def test_a_heading_without_a_space_is_a_section_as_on_the_page(project):
    # Python-Markdown, which renders the page, reads "##背景" as a level-2 heading
    write(project, BODY.replace("## 背景", "##背景"))
    assert errors(project) == []


def test_a_heading_indented_by_spaces_is_text_on_the_page_and_points_at_that_line(project):
    # ... and "   ## 背景" as a paragraph of text: the page has no section 背景
    write(project, BODY.replace("## 背景", "   ## 背景"))
    assert errors(project) == [(CASE, 11, None, "missing-section", "error")]
    message = project.errors()[0].message("zh")
    assert message.endswith("；第 11 行写成了“   ## 背景”，应为“## 背景”（在行首写两个 # 加一个空格）")
    assert project.errors()[0].message("en").endswith(
        '; line 11 reads "   ## 背景", expected "## 背景" (two # at the start of the line, then a space)')


def test_near_miss_heading_of_the_wrong_level(project):
    write(project, BODY.replace("## 可复制经验", "### 可复制经验"))
    assert errors(project) == [(CASE, 23, None, "missing-section", "error")]
    assert "“### 可复制经验”" in project.errors()[0].message("zh")


def test_a_heading_inside_a_code_block_is_not_a_section(project):
    body = BODY.replace("## 背景\n", "```\n## 背景\n```\n")
    write(project, body)
    assert errors(project) == [(CASE, 10, None, "missing-section", "error")]
    # and no nonsense hint claiming line 12 "reads ## 背景, expected ## 背景"
    assert "行写成了" not in project.errors()[0].message("zh")


def test_closing_hashes_are_allowed(project):
    write(project, BODY.replace("## 背景", "## 背景 ##"))
    assert errors(project) == []


def test_extra_sections_are_fine(project):
    write(project, BODY + "\n## 附件\n\n流程图。\n")
    assert errors(project) == []


def test_the_section_list_is_configurable(project):
    project.mkdocs(casebook={"sections": ["背景", "做法", "成效", "可复制经验", "推广情况"]})
    write(project, BODY)
    assert errors(project) == [(CASE, 10, None, "missing-section", "error")]
    assert project.errors()[0].params["section"] == "推广情况"


def test_a_shorter_configured_section_list(project):
    project.mkdocs(casebook={"sections": ["做法", "成效"]})
    write(project, "\n## 做法\n\n开板凳会。\n\n## 成效\n\n警情下降。\n")
    assert errors(project) == []


def test_a_bad_section_setting_is_reported_against_mkdocs_yml(project):
    project.mkdocs(casebook={"sections": "背景"})
    write(project, BODY)
    # MkDocs validates the plugin's options (as in `mkdocs build`); the problem names the option
    assert errors(project) == [("mkdocs.yml", None, "plugins.casebook.sections", "mkdocs-config", "error")]


def test_template_hints_left_in_place_are_warnings(project):
    write(project, BODY.replace("每周开一次“板凳会”，当场调解。", "【请填写】具体怎么做"))
    report = project.validate()
    assert report.errors == []
    assert [where(p) for p in report.warnings] == [(CASE, 15, None, "unfilled-hint", "warning")]
