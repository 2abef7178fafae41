"""The Word route: read → locate → columns → place → confirm, for a .docx programme.

The body is read from the XML as it prints (:mod:`.wordxml`). :mod:`.locate` finds the task table
(every table whose rows name the columns, plus the tables and paragraphs between: a table split by
a paragraph, pasted per section, with or without its header row repeated), the header above it and
the closing below, and sets aside what is neither. Here the task table's rows are read on the grid,
each header row setting the columns below it; the header and closing are reduced to the lines the
text export gives, so both routes place a document identically (:mod:`.place`, :mod:`.header`,
:mod:`.closing`).

Positions are named as a clerk finds them in Word: ``bảng 2, hàng 12, cột 3 «Phòng chủ trì»``
(tables counted from the top of the document, rows and columns from 1), and after placing, the
import checks itself against the document (:mod:`.confirm`).
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator, Optional

from portal.content.columns import TASK_COLUMNS
from portal.content.importers.closing import parse_tail
from portal.content.importers.columns import resolve_by_content, TableColumns, find_columns, is_table_header, unknown_columns
from portal.content.importers.confirm import PAGE_NUMBER, check, confirm_fields, refuse_empty_form
from portal.content.importers.locate import header_at, locate_blocks, plain
from portal.content.importers.header import classify_header_lines, read_tab_columns
from portal.content.importers.months import set_month
from portal.content.importers.place import SourceRow, heading_of, place_rows, rejoin_wrapped_lines
from portal.content.importers.result import ImportResult
from portal.content.importers.wordxml import Body, Cell, Paragraph, Table, WordError, read_body
from portal.text.fold import fold

_TEXT_COLUMNS = tuple(column.key for column in TASK_COLUMNS if column.rich)  # italics kept as <i>…</i>
TASK_ROW_RE = re.compile(r"^\(?0*\d+(\.\d+)*\s*[.):/]?$|^[a-z]\s*[.)]$")


def import_docx(path: Path | str) -> ImportResult:
    """Parse a .docx programme into the month data structure (see ``portal.content.schema``)."""
    source = str(path)
    result = ImportResult(source=source)
    try:
        body = read_body(path)
    except WordError as exc:
        result.error(f"{exc}. Hãy mở tệp bằng Word và «Lưu thành» (Save As) một tệp .docx mới rồi nhập lại.")
        return result
    import_body(body, result)
    return result


def import_body(body: Body, result: ImportResult) -> None:
    """The Word route after «read»: locate the parts, then place the header, the task table and the closing."""
    parts = locate_blocks(body.blocks, result)
    if parts is None:
        return
    _say_what_was_read(body, result)
    result.notes.extend(note for note in parts.notes() if note)
    counter = _Counter(result)
    header_lines = read_tab_columns(
        [line for block in parts.header for line in _block_lines(block, counter, "phần đầu văn bản")])
    result.data["header"] = classify_header_lines(header_lines, result)
    structural: set = set()
    rows = list(_task_rows(parts.tasks, counter, result, structural, parts.assumed))
    if rejoin_wrapped_lines(rows):
        result.notes.append("văn bản có vẻ chuyển từ PDF (mỗi dòng in là một đoạn): các dòng bị ngắt giữa cụm từ "
                            "trong ô đã được nối lại; hãy xem lại vài nhiệm vụ trong tệp dữ liệu.")
    if not resolve_by_content(rows, result, lambda row: result.position(row.line)):
        return
    place_rows(rows, None, result)
    if refuse_empty_form(result):
        return
    tail_lines = read_tab_columns(
        [line for block in parts.closing for line in _block_lines(block, counter, "sau bảng nhiệm vụ", bold=True)])
    parse_tail(tail_lines, result)
    set_month(result)
    set_aside = {id(block) for block, _ in parts.set_aside if block is not None}
    outside = [table for table in parts.header + parts.closing if isinstance(table, Table)]
    kept = [block for block in body.blocks if id(block) not in set_aside]
    check(result, _document_texts(kept, structural), _numbered_rows(outside))
    confirm_fields(result)


def _say_what_was_read(body: Body, result: ImportResult) -> None:
    """Notes on what the reader did on its own: changes accepted, hidden text dropped, encodings converted."""
    if body.tracked_changes:
        result.notes.append(f"văn bản còn {body.tracked_changes} thay đổi được theo dõi (Track Changes): "
                            "đã đọc như khi in, chấp nhận mọi thay đổi (phần chèn giữ lại, phần xóa bỏ đi).")
    if body.comments:
        result.notes.append("văn bản có chú thích (Comments): chú thích không được nhập.")
    if body.footnotes:
        result.warn(f"văn bản có {body.footnotes} chú thích cuối trang (footnote): nội dung chú thích không được nhập; "
                    "nếu cần, hãy chép vào trường «note» của nhiệm vụ.")
    if body.hidden or body.hidden_rows:
        what = " và ".join(part for part in (f"{body.hidden_rows} hàng" if body.hidden_rows else "",
                                              f"{body.hidden} đoạn chữ" if body.hidden else "") if part)
        result.notes.append(f"văn bản có {what} bị ẩn (định dạng Hidden, Word không in): không được nhập.")
    if body.symbols:
        named = ", ".join(f"{name} ({count} lần)" for name, count in sorted(body.symbols.items()))
        result.warn(f"văn bản có ký hiệu chèn bằng Insert → Symbol không có chữ Unicode tương ứng: {named}; "
                    "ký hiệu được ghi bằng tên của nó, hãy sửa trong tệp dữ liệu nếu cần.")
    if body.strict:
        result.notes.append("văn bản lưu ở dạng «Strict Open XML»: đã đọc như văn bản Word thường.")
    if body.legacy_text:
        result.notes.append(f"chữ trong văn bản ở mã cũ {body.legacy_text} (dù phông đã đổi): đã chuyển sang Unicode; "
                            "hãy xem lại vài dòng trong tệp dữ liệu.")
    if body.legacy_fonts:
        result.notes.append(f"văn bản dùng phông mã cũ ({', '.join(sorted(body.legacy_fonts))}): "
                            "chữ đã được chuyển sang Unicode.")


def _numbered_rows(tables: list) -> list[tuple[str, str]]:
    """Rows of the tables outside the task table that look like tasks (a number, then text): none
    should be there, so each is reported rather than read into the header or the closing."""
    out = []
    for table in tables:
        for number, row in enumerate(table.rows, start=1):
            cells = [c for c in plain(row, table.width) if c]
            if len(cells) >= 2 and re.match(r"^\d{1,3}(\.\d+)*\s*[.)]?$", cells[0]) and len(cells[1]) > 3:
                out.append(("\t".join(cells), f"bảng {table.number}, hàng {number}"))
    return out


class _Counter:
    """Numbers every line and row in document order and records where each is, for messages."""

    def __init__(self, result: ImportResult):
        self.result = result
        self.next = 0

    def mark(self, place: str) -> int:
        self.next += 1
        self.result.places[self.next] = place
        return self.next


# -- rows of the task table -------------------------------------------------------------------------

def _task_rows(blocks: list, counter: _Counter, result: ImportResult, structural: set,
               assumed: dict) -> Iterator[SourceRow]:
    """Rows of every table of the task table in order, and the paragraphs between them as one-cell rows.

    Each header row (a table's first, or one repeated further down with its own column order, as
    parts pasted from several departments are) sets the columns of the rows below it.
    ``structural`` collects ``(table, row)`` of header rows (1-based), whose words are no content;
    ``assumed`` are the columns of a task table without a header row."""
    layout = TableColumns(dict(assumed), {}, {})
    reported: set = set()
    width_of_header = 0
    last_was_task = False  # the row above (across a page break) was a numbered task
    for block in blocks:
        if isinstance(block, Paragraph):
            for text, _ in block.lines():
                if PAGE_NUMBER.match(fold(text.strip())):
                    continue  # a page number a converter left between the two halves of a table
                if text.strip():
                    last_was_task = False
                    line = counter.mark(f"đoạn văn «{_short(text)}» giữa các bảng")
                    yield SourceRow(line, [text], {"text": 0}, paragraph=True)
            continue
        first_header = header_at(block)
        if first_header is None and not layout.columns:
            continue
        if first_header is None and width_of_header and block.width != width_of_header:
            result.warn(f"bảng {block.number} không có hàng tiêu đề và có {block.width} cột, khác bảng nhiệm vụ phía trên "
                        f"({width_of_header} cột); các cột được đọc theo thứ tự của bảng trên. Hãy kiểm tra các nhiệm vụ "
                        "của bảng này trong tệp dữ liệu.")
        if first_header is not None:
            width_of_header = block.width
        skip: set = set()
        first_of_table = True
        for index, row in enumerate(block.rows):
            if index in skip:
                continue
            cells = plain(row, block.width)
            if index == first_header or (index > (first_header if first_header is not None else -1) and is_table_header(cells)):
                below = block.rows[index + 1] if index + 1 < len(block.rows) else None
                layout, two_rows = header_columns(row, below, block.width)
                structural.add((block.number, index + 1))
                if two_rows:
                    skip.add(index + 1)
                    structural.add((block.number, index + 2))
                _report_unknown(layout, block.number, result, reported)
                continue
            source = _source_row(block, index, row, layout, counter)
            filled = source.filled()
            if len(filled) == 1 and PAGE_NUMBER.match(fold(filled[0][1])) and (
                    filled[0][0] != source.columns.get("number") or not filled[0][1].isdigit()):
                continue  # a page number a converter put in a row of its own («- 2 -», or a number outside Stt)
            number_at = source.columns.get("number")
            if number_at is None or not source.filled():
                yield source
                continue
            if first_of_table and last_was_task and not source.get("number") and heading_of(source) is None:
                # the rest of the task above, cut by a page break: read as continuing it
                source.continued.add(number_at)
                source.page_split = True
            else:
                last_was_task = bool(TASK_ROW_RE.match(source.get("number")))
            first_of_table = False
            yield source


def _report_unknown(layout: "TableColumns", table: int, result: ImportResult, reported: set) -> None:
    for index, name in unknown_columns(layout.names, {**layout.columns, **{
            f"+{k}{i}": i for k, v in layout.joined.items() for i in v}}):
        if fold(name) not in reported:
            reported.add(fold(name))
            result.warn(f"bảng {table}, cột {index + 1}: cột «{name}» không phải cột quen thuộc của "
                        f"chương trình ({', '.join(column.label for column in TASK_COLUMNS)}); "
                        f"nội dung của cột được giữ trong trường «note» của từng nhiệm vụ, dạng «{name}: …».")


def _source_row(block: Table, index: int, row, layout: "TableColumns", counter: _Counter) -> SourceRow:
    rich = {i for key, i in layout.columns.items() if key in _TEXT_COLUMNS}
    known = set(layout.columns.values())
    width = max(block.width, max((c.column + c.span for c in row.cells), default=0))
    texts = [""] * width
    continued = set()
    for cell in row.cells:
        texts[cell.column] = _cell_text(cell.origin, cell.column in rich or cell.column not in known)
        if cell.continues is not None:
            continued.add(cell.column)
    line = counter.mark(f"bảng {block.number}, hàng {index + 1}")
    return SourceRow(line, texts, layout.columns, continued=continued, headers=layout.headers,
                     joined={k: v for k, v in layout.joined.items() if v and k in layout.columns})


def header_columns(row, below, width: int) -> tuple["TableColumns", bool]:
    """The columns a header row names (with the row below it when the header spans two rows)."""
    cells = plain(row, width)
    columns = find_columns(cells)
    joined: dict = {}
    two_rows = below is not None and _continues_header(row, below, columns)
    if two_rows:
        cells, joined = _two_row_header(row, below, width)
        columns = find_columns(cells)
        for key, extra in list(joined.items()):
            joined[key] = [i for i in extra if i not in columns.values()]
    return TableColumns(columns, {i: c for i, c in enumerate(cells) if c}, joined, cells), two_rows


def _continues_header(header, below, columns: dict) -> bool:
    """The second row of a two-row header: under the Stt and content headers it only continues their
    merge (or is empty), and it names the parts of a header cell spanning several columns."""
    spanning = [c for c in header.cells if c.span > 1]
    if not spanning:
        return False
    for key in ("number", "text"):
        cell = below.at(columns[key]) if key in columns else None
        if cell is not None and cell.continues is None and cell.text.strip():
            return False
    filled = [c for c in below.cells if c.continues is None and c.text.strip()]
    return bool(filled) and all(any(s.column <= c.column < s.column + s.span for s in spanning) for c in filled)


def _two_row_header(header, below, width: int) -> tuple[list[str], dict]:
    """Names of the columns of a two-row header: «Thời gian (Bắt đầu)», «Đơn vị Chủ trì»…; and for a
    spanning header whose parts all belong to one field (a deadline's start and end), those parts."""
    names = plain(header, width)
    joined: dict = {}
    for parent in header.cells:
        if parent.span < 2 or parent.continues is not None:
            continue
        parts = []
        for column in range(parent.column, parent.column + parent.span):
            cell = below.at(column)
            sub = cell.text.strip() if cell is not None and cell.continues is None else ""
            names[column] = f"{parent.text.strip()} {sub}".strip() if sub else (parent.text.strip() if column == parent.column else "")
            parts.append(column)
        keys = {key for key, _ in [(k, 0) for k in find_columns([parent.text.strip()])]}
        sub_keys = find_columns([below.at(c).text.strip() if below.at(c) is not None else "" for c in parts])
        if len(keys) == 1 and not sub_keys:
            # «Thời gian» over «Bắt đầu | Kết thúc»: one field read from every part
            (key,) = keys
            joined[key] = parts[1:]
            names[parts[0]] = parent.text.strip()
            for column in parts[1:]:
                names[column] = ""
    return names, joined


def _cell_text(cell: Cell, rich: bool) -> str:
    if rich:
        return rich_text(cell.paragraphs)
    return "\n".join(p.shown.replace("\t", " ").strip() for p in cell.paragraphs if p.shown.strip())


def rich_text(paragraphs: list[Paragraph]) -> str:
    """The paragraphs joined by line breaks, italic runs as ``<i>…</i>``, list labels in front.

    An italic span running across a paragraph break stays one span, so text written from the
    data file (``<i>a\\nb</i>``) reads back unchanged. Spaces at a span's edges go outside it.
    """
    pieces: list[tuple[str, Optional[bool]]] = []
    for paragraph in paragraphs:
        runs = [(text, italic) for text, italic, _ in paragraph.pieces if text]
        if not "".join(text for text, _ in runs).strip():
            if not paragraph.label:
                continue
            runs = []
        if paragraph.label:
            runs.insert(0, (paragraph.label + " ", False))
        if pieces:
            pieces.append(("\n", None))
        pieces.extend((text.replace("\t", " "), italic) for text, italic in runs)
    for index, (text, italic) in enumerate(pieces):  # a break inside one italic span is italic too
        if italic is None:
            before = pieces[index - 1][1]
            after = pieces[index + 1][1] if index + 1 < len(pieces) else False
            pieces[index] = (text, bool(before and after))
    return "\n".join(line.strip() for line in _wrap_italics([(text, bool(italic)) for text, italic in pieces]).split("\n")).strip()


def _wrap_italics(pieces: list[tuple[str, bool]]) -> str:
    merged: list[list] = []
    for text, italic in pieces:
        if merged and merged[-1][1] == italic:
            merged[-1][0] += text
        else:
            merged.append([text, italic])
    out = []
    for text, italic in merged:
        if italic and text.strip():
            lead = text[: len(text) - len(text.lstrip())]
            trail = text[len(text.rstrip()):]
            out.append(f"{lead}<i>{text.strip()}</i>{trail}")
        else:
            out.append(text)
    return "".join(out)


# -- header and tail ----------------------------------------------------------------------------------

def _block_lines(block, counter: _Counter, where: str, bold: bool = False) -> Iterator[tuple[int, str]]:
    """Lines of a paragraph, or of a layout table read column by column as Word's text export does."""
    if isinstance(block, Paragraph):
        yield from _paragraph_lines(block, counter, where, bold)
        return
    width = max([block.width] + [c.column + c.span for row in block.rows for c in row.cells])
    for column in range(width):
        for row_number, row in enumerate(block.rows, start=1):
            cell = next((c for c in row.cells if c.column == column and c.continues is None), None)
            if cell is None:
                continue
            for paragraph in cell.paragraphs:
                yield from _paragraph_lines(paragraph, counter,
                                            f"{where}, bảng {block.number}, hàng {row_number}, cột {column + 1}", bold)


def _paragraph_lines(paragraph: Paragraph, counter: _Counter, where: str, bold: bool) -> Iterator[tuple[int, str]]:
    """A paragraph's printed lines; a wholly bold line as ``**…**`` (the text export's marker, which
    :func:`common.parse_tail` reads to tell the signer's name from the drafter's initials)."""
    for pieces in paragraph.tab_lines():
        text = " ".join(piece for piece, _ in pieces if piece)
        if not text:
            continue
        line = "\t".join(f"**{piece}**" if bold and piece_bold and piece else piece for piece, piece_bold in pieces)
        place = where if "bảng" in where else f"{where}, đoạn «{_short(text)}»"
        yield counter.mark(place), line


def _short(text: str, limit: int = 40) -> str:
    text = re.sub(r"\s+", " ", text.replace("**", ""))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _document_texts(blocks: list, structural: set) -> list[tuple[str, str]]:
    """Every text of the document with where it is, for the self-check: each paragraph's printed lines
    (header rows of the task table aside: their words name columns)."""
    out: list[tuple[str, str]] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            out.extend((piece, f"đoạn «{_short(piece)}»") for line in block.tab_lines() for piece, _ in line if piece)
            continue
        for number, row in enumerate(block.rows, start=1):
            if (block.number, number) in structural:
                continue
            for cell in row.cells:
                if cell.continues is not None:
                    continue
                for paragraph in cell.paragraphs:
                    out.extend((piece, f"bảng {block.number}, hàng {number}, cột {cell.column + 1}")
                               for line in paragraph.tab_lines() for piece, _ in line if piece)
    return out
