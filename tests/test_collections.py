"""Highlight collections (cases/collections/<id>.yml): every validation rule, one test each.

Each test writes one collection (COLLECTION_LINES, with the line under test changed) next to
one valid case, shawan-2024-001, and asserts the exact problem: file, line, field, code,
severity, and the message in both languages where the wording tells the editor what to do.
"""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from case_factory import COLLECTION_LINES, replace_collection_line, where
from generator.cli import main
from generator.errors import Problem

FILE = "cases/collections/best-2024.yml"
HEAD = COLLECTION_LINES[:5]  # title, date, visibility, intro, "items:" (lines 1-5)


@pytest.fixture
def project(project):
    """The factory project with one valid, approved, public case to list."""
    project.case("shawan", "shawan-2024-001")
    return project


def problems(project, edition: str = "internal") -> list[tuple]:
    return [where(p) for p in sorted(project.validate(edition=edition).problems, key=Problem.sort_key)]


def only_problem(project, edition: str = "internal") -> Problem:
    report = project.validate(edition=edition)
    assert len(report.problems) == 1, report.as_text("en")
    return report.problems[0]


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_the_hand_written_valid_collection_has_no_problems(project):
    project.collection("best-2024")
    project.write("cases/collections/best-2024/cover.png", b"\x89PNG\r\n\x1a\n")
    assert problems(project) == []


def test_a_valid_collection_with_sections_and_a_cover_has_no_problems(project):
    project.case("qingshi", "qingshi-2024-001")
    project.write("cases/collections/best-2024/cover.png", b"\x89PNG\r\n\x1a\n")
    project.collection("best-2024", *COLLECTION_LINES[:4], "cover: best-2024/cover.png", "sections:",
                       "  - title: 品牌源头", "    items:", "      - case: shawan-2024-001",
                       "  - title: 复制推广", "    items:", "      - case: qingshi-2024-001",
                       "        note: 山区版本。")
    assert problems(project) == []
    assert problems(project, "public") == []


# --- the cases a collection lists ---------------------------------------------------

def test_unknown_case_suggests_the_closest_id(project):
    project.collection("best-2024", *HEAD, "  - case: shawan-2024-01")
    problem = only_problem(project)
    assert where(problem) == (FILE, 6, "items[0].case", "unknown-case", "error")
    assert problem.message("zh") == "案例编号“shawan-2024-01”不存在：应为已有案例的编号（即文件名，不含 .md）；是不是“shawan-2024-001”？"
    assert problem.message("en") == ('case "shawan-2024-01" does not exist: expected the id of an existing case '
                                     '(its file name without .md); did you mean "shawan-2024-001"?')


def test_unknown_case_without_a_close_id_has_no_suggestion(project):
    project.collection("best-2024", *HEAD, "  - case: zzz")
    problem = only_problem(project)
    assert where(problem) == (FILE, 6, "items[0].case", "unknown-case", "error")
    assert problem.message("en").endswith("(its file name without .md)")


def test_unknown_case_inside_a_section_names_the_section(project):
    project.collection("best-2024", *COLLECTION_LINES[:4], "sections:",
                       "  - title: 一", "    items:", "      - case: shawan-2024-001",
                       "  - title: 二", "    items:", "      - case: qingshi-2024-001")
    assert problems(project) == [(FILE, 11, "sections[1].items[0].case", "unknown-case", "error")]


def test_the_same_case_twice(project):
    project.collection("best-2024", *COLLECTION_LINES, "  - case: shawan-2024-001")
    problem = only_problem(project)
    assert where(problem) == (FILE, 8, "items[1].case", "duplicate-case", "error")
    assert problem.message("zh") == "案例“shawan-2024-001”在集锦中重复出现（items[0].case 已列出）：每个案例只能列一次"
    assert problem.message("en") == ('case "shawan-2024-001" is listed twice in the collection '
                                     '(already at items[0].case): list each case once')


def test_the_same_case_in_two_sections(project):
    project.collection("best-2024", *COLLECTION_LINES[:4], "sections:",
                       "  - title: 一", "    items:", "      - case: shawan-2024-001",
                       "  - title: 二", "    items:", "      - case: shawan-2024-001")
    problem = only_problem(project)
    assert where(problem) == (FILE, 11, "sections[1].items[0].case", "duplicate-case", "error")
    assert problem.params["first"] == "sections[0].items[0].case"


