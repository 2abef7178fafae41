"""Excel tables of the tasks (XlsxWriter): one per month, one per department, one for the archive.

Staff take lists into Excel to filter and sort, and print them, so each workbook is one sheet
with one row per task: a frozen header row in Vietnamese, an autofilter over every column, set
widths and wrapped text, and the deadline twice, as written (``Trước ngày 25/11/2023``) and as
Excel dates (the window's first and last day), so a filter or a sort by date works.

Printed, the sheet is the table a reader needs (:data:`COLUMNS` marks those columns): the section
and the task table's own columns (:mod:`portal.content.columns`: number, task, lead, coordinators,
deadline, status; the month when the table spans several, the department's role in a department's
table), on A4 landscape, one page wide, the header row
on every page. The technical columns (the task's id, the section's title, the lead's full name,
the deadline's dates, the cited documents) stay in the sheet, for filters and sorts, to the right
of the print area: fitting all fourteen columns (322 characters) on one page width printed them
at 4–5 pt; the print area (at most about 165 characters) prints at 10–12 pt. LibreOffice does not
fit a row's height to wrapped text, so each row's height is computed here from its longest cell.

Every cell is written as what it is (text as ``write_string`` writes it): a task text that begins
with ``=`` stays text, never a formula. The bytes are reproducible: the workbook's created date comes
from its content (the first day of its newest month, as the month's Word file), or
``SOURCE_DATE_EPOCH`` when set, never the clock, so an unchanged table is the same file on every
build (XlsxWriter already fixes the zip entries' dates). Large tables
(a long archive) are written with ``constant_memory``, row by row to a temporary file, so a
600-month archive does not hold every cell in memory.

A task's row is in three tables of a build (its month's, its departments', the archive's): its cells
are made once (:class:`Prepared`) and the sheet's rows written in one pass, as XlsxWriter's cell
calls would write them (:class:`_TaskSheet`, checked byte for byte against those calls in
``tests/test_xlsx_writer.py``); the rest of each workbook is XlsxWriter's.
"""
from __future__ import annotations

import datetime as dt
import io
import itertools
import re
import zipfile
import zlib
from array import array
from dataclasses import dataclass, field
from functools import lru_cache, partial
from typing import Any, Callable, Iterable, Iterator, Optional, Sequence

import xlsxwriter
from xlsxwriter.utility import _preserve_whitespace, _utf16_len, _utf16_truncate, xl_col_to_name
from xlsxwriter.packager import Packager
from xlsxwriter.sharedstrings import SharedStrings
from xlsxwriter.worksheet import Worksheet

from portal.content.columns import EXCEL_COLUMNS, Column
from portal.outputs.packagezip import Deflate, Deflated, PackageZip, deflate
from portal.outputs.tasktable import TaskRow
from portal.outputs.timestamps import document_time

AUTHOR = "Ban Tuyên giáo Tỉnh ủy"
# Rows from which a table is written with constant_memory: slower (inline strings, about 1.6×)
# but its memory stays flat; below it the cells are kept (about 3.7 KB a row) and strings shared.
# A 120-month archive (≈ 5,700 rows) stays under it, a 600-month one (≈ 28,000) goes over.
LARGE = 10000
FONT, FONT_SIZE = "Times New Roman", 12
CHARS_PER_UNIT = 1.25  # letters of 12 pt Times New Roman a unit of column width holds (see wrapped_lines)
LINE_HEIGHT = 15.75  # points a wrapped line of 12 pt text takes (Excel's row height for one line)
# Rows from which a table's sheet is kept by what its rows are (see KeptSheet), when the build keeps it:
# a month's table is a whole file kept by its rows; a department's or the archive's is made again
# after an edit of any of its rows, and its sheet (≈ 550 bytes a row) is the same but for a changed height.
KEPT_SHEET_ROWS = 512

# ``kept_sheet(parts, make, level)``: the sheet part ``make()`` gives, as (length, CRC-32, raw deflate
# at ``level``), or an earlier build's from the same ``parts`` (with the build cache: see
# portal.build.site.data_files). ``parts`` name every byte the part is made of: where its rows go, the
# length of the rest of its XML, that XML, and what its rows are made of (:meth:`_TaskSheet.rows_key`);
# texts, numbers and bytes, each of a length given before it or not holding a NUL (a content key's separator).
KeptSheet = Callable[[tuple, Callable[[], Deflated], int], Deflated]


@dataclass(frozen=True)
class RowRuns:
    """How the rows of a large table (:data:`LARGE`: its strings inline, written row by row) are kept
    by runs (with the build cache: see portal.build.site.data_files): ``runs`` cut the table's rows,
    in order, into runs of ``(count, key)``, ``key`` naming everything its rows are made of (each row's
    every field, and the department's role of each when the table has the column); ``kept(parts,
    make)`` gives ``make()`` (a run's rows' XML), or an earlier build's made of the same ``parts``
    (texts and numbers: the run's first row number, its count, key, the cells' styles and the row
    heights XlsxWriter compares with, as :meth:`_TaskSheet._write_task_rows` writes them).

    Why: a large table's strings are inline, so an edit of one task's text changes its sheet; the
    rows of the runs it does not touch are the same XML (≈ 0.5 s CPU a build at 600 months to write
    again), and only the run holding the edit is written again."""

    runs: Sequence[tuple[int, str]]
    kept: Callable[[tuple, Callable[[], str]], str]


@dataclass(frozen=True)
class RunTexts:
    """The texts of a large table's cells (:func:`table` with :class:`RowRuns`), as the check of the
    downloads takes them: ``head``, the header row's and the roles' texts, then each run of rows' texts,
    given by ``runs``: ``(key, texts())`` of each run, ``key`` the run's key in :attr:`RowRuns.runs`
    (what its rows, hence its texts, are made of), ``texts()`` its rows' distinct texts, made when asked.

    Why by runs: after an edit the check knows what an earlier build found in every run but the
    edited one, by its key, without making and searching the texts of 28,000 rows again."""

    head: list[str]
    runs: list[tuple[str, Callable[[], list[str]]]]


