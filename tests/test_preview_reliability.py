"""The live preview in service: bad content shows in the browser on every page and recovers on
the next save; a month deleted leaves the pages, search and calendar; a month added gets its Word file."""
from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT, copy_project
from htmlpage import parse, text_of

sys.path.insert(0, str(ROOT / "scripts"))
from gen_archive import generate_archive  # noqa: E402

pytestmark = pytest.mark.build
BAD_FIELD = "    text: "


@pytest.fixture
def preview(tmp_path, monkeypatch):
    """A project of three months and ``rebuild()``: one dirty build as ``mkdocs serve --dirty`` runs it."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    (tmp_path / "project").mkdir()
    project = copy_project(tmp_path / "project")
    generate_archive(3, seed=5, out_dir=project, start="2024-01")
    monkeypatch.chdir(project)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    site = tmp_path / "preview"
    first = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    first.plugins.on_startup(command="serve", dirty=True)

    def rebuild():
        time.sleep(0.02)
        build(first if not rebuild.count else load_config(str(project / "mkdocs.yml"), site_dir=str(site)),
              dirty=True)
        rebuild.count += 1

    rebuild.count = 0
    rebuild.project, rebuild.site = project, site
    yield rebuild
    first.plugins.on_shutdown()


def _save(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 10**9))


def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("index.html") if not p.relative_to(site).parts[0] in ("assets", "search"))


def _records(site: Path) -> dict[str, str]:
    fields = json.loads((site / "search" / "index.json").read_text(encoding="utf-8"))["fields"]
    rows = [row for path in (site / "search" / "records").iterdir() for row in json.loads(path.read_text(encoding="utf-8"))]
    return {row[fields.index("href")]: row[fields.index("text")] for row in rows}


def _break(project: Path, month: str) -> tuple[Path, str, int]:
    """Rename a required field of a month's first task: the loader reports file, line and field."""
    path = project / "content" / "programmes" / f"{month}.yaml"
    text = path.read_text(encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith(BAD_FIELD))
    _save(path, text.replace(BAD_FIELD, "    txet: ", 1))
    return path, text, line


def test_bad_content_shows_on_every_page_and_recovers_on_the_next_save(preview):
    preview()
    site = preview.site
    pages = _pages(site)
    assert len(pages) > 10
    path, good, line = _break(preview.project, "2024-02")
    preview()  # no exception: the preview shows the error instead of failing
    for page in pages:
        alert = parse(page).xpath("//div[contains(@class, 'portal-build-error')]")
        assert alert, page
        shown = text_of(alert[0])
        assert "content/programmes/2024-02.yaml" in shown and f"dòng {line}" in shown, shown
        assert "trường «sections[1].tasks[1].txet»" in shown or "trường «sections[1].tasks[1].text»" in shown
    assert "huong-dan" in {p.parent.name for p in pages}  # the hand-written page shows it too
    _save(path, good)
    preview()
    assert _pages(site) == pages
    for page in pages:
        assert not parse(page).xpath("//div[contains(@class, 'portal-build-error')]"), page
    month = parse(site / "programmes" / "2024-02" / "index.html")
    assert month.xpath("//tr[@data-task]")


def test_a_month_deleted_while_previewing_disappears(preview):
    preview()
    site = preview.site
    assert (site / "programmes" / "2024-03" / "index.html").exists()
    assert any(href.startswith("programmes/2024-03/") for href in _records(site))
    assert "programmes/2024-03/" in (site / "lich" / "tat-ca.ics").read_text(encoding="utf-8")
    (preview.project / "content" / "programmes" / "2024-03.yaml").unlink()
    preview()
    assert not (site / "programmes" / "2024-03").exists()
    assert not (site / "thoi-han" / "2024-03").exists()
    assert not any("2024-03" in href for href in _records(site))
    assert "programmes/2024-03/" not in (site / "lich" / "tat-ca.ics").read_text(encoding="utf-8")
    assert not (site / "tai-ve" / "chuong-trinh-2024-03.docx").exists()
    months = parse(site / "programmes" / "index.html")
    assert not months.xpath("//a[contains(@href, '2024-03')]")


def test_a_month_added_while_previewing_gets_its_word_file(preview, tmp_path):
    preview()
    site = preview.site
    folder = preview.project / "content" / "programmes"
    generate_archive(4, seed=5, out_dir=tmp_path / "longer", start="2024-01")  # same months, one more
    _save(folder / "2024-04.yaml", (tmp_path / "longer" / "content" / "programmes" / "2024-04.yaml").read_text("utf-8"))
    preview()
    page = parse(site / "programmes" / "2024-04" / "index.html")
    (href,) = [h for h in page.xpath("//a/@href") if h.endswith(".docx")]
    assert (site / "programmes" / "2024-04" / href).resolve().is_file()
    assert any(h.startswith("programmes/2024-04/") for h in _records(site))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def _status(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _until(predicate, timeout: float = 120) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_served_preview_shows_the_error_and_recovers(tmp_path):
    """`make serve` (mkdocs serve --dirty): the served pages carry the error, then the fix."""
    (tmp_path / "project").mkdir()
    project = copy_project(tmp_path / "project")
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
                              cwd=project, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}/"
    try:
        assert _until(lambda: "Chương trình" in _fetch(base + "programmes/2023-11/"))
        path, good, line = _break(project, "2023-11")
        for url in (base, base + "programmes/2023-11/", base + "thoi-han/"):
            assert _until(lambda: "portal-build-error" in _fetch(url)), url
            assert f"dòng {line}" in _fetch(url)
        _save(path, good)
        for url in (base, base + "programmes/2023-11/", base + "thoi-han/"):
            assert _until(lambda: "portal-build-error" not in _fetch(url) and _fetch(url)), url
        assert 'data-task="' in _fetch(base + "programmes/2023-11/")
        # a month added, then deleted, while serving (the job runs on a thread after the pages)
        added = path.with_name("2023-12.yaml")
        _save(added, re.sub(r"(?m)^month: .*$", "month: '2023-12'", good))
        assert _until(lambda: _status(base + "tai-ve/chuong-trinh-2023-12.docx") == 200)
        assert 'data-task="' in _fetch(base + "programmes/2023-12/")
        assert _until(lambda: "programmes/2023-12/" in _fetch(base + "lich/tat-ca.ics"))
        added.unlink()
        assert _until(lambda: _status(base + "programmes/2023-12/") == 404)
        assert _until(lambda: _status(base + "tai-ve/chuong-trinh-2023-12.docx") == 404)
        assert _until(lambda: "programmes/2023-12/" not in _fetch(base + "lich/tat-ca.ics"))
    finally:
        server.terminate()
        server.wait(30)
