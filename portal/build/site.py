"""The whole site as data: load content, build the indexes, render every page to Markdown.

This is the one entry point a builder needs (the MkDocs hooks, ``portal render`` for any other
builder): :func:`load_site` collects, :func:`render_pages` renders, :func:`navigation` gives
the short nav. Collect in one phase, render in the next, as Material's own plugins do.

The writers of the downloads (:mod:`portal.outputs`: Word, Excel, calendars, open data, the feed) are
imported by the functions that write them (:func:`iter_assets`), not here. Why: the builder's process
imports this module before anything else of a build, and in a build the downloads are written by a
forked job (:mod:`portal.build.session`), never by that process: their imports (XlsxWriter above all,
≈ 35 ms of CPU) were on the path of every build, a one-task edit's included, for nothing.
"""
from __future__ import annotations

import errno
import os
import shutil
from dataclasses import dataclass, fields, replace
from functools import partial
from operator import attrgetter
from itertools import groupby
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from portal.build.audit import DataFileCheck, check_data_files
from portal.build.cache import Memo, SharedFiles, content_key
from portal.content.deadline_checks import far_year_problems
from portal.content.abbreviations import load_abbreviations
from portal.content.departments import load_registry
from portal.content.loader import load_programmes
from portal.content.model import ROLE_LABELS, Programme, Role
from portal.content.org_check import issuer_problems, lead_problems
from portal.indexes import INDEXES, dashboard
from portal.site import urls
from portal.site.lineage import build_lineage, carried_from_problems, masked_key
from portal.site.tracking import use_build_day
from portal.site.model import Asset, Index, MonthEntry, Page, Site, TermFiles
from portal.site.render import ResultMemo, content_hash, made_of, render, render_kept, render_kept_from, sharing_rows
from portal.site.report import Line, MonthReport
from portal.site.taxonomy import ReportTerm


def indexes() -> list[Index]:
    """Every index of the site, in nav order (see :mod:`portal.indexes`)."""
    return INDEXES


def drop_restricted(programmes: list[Programme], withheld: list | None = None) -> list[Programme]:
    """The public site leaves out restricted months and restricted tasks entirely (``withheld``
    collects what was left out, so the audit can check no file carries it).

    A programme with restricted tasks is given as a copy without them; the loaded programmes are
    left as they were. Why: they are shared with what outlives this call (the preview's parsed
    files, reused by its next rebuild; the build cache's results): emptied in place, a preview's
    next rebuild found nothing withheld in an unchanged month, so a hand-written page copying a
    restricted task was no longer caught there."""
    public = []
    withheld = [] if withheld is None else withheld
    for programme in programmes:
        if programme.restricted:
            withheld.extend(programme.tasks())
            continue
        hidden = [task for task in programme.tasks() if task.restricted]
        if not hidden:
            public.append(programme)
            continue
        withheld.extend(hidden)
        shown = {id(section): replace(section, tasks=[t for t in section.tasks if not t.restricted])
                 for section in programme.sections}
        public.append(replace(programme, sections=[shown[id(section)] for section in programme.sections],
                              groups=[replace(group, sections=[shown.get(id(s), s) for s in group.sections])
                                      for group in programme.groups]))
    return public


def _drop_drafts(programmes: list[Programme]) -> list[Programme]:
    """The public site leaves out months still in draft (``draft: true``): pages, search, feeds, Word."""
    return [programme for programme in programmes if not programme.draft]


