"""Messages in the clerk's words (issue 11): what a clerk wrote, what it means, and the line to write instead.

Each test pins the whole report line, ``file:line: error[code] field: message``, in Chinese and
English; where a message suggests a fix, a second test writes that fix into the case and checks
that it validates.
"""
from __future__ import annotations

import pytest

from case_factory import COLLECTION_LINES, VALID_LINES, front_matter, replace_line, where

CASE = "cases/shawan/shawan-2024-001.md"


def write(project, *lines: str) -> None:
    project.case("shawan", "shawan-2024-001", raw=front_matter(*lines))


def lines_of(project, lang: str) -> list[str]:
    """The report as the clerk reads it, without the summary line."""
    return project.validate(lang).as_text(lang).split("\n")[:-1]


def assert_report(project, zh: list[str], en: list[str]) -> None:
    assert lines_of(project, "zh") == zh
    assert lines_of(project, "en") == en


# --- unknown tag, criterion, unit: names with ids, the closest first -------------------------

def test_an_unknown_tag_lists_names_with_ids_the_closest_first(project):
    write(project, *replace_line("tags", "tags: [巡逻防空]"))
    assert_report(project, [
        f"{CASE}:5: error[unknown-tag] tags[0]: 标签无效：应为 cases/tags.yml 中的编号、名称或别名之一："
        "巡逻防控（patrol）、矛盾调解（mediation），实际为“巡逻防空”；是不是“巡逻防控”？（新标签请先在 tags.yml 中登记）",
    ], [
        f"{CASE}:5: error[unknown-tag] tags[0]: unknown tag: expected an id, name or alias from cases/tags.yml: "
        '巡逻防控 (patrol), 矛盾调解 (mediation), found "巡逻防空"; did you mean "巡逻防控"? '
        "(register new tags in tags.yml first)",
    ])


def test_an_unknown_criterion_lists_names_with_ids_the_closest_first(project):
    write(project, *replace_line("criteria", "criteria: [社区]"))
    assert_report(project, [
        f"{CASE}:4: error[unknown-criterion] criteria[0]: 创建清单项无效：应为以下之一（编号或名称）："
        "社区警务（community-policing）、矛盾纠纷化解（dispute-resolution），实际为“社区”；是不是“社区警务”？",
    ], [
        f"{CASE}:4: error[unknown-criterion] criteria[0]: unknown criterion: expected one of (id or name) "
        '社区警务 (community-policing), 矛盾纠纷化解 (dispute-resolution), found "社区"; did you mean "社区警务"?',
    ])


def test_an_unknown_unit_folder_lists_unit_names_with_ids(project):
    project.case("qingshu", "qingshu-2024-001")
    assert_report(project, [
        "cases/qingshu: error[unknown-unit]: 单位“qingshu”未在 cases/units.yml 中登记（新单位请先在 units.yml 中登记）："
        "应为以下之一：青石派出所（qingshi）、三江县公安局（sanjiang）、沙湾派出所（shawan）；是不是“qingshi”？",
    ], [
        'cases/qingshu: error[unknown-unit]: unit "qingshu" is not registered in cases/units.yml (register a new unit '
        'there first): expected one of 青石派出所 (qingshi), 三江县公安局 (sanjiang), 沙湾派出所 (shawan); '
        'did you mean "qingshi"?',
    ])


