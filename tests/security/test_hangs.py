"""Input that used to hang or crash `casebook validate` or the build (issue 9 §5).

Every regular expression in generator/ runs against 100 KB of adversarial text within
the issue's 1 s budget. Each pattern runs in a child process with a timeout, so a
pattern that backtracks catastrophically fails the test instead of freezing the suite.
"""
from __future__ import annotations

import ast
import json
import os
import queue
import re
import socket
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from case_factory import BODY, VALID_LINES, Project, front_matter, where

ROOT = Path(__file__).resolve().parents[2]
GENERATOR = ROOT / "generator"
BUDGET = 1.0  # seconds per pattern and input, as issue 9 asks
SIZE = 100_000  # characters of adversarial text
UNIT, CASE_ID = "shawan", "shawan-2024-001"
CASE = f"cases/{UNIT}/{CASE_ID}.md"

# --- every pattern in generator/ ------------------------------------------------

_RE_FUNCTIONS = {"compile", "search", "match", "fullmatch", "sub", "subn", "finditer", "findall", "split"}
# Patterns built at run time (not a literal): each reviewed by hand, keyed by module and source.
DYNAMIC_PATTERNS = {
    # anchored, one quantifier: ^<unit>-<year>-(\d+)$
    ("scaffold.py", 'rf"^{re.escape(unit)}-{year}-(\\d+)$"'),
    # module-level: run below as compiled objects, like every other module-level pattern
    ("pii.py", "rf\"(?<![0-9A-Za-z])[1-9](?:{_SEP}[0-9]){{16}}{_SEP}[0-9Xx](?![0-9A-Za-z])\""),
    ("pii.py", "rf\"(?<![0-9A-Za-z+])(?:\\+?86{_SEP})?1[3-9][0-9](?:{_SEP}[0-9]){{8}}(?![0-9])\""),
    ("pii.py", 'rf"[{_PROVINCES}][{_LETTER}][·•・ \\-]?"    rf"(?:[DF][{_LETTER}0-9][0-9]{{4}}|[0-9]{{5}}[DF]|[{_LETTER}0-9]{{4}}[{_LETTER}0-9挂学警])(?![A-Za-z0-9])"'),
    ("pii.py", '"[" + "".join(sorted(k if isinstance(k, str) else chr(k) for k in _FOLD)) + "]"'),
    # module-level (pii.py): bounded repetitions of one separator class, run below as compiled objects
    ("pii.py", 'f"[{FORMAT_CHARS}]"'),
    ("pii.py", 'rf"(?<![0-9])[1-9](?:{_SEP}[0-9]){{14}}(?![0-9])"'),
    ("pii.py", 'rf"(?<![0-9])[1-9](?:{_SEP}[0-9]){{16}}{_SEP}[0-9Xx](?![0-9])"'),
    ("pii.py", 'rf"(?<![0-9+])(?:\\+?86{_SEP})?1[3-9][0-9](?:{_SEP}[0-9]){{8}}(?![0-9])"'),
    ("pii.py", 'r"(&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)" rf"|<[^<>\\n]{{0,200}}>|[*_~`]{{1,3}}|\\\\(?=[!-/:-@\\[-`{{-~]])|[{FORMAT_CHARS}]|([{_SPACES}])|([{_DASHES}])"'),
    ("pii.py", 'rf"[{_PROVINCES}][ \\-]?[{_LETTER}][·•・ \\-]?" rf"(?:[DF][{_LETTER}0-9][0-9]{{4}}|[0-9]{{5}}[DF]|[{_LETTER}0-9]{{4}}[{_LETTER}0-9挂学警])(?![A-Za-z0-9])"'),
    # mkdocs-material's search pattern (backrefs syntax), a single \p{Han}+ run
    ("segment_cache.py", "_HAN"),
}


def _literal_patterns() -> tuple[list[tuple[str, str, int]], set[tuple[str, str]]]:
    """(module, pattern, flags) of every re.<function>("literal", ...) call, and the other patterns' sources."""
    found, dynamic = [], set()
    for path in sorted(GENERATOR.glob("*.py")):
        source = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(source)):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name) and node.func.value.id in ("re", "bre")
                    and node.func.attr in _RE_FUNCTIONS and node.args):
                continue
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                flag_names = {n.attr for arg in node.args[1:] for n in ast.walk(arg) if isinstance(n, ast.Attribute)}
                flags = 0
                for name in flag_names & {"S", "I", "M", "DOTALL", "IGNORECASE", "MULTILINE"}:
                    flags |= getattr(re, name)
                found.append((f"{path.name}:{node.lineno}", first.value, flags))
            else:
                dynamic.add((path.name, ast.get_source_segment(source, first)))
    return found, dynamic


