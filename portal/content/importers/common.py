"""Pieces shared by every importer (text export, Word): column names, row kinds, header and tail.

An importer reduces its source to lines and table rows; these functions decide what each is.
Keeping them here means the text and the Word import place the same document identically.

The task table is read as a sequence of rows (from one table or several, with the paragraphs
between them as one-cell rows): header rows wherever they repeat, group rows (``A. CÔNG TÁC
TUYÊN GIÁO``), Roman sections, numbered tasks, sub-numbered tasks (``1.1``, ``a)``), rows that
continue a task through a vertical merge. A row that is none of these is kept under
``unplaced`` and reported with its table, row and columns; the import then refuses to write
unless the clerk accepts it.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Optional

from portal.content.columns import HEADER_ORDER, TASK_COLUMNS, Holds
from portal.content.errors import Problem
from portal.text.fold import fold
from portal.text.months import Month
from portal.text.numerals import MONTH_WORDS, from_roman, to_roman

# The columns, their labels and their header words are portal.content.columns'; the importer reads them
# from there (COLUMN_LABELS: key → the document's heading, for messages).
COLUMN_LABELS = {column.key: column.label for column in TASK_COLUMNS}
# The columns a task row's cells fill in one to one (not the Stt, nor the note, which also gathers the
# columns the header does not name); the required ones, without which a row is no task.
_CELL_COLUMNS = [column for column in TASK_COLUMNS if column.holds not in (Holds.NUMBER, Holds.NOTE)]
_NOTE = next(column.key for column in TASK_COLUMNS if column.holds is Holds.NOTE)
_REQUIRED_CELLS = [column.key for column in _CELL_COLUMNS if column.required and column.holds is not Holds.TEXT]
# The header words, most specific first; the weaker words in the table's order (the lead before the coordinators).
_HEADER_PATTERNS = [(column.key, column.header_pattern()) for column in HEADER_ORDER]
_WEAK_PATTERNS = [(column.key, pattern) for column in TASK_COLUMNS if (pattern := column.weak_pattern()) is not None]

ROMAN_RE = re.compile(r"^(?=[IVXLC])M*(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})\.?$")
TASK_NUMBER_RE = re.compile(r"^\(?0*(\d+)\s*[.):/]?$")
SUB_NUMBER_RE = re.compile(r"^0*(\d+(?:\.0*\d+)+)\s*[.):]?$")
LETTER_RE = re.compile(r"^\(?([a-z])\s*[.)]$")
GROUP_RE = re.compile(r"^(?:[Pp]hần\s+|PHẦN\s+)?([A-Z])\s*[.):/\-–]?$")
_ROW_HEADING_RE = re.compile(
    r"^(?:PHẦN\s+|Phần\s+|MỤC\s+|Mục\s+)?(?P<label>[IVXLC]+|[A-Z])\s*[.):/\-–]\s*(?P<title>\S.*)$", re.DOTALL)

SYMBOL_RE = re.compile(r"^Số\s*[:.]?\s*(?P<number>[^\s\-–]*?)\s*[-–]\s*(?P<symbol>[^\s/]+/\S+)\s*$", re.IGNORECASE)
_NUMBER_ONLY_RE = re.compile(r"^Số\s*[:.]?\s*(?P<number>\S.*)$", re.IGNORECASE)
_PLACE_DATE_RE = re.compile(r"^(?P<place>[^,]{2,40}),\s*(?P<date>ngày\b.*)$", re.IGNORECASE)
_INLINE_NUMBER_RE = re.compile(r"^(\d{1,3}(?:\.\d{1,3})*)\s*[.)]\s+(\S.*)$", re.DOTALL)
_SIGNED_RE = re.compile(r"^\(?\s*(đã ký|đã ký và đóng dấu|đã ký tên|ký tên|ký, ghi rõ họ tên|ký và đóng dấu)\s*\)?$",
                        re.IGNORECASE)
_DECORATION_RE = re.compile(r"^[\s*_\-–—=.·•~]+$")
_BOLD_RE = re.compile(r"^\*\*|\*\*$")

_MONTH_WORDS = MONTH_WORDS
_MONTH_WORD = "|".join(sorted(_MONTH_WORDS, key=len, reverse=True))
_MONTH_RES = [
    re.compile(r"tháng\s+0?(\d{1,2})\s*[/.\-]\s*(\d{4})", re.IGNORECASE),
    re.compile(r"tháng\s+0?(\d{1,2})\s*,?\s+năm\s+(\d{4})", re.IGNORECASE),
    re.compile(rf"tháng\s+({_MONTH_WORD})\s*(?:[/.\-]|,?\s*năm)\s*(\d{{4}})", re.IGNORECASE),
]
_MONTH_NO_YEAR_RES = [
    re.compile(r"tháng\s+0?(\d{1,2})(?![\d/.\-])", re.IGNORECASE),
    re.compile(rf"tháng\s+({_MONTH_WORD})\b", re.IGNORECASE),
]
_ISSUE_DATE_RE = re.compile(r"ngày\s+0?(\d{1,2})\s+tháng\s+0?(\d{1,2})\s+năm\s+(\d{4})"
                            r"|ngày\s+0?(\d{1,2})\s*/\s*0?(\d{1,2})\s*/\s*(\d{4})", re.IGNORECASE)
_YEAR_RE = re.compile(r"năm\s+(\d{4})|(\d{4})\s*$", re.IGNORECASE)


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
        folded = fold(cell)
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
        if weak and key not in columns and pattern.search(fold(cells[weak[0]])):
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


_UNIT_SPLIT_RE = re.compile(r"(?:^|(?<=[.;,])\s+)[-–+•]\s+")


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


# -- the month ------------------------------------------------------------------------------------

def _month_value(token: str) -> Optional[int]:
    token = token.strip().lower()
    value = int(token) if token.isdigit() else _MONTH_WORDS.get(nfc(token))
    return value if value and 1 <= value <= 12 else None


def month_from_text(text: str) -> str | None:
    """``Công tác Tuyên giáo tháng 11/2023``, ``THÁNG 06 NĂM 2024``, ``tháng Sáu năm 2024`` → ``YYYY-MM``."""
    text = nfc(text or "")
    for pattern in _MONTH_RES:
        for match in pattern.finditer(text):
            month = _month_value(match.group(1))
            if month:
                return Month.of(int(match.group(2)), month)
    return None


def month_without_year(text: str) -> Optional[int]:
    """``tháng 6`` (no year written) → 6."""
    text = nfc(text or "")
    for pattern in _MONTH_NO_YEAR_RES:
        for match in pattern.finditer(text):
            month = _month_value(match.group(1))
            if month:
                return month
    return None


def issue_date(text: str) -> tuple[Optional[int], Optional[int], Optional[int]]:
    """``ngày 31 tháng 5 năm 2024`` → (2024, 5, 31); a draft's ``ngày [ng] tháng [th] năm 2024`` → (2024, None, None)."""
    text = nfc(text or "")
    match = _ISSUE_DATE_RE.search(text)
    if match:
        groups = [g for g in match.groups() if g is not None]
        day, month, year = (int(g) for g in groups)
        if 1 <= month <= 12:
            return year, month, day
    found = _YEAR_RE.search(text)
    if found:
        return int(found.group(1) or found.group(2)), None, None
    return None, None, None


