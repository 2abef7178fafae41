"""The search index the browser reads (``assets/javascripts/search.js``), written as small JSON files.

Why an index of our own and not Pagefind's: Pagefind ranks every result against every matched
(word, page) pair, so a common word (``tỉnh``, ``tuyên truyền``) on a 120-month archive took
0.2-1 s per keystroke in the browser; and its indexer took 100 KB of memory and 0.9 ms of CPU per
record (650 MB and 5 s for 120 months, 3 GB for 600). This index is scored at build time, so the
browser only adds up numbers: linear in the postings of the words typed.

Layout, in the folder ``search/`` (format :data:`FORMAT`):

- ``index.json``: the number of records, the record fields, the word chunks and the pair chunks
  (by key prefix), the groups (records shown as one entry: a department's year pages), the
  sections (``[first record, month label]`` where a run of tasks of one month starts, for the
  results page), the priors (``[record, prior, …]``: term pages, by the tasks they list) and the
  recency runs (``[first record, end, bonus, …]``: records of one month, the newer the more);
- ``words/<n>.json``: for each folded word (``dang``) of chunk ``n``: the forms it is written in
  (``đảng``, ``đang``…), its postings ``[record, score, forms, …]`` and the records whose title
  has it ``[record, forms, title words, …]``. Posting record numbers are differences from the
  previous one; ``forms`` has a bit per form the record (or its title) writes the word in;
- ``pairs/<n>.json``: for each pair of consecutive folded words (``ban thuong``), its postings
  ``[record, score, …]`` (phrase credit);
- ``records/<n>.json``: what the results show for records ``n*RECORDS_PER_FILE`` onwards;
- ``vocabulary.json``: the words a query is read with (document type codes and words, Roman
  numerals, number words, words said in passing), from :func:`tokens.browser_vocabulary`.

Scores are BM25 (k1 = 1.2, b = 0.75) over weighted words: a page's title weighs as a heading, the
shown text as text, the other searched words (lead, units, status, terms) much less, so that what
a result shows is why it ranks. How the browser adds them up, with the pairs and the title, is
:mod:`portal.outputs.search.ranking` (the reference of ``search.js``). Every word is a key in
folded form (``Đảng`` → ``dang``), so any accents typed or none find it; a word typed with accents
counts much less in the records that write it otherwise (``Đang`` for ``Đảng``). Document codes
and quarters named in words are filed under code words too (:mod:`portal.outputs.search.tokens`).
"""
from __future__ import annotations

import gc
import hashlib
import json
import math
import re
import shutil
from array import array
from bisect import bisect_left
from collections import Counter, _count_elements, defaultdict  # type: ignore[attr-defined]
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, compress, count, islice, repeat
from math import fmod
from operator import sub, truediv
from pathlib import Path
from typing import Callable, Iterable, Iterator

from portal.outputs.search.tokens import (broader_codes, browser_vocabulary, compound_codes, compound_runs, compounds_in,
                                         sequence_codes, type_name)
from portal.text.fold import fold, nfc
from portal.text.memo import WordMemo
from portal.text.months import Month

FORMAT = 2
RECORDS_PER_FILE = 16  # results show 10 at a time: a few small files, not one big one
CHUNK_BYTES = 24_000  # a chunk of words is split by a longer prefix above this size
FIELDS = ("href", "title", "text", "kind", "info", "whole")
MAX_FORMS = 30  # forms of one word that get their own bit (more are never an exact match)
K1, B = 1.2, 0.75
SCALE = 10  # scores are written as integers: BM25 × 10 (a word of a 120-month archive scores 1-200)
HEADING_WEIGHT, TEXT_WEIGHT, EXTRA_WEIGHT = 3.0, 1.0, 0.2
PAIR_WEIGHT = 0.5  # a pair of query words written together scores half a word more (phrase credit)
PAIR_MIN_RECORDS = 1  # pairs written in fewer records are not filed (size; see README)
_TOKEN_RE = re.compile(r"\w+")
_AMPERSAND_WORD_RE = re.compile(r"\w+(?:&\w+)+")  # ``BTG&DV``: also a word of its own, as typed


@dataclass
class IndexedRecord:
    """What the index needs of a search record: its weighted searched parts and its shown data."""

    parts: list[tuple[str, float]]  # (text, weight)
    shown: dict[str, str]
    heading: str = ""  # a page's title (and other names, such as a department's code): matched as a title
    group: str = ""  # records of one group key are one result (a department's year pages)
    section: str = ""  # the heading the full results page files it under (its month), "" for pages
    prior: float = 0.0  # added to its score for any query it matches (a much-cited directive's page)
    month: str = ""  # ``YYYY-MM`` of a task or month page: newer months come first among equal matches


class KnownRecord:
    """A record an earlier build indexed, as the index takes it without making it again: its
    content key (:func:`_record_key`), the digest of the row results show of it (:func:`_row`), and
    what :meth:`IndexWriter._add_shown` reads besides; its searched parts and its shown row are made
    (``make``) only when the index must analyse it (it is not the record of its number in the last
    build, or too much changed for a patch) or write again the file of rows it is in.

    Why: after a one-task edit nearly every record is the last build's, and making each of them
    again (a task's record, its parts, their key) was a fifth of the search job at 120 months; a
    month of tasks whose inputs are those of an earlier build gives these instead
    (:func:`portal.outputs.search.records.iter_task_records`)."""

    __slots__ = ("key", "row_digest", "group", "section", "prior", "month", "_make", "_made", "row_text")

    def __init__(self, key: bytes, row_digest: bytes, group: str, section: str, prior: float, month: str,
                 make: "Callable[[], IndexedRecord]"):
        self.key, self.row_digest = key, row_digest
        self.group, self.section, self.prior, self.month = group, section, prior, month
        self._make = make
        self._made: IndexedRecord | None = None
        self.row_text: str | None = None  # its row as written, when at hand (made by this build)

    @classmethod
    def of(cls, record: IndexedRecord) -> "KnownRecord":
        """``record`` with its key, as an earlier build would give it (its parts at hand)."""
        known = cls(_record_key(record), b"", record.group, record.section, record.prior, record.month,
                    lambda: record)
        known._made = record
        known.row_text = _row(record.shown)
        known.row_digest = _row_digest(known.row_text)
        return known

    def kept(self) -> tuple:
        """What the next build needs to make this again without its parts (see :meth:`from_kept`)."""
        return self.key, self.row_digest, self.group, self.section, self.prior, self.month

    @classmethod
    def from_kept(cls, kept: tuple, make: "Callable[[], IndexedRecord]") -> "KnownRecord":
        key, row_digest, group, section, prior, month = kept
        return cls(key, row_digest, group, section, prior, month, make)

    def _record(self) -> IndexedRecord:
        if self._made is None:
            self._made = self._make()
        return self._made

    @property
    def parts(self) -> list[tuple[str, float]]:
        return self._record().parts

    @property
    def heading(self) -> str:
        return self._record().heading

    @property
    def shown(self) -> dict[str, str]:
        return self._record().shown


RECENCY_MAX = 40  # score units of the newest month's records (a word scores 1-200); ranking.UNDATED_RECENCY
RECENCY_HALF = 12  # months: a record this much older than the newest gets half of it


def recency_bonus(age: int) -> int:
    """The score a record of a month ``age`` months older than the newest month gets for any query
    it matches: a mild prior, so that of equally good matches the newer comes first (staff mean the
    latest «hội nghị báo cáo viên»), never enough to lift a worse match over a much better one."""
    return round(RECENCY_MAX * RECENCY_HALF / (RECENCY_HALF + max(0, age)))


def record_forms(parts: Iterable[tuple[str, float]], pairs: dict[str, float] | None = None
                 ) -> tuple[dict[str, float], float]:
    """Each word of a record as written (lower case) with its weight, and the record's weighted length.

    Words are ``\\w+`` runs; a compound code (``24-CT/TW``) also counts as each run of two or
    more of its parts joined (``24cttw``, ``24ct``, ``cttw``), which is how the browser sends a
    code typed whole or in part; a document code also adds its type's words (``Chỉ thị``) at
    half weight; a document or quarter named in words or code (``Chỉ thị số 24``, ``24-CT/TW``,
    ``Quý IV``) adds its code word (``ct24``, ``quy4``: :func:`~portal.outputs.search.tokens.sequence_codes`).
    Each line is analysed once per build (:func:`_line_forms`). When ``pairs`` is given, each pair of
    consecutive folded words (``ban thuong``) is added to it with its weight: phrase credit.
    """
    forms, _, length = _gather(parts, pairs)
    return forms, length


