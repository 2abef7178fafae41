"""Accent folding for Vietnamese: the one place that says how ``Đảng`` becomes ``dang``.

Used for matching (column headers, department aliases) and for search, so that text typed
without accents finds text written with them. ``đ`` is not a combining mark in Unicode and
must be mapped by hand; NFD alone leaves it.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACE_RE = re.compile(r"\s+")


class _CombiningMarks(dict):
    """``str.translate`` table: a combining mark → None (dropped), any other character → itself.
    Filled as characters are first met, so the walk over every character happens in C."""

    def __missing__(self, code: int) -> int | None:
        value = None if unicodedata.combining(chr(code)) else code
        self[code] = value
        return value


_COMBINING = _CombiningMarks()


def strip_accents(text: str) -> str:
    """``Đảng ủy`` → ``Dang uy``: drop combining marks, map đ/Đ to d/D; keep case."""
    bare = unicodedata.normalize("NFD", text).translate(_COMBINING)
    return unicodedata.normalize("NFC", bare.replace("đ", "d").replace("Đ", "D"))


@lru_cache(maxsize=131072)
def fold(text: str) -> str:
    """Lower-case, accent-free, single-spaced form for comparisons.

    Memoised: indexes and search keywords fold the same words and names tens of thousands
    of times in an archive, and folding walks every character. A text is folded word by word,
    each word once a process (:data:`_FOLDED_WORDS`): a task's text is new, its words are not
    (Vietnamese writes a syllable a word). Whitespace stops every step of folding (no mark
    combines with it, no letter decomposes into it), so the words folded apart and joined by one
    space are the whole text folded (:func:`fold_whole`, which the tests hold it to).
    """
    words = _FOLDED_WORDS
    if len(words) > _MAX_FOLDED_WORDS:
        words.clear()
    folded = []
    for word in text.split():
        found = words.get(word)
        if found is None:
            found = words[word] = fold_whole(word)
        if found:  # a word of marks alone folds to nothing
            folded.append(found)
    return " ".join(folded)


def fold_whole(text: str) -> str:
    """:func:`fold` in one pass over the whole text (what :func:`fold` does to each word)."""
    return _SPACE_RE.sub(" ", strip_accents(text).casefold()).strip()


_FOLDED_WORDS: dict[str, str] = {}
_MAX_FOLDED_WORDS = 1 << 18  # a long preview meets new words with each edit: start again past this


def nfc(text: str) -> str:
    """Compose text the way Word writes it, so that two spellings of one letter compare equal."""
    return unicodedata.normalize("NFC", text)
