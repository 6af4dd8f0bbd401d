#!/usr/bin/env python3
"""Benchmark: ``casebook validate`` against the cost of just parsing front matter.

Generates N synthetic but realistic cases into a temporary project, then times,
side by side and each in a fresh process (so both include interpreter start-up):

* baseline  - a bare Python process that reads every case file and loads the
              text between its first two ``---`` lines with
              ``yaml.load(..., Loader=yaml.CSafeLoader)``;
* validate  - ``casebook validate --project DIR --format json``, the real console script.

Each command gets one warm-up run, then the best of ``--repeat`` runs counts.
Runs are interleaved (baseline, validate, baseline, ...) so both see the same
machine state. Each command runs under a tiny fresh wrapper process that forks,
execs it and reads its ``ru_maxrss`` with ``os.wait4``: that child's own peak
(not a sum or max over other children, nor this large parent's memory).

Targets (issue 2, "Speed"): at N = 10,000 validate takes at most 3x the
baseline, and peaks under 300 MB. The script is a report: it exits 0 whether or
not a target is met; it exits non-zero only when the benchmark itself is broken
(for example the generated cases do not validate cleanly).

Usage:  python benchmarks/bench_validate.py [--n 10000] [--repeat 3] [--project DIR] [--keep DIR] [--dangling [same|distinct]]

--dangling gives every case one related id that does not exist (issue 9: 10,000 cases pointing
at a renamed case took half an hour, one fuzzy match against every id each); the validate time
printed is then the time to report n unknown-case errors with their suggestions.

Stdlib and PyYAML only (plus the project, through its CLI).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
RATIO_TARGET = 3.0
RSS_TARGET_MB = 300.0
SECTIONS = ("背景", "做法", "成效", "可复制经验")

# --- the baseline: read every case file and parse its front matter -----------

BASELINE = r'''
import os, sys, yaml
root = os.path.join(sys.argv[1], "cases")
count = 0
for unit in sorted(os.listdir(root)):
    folder = os.path.join(root, unit)
    if unit == "collections" or not os.path.isdir(folder):
        continue
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".md"):
            continue
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            text = f.read()
        # the text between the first two "---" lines
        start = text.index("---\n") + 4
        end = text.index("\n---\n", start - 1)
        data = yaml.load(text[start:end], Loader=yaml.CSafeLoader)
        assert isinstance(data, dict)
        count += 1
print(count)
'''

# --- synthetic content -------------------------------------------------------

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢"
ROLES = ["所长", "教导员", "副所长", "社区民警", "辅警", "调解员", "网格员", "法制员", "平安志愿者",
         "警务室民警", "治安民警", "村委会主任", "驻村辅警", "巡逻队长", "户籍民警", "反诈专干"]
PLACES = ["村", "社区", "集镇", "码头", "学校", "市场", "工业园区", "景区", "车站", "小区", "江边", "院坝"]
TOPICS = [
    ("邻里纠纷", "矛盾调解"), ("电信诈骗", "反诈宣传"), ("独居老人", "关爱老人"), ("学生上下学", "校园安全"),
    ("夜间治安", "巡逻防控"), ("户籍办理", "户政服务"), ("涉水安全", "水上安全"), ("视频巡查", "视频监控"),
    ("执法质量", "执法监督"), ("实战练兵", "实战练兵"), ("网格走访", "网格化管理"), ("义警队伍", "群防群治"),
    ("留守儿童", "青少年保护"), ("乡村治理", "乡村治理"), ("警情研判", "数据研判"),
]
ACTIONS = ["建立", "推行", "打造", "探索", "创新", "完善", "深化", "组建"]
THINGS = ["工作机制", "联调平台", "服务专窗", "巡防队伍", "议事会", "工作台账", "预警模型", "联络员队伍",
          "流动课堂", "便民驿站", "一张图", "微信群"]
INDICATORS = ["邻里纠纷警情", "纠纷调解成功率", "电诈发案数", "群众满意率", "可防性案件", "涉水警情",
              "办证平均时长", "执法过错数", "盗窃案件", "回访率", "重复警情", "群众求助响应时间"]
UNITS_OF = ["起", "件", "人", "次", "分钟"]
PERIODS = ["每月", "全年", "每季度", "半年"]

# Clauses of ordinary Chinese prose; {p} a place, {t} a topic, {n} a number.
CLAUSES = [
    "{p}常住人口约{n}千人，外出务工人员多，留守老人和儿童占比较高",
    "过去因{t}引发的警情较多，群众习惯直接打电话报警",
    "民警到场后往往只能劝一劝、走一走，同一问题反复出现",
    "去年全所{t}类警情达{n}0 余起，占全部警情的三成以上",
    "社区民警带领辅警和网格员逐户走访，摸清底数，建立台账",
    "聘请退休教师、老党员和有威望的乡贤担任调解员，排好轮值表",
    "每周固定时间到{p}开流动会，当事双方和左邻右舍一起听、一起评",
    "一般问题当场处理，复杂问题约定时间再议，并及时联系相关部门参加",
    "每起{t}登记一事一档，写明诉求、处理过程和协议内容",
    "处理后七日内电话回访一次，三十日内上门回访一次",
    "与司法所、村委会和镇综治中心建立联动机制，避免群众来回跑",
    "在{p}设置宣传栏和警示牌，向群众讲清相关规定和自救方法",
    "运行一年来共开展活动{n}0 场，处置问题{n}00 余起，群众反映良好",
    "{t}警情明显下降，全年未发生因此引发的刑事案件",
    "工作机制被镇政府纳入年度平安建设考核，在全县推广",
    "人员要选说得上话的本地人，民警负责把好法律关口",
    "阵地放在群众家门口，时间固定，形成习惯，比等群众上门更管用",
    "回访一定要落实到人、写进台账，否则效果容易反弹",
    "起步阶段不必大投入，一间房、几条凳、一本台账即可开展",
    "坚持问题导向，先从群众反映最强烈的小事抓起",
]


class CaseWriter:
    """Deterministic generator of realistic case files (valid by construction)."""

    def __init__(self, registries: dict[str, list[dict]], seed: int) -> None:
        self.rng = random.Random(seed)
        self.units = [u["id"] for u in registries["units"]]
        self.criteria = registries["criteria"]
        self.tags = registries["tags"]

    # small helpers
    def person(self) -> str:
        return self.rng.choice(SURNAMES) + self.rng.choice(["某", "某某"])

    def clause(self, topic: str) -> str:
        return self.rng.choice(CLAUSES).format(p=self.rng.choice(PLACES), t=topic, n=self.rng.randint(2, 9))

    def paragraph(self, topic: str, chars: int) -> str:
        parts = []
        while sum(len(p) for p in parts) < chars:
            parts.append(self.clause(topic))
        return "，".join(parts) + "。"

    def criterion(self) -> str:
        c = self.rng.choice(self.criteria)
        return c["id"] if self.rng.random() < 0.8 else c["name"]  # ids or exact names

    def tag(self) -> str:
        t = self.rng.choice(self.tags)
        written = [t["id"], t["name"], *(t.get("aliases") or [])]
        return self.rng.choice(written)  # ids, names or aliases

    def distinct(self, make, k: int, key) -> list[str]:
        out, seen = [], set()
        for _ in range(50):
            if len(out) == k:
                break
            v = make()
            if key(v) not in seen:
                seen.add(key(v))
                out.append(v)
        return out

    def plan(self, n: int) -> list[tuple[str, str]]:
        """(unit, case id) for n cases spread round-robin over the units."""
        counters: dict[tuple[str, int], int] = {}
        out = []
        for i in range(n):
            unit = self.units[i % len(self.units)]
            year = 2019 + (i // len(self.units)) % 8
            counters[(unit, year)] = counters.get((unit, year), 0) + 1
            out.append((unit, f"{unit}-{year}-{counters[(unit, year)]:05d}"))
        return out

    def case(self, unit: str, case_id: str, all_ids: list[str], dangling: str | None = None) -> str:
        rng = self.rng
        year = int(case_id.split("-")[-2])
        topic, _ = rng.choice(TOPICS)
        title = f"{rng.choice(ACTIONS)}“{topic}{rng.choice(THINGS)}”推动{rng.choice(PLACES)}平安共治"
        crit_lookup = {c["name"]: c["id"] for c in self.criteria}
        criteria = self.distinct(self.criterion, rng.randint(1, 2), lambda v: crit_lookup.get(v, v))
        tag_lookup = {}
        for t in self.tags:
            for w in [t["id"], t["name"], *(t.get("aliases") or [])]:
                tag_lookup[w] = t["id"]
        tags = self.distinct(self.tag, rng.randint(1, 3), lambda v: tag_lookup[v])
        summary = self.paragraph(topic, rng.randint(35, 60))  # ~40-90 characters, limit 200
        others = [x for x in (rng.choice(all_ids) for _ in range(3)) if x != case_id]
        related = list(dict.fromkeys(others))[: rng.randint(1, 2)]
        lines = [
            "---",
            f'title: "{title}"' if rng.random() < 0.5 else f"title: {title}",
            f"date: {year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            f"criteria: [{', '.join(criteria)}]",
            f"tags: [{', '.join(tags)}]",
            f"status: {rng.choice(['draft', 'submitted', 'approved', 'approved'])}",
            f"visibility: {rng.choice(['internal', 'public'])}",
            f"summary: {summary}",
            "contacts:",
        ]
        for _ in range(2):
            lines.append(f"  - {{name: {self.person()}, role: {rng.choice(ROLES)}}}")
        lines.append("results:")
        for _ in range(rng.randint(2, 3)):
            period, unit_word = rng.choice(PERIODS), rng.choice(UNITS_OF)
            before = rng.randint(10, 90)
            lines.append(
                f"  - {{indicator: {rng.choice(INDICATORS)}, before: {period} {before} {unit_word}, "
                f"after: {period} {rng.randint(0, before - 1)} {unit_word}}}"
            )
        if rng.random() < 0.3:  # reproduces another unit's practice
            source = rng.choice(all_ids)
            if not source.startswith(unit + "-"):
                lines.append(f"replicated_from: {source}")
        if dangling == "same":  # every case points at one renamed case
            related.append(all_ids[0] + "x")
        elif dangling == "distinct":  # each case at a case of its own that does not exist
            related.append(case_id[:-1] + "x")
        if related:
            lines.append(f"related: [{', '.join(related)}]")
        lines.append("---")
        lines.append("")
        # ~600 Chinese characters over the four sections
        sizes = {"背景": 140, "做法": 0, "成效": 110, "可复制经验": 0}
        for section in SECTIONS:
            lines.append(f"## {section}")
            lines.append("")
            if section == "做法":
                for k in range(1, 5):
                    lines.append(f"{k}. **{rng.choice(ACTIONS)}{rng.choice(THINGS)}。** {self.paragraph(topic, 35)}")
            elif section == "可复制经验":
                for _ in range(3):
                    lines.append(f"- {self.paragraph(topic, 25)}")
            else:
                lines.append(self.paragraph(topic, sizes[section]))
            lines.append("")
        return "\n".join(lines)


def make_project(source: Path, target: Path, n: int, seed: int, dangling: str | None = None) -> dict:
    """Copy mkdocs.yml and the registries from ``source``; write n cases. Returns stats."""
    target.mkdir(parents=True, exist_ok=True)
    (target / "cases").mkdir(exist_ok=True)
    (target / "docs").mkdir(exist_ok=True)  # mkdocs.yml's docs_dir must exist, as for mkdocs build
    shutil.copy2(source / "mkdocs.yml", target / "mkdocs.yml")
    registries = {}
    for name in ("units", "criteria", "tags"):
        src = source / "cases" / f"{name}.yml"
        shutil.copy2(src, target / "cases" / f"{name}.yml")
        registries[name] = yaml.load(src.read_text(encoding="utf-8-sig"), Loader=yaml.CSafeLoader)
    writer = CaseWriter(registries, seed)
    plan = writer.plan(n)
    all_ids = [case_id for _, case_id in plan]
    total_bytes = total_chars = 0
    for unit, case_id in plan:
        text = writer.case(unit, case_id, all_ids, dangling)
        folder = target / "cases" / unit
        folder.mkdir(exist_ok=True)
        data = text.encode("utf-8")
        (folder / f"{case_id}.md").write_bytes(data)
        total_bytes += len(data)
        total_chars += len(text.split("\n---\n", 1)[1])
    return {"units": len({u for u, _ in plan}), "bytes": total_bytes, "body_chars": total_chars / max(n, 1)}


# --- running a command: wall time and that process's own peak RSS ------------

# A tiny wrapper, itself a fresh small process: it forks, execs the command,
# reaps it with os.wait4 and writes "seconds maxrss_kb cpu_seconds exit_code" to a file
# (bench_site.py uses it too; CPU time is less disturbed than wall time on a shared machine).
# Why not wait4 on a child of this (large) benchmark process directly: on Linux
# a process's ru_maxrss also counts the memory it had before execve, and a
# posix_spawn/fork child of a big parent starts out with the parent's pages. The
# wrapper is smaller than any Python process, so the figure is the command's own.
WRAPPER = r"""
import os, sys, time
report, argv = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execv(argv[0], argv)
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - start
with open(report, "w") as f:
    f.write(f"{seconds!r} {usage.ru_maxrss} {usage.ru_utime + usage.ru_stime!r} {os.waitstatus_to_exitcode(status)}")
