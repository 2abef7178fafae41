"""Stage «confirm»: after placing, the import checks itself against the document.

Nothing may vanish in silence, and nothing may sit in the wrong field: every field's cells are read
by what they hold (:mod:`.kinds`), and a cell that reads as another field (a unit in a deadline, a
date in a lead) is reported and stops the import as a line that could not be placed does.

Every text of the source (each printed line of each paragraph and cell) must be found in a field
of the data, or be kept under ``unplaced`` and reported with its position; every numbered row of
every table must have become a task. The check is deliberately independent of how the rows were
placed: it compares the document's texts with the data's, so a layout the placer misreads still
cannot lose a line without the clerk being told where it was.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Sequence

from portal.content.importers.columns import COLUMN_LABELS, find_columns
from portal.content.importers.result import ImportResult
from portal.text.fold import fold

PAGE_NUMBER = re.compile(r"^(?:trang\s*)?[-–(]?\s*\d{1,3}\s*(?:/\s*\d{1,3})?\s*[-–)]?$")

_MARKUP_RE = re.compile(r"</?i>|\*\*")
_IGNORED_RE = re.compile(r"[\s\-–—+•·*_=.,;:()\[\]\"'“”‘’/\\]+")
# Words the document prints that the data keeps implicitly (labels of fields, not content).
_LABEL_WORDS = ("Số", "Nơi nhận", "Ghi chú", *COLUMN_LABELS.values())


def _squash(text: str) -> str:
    """The letters and digits of ``text``, case-folded: what must survive, whatever the layout."""
    text = unicodedata.normalize("NFC", _MARKUP_RE.sub("", text))
    return _IGNORED_RE.sub("", text).casefold()


def _values(value) -> list[str]:
    if isinstance(value, dict):
        return [text for item in value.values() for text in _values(item)]
    if isinstance(value, list):
        return [text for item in value for text in _values(item)]
    return [str(value)] if value not in (None, "") and not isinstance(value, bool) else []


def check(result: ImportResult, texts: list[tuple[str, str]], outside_rows: Sequence[tuple[str, str]] = ()) -> None:
    """Report (and keep under ``unplaced``) every text of ``texts`` that is in no field of the data.

    ``texts`` are ``(text, where)`` for each printed line; ``outside_rows`` numbered table rows
    that were not read as part of the task table.
    """
    if result.errors:
        return
    haystack = _squash(" ".join(_values(result.data)))
    labels = {_squash(label) for label in _LABEL_WORDS}
    for text, where in texts:
        squashed = _squash(text)
        if not squashed or squashed in haystack or squashed in labels or _is_header_cell(text):
            continue
        if re.fullmatch(r"\d{1,3}|[ivxlc]{1,6}|[a-z]", squashed):  # a bare number or label: its row is checked
            continue
        if PAGE_NUMBER.match(fold(text.strip())):  # «Trang 2», «- 2 -»: a page number left by a converter
            continue
        if _covered_by_parts(squashed, haystack):
            continue
        result.unplaced(_position(result, where), text, "đoạn chữ không được xếp vào trường nào khi nhập")
    for text, where in outside_rows:
        result.unplaced(_position(result, where), text, "hàng có số thứ tự nằm ngoài bảng nhiệm vụ")


def _is_header_cell(text: str) -> bool:
    return bool(find_columns([text])) or bool(re.fullmatch(r"\(?\d{1,2}\)?", text.strip()))


def _covered_by_parts(squashed: str, haystack: str) -> bool:
    """Header lines printed as one (``Số [so]-CTr/BTGTU``): covered when their label and the rest are."""
    for label in ("số", "nơinhận", "phần", "mục"):
        if squashed.startswith(label) and squashed[len(label):] and squashed[len(label):] in haystack:
            return True
    return False


def _position(result: ImportResult, where: str) -> int:
    """A position number for ``where`` (the importer's numbering is per line; this adds one)."""
    number = max(result.places, default=0) + 1
    result.places[number] = where
    return number


def confirm_fields(result: ImportResult) -> None:
    """Read every task's fields by their content: count the cells confirmed (for the report) and report
    each cell that reads as another field than its own."""
    from portal.content.importers.kinds import FIELD_KINDS, KIND_NAMES, verdict
    from portal.content.importers.report import iter_tasks

    if result.errors:
        return
    counts = {key: [0, 0] for key in FIELD_KINDS}
    for task in iter_tasks(result.data):
        line = result.task_lines.get(id(task))
        for key in FIELD_KINDS:
            value = task.get(key)
            values = value if isinstance(value, list) else [value] if value else []
            for text in values:
                if not str(text).strip():
                    continue
                counts[key][1] += 1
                found = verdict(key, str(text))
                if found == "own":
                    counts[key][0] += 1
                elif found is not None and line is not None:
                    result.misplaced(line, key, str(text), KIND_NAMES[found])
    result.confirmed = {key: pair for key, pair in counts.items() if pair[1]}


def refuse_empty_form(result: ImportResult) -> bool:
    """An empty form (the table's header and headings, no task): refused, not written as a month of 0 tasks."""
    from portal.content.importers.report import iter_tasks

    if result.errors or any(True for _ in iter_tasks(result.data)):
        return False
    result.error("bảng nhiệm vụ không có nhiệm vụ nào (hàng có số thứ tự và nội dung): đây là mẫu trống hoặc văn "
                 "bản chưa điền. Hãy nhập văn bản chương trình đã có nhiệm vụ.", "kind")
    return True
