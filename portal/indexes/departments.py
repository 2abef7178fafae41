"""The department index: who leads and who takes part, a page per department over every month.

Lead strings are matched to the registry (:mod:`portal.content.departments`); a lead the registry does
not know keeps a page of its own under the lead as written, so no task is ever dropped (and
``portal check`` warns about it). Each department page links to its calendar feed.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from itertools import groupby

from portal.content.departments import MERGED, RENAMED, SPLIT, Department, lead_key
from portal.content.model import ROLE_LABELS, Role, Task
from portal.site import urls
from portal.site.lineage import long_carried
from portal.site.model import Index, Page, Site, TermFiles
from portal.site.charts import Chart, Series, column_chart, month_category
from portal.site.render import render, render_kept_from
from portal.site.taxonomy import DepartmentTerm, Entry, FormerName, Taxonomy, Term
from portal.text.months import Month
from portal.text.slug import slugify
from portal.text.status import is_done, status_counts

FOLDER = "phong-ban"
FORMER = "former"  # role of a predecessor's task on its successor's page


def build(site: Site) -> Taxonomy:
    """Every registered department is a term (even without tasks); unknown leads are added as met.

    A lead is resolved against the departments of the task's month; a department's
    predecessors' tasks are filed under it too, in the role ``former`` (its history).
    """
    taxonomy = Taxonomy("departments", FOLDER, "Phòng ban", split_by_year=True)
    for department in site.registry.departments:
        taxonomy.term(department.id, department.name, slug=slugify(department.id),
                      meta=DepartmentTerm(department, department.code, current=not department.period.ended))
    for task, roles in ((task, roles) for programme in site.programmes
                        for task, roles in zip(programme.tasks(), site.roles(programme), strict=True)):
        for department in roles.leads:
            taxonomy.add(department.id, task, Role.LEAD)
        if not roles.leads and task.lead.strip():  # a parent task may leave its lead to its sub-tasks
            key = "?" + lead_key(task.lead)
            taxonomy.term(key, task.lead, meta=DepartmentTerm(None, task.lead, unknown=True))
            taxonomy.add(key, task, Role.LEAD)
        for department in roles.coordinators:
            taxonomy.add(department.id, task, Role.COORDINATOR)
    _add_history(site, taxonomy)
    return taxonomy


def _add_history(site: Site, taxonomy: Taxonomy) -> None:
    """File each predecessor's tasks under its successors (A renamed B, B merged into C: A's and
    B's tasks on C's page), remembering the department and role each task had then."""
    own = {d.id: [(e.task, e.role) for e in taxonomy.terms[d.id].entries] for d in site.registry.departments}
    for department in site.registry.departments:
        for earlier in site.registry.history(department):
            for task, role in own[earlier.id]:
                taxonomy.add(department.id, task, FORMER, detail=FormerName(earlier, role))


@dataclass
class MonthGroup:
    """A department's tasks of one programme month, for one role."""

    month: str
    label: str
    page: str
    tasks: list[Task]


def _by_month(labels: dict[str, str], tasks: list[Task]) -> list[MonthGroup]:
    return [MonthGroup(month, labels.get(month, month), urls.month_page(month), list(group))
            for month, group in groupby(tasks, key=lambda t: t.month)]


def _month_labels(site: Site) -> dict[str, str]:
    """``2023-11`` → ``Tháng 11/2023`` for every programme month."""
    return {p.month: p.label for p in site.programmes}


def _by_year(tasks: list[Task]) -> dict[str, list[Task]]:
    """Tasks by the year of their month, each year's in the order given."""
    years: dict[str, list[Task]] = {}
    for task in tasks:
        years.setdefault(task.month.year_text, []).append(task)
    return years


def feed_path(term: Term) -> str:
    return urls.department_feed(term.slug)