@dataclass(frozen=True)
class SheetColumn:
    header: str
    width: float  # in characters, Excel's unit
    cell: Callable[[TaskRow], Any]  # a string, a date (written as an Excel date) or None
    printed: bool = False  # in the print area: what a reader of the printed table needs


def _registry(column: Column) -> SheetColumn:
    """A column of the task table (:mod:`portal.content.columns`): printed, at the registry's width."""
    return SheetColumn(column.excel_label or column.label, column.excel_width, lambda row: row.value(column, "\n"),
                       printed=True)


# In sheet order: the task's id first (the column a filter or a lookup keys on), then the printed
# columns side by side (the month, printed only when a table spans several; the section; the task
# table's own columns in the document's order), then the technical ones: what the indexes read from
# the task (the lead's full name, the deadline's days, the documents it cites), for filters and sorts.
ID = SheetColumn("Mã nhiệm vụ", 14, lambda row: row.id)
MONTH = SheetColumn("Tháng", 10, lambda row: row.month_label, printed=True)
_PRINTED = [MONTH, SheetColumn("Mục", 5, lambda row: row.section, printed=True),
            *(_registry(column) for column in EXCEL_COLUMNS)]
_TECHNICAL = [
    SheetColumn("Tên mục", 28, lambda row: row.section_title),
    SheetColumn("Phòng chủ trì (tên đầy đủ)", 30, lambda row: row.lead_names),
    SheetColumn("Từ ngày", 12, lambda row: row.deadline_start),
    SheetColumn("Hạn (ngày)", 12, lambda row: row.deadline_end),
    SheetColumn("Văn bản trích dẫn", 30, lambda row: "\n".join(d.label for d in row.directives)),
]
COLUMNS: list[SheetColumn] = [ID, *_PRINTED, *_TECHNICAL]
ROLE_COLUMN = SheetColumn("Vai trò của phòng", 11, lambda row: "", printed=True)  # filled from ``roles``
_ROLE_AT = 1 + len(_PRINTED)  # a department's table: the role right after the task's columns, printed
EXCEL_EPOCH = dt.date(1899, 12, 30)  # day 0 of Excel's 1900 date system (past its 1900 leap-year quirk)


def sheet_columns(roles: bool) -> list[SheetColumn]:
    """The columns of a table, with the department's role when ``roles``."""
    return COLUMNS[:_ROLE_AT] + [ROLE_COLUMN] + COLUMNS[_ROLE_AT:] if roles else list(COLUMNS)


@lru_cache(maxsize=65536)  # a task's row is in its month's, its departments' and the archive's table
def wrapped_lines(text: str, width: float) -> int:
    """How many lines ``text`` takes in a wrapped cell ``width`` characters wide (words kept whole).

    Excel's width unit is the width of a digit of the default font (Calibri 11); 12 pt Times New
    Roman, Vietnamese text, measured in LibreOffice's PDF: about 1.35 letters a unit. Counted with
    1.25 (and the cell's padding off), a row is a little taller than it needs rather than cut."""
    room = max(1, int((width - 1) * CHARS_PER_UNIT))
    if len(text) <= room and "\n" not in text:
        return 1
    lines = 0
    for paragraph in text.split("\n"):
        used = 0
        lines += 1
        for word in paragraph.split():
            if used and used + 1 + len(word) > room:
                lines += 1
                used = 0
            used += (1 if used else 0) + len(word)
            while used > room:  # a word longer than the line breaks inside
                lines += 1
                used -= room
    return max(lines, 1)


def created_date(rows: Sequence[TaskRow], source_date_epoch: Optional[int] = None) -> dt.datetime:
    """The workbook's created date, as every download's (:func:`portal.outputs.timestamps.document_time`):
    the first day of the newest month among ``rows``, so the same rows give the same bytes."""
    return document_time((row.month for row in rows), source_date_epoch)


def workbook(rows: Sequence[TaskRow], title: str, sheet: str = "Nhiệm vụ",
             roles: Optional[Sequence[str]] = None, created: Optional[dt.datetime] = None,
             prepared: Optional["Prepared"] = None) -> bytes:
    """The table of ``rows`` as .xlsx bytes; ``roles`` (one per row) adds a «Vai trò» column.

    ``prepared``: what another table of the same build already made (a task is in its month's, its
    departments' and the archive's table): the rows' cells, the shared strings' XML (:class:`Prepared`)."""
    return table(rows, title, sheet, roles, created, prepared)[0]