def load_site(content_dir: Path, include_restricted: bool = False, site_url: str = "",
              cache: dict | None = None, include_drafts: bool | None = None,
              source_date_epoch: int | None = None, memo: ResultMemo | None = None) -> Site:
    """Load and validate all content and build every index. Raises ContentError on bad content.

    ``site_url`` (MkDocs' ``site_url``) makes links in calendar feeds absolute, so they open
    from Outlook or Thunderbird; without it feeds carry site-relative paths.
    ``cache``: parsed files to reuse across rebuilds, ``memo``: across builds (the build cache's, see
    :func:`portal.content.loader.load_programme`).
    ``include_drafts``: months marked ``draft: true`` are shown (with a «Dự thảo» banner) in the
    preview and the internal site; by default they go with the restricted content.
    ``source_date_epoch``: the date written into feeds and workbooks of a reproducible build
    (read once by the entry point, :class:`portal.build.options.BuildOptions`).
    """
    programmes = load_programmes(content_dir, cache, memo)
    withheld: list = []
    if not (include_restricted if include_drafts is None else include_drafts):
        programmes = _drop_drafts(programmes)
    if not include_restricted:
        programmes = drop_restricted(programmes, withheld)
    registry = load_registry(content_dir)
    site = Site(content_dir=content_dir, programmes=programmes, include_restricted=include_restricted,
                registry=registry, site_url=site_url or "", withheld=withheld,
                source_date_epoch=source_date_epoch,
                abbreviations=load_abbreviations(content_dir, [d.code for d in registry.departments]))
    site.memo = memo
    site.warnings.extend(lead_problems(site.registry, site.tasks(),
                                       [roles for programme in site.programmes for roles in site.roles(programme)]))
    site.warnings.extend(issuer_problems(site.registry, site.programmes))
    for programme in site.programmes:
        site.warnings.extend(_far_years(site, programme))
    site.lineage = build_lineage(site.programmes, lambda programme: site.analysed(
        "masked keys", site.task_digests(programme),
        lambda: [masked_key(task.text) for task in programme.tasks()]),
        kept=None if memo is None else lambda inputs, link: site.analysed("lineage", inputs, link),
        kept_read=None if memo is None else lambda programme, read: site.analysed(
            # the month too: a month without tasks (all withheld) has no digests, yet its read names it
            "lineage reads", [programme.month, site.task_digests(programme)], read))
    site.warnings.extend(carried_from_problems(site.programmes))
    site.indexes = indexes()
    for index in site.indexes:
        site.taxonomies[index.name] = index.build(site)
    return site


def _far_years(site: Site, programme: Programme) -> list:
    """:func:`far_year_problems` of one month, or with the build cache an earlier build's for the same
    tasks (each by its digest: its deadline, its place for the warning's line) in the same month.
    Why: every deadline of the archive was searched for a mistyped year after any edit of one month."""
    return site.analysed("far years", [programme.month, site.task_digests(programme)],
                         lambda: far_year_problems([programme]))


def _years(months: list[MonthEntry]) -> list[tuple[int, list[MonthEntry]]]:
    return [(year, list(entries)) for year, entries in groupby(months, key=lambda m: m.programme.year)]


def render_pages(site: Site, memo: ResultMemo | None = None) -> list[Page]:
    """Every generated page of the site. ``memo`` (the build cache's): a page whose inputs are those
    of an earlier build is that build's Markdown (:func:`portal.site.render.render_kept`)."""
    use_build_day(site.source_date_epoch)  # the rows' overdue marks before any script runs
    with sharing_rows(), site.rendering(memo):
        pages = _render_pages(site)
        for page in pages:
            page.made_of = made_of(page.held)
        return pages


def _render_pages(site: Site) -> list[Page]:
    months = site.months()
    years = _years(months)
    downloads = {"month": urls.month_xlsx(months[0].programme.month) if months else "", "archive": urls.DATA_XLSX,
                 "guide": urls.DATA_GUIDE, "feed": urls.FEED}
    issued = [m for m in months if not m.programme.draft]  # the home page leads with an issued programme
    # The home page and the months' list are given every programme: any edit changes them, so they are
    # rendered, not looked up (a key of every programme, and a new memo file each edit, for nothing).
    pages = [
        Page("index.md", render("home.md.j2", page="index.md", latest=(issued or months)[0] if months else None,
                                years=years, board=dashboard.build(site), downloads=downloads,
                                deadlines_page=site.taxonomies["deadlines"].index_page()), "Trang chủ", in_nav=True),
        Page("programmes/index.md", render("months.md.j2", page="programmes/index.md", years=years,
                                           reports=f"{urls.REPORT_FOLDER}/index.md"),
             "Chương trình tháng", in_nav=True),
    ]
    pages.append(Page(urls.ABBREVIATIONS, render_kept(site.page_memo, "abbreviations.md.j2", page=urls.ABBREVIATIONS,
                                                       entries=list(site.abbreviations)), "Chữ viết tắt"))
    for position, entry in enumerate(months):  # newest first
        older, newer = (months[position + 1] if position + 1 < len(months) else None,
                        months[position - 1] if position else None)
        neighbours = {name: (urls.relative(entry.page, other.page), other.programme.label
                             + (" (dự thảo)" if other.programme.draft else "")) if other else None
                      for name, other in (("older", older), ("newer", newer))}
        tasks = entry.programme.tasks()
        shown = dict(programme=entry.programme, download=urls.asset(entry.page, urls.month_docx(entry.programme.month)),
                     xlsx=urls.asset(entry.page, urls.month_xlsx(entry.programme.month)),
                     report="" if entry.programme.draft else urls.relative(entry.page,
                                                                           urls.report_page(entry.programme.month)),
                     **neighbours)
        # the rows' views follow from the tasks, where their rows link and the page: made only to render
        inputs = partial(_month_inputs, site, shown, entry.page, tasks)
        pages.append(Page(entry.page, render_kept_from(site.page_memo, "month.md.j2", inputs,
                                                       partial(_month_context, site, shown, entry.page, tasks)),
                          entry.programme.label))
    for index in indexes():
        pages.extend(index.render(site, site.taxonomies[index.name]))
    return pages


