"""The fields of a case's front matter: values checked as written, required, known, resolved."""
from __future__ import annotations

import pytest

from case_factory import DROP, VALID_LINES, front_matter, replace_line, where

CASE = "cases/shawan/shawan-2024-001.md"


def write(project, *lines: str) -> None:
    project.case("shawan", "shawan-2024-001", raw=front_matter(*lines))


def errors(project) -> list[tuple]:
    return [where(p) for p in project.errors()]


def only_error(project):
    report = project.validate()
    assert len(report.problems) == 1, report.as_text("en")
    return report.problems[0]


# --- YAML implicit typing: every value is the text it was written with ---------------

def test_visibility_no_is_the_word_no_not_false(project):
    write(project, *replace_line("visibility", "visibility: no"))
    problem = only_error(project)
    assert where(problem) == (CASE, 7, "visibility", "invalid-value", "error")
    assert problem.params["found"] == "no"
    assert problem.message("zh") == "取值无效：应为以下之一：internal（仅内网）、public（可公开），实际为“no”"
    assert problem.message("en") == 'invalid value: expected one of internal, public, found "no"'


def test_status_on_is_the_word_on_not_true(project):
    write(project, *replace_line("status", "status: on"))
    problem = only_error(project)
    assert where(problem) == (CASE, 6, "status", "invalid-value", "error")
    assert problem.params["found"] == "on"
    assert "draft, submitted, approved" in problem.message("en")


def test_date_without_leading_zeros_is_invalid(project):
    write(project, *replace_line("date", "date: 2024-1-1"))
    problem = only_error(project)
    assert where(problem) == (CASE, 3, "date", "invalid-date", "error")
    assert "2024-1-1" in problem.message("zh") and "2024-03-18" in problem.message("zh")


def test_impossible_date_is_invalid(project):
    write(project, *replace_line("date", "date: 2024-02-30"))
    assert errors(project) == [(CASE, 3, "date", "invalid-date", "error")]


def test_date_with_time_is_invalid(project):
    write(project, *replace_line("date", "date: 2024-03-18 10:00:00"))
    assert errors(project) == [(CASE, 3, "date", "invalid-date", "error")]


def test_unquoted_and_quoted_dates_are_both_accepted_as_text(project):
    write(project, *replace_line("date", "date: '2024-03-18'"))
    report, validated = project.check()
    assert report.problems == []
    assert validated.cases[0].front.date == "2024-03-18"


@pytest.mark.parametrize("written, value", [
    ("title: 010", "010"),
    ("title: 123456789012345678", "123456789012345678"),
    ("title: 1e3", "1e3"),
    ("title: yes", "yes"),
    ("title: 0x1F", "0x1F"),
    ("title: 12:30", "12:30"),
])
def test_title_keeps_exactly_the_text_written(project, written, value):
    write(project, *replace_line("title", written))
    report, validated = project.check()
    assert report.problems == []
    assert validated.cases[0].front.title == value


def test_an_18_digit_number_in_a_result_stays_exact(project):
    write(project, *VALID_LINES, "results:",
          "  - {indicator: 身份证号码核验数, before: 123456789012345678, after: 123456789012345679}")
    report, validated = project.check()
    assert report.problems == []
    (result,) = validated.cases[0].front.results
    assert (result.before, result.after) == ("123456789012345678", "123456789012345679")


def test_null_title_is_empty_not_the_text_null(project):
    write(project, *replace_line("title", "title: null"))
    assert errors(project) == [(CASE, 2, "title", "empty-value", "error")]


def test_quoted_null_is_text(project):
    write(project, *replace_line("title", "title: 'null'"))
    report, validated = project.check()
    assert report.problems == [] and validated.cases[0].front.title == "null"


# --- required and unknown fields -----------------------------------------------------

@pytest.mark.parametrize("name", ["title", "date", "criteria", "status", "visibility", "summary"])
def test_missing_required_field_points_at_the_opening_fence(project, name):
    write(project, *replace_line(name, None))
    problem = only_error(project)
    assert where(problem) == (CASE, 1, name, "missing-field", "error")
    assert f"{name}: …" in problem.message("zh")


