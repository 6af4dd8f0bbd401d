"""Reading a case file: encodings, line ends, the front-matter fences and the YAML in them.

Each test writes one broken file and asserts the exact problem a clerk sees.
"""
from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from case_factory import BODY, VALID_LINES, front_matter, replace_line, where

CASE = "cases/shawan/shawan-2024-001.md"


def write(project, text: str | bytes) -> None:
    project.case("shawan", "shawan-2024-001", raw=text)


def only_error(project):
    report = project.validate()
    assert len(report.errors) == 1, report.as_text("en")
    return report.errors[0]


def test_the_hand_written_valid_case_has_no_problems(project):
    write(project, front_matter(*VALID_LINES))
    report = project.validate()
    assert report.problems == []
    assert report.cases == 1


# --- bytes and line ends ------------------------------------------------------

def test_utf8_bom_is_accepted(project):
    write(project, b"\xef\xbb\xbf" + front_matter(*VALID_LINES).encode("utf-8"))
    assert project.validate().problems == []


def test_crlf_is_accepted_and_lines_stay_right(project):
    text = front_matter(*replace_line("visibility", "visibility: no"))
    write(project, text.replace("\n", "\r\n").encode("utf-8"))
    problem = only_error(project)
    assert where(problem) == (CASE, 7, "visibility", "invalid-value", "error")


def test_crlf_body_sections_are_found_on_the_right_line(project):
    text = front_matter(*VALID_LINES, body=BODY.replace("## 做法", "   ## 做法"))
    write(project, text.replace("\n", "\r\n").encode("utf-8"))
    problem = only_error(project)
    assert where(problem) == (CASE, 15, None, "missing-section", "error")


def test_gbk_bytes_are_an_error_that_says_utf8_in_both_languages(project):
    write(project, front_matter(*VALID_LINES).encode("gbk"))
    problem = only_error(project)
    # the first non-ASCII byte is in the title on line 2
    assert where(problem) == (CASE, 2, None, "not-utf8", "error")
    zh, en = problem.message("zh"), problem.message("en")
    assert "UTF-8" in zh and "第 2 行" in zh and "GBK" in zh
    assert "UTF-8" in en and "line 2" in en and "GBK" in en
    assert "\ufffd" not in zh + en
    assert problem.as_text("zh").startswith(f"{CASE}:2: error[not-utf8]: ")


def test_gbk_bytes_later_in_the_body_name_that_line(project):
    text = front_matter(*replace_line("title", "title: Bandeng meeting"),
                        body="\n## 背景\n\nplain ascii\n")  # line 13
    data = text.encode("utf-8") + "\n## 做法\n\n调解\n".encode("gb18030")
    write(project, data)
    problem = only_error(project)
    assert where(problem) == (CASE, 15, None, "not-utf8", "error")
    assert "\ufffd" not in problem.message("zh")


def test_utf16_is_an_error_naming_utf16(project):
    write(project, front_matter(*VALID_LINES).encode("utf-16"))
    problem = only_error(project)
    assert where(problem) == (CASE, 1, None, "not-utf8", "error")
    assert "UTF-16" in problem.message("zh") and "UTF-16" in problem.message("en")


def test_utf16_without_bom_is_not_read_as_text(project):
    # UTF-16-LE ASCII is valid UTF-8 full of NUL bytes; it must not become "---\0-\0-\0"
    write(project, front_matter(*VALID_LINES).encode("utf-16-le"))
    problem = only_error(project)
    assert where(problem) == (CASE, 1, None, "not-utf8", "error")
    assert "UTF-16" in problem.message("en")


def test_a_nul_byte_in_the_body_is_an_error_not_silently_kept(project):
    write(project, front_matter(*VALID_LINES, body="\n## 背景\n\n内容\x00\n") )
    errors = project.errors()
    assert [where(p) for p in errors] == [(CASE, 13, None, "not-utf8", "error")]


