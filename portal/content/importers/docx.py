"""Import the programme straight from the office's Word document (.docx).

The body is read from the XML as it prints (:mod:`.wordxml`: tracked changes accepted, list
numbering computed, merges on the grid). The task table is every table whose rows name the
columns (``Stt``, ``Nội dung…``), plus the tables and paragraphs between the first and the last
of them: a table split by a paragraph, pasted per section, with or without its header row
repeated. Everything above is the header (layout tables read column by column, then the title
paragraphs), everything below the tail (closing paragraphs, ``Nơi nhận:`` and the signature).
Each piece is reduced to the lines and rows the text export gives and handed to
:mod:`portal.content.importers.common`, so both importers place a document identically.

Positions are named as a clerk finds them in Word: ``bảng 2, hàng 12, cột 3 «Phòng chủ trì»``
(tables counted from the top of the document, rows and columns from 1), and after placing, the
import checks itself against the document (:func:`portal.content.importers.selfcheck.check`).
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator, Optional

from portal.content.columns import TASK_COLUMNS, USUAL_COLUMNS
from portal.content.importers.common import (
    COLUMN_LABELS,
    SYMBOL_RE,
    ImportResult,
    SourceRow,
    heading_of,
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
from portal.content.importers.wordxml import Body, Cell, Paragraph, Table, WordError, read_body
from portal.text.fold import fold

_TEXT_COLUMNS = tuple(column.key for column in TASK_COLUMNS if column.rich)  # italics kept as <i>…</i>
_HEADER_ROWS = 5  # a header row is looked for among a table's first rows


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
    blocks = body.blocks
    task_tables = [i for i, block in enumerate(blocks) if isinstance(block, Table) and _header_at(block) is not None]
    assumed: dict = {}
    if not task_tables:
        # A task table whose header row was left out: numbered rows under Roman sections, read by the
        # office's column order, and the clerk told so.
        headless = next((i for i, block in enumerate(blocks) if isinstance(block, Table) and 4 <= block.width <= 8
                         and _looks_like_tasks(block) and _has_sections(block)), None)
        if headless is not None:
            task_tables = [headless]
            assumed = {key: index for index, key in enumerate(_OFFICE_ORDER[:blocks[headless].width])}
            result.warn(f"bảng {blocks[headless].number} không có hàng tiêu đề (Stt, Nội dung công việc…); các cột được "
                        "hiểu theo thứ tự thường dùng: " + ", ".join(COLUMN_LABELS[k] for k in assumed) + ". "
                        "Hãy kiểm tra tệp dữ liệu, hoặc thêm hàng tiêu đề vào bảng rồi nhập lại.")
    if not task_tables:
        result.error("không tìm thấy bảng nhiệm vụ (bảng có hàng tiêu đề Stt, Nội dung công việc, Phòng chủ trì…) "
                     "trong tệp Word. Hãy kiểm tra tệp có đúng là chương trình công tác tháng.")
        return
    tail_start = _tail_start(blocks, task_tables[0])
    later = [i for i in task_tables if tail_start is not None and i > tail_start]
    if later:
        table = blocks[later[0]]
        result.error(f"tệp có hai chương trình: sau «Nơi nhận:» của chương trình thứ nhất còn một bảng nhiệm vụ "
                     f"(bảng {table.number}). Hãy tách mỗi chương trình thành một tệp .docx riêng rồi nhập từng tệp.")
        return
    first = task_tables[0]
    last = max(i for i in task_tables if tail_start is None or i < tail_start)
    second_header = next((i for i in range(first + 1, last) if _starts_a_programme(blocks[i])), None)
    if second_header is not None:
        result.error("tệp có hai chương trình: giữa các bảng nhiệm vụ có phần đầu của một văn bản khác "
                     f"(«{_short(_paragraphs(blocks[second_header])[0].text)}»). Hãy tách mỗi chương trình thành một tệp "
                     ".docx riêng rồi nhập từng tệp.")
        return
    # Continuation tables without a header row, after the last named one and before the tail.
    end = tail_start if tail_start is not None else len(blocks)
    for index in range(last + 1, end):
        if isinstance(blocks[index], Table) and _looks_like_tasks(blocks[index]):
            last = index
    # Section headings written as paragraphs just above the first table belong to the table.
    while first > 0 and isinstance(blocks[first - 1], Paragraph) and _is_heading_paragraph(blocks[first - 1]):
        first -= 1
    if body.tracked_changes:
        result.notes.append(f"văn bản còn {body.tracked_changes} thay đổi được theo dõi (Track Changes): "
                            "đã đọc như khi in, chấp nhận mọi thay đổi (phần chèn giữ lại, phần xóa bỏ đi).")
    if body.comments:
        result.notes.append("văn bản có chú thích (Comments): chú thích không được nhập.")
    if body.footnotes:
        result.warn(f"văn bản có {body.footnotes} chú thích cuối trang (footnote): nội dung chú thích không được nhập; "
                    "nếu cần, hãy chép vào trường «note» của nhiệm vụ.")
    if body.legacy_text:
        result.notes.append(f"chữ trong văn bản ở mã cũ {body.legacy_text} (dù phông đã đổi): đã chuyển sang Unicode; "
                            "hãy xem lại vài dòng trong tệp dữ liệu.")
    if body.legacy_fonts:
        result.notes.append(f"văn bản dùng phông mã cũ ({', '.join(sorted(body.legacy_fonts))}): "
                            "chữ đã được chuyển sang Unicode.")
    counter = _Counter(result)
    header_blocks = [b for b in blocks[:first]]
    header_lines = read_tab_columns(
        [line for block in header_blocks for line in _block_lines(block, counter, "phần đầu văn bản")])
    result.data["header"] = classify_header_lines(header_lines, result)
    structural: set = set()
    rows = list(_task_rows(blocks[first:last + 1], counter, result, structural, assumed))
    place_rows(rows, None, result)
    tail_lines = read_tab_columns(
        [line for block in blocks[last + 1:] for line in _block_lines(block, counter, "sau bảng nhiệm vụ", bold=True)])
    parse_tail(tail_lines, result)
    set_month(result)
    outside = [table for table in blocks[:first] + blocks[last + 1:] if isinstance(table, Table)]
    check(result, _document_texts(body, structural), _numbered_rows(outside))


def _numbered_rows(tables: list) -> list[tuple[str, str]]:
    """Rows of the tables outside the task table that look like tasks (a number, then text): none
    should be there, so each is reported rather than read into the header or the closing."""
    out = []
    for table in tables:
        for number, row in enumerate(table.rows, start=1):
            cells = [c for c in _plain(row, table.width) if c]
            if len(cells) >= 2 and re.match(r"^\d{1,3}(\.\d+)*\s*[.)]?$", cells[0]) and len(cells[1]) > 3:
                out.append(("\t".join(cells), f"bảng {table.number}, hàng {number}"))
    return out


def _tail_start(blocks: list, after: int) -> Optional[int]:
    """The block holding ``Nơi nhận:`` (or the closing ``Trên đây là…``) after the first task table."""
    for index in range(after + 1, len(blocks)):
        block = blocks[index]
        texts = [p.text for p in _paragraphs(block)]
        if any(fold(t).startswith("noi nhan") for t in texts):
            # the closing paragraphs just before belong to the tail too
            while index - 1 > after and isinstance(blocks[index - 1], Paragraph):
                index -= 1
            return index
    return None


def _starts_a_programme(block) -> bool:
    """A document's own header (``Số: 12-CTr/…``, the motto) met between two task tables."""
    for paragraph in _paragraphs(block):
        text = paragraph.text.strip()
        if SYMBOL_RE.match(text) or fold(text).startswith("dang cong san viet nam"):
            return True
    return False


