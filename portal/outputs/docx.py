"""Print a month's programme back as the office's Word document (.docx).

The layout is the office's: the two-column header (issuing body left, motto right), the title,
the task table with merged section rows, the closing, then ``Nơi nhận:`` beside the signature;
A4 landscape in Times New Roman 13/14. The importer reads this file back to the same data file.

Written as WordprocessingML directly, not through python-docx: every month page of the site
offers its document, so a build exports every month, and python-docx (a parsed template of
800 KB, an lxml tree per paragraph) cost 70 ms a month, 10 s for ten years. Here the package
parts that never change are small files in ``docx_parts/``, read once; only
``word/document.xml`` and ``docProps/core.xml`` are written per month, as strings, every text
value escaped and stripped of the characters XML 1.0 cannot carry.

The bytes are deterministic (same data, same file): the document's dates are the programme's
month and every zip entry has a fixed timestamp, so two builds of the site are identical.
"""
from __future__ import annotations

import io
import re
import zipfile
from functools import lru_cache
from pathlib import Path

from portal.content.columns import WORD_COLUMNS, Column, Holds
from portal.content.model import Programme, Task
from portal.text.richtext import italic_spans
from portal.text.xmltext import xml_text

FONT = "Times New Roman"
# Half-points, as WordprocessingML writes sizes: body 14 pt, table 13 pt (Normal, see styles.xml).
BODY_SIZE = 28
SMALL_SIZE = 24
RECIPIENT_SIZE = 22
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_PARTS_DIR = Path(__file__).with_name("docx_parts")

# The table's width in mm: A4 landscape (297) less the margins of _SECTION (25 left, 15 right).
TABLE_WIDTH = 257

# Zip entry name → file in docx_parts/ (plain names: no brackets or dots to trip package-data globs).
_STATIC_PARTS = [
    ("[Content_Types].xml", "content_types.xml"),
    ("_rels/.rels", "package_rels.xml"),
    ("word/_rels/document.xml.rels", "document_rels.xml"),
    ("word/styles.xml", "styles.xml"),
    ("word/settings.xml", "settings.xml"),
    ("word/fontTable.xml", "font_table.xml"),
    ("docProps/app.xml", "app.xml"),
]

CENTER, JUSTIFY = "center", "both"


def export_docx(programme: Programme) -> bytes:
    """The official document of ``programme`` as .docx bytes."""
    body = "".join([
        _header(programme),
        _title(programme),
        _task_table(programme),
        _closing(programme),
        _footer(programme),
        _SECTION,
    ])
    document = f'{_XML_DECLARATION}<w:document xmlns:w="{_W_NS}"><w:body>{body}</w:body></w:document>'
    return _package({"word/document.xml": document, "docProps/core.xml": _core_properties(programme)})


# -- package ------------------------------------------------------------------------------------

_XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@lru_cache(maxsize=1)
def _static_parts() -> tuple[tuple[str, bytes], ...]:
    """The parts every month shares, read once per process."""
    return tuple((name, (_PARTS_DIR / file).read_bytes()) for name, file in _STATIC_PARTS)


def _package(parts: dict[str, str]) -> bytes:
    """The zip package: fixed timestamps and attributes on every entry, content types first."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        static = _static_parts()
        for name, data in static[:1] + tuple((n, d.encode("utf-8")) for n, d in parts.items()) + static[1:]:
            entry = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3  # the same bytes whichever system builds the site
            entry.external_attr = 0o644 << 16
            package.writestr(entry, data)
    return out.getvalue()


def _core_properties(programme: Programme) -> str:
    """Fixed metadata: dates from the programme's month, never the clock."""
    stamp = f"{programme.month.first_day.isoformat()}T00:00:00Z"
    title = xml_text(f"{programme.title} {programme.subtitle}".strip())
    author = xml_text(programme.issuing_body)
    return (f'{_XML_DECLARATION}<cp:coreProperties '
            'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f'<dc:title>{title}</dc:title><dc:creator>{author}</dc:creator>'
            f'<cp:lastModifiedBy>{author}</cp:lastModifiedBy><cp:revision>1</cp:revision>'
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
            f'<cp:lastPrinted>{stamp}</cp:lastPrinted></cp:coreProperties>')


