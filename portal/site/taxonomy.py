"""One mechanism for every index: taxonomy → term → tasks (as Hugo does).

Departments, deadlines and directives are all taxonomies: each task is filed under one or
more terms with a role (``lead``, ``coordinator``, ``cites``…) and, for citations, the span
of text that names the term. A taxonomy has a page listing its terms and a page per term;
the month page asks the taxonomies which links belong in each task's row.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional, TypeVar, Union

from portal.content.departments import Department
from portal.content.directives import Directive
from portal.content.model import Task
from portal.site.lineage import Chain
from portal.site.report import MonthReport
from portal.text.deadlines import Deadline
from portal.text.slug import slugify

# ---- what an index knows of a task it files (Entry.detail), one type per index -------------------


@dataclass(frozen=True)
class Due:
    """Deadlines: the task's deadline as read, and the day the timeline files it under (none for a
    recurring or unread deadline)."""

    deadline: Deadline
    day: Optional[dt.date]


@dataclass(frozen=True)
class CitedText:
    """Directives: the words of the task's text that cite the document."""

    text: str


@dataclass(frozen=True)
class FormerName:
    """Departments, role ``former``: the predecessor the task belonged to then, and its role there."""

    department: Department
    role: str


@dataclass(frozen=True)
class HistoryNote:
    """History: the note beside a task's link to its history (``đã có từ T9/2023``)."""

    note: str


EntryDetail = Union[Due, CitedText, FormerName, HistoryNote]

# ---- what an index knows of a term (Term.meta), one type per index --------------------------------


@dataclass(frozen=True)
class DepartmentTerm:
    """Departments: the registry's department (``None`` for a lead the registry does not know,
    which then has no page of its own), the code shown beside its name, whether it still exists."""

    department: Optional[Department]
    code: str
    unknown: bool = False
    current: bool = True


@dataclass(frozen=True)
class DirectiveTerm:
    """Directives: the cited document (from the registry, or as the citations name it)."""

    directive: Directive


@dataclass
class CandidatesTerm:
    """Directives: the documents sharing one symbol (Party numbers restart with each term), listed on
    the symbol's own page; a citation without a date that cannot tell them apart is filed there."""

    symbol: str
    type: str
    documents: list[Directive] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.type} {self.symbol}".strip()


@dataclass(frozen=True)
class MonthTerm:
    """Deadlines: the programme month of the term (``Tháng 11/2023``)."""

    label: str


@dataclass(frozen=True)
class ReportTerm:
    """Reports: the month-end report of the term's month."""

    report: MonthReport


@dataclass
class HistoryTerm:
    """History: the department and year of the page, and the chains it shows (filled while building)."""

    department: str
    year: str
    chains: list[Chain] = field(default_factory=list)


TermMeta = Union[DepartmentTerm, DirectiveTerm, CandidatesTerm, MonthTerm, ReportTerm, HistoryTerm]
Detail = TypeVar("Detail", Due, CitedText, FormerName, HistoryNote, DepartmentTerm, DirectiveTerm, CandidatesTerm,
                 MonthTerm, ReportTerm, HistoryTerm)


def _checked(value: object, kind: type[Detail], where: str) -> Detail:
    if not isinstance(value, kind):
        raise TypeError(f"{where}: {kind.__name__} expected, found {type(value).__name__}")
    return value


@dataclass
class Entry:
    """A task filed under a term, in a role, optionally at a span of its text.

    ``anchor``: where on the term's page the task's row links to; ``detail``: what the index knows
    of the task there (one of :data:`EntryDetail`), read with :meth:`detail_as`.
    """

    task: Task
    role: str = ""
    span: Optional[tuple[int, int]] = None
    anchor: str = ""
    detail: Optional[EntryDetail] = None

    def detail_as(self, kind: type[Detail]) -> Detail:
        """The entry's detail, which must be a ``kind`` (a :class:`TypeError` names the task if not)."""
        return _checked(self.detail, kind, f"{self.task.month}/{self.task.anchor}")


