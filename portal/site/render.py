"""Markdown pages from Jinja2 templates that live with the package.

Templates emit Markdown whose tables and task texts are raw HTML blocks: every value passes
through autoescaping (or :func:`portal.text.richtext.to_html`), so data can neither break the page
structure nor run in a reader's browser.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
import json
import re
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import FunctionType
from typing import Any, Callable, Iterator, Optional, Protocol

import jinja2
from markupsafe import Markup, escape

from portal.content.model import Programme, Task, content_digest
from portal.content.columns import COLUMNS_BY_KEY, PAGE_COLUMNS, Holds
from portal.site import urls
from portal.site.bytecode import kept_bytecode
from portal.site.report import Line, line_value
from portal.site.tracking import STATUS_FILTERS, build_day, track
from portal.text.richtext import as_markup, html_text, to_html


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


@dataclass(frozen=True, eq=False)
class PageColumn:
    """A column of a task table on a page (``task_table.j2``): one of the registry's
    (:mod:`portal.content.columns`), or one that only some pages show (the month, a report's verdict).

    Made once per column (:func:`task_columns`), so compared and hashed by identity: a row's shape is
    looked up by its columns for every row (some 25,000 at 120 months), and a dataclass's own hash
    hashes each field every time."""

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


@lru_cache(maxsize=None)  # one object per column: rows are keyed by their columns (see task_row)
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
    env.globals["build_day"] = build_day
    env.globals["status_filters"] = STATUS_FILTERS
    env.globals["task_row"] = task_row
    env.globals["month_rows"] = month_rows
    env.globals["report_rows"] = report_rows
    env.globals["department_rows"] = department_rows
    env.globals["cited_rows"] = cited_rows
    env.globals["timeline_items"] = timeline_items
    env.bytecode_cache = kept_bytecode(env)  # compiled at install time (portal.site.bytecode), if so
    return env


# ---- task rows: the row macro rendered once per shape of row, its holes filled per row -------------
#
# A build writes some 25,000 task rows (120 months); rendering ``task_table.j2``'s ``row`` macro for
# each was a third of all page time, and no two rows are alike (each page has its own links). But
# rows come in a few dozen shapes: which columns, which cells the page writes, the classes, whether
# the row has an id. The macro is rendered once per shape with a hole for each value, and each row
# is that shape's text with the values put in: the page's cells escaped as the macro escapes them,
# and the parts that show the task alone, each made by its own macro once a build.


@dataclass(frozen=True)
class RowParts:
    """What a task's row shows of the task alone, whatever page lists it (``task_table.j2``)."""

    anchor: Markup  # the row's id, on the page that holds the task (its month)
    data: Markup  # the data attributes: month, status kind, closed, due day
    status: Markup  # the status badge, when the page writes no status cell of its own
    due: Markup  # the overdue or due-soon mark after the status


class _Holes:
    """Stands for a row's values while its shape is rendered: each value asked for is a numbered
    hole (``\x00n\x00``, a character no template writes), recorded with what fills it."""

    def __init__(self) -> None:
        self.fills: list[tuple] = []

    def hole(self, *fill) -> Markup:
        self.fills.append(fill)
        return Markup(f"\x00{len(self.fills) - 1}\x00")

    anchor = property(lambda self: self.hole("part", "anchor"))
    data = property(lambda self: self.hole("part", "data"))
    status = property(lambda self: self.hole("part", "status"))
    due = property(lambda self: self.hole("part", "due"))

    def cell(self, column: "PageColumn") -> Markup:
        return self.hole("cell", column)


_HOLE = re.compile("\x00([0-9]+)\x00")


@lru_cache(maxsize=1024)
def _row_shape(columns: tuple, cell_names: tuple, classes: str, anchor: bool) -> tuple[tuple, tuple]:
    """The row macro's text for a shape of row, as ``(literals, fills)``: the text between holes
    (one more than there are holes) and what fills each hole, in order."""
    holes = _Holes()
    text = str(_table_macros().row(holes, list(columns), {name: holes.hole("page", name) for name in cell_names},
                                   classes=classes, anchor=anchor))
    pieces = _HOLE.split(text)
    return tuple(pieces[0::2]), tuple(holes.fills[int(number)] for number in pieces[1::2])


def task_row(task, columns, cells: dict, classes: str = "portal-task", anchor: bool = False) -> Markup:
    """``task``'s row in a table of ``columns``, with the page's own ``cells`` (key → HTML; a plain
    string is escaped): the ``row`` macro of ``task_table.j2``, made as its shape filled in."""
    literals, fills = _row_shape(tuple(columns), tuple(cells), classes, bool(anchor))
    parts = row_parts(task)
    out = [literals[0]]
    for fill, literal in zip(fills, literals[1:]):
        kind, what = fill
        if kind == "page":
            value = cells[what]
            out.append(value if type(value) is Markup else html_text(value))  # HTML already: as escape gives it
        elif kind == "part":
            out.append(getattr(parts, what))
        else:
            out.append(task_cell(task, what))
        out.append(literal)
    return as_markup("".join(out))


class _NamedHoles:
    """Stands for a shaped macro's values while a shape is rendered: each ``v.name`` asked for is a
    numbered hole (as :class:`_Holes`), recorded by its name."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def __getattr__(self, name: str) -> Markup:
        if name.startswith("_"):  # no value is private: Python's and Jinja's own questions
            raise AttributeError(name)
        self.names.append(name)
        return Markup(f"\x00{len(self.names) - 1}\x00")


@lru_cache(maxsize=256)
def _item_shape(shape: tuple[bool, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``deadline_macros.j2``'s ``item_li`` for a shape of item, as ``(literals, names)``: the text
    between holes and the value that fills each hole, in order (see :func:`_row_shape`)."""
    holes = _NamedHoles()
    text = str(_deadline_macros().item_li(holes, *shape))
    pieces = _HOLE.split(text)
    return tuple(pieces[0::2]), tuple(holes.names[int(number)] for number in pieces[1::2])


def timeline_item(item, with_month: bool = False) -> Markup:
    """A task on a timeline (:class:`portal.indexes.deadlines.Item`), as ``deadline_macros.j2``'s
    ``item_li`` writes it: the macro rendered once for the item's shape, its holes filled with the
    item's values, each escaped as autoescaping escapes ``{{ … }}``.

    Some 6,000 items at 120 months are on the months' timelines, again on the overview and the home
    page: a macro call each was a large share of those pages' time."""
    task, tracking, window = item.task, track(item.task), item.window
    literals, names = _item_shape((bool(item.done), bool(item.due), bool(with_month), bool(item.lead_href),
                                   bool(window), bool(tracking.mark), bool(task.status)))
    values = {"start": item.start.isoformat() if item.due else "", "due": item.due.isoformat() if item.due else "",
              "done_flag": tracking.done_flag, "month": task.month, "anchor": task.anchor,
              "status_kind": tracking.status_kind, "lead_slug": item.lead_slug, "task_href": item.task_href,
              "label": task.label, "short_month": task.month.short_padded, "text_html": item.text_html,
              "lead_href": item.lead_href, "lead": task.lead, "deadline": task.deadline, "window": window,
              "status": task.status, "mark": tracking.mark, "mark_label": tracking.mark_label}
    out = [literals[0]]
    for name, literal in zip(names, literals[1:]):
        value = values[name]
        out.append(value if type(value) is Markup else html_text(value))
        out.append(literal)
    return as_markup("".join(out))


def timeline_items(items: list, with_month: bool = False) -> Markup:
    """A timeline's list of ``items``, each followed by its newline, as a ``{% for %}`` loop calling
    :func:`timeline_item` wrote them (the template's tag strips its own newline: ``-}}``). Why: the
    loop's own cost an item (a call through the template's context, the result escaped again) was a
    good share of making the item, some 5,800 items at 120 months (as :func:`month_rows` for rows)."""
    return _lines([timeline_item(item, with_month) for item in items])


def report_cells(line: Line, view, page: str, month_page: str) -> dict[str, Markup]:
    """The cells a month-end report writes for a task of its lists (``report.md.j2``), key → HTML.

    A report lists every task of its month, some twice, and the page wrote each line's six cells in
    ``{% set %}`` blocks, some 10,000 lines at 120 months: a large share of the reports' rendering
    time. The HTML is made here in one call instead, every value escaped as autoescaping escapes
    ``{{ … }}`` (:func:`escape`; the text is HTML already), so the page is the same to the byte; the
    row around the cells is still the ``row`` macro (:func:`task_row`). ``view`` is the task's
    :class:`portal.site.model.TaskView` on ``page``."""
    task = line.task
    number = (f'<a href="{html_text(urls.relative(page, month_page, task.anchor))}"'
              f' title="Xem nhiệm vụ trong chương trình tháng">{html_text(task.label)}</a>')
    lead = (f'<a href="{html_text(view.lead_href)}">{html_text(task.lead)}</a>' if view.lead_href
            else html_text(task.lead))
    carried_to = ""
    if line.carried_to:
        target = urls.relative(page, f"programmes/{line.carried_month}.md", line.carried_anchor)
        carried_to = f'<a href="{html_text(target)}">{html_text(line_value(line, "carried_to"))}</a>'
    return {"number": as_markup(number), "text": view.text_html, "lead": as_markup(lead),
            "done_date": as_markup(html_text(line_value(line, "done_date"))),
            "timeliness": as_markup(html_text(line.timeliness)),
            "carried_to": as_markup(carried_to)}


def month_cells(task, view) -> dict[str, Markup]:
    """The cells a month page writes for a task of its programme (``month.md.j2``), key → HTML.

    A month page's row is a task's main row: its number as a link to the row itself, its text with
    the note under it and the link to its history, its lead and deadline linked to their pages.
    The page wrote these four cells in ``{% set %}`` blocks, about 5,600 rows at 120 months; they
    are made here in one call, every value escaped as autoescaping escapes ``{{ … }}``
    (:func:`escape`; HTML already stays as it is), so the page is the same to the byte, as
    :func:`report_cells` does for a report. ``view`` is the task's
    :class:`portal.site.model.TaskView` on its month page."""
    number = (f'<a class="portal-anchor" href="#{html_text(task.anchor)}" title="Liên kết tới nhiệm vụ '
              f'{html_text(task.label)}">{html_text(task.shown_number)}</a>')
    text = str(view.text_html)
    if task.note:
        text += f'<div class="portal-note">{html_text(_NOTE_LABEL)}: {to_html(task.note)}</div>'
    if view.history_href:
        text += (f'<span class="portal-since"><a href="{html_text(view.history_href)}" title="Các tháng có nhiệm vụ '
                 f'này và tiến độ từng tháng">{html_text(view.history_note)}</a></span>')
    return {"number": as_markup(number), "text": as_markup(text), "lead": _linked_value(view.lead_href, task.lead),
            "deadline": _linked_value(view.deadline_href, task.deadline)}


# ---- a table's rows in one call ------------------------------------------------------------------
#
# The pages with most rows (month, report, department, cited document: some 25,000 rows at 120 months) wrote each
# row from a ``{% for %}`` loop calling :func:`task_row`; the loop's own cost a row (the call made
# through the template's context, the lookups, the cells' dict, the returned row escaped again)
# was about as much as making the row. Their rows are made here, a table's at a time, each row
# followed by its newline as that loop wrote it (the template's tag strips its own: ``-}}``).


def month_rows(tasks: list, columns: list[PageColumn], views: dict) -> Markup:
    """A month page's rows of ``tasks`` (``month.md.j2``): :func:`month_cells` in the row, with its id."""
    return _lines([task_row(task, columns, month_cells(task, views[task.anchor]), anchor=True) for task in tasks])


def report_rows(lines: list[Line], columns: list[PageColumn], views: dict, page: str, month_page: str) -> Markup:
    """A report's rows of a list of ``lines`` (``report.md.j2``): :func:`report_cells` in the row."""
    return _lines([task_row(line.task, columns, report_cells(line, views[line.task.anchor], page, month_page))
                   for line in lines])


def department_rows(group, columns: list[PageColumn], texts: dict, page: str) -> Markup:
    """A department page's rows of a month's ``group`` of tasks (``department.md.j2``): the number
    linked to the task's row in its month, the text with its links (``texts``, task → HTML)."""
    label = html_text(group.label)
    rows = []
    for task in group.tasks:
        task_label = html_text(task.label)
        number = (f'<a href="{html_text(urls.relative(page, group.page, task.anchor))}" title="Xem nhiệm vụ '
                  f'{task_label} trong chương trình {label}">{task_label}</a>')
        rows.append(task_row(task, columns, {"number": as_markup(number), "text": texts[task]}))
    return _lines(rows)


def cited_rows(rows: list, columns: list[PageColumn]) -> Markup:
    """A document's page's rows of the tasks citing it (``directive.md.j2``, ``directive_candidates.md.j2``;
    ``rows``: :class:`portal.indexes.directives.Row`): the month and the number linked to the task's
    programme and row, the text with its links."""
    made = []
    for cited in rows:
        task = cited.task
        month = f'<a href="{html_text(cited.month_href)}">{html_text(cited.programme_label)}</a>'
        number = (f'<a class="refs-task-link" href="{html_text(cited.href)}" title="Mục {html_text(task.section)}. '
                  f'{html_text(cited.section_title)}">{html_text(task.label)}</a>')
        made.append(task_row(task, columns, {"month": as_markup(month), "number": as_markup(number),
                                             "text": escape(cited.text_html)}, classes="portal-task refs-task"))
    return _lines(made)


def _lines(rows: list[Markup]) -> Markup:
    """Rows, each followed by a newline."""
    return as_markup("\n".join(rows) + "\n") if rows else as_markup("")


def _linked_value(href: str, value: str) -> Markup:
    """``value`` escaped, as a link to ``href`` when there is one."""
    return as_markup(f'<a href="{html_text(href)}">{html_text(value)}</a>' if href else html_text(value))


_NOTE_LABEL = COLUMNS_BY_KEY["note"].label


class _Shared:
    """The row parts of one run of pages (:func:`sharing_rows`): tasks are not edited meanwhile
    and the build day is fixed, so a part made once is that part on every page."""

    active = False
    parts: dict = {}
    cells: dict = {}
    hashes: dict = {}  # id of a task or programme → (it, the hash of its repr): page keys (render_kept)
    made_of: dict = {}  # id of a page's text → (the text, the digest of its inputs): see made_of()


def row_parts(task) -> RowParts:
    """What ``task``'s row shows of the task alone (:class:`RowParts`), made once a run of pages.

    Every row carries what following the work needs (:mod:`portal.site.tracking`): its month, its
    status as a kind, whether it is closed and its due day, for the filters and for the overdue or
    due-soon mark that ``assets/javascripts/tracking.js`` sets against the reader's date; the page
    holds the build day's mark until then, written once, after the status cell. The parts are
    written here, every value escaped as autoescaping escapes ``{{ … }}``, rather than by three
    macros of ``task_table.j2``: a macro call costs more than the few strings it joins, and there
    are three a task (some 17,000 calls at 120 months)."""
    parts = _Shared.parts.get(task) if _Shared.active else None
    if parts is None:
        tracking = track(task)
        month, kind = html_text(task.month), html_text(tracking.status_kind)
        data = (f'data-task="{month}/{html_text(task.anchor)}" data-month="{month}" data-status="{kind}"'
                f' data-done="{html_text(tracking.done_flag)}"')
        due = ""
        if tracking.due:
            data += f' data-end="{html_text(tracking.due.isoformat())}"'
            mark = tracking.mark
            due = (f' <span class="portal-due{f" portal-due-{html_text(mark)}" if mark else ""}" data-due-mark'
                   f' data-search-exclude{"" if mark else " hidden"}>{html_text(tracking.mark_label)}</span>')
        parts = RowParts(as_markup(html_text(task.anchor)), as_markup(data),
                         as_markup(f'<span class="portal-status portal-status-{kind}">{html_text(task.status)}</span>'),
                         as_markup(due))
        if _Shared.active:
            _Shared.parts[task] = parts
    return parts


def task_cell(task, column: PageColumn) -> Markup:
    """A cell showing the task's own value for ``column``: the value, or a list of more than one
    item (a column of units) as a bulleted list (written here, as :func:`row_parts`)."""
    if not _Shared.active:
        return _cell_html(task, column)
    key = (task, column.key, column.units)
    made = _Shared.cells.get(key)
    if made is None:
        made = _Shared.cells[key] = _cell_html(task, column)
    return made


def _cell_html(task, column: PageColumn) -> Markup:
    value = getattr(task, column.key)
    if not column.units:
        return escape(value)
    if len(value) > 1:
        return as_markup("<ul>" + "".join(f"<li>{html_text(unit)}</li>" for unit in value) + "</ul>")
    return escape(value[0]) if value else Markup("")


@lru_cache(maxsize=1)
def _table_macros():
    return environment().get_template("task_table.j2").module


@lru_cache(maxsize=1)
def _deadline_macros():
    return environment().get_template("deadline_macros.j2").module


@contextmanager
def sharing_rows() -> Iterator[None]:
    """Within: each task's row parts are made once and shared by every page rendered (the caller
    edits no task and keeps the build day meanwhile); after, they are let go.

    Within, too, a template is not checked against its file each time it is asked for: nobody edits
    the package's templates in the middle of a run of pages, and the check (two ``stat`` calls in
    Jinja's ``PackageLoader``) was made for each page and each page's ``{% from … import %}``, some
    2,600 times at 120 months (≈ 0.1 s of a build without cache). Each template loaded is checked
    once as a run begins instead, and one whose file changed is loaded afresh: a preview's next
    rebuild renders a template edited meanwhile, as before (outside a run, every ask checks)."""
    env = environment()
    checked = env.auto_reload
    if checked and env.cache is not None:
        for key, template in env.cache.items():
            if not template.is_up_to_date:
                del env.cache[key]
    _Shared.parts, _Shared.cells, _Shared.hashes, _Shared.made_of, _Shared.active = {}, {}, {}, {}, True
    env.auto_reload = False
    try:
        yield
    finally:
        env.auto_reload = checked
        _Shared.parts, _Shared.cells, _Shared.hashes, _Shared.made_of, _Shared.active = {}, {}, {}, {}, False


def keep_compiled_templates(folder: Path) -> None:
    """Compiled templates are written to ``folder`` (the build cache's) and read back by the next
    build instead of compiling them again (those compiled at install time are read too); Jinja
    checks each against its template's text."""
    environment().bytecode_cache = kept_bytecode(environment(), folder)


def render(template: str, **context) -> str:
    return environment().get_template(template).render(**context)


class ResultMemo(Protocol):
    """Where a build keeps what an earlier one made (:class:`portal.build.cache.Memo`): pages, and
    the analyses of the month files' texts (:attr:`portal.site.model.Site.memo`)."""

    def cached(self, parts: tuple, make: Callable[[], Any]) -> Any: ...


class LaterBytes(Protocol):
    """Bytes read only when asked for: a page's Markdown an earlier build rendered, as the build
    cache's memo of pages gives it (:meth:`portal.build.cache.Memo.cached_bytes`): their length, their
    first bytes (``head``: a generated page's front matter) and :meth:`read` for the whole."""

    head: bytes
    length: int

    def read(self) -> bytes: ...


def render_kept(memo: Optional[ResultMemo], template: str, **context) -> str | bytes | LaterBytes:
    """:func:`render`, or with a ``memo`` the page an earlier build rendered from the same inputs.

    The inputs are the template's name, the build day (the rows' marks) and every value passed,
    described whole (:func:`_describe`: each field of each dataclass, each item of each list, a task
    or a programme by a hash of its ``repr``, which shows every field). A page given a value that
    cannot be described so (an object that is no dataclass, a closure) is rendered every time: the
    key would not see it change. The templates and the code are not in the key: the whole build
    cache belongs to one version of them (:func:`portal.build.cache.fingerprint`)."""
    return render_kept_from(memo, template, context, lambda: context)


def render_kept_from(memo: Optional[ResultMemo], template: str, inputs: dict | Callable[[], dict],
                     context: Callable[[], dict]) -> str | bytes | LaterBytes:
    """:func:`render_kept` of a page whose context is costly to make and follows from fewer
    ``inputs``, which are described for the key instead: ``context()`` is made only when the page
    is not kept. ``inputs`` must determine the context entirely (a month page: its tasks and where
    their rows link, not each row's finished links). They may be given as a function that makes
    them: without a memo no key is made, so neither are they (each row's key, a build without the
    cache: some 25,000 at 120 months, for nothing).

    With a memo the Markdown is given, and kept, as its UTF-8 bytes (a :class:`~portal.site.model.Page`
    takes either): an earlier build's page is never decoded to be encoded again by the page that
    holds it (≈ 0.1 s of CPU after an edit at 120 months). And where the memo can, an earlier build's
    page is given unread (:class:`LaterBytes`, its front matter read): the page reads the rest when
    its body is asked for, which a build reusing the page's HTML never does."""
    if memo is None:
        return render(template, **context())
    if callable(inputs):
        inputs = inputs()
    described: list[str] = [template, build_day().isoformat()]
    try:
        for name in sorted(inputs):
            described.append(name)
            _describe(inputs[name], described)
    except (_Opaque, RecursionError):  # a value that holds itself (a cycle) is opaque too
        return render(template, **context())
    finally:
        _WALKING.clear()
    made_of = hashlib.blake2b("\x1f".join(described).encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()
    def make() -> bytes:
        return render(template, **context()).encode("utf-8", "surrogatepass")

    # a memo that can give an earlier build's page unread (the build cache's, in a one-off build) does
    text: bytes | LaterBytes
    cached_bytes = getattr(memo, "cached_bytes", None)
    text = cached_bytes(("page", made_of), make) if cached_bytes is not None else memo.cached(("page", made_of), make)
    if _Shared.active:
        _Shared.made_of[id(text)] = (text, made_of)
    return text


def made_of(text: str | bytes | LaterBytes) -> str:
    """The digest of what a page's Markdown ``text`` (as :func:`render_kept_from` gave it: text or
    UTF-8 bytes) was rendered from (its key's inputs), for a page rendered in this run of pages
    (:func:`sharing_rows`) with a memo; ``""`` for any other text. The inputs decide the text: a
    builder may key what it makes of the page by this digest instead of hashing the page's text
    again (some 40 MB at 120 months)."""
    found = _Shared.made_of.get(id(text)) if _Shared.active else None
    return found[1] if found is not None and found[0] is text else ""


class _Opaque(Exception):
    """A value whose content a page key cannot see (see :func:`render_kept`)."""


_SHOWN_BY_REPR: tuple[type, ...] = (str, int, float, bool, type(None), dt.date, enum.Enum)  # str: Markup, Month
_LEAVES: set[type] = {*_SHOWN_BY_REPR, Markup}  # and each subclass met
_HASHED: set[type] = {Task, Programme}


_WALKING: set[int] = set()  # the containers being described, to tell a cycle from a deep value


def _describe(value: Any, out: list[str]) -> None:
    """Append to ``out`` what ``value`` holds, every part of it, as text (see :func:`render_kept`)."""
    kind = type(value)
    if kind in _LEAVES:  # the common case first: most parts are strings, numbers, dates
        out.append(repr(value))
    elif kind is Task and value.digest:  # then tasks: listed by the thousand, each hashed by the loader
        out.append(value.digest)
    elif kind in _HASHED:
        out.append(content_hash(value))
    elif id(value) in _WALKING:
        raise _Opaque(f"{kind.__name__} holding itself")
    else:
        _WALKING.add(id(value))
        try:
            _describe_parts(value, kind, out)
        finally:
            _WALKING.discard(id(value))


def _describe_parts(value: Any, kind: type, out: list[str]) -> None:
    """:func:`_describe` of a value that is no known leaf: a container, a dataclass, a function."""
    if isinstance(value, _SHOWN_BY_REPR):
        _LEAVES.add(kind)
        out.append(repr(value))  # the type shows too: a Markup is not escaped where a str is
    elif isinstance(value, (Task, Programme)):
        out.append(content_hash(value))
    elif isinstance(value, (list, tuple)):
        out.append("[" if isinstance(value, list) else "(")
        for item in value:  # a leaf or a task is shown here: one call fewer for most items
            kind = type(item)
            if kind in _LEAVES:
                out.append(repr(item))
            elif kind is Task and item.digest:
                out.append(item.digest)
            elif kind is tuple and _leaves_only(item):  # a pair of strings, say: one repr, no walk
                out.append(repr(item))
            else:
                _describe(item, out)
        out.append("]")
    elif isinstance(value, dict):
        out.append("{")
        for key, item in value.items():
            _describe(key, out)
            _describe(item, out)
        out.append("}")
    elif isinstance(value, (set, frozenset)):
        items: list[str] = []
        for item in value:
            _describe(item, items)
        out.append("{set " + " ".join(sorted(items)) + "}")
    elif kind in _FIELDS or dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = _FIELDS.get(kind)
        if names is None:
            names = _FIELDS[kind] = _field_names(kind)
        if not names:  # frozen, every field shown by its repr: one call instead of a walk
            shown = repr(value)
            if _OPAQUE.search(shown):
                raise _Opaque(kind.__name__)
            out.append(shown)
            return
        out.append(kind.__module__ + "." + kind.__qualname__)
        for name in names:
            field = getattr(value, name)
            if type(field) in _LEAVES:
                out.append(repr(field))
            else:
                _describe(field, out)
        out.append(")")
    elif isinstance(value, FunctionType) and "<" not in value.__qualname__ and value.__closure__ is None:
        out.append(f"{value.__module__}.{value.__qualname__}")  # a module's function: its code is the cache's
    else:
        raise _Opaque(type(value).__name__)


def _leaves_only(items: tuple) -> bool:
    """Whether every item of a tuple is a leaf (:data:`_LEAVES`): then the tuple's ``repr`` is each
    item's ``repr`` between brackets, as unambiguous as the walk and written by one call. (A walked
    tuple is the entry ``(`` followed by one entry per item, so neither can be taken for the other;
    a tuple of leaves cannot hold itself.) Pages list thousands of such pairs: a task's lead as
    ``(slug, name)``, a report line's lead and what continues it."""
    for item in items:
        if type(item) not in _LEAVES:
            return False
    return True


_FIELDS: dict[type, tuple[str, ...]] = {}
_OPAQUE = re.compile(r" at 0x[0-9a-fA-F]+>")  # an object's default repr: its address, not its data


def _field_names(kind: type) -> tuple[str, ...]:
    """The fields a dataclass's key walks; none for a frozen one whose repr shows every field (a
    value, such as a deadline, a department, a column: repr is one call where a walk is many)."""
    fields = dataclasses.fields(kind)
    if kind.__dataclass_params__.frozen and all(f.repr for f in fields):  # type: ignore[attr-defined]
        return ()
    return tuple(f.name for f in fields)


def content_hash(value: Any) -> str:
    """A hash of every field of a task or programme, once a rendering (:class:`_Shared`): a task's
    ``repr``; a programme's fields with each of its tasks by that task's hash
    (:func:`_programme_text`), since the tasks are hashed for the rows anyway."""
    if _Shared.active:
        found = _Shared.hashes.get(id(value))
        if found is not None and found[0] is value:
            return found[1]
    if isinstance(value, Programme):
        digest = hashlib.blake2b(_programme_text(value).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
    else:  # a task: kept with it by the loader under the build cache (Task.digest), else made here
        digest = value.digest or content_digest(value)
    if _Shared.active:
        _Shared.hashes[id(value)] = (value, digest)
    return digest


def _programme_text(programme: Programme) -> str:
    """What a programme holds, as text: every field as its ``repr`` shows it, but each task by its
    :func:`content_hash` (a programme's ``repr`` is its tasks' ``repr``s over again, most of a month
    page's key). Sections and groups are walked here; every other field, and every field added
    later, is shown by its ``repr``."""
    shown: list[str] = []
    for name, value in _fields_of(programme):
        if name in ("sections", "groups"):
            continue
        shown.append(f"{name}={value!r}")
    for section in programme.sections:
        shown.append(_section_text(section))
    for group in programme.groups:
        shown.append("group " + repr([(name, value) for name, value in _fields_of(group) if name != "sections"]))
        shown.extend(_section_text(section) for section in group.sections)
    return "\x1e".join(shown)


def _section_text(section) -> str:
    return ("section " + repr([(name, value) for name, value in _fields_of(section) if name != "tasks"])
            + " " + " ".join(content_hash(task) for task in section.tasks))


def _fields_of(value: Any) -> list[tuple[str, Any]]:
    return [(field.name, getattr(value, field.name)) for field in dataclasses.fields(value)]
