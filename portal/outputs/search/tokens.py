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
from dataclasses import dataclass
from itertools import chain, compress
from typing import Iterable

from portal.text.doctypes import CODE_NAMES
from portal.text.fold import fold, nfc
from portal.text.memo import WordMemo
from portal.text.numerals import FOLDED_ORDINALS, roman_table
from portal.text.status import (DONE, DROPPED, IN_PROGRESS, KNOWN_STATUSES, NOT_STARTED, ONGOING, POSTPONED,
                                canonical_status)

# A number, spaces, a hyphen, spaces and a capital: ``100 - KL/TW`` is written for ``100-KL/TW``.
_SPACED_HYPHEN_RE = re.compile(r"(\d)\s+-\s+(?=[^\W\d_])")
# What a spaced hyphen holds: a text without it has none (a quicker search than the whole form's).
_HYPHEN_AFTER_SPACE_RE = re.compile(r"\s-")
# A compound begins where a word does (a match can begin nowhere else, and the look-behind spares
# the search a try at each letter inside the words of a long text). Its parts are taken whole, never
# given back (``++``): a part is followed by a separator or ends the compound, so a shorter part
# never matches where the whole did not, and a word without a separator is given up at once
# instead of once per letter.
_COMPOUND_RE = re.compile(r"(?<![\w&])[\w&]++(?:[-/][\w&]++)+")
_WORD_RE = re.compile(r"\w+")
_PART_RE = re.compile(r"[-/]")

# Document type codes (Party and State), folded, and the name of their type: the reference finder's
# table (portal.text.doctypes), so a type the finder knows is a type the search knows.
TYPE_NAMES = {fold(code): name for code, name in CODE_NAMES.items()}


def compounds(text: str) -> list[str]:
    """Words joined by ``-`` or ``/`` as written: ``Chỉ thị số 24-CT/TW`` → ``["24-CT/TW"]``."""
    text = nfc(text)
    if _HYPHEN_AFTER_SPACE_RE.search(text):
        text = _SPACED_HYPHEN_RE.sub(r"\1-", text)
    return _COMPOUND_RE.findall(text)


def compounds_in(text: str, words: list[str]) -> Iterable[str]:
    """:func:`compounds` of an NFC text whose words between spaces are ``words`` (``text.split()``).

    Found word by word, each word searched once a process (:data:`_WORD_COMPOUNDS`): the index asks
    this of every line it analyses (14,000 hold a ``-`` or ``/`` at 120 months), whose words repeat.
    A compound never holds a space (its characters are word characters, ``&``, ``-`` and ``/``), so
    a text's compounds are those of its words in order; only a spaced hyphen (``100 - KL/TW``), which
    joins words, makes the text be searched whole."""
    if "-" in text and _HYPHEN_AFTER_SPACE_RE.search(text):
        return _COMPOUND_RE.findall(_SPACED_HYPHEN_RE.sub(r"\1-", text))
    return chain.from_iterable(map(_WORD_COMPOUNDS.__getitem__, words))


def _word_compounds(word: str) -> tuple[str, ...]:
    """Word as written → its compounds (most words have none)."""
    return tuple(_COMPOUND_RE.findall(word)) if "-" in word or "/" in word else ()


_WORD_COMPOUNDS: WordMemo[str, tuple[str, ...]] = WordMemo(_word_compounds)


def compound_keys(compound: str, shortest: int = 1) -> list[str]:
    """Every contiguous run of at least ``shortest`` of a compound's parts, joined and folded, longest first.

    A part that is a type code is written in its canonical form (:data:`CANONICAL_TYPES`): ``QĐi`` and
    ``QĐ`` are one word here, since staff write the same regulation both ways (``27-QĐ/TU``); a
    number loses its leading zeros (``13/07/2023`` and ``13/7/2023``, ``08-QĐi/TW`` and ``8-QĐi/TW``)."""
    parts = canonical_parts(compound)
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


