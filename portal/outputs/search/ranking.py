"""How a query is ranked on the index: the Python reference of ``search.js`` (``Index.search``).

Why a Python copy of the browser's ranking: the judged query set (``tests/search_judgments.yaml``)
is scored by it in tests and by ``scripts/bench_search.py --relevance`` without a browser, and a
browser test checks that ``search.js`` returns the same records in the same order. The arithmetic
is the same, step for step (scores are the integers of the index times 1, 0.5 or 0.1, added in the
same order), so the two agree exactly.

A record's score for a query is the sum of:

- each term's score (BM25 from the index): its best word in the record, half for a word it only
  begins, a tenth for a word written with other accents than typed; filler words (``số``, ``của``)
  are optional terms, counted where present;
- each pair of consecutive query words written together in the record (phrase credit);
- a title score when the record's title holds at least half of what was typed (by width: a code
  word for ``Chỉ thị số 24`` is four words typed): :data:`TITLE_BASE` times the share of the query in the
  title, plus :data:`TITLE_COVER` times the share of the title the query covers. It is not scaled by
  the words' rarity, so a page titled ``Tháng 11/2023`` or ``Phòng Thông tin - Tuyên truyền`` is
  first for its name however common ``tháng`` or ``phòng`` is. With it comes the page's prior (a
  little for each power of the tasks a term page lists), so that of two documents one number names
  (``Chỉ thị 05``: ``05-CT/TW`` and ``5/CT-TTg``) the more cited comes first.

When the query names a document (a code, or a type and a number: ``QueryTerm.document``), the pages
whose title names it come first (:data:`DOCUMENT_FIRST`), whatever other words follow; when no page
names it, the nearest documents that exist stand in for it (same type, the closest number: another
issuer's ``21/KL-BCA`` for ``21-KL/TW``) and the result says so (``unknown``). Every record of a month
gets that month's recency bonus (index.json ``recency``): newer first among equal matches.

Records need every required term; when no record has them all, the records that lack at most one
more than the best do are shown, by score (so a phrase written together wins over scattered words),
and the result says which words the first one lacks (``partial``). Records of one group (a
department's year pages) are one entry, placed where its best record ranks.
"""
from __future__ import annotations

import json
import math
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from portal.outputs.search.tokens import Query, QueryTerm, parse_query

PREFIX_ONLY = 0.5  # a word that only begins a record's word counts half
OTHER_ACCENTS = 0.1  # a word typed with accents counts a tenth where it is written otherwise
TITLE_BASE = 3000  # in index score units (BM25 × 10; one word scores 1-200)
TITLE_COVER = 3000
DOCUMENT_FIRST = 1_000_000  # the page of a document the query names, above any other match
NEAREST_DOCUMENTS = 3  # documents offered for one that does not exist
TIE_BANDS = 10  # results within a tenth of the best score of each other are equally good: newest first
UNDATED_RECENCY = 0  # a record of no month (a document's, a department's page): no recency, after the tasks of its band
_DOCUMENT_KEY_RE = re.compile(r"^(nqtw|[a-z]+)(\d+)$")


def accents(word: str) -> str:
    """The accent marks of a word in a fixed order, ``đ`` included (``ủy`` and ``uỷ`` alike)."""
    found = []
    for ch in unicodedata.normalize("NFD", word):
        if unicodedata.category(ch).startswith("M"):
            found.append(ch)
        elif ch in "đĐ":
            found.append("đ")
    return "".join(sorted(found))


def written_as_typed(written: str, typed: str, whole: bool) -> bool:
    """The same marks for a whole word; at least the typed marks, in order, for a beginning."""
    if whole:
        return written == typed
    found = 0
    for mark in written:
        if found < len(typed) and mark == typed[found]:
            found += 1
    return found == len(typed)


@dataclass
class Word:
    key: str
    forms: list[str]
    postings: list[tuple[int, int, int]]  # record, score, forms mask
    titled: dict[int, tuple[int, int]]  # record → (forms mask, title words)
    marks: list[str] | None = None


