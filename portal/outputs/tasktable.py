"""Every public task as one flat row: what the Excel tables, the JSON and the CSV all write.

Computed once per build from the loaded site (which has already left out restricted months and
tasks) and its taxonomies, so each file says exactly what the pages say: the lead departments
the department index resolved, the deadline window the deadline index read, the documents the
directive index found. Draft programmes (``draft: true``, when the data has them) are left out.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Optional

from portal.content.columns import Column
from portal.content.model import Programme, Role, Task
from portal.site import urls
from portal.site.model import Site
from portal.site.taxonomy import DepartmentTerm, DirectiveTerm, Due, Taxonomy, Term
from portal.text.deadlines import KIND_LABELS, Deadline, parse_deadline
from portal.text.months import Month
from portal.text.richtext import strip_markup
from portal.text.status import is_done


@dataclass
class DepartmentRef:
    id: str
    name: str
    code: str


@dataclass
class RelationRef:
    """A relation of a cited document to another, seen from the subject (it implements … ``target``)."""

    kind: str  # implements | replaces | amends | reviews
    target: "DirectiveRef"
    evidence: list[str]  # ids of the published tasks whose text says it
    stated: bool  # stated in the directive registry


@dataclass
class DirectiveRef:
    id: str  # the slug of its page: ``directives/<id>/``
    label: str
    url: str = ""  # site-relative URL of its page
    relations: list[RelationRef] = field(default_factory=list)


@dataclass
class TaskRow:
    id: str  # ``2023-11/II-3``: month and the task's anchor, stable across rebuilds
    month: str
    month_label: str
    section: str
    section_title: str
    number: str
    text: str
    lead: str  # as written
    leads: list[DepartmentRef]
    coordinators: list[str]
    deadline: str  # as written
    deadline_kind: str
    deadline_start: Optional[dt.date]
    deadline_end: Optional[dt.date]
    status: str
    done: bool
    directives: list[DirectiveRef] = field(default_factory=list)
    page: str = ""  # site-relative URL of the task on its month page
    # the task itself (for per-department tables); not in the row's ``repr``: a build's cache keys a
    # row by its ``repr`` and the task by its digest (the task's ``repr`` was 40 % of a row's)
    task: Optional[Task] = field(default=None, repr=False)
    # each registry column's value as read from the task (rich text without its markup), for
    # ``value``: the Excel tables, the JSON and the CSV each read every column of every row
    _read: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def deadline_kind_label(self) -> str:
        return KIND_LABELS.get(self.deadline_kind, "")

    @property
    def lead_names(self) -> str:
        return "; ".join(d.name for d in self.leads) or self.lead

    def read(self, column: Column) -> Any:
        """A registry column's value in the row's task, as the task holds it."""
        if self.task is None:
            raise ValueError(f"row {self.id} has no task to read «{column.label}» from")
        return column.read(self.task)

    def value(self, column: Column, joiner: str = "\n") -> str:
        """A registry column's value in a flat file: lists joined by ``joiner``, italics dropped."""
        value = self._read.get(column.key, _UNREAD)
        if value is _UNREAD:
            value = self.read(column)
            if column.rich and not isinstance(value, list):
                value = strip_markup(value)
            self._read[column.key] = value
        if isinstance(value, list):
            value = joiner.join(value)
            return strip_markup(value) if column.rich else value
        return value


_UNREAD = object()


class KeptRow:
    """A row of a month whose rows are the same as in an earlier build (see
    :func:`portal.build.site.data_files`): only what the tables ask of a row besides its cells (its
    id, month and month's label); its cells, its JSON and CSV lines are that build's, kept by month.
    Why: making every row of the archive and hashing it, to find the one month that changed, was a
    fifth of the downloads after an edit."""

    __slots__ = ("id", "month", "month_label")

    def __init__(self, id: str, month: str, month_label: str) -> None:  # noqa: A002 - TaskRow's name
        self.id, self.month, self.month_label = id, month, month_label