def render_pages(site: Site, taxonomy: Taxonomy) -> list[Page]:
    # Each term's tasks by role, sorted once for its pages and counted for the index (which the index
    # template once sorted again, twice a term: some 10 % of rendering every page after an edit)
    by_role = {key: (term.tasks(Role.LEAD), term.tasks(Role.COORDINATOR)) for key, term in taxonomy.terms.items()}
    pages = [Page(taxonomy.index_page(), render(
        "departments.md.j2", page=taxonomy.index_page(), taxonomy=taxonomy, terms=list(taxonomy.terms.values()),
        groups=index_groups(site, taxonomy), all_feed=urls.ALL_FEED,
        task_counts={key: (len(led), len(joined)) for key, (led, joined) in by_role.items()}),
        taxonomy.title, in_nav=True)]
    labels = _month_labels(site)
    months_by_year = _by_year_months(site)
    carried = _long_carried(site, taxonomy)
    for term in taxonomy.terms.values():
        # Everything about the whole term is computed once, not for each of its year pages
        # (a long-lived department of a 50-year archive has 50 of them).
        (all_led, all_joined), all_former = by_role[term.key], term.tasks(FORMER)
        counts = status_counts(all_led)
        former_entries = _former_entries(term)
        led_by_year, joined_by_year, former_by_year = _by_year(all_led), _by_year(all_joined), _by_year(all_former)
        years = taxonomy.years(term) or [""]
        heading = TermHeading(term.title, term.meta_as(DepartmentTerm))
        for position, year in enumerate(years):
            page = taxonomy.year_page(term, year)
            main = page == taxonomy.term_page(term)
            if year:
                led, joined = led_by_year.get(year, []), joined_by_year.get(year, [])
                former_tasks = former_by_year.get(year, [])
            else:
                led, joined, former_tasks = all_led, all_joined, all_former
            former = history_groups(taxonomy, page, former_tasks, former_entries, labels)
            shown_tasks = led + joined + former_tasks
            title = term.title if main else f"{term.title}: năm {year}"
            chart_months = months_by_year.get(year, []) if year else sorted({t.month for t in led})
            chains = carried.get(term.key, [])
            if not main:
                # An earlier year's page shows that year alone (its counts, the carried work that
                # ended in it), and links the year before it and the main page, which lists every
                # year: a new year's months leave it as it was (the year after it may be the main
                # page today and a page of its own next year).
                chains = [(chain, home) for chain, home in chains if chain.last.month.year_text == year]
            shown_years = years if main else years[position:position + 2]
            archive = [(y, urls.relative(page, taxonomy.year_page(term, y)), y == year)
                       for y in shown_years] if len(years) > 1 else []
            shown = dict(
                page=page, term=heading, index_page=taxonomy.index_page(),
                led=_by_month(labels, led), joined=_by_month(labels, joined),
                led_count=len(all_led if main else led), joined_count=len(all_joined if main else joined),
                counts=counts if main else status_counts(led), whole=main,
                carried=[(chain, urls.relative(page, urls.history_page(home, chain.last.month.year_text), chain.slug))
                         for chain, home in chains], feed=feed_path(term), all_feed=urls.ALL_FEED,
                month_page=urls.month_page, lineage=lineage(site, taxonomy, term, page), former=former,
                year=year, years=archive, main_page=taxonomy.term_page(term),
                months_shown=sorted({task.month for task in led + joined}, reverse=True),
                xlsx=None if term.meta_as(DepartmentTerm).unknown else urls.department_xlsx(term.slug))
            # the rows' views and the chart follow from the tasks, where their rows link and the months
            pages.append(Page(page, render_kept_from(
                site.page_memo, "department.md.j2",
                lambda: {**shown, "rows": site.rows_shown(shown_tasks), "chart_of": (led, chart_months)},
                partial(_page_context, site, shown, page, shown_tasks, term, led, chart_months)), title))
    return pages


