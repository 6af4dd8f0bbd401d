"""Shared fixtures and the test markers.

Markers (registered in pyproject.toml): ``build`` builds a site with the real MkDocs,
``browser`` drives Chromium, ``pdf`` renders a PDF. ``pytest -m "not build and not browser
and not pdf"`` is the fast part of the suite; CI runs everything.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from case_factory import CRITERIA_YML, TAGS_YML, UNITS_YML, Project

BROWSER_FIXTURES = {"browser", "page"}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--skip-missing-browser", action="store_true",
        help="skip, rather than fail, the browser tests when Chromium is missing (refused when CI is set)",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # A test that asks for the browser is a browser test whether or not its author marked
    # it, so that -m "not browser" never starts one.
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    p = Project(tmp_path / "site")
    p.mkdocs()
    p.write("cases/units.yml", UNITS_YML)
    p.write("cases/criteria.yml", CRITERIA_YML)
    p.write("cases/tags.yml", TAGS_YML)
    return p
