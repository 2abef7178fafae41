"""Vietnamese text typed in the pre-Unicode font encodings, recognised and converted to Unicode.

Before Unicode, offices typed with TCVN3 (ABC) fonts (``.VnTime``, ``.VnTimeH``) or VNI fonts
(``VNI-Times``): the letters were stored as Latin-1 characters that only those fonts draw as
Vietnamese. Such text survives in today's files (a Word document still set in ``.VnTime``, a
text export of one) and reads as ``B¸o c¸o`` (TCVN3) or ``Baùo caùo`` (VNI). Each encoding
leaves a fingerprint where Vietnamese letters should be; :func:`detect` looks for it and
:func:`to_unicode` converts with the encoding's table. ``.VnTimeH`` and other capitals fonts
draw every letter as a capital, so text in them is upper-cased after conversion.
"""
from __future__ import annotations

import re
import unicodedata

TCVN3 = "TCVN3"
VNI = "VNI"

# TCVN3 (ABC): one byte per letter. Capital letters with a tone mark do not exist in the encoding
# (the capitals font draws the lower-case codes as capitals); Ă Â Ê Ô Ơ Ư Đ have their own codes.
_TCVN3 = {
    "µ": "à", "¶": "ả", "·": "ã", "¸": "á", "¹": "ạ",
    "¨": "ă", "»": "ằ", "¼": "ẳ", "½": "ẵ", "¾": "ắ", "Æ": "ặ",
    "©": "â", "Ç": "ầ", "È": "ẩ", "É": "ẫ", "Ê": "ấ", "Ë": "ậ",
    "®": "đ",
    "Ì": "è", "Î": "ẻ", "Ï": "ẽ", "Ð": "é", "Ñ": "ẹ",
    "ª": "ê", "Ò": "ề", "Ó": "ể", "Ô": "ễ", "Õ": "ế", "Ö": "ệ",
    "×": "ì", "Ø": "ỉ", "Ü": "ĩ", "Ý": "í", "Þ": "ị",
    "ß": "ò", "á": "ỏ", "â": "õ", "ã": "ó", "ä": "ọ",
    "«": "ô", "å": "ồ", "æ": "ổ", "ç": "ỗ", "è": "ố", "é": "ộ",
    "¬": "ơ", "ê": "ờ", "ë": "ở", "ì": "ỡ", "í": "ớ", "î": "ợ",
    "ï": "ù", "ñ": "ủ", "ò": "ũ", "ó": "ú", "ô": "ụ",
    "\u00ad": "ư", "õ": "ừ", "ö": "ử", "÷": "ữ", "ø": "ứ", "ù": "ự",
    "ú": "ỳ", "û": "ỷ", "ü": "ỹ", "ý": "ý", "þ": "ỵ",
    "¡": "Ă", "¢": "Â", "§": "Đ", "£": "Ê", "¤": "Ô", "¥": "Ơ", "¦": "Ư",
}

