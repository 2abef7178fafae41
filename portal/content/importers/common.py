"""Pieces shared by every importer (text export, Word): column names, row kinds, header and tail.

An importer reduces its source to lines and table rows; these functions decide what each is.
Keeping them here means the text and the Word import place the same document identically.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from portal.content.errors import Problem
from portal.text.fold import fold

COLUMN_KEYS = ["number", "text", "lead", "coordinators", "deadline", "status"]

_COLUMN_PATTERNS = [
    ("number", re.compile(r"^(so )?s?tt\.?$")),
    ("text", re.compile(r"noi dung")),
    ("lead", re.compile(r"chu tri")),
    ("coordinators", re.compile(r"phoi hop")),
    ("deadline", re.compile(r"thoi (gian|han)")),
    ("status", re.compile(r"tien do|ket qua")),
    ("note", re.compile(r"ghi chu")),
]

ROMAN_RE = re.compile(r"^(?=[IVXLC])M*(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})\.?$")
TASK_NUMBER_RE = re.compile(r"^0*(\d+)\s*[.)]?$")
_SYMBOL_RE = re.compile(r"^Số\s*:?\s*(?P<number>.+?)\s*-\s*(?P<symbol>[^\s/]+/\S+)\s*$", re.IGNORECASE)
_NUMBER_ONLY_RE = re.compile(r"^Số\s*:?\s*(?P<number>\S.*)$", re.IGNORECASE)
_PLACE_DATE_RE = re.compile(r"^(?P<place>[^,]{2,40}),\s*(?P<date>ngày\b.*)$", re.IGNORECASE)
_MONTH_RES = [
    re.compile(r"tháng\s+(\d{1,2})\s*[/.-]\s*(\d{4})", re.IGNORECASE),
    re.compile(r"tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE),
]
_DECORATION_RE = re.compile(r"^[\s*_\-–—=.·]+$")
_BOLD_RE = re.compile(r"^\*\*|\*\*$")


@dataclass
class ImportResult:
    """What an import produced: the month's data, and the problems met (with line numbers)."""

    source: str
    data: dict = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # Sources without lines (Word) name positions instead: position number → "bảng nhiệm vụ, hàng 7".
    places: dict[int, str] = field(default_factory=dict)

    def position(self, line: int) -> str:
        """How an editor finds ``line`` in the source: ``dòng 12``, or the place a Word importer named."""
        return self.places.get(line, f"dòng {line}")

    def unplaced(self, line: int, text: str, reason: str) -> None:
        """Keep a line the importer could not place, in the data and in the report."""
        self.data.setdefault("unplaced", []).append(f"{self.position(line)}: {text}")
        place = self.places.get(line)
        self.problems.append(Problem(self.source, None if place else line, "", (
            f"{place + ': ' if place else ''}{reason}: «{text}». Dòng được giữ trong trường «unplaced» của tệp dữ liệu; "
            "hãy chuyển nội dung vào đúng chỗ rồi xóa khỏi «unplaced»."), severity="warning"))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def find_columns(cells: list[str]) -> dict[str, int]:
    """Map column keys to indexes by header text, with or without accents and in any order."""
    columns: dict[str, int] = {}
    for index, cell in enumerate(cells):
        folded = fold(cell)
        for key, pattern in _COLUMN_PATTERNS:
            if key not in columns and pattern.search(folded):
                columns[key] = index
                break
    return columns


def is_table_header(cells: list[str]) -> bool:
    """A row naming the columns (the table's first row, or one repeated further down)."""
    columns = find_columns(cells)
    return "number" in columns and "text" in columns


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


def task_number(cell: str) -> str:
    """``01``, ``1.``, ``1)`` → ``1``."""
    match = TASK_NUMBER_RE.match(cell.strip())
    return match.group(1) if match else cell.strip()


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