def test_a_control_character_in_front_matter_names_its_line_and_column(project):
    # libyaml reports a byte offset; after Chinese text it must still be the right line
    write(project, front_matter(*replace_line("summary", "summary: 社区民警\x1b召开板凳会")))
    problem = only_error(project)
    assert where(problem) == (CASE, 8, None, "yaml-syntax", "error")
    assert "U+001B" in problem.message("zh") and "第 14 列" in problem.message("zh")
    assert "column 14" in problem.message("en")


def test_a_file_over_the_configured_limit_is_refused_unread(project):
    project.mkdocs(casebook={"max_case_bytes": 2000})
    write(project, front_matter(*VALID_LINES, body=BODY + "很长的正文。" * 200))
    size = os.path.getsize(project.root / CASE)
    problem = only_error(project)
    assert where(problem) == (CASE, None, None, "file-too-large", "error")
    assert problem.params == {"size": size, "limit": 2000}
    assert "2000" in problem.message("zh") and str(size) in problem.message("zh")


def test_the_default_size_limit_is_one_mebibyte(project):
    write(project, front_matter(*VALID_LINES, body=BODY + "x" * (1024 * 1024)))
    problem = only_error(project)
    assert problem.code == "file-too-large"
    assert problem.params["limit"] == 1024 * 1024


# --- the front-matter fences -------------------------------------------------------

def test_empty_file(project):
    write(project, "")
    assert where(only_error(project)) == (CASE, 1, None, "empty-file", "error")


def test_file_of_blank_lines_is_empty(project):
    write(project, "\n  \n\n")
    assert where(only_error(project)) == (CASE, 1, None, "empty-file", "error")


def test_missing_front_matter_quotes_the_first_line(project):
    write(project, "# “板凳会”化解邻里纠纷\n" + BODY)
    problem = only_error(project)
    assert where(problem) == (CASE, 1, None, "missing-front-matter", "error")
    assert "“# “板凳会”化解邻里纠纷”" in problem.message("zh")


def test_unterminated_front_matter_points_at_the_opening_fence(project):
    write(project, "---\n" + "\n".join(VALID_LINES) + "\n" + BODY)
    problem = only_error(project)
    assert where(problem) == (CASE, 1, None, "unterminated-front-matter", "error")


# --- YAML ---------------------------------------------------------------------------

def test_fullwidth_colon_after_a_key(project):
    write(project, front_matter(*replace_line("title", "title：“板凳会”化解邻里纠纷")))
    problem = only_error(project)
    assert where(problem) == (CASE, 2, "title", "fullwidth-colon", "error")
    assert "title: …" in problem.message("zh")


def test_fullwidth_colon_in_a_value_is_fine(project):
    write(project, front_matter(*replace_line("summary", "summary: 做法：每周一次板凳会")))
    assert project.validate().problems == []


# The heuristics explain what libyaml could not parse; they never overrule a value it did parse.

@pytest.mark.parametrize("line", ["ratio:3", "ABC：123", "\tindented:by a tab", "\u3000全角空格开头"])
def test_any_line_of_a_block_text_is_content(project, line):
    write(project, front_matter(*replace_line("summary", "summary: |\n  第一行\n  " + line)))
    report, validated = project.check()
    assert report.problems == []
    assert validated.cases[0].data["summary"] == "第一行\n" + line


def test_a_quoted_value_over_two_lines_may_hold_a_fullwidth_colon(project):
    write(project, front_matter(*replace_line("summary", 'summary: "做法\n  ABC：每周一次板凳会"')))
    report, validated = project.check()
    assert report.problems == []
    assert validated.cases[0].data["summary"] == "做法 ABC：每周一次板凳会"


def test_a_plain_value_continued_on_the_next_line_may_look_like_a_key(project):
    write(project, front_matter(*replace_line("summary", "summary: 做法\n  ratio:3")))
    assert project.validate().problems == []


def test_no_space_after_a_colon_that_yaml_reads_as_a_list_item_text(project):
    write(project, front_matter(*VALID_LINES, "contacts:", "  - name:张三", "    role: 民警"))
    problem = only_error(project)
    assert where(problem) == (CASE, 10, "name", "no-space-after-colon", "error")


def test_no_space_after_a_colon_that_breaks_the_yaml(project):
    write(project, front_matter(*replace_line("date", "date:2024-03-18")))
    problem = only_error(project)
    assert where(problem) == (CASE, 3, "date", "no-space-after-colon", "error")


