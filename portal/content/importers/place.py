"""Stage «place»: the task table's rows, in order, become groups, sections, tasks and sub-tasks.

The task table is read as a sequence of rows (from one table or several, with the paragraphs
between them as one-cell rows): header rows wherever they repeat, group rows (``A. CÔNG TÁC
TUYÊN GIÁO``), Roman sections, numbered tasks, sub-numbered tasks (``1.1``, ``a)``), rows that
continue a task through a vertical merge. A row that is none of these is kept under
``unplaced`` and reported with its table, row and columns; the import then refuses to write
unless the clerk accepts it. Shared by both routes, so a Word document and its text export
place identically.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from portal.content.columns import TASK_COLUMNS, Holds
from portal.content.importers.columns import COLUMN_LABELS, column_numbering, is_table_header
from portal.content.importers.report import iter_sections
from portal.content.importers.result import ImportResult
from portal.content.importers.wordxml import wraps_into
from portal.text.numerals import from_roman, to_roman

# The columns a task row's cells fill in one to one (not the Stt, nor the note, which also gathers the
# columns the header does not name); the required ones, without which a row is no task.
_CELL_COLUMNS = [column for column in TASK_COLUMNS if column.holds not in (Holds.NUMBER, Holds.NOTE)]
_NOTE = next(column.key for column in TASK_COLUMNS if column.holds is Holds.NOTE)
_REQUIRED_CELLS = [column.key for column in _CELL_COLUMNS if column.required and column.holds is not Holds.TEXT]

ROMAN_RE = re.compile(r"^(?=[IVXLC])M*(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})\.?$")
TASK_NUMBER_RE = re.compile(r"^\(?0*(\d+)\s*[.):/]?$")
SUB_NUMBER_RE = re.compile(r"^0*(\d+(?:\.0*\d+)+)\s*[.):]?$")
LETTER_RE = re.compile(r"^\(?([a-z])\s*[.)]$")
GROUP_RE = re.compile(r"^(?:[Pp]hần\s+|PHẦN\s+)?([A-Z])\s*[.):/\-–]?$")
_ROW_HEADING_RE = re.compile(
    r"^(?:PHẦN\s+|Phần\s+|MỤC\s+|Mục\s+)?(?P<label>[IVXLC]+|[A-Z])\s*[.):/\-–]\s*(?P<title>\S.*)$", re.DOTALL)

_INLINE_NUMBER_RE = re.compile(r"^(\d{1,3}(?:\.\d{1,3})*)\s*[.)]\s+(\S.*)$", re.DOTALL)


def row_kind(number: str, text: str, others: list[str]) -> str:
    """``section`` (I, II…), ``task`` (1, 1., 1), 01), ``preamble`` (one merged cell) or ``other``."""
    number = number.strip()
    if number and ROMAN_RE.match(number) and text:
        return "section"
    if TASK_NUMBER_RE.match(number) and text:
        return "task"
    if len([c for c in [number, text, *others] if c.strip()]) == 1:
        return "preamble"
    return "other"


def parent_number(number: str) -> str:
    """The task a sub-task belongs to: ``1.2`` → ``1``, ``3a`` → ``3``; a top-level task has none (``""``)."""
    if "." in number:
        return number.rsplit(".", 1)[0]
    if number[-1:].isalpha() and number[:-1]:
        return number[:-1]
    return ""


def task_number(cell: str) -> str:
    """``01``, ``1.``, ``1)`` → ``1``; ``1.1.`` → ``1.1``."""
    cell = cell.strip()
    match = TASK_NUMBER_RE.match(cell) or SUB_NUMBER_RE.match(cell)
    if not match:
        return cell
    return ".".join(str(int(part)) for part in match.group(1).split("."))


# Marks a list of units is typed with: dashes, plus, and the bullets and arrows of Insert → Symbol.
_UNIT_SPLIT_RE = re.compile(r"(?:^|(?<=[.;,])\s+)[-–+•▪●○◦∙·➢➔→❖◆■□✓]\s+")


def split_units(cell: str) -> list[str]:
    """``- A. - B.`` → ``["A.", "B."]``; a plain cell stays one unit.

    A dash starts a new unit only at the start of a line or after ``.``/``;``/``,``, so names
    with a dash inside (``Đài Phát thanh - Truyền hình``) are not cut.
    """
    units: list[str] = []
    for line in cell.split("\n"):
        line = line.strip()
        if not line:
            continue
        parts = [p.strip() for p in _UNIT_SPLIT_RE.split(line)]
        units.extend(p for p in parts if p)
    return units


# -- the task table -------------------------------------------------------------------------------

@dataclass
class SourceRow:
    """One row of the task table as an importer read it.

    ``cells`` has one text per grid column; ``columns`` maps keys to columns for this row's table;
    ``continued`` are the columns whose cell continues a vertical merge from the row above;
    ``headers`` the header text of each column (for messages); ``paragraph`` marks a paragraph
    between tables, read as a row of one cell.
    """

    line: int
    cells: list[str]
    columns: dict[str, int]
    continued: set = field(default_factory=set)
    headers: dict = field(default_factory=dict)
    paragraph: bool = False
    structural: bool = False  # set by the placer: a header or column-numbering row, nothing to place
    joined: dict = field(default_factory=dict)  # key → more columns read into it («Thời gian»: «Bắt đầu», «Kết thúc»)
    page_split: bool = False  # the second half of a row a page break cut (a document converted from PDF)

    def get(self, key: str) -> str:
        index = self.columns.get(key)
        value = self.cells[index].strip() if index is not None and index < len(self.cells) else ""
        if key in self.joined:
            parts = [value] + [self.cells[i].strip() for i in self.joined[key] if i < len(self.cells)]
            value = " - ".join(part for part in parts if part)
        return value

    def filled(self) -> list[tuple[int, str]]:
        return [(i, c.strip()) for i, c in enumerate(self.cells) if c.strip()]

    def fresh(self, key: str) -> str:
        """The cell's text unless it only continues a merge from above."""
        index = self.columns.get(key)
        return "" if index is None or index in self.continued else self.get(key)


