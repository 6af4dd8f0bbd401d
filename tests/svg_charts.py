"""Reading the charts of /stats/ back out of a page, and counting cases from their files, for the tests."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import yaml

SVG = "{http://www.w3.org/2000/svg}"


def svgs(html: str) -> dict[str, str]:
    """Each chart (a top-level <svg class="cb-chart">) of a page by its id, as written (a nested <svg> stays inside its chart)."""
    out, at = {}, 0
    while (start := html.find("<svg ", at)) != -1:
        depth, pos = 0, start
        for tag in re.finditer(r"<(/?)svg\b", html[start:]):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                pos = start + tag.end() + html[start + tag.end():].index(">") + 1
                break
        chunk = html[start:pos]
        head = chunk[:chunk.index(">")]
        if 'class="cb-chart"' in head:  # not the theme's icons
            out[re.search(r'\sid="([^"]+)"', head).group(1)] = chunk
        at = pos
    return out


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def bars(svg: str) -> list[tuple[str, str]]:
    """(label, number) of each bar of a bar chart, top to bottom."""
    root = parse(svg)
    out = []
    for row in root.iter(f"{SVG}g"):
        if row.get("class") == "cb-chart__row":
            texts = ["".join(t.itertext()) for t in row.iter(f"{SVG}text")]
            out.append((texts[0], texts[1]))
    return out


def front_matters(cases_dir: Path) -> list[tuple[str, str, dict]]:
    """(unit folder, case id, front matter) of every case file, read with PyYAML alone."""
    out = []
    for path in sorted(cases_dir.glob("*/*.md")):
        text = path.read_text(encoding="utf-8")
        front = yaml.safe_load(text.split("---\n", 2)[1])
        out.append((path.parent.name, path.stem, front))
    return out


def approved(cases_dir: Path, public: bool = False) -> list[tuple[str, str, dict]]:
    return [c for c in front_matters(cases_dir) if c[2]["status"] == "approved"
            and (not public or c[2]["visibility"] == "public")]


def per_month(cases: list[tuple[str, str, dict]]) -> Counter:
    return Counter(str(front["date"])[:7] for _u, _id, front in cases)
