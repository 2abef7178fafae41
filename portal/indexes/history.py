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
from portal.site.lineage import CARRIED, REPEATED, Chain
from portal.site.model import Index, Page, Site
from portal.site.render import render_kept
from portal.site.taxonomy import HistoryNote, HistoryTerm, Taxonomy
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


def history_note(chain: Chain, task: Task) -> str:
    """The note under a row's text that links to its history: what the earlier months were to it.

    «đã có từ T9/2023» only for work carried forward unfinished since then; a recurring duty says
    so («việc định kỳ, có ở 12 tháng»); the same words after a month that finished them give the
    last time («lần trước: T3/2025»).
    """
    count = len(chain.tasks)
    if chain.recurring:
        return f"việc định kỳ, có ở {count} tháng"
    link = chain.link(task)
    if link == CARRIED:
        since = chain.carried_since(task)
        return f"đã có từ {short_month((since or chain.first).month)}"
    if link == REPEATED:
        previous = chain.tasks[chain.tasks.index(task) - 1]
        return f"lần trước: {short_month(previous.month)}"
    return f"có ở {count} tháng"


def chain_summary(chain: Chain) -> str:
    """One sentence over a history's section: recurring, carried forward since when, or repeated."""
    span = f"{len(chain.tasks)} tháng, từ {short_month(chain.first.month)} đến {short_month(chain.last.month)}"
    if chain.recurring:
        return f"Việc định kỳ, mỗi kỳ một lần: có trong chương trình {span}; không phải việc chuyển tiếp."
    since = chain.carried_since(chain.last)
    if since is not None:
        return (f"Có trong chương trình {span}; chưa hoàn thành, chuyển tiếp từ {short_month(since.month)} "
                f"({chain.months_carried()} tháng).")
    return f"Có trong chương trình {span}; mỗi lần đều đã hoàn thành hoặc dừng trước khi có lại."


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
        for task in chain.tasks:
            taxonomy.add(term.key, task, "month", anchor=chain.slug, detail=HistoryNote(history_note(chain, task)))
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
            rows = [(task, site.text_html(task, page),
                     urls.relative(page, urls.month_page(task.month), task.anchor)) for task in reversed(chain.tasks)]
            sections.append((chain, _title(chain.last), rows))
        pages.append(Page(page, render_kept(site.page_memo, "history.md.j2", page=page, term=term, sections=sections,
                                       short_month=short_month, summary=chain_summary,
                                       count=len(chains)), term.title))
    return pages


INDEX = Index("history", build, render_pages, row_link="history")
