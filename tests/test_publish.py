"""publish.replacing: the output folder is replaced whole or not at all."""
from __future__ import annotations

import pytest

from generator.publish import MARKER, replacing, write_marker


def test_an_exception_leaves_the_old_folder_and_no_leftovers(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("good", encoding="utf-8")
    write_marker(site, "internal")  # a previous build's
    with pytest.raises(RuntimeError):
        with replacing(site, "internal") as work:
            (work / "index.html").write_text("half", encoding="utf-8")
            raise RuntimeError("build crashed")
    assert (site / "index.html").read_text(encoding="utf-8") == "good"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_run_killed_between_the_two_renames_is_recovered_by_the_next(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("good", encoding="utf-8")
    write_marker(site, "internal")  # a previous build's
    site.rename(tmp_path / ".site.tmp-old-k1")  # the old site moved aside, the new one not yet in place
    (tmp_path / ".site.tmp-k2").mkdir()           # the half-built new site
    with pytest.raises(RuntimeError):
        with replacing(site, "internal"):
            raise RuntimeError("this build fails too")
    assert (site / "index.html").read_text(encoding="utf-8") == "good"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_success_replaces_the_folder_whole(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "old-page.html").write_text("old", encoding="utf-8")
    write_marker(site, "internal")  # a previous build's
    with replacing(site, "internal") as work:
        (work / "index.html").write_text("new", encoding="utf-8")
    assert sorted(p.name for p in site.iterdir()) == [MARKER, "index.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
