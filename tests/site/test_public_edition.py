"""The shipped sample in the public edition: nothing that has no public case, nothing for the
intranet only (the contributor guide, the home's internal blocks, contacts, what a unit has
not covered); the internal edition keeps all of it."""
from __future__ import annotations

import gzip
import re
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml

from conftest import build, copy_sample, look, run

pytestmark = pytest.mark.build

# What no approved public case of the sample belongs to (it has internal cases, or none).
LEFT_OUT = ["units/matou", "criteria/public-service", "criteria/team-building", "tags/elderly", "tags/grid",
            "tags/household", "tags/training", "tags/water-safety", "guide"]
SITE_URL = "https://example.org/anli/"


@pytest.fixture(scope="module")
def editions(tmp_path_factory) -> dict[str, Path]:
    """The sample (with a site_url, so the sitemap lists pages) built in both editions, the
    internal one first: MkDocs reuses the plugin within a process, and nothing the internal
    build read may reach the public one."""
    root = tmp_path_factory.mktemp("editions")
    project = copy_sample(root / "project")
    config = project / "mkdocs.yml"
    config.write_text(f"site_url: {SITE_URL}\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
    sites = {}
    for edition in ("internal", "public"):
        result = build(project, root / edition, "--edition", edition)
        assert result.exit_code == 0, result.output
        sites[edition] = root / edition
    return sites


def read(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def content(html: str) -> str:
    """The page's own content, without the theme's header, navigation and footer."""
    start = html.index('<article class="md-content__inner')
    return html[start:html.rindex("</article>", start, html.index("</main>"))]


def text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def links(site: Path) -> dict[str, list[str]]:
    """Every page's relative href/src, resolved to site paths ("units/shawan/")."""
    out = {}
    for page in site.rglob("*.html"):
        url = page.relative_to(site).parent.as_posix()
        base = "http://site/" + ("" if url == "." else url + "/")
        refs = []
        for ref in re.findall(r'(?:href|src)="([^"]*)"', page.read_text(encoding="utf-8")):
            ref = unescape(ref)
            if ref and not ref.startswith(("#", "/", "http:", "https:", "mailto:", "data:", "javascript:")):
                refs.append(unquote(urlsplit(urljoin(base, ref)).path.lstrip("/")))
        out[page.relative_to(site).as_posix()] = refs
    return out


def every_text(site: Path) -> str:
    """Every file of the site as text, the gzip-compressed search index and feed included."""
    parts = []
    for path in sorted(p for p in site.rglob("*") if p.is_file() and "assets" not in p.parts):
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        parts.append(f"\n{path.relative_to(site).as_posix()}\n{data.decode('utf-8', errors='replace')}")
    return "".join(parts)


# --- what has nothing public ----------------------------------------------------------------

def test_what_has_no_public_case_has_no_page_in_the_public_edition(editions):
    for path in LEFT_OUT:
        assert not (editions["public"] / path).exists(), path
        assert (editions["internal"] / path / "index.html").is_file(), path  # the internal edition keeps it


def test_no_public_page_links_to_a_page_left_out(editions):
    for edition in ("public", "internal"):
        targets = {ref for refs in links(editions[edition]).values() for ref in refs}
        left_out_linked = sorted(path for path in LEFT_OUT if f"{path}/" in targets)
        assert left_out_linked == ([] if edition == "public" else sorted(LEFT_OUT)), edition
    dead = {page: [r for r in refs if not (editions["public"] / r).is_file()
                   and not (editions["public"] / r / "index.html").is_file()]
            for page, refs in links(editions["public"]).items()}
    assert {page: refs for page, refs in dead.items() if refs} == {}


def test_search_index_sitemap_and_feed_name_no_page_left_out(editions):
    public, internal = every_text(editions["public"]), every_text(editions["internal"])
    for path in LEFT_OUT:
        assert f"{path}/" not in public, path
        assert f"{path}/" in internal, path
    sitemap = (editions["public"] / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{SITE_URL}units/shawan/</loc>" in sitemap
    assert f"<loc>{SITE_URL}guide/</loc>" not in sitemap
    assert f"<loc>{SITE_URL}guide/</loc>" in (editions["internal"] / "sitemap.xml").read_text(encoding="utf-8")


def test_public_lists_and_filters_offer_only_what_has_public_cases(editions):
    tags = content(read(editions["public"], "tags"))
    assert "#网格化管理" not in tags and re.search(r"#矛盾调解</a> <small>\d+</small>", tags)
    assert "#网格化管理" in content(read(editions["internal"], "tags"))
    filters = content(read(editions["public"], "cases"))
    for option in ('value="matou"', 'value="grid"', 'value="team-building"'):
        assert option not in filters, option
        assert option in content(read(editions["internal"], "cases")), option
    assert "已发布案例 0 个" not in every_text(editions["public"])


# --- what a unit has not covered --------------------------------------------------------------

def test_a_public_unit_page_shows_only_the_checklist_items_it_has_cases_for(editions):
    public = text(content(read(editions["public"], "units/shawan")))
    assert "各创建清单项的案例" in public
    assert "尚无案例的创建清单项" not in every_text(editions["public"])
    internal = text(content(read(editions["internal"], "units/shawan")))
    assert re.search(r"尚无案例的创建清单项（\d/8）", internal), internal


def test_the_public_checklist_page_has_no_coverage_table(editions):
    public = content(read(editions["public"], "criteria"))
    assert "各单位覆盖情况" not in public and "cb-coverage" not in public and "<table" not in public
    assert "各单位覆盖情况" in content(read(editions["internal"], "criteria"))
    # the items that have public cases, with their counts, stay
    assert re.search(r"矛盾纠纷化解</a>：[^<]*（\d+ 个案例）", public)


# --- the contributor guide, the home text, contacts -----------------------------------------

def test_the_guide_is_internal_only(editions):
    public_home, internal_home = read(editions["public"], ""), read(editions["internal"], "")
    assert "投稿指南" not in every_text(editions["public"])
    assert 'href="guide/"' in internal_home and "投稿指南" in internal_home  # nav tab and the home's link
    assert "<h1" in read(editions["internal"], "guide")
    assert "投稿指南" not in public_home


def test_the_home_text_is_true_in_each_edition(editions):
    public = text(content(read(editions["public"], "")))
    internal = text(content(read(editions["internal"], "")))
    for said in ("联系人", "负责人", "覆盖情况", "投稿指南"):
        assert said not in public, said
        assert said in internal, said
    assert "浏览方式：" in public and "按创建清单查看案例" in public


def test_no_contact_name_reaches_the_public_edition(editions):
    names = set()
    for case in Path(copy_sample.__globals__["REPO"] / "cases").glob("*/*.md"):
        front = yaml.safe_load(case.read_text(encoding="utf-8").split("---\n")[1])
        names |= {c["name"] for c in front.get("contacts") or []}
    units = yaml.safe_load((copy_sample.__globals__["REPO"] / "cases" / "units.yml").read_text(encoding="utf-8"))
    names |= {u["contact"]["name"] for u in units if u.get("contact")}
    assert len(names) > 10
    public, internal = every_text(editions["public"]), every_text(editions["internal"])
    assert sorted(n for n in names if n in public) == []
    assert len([n for n in names if n in internal]) > 10


# --- declaring a page's edition -----------------------------------------------------------------

def test_a_bad_page_edition_stops_validate_and_build_naming_file_line_and_field(tmp_path):
    project = copy_sample(tmp_path / "p")
    guide = project / "docs" / "guide.md"
    guide.write_text(guide.read_text(encoding="utf-8").replace("edition: internal", "edition: 内部", 1),
                     encoding="utf-8")
    expected = ("docs/guide.md:2: error[invalid-page-edition] edition: 页面的版本无效：应为 internal（只在内网版）或 "
                "public（内网版和公开版都有），实际为“内部”；不写 edition 时两个版本都有这一页")
    result = run("validate", project)
    assert result.exit_code == 1 and expected in result.output.splitlines(), result.output
    result = build(project, tmp_path / "site", "--edition", "public")
    assert result.exit_code == 1 and expected in result.output.splitlines(), result.output
    assert not (tmp_path / "site").exists()
    result = run("validate", project, "--lang", "en")
    assert ("docs/guide.md:2: error[invalid-page-edition] edition: invalid page edition: expected internal (the "
            "internal edition only) or public (both editions), found \"内部\"; without edition the page is in both "
            "editions") in result.output.splitlines()


def test_a_link_to_an_internal_page_keeps_its_text_even_in_a_strict_build(tmp_path):
    """MkDocs' strict mode fails on a link to a missing page: such a link must not reach MkDocs."""
    project = copy_sample(tmp_path / "p")
    config = project / "mkdocs.yml"
    config.write_text("strict: true\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
    home = project / "docs" / "index.md"
    home.write_text(home.read_text(encoding="utf-8") + "\n另见[投稿**指南**](guide.md#一什么是案例)。\n",
                    encoding="utf-8")
    result = build(project, tmp_path / "site", "--edition", "public")
    assert result.exit_code == 0, result.output
    assert "docs/index.md：链接“guide.md#一什么是案例”指向只在内网版的页面，公开版中只保留链接文字" in result.output
    assert "<p>另见<span>投稿<strong>指南</strong></span>。</p>" in read(tmp_path / "site", "")


def test_an_edition_outside_the_front_matter_stops_a_public_build(tmp_path):
    """MkDocs reads "key: value" lines at the top of a page as metadata too; Casebook does not
    read them, so it stops rather than publish a page its author marked internal."""
    project = copy_sample(tmp_path / "p")
    (project / "docs" / "notes.md").write_text("edition: internal\n\n# 内部说明\n", encoding="utf-8")
    result = build(project, tmp_path / "site", "--edition", "public")
    assert result.exit_code == 1
    assert ("docs/notes.md:1: error[page-edition-unread] edition: edition: internal 写在了前置信息之外：前置信息应以"
            "单独一行 --- 开始、以一行 --- 结束，案例库只读这里的 edition；为免把内网页面发布出去，本次构建已停止；"
            "请把它写进前置信息") in result.output
    assert not (tmp_path / "site").exists()
    assert build(project, tmp_path / "internal").exit_code == 0  # the internal edition has every page anyway


# --- how the pages look -----------------------------------------------------------------------------

def test_public_pages_look_right(editions, serve_dir, page):
    base = serve_dir(editions["public"])
    for url, name in (("", "public-home"), ("criteria/", "public-criteria"), ("units/shawan/", "public-unit")):
        overflow = look(page, f"{base}/{url}", name)
        assert overflow == {"desktop": 0, "phone": 0}, (url, overflow)
    internal = serve_dir(editions["internal"])
    for url, name in (("", "internal-home"), ("guide/", "internal-guide")):
        look(page, f"{internal}/{url}", name)
