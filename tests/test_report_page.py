"""The month-end report page of a built site: its Word download, counts that agree with its lists,
the overdue tasks, and a phone's screen (390 px) that holds all of it."""
from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pytest
from conftest import copy_project, mkdocs_build
from htmlpage import parse, text_of
from siteserver import serve

from portal.cli import main

STATUSES = [  # (task, status, done date): a month's end with most status words in it
    ("I.1", "Hoàn thành", "2023-11-18"), ("I.2", "Hoàn thành", "2023-12-02"), ("II.1", "Chưa thực hiện", None),
    ("II.2", "Không thực hiện", None), ("III.4", "Chuyển sang tháng sau", None),
]
REPORT = "bao-cao/2023-11/index.html"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("report-page"))
    content = str(project / "content")
    for label, status, day in STATUSES:
        assert main(["status", "2023-11", label, status, "--content", content] + (["--date", day] if day else [])) == 0
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


def _lists(root) -> dict[str, tuple[int, list[str]]]:
    """Heading → (count in the heading, tasks in its table)."""
    lists = {}
    for heading in root.xpath("//h3[@id]"):
        match = re.fullmatch(r"\d+\. (.+) \((\d+)\)", text_of(heading))
        if match:
            rows = heading.xpath("following-sibling::div[1]//tr[@data-task]") if int(match.group(2)) else []
            lists[match.group(1)] = (int(match.group(2)), [r.get("data-task") for r in rows])
    return lists


@pytest.mark.build
def test_the_report_downloads_beside_its_page(site):
    root = parse(site / REPORT)
    (link,) = root.xpath('//div[contains(@class, "portal-print-tools")]/a[contains(@class, "portal-download")]')
    assert "Word" in text_of(link) and link.get("download") is not None
    target = (site / "bao-cao" / "2023-11" / link.get("href")).resolve()
    assert target == (site / "tai-ve" / "bao-cao-2023-11.docx").resolve()
    document = docx.Document(io.BytesIO(target.read_bytes()))
    summary = text_of(root.xpath('//p[starts-with(normalize-space(), "Chương trình công tác tháng")]')[0])
    assert summary in [p.text for p in document.paragraphs]  # the page and the document say the same
    assert "portal report" not in text_of(root)  # a download, not a command to type


@pytest.mark.build
def test_counts_agree_with_the_lists_and_empty_columns_are_left_out(site):
    root = parse(site / REPORT)
    lists = _lists(root)
    for heading, (count, tasks) in lists.items():
        assert count == len(tasks), heading
    by_section = root.xpath('//table[contains(@class, "portal-counts")]')[0]
    headers = [text_of(th) for th in by_section.xpath(".//thead//th")]
    total = [text_of(c) for c in by_section.xpath(".//tr[contains(@class, 'portal-report-total')]/*")]
    counts = dict(zip(headers[1:], total[1:]))
    assert counts["Tổng"] == "48"
    assert "Khác" not in headers and "Thường xuyên" in headers  # no task without a status word; III.3 is ongoing
    assert all(n != "0" for header, n in counts.items() if header not in ("Đúng hạn", "Trễ hạn", "Quá hạn"))
    named = {"Hoàn thành": "Nhiệm vụ đã hoàn thành", "Đang thực hiện": "Nhiệm vụ đang thực hiện",
             "Thường xuyên": "Nhiệm vụ thực hiện thường xuyên", "Chưa thực hiện": "Nhiệm vụ chưa thực hiện",
             "Không thực hiện": "Nhiệm vụ không thực hiện", "Chuyển tháng sau": "Nhiệm vụ chuyển sang tháng sau"}
    for header, heading in named.items():
        assert int(counts[header]) == lists[heading][0], header
    overdue_count, overdue = lists["Nhiệm vụ quá hạn chưa hoàn thành"]
    assert int(counts["Quá hạn"]) == overdue_count and "2023-11/II-1" in overdue
    assert "2023-11/I-1" not in overdue and "2023-11/II-2" not in overdue  # done; dropped
    summary = text_of(root.xpath('//p[starts-with(normalize-space(), "Chương trình công tác tháng")]')[0])
    assert f"đang thực hiện {counts['Đang thực hiện']};" in summary
    assert f"quá hạn chưa hoàn thành {overdue_count}" in summary


@pytest.mark.build
@pytest.mark.browser
def test_nothing_is_wider_than_a_phone(site, browser):
    with serve(site) as url:
        context = browser.new_context(viewport={"width": 390, "height": 844})
        try:
            tab = context.new_page()
            tab.goto(url + "bao-cao/2023-11/")
            tab.wait_for_load_state("load")
            widths = tab.evaluate("() => [innerWidth, document.documentElement.scrollWidth, document.body.scrollWidth]")
            assert widths[0] == 390 and max(widths[1:]) <= 390, widths
            wide = tab.evaluate("""() => [...document.querySelectorAll('article *')].filter(el => {
                  const box = el.getBoundingClientRect();
                  return box.width > 0 && (box.left < -0.5 || box.right > innerWidth + 0.5);
                }).map(el => el.tagName + '.' + el.className).slice(0, 5)""")
            assert wide == []
            # every count is on screen with its column's name
            cells = tab.evaluate("""() => [...document.querySelectorAll('table.portal-counts td')].map(td => {
                  const box = td.getBoundingClientRect();
                  return {label: getComputedStyle(td, '::before').content, left: box.left, right: box.right,
                          width: box.width};
                })""")
            assert cells and all(c["width"] > 0 and c["left"] >= 0 and c["right"] <= 390 for c in cells)
            assert all(c["label"].startswith('"') and c["label"] != '""' for c in cells)
        finally:
            context.close()
