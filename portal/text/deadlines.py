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
``range``       ``Từ ngày A đến B``, ``01-03/12/2023``, ``Từ tháng 10 đến tháng 12/2023``, a term or
                period (``nhiệm kỳ 2015 - 2020``, ``giai đoạn 2016-2020``), an anniversary span
                (``19/5/1890 - 19/5/2024``), a set of months or quarters (``tháng 7 và 8/2024``).
``month``       ``Trong tháng 11/2023``: the whole month.
``early_month`` / ``mid_month`` / ``late_month``: days 1–10, 11–20, 21–end of the month.
``week``        ``Tuần 2 tháng 12``: days 8–14 (week N is days 7N-6..7N; the last week, the last 7 days).
``quarter``     ``Quý IV/2023``.  ``half_year``: ``6 tháng đầu năm``.  ``year``: ``Năm 2024``.
``dates``       a list of days (``Ngày 05; 12; 19; 26``, ``ngày 6, 13 và 20/5``): start and end are the
                first and last; :attr:`Deadline.dates` holds every one.
``recurring``   ``Hàng tuần``, ``Thứ 5 hàng tuần``, ``Ngày 20 hàng tháng``, ``Thường xuyên``:
                the window is the programme's month and :attr:`Deadline.recurrence` says how.
``unknown``     nothing could be read; start = end = None.

Words that set the last day: ``trước X`` (before) ends the day before X (``trước Tết``: the day
before the first day of the lunar new year); ``chậm nhất X``, ``đến X``, ``đến hết X`` include X
(the whole of X when X is a month or a year). The user guide (content/pages/huong-dan.md) says so.

What is read around a date and dropped: a weekday (``Thứ 6 (15/3/2024)``), a part of the day
(``Sáng 12/9``), a time (``14:00``, ``8h30``), parentheses and a remark after a comma when it has
no number (``Trước 30/11/2023, gửi về Phòng HC-TH``). A remark with a number is not guessed at.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Optional

from portal.text.fold import fold
from portal.text.months import Month
from portal.text.numerals import FOLDED_CARDINALS, roman_table

class DeadlineKind(StrEnum):
    """What a deadline's text says about its window (see :func:`parse_deadline`); a str, as before."""

    ON = "on"
    BEFORE = "before"
    BY = "by"
    AFTER = "after"
    RANGE = "range"
    MONTH = "month"
    EARLY_MONTH = "early_month"
    MID_MONTH = "mid_month"
    LATE_MONTH = "late_month"
    QUARTER = "quarter"
    HALF_YEAR = "half_year"
    WEEK = "week"
    DATES = "dates"
    YEAR = "year"
    RECURRING = "recurring"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        """How the deadline pages name the kind: ``Trước ngày``, ``Trong tháng``…"""
        return KIND_LABELS[self]


KIND_LABELS: dict[str, str] = {
    DeadlineKind.ON: "Trong ngày",
    DeadlineKind.BEFORE: "Trước ngày",
    DeadlineKind.BY: "Chậm nhất",
    DeadlineKind.AFTER: "Sau ngày",
    DeadlineKind.RANGE: "Khoảng thời gian",
    DeadlineKind.MONTH: "Trong tháng",
    DeadlineKind.EARLY_MONTH: "Đầu tháng",
    DeadlineKind.MID_MONTH: "Giữa tháng",
    DeadlineKind.LATE_MONTH: "Cuối tháng",
    DeadlineKind.QUARTER: "Trong quý",
    DeadlineKind.HALF_YEAR: "Sáu tháng",
    DeadlineKind.WEEK: "Trong tuần",
    DeadlineKind.DATES: "Các ngày",
    DeadlineKind.YEAR: "Trong năm",
    DeadlineKind.RECURRING: "Định kỳ",
    DeadlineKind.UNKNOWN: "Chưa xác định",
}

WEEKDAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
UNDATED_KINDS = (DeadlineKind.RECURRING, DeadlineKind.UNKNOWN)  # kinds that put a task on no day of its own


@dataclass(frozen=True)
class Recurrence:
    """How a recurring task repeats, in iCalendar terms (``WEEKLY`` on ``TH``, ``MONTHLY`` on day 20)."""

    freq: str  # DAILY, WEEKLY, MONTHLY, QUARTERLY (as MONTHLY/3), YEARLY, or CONTINUOUS
    weekday: Optional[str] = None  # MO..SU
    month_day: Optional[int] = None
    workdays: bool = False  # DAILY on working days only: «vào các ngày làm việc trong tuần»

    @property
    def label(self) -> str:
        if self.freq == "WEEKLY" and self.weekday:
            names = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]
            return f"{names[WEEKDAY_CODES.index(self.weekday)]} hằng tuần"
        if self.freq == "DAILY" and self.workdays:
            return "Các ngày làm việc trong tuần"
        if self.freq == "MONTHLY" and self.month_day:
            return f"Ngày {self.month_day} hằng tháng"
        return {"DAILY": "Hằng ngày", "WEEKLY": "Hằng tuần", "MONTHLY": "Hằng tháng",
                "QUARTERLY": "Hằng quý", "YEARLY": "Hằng năm", "CONTINUOUS": "Thường xuyên"}[self.freq]


