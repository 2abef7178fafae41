"""The month-end report as data: what became of each task of a month's programme.

One computation for the report page (``bao-cao/YYYY-MM/``) and the Word report
(``portal report YYYY-MM --docx``), so both say the same. Each task falls in exactly one list:

- **done**: its status means ``Hoàn thành`` (:func:`portal.text.status.is_done`); with a
  recorded done date it is *on time* when that day is not after the deadline's due day, else *late*;
- **carried over**: not done, and either ``Chuyển sang tháng sau`` or continued by a task of a
  later month (``carried_from``);
- **in progress**: ``Đang thực hiện`` or ``Thực hiện thường xuyên``;
- **not done**: everything else (``Chưa thực hiện``, ``Không thực hiện``, blank or unread).

Counts are by status word (:data:`COLUMNS`: the office's six, then «Khác»), per section and per
lead department (as the registry resolves the lead in that month; a lead it does not know is
counted under the name as written).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Iterable, Optional

from portal.content.departments import Registry
from portal.content.model import Programme, Task, split_task_key
from portal.text.deadlines import parse_deadline
from portal.text.months import Month
from portal.text.status import (DONE, IN_PROGRESS, KNOWN_STATUSES, ONGOING, POSTPONED, canonical_status,
                                is_done)

OTHER = "Khác"
COLUMNS = KNOWN_STATUSES + [OTHER]
ON_TIME, LATE, UNDATED, NO_DUE = "Đúng hạn", "Trễ hạn", "Chưa ghi ngày hoàn thành", "Không có hạn theo ngày"


def status_of(task: Task) -> str:
    """The column a task is counted in: the office's status word its status means, or «Khác»."""
    if is_done(task.status):
        return DONE
    return canonical_status(task.status) or OTHER


@dataclass
class Row:
    """Counts for one section or department: by status column, and done on time / late."""

    label: str
    counts: dict = field(default_factory=lambda: {column: 0 for column in COLUMNS})
    on_time: int = 0
    late: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def cells(self) -> list[int]:
        return [self.counts[column] for column in COLUMNS]


@dataclass
class Line:
    """A task as a report list shows it."""

    task: Task
    lead: str
    due: Optional[dt.date]
    timeliness: str = ""  # ON_TIME, LATE, UNDATED or NO_DUE for done tasks
    carried_to: str = ""  # ``2023-12/II-3`` when a later month continues it

    @property
    def carried_month(self) -> Month | None:
        return Month(split_task_key(self.carried_to)[0]) if self.carried_to else None

    @property
    def carried_anchor(self) -> str:
        return split_task_key(self.carried_to)[1]


@dataclass
class MonthReport:
    programme: Programme
    sections: list[Row]
    departments: list[Row]
    total: Row
    done: list[Line]
    in_progress: list[Line]
    not_done: list[Line]
    carried: list[Line]

    @property
    def month_label(self) -> str:
        """``11/2023``, as the report's title writes the month."""
        return self.programme.month.numeric_padded

    @property
    def title(self) -> str:
        return f"Báo cáo kết quả thực hiện Chương trình công tác tháng {self.month_label}"

    @property
    def symbol(self) -> str:
        """The report's symbol from the programme's: ``CTr/BTGTU`` → ``BC/BTGTU``."""
        symbol = self.programme.symbol
        return "BC/" + symbol.split("/", 1)[1] if "/" in symbol else "BC"

    @property
    def summary(self) -> str:
        """The opening sentence: how many tasks, how many done (on time, late), in progress, not done, carried."""
        total = self.total
        return (f"Chương trình công tác tháng {self.month_label} (số {self.programme.reference}) có "
                f"{total.total} nhiệm vụ: hoàn thành {len(self.done)} (đúng hạn {total.on_time}, trễ hạn "
                f"{total.late}); đang thực hiện {len(self.in_progress)}; chưa thực hiện {len(self.not_done)}; "
                f"chuyển sang tháng sau {len(self.carried)}.")

    def lists(self) -> list[tuple[str, str, list[Line]]]:
        """``(anchor, heading, lines)`` of the four lists, in the report's order."""
        return [("hoan-thanh", "Nhiệm vụ đã hoàn thành", self.done),
                ("dang-thuc-hien", "Nhiệm vụ đang thực hiện", self.in_progress),
                ("chua-thuc-hien", "Nhiệm vụ chưa thực hiện", self.not_done),
                ("chuyen-thang-sau", "Nhiệm vụ chuyển sang tháng sau", self.carried)]


def carried_targets(programmes: Iterable[Programme]) -> dict[str, str]:
    """``2023-11/II-8`` → ``2023-12/II-3`` for every task a later month says it continues."""
    return {task.carried_from: task.key
            for programme in programmes for task in programme.tasks() if task.carried_from}


def month_report(programme: Programme, registry: Registry, carried: dict[str, str] | None = None) -> MonthReport:
    """The report of ``programme``; ``carried`` (:func:`carried_targets`) tells which tasks later months continue."""
    carried = carried or {}
    total = Row("Tổng cộng")
    sections: list[Row] = []
    departments: dict[str, Row] = {}
    lists: dict[str, list[Line]] = {"done": [], "in_progress": [], "not_done": [], "carried": []}
    for section in programme.sections:
        row = Row(f"{section.numeral}. {section.title}")
        sections.append(row)
        for task in section.tasks:
            leads = registry.lead_departments(task.lead, task.month)[0]
            names = [d.code for d in leads] or [task.lead]
            column = status_of(task)
            deadline = parse_deadline(task.deadline, task.month)
            due = deadline.due
            line = Line(task, ", ".join(names), due, carried_to=carried.get(task.key, ""))
            counted = [row, total] + [departments.setdefault(name, Row(name)) for name in names]
            for target in counted:
                target.counts[column] += 1
            if column == DONE:
                if task.done_date is None:
                    line.timeliness = UNDATED
                elif due is None:
                    line.timeliness = NO_DUE
                else:
                    line.timeliness = ON_TIME if task.done_date <= due else LATE
                for target in counted:
                    if line.timeliness == ON_TIME:
                        target.on_time += 1
                    elif line.timeliness == LATE:
                        target.late += 1
                lists["done"].append(line)
            elif column == POSTPONED or line.carried_to:
                lists["carried"].append(line)
            elif column in (IN_PROGRESS, ONGOING):
                lists["in_progress"].append(line)
            else:
                lists["not_done"].append(line)
    return MonthReport(programme, sections, sorted(departments.values(), key=lambda r: r.label), total,
                       lists["done"], lists["in_progress"], lists["not_done"], lists["carried"])
