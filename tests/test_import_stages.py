"""Each stage of the importer on its own, with tables of inputs: read, locate, columns, place, confirm, report.

The pipeline is read (WordprocessingML → blocks as printed) → locate (header, task table, closing, what
is set aside) → columns (per header row, then confirmed by content) → place (rows → groups, sections,
tasks) → confirm (every field by its content, every printed text once) → report. The text export enters
at «locate».
"""
from __future__ import annotations

import pytest

from portal.cli import main
from portal.content.importers.columns import find_columns, resolve_by_content
from portal.content.importers.confirm import confirm_fields
from portal.content.importers.kinds import reads_as, verdict
from portal.content.importers.locate import document_kind
from portal.content.importers.months import months_covered
from portal.content.importers.place import SourceRow, rejoin_wrapped_lines
from portal.content.importers.report import import_report
from portal.content.importers.result import ImportResult
from portal.content.importers.text import import_text
from portal.content.importers.wordxml import join_wrapped, printed_text, symbol_char, wraps_into

# -- read: only what Word prints -------------------------------------------------------------------------


@pytest.mark.parametrize("font, code, expected", [
    ("Symbol", 0xF0AE, "→"), ("Symbol", 0xF0AC, "←"), ("Symbol", 0xF0DE, "⇒"), ("Symbol", 0xF0B7, "•"),
    ("Symbol", 0xF0B3, "≥"), ("Symbol", 0xF0B4, "×"), ("Symbol", 0xAE, "→"),
    ("Wingdings", 0xF0FC, "✓"), ("Wingdings", 0xF0FB, "✗"), ("Wingdings", 0xF0FE, "☑"), ("Wingdings", 0xF0D8, "➢"),
    ("Wingdings", 0xF0A7, "▪"), ("Wingdings", 0xF06C, "●"), ("Wingdings", 0xF0E8, "➔"), ("Wingdings", 0xF076, "❖"),
    # positions with no Unicode here, and fonts whose positions differ: named, never a private-use box
    ("Wingdings 2", 0xF050, "[ký hiệu Wingdings 2 F050]"), ("Webdings", 0xF034, "[ký hiệu Webdings F034]"),
    ("Symbol", 0xF0F0, "[ký hiệu Symbol F0F0]"),
])
def test_symbol_characters_are_mapped_or_named(font, code, expected):
    assert symbol_char(font, code)[0] == expected


@pytest.mark.parametrize("raw, printed", [
    ("2\u200b", "2"), ("\ufeffPhòng TT-TT", "Phòng TT-TT"), ("Phòng\u00a0TT-TT\u00a0", "Phòng TT-TT "),
    ("Ban\u202fDân vận", "Ban Dân vận"), ("a\u200db\u200cc\u2060d", "abcd"), ("Ho\u0300a", "Hòa"),
    ("Ch\u00ad¬ng", "Ch\u00ad¬ng"),  # TCVN3's «ư» is a soft hyphen: left for the legacy check
])
def test_printed_text_normalises_what_a_web_paste_brings(raw, printed):
    assert printed_text(raw) == printed


@pytest.mark.parametrize("line, following, wraps", [
    ("Sở Văn hóa, Thể", "thao và Du lịch", True),
    ("Hướng dẫn tuyên truyền kỷ niệm ngày", "thành lập Hội", True),
    ("Trước ngày", "05/11/2023", False),  # a digit is no lower-case letter
    ("Tuyên truyền về kết quả hội nghị.", "triển khai tiếp", False),  # a sentence ended
    ("Các nội dung sau:", "a) Hội nghị", False), ("Gồm", "- các phòng", False),  # list items
    ("Đoạn một <i>in nghiêng", "qua hai đoạn</i>.", True), ("Phối hợp với", "Sở Nội vụ", False),
])
def test_a_line_wrapped_mid_phrase(line, following, wraps):
    assert wraps_into(line, following) is wraps


@pytest.mark.parametrize("cell, units, joined", [
    ("Sở Văn hóa, Thể\nthao và Du lịch", False, "Sở Văn hóa, Thể thao và Du lịch"),
    ("Trung tâm chính trị các huyện,\nthành phố", True, "Trung tâm chính trị các huyện, thành phố"),
    ("Trung tâm chính trị các huyện,\nthành phố", False, "Trung tâm chính trị các huyện,\nthành phố"),
    ("- Công an tỉnh.\n- Sở Nội vụ", True, "- Công an tỉnh.\n- Sở Nội vụ"),
    ("Ban Tuyên giáo các\ncấp ủy trực\nthuộc", True, "Ban Tuyên giáo các cấp ủy trực thuộc"),
])
def test_join_wrapped_lines_of_a_cell(cell, units, joined):
    assert join_wrapped(cell, units=units) == joined


