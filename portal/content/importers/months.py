"""The programme's month, from its title or subtitle in any of the forms offices write it."""
from __future__ import annotations

import re
from typing import Optional

from portal.content.importers.report import iter_tasks
from portal.content.importers.result import ImportResult, nfc
from portal.text.months import Month, next_month
from portal.text.numerals import MONTH_WORDS

_MONTH_WORDS = MONTH_WORDS
_MONTH_WORD = "|".join(sorted(_MONTH_WORDS, key=len, reverse=True))
_MONTH_RES = [
    re.compile(r"tháng\s+0?(\d{1,2})\s*[/.\-]\s*(\d{4})", re.IGNORECASE),
    re.compile(r"tháng\s+0?(\d{1,2})\s*,?\s+năm\s+(\d{4})", re.IGNORECASE),
    re.compile(rf"tháng\s+({_MONTH_WORD})\s*(?:[/.\-]|,?\s*năm)\s*(\d{{4}})", re.IGNORECASE),
]
_MONTH_NO_YEAR_RES = [
    re.compile(r"tháng\s+0?(\d{1,2})(?![\d/.\-])", re.IGNORECASE),
    re.compile(rf"tháng\s+({_MONTH_WORD})\b", re.IGNORECASE),
]
_ISSUE_DATE_RE = re.compile(r"ngày\s+0?(\d{1,2})\s+tháng\s+0?(\d{1,2})\s+năm\s+(\d{4})"
                            r"|ngày\s+0?(\d{1,2})\s*/\s*0?(\d{1,2})\s*/\s*(\d{4})", re.IGNORECASE)
_YEAR_RE = re.compile(r"năm\s+(\d{4})|(\d{4})\s*$", re.IGNORECASE)


def _month_value(token: str) -> Optional[int]:
    token = token.strip().lower()
    value = int(token) if token.isdigit() else _MONTH_WORDS.get(nfc(token))
    return value if value and 1 <= value <= 12 else None


def month_from_text(text: str) -> str | None:
    """``Công tác Tuyên giáo tháng 11/2023``, ``THÁNG 06 NĂM 2024``, ``tháng Sáu năm 2024`` → ``YYYY-MM``."""
    text = nfc(text or "")
    for pattern in _MONTH_RES:
        for match in pattern.finditer(text):
            month = _month_value(match.group(1))
            if month:
                return Month.of(int(match.group(2)), month)
    return None


# Two months in one subject: «tháng 01 và tháng 02/2026», «tháng 01, 02 năm 2026», «tháng 01 - 02/2026»,
# «tháng 12/2025 và tháng 01/2026» (the first month's own year, when written, wins over the last one's).
_TWO_MONTHS_RE = re.compile(
    r"tháng\s+0?(\d{1,2})(?:\s*[/.\-]\s*(\d{4}))?\s*(?:,|và|-|–|đến|&)\s*(?:tháng\s+)?0?(\d{1,2})"
    r"\s*(?:[/.\-]|,?\s*năm)\s*(\d{4})", re.IGNORECASE)


def months_covered(text: str) -> list[str]:
    """``[YYYY-MM, YYYY-MM]`` when the subject names two consecutive months (a Tết programme), else ``[]``."""
    match = _TWO_MONTHS_RE.search(nfc(text or ""))
    if not match:
        return []
    first, second, year = int(match.group(1)), int(match.group(3)), int(match.group(4))
    if not (1 <= first <= 12 and 1 <= second <= 12):
        return []
    first_year = int(match.group(2)) if match.group(2) else (year - 1 if first > second else year)
    months = [f"{first_year:04d}-{first:02d}", f"{year:04d}-{second:02d}"]
    return months if next_month(months[0]) == months[1] else []


def month_without_year(text: str) -> Optional[int]:
    """``tháng 6`` (no year written) → 6."""
    text = nfc(text or "")
    for pattern in _MONTH_NO_YEAR_RES:
        for match in pattern.finditer(text):
            month = _month_value(match.group(1))
            if month:
                return month
    return None


