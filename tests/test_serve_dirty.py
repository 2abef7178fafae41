"""The dirty live preview (``make serve``): an edit shows, and only the changed pages are rebuilt."""
from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, copy_project

sys.path.insert(0, str(ROOT / "scripts"))
from gen_archive import generate_archive  # noqa: E402

pytestmark = pytest.mark.build


def test_dirty_rebuild_renders_the_edited_month_and_leaves_the_others(tmp_path, monkeypatch):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    (tmp_path / "project").mkdir()
    project = copy_project(tmp_path / "project")
    generate_archive(3, seed=3, out_dir=project, start="2024-01")
    monkeypatch.chdir(project)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    site = tmp_path / "preview"

    def config():
        return load_config(str(project / "mkdocs.yml"), site_dir=str(site))

    first = config()
    assert first.strict  # the dirty preview must not trip strict mode
    first.plugins.on_startup(command="serve", dirty=True)
    try:
        build(first, dirty=True)
        edited, other = site / "programmes" / "2024-02" / "index.html", site / "programmes" / "2024-01" / "index.html"
        before = {path: path.stat().st_mtime_ns for path in (edited, other)}
        month = project / "content" / "programmes" / "2024-02.yaml"
        text = month.read_text(encoding="utf-8")
        month.write_text(text.replace("    text: ", "    text: ĐÃ SỬA XEM TRƯỚC ", 1), encoding="utf-8")
        os.utime(month, ns=(time.time_ns(), time.time_ns() + 10**9))
        time.sleep(0.02)
        build(config(), dirty=True)
        assert "ĐÃ SỬA XEM TRƯỚC" in edited.read_text(encoding="utf-8")
        assert edited.stat().st_mtime_ns > before[edited]
        assert other.stat().st_mtime_ns == before[other]
    finally:
        first.plugins.on_shutdown()
    assert not logging.getLogger("mkdocs.commands.build").filters


def test_search_indexes_the_pages_when_the_job_cannot_fork(tmp_path, monkeypatch):
    """``mkdocs serve`` runs threads, so the background job runs after the build instead of beside
    it: the pages it indexes must still be there (the build lets go of pages a forked job shares)."""
    import json
    import threading

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    (tmp_path / "project").mkdir()
    project = copy_project(tmp_path / "project")
    monkeypatch.chdir(project)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    site = tmp_path / "served"
    stop = threading.Event()
    server_like = threading.Thread(target=stop.wait)
    server_like.start()
    try:
        build(load_config(str(project / "mkdocs.yml"), site_dir=str(site)))
    finally:
        stop.set()
        server_like.join()
    fields = json.loads((site / "search" / "index.json").read_text(encoding="utf-8"))["fields"]
    rows = [row for path in (site / "search" / "records").iterdir()
            for row in json.loads(path.read_text(encoding="utf-8"))]
    pages = {row[fields.index("href")]: row[fields.index("text")] for row in rows if "#" not in row[0]}
    assert pages.get("directives/24-ct-tw/"), sorted(pages)[:20]
    assert (site / "tai-ve" / "chuong-trinh-2023-11.docx").exists() and (site / "lich" / "tat-ca.ics").exists()


def _pages_html(site) -> dict:
    """Every built page (``…/index.html``, the home page too) by its site path, as bytes."""
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in site.rglob("*.html")}


