"""The registries under cases/: units.yml, criteria.yml and tags.yml."""
from __future__ import annotations

import pytest

from case_factory import CRITERIA_YML, TAGS_YML, UNITS_YML, where
from generator.errors import Problem


def problems(project) -> list[tuple]:
    return [where(p) for p in sorted(project.validate().problems, key=Problem.sort_key)]


def test_duplicate_unit_id_names_the_first_line(project):
    project.write("cases/units.yml", UNITS_YML + "- id: shawan\n  name: 沙湾派出所（重复）\n")
    # UNITS_YML is 9 lines: the repeat starts on line 10, the first shawan on line 3
    assert problems(project) == [("cases/units.yml", 10, "[3].id", "duplicate-id", "error")]
    assert "第 3 行已登记" in project.errors()[0].message("zh")


def test_duplicate_criterion_id(project):
    project.write("cases/criteria.yml", CRITERIA_YML + "- id: dispute-resolution\n  name: 纠纷\n  description: x\n")
    assert problems(project) == [("cases/criteria.yml", 7, "[2].id", "duplicate-id", "error")]


def test_duplicate_tag_alias_points_at_the_alias(project):
    project.write("cases/tags.yml", TAGS_YML + "- id: dispute\n  name: 纠纷\n  aliases: [邻里纠纷, 纠纷调解]\n")
    assert problems(project) == [("cases/tags.yml", 8, "[2].aliases[1]", "duplicate-name", "error")]
    message = project.errors()[0].message("zh")
    assert "“纠纷调解”" in message and "“mediation”" in message


def test_tag_name_equal_to_another_tags_alias(project):
    project.write("cases/tags.yml", TAGS_YML + "- id: dispute\n  name: 纠纷调解\n")
    assert problems(project) == [("cases/tags.yml", 7, "[2].name", "duplicate-name", "error")]


def test_criterion_names_must_be_unique(project):
    project.write("cases/criteria.yml", CRITERIA_YML + "- id: community\n  name: 社区警务\n  description: x\n")
    assert problems(project) == [("cases/criteria.yml", 8, "[2].name", "duplicate-name", "error")]


def test_unit_parent_unknown(project):
    project.write("cases/units.yml", UNITS_YML + "- id: matou\n  name: 码头警务室\n  parent: hedong\n")
    assert problems(project) == [("cases/units.yml", 12, "[3].parent", "unknown-parent", "error")]
    assert "“hedong”" in project.errors()[0].message("zh")


def test_unit_parent_cycle_is_reported_once_with_the_whole_cycle(project):
    project.write("cases/units.yml", (
        "- id: sanjiang\n  name: 三江县公安局\n  parent: qingshi\n"
        "- id: shawan\n  name: 沙湾派出所\n  parent: sanjiang\n"
        "- id: qingshi\n  name: 青石派出所\n  parent: shawan\n"
    ))
    assert problems(project) == [("cases/units.yml", 3, "[0].parent", "parent-cycle", "error")]
    assert "sanjiang → qingshi → shawan → sanjiang" in project.errors()[0].message("zh")


def test_unit_that_is_its_own_parent(project):
    project.write("cases/units.yml", UNITS_YML + "- id: matou\n  name: 码头警务室\n  parent: matou\n")
    assert problems(project) == [("cases/units.yml", 12, "[3].parent", "parent-cycle", "error")]


@pytest.mark.parametrize("name", ["units.yml", "criteria.yml", "tags.yml"])
def test_missing_registry_file(project, name):
    (project.root / "cases" / name).unlink()
    found = [p for p in project.validate().problems if p.code == "missing-registry"]
    assert [where(p) for p in found] == [(f"cases/{name}", None, None, "missing-registry", "error")]


def test_empty_registry_file_is_an_error(project):
    project.write("cases/tags.yml", "")
    assert problems(project) == [("cases/tags.yml", 1, None, "registry-not-list", "error")]


def test_an_explicitly_empty_tag_list_is_fine(project):
    project.write("cases/tags.yml", "[]\n")
    assert problems(project) == []


def test_registry_written_as_a_mapping(project):
    project.write("cases/tags.yml", "mediation: 矛盾调解\n")
    assert problems(project) == [("cases/tags.yml", 1, None, "registry-not-list", "error")]


def test_registry_entry_that_is_not_a_mapping(project):
    project.write("cases/tags.yml", TAGS_YML + "- 社区警务\n")
    assert problems(project) == [("cases/tags.yml", 6, "[2]", "not-mapping", "error")]


def test_registry_entry_missing_a_field_and_an_unknown_field(project):
    project.write("cases/criteria.yml", CRITERIA_YML + "- id: patrol\n  name: 巡逻防控\n  descripton: 巡逻\n")
    assert problems(project) == [
        ("cases/criteria.yml", 7, "[2].description", "missing-field", "error"),
        ("cases/criteria.yml", 9, "[2].descripton", "unknown-field", "error"),
    ]
    assert project.errors()[1].message("en").endswith('did you mean "description"?')


def test_registry_id_must_be_valid(project):
    project.write("cases/tags.yml", TAGS_YML + "- id: Community Policing\n  name: 社区\n")
    assert problems(project) == [("cases/tags.yml", 6, "[2].id", "invalid-id", "error")]
    assert "“community-policing”" in project.errors()[0].message("zh")


def test_registry_yaml_problems_are_reported_like_case_problems(project):
    project.write("cases/units.yml", UNITS_YML + "- id: matou\n  name：码头警务室\n")
    assert problems(project) == [("cases/units.yml", 11, "name", "fullwidth-colon", "error")]


def test_brand_with_unknown_field(project):
    project.write("cases/units.yml", UNITS_YML.replace("slogan:", "slogen:"))
    assert problems(project) == [
        ("cases/units.yml", 6, "[1].brand.slogen", "unknown-field", "error"),
    ]
    assert project.errors()[0].message("en").endswith('did you mean "slogan"?')


def test_a_case_still_gets_checked_when_a_registry_is_broken(project):
    project.write("cases/tags.yml", "mediation: 矛盾调解\n")
    project.case("shawan", "shawan-2024-001", front={"visibility": "no"})
    codes = {(p.file, p.code) for p in project.errors()}
    assert ("cases/shawan/shawan-2024-001.md", "invalid-value") in codes
    assert ("cases/tags.yml", "registry-not-list") in codes
