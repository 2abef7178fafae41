"""Word programmes as other months, offices and years lay them out: each imports whole, or says what it could not place.

Table-driven: each case is a programme (its expected data) and a layout the document is written in
(:mod:`word_layouts`, python-docx); the import must give the expected data file exactly, with no
unplaced row. Each case also makes the round trip import → ``portal export --docx`` → import.
"""
from __future__ import annotations

import copy

import pytest
from word_layouts import WordLayout, build

from portal.cli import main
from portal.content.datafile import dump_programme
from portal.content.importers.docx import import_docx
from portal.content.loader import load_programme


def task(number, text, lead, coordinators, deadline, status="", **extra):
    return {"number": number, "text": text, "lead": lead, "coordinators": coordinators, "deadline": deadline,
            "status": status, **extra}


# A programme of the merged office (2025 on), grouped A/B, sections restarting at I in each group,
# sub-numbered tasks (1.1, 1.2 under a parent without its own lead) and lettered items (a), b)).
JUNE_2024 = {
    "month": "2024-06",
    "header": {"parent_body": "TỈNH ỦY ĐỒNG NAI", "issuing_body": "BAN TUYÊN GIÁO VÀ DÂN VẬN", "number": "131",
               "symbol": "CTr/BTGDVTU", "motto": "ĐẢNG CỘNG SẢN VIỆT NAM", "place": "Biên Hòa",
               "date": "ngày 31 tháng 5 năm 2024", "title": "CHƯƠNG TRÌNH",
               "subtitle": "Công tác tuyên giáo và dân vận tháng 6 năm 2024"},
    "groups": [
        {"letter": "A", "title": "CÔNG TÁC TUYÊN GIÁO", "sections": [
            {"numeral": "I", "title": "Công tác tuyên truyền", "tasks": [
                task("1", "Tuyên truyền kỷ niệm 99 năm Ngày Báo chí cách mạng Việt Nam (21/6/1925 - 21/6/2024).",
                     "Phòng TT-TT", ["Các cơ quan báo chí của tỉnh"], "Trước ngày 21/6/2024", "Đang thực hiện"),
                task("2", "Hướng dẫn tuyên truyền kết quả Hội nghị Trung ương lần thứ chín khóa XIII.",
                     "Phòng TT-TT", [], "Trong tháng 6/2024"),
                task("3", "Tổ chức hội nghị báo cáo viên tháng 6/2024.", "Phòng TT-TT",
                     ["Ban Tuyên giáo các huyện ủy, thành ủy.", "Trung tâm chính trị các huyện, thành phố."],
                     "Ngày 14/6/2024", "Chưa thực hiện"),
            ]},
            {"numeral": "II", "title": "Công tác lý luận chính trị - lịch sử Đảng", "tasks": [
                task("1", "Biên soạn lịch sử Đảng bộ tỉnh giai đoạn 2000 - 2020.", "", [], ""),
                task("1.1", "Hoàn thành bản thảo chương thứ nhất.", "Phòng LLCT-LSĐ", [], "30/6/2024", "Đang thực hiện"),
                task("1.2", "Tổ chức hội thảo góp ý bản thảo.", "Phòng LLCT-LSĐ", ["Hội Cựu chiến binh tỉnh"],
                     "Ngày 25/6/2024"),
                task("2", "Kiểm tra việc học tập, quán triệt nghị quyết tại các chi bộ.", "Phòng LLCT-LSĐ", [],
                     "Trong tháng 6/2024"),
            ]},
        ]},
        {"letter": "B", "title": "CÔNG TÁC DÂN VẬN", "sections": [
            {"numeral": "I", "title": "Công tác dân vận của hệ thống chính trị", "tasks": [
                task("1", "Tham mưu sơ kết 6 tháng thực hiện Quy chế dân chủ ở cơ sở.", "Phòng DV", [],
                     "Trước ngày 28/6/2024", "Đang thực hiện"),
                task("1a", "Xây dựng báo cáo của Ban Chỉ đạo tỉnh.", "Phòng DV", [], "Ngày 20/6/2024"),
                task("1b", "Chuẩn bị hội nghị sơ kết.", "Phòng DV", ["Mặt trận Tổ quốc tỉnh"], "Ngày 27/6/2024"),
            ]},
            {"numeral": "II", "title": "Công tác tôn giáo, dân tộc", "tasks": [
                task("1", "Nắm tình hình các cơ sở tôn giáo trước mùa lễ.", "Phòng DV", ["Công an tỉnh"],
                     "Trong tháng 6/2024", "Thường xuyên"),
            ]},
        ]},
    ],
    "closing": "Trên đây là Chương trình công tác tháng 6 năm 2024 của Ban Tuyên giáo và Dân vận Tỉnh ủy./.",
    "recipients": ["Thường trực Tỉnh ủy (b/c),", "Lãnh đạo Ban,", "Lưu VT."],
    "drafter": "Lan-THK",
    "signature": {"titles": ["K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"], "name": "Trần Văn Bình"},
}

