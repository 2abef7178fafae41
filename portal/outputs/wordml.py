"""One WordprocessingML writer for the documents the office signs: the programme and the month-end report.

Both follow the Party's format (Hướng dẫn 36-HD/VPTW, 2018) through the pieces here, so they cannot
drift apart:

- the page (:class:`Page`): A4, the text area 25 mm from the top and bottom, 35 mm from the left
  (the bound edge), 15 mm from the right; a landscape page keeps the same margins as it is read
  (the programme is printed, stapled and read landscape on its own, so its bound edge is the left
  one as read);
- the page number from the second page on: a ``PAGE`` field centred in the header, 10 mm from the
  top (``w:titlePg``: the first page has an empty header of its own);
- Times New Roman, the language Vietnamese (``w:lang`` vi-VN, so Word checks the spelling as
  Vietnamese), single line spacing, and no style but the few the documents use (``docx_parts/``);
- the letterhead (:func:`letterhead`): issuing body and number on the left, «ĐẢNG CỘNG SẢN VIỆT
  NAM» bold and underlined with the place and date in italics on the right; the signature block
  (:func:`signature_block`) beside ``Nơi nhận:``;
- tables (:class:`Table`) of fixed column widths, the header row repeated on every printed page
  (``w:tblHeader``) and no row split across two pages (``w:cantSplit``).

Written as strings, not through python-docx: every month of a build writes its programme and its
report, and python-docx (a parsed 800 KB template, an lxml tree per paragraph) cost about 70 ms
a document. The package parts that never change are small files in ``docx_parts/``, read once;
``word/document.xml`` and ``docProps/core.xml`` are written per document, every text value
escaped and stripped of the characters XML 1.0 cannot carry. The bytes are deterministic: the
document's dates come from its month (:func:`portal.outputs.timestamps.document_time`) and every
zip entry has a fixed timestamp.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from portal.outputs.packagezip import PackageZip
from portal.text.richtext import italic_spans
from portal.text.xmltext import xml_text

FONT = "Times New Roman"
# Half-points, as WordprocessingML writes sizes: body 14 pt, tables 13 pt (Normal, see styles.xml).
BODY_SIZE = 28
TABLE_SIZE = 26
SMALL_SIZE = 24
RECIPIENT_SIZE = 22
CENTER, JUSTIFY, RIGHT = "center", "both", "right"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_PARTS_DIR = Path(__file__).with_name("docx_parts")


# -- the page -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Page:
    """An A4 page and its margins in millimetres, as the document is read."""

    landscape: bool
    top: float = 25
    bottom: float = 25
    left: float = 35
    right: float = 15
    header: float = 10  # from the top edge to the page number

    @property
    def width(self) -> float:
        return 297 if self.landscape else 210

    @property
    def height(self) -> float:
        return 210 if self.landscape else 297

    @property
    def text_width(self) -> float:
        """The width a table spans, margin to margin."""
        return self.width - self.left - self.right

    def section_xml(self) -> str:
        """``w:sectPr``: size, margins, the page-number header from page two."""
        orient = ' w:orient="landscape"' if self.landscape else ""
        return ('<w:sectPr><w:headerReference w:type="default" r:id="rIdPageNumber"/>'
                '<w:headerReference w:type="first" r:id="rIdFirstPage"/>'
                f'<w:pgSz w:w="{twips(self.width)}" w:h="{twips(self.height)}"{orient}/>'
                f'<w:pgMar w:top="{twips(self.top)}" w:right="{twips(self.right)}" w:bottom="{twips(self.bottom)}" '
                f'w:left="{twips(self.left)}" w:header="{twips(self.header)}" w:footer="{twips(self.header)}" '
                'w:gutter="0"/><w:cols w:space="720"/><w:titlePg/><w:docGrid w:linePitch="360"/></w:sectPr>')


PORTRAIT = Page(landscape=False)
LANDSCAPE = Page(landscape=True)


def twips(mm: float) -> int:
    """Millimetres to twips, rounded through EMU as Word and python-docx do (12 mm → 680)."""
    return round(mm * 36000 / 635)


# -- package ------------------------------------------------------------------------------------

_XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

# Zip entry name → file in docx_parts/ (plain names: no brackets or dots to trip package-data globs).
_STATIC_PARTS = [
    ("[Content_Types].xml", "content_types.xml"),
    ("_rels/.rels", "package_rels.xml"),
    ("word/_rels/document.xml.rels", "document_rels.xml"),
    ("word/styles.xml", "styles.xml"),
    ("word/settings.xml", "settings.xml"),
    ("word/fontTable.xml", "font_table.xml"),
    ("word/header1.xml", "header_page_number.xml"),
    ("word/header2.xml", "header_first_page.xml"),
    ("docProps/app.xml", "app.xml"),
]


@lru_cache(maxsize=1)
def _static_parts() -> tuple[tuple[str, bytes], ...]:
    """The parts every document shares, read once per process."""
    return tuple((name, (_PARTS_DIR / file).read_bytes()) for name, file in _STATIC_PARTS)


def document(body: str, page: Page, *, title: str, author: str, moment: dt.datetime) -> bytes:
    """The .docx bytes of ``body`` (paragraphs and tables) laid out on ``page``."""
    xml = (f'{_XML_DECLARATION}<w:document xmlns:w="{_W_NS}" xmlns:r="{_R_NS}"><w:body>{body}'
           f'{page.section_xml()}</w:body></w:document>')
    return _package({"word/document.xml": xml, "docProps/core.xml": _core_properties(title, author, moment)})


def _package(parts: dict[str, str]) -> bytes:
    """The zip package: fixed timestamps and attributes on every entry, content types first.

    Deflated at level 1: a tenth of the default level's time for a file a third larger (a report
    of 48 tasks: 0.15 ms and 11 KB against 1.5 ms and 8 KB), and every build writes two a month."""
    out = io.BytesIO()
    with PackageZip(out, "w", zipfile.ZIP_DEFLATED) as package:  # the shared parts deflated once a process
        static = _static_parts()
        for name, data, shared in ((*static[0], True), *((n, d.encode("utf-8"), False) for n, d in parts.items()),
                                   *((n, d, True) for n, d in static[1:])):
            entry = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3  # the same bytes whichever system builds the site
            entry.external_attr = 0o644 << 16
            package.write_deflated(entry, data, 1, shared=shared)
    return out.getvalue()


def _core_properties(title: str, author: str, moment: dt.datetime) -> str:
    """Fixed metadata: dates from the document's content (its month), never the clock."""
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    return (f'{_XML_DECLARATION}<cp:coreProperties '
            'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f'<dc:title>{escape(title)}</dc:title><dc:creator>{escape(author)}</dc:creator>'
            f'<dc:language>vi-VN</dc:language>'
            f'<cp:lastModifiedBy>{escape(author)}</cp:lastModifiedBy><cp:revision>1</cp:revision>'
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
            f'<cp:lastPrinted>{stamp}</cp:lastPrinted></cp:coreProperties>')