"""


def run(argv: list[str], out_path: Path, wrapper: Path) -> tuple[float, float, float, int]:
    """(wall seconds, own peak RSS in MB, CPU seconds, exit code) of one run of argv; stdout goes to out_path."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    actions = [
        (os.POSIX_SPAWN_OPEN, 1, str(out_path), flags, 0o644),
        (os.POSIX_SPAWN_OPEN, 2, str(out_path) + ".err", flags, 0o644),
    ]
    report = Path(str(out_path) + ".rusage")
    full = [sys.executable, "-I", "-S", str(wrapper), str(report), *argv]
    pid = os.posix_spawn(full[0], full, os.environ, file_actions=actions)
    _, status, _ = os.wait4(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"the timing wrapper failed for {argv}: " + Path(str(out_path) + ".err").read_text(errors="replace"))
    seconds, rss, cpu, code = report.read_text().split()
    rss_kb = int(rss) if sys.platform != "darwin" else int(rss) / 1024  # macOS reports bytes
    return float(seconds), rss_kb / 1024, float(cpu), int(code)


def casebook_command() -> list[str]:
    """The installed console script next to this interpreter (not a pyenv shim)."""
    script = Path(sys.executable).parent / "casebook"
    if script.is_file():
        return [str(script)]
    found = shutil.which("casebook")
    if found:
        return [found]
    return [sys.executable, "-m", "generator.cli"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=10_000, help="number of cases (default 10000)")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs per command, best counts (default 3)")
    ap.add_argument("--project", type=Path, default=REPO, help="where mkdocs.yml and cases/*.yml come from")
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--keep", type=Path, default=None, help="generate into this (new or earlier --keep) folder and keep it")
    ap.add_argument("--dangling", nargs="?", const="same", choices=("same", "distinct"), default=None,
                    help="give every case a related id that does not exist: the same renamed id for all (default) or "
                         "a distinct one each; validate must then report exactly n unknown-case errors")
    args = ap.parse_args()

    tmp = None
    scratch = tempfile.TemporaryDirectory(prefix="casebook-bench-run-")  # scripts and outputs
    if args.keep:
        root = args.keep.resolve()
        marker = root / ".casebook-bench"
        if root.exists() and any(root.iterdir()) and not marker.exists():
            raise SystemExit(f"--keep {root}: folder is not empty and was not made by this benchmark; refusing to overwrite")
        root.mkdir(parents=True, exist_ok=True)
        marker.touch()
        if (root / "cases").exists():
            shutil.rmtree(root / "cases")
    else:
        tmp = tempfile.TemporaryDirectory(prefix="casebook-bench-")
        root = Path(tmp.name) / "project"
    try:
        t0 = time.perf_counter()
        stats = make_project(args.project.resolve(), root, args.n, args.seed, args.dangling)
        gen_s = time.perf_counter() - t0
        print(f"generated {args.n} cases over {stats['units']} units in {gen_s:.1f} s: "
              f"{stats['bytes'] / 1e6:.1f} MB, ~{stats['body_chars']:.0f} characters of body per case")
        print(f"project: {root}")

        work = Path(scratch.name)
        baseline_py = work / "baseline_parse.py"
        baseline_py.write_text(BASELINE, encoding="utf-8")
        wrapper = work / "measure.py"
        wrapper.write_text(WRAPPER, encoding="utf-8")
        commands = {
            "startup": [sys.executable, "-c", "pass"],
            "baseline": [sys.executable, str(baseline_py), str(root)],
            "validate": casebook_command() + ["validate", "--project", str(root), "--format", "json"],
        }
        print(f"validate command: {' '.join(commands['validate'])}")
        best = {k: (float("inf"), 0.0) for k in commands}  # name -> (seconds, rss MB)
        outputs = {k: work / f"out-{k}.txt" for k in commands}

        for round_ in range(args.repeat + 1):  # round 0 is the warm-up
            for name, argv in commands.items():
                seconds, rss, _cpu, code = run(argv, outputs[name], wrapper)
                if name == "validate":
                    check_validate_output(outputs[name], code, args.n, args.dangling)
                elif code != 0:
                    err = Path(str(outputs[name]) + ".err").read_text(errors="replace")
                    raise SystemExit(f"{name} failed (exit {code}):\n{err}")
                if name == "baseline":
                    count = int(outputs[name].read_text().strip())
                    assert count == args.n, f"baseline parsed {count} files, expected {args.n}"
                if round_ == 0:
                    continue
                print(f"  run {round_}: {name:9s} {seconds:7.3f} s  {rss:7.1f} MB")
                b = best[name]
                best[name] = (min(b[0], seconds), max(b[1], rss))

        report(args.n, args.repeat, best)
    finally:
        scratch.cleanup()
        if tmp:
            tmp.cleanup()
    return 0


