"""Stage «locate»: which blocks of the document are the programme's header, task table and closing.

The programme is found, not everything near it. Around the task table a document may hold other
things an office pastes in: a table of the month's events or anniversaries before it, a contact
list, a list of events or a «Phụ lục» after the signature. Those are no tasks and no subtitle:
they are set aside, each named in one note (``bảng 2 «Stt | Ngày | Sự kiện»``). A second
programme is said to be there only when a second programme's own header or title is present.

The kind of document is checked here too, from its title and symbol: a report (BÁO CÁO), a
weekly schedule, a quarter's or a year's programme or another kind of text is refused with a
line saying what it is, before anything is placed.

Both routes use this stage: the Word route with its blocks (:func:`locate_blocks`), the text
export with its lines turned into the same blocks (:mod:`.text`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from portal.content.columns import USUAL_COLUMNS
from portal.content.importers.columns import COLUMN_LABELS, is_table_header
from portal.content.importers.header import SYMBOL_RE
from portal.content.importers.months import month_from_text, month_without_year, months_covered
from portal.content.importers.place import SourceRow, heading_of
from portal.content.importers.result import ImportResult
from portal.content.importers.wordxml import Paragraph, Table
from portal.text.doctypes import CODE_NAMES, DOCUMENT_TYPES
from portal.text.fold import fold

HEADER_ROWS = 5  # a header row is looked for among a table's first rows
OFFICE_ORDER = [column.key for column in USUAL_COLUMNS]  # how a task table without a header row is read


@dataclass
class Parts:
    """The programme's parts as block index ranges of the body, and the blocks set aside."""

    header: list = field(default_factory=list)  # blocks above the task table
    tasks: list = field(default_factory=list)  # the task table's tables and the paragraphs between them
    closing: list = field(default_factory=list)  # closing paragraphs, «Nơi nhận:», signature
    set_aside: list = field(default_factory=list)  # (block, note) of what is not the programme
    assumed: dict = field(default_factory=dict)  # columns of a task table without a header row

    def notes(self) -> list[str]:
        return [note for _, note in self.set_aside]


# -- the kind of document -------------------------------------------------------------------------------

# The title words of the kinds of document (portal.text.doctypes, longest first), and of a schedule,
# which is no document type of its own; a programme or a plan may be a month's programme.
_PROGRAMME_TYPES = {"Chương trình", "Chương trình hành động", "Kế hoạch"}
_KINDS = [(re.compile(rf"^{re.escape(fold(t.name))}\b"), t.name) for t in DOCUMENT_TYPES
          if t.name not in _PROGRAMME_TYPES] + [(re.compile(r"^(lich cong tac|lich lam viec|lich tuan)\b"), "Lịch công tác")]
_PROGRAMME_RE = re.compile(r"^(chuong trinh|ke hoach)\b")


def _kind_name(name: str) -> str:
    """How the refusal names a kind: ``một báo cáo (BÁO CÁO)``."""
    return f"một {name[0].lower() + name[1:]} ({name.upper()})"
_WEEK_RE = re.compile(r"\btuan\s*(\d{1,2}|le|nay|toi|thu)?\b|\bhang tuan\b")
_QUARTER_RE = re.compile(r"\bquy\s+(i{1,3}|iv|[1-4])\b")
_HALF_RE = re.compile(r"\b(6 thang (dau|cuoi) nam|nam \d{4}\s*$)")


def title_lines(lines: list[str]) -> tuple[Optional[int], list[str]]:
    """The index of the document's title line (``CHƯƠNG TRÌNH``, ``BÁO CÁO``…) and the lines after it."""
    for index, line in enumerate(lines):
        folded = fold(line.strip())
        if _PROGRAMME_RE.match(folded) or any(pattern.match(folded) for pattern, _ in _KINDS):
            letters = [ch for ch in line if ch.isalpha()]
            if letters and sum(ch.isupper() for ch in letters) * 2 > len(letters):  # a title is typed in capitals
                return index, lines[index:]
    return None, []


