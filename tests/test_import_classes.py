"""Word programmes as offices really hand them over: every cell lands in its field, or the import says which.

Table-driven: each case is one programme written the office's way (:mod:`word_layouts`), then edited the
way documents get edited after typing — a row hidden instead of deleted, symbols inserted, a web paste, a
PDF converted back to Word, an events table pasted before the task table, an appendix after the signature,
a part pasted from a department with its own column order, a header that misnames two columns — and the
data file it must give (``tests/fixtures/import_classes/CASE.yaml``), with the note or warning the clerk
must read. The refused cases say what the document is instead.
"""
from __future__ import annotations

import copy
import io
from pathlib import Path

import pytest
import word_layouts as office
from word_layouts import WordLayout, build

from portal.cli import main
from portal.content.datafile import dump_programme
from portal.content.importers.docx import import_docx

EXPECTED = Path(__file__).parent / "fixtures" / "import_classes"


def task(number, text, lead, coordinators, deadline, status="", **extra):
    return {"number": number, "text": text, "lead": lead, "coordinators": coordinators, "deadline": deadline,
            "status": status, **extra}


# The programme every case writes: three sections, long texts (they wrap when printed), partners whose
# names wrap («Sở Văn hóa, Thể thao và Du lịch»), deadlines of the usual forms.
PROGRAMME = {
    "month": "2025-10",
    "header": {"parent_body": "TỈNH ỦY ĐỒNG NAI", "issuing_body": "BAN TUYÊN GIÁO VÀ DÂN VẬN", "number": "214",
               "symbol": "CTr/BTGDVTU", "motto": "ĐẢNG CỘNG SẢN VIỆT NAM", "place": "Đồng Nai",
               "date": "ngày 29 tháng 9 năm 2025", "title": "CHƯƠNG TRÌNH",
               "subtitle": "Công tác tuyên giáo và dân vận tháng 10 năm 2025"},
    "sections": [
        {"numeral": "I", "title": "Công tác tuyên truyền", "tasks": [
            task("1", "Hướng dẫn tuyên truyền kỷ niệm ngày thành lập Hội Liên hiệp Phụ nữ Việt Nam và các ngày lễ "
                      "lớn trong tháng.", "Phòng TT-TT", ["Sở Văn hóa, Thể thao và Du lịch", "Báo Đồng Nai"],
                 "Trước ngày 10/10/2025", "Đang thực hiện"),
            task("2", "Tổ chức hội nghị báo cáo viên tháng 10 năm 2025 theo hình thức trực tiếp kết hợp trực tuyến.",
                 "Phòng TT-TT", ["Trung tâm chính trị các huyện, thành phố"], "Ngày 15/10/2025", "Chưa thực hiện"),
            task("3", "Theo dõi, tổng hợp tình hình dư luận xã hội về các vấn đề được quan tâm.", "Phòng TT-TT",
                 ["Ban Dân vận các cấp ủy trực thuộc"], "Thường xuyên", "Thực hiện thường xuyên"),
        ]},
        {"numeral": "II", "title": "Công tác dân vận", "tasks": [
            task("1", "Tham mưu sơ kết công tác dân vận chính quyền chín tháng đầu năm và phương hướng nhiệm vụ "
                      "những tháng cuối năm.", "Phòng DV", ["Ủy ban Mặt trận Tổ quốc tỉnh", "Công an tỉnh"],
                 "Trước ngày 25/10/2025", "Đang thực hiện"),
            task("2", "Nắm tình hình các cơ sở tôn giáo trước mùa lễ cuối năm.", "Phòng DV", ["Sở Nội vụ"],
                 "Trong tháng 10/2025"),
        ]},
        {"numeral": "III", "title": "Công tác lý luận chính trị", "tasks": [
            task("1", "Kiểm tra việc học tập, quán triệt nghị quyết tại các chi bộ trực thuộc.", "Phòng LLCT-LSĐ",
                 ["Ban Tổ chức Tỉnh ủy"], "Ngày 20/10/2025", "Chưa thực hiện"),
            task("2", "Biên soạn tài liệu sinh hoạt chi bộ tháng 11 năm 2025.", "Phòng LLCT-LSĐ", [],
                 "Trước ngày 30/10/2025"),
        ]},
    ],
    "closing": "Trên đây là Chương trình công tác tháng 10 năm 2025 của Ban Tuyên giáo và Dân vận Tỉnh ủy./.",
    "recipients": ["Thường trực Tỉnh ủy (b/c),", "Lãnh đạo Ban,", "Lưu VT."],
    "drafter": "Hà-TH",
    "signature": {"titles": ["K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"], "name": "Lê Thị Thu Hà"},
}

