"""iCalendar feeds (RFC 5545): what falls due when, for Outlook and Thunderbird subscriptions.

One all-day event per task whose deadline has a date: on its last day, or across its window
when the deadline spans several days (a month, a range; a window longer than a year, such as a
term, on its last day), or on each of its days (RDATE) for a list of days. Recurring tasks repeat with an RRULE
bounded by their programme's month, since next month's programme restates them. UIDs are the
task's month and anchor, so a rebuilt feed updates the events a client already has.
"""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Iterable, Optional

from portal.content.model import ROLE_LABELS, Role, Task
from portal.site import urls
from portal.site.model import Asset, Site
from portal.site.taxonomy import Taxonomy, Term
from portal.text.deadlines import WEEKDAY_CODES, Deadline, parse_deadline
from portal.text.months import Month
from portal.text.richtext import strip_markup

if TYPE_CHECKING:
    # Imported (≈ 25 ms) where a feed is made (the build's downloads job), not at every build's
    # start: a build whose feeds all come from its cache makes none.
    import icalendar

FOLDER = urls.CALENDAR_FOLDER
ALL_FEED = urls.ALL_FEED
PRODID = "-//Ban Tuyen giao Tinh uy Dong Nai//Chuong trinh cong tac//VI"
UID_DOMAIN = "chuong-trinh-cong-tac.btgtu"
LONGEST_EVENT = dt.timedelta(days=366)  # a longer window (a five-year term) is shown on its last day
FEED_MONTHS = 12  # a subscribed calendar carries the newest year of programmes, not the whole archive


def deadline_of(task: Task) -> Deadline:
    return parse_deadline(task.deadline, task.month)


def uid(task: Task) -> str:
    """Stable across rebuilds: the programme month and the task's anchor (``2023-11-II-3``)."""
    return f"{task.month}-{task.anchor}@{UID_DOMAIN}"


def _stamp(months: Iterable[str], epoch: Optional[int] = None) -> dt.datetime:
    """Every event's DTSTAMP: the reproducible build's date (``SOURCE_DATE_EPOCH``, read once into the
    build options and kept as :attr:`Site.source_date_epoch`) when set, else the first day of the newest
    month in the feeds (UTC), never the clock, so unchanged months give the same feed on every build."""
    if epoch is not None:
        return dt.datetime.fromtimestamp(epoch, dt.timezone.utc)
    newest = Month(max(months, default="2000-01"))
    return dt.datetime.combine(newest.first_day, dt.time(), dt.timezone.utc)


def _first_weekday(start: dt.date, code: str) -> dt.date:
    offset = (WEEKDAY_CODES.index(code) - start.weekday()) % 7
    return start + dt.timedelta(days=offset)


def _timing(deadline: Deadline) -> Optional[tuple[dt.date, dt.date, Optional[dict]]]:
    """(first day, day after the last, RRULE) of the event, or None when the deadline has no date.

    «Hàng tuần» without a weekday falls due on Fridays, the last working day of the week.
    «Thường xuyên» (ongoing) is one event across the month, with no rule to repeat.
    """
    one_day = dt.timedelta(days=1)
    rule = deadline.recurrence
    if deadline.kind == "recurring" and deadline.start and deadline.end and rule:
        start, until = deadline.start, deadline.end
        if rule.freq == "CONTINUOUS":
            return start, until + one_day, None
        if rule.freq == "DAILY" and rule.workdays:
            return start, start + one_day, {"freq": "WEEKLY", "byday": WEEKDAY_CODES[:5], "until": until}
        if rule.freq == "WEEKLY":
            day = rule.weekday or "FR"
            first = _first_weekday(start, day)
            return first, first + one_day, {"freq": "WEEKLY", "byday": day, "until": until}
        if rule.freq == "DAILY":
            return start, start + one_day, {"freq": "DAILY", "until": until}
        if rule.freq == "MONTHLY" and rule.month_day:
            first = start.replace(day=min(rule.month_day, until.day))
            return first, first + one_day, {"freq": "MONTHLY", "bymonthday": rule.month_day, "until": until}
        freq = {"QUARTERLY": "MONTHLY", "MONTHLY": "MONTHLY", "YEARLY": "YEARLY"}[rule.freq]
        extra = {"interval": 3} if rule.freq == "QUARTERLY" else {}
        return until, until + one_day, {"freq": freq, **extra, "until": until}
    if deadline.end is None:
        if deadline.start is None:
            return None
        return deadline.start, deadline.start + one_day, None  # «Sau ngày …»: from its first day
    if deadline.kind == "dates":  # the first day; the others are the event's RDATEs
        return deadline.dates[0], deadline.dates[0] + one_day, None
    if deadline.start and deadline.end - deadline.start > LONGEST_EVENT:
        return deadline.end, deadline.end + one_day, None  # a term, an anniversary span: on its last day
    start = deadline.start if deadline.is_window and deadline.start else deadline.end
    return start, deadline.end + one_day, None


