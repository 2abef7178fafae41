"""Import of the tab-separated text export: the sample, field by field, and awkward exports."""
from __future__ import annotations

import pytest
import yaml
from conftest import ROOT, SAMPLE_TEXT

from portal.content.datafile import dump_programme
from portal.content.importers.text import import_text
from portal.content.loader import validate_programme
from portal.content.yamlsource import parse_yaml

SAMPLE_TASKS = [
    ('I', '1', 'Phòng HC-TH, KG, VH-VN', '20/11/2023', 'Đang thực hiện'),
    ('I', '2', 'Phòng HC-TH, KG, VH-VN', '29/11/2023', 'Đang thực hiện'),
    ('I', '3', 'Phòng HC-TH, KG, VH-VN', 'Trong tháng 11/2023', 'Đang thực hiện'),
    ('I', '4', 'Phòng HC-TH, KG, VH-VN', 'Trong tháng 11/2023', 'Đang thực hiện'),
    ('I', '5', 'Phòng HC-TH, KG, VH-VN', '30/11/2023', 'Đang thực hiện'),
    ('I', '6', 'Phòng HC-TH, KG, VH-VN', '30/11/2023', 'Đang thực hiện'),
    ('I', '7', 'Phòng HC-TH, KG, VH-VN', 'Trong tháng 11/2023', 'Đang thực hiện'),
    ('I', '8', 'Phòng HC-TH, KG, VH-VN', '30/11/2023', 'Đang thực hiện'),
    ('I', '9', 'Phòng HC-TH, KG, VH-VN', '30/11/2023', 'Đang thực hiện'),
    ('II', '1', 'LLCT-LSD', '30/11/2023', 'Đang thực hiện'),
    ('II', '2', 'LLCT-LSD', '30/11/2023', 'Đang thực hiện'),
    ('II', '3', 'LLCT-LSD', '30/11/2023', 'Đang thực hiện'),
    ('II', '4', 'LLCT-LSD', '30/11/2023', 'Đang thực hiện'),
    ('II', '5', 'LLCT-LSĐ', 'Ngày 21/11/2023', 'Đang thực hiện'),
    ('II', '6', 'LLCT-LSĐ', 'Trước ngày 25/11/2023', 'Đang thực hiện'),
    ('II', '7', 'LLCT-LSĐ', 'Ngày 15/11/2023', 'Đang thực hiện'),
    ('II', '8', 'LLCT-LSĐ', '30/11/2023', 'Đang thực hiện'),
    ('II', '9', 'LLCT-LSĐ', '30/11/2023', 'Đang thực hiện'),
    ('II', '10', 'LLCT-LSĐ', '30/11/2023', 'Đang thực hiện'),
    ('II', '11', 'LLCT-LSĐ', '30/11/2023', 'Đang thực hiện'),
    ('II', '12', 'LLCT-LSD và các phòng thuộc Ban', '30/11/2023', 'Đang thực hiện'),
    ('II', '13', 'LLCT-LSD', '17/11/2023', 'Đang thực hiện'),
    ('II', '14', 'LLCT-LSD', 'Trước ngày 20/11/2023', 'Đang thực hiện'),
    ('II', '15', 'LLCT-LSD', 'Trong tháng 11/2023', 'Đang thực hiện'),
    ('III', '1', 'Phòng TT-TT', 'Phát hành trước 03/12/2023', 'Đang thực hiện'),
    ('III', '2', 'Phòng TT-TT', 'Trong tháng 11/2023', 'Đang thực hiện'),
    ('III', '3', 'Phòng TT-TT', 'Hàng tuần', 'Thực hiện thường xuyên'),
    ('III', '4', 'Phòng TT-TT', 'Trong tháng 11/2023', 'Đang thực hiện'),
    ('III', '5', 'Phòng TT-TT', 'Trong tháng 11/2023', 'Đang thực hiện'),
    ('III', '6', 'Phòng TT-TT', 'Trong tháng 11/2023', 'Đang thực hiện'),
    ('III', '7', 'Phòng TT-TT', 'Trong tháng 11/2023', 'Đang thực hiện'),
    ('III', '8', 'Phòng TT-TT', 'Trong tháng 11/2023', 'Đang thực hiện'),
    ('III', '9', 'Phòng TT-TT', 'Trong tháng 11/2023', 'Đang thực hiện'),
    ('III', '10', 'Phòng TT-TT', 'Trước ngày 30/11/2023', 'Đang thực hiện'),
    ('III', '11', 'Phòng TT-TT', 'Trước ngày 30/11/2023', 'Đang thực hiện'),
    ('III', '12', 'Phòng TT-TT', 'Trong tháng 11/2023', 'Đang thực hiện'),
    ('III', '13', 'Phòng TT-TT', 'Trong tháng 11/2023', 'Đang thực hiện'),
    ('III', '14', 'Phòng TT-TT', 'Trong tháng 11/2023', 'Đang thực hiện'),
    ('III', '15', 'Phòng TT- TT', 'Trước 30/11/2023', 'Đang thực hiện'),
    ('III', '16', 'Phòng TT-TT', 'Trước 10/11/2023', 'Đang thực hiện'),
    ('III', '17', 'Phòng TT-TT', 'Trước 30/11/2023', 'Đang thực hiện'),
    ('III', '18', 'Phòng TT-TT', 'Trong tháng 11/2023', 'Đang thực hiện'),
    ('III', '19', 'Phòng TT-TT', 'Đầu tháng 11/2023', 'Đang thực hiện'),
    ('III', '20', 'Phòng TT-TT', 'Trong tháng 11/2023', 'Đang thực hiện'),
    ('III', '21', 'Phòng TT-TT', 'Trong tháng 11/2023', 'Đang thực hiện'),
    ('III', '22', 'Phòng TT-TT', 'Trong tháng 11/2023', 'Đang thực hiện'),
    ('III', '23', 'Phòng TT-TT', 'Trong tháng 11/2023', 'Đang thực hiện'),
    ('III', '24', 'Phòng TT-TT', 'Trong tháng 11/2023', 'Đang thực hiện'),
]

