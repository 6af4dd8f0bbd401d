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
from html.parser import HTMLParser
import threading
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from pymdownx.slugs import slugify

from .linebreaks import CJKLineBreaks

SECTION_IDS = {"背景": "background", "做法": "practice", "成效": "results", "可复制经验": "replicable"}
_unicode_slug = slugify(case="lower")

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div", "dl", "dt", "em",
    "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark",
    "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "u", "ul",
}
# No "title": mkdocs-material's content.tooltips turns it into HTML (innerHTML). An "id" is kept
# with a prefix of ours (see _ids), "name" never: no contributor element may take a name the theme
# or the page looks up (mkdocs-material reads its configuration from the element #__config).
ALLOWED_ATTRIBUTES = {
    "*": {"id", "class", "lang"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}
BODY_ID_PREFIX = "cb-"  # no id of the theme or of our templates starts with it


def _slug(value: str, separator: str) -> str:
    return SECTION_IDS.get(value.strip()) or _unicode_slug(value, separator)


@dataclass
class RenderedBody:
    html: str
    attachments: list[str] = field(default_factory=list)  # paths inside the case's attachment folder
    # attachment -> what the body calls it: the text of a link to it, else the alt text of its image
    names: dict[str, str] = field(default_factory=dict)


SAME_AS_IMAGES = "same-as-images"
_local = threading.local()  # one Markdown instance per thread (`mkdocs serve` builds in a thread)


def _markdown() -> markdown.Markdown:
    """A reset Markdown instance: setting one up costs as much as converting a short body."""
    md = getattr(_local, "md", None)
    if md is None:
        md = _local.md = markdown.Markdown(
            extensions=["tables", "admonition", "def_list", "footnotes", "fenced_code", "sane_lists", "toc",
                        _Figures(), CJKLineBreaks()],
            extension_configs={"toc": {"slugify": _slug, "permalink": False}},
            output_format="html",
        )
    return md.reset()


def _convert(md: markdown.Markdown, body: str) -> str:
    try:
        return md.convert(body)
    except BaseException:
        # A failed conversion (RecursionError on deep nesting) leaves the block parser's state
        # behind, which reset() does not clear: every later body would render wrong.
        _local.md = None
        raise


@dataclass
class ParsedBody:
    """What the renderer makes of a body, before serialising it.

    ``root``: the element tree (footnotes appended in their ``div.footnote``); contributor HTML
    and code blocks stand in it as placeholders (``markdown.util.HTML_PLACEHOLDER``) whose
    ``raw_html[i]`` is the text the page will carry.
    """

    root: Any
    raw_html: list[str]


# Tree processors validation does without: "toc" only adds ids and a table of contents,
# "prettify" only adds line breaks between elements, "figures" only wraps images that are there,
# "cjk_line_breaks" only removes line breaks.
_NOT_FOR_CHECKS = frozenset(("toc", "prettify", "figures", "cjk_line_breaks"))


def parse_body(body: str) -> ParsedBody:
    """Parse a body with the page's own Markdown instance (same extensions, same settings), up to
    the finished element tree.

    Without "[" and "<" in the body, no link, image, footnote or HTML can arise, and inline
    markup changes nothing validation reads but heading names: the inline processor then runs on
    the headings only (it costs as much as the rest of the parse).
    """
    md = _markdown()
    if not body.strip():
        return ParsedBody(etree.Element(md.doc_tag), [])
    try:
        # Hack: the steps of Markdown.convert() up to the tree, without serialising it (checked
        # with Markdown 3.5 to 3.11): its preprocessors, block parser and tree processors, the
        # registries its extension API documents.
        lines = body.split("\n")
        for preprocessor in md.preprocessors:
            lines = preprocessor.run(lines)
        root = md.parser.parseDocument(lines).getroot()
        skip = {id(md.treeprocessors[name]) for name in _NOT_FOR_CHECKS if name in md.treeprocessors}
        inline = md.treeprocessors["inline"]
        everything = "[" in body or "<" in body
        for processor in md.treeprocessors:
            if id(processor) in skip:
                continue
            if processor is inline and not everything:
                root = _inline_headings(processor, root)
                continue
            root = processor.run(root) or root
    except BaseException:
        _local.md = None  # see _convert
        raise
    return ParsedBody(root, list(md.htmlStash.rawHtmlBlocks))


_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))


_INLINE_MARKUP = re.compile(r"[*_`\\&~]|  $", re.M)  # what inline patterns act on, once "[" and "<" are ruled out


def _inline_headings(processor: Any, root: Any) -> Any:
    headings = etree.Element("div")
    headings.extend(e for e in root.iter() if e.tag in _HEADINGS and e.text and _INLINE_MARKUP.search(e.text))
    if not len(headings):
        return root
    tails = [(h, h.tail) for h in headings]
    for heading, _tail in tails:
        heading.tail = None  # the processor would move a tail into our temporary parent
    processor.run(headings)
    for heading, tail in tails:
        heading.tail = tail
    return root


class _Figures(Extension):
    """An image on a paragraph of its own (``![现场照片](id/photo.png)``, linked or not) becomes a
    ``<figure>`` with its alt text as ``<figcaption>`` under it.

    Why not a library: pymdownx.blocks.caption and attr_list + md_in_html need markup that clerks
    would have to learn and add to every image (``/// caption``, ``<figure markdown>``), while the
    cases already written say what an image shows in its alt text; the PyPI extensions that do
    this (markdown-captions and the like) are unmaintained since 2022 and caption inline images
    too. This is one pass over the tree after the inline patterns have made the images.
    """

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_FigureProcessor(md), "figures", 15)  # after "inline" (20)


