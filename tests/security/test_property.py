"""Property: whatever text a contributor puts in any field or the body, `validate`
returns its report and raises nothing, and the generated pages hold no executable
script from the input (our own templates produce none either).

The pages are checked as generated (generator.pages, no MkDocs) and once more after
Python-Markdown with the extensions a site typically enables, as MkDocs would run it.
"""
from __future__ import annotations

import functools
import html
import re
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from case_factory import BODY, CRITERIA_YML, TAGS_YML, UNITS_YML, Project, case_text, valid_front
from generator import pages as pages_module
from generator.model import build_site
from generator.pages import build_pages
from generator.render import normalise_url

PAYLOADS = [
    "<script>alert(1)</script>", "<SCRIPT SRC=//evil.example/x.js></SCRIPT>", "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>", "<iframe src=javascript:alert(1)>", "<object data=x>", "<embed src=x>",
    "<style>*{}</style>", '<p style="x:expression(alert(1))">', "<a href=\"javascript:alert(1)\">x</a>",
    "[x](JaVaScRiPt:alert(1))", "[x](jav&#x61;script:alert(1))", "[x](&#106;avascript:alert(1))",
    "[x](java\tscript:alert(1))", "[x](%6A%61vascript:alert(1))", "[x](vbscript:msgbox(1))",
    "[x](data:text/html,<script>alert(1)</script>)", "![x](data:image/svg+xml,<svg onload=alert(1)>)",
    "<a href='&#x6A;avascript:alert(1)'>x</a>", "<math><mi xlink:href=javascript:alert(1)>x</mi></math>",
    "<details open ontoggle=alert(1)>", "<form action=javascript:alert(1)><button>x</button></form>",
    "{{ 7*7 }}", "{% include 'mkdocs.yml' %}", "{: onclick=\"alert(1)\" }", '--8<-- "mkdocs.yml"',
    "<!--", "-->", "<![CDATA[", "]]>", "</div>", "</textarea>", "<base href=//evil.example/>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">', "<", ">", "&", '"', "'", "`", "\n", "\n\n",
    "![x](shawan-2024-001/javascript:alert(1).png)", "[x](shawan-2024-001/JaVa%53cript:alert(1))",
    "\n## 背景\n", "```", "    ", "---\nvisibility: public\n---", "身份证 11010519491231002X", "13800138000",
]

hostile_text = st.lists(st.one_of(st.text(max_size=12), st.sampled_from(PAYLOADS)), max_size=6).map("".join)
field_text = hostile_text.filter(lambda s: s.strip() != "")

DANGEROUS_TAGS = {"script", "iframe", "object", "embed", "style", "frame", "frameset", "applet", "base", "meta",
                  "link", "svg", "math", "template", "noscript", "textarea"}  # our own filter form is fine
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "srcset", "data", "poster", "background"}
SAFE_SCHEMES = {"http", "https", "mailto"}