def table(rows: Sequence[TaskRow], title: str, sheet: str = "Nhiệm vụ",
          roles: Optional[Sequence[str]] = None, created: Optional[dt.datetime] = None,
          prepared: Optional["Prepared"] = None, kept_deflate: Optional[Deflate] = None,
          kept_sheet: Optional[KeptSheet] = None,
          row_runs: Optional[RowRuns] = None) -> tuple[bytes, Optional[list[str] | RunTexts]]:
    """:func:`workbook`, and the texts of its cells: every distinct string the file's shared strings
    hold, as written into them (before XlsxWriter's escaping), or None for a large table (its strings
    are inline, made as the sheet is written: never all held). Why: the check of the downloads
    (:class:`portal.build.audit.DataFileCheck`) read each table back, inflating and parsing its
    XML, to find what the writer had in hand. ``kept_deflate``: how its large parts are deflated
    (see :class:`~portal.outputs.packagezip.PackageZip`); ``kept_sheet``: how the sheet of a table
    of :data:`KEPT_SHEET_ROWS` rows or more is kept (:data:`KeptSheet`); ``row_runs``: how the rows of
    a large table are kept (:class:`RowRuns`); given for any table, its texts are given by those runs
    (:class:`RunTexts`), from the rows' cells (held anyway in ``prepared``, made for every row by the
    build's other tables): the check of a large table does not inflate and parse tens of megabytes of
    its XML again, and that of any table looks again only at the runs an edit touched."""
    large = len(rows) >= LARGE
    buffer = io.BytesIO()
    prepared = Prepared() if prepared is None else prepared
    book = _Workbook(buffer, {
        "in_memory": not large, "constant_memory": large,
        "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False,
        "default_date_format": "dd/mm/yyyy",
    })
    book.set_properties({"title": title, "author": AUTHOR, "company": AUTHOR, "created": created or created_date(rows),
                         "comments": "Mỗi dòng một nhiệm vụ; cột «Hạn (ngày)» là ngày cuối của thời hạn."})
    book.set_calc_mode("auto")
    header = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "align": "center",
                              "bg_color": "#D9D9D9", "border": 1, "font_name": FONT, "font_size": FONT_SIZE})
    text = book.add_format({"text_wrap": True, "valign": "top", "font_name": FONT, "font_size": FONT_SIZE})
    date = book.add_format({"num_format": "dd/mm/yyyy", "valign": "top", "font_name": FONT,
                            "font_size": FONT_SIZE})
    columns = sheet_columns(roles is not None)
    ws = book.add_worksheet(sheet[:31], worksheet_class=_TaskSheet)
    for index, column in enumerate(columns):
        ws.set_column(index, index, column.width, text)
    ws.freeze_panes(1, 0)
    headers = [c.header for c in columns]
    first = (row_height(headers, columns), list(_written(headers)))
    texts: Optional[RunTexts] = None
    if large:  # made again as the sheet is written, never all held

        def sheet_rows(start: int, stop: int) -> Iterator[tuple[float, Sequence]]:
            """Rows ``start`` to ``stop`` (not included) of the sheet, the header row being row 0."""
            made = _sheet_rows(rows[max(start, 1) - 1: stop - 1], None if roles is None else roles[max(start, 1) - 1: stop - 1],
                               prepared.rows)
            return itertools.chain([first], made) if start == 0 else made

        ws.fill(sheet_rows, len(rows) + 1, header, text, date)
        ws.row_runs = row_runs
    else:
        ws.fill_shared([(first[0], SheetRow.written(1, first[1]), None), *_shared_rows(rows, roles, prepared.rows)],
                       header, text, date)
    if row_runs is not None:
        if sum(count for count, _ in row_runs.runs) != len(rows):
            raise ValueError("the runs of rows do not cut the table's rows")
        texts = _run_texts(headers, rows, roles, row_runs, prepared.rows)
    ws.autofilter(0, 0, max(len(rows), 1), len(columns) - 1)
    _print_setup(ws, title, columns, len(rows), several_months=len({row.month for row in rows}) > 1)
    book.shared_strings = prepared.strings
    book.plain_strings = prepared.plain
    book.kept_deflate = kept_deflate
    if kept_sheet is not None and not large and len(rows) >= KEPT_SHEET_ROWS:
        book.kept_sheet = kept_sheet
        ws.rows_later = True
    book.close()
    return buffer.getvalue(), texts if large or texts is not None else book.str_table.string_array


def _run_texts(headers: Sequence[str], rows: Sequence[TaskRow], roles: Optional[Sequence[str]], row_runs: RowRuns,
               prepared: dict[int, SheetRow]) -> RunTexts:
    """The texts of a large table's cells by its runs of rows (:class:`RunTexts`), each run's made when
    asked from its rows' cells as ``prepared`` holds them now (taken here: the build lets go of
    ``prepared`` after its last table; a row not held is made when asked)."""
    head = list(headers)
    if roles is not None:
        head += [cell[2] for role in dict.fromkeys(roles) for cell in _role_cell(role)]

    def texts(cells: list[Optional[SheetRow]], rows: Sequence[TaskRow]) -> list[str]:
        strings: dict[str, None] = {}
        for made, row in zip(cells, rows):
            strings.update(dict.fromkeys((made if made is not None else sheet_row(row)).strings))
        return list(strings)

    runs: list[tuple[str, Callable[[], list[str]]]] = []
    start = 0
    for count, key in row_runs.runs:
        run = rows[start: start + count]
        runs.append((key, partial(texts, [prepared.get(id(row)) for row in run], run)))
        start += count
    return RunTexts(head, runs)


class Prepared:
    """What the tables of one build share: each row's cells and lines (:func:`sheet_row`, by ``id``
    of the :class:`TaskRow`: the rows live as long as the build's tables), the XML of each shared
    string that is not plain, as XlsxWriter writes it, and the strings found plain (:class:`_SharedStrings`)."""

    def __init__(self) -> None:
        self.rows: dict[int, SheetRow] = {}
        self.strings: dict[str, str] = {}
        self.plain: set[str] = set()  # the strings found plain (:func:`_plain`): not looked at again

    def take(self, rows: Sequence[TaskRow], cells: tuple[list[tuple], list[str]]) -> None:
        """Take the cells of a month's ``rows`` as :func:`month_cells` made them (maybe in an earlier
        build): each row's, and its strings, all plain but those it names (found plain in one pass of
        C, not one call a string: ≈ 0.01 s of a rebuild at 120 months)."""
        parts, not_plain = cells
        self.rows.update(zip(map(id, rows), (SheetRow(*made) for made in parts)))
        self.plain.update(itertools.chain.from_iterable(made[2] for made in parts))
        self.plain.difference_update(not_plain)

    def clear(self) -> None:
        """Let go of what the tables shared (the rows' cells, the strings' XML)."""
        self.rows.clear()
        self.strings.clear()
        self.plain.clear()


class _SharedStrings(SharedStrings):
    """XlsxWriter's ``sharedStrings.xml`` writer: a plain string's ``<si>`` (:func:`_plain`: most
    task texts) written straight; another's written by XlsxWriter once a build and reused in every
    table that has the string (escaping a string was a fifth of a table's cost). Only those are
    kept: keeping every string's XML held a copy of a long archive's every text.)"""

    made: dict[str, str]
    plain: set[str]
    fh: Any  # XlsxWriter's open file (untyped)
    string_table: Any

    def _write_sst_strings(self) -> None:
        made, plain = self.made, self.plain
        parts = []
        for string in self.string_table.string_array:
            if string in plain:  # most texts: nothing to escape or keep, written as they are
                parts.append(f"<si><t>{string}</t></si>")
                continue
            xml = made.get(string)
            if xml is None:
                if _plain(string):  # asked once a build (a task's texts are in three tables)
                    plain.add(string)
                    parts.append(f"<si><t>{string}</t></si>")
                    continue
                xml = made[string] = self._si(string)
            parts.append(xml)
        self.fh.write("".join(parts))

    def _si(self, string: str) -> str:
        """A string's ``<si>`` as XlsxWriter's ``_write_si`` writes it."""
        out, self.fh = self.fh, io.StringIO()
        try:
            self._write_si(string)
            return self.fh.getvalue()
        finally:
            self.fh = out


