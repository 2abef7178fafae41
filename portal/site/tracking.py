"""What a task row tells someone following the work: its status as a kind, its due day, and whether it is
overdue or due soon.

The mark depends on the day the page is *read*, not built: a static page is read for weeks. So
the row carries its due day and whether it is closed as data attributes (``data-end``,
``data-done``), and ``assets/javascripts/tracking.js`` sets the mark against the reader's date.
What the page holds before any script runs is the mark against the build day
(:func:`build_day`), and the page says so (:data:`AS_OF_BUILD`).

The due day is the timeline's (:attr:`portal.text.deadlines.Deadline.timeline_day`), the one the
overdue counts use; a task is closed when done or given up (:func:`portal.text.status.is_closed`).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from portal.content.model import Task
from portal.text.deadlines import parse_deadline
from portal.text.status import DONE, DROPPED, IN_PROGRESS, NOT_STARTED, ONGOING, POSTPONED, canonical_status, is_closed

SOON_DAYS = 14  # «sắp đến hạn»: due within 14 days, as the deadline overview's «soon» list (deadlines.js)

# A status as a kind: the filter's values, the row's colour. Unknown wordings are «khac».
STATUS_KINDS = {DONE: "hoan-thanh", IN_PROGRESS: "dang-thuc-hien", NOT_STARTED: "chua-thuc-hien",
                ONGOING: "thuong-xuyen", POSTPONED: "chuyen-thang-sau", DROPPED: "khong-thuc-hien"}
STATUS_FILTERS = [(kind, status) for status, kind in STATUS_KINDS.items()] + [("chua-ghi", "Chưa ghi tiến độ"),
                                                                              ("khac", "Tiến độ khác")]
MARK_LABELS = {"overdue": "Quá hạn", "soon": "Sắp đến hạn"}


@dataclass(frozen=True)
class RowTracking:
    status_kind: str  # a key of STATUS_FILTERS
    due: Optional[dt.date]
    closed: bool  # done or given up: never overdue
    mark: str  # "overdue", "soon" or "" on the build day

    @property
    def mark_label(self) -> str:
        return MARK_LABELS.get(self.mark, "")

    @property
    def done_flag(self) -> str:
        """``data-done``: ``1`` when nothing is left to do (as the overdue counts read it)."""
        return "1" if self.closed else "0"


_build_day: Optional[dt.date] = None  # set by the build from the site (use_build_day); None: today


def use_build_day(source_date_epoch: Optional[int]) -> None:
    """The day the pages about to be rendered are reckoned on: a reproducible build's date
    (:attr:`portal.site.model.Site.source_date_epoch`, read once by the build), else today.
    Called by ``portal.build.site.render_pages`` before any page: the row macro has no site to ask."""
    global _build_day
    _build_day = (dt.datetime.fromtimestamp(source_date_epoch, dt.timezone.utc).date()
                  if source_date_epoch is not None else None)


def build_day() -> dt.date:
    """The day the site is built (see :func:`use_build_day`)."""
    return _build_day or dt.date.today()


def status_kind(status: str) -> str:
    canonical = canonical_status(status)
    if canonical is None and is_closed(status):  # «Đã xong», «Kết thúc»: done, in the office's words
        canonical = DONE
    if canonical is not None:
        return STATUS_KINDS[canonical]
    return "chua-ghi" if not status.strip() else "khac"


def mark_on(due: Optional[dt.date], closed: bool, day: dt.date) -> str:
    """``overdue`` (past its due day and not closed), ``soon`` (due within :data:`SOON_DAYS`), or ``""``."""
    if due is None or closed:
        return ""
    if due < day:
        return "overdue"
    return "soon" if (due - day).days <= SOON_DAYS else ""


@lru_cache(maxsize=1 << 16)
def _tracking(deadline: str, month: str, status: str, day: dt.date) -> RowTracking:
    due = parse_deadline(deadline, month).timeline_day
    closed = is_closed(status)
    return RowTracking(status_kind(status), due, closed, mark_on(due, closed, day))


def track(task: Task, day: Optional[dt.date] = None) -> RowTracking:
    """The tracking facts of ``task``'s row, its mark on ``day`` (the build day by default).

    Memoised on the row's words: a task shows on its month, department, deadline and history
    pages, and most rows of an archive share their deadline and status texts.
    """
    return _tracking(task.deadline, task.month, task.status, day or build_day())