def _month_inputs(site: Site, shown: dict, page: str, tasks: list) -> dict:
    """What a month page's key is made of: ``shown``, the page and its rows (the tasks, where they link)."""
    return {**shown, "page": page, "rows": site.rows_shown(tasks)}


def _month_context(site: Site, shown: dict, page: str, tasks: list) -> dict:
    """A month page's context: ``shown`` and its rows' views (made only when the page is rendered)."""
    return {**shown, "views": {task.anchor: site.task_view(task, page) for task in tasks}}


def render_assets(site: Site, memo: Memo | None = None) -> list[Asset]:
    """Every generated non-page file of the site (feeds, downloads, open data).

    The tables and data files are checked before anything is written: every published task in
    them, no restricted task or draft month (:func:`portal.build.audit.check_data_files`).
    ``memo`` (the build cache's, :mod:`portal.build.cache`): the Word and Excel files of an earlier
    build, reused where their content is the same."""
    assets = [asset for asset in iter_assets(site, memo) if isinstance(asset, Asset)]  # without a store, all are
    check_data_files(site, assets)
    return assets


def iter_assets(site: Site, memo: Memo | None = None, files: SharedFiles | None = None,
                told: Callable[[str, Any], None] | None = None,
                parted: Callable[[str, list[int]], None] | None = None) -> Iterator[Asset | KeptAsset]:
    """:func:`render_assets` one file at a time, unchecked. With ``files`` (and a ``memo``), each Word
    and Excel file is a :class:`KeptAsset` of that store. ``told(path, texts)``: the texts of a table's
    cells as its writer wrote them, said before the table is given; ``parted(path, lengths)``: the
    lengths of the parts an archive-wide JSON or CSV file was put together from (see :func:`data_files`)."""
    described: dict[int, str] = {}  # each programme's content hash, by id (see month_documents)
    yield from month_documents(site, memo, files, described)
    yield from calendar_feeds(site, memo)
    yield from data_files(site, memo, files, told, parted, described)


@dataclass(frozen=True)
class KeptAsset:
    """A download kept in the build cache's store of files (``files``, a
    :class:`~portal.build.cache.SharedFiles`) under ``key``, the hash of what it is made from:
    ``content`` when this build made it (it is then stored), None when an earlier build made it from
    the same inputs (it is put in the site as a link to the store's file, its bytes never read).

    Why: after one task's edit all but a handful of the 370 downloads of 120 months are the bytes of
    the last build; each was read back from the memo, checked by its bytes' hash and written again
    (15 MB, a file created each)."""

    path: str
    key: str
    content: bytes | None = None


def _download(path: str, parts: tuple, make: Callable[[], bytes], memo: Memo | None,
              files: SharedFiles | None) -> Asset | KeptAsset:
    """The file at ``path``: ``make()``, or, with a ``memo``, an earlier build's from the same ``parts``
    (with ``files``, a :class:`KeptAsset` of that store; else its bytes, from the memo)."""
    if memo is None:
        return Asset(path, make())
    if files is None:
        return Asset(path, memo.cached(parts, make))
    key = content_key(path, *parts)
    return KeptAsset(path, key) if files.has(key) else KeptAsset(path, key, make())