def _rows(cells_by_row: list[list[str]], columns: dict) -> list[SourceRow]:
    return [SourceRow(number, cells, columns) for number, cells in enumerate(cells_by_row, start=1)]


def test_text_columns_are_joined_only_when_the_document_reads_as_converted_from_pdf():
    columns = {"number": 0, "text": 1, "lead": 2}
    typed = _rows([["1", "Đoạn một in nghiêng\nqua hai đoạn.", "Phòng TT-TT"]], columns)
    assert not rejoin_wrapped_lines(typed) and typed[0].cells[1] == "Đoạn một in nghiêng\nqua hai đoạn."
    converted = _rows([[str(i), "Tuyên truyền kỷ niệm ngày thành\nlập Hội Liên hiệp và các ngày lễ\nlớn trong tháng.",
                        "Phòng Thông tin -\ntuyên truyền"] for i in range(1, 4)], columns)
    assert rejoin_wrapped_lines(converted)
    assert converted[0].cells[1] == "Tuyên truyền kỷ niệm ngày thành lập Hội Liên hiệp và các ngày lễ lớn trong tháng."


# -- locate: the kind of document ------------------------------------------------------------------------

@pytest.mark.parametrize("lines, kind", [
    (["BAN TUYÊN GIÁO", "Số: 12-CTr/BTGTU", "CHƯƠNG TRÌNH", "Công tác tuyên giáo tháng 6 năm 2024"], None),
    (["CHƯƠNG TRÌNH CÔNG TÁC THÁNG 6 NĂM 2024"], None),
    (["KẾ HOẠCH", "Công tác dân vận tháng 11/2025"], None),
    (["CHƯƠNG TRÌNH", "Công tác tuyên giáo tháng 01 và tháng 02 năm 2026"], None),
    (["CHƯƠNG TRÌNH", "Công tác tháng ... năm 2025"], None),  # a form: decided by its tasks, later
    (["BÁO CÁO", "Kết quả công tác tuyên giáo tháng 5 năm 2024"], "báo cáo"),
    (["Số: 45-BC/BTGTU", "Kết quả thực hiện nhiệm vụ tháng 5"], "báo cáo"),
    (["LỊCH CÔNG TÁC TUẦN", "(Từ ngày 06/10 đến ngày 10/10/2025)"], "lịch công tác"),
    (["CHƯƠNG TRÌNH", "Công tác tuần 41 năm 2025"], "tuần"),
    (["CHƯƠNG TRÌNH", "Công tác tuyên giáo quý IV năm 2025"], "quý"),
    (["KẾ HOẠCH", "Công tác tuyên giáo quý 3/2025"], "quý"),
    (["CHƯƠNG TRÌNH", "Công tác tuyên giáo năm 2026"], "cả năm"),
    (["THÔNG BÁO", "Kết luận của Thường trực Ban"], "thông báo"),
    (["QUYẾT ĐỊNH", "Về việc thành lập tổ công tác"], "một quyết định (QUYẾT ĐỊNH)"),
    (["Số: 08-TB/BTGTU", "Kết luận của Thường trực Ban"], "một thông báo (THÔNG BÁO), theo ký hiệu …-TB/…"),
    (["THÔNG BÁO KẾT LUẬN", "của đồng chí Trưởng Ban"], "một thông báo kết luận"),
])
def test_document_kind_from_the_title(lines, kind):
    found = document_kind(lines)
    assert (found is None) if kind is None else (kind in found)


@pytest.mark.parametrize("subject, months", [
    ("Công tác tuyên giáo tháng 01 và tháng 02/2026", ["2026-01", "2026-02"]),
    ("Công tác tháng 01 và 02 năm 2026", ["2026-01", "2026-02"]),
    ("Công tác tháng 01, 02/2026", ["2026-01", "2026-02"]),
    ("Công tác tháng 12/2025 và tháng 01/2026", ["2025-12", "2026-01"]),
    ("Công tác tháng 12 và tháng 01 năm 2026", ["2025-12", "2026-01"]),
    ("Công tác tháng 6 năm 2024", []), ("Công tác tháng 01 và tháng 03/2026", []),  # not two months in a row
])
def test_months_a_subject_covers(subject, months):
    assert months_covered(subject) == months


# -- columns: the header decides, the content confirms -----------------------------------------------------