def _page_context(site: Site, shown: dict, page: str, tasks: list[Task], term: Term, led: list[Task],
                  months: list[Month]) -> dict:
    """A department page's context: ``shown``, its rows' views and its chart (made only to render)."""
    return {**shown, "views": {task: site.text_html(task, page) for task in tasks},
            "chart": month_chart(term, led, months)}


@dataclass(frozen=True)
class TermHeading:
    """What a department's page shows of its term besides its tasks: its name, code, whether known.
    (The page is given this, not the term with every task of every year, so that its inputs are the
    page's own: see :func:`portal.site.render.render_kept`.)"""

    title: str
    meta: DepartmentTerm


def _by_year_months(site: Site) -> dict[str, list[Month]]:
    """Year → its programme months, oldest first: the columns of a department's chart."""
    years: dict[str, list[Month]] = {}
    for month in sorted(p.month for p in site.programmes):
        years.setdefault(month.year_text, []).append(month)
    return years


def month_chart(term: Term, led: list[Task], months: list[Month]) -> Chart | None:
    """The department's led tasks per programme month of the page (its year), done or not."""
    if not months:
        return None
    done, open_ = dict.fromkeys(months, 0), dict.fromkeys(months, 0)
    for task in led:
        if task.month in done:
            (done if is_done(task.status) else open_)[task.month] += 1
    year = months[0].year_text if months[0].year == months[-1].year else ""
    title = f"Nhiệm vụ {term.meta_as(DepartmentTerm).code or term.title} chủ trì theo tháng" + (f" năm {year}" if year else "")
    categories = [month_category(m) for m in months]
    series = [Series("Chưa ghi hoàn thành", [open_[m] for m in months], style=0),
              Series("Đã hoàn thành", [done[m] for m in months], style=1)]
    desc = "; ".join(f"{c.label}: {d + o} nhiệm vụ, {d} đã hoàn thành"
                     for c, o, d in zip(categories, series[0].values, series[1].values))
    return column_chart(title, categories, series, desc=desc, height=120)


def _long_carried(site: Site, taxonomy: Taxonomy) -> dict[str, list]:
    """Department → its tasks carried over more than two months, by the last month's lead, latest first.

    Each as ``(chain, slug)``: the slug of the department whose history page lists the chain (its
    first lead, see :func:`portal.indexes.history.history_location`)."""
    found: dict[str, list] = {}
    if site.lineage is None:
        return found
    for chain in site.lineage.linked():
        if long_carried(chain):
            leads = taxonomy.of_task(chain.last, Role.LEAD)
            for term, _ in leads:
                found.setdefault(term.key, []).append((chain, leads[0][0].slug))
    for chains in found.values():
        chains.sort(key=lambda pair: (pair[0].last.month, pair[0].first.month), reverse=True)
    return found


# ---- the organisation over time: lineage, history ("Trước đây") and index groups ----------

PREDECESSOR_LABELS = {RENAMED: "Đổi tên từ", MERGED: "Sáp nhập từ", SPLIT: "Tách ra từ"}
SUCCESSOR_LABELS = {RENAMED: "Đổi tên thành", MERGED: "Sáp nhập vào", SPLIT: "Tách thành"}


@dataclass
class Related:
    """A predecessor or successor as a department page links to it."""

    relation: str  # "Đổi tên thành", "Sáp nhập từ"…
    department: Department
    href: str

    @property
    def period(self) -> str:
        return self.department.period.label()


@dataclass
class Lineage:
    period: str
    current: bool
    predecessors: list[Related]
    successors: list[Related]


def _period_end(meta: DepartmentTerm) -> str:
    """The month a former department ended (``YYYY-MM``)."""
    return meta.department.period.end if meta.department is not None else ""


