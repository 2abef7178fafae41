"""Deadlines that read but look mistyped, for ``portal check``: a year far after the programme's.

``Trước ngày 15/11/2203`` in the November 2023 programme reads as a date of 2203: the text is kept
and shown as written, and the editor is warned, since a deadline more than two years after its
programme is almost always a typo (2023 typed 2203 or 2032). Terms and periods written with years
only (``giai đoạn 2021 - 2030``) are not dates and are not flagged.
"""
from __future__ import annotations

import re

from portal.content.errors import Problem
from portal.content.model import Programme

FAR_YEARS = 2  # a written date more than this many years after the programme's year is flagged
_DATE_RE = re.compile(r"(?<![\d/])\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*(\d{4})(?![\d/])")


def far_year_problems(programmes: list[Programme]) -> list[Problem]:
    """A warning for each deadline whose written date is more than ``FAR_YEARS`` after its programme."""
    problems = []
    for programme in programmes:
        if not programme.month:
            continue
        year = programme.month.year
        for task in programme.tasks():
            written = [int(m.group(1)) for m in _DATE_RE.finditer(task.deadline or "")]
            far = [y for y in written if y > year + FAR_YEARS]
            if far:
                origin = task.origin
                problems.append(Problem(
                    origin.file if origin else "", origin.line if origin else None, f"nhiệm vụ {task.label}, deadline",
                    f"thời gian hoàn thành «{task.deadline}» ghi năm {far[0]}, hơn {FAR_YEARS} năm sau tháng của "
                    f"chương trình ({programme.month.numeric_padded}); có thể đã gõ nhầm năm. "
                    "Trang vẫn hiện đúng như đã ghi.", severity="warning"))
    return problems