def _gather(parts: Iterable[tuple[str, float]], pairs: dict[str, float] | None
            ) -> tuple[dict[str, float], dict[str, list[str]], float]:
    """:func:`record_forms`, and the forms of each folded word in the order first written.

    Weights are summed line by line in the order written, as floating-point sums must be for the
    same scores from the same text (the index is compared byte for byte)."""
    forms: dict[str, float] = {}
    keys: dict[str, list[str]] = {}
    length = 0.0
    known_form = forms.get
    known_key = keys.get
    known_pair = pairs.get if pairs is not None else None
    for text, weight in parts:
        for line in text.split("\n") if "\n" in text else (text,):
            counted, words, line_pairs = _line_forms(line)
            for form, key, count in counted:
                known = known_form(form)
                if known is None:
                    forms[form] = weight * count
                    group = known_key(key)
                    if group is None:
                        keys[key] = [form]
                    else:
                        group.append(form)
                else:
                    forms[form] = known + weight * count
            length += weight * words
            if known_pair is not None:
                for pair, count in line_pairs:
                    known = known_pair(pair)
                    pairs[pair] = weight * count if known is None else known + weight * count  # type: ignore[index]
    return forms, keys, length


@lru_cache(maxsize=4096)
def _line_forms(line: str) -> tuple[tuple[tuple[str, str, float], ...], int, tuple[tuple[str, int], ...]]:
    """A line's forms with their folded word and count, its number of words, and its pairs of
    folded words with their counts. Memoised: the searched lines of tasks (lead, units, status,
    deadline, section, terms) repeat across an archive. The cache is small: task texts are unique,
    and 65,536 of them held 300 MB at 600 months."""
    line = nfc(line)
    pieces = line.split()  # the words between spaces: each analysed once a process (:data:`_WORD_TOKENS`)
    words = list(chain.from_iterable(map(_WORD_TOKENS.__getitem__, pieces)))
    # counted as Counter counts, by the function it calls: its constructor's checks cost as much as
    # counting a line's words (a 120-month archive analyses 16,000 lines, twice each)
    counts: dict[str, float] = {}
    _count_elements(counts, words)
    if "&" in line:
        for token in _AMPERSAND_WORD_RE.findall(line.lower()):
            counts[token] = counts.get(token, 0) + 1
    codes = set()
    if "-" in line or "/" in line:
        for compound in compounds_in(line, pieces):
            runs, named, compound_words = _compound_forms(compound)
            for run in runs:
                counts[run] = counts.get(run, 0) + 1
            for token in named:
                counts[token] = counts.get(token, 0) + 0.5
            codes.update(compound_words)
    folded = list(map(_FOLDED_FORMS.__getitem__, words))
    codes.update(broader for _, _, code in sequence_codes(folded) for broader in broader_codes(code))
    codes.discard("")
    for code in codes:
        counts[code] = counts.get(code, 0) + 1
    pairs: dict[str, int] = {}
    _count_elements(pairs, map(" ".join, zip(folded, folded[1:])))
    return tuple(zip(counts, map(_FOLDED_FORMS.__getitem__, counts), counts.values())), len(words), tuple(pairs.items())


def _word_tokens(word: str) -> tuple[str, ...]:
    """A line's word between spaces, as written → its ``\\w+`` tokens in lower case.

    A line's tokens are those of its words in order: no token holds a space, and lower-casing stops at
    a space (even a final sigma's context). The words repeat across an archive's lines (420,000
    words, 6,800 distinct at 120 months): each is searched once a process instead of once a line."""
    return tuple(_TOKEN_RE.findall(word.lower()))


_WORD_TOKENS: WordMemo[str, tuple[str, ...]] = WordMemo(_word_tokens)
# A form (a word without spaces) → fold() of it: for a form met before, a lookup in C rather than fold's cache.
_FOLDED_FORMS: WordMemo[str, str] = WordMemo(fold)


@lru_cache(maxsize=4096)
def _compound_forms(compound: str) -> tuple[list[str], list[str], list[str]]:
    """A compound code's joined runs, its type name's words and its code words (one analysis per code)."""
    return compound_runs(compound), _TOKEN_RE.findall(type_name(compound).lower()), compound_codes(compound)


def record_terms(parts: Iterable[tuple[str, float]], pairs: dict[str, float] | None = None
                 ) -> tuple[dict[str, tuple[float, list[str]]], float]:
    """Folded word → (weight, forms written), and the record's weighted length (pairs as in :func:`record_forms`)."""
    forms, keys, length = _gather(parts, pairs)
    return _terms(forms, keys), length


def _terms(forms: dict[str, float], keys: dict[str, list[str]]) -> dict[str, tuple[float, list[str]]]:
    terms: dict[str, tuple[float, list[str]]] = {}
    for key, group in keys.items():
        weight = forms[group[0]]
        for form in group[1:]:  # the forms' weights added in the order first written
            weight = weight + forms[form]
        terms[key] = (weight, group)
    return terms


def analyse(parts: list[tuple[str, float]], heading: str) -> tuple:
    """What the index files of one record: ``(terms, length, pairs, title terms, title length)``
    (:func:`record_terms` of its parts with their pairs, and of its heading)."""
    pairs: dict[str, float] = {}
    terms, length = record_terms(parts, pairs)
    titled, title_words = record_terms([(heading, 1.0)]) if heading else ({}, 0)
    return terms, length, pairs, titled, title_words


