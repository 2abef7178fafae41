"""The Excel tables' sheets are written straight from the rows' cells (``portal.outputs.xlsx``,
``_TaskSheet``) instead of through XlsxWriter's per-cell calls: the bytes must be those the cell
calls give. Each case writes a table both ways and compares the files, part by part.

The reference below is the table written with XlsxWriter's public calls only (``set_row``,
``write_string``, ``write_number``), as the portal wrote its tables before; the rest of the
workbook (formats, columns, print set-up) is the module's own code in both."""
from __future__ import annotations

import dataclasses
import datetime as dt
import io
import zipfile

import openpyxl
import pytest
import xlsxwriter
from conftest import ROOT

from portal.build.site import load_site
from portal.outputs import xlsx
from portal.outputs.tasktable import task_rows


def reference_workbook(rows, title, roles=None, created=None) -> bytes:
    """The table through XlsxWriter's cell calls, one cell at a time."""
    large = len(rows) >= xlsx.LARGE
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {
        "in_memory": not large, "constant_memory": large,
        "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False,
        "default_date_format": "dd/mm/yyyy",
    })
    book.set_properties({"title": title, "author": xlsx.AUTHOR, "company": xlsx.AUTHOR,
                         "created": created or xlsx.created_date(rows),
                         "comments": "Mỗi dòng một nhiệm vụ; cột «Hạn (ngày)» là ngày cuối của thời hạn."})
    book.set_calc_mode("auto")
    font = {"font_name": xlsx.FONT, "font_size": xlsx.FONT_SIZE}
    header = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "align": "center",
                              "bg_color": "#D9D9D9", "border": 1, **font})
    text = book.add_format({"text_wrap": True, "valign": "top", **font})
    date = book.add_format({"num_format": "dd/mm/yyyy", "valign": "top", **font})
    columns = xlsx.sheet_columns(roles is not None)
    ws = book.add_worksheet("Nhiệm vụ")
    for index, column in enumerate(columns):
        ws.set_column(index, index, column.width, text)
    ws.freeze_panes(1, 0)
    ws.set_row(0, xlsx.row_height([c.header for c in columns], columns))
    for index, column in enumerate(columns):
        ws.write_string(0, index, column.header, header)
    for number, row in enumerate(rows, start=1):
        cells = [column.cell(row) for column in xlsx.COLUMNS]
        if roles is not None:
            cells.insert(xlsx.sheet_columns(True).index(xlsx.ROLE_COLUMN), roles[number - 1])
        ws.set_row(number, xlsx.row_height(cells, columns))
        for index, value in enumerate(cells):
            if isinstance(value, dt.date):
                ws.write_number(number, index, (value - xlsx.EXCEL_EPOCH).days, date)
            elif value:
                ws.write_string(number, index, value, text)
    ws.autofilter(0, 0, max(len(rows), 1), len(columns) - 1)
    xlsx._print_setup(ws, title, columns, len(rows), several_months=len({row.month for row in rows}) > 1)
    book.close()
    return buffer.getvalue()


@pytest.fixture(scope="module")
def rows():
    return task_rows(load_site(ROOT / "content"))


def _with_text(row, text, **fields):
    """``row`` with its task saying ``text`` (the cells read the task), other row fields replaced."""
    return dataclasses.replace(row, text=text, task=dataclasses.replace(row.task, text=text), **fields)


EDGE_TEXTS = [
    "  lề trái và lề phải  ",  # kept whitespace (xml:space)
    "a & b < c > d \"trích\" 'dẫn'",  # escaped characters
    "điều khiển \x01\x07 và _x0041_",  # control characters, and Excel's own escape written literally
    "<r>trông như chuỗi định dạng</r>",
    "=HYPERLINK(\"http://example.org\";\"bấm\")",
    "dòng một\ndòng hai\n\ndòng bốn",
    "😀 " * 20,
    "rất dài " * 5000,  # over Excel's 32,767 letters: cut as XlsxWriter cuts it
    "kết thúc bằng xuống dòng\n",
    "ký tự không viết được \ufffe\uffff",
    "\tthụt đầu dòng",
    "x",
]


CASES = ["month", "empty", "one row", "edge texts", "no dates at all", "dates first met late", "roles",
         "roles, some empty", "many rows (spans of several blocks)"]