# -- text, runs, paragraphs ---------------------------------------------------------------------

# Inside a run: a tab is a tab stop, a line break (also Word's own vertical tab, pasted) a <w:br/>.
_BREAKS = re.compile("(\t|\r\n|[\n\r\x0b\x0c])")


escape = xml_text  # markup characters escaped, the characters XML 1.0 cannot carry dropped


def run(text: str, properties: str = "") -> str:
    """One run of ``text``; tabs and line breaks inside it become Word's tab and break marks."""
    return f"<w:r>{properties}{_run_content(text)}</w:r>"


def run_properties(bold: bool = False, italic: bool = False, underline: bool = False, size: int | None = None) -> str:
    """``<w:rPr>`` in schema order (b, i, sz, u); empty when the run keeps the paragraph style."""
    inner = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "") \
        + (f'<w:sz w:val="{size}"/>' if size else "") + ('<w:u w:val="single"/>' if underline else "")
    return f"<w:rPr>{inner}</w:rPr>" if inner else ""


def paragraph_open(align: str | None = None, indent: int | None = None, *, before: int = 0,
                   keep_next: bool = False) -> str:
    """``<w:p>`` with its properties in schema order (keepNext, spacing, ind, jc)."""
    properties = (("<w:keepNext/>" if keep_next else "")
                  + (f'<w:spacing w:before="{before}"/>' if before else "")
                  + (f'<w:ind w:firstLine="{indent}"/>' if indent is not None else "")
                  + (f'<w:jc w:val="{align}"/>' if align else ""))
    return f"<w:p><w:pPr>{properties}</w:pPr>" if properties else "<w:p>"


