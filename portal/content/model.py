"""The work programme as plain data classes.

Everything downstream (indexes, rendering, exports) reads these classes, never raw YAML,
so the file format can evolve without touching the site. Each object remembers the file
and line it came from: error messages and the post-build audit name them.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Optional

from portal.text.months import Month


def task_key(month: str, anchor: str) -> str:
    """A task's key across the archive, ``2023-11/II-8``: its month and its anchor on that month's page.

    It is what ``carried_from`` holds, the id of a task in the Excel/CSV/JSON tables and the key
    by which the audit, the report and the lineage find a task again.
    """
    return f"{month}/{anchor}"


def split_task_key(key: str) -> tuple[str, str]:
    """``2023-11/II-8`` → ``("2023-11", "II-8")``."""
    month, _, anchor = key.partition("/")
    return month, anchor


class Role(StrEnum):
    """A department's part in a task: it leads it (``lead``, the «Đơn vị chủ trì» column) or works
    with the lead (``coordinator``, «Đơn vị phối hợp»). A str, so it is filed and compared as before."""

    LEAD = "lead"
    COORDINATOR = "coordinator"

    @property
    def label(self) -> str:
        """``Chủ trì``, ``Phối hợp``: as a column heading, a calendar category, a table cell says it."""
        return ROLE_LABELS[self]


ROLE_LABELS: dict[str, str] = {Role.LEAD: "Chủ trì", Role.COORDINATOR: "Phối hợp"}


def _as_month(value: "str | Month") -> Month:
    """A valid ``YYYY-MM`` as a :class:`Month`; anything else is left as it is, for the loader to
    report with the rest of a file's problems (no model is returned from an invalid file)."""
    return Month(value) if isinstance(value, str) and Month.valid(value) else value  # type: ignore[return-value]


@dataclass(frozen=True)
class Origin:
    """Where a piece of data was written: a file and a 1-based line."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}, dòng {self.line}"


def content_digest(value: object) -> str:
    """A hash of what ``value`` (a task, or any value of the portal's data) holds: its ``repr``, which
    shows every field."""
    return hashlib.blake2b(repr(value).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


@dataclass(eq=False)
class Task:
    """One row of the programme's table.

    A task is an entity, hashable by identity (``eq=False``), so sets and dicts of tasks need no
    ``id(task)``: it is mutable (a value hash would change under an edit), and in a loaded site its
    ``(month, anchor)`` is unique (the loader refuses a repeated number), so identity is that key.
    """

    section: str  # numeral of the section, e.g. "II"
    number: str  # as numbered in the document, e.g. "3"
    text: str
    lead: str
    coordinators: list[str]
    deadline: str
    status: str
    month: Month  # "YYYY-MM" of the programme
    restricted: bool = False
    note: str = ""
    start: str = ""  # «Thời gian bắt đầu», when the document has a start column (the deadline is the end's)
    origin: Optional[Origin] = None
    done_date: Optional[dt.date] = None  # the day it was recorded done (``portal status --date``)
    carried_from: str = ""  # ``2023-11/II-8``: the task of an earlier month this one continues
    # :func:`content_digest` of the task as loaded, when the build cache keeps its programme (made
    # once with the programme, kept with it: a warm build need not ``repr`` every task again)
    digest: str = field(default="", repr=False, compare=False)

    def __post_init__(self) -> None:
        self.month = _as_month(self.month)

    @property
    def key(self) -> str:
        """``2023-11/II-8``: see :func:`task_key`."""
        return task_key(self.month, self.anchor)

    @property
    def anchor(self) -> str:
        """Stable id of the task on its month page, e.g. ``II-3`` (``A-I-2``, ``II-1-1`` with groups and sub-numbers)."""
        return (f"{self.section}-{self.number}" if self.section else self.number).replace(".", "-")

    @property
    def label(self) -> str:
        """Human reference of the task within its month, e.g. ``II.3``."""
        return f"{self.section}.{self.number}" if self.section else self.number

    @property
    def shown_number(self) -> str:
        """The number as the document prints it: a sub-item ``1a`` is ``a)``."""
        return sub_item_label(self.number)


def sub_item_label(number: str) -> str:
    """``1a`` → ``a)`` (a lettered item under task 1); other numbers as they are."""
    if number and number[-1].isalpha() and number[:-1]:
        return f"{number[-1]})"
    return number


@dataclass
class Section:
    numeral: str
    title: str
    tasks: list[Task] = field(default_factory=list)
    origin: Optional[Origin] = None
    group: str = ""  # letter of the group (A, B…) the section is in, when the table has groups

    @property
    def key(self) -> str:
        """The section's reference within its month: ``II``, or ``A.II`` inside group A."""
        return f"{self.group}.{self.numeral}" if self.group else self.numeral

    @property
    def anchor(self) -> str:
        return self.key.replace(".", "-")


@dataclass
class Group:
    """A level above the sections (``A. CÔNG TÁC TUYÊN GIÁO``), as some programmes are laid out."""

    letter: str
    title: str
    sections: list[Section] = field(default_factory=list)


@dataclass
class Signature:
    """The signature block: authority lines (``K/T TRƯỞNG BAN``…), an optional mark, the name."""

    titles: list[str]
    name: str
    mark: str = ""


@dataclass
class Programme:
    """A month's work programme, header to signature."""

    month: Month  # "YYYY-MM"
    parent_body: str
    issuing_body: str
    number: str  # may be an unfilled placeholder such as "[so]"
    symbol: str  # e.g. "CTr/BTGTU"
    motto: str
    place: str
    date_text: str  # as written, e.g. "ngày [ng] tháng [th] năm 2023"
    title: str
    subtitle: str
    preamble: str
    sections: list[Section]
    closing: str
    recipients: list[str]
    drafter: str
    signature: Signature
    restricted: bool = False
    draft: bool = False  # next month's programme in preparation: never in the public site
    source: str = ""  # path of the data file
    lines: dict = field(default_factory=dict)  # "header.symbol" → line, for messages about the header
    groups: list[Group] = field(default_factory=list)  # when the table has groups; ``sections`` has them all
    unplaced: list[str] = field(default_factory=list)  # lines the import could not place, waiting for an editor
    until: str = ""  # "YYYY-MM": the last month of a programme covering two months (a Tết programme), else ""

    def __post_init__(self) -> None:
        self.month = _as_month(self.month)

    @property
    def year(self) -> int:
        return self.month.year

    @property
    def month_number(self) -> int:
        return self.month.number

    @property
    def label(self) -> str:
        """``Tháng 11/2023``: how staff name a month; a programme of two months (``until``) names both,
        ``Tháng 1 và 2/2026`` (``Tháng 12/2025 và 1/2026`` across a year), on its one page and in every index."""
        if self.until:
            last = Month(self.until)
            if last.year == self.year:
                return f"{self.month.heading.rsplit('/', 1)[0]} và {last.numeric}"
            return f"{self.month.heading} và {last.numeric}"
        return self.month.heading

    @property
    def reference(self) -> str:
        """The programme's own number and symbol, e.g. ``[so]-CTr/BTGTU``."""
        return f"{self.number}-{self.symbol}" if self.symbol else self.number

    def tasks(self) -> list[Task]:
        return [task for section in self.sections for task in section.tasks]
