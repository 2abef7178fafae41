"""The month-end report as the office's Word document, ready to edit and sign.

Laid out as the office's documents are: the two-column header (issuing body and number on the
left, motto and place/date on the right), the document type and its subject centred, then the
counts (by status, per section and per lead department, with done on time / late), the four
lists of tasks, and ``Nơi nhận:`` beside the signature block of the programme. A4 landscape,
Times New Roman, as the programme itself (the count tables have eleven columns).

Written with python-docx: a report is one document written on request (``portal report``), not
one per month of every build, so the library's cost (about 70 ms) does not matter here.
"""
from __future__ import annotations

import io

from portal.site.report import COLUMNS, Line, MonthReport, Row
from portal.text.xmltext import xml_safe

FONT = "Times New Roman"
EMPTY = "Không có nhiệm vụ nào."


def export_report_docx(report: MonthReport) -> bytes:
    """The report as .docx bytes."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(25), Mm(15)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(13)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    programme = report.programme

    def paragraph(cell_or_doc, text: str = "", bold=False, italic=False, align=None, size=None):
        target = cell_or_doc.add_paragraph() if hasattr(cell_or_doc, "add_paragraph") else cell_or_doc
        run = target.add_run(xml_safe(text))
        run.bold, run.italic = bold, italic
        if size:
            run.font.size = Pt(size)
        if align:
            target.alignment = align
        return target

    center = WD_ALIGN_PARAGRAPH.CENTER
    header = document.add_table(rows=1, cols=2)
    left, right = header.rows[0].cells
    left.paragraphs[0].text = ""
    if programme.parent_body:
        paragraph(left.paragraphs[0], programme.parent_body, align=center)
    paragraph(left, programme.issuing_body, bold=True, align=center)
    paragraph(left, "*", align=center)
    paragraph(left, f"Số [so]-{report.symbol}", align=center)
    paragraph(right.paragraphs[0], programme.motto or "ĐẢNG CỘNG SẢN VIỆT NAM", bold=True, align=center)
    year = programme.year
    place = f"{programme.place}, " if programme.place else ""
    paragraph(right, f"{place}ngày [ng] tháng [th] năm {year}", italic=True, align=center)

    paragraph(document, "BÁO CÁO", bold=True, align=center, size=14)
    paragraph(document, f"Kết quả thực hiện Chương trình công tác tháng {report.month_label}",
              bold=True, align=center, size=14)
    total = report.total
    paragraph(document, report.summary, size=14)

    paragraph(document, "I. KẾT QUẢ THEO TIẾN ĐỘ", bold=True, size=14)
    paragraph(document, "1. Theo mục của chương trình", bold=True)
    _counts_table(document, "Mục", report.sections + [total])
    paragraph(document, "2. Theo phòng chủ trì", bold=True)
    _counts_table(document, "Phòng chủ trì", report.departments + [total])

    paragraph(document, "II. CÁC NHIỆM VỤ", bold=True, size=14)
    for number, (_, heading, lines) in enumerate(report.lists(), start=1):
        paragraph(document, f"{number}. {heading} ({len(lines)})", bold=True)
        if lines:
            _tasks_table(document, lines, heading)
        else:
            paragraph(document, EMPTY, italic=True)

    footer = document.add_table(rows=1, cols=2)
    recipients, signature = footer.rows[0].cells
    paragraph(recipients.paragraphs[0], "Nơi nhận:", bold=True, italic=True, size=12)
    for recipient in programme.recipients:
        paragraph(recipients, f"- {recipient}", size=11)
    first = True
    for title in programme.signature.titles:
        paragraph(signature.paragraphs[0] if first else signature, title, bold=True, align=center)
        first = False
    paragraph(signature, "", align=center)
    paragraph(signature, "", align=center)
    paragraph(signature, programme.signature.name, bold=True, align=center)

    document.core_properties.title = report.title
    document.core_properties.author = programme.issuing_body
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


COUNT_HEADERS = COLUMNS + ["Tổng", "Đúng hạn", "Trễ hạn"]


def count_cells(row: Row) -> list[str]:
    """A count row's cells after its label, in :data:`COUNT_HEADERS` order."""
    return [str(n) for n in row.cells()] + [str(row.total), str(row.on_time), str(row.late)]


def _counts_table(document, label: str, rows: list[Row]) -> None:
    table = document.add_table(rows=1, cols=1 + len(COUNT_HEADERS))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, [label] + COUNT_HEADERS):
        cell.text = xml_safe(text)
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, [row.label] + count_cells(row)):
            cell.text = xml_safe(text)
    _repeat_header(table)


TASK_HEADERS = ["Stt", "Nội dung công việc", "Phòng chủ trì", "Thời gian hoàn thành", "Tiến độ"]


def task_cells(line: Line, heading: str) -> list[str]:
    """A task's cells in a list table: the common five, then what that list adds."""
    task = line.task
    cells = [task.label, task.text.replace("<i>", "").replace("</i>", ""), task.lead, task.deadline, task.status]
    if heading.endswith("hoàn thành"):
        cells += [task.done_date.strftime("%d/%m/%Y") if task.done_date else "", line.timeliness]
    elif heading.endswith("tháng sau"):
        cells.append(line.carried_to.replace("/", ", ").replace("-", ".") if line.carried_to else "")
    return cells


def task_headers(heading: str) -> list[str]:
    if heading.endswith("hoàn thành"):
        return TASK_HEADERS + ["Ngày hoàn thành", "Đánh giá"]
    if heading.endswith("tháng sau"):
        return TASK_HEADERS + ["Chuyển sang"]
    return TASK_HEADERS


def _tasks_table(document, lines: list[Line], heading: str) -> None:
    headers = task_headers(heading)
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers):
        cell.text = xml_safe(text)
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for line in lines:
        for cell, text in zip(table.add_row().cells, task_cells(line, heading)):
            cell.text = xml_safe(text)
    _repeat_header(table)


def _repeat_header(table) -> None:
    """The header row repeats on every page a long table crosses (``w:tblHeader``)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = table.rows[0]._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    properties.append(marker)
