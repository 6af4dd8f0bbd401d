"""`casebook validate` on a province-sized project checks cases on every core; the report
must be exactly the one a single process gives."""
from __future__ import annotations

import json

from click.testing import CliRunner

from generator.cli import main
from generator.config import load_config
from generator.forked import MIN_ITEMS, forked_map
from generator.validate import validate_project


def _square_and_pid(n: int) -> tuple[int, int]:
    import os

    return n * n, os.getpid()


def test_forked_map_keeps_the_order_and_uses_other_processes():
    import os

    results = forked_map(_square_and_pid, range(200), workers=2, min_items=1)
    assert [r for r, _pid in results] == [n * n for n in range(200)]
    assert {pid for _r, pid in results} - {os.getpid()}  # the work ran in forked workers


def test_forked_map_stays_in_this_process_below_the_threshold():
    import os

    results = forked_map(_square_and_pid, range(10), workers=2)
    assert {pid for _r, pid in results} == {os.getpid()}


def test_forked_validation_reports_exactly_what_one_process_reports(project):
    n = MIN_ITEMS + 20
    for i in range(1, n + 1):
        unit = "shawan" if i % 2 else "qingshi"
        front = {"title": f"案例 {i}"}
        if i % 7 == 0:
            front["tags"] = ["不存在的标签"]
        if i % 11 == 0:
            front["related"] = [f"shawan-2024-{i + 5000:03d}"]  # dangling: a suggestion each
        project.case(unit, f"{unit}-2024-{i:03d}", front)
    config, _ = load_config(project.root)
    serial, serial_project = validate_project(config)
    forked, forked_project = validate_project(config, forked=True)
    assert forked.as_json("zh") == serial.as_json("zh")
    assert [c.id for c in forked_project.cases] == [c.id for c in serial_project.cases]
    assert len(forked_project.cases) == n
    # and the command line, which forks, prints that same report
    result = CliRunner().invoke(main, ["validate", "--project", str(project.root), "--format", "json"])
    assert json.loads(result.output) == json.loads(serial.as_json("zh"))
    assert len(json.loads(result.output)["errors"]) == n // 7 + n // 11  # unknown tags, dangling related
