"""Open data: every public task as JSON (with a JSON Schema beside it) and as CSV.

For the province's other systems: ``du-lieu/nhiem-vu.json`` lists the tasks newest month first,
with the departments and cited documents the ids refer to; ``du-lieu/nhiem-vu.schema.json``
(JSON Schema 2020-12) says what each field is; ``du-lieu/nhiem-vu.csv`` has the same fields flat
(lists joined by ``; ``), in UTF-8 with a byte-order mark so that Excel reads the Vietnamese text
right. Field names are ASCII and stable; the user guide (``content/pages/du-lieu-mo.md``)
explains them in Vietnamese. The same data gives the same bytes (no build time inside).
"""
from __future__ import annotations

import csv
import io
import json
from importlib import resources
from typing import Any, Callable, Iterable, Optional, Sequence

from portal.content.columns import DATA_COLUMNS, Column
from portal.outputs.tasktable import TaskRow

FORMAT_VERSION = 1


def _iso(day) -> str | None:
    return day.isoformat() if day else None


# The fields: where the task is, the task table's columns (portal.content.columns, under their
# ``data_name``), and beside a column what the indexes read from it; then the documents it cites
# and its address. The JSON keeps lists as lists and gives the lead and the deadline as objects
# (the text as written and what it was read as); the CSV is flat.
_BEFORE: list[tuple[str, Callable[[TaskRow], Any]]] = [
    ("id", lambda row: row.id), ("month", lambda row: row.month),
    ("section", lambda row: row.section), ("section_title", lambda row: row.section_title),
]
_CSV_BESIDE: dict[str, list[tuple[str, Callable[[TaskRow], str]]]] = {
    "lead": [("lead_ids", lambda row: "; ".join(d.id for d in row.leads)),
             ("lead_names", lambda row: "; ".join(d.name for d in row.leads))],
    "deadline": [("deadline_kind", lambda row: row.deadline_kind),
                 ("deadline_start", lambda row: _iso(row.deadline_start) or ""),
                 ("deadline_end", lambda row: _iso(row.deadline_end) or "")],
    "status": [("done", lambda row: "1" if row.done else "0")],
}
_JSON_VALUE: dict[str, Callable[[TaskRow], Any]] = {
    "lead": lambda row: {"text": row.lead,
                         "departments": [{"id": d.id, "code": d.code, "name": d.name} for d in row.leads]},
    "deadline": lambda row: {"text": row.deadline, "kind": row.deadline_kind, "start": _iso(row.deadline_start),
                             "end": _iso(row.deadline_end)},
}
_JSON_BESIDE: dict[str, list[tuple[str, Callable[[TaskRow], Any]]]] = {"status": [("done", lambda row: row.done)]}
_CSV_AFTER: list[tuple[str, Callable[[TaskRow], str]]] = [
    ("directives", lambda row: "; ".join(d.id for d in row.directives)), ("url", lambda row: row.page)]
_JSON_AFTER: list[tuple[str, Callable[[TaskRow], Any]]] = [
    ("directives", lambda row: [d.id for d in row.directives]), ("url", lambda row: row.page)]


def _csv_column(column: Column) -> tuple[str, Callable[[TaskRow], str]]:
    return column.data_name or column.key, lambda row: row.value(column, "; ")


def _json_field(column: Column) -> tuple[str, Callable[[TaskRow], Any]]:
    if column.key in _JSON_VALUE:
        return column.data_name or column.key, _JSON_VALUE[column.key]
    if column.kind == "list[str]":
        return column.data_name or column.key, lambda row: list(row.read(column))
    return column.data_name or column.key, lambda row: row.value(column)


_CSV = [*_BEFORE, *(field for column in DATA_COLUMNS
                    for field in [_csv_column(column), *_CSV_BESIDE.get(column.key, [])]), *_CSV_AFTER]
_JSON = [*_BEFORE, *(field for column in DATA_COLUMNS
                     for field in [_json_field(column), *_JSON_BESIDE.get(column.key, [])]), *_JSON_AFTER]
CSV_FIELDS = [name for name, _ in _CSV]


# ``json.dumps(record, ensure_ascii=False)``, its encoder made once: dumps makes one a call when an
# option is not the default (a task's line is small: that was a third of writing it)
_LINE = json.JSONEncoder(ensure_ascii=False)


def task_record(row: TaskRow) -> dict:
    return {name: value(row) for name, value in _JSON}


def json_lines(rows: Sequence[TaskRow]) -> list[str]:
    """Each row's line of the JSON document's task list."""
    return [_LINE.encode(task_record(row)) for row in rows]


def json_part(rows: Sequence[TaskRow]) -> bytes:
    """The lines of ``rows`` in the JSON document's task list, as written (a part of :func:`tasks_json`,
    made apart so that the part of an unchanged month can be kept from an earlier build and written
    as it is: one block of bytes, not a line at a time)."""
    return ",\n".join(json_lines(rows)).encode("utf-8")


