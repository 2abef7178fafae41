"""Print to Word: the official layout, deterministic bytes, and import of the export gives the data back."""
from __future__ import annotations

import copy
import io
import re
import shutil
import zipfile

import docx
import pytest
import yaml
from conftest import ROOT
from docx.enum.section import WD_ORIENT
from docx.shared import Mm, Pt
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from portal.cli import main
from portal.content.datafile import dump_programme
from portal.content.importers.docx import import_docx
from portal.content.importers.kinds import TIME, reads_as
from portal.content.loader import load_programme, validate_programme
from portal.content.yamlsource import parse_yaml
from portal.outputs.docx import export_docx

SAMPLE_FILE = ROOT / "content" / "programmes" / "2023-11.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def sample():
    return load_programme(SAMPLE_FILE, ROOT)


@pytest.fixture(scope="module")
def exported(sample):
    return export_docx(sample)


def _programme(data: dict):
    return validate_programme(parse_yaml(dump_programme(data), f"{data['month']}.yaml"), data["month"])


def _round_trip(tmp_path, programme) -> str:
    path = tmp_path / "out.docx"
    path.write_bytes(export_docx(programme))
    result = import_docx(path)
    assert [p for p in result.problems] == []
    return dump_programme(result.data)


def _without_placeholder_mark(text: str) -> str:
    """The sample's data file less its signature placeholder («☐»), which the document does not print."""
    assert "\n  mark: ☐\n" in text
    return text.replace("\n  mark: ☐\n", "\n")


def test_import_of_the_export_gives_back_the_same_data_file(tmp_path, sample):
    assert _round_trip(tmp_path, sample) == _without_placeholder_mark(SAMPLE_FILE.read_text(encoding="utf-8"))


def test_a_worded_signature_mark_is_printed_and_read_back(tmp_path):
    data = yaml.safe_load(SAMPLE_FILE.read_text(encoding="utf-8"))
    data["signature"]["mark"] = "(Đã ký)"
    assert _round_trip(tmp_path, _programme(data)) == dump_programme(copy.deepcopy(data))


def test_no_placeholder_symbol_in_the_signature_gap(exported):
    footer = docx.Document(io.BytesIO(exported)).tables[-1]
    signature = [p.text for p in footer.rows[0].cells[1].paragraphs]
    assert signature == ["K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "", "", "", "Nguyễn Thị Hồng Trang"]
    assert "☐" not in "".join(p.text for row in footer.rows for cell in row.cells for p in cell.paragraphs)


def test_round_trip_of_notes_line_breaks_and_a_different_tail(tmp_path):
    data = yaml.safe_load(SAMPLE_FILE.read_text(encoding="utf-8"))
    first = data["sections"][0]["tasks"][0]
    first["text"] = "Đoạn một <i>in nghiêng\nqua hai đoạn</i>.\nĐoạn ba có «ngoặc» & ký hiệu <b> giữ nguyên."
    first["note"] = "Chờ ý kiến <i>Thường trực</i>"
    first["coordinators"] = ["Đài Phát thanh - Truyền hình Đồng Nai."]
    data["sections"][1]["tasks"][2]["status"] = ""
    data["sections"][2]["tasks"][0]["deadline"] = "Trước ngày\n05/11/2023"
    data["header"].update(parent_body="ĐẢNG BỘ TỈNH\nTỈNH ỦY ĐỒNG NAI", number="12")
    data["closing"] = "Đoạn kết thứ nhất.\n\nĐoạn kết thứ hai./."
    data["drafter"] = "Dương-TH\n(5 bản)"
    data["signature"] = {"titles": ["TRƯỞNG BAN"], "name": "Nguyễn Văn A"}
    expected = dump_programme(copy.deepcopy(data))
    assert _round_trip(tmp_path, _programme(data)) == expected


_WORD = st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạếềểễệốồổỗộớờởỡợứừửữựíìỉĩịýỳỷỹỵĐƯƠ0123456789/",
                min_size=1, max_size=8)
_PHRASE = st.lists(_WORD, min_size=1, max_size=6).map(" ".join)
# A unit's name has no digits or slashes and reads as no time: «0/0.» or «Tết.» in the coordinators' column
# reads as a date, which the importer's self-check reports on purpose (a deadline cell that slid into the
# units' column).
_UNIT_NAME = st.lists(st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạếềểễệốồổỗộớờởỡợứừửữựíìỉĩịýỳỷỹỵĐƯƠ",
                              min_size=1, max_size=8), min_size=1, max_size=6).map(" ".join)
_PUNCT = st.sampled_from(["", ".", ",", ";", ":", " -", " (", ")", "“", "”", "./."])