def set_month(result: ImportResult) -> None:
    """The programme's month: from the title or subtitle in any of its forms, the issue date only as a
    last resort; says so when the two disagree other than by the usual «issued the month before»."""
    header = result.data.get("header", {})
    heading = " ".join(header.get(key, "") for key in ("title", "subtitle"))
    year, month_issued, _ = issue_date(header.get("date", ""))
    month = month_from_text(heading)
    if not month:
        bare = month_without_year(heading)
        if bare and year:
            # issued in December for January: the programme's year is the next one
            month = Month.of(year + (1 if month_issued == 12 and bare == 1 else 0), bare)
    if month and year and month_issued:
        issued = Month(month).months_since(Month.of(year, month_issued))
        if issued not in (0, 1):
            result.warn(f"trích yếu ghi {Month(month).label} nhưng ngày ban hành là «{header.get('date')}» "
                        "(không phải trong tháng đó hay tháng trước). Hãy kiểm tra trích yếu của văn bản; "
                        "tháng được lấy theo trích yếu.", "month")
    if not month and year and month_issued:
        month = Month.of(year, month_issued)
        result.warn(f"trích yếu không ghi tháng; tạm lấy tháng của ngày ban hành ({month_issued}/{year}). "
                    "Chương trình thường ban hành trước tháng của nó: nếu sai, hãy dùng --month YYYY-MM.", "month")
    result.data = {"month": month or "", **result.data}
    if not month:
        result.error("không xác định được tháng của chương trình từ trích yếu; hãy dùng tùy chọn --month YYYY-MM.", "month")


