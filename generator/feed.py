"""The Atom feed (/feed.xml): newest cases and collections of the edition.

Written with ElementTree, a serializer, so titles and summaries are escaped for
XML whatever they contain. Dates come from the content, never the clock, so
two builds give the same bytes.
"""
from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from html import unescape
from urllib.parse import quote, urljoin

from .model import Site
from .render import render_body

ATOM = "http://www.w3.org/2005/Atom"
FEED_PATH = "feed.xml"
ENTRIES = 100  # the newest cases and collections: a reader polls the feed, it is no archive


def _stamp(date: dt.date) -> str:
    return f"{date.isoformat()}T00:00:00Z"


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def build_feed(site: Site, site_name: str, site_url: str | None) -> bytes:
    """Atom XML; links are absolute when ``site_url`` is known, else relative to the feed."""
    base = (site_url.rstrip("/") + "/") if site_url else ""
    entries = [("case", c.id, c.title, c.date, c.summary, f"cases/{c.id}/") for c in site.cases]
    entries += [("collection", k.id, k.title, k.date, _intro_summary(k.intro, k.id), f"collections/{k.id}/")
                for k in site.collections]
    entries.sort(key=lambda e: (e[3], e[0], e[1]), reverse=True)
    entries = entries[:ENTRIES]
    # Plain tag names and a literal xmlns: ElementTree's namespace registry is global to the
    # process and other libraries rewrite it (importing WeasyPrint maps the default prefix
    # to ""), which turned <feed> into <ns0:feed> in builds that ran after a booklet.
    feed = ET.Element("feed", {"xmlns": ATOM, "xml:lang": "zh"})
    # Ids name the site, so two bureaus' feeds never share entry ids; the edition is part of it.
    owner = quote(site_url or site_name, safe="")
    _el(feed, "id", f"tag:casebook,2024:{owner}/{site.edition}")
    _el(feed, "title", site_name)
    _el(feed, "updated", _stamp(entries[0][3]) if entries else "2024-01-01T00:00:00Z")
    _el(feed, "link", href=urljoin(base, FEED_PATH) if base else FEED_PATH, rel="self")
    _el(feed, "link", href=base or "./", rel="alternate")
    _el(_el(feed, "author"), "name", site_name)
    for kind, key, title, date, summary, path in entries:
        entry = _el(feed, "entry")
        _el(entry, "id", f"tag:casebook,2024:{owner}/{kind}/{key}")
        _el(entry, "title", title)
        _el(entry, "updated", _stamp(date))
        _el(entry, "link", href=urljoin(base, path) if base else path, rel="alternate")
        _el(entry, "category", term=kind, label="案例" if kind == "case" else "亮点集锦")
        _el(entry, "summary", summary)
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def _intro_summary(intro: str, owner: str) -> str:
    """The intro's first paragraph as plain text: whole sentences, no Markdown marks.

    Lines of a paragraph are joined as a reader sees them: Chinese lines without a
    space (a line break in Chinese text is not a word break), Latin words with one.
    """
    html = render_body(intro, owner).html
    paragraph = re.search(r"<p>(.*?)</p>", html, re.S)
    text = unescape(re.sub(r'<(?:[^<>"]|"[^"]*")*>', "", paragraph.group(1) if paragraph else html))  # as pages._TAGS
    out = ""
    for line in (part.strip() for part in text.splitlines()):
        if line:
            out += " " + line if out and out[-1].isascii() and line[0].isascii() else line
    return out