def issue_date(text: str) -> tuple[Optional[int], Optional[int], Optional[int]]:
    """``ngày 31 tháng 5 năm 2024`` → (2024, 5, 31); a draft's ``ngày [ng] tháng [th] năm 2024`` → (2024, None, None)."""
    text = nfc(text or "")
    match = _ISSUE_DATE_RE.search(text)
    if match:
        groups = [g for g in match.groups() if g is not None]
        day, month, year = (int(g) for g in groups)
        if 1 <= month <= 12:
            return year, month, day
    found = _YEAR_RE.search(text)
    if found:
        return int(found.group(1) or found.group(2)), None, None
    return None, None, None


def set_month(result: ImportResult) -> None:
    """The programme's month: from the title or subtitle in any of its forms, the issue date only as a
    last resort; says so when the two disagree other than by the usual «issued the month before»."""
    header = result.data.get("header", {})
    heading = " ".join(header.get(key, "") for key in ("title", "subtitle"))
    year, month_issued, _ = issue_date(header.get("date", ""))
    covered = months_covered(heading)
    month = covered[0] if covered else month_from_text(heading)
    if not month:
        bare = month_without_year(heading)
        if bare and year:
            # issued in December for January: the programme's year is the next one
            month = Month.of(year + (1 if month_issued == 12 and bare == 1 else 0), bare)
    if month and year and month_issued:
        issued = Month(month).months_since(Month.of(year, month_issued))
        if issued not in (0, 1):
            result.warn(f"trích yếu ghi {Month(month).label} nhưng ngày ban hành là «{header.get('date')}» "
                        "(không phải trong tháng đó hay tháng trước). Hãy kiểm tra trích yếu của văn bản; "
                        "tháng được lấy theo trích yếu.", "month")
    if not month and year and month_issued:
        month = Month.of(year, month_issued)
        result.warn(f"trích yếu không ghi tháng; tạm lấy tháng của ngày ban hành ({month_issued}/{year}). "
                    "Chương trình thường ban hành trước tháng của nó: nếu sai, hãy dùng --month YYYY-MM.", "month")
    result.data = {"month": month or "", **({"until": covered[1]} if covered else {}), **result.data}
    if not month:
        result.error("không xác định được tháng của chương trình từ trích yếu; hãy dùng tùy chọn --month YYYY-MM.", "month")


_DATE_IN_DEADLINE_RE = re.compile(r"(?<![\d/])(\d{1,2})\s*/\s*(\d{1,2})(?:\s*/\s*(\d{4}))?(?![\d/])")
_MONTH_IN_DEADLINE_RE = re.compile(r"tháng\s+0?(\d{1,2})\s*[/\-]\s*(\d{4})", re.IGNORECASE)


def deadline_months(data: dict) -> dict[str, int]:
    """How many dated deadlines fall in each month (``YYYY-MM`` → count), for the month cross-check."""
    counts: dict[str, int] = {}
    month = str(data.get("month") or "")
    year = Month(month).year_text if Month.valid(month) else "0000"
    for task in iter_tasks(data):
        text = task.get("deadline", "")
        found: Optional[str] = None
        match = _MONTH_IN_DEADLINE_RE.search(text)
        if match and 1 <= int(match.group(1)) <= 12:
            found = Month.of(int(match.group(2)), int(match.group(1)))
        else:
            match = _DATE_IN_DEADLINE_RE.search(text)
            if match and 1 <= int(match.group(2)) <= 12 and 1 <= int(match.group(1)) <= 31:
                found = f"{match.group(3) or year}-{int(match.group(2)):02d}"
        if found:
            counts[found] = counts.get(found, 0) + 1
    return counts


def month_disagreement(data: dict) -> Optional[str]:
    """A sentence when most dated deadlines fall in one other month than the programme's, else None."""
    month = data.get("month", "")
    counts = deadline_months(data)
    total = sum(counts.values())
    if total < 3 or not month:
        return None
    covered = {month, data.get("until") or month}  # a programme of two months: deadlines in either are its own
    other, count = max(((m, c) for m, c in counts.items() if m not in covered), key=lambda mc: mc[1], default=("", 0))
    if count * 2 > total:
        return (f"chương trình được ghi là {Month(month).label} nhưng {count}/{total} thời hạn có ngày "
                f"thuộc {Month(other).label} (chỉ {counts.get(month, 0)} thuộc {Month(month).label}). "
                "Có thể trích yếu chưa được sửa khi sao chép văn bản của tháng trước. Hãy sửa trích yếu trong văn bản "
                "rồi nhập lại; việc nhập dừng ở đây (kể cả khi có --force hay --month).")
    return None
