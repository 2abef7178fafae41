"""Moving a text from one month to the next: ``tháng 11/2023`` → ``tháng 12/2023``, ``30/11/2023`` → ``30/12/2023``.

Next month's programme is written from this month's: a recurring task's text names its month
(``Tổng hợp bảng chấm công tháng 11/2023``), and its deadline is a day of the month. The rules
here move such mentions by whole months, keeping how they were written (``tháng 12/2023`` becomes
``tháng 01/2024``: as many digits as before), and clip a day to the new month's last day
(``31/10`` → ``30/11``).

Only *month mentions* (``tháng M/YYYY``, ``tháng M năm YYYY``) move in a task's text: full dates
there are mostly the dates of cited documents (``Kế hoạch số 68-KH/TU ngày 27/9/2023``), which do
not change. In a deadline every date and month moves (:func:`shift_deadline`).
"""
from __future__ import annotations

import calendar
import datetime as dt
import re

# «tháng 11/2023», «Tháng 11 năm 2023», «tháng 11-2023», «THÁNG 11/2023»
_MONTH_MENTION_RE = re.compile(
    r"(?P<word>\b[Tt][Hh][Áá][Nn][Gg]\s+)(?P<month>\d{1,2})(?P<sep>\s*[/.-]\s*|\s+(?:năm|Năm|NĂM)\s+)(?P<year>\d{4})\b")
# «ngày 25 tháng 11 năm 2023» in a deadline: a date written in words
_WORDED_DATE_RE = re.compile(
    r"(?P<day>\b\d{1,2})(?P<mid>\s+[Tt][Hh][Áá][Nn][Gg]\s+)(?P<month>\d{1,2})(?P<sep>\s+(?:năm|Năm|NĂM)\s+|\s*/\s*)(?P<year>\d{4})\b")
# «01-03/12/2023»: days 1 to 3 of one month
_DAY_RANGE_RE = re.compile(r"(?<![\d/])(?P<first>\d{1,2})(?P<dash>\s*[-–]\s*)(?P<day>\d{1,2})(?P<s1>/)(?P<month>\d{1,2})(?P<s2>/)(?P<year>\d{4})(?![\d/])")
# «25/11/2023», «25-11-2023», «25.11.2023», and «28/11» without a year
_DATE_RE = re.compile(r"(?<![\d/.-])(?P<day>\d{1,2})(?P<s1>[/.-])(?P<month>\d{1,2})(?:(?P<s2>[/.-])(?P<year>\d{4}))?(?![\d/])")


_MONTH_FORM_RE = re.compile(r"([0-9]{4})-([0-9]{2})")
_LENIENT_MONTH_RE = re.compile(r"([0-9]{4})-([0-9]{1,2})")


class MonthError(ValueError):
    """A text that is not a month written ``YYYY-MM``; its message says so in Vietnamese."""


