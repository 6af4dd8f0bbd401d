"""The folder layout: unit folders, case ids from file names, what else may lie around."""
from __future__ import annotations

import pytest

from case_factory import where
from generator.errors import Problem


def problems(project) -> list[tuple]:
    """Every problem, in the order the report prints them."""
    return [where(p) for p in sorted(project.validate().problems, key=Problem.sort_key)]


@pytest.mark.parametrize("stem, suggestion", [
    ("Shawan-2024-001", "shawan-2024-001"),
    ("shawan 2024 001", "shawan-2024-001"),
    ("shawan_2024_001", "shawan-2024-001"),
    ("沙湾-2024-001", "shawan-2024-001"),  # the Chinese named the unit: keep it
    ("板凳会", "shawan-case"),
    ("-shawan-2024-001", "shawan-2024-001"),
])
def test_invalid_case_id_suggests_a_valid_one(project, stem, suggestion):
    project.case("shawan", stem)
    rel = f"cases/shawan/{stem}.md"
    assert problems(project) == [(rel, None, None, "invalid-id", "error")]
    problem = project.errors()[0]
    assert problem.message("zh").endswith(f"实际为“{stem}”；建议改为“{suggestion}”")
    assert problem.message("en").endswith(f'found "{stem}"; use "{suggestion}" instead')


def test_case_id_over_64_characters(project):
    stem = "shawan-" + "a" * 58
    project.case("shawan", stem)
    assert problems(project) == [(f"cases/shawan/{stem}.md", None, None, "invalid-id", "error")]


def test_case_id_of_exactly_64_characters_is_fine(project):
    project.case("shawan", "shawan-" + "a" * 57)
    assert problems(project) == []


@pytest.mark.parametrize("stem", ["con", "nul", "aux", "prn", "com1", "lpt9"])
def test_windows_reserved_names(project, stem):
    project.case("shawan", stem)
    assert problems(project) == [(f"cases/shawan/{stem}.md", None, None, "reserved-name", "error")]
    assert f"“{stem}-1”" in project.errors()[0].message("zh")


def test_a_case_with_a_bad_id_is_still_checked_inside(project):
    project.case("shawan", "Shawan-2024-001", front={"visibility": "no"})
    rel = "cases/shawan/Shawan-2024-001.md"
    assert problems(project) == [
        (rel, None, None, "invalid-id", "error"),
        (rel, 9, "visibility", "invalid-value", "error"),
    ]


def test_uppercase_extension_is_an_error_with_the_new_name(project):
    project.case("shawan", "shawan-2024-001", suffix=".MD")
    assert problems(project) == [("cases/shawan/shawan-2024-001.MD", None, None, "case-extension", "error")]
    assert project.errors()[0].message("zh").endswith("请改名为 shawan-2024-001.md")


def test_markdown_extension_is_an_error_with_the_new_name(project):
    project.case("shawan", "shawan-2024-001", suffix=".markdown")
    assert problems(project) == [("cases/shawan/shawan-2024-001.markdown", None, None, "case-extension", "error")]


def test_duplicate_case_id_in_two_unit_folders_names_both_files(project):
    project.case("shawan", "banding-2024-001")
    project.case("qingshi", "banding-2024-001")
    assert problems(project) == [
        ("cases/qingshi/banding-2024-001.md", None, None, "duplicate-case-id", "error"),
        ("cases/shawan/banding-2024-001.md", None, None, "duplicate-case-id", "error"),
    ]
    first, second = project.errors()
    assert "cases/shawan/banding-2024-001.md" in first.message("zh")
    assert "cases/qingshi/banding-2024-001.md" in second.message("en")


def test_unit_folder_not_in_units_yml(project):
    project.case("shawn", "shawn-2024-001")
    assert problems(project) == [("cases/shawn", None, None, "unknown-unit", "error")]
    message = project.errors()[0].message("zh")
    # the closest first, each unit by its name and id
    assert "应为以下之一：沙湾派出所（shawan）、三江县公安局（sanjiang）、青石派出所（qingshi）；是不是“shawan”？" in message


def test_unit_folder_with_an_invalid_id(project):
    project.case("Sha Wan", "shawan-2024-001")
    assert problems(project) == [("cases/Sha Wan", None, None, "invalid-id", "error")]
    assert "“sha-wan”" in project.errors()[0].message("zh")


def test_collections_folder_is_never_a_unit(project):
    # cases/collections/ holds highlight collections (tests/test_collections.py), never cases:
    # no unknown-unit, its .md files are not cases, its .yml files are checked as collections.
    project.write("cases/collections/best-of-2024.yml", "- title: 亮点集锦\n")
    project.write("cases/collections/notes.md", "not a case\n")
    project.case("shawan", "shawan-2024-001")
    report = project.validate()
    assert report.cases == 1
    assert problems(project) == [
        ("cases/collections/best-of-2024.yml", 1, None, "not-mapping", "error"),
        ("cases/collections/notes.md", None, None, "stray-file", "warning"),
    ]


def test_attachment_folder_named_after_the_case_is_fine(project):
    project.case("shawan", "shawan-2024-001")
    project.write("cases/shawan/shawan-2024-001/tiaojieshi.png", b"\x89PNG\r\n")
    assert problems(project) == []


def test_stray_files_are_warnings(project):
    project.case("shawan", "shawan-2024-001")
    project.write("cases/readme.txt", "说明")
    project.write("cases/shawan/notes.docx", b"PK\x03\x04")
    project.write("cases/shawan/old-photos/a.jpg", b"\xff\xd8")
    assert problems(project) == [
        ("cases/readme.txt", None, None, "stray-file", "warning"),
        ("cases/shawan/notes.docx", None, None, "stray-file", "warning"),
        ("cases/shawan/old-photos", None, None, "stray-file", "warning"),
    ]
    assert project.validate().ok  # warnings never fail a run


def test_hidden_files_are_ignored(project):
    project.case("shawan", "shawan-2024-001")
    project.write("cases/.DS_Store", b"\x00\x00")
    project.write("cases/shawan/.~shawan-2024-001.md", b"lock")
    assert problems(project) == []


def test_a_unit_folder_may_be_empty(project):
    (project.root / "cases/qingshi").mkdir()
    report = project.validate()
    assert report.problems == [] and report.cases == 0
