"""One run reports everything, in one shape, in the reader's language."""
from __future__ import annotations

import json
import re

from case_factory import BODY, UNITS_YML, VALID_LINES, front_matter, replace_line, where
from generator.messages import CATALOG


def test_every_problem_of_every_file_is_reported_in_one_run(project):
    project.write("cases/units.yml", UNITS_YML + "- id: matou\n  name: 码头警务室\n  parent: hedong\n")
    project.case("shawan", "shawan-2024-001", raw=front_matter(
        *replace_line("visibility", "visibility: no"), "titel: 重复标题", "related: [nope-2024-001]",
        body=BODY.replace("## 做法", "   ## 做法")))
    project.case("shawan", "shawan-2024-002", raw="---\ntitle：板凳会\n---\n" + BODY)
    project.case("qingshi", "qingshi-2024-001", raw=front_matter(*VALID_LINES).encode("gbk"))
    project.case("qingshi", "Qingshi-2024-002", front={"date": "2024-1-1", "criteria": ["巡逻"]})
    project.write("cases/qingshi/notes.txt", "备忘")
    report = project.validate()
    assert [where(p) for p in report.errors] == [
        ("cases/qingshi/Qingshi-2024-002.md", None, None, "invalid-id", "error"),
        ("cases/qingshi/Qingshi-2024-002.md", 3, "date", "invalid-date", "error"),
        ("cases/qingshi/Qingshi-2024-002.md", 5, "criteria[0]", "unknown-criterion", "error"),
        ("cases/qingshi/qingshi-2024-001.md", 2, None, "not-utf8", "error"),
        ("cases/shawan/shawan-2024-001.md", 7, "visibility", "invalid-value", "error"),
        ("cases/shawan/shawan-2024-001.md", 9, "titel", "unknown-field", "error"),
        ("cases/shawan/shawan-2024-001.md", 10, "related[0]", "unknown-case", "error"),
        ("cases/shawan/shawan-2024-001.md", 17, None, "missing-section", "error"),
        ("cases/shawan/shawan-2024-002.md", 2, "title", "fullwidth-colon", "error"),
        ("cases/units.yml", 12, "[3].parent", "unknown-parent", "error"),
    ]
    assert [where(p) for p in report.warnings] == [("cases/qingshi/notes.txt", None, None, "stray-file", "warning")]
    assert report.cases == 4


def test_text_report_is_one_line_per_problem_then_a_summary(project):
    project.case("shawan", "shawan-2024-001", raw=front_matter(
        *replace_line("criteria", "criteria:\n  - dispute-resolution\n  - 巡逻")))
    project.write("cases/shawan/notes.txt", "备忘")
    assert project.validate().as_text("zh").split("\n") == [
        "cases/shawan/notes.txt: warning[stray-file]: 文件“cases/shawan/notes.txt”不会被发布："
        "案例应为单位文件夹中的 .md 文件，附件应放在与案例同名的文件夹中",
        "cases/shawan/shawan-2024-001.md:6: error[unknown-criterion] criteria[1]: 创建清单项无效："
        "应为以下之一（编号或名称）：矛盾纠纷化解（dispute-resolution）、社区警务（community-policing），实际为“巡逻”",
        "共检查 1 个案例：1 个错误，1 个警告",
    ]
    assert project.validate().as_text("en").split("\n")[-1] == "Checked 1 case(s): 1 error(s), 1 warning(s)"


def test_json_report_shape(project):
    project.case("shawan", "shawan-2024-001", front={"visibility": "no"})
    project.write("cases/shawan/notes.txt", "备忘")
    data = json.loads(project.validate().as_json("en"))
    assert data == {
        "errors": [{
            "file": "cases/shawan/shawan-2024-001.md", "line": 9, "field": "visibility",
            "code": "invalid-value", "message": 'invalid value: expected one of internal, public, found "no"',
        }],
        "warnings": [{
            "file": "cases/shawan/notes.txt", "line": None, "field": None, "code": "stray-file",
            "message": 'file "cases/shawan/notes.txt" is not published: cases are .md files in a unit folder, '
                       "attachments go in the folder named after the case",
        }],
        "cases": 1,
    }


def test_every_message_exists_in_both_languages():
    for code, (zh, en) in CATALOG.items():
        # A sentence is Chinese; a layout of values ("{name}（{role}）") has no words of its own.
        words = re.sub(r"\{[a-z_]+\}|[\s\W]", "", zh)
        assert any("\u4e00" <= ch <= "\u9fff" for ch in zh) or not words.strip("_"), code
        # English may quote Chinese the clerk wrote (hints, headings) but is itself English
        assert en.isascii() or en.replace("【请填写】", "").replace("…", "").isascii(), code
