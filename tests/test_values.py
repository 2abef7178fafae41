"""The domain's value types: a month (``Month``), a task's key, Vietnamese numerals."""
from __future__ import annotations

import datetime as dt
import json
import pickle

import pytest
import yaml

from portal.content.model import Task, split_task_key, task_key
from portal.text.months import Month, MonthError
from portal.text.numerals import (FOLDED_CARDINALS, FOLDED_ORDINALS, FOLDED_ORDINALS_TO_TWENTY, MONTH_WORDS, folded,
                                  from_roman, roman_table, to_roman)


@pytest.mark.parametrize("text, year, number", [
    ("2023-11", 2023, 11), ("2024-01", 2024, 1), ("1999-12", 1999, 12), ("2030-09", 2030, 9),
])
def test_month_reads_its_year_and_number(text, year, number):
    month = Month(text)
    assert (month.year, month.number) == (year, number)
    assert month == text and str(month) == text and hash(month) == hash(text)


@pytest.mark.parametrize("text", [
    "2025-9", "09/2025", "2025-13", "2025-00", "2025/09", "25-09", "2025-09-01", " 2025-09", "2025-09 ", "",
    "tháng 9/2025", "2025-1O", "２０２５-09",
])
def test_month_refuses_other_forms_saying_how_to_write_it(text):
    assert not Month.valid(text)
    with pytest.raises(MonthError) as caught:
        Month(text)
    message = str(caught.value)
    assert f"«{text}»" in message and "YYYY-MM" in message and "không hợp lệ" in message


@pytest.mark.parametrize("value, expected", [
    ("2025-3", "2025-03"), ("2025-03", "2025-03"), (" 2025-12 ", "2025-12"), (dt.date(2025, 4, 30), "2025-04"),
    (dt.datetime(2019, 11, 1, 8), "2019-11"), ("2025-13", None), ("03/2025", None), ("", None), (None, None),
])
def test_month_parse_accepts_what_registries_write(value, expected):
    assert Month.parse(value) == expected


@pytest.mark.parametrize("start, count, expected", [
    ("2023-11", 1, "2023-12"), ("2023-12", 1, "2024-01"), ("2024-01", -1, "2023-12"), ("2023-05", 14, "2024-07"),
    ("2023-03", -15, "2021-12"), ("2023-06", 0, "2023-06"), ("2020-01", 120, "2030-01"), ("2000-12", -12, "1999-12"),
])
def test_month_arithmetic_across_years(start, count, expected):
    moved = Month(start).plus(count)
    assert moved == expected and isinstance(moved, Month)
    assert moved.months_since(start) == count
    assert Month(start).months_since(moved) == -count


@pytest.mark.parametrize("year, number, expected", [(2023, 13, "2024-01"), (2024, 0, "2023-12"), (2024, -11, "2023-01")])
def test_month_of_carries_past_the_year(year, number, expected):
    assert Month.of(year, number) == expected


@pytest.mark.parametrize("text, label, heading, short, short_padded, numeric, numeric_padded, tiny", [
    ("2023-11", "tháng 11/2023", "Tháng 11/2023", "T11/2023", "T11/2023", "11/2023", "11/2023", "11/23"),
    ("2025-03", "tháng 3/2025", "Tháng 3/2025", "T3/2025", "T03/2025", "3/2025", "03/2025", "3/25"),
    ("2000-01", "tháng 1/2000", "Tháng 1/2000", "T1/2000", "T01/2000", "1/2000", "01/2000", "1/00"),
])
def test_month_labels(text, label, heading, short, short_padded, numeric, numeric_padded, tiny):
    month = Month(text)
    assert (month.label, month.heading, month.short, month.short_padded, month.numeric, month.numeric_padded,
            month.tiny) == (label, heading, short, short_padded, numeric, numeric_padded, tiny)
    assert month.year_text == text[:4] and month.first_day == dt.date(month.year, month.number, 1)


def test_month_is_written_as_the_text_it_was():
    month = Month("2023-11")
    assert json.dumps({"month": month}) == '{"month": "2023-11"}'
    assert pickle.loads(pickle.dumps(month)) == month and type(pickle.loads(pickle.dumps(month))) is Month
    assert yaml.safe_dump({"month": str(month)}) == "month: 2023-11\n"
    assert sorted([Month("2024-01"), Month("2023-12"), Month("2023-02")]) == ["2023-02", "2023-12", "2024-01"]
    assert Month(month) is month


