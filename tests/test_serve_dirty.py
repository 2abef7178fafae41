"""The dirty live preview (``make serve``): an edit shows, and only the changed pages are rebuilt."""
from __future__ import annotations

import logging
import os
import sys
import time

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
