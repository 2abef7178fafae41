"""The columns of the programme's task table, each defined once.

A column is what the office's document heads (``Phòng chủ trì``) and what every reader of a task
shows: the data file's field, the importer's header words, the month page, the Word document, the
Excel table, the CSV and JSON of open data. Each of them reads the definition here, so adding a
column (say «Lãnh đạo phụ trách») is one :class:`Column` in :data:`TASK_COLUMNS` and one field of
:class:`~portal.content.model.Task` (see docs/ARCHITECTURE.md, «The column registry»).

What a writer does with a kind of content (a Word cell of units is a bulleted list, a rich text keeps
its italics) is keyed on :class:`Holds`, never on a column's name; a writer that adds its own columns
beside one (the Excel table's resolved department names after the lead as written) names that
column's ``key``.
"""
from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Optional

if TYPE_CHECKING:
    from portal.content.model import Task


class Holds(enum.Enum):
    """What a column's cells hold: how an importer may read them and a writer lay them out."""

    NUMBER = "number"  # the task's Stt: 1, 1.1, 1a
    TEXT = "text"  # free text with the document's italics (``<i>…</i>``)
    DEPARTMENT = "department"  # one department's name, resolved against the registry of departments
    UNITS = "units"  # a list of departments or bodies, one a line
    PERSON = "person"  # a person's name or title, as written
    TIME_PHRASE = "time phrase"  # a deadline as written («Trước ngày 25/11/2023»), read by portal.text.deadlines
    STATUS = "status"  # one of the office's status words (portal.text.status)
    NOTE = "note"  # free text with italics; the importer gathers the columns it does not know into it


@dataclass(frozen=True)
class Column:
    """One column of the task table and everything that shows or reads it.

    ``headers`` is a regular expression searched in a header cell's folded text (no accents, lower
    case, see :func:`portal.text.fold.fold`); a cell takes the first column, in ``header_rank``
    order, whose ``headers`` it matches. ``weak_headers`` are weaker words tried only on the cells
    no column's ``headers`` took, and only when no cell took the column already («Bộ phận thực
    hiện» is the lead when no column says «chủ trì»), the columns in the table's order, each taking
    the first cell left that has its weak words: a «Lãnh đạo phụ trách» column with its own
    ``headers`` is therefore never taken as the lead.
    """

    key: str  # the data file's field and the Task attribute
    label: str  # as the office's document heads it: Word, the importer's messages, the data file's guide
    holds: Holds
    headers: str  # regex on the folded header text
    header_rank: int  # the order in which header cells try the columns: most specific first
    kind: str = "str"  # the data file's type (see portal.content.schema.KIND_LABELS)
    required: bool = False
    left_to_sub_tasks: bool = False  # a task with sub-tasks (1 over 1.1, 1a) may leave it empty to them
    weak_headers: str = ""
    usual: bool = True  # in the office's usual table: one without a header row is read as these, in this order
    page_label: Optional[str] = None  # the pages' header and data-label (None: not a column of the pages)
    page_class: str = ""  # the cells' CSS class on the pages
    word_width: Optional[int] = None  # mm in the Word table (None: not in Word)
    word_width_crowded: Optional[int] = None  # mm when an optional column shows too (default word_width)
    word_optional: bool = False  # in Word only when some task of the month has a value
    excel_label: Optional[str] = None  # the Excel table's header (None: not in Excel)
    excel_width: int = 0  # characters
    data_name: Optional[str] = None  # the CSV column and JSON field (None: not in open data)

    def read(self, task: "Task") -> Any:
        """The column's value in ``task``: a string, or a list of strings for a list column."""
        return getattr(task, self.key)

    def flat(self, task: "Task", joiner: str = "\n") -> str:
        """The value as one string (a list joined by ``joiner``), markup left as written."""
        value = self.read(task)
        return joiner.join(value) if isinstance(value, list) else value

    def header_pattern(self) -> re.Pattern:
        return _compiled(self.headers)

    def weak_pattern(self) -> Optional[re.Pattern]:
        return _compiled(self.weak_headers) if self.weak_headers else None

    @property
    def rich(self) -> bool:
        """Whether its text keeps the document's italics (``<i>…</i>``)."""
        return self.holds in (Holds.TEXT, Holds.NOTE)


_PATTERNS: dict[str, re.Pattern] = {}


def _compiled(pattern: str) -> re.Pattern:
    if pattern not in _PATTERNS:
        _PATTERNS[pattern] = re.compile(pattern)
    return _PATTERNS[pattern]