def test_task_carries_a_month_and_a_key():
    task = Task(section="II", number="8", text="", lead="", coordinators=[], deadline="", status="", month="2023-11")
    assert isinstance(task.month, Month) and task.key == "2023-11/II-8" == task_key("2023-11", "II-8")
    assert split_task_key(task.key) == ("2023-11", "II-8")
    assert split_task_key("2023-11/A-I-2") == ("2023-11", "A-I-2")


@pytest.mark.parametrize("value, roman", [
    (1, "I"), (2, "II"), (3, "III"), (4, "IV"), (5, "V"), (9, "IX"), (10, "X"), (14, "XIV"), (19, "XIX"), (40, "XL"),
    (49, "XLIX"), (90, "XC"), (400, "CD"), (1999, "MCMXCIX"), (2024, "MMXXIV"),
])
def test_roman_numerals_both_ways(value, roman):
    assert to_roman(value) == roman
    assert from_roman(roman) == value and from_roman(roman.lower()) == value


@pytest.mark.parametrize("text, expected", [("", None), ("ABC", None), ("IV.", None), ("IIII", 4), ("2", None)])
def test_roman_numerals_not_well_formed(text, expected):
    assert from_roman(text) == expected


def test_to_roman_of_nothing_is_empty():
    assert to_roman(0) == ""


def test_roman_table_counts_from_one():
    table = roman_table(15)
    assert list(table.values()) == list(range(1, 16)) and table["xiv"] == 14 and "xvi" not in table


@pytest.mark.parametrize("word, value", [
    ("nhat", 1), ("tu", 4), ("bon", 4), ("nam", 5), ("bay", 7), ("muoi", 10),
])
def test_folded_ordinals(word, value):
    assert FOLDED_ORDINALS[word] == value


@pytest.mark.parametrize("word, value", [("muoi mot", 11), ("muoi lam", 15), ("muoi nam", 15), ("muoi chin", 19)])
def test_ordinals_past_ten(word, value):
    assert FOLDED_ORDINALS_TO_TWENTY[word] == value


def test_cardinals_have_no_ordinal_only_words():
    assert FOLDED_CARDINALS["mot"] == 1 and "nhat" not in FOLDED_CARDINALS and "tu" not in FOLDED_CARDINALS


@pytest.mark.parametrize("word, value", [("giêng", 1), ("một", 1), ("tư", 4), ("bẩy", 7), ("mười một", 11),
                                         ("chạp", 12), ("mười hai", 12)])
def test_month_words(word, value):
    assert MONTH_WORDS[word] == value


def test_folding_keeps_the_values():
    assert folded({"bốn": 4, "mười lăm": 15}) == {"bon": 4, "muoi lam": 15}


@pytest.mark.parametrize("text, expected", [
    ("Phòng A & B <1>", "Phòng A &amp; B &lt;1&gt;"),
    ("dán\x0btừ Word\x00", "dántừ Word"),
    ("tab\tvà\ndòng", "tab\tvà\ndòng"),
    ("\ufffe\ud800", ""),
])
def test_xml_text_escapes_and_drops_what_xml_cannot_carry(text, expected):
    from xml.dom.minidom import parseString

    from portal.text.xmltext import xml_attribute, xml_text

    assert xml_text(text) == expected
    parsed = parseString(f"<a b={xml_attribute(text)}>{xml_text(text)}</a>".encode("utf-8")).documentElement
    assert parsed.firstChild is None or parsed.firstChild.data == xml_text(text).replace("&amp;", "&").replace(
        "&lt;", "<").replace("&gt;", ">")
    assert "\x00" not in parsed.getAttribute("b") and "\x0b" not in parsed.getAttribute("b")


def test_search_knows_every_type_the_finder_knows():
    """One table of document types: every code the finder reads in a symbol is a search type code of that type."""
    from portal.outputs.search import tokens
    from portal.text.doctypes import DOCUMENT_TYPES, LAW
    from portal.text.fold import fold
    from portal.text.refs import regexes

    for kind in DOCUMENT_TYPES:
        assert regexes.TYPE_WORDS[kind.name] == kind.code
        for code in (kind.code, *kind.other_codes):
            if code == LAW:
                continue
            assert regexes.CODES[code] in (kind.name, tokens.TYPE_NAMES[fold(code)])
            assert fold(code) in tokens.TYPE_CODES


