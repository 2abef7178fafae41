"""MkDocs glue: hand the portal's generated pages and short nav to MkDocs. No logic lives here.

Everything is computed by the ``portal`` package (which never imports MkDocs), so another
builder can take the same pages from ``portal render``. Hooks are loaded once per ``mkdocs
serve`` process, so all state is rebuilt in ``on_config`` on every build.
"""
from __future__ import annotations

import gc
import logging
import os
import shutil
import tempfile
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel

from portal.build.audit import audit_site
from portal.build.background import BackgroundJob
from portal.build.pagecache import PageCache
from portal.build.site import load_site, navigation, render_assets, render_pages, write_assets
from portal.content.errors import ContentError
from portal.outputs.search.records import OUTPUT_FOLDER, build_search_from_pages, page_sources

ASSETS = "assets"  # the background job's folder of feeds and Word files, copied into the site as they are

log = logging.getLogger("mkdocs.plugins.portal")
_state: dict = {}
_session: dict = {}  # lives for the whole ``mkdocs serve`` process, across rebuilds


def on_startup(command, dirty):
    """``mkdocs serve --dirty``: keep generated pages in files that change only with their text."""
    if command == "serve" and dirty:
        _session["cache"] = PageCache()
        logging.getLogger("mkdocs.commands.build").addFilter(_expected_dirty_warning)


def _expected_dirty_warning(record) -> bool:
    """MkDocs warns on every dirty build, which ``strict: true`` turns into a failed preview;
    the page cache is what makes the dirty preview exact, so this one warning is dropped."""
    return not record.getMessage().startswith("A 'dirty' build is being performed")


def on_shutdown():
    cache = _session.pop("cache", None)
    if cache is not None:
        cache.remove()
        logging.getLogger("mkdocs.commands.build").removeFilter(_expected_dirty_warning)


def on_config(config):
    """Load and validate all content before anything is written; set the short nav."""
    _state.clear()
    gc.unfreeze()  # a preview rebuild lets the previous build's site be collected
    gc.disable()  # loading makes millions of long-lived objects: collecting them midway only costs time
    content_dir = Path(config.config_file_path).parent / "content"
    include_restricted = os.environ.get("PORTAL_INCLUDE_RESTRICTED") == "1"
    include_drafts = include_restricted or os.environ.get("PORTAL_INCLUDE_DRAFTS") == "1"  # set by «make serve»
    try:
        site = load_site(content_dir, include_restricted=include_restricted, include_drafts=include_drafts,
                         site_url=config.site_url or "", cache=_session.setdefault("parsed", {}))
    except ContentError as exc:
        gc.enable()
        raise PluginError("Nội dung có lỗi, trang chưa được dựng lại:\n" + str(exc)) from None
    for problem in site.warnings:
        log.info(str(problem))
    try:
        pages = render_pages(site)
    except BaseException:
        gc.enable()
        raise
    _state.update(site=site, pages=pages, by_uri={p.src_uri: p for p in pages})
    gc.freeze()  # the site lives until the build ends: spare it the collector's scans during MkDocs' work
    gc.enable()
    _start_background(config, site, pages)
    docs_dir = Path(config.docs_dir)
    static = sorted(p.relative_to(docs_dir).as_posix() for p in docs_dir.glob("*.md") if p.name != "index.md")
    config.nav = navigation(pages) + static
    return config


def on_files(files, config):
    """Add every generated page as a virtual file: nothing is written into ``docs_dir``. (Feeds
    and Word files are written by the background job, see ``_start_background``.)"""
    pages = _state.get("pages", [])
    cache = _session.get("cache")
    cached = cache.sync([(p.src_uri, p.markdown) for p in pages]) if cache else {}
    for page in pages:
        inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
        existing = files.get_file_from_path(page.src_uri)
        if existing is not None:
            files.remove(existing)
        files.append(_generated(config, page.src_uri, page.front_matter(), cached, inclusion))
    if cache:
        log.info(f"Xem trước: {len(cache.written)} trang sinh ra đã thay đổi và được dựng lại.")
    return files


