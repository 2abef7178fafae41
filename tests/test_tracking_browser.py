"""Following the work in headless Chromium: marks against the reader's date, filters whose state is the
address, the month next door, the keyboard path, the phone layout and the 404 page.

The reader's date is fixed with Playwright's clock. The sample site is built once (``built_site``);
the neighbouring months need two months, so a copy of the sample with December drafted and issued
is built for them.
"""
from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import BUILDER, ROOT, copy_project, mkdocs_build
from siteserver import serve

from portal.cli import main
from portal.content.loader import load_programmes
from portal.site.tracking import track

pytestmark = [pytest.mark.build, pytest.mark.browser]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
NOV_20 = dt.datetime(2023, 11, 20, 9, 0)


@pytest.fixture(scope="module")
def site_url(built_site):
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="module")
def sample():
    (programme,) = load_programmes(ROOT / "content")
    return programme


def _tab(browser, url: str, today: dt.datetime = NOV_20, viewport: dict = DESKTOP, script: bool = True):
    context = browser.new_context(viewport=viewport, java_script_enabled=script)
    tab = context.new_page()
    tab.clock.set_fixed_time(today)
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.goto(url)
    tab.wait_for_load_state("load")
    return context, tab, errors


MARKS = """() => Object.fromEntries([...document.querySelectorAll('tr[data-task]')].map(row => {
  const mark = row.querySelector('[data-due-mark]');
  return [row.dataset.task, mark && !mark.hidden ? mark.textContent : ''];
}))"""


@pytest.mark.parametrize("today", [NOV_20, dt.datetime(2023, 11, 2, 8), dt.datetime(2023, 12, 20, 9)])
def test_every_row_of_the_month_page_is_marked_against_the_readers_date(browser, site_url, sample, today):
    context, tab, errors = _tab(browser, site_url + "programmes/2023-11/", today)
    try:
        marks = tab.evaluate(MARKS)
        expected = {task.key: {"overdue": "Quá hạn", "soon": "Sắp đến hạn", "": ""}[track(task, today.date()).mark]
                    for task in sample.tasks()}
        assert marks == expected
        assert tab.inner_text("[data-asof]") == f"Quá hạn, sắp đến hạn: tính đến hôm nay, {today:%-d/%-m/%Y}."
        assert errors == []
    finally:
        context.close()
    if today == NOV_20:  # one row read by hand: II.7 «Ngày 15/11/2023» is past due on the 20th
        assert marks["2023-11/II-7"] == "Quá hạn" and marks["2023-11/I-1"] == "Sắp đến hạn"
    if today.month == 12:  # a month on, every dated row not done is past due; none is «soon»
        assert "Sắp đến hạn" not in marks.values() and list(marks.values()).count("Quá hạn") > 40


def test_without_scripts_the_marks_and_the_note_are_the_build_days(browser, built_site, sample):
    context, tab, _ = _tab(browser, (built_site / "programmes" / "2023-11" / "index.html").as_uri(), script=False)
    try:
        note = tab.inner_text("[data-asof]")
        day = dt.datetime.strptime(re.search(r"\d{2}/\d{2}/\d{4}", note)[0], "%d/%m/%Y").date()
        assert "ngày dựng trang" in note
        expected = {task.key: {"overdue": "Quá hạn", "soon": "Sắp đến hạn", "": ""}[track(task, day).mark]
                    for task in sample.tasks()}
        assert tab.evaluate(MARKS) == expected
        assert tab.evaluate("() => [...document.querySelectorAll('[data-status]')].every(item => !item.hidden)")
    finally:
        context.close()


VISIBLE = """() => [...document.querySelectorAll('#nhiem-vu tr[data-status]')]
  .filter(row => !row.hidden).map(row => row.dataset.task)"""


def _query(tab) -> dict:
    return {key: values[0] for key, values in parse_qs(urlsplit(tab.url).query).items()}


