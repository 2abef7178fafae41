"""Import the tab-separated text export of a programme (one table row a line, cells by tabs).

The document has three parts: the header (issuing body, number, place and date, title), the
table (a header row ``Stt<TAB>Nội dung công việc…``, group rows A, B…, section rows I, II…, task
rows; the header row may repeat where Word split the table, and lines without tabs between table
rows are the paragraphs between tables), and the tail (closing paragraph, ``Nơi nhận:`` and its
list, drafter initials, signature). Text in the legacy TCVN3/VNI encodings is recognised and
converted; everything is normalised to NFC. Every line is either placed in the data or reported
with its line number; nothing is dropped.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from portal.content.importers.common import (
    SYMBOL_RE,
    TASK_NUMBER_RE,
    ImportResult,
    SourceRow,
    classify_header_lines,
    find_columns,
    is_table_header,
    parse_tail,
    place_rows,
    read_tab_columns,
    set_month,
    unknown_columns,
)
from portal.content.importers.selfcheck import check
from portal.text.fold import fold
from portal.text.legacy import detect, to_unicode

COLUMNS = 6


@dataclass
class _Row:
    line: int
    cells: list[str]
    lines: list[int] = field(default_factory=list)
    paragraph: bool = False


def import_text(text: str, source: str = "<stdin>") -> ImportResult:
    """Parse the text export into the month data structure (see ``portal.content.schema``)."""
    result = ImportResult(source=source)
    encoding = detect(text)
    if encoding:
        text = to_unicode(text, encoding)
        result.notes.append(f"văn bản ở mã cũ {encoding} (phông {'.VnTime' if encoding == 'TCVN3' else 'VNI-Times'}): "
                            "đã chuyển sang Unicode; hãy xem lại vài dòng trong tệp dữ liệu.")
    text = unicodedata.normalize("NFC", text)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    header_index = _find_table_header(lines, 0)
    if header_index is None:
        result.error("không tìm thấy dòng tiêu đề của bảng (Stt, Nội dung công việc, Phòng chủ trì…). "
                     "Hãy xuất văn bản Word ra dạng văn bản có dấu Tab giữa các ô, hoặc nhập thẳng tệp .docx.")
        return result
    recipients = next((i for i in range(header_index + 1, len(lines)) if fold(lines[i]).startswith("noi nhan")), None)
    if recipients is not None:
        second = _find_table_header(lines, recipients + 1)
        if second is not None:
            result.error(f"tệp có hai chương trình: sau «Nơi nhận:» (dòng {recipients + 1}) còn một bảng nhiệm vụ "
                         f"(dòng {second + 1}). Hãy tách mỗi chương trình thành một tệp riêng rồi nhập từng tệp.")
            return result
    second_number = next((i for i in range(header_index + 1, recipients if recipients is not None else len(lines))
                          if SYMBOL_RE.match(lines[i].strip())), None)
    if second_number is not None:
        result.error(f"tệp có hai chương trình: sau bảng nhiệm vụ còn số, ký hiệu của một văn bản khác (dòng "
                     f"{second_number + 1}: «{lines[second_number].strip()}»). Hãy tách mỗi chương trình thành một tệp "
                     "riêng rồi nhập từng tệp.")
        return result
    end = recipients if recipients is not None else len(lines)
    last_row = max(i for i in range(header_index, end) if "\t" in lines[i])
    header_lines = read_tab_columns([(n + 1, lines[n]) for n in range(header_index)])
    result.data["header"] = classify_header_lines(header_lines, result)
    rows = _table_rows(lines, header_index, last_row + 1, result)
    place_rows(rows, None, result)
    parse_tail(read_tab_columns([(n + 1, lines[n]) for n in range(last_row + 1, len(lines))]), result)
    set_month(result)
    texts = [(cell.strip(), f"dòng {n + 1}") for n in range(len(lines)) for cell in lines[n].split("\t") if cell.strip()]
    outside = [(lines[n].strip(), f"dòng {n + 1}") for n in range(last_row + 1, len(lines))
               if len([c for c in lines[n].split("\t") if c.strip()]) >= 2
               and TASK_NUMBER_RE.match(lines[n].split("\t")[0].strip())]
    check(result, texts, outside)
    return result


def _find_table_header(lines: list[str], start: int) -> int | None:
    for index in range(start, len(lines)):
        cells = [c.strip() for c in lines[index].split("\t")]
        if len(cells) >= 3 and is_table_header(cells):
            return index
    return None


def _table_rows(lines: list[str], start: int, stop: int, result: ImportResult) -> list[SourceRow]:
    """Group physical lines into table rows, joining a cell the export broke across lines.

    A row is complete when it has as many cells as the header. A line with fewer tabs continues
    the previous, incomplete row (its first piece joins the row's last cell with a line break),
    unless the line is a whole row by itself. A line without tabs, when no row is pending, is a
    paragraph between two tables. A header line (repeated, or another table's) sets the columns
    for the rows below it.
    """
    header_cells = [c.strip() for c in lines[start].split("\t")]
    columns = find_columns(header_cells)
    width = max(max(columns.values()) + 1 if columns else COLUMNS, len(header_cells))
    headers = {i: c for i, c in enumerate(header_cells) if c}
    reported = set()
    out: list[SourceRow] = []
    pending: _Row | None = None

    def report_unknown(cells: list[str], line: int) -> None:
        for index, name in unknown_columns(cells, find_columns(cells)):
            if fold(name) not in reported:
                reported.add(fold(name))
                result.warn(f"dòng {line}, cột {index + 1}: cột «{name}» không phải cột quen thuộc của chương trình; "
                            f"nội dung của cột được giữ trong trường «note» của từng nhiệm vụ, dạng «{name}: …».")

    def emit(row: _Row) -> None:
        cells = row.cells
        number_at = columns.get("number")
        # Word writes an automatic list number as «1.<TAB>»: an extra, empty cell after the number.
        if number_at is not None and len(cells) == width + 1 and number_at + 1 < len(cells) \
                and TASK_NUMBER_RE.match(cells[number_at].strip()) and not cells[number_at + 1].strip():
            cells = cells[:number_at + 1] + cells[number_at + 2:]
        out.append(SourceRow(row.line, cells, columns, headers=headers, paragraph=row.paragraph))

    report_unknown(header_cells, start + 1)
    for index in range(start + 1, stop):
        line = lines[index]
        if not line.strip():
            continue
        pieces = line.split("\t")
        if "\t" in line and is_table_header([p.strip() for p in pieces]):
            if pending is not None:
                emit(pending)
                pending = None
            header_cells = [p.strip() for p in pieces]
            columns = find_columns(header_cells)
            width = max(max(columns.values()) + 1, len(header_cells))
            headers = {i: c for i, c in enumerate(header_cells) if c}
            report_unknown(header_cells, index + 1)
            continue
        if pending is not None and len(pieces) < width:
            pending.cells[-1] = pending.cells[-1].rstrip() + "\n" + pieces[0].strip()
            pending.cells.extend(pieces[1:])
            pending.lines.append(index + 1)
            if len(pending.cells) >= width:
                emit(pending)
                pending = None
            continue
        if pending is not None:
            emit(pending)
            pending = None
        if "\t" not in line:
            emit(_Row(line=index + 1, cells=[line.strip()], paragraph=True))
            continue
        row = _Row(line=index + 1, cells=pieces, lines=[index + 1])
        if len(row.cells) >= width:
            emit(row)
        else:
            pending = row
    if pending is not None:
        emit(pending)
    for placed in out:
        if placed.paragraph:
            placed.columns = {"text": 0}
    return out
