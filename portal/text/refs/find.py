"""One entry point: :func:`find_references` (eyecite's ``find.py`` + ``tokenizers.py``).

Every pattern is matched on the raw text (so spans index the text as stored, italic tags
included) with the tags masked, so no citation is matched across a tag. Matches are sorted
and overlaps dropped, the longest match at a position winning.
"""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Iterable, Optional

from portal.text.refs import regexes as rx
from portal.text.refs.models import BARE, LAW, NAMED, PARTY, STATE, Reference
from portal.text.richtext import italic_spans
from portal.text.spans import without_overlaps

_MASK = "\x00"
_HYPHEN_RE = re.compile(rf"\s*{rx.HYPHEN}\s*")
_SPACE_RE = re.compile(r"\s+")
_AMPERSAND_RE = re.compile(r"\s*&\s*")


def find_references(text: str, aliases: Iterable[str] = ()) -> list[Reference]:
    """Every document citation in ``text``, in order, none overlapping.

    ``aliases`` are extra phrases (a registry's names for documents, such as a plenum
    resolution) to be found literally, whitespace and case aside.
    """
    return list(_find_cached(text, tuple(aliases)))


@lru_cache(maxsize=65536)
def _find_cached(text: str, aliases: tuple[str, ...]) -> tuple[Reference, ...]:
    """Memoised: references are immutable, and the live preview re-reads every task on each save."""
    return tuple(_find(text, aliases))


def _find(text: str, aliases: tuple[str, ...]) -> list[Reference]:
    """Every pattern's matches, overlaps dropped.

    Each pattern is looked for only where it can match (symbols first, then their lead-in
    words; named resolutions from the first «Nghị»/«nghị»; laws from the first «uật»; aliases
    from their leading words): the same matches as scanning the whole text with each pattern,
    for a fraction of the work.
    """
    masked = mask_tags(text)
    found: list[Reference] = []
    numbers = [run.start() for run in _DIGIT_RUN_RE.finditer(masked)]
    if numbers:  # symbols and bare numbers start a run of digits: a text without one has neither
        behind = _LeadIns(masked)
        for match in _citations(masked, numbers, behind):
            found.append(_symbol_reference(text, match))
        for match in _bare_numbers(masked, numbers, behind):
            reference = _bare_reference(text, match)
            if reference is not None:
                found.append(reference)
    named = rx.NAMED_LEAD_RE.search(masked) if "quyết" in masked else None
    if named is not None:
        for match in rx.NAMED_RE.finditer(masked, named.start()):
            found.append(_named_reference(text, match))
    law = rx.LAW_LEAD_RE.search(masked) if rx.LAW_LEAD in masked else None
    if law is not None:
        found = law_with_symbols(text, masked, found, law_references(text, masked, law.start()))
    for lead, patterns in _alias_patterns(tuple(aliases)):
        occurrence = lead.search(masked)
        if occurrence is not None:
            for pattern in patterns:
                for match in pattern.finditer(masked, occurrence.start()):
                    found.append(_alias_reference(text, match))
    return without_overlaps(found)


_DIGIT_RUN_RE = re.compile(r"\d+")
_LEAD_WORD_RE = re.compile(rx.LEAD_IN_LETTER + "+")


class _LeadIns:
    """Where the lead-in of a number can begin: LEAD_IN_BEHIND_RE matched backwards from it.

    A lead-in (a type word, «số», a colon: :data:`portal.text.refs.regexes.LEAD_IN_BEHIND_RE`) is
    letters, whitespace and colons, never a digit, in at most LEAD_IN_WORDS words, so the one of a
    number starts in the words just before it; the text is reversed once, for the first number asked.
    """

    def __init__(self, masked: str) -> None:
        self.masked = masked
        self.reverse: str | None = None

    def start(self, number: int, pos: int) -> int:
        """The first place at or after ``pos`` a lead-in ending at ``number`` may start."""
        if self.reverse is None:
            self.reverse = self.masked[::-1]
        behind = rx.LEAD_IN_BEHIND_RE.match(self.reverse, len(self.masked) - number)
        return max(pos, number - (behind.end() - behind.start() if behind else 0))


