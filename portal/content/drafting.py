"""Next month's programme, drafted from this month's as the clerk does it by hand in Word.

The rules, task by task (each decision is reported to the editor in one Vietnamese line):

- **recurring** (:mod:`portal.content.recurrence`: a recurring deadline such as ``Hàng tuần``,
  ``Thường xuyên``; the status ``Thực hiện thường xuyên``; a text naming the programme's month, the
  one before or the next, as monthly duties do: ``Tổng hợp bảng chấm công tháng 11/2023``,
  ``Báo cáo … tháng 10/2023``, ``Chương trình công tác tháng 12/2023``; or saying ``định kỳ``):
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
from typing import Iterable

from portal.content.errors import Problem
from portal.content.model import Programme, Task
from portal.content.recurrence import is_recurring
from portal.text.deadlines import parse_deadline
from portal.text.months import Month, shift_deadline, shift_month_mentions
from portal.text.status import DONE, DROPPED, IN_PROGRESS, ONGOING, POSTPONED, canonical_status, is_closed, is_done

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
        pairs = list(zip(raw_section.get("tasks", []), section.tasks))
        section_decisions = [Decision(task, decide(task)) for _, task in pairs]
        decisions.extend(section_decisions)
        keep = _kept_with_sub_items([task.number for _, task in pairs],
                                    [d.action not in (DONE_DROPPED, NOT_DONE_DROPPED) for d in section_decisions])
        kept: list[dict] = []
        for (raw_task, task), decision, stays in zip(pairs, section_decisions, keep):
            if not stays:
                continue
            changes = []
            if decision.action in (DONE_DROPPED, NOT_DONE_DROPPED):  # a finished heading over unfinished sub-items
                decision.action = CARRIED
                changes.append("giữ lại vì còn việc con chưa xong")
            action = decision.action
            raw = dict(raw_task)
            raw.pop("done_date", None)
            if action == RECURRING:
                raw.pop("carried_from", None)
                text = shift_month_mentions(task.text, months_on)
                if text != task.text:
                    raw["text"] = text
                    changes.append("đổi tháng trong nội dung")
                status: str = ONGOING if canonical_status(task.status) == ONGOING else IN_PROGRESS
            else:
                raw["carried_from"] = task.key
                status = IN_PROGRESS if canonical_status(task.status) in (POSTPONED, DONE, DROPPED) else task.status
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
            decision.changes = tuple(changes)
            kept.append(raw)
        numbers = renumber([str(raw.get("number", "")) for raw in kept])
        for raw, number in zip(kept, numbers):
            raw["number"] = number
        for decision, number in zip([d for d, stays in zip(section_decisions, keep) if stays], numbers):
            decision.new_label = f"{section.key}.{number}"
        raw_section["tasks"] = kept
    return new, decisions


def parent_number(number: str) -> str:
    """``1.2`` → ``1``, ``3a`` → ``3``: the task a sub-item belongs to (``""`` for a task of its own)."""
    if "." in number:
        return number.rsplit(".", 1)[0]
    if number[-1:].isalpha() and number[:-1]:
        return number[:-1]
    return ""


def _kept_with_sub_items(numbers: list[str], keep: list[bool]) -> list[bool]:
    """Which rows of a section stay: a task stays while any of its sub-items does; sub-items go with it."""
    index = {number: i for i, number in enumerate(numbers) if number}
    keep = list(keep)
    for i, number in enumerate(numbers):
        parent = parent_number(number)
        if parent in index and keep[i]:
            keep[index[parent]] = True
    for i, number in enumerate(numbers):
        parent = parent_number(number)
        if parent in index and not keep[index[parent]]:
            keep[i] = False
    return keep


def renumber(numbers: list[str]) -> list[str]:
    """The numbers of a section's rows counted again from 1, each sub-item under its parent's new number.

    ``["2", "2.1", "2.3", "5", "5a"]`` → ``["1", "1.1", "1.2", "2", "2a"]``: a sub-item keeps its
    form (``1.1`` or ``1a``) and its place under the task above it. A sub-item whose task is not in
    the section is counted as a task of its own.
    """
    out: list[str] = []
    new_of: dict[str, str] = {}
    subs: dict[str, int] = {}
    count = 0
    for number in numbers:
        parent = parent_number(number)
        if parent and parent in new_of:
            subs[parent] = subs.get(parent, 0) + 1
            k = subs[parent]
            new = f"{new_of[parent]}.{k}" if "." in number else f"{new_of[parent]}{chr(ord('a') + k - 1)}"
            new_of[number] = new
            out.append(new)
            continue
        count += 1
        new_of[number] = str(count)
        out.append(str(count))
    return out


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


def closed_sources(draft: Programme, sources: Iterable[Programme]) -> list[tuple[Task, Task]]:
    """``(draft task, task it was carried from)`` for each task of ``draft`` whose source is since done or given up."""
    by_key = {task.key: task for programme in sources for task in programme.tasks()}
    found = []
    for task in draft.tasks():
        source = by_key.get(task.carried_from) if task.carried_from else None
        if source is not None and is_closed(source.status):
            found.append((task, source))
    return found


def stale_draft_problems(programmes: Iterable[Programme]) -> list[Problem]:
    """Warnings for drafts still carrying a task that has since been marked done or given up.

    The draft was written when the task was unfinished; ``portal status`` recorded it done later,
    so the draft would issue finished work again. ``portal draft --refresh`` takes it out.
    """
    programmes = list(programmes)
    problems = []
    for draft in (p for p in programmes if p.draft):
        for task, source in closed_sources(draft, programmes):
            origin = task.origin
            problems.append(Problem(
                origin.file if origin else draft.source, origin.line if origin else None, "carried_from",
                f"dự thảo {draft.label.lower()} còn mang nhiệm vụ {task.label} chuyển tiếp từ {source.label} "
                f"{source.month.label}, nhưng nhiệm vụ đó nay đã ghi «{source.status}». Chạy «portal draft "
                f"{draft.month} --refresh» để bỏ nó khỏi dự thảo (các chỗ đã sửa khác được giữ nguyên).",
                severity="warning"))
    return problems


def refresh_draft(data: dict, draft: Programme, sources: Iterable[Programme]) -> tuple[dict, list[str]]:
    """The draft's data without the tasks carried from work since done or given up (and their sub-items).

    Everything else in ``data`` stays as the clerk left it: edited texts, added or moved tasks,
    deadlines, notes. A section that lost a task is numbered again (sub-items under their task).
    Returns the new data and one Vietnamese line per task taken out or renumbered.
    """
    closed = {id(task): source for task, source in closed_sources(draft, sources)}
    new = copy.deepcopy(data)
    messages = []
    for raw_section, section in zip(_raw_sections(new), draft.sections):
        pairs = list(zip(raw_section.get("tasks", []), section.tasks))
        keep = _kept_with_sub_items([task.number for _, task in pairs], [id(task) not in closed for _, task in pairs])
        if all(keep):
            continue
        kept = []
        for (raw, task), stays in zip(pairs, keep):
            if stays:
                kept.append((raw, task))
                continue
            source = closed.get(id(task))
            why = (f"chuyển tiếp từ {source.month}/{source.label}, nay đã «{source.status}»" if source
                   else "việc con của nhiệm vụ bị bỏ")
            messages.append(f"{draft.month}/{task.label}: bỏ ({why}).")
        numbers = renumber([task.number for _, task in kept])
        for (raw, task), number in zip(kept, numbers):
            if number != task.number:
                messages.append(f"{draft.month}/{task.label} → {section.key}.{number}: đánh số lại.")
            raw["number"] = number
        raw_section["tasks"] = [raw for raw, _ in kept]
    return new, messages