@dataclass(frozen=True)
class Deadline:
    """A deadline read from its text: a kind and an inclusive window; ``end`` is when it falls due."""

    kind: DeadlineKind
    start: Optional[dt.date]
    end: Optional[dt.date]
    text: str
    recurrence: Optional[Recurrence] = None
    dates: tuple[dt.date, ...] = ()  # every day of a ``dates`` deadline, in order

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", DeadlineKind(self.kind))  # an unknown kind is a bug: fail here

    @property
    def due(self) -> Optional[dt.date]:
        """The day a task falls due, the one definition (the month-end report's on time or late):
        the last day of its window; none when the deadline recurs, is unread or has no end
        («Sau ngày 15/11»)."""
        return None if self.kind in UNDATED_KINDS else self.end

    @property
    def timeline_day(self) -> Optional[dt.date]:
        """The day a task is shown on in the timeline and the overdue counts: its due day, or,
        for a deadline with no end («Sau ngày 15/11»), its first day."""
        return None if self.kind in UNDATED_KINDS else (self.end or self.start)

    @property
    def is_window(self) -> bool:
        """A deadline spanning several days (a month, a quarter, a range), not one due day.

        A list of days is not a window: each of its days is a due day of its own.
        """
        return self.kind != "dates" and self.start is not None and self.end is not None and self.start != self.end

    @property
    def days(self) -> tuple[dt.date, ...]:
        """The due days: each day of a list, else the one due day (none when open or unknown)."""
        if self.dates:
            return self.dates
        return (self.end,) if self.end else ()

    @property
    def label(self) -> str:
        return self.kind.label

    def as_json(self) -> dict:
        return {"kind": self.kind, "start": _iso(self.start), "end": _iso(self.end), "text": self.text}


def _iso(day: Optional[dt.date]) -> Optional[str]:
    return day.isoformat() if day else None


# --- normalisation: every way of writing a date becomes d/m/yyyy in folded text -------------

WEEKDAY_WORD = r"(?:thu\s+(?:2|3|4|5|6|7|hai|ba|tu|nam|sau|bay)|chu\s+nhat|cn|t[2-7](?!\w))"  # «T2»: Monday
EVERY = r"(?:hang|moi)"

_TIME_RE = re.compile(r"(?<![\d/])\d{1,2}\s*(?:h|g|gio|:)\s*(?:\d{2}(?![\d/]))?\s*(?:phut|p|')?(?![\w/])")
_PAREN_RE = re.compile(r"\(([^()]*)\)")
_KEEP_IN_PAREN_RE = re.compile(r"\d{1,2}/\d{1,2}|\d{4}|" + WEEKDAY_WORD)
# Weekdays and nothing else: «Thứ 2, 6», «thứ Bảy, Chủ nhật» (never a year: 2 to 7 stand alone).
_WEEKDAYS_ONLY_RE = re.compile(r"(?:(?:thu|ngay|vao|cac|chu\s+nhat|cn|(?<!\d)[2-7](?!\d)|hai|ba|tu|nam|sau|bay|va)"
                               r"[\s,;&-]*)+")
# A weekday, not an ordinal: «tuần thứ 3», «lần thứ 2», «đợt thứ 2» keep their «thứ».
_WEEKDAY_RE = re.compile(r"(?<!tuan )(?<!lan )(?<!dot )(?<!ky )\b(?:vao\s+)?(?:ngay\s+)?" + WEEKDAY_WORD + r"\b\s*,?")
# «Trước 17 giờ ngày 24/11»: before a time of the day, so due that day (read as «chậm nhất»).
_BEFORE_TIME_RE = re.compile(r"\btruoc\s+(?=(?:\d{1,2}\s*(?:h|g|gio|:)\s*(?:\d{2})?\s*(?:phut|p|')?\s*,?\s*)"
                             r"(?:" + WEEKDAY_WORD + r"\s*,?\s*)?(?:ngay\s+)?\d{1,2}/)")
# «Sáng 15-3», «Chiều 2-3» (the newspapers' day-month): a day and month, not a range of days.
_PART_OF_DAY_DATE_RE = re.compile(r"\b(sang|chieu|toi|trua)\s+(\d{1,2})\s*-\s*(\d{1,2})(?![\d/.-])")
_PART_OF_DAY_RE = re.compile(r"\b(?:(?:buoi\s+)?(?:sang|chieu)|ca\s+ngay)\b")
_RUN_TOGETHER_YEARS_RE = re.compile(r"(?<!\d)((?:19|20)\d\d)((?:19|20)\d\d)(?!\d)")

