"""One build of the site, and a preview's session of builds, for any builder that runs hooks.

A builder's events map onto a :class:`Build`: it is started once the configuration is read
(content loaded and validated, every page rendered, the background job forked), gives the
generated pages to the builder, hands each page's finished body over when asked, and is
finished after the builder has written the site (audit, then the search index, feeds and Word
files moved in). Whatever the builder (MkDocs, ProperDocs…), the hooks only translate its
events and errors; the process management (the forked job, the collector, the page cache's
life) lives here so that every builder gets the same.

A :class:`Preview` lives for a whole ``serve`` process: the page cache that makes a dirty
preview exact, the parsed month files reused across rebuilds, the pages and files the last
build wrote, and the months the search index, feeds and Word files were last written for (a
preview writes them again only when the set of months changes: a month added gets its Word
file, a month deleted leaves the search, the calendar and its pages).

In a preview, bad content does not stop the build: :meth:`Build.start` returns an *error build*
whose every page (each URL of the last good build, and the hand-written pages) is the
Vietnamese message with file, line and field, so the browser shows it and reloads when the
editor saves the fix; the next good build rewrites every page the error build replaced.
"""
from __future__ import annotations

import contextlib
import gc
import json
import os
import shutil
import signal
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import jinja2

from portal.build.audit import audit_site, summary_lines, task_marks
from portal.build.background import BackgroundJob, release_freed_memory
from portal.build.cache import FINGERPRINT_FILE, BuildCache, Memo, SharedFiles, content_key
from portal.build.csp import InlineCode, authored_html, page_code, write_policy
from portal.build.options import BuildOptions
from portal.build.pagecache import PageCache
from portal.build.publish import sweep_temporary, temporary_name
from portal.build.site import load_site, move_assets, navigation, render_pages, write_checked_assets
from portal.content.errors import ContentError, file_error
from portal.content.pages import page_problems
from portal.outputs.search.records import OUTPUT_FOLDER, build_search_from_pages, page_sources
from portal.site.bytecode import kept_bytecode
from portal.site.model import Page, Site
from portal.site.render import keep_compiled_templates, render

ASSETS = "assets"  # the background job's folder of feeds and Word files, copied into the site as they are
ASIDE = "pages-aside"  # the search job's file of the pages' Markdown while it waits (see _put_aside)
STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}
RELEASE_EVERY = 256  # pages let go between two returns of freed memory to the system (a few ms each)
# Published tasks above which the search job waits for the downloads job to end before it starts
# its work (see _jobs_in_turn): at 600 months (≈ 28,000 tasks) the two jobs at their peaks beside the
# main process took 1.2 GB; at 120 months (≈ 5,600) they took ≈ 380 MB together, and waiting made
# the main process idle for the whole search job after a small edit (1.4 s of a 4.3 s rebuild).
# Measured again after round ten (600 months, 3 alternating pairs, peak PSS of the tree): at once the
# jobs still peak together, the downloads' archive-wide tables (≈ 300–325 MB) beside the search index
# (≈ 440–490 MB) and the idle main process (≈ 250–285 MB): 993 / 1,077 / 802 MB (no cache, empty
# cache, one-task edit; medians) against 783 / 841 / 655 MB in turn, for no clear gain in wall time.
JOBS_IN_TURN_TASKS = 15_000
# But not in a build that renders at most one page in this many afresh (a small edit, the cache warm): the
# jobs then patch what the cache kept rather than make it, and their peaks are far lower. Measured at 600
# months, one-task edit, 3 alternating pairs (ddbe587): in turn 6.4–6.7 s wall, at once 5.9 s, same CPU.
FEW_PAGES_AFRESH = 10
# The downloads job's lower priority while the three processes work at once (two cores) in a build that
# renders many pages afresh: the build ends when the builder and the search job have (the search job
# starts only once the pages are rendered, and indexing from scratch it is the last to end), and the
# downloads job, whose end nothing waits for first, then takes what they leave, without slowing them. Not
# when the search job waits for it (a large archive: it is then on the way to the build's end), nor after a
# small edit (few pages afresh), where the search job only patches its index and the downloads job is the
# last to end (measured: see _start_search).
DOWNLOADS_NICENESS = 10


class BuildError(Exception):
    """The build cannot go on; the message (Vietnamese) says why and is shown to the editor."""


class KeptPages:
    """A preview's generated pages (their Markdown) from its last rebuild, by what each follows from
    (:func:`portal.site.render.render_kept_from`'s key parts), held in the ``serve`` process.

    Why: a rebuild after one edit asks the build cache for every page, and most are the same text as
    last time; from the cache each costs hashing its key, reading its file and unpickling it (≈ 0.1 s
    for 840 pages). Here the key parts are looked up as they are, and the text is the very string of
    the last rebuild. A page not held is asked of the build cache's store (the first rebuild, a page
    an edit changed), which keeps it for the next ``serve`` or build as before. The texts are immutable
    (UTF-8 bytes) the last rebuild made anyway; only that rebuild's are held (:meth:`settle`), and all are
    dropped when the build cache's fingerprint changes (the portal's code or templates edited)."""

    def __init__(self) -> None:
        self._stamp: tuple | None = None
        self._store: Memo | None = None
        self._last: dict = {}  # the last good rebuild's pages
        self._now: dict = {}  # this rebuild's (and a failed one's) pages

    def open(self, cache: BuildCache) -> "KeptPages":
        """For a rebuild with ``cache``. The store is the first rebuild's, and keeps every page it
        was asked for since: a later rebuild asks it only for pages it lacks, so a store of that
        rebuild's own would keep only those (:meth:`portal.build.cache.Memo.save` keeps what was
        used)."""
        stamp = _fingerprint_stamp(cache)
        if stamp is None or stamp != self._stamp:
            self._stamp, self._store, self._last, self._now = stamp, cache.memo("pages"), {}, {}
        return self

    def cached(self, parts: tuple, make: Callable[[], Any]) -> Any:
        value = self._now.get(parts)
        if value is None:
            value = self._last.pop(parts, None)
            if value is None:
                value = self._store.cached(parts, make) if self._store is not None else make()
            self._now[parts] = value
        return value

    def settle(self, log: Callable[[str], None]) -> None:
        """After a good rebuild: only its pages are held, and the store keeps the pages it made (for the
        next ``serve`` or build)."""
        self._last, self._now = self._now, {}
        if self._store is not None:
            try:
                self._store.save()
            except OSError as exc:
                log(f"Bộ nhớ đệm dựng trang: không ghi được {self._store.path.name} ({exc}).")


