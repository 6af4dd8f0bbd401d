"""Text as the search index sees it, and the same rule the browser applies to a query.

Pagefind keeps a run of Chinese characters whole when the language is not Chinese, and
splits it its own way when it is; neither agrees with what a reader types. So every run of
Han characters is written as its overlapping bigrams (a run of one character as itself),
the way Lucene's CJK bigram filter does, and the browser turns a query into the same
bigrams (``query_words``) and asks Pagefind for them as an exact phrase ("AB BC CD": the
words at consecutive positions). A query of two or more Han characters then finds exactly
the texts that contain it, wherever a segmenter would put word boundaries, and only the
exact words are looked up: Pagefind's prefix search, which can miss words on the far side
of an index chunk boundary (checked with 1.5.2), is not needed. Queries that mix scripts or
have several parts are searched as all their words and checked against the record's text in
the browser. ``assets/casebook/search.js`` implements ``query_words`` again; the two are
tested against each other in a browser.
"""
from __future__ import annotations

import re
import unicodedata
from html import unescape

GRAM = 2
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
# Letters and digits beside Han: digits, Latin and other alphabets (U+00C0-1FFF), kana, Hangul.
_LETTERS = "0-9a-z\u00c0-\u1fff\u3040-\u30ff\uac00-\ud7af"
# A character that makes a non-Han word worth indexing (search.js has the same class).
_WORDY = re.compile(f"[{_LETTERS}]")


def normalise(text: str) -> str:
    """NFKC (full-width letters and digits as ASCII) and lower case: what is indexed and queried."""
    return unicodedata.normalize("NFKC", text).lower()


def visible_text(html: str, keep_code_blocks: bool = True) -> str:
    """The text a reader sees in an HTML fragment: blocks on their own lines, inline markup joined."""
    if not keep_code_blocks:
        html = _SKIPPED.sub("\n", html)
    text = _TAG.sub(lambda m: "" if m.group(2).lower() in _INLINE else "\n", html)
    return "\n".join(line for line in (_SPACE.sub(" ", unescape(part)).strip() for part in text.split("\n")) if line)


def _words_between(text: str) -> list[str]:
    """The words of text between Han runs; a word of punctuation only ("、", "——") is left out:
    Pagefind drops its characters and joins the words on either side (checked with 1.5.2: "名 、
    辅警" was found by 名辅), which would let a query match across a comma."""
    return [word for word in text.split() if _WORDY.search(word)]


def _grams(run: str) -> list[str]:
    """A Han run's overlapping bigrams; a run of one character is itself."""
    return [run] if len(run) < GRAM else [run[i:i + GRAM] for i in range(len(run) - GRAM + 1)]


def index_words(text: str) -> str:
    """The words written into the index for ``text``: Han runs as their bigrams, the rest as is."""
    return " ".join(query_words(text))


def query_words(query: str) -> list[str]:
    """The words of a text or a query, in order (search.js does the same in the browser)."""
    text = normalise(query)
    words: list[str] = []
    start = 0
    for run in _HAN_RUN.finditer(text):
        words.extend(_words_between(text[start:run.start()]))
        words.extend(_grams(run.group()))
        start = run.end()
    words.extend(_words_between(text[start:]))
    return words


# Between a punctuation mark and its neighbours in a meta value (see stored_meta).
META_GAP = "\u2009"
_META_PUNCT = re.compile(f"([^\\s{HAN_RANGES}A-Z{_LETTERS}])")


def stored_meta(value: str) -> str:
    """A meta value as written into the index. Pagefind also indexes meta values (the snippet text
    among them), as whitespace-separated words with their punctuation removed (checked with 1.5.2):
    "1 名、辅警" gave the word 名辅警, found by a query 名辅 that the text does not hold. A thin
    space on either side of every punctuation mark keeps every such word a run of the text;
    search.js removes the thin spaces (META_GAP) before showing a value."""
    return _META_PUNCT.sub(f"{META_GAP}\\1{META_GAP}", value)
