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

import json
import math
import re
import shutil
from array import array
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from portal.outputs.search.tokens import (broader_codes, browser_vocabulary, compound_codes, compound_runs, compounds,
                                         sequence_codes, type_name)
from portal.text.fold import fold, nfc
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
    forms: dict[str, float] = {}
    length = 0.0
    for text, weight in parts:
        for line in text.split("\n"):
            counted, words, line_pairs = _line_forms(line)
            for form, count in counted:
                forms[form] = forms.get(form, 0.0) + weight * count
            length += weight * words
            if pairs is not None:
                for pair, count in line_pairs:
                    pairs[pair] = pairs.get(pair, 0.0) + weight * count
    return forms, length


@lru_cache(maxsize=4096)
def _line_forms(line: str) -> tuple[tuple[tuple[str, float], ...], int, tuple[tuple[str, float], ...]]:
    """A line's forms with their counts, and its number of words. Memoised: the searched lines
    of tasks (lead, units, status, deadline, section, terms) repeat across an archive. The cache
    is small: task texts are unique, and 65,536 of them held 300 MB at 600 months."""
    line = nfc(line)
    lower = line.lower()
    counts: dict[str, float] = {}
    words = _TOKEN_RE.findall(lower)
    for token in words:
        counts[token] = counts.get(token, 0.0) + 1
    for token in _AMPERSAND_WORD_RE.findall(lower):
        counts[token] = counts.get(token, 0.0) + 1
    codes = set()
    for compound in compounds(line):
        for run in compound_runs(compound):
            counts[run] = counts.get(run, 0.0) + 1
        for token in _TOKEN_RE.findall(type_name(compound).lower()):
            counts[token] = counts.get(token, 0.0) + 0.5
        codes.update(compound_codes(compound))
    folded = [fold(word) for word in words]
    codes.update(broader for _, _, code in sequence_codes(folded) for broader in broader_codes(code))
    codes.discard("")
    for code in codes:
        counts[code] = counts.get(code, 0.0) + 1
    pairs: dict[str, float] = {}
    for first, second in zip(folded, folded[1:]):
        pair = f"{first} {second}"
        pairs[pair] = pairs.get(pair, 0.0) + 1
    return tuple(counts.items()), len(words), tuple(pairs.items())


