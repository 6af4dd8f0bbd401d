"""The contributor guide's quick reference, as a clerk opens it next to a validate report."""
from __future__ import annotations

import pytest

from conftest import look

pytestmark = pytest.mark.build

NEW_CODES = ("quoted-then-text", "comment-in-value", "list-separator", "hidden-extension")


def test_the_quick_reference_explains_the_new_messages_on_desktop_and_phone(sample_site, serve_dir, page):
    url = serve_dir(sample_site) + "/guide/"
    overflow = look(page, url, "guide")
    assert overflow == {"desktop": 0, "phone": 0}  # the table scrolls inside its own box, never the page
    rows = page.locator("table tr").all_inner_texts()
    for code in NEW_CODES:
        assert any(row.startswith(code) for row in rows), code
    quote_row = next(row for row in rows if row.startswith("quoted-then-text"))
    assert "title: “板凳会”调解" in quote_row and "title: '\"板凳会\"调解'" in quote_row
    # the phone keeps the table readable by scrolling it sideways inside the page
    table_box = page.locator("table", has_text="quoted-then-text")
    assert table_box.evaluate("t => t.closest('.md-typeset__scrollwrap') !== null")
