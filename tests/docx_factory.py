"""Build .docx programmes in code, laid out as the office lays them out, for import tests.

Deliberately independent of :mod:`portal.outputs.docx`: the import is checked against
documents written another way (and in awkward variants), not only against our own export.
Input is the month data as the text import gives it (``header``, ``sections``…).
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Callable

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

STANDARD_HEADERS = {
    "number": "Stt",
    "text": "Nội dung công việc",
    "lead": "Phòng chủ trì",
    "coordinators": "Đơn vị phối hợp",
    "deadline": "Thời gian hoàn thành",
    "status": "Tiến độ công việc",
    "note": "Ghi chú",
}


@dataclass
class Layout:
    """How one office (or one careless editor) lays the table out."""

    columns: list[str] = field(default_factory=lambda: ["number", "text", "lead", "coordinators", "deadline", "status"])
    headers: dict[str, str] = field(default_factory=lambda: dict(STANDARD_HEADERS))
    numbering: Callable[[str], str] = str
    merged_section_cell: bool = False  # "I. Title" in one cell across the row, instead of numeral + merged title
    column_numbers_row: bool = False  # a "(1) (2) (3)…" row under the header
    empty_trailing_rows: int = 0
    lead_merged_down: bool = False  # the lead cell merged vertically over a section's tasks when equal
    notes: dict[str, str] = field(default_factory=dict)  # "II.3" → note text, for a Ghi chú column


def build_docx(data: dict, layout: Layout | None = None) -> bytes:
    layout = layout or Layout()
    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    _header_table(document, data["header"])
    for line in (data["header"]["title"], data["header"]["subtitle"]):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(line).bold = True
    document.add_paragraph()
    _task_table(document, data, layout)
    for paragraph_text in data.get("closing", "").split("\n\n"):
        document.add_paragraph(paragraph_text)
    _signature_table(document, data)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _header_table(document, header: dict) -> None:
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.paragraphs[0].text = header["parent_body"]
    left.add_paragraph().add_run(header["issuing_body"]).bold = True
    left.add_paragraph("*")
    left.add_paragraph(f"Số {header['number']}-{header['symbol']}")
    run = right.paragraphs[0].add_run(header["motto"])
    run.bold = run.underline = True
    right.add_paragraph()
    right.add_paragraph().add_run(f"{header['place']}, {header['date']}").italic = True


def _add_rich(paragraph, text: str) -> None:
    """Write ``<i>…</i>`` as italic runs."""
    for index, piece in enumerate(re.split(r"</?i>", text)):
        if piece:
            paragraph.add_run(piece).italic = bool(index % 2)


def _fill(cell, lines: list[str], bold: bool = False, rich: bool = False) -> None:
    cell.paragraphs[0].text = ""
    for index, line in enumerate(lines):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        if rich:
            _add_rich(paragraph, line)
        else:
            paragraph.add_run(line).bold = bold


def _task_table(document, data: dict, layout: Layout) -> None:
    columns = layout.columns
    table = document.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    for cell, key in zip(table.rows[0].cells, columns):
        _fill(cell, [layout.headers[key]], bold=True)
    if layout.column_numbers_row:
        for index, cell in enumerate(table.add_row().cells, start=1):
            _fill(cell, [f"({index})"])
    if data.get("preamble"):
        row = table.add_row()
        merged = row.cells[0].merge(row.cells[-1])
        _fill(merged, [data["preamble"]], bold=True)
    for section in data["sections"]:
        row = table.add_row()
        if layout.merged_section_cell:
            merged = row.cells[0].merge(row.cells[-1])
            _fill(merged, [f"{section['numeral']}. {section['title']}"], bold=True)
        else:
            number_at = columns.index("number")
            others = [c for i, c in enumerate(row.cells) if i != number_at]
            _fill(row.cells[number_at], [section["numeral"]], bold=True)
            _fill(others[0].merge(others[-1]), [section["title"]], bold=True)
        lead_cell = None
        for task in section["tasks"]:
            row = table.add_row()
            label = f"{section['numeral']}.{task['number']}"
            for cell, key in zip(row.cells, columns):
                if key == "lead" and layout.lead_merged_down and lead_cell is not None \
                        and lead_cell.text == task["lead"]:
                    lead_cell = lead_cell.merge(cell)
                    continue
                _fill(cell, _cell_lines(task, key, label, layout), rich=key in ("text", "note"))
                if key == "lead":
                    lead_cell = cell
    for _ in range(layout.empty_trailing_rows):
        table.add_row()


def _cell_lines(task: dict, key: str, label: str, layout: Layout) -> list[str]:
    if key == "number":
        return [layout.numbering(task["number"])]
    if key == "coordinators":
        units = task["coordinators"]
        return [f"- {unit}" for unit in units] if len(units) > 1 else units
    if key == "note":
        return [layout.notes[label]] if label in layout.notes else []
    return task[key].split("\n") if task[key] else []


def _signature_table(document, data: dict) -> None:
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    heading = left.paragraphs[0].add_run("Nơi nhận:")
    heading.bold = heading.italic = True
    for recipient in data["recipients"]:
        run = left.add_paragraph().add_run(f"- {recipient}")
        run.font.size = Pt(11)
    if data.get("drafter"):
        left.add_paragraph(data["drafter"])
    signature = data["signature"]
    right.paragraphs[0].add_run(signature["titles"][0]).bold = True
    for title in signature["titles"][1:]:
        right.add_paragraph().add_run(title).bold = True
    if signature.get("mark"):
        right.add_paragraph(signature["mark"])
    right.add_paragraph()
    right.add_paragraph().add_run(signature["name"]).bold = True