@lru_cache(maxsize=8192)  # a month's documents repeat their leads, dates and statuses row after row
def paragraph(text: str = "", *, bold: bool = False, italic: bool = False, underline: bool = False,
              size: int | None = None, align: str | None = None, indent: int | None = None, before: int = 0,
              keep_next: bool = False) -> str:
    """A paragraph of one run (none for an empty line)."""
    content = run(text, run_properties(bold, italic, underline, size)) if text else ""
    return f"{paragraph_open(align, indent, before=before, keep_next=keep_next)}{content}</w:p>"


def runs_paragraph(runs: Sequence[tuple[str, str]], *, align: str | None = None, indent: int | None = None,
                   before: int = 0, keep_next: bool = False) -> str:
    """A paragraph of several runs, each ``(text, properties)`` (see :func:`run_properties`)."""
    content = "".join(run(text, properties) for text, properties in runs if text)
    return f"{paragraph_open(align, indent, before=before, keep_next=keep_next)}{content}</w:p>"


def rich_paragraphs(text: str, size: int | None = None) -> list[str]:
    """``text`` as paragraphs, one a line, ``<i>…</i>`` as italic runs (a span may cross lines);
    ``size`` in half-points, else the paragraph style's."""
    return list(_rich_paragraphs(text, size))


def rich_xml(text: str, size: int | None = None) -> str:
    """:func:`rich_paragraphs` of ``text``, joined: a table cell's content."""
    return "".join(_rich_paragraphs(text, size))


@lru_cache(maxsize=4096)  # the report lists an overdue task twice
def _rich_paragraphs(text: str, size: int | None) -> tuple[str, ...]:
    properties = (run_properties(size=size), run_properties(italic=True, size=size))
    return tuple(["<w:p>" + "".join([f"<w:r>{properties[italic]}{body}</w:r>" for body, italic in runs]) + "</w:p>"
                  for runs in _rich_runs(text)])


@lru_cache(maxsize=1024)  # a task's text is in its month's programme and in its report, at another size
def _rich_runs(text: str) -> tuple[tuple[tuple[str, bool], ...], ...]:
    """The paragraphs of ``text`` (:func:`rich_paragraphs`), each as its runs: the run's content (as
    :func:`run` writes it, without the run's properties) and whether it is italic. Why apart from the
    size: the programme and the report write the same texts at two sizes, split and escaped once."""
    pieces: list[tuple[str, bool]] = []
    cursor = 0
    tags = italic_spans(text)
    for (open_start, open_end), (close_start, close_end) in zip(tags[::2], tags[1::2]):
        pieces.append((text[cursor:open_start], False))
        pieces.append((text[open_end:close_start], True))
        cursor = close_end
    pieces.append((text[cursor:], False))
    paragraphs: list[tuple[tuple[str, bool], ...]] = []
    runs: list[tuple[str, bool]] = []
    for piece, italic in pieces:
        for index, line in enumerate(piece.split("\n")):
            if index:
                paragraphs.append(tuple(runs))
                runs = []
            if line:
                runs.append((_run_content(line), italic))
    paragraphs.append(tuple(runs))
    return tuple(paragraphs)