@st.composite
def _task_text(draw):
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        phrase = draw(_PHRASE) + draw(_PUNCT)
        if draw(st.booleans()) and phrase.strip(" -(").strip():
            phrase = f"<i>{phrase.strip()}</i>"
        parts.append(phrase)
    separator = draw(st.sampled_from([" ", "\n"]))
    return separator.join(parts).strip()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(_task_text(), min_size=1, max_size=4),
       units=st.lists(_UNIT_NAME.map(lambda p: p[0].upper() + p[1:] + ".").filter(lambda u: TIME not in reads_as(u)),
                      max_size=3))
def test_round_trip_of_generated_task_texts(tmp_path, texts, units):
    data = yaml.safe_load(_without_placeholder_mark(SAMPLE_FILE.read_text(encoding="utf-8")))
    tasks = data["sections"][0]["tasks"]
    for task, text in zip(tasks, texts):
        task["text"], task["coordinators"] = text, list(units)
    programme = _programme(data)
    for task in data["sections"][0]["tasks"]:  # Word cannot tell «<i>a</i>↵<i>b</i>» from «<i>a↵b</i>»: the import writes the latter
        task["text"] = task["text"].replace("</i>\n<i>", "\n")
    assert _round_trip(tmp_path, programme) == dump_programme(data)


def test_same_data_gives_the_same_bytes(sample, exported):
    assert export_docx(sample) == exported
    with zipfile.ZipFile(io.BytesIO(exported)) as package:
        assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    props = docx.Document(io.BytesIO(exported)).core_properties
    assert (props.created.year, props.created.month) == (2023, 11) and props.modified == props.created


def test_a4_landscape_in_times_new_roman(exported):
    document = docx.Document(io.BytesIO(exported))
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size == Pt(13)
    sizes = {run.font.size for p in document.paragraphs for run in p.runs if run.font.size}
    assert sizes == {Pt(14)}  # title and closing; the table keeps Normal's 13


def test_official_layout_header_table_and_signature(exported):
    document = docx.Document(io.BytesIO(exported))
    header, tasks, footer = document.tables
    left, right = header.rows[0].cells
    assert [p.text for p in left.paragraphs] == ["TỈNH ỦY ĐỒNG NAI", "BAN TUYÊN GIÁO", "*", "Số [so]-CTr/BTGTU"]
    assert right.paragraphs[0].text == "ĐẢNG CỘNG SẢN VIỆT NAM" and right.paragraphs[0].runs[0].bold
    assert "Đồng Nai, ngày [ng] tháng [th] năm 2023" in [p.text for p in right.paragraphs]
    titles = [p.text for p in document.paragraphs if p.text]
    assert titles[:2] == ["CHƯƠNG TRÌNH", "Công tác Tuyên giáo tháng 11/2023"]
    assert [c.text for c in tasks.rows[0].cells] == ["Stt", "Nội dung công việc", "Phòng chủ trì", "Đơn vị phối hợp",
                                                     "Thời gian hoàn thành", "Tiến độ công việc"]
    assert tasks.rows[0]._tr.xpath("./w:trPr/w:tblHeader")  # repeats on every printed page
    assert len(tasks.rows) == 1 + 1 + 3 + 48
    section_row = tasks.rows[2]._tr
    assert [tc.grid_span for tc in section_row.tc_lst] == [1, 5]
    assert [p.text for p in footer.rows[0].cells[0].paragraphs][:2] == ["Nơi nhận:", "- Các đồng chí Lãnh đạo Ban,"]
    signer = [p for p in footer.rows[0].cells[1].paragraphs if p.text][-1]
    assert signer.text == "Nguyễn Thị Hồng Trang" and signer.runs[0].bold


def test_italics_are_italic_runs(exported):
    document = docx.Document(io.BytesIO(exported))
    tasks = document.tables[1]
    task_rows = [row for row in tasks.rows if len(row._tr.tc_lst) == 6][1:]
    italic = [run.text for row in task_rows for p in row.cells[1].paragraphs for run in p.runs if run.italic]
    assert italic == ["Phục vụ Dự hội nghị Tổng kết công tác DLXH năm 2023 tại tỉnh Nam Định"]
    assert not any("<i>" in cell.text for row in tasks.rows for cell in row.cells)


def test_columns_fit_the_landscape_page(exported):
    document = docx.Document(io.BytesIO(exported))
    section = document.sections[0]
    usable = section.page_width - section.left_margin - section.right_margin
    for table in document.tables:
        total = sum(col.w for col in table._tbl.tblGrid.gridCol_lst)
        assert abs(total - usable) < Mm(1)