def check_validate_output(path: Path, code: int, n: int, dangling: str | None = None) -> None:
    """The generated cases must all be valid (but for one unknown-case each with ``dangling``):
    the benchmark is meaningless otherwise."""
    text = path.read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        err = Path(str(path) + ".err").read_text(errors="replace")
        raise SystemExit(f"casebook validate did not print JSON (exit {code}):\n{text[:2000]}\n{err[-3000:]}")
    if dangling:
        codes = [e["code"] for e in data.get("errors", [])]
        if codes != ["unknown-case"] * n or code != 1:
            raise SystemExit(f"--dangling: expected {n} unknown-case errors, found {len(codes)} errors, exit {code}")
        print(f"  {n} unknown-case errors ({dangling} dangling id), first: {data['errors'][0]['message']}")
    elif data.get("errors") or code != 0:
        first = "\n".join(json.dumps(e, ensure_ascii=False) for e in data.get("errors", [])[:10])
        raise SystemExit(f"generated cases are not valid: {len(data.get('errors', []))} errors, exit {code}\n{first}")
    assert data.get("cases") == n, f"validate checked {data.get('cases')} cases, expected {n}"
    if data.get("warnings"):
        print(f"  note: {len(data['warnings'])} warnings, first: {data['warnings'][0]}")


