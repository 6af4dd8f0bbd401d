"""The rules of `casebook import` on their own: dates, headings and their wordings, Word's
numbers, Markdown escaping, and the draft built from a document model (no .docx needed for
what python-docx cannot make, such as an EMF picture or a document without a date)."""
from __future__ import annotations

import datetime as dt
import html
import re

import pytest

from generator.importers.dates import date_line, find_date
from generator.importers.document import Link, Paragraph, Picture, Table, Text, WordDocument
from generator.importers.draft import compose, summary_of
from generator.importers.headings import HeadingTable, numbered_level, wording
from generator.importers.markdown import escape, inline_markdown
from generator.importers.numbering import format_number, han_number
from generator.render import render_body

SECTIONS = ("背景", "做法", "成效", "可复制经验")
TABLE = HeadingTable(SECTIONS)


# --- dates -------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, date", [
    ("2024年3月18日", dt.date(2024, 3, 18)),
    ("沙湾派出所　2024 年 3 月 18 日", dt.date(2024, 3, 18)),
    ("2024.3.18", dt.date(2024, 3, 18)),
    ("2024-03-18", dt.date(2024, 3, 18)),
    ("2024/03/08", dt.date(2024, 3, 8)),
    ("２０２４年３月１８日", dt.date(2024, 3, 18)),  # full-width digits, as some input methods type them
    ("二〇二四年三月十八日", dt.date(2024, 3, 18)),
    ("二〇二三年十一月三十日", dt.date(2023, 11, 30)),
    ("（2024年12月1日）", dt.date(2024, 12, 1)),
])
def test_a_date_line_in_the_ways_chinese_documents_write_it(text, date):
    assert date_line(text)[0] == date


@pytest.mark.parametrize("text", [
    "2024年3月18日起，全面推行“板凳会”。",  # a sentence with a date in it
    "2024年2月30日",  # no such day
    "共化解纠纷 2024.5 起",
    "沙湾派出所",
    "1.2.3",
])
def test_a_sentence_or_an_impossible_date_is_not_a_date_line(text):
    assert date_line(text) is None


def test_the_date_found_keeps_its_written_form():
    assert find_date("落款：二〇二四年三月十八日") == (dt.date(2024, 3, 18), "二〇二四年三月十八日")


# --- headings and their wordings ----------------------------------------------------------------

@pytest.mark.parametrize("text, level, words", [
    ("一、基本情况", 1, "基本情况"),
    ("十二、 其他", 1, "其他"),
    ("第一部分 基本情况", 1, "基本情况"),
    ("（一）建立制度", 2, "建立制度"),
    ("(二) 当场调解", 2, "当场调解"),
    ("1. 定时间", 3, "定时间"),
    ("（3）回访", 3, "回访"),
    ("①登记", 3, "登记"),
])
def test_the_number_a_part_starts_with(text, level, words):
    assert numbered_level(text) == (level, words)


@pytest.mark.parametrize("text", ["一是固定时间", "2024年成效显著", "10.5% 的纠纷", "基本情况"])
def test_text_that_only_looks_numbered(text):
    assert numbered_level(text) is None


@pytest.mark.parametrize("heading, section", [
    ("一、基本情况", "背景"), ("一、背景", "背景"), ("起因", "背景"), ("一、工作背景：", "背景"),
    ("二、主要做法", "做法"), ("二、工作措施", "做法"), ("具体做法", "做法"), ("二、主要做法及成效", "做法"),
    ("三、工作成效", "成效"), ("三、取得的成效", "成效"), ("成效", "成效"),
    ("四、经验启示", "可复制经验"), ("四、几点体会", "可复制经验"), ("可复制可推广的经验", "可复制经验"),
    ("四、经验做法", "做法"),  # the longer wording wins: 经验做法 are practices
    ("五、存在问题", None), ("五、下一步工作打算", None),
])
def test_the_table_maps_the_common_wordings(heading, section):
    assert TABLE.section_of(heading) == section


def test_a_project_adds_wordings_and_overrides_defaults():
    table = HeadingTable(SECTIONS, {"可复制经验": ["下步打算"], "背景": ["存在问题"]})
    assert table.section_of("五、下步打算") == "可复制经验"
    assert table.section_of("四、存在问题") == "背景"
    assert table.section_of("一、基本情况") == "背景"