class IndexWriter:
    """Writes the index of records added one at a time, keeping only compact postings in memory.

    Why streaming: a 600-month archive has 31,000 records and 2 million (word, record) pairs; kept
    as Python objects they took over 1 GB. Each posting here is a record number, a weight and a
    forms mask in typed arrays, and what a record shows is written out every
    :data:`RECORDS_PER_FILE` records. Scores need every record's length and every word's record
    count, so they are computed in :meth:`finish`.

    With a ``memo`` (``memo.get``/``memo.put``, see :class:`portal.build.cache.Memo`) the postings
    of every word and its written entry are kept for the next build (:class:`_State`): a build
    whose records are those of the last one but for a few (a task's text edited) analyses only
    those, patches the postings they are in, and scores and encodes again only the words and pairs
    it patched and those whose rounded scores the move of the average length may change
    (:func:`_unmoved`).

    With ``files`` (``write``/``place_kept``/``links_to``, see :class:`portal.build.cache.SharedFiles`) each file
    written is kept by the hash of its bytes, and a file whose bytes a build kept is put in place
    by a hard link instead of being written (after a one-task edit, 1,500 of the 1,600 files of a
    120-month index: creating a file and writing it cost four times a link here). With a memo too,
    a chunk of words or pairs whose words are those of the last build's chunk of its number, none
    of them scored to a new entry, is not even encoded: the last build's file is linked.
    """

    def __init__(self, output: Path, memo=None, files=None):
        self.output = output
        self.memo = memo
        shutil.rmtree(output, ignore_errors=True)
        (output / "words").mkdir(parents=True)
        self.records_folder = output / "records"
        self.records_folder.mkdir()
        self.files = files if files is not None and files.links_to(output) else None
        self.words: dict[str, _Word] = {}
        self.pairs: dict[str, _Pair] = {}
        self.lengths = array("f")
        # the rows of the records file being filled: without a memo each row, with one (record, its row's
        # text if at hand) beside the rows' digests (see _flush_rows)
        self.rows: list = []
        self.row_digests: list[bytes] = []
        self.groups: dict[str, list[int]] = {}
        self.sections: list[list] = []  # [first record, label] where the label changes
        self.priors: list[int] = []  # [record, prior, …]
        self.months: list[list] = []  # [first record, end, month] of each run of records of one month
        self.count = 0
        self.rescored = 0  # words and pairs scored by :meth:`finish` (the others kept their entries)
        self.entries = 0  # words and pairs written by :meth:`finish`
        # with a memo: each record's content key, the last build's state, and while this build may
        # still be a patch of it, the records whose key differs (number, record)
        self.keys: list[bytes] | None = [] if memo is not None else None
        self.previous: _State | None = memo.get(_State.KEY) if memo is not None else None
        # the last build's chunk files: folder → [(hash of its words, file key)] (whatever this build patches)
        self.previous_chunks: dict[str, list[tuple[bytes, str]]] = \
            self.previous.chunks if self.previous is not None and files is not None else {}
        self.chunk_files: dict[str, list[tuple[bytes, str]]] = {}  # this build's, for the next
        # the last build's records files [(a digest of its rows, its file's key)], and this build's
        self.previous_rows: list[tuple[bytes, str]] = \
            self.previous.rows if self.previous is not None and files is not None else []
        self.rows_files: list[tuple[bytes, str]] = []
        self.held: list[tuple[int, IndexedRecord | KnownRecord]] | None = [] if self.previous is not None else None
        self.unchanged: list[IndexedRecord | KnownRecord] = []  # records seen while patching, in case it must stop
        # after a patch: the keys of each part the last build's words and pairs were kept in (:class:`_State`)
        self.layout: dict[str, list[list[str]]] = {}
        # each form's and pair's way to its postings while records are added (:meth:`_index`)
        self.form_slots: dict[str, tuple] = {}
        self.pair_slots: dict[str, tuple] = {}

    def add(self, record: IndexedRecord | KnownRecord) -> None:
        number = self.count
        self.count += 1
        if self.keys is not None:
            key = record.key if isinstance(record, KnownRecord) else _record_key(record)
            self.keys.append(key)
            if self.held is not None:
                previous = self.previous
                assert previous is not None  # held only while there is a last build's state
                if number < len(previous.keys) and previous.keys[number] == key:
                    self.unchanged.append(record)
                else:
                    self.held.append((number, record))
                    if len(self.held) > PATCH_LIMIT or number >= len(previous.keys):
                        self._stop_patching()
            else:
                self._index(number, record)
        else:
            self._index(number, record)
        self._add_shown(number, record)

    def _stop_patching(self) -> None:
        """Too much changed for a patch: index every record seen so far afresh."""
        held, self.held = self.held, None
        assert held is not None and self.keys is not None  # called only while patching (with a memo)
        self.previous = None
        changed = dict(held)
        unchanged = iter(self.unchanged)
        self.unchanged = []
        for number in range(len(self.keys)):
            record = changed.get(number)
            self._index(number, record if record is not None else next(unchanged))

    def _index(self, number: int, record: IndexedRecord | KnownRecord) -> None:
        """File one record's words and pairs (the records come in number order): what
        :func:`analyse` says of it. A word the record writes in one form (the usual case) is filed
        by that form's :meth:`_form_slot`: three appends by the slot's bound methods, with neither
        the word nor the form's number looked up again (a pair likewise by its slot). Why: a
        120-month archive files 500,000 such postings and 555,000 of pairs; finding the word, its
        form's number and each array's method again for each cost about 5 % of adding the records
        (9.5 -> 9.1 billion instructions counted by cachegrind; too little to time on a busy machine)."""
        pairs: dict[str, float] = {}
        forms, keys, length = _gather(record.parts, pairs)
        titled: dict[str, list[str]] = {}
        title_words = 0
        if record.heading:
            _, titled, title_length = _gather([(record.heading, 1.0)], None)
            title_words = max(1, round(title_length))
        self.lengths.append(length)
        keep = self.keys is not None
        slot_of = self.form_slots.get
        for key, group in keys.items():
            if len(group) == 1:
                form = group[0]
                slot = slot_of(form)
                if slot is None:
                    slot = self._form_slot(key, form)
                add_record, add_weight, add_mask, mask, word, packed = slot
                add_record(number)
                add_weight(forms[form])
                add_mask(mask)
                if keep:
                    word.add_seq(packed)
            else:
                word = self.words.get(key)
                if word is None:
                    word = self.words[key] = _Word(keep)
                weight = forms[group[0]]
                for form in group[1:]:  # the forms' weights added in the order first written (:func:`_terms`)
                    weight = weight + forms[form]
                ids = word.ids_of(group)
                word.records.append(number)
                word.weights.append(weight)
                word.masks.append(_mask(ids))
                if keep:
                    word.add_seq(_pack(ids))
            if titled and key in titled:
                ids = word.ids_of(titled[key])
                word.titled.extend((number, _mask(ids), title_words))
                if keep:
                    word.add_tseq(_pack(ids))
        pair_slot_of = self.pair_slots.get
        for key, weight in pairs.items():
            pair_slot = pair_slot_of(key)
            if pair_slot is None:
                pair = self.pairs[key] = _Pair()
                pair_slot = self.pair_slots[key] = (pair.records.append, pair.weights.append)
            add_record, add_weight = pair_slot
            add_record(number)
            add_weight(weight)

    def _form_slot(self, key: str, form: str) -> tuple:
        """How :meth:`_index` files a posting of ``form`` (of the word ``key``) alone: the append
        methods of its word's records, weights and masks, its mask, its word and its packed number
        (a form's number is fixed once given while records are added: only a patch numbers forms
        again, and the word's arrays are replaced only then)."""
        word = self.words.get(key)
        if word is None:
            word = self.words[key] = _Word(self.keys is not None)
        place = word.numbers.get(form)
        if place is None:
            place = word.ids_of([form])[0]
        slot = self.form_slots[form] = (word.records.append, word.weights.append, word.masks.append,
                                        1 << place if place < MAX_FORMS else 0, word, place + 1)
        return slot

    def _add_shown(self, number: int, record: IndexedRecord | KnownRecord) -> None:
        if round(record.prior):
            self.priors += (number, round(record.prior))
        if record.month:
            if self.months and self.months[-1][1] == number and self.months[-1][2] == record.month:
                self.months[-1][1] = number + 1
            else:
                self.months.append([number, number + 1, record.month])
        if record.group:
            self.groups.setdefault(record.group, []).append(number)
        if record.section and (not self.sections or self.sections[-1][1] != record.section):
            self.sections.append([number, record.section])
        if self.keys is None:
            self.rows.append([record.shown.get(name, "") for name in FIELDS])
        elif isinstance(record, KnownRecord):
            self.rows.append((record, record.row_text))
            self.row_digests.append(record.row_digest)
        else:
            text = _row(record.shown)
            self.rows.append((record, text))
            self.row_digests.append(_row_digest(text))
        if len(self.rows) == RECORDS_PER_FILE:
            self._flush_rows()

    def finish(self) -> Path:
        """Score every posting, write the word chunks and ``index.json``."""
        if self.rows:
            self._flush_rows()
        # the last build's state when this build's records are all its records (a build after no edit)
        same: _State | None = None
        if self.held is not None:
            assert self.previous is not None  # held only while there is a last build's state
            if self.count == len(self.previous.keys):
                same = self.previous if not self.held else None
                self._patch()
            else:
                self._stop_patching()
        self.form_slots, self.pair_slots = {}, {}  # they hold the postings: let them go with the words
        average = (sum(self.lengths) / self.count if self.count else 0.0) or 1.0
        norms = array("f", (K1 * (1 - B + B * length / average) for length in self.lengths)).tolist()
        keep = self.keys is not None
        self.rescored = 0
        self.entries = len(self.words) + sum(len(pair.records) >= PAIR_MIN_RECORDS for pair in self.pairs.values())
        encoded = {key: self._word_entry(word, norms, average, keep) for key, word in self.words.items()}
        chunks = self._write_chunks("words", encoded, self.words if keep else None)
        if not keep:
            self.words.clear()
        encoded = {key: self._pair_entry(pair, norms, average, keep) for key, pair in self.pairs.items()
                   if len(pair.records) >= PAIR_MIN_RECORDS}
        pair_chunks = self._write_chunks("pairs", encoded, self.pairs if keep else None)
        if not keep:
            self.pairs.clear()
        del encoded
        index = {"format": FORMAT, "records": self.count, "recordsPerFile": RECORDS_PER_FILE,
                 "fields": list(FIELDS), "chunks": chunks, "pairChunks": pair_chunks,
                 "groups": [members for members in self.groups.values() if len(members) > 1],
                 "sections": self.sections, "priors": self.priors, "recency": self._recency()}
        self._write(self.output / "index.json", _json(index))
        self._write(self.output / "vocabulary.json", _json(browser_vocabulary()))
        if keep:
            assert self.keys is not None
            words = _State.put_parts(self.memo, "words", self.words, self.layout.get("words"))
            pairs = _State.put_parts(self.memo, "pairs", self.pairs, self.layout.get("pairs"))
            # A state that is the one read (its keys and lengths those of the same records) is left in
            # the memo as it was: put again, its 230 KB at 120 months were pickled and added to the
            # memo's file by every build after no edit.
            if same is None or (words, pairs, self.chunk_files, self.rows_files) != \
                    (same.words, same.pairs, same.chunks, same.rows):
                self.memo.put(_State.KEY, _State(self.keys, self.lengths, words, pairs, self.chunk_files,
                                                 self.rows_files))
        return self.output

    def _patch(self) -> None:
        """The last build's postings with the changed records' taken out and their new ones put in."""
        state, held = self.previous, self.held
        assert state is not None and held is not None  # called only while patching
        self.held, self.previous, self.unchanged = None, None, []
        self.words, self.layout["words"] = state.get_parts(self.memo, "words", state.words)
        self.pairs, self.layout["pairs"] = state.get_parts(self.memo, "pairs", state.pairs)
        self.lengths = state.lengths
        word: _Word | None
        pair: _Pair | None
        for word in self.words.values():
            word.touched = False
        for pair in self.pairs.values():
            pair.touched = False
        changed = [number for number, _ in held]
        for collection in (self.words, self.pairs):
            gone = []
            for key, entry in collection.items():
                if entry.drop(changed):
                    gone.append(key)
            for key in gone:
                del collection[key]
        for number, record in held:
            terms, length, pairs, titled, title_words = analyse(record.parts, record.heading)
            self.lengths[number] = length
            for key, (weight, forms) in terms.items():
                word = self.words.get(key)
                if word is None:
                    word = self.words[key] = _Word(True)
                title = (titled[key][1], max(1, round(title_words))) if key in titled else None
                word.insert(number, weight, forms, title)
            for key, weight in pairs.items():
                pair = self.pairs.get(key)
                if pair is None:
                    pair = self.pairs[key] = _Pair()
                pair.insert(number, weight)
        for word in self.words.values():
            if word.touched:
                word.settle(changed)

    def _recency(self) -> list[int]:
        """``[first record, end, bonus, …]`` of each run of records of one month (:func:`recency_bonus`)."""
        if not self.months:
            return []
        newest = Month(max(run[2] for run in self.months))
        flat: list[int] = []
        for first, end, month in self.months:
            bonus = recency_bonus(newest.months_since(Month(month)))
            if bonus:
                flat += (first, end, bonus)
        return flat

    def _write_chunks(self, folder: str, encoded: dict[str, str], entries: dict | None = None) -> list[str]:
        """Write ``folder/<n>.json`` of the encoded entries by prefix; returns the chunks' prefixes.
        ``entries``: the words or pairs kept between builds, whose ``touched`` says that an entry may
        differ from the last build's (a chunk of untouched entries is the last build's file)."""
        chunks = chunk_words({key: len(text) + len(key) + 4 for key, text in encoded.items()})
        where = self.output / folder  # one path joined per chunk, not two (3,200 chunks at 600 months)
        where.mkdir(exist_ok=True)
        previous = self.previous_chunks.get(folder, [])
        written = self.chunk_files[folder] = []
        for number, (_, keys) in enumerate(chunks):
            path = where / f"{number}.json"
            named = hashlib.blake2b("\x00".join(keys).encode("utf-8", "surrogatepass"), digest_size=16).digest() \
                if self.files is not None and entries is not None else b""
            if entries is not None and named and number < len(previous):
                known, key = previous[number]
                if known == named and not any(entries[word].touched for word in keys) and self._place(key, path):
                    written.append((named, key))
                    continue
            body = ",".join(f"{_json(key)}:{encoded[key]}" for key in keys)
            written.append((named, self._write(path, "{" + body + "}")))
        return [prefix for prefix, _ in chunks]

    def _flush_rows(self) -> None:
        """Write the records file of the rows gathered. With a memo, a file whose rows are those of the
        last build's file of its number (the digest of each row, :func:`_row_digest`, in order) is that
        build's file, linked: its rows are not made, encoded nor hashed. Why: after a one-task edit one
        file of 2,000 at 600 months changes, and writing each again (its records' rows, its JSON, the
        hash of its bytes) was ≈ 0.2 s of the search job."""
        number = (self.count - 1) // RECORDS_PER_FILE
        path = self.records_folder / f"{number}.json"
        if self.keys is None:
            self._write(path, _json(self.rows))
        else:
            named = hashlib.blake2b(b"".join(self.row_digests), digest_size=16).digest()
            previous = self.previous_rows
            if number < len(previous) and previous[number][0] == named and self._place(previous[number][1], path):
                self.rows_files.append(previous[number])
            else:
                texts = [text if text is not None else _row(record.shown) for record, text in self.rows]
                self.rows_files.append((named, self._write(path, "[" + ",".join(texts) + "]")))
            self.row_digests = []
        self.rows = []

    def _write(self, path: Path, text: str) -> str:
        """Write ``text`` to ``path`` (UTF-8), or link the kept file of the same bytes; returns the
        file's key in ``files`` ("" without)."""
        if self.files is None:
            path.write_bytes(text.encode("utf-8"))
            return ""
        return self.files.write(path, text.encode("utf-8"))

    def _place(self, key: str, path: Path) -> bool:
        """Link the kept file of ``key`` at ``path``; whether it was kept."""
        return self.files is not None and self.files.place_kept(key, path)

    def _word_entry(self, word: "_Word", norms: list[float], average: float, keep: bool) -> str:
        """``[forms, postings, titled]`` of one word, scored (see the module's doc), as JSON text.
        Kept between builds, a word whose postings are those of the last build keeps its entry
        when the move of the average length cannot change any of its rounded scores (:func:`_unmoved`)."""
        if keep and word.text is not None and not word.touched and _still_valid(word, average):
            return word.text
        self.rescored += 1
        frequency = len(word.records)
        idf = math.log(1 + (self.count - frequency + 0.5) / (frequency + 0.5))
        if keep and _may_score_again(word):
            changed = _score_again(word, lambda weight, norm: SCALE * (idf * weight * _K1_1 / (weight + norm)),
                                   norms, average)
            if not changed and not word.forms_moved():
                word.settled()
                return word.text  # type: ignore[return-value]  # _may_score_again: it has one
            scores = word.scores
        elif keep:
            exact = [SCALE * (idf * weight * _K1_1 / (weight + norms[number]))
                     for number, weight in zip(word.records, word.weights)]
            scores = _rounded(exact)
            _keep_scores(word, exact, scores, average)
        else:
            scores = [round(SCALE * (idf * weight * _K1_1 / (weight + norms[number]))) or 1  # at least 1
                      for number, weight in zip(word.records, word.weights)]  # read once: no array
        flat = chain.from_iterable(zip(_gaps(word.records), scores, word.masks))
        text = f"[{_json(word.names[:MAX_FORMS])},{_int_list(flat)},{_int_list(word.titled)}]"
        if keep:
            if text != word.text:
                word.touched = True  # its part of the state is kept again (:meth:`_State.put_parts`)
            word.text = text
            word.settled()
        return text

    def _pair_entry(self, pair: "_Pair", norms: list[float], average: float, keep: bool) -> str:
        """Postings ``[record, score, …]`` of a pair of consecutive words, scored as a word (BM25), as
        JSON text (kept from the last build as a word's is, :meth:`_word_entry`)."""
        if keep and pair.text is not None and not pair.touched and _still_valid(pair, average):
            return pair.text
        self.rescored += 1
        frequency = len(pair.records)
        idf = math.log(1 + (self.count - frequency + 0.5) / (frequency + 0.5))
        scaled = SCALE * PAIR_WEIGHT * idf
        if keep and _may_score_again(pair):
            if not _score_again(pair, lambda weight, norm: scaled * weight * _K1_1 / (weight + norm), norms, average):
                pair.settled()
                return pair.text  # type: ignore[return-value]  # _may_score_again: it has one
            scores = pair.scores
        elif keep:
            exact = [scaled * weight * _K1_1 / (weight + norms[number])
                     for number, weight in zip(pair.records, pair.weights)]
            scores = _rounded(exact)
            _keep_scores(pair, exact, scores, average)
        else:
            scores = [round(scaled * weight * _K1_1 / (weight + norms[number])) or 1  # at least 1
                      for number, weight in zip(pair.records, pair.weights)]
        text = _int_list(chain.from_iterable(zip(_gaps(pair.records), scores)))
        if keep:
            if text != pair.text:
                pair.touched = True
            pair.text = text
            pair.settled()
        return text