def _paragraphs(block) -> list[Paragraph]:
    if isinstance(block, Paragraph):
        return [block]
    return [p for row in block.rows for cell in row.cells if cell.continues is None for p in cell.paragraphs]


def _header_at(table: Table) -> Optional[int]:
    for index, row in enumerate(table.rows[:_HEADER_ROWS]):
        if is_table_header(_plain(row, table.width)):
            return index
    return None


def _plain(row, width: int) -> list[str]:
    out = [""] * max(width, max((c.column + c.span for c in row.cells), default=0))
    for cell in row.cells:
        if cell.continues is None:
            out[cell.column] = cell.text.strip()
    return out


def _looks_like_tasks(table: Table) -> bool:
    """A table with no header row that carries on the task table: numbered or Roman rows in its first column."""
    hits = 0
    for row in table.rows:
        cells = [c for c in _plain(row, table.width) if c]
        if not cells:
            continue
        first = cells[0]
        if re.match(r"^(\d+(\.\d+)*|[IVXLC]+|[A-Z])\s*[.)]?$", first) and len(cells) >= 2:
            hits += 1
    return hits >= 1 and hits * 2 >= len([r for r in table.rows if any(c.text.strip() for c in r.cells)])


_OFFICE_ORDER = [column.key for column in USUAL_COLUMNS]