@pytest.mark.parametrize("text, name, code", [
    ("Chỉ thị số 24-CT/TW ngày 1/1/2023", "Chỉ thị", "ct24"),
    ("Thông tư liên tịch số 01/2015/TTLT-BNV", "Thông tư liên tịch", "ttlt1"),
    ("Quy định số 08-QĐi/TW", "Quy định", "qd8"),
    ("Chương trình hành động số 12-CTHĐ/TU", "Chương trình hành động", "cthd12"),
])
def test_a_cited_code_is_one_search_word(text, name, code):
    from portal.outputs.search.tokens import compound_code, type_name
    from portal.text.refs import find_references

    (reference,) = find_references(text)
    assert reference.type == name
    assert compound_code(reference.symbol) == code and type_name(reference.symbol) == name


@pytest.mark.parametrize("text, due, timeline_day", [
    ("Trước ngày 25/11/2023", dt.date(2023, 11, 24), dt.date(2023, 11, 24)),  # before the day: the day before
    ("Trong tháng 11/2023", dt.date(2023, 11, 30), dt.date(2023, 11, 30)),
    ("Sau ngày 15/11/2023", None, dt.date(2023, 11, 16)),
    ("Từ ngày 15/11/2023", None, dt.date(2023, 11, 15)),
    ("Hằng tuần", None, None),
    ("Thường xuyên", None, None),
    ("khi có yêu cầu", None, None),
])
def test_the_day_a_task_falls_due(text, due, timeline_day):
    from portal.text.deadlines import parse_deadline

    deadline = parse_deadline(text, "2023-11")
    assert (deadline.due, deadline.timeline_day) == (due, timeline_day)


@pytest.mark.parametrize("role, value, label", [("LEAD", "lead", "Chủ trì"), ("COORDINATOR", "coordinator", "Phối hợp")])
def test_roles_are_filed_as_their_text_and_labelled_in_vietnamese(role, value, label):
    from portal.content.model import Role

    member = Role[role]
    assert member == value and f"{member}" == value and hash(member) == hash(value)
    assert member.label == label and Role(value) is member


@pytest.mark.parametrize("text, kind, label", [
    ("Trước ngày 25/11/2023", "before", "Trước ngày"), ("Trong tháng 11/2023", "month", "Trong tháng"),
    ("Hằng tuần", "recurring", "Định kỳ"), ("khi có yêu cầu", "unknown", "Chưa xác định"),
])
def test_deadline_kinds_are_an_enum_with_labels(text, kind, label):
    from portal.text.deadlines import DeadlineKind, parse_deadline

    deadline = parse_deadline(text, "2023-11")
    assert deadline.kind is DeadlineKind(kind) and deadline.kind == kind and deadline.kind.label == label
    assert json.dumps(deadline.as_json()["kind"]) == f'"{kind}"'


def test_a_month_file_writes_a_month_as_text():
    from portal.content.datafile import dump_programme

    written = dump_programme({"month": Month("2023-11"), "sections": []})
    assert "month: 2023-11\n" in written and "python" not in written


@pytest.mark.parametrize("written, meant", [
    ("Đã hoàn thành", "Hoàn thành"), ("đã hoàn thành.", "Hoàn thành"), ("Xong", "Hoàn thành"),
    ("Đang triển khai", "Đang thực hiện"), ("Chưa hoàn thành", "Chưa thực hiện"),
    ("Thường xuyên", "Thực hiện thường xuyên"), ("Chuyển sang kỳ sau", "Chuyển sang tháng sau"),
    ("Dừng thực hiện", "Không thực hiện"), ("Đã báo cáo", None), ("", None),
])
def test_a_written_status_is_read_as_one_of_the_office_statuses(written, meant):
    from portal.text.status import Status, canonical_status

    found = canonical_status(written)
    assert found == meant
    assert found is None or (isinstance(found, Status) and found.label == meant)


def test_the_office_statuses_are_its_six_words_in_order():
    from portal.text.status import Status

    assert [status.value for status in Status] == ["Đang thực hiện", "Hoàn thành", "Chưa thực hiện",
                                                   "Thực hiện thường xuyên", "Chuyển sang tháng sau", "Không thực hiện"]
