"""Task histories: every month a task appeared in, with its status there (``lich-su/<phòng>/<năm>/``).

The chains come from :mod:`portal.site.lineage`. A chain of two months or more is listed on the
history page of its lead department (as the departments index files the chain's latest task) for
the year of its latest month, as a section anchored by the chain's slug (``#2023-09-II-8``).
The month page's row links there (``đã có từ T9/2023``). One page per department and year, not
one per task: an archive of 600 months has some 1,500 histories, and every page costs the
builder its navigation and theme whatever its size.
"""
from __future__ import annotations

from portal.content.model import Role, Task
from portal.site import urls
from portal.site.lineage import Chain
from portal.site.model import Index, Page, Site
from portal.site.render import render
from portal.site.taxonomy import HistoryNote, HistoryTerm, Taxonomy
from portal.site.taxonomy import Taxonomy
from portal.text.months import Month

FOLDER = urls.HISTORY_FOLDER


def short_month(month: str) -> str:
    """``2023-09`` → ``T9/2023``."""
    return Month(month).short


def history_location(site: Site, chain: Chain) -> tuple[str, str, str]:
    """``(department slug, year, department title)`` of a chain's history page (see the module docstring)."""
    departments = site.taxonomies.get("departments")
    leads = departments.of_task(chain.last, Role.LEAD) if departments else []
    slug, title = (leads[0][0].slug, leads[0][0].title) if leads else ("khac", "Phòng khác")
    return slug, chain.last.month.year_text, title


def build(site: Site) -> Taxonomy:
    taxonomy = Taxonomy("history", FOLDER, "Lịch sử nhiệm vụ")
    if site.lineage is None:
        return taxonomy
    for chain in site.lineage.linked():
        slug, year, department = history_location(site, chain)
        page = urls.history_page(slug, year)  # the term's page: lich-su/<slug>/<year>.md
        term = taxonomy.term(page, f"Lịch sử nhiệm vụ: {department}, năm {year}", slug=f"{slug}/{year}")
        if term.meta is None:
            term.meta = HistoryTerm(department, year)
        term.meta_as(HistoryTerm).chains.append(chain)
        first = chain.first.month
        for task in chain.tasks:
            note = f"có ở {len(chain.tasks)} tháng" if task is chain.first else f"đã có từ {short_month(first)}"
            taxonomy.add(term.key, task, "month", anchor=chain.slug, detail=HistoryNote(note))
    return taxonomy


def _title(task: Task) -> str:
    text = task.text.replace("<i>", "").replace("</i>", "")
    return text if len(text) <= 110 else text[:107].rstrip() + "…"


def render_pages(site: Site, taxonomy: Taxonomy) -> list[Page]:
    pages = []
    for term in taxonomy.terms.values():
        page = taxonomy.term_page(term)
        chains = sorted(term.meta_as(HistoryTerm).chains, key=lambda c: (c.last.month, c.first.month), reverse=True)
        sections = []
        for chain in chains:
            rows = [(task, site.task_view(task, page).text_html,
                     urls.relative(page, urls.month_page(task.month), task.anchor)) for task in reversed(chain.tasks)]
            sections.append((chain, _title(chain.last), rows))
        pages.append(Page(page, render("history.md.j2", page=page, term=term, sections=sections,
                                       short_month=short_month, count=len(chains)), term.title))
    return pages


INDEX = Index("history", build, render_pages, row_link="history")