class IndexFolder:
    """The files of an index folder, read once each (the browser fetches the same ones)."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.meta = json.loads((self.folder / "index.json").read_text(encoding="utf-8"))
        self._words: dict[int, list[Word]] = {}  # chunk number → its words, read once
        self._pairs: dict[int, dict[str, dict[int, int]]] = {}
        self._rows: dict[int, list] = {}
        groups = self.meta.get("groups", [])
        self.group_of = {member: number for number, members in enumerate(groups) for member in members}
        flat = self.meta.get("priors", [])
        self.priors = {flat[i]: flat[i + 1] for i in range(0, len(flat), 2)}
        runs = self.meta.get("recency", [])
        self.recency = {record: runs[i + 2] for i in range(0, len(runs), 3) for record in range(runs[i], runs[i + 1])}

    def recency_of(self, record: int) -> int:
        return self.recency.get(record, UNDATED_RECENCY)

    def chunks_for(self, names: list[str], key: str, prefix: bool) -> list[int]:
        """Chunks a word can be in: its longest prefix's chunk, and for a beginning every chunk it begins."""
        found, best = [], -1
        for number, name in enumerate(names):
            if key.startswith(name):
                if best < 0 or len(name) > len(names[best]):
                    best = number
            elif prefix and name.startswith(key):
                found.append(number)
        if best >= 0:
            found.append(best)
        return found

    def words(self, number: int) -> list[Word]:
        cached = self._words.get(number)
        if cached is None:
            raw = json.loads((self.folder / "words" / f"{number}.json").read_text(encoding="utf-8"))
            cached = [_decode_word(key, entry) for key, entry in raw.items()]
            self._words[number] = cached
        return cached

    def pairs(self, number: int) -> dict[str, dict[int, int]]:
        cached = self._pairs.get(number)
        if cached is None:
            raw = json.loads((self.folder / "pairs" / f"{number}.json").read_text(encoding="utf-8"))
            cached = {key: _decode_pair(flat) for key, flat in raw.items()}
            self._pairs[number] = cached
        return cached

    def record(self, number: int) -> dict[str, str]:
        per_file = self.meta["recordsPerFile"]
        file = number // per_file
        if file not in self._rows:
            self._rows[file] = json.loads((self.folder / "records" / f"{file}.json").read_text(encoding="utf-8"))
        row = self._rows[file][number - file * per_file]
        return dict(zip(self.meta["fields"], row))


def _decode_word(key: str, entry: list) -> Word:
    forms, flat, titled_flat = entry
    postings, record = [], 0
    for i in range(0, len(flat), 3):
        record += flat[i]
        postings.append((record, flat[i + 1], flat[i + 2]))
    titled = {titled_flat[i]: (titled_flat[i + 1], titled_flat[i + 2]) for i in range(0, len(titled_flat), 3)}
    return Word(key, forms, postings, titled)


def _decode_pair(flat: list[int]) -> dict[int, int]:
    found, record = {}, 0
    for i in range(0, len(flat), 2):
        record += flat[i]
        found[record] = flat[i + 1]
    return found


@dataclass
class TermScore:
    score: float
    titled: bool
    title_words: int


def term_scores(term: QueryTerm, words: list[Word]) -> dict[int, TermScore]:
    """Each record's score for one term (its best word) and whether its title has the term."""
    typed_marks = accents(term.typed) if term.accented else ""
    scores: dict[int, TermScore] = {}
    for word in words:
        whole = word.key == term.key
        if not whole and not (term.prefix and word.key.startswith(term.key)):
            continue
        typed = 0
        if term.accented:
            if word.marks is None:
                word.marks = [accents(form) for form in word.forms]
            for bit, marks in enumerate(word.marks):
                if written_as_typed(marks, typed_marks, whole):
                    typed |= 1 << bit
        factor = 1 if whole else PREFIX_ONLY
        for record, value, mask in word.postings:
            score = factor * value * (1 if not term.accented or mask & typed else OTHER_ACCENTS)
            title = word.titled.get(record)
            in_title = title is not None and (not term.accented or bool(title[0] & typed))
            known = scores.get(record)
            if known is None:
                scores[record] = TermScore(score, in_title, title[1] if title else 0)
            else:
                known.score = max(known.score, score)
                if in_title and title is not None:
                    known.titled, known.title_words = True, title[1]
    return scores


@dataclass
class Entry:
    record: int
    score: float
    members: list[int] = field(default_factory=list)  # other records of its group that matched


@dataclass
class Ranking:
    query: Query
    entries: list[Entry]
    partial: bool = False  # no record has every word: those with the most are shown
    missing: list[str] = field(default_factory=list)  # the typed words the shown records lack
    unknown: list[str] = field(default_factory=list)  # documents named (as typed) that no page is about

    def records(self) -> list[int]:
        return [entry.record for entry in self.entries]