def _link(site: Site, task: Task) -> str:
    path = urls.page_url(urls.month_page(task.month)) + f"#{task.anchor}"
    return site.site_url.rstrip("/") + "/" + path if site.site_url else "/" + path


def event(site: Site, task: Task, department: str, role: str, stamp: dt.datetime) -> Optional[icalendar.Event]:
    timing = _timing(deadline_of(task))
    if timing is None:
        return None
    import icalendar

    start, end, rule = timing
    link = _link(site, task)
    ev = icalendar.Event()
    ev.add("uid", uid(task))
    ev.add("dtstamp", stamp)
    ev.add("summary", strip_markup(task.text).replace("\n", " "))
    ev.add("dtstart", start)
    ev.add("dtend", end)
    if rule:
        ev.add("rrule", rule)
    deadline = deadline_of(task)
    if deadline.kind == "dates":  # «Ngày 05; 12; 19; 26»: one event on each day
        ev.add("rdate", list(deadline.dates[1:]))
    ev.add("description", _description(task, department, link))
    if site.site_url:
        ev.add("url", link)
    ev.add("categories", [ROLE_LABELS.get(role, "Nhiệm vụ")])
    ev.add("transp", "TRANSPARENT")
    return ev


def _description(task: Task, department: str, link: str) -> str:
    lines = [f"Phòng chủ trì: {task.lead}" + (f" ({department})" if department and department != task.lead else "")]
    if task.coordinators:
        lines.append("Đơn vị phối hợp: " + "; ".join(task.coordinators))
    lines += [f"Thời gian hoàn thành: {task.deadline}", f"Tiến độ: {task.status or 'chưa ghi'}",
              f"Nhiệm vụ {task.label}, chương trình tháng {task.month.numeric_padded}: {link}"]
    return "\n".join(lines)


def calendar(site: Site, name: str, items: Iterable[tuple[Task, str, str]], stamp: dt.datetime,
             written: Optional[dict] = None) -> bytes:
    """A feed of ``(task, department name, role)`` items; tasks without a date are left out.

    ``written``: events already serialised, by task, department and role, shared by the feeds of
    one build (a task is in the feed of everything and in each of its departments' feeds). Content
    lines are folded one by one, so an event's bytes are the same in any feed.
    """
    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    head = serialise(cal)[: -len(_CALENDAR_END)]  # events go before the calendar's last line
    written = {} if written is None else written
    events: list[bytes] = []
    seen: set[Task] = set()
    for task, department, role in items:
        if task in seen:
            continue
        seen.add(task)
        key = (task, department, role)
        if key not in written:
            written[key] = _event_bytes(site, task, department, role, stamp)
        events.append(written[key])
    return head + b"".join(events) + _CALENDAR_END