def heading_of(row: SourceRow) -> Optional[tuple[str, str]]:
    """``(label, title)`` of a group or section row, however the row is merged.

    The office writes the label (``I``, ``A``) in the Stt cell and the title in a cell merged
    across the rest; some documents merge the whole row into one cell ``I. TITLE``; a heading
    may also be a paragraph between two tables. Other filled cells (a lead written once for
    the whole section) are the section's defaults.
    """
    number = re.sub(r"^(PHẦN|Phần|MỤC|Mục)\s+", "", row.get("number")).rstrip(".):/").strip()
    if number and (ROMAN_RE.match(number) or GROUP_RE.match(number)) and len(number) <= 8:
        group = GROUP_RE.match(number)
        label = group.group(1).upper() if group and not ROMAN_RE.match(number) else number
        text = row.get("text")
        number_index = row.columns.get("number")
        title = text or next((c for i, c in row.filled() if i != number_index), "")
        if title and not TASK_NUMBER_RE.match(title):
            return label, title
        return None
    filled = row.filled()
    if len(filled) == 1 or (filled and row.get("number") == "" and filled[0][1] == row.get("text")
                            and len([1 for i, _ in filled if i not in row.continued]) == 1):
        match = _ROW_HEADING_RE.match(filled[0][1])
        if match:
            return match.group("label"), match.group("title").strip()
    return None


def _continued(before: str, after: str, page_split: bool) -> str:
    """A cell's text with the next row's text that continues it: a new line, or, across a page break, the
    rest of the phrase the break cut."""
    if not before:
        return after
    if page_split and wraps_into(before, after):
        return f"{before.rstrip()} {after.lstrip()}"
    return f"{before}\n{after}"


def _next_letter(letter: str) -> str:
    return chr(ord(letter) + 1) if letter else "A"


def _next_roman(numeral: str) -> str:
    return to_roman((from_roman(numeral) or 0) + 1)


