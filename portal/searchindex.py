"""The search index the browser reads (``assets/javascripts/search.js``), written as small JSON files.

Why an index of our own and not Pagefind's: Pagefind ranks every result against every matched
(word, page) pair, so a common word (``tỉnh``, ``tuyên truyền``) on a 120-month archive took
0.2-1 s per keystroke in the browser; and its indexer took 100 KB of memory and 0.9 ms of CPU per
record (650 MB and 5 s for 120 months, 3 GB for 600). This index is scored at build time, so the
browser only adds up numbers: linear in the postings of the words typed.

Layout, in the folder ``search/`` (format :data:`FORMAT`):

- ``index.json``: the number of records, the record fields, the word chunks (by key prefix);
- ``words/<n>.json``: for each folded word (``dang``) of chunk ``n``: the forms it is written in
  (``đảng``, ``đang``…), its postings ``[record, score, forms, …]``, its title bonus and the
  records whose title has it ``[record, forms, …]``. Posting record numbers are differences from
  the previous one; ``forms`` has a bit per form the record (or its title) writes the word in;
- ``records/<n>.json``: what the results show for records ``n*RECORDS_PER_FILE`` onwards.

Scores are BM25 (k1 = 1.2, b = 0.75) over weighted words: a page's title weighs as a heading, the
shown text as text, the other searched words (lead, units, status, terms) much less, so that what
a result shows is why it ranks; a page's title words also add a bonus that its length does not
dilute, so ``Tháng 11/2023`` puts that month's page before its 48 tasks. Every word is a key in folded form (``Đảng`` → ``dang``), so any
accents typed or none find it; the browser prefers the records that write it as typed.
"""
from __future__ import annotations

import json
import math
import re
import shutil
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from .searchtokens import compound_runs, compounds, type_name
from .textfold import fold, nfc

FORMAT = 1
RECORDS_PER_FILE = 16  # results show 10 at a time: a few small files, not one big one
CHUNK_BYTES = 24_000  # a chunk of words is split by a longer prefix above this size
FIELDS = ("href", "title", "text", "kind", "info", "whole")
MAX_FORMS = 30  # forms of one word that get their own bit (more are never an exact match)
K1, B = 1.2, 0.75
SCALE = 10  # scores are written as integers: BM25 × 10 (a word of a 120-month archive scores 1-200)
HEADING_WEIGHT, TEXT_WEIGHT, EXTRA_WEIGHT = 3.0, 1.0, 0.2
HEADING_BONUS = 2.0  # in units of a word's idf: a page titled with the words comes before tasks citing them
_TOKEN_RE = re.compile(r"\w+")
_AMPERSAND_WORD_RE = re.compile(r"\w+(?:&\w+)+")  # ``BTG&DV``: also a word of its own, as typed


@dataclass
class IndexedRecord:
    """What the index needs of a search record: its weighted searched parts and its shown data."""

    parts: list[tuple[str, float]]  # (text, weight)
    shown: dict[str, str]
    heading: str = ""  # a page's title: its words also score :data:`HEADING_BONUS`, however long the page


def record_forms(parts: Iterable[tuple[str, float]]) -> tuple[dict[str, float], float]:
    """Each word of a record as written (lower case) with its weight, and the record's weighted length.

    Words are ``\\w+`` runs; a compound code (``24-CT/TW``) also counts as each run of two or
    more of its parts joined (``24cttw``, ``24ct``, ``cttw``), which is how the browser sends a
    code typed whole or in part; a document code also adds its type's words (``Chỉ thị``) at
    half weight.
    """
    forms: dict[str, float] = {}
    length = 0.0
    for text, weight in parts:
        text = nfc(text)
        lower = text.lower()
        for token in _TOKEN_RE.findall(lower):
            forms[token] = forms.get(token, 0.0) + weight
            length += weight
        for token in _AMPERSAND_WORD_RE.findall(lower):
            forms[token] = forms.get(token, 0.0) + weight
        for compound in compounds(text):
            for run in compound_runs(compound):
                forms[run] = forms.get(run, 0.0) + weight
            for token in _TOKEN_RE.findall(type_name(compound).lower()):
                forms[token] = forms.get(token, 0.0) + weight / 2
    return forms, length


def record_terms(parts: Iterable[tuple[str, float]]) -> tuple[dict[str, tuple[float, list[str]]], float]:
    """Folded word → (weight, forms written), and the record's weighted length."""
    forms, length = record_forms(parts)
    terms: dict[str, tuple[float, list[str]]] = {}
    for form, weight in forms.items():
        key = fold(form)
        known = terms.get(key)
        terms[key] = (weight, [form]) if known is None else (known[0] + weight, known[1] + [form])
    return terms, length


def write_index(records: list[IndexedRecord], output: Path) -> Path:
    """Write the index of ``records`` (numbered in this order) into the folder ``output`` (replaced)."""
    shutil.rmtree(output, ignore_errors=True)
    (output / "words").mkdir(parents=True)
    (output / "records").mkdir()
    encoded = {key: _json(entry) for key, entry in _postings(records).items()}
    chunks = chunk_words({key: len(text) + len(key) + 4 for key, text in encoded.items()})
    for number, (_, keys) in enumerate(chunks):
        body = ",".join(f"{_json(key)}:{encoded[key]}" for key in keys)
        (output / "words" / f"{number}.json").write_text("{" + body + "}", encoding="utf-8")
    for start in range(0, len(records), RECORDS_PER_FILE):
        rows = [[record.shown.get(name, "") for name in FIELDS] for record in records[start:start + RECORDS_PER_FILE]]
        (output / "records" / f"{start // RECORDS_PER_FILE}.json").write_text(_json(rows), encoding="utf-8")
    index = {"format": FORMAT, "records": len(records), "recordsPerFile": RECORDS_PER_FILE,
             "fields": list(FIELDS), "chunks": [prefix for prefix, _ in chunks]}
    (output / "index.json").write_text(_json(index), encoding="utf-8")
    return output


def _postings(records: list[IndexedRecord]) -> dict[str, list]:
    """Folded word → ``[forms, postings, title bonus, titled]`` (see the module's doc), records in order."""
    analysed = [record_terms(record.parts) for record in records]
    headings = [record_terms([(record.heading, 1.0)])[0] if record.heading else {} for record in records]
    count = len(analysed) or 1
    average = sum(length for _, length in analysed) / count or 1.0
    frequency: Counter = Counter()
    written: dict[str, Counter] = defaultdict(Counter)
    for terms, _ in analysed:
        frequency.update(terms.keys())
        for key, (_, forms) in terms.items():
            written[key].update(forms)
    bits = {key: {form: 1 << number for number, (form, _) in enumerate(
        sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:MAX_FORMS])} for key, counts in written.items()}
    idf = {key: math.log(1 + (count - df + 0.5) / (df + 0.5)) for key, df in frequency.items()}
    words: dict[str, list] = {key: [list(bits[key]), [], round(SCALE * idf[key] * HEADING_BONUS), [], 0]
                              for key in frequency}
    for number, (terms, length) in enumerate(analysed):
        norm = K1 * (1 - B + B * length / average)
        heading = headings[number]
        for key, (weight, forms) in terms.items():
            entry = words[key]
            key_bits = bits[key]
            score = idf[key] * weight * (K1 + 1) / (weight + norm)
            entry[1] += (number - entry[4], max(1, round(SCALE * score)), sum(key_bits.get(form, 0) for form in forms))
            entry[4] = number
            if key in heading:
                entry[3] += (number, sum(key_bits.get(form, 0) for form in heading[key][1]))
    return {key: entry[:4] for key, entry in words.items()}


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
