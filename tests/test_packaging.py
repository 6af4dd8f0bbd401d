"""What a user installing into a fresh virtualenv relies on: every import declared, the
lower bounds tested, and a test suite that says clearly what it could not run."""
from __future__ import annotations

import ast
import importlib.metadata as md
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
sys.path.insert(0, str(REPO / ".ci"))
lowest = __import__("lowest-constraints")


def _name(requirement: str) -> str:
    return re.sub(r"[-_.]+", "-", re.match(r"[A-Za-z0-9_.\-]+", requirement).group()).lower()


def _imports(folder: Path) -> dict[str, str]:
    """Top-level third-party module names imported under ``folder``, with a place each."""
    found = {}
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top != "generator":
                    found.setdefault(top, f"{path.relative_to(REPO)}:{node.lineno}")
    return found


def test_every_package_generator_imports_is_a_declared_dependency():
    declared = {_name(r) for r in PYPROJECT["dependencies"]}
    # imported only where an optional extra's feature runs: casebook[pdf] (pdf.py), casebook[import] (importers/)
    optional = {_name(r) for extra in ("pdf", "import") for r in PYPROJECT["optional-dependencies"][extra]}
    distributions = md.packages_distributions()
    undeclared = []
    for module, where in _imports(REPO / "generator").items():
        owners = {_name(d) for d in distributions.get(module, [])}
        if not owners:
            undeclared.append(f"{module} ({where}): not installed by `pip install -e .`")
        elif not owners & declared and not owners & optional:
            undeclared.append(f"{module} ({where}): comes from {sorted(owners)}, not declared")
    assert undeclared == []


def test_every_direct_dependency_has_a_lower_bound_and_ci_pins_it():
    pins = lowest.lower_bounds(REPO / "pyproject.toml")
    requirements = [r for group in [PYPROJECT["dependencies"], *PYPROJECT["optional-dependencies"].values()]
                    for r in group if not r.startswith("casebook")]
    assert {_name(p) for p in pins} == {_name(r) for r in requirements}
    assert "nh3==0.3.7" in pins  # the first nh3 whose clean() takes id_prefix
    assert "weasyprint==68.0" in pins  # the first WeasyPrint with weasyprint.urls.URLFetcher


@pytest.mark.parametrize("package, below", [("mkdocs", "2"), ("mkdocs-material", "10"), ("pydantic", "3")])
def test_a_major_release_that_would_break_us_is_excluded(package, below):
    requirement = next(r for r in PYPROJECT["dependencies"] if _name(r) == package)
    assert f"<{below}" in requirement


def test_the_installed_versions_satisfy_what_we_declare():
    # The suite runs against what pip installed; a bound nobody can install is a lie.
    for requirement in PYPROJECT["dependencies"]:
        name = _name(requirement)
        low = re.search(r">=\s*([0-9][^,;\s]*)", requirement).group(1)
        installed = md.version(name)
        assert _version_tuple(installed) >= _version_tuple(low), (name, installed, low)


def _version_tuple(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version)[:3])


def _browser_test(extra_args: list[str], ci: str | None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["CASEBOOK_CHROMIUM"] = "/nonexistent/chromium"
    if ci is not None:
        env["CI"] = ci
    test = "tests/site/test_browser.py::test_without_javascript_every_case_is_listed"
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", test, *extra_args],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=300)


def test_a_missing_chromium_fails_with_how_to_install_it():
    result = _browser_test([], ci=None)
    assert result.returncode == 1, result.stdout
    assert "/nonexistent/chromium is missing: install Debian's chromium package" in result.stdout
    assert "1 error" in result.stdout


def test_a_missing_chromium_is_skipped_locally_only_when_asked():
    result = _browser_test(["--skip-missing-browser"], ci=None)
    assert result.returncode == 0, result.stdout
    assert "1 skipped" in result.stdout
    assert "browser test skipped as asked (--skip-missing-browser)" in result.stdout


def test_ci_never_skips_a_missing_chromium():
    result = _browser_test(["--skip-missing-browser"], ci="true")
    assert result.returncode == 1, result.stdout
    assert "is missing" in result.stdout


def test_a_weasyprint_older_than_the_lower_bound_is_named_not_called_missing(tmp_path):
    # WeasyPrint 67 has no weasyprint.urls.URLFetcher; stand one in (the real 67 is not installed
    # here) and run the booklet command as a user would.
    fake = tmp_path / "old" / "weasyprint"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text('__version__ = "67.0"\nclass HTML:\n    pass\n', encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path / "old"), str(REPO)])}
    result = subprocess.run([sys.executable, "-m", "generator.cli", "booklet", "dispute-brands", "--project", str(REPO),
                             "--out", str(tmp_path / "b.pdf"), "--lang", "en"],
                            capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 1
    assert "PDF output needs WeasyPrint 68.0 or newer, found 67.0" in result.stderr
    assert not (tmp_path / "b.pdf").exists()
