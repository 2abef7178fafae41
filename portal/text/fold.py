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
    of times in an archive, and folding walks every character.
    """
    return _SPACE_RE.sub(" ", strip_accents(text).casefold()).strip()


def nfc(text: str) -> str:
    """Compose text the way Word writes it, so that two spellings of one letter compare equal."""
    return unicodedata.normalize("NFC", text)