def lineage(site: Site, taxonomy: Taxonomy, term: Term, page: str) -> Lineage | None:
    """Period, predecessors and successors of a registered department (None for unknown leads)."""
    department = term.meta_as(DepartmentTerm).department
    if department is None:
        return None

    def related(pairs, labels) -> list[Related]:
        return [Related(labels[relation], other, urls.relative(page, taxonomy.term_page(taxonomy.terms[other.id])))
                for relation, other in pairs]

    return Lineage(department.period.label(), not department.period.ended,
                   related(site.registry.predecessors(department), PREDECESSOR_LABELS),
                   related(site.registry.successors(department), SUCCESSOR_LABELS))


@dataclass
class WasName:
    """A predecessor a task belonged to, with its role then and a link to its page."""

    department: Department
    role: str
    href: str


@dataclass
class FormerRow:
    """A predecessor's task on its successor's page, with the department's name and role then."""

    task: Task
    was: list[WasName]  # leads first; several when merged departments both took part


@dataclass
class FormerGroup:
    month: str
    label: str
    page: str
    rows: list[FormerRow]


def _former_entries(term: Term) -> dict[Task, list[Entry]]:
    """Each task's entries in the role ``former`` on ``term``, by task."""
    entries: dict[Task, list[Entry]] = {}
    for entry in term.entries:
        if entry.role == FORMER:
            entries.setdefault(entry.task, []).append(entry)
    return entries


def history_groups(taxonomy: Taxonomy, page: str, tasks: list[Task], entries: dict[Task, list[Entry]],
                   labels: dict[str, str]) -> list[FormerGroup]:
    """Predecessors' ``tasks`` (those of the page, newest first) by month, for ``Trước đây``.

    ``entries``: the term's former entries by task (:func:`_former_entries`); ``labels``: month names.
    """
    rows = []
    for task in tasks:
        formers = sorted((e.detail_as(FormerName) for e in entries[task]), key=lambda was: was.role != Role.LEAD)
        names = [WasName(was.department, ROLE_LABELS.get(was.role, ""),
                         urls.relative(page, taxonomy.term_page(taxonomy.terms[was.department.id])))
                 for was in formers]
        rows.append(FormerRow(task, names))
    return [FormerGroup(month, labels.get(month, month), urls.month_page(month), list(group))
            for month, group in groupby(rows, key=lambda r: r.task.month)]


@dataclass
class IndexRow:
    term: Term
    period: str
    successors: list[Related]


@dataclass
class IndexGroup:
    """Current or former departments on the index page."""

    title: str
    anchor: str
    rows: list[IndexRow]
    former: bool


def index_groups(site: Site, taxonomy: Taxonomy) -> list[IndexGroup]:
    """Registered departments: those that exist today first, then former ones (latest ended first)."""
    page = taxonomy.index_page()
    registered = [(t, t.meta_as(DepartmentTerm)) for t in taxonomy.terms.values()]
    current = [t for t, meta in registered if not meta.unknown and meta.current]
    former = [t for t, meta in sorted(((t, meta) for t, meta in registered if not meta.unknown and not meta.current),
                                      key=lambda pair: _period_end(pair[1]), reverse=True)]

    def rows(terms: list[Term]) -> list[IndexRow]:
        out = []
        for term in terms:
            line = lineage(site, taxonomy, term, page)
            if line is None:  # only an unknown lead has none, and it is not listed here
                raise ValueError(f"{term.key}: a registered department without its registry entry")
            out.append(IndexRow(term, line.period, line.successors))
        return out

    groups = [IndexGroup("Các phòng hiện nay", "hien-nay", rows(current), False)]
    if former:
        groups.append(IndexGroup("Các phòng trước đây", "truoc-day", rows(former), True))
    return groups


def term_files(taxonomy: Taxonomy) -> list[TermFiles]:
    """Each registered department's calendar feed and Excel table, which its page links (a lead the
    registry does not know has no page of its own to link them from)."""
    return [TermFiles(term, calendar=feed_path(term), table=urls.department_xlsx(term.slug))
            for term in taxonomy.terms.values() if not term.meta_as(DepartmentTerm).unknown]


INDEX = Index("departments", build, render_pages, row_link="lead", files=term_files)
