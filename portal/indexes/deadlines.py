"""The deadline index: what falls due when, a timeline page per programme month and an overview.

Each programme month is a term; its page lays the month's tasks out by due date (the last day
of the deadline's window), grouped by week, each day with its tasks. Deadlines spanning several
days (``Trong tháng 11/2023``) sit at their last day, under their own heading; recurring tasks
and deadlines that could not be read have their own lists, so no task is left out. The month
page links each deadline cell to its day on the timeline.

The overview lists every dated task of the latest programmes (``OVERVIEW_MONTHS``) in the
static page; a few lines of local JavaScript (``deadlines.js``) pick out, relative to the
reader's date, what is past due and not done and what falls due in the coming two weeks. Older
months stay on their own timelines: each month's programme carries forward the work still open,
so a ten-year list would only repeat it, and would weigh megabytes on every visit.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import partial
from itertools import groupby
from typing import Optional

from markupsafe import Markup

from portal.content.model import Role, Task
from portal.site import urls
from portal.site.model import Index, Page, Site
from portal.site.render import render, render_kept_from
from portal.site.taxonomy import Due, MonthTerm, Taxonomy, Term
from portal.text.deadlines import Deadline, parse_deadline
from portal.text.months import Month
from portal.text.status import is_done, status_counts

FOLDER = "thoi-han"
WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]
RECURRING_ANCHOR = "dinh-ky"
UNKNOWN_ANCHOR = "chua-xac-dinh"
OVERVIEW_MONTHS = 3


def day_anchor(day: dt.date) -> str:
    return f"ngay-{day.isoformat()}"


def build(site: Site) -> Taxonomy:
    taxonomy = Taxonomy("deadlines", FOLDER, "Thời hạn")
    for programme in sorted(site.programmes, key=lambda p: p.month, reverse=True):
        taxonomy.term(programme.month, f"Thời hạn {programme.label.lower()}", slug=programme.month,
                      meta=MonthTerm(programme.label))
        tasks = programme.tasks()
        for task, deadline in zip(tasks, site.deadlines(programme), strict=True):
            if deadline.kind == "dates":  # a list of days: the task is on the timeline on each
                for date in deadline.dates:
                    taxonomy.add(programme.month, task, "due", anchor=day_anchor(date), detail=Due(deadline, date))
                continue
            day = deadline.timeline_day
            anchor = day_anchor(day) if day else (RECURRING_ANCHOR if deadline.kind == "recurring" else UNKNOWN_ANCHOR)
            taxonomy.add(programme.month, task, "due", anchor=anchor, detail=Due(deadline, day))
    return taxonomy


@dataclass
class Item:
    """A task as a timeline shows it: links computed for the page it appears on."""

    task: Task
    deadline: Deadline
    due: Optional[dt.date]
    text_html: Markup
    task_href: str
    lead_href: str
    done: bool
    lead_slug: str = ""  # the lead department's slug, for the page's department filter

    @property
    def window(self) -> str:
        """``01/11–30/11/2023`` for a deadline spanning several days (the first year too when it differs:
        ``19/05/1890–19/05/2024``), the days of a list (``05/12, 12/12, 19/12/2023``), else empty."""
        d = self.deadline
        if d.kind == "dates":
            return ", ".join(f"{day:%d/%m}" for day in d.dates[:-1]) + f", {d.dates[-1]:%d/%m/%Y}"
        if not d.is_window or d.start is None or d.end is None:
            return ""
        first = f"{d.start:%d/%m/%Y}" if d.start.year != d.end.year else f"{d.start:%d/%m}"
        return f"{first}–{d.end:%d/%m/%Y}"

    @property
    def start(self) -> Optional[dt.date]:
        """The first day the item covers on the timeline: its window's, or its own day (a list's day)."""
        if self.deadline.kind == "dates":
            return self.due
        return self.deadline.start or self.due


@dataclass
class Day:
    date: dt.date
    items: list[Item] = field(default_factory=list)  # due that very day
    windows: list[Item] = field(default_factory=list)  # a longer window ends that day

    @property
    def label(self) -> str:
        return f"{WEEKDAYS[self.date.weekday()]}, {self.date:%d/%m/%Y}"

    @property
    def anchor(self) -> str:
        return day_anchor(self.date)


@dataclass
class Week:
    monday: dt.date
    days: list[Day]

    @property
    def label(self) -> str:
        sunday = self.monday + dt.timedelta(days=6)
        return f"Tuần từ {self.monday:%d/%m} đến {sunday:%d/%m/%Y}"

    @property
    def anchor(self) -> str:
        return f"tuan-{self.monday.isoformat()}"


def _items(site: Site, term: Term, page: str) -> list[Item]:
    items = []
    departments = site.taxonomies.get("departments")
    for entry in term.entries:
        view = site.task_view(entry.task, page)
        due = entry.detail_as(Due)
        leads = departments.of_task(entry.task, Role.LEAD) if departments else []
        items.append(Item(entry.task, due.deadline, due.day, view.text_html,
                          urls.relative(page, urls.month_page(entry.task.month), entry.task.anchor),
                          view.lead_href, is_done(entry.task.status),
                          " ".join(lead.slug for lead, _ in leads)))
    return items


def lead_choices(site: Site, items: list[Item]) -> list[tuple[str, str]]:
    """``(slug, name)`` of every lead department of ``items``, by name: the department filter's options."""
    departments = site.taxonomies.get("departments")
    found: dict[str, str] = {}
    for item in items:
        for lead, _ in departments.of_task(item.task, Role.LEAD) if departments else []:
            found.setdefault(lead.slug, lead.title)
    return sorted(found.items(), key=lambda pair: pair[1])