def test_a_project_with_its_own_sections_maps_their_names_and_only_their_defaults():
    table = HeadingTable(("背景", "做法", "问题"))
    assert table.section_of("三、问题") == "问题"
    assert table.section_of("四、经验启示") is None  # 可复制经验 is not a section of this project
    assert wording("（一） 建立 制度：") == "建立制度"


# --- Word's automatic numbers -------------------------------------------------------------------

@pytest.mark.parametrize("n, text", [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (21, "二十一"),
                                     (100, "一百"), (105, "一百零五"), (110, "一百一十")])
def test_chinese_counting(n, text):
    assert han_number(n) == text


@pytest.mark.parametrize("n, fmt, text", [
    (3, "decimal", "3"), (3, "chineseCounting", "三"), (3, "ideographTraditional", "丙"),
    (3, "decimalEnclosedCircle", "③"), (12, "decimalFullWidth", "１２"), (28, "upperLetter", "AB"),
    (4, "lowerRoman", "iv"), (2024, "ideographDigital", "二〇二四"), (7, "decimalZero", "07"),
])
def test_number_formats(n, fmt, text):
    assert format_number(n, fmt) == text


# --- Markdown that shows the text as typed ------------------------------------------------------

HOSTILE = ("# 不是标题 *不是强调* _也不是_ `不是代码` [不是链接](http://x) <script>alert(1)</script> "
           "&amp; 1. 不是列表 > 不是引用 | 竖线 \\ 反斜杠 ![不是图](x.png) [^1]")


def _shown(markdown: str) -> str:
    """What a reader sees of rendered Markdown: the text of the page, tags dropped."""
    rendered = render_body(markdown, "shawan-2024-001").html
    return html.unescape(re.sub(r"<[^>]+>", "", rendered)).strip()


@pytest.mark.parametrize("line", [
    HOSTILE, "1. 定时间", "- 不是列表", "+ 也不是", ">引用", "#标签", ": 定义", "~~~", "---", "===",
    "12) 条目", "!!! note", "*", "a_b_c", "&#38;",
])
def test_text_from_word_renders_as_exactly_that_text(line):
    markdown = inline_markdown([Text(line)], picture=lambda p: "", note=lambda n: "")
    assert _shown(markdown) == line


def test_bold_and_italic_runs_merge_and_keep_spaces_outside_the_marks():
    inlines = [Text("（二）当场"), Text("调解。", bold=False), Text(" 当场", bold=True), Text("回访 ", bold=True),
               Text("一周内", italic=True), Text("。")]
    assert inline_markdown(inlines, lambda p: "", lambda n: "") == "（二）当场调解。 **当场回访** *一周内*。"


def test_links_keep_web_addresses_only():
    inlines = [Link("https://example.org/a b", (Text("通报"),)), Text("，"), Link("file:///C:/材料/x.doc", (Text("附件"),))]
    assert inline_markdown(inlines, lambda p: "", lambda n: "") == "[通报](<https://example.org/a b>)，附件"


def test_escape_leaves_chinese_alone():
    assert escape("“板凳会”化解邻里纠纷，成效明显。") == "“板凳会”化解邻里纠纷，成效明显。"


# --- the draft from a document model --------------------------------------------------------------

def p(text: str = "", bold: bool = False, **kw) -> Paragraph:
    """A paragraph as word.py reads it: ``bold`` when all of its text is."""
    return Paragraph([Text(text, bold=bold)] if text else kw.pop("inlines", []), bold=bold and bool(text), **kw)


def test_a_picture_the_site_cannot_show_leaves_a_hint_where_it_stood():
    doc = WordDocument([p("一、基本情况", bold=True), p(inlines=[Picture("/word/media/image1.emf", ".emf", b"x")]),
                        p("二、主要做法", bold=True), p("每周开会。"),
                        p(inlines=[Picture("link:C:/照片/1.jpg", ".jpg", None)])])
    draft = compose(doc, "材料", TABLE, dt.date(2025, 1, 2))
    assert draft.images == []
    assert draft.unsupported == [(1, ".emf"), (2, "link")]
    body = draft.body_for("shawan-2025-001")
    assert ("## 背景\n\n【请填写】此处原有第 1 张图片（EMF 格式），网站无法显示：请在 Word 中把它另存为 PNG 或 JPG，"
            "放进 shawan-2025-001/ 文件夹，再把这一句换成这张图片（写法见投稿指南“插入图片和附件”）\n\n") in body
    assert "此处原有第 2 张图片（链接到文档以外的文件，没有保存在文档里）" in body