# --- Codes named by words: ``Chỉ thị số 24``, ``CT24``, ``Nghị quyết Trung ương 8``, ``Quý IV`` ---
#
# A reader names a document by its type and number far more often than by its full code, with or
# without ``số``, in words or as its type code, run together or not. So both the index and the
# query turn each such naming into one *code word*: the canonical type code and the number without
# leading zeros (``ct24``, ``kl57``, ``nq8``, ``qd164``). ``24-CT/TW`` in a text is filed under
# ``ct24`` as well, so ``Chỉ thị 24`` finds the tasks that write only the code, and not those that
# hold a ``Chỉ thị`` and a ``24`` apart. A quarter (``Quý IV``, ``quý 4``) is one word the same way
# (``quy4``). The browser's ``search.js`` mirrors :func:`sequence_codes` and :func:`parse_query`.

# Type codes that name one type: the Party's ``QĐi`` and the State's ``QyĐ`` (Quy định) are typed
# ``QĐ`` as often as not, and a reader typing either means the same document.
CANONICAL_TYPES = {"qdi": "qd", "qyd": "qd"}
TYPE_CODES = {code: CANONICAL_TYPES.get(code, code) for code in TYPE_NAMES}
# Folded type words → canonical code; ``Quyết định`` and ``Quy định`` share ``qd`` with their codes.
TYPE_WORDS = {fold(name): CANONICAL_TYPES.get(code, code) for code, name in TYPE_NAMES.items()}
TYPE_WORDS["quyet dinh"] = "qd"
TYPE_WORDS["luat"] = "luat"  # a law has no type code (``42/2013/QH13``) but is cited ``Luật số 42``
_RUN_TOGETHER_RE = re.compile(r"^(" + "|".join(sorted(TYPE_CODES, key=len, reverse=True)) + r")0*(\d{1,5})$")
_NUMBER_RE = re.compile(r"^\d{1,5}$")
ROMAN = roman_table(15)  # a quarter (``IV/2023``), a plenum, a term, as typed in a query
ORDINAL_WORDS = FOLDED_ORDINALS
# Words of a citation that say nothing about which document or task: optional in a query of other words.
FILLER_WORDS = frozenset({"so", "ngay", "cua", "ve", "va", "cac", "nhung", "theo", "voi", "tai", "cho", "trong",
                          "tren", "de", "la", "nam", "o"})
# What may stand between ``Nghị quyết`` and the plenum's number, in this order, each optional.
_PLENUM_STEPS = (("hoi", "nghi"), ("ban", "chap", "hanh"), ("trung", "uong"), ("dang",), ("lan", "thu"))


# --- Status and deadline words: what a leader types to ask for a view, not for a word ---
#
# «quá hạn», «sắp đến hạn», «hoàn thành», «chưa thực hiện» ask which tasks are in that state, not which
# tasks write those words («hạn chế», «hoàn thành trước ngày…»). A query turns such a phrase into one
# *status word*; the index files it only where it is a fact: a task under the key of its recorded
# status (:data:`STATUS_KEYS`), and the pages that list tasks in that state (the overdue and due-soon
# lists, the month-end report) under theirs. No task text is ever filed under a status word.
OVERDUE, DUE_SOON = "status_overdue", "status_soon"
STATUS_KEYS = {DONE: "status_done", IN_PROGRESS: "status_doing", NOT_STARTED: "status_todo",
               ONGOING: "status_ongoing", POSTPONED: "status_postponed", DROPPED: "status_dropped"}
# Folded phrases → status word; the longest phrase at a place wins.
STATUS_PHRASES = {fold(status): STATUS_KEYS[status] for status in KNOWN_STATUSES}
STATUS_PHRASES.update({
    "da hoan thanh": STATUS_KEYS[DONE], "chua hoan thanh": STATUS_KEYS[NOT_STARTED],
    "chua trien khai": STATUS_KEYS[NOT_STARTED], "dang trien khai": STATUS_KEYS[IN_PROGRESS],
    "qua han": OVERDUE, "tre han": OVERDUE, "cham tien do": OVERDUE,
    "sap den han": DUE_SOON, "den han": DUE_SOON, "sap het han": DUE_SOON, "den han tuan nay": DUE_SOON,
    "han tuan nay": DUE_SOON,
})
_STATUS_LONGEST = max(len(phrase.split()) for phrase in STATUS_PHRASES)