def test_unknown_field_suggests_the_close_one(project):
    write(project, *replace_line("title", "titel: 板凳会"))
    assert errors(project) == [
        (CASE, 1, "title", "missing-field", "error"),
        (CASE, 2, "titel", "unknown-field", "error"),
    ]
    problem = project.errors()[1]
    assert problem.message("zh").endswith("；是不是“title”？")
    assert problem.message("en").endswith('; did you mean "title"?')
    assert "summary" in problem.message("en")  # lists what is allowed


def test_chinese_key_suggests_the_field_it_means(project):
    write(project, *replace_line("title", "标题: 板凳会"))
    problem = project.errors()[1]
    assert where(problem) == (CASE, 2, "标题", "unknown-field", "error")
    assert problem.message("zh").endswith("；是不是“title”？")


def test_unknown_field_with_nothing_close_has_no_suggestion(project):
    write(project, *VALID_LINES, "weather: 晴")
    problem = only_error(project)
    assert where(problem) == (CASE, 9, "weather", "unknown-field", "error")
    assert "是不是" not in problem.message("zh")


def test_unknown_field_inside_a_result_row(project):
    write(project, *VALID_LINES, "results:", "  - {indicator: 警情, before: 23, afterr: 9}")
    assert errors(project) == [
        (CASE, 10, "results[0].after", "missing-field", "error"),
        (CASE, 10, "results[0].afterr", "unknown-field", "error"),
    ]
    assert project.errors()[1].message("en").endswith('did you mean "after"?')


def test_missing_field_inside_a_contact_points_at_the_contact(project):
    write(project, *VALID_LINES, "contacts:", "  - name: 王某某", "  - name: 赵某", "    role: 社区民警")
    assert errors(project) == [(CASE, 10, "contacts[0].role", "missing-field", "error")]


# --- values ----------------------------------------------------------------------------

def test_summary_over_200_characters(project):
    write(project, *replace_line("summary", "summary: " + "板" * 201))
    problem = only_error(project)
    assert where(problem) == (CASE, 8, "summary", "too-long", "error")
    assert "200" in problem.message("zh") and "201" in problem.message("zh")


def test_summary_of_exactly_200_characters_is_fine(project):
    write(project, *replace_line("summary", "summary: " + "板" * 200))
    assert project.validate().problems == []


def test_criteria_empty(project):
    write(project, *replace_line("criteria", "criteria: []"))
    problem = only_error(project)
    assert where(problem) == (CASE, 4, "criteria", "too-few-items", "error")


def test_criteria_written_as_text_not_a_list(project):
    write(project, *replace_line("criteria", "criteria: dispute-resolution"))
    problem = only_error(project)
    assert where(problem) == (CASE, 4, "criteria", "wrong-type", "error")
    assert "列表" in problem.message("zh") and "文本" in problem.message("zh")


def test_empty_title(project):
    write(project, *replace_line("title", "title: ''"))
    assert errors(project) == [(CASE, 2, "title", "empty-value", "error")]


# --- references to the registries ---------------------------------------------------------

def test_criteria_may_be_ids_or_exact_names(project):
    write(project, *replace_line("criteria", "criteria: [dispute-resolution, 社区警务]"))
    report, validated = project.check()
    assert report.problems == []
    assert validated.cases[0].criteria == ("dispute-resolution", "community-policing")


def test_unknown_criterion_by_id_and_by_name(project):
    write(project, *replace_line("criteria", "criteria:\n  - dispute-resolutoin\n  - 巡逻"))
    assert errors(project) == [
        (CASE, 5, "criteria[0]", "unknown-criterion", "error"),
        (CASE, 6, "criteria[1]", "unknown-criterion", "error"),
    ]
    by_id, by_name = project.errors()
    assert by_id.message("en").endswith('found "dispute-resolutoin"; did you mean "dispute-resolution"?')
    assert by_name.message("zh") == ("创建清单项无效：应为以下之一（编号或名称）："
                                      "矛盾纠纷化解（dispute-resolution）、社区警务（community-policing），实际为“巡逻”")