@pytest.mark.parametrize("cells, expected", [
    (["Stt", "Nội dung", "Thời gian bắt đầu", "Thời gian hoàn thành"], {"number": 0, "text": 1, "start": 2, "deadline": 3}),
    (["Stt", "Nội dung", "Ngày bắt đầu", "Ngày kết thúc", "Đơn vị chủ trì"],
     {"number": 0, "text": 1, "start": 2, "deadline": 3, "lead": 4}),
    (["TT", "Nội dung công việc", "Từ ngày", "Đến ngày"], {"number": 0, "text": 1, "start": 2, "deadline": 3}),
    # header cells wrapped on two lines (a document converted from PDF)
    (["Stt", "Nội dung công\nviệc", "Phòng chủ\ntrì", "Đơn vị phối\nhợp", "Thời gian hoàn\nthành"],
     {"number": 0, "text": 1, "lead": 2, "coordinators": 3, "deadline": 4}),
])
def test_start_and_end_columns(cells, expected):
    assert find_columns(cells) == expected


@pytest.mark.parametrize("cell, units", [
    ("- Sở Nội vụ.\n- Công an tỉnh", ["Sở Nội vụ.", "Công an tỉnh"]),
    ("➢ Sở Nội vụ\n➢ Công an tỉnh", ["Sở Nội vụ", "Công an tỉnh"]),
    ("• Báo Đồng Nai; ▪ Đài Phát thanh - Truyền hình", ["Báo Đồng Nai;", "Đài Phát thanh - Truyền hình"]),
    ("Đài Phát thanh - Truyền hình Đồng Nai", ["Đài Phát thanh - Truyền hình Đồng Nai"]),
])
def test_units_split_at_the_marks_lists_are_typed_with(cell, units):
    from portal.content.importers.place import split_units

    assert split_units(cell) == units


@pytest.mark.parametrize("texts, key, expected", [
    (["Trước ngày 10/10/2025", "Thường xuyên", "Theo kế hoạch", "Tuần 2", "Quý IV/2025", "Khi có chỉ đạo"], "deadline", "own"),
    (["Ban Dân vận các cấp ủy trực thuộc", "Sở Văn hóa, Thể thao và Du lịch", "Phòng TT-TT", "UBND tỉnh"], "deadline", "unit"),
    (["Đang thực hiện", "Chưa thực hiện"], "deadline", "status"),
    (["Phòng TT-TT", "LLCT-LSĐ", "Lãnh đạo Ban", "Các phòng thuộc Ban", "Đ/c Hùng", "Ban Chỉ đạo 35"], "lead", "own"),
    (["Ngày 15/10/2025", "Trong tháng 10/2025"], "lead", "time"),
    (["Đang thực hiện", "Hoàn thành", "Chưa thực hiện"], "status", "own"),
    (["Ngày 15/10/2025"], "status", "time"),
])
def test_what_a_cell_reads_as(texts, key, expected):
    assert {verdict(key, text) for text in texts} == {expected}, [reads_as(t) for t in texts]


_HEADER = {0: "Stt", 1: "Nội dung", 2: "Phòng chủ trì", 3: "Đơn vị phối hợp", 4: "Thời gian hoàn thành"}


def _table(rows: list[list[str]]) -> list[SourceRow]:
    columns = {"number": 0, "text": 1, "lead": 2, "coordinators": 3, "deadline": 4}
    return [SourceRow(n, cells, columns, headers=_HEADER) for n, cells in enumerate(rows, start=10)]


def test_two_columns_whose_header_misnames_them_are_swapped_by_content():
    rows = _table([["1", "Việc một", "Phòng TT-TT", "Ngày 05/10/2025", "Sở Nội vụ"],
                   ["2", "Việc hai", "Phòng DV", "Trước ngày 20/10/2025", "Công an tỉnh"],
                   ["3", "Việc ba", "Phòng DV", "Thường xuyên", ""]])
    result = ImportResult("x")
    assert resolve_by_content(rows, result, lambda row: f"bảng 2, hàng {row.line}")
    assert rows[0].get("deadline") == "Ngày 05/10/2025" and rows[1].get("coordinators") == "Công an tỉnh"
    (warning,) = result.problems
    assert warning.severity == "warning" and "bảng 2: cột 4 «Đơn vị phối hợp» chứa thời gian" in warning.message
    assert "cột 5 «Thời gian hoàn thành» chứa tên đơn vị" in warning.message and "đổi chỗ" in warning.message


