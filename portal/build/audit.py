"""After the build: check that nothing was lost on the way from data to pages.

Every page that lists a task marks it with ``data-task="YYYY-MM/II-3"``. The audit derives,
from the data alone, which pages must list which tasks (the month page lists all of its
tasks; every taxonomy term page lists the tasks filed under it, so every department,
deadline and cited directive; a term split by year lists each task on its year's page) and reads the built HTML for the marks. A task missing anywhere
is reported with its file, line and the page it is missing from.
"""
from __future__ import annotations

import re
from pathlib import Path

from portal.site import urls
from portal.content.errors import Problem
from portal.content.model import Task
from portal.site.model import Site

_MARK_RE = re.compile(r'data-task="([^"]+)"')


def task_key(task: Task) -> str:
    """The mark of a task on every page that lists it."""
    return f"{task.month}/{task.anchor}"


def expected_listings(site: Site) -> dict[str, list[Task]]:
    """Page (Markdown path) → tasks it must list."""
    expected: dict[str, list[Task]] = {}
    for programme in site.programmes:
        expected[urls.month_page(programme.month)] = programme.tasks()
    for taxonomy in site.taxonomies.values():
        for term in taxonomy.terms.values():
            for task in term.tasks():
                expected.setdefault(taxonomy.page_for(term, task), []).append(task)
    return expected


def built_file(site_dir: Path, src_uri: str) -> Path:
    return site_dir / urls.page_url(src_uri) / "index.html"


def audit_site(site: Site, site_dir: Path) -> list[Problem]:
    """Problems for every task a built page should list but does not."""
    problems: list[Problem] = []
    for src_uri, tasks in expected_listings(site).items():
        path = built_file(site_dir, src_uri)
        found = set(_MARK_RE.findall(path.read_text(encoding="utf-8"))) if path.exists() else set()
        for task in tasks:
            if task_key(task) not in found:
                origin = task.origin
                problems.append(Problem(
                    origin.file if origin else "", origin.line if origin else None, f"nhiệm vụ {task.label}",
                    f"nhiệm vụ không xuất hiện trên trang /{urls.page_url(src_uri)} dù dữ liệu yêu cầu. "
                    "Đây là lỗi của phần mềm dựng trang: hãy báo cho nhóm phát triển."))
    return problems


def missing_pages(pages: list, site_dir: Path) -> list[Problem]:
    """A problem for every generated page (:class:`portal.site.model.Page`) the built site lacks:
    a builder that ran no hooks, or a copy cut short, leaves pages out without a word."""
    return [Problem("", None, f"trang /{urls.page_url(page.src_uri)}",
                    f"trang «{page.title or page.src_uri}» không có trong trang đã dựng ({built_file(site_dir, page.src_uri)}).")
            for page in pages if not built_file(site_dir, page.src_uri).exists()]