EVENTS = [["Stt", "Ngày", "Sự kiện", "Ghi chú"],
          ["1", "10/10", "Kỷ niệm 71 năm Ngày Giải phóng Thủ đô (10/10/1954)", ""],
          ["2", "13/10", "Ngày Doanh nhân Việt Nam", ""],
          ["3", "20/10", "Kỷ niệm 95 năm Ngày thành lập Hội Liên hiệp Phụ nữ Việt Nam", "Tuyên truyền"]]
# An events table whose header the task table's own words match (Stt, Nội dung, Thời gian): told apart by
# the columns no task table has (a place, who attends).
MEETINGS = [["Stt", "Nội dung", "Thời gian", "Địa điểm", "Thành phần"],
            ["1", "Hội nghị Ban Chấp hành Đảng bộ tỉnh", "Ngày 06/10/2025", "Hội trường Tỉnh ủy", "Lãnh đạo Ban"],
            ["2", "Giao ban báo chí tháng 10", "Ngày 08/10/2025", "Phòng họp số 2", "Cơ quan báo chí"]]
CONTACTS = [["Stt", "Họ và tên", "Chức vụ", "Điện thoại"],
            ["1", "Nguyễn Văn Nam", "Trưởng phòng TT-TT", "0251 3822 111"],
            ["2", "Trần Thị Lan", "Chuyên viên Phòng DV", "0251 3822 112"]]


def _with(changes) -> dict:
    data = copy.deepcopy(PROGRAMME)
    changes(data)
    return data


def _first_text(suffix: str):
    def change(data):
        data["sections"][0]["tasks"][0]["text"] += suffix
    return change


def _start_dates(data):
    for section in data["sections"]:
        for item in section["tasks"]:
            item["start"] = "01/10/2025"


CASES = {
    # name: (data the document is typed from, layout, edits, note or warning the clerk reads)
    "hidden-row-and-words": (PROGRAMME, WordLayout(), (office.hide_a_task_row(
        ["4", "Nhiệm vụ đã bỏ nhưng chỉ ẩn đi", "Phòng TT-TT", "", "Ngày 05/10/2025", ""], after_row=4,
        hidden_words=" (bản nháp: chờ ý kiến)"),), "bị ẩn"),
    "inserted-symbols": (PROGRAMME, WordLayout(), (office.insert_symbols(
        "Hướng dẫn tuyên truyền", [("text", " "), ("sym", "Symbol", "F0AE"), ("text", " báo cáo Ban "),
                                   ("sym", "Wingdings", "F0FC"), ("text", " "), ("font", "Wingdings", "Ø"),
                                   ("text", " hết.")]),), ""),
    "web-paste": (PROGRAMME, WordLayout(), (office.paste_from_the_web,), ""),
    "converted-from-pdf": (PROGRAMME, WordLayout(), (office.converted_from_pdf(width=30, cut_row="Tham mưu sơ kết"),),
                           "chuyển từ PDF"),
    "converted-from-pdf-header-again": (PROGRAMME, WordLayout(), (office.converted_from_pdf(
        width=30, cut_row="Tham mưu sơ kết", page_number="Trang 2", header_again=True),), "chuyển từ PDF"),
    "page-number-row": (PROGRAMME, WordLayout(), (office.page_number_row("Theo dõi, tổng hợp"),), ""),
    "events-table-before": (PROGRAMME, WordLayout(), (office.table_before_the_programme(
        "CÁC NGÀY LỄ, SỰ KIỆN TRONG THÁNG", EVENTS),), "bảng 2"),
    "meetings-table-before": (PROGRAMME, WordLayout(), (office.table_before_the_programme(
        "LỊCH HỌP, HỘI NGHỊ TRONG THÁNG", MEETINGS),), "bảng 2"),
    "events-table-after-tasks": (PROGRAMME, WordLayout(), (office.table_before_the_programme(
        "CÁC NGÀY LỄ, SỰ KIỆN TRONG THÁNG", EVENTS, after_tasks=True),), "bảng 3"),
    "appendix-after-signature": (PROGRAMME, WordLayout(), (office.appendix_after_the_signature(
        "PHỤ LỤC", [("DANH SÁCH CÁN BỘ ĐẦU MỐI", CONTACTS), ("LỊCH HỌP, HỘI NGHỊ", MEETINGS)]),), "PHỤ LỤC"),
    "part-with-own-column-order": (PROGRAMME, WordLayout(), (office.part_with_its_own_column_order(
        "Công tác lý luận chính trị", 3, 4),), ""),
    "part-with-own-column-order-in-a-headerless-table": (PROGRAMME, WordLayout(split="no-header"), (
        office.part_with_its_own_column_order("Công tác lý luận chính trị", 3, 4),), ""),
    "start-and-end-columns": (_with(_start_dates), WordLayout(
        columns=["number", "text", "lead", "coordinators", "start", "deadline", "status"]), (), ""),
}