class _Placer:
    """Places rows in order into groups, sections and tasks (see :func:`place_rows`)."""

    def __init__(self, result: ImportResult):
        self.result = result
        self.groups: list[dict] = []  # {"letter", "title", "sections"}; a pending group may become a section
        self.loose: list[dict] = []  # sections outside any group
        self.group: Optional[dict] = None
        self.section: Optional[dict] = None
        self.defaults: dict = {}
        self.task: Optional[dict] = None
        self.parent: Optional[dict] = None  # the last top-level task, for a), b) rows
        self.task_rows: dict[int, SourceRow] = {}
        self.number_rows: dict[str, list[int]] = {}
        self.last_group_letter = ""
        self.table_preamble = False

    def sections(self) -> list[dict]:
        return self.group["sections"] if self.group is not None else self.loose

    def open_section(self, numeral: str, title: str, row: SourceRow) -> None:
        self.section = {"numeral": numeral, "title": title, "tasks": []}
        self.sections().append(self.section)
        self.task = self.parent = None
        self.defaults = {column.key: row.get(column.key) for column in _CELL_COLUMNS if column.holds is not Holds.TEXT
                         and row.columns.get(column.key) not in (None, row.columns.get("text"), row.columns.get("number"))
                         and row.get(column.key) and row.get(column.key) != title}

    def open_group(self, letter: str, title: str) -> None:
        self.group = {"letter": letter, "title": title, "sections": []}
        self.groups.append(self.group)
        self.section = self.task = self.parent = None
        self.last_group_letter = letter

    def heading(self, label: str, title: str, row: SourceRow) -> bool:
        expected_roman = _next_roman(self.section["numeral"]) if self.section and ROMAN_RE.match(self.section["numeral"]) else "I"
        is_group = len(label) == 1 and label.isalpha() and (
            not ROMAN_RE.match(label) or (label != expected_roman and label == _next_letter(self.last_group_letter)))
        if is_group:
            self.open_group(label, title)
        else:
            self.open_section(label, title, row)
        return True

    def ensure_section(self, row: SourceRow) -> None:
        """Tasks right under a group row (no Roman section): the group is the section."""
        if self.section is not None:
            return
        if self.group is not None and not self.group["sections"]:
            group = self.groups.pop()
            self.group = self.groups[-1] if self.groups else None
            self.open_section(group["letter"], group["title"], SourceRow(row.line, [], {}))
            return
        self.open_section("", "", SourceRow(row.line, [], {}))  # a table without sections

    def add_task(self, row: SourceRow, number: str) -> None:
        self.ensure_section(row)
        cells = {column.key: row.get(column.key) for column in _CELL_COLUMNS}
        for key, value in self.defaults.items():
            if not cells.get(key):
                cells[key] = value
        task: dict = {"number": number}
        for column in _CELL_COLUMNS:  # the usual columns always, others (a start date) when the row fills them
            if column.usual or cells[column.key]:
                value = cells[column.key]
                task[column.key] = split_units(value) if column.holds is Holds.UNITS else value
        notes = self.notes(row)
        if notes:
            task[_NOTE] = "\n".join(notes)
        if self.section is None:
            raise RuntimeError("a task placed outside any section")  # ensure_section opened one
        self.section["tasks"].append(task)
        self.result.task_lines[id(task)] = row.line
        self.task = task
        self.task_rows[id(task)] = row
        key = f"{id(self.section)}:{number}"
        self.number_rows.setdefault(key, []).append(row.line)

    @staticmethod
    def notes(row: SourceRow, fresh_only: bool = False) -> list[str]:
        """The Ghi chú column's text, and each unnamed column's text prefixed by its header
        (with ``fresh_only``, not the cells that only continue a merge from the row above)."""
        known = {index for key, index in row.columns.items() if key != _NOTE} | {
            i for extra in row.joined.values() for i in extra}
        out = []
        if (row.fresh(_NOTE) if fresh_only else row.get(_NOTE)):
            out.append(row.get(_NOTE))
        for index, cell in enumerate(row.cells):
            if index in known or index == row.columns.get(_NOTE) or not cell.strip():
                continue
            if fresh_only and index in row.continued:
                continue
            header = row.headers.get(index, "")
            out.append(f"{header}: {cell.strip()}" if header else cell.strip())
        return out

    def next_letter(self) -> str:
        """The letter the next ``a)``, ``b)`` row under the current top-level task must carry."""
        last = self.task["number"] if self.task is not None else ""
        if self.parent is not None and last != self.parent["number"] and last.startswith(self.parent["number"]) \
                and last[-1].isalpha():
            return chr(ord(last[-1]) + 1)
        return "a"

    def continue_task(self, row: SourceRow) -> None:
        """A row whose Stt cell continues the task above through a vertical merge (or, cut by a page break,
        the rest of the row above): its cells join the task."""
        task = self.task
        if task is None:  # place() continues a task only when there is one
            return
        for column in _CELL_COLUMNS:
            value = row.fresh(column.key)
            if not value:
                continue
            before = task.get(column.key)
            if column.holds is Holds.UNITS:
                units = split_units(value)
                if row.page_split and before and units and wraps_into(before[-1], units[0]):
                    before = before[:-1] + [f"{before[-1]} {units.pop(0)}"]  # a unit's name cut by the page break
                task[column.key] = (before or []) + units
            else:
                task[column.key] = _continued(before or "", value, row.page_split)
        notes = self.notes(row, fresh_only=True)
        if notes:
            task[_NOTE] = "\n".join(filter(None, [task.get(_NOTE, ""), *notes]))

    def place(self, row: SourceRow) -> None:
        filled = row.filled()
        if not filled:
            return
        cells = [c.strip() for c in row.cells]
        if not row.paragraph and (is_table_header(cells) or column_numbering(cells)):
            row.structural = True
            return
        number_index = row.columns.get("number")
        number_cell = row.get("number")
        if number_index is not None and number_index in row.continued and self.task is not None \
                and any(i not in row.continued for i, _ in filled):
            self.continue_task(row)
            return
        if number_index is not None and number_index in row.continued and all(i in row.continued for i, _ in filled):
            return  # every cell continues a merge: nothing new in this row
        heading = heading_of(row)
        text = row.get("text")
        if heading and not (TASK_NUMBER_RE.match(number_cell) or SUB_NUMBER_RE.match(number_cell)):
            self.heading(*heading, row)
            return
        inline = _INLINE_NUMBER_RE.match(number_cell) if number_cell and not text else None
        if inline and number_index is not None and row.columns.get("text") is not None:
            # the Stt and content cells merged into one: «1. Tuyên truyền…» in the Stt column
            row = SourceRow(row.line, list(row.cells), row.columns, row.continued, row.headers, joined=row.joined)
            row.cells[row.columns["text"]] = inline.group(2)
            row.cells[number_index] = number_cell = inline.group(1)
            text = inline.group(2)
        if not number_cell and text and (number_index is None or number_index not in row.continued):
            inline = _INLINE_NUMBER_RE.match(text)
            if inline and any(row.get(k) for k in _REQUIRED_CELLS):
                # numbered inside the content cell («1. Tuyên truyền…», Word's list or typed): the number is the Stt
                number_cell, text = inline.group(1), inline.group(2)
                row = SourceRow(row.line, list(row.cells), row.columns, row.continued, row.headers, joined=row.joined)
                row.cells[row.columns["text"]] = text
        letter = LETTER_RE.match(number_cell)
        if text and TASK_NUMBER_RE.match(number_cell):
            self.add_task(row, task_number(number_cell))
            self.parent = self.task
            return
        if text and SUB_NUMBER_RE.match(number_cell):
            self.add_task(row, task_number(number_cell))
            return
        if text and letter and self.parent is not None and letter.group(1) == self.next_letter():
            self.add_task(row, f"{self.parent['number']}{letter.group(1)}")
            return
        written = re.match(r"^(\d+)([a-z])$", number_cell)  # «1a» typed as the data file writes it
        if text and written and self.parent is not None and written.group(1) == self.parent["number"] \
                and written.group(2) == self.next_letter():
            self.add_task(row, number_cell)
            return
        if len(filled) == 1 and not self.sections() and not self.groups and not self.table_preamble:
            before = self.result.data.get("preamble")
            self.result.data["preamble"] = f"{before}\n{filled[0][1]}" if before else filled[0][1]
            self.table_preamble = True
            return
        detail = "" if row.paragraph else " (" + "; ".join(
            f"cột {i + 1}{' «' + row.headers[i] + '»' if row.headers.get(i) else ''}" for i, _ in filled) + ")"
        reason = ("đoạn văn giữa các bảng không phải tên mục (I, II…) hay nhóm (A, B…)" if row.paragraph else
                  "hàng không phải nhóm (A, B…), mục (I, II…) hay nhiệm vụ có số thứ tự")
        if number_cell and not text:
            reason = "hàng có số thứ tự nhưng ô «Nội dung» trống"
        elif len(filled) == 1 and not row.paragraph and len(filled[0][1]) < 150 and not filled[0][1].endswith("."):
            reason = ("hàng giống tên mục nhưng không có số La Mã (I, II…) hay chữ nhóm (A, B…); nếu là tên mục, "
                      "hãy ghi số mục vào ô Stt rồi nhập lại")
        self.result.unplaced(row.line, "\t".join(row.cells).strip(), reason, detail)

    def finish(self) -> None:
        data = self.result.data
        for key, lines in self.number_rows.items():
            if len(lines) > 1:
                number = key.split(":", 1)[1]
                places = ", ".join(self.result.position(line) for line in lines)
                self.result.error(f"số thứ tự {number} bị lặp lại trong cùng một mục ({places}). "
                                  "Hãy đánh số lại trong văn bản Word rồi nhập lại.")
        if self.groups:
            if self.loose:
                self.groups.insert(0, {"letter": "", "title": "", "sections": self.loose})
            data["groups"] = self.groups
            data.pop("sections", None)
        else:
            data["sections"] = self.loose


