"""One mechanism for every index: taxonomy → term → tasks (as Hugo does).

Departments, deadlines and directives are all taxonomies: each task is filed under one or
more terms with a role (``lead``, ``coordinator``, ``cites``…) and, for citations, the span
of text that names the term. A taxonomy has a page listing its terms and a page per term;
the month page asks the taxonomies which links belong in each task's row.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from portal.content.model import Task
from portal.text.slug import slugify


@dataclass
class Entry:
    """A task filed under a term, in a role, optionally at a span of its text."""

    task: Task
    role: str = ""
    span: Optional[tuple[int, int]] = None
    data: dict = field(default_factory=dict)


@dataclass
class Term:
    key: str
    title: str
    slug: str
    entries: list[Entry] = field(default_factory=list)
    meta: dict = field(default_factory=dict)

    def tasks(self, role: str | None = None) -> list[Task]:
        """Distinct tasks of the term (in the given role), newest month first, then document order."""
        seen: dict[int, Task] = {}
        for entry in self.entries:
            if role is None or entry.role == role:
                seen.setdefault(id(entry.task), entry.task)
        return sorted(seen.values(), key=_newest_first)


def _newest_first(task: Task) -> tuple:
    return (-int(task.month.replace("-", "")), _section_order(task.section), _number_order(task.number))


def _section_order(numeral: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total = 0
    for char, following in zip(numeral, numeral[1:] + " "):
        value = values.get(char, 0)
        total += -value if values.get(following, 0) > value else value
    return total


def _number_order(number: str) -> tuple:
    digits = "".join(ch for ch in number if ch.isdigit())
    return (int(digits) if digits else 0, number)


class Taxonomy:
    """A named set of terms with a folder of pages (``departments/``, ``directives/``…)."""

    def __init__(self, name: str, folder: str, title: str, cell: str = "", split_by_year: bool = False):
        """``cell`` says where a task's row links to its terms: ``text`` (at spans), ``lead``, ``deadline``.

        ``split_by_year``: a term's page lists the tasks of its latest year and each earlier
        year gets a page of its own, so a ten-year term is not one page of megabytes.
        """
        self.name = name
        self.cell = cell
        self.split_by_year = split_by_year
        self.folder = folder
        self.title = title
        self.terms: dict[str, Term] = {}
        self._slugs: set[str] = set()
        self._by_task: dict[int, list[tuple[Term, Entry]]] = {}

    def term(self, key: str, title: str | None = None, slug: str | None = None, **meta: Any) -> Term:
        """The term for ``key``, created on first use with a slug unique in this taxonomy."""
        if key not in self.terms:
            base = slug or slugify(title or key)
            unique, counter = base, 2
            while unique in self._slugs or unique == "index":
                unique, counter = f"{base}-{counter}", counter + 1
            self._slugs.add(unique)
            self.terms[key] = Term(key=key, title=title or key, slug=unique, meta=dict(meta))
        elif meta:
            self.terms[key].meta.update(meta)
        return self.terms[key]

    def add(self, key: str, task: Task, role: str = "", span: tuple[int, int] | None = None,
            title: str | None = None, **data: Any) -> Term:
        term = self.term(key, title)
        entry = Entry(task=task, role=role, span=span, data=data)
        term.entries.append(entry)
        self._by_task.setdefault(id(task), []).append((term, entry))
        return term

    def of_task(self, task: Task, role: str | None = None) -> list[tuple[Term, Entry]]:
        return [(t, e) for t, e in self._by_task.get(id(task), []) if role is None or e.role == role]

    def index_page(self) -> str:
        return f"{self.folder}/index.md"

    def term_page(self, term: Term) -> str:
        return f"{self.folder}/{term.slug}.md"

    def years(self, term: Term) -> list[str]:
        """Years of the term's tasks, newest first."""
        if "_years" not in term.meta:
            term.meta["_years"] = sorted({e.task.month.year_text for e in term.entries}, reverse=True)
        return term.meta["_years"]

    def year_page(self, term: Term, year: str) -> str:
        """The page of ``term`` for ``year``: the term page itself for its latest year."""
        years = self.years(term)
        if not self.split_by_year or not years or year == years[0]:
            return self.term_page(term)
        return f"{self.folder}/{term.slug}/{year}.md"

    def page_for(self, term: Term, task: Task) -> str:
        """The page of ``term`` that lists ``task``."""
        return self.year_page(term, task.month.year_text)