_NOT_HELD = object()  # a result the memo does not hold (see KeptResults.cached)


class KeptResults:
    """A preview's loaded months and their analyses (the build cache's ``months`` memo: validated
    programmes, masked keys, lineage, deadlines, roles…) from its last rebuild, held in the ``serve``
    process as the very objects that rebuild used.

    Why: each rebuild after one edit asked the memo for every month's programme and analyses, and the
    memo unpickled each from its file again (≈ 0.1 s of a rebuild's CPU at 120 months, for 119 months
    that did not change). A result is looked up by its key (:func:`portal.build.cache.content_key` of
    its parts, which name everything it is made of, as for the memo), so an unchanged month's result
    is exact. The objects are shared with the next rebuild as the preview's parsed files always were
    (the build copies a programme it changes: :func:`portal.build.site.drop_restricted`). Only the
    last good rebuild's results are held (:meth:`settle`); all are dropped with the build cache's
    fingerprint (the portal's code or templates edited).

    The memo's file is saved by the downloads job (a rebuild whose months changed): the results taken
    from here are handed to the memo first (:meth:`hand_over`), so it keeps them for the next build."""

    def __init__(self) -> None:
        self._stamp: tuple | None = None
        self._store: Memo | None = None
        self._last: dict = {}  # key → (result, parts, plain) of the last good rebuild
        self._now: dict = {}  # this rebuild's (and a failed one's)
        self._taken: list = []  # this rebuild's results taken from here, not from the memo

    def open(self, cache: BuildCache) -> "KeptResults":
        stamp = _fingerprint_stamp(cache)
        if stamp is None or stamp != self._stamp:
            self._stamp, self._last, self._now = stamp, {}, {}
        else:
            # a failed rebuild's results (it never settled) are held as the last rebuild's: taken again,
            # they go through _taken, so the memo saved next keeps them (found in review: the months a
            # failed rebuild loaded were dropped from the memo, and the next build validated them again)
            self._last.update(self._now)
            self._now = {}
        self._store, self._taken = cache.memo("months", held=True), []
        return self

    def cached(self, parts: tuple, make: Callable[[], Any], plain: bool = False) -> Any:
        key = content_key(*parts)
        entry = self._now.get(key)
        if entry is None:
            entry = self._last.pop(key, None)
            if entry is None:  # asked of the memo, by the key made here (Memo.cached would hash it again)
                value = self._store.get(key, _NOT_HELD) if self._store is not None else _NOT_HELD
                if value is _NOT_HELD:
                    value = self._store.put(key, make(), plain) if self._store is not None else make()
                entry = (value, parts, plain)
            else:
                self._taken.append((key, entry))
            self._now[key] = entry
        return entry[0]

    def hand_over(self) -> None:
        """Before the downloads job saves the memo: the results taken from here count as used by it
        (:meth:`portal.build.cache.Memo.keep`), and those it does not hold (made by an earlier rebuild,
        whose memo was not saved) are given to it."""
        if self._store is None:
            return
        for key, (value, parts, plain) in self._taken:
            if not self._store.keep(parts):
                self._store.put(key, value, plain)
        self._taken = []

    def settle(self) -> None:
        """After a good rebuild: only its results are held."""
        self._last, self._now = self._now, {}


def _fingerprint_stamp(cache: BuildCache) -> tuple | None:
    """The build cache's fingerprint file as it is now (its bytes and inode): a new one means the
    portal's code or templates changed, and nothing kept from earlier rebuilds may be used."""
    marker = cache.folder / FINGERPRINT_FILE
    try:
        return marker.read_bytes(), marker.stat().st_ino
    except OSError:
        return None


@dataclass
class Preview:
    """State kept across the rebuilds of one ``serve`` process (``dirty``: ``serve --dirty``)."""

    cache: PageCache = field(default_factory=PageCache)
    parsed: dict = field(default_factory=dict)
    pages: KeptPages = field(default_factory=KeptPages)  # the last rebuild's pages, with a build cache
    results: KeptResults = field(default_factory=KeptResults)  # its loaded months, with a build cache
    # src_uri → the task marks of the generated page as the served folder holds it (see _finish_preview)
    marks: dict = field(default_factory=dict)
    # src_uri → a page's title as the builder last read it: a dirty rebuild reads only the pages it
    # writes, and the navigation of those showed no title for a hand-written page it left
    titles: dict = field(default_factory=dict)
    dirty: bool = True
    # the months the search index, feeds and Word files were last written for (None: never)
    published_months: tuple | None = None
    known: list = field(default_factory=list)  # (src_uri, title, in_nav) of the last good build's pages
    dest: dict = field(default_factory=dict)  # generated src_uri → the HTML file the builder wrote
    assets: set = field(default_factory=set)  # feeds and Word files (site paths) last copied in
    error_pages: list = field(default_factory=list)  # HTML files the last error build wrote

    pending: threading.Thread | None = None  # the search index, feeds and Word files being written

    @property
    def searched(self) -> bool:
        return self.published_months is not None

    def wait(self) -> None:
        """Until the search index, feeds and Word files of the last build are in place."""
        if self.pending is not None:
            self.pending.join()
            self.pending = None

    def close(self) -> None:
        self.wait()
        self.cache.remove()

    def build_failed(self) -> None:
        """A rebuild failed partway: some pages may have been written whose marks were not noted."""
        self.marks.clear()


