"""Editing progress.yml in its own text: only the lines of the fields that change, everything else kept."""
from __future__ import annotations

import pytest

from generator.board.progress_edit import EditError, EntryEdit, edit_progress, render_value


def lines(*rows: str) -> str:
    return "".join(row + "\n" for row in rows)


def test_a_block_list_is_replaced_and_the_comments_around_it_stay():
    before = lines(
        "items:",
        "- item: dr-1",
        "  status: in-progress",
        "  evidence:",
        "  - a.pdf",
        "  # the second one is coming",
        "  - b.pdf",
        "  # checked by the bureau",
        "  updated: 2026-06-01",
        "- item: cp-1",
        "  status: done",
    )
    after = edit_progress(before, [EntryEdit("dr-1", 0, {"evidence": ["a.pdf", "c.pdf"], "person": "王某"})], [])
    assert after == lines(
        "items:",
        "- item: dr-1",
        "  person: 王某",
        "  status: in-progress",
        "  evidence: [a.pdf, c.pdf]",
        "  # checked by the bureau",
        "  updated: 2026-06-01",
        "- item: cp-1",
        "  status: done",
    )


def test_a_flow_entry_is_rewritten_in_block_style():
    before = lines("items:", "  - {item: dr-1, status: done, evidence: [a.pdf]}  # 已验收", "  # 下一项")
    after = edit_progress(before, [EntryEdit("dr-1", 0, {"person": "王某"})], [])
    assert after == lines("items:", "  - item: dr-1", "    person: 王某", "    status: done", "    evidence: [a.pdf]",
                          "  # 下一项")


@pytest.mark.parametrize("items", ["items:", "items: []", "items: ~"])
def test_entries_go_into_an_empty_list(items):
    after = edit_progress(lines("# 河东", items), [EntryEdit("dr-1", None, {"status": "done", "evidence": ["x"]})], [])
    assert after == lines("# 河东", "items:", "  - item: dr-1", "    status: done", "    evidence: [x]")


def test_a_file_without_items_or_people_gets_both():
    after = edit_progress(lines("# 城关"), [EntryEdit("dr-1", None, {"status": "in-progress", "person": "刘某"})],
                          [("刘某", "所长")])
    assert after == lines("# 城关", "people:", "  - name: 刘某", "    role: 所长", "items:", "  - item: dr-1",
                          "    person: 刘某", "    status: in-progress")


def test_nothing_to_change_gives_the_same_text():
    before = "items:\n  - item: dr-1\n    status: done"  # no newline at the end
    assert edit_progress(before, [EntryEdit("dr-1", 0, {"status": "done"})], []) == before


def test_a_list_on_the_line_of_its_key_is_not_guessed_at():
    with pytest.raises(EditError) as caught:
        edit_progress(lines("# x", "items: [{item: dr-1, status: done}]"), [EntryEdit("dr-2", None, {"status": "done"})],
                      [])
    assert caught.value.line == 2


@pytest.mark.parametrize("value, written", [
    ("人手不足。", "人手不足。"),
    ("2026-11-30", "2026-11-30"),
    ("经费: 不足", "'经费: 不足'"),
    ("说明 #1", "'说明 #1'"),
    ("- 列表", "'- 列表'"),
    ("null", "'null'"),
    ("第一行\n第二行", '"第一行\\n第二行"'),
    ("'引号'", "\"'引号'\""),
    (["a.pdf", "b, c.pdf", "[d]"], "[a.pdf, 'b, c.pdf', '[d]']"),
])
def test_values_are_plain_only_where_they_read_back_unchanged(value, written):
    assert render_value(value) == written
