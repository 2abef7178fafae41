"""Import the programme straight from the office's Word document (.docx).

The document is read in body order: everything above the task table is the header (the
two-column header table read column by column, then the title paragraphs), the task table is
placed row by row, and everything after it is the tail (closing paragraphs, then the ``Nơi
nhận:`` / signature table read column by column). Each piece is reduced to the same lines and
cells the text export gives and handed to :mod:`portal.content.importers.common`, so both importers
place a document identically. Positions are named as an editor finds them in Word
(``bảng nhiệm vụ, hàng 12``), and whatever cannot be placed is kept and reported.
"""
from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Iterator, Optional

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

_TEXT_COLUMNS = ("text", "note")  # columns whose italics are kept as <i>…</i>


def import_docx(path: Path | str) -> ImportResult:
    """Parse a .docx programme into the month data structure (see ``portal.content.schema``)."""
    source = str(path)
    result = ImportResult(source=source)
    document = _open(path, result)
    if document is None:
        return result
    blocks = list(document.iter_inner_content())
    table_index = _find_task_table(blocks)
    if table_index is None:
        result.problems.append(Problem(source, None, "", (
            "không tìm thấy bảng nhiệm vụ (bảng có hàng tiêu đề Stt, Nội dung công việc, Phòng chủ trì…) "
            "trong tệp Word. Hãy kiểm tra tệp có đúng là chương trình công tác tháng.")))
        return result
    counter = _Counter(result)
    header_lines = [line for block in blocks[:table_index] for line in _block_lines(block, counter, "phần đầu văn bản")]
    result.data["header"] = classify_header_lines(header_lines, result)
    columns, rows = _task_rows(blocks[table_index], counter)
    place_rows(rows, columns, result)
    tail_lines = [line for block in blocks[table_index + 1:] for line in _block_lines(block, counter, "sau bảng nhiệm vụ", bold=True)]
    parse_tail(tail_lines, result)
    set_month(result)
    return result


def _open(path: Path | str, result: ImportResult):
    """The python-docx Document, or None with an error an editor can act on."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        result.problems.append(Problem(result.source, None, "", (
            f"không đọc được tệp Word ({type(exc).__name__}). Tệp phải là .docx (Word 2007 trở lên); "
            "tệp .doc cũ hãy mở bằng Word rồi «Lưu thành» .docx.")))
        return None


class _Counter:
    """Numbers every line and row in document order and records where each is, for messages."""

    def __init__(self, result: ImportResult):
        self.result = result
        self.next = 0

    def mark(self, place: str) -> int:
        self.next += 1
        self.result.places[self.next] = place
        return self.next


def _find_task_table(blocks: list) -> Optional[int]:
    from docx.table import Table

    for index, block in enumerate(blocks):
        if isinstance(block, Table) and any(is_table_header(_plain_cells(row)) for row in block.rows[:5]):
            return index
    return None


# -- cells and paragraphs -------------------------------------------------------------------

def _grid_cells(row, repeat_vertical: bool = True) -> list:
    """One entry per layout column: the cell there, or None for the columns a merge covers.

    A cell merged across columns counts once (at its first column). In the task table a cell
    continuing a vertical merge repeats the cell above it, so a lead merged down several tasks
    belongs to each task; in layout tables (header, signature) it is empty, so nothing is read twice.
    """
    from docx.table import _Cell

    cells: list = [None] * row.grid_cols_before
    for tc in row._tr.tc_lst:
        origin = tc
        while origin.vMerge == "continue":
            origin = origin._tc_above
        cells.append(_Cell(origin, row.table) if origin is tc or repeat_vertical else None)
        cells.extend([None] * (tc.grid_span - 1))
    return cells


def _plain_cells(row) -> list[str]:
    return [cell.text.strip() if cell is not None else "" for cell in _grid_cells(row)]


def _effective(run, paragraph, attribute: str) -> bool:
    """A run's effective font setting (``italic``, ``bold``): its own, else its character style's,
    else the paragraph style's along its base styles, as Word resolves it."""
    own = getattr(run.font, attribute)
    if own is not None:
        return bool(own)
    if run.style is not None and getattr(run.style.font, attribute) is not None:
        return bool(getattr(run.style.font, attribute))
    style = paragraph.style
    while style is not None:
        if getattr(style.font, attribute) is not None:
            return bool(getattr(style.font, attribute))
        style = style.base_style
    return False


