"""Markdown pages from Jinja2 templates that live with the package.

Templates emit Markdown whose tables and task texts are raw HTML blocks: every value passes
through autoescaping (or :func:`portal.text.richtext.to_html`), so data can neither break the page
structure nor run in a reader's browser.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

import jinja2
from markupsafe import Markup, escape

from portal.content.columns import COLUMNS_BY_KEY, PAGE_COLUMNS, TASK_COLUMNS, Holds
from portal.site import urls
from portal.site.tracking import STATUS_FILTERS, build_day, track
from portal.text.richtext import to_html


def _front_matter_value(value: str) -> Markup:
    """A JSON string is valid YAML: safe for any title in the page's front matter.

    Material writes ``page.meta.title`` into ``<title>`` and the header unescaped, so the title
    is HTML-escaped first: a lead typed as ``<script>…`` shows as text in the browser.
    """
    return Markup(json.dumps(str(escape(str(value))), ensure_ascii=False))


def _placeholders(value: str) -> Markup:
    """Show unfilled placeholders such as ``[so]`` visibly, as the document has them."""
    escaped = str(escape(value))
    return Markup(re.sub(r"\[(\w{1,6})\]", r'<span class="portal-placeholder" title="Chưa điền">[\1]</span>', escaped))


@dataclass(frozen=True)
class PageColumn:
    """A column of a task table on a page (``task_table.j2``): one of the registry's
    (:mod:`portal.content.columns`), or one that only some pages show (the month, a report's verdict)."""

    key: str
    label: str  # the header and each cell's ``data-label`` (the narrow layout shows it before the value)
    cell_class: str = ""
    header_class: str = ""
    units: bool = False  # a list, shown as a bulleted list when it has more than one item
    inline: bool = False  # written on the line of the cell before it (the report's added cells)


# Columns some pages add to the registry's: their headers are written here once.
_PAGE_ONLY = {
    "month": PageColumn("month", "Tháng"),
    "was": PageColumn("was", "Tên phòng khi đó · vai trò", "org-was"),
    "done_date": PageColumn("done_date", "Ngày hoàn thành", inline=True),
    "timeliness": PageColumn("timeliness", "Đánh giá", inline=True),
    "carried_to": PageColumn("carried_to", "Chuyển sang", inline=True),
}


def _page_column(key: str, label: Optional[str] = None, cell_class: Optional[str] = None) -> PageColumn:
    if key in _PAGE_ONLY:
        column = _PAGE_ONLY[key]
        return PageColumn(key, label or column.label, column.cell_class if cell_class is None else cell_class,
                          inline=column.inline)
    registered = COLUMNS_BY_KEY[key]
    return PageColumn(key, label or registered.page_label or registered.label,
                      registered.page_class if cell_class is None else cell_class,
                      header_class=registered.page_class if registered.holds is Holds.NUMBER else "",
                      units=registered.holds is Holds.UNITS)


def task_columns(*keys: str, labels: Optional[dict] = None, classes: Optional[dict] = None) -> list[PageColumn]:
    """The columns of a page's task table, in order: ``keys`` (registry keys or page-only ones), or
    with no key the month page's, every registry column that has a page label. ``labels`` and
    ``classes`` give a column another header or cell class on one page («Mục, Stt»)."""
    labels, classes = labels or {}, classes or {}
    return [_page_column(key, labels.get(key), classes.get(key))
            for key in (keys or [column.key for column in PAGE_COLUMNS])]


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("portal.site", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["rich"] = lambda text, links=(): to_html(text, links)
    env.filters["yaml_str"] = _front_matter_value
    env.filters["placeholders"] = _placeholders
    env.globals["rel"] = urls.relative
    env.globals["asset"] = urls.asset
    env.globals["task_columns"] = task_columns
    env.globals["track_of"] = track
    env.globals["build_day"] = build_day
    env.globals["status_filters"] = STATUS_FILTERS
    env.globals["column_labels"] = {column.key: column.label for column in TASK_COLUMNS}
    return env


def keep_compiled_templates(folder: Path) -> None:
    """Compiled templates are written to ``folder`` (the build cache's) and read back by the next
    build instead of compiling them again; Jinja checks each against its template's text."""
    folder.mkdir(parents=True, exist_ok=True)
    environment().bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))


def render(template: str, **context) -> str:
    return environment().get_template(template).render(**context)
