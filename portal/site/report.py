"""The month-end report as data: what became of each task of a month's programme.

One computation for the report page (``bao-cao/YYYY-MM/``) and the Word report (the download
beside it, and ``portal report YYYY-MM --docx``), so both say the same. Each task falls in exactly
one column of the counts and the same one list, so every count is the length of its list:

- **Hoàn thành**: its status means done (:func:`portal.text.status.is_done`); with a recorded done
  date it is *on time* when that day is not after the deadline's due day, else *late*;
- **Chuyển sang tháng sau**: not done, and either so marked or continued by a task of a later
  month (``carried_from``);
- otherwise the office's status word its status means (``Đang thực hiện``, ``Thực hiện thường
  xuyên``, ``Chưa thực hiện``, ``Không thực hiện``), or «Khác» (blank or unread).

Across the columns, a task not done (and not dropped) whose deadline falls due by the last day of
the month is **overdue** (``Quá hạn``): counted beside on time / late and listed on its own.

Counts are per section and per lead department (as the registry resolves the lead in that
month; a lead it does not know is counted under the name as written). Columns no task falls in
are left out of the tables (:attr:`MonthReport.columns`).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Iterable, Optional

from portal.content.columns import COLUMNS_BY_KEY
from portal.content.departments import Registry
from portal.content.model import Programme, Task, split_task_key
from portal.text.deadlines import Deadline, parse_deadline
from portal.text.months import Month
from portal.text.status import (DONE, DROPPED, IN_PROGRESS, NOT_STARTED, ONGOING, POSTPONED, canonical_status,
                                is_done)

OTHER = "Khác"
# The report's columns and lists, in its order; (column, list heading, anchor on the page).
CATEGORIES = [
    (DONE, "Nhiệm vụ đã hoàn thành", "hoan-thanh"),
    (IN_PROGRESS, "Nhiệm vụ đang thực hiện", "dang-thuc-hien"),
    (ONGOING, "Nhiệm vụ thực hiện thường xuyên", "thuong-xuyen"),
    (NOT_STARTED, "Nhiệm vụ chưa thực hiện", "chua-thuc-hien"),
    (DROPPED, "Nhiệm vụ không thực hiện", "khong-thuc-hien"),
    (POSTPONED, "Nhiệm vụ chuyển sang tháng sau", "chuyen-thang-sau"),
    (OTHER, "Nhiệm vụ chưa ghi tiến độ hoặc ghi khác", "khac"),
]
COLUMNS = [column for column, _, _ in CATEGORIES]
OVERDUE_HEADING, OVERDUE_ANCHOR = "Nhiệm vụ quá hạn chưa hoàn thành", "qua-han"
ON_TIME, LATE, UNDATED, NO_DUE = "Đúng hạn", "Trễ hạn", "Chưa ghi ngày hoàn thành", "Không có hạn theo ngày"
# After the status columns, every count table has these (total, done on time, done late, overdue).
TOTAL, OVERDUE = "Tổng", "Quá hạn"
TAIL_HEADERS = [TOTAL, ON_TIME, LATE, OVERDUE]
# How a count reads in a sentence («hoàn thành 4 (đúng hạn 1, trễ hạn 1)»).
_PHRASES = {DONE: "hoàn thành", IN_PROGRESS: "đang thực hiện", ONGOING: "thực hiện thường xuyên",
            NOT_STARTED: "chưa thực hiện", DROPPED: "không thực hiện", POSTPONED: "chuyển sang tháng sau",
            OTHER: "chưa ghi tiến độ hoặc ghi khác"}


def status_of(task: Task) -> str:
    """The status column of a task on its own (before a later month's continuation is known)."""
    if is_done(task.status):
        return DONE
    return canonical_status(task.status) or OTHER


@dataclass
class Row:
    """Counts for one section or department: by column, done on time / late, overdue."""

    label: str
    counts: dict = field(default_factory=lambda: {column: 0 for column in COLUMNS})
    on_time: int = 0
    late: int = 0
    overdue: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def cells(self, columns: Iterable[str] = COLUMNS) -> list[int]:
        """The counts of ``columns``, then total, on time, late and overdue (:data:`TAIL_HEADERS`)."""
        return [self.counts[column] for column in columns] + [self.total, self.on_time, self.late, self.overdue]

    def phrase(self) -> str:
        """The counts in words, the columns with a task only: «hoàn thành 4 (đúng hạn 1, trễ hạn 1); đang…»."""
        parts = []
        for column in COLUMNS:
            if self.counts[column]:
                part = f"{_PHRASES[column]} {self.counts[column]}"
                if column == DONE and (self.on_time or self.late):
                    part += f" (đúng hạn {self.on_time}, trễ hạn {self.late})"
                parts.append(part)
        parts.append(f"quá hạn chưa hoàn thành {self.overdue}")
        return "; ".join(parts)


@dataclass
class Line:
    """A task as a report list shows it."""

    task: Task
    lead: str
    due: Optional[dt.date]
    column: str = OTHER
    timeliness: str = ""  # ON_TIME, LATE, UNDATED or NO_DUE for done tasks
    carried_to: str = ""  # ``2023-12/II-3`` when a later month continues it
    overdue: bool = False

    @property
    def carried_month(self) -> Month | None:
        return Month(split_task_key(self.carried_to)[0]) if self.carried_to else None

    @property
    def carried_anchor(self) -> str:
        return split_task_key(self.carried_to)[1]


@dataclass
class TaskList:
    """One list of the report: the tasks of one column (or the overdue ones), and what it shows of them."""

    column: str
    heading: str
    anchor: str
    lines: list[Line]

    @property
    def columns(self) -> list[tuple[str, str]]:
        """``(header, key)`` of what the list shows of each task."""
        return list_columns(self.column)

    @property
    def keys(self) -> list[str]:
        return [key for _, key in self.columns]

    @property
    def labels(self) -> dict[str, str]:
        return {key: header for header, key in self.columns}


@dataclass
class MonthReport:
    programme: Programme
    sections: list[Row]
    departments: list[Row]
    total: Row
    by_column: dict[str, list[Line]]
    overdue: list[Line]

    @property
    def month_label(self) -> str:
        """``11/2023``, as the report's title writes the month."""
        return self.programme.month.numeric_padded

    @property
    def next_month_label(self) -> str:
        """``12/2023``: the month part IV of the report looks ahead to."""
        return self.programme.month.plus(1).numeric_padded

    @property
    def title(self) -> str:
        return f"Báo cáo kết quả thực hiện Chương trình công tác tháng {self.month_label}"

    @property
    def symbol(self) -> str:
        """The report's symbol from the programme's: ``CTr/BTGTU`` → ``BC/BTGTU``."""
        symbol = self.programme.symbol
        return "BC/" + symbol.split("/", 1)[1] if "/" in symbol else "BC"

    @property
    def columns(self) -> list[str]:
        """The status columns some task of the month falls in (an empty column is left out)."""
        return [column for column in COLUMNS if self.total.counts[column]]

    @property
    def done(self) -> list[Line]:
        return self.by_column[DONE]

    @property
    def carried(self) -> list[Line]:
        return self.by_column[POSTPONED]

    @property
    def summary(self) -> str:
        """The opening sentence: how many tasks, then each column's count, as the tables and lists give them."""
        return (f"Chương trình công tác tháng {self.month_label} (số {self.programme.reference}) có "
                f"{self.total.total} nhiệm vụ: {self.total.phrase()}.")

    def lists(self) -> list[TaskList]:
        """The lists with a task, in the columns' order: each task is in exactly one."""
        return [TaskList(column, heading, anchor, self.by_column[column]) for column, heading, anchor in CATEGORIES
                if self.by_column[column]]

    @property
    def overdue_list(self) -> TaskList:
        """The tasks overdue and not done, across the lists (each is also in its column's list)."""
        return TaskList(OVERDUE, OVERDUE_HEADING, OVERDUE_ANCHOR, self.overdue)


def carried_targets(programmes: Iterable[Programme]) -> dict[str, str]:
    """``2023-11/II-8`` → ``2023-12/II-3`` for every task a later month says it continues."""
    return {task.carried_from: task.key
            for programme in programmes for task in programme.tasks() if task.carried_from}


def month_report(programme: Programme, registry: Registry, carried: dict[str, str] | None = None,
                 deadlines: list[Deadline] | None = None) -> MonthReport:
    """The report of ``programme``; ``carried`` (:func:`carried_targets`) tells which tasks later months
    continue; ``deadlines``: each task's deadline, in order, when the caller has read them already."""
    carried = carried or {}
    read = iter(deadlines) if deadlines is not None else None
    month_end = programme.month.plus(1).first_day - dt.timedelta(days=1)  # the day the report speaks of
    total = Row("Tổng cộng")
    sections: list[Row] = []
    departments: dict[str, Row] = {}
    by_column: dict[str, list[Line]] = {column: [] for column in COLUMNS}
    overdue: list[Line] = []
    for section in programme.sections:
        # «II. Lý luận…», or «A.II. …» inside group A (a grouped month has an I and a II in each group)
        row = Row(". ".join(part for part in (section.key if section.numeral else "", section.title) if part)
                  or "Nhiệm vụ")
        sections.append(row)
        for task in section.tasks:
            leads = registry.lead_departments(task.lead, task.month)[0]
            names = [d.code for d in leads] or [task.lead]
            deadline = next(read) if read is not None else parse_deadline(task.deadline, task.month)
            due = deadline.due
            line = Line(task, ", ".join(names), due, carried_to=carried.get(task.key, ""))
            line.column = status_of(task)
            if line.column != DONE and line.carried_to:
                line.column = POSTPONED
            counted = [row, total] + [departments.setdefault(name, Row(name)) for name in names]
            if line.column == DONE:
                if task.done_date is None:
                    line.timeliness = UNDATED
                elif due is None:
                    line.timeliness = NO_DUE
                else:
                    line.timeliness = ON_TIME if task.done_date <= due else LATE
            line.overdue = line.column not in (DONE, DROPPED) and due is not None and due <= month_end
            for target in counted:
                target.counts[line.column] += 1
                target.on_time += line.timeliness == ON_TIME
                target.late += line.timeliness == LATE
                target.overdue += line.overdue
            by_column[line.column].append(line)
            if line.overdue:
                overdue.append(line)
    return MonthReport(programme, sections, sorted(departments.values(), key=lambda r: r.label), total,
                       by_column, overdue)


# Column words short enough for a narrow count column («Thực hiện thường xuyên» → «Thường xuyên»).
SHORT_LABELS: dict[str, str] = {ONGOING: "Thường xuyên", POSTPONED: "Chuyển tháng sau"}


def column_label(column: str) -> str:
    """A count table's header for ``column``."""
    return SHORT_LABELS.get(column, column)


# What a list shows of each task, by key: the task table's own columns (labels from the column
# registry, portal.content.columns), then what a list adds (its labels here).
_COMMON = ["number", "text", "lead", "deadline"]
_LIST_EXTRA = {DONE: ["done_date", "timeliness"], POSTPONED: ["carried_to"], OTHER: ["status"], OVERDUE: ["status"]}
_ADDED_LABELS = {"done_date": "Ngày hoàn thành", "timeliness": "Đánh giá", "carried_to": "Chuyển sang"}


def column_header(key: str) -> str:
    """A list column's header: the registry's page label (``Stt``, ``Tiến độ``), or the report's own."""
    if key in _ADDED_LABELS:
        return _ADDED_LABELS[key]
    registered = COLUMNS_BY_KEY[key]
    return registered.page_label or registered.label


def list_columns(column: str) -> list[tuple[str, str]]:
    """``(header, key)`` of the list of ``column`` (or of :data:`OVERDUE`): the common four, then what it adds."""
    return [(column_header(key), key) for key in _COMMON + _LIST_EXTRA.get(column, [])]


def line_value(line: Line, key: str) -> str:
    """A list cell as plain text (the page adds links to some)."""
    task = line.task
    if key == "done_date":
        return task.done_date.strftime("%d/%m/%Y") if task.done_date else ""
    if key == "timeliness":
        return line.timeliness
    if key == "carried_to":
        if not line.carried_to:
            return ""
        return f"{line.carried_anchor.replace('-', '.')} · {Month(split_task_key(line.carried_to)[0]).short_padded}"
    if key == "number":
        return task.label  # ``II.3``: the list mixes sections
    return COLUMNS_BY_KEY[key].flat(task)