_REWRITES = [
    (re.compile(r"[\u2010-\u2015\u2212]"), "-"),  # en/em dashes, minus
    (re.compile(r"\b(ngay|thang|quy|tuan|nam|truoc|den)(?=\d)"), r"\1 "),  # run together in PDF text: «tháng11/2023»
    (re.compile(r"\s*/+\s*"), "/"),  # «30 /11/ 2023», «30//11/2023»
    (re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{2})(?![\d/])"), r"\1/\2/20\3"),  # «30/11/23»
    (re.compile(r"(?<![\d/])(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})"), r"\1/\2/\3"),  # «30 tháng 11 năm 2023»
    (re.compile(r"\bngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s*(?:nam|/|-)\s*(\d{4})"), r"\1/\2/\3"),
    (re.compile(r"\bngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\b"), r"\1/\2"),
    # the last day of a list: «ngày 5, 6 tháng 12»
    (re.compile(r"((?:[,;]|\bva)\s*)(\d{1,2})\s+thang\s+(\d{1,2})\s*(?:nam|/|-)\s*(\d{4})"), r"\1\2/\3/\4"),
    (re.compile(r"((?:[,;]|\bva)\s*)(\d{1,2})\s+thang\s+(\d{1,2})\b"), r"\1\2/\3"),
    (re.compile(r"\bthang\s+(\d{1,2})\s*(?:nam|-|\.)\s*(\d{4})"), r"thang \1/\2"),
    (re.compile(r"(?<![\d/])(\d{1,2})\s*([.-])\s*(\d{1,2})\s*\2\s*(\d{4})(?!\d)"), r"\1/\3/\4"),
    (re.compile(r"\bthang\s+(?=\d{1,2}/\d{1,2}/\d{4})"), ""),  # typo «trước tháng 25/10/2024»: a full date
    (re.compile(r"\b(?:ke\s+)?tu\s+(?:nay|bay gio)\s+(?=den\b)"), ""),  # «từ nay đến 30/11»: by 30/11
    (re.compile(r"\b(?:ngay|vao|trong ngay|vao ngay)\s+(?=\d{1,2}/)"), ""),
    (re.compile(r"\bquy\s+([ivx]+|\d)\s*(?:nam|-|/)\s*(\d{4})"), r"quy \1/\2"),
]
_TRAILING = " .;,:!-"
_SPACES_RE = re.compile(r"\s+")
_SPACE_BEFORE_COMMA_RE = re.compile(r"\s+([,;])")
_DIGIT_RE = re.compile(r"\d")
_WEEKLY_RE = re.compile(EVERY + r"\s+tuan")
_WEEKDAY_HINT_RE = re.compile(r"thu|chu|cn|t[2-7]")


def _paren(match: re.Match, recurring: bool) -> str:
    """Parentheses around a date or a year are unwrapped; around weekdays only («(Thứ 2, 6)»), kept
    for a recurring phrase («Hằng tuần (thứ 6)») and else dropped; a remark («dự kiến») goes."""
    inner = match.group(1)
    if _WEEKDAYS_ONLY_RE.fullmatch(inner.strip()):
        return f" {inner} " if recurring else " "
    return f" {inner} " if _KEEP_IN_PAREN_RE.search(inner) else " "


def _years(match: re.Match) -> str:
    first, last = int(match.group(1)), int(match.group(2))
    return f"{first}-{last}" if first < last <= first + 30 else match.group(0)


def normalise(text: str) -> str:
    """Folded text with dates as ``d/m/yyyy`` (or ``d/m``): the form every rule below reads.

    Times and, around a date, weekdays are dropped; years run together by PDF extraction
    (``20162020``) are parted.
    """
    folded = fold(text.replace("Đ", "D").replace("đ", "d"))  # single-spaced already
    digits = bool(_DIGIT_RE.search(folded))
    if digits:  # what only a text with a number can hold (each test is cheaper than its pattern)
        folded = _BEFORE_TIME_RE.sub("cham nhat ", folded)
        folded = _TIME_RE.sub(" ", folded)
        folded = _rewrite(_PART_OF_DAY_DATE_RE, r"\1 \2/\3", folded)
        if len(folded) >= 8:
            folded = _RUN_TOGETHER_YEARS_RE.sub(_years, folded)
    recurring = bool(_WEEKLY_RE.search(folded))
    if "(" in folded:
        folded = _PAREN_RE.sub(lambda match: _paren(match, recurring), folded)
    for pattern, replacement in _REWRITES:
        folded = _rewrite(pattern, replacement, folded)
    if not recurring and _WEEKDAY_HINT_RE.search(folded):  # «Thứ 5 hằng tuần» keeps its weekday
        folded = _WEEKDAY_RE.sub(" ", folded)
    if digits:  # «Sáng 12/9», «14/7 Sáng», «(cả ngày)»: the part of the day goes
        folded = _PART_OF_DAY_RE.sub(" ", folded)
    folded = _SPACES_RE.sub(" ", folded).strip(_TRAILING)
    return _rewrite(_SPACE_BEFORE_COMMA_RE, r"\1", folded)