class Month(str):
    """A calendar month, ``YYYY-MM``: the programme's month, a file name, a registry's ``from``/``to``.

    It is a ``str`` so that it sorts, compares, hashes and is written to YAML/JSON/URLs exactly as the
    text ``2023-11`` always was; what a plain string could not say (its year, its number, the month
    ``n`` later, how a reader names it) is asked of it here instead of being sliced out by hand.
    ``Month("2023-13")``, ``Month("2023-1")`` and ``Month("11/2023")`` raise :class:`MonthError`.
    """

    __slots__ = ()

    def __new__(cls, value: "str | Month") -> "Month":
        if type(value) is cls:
            return value
        text = str(value)
        match = _MONTH_FORM_RE.fullmatch(text)
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise MonthError(month_problem(text))
        return super().__new__(cls, text)

    @classmethod
    def of(cls, year: int, number: int) -> "Month":
        """``Month.of(2023, 11)`` → ``2023-11``; the number may run past 12 or below 1 (it carries)."""
        index = year * 12 + (number - 1)
        return cls(f"{index // 12:04d}-{index % 12 + 1:02d}")

    @classmethod
    def parse(cls, value: object) -> "Month | None":
        """A month as people also write it in registries (``2025-3``, a YAML date), or None."""
        if isinstance(value, (dt.date, dt.datetime)):
            return cls.of(value.year, value.month)
        match = _LENIENT_MONTH_RE.fullmatch(str(value).strip())
        if not match or not 1 <= int(match.group(2)) <= 12:
            return None
        return cls.of(int(match.group(1)), int(match.group(2)))

    @staticmethod
    def valid(text: str) -> bool:
        """``2023-11`` is a month; ``2023-13``, ``11/2023`` and ``2023-1`` are not."""
        match = _MONTH_FORM_RE.fullmatch(text)
        return match is not None and 1 <= int(match.group(2)) <= 12

    @property
    def year(self) -> int:
        return int(self[:4])

    @property
    def year_text(self) -> str:
        """``2023``: the year as a page address and a heading write it."""
        return self[:4]

    @property
    def number(self) -> int:
        """The month of the year, 1–12."""
        return int(self[5:7])

    @property
    def serial(self) -> int:
        """Months since year 0: two months' indexes differ by the months between them."""
        return self.year * 12 + self.number - 1

    def plus(self, count: int) -> "Month":
        """``2023-12`` plus 1 → ``2024-01``; a negative count goes back."""
        return Month.of(self.year, self.number + count)

    def months_since(self, earlier: "str | Month") -> int:
        """``2024-02`` since ``2023-11`` → 3."""
        return self.serial - Month(earlier).serial

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.number, 1)

    # How a reader names the month (``2023-03``):
    @property
    def numeric(self) -> str:
        """``3/2023``."""
        return f"{self.number}/{self.year}"

    @property
    def numeric_padded(self) -> str:
        """``03/2023``: as the registries and a few headings write it."""
        return f"{self[5:7]}/{self[:4]}"

    @property
    def label(self) -> str:
        """``tháng 3/2023``, inside a sentence."""
        return f"tháng {self.numeric}"

    @property
    def heading(self) -> str:
        """``Tháng 3/2023``, at the start of a line or a heading."""
        return f"Tháng {self.numeric}"

    @property
    def short(self) -> str:
        """``T3/2023``, where room is short (a link beside a task number)."""
        return f"T{self.numeric}"

    @property
    def short_padded(self) -> str:
        """``T03/2023``."""
        return f"T{self.numeric_padded}"

    @property
    def tiny(self) -> str:
        """``3/23``, under a chart's column."""
        return f"{self.number}/{self[2:4]}"


def month_problem(text: str) -> str:
    """What is wrong with ``text`` as a month, in the words every command and check uses."""
    return f"tháng «{text}» không hợp lệ; hãy viết theo dạng YYYY-MM, ví dụ 2023-11."


def add_months(year: int, month: int, count: int) -> tuple[int, int]:
    """``(2023, 12) + 1`` → ``(2024, 1)``."""
    moved = Month.of(year, month + count)
    return moved.year, moved.number


def month_key(year: int, month: int) -> str:
    return Month.of(year, month)


def next_month(month: str, count: int = 1) -> Month:
    """``2023-12`` → ``2024-01``."""
    return Month(month).plus(count)


def shift_date(day: dt.date, count: int = 1) -> dt.date:
    """The same day ``count`` months later, clipped to that month's last day (31/01 → 28/02 or 29/02)."""
    year, month = add_months(day.year, day.month, count)
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _number(value: int, written: str) -> str:
    """``value`` with as many digits as ``written`` had (``12`` → ``01``, ``9`` → ``10``)."""
    return str(value).zfill(len(written))


def shift_month_mentions(text: str, count: int = 1) -> str:
    """Every ``tháng M/YYYY`` (and ``tháng M năm YYYY``) in ``text`` moved by ``count`` months."""

    def move(match: re.Match) -> str:
        month = int(match["month"])
        if not 1 <= month <= 12:
            return match.group(0)
        year, month = add_months(int(match["year"]), month, count)
        return f"{match['word']}{_number(month, match['month'])}{match['sep']}{year}"

    return _MONTH_MENTION_RE.sub(move, text)


