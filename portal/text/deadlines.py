"""Deadlines as written (``Trước ngày 25/11/2023``, ``Quý IV/2023``, ``Hàng tuần``) read as dates.

The office writes the «Thời gian hoàn thành» cell by hand, so the parser reads a folded copy of
the text (lower case, no accents: ``Hằng``/``Hàng`` and ``Đầu``/``Dau`` compare equal) after
rewriting every way of writing a date into ``d/m/yyyy``. Each deadline becomes a *kind* and an
inclusive window ``start``..``end``; ``end`` is the day the task falls due. Whatever cannot be
read is kind ``unknown``: it is shown as written and never dropped.

Kinds and their windows:

``on``          one day: start = end = that day.
``before``      ``Trước ngày D``: the last day is the day before D; open start (None).
``by``          ``Chậm nhất ngày D``, ``Đến ngày D``: D inclusive; open start (None).
``after``       ``Sau ngày D``: from the day after D; open end (None).
``range``       ``Từ ngày A đến B``, ``01-03/12/2023``, ``Từ tháng 10 đến tháng 12/2023``.
``month``       ``Trong tháng 11/2023``: the whole month.
``early_month`` / ``mid_month`` / ``late_month``: days 1–10, 11–20, 21–end of the month.
``quarter``     ``Quý IV/2023``.  ``half_year``: ``6 tháng đầu năm``.  ``year``: ``Năm 2024``.
``recurring``   ``Hàng tuần``, ``Thứ 5 hàng tuần``, ``Ngày 20 hàng tháng``, ``Thường xuyên``:
                the window is the programme's month and :attr:`Deadline.recurrence` says how.
``unknown``     nothing could be read; start = end = None.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from portal.text.fold import fold

KIND_LABELS = {
    "on": "Trong ngày",
    "before": "Trước ngày",
    "by": "Chậm nhất",
    "after": "Sau ngày",
    "range": "Khoảng thời gian",
    "month": "Trong tháng",
    "early_month": "Đầu tháng",
    "mid_month": "Giữa tháng",
    "late_month": "Cuối tháng",
    "quarter": "Trong quý",
    "half_year": "Sáu tháng",
    "year": "Trong năm",
    "recurring": "Định kỳ",
    "unknown": "Chưa xác định",
}

WEEKDAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


@dataclass(frozen=True)
class Recurrence:
    """How a recurring task repeats, in iCalendar terms (``WEEKLY`` on ``TH``, ``MONTHLY`` on day 20)."""

    freq: str  # DAILY, WEEKLY, MONTHLY, QUARTERLY (as MONTHLY/3), YEARLY, or CONTINUOUS
    weekday: Optional[str] = None  # MO..SU
    month_day: Optional[int] = None

    @property
    def label(self) -> str:
        if self.freq == "WEEKLY" and self.weekday:
            names = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]
            return f"{names[WEEKDAY_CODES.index(self.weekday)]} hằng tuần"
        if self.freq == "MONTHLY" and self.month_day:
            return f"Ngày {self.month_day} hằng tháng"
        return {"DAILY": "Hằng ngày", "WEEKLY": "Hằng tuần", "MONTHLY": "Hằng tháng",
                "QUARTERLY": "Hằng quý", "YEARLY": "Hằng năm", "CONTINUOUS": "Thường xuyên"}[self.freq]


@dataclass(frozen=True)
class Deadline:
    """A deadline read from its text: a kind and an inclusive window; ``end`` is when it falls due."""

    kind: str
    start: Optional[dt.date]
    end: Optional[dt.date]
    text: str
    recurrence: Optional[Recurrence] = None

    @property
    def due(self) -> Optional[dt.date]:
        """The last day of the window: the day a task falls due (None when open or unknown)."""
        return self.end

    @property
    def is_window(self) -> bool:
        """A deadline spanning several days (a month, a quarter, a range), not one due day."""
        return self.start is not None and self.end is not None and self.start != self.end

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]

    def as_json(self) -> dict:
        return {"kind": self.kind, "start": _iso(self.start), "end": _iso(self.end), "text": self.text}


def _iso(day: Optional[dt.date]) -> Optional[str]:
    return day.isoformat() if day else None


# --- normalisation: every way of writing a date becomes d/m/yyyy in folded text -------------

_REWRITES = [
    (re.compile(r"[\u2010-\u2015\u2212]"), "-"),  # en/em dashes, minus
    (re.compile(r"\s*/\s*"), "/"),
    (re.compile(r"\bngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s*(?:nam|/|-)\s*(\d{4})"), r"\1/\2/\3"),
    (re.compile(r"\bngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\b"), r"\1/\2"),
    (re.compile(r"\bthang\s+(\d{1,2})\s*(?:nam|-|\.)\s*(\d{4})"), r"thang \1/\2"),
    (re.compile(r"(?<![\d/])(\d{1,2})\s*([.-])\s*(\d{1,2})\s*\2\s*(\d{4})(?!\d)"), r"\1/\3/\4"),
    (re.compile(r"\b(?:ngay|vao|trong ngay|vao ngay)\s+(?=\d{1,2}/)"), ""),
    (re.compile(r"\bquy\s+([ivx]+|\d)\s*(?:nam|-|/)\s*(\d{4})"), r"quy \1/\2"),
]
_TRAILING = " .;,:!"


def normalise(text: str) -> str:
    """Folded text with dates as ``d/m/yyyy`` (or ``d/m``): the form every rule below reads."""
    folded = fold(text.replace("Đ", "D").replace("đ", "d"))
    folded = re.sub(r"\([^)]*\)", " ", folded)  # parenthetical remarks: «(dự kiến)»
    for pattern, replacement in _REWRITES:
        folded = pattern.sub(replacement, folded)
    return re.sub(r"\s+", " ", folded).strip(_TRAILING)


# --- pieces of the grammar ---------------------------------------------------------------------

DATE = r"(\d{1,2})/(\d{1,2})(?:/(\d{4}))?"  # day, month, optional year
PRE = r"(?:[a-z ,:;-]*?\s)??"  # leading words that do not change the meaning: «phát hành», «dự kiến»
MONTH = r"(?:thang\s+)?(\d{1,2})(?:/(\d{4}))?"  # month, optional year
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
WEEKDAYS = {"2": "MO", "hai": "MO", "3": "TU", "ba": "TU", "4": "WE", "tu": "WE", "5": "TH",
            "nam": "TH", "6": "FR", "sau": "FR", "7": "SA", "bay": "SA", "chu nhat": "SU", "cn": "SU"}
EVERY = r"(?:hang|moi)"


class _Context:
    """The programme's month: where a phrase without a year or month takes them from."""

    def __init__(self, month: str | None):
        self.year = self.month = None
        if month and re.fullmatch(r"\d{4}-\d{2}", month):
            self.year, self.month = int(month[:4]), int(month[5:7])

    def year_for(self, month: int, year: str | None) -> int | None:
        """An explicit year, or the programme's; a January deadline in a December programme is next year's."""
        if year:
            return int(year)
        if self.year is None:
            return None
        if self.month is not None and month - self.month < -6:
            return self.year + 1
        return self.year

    def date(self, day: str, month: str | None, year: str | None) -> dt.date | None:
        m = int(month) if month else self.month
        if m is None:
            return None
        y = self.year_for(m, year)
        if y is None:
            return None
        try:
            return dt.date(y, m, int(day))
        except ValueError:
            return None

    def month_window(self, month: str | None, year: str | None) -> tuple[dt.date, dt.date] | None:
        m = int(month) if month else self.month
        if m is None or not 1 <= m <= 12:
            return None
        y = self.year_for(m, year)
        if y is None:
            return None
        return dt.date(y, m, 1), dt.date(y, m, calendar.monthrange(y, m)[1])