def test_without_a_date_anywhere_today_is_used_and_said():
    draft = compose(WordDocument([p("每周开会。")]), "材料", TABLE, dt.date(2025, 1, 2))
    assert (draft.date, draft.date_from.how) == (dt.date(2025, 1, 2), "import-date-today")


def test_a_created_time_in_utc_is_the_date_in_china():
    late = dt.datetime(2024, 3, 17, 20, 0, tzinfo=dt.timezone.utc)  # 04:00 on the 18th in Beijing
    draft = compose(WordDocument([p("每周开会。")], created=late), "材料", TABLE, dt.date(2025, 1, 2))
    assert (draft.date, draft.date_from.how) == (dt.date(2024, 3, 18), "import-date-created")


def test_a_signature_date_at_the_end_is_found_too():
    body = [p(f"第{n}段。") for n in range(12)]
    doc = WordDocument([p("标题", bold=True, centred=True), *body, p("沙湾派出所"), p("2024年3月18日")])
    draft = compose(doc, "材料", TABLE, dt.date(2025, 1, 2))
    assert draft.date == dt.date(2024, 3, 18)
    assert "2024年3月18日" not in draft.body


def test_a_subtitle_under_the_title_joins_it():
    doc = WordDocument([p("“板凳会”调解法", bold=True, centred=True), p("——沙湾派出所工作经验", centred=True),
                        p("每周开会。")])
    assert compose(doc, "材料", TABLE, dt.date(2025, 1, 2)).title == "“板凳会”调解法——沙湾派出所工作经验"


def test_a_long_first_paragraph_is_cut_at_a_sentence_end_for_the_summary():
    sentence = "社区民警每周在小区院坝召开板凳会，当场听取和调解邻里纠纷。"  # 30 characters
    assert summary_of(sentence * 10) == sentence * 6
    assert len(summary_of("无标点" * 100)) == 200


def test_a_table_keeps_a_merged_cells_text_once_and_a_one_cell_table_is_a_paragraph():
    cell = lambda text: [p(text)]  # noqa: E731
    merged = Table([[cell("类别"), cell("数量"), cell("备注")], [cell("合计 | 120"), None, None]], merged=True)
    framed = Table([[[p("编者按："), p("这是一段加框的话。")]]])
    draft = compose(WordDocument([merged, framed]), "材料", TABLE, dt.date(2025, 1, 2))
    assert draft.body.startswith("## 背景\n\n| 类别 | 数量 | 备注 |\n| --- | --- | --- |\n| 合计 \\| 120 |   |   |\n\n"
                                 "编者按：\n\n这是一段加框的话。\n\n## 做法")
    assert draft.merged_tables == [1]


def test_a_picture_used_twice_is_saved_once():
    logo = Picture("/word/media/image1.png", ".png", b"png")
    doc = WordDocument([p(inlines=[logo]), p("每周开会。"), p(inlines=[logo])])
    draft = compose(doc, "材料", TABLE, dt.date(2025, 1, 2))
    assert [image.name for image in draft.images] == ["image-01.png"]
    assert draft.body_for("x").count("](x/image-01.png)") == 2


def test_a_title_in_heading_1_over_parts_in_heading_2():
    doc = WordDocument([p("社区警务室建设", heading=1), p("基本情况", heading=2), p("辖区大。"),
                        p("主要做法", heading=2), p("建立制度", heading=3), p("每周开会。")])
    draft = compose(doc, "材料", TABLE, dt.date(2025, 1, 2))
    assert (draft.title, draft.title_from.how) == ("社区警务室建设", "import-title-first")
    assert draft.body.startswith("## 背景\n\n辖区大。\n\n## 做法\n\n### 建立制度\n\n每周开会。\n\n## 成效")


def test_parts_numbered_with_digits_are_parts_when_worded_as_one():
    doc = WordDocument([p("1. 基本情况", bold=True), p("辖区大。"), p("2. 主要做法", bold=True),
                        p("3. 建立经验交流制度", bold=True), p("每周开会。")])
    draft = compose(doc, "材料", TABLE, dt.date(2025, 1, 2))
    assert [(f.text, s) for f, s in draft.mapped] == [("1. 基本情况", "背景"), ("2. 主要做法", "做法")]
    assert "## 做法\n\n#### 3. 建立经验交流制度\n\n每周开会。" in draft.body
