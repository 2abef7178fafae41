"""The «Tiến độ» column read for what matters to a reader: is the task done?

Staff write the status freely (``Đang thực hiện``, ``Đã hoàn thành``, ``Chưa hoàn thành``,
``Thực hiện thường xuyên``), so «done» is recognised on folded text, negations first.
"""
from __future__ import annotations

import re
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
    """How many tasks (anything with a ``status``) have each status as written (blank as «Chưa ghi»), most frequent first."""
    counts = Counter(task.status.strip() or "Chưa ghi" for task in tasks)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))
