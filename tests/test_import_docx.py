"""Import from Word: the sample laid out as the office lays it out, and the variants real documents show.

The oracle is the text import of the same programme: both importers must write identical data files.
"""
from __future__ import annotations

import copy
import io

import docx
import pytest
from conftest import ROOT, SAMPLE_TEXT
from docx_factory import STANDARD_HEADERS, Layout, build_docx

from portal.cli import main
from portal.content.datafile import dump_programme
from portal.content.importers.docx import import_docx
from portal.content.importers.text import import_text


@pytest.fixture(scope="module")
def text_import():
    result = import_text(SAMPLE_TEXT.read_text(encoding="utf-8"), "sample.txt")
    assert result.problems == []
    return result.data


def _import(tmp_path, data, layout=None, name="ctr.docx"):
    path = tmp_path / name
    path.write_bytes(build_docx(data, layout))
    return import_docx(path)


def _tasks(data):
    return [(s["numeral"], t) for s in data["sections"] for t in s["tasks"]]


def test_sample_document_gives_the_same_data_file_as_the_text_import(tmp_path, text_import):
    result = _import(tmp_path, text_import)
    assert result.problems == []
    assert dump_programme(result.data) == dump_programme(text_import)
    assert dump_programme(result.data) == (ROOT / "content" / "programmes" / "2023-11.yaml").read_text(encoding="utf-8")


def test_sample_document_field_by_field(tmp_path, text_import):
    data = _import(tmp_path, text_import).data
    assert data["month"] == "2023-11"
    assert data["header"] == text_import["header"]
    assert data["preamble"] == "Tham mưu, đề xuất trên các lĩnh vực:"
    assert [(s["numeral"], s["title"], len(s["tasks"])) for s in data["sections"]] == [
        (s["numeral"], s["title"], len(s["tasks"])) for s in text_import["sections"]]
    for (numeral, got), (_, want) in zip(_tasks(data), _tasks(text_import), strict=True):
        for key in ("number", "text", "lead", "coordinators", "deadline", "status"):
            assert got[key] == want[key], (numeral, want["number"], key)
    for key in ("closing", "recipients", "drafter", "signature"):
        assert data[key] == text_import[key], key


def test_italic_runs_become_italic_tags(tmp_path, text_import):
    tasks = {f"{n}.{t['number']}": t for n, t in _tasks(_import(tmp_path, text_import).data)}
    assert tasks["III.16"]["text"].endswith("(<i>Phục vụ Dự hội nghị Tổng kết công tác DLXH năm 2023 tại tỉnh Nam Định</i>)")
    assert sum("<i>" in t["text"] for t in tasks.values()) == 1


def test_units_on_separate_paragraphs_become_a_list(tmp_path, text_import):
    tasks = {f"{n}.{t['number']}": t for n, t in _tasks(_import(tmp_path, text_import).data)}
    assert tasks["III.21"]["coordinators"] == ["Ban Nội chính TU; Ủy ban Kiểm tra TU;", "Ban Cán sự Đảng UBND tỉnh;",
                                                "Ban TG các cấp ủy trực thuộc."]
    assert tasks["III.23"]["coordinators"] == []


LAYOUTS = {
    "columns in another order": Layout(columns=["number", "lead", "text", "deadline", "coordinators", "status"]),
    "status first, number last": Layout(columns=["status", "text", "lead", "coordinators", "deadline", "number"]),
    "headers without accents, any case": Layout(headers={
        **STANDARD_HEADERS, "number": "STT", "text": "NOI DUNG CONG VIEC", "lead": "phong chu tri",
        "coordinators": "Don vi phoi hop", "deadline": "THỜI GIAN HOÀN THÀNH", "status": "Tiến Độ"}),
    "numbered 1.": Layout(numbering=lambda n: f"{n}."),
    "numbered 1)": Layout(numbering=lambda n: f"{n})"),
    "numbered 01": Layout(numbering=lambda n: n.zfill(2)),
    "section merged into one cell": Layout(merged_section_cell=True),
    "column numbers row and empty trailing rows": Layout(column_numbers_row=True, empty_trailing_rows=4),
    "lead merged down the section": Layout(lead_merged_down=True),
}


@pytest.mark.parametrize("layout", LAYOUTS.values(), ids=LAYOUTS.keys())
def test_layout_variants_give_the_same_data_file(tmp_path, text_import, layout):
    result = _import(tmp_path, text_import, layout)
    assert result.problems == []
    assert dump_programme(result.data) == dump_programme(text_import)


def test_lead_merged_down_is_really_merged_in_the_fixture(tmp_path, text_import):
    """Guard for the variant above: the factory did write vertical merges."""
    document = docx.Document(io.BytesIO(build_docx(text_import, Layout(lead_merged_down=True))))
    assert len(document.element.body.xpath(".//w:vMerge")) > 40