_UNIT_KEYS = tuple(column.key for column in TASK_COLUMNS if column.holds in (Holds.DEPARTMENT, Holds.UNITS, Holds.PERSON))
_PDF_MIN_WRAPS, _PDF_SHARE, _PDF_LINE = 6, 0.6, 25  # a document converted from PDF: most cell lines wrap mid-phrase


def rejoin_wrapped_lines(rows: list) -> bool:
    """Join the lines of a cell that are one phrase cut where a printed line wrapped.

    A unit never starts in lower case, so in the lead and partner columns a lower-case line is always
    the rest of the unit above it (``Sở Văn hóa, Thể`` / ``thao và Du lịch``). In the other columns a
    line break may be the author's, so their lines are joined only when the document reads as converted
    from PDF: at least six cut phrases, most of the task table's line breaks, on lines of printed width.
    Returns whether those columns were joined.
    """
    from portal.content.importers.wordxml import join_wrapped

    pairs = wraps = width = 0
    for row in rows:
        for cell in row.cells:
            lines = cell.split("\n")
            for line, following in zip(lines, lines[1:]):
                pairs += 1
                if wraps_into(line, following):
                    wraps += 1
                    width += len(line)
    pdf_like = wraps >= _PDF_MIN_WRAPS and wraps >= pairs * _PDF_SHARE and width >= wraps * _PDF_LINE
    for row in rows:
        if row.paragraph:
            continue
        units = {row.columns[key] for key in _UNIT_KEYS if key in row.columns}
        row.cells = [join_wrapped(cell, units=index in units) if pdf_like or index in units else cell
                     for index, cell in enumerate(row.cells)]
    return pdf_like


