"""Hand-written pages (docs/): the edition a page declares, and its internal blocks."""
from __future__ import annotations

import pytest

from case_factory import where
from generator.model import build_site
from generator.written import public_text


def test_a_page_declares_its_edition(project):
    project.write("docs/guide.md", "---\ntitle: 投稿指南\nedition: internal\n---\n\n# 投稿指南\n")
    project.write("docs/about.md", "---\nedition: public\n---\n\n# 关于\n")
    project.write("docs/sub/plain.md", "# 没有前置信息\n")
    report, validated = project.check()
    assert report.errors == []
    assert {uri: page.edition for uri, page in validated.pages.items()} == {
        "guide.md": "internal", "about.md": "public", "sub/plain.md": None}
    assert validated.pages["guide.md"].file == "docs/guide.md"


@pytest.mark.parametrize("line, found_zh, found_en", [
    ("edition: 内部", "“内部”", '"内部"'),
    ("edition: Internal", "“Internal”", '"Internal"'),
    ("edition: [internal]", "列表", "a list"),
    ("edition:", "空", "nothing"),
])
def test_a_bad_edition_names_file_line_and_field(project, line, found_zh, found_en):
    project.write("docs/guide.md", f"---\ntitle: 投稿指南\n{line}\n---\n\n# 投稿指南\n")
    (problem,) = project.errors()
    assert where(problem) == ("docs/guide.md", 3, "edition", "invalid-page-edition", "error")
    assert problem.as_text("zh") == (
        "docs/guide.md:3: error[invalid-page-edition] edition: 页面的版本无效：应为 internal（只在内网版）或 public"
        f"（内网版和公开版都有），实际为{found_zh}；不写 edition 时两个版本都有这一页")
    assert problem.as_text("en") == (
        "docs/guide.md:3: error[invalid-page-edition] edition: invalid page edition: expected internal (the internal "
        f"edition only) or public (both editions), found {found_en}; without edition the page is in both editions")


def test_broken_front_matter_of_a_page_is_an_error_not_a_published_page(project):
    """MkDocs would drop the whole front matter, edition: internal with it, and publish the page."""
    project.write("docs/guide.md", "---\nedition: internal\ntitle: \"投稿\"指南\n---\n\n# 投稿指南\n")
    (problem,) = project.errors()
    assert (problem.file, problem.line) == ("docs/guide.md", 3)


def test_an_unclosed_internal_block_is_an_error(project):
    project.write("docs/index.md", "# 首页\n\n<!-- internal -->\n联系人：王某某\n\n<!-- internal -->\n更多\n")
    (problem,) = project.errors()
    assert where(problem) == ("docs/index.md", 3, None, "internal-block-unclosed", "error")
    assert problem.message("zh") == (
        "内网内容块没有结束：这一行的 <!-- internal --> 之后、下一个 <!-- internal --> 或文件末尾之前应有一行 "
        "<!-- /internal -->，实际没有（内容块不能嵌套）；请在只给内网看的内容之后加一行 <!-- /internal -->")


def test_a_stray_end_of_block_is_an_error(project):
    project.write("docs/index.md", "# 首页\n\n文字\n<!-- /internal -->\n")
    (problem,) = project.errors()
    assert where(problem) == ("docs/index.md", 4, None, "internal-block-stray-end", "error")


def test_public_text_leaves_out_internal_blocks_and_their_markers():
    text = "# 首页\n\n公开的话。\n\n<!-- internal -->\n联系人：王某某\n\n[投稿指南](guide.md)\n<!--  /internal  -->\n\n结尾。\n"
    assert public_text(text) == "# 首页\n\n公开的话。\n\n\n\n结尾。\n"


def test_a_marker_in_a_code_block_is_text():
    text = "说明：\n\n```markdown\n<!-- internal -->\n内网的话\n<!-- /internal -->\n```\n\n~~~\n<!-- internal -->\n~~~\n"
    assert public_text(text) == text


def test_an_unclosed_block_hides_everything_after_it():
    """Fail closed: whatever an unfinished block holds never reaches the public edition."""
    assert public_text("公开\n<!-- internal -->\n内网\n<!-- internal -->\n还是内网\n") == "公开\n"


def test_unit_contacts_stay_internal(project):
    project.write("cases/units.yml", "- id: shawan\n  name: 沙湾派出所\n  contact: {name: 王某某, role: 所长}\n")
    project.case("shawan", "shawan-2024-001")
    _report, validated = project.check()
    assert build_site(validated, "internal").units["shawan"].contact.name == "王某某"
    assert build_site(validated, "public").units["shawan"].contact is None


def test_public_units_move_up_to_their_nearest_unit_with_a_case(project):
    project.write("cases/units.yml", "- id: bureau\n  name: 县局\n- id: brigade\n  name: 大队\n  parent: bureau\n"
                                     "- id: station\n  name: 派出所\n  parent: brigade\n"
                                     "- id: post\n  name: 警务室\n  parent: station\n")
    project.case("bureau", "bureau-2024-001")
    project.case("station", "station-2024-001", front={"visibility": "internal"})
    project.case("post", "post-2024-001")
    _report, validated = project.check()
    public = build_site(validated, "public")
    assert {u.id: u.parent for u in public.units.values()} == {"bureau": None, "post": "bureau"}
    internal = build_site(validated, "internal")
    assert [u.id for u in internal.units.values()] == ["bureau", "brigade", "station", "post"]
    assert internal.units["post"].parent == "station"
