#!/usr/bin/env python3
"""Print a pip constraints file pinning every direct dependency to its declared lower bound.

`.ci/run` installs the project once with these pins and runs the suite again, so a lower
bound in pyproject.toml is a version we have tested, not a guess ("lowest-direct"
resolution: only our own requirements are pinned; what they pull in resolves as usual).
"""
from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

_LOWER = re.compile(r"^\s*([A-Za-z0-9_.\-]+)\s*(?:\[[^\]]*\])?\s*(.*)$")


def lower_bounds(pyproject: Path) -> list[str]:
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    requirements = list(project.get("dependencies", []))
    for group in project.get("optional-dependencies", {}).values():
        requirements += group
    pins = {}
    for requirement in requirements:
        name, spec = _LOWER.match(requirement).groups()
        if name.lower() == project["name"].lower():
            continue  # the project's own extras, e.g. casebook[pdf]
        bound = re.search(r">=\s*([^,;\s]+)", spec)
        if bound is None:
            sys.exit(f"{requirement!r} has no lower bound: declare the oldest version that works")
        pins[name] = f"{name}=={bound.group(1)}"
    return sorted(pins.values(), key=str.lower)


if __name__ == "__main__":
    root = Path(__file__).resolve().parent.parent
    print("\n".join(lower_bounds(root / "pyproject.toml")))