def json_catalogue(rows: Sequence[TaskRow]) -> tuple[list[dict], list[dict], list[dict]]:
    """What the JSON document lists besides the tasks, as ``rows`` name it: their lead departments,
    the documents they cite, and the targets of those documents' relations, each the first time
    named (a part of :func:`tasks_json`, made apart, as :func:`json_part`, so that a month's can be
    kept from an earlier build)."""
    departments: dict[str, dict] = {}
    directives: dict[str, dict] = {}
    targets: dict[str, dict] = {}
    for row in rows:
        for d in row.leads:
            departments.setdefault(d.id, {"id": d.id, "code": d.code, "name": d.name})
        for cited in row.directives:
            directives.setdefault(cited.id, {"id": cited.id, "label": cited.label, "url": cited.url, "relations": [
                {"kind": r.kind, "target": r.target.id, "evidence": r.evidence, "stated": r.stated}
                for r in cited.relations]})
            for r in cited.relations:
                targets.setdefault(r.target.id, {"id": r.target.id, "label": r.target.label, "url": r.target.url,
                                                 "relations": []})
    return list(departments.values()), list(directives.values()), list(targets.values())


def tasks_json(rows: Sequence, site_name: str = "", parts: Optional[Iterable[bytes]] = None,
               catalogues: Optional[Sequence[tuple[list[dict], list[dict], list[dict]]]] = None) -> bytes:
    """The JSON document: the tasks, and the departments and documents their ids name; ``parts``:
    the rows' :func:`json_part` in order, when already made (read once: they may be given as they
    are made); ``catalogues``: the rows' :func:`json_catalogue` in parts, in order, when already
    made (then the rows are asked only their number and months)."""
    if catalogues is None:
        catalogues = [json_catalogue(rows)]
    departments: dict[str, dict] = {}
    directives: dict[str, dict] = {}
    for named_departments, cited, _ in catalogues:
        for department in named_departments:
            departments.setdefault(department["id"], department)
        for document in cited:
            directives.setdefault(document["id"], document)
    # a related document no published task cites is listed too, so every target is an id here
    for _, _, targets in catalogues:
        for target in targets:
            directives.setdefault(target["id"], target)
    document = {
        "$schema": "nhiem-vu.schema.json",
        "format_version": FORMAT_VERSION,
        "title": "Nhiệm vụ trong các chương trình công tác tháng" + (f" ({site_name})" if site_name else ""),
        "count": len(rows),
        "months": sorted({row.month for row in rows}, reverse=True),
        "departments": sorted(departments.values(), key=lambda d: d["id"]),
        "directives": sorted(directives.values(), key=lambda d: d["id"]),
    }
    # One task a line: readable, diffable, and written by the C encoder (``indent`` would make
    # json use its pure-Python one, ten times slower on a large archive).
    # Written as bytes part by part: a long archive's document (25 MB at 600 months) is never also
    # held as one string, nor twice.
    out = io.BytesIO()
    out.write(json.dumps(document, ensure_ascii=False)[:-1].encode("utf-8") + b', "tasks": [\n')
    if parts is None:  # each line let go once written
        parts = (_LINE.encode(task_record(row)).encode("utf-8") for row in rows)
    first = True
    for part in parts:
        if part:
            out.write(part if first else b",\n" + part)
            first = False
    out.write(b"\n]}\n")
    return out.getvalue()


def schema_json() -> bytes:
    """The JSON Schema, kept as a file beside this module (``opendata_schema.json``)."""
    return resources.files("portal.outputs").joinpath("opendata_schema.json").read_bytes()


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text_cell(value: str) -> str:
    """A CSV cell that a spreadsheet reads as text, never as a formula: a value starting with
    ``=``, ``+``, ``-``, ``@`` (or a tab, a carriage return) gets a leading apostrophe, which Excel and
    LibreOffice show as nothing but which keeps ``=HYPERLINK(…)`` typed in a task from running."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def csv_lines(rows: Sequence[TaskRow]) -> str:
    """The CSV lines of ``rows`` (a part of :func:`tasks_csv`: a line depends on its row only)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow([text_cell("" if (cell := value(row)) is None else str(cell)) for _, value in _CSV])
    return out.getvalue()


_CSV_CHUNK = 1000  # rows whose lines are made at once: a long archive's lines are never all held as text


def tasks_csv(rows: Sequence[TaskRow], parts: Optional[Iterable[bytes]] = None) -> bytes:
    """One line per task, UTF-8 with BOM, CRLF line ends (as Excel writes CSV); every cell text
    (:func:`text_cell`). ``parts``: the rows' :func:`csv_lines` in order, encoded, when already made."""
    header = io.StringIO()
    csv.writer(header, lineterminator="\r\n").writerow(CSV_FIELDS)
    out = io.BytesIO()  # written part by part, as tasks_json
    out.write(b"\xef\xbb\xbf" + header.getvalue().encode("utf-8"))
    if parts is None:
        parts = (csv_lines(rows[start:start + _CSV_CHUNK]).encode("utf-8") for start in range(0, len(rows), _CSV_CHUNK))
    for part in parts:
        out.write(part)
    return out.getvalue()