class ScriptFinder(HTMLParser):
    """Everything in an HTML text that a browser could execute."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.own_svg = 0  # depth inside an <svg> our templates drew (an icon, a chart of /stats/)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "svg" and (self.own_svg or _own_svg(attrs)):
            self.own_svg += 1
        elif tag in DANGEROUS_TAGS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=>")
            if name == "style":
                self.found.append(f"<{tag} style=>")
            if name in URL_ATTRS and value is not None:
                scheme = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", normalise_url(value))
                if scheme and scheme.group(1).lower() not in SAFE_SCHEMES:
                    self.found.append(f"<{tag} {name}={value!r}>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg" and self.own_svg:
            self.own_svg -= 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)


def _own_svg(attrs: list[tuple[str, str | None]]) -> bool:
    """An <svg> drawn by our own templates: classed ``cb-`` and either hidden from screen readers
    (the filter form's icons) or an image with a title (the charts of /stats/). The sanitiser lets
    no <svg> through from a contributor, with or without these attributes; whatever such an svg
    holds (on* attributes, script, a javascript: link) is still reported."""
    values = dict(attrs)
    return (values.get("class") or "").startswith("cb-") and (
        values.get("aria-hidden") == "true" or values.get("role") == "img")


def executable(html_text: str) -> list[str]:
    finder = ScriptFinder()
    finder.feed(html_text)
    finder.close()
    if re.search(r"<\s*script", html_text, re.I):
        finder.found.append("<script")
    return finder.found


def split_header(content: str) -> tuple[dict, str]:
    if content.startswith("---\n"):
        end = content.index("\n---\n", 4)
        return yaml.safe_load(content[4:end]) or {}, content[end + 5:]
    return {}, content


def new_project(root: Path) -> Project:
    project = Project(root)
    project.mkdocs()
    project.write("cases/units.yml", UNITS_YML)
    project.write("cases/criteria.yml", CRITERIA_YML)
    project.write("cases/tags.yml", TAGS_YML)
    return project


# What MkDocs runs over every page, generated ones included (with a site's usual extensions).
MKDOCS_MARKDOWN = markdown.Markdown(extensions=["admonition", "attr_list", "md_in_html", "tables", "toc"])


def check(project: Project, title: str | None = None) -> None:
    report, validated = project.check()
    for lang in ("zh", "en"):
        report.as_text(lang)  # every problem has a message in both languages
    public = any(c.front is not None and c.front.visibility == "public" for c in validated.cases)
    for edition in ("internal", "public") if public else ("internal",):
        site = build_site(validated, edition)
        pages, _files = build_pages(site, project.root / "cases")
        for page in pages:
            meta, html_text = split_header(page.content)
            assert executable(str(meta.get("title", ""))) == [], (page.path, meta)
            assert executable(page.content) == [], page.path
            rendered = MKDOCS_MARKDOWN.reset().convert(html_text)
            assert executable(rendered) == [], (page.path, rendered)
            if title is not None and page.path == "cases/shawan-2024-001.md":
                # the page title reaches MkDocs as HTML text of the title the case file holds
                # (as YAML reads it: a raw U+0085 in the file is a line break, folded into a space)
                held = next(c.front.title for c in validated.cases if c.id == "shawan-2024-001")
                assert meta["title"] == html.escape(held)


@pytest.fixture(scope="module", autouse=True)
def compiled_templates_once():
    """Each PageBuilder compiles the templates anew (half a second); share one Environment here."""
    original = pages_module._environment
    pages_module._environment = functools.lru_cache(maxsize=None)(original)
    yield
    pages_module._environment = original


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(title=field_text, summary=field_text, name=field_text, role=field_text, indicator=field_text,
       before=field_text, after=field_text, body=hostile_text, visibility=st.sampled_from(["internal", "public"]))
def test_any_text_in_any_field_is_data(title, summary, name, role, indicator, before, after, body, visibility):
    with tempfile.TemporaryDirectory() as tmp:
        project = new_project(Path(tmp) / "site")
        front = {**valid_front(), "title": title[:100], "summary": summary[:200], "visibility": visibility,
                 "contacts": [{"name": name, "role": role}],
                 "results": [{"indicator": indicator, "before": before, "after": after}]}
        project.case("shawan", "shawan-2024-001", front=front, body=BODY.replace("每周", body, 1) + body)
        check(project, title[:100])


@SETTINGS
@given(line=hostile_text, body=hostile_text)
def test_any_text_written_raw_into_the_file_is_reported_not_raised(line, body):
    """The same text pasted straight into the front matter (no serializer): broken YAML is a problem, not a crash."""
    with tempfile.TemporaryDirectory() as tmp:
        project = new_project(Path(tmp) / "site")
        text = re.sub(r"^title: .*$", lambda _: f"title: {line}", case_text(valid_front(), BODY + body), count=1,
                      flags=re.M)
        project.case("shawan", "shawan-2024-001", raw=text)
        project.write("cases/qingshi/qingshi-2024-001.md", body)
        check(project)


def test_attachment_named_like_a_javascript_url_is_never_a_link():
    """Attachments are published next to the page: a file "javascript:alert(1).png" must not become href="javascript:…"."""
    with tempfile.TemporaryDirectory() as tmp:
        project = new_project(Path(tmp) / "site")
        project.write("cases/shawan/shawan-2024-001/javascript:alert(1).png", b"\x89PNG")
        project.case("shawan", "shawan-2024-001", body=BODY + "\n![图](shawan-2024-001/javascript:alert(1).png)\n"
                                                        "[图](shawan-2024-001/javascript:alert(2).png)\n")
        check(project)