# An ungrouped programme of the former office: sections I–III, numbering restarting per section.
DECEMBER_2024 = {
    "month": "2024-12",
    "header": {"parent_body": "TỈNH ỦY ĐỒNG NAI", "issuing_body": "BAN TUYÊN GIÁO", "number": "",
               "symbol": "CTr/BTGTU", "motto": "ĐẢNG CỘNG SẢN VIỆT NAM", "place": "Đồng Nai",
               "date": "ngày 29 tháng 11 năm 2024", "title": "CHƯƠNG TRÌNH",
               "subtitle": "Công tác Tuyên giáo tháng 12/2024"},
    "sections": [
        {"numeral": "I", "title": "Tổng hợp, Khoa giáo, Văn hóa, Văn nghệ", "tasks": [
            task("1", "Báo cáo công tác tuyên giáo năm 2024 và phương hướng năm 2025.", "Phòng HC-TH",
                 ["Các phòng thuộc Ban"], "20/12/2024", "Đang thực hiện"),
            task("2", "Chương trình công tác tuyên giáo tháng 01/2025.", "Phòng HC-TH", ["Các phòng thuộc Ban"],
                 "27/12/2024", "Đang thực hiện"),
            task("2a", "Tổng hợp đề xuất của các phòng.", "Phòng HC-TH", [], "23/12/2024", "Chưa thực hiện"),
        ]},
        {"numeral": "II", "title": "Lý luận Chính trị - Lịch sử Đảng", "tasks": [
            task("1", "Hướng dẫn nghiên cứu, học tập chuyên đề năm 2025.", "Phòng LLCT-LSĐ", [],
                 "Trong tháng 12/2024", "Đang thực hiện"),
            task("2", "Tổng kết công tác lịch sử Đảng năm 2024.", "Phòng LLCT-LSĐ", ["Ban TG các huyện ủy"],
                 "Trong tháng 12/2024", "Đang thực hiện"),
        ]},
        {"numeral": "III", "title": "Thông tin - Tuyên truyền", "tasks": [
            task("1", "Tuyên truyền kỷ niệm 80 năm Ngày thành lập Quân đội nhân dân Việt Nam.", "Phòng TT-TT",
                 ["Bộ Chỉ huy Quân sự tỉnh", "Các cơ quan báo chí"], "Trước 22/12/2024", "Đang thực hiện"),
            task("2", "Hội nghị báo cáo viên cuối năm.", "Phòng TT-TT", [], "Ngày 18/12/2024", "Đang thực hiện"),
        ]},
    ],
    "closing": "Trên đây là Chương trình công tác Tuyên giáo tháng 12/2024./.",
    "recipients": ["Các đồng chí Lãnh đạo Ban,", "Lưu Phòng HC-TH."],
    "drafter": "Hà-TH",
    "signature": {"titles": ["TRƯỞNG BAN"], "name": "Lê Thị Mai"},
}


def _runs_on(data: dict) -> dict:
    """The same programme numbered straight through, section after section (1…n)."""
    data = copy.deepcopy(data)
    counter = 0
    for section in data["sections"]:
        for item in section["tasks"]:
            if item["number"].isdigit():
                counter += 1
                parent, item["number"] = item["number"], str(counter)
            else:
                item["number"] = str(counter) + item["number"][len(parent):]
    return data


def _without(data: dict, *keys: str) -> dict:
    data = copy.deepcopy(data)
    for section in [s for g in data.get("groups", [{"sections": data.get("sections", [])}]) for s in g["sections"]]:
        for item in section["tasks"]:
            for key in keys:
                item[key] = [] if key == "coordinators" else ""
    return data


OTHER_HEADERS = {"number": "TT", "text": "Nội dung", "lead": "Đơn vị chủ trì", "coordinators": "Đơn vị phối hợp",
                 "deadline": "Thời gian thực hiện", "status": "Kết quả"}