def _italic(run, paragraph) -> bool:
    return _effective(run, paragraph, "italic")


def _bold(run, paragraph) -> bool:
    return _effective(run, paragraph, "bold")


def _rich_cell(cell) -> str:
    """The cell's paragraphs joined by line breaks, italic runs as ``<i>…</i>``.

    An italic span running across a paragraph break stays one span, so text written from the
    data file (``<i>a\\nb</i>``) reads back unchanged. Spaces at a span's edges go outside it.
    """
    pieces: list[tuple[str, bool]] = []
    for paragraph in cell.paragraphs:
        runs = [(run.text, _italic(run, paragraph)) for run in paragraph.runs if run.text]
        if not "".join(text for text, _ in runs).strip():
            continue
        if pieces:
            pieces.append(("\n", None))
        pieces.extend(runs)
    for index, (text, italic) in enumerate(pieces):  # a break inside one italic span is italic too
        if italic is None:
            before = pieces[index - 1][1]
            after = pieces[index + 1][1] if index + 1 < len(pieces) else False
            pieces[index] = (text, bool(before and after))
    return _wrap_italics(pieces).strip()


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


def _paragraph_lines(paragraph, bold: bool) -> list[str]:
    """A paragraph's text, one entry per line break; a wholly bold paragraph as ``**…**``.

    The bold markers are the text export's: :func:`common.parse_tail` reads them to tell the
    signer's name from the drafter's initials.
    """
    text = paragraph.text
    lines = [line.strip() for line in text.replace("\t", " ").split("\n")]
    if bold and text.strip():
        runs = [run for run in paragraph.runs if run.text.strip()]
        if runs and all(_bold(run, paragraph) for run in runs):
            return [f"**{line}**" if line else "" for line in lines]
    return lines


def _block_lines(block, counter: _Counter, where: str, bold: bool = False) -> Iterator[tuple[int, str]]:
    """Lines of a paragraph, or of a layout table read column by column as Word's text export does."""
    from docx.table import Table

    if not isinstance(block, Table):
        for line in _paragraph_lines(block, bold):
            if line:
                yield counter.mark(f"{where}, đoạn «{_short(line)}»"), line
        return
    grid = [_grid_cells(row, repeat_vertical=False) for row in block.rows]
    width = max((len(cells) for cells in grid), default=0)
    for column in range(width):
        for row_number, cells in enumerate(grid, start=1):
            cell = cells[column] if column < len(cells) else None
            if cell is None:
                continue
            for paragraph in cell.paragraphs:
                for line in _paragraph_lines(paragraph, bold):
                    if line:
                        yield counter.mark(f"{where}, bảng, hàng {row_number} cột {column + 1}"), line


def _short(text: str, limit: int = 40) -> str:
    text = re.sub(r"\s+", " ", text.replace("**", ""))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _task_rows(table, counter: _Counter) -> tuple[dict, list[tuple[int, list[str]]]]:
    """The table's columns (found by header text) and its rows below the header, as cell texts."""
    rows = list(table.rows)
    header_at = next(i for i, row in enumerate(rows[:5]) if is_table_header(_plain_cells(row)))
    columns = find_columns(_plain_cells(rows[header_at]))
    rich = {index for key, index in columns.items() if key in _TEXT_COLUMNS}
    known = set(columns.values())
    out = []
    for number, row in enumerate(rows[header_at + 1:], start=header_at + 2):
        cells = _grid_cells(row)
        texts = [_cell_text(cell, index in rich or index not in known) for index, cell in enumerate(cells)]
        out.append((counter.mark(f"bảng nhiệm vụ, hàng {number}"), texts))
    return columns, out


def _cell_text(cell, rich: bool) -> str:
    if cell is None:
        return ""
    if rich:
        return _rich_cell(cell)
    return "\n".join(p.text.strip() for p in cell.paragraphs if p.text.strip())