def _module_patterns() -> list[tuple[str, str, int]]:
    """(module, pattern, flags) of every compiled pattern held at module level (f-strings included)."""
    script = textwrap.dedent("""
        import importlib, json, pkgutil, re, sys
        import generator
        out = []
        for info in pkgutil.iter_modules(generator.__path__):
            module = importlib.import_module("generator." + info.name)
            for name, value in vars(module).items():
                pattern = value if isinstance(value, re.Pattern) else getattr(value, "__self__", None)
                if isinstance(pattern, re.Pattern) and isinstance(pattern.pattern, str):
                    out.append((info.name + ".py", name, pattern.pattern, pattern.flags & ~re.U))
        json.dump(out, sys.stdout)
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                            env=_env(), check=True)
    return [(f"{module}:{name}", pattern, flags) for module, name, pattern, flags in json.loads(result.stdout)]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}


def all_patterns() -> list[tuple[str, str, int]]:
    literal, _dynamic = _literal_patterns()
    unique: dict[tuple[str, int], str] = {}
    for where_, pattern, flags in _module_patterns() + literal:
        unique.setdefault((pattern, flags), where_)
    return [(where_, pattern, flags) for (pattern, flags), where_ in unique.items()]


def test_every_pattern_built_at_run_time_was_reviewed():
    _literal, dynamic = _literal_patterns()
    flat = {(module, " ".join(source.split())) for module, source in dynamic}
    reviewed = {(module, " ".join(source.split())) for module, source in DYNAMIC_PATTERNS}
    assert flat - reviewed == set(), "review these patterns for backtracking, then list them in DYNAMIC_PATTERNS"


# Runs of what makes patterns backtrack: blanks, markers of headings, lists, emphasis, links,
# tags, digits (personal data), full-width forms, escapes; blanks and a mix also behind the
# prefixes that anchored patterns need before they start scanning.
FILLERS = [" ", "\t", "#", "*", "[", "1", "１", "\u3000", "<", "<a ", "<a:", '"', "'", "![", "](", "[a](",
           "- ", "> ", "%25", "&amp;", "## ", '<h2 id="a">', "<!--", "川A", ":", " #*[1１\u3000<a\"'-"]
PREFIXED = {" ": ["## ", "## a", "# a", "<a ", "[x]: ", "a: "], " #*[1１\u3000<a\"'-": ["## ", "<a ", "[x]: "]}
_WORKER = textwrap.dedent("""
    import json, re, sys, time
    pattern, flags, fillers, prefixed, size = json.loads(sys.argv[1])
    compiled = re.compile(pattern, flags)
    for filler in fillers:
        run = (filler * (size // len(filler) + 1))[:size]
        for prefix in [""] + prefixed.get(filler, []):
            label = f"{prefix!r} + {filler!r} * {size // len(filler)}"
            print(json.dumps(["start", label]), flush=True)
            slowest = 0.0
            for text in (prefix + run, prefix + run + "x"):  # "x": what a trailing pattern must not match
                for use in (lambda: list(compiled.finditer(text)), lambda: compiled.match(text),
                            lambda: compiled.fullmatch(text)):
                    start = time.perf_counter()
                    use()
                    slowest = max(slowest, time.perf_counter() - start)
            print(json.dumps([label, slowest]), flush=True)
""")


def time_pattern(pattern: str, flags: int) -> dict[str, float]:
    """Seconds of the slowest search, match or fullmatch per adversarial text; the child is killed
    once one text's six runs take 3 times the budget each."""
    spec = json.dumps([pattern, flags, FILLERS, PREFIXED, SIZE])
    child = subprocess.Popen([sys.executable, "-c", _WORKER, spec], stdout=subprocess.PIPE, text=True)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in child.stdout] + [lines.put(None)], daemon=True).start()
    times: dict[str, float] = {}
    pending = "start-up"  # the text being run when the child stops answering
    try:
        while True:
            try:
                line = lines.get(timeout=6 * 3 * BUDGET + 10 * (not times))  # the first line waits for start-up
            except queue.Empty:
                times[pending] = float("inf")
                return times
            if line is None:
                return times
            label, value = json.loads(line)
            if label == "start":
                pending = value
            else:
                times[label] = value
    finally:
        child.kill()
        child.wait()


PATTERNS = all_patterns()


@pytest.mark.parametrize("where_, pattern, flags", PATTERNS, ids=[w for w, _p, _f in PATTERNS])
def test_pattern_is_fast_on_100kb_of_adversarial_text(where_, pattern, flags):
    times = time_pattern(pattern, flags)
    assert len(times) == sum(1 + len(PREFIXED.get(f, [])) for f in FILLERS)
    slow = {label: round(t, 2) for label, t in times.items() if t > BUDGET}
    assert not slow, f"{where_} {pattern!r} exceeds {BUDGET} s on: {slow}"


# --- the same input through validate ------------------------------------------------

def run_validate(project: Project, *args: str, timeout: float = 120) -> tuple[int, dict]:
    """`casebook validate --format json` in a child process: a hang fails the test, never the suite."""
    result = subprocess.run([sys.executable, "-m", "generator.cli", "validate", str(project.root), "--format", "json",
                             *args], capture_output=True, text=True, timeout=timeout, env=_env())
    assert result.stdout, result.stderr
    return result.returncode, json.loads(result.stdout)


def problem_tuples(report: dict, severity: str = "errors") -> list[tuple]:
    return [(p["file"], p["line"], p["field"], p["code"]) for p in report[severity]]


def test_validate_reports_a_missing_section_on_a_heading_with_8_kb_of_spaces(project):
    # The near-miss hint for a missing section tried every split of the spaces (minutes before the fix).
    # A heading of 8.6 KB that is mostly spaces (over 100 s before the fix), then a near miss.
    body = "### 附" + " " * 8_600 + "x\n" + BODY.replace("## 可复制经验", "# 可复制经验")
    project.case(UNIT, CASE_ID, raw=front_matter(*VALID_LINES, body=body))
    code, report = run_validate(project, timeout=60)
    assert code == 1
    assert problem_tuples(report) == [(CASE, 24, None, "missing-section")]
    assert "第 24 行写成了“# 可复制经验”" in report["errors"][0]["message"]


@pytest.mark.parametrize("line, refused", [
    pytest.param("[a](" * 25_000, "links", id="link-starts"),
    pytest.param("<a " * 33_000, "unclosed-tags", id="tag-starts"),
    pytest.param("<a:" * 33_000, "unclosed-tags", id="namespaced-tag-starts"),
    pytest.param("![" * 50_000, "brackets", id="image-starts"),
    pytest.param("<b>x</b> " * 2_000 + "<a " * 20, None, id="closed-tags-and-20-open"),
    pytest.param("<!--" * 25_000, "unclosed-tags", id="comment-starts"),
    pytest.param("<!-- 注释 --> " * 2_000, None, id="closed-comments"),
    pytest.param("[a](b " * 20_000, "links", id="link-starts-with-text"),
    pytest.param("[a](" + "(" * 30 + "b" + ")" * 31, None, id="parentheses-inside-a-link"),
])
def test_body_checks_on_100kb_lines_of_link_and_tag_starts_are_fast(line, refused):
    # As validate runs them: the nesting scan first, the page's own parse only for what it lets through.
    from generator.nesting import check_nesting
    from generator.safety import check_body

    start = time.perf_counter()
    nesting = check_nesting(CASE, line, 10)
    if not nesting:
        check_body(CASE, line, 10, CASE_ID, Path("/nonexistent"))
    assert time.perf_counter() - start < BUDGET, line[:8]
    assert [p.params["nesting"] for p in nesting] == ([refused] if refused else [])


def test_a_link_escaped_many_times_over_is_unsafe_and_decoded_in_bounded_time():
    from generator.render import normalise_url, safe_url

    link = "javascript%" + "25" * 30_000 + "3Aalert(1)"  # "%2525…253A": one layer peeled per round
    start = time.perf_counter()
    assert not safe_url(link)
    assert time.perf_counter() - start < BUDGET
    assert normalise_url("a%2520b.png") == "ab.png"  # a real double escape still decodes


# --- pipes, sockets and folders named like files ----------------------------------------

def make_fifo(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)


def make_socket(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    cwd = os.getcwd()
    os.chdir(path.parent)  # a socket path is limited to ~100 bytes: bind the bare name
    try:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.bind(path.name)
        sock.close()
    finally:
        os.chdir(cwd)


@pytest.mark.parametrize("rel, make, kind", [
    (CASE, make_fifo, "命名管道（FIFO）"),
    (CASE, make_socket, "套接字"),
    (CASE, lambda p: p.mkdir(parents=True), "文件夹"),
    ("cases/units.yml", lambda p: (p.unlink(), make_fifo(p)), "命名管道（FIFO）"),
    ("cases/tags.yml", lambda p: (p.unlink(), p.mkdir()), "文件夹"),
    ("cases/collections/2024.yml", make_fifo, "命名管道（FIFO）"),
    (f"cases/{UNIT}/{CASE_ID}/photo.jpg", make_fifo, "命名管道（FIFO）"),
    ("cases/notes", make_fifo, "命名管道（FIFO）"),
], ids=["fifo-case", "socket-case", "folder-case", "fifo-registry", "folder-registry", "fifo-collection",
        "fifo-attachment", "fifo-in-cases"])
def test_anything_but_a_regular_file_is_an_error_and_never_opened(project, rel, make, kind):
    if rel != CASE:
        project.case(UNIT, CASE_ID)
    make(project.root / rel)
    code, report = run_validate(project, timeout=60)  # a FIFO that is opened waits for a writer forever
    assert code == 1
    errors = [p for p in report["errors"] if p["code"] == "not-regular-file"]
    assert problem_tuples({"errors": errors}) == [(rel, None, None, "not-regular-file")]
    assert kind in errors[0]["message"] and rel in errors[0]["message"]


# --- ids that collide with generated pages --------------------------------------------------

def test_a_case_named_index_is_reserved(project):
    project.case(UNIT, "index")
    assert [where(p) for p in project.errors()] == [(f"cases/{UNIT}/index.md", None, None, "reserved-id", "error")]
    assert "cases/index.md" in project.errors()[0].message("zh")


def test_a_case_named_page_is_reserved_for_the_pages_of_the_case_list(project):
    project.case(UNIT, "page")
    assert [where(p) for p in project.errors()] == [(f"cases/{UNIT}/page.md", None, None, "reserved-id", "error")]
    assert "cases/page/" in project.errors()[0].message("zh")
    from case_factory import TAGS_YML

    project.write("cases/tags.yml", TAGS_YML + "- id: page\n  name: 页\n")  # a tag page at tags/page/: no clash
    project.case(UNIT, CASE_ID)
    assert [p.file for p in project.errors()] == [f"cases/{UNIT}/page.md"]


def test_a_collection_named_index_is_reserved(project):
    project.case(UNIT, CASE_ID)
    project.collection("index")
    assert [where(p) for p in project.errors()] == [("cases/collections/index.yml", None, None, "reserved-id", "error")]
    assert "collections/index.md" in project.errors()[0].message("en")


@pytest.mark.parametrize("registry, entry, line, path", [
    ("tags.yml", "- id: index\n  name: 首页\n", 6, "tags/index.md"),
    ("criteria.yml", "- id: index\n  name: 首页\n  description: 说明\n", 7, "criteria/index.md"),
    ("units.yml", "- id: index\n  name: 首页派出所\n", 10, "units/index.md"),
    ("units.yml", "- id: collections\n  name: 集锦派出所\n", 10, "cases/collections/"),
])
def test_a_registry_id_that_names_a_generated_page_is_reserved(project, registry, entry, line, path):
    from case_factory import CRITERIA_YML, TAGS_YML, UNITS_YML

    original = {"tags.yml": TAGS_YML, "criteria.yml": CRITERIA_YML, "units.yml": UNITS_YML}[registry]
    index = original.count("- id:")
    project.write(f"cases/{registry}", original + entry)
    project.case(UNIT, CASE_ID)
    errors = project.errors()
    assert [where(p) for p in errors] == [(f"cases/{registry}", line, f"[{index}].id", "reserved-id", "error")]
    assert path in errors[0].message("zh")


# --- did-you-mean for unknown case ids ------------------------------------------------

@pytest.mark.parametrize("dangling", ["same", "distinct"])
def test_unknown_case_ids_get_suggestions_without_comparing_every_id(project, monkeypatch, dangling):
    import difflib

    n = 150
    ids = [f"{UNIT}-{2000 + i // 50}-{i % 50:03d}" for i in range(n)]
    for i, case_id in enumerate(ids):
        target = "shawan-2000-0000" if dangling == "same" else case_id[:-1] + "9x"  # a renamed case
        project.case(UNIT, case_id, front={"related": [target], "tags": [], "summary": f"第 {i} 个案例的摘要。"})
    compared = []
    real = difflib.SequenceMatcher.real_quick_ratio
    monkeypatch.setattr(difflib.SequenceMatcher, "real_quick_ratio", lambda self: compared.append(1) or real(self))
    errors = project.errors()
    assert [(p.code, p.field, p.line) for p in errors] == [("unknown-case", "related[0]", 11)] * n
    comparisons = len(compared)
    # Before: every reference compared with every id (n * n); now a few candidates per distinct id.
    assert comparisons <= 20 * (1 if dangling == "same" else n)
    if dangling == "same":
        assert errors[1].message("en").endswith('did you mean "shawan-2000-000"?')
    # As close as the best that difflib finds comparing with every other id (ties may differ)
    ratio = lambda a, b: difflib.SequenceMatcher(None, a, b).ratio()  # noqa: E731
    for problem, case_id in zip(errors, ids):
        found = problem.params["found"]
        best = difflib.get_close_matches(found, [i for i in ids if i != case_id], n=1)[0]
        suggested = problem.params["hint_en"].split('"')[1]
        assert suggested != case_id and ratio(found, suggested) == ratio(found, best)



# --- nesting that crashes or stalls the renderer ---------------------------------------------

HOSTILE_LINE = 27  # the line after BODY in a case written from VALID_LINES


@pytest.mark.parametrize("line, nesting, depth", [
    ("- " * 500 + "x", "列表或引用", 500),               # 1 KB: a RecursionError in Python-Markdown
    ("1. " * 30 + "x", "列表或引用", 30),
    ("> " * 21 + "x", "列表或引用", 21),
    ("<div>" * 50_000, "HTML 标签", 21),               # 244 KB: 11 s in the sanitiser
    ("<span>" * 21 + "x", "HTML 标签", 21),
    ("[" * 3_000 + "x", "方括号 [ ]", 21),              # quadratic in the link pattern
    ("*" * 2_000 + "x" + "*" * 2_000, "连续的 * 或 _（强调标记）", 2_000),  # a RecursionError
])
def test_nesting_no_real_case_reaches_is_an_error_with_its_line(project, line, nesting, depth):
    project.case(UNIT, CASE_ID, raw=front_matter(*VALID_LINES, body=BODY + "\n" + line + "\n"))
    errors = project.errors()
    assert [where(p) for p in errors] == [(CASE, HOSTILE_LINE, None, "too-deep-nesting", "error")]
    assert errors[0].params["depth"] == depth
    assert errors[0].message("zh").startswith(f"{nesting}嵌套过深：最多 ")


@pytest.mark.parametrize("line", [
    "- " * 40,                                                   # a horizontal rule, not a list
    "_" * 150,                                                   # a rule too
    "<table>" + "<tr><td>a<td>b" * 50 + "</table>",              # end tags HTML lets you leave out
    "<div>" * 10 + "x" + "</div>" * 10 + "<div>" * 10 + "y" + "</div>" * 10,
    "`" + "<div>" * 30 + "`",                                    # code, not HTML
    "[[a]](b) " * 30,
    "- a\n" + "\n".join("  " * i + "- b" for i in range(1, 30)),  # 2-space steps: not 20 levels of 4
])
def test_nesting_a_real_case_uses_is_fine(project, line):
    project.case(UNIT, CASE_ID, raw=front_matter(*VALID_LINES, body=BODY + "\n" + line + "\n"))
    assert [p.code for p in project.errors() if p.code == "too-deep-nesting"] == []


def test_a_renderer_failure_names_the_case_instead_of_a_traceback():
    # Validation refuses this body; should anything else make the renderer fail, the page step
    # (pages.naming, around every body it renders) turns it into a problem naming the file, which
    # the plugin raises as a PluginError and `casebook generate` prints.
    from generator.pages import naming
    from generator.errors import ContentError

    with pytest.raises(ContentError) as caught:
        with naming(CASE):
            from generator.render import render_body
            render_body("- " * 2_000 + "x", CASE_ID)
    assert where(caught.value.problem) == (CASE, None, None, "render-failed", "error")
    assert "RecursionError" in caught.value.problem.message("en")
    # and the next body renders as usual (the failed Markdown instance is not reused)
    assert render_body("供各所在**矛盾纠纷化解**一项", CASE_ID).html == "<p>供各所在<strong>矛盾纠纷化解</strong>一项</p>"
