"""The month-end reports: a page per issued programme (``bao-cao/YYYY-MM/``) and a list of them.

Each page is :func:`portal.site.report.month_report` laid out for reading: the counts by status
per section and per lead department, done on time / late, and the four lists (done, in
progress, not done, carried over), every task linked to its row in the programme. A draft month
has no report (it has not been issued). The Word report is written on request, ``portal report``.
"""
from __future__ import annotations

from portal.site import urls
from portal.site.model import Index, Page, Site
from portal.site.render import render
from portal.site.report import COLUMNS, carried_targets, month_report
from portal.site.taxonomy import ReportTerm, Taxonomy

FOLDER = urls.REPORT_FOLDER
COUNT_HEADERS = COLUMNS + ["Tổng", "Đúng hạn", "Trễ hạn"]


def build(site: Site) -> Taxonomy:
    taxonomy = Taxonomy("reports", FOLDER, "Báo cáo kết quả")
    carried = carried_targets(site.programmes)
    for programme in sorted(site.programmes, key=lambda p: p.month, reverse=True):
        if programme.draft:
            continue
        report = month_report(programme, site.registry, carried)
        term = taxonomy.term(programme.month, report.title, slug=programme.month,
                             meta=ReportTerm(report))
        for anchor, _, lines in report.lists():
            for line in lines:
                taxonomy.add(term.key, line.task, anchor)
    return taxonomy


def render_pages(site: Site, taxonomy: Taxonomy) -> list[Page]:
    index = taxonomy.index_page()
    terms = list(taxonomy.terms.values())
    pages = [Page(index, render("reports.md.j2", page=index, terms=terms, month_page=urls.month_page),
                  taxonomy.title)]
    for term in terms:
        page = taxonomy.term_page(term)
        report = term.meta_as(ReportTerm).report
        views = {line.task.anchor: site.task_view(line.task, page) for _, _, lines in report.lists() for line in lines}
        pages.append(Page(page, render(
            "report.md.j2", page=page, report=report, summary=report.summary, headers=COUNT_HEADERS, views=views, index=index,
            month_page=urls.month_page(report.programme.month)), term.title))
    return pages


INDEX = Index("reports", build, render_pages)