def _imported(tmp_path, name: str):
    data, layout, edits, _ = CASES[name]
    path = tmp_path / f"{name}.docx"
    path.write_bytes(build(data, layout, edits))
    return import_docx(path)


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_class_of_document_gives_its_expected_data_file(tmp_path, name):
    result = _imported(tmp_path, name)
    said = " ".join(result.notes + [str(p) for p in result.problems])
    assert [str(p) for p in result.problems if p.severity == "error"] == []
    assert result.unplaced_count == 0 and result.misplaced_count == 0, said
    assert dump_programme(result.data) == (EXPECTED / f"{name}.yaml").read_text(encoding="utf-8")
    assert CASES[name][3] in said


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_class_imports_through_the_command_and_reports_fields_confirmed(tmp_path, capsys, name):
    data, layout, edits, _ = CASES[name]
    path = tmp_path / f"{name}.docx"
    path.write_bytes(build(data, layout, edits))
    code = main(["import", str(path), "-o", str(tmp_path / "out.yaml")])
    err = capsys.readouterr().err
    assert code == 0, err
    assert "Kiểm tra theo nội dung: Phòng chủ trì 7/7 ô là tên đơn vị" in err
    assert "Thời gian hoàn thành 7/7 ô là thời gian" in err
    assert "  I. Công tác tuyên truyền: 3 nhiệm vụ" in err and "  III. Công tác lý luận chính trị: 2 nhiệm vụ" in err


def test_hidden_text_is_counted_in_the_notes(tmp_path):
    result = _imported(tmp_path, "hidden-row-and-words")
    (note,) = [n for n in result.notes if "bị ẩn" in n]
    assert note.startswith("văn bản có 1 hàng và 1 đoạn chữ bị ẩn")  # the row, and the words in a cell


def test_events_table_is_named_and_not_in_the_subtitle(tmp_path):
    result = _imported(tmp_path, "events-table-before")
    assert result.data["header"]["subtitle"] == PROGRAMME["header"]["subtitle"]
    (note,) = [n for n in result.notes if "bảng 2" in n]
    assert "Ngày Giải phóng" not in note and "«Stt | Ngày | Sự kiện | Ghi chú»" in note


def test_misnamed_columns_are_read_by_their_content_and_said(tmp_path):
    path = tmp_path / "ctr.docx"
    path.write_bytes(build(PROGRAMME, WordLayout(), (office.part_with_its_own_column_order(
        "Công tác tuyên truyền", 3, 4, header_row=False),)))
    result = import_docx(path)
    assert dump_programme(result.data) == (EXPECTED / "part-with-own-column-order.yaml").read_text(encoding="utf-8")
    (warning,) = [str(p) for p in result.problems]
    assert "bảng 2" in warning and "đổi chỗ" in warning and "«Đơn vị phối hợp»" in warning


def test_a_column_holding_another_field_stops_the_import_naming_table_column_and_two_cells(tmp_path, capsys):
    data = copy.deepcopy(PROGRAMME)
    for section in data["sections"]:  # the deadline column filled with the partners' names, no date anywhere
        for item in section["tasks"]:
            item["deadline"], item["status"] = item["coordinators"][0] if item["coordinators"] else "Sở Nội vụ", ""
            item["coordinators"] = []
    path = tmp_path / "ctr.docx"
    path.write_bytes(build(data, WordLayout(columns=["number", "text", "lead", "deadline"])))
    code = main(["import", str(path), "-o", str(tmp_path / "out.yaml")])
    err = capsys.readouterr().err
    assert code == 1 and not (tmp_path / "out.yaml").exists()
    assert "bảng 2, cột 4 «Thời gian hoàn thành»" in err and "tên đơn vị" in err
    assert "«Sở Văn hóa, Thể thao và Du lịch»" in err and "«Trung tâm chính trị các huyện, thành phố»" in err


