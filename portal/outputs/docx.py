"""Print a month's programme back as the office's Word document (.docx).

The layout is the office's: the letterhead (issuing body left, motto right), the title, the task
table with merged section rows, the closing, then ``Nơi nhận:`` beside the signature; A4
landscape as offices print their programmes, in the Party's format through
:mod:`portal.outputs.wordml` (margins, page numbers from page two, Times New Roman, Vietnamese as
the language), which also writes the month-end report. The importer reads this file back to the
same data file (but for a signature placeholder symbol, which is not printed).

The bytes are deterministic (same data, same file): the document's dates are the programme's
month and every zip entry has a fixed timestamp, so two builds of the site are identical.
"""
from __future__ import annotations

from portal.content.model import Programme, Task
from portal.outputs import wordml
from portal.outputs.timestamps import document_time
from portal.outputs.wordml import BODY_SIZE, CENTER, JUSTIFY, LANDSCAPE, Table, lines, paragraph, rich_paragraphs

PAGE = LANDSCAPE

# (header text, task field, width weight); the Ghi chú column only when a task has a note. The
# weights are millimetres on the office's own landscape page; they are scaled to the text width.
COLUMNS = [("Stt", "number", 12), ("Nội dung công việc", "text", 105), ("Phòng chủ trì", "lead", 32),
           ("Đơn vị phối hợp", "coordinators", 48), ("Thời gian hoàn thành", "deadline", 30),
           ("Tiến độ công việc", "status", 30)]
NOTE_COLUMNS = [("Stt", "number", 12), ("Nội dung công việc", "text", 90), ("Phòng chủ trì", "lead", 30),
                ("Đơn vị phối hợp", "coordinators", 42), ("Thời gian hoàn thành", "deadline", 28),
                ("Tiến độ công việc", "status", 27), ("Ghi chú", "note", 28)]


def export_docx(programme: Programme) -> bytes:
    """The official document of ``programme`` as .docx bytes."""
    body = "".join([
        _header(programme),
        _title(programme),
        _task_table(programme),
        _closing(programme),
        _footer(programme),
    ])
    return wordml.document(body, PAGE, title=f"{programme.title} {programme.subtitle}".strip(),
                           author=programme.issuing_body, moment=document_time([programme.month]))


# -- the document's parts -----------------------------------------------------------------------

def _header(programme: Programme) -> str:
    where = ", ".join(part for part in (programme.place, programme.date_text) if part)
    return wordml.letterhead(parent_body=programme.parent_body, issuing_body=programme.issuing_body,
                             reference=programme.reference, motto=programme.motto, place_date=where, page=PAGE)


def _title(programme: Programme) -> str:
    return "".join([paragraph(),
                    paragraph(programme.title, bold=True, size=BODY_SIZE, align=CENTER),
                    paragraph(programme.subtitle, bold=True, size=BODY_SIZE, align=CENTER),
                    paragraph()])


def _task_table(programme: Programme) -> str:
    """Column titles (repeated on every printed page), the preamble, then each section and its tasks."""
    columns = NOTE_COLUMNS if any(task.note for task in programme.tasks()) else COLUMNS
    table = Table(wordml.fit_widths([width for _, _, width in columns], PAGE.text_width), grid_style=True, centered=True)
    table.row([([paragraph(title, bold=True, align=CENTER)], 1) for title, _, _ in columns], header=True)
    if programme.preamble:
        table.row([([paragraph(programme.preamble, bold=True, italic=True)], len(columns))])
    group_starts = {id(group.sections[0]): group for group in programme.groups
                    if group.sections and (group.letter or group.title)}
    for section in programme.sections:
        group = group_starts.get(id(section))
        if group is not None:  # a group row (A. CÔNG TÁC TUYÊN GIÁO) above its first section, as in the document
            table.row([([paragraph(group.letter, bold=True, align=CENTER, keep_next=True)], 1),
                       ([paragraph(group.title, bold=True, keep_next=True)], len(columns) - 1)])
        if section.numeral or section.title:  # a table without sections has no section row
            table.row([([paragraph(section.numeral, bold=True, align=CENTER, keep_next=True)], 1),
                       ([paragraph(section.title, bold=True, keep_next=True)], len(columns) - 1)])  # kept with its first task
        for task in section.tasks:
            table.row([(_task_cell(task, key), 1) for _, key, _ in columns])
    return table.xml()


def _task_cell(task: Task, key: str) -> list[str]:
    if key in ("text", "note"):
        return rich_paragraphs(getattr(task, key))
    if key == "coordinators":
        units = task.coordinators
        return [paragraph(line) for line in ([f"- {unit}" for unit in units] if len(units) > 1 else units)]
    align = None if key == "lead" else CENTER
    value = task.shown_number if key == "number" else getattr(task, key)
    return [paragraph(line, align=align) for line in value.split("\n")]


def _closing(programme: Programme) -> str:
    """The closing paragraphs, justified with a 12.7 mm first-line indent; the last one is kept on
    the page of the signature (a signature page is never without a line of the text above it)."""
    texts = [text for text in programme.closing.split("\n\n") if text.strip()]
    paragraphs = [paragraph(text, size=BODY_SIZE, align=JUSTIFY, indent=wordml.twips(12.7),
                            keep_next=index == len(texts) - 1) for index, text in enumerate(texts)]
    return "".join([paragraph(), *paragraphs, paragraph(keep_next=bool(texts))])


def _footer(programme: Programme) -> str:
    signature = programme.signature
    return wordml.signature_block(recipients=programme.recipients, drafter=programme.drafter,
                                  titles=signature.titles, mark=signature.mark, name=signature.name, page=PAGE)