def status_at(tokens: list[str], i: int) -> tuple[int, int, str] | None:
    """The status phrase starting at ``tokens[i]`` (longest first) as ``(start, end, status word)``."""
    for length in range(min(_STATUS_LONGEST, len(tokens) - i), 1, -1):
        key = STATUS_PHRASES.get(" ".join(tokens[i:i + length]))
        if key:
            return i, i + length, key
    return None


def status_key(status: str) -> str:
    """The status word a task's recorded status is filed under (``Đã hoàn thành`` → ``status_done``), or ""."""
    known = canonical_status(status)
    return STATUS_KEYS.get(known, "") if known else ""


def browser_vocabulary() -> dict:
    """The words :func:`parse_query` knows, as ``search.js`` reads them from ``search/vocabulary.json``.

    Written with the index at every build, so the browser's query words cannot drift from these:
    only the algorithm is mirrored in ``search.js``, never the tables.
    """
    return {"typeCodes": TYPE_CODES, "typeWords": TYPE_WORDS, "canonicalTypes": CANONICAL_TYPES,
            "fillers": sorted(FILLER_WORDS), "roman": ROMAN, "ordinals": ORDINAL_WORDS,
            "plenumSteps": [list(step) for step in _PLENUM_STEPS], "statusPhrases": STATUS_PHRASES,
            "statusLongest": _STATUS_LONGEST}


def canonical_parts(compound: str) -> list[str]:
    """A compound's parts, folded and canonical (:func:`canonical_part`); a quarter or term written
    in Roman numerals before a year counts as its number (``IV/2023`` → ``4``, ``2023``), as typed ``4/2023``."""
    parts = [canonical_part(fold(part)) for part in _PART_RE.split(compound) if part]
    if len(parts) == 2 and parts[0] in ROMAN and len(parts[1]) == 4 and parts[1].isdigit():
        parts[0] = str(ROMAN[parts[0]])
    return parts


def canonical_part(part: str) -> str:
    """A compound's part as its runs are filed: the canonical type code, a number without leading zeros."""
    if part.isdigit() and part.isascii():
        return part.lstrip("0") or "0"
    return CANONICAL_TYPES.get(part, part)


def canonical_type(part: str) -> str:
    """``qdi`` → ``qd``; any other part unchanged."""
    return CANONICAL_TYPES.get(part, part)


def code_word(type_code: str, number: str) -> str:
    """The code word of a type (code, canonical or not) and a number: ``("QĐi", "08")`` → ``qd8``."""
    return canonical_type(fold(type_code)) + str(int(number))


def compound_code(compound: str) -> str:
    """The code word of a document code: its first number and its type (``24-CT/TW`` → ``ct24``,
    ``30/2020/NĐ-CP`` → ``nd30``, ``27/CT-TTg`` → ``ct27``); empty when it names no type."""
    parts = [fold(part) for part in _PART_RE.split(compound) if part]
    numbers = 0
    while numbers < len(parts) and parts[numbers].isdigit():
        numbers += 1
    if numbers == 0 or numbers == len(parts) or parts[numbers] not in TYPE_CODES or len(parts[0]) > 5:
        return ""
    return code_word(parts[numbers], parts[0])


def _numeral(token: str, words: bool) -> int | None:
    if _NUMBER_RE.match(token):
        return int(token)
    if token in ROMAN:
        return ROMAN[token]
    return ORDINAL_WORDS.get(token) if words else None