def _citations(masked: str, numbers: list[int], lead_ins: _LeadIns) -> Iterable[re.Match]:
    """What ``CITATION_RE.finditer(masked)`` yields, found symbol first.

    A citation is an optional lead-in (letters, whitespace, a colon: never a digit) and then a
    symbol, which starts a run of digits (``numbers``: where each run starts; NUM_START refuses
    a digit after a digit). So the leftmost symbol from any point is SYMBOL_RE matched at the
    first of those run starts where it matches (a match at each run start, instead of a search
    trying every character of a long text); the leftmost citation starts in the lead-in words
    just before it, and CITATION_RE, searched from the start of those words, finds exactly it
    (lookarounds see the whole text either way).
    """
    pos = 0
    for number in numbers:
        if number < pos:
            continue
        if rx.SYMBOL_RE.match(masked, number) is None:
            continue
        match = rx.CITATION_RE.search(masked, lead_ins.start(number, pos))
        if match is None:  # cannot happen: the symbol alone is a citation
            return
        yield match
        pos = match.end()


def _bare_numbers(masked: str, numbers: list[int], lead_ins: _LeadIns) -> Iterable[re.Match]:
    """What ``BARE_RE.finditer(masked)`` yields, found number first.

    A bare citation is a type word, whitespace, maybe «số», and a number: its lead-in holds no
    digit, so its number starts a run of digits and the citation starts at a word in the lead-in
    words just before that run. BARE_RE is matched at those words only (the type-word alternation,
    case-insensitive, tried at every character of a text costs more than a few words a number).
    A citation found with a later run of digits starts after any earlier run (no digit in its
    lead-in), so trying the runs in order finds the citations in order, as the scan does.
    """
    pos = 0
    for number in numbers:
        if number <= pos:
            continue
        for word in _LEAD_WORD_RE.finditer(masked, lead_ins.start(number, pos), number):
            match = rx.BARE_RE.match(masked, word.start())
            if match is not None:
                yield match
                pos = match.end()
                break


def mask_tags(text: str) -> str:
    """Replace the italic tags by characters no pattern accepts, keeping every offset."""
    if "<" not in text:  # no tag to mask, the common case
        return text
    chars = list(text)
    for start, end in italic_spans(text):
        chars[start:end] = _MASK * (end - start)
    return "".join(chars)


def _clean(text: str) -> str:
    return _SPACE_RE.sub(" ", text).strip()


def _type_word(written: Optional[str]) -> Optional[str]:
    """The canonical type word for a type word as written (any case, any spacing)."""
    if not written:
        return None
    folded = _clean(written).casefold()
    for word in rx.TYPE_WORDS:
        if word.casefold() == folded:
            return word
    return None


def _code_type(code: str) -> str:
    """Type word of a symbol code, tolerating case and the Đ→D typo."""
    key = code.casefold().replace("đ", "d")
    for known, word in rx.CODES.items():
        if known.casefold().replace("đ", "d") == key:
            return word
    return ""


def _date(match: re.Match) -> Optional[dt.date]:
    """The issue date of the sentence, or None when absent or impossible (31/11)."""
    groups = match.groupdict()
    day, month, year = groups.get("d") or groups.get("d2"), groups.get("m") or groups.get("m2"), \
        groups.get("y") or groups.get("y2")
    if not (day and month and year):
        return None
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def _issuer(match: re.Match) -> Optional[str]:
    return _clean(match.group("issuer")) if match.groupdict().get("issuer") else None


def _term(match: re.Match) -> Optional[str]:
    raw = match.groupdict().get("term")
    return _clean(raw.strip("() ")) if raw else None