def test_a_column_read_as_another_field_with_no_partner_stops_naming_two_cells():
    rows = _table([["1", "Việc một", "Ngày 05/10/2025", "", "Thường xuyên"],
                   ["2", "Việc hai", "Ngày 12/10/2025", "", "Tuần 3"]])
    result = ImportResult("x")
    assert not resolve_by_content(rows, result, lambda row: f"bảng 3, hàng {row.line}")
    (error,) = result.errors
    assert "bảng 3, cột 3 «Phòng chủ trì»" in error.message and "thời gian" in error.message
    assert "«Ngày 05/10/2025», «Ngày 12/10/2025»" in error.message


def test_a_column_of_few_odd_cells_is_left_as_its_header_says():
    rows = _table([["1", "Việc một", "Phòng TT-TT", "Sở Nội vụ", "Ngày 05/10/2025"],
                   ["2", "Việc hai", "Phòng DV", "", "Ban Tổ chức Tỉnh ủy"],
                   ["3", "Việc ba", "Phòng DV", "", "Trước ngày 25/10/2025"]])
    result = ImportResult("x")
    assert resolve_by_content(rows, result, lambda row: "bảng 2") and result.problems == []


# -- confirm and report ----------------------------------------------------------------------------------

def _result_with(tasks: list[dict]) -> ImportResult:
    result = ImportResult("x.docx")
    result.data = {"month": "2025-10", "sections": [{"numeral": "I", "title": "Mục một", "tasks": tasks}]}
    for line, task in enumerate(tasks, start=5):
        result.task_lines[id(task)] = line
        result.places[line] = f"bảng 2, hàng {line}"
    return result


def _task(**values) -> dict:
    return {"number": "1", "text": "Việc", "lead": "Phòng TT-TT", "coordinators": [], "deadline": "Ngày 05/10/2025",
            "status": "", **values}


def test_confirm_counts_cells_read_as_their_field_and_reports_a_misplaced_one():
    result = _result_with([_task(), _task(number="2", coordinators=["Sở Nội vụ", "Công an tỉnh"], status="Đang thực hiện"),
                           _task(number="3", deadline="Ban Dân vận các cấp ủy trực thuộc")])
    confirm_fields(result)
    assert result.confirmed == {"lead": [3, 3], "coordinators": [2, 2], "deadline": [2, 3], "status": [1, 1]}
    assert result.misplaced_count == 1
    (problem,) = result.problems
    assert "bảng 2, hàng 7, cột «Thời gian hoàn thành»: ô chứa tên đơn vị" in problem.message


def test_the_report_gives_tasks_per_section_and_cells_confirmed_per_field():
    result = _result_with([_task(), _task(number="2")])
    confirm_fields(result)
    assert import_report(result, "ctr.docx") == [
        "Đã đọc ctr.docx: tháng 2025-10, 2 nhiệm vụ (I: 2 nhiệm vụ).",
        "  I. Mục một: 2 nhiệm vụ",
        "  Kiểm tra theo nội dung: Phòng chủ trì 2/2 ô là tên đơn vị; Thời gian hoàn thành 2/2 ô là thời gian."]


# -- the text route enters at «locate» ---------------------------------------------------------------------

TOP = ("BAN TUYÊN GIÁO\nSố: 12-CTr/BTGTU\nĐẢNG CỘNG SẢN VIỆT NAM\nĐồng Nai, ngày 28 tháng 9 năm 2025\n"
       "CHƯƠNG TRÌNH\nCông tác tuyên giáo tháng 10 năm 2025\n")
ROWS = [["Stt", "Nội dung công việc", "Phòng chủ trì", "Thời gian hoàn thành"],
        ["I", "Tuyên truyền", "", ""],
        ["1", "Hội nghị báo cáo viên", "Phòng TT-TT", "Ngày 15/10/2025"],
        ["2", "Tuyên truyền ngày lễ", "Phòng TT-TT", "Trước ngày 10/10/2025"]]
BOTTOM = "Nơi nhận:\n- Lưu VT.\n**TRƯỞNG BAN**\n**Nguyễn Văn A**\n"


@pytest.mark.parametrize("separator", [" | ", "|"])
def test_text_export_with_cells_between_bars_is_read(separator):
    table = "\n".join(separator.join(row) for row in ROWS)
    markdown = "\n".join(f"| {' | '.join(row)} |" for row in ROWS[:1]) + "\n|---|---|---|---|\n" + \
        "\n".join(f"| {' | '.join(row)} |" for row in ROWS[1:])
    for body in (table, markdown) if separator == " | " else (table,):
        result = import_text(TOP + body + "\n" + BOTTOM, "x.txt")
        if separator == "|":  # a bar with no spaces may be the text's own: not taken as a cell border
            assert result.errors and "Tab" in result.errors[0].message
            continue
        assert result.errors == [] and [t["deadline"] for t in result.data["sections"][0]["tasks"]] == [
            "Ngày 15/10/2025", "Trước ngày 10/10/2025"]
        assert any("« | »" in note for note in result.notes)