class _Packager(Packager):
    """XlsxWriter's packager, with :class:`_SharedStrings` (as ``Packager._write_shared_strings_file``)."""

    def _write_shared_strings_file(self) -> None:
        if not self.workbook.str_table.count:
            return
        sst = _SharedStrings()
        sst.made = self.workbook.shared_strings
        sst.plain = self.workbook.plain_strings
        sst.string_table = self.workbook.str_table
        sst._set_xml_writer(self._filename("xl/sharedStrings.xml"))
        sst._assemble_xml_file()


# The parts that are the same bytes in every table (the sheet's name and the print titles are the
# same in all): kept deflated (see PackageZip.write_deflated; a part that differs is deflated again).
_SHARED_PARTS = frozenset({"[Content_Types].xml", "_rels/.rels", "docProps/app.xml", "xl/_rels/workbook.xml.rels",
                           "xl/theme/theme1.xml", "xl/styles.xml"})


class _Workbook(xlsxwriter.Workbook):
    """XlsxWriter's workbook packaged by :class:`_Packager` (``_get_packager`` is XlsxWriter's hook
    for another packager), zipped by :class:`~portal.outputs.packagezip.PackageZip` when in memory."""

    shared_strings: dict[str, str]
    plain_strings: set[str]
    kept_deflate: Optional[Deflate] = None  # see table
    kept_sheet: Optional[KeptSheet] = None

    def _get_packager(self):
        return _Packager()

    def _store_workbook(self) -> None:
        """XlsxWriter's ``Workbook._store_workbook`` (3.3.1) for a workbook in memory, its parts
        written by :meth:`PackageZip.write_deflated` (the same bytes as its ``writestr``). Why: six
        of a table's ten parts (theme, styles, relationships...) are the same in every table of a
        build; each was deflated again, its entry's header written twice. A ``constant_memory``
        table (its parts are temporary files) is XlsxWriter's own, as is one with macros (the
        steps for those are left out here: the portal writes none)."""
        if not self.in_memory or self.vba_project:
            super()._store_workbook()
            return
        package = PackageZip(self.filename, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=self.allow_zip64)
        package.kept_deflate = self.kept_deflate
        packager = self._get_packager()
        if not self.worksheets():
            self.add_worksheet()
        if self.worksheet_meta.activesheet == 0:
            self.worksheets_objs[0].selected = 1
            self.worksheets_objs[0].hidden = 0
        for sheet in self.worksheets():
            if sheet.index == self.worksheet_meta.activesheet:
                sheet.active = 1
        self._prepare_sst_string_data()
        self._prepare_vml()
        self._prepare_defined_names()
        self._prepare_drawings()
        self._add_chart_data()
        self._prepare_tables()
        self._prepare_metadata()
        packager._add_workbook(self)
        packager._set_tmpdir(self.tmpdir)
        packager._set_in_memory(self.in_memory)
        parts = packager._create_package()  # every part assembled (a sheet whose rows wait says where they go)
        later = {f"xl/worksheets/sheet{number}.xml": sheet for number, sheet in enumerate(self.worksheets(), 1)
                 if isinstance(sheet, _TaskSheet) and sheet.rows_at is not None}
        for part, name, is_binary in parts:
            entry = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))  # XlsxWriter's fixed date
            sheet = later.pop(name, None)
            if sheet is not None:
                self._write_kept_sheet(package, entry, part.getvalue(), sheet)
                continue
            package.write_deflated(entry, part.getvalue() if is_binary else part.getvalue().encode("utf-8"),
                                   shared=name in _SHARED_PARTS)
        if later:  # a sheet without its rows would have been written as it is
            raise RuntimeError(f"sheets whose rows were not written: {sorted(later)}")
        package.close()

    def _write_kept_sheet(self, package: PackageZip, entry: zipfile.ZipInfo, xml: str, sheet: "_TaskSheet") -> None:
        """The sheet whose rows were left out of its XML (:attr:`_TaskSheet.rows_later`): kept by the
        rest of its XML and by what its rows are made of (:meth:`_TaskSheet.rows_key`), its rows
        written only when it is not kept. Why: after an edit of a task's text the archive's sheet is
        the same XML (its strings are numbered, their texts are in the shared strings), and writing
        its rows (one template a row) and hashing them, only to find the deflate kept by their bytes,
        was a third of the archive table's cost."""
        assert self.kept_sheet is not None and sheet.rows_at is not None
        at = sheet.rows_at
        level = package.entry_level(entry)
        level = zlib.Z_DEFAULT_COMPRESSION if level is None else level

        def made() -> bytes:
            return (xml[:at] + sheet.rows_xml() + xml[at:]).encode("utf-8")

        def make() -> Deflated:
            data = made()
            return (len(data), *deflate(data, level))

        size, crc, deflated = self.kept_sheet((at, len(xml), xml, *sheet.kept_rows_key), make, level)
        package.write_entry(entry, size, crc, deflated, made)