def _symbol_reference(text: str, match: re.Match) -> Reference:
    if match.group("pnum"):
        number, code, issuer = match.group("pnum"), match.group("pcode") or match.group("pcode2"), match.group("pissuer")
        symbol = f"{number}-{code}/{_AMPERSAND_RE.sub('&', _HYPHEN_RE.sub('-', issuer))}"
        kind_type, year, kind = _code_type(code), None, PARTY
    else:
        number = match.group("snum")
        year = int(match.group("syear")) if match.group("syear") else None
        tail = _HYPHEN_RE.sub("-", match.group("ssym1") or match.group("ssym2") or match.group("ssym3"))
        if "-" not in tail:
            tail = _rehyphenate(tail)
        if match.group("ssuffix"):
            tail += "." + match.group("ssuffix")
        symbol = f"{number}/{year}/{tail}" if year else f"{number}/{tail}"
        kind_type, kind = _state_type(tail), STATE
    written = _type_word(match.group("tword"))
    if kind == STATE and written and not _code_type(tail.split("-")[0]) and not re.fullmatch(r"QH\d*", tail.split("-")[0]):
        kind_type = written  # a letter's symbol names no type (1066/UBND-VXNV): «Tờ trình số …» says it
    if written == "Quy định" and kind_type == "Quyết định":
        kind_type = written  # Party regulations were numbered QĐ/TW before QĐi: "Quy định số 144-QĐ/TW"
    return Reference(type=kind_type or written or "", number=number, symbol=symbol, year=year,
                     date=_date(match), issuer=_issuer(match), text=text[match.start():match.end()],
                     start=match.start(), end=match.end(), kind=kind, term=_term(match))


def _rehyphenate(tail: str) -> str:
    """``QĐUBND`` → ``QĐ-UBND``, ``NĐCP`` → ``NĐ-CP``: a type code run into its issuer gets its hyphen back.

    A tail that does not start with a type code (``QH13``, a law's) is left as written.
    """
    for code in rx.GLUED_CODES:
        rest = tail[len(code):]
        if tail.startswith(code) and len(rest) >= 2 and rest[0].isupper():
            return f"{code}-{rest}"
    return tail


def _state_type(tail: str) -> str:
    """``NĐ-CP`` → Nghị định; ``QH13`` → Luật; ``UBND-VXNV`` (a letter's symbol) → Công văn."""
    head = tail.split("-")[0]
    if re.fullmatch(r"QH\d*", head):
        return "Luật"
    return _code_type(head) or "Công văn"


def _bare_reference(text: str, match: re.Match) -> Optional[Reference]:
    """``Quy định 164 của Bộ Chính trị``: only when the number is clearly a document number."""
    word = _type_word(match.group("bword"))
    has_context = bool(match.group("bso") or match.group("date") or match.group("issuer"))
    capitalised = match.group("bword")[0].isupper()
    if not has_context and not (word in rx.STRONG_TYPES and capitalised):
        return None
    return Reference(type=word or "", number=match.group("bnum"), symbol=None, year=None,
                     date=_date(match), issuer=_issuer(match), text=text[match.start():match.end()],
                     start=match.start(), end=match.end(), kind=BARE, term=_term(match))


_TERM_IN_NAME_RE = re.compile(rf"(?i:khóa|khoá)\s+({rx.ROMAN})")


def _named_reference(text: str, match: re.Match) -> Reference:
    body = match.group("nbody") or match.group("nbody2") or match.group("nbody3") or ""
    body = _clean(body)
    if body in ("Trung ương", "TW"):
        body = "Ban Chấp hành Trung ương"
    term = _TERM_IN_NAME_RE.search(match.group(0))
    return Reference(type="Nghị quyết", number=None, symbol=None, year=None, date=None, issuer=body or None,
                     text=text[match.start():match.end()], start=match.start(), end=match.end(), kind=NAMED,
                     term=f"khóa {term.group(1)}" if term else None)


_alias_cache: dict[tuple, list[tuple[re.Pattern, list[re.Pattern]]]] = {}


def _alias_patterns(aliases: tuple) -> list[tuple[re.Pattern, list[re.Pattern]]]:
    """The aliases' patterns in groups sharing their leading words, each with those words alone.

    An alias is its words between word boundaries, so it can only match where its group's
    leading words occur (a quick search: no lookarounds): the group is run from their first
    occurrence, and not at all without one. A registry's aliases mostly start «Nghị quyết».
    """
    if aliases not in _alias_cache:
        groups: dict[str, list[list[str]]] = {}
        for alias in aliases:
            words = alias.split()
            if words:
                groups.setdefault(words[0], []).append(words)
        patterns = []
        for members in groups.values():
            lead = members[0][:min(len(words) for words in members)]
            while any(words[:len(lead)] != lead for words in members):
                lead = lead[:-1]
            patterns.append((re.compile(_alias_body(lead), re.IGNORECASE),
                             [re.compile(r"(?<!\w)" + _alias_body(words) + r"(?!\w)", re.IGNORECASE)
                              for words in members]))
        _alias_cache[aliases] = patterns
    return _alias_cache[aliases]