def _rewrite(pattern: re.Pattern, replacement: str, text: str) -> str:
    """``pattern.sub(replacement, text)``, skipped when nothing matches: a replacement with a group
    (``\\1``) calls back into Python (``re._subx``) before any search, so each of the dozen rewrites
    of a phrase cost a microsecond even when, as mostly, it had nothing to rewrite."""
    if "\\" in replacement and pattern.search(text) is None:
        return text
    return pattern.sub(replacement, text)


# --- pieces of the grammar ---------------------------------------------------------------------

DATE = r"(\d{1,2})/(\d{1,2})(?:/(\d{4}))?"  # day, month, optional year
# Leading words that do not change the meaning («phát hành», «dự kiến», «kỷ niệm 110 năm»). Never
# a word that does (before, by, from, quarter, week, month, year, Tết, every): a rule that does not
# read such a word must not match by swallowing it («Trước quý IV» is not «Quý IV»).
PRE_STOP = r"(?:truoc|sau|den|toi|cham|muon|han|khong|quy|tuan|thang|tet|tu|ke|het|nam|hang|moi)"
PRE = rf"(?:(?:(?!{PRE_STOP}\b)[a-z]+\b|\d+\s+nam\b)[ ,:;-]*)*?"  # whole words: «T2» is no «t» and a 2
MONTH = r"(?:thang\s+)?(\d{1,2})(?:/(\d{4}))?"  # month, optional year
ROMAN = {**roman_table(4), **{str(quarter): quarter for quarter in range(1, 5)}}  # a quarter: I–IV or 1–4
QUARTER = r"(i|ii|iii|iv|1|2|3|4)"
WEEKDAYS = {"2": "MO", "hai": "MO", "3": "TU", "ba": "TU", "4": "WE", "tu": "WE", "5": "TH",
            "nam": "TH", "6": "FR", "sau": "FR", "7": "SA", "bay": "SA", "chu nhat": "SU", "cn": "SU"}
COUNTS = FOLDED_CARDINALS
# Words before a date, month or year and what they make of it (see the module's docstring).
LIMIT_WORDS = (r"(truoc|cham nhat(?: la)?|muon nhat(?: la)?|han chot(?: la)?|khong qua|khong muon hon|"
               r"den het|den|sau|ke tu|tu)")

# The first day of the lunar new year (Tết Nguyên đán), 2010–2035.
TET = {2010: (2, 14), 2011: (2, 3), 2012: (1, 23), 2013: (2, 10), 2014: (1, 31), 2015: (2, 19),
       2016: (2, 8), 2017: (1, 28), 2018: (2, 16), 2019: (2, 5), 2020: (1, 25), 2021: (2, 12),
       2022: (2, 1), 2023: (1, 22), 2024: (2, 10), 2025: (1, 29), 2026: (2, 17), 2027: (2, 6),
       2028: (1, 26), 2029: (2, 13), 2030: (2, 3), 2031: (1, 23), 2032: (2, 11), 2033: (1, 31),
       2034: (2, 19), 2035: (2, 8)}


class _Context:
    """The programme's month: where a phrase without a year or month takes them from."""

    def __init__(self, month: str | None):
        self.year = self.month = None
        if month and Month.valid(month):
            self.year, self.month = Month(month).year, Month(month).number

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


def _limited(word: str | None, first: dt.date, last: dt.date, kind: str) -> tuple:
    """A window (a month, a year, a day) with its limit word: before it, by its end, after it, or itself."""
    if word == "truoc":
        return "before", None, _day_before(first), None
    if word == "sau":
        return "after", last + dt.timedelta(days=1), None, None
    if word in ("tu", "ke tu"):  # «Từ ngày 20/11»: from that day on
        return "after", first, None, None
    if word:
        return "by", None, last, None
    return kind, first, last, None


def _quarter_window(q: int, year: int) -> tuple[dt.date, dt.date]:
    last_month = q * 3
    return dt.date(year, last_month - 2, 1), dt.date(year, last_month, calendar.monthrange(year, last_month)[1])


# --- rules: each reads the normalised text or returns None ------------------------------------