@dataclass(frozen=True)
class SheetRow:
    """A task's row as every table writes it: the wrapped lines its tallest cell takes, and its
    non-empty cells in :data:`COLUMNS` order (a department's table adds the role, see
    :func:`_shared_rows`): each cell's column and whether it is a date's day number (the row's
    ``shape``: the rows of one shape are written by one template, :func:`_row_template`), then the
    values, its strings and its dates' day numbers, in order.

    Why not a tuple of cells: a table numbers its strings and writes its rows from these, a row at a
    time (:meth:`_TaskSheet.fill_shared`), where a cell at a time was most of what a table cost; and a
    shape is held once for all the rows that have it (:data:`_SHAPES`)."""

    lines: int
    shape: tuple[tuple[int, bool], ...]
    strings: tuple[str, ...]
    days: tuple[int, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "shape", _SHAPES.setdefault(self.shape, self.shape))  # a few dozen shapes

    @classmethod
    def written(cls, lines: int, cells: Iterable[tuple[int, bool, Any]]) -> "SheetRow":
        """The row of ``cells`` as :func:`_written` gives them."""
        shape: list[tuple[int, bool]] = []
        strings: list[str] = []
        days: list[int] = []
        for col, is_date, value in cells:
            shape.append((col, is_date))
            (days if is_date else strings).append(value)
        return cls(lines, tuple(shape), tuple(strings), tuple(days))

    @property
    def cells(self) -> tuple[tuple[int, bool, Any], ...]:
        """``(column, is a date's day number, value)`` of each of its cells, as :func:`_written` gives them."""
        strings, days = iter(self.strings), iter(self.days)
        return tuple((col, is_date, next(days) if is_date else next(strings)) for col, is_date in self.shape)


_SHAPES: dict[tuple, tuple] = {}


def sheet_row(row: TaskRow) -> SheetRow:
    """The cells of ``row`` and the lines they take, made once for all the tables the row is in:
    :func:`_lines` and :func:`_written` of its values, in one pass over them."""
    shape: list[tuple[int, bool]] = []
    strings: list[str] = []
    days: list[int] = []
    lines = 1
    for col, (column, value) in enumerate(zip(COLUMNS, _cells(row))):
        if isinstance(value, dt.date):
            shape.append((col, True))
            days.append((value - EXCEL_EPOCH).days)
        elif value:
            if isinstance(value, str) and (len(value) > column.width or "\n" in value):  # else one line
                lines = max(lines, wrapped_lines(value, column.width))
            if len(value) > _STRMAX // 2 and _utf16_len(value) > _STRMAX:
                value = _utf16_truncate(value, _STRMAX)
            shape.append((col, False))
            strings.append(value)
    return SheetRow(lines, tuple(shape), tuple(strings), tuple(days))


def month_cells(rows: Sequence[TaskRow]) -> tuple[list[tuple], list[str]]:
    """The cells of a month's rows as the build cache keeps them (see :meth:`Prepared.take`): each
    row's :func:`sheet_row` as a plain tuple (lines, shape, strings, days), and the strings among
    them that are not plain (:func:`_plain`: a few)."""
    made = [sheet_row(row) for row in rows]
    not_plain = sorted({string for sheet in made for string in sheet.strings if not _plain(string)})
    return [(sheet.lines, sheet.shape, sheet.strings, sheet.days) for sheet in made], not_plain


def _written(cells: Sequence) -> Iterator[tuple[int, bool, Any]]:
    """The cells a row writes: a date as Excel's day number (shown as a date: what write_datetime
    stores), text as it is (cut to Excel's longest string, as XlsxWriter cuts it); an empty cell not
    at all."""
    for col, value in enumerate(cells):
        if isinstance(value, dt.date):
            yield col, True, (value - EXCEL_EPOCH).days
        elif value:
            if len(value) > _STRMAX // 2 and _utf16_len(value) > _STRMAX:
                value = _utf16_truncate(value, _STRMAX)
            yield col, False, value


def _lines(cells: Sequence, columns: Sequence[SheetColumn]) -> int:
    lines = 1
    for value, column in zip(cells, columns):
        if isinstance(value, str) and (len(value) > column.width or "\n" in value):  # else one line
            lines = max(lines, wrapped_lines(value, column.width))
    return lines


@lru_cache(maxsize=256)  # a handful of line counts; a row's height is asked in each of its tables
def _height(lines: int) -> float:
    return round(lines * LINE_HEIGHT + 2, 2)


def row_height(cells: Sequence, columns: Sequence[SheetColumn]) -> float:
    """The height in points a row needs for its longest wrapped cell."""
    return _height(_lines(cells, columns))


def _sheet_rows(rows: Sequence[TaskRow], roles: Optional[Sequence[str]],
                prepared: dict[int, SheetRow]) -> Iterator[tuple[float, Sequence]]:
    """(height, written cells) of each row of a large table (``constant_memory``), in its columns'
    order, made as the sheet is written: a row not in ``prepared`` is made and let go."""
    for number, row in enumerate(rows):
        made = prepared.get(id(row))
        if made is None:
            made = sheet_row(row)
        if roles is None:
            yield _height(made.lines), made.cells
            continue
        role = roles[number]
        lines = made.lines
        if len(role) > ROLE_COLUMN.width or "\n" in role:
            lines = max(lines, wrapped_lines(role, ROLE_COLUMN.width))
        before, after = _around_role(made)
        yield _height(lines), before + _role_cell(role) + after


def _shared_rows(rows: Sequence[TaskRow], roles: Optional[Sequence[str]],
                 prepared: dict[int, SheetRow]) -> Iterator[tuple[float, SheetRow, Optional[str]]]:
    """(height, cells, the department's role as written) of each row of a table whose strings are
    shared (:meth:`_TaskSheet.fill_shared`): the role None in a table without the role column, empty
    for a row without one; a row not in ``prepared`` is made and kept."""
    for number, row in enumerate(rows):
        made = prepared.get(id(row))
        if made is None:
            made = prepared[id(row)] = sheet_row(row)
        if roles is None:
            yield _height(made.lines), made, None
            continue
        role = roles[number]
        lines = made.lines
        if len(role) > ROLE_COLUMN.width or "\n" in role:
            lines = max(lines, wrapped_lines(role, ROLE_COLUMN.width))
        cell = _role_cell(role)
        yield _height(lines), made, cell[0][2] if cell else ""