def rank(index: IndexFolder, text: str, final: bool = True) -> Ranking:
    """The entries of the index for a typed query, best first (as ``search.js`` lists them)."""
    query = parse_query(text, final=final)
    terms = query.terms
    if not terms:
        return Ranking(query, [])
    scores = [term_scores(term, [word for number in index.chunks_for(index.meta["chunks"], term.key, term.prefix)
                                 for word in index.words(number)]) for term in terms]
    named: set[int] = set()  # records whose title names a document the query names
    unknown: list[str] = []
    for i, term in enumerate(terms):
        if not term.document:
            continue
        titled = {record for record, score in scores[i].items() if score.titled}
        if not titled:
            unknown.append(term.typed)
            for word in nearest_documents(index, term.document):
                for record, scored in term_scores(QueryTerm(word.key, word.key, code=True), [word]).items():
                    known = scores[i].get(record)
                    if known is None or known.score < scored.score:
                        scores[i][record] = scored
                    if scored.titled:
                        titled.add(record)
        named |= titled
    pair_scores = []
    for key in query.pair_keys():
        numbers = index.chunks_for(index.meta.get("pairChunks", []), key, False)
        pair_scores.append(index.pairs(numbers[-1]).get(key, {}) if numbers else {})
    required = [i for i, term in enumerate(terms) if not term.optional]
    candidates = _having_all(scores, required)
    partial, missing = False, []
    if not candidates and len(required) > 1:
        candidates, partial = _having_most(scores, required), True
    if named:
        candidates = sorted(set(candidates) | named)
    width = sum(terms[i].width for i in required)
    ranked = []
    for record in candidates:
        total = 0.0
        for term_score in scores:
            found = term_score.get(record)
            if found is not None:
                total += found.score
        for pair in pair_scores:
            total += pair.get(record, 0)
        title = _title_score(terms, scores, record, width)
        if title:
            total += title + index.priors.get(record, 0)
        if record in named:
            total += DOCUMENT_FIRST
        total += index.recency_of(record)
        ranked.append((record, total))
    best = max((score for _, score in ranked), default=0.0)
    ranked.sort(key=lambda entry: (_band(entry[1], best), -index.recency_of(entry[0]), -entry[1], entry[0]))
    entries = _grouped(index, ranked)
    if partial:
        missing = [terms[i].typed for i in required if not scores[i]]
        if not missing and entries:
            missing = [terms[i].typed for i in required if entries[0].record not in scores[i]]
    return Ranking(query, entries, partial, missing, unknown)


def _band(score: float, best: float) -> int:
    """How many tenths of the best score a result is below it: results of one band are equally good,
    and among them the newer month comes first (then the higher score)."""
    return math.floor((best - score) * TIE_BANDS / best) if best > 0 else 0


def nearest_documents(index: IndexFolder, code: str) -> list[Word]:
    """The code words of the documents nearest to one no page is about (``kl21`` for ``21-KL/TW``):
    of the same type, whose page exists, closest in number first, from the chunk the code word is in."""
    wanted = _DOCUMENT_KEY_RE.match(code)
    if not wanted:
        return []
    kind, number = wanted.group(1), int(wanted.group(2))
    found = []
    for chunk in index.chunks_for(index.meta["chunks"], code, False):
        for word in index.words(chunk):
            match = _DOCUMENT_KEY_RE.match(word.key)
            if match and match.group(1) == kind and word.titled:
                found.append((abs(int(match.group(2)) - number), int(match.group(2)), word))
    found.sort(key=lambda item: (item[0], item[1]))
    closest = [word for distance, _, word in found if distance == found[0][0]] if found else []
    return closest[:NEAREST_DOCUMENTS]


def _having_all(scores: list[dict[int, TermScore]], required: list[int]) -> list[int]:
    if not required:
        return []
    found = set(scores[required[0]])
    for i in required[1:]:
        found &= scores[i].keys()
    return sorted(found)


def _having_most(scores: list[dict[int, TermScore]], required: list[int]) -> list[int]:
    counts: dict[int, int] = {}
    for i in required:
        for record in scores[i]:
            counts[record] = counts.get(record, 0) + 1
    least = max(1, max(counts.values(), default=0) - 1)
    return sorted(record for record, count in counts.items() if count >= least)


def _title_score(terms: list[QueryTerm], scores: list[dict[int, TermScore]], record: int, width: int) -> float:
    matched = covered = words = 0
    for term, term_score in zip(terms, scores):
        found = term_score.get(record)
        if found is None or not found.titled:
            continue
        words = found.title_words
        covered += term.width
        if not term.optional:
            matched += term.width
    if matched == 0 or matched * 2 < width:
        return 0.0
    return TITLE_BASE * matched / width + TITLE_COVER * min(1.0, covered / words)


def _grouped(index: IndexFolder, ranked: list[tuple[int, float]]) -> list[Entry]:
    entries: list[Entry] = []
    by_group: dict[int, Entry] = {}
    for record, score in ranked:
        group = index.group_of.get(record)
        if group is None:
            entries.append(Entry(record, score))
        elif group in by_group:
            by_group[group].members.append(record)
        else:
            by_group[group] = Entry(record, score)
            entries.append(by_group[group])
    return entries


@lru_cache(maxsize=8)
def open_index(folder: str) -> IndexFolder:
    return IndexFolder(Path(folder))
