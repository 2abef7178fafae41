"""Stage «columns»: which column of a table holds which field, decided by the table's own header row.

Each table (and each header row repeated inside one, as parts pasted from several departments are)
sets its own column order. Header words are matched with or without accents and in any order.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from portal.content.columns import HEADER_ORDER, TASK_COLUMNS
from portal.text.fold import fold

# The columns, their labels and their header words are portal.content.columns'; the importer reads them
# from there (COLUMN_LABELS: key → the document's heading, for messages).
COLUMN_LABELS = {column.key: column.label for column in TASK_COLUMNS}
# The header words, most specific first; the weaker words in the table's order (the lead before the coordinators).
_HEADER_PATTERNS = [(column.key, column.header_pattern()) for column in HEADER_ORDER]
_WEAK_PATTERNS = [(column.key, pattern) for column in TASK_COLUMNS if (pattern := column.weak_pattern()) is not None]


# -- columns --------------------------------------------------------------------------------------

def find_columns(cells: list[str]) -> dict[str, int]:
    """Map column keys to indexes by header text, with or without accents and in any order.

    Each header cell takes the first column (in :data:`~portal.content.columns.HEADER_ORDER`) whose
    ``headers`` it has and no earlier cell took; the cells left then go to the columns' weaker words
    (``weak_headers``): the lead is the «chủ trì» column, or else the first «thực hiện»/«phụ trách»
    column, so a «Lãnh đạo phụ trách» column never takes the place of «Phòng chủ trì» whichever comes
    first, and a column of the registry whose own words match it is never taken as the lead.
    """
    columns: dict[str, int] = {}
    weak: list[int] = []
    for index, cell in enumerate(cells):
        folded = re.sub(r"\s+", " ", fold(cell)).strip()  # a header cell wrapped on two lines reads as one
        if not folded or len(folded) > 60:
            continue
        for key, pattern in _HEADER_PATTERNS:
            if key not in columns and pattern.search(folded):
                columns[key] = index
                break
        else:
            if any(pattern.search(folded) for _, pattern in _WEAK_PATTERNS):
                weak.append(index)
    for key, pattern in _WEAK_PATTERNS:  # each, in the table's order, to the first cell left that has its words
        if weak and key not in columns and pattern.search(re.sub(r"\s+", " ", fold(cells[weak[0]]))):
            columns[key] = weak.pop(0)
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


# -- confirmed by content ---------------------------------------------------------------------------

_TASK_ROW_NUMBER = re.compile(r"^\(?0*\d+(\.\d+)*\s*[.):/]?$|^[a-z]\s*[.)]$")


def _segments(rows: list) -> list[list]:
    """Rows grouped by the header row that set their columns (one group per table or repeated header)."""
    out: dict[int, list] = {}
    for row in rows:
        if not row.paragraph and row.columns:
            out.setdefault(id(row.columns), []).append(row)
    return list(out.values())


def _column_verdicts(rows: list, index: int, key: str) -> tuple[dict, list[tuple[str, str]]]:
    """How the task rows' cells of column ``index`` read for field ``key``: counts per verdict, and each
    cell with its verdict."""
    from portal.content.importers.kinds import verdict

    counts: dict = {}
    cells: list[tuple[str, str]] = []
    for row in rows:
        number = row.get("number") if "number" in row.columns else ""
        if "number" in row.columns and not _TASK_ROW_NUMBER.match(number):
            continue
        if index >= len(row.cells) or index in row.continued or not row.cells[index].strip():
            continue
        text = row.cells[index].strip()
        found = verdict(key, text) or "none"
        counts[found] = counts.get(found, 0) + 1
        cells.append((text, found))
    return counts, cells


def _misread(counts: dict) -> str | None:
    """The other kind a column's cells mostly read as, or None when the column holds what its header says."""
    filled = sum(counts.values())
    other = max(((kind, n) for kind, n in counts.items() if kind not in ("own", "none")), key=lambda kn: kn[1],
                default=(None, 0))
    if other[0] and other[1] >= 2 and other[1] * 2 > filled and other[1] > counts.get("own", 0):
        return other[0]
    return None


def resolve_by_content(rows: list, result, place_of) -> bool:
    """Confirm each table's columns by what their cells hold; swap two columns read the wrong way round
    (their header words misled), or stop naming the table, the column and two example cells.

    ``place_of(row)`` names where a row was read (``bảng 2, hàng 7``). False when the import must stop.
    """
    from portal.content.importers.kinds import FIELD_KINDS, KIND_NAMES

    ok = True
    for segment in _segments(rows):
        columns = dict(segment[0].columns)
        changed = False
        for key in [k for k in FIELD_KINDS if k in columns]:
            counts, cells = _column_verdicts(segment, columns[key], key)
            kind = _misread(counts)
            if kind is None:
                continue
            wanted = FIELD_KINDS[key]
            # the partner: another column whose cells read as this field's kind (named for that kind, or unnamed)
            candidates = [(k, i) for k, i in columns.items() if i != columns[key] and FIELD_KINDS.get(k) == kind
                          and _misread(_column_verdicts(segment, i, k)[0]) == wanted]
            width = max(len(r.cells) for r in segment)
            named = set(columns.values())
            candidates += [(None, i) for i in range(width) if i not in named and _reads_mostly(segment, i, wanted)]
            where = re.sub(r",\s*hàng \d+.*$", "", place_of(segment[0]))
            header = segment[0].headers.get(columns[key], COLUMN_LABELS.get(key, key))
            examples = [text for text, found in cells if found == kind]
            if candidates:
                other_key, other_index = candidates[0]
                other_header = segment[0].headers.get(other_index, f"cột {other_index + 1}")
                result.warn(f"{where}: cột {columns[key] + 1} «{header}» chứa {KIND_NAMES[kind]} (ví dụ "
                            f"«{_example(examples, 0)}»), cột {other_index + 1} «{other_header}» chứa "
                            f"{KIND_NAMES[wanted]}: hai cột được đọc đổi chỗ cho nhau theo nội dung. Hãy kiểm tra hàng "
                            "tiêu đề của bảng trong văn bản Word và các nhiệm vụ của bảng trong tệp dữ liệu.", key)
                if other_key is not None:
                    columns[key], columns[other_key] = other_index, columns[key]
                else:
                    columns[key] = other_index
                changed = True
                continue
            ok = False
            result.error(f"{where}, cột {columns[key] + 1} «{header}»: hàng tiêu đề ghi đây là "
                         f"«{COLUMN_LABELS.get(key, key)}» nhưng phần lớn ô chứa {KIND_NAMES[kind]} "
                         f"(«{_example(examples, 0)}», «{_example(examples, 1)}»). Bảng có thể bị dán sai thứ tự cột: "
                         "hãy sửa hàng tiêu đề (hoặc thứ tự cột) của bảng trong văn bản Word rồi nhập lại.", key)
        if changed:
            for row in segment:
                row.columns = columns
    return ok


def _reads_mostly(rows: list, index: int, kind: str) -> bool:
    from portal.content.importers.kinds import FIELD_KINDS

    key = next(k for k, v in FIELD_KINDS.items() if v == kind)
    counts, _ = _column_verdicts(rows, index, key)
    filled = sum(counts.values())
    return filled >= 2 and counts.get("own", 0) * 2 > filled


def _example(cells: list[str], at: int) -> str:
    text = re.sub(r"\s+", " ", cells[at] if at < len(cells) else (cells[-1] if cells else "")).strip()
    return text if len(text) <= 60 else text[:59] + "…"
