"""The abbreviations registry (content/viet-tat.yaml): validation and how search files both forms."""
from __future__ import annotations

from pathlib import Path

import pytest

from portal.content.abbreviations import Abbreviation, Abbreviations, load_abbreviations
from portal.content.errors import ContentError
from portal.outputs.search.records import document_summary
from portal.content.directives import Directive

ROOT = Path(__file__).resolve().parents[1]


def test_the_bundled_vocabulary_loads_and_names_known_departments():
    from portal.content.departments import load_registry

    codes = [d.code for d in load_registry(ROOT / "content").departments]
    vocabulary = load_abbreviations(ROOT / "content", codes)
    shorts = {entry.abbreviation for entry in vocabulary}
    assert {"DLXH", "BCĐ 35", "TT-TT", "LLCT", "HĐND", "MTTQ"} <= shorts


@pytest.mark.parametrize("body, line, field, words", [
    ("abbreviations:\n  - {abbreviation: DLXH}\n", 2, "abbreviations[1].full", "cụm từ đầy đủ"),
    ("abbreviations:\n  - {full: dư luận xã hội}\n", 2, "abbreviations[1].abbreviation", "thiếu chữ viết tắt"),
    ("abbreviations:\n  - {abbreviation: DLXH, full: dư luận xã hội, nghia: x}\n", 2, "abbreviations[1]", "trường không biết"),
    ("abbreviations:\n  - {abbreviation: TT-TT, full: Thông tin - Tuyên truyền, department: XX}\n", 2,
     "abbreviations[1].department", "không có phòng mã"),
    ("abbreviations:\n  - {abbreviation: DLXH, full: dư luận xã hội}\n  - {abbreviation: dlxh, full: dân lập xã hội}\n",
     3, "abbreviations[2].abbreviation", "chỉ có một nghĩa"),
    ("abbreviations:\n  - DLXH\n", 2, "abbreviations[1]", "mỗi mục cần"),
    ("viet_tat: []\n", 1, "abbreviations", "cần danh sách"),
])
def test_bad_entries_name_file_line_and_field(tmp_path, body, line, field, words):
    (tmp_path / "viet-tat.yaml").write_text(body, encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        load_abbreviations(tmp_path, ["TT-TT"])
    problem = raised.value.problems[0]
    assert (problem.file, problem.line, problem.field) == (f"{tmp_path.name}/viet-tat.yaml", line, field)
    assert words in problem.message


def test_an_absent_file_is_an_empty_vocabulary(tmp_path):
    assert len(load_abbreviations(tmp_path)) == 0


VOCABULARY = Abbreviations([Abbreviation("DLXH", "dư luận xã hội"), Abbreviation("BCĐ 35", "Ban Chỉ đạo 35"),
                            Abbreviation("TT-TT", "Thông tin - Tuyên truyền", "TT-TT")])


@pytest.mark.parametrize("text, expected", [
    ("nắm bắt DLXH hàng tuần", ["dư luận xã hội"]),
    ("điều tra dư luận xã hội năm 2024", ["DLXH"]),
    ("giám sát hoạt động BCD 35 Tỉnh ủy", ["Ban Chỉ đạo 35"]),  # Đ typed as D
    ("củng cố Ban Chỉ đạo 35", ["BCĐ 35"]),
    ("Phòng Thông tin - Tuyên truyền", ["TT-TT"]),
    ("công tác thông tin tuyên truyền", []),  # an activity, not the department
    ("Phòng TT-TT", ["Thông tin - Tuyên truyền"]),
    ("BCĐ 36", []),
])
def test_each_form_brings_the_other(text, expected):
    assert VOCABULARY.expand(text).splitlines() == expected


SHARED_FIRST_WORDS = Abbreviations([Abbreviation("BCĐ", "Ban Chỉ đạo"), Abbreviation("BCĐ 35", "Ban Chỉ đạo 35"),
                                    Abbreviation("BTV", "Ban Thường vụ"), Abbreviation("BTG", "Ban Tuyên giáo")])


@pytest.mark.parametrize("text, expected", [
    ("BCĐ 35 và BCĐ", ["Ban Chỉ đạo 35", "Ban Chỉ đạo"]),  # the longest first, a one-word entry at the end
    ("BCĐ", ["Ban Chỉ đạo"]),
    ("Ban Tuyên giáo, Ban Chỉ đạo 35, Ban Thường", ["BTG", "BCĐ 35", "BCĐ"]),
    ("ban ban thường vụ", ["BTV"]),
    ("Ban", []),
])
def test_entries_sharing_first_words_are_found_longest_first(text, expected):
    assert SHARED_FIRST_WORDS.expand(text).splitlines() == expected


def test_a_document_result_reads_type_number_date_issuer_and_citing_tasks():
    import datetime as dt

    directive = Directive(type="Chỉ thị", number="24", symbol="24-CT/TW", issuer="Bộ Chính trị",
                          date=dt.date(2023, 7, 13), title="Bảo đảm vững chắc an ninh quốc gia")
    assert document_summary(directive, 12) == ("Chỉ thị số 24-CT/TW ngày 13/7/2023 của Bộ Chính trị · "
                                               "12 nhiệm vụ trích dẫn · Bảo đảm vững chắc an ninh quốc gia")


@pytest.mark.parametrize("text", ["BCĐ 35", "Phòng TT-TT, VH-VN.", "  Đảng\u0301 ủy\tthực_hiện  ", "a\u0300", "\u0301",
                                  "Kế hoạch số 68-KH/TU (BTG&DV)", ""])
def test_tokens_word_by_word_are_the_whole_text_folded(text):
    """:func:`tokens` folds word by word, each word once a process: the tokens of the whole text folded."""
    import re

    from portal.content.abbreviations import tokens
    from portal.text.fold import fold

    assert tokens(text) == tuple(re.findall(r"\w+", fold(text)))
    assert tokens(text) == tuple(re.findall(r"\w+", fold(text)))  # the second time from the words kept