class _FigureProcessor(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for paragraph in root.iter("p"):
            image = _lone_image(paragraph)
            caption = (image.get("alt") or "").strip() if image is not None else ""
            if caption:
                paragraph.tag = "figure"
                etree.SubElement(paragraph, "figcaption").text = caption


def _lone_image(paragraph: etree.Element) -> etree.Element | None:
    """The image that is all of ``paragraph`` (alone or as the only content of a link), else None."""
    if len(paragraph) != 1 or (paragraph.text or "").strip():
        return None
    child = paragraph[0]
    if (child.tail or "").strip():
        return None
    if child.tag == "a" and len(child) == 1 and not (child.text or "").strip() and not (child[0].tail or "").strip():
        child = child[0]
    return child if child.tag == "img" else None


def render_body(body: str, case_id: str, attachment_base: str = "", id_prefix: str | None = None,
                link_base: str | None = SAME_AS_IMAGES) -> RenderedBody:
    """Render contributor Markdown; links into ``<case_id>/`` become ``attachment_base + name``.

    Every element id gets a prefix, and links to ``#fragments`` follow it: ``id_prefix`` where
    several bodies share a page (the booklet), else BODY_ID_PREFIX, except the ids of the
    required sections (#background…), which are ours.
    ``link_base`` sends ``<a>`` links to attachments elsewhere than images (a PDF embeds images
    from disk but must not link to the editor's disk); ``None`` drops those links, keeping the text.
    """
    raw_html = _convert(_markdown(), body)
    attachments: list[str] = []
    urls: dict[tuple[str, str], str] = {}  # (tag, URL on the page) -> attachment
    prefixed = _ids(id_prefix)

    def attribute_filter(tag: str, attr: str, value: str) -> str | None:
        if attr == "id":
            return prefixed(value)
        if attr == "class":
            return _contributor_classes(value)
        if (tag, attr) not in (("a", "href"), ("img", "src")):
            return value
        if not safe_url(value):
            return None  # e.g. %6A%61vascript: or java<tab>script:, which nh3 takes for a relative path
        if value.startswith("#"):
            return "#" + prefixed(value[1:])
        target = attachment_target(value, case_id)
        if target is None:
            return value  # an absolute http(s)/mailto URL: nh3 checks the scheme
        attachments.append(target)
        quoted = quote(target)  # names may hold spaces, "#" or "%"
        if tag == "a" and link_base != SAME_AS_IMAGES:
            url = None if link_base is None else link_base + quoted
        else:
            url = attachment_base + quoted
        if url is not None:
            urls[tag, url] = target
        return url

    html = nh3.clean(
        raw_html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=attribute_filter,
        url_schemes=URL_SCHEMES,
        clean_content_tags={"script", "style", "iframe", "object", "embed", "template", "noscript"},
        link_rel=None,
    )
    return RenderedBody(html, sorted(set(attachments)), _NameReader(urls).read(html) if urls else {})


_DOWNLOAD = re.compile(r"^\s*(?:点击)?下载\s*[：:]\s*")  # "下载：工作流程" names the file 工作流程


class _NameReader(HTMLParser):
    """What the finished page calls each attachment: the text of the first link to it with text,
    else the alt text of its first image with one. Read from the sanitised HTML, so a link the
    page does not show names nothing."""

    def __init__(self, urls: dict[tuple[str, str], str]) -> None:
        super().__init__(convert_charrefs=True)
        self.urls = urls
        self.links: dict[str, str] = {}
        self.alts: dict[str, str] = {}
        self.open: list[tuple[str | None, list[str]]] = []  # the <a> elements we are in

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a":
            self.open.append((self.urls.get(("a", values.get("href") or "")), []))
        elif tag == "img":
            target = self.urls.get(("img", values.get("src") or ""))
            alt = " ".join((values.get("alt") or "").split())
            if target and alt:
                self.alts.setdefault(target, alt)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.open:
            target, parts = self.open.pop()
            text = _DOWNLOAD.sub("", " ".join("".join(parts).split()))
            if target and text:
                self.links.setdefault(target, text)

    def handle_data(self, data: str) -> None:
        for _target, parts in self.open:
            parts.append(data)

    def read(self, html: str) -> dict[str, str]:
        self.feed(html)
        self.close()
        return {**self.alts, **self.links}


_SECTION_ID_VALUES = frozenset(SECTION_IDS.values())
# Classes the theme's scripts and styles act on (md-dialog--active shows a fake notification)
# and our own (casebook.js looks up cb-filters): never taken from contributor HTML.
_RESERVED_CLASS_PREFIXES = ("md-", "cb-")


def _contributor_classes(value: str) -> str | None:
    kept = [c for c in value.split() if not c.lower().startswith(_RESERVED_CLASS_PREFIXES)]
    return " ".join(kept) or None


def _ids(id_prefix: str | None):
    """id -> the id it gets on the page (see render_body)."""
    if id_prefix is not None:
        return lambda value: id_prefix + value
    return lambda value: value if value in _SECTION_ID_VALUES else BODY_ID_PREFIX + value


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
    """For a relative link into ``<case_id>/``, the path inside that folder; else None.

    Only a plain path qualifies: no empty, ``.`` or ``..`` part (``<case-id>//etc/passwd`` names
    an absolute path), no backslash; attachments.confine then finds the file on disk.
    """
    if _SCHEME.match(url) or url.startswith(("#", "/", "//")):
        return None
    path = unquote(urlsplit(url).path)
    prefix = f"{case_id}/"
    if path.startswith("./"):
        path = path[2:]
    if not path.startswith(prefix):
        return None
    inside = path[len(prefix):]
    if any(part in ("", ".", "..") for part in inside.split("/")) or "\\" in inside or "\x00" in inside:
        return None
    if _SCHEME.match(normalise_url(inside)):
        return None  # published next to the page: "javascript:x.png" would be a link, not a file
    return inside
