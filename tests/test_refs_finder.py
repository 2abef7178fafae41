"""Table-driven tests of the reference finder (eyecite style: text → expected references)."""
from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys

import pytest
import yaml
from conftest import FIXTURES, ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.text.refs import find, find_references
from portal.text.refs import regexes as rx

LABELLED = yaml.safe_load((FIXTURES / "refs_labelled.yaml").read_text(encoding="utf-8"))["sentences"]


def _check(text: str, expected: list[dict]) -> None:
    found = find_references(text)
    assert [r.text for r in found] == [e["text"] for e in expected], text
    for reference, wanted in zip(found, expected):
        assert text[reference.start:reference.end] == reference.text
        for key, value in wanted.items():
            actual = getattr(reference, key)
            if isinstance(value, dt.date) or key == "date":
                value = value if value is None or isinstance(value, dt.date) else dt.date.fromisoformat(value)
            assert actual == value, (text, key)


@pytest.mark.parametrize("item", LABELLED, ids=[item["text"][:50] for item in LABELLED])
def test_labelled_sentence(item):
    _check(item["text"], item["refs"])


@pytest.mark.parametrize("text, expected", [
    # Party regulations numbered QĐ/TW before QĐi existed keep their written type
    ("Quy định số 144-QĐ/TW của Bộ Chính trị", [{"symbol": "144-QĐ/TW", "type": "Quy định",
                                                 "text": "Quy định số 144-QĐ/TW của Bộ Chính trị"}]),
    ("Quyết định số 12-QĐ/TU", [{"symbol": "12-QĐ/TU", "type": "Quyết định", "text": "Quyết định số 12-QĐ/TU"}]),
    # spacing around the hyphen, missing "số", uỷ/ủy
    ("Kết luận 100 - KL/TW", [{"text": "Kết luận 100 - KL/TW", "symbol": "100-KL/TW", "number": "100"}]),
    ("Kết luận 100 – KL/TW", [{"text": "Kết luận 100 – KL/TW", "symbol": "100-KL/TW"}]),
    ("Quy định 27-QĐi/TU của Ban Thường vụ Tỉnh uỷ.", [{"text": "Quy định 27-QĐi/TU của Ban Thường vụ Tỉnh uỷ",
                                                        "issuer": "Ban Thường vụ Tỉnh uỷ"}]),
    # citation at the very start and at the very end
    ("24-CT/TW", [{"text": "24-CT/TW", "type": "Chỉ thị", "symbol": "24-CT/TW", "year": None}]),
    ("theo 30/2020/NĐ-CP", [{"text": "30/2020/NĐ-CP", "type": "Nghị định", "year": 2020, "number": "30"}]),
    # date written in words, and an impossible date: the citation stays, the date is unknown
    ("Chỉ thị số 05-CT/TW ngày 15 tháng 5 năm 2016 của Bộ Chính trị",
     [{"text": "Chỉ thị số 05-CT/TW ngày 15 tháng 5 năm 2016 của Bộ Chính trị", "date": dt.date(2016, 5, 15)}]),
    ("Chỉ thị số 05-CT/TW ngày 31/11/2016", [{"text": "Chỉ thị số 05-CT/TW ngày 31/11/2016", "date": None}]),
    # two citations sharing a sentence, the second without type word
    ("Nghị quyết 36-NQ/TW; 27-NQ/TW", [{"text": "Nghị quyết 36-NQ/TW"}, {"text": "27-NQ/TW", "type": "Nghị quyết"}]),
    # State letter form: number/ISSUER-UNIT is an official letter
    ("1066/UBND-VXNV", [{"text": "1066/UBND-VXNV", "type": "Công văn", "symbol": "1066/UBND-VXNV"}]),
    # traps
    ("Ban Chỉ đạo 35", []), ("BCD 35", []), ("Ban chỉ đạo 07", []), ("Đoàn công tác số 2", []),
    ("Lữ đoàn 2 Bộ tư lệnh 86", []), ("Bản tin sinh hoạt chi bộ 07 số", []), ("lần thứ IV năm 2023", []),
    ("ngày 27/9/2023", []), ("Quý IV/2023", []), ("tháng 11/2023", []), ("Số [so]-CTr/BTGTU", []),
    ("Báo cáo 6 tháng đầu năm", []), ("Chỉ thị 30 năm 2013", []),
])
def test_variants_and_traps(text, expected):
    _check(text, expected)


def test_no_match_across_italic_tags():
    text = "Thực hiện Chỉ thị số <i>24-CT/TW</i> và <i>Kết luận số 57-KL/TW</i>"
    found = find_references(text)
    assert [(r.text, r.symbol) for r in found] == [("24-CT/TW", "24-CT/TW"), ("Kết luận số 57-KL/TW", "57-KL/TW")]
    for reference in found:
        assert "<" not in reference.text and ">" not in reference.text