@lru_cache(maxsize=64)  # a handful of role labels («Chủ trì», «Phối hợp», both)
def _role_cell(role: str) -> tuple[tuple[int, bool, Any], ...]:
    """The role's cell as :func:`_written` writes it (none when empty)."""
    return tuple(_written([""] * _ROLE_AT + [role]))


def _around_role(made: SheetRow) -> tuple[tuple, tuple]:
    """A row's cells before the role column and after it (moved one column right): in a department's table."""
    cells = made.cells
    return (tuple(cell for cell in cells if cell[0] < _ROLE_AT),
            tuple((col + 1, is_date, value) for col, is_date, value in cells if col >= _ROLE_AT))


class _TaskSheet(Worksheet):
    """XlsxWriter's worksheet, its cells written in one pass from the rows :func:`workbook` gives.

    Why: a task's row is in three tables (its month's, its departments', the archive's), and
    XlsxWriter's per-cell calls (``set_row``, ``write_string``: a cell object each, then each written
    out as XML) were most of the downloads' cost. Here the rows' cells, made once per build, are put
    straight into the sheet's XML as XlsxWriter writes it for those calls: the same shared strings in
    the same order, numbered for the whole table at once, each row written by its shape's template
    (:meth:`fill_shared`; inline strings in ``constant_memory`` mode, made as the sheet is written, so a
    large table is never held: :meth:`fill`), the same row heights, spans, dimensions and styles; everything else
    in the package (columns, panes, print setup, styles, properties, the zip) is XlsxWriter's own.
    ``tests/test_office_documents.py`` writes tables both ways, through XlsxWriter's cell calls and
    through this sheet, and compares the bytes. Every cell is text (``write_string``: never a
    formula) or a date's day number (``write_number``).
    """

    _task_rows: Callable[[int, int], Iterable[tuple]]  # see fill
    row_runs: Optional[RowRuns] = None  # see _write_task_rows
    fh: Any  # XlsxWriter's open file (untyped)
    _shared: Optional[tuple[list, list[tuple[str, ...]], dict[str, int]]] = None  # see fill_shared
    # rows_later: the rows are left out of the sheet's XML as it is assembled (:meth:`_write_sheet_data`),
    # and rows_at is where they go in it: :meth:`_Workbook._write_kept_sheet` writes them when needed
    rows_later = False
    rows_at: Optional[int] = None
    kept_rows_key: tuple = ()  # the rows_key of the rows left out

    def fill_shared(self, table: list[tuple[float, SheetRow, Optional[str]]], header, text, date) -> None:
        """Take the rows of a table whose strings are shared (not ``constant_memory``): ``table`` as
        :func:`_shared_rows` gives it, the header row first (in ``header``'s style, the others in
        ``text``'s, dates in ``date``'s). The strings are numbered as XlsxWriter's cell calls number
        them (the order each is first met) for the whole table at once: ``dict.fromkeys`` of every
        row's strings in order, not a cell at a time; each row is written by its shape's template
        (:meth:`_write_shared_rows`). Why: the same task rows are written in three tables of a build,
        and the per-cell steps (a lookup, a format each) were most of what writing a table cost."""
        self._task_styles = header, text, date
        row_strings = []
        for _, made, role in table:
            strings = made.strings
            if role:
                before = _strings_before_role(made.shape)
                strings = strings[:before] + (role,) + strings[before:]
            row_strings.append(strings)
        shared = self.str_table
        if shared.string_table:
            raise ValueError("the table's strings are numbered from the first")
        index = dict(zip(dict.fromkeys(itertools.chain.from_iterable(row_strings)), itertools.count()))
        shared.string_table, shared.unique_count, shared.count = index, len(index), sum(map(len, row_strings))
        self._shared = table, row_strings, index  # the table's own: XlsxWriter empties its own before the sheet is written
        self.dim_rowmin = self.dim_colmin = 0  # set_row's first column
        self.dim_rowmax = len(table) - 1
        self.dim_colmax = len(self.col_info) - 1  # the header row writes every column

    def _write_shared_rows(self) -> None:
        """The rows :meth:`fill_shared` took, as :meth:`_write_task_rows` writes them: each by the
        template of its shape (with a department's role column, and its role or none), a format call a
        row given the row's number, its attributes, its strings' numbers and its dates."""
        assert self._shared is not None
        table, row_strings, index = self._shared
        header, text, date = self._task_styles
        shapes = [_role_shape(made.shape, role) for _, made, role in table]
        numbers = self._number_styles(((is_date for _, is_date in shape) for shape in shapes))
        header, text, date = (numbers.get(id(style)) for style in (header, text, date))
        original, default = self.original_row_height, self.default_row_height
        heights: dict[float, str] = {}  # a height's attributes: a handful of heights in a table
        templates: dict[tuple, str] = {}
        number_of = index.__getitem__
        write = self.fh.write
        for block in range(0, len(table), 16):  # the columns each block of 16 rows spans (_calculate_spans)
            rows = range(block, min(block + 16, len(table)))
            used = [col for number in rows if shapes[number] for col in (shapes[number][0][0], shapes[number][-1][0])]
            span = f' spans="{min(used) + 1}:{max(used) + 1}"' if used else ""
            for number in rows:
                height, made, _ = table[number]
                attributes = heights.get(height)
                if attributes is None:
                    pixels = int(height * 4.0 / 3.0 + 0.5)  # set_row's points to pixels
                    attributes = heights[height] = \
                        f' ht="{pixels * 0.75:.16g}" customHeight="1"' if pixels != original or pixels != default else ""
                shape = shapes[number]
                style = header if number == 0 else text
                template = templates.get((id(shape), style))
                if template is None:
                    template = templates[id(shape), style] = _row_template(shape, style, date)
                write(template.format(number + 1, span + attributes, *map(number_of, row_strings[number]), *made.days))

    def fill(self, rows: Callable[[int, int], Iterable[tuple[float, Sequence]]], count: int, header, text, date) -> None:
        """Take the ``count`` rows of a large table (``constant_memory``: its strings inline) that
        ``rows(start, stop)`` gives (rows ``start`` to ``stop``, not included), made again as the sheet
        is written ((height in points, written cells) each;
        the first is the header row, in ``header``'s style, the others in ``text``'s, dates in
        ``date``'s). A table whose strings are shared is taken by :meth:`fill_shared`."""
        if not self.constant_memory:
            raise ValueError("a table of shared strings is taken by fill_shared")
        self._task_styles = header, text, date
        self._task_rows = rows
        # each row but the last was written out as the next began, its cells' styles numbered
        # in that order; the last row's at close, with the styles not used yet
        self._number_styles((is_date for _, is_date, _ in cells) for _, cells in rows(0, count - 1))
        self.dim_rowmin = self.dim_colmin = 0  # set_row's first column
        self.dim_rowmax = count - 1
        self.dim_colmax = len(self.col_info) - 1  # the header row writes every column

    def _write_sheet_data(self) -> None:
        self._xml_start_tag("sheetData")
        if self.rows_later:
            self.rows_at = self.fh.tell()  # a StringIO: a position in characters
            # now, as writing the rows would: the styles the cells use are numbered as the sheet is
            # written (XlsxWriter's styles part, written after the sheets, has only those)
            self.kept_rows_key = self.rows_key()
        else:
            self._write_shared_rows()
        self._xml_end_tag("sheetData")

    def rows_xml(self) -> str:
        """The rows :meth:`_write_sheet_data` left out, as it would have written them."""
        out, self.fh = self.fh, io.StringIO()
        try:
            self._write_shared_rows()
            return self.fh.getvalue()
        finally:
            self.fh = out

    def rows_key(self) -> tuple:
        """Everything :meth:`_write_shared_rows` writes the rows from, compactly: the styles' numbers
        (as its cells use them), the row heights XlsxWriter compares with, and each row's height, shape
        (with the role column: the shapes in the order first used, then each row's by number), its
        strings' numbers and its dates' day numbers, each list as one array's bytes, with the lengths
        of them all. Those make the rows' XML: its templates, spans (of the shapes) and heights' attributes.
        Why not the rows' XML itself: it is what writing the rows costs; this is a few C-level passes
        over the table (≈ 0.005 s where writing the archive's rows was ≈ 0.035 s at 120 months)."""
        assert self._shared is not None
        table, row_strings, index = self._shared
        shapes = [_role_shape(made.shape, role) for _, made, role in table]
        numbers = self._number_styles(((is_date for _, is_date in shape) for shape in shapes))
        styles = tuple(numbers.get(id(style)) for style in self._task_styles)
        first: dict[int, int] = {}
        distinct: list[tuple] = []
        order = array("q")
        for shape in shapes:
            number = first.get(id(shape))
            if number is None:
                number = first[id(shape)] = len(distinct)
                distinct.append(shape)
            order.append(number)
        heights = array("d", [height for height, _, _ in table])
        strings = array("q", map(index.__getitem__, itertools.chain.from_iterable(row_strings)))
        days = array("q", itertools.chain.from_iterable(made.days for _, made, _ in table))
        return (styles, self.original_row_height, self.default_row_height, distinct,
                (len(order), len(heights), len(strings), len(days)),
                order.tobytes(), heights.tobytes(), strings.tobytes(), days.tobytes())

    def _write_optimized_sheet_data(self) -> None:
        self._xml_start_tag("sheetData")
        self._write_task_rows()
        self._xml_end_tag("sheetData")

    def _write_task_rows(self) -> None:
        """The rows :meth:`fill` took, their strings inline (``constant_memory`` writes no spans); with
        :attr:`row_runs` (:class:`RowRuns`), each run's rows as kept, written only when not kept."""
        original, default = self.original_row_height, self.default_row_height
        header, text, date = self._task_styles
        numbers = self._number_styles((is_date for _, is_date, _ in cells) for _, cells in self._task_rows(0, self.dim_rowmax + 1))
        styles = tuple(numbers.get(id(style)) for style in (header, text, date))
        runs = self.row_runs
        if runs is None:
            self._write_rows(0, self._task_rows(0, self.dim_rowmax + 1), styles)
            return
        self._write_rows(0, self._task_rows(0, 1), styles)  # the header row
        start = 1
        for count, key in runs.runs:
            stop = start + count
            self.fh.write(runs.kept(("large table rows", start, count, key, styles, original, default),
                                    partial(self._rows_xml, start, stop, styles)))
            start = stop

    def _rows_xml(self, start: int, stop: int, styles: tuple) -> str:
        """Rows ``start`` to ``stop`` (not included) as :meth:`_write_rows` writes them."""
        out, self.fh = self.fh, io.StringIO()
        try:
            self._write_rows(start, self._task_rows(start, stop), styles)
            return self.fh.getvalue()
        finally:
            self.fh = out

    def _write_rows(self, start: int, rows: Iterable[tuple[float, Sequence]], styles: tuple) -> None:
        """``rows`` ((height, written cells) each), the first being row ``start`` (0: the header row), in
        ``styles`` (the ``s`` attributes of the header's, the text's and the dates' cells)."""
        write = self.fh.write
        original, default = self.original_row_height, self.default_row_height
        header, text, date = styles
        names = [xl_col_to_name(col) for col in range(self.dim_colmax + 1)]
        for number, (height, cells) in enumerate(rows, start):
            pixels = int(height * 4.0 / 3.0 + 0.5)  # set_row's points to pixels
            tag = f'<row r="{number + 1}"'
            if pixels != original or pixels != default:
                tag += f' ht="{pixels * 0.75:.16g}" customHeight="1"'
            if not cells:
                write(tag + "/>")
                continue
            parts = [tag, ">"]
            reference = str(number + 1)
            style = header if number == 0 else text
            for col, is_date, value in cells:
                if is_date:
                    parts.append(f'<c r="{names[col]}{reference}"{date}><v>{value:.16G}</v></c>')
                else:
                    parts.append(f'<c r="{names[col]}{reference}"{style}' + self._inline(value))
            parts.append("</row>")
            write("".join(parts))

    def _number_styles(self, rows: Iterable[Iterable[bool]]) -> dict[int, str]:
        """Number the styles the cells of ``rows`` (each row's cells, as whether each is a date) use,
        in the order they are first used (as XlsxWriter's cells do: the header row's, the text's, the
        dates'); a style no cell uses is not numbered. Gives the ``s`` attribute of each used style,
        by ``id``."""
        header, text, date = self._task_styles
        used: dict[int, str] = {}
        for number, cells in enumerate(rows):
            for is_date in cells:
                style = date if is_date else header if number == 0 else text
                if id(style) not in used:
                    used[id(style)] = f' s="{style._get_xf_index()}"'
            if len(used) == 3:
                break
        return used

    def _inline(self, string: str) -> str:
        """The rest of a ``constant_memory`` string cell, as XlsxWriter's ``_write_cell`` writes it
        (most texts have nothing to escape or keep: written as they are)."""
        if _plain(string):
            return f' t="inlineStr"><is><t>{string}</t></is></c>'
        string = self._escape_control_characters(string)
        if string.startswith("<r>") and string.endswith("</r>"):
            return f' t="inlineStr"><is>{string}</is></c>'
        preserve = ' xml:space="preserve"' if _preserve_whitespace(string) else ""
        return f' t="inlineStr"><is><t{preserve}>{self._escape_data(string)}</t></is></c>'