@pytest.mark.parametrize("how", ["served", "file"])
def test_department_filters_live_in_the_address_and_the_back_button_undoes_them(browser, site_url, built_site,
                                                                                sample, how):
    url = (site_url + "phong-ban/tt-tt/" if how == "served"
           else (built_site / "phong-ban" / "tt-tt" / "index.html").as_uri())
    context, tab, errors = _tab(browser, url)
    try:
        every = tab.evaluate("() => [...document.querySelectorAll('#nhiem-vu tr[data-status]')].map(r => r.dataset.task)")
        open_rows = [task.key for task in sample.tasks() if task.key in every and not track(task).closed]
        # opens on this month and what is not done: the sample's month has no task marked done
        assert tab.evaluate(VISIBLE) == [key for key in every if key in open_rows] and _query(tab) == {}
        # only overdue: in the address, and only the rows past due on the 20th
        tab.check("input[name=qua-han]")
        assert _query(tab) == {"qua-han": "1"}
        overdue = [task.key for task in sample.tasks() if track(task, NOV_20.date()).mark == "overdue"]
        shown = tab.evaluate(VISIBLE)
        assert shown and set(shown) <= set(overdue)
        assert "2023-11/III-16" in shown  # «Trước 10/11/2023», TT-TT's
        assert tab.evaluate("() => [...document.querySelectorAll('#nhiem-vu [data-filter-group]')]"
                            ".filter(g => !g.hidden).every(g => g.querySelector('tr:not([hidden])[data-status]'))")
        # a status: «Thực hiện thường xuyên» only
        tab.select_option("select[name=tien-do]", "thuong-xuyen")
        assert _query(tab) == {"qua-han": "1", "tien-do": "thuong-xuyen"}
        assert tab.evaluate(VISIBLE) == []
        assert "0/" in tab.inner_text("[data-filter-count]")
        # Back twice: the overdue filter, then the page as it opened
        tab.go_back()
        assert _query(tab) == {"qua-han": "1"} and tab.evaluate(VISIBLE) == shown
        assert tab.is_checked("input[name=qua-han]")
        tab.go_back()
        assert _query(tab) == {} and not tab.is_checked("input[name=qua-han]")
        # «Xem tất cả»: every row
        tab.click("[data-filter-all]")
        assert _query(tab) == {"tien-do": "tat-ca"} and tab.evaluate(VISIBLE) == every
        assert errors == []
    finally:
        context.close()
    # a shared link opens on its state
    context, tab, _ = _tab(browser, url + "?qua-han=1")
    try:
        assert tab.evaluate(VISIBLE) == shown and tab.is_checked("input[name=qua-han]")
    finally:
        context.close()


def test_deadline_page_filters_by_department(browser, site_url):
    context, tab, errors = _tab(browser, site_url + "thoi-han/2023-11/?tien-do=tat-ca")
    try:
        options = tab.eval_on_selector_all("select[name=phong] option", "os => os.map(o => o.value)")
        assert "tt-tt" in options and len(options) > 2
        tab.select_option("select[name=phong]", "tt-tt")
        assert _query(tab) == {"tien-do": "tat-ca", "phong": "tt-tt"}
        leads = tab.evaluate("""() => [...document.querySelectorAll('#han-thang li[data-status]')]
          .filter(li => !li.hidden).map(li => li.querySelector('.deadlines-lead a').href)""")
        # the lead as linked (spellings such as «Phòng TT- TT» resolved by the registry)
        assert leads and all(lead.endswith("/phong-ban/tt-tt/") for lead in leads)
        # days and weeks left with no item are hidden with their heading
        assert tab.evaluate("""() => [...document.querySelectorAll('#han-thang .deadlines-day')]
          .every(day => day.hidden === !day.querySelector('li:not([hidden])[data-status]'))""")
        assert errors == []
    finally:
        context.close()


@pytest.fixture(scope="module")
def two_months(tmp_path_factory) -> Path:
    """The sample with December drafted from it and issued: two months and two reports."""
    project = tmp_path_factory.mktemp("two-months")
    (project / "build").mkdir()
    content = project / "staging"
    shutil.copytree(ROOT / "content", content)
    assert main(["draft", "2023-12", "--content", str(content)]) == 0
    december = content / "programmes" / "2023-12.yaml"
    december.write_text(december.read_text(encoding="utf-8").replace("draft: true\n", ""), encoding="utf-8")
    copy_project(project / "build", content)
    result = mkdocs_build(project / "build")
    assert result.returncode == 0, result.stderr
    return project / "build" / "site"


@pytest.mark.parametrize("folder, what", [("programmes", "Chương trình"), ("bao-cao", "Báo cáo")])
def test_previous_and_next_month_links(browser, two_months, folder, what):
    with serve(two_months) as url:
        context, tab, _ = _tab(browser, f"{url}{folder}/2023-11/")
        try:
            nav = tab.locator("nav.portal-month-nav")
            assert nav.get_attribute("aria-label") == f"{what} tháng trước và tháng sau"
            assert nav.locator("a[rel=prev]").count() == 0
            assert "Không có tháng trước" in nav.inner_text()
            nav.locator("a[rel=next]").click()
            tab.wait_for_url(f"{url}{folder}/2023-12/")
            back = tab.locator("nav.portal-month-nav a[rel=prev]")
            assert back.inner_text() == "← Tháng 11/2023"
            assert tab.locator("nav.portal-month-nav a[rel=next]").count() == 0
            back.click()
            tab.wait_for_url(f"{url}{folder}/2023-11/")
        finally:
            context.close()


def test_task_numbers_never_wrap(browser, site_url):
    context, tab, _ = _tab(browser, site_url + "phong-ban/tt-tt/")
    try:
        # the narrowest number column of the page, squeezed: the label stays on one line
        tab.add_style_tag(content=".md-typeset .portal-tasks .portal-col-no { width: 1px; }")
        lines = tab.evaluate("""() => [...document.querySelectorAll('td.portal-col-no a')].map(a => {
          return a.getClientRects().length;
        })""")
        assert lines and all(count == 1 for count in lines)
    finally:
        context.close()