# Cheap tests before each rule's pattern: a rule cannot match a text without its words.
_RECURRING_WORDS_RE = re.compile(r"\b(?:hang|moi|thuong xuyen|lien tuc|dinh ky|lam viec)\b")
_LIST_SEP_RE = re.compile(r"[,;&]|\bva\b")
_YEAR_DIGITS_RE = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_FREQUENCIES = [(re.compile(r"\b(?:" + pattern + r")\b"), freq) for pattern, freq in (
    (EVERY + r"\s+tuan", "WEEKLY"), (EVERY + r"\s+ngay", "DAILY"), (EVERY + r"\s+thang", "MONTHLY"),
    (EVERY + r"\s+quy", "QUARTERLY"), (EVERY + r"\s+nam", "YEARLY"), (r"thuong xuyen|lien tuc|dinh ky", "CONTINUOUS"))]
_WEEKDAY_EVERY_WEEK_RE = re.compile(r"\b(?:vao\s+)?(?:thu\s+(2|3|4|5|6|7|hai|ba|tu|nam|sau|bay)|(chu nhat|cn))\s+"
    + EVERY + r"\s+tuan\b")
_EVERY_WEEK_ON_WEEKDAY_RE = re.compile(r"\b" + EVERY + r"\s+tuan,?\s+(?:vao\s+)?(?:ngay\s+)?"
    r"(?:thu\s+(2|3|4|5|6|7|hai|ba|tu|nam|sau|bay)"
    r"|(chu nhat|cn))\b")
_DAY_EVERY_MONTH_RE = re.compile(r"\bngay\s+(\d{1,2})\s+" + EVERY + r"\s+thang\b")
_WORKDAYS_RE = re.compile(r"\bcac\s+ngay\s+lam\s+viec\b")
_ANY_DATE_RE = re.compile(DATE)


def _recurring(s: str, ctx: _Context) -> tuple | None:
    if not _RECURRING_WORDS_RE.search(s):
        return None
    weekday = _WEEKDAY_EVERY_WEEK_RE.search(s) \
        or _EVERY_WEEK_ON_WEEKDAY_RE.search(s)
    if weekday:
        rule = Recurrence("WEEKLY", weekday=WEEKDAYS[weekday.group(1) or weekday.group(2)])
    elif m := _DAY_EVERY_MONTH_RE.search(s):
        if not 1 <= int(m.group(1)) <= 31:
            return None
        rule = Recurrence("MONTHLY", month_day=int(m.group(1)))
    elif _WORKDAYS_RE.search(s) and not _DIGIT_RE.search(s):
        rule = Recurrence("DAILY", workdays=True)
    else:
        for pattern, freq in _FREQUENCIES:
            if pattern.search(s) and not _ANY_DATE_RE.search(s):
                rule = Recurrence(freq)
                break
        else:
            return None
    window = ctx.month_window(None, None) or (None, None)
    return "recurring", window[0], window[1], rule


_YEARS_SPAN_RE = re.compile(PRE + r"(?:(?:ca|trong|suot)\s+)?(nhiem ky|giai doan|thoi ky|nam hoc|nam)?\s*"
    r"((?:19|20)\d\d)\s*-\s*((?:19|20)\d\d)")


def _years_span(s: str, ctx: _Context) -> tuple | None:
    """``nhiệm kỳ 2015 - 2020``, ``giai đoạn 2016-2020``, ``(2019 - 2023)``; ``năm học 2023 - 2024``."""
    if "-" not in s:
        return None
    m = _YEARS_SPAN_RE.fullmatch(s)
    if not m:
        return None
    first, last = int(m.group(2)), int(m.group(3))
    if not first < last <= first + 200:  # a term, a period, or an anniversary's years («(1943 - 2023)»)
        return None
    if m.group(1) == "nam hoc":  # a school year: from September to the end of May
        return ("range", dt.date(first, 9, 1), dt.date(last, 5, 31), None) if last == first + 1 else None
    return "range", dt.date(first, 1, 1), dt.date(last, 12, 31), None


_LIST_ITEM = r"\d{1,2}(?:/\d{1,2}(?:/\d{4})?)?"
_LIST_SEP = r"\s*(?:[,;]\s*va|[,;]|va|&)\s*"
_LIST_RE = re.compile(PRE + r"(?:cac\s+)?(?:ngay\s+)?(" + _LIST_ITEM + r"(?:" + _LIST_SEP + r"(?:ngay\s+)?"
                      + _LIST_ITEM + r")+)")


_NUMBERED_PERIOD_RE = re.compile(r"\b(?:thang|quy|tuan|nam)\s+\d")
_LIMIT_LEAD_RE = re.compile(PRE + LIMIT_WORDS + r"\b")


