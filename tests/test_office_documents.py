"""The files the office prints and signs, opened as the office opens them.

The programme and the month-end report (.docx) are read with python-docx for what the Party's format
asks (Hướng dẫn 36-HD/VPTW): A4, margins, Times New Roman, the page number from the second page,
Vietnamese as the language, the letterhead, tables with sensible widths whose header row repeats and
whose rows are never split. The Excel tables are read with openpyxl for their print set-up. Then
LibreOffice renders all of them to PDF (``soffice --headless --convert-to pdf``) and poppler's
``pdfinfo``/``pdftotext`` say what was printed: page size, number of pages, page numbers, the size
of the printed letters. Skipped outside CI when LibreOffice or poppler is missing (``.ci/run``
installs them).
"""
from __future__ import annotations

import copy
import io
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from conftest import ROOT
from docx.shared import Mm
from lxml import etree

from portal.build.site import data_files, load_site
from portal.content.departments import load_registry
from portal.content.loader import load_programme
from portal.outputs import xlsx
from portal.outputs.docx import export_docx
from portal.outputs.report_docx import export_report_docx
from portal.site.report import month_report

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
STATUSES = {  # a month as its end finds it: every status word, a blank one, done on time and late
    0: ("Hoàn thành", "2023-11-18"), 1: ("Đã hoàn thành", "2023-12-02"), 2: ("Chưa thực hiện", None),
    3: ("Không thực hiện", None), 4: ("Chuyển sang tháng sau", None), 5: ("", None), 6: ("Thực hiện thường xuyên", None),
}


@pytest.fixture(scope="module")
def programme():
    return load_programme(ROOT / "content" / "programmes" / "2023-11.yaml", ROOT)


@pytest.fixture(scope="module")
def report_programme(programme):
    import datetime as dt

    changed = copy.deepcopy(programme)
    for index, task in enumerate(changed.tasks()):
        if index in STATUSES:
            task.status, day = STATUSES[index]
            task.done_date = dt.date.fromisoformat(day) if day else None
    return changed


@pytest.fixture(scope="module")
def documents(programme, report_programme) -> dict[str, bytes]:
    report = month_report(report_programme, load_registry(ROOT / "content"))
    return {"programme": export_docx(programme), "report": export_report_docx(report)}


PAGES = {"programme": ((297, 210), True), "report": ((210, 297), False)}


@pytest.mark.parametrize("name", ["programme", "report"])
def test_a4_in_the_partys_margins(documents, name):
    section = docx.Document(io.BytesIO(documents[name])).sections[0]
    (width, height), landscape = PAGES[name]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (width, height)
    assert (section.orientation == 1) == landscape
    # 25 mm top and bottom, 35 mm on the bound (left) side, 15 mm right; the landscape programme as it is read
    assert [round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin,
                                  section.right_margin)] == [25, 25, 35, 15]
    assert round(section.header_distance.mm) == 10  # the page number 10 mm from the top edge


@pytest.mark.parametrize("name", ["programme", "report"])
def test_page_number_from_the_second_page_centred_at_the_top(documents, name):
    section = docx.Document(io.BytesIO(documents[name])).sections[0]
    assert section.different_first_page_header_footer
    assert section.first_page_header.is_linked_to_previous is False
    assert "".join(p.text for p in section.first_page_header.paragraphs).strip() == ""
    (number,) = section.header.paragraphs
    assert number.alignment == 1  # centred
    instructions = [e.text.strip() for e in number._p.iter(f"{W}instrText")]
    assert instructions == ["PAGE"]
    assert [e.get(f"{W}fldCharType") for e in number._p.iter(f"{W}fldChar")] == ["begin", "separate", "end"]