@pytest.mark.parametrize("status", ["draft", "submitted"])
def test_a_case_that_is_not_approved(project, status):
    project.case("qingshi", "qingshi-2024-001", front={"status": status})
    project.collection("best-2024", *COLLECTION_LINES, "  - case: qingshi-2024-001")
    problem = only_problem(project)
    assert where(problem) == (FILE, 8, "items[1].case", "case-not-approved", "error")
    assert problem.message("zh") == f"案例“qingshi-2024-001”的状态是 {status}：集锦只能收录已审核（approved）的案例"
    assert problem.message("en") == f'case "qingshi-2024-001" has status {status}: a collection may only list approved cases'


def test_a_listed_case_with_its_own_errors_is_reported_once_in_its_own_file(project):
    project.case("qingshi", "qingshi-2024-001", front={"status": "maybe"})
    project.collection("best-2024", *COLLECTION_LINES, "  - case: qingshi-2024-001")
    assert problems(project) == [("cases/qingshi/qingshi-2024-001.md", 8, "status", "invalid-value", "error")]


def _public_collection_with_an_internal_case(project) -> None:
    project.case("qingshi", "qingshi-2024-001", front={"visibility": "internal"})
    project.collection("best-2024", *replace_collection_line("visibility", "visibility: public"),
                       "  - case: qingshi-2024-001")


def test_internal_case_in_a_public_collection_is_a_warning_for_the_internal_edition(project):
    _public_collection_with_an_internal_case(project)
    problem = only_problem(project)
    assert where(problem) == (FILE, 8, "items[1].case", "internal-in-public", "warning")
    assert problem.message("zh") == ("公开集锦收录了内部案例“qingshi-2024-001”：公开版中应只收录 visibility: public 的案例；"
                                     "请把集锦改为 internal，或换成公开案例")
    assert problem.message("en") == ('public collection lists the internal case "qingshi-2024-001": the public edition '
                                     'may only show public cases; make the collection internal or pick a public case')


def test_internal_case_in_a_public_collection_is_an_error_for_the_public_edition(project):
    _public_collection_with_an_internal_case(project)
    assert problems(project, "public") == [(FILE, 8, "items[1].case", "internal-in-public", "error")]


def test_internal_case_in_an_internal_collection_is_fine(project):
    project.case("qingshi", "qingshi-2024-001", front={"visibility": "internal"})
    project.collection("best-2024", *COLLECTION_LINES, "  - case: qingshi-2024-001")
    assert problems(project) == [] and problems(project, "public") == []


def test_validate_cli_warns_for_internal_and_fails_for_public(project):
    _public_collection_with_an_internal_case(project)
    line = f"{FILE}:8: {{}}[internal-in-public] items[1].case: public collection lists the internal case \"qingshi-2024-001\""
    internal = run("validate", project.root, "--lang", "en")
    assert internal.exit_code == 0
    assert line.format("warning") in internal.stdout
    assert internal.stdout.endswith("Checked 2 case(s): 0 error(s), 1 warning(s)\n")
    public = run("validate", project.root, "--edition", "public", "--lang", "en")
    assert public.exit_code == 1
    assert line.format("error") in public.stdout
    assert public.stdout.endswith("Checked 2 case(s): 1 error(s), 0 warning(s)\n")


def test_public_build_stops_on_an_internal_case_in_a_public_collection(project, tmp_path):
    _public_collection_with_an_internal_case(project)
    site = tmp_path / "public-site"
    result = run("build", project.root, "--site-dir", site, "--edition", "public", "--lang", "en")
    assert result.exit_code == 1
    assert f"{FILE}:8: error[internal-in-public] items[1].case:" in result.stdout
    assert not site.exists()


# --- the fields ---------------------------------------------------------------------

def test_unknown_field_suggests_the_closest(project):
    project.collection("best-2024", *COLLECTION_LINES, "tittle: 又一个标题")
    problem = only_problem(project)
    assert where(problem) == (FILE, 8, "tittle", "unknown-field", "error")
    assert problem.message("zh") == "未知字段“tittle”：应为以下之一：title, date, intro, cover, visibility, items, sections；是不是“title”？"
    assert problem.message("en") == ('unknown field "tittle": expected one of title, date, intro, cover, visibility, '
                                     'items, sections; did you mean "title"?')


def test_unknown_field_in_an_item(project):
    project.collection("best-2024", *HEAD, "  - case: shawan-2024-001", "    notes: 建议先读。")
    problem = only_problem(project)
    assert where(problem) == (FILE, 7, "items[0].notes", "unknown-field", "error")
    assert problem.message("en") == 'unknown field "notes": expected one of case, note; did you mean "note"?'