# A4 landscape (twips), margins 20 mm top and bottom, 25 mm left, 15 mm right.
_SECTION = ('<w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>'
            '<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1417" w:header="720" '
            'w:footer="720" w:gutter="0"/><w:cols w:space="720"/><w:docGrid w:linePitch="360"/></w:sectPr>')


# -- text, runs, paragraphs ---------------------------------------------------------------------

# Inside a run: a tab is a tab stop, a line break (also Word's own vertical tab, pasted) a <w:br/>.
_BREAKS = re.compile("(\t|\r\n|[\n\r\x0b\x0c])")


def _run(text: str, properties: str = "") -> str:
    """One run of ``text``; tabs and line breaks inside it become Word's tab and break marks."""
    pieces = []
    for index, piece in enumerate(_BREAKS.split(text)):
        if index % 2:
            pieces.append("<w:tab/>" if piece == "\t" else "<w:br/>")
        elif piece:
            pieces.append(f'<w:t xml:space="preserve">{xml_text(piece)}</w:t>')
    return f"<w:r>{properties}{''.join(pieces)}</w:r>"


def _run_properties(bold: bool = False, italic: bool = False, underline: bool = False, size: int | None = None) -> str:
    """``<w:rPr>`` in schema order (b, i, sz, u); empty when the run keeps the paragraph style."""
    inner = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "") \
        + (f'<w:sz w:val="{size}"/>' if size else "") + ('<w:u w:val="single"/>' if underline else "")
    return f"<w:rPr>{inner}</w:rPr>" if inner else ""


def _paragraph_open(align: str | None = None, indent: int | None = None) -> str:
    if align is None and indent is None:
        return "<w:p>"
    return ("<w:p><w:pPr>" + (f'<w:ind w:firstLine="{indent}"/>' if indent is not None else "")
            + (f'<w:jc w:val="{align}"/>' if align else "") + "</w:pPr>")


def _paragraph(text: str = "", *, bold: bool = False, italic: bool = False, underline: bool = False,
               size: int | None = None, align: str | None = None, indent: int | None = None) -> str:
    """A paragraph of one run (none for an empty line)."""
    run = _run(text, _run_properties(bold, italic, underline, size)) if text else ""
    return f"{_paragraph_open(align, indent)}{run}</w:p>"


_ITALIC = _run_properties(italic=True)


def _rich_paragraphs(text: str) -> list[str]:
    """``text`` as paragraphs, one a line, ``<i>…</i>`` as italic runs (a span may cross lines)."""
    pieces: list[tuple[str, bool]] = []
    cursor = 0
    tags = italic_spans(text)
    for (open_start, open_end), (close_start, close_end) in zip(tags[::2], tags[1::2]):
        pieces.append((text[cursor:open_start], False))
        pieces.append((text[open_end:close_start], True))
        cursor = close_end
    pieces.append((text[cursor:], False))
    paragraphs: list[str] = []
    runs: list[str] = []
    for piece, italic in pieces:
        for index, line in enumerate(piece.split("\n")):
            if index:
                paragraphs.append(f"<w:p>{''.join(runs)}</w:p>")
                runs = []
            if line:
                runs.append(_run(line, _ITALIC if italic else ""))
    paragraphs.append(f"<w:p>{''.join(runs)}</w:p>")
    return paragraphs


# -- tables -------------------------------------------------------------------------------------

def _twips(mm: float) -> int:
    """Millimetres to twips, rounded through EMU as Word and python-docx do (12 mm → 680)."""
    return round(mm * 36000 / 635)


