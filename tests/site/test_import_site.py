"""A case imported from Word, once its clerk has filled in what the import could not know,
builds with the real MkDocs and reads on its page like the document: sections, the points,
the pictures with their captions, the table of figures, the footnote. Seen at desktop and
phone size, without sideways scrolling."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from case_factory import CRITERIA_YML, TAGS_YML, UNITS_YML, Project
from conftest import build, look, run
import docx_documents as make

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("imported")
    project = Project(root / "project")
    project.mkdocs()
    project.write("cases/units.yml", UNITS_YML)
    project.write("cases/criteria.yml", CRITERIA_YML)
    project.write("cases/tags.yml", TAGS_YML)
    document = make.government(root / "板凳会经验材料.docx", pictures=2)
    result = run("import", document, "--unit", "沙湾派出所", "--criterion", "矛盾纠纷化解", "--project", project.root)
    assert result.exit_code == 0, result.output
    case = project.root / "cases/shawan/shawan-2024-001.md"
    # what the clerk does next: a tag, and the editor's approval
    case.write_text(case.read_text(encoding="utf-8").replace("tags: []", "tags: [矛盾调解]")
                    .replace("status: draft", "status: approved"), encoding="utf-8")
    built = build(project.root, root / "site")
    assert built.exit_code == 0, built.output
    return root / "site", (root / "site/cases/shawan-2024-001/index.html").read_text(encoding="utf-8")


def _text(fragment: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", fragment)).strip()


def test_the_imported_case_has_its_sections_points_and_figures(imported):
    _site, page = imported
    article = page[page.index('id="background"') - 4:]
    assert [_text(h) for h in re.findall(r"<h2[^>]*>(.*?)</h2>", article)][:4] == ["背景", "做法", "成效", "可复制经验"]
    assert "（一）建立“板凳会”制度" in [_text(h) for h in re.findall(r"<h3[^>]*>(.*?)</h3>", article)]
    assert "<strong>（二）当场调解、当场回访。</strong>" in page and "<em>一周内</em>" in page
    captions = [_text(c) for c in re.findall(r"<figcaption>(.*?)</figcaption>", page)]
    assert captions == ["图1 社区民警在院坝召开“板凳会”", "图2 调解现场"]
    assert re.search(r'<img alt="图1 社区民警在院坝召开“板凳会”" src="[^"]*image-01\.png"', page)


def test_the_table_and_the_footnote_read_as_in_the_document(imported):
    site, page = imported
    rows = [[_text(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]
            for row in re.findall(r"<tr>(.*?)</tr>", page, flags=re.S)]
    assert rows[:5] == [["类别", "2023年", "2024年"], ["邻里纠纷", "每月 23 起", "每月 9 起"],
                        ["", "调解成功率 82%", "调解成功率 96%"], ["家庭矛盾", "每月 6 起", "每月 2 起"],
                        ["合计：两年共化解纠纷 312 起", "", ""]]
    footnotes = page[page.index('class="footnote"'):]
    assert "数据来源：沙湾派出所警情统计。" in _text(footnotes)
    assert (site / "cases/shawan-2024-001/image-02.png").read_bytes() == make.png(48, 32, (80, 120, 200))


def test_the_imported_case_in_the_browser(imported, page, serve_dir):
    site, _html = imported
    overflow = look(page, f"{serve_dir(site)}/cases/shawan-2024-001/", "imported-case")
    assert overflow == {"desktop": 0, "phone": 0}
    assert page.eval_on_selector_all("figure img", "imgs => imgs.map(i => i.naturalWidth)") == [48, 48]
