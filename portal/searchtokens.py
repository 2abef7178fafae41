"""Search keywords: the extra words a record is indexed under so that codes and ``đ`` match.

Pagefind folds most Vietnamese accents by itself (``ket luan`` finds ``Kết luận``) but not ``đ``,
which is a letter of its own in Unicode, and it splits document codes in its own way. So each
record carries, after its visible text, a line of keywords computed here:

- every word with ``đ``/``Đ`` in accent-free form (``Đảng`` → ``dang``, ``QĐi`` → ``qdi``);
- every compound code (``24-CT/TW``, ``LLCT-LSĐ``) as each contiguous run of its parts, joined
  and folded (``24cttw``, ``24ct``, ``cttw``, ``24``, ``ct``, ``tw``), so that the query forms
  ``24-CT``, ``CT/TW 24`` and ``qdi/tu`` each meet one word of the index;
- the type name of a document code (``24-CT/TW`` → ``Chỉ thị``), so ``Chỉ thị 24`` and ``chi thi 24``
  find a task that cites the bare code.

The browser turns a typed query into the same forms (``assets/javascripts/search.js``,
``queryWords``): a compound word becomes its joined folded form. :func:`query_words` is the
reference for that function and the browser tests check the two agree.
"""
from __future__ import annotations

import re

from .textfold import fold, nfc

# A number, spaces, a hyphen, spaces and a capital: ``100 - KL/TW`` is written for ``100-KL/TW``.
_SPACED_HYPHEN_RE = re.compile(r"(\d)\s+-\s+(?=[^\W\d_])")
_COMPOUND_RE = re.compile(r"[\w&]+(?:[-/][\w&]+)+")
_WORD_RE = re.compile(r"\w+")
_PART_RE = re.compile(r"[-/]")

# Document type codes (Party and State) and the words staff type for them.
TYPE_NAMES = {
    "nq": "Nghị quyết", "ct": "Chỉ thị", "kl": "Kết luận", "qdi": "Quy định", "qyd": "Quy định",
    "qd": "Quyết định", "kh": "Kế hoạch", "hd": "Hướng dẫn", "tb": "Thông báo", "bc": "Báo cáo",
    "ctr": "Chương trình", "cv": "Công văn", "da": "Đề án", "ttr": "Tờ trình", "qc": "Quy chế",
    "cd": "Công điện", "nd": "Nghị định", "tt": "Thông tư",
}


def compounds(text: str) -> list[str]:
    """Words joined by ``-`` or ``/`` as written: ``Chỉ thị số 24-CT/TW`` → ``["24-CT/TW"]``."""
    return _COMPOUND_RE.findall(_SPACED_HYPHEN_RE.sub(r"\1-", nfc(text)))


def compound_keys(compound: str) -> list[str]:
    """Every contiguous run of a compound's parts, joined and folded, longest first."""
    parts = [fold(part) for part in _PART_RE.split(compound) if part]
    runs = []
    for length in range(len(parts), 0, -1):
        for start in range(len(parts) - length + 1):
            runs.append("".join(parts[start:start + length]))
    return _unique(runs)


def type_name(compound: str) -> str:
    """The document type a code names, when it is a number then a type code (``24-CT/TW``)."""
    parts = [fold(part) for part in _PART_RE.split(compound) if part]
    numbers = 0
    while numbers < len(parts) and parts[numbers].isdigit():
        numbers += 1
    if numbers == 0 or numbers == len(parts):
        return ""
    return TYPE_NAMES.get(parts[numbers], "")


def keywords(text: str) -> list[str]:
    """The keywords a record with ``text`` is indexed under, besides the text itself."""
    found: list[str] = []
    for word in _WORD_RE.findall(nfc(text)):
        if "đ" in word or "Đ" in word:
            found.append(fold(word))
    for compound in compounds(text):
        found.extend(compound_keys(compound))
        name = type_name(compound)
        if name:
            found.append(name)
    return _unique(found)


def keyword_line(text: str) -> str:
    """Keywords as one line of text, ready to append to a record's content."""
    return " ".join(keywords(text))


def query_words(query: str) -> str:
    """How the browser rewrites a typed query: each compound word becomes its joined folded form."""
    query = _SPACED_HYPHEN_RE.sub(r"\1-", nfc(query))
    words = []
    for word in query.split():
        core = word.strip(".,;:!?()[]\"'“”‘’")
        if _COMPOUND_RE.fullmatch(core):
            words.append(compound_keys(core)[0])
        elif core:
            words.append(core)
    return " ".join(words)


def _unique(items: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        if item:
            seen.setdefault(item, None)
    return list(seen)
