"""The whole site as data: load content, build the indexes, render every page to Markdown.

This is the one entry point a builder needs (the MkDocs hooks, ``portal render`` for any other
builder): :func:`load_site` collects, :func:`render_pages` renders, :func:`navigation` gives
the short nav. Collect in one phase, render in the next, as Material's own plugins do.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import Callable

from markupsafe import Markup

from . import urls
from .departments import Registry, load_registry
from .errors import Problem
from .loader import load_programmes
from .model import Programme, Task
from .org_check import issuer_problems, lead_problems
from .render import render
from .richtext import Link, to_html
from .spans import without_overlaps
from .taxonomy import Taxonomy


@dataclass
class Page:
    """A generated page: where it goes, its Markdown, whether it belongs in the nav.

    Generated Markdown is front matter and then raw HTML only (templates never emit Markdown
    syntax), so a builder may skip Markdown conversion: :meth:`front_matter` is the page's
    Markdown without a body, :meth:`html` the finished body. Converting megabytes of raw HTML
    through Python-Markdown was most of a large archive's build time, for no change in output.
    """

    src_uri: str
    markdown: str
    title: str = ""
    in_nav: bool = False

    def front_matter(self) -> str:
        return split_front_matter(self.markdown)[0]

    def html(self) -> str:
        return split_front_matter(self.markdown)[1]


def split_front_matter(text: str) -> tuple[str, str]:
    """``(front matter with its fences, body)`` of a Markdown text; no front matter gives ``("", text)``."""
    if text.startswith("---\n"):
        end = text.find("\n---\n", 3)
        if end != -1:
            cut = end + len("\n---\n")
            return text[:cut], text[cut:]
    return "", text


@dataclass
class Asset:
    """A generated non-page file (calendar feed, .docx download…) at a site-relative path."""

    path: str
    content: bytes


@dataclass
class MonthEntry:
    programme: Programme
    page: str
    task_count: int


@dataclass
class TaskView:
    """What a task's row shows beyond its data: its text with citation links, and cell links."""

    text_html: Markup
    lead_href: str = ""
    deadline_href: str = ""


@dataclass
class Site:
    content_dir: Path
    programmes: list[Programme]
    taxonomies: dict[str, Taxonomy] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    include_restricted: bool = False
    registry: Registry = field(default_factory=lambda: Registry([]))
    site_url: str = ""  # absolute address of the published site, for links in calendar feeds

    def months(self) -> list[MonthEntry]:
        """Months newest first."""
        return [MonthEntry(p, urls.month_page(p.month), len(p.tasks()))
                for p in sorted(self.programmes, key=lambda p: p.month, reverse=True)]

    def tasks(self) -> list[Task]:
        return [task for programme in self.programmes for task in programme.tasks()]

    def task_view(self, task: Task, page: str) -> TaskView:
        """Links for a task's row as seen from ``page``, asked of every taxonomy."""
        links: list[Link] = []
        view = TaskView(text_html=Markup(""))
        for taxonomy in self.taxonomies.values():
            for term, entry in taxonomy.of_task(task):
                href = urls.relative(page, taxonomy.term_page(term), entry.data.get("anchor", ""))
                if entry.span is not None and taxonomy.cell == "text":
                    links.append(Link(entry.span[0], entry.span[1], href, term.title))
                elif taxonomy.cell == "lead" and entry.role == "lead" and not view.lead_href:
                    view.lead_href = href
                elif taxonomy.cell == "deadline" and not view.deadline_href:
                    view.deadline_href = href
        view.text_html = to_html(task.text, without_overlaps(links))
        return view


@dataclass(frozen=True)
class Index:
    """A taxonomy of the site: how to build it, how to render its pages, which files it adds."""

    name: str
    build: Callable[[Site], Taxonomy]
    render: Callable[[Site, Taxonomy], list[Page]]
    assets: Callable[[Site, Taxonomy], list[Asset]] = lambda site, taxonomy: []


def indexes() -> list[Index]:
    """Every index of the site, in nav order (see :mod:`portal.index_registry`)."""
    from .index_registry import INDEXES

    return INDEXES


def _drop_restricted(programmes: list[Programme]) -> list[Programme]:
    """The public site leaves out restricted months and restricted tasks entirely."""
    public = []
    for programme in programmes:
        if programme.restricted:
            continue
        for section in programme.sections:
            section.tasks = [t for t in section.tasks if not t.restricted]
        public.append(programme)
    return public


def load_site(content_dir: Path, include_restricted: bool = False, site_url: str = "",
              cache: dict | None = None) -> Site:
    """Load and validate all content and build every index. Raises ContentError on bad content.

    ``site_url`` (MkDocs' ``site_url``) makes links in calendar feeds absolute, so they open
    from Outlook or Thunderbird; without it feeds carry site-relative paths.
    ``cache``: parsed files to reuse across rebuilds (see :func:`portal.loader.load_programme`).
    """
    programmes = load_programmes(content_dir, cache)
    if not include_restricted:
        programmes = _drop_restricted(programmes)
    site = Site(content_dir=content_dir, programmes=programmes, include_restricted=include_restricted,
                registry=load_registry(content_dir), site_url=site_url or "")
    site.warnings.extend(lead_problems(site.registry, site.tasks()))
    site.warnings.extend(issuer_problems(site.registry, site.programmes))
    for index in indexes():
        site.taxonomies[index.name] = index.build(site)
    return site


def _years(months: list[MonthEntry]) -> list[tuple[int, list[MonthEntry]]]:
    return [(year, list(entries)) for year, entries in groupby(months, key=lambda m: m.programme.year)]


def render_pages(site: Site) -> list[Page]:
    """Every generated page of the site."""
    months = site.months()
    years = _years(months)
    pages = [
        Page("index.md", render("home.md.j2", page="index.md", latest=months[0] if months else None,
                                years=years), "Trang chủ", in_nav=True),
        Page("programmes/index.md", render("months.md.j2", page="programmes/index.md", years=years),
             "Chương trình tháng", in_nav=True),
    ]
    for entry in months:
        views = {task.anchor: site.task_view(task, entry.page) for task in entry.programme.tasks()}
        download = urls.asset(entry.page, urls.month_docx(entry.programme.month))
        pages.append(Page(entry.page, render("month.md.j2", programme=entry.programme, views=views,
                                             download=download), entry.programme.label))
    for index in indexes():
        pages.extend(index.render(site, site.taxonomies[index.name]))
    return pages


def render_assets(site: Site) -> list[Asset]:
    """Every generated non-page file of the site (feeds, downloads)."""
    assets = month_documents(site)
    for index in indexes():
        assets.extend(index.assets(site, site.taxonomies[index.name]))
    return assets


def write_assets(assets: list[Asset], folder: Path) -> None:
    """Write each asset at its path under ``folder``."""
    for asset in assets:
        target = folder / asset.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(asset.content)


def month_documents(site: Site) -> list[Asset]:
    """Each month's Word document, as published (restricted tasks already left out), to download.

    Written afresh every build: about 3 ms a month, so no cache to go stale.
    """
    from .exporters.docx import export_docx

    return [Asset(urls.month_docx(p.month), export_docx(p)) for p in site.programmes]


def navigation(pages: list[Page], static_pages: list[tuple[str, str]] = ()) -> list[dict]:
    """The short nav: section index pages only (nav size multiplies build time)."""
    nav = [{page.title: page.src_uri} for page in pages if page.in_nav]
    nav += [{title: src} for title, src in static_pages]
    return nav
