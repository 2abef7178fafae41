"""The column registry (portal.content.columns): every reader and writer of a task's columns follows it.

The importer finds the registry's columns by their header words (table-driven, including the
weaker lead words that must not take a «Lãnh đạo phụ trách» column); what the Word, Excel, CSV and
JSON writers print is held to the registry's labels, order and names, read back with python-docx,
openpyxl and the csv and json modules; the month page's header, cells and colspans to its columns.
"""
from __future__ import annotations

import csv
import io
import json

import docx
import openpyxl
import pytest
from conftest import ROOT
from docx.shared import Mm
from htmlpage import text_of
from lxml import html
from markupsafe import Markup

from portal.build.site import load_site
from portal.content.columns import (
    DATA_COLUMNS,
    EXCEL_COLUMNS,
    HEADER_ORDER,
    PAGE_COLUMNS,
    TASK_COLUMNS,
    USUAL_COLUMNS,
    WORD_COLUMNS,
)
from portal.content.columns import column as column_of
from portal.content.importers.columns import find_columns
from portal.content.loader import load_programme
from portal.content.model import Task
from portal.content.schema import TASK_FIELDS
from portal.outputs import opendata, xlsx
from portal.outputs.docx import TABLE_WIDTH, export_docx, word_columns
from portal.outputs.tasktable import task_rows
from portal.site import render as page_render
from portal.site.model import TaskView

SAMPLE = ROOT / "content" / "programmes" / "2023-11.yaml"


@pytest.mark.parametrize("cells, expected", [
    (["Stt", "Nội dung công việc", "Phòng chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành", "Tiến độ công việc"],
     {"number": 0, "text": 1, "lead": 2, "coordinators": 3, "deadline": 4, "status": 5}),
    # the weaker lead words take a column only when none says «chủ trì», whichever comes first
    (["TT", "Nội dung", "Lãnh đạo phụ trách", "Phòng chủ trì", "Thời hạn"],
     {"number": 0, "text": 1, "lead": 3, "deadline": 4}),
    (["TT", "Nội dung", "Phòng chủ trì", "Lãnh đạo phụ trách", "Thời hạn"],
     {"number": 0, "text": 1, "lead": 2, "deadline": 4}),
    (["STT", "Nhiệm vụ", "Bộ phận thực hiện", "Thời gian thực hiện", "Tiến độ thực hiện"],
     {"number": 0, "text": 1, "lead": 2, "deadline": 3, "status": 4}),
    # a second «… thực hiện» column: those who carry the task out
    (["Số TT", "Công việc", "Đơn vị thực hiện", "Cơ quan thực hiện", "Hạn"],
     {"number": 0, "text": 1, "lead": 2, "coordinators": 3, "deadline": 4}),
    (["tt", "noi dung", "dau moi", "ghi chu"], {"number": 0, "text": 1, "lead": 2, "note": 3}),
    (["Thời gian", "Nội dung", "Stt"], {"deadline": 0, "text": 1, "number": 2}),
])
def test_header_words_find_the_registry_columns(cells, expected):
    assert find_columns(cells) == expected


def test_each_column_heading_as_the_document_prints_it_is_read_back_as_that_column():
    labels = [column.label for column in TASK_COLUMNS]
    assert find_columns(labels) == {column.key: index for index, column in enumerate(TASK_COLUMNS)}
    for column in TASK_COLUMNS:
        assert find_columns([column.label]) == {column.key: 0}, column.label


def test_registry_is_consistent():
    keys = [column.key for column in TASK_COLUMNS]
    assert len(set(keys)) == len(keys)
    assert sorted(column.header_rank for column in TASK_COLUMNS) == list(range(1, len(keys) + 1))
    assert [c.key for c in HEADER_ORDER][0] == "number"
    # the data file's task fields start with the columns, in the document's order, with their labels
    assert [(f.name, f.label, f.kind, f.required) for f in TASK_FIELDS[:len(keys)]] == \
        [(c.key, c.label, c.kind, c.required) for c in TASK_COLUMNS]
    assert [c.key for c in USUAL_COLUMNS][:2] == ["number", "text"]


