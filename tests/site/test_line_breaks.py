"""A line break inside a paragraph between two Chinese characters is no space (case bodies,
collection intros and notes: one renderer, generator/linebreaks.py)."""
from __future__ import annotations

import re

import pytest

from case_factory import BODY
from conftest import build
from generator.render import render_body


@pytest.mark.parametrize("markdown, html", [
    ("推广，\n供各所在对照学习", "<p>推广，供各所在对照学习</p>"),
    ("**建一个固定阵地。**\n在所里腾出一间房", "<p><strong>建一个固定阵地。</strong>在所里腾出一间房</p>"),
    ("供各所在**矛盾纠纷化解**\n一项对照学习", "<p>供各所在<strong>矛盾纠纷化解</strong>一项对照学习</p>"),
    ("挂牌“和事佬”\n调解室", "<p>挂牌“和事佬”调解室</p>"),
    ("见[流程图](http://example.org/)\n和说明", '<p>见<a href="http://example.org/">流程图</a>和说明</p>'),
    ("- 第一项\n  接着写\n- 第二项", "<ul>\n<li>第一项接着写</li>\n<li>第二项</li>\n</ul>"),
    # a space stays where one of the sides is not Chinese, or Korean (which spaces its words)
    ("每月 23\n起", "<p>每月 23\n起</p>"),
    ("使用 WeChat\n群", "<p>使用 WeChat\n群</p>"),
    ("경찰\n서", "<p>경찰\n서</p>"),
    # a hard break (two spaces) and code are left as written
    ("第一行  \n第二行", "<p>第一行<br>\n第二行</p>"),
    ("```\n第一行\n第二行\n```", "<pre><code>第一行\n第二行\n</code></pre>"),
])
def test_a_line_break_between_chinese_characters_is_removed(markdown, html):
    assert render_body(markdown, "shawan-2024-001").html == html


@pytest.mark.build
def test_a_case_body_written_over_several_lines_reads_without_spaces_in_the_built_page(project, tmp_path):
    body = BODY.replace("每周开一次“板凳会”，当场调解。", "**每周开一次“板凳会”。**\n社区民警带调解员进村，\n当场调解。")
    project.case("shawan", "shawan-2024-001", body=body)
    result = build(project.root, tmp_path / "out")
    assert result.exit_code == 0, result.output
    html = (tmp_path / "out" / "cases" / "shawan-2024-001" / "index.html").read_text(encoding="utf-8")
    assert "<p><strong>每周开一次“板凳会”。</strong>社区民警带调解员进村，当场调解。</p>" in html
    assert not re.search(r"进村，\s+当场", html)


def test_long_runs_of_blanks_and_breaks_are_joined_in_linear_time():
    import time
    import xml.etree.ElementTree as etree

    from generator.linebreaks import join_in_tree

    paragraph = etree.Element("p")
    paragraph.text = "甲" + " " * 100_000 + "\n" + " \n" * 50_000 + "乙" + "\t" * 100_000 + "\n丙"
    started = time.perf_counter()
    join_in_tree(paragraph)
    assert time.perf_counter() - started < 1.0
    assert paragraph.text.endswith("乙丙") and paragraph.text.startswith("甲" + " " * 100_000 + "\n")