_DATE_IN_DEADLINE_RE = re.compile(r"(?<![\d/])(\d{1,2})\s*/\s*(\d{1,2})(?:\s*/\s*(\d{4}))?(?![\d/])")
_MONTH_IN_DEADLINE_RE = re.compile(r"tháng\s+0?(\d{1,2})\s*[/\-]\s*(\d{4})", re.IGNORECASE)


def deadline_months(data: dict) -> dict[str, int]:
    """How many dated deadlines fall in each month (``YYYY-MM`` → count), for the month cross-check."""
    counts: dict[str, int] = {}
    month = str(data.get("month") or "")
    year = Month(month).year_text if Month.valid(month) else "0000"
    for task in iter_tasks(data):
        text = task.get("deadline", "")
        found: Optional[str] = None
        match = _MONTH_IN_DEADLINE_RE.search(text)
        if match and 1 <= int(match.group(1)) <= 12:
            found = Month.of(int(match.group(2)), int(match.group(1)))
        else:
            match = _DATE_IN_DEADLINE_RE.search(text)
            if match and 1 <= int(match.group(2)) <= 12 and 1 <= int(match.group(1)) <= 31:
                found = f"{match.group(3) or year}-{int(match.group(2)):02d}"
        if found:
            counts[found] = counts.get(found, 0) + 1
    return counts


def month_disagreement(data: dict) -> Optional[str]:
    """A sentence when most dated deadlines fall in one other month than the programme's, else None."""
    month = data.get("month", "")
    counts = deadline_months(data)
    total = sum(counts.values())
    if total < 3 or not month:
        return None
    other, count = max(((m, c) for m, c in counts.items() if m != month), key=lambda mc: mc[1], default=("", 0))
    if count * 2 > total:
        return (f"chương trình được ghi là {Month(month).label} nhưng {count}/{total} thời hạn có ngày "
                f"thuộc {Month(other).label} (chỉ {counts.get(month, 0)} thuộc {Month(month).label}). "
                "Có thể trích yếu chưa được sửa khi sao chép văn bản của tháng trước. Hãy sửa trích yếu trong văn bản "
                "rồi nhập lại; việc nhập dừng ở đây (kể cả khi có --force hay --month).")
    return None


def iter_tasks(data: dict):
    for section in iter_sections(data):
        yield from section.get("tasks", [])


def iter_sections(data: dict):
    for group in data.get("groups", []) or []:
        yield from group.get("sections", [])
    yield from data.get("sections", []) or []


def section_counts(data: dict) -> str:
    """``I: 9 nhiệm vụ, II: 15, III: 24`` (with groups: ``A. I: 3 nhiệm vụ, II: 4; B. I: 5``)."""
    def counts(sections: list) -> str:
        parts = [f"{s.get('numeral') or '(không số)'}: {len(s.get('tasks', []))}" for s in sections]
        if parts:
            parts[0] += " nhiệm vụ"
        return ", ".join(parts)

    if data.get("groups"):
        return "; ".join(f"{g.get('letter') or ''}{'. ' if g.get('letter') else ''}{counts(g.get('sections', []))}"
                         for g in data["groups"])
    return counts(data.get("sections", []))


# -- the header -----------------------------------------------------------------------------------

