"""Text as the search index sees it, and the same rule the browser applies to a query.

Pagefind keeps a run of Chinese characters whole when the language is not Chinese, and
splits it its own way when it is; neither agrees with what a reader types. So every run
of Han characters is written as overlapping grams: at each position the next ``GRAM``
characters (fewer at the end of the run). Pagefind matches a query word against the
start of indexed words, so a query of up to ``GRAM`` Han characters finds exactly the
texts that contain it, wherever a segmenter would put word boundaries. A longer run is
queried as its overlapping ``GRAM``-grams, which every containing text also has.
``assets/casebook/search.js`` (generator/templates/assets/search.js) implements ``query_words`` again; the two are tested
against each other in a browser.
"""
from __future__ import annotations

import re
import unicodedata
from html import unescape

GRAM = 4
# CJK Unified Ideographs, Extension A, compatibility ideographs, and the supplementary
# planes' extensions (B onwards). The same ranges are written out in search.js.
HAN_RANGES = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
_HAN_RUN = re.compile(f"[{HAN_RANGES}]+")
# Inline elements join the text around them (<strong>网格</strong>员 reads 网格员); every other
# tag ends a block. Only our own sanitised or generated HTML comes here: a tag's quoted
# attribute values may hold '>', never a raw '<' outside them.
_TAG = re.compile(r'<(/?)([a-zA-Z][a-zA-Z0-9]*)(?:[^<>"]|"[^"]*")*>')
_SKIPPED = re.compile(r"<(pre|script|style|template)\b.*?</\1>", re.S | re.I)
_INLINE = frozenset("a abbr b bdi bdo cite code data del dfn em i ins kbd mark q s samp small span strong "
                    "sub sup time u var wbr".split())
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """NFKC (full-width letters and digits as ASCII) and lower case: what is indexed and queried."""
    return unicodedata.normalize("NFKC", text).lower()


def visible_text(html: str, keep_code_blocks: bool = True) -> str:
    """The text a reader sees in an HTML fragment: blocks on their own lines, inline markup joined."""
    if not keep_code_blocks:
        html = _SKIPPED.sub("\n", html)
    text = _TAG.sub(lambda m: "" if m.group(2).lower() in _INLINE else "\n", html)
    return "\n".join(line for line in (_SPACE.sub(" ", unescape(part)).strip() for part in text.split("\n")) if line)


def index_words(text: str) -> str:
    """The words written into the index for ``text``: Han runs as overlapping grams, the rest as is."""
    text = normalise(text)
    out: list[str] = []
    start = 0
    for run in _HAN_RUN.finditer(text):
        out.append(text[start:run.start()])
        chars = run.group()
        out.extend(chars[i:i + GRAM] for i in range(len(chars)))
        start = run.end()
    out.append(text[start:])
    return " ".join(part for part in out if part and not part.isspace())


def query_words(query: str) -> list[str]:
    """The words a query is searched as (search.js does the same in the browser)."""
    words: list[str] = []
    for part in normalise(query).split():
        start = 0
        for run in _HAN_RUN.finditer(part):
            words.extend(w for w in [part[start:run.start()]] if w)
            chars = run.group()
            if len(chars) <= GRAM:
                words.append(chars)
            else:
                words.extend(chars[i:i + GRAM] for i in range(len(chars) - GRAM + 1))
            start = run.end()
        words.extend(w for w in [part[start:]] if w)
    return words


def shard_of(word: str, shards: int) -> int:
    """The index shard that holds every indexed word starting with ``word``'s first character."""
    return ord(word[0]) % shards if shards > 1 else 0