def place_rows(rows: list, columns: dict | None, result: ImportResult) -> list[SourceRow]:
    """Place the table's rows into groups, sections and tasks; report what does not fit.

    ``rows`` are :class:`SourceRow` (or ``(line, cells)`` pairs, with ``columns`` for all).
    Shared by every importer, so a Word document and its text export give the same data. A
    cell's paragraphs are separated by line breaks; ``note`` gathers the ``Ghi chú`` column and
    any column the header does not name (prefixed by that column's header), so no cell is dropped.
    """
    placer = _Placer(result)
    prepared = [row if isinstance(row, SourceRow) else SourceRow(row[0], list(row[1]), columns or {}) for row in rows]
    for row in prepared:
        placer.place(row)
    placer.finish()
    _check_fields(result, placer)
    return prepared


def _check_fields(result: ImportResult, placer: _Placer) -> None:
    """Tasks whose required cells are empty: named by row and column in the document, not by a line of
    a data file not yet written. A task with sub-tasks may leave its lead and deadline to them."""
    missing_column: dict[str, int] = {}
    for section in iter_sections(result.data):
        parents = {parent_number(t["number"]) for t in section["tasks"]}
        for task in section["tasks"]:
            row = placer.task_rows.get(id(task))
            has_children = task["number"] in parents
            for key in _REQUIRED_CELLS:
                if task.get(key) or has_children or row is None:
                    continue
                index = row.columns.get(key)
                if index is None:
                    missing_column[key] = missing_column.get(key, 0) + 1
                    continue
                label = f"{section['numeral']}.{task['number']}" if section["numeral"] else task["number"]
                result.error(f"{result.position(row.line)}, cột {index + 1} «{row.headers.get(index) or COLUMN_LABELS[key]}»: "
                             f"ô trống, nhưng nhiệm vụ {label} phải có «{COLUMN_LABELS[key]}». Hãy điền ô này trong văn bản "
                             "Word (hoặc gộp ô với ô bên trên nếu dùng chung) rồi nhập lại.", key)
    for key, count in missing_column.items():
        result.error(f"bảng nhiệm vụ không có cột «{COLUMN_LABELS[key]}» (không hàng tiêu đề nào ghi tên cột này), "
                     f"nên {count} nhiệm vụ không có {COLUMN_LABELS[key].lower()}. Hãy kiểm tra hàng tiêu đề của bảng "
                     "trong văn bản Word.", key)