def _word_header_and_widths(data: bytes) -> tuple[list[str], list[int]]:
    table = docx.Document(io.BytesIO(data)).tables[1]
    header = [cell.text for cell in table.rows[0].cells]
    return header, [column.width for column in table.columns]


def test_word_table_has_the_registry_columns_and_fits_the_page():
    programme = load_programme(SAMPLE, ROOT)
    header, widths = _word_header_and_widths(export_docx(programme))
    plain = [column for column in WORD_COLUMNS if not column.word_optional]
    assert header == [column.label for column in plain]
    assert abs(sum(widths) - Mm(TABLE_WIDTH)) < Mm(1)
    # an optional column (the note, a start date) shows when a task has a value, and the table still fits
    programme.tasks()[0].note = "Ghi chú thử"
    header, widths = _word_header_and_widths(export_docx(programme))
    with_note = [column for column in WORD_COLUMNS if not column.word_optional or column.key == "note"]
    assert header == [column.label for column in with_note]
    assert [column.key for column, _ in word_columns(programme)] == [column.key for column in with_note]
    assert sum(widths) <= Mm(TABLE_WIDTH) + Mm(1)
    programme.tasks()[1].start = "01/11/2023"
    header, widths = _word_header_and_widths(export_docx(programme))
    assert header == [column.label for column in WORD_COLUMNS]
    assert sum(widths) <= Mm(TABLE_WIDTH) + Mm(1)


@pytest.fixture(scope="module")
def rows():
    return task_rows(load_site(ROOT / "content"))


def test_excel_sheet_has_the_registry_columns_in_order_with_each_task_value(rows):
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.workbook(rows, "Thử"))).active
    header = [cell.value for cell in sheet[1]]
    positions = [header.index(column.excel_label) for column in EXCEL_COLUMNS]
    assert positions == sorted(positions)
    first = [cell.value for cell in sheet[2]]
    task = rows[0].task
    for column, position in zip(EXCEL_COLUMNS, positions):
        value = column.flat(task)
        assert (first[position] or "") == (value if not column.rich else rows[0].value(column)), column.key
    assert len(header) == len(xlsx.COLUMNS)


def test_csv_and_json_carry_the_registry_columns_under_their_names(rows):
    reader = csv.DictReader(io.StringIO(opendata.tasks_csv(rows).decode("utf-8-sig")))
    assert reader.fieldnames == opendata.CSV_FIELDS
    positions = [reader.fieldnames.index(column.data_name) for column in DATA_COLUMNS]
    assert positions == sorted(positions)
    first = next(reader)
    document = json.loads(opendata.tasks_json(rows))
    record = document["tasks"][0]
    schema = json.loads(opendata.schema_json())["$defs"]["task"]["properties"]
    for column in DATA_COLUMNS:
        assert column.data_name in schema, column.data_name  # the schema describes every field
        assert column.data_name in record
        if column.key not in ("lead", "deadline"):  # given as objects in the JSON
            assert first[column.data_name] == rows[0].value(column, "; ")


def test_month_page_table_follows_the_registry():
    programme = load_programme(SAMPLE, ROOT)
    views = {task.anchor: TaskView(text_html=Markup(task.text)) for task in programme.tasks()}
    page = page_render.render("month.md.j2", programme=programme, views=views, report="")
    root = html.fromstring(page[page.index("<div"):])
    heads = [text_of(th) for th in root.xpath('//table[@class="portal-tasks"]/thead/tr/th')]
    assert heads == [column.page_label for column in PAGE_COLUMNS]
    for row in root.xpath('//tr[@class="portal-section"]'):
        assert sum(int(th.get("colspan", "1")) for th in row.xpath("./th")) == len(PAGE_COLUMNS)
    task_row = root.xpath('//tr[@class="portal-task"]')[0]
    assert [td.get("data-label") for td in task_row.xpath("./td")] == heads
    assert [td.get("class") for td in task_row.xpath("./td")] == [column.page_class for column in PAGE_COLUMNS]


