"""The month-end report as the office's Word document, ready to complete and sign.

A portrait A4 document in the Party's format, written by the same writer and with the same
letterhead and signature block as the programme (:mod:`portal.outputs.wordml`):

- the letterhead, «BÁO CÁO» and its subject;
- I. the overall assessment: the counts in one sentence, then a place for the leader's words;
- II. the results: by section (a sentence each, then the count table), by lead department, and
  the list of each column's tasks (done with their date and timeliness, in progress, ongoing…);
- III. shortcomings and causes: the overdue unfinished tasks listed, then a place for the causes;
- IV. direction for next month: what carries over, then a place for the month's priorities;
- ``Nơi nhận:`` beside the signature block of the programme.

The placeholders are in square brackets and italics, as the number and date of the letterhead
(``[so]``, ``[ng]``), so the clerk finds every one. Counts and lists come from
:func:`portal.site.report.month_report`, the same as the report page, so both say the same; a
status column no task falls in is left out of the tables.
"""
from __future__ import annotations

from portal.outputs import wordml
from portal.outputs.timestamps import document_time
from portal.outputs.wordml import (BODY_SIZE, CENTER, JUSTIFY, PORTRAIT, Table, lines_xml, paragraph, rich_xml,
                                   run_properties, runs_paragraph)
from portal.site.report import (DROPPED, IN_PROGRESS, NOT_STARTED, ONGOING, POSTPONED, TAIL_HEADERS, MonthReport,
                                Row, TaskList, column_label, line_value)

PAGE = PORTRAIT
COUNT_SIZE = 24  # 12 pt in the count tables
COUNT_HEADER_SIZE = 20  # 10 pt: a column word fits a narrow column
_UPRIGHT_BELOW = 14.5  # mm: a count column narrower than this has its title written upright
_INDENT = wordml.twips(12.7)
_GAP = 120  # 6 pt before a paragraph of the text
_PLACEHOLDER = run_properties(italic=True)
# Width in mm of each list column (a date, «III.12» on one line at 12 pt); the task's words take the rest.
_WIDTHS = {"number": 15, "lead": 24, "deadline": 25, "status": 22, "done_date": 25, "timeliness": 20, "carried_to": 24}
LIST_SIZE = 24  # 12 pt in the lists: the programme's 13 pt on a portrait line would wrap every date


def export_report_docx(report: MonthReport) -> bytes:
    """The report as .docx bytes."""
    programme = report.programme
    place = f"{programme.place}, " if programme.place else ""
    body = [
        wordml.letterhead(parent_body=programme.parent_body, issuing_body=programme.issuing_body,
                          reference=f"[so]-{report.symbol}", motto=programme.motto or wordml.MOTTO,
                          place_date=f"{place}ngày [ng] tháng [th] năm {programme.year}", page=PAGE),
        paragraph(),
        paragraph("BÁO CÁO", bold=True, size=BODY_SIZE, align=CENTER),
        paragraph(f"Kết quả thực hiện Chương trình công tác tháng {report.month_label}", bold=True, size=BODY_SIZE,
                  align=CENTER),
        paragraph("-----", align=CENTER),
        _text(f"Thực hiện Chương trình công tác tháng {report.month_label} (số {programme.reference}), "
              "kết quả thực hiện trong tháng như sau:"),
        _heading("I. ĐÁNH GIÁ CHUNG"),
        _text(report.summary),
        _placeholder("[Nhận định chung của lãnh đạo về kết quả thực hiện chương trình trong tháng.]"),
        _heading("II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ"),
        _subheading("1. Theo mục của chương trình"),
        *[_text(f"{row.label}: {row.total} nhiệm vụ; {row.phrase()}.") for row in report.sections],
        paragraph(),
        _counts_table(report, "Mục", report.sections),
        _subheading("2. Theo phòng chủ trì"),
        _counts_table(report, "Phòng chủ trì", report.departments),
        _subheading("3. Các nhiệm vụ"),
    ]
    for letter, task_list in zip("abcdefghij", report.lists()):
        body.append(_subheading(f"{letter}) {task_list.heading} ({len(task_list.lines)})", italic=True))
        body.append(_tasks_table(task_list))
    body += [_heading("III. HẠN CHẾ, NGUYÊN NHÂN"), *_shortcomings(report),
             _heading(f"IV. PHƯƠNG HƯỚNG, NHIỆM VỤ THÁNG {report.next_month_label}"), *_direction(report),
             paragraph(keep_next=True),  # the last lines on the signature's page
             wordml.signature_block(recipients=programme.recipients, drafter="", titles=programme.signature.titles,
                                    mark=programme.signature.mark, name=programme.signature.name, page=PAGE)]
    return wordml.document("".join(body), PAGE, title=report.title, author=programme.issuing_body,
                           moment=document_time([programme.month]))


