"""The build cache (.cache/build/): a build from a warm cache after an edit writes the same site as a
build without one; a cache made by other code, or damaged, is dropped and the build says so.
Downloads carry dates from their content, so an unchanged month gives unchanged files."""
from __future__ import annotations

import datetime as dt
import io
import os
import pickle
import re
import shutil
import subprocess
import zipfile
import sys
from pathlib import Path

import icalendar
import pytest
from conftest import HOOKS_BUILDER, ROOT, copy_project, mkdocs_build

from portal.build import cache as build_cache
from portal.build.cache import BuildCache, Memo
from portal.build.site import calendar_feeds, data_files, load_site
from portal.site.model import Page

openpyxl = pytest.importorskip("openpyxl")
sys.path.insert(0, str(ROOT / "scripts"))
from gen_archive import generate_archive  # noqa: E402

ENV = {"SOURCE_DATE_EPOCH": "1700000000", "PORTAL_BUILD_CACHE": ""}


def _edit_one_task(month_file: Path) -> str:
    """Change the text of the first task of a month file, as an editor would; returns the new words."""
    text = month_file.read_text(encoding="utf-8")
    edited, count = re.subn(r"(\n    text: )", r"\1Sửa đổi bổ sung ", text, count=1)
    assert count == 1
    month_file.write_text(edited, encoding="utf-8")
    return "Sửa đổi bổ sung"


def _archive_project(tmp_path: Path, months: int, seed: int, start: str) -> Path:
    """A buildable project of a generated archive with the bundled hand-written pages."""
    source = tmp_path / "source"
    generate_archive(months, seed=seed, out_dir=source, start=start)
    shutil.copytree(ROOT / "content" / "pages", source / "content" / "pages")
    (tmp_path / "project").mkdir()
    return copy_project(tmp_path / "project", content=source / "content")


def _downloads(content: Path, cache: Path, cached: bool = True) -> dict[str, bytes]:
    """Every download of ``content`` (path → bytes) as a reproducible build makes them, through the
    downloads memo in ``cache`` (saved after) or without one."""
    memo = Memo(cache / "downloads.pickle") if cached else None
    site = load_site(content, source_date_epoch=1700000000)
    assets = {asset.path: asset.content for asset in data_files(site, memo)}
    if memo is not None:
        memo.save()
    return assets


def _same_tree(first: Path, second: Path) -> str:
    result = subprocess.run(["diff", "-r", str(first), str(second)], capture_output=True, text=True)
    return result.stdout[:3000] if result.returncode else ""


@pytest.mark.build
def test_a_warm_cache_after_a_one_task_edit_builds_the_same_site_as_no_cache(tmp_path):
    project = _archive_project(tmp_path, months=8, seed=11, start="2024-03")

    cold = mkdocs_build(project, env=ENV)
    assert cold.returncode == 0, cold.stderr
    memos = project / ".cache" / "build" / "public"
    assert {p.name for p in memos.glob("*.pickle")} >= {"months.pickle", "downloads.pickle", "search.pickle"}
    shutil.move(project / "site", tmp_path / "site-cold")

    words = _edit_one_task(project / "content" / "programmes" / "2024-06.yaml")
    warm = mkdocs_build(project, env=ENV)
    assert warm.returncode == 0, warm.stderr
    assert "Bộ nhớ đệm dựng trang" not in warm.stderr  # kept, not dropped
    shutil.move(project / "site", tmp_path / "site-warm")

    full = mkdocs_build(project, env={**ENV, "PORTAL_BUILD_CACHE": "0"})
    assert full.returncode == 0, full.stderr
    assert _same_tree(tmp_path / "site-warm", project / "site") == ""
    # the edit is in the site, and the unchanged months' downloads are the cold build's bytes
    assert words in (project / "site" / "programmes" / "2024-06" / "index.html").read_text(encoding="utf-8")
    downloads = [p.relative_to(project / "site") for p in (project / "site").rglob("*")
                 if p.suffix in (".xlsx", ".docx") and "2024-06" not in p.name and re.search(r"\d{4}-\d{2}", p.name)]
    assert downloads
    for relative in downloads:
        assert (tmp_path / "site-cold" / relative).read_bytes() == (project / "site" / relative).read_bytes(), relative


@pytest.mark.build
def test_a_month_removed_leaves_nothing_of_it_in_a_site_built_over_the_last_one(tmp_path):
    """A warm build into the folder of the last build: the removed month's page, report and
    downloads are gone, and the site is the site a build without cache makes."""
    project = _archive_project(tmp_path, months=6, seed=5, start="2024-03")
    first = mkdocs_build(project, env=ENV)
    assert first.returncode == 0, first.stderr
    site = project / "site"
    before = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    gone = {path for path in before if "2024-08" in path}
    assert any(path.endswith(".html") for path in gone) and any(path.endswith((".docx", ".xlsx")) for path in gone)

    (project / "content" / "programmes" / "2024-08.yaml").unlink()
    warm = mkdocs_build(project, env=ENV)  # into the same folder, with the cache the first build filled
    assert warm.returncode == 0, warm.stderr
    after = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert not after & gone
    shutil.move(site, tmp_path / "site-warm")
    full = mkdocs_build(project, env={**ENV, "PORTAL_BUILD_CACHE": "0"})
    assert full.returncode == 0, full.stderr
    assert _same_tree(tmp_path / "site-warm", site) == ""


@pytest.mark.build
def test_finished_pages_are_reused_only_while_the_theme_configuration_and_page_are_the_same(tmp_path):
    """A page's HTML from an earlier build is written again only when everything the theme makes it of is
    the same: after a change of the configuration (the site's name, in every page's header), of the theme's
    overrides (a project file, outside the portal's code) and of one month, the warm build is the no-cache
    build byte for byte, and the cache holds one finished page per page of the last build."""
    project = _archive_project(tmp_path, months=4, seed=5, start="2024-01")
    first = mkdocs_build(project, env=ENV)
    assert first.returncode == 0, first.stderr
    pages = sorted(p.relative_to(project / "site") for p in (project / "site").rglob("*.html"))
    stored = project / ".cache" / "build" / "public" / "html"
    if HOOKS_BUILDER:
        assert len(list(stored.iterdir())) >= len(pages) - 1  # every page but the theme's 404
        # the theme's templates kept compiled; an edited override is compiled again (checked below)
        assert list((project / ".cache" / "build" / "theme-templates").iterdir())
    again = mkdocs_build(project, env=ENV)
    assert again.returncode == 0, again.stderr

    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("site_name: ", "site_name: Cổng "), encoding="utf-8")
    main_html = project / "theme_overrides" / "main.html"
    main_html.write_text(main_html.read_text(encoding="utf-8").replace(
        "{{ super() }}", "{{ super() }}<!-- giao diện đã sửa -->"), encoding="utf-8")
    _edit_one_task(project / "content" / "programmes" / "2024-02.yaml")
    warm = mkdocs_build(project, env=ENV)
    assert warm.returncode == 0, warm.stderr
    shutil.move(project / "site", tmp_path / "site-warm")
    full = mkdocs_build(project, env={**ENV, "PORTAL_BUILD_CACHE": "0"})
    assert full.returncode == 0, full.stderr
    assert _same_tree(tmp_path / "site-warm", project / "site") == ""
    month = (project / "site" / "programmes" / "2024-01" / "index.html").read_text(encoding="utf-8")
    assert "Cổng Chương trình" in month and "giao diện đã sửa" in month
    if HOOKS_BUILDER:  # the old versions of the pages are gone: one build's pages, not two
        assert len(list(stored.iterdir())) <= len(pages)


@pytest.mark.build
def test_a_cache_made_by_other_code_is_dropped_and_the_build_says_so(tmp_path):
    (tmp_path / "project").mkdir()
    project = copy_project(tmp_path / "project")
    folder = project / ".cache" / "build"
    (folder / "public").mkdir(parents=True)
    (folder / "fingerprint").write_text("made by an older portal\n", encoding="utf-8")
    (folder / "public" / "search.pickle").write_bytes(pickle.dumps({"stale": b"not a result"}))
    result = mkdocs_build(project, env=ENV)
    assert result.returncode == 0, result.stderr
    assert re.search(r"Bộ nhớ đệm dựng trang \(\.cache/build/\) đã bỏ: .*thay đổi", result.stderr)
    assert (folder / "fingerprint").read_text(encoding="utf-8").strip() == build_cache.fingerprint()
    assert b"stale" not in (folder / "public" / "search.pickle").read_bytes()


def test_a_damaged_memo_is_an_empty_one_and_says_so(tmp_path):
    said = []
    path = tmp_path / "search.pickle"
    path.write_bytes(b"\x80\x05 damaged")
    memo = Memo(path, said.append)
    assert memo.cached(("words", "Tuyên truyền"), lambda: ["tuyen", "truyen"]) == ["tuyen", "truyen"]
    assert len(said) == 1 and "search.pickle" in said[0]


def _memo_saved_with_a_and_b(tmp_path) -> Path:
    """A memo file from a build that made results ``a`` (1) and ``b`` (2)."""
    path = tmp_path / "downloads.pickle"
    first = Memo(path)
    first.cached(("a",), lambda: 1)
    first.cached(("b",), lambda: 2)
    first.save()
    return path


def test_a_memo_keeps_only_what_the_last_build_used(tmp_path):
    path = _memo_saved_with_a_and_b(tmp_path)
    second = Memo(path)
    made = []
    assert second.cached(("a",), lambda: made.append("a") or 10) == 1  # reused, not made again
    assert second.cached(("c",), lambda: made.append("c") or 3) == 3
    second.save()
    assert made == ["c"]
    third = Memo(path)
    assert third.cached(("b",), lambda: 20) == 20  # b was not used by the second build: gone