def test_command_writes_the_document(tmp_path, exported, capsys):
    target = tmp_path / "out" / "ctr.docx"
    assert main(["export", "2023-11", "--docx", str(target), "--content", str(ROOT / "content")]) == 0
    assert target.read_bytes() == exported
    assert "48 nhiệm vụ" in capsys.readouterr().err


def test_command_names_a_missing_month(tmp_path, capsys):
    assert main(["export", "2099-01", "--docx", str(tmp_path / "x.docx"), "--content", str(ROOT / "content")]) == 2
    assert "2099-01" in capsys.readouterr().err and not (tmp_path / "x.docx").exists()


def test_every_part_is_well_formed_xml(exported):
    with zipfile.ZipFile(io.BytesIO(exported)) as package:
        names = package.namelist()
        assert names[0] == "[Content_Types].xml" and "word/document.xml" in names
        for name in names:
            etree.fromstring(package.read(name))  # raises on a malformed part
        body = etree.fromstring(package.read("word/document.xml")).find(f"{W}body")
    assert [etree.QName(child).localname for child in body] == ["tbl", "p", "p", "p", "p", "tbl", "p", "p", "p", "tbl",
                                                               "sectPr"]


def test_every_part_the_package_names_is_in_it(exported):
    """Content types and relationships point only at parts that exist (Word refuses the file otherwise)."""
    with zipfile.ZipFile(io.BytesIO(exported)) as package:
        names = set(package.namelist())
        types = etree.fromstring(package.read("[Content_Types].xml"))
        overrides = {o.get("PartName").lstrip("/") for o in types if o.get("PartName")}
        targets = set()
        for rels, base in (("_rels/.rels", ""), ("word/_rels/document.xml.rels", "word/")):
            targets |= {base + r.get("Target") for r in etree.fromstring(package.read(rels))}
    assert overrides <= names and targets <= names
    assert names - {"[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels"} == overrides


def _cell_paragraphs(blob: bytes, row: int, column: int) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(blob)).tables[1].rows[row].cells[column].paragraphs]


@pytest.mark.parametrize("lead, expected", [
    ("Phòng\x00 TT-TT", ["Phòng TT-TT"]),  # NUL: not allowed in XML 1.0, dropped
    ("A\x01\x08\x0e\x1fB", ["AB"]),  # C0 controls other than tab/line feed/carriage return
    ("A\ufffe\uffffB", ["AB"]),  # the two non-characters
    ("A\ud800B", ["AB"]),  # a lone surrogate cannot even be encoded
    ("A\x0bB", ["A\nB"]),  # Word's own line break (vertical tab, pasted): a line break
    ("A\tB", ["A\tB"]),  # a tab stays a tab
    ("A\rB", ["A\nB"]),
    ("A\nB", ["A", "B"]),  # a new line is a new paragraph, as in the other columns
    ("<b>&amp;</b> ]]> \"'", ["<b>&amp;</b> ]]> \"'"]),  # markup characters are text
])
def test_text_is_escaped_and_invalid_characters_dropped(sample, lead, expected):
    programme = copy.deepcopy(sample)
    programme.sections[0].tasks[0].lead = lead
    blob = export_docx(programme)
    with zipfile.ZipFile(io.BytesIO(blob)) as package:
        etree.fromstring(package.read("word/document.xml"))
    assert _cell_paragraphs(blob, 3, 2) == expected  # header, preamble, section I, task I.1


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@settings(max_examples=60, deadline=None)
@given(text=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_any_text_gives_a_well_formed_document_with_that_text(sample, text):
    programme = copy.deepcopy(sample)
    programme.sections[0].tasks[0].lead = text
    programme.title = text
    blob = export_docx(programme)
    with zipfile.ZipFile(io.BytesIO(blob)) as package:
        for name in ("word/document.xml", "docProps/core.xml"):
            etree.fromstring(package.read(name))
    line_breaks = {"\r": "\n", "\x0b": "\n", "\x0c": "\n"}
    expected = [_XML_INVALID.sub(lambda m: line_breaks.get(m.group(), ""), line).replace("\r", "\n")
                for line in text.split("\n")]
    assert _cell_paragraphs(blob, 3, 2) == expected


def test_site_builds_the_documents_without_a_cache(tmp_path):
    """Every build writes the documents afresh: nothing is left in the project to go stale."""
    from portal.build.site import load_site, month_documents

    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    (document,) = [a for a in month_documents(load_site(content)) if a.path == "tai-ve/chuong-trinh-2023-11.docx"]
    assert document.content == export_docx(load_programme(content / "programmes" / "2023-11.yaml", tmp_path))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content"]