def _heading(text: str) -> str:
    return paragraph(text, bold=True, size=BODY_SIZE, before=_GAP * 2, keep_next=True, indent=_INDENT)


def _subheading(text: str, italic: bool = False) -> str:
    return paragraph(text, bold=True, italic=italic, size=BODY_SIZE, before=_GAP, keep_next=True, indent=_INDENT)


def _text(text: str) -> str:
    return paragraph(text, size=BODY_SIZE, align=JUSTIFY, indent=_INDENT, before=_GAP)


def _placeholder(text: str, keep_next: bool = False) -> str:
    return runs_paragraph([(text, run_properties(italic=True, size=BODY_SIZE))], align=JUSTIFY, indent=_INDENT,
                          before=_GAP, keep_next=keep_next)


def _shortcomings(report: MonthReport) -> list[str]:
    """The overdue unfinished tasks, then the tasks not started or dropped, then room for the causes."""
    overdue = report.overdue_list
    out = []
    if overdue.lines:
        out.append(_text(f"Còn {len(overdue.lines)} nhiệm vụ quá hạn (thời hạn đến hết tháng {report.month_label}) "
                         "chưa hoàn thành:"))
        out.append(_tasks_table(overdue))
    else:
        out.append(_text(f"Không có nhiệm vụ nào quá hạn (thời hạn đến hết tháng {report.month_label}) "
                         "mà chưa hoàn thành."))
    counts = report.total.counts
    unstarted = [f"{counts[column]} nhiệm vụ {column_label(column).lower()}"
                 for column in (NOT_STARTED, DROPPED) if counts[column]]
    if unstarted:
        out.append(_text("Trong tháng còn " + " và ".join(unstarted) + "."))
    out.append(_placeholder("[Hạn chế, khuyết điểm và nguyên nhân (khách quan, chủ quan).]"))
    return out


def _direction(report: MonthReport) -> list[str]:
    """What goes on into next month, then room for its priorities."""
    counts = report.total.counts
    parts = [f"{counts[column]} nhiệm vụ {word}" for column, word in (
        (POSTPONED, "chuyển sang tháng sau"), (IN_PROGRESS, "đang thực hiện"), (ONGOING, "thực hiện thường xuyên"),
        (NOT_STARTED, "chưa thực hiện")) if counts[column]]
    out = []
    if parts:
        out.append(_text("Tiếp tục thực hiện " + ", ".join(parts) + "; hoàn thành dứt điểm các nhiệm vụ quá hạn."
                         if report.overdue else "Tiếp tục thực hiện " + ", ".join(parts) + "."))
    out.append(_placeholder(f"[Các nhiệm vụ trọng tâm tháng {report.next_month_label}.]", keep_next=True))
    return out


def _counts_table(report: MonthReport, label: str, rows: list[Row]) -> str:
    """Counts per row by the month's non-empty columns, then total, on time, late, overdue."""
    columns = report.columns
    headers = [column_label(column) for column in columns] + TAIL_HEADERS
    number_width = min(16.0, (PAGE.text_width - 44) / len(headers))
    table = Table([PAGE.text_width - number_width * len(headers)] + [number_width] * len(headers),
                  grid_style=True, centered=True)
    # Too narrow for «Chuyển» on a line (eight columns or more), the column titles are turned upright.
    upright = range(1, len(headers) + 1) if number_width < _UPRIGHT_BELOW else ()
    table.row([([paragraph(text, bold=True, size=COUNT_HEADER_SIZE, align=CENTER)], 1)
               for text in [label] + headers], header=True, upright=upright, height_mm=28 if upright else 0)
    for row in rows + [report.total]:
        bold = row is report.total
        table.row([([paragraph(row.label, bold=bold, size=COUNT_SIZE)], 1)]
                  + [([paragraph(str(n), bold=bold, size=COUNT_SIZE, align=CENTER)], 1) for n in row.cells(columns)])
    return table.xml()


def _tasks_table(task_list: TaskList) -> str:
    """One list: the header row repeated on every page, a row per task, never split across pages."""
    columns = task_list.columns
    rest = PAGE.text_width - sum(_WIDTHS[key] for _, key in columns if key != "text")
    table = Table([rest if key == "text" else _WIDTHS[key] for _, key in columns], grid_style=True, centered=True)
    table.row([([paragraph(header, bold=True, size=LIST_SIZE, align=CENTER)], 1) for header, _ in columns],
              header=True)
    keys = [key for _, key in columns]
    for line in task_list.lines:
        table.cells_row([rich_xml(line.task.text, LIST_SIZE) if key == "text" else
                         lines_xml(line_value(line, key), None if key == "lead" else CENTER, LIST_SIZE) for key in keys])
    return table.xml()