def write_checked_assets(site: Site, folder: Path, memo: Memo | None = None, files: SharedFiles | None = None) -> int:
    """Write every generated non-page file under ``folder``, each checked as it is written
    (:class:`portal.build.audit.DataFileCheck`) and let go, so that a long archive's downloads are
    never all held at once; raises :class:`~portal.build.audit.DataFileError` after the last one
    when any was wrong (``folder`` is the build's staging folder: nothing reaches the site).
    Returns the number of files. With a ``memo``, a file of the same bytes as in an earlier build is
    not read again by the check (what it held is in the memo). With ``files`` too (the build cache's
    store of downloads), a Word or Excel file an earlier build made from the same inputs is a link to
    that build's file (:class:`KeptAsset`), checked by what that build found in it; the store keeps
    the files of this build only (after a good check)."""
    check = DataFileCheck(site, memo)
    count = 0
    made: set[Path] = set()  # folders made: each asked for once, not once a file (a call to the file system each)
    written: dict[str, Any] = {}  # the cell texts of the table about to be given, by its path (see DataFileCheck.file)
    parts: dict[str, list[int]] = {}  # the part lengths of the JSON or CSV file about to be given, by its path

    def told(path: str, texts: Any) -> None:
        written.clear()  # only the next file's: a table made but not given (a kept one) is not held
        written[path] = texts

    def parted(path: str, lengths: list[int]) -> None:
        parts.clear()
        parts[path] = lengths

    for asset in iter_assets(site, memo, files, told, parted):
        target = folder / asset.path
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        kept = asset.key if isinstance(asset, KeptAsset) else None
        if asset.content is None:  # an earlier build's file (a KeptAsset: only with a store)
            _place(files, asset.path, kept, target)
            if kept is None or not check.known(asset.path, kept):  # not in the memo: the file is read
                check.file(asset.path, target.read_bytes(), made_as=kept)
        else:
            check.file(asset.path, asset.content, made_as=kept, cell_texts=written.pop(asset.path, None),
                       part_lengths=parts.pop(asset.path, None))
            target.write_bytes(asset.content)
            if kept is not None and files is not None:
                files.store(kept, target, None)
        count += 1
    check.raise_problems()
    if files is not None:
        files.sweep()
        files.save()
    return count


def _place(files: SharedFiles | None, path: str, key: str | None, target: Path) -> None:
    """Put the store's file of ``key`` at ``target`` (a link); an error in Vietnamese when it is gone."""
    if files is None or key is None:
        raise ValueError(f"{path}: a kept download without a store")
    try:
        files.place(key, target)
    except FileNotFoundError:
        raise RuntimeError(f"Bộ nhớ đệm dựng trang: tệp tải về «{path}» đã bị xóa trong khi dựng; "
                           "hãy dựng lại.") from None


def move_assets(folder: Path, target: Path) -> None:
    """Move the files written under ``folder`` (:func:`write_checked_assets`) to the same paths under
    ``target`` (the built site), replacing a file of the same path.

    Why not a copy: every download was read and written again on the main process's path at the end
    of a build; a folder the site lacks moves whole, a file by renaming it (a copy only when the two
    are on different file systems, as :func:`shutil.move` does)."""
    target.mkdir(parents=True, exist_ok=True)
    for entry in os.scandir(folder):
        dest = target / entry.name
        if entry.is_dir(follow_symlinks=False) and dest.is_dir():
            move_assets(Path(entry.path), dest)
        elif dest.is_dir():  # as a copy would fail (shutil.move would put the file inside the folder)
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(dest))
        else:
            shutil.move(entry.path, dest)


def term_files(site: Site) -> list[TermFiles]:
    """The files every index declares for its terms (:attr:`portal.site.model.Index.files`)."""
    return [files for index in site.indexes for files in index.files(site.taxonomies[index.name])]


def calendar_feeds(site: Site, memo: Memo | None = None) -> list[Asset]:
    """The feed of everything (tasks under their lead department's name) and each declared term feed.

    With a ``memo``, an earlier build's feeds when everything they are made of is the same: the
    tasks of the months they carry (every field: each by its :func:`~portal.site.render.content_hash`,
    where their ``repr`` was most of this step after an edit), the departments' entries of those
    tasks (each task's role, in the term's order), the feeds' names and paths, the site's address
    and the build's date."""
    from portal.outputs import calendar  # see the module's docstring

    declared = [(files.term, files.calendar) for files in term_files(site) if files.calendar]
    leads = site.taxonomies["departments"]
    if memo is None:
        return calendar.feeds(site, leads, declared)
    recent = set(sorted({p.month for p in site.programmes})[-calendar.FEED_MONTHS:])
    filed = [(term.title, [(entry.task.key, entry.role) for entry in term.entries if entry.task.month in recent])
             for term in leads.terms.values()]
    feeds = [(term.title, path, [(entry.task.key, entry.role) for entry in term.entries if entry.task.month in recent])
             for term, path in declared]
    tasks = [content_hash(task) for task in site.tasks() if task.month in recent]
    return memo.cached(("calendars", site.site_url, site.source_date_epoch, sorted(recent), tasks, filed, feeds),
                       partial(calendar.feeds, site, leads, declared))


