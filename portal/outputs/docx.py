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

from typing import Callable

from portal.content.columns import WORD_COLUMNS, Column, Holds
from portal.content.model import Programme, Task
from portal.outputs import wordml
from portal.outputs.timestamps import document_time
from portal.outputs.wordml import BODY_SIZE, CENTER, JUSTIFY, LANDSCAPE, Table, lines, lines_xml, paragraph, rich_xml

PAGE = LANDSCAPE

# The task table spans the text width, in whole millimetres (the registry's widths are scaled to it).
TABLE_WIDTH = int(PAGE.text_width)


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


def word_columns(programme: Programme) -> list[tuple[Column, int]]:
    """The registry's Word columns this month shows, with their widths in mm, spanning :data:`TABLE_WIDTH`.

    An optional column (the Ghi chú) shows only when a task of the month has a value; then every
    column takes its narrower width. The widths are the registry's proportions scaled to the text
    width of the page, the mm lost to rounding given to the widest (the content)."""
    tasks = programme.tasks()
    shown = [column for column in WORD_COLUMNS
             if not column.word_optional or any(column.read(task) for task in tasks)]
    crowded = any(column.word_optional for column in shown)
    weights = [((column.word_width_crowded or column.word_width) if crowded else column.word_width) or 0
               for column in shown]
    total = sum(weights)
    widths = [weight * TABLE_WIDTH // total for weight in weights]
    widths[widths.index(max(widths))] += TABLE_WIDTH - sum(widths)
    return list(zip(shown, widths))


def _task_table(programme: Programme) -> str:
    """Column titles (repeated on every printed page), the preamble, then each section and its tasks."""
    columns = word_columns(programme)
    cells = [_task_cell(column) for column, _ in columns]
    table = Table([width for _, width in columns], grid_style=True, centered=True)
    table.row([([paragraph(column.label, bold=True, align=CENTER)], 1) for column, _ in columns], header=True)
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
            table.cells_row([cell(task) for cell in cells])
    return table.xml()


def _task_cell(column: Column) -> Callable[[Task], str]:
    """What a task's cell of ``column`` holds, as the office writes it (its paragraphs joined): rich
    text, units as a dash list, a department's name left, the rest (Stt, deadline, status) centred.
    Chosen once a column, not once a cell."""
    if column.rich:
        return lambda task: rich_xml(column.read(task))
    if column.holds is Holds.UNITS:
        return _units_cell(column)
    align = None if column.holds in (Holds.DEPARTMENT, Holds.PERSON) else CENTER
    if column.holds is Holds.NUMBER:
        return lambda task: lines_xml(task.shown_number, align)
    return lambda task: lines_xml(column.flat(task), align)


def _units_cell(column: Column) -> Callable[[Task], str]:
    def cell(task: Task) -> str:
        units = column.read(task)
        return "".join([paragraph(line) for line in ([f"- {unit}" for unit in units] if len(units) > 1 else units)])
    return cell


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