def month_items(site: Site, month: str, page: str) -> list[Item]:
    """Every task of a programme month as a timeline item, with links as seen from ``page``
    (the home page's «due this week» and «overdue» lists are picked from these)."""
    return _items(site, site.taxonomies["deadlines"].terms[month], page)


def weeks(items: list[Item]) -> list[Week]:
    """Dated items by week (Monday first), each day with single-day items, then windows ending that day."""
    days: dict[dt.date, Day] = {}
    for due, item in sorted(((i.due, i) for i in items if i.due), key=lambda pair: pair[0]):
        day = days.setdefault(due, Day(due))
        (day.windows if item.deadline.is_window else day.items).append(item)
    ordered = sorted(days.values(), key=lambda d: d.date)
    return [Week(monday, list(group)) for monday, group in
            groupby(ordered, key=lambda d: d.date - dt.timedelta(days=d.date.weekday()))]


def _leads(site: Site, tasks: list[Task]) -> list[list[tuple[str, str]]]:
    """Each task's lead departments as ``(slug, name)``: what its item and the filter show of them."""
    departments = site.taxonomies.get("departments")
    return [[(lead.slug, lead.title) for lead, _ in departments.of_task(task, Role.LEAD)] if departments else []
            for task in tasks]


def _month_context(site: Site, term: Term, page: str, shown: dict) -> dict:
    """A month's deadline page: its tasks counted by status, its items by week, the recurring and the
    undated ones. The counts are made here, only when the page is rendered: they follow from the
    tasks' statuses, which the page's key holds (each row's key shows its task whole), and counting
    every month's tasks again for the keys was ≈ 0.01 s of an edit build at 120 months."""
    items = _items(site, term, page)
    return {**shown, "counts": status_counts(entry.task for entry in term.entries), "weeks": weeks(items),
            "recurring": [i for i in items if i.deadline.kind == "recurring"],
            "unknown": [i for i in items if i.deadline.kind == "unknown"], "departments": lead_choices(site, items)}


def render_pages(site: Site, taxonomy: Taxonomy) -> list[Page]:
    overview = taxonomy.index_page()
    all_items: list[Item] = []
    pages = []
    recent = sorted(taxonomy.terms, reverse=True)[:OVERVIEW_MONTHS]
    for term in taxonomy.terms.values():
        page = taxonomy.term_page(term)
        shown = dict(page=page, term=term, month_page=urls.month_page(term.key), overview=overview,
                     recurring_anchor=RECURRING_ANCHOR, unknown_anchor=UNKNOWN_ANCHOR)
        # the items follow from the term's entries, where their rows link and their leads; an entry's
        # detail (its parsed deadline and day) follows from its task's deadline and month, which the
        # task's row key holds, so the term is keyed by what it has besides its entries
        tasks = [entry.task for entry in term.entries]
        keyed = {**shown, "term": (term.key, term.title, term.slug, term.meta),
                 "anchors": [entry.anchor for entry in term.entries]}
        pages.append(Page(page, render_kept_from(
            site.page_memo, "deadline_month.md.j2",
            lambda: {**keyed, "rows": site.rows_shown(tasks), "leads": _leads(site, tasks)},
            partial(_month_context, site, term, page, shown)), term.title))
        if term.key in recent:
            all_items.extend(_items(site, term, overview))
    dated = sorted(((i.due, i) for i in all_items if i.due), key=lambda pair: (pair[0], pair[1].task.month))
    by_month = [(f"Tháng {month[1]}/{month[0]}", [item for _, item in group])
                for month, group in groupby(dated, key=lambda pair: (pair[0].year, pair[0].month))]
    pages.insert(0, Page(overview, render(
        "deadlines.md.j2", page=overview, taxonomy=taxonomy, terms=list(taxonomy.terms.values()),
        by_month=by_month, recent=[taxonomy.terms[key] for key in recent],
        years=[(year, list(group)) for year, group in groupby(taxonomy.terms.values(), key=lambda t: Month(t.key).year_text)], recurring=[i for i in all_items if i.deadline.kind == "recurring"],
        unknown=[i for i in all_items if i.deadline.kind == "unknown"], departments=lead_choices(site, all_items),
        months=sorted({Month(key) for key in recent}, reverse=True)), taxonomy.title, in_nav=True))
    return pages


INDEX = Index("deadlines", build, render_pages, row_link="deadline")