@pytest.mark.parametrize("name", ["programme", "report"])
def test_vietnamese_times_new_roman_and_no_style_of_words_own(documents, name):
    with zipfile.ZipFile(io.BytesIO(documents[name])) as package:
        parts = {n: package.read(n).decode("utf-8") for n in package.namelist() if n.endswith(".xml")}
    styles = etree.fromstring(parts["word/styles.xml"].encode())
    (default_language,) = styles.xpath("./w:docDefaults/w:rPrDefault/w:rPr/w:lang", namespaces={"w": W[1:-1]})
    assert default_language.get(f"{W}val") == "vi-VN"
    assert all(e.get(f"{W}val") == "vi-VN" for e in styles.iter(f"{W}lang"))
    assert "en-US" not in "".join(parts.values())
    fonts = {value for part in parts.values() for element in re.findall(r"<w:rFonts [^>]*>", part)
             for value in re.findall(r'w:(?:ascii|hAnsi|cs|eastAsia)="([^"]+)"', element)}
    fonts |= set(re.findall(r'<w:font w:name="([^"]+)"', parts["word/fontTable.xml"]))
    assert fonts == {"Times New Roman"}
    assert "Theme" not in "".join(parts.values())  # no theme fonts (Calibri, Cambria) to fall back on
    style_ids = {s.get(f"{W}styleId") for s in styles.iter(f"{W}style")}
    assert style_ids == {"Normal", "DefaultParagraphFont", "TableNormal", "NoList", "TableGrid"}
    used = set(re.findall(r'<w:(?:pStyle|rStyle|tblStyle) w:val="([^"]+)"', parts["word/document.xml"]))
    assert used <= style_ids
    document = docx.Document(io.BytesIO(documents[name]))
    assert document.styles["Normal"].font.name == "Times New Roman"


@pytest.mark.parametrize("name", ["programme", "report"])
def test_letterhead_two_columns_motto_bold_and_underlined(documents, name):
    header = docx.Document(io.BytesIO(documents[name])).tables[0]
    left, right = header.rows[0].cells
    assert [p.text for p in left.paragraphs][-3:-1] == ["BAN TUYÊN GIÁO", "*"]
    assert left.paragraphs[-1].text.startswith("Số [so]-")
    motto = right.paragraphs[0]
    assert motto.text == "ĐẢNG CỘNG SẢN VIỆT NAM" and all(r.bold and r.underline for r in motto.runs)
    date = [p for p in right.paragraphs if p.text][-1]
    assert date.text.startswith("Đồng Nai, ngày [ng] tháng [th] năm") and all(r.italic for r in date.runs)
    assert not header._tbl.xpath(".//w:tblBorders/*[@w:val!='nil']")  # no lines around it


@pytest.mark.parametrize("name", ["programme", "report"])
def test_tables_fit_the_page_repeat_their_header_and_keep_rows_whole(documents, name):
    document = docx.Document(io.BytesIO(documents[name]))
    section = document.sections[0]
    usable = section.page_width - section.left_margin - section.right_margin
    task_tables = 0
    for table in document.tables:
        widths = [col.w for col in table._tbl.tblGrid.gridCol_lst]
        assert abs(sum(widths) - usable) < Mm(1)
        rows = table._tbl.tr_lst
        assert all(tr.xpath("./w:trPr/w:cantSplit") for tr in rows)  # no row split across two pages
        headers = [c.text for c in table.rows[0].cells]
        if "Nội dung công việc" in headers:
            task_tables += 1
            assert rows[0].xpath("./w:trPr/w:tblHeader") and not any(tr.xpath("./w:trPr/w:tblHeader") for tr in rows[1:])
            text = widths[headers.index("Nội dung công việc")]
            number = widths[headers.index("Stt")]
            assert text == max(widths) and text >= 0.3 * sum(widths)  # the task's words get the room
            assert Mm(9) <= number <= Mm(15)  # «III.12» fits, no more
    assert task_tables >= (1 if name == "programme" else 3)


def test_no_placeholder_symbol_in_either_document(documents):
    for blob in documents.values():
        with zipfile.ZipFile(io.BytesIO(blob)) as package:
            assert "☐" not in package.read("word/document.xml").decode("utf-8")


def test_report_is_filled_from_the_month_and_leaves_room_for_the_leader(documents, report_programme):
    report = month_report(report_programme, load_registry(ROOT / "content"))
    document = docx.Document(io.BytesIO(documents["report"]))
    text = [p.text for p in document.paragraphs]
    assert report.summary in text
    counted = {task_list.heading: len(task_list.lines) for task_list in report.lists()}
    listed = [p for p in text if re.match(r"[a-j]\) ", p)]
    assert listed == [f"{letter}) {heading} ({n})" for letter, (heading, n) in zip("abcdefghij", counted.items())]
    assert sum(counted.values()) == len(report_programme.tasks())
    assert any(p.startswith(f"Còn {len(report.overdue)} nhiệm vụ quá hạn") for p in text)
    italic_placeholders = [p for p in document.paragraphs if p.text.startswith("[") and p.runs[0].italic]
    assert len(italic_placeholders) == 3
    # «Khác» (the blank status) is counted and listed; a column with no task is not shown
    by_section = document.tables[1]
    headers = [c.text for c in by_section.rows[0].cells]
    assert "Khác" in headers and "Thường xuyên" in headers
    assert len(headers) == 1 + len(report.columns) + 4