def sequence_codes(tokens: list[str]) -> list[tuple[int, int, str]]:
    """Spans ``(start, end, code word)`` of folded words that name a document or a quarter.

    - a type code and a number run together: ``ct24``, ``kl057``;
    - a type word or code, ``số`` or not, a number: ``chi thi so 24``, ``kl 57``, ``nghi quyet 8``;
    - a resolution named by its plenum: ``nghi quyet (hoi nghi) (ban chap hanh) trung uong (dang)
      (lan thu) 8``, ``nghi quyet hoi nghi lan thu tam`` (number, Roman or, after ``lan thu``, word):
      ``nqtw8`` when the plenum is the Central Committee's (``trung uong``, ``tw`` before the number,
      or ``(ban chap hanh) trung uong`` after it), ``nq8`` otherwise;
    - a quarter: ``quy`` and 1-4 or I-IV → ``quy4``;
    - a month in words: ``thang 11 (nam) 2023`` → ``112023``, the key of ``11/2023``.
    Spans do not overlap; the first from the left wins.
    """
    found = []
    count = len(tokens)
    end = 0  # where the last span found ends: no span starts before
    # only where a code can start (:data:`_MAY_START`, in C: most words of a line start none)
    for i in compress(range(count), map(_MAY_START.__getitem__, tokens)):
        if i < end:
            continue
        second = _SECOND_WORDS.get(tokens[i])
        if second is not None and (i + 1 == count or tokens[i + 1] not in second):  # «công tác», «bảo đảm»
            continue
        span = _code_at(tokens, i)
        if span is not None:
            found.append(span)
            end = span[1]
    return found


def _code_at(tokens: list[str], i: int) -> tuple[int, int, str] | None:
    token = tokens[i]
    run = _RUN_TOGETHER_RE.match(token)
    if run:
        return i, i + 1, code_word(run.group(1), run.group(2))
    if token == "thang" and i + 2 < len(tokens) and _NUMBER_RE.match(tokens[i + 1]) and 1 <= int(tokens[i + 1]) <= 12:
        year = i + 3 if tokens[i + 2] == "nam" else i + 2
        if year < len(tokens) and len(tokens[year]) == 4 and tokens[year].isdigit():
            return i, year + 1, f"{int(tokens[i + 1])}{tokens[year]}"  # tháng 11 năm 2023: as 11/2023
    if token == "quy" and i + 1 < len(tokens):
        quarter = _numeral(tokens[i + 1], False)
        if quarter is not None and 1 <= quarter <= 4:
            return i, i + 2, f"quy{quarter}"
    pair = " ".join(tokens[i:i + 2])
    if pair in TYPE_WORDS:
        code, j = TYPE_WORDS[pair], i + 2
    elif token in TYPE_WORDS:
        code, j = TYPE_WORDS[token], i + 1
    elif token in TYPE_CODES:
        code, j = TYPE_CODES[token], i + 1
    else:
        return None
    after = j + 1 if j < len(tokens) and tokens[j] == "so" else j
    if after < len(tokens) and _NUMBER_RE.match(tokens[after]):
        return i, after + 1, code + str(int(tokens[after]))
    if code == "nq":
        return _plenum(tokens, i, j)
    return None


def _plenum(tokens: list[str], start: int, j: int) -> tuple[int, int, str] | None:
    """``nghi quyet`` at ``start``, its plenum's number after the optional steps from ``j``."""
    named = ordinal = False
    for step in _PLENUM_STEPS:
        if tuple(tokens[j:j + len(step)]) == step:
            j += len(step)
            named = named or step in (("hoi", "nghi"), ("trung", "uong"))
            ordinal = step == ("lan", "thu")
    if j < len(tokens) and tokens[j] == "tw":
        j, named = j + 1, True
        if tuple(tokens[j:j + 2]) == ("lan", "thu"):
            j, ordinal = j + 2, True
    if not named or j >= len(tokens):
        return None
    number = _numeral(tokens[j], ordinal)
    if not number:
        return None
    central = any(token in ("trung", "tw") for token in tokens[start + 1:j]) or \
        tuple(tokens[j + 1:j + 3]) == ("trung", "uong") or tuple(tokens[j + 1:j + 6]) == _CENTRAL_BODY
    return start, j + 1, f"nq{'tw' if central else ''}{number}"


_CENTRAL_BODY = ("ban", "chap", "hanh", "trung", "uong")
# The words :func:`_code_at` can find a code at (besides a word ending in a digit, ``ct24``): an index
# reads every word of every record, and most start nothing.
_CODE_STARTS = frozenset({"thang", "quy", *TYPE_CODES, *(words.split()[0] for words in TYPE_WORDS)})
if any(code.isdigit() for code in TYPE_CODES):  # :func:`sequence_codes` passes over numbers
    raise ValueError("a document type code of digits alone")


