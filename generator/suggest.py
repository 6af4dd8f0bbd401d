"""Did-you-mean suggestions in bounded time per question.

difflib.get_close_matches compares a word with every choice: with 10,000 cases
that all point at a renamed case, validate spent half an hour on suggestions.
``Names`` is a set of ids or names that answers each distinct word once
(memoised) and compares it only with a few choices: its neighbours in sorted
order (a shared beginning, as in a renamed "<unit>-<year>-<nnn>"), its neighbours
in sorted order of the reversed names (a shared end: a typo in the unit), and
those sharing the most rare trigrams with it (a typo in the middle), found by
bisection and an inverted index; difflib then ranks those few as before. No
library we declare offers this (difflib has no index).
"""
from __future__ import annotations

import bisect
import difflib
from collections import Counter
from typing import Iterable

CUTOFF = 0.6  # difflib's default: how close a suggestion must be
LIST_CUTOFF = 0.4  # how close a choice must be to move to the front of a listing ("纠纷" ~ "矛盾纠纷化解")
SMALL = 64  # up to this many choices difflib looks at all of them
CANDIDATES = 8  # choices taken from the trigram index for a large set
NEIGHBOURS = 4  # choices taken on each side in sorted and in reversed-sorted order
POSTINGS_BUDGET = 4_000  # index entries read per question, rarest trigrams first


def _trigrams(word: str) -> set[str]:
    padded = f"\x00{word}\x00"
    return {padded[i:i + 3] for i in range(len(padded) - 2)}


class Names(frozenset):
    """A frozen set of names with ``closest(word)``; the index is built on the first question."""

    def closest(self, word: str, exclude: str | None = None) -> str | None:
        """The name most like ``word`` (difflib ratio >= 0.6), never ``exclude``; None if there is none."""
        memo = self.__dict__.setdefault("_memo", {})
        ranked = memo.get(word)
        if ranked is None:
            ranked = memo[word] = self._ranked(word)
        return next((name for name in ranked if name != exclude), None)

    def nearest(self, word: str, limit: int) -> list[str]:
        """Up to ``limit`` names somewhat like ``word`` (ratio >= LIST_CUTOFF), the most alike first.

        For listing choices rather than guessing one, hence the lower cutoff; from a large set
        only the few candidates ``closest`` would look at are ranked, so the time stays bounded.
        """
        memo = self.__dict__.setdefault("_nearest", {})
        key = (word, limit)
        found = memo.get(key)
        if found is None:
            candidates = sorted(self) if len(self) <= SMALL else self._candidates(word)
            scored = []
            for name in candidates:
                ratio = difflib.SequenceMatcher(None, word, name).ratio()
                if ratio >= LIST_CUTOFF:
                    scored.append((-ratio, name))
            found = memo[key] = [name for _ratio, name in sorted(scored)[:limit]]
        return found

    def _ranked(self, word: str) -> list[str]:
        if not self:
            return []
        longest = self.__dict__.get("_longest") or self.__dict__.setdefault("_longest", max(map(len, self)))
        if len(word) > 3 * longest:  # ratio 2*M/(len(a)+len(b)) cannot reach 0.6
            return []
        candidates = sorted(self) if len(self) <= SMALL else self._candidates(word)
        return difflib.get_close_matches(word, candidates, n=2, cutoff=CUTOFF)

    def _candidates(self, word: str) -> list[str]:
        index: dict[str, list[str]] | None = self.__dict__.get("_index")
        if index is None:
            index = {}
            for name in sorted(self):
                for gram in _trigrams(name):
                    index.setdefault(gram, []).append(name)
            self.__dict__["_index"] = index
            self.__dict__["_sorted"] = sorted(self)
            self.__dict__["_reversed"] = sorted(name[::-1] for name in self)
        found = set(_neighbours(self.__dict__["_sorted"], word))
        found.update(name[::-1] for name in _neighbours(self.__dict__["_reversed"], word[::-1]))
        shared: Counter[str] = Counter()
        budget = POSTINGS_BUDGET
        for gram in sorted(_trigrams(word), key=lambda g: (len(index.get(g, ())), g)):
            postings = index.get(gram, ())
            if len(postings) > budget:
                break
            budget -= len(postings)
            shared.update(postings)
        found.update(name for name, _count in shared.most_common(CANDIDATES))
        return sorted(found)


def _neighbours(ordered: list[str], word: str) -> list[str]:
    at = bisect.bisect_left(ordered, word)
    return ordered[max(0, at - NEIGHBOURS):at + NEIGHBOURS]


def closest(word: str, choices: Iterable[str], exclude: str | None = None) -> str | None:
    """``Names(choices).closest(word)``; pass a ``Names`` to keep its index and answers between calls."""
    names = choices if isinstance(choices, Names) else Names(choices)
    return names.closest(word, exclude)