def document_kind(lines: list[str]) -> Optional[str]:
    """Why the text above the task table is not a month's programme (one Vietnamese phrase), or None.

    ``lines`` are the header's printed lines in order. The title word decides (a report, a schedule,
    another kind of text); a programme or plan whose subject names a week, a quarter or half a year
    and no month is not a month's programme either. The symbol (``Số 12-BC/…``) speaks when no title does.
    """
    at, rest = title_lines(lines)
    if at is None:
        symbol = next((SYMBOL_RE.match(line.strip()) for line in lines if SYMBOL_RE.match(line.strip())), None)
        code = symbol.group("symbol").split("/")[0].strip("-") if symbol else ""
        name = CODE_NAMES.get(code) or CODE_NAMES.get(code.upper())
        if name and name not in _PROGRAMME_TYPES:
            return f"{_kind_name(name)}, theo ký hiệu …-{code}/…"
        return None
    folded = fold(rest[0].strip())
    for pattern, name in _KINDS:
        if pattern.match(folded):
            subject = " ".join(rest[:3]).strip()
            return f"{_kind_name(name)}: «{_short(subject, 80)}»"
    subject = " ".join(rest[:3])
    folded_subject = fold(subject)
    has_month = month_from_text(subject) or month_without_year(subject)
    if _WEEK_RE.search(folded_subject) and not has_month:
        return f"một chương trình (lịch) công tác tuần: «{_short(subject, 80)}»"
    if _WEEK_RE.search(folded_subject) and re.search(r"\btuan\s*\d", folded_subject):
        return f"một chương trình (lịch) công tác tuần: «{_short(subject, 80)}»"
    if _QUARTER_RE.search(folded_subject) and not has_month:
        return f"một chương trình công tác quý: «{_short(subject, 80)}»"
    blank_month = re.search(r"thang\s*(\.{2,}|…|\[|_)", folded_subject)  # a form's «tháng … năm 2025»
    if not has_month and not blank_month and _HALF_RE.search(folded_subject) and not months_covered(subject):
        return f"một chương trình cả năm hoặc nửa năm: «{_short(subject, 80)}»"
    return None


def refuse_other_kinds(lines: list[str], result: ImportResult) -> bool:
    """Refuse (one error) a document that is not a month's programme; True when refused."""
    kind = document_kind(lines)
    if kind:
        result.error(f"đây là {kind}, không phải chương trình công tác tháng: không nhập. Hãy nhập văn bản "
                     "chương trình công tác của tháng (CHƯƠNG TRÌNH … tháng MM/YYYY).", "kind")
        return True
    return False


# -- the Word route -------------------------------------------------------------------------------------

def plain(row, width: int) -> list[str]:
    """The row's cell texts on the grid, merged-down cells empty."""
    out = [""] * max(width, max((c.column + c.span for c in row.cells), default=0))
    for cell in row.cells:
        if cell.continues is None:
            out[cell.column] = cell.text.strip()
    return out


def header_at(table: Table) -> Optional[int]:
    """The row (0-based, among the first few) that names the table's columns, or None."""
    for index, row in enumerate(table.rows[:HEADER_ROWS]):
        if is_table_header(plain(row, table.width)):
            return index
    return None


def paragraphs(block) -> list[Paragraph]:
    if isinstance(block, Paragraph):
        return [block]
    return [p for row in block.rows for cell in row.cells if cell.continues is None for p in cell.paragraphs]


_EVENT_HEADER_RE = re.compile(r"dia diem|thanh phan|su kien|ngay le|ky niem|y nghia|ho (va )?ten|chuc vu|dien thoai|email")
_APPENDIX_RE = re.compile(r"^(phu luc|danh sach|danh ba|lich (cac )?(hoat dong|su kien|cong tac)|cac (ngay le|su kien)|"
                          r"bang (tong hop|theo doi)|kem theo|(mot so )?ngay (le|ky niem))")


def _other_table_header(table: Table) -> bool:
    """A table whose header names columns no task table has (a place, attendees, an event, a person)."""
    at = header_at(table)
    row = table.rows[at] if at is not None else (table.rows[0] if table.rows else None)
    return row is not None and names_other_table(plain(row, table.width))


def looks_like_tasks(table: Table) -> bool:
    """A table with no header row that carries on the task table: numbered or Roman rows in its first column."""
    hits = 0
    for row in table.rows:
        cells = [c for c in plain(row, table.width) if c]
        if not cells:
            continue
        first = cells[0]
        if re.match(r"^(\d+(\.\d+)*|[IVXLC]+|[A-Z])\s*[.)]?$", first) and len(cells) >= 2:
            hits += 1
    return hits >= 1 and hits * 2 >= len([r for r in table.rows if any(c.text.strip() for c in r.cells)])


def _has_sections(table: Table) -> bool:
    return any(re.match(r"^[IVX]+\s*[.)]?$", (plain(row, table.width) + [""])[0]) for row in table.rows)


def _is_heading_paragraph(paragraph: Paragraph) -> bool:
    text = paragraph.shown.strip()
    if not text:
        return True
    row = SourceRow(0, [text], {"text": 0})
    return heading_of(row) is not None and len(text) < 200