def month_from_text(text: str) -> str | None:
    """``Công tác Tuyên giáo tháng 11/2023`` → ``2023-11``."""
    for pattern in _MONTH_RES:
        match = pattern.search(text or "")
        if match and 1 <= int(match.group(1)) <= 12:
            return f"{int(match.group(2)):04d}-{int(match.group(1)):02d}"
    return None


def _is_motto(folded: str) -> bool:
    return folded.startswith("dang cong san viet nam") or folded.startswith("cong hoa xa hoi") or \
        folded.startswith("doc lap - tu do")


def classify_header_lines(lines: list[tuple[int, str]], result: ImportResult) -> dict:
    """Place the lines above the table: issuing body, number and symbol, motto, place and date, title.

    Word exports the two header columns one after the other, so lines are recognised by their
    form; plain lines before the number are the issuing body, plain lines after the date the title.
    """
    header: dict = {}
    plain_before: list[tuple[int, str]] = []
    plain_after: list[tuple[int, str]] = []
    seen_marker = False
    for number, raw in lines:
        line = raw.strip()
        if not line or _DECORATION_RE.match(line):
            continue
        folded = fold(line)
        symbol = _SYMBOL_RE.match(line)
        place_date = _PLACE_DATE_RE.match(line)
        if symbol or _NUMBER_ONLY_RE.match(line):
            header["number"] = (symbol or _NUMBER_ONLY_RE.match(line)).group("number").strip()
            header["symbol"] = symbol.group("symbol") if symbol else ""
            seen_marker = True
        elif _is_motto(folded):
            header["motto"] = f"{header['motto']}\n{line}" if "motto" in header else line
            seen_marker = True
        elif place_date:
            header["place"] = place_date.group("place").strip()
            header["date"] = place_date.group("date").strip()
            seen_marker = True
        elif not seen_marker:
            plain_before.append((number, line))
        else:
            plain_after.append((number, line))
    if plain_before:
        *parents, body = [text for _, text in plain_before]
        if parents:
            header["parent_body"] = "\n".join(parents)
        header["issuing_body"] = body
    if plain_after:
        header["title"] = plain_after[0][1]
        header["subtitle"] = " ".join(text for _, text in plain_after[1:])
    ordered = {}
    for key in ["parent_body", "issuing_body", "number", "symbol", "motto", "place", "date", "title", "subtitle"]:
        if key in header:
            ordered[key] = header[key]
    return ordered


def _strip_bold(line: str) -> tuple[str, bool, bool]:
    """Remove Markdown bold markers the export adds; say whether the line opened or closed bold."""
    opens = line.startswith("**")
    closes = line.endswith("**") and len(line) > 2
    return _BOLD_RE.sub("", _BOLD_RE.sub("", line)).strip(), opens, closes