# Measured in CI's Zensical run (06/12/2026): the skip link is there and first, but Enter leaves the focus
# on Zensical's own «__skip» anchor instead of the content heading. Not strict: it passes under MkDocs
# and ProperDocs; open until the Zensical theme's skip target is followed.
@pytest.mark.xfail(BUILDER == "zensical", strict=False,
                   reason="under Zensical the skip link's Enter leaves focus on the theme's __skip anchor")
def test_keyboard_path_skip_link_and_search_overlay(browser, site_url):
    context, tab, _ = _tab(browser, site_url + "programmes/2023-11/")
    try:
        tab.keyboard.press("Tab")
        assert tab.evaluate("document.activeElement.textContent.trim()") == "Bỏ qua, tới nội dung"
        tab.keyboard.press("Enter")
        assert tab.evaluate("document.activeElement.id") == "noi-dung"
        tab.wait_for_timeout(300)  # Material settles the new #hash (a reader's next key comes later than this)
        # «/» opens the search overlay; Esc closes it and leaves the focus on the search box, not the page start
        tab.keyboard.press("/")
        assert tab.is_checked("#__search")
        tab.keyboard.press("Escape")
        assert not tab.is_checked("#__search")
        assert tab.evaluate("document.activeElement.matches('[data-portal-search-query]')")
        # typing in the box opens it again; Tab on: the overlay closes once the focus leaves it
        tab.keyboard.type("tuyên truyền")
        tab.wait_for_selector("[data-portal-search-list] li")
        assert tab.is_checked("#__search")
        for _ in range(60):
            tab.keyboard.press("Tab")
            if not tab.evaluate("document.querySelector('[data-portal-search]').contains(document.activeElement)"):
                break
        assert not tab.is_checked("#__search")
    finally:
        context.close()


def test_on_a_phone_esc_returns_to_the_search_button(browser, site_url):
    context, tab, _ = _tab(browser, site_url + "programmes/2023-11/", viewport=PHONE)
    try:
        button = tab.locator("[data-portal-search-button]")
        button.focus()
        tab.keyboard.press("Enter")
        assert tab.is_checked("#__search")
        assert tab.evaluate("document.activeElement.matches('[data-portal-search-query]')")
        tab.keyboard.press("Escape")
        assert not tab.is_checked("#__search")
        assert tab.evaluate("document.activeElement.matches('[data-portal-search-button]')")
    finally:
        context.close()


def test_the_overdue_list_is_one_tab_stop_until_opened(browser, site_url):
    # a month on, every dated task of the sample is past due: the overview's list folds
    context, tab, _ = _tab(browser, site_url + "thoi-han/", dt.datetime(2023, 12, 20, 9))
    try:
        tab.wait_for_selector("#deadlines-now:not([hidden])")
        assert int(tab.inner_text('[data-count="overdue"]')) > 10
        assert not tab.evaluate("document.querySelector('details[data-box=\"overdue\"]').open")
        focusable = tab.evaluate("""() => [...document.querySelectorAll('#deadlines-now a, #deadlines-now summary')]
          .filter(el => el.checkVisibility()).length""")
        assert focusable <= 3  # the two summaries (and no link inside a folded list)
    finally:
        context.close()


@pytest.mark.parametrize("path", ["", "phong-ban/tt-tt/"])
def test_charts_are_legible_on_a_phone(browser, site_url, path):
    context, tab, _ = _tab(browser, site_url + path, viewport=PHONE)
    try:
        sizes = tab.evaluate("""() => [...document.querySelectorAll('figure.portal-chart svg text')].map(text => {
          return text.getBoundingClientRect().height;
        }).filter(h => h > 0)""")
        assert sizes and min(sizes) >= 9, sorted(sizes)[:5]
        wide = tab.evaluate("() => document.documentElement.scrollWidth <= innerWidth")
        assert wide  # the chart scrolls inside its figure, not the page
        bar = tab.evaluate("() => { const f = document.querySelector('form[data-filters]');"
                           " return f ? f.getBoundingClientRect().right <= innerWidth : true }")
        assert bar
    finally:
        context.close()


def test_404_page_is_vietnamese_with_a_search_box(browser, site_url):
    context, tab, _ = _tab(browser, site_url + "404.html")
    try:
        assert tab.inner_text("h1") == "Không tìm thấy trang"
        assert tab.evaluate("document.documentElement.lang") == "vi"
        tab.fill("#portal-notfound-q", "tuyên truyền")
        tab.keyboard.press("Enter")
        tab.wait_for_url(re.compile(r"/tim-kiem/\?q="))
        assert urlsplit(tab.url).path == "/tim-kiem/"
        tab.wait_for_selector("[data-portal-results-page][data-portal-results-ready]", state="attached")
    finally:
        context.close()