def test_one_misplaced_cell_fails_the_self_check_like_a_missing_line(tmp_path, capsys):
    data = copy.deepcopy(PROGRAMME)
    data["sections"][1]["tasks"][1]["deadline"] = "Ban Dân vận các cấp ủy trực thuộc"
    path = tmp_path / "ctr.docx"
    path.write_bytes(build(data))
    code = main(["import", str(path), "-o", str(tmp_path / "out.yaml")])
    err = capsys.readouterr().err
    assert code == 1 and not (tmp_path / "out.yaml").exists()
    assert "bảng 2, hàng 8, cột «Thời gian hoàn thành»: ô chứa tên đơn vị" in err and "1 ô" in err
    assert main(["import", str(path), "-o", str(tmp_path / "out.yaml"), "--accept-unplaced"]) == 0


def test_strict_open_xml_reads_as_the_usual_document(tmp_path):
    path = tmp_path / "strict.docx"
    path.write_bytes(office.strict_open_xml(build(PROGRAMME)))
    result = import_docx(path)
    assert [str(p) for p in result.problems] == []
    assert any("Strict Open XML" in note for note in result.notes)
    assert dump_programme(result.data) == dump_programme(copy.deepcopy(PROGRAMME))


# -- documents that are no month's programme -----------------------------------------------------------

def _header(**changes) -> dict:
    data = copy.deepcopy(PROGRAMME)
    data["header"].update(changes)
    return data


