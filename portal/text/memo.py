"""A bounded memo of a function of one word, read in C: the text readers' per-word caches.

Why: the search and the abbreviations analyse hundreds of thousands of words whose distinct forms are a
few thousand (420,000 words, 6,800 distinct at 120 months). A ``dict`` whose ``__missing__`` computes a
word met for the first time lets callers look words up with ``map(memo.__getitem__, words)``: a word
met before costs a lookup in C, with no Python call.
"""
from __future__ import annotations

from typing import Callable, Generic, Hashable, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

MAX_WORDS = 1 << 18  # a long preview meets new words with each edit: a memo starts again past this


class WordMemo(dict, Generic[K, V]):
    """``make(word)`` for each word asked for, computed once: emptied when it holds :data:`MAX_WORDS`
    words and meets another, so a long-running process does not grow without bound."""

    def __init__(self, make: Callable[[K], V], limit: int = MAX_WORDS):
        super().__init__()
        self.make = make
        self.limit = limit

    def __missing__(self, word: K) -> V:
        if len(self) >= self.limit:
            self.clear()
        found = self[word] = self.make(word)
        return found
