"""Print a month's programme back as the office's Word document (.docx).

The layout is the office's: the two-column header (issuing body left, motto right), the title,
the task table with merged section rows, the closing, then ``Nơi nhận:`` beside the signature;
A4 landscape in Times New Roman 13/14. The importer reads this file back to the same data file.

The bytes are deterministic (same data, same file): the document's dates are the programme's
month and every zip entry has a fixed timestamp, so two builds of the site are identical.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import json
import os
import zipfile
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt

from ..model import Programme, Task
from ..richtext import italic_spans

FONT = "Times New Roman"
BODY_SIZE = Pt(14)
TABLE_SIZE = Pt(13)
SMALL_SIZE = Pt(12)
RECIPIENT_SIZE = Pt(11)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)

# (header text, task field, width in mm); the Ghi chú column only when a task has a note.
COLUMNS = [("Stt", "number", 12), ("Nội dung công việc", "text", 105), ("Phòng chủ trì", "lead", 32),
           ("Đơn vị phối hợp", "coordinators", 48), ("Thời gian hoàn thành", "deadline", 30),
           ("Tiến độ công việc", "status", 30)]
NOTE_COLUMNS = [("Stt", "number", 12), ("Nội dung công việc", "text", 90), ("Phòng chủ trì", "lead", 30),
                ("Đơn vị phối hợp", "coordinators", 42), ("Thời gian hoàn thành", "deadline", 28),
                ("Tiến độ công việc", "status", 27), ("Ghi chú", "note", 28)]


def export_docx(programme: Programme) -> bytes:
    """The official document of ``programme`` as .docx bytes."""
    document = docx.Document()
    _page_setup(document)
    _fonts(document)
    _header(document, programme)
    _title(document, programme)
    _task_table(document, programme)
    _closing(document, programme)
    _footer(document, programme)
    _properties(document, programme)
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip(buffer.getvalue())


def cached_export(programme: Programme, cache_dir: Path | None) -> bytes:
    """:func:`export_docx`, reusing the bytes of an earlier build when nothing they depend on changed.

    python-docx takes about 70 ms a month: 120 months would add 10 s or more to every build. The
    key is the programme's data (not where it was read from) and this module's own code, so an
    edited month or a changed layout is written afresh.
    """
    if cache_dir is None:
        return export_docx(programme)
    key = _cache_key(programme)
    path = cache_dir / f"{programme.month}-{key}.docx"
    if path.is_file():
        return path.read_bytes()
    blob = export_docx(programme)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        temp = path.with_suffix(f".{os.getpid()}.tmp")
        temp.write_bytes(blob)
        os.replace(temp, path)
        for stale in cache_dir.glob(f"{programme.month}-*.docx"):  # keep one file a month
            if stale != path:
                stale.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only tree still builds, only slower
    return blob


def _cache_key(programme: Programme) -> str:
    def public(value):
        if dataclasses.is_dataclass(value):
            return {f.name: public(getattr(value, f.name)) for f in dataclasses.fields(value)
                    if f.name not in ("origin", "source")}
        if isinstance(value, list):
            return [public(v) for v in value]
        return value

    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update(docx.__version__.encode())
    digest.update(json.dumps(public(programme), ensure_ascii=False, sort_keys=True).encode())
    return digest.hexdigest()[:16]


# -- page and styles ---------------------------------------------------------------------------

def _page_setup(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(25), Mm(15)


def _fonts(document) -> None:
    """Times New Roman for every script (Vietnamese needs the complex and East Asian slots too), 13 pt."""
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = TABLE_SIZE  # the table is most of the text: only the rest sets its size
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), FONT)
    style.paragraph_format.space_after = Pt(0)
    style.paragraph_format.space_before = Pt(0)


def _properties(document, programme: Programme) -> None:
    """Fixed metadata: dates from the programme's month, never the clock."""
    props = document.core_properties
    stamp = dt.datetime(programme.year, programme.month_number, 1)
    props.created = props.modified = stamp
    props.last_printed = stamp
    props.revision = 1
    props.title = f"{programme.title} {programme.subtitle}".strip()
    props.author = props.last_modified_by = programme.issuing_body
    props.comments = ""


def _fixed_zip(blob: bytes) -> bytes:
    """Rewrite the package with a fixed timestamp on every entry, keeping the entry order."""
    source = zipfile.ZipFile(io.BytesIO(blob))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


# -- paragraphs and runs ------------------------------------------------------------------------

def _paragraph(container, text: str = "", *, bold: bool = False, italic: bool = False, underline: bool = False,
               size=None, align=None, first=False):
    """Add a paragraph with one run (``first`` reuses a fresh cell's empty paragraph)."""
    paragraph = container.paragraphs[0] if first else container.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    if text:
        run = paragraph.add_run(text)
        if bold:
            run.bold = True
        if italic:
            run.italic = True
        if underline:
            run.underline = True
        if size is not None:
            run.font.size = size
    return paragraph


