"""`casebook import`: Word documents a station wrote -> case drafts, through the real command.

The documents are made at test time with python-docx (tests/docx_documents.py); the
ones python-docx cannot make (saved by LibreOffice, a real .doc, a PDF, a password-protected
.docx) are committed beside make.py. Each test works at a clerk's desk: the current folder
holds the project (site/) and the documents (材料/), so reports name short relative paths.
Golden files (tests/golden/import/) hold the exact Markdown written and the exact report;
after an intended change rerun with UPDATE_GOLDEN=1 and read the diff line by line.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from case_factory import UPDATE_GOLDEN
import docx_documents as make
from generator.cli import main

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
GOLDEN = HERE / "golden" / "import"
COMMITTED = HERE / "fixtures" / "docx"
DOCS = Path("材料")


def run(*args: object):
    return CliRunner(catch_exceptions=False).invoke(main, [str(a) for a in args])


def imp(*args: object):
    return run("import", *args, "--project", "site")


def files_in(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE_GOLDEN:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    assert text == path.read_text(encoding="utf-8"), f"differs from tests/golden/import/{name}"


@pytest.fixture
def desk(project, tmp_path, monkeypatch):
    """A clerk's desk: the project in ./site (units shawan 沙湾派出所 and qingshi), documents in ./材料."""
    monkeypatch.chdir(tmp_path)
    DOCS.mkdir()
    return project


# --- what is written for each kind of document ---------------------------------------------

BUILDERS = {
    "government": make.government,  # bold "一、" parts, a picture and caption, merged table, footnote
    "headings": make.with_heading_styles,  # Title and Heading styles, Word's own lists, no date line
    "auto-numbered": make.auto_numbered,  # "一、" "（一）" from Word's numbering, a date in Chinese numerals
    "without-parts": make.without_parts,  # none of the four parts, no title
    "pictures-only": make.pictures_only,  # no text at all
}


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_each_document_becomes_its_golden_draft_with_its_report(desk, name):
    source = BUILDERS[name](DOCS / f"{name}.docx")
    result = imp(source, "--unit", "沙湾派出所")
    assert result.exit_code == 0, result.output
    (case,) = (desk.root / "cases/shawan").glob("*.md")
    golden(f"{name}.md", case.read_text(encoding="utf-8"))
    golden(f"{name}.txt", result.stdout)


def test_the_report_in_english(desk):
    source = make.government(DOCS / "government.docx")
    result = imp(source, "--unit", "shawan", "--lang", "en")
    assert result.exit_code == 0
    golden("government.en.txt", result.stdout)


def test_a_document_saved_by_libreoffice_gives_the_same_draft_as_the_one_word_style_tools_wrote(desk):
    """LibreOffice rewrites every part of the file (styles, numbering, images, footnotes, the
    table's merges) its own way; the clerk gets the same case."""
    shutil.copy(COMMITTED / "libreoffice.docx", DOCS / "government.docx")
    result = imp(DOCS / "government.docx", "--unit", "shawan")
    assert result.exit_code == 0
    case = desk.root / "cases/shawan/shawan-2024-001.md"
    assert case.read_text(encoding="utf-8") == (GOLDEN / "government.md").read_text(encoding="utf-8")
    assert result.stdout == (GOLDEN / "government.txt").read_text(encoding="utf-8")


def test_pictures_are_saved_with_stable_names_and_linked_where_they_stood(desk):
    source = make.government(DOCS / "report.docx", pictures=3)
    imp(source, "--unit", "shawan")
    folder = desk.root / "cases/shawan/shawan-2024-001"
    assert sorted(p.name for p in folder.iterdir()) == ["image-01.png", "image-02.png", "image-03.png"]
    assert (folder / "image-02.png").read_bytes() == make.png(48, 32, (80, 120, 200))  # the bytes put in
    text = (desk.root / "cases/shawan/shawan-2024-001.md").read_text(encoding="utf-8")
    links = [line for line in text.splitlines() if line.startswith("![")]
    assert links == ["![图1 社区民警在院坝召开“板凳会”](shawan-2024-001/image-01.png)",
                     "![图2 调解现场](shawan-2024-001/image-02.png)",
                     "![图3 调解现场](shawan-2024-001/image-03.png)"]
    # where they stood: after the point they illustrate, before the next part
    assert text.index("*一周内*回访") < text.index(links[0]) < text.index(links[2]) < text.index("## 成效")
    assert "图2 调解现场\n" not in text.replace(links[1], "")  # a caption is not repeated as text