_ROLE_SHAPES: dict[tuple, tuple] = {}


def _role_shape(shape: tuple[tuple[int, bool], ...], role: Optional[str]) -> tuple[tuple[int, bool], ...]:
    """The cells' columns of a row of ``shape`` in a table with (``role`` not None) a department's role
    column: after the task's columns its role (when not empty), the columns after it one to the right.
    Held once for each (see :data:`_SHAPES`): the rows' templates are found by it, by ``id``."""
    if role is None:
        return shape
    key = (id(shape), bool(role))
    made = _ROLE_SHAPES.get(key)
    if made is None:
        made = tuple([cell for cell in shape if cell[0] < _ROLE_AT] + ([(_ROLE_AT, False)] if role else [])
                     + [(col + 1, is_date) for col, is_date in shape if col >= _ROLE_AT])
        made = _ROLE_SHAPES[key] = _SHAPES.setdefault(made, made)
    return made


@lru_cache(maxsize=256)
def _strings_before_role(shape: tuple[tuple[int, bool], ...]) -> int:
    """How many of the strings of a row of ``shape`` come before a department's role column."""
    return sum(1 for col, is_date in shape if col < _ROLE_AT and not is_date)


def _row_template(shape: tuple[tuple[int, bool], ...], style: Optional[str], date: Optional[str]) -> str:
    """A ``str.format`` template of a row of ``shape`` as :meth:`_TaskSheet._write_task_rows` writes
    it (its strings in ``style``, its dates in ``date``): ``{0}`` the row's number, ``{1}`` its
    attributes, then the strings' numbers and the dates, in order."""
    if not shape:
        return '<row r="{0}"{1}/>'
    strings = sum(1 for _, is_date in shape if not is_date)
    parts = ['<row r="{0}"{1}>']
    string, day = 2, 2 + strings
    for col, is_date in shape:
        name = xl_col_to_name(col)
        if is_date:
            parts.append(f'<c r="{name}{{0}}"{date}><v>{{{day}:.16G}}</v></c>')
            day += 1
        else:
            parts.append(f'<c r="{name}{{0}}"{style} t="s"><v>{{{string}}}</v></c>')
            string += 1
    parts.append("</row>")
    return "".join(parts)


