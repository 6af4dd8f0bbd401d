"""The whole `casebook validate` report of a deliberately broken project, compared exactly.

tests/fixtures/broken/ holds several case files with several mistakes each (see the
comments in its mkdocs.yml and the files themselves); tests/golden/broken.txt and
broken.en.txt are what a clerk sees. After an intended change to a message, rerun with
UPDATE_GOLDEN=1 and read the diff of the golden files line by line before committing.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from case_factory import UPDATE_GOLDEN
from generator.cli import main

HERE = Path(__file__).resolve().parent
FIXTURE = HERE / "fixtures" / "broken"


@pytest.mark.parametrize("golden, args", [
    ("broken.txt", []),                   # the project's language: theme.language zh
    ("broken.en.txt", ["--lang", "en"]),
])
def test_broken_project_report(golden, args):
    result = CliRunner(catch_exceptions=False).invoke(main, ["validate", str(FIXTURE), "--format", "text", *args])
    path = HERE / "golden" / golden
    if UPDATE_GOLDEN:
        path.write_text(result.stdout, encoding="utf-8", newline="\n")
    assert result.exit_code == 1
    assert result.stdout == path.read_text(encoding="utf-8")


def test_the_fixture_really_has_a_gbk_file():
    # guards against an editor or a git filter "fixing" the file the not-utf8 line is about
    data = (FIXTURE / "cases/shawan/shawan-2024-002.md").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert data.decode("gbk").startswith("---\ntitle: 夜间巡防队守护平安\n")