def _dates(s: str, ctx: _Context) -> tuple | None:
    """A list of days: ``Ngày 05; 12; 19; 26``, ``ngày 6, 13 và 20/5``, ``20/11; 25/11``.

    A day without month takes the month (and year) of the next day that has one, as in
    ``6, 13 và 20/5``; the last ones without, the programme's.
    """
    if not _LIST_SEP_RE.search(s):
        return None
    if _NUMBERED_PERIOD_RE.search(s):  # «tháng 7, 8»: months, not days
        return None
    if _LIMIT_LEAD_RE.match(s):  # «Trước ngày 20/11 và 20/12»: not guessed at
        return None
    m = _LIST_RE.fullmatch(s)
    if not m:
        return None
    items = [item.split("/") for item in re.findall(_LIST_ITEM, m.group(1))]
    month = year = None
    days = []
    for parts in reversed(items):
        if len(parts) >= 2:
            month = parts[1]
            year = parts[2] if len(parts) == 3 else (year if month and len(parts) < 3 and year else None)
        day = ctx.date(parts[0], month, parts[2] if len(parts) == 3 else year)
        if day is None:
            return None
        days.append(day)
    days = sorted(set(days))
    if len(days) < 2:
        return None
    return "dates", days[0], days[-1], None, tuple(days)


_DAYS_RANGE_RE = re.compile(PRE + r"(?:tu\s+)?(?:ngay\s+)?(\d{1,2})(?:/(\d{1,2})(?:/(\d{4}))?)?\s*(?:-|den|toi)\s*"
    r"(?:het\s+)?(?:ngay\s+)?" + DATE)
_BARE_DAYS_RANGE_RE = re.compile(PRE + r"(?:tu\s+)?(?:ngay\s+)?(\d{1,2})\s*(?:-|den|toi)\s*(?:het\s+)?(?:ngay\s+)?(\d{1,2})")
_MONTHS_RANGE_RE = re.compile(PRE + r"(?:tu\s+)?thang\s+(\d{1,2})(?:/(\d{4}))?\s*(?:-|den|toi)\s*(?:het\s+)?"
    + MONTH)


def _range(s: str, ctx: _Context) -> tuple | None:
    if "-" not in s and "den" not in s and "toi" not in s:
        return None
    m = _DAYS_RANGE_RE.fullmatch(s)
    if m:
        end = ctx.date(m.group(4), m.group(5), m.group(6))
        if end is None:
            return None
        start_month = int(m.group(2)) if m.group(2) else end.month
        start_year = int(m.group(3)) if m.group(3) else (end.year - 1 if start_month > end.month else end.year)
        start = ctx.date(m.group(1), str(start_month), str(start_year))
        return ("range", start, end, None) if start and start <= end else None
    m = _BARE_DAYS_RANGE_RE.fullmatch(s)
    if m:  # «Từ ngày 20 đến ngày 25», «Ngày 20-25»: days of the programme's month
        start, end = ctx.date(m.group(1), None, None), ctx.date(m.group(2), None, None)
        return ("range", start, end, None) if start and end and start < end else None
    m = _MONTHS_RANGE_RE.fullmatch(s)
    if m:
        last = ctx.month_window(m.group(3), m.group(4))
        if last is None or not 1 <= int(m.group(1)) <= 12:
            return None
        first_year = m.group(2) or (str(last[0].year - 1) if int(m.group(1)) > last[0].month else str(last[0].year))
        first = ctx.month_window(m.group(1), first_year)
        if first and first[0] <= last[1]:
            return "range", first[0], last[1], None
    return None


_DATED_RE = re.compile(PRE + LIMIT_WORDS + r"?[\s,:]*(?:ngay\s+)?" + DATE)


def _dated(s: str, ctx: _Context) -> tuple | None:
    m = _DATED_RE.fullmatch(s)
    if not m:
        return None
    day = ctx.date(m.group(2), m.group(3), m.group(4))
    if day is None:
        return None
    return _limited(m.group(1), day, day, "on")


_MONTH_PART_RE = re.compile(PRE + r"(dau|giua|cuoi)\s+thang(?:\s+" + MONTH + r")?")


def _month_part(s: str, ctx: _Context) -> tuple | None:
    if "thang" not in s:
        return None
    m = _MONTH_PART_RE.fullmatch(s)
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


_WEEK_RE = re.compile(PRE + r"(?:trong\s+)?tuan\s+(?:thu\s+)?(\d|dau|cuoi|dau tien)\s+(?:cua\s+)?thang(?:\s+"
    + MONTH + r")?")


def _week(s: str, ctx: _Context) -> tuple | None:
    """``Tuần 2 tháng 12``: week N is days 7N-6..7N; ``tuần cuối tháng``, the last seven days."""
    if "tuan" not in s:
        return None
    m = _WEEK_RE.fullmatch(s)
    if not m:
        return None
    window = ctx.month_window(m.group(2), m.group(3))
    if window is None:
        return None
    first, last = window
    which = m.group(1)
    if which == "cuoi":
        return "week", last - dt.timedelta(days=6), last, None
    n = 1 if which.startswith("dau") else int(which)
    if not 1 <= n <= 5:
        return None
    start = first + dt.timedelta(days=7 * (n - 1))
    return "week", start, min(start + dt.timedelta(days=6), last), None