def _run_content(text: str) -> str:
    """What :func:`run` writes inside a run of ``text``, after its properties."""
    pieces = []
    for index, piece in enumerate(_BREAKS.split(text)):
        if index % 2:
            pieces.append("<w:tab/>" if piece == "\t" else "<w:br/>")
        elif piece:
            pieces.append(f'<w:t xml:space="preserve">{escape(piece)}</w:t>')
    return "".join(pieces)


@lru_cache(maxsize=8192)  # a month's leads, deadlines, statuses repeat row after row
def lines_xml(text: str, align: str | None = None, size: int | None = None) -> str:
    """A paragraph of each line of ``text`` (:func:`paragraph`, in ``align`` and ``size``), joined: a
    table cell's content."""
    return "".join([paragraph(line, size=size, align=align) for line in text.split("\n")])


def lines(text: str) -> list[str]:
    return text.split("\n") if text else []


# -- tables -------------------------------------------------------------------------------------

def fit_widths(weights: Sequence[float], total: float) -> list[float]:
    """Column widths in mm in the proportions of ``weights``, adding up to ``total`` to the 0.1 mm."""
    scale = total / sum(weights)
    widths = [round(weight * scale, 1) for weight in weights]
    widths[max(range(len(widths)), key=widths.__getitem__)] += round(total - sum(widths), 1)
    return widths


class Table:
    """A fixed-width table: its grid in mm, rows of cells given as (paragraphs, columns spanned).

    Every row is kept on one page (``w:cantSplit``): a task cut at a page break («III. Thông / tin»)
    is read as two. A header row is repeated at the top of every page the table crosses."""

    def __init__(self, widths_mm: Sequence[float], *, grid_style: bool = False, centered: bool = False):
        self.widths_mm = list(widths_mm)
        self.grid_style = grid_style
        self.centered = centered
        self.rows: list[str] = []
        self._cell_starts: dict[tuple[int, int, bool], str] = {}  # a cell's opening by column, span, upright
        self._single_starts: list[str] = []  # the opening of each column's one-column cell (cells_row)

    def row(self, cells: Sequence[tuple[list[str], int]], *, header: bool = False,
            upright: Sequence[int] = (), height_mm: float = 0) -> None:
        """One row; the cells at the indexes ``upright`` are written bottom to top (a narrow count
        column's title), the row then at least ``height_mm`` high."""
        height = f'<w:trHeight w:val="{twips(height_mm)}" w:hRule="atLeast"/>' if height_mm else ""
        out = [f"<w:tr><w:trPr><w:cantSplit/>{height}{'<w:tblHeader/>' if header else ''}</w:trPr>"]
        column = 0
        for index, (paragraphs, span) in enumerate(cells):
            start = self._cell_start(column, span, index in upright)
            content = "".join(paragraphs) or "<w:p/>"  # a cell holds at least one paragraph
            out.append(f"{start}{content}</w:tc>")
            column += span
        out.append("</w:tr>")
        self.rows.append("".join(out))

    def cells_row(self, contents: Sequence[str]) -> None:
        """A row of one cell a column (:meth:`row` of each ``contents``, a cell's paragraphs joined, as
        ``([content], 1)``): a task's row, without the steps of a row of spans and upright cells."""
        starts = self._single_starts
        if len(starts) < len(contents):
            starts[:] = [self._cell_start(column, 1, False) for column in range(len(contents))]
        self.rows.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>"
                         + "".join([f"{start}{content or '<w:p/>'}</w:tc>" for start, content in zip(starts, contents)])
                         + "</w:tr>")

    def _cell_start(self, column: int, span: int, upright: bool) -> str:
        """A cell's opening (its width, span, direction), the same for every row of the table: made once."""
        key = (column, span, upright)
        start = self._cell_starts.get(key)
        if start is None:
            width = twips(sum(self.widths_mm[column:column + span]))
            grid_span = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
            turned = '<w:textDirection w:val="btLr"/><w:vAlign w:val="center"/>' if upright else ""
            start = self._cell_starts[key] = f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{grid_span}{turned}</w:tcPr>'
        return start

    def xml(self) -> str:
        properties = ['<w:tblStyle w:val="TableGrid"/>' if self.grid_style else "", '<w:tblW w:w="0" w:type="auto"/>',
                      '<w:jc w:val="center"/>' if self.centered else "",
                      "" if self.grid_style else _NO_BORDERS, '<w:tblLayout w:type="fixed"/>', _TABLE_LOOK]
        grid = "".join(f'<w:gridCol w:w="{twips(width)}"/>' for width in self.widths_mm)
        return f"<w:tbl><w:tblPr>{''.join(properties)}</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(self.rows)}</w:tbl>"