@dataclass
class Term:
    key: str
    title: str
    slug: str
    entries: list[Entry] = field(default_factory=list)
    meta: Optional[TermMeta] = None  # what the index knows of the term, read with meta_as
    years_newest_first: Optional[list[str]] = field(default=None, repr=False)  # Taxonomy.years, computed once

    def meta_as(self, kind: type[Detail]) -> Detail:
        """The term's meta, which must be a ``kind`` (a :class:`TypeError` names the term if not)."""
        return _checked(self.meta, kind, f"term {self.key}")

    def tasks(self, role: str | None = None) -> list[Task]:
        """Distinct tasks of the term (in the given role), newest month first, then document order."""
        seen: dict[Task, None] = {}
        for entry in self.entries:
            if role is None or entry.role == role:
                seen.setdefault(entry.task)
        return sorted(seen, key=_newest_first)


def _newest_first(task: Task) -> tuple:
    return (-int(task.month.replace("-", "")), _section_order(task.section), _number_order(task.number))


# Every term page, year page and the audit sort the same tasks again (some 40,000 keys a build at 120
# months) over a few dozen numerals and a few hundred numbers: each part is read once.
@lru_cache(maxsize=1024)
def _section_order(numeral: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total = 0
    for char, following in zip(numeral, numeral[1:] + " "):
        value = values.get(char, 0)
        total += -value if values.get(following, 0) > value else value
    return total


@lru_cache(maxsize=4096)
def _number_order(number: str) -> tuple:
    digits = "".join(ch for ch in number if ch.isdigit())
    return (int(digits) if digits else 0, number)


class Taxonomy:
    """A named set of terms with a folder of pages (``departments/``, ``directives/``…)."""

    def __init__(self, name: str, folder: str, title: str, split_by_year: bool = False):
        """``split_by_year``: a term's page lists the tasks of its latest year and each earlier
        year gets a page of its own, so a ten-year term is not one page of megabytes.
        """
        self.name = name
        self.split_by_year = split_by_year
        self.folder = folder
        self.title = title
        self.terms: dict[str, Term] = {}
        self._slugs: set[str] = set()
        self._by_task: dict[Task, list[tuple[Term, Entry]]] = {}

    def term(self, key: str, title: str | None = None, slug: str | None = None, meta: TermMeta | None = None) -> Term:
        """The term for ``key``, created on first use with a slug unique in this taxonomy; a ``meta``
        given again replaces the term's."""
        if key not in self.terms:
            base = slug or slugify(title or key)
            unique, counter = base, 2
            while unique in self._slugs or unique == "index":
                unique, counter = f"{base}-{counter}", counter + 1
            self._slugs.add(unique)
            self.terms[key] = Term(key=key, title=title or key, slug=unique, meta=meta)
        elif meta is not None:
            self.terms[key].meta = meta
        return self.terms[key]

    def add(self, key: str, task: Task, role: str = "", span: tuple[int, int] | None = None,
            title: str | None = None, anchor: str = "", detail: EntryDetail | None = None) -> Term:
        term = self.term(key, title)
        entry = Entry(task=task, role=role, span=span, anchor=anchor, detail=detail)
        term.entries.append(entry)
        self._by_task.setdefault(task, []).append((term, entry))
        return term

    def of_task(self, task: Task, role: str | None = None) -> list[tuple[Term, Entry]]:
        filed = self._by_task.get(task, [])
        if role is None:  # a copy (the caller may change it) made whole: asked ~45,000 times a build at 120 months
            return list(filed)
        return [(t, e) for t, e in filed if e.role == role]

    def filings(self) -> Mapping[Task, list[tuple[Term, Entry]]]:
        """Each task's ``(term, entry)`` pairs in the order filed (:meth:`of_task` of every task at
        once), to be read only. Why: the search job reads every task's terms after each edit, 28,000
        calls of :meth:`of_task` at 120 months, each making a list (0.009 s of 0.016)."""
        return self._by_task

    def index_page(self) -> str:
        return f"{self.folder}/index.md"

    def term_page(self, term: Term) -> str:
        return f"{self.folder}/{term.slug}.md"

    def years(self, term: Term) -> list[str]:
        """Years of the term's tasks, newest first."""
        if term.years_newest_first is None:
            term.years_newest_first = sorted({e.task.month.year_text for e in term.entries}, reverse=True)
        return term.years_newest_first

    def year_page(self, term: Term, year: str) -> str:
        """The page of ``term`` for ``year``: the term page itself for its latest year."""
        years = self.years(term)
        if not self.split_by_year or not years or year == years[0]:
            return self.term_page(term)
        return f"{self.folder}/{term.slug}/{year}.md"

    def page_for(self, term: Term, task: Task) -> str:
        """The page of ``term`` that lists ``task``."""
        return self.year_page(term, task.month.year_text)