def test_a_registry_of_ten_thousand_tags_lists_ten_whole_entries_and_counts_the_rest(project):
    tags = "".join(f"- id: tag-{i:05d}\n  name: 主题{i:05d}\n" for i in range(10_000))
    project.write("cases/tags.yml", "- id: patrol\n  name: 巡逻防控\n" + tags)
    write(project, *replace_line("tags", "tags: [巡逻防空]"))
    (problem,) = project.validate().problems  # once: loading 10,000 tags is most of the time
    assert problem.as_text("zh") == (
        f"{CASE}:5: error[unknown-tag] tags[0]: 标签无效：应为 cases/tags.yml 中的编号、名称或别名之一："
        + "、".join(["巡逻防控（patrol）"] + [f"主题{i:05d}（tag-{i:05d}）" for i in range(9)])
        + "……（另有 9,991 项，见 cases/tags.yml），实际为“巡逻防空”；是不是“巡逻防控”？（新标签请先在 tags.yml 中登记）")
    assert problem.as_text("en") == (
        f"{CASE}:5: error[unknown-tag] tags[0]: unknown tag: expected an id, name or alias from cases/tags.yml: "
        + ", ".join(["巡逻防控 (patrol)"] + [f"主题{i:05d} (tag-{i:05d})" for i in range(9)])
        + ', … (9,991 more in cases/tags.yml), found "巡逻防空"; did you mean "巡逻防控"? '
        "(register new tags in tags.yml first)")


# --- status and visibility in Chinese words -------------------------------------------------

def test_status_in_chinese_suggests_the_value_it_means(project):
    write(project, *replace_line("status", "status: 草稿"))
    assert_report(project, [
        f"{CASE}:6: error[invalid-value] status: 取值无效：应为以下之一：draft（草稿）、submitted（待审核）、"
        "approved（已审核），实际为“草稿”；“草稿”请写成 status: draft",
    ], [
        f'{CASE}:6: error[invalid-value] status: invalid value: expected one of draft, submitted, approved, '
        'found "草稿"; for "草稿" write status: draft',
    ])


@pytest.mark.parametrize("written, meant", [
    ("草稿", "draft"), ("待审核", "submitted"), ("已提交", "submitted"), ("提交", "submitted"),
    ("已通过", "approved"), ("已审核", "approved"), ("通过", "approved"), ("审核通过", "approved"),
    ("Draft", "draft"), ("approve", "approved"),
])
def test_each_status_word_maps_to_its_value(project, written, meant):
    write(project, *replace_line("status", f"status: {written}"))
    (problem,) = project.errors()
    assert where(problem) == (CASE, 6, "status", "invalid-value", "error")
    assert problem.message("zh").endswith(f"，实际为“{written}”；“{written}”请写成 status: {meant}")


def test_visibility_in_chinese_suggests_the_value_it_means(project):
    write(project, *replace_line("visibility", "visibility: 内网"))
    assert_report(project, [
        f"{CASE}:7: error[invalid-value] visibility: 取值无效：应为以下之一：internal（仅内网）、public（可公开），"
        "实际为“内网”；“内网”请写成 visibility: internal",
    ], [
        f'{CASE}:7: error[invalid-value] visibility: invalid value: expected one of internal, public, found "内网"; '
        'for "内网" write visibility: internal',
    ])


def test_a_word_that_means_no_value_gets_no_guess(project):
    write(project, *replace_line("status", "status: 完成"))
    (problem,) = project.errors()
    assert problem.message("zh").endswith("，实际为“完成”")


# --- Chinese commas inside a list --------------------------------------------------------------

def test_a_chinese_comma_in_a_tag_list_is_explained_and_the_list_split(project):
    write(project, *replace_line("tags", "tags: [矛盾调解，巡逻防控]"))
    assert_report(project, [
        f"{CASE}:5: error[list-separator] tags[0]: “矛盾调解，巡逻防控”被当成了一个标签：YAML 列表只用英文逗号“,”分隔，"
        "“，”不起分隔作用；请写成 tags: [矛盾调解, 巡逻防控]",
    ], [
        f'{CASE}:5: error[list-separator] tags[0]: "矛盾调解，巡逻防控" is read as one tag: a YAML list is separated '
        'by ASCII commas only, "，" separates nothing; write tags: [矛盾调解, 巡逻防控]',
    ])