PATCH_LIMIT = 64  # records changed since the last build above which the index is made afresh
_K1_1 = K1 + 1
# How far a norm can move besides the average's move: each of the old and new norms is rounded to
# a float32 (2**-24 of it), with room to spare
_NORM_ROUNDING = 2e-7


def _rounded(exact: list[float]) -> array:
    """Scores as written: rounded, at least 1."""
    scores = array("I", map(round, exact))
    return array("I", [score or 1 for score in scores]) if 0 in scores else scores


def _slack(exact: list[float]) -> float:
    """The least relative move of any of the unrounded scores ``exact`` that changes its rounded
    score (a score changes at each half unit), 0 when a score sits on a half."""
    try:
        return min(map(truediv, map(abs, map(sub, map(fmod, exact, repeat(1.0)), repeat(0.5))), exact), default=0.0)
    except ZeroDivisionError:
        return 0.0


def _unmoved(basis: float, average: float, slack: float) -> bool:
    """Whether scores made with the average length ``basis`` round as they did when made with
    ``average``, for a word or pair of the same postings whose scores had ``slack`` (:func:`_slack`).

    Why: after an edit the average record length moves a little and every score with it, but a
    score is written rounded, so scoring every posting again (1 million at 120 months) changes
    none of most words' entries. A posting's norm ``K1 (1 - B + B length / average)`` moves by at
    most the relative move ``d`` of the average (plus float32 rounding), so its unrounded score
    ``idf w (K1 + 1) / (w + norm)`` moves by at most ``d / (1 - d)`` of itself: below the slack, no
    rounded score moves."""
    drift = abs(basis / average - 1) + _NORM_ROUNDING
    return drift < 1 and drift / (1 - drift) < slack


