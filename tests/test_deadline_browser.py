"""The overview's local script in headless Chromium, with the reader's date fixed by Playwright's clock."""
from __future__ import annotations

import datetime as dt

import pytest

pytestmark = [pytest.mark.build, pytest.mark.browser]


def _overview(browser, built_site, today: dt.datetime):
    page = browser.new_page()
    page.clock.set_fixed_time(today)
    page.goto((built_site / "thoi-han" / "index.html").as_uri())
    page.wait_for_selector("#deadlines-now:not([hidden])")
    lists = {name: page.eval_on_selector_all(f'[data-list="{name}"] > li', "els => els.map(e => e.dataset.task)")
             for name in ("overdue", "soon")}
    counts = {name: page.inner_text(f'[data-count="{name}"]') for name in ("overdue", "soon")}
    page.close()
    return lists, counts


def test_past_due_and_coming_up_relative_to_today(browser, built_site):
    lists, counts = _overview(browser, built_site, dt.datetime(2023, 11, 20, 9, 0))
    # due before 20/11 and not done: 10/11 (before), 01–10/11 (early month), 15/11, 17/11, 20/11 (before)
    assert sorted(lists["overdue"]) == ["2023-11/II-13", "2023-11/II-14", "2023-11/II-7",
                                        "2023-11/III-16", "2023-11/III-19"]
    # everything else falls due between 20/11 and 04/12
    assert len(lists["soon"]) == 42 and "2023-11/I-1" in lists["soon"] and "2023-11/III-1" in lists["soon"]
    assert counts == {"overdue": "5", "soon": "42"}


def test_a_month_later_everything_is_past_due(browser, built_site):
    lists, counts = _overview(browser, built_site, dt.datetime(2023, 12, 20, 9, 0))
    assert len(lists["overdue"]) == 47 and lists["soon"] == []


def _overdue_count(browser, built_site, path: str, today: dt.datetime) -> int:
    page = browser.new_page()
    page.clock.set_fixed_time(today)
    page.goto((built_site / path / "index.html").as_uri())
    page.wait_for_selector("[data-overdue]:not([hidden])")
    count = int(page.inner_text("[data-overdue-count]"))
    page.close()
    return count


def _expected_overdue(tasks, today: dt.date) -> int:
    from portal.text.deadlines import parse_deadline
    from portal.text.status import is_done

    count = 0
    for task in tasks:
        deadline = parse_deadline(task.deadline, task.month)
        due = None if deadline.kind in ("recurring", "unknown") else (deadline.end or deadline.start)
        count += bool(due and due < today and not is_done(task.status))
    return count


@pytest.mark.parametrize("today", [dt.datetime(2023, 11, 20, 9, 0), dt.datetime(2023, 12, 20, 9, 0)])
def test_month_timeline_and_department_pages_count_overdue_tasks(browser, built_site, today):
    """Past the deadline and not «Hoàn thành», relative to the reader's date, on every page that counts it."""
    from conftest import ROOT

    from portal.build.site import load_site

    site = load_site(ROOT / "content")
    assert _overdue_count(browser, built_site, "thoi-han/2023-11", today) == _expected_overdue(site.tasks(), today.date())
    departments = site.taxonomies["departments"]
    for key in ("TT-TT", "LLCT-LSĐ"):
        term = departments.terms[key]
        expected = _expected_overdue(term.tasks("lead"), today.date())
        assert _overdue_count(browser, built_site, f"phong-ban/{term.slug}", today) == expected
    assert _overdue_count(browser, built_site, "thoi-han/2023-11", dt.datetime(2023, 10, 1)) == 0
