"""Bytes on disk -> raw front matter and body, with a line number for every field.

Nothing here trusts the input. YAML is read as a stream of events from
libyaml's safe parser and turned into a small tree of our own, so that:
every scalar keeps the text it was written with (``no`` stays the string
"no", ``010`` stays "010": no implicit typing); tags, anchors and aliases are
refused before anything is built; duplicate keys are reported with both lines;
and every value carries the line it came from.
"""
from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Union

import yaml

from .errors import Problem, format_field

try:  # libyaml is required for speed, the pure-Python parser is a fallback
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

MAX_DEPTH = 16
NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_TAB_INDENT = re.compile(r"^[ ]*\t")
_FULLWIDTH_KEY = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][A-Za-z0-9_-]*)\s*：")
_TRAILING_COMMENT = re.compile(r"(?<![ \t])[ \t]+#(.*)$")  # a run's first blank only: linear in a search
_FULLWIDTH_SPACE_INDENT = re.compile(r"^[ ]*\u3000")
_NO_SPACE_AFTER_COLON = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][A-Za-z0-9_-]*):(?![\s/]|$)")
_FENCE = re.compile(r"^---[ \t]*$")
_FENCE_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$")
# What YAML's reader refuses (PyYAML's Reader.NON_PRINTABLE).
_NON_PRINTABLE = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")


@dataclass(slots=True)
class Scalar:
    value: str
    line: int
    plain: bool
    dropped: str | None = None  # " #..." after the value on its last line: YAML reads it as a comment

    @property
    def is_null(self) -> bool:
        return self.plain and self.value in NULLS


@dataclass(slots=True)
class Seq:
    items: list["Node"]
    line: int


@dataclass(slots=True)
class Map:
    # key -> (line of the key, value node); first occurrence wins, repeats are reported
    items: dict[str, tuple[int, "Node"]]
    line: int


Node = Union[Scalar, Seq, Map]


@dataclass
class Document:
    """One case file split into its parts."""

    file: str
    front: Node | None
    body: str
    body_line: int
    problems: list[Problem] = field(default_factory=list)


# --- reading bytes -----------------------------------------------------------

def read_text(path: Path, rel: str, max_bytes: int) -> tuple[str | None, list[Problem]]:
    """Read a file as UTF-8 text with LF line ends; never guesses or replaces bytes."""
    try:
        # O_NONBLOCK: opening a FIFO would wait for a writer forever; fstat then tells what it is.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            os.close(fd)
            return None, [not_regular_file(rel, info.st_mode)]
        with os.fdopen(fd, "rb") as handle:
            if info.st_size > max_bytes:
                return None, [Problem(rel, None, None, "file-too-large", params={"size": info.st_size, "limit": max_bytes})]
            data = handle.read(max_bytes + 1)
    except OSError as exc:  # a dangling link, no permission, a folder named like a file
        return None, [Problem(rel, None, None, "unreadable-file", params={"reason": exc.strerror or type(exc).__name__})]
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    # NUL is valid UTF-8 but never text a clerk typed: it means UTF-16 without a
    # byte-order mark, or a binary file saved as .md.
    nul = data.find(b"\x00")
    if nul != -1:
        return None, [_not_utf8(rel, data, nul)]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [_not_utf8(rel, data, exc.start)]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def file_kind(mode: int) -> str:
    """What a non-regular directory entry is, as a key of messages.FILE_KINDS."""
    for test, kind in ((stat.S_ISDIR, "folder"), (stat.S_ISFIFO, "fifo"), (stat.S_ISSOCK, "socket"),
                       (stat.S_ISCHR, "device"), (stat.S_ISBLK, "device"), (stat.S_ISLNK, "link")):
        if test(mode):
            return kind
    return "other"


def not_regular_file(rel: str, mode: int) -> Problem:
    """A pipe, socket, device or folder where a file is expected: never opened (a pipe would hang)."""
    return Problem(rel, None, None, "not-regular-file", params={"found": rel, "file_kind": file_kind(mode)})