def data_files(site: Site, memo: Memo | None = None, files: SharedFiles | None = None,
               told: Callable[[str, Any], None] | None = None,
               parted: Callable[[str, list[int]], None] | None = None,
               described: dict[int, str] | None = None) -> Iterator[Asset | KeptAsset]:
    """Excel tables (each month, each department, the archive), the open data and the Atom feed.

    The rows are computed once (:func:`portal.outputs.tasktable.task_rows`) and written out
    in each form; each file is given as it is made. ``told(path, texts)``: given the texts of the
    cells of each table made here (:func:`portal.outputs.xlsx.table`; not of a large one), before the
    table is given, so that the check need not read them back from its bytes. With a ``memo`` a table whose rows, title and
    date are those of an earlier build is that build's file (each row is hashed once, each table
    keyed by its rows' hashes), and the archive-wide files are put together from each month's part
    (its rows' Excel cells, JSON and CSV lines), kept from an earlier build when its rows are the
    same: after an edit in one month only that month's parts are made again; the rows themselves are
    made only for the months whose rows changed (:func:`_kept_rows`). ``parted(path, lengths)``: given
    the lengths of those parts of the JSON and CSV files, in order, before the file is given, so that
    the check reads the file in the same runs (see :class:`portal.build.audit.DataFileCheck`).
    ``described``: the programmes' content hashes by ``id``, as :func:`month_documents` made them."""
    from portal.outputs import atom, opendata, packagezip, xlsx  # see the module's docstring
    from portal.outputs.tasktable import published, task_rows

    rows: list  # TaskRows, and with a memo KeptRows (portal.outputs.tasktable) of the months not made
    catalogues: list | None = None  # with a memo: each month's JSON catalogue (opendata.json_catalogue)
    row_keys: dict[int, str] = {}  # with a memo: each row's key, by id
    if memo is None:
        rows = task_rows(site)
    else:
        rows, row_keys, catalogues, made_rows = _kept_rows(site, memo, described or {})
    months = xlsx.by_month(rows)
    month_keys = {month: [row_keys[id(row)] for row in month_rows] for month, month_rows in months.items()} \
        if memo is not None else {}
    epoch = site.source_date_epoch
    prepared = xlsx.Prepared()  # each row's cells, made once for its month's, departments' and the archive's table
    prepared_months: set[str] = set()

    def kept_deflate(data: bytes, level: int) -> tuple[int, bytes]:
        """A large part of a table deflated, or an earlier build's deflate of the same bytes (keyed by
        the bytes themselves: the result depends on nothing else): after a task's text is edited the
        archive's sheet, and its departments', are the same XML, their strings numbered the same."""
        assert memo is not None  # given to the tables only with a memo
        return memo.cached(("deflated part", level, data), partial(packagezip.deflate, data, level), plain=True)

    def kept_sheet(parts: tuple, make: Callable[[], tuple[int, int, bytes]], level: int) -> tuple[int, int, bytes]:
        """A large table's sheet, or an earlier build's made of the same ``parts`` (see
        :data:`portal.outputs.xlsx.KeptSheet`: they name every byte of it, so nothing else can change it)."""
        assert memo is not None  # given to the tables only with a memo
        return memo.cached(("kept sheet", level, *parts), make, plain=True)

    def month_part(kind: str, month: str, make, plain: bool = False):
        """``make(rows)`` of the month's rows, or an earlier build's from the same rows (with a memo: the
        rows made only then, for a month whose rows were kept)."""
        return make(months[month]) if memo is None else \
            memo.cached((kind, month_keys[month]), lambda: make(made_rows(month)), plain=plain)

    def prepare(table_rows, keep: bool = True) -> None:
        """The Excel cells of the months of ``table_rows``, kept from an earlier build where the same
        (and, but for ``keep``, only looked up, so that the memo keeps them for the next build)."""
        if memo is None:
            return  # made as the tables need them
        for month in dict.fromkeys(row.month for row in table_rows):
            if month not in prepared_months:
                if not keep and memo.keep(("xlsx-rows", month_keys[month])):
                    continue  # held, not needed by this build's tables: not read
                # kept as plain tuples (see Memo.cached): their texts are not held twice
                made = month_part("xlsx-rows", month, xlsx.month_cells, plain=True)
                if keep:
                    prepared_months.add(month)
                    prepared.take(months[month], made)

    def kept_run(parts: tuple, make: Callable[[], str]) -> str:
        """A run of a large table's rows as XML, or an earlier build's made of the same ``parts`` (see
        :class:`portal.outputs.xlsx.RowRuns`: they name every byte of it)."""
        assert memo is not None  # given to the tables only with a memo
        return memo.cached(parts, make)

    def row_runs(table_rows, roles) -> xlsx.RowRuns | None:
        """The runs of a large table's rows (:class:`portal.outputs.xlsx.RowRuns`): the rows of one month
        side by side, each run keyed by its rows' keys (every field of each row) and their roles. Given
        for the tables whose sheet is kept (:data:`~portal.outputs.xlsx.KEPT_SHEET_ROWS`) too: the check
        reads their texts by those runs (:class:`~portal.outputs.xlsx.RunTexts`)."""
        if memo is None or len(table_rows) < min(xlsx.LARGE, xlsx.KEPT_SHEET_ROWS):
            return None
        runs = []
        at = 0
        for _, run in groupby(table_rows, key=attrgetter("month")):
            keys = [row_keys[id(row)] for row in run]
            runs.append((len(keys), content_key("row run", keys, None if roles is None else roles[at: at + len(keys)])))
            at += len(keys)
        return xlsx.RowRuns(runs, kept_run)

    def workbook(path, table_rows, title, roles=None) -> Asset | KeptAsset:
        def make() -> bytes:
            prepare(table_rows)
            created = xlsx.created_date(table_rows, epoch)
            content, texts = xlsx.table(table_rows, title, roles=roles, created=created, prepared=prepared,
                                        kept_deflate=None if memo is None else kept_deflate,
                                        kept_sheet=None if memo is None else kept_sheet,
                                        row_runs=row_runs(table_rows, roles))
            if told is not None and texts is not None:
                told(path, texts)
            return content
        if memo is None:
            return Asset(path, make())
        return _download(path, ("xlsx", [row_keys[id(row)] for row in table_rows], title, roles, epoch), make,
                         memo, files)

    for month, month_rows in months.items():
        yield workbook(urls.month_xlsx(month), month_rows, f"Nhiệm vụ {month_rows[0].month_label.lower()}")
    position = {row.id: index for index, row in enumerate(rows)}
    role_labels: dict[frozenset[str], str] = {}  # a department's roles in a task, as its table writes them

    def roles_label(roles: set[str]) -> str:
        """The role column of a row: a handful of different ones, each made once (not by walking ``Role``
        once a row of every department's table)."""
        held = frozenset(roles)
        label = role_labels.get(held)
        if label is None:
            label = role_labels[held] = "; ".join(role.label for role in Role if role in roles)
        return label

    for declared in term_files(site):
        if not declared.table:
            continue
        term = declared.term
        roles: dict[str, set[str]] = {}
        for entry in term.entries:
            if entry.role in ROLE_LABELS:  # (a task's key is made each time asked: not for its history's entries)
                key = entry.task.key
                if key in position:
                    roles.setdefault(key, set()).add(entry.role)
        chosen = sorted(roles, key=position.__getitem__)
        yield workbook(declared.table, [rows[position[key]] for key in chosen], f"Nhiệm vụ của {term.title}",
                       roles=[roles_label(roles[key]) for key in chosen])
    if len(rows) >= xlsx.LARGE:  # a long archive's table is written with inline strings (xlsx.LARGE)
        prepared.strings.clear()
        prepared.plain.clear()
    yield workbook(urls.DATA_XLSX, rows, "Nhiệm vụ trong các chương trình công tác tháng")
    prepared.clear()  # the last table: what the tables shared is let go
    prepare(rows, keep=False)  # every month's cells: kept in the memo for the next build's archive table
    if memo is None:
        yield Asset(urls.DATA_JSON, opendata.tasks_json(rows))
    else:  # the lines of each month, as bytes: an earlier build's where its rows are the same
        lengths: list[int] = []
        content = opendata.tasks_json(rows, parts=_measured(
            (month_part("json-part", month, opendata.json_part) for month in months), lengths), catalogues=catalogues)
        if parted is not None:
            parted(urls.DATA_JSON, lengths)
        yield Asset(urls.DATA_JSON, content)
    yield Asset(urls.DATA_SCHEMA, opendata.schema_json())
    if memo is None:
        yield Asset(urls.DATA_CSV, opendata.tasks_csv(rows))
    else:
        lengths = []
        content = opendata.tasks_csv(rows, parts=_measured((month_part(
            "csv-part", month, lambda month_rows: opendata.csv_lines(month_rows).encode("utf-8")) for month in months),
            lengths))
        if parted is not None:
            parted(urls.DATA_CSV, lengths)
        yield Asset(urls.DATA_CSV, content)
    yield Asset(urls.FEED, atom.feed(site, published(site)))