def published(site: Site) -> list[Programme]:
    """The programmes whose tasks go into the downloads: public ones (the site has already left
    out restricted ones), not drafts; newest month first."""
    return sorted((p for p in site.programmes if not getattr(p, "draft", False)),
                  key=lambda p: p.month, reverse=True)


def _deadline(site: Site, task: Task) -> Deadline:
    taxonomy = site.taxonomies.get("deadlines")
    if taxonomy is not None:
        for _, entry in taxonomy.of_task(task):
            if isinstance(entry.detail, Due):
                return entry.detail.deadline
    return parse_deadline(task.deadline, task.month)


def task_rows(site: Site) -> list[TaskRow]:
    """One row per published task: newest month first, then in document order."""
    programmes = published(site)
    published_months = {programme.month for programme in programmes}
    return [row for programme in programmes for row in month_rows(site, programme, published_months)]


def month_rows(site: Site, programme: Programme, published_months: set[Month]) -> list[TaskRow]:
    """The rows of one published programme's tasks (:func:`task_rows` of one month), in document order;
    ``published_months``: every published programme's month (a cited document's relations name only
    the tasks of those)."""
    departments = site.taxonomies.get("departments")
    directives = site.taxonomies.get("directives")
    rows = []
    titles = {s.numeral: s.title for s in programme.sections}
    label = programme.label  # once a month, not once a task
    pages: dict[str, str] = {}  # each month page's address (a task's month is its programme's)
    for task in programme.tasks():
        leads = []
        if departments is not None:
            for term, _ in departments.of_task(task, Role.LEAD):
                department = term.meta_as(DepartmentTerm).department
                if department is not None:
                    leads.append(DepartmentRef(department.id, department.name, department.code))
        cited: list[DirectiveRef] = []
        if directives is not None:
            for term, _ in directives.of_task(task):
                if all(d.id != term.slug for d in cited):
                    cited.append(_directive_ref(directives, term, published_months))
        deadline = _deadline(site, task)
        rows.append(TaskRow(
            id=task.key, month=task.month, month_label=label,
            section=task.section, section_title=titles.get(task.section, ""), number=task.number,
            text=strip_markup(task.text), lead=task.lead, leads=leads, coordinators=list(task.coordinators),
            deadline=task.deadline, deadline_kind=deadline.kind, deadline_start=deadline.start,
            deadline_end=deadline.end, status=task.status, done=is_done(task.status), directives=cited,
            page=_month_address(pages, task.month) + "#" + task.anchor, task=task))
    return rows


def cited_documents(site: Site, published_months: set[Month]) -> list[DirectiveRef]:
    """Every document of the directives' index as a row citing it shows it (:func:`month_rows`),
    in the index's order; none without that index."""
    directives = site.taxonomies.get("directives")
    if directives is None:
        return []
    return [_directive_ref(directives, term, published_months) for term in directives.terms.values()]


def _month_address(addresses: dict[str, str], month: Month) -> str:
    """The site-relative address of ``month``'s page, made once a month (kept in ``addresses``)."""
    address = addresses.get(month)
    if address is None:
        address = addresses[month] = urls.page_url(urls.month_page(month))
    return address


def _directive_ref(taxonomy: Taxonomy, term: Term, published_months: set[Month]) -> DirectiveRef:
    """A cited document with the relations it is the subject of (each target a document of the index);
    a symbol's candidates page has none (which document a citation there means is unknown)."""
    ref = DirectiveRef(term.slug, term.title, urls.page_url(taxonomy.term_page(term)))
    if not isinstance(term.meta, DirectiveTerm):
        return ref
    for related in term.meta.directive.related:
        target = taxonomy.terms.get(related.other_key)
        if not related.outgoing or target is None:
            continue
        evidence = sorted({task.key for task, _ in related.evidence if task.month in published_months})
        if evidence or related.stated:
            ref.relations.append(RelationRef(related.kind, DirectiveRef(target.slug, target.title,
                                                                        urls.page_url(taxonomy.term_page(target))),
                                             evidence, related.stated))
    return ref
