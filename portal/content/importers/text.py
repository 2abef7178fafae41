"""Import the tab-separated text export of a programme (one table row a line, cells by tabs).

The document has three parts: the header (issuing body, number, place and date, title), the
table (a header row ``Stt<TAB>Nội dung công việc…``, section rows numbered I, II…, task rows),
and the tail (closing paragraph, ``Nơi nhận:`` and its list, drafter initials, signature).
Every line is either placed in the data or reported with its line number; nothing is dropped.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from portal.content.errors import Problem
from portal.content.importers.common import (
    ImportResult,
    classify_header_lines,
    find_columns,
    is_table_header,
    parse_tail,
    place_rows,
    set_month,
)

COLUMNS = 6


@dataclass
class _Row:
    line: int
    cells: list[str]
    lines: list[int] = field(default_factory=list)


def import_text(text: str, source: str = "<stdin>") -> ImportResult:
    """Parse the text export into the month data structure (see ``portal.content.schema``)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    result = ImportResult(source=source)
    header_index = _find_table_header(lines)
    if header_index is None:
        result.problems.append(Problem(source, None, "", (
            "không tìm thấy dòng tiêu đề của bảng (Stt, Nội dung công việc, Phòng chủ trì…). "
            "Hãy xuất văn bản Word ra dạng văn bản có dấu Tab giữa các ô.")))
        return result
    columns = find_columns(lines[header_index].split("\t"))
    header_lines = [(n + 1, lines[n]) for n in range(header_index)]
    result.data["header"] = classify_header_lines(header_lines, result)
    rows, tail_start = _table_rows(lines, header_index + 1, columns, result)
    place_rows([(row.line, row.cells) for row in rows], columns, result)
    parse_tail([(n + 1, lines[n]) for n in range(tail_start, len(lines))], result)
    set_month(result)
    return result


def _find_table_header(lines: list[str]) -> int | None:
    for index, line in enumerate(lines):
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) >= 3 and is_table_header(cells):
            return index
    return None


def _table_rows(lines: list[str], start: int, columns: dict, result: ImportResult) -> tuple[list[_Row], int]:
    """Group physical lines into table rows, joining a cell the export broke across lines.

    A row is complete when it has as many cells as the header. A line with fewer tabs continues
    the previous, incomplete row (its first piece joins the row's last cell with a line break).
    The table ends at the first line without a tab once no row is pending.
    """
    width = max(columns.values()) + 1 if columns else COLUMNS
    width = max(width, len(lines[start - 1].split("\t")))
    rows: list[_Row] = []
    pending: _Row | None = None
    index = start
    while index < len(lines):
        line = lines[index]
        if pending is not None:
            if not line.strip():
                index += 1
                continue
            pieces = line.split("\t")
            pending.cells[-1] = pending.cells[-1].rstrip() + "\n" + pieces[0].strip()
            pending.cells.extend(pieces[1:])
            pending.lines.append(index + 1)
            if len(pending.cells) >= width:
                rows.append(pending)
                pending = None
            index += 1
            continue
        if not line.strip():
            index += 1
            continue
        if "\t" not in line:
            break
        row = _Row(line=index + 1, cells=line.split("\t"), lines=[index + 1])
        if len(row.cells) >= width:
            rows.append(row)
        else:
            pending = row
        index += 1
    if pending is not None:
        rows.append(pending)
    return rows, index