# --- ids, overwriting, dry runs, JSON -----------------------------------------------------

def test_ids_follow_the_highest_of_the_unit_and_year_and_nothing_is_overwritten(desk):
    desk.case("shawan", "shawan-2024-001")
    desk.write("cases/shawan/shawan-2024-002/photo.png", make.png())  # a folder whose case is gone
    desk.case("qingshi", "qingshi-2024-007")
    before = files_in(desk.root)
    first = make.government(DOCS / "一.docx")
    second = make.government(DOCS / "二.docx")
    result = imp(first, second, "--unit", "shawan")
    assert result.exit_code == 0
    after = files_in(desk.root)
    assert {k: v for k, v in after.items() if k in before} == before  # nothing there before was touched
    assert sorted(set(after) - set(before)) == [
        "cases/shawan/shawan-2024-003.md", "cases/shawan/shawan-2024-003/image-01.png",
        "cases/shawan/shawan-2024-004.md", "cases/shawan/shawan-2024-004/image-01.png"]
    assert "已导入 材料/一.docx → cases/shawan/shawan-2024-003.md（草稿，status: draft）" in result.stdout
    assert "已导入 材料/二.docx → cases/shawan/shawan-2024-004.md（草稿，status: draft）" in result.stdout


def test_the_year_of_the_id_is_the_year_of_the_document(desk):
    imp(make.auto_numbered(DOCS / "警务室.docx"), "--unit", "qingshi")  # dated 二〇二三年十一月八日
    assert [p.name for p in (desk.root / "cases/qingshi").iterdir()] == ["qingshi-2023-001.md"]


def test_dry_run_prints_each_draft_and_writes_nothing(desk):
    first = make.government(DOCS / "government.docx")
    second = make.without_parts(DOCS / "走访.docx")
    before = files_in(desk.root)
    result = imp(first, second, "--unit", "shawan", "--dry-run")
    assert result.exit_code == 0
    assert files_in(desk.root) == before
    draft = (GOLDEN / "government.md").read_text(encoding="utf-8")
    assert result.stdout.startswith(
        "试运行，未写入任何文件：材料/government.docx 将导入为 cases/shawan/shawan-2024-001.md，内容如下\n" + draft
        + "（以上是 cases/shawan/shawan-2024-001.md 的内容；试运行没有写入任何文件）\n"
        "  标题““板凳会”化解邻里纠纷的经验做法”：取自第 1 段（居中或加粗的第一段）\n")
    # the second draft counts on the first: the ids of one run never collide, written or not
    assert "试运行，未写入任何文件：材料/走访.docx 将导入为 cases/shawan/shawan-2024-002.md，内容如下\n" in result.stdout
    # what is left to fill in is checked on the draft all the same, personal data included
    assert "cases/shawan/shawan-2024-001.md:40: warning[pii-id-number]: 疑似公民身份号码“110*************2X”" in result.stdout


