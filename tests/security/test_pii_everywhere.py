"""Personal data is found wherever a reader sees it, however it is spelled, and never printed in full.

Every case is written by hand (front matter one field a line, see case_factory.VALID_LINES): the
line appended after BODY is line 27 of the case file.
"""
from __future__ import annotations

import json

import sys
import unicodedata

import pytest

from case_factory import BODY, CRITERIA_YML, TAGS_YML, UNITS_YML, VALID_LINES, front_matter, replace_line, where
from generator.pii import FORMAT_CHARS, find_personal_data

CASE = "cases/shawan/shawan-2024-001.md"
LINE = 27
PHONE, PHONE_MASKED = "13800138000", "138******00"


def with_check_digit(first17: str) -> str:
    """An ID number with a correct MOD 11-2 check digit (GB 11643), computed independently here."""
    weights = [2 ** (17 - i) % 11 for i in range(17)]
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights)) % 11]


ID = with_check_digit("11010519491231002")  # 11010519491231002X


def write(project, extra: str = "", lines: tuple[str, ...] = VALID_LINES) -> None:
    project.case("shawan", "shawan-2024-001", raw=front_matter(*lines, body=BODY + "\n" + extra + "\n"))


def found(project, edition: str = "internal") -> list[tuple]:
    report = project.validate(edition=edition)
    return sorted(where(p) + (p.params.get("masked"),) for p in report.problems)


def printed(project, edition: str = "internal") -> str:
    report = project.validate(edition=edition)
    return "\n".join([report.as_text("zh"), report.as_text("en"), report.as_json("zh"), report.as_json("en")])


# --- (a) every message is masked, not only pii-* ones ------------------------------------------

def test_a_mobile_number_used_as_a_tag_is_found_and_never_printed(project):
    write(project, lines=replace_line("tags", f"tags: [mediation, '{PHONE}']"))
    assert found(project) == [
        (CASE, 5, "tags[1]", "pii-phone", "error", PHONE_MASKED),
        (CASE, 5, "tags[1]", "unknown-tag", "error", None),
    ]
    text = printed(project)
    assert PHONE not in text and PHONE_MASKED in text


def test_an_id_number_in_a_commented_value_is_not_printed(project):
    write(project, lines=replace_line("summary", f"summary: 社区民警调解纠纷 # 当事人 {ID}"))
    assert [w[:5] for w in found(project)] == [(CASE, 8, "summary", "comment-in-value", "error")]
    text = printed(project)
    assert ID not in text and "110*************2X" in text


def test_an_id_number_as_a_field_name_is_found_and_masked_in_the_field_too(project):
    write(project, lines=(*VALID_LINES, f"'{ID}': 张三"))
    assert found(project) == [
        (CASE, 9, ID, "pii-id-number", "error", "110*************2X"),
        (CASE, 9, ID, "unknown-field", "error", None),
    ]
    assert ID not in printed(project)


def test_an_attachment_named_with_a_mobile_number(project):
    write(project)
    project.write(f"cases/shawan/shawan-2024-001/{PHONE}.jpg", b"\xff\xd8\xff")
    assert found(project) == [(f"cases/shawan/shawan-2024-001/{PHONE}.jpg", None, None, "pii-phone", "error",
                               PHONE_MASKED)]
    text = printed(project)
    assert PHONE not in text and f"cases/shawan/shawan-2024-001/{PHONE_MASKED}.jpg" in text


# --- (b) the registries, shown on the pages of every edition --------------------------------