def test_same_month_same_bytes(programme, report_programme):
    report = month_report(report_programme, load_registry(ROOT / "content"))
    assert export_report_docx(report) == export_report_docx(month_report(report_programme, load_registry(ROOT / "content")))
    props = docx.Document(io.BytesIO(export_report_docx(report))).core_properties
    assert (props.created.year, props.created.month, props.created.day) == (2023, 11, 1)


# -- Excel ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def tables() -> dict[str, bytes]:
    site = load_site(ROOT / "content")
    return {asset.path: asset.content for asset in data_files(site) if asset.path.endswith(".xlsx")}


def _printed_width(sheet, first: str, last: str) -> float:
    """The widths (Excel's unit, as stored) of the columns ``first``…``last``; openpyxl keeps a run of
    columns of one width as one dimension from ``min`` to ``max``."""
    widths = {i: dimension.width for dimension in sheet.column_dimensions.values()
              for i in range(dimension.min, dimension.max + 1)}
    index = openpyxl.utils.column_index_from_string
    return sum(widths[i] for i in range(index(first), index(last) + 1))


@pytest.mark.parametrize("path", ["tai-ve/2023-11.xlsx", "tai-ve/phong-ban/tt-tt.xlsx", "du-lieu/nhiem-vu.xlsx"])
def test_excel_prints_the_readers_columns_one_page_wide(tables, path):
    sheet = openpyxl.load_workbook(io.BytesIO(tables[path])).active
    area = sheet.print_area[0] if isinstance(sheet.print_area, list) else sheet.print_area
    first, last = re.match(r"'?[^!]*'?!\$([A-Z]+)\$1:\$([A-Z]+)\$\d+", area).groups()
    printed = [sheet.cell(1, i).value for i in range(openpyxl.utils.column_index_from_string(first),
                                                     openpyxl.utils.column_index_from_string(last) + 1)]
    assert printed[:7] == ["Mục", "Stt", "Nội dung công việc", "Phòng chủ trì (như văn bản ghi)", "Đơn vị phối hợp",
                           "Thời gian hoàn thành (như văn bản ghi)", "Tiến độ"][:7] or printed[0] == "Tháng"
    for technical in ("Mã nhiệm vụ", "Tên mục", "Phòng chủ trì (tên đầy đủ)", "Từ ngày", "Hạn (ngày)"):
        assert technical not in printed  # in the sheet, for filters, not on paper
    # 12 pt letters fitted to the width of A4 landscape stay at 9 pt or more: at most about 170 characters
    assert _printed_width(sheet, first, last) <= 170
    setup = sheet.page_setup
    assert setup.orientation == "landscape" and int(setup.paperSize) == 9
    # fit to one page wide (fitToWidth's default is 1), as many pages long as it takes
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and (setup.fitToWidth or 1) == 1 and setup.fitToHeight == 0
    assert sheet.print_title_rows == "$1:$1"  # the header row on every printed page


def test_excel_rows_are_as_tall_as_their_wrapped_text(tables):
    sheet = openpyxl.load_workbook(io.BytesIO(tables["tai-ve/2023-11.xlsx"])).active
    text_column = [c.value for c in sheet[1]].index("Nội dung công việc") + 1
    width = sheet.column_dimensions[openpyxl.utils.get_column_letter(text_column)].width
    for row in range(2, sheet.max_row + 1):
        text = sheet.cell(row, text_column).value
        height = sheet.row_dimensions[row].height
        assert height is not None and height >= xlsx.LINE_HEIGHT
        assert height >= xlsx.wrapped_lines(text, width) * xlsx.LINE_HEIGHT
    heights = [sheet.row_dimensions[r].height for r in range(2, sheet.max_row + 1)]
    assert len(set(heights)) > 1  # computed per row, not one height for all


@pytest.mark.parametrize("text, width, lines", [
    ("", 20, 1), ("một hai ba", 20, 1), ("a " * 40, 20, 4), ("dòng một\ndòng hai", 60, 2),
    ("x" * 50, 11, 5),  # a word longer than the cell breaks inside it
])
def test_wrapped_lines(text, width, lines):
    assert xlsx.wrapped_lines(text, width) == lines


# -- rendered by LibreOffice ---------------------------------------------------------------------

