"""The month-end reports: a page per issued programme (``bao-cao/YYYY-MM/``) and a list of them.

Each page is :func:`portal.site.report.month_report` laid out for reading: the counts by status
per section and per lead department (the columns no task falls in left out), done on time / late,
overdue, and a list per column plus the overdue tasks, every task linked to its row in the
programme; beside it, the same report in Word to complete and sign (declared in
:func:`term_files`, written with the other downloads by :func:`portal.build.site.month_documents`).
A draft month has no report (it has not been issued).
"""
from __future__ import annotations

from functools import partial

from portal.content.model import Programme, Task, content_digest
from portal.site import urls
from portal.site.model import Index, Page, Site, TermFiles
from portal.site.render import render, render_kept_from
from portal.site.report import TAIL_HEADERS, Line, MonthReport, carried_targets, column_label, month_report
from portal.site.taxonomy import ReportTerm, Taxonomy

FOLDER = urls.REPORT_FOLDER


def build(site: Site) -> Taxonomy:
    taxonomy = Taxonomy("reports", FOLDER, "Báo cáo kết quả")
    carried = carried_targets(site.programmes)
    for programme in sorted(site.programmes, key=lambda p: p.month, reverse=True):
        if programme.draft:
            continue
        report = _month_report(site, programme, carried)
        term = taxonomy.term(programme.month, report.title, slug=programme.month,
                             meta=ReportTerm(report))
        for task_list in report.lists():
            for line in task_list.lines:
                taxonomy.add(term.key, line.task, task_list.anchor)
    return taxonomy


def _month_report(site: Site, programme: Programme, carried: dict[str, str]) -> MonthReport:
    """:func:`month_report` of ``programme``, or with the build cache an earlier build's, kept as
    plain data (:func:`_flat`) under what it reads: the registry (each lead's departments, by
    :meth:`Site.registry_digest`), the month's sections (their keys, numerals, titles and numbers of tasks) and each task whole
    (its digest: lead, status, done day, deadline, key), and the later task continuing each (the
    one thing a report reads of other months). Why: every month's report was counted again after
    any edit, though only the edited month's (and a month a new ``carried_from`` points to) can change."""
    tasks = programme.tasks()
    read = [site.registry_digest(), programme.month,
            [(section.key, section.numeral, section.title, len(section.tasks)) for section in programme.sections],
            [task.digest or content_digest(task) for task in tasks],
            [carried.get(task.key, "") for task in tasks]]
    made: list[MonthReport] = []

    def counted() -> list:
        made.append(month_report(programme, site.registry, carried, site.deadlines(programme)))
        return [_flat(made[0], tasks)]

    flat = site.analysed("month report", read, counted)
    return made[0] if made else _unflat(flat[0], programme, tasks)


def _flat(report: MonthReport, tasks: list[Task]) -> tuple:
    """A report as plain data: its rows of counts as they are, each line with its task's place."""
    place = {task: number for number, task in enumerate(tasks)}
    lines = {id(line): number for number, line in enumerate(line for lines in report.by_column.values()
                                                               for line in lines)}
    return (report.sections, report.departments, report.total,
            [(column, [(place[line.task], line.lead, line.due, line.timeliness, line.carried_to, line.overdue)
                       for line in lines]) for column, lines in report.by_column.items()],
            [lines[id(line)] for line in report.overdue])


def _unflat(flat: tuple, programme: Programme, tasks: list[Task]) -> MonthReport:
    """The report :func:`_flat` wrote, its lines given their tasks again."""
    sections, departments, total, columns, overdue = flat
    by_column = {column: [Line(tasks[place], lead, due, column, timeliness, carried_to, late)
                          for place, lead, due, timeliness, carried_to, late in lines] for column, lines in columns}
    every = [line for lines in by_column.values() for line in lines]
    return MonthReport(programme, sections, departments, total, by_column, [every[number] for number in overdue])


def render_pages(site: Site, taxonomy: Taxonomy) -> list[Page]:
    index = taxonomy.index_page()
    terms = list(taxonomy.terms.values())
    pages = [Page(index, render("reports.md.j2", page=index, terms=terms, month_page=urls.month_page),
                  taxonomy.title)]
    by_month = sorted(terms, key=lambda t: t.meta_as(ReportTerm).report.programme.month)
    position_of = {term.key: position for position, term in enumerate(by_month)}  # for the month next door
    for term in terms:
        page = taxonomy.term_page(term)
        report = term.meta_as(ReportTerm).report
        position = position_of[term.key]
        neighbours = {name: (urls.relative(page, taxonomy.term_page(other)), other.meta_as(ReportTerm).report.programme.label)
                      if other is not None else None
                      for name, other in (("older", by_month[position - 1] if position else None),
                                          ("newer", by_month[position + 1] if position + 1 < len(by_month) else None))}
        tasks = [line.task for task_list in report.lists() for line in task_list.lines]
        month = report.programme.month
        shown = dict(page=page, report=report, summary=report.summary,
                     headers=[column_label(column) for column in report.columns] + TAIL_HEADERS, index=index,
                     month_page=urls.month_page(month), download=urls.asset(page, urls.report_docx(month)),
                     **neighbours)
        pages.append(Page(page, render_kept_from(
            site.page_memo, "report.md.j2",
            lambda: {**shown, "report": _report_key(report), "rows": site.rows_shown(tasks)},
            partial(_with_views, site, shown, page, tasks)), term.title))
    return pages


def _report_key(report: MonthReport) -> tuple:
    """What a report page's key needs of the report (:func:`portal.site.render.render_kept_from`):
    its programme (each task by its hash), each line's lead as the report names it and the later
    task that continues it, and the rows of counts. Each line's column, due day, timeliness and
    overdue mark follow from its task, its month and what continues it (:func:`month_report`), so
    the lines are not walked whole, field by field, some 10,000 of them at 120 months."""
    return (report.programme, [(line.lead, line.carried_to) for lines in report.by_column.values() for line in lines],
            report.sections, report.departments, report.total)


def _with_views(site: Site, shown: dict, page: str, tasks: list[Task]) -> dict:
    """A report page's context: ``shown`` and its rows' views (made only when the page is rendered)."""
    return {**shown, "views": {task.anchor: site.task_view(task, page) for task in tasks}}


def term_files(taxonomy: Taxonomy) -> list[TermFiles]:
    """Each month's report in Word, beside its page."""
    return [TermFiles(term, document=urls.report_docx(term.key)) for term in taxonomy.terms.values()]


INDEX = Index("reports", build, render_pages, files=term_files)