def report(n: int, repeat: int, best: dict[str, tuple[float, float]]) -> None:
    startup, base, val = best["startup"][0], best["baseline"][0], best["validate"][0]
    rss = best["validate"][1]
    ratio = val / base
    net = (val - startup) / (base - startup) if base > startup else float("nan")
    ok_ratio, ok_rss = ratio <= RATIO_TARGET, rss < RSS_TARGET_MB
    print()
    print(f"best of {repeat} after a warm-up; every figure includes interpreter start-up "
          f"(bare `python -c pass`: {startup:.3f} s, {best['startup'][1]:.0f} MB)")
    header = f"{'N':>7} | {'baseline s':>10} | {'validate s':>10} | {'ratio':>6} | {'peak RSS MB':>11} | ratio<=3 | RSS<300MB"
    print(header)
    print("-" * len(header))
    print(f"{n:>7} | {base:>10.3f} | {val:>10.3f} | {ratio:>6.2f} | {rss:>11.1f} | "
          f"{'PASS' if ok_ratio else 'FAIL':^8} | {'PASS' if ok_rss else 'FAIL':^9}")
    print()
    print(f"baseline peak RSS {best['baseline'][1]:.1f} MB; ratio net of start-up {net:.2f}; "
          f"validate {val / n * 1000:.3f} ms/case, baseline {base / n * 1000:.3f} ms/case")
    verdict = "ALL TARGETS MET" if ok_ratio and ok_rss else "TARGET MISSED: " + ", ".join(
        s for s, ok in ((f"ratio {ratio:.2f} > {RATIO_TARGET}", ok_ratio), (f"peak RSS {rss:.0f} MB >= {RSS_TARGET_MB:.0f} MB", ok_rss)) if not ok)
    print(verdict)


if __name__ == "__main__":
    sys.exit(main())
