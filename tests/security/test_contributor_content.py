"""Contributor files and HTML that reach other people (issue 9 §4), as `casebook validate` reports
them and as the page builder and `casebook build` publish them.

Paths: every path written in a case body (links, images, raw HTML), a collection's cover, intro
and notes is resolved and must lie inside the owner's own folder. Files: only an allowlist of
types, SVG only of a safe subset, names without control or format characters.
What these inputs look like in a browser is tested in tests/site/test_contributor_pages.py.
"""
from __future__ import annotations

import os
import re
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote

import pytest
from click.testing import CliRunner

from case_factory import BODY, COLLECTION_LINES, VALID_LINES, front_matter, where
from generator.attachments import ATTACHMENT_TYPES, svg_is_safe
from generator.cli import main
from generator.model import build_site
from generator.pages import build_pages
from test_hostile_inputs import CASE, CASE_ID, FOLDER, SVG, UNIT, Hostile, at, body

COLLECTION = "best-2024"
COLLECTION_FILE = f"cases/collections/{COLLECTION}.yml"
COLLECTION_FOLDER = f"cases/collections/{COLLECTION}"
PNG = b"\x89PNG\r\n\x1a\n"

# {own}: the owner's id (case or collection); {outside}: a folder outside the project holding secret.png
HOSTILE_PATHS = [
    pytest.param("{own}/{outside}/secret.png", id="own-id-then-absolute-path"),
    pytest.param("./{own}/{outside}/secret.png", id="dot-own-id-then-absolute-path"),
    pytest.param("{own}/%2F{outside_quoted}/secret.png", id="own-id-then-percent-encoded-absolute-path"),
    pytest.param("{own}//etc/passwd", id="own-id-double-slash-etc-passwd"),
    pytest.param("{own}/a/../../secret.png", id="up-through-a-subfolder"),
    pytest.param("{own}/%2e%2e/%2e%2e/mkdocs.yml", id="percent-encoded-dots"),
    pytest.param("{own}/..%2F..%2Fmkdocs.yml", id="percent-encoded-slash"),
    pytest.param("{own}/./photo.png", id="dot-segment"),
    pytest.param("{outside}/secret.png", id="absolute-path"),
    pytest.param("c:/Windows/win.ini", id="drive-letter"),
    pytest.param("file://{outside}/secret.png", id="file-url"),
    pytest.param("{own}/link.png", id="symlink-out-of-the-folder"),
]


def expand(template: str, own: str, outside: Path) -> str:
    return template.format(own=own, outside=outside, outside_quoted=quote(str(outside)[1:], safe=""))


