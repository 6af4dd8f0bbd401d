"""What the search index holds: one record per case and per section page, made from the
site model (not from built HTML), so navigation, card lists and the theme are never indexed.

A record's ``text`` is what a reader sees of the page (result snippets are cut from it in
the browser); its index words are made from that text by ``text.index_words``.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Case, Collection, Site
from .text import visible_text

# Result groups, in the order the search box shows them: section pages whose name matches
# (a unit, a checklist item, a tag, a collection), then cases, then the site's own pages.
KINDS = ("section", "case", "page")


@dataclass(frozen=True)
class SearchRecord:
    url: str  # site-relative directory URL, e.g. "cases/shawan-2024-001/"
    kind: str  # one of KINDS
    title: str
    text: str  # visible text, one block per line
    meta: dict[str, str] = field(default_factory=dict)  # shown in results: unit, date, summary, label
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: dict[str, str] = field(default_factory=dict)


def case_record(case: Case, site: Site, body_html: str) -> SearchRecord:
    unit = site.units[case.unit].name
    criteria = [site.criteria[k].name for k in case.criteria]
    tags = [site.tags[t].name for t in case.tags]
    results = [f"{r.indicator} {r.before} {r.after}" for r in case.results]
    text = "\n".join([case.title, case.summary, *results, visible_text(body_html)])
    return SearchRecord(
        url=f"cases/{case.id}/", kind="case", title=case.title,
        # Unit, checklist and tag names are found, but are not part of the text a snippet shows.
        text=text + "\n" + "\n".join([unit, *criteria, *tags]),
        meta={"unit": unit, "date": case.date.isoformat(), "summary": case.summary,
              **({"status": case.status} if case.is_draft else {})},
        filters={"kind": ["case"], "unit": [case.unit], "criterion": list(case.criteria), "tag": list(case.tags),
                 "year": [str(case.year)]},
        sort={"date": f"{case.date.isoformat()} {case.id}"},
    )


def section_records(site: Site) -> list[SearchRecord]:
    """Units, checklist items, tags: found by their names (and a criterion by its description)."""
    records = []
    for unit in site.units.values():
        brand = [unit.brand.name, unit.brand.slogan or ""] if unit.brand else []
        records.append(_section(f"units/{unit.id}/", unit.name, "单位", [unit.name, *brand]))
    for criterion in site.criteria.values():
        records.append(_section(f"criteria/{criterion.id}/", criterion.name, "创建清单",
                                [criterion.name, criterion.description]))
    for tag in site.tags.values():
        records.append(_section(f"tags/{tag.id}/", tag.name, "标签", [tag.name, *tag.aliases]))
    return records


def collection_record(collection: Collection, intro_html: str) -> SearchRecord:
    return _section(f"collections/{collection.id}/", collection.title, "亮点集锦",
                    [collection.title, visible_text(intro_html)])


def page_record(url: str, title: str, html: str) -> SearchRecord:
    """A hand-written page (home, contributor guide): its prose, not its code blocks (YAML examples)."""
    return SearchRecord(url=url, kind="page", title=title, text=f"{title}\n{visible_text(html, keep_code_blocks=False)}",
                        filters={"kind": ["page"]})


def _section(url: str, title: str, label: str, parts: list[str]) -> SearchRecord:
    return SearchRecord(url=url, kind="section", title=title, text="\n".join(p for p in parts if p),
                        meta={"label": label}, filters={"kind": ["section"]})