def _starts_a_programme(block) -> bool:
    """A document's own header (``Số: 12-CTr/…``, the motto) or a programme's title with its month."""
    texts = [p.text.strip() for p in paragraphs(block)]
    for index, text in enumerate(texts):
        if SYMBOL_RE.match(text) or fold(text).startswith("dang cong san viet nam"):
            return True
        if _PROGRAMME_RE.match(fold(text)) and text.isupper() and (
                month_from_text(text) or month_from_text(" ".join(texts[index + 1:index + 3]))):
            return True
    return False




def names_other_table(cells: list[str]) -> bool:
    """A header row naming columns no task table has (a place, attendees, an event, a person)."""
    return any(_EVENT_HEADER_RE.search(fold(cell)) for cell in cells if cell.strip() and len(cell) < 60)


def text_header_lines(lines: list[str], header_index: int, result: ImportResult) -> list[int]:
    """The indexes of the lines above the task table that are the header: a table (lines with tabs, three
    cells or more) after the title is set aside with a note, with the line that titles it."""
    title_at, _ = title_lines(lines[:header_index])
    kept: list[int] = []
    aside: list[int] = []
    for index in range(header_index):
        cells = [c for c in lines[index].split("\t") if c.strip()]
        if title_at is not None and index > title_at + 1 and len(cells) >= 3:
            while kept and kept[-1] > title_at + 1 and "\t" not in lines[kept[-1]] and lines[kept[-1]].strip() \
                    and _titles_line(lines[kept[-1]]):
                aside.append(kept.pop())
            aside.append(index)
            continue
        kept.append(index)
    if aside:
        first = min(i for i in aside if "\t" in lines[i])
        result.notes.append(f"bảng từ dòng {first + 1} («{_short(' | '.join(c.strip() for c in lines[first].split(chr(9)) if c.strip()), 70)}») "
                            "trước bảng nhiệm vụ không phải phần đầu hay nhiệm vụ của chương trình, không được nhập.")
    return kept


def starts_a_programme_text(lines: list[str]) -> bool:
    """The text route's :func:`_starts_a_programme`: a symbol line, the motto, or a programme title with its month."""
    text = lines[0].strip() if lines else ""
    if SYMBOL_RE.match(text) or fold(text).startswith("dang cong san viet nam"):
        return True
    return bool(_PROGRAMME_RE.match(fold(text)) and text.isupper() and month_from_text(" ".join(lines[:3])))


def text_appendix_start(lines: list[str], start: int) -> Optional[int]:
    """In a text export, the first line after «Nơi nhận:» that opens an appendix: a «Phụ lục»/«Danh sách…»
    heading, or a table header row (cells by tabs) of a task table or of a list."""
    for index in range(start, len(lines)):
        text = lines[index].strip()
        if not text:
            continue
        if _APPENDIX_RE.match(fold(text)):
            return index
        cells = [c.strip() for c in lines[index].split("\t")]
        if len([c for c in cells if c]) >= 3 and (is_table_header(cells) or any(
                _EVENT_HEADER_RE.search(fold(c)) for c in cells if c and len(c) < 60)):
            while index - 1 >= start and lines[index - 1].strip() and "\t" not in lines[index - 1] \
                    and _titles_line(lines[index - 1]):
                index -= 1
            return index
    return None


def _titles_line(text: str) -> bool:
    text = text.strip()
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and (all(ch.isupper() for ch in letters) or text.endswith(":")) and len(text) < 160 \
        and not fold(text).startswith(("noi nhan", "truong ban", "pho truong ban", "k/t", "t/m", "tm.", "kt."))


def _recipients_at(blocks: list, after: int) -> Optional[int]:
    for index in range(after + 1, len(blocks)):
        if any(fold(p.text.strip()).startswith("noi nhan") for p in paragraphs(blocks[index])):
            return index
    return None


def _tail_start(blocks: list, after: int) -> Optional[int]:
    """The block holding ``Nơi nhận:`` after the first task table, with the closing paragraphs just above it."""
    index = _recipients_at(blocks, after)
    if index is None:
        return None
    while index - 1 > after and isinstance(blocks[index - 1], Paragraph):
        index -= 1
    return index


def _layout_table(table: Table) -> bool:
    """A table used to lay text out side by side (the header's two columns, the signature block)."""
    return table.width <= 3 and len(table.rows) <= 4 and header_at(table) is None


