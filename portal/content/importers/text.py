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

import re
from dataclasses import dataclass, field

from portal.content.importers.closing import parse_tail
from portal.content.importers.columns import resolve_by_content, find_columns, is_table_header, unknown_columns
from portal.content.importers.confirm import PAGE_NUMBER, check, confirm_fields, refuse_empty_form
from portal.content.importers.header import SYMBOL_RE, classify_header_lines, read_tab_columns
from portal.content.importers.locate import (
    names_other_table,
    refuse_other_kinds,
    starts_a_programme_text,
    text_appendix_start,
    text_header_lines,
)
from portal.content.importers.months import set_month
from portal.content.importers.place import TASK_NUMBER_RE, SourceRow, place_rows, rejoin_wrapped_lines
from portal.content.importers.result import ImportResult
from portal.content.importers.wordxml import printed_text
from portal.text.fold import fold
from portal.text.legacy import detect, to_unicode

COLUMNS = 6


@dataclass
class _Row:
    line: int
    cells: list[str]
    lines: list[int] = field(default_factory=list)
    paragraph: bool = False


_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def import_text(text: str, source: str = "<stdin>") -> ImportResult:
    """Parse the text export into the month data structure (see ``portal.content.schema``)."""
    result = ImportResult(source=source)
    encoding = detect(text)
    if encoding:
        text = to_unicode(text, encoding)
        result.notes.append(f"văn bản ở mã cũ {encoding} (phông {'.VnTime' if encoding == 'TCVN3' else 'VNI-Times'}): "
                            "đã chuyển sang Unicode; hãy xem lại vài dòng trong tệp dữ liệu.")
    text = printed_text(text)
    # Word writes a line break inside a cell as \v and a page break as \f: a space in the cell; other
    # control characters carry nothing a reader sees, and the loader refuses them in a month file
    text = _CONTROL_RE.sub(lambda m: " " if m.group(0) in "\v\f" else "", text)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    header_index = _find_table_header(lines, 0)
    if header_index is None:
        piped = _pipe_table(lines)
        if piped is not None:
            lines = piped
            header_index = _find_table_header(lines, 0)
            result.notes.append("các ô của bảng cách nhau bằng « | » (không phải Tab): đã đọc theo dấu « | ».")
    if refuse_other_kinds(lines[:header_index if header_index is not None else min(len(lines), 40)], result):
        return result
    spaced = _spaced_header(lines) if header_index is None else None
    if spaced is not None:
        result.error(f"các ô của bảng cách nhau bằng nhiều dấu cách (dòng {spaced + 1}), không đọc chắc "
                     "được ô nào thuộc cột nào. Hãy nhập thẳng tệp .docx, hoặc trong Word chọn «Lưu thành» (Save As) kiểu "
                     "«Văn bản thuần» (Plain Text, .txt) để các ô cách nhau bằng dấu Tab, rồi nhập lại.")
        return result
    if header_index is None:
        result.error("không tìm thấy dòng tiêu đề của bảng (Stt, Nội dung công việc, Phòng chủ trì…). "
                     "Hãy xuất văn bản Word ra dạng văn bản có dấu Tab giữa các ô, hoặc nhập thẳng tệp .docx.")
        return result
    recipients = next((i for i in range(header_index + 1, len(lines)) if fold(lines[i]).startswith("noi nhan")), None)
    stop = len(lines)
    if recipients is not None:
        appendix = text_appendix_start(lines, recipients + 1)
        second = _find_table_header(lines, recipients + 1)
        programme_again = any(starts_a_programme_text(lines[i:i + 3]) for i in range(recipients + 1, len(lines)))
        if second is not None and programme_again:
            result.error(f"tệp có hai chương trình: sau «Nơi nhận:» (dòng {recipients + 1}) còn một bảng nhiệm vụ "
                         f"(dòng {second + 1}). Hãy tách mỗi chương trình thành một tệp riêng rồi nhập từng tệp.")
            return result
        if appendix is not None:
            stop = appendix
            first = next(line.strip() for line in lines[appendix:] if line.strip())
            result.notes.append(f"phần sau chữ ký (từ dòng {appendix + 1}: «{first[:60]}») không phải nhiệm vụ của "
                                "chương trình, không được nhập.")
    second_number = next((i for i in range(header_index + 1, recipients if recipients is not None else len(lines))
                          if SYMBOL_RE.match(lines[i].strip())), None)
    if second_number is not None:
        result.error(f"tệp có hai chương trình: sau bảng nhiệm vụ còn số, ký hiệu của một văn bản khác (dòng "
                     f"{second_number + 1}: «{lines[second_number].strip()}»). Hãy tách mỗi chương trình thành một tệp "
                     "riêng rồi nhập từng tệp.")
        return result
    end = recipients if recipients is not None else len(lines)
    last_row = max(i for i in range(header_index, end) if "\t" in lines[i])
    kept = text_header_lines(lines, header_index, result)
    header_lines = read_tab_columns([(n + 1, lines[n]) for n in kept])
    result.data["header"] = classify_header_lines(header_lines, result)
    rows = _table_rows(lines, header_index, last_row + 1, result)
    if rejoin_wrapped_lines(rows):
        result.notes.append("văn bản có vẻ chuyển từ PDF (mỗi dòng in là một dòng): các dòng bị ngắt giữa cụm từ "
                            "trong ô đã được nối lại; hãy xem lại vài nhiệm vụ trong tệp dữ liệu.")
    if not resolve_by_content(rows, result, lambda row: f"dòng {row.line}"):
        return result
    place_rows(rows, None, result)
    if refuse_empty_form(result):
        return result
    parse_tail(read_tab_columns([(n + 1, lines[n]) for n in range(last_row + 1, stop)]), result)
    set_month(result)
    aside = set(range(header_index)) - set(kept)
    texts = [(cell.strip(), f"dòng {n + 1}") for n in range(stop) if n not in aside
             for cell in lines[n].split("\t") if cell.strip()]
    outside = [(lines[n].strip(), f"dòng {n + 1}") for n in range(last_row + 1, stop)
               if len([c for c in lines[n].split("\t") if c.strip()]) >= 2
               and TASK_NUMBER_RE.match(lines[n].split("\t")[0].strip())]
    check(result, texts, outside)
    confirm_fields(result)
    return result


