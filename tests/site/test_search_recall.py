"""Recall and precision of search in a real browser: every distinct 2-character Han string of the
sample's cases, and samples of 3- and 5-character strings, searched through search.js's own
query function, with one index shard and with many (``search_shard_words`` set small).

What a case contains is taken from its record's text (the visible text the index was made
from), normalised the way text.py does; the browser only sees the built site."""
from __future__ import annotations

import random
import re

import pytest

from conftest import build, copy_sample
from generator.search.text import HAN_RANGES, normalise, query_words
from search_index import manifest, records_by_url

pytestmark = pytest.mark.build

HAN_RUN = re.compile(f"[{HAN_RANGES}]+")


@pytest.fixture(scope="module", params=[None, 300], ids=["one-shard", "many-shards"])
def site(request, tmp_path_factory):
    root = tmp_path_factory.mktemp("recall")
    project = copy_sample(root / "project")
    if request.param:
        config = project / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        assert "  - casebook\n" in text
        config.write_text(text.replace("  - casebook\n", f"  - casebook:\n      search_shard_words: {request.param}\n"),
                          encoding="utf-8")
    result = build(project, root / "site")
    assert result.exit_code == 0, result.output
    shards = manifest(root / "site")["shards"]
    assert (shards > 1) == bool(request.param), shards
    return root / "site"


def case_texts(site) -> dict[str, str]:
    return {url: normalise(r["meta"]["text"]) for url, r in records_by_url(site).items() if r["meta"]["kind"] == "case"}


def queries(texts: dict[str, str]) -> list[str]:
    runs = sorted({run for text in texts.values() for run in HAN_RUN.findall(text)})
    pairs = sorted({run[i:i + 2] for run in runs for i in range(len(run) - 1)})
    rng = random.Random(7)
    longer = []
    for size in (3, 5):
        grams = sorted({run[i:i + size] for run in runs for i in range(len(run) - size + 1)})
        longer += rng.sample(grams, min(150, len(grams)))
    # Strings that are in no case: the end of one run joined to the start of another.
    joined = [a[-2:] + b[:3] for a, b in zip(runs, runs[1:]) if len(a) >= 2 and len(b) >= 3]
    return pairs + longer + rng.sample(joined, min(60, len(joined)))


def run_queries(page, strings: list[str]) -> dict[str, list[str]]:
    return page.evaluate(
        """async strings => {
            const out = {};
            for (let i = 0; i < strings.length; i += 40) {
                const batch = strings.slice(i, i + 40);
                const found = await Promise.all(batch.map(s => window.casebookSearch.query(s)));
                batch.forEach((s, k) => { out[s] = found[k]; });
            }
            return out;
        }""", strings)


def test_every_case_holding_a_string_is_found_and_ranked_above_every_other(site, browser, serve_dir):
    texts = case_texts(site)
    strings = queries(texts)
    assert len(strings) > 1000
    page = browser.new_page()
    page.goto(serve_dir(site) + "/cases/")
    found = run_queries(page, strings)
    page.close()
    missed, extra, misranked = [], [], []
    for s in strings:
        want = {url for url, text in texts.items() if s in text}
        got = [u for u in found[s] if u in texts]  # cases only (sections and pages may match too)
        if not want <= set(got):
            missed.append((s, sorted(want - set(got))))
        if set(got) - want:
            extra.append((s, sorted(set(got) - want)))
        if set(got[:len(want)]) != want:
            misranked.append(s)
    assert not missed, f"recall below 100% for {len(missed)} strings: {missed[:10]}"
    assert not extra, f"cases without the string were found for {len(extra)} strings: {extra[:10]}"
    assert not misranked, misranked[:10]


def test_the_browser_makes_the_same_query_words_as_python(site, browser, serve_dir):
    samples = ["院坝", "社区民警", "“和事佬”调解室进村", "ＡＢＣ１２３ 调解", "tel13800138000 调解室",
               "𠀀𠀁𠀂𠀃𠀄 x", "  多个   空格 ", "ﬁ 兀", "a-b 警务室。网格"]
    page = browser.new_page()
    page.goto(serve_dir(site) + "/")
    got = page.evaluate("samples => samples.map(s => window.casebookSearch.words(s))", samples)
    page.close()
    assert got == [query_words(s) for s in samples]
