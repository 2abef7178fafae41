"""Excel tables of the tasks (XlsxWriter): one per month, one per department, one for the archive.

Staff take lists into Excel to filter and sort, so each workbook is one sheet with one row per
task: a frozen header row in Vietnamese, an autofilter over every column, set widths and wrapped
text, and the deadline twice, as written (``Trước ngày 25/11/2023``) and as Excel dates (the
window's first and last day), so a filter or a sort by date works.

Every cell is written as what it is (``write_string`` for text): a task text that begins with
``=`` stays text, never a formula. The bytes are reproducible: the workbook's created date comes
from its content (the first day of its newest month, as the month's Word file), or
``SOURCE_DATE_EPOCH`` when set, never the clock, so an unchanged table is the same file on every
build (XlsxWriter already fixes the zip entries' dates). Large tables
(a long archive) are written with ``constant_memory``, row by row to a temporary file, so a
600-month archive does not hold every cell in memory.
"""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Optional, Sequence

import xlsxwriter

from portal.content.columns import EXCEL_COLUMNS, Column
from portal.outputs.tasktable import TaskRow
from portal.text.months import Month

AUTHOR = "Ban Tuyên giáo Tỉnh ủy"
# Rows from which a table is written with constant_memory: slower (inline strings, about 1.6×)
# but its memory stays flat; below it the cells are kept (about 3.7 KB a row) and strings shared.
# A 120-month archive (≈ 5,700 rows) stays under it, a 600-month one (≈ 28,000) goes over.
LARGE = 10000


@dataclass(frozen=True)
class SheetColumn:
    header: str
    width: int  # characters
    cell: Callable[[TaskRow], Any]  # a string, a date (written as an Excel date) or None


def _registry(column: Column) -> SheetColumn:
    return SheetColumn(column.excel_label or column.label, column.excel_width, lambda row: row.value(column, "\n"))


# Before the task's own columns: where it is; beside a column, what the indexes read from it (the
# departments a lead names, the days a deadline means); after them, the documents it cites.
_BEFORE = [
    SheetColumn("Mã nhiệm vụ", 14, lambda row: row.id),
    SheetColumn("Tháng", 12, lambda row: row.month_label),
    SheetColumn("Mục", 6, lambda row: row.section),
    SheetColumn("Tên mục", 28, lambda row: row.section_title),
]
_BESIDE = {
    "lead": [SheetColumn("Phòng chủ trì (tên đầy đủ)", 30, lambda row: row.lead_names)],
    "deadline": [SheetColumn("Từ ngày", 12, lambda row: row.deadline_start),
                 SheetColumn("Hạn (ngày)", 12, lambda row: row.deadline_end)],
}
_AFTER = [SheetColumn("Văn bản trích dẫn", 30, lambda row: "\n".join(d.label for d in row.directives))]
# The task table's columns (portal.content.columns) in the document's order, with what goes around them.
COLUMNS: list[SheetColumn] = [*_BEFORE, *(sheet for column in EXCEL_COLUMNS
                                         for sheet in [_registry(column), *_BESIDE.get(column.key, [])]), *_AFTER]
ROLE_COLUMN = SheetColumn("Vai trò của phòng", 12, lambda row: "")  # filled from ``roles``
EXCEL_EPOCH = dt.date(1899, 12, 30)  # day 0 of Excel's 1900 date system (past its 1900 leap-year quirk)


NO_MONTH = dt.datetime(2000, 1, 1)  # the created date of a table with no rows (as the Atom feed's fallback)


def created_date(rows: Sequence[TaskRow], source_date_epoch: Optional[int] = None) -> dt.datetime:
    """The workbook's created date: the reproducible build's date (``SOURCE_DATE_EPOCH``, read once into
    the build options) when set, else the first day of the newest month among ``rows``: from the
    content, so the same rows give the same bytes."""
    if source_date_epoch is not None:
        return dt.datetime.fromtimestamp(source_date_epoch, dt.timezone.utc).replace(tzinfo=None)
    newest = max((Month(row.month) for row in rows), default=None)
    return dt.datetime.combine(newest.first_day, dt.time()) if newest else NO_MONTH


def workbook(rows: Sequence[TaskRow], title: str, sheet: str = "Nhiệm vụ",
             roles: Optional[Sequence[str]] = None, created: Optional[dt.datetime] = None) -> bytes:
    """The table of ``rows`` as .xlsx bytes; ``roles`` (one per row) adds a «Vai trò» column."""
    large = len(rows) >= LARGE
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {
        "in_memory": not large, "constant_memory": large,
        "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False,
        "default_date_format": "dd/mm/yyyy",
    })
    book.set_properties({"title": title, "author": AUTHOR, "company": AUTHOR, "created": created or created_date(rows),
                         "comments": "Mỗi dòng một nhiệm vụ; cột «Hạn (ngày)» là ngày cuối của thời hạn."})
    book.set_calc_mode("auto")
    header = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#D9D9D9",
                              "border": 1, "font_name": "Times New Roman", "font_size": 12})
    text = book.add_format({"text_wrap": True, "valign": "top", "font_name": "Times New Roman", "font_size": 12})
    date = book.add_format({"num_format": "dd/mm/yyyy", "valign": "top", "font_name": "Times New Roman",
                            "font_size": 12})
    columns = list(COLUMNS) + ([ROLE_COLUMN] if roles is not None else [])
    ws = book.add_worksheet(sheet[:31])
    for index, column in enumerate(columns):
        ws.set_column(index, index, column.width, text)
    ws.freeze_panes(1, 0)
    ws.set_row(0, 32)
    for index, column in enumerate(columns):
        ws.write_string(0, index, column.header, header)
    for number, row in enumerate(rows, start=1):
        cells = _cells(row)
        if roles is not None:
            cells.append(roles[number - 1])
        for index, value in enumerate(cells):
            if isinstance(value, dt.date):  # Excel's day number, shown as a date (what write_datetime stores)
                ws.write_number(number, index, (value - EXCEL_EPOCH).days, date)
            elif value:  # an empty cell is not written at all
                ws.write_string(number, index, value, text)
    ws.autofilter(0, 0, max(len(rows), 1), len(columns) - 1)
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.repeat_rows(0)
    ws.fit_to_pages(1, 0)
    book.close()
    return buffer.getvalue()


def _cells(row: TaskRow) -> list:
    return [column.cell(row) for column in COLUMNS]


def by_month(rows: Iterable[TaskRow]) -> dict[str, list[TaskRow]]:
    months: dict[str, list[TaskRow]] = {}
    for row in rows:
        months.setdefault(row.month, []).append(row)
    return months
