"""Next month's programme, drafted from this month's as the clerk does it by hand in Word.

The rules, task by task (each decision is reported to the editor in one Vietnamese line):

- **recurring** (a recurring deadline such as ``Hàng tuần``, ``Thường xuyên``; the status
  ``Thực hiện thường xuyên``; or a text naming the programme's month or the next one, as monthly
  duties do: ``Tổng hợp bảng chấm công tháng 11/2023``, ``Chương trình công tác tháng 12/2023``):
  a new instance for the new month, its month mentions moved on a month
  (:func:`portal.text.months.shift_month_mentions`) and its dated deadline moved to the same day
  of the new month (clipped to its last day);
- **done** (``Hoàn thành`` and the ways of writing it) or **not to be done** (``Không thực
  hiện``): dropped;
- otherwise **carried**: the same task, marked ``carried_from: 2023-11/II-8``; a deadline that has
  passed by the end of the old month is moved a month on, its text and status are kept (but
  ``Chuyển sang tháng sau`` becomes ``Đang thực hiện``: it has been moved).

Tasks are renumbered within each section; the header's number and date become placeholders and
its subtitle and closing name the new month. The draft is marked ``draft: true``: it shows in
the preview and the internal site with a «Dự thảo» banner and never in the public site.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass

from portal.content.model import Programme, Task
from portal.text.deadlines import parse_deadline
from portal.text.months import Month, mentioned_months, next_month, shift_deadline, shift_month_mentions
from portal.text.status import DROPPED, IN_PROGRESS, ONGOING, POSTPONED, canonical_status, is_done

RECURRING, CARRIED, DONE_DROPPED, NOT_DONE_DROPPED = "recurring", "carried", "done", "dropped"


@dataclass
class Decision:
    """What the draft did with one task of the earlier month."""

    task: Task
    action: str  # RECURRING, CARRIED, DONE_DROPPED, NOT_DONE_DROPPED
    new_label: str = ""  # ``II.3`` in the draft, when kept
    changes: tuple[str, ...] = ()

    @property
    def message(self) -> str:
        """One line for the editor, in Vietnamese."""
        old = f"{self.task.month}/{self.task.label}"  # 2023-11/II.8: the month and the label a clerk reads
        if self.action == DONE_DROPPED:
            return f"{old}: bỏ (đã hoàn thành: «{self.task.status}»)."
        if self.action == NOT_DONE_DROPPED:
            return f"{old}: bỏ (tiến độ «{self.task.status}»)."
        what = ("định kỳ, tạo lại cho tháng mới" if self.action == RECURRING
                else "chưa hoàn thành, chuyển tiếp (carried_from)")
        details = f"; {'; '.join(self.changes)}" if self.changes else ""
        return f"{old} → {self.new_label}: {what}{details}."


def is_recurring(task: Task) -> bool:
    """A task that comes back every period rather than one that is finished once."""
    if parse_deadline(task.deadline, task.month).kind == "recurring":
        return True
    if canonical_status(task.status) == ONGOING:
        return True
    mentions = mentioned_months(task.text)
    return task.month in mentions or next_month(task.month) in mentions


def decide(task: Task) -> str:
    if is_recurring(task):
        return RECURRING
    if canonical_status(task.status) == DROPPED:
        return NOT_DONE_DROPPED
    if is_done(task.status):
        return DONE_DROPPED
    return CARRIED


def _deadline_passed(task: Task) -> bool:
    """Whether the deadline's window is over by the end of the task's month (or cannot be read)."""
    deadline = parse_deadline(task.deadline, task.month)
    if deadline.kind in ("unknown", "recurring"):
        return False
    end = deadline.end or deadline.start
    return end is not None and Month.of(end.year, end.month) <= task.month


def draft_programme(data: dict, programme: Programme, month: str) -> tuple[dict, list[Decision]]:
    """The data of ``month``'s draft, from ``data`` (the earlier month's file as loaded) and its ``programme``.

    ``data`` and ``programme`` describe the same file: ``data`` keeps every field as written
    (so nothing the schema adds later is lost), ``programme`` gives the tasks as the site reads
    them. Returns the new data and one decision per task of the earlier month, in order.
    """
    months_on = Month(month).months_since(programme.month)
    new = copy.deepcopy(data)
    new.pop("unplaced", None)
    new["month"] = month
    new["draft"] = True
    header = new.setdefault("header", {})
    header["number"] = "[so]"
    # issued in the month before its own (a January programme in December of the year before)
    header["date"] = f"ngày [ng] tháng [th] năm {Month(month).plus(-1).year}"
    if header.get("subtitle"):
        header["subtitle"] = _retitled(str(header["subtitle"]), programme.month, month, months_on)
    if new.get("closing"):
        new["closing"] = _retitled(str(new["closing"]), programme.month, month, months_on)
    decisions: list[Decision] = []
    for raw_section, section in zip(_raw_sections(new), programme.sections):
        kept: list[dict] = []
        for raw_task, task in zip(raw_section.get("tasks", []), section.tasks):
            action = decide(task)
            decision = Decision(task, action)
            decisions.append(decision)
            if action in (DONE_DROPPED, NOT_DONE_DROPPED):
                continue
            raw = dict(raw_task)
            raw.pop("done_date", None)
            changes = []
            if action == RECURRING:
                raw.pop("carried_from", None)
                text = shift_month_mentions(task.text, months_on)
                if text != task.text:
                    raw["text"] = text
                    changes.append("đổi tháng trong nội dung")
                status = ONGOING if canonical_status(task.status) == ONGOING else IN_PROGRESS
            else:
                raw["carried_from"] = task.key
                status = IN_PROGRESS if canonical_status(task.status) == POSTPONED else task.status
            if action == RECURRING or _deadline_passed(task):
                deadline = shift_deadline(task.deadline, months_on, year_hint=task.month.year)
                if deadline != task.deadline:
                    raw["deadline"] = deadline
                    changes.append(f"thời hạn «{task.deadline}» → «{deadline}»")
            if status != task.status:
                raw["status"] = status
                changes.append(f"tiến độ «{task.status or 'chưa ghi'}» → «{status}»")
            elif "status" not in raw and status:
                raw["status"] = status
            raw["number"] = str(len(kept) + 1)
            decision.new_label = f"{section.key}.{raw['number']}"
            decision.changes = tuple(changes)
            kept.append(raw)
        raw_section["tasks"] = kept
    return new, decisions


def _raw_sections(data: dict) -> list[dict]:
    """The sections of a month's data in document order, inside their groups when it has groups."""
    if data.get("groups"):
        return [section for group in data["groups"] for section in (group.get("sections") or [])]
    return data.get("sections") or []


def _retitled(text: str, old: str, new: str, months_on: int) -> str:
    """A heading or closing that names the old month, naming the new one instead (``tháng 11/2023``)."""
    moved = shift_month_mentions(text, months_on)
    if moved != text:
        return moved
    return text.replace(Month(old).numeric, Month(new).numeric)
