"""The Atom feed (/feed.xml): newest cases and collections of the edition.

Written with ElementTree, a serializer, so titles and summaries are escaped for
XML whatever they contain. Dates come from the content, never the clock, so
two builds give the same bytes.
"""
from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from urllib.parse import urljoin

from .model import Site

ATOM = "http://www.w3.org/2005/Atom"
FEED_PATH = "feed.xml"
ENTRIES = 30
ET.register_namespace("", ATOM)


def _stamp(date: dt.date) -> str:
    return f"{date.isoformat()}T00:00:00Z"


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def build_feed(site: Site, site_name: str, site_url: str | None) -> bytes:
    """Atom XML; links are absolute when ``site_url`` is known, else relative to the feed."""
    base = (site_url.rstrip("/") + "/") if site_url else ""
    entries = [("case", c.id, c.title, c.date, c.summary, f"cases/{c.id}/") for c in site.cases]
    entries += [("collection", k.id, k.title, k.date, _first_line(k.intro), f"collections/{k.id}/")
                for k in site.collections]
    entries.sort(key=lambda e: (e[3], e[0], e[1]), reverse=True)
    entries = entries[:ENTRIES]
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "zh"})
    _el(feed, "id", f"tag:casebook,2024:{site.edition}")
    _el(feed, "title", site_name)
    _el(feed, "updated", _stamp(entries[0][3]) if entries else "2024-01-01T00:00:00Z")
    _el(feed, "link", href=urljoin(base, FEED_PATH) if base else FEED_PATH, rel="self")
    _el(feed, "link", href=base or "./", rel="alternate")
    _el(_el(feed, "author"), "name", site_name)
    for kind, key, title, date, summary, path in entries:
        entry = _el(feed, "entry")
        _el(entry, "id", f"tag:casebook,2024:{kind}/{key}")
        _el(entry, "title", title)
        _el(entry, "updated", _stamp(date))
        _el(entry, "link", href=urljoin(base, path) if base else path, rel="alternate")
        _el(entry, "category", term=kind, label="案例" if kind == "case" else "亮点集锦")
        _el(entry, "summary", summary)
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def _first_line(markdown_text: str) -> str:
    for line in markdown_text.splitlines():
        if line.strip():
            return line.strip().lstrip("#> ").strip()
    return ""