def _may_start(token: str) -> bool:
    """Whether :func:`_code_at` may find a code at a folded word: a word of :data:`_CODE_STARTS`, or a
    word ending in a digit that is not a number (``ct24``; a number alone starts none, a type code is
    letters: half the words ending in a digit)."""
    return token in _CODE_STARTS or (token[-1:].isdigit() and not token.isdigit())


_MAY_START: WordMemo[str, bool] = WordMemo(_may_start)
# Words that start a code only as the first of a two-word type name (``cong`` of ``cong van``), with
# the words that must follow them: ``cong``, ``bao``, ``de``, ``to`` are common words, and
# :func:`_code_at` finds nothing at them unless one of these comes next.
_SECOND_WORDS = {first: frozenset(words.split()[1] for words in TYPE_WORDS
                                  if len(words.split()) == 2 and words.split()[0] == first)
                 for first in {words.split()[0] for words in TYPE_WORDS}
                 if first not in TYPE_WORDS and first not in TYPE_CODES and first not in ("thang", "quy")}


def broader_codes(code: str) -> list[str]:
    """The code words a record files for one it names: a Central Committee resolution (``nqtw8``:
    ``Nghị quyết Trung ương 8``, ``8-NQ/TW``) is also ``nq8``, what ``Nghị quyết 8`` asks for."""
    return [code, "nq" + code[4:]] if code.startswith("nqtw") else [code]


def compound_codes(compound: str) -> list[str]:
    """The code words of a document code: :func:`compound_code`, and for a resolution of the
    centre (``35-NQ/TW``) the central one too (``nqtw35``)."""
    code = compound_code(compound)
    if code.startswith("nq") and "tw" in [fold(part) for part in _PART_RE.split(compound)]:
        return [code, "nqtw" + code[2:]]
    return [code] if code else []


@dataclass
class QueryTerm:
    """One word the index is asked for: its folded key and how it is matched.

    ``typed`` is the word as typed (lower case), whose accents make other spellings count less;
    ``width`` is how many typed words it stands for (a code word for ``Chỉ thị số 24``: 4)."""

    key: str
    typed: str
    prefix: bool = False  # the word being typed: it may begin a longer word
    optional: bool = False  # a citation's filler word (``số``, ``của``): counts where present
    code: bool = False  # a code word or a compound: no accents, no pairs
    width: int = 1
    document: str = ""  # the code word of the document it names (``ct24``): that document's page comes first

    @property
    def accented(self) -> bool:
        return not self.code and self.typed != self.key


@dataclass
class Query:
    terms: list[QueryTerm]
    pairs: list[tuple[int, int]]  # consecutive plain words, complete: their pair's postings add phrase credit

    def pair_keys(self) -> list[str]:
        return [f"{self.terms[a].key} {self.terms[b].key}" for a, b in self.pairs]


def parse_query(query: str, final: bool = False) -> Query:
    """The terms of a typed query, as ``search.js`` (``parseQuery``) asks the index.

    Words followed by a space are complete and match whole; the last word (it may still be
    typed) also begins words from its third character; a last word of one character waits for
    the next key unless ``final`` (typing has stopped, Enter, the results page) or it ends a code
    word (``Quý 4``). A pair of
    consecutive plain words matches only as written together (whole words). Compound codes become their
    joined canonical form (``24-CT/TW`` → ``24cttw``, ``QĐ/TW`` → ``qdtw``); type words and
    numbers become code words (:func:`sequence_codes`); filler words are optional.
    """
    query = _SPACED_HYPHEN_RE.sub(r"\1-", nfc(query))
    open_ended = not query[-1:].isspace()  # the last word may go on (it is being typed, or was cut short)
    items: list[QueryTerm] = []
    for word in query.split():
        core = _EDGE_RE.sub("", word)
        if not core:
            continue
        if _COMPOUND_RE.fullmatch(core):
            items.append(QueryTerm(compound_keys(core)[0], core.lower(), code=True,
                                   width=len(_WORD_RE.findall(core)), document=compound_code(core)))
        else:
            items.extend(QueryTerm(fold(token), token) for token in _QUERY_TOKEN_RE.findall(core.lower()))
    if open_ended and items:
        last = items[-1]
        length = len(last.key)
        if length == 1 and len(items) > 1 and not final and not _completes_code(items):
            items.pop()
        elif length > SHORT_WORD:
            last.prefix = True
    items = _with_code_words(items)
    if any(term.key not in FILLER_WORDS or term.code for term in items):
        for term in items:
            term.optional = not term.code and term.key in FILLER_WORDS
        _optional_citation_tails(items)
    pairs = [(a, a + 1) for a in range(len(items) - 1) if not (items[a].code or items[a + 1].code)]
    return Query(items, pairs)


