"""What the import does with documents it must not take as they are: one Vietnamese line, a non-zero exit.

Files that are not Word programmes, damaged packages, two programmes in one file, rows it cannot
place, a month the deadlines contradict, an existing month replaced (``--force`` keeps the old
file), file modes; and the text export's legacy encodings.
"""
from __future__ import annotations

import copy
import io
import os
import stat
import zipfile

import docx
import pytest
from conftest import ROOT, SAMPLE_TEXT
from test_import_layouts import DECEMBER_2024, JUNE_2024
from word_layouts import WordLayout, build, to_tcvn3

from portal.cli import main
from portal.content.datafile import dump_programme
from portal.content.importers.months import month_from_text, set_month
from portal.content.importers.result import ImportResult
from portal.content.importers.text import import_text
from portal.text.legacy import TCVN3, VNI, detect, to_unicode


def _import(capsys, path, *extra):
    code = main(["import", str(path), *extra])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err


def _docx_bytes(data=DECEMBER_2024, layout=None):
    return build(data, layout)


def _zip(entries: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, content in entries.items():
            package.writestr(name, content)
    return buffer.getvalue()


def _with_part(data: bytes, name: str, change) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for info in source.infolist():
            content = source.read(info.filename)
            package.writestr(info, change(content) if info.filename == name else content)
    return buffer.getvalue()


def _bad_crc(data: bytes) -> bytes:
    raw = bytearray(data)
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo("word/document.xml")
    raw[info.header_offset + 30 + len(info.filename) + len(info.extra) + 50] ^= 0xFF
    return bytes(raw)


REFUSED = {
    "old binary .doc": ("ctr.doc", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, ["Word cũ (.doc", "Lưu thành",
                                                                                              "soffice --headless --convert-to docx"]),
    ".doc renamed .docx": ("ctr.docx", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, ["Word cũ (.doc"]),
    "PDF": ("ctr.pdf", lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", ["PDF", ".docx"]),
    "RTF": ("ctr.rtf", lambda: b"{\\rtf1\\ansi\\deff0 {\\fonttbl}", ["RTF", "Lưu thành"]),
    "Excel workbook": ("ctr.xlsx", lambda: _zip({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"}),
                       ["Excel (.xlsx)"]),
    "OpenDocument text": ("ctr.odt", lambda: _zip({"mimetype": "application/vnd.oasis.opendocument.text",
                                                   "content.xml": "<office:document-content/>"}), ["OpenDocument (.odt)"]),
    "zip that is not Word": ("ctr.docx", lambda: _zip({"readme.txt": "x"}), ["không phải văn bản Word"]),
    "truncated .docx": ("ctr.docx", lambda: _docx_bytes()[:3000], ["bị hỏng"]),
    "broken XML": ("ctr.docx", lambda: _with_part(_docx_bytes(), "word/document.xml", lambda c: c[: len(c) // 2]),
                   ["bị hỏng", "word/document.xml"]),
    "bad CRC": ("ctr.docx", lambda: _bad_crc(_docx_bytes()), ["bị hỏng"]),
    "Word's lock file": ("~$ctr.docx", lambda: b"\x0bChuyen vien" + b"\0" * 150, ["tệp khóa tạm của Word"]),
    "empty file": ("ctr.txt", lambda: b"", ["rỗng"]),
}


@pytest.mark.parametrize("name, content, expected", REFUSED.values(), ids=REFUSED.keys())
def test_files_that_are_not_word_programmes_get_one_line_and_exit_1(tmp_path, capsys, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content())
    code, out, err = _import(capsys, path, "--content", str(tmp_path / "content"))
    assert code == 1
    assert len(err.strip().splitlines()) == 1 and err.startswith("Lỗi: ")
    for words in expected:
        assert words in err
    assert not (tmp_path / "content").exists()


def test_document_with_two_programmes_is_refused(tmp_path, capsys):
    first = docx.Document(io.BytesIO(_docx_bytes()))
    second = docx.Document(io.BytesIO(_docx_bytes(JUNE_2024)))
    for element in list(second.element.body)[:-1]:  # all but sectPr
        first.element.body.insert(len(first.element.body) - 1, element)
    path = tmp_path / "hai.docx"
    first.save(path)
    code, _, err = _import(capsys, path, "--content", str(tmp_path / "content"))
    assert code == 1 and "hai chương trình" in err and "tách" in err


def test_document_without_task_table_is_refused(tmp_path, capsys):
    document = docx.Document()
    document.add_paragraph("Công văn về việc tổ chức hội nghị")
    document.save(tmp_path / "cv.docx")
    code, _, err = _import(capsys, tmp_path / "cv.docx")
    assert code == 1 and "không tìm thấy bảng nhiệm vụ" in err


def _with_stray_row(tmp_path):
    document = docx.Document(io.BytesIO(_docx_bytes()))
    table = document.tables[1]
    row = table.add_row()
    row.cells[1].text = "Việc phát sinh chưa đánh số"
    row.cells[2].text = "Phòng TT-TT"
    path = tmp_path / "ctr.docx"
    document.save(path)
    return path, len(table.rows)


def test_unplaced_row_stops_the_import_and_names_table_row_column(tmp_path, capsys):
    path, rows = _with_stray_row(tmp_path)
    content = tmp_path / "content"
    code, _, err = _import(capsys, path, "--content", str(content))
    assert code == 1
    assert f"bảng 2, hàng {rows} (cột 2 «Nội dung công việc»; cột 3 «Phòng chủ trì»)" in err
    assert "«Việc phát sinh chưa đánh số | Phòng TT-TT»" in err
    assert "--accept-unplaced" in err and not content.exists()
    code, _, err = _import(capsys, path, "--content", str(content), "--accept-unplaced")
    assert code == 0
    written = (content / "programmes" / "2024-12.yaml").read_text(encoding="utf-8")
    assert f"bảng 2, hàng {rows}: Việc phát sinh chưa đánh số" in written


def test_force_keeps_the_previous_file_and_says_where(tmp_path, capsys):
    content = tmp_path / "content"
    source = tmp_path / "ctr.docx"
    source.write_bytes(_docx_bytes())
    assert _import(capsys, source, "--content", str(content))[0] == 0
    target = content / "programmes" / "2024-12.yaml"
    before = target.read_bytes()
    changed = copy.deepcopy(DECEMBER_2024)
    changed["sections"][0]["tasks"][0]["deadline"] = "21/12/2024"
    source.write_bytes(_docx_bytes(changed))
    code, _, err = _import(capsys, source, "--content", str(content), "--force")
    assert code == 0
    kept = content / "programmes" / ".truoc" / "2024-12.yaml"
    assert kept.read_bytes() == before and str(kept) in err
    assert b"21/12/2024" in target.read_bytes()
    changed["sections"][0]["tasks"][0]["deadline"] = "22/12/2024"
    source.write_bytes(_docx_bytes(changed))
    assert _import(capsys, source, "--content", str(content), "--force")[0] == 0
    assert b"21/12/2024" in (content / "programmes" / ".truoc" / "2024-12.2.yaml").read_bytes()


def test_written_file_keeps_the_replaced_mode_else_the_umask(tmp_path, capsys):
    content = tmp_path / "content"
    source = tmp_path / "ctr.docx"
    source.write_bytes(_docx_bytes())
    old = os.umask(0o022)
    try:
        assert _import(capsys, source, "--content", str(content))[0] == 0
        target = content / "programmes" / "2024-12.yaml"
        assert stat.S_IMODE(target.stat().st_mode) == 0o644
        os.chmod(target, 0o664)
        changed = copy.deepcopy(DECEMBER_2024)
        changed["sections"][0]["tasks"][0]["status"] = "Đã hoàn thành"
        source.write_bytes(_docx_bytes(changed))
        assert _import(capsys, source, "--content", str(content), "--force")[0] == 0
        assert stat.S_IMODE(target.stat().st_mode) == 0o664
    finally:
        os.umask(old)


def test_unwritable_folder_is_one_line(tmp_path, capsys, monkeypatch):
    source = tmp_path / "ctr.docx"
    source.write_bytes(_docx_bytes())

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(tmp_path / "content" / "programmes"))

    monkeypatch.setattr("tempfile.mkstemp", refuse)
    code, _, err = _import(capsys, source, "--content", str(tmp_path / "content"))
    assert code == 1 and "không có quyền" in err and "programmes" in err


def test_copied_document_whose_subtitle_was_not_updated_stops_even_with_force(tmp_path, capsys):
    """December's tasks under November's subtitle: the deadlines say December."""
    copied = copy.deepcopy(DECEMBER_2024)
    copied["header"]["subtitle"] = "Công tác Tuyên giáo tháng 11/2024"
    copied["header"]["date"] = "ngày 30 tháng 10 năm 2024"
    source = tmp_path / "ctr.docx"
    source.write_bytes(_docx_bytes(copied))
    content = tmp_path / "content"
    code, _, err = _import(capsys, source, "--content", str(content), "--force")
    assert code == 1 and "tháng 11/2024" in err and "thuộc tháng 12/2024" in err
    assert not content.exists()


def test_month_option_contradicted_by_the_deadlines_stops(tmp_path, capsys):
    source = tmp_path / "ctr.docx"
    source.write_bytes(_docx_bytes())
    code, _, err = _import(capsys, source, "--content", str(tmp_path / "content"), "--month", "2025-01")
    assert code == 1 and "thuộc tháng 12/2024" in err


MONTHS = [
    ("Công tác Tuyên giáo tháng 11/2023", "2023-11"),
    ("công tác tháng 6 năm 2024", "2024-06"),
    ("CÔNG TÁC THÁNG 06 NĂM 2024", "2024-06"),
    ("Công tác tuyên giáo tháng Sáu năm 2024", "2024-06"),
    ("THÁNG MƯỜI HAI NĂM 2024", "2024-12"),
    ("tháng mười một/2023", "2023-11"),
    ("tháng 6-2024", "2024-06"),
    ("Chương trình công tác tháng 13/2024", None),
    ("Chương trình công tác năm 2024", None),
]


@pytest.mark.parametrize("text, expected", MONTHS)
def test_month_from_the_title_in_its_forms(text, expected):
    assert month_from_text(text) == expected


SET_MONTH = [
    # (title, subtitle, date, month, warning?)
    ("CHƯƠNG TRÌNH", "CÔNG TÁC THÁNG 6 NĂM 2024", "ngày 31 tháng 5 năm 2024", "2024-06", False),
    ("CHƯƠNG TRÌNH", "Công tác tháng 6/2024", "ngày 3 tháng 6 năm 2024", "2024-06", False),
    ("CHƯƠNG TRÌNH", "Công tác tháng 6/2024", "ngày 15 tháng 3 năm 2024", "2024-06", True),
    ("CHƯƠNG TRÌNH", "Công tác tuyên giáo tháng 1", "ngày 28 tháng 12 năm 2024", "2025-01", False),
    ("CHƯƠNG TRÌNH", "Công tác tuyên giáo", "ngày 28 tháng 12 năm 2024", "2024-12", True),
    ("CHƯƠNG TRÌNH", "Công tác tuyên giáo tháng 11/2023", "ngày [ng] tháng [th] năm 2023", "2023-11", False),
]


@pytest.mark.parametrize("title, subtitle, date, month, warned", SET_MONTH)
def test_month_comes_from_the_title_and_the_date_only_last(title, subtitle, date, month, warned):
    result = ImportResult(source="x")
    result.data = {"header": {"title": title, "subtitle": subtitle, "date": date}}
    set_month(result)
    assert result.data["month"] == month
    assert bool(result.problems) == warned


def test_filled_in_and_draft_header_numbers():
    from portal.content.importers.header import classify_header_lines

    for line, number, symbol in [("Số: 131-CTr/BTGTU", "131", "CTr/BTGTU"), ("Số 45-CTr/BTGDVTU", "45", "CTr/BTGDVTU"),
                                 ("Số [so]-CTr/BTGTU", "[so]", "CTr/BTGTU"), ("Số:      -CTr/BTGTU", "", "CTr/BTGTU"),
                                 ("Số: 07 - CTr/BTG&DV", "07", "CTr/BTG&DV")]:
        header = classify_header_lines([(1, "BAN TUYÊN GIÁO"), (2, line), (3, "CHƯƠNG TRÌNH"), (4, "tháng 6/2024")],
                                       ImportResult("x"))
        assert (header["number"], header["symbol"]) == (number, symbol), line


# -- the text export ----------------------------------------------------------------------------------

HEADER = "Stt\tNội dung công việc\tPhòng chủ trì\tĐơn vị phối hợp\tThời gian hoàn thành\tTiến độ công việc"
TOP = "BAN TUYÊN GIÁO\nSố 12-CTr/BTGTU\nĐẢNG CỘNG SẢN VIỆT NAM\nĐồng Nai, ngày 3 tháng 12 năm 2023\nCHƯƠNG TRÌNH\nCông tác Tuyên giáo tháng 12/2023\n\n"
BOTTOM = "\nTrên đây là chương trình.\n\nNơi nhận:\n- Lưu VT.\n\n**TRƯỞNG BAN**\n**Nguyễn Văn A**\n"


def test_text_export_of_a_split_table_imports_every_table():
    rows = ("I\tMục một\t\t\t\t\n1\tViệc một\tPhòng TT-TT\t\t30/12/2023\t\n\n"
            "II. Mục hai\n" + HEADER + "\n1\tViệc hai\tPhòng TT-TT\t\t31/12/2023\t\n"
            "\nB. NHÓM HAI\nI\tMục ba\t\t\t\t\n1\tViệc ba\tPhòng TT-TT\t\t31/12/2023\t\n")
    result = import_text(TOP + HEADER + "\n" + rows + BOTTOM, "x.txt")
    assert [str(p) for p in result.problems] == []
    groups = result.data["groups"]
    assert [(g["letter"], [(s["numeral"], [t["text"] for t in s["tasks"]]) for s in g["sections"]]) for g in groups] == [
        ("", [("I", ["Việc một"]), ("II", ["Việc hai"])]), ("B", [("I", ["Việc ba"])])]
    assert result.data["closing"] == "Trên đây là chương trình."


def test_text_export_of_word_list_numbers_drops_the_tab_after_the_number():
    rows = "I\tMục\t\t\t\t\n1.\t\tViệc một\tPhòng TT-TT\t\t30/12/2023\t\n2.\t\tViệc hai\tPhòng TT-TT\t\t30/12/2023\tXong\n"
    result = import_text(TOP + HEADER + "\n" + rows + BOTTOM, "x.txt")
    assert [(t["number"], t["text"], t["status"]) for t in result.data["sections"][0]["tasks"]] == [
        ("1", "Việc một", ""), ("2", "Việc hai", "Xong")]


def test_text_export_with_two_programmes_is_refused():
    one = TOP + HEADER + "\nI\tMục\t\t\t\t\n1\tViệc\tPhòng TT-TT\t\t30/12/2023\t\n" + BOTTOM
    result = import_text(one + "\n" + one, "x.txt")
    assert result.errors and "hai chương trình" in result.errors[0].message


def test_decomposed_unicode_is_normalised():
    import unicodedata

    result = import_text(SAMPLE_TEXT.read_text(encoding="utf-8"), "sample.txt")
    decomposed = import_text(unicodedata.normalize("NFD", SAMPLE_TEXT.read_text(encoding="utf-8")), "nfd.txt")
    assert decomposed.problems == [] and decomposed.data == result.data


LEGACY_WORDS = [
    (TCVN3, "B¸o c¸o", "Báo cáo"),
    (TCVN3, "Ch\u00ad¬ng tr×nh c«ng t¸c", "Chương trình công tác"),
    (TCVN3, "§¶ng bé tØnh §ång Nai", "Đảng bộ tỉnh Đồng Nai"),
    (TCVN3, "BAN TUY£N GI¸O TØNH ñY", "BAN TUYÊN GIÁO TỈNH ỦY"),
    (TCVN3, "Thêi gian hoµn thµnh", "Thời gian hoàn thành"),
    (TCVN3, "Phßng chñ tr×", "Phòng chủ trì"),
    (VNI, "Baùo caùo", "Báo cáo"),
    (VNI, "Chöông trình coâng taùc", "Chương trình công tác"),
    (VNI, "Ñaûng boä tænh Ñoàng Nai", "Đảng bộ tỉnh Đồng Nai"),
    (VNI, "Thôøi gian hoaøn thaønh", "Thời gian hoàn thành"),
    (VNI, "Nguyeãn Thò Hoàng Trang", "Nguyễn Thị Hồng Trang"),
    (VNI, "Vaên hoùa, vaên ngheä; ñaëc bieät", "Văn hóa, văn nghệ; đặc biệt"),
]


@pytest.mark.parametrize("encoding, legacy, unicode", LEGACY_WORDS)
def test_legacy_encodings_convert_word_by_word(encoding, legacy, unicode):
    assert to_unicode(legacy, encoding) == unicode


def test_legacy_fingerprints_are_recognised_and_unicode_is_left_alone():
    assert detect("B¸o c¸o kÕt qu¶ thùc hiÖn Ch\u00ad¬ng tr×nh c«ng t¸c th¸ng") == TCVN3
    assert detect("Baùo caùo keát quaû thöïc hieän chöông trình coâng taùc thaùng") == VNI
    assert detect(SAMPLE_TEXT.read_text(encoding="utf-8")) is None
    assert detect("Café © 2024, naïve") is None


def test_text_export_in_tcvn3_imports_as_unicode(tmp_path, capsys):
    text = TOP + HEADER + "\nI\tTổng hợp\t\t\t\t\n1\tBáo cáo công tác tuyên giáo năm 2023\tPhòng TT-TT\t\t30/12/2023\tĐang thực hiện\n" + BOTTOM
    path = tmp_path / "tcvn3.txt"
    path.write_bytes(to_tcvn3(text).encode("utf-8"))
    code, _, err = _import(capsys, path, "-o", str(tmp_path / "out.yaml"))
    assert code == 0 and "TCVN3" in err
    written = (tmp_path / "out.yaml").read_text(encoding="utf-8")
    assert "text: Báo cáo công tác tuyên giáo năm 2023" in written and "status: Đang thực hiện" in written
    assert "subtitle: Công tác Tuyên giáo tháng 12/2023" in written


def test_eight_bit_tcvn3_file_is_read_too(tmp_path, capsys):
    text = TOP + HEADER + "\nI\tMục một\t\t\t\t\n1\tBáo cáo tổng kết\tPhòng TT-TT\t\t30/12/2023\t\n" + BOTTOM
    path = tmp_path / "ansi.txt"
    path.write_bytes(to_tcvn3(text).encode("latin-1"))
    code, _, err = _import(capsys, path, "-o", str(tmp_path / "out.yaml"))
    assert code == 0, err
    assert "text: Báo cáo tổng kết" in (tmp_path / "out.yaml").read_text(encoding="utf-8")


def test_sample_text_export_still_gives_the_bundled_file(tmp_path, capsys):
    code, _, err = _import(capsys, SAMPLE_TEXT, "-o", str(tmp_path / "out.yaml"))
    assert code == 0 and "48 nhiệm vụ (I: 9 nhiệm vụ, II: 15, III: 24)" in err
    assert (tmp_path / "out.yaml").read_bytes() == (ROOT / "content" / "programmes" / "2023-11.yaml").read_bytes()


def to_vni(text: str) -> str:
    """Unicode → VNI by decomposing each letter (base, shape mark, tone), independent of the importer's table."""
    import unicodedata

    tones = {"\u0301": "ù", "\u0300": "ø", "\u0309": "û", "\u0303": "õ", "\u0323": "ï"}
    hat_tones = {"\u0301": "á", "\u0300": "à", "\u0309": "å", "\u0303": "ã", "\u0323": "ä"}
    breve_tones = {"\u0301": "é", "\u0300": "è", "\u0309": "ú", "\u0303": "ü", "\u0323": "ë"}
    i_tones = {"\u0301": "í", "\u0300": "ì", "\u0309": "æ", "\u0303": "ó", "\u0323": "ò"}
    out = []
    for ch in text:
        if ch in "đĐ":
            out.append("ñ" if ch == "đ" else "Ñ")
            continue
        parts = unicodedata.normalize("NFD", ch)
        base, marks = parts[0], parts[1:]
        if not marks or not base.isalpha():
            out.append(ch)
            continue
        upper = base.isupper()
        tone = next((m for m in marks if m in tones), None)
        shape = next((m for m in marks if m in "\u0302\u0306\u031b"), None)
        cap = (lambda s: s.upper()) if upper else (lambda s: s)
        if base in "iI":
            out.append(cap(i_tones[tone]) if tone else base)
        elif base in "yY" and tone == "\u0323":
            out.append(cap("î"))
        elif shape == "\u031b":
            out.append(cap({"o": "ô", "u": "ö"}[base.lower()]) + (cap(tones[tone]) if tone else ""))
        elif shape == "\u0302":
            out.append(base + (cap(hat_tones[tone]) if tone else cap("â")))
        elif shape == "\u0306":
            out.append(base + (cap(breve_tones[tone]) if tone else cap("ê")))
        else:
            out.append(base + cap(tones[tone]))
    return "".join(out)


def test_text_export_in_vni_imports_as_unicode(tmp_path, capsys):
    text = (TOP + HEADER + "\nI\tThông tin - Tuyên truyền\t\t\t\t\n1\tBáo cáo kết quả thực hiện công tác "
            "dư luận xã hội\tPhòng TT-TT\tBan Tuyên giáo các huyện ủy\t30/12/2023\tĐang thực hiện\n" + BOTTOM)
    path = tmp_path / "vni.txt"
    path.write_bytes(to_vni(text).encode("utf-8"))
    assert detect(to_vni(text)) == VNI
    code, _, err = _import(capsys, path, "-o", str(tmp_path / "out.yaml"))
    assert code == 0 and "VNI" in err
    written = (tmp_path / "out.yaml").read_text(encoding="utf-8")
    assert "text: Báo cáo kết quả thực hiện công tác dư luận xã hội" in written
    assert "- Ban Tuyên giáo các huyện ủy" in written and "name: Nguyễn Văn A" in written


def test_numbered_rows_outside_the_task_table_are_reported(tmp_path, capsys):
    document = docx.Document(io.BytesIO(_docx_bytes()))
    appendix = document.add_table(rows=1, cols=3)
    for cell, text in zip(appendix.rows[0].cells, ["1", "Việc trong phụ lục sau chữ ký", "Phòng TT-TT"]):
        cell.text = text
    path = tmp_path / "ctr.docx"
    document.save(path)
    code, _, err = _import(capsys, path, "-o", str(tmp_path / "out.yaml"))
    assert code == 1 and "nằm ngoài bảng nhiệm vụ" in err and "Việc trong phụ lục" in err


def test_numbers_inside_the_content_cell_and_no_stt_column():
    header = "Nội dung công việc\tĐơn vị chủ trì\tThời gian thực hiện"
    rows = "I. Mục một\n1. Việc một\tPhòng TT-TT\t30/12/2023\n2) Việc hai\tPhòng TT-TT\tTrong tháng 12/2023\n"
    result = import_text(TOP + header + "\n" + rows + BOTTOM, "x.txt")
    assert [str(p) for p in result.problems] == []
    assert [(t["number"], t["text"], t["deadline"]) for t in result.data["sections"][0]["tasks"]] == [
        ("1", "Việc một", "30/12/2023"), ("2", "Việc hai", "Trong tháng 12/2023")]


def test_signed_mark_of_a_published_copy_is_the_mark():
    text = TOP + HEADER + "\nI\tMục\t\t\t\t\n1\tViệc\tPhòng TT-TT\t\t30/12/2023\t\n" + \
        "\nNơi nhận:\n- Lưu VT.\n\n**TRƯỞNG BAN**\n(Đã ký)\n**Nguyễn Văn A**\n"
    result = import_text(text, "x.txt")
    assert result.problems == [] and result.data["signature"] == {
        "titles": ["TRƯỞNG BAN"], "mark": "(Đã ký)", "name": "Nguyễn Văn A"}


COLUMN_HEADERS = [
    (["Stt", "Nội dung công việc", "Phòng chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành", "Tiến độ công việc"],
     {"number": 0, "text": 1, "lead": 2, "coordinators": 3, "deadline": 4, "status": 5}),
    (["TT", "Nội dung", "Đơn vị chủ trì", "Thời gian thực hiện", "Kết quả", "Ghi chú"],
     {"number": 0, "text": 1, "lead": 2, "deadline": 3, "status": 4, "note": 5}),
    (["STT", "Nội dung nhiệm vụ", "Lãnh đạo phụ trách", "Phòng chủ trì", "Thời gian"],
     {"number": 0, "text": 1, "lead": 3, "deadline": 4}),
    (["Số TT", "Công việc", "Bộ phận thực hiện", "Tiến độ thực hiện", "Thời hạn"],
     {"number": 0, "text": 1, "lead": 2, "status": 3, "deadline": 4}),
    (["Thứ tự", "Nhiệm vụ", "Cơ quan chủ trì", "Đơn vị thực hiện", "Thời gian"],
     {"number": 0, "text": 1, "lead": 2, "coordinators": 3, "deadline": 4}),
]


@pytest.mark.parametrize("cells, expected", COLUMN_HEADERS)
def test_header_words_of_other_offices(cells, expected):
    from portal.content.importers.columns import find_columns, is_table_header

    assert find_columns(cells) == expected and is_table_header(cells)


ROW_FORMS = [
    # (rows under the header, expected [(numeral, number, text)])
    ("I)\tMục\t\t\t\t\n(1)\tViệc một\tPhòng TT-TT\t\t30/12/2023\t\n(2)\tViệc hai\tPhòng TT-TT\t\t30/12/2023\t\n",
     [("I", "1", "Việc một"), ("I", "2", "Việc hai")]),
    ("PHẦN I: MỤC MỘT\n01.\tViệc một\tPhòng TT-TT\t\t30/12/2023\t\n1.1.\tViệc con\tPhòng TT-TT\t\t30/12/2023\t\n",
     [("I", "1", "Việc một"), ("I", "1.1", "Việc con")]),
    ("II - Mục hai\t\t\t\t\t\n1. Việc gộp ô Stt và nội dung\t\tPhòng TT-TT\t\t30/12/2023\t\n",
     [("II", "1", "Việc gộp ô Stt và nội dung")]),
    ("I\tMục\t\t\t\t\n1\tViệc\tPhòng TT-TT\t\t30/12/2023\t\na)\tÝ thứ nhất\tPhòng TT-TT\t\t30/12/2023\t\n"
     "b)\tÝ thứ hai\tPhòng TT-TT\t\t30/12/2023\t\n",
     [("I", "1", "Việc"), ("I", "1a", "Ý thứ nhất"), ("I", "1b", "Ý thứ hai")]),
]


@pytest.mark.parametrize("rows, expected", ROW_FORMS)
def test_section_and_task_numbers_in_their_forms(rows, expected):
    result = import_text(TOP + HEADER + "\n" + rows + BOTTOM, "x.txt")
    assert [str(p) for p in result.problems] == []
    assert [(s["numeral"], t["number"], t["text"]) for s in result.data["sections"] for t in s["tasks"]] == expected


def test_empty_required_cell_is_named_in_the_document_not_in_the_data_file():
    rows = "I\tMục\t\t\t\t\n1\tViệc một\tPhòng TT-TT\t\t\t\n"
    result = import_text(TOP + HEADER + "\n" + rows + BOTTOM, "x.txt")
    (error,) = result.errors
    assert "dòng 10, cột 5 «Thời gian hoàn thành»: ô trống" in error.message and "I.1" in error.message


def test_a_table_without_deadline_column_is_one_error():
    header = "Stt\tNội dung công việc\tPhòng chủ trì\tĐơn vị phối hợp"
    rows = "I\tMục\t\t\n1\tViệc một\tPhòng TT-TT\t\n2\tViệc hai\tPhòng TT-TT\t\n"
    result = import_text(TOP + header + "\n" + rows + BOTTOM, "x.txt")
    (error,) = result.errors
    assert "không có cột «Thời gian hoàn thành»" in error.message and "2 nhiệm vụ" in error.message


def test_two_programmes_without_recipients_between_them_are_refused(tmp_path, capsys):
    first = docx.Document(io.BytesIO(_docx_bytes(layout=WordLayout(libreoffice_footer=True))))
    body = first.element.body
    # cut the first programme's tail: keep up to its task table, then append the whole second programme
    tables = body.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tbl")
    for element in list(body)[list(body).index(tables[1]) + 1:-1]:
        body.remove(element)
    second = docx.Document(io.BytesIO(_docx_bytes(JUNE_2024)))
    for element in list(second.element.body)[:-1]:
        body.insert(len(body) - 1, element)
    path = tmp_path / "hai.docx"
    first.save(path)
    code, _, err = _import(capsys, path, "-o", str(tmp_path / "out.yaml"))
    assert code == 1 and "hai chương trình" in err


def test_initials_run_into_the_signature_are_split():
    text = TOP + HEADER + "\nI\tMục\t\t\t\t\n1\tViệc\tPhòng TT-TT\t\t30/12/2023\t\n" + \
        "\nNơi nhận:\n- Lưu VT.\nDương-THK/T TRƯỞNG BAN\n**PHÓ TRƯỞNG BAN**\n\n**Nguyễn Thị Hồng Trang**\n"
    result = import_text(text, "x.txt")
    assert result.problems == []
    assert result.data["drafter"] == "Dương-TH"
    assert result.data["signature"] == {"titles": ["K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"], "name": "Nguyễn Thị Hồng Trang"}


def _two_row_header_document(path, parent: str, parts: list[str], rows: list[list[str]]):
    """A task table whose header spans two rows: ``parent`` over ``parts``, the other headers merged down."""
    document = docx.Document()
    document.add_paragraph("BAN TUYÊN GIÁO")
    document.add_paragraph("Số: 45-CTr/BTGTU")
    document.add_paragraph("Đồng Nai, ngày 28 tháng 5 năm 2024")
    document.add_paragraph("CHƯƠNG TRÌNH")
    document.add_paragraph("Công tác tuyên giáo tháng 6/2024")
    names = ["Stt", "Nội dung công việc", "Phòng chủ trì", parent, "", "Tiến độ"]
    if "phối hợp" in " ".join(parts).lower():
        names = ["Stt", "Nội dung công việc", parent, "", "Thời gian hoàn thành", "Tiến độ"]
    table = document.add_table(rows=2, cols=6)
    span_at = names.index(parent)
    for index, name in enumerate(names):
        if index == span_at + 1:
            continue
        table.cell(0, index).text = name
    table.cell(0, span_at).merge(table.cell(0, span_at + 1))
    table.cell(1, span_at).text, table.cell(1, span_at + 1).text = parts
    for index in range(6):
        if index not in (span_at, span_at + 1):
            table.cell(0, index).merge(table.cell(1, index))
    for cells in rows:
        row = table.add_row()
        for cell, text in zip(row.cells, cells):
            cell.text = text
    document.add_paragraph("Nơi nhận:")
    document.add_paragraph("- Lưu VT.")
    document.add_paragraph("TRƯỞNG BAN").runs[0].bold = True
    document.add_paragraph("Nguyễn Văn A").runs[0].bold = True
    document.save(path)


def test_two_row_header_with_start_and_end_dates(tmp_path):
    from portal.content.importers.docx import import_docx

    path = tmp_path / "ctr.docx"
    _two_row_header_document(path, "Thời gian thực hiện", ["Bắt đầu", "Kết thúc"], [
        ["I", "Tuyên truyền", "", "", "", ""],
        ["1", "Hội nghị báo cáo viên", "Phòng TT-TT", "03/6/2024", "05/6/2024", "Đang thực hiện"]])
    result = import_docx(path)
    assert [str(p) for p in result.problems] == []
    (task,) = result.data["sections"][0]["tasks"]
    # the end is the deadline; the start is kept in its own field
    assert (task["lead"], task["start"], task["deadline"], task["status"]) == (
        "Phòng TT-TT", "03/6/2024", "05/6/2024", "Đang thực hiện")


def test_two_row_header_with_lead_and_coordinators_under_one_heading(tmp_path):
    from portal.content.importers.docx import import_docx

    path = tmp_path / "ctr.docx"
    _two_row_header_document(path, "Đơn vị thực hiện", ["Chủ trì", "Phối hợp"], [
        ["I", "Tuyên truyền", "", "", "", ""],
        ["1", "Hội nghị báo cáo viên", "Phòng TT-TT", "Các huyện ủy", "05/6/2024", ""]])
    result = import_docx(path)
    assert [str(p) for p in result.problems] == []
    (task,) = result.data["sections"][0]["tasks"]
    assert (task["lead"], task["coordinators"], task["deadline"]) == ("Phòng TT-TT", ["Các huyện ủy"], "05/6/2024")


def test_impossible_date_is_named_by_its_row_in_the_document(tmp_path, capsys):
    wrong = copy.deepcopy(DECEMBER_2024)
    wrong["sections"][1]["tasks"][0]["deadline"] = "31/11/2024"
    source = tmp_path / "ctr.docx"
    source.write_bytes(_docx_bytes(wrong))
    code, _, err = _import(capsys, source, "-o", str(tmp_path / "out.yaml"))
    assert code == 1
    assert "bảng 2, hàng 7, cột «Thời gian hoàn thành»: Thời gian hoàn thành có ngày không tồn tại «31/11/2024»" in err
    assert "dòng" not in err


def test_header_and_signature_typed_in_two_columns_with_tabs(tmp_path):
    from portal.content.importers.docx import import_docx

    document = docx.Document(io.BytesIO(_docx_bytes()))
    body = document.element.body
    header_table, task_table, signature_table = document.tables
    lines = [("TỈNH ỦY ĐỒNG NAI\tĐẢNG CỘNG SẢN VIỆT NAM", False), ("BAN TUYÊN GIÁO", True),
             ("*\tĐồng Nai, ngày 29 tháng 11 năm 2024", False), ("Số:      -CTr/BTGTU", False)]
    for text, bold in lines:
        paragraph = document.add_paragraph()
        paragraph.add_run(text).bold = bold or None
        header_table._tbl.addprevious(paragraph._p)
    body.remove(header_table._tbl)
    tail = [("Nơi nhận:\tTRƯỞNG BAN", False), ("- Các đồng chí Lãnh đạo Ban,", False), ("- Lưu Phòng HC-TH.", False),
            ("Hà-TH", False)]
    for text, bold in tail:
        paragraph = document.add_paragraph(text)
        signature_table._tbl.addprevious(paragraph._p)
    name = document.add_paragraph()
    name.add_run("\t")
    name.add_run("Lê Thị Mai").bold = True
    signature_table._tbl.addprevious(name._p)
    body.remove(signature_table._tbl)
    path = tmp_path / "tabs.docx"
    document.save(path)
    result = import_docx(path)
    assert [str(p) for p in result.problems] == []
    assert result.data["header"] == DECEMBER_2024["header"]
    assert result.data["recipients"] == DECEMBER_2024["recipients"] and result.data["drafter"] == "Hà-TH"
    assert result.data["signature"] == DECEMBER_2024["signature"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig", "cp1258"])
def test_text_export_in_the_encodings_word_writes(tmp_path, capsys, encoding):
    text = SAMPLE_TEXT.read_text(encoding="utf-8").replace("\n", "\r\n")
    if encoding == "cp1258":  # Windows-1258: letters with their hat, breve or horn, the tone as a combining mark
        import unicodedata

        tones = "\u0300\u0301\u0303\u0309\u0323"

        def windows(ch: str) -> str:
            parts = unicodedata.normalize("NFD", ch)
            tone = "".join(m for m in parts if m in tones)
            return unicodedata.normalize("NFC", "".join(m for m in parts if m not in tones)) + tone

        text = "".join(windows(ch) for ch in text.replace("☐", "*").replace("“", '"').replace("”", '"'))
    path = tmp_path / "export.txt"
    path.write_bytes(text.encode(encoding))
    code, _, err = _import(capsys, path, "-o", str(tmp_path / "out.yaml"))
    assert code == 0, err
    written = (tmp_path / "out.yaml").read_text(encoding="utf-8")
    assert "48 nhiệm vụ" in err and "Chương trình công tác tuyên giáo tháng 12/2023." in written


def test_check_warns_about_a_month_still_holding_unplaced_lines(tmp_path, capsys):
    import shutil

    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    path, _ = _with_stray_row(tmp_path)
    assert _import(capsys, path, "--content", str(content), "--accept-unplaced")[0] == 0
    code = main(["check", "--content", str(content)])
    err = capsys.readouterr().err
    assert code == 0 and "2024-12.yaml" in err and "còn 1 dòng chưa xếp khi nhập" in err


def test_task_table_without_its_header_row_is_read_in_the_office_order_and_said(tmp_path):
    from portal.content.importers.docx import import_docx

    document = docx.Document(io.BytesIO(_docx_bytes()))
    table = document.tables[1]
    table._tbl.remove(table.rows[0]._tr)
    path = tmp_path / "ctr.docx"
    document.save(path)
    result = import_docx(path)
    (warning,) = result.problems
    assert "không có hàng tiêu đề" in warning.message and warning.severity == "warning"
    assert dump_programme(result.data) == dump_programme(copy.deepcopy(DECEMBER_2024))


def test_numbered_line_after_the_recipients_of_a_text_export_is_reported():
    text = TOP + HEADER + "\nI\tMục\t\t\t\t\n1\tViệc\tPhòng TT-TT\t\t30/12/2023\t\n" + BOTTOM + "2\tViệc lạc cuối tệp\tPhòng TT-TT\n"
    result = import_text(text, "x.txt")
    assert any("nằm ngoài bảng nhiệm vụ" in p.message and "Việc lạc cuối tệp" in p.message for p in result.problems)


def test_text_export_with_two_programmes_and_no_recipients_is_refused():
    one = TOP + HEADER + "\nI\tMục\t\t\t\t\n1\tViệc\tPhòng TT-TT\t\t30/12/2023\t\n"
    result = import_text(one + "\n" + one, "x.txt")
    assert result.errors and "hai chương trình" in result.errors[0].message