def test_tags_may_be_id_name_or_alias(project):
    write(project, *replace_line("tags", "tags: [patrol, 矛盾调解]"), "related: []")
    report, validated = project.check()
    assert report.problems == []
    assert validated.cases[0].tags == ("patrol", "mediation")


def test_tag_alias_resolves(project):
    write(project, *replace_line("tags", "tags: [纠纷调解]"))
    report, validated = project.check()
    assert report.problems == [] and validated.cases[0].tags == ("mediation",)


def test_unknown_tag(project):
    write(project, *replace_line("tags", "tags: [mediation, 巡逻防空]"))
    problem = only_error(project)
    assert where(problem) == (CASE, 5, "tags[1]", "unknown-tag", "error")
    assert "是不是“巡逻防控”" in problem.message("zh") and "tags.yml" in problem.message("zh")


def test_the_same_tag_twice_is_a_warning_naming_both_spellings(project):
    write(project, *replace_line("tags", "tags: [mediation, 纠纷调解]"))
    problem = only_error(project)
    assert where(problem) == (CASE, 5, "tags[1]", "duplicate-item", "warning")
    assert problem.message("zh") == "第 2 项“纠纷调解”与第 1 项“mediation”指的是同一项；请删掉重复的一项"


# --- references to other cases ---------------------------------------------------------------

def test_replicated_from_and_related_name_existing_cases(project):
    project.case("qingshi", "qingshi-2023-001")
    write(project, *VALID_LINES, "replicated_from: qingshi-2023-001", "related: [qingshi-2023-001]")
    assert project.validate().problems == []


def test_replicated_from_unknown_case(project):
    project.case("qingshi", "qingshi-2023-001")
    write(project, *VALID_LINES, "replicated_from: qingshi-2023-002")
    problem = only_error(project)
    assert where(problem) == (CASE, 9, "replicated_from", "unknown-case", "error")
    assert problem.message("en").endswith('did you mean "qingshi-2023-001"?')


def test_related_unknown_case_names_the_list_item_and_its_line(project):
    project.case("qingshi", "qingshi-2023-001")
    write(project, *VALID_LINES, "related:", "  - qingshi-2023-001", "  - hedong-2024-007")
    problem = only_error(project)
    assert where(problem) == (CASE, 11, "related[1]", "unknown-case", "error")


def test_a_case_cannot_refer_to_itself(project):
    write(project, *VALID_LINES, "replicated_from: shawan-2024-001", "related: [shawan-2024-001]")
    assert errors(project) == [
        (CASE, 9, "replicated_from", "self-reference", "error"),
        (CASE, 10, "related[0]", "self-reference", "error"),
    ]


def test_unknown_case_never_suggests_the_case_itself(project):
    write(project, *VALID_LINES, "related: [shawan-2024-002]")
    problem = only_error(project)
    assert problem.code == "unknown-case" and "shawan-2024-001" not in problem.message("zh")


def test_a_reference_must_be_a_valid_id(project):
    write(project, *VALID_LINES, "replicated_from: 青石-2023-001")
    problem = project.errors()[0]
    assert where(problem) == (CASE, 9, "replicated_from", "invalid-id", "error")


def test_references_are_checked_even_when_other_fields_are_wrong(project):
    lines = [line for line in replace_line("tags", "tags: [巡逻防空]") if not line.startswith("title")]
    write(project, *lines, "related: [nope]")
    assert errors(project) == [
        (CASE, 1, "title", "missing-field", "error"),
        (CASE, 4, "tags[0]", "unknown-tag", "error"),
        (CASE, 8, "related[0]", "unknown-case", "error"),
    ]


def test_front_dict_helper_writes_a_valid_case(project):
    project.case("shawan", "shawan-2024-001", front={"tags": DROP})
    assert project.validate().problems == []