def _event_bytes(site: Site, task: Task, department: str, role: str, stamp: dt.datetime) -> bytes:
    """``serialise(event(...))``, byte for byte (b"" for a task without a date), each content line
    written here: the property names, parameters and order :func:`event`'s properties take in
    icalendar (its ``canonical_order`` for VEVENT, then the others by name), each value by
    icalendar's own value type (``vText``'s escaping, ``vRecur``, ``vCategory``...).

    Why: building an ``icalendar.Event`` and asking it for its lines (a property object, a parameters
    object, a content line each) was most of a feed's cost, ≈ 0.1 ms an event. ``event`` stays the
    reference: ``tests/test_calendar_feed.py`` compares the feeds with icalendar's for the same
    events. An event unlike those (a day with a time, a stamp not in UTC) is icalendar's."""
    deadline = deadline_of(task)
    timing = _timing(deadline)
    if timing is None:
        return b""
    start, end, rule = timing
    if type(start) is not dt.date or type(end) is not dt.date or stamp.tzinfo is not dt.timezone.utc:
        return serialise(event(site, task, department, role, stamp))  # type: ignore[arg-type]
    from icalendar.prop import vCategory, vDate, vDatetime, vRecur, vText, vUri

    def text(value: str) -> str:
        return vText(value).to_ical().decode("utf-8")

    link = _link(site, task)
    summary = strip_markup(task.text).replace("\n", " ")
    lines = ["BEGIN:VEVENT",
             f"SUMMARY:{text(summary)}",
             f"DTSTART;VALUE=DATE:{vDate(start).to_ical().decode()}",
             f"DTEND;VALUE=DATE:{vDate(end).to_ical().decode()}",
             f"DTSTAMP:{vDatetime(stamp).to_ical().decode()}",
             f"UID:{text(uid(task))}"]
    if rule:
        lines.append(f"RRULE:{vRecur(rule).to_ical().decode()}")
    if deadline.kind == "dates":
        days = deadline.dates[1:]  # an empty list is a bare «RDATE:», as icalendar writes it
        lines.append(f"RDATE;VALUE=DATE:{','.join(vDate(day).to_ical().decode() for day in days)}" if days
                     else "RDATE:")
    lines.append(f"CATEGORIES:{vCategory([ROLE_LABELS.get(role, 'Nhiệm vụ')]).to_ical().decode('utf-8')}")
    lines.append(f"DESCRIPTION:{text(_description(task, department, link))}")
    lines.append("TRANSP:TRANSPARENT")
    if site.site_url:
        lines.append(f"URL:{vUri(link).to_ical().decode('utf-8')}")
    lines.append("END:VEVENT")
    return b"".join(fold(line.encode("utf-8")) + b"\r\n" for line in lines)


_CALENDAR_END = b"END:VCALENDAR\r\n"
FOLD_OCTETS = 74  # RFC 5545 §3.1: lines of at most 75 octets; icalendar folds before the 75th


def serialise(cal: icalendar.cal.Component) -> bytes:
    """``cal.to_ical()``, byte for byte, folding long lines a chunk at a time.

    icalendar folds character by character, encoding each to count its octets: most of a
    feed's cost, on the build's critical path. Its content lines are folded here instead.
    """
    return b"".join(fold(line.encode("utf-8")) + b"\r\n" for line in cal.content_lines() if line)


def fold(line: bytes) -> bytes:
    """A UTF-8 content line folded as icalendar folds it (RFC 5545 §3.1).

    Each physical line takes as many whole characters as fit in 74 octets; a backslash or caret
    that would end a physical line moves to the next, so no escape is split (icalendar #1501).
    """
    if len(line) <= FOLD_OCTETS:
        return line
    parts = []
    start = 0
    while len(line) - start > FOLD_OCTETS:
        end = start + FOLD_OCTETS
        while 0x80 <= line[end] < 0xC0:  # a continuation octet: back to the character's start
            end -= 1
        if line[end - 1] in b"\\^" and end - start > 1:
            end -= 1
        parts.append(line[start:end])
        start = end
    parts.append(line[start:])
    return b"\r\n ".join(parts)


def feeds(site: Site, leads: Taxonomy, term_feeds: list[tuple[Term, str]]) -> list[Asset]:
    """The feed of everything (each task under the title of its lead's term in ``leads``), and one
    feed per ``(term, path)`` of ``term_feeds`` with the term's lead and coordinating tasks.

    Only the newest ``FEED_MONTHS`` programme months go in: clients download the whole feed on
    every refresh, and older months stay on the site's pages.
    """
    written: dict = {}
    recent = set(sorted({p.month for p in site.programmes})[-FEED_MONTHS:])
    stamp = _stamp(recent, site.source_date_epoch)
    lead_names: dict[Task, str] = {}
    for term in leads.terms.values():
        for task in term.tasks(Role.LEAD):
            lead_names.setdefault(task, term.title)
    everything = [(task, lead_names.get(task, ""), Role.LEAD) for task in site.tasks() if task.month in recent]
    assets = [Asset(ALL_FEED, calendar(site, "Chương trình công tác: tất cả các phòng", everything, stamp,
                                        written))]
    for term, path in term_feeds:
        items = [(task, term.title, Role.LEAD) for task in term.tasks(Role.LEAD) if task.month in recent]
        items += [(task, lead_names.get(task, ""), Role.COORDINATOR) for task in term.tasks(Role.COORDINATOR)
                  if task.month in recent]
        assets.append(Asset(path, calendar(site, f"Chương trình công tác: {term.title}", items, stamp,
                                                        written)))
    return assets