def _rich_paragraphs(cell, text: str) -> None:
    """Write ``text`` into a fresh cell: one paragraph a line, ``<i>…</i>`` as italic runs."""
    pieces: list[tuple[str, bool]] = []
    cursor = 0
    tags = italic_spans(text)
    for (open_start, open_end), (close_start, close_end) in zip(tags[::2], tags[1::2]):
        pieces.append((text[cursor:open_start], False))
        pieces.append((text[open_end:close_start], True))
        cursor = close_end
    pieces.append((text[cursor:], False))
    paragraph = cell.paragraphs[0]
    for piece, italic in pieces:
        for index, line in enumerate(piece.split("\n")):
            if index:
                paragraph = cell.add_paragraph()
            if line:
                paragraph.add_run(line).italic = True if italic else None


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _widths(table, widths_mm: list[int]) -> None:
    """Fixed column widths, in the grid and in every cell (Word reads the cells), merged cells summed.

    Works on the XML directly, after merging: going through python-docx's cell objects cost
    more than the rest of the table.
    """
    table.autofit = False
    widths = [Mm(width) for width in widths_mm]
    for grid_column, width in zip(table._tbl.tblGrid.gridCol_lst, widths):
        grid_column.w = width
    for tr in table._tbl.tr_lst:
        column = 0
        for tc in tr.tc_lst:
            tc.width = Emu(sum(widths[column:column + tc.grid_span]))
            column += tc.grid_span


# -- the document's parts -----------------------------------------------------------------------

def _header(document, programme: Programme) -> None:
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    _widths(table, [110, 147])
    left, right = table.rows[0].cells
    center = WD_ALIGN_PARAGRAPH.CENTER
    lines = programme.parent_body.split("\n") if programme.parent_body else []
    for index, line in enumerate(lines):
        _paragraph(left, line, align=center, first=index == 0)
    _paragraph(left, programme.issuing_body, bold=True, align=center, first=not lines)
    _paragraph(left, "*", align=center)
    _paragraph(left, f"Số {programme.reference}", align=center)
    first = True
    for line in programme.motto.split("\n") if programme.motto else []:
        _paragraph(right, line, bold=True, underline=True, size=BODY_SIZE, align=center, first=first)
        first = False
    if first:
        right.paragraphs[0].alignment = center
    _paragraph(right, "", align=center)
    where = ", ".join(part for part in (programme.place, programme.date_text) if part)
    if where:
        _paragraph(right, where, italic=True, size=BODY_SIZE, align=center)


def _title(document, programme: Programme) -> None:
    _paragraph(document, "")
    _paragraph(document, programme.title, bold=True, size=BODY_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(document, programme.subtitle, bold=True, size=BODY_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(document, "")


def _task_table(document, programme: Programme) -> None:
    columns = NOTE_COLUMNS if any(task.note for task in programme.tasks()) else COLUMNS
    row_count = 1 + bool(programme.preamble) + sum(1 + len(s.tasks) for s in programme.sections)
    table = document.add_table(rows=row_count, cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    rows = iter(table.rows)
    header = next(rows)
    _repeat_as_header(header)
    for cell, (title, _, _) in zip(header.cells, columns):
        _paragraph(cell, title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, first=True)
    if programme.preamble:
        cells = next(rows).cells
        merged = cells[0].merge(cells[-1])
        _paragraph(merged, programme.preamble, bold=True, italic=True, first=True)
    for section in programme.sections:
        cells = next(rows).cells
        _paragraph(cells[0], section.numeral, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, first=True)
        _paragraph(cells[1].merge(cells[-1]), section.title, bold=True, first=True)
        for task in section.tasks:
            _task_row(next(rows).cells, task, columns)
    _widths(table, [width for _, _, width in columns])


def _repeat_as_header(row) -> None:
    """The column titles repeat at the top of every printed page."""
    marker = OxmlElement("w:tblHeader")
    row._tr.get_or_add_trPr().append(marker)


def _task_row(cells, task: Task, columns) -> None:
    for cell, (_, key, _) in zip(cells, columns):
        if key in ("text", "note"):
            _rich_paragraphs(cell, getattr(task, key))
        elif key == "coordinators":
            units = task.coordinators
            lines = [f"- {unit}" for unit in units] if len(units) > 1 else units
            for index, line in enumerate(lines):
                _paragraph(cell, line, first=index == 0)
        else:
            align = WD_ALIGN_PARAGRAPH.CENTER if key != "lead" else None
            for index, line in enumerate(getattr(task, key).split("\n")):
                _paragraph(cell, line, align=align, first=index == 0)


def _closing(document, programme: Programme) -> None:
    _paragraph(document, "")
    for text in (p for p in programme.closing.split("\n\n") if p.strip()):
        paragraph = _paragraph(document, text, size=BODY_SIZE, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        paragraph.paragraph_format.first_line_indent = Mm(12.7)
    _paragraph(document, "")


def _footer(document, programme: Programme) -> None:
    """``Nơi nhận:`` and its list (left), the signature block (right)."""
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    _widths(table, [120, 137])
    left, right = table.rows[0].cells
    first = True
    if programme.recipients or programme.drafter:
        _paragraph(left, "Nơi nhận:", bold=True, italic=True, size=SMALL_SIZE, first=True)
        first = False
    for recipient in programme.recipients:
        _paragraph(left, f"- {recipient}", size=RECIPIENT_SIZE)
    for line in programme.drafter.split("\n") if programme.drafter else []:
        _paragraph(left, line, size=RECIPIENT_SIZE, first=first)
        first = False
    center = WD_ALIGN_PARAGRAPH.CENTER
    signature = programme.signature
    for index, title in enumerate(signature.titles):
        _paragraph(right, title, bold=True, size=BODY_SIZE, align=center, first=index == 0)
    if signature.mark:
        _paragraph(right, signature.mark, size=BODY_SIZE, align=center, first=not signature.titles)
    for _ in range(3):  # room to sign
        _paragraph(right, "")
    _paragraph(right, signature.name, bold=True, size=BODY_SIZE, align=center)