REGISTRIES = [
    pytest.param("cases/units.yml", UNITS_YML.replace("小事不出村", f"有事打 {PHONE}"), 6, "[1].brand.slogan",
                 "pii-phone", PHONE_MASKED, id="unit-brand-slogan"),
    pytest.param("cases/units.yml", UNITS_YML + f"  contact: {{name: 张三 {ID}, role: 所长}}\n", 10,
                 "[2].contact.name", "pii-id-number", "110*************2X", id="unit-contact"),
    pytest.param("cases/criteria.yml", CRITERIA_YML.replace("防止民转刑", "如 川A12345 车主纠纷"), 3,
                 "[0].description", "pii-plate", "川A***45", id="criterion-description"),
    pytest.param("cases/tags.yml", TAGS_YML.replace("[纠纷调解]", f"[纠纷调解, '{PHONE}']"), 3,
                 "[0].aliases[1]", "pii-phone", PHONE_MASKED, id="tag-alias"),
    pytest.param("cases/tags.yml", TAGS_YML.replace("name: 巡逻防控", f"name: 巡逻 {PHONE}"), 5,
                 "[1].name", "pii-phone", PHONE_MASKED, id="tag-name"),
]


@pytest.mark.parametrize("file, text, line, field, code, masked", REGISTRIES)
def test_registries_are_scanned_errors_for_the_public_edition(project, file, text, line, field, code, masked):
    write(project)
    project.write(file, text)
    assert found(project, "public") == [(file, line, field, code, "error", masked)]
    assert found(project, "internal") == [(file, line, field, code, "warning", masked)]
    assert PHONE not in printed(project, "public") and ID not in printed(project, "public")


def test_a_collection_note_is_scanned(project):
    write(project)
    project.collection("best-2024", "title: 2024 年亮点集锦", "date: 2024-12-31", "visibility: public",
                       "intro: 本年度最值得学习的案例。", "items:", "  - case: shawan-2024-001",
                       f"    note: 当事人电话 {PHONE}")
    assert (("cases/collections/best-2024.yml", 7, "items[0].note", "pii-phone", "error", PHONE_MASKED)
            in found(project))


def test_a_collection_file_named_with_a_mobile_number(project):
    write(project)
    project.collection("best-2024")  # COLLECTION_LINES: an internal collection
    project.write(f"cases/collections/best-2024/封面{PHONE}.png", b"\x89PNG")
    assert found(project) == [(f"cases/collections/best-2024/封面{PHONE}.png", None, None, "pii-phone", "warning",
                               PHONE_MASKED)]
    assert PHONE not in printed(project)


# --- (c) every spelling a page renders as a plain number -----------------------------------

SPELLINGS = [
    pytest.param("&#49;3800138000", "pii-phone", PHONE_MASKED, id="decimal-character-reference"),
    pytest.param("&#x31;&#x33;800138000", "pii-phone", PHONE_MASKED, id="hex-character-references"),
    pytest.param("138\u00a00013\u00a08000", "pii-phone", "138 **** **00", id="no-break-spaces"),
    pytest.param("138&nbsp;0013&nbsp;8000", "pii-phone", "138 **** **00", id="nbsp-references"),
    pytest.param("138\u200b0013\u200b8000", "pii-phone", PHONE_MASKED, id="zero-width-spaces"),
    pytest.param("138\u20600013\ufeff8000", "pii-phone", PHONE_MASKED, id="word-joiner-and-bom"),
    pytest.param("138**0013**8000", "pii-phone", PHONE_MASKED, id="emphasis-around-a-part"),
    pytest.param("138<b>0013</b>8000", "pii-phone", PHONE_MASKED, id="html-tags-around-a-part"),
    pytest.param("138\u20130013\u20138000", "pii-phone", "138-****-**00", id="en-dashes"),
    pytest.param("138\u22120013\u22128000", "pii-phone", "138-****-**00", id="minus-signs"),
    pytest.param("身份证**" + ID + "**", "pii-id-number", "110*************2X", id="id-in-emphasis"),
    pytest.param("110105491231002", "pii-id-number", "110**********02", id="old-15-digit-id"),
    pytest.param("川 A12345", "pii-plate", "川 A***45", id="plate-with-a-space"),
    pytest.param("川\u00a0A·12345", "pii-plate", "川 A·***45", id="plate-with-a-no-break-space"),
]