def _alias_body(words: list[str]) -> str:
    """Words written literally, any whitespace between them, as in the text."""
    return r"\s+".join(re.escape(word) for word in words)


def _alias_reference(text: str, match: re.Match) -> Reference:
    written = _clean(match.group(0))
    word = next((w for w in rx.TYPE_WORDS if written.casefold().startswith(w.casefold())), "")
    return Reference(type=word, number=None, symbol=None, year=None, date=None, issuer=None,
                     text=text[match.start():match.end()], start=match.start(), end=match.end(), kind=NAMED)


_WORD_RE = re.compile(r"\w+")


def law_references(text: str, masked: str, start: int = 0) -> list[Reference]:
    """Laws cited by name from ``start``: «Luật Báo chí năm 2016», «Bộ luật Lao động 2019».

    The name runs word by word until a word that cannot be in one (``và``, ``về``, ``năm``,
    punctuation: see ``regexes.LAW_STOP_WORDS``), at most twelve words; «Phòng, chống» keeps its
    comma. It starts with a capital («Luật sư», «luật pháp» are no laws), unless a year or an
    issue date follows (older decisions write «Luật tổ chức Chính phủ ngày 25 tháng 12 năm 2001»).
    """
    found = []
    for match in rx.LAW_RE.finditer(masked, start):
        pos = match.end()
        words: list[str] = []
        while len(words) < 12:
            word = rx.LAW_WORD_RE.match(masked, pos) if words else _WORD_RE.match(masked, pos)
            if word is None:
                break
            bare = word.group().strip(" \t,")
            bare = bare.split()[-1] if bare.split() else bare
            if bare == "và" and words:  # «Hôn nhân và gia đình», «Khoa học và Công nghệ»: one name
                joined = rx.LAW_WORD_RE.match(masked, word.end())
                if joined is None or rx.LAW_NEW_ITEM_RE.match(masked, word.end()) or \
                        not _continues_after_and(joined.group().strip()):
                    break
                words += [word.group(), joined.group()]
                pos = joined.end()
                continue
            if bare.casefold() in rx.LAW_STOP_WORDS or bare.isdigit() or bare == "Luật" or bare[:1].isdigit():
                break
            words.append(word.group())
            pos = word.end()
        if not words:
            continue
        amended = rx.LAW_AMENDED_RE.match(masked, pos)
        if amended:
            words.append(amended.group())
            pos = amended.end()
        year = date = None
        when = rx.LAW_DATE_RE.match(masked, pos)
        when_date = _date(when) if when else None
        if when and when_date:
            date, year, pos = when_date, when_date.year, when.end()
        elif (written := rx.LAW_YEAR_RE.match(masked, pos)) is not None:
            year, pos = int(written.group("year")), written.end()
        if not words[0][:1].isupper() and year is None:
            continue
        name = _clean(f"{match.group('lword')} {''.join(words)}")
        found.append(Reference(type="Luật", number=None, symbol=None, year=year, date=date, issuer=None,
                               text=text[match.start():pos], start=match.start(), end=pos, kind=LAW, name=name))
    return found


def _continues_after_and(word: str) -> bool:
    """Whether the word after «và» may go on with a law's name: not one that cannot be in a name."""
    return not (word.casefold() in rx.LAW_STOP_WORDS or word[:1].isdigit())


def law_with_symbols(text: str, masked: str, found: list[Reference], laws: list[Reference]) -> list[Reference]:
    """``found`` with the laws added; a law's name followed by «số» and its symbol is one citation
    (``Luật Báo chí số 103/2016/QH13``), identified by the symbol."""
    by_start = {r.start: r for r in found if r.symbol}
    for law in laws:
        gap = rx.LAW_SYMBOL_GAP_RE.match(masked, law.end) if law.year is None else None
        symbol = by_start.get(gap.end()) if gap else None
        if symbol is None:
            found.append(law)
            continue
        found.remove(symbol)
        found.append(Reference(type="Luật", number=symbol.number, symbol=symbol.symbol, year=symbol.year,
                               date=symbol.date, issuer=symbol.issuer, text=text[law.start:symbol.end],
                               start=law.start, end=symbol.end, kind=STATE, term=symbol.term, name=law.name))
    return found
