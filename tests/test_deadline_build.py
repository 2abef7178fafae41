"""Full build of the bundled content: department pages, deadline timelines and calendar feeds."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import icalendar
import pytest
from conftest import ROOT, copy_project, mkdocs_build
from htmlpage import parse, text_of

from portal.content.loader import load_programme

pytestmark = pytest.mark.build

PROGRAMME = load_programme(ROOT / "content" / "programmes" / "2023-11.yaml", ROOT)
SECTION_II = [t for t in PROGRAMME.tasks() if t.section == "II"]


def test_llct_page_lists_the_15_tasks_of_section_ii(built_site):
    page = parse(built_site / "phong-ban" / "llct-lsd" / "index.html")
    led = page.xpath('//table[contains(@class,"deadlines-led")]//tr[contains(@class,"portal-task")]')
    assert len(SECTION_II) == 15
    assert [row.get("data-task") for row in led] == [f"2023-11/{t.anchor}" for t in SECTION_II]
    links = [row.xpath("./td[1]/a/@href")[0] for row in led]
    assert links == [f"../../programmes/2023-11/#{t.anchor}" for t in SECTION_II]
    first = led[0].xpath("./td")
    assert text_of(first[2]) == SECTION_II[0].deadline
    assert text_of(first[3].xpath('./span[contains(@class, "portal-status")]')[0]) == SECTION_II[0].status
    summary = text_of(page.xpath('//div[@class="deadlines-summary"]')[0])
    assert "Chủ trì 15 nhiệm vụ" in summary and "Đang thực hiện: 15" in summary
    assert page.xpath('//a[@class="deadlines-feed"]/@href') == ["../../lich/llct-lsd.ics"]


def test_coordinating_tasks_follow(built_site):
    page = parse(built_site / "phong-ban" / "tt-tt" / "index.html")
    joined = [row.get("data-task") for row in
              page.xpath('//table[contains(@class,"deadlines-joined")]//tr[contains(@class,"portal-task")]')]
    # II.12 is led by «LLCT-LSD và các phòng thuộc Ban»: every other department takes part
    assert "2023-11/II-12" in joined
    # «Các phòng chuyên môn thuộc Ban» as coordinating unit of a task led by HC-TH…
    assert "2023-11/I-1" in joined
    assert not any(task.startswith("2023-11/III-") for task in joined)  # never its own tasks


def test_month_page_links_lead_and_deadline_cells(built_site):
    page = parse(built_site / "programmes" / "2023-11" / "index.html")
    assert page.xpath('//tr[@id="II-1"]/td[3]/a/@href') == ["../../phong-ban/llct-lsd/"]
    assert page.xpath('//tr[@id="II-12"]/td[3]/a/@href') == ["../../phong-ban/llct-lsd/"]
    assert page.xpath('//tr[@id="III-15"]/td[3]/a/@href') == ["../../phong-ban/tt-tt/"]
    assert page.xpath('//tr[@id="I-5"]/td[5]/a/@href') == ["../../thoi-han/2023-11/#ngay-2023-11-30"]
    assert page.xpath('//tr[@id="III-3"]/td[5]/a/@href') == ["../../thoi-han/2023-11/#dinh-ky"]


def test_deadline_page_puts_the_13_tasks_due_30_11_on_30_november(built_site):
    page = parse(built_site / "thoi-han" / "2023-11" / "index.html")
    expected = sorted(f"2023-11/{t.anchor}" for t in PROGRAMME.tasks() if t.deadline == "30/11/2023")
    assert len(expected) == 13
    (day,) = page.xpath('//div[@id="ngay-2023-11-30"]')
    assert text_of(day.xpath("./h3")[0]) == "Thứ Năm, 30/11/2023"
    on_day = sorted(day.xpath('./ul[contains(@class,"deadlines-on-day")]/li/@data-task'))
    assert on_day == expected
    # the month-window tasks sit at the month's end, in their own list
    windows = day.xpath('./ul[contains(@class,"deadlines-windows")]/li/@data-task')
    assert sorted(windows) == sorted(f"2023-11/{t.anchor}" for t in PROGRAMME.tasks()
                                     if t.deadline == "Trong tháng 11/2023")
    # «Trước ngày 30/11/2023» is due the day before
    before = page.xpath('//div[@id="ngay-2023-11-29"]/ul/li/@data-task')
    assert "2023-11/III-10" in before and "2023-11/I-2" in before


def test_every_task_is_on_the_timeline_once(built_site):
    page = parse(built_site / "thoi-han" / "2023-11" / "index.html")
    tasks = page.xpath('//li[contains(@class,"deadlines-item")]/@data-task')
    assert sorted(tasks) == sorted(f"2023-11/{t.anchor}" for t in PROGRAMME.tasks())
    assert page.xpath('//ul[contains(@class,"deadlines-recurring")]/li/@data-task') == ["2023-11/III-3"]
    weeks = [text_of(h) for h in page.xpath('//section[@class="deadlines-week"]/h2')]
    assert weeks[0] == "Tuần từ 06/11 đến 12/11/2023" and weeks[-1] == "Tuần từ 27/11 đến 03/12/2023"
    assert page.xpath('//div[@id="ngay-2023-12-02"]/ul/li/@data-task') == ["2023-11/III-1"]


def test_overview_lists_everything_without_script(built_site):
    page = parse(built_site / "thoi-han" / "index.html")
    dated = page.xpath('//div[@id="deadlines-all"]//li[@data-end]')
    assert len(dated) == 47  # every task but the weekly one
    ends = [li.get("data-end") for li in dated]
    assert ends == sorted(ends)
    (now,) = page.xpath('//div[@id="deadlines-now"]')
    assert now.get("hidden") is not None  # shown only by the script, which fills it


def _feed(site, name) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical((site / "lich" / name).read_bytes())


def _events(cal) -> dict[str, icalendar.Event]:
    events = {str(ev["uid"]): ev for ev in cal.walk("VEVENT")}
    assert len(events) == len(cal.walk("VEVENT")), "duplicate UIDs"
    return events


def test_feed_of_everything(built_site):
    cal = _feed(built_site, "tat-ca.ics")
    assert str(cal["version"]) == "2.0" and cal.get("prodid")
    events = _events(cal)
    assert set(events) == {f"2023-11-{t.anchor}@chuong-trinh-cong-tac.btgtu" for t in PROGRAMME.tasks()}
    uid = "2023-11-{}@chuong-trinh-cong-tac.btgtu".format
    day = lambda ev, key: ev[key].dt  # noqa: E731
    assert (day(events[uid("I-1")], "dtstart"), day(events[uid("I-1")], "dtend")) == (dt.date(2023, 11, 20), dt.date(2023, 11, 21))
    assert (day(events[uid("II-6")], "dtstart"), day(events[uid("II-6")], "dtend")) == (dt.date(2023, 11, 24), dt.date(2023, 11, 25))
    assert (day(events[uid("I-3")], "dtstart"), day(events[uid("I-3")], "dtend")) == (dt.date(2023, 11, 1), dt.date(2023, 12, 1))
    weekly = events[uid("III-3")]
    rule = weekly["rrule"]
    assert rule["FREQ"] == ["WEEKLY"] and rule["UNTIL"] == [dt.date(2023, 11, 30)]
    assert day(weekly, "dtstart").weekday() == 4 and day(weekly, "dtstart").month == 11
    ev = events[uid("II-5")]
    assert str(ev["summary"]).startswith("Tham mưu Báo cáo tổng kết công tác xây dựng tổ chức Đảng")
    description = str(ev["description"])
    for part in ("LLCT-LSĐ", "Ban chỉ đạo 07 các cấp ủy trực thuộc.", "Ngày 21/11/2023", "Đang thực hiện",
                 "/programmes/2023-11/#II-5"):
        assert part in description


def test_department_feeds(built_site):
    llct = _events(_feed(built_site, "llct-lsd.ics"))
    page = parse(built_site / "phong-ban" / "llct-lsd" / "index.html")
    listed = page.xpath('//tr[contains(@class,"portal-task")]/@data-task')
    assert set(llct) == {f"{t.replace('/', '-')}@chuong-trinh-cong-tac.btgtu" for t in listed}
    assert {f"2023-11-{t.anchor}@chuong-trinh-cong-tac.btgtu" for t in SECTION_II} <= set(llct)
    for name in ("hc-th-kg-vh-vn.ics", "tt-tt.ics"):
        assert _events(_feed(built_site, name))
    tt = _events(_feed(built_site, "tt-tt.ics"))
    assert "2023-11-III-3@chuong-trinh-cong-tac.btgtu" in tt


def test_feed_uids_are_stable_across_builds(tmp_path, built_site):
    project = copy_project(tmp_path)
    assert mkdocs_build(project).returncode == 0
    first, again = _events(_feed(built_site, "tat-ca.ics")), _events(_feed(project / "site", "tat-ca.ics"))
    assert set(first) == set(again)


def test_unknown_lead_keeps_its_tasks_and_is_warned(tmp_path):
    project = copy_project(tmp_path)
    month = project / "content" / "programmes" / "2023-11.yaml"
    text = month.read_text(encoding="utf-8")
    line = text.splitlines().index("    lead: Phòng TT- TT") + 1
    month.write_text(text.replace("    lead: Phòng TT- TT", "    lead: Phòng Tổ chức"), encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    page = parse(project / "site" / "phong-ban" / "phong-to-chuc" / "index.html")
    assert page.xpath('//table[contains(@class,"deadlines-led")]//tr/@data-task') == ["2023-11/III-15"]
    assert "chưa có trong danh mục" in text_of(page.xpath('//p[@class="deadlines-warning"]')[0])
    index = parse(project / "site" / "phong-ban" / "index.html")
    assert "../phong-ban/phong-to-chuc/" not in index.xpath("//a/@href")
    assert index.xpath('//h2[@id="chua-co-trong-danh-muc"]/following-sibling::ul[1]//a/@href') == ["phong-to-chuc/"]
    check = subprocess.run([sys.executable, "-m", "portal.cli", "check", "--content", "content"], cwd=project,
                           capture_output=True, text=True, encoding="utf-8",
                           env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert check.returncode == 0
    warnings = [l for l in check.stderr.splitlines() if "Phòng Tổ chức" in l]
    task_line = line - 2  # a task is located at its «- number:» line, two above «lead:»
    assert len(warnings) == 1 and f"content/programmes/2023-11.yaml, dòng {task_line}" in warnings[0]


def test_sample_leads_are_all_known():
    result = subprocess.run([sys.executable, "-m", "portal.cli", "check", "--content", "content"], cwd=ROOT,
                            capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 0 and "Cảnh báo" not in result.stderr


def test_a_list_of_days_and_an_anniversary_span_on_the_timeline_and_in_the_feed(tmp_path):
    """A list of days puts the task on each of its days (and RDATEs in the feed); a span of 134 years
    sits on its last day, its window written with both years."""
    project = copy_project(tmp_path)
    month = project / "content" / "programmes" / "2023-11.yaml"
    text = month.read_text(encoding="utf-8")
    text = text.replace("deadline: 20/11/2023\n", "deadline: Ngày 20; 24 và 28/11/2023 (Thứ 2, 6, 3)\n", 1)
    text = text.replace("deadline: 29/11/2023\n", "deadline: (19/5/1890 - 19/5/2024)\n", 1)
    month.write_text(text, encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    timeline = parse(site / "thoi-han" / "2023-11" / "index.html")
    days = [day.get("id") for day in timeline.xpath('//div[contains(@class,"deadlines-day")]')
            if day.xpath('.//li[@data-task="2023-11/I-1"]')]
    assert days == ["ngay-2023-11-20", "ngay-2023-11-24", "ngay-2023-11-28"]
    (listed,) = timeline.xpath('//div[@id="ngay-2023-11-24"]//li[@data-task="2023-11/I-1"]')
    assert listed.get("data-start") == listed.get("data-end") == "2023-11-24"
    assert text_of(listed.xpath('.//span[@class="deadlines-window"]')[0]) == "(20/11, 24/11, 28/11/2023)"
    (span,) = timeline.xpath('//div[@id="ngay-2024-05-19"]//li[@data-task="2023-11/I-2"]')
    assert text_of(span.xpath('.//span[@class="deadlines-window"]')[0]) == "(19/05/1890–19/05/2024)"
    month_page = parse(site / "programmes" / "2023-11" / "index.html")
    assert month_page.xpath('//tr[@id="I-1"]/td[5]/a/@href') == ["../../thoi-han/2023-11/#ngay-2023-11-20"]
    events = _events(_feed(site, "tat-ca.ics"))
    first = events["2023-11-I-1@chuong-trinh-cong-tac.btgtu"]
    assert first["dtstart"].dt == dt.date(2023, 11, 20) and first["dtend"].dt == dt.date(2023, 11, 21)
    assert [d.dt for d in first["rdate"].dts] == [dt.date(2023, 11, 24), dt.date(2023, 11, 28)]
    span_event = events["2023-11-I-2@chuong-trinh-cong-tac.btgtu"]
    assert (span_event["dtstart"].dt, span_event["dtend"].dt) == (dt.date(2024, 5, 19), dt.date(2024, 5, 20))