@pytest.mark.parametrize("text, code, masked", SPELLINGS)
def test_a_number_spelled_so_that_the_page_shows_it_plainly(project, text, code, masked):
    write(project, f"当事人：{text}。")
    assert found(project) == [(CASE, LINE, None, code, "error", masked)]
    assert masked in printed(project)


def test_a_spelled_number_in_a_field_is_found_on_its_line(project):
    write(project, lines=replace_line("title", "title: 帮助车主 &#49;38-0013-8000 找回车辆"))
    assert found(project) == [(CASE, 2, "title", "pii-phone", "error", "138-****-**00")]


def test_pii_allow_may_name_the_number_as_written_or_as_shown(project):
    write(project, "服务电话 138**0013**8000，热线 &#49;3900139000。",
          lines=(*VALID_LINES, "pii_allow: ['138**0013**8000', '13900139000']"))
    assert found(project) == []


def test_letters_around_a_number_do_not_hide_it(project):
    # A reader sees "tel13800138000" as a phone number; a code that only looks like one is
    # acknowledged with pii_allow (an error in a public case, so it is never published unseen).
    write(project, "电话 tel13800138000，身份证ID110101199003077774。")
    line = (project.root / CASE).read_text(encoding="utf-8").split("\n").index(
        "电话 tel13800138000，身份证ID110101199003077774。") + 1
    assert [f[:5] for f in found(project)] == [(CASE, line, None, "pii-id-number", "error"),
                                               (CASE, line, None, "pii-phone", "error")]
    assert "13800138000" not in printed(project) and "110101199003077774" not in printed(project)


def test_a_longer_run_of_digits_is_not_a_phone_number(project):
    write(project, "案卷编号 2024138001380001。")
    assert found(project) == []


def test_an_id_like_number_with_a_wrong_check_digit_is_masked_in_every_message(project):
    project.case("shawan", "shawan-2024-001", front={"tags": ["身份证110101199003077777"]})
    report = project.validate()
    (problem,) = report.problems
    assert problem.code == "unknown-tag"
    assert "110101199003077777" not in problem.as_text("zh") + json.dumps(problem.as_dict("zh"), ensure_ascii=False)
    assert "110*************77" in problem.as_text("zh")


def test_the_format_characters_cover_unicodes_category_cf():
    listed, parts, i = set(), FORMAT_CHARS, 0
    while i < len(parts):  # "a-b" ranges and single characters
        if i + 2 < len(parts) and parts[i + 1] == "-":
            listed.update(chr(c) for c in range(ord(parts[i]), ord(parts[i + 2]) + 1))
            i += 3
        else:
            listed.add(parts[i])
            i += 1
    assert listed >= {chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"}


# --- (d) impossible birth dates are not ID numbers ----------------------------------------------

@pytest.mark.parametrize("first17", [
    pytest.param("11010519491331002", id="month-13"),
    pytest.param("11010520230230002", id="30-february"),
    pytest.param("11010520230229002", id="29-february-2023"),
    pytest.param("11010519490001002", id="month-0"),
])
def test_an_id_number_with_an_impossible_birth_date_is_not_one(project, first17):
    write(project, f"案卷号 {with_check_digit(first17)}。")
    assert found(project) == []


def test_a_leap_day_is_a_birth_date(project):
    number = with_check_digit("11010520000229002")
    write(project, f"身份证 {number}。")
    assert found(project) == [(CASE, LINE, None, "pii-id-number", "error", f"110*************{number[-2:]}")]


def test_a_15_digit_number_needs_a_real_date_and_a_province():
    assert [m.code for m in find_personal_data("号 110105491231002")] == ["pii-id-number"]
    assert list(find_personal_data("号 110105491331002")) == []  # month 13
    assert list(find_personal_data("号 990105491231002")) == []  # no province 99