def _is_signature_title(line: str) -> bool:
    letters = [ch for ch in line if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


def parse_tail(lines: list[tuple[int, str]], result: ImportResult) -> None:
    """Place the lines after the table: closing, ``Nơi nhận:`` list, drafter initials, signature."""
    closing: list[str] = []
    recipients: list[str] = []
    titles: list[str] = []
    marks: list[str] = []
    names: list[tuple[int, str]] = []
    drafter: list[str] = []
    stage = "closing"
    in_bold = False
    for number, raw in lines:
        text, opens, closes = _strip_bold(raw.strip())
        bold = in_bold or opens
        in_bold = (in_bold or opens) and not closes
        if not text:
            continue
        folded = fold(text)
        if folded.startswith("noi nhan"):
            stage = "recipients"
            rest = text.split(":", 1)[1].strip() if ":" in text else ""
            if rest:
                recipients.append(rest.lstrip("-+• ").strip())
            continue
        if stage == "recipients" and re.match(r"^[-+•]\s*", text) and not bold:
            recipients.append(re.sub(r"^[-+•]\s*", "", text))
            continue
        if not any(ch.isalnum() for ch in text):
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
        result.problems.append(Problem(result.source, None, "signature.name", (
            "không tìm thấy họ tên người ký ở cuối văn bản; hãy điền vào trường signature.name."),
            severity="warning"))
        signature["name"] = ""
    result.data["signature"] = signature


_MERGED_SECTION_RE = re.compile(r"^(?P<numeral>[IVXLC]+)\s*[.):\-–]?\s+(?P<title>\S.*)$", re.DOTALL)


def _column_numbering(cells: list[str]) -> bool:
    """The row ``(1) (2) (3)…`` some documents put under the header, numbering the columns."""
    values = [c.strip().strip("()") for c in cells if c.strip()]
    return len(values) >= 3 and values == [str(i) for i in range(1, len(values) + 1)]


def _section_of(cells: list[str], columns: dict) -> tuple[str, str] | None:
    """``(numeral, title)`` of a section row, however the row is merged.

    The office writes the numeral in the Stt cell and the title in one cell merged across the
    rest; some documents merge the whole row into one cell ``I. TITLE``. Either way only the
    numeral and one title are filled, in whatever column the merge leaves them.
    """
    filled = [c for c in cells if c]
    number_index = columns.get("number")
    number = cells[number_index] if number_index is not None and number_index < len(cells) else ""
    if number and ROMAN_RE.match(number) and len(filled) == 2:
        title = next(c for i, c in enumerate(cells) if c and i != number_index)
        return number.rstrip("."), title
    if len(filled) == 1:
        match = _MERGED_SECTION_RE.match(filled[0])
        if match and ROMAN_RE.match(match.group("numeral")):
            return match.group("numeral"), match.group("title").strip()
    return None


def place_rows(rows: list[tuple[int, list[str]]], columns: dict, result: ImportResult) -> None:
    """Place the table's rows (position, cells) into sections and tasks; report what does not fit.

    Shared by every importer, so a Word document and its text export give the same data. A cell's
    paragraphs are separated by line breaks; ``note`` gathers the ``Ghi chú`` column and any
    column the header does not name, so no cell is dropped.
    """
    sections: list[dict] = []
    width = max((len(cells) for _, cells in rows), default=0)
    extra_columns = [i for i in range(width) if i not in columns.values()]
    if columns.get("note") is not None:
        extra_columns = sorted({columns["note"], *extra_columns})
    for line, raw_cells in rows:
        cells = [c.strip() for c in raw_cells]
        get = lambda key: cells[columns[key]] if columns.get(key) is not None and columns[key] < len(cells) else ""
        if not any(cells) or is_table_header(cells) or _column_numbering(cells):
            continue
        kind = row_kind(get("number"), get("text"), [get(k) for k in COLUMN_KEYS[2:]])
        section = _section_of(cells, columns) or ((get("number").rstrip("."), get("text")) if kind == "section" else None)
        if section:
            sections.append({"numeral": section[0], "title": section[1], "tasks": []})
        elif kind == "preamble" and not sections and "preamble" not in result.data:
            result.data["preamble"] = next(c for c in cells if c)
        elif kind == "task" and sections:
            task = {
                "number": task_number(get("number")),
                "text": get("text"),
                "lead": get("lead"),
                "coordinators": split_units(get("coordinators")),
                "deadline": get("deadline"),
                "status": get("status"),
            }
            notes = [cells[i] for i in extra_columns if i < len(cells) and cells[i]]
            if notes:
                task["note"] = "\n".join(notes)
            sections[-1]["tasks"].append(task)
        else:
            result.unplaced(line, "\t".join(raw_cells).strip(),
                            "dòng trong bảng không phải mục (I, II…) hay nhiệm vụ có số thứ tự")
    result.data["sections"] = sections


def set_month(result: ImportResult) -> None:
    """The programme's month, read from its subtitle (or date); an error asks for ``--month``."""
    header = result.data.get("header", {})
    month = month_from_text(header.get("subtitle", "")) or month_from_text(header.get("date", ""))
    result.data = {"month": month or "", **result.data}
    if not month:
        result.problems.append(Problem(result.source, None, "month", (
            "không xác định được tháng của chương trình từ trích yếu; hãy dùng tùy chọn --month YYYY-MM.")))