def mentioned_months(text: str) -> set[str]:
    """The months (``YYYY-MM``) a text names as ``tháng M/YYYY`` or ``tháng M năm YYYY``."""
    found = set()
    for match in _MONTH_MENTION_RE.finditer(text):
        if 1 <= int(match["month"]) <= 12:
            found.add(month_key(int(match["year"]), int(match["month"])))
    return found


def shift_deadline(text: str, count: int = 1, year_hint: int | None = None) -> str:
    """A deadline moved by ``count`` months: its dates to the same day (clipped), its months along.

    ``year_hint``: the year a date written without one (``28/11``) is in, for clipping its day.
    """
    spans: list[tuple[int, int, str]] = []

    def taken(start: int, end: int) -> bool:
        return any(start < e and s < end for s, e, _ in spans)

    for match in _DAY_RANGE_RE.finditer(text):
        moved = _moved_date(int(match["day"]), int(match["month"]), int(match["year"]), count)
        first = _moved_date(int(match["first"]), int(match["month"]), int(match["year"]), count)
        if moved and first:
            spans.append((match.start(), match.end(),
                          f"{_number(first.day, match['first'])}{match['dash']}{_number(moved.day, match['day'])}/"
                          f"{_number(moved.month, match['month'])}/{moved.year}"))
    for match in _WORDED_DATE_RE.finditer(text):
        if taken(match.start(), match.end()):
            continue
        moved = _moved_date(int(match["day"]), int(match["month"]), int(match["year"]), count)
        if moved:
            spans.append((match.start(), match.end(),
                          f"{_number(moved.day, match['day'])}{match['mid']}{_number(moved.month, match['month'])}"
                          f"{match['sep']}{moved.year}"))
    for match in _DATE_RE.finditer(text):
        if taken(match.start(), match.end()):
            continue
        year = int(match["year"]) if match["year"] else (year_hint or 2000)
        moved = _moved_date(int(match["day"]), int(match["month"]), year, count)
        if moved:
            tail = f"{match['s2']}{moved.year}" if match["year"] else ""
            spans.append((match.start(), match.end(),
                          f"{_number(moved.day, match['day'])}{match['s1']}{_number(moved.month, match['month'])}{tail}"))
    for match in _MONTH_MENTION_RE.finditer(text):
        if not taken(match.start(), match.end()):
            spans.append((match.start(), match.end(), shift_month_mentions(match.group(0), count)))
    out, position = [], 0
    for start, end, replacement in sorted(spans):
        out.append(text[position:start])
        out.append(replacement)
        position = end
    out.append(text[position:])
    return "".join(out)


def _moved_date(day: int, month: int, year: int, count: int) -> dt.date | None:
    try:
        return shift_date(dt.date(year, month, day), count)
    except ValueError:
        return None


def mask_periods(folded: str) -> str:
    """A folded text with its month mentions and dates replaced by placeholders.

    Two months' instances of one task differ only there (``bao cao thang 11/2023`` and
    ``bao cao thang 12/2023``), so the masked text is the task's identity across months.
    """
    masked = _FOLDED_MONTH_RE.sub("thang #", folded)
    return _FOLDED_DATE_RE.sub("#", masked)


# Each pattern starts with what it consumes first (``thang``, a digit) and checks what stands before
# it after that: a pattern that starts with a literal or a character class is searched for by the
# regex engine directly, one that starts with ``\b`` or a lookbehind is tried at every character
# (mask_periods took 10 µs a task text, 3 µs so). ``thang(?<!\wthang)`` is ``\bthang``;
# ``\d(?<![\d/]\d)\d?`` is ``(?<![\d/])\d{1,2}`` (tests/test_months.py holds them to it).
_FOLDED_MONTH_RE = re.compile(r"thang(?<!\wthang)\s+\d{1,2}(?:\s*[/.-]\s*|\s+nam\s+)\d{4}\b")
_FOLDED_DATE_RE = re.compile(r"\d(?<![\d/]\d)\d?[/.-]\d{1,2}(?:[/.-]\d{4})?(?![\d/])")