# Bounds of the averages for which a posting's rounded score stands are kept as float32, pulled
# inwards by this much more than float32's rounding (2**-24) so that a bound kept is never looser
_BOUND_MARGIN = 2.0 ** -22
_FLOAT32_MAX = 3.0e38


def _bounds(exact: float, average: float) -> tuple[float, float]:
    """The open range of average lengths for which a posting whose unrounded score made with
    ``average`` is ``exact`` keeps its rounded score: :func:`_unmoved` of that one posting, said as
    absolute averages (so that postings scored with different averages can be kept side by side).
    Empty when its score sits too near a half (it is scored again at any move)."""
    if exact <= 0:
        return math.inf, -math.inf
    slack = abs(fmod(exact, 1.0) - 0.5) / exact
    # _unmoved: drift / (1 - drift) < slack with drift = |basis / average - 1| + _NORM_ROUNDING
    reach = slack / (1 + slack) - _NORM_ROUNDING
    if reach <= 0:
        return math.inf, -math.inf
    return (average / (1 + reach) * (1 + _BOUND_MARGIN),
            min(average / (1 - reach) * (1 - _BOUND_MARGIN), _FLOAT32_MAX))


def _all_bounds(exact: list[float], average: float) -> tuple[float, list[float], list[float]]:
    """:func:`_slack` of ``exact`` and the low and high :func:`_bounds` of each of its postings,
    by the same arithmetic in three passes over the postings rather than a call and a tuple for
    each. Why: the first edit after a full build keeps the bounds of every posting of the common
    words it scores again (420,000 postings at 120 months), and the calls were most of its cost
    (≈ 0.3 s of CPU)."""
    if not exact or min(exact) <= 0:  # no slack to divide by: the one-posting way, which knows them
        bounds = [_bounds(value, average) for value in exact]
        return _slack(exact), [low for low, _ in bounds], [high for _, high in bounds]
    slacks = list(map(truediv, map(abs, map(sub, map(fmod, exact, repeat(1.0)), repeat(0.5))), exact))
    reaches = [slack / (1 + slack) - _NORM_ROUNDING for slack in slacks]
    widen_low, narrow_high, infinity = 1 + _BOUND_MARGIN, 1 - _BOUND_MARGIN, math.inf
    lows = [average / (1 + reach) * widen_low if reach > 0 else infinity for reach in reaches]
    highs = [(high if (high := average / (1 - reach) * narrow_high) < _FLOAT32_MAX else _FLOAT32_MAX)
             if reach > 0 else -infinity for reach in reaches]  # min(high, _FLOAT32_MAX) without a call
    return min(slacks), lows, highs


def _still_valid(entry: "_Word | _Pair", average: float) -> bool:
    """Whether every rounded score of an entry whose postings are the last build's stands at ``average``."""
    if entry.lows is not None:
        return entry.low < average < entry.high
    return _unmoved(entry.basis, average, entry.slack)


def _keep_scores(entry: "_Word | _Pair", exact: list[float], scores: array, average: float) -> None:
    """Keep what an entry scored afresh needs to be scored again in part (:func:`_score_again`).

    Only an entry scored again in a patch (it had a text) keeps each posting's bounds: after an
    edit those are the common words whose many postings leave no slack for the average's move,
    and a first build need not pay for the bounds of every posting."""
    entry.basis = average
    if entry.text is None:
        entry.slack = _slack(exact)
        entry.scores = entry.lows = entry.highs = None
        return
    if entry.lows is None:
        entry.touched = True  # its part is kept again with the bounds (its text may be the same)
    entry.slack, lows, highs = _all_bounds(exact, average)
    entry.scores = scores
    entry.lows = array("f", lows)
    entry.highs = array("f", highs)
    entry.low, entry.high = max(entry.lows, default=-math.inf), min(entry.highs, default=math.inf)


def _may_score_again(entry: "_Word | _Pair") -> bool:
    """Whether an entry can be scored again posting by posting: it keeps its postings' bounds, and
    the patch put back every record it took out (the same records: the same frequency, so the same
    idf, and the same places)."""
    return entry.text is not None and entry.lows is not None and entry.gone.keys() == entry.redo


def _score_again(entry: "_Word | _Pair", exact_of, norms: list[float], average: float) -> bool:
    """Score again the postings of an entry (:func:`_may_score_again`) whose rounded score may
    have moved: those of the records the patch put in, and those whose bounds ``average`` is not
    within. Why: after an edit the average moves a little and a common word's scores with it; of
    its thousands of postings, a handful sit near enough to a half to round otherwise, and scoring
    all of them again (and checking the rest) was the most of an edit's search index.
    Whether any rounded score changed (``exact_of(weight, norm)``: a posting's unrounded score)."""
    records, weights, scores, lows, highs = entry.records, entry.weights, entry.scores, entry.lows, entry.highs
    assert scores is not None and lows is not None and highs is not None  # see _may_score_again
    places = {bisect_left(records, number) for number in entry.redo}
    if not entry.low < average < entry.high:
        places.update(compress(count(), map(average.__le__, lows)))
        places.update(compress(count(), map(average.__ge__, highs)))
    if not places:
        return False
    changed = False
    for at in places:
        exact = exact_of(weights[at], norms[records[at]])
        score = round(exact) or 1  # at least 1, as _rounded
        if score != scores[at]:
            scores[at] = score
            changed = True
        lows[at], highs[at] = _bounds(exact, average)
    entry.low, entry.high = max(lows, default=-math.inf), min(highs, default=math.inf)
    return changed


