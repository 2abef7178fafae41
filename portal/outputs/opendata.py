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
from typing import Sequence

from portal.outputs.tasktable import TaskRow

FORMAT_VERSION = 1
CSV_FIELDS = ["id", "month", "section", "section_title", "number", "text", "lead", "lead_ids", "lead_names",
              "coordinators", "deadline", "deadline_kind", "deadline_start", "deadline_end", "status", "done",
              "directives", "url"]


def _iso(day) -> str | None:
    return day.isoformat() if day else None


def task_record(row: TaskRow) -> dict:
    return {
        "id": row.id,
        "month": row.month,
        "section": row.section,
        "section_title": row.section_title,
        "number": row.number,
        "text": row.text,
        "lead": {"text": row.lead, "departments": [{"id": d.id, "code": d.code, "name": d.name} for d in row.leads]},
        "coordinators": row.coordinators,
        "deadline": {"text": row.deadline, "kind": row.deadline_kind, "start": _iso(row.deadline_start),
                     "end": _iso(row.deadline_end)},
        "status": row.status,
        "done": row.done,
        "directives": [d.id for d in row.directives],
        "url": row.page,
    }


def tasks_json(rows: Sequence[TaskRow], site_name: str = "") -> bytes:
    """The JSON document: the tasks, and the departments and documents their ids name."""
    departments: dict[str, dict] = {}
    directives: dict[str, dict] = {}
    for row in rows:
        for d in row.leads:
            departments.setdefault(d.id, {"id": d.id, "code": d.code, "name": d.name})
        for cited in row.directives:
            directives.setdefault(cited.id, {"id": cited.id, "label": cited.label, "url": cited.url})
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
    head = json.dumps(document, ensure_ascii=False)[:-1]
    tasks = ",\n".join(json.dumps(task_record(row), ensure_ascii=False) for row in rows)
    return f'{head}, "tasks": [\n{tasks}\n]}}\n'.encode("utf-8")


def schema_json() -> bytes:
    """The JSON Schema, kept as a file beside this module (``opendata_schema.json``)."""
    return resources.files("portal.outputs").joinpath("opendata_schema.json").read_bytes()


def tasks_csv(rows: Sequence[TaskRow]) -> bytes:
    """One line per task, UTF-8 with BOM, CRLF line ends (as Excel writes CSV)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_FIELDS)
    for row in rows:
        writer.writerow([
            row.id, row.month, row.section, row.section_title, row.number, row.text, row.lead,
            "; ".join(d.id for d in row.leads), "; ".join(d.name for d in row.leads),
            "; ".join(row.coordinators), row.deadline, row.deadline_kind, _iso(row.deadline_start) or "",
            _iso(row.deadline_end) or "", row.status, "1" if row.done else "0",
            "; ".join(d.id for d in row.directives), row.page,
        ])
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")