@pytest.fixture
def outside(tmp_path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.png").write_bytes(PNG + b"SECRET-BYTES")
    return folder


def symlink_problems(template: str, folder: str) -> list[tuple]:
    if "link.png" not in template:
        return []
    return [(f"{folder}/link.png", None, None, "symlink", "error")]


def write_links(project, template: str, folder: str, outside: Path) -> None:
    if "link.png" in template:
        (project.root / folder).mkdir(parents=True, exist_ok=True)
        os.symlink(outside / "secret.png", project.root / folder / "link.png")


def sorted_where(report) -> list[tuple]:
    return sorted(where(p) for p in report.problems)


# --- case bodies -----------------------------------------------------------------------------

@pytest.mark.parametrize("form", ["![图]({})", "[文件]({})", '<img src="{}">', '<a href="{}">文件</a>'])
@pytest.mark.parametrize("template", HOSTILE_PATHS)
def test_hostile_path_in_a_case_body_is_an_error_on_its_line(project, outside, template, form):
    target = expand(template, CASE_ID, outside)
    body(form.format(target)).write(project, outside)
    write_links(project, template, FOLDER, outside)
    report = project.validate()
    assert sorted_where(report) == sorted([at("attachment-outside")] + symlink_problems(template, FOLDER))


def test_own_attachment_in_a_subfolder_is_fine(project, outside):
    body(f"![图]({CASE_ID}/photos/a.png)", files={"photos/a.png": PNG}).write(project, outside)
    assert project.validate().problems == []


# --- collections: cover, intro, notes ------------------------------------------------------

def collection_with(field: str, value: str) -> tuple[str, ...]:
    """COLLECTION_LINES with ``value`` as the cover (line 8), the intro (a literal block, text on
    line 5) or the first note (a literal block, text on line 8)."""
    if field == "cover":
        return (*COLLECTION_LINES, f"cover: '{value}'")
    if field == "intro":
        return (*COLLECTION_LINES[:3], "intro: |", f"  {value}", *COLLECTION_LINES[4:])
    return (*COLLECTION_LINES[:6], "    note: |", f"      {value}")


WHERE = {"cover": (8, "cover"), "intro": (5, "intro"), "note": (8, "items[0].note")}


@pytest.mark.parametrize("field", ["cover", "intro", "note"])
@pytest.mark.parametrize("template", HOSTILE_PATHS)
def test_hostile_path_in_a_collection_is_an_error_with_line_and_field(project, outside, template, field):
    project.case(UNIT, CASE_ID)
    target = expand(template, COLLECTION, outside)
    project.collection(COLLECTION, *collection_with(field, target if field == "cover" else f"![图]({target})"))
    write_links(project, template, COLLECTION_FOLDER, outside)
    line, name = WHERE[field]
    expected = [(COLLECTION_FILE, line, name, "attachment-outside", "error")]
    assert sorted_where(project.validate()) == sorted(expected + symlink_problems(template, COLLECTION_FOLDER))


@pytest.mark.parametrize("field", ["intro", "note"])
def test_collection_markdown_gets_the_body_checks(project, field):
    project.case(UNIT, CASE_ID)
    project.write(f"{COLLECTION_FOLDER}/photo.png", PNG)
    project.collection(COLLECTION, *collection_with(
        field, f"<script>alert(1)</script>[x](javascript:alert(1)) ![图]({COLLECTION}/photo.png) ![图]({COLLECTION}/nope.png)"))
    line, name = WHERE[field]
    problems = sorted(project.validate().problems, key=lambda p: (where(p), str(p.params)))
    assert [where(p) for p in problems] == [
        (COLLECTION_FILE, line, name, "attachment-missing", "error"),
        (COLLECTION_FILE, line, name, "unsafe-html", "warning"),
        (COLLECTION_FILE, line, name, "unsafe-link", "warning"),
    ]


def test_collection_images_of_its_own_folder_are_fine(project):
    project.case(UNIT, CASE_ID)
    project.write(f"{COLLECTION_FOLDER}/cover.png", PNG)
    project.write(f"{COLLECTION_FOLDER}/intro.png", PNG)
    project.collection(COLLECTION, "title: t", "date: 2024-12-31", "visibility: internal", f"cover: {COLLECTION}/cover.png",
                       f"intro: '![图]({COLLECTION}/intro.png)'", "items:", f"  - case: {CASE_ID}",
                       f"    note: '![图]({COLLECTION}/intro.png)'")
    assert project.validate().problems == []


SCRIPT_SVG = SVG.format("<script>alert(1)</script>")


@pytest.mark.parametrize("name, content, expected", [
    pytest.param("cover.html", "<script>alert(1)</script>", [
        (COLLECTION_FILE, 8, "cover", "unsafe-attachment", "error"),
        (f"{COLLECTION_FOLDER}/cover.html", None, None, "unsafe-attachment", "error")], id="html"),
    pytest.param("cover.md", "# 封面\n<script>alert(1)</script>", [
        (COLLECTION_FILE, 8, "cover", "unsafe-attachment", "error"),
        (f"{COLLECTION_FOLDER}/cover.md", None, None, "unsafe-attachment", "error")], id="markdown"),
    pytest.param("cover.svg", SCRIPT_SVG, [(f"{COLLECTION_FOLDER}/cover.svg", None, None, "unsafe-svg", "error")],
                 id="svg-with-script"),
    pytest.param("cover.svgz", b"\x1f\x8b", [
        (COLLECTION_FILE, 8, "cover", "attachment-type", "error"),
        (f"{COLLECTION_FOLDER}/cover.svgz", None, None, "attachment-type", "error")], id="svgz"),
    pytest.param("cover.pdf", b"%PDF-1.4", [(COLLECTION_FILE, 8, "cover", "attachment-type", "error")],
                 id="pdf-is-no-image"),
    pytest.param("cover.png", PNG, [], id="png"),
    pytest.param("cover.svg", SVG.format('<circle r="4"/>'), [], id="plain-svg"),
])
def test_a_cover_is_an_image_checked_like_an_attachment(project, name, content, expected):
    project.case(UNIT, CASE_ID)
    project.write(f"{COLLECTION_FOLDER}/{name}", content)
    project.collection(COLLECTION, *collection_with("cover", f"{COLLECTION}/{name}"))
    assert sorted_where(project.validate()) == sorted(expected)


def test_cover_type_message_lists_the_image_types(project):
    project.case(UNIT, CASE_ID)
    project.write(f"{COLLECTION_FOLDER}/cover.pdf", b"%PDF-1.4")
    project.collection(COLLECTION, *collection_with("cover", f"{COLLECTION}/cover.pdf"))
    (problem,) = project.validate().problems
    assert problem.message("en") == (
        f'file "{COLLECTION}/cover.pdf" of type .pdf cannot be published: expected one of '
        ".png .jpg .jpeg .gif .webp .svg; convert it to one of these types or move it out of the folder")


# --- SVG: parsed as XML, only a safe subset ----------------------------------------------------

SVG_NS = 'xmlns="http://www.w3.org/2000/svg"'
UNSAFE_SVG = [
    pytest.param(f'<svg {SVG_NS} xmlns:svg="http://www.w3.org/2000/svg"><svg:script>alert(1)</svg:script></svg>',
                 id="namespace-prefixed-script"),
    pytest.param(f'<svg {SVG_NS}><svg:script>alert(1)</svg:script></svg>', id="unbound-prefix-script"),
    pytest.param('<s:svg xmlns:s="http://www.w3.org/2000/svg"><s:script>alert(1)</s:script></s:svg>',
                 id="prefixed-document"),
    pytest.param(f'<svg {SVG_NS}><SCRIPT>alert(1)</SCRIPT></svg>', id="upper-case-script"),
    pytest.param(f'<svg {SVG_NS}><foreignObject><p xmlns="http://www.w3.org/1999/xhtml">x</p></foreignObject></svg>',
                 id="foreign-object"),
    pytest.param(f'<svg {SVG_NS} onload="alert(1)"/>', id="onload"),
    pytest.param(f'<svg {SVG_NS}><a href="javascript:alert(1)"><text>x</text></a></svg>', id="svg2-href-javascript"),
    pytest.param(f'<svg {SVG_NS}><a href="&#106;avascript:alert(1)"><text>x</text></a></svg>', id="entity-javascript"),
    pytest.param(f'<svg {SVG_NS}><image href="https://example.org/x.png"/></svg>', id="external-image"),
    pytest.param(f'<svg {SVG_NS}><image href="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4="/></svg>', id="data-image"),
    pytest.param(f'<svg {SVG_NS}><a><set attributeName="href" to="javascript:alert(1)"/><text>x</text></a></svg>',
                 id="animated-href"),
    pytest.param(f'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
                 f'<svg {SVG_NS}><text>&b;</text></svg>', id="entity-declaration"),
    pytest.param(f'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">'
                 f'<svg {SVG_NS}/>', id="doctype"),
    pytest.param(f'<?xml-stylesheet type="text/xsl" href="x.xsl"?><svg {SVG_NS}/>', id="stylesheet-instruction"),
    pytest.param(f'<svg {SVG_NS}><style>@import url(https://example.org/x.css);</style></svg>', id="css-import"),
    pytest.param(f'<svg {SVG_NS}><rect style="fill: url(https://example.org/x)"/></svg>', id="css-external-url"),
    pytest.param(f'<svg {SVG_NS}><script', id="not-well-formed"),
]


@pytest.mark.parametrize("content", UNSAFE_SVG)
def test_unsafe_svg_attachment_is_an_error(project, outside, content):
    Hostile(extra=f"![图]({CASE_ID}/a.svg)", files={"a.svg": content}).write(project, outside)
    assert sorted_where(project.validate()) == [(f"{FOLDER}/a.svg", None, None, "unsafe-svg", "error")]


def test_a_safe_svg_is_accepted():
    safe = (f'<?xml version="1.0" encoding="UTF-8"?><svg {SVG_NS} xmlns:xlink="http://www.w3.org/1999/xlink">'
            '<defs><linearGradient id="g"/></defs><style>.a { fill: url(#g) }</style>'
            '<rect class="a" style="fill: url(\'#g\')"/><use xlink:href="#g"/><text>url(https://example.org/)</text></svg>')
    assert svg_is_safe(safe.encode())


# --- the attachment types ----------------------------------------------------------------------

@pytest.mark.parametrize("name", ["setup.exe", "run.js", "pack.zip", "a.svgz", "movie.swf", "noext"])
def test_attachment_of_a_type_not_allowed_is_an_error(project, outside, name):
    Hostile(extra=f"[文件]({CASE_ID}/{name})", files={name: b"MZ"}).write(project, outside)
    (problem,) = project.validate().problems
    assert where(problem) == (f"{FOLDER}/{name}", None, None, "attachment-type", "error")
    assert problem.message("en").endswith("expected one of " + " ".join(ATTACHMENT_TYPES) +
                                          "; convert it to one of these types or move it out of the folder")
    assert " ".join(ATTACHMENT_TYPES) in problem.message("zh")


@pytest.mark.parametrize("name", sorted(ATTACHMENT_TYPES))
def test_every_allowed_type_is_accepted(project, outside, name):
    Hostile(extra=f"[文件]({CASE_ID}/file{name})", files={f"file{name}": PNG if name != ".svg" else SVG.format("")}
            ).write(project, outside)
    assert project.validate().problems == []


def test_file_manager_leftovers_are_ignored_unless_linked(project, outside):
    files = {"Thumbs.db": b"x", ".DS_Store": b"x", "photo.png": PNG}
    Hostile(extra=f"![图]({CASE_ID}/photo.png)", files=files).write(project, outside)
    assert project.validate().problems == []
    Hostile(extra=f"[文件]({CASE_ID}/.DS_Store)", files=files).write(project, outside)
    assert sorted_where(project.validate()) == [at("attachment-type")]


# --- names with control or format characters -----------------------------------------------------

@pytest.mark.parametrize("name, shown", [
    ("photo\u202egnp.exe", "photo\\u202egnp.exe"),     # shown as "photoexe.png"
    ("report\u202efdp.png", "report\\u202efdp.png"),
    ("a\u200bb.png", "a\\u200bb.png"),                 # zero-width space
    ("a\u0007b.png", "a\\u0007b.png"),                 # a control character
])
def test_attachment_name_with_a_control_or_format_character_is_refused(project, outside, name, shown):
    Hostile(extra=f"[文件](<{CASE_ID}/{name}>)", files={name: PNG}).write(project, outside)
    problems = project.validate().problems
    reference = [p for p in problems if p.file == CASE]
    assert [where(p) for p in reference] == [at("attachment-control-char")]
    assert f"{CASE_ID}/{shown}" in reference[0].message("zh") and f"{CASE_ID}/{shown}" in reference[0].message("en")
    for problem in problems:  # the character itself is never printed
        assert name not in problem.as_text("zh") and name not in problem.file


def test_cover_name_with_a_right_to_left_override_is_refused(project):
    project.case(UNIT, CASE_ID)
    project.write(f"{COLLECTION_FOLDER}/cover\u202egnp.png", PNG)
    project.collection(COLLECTION, *collection_with("cover", f"{COLLECTION}/cover\u202egnp.png"))
    (problem,) = project.validate().problems
    assert where(problem) == (COLLECTION_FILE, 8, "cover", "attachment-control-char", "error")
    assert f"{COLLECTION}/cover\\u202egnp.png" in problem.message("en")


# --- HTML attributes the renderer drops ------------------------------------------------------------

@pytest.mark.parametrize("html, found", [
    ('<abbr title="&lt;b&gt;粗体&lt;/b&gt;">缩写</abbr>', "title="),
    ('<a name="__config">锚点</a>', "name="),
    ('<span TITLE="说明">文字</span>', "TITLE="),
    ('[链接](https://example.org/ "说明")', "title="),
    ("![图](<https://example.org/a b.png> '说明')", "title="),
])
def test_dropped_attribute_is_a_warning_on_its_line(project, outside, html, found):
    body(html).write(project, outside)
    (problem,) = project.validate().problems
    assert where(problem) == at("unsafe-html-attribute", "warning")
    assert problem.params["found"] == found


def test_an_id_is_kept_with_a_prefix_and_needs_no_warning(project, outside):
    body('<div id="__config">{}</div>').write(project, outside)
    assert project.validate().problems == []


# --- what is published: the copy step and a real build --------------------------------------------

def test_the_page_builder_copies_no_file_from_outside_even_unvalidated(project, outside):
    """The second lock: the copy step confines every path itself (validation is the first)."""
    project.case(UNIT, CASE_ID)
    project.write(f"{COLLECTION_FOLDER}/cover.png", PNG)
    project.collection(COLLECTION)
    report, validated = project.check()
    assert report.ok, report.as_text("en")
    site = build_site(validated)
    hostile = [template.values[0] for template in HOSTILE_PATHS if "link.png" not in template.values[0]]
    case = replace(site.cases[0], body="".join(f"![x]({expand(h, CASE_ID, outside)})\n\n" for h in hostile))
    collection = replace(site.collections[0], cover=expand("{own}/{outside}/secret.png", COLLECTION, outside),
                         intro="".join(f"![x]({expand(h, COLLECTION, outside)})\n\n" for h in hostile))
    site = replace(site, cases=(case,), by_id={case.id: case}, collections=(collection,))
    _pages, files = build_pages(site, project.root / "cases")
    cases = (project.root / "cases").resolve()
    for file in files:
        if file.source is not None:
            assert file.source.resolve().is_relative_to(cases), file


def test_the_page_builder_copies_nothing_from_a_linked_owner_folder(project, outside):
    project.case(UNIT, CASE_ID, body=BODY + f"\n![图]({CASE_ID}/secret.png)\n")
    project.collection(COLLECTION, *collection_with("intro", f"![图]({COLLECTION}/secret.png)"))
    for folder in (FOLDER, COLLECTION_FOLDER):
        os.symlink(outside, project.root / folder)
    report, validated = project.check()
    assert {(p.file, p.code) for p in report.errors} == {
        (FOLDER, "symlink"), (COLLECTION_FOLDER, "symlink"), (CASE, "attachment-outside"),
        (COLLECTION_FILE, "attachment-outside")}
    _pages, files = build_pages(build_site(validated), project.root / "cases")
    assert [f.path for f in files if f.source is not None] == []


@pytest.mark.build
def test_a_real_build_publishes_no_file_from_outside(project, outside, tmp_path):
    text = front_matter(*VALID_LINES, body=BODY + f"\n![图]({CASE_ID}/{outside}/secret.png)\n")
    project.case(UNIT, CASE_ID, raw=text)
    line = text.split("\n").index(f"![图]({CASE_ID}/{outside}/secret.png)") + 1
    project.write(f"{COLLECTION_FOLDER}/cover.png", PNG)
    project.collection(COLLECTION, *collection_with("cover", f"{COLLECTION}/{outside}/secret.png"))
    site = tmp_path / "built"
    result = CliRunner().invoke(main, ["build", str(project.root), "--site-dir", str(site)], catch_exceptions=False)
    assert result.exit_code == 1
    assert f"{CASE}:{line}: error[attachment-outside]" in result.output
    assert f"{COLLECTION_FILE}:8: error[attachment-outside] cover" in result.output
    published = [p for p in site.rglob("*") if p.is_file()] if site.exists() else []
    assert not [p for p in published if b"SECRET-BYTES" in p.read_bytes()]


# --- ids in rendered bodies --------------------------------------------------------------------

@pytest.mark.parametrize("id_prefix, expected", [(None, "cb-"), ("shawan-2024-001-", "shawan-2024-001-")])
def test_footnote_ids_and_the_links_to_them_share_the_prefix(id_prefix, expected):
    from generator.render import render_body

    html = render_body("正文[^1]。\n\n## 背景\n\n[回到背景](#background)\n\n[^1]: 数据来源。\n", CASE_ID,
                       id_prefix=id_prefix).html
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    links = set(re.findall(r'href="#([^"]+)"', html))
    assert {f"{expected}fn:1", f"{expected}fnref:1"} <= ids
    assert links <= ids
    section = "background" if id_prefix is None else f"{expected}background"
    assert section in ids and section in links
    assert not re.search(r"\s(title|name)=", html)


@pytest.mark.parametrize("text", ["](a" * 34_000, "](" + " " * 100_000, '](a "' * 20_000, "[a](" + "u" * 100_000 + ' "t")'])
def test_the_link_title_check_stays_within_the_regex_budget(text):
    """The issue's budget for the project's own patterns: 100 KB of adversarial text in 1 s."""
    import time

    from generator.safety import check_body

    start = time.perf_counter()
    check_body("cases/x/x.md", text, 1, CASE_ID, Path("/nonexistent"))
    assert time.perf_counter() - start < 1.0


def test_classes_the_theme_or_our_scripts_act_on_are_not_taken_from_a_body():
    # md-dialog--active would show a fake theme notification; casebook.js looks up cb-filters.
    from generator.render import render_body

    html = render_body('<div class="md-dialog md-dialog--active note">通知</div>\n\n'
                       '<span class="cb-filters MD-typeset">筛选</span>\n\n!!! note "提示"\n    内容\n', CASE_ID).html
    assert '<div class="note">通知</div>' in html
    assert "<span>筛选</span>" in html
    assert '<div class="admonition note">' in html  # what Markdown itself writes stays