def _measured(parts: Iterable[bytes], lengths: list[int]) -> Iterator[bytes]:
    """``parts`` as they are, each one's length added to ``lengths`` as it is given."""
    for part in parts:
        lengths.append(len(part))
        yield part


def _kept_rows(site: Site, memo: Memo, described: dict[int, str]) -> tuple[list, dict[int, str], list, Callable[[str], list]]:
    """The rows of the downloads (:func:`~portal.outputs.tasktable.task_rows`) with the build cache:
    each month's made (:func:`~portal.outputs.tasktable.month_rows`) only when what they are made of
    changed since an earlier build, else a :class:`~portal.outputs.tasktable.KeptRow` each, with that
    build's row keys and JSON catalogue (:func:`~portal.outputs.opendata.json_catalogue`) of the month.
    Gives the rows, each row's key by ``id`` (every field of the row, its task by the digest it was
    loaded with, as :func:`data_files` keys tables and parts by), each month's catalogue in order, and
    ``made_rows(month)``: the month's :class:`TaskRow` s, made now for a kept month (a part of it the
    memo lacks).

    A month's rows are kept under what a row reads (:func:`~portal.outputs.tasktable.month_rows`):

    * the programme (:func:`~portal.site.render.content_hash`: every field, every task): a row's
      own fields, its month's label and section's title, its deadline (the deadlines' index files
      each task by its own deadline and month: :meth:`Site.deadlines`), its page;
    * the departments' registry (:meth:`Site.registry_digest`): a lead's departments are resolved
      from the task's lead, coordinators and month against it alone (:meth:`Site.roles`);
    * the documents each task is filed under in the directives' index, in order (a citation is
      resolved against the documents of the whole archive), and every document as a row citing it
      shows it (:func:`~portal.outputs.tasktable.cited_documents`: its title, page and relations,
      with the tasks of the published months that evidence them);
    * which of those three indexes the site has.

    Why: making every row of a 120-month archive and hashing each, after an edit of one month,
    was a fifth of the downloads' job (≈ 0.13 s CPU)."""
    from portal.outputs.opendata import json_catalogue
    from portal.outputs.tasktable import KeptRow, cited_documents, month_rows, published

    programmes = published(site)
    published_months = {programme.month for programme in programmes}
    directives = site.taxonomies.get("directives")
    context = content_key("download rows", site.registry_digest(),
                          [name in site.taxonomies for name in ("departments", "directives", "deadlines")],
                          cited_documents(site, published_months))
    rows: list = []
    row_keys: dict[int, str] = {}
    catalogues: list = []
    made: dict[str, list] = {}
    by_month: dict[str, Programme] = {programme.month: programme for programme in programmes}
    for programme in programmes:
        tasks = programme.tasks()
        filed = None if directives is None else [[term.slug for term, _ in directives.of_task(task)] for task in tasks]
        key = content_key(context, described.get(id(programme)) or content_hash(programme), filed)
        kept = memo.get(key)
        if kept is not None and len(kept[0]) == len(tasks):
            ids, keys, catalogue = kept
            label = programme.label  # a property: made once a month, not once a row
            month: list = [KeptRow(row_id, programme.month, label) for row_id in ids]
        else:
            month = made[programme.month] = month_rows(site, programme, published_months)
            ids = [row.id for row in month]
            keys = [content_key(content_hash(row.task) if row.task else "", row) for row in month]
            catalogue = json_catalogue(month)
            memo.put(key, (ids, keys, catalogue), plain=True)
        rows.extend(month)
        row_keys.update(zip(map(id, month), keys))
        catalogues.append(catalogue)

    def made_rows(month: str) -> list:
        found = made.get(month)
        if found is None:
            found = made[month] = month_rows(site, by_month[month], published_months)
        return found

    return rows, row_keys, catalogues, made_rows