_MONTH_RE = re.compile(PRE + LIMIT_WORDS + r"?[\s,:]*(?:trong\s+|trong suot\s+|ca\s+)?thang(?:\s+" + MONTH + r")?")
_MONTH_YEAR_RE = re.compile(PRE + LIMIT_WORDS + r"?[\s,:]*(?:trong\s+)?(\d{1,2})/(\d{4})")


def _month(s: str, ctx: _Context) -> tuple | None:
    if "thang" not in s and "/" not in s:
        return None
    m = _MONTH_RE.fullmatch(s) \
        or _MONTH_YEAR_RE.fullmatch(s)
    if not m:
        return None
    window = ctx.month_window(m.group(2), m.group(3))
    if window is None:
        return None
    return _limited(m.group(1), window[0], window[1], "month")


_MONTH_SET_RE = re.compile(PRE + r"(?:trong\s+)?thang\s+(\d{1,2}(?:" + _LIST_SEP + r"(?:thang\s+)?\d{1,2})+)"
    r"(?:/(\d{4}))?")


def _months(s: str, ctx: _Context) -> tuple | None:
    """A set of consecutive months: ``trong tháng 7, 8``, ``tháng 7 và 8/2024``: one range."""
    if "thang" not in s:
        return None
    m = _MONTH_SET_RE.fullmatch(s)
    if not m:
        return None
    months = [int(n) for n in re.findall(r"\d{1,2}", m.group(1))]
    if any(b != a + 1 for a, b in zip(months, months[1:])):
        return None
    first, last = ctx.month_window(str(months[0]), m.group(2)), ctx.month_window(str(months[-1]), m.group(2))
    return ("range", first[0], last[1], None) if first and last else None


_QUARTER_RE = re.compile(PRE + LIMIT_WORDS + r"?[\s,:]*(?:trong\s+)?quy(?:\s+" + QUARTER + r")?(?:/(\d{4}))?")
# «Quý IV/2023 - Quý I/2024»: from one quarter to another, across a year
_QUARTER_SPAN_RE = re.compile(PRE + r"(?:tu\s+)?quy\s+" + QUARTER + r"(?:/(\d{4}))?\s*(?:-|den|toi)\s*(?:het\s+)?quy\s+"
                              + QUARTER + r"/(\d{4})")