# VNI: a base letter followed by a mark character; a few letters are single characters.
_VNI_MARKS = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_VNI_HAT_TONES = {"á": "\u0301", "à": "\u0300", "å": "\u0309", "ã": "\u0303", "ä": "\u0323"}  # after â / ê / ô
_VNI_BREVE_TONES = {"é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}  # after ă
_VNI_SINGLE = {
    "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "Í": "Í", "Ì": "Ì", "Æ": "Ỉ", "Ó": "Ĩ", "Ò": "Ị",
    "ô": "ơ", "Ô": "Ơ", "ö": "ư", "Ö": "Ư", "ñ": "đ", "Ñ": "Đ", "î": "ỵ", "Î": "Ỵ",
}


def _vni_table() -> dict[str, str]:
    """Every VNI sequence (longest first when matching) → its Unicode letter."""
    table: dict[str, str] = {}
    for base in "aeiouyAEIOUY":
        for mark, combining in _VNI_MARKS.items():
            table[base + (mark.upper() if base.isupper() else mark)] = unicodedata.normalize("NFC", base + combining)
    for base in "aeoAEO":
        hat = "Â" if base.isupper() else "â"
        table[base + hat] = unicodedata.normalize("NFC", base + "\u0302")
        for mark, combining in _VNI_HAT_TONES.items():
            table[base + (mark.upper() if base.isupper() else mark)] = unicodedata.normalize("NFC", base + "\u0302" + combining)
    for base in "aA":
        breve = "Ê" if base.isupper() else "ê"
        table[base + breve] = unicodedata.normalize("NFC", base + "\u0306")
        for mark, combining in _VNI_BREVE_TONES.items():
            table[base + (mark.upper() if base.isupper() else mark)] = unicodedata.normalize("NFC", base + "\u0306" + combining)
    for base, letter in (("ô", "ơ"), ("Ô", "Ơ"), ("ö", "ư"), ("Ö", "Ư")):
        for mark, combining in _VNI_MARKS.items():
            table[base + (mark.upper() if base.isupper() else mark)] = unicodedata.normalize("NFC", letter + combining)
    for single, letter in _VNI_SINGLE.items():
        table.setdefault(single, letter)
    return table


_VNI = _vni_table()
_VNI_RE = re.compile("|".join(re.escape(key) for key in sorted(_VNI, key=len, reverse=True)))
_TCVN3_RE = re.compile("[" + re.escape("".join(_TCVN3)) + "]")

# Fingerprints: characters that in Vietnamese text only appear as legacy letters.
_TCVN3_PRINT = re.compile(r"[A-Za-z][¸×¬®µ¶·¹¨©ª«\u00ad»¼½¾ÆÇÈÉÊËÌÎÏÐÑÒÓÔÕÖØÜÝÞß]|[®§][a-zA-Z]")
_VNI_PRINT = re.compile(r"[aeouyAEOUY][ùøûõïÙØÛÕÏ]|[aeoAEO][âÂ]|[aA][êÊ]|[aeo][áàåãä]|[ôö][ùøûõï]|\bñ[a-zô]")
# Real Vietnamese letters outside Latin-1: text that has them is Unicode already.
_UNICODE_VIETNAMESE = re.compile("[\u0102\u0103\u0110\u0111\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]")


def detect(text: str) -> str | None:
    """``TCVN3`` or ``VNI`` when ``text`` carries that encoding's fingerprint, else None.

    A few stray characters (a ``©`` sign, a French word) are not enough: the fingerprint must
    be common relative to the words, and the text must not already hold Unicode Vietnamese.
    """
    words = max(1, len(re.findall(r"\w+", text)))
    unicode_letters = len(_UNICODE_VIETNAMESE.findall(text))
    tcvn = len(_TCVN3_PRINT.findall(text))
    vni = len(_VNI_PRINT.findall(text))
    best, count = (TCVN3, tcvn) if tcvn >= vni else (VNI, vni)
    if count >= 3 and count >= 0.05 * words and count > 4 * unicode_letters:
        return best
    return None


def font_encoding(font: str | None) -> str | None:
    """The legacy encoding a font name implies: ``.VnTime`` → TCVN3, ``VNI-Times`` → VNI."""
    if not font:
        return None
    name = font.strip().lower()
    if name.startswith(".vn"):
        return TCVN3
    if name.startswith("vni-") or name.startswith("vni "):
        return VNI
    return None


def is_capitals_font(font: str | None) -> bool:
    """``.VnTimeH``, ``.VnArialH``: TCVN3 fonts that draw every letter as a capital."""
    name = (font or "").strip()
    return name.lower().startswith(".vn") and name.endswith("H")


def to_unicode(text: str, encoding: str, capitals: bool = False) -> str:
    """Convert ``text`` from ``encoding`` (TCVN3 or VNI) to Unicode NFC.

    Without a capitals font, a word typed in capitals keeps its capitals (TCVN3 has no code for
    a capital with a tone mark, so ``TUY£N GI¸O`` is typed with lower-case codes).
    """
    if encoding == TCVN3:
        converted = _TCVN3_RE.sub(lambda m: _TCVN3[m.group(0)], text)
    elif encoding == VNI:
        converted = _VNI_RE.sub(lambda m: _VNI[m.group(0)], text)
    else:
        raise ValueError(encoding)
    if capitals:
        converted = converted.upper()
    elif encoding == TCVN3:
        converted = "\n".join(_recapitalise_line(line) for line in converted.split("\n"))
    return unicodedata.normalize("NFC", converted)


def _ascii_letters(text: str) -> list[str]:
    return [ch for ch in text if "a" <= ch.lower() <= "z"]


def _recapitalise_line(line: str) -> str:
    """Capitals typed with lower-case codes, made capitals again: a line whose plain letters are all
    capitals (``TØNH ñY §åNG NAI``) is a line of capitals; elsewhere a word is, when its plain letters
    are capitals and are not just its first letter (``GI¸O`` is ``GIÁO``, but ``Bé`` is ``Bộ``)."""
    letters = _ascii_letters(line)
    if len(letters) >= 3 and all(ch.isupper() for ch in letters):
        return line.upper()
    return re.sub(r"\w+", _recapitalise, line)


def _recapitalise(match: re.Match) -> str:
    word = match.group(0)
    letters = _ascii_letters(word)
    if letters and all(ch.isupper() for ch in letters) and (len(letters) >= 2 or not ("a" <= word[0].lower() <= "z")):
        return word.upper()
    return word