def test_unknown_field_in_a_section(project):
    project.collection("best-2024", *COLLECTION_LINES[:4], "sections:",
                       "  - titel: 一", "    items:", "      - case: shawan-2024-001")
    assert problems(project) == [
        (FILE, 6, "sections[0].titel", "unknown-field", "error"),
        (FILE, 6, "sections[0].title", "missing-field", "error"),
    ]
    assert project.errors()[0].message("en") == 'unknown field "titel": expected one of title, items; did you mean "title"?'


def test_both_items_and_sections(project):
    project.case("qingshi", "qingshi-2024-001")
    project.collection("best-2024", *COLLECTION_LINES, "sections:",
                       "  - title: 一", "    items:", "      - case: qingshi-2024-001")
    problem = only_problem(project)
    assert where(problem) == (FILE, 1, None, "collection-items", "error")
    assert problem.message("zh") == "集锦应有 items（案例列表）或 sections（分组）之一，且只能有一个"
    assert problem.message("en") == ("a collection needs either items (a list of cases) or sections (groups), "
                                     "not both and not neither")


def test_neither_items_nor_sections(project):
    project.collection("best-2024", *COLLECTION_LINES[:4])
    assert problems(project) == [(FILE, 1, None, "collection-items", "error")]


def test_empty_item_list(project):
    project.collection("best-2024", *COLLECTION_LINES[:4], "items: []")
    assert problems(project) == [(FILE, 5, "items", "too-few-items", "error")]


@pytest.mark.parametrize("written", ["2024-13-01", "2024-1-1", "2024-02-30", "去年"])
def test_invalid_date(project, written):
    project.collection("best-2024", *replace_collection_line("date", f"date: {written}"))
    problem = only_problem(project)
    assert where(problem) == (FILE, 2, "date", "invalid-date", "error")
    assert problem.message("en").endswith(f'found "{written}"')


def test_invalid_visibility(project):
    project.collection("best-2024", *replace_collection_line("visibility", "visibility: no"))
    problem = only_problem(project)
    assert where(problem) == (FILE, 3, "visibility", "invalid-value", "error")
    assert problem.message("en") == 'invalid value: expected one of internal, public, found "no"'


@pytest.mark.parametrize("name, line", [("title", 1), ("date", 1), ("visibility", 1), ("intro", 1)])
def test_missing_required_field_points_at_the_first_line(project, name, line):
    project.collection("best-2024", *replace_collection_line(name, None))
    problem = only_problem(project)
    assert where(problem) == (FILE, line, name, "missing-field", "error")
    assert problem.message("zh") == f"缺少必填字段“{name}”：请加上一行 {name}: …"
    assert problem.message("en") == f'missing required field "{name}": add a line {name}: …'


def test_empty_title(project):
    project.collection("best-2024", *replace_collection_line("title", "title:"))
    assert problems(project) == [(FILE, 1, "title", "empty-value", "error")]


def test_a_missing_title_does_not_hide_an_unknown_case(project):
    project.collection("best-2024", *COLLECTION_LINES[1:5], "  - case: shawan-2024-01")
    assert problems(project) == [
        (FILE, 1, "title", "missing-field", "error"),
        (FILE, 5, "items[0].case", "unknown-case", "error"),
    ]


def test_an_empty_file_reports_every_missing_field(project):
    project.collection("best-2024", raw="# 还没写\n")
    assert problems(project) == [(FILE, 1, name, "missing-field", "error")
                                 for name in ("date", "intro", "title", "visibility")]


def test_a_list_instead_of_fields(project):
    project.collection("best-2024", raw="- case: shawan-2024-001\n")
    problem = only_problem(project)
    assert where(problem) == (FILE, 1, None, "not-mapping", "error")


# --- the file name ------------------------------------------------------------------

@pytest.mark.parametrize("stem, suggestion", [("Best 2024", "best-2024"), ("2024_亮点", "2024"), ("best_of", "best-of")])
def test_invalid_id_in_the_file_name(project, stem, suggestion):
    project.collection(stem)
    problem = only_problem(project)
    assert where(problem) == (f"cases/collections/{stem}.yml", None, None, "invalid-id", "error")
    assert problem.message("zh").endswith(f"实际为“{stem}”；建议改为“{suggestion}”")
    assert problem.message("en").endswith(f'found "{stem}"; use "{suggestion}" instead')