class _Table:
    """A fixed-width table: its grid in mm, rows of cells given as (paragraphs, columns spanned)."""

    def __init__(self, widths_mm: list[float], *, grid_style: bool = False, centered: bool = False):
        self.widths_mm = widths_mm
        self.grid_style = grid_style
        self.centered = centered
        self.rows: list[str] = []

    def row(self, cells: list[tuple[list[str], int]], *, header: bool = False) -> None:
        out = ["<w:tr><w:trPr><w:tblHeader/></w:trPr>" if header else "<w:tr>"]
        column = 0
        for paragraphs, span in cells:
            width = _twips(sum(self.widths_mm[column:column + span]))
            grid_span = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
            content = "".join(paragraphs) or "<w:p/>"  # a cell holds at least one paragraph
            out.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{grid_span}</w:tcPr>{content}</w:tc>')
            column += span
        out.append("</w:tr>")
        self.rows.append("".join(out))

    def xml(self) -> str:
        properties = ['<w:tblStyle w:val="TableGrid"/>' if self.grid_style else "", '<w:tblW w:w="0" w:type="auto"/>',
                      '<w:jc w:val="center"/>' if self.centered else "",
                      "" if self.grid_style else _NO_BORDERS, '<w:tblLayout w:type="fixed"/>', _TABLE_LOOK]
        grid = "".join(f'<w:gridCol w:w="{_twips(width)}"/>' for width in self.widths_mm)
        return f"<w:tbl><w:tblPr>{''.join(properties)}</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(self.rows)}</w:tbl>"


_NO_BORDERS = "<w:tblBorders>" + "".join(
    f'<w:{side} w:val="nil"/>' for side in ("top", "left", "bottom", "right", "insideH", "insideV")) + "</w:tblBorders>"
_TABLE_LOOK = ('<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" '
               'w:noHBand="0" w:noVBand="1"/>')


# -- the document's parts -----------------------------------------------------------------------

def _header(programme: Programme) -> str:
    """Issuing body and reference (left), motto, place and date (right), without borders."""
    left = [_paragraph(line, align=CENTER) for line in _lines(programme.parent_body)]
    left.append(_paragraph(programme.issuing_body, bold=True, align=CENTER))
    left.append(_paragraph("*", align=CENTER))
    left.append(_paragraph(f"Số {programme.reference}", align=CENTER))
    right = [_paragraph(line, bold=True, underline=True, size=BODY_SIZE, align=CENTER)
             for line in _lines(programme.motto)] or [_paragraph(align=CENTER)]
    right.append(_paragraph(align=CENTER))
    where = ", ".join(part for part in (programme.place, programme.date_text) if part)
    if where:
        right.append(_paragraph(where, italic=True, size=BODY_SIZE, align=CENTER))
    table = _Table([110, 147])
    table.row([(left, 1), (right, 1)])
    return table.xml()


def _title(programme: Programme) -> str:
    return "".join([_paragraph(),
                    _paragraph(programme.title, bold=True, size=BODY_SIZE, align=CENTER),
                    _paragraph(programme.subtitle, bold=True, size=BODY_SIZE, align=CENTER),
                    _paragraph()])


