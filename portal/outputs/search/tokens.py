"""Search words of document codes: how ``24-CT/TW`` is indexed and how a typed code is sent.

Document codes are compounds of parts joined by ``-`` or ``/``. Staff type them whole
(``24-CT/TW``, ``24-ct/tw``), in part (``24-CT``, ``qdi/tu``), reordered (``CT/TW 24``) or by
type name (``Chỉ thị 24``). So the index (:mod:`portal.outputs.search.index`) files a record that writes
a compound under each of its parts (plain words), under every run of two or more parts joined
and folded (``24cttw``, ``24ct``, ``cttw``), and under its type's name (``Chỉ thị``).

The browser turns a typed query into the same forms (``assets/javascripts/search.js``,
``queryWords``): a compound word becomes its joined folded form. :func:`query_words` is the
reference for that function and the browser tests check the two agree.
"""
from __future__ import annotations

import re

from portal.text.fold import fold, nfc

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


def compound_keys(compound: str, shortest: int = 1) -> list[str]:
    """Every contiguous run of at least ``shortest`` of a compound's parts, joined and folded, longest first."""
    parts = [fold(part) for part in _PART_RE.split(compound) if part]
    runs = []
    for length in range(len(parts), shortest - 1, -1):
        for start in range(len(parts) - length + 1):
            runs.append("".join(parts[start:start + length]))
    return _unique(runs)


def compound_runs(compound: str) -> list[str]:
    """The joined runs of two or more parts (``24cttw``, ``24ct``, ``cttw``): single parts are words anyway."""
    return compound_keys(compound, shortest=2)


def type_name(compound: str) -> str:
    """The document type a code names, when it is a number then a type code (``24-CT/TW``)."""
    parts = [fold(part) for part in _PART_RE.split(compound) if part]
    numbers = 0
    while numbers < len(parts) and parts[numbers].isdigit():
        numbers += 1
    if numbers == 0 or numbers == len(parts):
        return ""
    return TYPE_NAMES.get(parts[numbers], "")


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