def test_windows_reserved_name(project):
    project.collection("con")
    assert problems(project) == [("cases/collections/con.yml", None, None, "reserved-name", "error")]


@pytest.mark.parametrize("suffix", [".yaml", ".YML", ".Yaml"])
def test_other_yaml_extensions_are_errors_with_the_new_name(project, suffix):
    project.collection("best-2024", suffix=suffix)
    problem = only_problem(project)
    assert where(problem) == (f"cases/collections/best-2024{suffix}", None, None, "collection-extension", "error")
    assert problem.message("zh") == f"集锦文件扩展名应为 .yml，实际为“{suffix}”；请改名为 best-2024.yml"
    assert problem.message("en") == f'collection file extension should be .yml, found "{suffix}"; rename it to best-2024.yml'


def test_stray_files_in_the_collections_folder_are_warnings(project):
    project.collection("best-2024")
    project.write("cases/collections/best-2024/cover.png", b"\x89PNG\r\n\x1a\n")  # its own folder: fine
    project.write("cases/collections/说明.docx", b"PK\x03\x04")
    project.write("cases/collections/old-2023/cover.png", b"\x89PNG\r\n\x1a\n")  # no old-2023.yml
    assert problems(project) == [
        ("cases/collections/old-2023", None, None, "stray-file", "warning"),
        ("cases/collections/说明.docx", None, None, "stray-file", "warning"),
    ]


# --- the cover ------------------------------------------------------------------------

@pytest.mark.parametrize("cover", ["../shawan/shawan-2024-001/photo.png", "/etc/passwd", "cover.png",
                                   "other-2024/cover.png", "file:///etc/passwd"])
def test_cover_outside_the_collection_folder(project, cover):
    project.collection("best-2024", *COLLECTION_LINES, f"cover: {cover}")
    problem = only_problem(project)
    assert where(problem) == (FILE, 8, "cover", "attachment-outside", "error")
    assert "best-2024/" in problem.message("zh") and "best-2024/" in problem.message("en")


def test_cover_missing(project):
    project.collection("best-2024", *COLLECTION_LINES, "cover: best-2024/cover.png")
    problem = only_problem(project)
    assert where(problem) == (FILE, 8, "cover", "attachment-missing", "error")
    assert problem.message("en").startswith('attachment "best-2024/cover.png" does not exist: put the file in the best-2024/ folder')


def test_cover_present(project):
    project.write("cases/collections/best-2024/cover.png", b"\x89PNG\r\n\x1a\n")
    project.collection("best-2024", *COLLECTION_LINES, "cover: best-2024/cover.png")
    assert problems(project) == []


# --- YAML mistakes ----------------------------------------------------------------

def test_tab_indentation(project):
    project.collection("best-2024", *HEAD, "\t- case: shawan-2024-001")
    problem = only_problem(project)
    assert where(problem) == (FILE, 6, None, "tab-indent", "error")
    assert problem.message("en").startswith("tab used for indentation: YAML expects spaces")


def test_duplicate_key(project):
    project.collection("best-2024", *COLLECTION_LINES, "title: 另一个标题")
    problem = only_problem(project)
    assert where(problem) == (FILE, 8, "title", "duplicate-key", "error")
    assert problem.message("zh") == "字段“title”重复出现（第 1 行和第 8 行）：每个字段只能写一次；请删掉其中一行"


def test_duplicate_key_in_an_item(project):
    project.collection("best-2024", *COLLECTION_LINES, "    note: 又一条编者按")
    # the loader names the key only, as for a case's nested keys (tests/test_read.py)
    assert problems(project) == [(FILE, 8, "note", "duplicate-key", "error")]


def test_fullwidth_colon(project):
    project.collection("best-2024", *replace_collection_line("title", "title：2024 年亮点集锦"))
    assert (FILE, 1, "title", "fullwidth-colon", "error") in problems(project)


def test_every_collection_problem_is_reported_in_one_run(project):
    project.collection("best-2024", *HEAD, "  - case: shawan-2024-01")
    project.collection("best-2025", *replace_collection_line("date", "date: 2025-1-1"))
    project.collection("old", suffix=".yaml")
    assert problems(project) == [
        (FILE, 6, "items[0].case", "unknown-case", "error"),
        ("cases/collections/best-2025.yml", 2, "date", "invalid-date", "error"),
        ("cases/collections/old.yaml", None, None, "collection-extension", "error"),
    ]
