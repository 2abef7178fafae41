"""Print to Word: the official layout, deterministic bytes, and import of the export gives the data back."""
from __future__ import annotations

import copy
import io
import zipfile

import docx
import pytest
import yaml
from docx.enum.section import WD_ORIENT
from docx.shared import Mm, Pt
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.cli import main
from portal.datafile import dump_programme
from portal.exporters.docx import export_docx
from portal.importers.docx import import_docx
from portal.loader import load_programme, validate_programme
from portal.yamlsource import parse_yaml

from conftest import ROOT

SAMPLE_FILE = ROOT / "content" / "programmes" / "2023-11.yaml"


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


def test_import_of_the_export_gives_back_the_same_data_file(tmp_path, sample):
    assert _round_trip(tmp_path, sample) == SAMPLE_FILE.read_text(encoding="utf-8")


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
       units=st.lists(_PHRASE.map(lambda p: p[0].upper() + p[1:] + "."), max_size=3))
def test_round_trip_of_generated_task_texts(tmp_path, texts, units):
    data = yaml.safe_load(SAMPLE_FILE.read_text(encoding="utf-8"))
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


def test_cached_export_is_the_export_and_follows_edits(tmp_path, exported):
    from portal.exporters.docx import cached_export

    programme = load_programme(SAMPLE_FILE, ROOT)
    assert cached_export(programme, tmp_path) == exported
    (cached,) = tmp_path.glob("2023-11-*.docx")
    assert cached_export(programme, tmp_path) == exported
    programme.sections[0].tasks[0].deadline = "21/11/2023"
    edited = cached_export(programme, tmp_path)
    assert edited == export_docx(programme) != exported
    assert [p.name for p in tmp_path.glob("2023-11-*.docx")] != [cached.name]
    assert len(list(tmp_path.glob("2023-11-*.docx"))) == 1