def special_entry(path: Path) -> int | None:
    """The mode of ``path`` when it is neither a regular file, a folder nor a symbolic link, else None."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return None
    return None if stat.S_ISREG(mode) or stat.S_ISDIR(mode) or stat.S_ISLNK(mode) else mode


def _not_utf8(rel: str, data: bytes, start: int) -> Problem:
    line = data.count(b"\n", 0, start) + 1
    guess = _guess_encoding(data)
    params: dict[str, Any] = {"line": line}
    if guess:
        params["guess_zh"] = f"，看起来是 {guess} 编码"
        params["guess_en"] = f", it looks like {guess}"
    return Problem(rel, line, None, "not-utf8", params=params)


def _guess_encoding(data: bytes) -> str | None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or data.count(b"\x00") * 8 >= len(data):
        return "UTF-16"
    if b"\x00" in data:
        return None
    try:
        data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    return "GBK/GB18030"


# --- splitting a case file ---------------------------------------------------

def load_case(path: Path, rel: str, max_bytes: int) -> Document:
    text, problems = read_text(path, rel, max_bytes)
    if text is None:
        return Document(rel, None, "", 1, problems)
    if not text.strip():
        return Document(rel, None, "", 1, [Problem(rel, 1, None, "empty-file")])
    lines = text.split("\n")
    if not _FENCE.match(lines[0]):
        found = lines[0].strip()[:40]
        return Document(rel, None, text, 1, [Problem(rel, 1, None, "missing-front-matter", params={"found": found})])
    end = next((i for i in range(1, len(lines)) if _FENCE_END.match(lines[i])), None)
    if end is None:
        return Document(rel, None, "", 1, [Problem(rel, 1, None, "unterminated-front-matter")])
    front_text = "\n".join(lines[1:end])
    node, problems = parse_yaml(front_text, rel, first_line=2)
    body = "\n".join(lines[end + 1:])
    return Document(rel, node, body, end + 2, problems)


def load_yaml_file(path: Path, rel: str, max_bytes: int) -> tuple[Node | None, list[Problem]]:
    """A whole YAML file (the registries and collections)."""
    text, problems = read_text(path, rel, max_bytes)
    if text is None:
        return None, problems
    return parse_yaml(text, rel, first_line=1)


# --- YAML --------------------------------------------------------------------

def parse_yaml(text: str, rel: str, first_line: int) -> tuple[Node | None, list[Problem]]:
    """Parse YAML text whose first line is line ``first_line`` of file ``rel``."""
    lines = text.split("\n")
    builder = _TreeBuilder(rel, first_line, lines)
    try:
        loader = _Loader(text)
        try:  # the parser's own loop: yaml.parse() adds a Python generator step per event
            get_event, feed = loader.get_event, builder.feed
            event = get_event()
            while event is not None and type(event) is not yaml.StreamEndEvent and feed(event):
                event = get_event()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        # Explain libyaml's error with our heuristics, on the lines it read up to the error only.
        marks = [m.line for m in (exc.problem_mark, exc.context_mark) if m is not None]
        if "scalar" in (exc.context or "") and exc.context_mark and exc.problem_mark:  # an unclosed quote
            builder.inside.append((exc.context_mark.line + 1, exc.problem_mark.line))
        quote = _quoted_then_text(text, rel, first_line, exc)
        if quote is not None:
            return None, [quote]
        explained = _precheck(lines[: max(marks) + 1] if marks else lines, rel, first_line, builder.inside)
        return None, explained or [_syntax_problem(rel, first_line, exc)]
    except yaml.YAMLError as exc:  # reader errors (control characters) carry no mark
        return None, [_reader_problem(rel, first_line, text, exc)]
    if builder.problems:
        return None, builder.problems
    # The parse succeeded: a line that still looks like a slip (``- name:张三`` read as the text
    # "name:张三", a key indented with a full-width space) is one, unless it lies inside a
    # block or multi-line scalar, where any text is content.
    suspicious = _precheck(lines, rel, first_line, builder.inside)
    if suspicious:
        return None, suspicious
    dropped = _dropped_text(builder.root, rel) if builder.dropped else []
    return builder.root, builder.soft_problems + dropped


def _precheck(lines: list[str], rel: str, first_line: int, inside: list[tuple[int, int]]) -> list[Problem]:
    """Mistakes that libyaml reports confusingly: tabs and full-width colons.

    ``inside``: (first, last) 0-based line ranges that continue a scalar (block, quoted or
    plain): their text is a value's content, never a key, so no heuristic applies there.
    """
    skip = set()
    for first, last in inside:
        skip.update(range(first, min(last, len(lines) - 1) + 1))
    problems = []
    for i, line in enumerate(lines):
        if i in skip:
            continue
        if _TAB_INDENT.match(line):
            problems.append(Problem(rel, first_line + i, None, "tab-indent"))
            continue
        if _FULLWIDTH_SPACE_INDENT.match(line):
            problems.append(Problem(rel, first_line + i, None, "fullwidth-space-indent"))
            continue
        m = _NO_SPACE_AFTER_COLON.match(line)
        if m:
            problems.append(Problem(rel, first_line + i, m.group(1), "no-space-after-colon", params={"key": m.group(1)}))
            continue
        m = _FULLWIDTH_KEY.match(line)
        if m and ":" not in line[: m.end()]:
            problems.append(Problem(rel, first_line + i, m.group(1), "fullwidth-colon", params={"key": m.group(1)}))
    return problems


_ScalarEvent, _MappingStartEvent, _SequenceStartEvent = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
_MappingEndEvent, _SequenceEndEvent = yaml.MappingEndEvent, yaml.SequenceEndEvent


class _TreeBuilder:
    """Consumes parser events and builds Scalar/Seq/Map nodes without recursion."""

    def __init__(self, rel: str, first_line: int, lines: list[str]) -> None:
        self.rel = rel
        self.lines = lines
        self.dropped = False  # some value had text after " #"
        self.first = first_line
        self.root: Node | None = None
        self.stack: list[list[Any]] = []  # [node, pending key (for maps)]
        self.inside: list[tuple[int, int]] = []  # 0-based lines that continue a multi-line scalar
        self.problems: list[Problem] = []  # fatal: the tree is not trustworthy
        self.soft_problems: list[Problem] = []  # reported, tree still usable

    def line(self, event: Any) -> int:
        return event.start_mark.line + self.first

    def feed(self, event: Any) -> bool:
        """Take one parser event; False once the tree can no longer be trusted. (Hot: once per event.)"""
        kind = type(event)
        if kind is _ScalarEvent:
            if event.anchor is not None or event.tag is not None:
                return self.refuse(event)
            start, end = event.start_mark.line, event.end_mark
            if end.line != start:  # a block scalar ends at column 0 of the line after it
                self.inside.append((start + 1, end.line if end.column else end.line - 1))
            line = start + self.first
            scalar = Scalar(event.value, line, not event.style)
            if scalar.plain and scalar.value:
                end = event.end_mark
                text = self.lines[end.line] if end.line < len(self.lines) else ""
                if text.find("#", end.column) != -1 and _TRAILING_COMMENT.match(text, end.column):
                    scalar.dropped = text[end.column:].rstrip()  # blanks, "#" and the comment
                    self.dropped = True
            self.attach(scalar)
        elif kind is _MappingStartEvent or kind is _SequenceStartEvent:
            if event.anchor is not None or event.tag is not None:
                return self.refuse(event)
            line = event.start_mark.line + self.first
            self.open(Map({}, line) if kind is _MappingStartEvent else Seq([], line))
        elif kind is _MappingEndEvent or kind is _SequenceEndEvent:
            self.attach(self.stack.pop()[0])
        elif kind is yaml.AliasEvent:
            return self.refuse(event)
        return not self.problems

    def refuse(self, event: Any) -> bool:
        """Aliases, anchors and tags: reported on the first one, nothing more is built."""
        line = self.line(event)
        if type(event) is yaml.AliasEvent:
            self.problems.append(Problem(self.rel, line, None, "yaml-alias", params={"alias": event.anchor}))
        elif event.anchor is not None:
            self.problems.append(Problem(self.rel, line, None, "yaml-anchor", params={"anchor": event.anchor}))
        else:
            self.problems.append(Problem(self.rel, line, None, "yaml-tag", params={"tag": event.tag}))
        return False

    def open(self, node: Node) -> None:
        if len(self.stack) >= MAX_DEPTH:
            self.problems.append(Problem(self.rel, node.line, None, "too-deep", params={"limit": MAX_DEPTH}))
            return
        self.stack.append([node, None])

    def attach(self, node: Node) -> None:
        if not self.stack:
            self.root = node
            return
        frame = self.stack[-1]
        parent = frame[0]
        if isinstance(parent, Seq):
            parent.items.append(node)
        elif frame[1] is None:  # this node is a key
            if not isinstance(node, Scalar):
                self.problems.append(Problem(self.rel, node.line, None, "not-mapping", params=found_params(node)))
                return
            frame[1] = node
        else:
            key: Scalar = frame[1]
            frame[1] = None
            if key.value in parent.items:
                first_line = parent.items[key.value][0]
                self.soft_problems.append(Problem(
                    self.rel, key.line, key.value, "duplicate-key",
                    params={"key": key.value, "first_line": first_line, "line": key.line},
                ))
            else:
                parent.items[key.value] = (key.line, node)


_LIBYAML_ZH = {
    "mapping values are not allowed": "此处不应出现“冒号+空格”；值里含有冒号时请给整个值加上英文引号",
    "could not find expected ':'": "找不到应有的英文冒号“:”",
    "did not find expected key": "缺少字段名，或者缩进没有对齐",
    "found unexpected end of stream": "内容意外结束，可能是引号或括号没有闭合",
    "found character that cannot start any token": "出现了不能作为值开头的字符（如 @、` 或 Tab），请给值加上引号",
    "did not find expected ',' or ']'": "方括号列表 [ ] 没有闭合，或者缺少英文逗号",
    "did not find expected ',' or '}'": "花括号 { } 没有闭合，或者缺少英文逗号",
    "found unknown escape character": "双引号里出现了无效的反斜杠转义；请改用单引号或去掉反斜杠",
    "did not find expected '-' indicator": "列表项应以 - 开头并与上一项对齐",
    "did not find expected node content": "此处缺少内容",
    "expected <block end>, but found": "缩进没有对齐",
    "found undefined alias": "不允许使用 YAML 引用",
    "found undefined tag handle": "不允许使用 YAML 标签",
}


_LIBYAML_TOO_DEEP = "exceeded maximum nesting depth"

_UNCLOSED = {
    "while scanning a quoted scalar": ("从这里开始的引号没有闭合", "the quote opened here is never closed"),
    "while parsing a flow sequence": ("从这里开始的方括号 [ 没有闭合，或者缺少英文逗号",
                                      "the [ opened here is not closed, or a comma is missing"),
    "while parsing a flow mapping": ("从这里开始的花括号 { 没有闭合，或者缺少英文逗号",
                                     "the { opened here is not closed, or a comma is missing"),
}


def _syntax_problem(rel: str, first_line: int, exc: yaml.MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    problem = (exc.problem or exc.context or "").strip()
    if problem.startswith(_LIBYAML_TOO_DEEP):
        # libyaml >= 0.2.5 as bundled with PyYAML 6.0.2+ stops deep flow nesting itself,
        # before our tree builder sees the levels; it is the same mistake, said our way.
        line = mark.line + first_line if mark else None
        return Problem(rel, line, None, "too-deep", params={"limit": MAX_DEPTH})
    zh = next((v for k, v in _LIBYAML_ZH.items() if problem.startswith(k)), problem)
    opened = _UNCLOSED.get((exc.context or "").strip())
    if opened and exc.context_mark and exc.problem_mark and exc.problem_mark.line != exc.context_mark.line:
        # An unclosed quote or bracket is reported where the file ends or the next key
        # starts; the clerk needs the line where it was opened.
        mark = exc.context_mark
        zh, problem = opened
    line = mark.line + first_line if mark else None
    column = mark.column + 1 if mark else 1
    return Problem(rel, line, None, "yaml-syntax", params={"problem_zh": zh, "problem_en": problem, "column": column})


_FLOW_OPEN = (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken)
_FLOW_CLOSE = (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)


def _quoted_then_text(text: str, rel: str, first_line: int, exc: yaml.MarkedYAMLError) -> Problem | None:
    """``title: "夜市守护岗"护航``: a value opened with an ASCII quote goes on after the closing one.

    libyaml says only "did not find expected key" where the text goes on; the tokens up to
    there show the quoted part, the text after it and the key they belong to.
    """
    mark = exc.problem_mark
    if mark is None:
        return None
    where = (mark.line, mark.column)
    tokens: list[Any] = []
    flow = 0
    try:
        for token in yaml.scan(text, Loader=_Loader):
            if (token.start_mark.line, token.start_mark.column) > where:
                break
            flow += isinstance(token, _FLOW_OPEN) - isinstance(token, _FLOW_CLOSE)
            tokens.append(token)
    except yaml.YAMLError:  # the text after the quote may not scan either; what came before did
        pass
    if len(tokens) < 2:
        return None
    opened, after = tokens[-2], tokens[-1]
    if not (isinstance(opened, yaml.ScalarToken) and opened.style in ('"', "'") and isinstance(after, yaml.ScalarToken)
            and after.plain and (after.start_mark.line, after.start_mark.column) == where
            and opened.end_mark.line == mark.line):
        return None
    key = None  # the fixes repeat the key; the field is named when it is a top-level one
    if len(tokens) >= 4 and isinstance(tokens[-3], yaml.ValueToken) and isinstance(tokens[-4], yaml.ScalarToken):
        key = tokens[-4]
    end = after.end_mark.index
    if not flow:  # the value runs to the end of its line, whatever YAML would make of the rest
        line_end = text.find("\n", after.start_mark.index)
        end = max(end, len(text) if line_end == -1 else line_end)
    rest = _folded(text[opened.end_mark.index:end].rstrip())
    whole = _folded(text[opened.start_mark.index:opened.end_mark.index]) + rest
    chinese = "“" + opened.value + "”" + rest
    if flow:
        chinese = chinese if _reads_back(chinese, flow=True) else quoted(chinese)
    else:
        chinese = plain_or_quoted(chinese)
    prefix = f"{key.value}: " if key else ""
    field = key.value if key and key.start_mark.column == 0 else None
    return Problem(rel, opened.start_mark.line + first_line, field, "quoted-then-text", params={
        "quote": opened.style, "after": rest.strip(), "fix_cn": prefix + chinese, "fix_wrap": prefix + quoted(whole)})


def _folded(text: str) -> str:
    """Line breaks and the blanks around them as one space, as YAML reads a value written over lines."""
    if "\n" not in text:
        return text
    lines = text.split("\n")
    inner = [line.strip(" \t") for line in lines[1:-1]]
    return " ".join([lines[0].rstrip(" \t"), *inner, lines[-1].lstrip(" \t")])


def _reader_problem(rel: str, first_line: int, text: str, exc: yaml.YAMLError) -> Problem:
    # libyaml's ReaderError gives a byte offset and the code point as an int; find the
    # character ourselves so that line and column are right after Chinese text too.
    m = _NON_PRINTABLE.search(text)
    if m is None:  # pragma: no cover - libyaml and the pattern disagree
        return Problem(rel, None, None, "yaml-syntax", params={"problem_zh": str(exc), "problem_en": str(exc), "column": 1})
    start = text.rfind("\n", 0, m.start()) + 1
    line = text.count("\n", 0, m.start()) + first_line
    code = f"U+{ord(m.group()):04X}"
    problem_zh = f"含有不可见的控制字符 {code}，请删除它（常见于从网页或聊天软件复制的文字）"
    problem_en = f"control character {code} is not allowed, delete it"
    return Problem(rel, line, None, "yaml-syntax",
                   params={"problem_zh": problem_zh, "problem_en": problem_en, "column": m.start() - start + 1})


def _dropped_text(root: Node | None, rel: str) -> list[Problem]:
    """Text a clerk wrote after " #" in a value, which YAML silently drops as a comment."""
    problems = []
    stack: list[tuple[Node, tuple]] = [(root, ())] if root is not None else []
    while stack:
        node, path = stack.pop()
        if isinstance(node, Scalar) and node.dropped:
            # The fix is the whole value, however long: a cut one would lose the clerk's text.
            fix = quoted(node.value + node.dropped)
            if len(path) == 1 and isinstance(path[0], str):
                fix = f"{path[0]}: {fix}"
            comment = node.dropped.lstrip(" \t")[1:].strip()
            problems.append(Problem(rel, node.line, format_field(path), "comment-in-value",
                                    params={"value": node.value, "dropped": comment, "fix": fix}))
        elif isinstance(node, Seq):
            stack.extend((item, path + (i,)) for i, item in enumerate(node.items))
        elif isinstance(node, Map):
            stack.extend((value, path + (key,)) for key, (_line, value) in node.items.items())
    return problems


# --- what to write instead ------------------------------------------------------

SEPARATORS = "，、；"  # what clerks separate list items with, which YAML does not


def split_items(text: str, separators: str = SEPARATORS) -> list[str] | None:
    """The parts of one list item written with separators YAML does not know ('巡防，群防群治'), or None."""
    if not any(c in text for c in separators):
        return None
    for separator in separators[1:]:
        text = text.replace(separator, separators[0])
    parts = [part.strip() for part in text.split(separators[0])]
    parts = [part for part in parts if part]
    return parts if len(parts) > 1 else None


def flow_list(items: Iterable[str]) -> str:
    """'[巡防, 群防群治]': items that YAML would misread in a flow list are quoted."""
    return "[" + ", ".join(text if _reads_back(text, flow=True) else quoted(text) for text in items) + "]"


def plain_or_quoted(text: str) -> str:
    """``text`` as the value of a block mapping key: plain when YAML reads it back as written."""
    return text if _reads_back(text, flow=False) else quoted(text)


def quoted(text: str) -> str:
    """A YAML quoted scalar for one line of text: single quotes, or double when it holds a single quote."""
    if "'" in text and '"' not in text and "\\" not in text:
        return f'"{text}"'
    return "'" + text.replace("'", "''") + "'"


def _reads_back(text: str, flow: bool) -> bool:
    """Whether ``text`` written plain is read by YAML as exactly this text (not null, a comment, ...)."""
    if not text or text in NULLS or text != text.strip() or "\n" in text:
        return False
    try:
        node = yaml.compose(f"[{text}]" if flow else f"k: {text}", Loader=_Loader)
    except yaml.YAMLError:
        return False
    values = node.value if flow else [value for _key, value in node.value]
    return (len(values) == 1 and isinstance(values[0], yaml.ScalarNode) and not values[0].style
            and values[0].value == text)


# --- nodes -> plain data ------------------------------------------------------

Path_ = tuple[Union[str, int], ...]


def to_data(node: Node, path: Path_ = (), strings: list[tuple[Path_, str]] | None = None
            ) -> tuple[Any, dict[Path_, int]]:
    """Plain str/list/dict/None data plus the line of every path in it.

    ``strings``, when given, receives (path, text) of every string, as ``iter_strings`` would.
    """
    lines: dict[Path_, int] = {}
    data = _to_data(node, path, lines, strings if strings is not None else [])
    return data, lines


def _to_data(node: Node, path: Path_, lines: dict[Path_, int], strings: list[tuple[Path_, str]]) -> Any:
    lines[path] = node.line
    if isinstance(node, Scalar):
        if node.is_null:
            return None
        strings.append((path, node.value))
        return node.value
    if isinstance(node, Seq):
        return [_to_data(item, path + (i,), lines, strings) for i, item in enumerate(node.items)]
    out = {}
    for key, (key_line, value) in node.items.items():
        sub = path + (key,)
        out[key] = _to_data(value, sub, lines, strings)
        lines[sub] = key_line  # a field is where its key is written
    return out


def iter_strings(value: Any, path: Path_ = ()) -> Iterator[tuple[Path_, str]]:
    """(path, text) of every string in plain data, in document order."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from iter_strings(item, path + (i,))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from iter_strings(item, path + (key,))