def test_dirty_preview_serves_the_pages_a_full_build_writes(tmp_path, monkeypatch):
    """After edits in several months, every page the dirty preview holds is the page a full build of
    the same content writes, byte for byte: pages it kept from earlier rebuilds (the build cache's and
    its own, held in memory), pages it rendered again, the audit fed with marks of pages it left."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    (tmp_path / "project").mkdir()
    project = copy_project(tmp_path / "project")
    generate_archive(4, seed=11, out_dir=project, start="2024-01")
    monkeypatch.chdir(project)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1733443200")
    site = tmp_path / "preview"

    def config():
        return load_config(str(project / "mkdocs.yml"), site_dir=str(site))

    def edit(month: str, old: str, new: str) -> None:
        path = project / "content" / "programmes" / f"{month}.yaml"
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        os.utime(path, ns=(time.time_ns(), time.time_ns() + 10**9))
        time.sleep(0.02)

    from portal.build import audit, session

    unread: list[int] = []  # per rebuild: the pages the audit had to read back from the served folder

    def audit_noting(site_, site_dir, data_files=True, marks=None):
        unread.append(len(set(audit.expected_listings(site_)) - set(marks or {})))
        return audit.audit_site(site_, site_dir, data_files=data_files, marks=marks)

    monkeypatch.setattr(session, "audit_site", audit_noting)
    first = config()
    first.plugins.on_startup(command="serve", dirty=True)
    try:
        build(first, dirty=True)
        edit("2024-02", "    text: ", "    text: Đã sửa lần một, ")
        build(config(), dirty=True)
        edit("2024-04", "    text: ", "    text: Sửa tháng mới nhất, ")
        edit("2024-02", "Đã sửa lần một, ", "")  # back to a text an earlier rebuild rendered
        build(config(), dirty=True)
    finally:
        first.plugins.on_shutdown()
    assert unread == [0, 0, 0]  # the pages a rebuild left are known by the marks noted when written
    monkeypatch.setattr(session, "audit_site", audit.audit_site)

    full = tmp_path / "full"
    full.mkdir()
    copy_project(full, content=project / "content")
    monkeypatch.chdir(full)
    whole = load_config(str(full / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    whole.plugins.on_startup(command="build", dirty=False)
    try:
        build(whole)
    finally:
        whole.plugins.on_shutdown()

    served, built = _pages_html(site), _pages_html(tmp_path / "site")
    assert sorted(served) == sorted(built)
    assert "Sửa tháng mới nhất" in served["programmes/2024-04/index.html"].decode("utf-8")
    assert "Đã sửa lần một" not in served["programmes/2024-02/index.html"].decode("utf-8")
    different = [path for path in built if served[path] != built[path]]
    assert not different, different[:10]


def test_kept_pages_give_the_last_rebuild_s_text_and_ask_the_store_only_for_the_rest(tmp_path):
    from portal.build.cache import BuildCache
    from portal.build.session import KeptPages

    cache = BuildCache.open(tmp_path, "public", log=lambda message: None)
    kept = KeptPages()
    made: list[str] = []

    def page(name: str, text: str):
        return lambda: made.append(name) or text

    memo = kept.open(cache)
    assert memo.cached(("page", "a"), page("a", "A")) == "A"
    assert memo.cached(("page", "b"), page("b", "B")) == "B"
    said: list[str] = []
    kept.settle(said.append)
    assert made == ["a", "b"]

    memo = kept.open(BuildCache.open(tmp_path, "public", log=lambda message: None))  # the next rebuild
    held = memo.cached(("page", "a"), page("a", "not asked"))
    assert held == "A" and made == ["a", "b"]
    assert memo.cached(("page", "c"), page("c", "C")) == "C" and made == ["a", "b", "c"]
    kept.settle(said.append)  # b was not asked for: it is let go
    memo = kept.open(BuildCache.open(tmp_path, "public", log=lambda message: None))
    assert memo.cached(("page", "b"), page("b", "B again")) == "B"  # from the build cache's store
    assert made == ["a", "b", "c"]
    kept.settle(said.append)
    later = KeptPages().open(BuildCache.open(tmp_path, "public", log=lambda message: None))  # the next serve
    assert [later.cached(("page", name), page(name, "made again")) for name in "abc"] == ["A", "B", "C"]
    assert made == ["a", "b", "c"] and said == []

    (tmp_path / ".cache" / "build" / "fingerprint").write_text("other code\n", encoding="utf-8")
    memo = kept.open(BuildCache.open(tmp_path, "public", log=lambda message: None))  # the cache is dropped
    assert memo.cached(("page", "a"), page("a", "A, new code")) == "A, new code"


def _kept_results_fixtures(folder, made: list[str]):
    """For the KeptResults tests: a function opening the build cache of ``folder`` as each rebuild
    does, and one giving the analysis ``name`` (it records in ``made`` that it ran)."""
    from portal.build.cache import BuildCache

    def opened() -> BuildCache:
        return BuildCache.open(folder, "public", log=lambda message: None)

    def result(name: str):
        return lambda: made.append(name) or [name.upper()]

    return opened, result


def test_kept_results_give_the_last_rebuild_s_objects_and_the_memo_saved_keeps_them(tmp_path):
    """The loaded months and their analyses of the last rebuild are the very objects, asked of the memo
    only when not held; the memo the downloads job saves is handed those taken from the preview."""
    from portal.build.session import KeptResults

    kept = KeptResults()
    made: list[str] = []
    opened, result = _kept_results_fixtures(tmp_path, made)

    memo = kept.open(opened())
    a = memo.cached(("masked keys", ["digest a"]), result("a"))
    memo.cached(("masked keys", ["digest b"]), result("b"))
    kept.settle()
    assert made == ["a", "b"]

    cache = opened()  # the next rebuild: a is held, c is new, b is not asked for (let go)
    memo = kept.open(cache)
    assert memo.cached(("masked keys", ["digest a"]), result("not asked")) is a
    assert memo.cached(("masked keys", ["digest c"]), result("c")) == ["C"] and made == ["a", "b", "c"]
    kept.hand_over()  # as the downloads job does before saving the memo
    cache.save("months")
    kept.settle()

    later = opened().memo("months")  # the next serve or build: a came from the preview, c from its memo
    assert later.cached(("masked keys", ["digest a"]), result("made again")) == ["A"]
    assert later.cached(("masked keys", ["digest c"]), result("made again")) == ["C"]
    assert made == ["a", "b", "c"]

    (tmp_path / ".cache" / "build" / "fingerprint").write_text("other code\n", encoding="utf-8")
    memo = kept.open(opened())  # the cache is dropped, and what the preview held with it
    assert memo.cached(("masked keys", ["digest a"]), result("a, new code")) == ["A, NEW CODE"]


def test_kept_results_of_a_failed_rebuild_are_kept_by_the_memo_the_next_rebuild_saves(tmp_path):
    """A rebuild that fails (bad content) never settles: what it loaded, from the preview or its memo
    (never saved), is still handed to the memo of the next rebuild that saves one, so the next build
    does not validate those months again."""
    from portal.build.session import KeptResults

    kept = KeptResults()
    made: list[str] = []
    opened, result = _kept_results_fixtures(tmp_path, made)

    kept.open(opened()).cached(("masked keys", ["digest a"]), result("a"))
    kept.settle()
    kept.open(opened()).cached(("masked keys", ["digest a"]), result("not asked"))  # fails: no settle
    cache = opened()
    memo = kept.open(cache)
    assert memo.cached(("masked keys", ["digest a"]), result("not asked")) == ["A"]
    kept.hand_over()
    cache.save("months")
    kept.settle()
    assert opened().memo("months").cached(("masked keys", ["digest a"]), result("made again")) == ["A"]
    assert made == ["a"]


def test_the_preview_watcher_looks_often_waits_for_a_quiet_save_and_watches_each_file_once(tmp_path, monkeypatch):
    from mkdocs.config import load_config
    from mkdocs.livereload import LiveReloadServer

    (tmp_path / "project").mkdir()
    project = copy_project(tmp_path / "project")
    monkeypatch.chdir(project)
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "served"))
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path / "served"))
    try:
        server.watch(config.docs_dir)  # as ``mkdocs serve`` does before the event
        server.watch(config.config_file_path)
        server = config.plugins.on_serve(server, config=config, builder=lambda: None)
        for item in config.watch:
            server.watch(item)
        hooks = sys.modules["hooks/portal_hooks.py"]
        emitters = server.observer.emitters
        watched = {Path(e.watch.path) for e in emitters}
        assert project / "content" in watched and Path(config.docs_dir) not in watched and len(emitters) == 2
        assert {e.timeout for e in emitters} == {hooks.PREVIEW_POLL_S} and hooks.PREVIEW_POLL_S < 0.5
        assert server.build_delay == hooks.PREVIEW_QUIET_S > hooks.PREVIEW_POLL_S
    finally:
        server.server_close()