def test_a_result_kept_without_being_read_is_there_for_the_next_build(tmp_path):
    path = _memo_saved_with_a_and_b(tmp_path)
    second = Memo(path)
    assert second.keep(("a",)) and second.keep(("a",))
    assert not second.keep(("c",))
    assert (second.hits, second.misses) == (0, 0)  # nothing read
    second.save()
    third = Memo(path)
    assert third.cached(("a",), lambda: 10) == 1  # kept
    assert third.cached(("b",), lambda: 20) == 20  # neither asked for nor kept: gone


def test_the_cache_can_be_turned_off_or_moved(tmp_path, monkeypatch):
    monkeypatch.setenv("PORTAL_BUILD_CACHE", "0")
    assert BuildCache.open(tmp_path, "public") is None
    monkeypatch.setenv("PORTAL_BUILD_CACHE", str(tmp_path / "elsewhere"))
    opened = BuildCache.open(tmp_path, "public")
    assert opened.folder == tmp_path / "elsewhere" and (tmp_path / "elsewhere" / "fingerprint").is_file()


def test_downloads_are_dated_by_their_content_not_the_clock(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    site = load_site(ROOT / "content")
    newest = max(p.month for p in site.programmes)
    first_day = dt.datetime(int(newest[:4]), int(newest[5:7]), 1)
    tables = [a for a in data_files(site) if a.path.endswith(".xlsx")]
    assert tables
    for table in tables:
        assert openpyxl.load_workbook(io.BytesIO(table.content)).properties.created == first_day, table.path
    for feed in calendar_feeds(site):
        for event in icalendar.Calendar.from_ical(feed.content).walk("VEVENT"):
            assert event.decoded("dtstamp") == first_day.replace(tzinfo=dt.timezone.utc), feed.path
    again = {a.path: a.content for a in data_files(load_site(ROOT / "content"))}
    assert all(again[t.path] == t.content for t in tables)


def test_pages_from_a_memo_after_a_one_task_edit_are_the_pages_of_a_full_rendering(tmp_path):
    """The months' memo (validated programmes, the analyses of their texts) and the pages' memo."""
    from portal.build.site import render_pages

    generate_archive(8, seed=11, out_dir=tmp_path, start="2024-03")
    content = tmp_path / "content"

    def rendered(memos: bool):
        months, pages = (Memo(tmp_path / "months.pickle"), Memo(tmp_path / "pages.pickle")) if memos else (None, None)
        site = load_site(content, source_date_epoch=1700000000, memo=months)
        result = [(p.src_uri, p.title, p.in_nav, p.markdown) for p in render_pages(site, pages)]
        if memos:
            months.save()
            pages.save()
        return result, months, pages

    cold, _, _ = rendered(memos=True)
    words = _edit_one_task(content / "programmes" / "2024-06.yaml")
    warm, months, pages = rendered(memos=True)
    full, _, _ = rendered(memos=False)
    assert warm == full
    assert words in dict((uri, markdown) for uri, _, _, markdown in warm)["programmes/2024-06.md"]
    # only the edited month was read again (its programme and the analyses of its tasks, eight at most:
    # masked keys, what linking reads of it, citations, deadlines, departments, report, far-year
    # warnings) and its chains and the later months' linked again (2024-06 to 2024-10: five), and only
    # the pages listing the edited task made again
    assert 0 < months.misses <= 8 + 5 and months.hits >= 4 * months.misses
    changed = {page[0] for page, before in zip(warm, cold) if page != before}
    assert "programmes/2024-06.md" in changed and "programmes/2024-04.md" not in changed
    assert pages.hits >= len(cold) // 2 and 0 < pages.misses < len(cold) // 4


def test_the_digest_a_task_is_kept_with_is_the_digest_of_the_task_the_site_holds(tmp_path):
    """Under the build cache each task is kept with its digest, which the pages' keys read instead of
    hashing every task again: it must be the digest of the task as the loaded site holds it (nothing
    between the loader and the pages may change a task), from a fresh load and from the memo."""
    from portal.content.model import content_digest

    generate_archive(3, seed=13, out_dir=tmp_path, start="2024-01")
    for _ in range(2):  # the first validates each month, the second takes them from the memo
        months = Memo(tmp_path / "months.pickle")
        site = load_site(tmp_path / "content", source_date_epoch=1700000000, memo=months)
        months.save()
        tasks = [task for programme in site.programmes for task in programme.tasks()] + site.withheld
        assert tasks and all(task.digest and task.digest == content_digest(task) for task in tasks)
    assert months.hits and not months.misses


def _rendered_pages(root: Path, memos: bool) -> dict:
    """Every page of ``root/content`` (its title and Markdown, by source path), rendered with the
    months' and pages' memos kept in ``root`` (read, then saved), or without any."""
    from portal.build.site import render_pages

    months, pages = (Memo(root / "months.pickle"), Memo(root / "pages.pickle")) if memos else (None, None)
    result = {p.src_uri: (p.title, p.markdown) for p in
              render_pages(load_site(root / "content", source_date_epoch=1700000000, memo=months), pages)}
    if months is not None and pages is not None:
        months.save()
        pages.save()
    return result


def _downloads_checked_as_read_back(content: Path, memo: Memo) -> tuple[dict[str, bytes], list[str]]:
    """The downloads of ``content`` written with ``memo``, each checked from the texts its writer told
    (``RunTexts`` of a table kept by runs) and from its bytes read back: the two checks must find the
    same. Also the tables whose texts came by runs. The memo is saved."""
    from portal.build import site as build_site
    from portal.build.audit import DataFileCheck
    from portal.outputs import xlsx

    site = load_site(content, source_date_epoch=1700000000)
    texts: dict[str, object] = {}
    assets = {asset.path: asset.content for asset in build_site.data_files(
        site, memo, told=lambda path, told: texts.__setitem__(path, told))}
    check, read_back = DataFileCheck(site, memo), DataFileCheck(site)
    for path, content_bytes in assets.items():
        check.file(path, content_bytes, cell_texts=texts.get(path))  # type: ignore[arg-type]
        read_back.file(path, content_bytes)
    assert check.problems == read_back.problems
    memo.save()
    return assets, [path for path, told in texts.items() if isinstance(told, xlsx.RunTexts)]


def _edit_once(path: Path, old: re.Pattern, new: str) -> None:
    """``path`` with the first match of ``old`` replaced by ``new``; the pattern must match."""
    text, count = old.subn(new, path.read_text(encoding="utf-8"), count=1)
    assert count == 1
    path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("month, old, new, changes", [
    # a deadline moves the task on its month's timeline: the deadline page is keyed by its tasks, not
    # by the parsed deadlines its entries carry
    ("2024-01", re.compile(r"(\n    deadline: )[^\n]*"), r"\g<1>Trước ngày 05 hằng tháng", "thoi-han/2024-01.md"),
    ("2024-01", re.compile(r"(\n    deadline: )[^\n]*"), r"\g<1>20/01/2024", "thoi-han/2024-01.md"),
    # what a month page shows of its programme besides the tasks
    ("2024-01", re.compile(r"(\nclosing: )"), r"\g<1>Đoạn kết đã sửa. ", "programmes/2024-01.md"),
    ("2024-01", re.compile(r"(\n  subtitle: )[^\n]*"), r"\g<1>Công tác tháng đã sửa", "programmes/2024-01.md"),
    ("2024-01", re.compile(r"(\n  title: )(?!CHƯƠNG)[^\n]*"), r"\g<1>Mục đã đổi tên", "programmes/2024-01.md"),
    # a task made restricted leaves the public pages
    ("2024-01", re.compile(r"(\n    status: [^\n]*)"), r"\1\n    restricted: true", "programmes/2024-01.md"),
    # a report is keyed by its lines' leads and what continues them, not by its lines walked whole: a
    # status moves a line to another list, a later month continuing a task moves it to «chuyển sang»
    ("2024-01", re.compile(r"(\n    status: )[^\n]*"), r"\g<1>Hoàn thành", "bao-cao/2024-01.md"),
    # a month's deadline page counts its tasks by status, made only when the page is rendered: its key
    # sees the statuses through its rows
    ("2024-01", re.compile(r"(\n    status: )[^\n]*"), r"\g<1>Hoàn thành", "thoi-han/2024-01.md"),
    ("2024-02", re.compile(r"(\n    status: [^\n]*)"), r"\1\n    carried_from: 2024-01/I-1", "bao-cao/2024-01.md"),
])
def test_pages_from_a_memo_after_a_month_edit_are_the_pages_of_a_full_rendering(tmp_path, month, old, new,
                                                                                 changes):
    """Each kind of edit of a month file reaches the keys of the pages it changes: the page it must
    change is made again, and every page is that of a rendering without a memo."""
    generate_archive(3, seed=5, out_dir=tmp_path, start="2023-12")
    cold = _rendered_pages(tmp_path, memos=True)
    _edit_once(tmp_path / "content" / "programmes" / f"{month}.yaml", old, new)
    warm = _rendered_pages(tmp_path, memos=True)
    assert warm == _rendered_pages(tmp_path, memos=False)
    assert warm[changes] != cold[changes]


@pytest.mark.parametrize("registry, old, new", [
    ("departments.yaml", "name: Phòng Thông tin - Tuyên truyền", "name: Phòng Tuyên truyền và Báo chí"),
    ("directives.yaml", "type: Chỉ thị", "type: Kết luận"),
    # a department's page moves: every row it leads links elsewhere, in months whose files are unchanged
    ("departments.yaml", "  - code: LLCT-LSĐ\n", "  - code: LLCT-LSĐ\n    id: LLCT-LSD-MOI\n"),
    ("viet-tat.yaml", "abbreviations:\n", "abbreviations:\n  - {abbreviation: XYZ, full: xây dựng yên zang}\n"),
])
def test_pages_from_a_memo_after_a_registry_edit_are_the_pages_of_a_full_rendering(tmp_path, registry, old, new):
    """A registry is no month file: what it changes (names, links, titles) reaches the pages'
    inputs, so no page of an earlier build is taken for a page it changed."""
    from portal.build.site import render_pages

    generate_archive(6, seed=3, out_dir=tmp_path, start="2023-10")
    content = tmp_path / "content"
    if not (content / registry).exists():
        shutil.copy(ROOT / "content" / registry, content / registry)

    def rendered(memos: bool):
        months, pages = (Memo(tmp_path / "months.pickle"), Memo(tmp_path / "pages.pickle")) if memos else (None, None)
        result = [(p.src_uri, p.title, p.markdown) for p in
                  render_pages(load_site(content, source_date_epoch=1700000000, memo=months), pages)]
        if memos:
            months.save()
            pages.save()
        return result

    cold = rendered(memos=True)
    path = content / registry
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    warm = rendered(memos=True)
    assert warm == rendered(memos=False)
    assert warm != cold


def test_the_directives_registry_kept_from_an_earlier_build_follows_its_file_and_the_full_texts(tmp_path):
    """The registry is kept under the bytes of ``directives.yaml`` and every entry of ``content/pages/``
    with the path it resolves to (``_registry`` in :mod:`portal.indexes.directives`): a full text
    linked through a file whose target changed, a document added to the registry, reach the pages, and
    every page is that of a rendering without a memo. A registry kept as the objects one build filled in
    (relations, issuers) would also show in the next build: each build unpickles its own."""
    generate_archive(3, seed=5, out_dir=tmp_path, start="2023-12")
    content = tmp_path / "content"
    full_texts = content / "pages" / "van-ban"
    full_texts.mkdir(parents=True, exist_ok=True)
    for name in ("ban-cu.pdf", "ban-moi.pdf"):
        (full_texts / name).write_bytes(b"%PDF-1.4 " + name.encode())
    (full_texts / "toan-van.pdf").symlink_to("ban-cu.pdf")
    registry = content / "directives.yaml"
    registry.write_text("directives:\n  77-CT/TU:\n    type: Chỉ thị\n    issuer: Ban Thường vụ Tỉnh ủy\n"
                        "    date: 13/7/2023\n    link: content/pages/van-ban/toan-van.pdf\n", encoding="utf-8")
    cold = _rendered_pages(tmp_path, memos=True)
    again = _rendered_pages(tmp_path, memos=True)  # the kept registry, filled in by the last build's index
    assert again == cold == _rendered_pages(tmp_path, memos=False)
    page = next(uri for uri in cold if uri.startswith("directives/77-ct-tu"))
    assert "ban-cu.pdf" in cold[page][1]

    (full_texts / "toan-van.pdf").unlink()
    (full_texts / "toan-van.pdf").symlink_to("ban-moi.pdf")  # the same registry file, another full text
    warm = _rendered_pages(tmp_path, memos=True)
    assert warm == _rendered_pages(tmp_path, memos=False)
    assert "ban-moi.pdf" in warm[page][1]

    registry.write_text(registry.read_text(encoding="utf-8") + "  78-CT/TU:\n    type: Chỉ thị\n"
                        "    issuer: Ban Thường vụ Tỉnh ủy\n", encoding="utf-8")
    added = _rendered_pages(tmp_path, memos=True)
    assert added == _rendered_pages(tmp_path, memos=False)
    assert any(uri.startswith("directives/78-ct-tu") for uri in added)


def test_a_document_page_follows_the_section_title_of_a_task_citing_it(tmp_path):
    """A document's page is keyed by what its rows show of each citing task's programme, its label and
    the title of the task's section (``_row_programme`` in :mod:`portal.indexes.directives`), not by
    the programme whole: a section renamed in a month file reaches the page, and every page is that of
    a rendering without a memo."""
    generate_archive(3, seed=5, out_dir=tmp_path, start="2023-12")
    month_file = tmp_path / "content" / "programmes" / "2024-01.yaml"
    _edit_once(month_file, re.compile(r"(\n    text: )"), r"\g<1>Theo Chỉ thị số 05-CT/TW, ")
    cold = _rendered_pages(tmp_path, memos=True)
    page = next(uri for uri in cold if uri.startswith("directives/05-ct-tw"))
    assert "Tổng hợp, Khoa giáo, Văn hóa, Văn nghệ" in cold[page][1]
    _edit_once(month_file, re.compile(r"(\n  title: )Tổng hợp, Khoa giáo, Văn hóa, Văn nghệ"), r"\g<1>Mục đã đổi tên")
    warm = _rendered_pages(tmp_path, memos=True)
    assert warm == _rendered_pages(tmp_path, memos=False)
    assert "Mục đã đổi tên" in warm[page][1]


@pytest.mark.parametrize("edited, old, new, page", [
    # a task's lead changed: its row links to the other department's page
    ("programmes/2024-01.yaml", re.compile(r"(\n    lead: )[^\n]*"), r"\g<1>TT-TT", "programmes/2024-01.md"),
    # a citation added to a task's text: the month's report shows the row, its text now linked
    ("programmes/2024-01.yaml", re.compile(r"(\n    text: )"), r"\g<1>Theo Chỉ thị số 05-CT/TW, ", "bao-cao/2024-01.md"),
    # a document registered with the name a task's text calls it by: rows of unchanged months now link to it
    ("directives.yaml", re.compile(r"\ndirectives:\n"), "\ndirectives:\n  Kế hoạch gặp gỡ đầu Xuân:\n"
     "    type: Kế hoạch\n    issuer: Tỉnh ủy\n    aliases:\n      - Kế hoạch gặp gỡ đầu Xuân năm 2024\n",
     "programmes/2024-01.md"),
    # a task continued in a later month: the earlier month's row (its file unchanged) links to its history
    ("programmes/2024-02.yaml", re.compile(r"(\n    status: [^\n]*)"), r"\1\n    carried_from: 2024-01/I-1",
     "programmes/2024-01.md"),
])
def test_rows_kept_by_month_follow_what_their_links_are_made_of(tmp_path, edited, old, new, page):
    """Each month's rows' keys are kept from an earlier build (:meth:`Site._keep_month_rows`): an edit
    that moves a row's link, in the month or outside it (a registry, a later month), reaches the page
    listing the row, and every page is that of a rendering without a memo."""
    generate_archive(3, seed=5, out_dir=tmp_path, start="2023-12")
    cold = _rendered_pages(tmp_path, memos=True)
    _edit_once(tmp_path / "content" / edited, old, new)
    warm = _rendered_pages(tmp_path, memos=True)
    assert warm == _rendered_pages(tmp_path, memos=False)
    assert warm[page] != cold[page]


def test_the_terms_rows_link_to_are_described_without_the_relations_between_documents():
    """The digest of the terms a month's rows link to (:meth:`Site._links_by_terms`) names a document by
    its own fields: not by the documents it relates to (each with its relations in turn: the ``repr``
    of a document walked every path of the graph, ×3 a document, 1.6 GB for 13) nor by the tasks that
    evidence a relation; what the registry states is named by kind and target."""
    from portal.content.directives import Directive, Related, StatedRelation
    from portal.content.model import Task
    from portal.site.model import _meta_shown
    from portal.text.months import Month
    from portal.site.taxonomy import CandidatesTerm, DirectiveTerm

    documents = [Directive("Kế hoạch", str(number), f"{number}-KH/TU", title=f"Kế hoạch {number}")
                 for number in range(1, 13)]
    evidence = Task(section="I", number="1", text="Triển khai thực hiện Kế hoạch 2-KH/TU (bí mật)", lead="VP",
                    coordinators=[], deadline="", status="", month=Month("2024-01"))
    for number, document in enumerate(documents):  # each relates to the next two: many paths
        for other in documents[number + 1:number + 3]:
            document.related.append(Related("implements", True, other, other.symbol or "", [(evidence, "thực hiện")]))
            other.related.append(Related("implements", False, document, document.symbol or ""))
    documents[0].stated.append(StatedRelation("implements", documents[1]))
    shown = repr(_meta_shown(DirectiveTerm(documents[0])))
    assert len(shown) < 2_000 and "bí mật" not in shown and "Kế hoạch 5" not in shown
    assert "Kế hoạch 2" in shown  # the stated relation's target, by its label
    candidates = repr(_meta_shown(CandidatesTerm("1-KH/TU", "Kế hoạch", documents[:3])))
    assert len(candidates) < 4_000 and "bí mật" not in candidates
    before = shown
    documents[0].related.clear()
    assert repr(_meta_shown(DirectiveTerm(documents[0]))) == before
    documents[0].title = "Kế hoạch khác"
    assert repr(_meta_shown(DirectiveTerm(documents[0]))) != before


def test_a_page_given_a_value_its_key_cannot_see_is_rendered_every_time():
    from portal.site.render import render, render_kept

    class Recording:
        asked = 0

        def cached(self, parts, make):
            Recording.asked += 1
            return make()

    class Opaque:  # no dataclass: what it holds is not in its repr
        def __bool__(self):
            return False

    shown = render_kept(Recording(), "abbreviations.md.j2", page="viet-tat.md", entries=Opaque())
    assert shown == render("abbreviations.md.j2", page="viet-tat.md", entries=[])
    assert Recording.asked == 0
    render_kept(Recording(), "abbreviations.md.j2", page="viet-tat.md", entries=[])
    assert Recording.asked == 1


def test_a_page_given_a_value_that_holds_itself_is_rendered_every_time():
    """A directive that names itself among its relations (a cycle) cannot be described whole: the page is
    rendered, not looked up (and the build does not fail on an endless description)."""
    import dataclasses

    from portal.site.render import render, render_kept

    @dataclasses.dataclass(eq=False)
    class Related:
        name: str
        others: list

    looping = Related("Nghị quyết 1", [])
    looping.others.append(looping)
    asked = []

    class Recording:
        def cached(self, parts, make):
            asked.append(parts)
            return make()

    assert render_kept(Recording(), "abbreviations.md.j2", page="viet-tat.md", entries=[], extra=looping) == \
        render("abbreviations.md.j2", page="viet-tat.md", entries=[])
    assert asked == []


@pytest.mark.build
def test_a_built_page_changed_in_place_is_not_taken_for_the_earlier_build_s_page(tmp_path):
    """A finished page in the site and its entry in the cache are one file (a hard link): a page changed
    in place after the build (same size, so only its stamp tells) must not come back in the next build."""
    project = _archive_project(tmp_path, months=3, seed=7, start="2024-01")
    first = mkdocs_build(project, env=ENV)
    assert first.returncode == 0, first.stderr
    page = project / "site" / "programmes" / "2024-02" / "index.html"
    text = page.read_text(encoding="utf-8")
    assert "<title>" in text
    with page.open("r+", encoding="utf-8") as handle:  # in place: the same file, the same size
        handle.write(text.replace("<title>", "<titlx>", 1))
    warm = mkdocs_build(project, env=ENV)
    assert warm.returncode == 0, warm.stderr
    assert "Page skipped" not in warm.stderr  # the pages put in by the hooks are not called skipped
    if HOOKS_BUILDER:
        reused = re.search(r"Trang HTML: (\d+) trang không đổi", warm.stderr)
        assert reused and int(reused.group(1)) > 10, warm.stderr
    shutil.move(project / "site", tmp_path / "site-warm")
    assert "<titlx>" not in (tmp_path / "site-warm" / "programmes" / "2024-02" / "index.html").read_text(encoding="utf-8")
    full = mkdocs_build(project, env={**ENV, "PORTAL_BUILD_CACHE": "0"})
    assert full.returncode == 0, full.stderr
    assert _same_tree(tmp_path / "site-warm", project / "site") == ""


@pytest.mark.build
def test_the_policy_a_warm_build_notes_is_the_policy_read_from_every_page(tmp_path):
    """Under the publisher the builder writes the Content-Security-Policy from the inline code it noted
    of each page (pages reused from the cache included); it is the policy read from the built files."""
    from portal.build.csp import POLICY_FILE, authored_html, inline_code, policy

    project = _archive_project(tmp_path, months=3, seed=9, start="2024-05")
    env = {**ENV, "NO_MKDOCS_2_WARNING": "1"}
    publish = [sys.executable, "-m", "portal.cli", "publish"]
    for _ in range(2):  # the second finds every page in the cache
        result = subprocess.run(publish, cwd=project, capture_output=True, text=True, env={**os.environ, **env})
        assert result.returncode == 0, result.stderr
        _edit_one_task(project / "content" / "programmes" / "2024-06.yaml")
    site = project / "site"
    read = policy(inline_code(site, authored_html(project / "content" / "pages")))
    assert (site / POLICY_FILE).read_text(encoding="utf-8") == read + "\n"
    assert "sha256-" in read


def test_a_kept_page_is_not_given_its_context_and_its_key_follows_its_inputs():
    """``render_kept_from``: a page kept by an earlier build is taken by its inputs alone (the rows'
    views are not made for it); other inputs are another page."""
    from portal.site.render import render, render_kept_from

    memo = Memo(Path("unused.pickle"))
    made = []

    def context(entries):
        made.append(entries)
        return {"page": "viet-tat.md", "entries": entries}

    first = render_kept_from(memo, "abbreviations.md.j2", {"inputs": 1}, lambda: context([]))
    again = render_kept_from(memo, "abbreviations.md.j2", {"inputs": 1}, lambda: context([]))
    # as its UTF-8 bytes, as kept, the kept one unread (a page takes either: see portal.site.model.Page)
    assert first == Page("viet-tat.md", again).markdown_utf8 \
        == render("abbreviations.md.j2", page="viet-tat.md", entries=[]).encode("utf-8")
    assert made == [[]] and memo.hits == 1
    render_kept_from(memo, "abbreviations.md.j2", {"inputs": 2}, lambda: context([]))
    assert len(made) == 2 and memo.misses == 2


def test_a_page_key_sees_every_item_of_a_tuple_of_texts_and_tells_it_from_a_list():
    """A tuple of leaves in a page's inputs (a task's lead as ``(slug, name)`` on a deadline page, a
    report line's lead and what continues it) is keyed by its ``repr`` in one call: an item changed
    inside it is another page, and so is the same items as a list or as the walked entries."""
    from portal.site.render import render_kept_from

    memo = Memo(Path("unused.pickle"))
    made = []

    def page(leads) -> None:
        render_kept_from(memo, "abbreviations.md.j2", {"leads": leads},
                         lambda: made.append(leads) or {"page": "viet-tat.md", "entries": []})

    for leads in ([[("phong-a", "Phòng A")]], [[("phong-a", "Phòng B")]], [[("phong-b", "Phòng A")]],
                  [[["phong-a", "Phòng A"]]], [[("phong-a", "Phòng A"), ("phong-c", None)]], [[("phong-a",)]],
                  [["phong-a", "Phòng A"]], [[("phong-a", "Phòng A")]]):
        page(leads)
    assert memo.misses == 7 and memo.hits == 1  # only the last, the first again, is kept


def test_a_page_key_given_as_a_function_is_made_only_with_a_memo():
    """``render_kept_from`` with ``inputs`` as a function: a build without the cache renders the page
    and never makes its key's inputs (the rows' keys hash every task); with a memo they key the
    page as a dict of them does."""
    from portal.site.render import render, render_kept_from

    asked = []

    def inputs(value):
        def make():
            asked.append(value)
            return {"inputs": value}
        return make

    def context():
        return {"page": "viet-tat.md", "entries": []}

    expected = render("abbreviations.md.j2", **context())
    assert render_kept_from(None, "abbreviations.md.j2", inputs(1), context) == expected
    assert asked == []
    memo = Memo(Path("unused.pickle"))
    assert render_kept_from(memo, "abbreviations.md.j2", inputs(1), context) == expected.encode("utf-8")
    kept = render_kept_from(memo, "abbreviations.md.j2", {"inputs": 1}, context)
    assert Page("viet-tat.md", kept).markdown_utf8 == expected.encode("utf-8")
    assert asked == [1] and memo.hits == 1 and memo.misses == 1
    render_kept_from(memo, "abbreviations.md.j2", inputs(2), context)
    assert asked == [1, 2] and memo.misses == 2


def test_a_memo_keeps_results_made_before_and_after_a_fork(tmp_path):
    """The months' memo is filled by the main process and saved by the downloads' job (a forked
    child): what each made is in the file the child writes."""
    if not hasattr(os, "fork"):
        pytest.skip("no fork here")
    path = tmp_path / "months.pickle"
    memo = Memo(path)
    memo.cached(("before",), lambda: ["trước khi tách"])
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            memo.cached(("after",), lambda: {"sau": "khi tách"})
            assert memo.cached(("before",), lambda: "made again") == ["trước khi tách"]
            memo.save()
            code = 0
        finally:
            os._exit(code)
    assert os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 0
    memo.cached(("parent only",), lambda: 3)  # the parent goes on with its own copy
    again = Memo(path)
    assert again.cached(("before",), lambda: "made again") == ["trước khi tách"]
    assert again.cached(("after",), lambda: "made again") == {"sau": "khi tách"}
    assert again.cached(("parent only",), lambda: "made") == "made"


def test_a_memo_file_cut_short_gives_what_it_still_holds_and_makes_the_rest(tmp_path):
    path = tmp_path / "downloads.pickle"
    first = Memo(path)
    first.cached(("small",), lambda: "nhỏ")
    first.cached(("large",), lambda: "lớn " * 50_000)
    first.save()
    data = path.read_bytes()
    said = []
    cut = Memo(path, said.append)
    cut._load()  # the index is read whole, before the file is cut under it
    path.write_bytes(data[: len(data) // 2])
    made = []
    assert cut.cached(("large",), lambda: made.append("large") or "mới") == "mới"
    assert made == ["large"]
    whole = Memo(path, said.append)
    assert whole.cached(("small",), lambda: "made") == "made"  # its index was cut off: an empty memo, said once
    assert len(said) == 1 and "downloads.pickle" in said[0]


def test_a_memo_saved_twice_in_a_row_holds_the_same(tmp_path):
    path = tmp_path / "search.pickle"
    memo = Memo(path)
    for n in range(50):
        memo.cached(("record", n), lambda n=n: {"từ": [n] * n})
    memo.save()
    reread = Memo(path)
    assert [reread.cached(("record", n), lambda: None) for n in range(50)] == [{"từ": [n] * n} for n in range(50)]
    reread.save()
    third = Memo(path)
    assert [third.cached(("record", n), lambda: None) for n in range(50)] == [{"từ": [n] * n} for n in range(50)]
    assert (third.hits, third.misses) == (50, 0)


def _kept(path: Path, keys) -> dict:
    """What a new build finds in the memo at ``path`` for ``keys`` (None where it holds nothing)."""
    memo = Memo(path)
    return {key: memo.cached(key, lambda: None) for key in keys}


def test_a_memo_of_a_build_that_changed_nothing_is_not_written_again(tmp_path):
    path = tmp_path / "search.pickle"
    first = Memo(path)
    for n in range(20):
        first.cached(("record", n), lambda n=n: f"bản ghi {n} " * 100)
    first.save()
    before = (path.stat().st_ino, path.stat().st_mtime_ns, path.read_bytes())
    again = Memo(path)
    assert [again.cached(("record", n), lambda: pytest.fail("made again")) for n in range(20)] \
        == [f"bản ghi {n} " * 100 for n in range(20)]
    again.save()
    assert (path.stat().st_ino, path.stat().st_mtime_ns, path.read_bytes()) == before


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="names a nameless file by /proc/self/fd")
def test_a_new_memo_is_the_file_its_results_were_written_to_not_a_copy(tmp_path, monkeypatch):
    """A first build (no memo file): the temporary file the results went to as they were made is
    given the memo's name; they are not copied into a new file (before, ``os.link`` of
    ``/proc/self/fd/N`` failed on Python < 3.13 and every first build wrote each memo twice)."""
    path = tmp_path / "search.pickle"
    memo = Memo(path)
    for n in range(10):
        memo.cached(("record", n), lambda n=n: {"từ": [n] * n})
    monkeypatch.setattr(Memo, "_rewrite", lambda self: pytest.fail("copied into a new file"))
    memo.save()
    assert _kept(path, [("record", n) for n in range(10)]) == {("record", n): {"từ": [n] * n} for n in range(10)}


def test_a_memo_after_an_edit_appends_what_was_made_and_keeps_only_what_was_used(tmp_path):
    """A build that made one result anew and no longer used another: the file is the same file, only
    grown by the new result and its index; the next build finds the new result and the others, not
    the one let go. A reader of the old index still reads its results meanwhile."""
    path = tmp_path / "pages.pickle"
    first = Memo(path)
    for n in range(30):
        first.cached(("page", n), lambda n=n: f"trang {n} " * 500)
    first.save()
    inode, size = path.stat().st_ino, path.stat().st_size
    reader = Memo(path)
    reader._load()  # a build that read the index before the append
    edit = Memo(path)
    for n in range(29):  # page 29 gone, page 5 edited
        edit.cached(("page", n if n != 5 else "5 sửa"), lambda n=n: f"trang {n} đã sửa " * 500)
    edit.save()
    assert path.stat().st_ino == inode and size < path.stat().st_size < 1.2 * size
    keys = [("page", n) for n in range(30)] + [("page", "5 sửa")]
    found = _kept(path, keys)
    assert found[("page", "5 sửa")] == "trang 5 đã sửa " * 500
    assert found[("page", 5)] is None and found[("page", 29)] is None
    assert all(found[("page", n)] == f"trang {n} " * 500 for n in range(30) if n not in (5, 29))
    assert reader.cached(("page", 29), lambda: "made") == "trang 29 " * 500


def test_a_memo_whose_file_was_deleted_during_the_build_is_saved_to_a_new_file(tmp_path):
    """The cache may be deleted at any time: a build (or a preview's rebuild) whose memo file went away
    after it was read saves what it used to a new file, and goes on saving after that."""
    path = tmp_path / "pages.pickle"
    first = Memo(path)
    first.cached(("page", 1), lambda: "trang 1")
    first.save()
    edit = Memo(path)
    assert edit.cached(("page", 1), lambda: pytest.fail("made again")) == "trang 1"
    edit.cached(("page", 2), lambda: "trang 2")
    path.unlink()
    edit.save()
    assert _kept(path, [("page", 1), ("page", 2)]) == {("page", 1): "trang 1", ("page", 2): "trang 2"}
    edit.cached(("page", 3), lambda: "trang 3")
    edit.save()
    assert _kept(path, [("page", 3)]) == {("page", 3): "trang 3"}


def test_a_memo_mostly_of_results_no_longer_used_is_written_anew(tmp_path):
    """Appending stops where the file would be more than half results no longer used: the file is then
    written again with only those used, so the cache does not grow with old edits."""
    path = tmp_path / "downloads.pickle"
    big = os.urandom(1 << 20).hex()  # 2 MB each, so that the file's slack does not hide them
    files = set()
    for round_ in range(8):
        memo = Memo(path)
        memo.cached(("kept",), lambda: "giữ " + big)
        memo.cached(("edited", round_), lambda round_=round_: f"lần {round_} " + big)
        memo.save()
        assert path.stat().st_size < 2 * (2 * len(big) + 2 ** 20) + 4096
        files.add(path.stat().st_ino)
    assert 1 < len(files) < 8  # appended to, and written anew now and then
    found = _kept(path, [("kept",), ("edited", 6), ("edited", 7)])
    assert found == {("kept",): "giữ " + big, ("edited", 6): None, ("edited", 7): "lần 7 " + big}


def test_a_memo_saved_by_two_builds_that_read_it_at_once_holds_one_of_them_whole(tmp_path):
    """Two builds (a preview and ``make site``) that read the same memo and each append: the second
    sees the file changed under it and writes it anew; the file then holds its results, whole."""
    path = tmp_path / "months.pickle"
    first = Memo(path)
    first.cached(("tháng", 1), lambda: "một")
    first.save()
    one, two = Memo(path), Memo(path)
    for memo, made in ((one, "hai"), (two, "ba")):
        memo.cached(("tháng", 1), lambda: pytest.fail("made again"))
        memo.cached(("tháng", made), lambda made=made: made.upper())
    one.save()
    two.save()
    assert _kept(path, [("tháng", 1), ("tháng", "hai"), ("tháng", "ba")]) \
        == {("tháng", 1): "một", ("tháng", "hai"): None, ("tháng", "ba"): "BA"}


def test_a_memo_saved_again_and_again_by_one_process_keeps_everything_it_was_asked_for(tmp_path):
    """A preview's store of pages lives across its rebuilds and is saved after each: every page it
    was asked for since it was opened stays in the file."""
    path = tmp_path / "pages.pickle"
    memo = Memo(path)
    for rebuild in range(5):
        memo.cached(("page", rebuild), lambda rebuild=rebuild: f"lần dựng {rebuild}")
        memo.save()
    assert _kept(path, [("page", n) for n in range(5)]) == {("page", n): f"lần dựng {n}" for n in range(5)}
    assert memo.cached(("page", 0), lambda: "made") == "lần dựng 0"


def test_a_memo_whose_head_does_not_match_its_index_is_empty_and_said(tmp_path):
    """A head read half-written (or any other damage to it) never points at wrong bytes: the index's
    digest in the head no longer matches, and the memo is empty (its results made again), said once."""
    path = tmp_path / "search.pickle"
    memo = Memo(path)
    memo.cached(("a",), lambda: "một")
    memo.cached(("b",), lambda: "hai")
    memo.save()
    data = bytearray(path.read_bytes())
    data[-1] ^= 0xFF  # the index's last byte
    path.write_bytes(bytes(data))
    said: list[str] = []
    damaged = Memo(path, said.append)
    assert damaged.cached(("a",), lambda: "made") == "made"
    assert len(said) == 1 and "search.pickle" in said[0]


@pytest.mark.parametrize("value", ["Nhiệm vụ: rà soát, báo cáo kết quả " * 200, "ascii only", "",
                                   "lẻ \ud800 surrogate", ["không phải chữ", 1, None], b"\x80bytes"])
@pytest.mark.parametrize("store", ["memo", "file_memo"])
def test_a_memo_gives_back_what_it_kept_and_leaves_a_text_its_size(tmp_path, value, store):
    """A text kept in a memo (the pages' Markdown) or a file memo is not made larger in memory by being
    kept (CPython's pickler leaves a UTF-8 copy inside a ``str``: every page held twice while the
    archive is rendered), and a later build reads back the same value, of the same type, without
    making it."""
    size = sys.getsizeof(value)
    cache = BuildCache(tmp_path, "public")
    memo = getattr(cache, store)("pages")
    assert memo.cached(("page", 1), lambda: value) is value
    assert sys.getsizeof(value) == size
    cache.save()
    again = getattr(BuildCache(tmp_path, "public"), store)("pages")
    kept = again.cached(("page", 1), lambda: pytest.fail("made again"))
    assert kept == value and type(kept) is type(value) and again.misses == 0


def test_pages_rendered_into_an_empty_cache_are_held_at_their_size_without_cache(tmp_path):
    """A build that fills an empty cache holds each page's Markdown at the size a build without
    cache does: as its UTF-8 bytes (a text would hold Vietnamese at two bytes a character)."""
    from portal.build.site import render_pages

    generate_archive(3, seed=5, out_dir=tmp_path, start="2024-03")
    site = load_site(tmp_path / "content", source_date_epoch=1700000000)
    pages = render_pages(site, BuildCache(tmp_path / "cache", "public").memo("pages"))
    assert any(not page.markdown.isascii() for page in pages)
    for page in pages:
        assert type(page.markdown_utf8) is bytes and page.markdown_utf8 == page.markdown.encode("utf-8"), page.src_uri


def test_a_page_rendered_through_a_memo_carries_the_digest_of_what_it_was_made_from(tmp_path):
    """``Page.made_of`` (what a builder keys the page's finished HTML by instead of hashing its text): the
    same inputs give the same digest in another build, an edit changes the digest of every page whose
    Markdown changed, a page rendered without a memo (or one never kept, the home page) has none."""
    from portal.build.site import render_pages

    generate_archive(6, seed=13, out_dir=tmp_path, start="2024-03")
    content = tmp_path / "content"

    def rendered(memo):
        site = load_site(content, source_date_epoch=1700000000)
        return {page.src_uri: (page.made_of, page.markdown) for page in render_pages(site, memo)}

    memo = Memo(tmp_path / "pages.pickle")
    first, again = rendered(memo), rendered(Memo(tmp_path / "other.pickle"))
    assert first == again
    kept = {uri for uri, (made_of, _) in first.items() if made_of}
    assert "programmes/2024-05.md" in kept and len(kept) >= len(first) - 12
    assert first["viet-tat/index.md"][0] and first["index.md"][0] == ""  # the home page: never kept
    assert len({made_of for uri, (made_of, _) in first.items() if uri in kept}) == len(kept)
    _edit_one_task(content / "programmes" / "2024-05.yaml")
    edited = rendered(memo)
    for uri in kept:  # the digest is of the inputs: the same digest is the same page (not the other way round)
        assert edited[uri][0] != first[uri][0] or edited[uri][1] == first[uri][1], uri
    assert edited["programmes/2024-05.md"][0] != first["programmes/2024-05.md"][0]
    assert edited["programmes/2024-03.md"][0] == first["programmes/2024-03.md"][0]
    assert not any(made_of for made_of, _ in rendered(None).values())


@pytest.mark.build
@pytest.mark.skipif(not HOOKS_BUILDER, reason="the hooks keep the theme's file listing")
def test_a_file_added_to_or_removed_from_the_theme_overrides_is_seen_by_a_warm_build(tmp_path):
    """The theme's static files are listed from the build cache for the installed packages' folders, but
    the overrides' folder is the project's: a file added there between two warm builds is copied into
    the site, and gone from it once removed, as a build without a cache does."""
    project = _archive_project(tmp_path, months=2, seed=3, start="2024-05")
    assert mkdocs_build(project, env=ENV).returncode == 0
    assert list((project / ".cache" / "build" / "public" / "theme-files").iterdir())
    added = project / "theme_overrides" / "assets" / "ghi-chu" / "huong-dan.txt"
    added.parent.mkdir(parents=True)
    added.write_text("Hướng dẫn dùng cổng\n", encoding="utf-8")
    warm = mkdocs_build(project, env=ENV)
    assert warm.returncode == 0, warm.stderr
    assert (project / "site" / "assets" / "ghi-chu" / "huong-dan.txt").read_text(encoding="utf-8") == \
        "Hướng dẫn dùng cổng\n"
    shutil.move(project / "site", tmp_path / "site-warm")
    full = mkdocs_build(project, env={**ENV, "PORTAL_BUILD_CACHE": "0"})
    assert full.returncode == 0, full.stderr
    assert _same_tree(tmp_path / "site-warm", project / "site") == ""
    shutil.rmtree(added.parent)
    assert mkdocs_build(project, env=ENV).returncode == 0
    assert not (project / "site" / "assets" / "ghi-chu").exists()
    assert (project / "site" / "assets" / "javascripts" / "lunr" / "min" / "lunr.vi.min.js").is_file()


def _written(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def test_downloads_an_earlier_build_made_are_links_to_its_files_and_the_same_bytes(tmp_path):
    """With the cache's store of downloads, a Word or Excel file made from the same inputs as in the
    last build is that build's file (a link: one inode), an edited month's files are made again, and
    every file is the bytes a build without cache writes. A file changed in place in the site (the
    same size: only its stamp tells) is made again, and the check still reads what it must."""
    from portal.build.cache import SharedFiles
    from portal.build.site import write_checked_assets

    project = _archive_project(tmp_path, months=3, seed=7, start="2024-01")
    content = project / "content"
    store = tmp_path / "cache" / "download-files"

    def written(name: str, cached: bool = True) -> Path:
        folder = tmp_path / name
        memo = Memo(tmp_path / "cache" / "downloads.pickle") if cached else None
        files = SharedFiles(store) if cached else None
        site = load_site(content, source_date_epoch=1700000000)
        write_checked_assets(site, folder, memo, files)
        if memo is not None:
            memo.save()
        return folder

    first = written("first")
    second = written("second")
    kinds = [path for path in second.rglob("*") if path.suffix in (".docx", ".xlsx")]
    assert len(kinds) > 6
    assert all(path.stat().st_ino == (first / path.relative_to(second)).stat().st_ino for path in kinds)
    month = sorted((content / "programmes").glob("*.yaml"))[1]
    month.write_text(month.read_text(encoding="utf-8").replace("    text: ", "    text: Sửa đổi ", 1), encoding="utf-8")
    edited = written("edited")
    assert _written(edited) == _written(written("full", cached=False))
    changed = {path.relative_to(edited).as_posix() for path in edited.rglob("*")
               if path.suffix in (".docx", ".xlsx") and path.stat().st_ino != (second / path.relative_to(edited)).stat().st_ino}
    assert f"tai-ve/{month.stem}.xlsx" in changed and "du-lieu/nhiem-vu.xlsx" in changed
    assert f"tai-ve/{sorted((content / 'programmes').glob('*.yaml'))[0].stem}.xlsx" not in changed
    table = edited / "tai-ve" / f"{sorted((content / 'programmes').glob('*.yaml'))[2].stem}.xlsx"
    kept = table.read_bytes()
    with table.open("r+b") as handle:  # in place: the same file, the same size
        handle.write(b"PK\x03\x04" + b"\x00" * 60)
    again = written("again")
    assert (again / table.relative_to(edited)).read_bytes() == kept
    assert (again / table.relative_to(edited)).stat().st_ino != table.stat().st_ino
    (tmp_path / "cache" / "downloads.pickle").unlink()  # the store without the memo: kept files are read by the check
    assert _written(written("without memo")) == _written(again)


def test_a_memo_written_anew_no_longer_gives_what_it_did_not_keep(tmp_path):
    """A memo saved (written anew) and used on: a result it held but was not asked for before the
    save is not in the new file, and is made again, never read from where the old file had it (the
    new file's first result lies where the old file's did)."""
    path = tmp_path / "pages.pickle"
    first = Memo(path)
    first.cached(("b",), lambda: "hai " * 10)
    first.cached(("a",), lambda: "x" * 12_000_000)
    first.save()
    memo = Memo(path)
    memo.cached(("new",), lambda: "moi " * 1_000_000)  # the old file would be mostly unused: written anew
    memo.save()
    assert memo.cached(("b",), lambda: "made again") == "made again"
    assert memo.cached(("new",), lambda: "made") == "moi " * 1_000_000
    memo.save()
    assert _kept(path, [("a",), ("b",), ("new",)]) == {("a",): None, ("b",): "made again", ("new",): "moi " * 1_000_000}


@pytest.mark.parametrize("value", [
    [(3, ((0, False, "2023-11/I-1"), (1, False, "Tháng 11/2023"), (9, True, 45260)))],
    {"văn bản": {"Chỉ thị 05", "Kết luận 01"}, "số": (1, 2.5, None, True, b"\xff")},
    [],
])
def test_a_plain_result_is_kept_without_a_utf8_copy_in_its_texts_and_read_back_the_same(tmp_path, value):
    """A result of texts, numbers, tuples, lists, dicts and sets only (``plain``) is written by marshal,
    which keeps no UTF-8 copy inside a Vietnamese text (the pickler does, for the text's life), and
    a later build reads back the same value."""
    from portal.build.cache import Memo

    text = "Chỉ đạo triển khai " + "".join(map(str, range(5)))  # made here: no UTF-8 copy yet
    value = [value, text]
    before = sys.getsizeof(text)
    memo = Memo(tmp_path / "memo.pickle")
    assert memo.cached(("plain", 1), lambda: value, plain=True) is value
    assert sys.getsizeof(text) == before
    memo.save()
    again = Memo(tmp_path / "memo.pickle")
    assert again.cached(("plain", 1), lambda: pytest.fail("made again"), plain=True) == value
    pickle.dumps(text)
    assert sys.getsizeof(text) > before  # what the pickler would have kept


def test_a_plain_result_holding_an_instance_of_another_class_is_pickled(tmp_path):
    """Marshal cannot write a date or a dataclass: such a result is pickled, and read back the same."""
    from portal.build.cache import Memo

    value = [("Tháng 11", dt.date(2023, 11, 1))]
    memo = Memo(tmp_path / "memo.pickle")
    memo.cached(("dated",), lambda: value, plain=True)
    memo.save()
    again = Memo(tmp_path / "memo.pickle")
    assert again.cached(("dated",), lambda: pytest.fail("made again"), plain=True) == value


def test_a_held_memo_writes_its_results_when_saved_and_keeps_no_utf8_copy_until_then(tmp_path):
    """A memo whose results the build holds anyway (the loaded months) writes them when it is saved:
    until then a result is the very object made, its texts without the UTF-8 copy a pickler leaves,
    asked for again it is that object, and kept (:meth:`Memo.keep`); a later build reads it back."""
    from portal.build.cache import Memo, content_key

    text = "Tháng mười một " + "".join(map(str, range(3)))
    value = {"tasks": [text]}
    before = sys.getsizeof(text)
    memo = Memo(tmp_path / "months.pickle", held=True)
    assert memo.cached(("month", 1), lambda: value) is value
    assert memo.cached(("month", 1), lambda: pytest.fail("made again")) is value and memo.keep(("month", 1))
    assert sys.getsizeof(text) == before and not (tmp_path / "months.pickle").exists()
    memo.save()
    again = Memo(tmp_path / "months.pickle", held=True)
    assert again.cached(("month", 1), lambda: pytest.fail("made again")) == value and again.hits == 1
    again.save()  # nothing made: the file is kept as it is
    assert Memo(tmp_path / "months.pickle").get(content_key("month", 1)) == value


def _loaded(site) -> dict:
    """What loading made, written out: every taxonomy's terms and their entries (each task by its key),
    the warnings, and the chains; the same dump from the same content, whatever the memo held."""
    return {"taxonomies": {name: [(key, term.title, repr(term.meta),
                                   [(entry.task.key, entry.role, entry.anchor, entry.span, repr(entry.detail))
                                    for entry in term.entries]) for key, term in taxonomy.terms.items()]
                           for name, taxonomy in site.taxonomies.items()},
            "warnings": [str(problem) for problem in site.warnings],
            "chains": [[task.key for task in chain.tasks] + [chain.recurring] for chain in site.lineage.chains]}


@pytest.mark.parametrize("registry, old, new", [
    # a month file: a task's lead (its departments), its text (citations, chains), its deadline
    ("programmes/2024-01.yaml", re.compile(r"(\n    lead: )[^\n]*"), r"\g<1>Phòng LLCT-LSĐ"),
    ("programmes/2024-01.yaml", re.compile(r"(\n    lead: )[^\n]*"), r"\g<1>Phòng Chưa Có"),
    ("programmes/2024-01.yaml", re.compile(r"(\n    text: )"), r"\g<1>Quán triệt Nghị quyết số 45-NQ/TW, "),
    ("programmes/2023-10.yaml", re.compile(r"(\n    deadline: )[^\n]*"), r"\g<1>Quý IV"),
    ("programmes/2023-10.yaml", re.compile(r"(\n    deadline: )[^\n]*"), r"\g<1>Trước ngày 15/11/2203"),
    # a status moves a task to another list of its month's report; a later month continuing a task
    # moves it to «chuyển sang» in the earlier month's report, whose file is unchanged
    ("programmes/2023-11.yaml", re.compile(r"(\n    status: )[^\n]*"), r"\g<1>Hoàn thành"),
    ("programmes/2024-01.yaml", re.compile(r"(\n    status: [^\n]*)"), r"\1\n    carried_from: 2023-12/I-1"),
    # the registry, no month file: a department's period ends, so later months' leads name it
    # outside its period (the leads' warnings, the tasks filed under it)
    ("departments.yaml", re.compile(r"(\n  - code: LLCT-LSĐ\n)"), r"\g<1>    to: 2023-11\n"),
    ("departments.yaml", re.compile(r"(\n      - Phòng TT-TT\n)"), r"\g<1>      - Phòng Chưa Có\n"),
])
def test_a_load_from_the_months_memo_after_an_edit_is_a_load_without_it(tmp_path, registry, old, new):
    """The analyses kept per month (the leads' departments, deadlines, citations, chains) follow what
    they read, the registries included: after an edit, a load from the memo is a load without one."""
    generate_archive(4, seed=5, out_dir=tmp_path, start="2023-10")
    content = tmp_path / "content"
    if not (content / "departments.yaml").exists():
        shutil.copy(ROOT / "content" / "departments.yaml", content / "departments.yaml")

    def loaded(memos: bool) -> dict:
        months = Memo(tmp_path / "months.pickle") if memos else None
        site = load_site(content, source_date_epoch=1700000000, memo=months)
        if months is not None:
            months.save()
        return _loaded(site)

    cold = loaded(memos=True)
    _edit_once(content / registry, old, new)
    warm = loaded(memos=True)
    assert warm == loaded(memos=False)
    assert warm != cold


def test_a_table_s_parts_deflated_in_an_earlier_build_are_taken_only_for_the_same_bytes(tmp_path, monkeypatch):
    """A large part of a table (every part here: ``KEPT_PART`` 0) is deflated once and taken from the
    memo by its bytes in the next build: after a task's text is edited the archive's sheet is the same
    XML (its strings are numbered; their texts are in the shared strings) and is not deflated again;
    after a task's lead is changed the sheet differs and is deflated again. Either way every file is
    the bytes a build without cache writes."""
    from portal.outputs import packagezip

    monkeypatch.setattr(packagezip, "KEPT_PART", 0)
    deflated: list[bytes] = []
    real = packagezip.deflate
    monkeypatch.setattr(packagezip, "deflate", lambda data, level: deflated.append(data) or real(data, level))
    project = _archive_project(tmp_path, months=3, seed=7, start="2024-01")
    content = project / "content"

    def written(name: str, cached: bool = True) -> dict[str, bytes]:
        return _downloads(content, tmp_path / "cache", cached)

    def sheet(assets: dict[str, bytes]) -> bytes:
        with zipfile.ZipFile(io.BytesIO(assets["du-lieu/nhiem-vu.xlsx"])) as package:
            return package.read("xl/worksheets/sheet1.xml")

    written("first")
    months = sorted((content / "programmes").glob("*.yaml"))
    month = months[1]
    everything = "".join(path.read_text(encoding="utf-8") for path in months)
    # a text said once in the archive, its first letter changed: its row as tall, its string as new
    said = next(line for line in re.findall(r"\n    text: [^\n]+", month.read_text(encoding="utf-8"))
                if everything.count(line) == 1 and line[11].isalpha())
    changed = said[:11] + ("X" if said[11] != "X" else "Y") + said[12:]
    month.write_text(month.read_text(encoding="utf-8").replace(said, changed, 1), encoding="utf-8")
    deflated.clear()
    edited = written("text edited")
    assert sheet(edited) not in deflated  # the earlier build's deflate of the same sheet
    assert edited == written("full", cached=False)
    text = month.read_text(encoding="utf-8")
    lead = re.search(r"\n    lead: (.+)\n", text)
    assert lead is not None
    other = "LLCT-LSĐ" if lead.group(1) != "LLCT-LSĐ" else "Phòng TT-TT"
    month.write_text(text.replace(lead.group(0), f"\n    lead: {other}\n", 1), encoding="utf-8")
    deflated.clear()
    edited = written("lead changed")
    assert sheet(edited) in deflated
    assert edited == written("full", cached=False)


def _memo_keys(cache: Path) -> dict[str, set]:
    """The keys each memo file of ``cache`` holds, and the names each folder of kept files holds."""
    held: dict[str, set] = {}
    for path in sorted(cache.rglob("*")):
        if path.suffix == ".pickle":
            held[path.relative_to(cache).as_posix()] = set(Memo(path)._load())
        elif path.is_dir():
            held[path.relative_to(cache).as_posix()] = {child.name for child in path.iterdir()}
    return held


@pytest.mark.build
def test_a_build_that_changed_nothing_finds_everything_it_kept_whatever_the_hash_seed(tmp_path):
    """Each build's Python orders its sets by another hash seed: a key written from a set's order
    would change from one build to the next, and that part of the work would be done again each
    build (the theme's files were listed again every other build). A second build of unchanged
    content, under another seed, asks for the very keys the first one kept."""
    project = _archive_project(tmp_path, months=2, seed=3, start="2024-05")
    cache = project / ".cache" / "build"
    for seed in ("1", "1", "2"):  # the first build fills the cache, the second keeps what a build asks for
        assert mkdocs_build(project, env={**ENV, "PYTHONHASHSEED": seed}).returncode == 0
        if seed == "1":
            settled = _memo_keys(cache)
    if HOOKS_BUILDER:  # the hooks keep MkDocs' listing of the theme's files (the key that did change)
        assert settled["public/theme-files"]
    assert _memo_keys(cache) == settled


@pytest.mark.parametrize("edited, old, new, changed", [
    # a task's text: only its month's rows are made again
    ("programmes/2024-02.yaml", r"(\n    text: )", r"\g<1>Sửa đổi ", {"2024-02"}),
    # a relation between two documents said in one month: the rows of another month citing its
    # subject show it (their file unchanged; the newer month's is the one the JSON lists)
    ("programmes/2024-01.yaml", r"(\n    text: [^\n]+?)\.?\n",
     r"\1, theo Chỉ thị số 05-CT/TW ngày 15/5/2015 của Bộ Chính trị thay thế Chỉ thị số 03-CT/TW.\n",
     {"2024-01", "2024-02", "2024-03"}),
    # a department renamed in the registry: every row it leads names it so
    ("departments.yaml", r"name: Phòng Thông tin - Tuyên truyền", "name: Phòng Tuyên truyền và Báo chí",
     {"2024-01", "2024-02", "2024-03"}),
])
def test_download_rows_kept_by_month_follow_what_they_are_made_of(tmp_path, monkeypatch, edited, old, new, changed):
    """The downloads' rows of a month are made only when what they are made of changed
    (``_kept_rows``): an edit in the month, or outside it (a relation said in another month, a
    registry), makes them again, and every file is the bytes a build without cache writes."""
    from portal.build import site as build_site
    from portal.outputs import tasktable

    project = _archive_project(tmp_path, months=3, seed=7, start="2024-01")
    content = project / "content"
    if not (content / "departments.yaml").exists():
        shutil.copy(ROOT / "content" / "departments.yaml", content / "departments.yaml")
    # a task of the newest month cites the document the relation's edit makes the subject of
    _edit_once(content / "programmes" / "2024-03.yaml", re.compile(r"(\n    text: )"), r"\g<1>Theo Chỉ thị số 05-CT/TW, ")
    made: list[str] = []
    real = tasktable.month_rows
    monkeypatch.setattr(tasktable, "month_rows", lambda site, programme, *rest: made.append(programme.month)
                        or real(site, programme, *rest))

    def written(cached: bool = True) -> dict[str, bytes]:
        memo = Memo(tmp_path / "cache" / "downloads.pickle") if cached else None
        site = load_site(content, source_date_epoch=1700000000)
        assets = {asset.path: asset.content for asset in build_site.data_files(site, memo)}
        if memo is not None:
            memo.save()
        return assets

    written()
    made.clear()
    assert written() and not made  # nothing changed: no month's rows made
    _edit_once(content / edited, re.compile(old), new)
    edited_files = written()
    made_again = set(made)
    assert edited_files == written(cached=False)
    assert made_again == changed


def test_a_kept_month_whose_parts_the_memo_lacks_has_them_made_from_its_rows(tmp_path, monkeypatch):
    """A month whose rows are kept (``_kept_rows``) but whose Excel cells, JSON or CSV lines the memo
    no longer gives has its rows made then, and every file is the bytes a build without cache writes."""
    project = _archive_project(tmp_path, months=3, seed=7, start="2024-01")
    content = project / "content"

    def written(cached: bool = True) -> dict[str, bytes]:
        return _downloads(content, tmp_path / "cache", cached)

    written()
    _edit_once(content / "programmes" / "2024-02.yaml", re.compile(r"(\n    text: )"), r"\g<1>Sửa đổi ")
    real = Memo.cached
    lost = {"xlsx-rows", "json-part", "csv-part", "xlsx"}  # a month's parts and every table: made again
    monkeypatch.setattr(Memo, "cached", lambda self, parts, make, plain=False:
                        make() if parts[0] in lost else real(self, parts, make, plain))
    assert written() == written(cached=False)


def test_a_load_without_the_build_cache_hashes_no_task_for_keys(monkeypatch):
    """Without the build cache nothing is looked up, so no task is hashed for a key: the keys of a
    month's analyses (task digests) cost ≈ 0.12 s of a 120-month build when they were made anyway."""
    from portal.content.model import Task
    from portal.site import model

    hashed = []
    digest = model.content_digest
    monkeypatch.setattr(model, "content_digest",
                        lambda value: hashed.append(value) if isinstance(value, Task) else digest(value))
    site = load_site(ROOT / "content")
    assert site.tasks() and not hashed


def test_a_large_tables_sheet_is_kept_only_while_every_byte_of_it_would_be_the_same(monkeypatch):
    """A large table's sheet is kept by what its rows are made of (``KeptSheet``: the rows' heights,
    shapes, strings' numbers and dates, the rest of the sheet's XML), not by its bytes: a table made
    with the kept sheets of earlier tables is byte for byte the table made without, whatever changed
    (a task's text alone: the same sheet, kept; a text now the same as another's, so that the strings
    are numbered otherwise; a text long enough for a taller row; a deadline's date; the same dates in
    another row; a department's role; the title, in the page header), and opens in Excel's reader
    with its rows."""
    import dataclasses

    from portal.build.cache import content_key
    from portal.outputs import xlsx
    from portal.outputs.tasktable import task_rows

    monkeypatch.setattr(xlsx, "KEPT_SHEET_ROWS", 2)  # the sample's rows as a long archive's
    rows = task_rows(load_site(ROOT / "content"))
    assert len(rows) > 6 and rows[3].deadline_end is not None
    kept: dict = {}
    made: list = []

    def kept_sheet(parts, make, level):
        key = content_key("kept sheet", level, *parts)
        if key not in kept:
            made.append(key)
            kept[key] = make()
        return kept[key]

    def edited(row, text):
        return dataclasses.replace(row, text=text, task=dataclasses.replace(row.task, text=text))

    def undated(row):
        return dataclasses.replace(row, deadline_start=None, deadline_end=None)

    roles = ["Chủ trì"] * len(rows)
    tables = [
        (rows, "Bảng", None),
        ([edited(rows[0], rows[0].text + " (sửa)"), *rows[1:]], "Bảng", None),  # the same sheet
        ([*rows[:4], edited(rows[4], rows[2].text), *rows[5:]], "Bảng", None),  # strings numbered otherwise
        ([*rows[:4], edited(rows[4], "Rất dài " * 80), *rows[5:]], "Bảng", None),  # a taller row
        ([*rows[:3], dataclasses.replace(rows[3], deadline_end=rows[3].deadline_end + dt.timedelta(days=1)),
          *rows[4:]], "Bảng", None),
        # the same dates, strings and heights, in another row: only which row has which shape tells them apart
        ([*rows[:3], undated(rows[3]), *rows[4:]], "Bảng", None),
        ([*rows[:3], dataclasses.replace(rows[3], deadline_start=rows[4].deadline_start,
                                         deadline_end=rows[4].deadline_end), undated(rows[4]), *rows[5:]], "Bảng", None),
        (rows, "Bảng", roles),
        (rows, "Bảng", ["Phối hợp", *roles[1:]]),
        (rows, "Bảng khác", None),
    ]
    for number, (table, title, table_roles) in enumerate(tables):
        before = len(made)
        content = xlsx.table(table, title, roles=table_roles, kept_sheet=kept_sheet)[0]
        assert content == xlsx.table(table, title, roles=table_roles)[0], number
        assert len(made) == before + (number != 1), number  # made again but for the edit of a text alone
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        assert sheet.max_row == len(table) + 1 and sheet.cell(2, 1).value == table[0].id


@pytest.mark.parametrize("edited, old, new, kept", [
    # a task's text: only the runs of its month are written again
    ("programmes/2024-02.yaml", r"(\n    text: )", r"\g<1>Sửa đổi ", True),
    # a task's lead: its departments' tables have another role in the row, the archive's another name
    ("programmes/2024-02.yaml", r"\n    lead: [^\n]+\n", "\n    lead: Phòng LLCT-LSĐ\n", True),
    # a deadline: the row's dates
    ("programmes/2024-02.yaml", r"(\n    deadline: )[^\n]*", r"\g<1>Trước ngày 05 hằng tháng", True),
    # a task of the first month left out: every later row is a row higher up (its number in the sheet)
    ("programmes/2024-01.yaml", r"\n  - number: '1'\n    text: [^\n]*\n(    [^\n]*\n)*?(?=  - number)", "\n", False),
])
def test_a_large_tables_rows_are_kept_by_runs_only_while_every_byte_of_them_would_be_the_same(
        tmp_path, monkeypatch, edited, old, new, kept):
    """The rows of a large table (``xlsx.LARGE``: its strings inline) are kept by runs, the rows of a
    month each (``RowRuns``, keyed by its rows' keys, roles, first row number, styles): after an edit
    only the runs it touched are written again, and every file is the bytes a build without cache
    writes, whatever changed (a text, a lead: the departments' roles, a deadline's dates, a task left
    out: every later row's number); the check of the downloads finds in them what reading them finds."""
    from portal.build import site as build_site
    from portal.outputs import xlsx

    monkeypatch.setattr(xlsx, "LARGE", 8)  # every table of the small archive with 8 rows or more
    project = _archive_project(tmp_path, months=3, seed=7, start="2024-01")
    content = project / "content"
    runs: list[tuple[int, int]] = []
    told_by_runs: list[str] = []
    real = xlsx._TaskSheet._rows_xml
    monkeypatch.setattr(xlsx._TaskSheet, "_rows_xml", lambda self, start, stop, styles:
                        runs.append((start, stop)) or real(self, start, stop, styles))

    def written(cached: bool = True) -> dict[str, bytes]:
        if not cached:
            site = load_site(content, source_date_epoch=1700000000)
            return {asset.path: asset.content for asset in build_site.data_files(site, None)}
        assets, by_runs = _downloads_checked_as_read_back(content, Memo(tmp_path / "cache" / "downloads.pickle"))
        told_by_runs.extend(by_runs)
        return assets

    first = written()
    made = len(runs)
    assert made > 3 and told_by_runs  # the tables' runs were written, their texts told by runs
    runs.clear()
    assert written() == first and not runs  # nothing changed: every run kept
    _edit_once(content / edited, re.compile(old), new)
    edited_files = written()
    assert edited_files != first and edited_files == written(cached=False)
    again = len(runs)
    runs.clear()
    assert 0 < again and (again < made or not kept)  # a task left out: a run kept only where no row moved
    assert openpyxl.load_workbook(io.BytesIO(edited_files["du-lieu/nhiem-vu.xlsx"])).active.max_row > 8


def test_a_kept_sheets_texts_told_by_runs_are_checked_as_its_bytes_read_back(tmp_path, monkeypatch):
    """A table whose sheet is kept (``KEPT_SHEET_ROWS``) tells the check its texts by runs of a month's
    rows (``RunTexts``): before and after an edit (a text, a task left out) the check finds in every
    table what reading its bytes finds, the kept runs' from the memo."""
    from portal.outputs import xlsx

    monkeypatch.setattr(xlsx, "KEPT_SHEET_ROWS", 8)
    project = _archive_project(tmp_path, months=3, seed=7, start="2024-01")
    content = project / "content"
    by_runs: list[str] = []

    def checked() -> None:
        by_runs.extend(_downloads_checked_as_read_back(content, Memo(tmp_path / "cache" / "downloads.pickle"))[1])

    checked()
    assert "du-lieu/nhiem-vu.xlsx" in by_runs
    _edit_once(content / "programmes" / "2024-02.yaml", re.compile(r"(\n    text: )"), r"\g<1>Sửa đổi ")
    checked()
    _edit_once(content / "programmes" / "2024-01.yaml",
               re.compile(r"\n  - number: '1'\n    text: [^\n]*\n(    [^\n]*\n)*?(?=  - number)"), "\n")
    checked()


def test_an_earlier_builds_page_is_read_only_as_far_as_asked(tmp_path, monkeypatch):
    """``Memo.cached_bytes``: a page an earlier build kept is given unread; the page gives its front
    matter from the first bytes (all of them when the front matter is longer) and its body, read
    then, as the bytes it was kept as; a page of bytes put aside while waiting is not written out."""
    from portal.build.cache import KeptBytes
    from portal.build.session import _put_aside, _read_back

    text = "---\ntitle: Tháng 5\nsearch: true\n---\n<p>Nội dung</p>\n".encode("utf-8")
    path = tmp_path / "pages"
    memo = Memo(path)
    assert memo.cached_bytes(("page", "a"), lambda: text) == text
    memo.save()
    for head in (KeptBytes.HEAD, 8):  # a front matter longer than the head is read whole
        monkeypatch.setattr(KeptBytes, "HEAD", head)
        kept = Memo(path).cached_bytes(("page", "a"), lambda: b"made again")
        assert isinstance(kept, KeptBytes) and kept.length == len(text)
        page = Page("a.md", kept)
        assert page.front_matter() == "---\ntitle: Tháng 5\nsearch: true\n---\n"
        assert page.unread == (head != 8)
        assert page.html_utf8() == "<p>Nội dung</p>\n".encode("utf-8") and not page.unread
        assert page == Page("a.md", text)
    pages = [Page("a.md", Memo(path).cached_bytes(("page", "a"), lambda: b"")), Page("b.md", b"---\n---\nb")]
    lengths = _put_aside(pages, tmp_path / "aside")
    assert lengths == [-1, len(b"---\n---\nb")]
    assert [page.markdown_utf8 for page in _read_back(pages, tmp_path / "aside", lengths)] == [text, b"---\n---\nb"]
