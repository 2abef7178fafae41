"""The typed result every stage adds to: the month's data, the problems met, where each row was read.

An import carries one :class:`ImportResult` through its stages (read → locate → columns → place →
confirm → report); each stage fills its part of ``data`` and says what went wrong in ``problems``,
naming positions as the clerk finds them (``bảng 2, hàng 7``, or a line of a text export).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from portal.content.errors import Problem
from portal.content.importers.columns import COLUMN_LABELS


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@dataclass
class ImportResult:
    """What an import produced: the month's data, and the problems met (with line numbers)."""

    source: str
    data: dict = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # Sources without lines (Word) name positions instead: position number → "bảng 2, hàng 7".
    places: dict[int, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # what the import did that the clerk should know
    unplaced_count: int = 0
    task_lines: dict[int, int] = field(default_factory=dict)  # id(task dict) → its position, for later messages
    misplaced_count: int = 0  # cells whose content reads as another field than their column's (the self-check)
    confirmed: dict = field(default_factory=dict)  # field → [cells confirmed by content, cells filled]

    def locate(self, path: str) -> str:
        """Where in the document the data at ``path`` (``groups[1].sections[2].tasks[3].deadline``,
        as the data file's messages name it) was read: ``bảng 2, hàng 7, cột «Thời gian hoàn thành»``."""
        value = self.data
        found = ""
        for name, index in re.findall(r"(\w+)|\[(\d+)\]", path):
            try:
                value = value[int(index) - 1] if index else value[name]
            except (KeyError, IndexError, TypeError):
                break
            if isinstance(value, dict) and id(value) in self.task_lines:
                found = self.position(self.task_lines[id(value)])
            elif found and name in COLUMN_LABELS:
                found += f", cột «{COLUMN_LABELS[name]}»"
        return found

    def position(self, line: int) -> str:
        """How an editor finds ``line`` in the source: ``dòng 12``, or the place a Word importer named."""
        return self.places.get(line, f"dòng {line}")

    def unplaced(self, line: int, text: str, reason: str, detail: str = "") -> None:
        """Keep a line the importer could not place, in the data and in the report."""
        self.unplaced_count += 1
        self.data.setdefault("unplaced", []).append(f"{self.position(line)}: {text}")
        place = self.places.get(line)
        self.problems.append(Problem(self.source, None if place else line, "", (
            f"{place + detail + ': ' if place else (detail.strip() + ': ' if detail else '')}{reason}: «{_quote(text)}». "
            "Nội dung được giữ trong trường «unplaced» "
            "của tệp dữ liệu; hãy chuyển vào đúng chỗ (hoặc sửa văn bản Word rồi nhập lại) và xóa khỏi «unplaced»."),
            severity="warning"))

    def misplaced(self, line: int, key: str, text: str, reads_as: str) -> None:
        """A cell that reads as another field than its own: kept where it is, reported, and it stops the
        import as an unplaced line does."""
        self.misplaced_count += 1
        self.problems.append(Problem(self.source, None, key, (
            f"{self.position(line)}, cột «{COLUMN_LABELS.get(key, key)}»: ô chứa {reads_as} chứ không phải "
            f"{COLUMN_LABELS.get(key, key).lower()}: «{_quote(text)}». Có thể ô nằm sai cột (bảng dán từ nơi khác, "
            "hàng bị cắt ngang trang): hãy sửa trong văn bản Word rồi nhập lại, hoặc sửa tệp dữ liệu."), severity="warning"))

    def warn(self, message: str, field_name: str = "") -> None:
        self.problems.append(Problem(self.source, None, field_name, message, severity="warning"))

    def error(self, message: str, field_name: str = "") -> None:
        self.problems.append(Problem(self.source, None, field_name, message))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def _quote(text: str, limit: int = 160) -> str:
    text = re.sub(r"\s+", " ", text.replace("\t", " | ")).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"