def _describe(block) -> str:
    """How a clerk finds a set-aside block: ``bảng 5 «Stt | Họ và tên | Điện thoại»`` or ``đoạn «Phụ lục…»``."""
    if isinstance(block, Table):
        first = next((plain(row, block.width) for row in block.rows if any(c.text.strip() for c in row.cells)), [])
        words = " | ".join(c.replace("\n", " ") for c in first if c)
        return f"bảng {block.number} ({len(block.rows)} hàng) «{_short(words, 70)}»"
    return f"đoạn «{_short(block.text, 70)}»"


def _short(text: str, limit: int = 40) -> str:
    text = re.sub(r"\s+", " ", text.replace("**", "")).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _appendix_start(blocks: list, start: int) -> Optional[int]:
    """Where the material after the programme's signature begins: a «Phụ lục»/«Danh sách…» heading,
    or a table that is not the signature's layout table, after «Nơi nhận:» (or after the closing)."""
    recipients = _recipients_at(blocks, start - 1) if start > 0 else None
    scan_from = (recipients + 1) if recipients is not None else start
    for index in range(scan_from, len(blocks)):
        block = blocks[index]
        if isinstance(block, Paragraph):
            if _APPENDIX_RE.match(fold(block.text.strip())) and block.text.strip():
                return index
            continue
        if recipients is None:
            continue  # without «Nơi nhận:» only a heading says where the appendix starts (a table may be the closing's)
        if not _layout_table(block) or header_at(block) is not None or _other_table_header(block):
            # the paragraph just above that names it (a title «DANH SÁCH …») goes with it
            while index - 1 >= scan_from and isinstance(blocks[index - 1], Paragraph) \
                    and blocks[index - 1].text.strip() and _titles_what_follows(blocks[index - 1]):
                index -= 1
            return index
    return None


def _titles_what_follows(paragraph: Paragraph) -> bool:
    return _titles_line(paragraph.text)


def locate_blocks(blocks: list, result: ImportResult) -> Optional[Parts]:
    """The programme's parts among the body's blocks, or None (with the error said) when there is no programme."""
    parts = Parts()
    named = [i for i, block in enumerate(blocks) if isinstance(block, Table) and header_at(block) is not None]
    # A table of events or people with a header the task table's words also match («Stt | Nội dung |
    # Thời gian | Địa điểm»), before a task table of the usual columns: not the task table.
    while len(named) > 1 and _other_table_header(blocks[named[0]]) and not _other_table_header(blocks[named[1]]):
        named.pop(0)
    if not named:
        headless = next((i for i, block in enumerate(blocks) if isinstance(block, Table) and 4 <= block.width <= 8
                         and looks_like_tasks(block) and _has_sections(block)), None)
        if headless is not None:
            named = [headless]
            parts.assumed = {key: index for index, key in enumerate(OFFICE_ORDER[:blocks[headless].width])}
            result.warn(f"bảng {blocks[headless].number} không có hàng tiêu đề (Stt, Nội dung công việc…); các cột được "
                        "hiểu theo thứ tự thường dùng: " + ", ".join(COLUMN_LABELS[k] for k in parts.assumed) + ". "
                        "Hãy kiểm tra tệp dữ liệu, hoặc thêm hàng tiêu đề vào bảng rồi nhập lại.")
    header_lines = [line for block in blocks[:named[0] if named else len(blocks)] for p in paragraphs(block)
                    for line in p.text.split("\n")]
    if refuse_other_kinds(header_lines, result):
        return None
    if not named:
        result.error("không tìm thấy bảng nhiệm vụ (bảng có hàng tiêu đề Stt, Nội dung công việc, Phòng chủ trì…) "
                     "trong tệp Word. Hãy kiểm tra tệp có đúng là chương trình công tác tháng.")
        return None
    first = named[0]
    tail_start = _tail_start(blocks, first)
    inside = [i for i in named if tail_start is None or i < tail_start]
    last = max(inside)
    second = next((i for i in range(first + 1, last) if _starts_a_programme(blocks[i])), None)
    if second is not None:
        result.error("tệp có hai chương trình: giữa các bảng nhiệm vụ có phần đầu của một văn bản khác "
                     f"(«{_short(paragraphs(blocks[second])[0].text)}»). Hãy tách mỗi chương trình thành một tệp "
                     ".docx riêng rồi nhập từng tệp.")
        return None
    # Continuation tables without a header row, after the last named one and before the tail.
    end = tail_start if tail_start is not None else len(blocks)
    for index in range(last + 1, end):
        block = blocks[index]
        if isinstance(block, Table) and looks_like_tasks(block) and not _other_table_header(block):
            last = index
        elif isinstance(block, Paragraph) and _APPENDIX_RE.match(fold(block.text.strip())) and block.text.strip():
            break
    # Section headings written as paragraphs just above the first table belong to the table.
    while first > 0 and isinstance(blocks[first - 1], Paragraph) and _is_heading_paragraph(blocks[first - 1]):
        first -= 1
    appendix = _appendix_start(blocks, last + 1)
    recipients = _recipients_at(blocks, last)
    after_programme = (recipients + 1) if recipients is not None else appendix
    later = next((i for i in range(after_programme, len(blocks)) if _starts_a_programme(blocks[i])), None) \
        if after_programme is not None else None
    if later is not None and any(isinstance(b, Table) and header_at(b) is not None for b in blocks[later:]):
        table = next(b for b in blocks[later:] if isinstance(b, Table) and header_at(b) is not None)
        result.error("tệp có hai chương trình: sau «Nơi nhận:» của chương trình thứ nhất còn phần đầu và bảng nhiệm vụ "
                     f"của một chương trình khác (bảng {table.number}). Hãy tách mỗi chương trình thành một tệp "
                     ".docx riêng rồi nhập từng tệp.")
        return None
    stop = appendix if appendix is not None else len(blocks)
    parts.header, parts.tasks = _set_aside_before(blocks[:first], parts), blocks[first:last + 1]
    parts.closing = _set_aside_in_closing(blocks[last + 1:stop], parts)
    if appendix is not None:
        blocks_after = [b for b in blocks[appendix:] if not (isinstance(b, Paragraph) and not b.text.strip())]
        tables = [b for b in blocks_after if isinstance(b, Table)]
        what = ", ".join(_describe(t) for t in tables) or _describe(blocks_after[0])
        heading = next((b for b in blocks_after if isinstance(b, Paragraph)), None)
        named_as = f" («{_short(heading.text, 60)}»)" if heading is not None and tables else ""
        for block in blocks_after:
            parts.set_aside.append((block, ""))
        parts.set_aside.append((None, f"phần sau chữ ký{named_as} không phải nhiệm vụ của chương trình, không được nhập: "
                                      f"{what}."))
    return parts