def test_a_further_optional_word_column_is_scaled_to_fit_the_page(monkeypatch):
    """A column added to the registry's Word table (here a copy of the status, shown only when a task
    has one) narrows the others: the table never runs off the page, the content column stays widest."""
    import dataclasses

    from portal.outputs import docx as word

    extra = dataclasses.replace(column_of("status"), label="Thêm", word_width=40, word_optional=True)
    monkeypatch.setattr(word, "WORD_COLUMNS", (*WORD_COLUMNS, extra))
    programme = load_programme(SAMPLE, ROOT)
    programme.tasks()[0].note = "Ghi chú thử"
    columns = word_columns(programme)
    assert [column.label for column, _ in columns][-1] == "Thêm"
    widths = [width for _, width in columns]
    assert sum(widths) == TABLE_WIDTH
    assert max(widths) == widths[[column.key for column, _ in columns].index("text")]
    header, measured = _word_header_and_widths(word.export_docx(programme))
    assert header[-1] == "Thêm" and abs(sum(measured) - Mm(TABLE_WIDTH)) < Mm(1)


def _row_of(task):
    """``task``'s row on a page with the registry's columns, none written by the page, parsed."""
    from portal.site.tracking import use_build_day

    use_build_day(1700000000)  # 14/11/2023
    try:
        made = page_render.task_row(task, page_render.task_columns(), {}, anchor=True)
    finally:
        use_build_day(None)
    return html.fragment_fromstring(f"<table>{made}</table>").xpath("//tr")[0]


@pytest.mark.parametrize("deadline, status, end, due_class, due_text, hidden", [
    ("Ngày 10/11/2023", "Đang thực hiện", "2023-11-10", "portal-due portal-due-overdue", "Quá hạn", False),
    ("Ngày 16/11/2023", "Đang thực hiện", "2023-11-16", "portal-due portal-due-soon", "Sắp đến hạn", False),
    ("Ngày 10/11/2023", "Đã hoàn thành", "2023-11-10", "portal-due", "", True),
    ("Thường xuyên", "", None, None, None, None),
])
def test_a_row_carries_its_tracking_and_the_build_day_s_mark(deadline, status, end, due_class, due_text, hidden):
    task = Task(section="II", number="3", text="Việc <b>&</b> \"x\"", lead="VP", coordinators=[],
                deadline=deadline, status=status, month="2023-11")
    row = _row_of(task)
    assert row.get("id") == "II-3" and row.get("data-task") == "2023-11/II-3" and row.get("data-month") == "2023-11"
    assert row.get("data-end") == end
    assert row.get("data-done") == ("1" if status == "Đã hoàn thành" else "0")
    status_cell = row.xpath('./td[@data-label="%s"]' % column_of("status").page_label)[0]
    assert status_cell.xpath("./span")[0].get("class").startswith("portal-status portal-status-")
    assert status_cell.xpath("./span")[0].text == (status or None)
    due = status_cell.xpath('./span[@data-due-mark]')
    if due_class is None:
        assert due == []
    else:
        assert due[0].get("class") == due_class and (due[0].text or "") == due_text
        assert ("hidden" in due[0].attrib) is hidden
    assert text_of(row.xpath('./td[@data-label="%s"]' % column_of("text").page_label)[0]) == "Việc <b>&</b> \"x\""


@pytest.mark.parametrize("coordinators, items", [
    ([], []),
    (["Phòng A"], None),
    (["Phòng <A>", "Phòng B & C"], ["Phòng <A>", "Phòng B & C"]),
])
def test_a_units_cell_lists_more_than_one_unit(coordinators, items):
    task = Task(section="I", number="1", text="Việc", lead="VP", coordinators=coordinators, deadline="",
                status="", month="2023-11")
    cell = _row_of(task).xpath('./td[@data-label="%s"]' % column_of("coordinators").page_label)[0]
    if items is None:
        assert cell.text == coordinators[0] and len(cell) == 0
    else:
        assert [li.text for li in cell.xpath("./ul/li")] == items
        assert (cell.text or "") == ""