def test_an_enumeration_comma_in_a_criteria_list_keeps_the_other_items(project):
    write(project, *replace_line("criteria", "criteria: [dispute-resolution、社区警务, 巡逻]"))
    zh = lines_of(project, "zh")
    assert zh[0] == (
        f"{CASE}:4: error[list-separator] criteria[0]: “dispute-resolution、社区警务”被当成了一个创建清单项："
        "YAML 列表只用英文逗号“,”分隔，“、”不起分隔作用；请写成 criteria: [dispute-resolution, 社区警务, 巡逻]")
    assert lines_of(project, "en")[0] == (
        f'{CASE}:4: error[list-separator] criteria[0]: "dispute-resolution、社区警务" is read as one criterion: '
        'a YAML list is separated by ASCII commas only, "、" separates nothing; '
        "write criteria: [dispute-resolution, 社区警务, 巡逻]")
    assert zh[1].startswith(f"{CASE}:4: error[unknown-criterion] criteria[1]: ")  # 巡逻 is its own mistake


def test_the_split_list_validates(project):
    write(project, *replace_line("tags", "tags: [矛盾调解，巡逻防控]"))
    (problem,) = project.errors()
    write(project, *replace_line("tags", problem.params["fix"]))
    report, validated = project.check()
    assert report.problems == [] and validated.cases[0].tags == ("mediation", "patrol")


def test_a_list_written_as_text_with_commas_suggests_the_list(project):
    write(project, *replace_line("tags", "tags: 矛盾调解，巡逻防控"))
    assert_report(project, [
        f"{CASE}:5: error[wrong-type] tags: 类型不对：应为列表（每项以 - 开头，或写成 [a, b]），实际为文本；"
        "请写成 tags: [矛盾调解, 巡逻防控]",
    ], [
        f"{CASE}:5: error[wrong-type] tags: wrong type: expected a list, found text; write tags: [矛盾调解, 巡逻防控]",
    ])


# --- ASCII quotes at the start of a value --------------------------------------------------------

def test_ascii_quotes_opening_a_value_are_named_with_both_fixes(project):
    write(project, *replace_line("title", 'title: "夜市守护岗"护航烟火气'))
    assert_report(project, [
        f'{CASE}:2: error[quoted-then-text] title: 值以英文引号 " 开头，引号闭合后又接着写了“护航烟火气”：'
        "YAML 把开头的英文引号当作整个值的引号，闭合后不能再有文字。请改用中文引号，写成 title: “夜市守护岗”护航烟火气；"
        "或者把整个值再用引号包起来，写成 title: '\"夜市守护岗\"护航烟火气'",
    ], [
        f'{CASE}:2: error[quoted-then-text] title: the value starts with an ASCII quote " and goes on after the '
        '''closing quote ("护航烟火气"): YAML takes an opening quote to quote the whole value, so no text may follow it. '''
        "Use Chinese quotes instead: title: “夜市守护岗”护航烟火气; or quote the whole value: "
        "title: '\"夜市守护岗\"护航烟火气'",
    ])


def test_single_quotes_opening_a_value_and_text_with_a_colon_after_them(project):
    write(project, *replace_line("summary", "summary: '板凳会'做法: 每周一次"))
    (problem,) = project.errors()
    assert problem.as_text("zh") == (
        f"{CASE}:8: error[quoted-then-text] summary: 值以英文引号 ' 开头，引号闭合后又接着写了“做法: 每周一次”："
        "YAML 把开头的英文引号当作整个值的引号，闭合后不能再有文字。请改用中文引号，写成 summary: '“板凳会”做法: 每周一次'；"
        "或者把整个值再用引号包起来，写成 summary: \"'板凳会'做法: 每周一次\"")


@pytest.mark.parametrize("fix", ["fix_cn", "fix_wrap"])
@pytest.mark.parametrize("line", ['title: "夜市守护岗"护航烟火气', 'title: "夜市守护岗" 护航', "summary: '板凳会'做法: 每周一次",
                                  'summary: "a \\"quoted\\" word" and it\'s more', 'summary: "板凳会\n  每周一次"做法'])
def test_both_quote_fixes_validate(project, line, fix):
    field = line.split(":")[0]
    write(project, *replace_line(field, line))
    (problem,) = project.errors()
    assert problem.code == "quoted-then-text"
    write(project, *replace_line(field, problem.params[fix]))
    assert project.validate().problems == []