@pytest.fixture(scope="module")
def sample():
    return import_text(SAMPLE_TEXT.read_text(encoding="utf-8"), "sample.txt")


def _tasks(data):
    return [(s["numeral"], t) for s in data["sections"] for t in s["tasks"]]


def test_sample_has_48_tasks_in_three_sections(sample):
    counts = [(s["numeral"], len(s["tasks"])) for s in sample.data["sections"]]
    assert counts == [("I", 9), ("II", 15), ("III", 24)]
    assert [s["title"] for s in sample.data["sections"]] == [
        "Tổng hợp, Khoa giáo, Văn hóa, Văn nghệ", "Lý luận Chính trị - Lịch sử Đảng", "Thông tin - Tuyên truyền"]


def test_every_task_field_by_field(sample):
    got = [(numeral, t["number"], t["lead"], t["deadline"], t["status"]) for numeral, t in _tasks(sample.data)]
    assert got == SAMPLE_TASKS


def test_task_text_is_exactly_the_cell(sample):
    """Oracle independent of the importer: the second cell of each numbered line, trimmed."""
    cells = [line.split("\t")[1].strip() for line in SAMPLE_TEXT.read_text(encoding="utf-8").splitlines()
             if line.count("\t") == 5 and line.split("\t")[0].strip().isdigit()]
    assert [t["text"] for _, t in _tasks(sample.data)] == cells
    assert "<i>Phục vụ Dự hội nghị Tổng kết công tác DLXH năm 2023 tại tỉnh Nam Định</i>" in cells[-9]


def test_coordinating_units_split_into_list(sample):
    tasks = {f"{n}.{t['number']}": t for n, t in _tasks(sample.data)}
    assert tasks["I.7"]["coordinators"] == ["BTG các huyện ủy, thành ủy, đảng ủy trực thuộc tỉnh.", "Các đơn vị có liên quan."]
    assert tasks["III.21"]["coordinators"] == ["Ban Nội chính TU; Ủy ban Kiểm tra TU;", "Ban Cán sự Đảng UBND tỉnh;",
                                                "Ban TG các cấp ủy trực thuộc."]
    # a dash inside a name does not split it
    assert tasks["II.8"]["coordinators"] == ["Đài Phát thanh - Truyền hình Đồng Nai."]
    assert tasks["III.23"]["coordinators"] == []


def test_header_and_placeholders_kept(sample):
    header = sample.data["header"]
    assert header == {
        "parent_body": "TỈNH ỦY ĐỒNG NAI", "issuing_body": "BAN TUYÊN GIÁO", "number": "[so]",
        "symbol": "CTr/BTGTU", "motto": "ĐẢNG CỘNG SẢN VIỆT NAM", "place": "Đồng Nai",
        "date": "ngày [ng] tháng [th] năm 2023", "title": "CHƯƠNG TRÌNH",
        "subtitle": "Công tác Tuyên giáo tháng 11/2023"}
    assert sample.data["month"] == "2023-11"
    assert sample.data["preamble"] == "Tham mưu, đề xuất trên các lĩnh vực:"