def _cases(rows):
    edge = [_with_text(rows[i % len(rows)], text) for i, text in enumerate(EDGE_TEXTS)]
    undated = [dataclasses.replace(row, deadline_start=None, deadline_end=None) for row in rows[:5]]
    late_date = undated + rows[5:8]  # the date style first used after a few rows
    return {
        "month": (rows, None),
        "empty": ([], None),
        "one row": (rows[:1], None),
        "edge texts": (edge, None),
        "no dates at all": (undated, None),
        "dates first met late": (late_date, None),
        "roles": (rows, ["Chủ trì; Phối hợp" if i % 3 else "Chủ trì" for i in range(len(rows))]),
        "roles, some empty": (edge, (["", "Phối hợp", "Chủ trì; Phối hợp; thêm một vai trò dài"] * 5)[:len(edge)]),
        "many rows (spans of several blocks)": (rows * 3, None),
    }


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.mark.parametrize("large", [False, True], ids=["shared strings", "constant_memory"])
@pytest.mark.parametrize("case", CASES)
def test_the_sheet_is_written_as_xlsxwriters_cell_calls_write_it(rows, case, large, monkeypatch):
    table, roles = _cases(rows)[case]
    if large:  # the threshold lowered, so that a small table is written as a long archive's is
        monkeypatch.setattr(xlsx, "LARGE", 1)
    expected = reference_workbook(table, "Nhiệm vụ & thử", roles=roles)
    made = xlsx.workbook(table, "Nhiệm vụ & thử", roles=roles, prepared=xlsx.Prepared())
    assert _parts(made) == _parts(expected)  # part by part first, for a readable failure
    assert made == expected


def test_a_row_made_once_serves_every_table(rows):
    """The month's, a department's and the archive's tables of one build share each row's cells."""
    prepared = xlsx.Prepared()
    month = xlsx.workbook(rows, "Tháng", prepared=prepared)
    assert set(prepared.rows) == {id(row) for row in rows}
    # the XML of each string XlsxWriter escapes is kept for the next tables (a plain one is written as it is)
    texts = {value for row in rows for _, is_date, value in prepared.rows[id(row)].cells if not is_date}
    assert set(prepared.strings) == {text for text in texts if not xlsx._plain(text)} != set()
    kept = dict(prepared.rows)
    roles = ["Chủ trì"] * 4
    department = xlsx.workbook(rows[:4], "Phòng", roles=roles, prepared=prepared)
    assert prepared.rows == kept  # nothing made again
    assert month == reference_workbook(rows, "Tháng")
    assert department == reference_workbook(rows[:4], "Phòng", roles=roles)
    sheet = openpyxl.load_workbook(io.BytesIO(department)).active
    assert [c.value for c in sheet[2]][:3] == [rows[0].id, rows[0].month_label, rows[0].section]


PLAIN_CASES = [*EDGE_TEXTS, "", " ", "\u00a0không ngắt", "cuối có khoảng không ngắt\u00a0", "\u3000toàn khoảng",
               "dòng\u2028tách", "xuống dòng cuối\n", "_x", "_x004", "_X0041_", "a_x0041_b", "_xZZZZ_", "&amp;",
               "bình thường, không gì phải thoát"]


@pytest.mark.parametrize("text", PLAIN_CASES)
def test_a_plain_text_is_one_xlsxwriter_writes_as_it_is(text):
    """The tables write a plain text without XlsxWriter's escaping calls: only where they change nothing."""
    from xlsxwriter.utility import _preserve_whitespace
    from xlsxwriter.xmlwriter import XMLwriter

    writer = XMLwriter()
    as_written = writer._escape_data(writer._escape_control_characters(text))
    # plain: written as it is; a tab or a line break, which XlsxWriter keeps, goes its slower way too
    assert xlsx._plain(text) == (as_written == text and not _preserve_whitespace(text)
                                 and not any(letter < " " for letter in text))


def test_a_rows_cells_made_in_one_pass_are_those_of_the_written_cells(rows):
    """``sheet_row`` reads a row's values once for its lines and its cells: the same as ``_lines`` and
    ``_written`` of them (edge texts: a long one cut, line breaks, empty cells, no dates)."""
    edge = [_with_text(rows[i % len(rows)], text) for i, text in enumerate(EDGE_TEXTS)]
    undated = [dataclasses.replace(row, deadline_start=None, deadline_end=None) for row in rows[:3]]
    for row in [*rows, *edge, *undated]:
        values = xlsx._cells(row)
        made = xlsx.sheet_row(row)
        assert made.lines == xlsx._lines(values, xlsx.COLUMNS)
        assert made.cells == tuple(xlsx._written(values))
        assert made == xlsx.SheetRow.written(made.lines, made.cells)


def test_a_months_cells_as_the_cache_keeps_them_write_the_same_table(rows):
    """A month's cells as the build cache keeps them (``month_cells``: its rows', and which of its
    strings are not plain) give a table the same as one made from the rows, texts to escape and all:
    the strings taken as plain are those ``_plain`` finds plain, none other."""
    edge = [_with_text(rows[i % len(rows)], text) for i, text in enumerate(EDGE_TEXTS)]
    table = [*rows, *edge]
    cells = xlsx.month_cells(table)
    texts = {text for parts in cells[0] for text in parts[2]}
    assert cells[1] == sorted(text for text in texts if not xlsx._plain(text)) != []
    prepared = xlsx.Prepared()
    prepared.take(table, cells)
    assert prepared.plain == {text for text in texts if xlsx._plain(text)}
    assert xlsx.workbook(table, "Tháng", prepared=prepared) == reference_workbook(table, "Tháng")
