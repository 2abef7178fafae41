"""Arbitrary text through the finder and the deadline parser: a result, never a traceback."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from markupsafe import Markup, escape

from portal.text.deadlines import parse_deadline
from portal.text.refs import find_references
from portal.text.richtext import html_text

# Text mixing the pieces citations and deadlines are made of, so the search reaches real paths.
PIECES = st.sampled_from([
    "Kết luận", "số", "501", "-KL/TU", "Chỉ thị", "24-CT/TW", "ngày", "13/7/2023", "của", "Bộ Chính trị",
    "30/2020/NĐ-CP", "Quy định", "QĐi", "/", "-", " ", "\n", "<i>", "</i>", "Ban Chỉ đạo 35", "Trước",
    "tháng", "11/2023", "Quý IV", "Hàng tuần", "Thứ 5", "đến", "Từ", "01-03/12/2023", "năm", "2024", "đ", "Đ",
])
MIXED = st.one_of(st.text(max_size=200), st.lists(PIECES, max_size=30).map("".join))


@settings(max_examples=400, deadline=None)
@given(MIXED)
def test_finder_spans_point_into_the_input(text):
    previous_end = 0
    for reference in find_references(text):
        assert 0 <= reference.start < reference.end <= len(text)
        assert text[reference.start:reference.end] == reference.text
        assert reference.start >= previous_end  # sorted, no overlaps
        previous_end = reference.end


@settings(max_examples=400, deadline=None)
@given(MIXED, st.sampled_from(["2023-11", "2023-12", "2024-01", "2016-02"]))
def test_deadline_parser_always_answers(text, month):
    deadline = parse_deadline(text, month)
    assert deadline.kind
    assert deadline.text == text or deadline.text == text.strip()
    if deadline.start and deadline.end:
        assert deadline.start <= deadline.end


class _Shown(str):
    """A text of another type (as a Month is): escaped as its text."""


@settings(max_examples=400, deadline=None)
@given(st.one_of(MIXED, st.text(alphabet="<>&'\"aà ", max_size=20)))
def test_html_text_escapes_as_markupsafe(text):
    """The pages' helpers escape with html_text: the very text escape() gives, for any value."""
    for value in (text, _Shown(text), Markup(text), len(text), None):
        assert html_text(value) == str(escape(value))
