"""The public edition leaks nothing; neither edition shows a draft or submitted case.

Nor does the public edition have a page for, or a link to, a unit, a checklist item or a
tag without a public case (sanjiang, hedong, patrol, community-policing here), the
hand-written pages marked ``edition: internal`` (docs/guide.md) or the internal blocks
of the others (docs/index.md), or say what a unit has not covered.

One fixture project where every case that must stay out of an edition carries
markers — ``LEAKMARK-<case id>-<field>`` — in every free-text field, its body, its
attachment's name and bytes, plus its id and its date. Both editions are built
with `casebook build` and every output file is scanned (the Pagefind search index under
``pagefind/`` included): as bytes, gzip-decompressed,
JSON-decoded, entity-decoded and percent-decoded, and by its path.
"""
from __future__ import annotations

import gzip
import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from click.testing import CliRunner

from case_factory import BODY, CRITERIA_YML, TAGS_YML, Project
from generator.cli import main
from generator.search.text import META_GAP
from generator.written import BLOCK_END, BLOCK_START

pytestmark = pytest.mark.build

UNITS = """\
- id: sanjiang
  name: 三江县公安局
- id: shawan
  name: 沙湾派出所
  parent: sanjiang
  contact: {name: LEAKMARK-unit-contact-name, role: LEAKMARK-unit-contact-role}
- id: qingshi
  name: 青石派出所
  parent: sanjiang
- id: hedong
  name: 河东派出所
  parent: sanjiang
"""

PUBLIC_A, PUBLIC_B = "shawan-2024-101", "qingshi-2024-102"
INTERNAL = ["shawan-2011-701", "qingshi-2011-702", "hedong-2011-703"]   # approved, internal
UNPUBLISHED = {                                                          # in neither edition
    "shawan-2010-801": ("draft", "public"),
    "qingshi-2010-802": ("submitted", "public"),
    "hedong-2010-803": ("draft", "internal"),
    "shawan-2010-804": ("submitted", "internal"),
}
INTERNAL_COLLECTION = "leakmark-inner-collection"
PUBLIC_CONTACT = [f"LEAKMARK-{PUBLIC_A}-contact-name", f"LEAKMARK-{PUBLIC_A}-contact-role"]
FIELDS = ("title", "summary", "contact-name", "contact-role", "indicator", "before", "after",
          "background", "practice", "results", "replicable", "file", "bytes", "pii-allow")


def marker(case_id: str, field: str) -> str:
    return f"LEAKMARK-{case_id}-{field}"


def marked_body(case_id: str, attachment: str | None) -> str:
    image = f"\n\n![现场图]({case_id}/{attachment})" if attachment else ""
    return "".join(f"\n## {title}\n\n{title}内容 {marker(case_id, field)}。\n" for title, field in
                   [("背景", "background"), ("做法", "practice"), ("成效", "results"), ("可复制经验", "replicable")]
                   ) + image + "\n"


def write_marked_case(project: Project, case_id: str, date: str, status: str, visibility: str, **front) -> None:
    unit = case_id.split("-")[0]
    attachment = f"{marker(case_id, 'file')}.png"
    project.write(f"cases/{unit}/{case_id}/{attachment}", b"\x89PNG\r\n\x1a\n" + marker(case_id, "bytes").encode())
    project.case(unit, case_id, front={
        # a newline then "visibility: public" in the title must not make the case public
        "title": f"{marker(case_id, 'title')}\nvisibility: public",
        "date": date, "status": status, "visibility": visibility,
        "summary": f"摘要 {marker(case_id, 'summary')}",
        "contacts": [{"name": marker(case_id, "contact-name"), "role": marker(case_id, "contact-role")}],
        "results": [{"indicator": marker(case_id, "indicator"), "before": marker(case_id, "before"),
                     "after": marker(case_id, "after")}],
        "pii_allow": [marker(case_id, "pii-allow")],
        "tags": ["patrol"], "criteria": ["community-policing"],
        **front,
    }, body=marked_body(case_id, attachment))


@dataclass
class Editions:
    project: Path
    public: Path
    internal: Path