def record_terms(parts: Iterable[tuple[str, float]], pairs: dict[str, float] | None = None
                 ) -> tuple[dict[str, tuple[float, list[str]]], float]:
    """Folded word → (weight, forms written), and the record's weighted length (pairs as in :func:`record_forms`)."""
    forms, length = record_forms(parts, pairs)
    terms: dict[str, tuple[float, list[str]]] = {}
    for form, weight in forms.items():
        key = fold(form)
        known = terms.get(key)
        terms[key] = (weight, [form]) if known is None else (known[0] + weight, known[1] + [form])
    return terms, length


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
    """

    def __init__(self, output: Path, memo=None):
        self.output = output
        # the words of records analysed in an earlier build (``memo.cached(parts, make)``, see
        # :class:`portal.build.cache.Memo`): tokenising is most of the index's cost
        self.memo = memo
        shutil.rmtree(output, ignore_errors=True)
        (output / "words").mkdir(parents=True)
        (output / "records").mkdir()
        self.words: dict[str, _Word] = {}
        self.pairs: dict[str, _Pair] = {}
        self.lengths = array("f")
        self.rows: list[list[str]] = []
        self.groups: dict[str, list[int]] = {}
        self.sections: list[list] = []  # [first record, label] where the label changes
        self.priors: list[int] = []  # [record, prior, …]
        self.months: list[list] = []  # [first record, end, month] of each run of records of one month

    @property
    def count(self) -> int:
        return len(self.lengths)

    def add(self, record: IndexedRecord) -> None:
        number = self.count
        if self.memo is None:
            terms, length, pairs, titled, title_words = analyse(record.parts, record.heading)
        else:
            terms, length, pairs, titled, title_words = self.memo.cached(
                ("search terms", record.parts, record.heading), lambda: analyse(record.parts, record.heading))
        self.lengths.append(length)
        for key, (weight, forms) in terms.items():
            word = self.words.get(key)
            if word is None:
                word = self.words[key] = _Word()
            word.records.append(number)
            word.weights.append(weight)
            word.masks.append(word.mask(forms))
            if key in titled:
                word.titled.extend((number, word.mask(titled[key][1]), max(1, round(title_words))))
        for key, weight in pairs.items():
            pair = self.pairs.get(key)
            if pair is None:
                pair = self.pairs[key] = _Pair()
            pair.records.append(number)
            pair.weights.append(weight)
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
        self.rows.append([record.shown.get(name, "") for name in FIELDS])
        if len(self.rows) == RECORDS_PER_FILE:
            self._flush_rows()

    def finish(self) -> Path:
        """Score every posting, write the word chunks and ``index.json``."""
        if self.rows:
            self._flush_rows()
        average = (sum(self.lengths) / self.count if self.count else 0.0) or 1.0
        norms = array("f", (K1 * (1 - B + B * length / average) for length in self.lengths))
        encoded = {key: _json(self._entry(word, norms)) for key, word in self.words.items()}
        self.words.clear()
        chunks = self._write_chunks("words", encoded)
        encoded = {key: _json(self._pair_entry(pair, norms)) for key, pair in self.pairs.items()
                   if len(pair.records) >= PAIR_MIN_RECORDS}
        self.pairs.clear()
        pair_chunks = self._write_chunks("pairs", encoded)
        index = {"format": FORMAT, "records": self.count, "recordsPerFile": RECORDS_PER_FILE,
                 "fields": list(FIELDS), "chunks": chunks, "pairChunks": pair_chunks,
                 "groups": [members for members in self.groups.values() if len(members) > 1],
                 "sections": self.sections, "priors": self.priors, "recency": self._recency()}
        (self.output / "index.json").write_text(_json(index), encoding="utf-8")
        (self.output / "vocabulary.json").write_text(_json(browser_vocabulary()), encoding="utf-8")
        return self.output

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

    def _write_chunks(self, folder: str, encoded: dict[str, str]) -> list[str]:
        """Write ``folder/<n>.json`` of the encoded entries by prefix; returns the chunks' prefixes."""
        chunks = chunk_words({key: len(text) + len(key) + 4 for key, text in encoded.items()})
        (self.output / folder).mkdir(exist_ok=True)
        for number, (_, keys) in enumerate(chunks):
            body = ",".join(f"{_json(key)}:{encoded[key]}" for key in keys)
            (self.output / folder / f"{number}.json").write_text("{" + body + "}", encoding="utf-8")
        return [prefix for prefix, _ in chunks]

    def _flush_rows(self) -> None:
        number = (self.count - 1) // RECORDS_PER_FILE
        (self.output / "records" / f"{number}.json").write_text(_json(self.rows), encoding="utf-8")
        self.rows = []

    def _entry(self, word: "_Word", norms: array) -> list:
        """``[forms, postings, title bonus, titled]`` of one word, scored (see the module's doc)."""
        frequency = len(word.records)
        idf = math.log(1 + (self.count - frequency + 0.5) / (frequency + 0.5))
        flat: list[int] = []
        previous = 0
        for number, weight, mask in zip(word.records, word.weights, word.masks):
            score = idf * weight * (K1 + 1) / (weight + norms[number])
            flat += (number - previous, max(1, round(SCALE * score)), mask)
            previous = number
        return [list(word.forms), flat, list(word.titled)]

    def _pair_entry(self, pair: "_Pair", norms: array) -> list[int]:
        """Postings ``[record, score, …]`` of a pair of consecutive words, scored as a word (BM25)."""
        frequency = len(pair.records)
        idf = math.log(1 + (self.count - frequency + 0.5) / (frequency + 0.5))
        flat: list[int] = []
        previous = 0
        for number, weight in zip(pair.records, pair.weights):
            flat += (number - previous, max(1, round(SCALE * PAIR_WEIGHT * idf * weight * (K1 + 1) / (weight + norms[number]))))
            previous = number
        return flat


class _Pair:
    """One pair of consecutive folded words: the records that write it and its weight in each."""

    __slots__ = ("records", "weights")

    def __init__(self):
        self.records = array("I")
        self.weights = array("f")


class _Word:
    """One folded word's postings as parallel arrays, and its forms (each a bit) in the order first met."""

    __slots__ = ("forms", "records", "weights", "masks", "titled")

    def __init__(self):
        self.forms: dict[str, int] = {}
        self.records = array("I")
        self.weights = array("f")
        self.masks = array("I")
        self.titled = array("I")

    def mask(self, forms: Iterable[str]) -> int:
        """Bits of ``forms``; a form met for the first time gets the next bit, up to :data:`MAX_FORMS`."""
        bits = 0
        for form in forms:
            bit = self.forms.get(form)
            if bit is None:
                if len(self.forms) >= MAX_FORMS:
                    continue
                bit = self.forms[form] = 1 << len(self.forms)
            bits |= bit
        return bits


def write_index(records: Iterable[IndexedRecord], output: Path, memo=None) -> int:
    """Write the index of ``records`` (numbered in this order, taken one at a time) into the folder
    ``output`` (replaced); returns the number of records. ``memo``: see :class:`IndexWriter`."""
    writer = IndexWriter(output, memo)
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
        if sum(sizes[key] for key in keys) <= limit or all(len(key) <= len(prefix) for key in keys):
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


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