def test_extra_note_column_is_kept_as_note(tmp_path, text_import):
    layout = Layout(columns=["number", "text", "lead", "coordinators", "deadline", "status", "note"],
                    notes={"II.3": "Chờ ý kiến <i>Thường trực</i>", "III.24": "Đã xong"})
    data = _import(tmp_path, text_import, layout).data
    notes = {f"{n}.{t['number']}": t["note"] for n, t in _tasks(data) if "note" in t}
    assert notes == {"II.3": "Chờ ý kiến <i>Thường trực</i>", "III.24": "Đã xong"}
    for _, task in _tasks(data):
        task.pop("note", None)
    assert dump_programme(data) == dump_programme(text_import)


def test_missing_status_column_leaves_status_empty(tmp_path, text_import):
    layout = Layout(columns=["number", "text", "lead", "coordinators", "deadline"])
    data = _import(tmp_path, text_import, layout).data
    assert {t["status"] for _, t in _tasks(data)} == {""}
    expected = copy.deepcopy(text_import)
    for _, task in _tasks(expected):
        task["status"] = ""
    assert dump_programme(data) == dump_programme(expected)


def test_long_text_on_several_paragraphs_is_kept_with_line_breaks(tmp_path, text_import):
    data = copy.deepcopy(text_import)
    data["sections"][0]["tasks"][0]["text"] = "Đoạn đầu của nội dung.\nĐoạn sau, <i>in nghiêng</i>."
    got = _import(tmp_path, data).data
    assert got["sections"][0]["tasks"][0]["text"] == "Đoạn đầu của nội dung.\nĐoạn sau, <i>in nghiêng</i>."


def _document_with_stray_row(tmp_path, text_import):
    path = tmp_path / "stray.docx"
    document = docx.Document(io.BytesIO(build_docx(text_import)))
    table = document.tables[1]
    row = table.add_row()
    row.cells[1].text = "Dòng lạc không có số thứ tự"
    row.cells[2].text = "Phòng TT-TT"
    document.save(path)
    return path, len(table.rows)


def test_unplaceable_row_is_reported_with_its_table_row_and_kept(tmp_path, text_import):
    path, row_number = _document_with_stray_row(tmp_path, text_import)
    result = import_docx(path)
    (warning,) = result.problems
    assert warning.severity == "warning"
    assert f"bảng 2, hàng {row_number} (cột 2 «Nội dung công việc»; cột 3 «Phòng chủ trì»)" in warning.message
    assert "Dòng lạc" in warning.message
    assert result.data["unplaced"] == [f"bảng 2, hàng {row_number}: Dòng lạc không có số thứ tự\tPhòng TT-TT"]
    assert len(result.data["sections"][-1]["tasks"]) == 24


def test_document_without_task_table_is_an_error(tmp_path):
    document = docx.Document()
    document.add_paragraph("Không có bảng nào")
    document.save(tmp_path / "empty.docx")
    result = import_docx(tmp_path / "empty.docx")
    assert result.errors and "không tìm thấy bảng nhiệm vụ" in result.errors[0].message


def test_file_that_is_not_a_docx_is_an_error(tmp_path):
    (tmp_path / "old.docx").write_bytes(b"\xd0\xcf\x11\xe0 old binary Word")
    result = import_docx(tmp_path / "old.docx")
    assert result.errors and ".docx" in result.errors[0].message


# -- the command ---------------------------------------------------------------------------------

def test_command_imports_twice_to_the_same_file(tmp_path, text_import, capsys):
    source = tmp_path / "CTr-thang-11-2023.docx"
    source.write_bytes(build_docx(text_import))
    content = tmp_path / "content"
    assert main(["import", str(source), "--content", str(content)]) == 0
    target = content / "programmes" / "2023-11.yaml"
    first = target.read_bytes()
    assert main(["import", str(source), "--content", str(content)]) == 0
    assert target.read_bytes() == first
    assert "không có gì thay đổi" in capsys.readouterr().err


def test_command_shows_the_diff_and_needs_force_over_an_existing_month(tmp_path, text_import, capsys):
    content = tmp_path / "content"
    source = tmp_path / "ctr.docx"
    source.write_bytes(build_docx(text_import))
    assert main(["import", str(source), "--content", str(content)]) == 0
    target = content / "programmes" / "2023-11.yaml"
    before = target.read_text(encoding="utf-8")
    changed = copy.deepcopy(text_import)
    changed["sections"][0]["tasks"][0]["deadline"] = "21/11/2023"
    source.write_bytes(build_docx(changed))
    capsys.readouterr()
    assert main(["import", str(source), "--content", str(content)]) == 1
    out, err = capsys.readouterr()
    assert "-    deadline: 20/11/2023" in out and "+    deadline: 21/11/2023" in out
    assert "--force" in err
    assert target.read_text(encoding="utf-8") == before
    assert main(["import", str(source), "--content", str(content), "--force"]) == 0
    assert "deadline: 21/11/2023" in target.read_text(encoding="utf-8")
