"""Feed serialisation: the portal folds content lines itself, and must write what icalendar writes."""
from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.outputs.calendar import FOLD_OCTETS, fold, serialise

# Pieces that land on fold boundaries in every way: one to four octets, and characters icalendar
# escapes with a backslash (so escapes fall where a line is cut).
PIECES = st.sampled_from(["a", " ", "ệ", "Đ", "中", "😀", "\\", "^", ",", ";", ":", "\n", '"', "e\u0301"])
TEXT = st.one_of(st.text(max_size=300), st.lists(PIECES, max_size=300).map("".join))
ONE_LINE = TEXT.map(lambda text: text.replace("\r", " ").replace("\n", " "))  # as feeds write summaries


def _calendar(summary: str, description: str, category: str) -> icalendar.Calendar:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//test//VI")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", summary)
    event = icalendar.Event()
    event.add("uid", "2023-11-II-3@example")
    event.add("dtstamp", dt.datetime(2023, 11, 1, 8, 30, tzinfo=dt.timezone.utc))
    event.add("summary", summary)
    event.add("dtstart", dt.date(2023, 11, 30))
    event.add("rrule", {"freq": "WEEKLY", "byday": "FR", "until": dt.date(2023, 11, 30)})
    event.add("description", description, parameters={"altrep": "cid:" + category})
    event.add("categories", [category, summary])
    cal.add_component(event)
    return cal


@settings(max_examples=300, deadline=None)
@given(ONE_LINE, TEXT, ONE_LINE)
def test_serialise_writes_what_icalendar_writes(summary, description, category):
    cal = _calendar(summary, description, category)
    assert serialise(cal) == cal.to_ical()


@pytest.mark.parametrize("length", range(FOLD_OCTETS - 3, FOLD_OCTETS + 6))
@pytest.mark.parametrize("tail", ["", "ệ", "😀", "\\,", "^^"])
def test_lines_around_the_fold_limit(length, tail):
    cal = _calendar("x" * length + tail + "y" * length, "z" * (2 * length) + tail, "k")
    written = serialise(cal)
    assert written == cal.to_ical()
    for line in written.split(b"\r\n"):
        assert len(line) <= FOLD_OCTETS + 1  # a continuation line's leading space included


def test_fold_keeps_an_escape_whole():
    line = ("A" * (FOLD_OCTETS - 1) + "\\,B").encode()
    assert fold(line) == ("A" * (FOLD_OCTETS - 1)).encode() + b"\r\n \\,B"
    assert fold(b"short") == b"short"


def test_feeds_are_what_icalendar_writes_for_the_same_events():
    """Events are serialised once and shared between feeds: each feed must still be exactly the
    calendar icalendar would write with those events in it."""
    from pathlib import Path

    from portal.build.site import load_site
    from portal.outputs import calendar as calendar_feed

    site = load_site(Path(__file__).resolve().parent.parent / "content")
    stamp = dt.datetime(2023, 11, 1, 8, 30, tzinfo=dt.timezone.utc)
    written: dict = {}
    tasks = site.tasks()
    roles = [(task, "Phòng " + task.lead, "lead" if i % 3 else "coordinator") for i, task in enumerate(tasks)]
    for name, items in [("tất cả", roles), ("nửa", roles[::2]), ("lại", [(t, "Khác", "coordinator") for t, _, _ in roles[1::3]] + roles[:5])]:
        expected = icalendar.Calendar()
        for key, value in [("prodid", calendar_feed.PRODID), ("version", "2.0"), ("calscale", "GREGORIAN"),
                           ("method", "PUBLISH"), ("x-wr-calname", name), ("x-wr-timezone", "Asia/Ho_Chi_Minh")]:
            expected.add(key, value)
        seen = set()
        for task, department, role in items:
            event = calendar_feed.event(site, task, department, role, stamp)
            if event is not None and task not in seen:
                expected.add_component(event)
            seen.add(task)
        assert calendar_feed.calendar(site, name, items, stamp, written) == expected.to_ical()
    assert len(expected.walk("VEVENT")) > 5


def test_a_list_of_days_is_one_event_on_each_day_and_a_term_on_its_last_day():
    import datetime as dt

    from portal.outputs.calendar import _timing
    from portal.text.deadlines import parse_deadline
    listed = parse_deadline("Ngày 05; 12; 19; 26 (Thứ 3)", "2023-12")
    assert _timing(listed) == (dt.date(2023, 12, 5), dt.date(2023, 12, 6), None)
    assert listed.dates[1:] == (dt.date(2023, 12, 12), dt.date(2023, 12, 19), dt.date(2023, 12, 26))
    term = parse_deadline("Nhiệm kỳ 2020 - 2025", "2021-03")
    assert _timing(term) == (dt.date(2025, 12, 31), dt.date(2026, 1, 1), None)
    workdays = parse_deadline("Vào các ngày làm việc trong tuần", "2023-11")
    assert _timing(workdays)[2]["byday"] == ["MO", "TU", "WE", "TH", "FR"]
