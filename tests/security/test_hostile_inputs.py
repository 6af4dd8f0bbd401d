"""Hostile inputs to `casebook validate`, one test each, with the exact problems they must raise.

Every case is written by hand (front matter one field a line, see case_factory.VALID_LINES)
so that lines are known: the hostile body line is always line 27 of the case file.
What these inputs look like once rendered is tested in tests/site/test_security_pages.py.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from case_factory import BODY, VALID_LINES, Project, front_matter, replace_line, where

UNIT, CASE_ID = "shawan", "shawan-2024-001"
CASE = f"cases/{UNIT}/{CASE_ID}.md"
FOLDER = f"cases/{UNIT}/{CASE_ID}"
LINE = 27  # the hostile line appended to the body (10 = first body line, BODY has 17 lines)
PUBLIC, INTERNAL = "visibility: public", "visibility: internal"


@dataclass
class Hostile:
    """A case (front-matter lines + one extra body line) plus files and links around it."""

    extra: str = ""
    lines: tuple[str, ...] = VALID_LINES
    files: dict[str, bytes | str] = field(default_factory=dict)  # path inside the case's attachment folder
    links: dict[str, str] = field(default_factory=dict)  # link under the project -> target (absolute if it starts with /)
    casebook: dict | None = None  # options of the casebook plugin in mkdocs.yml

    def write(self, project: Project, outside: Path) -> None:
        if self.casebook is not None:
            project.mkdocs(casebook=self.casebook)
        text = front_matter(*self.lines, body=BODY + "\n" + self.extra + "\n")
        if self.extra:  # the extra line is line len(lines) + 20: LINE with the seven VALID_LINES
            assert text.split("\n")[len(self.lines) + 19] == self.extra.split("\n")[0]
        project.case(UNIT, CASE_ID, raw=text)
        for name, content in self.files.items():
            project.write(f"{FOLDER}/{name}", content)
        for link, target in self.links.items():
            path = project.root / link
            path.parent.mkdir(parents=True, exist_ok=True)
            os.symlink(target.replace("{outside}", str(outside)), path)


def body(extra: str, visibility: str = PUBLIC, **kw) -> Hostile:
    return Hostile(extra=extra, lines=replace_line("visibility", visibility), **kw)


def at(code: str, severity: str = "error", line: int | None = LINE, field_: str | None = None, file: str = CASE):
    return (file, line, field_, code, severity)


def html_warning(found: str) -> tuple:
    return at("unsafe-html", "warning") + (found,)


def link_warning(scheme: str) -> tuple:
    return at("unsafe-link", "warning") + (scheme,)


SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">{}</svg>'
IMG = f"![图]({CASE_ID}/{{}})"

# --- raw HTML and unsafe links in the body: warnings, the renderer removes them -------------

HTML_AND_LINKS = [
    pytest.param(body("<script>alert(1)</script>"), [html_warning("<script>")], id="script-element"),
    pytest.param(body('<img src="https://127.0.0.1:1/a.png" onerror="alert(1)">'), [html_warning("onerror=")],
                 id="img-onerror"),
    pytest.param(body('<svg onload="alert(1)"></svg>'), [html_warning("<svg>"), html_warning("onload=")],
                 id="inline-svg-onload"),
    pytest.param(body('<iframe src="https://example.org/"></iframe>'), [html_warning("<iframe>")], id="iframe"),
    pytest.param(body('<object data="movie.swf"></object>'), [html_warning("<object>")], id="object"),
    pytest.param(body("<style>body { display: none }</style>"), [html_warning("<style>")], id="style-element"),
    pytest.param(body('<p style="width: expression(alert(1))">文字</p>'), [html_warning("style=")],
                 id="style-attribute-expression"),
    pytest.param(body('<DIV ONMOUSEOVER="alert(1)">文字</DIV>'), [html_warning("ONMOUSEOVER=")],
                 id="event-handler-upper-case"),
    pytest.param(body("```html\n<script>alert(1)</script>\n```"), [], id="script-in-code-fence-is-code"),
    pytest.param(body("[点我](javascript:alert(1))"), [link_warning("javascript")], id="javascript-link"),
    pytest.param(body("[点我](JaVaScRiPt:alert(1))"), [link_warning("javascript")], id="javascript-mixed-case"),
    pytest.param(body('<a href="jav&#x61;script:alert(1)">点我</a>'), [link_warning("javascript")],
                 id="javascript-hex-entity"),
    pytest.param(body('<a href="&#106;avascript:alert(1)">点我</a>'), [link_warning("javascript")],
                 id="javascript-decimal-entity"),
    pytest.param(body('<a href="java\tscript:alert(1)">点我</a>'), [link_warning("javascript")],
                 id="javascript-with-tab"),
    pytest.param(body("[点我](%6A%61vascript:alert(1))"), [link_warning("javascript")],
                 id="javascript-percent-encoded"),
    pytest.param(body("[点我](vbscript:msgbox(1))"), [link_warning("vbscript")], id="vbscript-link"),
    pytest.param(body('<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">点我</a>'),
                 [link_warning("data")], id="data-text-html-link"),
    pytest.param(body("![图](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)"), [link_warning("data")],
                 id="data-image-src"),
    pytest.param(body("{{ 7*7 }} {% include 'mkdocs.yml' %} {# 注释 #}"), [], id="template-syntax-is-text"),
    pytest.param(body('--8<-- "mkdocs.yml"'), [], id="snippet-line-is-text"),
]

# --- attachment references: must stay inside the case's own folder --------------------------

OUTSIDE = [
    pytest.param(body("![图](../x.png)"), [at("attachment-outside")], id="parent-folder"),
    pytest.param(body("![图](/etc/passwd)"), [at("attachment-outside")], id="absolute-path"),
    pytest.param(body("![图](C:\\x.png)"), [at("attachment-outside")], id="drive-letter"),
    pytest.param(body("![图](c:/Users/x.png)"), [at("attachment-outside")], id="drive-letter-slash"),
    pytest.param(body("![图](\\\\server\\share\\x.png)"), [at("attachment-outside")], id="unc-path"),
    pytest.param(body("[文件](file:///etc/passwd)"), [at("attachment-outside")], id="file-url"),
    pytest.param(body("![图](%2e%2e/x.png)"), [at("attachment-outside")], id="percent-encoded-parent"),
    pytest.param(body(f"![图]({CASE_ID}/../../x.png)"), [at("attachment-outside")], id="up-from-own-folder"),
    pytest.param(body(f"![图]({CASE_ID}/..%2f..%2fx.png)"), [at("attachment-outside")],
                 id="up-from-own-folder-encoded-slash"),
    pytest.param(body('<img src="../../../mkdocs.yml">'), [at("attachment-outside")], id="html-img-parent"),
    pytest.param(body("![图](shawan-2024-002/x.png)", files={"x.png": b"\x89PNG"}), [at("attachment-outside")],
                 id="another-case-folder"),
    pytest.param(body(IMG.format("javascript:alert(1).png"), files={"javascript:alert(1).png": b"\x89PNG"}),
                 [at("attachment-name")], id="attachment-named-like-a-javascript-url"),
    pytest.param(body(IMG.format("nope.png")), [at("attachment-missing")], id="missing-attachment"),
    pytest.param(body(IMG.format("photo.png"), files={"photo.png": b"\x89PNG\r\n\x1a\n"}), [],
                 id="own-attachment-is-fine"),
    pytest.param(body(f"![图]({CASE_ID}\\photo.png)", files={"photo.png": b"\x89PNG"}),
                 [at("attachment-backslash")], id="windows-backslash-in-a-path"),
    pytest.param(body(f"![图](<{CASE_ID}/现场 照片.png>) ![图]({CASE_ID}/%E7%8E%B0%E5%9C%BA%20%E7%85%A7%E7%89%87.png)",
                      files={"现场 照片.png": b"\x89PNG"}), [], id="a-name-with-a-space-in-both-spellings"),
]

# --- files and links under cases/ -------------------------------------------------------------

FILES = [
    pytest.param(Hostile(links={"cases/qingshi": "{outside}"}),
                 [("cases/qingshi", None, None, "symlink", "error")], id="symlinked-unit-folder"),
    pytest.param(Hostile(links={f"cases/{UNIT}/shawan-2024-002.md": f"{CASE_ID}.md"}),
                 [(f"cases/{UNIT}/shawan-2024-002.md", None, None, "symlink", "error")], id="symlinked-case-file"),
    pytest.param(Hostile(extra=IMG.format("photo.png"), links={f"{FOLDER}/photo.png": "/etc/passwd"}),
                 [at("attachment-outside"), (f"{FOLDER}/photo.png", None, None, "symlink", "error")],
                 id="symlinked-attachment"),
    pytest.param(Hostile(extra=IMG.format("secret.png"), links={FOLDER: "{outside}"}),
                 [(FOLDER, None, None, "symlink", "error"), at("attachment-outside")],
                 id="symlinked-attachment-folder"),
    pytest.param(Hostile(extra=IMG.format("a.svg"), files={"a.svg": SVG.format("<script>alert(1)</script>")}),
                 [(f"{FOLDER}/a.svg", None, None, "unsafe-svg", "error")], id="svg-script"),
    pytest.param(Hostile(extra=IMG.format("a.svg"), files={"a.svg": SVG.replace("<svg ", '<svg onload="alert(1)" ')}),
                 [(f"{FOLDER}/a.svg", None, None, "unsafe-svg", "error")], id="svg-onload"),
    pytest.param(Hostile(extra=IMG.format("a.svg"),
                         files={"a.svg": SVG.format('<a xlink:href="&#106;ava&#x09;script:alert(1)"><text>x</text></a>')}),
                 [(f"{FOLDER}/a.svg", None, None, "unsafe-svg", "error")], id="svg-entity-encoded-javascript"),
    pytest.param(Hostile(extra=IMG.format("a.svg"), files={"a.svg": SVG.format('<circle r="4"/>')}), [],
                 id="svg-plain-is-fine"),
    pytest.param(Hostile(extra=IMG.format("big.png"), files={"big.png": b"\x89PNG" + b"0" * 997},
                         casebook={"max_attachment_bytes": 1000}),
                 [(f"{FOLDER}/big.png", None, None, "attachment-too-large", "error")], id="attachment-over-limit"),
    pytest.param(Hostile(extra=IMG.format("big.png"), files={"big.png": b"\x89PNG" + b"0" * 996},
                         casebook={"max_attachment_bytes": 1000}), [], id="attachment-at-limit"),
    pytest.param(Hostile(extra=f"[笔记]({CASE_ID}/notes.md)", files={"notes.md": "<script>alert(1)</script>\n"}),
                 [(f"{FOLDER}/notes.md", None, None, "unsafe-attachment", "error")], id="markdown-attachment"),
    pytest.param(Hostile(extra=f"[网页]({CASE_ID}/page.html)", files={"page.html": "<script>alert(1)</script>"}),
                 [(f"{FOLDER}/page.html", None, None, "unsafe-attachment", "error")], id="html-attachment"),
]

# --- visibility fails closed ------------------------------------------------------------------

VISIBILITY = [
    pytest.param(Hostile(lines=replace_line("visibility", "visibility: Public")),
                 [at("invalid-value", line=7, field_="visibility")], id="visibility-capitalised"),
    pytest.param(Hostile(lines=replace_line("visibility", 'visibility: "public "')),
                 [at("invalid-value", line=7, field_="visibility")], id="visibility-trailing-space"),
    pytest.param(Hostile(lines=replace_line("visibility", "visibility: [public]")),
                 [at("invalid-value", line=7, field_="visibility")], id="visibility-list"),
    pytest.param(Hostile(lines=(*replace_line("visibility", INTERNAL), PUBLIC)),
                 [at("duplicate-key", line=9, field_="visibility")], id="visibility-twice"),
    pytest.param(Hostile(lines=(*replace_line("visibility", INTERNAL)[:-1], "summary: |",
                                "  摘要第一行", "  visibility: public")), [], id="visibility-inside-a-block-text"),
]


@pytest.mark.parametrize("hostile, expected", HTML_AND_LINKS + OUTSIDE + FILES + VISIBILITY)
def test_hostile_input_is_reported_exactly(project, tmp_path, hostile: Hostile, expected: list[tuple]):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.png").write_bytes(b"\x89PNG")
    hostile.write(project, outside)
    problems = sorted(project.validate().problems, key=lambda p: (where(p), str(p.params)))
    assert [where(p) for p in problems] == [e[:5] for e in expected]
    for problem, wanted in zip(problems, expected):
        if problem.code == "unsafe-html":
            assert problem.params["found"] == wanted[5]
        if problem.code == "unsafe-link":
            assert problem.params["scheme"] == wanted[5]


def test_a_newline_in_the_title_does_not_change_visibility(project):
    project.case(UNIT, CASE_ID, front={"visibility": "internal", "title": "标题\nvisibility: public\nstatus: approved"})
    report, validated = project.check()
    assert report.problems == []
    (case,) = validated.cases
    assert case.front.visibility == "internal"
    assert case.front.title == "标题\nvisibility: public\nstatus: approved"


# --- personal data --------------------------------------------------------------------------

def with_check_digit(first17: str) -> str:
    """An ID number with a correct MOD 11-2 check digit (GB 11643), computed independently here."""
    weights = [2 ** (17 - i) % 11 for i in range(17)]
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights)) % 11]


ID = with_check_digit("11010519491231002")  # 11010519491231002X
ID2 = with_check_digit("51010719850615123")
FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")
assert ID == "11010519491231002X"


@dataclass
class Pii:
    hostile: Hostile
    expected: list[tuple]  # where(problem) + (masked,)
    secrets: tuple[str, ...] = ()  # what must never appear in a message


def pii(text: str, code: str, masked: str, visibility: str = PUBLIC) -> Pii:
    severity = "warning" if visibility == INTERNAL else "error"
    return Pii(body(f"当事人信息：{text}。", visibility), [at(code, severity) + (masked,)], (text,))


PERSONAL_DATA = [
    pytest.param(pii(ID, "pii-id-number", "110*************2X"), id="id-number"),
    pytest.param(pii(ID2, "pii-id-number", f"510*************{ID2[-2:]}"), id="id-number-other"),
    pytest.param(pii(ID.lower(), "pii-id-number", "110*************2x"), id="id-number-lower-x"),
    pytest.param(pii(ID.translate(FULL_WIDTH), "pii-id-number", "１１０*************２Ｘ"), id="id-number-full-width"),
    pytest.param(pii("110105 19491231 002X", "pii-id-number", "110*** ******** **2X"), id="id-number-spaces"),
    pytest.param(pii("110105-19491231-002X", "pii-id-number", "110***-********-**2X"), id="id-number-hyphens"),
    pytest.param(pii(ID, "pii-id-number", "110*************2X", INTERNAL), id="id-number-internal-is-warning"),
    pytest.param(Pii(body("案卷编号 110105194912310021。"), []), id="eighteen-digits-wrong-check-digit"),
    pytest.param(Pii(body(f"案卷编号 {ID[:-1]}。"), []), id="seventeen-digits"),
    pytest.param(pii("13800138000", "pii-phone", "138******00"), id="mobile"),
    pytest.param(pii("+8613800138000", "pii-phone", "+861********00"), id="mobile-plus86"),
    pytest.param(pii("+86 138-0013-8000", "pii-phone", "+86 1**-****-**00"), id="mobile-plus86-hyphens"),
    pytest.param(pii("138 0013 8000", "pii-phone", "138 **** **00"), id="mobile-spaces"),
    pytest.param(pii("１３８００１３８０００", "pii-phone", "１３８******００"), id="mobile-full-width"),
    pytest.param(pii("13800138000", "pii-phone", "138******00", INTERNAL), id="mobile-internal-is-warning"),
    pytest.param(Pii(body("报警电话 110，服务热线 12345，座机 028-8888 6666。"), []), id="short-numbers-are-fine"),
    pytest.param(pii("川A12345", "pii-plate", "川A***45"), id="plate"),
    pytest.param(pii("川A·12345", "pii-plate", "川A·***45"), id="plate-with-dot"),
    pytest.param(pii("川AD12345", "pii-plate", "川A****45"), id="plate-new-energy-small"),
    pytest.param(pii("川A12345D", "pii-plate", "川A****5D"), id="plate-new-energy-large"),
    pytest.param(pii("川A12345", "pii-plate", "川A***45", INTERNAL), id="plate-internal-is-warning"),
    pytest.param(Pii(Hostile(lines=replace_line("title", "title: 帮助车主 13800138000 找回车辆")),
                     [at("pii-phone", line=2, field_="title") + ("138******00",)], ("13800138000",)),
                 id="mobile-in-title"),
    pytest.param(Pii(Hostile(lines=(*VALID_LINES, "contacts:", f"  - name: 张三 {ID}", "    role: 民警")),
                     [at("pii-id-number", line=10, field_="contacts[0].name") + ("110*************2X",)], (ID,)),
                 id="id-number-in-contacts"),
    pytest.param(Pii(Hostile(lines=(*VALID_LINES, "results:", "  - indicator: 查获车辆", "    before: 川A12345",
                                    "    after: 无")),
                     [at("pii-plate", line=11, field_="results[0].before") + ("川A***45",)], ("川A12345",)),
                 id="plate-in-results"),
    pytest.param(Pii(Hostile(lines=(*replace_line("visibility", "visibility: Public"),)
                             , extra="电话 13800138000"),
                     [at("pii-phone") + ("138******00",), at("invalid-value", line=7, field_="visibility") + (None,)],
                     ("13800138000",)),
                 id="unknown-visibility-counts-as-public"),
    pytest.param(Pii(Hostile(lines=(*VALID_LINES, "pii_allow: ['13800138000']"),
                             extra="服务电话 13800138000，当事人 13900139000"),
                     [at("pii-phone", line=28) + ("139******00",)], ("13900139000",)),
                 id="pii-allow-silences-exactly-that-number"),
    pytest.param(Pii(Hostile(lines=(*VALID_LINES, "pii_allow: ['13800138000']"), extra="服务电话 138-0013-8000"),
                     [at("pii-phone", line=28) + ("138-****-**00",)], ("138-0013-8000", "13800138000")),
                 id="pii-allow-needs-the-exact-spelling"),
    pytest.param(Pii(Hostile(lines=(*VALID_LINES, "pii_allow: ['13800138000']"), extra=f"身份证 {ID}"),
                     [at("pii-id-number", line=28) + ("110*************2X",)], (ID,)),
                 id="pii-allow-does-not-silence-other-numbers"),
]


@pytest.mark.parametrize("case", PERSONAL_DATA)
def test_personal_data_is_reported_masked(project, tmp_path, case: Pii):
    case.hostile.write(project, tmp_path)
    problems = sorted(project.validate().problems, key=where)
    assert [where(p) for p in problems] == sorted(e[:5] for e in case.expected)
    for problem in problems:
        if not problem.code.startswith("pii-"):
            continue
        (masked,) = [e[5] for e in case.expected if e[:5] == where(problem)]
        assert problem.params["masked"] == masked
        for lang in ("zh", "en"):
            message = problem.as_text(lang)
            assert masked in message
            for secret in case.secrets:
                assert secret not in message
                assert plain(secret) not in plain(message)


def plain(text: str) -> str:
    """Digits folded to ASCII, separators inside numbers dropped: how a reader would copy a number."""
    return re.sub(r"[ \-·]", "", text.translate(str.maketrans("０１２３４５６７８９Ｘ", "0123456789X")))
