"""Vietnamese numerals: Roman numerals and number words, as the office's documents write them.

Sections of a programme are numbered ``I``, ``II``…; quarters (``quý IV``), Party terms (``khóa XIII``)
and congresses are named in Roman numerals; a plenum is «Hội nghị lần thứ tám», a month may be
«tháng Chạp». The tables below are the one place these are written: the deadline reader, the
reference finder, the importer, the directive index and the search vocabulary (Python and, generated
from it, the browser's) read them from here.
"""
from __future__ import annotations

import re

from portal.text.fold import fold

_ROMAN_STEPS = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
                (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def to_roman(value: int) -> str:
    """``4`` → ``IV``, ``14`` → ``XIV``; empty for 0 and below (no Roman numeral)."""
    out = []
    for amount, letters in _ROMAN_STEPS:
        while value >= amount:
            out.append(letters)
            value -= amount
    return "".join(out)


def from_roman(text: str) -> int | None:
    """``IV`` (or ``iv``) → 4; None when ``text`` is empty or has a letter that is no Roman numeral.

    The letters are read as they add up (a smaller one before a larger one is taken off), so a
    numeral typed against the rules (``IIII``) still reads as the number it was meant to be.
    """
    if not text or any(letter not in _ROMAN_VALUES for letter in text.upper()):
        return None
    total, previous = 0, 0
    for letter in reversed(text.upper()):
        value = _ROMAN_VALUES[letter]
        total += -value if value < previous else value
        previous = max(previous, value)
    return total


def roman_table(last: int) -> dict[str, int]:
    """Folded (lower-case) Roman numerals 1…``last`` → their value, as the search reads a typed word."""
    return {to_roman(number).lower(): number for number in range(1, last + 1)}


# Number words 1–10 as written; «bẩy» is a common spelling of «bảy».
CARDINALS = {"một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9, "mười": 10}
CARDINAL_SPELLINGS = {**CARDINALS, "bẩy": 7}
# «lần thứ nhất», «thứ tư»: an ordinal is the cardinal word, but for one and (also) four.
ORDINALS = {"nhất": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9,
            "mười": 10}
# The unit after «mười» (11–19): five is «lăm» there («mười lăm»), though «mười năm» is also written.
UNITS_AFTER_TEN = {"một": 1, "hai": 2, "ba": 3, "bốn": 4, "lăm": 5, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9}
TEENS = {f"mười {word}": 10 + value for word, value in UNITS_AFTER_TEN.items()}
# A month's name: the number words, «giêng» (first) and «chạp» (twelfth) of the lunar calendar's names.
MONTH_WORDS = {**CARDINAL_SPELLINGS, "giêng": 1, "tư": 4, "mười một": 11, "mười hai": 12, "chạp": 12}


def folded(table: dict[str, int]) -> dict[str, int]:
    """A table's words without accents (``bốn`` → ``bon``), as folded text is matched."""
    return {fold(word): value for word, value in table.items()}


FOLDED_CARDINALS = folded(CARDINALS)
FOLDED_ORDINALS = folded(ORDINALS)
FOLDED_ORDINALS_TO_TWENTY = {**FOLDED_ORDINALS, **folded(TEENS)}