def source_files(folder: Path, rel_folder: str, suffix: str, near: tuple[str, ...], near_code: str,
                 opening: bytes | None = None, owned: frozenset[str] = frozenset()
                 ) -> tuple[list[tuple[Path, str]], list[Problem]]:
    """The ``<name><suffix>`` files of a folder of sources (cases of a unit, collections), with their paths.

    Each source may own a folder of the same name (attachments, a cover). Other entries are
    reported: a near-miss extension from ``near`` (error ``near_code``, suggesting ``suffix``), as is
    a .txt file that starts with ``opening`` (a case saved by Notepad); a name such as
    ``x.md.txt`` whose last extension Windows hides (error ``hidden-extension``); any other file
    or an unowned folder (warning ``stray-file``); a pipe, socket or device, or a folder named
    like a source (error ``not-regular-file``, never opened). Hidden entries and symlinks are
    skipped here; the safety checks report symlinks. Entries named in ``owned`` belong to
    another check (a unit's progress.yml) and are skipped.
    """
    files: list[tuple[Path, str]] = []
    problems: list[Problem] = []
    entries = sorted(folder.iterdir())
    stems = {p.stem for p in entries if p.is_file() and p.suffix == suffix}
    for entry in entries:
        rel = f"{rel_folder}/{entry.name}"
        if entry.name.startswith(".") or entry.is_symlink() or entry.name in owned:
            continue
        if entry.suffix == suffix and not entry.is_file():  # a pipe, socket, device or folder "x.md"
            problems.append(not_regular_file(rel, os.lstat(entry).st_mode))
        elif entry.is_dir():
            if entry.name not in stems:
                problems.append(Problem(rel, None, None, "stray-file", "warning", params={"found": rel}))
        elif entry.suffix == suffix:
            files.append((entry, rel))
        elif special_entry(entry) is not None:
            problems.append(not_regular_file(rel, os.lstat(entry).st_mode))
        elif entry.suffix.lower() in near:
            problems.append(Problem(rel, None, None, near_code,
                                    params={"found": entry.suffix, "suggestion": f"{entry.stem}{suffix}"}))
        elif (hidden := hidden_extension(entry.name, near, suffix, rel)) is not None:
            problems.append(hidden)
        elif opening is not None and entry.suffix.lower() == ".txt" and _opens_with(entry, opening):
            problems.append(Problem(rel, None, None, near_code, params={
                "found": entry.suffix, "suggestion": f"{entry.stem}{suffix}", "hint_kind": "show-extensions"}))
        else:
            problems.append(Problem(rel, None, None, "stray-file", "warning", params={"found": rel}))
    return files, problems