def _tools() -> None:
    missing = [tool for tool in ("soffice", "pdfinfo", "pdftotext") if not shutil.which(tool)]
    if missing:
        if os.environ.get("CI"):
            raise RuntimeError(f"thiếu {', '.join(missing)} trong CI: .ci/run phải cài libreoffice-writer-nogui, "
                               "libreoffice-calc-nogui và poppler-utils")
        pytest.skip(f"thiếu {', '.join(missing)} (apt-get install libreoffice-writer-nogui libreoffice-calc-nogui "
                    "poppler-utils)")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory, documents, tables) -> dict[str, Path]:
    """Every document and two tables as LibreOffice prints them (one soffice run, its own profile)."""
    _tools()
    folder = tmp_path_factory.mktemp("office")
    sources = {"programme": "chuong-trinh.docx", "report": "bao-cao.docx", "month": "thang.xlsx",
               "department": "phong.xlsx"}
    (folder / sources["programme"]).write_bytes(documents["programme"])
    (folder / sources["report"]).write_bytes(documents["report"])
    (folder / sources["month"]).write_bytes(tables["tai-ve/2023-11.xlsx"])
    (folder / sources["department"]).write_bytes(tables["tai-ve/phong-ban/tt-tt.xlsx"])
    profile = (folder / "profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(folder), *[str(folder / name) for name in sources.values()]],
                   check=True, capture_output=True, timeout=300)
    pdfs = {key: folder / (Path(name).stem + ".pdf") for key, name in sources.items()}
    assert all(pdf.exists() for pdf in pdfs.values()), sorted(p.name for p in folder.iterdir())
    return pdfs