def read_tab_columns(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Lines typed in two columns with tabs, read column by column as a layout table is.

    A header or a signature block is sometimes laid out with tab stops instead of a table: each
    run of consecutive lines holding a tab is read left column first (every line's text before its
    tabs), then the right column; lines without tabs stay where they are.
    """
    out: list[tuple[int, str]] = []
    run: list[tuple[int, list[str]]] = []

    def flush() -> None:
        width = max((len(pieces) for _, pieces in run), default=0)
        for column in range(width):
            for number, pieces in run:
                if column < len(pieces) and pieces[column].strip():
                    out.append((number, pieces[column].strip()))
        run.clear()

    for number, line in lines:
        if "\t" in line.strip("\t ") or (line.startswith("\t") and line.strip()):
            run.append((number, re.split(r"\t+", line)))
            continue
        if not line.strip() and run:
            continue  # a blank line inside two columns does not end them
        flush()
        out.append((number, line))
    flush()
    return out



def _is_motto(folded: str) -> bool:
    return folded.startswith("dang cong san viet nam") or folded.startswith("cong hoa xa hoi") or \
        folded.startswith("doc lap - tu do") or folded.startswith("doc lap-tu do")


_DOCUMENT_TYPE_RE = re.compile(r"^(chuong trinh|ke hoach)\b")
_TITLE_WORD_RE = re.compile(r"^(CHƯƠNG TRÌNH)\s+(\S.*)$", re.IGNORECASE)


def classify_header_lines(lines: list[tuple[int, str]], result: ImportResult) -> dict:
    """Place the lines above the table: issuing body, number and symbol, motto, place and date, title.

    Word exports the two header columns one after the other, so lines are recognised by their
    form; plain lines before the number are the issuing body, plain lines after the date the title.
    A title written on one line with its subject (``CHƯƠNG TRÌNH CÔNG TÁC THÁNG 6 NĂM 2024``) is
    split into the document type and the subject.
    """
    header: dict = {}
    plain_before: list[tuple[int, str]] = []
    plain_after: list[tuple[int, str]] = []
    seen_marker = False
    for number, raw in lines:
        line = nfc(raw.strip())
        if not line or _DECORATION_RE.match(line):
            continue
        folded = fold(line)
        symbol = SYMBOL_RE.match(line)
        place_date = _PLACE_DATE_RE.match(line)
        numbered = symbol or _NUMBER_ONLY_RE.match(line)
        if numbered and "number" not in header:
            header["number"] = numbered.group("number").strip()
            header["symbol"] = symbol.group("symbol") if symbol else ""
            seen_marker = True
        elif _is_motto(folded):
            header["motto"] = f"{header['motto']}\n{line}" if "motto" in header else line
            seen_marker = True
        elif place_date and "date" not in header:
            header["place"] = place_date.group("place").strip()
            header["date"] = place_date.group("date").strip()
            seen_marker = True
        elif not seen_marker:
            plain_before.append((number, line))
        else:
            plain_after.append((number, line))
    title_at = next((i for i, (_, text) in enumerate(plain_after) if _DOCUMENT_TYPE_RE.match(fold(text))), 0)
    if title_at:  # left-column lines read after the right column's (a header typed with tabs): the issuer's
        plain_before, plain_after = plain_before + plain_after[:title_at], plain_after[title_at:]
    if plain_before:
        *parents, body = [text for _, text in plain_before]
        if parents:
            header["parent_body"] = "\n".join(parents)
        header["issuing_body"] = body
    if plain_after:
        title = plain_after[0][1]
        rest = [text for _, text in plain_after[1:]]
        split = _TITLE_WORD_RE.match(title)
        if split:
            title, rest = split.group(1), [split.group(2), *rest]
        header["title"] = title
        # An introduction between the title and the table («Căn cứ …, Ban xây dựng chương trình như sau:»)
        # is no part of the subject: it opens the table, as a preamble does.
        intro_at = next((i for i, text in enumerate(rest) if i and (text.endswith(":") or len(text) > 120)), len(rest))
        header["subtitle"] = " ".join(rest[:intro_at])
        if rest[intro_at:]:
            result.data["preamble"] = "\n".join(rest[intro_at:])
    for key in ("issuing_body", "number", "symbol", "title", "subtitle"):
        if key not in header:
            result.warn(f"không tìm thấy {_HEADER_NAMES[key]} ở phần đầu văn bản; trường để trống, hãy điền vào tệp dữ liệu.",
                        f"header.{key}")
            header[key] = ""
    ordered = {}
    for key in ["parent_body", "issuing_body", "number", "symbol", "motto", "place", "date", "title", "subtitle"]:
        if key in header:
            ordered[key] = header[key]
    return ordered


_HEADER_NAMES = {"issuing_body": "tên cơ quan ban hành", "number": "số văn bản («Số: …»)",
                 "symbol": "ký hiệu văn bản (…-CTr/…)", "title": "tên loại văn bản (CHƯƠNG TRÌNH)",
                 "subtitle": "trích yếu (Công tác … tháng …)"}


# -- the tail -------------------------------------------------------------------------------------

def _strip_bold(line: str) -> tuple[str, bool, bool]:
    """Remove Markdown bold markers the export adds; say whether the line opened or closed bold."""
    opens = line.startswith("**")
    closes = line.endswith("**") and len(line) > 2
    return _BOLD_RE.sub("", _BOLD_RE.sub("", line)).strip(), opens, closes


def _is_signature_title(line: str) -> bool:
    letters = [ch for ch in line if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


# The drafter's initials under the recipients: a name and the initials of the typist (``Dương-TH``, ``Lan-THK``).
_INITIALS_RE = re.compile(r"^[A-ZĐ][^\s\-]{0,12}\s?-\s?[A-ZĐ]{1,6}\.?$")

# Where a drafter's initials run into the signer's title on one line (``Dương-THK/T TRƯỞNG BAN``).
_RUN_ON_TITLE_RE = re.compile(r"^(?P<before>.*[a-zà-ỹđ].*?\S)\s*(?P<title>(?:K/?T\.?|KT\.|T/?M\.?|TM\.|Q\.|Q/)\s*"
                              r"[A-ZÀ-ỸĐ][A-ZÀ-ỸĐ ]+|(?:PHÓ\s+)?TRƯỞNG\s+BAN)$")


def parse_tail(lines: list[tuple[int, str]], result: ImportResult) -> None:
    """Place the lines after the table: closing, ``Nơi nhận:`` list, drafter initials, signature."""
    closing: list[str] = []
    recipients: list[str] = []
    titles: list[str] = []
    marks: list[str] = []
    names: list[tuple[int, str]] = []
    drafter: list[str] = []
    stage = "closing"
    seen_recipients = False
    in_bold = False
    expanded: list[tuple[int, str]] = []
    for number, raw in lines:
        text = raw.strip()
        run_on = _RUN_ON_TITLE_RE.match(_strip_bold(text)[0]) if not _is_signature_title(text) else None
        if run_on and _past_recipients(expanded):
            expanded.append((number, run_on.group("before")))
            expanded.append((number, f"**{run_on.group('title')}**"))
        else:
            expanded.append((number, raw))
    for number, raw in expanded:
        text, opens, closes = _strip_bold(nfc(raw.strip()))
        bold = in_bold or opens
        in_bold = (in_bold or opens) and not closes
        if not text:
            continue
        folded = fold(text)
        if folded.startswith("noi nhan"):
            stage = "recipients"
            seen_recipients = True
            rest = text.split(":", 1)[1].strip() if ":" in text else ""
            if rest:
                recipients.append(rest.lstrip("-+• ").strip())
            continue
        if stage != "closing" and seen_recipients and re.match(r"^[-+•]\s*", text) and not bold:
            recipients.append(re.sub(r"^[-+•]\s*", "", text))  # (also after the signer's title, typed beside it)
            continue
        if stage != "closing" and seen_recipients and not bold and _INITIALS_RE.match(text):
            drafter.append(text)
            continue
        if not any(ch.isalnum() for ch in text) or (stage != "closing" and _SIGNED_RE.match(text)):
            marks.append(text)
            stage = "signature"
            continue
        if _is_signature_title(text) and (bold or stage != "closing" or not closing):
            titles.append(text)
            stage = "signature"
            continue
        if stage == "closing":
            closing.append(text)
        elif stage == "recipients" and not bold:
            drafter.append(text)
        elif titles or bold:
            names.append((number, text))
        else:
            drafter.append(text)
    if closing:
        result.data["closing"] = "\n\n".join(closing)
    if recipients:
        result.data["recipients"] = recipients
    if drafter:
        result.data["drafter"] = "\n".join(drafter)
    signature: dict = {"titles": titles}
    if marks:
        signature["mark"] = " ".join(marks)
    if names:
        *extra, (_, name) = names
        for line, text in extra:
            result.unplaced(line, text, "dòng trong khối chữ ký không xếp được")
        signature["name"] = name
    else:
        result.warn("không tìm thấy họ tên người ký ở cuối văn bản; hãy điền vào trường signature.name.", "signature.name")
        signature["name"] = ""
    result.data["signature"] = signature


def _past_recipients(lines: list[tuple[int, str]]) -> bool:
    """Past ``Nơi nhận:``: only there can initials run into the signature."""
    return any(fold(_strip_bold(text.strip())[0]).startswith("noi nhan") for _, text in lines)


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
        for column in _CELL_COLUMNS:  # the usual columns always, others when the row fills them
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
        """A row whose Stt cell continues the task above through a vertical merge: its cells join the task."""
        task = self.task
        if task is None:  # place() continues a task only when there is one
            return
        for column in _CELL_COLUMNS:
            value = row.fresh(column.key)
            if not value:
                continue
            before = task.get(column.key)
            if column.holds is Holds.UNITS:
                task[column.key] = (before or []) + split_units(value)
            else:
                task[column.key] = f"{before}\n{value}" if before else value
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