def word_columns(programme: Programme) -> list[tuple[Column, int]]:
    """The registry's Word columns this month shows, with their widths in mm.

    An optional column (the Ghi chú) shows only when a task of the month has a value; then every
    column takes its narrower width, and if they still overflow the page they are scaled to fit.
    """
    tasks = programme.tasks()
    shown = [column for column in WORD_COLUMNS
             if not column.word_optional or any(column.read(task) for task in tasks)]
    crowded = any(column.word_optional for column in shown)
    widths = [_word_width(column, crowded) for column in shown]
    total = sum(widths)
    if total > TABLE_WIDTH:  # scaled down, the mm lost to rounding given to the widest (the content)
        widths = [width * TABLE_WIDTH // total for width in widths]
        widest = widths.index(max(widths))
        widths[widest] += TABLE_WIDTH - sum(widths)
    return list(zip(shown, widths))


def _word_width(column: Column, crowded: bool) -> int:
    width = (column.word_width_crowded if crowded else None) or column.word_width
    if width is None:
        raise ValueError(f"column «{column.label}» has no Word width")  # WORD_COLUMNS all have one
    return width


def _task_table(programme: Programme) -> str:
    """Column titles (repeated on every printed page), the preamble, then each section and its tasks."""
    columns = word_columns(programme)
    table = _Table([width for _, width in columns], grid_style=True, centered=True)
    table.row([([_paragraph(column.label, bold=True, align=CENTER)], 1) for column, _ in columns], header=True)
    if programme.preamble:
        table.row([([_paragraph(programme.preamble, bold=True, italic=True)], len(columns))])
    group_starts = {id(group.sections[0]): group for group in programme.groups
                    if group.sections and (group.letter or group.title)}
    for section in programme.sections:
        group = group_starts.get(id(section))
        if group is not None:  # a group row (A. CÔNG TÁC TUYÊN GIÁO) above its first section, as in the document
            table.row([([_paragraph(group.letter, bold=True, align=CENTER)], 1),
                       ([_paragraph(group.title, bold=True)], len(columns) - 1)])
        if section.numeral or section.title:  # a table without sections has no section row
            table.row([([_paragraph(section.numeral, bold=True, align=CENTER)], 1),
                       ([_paragraph(section.title, bold=True)], len(columns) - 1)])
        for task in section.tasks:
            table.row([(_task_cell(task, column), 1) for column, _ in columns])
    return table.xml()


def _task_cell(task: Task, column: Column) -> list[str]:
    """A cell as the office writes it: rich text justified, units as a dash list, a department's
    name left, the rest (Stt, deadline, status) centred."""
    if column.rich:
        return _rich_paragraphs(column.read(task))
    if column.holds is Holds.UNITS:
        units = column.read(task)
        return [_paragraph(line) for line in ([f"- {unit}" for unit in units] if len(units) > 1 else units)]
    align = None if column.holds in (Holds.DEPARTMENT, Holds.PERSON) else CENTER
    value = task.shown_number if column.holds is Holds.NUMBER else column.flat(task)
    return [_paragraph(line, align=align) for line in value.split("\n")]


def _closing(programme: Programme) -> str:
    """The closing paragraphs, justified with a 12.7 mm first-line indent."""
    paragraphs = [_paragraph(text, size=BODY_SIZE, align=JUSTIFY, indent=_twips(12.7))
                  for text in programme.closing.split("\n\n") if text.strip()]
    return "".join([_paragraph(), *paragraphs, _paragraph()])


def _footer(programme: Programme) -> str:
    """``Nơi nhận:`` and its list (left), the signature block (right), without borders."""
    left = []
    if programme.recipients or programme.drafter:
        left.append(_paragraph("Nơi nhận:", bold=True, italic=True, size=SMALL_SIZE))
    left += [_paragraph(f"- {recipient}", size=RECIPIENT_SIZE) for recipient in programme.recipients]
    left += [_paragraph(line, size=RECIPIENT_SIZE) for line in _lines(programme.drafter)]
    signature = programme.signature
    right = [_paragraph(title, bold=True, size=BODY_SIZE, align=CENTER) for title in signature.titles]
    if signature.mark:
        right.append(_paragraph(signature.mark, size=BODY_SIZE, align=CENTER))
    right += [_paragraph()] * (3 if right else 4)  # room to sign (below an empty first line if nothing above)
    right.append(_paragraph(signature.name, bold=True, size=BODY_SIZE, align=CENTER))
    table = _Table([120, 137])
    table.row([(left, 1), (right, 1)])
    return table.xml()


def _lines(text: str) -> list[str]:
    return text.split("\n") if text else []
