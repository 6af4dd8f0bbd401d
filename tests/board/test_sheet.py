"""The progress sheet: ``casebook progress export`` and ``casebook progress import``.

The exported workbook is opened with openpyxl and checked cell by cell (values, number formats,
validation lists, frozen panes, fills, merged cells, sheet names); the import is checked by the
whole text of the progress.yml it writes, and every bad input by its exact sheet/row/column message.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from case_factory import PROGRESS_LINES
from generator.board.sheet_layout import sheet_title
from generator.cli import main

REPO = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sheet"
AS_OF = "2026-06-15"  # case_factory.AS_OF
LATER = "2026-12-01"  # dr-1 (due 2026-06-18) is overdue where it is not done, dr-2 should have started
PROGRESS = "cases/shawan/progress.yml"

# shawan's progress with comments: line n is SHAWAN[n - 1]
SHAWAN = ("# 沙湾派出所创建进度", *PROGRESS_LINES[:11], "  # 社区警务", *PROGRESS_LINES[11:])
QINGSHI = (
    "people:",
    "  - name: 李某",
    "    role: 教导员",
    "items:",
    "  - item: dr-1",
    "    person: 李某",
    "    status: in-progress",
)


def run(*args) -> object:
    return CliRunner(catch_exceptions=False).invoke(main, [str(a) for a in args])


@pytest.fixture
def board(project):
    project.case("shawan", "shawan-2024-001")
    project.case("shawan", "shawan-2024-002", front={"status": "draft"})
    project.campaign()
    project.progress("shawan", *SHAWAN)
    project.progress("qingshi", *QINGSHI)
    return project


def export(project, out: Path, *args, as_of: str = AS_OF):
    return run("progress", "export", "--project", project.root, "--out", out, "--as-of", as_of, *args)


def import_(project, path: Path, *args, as_of: str = AS_OF):
    return run("progress", "import", path, "--project", project.root, "--as-of", as_of, *args)


def rows(sheet) -> dict[str, int]:
    """Item id (hidden column K) -> row."""
    return {sheet.cell(r, 11).value: r for r in range(4, sheet.max_row + 1) if sheet.cell(r, 11).value}


COLUMN = {"责任人": 4, "完成时限": 5, "进展情况": 6, "存在困难和问题": 7, "佐证材料": 8, "不适用理由": 9}


def fill(path: Path, sheet: str = "沙湾派出所", **items: dict) -> Path:
    """Write cells as a clerk would: items={"cp-1": {"进展情况": "已完成"}}; saved in place."""
    book = openpyxl.load_workbook(path)
    ws = book[sheet]
    where = rows(ws)
    for item, cells in items.items():
        for header, value in cells.items():
            ws.cell(where[item], COLUMN[header]).value = value
    book.save(path)
    return path


@pytest.fixture
def sheet(board, tmp_path):
    out = tmp_path / "进度表.xlsx"
    result = export(board, out)
    assert result.exit_code == 0, result.output
    return out


def text(project, rel: str = PROGRESS) -> str:
    return (project.root / rel).read_text(encoding="utf-8")


# --- export: the workbook as a clerk sees it --------------------------------------------------

def test_export_writes_the_summary_first_then_a_sheet_per_unit(board, tmp_path):
    out = tmp_path / "进度表.xlsx"
    result = export(board, out, as_of=LATER)
    assert result.exit_code == 0
    assert result.stdout == f"已导出 {out}：汇总表和 2 个单位的考核表，截至 {LATER}\n"
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["汇总", "沙湾派出所", "青石派出所"]


def test_a_unit_sheet_is_the_assessment_table(board, tmp_path):
    out = tmp_path / "进度表.xlsx"
    export(board, out, as_of=LATER)
    ws = openpyxl.load_workbook(out)["沙湾派出所"]
    assert ws["A1"].value == "沙湾派出所创建“枫桥式公安派出所”考核表（截至 2026年12月1日）"
    assert [ws.cell(3, c).value for c in range(1, 11)] == [
        "序号", "考核项目", "分值", "责任人", "完成时限", "进展情况", "存在困难和问题", "佐证材料", "不适用理由", "提醒"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A1:J1", "A2:J2", "A4:J4", "A7:J7"} <= merged  # title, as-of line, the two criteria
    assert ws["A4"].value == "一、矛盾纠纷化解（已完成 1/2）"
    assert ws["A7"].value == "二、社区警务（已完成 0/1）"
    assert rows(ws) == {"criterion:dispute-resolution": 4, "dr-1": 5, "dr-2": 6, "criterion:community-policing": 7,
                        "cp-1": 8, **{"note": r for r in range(10, 18)}}
    assert [ws.cell(5, c).value for c in range(1, 10)] == [
        1, "建成调解工作室\n（佐证：工作室照片、调解台账）", 10, "王某某", dt.datetime(2026, 6, 18), "已完成", None,
        "shawan-2024-001", None]
    assert ws["E5"].number_format == 'yyyy"年"m"月"d"日"'
    assert ws["E5"].is_date
    assert [ws.cell(8, c).value for c in (4, 6, 7)] == ["赵某", "推进中", "人手不足。"]
    # dr-2 has no entry: nobody named yet, the computed due date, and it should have started on 2026-11-30
    assert [ws.cell(6, c).value for c in (4, 5, 6, 10)] == [
        None, dt.datetime(2026, 12, 25), "未开始", "应开始未开始\n（最迟 11月30日）"]
    assert ws["J6"].fill.fgColor.rgb == "00FFF0D6"
    assert ws["A10"].value == "填写说明："


def test_hidden_columns_frozen_header_widths_and_print_setup(board, sheet):
    ws = openpyxl.load_workbook(sheet)["沙湾派出所"]
    assert ws.freeze_panes == "C4"
    assert [ws.column_dimensions[c].hidden for c in "ABCDEFGHIJKLM"] == [False] * 10 + [True] * 3
    assert ws.column_dimensions["B"].width == 30 and ws.column_dimensions["G"].width == 28
    assert ws["B5"].alignment.wrap_text
    assert ws.print_title_rows == "$3:$3"
    assert ws.print_area == "'沙湾派出所'!$A$1:$J$17"
    assert (ws.page_setup.orientation, ws.page_setup.paperSize, ws.page_setup.fitToWidth,
            ws.page_setup.fitToHeight) == ("landscape", 9, 1, 0)
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.protection.sheet and not ws.protection.formatColumns
    assert not ws["D5"].protection.locked and ws["B5"].protection.locked and ws["J5"].protection.locked
    assert ws["K1"].value == ('casebook-progress {"as_of": "2026-06-15", "format": 1, "sheet": "unit", '
                              '"unit": "shawan"}')


def test_validation_lists_for_status_and_people(board, sheet):
    ws = openpyxl.load_workbook(sheet)["沙湾派出所"]
    checks = {dv.formula1: dv for dv in ws.data_validations.dataValidation}
    status = checks['"未开始,推进中,已完成,不适用"']
    assert status.type == "list" and status.errorStyle in (None, "stop")
    assert str(status.sqref) == "F5 F6 F8"
    person = checks["$M$4:$M$5"]
    assert person.type == "list" and person.errorStyle == "warning" and str(person.sqref) == "D5 D6 D8"
    assert "姓名（职务）" in person.error
    assert [ws["M4"].value, ws["M5"].value] == ["王某某", "赵某"]
    due = checks["DATE(2026,3,2)"]
    assert (due.type, due.formula2, str(due.sqref)) == ("date", "DATE(2026,12,25)", "E5 E6 E8")


def test_overdue_rows_are_filled_red(board, tmp_path):
    out = tmp_path / "进度表.xlsx"
    export(board, out, as_of=LATER)
    ws = openpyxl.load_workbook(out)["青石派出所"]
    row = rows(ws)["dr-1"]
    assert {ws.cell(row, c).fill.fgColor.rgb for c in range(1, 11)} == {"00FDE0DC"}
    assert ws.cell(row, 10).value == "已逾期 166 天"
    assert ws["A2"].value.startswith("验收日期：2026年12月25日（还有 24 天）　已完成 0/3 项　已逾期 1 项")
    other = rows(ws)["cp-1"]
    assert ws.cell(other, 2).fill.fgColor.rgb != "00FDE0DC"


def test_the_summary_counts_units_by_criterion(board, tmp_path):
    out = tmp_path / "进度表.xlsx"
    export(board, out, as_of=LATER)
    ws = openpyxl.load_workbook(out)["汇总"]
    assert ws["A1"].value == "创建“枫桥式公安派出所”进度汇总表（截至 2026年12月1日）"
    assert [ws.cell(3, c).value for c in range(1, 9)] == [
        "序号", "单位", "矛盾纠纷化解", "社区警务", "合计", "已逾期", "应开始未开始", "临近时限"]
    assert [ws.cell(4, c).value for c in range(1, 9)] == [1, "沙湾派出所", "1/2", "0/1", "1/3", 0, 1, 0]
    assert [ws.cell(5, c).value for c in range(1, 9)] == [2, "青石派出所", "0/2", "0/1", "0/3", 1, 1, 0]
    assert [ws.cell(6, c).value for c in range(2, 9)] == ["合计", "1/4", "0/2", "1/6", 1, 2, 0]
    assert ws["C5"].fill.fgColor.rgb == "00FDE0DC" and ws["C4"].fill.fgColor.rgb == "00FFF0D6"
    assert ws["B4"].hyperlink.location == "'沙湾派出所'!A1"
    assert ws.freeze_panes == "C4"


def test_export_only_the_units_asked_for(board, tmp_path):
    out = tmp_path / "沙湾.xlsx"
    assert export(board, out, "--unit", "沙湾派出所").exit_code == 0
    assert openpyxl.load_workbook(out).sheetnames == ["汇总", "沙湾派出所"]
    result = export(board, tmp_path / "x.xlsx", "--unit", "sanjiang")
    assert result.exit_code == 1
    assert result.stderr == ("Error: 单位“sanjiang”没有可用的进度文件 cases/sanjiang/progress.yml（不存在或有错误）："
                             "无法导出它的考核表\n")
    assert export(board, tmp_path / "x.xlsx", "--unit", "shawn").stderr.startswith(
        "Error: 单位“shawn”未在 cases/units.yml 中登记；是不是“shawan”（沙湾派出所）？")


def test_the_options_given_to_progress_itself_apply_to_export(board, tmp_path):
    out = tmp_path / "进度表.xlsx"
    result = run("progress", "--project", board.root, "--as-of", LATER, "export", "--out", out)
    assert result.exit_code == 0, result.output
    assert "截至 2026年12月1日" in openpyxl.load_workbook(out)["沙湾派出所"]["A1"].value


@pytest.mark.parametrize("name, taken, expected", [
    ("沙湾派出所", set(), "沙湾派出所"),
    ("城关/城南派出所[联合]", set(), "城关_城南派出所_联合_"),
    ("'引号'", set(), "引号"),
    ("History", set(), "History_"),
    ("某" * 40, set(), "某" * 31),
    ("某" * 40, {"某" * 31}, "某" * 28 + "(2)"),
    ("汇总", {"汇总"}, "汇总(2)"),
])
def test_sheet_titles_follow_excels_rules(name, taken, expected):
    assert sheet_title(name, set(taken)) == expected


# --- export: where it may write -----------------------------------------------------------------

def test_export_refuses_the_project_sources_and_other_files(board, tmp_path):
    result = export(board, board.root / "cases" / "进度表.xlsx")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: 不能把进度表写到 {board.root / 'cases' / '进度表.xlsx'}：它在")
    assert not (board.root / "cases" / "进度表.xlsx").exists()
    assert "--out 应为 .xlsx 文件" in export(board, tmp_path / "进度表.csv").stderr
    foreign = tmp_path / "别人的表.xlsx"
    openpyxl.Workbook().save(foreign)
    before = foreign.read_bytes()
    result = export(board, foreign)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {foreign} 已存在，但不是案例库导出的进度表：不会覆盖它；请另选文件名。没有写任何文件\n"
    assert foreign.read_bytes() == before


def test_export_replaces_its_own_file_but_not_one_filled_in(board, sheet):
    assert export(board, sheet).exit_code == 0  # untouched: replaced
    fill(sheet, **{"cp-1": {"进展情况": "已完成"}, "dr-2": {"责任人": "赵某"}})
    before = sheet.read_bytes()
    result = export(board, sheet)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {sheet} 中有 2 处填写的内容还没有导入（如工作表“沙湾派出所”第 6 行“责任人”）：覆盖会丢掉这些内容；"
        "请先导入（casebook progress import），或另选文件名。没有写任何文件\n")
    assert sheet.read_bytes() == before


# --- import: the round trip ------------------------------------------------------------------------

def test_export_then_import_of_the_untouched_file_changes_nothing(board, sheet):
    before = {p: p.read_bytes() for p in board.root.rglob("progress.yml")}
    result = import_(board, sheet)
    assert result.exit_code == 0, result.output
    assert result.stdout == "进度表与进度文件一致，没有需要导入的改动\n"
    assert {p: p.read_bytes() for p in board.root.rglob("progress.yml")} == before


def test_the_shipped_sample_round_trips_byte_for_byte(tmp_path):
    root = tmp_path / "sample"
    shutil.copytree(REPO / "cases", root / "cases")
    shutil.copytree(REPO / "docs", root / "docs")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    before = {p.relative_to(root): p.read_bytes() for p in (root / "cases").rglob("*") if p.is_file()}
    out = tmp_path / "进度表.xlsx"
    assert run("progress", "export", "--project", root, "--out", out, "--as-of", LATER).exit_code == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["汇总", "沙湾派出所", "青石派出所", "河东派出所", "城关派出所"]
    result = run("progress", "import", out, "--project", root, "--as-of", LATER)
    assert (result.exit_code, result.stdout) == (0, "进度表与进度文件一致，没有需要导入的改动\n")
    assert {p.relative_to(root): p.read_bytes() for p in (root / "cases").rglob("*") if p.is_file()} == before


def test_a_sheet_saved_again_by_libreoffice_still_round_trips(board, sheet, tmp_path, request):
    # What many stations open the sheet with. Missing LibreOffice fails the test, as a missing
    # Chromium does (.ci/run installs both); --skip-missing-browser skips it on a developer's machine.
    if shutil.which("soffice") is None:
        message = "LibreOffice is missing: apt-get install libreoffice-calc-nogui (.ci/run does)"
        if request.config.getoption("--skip-missing-browser") and not os.environ.get("CI"):
            pytest.skip(message)
        pytest.fail(message, pytrace=False)
    fill(sheet, **{"dr-2": {"责任人": "赵某", "进展情况": "推进中"}})
    again = tmp_path / "lo"
    subprocess.run(["soffice", "--headless", "--convert-to", "xlsx", "--outdir", again, sheet], check=True,
                   capture_output=True, timeout=300)
    result = import_(board, again / sheet.name)
    assert result.exit_code == 0, result.output
    assert text(board).endswith("  - item: dr-2\n    person: 赵某\n    status: in-progress\n    updated: 2026-06-15\n")


# --- import: what a clerk changed, and nothing else -------------------------------------------------

def test_an_edited_sheet_writes_exactly_the_changed_lines(board, sheet):
    fill(sheet, **{
        "cp-1": {"进展情况": "已完成", "佐证材料": "shawan-2024-001", "存在困难和问题": None},
        "dr-2": {"责任人": "钱某（社区民警）", "进展情况": "推进中", "完成时限": "2026年12月20日"},
    })
    result = import_(board, sheet)
    assert result.exit_code == 0, result.output
    assert result.stdout == (f"{PROGRESS}：修改 1 项，新增 1 项，新增责任人 钱某\n已写入 1 个进度文件\n")
    assert text(board) == "\n".join((
        "# 沙湾派出所创建进度",
        "people:",
        "  - name: 王某某",
        "    role: 所长",
        "  - name: 赵某",
        "    role: 社区民警",
        "  - name: 钱某",
        "    role: 社区民警",
        "items:",
        "  - item: dr-1",
        "    person: 王某某",
        "    status: done",
        "    evidence: [shawan-2024-001]",
        "    updated: 2026-06-01",
        "  # 社区警务",
        "  - item: cp-1",
        "    person: 赵某",
        "    status: done",
        "    evidence: [shawan-2024-001]",
        "    updated: 2026-06-15",
        "  - item: dr-2",
        "    person: 钱某",
        "    status: in-progress",
        "    due: 2026-12-20",
        "    updated: 2026-06-15",
    )) + "\n"
    assert text(board, "cases/qingshi/progress.yml") == "".join(line + "\n" for line in QINGSHI)
    assert import_(board, sheet).stdout == "进度表与进度文件一致，没有需要导入的改动\n"  # imported once


def test_dry_run_shows_the_diff_and_writes_nothing(board, sheet):
    fill(sheet, **{"cp-1": {"存在困难和问题": "人手不足，车辆紧张。"}})
    before = text(board)
    result = import_(board, sheet, "--dry-run")
    assert result.exit_code == 0
    assert result.stdout == "\n".join((
        f"--- {PROGRESS}", f"+++ {PROGRESS}", "@@ -14,4 +14,5 @@",
        "   - item: cp-1", "     person: 赵某", "     status: in-progress",
        "-    difficulties: 人手不足。", "+    difficulties: 人手不足，车辆紧张。", "+    updated: 2026-06-15",
        f"{PROGRESS}：修改 1 项，新增 0 项", "试运行（--dry-run）：以上改动没有写入任何文件", ""))
    assert text(board) == before


def test_values_that_need_quotes_are_quoted_and_read_back(board, sheet):
    fill(sheet, **{"cp-1": {"存在困难和问题": "经费: 不足 #1\n第二行", "佐证材料": "台账, 2026.pdf"}})
    (board.root / "cases/shawan/progress/台账, 2026.pdf").parent.mkdir()
    (board.root / "cases/shawan/progress/台账, 2026.pdf").write_bytes(b"%PDF-1.4\n")
    result = import_(board, sheet)
    assert result.exit_code == 0, result.output
    assert "    evidence: ['台账, 2026.pdf']\n    difficulties: \"经费: 不足 #1\\n第二行\"\n" in text(board)
    assert board.validate().errors == []


def test_evidence_may_be_separated_by_commas_or_lines(board, sheet):
    board.case("shawan", "shawan-2024-003")
    fill(sheet, **{"cp-1": {"进展情况": "完成", "佐证材料": "shawan-2024-001、shawan-2024-003\n"}})
    assert import_(board, sheet).exit_code == 0
    assert "    status: done\n    evidence: [shawan-2024-001, shawan-2024-003]\n" in text(board)


def test_dates_typed_as_text_are_read(board, sheet):
    fill(sheet, **{"cp-1": {"完成时限": "2026.11.30"}, "dr-2": {"完成时限": "2026/12/1", "责任人": "赵某"}})
    assert import_(board, sheet).exit_code == 0
    assert "    due: 2026-11-30\n" in text(board)
    assert text(board).endswith("  - item: dr-2\n    person: 赵某\n    status: not-started\n    due: 2026-12-01\n"
                                "    updated: 2026-06-15\n")


def test_clearing_a_due_date_goes_back_to_the_computed_one(board, tmp_path):
    board.progress("shawan", *SHAWAN, "    due: 2026-12-01")
    out = tmp_path / "进度表.xlsx"
    export(board, out)
    fill(out, **{"cp-1": {"完成时限": None}})
    assert import_(board, out).exit_code == 0
    assert text(board).endswith("    difficulties: 人手不足。\n    updated: 2026-06-15\n")


def test_line_ends_and_byte_order_mark_are_kept(board, tmp_path):
    path = board.root / PROGRESS
    path.write_bytes(b"\xef\xbb\xbf" + "".join(line + "\r\n" for line in SHAWAN).encode("utf-8"))
    out = tmp_path / "进度表.xlsx"
    export(board, out)
    fill(out, **{"cp-1": {"进展情况": "推进中", "存在困难和问题": "人手不足"}})
    assert import_(board, out).exit_code == 0
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf# ") and b"\n" not in data.replace(b"\r\n", b"")
    assert "    difficulties: 人手不足\r\n    updated: 2026-06-15\r\n".encode() in data


def test_a_change_in_the_file_since_the_export_is_kept(board, sheet):
    # the file changed one field after the export, the clerk another: both are kept
    board.progress("shawan", *SHAWAN[:-1], "    difficulties: 人手不足，已申请增援。")
    fill(sheet, **{"cp-1": {"责任人": "王某某"}})
    assert import_(board, sheet).exit_code == 0
    assert text(board).endswith("    person: 王某某\n    status: in-progress\n    difficulties: 人手不足，已申请增援。\n"
                                "    updated: 2026-06-15\n")


# --- import: every bad input, where it is -------------------------------------------------------------

def refused(project, path: Path) -> list[str]:
    before = {p: p.read_bytes() for p in project.root.rglob("progress.yml")}
    result = import_(project, path)
    assert result.exit_code == 1, result.output
    assert {p: p.read_bytes() for p in project.root.rglob("progress.yml")} == before  # nothing written
    lines = result.stderr.splitlines()
    assert lines[-1].endswith("没有修改任何文件；改正后重新导入")
    return lines[:-1]


def test_cells_that_cannot_be_read(board, sheet):
    fill(sheet, **{
        "dr-1": {"进展情况": "搞定", "完成时限": "2026.13.01"},
        "dr-2": {"责任人": "钱某", "完成时限": "12月20日"},
        "cp-1": {"进展情况": None},
    })
    book = openpyxl.load_workbook(sheet)
    book["沙湾派出所"]["E8"].value = 46000  # a number in a cell no longer formatted as a date
    book["沙湾派出所"]["E8"].number_format = "General"
    book.save(sheet)
    assert refused(board, sheet) == [
        "进度表.xlsx 工作表“沙湾派出所”第 5 行“完成时限”：error[sheet-bad-date] “2026.13.01”不是有效的日期：应写成 2026-11-30 或 2026年11月30日",
        "进度表.xlsx 工作表“沙湾派出所”第 5 行“进展情况”：error[sheet-bad-status] 进展情况“搞定”无法识别：应为 未开始、推进中、已完成、不适用 之一（从下拉列表中选择）",
        "进度表.xlsx 工作表“沙湾派出所”第 6 行“责任人”：error[sheet-unknown-person] 责任人“钱某”不在本单位的责任人名单中：应为以下之一：王某某, 赵某；新责任人请写“姓名（职务）”，如“钱某（社区民警）”",
        "进度表.xlsx 工作表“沙湾派出所”第 6 行“完成时限”：error[sheet-date-no-year] 日期“12月20日”没有年份：应写成 2026-11-30 或 2026年11月30日",
        "进度表.xlsx 工作表“沙湾派出所”第 8 行“完成时限”：error[sheet-date-number] 这里是数字 46000，不是日期：请把单元格格式设为日期，或写成 2026-11-30",
        "进度表.xlsx 工作表“沙湾派出所”第 8 行“进展情况”：error[sheet-empty-status] 进展情况是空的：应为 未开始、推进中、已完成、不适用 之一（从下拉列表中选择）",
    ]


def test_the_result_is_checked_like_validate_and_reported_in_the_sheet(board, sheet):
    fill(sheet, **{
        "dr-1": {"完成时限": "2026-06-19"},  # later than the computed 2026-06-18
        "dr-2": {"进展情况": "不适用", "责任人": "赵某"},  # without a reason
        "cp-1": {"进展情况": "已完成", "佐证材料": "shawan-2024-002"},  # a draft is no evidence
    })
    assert refused(board, sheet) == [
        "进度表.xlsx 工作表“沙湾派出所”第 5 行“完成时限”：error[due-too-late] 完成时限 2026-06-19 晚于考核表倒排的时限 2026-06-18（“自查”之前）：只能提前，不能推后；不写则用 2026-06-18",
        "进度表.xlsx 工作表“沙湾派出所”第 6 行“不适用理由”：error[missing-reason] 考核项目“dr-2”标为不适用，但没有写理由：请写 reason: 不适用的理由",
        "进度表.xlsx 工作表“沙湾派出所”第 8 行“佐证材料”：error[evidence-not-approved] 佐证案例“shawan-2024-002”还没有审核通过（status: draft）：只有已审核（approved）的案例可以作为佐证",
    ]


def test_done_without_evidence_and_a_person_missing(board, sheet):
    fill(sheet, **{"dr-2": {"进展情况": "推进中"}, "cp-1": {"进展情况": "已完成"}})
    assert refused(board, sheet) == [
        "进度表.xlsx 工作表“沙湾派出所”第 6 行“责任人”：error[missing-person] 考核项目“dr-2”的进展是 in-progress，但没有责任人：请写 person: 责任人姓名（本文件 people 中的一人）",
        "进度表.xlsx 工作表“沙湾派出所”第 8 行“佐证材料”：error[done-without-evidence] 考核项目“cp-1”已完成，但没有佐证材料：请在 evidence 中写本单位已审核案例的编号，或 progress 文件夹中的文件名",
    ]


def test_people_a_clerk_may_and_may_not_write(board, sheet):
    fill(sheet, **{"dr-1": {"责任人": "赵某（所长）"}, "dr-2": {"责任人": "钱某（民警）"},
                   "cp-1": {"责任人": "钱某（社区民警）"}})
    assert refused(board, sheet) == [
        "进度表.xlsx 工作表“沙湾派出所”第 5 行“责任人”：error[sheet-person-role] 责任人“赵某”在名单中的职务是“社区民警”，这里写的是“所长”：这里只写姓名即可；职务有变化请改 cases/shawan/progress.yml 的 people",
        "进度表.xlsx 工作表“沙湾派出所”第 8 行“责任人”：error[sheet-person-two-roles] 新责任人“钱某”在第 6 行写的职务是“民警”，这里是“社区民警”：同一个人请写同一个职务",
    ]


def test_a_cell_changed_in_the_sheet_and_in_the_file(board, sheet):
    board.progress("shawan", *SHAWAN[:-1], "    difficulties: 已解决一半。")
    fill(sheet, **{"cp-1": {"存在困难和问题": "人手不足，车辆紧张。"}})
    assert refused(board, sheet) == [
        "进度表.xlsx 工作表“沙湾派出所”第 8 行“存在困难和问题”：error[sheet-conflict] 表中改成了“人手不足，车辆紧张。”，但导出（截至 2026-06-15）之后 progress.yml 中也改过：导出时为“人手不足。”，现在是“已解决一半。”；请确认以哪个为准，重新导出后再填写",
    ]


def edit_hidden(path: Path, changes: dict[str, object], sheet: str = "沙湾派出所") -> Path:
    book = openpyxl.load_workbook(path)
    book[sheet].protection.sheet = False
    for cell, value in changes.items():
        book[sheet][cell].value = value
    book.save(path)
    return path


def test_rows_the_import_cannot_place(board, sheet):
    edit_hidden(sheet, {"K5": "zz-9", "K6": "cp-1", "L8": "乱码", "D9": "孙某", "D3": "负责人"})
    assert refused(board, sheet) == [
        "进度表.xlsx 工作表“沙湾派出所”第 3 行：error[sheet-layout-changed] 表头与导出时不同：第 4 列应为“责任人”，实际为“负责人”；请不要增删或移动列，重新导出后再填写",
    ]
    edit_hidden(sheet, {"D3": "责任人"})
    assert refused(board, sheet) == [
        "进度表.xlsx 工作表“沙湾派出所”第 5 行“考核项目”：error[sheet-unknown-item] 考核项目“zz-9”已不在考核表 cases/campaign.yml 中：考核表在导出之后改过；请重新导出后再填写",
        "进度表.xlsx 工作表“沙湾派出所”第 8 行“考核项目”：error[sheet-item-twice] 考核项目“cp-1”出现了两次（第 6 行已有）：每个考核项目只能有一行；请删掉复制出来的那一行",
        "进度表.xlsx 工作表“沙湾派出所”第 9 行：error[sheet-row-without-id] 这一行没有考核项目编号（可能是新插入的行），其中的内容无法导入：请把内容填到对应考核项目的那一行",
    ]
    edit_hidden(sheet, {"K5": "dr-1", "K6": "dr-2", "D9": None})
    assert refused(board, sheet) == [
        "进度表.xlsx 工作表“沙湾派出所”第 8 行：error[sheet-row-damaged] 这一行隐藏的导出信息缺失或被改动，无法判断哪些内容是新填写的：请重新导出后再填写",
    ]


def marker(unit: str) -> str:
    return f'casebook-progress {{"as_of": "{AS_OF}", "format": 1, "sheet": "unit", "unit": "{unit}"}}'


def test_sheets_of_units_the_import_cannot_take(board, sheet):
    book = openpyxl.load_workbook(sheet)
    book.copy_worksheet(book["沙湾派出所"]).title = "沙湾（副本）"
    book.create_sheet("我的备注")["A1"] = "自己记的"
    book["青石派出所"]["K1"] = marker("nowhere")
    book.save(sheet)
    assert refused(board, sheet) == [
        "进度表.xlsx 工作表“青石派出所”：error[sheet-unknown-unit] 这个工作表属于单位“nowhere”，但 cases/units.yml 中没有这个单位：请用本项目导出的进度表",
        "进度表.xlsx 工作表“沙湾（副本）”：error[sheet-unit-twice] 单位“shawan”有两个工作表（另一个是“沙湾派出所”）：每个单位只能交一个工作表；请删掉多余的一个",
        "进度表.xlsx 工作表“我的备注”：warning[sheet-foreign-sheet] 这个工作表不是案例库导出的，已跳过",
    ]


def test_a_sheet_for_a_unit_without_a_progress_file(board, sheet):
    (board.root / "cases/qingshi/progress.yml").unlink()
    assert refused(board, sheet) == [
        "进度表.xlsx 工作表“青石派出所”：error[sheet-no-progress] 单位“qingshi”没有进度文件 cases/qingshi/progress.yml：这个工作表无法导入；请先建立该文件（写明 people 和 items），再重新导出、填写",
    ]


def test_one_bad_sheet_stops_the_whole_workbook(board, sheet):
    fill(sheet, **{"cp-1": {"存在困难和问题": "新的困难"}})
    fill(sheet, "青石派出所", **{"dr-1": {"进展情况": "搞定"}})
    assert refused(board, sheet) == [
        "进度表.xlsx 工作表“青石派出所”第 5 行“进展情况”：error[sheet-bad-status] 进展情况“搞定”无法识别：应为 未开始、推进中、已完成、不适用 之一（从下拉列表中选择）",
    ]


def test_messages_in_english(board, sheet):
    fill(sheet, **{"dr-1": {"完成时限": "2026.13.01"}})
    result = run("progress", "import", sheet, "--project", board.root, "--as-of", AS_OF, "--lang", "en")
    assert result.exit_code == 1
    assert result.stderr == (
        '进度表.xlsx sheet "沙湾派出所" row 5 column "完成时限": error[sheet-bad-date] "2026.13.01" is not a valid date: '
        "expected 2026-11-30 or 2026年11月30日\n"
        "1 error(s) in the sheet (above); no file was changed; fix them and import again\n")


def test_a_progress_file_the_editor_cannot_change_in_place(board, tmp_path):
    board.progress("shawan", *PROGRESS_LINES[:5], "items: [{item: dr-1, person: 王某某, status: done, "
                   "evidence: [shawan-2024-001]}]")
    out = tmp_path / "进度表.xlsx"
    export(board, out)
    fill(out, **{"dr-2": {"责任人": "赵某"}})
    assert refused(board, out) == [
        "cases/shawan/progress.yml:6: error[sheet-cannot-edit]: 无法在原文件中安全地改写这里的内容（写法特殊，例如整个列表写在一行里）：请按每个字段一行的写法改写这部分，或手工修改该文件",
    ]


# --- import: workbooks that are not a filled-in progress sheet -----------------------------------------

@pytest.mark.parametrize("make, message", [
    (lambda p: openpyxl.Workbook().save(p),
     "{path} 不是案例库导出的进度表（没有找到隐藏的考核项目编号列）：只能导入用 casebook progress export 导出、填写后交回的表格；"
     "请把内容填到导出的进度表中。没有修改任何文件"),
    (lambda p: shutil.copy(FIXTURES / "encrypted.xlsx", p),
     "进度表 {path} 设置了打开密码（已加密），无法读取：请在 Excel 或 WPS 中打开，删除密码（文件 → 信息 → 保护工作簿 → "
     "用密码进行加密，清空后确定）并保存，再导入。没有修改任何文件"),
    (lambda p: shutil.copy(FIXTURES / "old-format.xls", p),
     "进度表 {path} 是旧版 Excel 97-2003 格式（.xls）：请在 Excel 或 WPS 中“另存为”Excel 工作簿（.xlsx），再导入。没有修改任何文件"),
    (lambda p: p.write_text("序号,考核项目\n1,调解室\n", encoding="utf-8"),
     "{path} 不是 Excel 工作簿（.xlsx）：应导入用 casebook progress export 导出、填写后交回的 .xlsx 文件。没有修改任何文件"),
], ids=["not-casebook", "encrypted", "old-xls", "csv"])
def test_workbooks_that_are_refused(board, tmp_path, make, message):
    path = tmp_path / "进度表.xlsx"
    make(path)
    result = import_(board, path)
    assert result.exit_code == 1
    assert result.stderr == "Error: " + message.format(path=path) + "\n"


def test_a_damaged_workbook(board, sheet):
    data = sheet.read_bytes()
    sheet.write_bytes(data[: len(data) // 2])
    result = import_(board, sheet)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: 进度表 {sheet} 已损坏，无法读取（")
    assert result.stderr.endswith("）：请填表人在 Excel 或 WPS 中重新保存后再发送。没有修改任何文件\n")


def test_a_missing_workbook(board, tmp_path):
    result = import_(board, tmp_path / "没有.xlsx")
    assert (result.exit_code, result.stderr) == (1, f"Error: 找不到进度表 {tmp_path / '没有.xlsx'}：请检查文件名和所在文件夹\n")


def test_files_keep_their_modes(board, tmp_path):
    path = board.root / PROGRESS
    path.chmod(0o640)
    out = tmp_path / "进度表.xlsx"
    export(board, out)
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask  # like any new file, not 0600
    fill(out, **{"cp-1": {"存在困难和问题": "人手不足，车辆紧张。"}})
    assert import_(board, out).exit_code == 0
    assert path.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(".")] == []  # no temporary file left


def test_a_workbook_with_a_damaged_sheet(board, sheet, tmp_path):
    damaged = tmp_path / "坏表.xlsx"
    with zipfile.ZipFile(sheet) as source, zipfile.ZipFile(damaged, "w") as target:
        for entry in source.infolist():
            data = source.read(entry)
            target.writestr(entry, data[:200] if entry.filename == "xl/worksheets/sheet2.xml" else data)
    result = import_(board, damaged)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: 进度表 {damaged} 已损坏，无法读取（")


def test_the_first_person_of_a_unit_without_people(board, tmp_path):
    board.progress("qingshi", "# 青石派出所", "items:", "  - item: dr-1", "    status: not-started")
    out = tmp_path / "进度表.xlsx"
    export(board, out)
    ws = openpyxl.load_workbook(out)["青石派出所"]
    assert "$M$4" not in {dv.formula1 for dv in ws.data_validations.dataValidation}  # no list without people
    fill(out, "青石派出所", **{"dr-1": {"责任人": "李某（教导员）"}})
    result = import_(board, out)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("cases/qingshi/progress.yml：修改 1 项，新增 0 项，新增责任人 李某\n")
    assert text(board, "cases/qingshi/progress.yml") == (
        "# 青石派出所\npeople:\n  - name: 李某\n    role: 教导员\nitems:\n  - item: dr-1\n    person: 李某\n"
        "    status: not-started\n    updated: 2026-06-15\n")


def test_long_runs_of_blanks_in_cells_are_read_in_linear_time(board, sheet):
    blanks = " " * 30000
    fill(sheet, **{"cp-1": {"责任人": f"钱某{blanks}（{blanks}", "佐证材料": f"a{blanks}b{blanks}、"}})
    started = time.perf_counter()
    lines = refused(board, sheet)
    assert time.perf_counter() - started < 20
    assert [line.split("：")[1].split(" ")[0] for line in lines] == ["error[sheet-unknown-person]",
                                                                   "error[attachment-missing]"]
