"""Errors an editor can act on: file, line, field and what to do, in Vietnamese."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional


@dataclass
class Problem:
    """One finding about the content. ``severity`` is ``error`` (stops the build) or ``warning``."""

    file: str
    line: Optional[int]
    field: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f", dòng {self.line}"
        if self.field:
            where += f", trường «{self.field}»"
        prefix = "Lỗi" if self.severity == "error" else "Cảnh báo"
        return f"{prefix}: {where}: {self.message}"


class ContentError(Exception):
    """Raised when content cannot be published; carries every problem found, first first."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