def write_assets(assets: list[Asset], folder: Path) -> None:
    """Write each asset at its path under ``folder``."""
    for asset in assets:
        target = folder / asset.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(asset.content)


def month_documents(site: Site, memo: Memo | None = None, files: SharedFiles | None = None,
                    described: dict[int, str] | None = None) -> Iterator[Asset | KeptAsset]:
    """Each month's Word documents, as published (restricted tasks already left out), to download:
    the programme, and the month-end report of each issued month (the one its report page shows);
    each report given right after its programme (the two write the same task texts: see
    :func:`portal.outputs.wordml.rich_paragraphs`); with a ``memo``, an earlier build's file of a programme, or of a report, that is the same in every
    field (a report holds its programme, its counts and every listed task). A programme is described
    by :func:`~portal.site.render.content_hash` (each task by the digest it was loaded with: the
    ``repr`` of every programme, tasks and all, was most of this step after an edit)."""
    from portal.outputs.docx import export_docx  # see the module's docstring
    from portal.outputs.report_docx import export_report_docx

    # each programme's content hash, by id: its document's and its report's, and (given) the downloads'
    # rows' (_kept_rows): hashing a programme walks its every field, 0.01 s a build for 120 months
    described = {} if described is None else described
    reports: dict[int, list[tuple[str, MonthReport]]] = {}  # by its programme's id
    for declared in term_files(site):
        if declared.document:
            report = declared.term.meta_as(ReportTerm).report
            reports.setdefault(id(report.programme), []).append((declared.document, report))

    def month_reports(programme_id: int) -> Iterator[Asset | KeptAsset]:
        for path, report in reports.pop(programme_id, []):
            yield (Asset(path, export_report_docx(report)) if memo is None else
                   _download(path, ("report-docx", _report_description(report, described)),
                             partial(export_report_docx, report), memo, files))

    for p in site.programmes:  # each month's report right after its programme: they write the same texts
        if memo is None:
            yield Asset(urls.month_docx(p.month), export_docx(p))
        else:
            described[id(p)] = content_hash(p)
            yield _download(urls.month_docx(p.month), ("docx", described[id(p)]), partial(export_docx, p), memo, files)
        yield from month_reports(id(p))
    for programme_id in list(reports):  # a report of a programme the site does not list (none)
        yield from month_reports(programme_id)