def test_a_quoted_value_over_two_lines_is_reported_where_it_starts_and_suggested_on_one(project):
    write(project, *replace_line("summary", 'summary: "板凳会\n  每周一次"做法'))
    (problem,) = project.errors()
    assert where(problem) == (CASE, 8, "summary", "quoted-then-text", "error")
    assert (problem.params["fix_cn"], problem.params["fix_wrap"]) == (
        "summary: “板凳会 每周一次”做法", "summary: '\"板凳会 每周一次\"做法'")


def test_a_quoted_list_item_followed_by_text(project):
    write(project, *replace_line("tags", 'tags: ["矛盾调解"组, patrol]'))
    assert_report(project, [
        f'{CASE}:5: error[quoted-then-text]: 值以英文引号 " 开头，引号闭合后又接着写了“组”：'
        "YAML 把开头的英文引号当作整个值的引号，闭合后不能再有文字。请改用中文引号，写成 “矛盾调解”组；"
        "或者把整个值再用引号包起来，写成 '\"矛盾调解\"组'",
    ], [
        f'{CASE}:5: error[quoted-then-text]: the value starts with an ASCII quote " and goes on after the closing '
        'quote ("组"): YAML takes an opening quote to quote the whole value, so no text may follow it. '
        "Use Chinese quotes instead: “矛盾调解”组; or quote the whole value: '\"矛盾调解\"组'",
    ])


def test_a_whole_quoted_value_is_fine(project):
    write(project, *replace_line("title", 'title: "夜市守护岗护航烟火气"'))
    assert project.validate().problems == []


# --- " #" in a value: the whole value, however long ---------------------------------------------

LONG = ("派出所在夜市设立守护岗，民警和志愿者轮流值守 #每晚巡查三次，商户遇到纠纷可以当场找民警调解，"
        "周末增派流动巡逻，群众满意度明显提升")


def test_a_comment_in_a_long_value_suggests_the_whole_value(project):
    write(project, *replace_line("summary", f"summary: {LONG}"))
    kept, dropped = LONG.split(" #")
    assert_report(project, [
        f"{CASE}:8: error[comment-in-value] summary: “ #”之后的文字“{dropped}”会被当作注释丢掉（在 YAML 里，空格加 # "
        f"开始一段注释）：如果这是内容，请给整个值加上英文单引号，写成 summary: '{LONG}'；如果是注释，请移到单独一行",
    ], [
        f'{CASE}:8: error[comment-in-value] summary: the text after " #" ("{dropped}") is read as a comment and '
        "dropped (in YAML a space and # start a comment): if it is content, put the whole value in single quotes: "
        f"summary: '{LONG}'; if it is a comment, move it to its own line",
    ])


def test_the_suggested_value_keeps_the_spacing_and_a_single_quote(project):
    write(project, *VALID_LINES, "results:", "  - indicator: it's 警情  #\t每月", "    before: 23", "    after: 9")
    (problem,) = project.errors()
    assert where(problem) == (CASE, 10, "results[0].indicator", "comment-in-value", "error")
    assert problem.params["fix"] == "\"it's 警情  #\t每月\""


def test_the_whole_value_fix_validates(project):
    write(project, *replace_line("summary", f"summary: {LONG}"))
    (problem,) = project.errors()
    write(project, *replace_line("summary", problem.params["fix"]))
    report, validated = project.check()
    assert report.problems == [] and validated.cases[0].front.summary == LONG


# --- file extensions Windows hides ------------------------------------------------------------------

def test_a_case_saved_as_md_txt_is_told_to_be_renamed(project):
    project.case("shawan", "shawan-2024-001", suffix=".md.txt")
    assert_report(project, [
        "cases/shawan/shawan-2024-001.md.txt: error[hidden-extension]: 文件名实际是“shawan-2024-001.md.txt”"
        "（Windows 默认隐藏扩展名 .txt，看上去像 shawan-2024-001.md），不会被读取和发布：请改名为 shawan-2024-001.md"
        "（在文件资源管理器的“查看”中勾选“文件扩展名”，再删掉末尾的 .txt）",
    ], [
        'cases/shawan/shawan-2024-001.md.txt: error[hidden-extension]: the file is really named '
        '"shawan-2024-001.md.txt" (Windows hides the extension .txt, so it looks like shawan-2024-001.md) and is '
        "neither read nor published: rename it to shawan-2024-001.md (in File Explorer tick View > File name "
        "extensions, then delete the trailing .txt)",
    ])