def _quarter(s: str, ctx: _Context) -> tuple | None:
    if "quy" not in s:
        return None
    span = _QUARTER_SPAN_RE.fullmatch(s)
    if span:
        last_year = int(span.group(4))
        first_year = int(span.group(2)) if span.group(2) else last_year
        first, last = _quarter_window(ROMAN[span.group(1)], first_year), _quarter_window(ROMAN[span.group(3)], last_year)
        return ("range", first[0], last[1], None) if first[0] <= last[1] else None
    m = _QUARTER_RE.fullmatch(s)
    if not m:
        return None
    q = ROMAN[m.group(2)] if m.group(2) else ((ctx.month - 1) // 3 + 1 if ctx.month else None)
    if q is None:
        return None
    year = int(m.group(3)) if m.group(3) else ctx.year_for(q * 3 - 2, None)
    if year is None:
        return None
    return _limited(m.group(1), *_quarter_window(q, year), "quarter")


_QUARTER_SET_RE = re.compile(PRE + r"(?:trong\s+)?quy\s+(" + QUARTER + r"(?:" + _LIST_SEP + r"(?:quy\s+)?" + QUARTER
    + r")+)(?:/(\d{4}))?")


def _quarters(s: str, ctx: _Context) -> tuple | None:
    """Consecutive quarters: ``Quý III, IV/2024``, ``Quý I và Quý II năm 2024``: one range."""
    if "quy" not in s:
        return None
    m = _QUARTER_SET_RE.fullmatch(s)
    if not m:
        return None
    quarters = [ROMAN[q] for q in re.findall(r"\b(iv|iii|ii|i|[1-4])\b", m.group(1))]
    if any(b != a + 1 for a, b in zip(quarters, quarters[1:])):
        return None
    last = m.group(m.lastindex) if m.lastindex else ""
    year = int(last) if last and len(last) == 4 else ctx.year_for(quarters[0] * 3 - 2, None)
    if year is None:
        return None
    return "range", _quarter_window(quarters[0], year)[0], _quarter_window(quarters[-1], year)[1], None


_YEAR_PART_RE = re.compile(PRE + r"(\d{1,2}|" + "|".join(COUNTS) + r")\s+thang\s+(dau|cuoi)\s+nam(?:\s+(\d{4}))?")


def _year_part(s: str, ctx: _Context) -> tuple | None:
    """``6 tháng đầu năm 2024`` (a half year), ``9 tháng cuối năm`` (April to December): N months."""
    if "thang" not in s:
        return None
    m = _YEAR_PART_RE.fullmatch(s)
    if not m:
        return None
    n = int(m.group(1)) if m.group(1).isdigit() else COUNTS[m.group(1)]
    year = int(m.group(3)) if m.group(3) else ctx.year
    if year is None or not 1 <= n <= 11:
        return None
    kind = "half_year" if n == 6 else "range"
    if m.group(2) == "dau":
        return kind, dt.date(year, 1, 1), dt.date(year, n, calendar.monthrange(year, n)[1]), None
    return kind, dt.date(year, 13 - n, 1), dt.date(year, 12, 31), None


_YEAR_RE = re.compile(PRE + LIMIT_WORDS + r"?[\s,:]*(?:trong\s+|ca\s+)?(?:nam(?:\s+((?:19|20)\d\d))?|((?:19|20)\d\d))")
_PART_OF_YEAR_RE = re.compile(r"\b(?:cuoi|dau|giua)\s+nam\b")


def _year(s: str, ctx: _Context) -> tuple | None:
    if "nam" not in s and not _YEAR_DIGITS_RE.search(s):
        return None
    m = _YEAR_RE.fullmatch(s)
    if not m or _PART_OF_YEAR_RE.search(s):  # part of a year: not read, shown as written
        return None
    year = m.group(2) or m.group(3)
    year = int(year) if year else ctx.year
    if year is None:
        return None
    return _limited(m.group(1), dt.date(year, 1, 1), dt.date(year, 12, 31), "year")


_TET_RE = re.compile(PRE + r"(truoc|sau|cham nhat|den)\s+(?:dip\s+)?tet(\s+duong lich)?(?:\s+nguyen dan)?"
    r"(?:\s+(?!nam\b)[a-z]+){0,2}?(?:\s+(?:nam\s+)?((?:19|20)\d\d))?")


def _tet(s: str, ctx: _Context) -> tuple | None:
    """``Trước Tết (Nguyên đán Giáp Thìn 2024)``: the lunar new year's first day, the next after the
    programme's month began, or of the year given; ``Tết Dương lịch`` is 1 January."""
    if "tet" not in s:
        return None
    m = _TET_RE.fullmatch(s)
    if not m:
        return None
    if m.group(2):
        year = int(m.group(3)) if m.group(3) else (ctx.year + 1 if ctx.year else None)
        day = dt.date(year, 1, 1) if year else None
    elif m.group(3):
        day = dt.date(int(m.group(3)), *TET[int(m.group(3))]) if int(m.group(3)) in TET else None
    elif ctx.year is not None:
        since = dt.date(ctx.year, ctx.month or 1, 1)
        day = next((dt.date(y, *TET[y]) for y in (ctx.year, ctx.year + 1) if y in TET and dt.date(y, *TET[y]) >= since),
                   None)
    else:
        day = None
    if day is None:
        return None
    return _limited(m.group(1), day, day, "on")


# One date with its limit word, the commonest cell, first: it needs exactly one date, and no other
# rule reads a text that is one date and lead-in words (which hold no digit and no meaning word).
RULES = [_dated, _recurring, _years_span, _months, _quarters, _dates, _range, _week, _month_part, _month,
         _quarter, _year_part, _tet, _year]


_CLAUSE_RE = re.compile(r"\s*[;,]\s*|\s+-\s+")


def _read(normalised: str, ctx: _Context) -> tuple | None:
    for rule in RULES:
        found = rule(normalised, ctx)
        if found:
            return found
    return None


@lru_cache(maxsize=65536)
def parse_deadline(text: str, month: str | None = None) -> Deadline:
    """Read a deadline as written; ``month`` (``YYYY-MM``) is the programme's, for phrases without a year.

    The whole phrase is read first; failing that, its first clause when what follows the first
    comma, semicolon or dash has no number (a remark: «…, gửi về Phòng HC-TH»).

    Memoised (the result is immutable): an archive repeats a few hundred phrases thousands of
    times, and the live preview re-reads every month on each save.
    """
    ctx = _Context(month)
    normalised = normalise(text or "")
    if normalised:
        found = _read(normalised, ctx)
        if found is None:
            parts = _CLAUSE_RE.split(normalised, maxsplit=1)
            if len(parts) == 2 and not _DIGIT_RE.search(parts[1]):
                found = _read(parts[0].strip(_TRAILING), ctx)
        if found:
            kind, start, end, recurrence, *dates = found
            return Deadline(kind, start, end, text, recurrence, dates[0] if dates else ())
    return Deadline(DeadlineKind.UNKNOWN, None, None, text)