def _info(pdf: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


def _pages(pdf: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return out.split("\f")[:-1]


def _size_mm(info: dict[str, str]) -> tuple[int, int]:
    width, height = re.match(r"\s*([\d.]+) x ([\d.]+) pts", info["Page size"]).groups()
    return round(float(width) * 25.4 / 72), round(float(height) * 25.4 / 72)


@pytest.mark.parametrize("name, size, most_pages", [
    ("programme", (297, 210), 12), ("report", (210, 297), 16), ("month", (297, 210), 6), ("department", (297, 210), 4),
])
def test_printed_pages_are_a4_and_few(rendered, name, size, most_pages):
    info = _info(rendered[name])
    assert _size_mm(info) == size
    pages = int(info["Pages"])
    assert 2 <= pages <= most_pages


@pytest.mark.parametrize("name", ["programme", "report"])
def test_printed_page_numbers_start_on_the_second_page(rendered, name):
    pages = _pages(rendered[name])
    first_lines = [next((line.strip() for line in page.splitlines() if line.strip()), "") for page in pages]
    assert first_lines[0] != "1" and "TỈNH ỦY ĐỒNG NAI" in pages[0]
    assert first_lines[1:] == [str(n) for n in range(2, len(pages) + 1)]


_TASK_ROW = re.compile(r"(?m)^ *(?:[IVX]+ +)?(?:[IVX]+\.)?\d{1,3} {2,}\S")  # a Stt cell, then the task's words


@pytest.mark.parametrize("name", ["programme", "report", "month", "department"])
def test_printed_header_row_on_every_page(rendered, name):
    pages = _pages(rendered[name])
    with_rows = [page for page in pages if _TASK_ROW.search(page)]
    assert len(with_rows) >= 2
    for page in with_rows:
        assert "Nội dung công việc" in page


def test_printed_report_is_whole(rendered, report_programme):
    text = "".join(_pages(rendered["report"]))
    flat = " ".join(text.split())
    for heading in ("I. ĐÁNH GIÁ CHUNG", "II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ", "III. HẠN CHẾ, NGUYÊN NHÂN",
                    "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ THÁNG 12/2023", "Nguyễn Thị Hồng Trang"):
        assert heading in flat
    for task in report_programme.tasks():  # every task's label printed (in its list)
        assert re.search(rf"(?m)^\s*{re.escape(task.label)}\s", text), task.label


@pytest.mark.parametrize("name", ["month", "department"])
def test_printed_excel_letters_are_nine_points_or_more(rendered, name):
    """pdftotext's word boxes: a line of Times New Roman is about 1.15 times its size high."""
    out = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(rendered[name]), "-"], check=True,
                         capture_output=True, text=True).stdout
    heights = [float(b) - float(a) for a, b in re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', out)]
    assert len(heights) > 100
    heights.sort()
    median = heights[len(heights) // 2]
    assert median / 1.15 >= 9.0, median
    text = "".join(_pages(rendered[name]))
    assert "Mã nhiệm vụ" not in text and "2023-11/" not in text  # the technical columns are not printed


# -- dates -------------------------------------------------------------------------------------

def test_downloads_are_dated_by_their_content_not_the_clock(tables, monkeypatch):
    import datetime as dt

    from portal.outputs.timestamps import document_time

    assert document_time(["2023-11", "2024-02", "2023-12"]) == dt.datetime(2024, 2, 1)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert document_time([]) == dt.datetime(1980, 1, 1)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # read once into the build's options, not here
    assert document_time([]) == dt.datetime(1980, 1, 1)
    assert document_time([], 1700000000) == dt.datetime(2023, 11, 14, 22, 13, 20)
    assert document_time(["2023-11"], 1700000000) == dt.datetime(2023, 11, 1)  # the content wins
    book = openpyxl.load_workbook(io.BytesIO(tables["tai-ve/2023-11.xlsx"]))
    assert book.properties.created == dt.datetime(2023, 11, 1)
    again = {a.path: a.content for a in data_files(load_site(ROOT / "content")) if a.path.endswith(".xlsx")}
    assert again == tables  # SOURCE_DATE_EPOCH changed in between: the same bytes


def test_the_signature_page_carries_the_last_lines_of_the_text(rendered, programme):
    """A signature is never alone on its page: the closing's last paragraph (the programme) or the
    last section (the report) is printed above it."""
    pages = _pages(rendered["programme"])
    signed = next(page for page in pages if programme.signature.name in page)
    last = programme.closing.split("\n\n")[-1]
    assert " ".join(last.split()[:6]) in " ".join(signed.split())
    report_pages = _pages(rendered["report"])
    signed = next(page for page in report_pages if programme.signature.name in page)
    assert "[Các nhiệm vụ trọng tâm tháng 12/2023.]" in " ".join(signed.split())


def test_report_of_a_grouped_month_with_sub_tasks():
    """A month in groups (A, B), each with its I and II, and lettered sub-tasks: each section counted
    under its group's letter, every task in one list, the document well formed."""
    from test_import_layouts import JUNE_2024

    from portal.content.datafile import dump_programme
    from portal.content.loader import validate_programme
    from portal.content.yamlsource import parse_yaml

    programme = validate_programme(parse_yaml(dump_programme(JUNE_2024), "2024-06.yaml"), "2024-06")
    report = month_report(programme, load_registry(ROOT / "content"))
    assert [row.label.split(". ")[0] for row in report.sections] == ["A.I", "A.II", "B.I", "B.II"]
    listed = [line.task.label for task_list in report.lists() for line in task_list.lines]
    assert sorted(listed) == sorted(task.label for task in programme.tasks())
    document = docx.Document(io.BytesIO(export_report_docx(report)))
    by_section = document.tables[1]
    assert [row.cells[0].text for row in by_section.rows[1:-1]] == [row.label for row in report.sections]
    stt = [row.cells[0].text for table in document.tables[3:-1] for row in table.rows[1:]]
    assert "B.I.1a" in stt


def test_a_table_of_several_months_prints_the_month_and_a_departments_role():
    import dataclasses

    from portal.outputs.tasktable import task_rows

    rows = task_rows(load_site(ROOT / "content"))
    earlier = [dataclasses.replace(row, id=row.id.replace("2023-11", "2023-10"), month="2023-10",
                                   month_label="Tháng 10/2023") for row in rows]
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.workbook(rows + earlier, "x", roles=["Chủ trì"] * 96))).active
    first, last = re.match(r"'?[^!]*'?!\$([A-Z]+)\$1:\$([A-Z]+)\$97", sheet.print_area).groups()
    index = openpyxl.utils.column_index_from_string
    printed = [sheet.cell(1, i).value for i in range(index(first), index(last) + 1)]
    assert printed[0] == "Tháng" and printed[-1] == "Vai trò của phòng" and "Mã nhiệm vụ" not in printed
    assert _printed_width(sheet, first, last) <= 170


def test_count_titles_turn_upright_only_when_the_columns_are_narrow(documents, programme):
    """Every status word in its own column (7 + 4): each title written bottom to top in a tall header
    row rather than cut mid-word; a month with two statuses keeps them level."""
    crowded = docx.Document(io.BytesIO(documents["report"])).tables[1]
    cells = crowded.rows[0]._tr.tc_lst
    assert not cells[0].xpath("./w:tcPr/w:textDirection")
    assert all(tc.xpath("./w:tcPr/w:textDirection[@w:val='btLr']") for tc in cells[1:])
    assert crowded.rows[0]._tr.xpath("./w:trPr/w:trHeight[@w:hRule='atLeast']")
    plain = docx.Document(io.BytesIO(export_report_docx(month_report(programme, load_registry(ROOT / "content")))))
    assert not plain.tables[1]._tbl.xpath(".//w:textDirection")