_PIPE_RULE_RE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def _pipe_table(lines: list[str]) -> list[str] | None:
    """Lines whose cells are separated by `` | `` (a web page's or Markdown's table pasted as text) with
    tabs instead, when a header row is found that way; else None. Rule lines (``|---|---|``) go."""
    converted = []
    for line in lines:
        if _PIPE_RULE_RE.match(line):
            continue
        if " | " in line or line.strip().startswith("|"):
            line = line.strip()
            if line.startswith("|"):
                line = line[1:]
            if line.endswith("|"):
                line = line[:-1]
            line = "\t".join(cell.strip() for cell in line.split("|"))
        converted.append(line)
    return converted if _find_table_header(converted, 0) is not None else None


def _spaced_header(lines: list[str]) -> int | None:
    """A header row whose cells are separated by runs of spaces (a copy from a PDF viewer)."""
    for index, line in enumerate(lines):
        cells = [c.strip() for c in re.split(r" {2,}", line.strip())]
        if len(cells) >= 3 and is_table_header(cells):
            return index
    return None


def _find_table_header(lines: list[str], start: int) -> int | None:
    """The task table's header line: the first that names the columns, passing over a table of events or
    people whose header the task table's words also match when a task table's header follows."""
    found = [index for index in range(start, len(lines))
             if len(lines[index].split("\t")) >= 3 and is_table_header([c.strip() for c in lines[index].split("\t")])]
    while len(found) > 1 and names_other_table(lines[found[0]].split("\t")) and not names_other_table(
            lines[found[1]].split("\t")):
        found.pop(0)
    return found[0] if found else None


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
            if not PAGE_NUMBER.match(fold(line.strip())):  # a page number between a table's pages is no row
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
