"""Task histories: a page per task that appeared in more than one month (``lich-su/…/``).

The chains come from :mod:`portal.site.lineage`; here each chain of two months or more is a
term, its tasks its entries, and its page lists every month the task was in with its status
there. The month page's row links to it (``đã có từ T9/2023``), and a department page counts
its tasks carried over more than two months (:func:`portal.site.lineage.long_carried`).
"""
from __future__ import annotations

from portal.content.model import Task
from portal.site import urls
from portal.site.lineage import Chain
from portal.site.model import Index, Page, Site
from portal.site.render import render
from portal.site.taxonomy import Taxonomy

FOLDER = urls.HISTORY_FOLDER


def short_month(month: str) -> str:
    """``2023-09`` → ``T9/2023``."""
    return f"T{int(month[5:7])}/{month[:4]}"


def build(site: Site) -> Taxonomy:
    taxonomy = Taxonomy("history", FOLDER, "Lịch sử nhiệm vụ", cell="history")
    if site.lineage is None:
        return taxonomy
    for chain in site.lineage.linked():
        term = taxonomy.term(chain.slug, _title(chain.first), slug=chain.slug, chain=chain)
        first = chain.first.month
        for task in chain.tasks:
            note = (f"có ở {len(chain.tasks)} tháng" if task is chain.first
                    else f"đã có từ {short_month(first)}")
            taxonomy.add(term.key, task, "month", note=note)
    return taxonomy


def _title(task: Task) -> str:
    text = task.text.replace("<i>", "").replace("</i>", "")
    return text if len(text) <= 90 else text[:87].rstrip() + "…"


def render_pages(site: Site, taxonomy: Taxonomy) -> list[Page]:
    pages = []
    for term in taxonomy.terms.values():
        page = taxonomy.term_page(term)
        chain: Chain = term.meta["chain"]
        rows = [(task, site.task_view(task, page), urls.relative(page, urls.month_page(task.month), task.anchor))
                for task in reversed(chain.tasks)]
        pages.append(Page(page, render("history.md.j2", page=page, term=term, chain=chain, rows=rows,
                                       short_month=short_month), f"Lịch sử: {term.title}"))
    return pages


INDEX = Index("history", build, render_pages)
