"""The site as data: the types every index and output fills in or reads.

A :class:`Site` is the loaded content plus its taxonomies; a :class:`Page` is a generated page
(front matter and finished HTML); an :class:`Asset` a generated file beside the pages; an
:class:`Index` a taxonomy's recipe. They sit below the indexes and outputs so that neither
has to import the build that runs them.
"""
from __future__ import annotations

import hashlib
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from functools import lru_cache, partial
from pathlib import Path
from typing import AnyStr, Callable, Iterator, Literal, NamedTuple, Optional, TypeVar

from markupsafe import Markup

from portal.content.abbreviations import Abbreviations
from portal.content.departments import Registry, Roles
from portal.content.directives import Directive
from portal.content.errors import Problem
from portal.content.model import Programme, Role, Task, content_digest
from portal.site import urls
from portal.site.lineage import Lineage
from portal.site.render import LaterBytes, ResultMemo, content_hash
from portal.site.taxonomy import CandidatesTerm, DirectiveTerm, HistoryNote, Taxonomy, Term
from portal.text.deadlines import Deadline, parse_deadline
from portal.text.richtext import Link, to_html
from portal.text.spans import without_overlaps

Analysis = TypeVar("Analysis")  # what an analysis of the site's data gives (see Site.analysed)


class Page:
    """A generated page: where it goes, its Markdown, whether it belongs in the nav.

    Generated Markdown is front matter and then raw HTML only (templates never emit Markdown
    syntax), so a builder may skip Markdown conversion: :meth:`front_matter` is the page's
    Markdown without a body, :meth:`html` the finished body. Converting megabytes of raw HTML
    through Python-Markdown was most of a large archive's build time, for no change in output.

    The Markdown is held as UTF-8 and made text when asked for (:attr:`markdown`); it may be given
    either way. Why: CPython stores a text with one character beyond Latin-1 (any Vietnamese letter)
    at two bytes a character, and a build holds every page from its rendering until the builder
    writes it (the search job reads them from the same memory): at 600 months 363 MB as text, 201 MB
    as UTF-8. And a page an earlier build rendered comes from the build cache as its UTF-8 bytes
    (:func:`portal.site.render.render_kept_from`): held as they come, an unchanged page is never
    decoded nor encoded again (40 MB each way at 120 months, after every edit).
    """

    __slots__ = ("src_uri", "_utf8", "title", "in_nav", "made_of")

    def __init__(self, src_uri: str, markdown: str | bytes | LaterBytes, title: str = "", in_nav: bool = False,
                 made_of: str = ""):
        self.src_uri = src_uri
        self._utf8: bytes | LaterBytes = b""
        self.markdown_utf8 = markdown
        self.title = title
        self.in_nav = in_nav
        # a digest of what the Markdown was rendered from, when a memo kept it (render.made_of), else ""
        self.made_of = made_of

    @property
    def markdown(self) -> str:
        return self.markdown_utf8.decode("utf-8", "surrogatepass")

    @markdown.setter
    def markdown(self, text: str) -> None:
        self._utf8 = text.encode("utf-8", "surrogatepass")

    @property
    def markdown_utf8(self) -> bytes:
        """The Markdown as it is held: the very bytes object given, when it was given as bytes
        (given unread, :class:`~portal.site.render.LaterBytes`, it is read now and held)."""
        held = self._utf8
        if isinstance(held, bytes):
            return held
        self._utf8 = read = held.read()
        return read

    @markdown_utf8.setter
    def markdown_utf8(self, markdown: str | bytes | LaterBytes) -> None:
        self._utf8 = markdown.encode("utf-8", "surrogatepass") if isinstance(markdown, str) else markdown

    @property
    def held(self) -> bytes | LaterBytes:
        """The Markdown as given, read or not (what :func:`portal.site.render.made_of` knows it by)."""
        return self._utf8

    @property
    def unread(self) -> bool:
        """Whether the Markdown is still an earlier build's, unread (see :meth:`markdown_utf8`)."""
        return not isinstance(self._utf8, bytes)

    def __repr__(self) -> str:
        return f"Page(src_uri={self.src_uri!r}, title={self.title!r}, in_nav={self.in_nav!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Page):
            return NotImplemented
        return (self.src_uri, self.markdown_utf8, self.title, self.in_nav) == (
            other.src_uri, other.markdown_utf8, other.title, other.in_nav)

    __hash__ = None  # type: ignore[assignment]  # mutable, as the dataclass it was

    def _cut(self) -> int:
        """Where the body begins in the UTF-8 bytes (where :func:`split_front_matter` cuts the text)."""
        return front_matter_end(self._front())

    def _front(self) -> bytes:
        """The Markdown's first bytes, front matter whole: of an unread page its head when that holds
        the front matter (the builder asks every page for it), else the whole Markdown."""
        held = self._utf8
        if not isinstance(held, bytes):
            head = held.head
            if len(head) == held.length or front_matter_end(head) or not head.startswith(b"---\n"):
                return head
        return self.markdown_utf8

    def front_matter(self) -> str:
        front = self._front()
        return front[:front_matter_end(front)].decode("utf-8", "surrogatepass")

    def html(self) -> str:
        return self.html_utf8().decode("utf-8", "surrogatepass")

    def html_utf8(self) -> bytes:
        """The body as UTF-8, never made text (what :func:`portal.build.cache.content_key` hashes)."""
        return self.markdown_utf8[self._cut():]