def test_aliases_are_found_literally():
    text = "Học tập Nghị quyết về Chiến lược\nbảo vệ Tổ quốc trong tình hình mới."
    assert find_references(text) == []
    (found,) = find_references(text, aliases=["nghị quyết về chiến lược bảo vệ Tổ quốc  trong tình hình mới"])
    assert found.text == "Nghị quyết về Chiến lược\nbảo vệ Tổ quốc trong tình hình mới" and found.type == "Nghị quyết"


def test_portal_refs_prints_one_json_object_a_line():
    text = "Kế hoạch số 68-KH/TU ngày 27/9/2023 của Ban Thường vụ Tỉnh ủy về thực hiện Chỉ thị 24-CT/TW.\r\nHết"
    result = subprocess.run([sys.executable, "-m", "portal.cli", "refs"], input=text.encode("utf-8"),
                            capture_output=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]
    assert [set(line) for line in lines] == [{"type", "number", "symbol", "year", "date", "issuer", "text",
                                              "start", "end"}] * 2
    first, second = lines
    assert first["date"] == "2023-09-27" and first["symbol"] == "68-KH/TU" and first["issuer"] == "Ban Thường vụ Tỉnh ủy"
    assert second == {"type": "Chỉ thị", "number": "24", "symbol": "24-CT/TW", "year": None, "date": None,
                      "issuer": None, "text": "Chỉ thị 24-CT/TW", "start": text.index("Chỉ thị 24"),
                      "end": text.index("Chỉ thị 24") + len("Chỉ thị 24-CT/TW")}


def test_precision_script_reports_full_marks_on_the_labelled_file():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "refs_precision.py")], capture_output=True,
                            text=True, cwd=ROOT)
    assert result.returncode == 0
    assert "precision 1.000, recall 1.000" in result.stdout, result.stdout


# The finder looks for each pattern only where it can match (symbols first, then their lead-in;
# named resolutions from «Nghị»; aliases from their words). The plain way, every pattern over
# the whole text, is the definition it must agree with.
def _find_by_full_scans(text: str, aliases: tuple[str, ...]) -> list:
    masked = find.mask_tags(text)
    found = [find._symbol_reference(text, m) for m in rx.CITATION_RE.finditer(masked)]
    found += [r for r in (find._bare_reference(text, m) for m in rx.BARE_RE.finditer(masked)) if r is not None]
    found += [find._named_reference(text, m) for m in rx.NAMED_RE.finditer(masked)]
    found = find.law_with_symbols(text, masked, found, find.law_references(text, masked))
    for alias in aliases:
        pattern = re.compile(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in alias.split()) + r"(?!\w)", re.I)
        found += [find._alias_reference(text, m) for m in pattern.finditer(masked)]
    return find.without_overlaps(found)


ALIASES = ("Nghị quyết Hội nghị Trung ương 8 khóa XIII", "Nghị quyết về Chiến lược bảo vệ Tổ quốc",
           "nghị quyết  đại hội XIII", "văn bản", "Nghị quyết Trung ương 8", "Nghị quyết", "Đại hội XIII")
PIECES = st.sampled_from([
    "Kết luận", "số", "số:", "501", "-KL/TU", "Chỉ thị", "24-CT/TW", "24", "-", "CT", "/", "TW", "ngày",
    "13/7/2023", "của", "Bộ Chính trị", "30/2020/NĐ-CP", "Quy định", "QĐi", "Chương trình hành động",
    "văn bản", "VĂN BẢN", "Nghị quyết", "nghị quyết", "Hội nghị", "Trung ương", "8", "khóa XIII", "(khoá XI)",
    "Đại hội", "về Chiến lược bảo vệ Tổ quốc", " ", "  ", "\n", ",", ":", "<i>", "</i>", "x", "Đ", "1066/UBND-VXNV",
    "Luật", "luật", "Bộ luật", "Báo chí", "năm 2016", "2019", "15/NQCP", "1234/QĐUBND", "35a/NQ-CP", "TWngày",
    "Đảng bộ tỉnh", "lần thứ XI", "nhiệm kỳ 2020 - 2025", "(sửa đổi)", "Phòng, chống", "12-CTHĐ/TU",
])