def test_json_lists_created_files_and_remaining_problems(desk):
    good = make.government(DOCS / "government.docx")
    shutil.copy(COMMITTED / "old-format.doc", DOCS / "旧材料.doc")
    result = imp(good, DOCS / "旧材料.doc", "--unit", "shawan", "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert (data["dry_run"], data["imported"], data["skipped"]) == (False, 1, 1)
    imported, refused = data["documents"]
    assert {k: imported[k] for k in ("source", "imported", "file", "id", "title", "date", "images")} == {
        "source": "材料/government.docx", "imported": True, "file": "cases/shawan/shawan-2024-001.md",
        "id": "shawan-2024-001", "title": "“板凳会”化解邻里纠纷的经验做法", "date": "2024-03-18",
        "images": ["cases/shawan/shawan-2024-001/image-01.png"]}
    assert [(e["line"], e["field"], e["code"]) for e in imported["errors"]] == [(4, "criteria", "too-few-items")]
    assert [(w["line"], w["field"], w["code"]) for w in imported["warnings"]] == [
        (5, "tags", "import-tags-empty"), (40, None, "pii-id-number"), (40, None, "pii-phone")]
    assert [n["code"] for n in imported["notes"]] == [
        "import-title-first", "import-date-paragraph", "import-section", "import-section", "import-section",
        "import-part-kept", "import-section", "import-summary", "import-images", "import-captions",
        "import-tables", "import-merged-cells", "import-footnotes"]
    assert imported["notes"][1]["message"] == "日期 2024-03-18：取自第 2 段“沙湾派出所 2024年3月18日”"
    assert "markdown" not in imported
    assert refused == {
        "source": "材料/旧材料.doc", "imported": False, "code": "import-save-as",
        "message": "未导入 材料/旧材料.doc：这是一个旧版 Word 97-2003 文档（.doc），不能直接导入。"
                   "请在 WPS 或 Word 中打开它，另存为 .docx（Word 文档）后再导入。未写入任何文件"}


def test_json_of_a_dry_run_carries_the_markdown(desk):
    good = make.government(DOCS / "government.docx")
    before = files_in(desk.root)
    data = json.loads(imp(good, "--unit", "shawan", "--format", "json", "--dry-run").stdout)
    assert files_in(desk.root) == before
    assert data["documents"][0]["markdown"] == (GOLDEN / "government.md").read_text(encoding="utf-8")


# --- what the clerk is left with ----------------------------------------------------------

def test_the_draft_validates_once_criteria_and_tags_are_filled_in(desk):
    imp(make.government(DOCS / "government.docx"), "--unit", "shawan")
    case = desk.root / "cases/shawan/shawan-2024-001.md"
    text = case.read_text(encoding="utf-8")
    assert make.ID_NUMBER in text and make.MOBILE in text  # personal data is reported, never masked silently
    case.write_text(text.replace("criteria: []", "criteria: [dispute-resolution]", 1)
                    .replace("tags: []", "tags: [mediation]", 1), encoding="utf-8")
    report = desk.validate()
    assert report.errors == []
    assert [(w.file, w.line, w.code) for w in report.warnings] == [
        ("cases/shawan/shawan-2024-001.md", 40, "pii-id-number"), ("cases/shawan/shawan-2024-001.md", 40, "pii-phone")]


def test_criteria_given_on_the_command_line_leave_only_the_tags(desk):
    result = imp(make.with_heading_styles(DOCS / "h.docx"), "--unit", "shawan", "--criterion", "矛盾纠纷化解")
    assert result.exit_code == 0
    text = (desk.root / "cases/shawan/shawan-2024-001.md").read_text(encoding="utf-8")
    assert "criteria: [dispute-resolution]\n" in text
    assert result.stdout.split("还需要处理（文件:行号）：\n")[1].splitlines()[0] == (
        "cases/shawan/shawan-2024-001.md:5: warning[import-tags-empty] tags: 还没有标签："
        "请从 cases/tags.yml 中选填（编号、名称或别名均可），如 矛盾调解（mediation）、巡逻防控（patrol）")
    assert desk.validate().errors == []


def test_an_unknown_unit_is_refused_as_casebook_new_refuses_it(desk):
    result = imp(make.government(DOCS / "g.docx"), "--unit", "沙湾所")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: 单位“沙湾所”未在 cases/units.yml 中登记")
    assert not (desk.root / "cases/shawan").exists()


# --- what cannot be imported -----------------------------------------------------------------

def _damaged_inside(path: Path, good: Path) -> Path:
    """A real .docx whose main part is not XML any more."""
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, b"<w:document><w:body>" if item.filename == "word/document.xml" else data)
    return path