def front_matter_end(text: AnyStr) -> int:
    """Where the body of a Markdown text begins (0: no front matter), in its characters or, for its
    UTF-8 bytes, in bytes: the fences are ASCII, so both cut at the same character."""
    fence, closing = ("---\n", "\n---\n") if isinstance(text, str) else (b"---\n", b"\n---\n")
    if text.startswith(fence):
        end = text.find(closing, 3)
        if end != -1:
            return end + len(closing)
    return 0


def split_front_matter(text: str) -> tuple[str, str]:
    """``(front matter with its fences, body)`` of a Markdown text; no front matter gives ``("", text)``."""
    cut = front_matter_end(text)
    return text[:cut], text[cut:]


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
    history_href: str = ""  # the task's history across months (portal.indexes.history), when it has one
    history_note: str = ""  # «đã có từ T9/2023», or «có ở 3 tháng» on its first month


@dataclass
class Site:
    content_dir: Path
    programmes: list[Programme]
    taxonomies: dict[str, Taxonomy] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    include_restricted: bool = False
    registry: Registry = field(default_factory=lambda: Registry([]))
    site_url: str = ""  # absolute address of the published site, for links in calendar feeds
    withheld: list[Task] = field(default_factory=list)  # restricted tasks left out (for the audit)
    lineage: Optional[Lineage] = None  # each task's chain over the months (portal.site.lineage)
    indexes: list[Index] = field(default_factory=list)  # what built ``taxonomies`` (their row links, their files)
    abbreviations: Abbreviations = field(default_factory=Abbreviations)  # content/viet-tat.yaml
    source_date_epoch: Optional[int] = None  # a reproducible build's date (SOURCE_DATE_EPOCH), else now
    _row_targets: Optional[dict] = field(default=None, repr=False, compare=False)  # while rendering
    _row_keys: Optional[dict] = field(default=None, repr=False, compare=False)  # while rendering: rows_shown
    _month_rows_kept: bool = field(default=False, repr=False, compare=False)  # while rendering: rows_shown
    page_memo: Optional[ResultMemo] = field(default=None, repr=False, compare=False)  # while rendering, if any
    # the build cache's memo of the month files, if any: the indexes keep their analyses of the
    # tasks' texts there (each keyed by the texts it reads), see analysed()
    memo: Optional[ResultMemo] = field(default=None, repr=False, compare=False)
    _deadlines: dict = field(default_factory=dict, repr=False, compare=False)  # see deadlines()
    _roles: dict = field(default_factory=dict, repr=False, compare=False)  # see roles()
    _registry_digest: str = field(default="", repr=False, compare=False)  # see roles()

    def analysed(self, name: str, inputs: list, analyse: Callable[[], Analysis]) -> Analysis:
        """``analyse()``, or with the build cache an earlier build's result for the same ``inputs``
        (what ``analyse`` reads: a programme's task texts, say), under ``name`` (the analysis)."""
        return analyse() if self.memo is None else self.memo.cached((name, inputs), analyse)

    def task_digests(self, programme: Programme) -> list[str]:
        """Each task's :func:`content_digest` in ``programme`` (kept with the task by the loader under the
        build cache), for the key of an analysis of the tasks' texts (:meth:`analysed`). A digest shows
        every field of its task, the text among them: a key of digests is as exact as one of the texts
        (wider: a task's other fields count too, which only costs a month analysed again), and far
        shorter to hash (the texts of 120 months, written out by ``repr`` for each analysis, were
        ≈ 10 ms of every build's keys). Without the build cache no key is made (:meth:`analysed` calls
        ``analyse`` at once), and the loader keeps no digests: nothing is hashed then (five passes over
        the archive's tasks, ≈ 0.12 s of a 120-month build without cache, for keys nobody reads)."""
        if self.memo is None:
            return []
        return [task.digest or content_digest(task) for task in programme.tasks()]

    def deadlines(self, programme: Programme) -> list[Deadline]:
        """Each task's deadline in ``programme``, read (:func:`parse_deadline`) once a build for every
        index that asks (the timeline, the report), or taken from an earlier build (:meth:`analysed`,
        keyed by the tasks' digests: a deadline is read from the task's deadline and month)."""
        found = self._deadlines.get(programme.month)
        if found is None or found[0] is not programme:
            written = [(task.deadline, task.month) for task in programme.tasks()]
            found = self._deadlines[programme.month] = (programme, self.analysed(
                "deadlines", self.task_digests(programme), lambda: [parse_deadline(*pair) for pair in written]))
        return found[1]

    def registry_digest(self) -> str:
        """A digest of the departments' registry (its ``repr``: every field of every department, its
        code, name, aliases, period and its aliases, successors, and the line it is written on, the
        issuers and the registry's file; its memos are left out of it), for the keys of the analyses
        that resolve leads (:meth:`roles`, the reports'): made once a build. It is wider than what
        resolving reads (a line added at the top of the registry's file finds every month anew):
        wider only costs time, narrower would keep stale departments."""
        if not self._registry_digest:
            self._registry_digest = content_digest(self.registry)
        return self._registry_digest

    def roles(self, programme: Programme) -> list[Roles]:
        """Each task's departments in ``programme`` (:meth:`Registry.roles` of its lead and coordinators
        in its month), found once a build for every step that asks (the lead warnings, the departments'
        index), or taken from an earlier build (:meth:`analysed`).

        The key holds what resolving reads: each task's lead, coordinators and month (by the task's
        digest, :meth:`task_digests`, which shows them), and the whole registry
        (:meth:`registry_digest`), so a changed registry finds every month anew. A
        result names the departments by their place in the registry's list, made its very objects
        again here (the lead warnings tell a department named outside its period by identity).
        Why: resolving every task's lead and coordinators of the whole archive, twice, after any
        edit, was a sixth of loading though one month changed."""
        found = self._roles.get(programme.month)
        if found is None or found[0] is not programme:
            departments = self.registry.departments
            asked = [(task.lead, task.coordinators, task.month) for task in programme.tasks()]

            def resolve() -> list:
                place = {id(department): number for number, department in enumerate(departments)}
                return [tuple(tuple(place[id(department)] for department in found)
                              for found in (roles.leads, roles.coordinators, roles.outside))
                        for roles in (self.registry.roles(*question) for question in asked)]

            places = self.analysed("roles", [self.registry_digest(), self.task_digests(programme)], resolve)
            found = self._roles[programme.month] = (programme, [
                Roles([departments[n] for n in leads], [departments[n] for n in coordinators],
                      [departments[n] for n in outside]) for leads, coordinators, outside in places])
        return found[1]

    def months(self) -> list[MonthEntry]:
        """Months newest first."""
        return [MonthEntry(p, urls.month_page(p.month), len(p.tasks()))
                for p in sorted(self.programmes, key=lambda p: p.month, reverse=True)]

    def tasks(self) -> list[Task]:
        return [task for programme in self.programmes for task in programme.tasks()]

    def task_view(self, task: Task, page: str) -> TaskView:
        """Links for a task's row as seen from ``page``, asked of every taxonomy."""
        targets = self.row_targets(task)
        view = TaskView(text_html=self._text_html(task, page, targets))
        if targets.lead:
            view.lead_href = urls.relative(page, *targets.lead)
        if targets.deadline:
            view.deadline_href = urls.relative(page, *targets.deadline)
        if targets.history:
            view.history_href, view.history_note = urls.relative(page, *targets.history[:2]), targets.history[2]
        return view

    def text_html(self, task: Task, page: str) -> Markup:
        """The task's text with its links as seen from ``page``: :meth:`task_view`'s ``text_html``
        alone, for the pages whose rows link nothing else (a department's, a document's)."""
        return self._text_html(task, page, self.row_targets(task))

    @staticmethod
    def _text_html(task: Task, page: str, targets: "_RowTargets") -> Markup:
        if not targets.text:  # most tasks cite nothing
            return _text_html(task.text, ())
        if targets.shown_text is None:
            targets.shown_text = tuple(without_overlaps(targets.text))
        return _text_html(task.text, tuple(Link(link.start, link.end, urls.relative(page, link.page, link.anchor),
                                                link.title) for link in targets.shown_text))

    def row_targets(self, task: Task) -> "_RowTargets":
        """Where ``task``'s row links, by page and anchor: with the task's text and the page showing
        the row, all its :meth:`task_view` is made of (a page key need not make the view)."""
        targets = self._row_targets.get(task) if self._row_targets is not None else None
        if targets is None:
            targets = self._targets(task)
            if self._row_targets is not None:
                self._row_targets[task] = targets
        return targets

    def rows_shown(self, tasks: list[Task]) -> list[str]:
        """What the views of ``tasks``' rows on a page follow from, with the page's path: each task (by
        :func:`~portal.site.render.content_hash`) and where its row links, as one text made once a
        rendering (many pages list a task), for a page's key
        (:func:`portal.site.render.render_kept_from`) that need not make each row's view. With the
        build cache, each month's rows' keys are an earlier build's when nothing they follow from
        changed (:meth:`_keep_month_rows`)."""
        shown = self._row_keys
        if shown is None:
            return [self._row_key(task) for task in tasks]
        if not self._month_rows_kept:
            self._month_rows_kept = True
            self._keep_month_rows(shown)
        rows = []
        for task in tasks:
            key = shown.get(task)
            if key is None:
                key = shown[task] = self._row_key(task)
            rows.append(key)
        return rows

    def _row_key(self, task: Task) -> str:
        """A digest of the task (:func:`~portal.site.render.content_hash`) and where its row links: the
        links' pages, anchors and titles written out were some 200 characters a row, 25,000 rows at
        120 months, most of the text every page key hashed (7 MB a build)."""
        shown = content_hash(task) + " " + repr(self.row_targets(task))
        return hashlib.blake2b(shown.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()

    def _keep_month_rows(self, shown: dict) -> None:
        """Each month's rows' keys (:meth:`_row_key`) into ``shown``: with a page memo, an earlier
        build's for the same month, else made and kept there for the next build.

        The key of a month's row keys is what its rows' links follow from, besides the month itself
        (its programme's :func:`~portal.site.render.content_hash`: every task, every field):

        * :meth:`_links_by_terms`: every term of each index whose row links follow from the task
          and the index's terms (a lead's department, a deadline's month, the documents a text
          cites): each term's key, address, title and meta, the departments' registry;
        * each of the month's tasks' entries in the history (:meth:`_history_by_month`): its chain,
          made of other months, is read here as it is, not by what it follows from.

        An index whose row links follow from something else (none yet) turns this off: every row
        key is then made from the taxonomies, as without the cache. Why: the rows' keys of every
        task of the archive (where each row links, asked of every taxonomy, and hashed) were a
        fifth of rendering the pages after an edit of one month (≈ 60 ms at 120 months)."""
        memo = self.page_memo
        if memo is None or any(index.row_link not in _ROW_LINKS_KNOWN for index in self.indexes):
            return
        links = self._links_by_terms()
        history = self._history_by_month()
        for programme in self.programmes:
            tasks = programme.tasks()
            if not tasks:
                continue
            kept = memo.cached(("month rows", content_hash(programme), links, history.get(programme.month, ())),
                               partial(self._joined_row_keys, tasks))
            keys = kept.split(" ")
            if len(keys) == len(tasks):  # else (never) each is made when asked
                shown.update(zip(tasks, keys))

    def _joined_row_keys(self, tasks: list[Task]) -> str:
        """The row keys of ``tasks`` as one text (one memo entry a month), each as :meth:`_row_key` makes it."""
        return " ".join(self._row_key(task) for task in tasks)

    def _links_by_terms(self) -> str:
        """A digest of every term a row can link to by the task alone (see :meth:`_keep_month_rows`):
        with the departments' registry (how a lead is resolved), the terms of each index whose row link
        is a lead, a deadline or a text's citations, each by its key, address (folder and slug),
        title and meta (a department, a month, a document with what the registry and the citations
        say of it, a symbol's candidates). A citation is resolved against the documents of the whole
        archive, and each is a term here: one cited anew elsewhere changes this, and every month's
        rows are keyed again (rare: a task's text edited keeps it)."""
        shown: list = [self.registry_digest()]
        for index in self.indexes:
            if index.row_link in _ROW_LINKS_BY_TERMS:
                taxonomy = self.taxonomies.get(index.name)
                shown.append((index.name, index.row_link, None if taxonomy is None else (
                    taxonomy.folder, [(term.key, term.slug, term.title, _meta_shown(term.meta))
                                      for term in taxonomy.terms.values()])))
        return content_digest(shown)

    def _history_by_month(self) -> dict[str, tuple]:
        """Each month's tasks' entries in the indexes whose row links follow from other months (the
        history: the task's chain, its page, its note), by month: for each task that has any, its
        place in its programme and each of its entries (page, anchor, role, detail) in the order its
        row reads them (:meth:`_targets`). See :meth:`_keep_month_rows`."""
        linked: dict[Task, None] = {}  # each task with an entry, once
        taxonomies = [taxonomy for taxonomy in (self.taxonomies.get(index.name) for index in self.indexes
                                                if index.row_link == "history") if taxonomy is not None]
        for taxonomy in taxonomies:
            for term in taxonomy.terms.values():
                for entry in term.entries:
                    linked[entry.task] = None
        programmes = {programme.month: programme for programme in self.programmes}
        places: dict[str, dict[int, int]] = {}
        found: dict[str, list] = {}
        for task in linked:
            place = places.get(task.month)
            if place is None:
                programme = programmes.get(task.month)
                place = places[task.month] = {} if programme is None else {
                    id(shown): number for number, shown in enumerate(programme.tasks())}
            found.setdefault(task.month, []).append((place.get(id(task), -1), tuple(
                (taxonomy.name, taxonomy.term_page(term), entry.anchor, entry.role, repr(entry.detail))
                for taxonomy in taxonomies for term, entry in taxonomy.of_task(task))))
        return {month: tuple(sorted(entries)) for month, entries in found.items()}

    def _targets(self, task: Task) -> "_RowTargets":
        """Where ``task``'s row links, by page and anchor (the same from every page)."""
        targets = _RowTargets([])
        for index in self.indexes:
            taxonomy, cell = self.taxonomies.get(index.name), index.row_link
            if taxonomy is None:
                continue  # not built yet (an index asking while the site is being loaded)
            for term, entry in taxonomy.of_task(task):
                if entry.span is not None and cell == "text":
                    targets.text.append(_TextTarget(entry.span[0], entry.span[1], taxonomy.term_page(term),
                                                    entry.anchor, term.title))
                elif cell == "lead" and entry.role == Role.LEAD and not targets.lead:
                    targets.lead = (taxonomy.term_page(term), entry.anchor)
                elif cell == "deadline" and not targets.deadline:
                    targets.deadline = (taxonomy.term_page(term), entry.anchor)
                elif cell == "history" and not targets.history:
                    targets.history = (taxonomy.term_page(term), entry.anchor, entry.detail_as(HistoryNote).note)
        return targets

    @contextmanager
    def rendering(self, memo: Optional[ResultMemo] = None) -> Iterator[None]:
        """Within: the site is rendered, not changed, so each task's row targets are found once
        (:meth:`task_view` is asked for every page that lists the task); ``memo`` (the build cache's):
        pages an earlier build rendered from the same inputs (:func:`portal.site.render.render_kept`)."""
        self._row_targets, self._row_keys, self.page_memo, self._month_rows_kept = {}, {}, memo, False
        try:
            yield
        finally:
            self._row_targets, self._row_keys, self.page_memo, self._month_rows_kept = None, None, None, False


class _TextTarget(NamedTuple):
    """Where a span of a task's text links: a term's page and the task's anchor there."""

    start: int
    end: int
    page: str
    anchor: str
    title: str


@dataclass
class _RowTargets:
    """A task's row links as ``(page, anchor)`` (the text's with their span and title; the history's
    with its note), before they are made relative to the page showing the row."""

    text: list[_TextTarget]
    lead: Optional[tuple[str, str]] = None
    deadline: Optional[tuple[str, str]] = None
    history: Optional[tuple[str, str, str]] = None
    # the text's links that show, in text order: overlaps dropped once a build, not for every page
    # showing the row, and only when a page shows it (a kept page needs only the row's key)
    shown_text: Optional[tuple[_TextTarget, ...]] = field(default=None, repr=False)


@lru_cache(maxsize=1 << 14)
def _text_html(text: str, links: tuple[Link, ...]) -> Markup:
    """A task's text with its links: the same on every page where the links are the same (pages at
    the same depth link the same documents alike)."""
    return to_html(text, links)


# Row links that follow from the task and its index's terms alone; from other months too (its chain).
_ROW_LINKS_BY_TERMS = frozenset({"lead", "deadline", "text"})


def _meta_shown(meta: object) -> object:
    """A term's meta as :meth:`Site._links_by_terms` describes it: a document (of a document's or a
    symbol's candidates' term) by its own fields, without the relations the directive index fills in
    (``related``: each other document with its relations in turn, and the tasks that evidence them)
    and with each relation the registry states named by its kind and target's label and date, not by
    the target whole. Why: the ``repr`` of a document walked every path of the relation graph (it
    grew ×3 with each related document: 1.6 GB for 13) and named tasks of other months; relations are
    found after every row is filed (``relate`` runs after the index's terms are made), so where a
    row links never follows from them."""
    if isinstance(meta, DirectiveTerm):
        return ("document", _directive_shown(meta.directive))
    if isinstance(meta, CandidatesTerm):
        return ("candidates", meta.symbol, meta.type, [_directive_shown(document) for document in meta.documents])
    return meta


def _directive_shown(directive: Directive) -> tuple:
    """A document's own fields (see :func:`_meta_shown`)."""
    return tuple((name, [(stated.kind, stated.target.label, stated.target.date, stated.line)
                         for stated in directive.stated] if name == "stated" else getattr(directive, name))
                 for name in _DIRECTIVE_FIELDS)


_DIRECTIVE_FIELDS = tuple(field.name for field in fields(Directive) if field.name != "related")
_ROW_LINKS_KNOWN = _ROW_LINKS_BY_TERMS | {"", "history"}

# Where a task's row (month page, reports, histories) links to the task's terms in a taxonomy:
# ``text`` at the spans of its text that name the term, the ``lead`` cell to the lead's term, the
# ``deadline`` cell, the ``history`` note under the text; ``""``: the row does not link to it.
RowLink = Literal["", "text", "lead", "deadline", "history"]


@dataclass(frozen=True)
class TermFiles:
    """The files an index adds for one of its terms, by site path ("" for none). The index says
    where they go (its pages link them); the build writes them with :mod:`portal.outputs`, which
    the indexes may not import."""

    term: Term
    calendar: str = ""  # a calendar feed (.ics) of the term's lead and coordinating tasks
    table: str = ""  # an Excel table (.xlsx) of the term's lead and coordinating tasks
    document: str = ""  # a Word document (.docx) of the term: a month's report


def no_files(taxonomy: Taxonomy) -> list[TermFiles]:
    return []


@dataclass(frozen=True)
class Index:
    """A taxonomy of the site: how to build it, how to render its pages, where a task's row links
    to its terms (:data:`RowLink`), which files it adds for its terms."""

    name: str
    build: Callable[[Site], Taxonomy]
    render: Callable[[Site, Taxonomy], list[Page]]
    row_link: RowLink = ""
    files: Callable[[Taxonomy], list[TermFiles]] = no_files
