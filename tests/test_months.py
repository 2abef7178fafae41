"""Moving a text to the next month: month mentions in task texts, dates and months in deadlines."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import example, given, settings, strategies as st

from portal.text.months import (add_months, mask_periods, mentioned_months, next_month, shift_date, shift_deadline,
                                shift_month_mentions)
from portal.text.fold import fold


@pytest.mark.parametrize("year, month, count, expected", [
    (2023, 11, 1, (2023, 12)),
    (2023, 12, 1, (2024, 1)),
    (2024, 1, -1, (2023, 12)),
    (2023, 5, 14, (2024, 7)),
    (2023, 3, -15, (2021, 12)),
])
def test_add_months(year, month, count, expected):
    assert add_months(year, month, count) == expected


@pytest.mark.parametrize("month, expected", [("2023-11", "2023-12"), ("2023-12", "2024-01"), ("2024-09", "2024-10")])
def test_next_month(month, expected):
    assert next_month(month) == expected


@pytest.mark.parametrize("day, expected", [
    (dt.date(2023, 11, 20), dt.date(2023, 12, 20)),
    (dt.date(2023, 10, 31), dt.date(2023, 11, 30)),  # clipped to the last day
    (dt.date(2024, 1, 31), dt.date(2024, 2, 29)),  # leap year
    (dt.date(2023, 1, 30), dt.date(2023, 2, 28)),
    (dt.date(2023, 12, 31), dt.date(2024, 1, 31)),
])
def test_shift_date_keeps_the_day_clipped_to_the_month(day, expected):
    assert shift_date(day) == expected


@pytest.mark.parametrize("text, expected", [
    ("Tổng hợp bảng chấm công CBCC cơ quan tháng 11/2023.", "Tổng hợp bảng chấm công CBCC cơ quan tháng 12/2023."),
    ("Chương trình công tác tuyên giáo tháng 12/2023.", "Chương trình công tác tuyên giáo tháng 01/2024."),
    ("Bản tin tháng 9/2023", "Bản tin tháng 10/2023"),  # one digit grows to two
    ("giao ban tháng 10 năm 2023", "giao ban tháng 11 năm 2023"),
    ("Tháng 12-2023 và THÁNG 1/2024", "Tháng 01-2024 và THÁNG 2/2024"),
    # dates of cited documents and years are not month mentions
    ("Kế hoạch số 68-KH/TU ngày 27/9/2023 của Ban Thường vụ", "Kế hoạch số 68-KH/TU ngày 27/9/2023 của Ban Thường vụ"),
    ("Báo cáo công tác tuyên giáo năm 2023", "Báo cáo công tác tuyên giáo năm 2023"),
    ("6 tháng đầu năm 2023", "6 tháng đầu năm 2023"),
    ("tháng 13/2023", "tháng 13/2023"),  # not a month: left as written
])
def test_month_mentions_move_in_task_text(text, expected):
    assert shift_month_mentions(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("20/11/2023", "20/12/2023"),
    ("Trước ngày 25/11/2023", "Trước ngày 25/12/2023"),
    ("Phát hành trước 03/12/2023", "Phát hành trước 03/01/2024"),
    ("Trong tháng 11/2023", "Trong tháng 12/2023"),
    ("Đầu tháng 11/2023", "Đầu tháng 12/2023"),
    ("31/10/2023", "30/11/2023"),  # clipped
    ("31-01-2024", "29-02-2024"),
    ("01-03/12/2023", "01-03/01/2024"),
    ("Từ ngày 28/11 đến 03/12/2023", "Từ ngày 28/12 đến 03/01/2024"),
    ("Ngày 25 tháng 11 năm 2023", "Ngày 25 tháng 12 năm 2023"),
    ("Hàng tuần", "Hàng tuần"),
    ("Ngày 20 hàng tháng", "Ngày 20 hàng tháng"),
    ("Quý IV/2023", "Quý IV/2023"),
    ("Năm 2024", "Năm 2024"),
])
def test_deadlines_move_to_the_same_day_of_the_next_month(text, expected):
    assert shift_deadline(text, year_hint=2023) == expected


def test_deadline_moves_by_several_months():
    assert shift_deadline("30/11/2023", 3) == "29/02/2024"
    assert shift_month_mentions("tháng 11/2023", 2) == "tháng 01/2024"


@pytest.mark.parametrize("text, expected", [
    ("Báo cáo tháng 11/2023 và tháng 12/2023", {"2023-11", "2023-12"}),
    ("Kế hoạch ngày 27/9/2023", set()),
    ("tháng 10 năm 2023", {"2023-10"}),
])
def test_mentioned_months(text, expected):
    assert mentioned_months(text) == expected


@pytest.mark.parametrize("a, b, same", [
    ("Tổng hợp bảng chấm công tháng 11/2023", "Tổng hợp bảng chấm công tháng 12/2023", True),
    ("Bản tin tháng 11 năm 2023", "Bản tin tháng 01/2024", True),
    ("Họp ngày 20/11/2023", "Họp ngày 15/12/2023", True),
    ("Báo cáo năm 2023", "Báo cáo năm 2024", False),
    ("Đoàn công tác số 2", "Đoàn công tác số 3", False),
])
def test_masked_periods(a, b, same):
    assert (mask_periods(fold(a)) == mask_periods(fold(b))) is same


# mask_periods' patterns start with what they consume first, so the regex engine searches for them
# directly; these are the plain ways of writing them, which they must agree with on any text.
_PLAIN_MONTH_RE = re.compile(r"\bthang\s+\d{1,2}(?:\s*[/.-]\s*|\s+nam\s+)\d{4}\b")
_PLAIN_DATE_RE = re.compile(r"(?<![\d/])\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{4})?(?![\d/])")
_PERIOD_PIECES = st.sampled_from(["thang", "xthang", "_thang", "5thang", " ", "  ", "\n", "nam", "/", ".", "-",
                                  "1", "12", "123", "2023", "20234", "#", "a", "đ", "٣", "bao cao", "ngay"])


@settings(max_examples=1000, deadline=None)
@example("xthang 12 nam 2023, thang 1 nam 2024 va _thang 3/2024")
@example("1/12/2023/5 12/5 3.4 /1-2 123/4 ngay 7-8")
@given(st.one_of(st.text(max_size=80), st.lists(_PERIOD_PIECES, max_size=30).map("".join)))
def test_masked_periods_agree_with_the_plain_patterns(text):
    plain = _PLAIN_DATE_RE.sub("#", _PLAIN_MONTH_RE.sub("thang #", text))
    assert mask_periods(text) == plain
