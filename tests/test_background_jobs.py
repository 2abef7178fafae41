"""The build's background jobs and what the main process holds meanwhile: the jobs work one after
the other (their peaks of memory never meet), a job that fails still lets the next one run, and the
pages held as UTF-8 give back exactly the text they were made of."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from portal.build.background import BackgroundJob, release_freed_memory
from portal.build.session import _put_aside, _read_back, _read_once
from portal.site.model import Page

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="jobs are forked only where fork exists")


def _wait_for(path: Path) -> None:
    while not path.exists():
        time.sleep(0.01)


def test_a_later_job_begins_its_work_only_once_the_earlier_one_has_ended(tmp_path):
    release, first_done, second_began = tmp_path / "release", tmp_path / "first-done", tmp_path / "second-began"

    def first() -> int:
        _wait_for(release)
        first_done.write_text("1")
        return 1

    def second() -> int:
        second_began.write_text("1")
        return 2 if first_done.exists() else 0  # 2: the first had ended when this one began

    jobs = [BackgroundJob(first).start()]
    jobs.append(BackgroundJob(second, after=jobs[0]).start())
    assert all(job.pid is not None for job in jobs)
    deadline = time.monotonic() + 0.5  # the first is held back: the second must not have begun meanwhile
    while time.monotonic() < deadline:
        assert not second_began.exists()
        time.sleep(0.02)
    release.write_text("1")
    assert [job.join() for job in jobs] == [1, 2]


def test_a_failed_earlier_job_lets_the_later_one_run_and_is_reported(tmp_path):
    def failing() -> int:
        raise ValueError("hỏng")

    def second() -> int:
        return 7

    jobs = [BackgroundJob(failing).start()]
    jobs.append(BackgroundJob(second, after=jobs[0]).start())
    with pytest.raises(RuntimeError, match="hỏng"):
        jobs[0].join()
    assert jobs[1].join() == 7


def test_a_job_after_one_already_joined_starts_at_once(tmp_path):
    jobs = [BackgroundJob(lambda: 3).start()]
    assert jobs[0].join() == 3
    jobs.append(BackgroundJob(lambda: 4, after=jobs[0]).start())
    assert jobs[1].join() == 4


def test_a_waiting_job_puts_aside_meanwhile_only_while_the_earlier_one_works(tmp_path):
    """``while_waiting`` runs in the later child, before its wait, and only if the earlier job is
    still at work (the search job puts its pages aside while the downloads' job works)."""
    release, waited = tmp_path / "release", tmp_path / "waited"

    def first() -> int:
        _wait_for(release)
        return 1

    def meanwhile() -> None:
        waited.write_text(str(os.getpid()))
        release.write_text("1")  # the earlier job may end now: this ran before the wait

    jobs = [BackgroundJob(first).start()]
    jobs.append(BackgroundJob(lambda: 2, after=jobs[0], while_waiting=meanwhile).start())
    child = jobs[1].pid
    assert [job.join() for job in jobs] == [1, 2]
    assert waited.read_text() == str(child)  # in the later child, not in this process
    ended = BackgroundJob(lambda: 3).start()
    ended.wait_ended()
    assert ended.ended()
    waited.unlink()
    later = BackgroundJob(lambda: 4, after=ended, while_waiting=meanwhile).start()
    assert later.join() == 4 and ended.join() == 3
    assert not waited.exists()  # nothing to wait for: nothing put aside


def test_a_stopped_job_leaves_no_descriptor_open(tmp_path):
    before = set(os.listdir("/proc/self/fd")) if Path("/proc/self/fd").is_dir() else None
    release = tmp_path / "release"
    job = BackgroundJob(lambda: (_wait_for(release), 1)[1]).start()
    later = BackgroundJob(lambda: 2, after=job).start()
    job.stop()
    assert later.join() == 2
    if before is not None:
        assert set(os.listdir("/proc/self/fd")) == before


@pytest.mark.parametrize("text", [
    "",
    "---\ntitle: \"Tháng 01/2026\"\n---\n<p>Nhiệm vụ: rà soát, đôn đốc</p>",
    "<table><tr><td>Đảng ủy – Văn phòng</td></tr></table>\n",
    "plain ASCII only",
    "Unikey tổ hợp: Ca\u0301c nhiê\u0323m vu\u0323 \u200b\ufeff\u00a0 — 😀",
    "lone surrogate \udc80 kept as it was",
])
def test_pages_give_back_the_very_text_they_were_made_of(text):
    """A page holds its Markdown as UTF-8, given as text or as those bytes (a page of the build cache)."""
    page = Page("programmes/2026-01/index.md", text, "Tháng 01/2026", in_nav=True)
    utf8 = text.encode("utf-8", "surrogatepass")
    assert (page.src_uri, page.markdown, page.title, page.in_nav) == \
        ("programmes/2026-01/index.md", text, "Tháng 01/2026", True)
    assert page.markdown_utf8 == utf8
    from_bytes = Page("programmes/2026-01/index.md", utf8, "Tháng 01/2026", in_nav=True)
    assert from_bytes.markdown_utf8 is utf8  # held as given: never decoded, nor encoded again
    assert from_bytes == page and from_bytes.markdown == text
    cut = len(text) - len(text.split("\n---\n", 1)[1]) if text.startswith("---\n") and "\n---\n" in text[3:] else 0
    assert (page.front_matter(), page.html()) == (text[:cut], text[cut:])
    assert (from_bytes.front_matter(), from_bytes.html()) == (text[:cut], text[cut:])
    page.markdown = ""
    assert page.markdown == "" and page.html() == "" and page.markdown_utf8 == b""


def test_the_search_job_reads_each_page_once_and_lets_it_go():
    pages = [Page(f"p{i}.md", f"---\ntitle: {i}\n---\n<p>trang {i}</p>", str(i)) for i in range(3)]
    seen = []
    for page in _read_once(pages):
        seen.append(page.html())
        assert page.markdown  # still whole while it is read
    assert seen == [f"<p>trang {i}</p>" for i in range(3)]
    assert [page.markdown for page in pages] == ["", "", ""]


def test_pages_put_aside_while_waiting_are_read_back_whole_once_each(tmp_path):
    """The search job's pages, put aside in a file while it waits, come back byte for byte (texts
    of any kind, empty ones, as given as bytes), one at a time; the file is removed after."""
    texts = ["---\ntitle: 1\n---\n<p>Nhiệm vụ</p>", "", "lone \udc80", "😀 — \u00a0", "plain"]
    pages = [Page(f"p{i}.md", text if i % 2 else text.encode("utf-8", "surrogatepass"), str(i), in_nav=bool(i % 2))
             for i, text in enumerate(texts)]
    aside = tmp_path / "aside"
    lengths = _put_aside(pages, aside)
    assert [page.markdown for page in pages] == [""] * len(texts)  # let go while waiting
    seen = []
    for page in _read_back(pages, aside, lengths):
        seen.append((page.src_uri, page.markdown, page.title, page.in_nav))
        assert sum(bool(other.markdown_utf8) for other in pages) <= 1  # one page held at a time
    assert seen == [(f"p{i}.md", text, str(i), bool(i % 2)) for i, text in enumerate(texts)]
    assert [page.markdown for page in pages] == [""] * len(texts)
    assert not aside.exists()


def test_giving_freed_memory_back_is_harmless_anywhere():
    release_freed_memory()
    release_freed_memory()


@pytest.mark.parametrize("text", ["", "<p>Việt Nam</p>", "lone \udc80", "😀 — \u00a0"])
def test_a_body_is_keyed_alike_as_text_or_as_its_utf8_bytes(text):
    from portal.build.cache import content_key
    held = Page("a.md", "---\ntitle: a\n---\n" + text)
    assert held.html_utf8() == text.encode("utf-8", "surrogatepass")
    assert content_key("page-body", held.html_utf8()) == content_key("page-body", text)
    assert content_key("page-body", text) != content_key("page-body", text + " ")


def test_the_search_job_waits_for_the_downloads_only_for_a_large_archive(monkeypatch):
    """Below the threshold both jobs work at once (a small edit's rebuild no longer idles while the
    search job waits); above it they take turns, as their peaks of memory must not meet."""
    from conftest import ROOT

    from portal.build import session
    from portal.build.site import load_site

    site = load_site(ROOT / "content")
    build = session.Build(site, [], None, lambda message: None)
    tasks = len(site.tasks())
    assert tasks > 0
    monkeypatch.setattr(session, "JOBS_IN_TURN_TASKS", tasks)
    assert not build._jobs_in_turn()
    monkeypatch.setattr(session, "JOBS_IN_TURN_TASKS", tasks - 1)
    assert build._jobs_in_turn()


def test_a_large_archive_s_jobs_work_at_once_when_few_pages_were_rendered_afresh(monkeypatch):
    """After a small edit (the cache warm, few pages rendered afresh) each job patches what the cache
    kept: a large archive's search job no longer waits for the downloads; a build that renders many
    pages afresh (no cache, a template changed) still takes turns, and so does one whose count is unknown."""
    from conftest import ROOT

    from portal.build import session
    from portal.build.site import load_site

    site = load_site(ROOT / "content")
    build = session.Build(site, [], None, lambda message: None)
    build.pages = [Page(f"p{number}.md", "# p") for number in range(100)]
    monkeypatch.setattr(session, "JOBS_IN_TURN_TASKS", 0)  # a large archive
    assert build._jobs_in_turn(None)
    assert build._jobs_in_turn(100)
    assert build._jobs_in_turn(100 // session.FEW_PAGES_AFRESH + 1)
    assert not build._jobs_in_turn(100 // session.FEW_PAGES_AFRESH)
    assert not build._jobs_in_turn(0)
    monkeypatch.setattr(session, "JOBS_IN_TURN_TASKS", 10 ** 9)  # a small one: always at once
    assert not build._jobs_in_turn(100)


@pytest.mark.parametrize("large, rendered_afresh, gives_way", [
    (False, None, True),  # three processes at once, the search job indexing afresh will end last
    (False, 100, True),
    (False, 0, False),  # a small edit: the search job patches, the downloads job ends last
    (True, None, False),  # a large archive's jobs in turn: the downloads job is on the way to the end
    (True, 100, False),
    (True, 0, False),  # a small edit: at once, and the downloads job ends last
])
def test_the_downloads_job_gives_way_only_to_a_search_job_that_will_end_last(
        monkeypatch, tmp_path, large, rendered_afresh, gives_way):
    """The downloads job starts at the builder's priority (which job ends last is known only once the
    pages are rendered); it then takes a lower one only where three processes work at once and the
    search job, indexing afresh, will end last: what the downloads take then they take from it."""
    from conftest import ROOT

    from portal.build import session
    from portal.build.site import load_site

    seen, go = tmp_path / "niceness", tmp_path / "go"

    def tell(niceness: int) -> None:  # whole or not at all: the test reads it while the child works
        (tmp_path / "told").write_text(str(niceness))
        os.replace(tmp_path / "told", seen)

    def downloads(site, folder, memo, files) -> None:
        tell(os.nice(0))
        while not go.exists():
            time.sleep(0.01)
        tell(os.nice(0))

    monkeypatch.setattr(session, "write_checked_assets", downloads)
    monkeypatch.setattr(session, "build_search_from_pages", lambda *args: 0)
    monkeypatch.setattr(session, "JOBS_IN_TURN_TASKS", 0 if large else 10 ** 9)
    build = session.Build(load_site(ROOT / "content"), [], None, lambda message: None)
    build.pages = [Page(f"p{number}.md", "# p") for number in range(100)]
    own = os.nice(0)
    build._start_downloads()
    try:
        while not seen.exists():
            time.sleep(0.01)
        assert int(seen.read_text()) == own
        build._start_search(ROOT / "docs", "site", rendered_afresh=rendered_afresh)
    finally:
        go.touch()
        build.abandon()
    assert int(seen.read_text()) == (min(own + session.DOWNLOADS_NICENESS, 19) if gives_way else own)