def _has_sections(table: Table) -> bool:
    return any(re.match(r"^[IVX]+\s*[.)]?$", (_plain(row, table.width) + [""])[0]) for row in table.rows)


def _is_heading_paragraph(paragraph: Paragraph) -> bool:
    text = paragraph.shown.strip()
    if not text:
        return True
    row = SourceRow(0, [text], {"text": 0})
    return heading_of(row) is not None and len(text) < 200


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

    ``structural`` collects ``(table, row)`` of header rows (1-based), whose words are no content;
    ``assumed`` are the columns of a task table without a header row."""
    columns: dict = dict(assumed)
    headers: dict = {}
    reported: set = set()
    width_of_header = 0
    current_joined: dict = {}
    for block in blocks:
        if isinstance(block, Paragraph):
            for text, _ in block.lines():
                if text.strip():
                    line = counter.mark(f"đoạn văn «{_short(text)}» giữa các bảng")
                    yield SourceRow(line, [text], {"text": 0}, paragraph=True)
            continue
        header_at = _header_at(block)
        skip = set()
        if header_at is not None:
            cells = _plain(block.rows[header_at], block.width)
            columns = find_columns(cells)
            joined: dict[str, list[int]] = {}
            below = block.rows[header_at + 1] if header_at + 1 < len(block.rows) else None
            if below is not None and _continues_header(block.rows[header_at], below, columns):
                cells, joined = _two_row_header(block.rows[header_at], below, block.width)
                columns = find_columns(cells)
                for key, extra in list(joined.items()):
                    joined[key] = [i for i in extra if i not in columns.values()]
                skip.add(header_at + 1)
                structural.add((block.number, header_at + 2))
            structural.add((block.number, header_at + 1))
            headers = {i: c for i, c in enumerate(cells) if c}
            for index, name in unknown_columns(cells, {**columns, **{f"+{k}{i}": i for k, v in joined.items() for i in v}}):
                if fold(name) not in reported:
                    reported.add(fold(name))
                    result.warn(f"bảng {block.number}, cột {index + 1}: cột «{name}» không phải cột quen thuộc của "
                                f"chương trình ({', '.join(column.label for column in TASK_COLUMNS)}); "
                                f"nội dung của cột được giữ trong trường «note» của từng nhiệm vụ, dạng «{name}: …».")
        if not columns:
            continue
        if header_at is None and width_of_header and block.width != width_of_header:
            result.warn(f"bảng {block.number} không có hàng tiêu đề và có {block.width} cột, khác bảng nhiệm vụ phía trên "
                        f"({width_of_header} cột); các cột được đọc theo thứ tự của bảng trên. Hãy kiểm tra các nhiệm vụ "
                        "của bảng này trong tệp dữ liệu.")
        if header_at is not None:
            width_of_header = block.width
        rich = {index for key, index in columns.items() if key in _TEXT_COLUMNS}
        known = set(columns.values())
        if header_at is not None:
            current_joined = {k: v for k, v in joined.items() if v and k in columns}
        for number, row in enumerate(block.rows, start=1):
            if number - 1 in skip:
                continue
            width = max(block.width, max((c.column + c.span for c in row.cells), default=0))
            texts = [""] * width
            continued = set()
            for cell in row.cells:
                origin = cell.origin
                texts[cell.column] = _cell_text(origin, cell.column in rich or cell.column not in known)
                if cell.continues is not None:
                    continued.add(cell.column)
            line = counter.mark(f"bảng {block.number}, hàng {number}")
            yield SourceRow(line, texts, columns, continued=continued, headers=headers, joined=current_joined)


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
    names = _plain(header, width)
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


def _document_texts(body: Body, structural: set) -> list[tuple[str, str]]:
    """Every text of the document with where it is, for the self-check: each paragraph's printed lines
    (header rows of the task table aside: their words name columns)."""
    out: list[tuple[str, str]] = []
    for block in body.blocks:
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