@pytest.mark.parametrize("suffix, new_name", [
    (".MD.txt", "shawan-2024-001.md"), (".markdown.txt", "shawan-2024-001.md"), (".md.TXT", "shawan-2024-001.md"),
])
def test_other_hidden_case_extensions_name_the_md_file(project, suffix, new_name):
    project.case("shawan", "shawan-2024-001", suffix=suffix)
    (problem,) = project.validate().problems
    assert where(problem) == (f"cases/shawan/shawan-2024-001{suffix}", None, None, "hidden-extension", "error")
    assert problem.params["suggestion"] == new_name


def test_a_case_saved_as_txt_is_told_to_be_renamed_with_extensions_shown(project):
    project.case("shawan", "shawan-2024-001", suffix=".txt")
    assert_report(project, [
        "cases/shawan/shawan-2024-001.txt: error[case-extension]: 案例文件扩展名应为 .md（小写），实际为“.txt”；"
        "请改名为 shawan-2024-001.md（Windows 默认隐藏 .txt 这样的扩展名：先在文件资源管理器的“查看”中勾选“文件扩展名”，再改名）",
    ], [
        'cases/shawan/shawan-2024-001.txt: error[case-extension]: case file extension should be .md (lowercase), '
        'found ".txt"; rename it to shawan-2024-001.md (Windows hides extensions such as .txt: tick View > '
        "File name extensions in File Explorer first)",
    ])


def test_a_txt_note_that_is_no_case_stays_a_warning(project):
    project.write("cases/shawan/备忘.txt", "下周补充照片")
    (problem,) = project.validate().problems
    assert where(problem) == ("cases/shawan/备忘.txt", None, None, "stray-file", "warning")


def test_a_registry_saved_as_yml_txt_is_told_to_be_renamed(project):
    (project.root / "cases/tags.yml").rename(project.root / "cases/tags.yml.txt")
    problems = [p.as_text("zh") for p in project.validate().problems if p.code != "unknown-tag"]
    assert problems == [
        "cases/tags.yml: error[missing-registry]: 缺少登记表文件 cases/tags.yml：请在 cases/ 下创建它（可参考 casebook init 生成的项目）",
        "cases/tags.yml.txt: error[hidden-extension]: 文件名实际是“tags.yml.txt”（Windows 默认隐藏扩展名 .txt，"
        "看上去像 tags.yml），不会被读取和发布：请改名为 tags.yml（在文件资源管理器的“查看”中勾选“文件扩展名”，再删掉末尾的 .txt）",
    ]


def test_a_collection_saved_as_yml_txt_is_told_to_be_renamed(project):
    project.case("shawan", "shawan-2024-001")
    project.collection("2024-highlights", *COLLECTION_LINES, suffix=".yml.txt")
    (problem,) = project.validate().problems
    assert where(problem) == ("cases/collections/2024-highlights.yml.txt", None, None, "hidden-extension", "error")
    assert problem.params["suggestion"] == "2024-highlights.yml"


def test_ascii_quotes_in_a_registry_name_give_the_line_and_the_key(project):
    project.write("cases/units.yml", '- id: shawan\n  name: "和事佬"调解室\n')
    problems = [p for p in project.validate().problems if p.code == "quoted-then-text"]
    assert [p.as_text("zh") for p in problems] == [
        'cases/units.yml:2: error[quoted-then-text]: 值以英文引号 " 开头，引号闭合后又接着写了“调解室”：'
        "YAML 把开头的英文引号当作整个值的引号，闭合后不能再有文字。请改用中文引号，写成 name: “和事佬”调解室；"
        "或者把整个值再用引号包起来，写成 name: '\"和事佬\"调解室'",
    ]
