"""The ``project`` fixture: a minimal valid Casebook project in tmp_path (see case_factory.py)."""
from __future__ import annotations

from pathlib import Path

import pytest

from case_factory import CRITERIA_YML, TAGS_YML, UNITS_YML, Project


@pytest.fixture
def project(tmp_path: Path) -> Project:
    p = Project(tmp_path / "site")
    p.mkdocs()
    p.write("cases/units.yml", UNITS_YML)
    p.write("cases/criteria.yml", CRITERIA_YML)
    p.write("cases/tags.yml", TAGS_YML)
    return p