# In the document's order. Header words: «Thời gian thực hiện» is a deadline, «Bộ phận thực hiện»
# the lead, «Tiến độ thực hiện» the status, hence the deadline and status before the lead.
TASK_COLUMNS: tuple[Column, ...] = (
    Column("number", "Stt", Holds.NUMBER, r"^(so )?s?tt\.?$|^so thu tu$|^thu tu$", header_rank=1,
           required=True, page_label="Stt", page_class="portal-col-no",
           word_width=12, excel_label="Stt", excel_width=6, data_name="number"),
    Column("text", "Nội dung công việc", Holds.TEXT, r"noi dung|cong viec|nhiem vu", header_rank=7,
           required=True, page_label="Nội dung công việc", page_class="portal-col-text",
           word_width=105, word_width_crowded=90, excel_label="Nội dung công việc", excel_width=70,
           data_name="text"),
    Column("lead", "Phòng chủ trì", Holds.DEPARTMENT, r"chu tri", header_rank=6, required=True,
           left_to_sub_tasks=True,
           weak_headers=r"thuc hien|phu trach|dam nhiem|dau moi",
           page_label="Phòng chủ trì", page_class="portal-col-lead",
           word_width=32, word_width_crowded=30, excel_label="Phòng chủ trì (như văn bản ghi)", excel_width=22,
           data_name="lead"),
    Column("coordinators", "Đơn vị phối hợp", Holds.UNITS, r"phoi hop", header_rank=5, kind="list[str]",
           weak_headers=r"thuc hien",  # a second «… thực hiện» column: those who carry it out
           page_label="Đơn vị phối hợp", page_class="portal-col-units",
           word_width=48, word_width_crowded=42, excel_label="Đơn vị phối hợp", excel_width=28,
           data_name="coordinators"),
    # A table with a start and an end column («Thời gian bắt đầu | Thời gian hoàn thành», «Từ ngày | Đến
    # ngày»): the end is the deadline, the start kept in its own field. Only in the data file, and in
    # the Word document of a month that has one; tried before the deadline, whose words it shares.
    Column("start", "Thời gian bắt đầu", Holds.TIME_PHRASE, r"bat dau|khoi cong|^tu ngay$", header_rank=2,
           usual=False, word_width=24, word_optional=True),
    Column("deadline", "Thời gian hoàn thành", Holds.TIME_PHRASE,
           r"thoi (gian|han)|han hoan thanh|ngay hoan thanh|^han$|ket thuc|^den ngay$", header_rank=3, required=True,
           left_to_sub_tasks=True, page_label="Thời gian hoàn thành", page_class="portal-col-deadline",
           word_width=30, word_width_crowded=28, excel_label="Thời gian hoàn thành (như văn bản ghi)",
           excel_width=24, data_name="deadline"),
    Column("status", "Tiến độ công việc", Holds.STATUS,
           r"tien do|ket qua|tinh hinh thuc hien|muc do hoan thanh", header_rank=4,
           page_label="Tiến độ", page_class="portal-col-status",
           word_width=30, word_width_crowded=27, excel_label="Tiến độ", excel_width=18, data_name="status"),
    Column("note", "Ghi chú", Holds.NOTE, r"ghi chu", header_rank=8,
           word_width=28, word_optional=True),
)

COLUMNS_BY_KEY: dict[str, Column] = {column.key: column for column in TASK_COLUMNS}
# The office's usual table, in its order: how a table without a header row is read.
USUAL_COLUMNS: tuple[Column, ...] = tuple(column for column in TASK_COLUMNS if column.usual)
# The order in which a header cell tries the columns.
HEADER_ORDER: tuple[Column, ...] = tuple(sorted(TASK_COLUMNS, key=lambda column: column.header_rank))
# The columns of the month page, and how many: the colspan of a section or group row's title.
PAGE_COLUMNS: tuple[Column, ...] = tuple(column for column in TASK_COLUMNS if column.page_label)
WORD_COLUMNS: tuple[Column, ...] = tuple(column for column in TASK_COLUMNS if column.word_width)
EXCEL_COLUMNS: tuple[Column, ...] = tuple(column for column in TASK_COLUMNS if column.excel_label)
DATA_COLUMNS: tuple[Column, ...] = tuple(column for column in TASK_COLUMNS if column.data_name)


def column(key: str) -> Column:
    return COLUMNS_BY_KEY[key]


def label(key: str) -> str:
    """The document's heading of the column ``key`` (``lead`` → ``Phòng chủ trì``)."""
    return COLUMNS_BY_KEY[key].label