def test_an_unclosed_quote_is_not_explained_by_the_text_inside_it(project):
    write(project, front_matter(*replace_line("summary", "summary: '做法\n  ABC：每周一次")))
    problem = only_error(project)
    assert where(problem) == (CASE, 8, None, "yaml-syntax", "error")
    assert "引号没有闭合" in problem.message("zh")


def test_a_slip_after_a_block_text_is_still_explained(project):
    write(project, front_matter(*replace_line("summary", "summary: |\n  ratio:3\ntitle2：x")))
    problem = only_error(project)
    assert where(problem) == (CASE, 10, "title2", "fullwidth-colon", "error")


def test_text_after_a_real_comment_of_a_plain_value_is_reported(project):
    write(project, front_matter(*replace_line("summary", "summary: 做法 #每周一次板凳会")))
    problem = only_error(project)
    assert where(problem) == (CASE, 8, "summary", "comment-in-value", "error")


@pytest.mark.parametrize("line", ["summary: '做法 #每周一次'", "summary: |\n  做法 #每周一次", "summary: 做法#每周一次"])
def test_a_hash_that_is_not_a_comment_is_content(project, line):
    write(project, front_matter(*replace_line("summary", line)))
    assert project.validate().problems == []


def test_broken_yaml_names_line_and_column(project):
    write(project, front_matter(*replace_line("title", "title: 板凳会: 化解纠纷")))
    problem = only_error(project)
    assert where(problem) == (CASE, 2, None, "yaml-syntax", "error")
    assert "第 11 列" in problem.message("zh")
    assert "column 11" in problem.message("en")
    assert "引号" in problem.message("zh")  # the fix: quote a value that contains ": "


def test_an_unclosed_quote_points_where_it_was_opened(project):
    write(project, front_matter(*replace_line("title", 'title: "板凳会化解纠纷')))
    problem = only_error(project)
    assert where(problem) == (CASE, 2, None, "yaml-syntax", "error")
    assert "第 8 列" in problem.message("zh") and "引号没有闭合" in problem.message("zh")


def test_an_unclosed_bracket_points_where_it_was_opened(project):
    write(project, front_matter(*replace_line("criteria", "criteria: [dispute-resolution, community")))
    problem = only_error(project)
    assert where(problem) == (CASE, 4, None, "yaml-syntax", "error")
    assert "[" in problem.message("zh") and "column 11" in problem.message("en")


def test_tab_indentation(project):
    write(project, front_matter(*replace_line("criteria", "criteria:\n\t- dispute-resolution")))
    problem = only_error(project)
    assert where(problem) == (CASE, 5, None, "tab-indent", "error")


def test_duplicate_keys_name_both_lines(project):
    write(project, front_matter(*VALID_LINES, "status: draft"))
    problem = only_error(project)
    assert where(problem) == (CASE, 9, "status", "duplicate-key", "error")
    assert "第 6 行和第 9 行" in problem.message("zh")
    assert "lines 6 and 9" in problem.message("en")


def test_duplicate_keys_inside_a_list_item(project):
    write(project, front_matter(*VALID_LINES, "contacts:", "  - name: 王某某", "    role: 所长", "    name: 赵某"))
    problem = only_error(project)
    assert where(problem) == (CASE, 12, "name", "duplicate-key", "error")
    assert "lines 10 and 12" in problem.message("en")


@pytest.mark.parametrize("value, tag", [
    ("!!python/object/apply:os.system ['echo hacked']", "tag:yaml.org,2002:python/object/apply:os.system"),
    ("!!python/object:__main__.X {}", "tag:yaml.org,2002:python/object:__main__.X"),
    ("!foo 板凳会", "!foo"),
    ("!!str 板凳会", "tag:yaml.org,2002:str"),
])
def test_any_yaml_tag_is_refused(project, value, tag):
    write(project, front_matter(*replace_line("title", f"title: {value}")))
    problem = only_error(project)
    assert where(problem) == (CASE, 2, None, "yaml-tag", "error")
    assert problem.params["tag"] == tag


