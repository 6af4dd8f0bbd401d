"""The error page of `casebook serve` (the live behaviour is in tests/site/test_preview.py)."""
from __future__ import annotations

from html.parser import HTMLParser

from generator.errors import Problem
from generator.preview_errors import ERROR_FILE, ErrorShow, error_page


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append(tag)

    def handle_data(self, data) -> None:
        self.text.append(data)


def _parsed(html: str) -> _Elements:
    parsed = _Elements()
    parsed.feed(html)
    return parsed


def test_contributor_text_on_the_error_page_is_text_never_markup():
    hostile = Problem('cases/shawan/<img src=x onerror=alert(1)>.md', 3, "related[0]", "unknown-case",
                      params={"found": "</code><script>alert(2)</script>"})
    page = _parsed(error_page([hostile], site_name="<b>案例库</b>"))
    assert "img" not in page.tags and page.tags.count("script") == 0 and "b" not in page.tags
    text = "".join(page.text)
    assert "cases/shawan/<img src=x onerror=alert(1)>.md:3" in text
    assert "“</code><script>alert(2)</script>”" in text and "<b>案例库</b>" in text


def test_the_page_lists_errors_then_warnings_and_masks_personal_data():
    problems = [
        Problem("cases/a/a-2024-001.md", 8, "summary", "unfilled-hint", "warning",
                params={"where_zh": "summary", "where_en": "summary"}),
        Problem("cases/a/a-2024-001.md", 4, "criteria", "too-few-items", params={"limit": 1, "length": 0}),
    ]
    text = "".join(_parsed(error_page(problems, "案例库")).text)
    assert "预览暂停：发现 1 个错误" in text and "另有 1 个警告" in text
    assert text.index("cases/a/a-2024-001.md:4") < text.index("cases/a/a-2024-001.md:8")
    failure = "".join(_parsed(error_page([], "案例库", detail="联系人身份证 11010519491231002X 写错")).text)
    assert "11010519491231002X" not in failure and "预览暂停：站点无法生成" in failure


def test_only_page_urls_get_the_error_page_and_only_while_it_is_shown(tmp_path):
    seen: list[str] = []

    def site(environ, start_response):
        seen.append(environ["PATH_INFO"])
        return [b""]

    show = ErrorShow(tmp_path, "/")
    app = show.wrap(site)
    app({"PATH_INFO": "/cases/x/"}, None)
    show.show("<p>错误</p>")
    assert (tmp_path / ERROR_FILE).read_text(encoding="utf-8") == "<p>错误</p>"
    for path in ("/", "/cases/x/", "/units/index.html", "/cases/x", "/assets/casebook.css", "/livereload/1/2"):
        app({"PATH_INFO": path}, None)
    show.clear()
    app({"PATH_INFO": "/cases/x/"}, None)
    assert seen == ["/cases/x/", f"/{ERROR_FILE}", f"/{ERROR_FILE}", f"/{ERROR_FILE}", f"/{ERROR_FILE}",
                    "/assets/casebook.css", "/livereload/1/2", "/cases/x/"]
    # A request that was sent to the page while the fixing rebuild ran reloads into the site.
    assert "location.reload()" in (tmp_path / ERROR_FILE).read_text(encoding="utf-8")


def test_a_mistake_that_breaks_every_case_lists_the_first_ones_and_says_how_many_more():
    problems = [Problem(f"cases/a/a-2024-{n:04d}.md", 3, "unit", "unknown-case", params={"found": "x"})
                for n in range(1, 1001)]
    page = error_page(problems, "案例库")
    text = "".join(_parsed(page).text)
    assert "预览暂停：发现 1000 个错误" in text and "另有 800 个错误没有列在这里" in text
    assert page.count('class="cb-problem ') == 200 and "a-2024-0200.md" in text and "a-2024-0201.md" not in text