def _set_aside_in_closing(blocks: list, parts: Parts) -> list:
    """The closing's blocks, without the tables between the task table and the signature that are neither
    (a list of the month's events under its own title): set aside with a note."""
    kept: list = []
    for block in blocks:
        if isinstance(block, Table) and not _layout_table(block) \
                and not any(fold(p.text.strip()).startswith("noi nhan") for p in paragraphs(block)):
            titled: list = []
            while kept and isinstance(kept[-1], Paragraph) and kept[-1].text.strip() and _titles_what_follows(kept[-1]):
                titled.insert(0, kept.pop())
            for paragraph in titled:
                parts.set_aside.append((paragraph, ""))
            parts.set_aside.append((block, f"{_describe(block)} sau bảng nhiệm vụ không phải nhiệm vụ hay phần kết của "
                                           "chương trình, không được nhập."))
            continue
        kept.append(block)
    return kept


def _names_the_table(paragraph: Paragraph, index: int, title_at: Optional[int]) -> bool:
    """A paragraph just above a table set aside that belongs with it: empty, or a short line after the
    subtitle that names no month (a table's title «Các ngày lễ trong tháng», a note «(Kèm theo …)»)."""
    text = paragraph.text.strip()
    if not text:
        return True
    if title_at is None:
        return _titles_what_follows(paragraph) and not month_from_text(text)
    return index > title_at + 1 and len(text) < 160 and not month_from_text(text) \
        and not (month_without_year(text) and index == title_at + 2)


def _set_aside_before(blocks: list, parts: Parts) -> list:
    """The header's blocks, without the tables that are not the header (an events table, a list) and the
    paragraph titling each: they are set aside with a note."""
    title_at = next((i for i, b in enumerate(blocks) if isinstance(b, Paragraph)
                     and title_lines([b.text])[0] is not None), None)
    kept = []
    for index, block in enumerate(blocks):
        other = isinstance(block, Table) and (
            (title_at is not None and index > title_at) or not _layout_table(block) or _other_table_header(block))
        if not other:
            kept.append(block)
            continue
        titled: list = []
        while kept and isinstance(kept[-1], Paragraph) and _names_the_table(kept[-1], blocks.index(kept[-1]), title_at):
            titled.insert(0, kept.pop())
        for paragraph in titled:
            parts.set_aside.append((paragraph, ""))
        named = " ".join(f"đoạn «{_short(p.text, 60)}» và" for p in titled if p.text.strip())
        parts.set_aside.append((block, f"{named + ' ' if named else ''}{_describe(block)} trước bảng nhiệm vụ không phải "
                                       "phần đầu hay nhiệm vụ của chương trình, không được nhập."))
    return kept
