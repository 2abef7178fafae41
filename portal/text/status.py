"""The «Tiến độ» column read for what matters to a reader: is the task done?

Staff write the status freely (``Đang thực hiện``, ``Đã hoàn thành``, ``Chưa hoàn thành``,
``Thực hiện thường xuyên``), so «done» is recognised on folded text, negations first.
"""
from __future__ import annotations

import re
from enum import StrEnum
from collections import Counter
from typing import Iterable

from portal.text.fold import fold

_NOT_DONE_RE = re.compile(r"\b(?:chua|khong|dang|cham|tre)\b")
_DONE_RE = re.compile(r"\b(?:da hoan thanh|hoan thanh|da thuc hien xong|xong|da xong|da thuc hien|ket thuc)\b")


def is_done(status: str) -> bool:
    """``Đã hoàn thành`` is done; ``Chưa hoàn thành`` and ``Đang thực hiện`` are not."""
    folded = fold(status)
    return bool(_DONE_RE.search(folded)) and not _NOT_DONE_RE.search(folded)


def status_counts(tasks: Iterable) -> list[tuple[str, int]]:
    """How many tasks (anything with a ``status``) have each status, most frequent first.

    A status is counted under the office's word it means (``Đã hoàn thành`` under ``Hoàn thành``,
    see :func:`canonical_status`), else as written; blank as «Chưa ghi».
    """
    counts = Counter(canonical_status(task.status) or task.status.strip() or "Chưa ghi" for task in tasks)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


class Status(StrEnum):
    """The office's six status words, as ``portal status`` records them and the month-end report
    counts them. Each member is a str whose value is the Vietnamese word itself, so a data file
    writes it, a page shows it and a written status compares with it exactly as before; what staff
    write freely is read into one of them by :func:`canonical_status`."""

    IN_PROGRESS = "Đang thực hiện"
    DONE = "Hoàn thành"
    NOT_STARTED = "Chưa thực hiện"
    ONGOING = "Thực hiện thường xuyên"
    POSTPONED = "Chuyển sang tháng sau"
    DROPPED = "Không thực hiện"

    @property
    def label(self) -> str:
        """The word a reader sees: the value itself (one name for it beside ``Role.label``, ``DeadlineKind``'s)."""
        return self.value


IN_PROGRESS, DONE, NOT_STARTED = Status.IN_PROGRESS, Status.DONE, Status.NOT_STARTED
ONGOING, POSTPONED, DROPPED = Status.ONGOING, Status.POSTPONED, Status.DROPPED
KNOWN_STATUSES = list(Status)

# Folded ways of writing each status met in the office's documents, beyond the word itself.
_ALIASES: dict[str, Status] = {
    "da hoan thanh": DONE, "hoan thanh": DONE, "da thuc hien xong": DONE, "da xong": DONE, "xong": DONE,
    "dang thuc hien": IN_PROGRESS, "dang trien khai": IN_PROGRESS,
    "chua thuc hien": NOT_STARTED, "chua hoan thanh": NOT_STARTED, "chua trien khai": NOT_STARTED,
    "thuc hien thuong xuyen": ONGOING, "thuong xuyen": ONGOING, "dang thuc hien thuong xuyen": ONGOING,
    "chuyen sang thang sau": POSTPONED, "chuyen thang sau": POSTPONED, "chuyen sang ky sau": POSTPONED,
    "khong thuc hien": DROPPED, "dung thuc hien": DROPPED,
}


def canonical_status(status: str) -> Status | None:
    """The office's status word a written status means (``đã hoàn thành.`` → ``Hoàn thành``), or None."""
    folded = fold(status).strip(" .;,!")
    return _ALIASES.get(folded)


def is_closed(status: str) -> bool:
    """Nothing left to do: done (however written) or given up (``Không thực hiện``)."""
    return is_done(status) or canonical_status(status) == DROPPED