def _start_background(config, site, pages) -> None:
    """Write the search index, the calendar feeds and the Word files beside the MkDocs build, on
    the other core: a forked child that shares the loaded site and rendered pages with this
    process (see portal.build.background). They are moved into the site after the build.
    A dirty preview writes them once, at its first build (editors preview pages; ``make site``
    always writes everything afresh)."""
    if _session.get("cache") is not None and _session.get("searched"):
        return
    staging = Path(tempfile.mkdtemp(prefix="portal-search-"))
    docs_dir, name = Path(config.docs_dir), config.site_name

    def work() -> int:
        write_assets(render_assets(site), staging / ASSETS)
        return build_search_from_pages(site, page_sources(pages, docs_dir), name, staging / OUTPUT_FOLDER)

    _state["search"] = (staging, BackgroundJob(work).start())


def _job_has_own_pages() -> bool:
    """Whether the pages may be let go during the build: no background job, or one forked with
    its own copy. A job that could not fork (``mkdocs serve`` runs threads) runs at the end and
    still needs them."""
    return "search" not in _state or _state["search"][1].pid is not None


def on_page_content(html, page, config, files):
    """A generated page's body is finished HTML: MkDocs converts only its front matter. The
    page's Markdown is then let go (MkDocs holds the body from here; a forked background job
    has its own copy), so an archive's pages are not held twice."""
    generated = _state.get("by_uri", {}).pop(page.file.src_uri, None)
    if generated is None:
        return html
    body = generated.html()
    if _job_has_own_pages():
        generated.markdown = ""
    return body


def on_post_page(output, page, config):
    """Once a page is written, its body is no longer needed: let it go, so that memory does not
    grow with the archive while MkDocs writes thousands of pages."""
    page.content = None
    return output


def _generated(config, src_uri, content, cached, inclusion=InclusionLevel.UNDEFINED):
    """In memory for a build; from the page cache in a dirty preview (see portal.build.pagecache)."""
    if src_uri in cached:
        return File.generated(config, src_uri, abs_src_path=str(cached[src_uri]), inclusion=inclusion)
    return File.generated(config, src_uri, content=content, inclusion=inclusion)


def on_post_build(config):
    """Audit the built site (no task missing from a page that must list it), then put in the
    search index, feeds and Word files that were written beside the build (``_start_background``)."""
    site = _state.get("site")
    if site is None:
        return
    problems = audit_site(site, Path(config.site_dir))
    if problems:
        _finish_search(None)
        shown = "\n".join(str(p) for p in problems[:20])
        more = f"\n… và {len(problems) - 20} chỗ khác." if len(problems) > 20 else ""
        raise PluginError(f"Kiểm tra sau khi dựng: {len(problems)} nhiệm vụ bị thiếu trên trang:\n{shown}{more}")
    if "search" not in _state:
        log.info("Xem trước: chỉ mục tìm kiếm, lịch .ics và bản Word giữ như lần dựng đầu (dựng đầy đủ bằng «make site»).")
        return
    try:
        count = _finish_search(Path(config.site_dir) / OUTPUT_FOLDER)
    except Exception as exc:  # the index is part of the site: no silent half-built search
        raise PluginError(f"Không tạo được chỉ mục tìm kiếm: {exc}") from exc
    _session["searched"] = True
    log.info(f"Chỉ mục tìm kiếm: {count} mục.")


def on_build_error(error):
    _finish_search(None)


def _finish_search(target: Path | None) -> int:
    """Wait for the background job; move its search index to ``target`` and its feeds and Word
    files into the site beside it (or drop them); always clean up."""
    if "search" not in _state:
        return 0
    staging, job = _state.pop("search")
    try:
        if target is None:  # the build failed: only wait for the child and clean up
            try:
                job.join()
            except RuntimeError:
                pass
            return 0
        count = job.join()
        shutil.rmtree(target, ignore_errors=True)
        shutil.move(str(staging / OUTPUT_FOLDER), str(target))
        if (staging / ASSETS).is_dir():
            shutil.copytree(staging / ASSETS, target.parent, dirs_exist_ok=True)
        return count
    finally:
        shutil.rmtree(staging, ignore_errors=True)
