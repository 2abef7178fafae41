"""Recurring duties: work that comes back every period, as opposed to a task finished once.

The office types its monthly report, the next month's programme, the timesheet, the weekly
updates and the «thường xuyên» work again in every programme. Such a row is a new instance of a
duty, not last month's work carried over unfinished: ``portal draft`` makes a new instance of it
(its month mentions moved on), and a task's history (:mod:`portal.site.lineage`) shows it as
recurring instead of «đã có từ …».

A task is recurring when any of these says so (:func:`recurrence` names which):

- its deadline recurs («Hàng tuần», «Thứ 5 hàng tuần», «Ngày 20 hàng tháng», «Thường xuyên»);
- its status is «Thực hiện thường xuyên»;
- its text names the programme's month, the month before (the report on last month's work) or the
  month after (next month's programme): «Tổng hợp bảng chấm công tháng 11/2023» in November;
- its text says it recurs: «hàng tuần», «hằng tháng», «định kỳ», «thường kỳ», «thường xuyên».
"""
from __future__ import annotations

import re

from portal.content.model import Task
from portal.text.deadlines import parse_deadline
from portal.text.fold import fold
from portal.text.months import mentioned_months, next_month
from portal.text.status import ONGOING, canonical_status

# «hàng tuần», «hằng tháng», «định kỳ», «thường kỳ», «thường xuyên» (folded: no accents, lower case)
_RECURRING_WORDS_RE = re.compile(r"\b(?:hang (?:ngay|tuan|thang|quy)|dinh ky|thuong ky|thuong xuyen)\b")

BY_DEADLINE, BY_STATUS, BY_MONTH, BY_WORDS = "deadline", "status", "month", "words"


def recurrence(task: Task) -> str | None:
    """Why ``task`` is a recurring duty (``deadline``, ``status``, ``month``, ``words``), or None."""
    if parse_deadline(task.deadline, task.month).kind == "recurring":
        return BY_DEADLINE
    if canonical_status(task.status) == ONGOING:
        return BY_STATUS
    mentions = mentioned_months(task.text)
    if mentions and mentions & {next_month(task.month, -1), task.month, next_month(task.month)}:
        return BY_MONTH
    if _RECURRING_WORDS_RE.search(fold(task.text)):
        return BY_WORDS
    return None


def is_recurring(task: Task) -> bool:
    """A task that comes back every period rather than one that is finished once."""
    return recurrence(task) is not None