def _day_before(day: dt.date | None) -> dt.date | None:
    return day - dt.timedelta(days=1) if day else None


# --- rules: each reads the normalised text or returns None ------------------------------------

def _recurring(s: str, ctx: _Context) -> tuple | None:
    weekday = re.search(r"\b(?:vao\s+)?(?:thu\s+(2|3|4|5|6|7|hai|ba|tu|nam|sau|bay)|(chu nhat|cn))\s+"
                        + EVERY + r"\s+tuan\b", s)
    if weekday:
        rule = Recurrence("WEEKLY", weekday=WEEKDAYS[weekday.group(1) or weekday.group(2)])
    elif m := re.search(r"\bngay\s+(\d{1,2})\s+" + EVERY + r"\s+thang\b", s):
        if not 1 <= int(m.group(1)) <= 31:
            return None
        rule = Recurrence("MONTHLY", month_day=int(m.group(1)))
    else:
        for pattern, freq in ((EVERY + r"\s+tuan", "WEEKLY"), (EVERY + r"\s+ngay", "DAILY"),
                              (EVERY + r"\s+thang", "MONTHLY"), (EVERY + r"\s+quy", "QUARTERLY"),
                              (EVERY + r"\s+nam", "YEARLY"),
                              (r"thuong xuyen|lien tuc", "CONTINUOUS")):
            if re.search(r"\b(?:" + pattern + r")\b", s) and not re.search(DATE, s):
                rule = Recurrence(freq)
                break
        else:
            return None
    window = ctx.month_window(None, None) or (None, None)
    return "recurring", window[0], window[1], rule