REFUSED = {
    "month-end report": (_header(title="BÁO CÁO", subtitle="Kết quả công tác tuyên giáo và dân vận tháng 10 năm 2025",
                                 symbol="BC/BTGDVTU"), "một báo cáo (BÁO CÁO)"),
    "weekly schedule": (_header(title="LỊCH CÔNG TÁC TUẦN", subtitle="Tuần 41 (từ ngày 06/10 đến ngày 10/10/2025)"),
                        "lịch công tác"),
    "weekly programme": (_header(subtitle="Công tác tuyên giáo tuần 41 năm 2025"), "công tác tuần"),
    "quarter programme": (_header(subtitle="Công tác tuyên giáo và dân vận quý IV năm 2025"), "chương trình công tác quý"),
    "year programme": (_header(subtitle="Công tác tuyên giáo và dân vận năm 2026"), "cả năm"),
    "notice": (_header(title="THÔNG BÁO", subtitle="Kết luận của Thường trực Ban tại cuộc họp giao ban"), "thông báo"),
    "empty form": ({**_header(subtitle="Công tác tuyên giáo tháng ... năm 2025"),
                    "sections": [{"numeral": "I", "title": "", "tasks": []}]}, "mẫu trống"),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_documents_of_another_kind_are_refused_saying_what_they_are(tmp_path, capsys, name):
    data, said = REFUSED[name]
    path = tmp_path / "vb.docx"
    path.write_bytes(build(data))
    code = main(["import", str(path), "-o", str(tmp_path / "out.yaml")])
    err = capsys.readouterr().err
    assert code == 1 and not (tmp_path / "out.yaml").exists()
    assert said in err and "Traceback" not in err
    assert len([line for line in err.splitlines() if line.startswith("Lỗi")]) == 1


def test_a_programme_of_two_months_is_filed_once_with_both_months(tmp_path, capsys):
    data = _header(subtitle="Công tác tuyên giáo và dân vận tháng 01 và tháng 02 năm 2026",
                   date="ngày 26 tháng 12 năm 2025")
    dates = ["05/01/2026", "15/01/2026", "20/01/2026", "05/02/2026", "12/02/2026", "20/02/2026", "26/02/2026"]
    tasks = [t for s in data["sections"] for t in s["tasks"]]
    for item, day in zip(tasks, dates):
        item["deadline"] = f"Ngày {day}"
    path = tmp_path / "tet.docx"
    path.write_bytes(build(data))
    code = main(["import", str(path), "--content", str(tmp_path / "content")])
    err = capsys.readouterr().err
    assert code == 0, err
    assert "tháng 2026-01 và 2026-02" in err
    written = sorted(p.name for p in (tmp_path / "content" / "programmes").glob("*.yaml"))
    assert written == ["2026-01.yaml"]
    text = (tmp_path / "content" / "programmes" / "2026-01.yaml").read_text(encoding="utf-8")
    assert "month: 2026-01\nuntil: 2026-02\n" in text
    from portal.content.loader import load_programme

    programme = load_programme(tmp_path / "content" / "programmes" / "2026-01.yaml")
    assert programme.until == "2026-02" and programme.label == "Tháng 1 và 2/2026"
    assert len(programme.tasks()) == 7  # filed once, under the one page both months name


@pytest.mark.parametrize("until, said", [("2026-03", "tháng ngay sau «month» (2026-02)"), ("2026-2", "không hợp lệ"),
                                         ("2025-12", "tháng ngay sau")])
def test_until_must_be_the_month_after(tmp_path, until, said):
    from portal.content.errors import ContentError
    from portal.content.loader import validate_programme
    from portal.content.yamlsource import parse_yaml

    data = copy.deepcopy(PROGRAMME)
    data["month"], data["until"] = "2026-01", until
    with pytest.raises(ContentError) as caught:
        validate_programme(parse_yaml(dump_programme(data), "2026-01.yaml"))
    assert said in str(caught.value)


def test_two_programmes_only_when_a_second_programme_is_there(tmp_path, capsys):
    first = office.docx.Document(io.BytesIO(build(PROGRAMME)))
    second = office.docx.Document(io.BytesIO(build(_header(subtitle="Công tác tuyên giáo tháng 11 năm 2025"))))
    for element in list(second.element.body)[:-1]:
        first.element.body.insert(len(first.element.body) - 1, element)
    path = tmp_path / "hai.docx"
    first.save(path)
    code = main(["import", str(path), "-o", str(tmp_path / "out.yaml")])
    assert code == 1 and "hai chương trình" in capsys.readouterr().err


def test_text_export_with_an_events_table_before_the_task_table(tmp_path):
    from portal.content.importers.text import import_text

    lines = ["TỈNH ỦY ĐỒNG NAI", "BAN TUYÊN GIÁO VÀ DÂN VẬN", "Số: 214-CTr/BTGDVTU", "ĐẢNG CỘNG SẢN VIỆT NAM",
             "Đồng Nai, ngày 29 tháng 9 năm 2025", "CHƯƠNG TRÌNH", "Công tác tuyên giáo và dân vận tháng 10 năm 2025",
             "LỊCH HỌP, HỘI NGHỊ TRONG THÁNG", *["\t".join(row) for row in MEETINGS],
             "Stt\tNội dung công việc\tPhòng chủ trì\tĐơn vị phối hợp\tThời gian hoàn thành",
             "I\tCông tác tuyên truyền", "1\tHội nghị báo cáo viên\tPhòng TT-TT\tBáo Đồng Nai\tNgày 15/10/2025",
             "- 2 -",
             "2\tTuyên truyền ngày lễ\tPhòng TT-TT\t\tTrước ngày 10/10/2025",
             "Trên đây là Chương trình công tác tháng 10 năm 2025, đề nghị các phòng", "triển khai thực hiện./.",
             "Nơi nhận:", "- Lưu VT.", "**TRƯỞNG BAN**", "**Lê Thị Thu Hà**"]
    result = import_text("\n".join(lines) + "\n", "x.txt")
    assert [str(p) for p in result.problems] == [] and result.unplaced_count == 0
    assert result.data["header"]["subtitle"] == "Công tác tuyên giáo và dân vận tháng 10 năm 2025"
    assert [t["text"] for t in result.data["sections"][0]["tasks"]] == ["Hội nghị báo cáo viên", "Tuyên truyền ngày lễ"]
    assert result.data["closing"] == ("Trên đây là Chương trình công tác tháng 10 năm 2025, đề nghị các phòng "
                                      "triển khai thực hiện./.")  # one paragraph printed on two lines
    assert any("dòng 9" in note and "Địa điểm" in note for note in result.notes)


@pytest.mark.parametrize("name", ["start-and-end-columns", "two-months"])
def test_start_dates_and_two_months_round_trip_through_the_word_export(tmp_path, name):
    if name == "two-months":
        data, layout, edits = _header(subtitle="Công tác tuyên giáo và dân vận tháng 12/2025 và tháng 01/2026"), WordLayout(), ()
        for item in [t for s in data["sections"] for t in s["tasks"]]:
            item["deadline"] = "Trước ngày 10/01/2026"
    else:
        data, layout, edits, _ = CASES[name]
    source = tmp_path / "ctr.docx"
    source.write_bytes(build(data, layout, edits))
    content = tmp_path / "content"
    assert main(["import", str(source), "--content", str(content)]) == 0
    (target,) = (content / "programmes").glob("*.yaml")
    first = target.read_text(encoding="utf-8")
    exported = tmp_path / "export.docx"
    assert main(["export", target.stem, "--docx", str(exported), "--content", str(content)]) == 0
    header_row = [c.text for c in office.docx.Document(str(exported)).tables[1].rows[0].cells]
    assert ("Thời gian bắt đầu" in header_row) is (name == "start-and-end-columns")
    again = tmp_path / "again.yaml"
    assert main(["import", str(exported), "-o", str(again)]) == 0
    assert again.read_text(encoding="utf-8") == first