CASES = {
    "groups in one table": (JUNE_2024, WordLayout()),
    "groups, section per table, header typed again": (JUNE_2024, WordLayout(split="typed-header")),
    "groups, section per table, header repeated (w:tblHeader)": (JUNE_2024, WordLayout(split="repeated-header")),
    "groups, section per table, no header on the later tables": (JUNE_2024, WordLayout(split="no-header")),
    "groups, headings as paragraphs between tables": (JUNE_2024, WordLayout(split="heading-paragraphs")),
    "title on one line with the month": (JUNE_2024, WordLayout(title_one_line=True)),
    "hyperlink inside task texts": (JUNE_2024, WordLayout(hyperlink="tuyên truyền")),
    "every cell in a content control": (JUNE_2024, WordLayout(content_controls=True)),
    "tracked changes left on": (JUNE_2024, WordLayout(tracked=True)),
    "coordinators as a bullet list": (JUNE_2024, WordLayout(bullets=True)),
    "lead and deadline merged down the section": (JUNE_2024, WordLayout(merge_down=("lead", "deadline"))),
    "legacy .VnTime font (TCVN3)": (JUNE_2024, WordLayout(legacy_font=True)),
    "signature as two text columns (LibreOffice)": (JUNE_2024, WordLayout(libreoffice_footer=True)),
    "other office's header words": (JUNE_2024, WordLayout(headers=OTHER_HEADERS)),
    "automatic numbering, restarting per section": (DECEMBER_2024, WordLayout(auto_numbering=True)),
    "automatic numbering over tables split per section": (DECEMBER_2024, WordLayout(auto_numbering=True, split="typed-header")),
    "automatic numbering running on": (_runs_on(DECEMBER_2024), WordLayout(auto_numbering=True, numbering_runs_on=True)),
    "typed numbers running on, tables without header": (_runs_on(DECEMBER_2024), WordLayout(split="no-header")),
    "preamble row in the table": ({**DECEMBER_2024, "preamble": "Tham mưu, đề xuất trên các lĩnh vực:"}, WordLayout()),
    "introduction paragraph above the table": ({**DECEMBER_2024, "preamble": (
        "Căn cứ Chương trình công tác năm 2024 của Ban Thường vụ Tỉnh ủy, Ban Tuyên giáo Tỉnh ủy xây dựng "
        "Chương trình công tác tháng 12/2024 như sau:")}, WordLayout(preamble_paragraph=True)),
    "draft number left blank, columns in another order": (DECEMBER_2024, WordLayout(
        columns=["number", "text", "deadline", "lead", "coordinators", "status"])),
    "no status and no coordinators column": (_without(DECEMBER_2024, "status", "coordinators"), WordLayout(
        columns=["number", "text", "lead", "deadline"],
        headers={"number": "STT", "text": "Nội dung nhiệm vụ", "lead": "Bộ phận thực hiện", "deadline": "Thời gian"})),
}


@pytest.mark.parametrize("data, layout", CASES.values(), ids=CASES.keys())
def test_layout_imports_whole(tmp_path, data, layout):
    path = tmp_path / "ctr.docx"
    path.write_bytes(build(data, layout))
    result = import_docx(path)
    assert [str(p) for p in result.problems] == []
    assert "unplaced" not in result.data
    assert dump_programme(result.data) == dump_programme(copy.deepcopy(data))


@pytest.mark.parametrize("data, layout", CASES.values(), ids=CASES.keys())
def test_layout_round_trips_through_the_export(tmp_path, data, layout):
    source = tmp_path / "ctr.docx"
    source.write_bytes(build(data, layout))
    content = tmp_path / "content"
    assert main(["import", str(source), "--content", str(content)]) == 0
    target = content / "programmes" / f"{data['month']}.yaml"
    first = target.read_text(encoding="utf-8")
    exported = tmp_path / "export.docx"
    assert main(["export", data["month"], "--docx", str(exported), "--content", str(content)]) == 0
    again = tmp_path / "again.yaml"
    assert main(["import", str(exported), "-o", str(again)]) == 0
    assert again.read_text(encoding="utf-8") == first
    load_programme(target, tmp_path)  # and the file loads as the site loads it


def test_tracked_changes_are_said_to_be_accepted(tmp_path, capsys):
    path = tmp_path / "ctr.docx"
    path.write_bytes(build(JUNE_2024, WordLayout(tracked=True)))
    assert main(["import", str(path), "-o", str(tmp_path / "out.yaml")]) == 0
    err = capsys.readouterr().err
    assert "thay đổi được theo dõi" in err and "chấp nhận" in err
    written = (tmp_path / "out.yaml").read_text(encoding="utf-8")
    assert "bản cũ" not in written and "Nhiệm vụ đã xóa" not in written
    assert "Nắm tình hình" in written