def build(project: Path, site: Path, edition: str) -> None:
    result = CliRunner().invoke(main, ["build", str(project), "--site-dir", str(site), "--edition", edition],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def editions(tmp_path_factory) -> Editions:
    root = tmp_path_factory.mktemp("leak")
    project = Project(root / "project")
    project.write("mkdocs.yml", "site_name: 泄露测试\nsite_url: https://example.org/casebook/\n"
                                "theme:\n  name: material\n  language: zh\n  font: false\n"
                                "plugins:\n  - casebook\n"
                                "nav:\n  - 首页: index.md\n  - LEAKMARK-guide-nav: guide.md\n")
    # A link to the internal-only guide outside an internal block keeps its text only.
    project.write("docs/index.md", "# 首页\n\n写法见[投稿指南](guide.md)。\n\n"
                                   f"{BLOCK_START}\n联系人：LEAKMARK-home-contact\n{BLOCK_END}\n")
    project.write("docs/guide.md", "---\nedition: internal\n---\n\n# LEAKMARK-guide-title\n\nLEAKMARK-guide-text\n")
    project.write("cases/units.yml", UNITS)
    project.write("cases/criteria.yml", CRITERIA_YML)
    project.write("cases/tags.yml", TAGS_YML)
    # Public cases: contacts are marked (they must not reach the public edition); their links
    # to internal cases must be dropped there.
    project.write(f"cases/shawan/{PUBLIC_A}/tu.png", b"\x89PNG\r\n\x1a\npublic image")
    project.write(f"cases/shawan/{PUBLIC_A}/LEAKMARK-unreferenced.txt", b"LEAKMARK-unreferenced-bytes")
    project.case("shawan", PUBLIC_A, front={
        "title": "公开案例甲", "date": "2024-05-01",
        "contacts": [{"name": PUBLIC_CONTACT[0], "role": PUBLIC_CONTACT[1]}],
        "related": [INTERNAL[0], PUBLIC_B, "shawan-2010-801"],
    }, body=BODY + f"\n![现场图]({PUBLIC_A}/tu.png)\n")
    project.case("qingshi", PUBLIC_B, front={"title": "公开案例乙", "date": "2024-06-01",
                                             "replicated_from": INTERNAL[1]})
    write_marked_case(project, INTERNAL[0], "2011-03-07", "approved", "internal", related=["shawan-2010-801"])
    write_marked_case(project, INTERNAL[1], "2011-04-08", "approved", "internal", replicated_from=PUBLIC_A)
    write_marked_case(project, INTERNAL[2], "2011-05-09", "approved", "internal")
    for i, (case_id, (status, visibility)) in enumerate(UNPUBLISHED.items()):
        write_marked_case(project, case_id, f"2010-0{i + 1}-1{i}", status, visibility)
    project.write(f"cases/collections/{INTERNAL_COLLECTION}/cover.png", b"\x89PNG\r\n\x1a\nLEAKMARK-cover-bytes")
    project.write(f"cases/collections/{INTERNAL_COLLECTION}.yml", (
        "title: LEAKMARK-collection-title\ndate: 2024-07-01\nvisibility: internal\n"
        f"cover: {INTERNAL_COLLECTION}/cover.png\nintro: LEAKMARK-collection-intro\n"
        f"items:\n  - case: {PUBLIC_A}\n    note: LEAKMARK-collection-note\n  - case: {INTERNAL[0]}\n"))
    project.write("cases/collections/open-2024.yml", (
        "title: 公开选编\ndate: 2024-08-01\nvisibility: public\nintro: 公开的选编。\n"
        f"items:\n  - case: {PUBLIC_A}\n  - case: {PUBLIC_B}\n"))
    # The progress board: internal only, every free text marked.
    project.write("cases/campaign.yml", (
        "name: LEAKMARK-board-campaign\nstart: 2024-01-02\nacceptance: 2024-12-31\ntable:\n"
        "  - criterion: community-policing\n    items:\n      - id: cp-1\n        name: LEAKMARK-board-item\n"
        "        points: 5\n        evidence: LEAKMARK-board-evidence-rule\n        days: 10\n"))
    project.write("cases/shawan/progress/LEAKMARK-board-file.pdf", b"%PDF-1.4 LEAKMARK-board-bytes\n%%EOF\n")
    project.write("cases/shawan/progress.yml", (
        "people:\n  - name: LEAKMARK-board-person\n    role: LEAKMARK-board-role\nitems:\n"
        "  - item: cp-1\n    person: LEAKMARK-board-person\n    status: done\n"
        f"    evidence: [{PUBLIC_A}, LEAKMARK-board-file.pdf]\n    difficulties: LEAKMARK-board-difficulty\n"
        "    updated: 2024-06-01\n"))
    editions = Editions(project.root, root / "public", root / "internal")
    build(project.root, editions.public, "public")
    build(project.root, editions.internal, "internal")
    return editions


# --- scanning ------------------------------------------------------------------------------

def readings(path: Path) -> list[str]:
    """Every way a reader (or a crawler) could read this file's bytes as text."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":  # feed.xml.gz, and every file of Pagefind's index (pagefind/)
        data = gzip.decompress(data)
    text = data.decode("utf-8", errors="replace")
    out = [text, data.decode("latin-1")]
    try:
        out.append(json.dumps(json.loads(text), ensure_ascii=False))
    except ValueError:
        pass
    out.append(re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text))
    out += [html.unescape(t) for t in list(out)]
    out += [unquote(t) for t in list(out)]
    # Zero-width spaces, and the thin spaces the search index puts around punctuation in its
    # meta values (text.stored_meta), would hide a marker from a plain find.
    return [t.replace("\u200b", "").replace(META_GAP, "") for t in out]


def leaks(site: Path, forbidden: list[str]) -> list[str]:
    found = []
    files = sorted(p for p in site.rglob("*") if p.is_file())
    assert len(files) > 20
    for path in files:
        rel = path.relative_to(site).as_posix()
        texts = [rel, *readings(path)]
        for secret in forbidden:
            for text in texts:
                at = text.find(secret)
                if at != -1:
                    found.append(f"{rel}: {secret!r} in …{text[max(0, at - 60):at + 60]!r}…")
                    break
    return found


def secrets_of(case_ids, date_of: dict[str, str]) -> list[str]:
    """What identifies a case: its id (every marker contains it) and its date in both spellings."""
    out = []
    for case_id in case_ids:
        out.append(case_id)
        y, m, d = date_of[case_id].split("-")
        out += [date_of[case_id], f"{int(y)}年{int(m)}月{int(d)}日"]
    return out


DATES = {INTERNAL[0]: "2011-03-07", INTERNAL[1]: "2011-04-08", INTERNAL[2]: "2011-05-09",
         **{case_id: f"2010-0{i + 1}-1{i}" for i, case_id in enumerate(UNPUBLISHED)}}


def test_public_edition_holds_no_byte_of_an_internal_draft_or_submitted_case(editions):
    forbidden = secrets_of(INTERNAL + list(UNPUBLISHED), DATES) + ["LEAKMARK-collection", INTERNAL_COLLECTION,
                                                                  "LEAKMARK-cover", "LEAKMARK-unreferenced"]
    assert leaks(editions.public, forbidden) == []


BOARD = ["LEAKMARK-board", "创建进度", "progress/\"", "考核项目", "责任人"]


def test_public_edition_holds_no_trace_of_the_progress_board(editions):
    assert not (editions.public / "progress").exists()
    assert leaks(editions.public, BOARD) == []


def test_the_scan_sees_the_board_in_the_internal_edition(editions):
    parts = ("campaign", "item", "person", "role", "difficulty", "file", "bytes")
    found = "\n".join(leaks(editions.internal, [f"LEAKMARK-board-{part}" for part in parts]))
    for part in parts:
        assert f"LEAKMARK-board-{part}" in found, part


def test_public_edition_holds_no_contact(editions):
    assert leaks(editions.public, PUBLIC_CONTACT + ["LEAKMARK-unit-contact"]) == []


def test_internal_edition_holds_no_draft_or_submitted_case(editions):
    assert leaks(editions.internal, secrets_of(list(UNPUBLISHED), DATES) + ["LEAKMARK-unreferenced"]) == []


def test_the_scan_finds_what_is_published(editions):
    """The same scan on the internal edition finds every marker of an internal case: it would see a leak."""
    found = "\n".join(leaks(editions.internal, [marker(INTERNAL[0], f) for f in FIELDS if f != "pii-allow"]
                            + PUBLIC_CONTACT + ["LEAKMARK-unit-contact", "LEAKMARK-collection-title",
                                                "LEAKMARK-cover-bytes"]))
    for field in FIELDS:
        if field != "pii-allow":
            assert marker(INTERNAL[0], field) in found, field
    assert all(c in found for c in PUBLIC_CONTACT)
    # A unit's contact is shown on the intranet: on its unit page and its card in the unit index.
    assert re.search(r"^units/shawan/index\.html: 'LEAKMARK-unit-contact'", found, re.M), found
    assert re.search(r"^units/index\.html: 'LEAKMARK-unit-contact'", found, re.M), found
    # The search index (gzip-compressed by Pagefind) is read too: its fragments hold the case's text.
    assert re.search(rf"^pagefind/0/fragment/en_\w+\.pf_fragment: '{marker(INTERNAL[0], 'practice')}'", found, re.M)
    assert marker(INTERNAL[0], "pii-allow") not in found  # pii_allow is never shown in either edition
    assert leaks(editions.internal, [marker(INTERNAL[0], "pii-allow")]) == []


def test_public_edition_has_the_public_cases_and_their_attachment(editions):
    for case_id in (PUBLIC_A, PUBLIC_B):
        assert (editions.public / "cases" / case_id / "index.html").is_file()
    assert (editions.public / "cases" / PUBLIC_A / "tu.png").read_bytes() == b"\x89PNG\r\n\x1a\npublic image"
    assert (editions.public / "collections" / "open-2024" / "index.html").is_file()


def page_text(site: Path, url: str) -> str:
    source = (site / url / "index.html").read_text(encoding="utf-8")
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", source)))


def test_public_counts_count_public_cases_only(editions):
    home = page_text(editions.public, "")
    assert re.search(r"2 个单位有案例 2 个案例 1/2 项创建清单已有案例", home), home
    assert "已发布案例 1 个" in page_text(editions.public, "units/shawan")
    assert "已发布案例 1 个" in page_text(editions.public, "units/qingshi")
    units = page_text(editions.public, "units")
    assert re.search(r"沙湾派出所 已发布案例 1 个 .*青石派出所 已发布案例 1 个", units), units
    assert "河东派出所" not in units  # no public case: no card, no page
    assert "（2 个案例）" in page_text(editions.public, "criteria")  # dispute-resolution
    assert "共 2 个案例" in page_text(editions.public, "cases")


# What has no public case, and the hand-written page for the intranet only: (site path, name).
LEFT_OUT = [("units/sanjiang", "三江县公安局"), ("units/hedong", "河东派出所"), ("tags/patrol", "巡逻防控"),
            ("criteria/community-policing", "社区警务"), ("guide", "LEAKMARK-guide")]
# What only the internal edition says: which items a unit has not covered, the home's internal block.
INTERNAL_ONLY_TEXT = ["尚无案例的创建清单项", "各单位覆盖情况", "LEAKMARK-home-contact"]


def test_public_edition_has_no_page_for_what_has_nothing_public(editions):
    for path, _name in LEFT_OUT:
        assert not (editions.public / path).exists(), path
        assert (editions.internal / path / "index.html").is_file(), path  # the internal edition keeps it


def test_public_edition_names_and_links_nothing_it_leaves_out(editions):
    """No link, nav entry, filter option, search record or sitemap entry: neither the path nor the name."""
    # "guide/" alone is in the theme's JavaScript (a link to a library's guide): the guide is
    # named by its markers (title, nav title, text) and its address in the sitemap.
    forbidden = [f"{path}/" for path, _ in LEFT_OUT if path != "guide"] + [name for _, name in LEFT_OUT]
    forbidden += INTERNAL_ONLY_TEXT + ["sanjiang", "example.org/casebook/guide/"]
    assert leaks(editions.public, forbidden) == []
    found = "\n".join(leaks(editions.internal, forbidden))  # the scan would see them
    assert all(f"{secret!r}" in found for secret in forbidden), found
    for page in editions.public.rglob("*.html"):
        hrefs = re.findall(r'(?:href|src)="([^"]*)"', page.read_text(encoding="utf-8"))
        assert [h for h in hrefs if re.search(r"(^|/)(guide|units/hedong|units/sanjiang)(/|\.md|$)", h)] == [], page


def test_public_edition_has_no_dead_link(editions):
    """A link to a page left out is dropped, not left dead: the home keeps the link's text only."""
    dead = [f"{page.relative_to(editions.public)}: {ref}" for page in editions.public.rglob("*.html")
            for ref in dead_links(editions.public, page)]
    assert dead == []
    assert "<p>写法见<span>投稿指南</span>。</p>" in (editions.public / "index.html").read_text(encoding="utf-8")
    assert '<a href="guide/">投稿指南</a>' in (editions.internal / "index.html").read_text(encoding="utf-8")


def dead_links(site: Path, page: Path) -> list[str]:
    """The relative href/src of an HTML page whose target is not in the site."""
    url = page.relative_to(site).parent.as_posix()
    base = "http://site/" + ("" if url == "." else url + "/")
    dead = []
    for ref in re.findall(r'(?:href|src)="([^"]*)"', page.read_text(encoding="utf-8")):
        ref = html.unescape(ref)
        if not ref or ref.startswith(("#", "/", "http:", "https:", "mailto:", "data:", "javascript:")):
            continue
        path = unquote(urlsplit(urljoin(base, ref)).path.lstrip("/"))
        target = site / path
        if path == "" or path.endswith("/") or target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            dead.append(ref)
    return dead


def test_internal_counts_include_internal_cases(editions):
    home = page_text(editions.internal, "")
    assert re.search(r"3 个单位有案例 5 个案例 2/2 项创建清单已有案例", home), home
    assert "已发布案例 1 个" in page_text(editions.internal, "units/hedong")


def test_public_case_links_to_internal_cases_are_dropped(editions):
    a = (editions.public / "cases" / PUBLIC_A / "index.html").read_text(encoding="utf-8")
    related = re.search(r'<ul class="cb-related">(.*?)</ul>', a, re.S).group(1)
    assert re.findall(r'href="([^"]+)"', related) == [f"../{PUBLIC_B}/"]  # the public one stays
    assert "复制推广到" not in a  # qingshi-2011-702 (internal) replicates it
    b = (editions.public / "cases" / PUBLIC_B / "index.html").read_text(encoding="utf-8")
    assert "复制推广自" not in b  # its origin is internal
    for page in (a, b):
        for href in re.findall(r'href="(\.\./[^"#]+)"', page):
            target = (editions.public / "cases" / PUBLIC_A / href).resolve()
            assert (target / "index.html").is_file() or target.is_file(), href  # no dead link


def test_internal_case_link_to_a_draft_is_dropped(editions):
    page = (editions.internal / "cases" / INTERNAL[0] / "index.html").read_text(encoding="utf-8")
    assert 'id="related"' not in page


def test_title_with_newline_visibility_public_stays_internal(editions):
    assert not (editions.public / "cases" / INTERNAL[0]).exists()
    page = (editions.internal / "cases" / INTERNAL[0] / "index.html").read_text(encoding="utf-8")
    assert f"<h1>{marker(INTERNAL[0], 'title')}\nvisibility: public</h1>" in page


def test_only_referenced_attachments_are_copied(editions):
    for site in (editions.public, editions.internal):
        copied = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.png") if "assets" not in p.parts)
        expected = [f"cases/{PUBLIC_A}/tu.png"]
        if site == editions.internal:
            expected += [f"cases/{c}/{marker(c, 'file')}.png" for c in INTERNAL]
            expected += [f"collections/{INTERNAL_COLLECTION}/cover.png"]
        assert copied == sorted(expected)