def _range(s: str, ctx: _Context) -> tuple | None:
    m = re.fullmatch(PRE + r"(?:tu\s+)?(?:ngay\s+)?(\d{1,2})(?:/(\d{1,2})(?:/(\d{4}))?)?\s*(?:-|den|toi)\s*"
                     r"(?:het\s+)?(?:ngay\s+)?" + DATE, s)
    if m:
        end = ctx.date(m.group(4), m.group(5), m.group(6))
        if end is None:
            return None
        start_month = int(m.group(2)) if m.group(2) else end.month
        start_year = int(m.group(3)) if m.group(3) else (end.year - 1 if start_month > end.month else end.year)
        start = ctx.date(m.group(1), str(start_month), str(start_year))
        return ("range", start, end, None) if start and start <= end else None
    m = re.fullmatch(PRE + r"(?:tu\s+)?thang\s+(\d{1,2})(?:/(\d{4}))?\s*(?:-|den|toi)\s*(?:het\s+)?"
                     + MONTH, s)
    if m:
        first = ctx.month_window(m.group(1), m.group(2) or m.group(4))
        last = ctx.month_window(m.group(3), m.group(4))
        if first and last and first[0] <= last[1]:
            return "range", first[0], last[1], None
    return None


def _dated(s: str, ctx: _Context) -> tuple | None:
    m = re.fullmatch(PRE + r"(truoc|cham nhat(?: la)?|muon nhat(?: la)?|han chot(?: la)?|khong qua|"
                     r"khong muon hon|den het|den|sau)?\s*(?:ngay\s+)?" + DATE, s)
    if not m:
        return None
    day = ctx.date(m.group(2), m.group(3), m.group(4))
    if day is None:
        return None
    word = m.group(1)
    if word == "truoc":
        return "before", None, _day_before(day), None
    if word == "sau":
        return "after", day + dt.timedelta(days=1), None, None
    if word:
        return "by", None, day, None
    return "on", day, day, None


def _month_part(s: str, ctx: _Context) -> tuple | None:
    m = re.fullmatch(PRE + r"(dau|giua|cuoi)\s+thang(?:\s+" + MONTH + r")?", s)
    if not m:
        return None
    window = ctx.month_window(m.group(2), m.group(3))
    if window is None:
        return None
    first, last = window
    part = m.group(1)
    days = {"dau": (1, 10), "giua": (11, 20), "cuoi": (21, last.day)}[part]
    kind = {"dau": "early_month", "giua": "mid_month", "cuoi": "late_month"}[part]
    return kind, first.replace(day=days[0]), first.replace(day=days[1]), None


def _month(s: str, ctx: _Context) -> tuple | None:
    m = re.fullmatch(PRE + r"(?:trong\s+|trong suot\s+|ca\s+)?thang(?:\s+" + MONTH + r")?", s) \
        or re.fullmatch(PRE + r"(?:trong\s+)?(\d{1,2})/(\d{4})", s)
    if not m:
        return None
    window = ctx.month_window(m.group(1), m.group(2))
    if window is None:
        return None
    before = re.match(r"(?:.*\s)?truoc\s+thang", s)
    if before:
        return "before", None, _day_before(window[0]), None
    return "month", window[0], window[1], None


def _quarter(s: str, ctx: _Context) -> tuple | None:
    m = re.fullmatch(PRE + r"(?:trong\s+)?quy\s+(i|ii|iii|iv|1|2|3|4)(?:/(\d{4}))?", s)
    if not m:
        return None
    year = int(m.group(2)) if m.group(2) else ctx.year
    if year is None:
        return None
    q = ROMAN[m.group(1)]
    last_month = q * 3
    return ("quarter", dt.date(year, last_month - 2, 1),
            dt.date(year, last_month, calendar.monthrange(year, last_month)[1]), None)


def _half_year(s: str, ctx: _Context) -> tuple | None:
    m = re.fullmatch(PRE + r"(?:6|sau)\s+thang\s+(dau|cuoi)\s+nam(?:\s+(\d{4}))?", s)
    if not m:
        return None
    year = int(m.group(2)) if m.group(2) else ctx.year
    if year is None:
        return None
    if m.group(1) == "dau":
        return "half_year", dt.date(year, 1, 1), dt.date(year, 6, 30), None
    return "half_year", dt.date(year, 7, 1), dt.date(year, 12, 31), None


def _year(s: str, ctx: _Context) -> tuple | None:
    m = re.fullmatch(PRE + r"(?:trong\s+|ca\s+)?nam\s+(\d{4})", s)
    if not m or re.search(r"\b(?:cuoi|dau|giua)\s+nam\b", s):  # part of a year: not read, shown as written
        return None
    year = int(m.group(1))
    return "year", dt.date(year, 1, 1), dt.date(year, 12, 31), None


RULES = [_recurring, _range, _dated, _month_part, _month, _quarter, _half_year, _year]


@lru_cache(maxsize=65536)
def parse_deadline(text: str, month: str | None = None) -> Deadline:
    """Read a deadline as written; ``month`` (``YYYY-MM``) is the programme's, for phrases without a year.

    Memoised (the result is immutable): an archive repeats a few hundred phrases thousands of
    times, and the live preview re-reads every month on each save.
    """
    ctx = _Context(month)
    normalised = normalise(text or "")
    if normalised:
        for rule in RULES:
            found = rule(normalised, ctx)
            if found:
                kind, start, end, recurrence = found
                return Deadline(kind, start, end, text, recurrence)
    return Deadline("unknown", None, None, text)