def test_counts_per_section_are_printed(tmp_path, capsys):
    path = tmp_path / "ctr.docx"
    path.write_bytes(build(DECEMBER_2024, WordLayout(auto_numbering=True)))
    assert main(["import", str(path), "-o", str(tmp_path / "out.yaml")]) == 0
    assert "7 nhiệm vụ (I: 3 nhiệm vụ, II: 2, III: 2)" in capsys.readouterr().err


def test_grouped_counts_name_the_groups(tmp_path, capsys):
    path = tmp_path / "ctr.docx"
    path.write_bytes(build(JUNE_2024))
    assert main(["import", str(path), "-o", str(tmp_path / "out.yaml")]) == 0
    assert "(A. I: 3 nhiệm vụ, II: 4; B. I: 3 nhiệm vụ, II: 1)" in capsys.readouterr().err


def test_unknown_column_is_reported_once_by_name_and_kept_in_notes(tmp_path):
    layout = WordLayout(extra={"leader": ("Lãnh đạo phụ trách", {"I.1": "Đ/c Phó Trưởng ban", "I.2": "Đ/c Trưởng ban"})},
                        split="typed-header")
    path = tmp_path / "ctr.docx"
    path.write_bytes(build(DECEMBER_2024, layout))
    result = import_docx(path)
    messages = [p.message for p in result.problems]
    assert len(messages) == 1 and "«Lãnh đạo phụ trách»" in messages[0] and "bảng 2, cột 7" in messages[0]
    notes = {t["number"]: t.get("note") for t in result.data["sections"][0]["tasks"]}
    assert notes == {"1": "Lãnh đạo phụ trách: Đ/c Phó Trưởng ban", "2": "Lãnh đạo phụ trách: Đ/c Trưởng ban", "2a": None}


def test_note_column_and_result_header(tmp_path):
    layout = WordLayout(columns=["number", "text", "lead", "coordinators", "deadline", "status", "note"],
                        headers={**OTHER_HEADERS, "note": "Ghi chú"}, notes={"III.2": "Lùi lịch nếu có chỉ đạo mới"})
    path = tmp_path / "ctr.docx"
    path.write_bytes(build(DECEMBER_2024, layout))
    result = import_docx(path)
    assert result.problems == []
    assert result.data["sections"][2]["tasks"][1]["note"] == "Lùi lịch nếu có chỉ đạo mới"


def _combinations():
    """Layout features combined (every 13th combination of split × numbering × merges × controls ×
    tracked changes × bullets × hyperlinks over three programmes), so features meet in one document."""
    import itertools

    programmes = [("December", DECEMBER_2024, False), ("June, grouped", JUNE_2024, False),
                  ("December running on", _runs_on(DECEMBER_2024), True)]
    out = []
    for (name, data, runs_on), split, auto, merge, controls, tracked, bullets, link in itertools.product(
            programmes, ["one", "typed-header", "repeated-header", "no-header", "heading-paragraphs"], [False, True],
            [(), ("lead", "deadline", "status")], [False, True], [False, True], [False, True], ["", "Tổ chức"]):
        if auto and (name.startswith("June") or split == "heading-paragraphs"):
            continue  # Word's one list would number June's second group III, IV: another document
        if runs_on and not auto and split != "no-header":
            continue
        layout = WordLayout(split=split, auto_numbering=auto, numbering_runs_on=runs_on, merge_down=merge,
                            content_controls=controls, tracked=tracked, bullets=bullets, hyperlink=link)
        label = f"{name}, {split}{', auto' if auto else ''}{', merged' if merge else ''}{', controls' if controls else ''}" \
                f"{', tracked' if tracked else ''}{', bullets' if bullets else ''}{', link' if link else ''}"
        out.append(pytest.param(data, layout, id=label))
    return out[::13]


@pytest.mark.parametrize("data, layout", _combinations())
def test_combined_layouts_import_whole(tmp_path, data, layout):
    path = tmp_path / "ctr.docx"
    path.write_bytes(build(data, layout))
    result = import_docx(path)
    assert [str(p) for p in result.problems] == []
    assert dump_programme(result.data) == dump_programme(copy.deepcopy(data))