_NO_BORDERS = "<w:tblBorders>" + "".join(
    f'<w:{side} w:val="nil"/>' for side in ("top", "left", "bottom", "right", "insideH", "insideV")) + "</w:tblBorders>"
_TABLE_LOOK = ('<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" '
               'w:noHBand="0" w:noVBand="1"/>')


# -- the letterhead and the signature -----------------------------------------------------------

MOTTO = "ĐẢNG CỘNG SẢN VIỆT NAM"


def letterhead(*, parent_body: str, issuing_body: str, reference: str, motto: str, place_date: str,
               page: Page) -> str:
    """Issuing body and number (left), motto bold and underlined, place and date in italics (right)."""
    left = [paragraph(line, align=CENTER) for line in lines(parent_body)]
    left.append(paragraph(issuing_body, bold=True, align=CENTER))
    left.append(paragraph("*", align=CENTER))
    left.append(paragraph(f"Số {reference}", align=CENTER))
    right = [paragraph(line, bold=True, underline=True, size=BODY_SIZE, align=CENTER)
             for line in lines(motto)] or [paragraph(align=CENTER)]
    right.append(paragraph(align=CENTER))
    if place_date:
        right.append(paragraph(place_date, italic=True, size=BODY_SIZE, align=CENTER))
    table = Table(_two_columns(page, 0.42))
    table.row([(left, 1), (right, 1)])
    return table.xml()


def signature_block(*, recipients: Sequence[str], drafter: str, titles: Sequence[str], mark: str, name: str,
                    page: Page) -> str:
    """``Nơi nhận:`` and its list (left), the signer's titles, room to sign and the name (right).

    A ``mark`` that says something («(Đã ký)») is printed under the titles; a mark with no letter or
    digit is a placeholder symbol from the office's template (a box where the seal goes), not text
    to sign over, and is left out of the printed gap."""
    left = []
    if recipients or drafter:
        left.append(paragraph("Nơi nhận:", bold=True, italic=True, size=SMALL_SIZE))
    left += [paragraph(f"- {recipient}", size=RECIPIENT_SIZE) for recipient in recipients]
    left += [paragraph(line, size=RECIPIENT_SIZE) for line in lines(drafter)]
    right = [paragraph(title, bold=True, size=BODY_SIZE, align=CENTER) for title in titles]
    if printable_mark(mark):
        right.append(paragraph(mark, size=BODY_SIZE, align=CENTER))
    right += [paragraph()] * (3 if right else 4)  # room to sign (below an empty first line if nothing above)
    right.append(paragraph(name, bold=True, size=BODY_SIZE, align=CENTER))
    table = Table(_two_columns(page, 0.46))
    table.row([(left, 1), (right, 1)])
    return table.xml()


def printable_mark(mark: str) -> bool:
    """Whether a signature mark is words to print («(Đã ký)»), not a placeholder symbol («☐»)."""
    return any(ch.isalnum() for ch in mark)


def _two_columns(page: Page, left_share: float) -> list[float]:
    left = round(page.text_width * left_share, 1)
    return [left, round(page.text_width - left, 1)]