def test_text_export_with_cells_between_spaces_is_refused_saying_how_to_export():
    body = "\n".join("    ".join(row) for row in ROWS)
    result = import_text(TOP + body + "\n" + BOTTOM, "x.txt")
    (error,) = result.errors
    assert "nhiều dấu cách (dòng 7)" in error.message and "Plain Text" in error.message


def test_text_export_sets_an_appendix_aside_and_refuses_a_report():
    body = "\n".join("\t".join(row) for row in ROWS)
    appendix = "\nPHỤ LỤC\nDANH SÁCH CÁN BỘ ĐẦU MỐI\nStt\tHọ và tên\tChức vụ\tĐiện thoại\n1\tNguyễn Văn Nam\tTrưởng phòng\t0251 3822 111\n"
    result = import_text(TOP + body + "\n" + BOTTOM + appendix, "x.txt")
    assert result.errors == [] and result.unplaced_count == 0
    assert any("PHỤ LỤC" in note for note in result.notes)
    report = import_text(TOP.replace("CHƯƠNG TRÌNH", "BÁO CÁO") + body + "\n" + BOTTOM, "x.txt")
    (error,) = report.errors
    assert "một báo cáo (BÁO CÁO)" in error.message


def test_text_export_with_web_paste_characters_reads_clean():
    rows = [row[:] for row in ROWS]
    rows[2][0], rows[2][2] = "1\u200b", "\ufeffPhòng\u00a0TT-TT\u00a0"
    result = import_text(TOP + "\n".join("\t".join(r) for r in rows) + "\n" + BOTTOM, "x.txt")
    assert result.errors == [] and result.data["sections"][0]["tasks"][0]["lead"] == "Phòng TT-TT"


# -- refusals that name the real cause -------------------------------------------------------------------

def _cfb_with_streams(*names: str) -> bytes:
    """An OLE compound file's first sectors: the header, then a directory with ``names`` as entries."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16 + b"\x3e\x00\x03\x00\xfe\xff\x09\x00" + b"\0" * 480
    entries = b""
    for name in ("Root Entry", *names):
        encoded = name.encode("utf-16-le") + b"\0\0"
        entries += encoded.ljust(64, b"\0") + len(encoded).to_bytes(2, "little") + b"\x02" + b"\0" * 61
    return header + entries.ljust(512, b"\0")


@pytest.mark.parametrize("streams, said", [
    (("EncryptionInfo", "EncryptedPackage", "\x06DataSpaces"), "đặt mật khẩu"),
    (("WordDocument", "1Table", "\x05SummaryInformation"), "Word cũ (.doc"),
])
def test_encrypted_docx_is_not_called_an_old_doc(tmp_path, capsys, streams, said):
    path = tmp_path / "ctr.docx"
    path.write_bytes(_cfb_with_streams(*streams))
    assert main(["import", str(path)]) == 1
    err = capsys.readouterr().err
    assert said in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("value, meant", [("2025-9", "2025-09"), ("09/2025", ""), ("2025-13", ""), ("2025-00", ""),
                                         ("25-09", ""), ("tháng 9", "")])
def test_bad_month_option_says_the_form_to_write(tmp_path, capsys, value, meant):
    path = tmp_path / "ctr.txt"
    path.write_text(TOP + "\n".join("\t".join(r) for r in ROWS) + "\n" + BOTTOM, encoding="utf-8")
    assert main(["import", str(path), "--month", value, "--content", str(tmp_path / "content")]) == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert f"--month {value}" in line and "YYYY-MM" in line
    assert (f"Có phải --month {meant}?" in line) if meant else ("Có phải" not in line)
    assert not (tmp_path / "content").exists()


def test_ctrl_c_is_one_line_and_nothing_is_written(tmp_path, capsys, monkeypatch):
    import portal.cli.importing as importing

    path = tmp_path / "ctr.txt"
    path.write_text(TOP + "\n".join("\t".join(r) for r in ROWS) + "\n" + BOTTOM, encoding="utf-8")

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(importing, "write_atomically", interrupted)
    assert main(["import", str(path), "--content", str(tmp_path / "content")]) == 130
    (line,) = capsys.readouterr().err.strip().splitlines()[-1:]
    assert "Ctrl-C" in line and "chưa ghi" in line
    assert not list((tmp_path / "content").rglob("*.yaml"))