def _report_description(report: MonthReport, described: dict[int, str]) -> tuple:
    """What a report's document is made of, for its key: every field of the report, its programme
    given by the programme's content key and each listed task of the programme by its place in it (a
    report lists every task of its month, each in one or two lists: described whole, each task was
    written out three times over, 11 MB at 120 months). Each line is its task's place and the tuple
    of its other fields, read by name (no copies of the lines, no dataclass ``repr`` a line)."""
    programme = report.programme
    key = described.get(id(programme)) or content_hash(programme)
    place = {id(task): number for number, task in enumerate(programme.tasks())}
    others = attrgetter(*(field.name for field in fields(Line) if field.name != "task"))  # one call a line

    def line(shown: Line) -> tuple:
        return place.get(id(shown.task), shown.task), others(shown)

    shown = {"programme": key,
             "by_column": [(column, [line(item) for item in lines]) for column, lines in report.by_column.items()],
             "overdue": [line(item) for item in report.overdue]}
    return tuple((field.name, shown[field.name] if field.name in shown else getattr(report, field.name))
                 for field in fields(MonthReport))


def navigation(pages: list[Page], static_pages: Sequence[tuple[str, str]] = ()) -> list[dict]:
    """The short nav: section index pages only (nav size multiplies build time)."""
    nav = [{page.title: page.src_uri} for page in pages if page.in_nav]
    nav += [{title: src} for title, src in static_pages]
    return nav