def test_bad_files_are_refused_with_their_reason_and_the_next_files_are_still_imported(desk):
    good = make.government(DOCS / "板凳会.docx")
    data = good.read_bytes()
    shutil.copy(COMMITTED / "old-format.doc", DOCS / "旧材料.doc")
    shutil.copy(COMMITTED / "old-format.doc", DOCS / "改过名.docx")
    shutil.copy(COMMITTED / "old-format.doc", DOCS / "材料.wps")
    shutil.copy(COMMITTED / "document.pdf", DOCS / "材料.pdf")
    shutil.copy(COMMITTED / "document.pdf", DOCS / "其实是PDF.docx")
    shutil.copy(COMMITTED / "encrypted.docx", DOCS / "加密.docx")
    (DOCS / "记录.docx").write_text("会议记录\n今天开会。\n", encoding="utf-8")
    (DOCS / "下载一半.docx").write_bytes(data[: len(data) // 2])
    (DOCS / "空.docx").write_bytes(b"")
    _damaged_inside(DOCS / "坏了.docx", good)
    with zipfile.ZipFile(DOCS / "压缩包.docx", "w") as archive:
        archive.writestr("说明.txt", "不是文档")
    names = ["旧材料.doc", "改过名.docx", "材料.wps", "材料.pdf", "其实是PDF.docx", "加密.docx", "记录.docx",
             "下载一半.docx", "空.docx", "坏了.docx", "压缩包.docx", "~$板凳会.docx", "不存在.docx"]
    before = files_in(desk.root)
    result = imp(*[DOCS / n for n in names[:6]], good, *[DOCS / n for n in names[6:]], "--unit", "shawan")
    assert result.exit_code == 1
    save_as = "请在 WPS 或 Word 中打开它，另存为 .docx（Word 文档）后再导入。未写入任何文件"
    refused = [line for line in result.stdout.splitlines() if line.startswith("未导入")]
    assert refused == [
        f"未导入 材料/旧材料.doc：这是一个旧版 Word 97-2003 文档（.doc），不能直接导入。{save_as}",
        f"未导入 材料/改过名.docx：文件名是 .docx，但它实际是一个旧版 Word 97-2003 文档（.doc）（多半是直接改了扩展名）。{save_as}",
        f"未导入 材料/材料.wps：这是一个 WPS 文字文档（.wps），不能直接导入。{save_as}",
        f"未导入 材料/材料.pdf：这是一个 PDF 文件，不能直接导入。{save_as}",
        f"未导入 材料/其实是PDF.docx：文件名是 .docx，但它实际是一个 PDF 文件（多半是直接改了扩展名）。{save_as}",
        "未导入 材料/加密.docx：文档设置了打开密码（已加密），无法读取。请在 WPS 或 Word 中用密码打开它，"
        "取消密码后另存为 .docx，再导入。未写入任何文件",
        f"未导入 材料/记录.docx：文件名是 .docx，但它实际是一个纯文本文件（多半是直接改了扩展名）。{save_as}",
        "未导入 材料/下载一半.docx：文件已损坏，无法读取（文件不完整，可能没有下载或复制完）。"
        "请在 WPS 或 Word 中打开它，如果能打开，另存为一个新的 .docx 后再导入。未写入任何文件",
        "未导入 材料/空.docx：文件已损坏，无法读取（文件是空的，0 字节）。"
        "请在 WPS 或 Word 中打开它，如果能打开，另存为一个新的 .docx 后再导入。未写入任何文件",
        "未导入 材料/坏了.docx：文件已损坏，无法读取（文档内容有错误，无法解析）。"
        "请在 WPS 或 Word 中打开它，如果能打开，另存为一个新的 .docx 后再导入。未写入任何文件",
        f"未导入 材料/压缩包.docx：文件名是 .docx，但它实际是一个压缩包，不是 Word 文档（多半是直接改了扩展名）。{save_as}",
        "未导入 材料/~$板凳会.docx：这是 Word 或 WPS 打开文档时生成的临时文件（文件名以 ~$ 开头），不是文档本身；"
        "请导入不带 ~$ 的那个文件",
        "未导入 材料/不存在.docx：找不到这个文件；请检查文件名和所在的文件夹",
    ]
    # the good document, between the bad ones, was imported whole, and nothing else was written
    assert "已导入 材料/板凳会.docx → cases/shawan/shawan-2024-001.md（草稿，status: draft）" in result.stdout
    assert sorted(set(files_in(desk.root)) - set(before)) == [
        "cases/shawan/shawan-2024-001.md", "cases/shawan/shawan-2024-001/image-01.png"]
    assert result.stdout.endswith("共导入 1 个文档，未导入 13 个\n"
                                  "请逐个打开新文件核对内容，补上上面列出的各处，然后运行 casebook validate 检查；"
                                  "casebook serve 可以在浏览器里预览\n")


def test_nothing_imported_exits_1_in_english_too(desk):
    shutil.copy(COMMITTED / "encrypted.docx", DOCS / "locked.docx")
    result = imp(DOCS / "locked.docx", "--unit", "shawan", "--lang", "en")
    assert result.exit_code == 1
    assert result.stdout == (
        "not imported 材料/locked.docx: the document is protected by a password (encrypted) and cannot be read. "
        "Open it in WPS or Word with the password, remove the password, save it as .docx and import that. "
        "Nothing was written\n"
        "imported 0 document(s), 1 not imported\n")


def test_a_folder_stands_for_the_documents_in_it(desk):
    make.government(DOCS / "a-板凳会.docx")
    make.auto_numbered(DOCS / "b-警务室.docx")
    shutil.copy(COMMITTED / "old-format.doc", DOCS / "c-旧材料.doc")
    (DOCS / "~$板凳会.docx").write_bytes(b"\x00" * 162)  # Word's lock file while the document is open
    result = imp(DOCS, "--unit", "shawan")
    assert result.exit_code == 1  # the .doc
    assert [line.split("：")[0] if line.startswith("未导入") else line for line in result.stdout.splitlines()
            if line.startswith(("已导入", "未导入"))] == [
        "已导入 材料/a-板凳会.docx → cases/shawan/shawan-2024-001.md（草稿，status: draft）",
        "已导入 材料/b-警务室.docx → cases/shawan/shawan-2023-001.md（草稿，status: draft）",
        "未导入 材料/c-旧材料.doc"]


def test_an_empty_folder_says_there_is_nothing_to_import(desk):
    (DOCS / "空文件夹").mkdir()
    result = imp(DOCS / "空文件夹", "--unit", "shawan")
    assert result.exit_code == 1
    assert result.stderr == "Error: 没有可导入的文件：材料/空文件夹 中没有文档；请写出 .docx 文件，或存放它们的文件夹\n"


def test_a_document_longer_than_a_case_may_be_is_refused_whole(desk):
    desk.mkdocs(casebook={"max_case_bytes": 1500})
    before = files_in(desk.root)
    result = imp(make.government(DOCS / "长.docx"), "--unit", "shawan")
    assert result.exit_code == 1
    size = int(re.search(r"转成的案例文件有 (\d+) 字节", result.stdout).group(1))
    assert size > 1500
    assert result.stdout.startswith(
        f"未导入 材料/长.docx：转成的案例文件有 {size} 字节，超过案例文件的上限 1500 字节（mkdocs.yml 中 casebook 插件的 "
        "max_case_bytes）。一个案例不宜这么长：请把文档拆成几个案例分别导入。未写入任何文件\n")
    assert files_in(desk.root) == before


def test_a_200_page_document_is_imported_whole(desk):
    source = make.long_report(DOCS / "长报告.docx", pages=200)
    result = imp(source, "--unit", "shawan")
    assert result.exit_code == 0
    text = (desk.root / "cases/shawan/shawan-2024-001.md").read_text(encoding="utf-8")
    body = text.split("\n---\n", 1)[1]
    assert body.count("社区民警每周在小区院坝召开“板凳会”") == 5000  # every paragraph, none lost
    assert [line for line in result.stdout.splitlines() if " → ## " in line] == [
        "  第 3 段“一、基本情况” → ## 背景", "  第 1254 段“二、主要做法” → ## 做法",
        "  第 2505 段“三、工作成效” → ## 成效", "  第 3756 段“四、经验启示” → ## 可复制经验"]
    assert {p.code for p in desk.validate().errors} == {"too-few-items"}  # criteria: for the clerk


# --- the project's own wordings -----------------------------------------------------------------

def test_the_project_adds_its_own_wordings_in_mkdocs_yml(desk):
    source = make.own_wordings(DOCS / "巡防.docx")
    before = imp(source, "--unit", "shawan", "--dry-run").stdout
    assert "  第 3 段“一、问题缘起”对应不上任何小节：保留为“## 背景”下的小标题；如果它应归入某个小节，" \
           "可在 mkdocs.yml 的 import_headings 中添加这种说法\n" in before
    assert "  第 9 段“四、推广建议”对应不上任何小节：保留为“## 成效”下的小标题；" in before
    desk.mkdocs(casebook={"import_headings": {"背景": ["问题缘起"], "可复制经验": ["推广建议", "下步打算"]}})
    after = imp(source, "--unit", "shawan")
    assert after.exit_code == 0
    assert [line for line in after.stdout.splitlines() if " → ## " in line] == [
        "  第 3 段“一、问题缘起” → ## 背景", "  第 5 段“二、主要做法” → ## 做法",
        "  第 7 段“三、工作成效” → ## 成效", "  第 9 段“四、推广建议” → ## 可复制经验"]
    assert "对应不上" not in after.stdout


def test_a_wrong_table_of_wordings_is_reported_by_validate_and_stops_import(desk):
    desk.case("shawan", "shawan-2024-001")
    desk.mkdocs(casebook={"import_headings": {"经验": ["推广建议"], "做法": "", "背景": ["成效", "缘起"],
                                              "成效": ["缘起"]}})
    expected = sorted([  # as every report orders problems: by file, line, field
        "mkdocs.yml: error[import-headings-section] plugins.casebook.import_headings.经验: import_headings 中的"
        "“经验”不是小节名：应为 背景、做法、成效、可复制经验 之一（即 sections 中的小节）",
        "mkdocs.yml: error[import-headings-words] plugins.casebook.import_headings.做法: import_headings 中"
        "“做法”的说法应为非空文字的列表，如 [案情简介, 问题由来]，实际为 ''",
        "mkdocs.yml: error[import-headings-twice] plugins.casebook.import_headings.背景: import_headings 中的说法"
        "“成效”同时写在了“成效”和“背景”下：每种说法只能对应一个小节",
        "mkdocs.yml: error[import-headings-twice] plugins.casebook.import_headings.成效: import_headings 中的说法"
        "“缘起”同时写在了“背景”和“成效”下：每种说法只能对应一个小节",
    ], key=lambda line: line.split(" ")[2])
    validated = run("validate", "--project", "site")
    assert validated.exit_code == 1
    assert validated.stdout.splitlines()[:4] == expected
    before = files_in(desk.root)
    result = imp(make.government(DOCS / "g.docx"), "--unit", "shawan")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == expected
    assert files_in(desk.root) == before
    data = json.loads(imp(DOCS / "g.docx", "--unit", "shawan", "--format", "json").stdout)
    assert (data["imported"], data["documents"]) == (0, [])
    assert [(e["file"], e["field"], e["code"]) for e in data["errors"]] == [
        ("mkdocs.yml", line.split(" ")[2].rstrip(":"), line.split("[")[1].split("]")[0]) for line in expected]


def test_a_table_of_wordings_that_is_not_a_mapping(desk):
    desk.mkdocs(casebook={"import_headings": ["问题缘起"]})
    result = imp(make.government(DOCS / "g.docx"), "--unit", "shawan", "--lang", "en")
    assert result.exit_code == 1
    assert result.stdout == (
        "mkdocs.yml: error[import-headings-type] plugins.casebook.import_headings: import_headings should map a "
        "section (背景、做法、成效、可复制经验) to a list of wordings, \"section: [wording, wording]\", "
        "found ['问题缘起']\n")


# --- the optional extra ------------------------------------------------------------------------

def test_without_the_import_extra_the_command_says_how_to_install_it(desk, tmp_path):
    """A real virtual environment holding everything this one has but python-docx: the command
    run there, in a process of its own."""
    venv = tmp_path / "venv-without-docx"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    here = Path(sysconfig.get_paths()["purelib"])
    there = Path(subprocess.run([str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                check=True, capture_output=True, text=True).stdout.strip())
    for entry in here.iterdir():
        if entry.name == "docx" or entry.name.lower().startswith("python_docx"):
            continue
        if not (there / entry.name).exists():
            (there / entry.name).symlink_to(entry)
    source = make.government(DOCS / "g.docx")
    before = files_in(desk.root)
    env = {**os.environ, "PYTHONPATH": str(REPO)}  # this checkout's generator, as in every test
    result = subprocess.run([str(venv / "bin" / "python"), "-m", "generator.cli", "import", str(source), "--unit",
                             "shawan", "--project", "site"], capture_output=True, text=True, env=env)
    assert subprocess.run([str(venv / "bin" / "python"), "-c", "import docx"], capture_output=True).returncode == 1
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        "Error: 导入 Word 文档需要 python-docx（可选组件 casebook[import]），当前环境中没有安装："
        "请在安装 casebook 的同一个环境中运行 pip install \"casebook[import]\"，再重新导入。未写入任何文件\n")
    assert files_in(desk.root) == before


def test_tracked_changes_are_read_as_accepted_text_in_content_controls_kept_a_table_of_contents_left_out(desk):
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = make.new_document()
    document.add_paragraph("基本情况\t1", style=document.styles.add_style("toc 1", 1))  # a table of contents
    make.bold_paragraph(document, "一、基本情况")
    p = make.body(document, "辖区")
    p._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="1" w:author="王某某"><w:r><w:t>老旧小区多，</w:t></w:r></w:ins>'))
    p._p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="2" w:author="王某某"><w:r><w:delText>删掉的话，</w:delText></w:r></w:del>'))
    p.add_run("纠纷多。")
    document.element.body.insert(len(document.element.body) - 1, parse_xml(
        f'<w:sdt {nsdecls("w")}><w:sdtContent><w:p><w:r><w:t>控件里的一段话。</w:t></w:r></w:p></w:sdtContent></w:sdt>'))
    document.save(DOCS / "修订.docx")
    result = imp(DOCS / "修订.docx", "--unit", "shawan", "--dry-run")
    assert "## 背景\n\n辖区老旧小区多，纠纷多。\n\n控件里的一段话。\n\n## 做法" in result.stdout
    assert "  文档中有未处理的修订：按“接受所有修订”导入（已删除的文字没有导入）；请核对\n" in result.stdout