def _row(shown: dict[str, str]) -> str:
    """A record's row in its records file, as JSON text (the file is the list of its rows)."""
    return _json([shown.get(name, "") for name in FIELDS])


def _row_digest(row: str) -> bytes:
    """A digest of a row's JSON text (:func:`_row`): it covers every byte the row writes in the records
    file, so two rows of one digest write the same bytes (see :meth:`IndexWriter._flush_rows`)."""
    return hashlib.blake2b(row.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _record_key(record: IndexedRecord) -> bytes:
    """A hash of everything a record's postings are made of: its searched parts and its heading."""
    described = "".join([f"{weight!r}\x00{text}\x00" for text, weight in record.parts]) + record.heading
    return hashlib.blake2b(described.encode("utf-8", "surrogatepass"), digest_size=16).digest()  # one update, one encode


def _gaps(records: array) -> Iterator[int]:
    """Record numbers as differences from the previous one (the first from 0), read once."""
    return map(sub, records, chain((0,), records))


def _mask(ids: list[int]) -> int:
    """Bits of forms by their number (forms are numbered in the order first met: the first
    :data:`MAX_FORMS` have a bit)."""
    bits = 0
    for number in ids:
        if number < MAX_FORMS:
            bits |= 1 << number
    return bits


def _pack(ids: list[int]) -> int:
    """A posting's form numbers in the order written, in one integer (16 bits each)."""
    packed = 0
    for place, number in enumerate(ids):
        packed |= (number + 1) << (16 * place)
    return packed


def _unpack(packed: int) -> list[int]:
    ids = []
    while packed:
        ids.append((packed & 0xFFFF) - 1)
        packed >>= 16
    return ids


# What an entry scored again in a patch keeps to be scored again posting by posting next time
# (see _keep_scores): each posting's rounded score and the bounds of the averages it stands for,
# the tightest of those bounds, and the records a patch put in and took out
_KEPT_SCORES = ("scores", "lows", "highs", "low", "high", "redo", "gone")
# shared empty values of the few fields a patch fills, so that reading the last build's thousands of
# entries makes no containers (each one made costs, and brings the garbage collector's scans sooner)
_NONE: frozenset[int] = frozenset()
_NONE_GONE: dict[int, int] = {}  # never filled: see _drop_kept_scores
_NO_CHANGES: dict[int, list] = {}  # never filled: see _Word._changes


def _no_kept_scores(entry: "_Word | _Pair") -> None:
    entry.scores = entry.lows = entry.highs = None
    entry.low, entry.high = math.inf, -math.inf
    entry.redo, entry.gone = _NONE, _NONE_GONE


def _drop_kept_scores(entry: "_Word | _Pair", at: int, number: int) -> None:
    """A posting taken out: its rounded score is kept aside, to be told from the new one's."""
    entry.gone = {**entry.gone, number: entry.scores[at] if entry.scores is not None else 0}  # a new dict: see _NONE
    if entry.scores is not None:
        del entry.scores[at], entry.lows[at], entry.highs[at]


def _insert_kept_scores(entry: "_Word | _Pair", at: int, number: int) -> None:
    """A posting put in: scored again (its bounds are empty until it is)."""
    entry.redo = entry.redo | {number}  # a new set: an entry's may be the shared _NONE
    if entry.scores is not None:
        entry.scores.insert(at, entry.gone.get(number, 0))
        entry.lows.insert(at, math.inf)
        entry.highs.insert(at, -math.inf)


class _Pair:
    """One pair of consecutive folded words: the records that write it and its weight in each,
    and (kept between builds) its written entry."""

    __slots__ = ("records", "weights", "text", "touched", "slack", "basis") + _KEPT_SCORES

    def __init__(self):
        self.records = array("I")
        self.weights = array("f")
        self.text: str | None = None
        self.touched = False
        self.slack = self.basis = 0.0  # of its scores, and the average length they were made with (:func:`_unmoved`)
        _no_kept_scores(self)

    def drop(self, numbers: list[int]) -> bool:
        """Take out the postings of the records ``numbers``; whether none is left."""
        for number in numbers:
            at = bisect_left(self.records, number)
            if at < len(self.records) and self.records[at] == number:
                del self.records[at], self.weights[at]
                _drop_kept_scores(self, at, number)
                self.touched = True
        return not self.records

    def insert(self, number: int, weight: float) -> None:
        at = bisect_left(self.records, number)
        self.records.insert(at, number)
        self.weights.insert(at, weight)
        _insert_kept_scores(self, at, number)
        self.touched = True

    def settled(self) -> None:
        """Scored after the patch: what the patch changed is in the scores now."""
        self.redo, self.gone = _NONE, _NONE_GONE

    def __getstate__(self):
        return (self.records.tobytes(), self.weights.tobytes(), self.text, self.slack, self.basis,
                _bytes_of(self.scores), _bytes_of(self.lows), _bytes_of(self.highs), self.low, self.high)

    def __setstate__(self, state):
        (records, weights, self.text, self.slack, self.basis, scores, lows, highs, self.low, self.high) = state
        self.records, self.weights = array("I", records), array("f", weights)
        self.scores, self.lows, self.highs = _kept_scores_of(scores, lows, highs)
        self.touched = False
        self.redo, self.gone = _NONE, _NONE_GONE


class _Word:
    """One folded word's postings as parallel arrays, and its forms in the order first met (a
    form's number is its place in that order; the first :data:`MAX_FORMS` have a bit).

    Kept between builds (``keep``), each posting also holds its forms' numbers in the order the
    record writes them (``seqs``, and ``tseqs`` for its title's), so that when a record changes,
    the order forms are first met in, and so their bits, can be worked out again."""

    __slots__ = ("names", "numbers", "records", "weights", "masks", "titled", "seqs", "tseqs", "text", "touched",
                 "pending", "slack", "basis", "was", "reshaped") + _KEPT_SCORES

    def __init__(self, keep: bool = False):
        self.names: list[str] = []  # forms by number
        self.numbers: dict[str, int] = {}  # form → number
        self.records = array("I")
        self.weights = array("f")
        self.masks = array("I")
        self.titled = array("I")  # [record, forms mask, title words, …]
        self.seqs: array | list | None = array("I") if keep else None
        self.tseqs: array | list | None = array("I") if keep else None
        self.text: str | None = None
        self.touched = False
        self.pending: set[int] = set()  # numbers of the forms of postings taken out or put in by a patch
        self.slack = self.basis = 0.0  # of its scores, and the average length they were made with (:func:`_unmoved`)
        _no_kept_scores(self)
        # what a patch changed besides scores: each taken-out record's (mask, title posting), and
        # whether forms were numbered anew or added
        self.was: dict[int, list] = _NO_CHANGES
        self.reshaped = False

    def ids_of(self, forms: Iterable[str]) -> list[int]:
        """The numbers of ``forms``; a form met for the first time gets the next number."""
        numbers = self.numbers
        if len(numbers) != len(self.names):  # read from the last build: numbered when first needed
            numbers = self.numbers = {form: number for number, form in enumerate(self.names)}
        ids = []
        for form in forms:
            number = numbers.get(form)
            if number is None:
                number = numbers[form] = len(self.names)
                self.names.append(form)
                self.reshaped = True
            ids.append(number)
        return ids

    def add_seq(self, packed: int) -> None:
        assert self.seqs is not None  # called only for a word kept between builds
        try:
            self.seqs.append(packed)
        except OverflowError:  # more than two forms of one word in a record: rare, kept as Python ints
            self.seqs = list(self.seqs)
            self.seqs.append(packed)

    def add_tseq(self, packed: int) -> None:
        assert self.tseqs is not None  # called only for a word kept between builds
        try:
            self.tseqs.append(packed)
        except OverflowError:
            self.tseqs = list(self.tseqs)
            self.tseqs.append(packed)

    def drop(self, numbers: list[int]) -> bool:
        """Take out the postings of the records ``numbers``; whether none is left."""
        for number in numbers:
            at = bisect_left(self.records, number)
            if at < len(self.records) and self.records[at] == number:
                assert self.seqs is not None  # a patch drops only from words kept between builds
                self.pending.update(_unpack(self.seqs[at]))
                self._changes()[number] = [self.masks[at], None]
                del self.records[at], self.weights[at], self.masks[at], self.seqs[at]
                _drop_kept_scores(self, at, number)
                self.touched = True
            at = bisect_left(self.titled[::3], number)
            if at * 3 < len(self.titled) and self.titled[at * 3] == number:
                assert self.tseqs is not None
                self.pending.update(_unpack(self.tseqs[at]))
                self._changes().setdefault(number, [None, None])[1] = self.titled[at * 3:at * 3 + 3].tolist()
                del self.titled[at * 3:at * 3 + 3], self.tseqs[at]
        return not self.records

    def insert(self, number: int, weight: float, forms: list[str], title: tuple[list[str], int] | None) -> None:
        """A record's posting (its masks are set by :meth:`renumber`)."""
        at = bisect_left(self.records, number)
        self.records.insert(at, number)
        self.weights.insert(at, weight)
        self.masks.insert(at, 0)
        _insert_kept_scores(self, at, number)
        ids = self.ids_of(forms)
        self.pending.update(ids)
        self._insert_seq(self.seqs, at, _pack(ids), "seqs")
        if title is not None:
            forms, words = title
            at = bisect_left(self.titled[::3], number)
            self.titled[at * 3:at * 3] = array("I", (number, 0, words))
            ids = self.ids_of(forms)
            self.pending.update(ids)
            self._insert_seq(self.tseqs, at, _pack(ids), "tseqs")
        self.touched = True

    def settle(self, changed: list[int]) -> None:
        """After a patch of the records ``changed``: when every form their postings wrote (before
        and after) is written by a record before them, no form is first met elsewhere than it was,
        so the numbers stand and only the new postings' masks are set; else :meth:`renumber`."""
        pending, self.pending = self.pending, set()
        first = min(changed)
        titled, tseqs = self.titled, self.tseqs
        assert self.seqs is not None and tseqs is not None  # settled only after a patch of a kept word
        title_at = 0
        for record, packed in zip(self.records, self.seqs):
            if not pending or record >= first:
                break
            pending.difference_update(_unpack(packed))
            if title_at < len(tseqs) and titled[title_at * 3] == record:
                pending.difference_update(_unpack(tseqs[title_at]))
                title_at += 1
        if pending:
            self.renumber()
            return
        for number in changed:
            at = bisect_left(self.records, number)
            if at < len(self.records) and self.records[at] == number:
                self.masks[at] = _mask(_unpack(self.seqs[at]))
            at = bisect_left(titled[::3], number)
            if at * 3 < len(titled) and titled[at * 3] == number:
                titled[at * 3 + 1] = _mask(_unpack(tseqs[at]))

    def _insert_seq(self, seqs, at: int, packed: int, name: str) -> None:
        try:
            seqs.insert(at, packed)
        except OverflowError:
            seqs = list(seqs)
            seqs.insert(at, packed)
            setattr(self, name, seqs)

    def renumber(self) -> None:
        """Number the forms again in the order first met (records in order, each record's forms
        then its title's, as :meth:`IndexWriter._index` meets them), drop forms no longer written,
        and set every mask from the new numbers."""
        self.reshaped = True
        order: dict[int, int] = {}
        titled = self.titled
        assert self.seqs is not None and self.tseqs is not None  # renumbered only after a patch of a kept word
        title_at = 0
        for record, packed in zip(self.records, self.seqs):
            for number in _unpack(packed):
                if number not in order:
                    order[number] = len(order)
            if title_at < len(self.tseqs) and titled[title_at * 3] == record:
                for number in _unpack(self.tseqs[title_at]):
                    if number not in order:
                        order[number] = len(order)
                title_at += 1
        if list(order) != list(range(len(self.names))):
            self.names = [self.names[number] for number in order]
            self.numbers = {form: number for number, form in enumerate(self.names)}
            remap = order.__getitem__
            seqs = [_pack(list(map(remap, _unpack(packed)))) for packed in self.seqs]
            tseqs = [_pack(list(map(remap, _unpack(packed)))) for packed in self.tseqs]
            self.seqs = _compact(seqs)
            self.tseqs = _compact(tseqs)
        self.masks = array("I", [_mask(_unpack(packed)) for packed in self.seqs])
        for place, packed in enumerate(self.tseqs):
            titled[place * 3 + 1] = _mask(_unpack(packed))

    def _changes(self) -> dict[int, list]:
        if self.was is _NO_CHANGES:
            self.was = {}
        return self.was

    def forms_moved(self) -> bool:
        """Whether the patch changed what the entry writes besides scores: its forms, or the forms
        mask or title posting of a record it put back (its records are the same: :func:`_may_score_again`)."""
        if self.reshaped:
            return True
        titled = self.titled
        for number in self.redo:
            mask, title = self.was.get(number, (None, None))
            if self.masks[bisect_left(self.records, number)] != mask:
                return True
            at = bisect_left(titled[::3], number)
            now = titled[at * 3:at * 3 + 3].tolist() if at * 3 < len(titled) and titled[at * 3] == number else None
            if now != title:
                return True
        return False

    def settled(self) -> None:
        """Scored after the patch: what the patch changed is in the entry now."""
        self.redo, self.gone = _NONE, _NONE_GONE
        self.was, self.reshaped = _NO_CHANGES, False

    def __getstate__(self):
        return (self.names, self.records.tobytes(), self.weights.tobytes(), self.masks.tobytes(), self.titled.tobytes(),
                _bytes_of(self.seqs), _bytes_of(self.tseqs), self.text, self.slack, self.basis,
                _bytes_of(self.scores), _bytes_of(self.lows), _bytes_of(self.highs), self.low, self.high)

    def __setstate__(self, state):
        (self.names, records, weights, masks, titled, seqs, tseqs, self.text,
         self.slack, self.basis, scores, lows, highs, self.low, self.high) = state
        self.records, self.weights, self.masks, self.titled = \
            array("I", records), array("f", weights), array("I", masks), array("I", titled)
        # a list (see _compact) as it was kept
        self.seqs = array("I", seqs) if type(seqs) is bytes else seqs
        self.tseqs = array("I", tseqs) if type(tseqs) is bytes else tseqs
        self.scores, self.lows, self.highs = _kept_scores_of(scores, lows, highs)
        self.numbers = {}  # made by :meth:`ids_of` for the few words a patch changes
        self.touched = False
        self.pending = set()
        self.redo, self.gone = _NONE, _NONE_GONE
        self.was, self.reshaped = _NO_CHANGES, False


def _bytes_of(values: array | list | None) -> bytes | list | None:
    """An entry's array as its bytes, to be pickled (see :meth:`_Word.__getstate__`); a list
    (:func:`_compact`) or None as it is. Why: a pickled array is made again by a call to the array
    module's reconstructor, each costing as much as a small Python call; the 13,000 words and pairs of
    a 120-month index kept 55,000 arrays, read back after every edit (≈ 0.03 s of the search job).
    Their bytes are read back as one bytes object each and made an array by its type's constructor."""
    return values.tobytes() if isinstance(values, array) else values


def _kept_scores_of(scores: bytes | None, lows: bytes | None, highs: bytes | None) -> tuple:
    """An entry's kept scores and bounds (:data:`_KEPT_SCORES`) from what :func:`_bytes_of` kept: all
    three or none (see :func:`_keep_scores`, :func:`_no_kept_scores`)."""
    if scores is None:
        return None, None, None
    assert lows is not None and highs is not None  # kept together
    return array("I", scores), array("f", lows), array("f", highs)


def _compact(values: list[int]) -> array | list[int]:
    try:
        return array("I", values)
    except OverflowError:
        return values


class _State:
    """What a build keeps of its index for the next (see :class:`IndexWriter`): each record's
    content key, each record's weighted length, and (in parts of the memo of their own, numbered
    by ``words`` and ``pairs``) every word's and pair's postings with their written entries.

    Why in parts: at 600 months the postings are 120 MB pickled and more alive; pickled whole, the
    last build's were held beside this build's or the new ones beside the living. A part is
    pickled and its words let go one at a time, and read only when the index is patched. A patch
    pickles again only the parts it changed (:meth:`put_parts`): the others' pickled copies, read
    from the memo, stay in it as they were (so are held beside the living while patching)."""

    KEY = "search index state"
    # words or pairs to a part, and postings: at 120 months (some 5,800 words and 7,100 pairs) a
    # one-task edit changes some 160 words and pairs, common ones of thousands of postings each,
    # which were in most parts of 256 words; parts of at most 64 words or 4,096 postings, the
    # common words apart, pickle again 1,550 words and 620,000 postings after such an edit, not
    # 12,900 and 1 million (put_parts 0.07 -> 0.03 s)
    PART = 64
    POSTINGS = 4096

    def __init__(self, keys: list[bytes], lengths: array, words: int, pairs: int,
                 chunks: dict[str, list[tuple[bytes, str]]] | None = None, rows: list[tuple[bytes, str]] | None = None):
        self.keys, self.lengths, self.words, self.pairs = keys, lengths, words, pairs
        self.chunks = chunks or {}  # folder → [(a hash of the chunk's words, its file's key)] (see IndexWriter)
        self.rows = rows or []  # each records file's [(a digest of its rows, its file's key)] (IndexWriter._flush_rows)

    @classmethod
    def put_parts(cls, memo, name: str, entries: dict, layout: list[list[str]] | None = None) -> int:
        """Put ``entries`` into the memo in parts, emptying it as they are pickled; returns the number of parts.

        ``layout``: the keys of each part the entries were read from (:meth:`get_parts`). Such a
        part none of whose entries changed (``touched``: postings patched or written entry made
        anew) or went is left in the memo as it was read, not pickled again: after a one-task edit
        most parts are. An entry scored again to the same written entry is left out of
        date in its part, which holds with it the average length and slack its text was made with,
        so it says truly when that text stands (:func:`_unmoved`). New entries fill the last part
        and new ones after it."""
        layout = layout or []
        parts = 0
        for keys in layout[:-1]:
            if any(key not in entries or entries[key].touched for key in keys):
                memo.put(f"{cls.KEY} {name} {parts}", {key: entries.pop(key) for key in keys if key in entries})
            else:
                for key in keys:
                    del entries[key]
            parts += 1
        if layout and len(entries) == len(layout[-1]) and all(
                key in entries and not entries[key].touched for key in layout[-1]):
            entries.clear()  # the last part unchanged and nothing new
            parts += 1
        # the last part's entries (in the order read) and the new ones after them; in a first
        # layout, the entries of the most postings first, a part holding up to PART entries or
        # POSTINGS postings: the common words nearly every edit touches, each of many postings, are
        # parts of their own or of a few, so that an edit does not pickle again the words beside them
        order = list(entries) if layout else sorted(entries, key=lambda key: -len(entries[key].records))
        part: dict = {}
        held = 0
        for key in order:
            entry = part[key] = entries.pop(key)
            held += len(entry.records)
            if len(part) == cls.PART or held >= cls.POSTINGS:
                memo.put(f"{cls.KEY} {name} {parts}", part)
                part, held, parts = {}, 0, parts + 1
        if part:
            memo.put(f"{cls.KEY} {name} {parts}", part)
            parts += 1
        return parts

    @classmethod
    def get_parts(cls, memo, name: str, parts: int) -> tuple[dict, list[list[str]]]:
        """The entries :meth:`put_parts` put as ``parts`` parts, and the keys of each part."""
        entries: dict = {}
        layout: list[list[str]] = []
        with _collector_paused():
            for part in range(parts):
                kept = memo.get(f"{cls.KEY} {name} {part}", {})
                layout.append(list(kept))
                entries.update(kept)
        return entries, layout


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The garbage collector held off while the index is written, and while the last build's
    entries are read: the words, pairs, cached lines and rows made are objects that live on, so each
    of the collector's passes over them, brought on by their number, finds nothing. The whole job
    of a 120-month archive leaves some 230 objects in cycles for it; its passes cost 0.2-0.3 s of
    CPU in a build without cache (≈ 7 %) and, when one is a full pass, 0.1 s after a one-task edit
    (reading the entries took a third longer). The pause is the process's: in the preview
    (``make serve``) the index is written on a thread of its own, and the other threads run without
    the collector meanwhile (measured at 120 months: no higher peak; the next rebuild waits for that
    thread, and the collector is on again when it ends). A forked search job turns the collector off
    for its whole life instead (:meth:`portal.build.session.Build._start_search`): its first pass after
    this pause went over every object the index made, to find a few hundred cycles, in a process that
    ends right after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def write_index(records: Iterable[IndexedRecord | KnownRecord], output: Path, memo=None, files=None) -> int:
    """Write the index of ``records`` (numbered in this order, taken one at a time) into the folder
    ``output`` (replaced); returns the number of records. ``memo``, ``files``: see :class:`IndexWriter`."""
    with _collector_paused():
        writer = IndexWriter(output, memo, files)
        for record in records:
            writer.add(record)
        writer.finish()
    return writer.count


def chunk_words(sizes: dict[str, int], limit: int | None = None) -> list[tuple[str, list[str]]]:
    """The word chunks as ``(prefix, words)``, by prefix: a word lives in the chunk of its longest prefix.

    Words are grouped by first letter; a group over ``limit`` bytes keeps only the words as long
    as its prefix and splits the others by one more letter, and so on. So a common prefix gets
    small chunks of its own and the browser fetches only the chunks a typed word can be in.
    """
    limit = limit or CHUNK_BYTES
    chunks: list[tuple[str, list[str]]] = []

    def split(prefix: str, keys: list[str]) -> None:
        if sum(map(sizes.__getitem__, keys)) <= limit or all(len(key) <= len(prefix) for key in keys):
            chunks.append((prefix, keys))
            return
        groups: dict[str, list[str]] = defaultdict(list)
        for key in keys:
            groups[key[: len(prefix) + 1]].append(key)
        if prefix in groups:  # the words that are the prefix itself
            chunks.append((prefix, groups.pop(prefix)))
        for longer, members in sorted(groups.items()):
            split(longer, members)

    split("", sorted(sizes))
    return sorted(chunks)


def chunk_of(key: str, prefixes: Iterable[str]) -> str | None:
    """The chunk a word lives in: the longest of ``prefixes`` that begins it (as search.js finds it)."""
    known = set(prefixes)
    return next((key[:end] for end in range(len(key), -1, -1) if key[:end] in known), None)


def _int_list(values: Iterable[int]) -> str:
    """A list of integers as :func:`_json` writes it (``[1,2,3]``) in less time: each number's text is
    looked up in C (:data:`_INT_TEXTS`) and joined. Postings are most of what the index writes (2.6
    million numbers at 120 months, a few thousand distinct): this took 0.05 s where the list's own
    ``repr`` without its spaces took 0.12 s (each number formatted anew, then the text copied again).
    Plain ``int`` only: the memo's keys compare by value, so a ``True`` or a ``1.0`` would be written
    as the ``1`` met first (every caller gives numbers from ``array("I")`` or ``round``)."""
    return "[" + ",".join(map(_INT_TEXTS.__getitem__, values)) + "]"


# A number of a posting → its decimal text: gaps, scores and masks repeat across the postings (distinct
# values are at most the records' count plus a few hundred; the memo starts again past 65,536: ≤ 7 MB).
_INT_TEXTS: WordMemo[int, str] = WordMemo(str, limit=1 << 16)


def _json(value) -> str:
    """``json.dumps(value, ensure_ascii=False, separators=(",", ":"))``, by one encoder made once:
    ``dumps`` with options makes an encoder each call, which cost more than encoding a word (the
    index encodes every word and pair key and each word's forms, 20,000 values at 120 months)."""
    return _ENCODER.encode(value)


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
