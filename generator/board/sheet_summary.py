"""The summary sheet of the progress workbook: units x criteria, done/total, coloured by the worst state."""
from __future__ import annotations

from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from .board import Board
from .sheet_layout import (FIRST_ROW, HEADER_ROW, STATE_FILLS, STATE_WORDS, TITLE_FONT, Styles, banner, cn_date,
                           fit_height, marker_text, print_setup, put)


def summary_sheet(sheet: Worksheet, styles: Styles, board: Board, names: dict[str, str], criteria: dict[str, str],
                  titles: dict[str, str]) -> None:
    """Units as rows (those with a sheet, each name a link to it), criteria as columns, then totals."""
    counted = ("overdue", "late-start", "due-soon")
    headers = ["序号", "单位", *(criteria[c] for c in board.criteria), "合计", *(STATE_WORDS[s] for s in counted)]
    widths = [5.5, 16, *(10 for _ in board.criteria), 9, 8, 8, 8]
    last = len(headers)
    for i, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    marker_column = last + 1
    sheet.column_dimensions[get_column_letter(marker_column)].hidden = True
    sheet.cell(row=1, column=marker_column, value=marker_text("summary", as_of=board.as_of.isoformat()))
    banner(sheet, 1, last, f"{board.name}进度汇总表（截至 {cn_date(board.as_of)}）",
           styles(size=16, bold=True, font=TITLE_FONT, align="center", border=False))
    sheet.row_dimensions[1].height = 36
    left = f"还有 {board.days_left} 天" if board.days_left >= 0 else f"已过 {-board.days_left} 天"
    banner(sheet, 2, last, f"验收日期：{cn_date(board.acceptance)}（{left}）　"
                           "各格为“已完成/应完成”的考核项目数，底色为其中最紧急的状态（见表格下方图例）", styles(border=False))
    sheet.row_dimensions[2].height = 20
    for i, header in enumerate(headers, 1):
        put(sheet, HEADER_ROW, i, header, styles(bold=True, align="center", fill="header"))
    fit_height(sheet, HEADER_ROW, dict(enumerate(headers, 1)))
    centre = styles(align="center")
    shown = [u for u in board.units.values() if u.unit in titles]
    row = FIRST_ROW
    for number, unit in enumerate(shown, 1):
        sheet.row_dimensions[row].height = 20
        put(sheet, row, 1, number, centre)
        link = put(sheet, row, 2, names[unit.unit], styles(link=True))
        link.hyperlink = Hyperlink(ref=link.coordinate, location=f"{quote_sheetname(titles[unit.unit])}!A1")
        for i, criterion in enumerate(board.criteria, 3):
            cell = unit.cells[criterion]
            put(sheet, row, i, f"{cell.done}/{cell.total}" if cell.total else "—",
                styles(align="center", fill=cell.worst))
        put(sheet, row, len(board.criteria) + 3, f"{unit.done}/{unit.total}",
            styles(align="center", bold=True, fill=unit.worst))
        for i, state in enumerate(counted, len(board.criteria) + 4):
            put(sheet, row, i, unit.counts[state], styles(align="center", fill=state if unit.counts[state] else None))
        row += 1
    sheet.row_dimensions[row].height = 20
    total = styles(align="center", bold=True)
    put(sheet, row, 1, None, total)
    put(sheet, row, 2, "合计", total)
    for i, criterion in enumerate(board.criteria, 3):
        done = sum(u.cells[criterion].done for u in shown)
        put(sheet, row, i, f"{done}/{sum(u.cells[criterion].total for u in shown)}", total)
    put(sheet, row, len(board.criteria) + 3, f"{sum(u.done for u in shown)}/{sum(u.total for u in shown)}", total)
    for i, state in enumerate(counted, len(board.criteria) + 4):
        put(sheet, row, i, sum(u.counts[state] for u in shown), total)
    row += 2
    put(sheet, row, 2, "图例", styles(align="center", bold=True, border=False))
    for i, state in enumerate(STATE_FILLS, 3):
        put(sheet, row, i, STATE_WORDS[state], styles(align="center", fill=state))
    fit_height(sheet, row, {i: STATE_WORDS[s] for i, s in enumerate(STATE_FILLS, 3)})
    print_setup(sheet, row, get_column_letter(max(last, 2 + len(STATE_FILLS))))
