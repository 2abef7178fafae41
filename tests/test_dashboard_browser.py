"""The home page dashboard in headless Chromium: due this week and overdue, against the reader's date."""
from __future__ import annotations

import datetime as dt

import pytest

pytestmark = [pytest.mark.build, pytest.mark.browser]


def _board(browser, built_site, today: dt.datetime):
    page = browser.new_page()
    page.clock.set_fixed_time(today)
    page.goto((built_site / "index.html").as_uri())
    page.wait_for_selector("#dashboard-now:not([hidden])")
    lists = {name: page.eval_on_selector_all(f'#dashboard-now [data-list="{name}"] > li', "els => els.map(e => e.dataset.task)")
             for name in ("overdue", "soon")}
    counts = {name: page.inner_text(f'#dashboard-now [data-count="{name}"]') for name in ("overdue", "soon")}
    week = page.inner_text("#dashboard-now [data-week]")
    empty = page.is_visible('#dashboard-now [data-empty="soon"]')
    page.close()
    return lists, counts, week, empty


def test_due_this_week_and_overdue_on_a_wednesday(browser, built_site):
    lists, counts, week, empty = _board(browser, built_site, dt.datetime(2023, 11, 22, 9, 0))
    assert week == "từ Thứ Hai 20/11 đến Chủ nhật 26/11/2023"
    # «Trước ngày 25/11/2023» is due on the 24th: the only task due from Wednesday to Sunday
    assert lists["soon"] == ["2023-11/II-6"] and not empty
    # before the 22nd and not done: the overview's five before the 20th, then 20/11 and 21/11
    assert sorted(lists["overdue"]) == ["2023-11/I-1", "2023-11/II-13", "2023-11/II-14", "2023-11/II-5",
                                        "2023-11/II-7", "2023-11/III-16", "2023-11/III-19"]
    assert counts == {"overdue": "7", "soon": "1"}


def test_the_week_the_month_ends(browser, built_site):
    lists, counts, _, _ = _board(browser, built_site, dt.datetime(2023, 11, 27, 9, 0))  # Monday
    # the whole-month deadlines end on Thursday 30/11; 29/11 and the early-December ones too
    assert "2023-11/I-3" in lists["soon"] and "2023-11/I-2" in lists["soon"]
    assert not set(lists["soon"]) & set(lists["overdue"])
    assert int(counts["soon"]) == len(lists["soon"]) and int(counts["overdue"]) == len(lists["overdue"])


def test_a_week_with_nothing_due_says_so(browser, built_site):
    lists, counts, _, empty = _board(browser, built_site, dt.datetime(2024, 3, 4, 9, 0))
    assert lists["soon"] == [] and empty and counts["soon"] == "0"
    assert len(lists["overdue"]) == 47  # every dated task not recorded done