SHORT_WORD = 2  # characters: a word this short is matched whole, never as a beginning


def _completes_code(items: list[QueryTerm]) -> bool:
    """Whether the last word ends a code word (``Quý 4``, ``Nghị quyết 8``): a whole, precise
    word, so it counts at once rather than once typing stops."""
    if items[-1].code:
        return False
    plain: list[str] = []
    for term in reversed(items):
        if term.code:
            break
        plain.insert(0, term.key)
    spans = sequence_codes(plain)
    return bool(spans) and spans[-1][1] == len(plain)
_EDGE_RE = re.compile(r"^[.,;:!?()\[\]\"'“”‘’]+|[.,;:!?()\[\]\"'“”‘’]+$")
_QUERY_TOKEN_RE = re.compile(r"[\w&]+")


CITATION_TAIL_WORDS = frozenset({"cua", "ngay"})


def _optional_citation_tails(items: list[QueryTerm]) -> None:
    """Words after a code and ``của``/``ngày`` (``Kết luận 57 của Bộ Chính trị``, ``Chỉ thị 24 ngày
    13/7/2013``) are its issuer and date, which citations write or leave out: optional, up to the next code."""
    tail = False
    for previous, term in zip([None, *items], items):
        if term.code and not tail:
            continue
        if not tail and previous is not None and previous.code and term.key in CITATION_TAIL_WORDS:
            tail = True
        elif tail and term.code and _RUN_TOGETHER_RE.match(term.key):
            tail = False
        if tail:
            term.optional = True


def query_codes(tokens: list[str]) -> list[tuple[int, int, str]]:
    """Spans of a query's folded words that are one word to the index: a status phrase
    (:func:`status_at`, for queries only) or a code (:func:`sequence_codes`); the first from the left wins."""
    found = []
    i = 0
    while i < len(tokens):
        span = status_at(tokens, i) or _code_at(tokens, i)
        if span is None:
            i += 1
            continue
        found.append(span)
        i = span[1]
    return found


_DOCUMENT_WORD_RE = re.compile(r"^(?:nqtw|[a-z]+)\d+$")


def _names_document(key: str) -> bool:
    """Whether a code word names a document (``ct24``, ``nqtw8``), not a quarter (``quy4``) or a month."""
    return bool(_RUN_TOGETHER_RE.match(key)) or (key.startswith("nq") and bool(_DOCUMENT_WORD_RE.match(key)))


def _with_code_words(items: list[QueryTerm]) -> list[QueryTerm]:
    """Runs of plain words that name a code (:func:`sequence_codes`) replaced by one code word."""
    out: list[QueryTerm] = []
    i = 0
    while i < len(items):
        if items[i].code:
            out.append(items[i])
            i += 1
            continue
        j = i
        while j < len(items) and not items[j].code:
            j += 1
        run = items[i:j]
        cursor = 0
        for start, end, key in query_codes([term.key for term in run]):
            out.extend(run[cursor:start])
            out.append(QueryTerm(key, key, prefix=run[end - 1].prefix, code=True, width=end - start,
                                 document=key if _names_document(key) else ""))
            cursor = end
        out.extend(run[cursor:])
        i = j
    return out