@pytest.mark.parametrize("text", [item["text"] for item in LABELLED] + [
    "Nghị quyết 36-NQ/TW; 27-NQ/TW", "Kết luận 100 - KL/TW", "Chỉ thị số <i>24-CT/TW</i> và <i>Kết luận số 57-KL/TW</i>",
    "Chương trình hành động số: 12-CTr/TU", "ĐKết luận số 100-KL/TW", "Kết luận số\n\n  100-KL/TW, 24-CT/TW",
    "Nghị quyết Trung ương 8 khóa XIII và Nghị quyết Hội nghị Trung ương 8 khóa XIII", "30/2020/NĐ-CP/24-CT/TW",
])
def test_finder_agrees_with_full_scans(text):
    assert find._find(text, ALIASES) == _find_by_full_scans(text, ALIASES)
    assert find._find(text, ()) == _find_by_full_scans(text, ())


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(max_size=200), st.lists(PIECES, max_size=40).map("".join)))
def test_finder_agrees_with_full_scans_on_any_text(text):
    assert find._find(text, ALIASES) == _find_by_full_scans(text, ALIASES)


def test_lead_in_characters_are_what_the_finder_looks_back_over():
    """Symbols are found first and their lead-in looked for in the letters, whitespace and colons
    before them (LEAD_IN_BEHIND_RE): so no character a lead-in accepts, in any case, may be
    anything else, in particular a digit."""
    letters = set("".join([*rx.TYPE_WORDS, "văn bản", "số"])) - {" "}
    accepted = re.compile("|".join(f"(?i:{re.escape(c)})" for c in sorted(letters)) + r"|\s|:")
    looked_back_over = re.compile(f"{rx.LEAD_IN_LETTER}|{rx.LEAD_IN_GAP}")
    every_character = "".join(map(chr, range(sys.maxunicode + 1)))
    strays = [hex(ord(m.group())) for m in accepted.finditer(every_character) if not looked_back_over.fullmatch(m.group())]
    assert strays == []
    assert {len(m.group()) for m in accepted.finditer(every_character)} == {1}
    assert re.search(r"\d", "".join(m.group() for m in accepted.finditer(every_character))) is None


def test_laws_by_name_are_one_document_per_name_and_year():
    from portal.indexes.directives import Resolver
    resolver = Resolver([])
    docs = [resolver.law(find_references(text)[0]) for text in
            ("Luật Báo chí năm 2016", "Luật Báo chí", "Luật Báo chí 2016", "Luật Đất đai 2013", "Luật Đất đai 2024")]
    assert docs[0] is docs[1] is docs[2] and docs[3] is not docs[4]
    assert docs[0].label == "Luật Báo chí năm 2016" and docs[0].type == "Luật" and docs[0].group == "Cơ quan nhà nước"


def test_one_plenum_resolution_however_named():
    from portal.indexes.directives import named_key
    assert named_key("Nghị quyết Trung ương 6 khóa XII") == named_key(
        "nghị quyết Hội nghị lần thứ sáu Ban Chấp hành Trung ương khóa XII")
    assert named_key("Nghị quyết Trung ương 6 khóa XII") != named_key("Nghị quyết Trung ương 6 khóa XIII")
    assert named_key("Nghị quyết Đại hội XI Đảng bộ tỉnh, nhiệm kỳ 2020 - 2025") == named_key(
        "Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XI") != named_key("Nghị quyết Đại hội XI của Đảng")
    assert named_key("Nghị quyết Đại hội XIII của Đảng") == named_key(
        "Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng")


def test_precision_script_reports_each_class():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "refs_precision.py")], capture_output=True,
                            text=True, cwd=ROOT)
    classes = {item.get("class") for item in LABELLED}
    assert len(classes) >= 8 and None not in classes
    for name in classes:
        assert any(line.startswith(name + " ") and "precision 1.000" in line for line in result.stdout.splitlines()), name


def test_patterns_are_compiled_on_first_use_each_once():
    """Importing the finder compiles none of its patterns (a build whose months come from its cache
    needs few of them); each declared pattern compiles from its source when first asked for, once."""
    probe = ("import json, re, sys; from portal.text.refs import regexes as rx;"
             "compiled = [k for k, v in vars(rx).items() if isinstance(v, re.Pattern)];"
             "first = rx.SYMBOL_RE;"
             "print(json.dumps([compiled, first is rx.SYMBOL_RE, 'SYMBOL_RE' in vars(rx),"
             " [k for k, v in vars(rx).items() if isinstance(v, re.Pattern)]]))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, cwd=ROOT, check=True)
    compiled_at_import, kept, stored, compiled_after = json.loads(result.stdout)
    assert compiled_at_import == [] and kept and stored and compiled_after == ["SYMBOL_RE"]
    declared = {name for name, kind in rx.__annotations__.items() if kind == "re.Pattern[str]"}
    assert declared == set(rx._SOURCES) and len(declared) >= 20
    for name in sorted(declared):
        pattern = getattr(rx, name)
        assert isinstance(pattern, re.Pattern) and pattern.pattern == rx._SOURCES[name]
    with pytest.raises(AttributeError):
        rx.NO_SUCH_RE  # noqa: B018
