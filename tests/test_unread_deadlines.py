"""Deadlines the parser cannot read are never dropped in silence: `portal check` lists each with
file, line and task, and the deadline pages show the tasks under «Thời hạn chưa đọc được»."""
from __future__ import annotations

import shutil

import lxml.html
import pytest
from conftest import ROOT

from portal import cli
from portal.build.site import load_site, render_pages
from portal.text.deadlines import parse_deadline

SAMPLE = (ROOT / "content" / "programmes" / "2023-11.yaml").read_text(encoding="utf-8")
UNREADABLE = ["Theo chỉ đạo của Thường trực Tỉnh ủy", "Khi có văn bản hướng dẫn"]


@pytest.fixture
def content(tmp_path):
    """The sample with two tasks' deadlines replaced by text no parser can date."""
    for text in UNREADABLE:
        assert parse_deadline(text, "2023-11").kind == "unknown"
    folder = tmp_path / "content"
    shutil.copytree(ROOT / "content", folder)
    text = SAMPLE.replace("deadline: 29/11/2023", f"deadline: {UNREADABLE[0]}", 1)
    text = text.replace("deadline: 17/11/2023", f"deadline: {UNREADABLE[1]}", 1)
    (folder / "programmes" / "2023-11.yaml").write_text(text, encoding="utf-8")
    return folder


def _task_lines(content, deadline):
    """1-based line of the task (its ``- number:``) whose deadline is ``deadline``."""
    lines = (content / "programmes" / "2023-11.yaml").read_text(encoding="utf-8").splitlines()
    at = next(n for n, line in enumerate(lines) if line.strip() == f"deadline: {deadline}")
    return next(n + 1 for n in range(at, -1, -1) if lines[n].lstrip().startswith("- number:"))


def test_check_lists_each_unread_deadline_with_file_line_and_task(content, capsys):
    assert cli.main(["check", "--content", str(content)]) == 0
    err = capsys.readouterr().err
    site = load_site(content, include_restricted=True)
    for deadline in UNREADABLE:
        (row,) = [line for line in err.splitlines() if f"«{deadline}»" in line]
        task = next(t for t in site.tasks() if t.deadline == deadline)
        assert row.startswith(f"Cảnh báo: content/programmes/2023-11.yaml, dòng {_task_lines(content, deadline)}, ")
        assert f"nhiệm vụ {task.label} tháng 11/2023" in row


def test_deadline_pages_show_unread_tasks_under_their_heading(content):
    site = load_site(content)
    pages = {p.src_uri: p for p in render_pages(site)}
    for uri in ("thoi-han/2023-11.md", "thoi-han/index.md"):
        page = lxml.html.fromstring(pages[uri].html())
        heading = [h for h in page.iter("h2") if h.text_content().strip() == "Thời hạn chưa đọc được"]
        assert heading, uri
        items = page.xpath("//ul[contains(@class, 'deadlines-unknown')]/li//span[@class='deadlines-as-written']")
        assert sorted(i.text_content() for i in items) == sorted(UNREADABLE)