@dataclass
class GeneratedFile:
    """A generated page as the builder takes it: its front matter in memory, or a cached file."""

    src_uri: str
    content: str
    in_nav: bool
    cached_path: Path | None = None


class Build:
    """One build: :meth:`start`, :meth:`files`, :meth:`markdown` and :meth:`body` per page, then
    :meth:`finish`."""

    def __init__(self, site: Site | None, pages: list[Page], preview: Preview | None, log: Callable[[str], None],
                 error_html: str | None = None):
        self.site = site
        self.pages = pages
        self.preview = preview
        self.log = log
        self.error_html = error_html  # set in an error build: the body of every page
        self._by_uri = {page.src_uri: page for page in pages}
        self._staging: Path | None = None
        self._jobs: list[BackgroundJob] = []  # the downloads' job, then the search index's
        self.cache: BuildCache | None = None
        self._remove_on_stop: list[Path] = []  # the caller's folders to remove if the build is stopped
        self._stopper: _Stopper | None = None
        self._html_keys: dict[str, str] = {}  # src_uri → the key its finished HTML is kept under
        self._body_keys: dict[str, str] = {}  # src_uri → a digest of its body (see held_body)
        self._html_reusing: set[str] = set()  # pages whose earlier HTML is to be written as it is
        self._html_reused = 0
        self._let_go_count = 0  # pages whose Markdown was let go (see _let_go)
        self._finished: SharedFiles | None = None
        self._static: SharedFiles | None = None
        self._written: list[tuple[str, Path, tuple]] = []  # (key, file, note) of each page rendered
        self._marks: dict[str, frozenset[str]] = {}  # src_uri → the tasks its built page lists
        self._page_code: dict[str, InlineCode] = {}  # site path → the inline code of its built page
        self._authored: frozenset[str] = frozenset()  # built files of hand-written pages (see csp)
        self._writes_policy = False  # under the publisher: the security policy is written here

    @classmethod
    def start(cls, content_dir: Path, *, docs_dir: Path, site_name: str, site_url: str = "",
              options: BuildOptions = BuildOptions(), preview: Preview | None = None,
              log: Callable[[str], None] = lambda message: None, stoppable: bool = False) -> "Build":
        """Load and validate all content before anything is written, render every page, and fork
        the background job. Raises :class:`BuildError` on bad content. ``options``: the edition,
        drafts and date, as the entry point read them (:class:`BuildOptions`).

        The hand-written pages (``docs_dir``) are checked as content: only known formats, no link
        out of the project, no script (:func:`portal.content.pages.page_problems`).

        ``stoppable`` (a one-off build in the main thread, not a preview server, which has its own
        Ctrl-C): Ctrl-C or SIGTERM ends the build in one Vietnamese line, with the background
        job stopped and its temporary files removed, instead of a traceback and leftovers."""
        sweep_temporary()  # what killed builds left in the temporary folder
        if preview is not None:
            preview.wait()  # the last build's search index, feeds and Word files are in place
        stopper = _Stopper(quiet=options.under_publisher).install() if stoppable else None
        gc.unfreeze()  # a preview rebuild lets the previous build's site be collected
        gc.disable()  # loading makes millions of long-lived objects: collecting them midway only costs time
        cache = BuildCache.open(content_dir.parent, ("internal" if options.include_restricted else "public")
                                + ("-drafts" if options.include_drafts else ""), setting=options.build_cache)
        if cache:
            keep_compiled_templates(cache.folder / "templates")
        try:
            try:
                site = load_site(content_dir, include_restricted=options.include_restricted,
                                 include_drafts=options.include_drafts, site_url=site_url or "",
                                 cache=preview.parsed if preview else {},
                                 source_date_epoch=options.source_date_epoch,
                                 memo=(preview.results.open(cache) if preview else cache.memo("months", held=True))
                                 if cache else None)
                authored = page_problems(docs_dir, content_dir.parent, withheld=site.withheld,
                                         published=site.tasks())
                if authored:
                    raise ContentError(authored)
            except ContentError as exc:
                if preview is None:
                    raise BuildError("Nội dung có lỗi, trang chưa được dựng lại:\n" + str(exc)) from None
                gc.enable()
                return cls._error_build(exc.problems, preview, log, docs_dir)
            for problem in site.warnings:
                log(str(problem))
        except BaseException:
            gc.enable()
            if stopper:
                stopper.release()
            raise
        build = cls(site, [], preview, log)
        build.cache = cache
        build._authored = frozenset(authored_html(docs_dir))
        build._writes_policy = options.under_publisher and preview is None
        build._stopper = stopper
        if stopper:
            stopper.build = build
        # The downloads need the site only: their job starts before the pages are rendered, so that it
        # works beside the rendering and never holds a copy of the pages.
        gc.freeze()  # what is loaded lives until the build ends: no collector's scans, shared with the job
        build._start_downloads()
        try:
            # the cache's pages, each read when asked: never every page's Markdown held twice
            pages_memo = (preview.pages.open(cache) if preview else cache.memo("pages")) if cache else None
            pages = render_pages(site, pages_memo)
        except BaseException:
            gc.enable()
            build._stop_now()
            build._release_stop_signals()
            raise
        release_freed_memory()  # the pages' texts, let go as each page took its UTF-8 bytes
        gc.freeze()  # the pages too
        gc.enable()
        build.pages = pages
        build._by_uri = {page.src_uri: page for page in pages}
        build._start_search(docs_dir, site_name, getattr(pages_memo, "misses", None))
        return build

    @classmethod
    def _error_build(cls, problems: list, preview: Preview, log: Callable[[str], None], docs_dir: Path) -> "Build":
        """A preview's build of bad content: every page is the error message (see the module).
        The hand-written pages are given as generated pages too, so that a dirty build, which
        skips a page whose source is older than its HTML, writes them again."""
        log("Nội dung có lỗi, trang xem trước hiển thị lỗi cho đến khi sửa xong:\n"
            + "\n".join(str(p) for p in problems))
        error = Page("index.md", render("build_error.md.j2", problems=problems), "Lỗi dữ liệu")
        known = preview.known or [("index.md", "Trang chủ", True)]
        generated = {uri for uri, _, _ in known}
        known = known + [(uri, "Lỗi dữ liệu", False) for uri in
                         sorted(p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*.md"))
                         if uri not in generated]
        pages = [Page(uri, f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n---\n", title, in_nav)
                 for uri, title, in_nav in known]
        return cls(None, pages, preview, log, error_html=error.html())

    @property
    def is_error(self) -> bool:
        return self.error_html is not None

    def _loaded(self) -> Site:
        """The loaded site: every build has one but an error build, which never asks."""
        if self.site is None:
            raise RuntimeError("an error build has no site")
        return self.site

    def _previewing(self) -> Preview:
        """The preview's state: asked only where the build is a preview (an error build always is)."""
        if self.preview is None:
            raise RuntimeError("not a preview build")
        return self.preview

    def markdown(self, src_uri: str, markdown: str) -> str:
        """A page's Markdown as the builder should convert it: in an error build nothing (the
        hand-written pages' links are not checked against pages that are not there), and for a
        generated page nothing either: its body is finished HTML, handed over when its template is
        rendered (:meth:`body`). A preview's page cache file holds the whole page (its time says
        when the page changed), and converting that body gave only what :meth:`held_body` drops,
        at ≈ 40 ms a page, and a table of contents ``make site`` does not make."""
        return "" if self.is_error or src_uri in self._by_uri else markdown

    def navigation(self, docs_dir: Path) -> list:
        """The short nav: the generated section pages, then the hand-written pages of ``docs_dir``."""
        static = sorted(p.relative_to(docs_dir).as_posix() for p in docs_dir.glob("*.md") if p.name != "index.md")
        return navigation(self.pages) + static

    def files(self) -> list[GeneratedFile]:
        """Every generated page for the builder's file list; in a preview, from the page cache, whose
        files change only with their text, so a dirty rebuild renders only the pages an edit changed.
        The page cache is given each page's UTF-8 bytes as held: an unchanged page's are the very
        object of the last rebuild (:class:`KeptPages`), which the cache knows without a digest; its
        text (a new string each time) was decoded, encoded again and hashed for every page."""
        cache = self.preview.cache if self.preview and self.preview.dirty and not self.is_error else None
        cached = cache.sync([(p.src_uri, p.markdown_utf8) for p in self.pages]) if cache else {}
        if cache:
            self.log(f"Xem trước: {len(cache.written)} trang sinh ra đã thay đổi và được dựng lại.")
        return [GeneratedFile(page.src_uri, page.front_matter(), page.in_nav, cached.get(page.src_uri))
                for page in self.pages]

    def held_body(self, src_uri: str, dest: str | None = None) -> str | None:
        """What the builder holds as a page's converted body until it renders the page's template:
        ``None`` for a hand-written page (its own conversion), in an error build the error message,
        and for a generated page nothing: its finished HTML is handed over by :meth:`body` when the
        page is rendered, one page at a time (the builder converts every page before rendering any,
        so holding the bodies meanwhile held the HTML of the whole archive at once, a copy of the
        Markdown the search job still has). A digest of the body stands for it in what the page is
        made of (:meth:`body_key`). ``dest``: the HTML file the builder writes, which a preview
        remembers (see :meth:`finish`)."""
        if self.is_error:
            if dest:
                self._previewing().error_pages.append(dest)
            return self.error_html
        page = self._by_uri.get(src_uri)
        if page is None:
            return None
        if self.preview is not None and dest:
            self.preview.dest[src_uri] = dest
        if self._finished_pages() is not None:  # by what the page was rendered from, when known
            body = b"" if page.made_of else page.html_utf8()
            self._body_keys[src_uri] = content_key("page-made-of", page.made_of) if page.made_of \
                else content_key("page-body", body)  # the same key either way
        return ""

    def body_key(self, src_uri: str) -> str | None:
        """The digest of a generated page's body (see :meth:`held_body`); None for another page."""
        return self._body_keys.get(src_uri)

    def body(self, src_uri: str) -> str | None:
        """A generated page's finished HTML, as its template is rendered (``None`` for another page).
        Its Markdown is let go here, unless a job that could not fork still needs it."""
        page = self._by_uri.pop(src_uri, None)
        if page is None or self.is_error:
            return None
        body = page.html()
        if self._job_has_own_pages():
            self._let_go(page)
        return body

    def let_go(self, src_uri: str) -> None:
        """A page whose body is not needed (its earlier HTML is reused): its Markdown is let go now."""
        page = self._by_uri.pop(src_uri, None)
        if page is not None and self._job_has_own_pages():
            self._let_go(page)

    def _let_go(self, page: Page) -> None:
        """Let a page's Markdown go; every so many pages the memory freed is given back to the system
        (see :func:`_read_once`: the search job lets the same texts go)."""
        page.markdown = ""
        self._let_go_count += 1
        if self._let_go_count % RELEASE_EVERY == 0 or not self._by_uri:
            release_freed_memory()

    # ---- finished pages of an earlier build: the theme's rendering skipped where nothing changed ----

    def theme_bytecode(self, env: jinja2.Environment) -> jinja2.BytecodeCache | None:
        """The compiled templates of the builder's theme environment ``env``: the build cache's folder
        (read and written, so that a build, and each preview rebuild, does not compile Material's
        templates again; Jinja checks each against its source), and those ``make`` compiled at
        install time (read only: :mod:`portal.site.bytecode`); None when there are neither."""
        folder = self.cache.folder / "theme-templates" if self.cache is not None else None
        return kept_bytecode(env, folder)

    def _finished_pages(self) -> SharedFiles | None:
        """Where finished pages are kept: the build cache's, in a one-off build (a preview has its
        own dirty rebuilds, an error build writes only the message)."""
        if self.cache is None or self.preview is not None or self.is_error:
            return None
        if self._finished is None:
            self._finished = self.cache.shared_files("html")
        return self._finished

    def has_earlier_html(self, src_uri: str, made_of: tuple) -> bool:
        """Whether an earlier build wrote this page's HTML from everything the builder makes it of
        now; if not, the builder renders it and hands it to :meth:`page_written`; if so, the builder
        renders nothing and asks :meth:`place_earlier_html` to put that HTML in the site when it
        comes to write the page.

        Why: the theme's template is most of a builder's time per page (Material: ≈ 2.5 ms), and after
        one month's edit most pages are the same. ``made_of``: everything the builder's template reads
        for this page, as the hooks see it (the page's body, title, links, table of contents, the
        navigation, the configuration, the theme's and hooks' files); the portal's own code and the
        libraries' versions tie the whole cache (:func:`portal.build.cache.fingerprint`)."""
        finished = self._finished_pages()
        if finished is None:
            return False
        key = content_key("page-html", *made_of)
        self._html_keys[src_uri] = key
        if finished.has(key):
            self._html_reusing.add(src_uri)
            return True
        return False

    def place_earlier_html(self, src_uri: str, dest: Path, dest_uri: str) -> bool:
        """Put the HTML :meth:`has_earlier_html` found for this page at ``dest`` (a link to the cache's
        file: its bytes are not read, and what the audit and the security policy need of it was noted
        when it was made); False for a page the builder renders and writes itself. A file that went
        missing since is an error of the build, not a stale page."""
        finished = self._finished_pages()
        if finished is None or src_uri not in self._html_reusing:
            return False
        self._html_reusing.discard(src_uri)
        key = self._html_keys.pop(src_uri)
        try:
            finished.place(key, dest)
        except FileNotFoundError:
            raise BuildError(f"Bộ nhớ đệm dựng trang: trang «{src_uri}» đã bị xóa trong khi dựng; hãy dựng lại.") from None
        self._noted(src_uri, dest_uri, finished.note(key))
        self._html_reused += 1
        return True

    def page_written(self, src_uri: str, html: str, dest: Path, dest_uri: str) -> None:
        """A page the builder rendered, as it writes it to ``dest`` (``dest_uri``: site-relative): what
        the audit and the security policy need of it is read now, from the text in hand, and the file,
        once written, is kept for the next build (see :meth:`place_earlier_html`)."""
        if self.is_error:
            return
        key = self._html_keys.pop(src_uri, None)
        keeping = key is not None and self._finished_pages() is not None
        note = (task_marks(html), page_code(dest_uri, html, self._authored)
                if keeping or self._writes_policy else None)
        self._noted(src_uri, dest_uri, note)
        if keeping and key is not None:
            self._written.append((key, dest, note))

    def _noted(self, src_uri: str, dest_uri: str, note: tuple) -> None:
        marks, code = note
        self._marks[src_uri] = marks
        if code is not None:
            self._page_code[dest_uri] = code

    def static_files(self, site_dir: Path) -> SharedFiles | None:
        """Where the builder's static files (the theme's scripts, styles and images, the project's own)
        are kept for this build: the build cache's, in a one-off build whose site folder is on the
        cache's file system; None otherwise, and the builder copies them as usual.

        Why: they are the same bytes every build (2.6 MB in some 60 files with Material), yet each build
        wrote them afresh and removed the previous site's copies, and on this project's disks removing a
        written file costs milliseconds where removing a link costs nothing (see
        :func:`portal.build.publish.remove_tree`). Kept by their bytes' hash, each is a link."""
        if self._static is None and self._finished_pages() is not None and self.cache is not None:
            store = self.cache.shared_files("static-files")
            site_dir.mkdir(parents=True, exist_ok=True)  # the builder makes it with its first file
            if store.links_to(site_dir):
                self._static = store
        return self._static

    def place_static_file(self, dest: Path, data: bytes) -> None:
        """Put a static file's ``data`` at ``dest`` in the site: a link to the cache's copy of the same
        bytes, made from ``data`` the first time (see :meth:`static_files`)."""
        store = self._static
        if store is None:
            raise RuntimeError("no store of static files: ask static_files() first")
        try:
            dest.parent.mkdir(parents=True, exist_ok=True)
            store.write(dest, data)
        except OSError as exc:  # a full disk, a read-only folder: one line naming the file
            raise BuildError(file_error(exc, exc.filename or dest)) from exc

    def _keep_finished_pages(self) -> None:
        """After a good build: the pages the builder wrote become the cache's (see :class:`SharedFiles`),
        which keeps only this build's pages."""
        finished = self._finished_pages()
        if finished is None:
            return
        for key, dest, note in self._written:
            finished.store(key, dest, note)
        self._written = []
        for store in (finished, self._static):
            if store is not None:  # each keeps only what this build used
                store.sweep()
                store.save()

    def _write_policy(self, site_dir: Path) -> None:
        """Under the publisher, the site's Content-Security-Policy is written here, from the inline
        code noted as each page was written (see :mod:`portal.build.csp`): the publisher then does not
        read every page again. Only the files no hook saw (the theme's 404 page) are read."""
        if self._writes_policy:
            try:
                write_policy(site_dir, self._authored, self._page_code)
            except OSError as exc:
                raise BuildError(file_error(exc, exc.filename or site_dir)) from exc

    def finish(self, site_dir: Path) -> None:
        """Audit the built site (no task missing from a page that must list it), then move in the
        search index, feeds and Word files written beside the build. Raises :class:`BuildError`."""
        if self.is_error:
            self._finish_error()
            return
        if self.preview is not None:
            self._finish_preview()
        problems = audit_site(self._loaded(), site_dir, data_files=False, marks=self._marks)
        if problems:
            self.abandon()
            shown = "\n".join(summary_lines(problems))
            raise BuildError(f"Kiểm tra sau khi dựng: {len(problems)} nhiệm vụ bị thiếu trên trang:\n{shown}")
        if self.cache is not None:  # a good build: the cache keeps its pages, not older ones
            self._keep_finished_pages()
            self.cache.sweep_files()
            if self.preview is None:  # a preview's pages are saved by its own store (KeptPages.settle)
                self.cache.save("pages")
        if not self._jobs:
            self._release_stop_signals()
            self.log("Xem trước: các tháng không đổi, chỉ mục tìm kiếm, lịch .ics và bản Word giữ như lần "
                     "dựng trước (dựng đầy đủ bằng «make site»).")
            return
        if self.preview is not None and self._jobs[0].pid is None:
            self._collect_after_preview(site_dir / OUTPUT_FOLDER)
            return
        try:
            count = self._collect(site_dir / OUTPUT_FOLDER)
        except OSError as exc:  # a full disk (or TMPDIR), a read-only folder: say which file and what to do
            raise BuildError(file_error(exc, exc.filename or site_dir)) from exc
        except Exception as exc:  # the index is part of the site: no silent half-built search
            raise BuildError(f"Không tạo được chỉ mục tìm kiếm: {exc}") from exc
        finally:
            self._release_stop_signals()
        if self.preview is not None:
            self.preview.published_months = self._months()
        self.log(f"Chỉ mục tìm kiếm: {count} mục.")
        self._write_policy(site_dir)
        finished = self._finished_pages()
        if finished is not None:
            self.log(f"Trang HTML: {self._html_reused} trang không đổi lấy lại từ lần dựng trước, "
                     f"{finished.misses} trang dựng lại.")

    def _collect_after_preview(self, target: Path) -> None:
        """A preview's job that could not fork (``serve`` runs threads) runs on a thread once the
        pages are written, so that the browser shows the new or removed month at once and the
        search index, feeds and Word files follow seconds later; the next rebuild waits for it."""
        preview, months = self._previewing(), self._months()

        def run() -> None:
            try:
                count = self._collect(target)
            except Exception as exc:  # noqa: BLE001 - reported to the editor, the preview goes on
                self.log(f"Không tạo được chỉ mục tìm kiếm: {exc}")
                return
            preview.published_months = months
            self.log(f"Xem trước: chỉ mục tìm kiếm ({count} mục), lịch .ics và bản Word đã ghi lại.")

        preview.pending = threading.Thread(target=run, name="portal-preview-assets", daemon=True)
        preview.pending.start()

    def _months(self) -> tuple:
        return tuple(sorted(p.month for p in self._loaded().programmes))

    def _finish_error(self) -> None:
        """The error pages get an old modification time, so the next good (dirty) build, whatever
        changed, writes every one of them again."""
        preview = self._previewing()
        preview.marks.clear()  # every page is the message now
        for dest in preview.error_pages:
            with contextlib.suppress(OSError):
                os.utime(dest, (0, 0))
        self.log("Xem trước: mọi trang đang hiển thị lỗi dữ liệu; lưu tệp đã sửa để dựng lại.")

    def _finish_preview(self) -> None:
        """After a good preview build: pages of the last build that are gone (a month deleted,
        a department no longer named) are removed from the served folder, and what this build
        wrote is remembered for the next.

        The audit then reads no page: a dirty rebuild writes only the pages an edit changed, and
        each page it left is the file an earlier rebuild wrote, whose task marks were noted then
        (reading every page back cost ≈ 0.15 s a rebuild at 120 months)."""
        preview = self._previewing()
        current = {page.src_uri for page in self.pages}
        for uri in [u for u in preview.dest if u not in current]:
            _remove_page(Path(preview.dest.pop(uri)))
            preview.marks.pop(uri, None)
        preview.known = [(p.src_uri, p.title, p.in_nav) for p in self.pages]
        preview.error_pages = []
        preview.marks.update(self._marks)
        self._marks = preview.marks
        preview.pages.settle(self.log)
        preview.results.settle()

    def abandon(self) -> None:
        """The build failed: wait for the background job and clean up, keep nothing."""
        self._release_stop_signals()
        if not self._jobs:
            return
        try:
            for job in self._jobs:
                with contextlib.suppress(RuntimeError):
                    job.join()
        finally:
            self._clean()

    # ---- the background job: search index, feeds and Word files on the other core ----------

    def _writes_assets(self) -> bool:
        """Whether this build writes the search index, feeds and Word files: always, but in a dirty
        preview whose months are those it last wrote them for (editors preview pages; ``make site``
        always writes everything afresh)."""
        return self.preview is None or self.preview.published_months != self._months()

    def _start_downloads(self) -> None:
        """Write the feeds, Word and Excel files and open data beside the rendering and the builder:
        a forked child that shares the loaded site with this process (see
        :mod:`portal.build.background`); with the search index's child (:meth:`_start_search`) and the
        builder's process they keep both cores busy. Each child takes what it can from the build cache
        and writes back what it used (:mod:`portal.build.cache`)."""
        if not self._writes_assets():
            return
        site, cache, preview = self._loaded(), self.cache, self.preview

        def downloads() -> int:
            gc.enable()  # the child's own garbage is collected (what it shares stays frozen)
            write_checked_assets(site, self._staging_folder() / ASSETS, cache.memo("downloads") if cache else None,
                                 cache.shared_files("download-files") if cache else None)
            if cache:
                if preview is not None:
                    preview.results.hand_over()  # the memo saved keeps the months kept in the preview
                cache.save("downloads", "months")
            return 0

        self._start_job(downloads)

    def _start_search(self, docs_dir: Path, site_name: str, rendered_afresh: int | None = None) -> None:
        """Write the search index beside the builder, from the rendered pages (a forked child, as
        :meth:`_start_downloads`). ``rendered_afresh``: how many pages the cache did not hold (None
        without a cache), which decides whether the job waits for the downloads' (:meth:`_jobs_in_turn`)."""
        if not self._writes_assets():
            return
        in_turn = self._jobs_in_turn(rendered_afresh)
        if not in_turn and self._many_afresh(rendered_afresh):
            self._lower_downloads_priority()  # the search job, indexing afresh, will end last
        site, pages, cache, parent = self._loaded(), self.pages, self.cache, os.getpid()
        aside: list[int] = []  # the lengths of the pages' Markdown, when put aside while waiting

        def put_aside() -> None:
            aside.extend(_put_aside(pages, self._staging_folder() / ASIDE))

        def search() -> int:
            forked = os.getpid() != parent
            if forked:
                # The child ends once the index is written: its cycles go with it. With the collector on,
                # its first pass after the index's own pause (see index._collector_paused) went over every
                # word and pair the index made (0.06 s at 120 months) to free a few hundred cycles.
                gc.disable()
            if not forked:
                read: Iterable[Page] = pages
            elif aside:  # put aside while waiting
                read = _read_back(pages, self._staging_folder() / ASIDE, aside)
            else:
                read = _read_once(pages)  # a forked child's own copy
            memo = cache.memo("search") if cache else None
            files = cache.shared_files("search-files") if cache else None
            count = build_search_from_pages(site, page_sources(read, docs_dir, memo), site_name,
                                            self._staging_folder() / OUTPUT_FOLDER, memo, files)
            if cache and files is not None:
                cache.save("search")
                files.sweep()  # the index's files this build did not use (see IndexWriter)
                files.save()
            return count

        self._start_job(search, in_turn=in_turn, while_waiting=put_aside)

    def _jobs_in_turn(self, rendered_afresh: int | None = None) -> bool:
        """Whether the search job waits for the downloads job (only a large archive's two jobs weigh
        enough together for their peaks to matter: :data:`JOBS_IN_TURN_TASKS`). Below that both work at
        once beside the builder: after a small edit the builder's own work is short, and a search job
        held back until the downloads ended was the whole rebuild's last second and a half.

        A large archive's jobs work at once too when the build rendered few pages afresh
        (``rendered_afresh``, known once the pages are: :data:`FEW_PAGES_AFRESH`): after a small edit
        each job patches what the cache kept, and waiting made the search job the last 2–3 s of a
        600-month rebuild while a core stood idle. The downloads job starts before the pages are
        rendered, at the builder's priority: which job will end last is known only then (see
        :meth:`_start_search`)."""
        if sum(len(programme.tasks()) for programme in self._loaded().programmes) <= JOBS_IN_TURN_TASKS:
            return False
        return self._many_afresh(rendered_afresh)

    def _many_afresh(self, rendered_afresh: int | None) -> bool:
        """Whether the build rendered more than one page in :data:`FEW_PAGES_AFRESH` afresh (or it is
        not known: no cache, the preview): the jobs then make most of their work afresh too."""
        return rendered_afresh is None or rendered_afresh * FEW_PAGES_AFRESH > len(self.pages or ())

    def _lower_downloads_priority(self) -> None:
        """Give the running downloads job the priority it has when the jobs work at once
        (:data:`DOWNLOADS_NICENESS`); a child already ended, or not forked, is left as it is."""
        for job in self._jobs:
            if job.pid is not None:
                with contextlib.suppress(OSError):
                    os.setpriority(os.PRIO_PROCESS, job.pid,
                                   os.getpriority(os.PRIO_PROCESS, job.pid) + DOWNLOADS_NICENESS)

    def _staging_folder(self) -> Path:
        if self._staging is None:
            raise RuntimeError("no staging folder")
        return self._staging

    def _start_job(self, work: Callable[[], int], in_turn: bool = False,
                   while_waiting: Callable[[], None] | None = None) -> None:
        """Fork a job; ``in_turn``: its child begins its work only once the last job's has ended, and
        meanwhile runs ``while_waiting`` (see :class:`~portal.build.background.BackgroundJob`)."""
        # A stop signal is held back until the folder and the child are known to this build,
        # so that the stop handler always finds what to remove.
        held = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
        try:
            if self._staging is None:
                self._staging = Path(tempfile.mkdtemp(prefix=temporary_name("portal-search-")))
            after = self._jobs[-1] if in_turn and self._jobs else None
            self._jobs.append(BackgroundJob(work, after=after, while_waiting=while_waiting).start())
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)

    def _job_has_own_pages(self) -> bool:
        """Whether the pages may be let go during the build: no background job, or one forked with
        its own copy. A job that could not fork (``serve`` runs threads) runs at the end and still
        needs them."""
        return all(job.pid is not None for job in self._jobs)

    def _collect(self, target: Path) -> int:
        """Wait for the job; move its search index to ``target`` and its feeds and Word files into
        the site beside it; always clean up."""
        jobs, staging = self._jobs, self._staging
        if not jobs or staging is None:
            raise RuntimeError("no background job to collect")
        try:
            count = [job.join() for job in jobs][-1]
            shutil.rmtree(target, ignore_errors=True)
            shutil.move(str(staging / OUTPUT_FOLDER), str(target))
            assets = staging / ASSETS
            written = {p.relative_to(assets).as_posix() for p in assets.rglob("*") if p.is_file()} \
                if self.preview is not None else set()
            if assets.is_dir():
                move_assets(assets, target.parent)
            if self.preview is not None:  # a month deleted while previewing: its Word file goes too
                for gone in self.preview.assets - written:
                    (target.parent / gone).unlink(missing_ok=True)
                self.preview.assets = written
            return count
        finally:
            self._clean()

    def _release_stop_signals(self) -> None:
        if self._stopper is not None:
            self._stopper.release()
            self._stopper = None

    def _stop_now(self) -> None:
        """The build is being stopped: end the background job, remove its files and any folder
        the caller gave to :meth:`remove_on_stop`."""
        for job in self._jobs:
            job.stop()
        self._clean()
        for folder in self._remove_on_stop:
            shutil.rmtree(folder, ignore_errors=True)

    def remove_on_stop(self, folder: Path) -> None:
        """A folder of the caller's (a rendered project) to remove too if the build is stopped."""
        self._remove_on_stop.append(folder)

    def _clean(self) -> None:
        if self._staging is not None:
            shutil.rmtree(self._staging, ignore_errors=True)
        self._staging, self._jobs = None, []


def _read_once(pages: list[Page]) -> Iterator[Page]:
    """Each page, its Markdown let go as soon as the next page is asked for, and the memory freed
    given back once all are read (:func:`~portal.build.background.release_freed_memory`).

    Why: the search job reads each page's body once, at its start; the main process lets each go as
    the builder writes it. A page's text leaves memory only when both have let it go, so the job
    held the whole archive's Markdown (a third of its memory at 600 months) until it ended."""
    for page in pages:
        yield page
        page.markdown = ""
    release_freed_memory()


def _put_aside(pages: list[Page], path: Path) -> list[int]:
    """Write each page's Markdown to ``path`` and let it go here; the lengths, to read them back
    (:func:`_read_back`). The memory freed is given back.

    Why: the search job of a large archive, forked once the pages are rendered, waits for the
    downloads' job before it begins (:data:`JOBS_IN_TURN_TASKS`). Meanwhile the builder writes and
    lets go each page, but a page leaves memory only when both have let it go: the job held the
    whole archive's Markdown (≈ 200 MB at 600 months) just while the three processes are at their
    peak together, the end of the downloads' job. Put aside in a file (the system's file cache, which
    it may drop, not the job's memory) for those seconds, it is read back one page at a time. A page
    still unread (an earlier build's, :attr:`~portal.site.model.Page.unread`) is not put aside: its
    Markdown is read from the build cache's file, if at all (length -1)."""
    lengths = []
    with path.open("wb") as out:
        for page in pages:
            if page.unread:  # an earlier build's, still in the build cache's file: read there if needed
                lengths.append(-1)
                continue
            lengths.append(out.write(page.markdown_utf8))
            page.markdown = ""
    release_freed_memory()
    return lengths


def _read_back(pages: list[Page], path: Path, lengths: list[int]) -> Iterator[Page]:
    """:func:`_read_once` of pages whose Markdown was put aside in ``path`` (:func:`_put_aside`):
    each page's read back when it is asked for, let go when the next is; the file removed after."""
    with path.open("rb") as aside:
        for page, length in zip(_read_once(pages), lengths):
            if length >= 0:  # else not put aside (see _put_aside)
                page.markdown_utf8 = aside.read(length)
            yield page
    path.unlink()


def _remove_page(html: Path) -> None:
    """Remove a built page that is gone, and its folder when that is left empty."""
    html.unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        html.parent.rmdir()


class _Stopper:
    """Ctrl-C and SIGTERM during a one-off build: stop the background job, remove its files, say
    so in one Vietnamese line and leave, instead of a traceback and leftovers. The builder's
    half-written output is its caller's to remove (:func:`portal.build.publish.publish` builds into a
    staging folder, removes it and says so itself, so here nothing is printed under it)."""

    def __init__(self, quiet: bool = False):
        self.build: Build | None = None
        self.quiet = quiet  # under a publisher, which says it itself
        self._previous: dict = {}

    def install(self) -> "_Stopper":
        for signum in (signal.SIGINT, signal.SIGTERM):
            self._previous[signum] = signal.signal(signum, self._stop)
        return self

    def release(self) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)
        self._previous = {}

    def _stop(self, signum, frame) -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        if self.build is not None:
            self.build._stop_now()
        if not self.quiet:
            how = "Ctrl-C" if signum == signal.SIGINT else "tín hiệu dừng"
            print(f"Đã dừng dựng trang ({how}); thư mục tạm đã được xóa.", file=sys.stderr, flush=True)
        os._exit(128 + signum)
