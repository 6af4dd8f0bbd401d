"""A case body (contributor Markdown) -> sanitised HTML.

Contributor text is data: it is rendered with a fixed set of Markdown
extensions that read no files (no snippets/includes), never passed through a
template engine, and the resulting HTML is cleaned with an allowlist (nh3).
Relative links into the case's attachment folder are rewritten to where the
attachments are published, next to the case page.
"""
from __future__ import annotations

import html as html_lib
import re
import threading
from dataclasses import dataclass, field
from urllib.parse import quote, unquote, urlsplit

import markdown
import nh3
from pymdownx.slugs import slugify

SECTION_IDS = {"背景": "background", "做法": "practice", "成效": "results", "可复制经验": "replicable"}
_unicode_slug = slugify(case="lower")

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div", "dl", "dt", "em",
    "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark",
    "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "u", "ul",
}
ALLOWED_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def _slug(value: str, separator: str) -> str:
    return SECTION_IDS.get(value.strip()) or _unicode_slug(value, separator)


@dataclass
class RenderedBody:
    html: str
    attachments: list[str] = field(default_factory=list)  # paths inside the case's attachment folder


SAME_AS_IMAGES = "same-as-images"
_local = threading.local()  # one Markdown instance per thread (`mkdocs serve` builds in a thread)


def _markdown() -> markdown.Markdown:
    """A reset Markdown instance: setting one up costs as much as converting a short body."""
    md = getattr(_local, "md", None)
    if md is None:
        md = _local.md = markdown.Markdown(
            extensions=["tables", "admonition", "def_list", "footnotes", "fenced_code", "sane_lists", "toc"],
            extension_configs={"toc": {"slugify": _slug, "permalink": False}},
            output_format="html",
        )
    return md.reset()


def render_body(body: str, case_id: str, attachment_base: str = "", id_prefix: str | None = None,
                link_base: str | None = SAME_AS_IMAGES) -> RenderedBody:
    """Render contributor Markdown; links into ``<case_id>/`` become ``attachment_base + name``.

    ``id_prefix`` keeps element ids unique where several bodies share a page (the booklet).
    ``link_base`` sends ``<a>`` links to attachments elsewhere than images (a PDF embeds images
    from disk but must not link to the editor's disk); ``None`` drops those links, keeping the text.
    """
    try:
        raw_html = _markdown().convert(body)
    except BaseException:
        _local.md = None  # a conversion that fails half-way (a RecursionError) leaves the instance broken
        raise
    attachments: list[str] = []

    def attribute_filter(tag: str, attr: str, value: str) -> str | None:
        if (tag, attr) not in (("a", "href"), ("img", "src")):
            return value
        if not safe_url(value):
            return None  # e.g. %6A%61vascript: or java<tab>script:, which nh3 takes for a relative path
        target = attachment_target(value, case_id)
        if target is None:
            return value  # an absolute http(s)/mailto URL or an in-page anchor: nh3 checks the scheme
        attachments.append(target)
        quoted = quote(target)  # names may hold spaces, "#" or "%"
        if tag == "a" and link_base != SAME_AS_IMAGES:
            return None if link_base is None else link_base + quoted
        return attachment_base + quoted

    html = nh3.clean(
        raw_html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=attribute_filter,
        url_schemes=URL_SCHEMES,
        clean_content_tags={"script", "style", "iframe", "object", "embed", "template", "noscript"},
        link_rel=None,
        id_prefix=id_prefix,
    )
    return RenderedBody(html, sorted(set(attachments)))


_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")
_DECODE_ROUNDS = 8
NESTED_ESCAPES = "x-nested-escapes"


def normalise_url(url: str) -> str:
    """What a browser (or any later decoding step) could see: entities and percent-escapes
    decoded until nothing changes, control characters and spaces removed."""
    for _round in range(_DECODE_ROUNDS):
        previous, url = url, _CONTROL.sub("", unquote(html_lib.unescape(url)))
        if url == previous:
            return url
    # Still changing: "%252525…" peels one layer per round (quadratic on a long URL). No real
    # link is escaped this often; a scheme of ours makes every caller treat it as unsafe.
    return NESTED_ESCAPES + ":" + url


def safe_url(url: str) -> bool:
    """True for relative URLs and http, https and mailto, however the scheme is spelled."""
    scheme = _SCHEME.match(normalise_url(url))
    return scheme is None or scheme.group(0)[:-1].lower() in URL_SCHEMES


def attachment_target(url: str, case_id: str) -> str | None:
    """For a relative link into ``<case-id>/``, the path inside that folder; else None."""
    if _SCHEME.match(url) or url.startswith(("#", "/", "//")):
        return None
    path = unquote(urlsplit(url).path)
    prefix = f"{case_id}/"
    if path.startswith("./"):
        path = path[2:]
    if path.startswith(prefix) and ".." not in path.split("/") and not _SCHEME.match(normalise_url(path[len(prefix):])):
        return path[len(prefix):]  # published next to the page: "javascript:x.png" would be a link, not a file
    return None
