"""The department index: who leads and who takes part, a page per department over every month.

Lead strings are matched to the registry (:mod:`portal.departments`); a lead the registry does
not know keeps a page of its own under the lead as written, so no task is ever dropped (and
``portal check`` warns about it). Each department page links to its calendar feed.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from . import calendar_feed, urls
from .departments import lead_key
from .model import Task
from .render import render
from .site import Asset, Index, Page, Site
from .slug import slugify
from .status import status_counts
from .taxonomy import Taxonomy, Term

FOLDER = "phong-ban"


def build(site: Site) -> Taxonomy:
    """Every registered department is a term (even without tasks); unknown leads are added as met."""
    taxonomy = Taxonomy("departments", FOLDER, "Phòng ban", cell="lead")
    for department in site.registry.departments:
        taxonomy.term(department.code, department.name, slug=slugify(department.code), department=department, code=department.code,
                      unknown=False)
    for task in site.tasks():
        roles = site.registry.roles(task.lead, task.coordinators)
        for department in roles.leads:
            taxonomy.add(department.code, task, "lead")
        if not roles.leads:
            key = "?" + lead_key(task.lead)
            taxonomy.term(key, task.lead, unknown=True, code=task.lead)
            taxonomy.add(key, task, "lead")
        for department in roles.coordinators:
            taxonomy.add(department.code, task, "coordinator")
    return taxonomy


@dataclass
class MonthGroup:
    """A department's tasks of one programme month, for one role."""

    month: str
    label: str
    page: str
    tasks: list[Task]


def _by_month(site: Site, tasks: list[Task]) -> list[MonthGroup]:
    labels = {p.month: p.label for p in site.programmes}
    return [MonthGroup(month, labels.get(month, month), urls.month_page(month), list(group))
            for month, group in groupby(tasks, key=lambda t: t.month)]


def feed_path(term: Term) -> str:
    return f"{calendar_feed.FOLDER}/{term.slug}.ics"


def render_pages(site: Site, taxonomy: Taxonomy) -> list[Page]:
    pages = [Page(taxonomy.index_page(), render(
        "departments.md.j2", page=taxonomy.index_page(), taxonomy=taxonomy, terms=list(taxonomy.terms.values()),
        all_feed=calendar_feed.ALL_FEED), taxonomy.title, in_nav=True)]
    for term in taxonomy.terms.values():
        page = taxonomy.term_page(term)
        led, joined = term.tasks("lead"), term.tasks("coordinator")
        views = {id(task): site.task_view(task, page).text_html for task in led + joined}
        pages.append(Page(page, render(
            "department.md.j2", page=page, term=term, taxonomy=taxonomy, views_of=lambda task, views=views: views[id(task)],
            led=_by_month(site, led), joined=_by_month(site, joined), led_count=len(led), joined_count=len(joined),
            counts=status_counts(led), feed=feed_path(term), all_feed=calendar_feed.ALL_FEED,
            month_page=urls.month_page), term.title))
    return pages


def assets(site: Site, taxonomy: Taxonomy) -> list[Asset]:
    """One calendar feed per department and one for everything."""
    return calendar_feed.feeds(site, taxonomy, feed_path)


INDEX = Index("departments", build, render_pages, assets)
