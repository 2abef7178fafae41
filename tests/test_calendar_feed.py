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


def _feed_event(deadline: str, month: str) -> icalendar.Event:
    """The one event a feed carries for a task with ``deadline``, read back with icalendar."""
    from pathlib import Path

    from portal.content.model import Task
    from portal.outputs import calendar as calendar_feed
    from portal.site.model import Site

    task = Task(section="I", number="1", text="Họp giao ban", lead="Phòng TT-TT", coordinators=[],
                deadline=deadline, status="", month=month)
    stamp = dt.datetime(2023, 11, 1, tzinfo=dt.timezone.utc)
    feed = calendar_feed.calendar(Site(content_dir=Path("content"), programmes=[]), "Lịch", [(task, "", "lead")], stamp)
    [event] = icalendar.Calendar.from_ical(feed).walk("VEVENT")
    return event


@pytest.mark.parametrize("deadline, month, start, end, rdates", [
    # a list of days: one event on the first, the others its RDATEs
    ("Ngày 05; 12; 19; 26 (Thứ 3)", "2023-12", dt.date(2023, 12, 5), dt.date(2023, 12, 6),
     [dt.date(2023, 12, 12), dt.date(2023, 12, 19), dt.date(2023, 12, 26)]),
    # a term longer than a year: on its last day
    ("Nhiệm kỳ 2020 - 2025", "2021-03", dt.date(2025, 12, 31), dt.date(2026, 1, 1), []),
])
def test_a_list_of_days_is_one_event_on_each_day_and_a_term_on_its_last_day(deadline, month, start, end, rdates):
    event = _feed_event(deadline, month)
    assert event.decoded("dtstart") == start and event.decoded("dtend") == end
    assert "rrule" not in event
    listed = event.get("rdate")
    assert ([when.dt for when in listed.dts] if listed else []) == rdates


def test_workdays_repeat_weekly_from_monday_to_friday():
    event = _feed_event("Vào các ngày làm việc trong tuần", "2023-11")
    assert event["rrule"]["FREQ"] == ["WEEKLY"] and event["rrule"]["BYDAY"] == ["MO", "TU", "WE", "TH", "FR"]


DEADLINES = ["20/11/2023", "Trước ngày 25/11/2023", "Từ 10/11 đến 20/11/2023", "Trong tháng 11/2023", "Sau ngày 15/11/2023",
             "Hàng tuần", "Thứ 5 hàng tuần", "Chủ nhật hàng tuần", "Hàng ngày", "Các ngày làm việc hàng ngày",
             "Ngày 20 hàng tháng", "Hằng tháng", "Hàng quý", "Hàng năm", "Thường xuyên", "Nhiệm kỳ 2020 - 2025",
             "Ngày 05; 12; 19; 26 (Thứ 3)", "Ngày 20; 24 và 28/11/2023 (Thứ 2, 6, 3)", "Ngày 07/11/2023", "Chưa rõ"]
TEXTS = ["Họp giao ban", "a, b; c\\ d \\N e\r\nf\rg ^ h \"q\" :x <i>nghiêng</i>", "ệ" * 60 + "\\," * 40,
         "Dòng một\nDòng hai, ba; bốn"]


@pytest.mark.parametrize("site_url", ["", "https://portal.example/a,b;c/"])
def test_each_event_is_written_as_icalendar_writes_it(site_url):
    """The feeds write each event's lines themselves (``_event_bytes``): the bytes icalendar gives
    for the same event (:func:`event`), for every kind of deadline (a day, a window, each rule, a
    list of days, none) and texts icalendar escapes."""
    from pathlib import Path

    from portal.content.model import Task
    from portal.outputs import calendar as calendar_feed
    from portal.site.model import Site

    site = Site(content_dir=Path("content"), programmes=[], site_url=site_url)
    stamp = dt.datetime(2023, 11, 1, 8, 30, tzinfo=dt.timezone.utc)
    written = []
    for number, (deadline, text) in enumerate((d, t) for d in DEADLINES for t in TEXTS):
        task = Task(section="II", number=str(number), text=text, lead="Phòng TT-TT",
                    coordinators=["Ban Nội chính, TU", "Sở; Ngành"] if number % 2 else [],
                    deadline=deadline, status="Đang thực hiện" if number % 3 else "", month="2023-11")
        for department, role in [("", "lead"), ("Phòng TT-TT", "lead"), ("Phòng Khác", "coordinator"), ("X", "?")]:
            expected = calendar_feed.event(site, task, department, role, stamp)
            made = calendar_feed._event_bytes(site, task, department, role, stamp)
            assert made == (calendar_feed.serialise(expected) if expected is not None else b"")
            written.append(made)
    lines = b"".join(written)
    for kind in [b"RRULE:FREQ=WEEKLY", b"RRULE:FREQ=DAILY", b"RRULE:FREQ=MONTHLY", b"RDATE;VALUE=DATE:", b"\\,", b"\\;",
                 b"\\\\", b"\\n"]:
        assert kind in lines, kind  # each kind of line met at least once
    assert (b"\r\nURL:" in lines) == bool(site_url)