def hidden_extension(name: str, near: tuple[str, ...], suffix: str = "", rel: str = "") -> Problem | None:
    """``x.md.txt``: Windows shows it as ``x.md`` and the clerk thinks it is one (``near``: extensions meant)."""
    path = Path(name)
    meant = Path(path.stem)
    if path.suffix.lower() != ".txt" or meant.suffix.lower() not in near or not meant.stem:
        return None
    return Problem(rel, None, None, "hidden-extension",
                   params={"name": name, "hidden": path.suffix, "suggestion": f"{meant.stem}{suffix or meant.suffix.lower()}"})


def _opens_with(path: Path, opening: bytes) -> bool:
    try:
        with path.open("rb") as handle:
            start = handle.read(len(opening) + 3)
    except OSError:
        return False
    return start.removeprefix(b"\xef\xbb\xbf").startswith(opening)


def found_params(node: Node | None) -> dict[str, str]:
    """found_zh/found_en params describing what a node is, for not-mapping style messages."""
    if isinstance(node, Seq):
        return {"found_zh": "列表", "found_en": "a list"}
    if isinstance(node, Map):
        return {"found_zh": "映射", "found_en": "a mapping"}
    if isinstance(node, Scalar) and not node.is_null:
        return {"found_zh": f"文本“{node.value[:30]}”", "found_en": f'text "{node.value[:30]}"'}
    return {"found_zh": "空", "found_en": "nothing"}