def test_anchor_is_refused(project):
    write(project, front_matter(*replace_line("criteria", "criteria: &c [dispute-resolution]")))
    problem = only_error(project)
    assert where(problem) == (CASE, 4, None, "yaml-anchor", "error")
    assert "&c" in problem.message("zh")


def test_alias_is_refused(project):
    # An alias to an anchor defined nowhere is still an alias, not a syntax error.
    write(project, front_matter(*VALID_LINES, "related: *c"))
    problem = only_error(project)
    assert where(problem) == (CASE, 9, None, "yaml-alias", "error")
    assert "*c" in problem.message("en")


def test_billion_laughs_fails_fast_at_the_first_anchor(project):
    lines = ['lol0: &a0 ["哈哈哈哈哈哈哈哈哈哈"]']
    lines += [f"lol{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    write(project, front_matter(*VALID_LINES, *lines))
    problem = only_error(project)
    assert where(problem) == (CASE, 9, None, "yaml-anchor", "error")


def test_deep_nesting_is_a_clean_problem_not_a_recursion_error(project):
    write(project, front_matter(*VALID_LINES, "related: " + "[" * 10_000 + "]" * 10_000))
    problem = only_error(project)
    assert where(problem) == (CASE, 9, None, "too-deep", "error")


def test_unclosed_deep_nesting_is_a_clean_problem(project):
    write(project, front_matter(*VALID_LINES, "related: " + "[" * 10_000))
    problem = only_error(project)
    assert where(problem) == (CASE, 9, None, "too-deep", "error")


def test_front_matter_that_is_a_list_not_fields(project):
    write(project, front_matter("- title: 板凳会", "- date: 2024-03-18"))
    problem = only_error(project)
    assert where(problem) == (CASE, 2, None, "not-mapping", "error")
    assert "列表" in problem.message("zh")


def test_empty_front_matter_reports_every_missing_field_at_line_1(project):
    write(project, front_matter())
    errors = project.errors()
    assert {where(p) for p in errors} == {
        (CASE, 1, name, "missing-field", "error")
        for name in ("title", "date", "criteria", "status", "visibility", "summary")
    }


# --- odd things on disk ------------------------------------------------------------------

def test_a_folder_named_like_a_case_is_reported_not_read(project):
    (project.root / "cases/shawan/x.md").mkdir(parents=True)
    report = project.validate()
    assert [where(p) for p in report.problems] == [("cases/shawan/x.md", None, None, "not-regular-file", "error")]


def test_a_dangling_link_is_a_problem_not_a_crash(project):
    (project.root / "cases/shawan").mkdir(parents=True)
    os.symlink(project.root / "nowhere.md", project.root / CASE)
    problem = only_error(project)
    assert where(problem) == (CASE, None, None, "symlink", "error")
    assert CASE in problem.message("zh")


# --- never a crash, whatever the bytes ------------------------------------------------------

PIECES = ["---", "\n", "\r\n", "title", "date", "criteria", "tags", "related", "results", ":", ": ", "：",
          " ", "  ", "\t", "[", "]", "{", "}", ",", "- ", "&a ", "*a", "!foo ", "!!python/object ", "'", '"',
          "#", "no", "on", "010", "2024-1-1", "2024-03-18", "null", "~", "|", ">", "?", "\x00", "\x1b",
          "\ufeff", "## 背景", "## 做法", "```", "中文", "\\", "%YAML 1.1", "...", "=", "<<"]
yamlish = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=yamlish)
def test_any_front_matter_gives_problems_never_an_exception(project, text):
    write(project, "---\n" + text)
    report = project.validate()  # must not raise
    for problem in report.problems:
        assert problem.file == CASE or problem.file.startswith("cases/")
        assert problem.line is None or problem.line >= 1
        problem.as_text("zh"), problem.as_text("en")  # every message renders


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400))
def test_any_bytes_give_problems_never_an_exception(project, data):
    write(project, data)
    report = project.validate()
    for problem in report.problems:
        problem.as_text("zh"), problem.as_text("en")
        if problem.code == "not-utf8":
            assert "\ufffd" not in problem.message("zh") + problem.message("en")
