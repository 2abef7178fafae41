"""The home page as a dashboard: the latest programme at a glance, and the archive in two charts.

Computed from the site's taxonomies (who leads each task, its deadline, what it cites), so the
dashboard counts exactly what the department, deadline and directive pages list:

* the latest programme's tasks by lead department and status (bars);
* what is due this week and what is overdue: the latest programme's dated tasks are in the page,
  and ``deadlines.js`` picks them out against the reader's own date, as the deadline overview does;
* the directives cited most in the latest programme's year (bars, linked to their pages);
* over the whole archive, tasks per month per lead department and the share recorded done
  (per year once the archive is longer than ``MONTHLY_LIMIT`` months, so a column stays readable).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Optional

from portal.content.model import Programme, Role, Task
from portal.indexes.deadlines import Item, month_items
from portal.site import urls
from portal.site.charts import Category, Chart, Series, bar_chart, column_chart, month_category, small_multiples
from portal.site.model import Site
from portal.site.taxonomy import DepartmentTerm, Taxonomy, Term
from portal.text.fold import fold
from portal.text.months import Month
from portal.text.status import is_done

PAGE = "index.md"
TOP_DIRECTIVES = 10
MONTHLY_LIMIT = 36

# Status as written, read into the few groups a chart can show (order = stacking order).
DONE, ONGOING, REGULAR, OTHER, BLANK = "Đã hoàn thành", "Đang thực hiện", "Thực hiện thường xuyên", "Khác", "Chưa ghi tiến độ"
STATUS_GROUPS = [DONE, ONGOING, REGULAR, OTHER, BLANK]
# each group keeps its look in every chart: the commonest (ongoing) plain dark, the rest patterned
STATUS_STYLES = {ONGOING: 0, DONE: 1, REGULAR: 2, OTHER: 3, BLANK: 4}
CHART_WIDTH = 560  # the dashboard's half-width charts: drawn near the size they are shown


def status_group(status: str) -> str:
    """``Đã hoàn thành`` → done; ``Đang thực hiện`` → ongoing; ``Thường xuyên`` → regular; blank; else other."""
    if not status.strip():
        return BLANK
    if is_done(status):
        return DONE
    folded = fold(status)
    if "thuong xuyen" in folded or "dinh ky" in folded:
        return REGULAR
    if "dang" in folded.split():
        return ONGOING
    return OTHER


@dataclass
class Dashboard:
    programme: Optional[Programme]
    page: str
    by_department: Optional[Chart] = None
    items: list[Item] = field(default_factory=list)  # the latest programme's dated tasks
    year: int = 0
    directives: Optional[Chart] = None
    archive: Optional[Chart] = None
    done_share: Optional[Chart] = None
    per_year: bool = False
    task_count: int = 0
    done_count: int = 0


def lead_names(site: Site, task: Task) -> list[tuple[Term, str]]:
    """The lead terms of a task with the short name a chart shows (the department's code)."""
    taxonomy: Taxonomy = site.taxonomies["departments"]
    return [(term, term.meta_as(DepartmentTerm).code or term.title) for term, _ in taxonomy.of_task(task, Role.LEAD)]


def _leads_or_text(site: Site, task: Task) -> list[tuple[Term | None, str]]:
    """The task's lead terms and short names, or its lead as written (``Chưa ghi`` if none) under no term."""
    named: list[tuple[Term | None, str]] = list(lead_names(site, task))
    return named or [(None, task.lead or "Chưa ghi")]


def build(site: Site) -> Dashboard:
    """Everything the home page shows, from the loaded site."""
    if not site.programmes:
        return Dashboard(None, PAGE)
    # Drafts (shown in the preview and the internal site) are not on the home page's charts: its
    # list leads with the latest issued programme, and a chart of another month beside it would
    # mix a draft's figures with the published ones. Only a site of drafts alone charts them.
    ordered = sorted(site.programmes, key=lambda p: p.month)
    programmes = [p for p in ordered if not p.draft] or ordered
    latest = programmes[-1]
    tasks = latest.tasks()
    board = Dashboard(latest, PAGE, year=latest.year, task_count=len(tasks),
                      done_count=sum(1 for t in tasks if is_done(t.status)))
    board.by_department = _by_department(site, latest)
    board.items = [i for i in month_items(site, latest.month, PAGE) if i.due]
    board.directives = _top_directives(site, latest.year)
    board.per_year = len(programmes) > MONTHLY_LIMIT
    board.archive, board.done_share = _archive(site, programmes, board.per_year)
    return board


def _by_department(site: Site, programme: Programme) -> Chart:
    departments: dict[str, tuple[Term | None, str]] = {}
    counts: dict[str, Counter] = {}
    for task in programme.tasks():
        for term, name in _leads_or_text(site, task):
            key = term.key if term else name
            departments.setdefault(key, (term, name))
            counts.setdefault(key, Counter())[status_group(task.status)] += 1
    order = sorted(departments, key=lambda k: (-sum(counts[k].values()), departments[k][1]))
    groups = [g for g in STATUS_GROUPS if any(counts[k][g] for k in order)]
    taxonomy = site.taxonomies["departments"]
    categories = [Category(name, urls.relative(PAGE, taxonomy.term_page(term)) if term else "")
                  for term, name in (departments[k] for k in order)]
    series = [Series(g, [counts[k][g] for k in order], style=STATUS_STYLES[g]) for g in groups]
    title = f"Nhiệm vụ {programme.label.lower()} theo phòng chủ trì và tiến độ"
    desc = "; ".join(f"{c.label}: " + ", ".join(f"{s.name} {int(s.values[i])}" for s in series if s.values[i])
                     for i, c in enumerate(categories))
    return bar_chart(title, categories, series, desc=desc, first_header="Phòng chủ trì", width=CHART_WIDTH)


def _top_directives(site: Site, year: int) -> Optional[Chart]:
    taxonomy: Taxonomy = site.taxonomies["directives"]
    prefix = f"{year:04d}-"
    counted = []
    for term in taxonomy.terms.values():
        count = len({e.task for e in term.entries if e.task.month.startswith(prefix)})
        if count:
            counted.append((count, term))
    counted.sort(key=lambda item: (-item[0], item[1].title))
    top = counted[:TOP_DIRECTIVES]
    if not top:
        return None
    categories = [Category(term.title, urls.relative(PAGE, taxonomy.term_page(term))) for _, term in top]
    title = f"Văn bản được trích dẫn nhiều nhất năm {year}"
    desc = "; ".join(f"{term.title}: {count} nhiệm vụ" for count, term in top)
    return bar_chart(title, categories, [Series("Số nhiệm vụ trích dẫn", [c for c, _ in top])], desc=desc,
                     first_header="Văn bản", width=CHART_WIDTH)


def _archive(site: Site, programmes: list[Programme], per_year: bool) -> tuple[Chart, Chart]:
    """Tasks per period per lead department (small multiples) and the share recorded done."""
    periods = sorted({p.month.year_text if per_year else p.month for p in programmes})
    index = {period: i for i, period in enumerate(periods)}
    names: dict[str, str] = {}
    counts: dict[str, list[int]] = {}
    done, total = [0] * len(periods), [0] * len(periods)
    for programme in programmes:
        slot = index[programme.month.year_text if per_year else programme.month]
        for task in programme.tasks():
            total[slot] += 1
            done[slot] += is_done(task.status)
            for term, name in _leads_or_text(site, task):
                key = term.key if term else name
                names.setdefault(key, name)
                counts.setdefault(key, [0] * len(periods))[slot] += 1
    order = sorted(counts, key=lambda k: (-sum(counts[k]), names[k]))
    if per_year:
        categories = [Category(f"Năm {year}", short=year) for year in periods]
        groups = None
        unit_label, first = "theo năm", "Năm"
    else:
        categories = [month_category(m) for m in periods]
        groups = [Month(m).year_text for m in periods]
        unit_label, first = "theo tháng", "Tháng"
    span = f"{categories[0].label.lower()}–{categories[-1].label.lower()}" if len(categories) > 1 else categories[0].label.lower()
    archive = small_multiples(f"Số nhiệm vụ chủ trì {unit_label} của từng phòng ({span})", categories,
                              [Series(names[k], counts[k]) for k in order], first_header=first, group_labels=groups)
    shares = [round(100 * d / t) if t else 0 for d, t in zip(done, total)]
    share = column_chart(f"Tỉ lệ nhiệm vụ ghi «đã hoàn thành» {unit_label} ({span})", categories,
                         [Series("Tỉ lệ hoàn thành", shares)], percent=True, first_header=first,
                         group_labels=groups)
    return archive, share
