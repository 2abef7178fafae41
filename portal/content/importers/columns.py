"""Stage «columns»: which column of a table holds which field, decided by the table's own header row.

Each table (and each header row repeated inside one, as parts pasted from several departments are)
sets its own column order. Header words are matched with or without accents and in any order.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from portal.text.fold import fold

COLUMN_KEYS = ["number", "text", "lead", "coordinators", "deadline", "status"]

# Header words of the offices' tables, most specific first: a header cell takes the first key whose
# pattern it matches and that no earlier cell took («Thời gian thực hiện» is a deadline, «Bộ phận thực
# hiện» the lead, «Tiến độ thực hiện» the status).
_COLUMN_PATTERNS = [
    ("number", re.compile(r"^(so )?s?tt\.?$|^so thu tu$|^thu tu$")),
    ("start", re.compile(r"bat dau|khoi cong|^tu ngay$|ngay bat dau")),
    ("deadline", re.compile(r"thoi (gian|han)|han hoan thanh|ngay hoan thanh|^han$|ket thuc|^den ngay$")),
    ("status", re.compile(r"tien do|ket qua|tinh hinh thuc hien|muc do hoan thanh")),
    ("coordinators", re.compile(r"phoi hop")),
    ("lead", re.compile(r"chu tri")),
    ("text", re.compile(r"noi dung|cong viec|nhiem vu")),
    ("note", re.compile(r"ghi chu")),
]
# Weaker words for the lead, taken only when no column says «chủ trì» («Bộ phận thực hiện», «Phụ trách»).
_WEAK_LEAD = re.compile(r"thuc hien|phu trach|dam nhiem|dau moi")
COLUMN_LABELS = {"number": "Stt", "text": "Nội dung công việc", "lead": "Phòng chủ trì",
                 "coordinators": "Đơn vị phối hợp", "deadline": "Thời gian hoàn thành",
                 "status": "Tiến độ công việc", "note": "Ghi chú",
                 "start": "Thời gian bắt đầu"}


# -- columns --------------------------------------------------------------------------------------

def find_columns(cells: list[str]) -> dict[str, int]:
    """Map column keys to indexes by header text, with or without accents and in any order.

    Each header cell takes the first key whose words it has and no earlier cell took; the lead
    is the «chủ trì» column, or else the first «thực hiện»/«phụ trách» column, so a «Lãnh đạo phụ
    trách» column never takes the place of «Phòng chủ trì» whichever comes first.
    """
    columns: dict[str, int] = {}
    weak: list[int] = []
    for index, cell in enumerate(cells):
        folded = fold(cell)
        if not folded or len(folded) > 60:
            continue
        for key, pattern in _COLUMN_PATTERNS:
            if pattern.search(folded) and key not in columns:
                columns[key] = index
                break
        else:
            if _WEAK_LEAD.search(folded):
                weak.append(index)
    if weak and "lead" not in columns:
        columns["lead"] = weak.pop(0)
    if weak and "coordinators" not in columns and "thuc hien" in fold(cells[weak[0]]):
        columns["coordinators"] = weak.pop(0)  # a second «… thực hiện» column: those who carry it out
    return dict(sorted(columns.items(), key=lambda item: item[1]))


def unknown_columns(cells: list[str], columns: dict[str, int]) -> list[tuple[int, str]]:
    """Header cells no key took: ``(index, header text)``."""
    known = set(columns.values())
    return [(index, cell.strip()) for index, cell in enumerate(cells) if cell.strip() and index not in known]


def is_table_header(cells: list[str]) -> bool:
    """A row naming the columns (the table's first row, or one repeated further down).

    Usually ``Stt`` and ``Nội dung``; a table numbered inside its content column has no Stt column,
    so ``Nội dung`` with two more known columns (lead, deadline…) also names a task table.
    """
    columns = find_columns(cells)
    filled = [c for c in cells if c.strip()]
    if any(len(c) > 60 for c in filled):
        return False
    if "number" in columns and "text" in columns:
        return len(columns) >= min(3, len(filled))
    return "text" in columns and len({"lead", "deadline", "coordinators", "status"} & set(columns)) >= 2 \
        and len(columns) >= len(filled) - 1


def column_numbering(cells: list[str]) -> bool:
    """The row ``(1) (2) (3)…`` some documents put under the header, numbering the columns."""
    values = [c.strip().strip("()").rstrip(".") for c in cells if c.strip()]
    return len(values) >= 3 and values == [str(i) for i in range(1, len(values) + 1)]


@dataclass
class TableColumns:
    """What one header row decided: field key → column, each column's header text, and the columns
    read into one field (a deadline's «Bắt đầu | Kết thúc» under one «Thời gian» without their own names)."""

    columns: dict
    headers: dict
    joined: dict
    names: list = field(default_factory=list)