# What XlsxWriter changes in a text it writes: control characters and its own escape (_xHHHH_),
# the characters it cannot write (U+FFFE, U+FFFF), markup characters.
_ESCAPED = re.compile("[\x00-\x1f&<>\ufffe\uffff]")
_OWN_ESCAPE = re.compile("_x[0-9a-fA-F]{4}_")


def _plain(string: str) -> bool:
    """Whether XlsxWriter writes ``string`` as it is: nothing it escapes (:data:`_ESCAPED`, its own
    ``_xHHHH_``) and no space at either end (its ``_preserve_whitespace``: ``^\\s`` or ``\\s$``,
    the same characters as ``str.isspace``). Tested in that order, cheapest first: the regular
    expressions searched every long text twice."""
    return not (string[:1].isspace() or string[-1:].isspace() or _ESCAPED.search(string)
                or ("_x" in string and _OWN_ESCAPE.search(string)))


_STRMAX = 32767  # a cell's longest string, in UTF-16 units (XlsxWriter truncates longer ones)


def print_columns(columns: Sequence[SheetColumn], several_months: bool) -> tuple[int, int]:
    """First and last column (0-based) of the print area: the printed columns, the month's only
    when the table spans several months."""
    printed = [i for i, c in enumerate(columns) if c.printed and (several_months or c is not MONTH)]
    return printed[0], printed[-1]


def _print_setup(ws, title: str, columns: Sequence[SheetColumn], rows: int, several_months: bool) -> None:
    """A4 landscape, the reader's columns one page wide, the header row and title on every page."""
    first, last = print_columns(columns, several_months)
    ws.print_area(0, first, max(rows, 1), last)
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.set_header(f'&C&"{FONT},Bold"&12{_header_text(title)}', {"margin": 0.25})
    ws.set_footer(f'&C&"{FONT},Regular"&11Trang &P/&N', {"margin": 0.25})
    ws.repeat_rows(0)
    ws.hide_gridlines(0)  # the cell lines print, so the printed table reads as a table
    ws.fit_to_pages(1, 0)


def _header_text(title: str) -> str:
    """``title`` for a page header: ``&`` is a header code, written twice to print itself."""
    return title.replace("&", "&&")


def _cells(row: TaskRow) -> list:
    """A row's values in :data:`COLUMNS` order."""
    return [column.cell(row) for column in COLUMNS]


def by_month(rows: Iterable[TaskRow]) -> dict[str, list[TaskRow]]:
    months: dict[str, list[TaskRow]] = {}
    for row in rows:
        months.setdefault(row.month, []).append(row)
    return months