def test_tail_closing_recipients_signature(sample):
    assert sample.data["closing"].startswith("Trên đây là Chương trình công tác Tuyên giáo tháng 11/2023.")
    assert sample.data["closing"].endswith("sẽ có chỉ đạo, bổ sung./.")
    assert sample.data["recipients"] == ["Các đồng chí Lãnh đạo Ban,", "Các phòng trực thuộc Ban,", "Lưu Phòng HC-TH."]
    assert sample.data["drafter"] == "Dương-TH"
    assert sample.data["signature"] == {"titles": ["K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"], "mark": "☐",
                                        "name": "Nguyễn Thị Hồng Trang"}


def test_sample_imports_without_problems(sample):
    assert sample.problems == []
    assert "unplaced" not in sample.data


def test_bundled_month_file_is_the_import_output(sample):
    """content/programmes/2023-11.yaml is produced by `portal import`, not typed by hand."""
    bundled = (ROOT / "content" / "programmes" / "2023-11.yaml").read_text(encoding="utf-8")
    assert bundled == dump_programme(sample.data)


def test_dump_loads_back_identically(sample):
    text = dump_programme(sample.data)
    assert yaml.safe_load(text)["sections"] == sample.data["sections"]
    programme = validate_programme(parse_yaml(text, "2023-11.yaml"), "2023-11")
    assert len(programme.tasks()) == 48


HEADER = "Stt\tNội dung công việc\tPhòng chủ trì\tĐơn vị phối hợp\tThời gian hoàn thành\tTiến độ công việc"
TOP = "BAN TUYÊN GIÁO\nSố 12-CTr/BTGTU\nĐẢNG CỘNG SẢN VIỆT NAM\nĐồng Nai, ngày 3 tháng 12 năm 2023\nCHƯƠNG TRÌNH\nCông tác Tuyên giáo tháng 12/2023\n\n"
BOTTOM = "\nTrên đây là chương trình.\n\nNơi nhận:\n- Lưu VT.\n\n**TRƯỞNG BAN**\n**Nguyễn Văn A**\n"


def _import(rows: str):
    return import_text(TOP + HEADER + "\n" + rows + BOTTOM, "test.txt")


def test_blank_lines_between_rows_are_ignored():
    result = _import("I\tMục một\t\t\t\t\n\n1\tViệc một\tPhòng TT-TT\t\t30/12/2023\tĐang thực hiện\n\n\n"
                     "2\tViệc hai\tPhòng TT-TT\t\t31/12/2023\tĐang thực hiện\n")
    assert [t["text"] for t in result.data["sections"][0]["tasks"]] == ["Việc một", "Việc hai"]
    assert result.data["closing"] == "Trên đây là chương trình."


def test_cell_broken_across_two_lines_is_joined():
    result = _import("I\tMục một\t\t\t\t\n1\tViệc có nội dung dài\nvà xuống dòng\tPhòng TT-TT\t- Đơn vị A.\n- Đơn vị B.\t"
                     "30/12/2023\tĐang thực hiện\n2\tViệc hai\tPhòng TT-TT\t\t31/12/2023\tXong\n")
    first, second = result.data["sections"][0]["tasks"]
    assert first["text"] == "Việc có nội dung dài\nvà xuống dòng"
    assert first["coordinators"] == ["Đơn vị A.", "Đơn vị B."]
    assert first["deadline"] == "30/12/2023" and first["status"] == "Đang thực hiện"
    assert second["number"] == "2"
    assert result.problems == []


def test_task_numbers_in_other_forms():
    result = _import("I\tMục\t\t\t\t\n01\tViệc\tPhòng TT-TT\t\t30/12/2023\t\n2.\tViệc\tPhòng TT-TT\t\t30/12/2023\t\n"
                     "3)\tViệc\tPhòng TT-TT\t\t30/12/2023\t\n")
    assert [t["number"] for t in result.data["sections"][0]["tasks"]] == ["1", "2", "3"]


def test_unplaceable_line_is_reported_with_its_line_number_and_kept():
    result = _import("I\tMục\t\t\t\t\n1\tViệc\tPhòng TT-TT\t\t30/12/2023\t\nx\ty\tz\t\t\t\n")
    warnings = [p for p in result.problems if p.severity == "warning"]
    assert len(warnings) == 1 and warnings[0].line == 11
    assert result.data["unplaced"] == ["dòng 11: x\ty\tz"]


def test_missing_table_header_is_an_error():
    result = import_text("Không có bảng nào ở đây\n", "x.txt")
    assert result.errors and "không tìm thấy dòng tiêu đề của bảng" in result.errors[0].message
