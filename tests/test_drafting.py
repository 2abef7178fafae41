"""``portal draft``: the carry rules, the sample's draft against its golden file, the --force rule."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT
from portal.cli import main
from portal.content.datafile import dump_programme
from portal.content.drafting import CARRIED, DONE_DROPPED, NOT_DONE_DROPPED, RECURRING, decide, draft_programme, renumber
from portal.content.loader import load_programme, validate_programme
from portal.content.model import Task
from portal.content.yamlsource import load_yaml, parse_yaml

GOLDEN = FIXTURES / "golden"


def task(text="Tham mưu Kế hoạch tuyên truyền Đại hội.", deadline="30/11/2023", status="Đang thực hiện") -> Task:
    return Task(section="II", number="8", text=text, lead="Phòng TT-TT", coordinators=[], deadline=deadline,
                status=status, month="2023-11")


@pytest.mark.parametrize("text, deadline, status, expected", [
    # recurring: by deadline, by status, by a text naming this month or the next
    ("Cập nhật tin bài trên Cổng thông tin.", "Hàng tuần", "Đang thực hiện", RECURRING),
    ("Cập nhật tin bài.", "Thứ 5 hàng tuần", "Hoàn thành", RECURRING),
    ("Giao ban báo chí.", "Ngày 20 hàng tháng", "", RECURRING),
    ("Theo dõi dư luận xã hội.", "Thường xuyên", "Đang thực hiện", RECURRING),
    ("Theo dõi dư luận xã hội.", "30/11/2023", "Thực hiện thường xuyên", RECURRING),
    ("Tổng hợp bảng chấm công tháng 11/2023.", "30/11/2023", "Hoàn thành", RECURRING),
    ("Chương trình công tác tuyên giáo tháng 12/2023.", "29/11/2023", "Đang thực hiện", RECURRING),
    # done: dropped, however it is written
    ("Tham mưu Kế hoạch tuyên truyền Đại hội.", "30/11/2023", "Hoàn thành", DONE_DROPPED),
    ("Tham mưu Kế hoạch tuyên truyền Đại hội.", "30/11/2023", "Đã hoàn thành.", DONE_DROPPED),
    ("Tham mưu Kế hoạch tuyên truyền Đại hội.", "30/11/2023", "Không thực hiện", NOT_DONE_DROPPED),
    # not done: carried
    ("Tham mưu Kế hoạch tuyên truyền Đại hội.", "30/11/2023", "Đang thực hiện", CARRIED),
    ("Tham mưu Kế hoạch tuyên truyền Đại hội.", "30/11/2023", "Chưa hoàn thành", CARRIED),
    ("Tham mưu Kế hoạch tuyên truyền Đại hội.", "30/11/2023", "Chưa thực hiện", CARRIED),
    ("Tham mưu Kế hoạch tuyên truyền Đại hội.", "30/11/2023", "Chuyển sang tháng sau", CARRIED),
    ("Tham mưu Kế hoạch tuyên truyền Đại hội.", "Quý IV/2023", "", CARRIED),
    # the report on last month's work is a monthly duty: it moves with the month
    ("Báo cáo kết quả giao ban tháng 10 năm 2023.", "Trong tháng 11/2023", "Đang thực hiện", RECURRING),
    # a month named that is neither last month, this one nor the next: a one-off task
    ("Báo cáo kết quả giao ban tháng 8 năm 2023.", "Trong tháng 11/2023", "Đang thực hiện", CARRIED),
    ("Tổ chức Hội nghị tổng kết vào tháng 01/2024.", "Quý IV/2023", "Đang thực hiện", CARRIED),
])
def test_carry_rules(text, deadline, status, expected):
    assert decide(task(text, deadline, status)) == expected


def _programme_data(tasks: list[dict]) -> dict:
    return {
        "month": "2023-11",
        "header": {"issuing_body": "BAN TUYÊN GIÁO", "number": "412", "symbol": "CTr/BTGTU",
                   "date": "ngày 27 tháng 10 năm 2023", "title": "CHƯƠNG TRÌNH",
                   "subtitle": "Công tác Tuyên giáo tháng 11/2023"},
        "sections": [{"numeral": "II", "title": "Thông tin", "tasks": tasks}],
        "closing": "Trên đây là Chương trình công tác Tuyên giáo tháng 11/2023./.",
        "signature": {"titles": ["TRƯỞNG BAN"], "name": "Nguyễn Văn A"},
    }


def _draft(tasks: list[dict], month: str = "2023-12") -> tuple[dict, list]:
    data = _programme_data(tasks)
    from portal.content.datafile import dump_programme

    programme = validate_programme(parse_yaml(dump_programme(data), "2023-11.yaml"))
    return draft_programme(data, programme, month)


def row(number, text, deadline, status, **extra) -> dict:
    return {"number": number, "text": text, "lead": "Phòng TT-TT", "deadline": deadline, "status": status, **extra}


@pytest.mark.parametrize("kept, expected_field", [
    (row("1", "Tham mưu tổng kết Đề án.", "30/11/2023", "Đang thực hiện"),
     {"carried_from": "2023-11/II-1", "deadline": "30/12/2023", "status": "Đang thực hiện"}),
    (row("1", "Tham mưu tổng kết Đề án.", "Quý IV/2023", "Chưa thực hiện"),  # deadline not passed: kept
     {"carried_from": "2023-11/II-1", "deadline": "Quý IV/2023", "status": "Chưa thực hiện"}),
    (row("1", "Tham mưu tổng kết Đề án.", "15/12/2023", "Chuyển sang tháng sau"),
     {"carried_from": "2023-11/II-1", "deadline": "15/12/2023", "status": "Đang thực hiện"}),
    (row("1", "Tổng hợp thi đua tháng 11/2023.", "31/10/2023", "Hoàn thành", done_date="2023-10-30"),
     {"text": "Tổng hợp thi đua tháng 12/2023.", "deadline": "30/11/2023", "status": "Đang thực hiện"}),
    (row("1", "Cập nhật tin bài.", "Hàng tuần", "Thực hiện thường xuyên", carried_from="2023-10/II-4"),
     {"deadline": "Hàng tuần", "status": "Thực hiện thường xuyên"}),
])
def test_what_a_kept_task_becomes(kept, expected_field):
    data, (decision,) = _draft([kept])
    (new,) = data["sections"][0]["tasks"]
    for name, value in expected_field.items():
        assert new[name] == value, name
    assert "done_date" not in new
    if decision.action == RECURRING:
        assert "carried_from" not in new


def test_done_tasks_are_dropped_and_the_rest_renumbered():
    data, decisions = _draft([
        row("1", "Tham mưu A.", "20/11/2023", "Hoàn thành"),
        row("2", "Tham mưu B.", "20/11/2023", "Đang thực hiện"),
        row("3", "Tham mưu C.", "20/11/2023", "Không thực hiện"),
        row("4", "Tham mưu D.", "20/11/2023", "Chưa thực hiện"),
    ])
    tasks = data["sections"][0]["tasks"]
    assert [(t["number"], t["text"], t["carried_from"]) for t in tasks] == [
        ("1", "Tham mưu B.", "2023-11/II-2"), ("2", "Tham mưu D.", "2023-11/II-4")]
    assert [d.action for d in decisions] == [DONE_DROPPED, CARRIED, NOT_DONE_DROPPED, CARRIED]
    assert [d.new_label for d in decisions] == ["", "II.1", "", "II.2"]


@pytest.mark.parametrize("month, subtitle, date", [
    ("2023-12", "Công tác Tuyên giáo tháng 12/2023", "ngày [ng] tháng [th] năm 2023"),
    ("2024-01", "Công tác Tuyên giáo tháng 01/2024", "ngày [ng] tháng [th] năm 2023"),  # issued in December
])
def test_header_is_prepared(month, subtitle, date):
    data, _ = _draft([row("1", "Tham mưu A.", "20/11/2023", "Đang thực hiện")], month)
    assert data["month"] == month and data["draft"] is True
    assert data["header"]["number"] == "[so]"
    assert data["header"]["date"] == date
    assert data["header"]["subtitle"] == subtitle
    assert subtitle.split("tháng ")[1] in data["closing"]


def test_each_task_gets_one_line_in_vietnamese():
    _, decisions = _draft([row("1", "Tham mưu A.", "20/11/2023", "Hoàn thành"),
                           row("2", "Tham mưu B.", "20/11/2023", "Đang thực hiện")])
    assert decisions[0].message == "2023-11/II.1: bỏ (đã hoàn thành: «Hoàn thành»)."
    assert decisions[1].message.startswith("2023-11/II.2 → II.1: chưa hoàn thành, chuyển tiếp (carried_from)")
    assert "«20/11/2023» → «20/12/2023»" in decisions[1].message


@pytest.fixture
def content(tmp_path) -> Path:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    return tmp_path / "content"


def test_draft_of_the_sample_matches_its_golden_file(content, capsys):
    assert main(["draft", "2023-12", "--content", str(content)]) == 0
    out = capsys.readouterr().out
    written = (content / "programmes" / "2023-12.yaml").read_text(encoding="utf-8")
    assert written == (GOLDEN / "draft-2023-12.yaml").read_text(encoding="utf-8")
    assert out == (GOLDEN / "draft-2023-12.txt").read_text(encoding="utf-8")
    assert len(out.splitlines()) == len(load_programme(content / "programmes" / "2023-11.yaml").tasks())
    draft = load_programme(content / "programmes" / "2023-12.yaml")
    assert draft.draft and draft.month == "2023-12"


def test_draft_refuses_to_overwrite_a_month_without_force(content, capsys):
    target = content / "programmes" / "2023-12.yaml"
    target.write_text((content / "programmes" / "2023-11.yaml").read_text(encoding="utf-8")
                      .replace("month: 2023-11", "month: 2023-12"), encoding="utf-8")
    before = target.read_bytes()
    assert main(["draft", "2023-12", "--content", str(content)]) == 1
    err = capsys.readouterr().err
    assert "--force" in err and "tệp cũ được giữ nguyên" in err
    assert target.read_bytes() == before
    assert main(["draft", "2023-12", "--content", str(content), "--force"]) == 0
    assert target.read_text(encoding="utf-8") == (GOLDEN / "draft-2023-12.yaml").read_text(encoding="utf-8")


def test_draft_takes_the_latest_earlier_month(content, capsys):
    assert main(["draft", "2024-02", "--content", str(content)]) == 0  # from 2023-11, three months on
    draft = load_yaml(content / "programmes" / "2024-02.yaml").data
    texts = [t["text"] for s in draft["sections"] for t in s["tasks"]]
    assert "Tổng hợp bảng chấm công CBCC cơ quan tháng 02/2024." in texts
    assert draft["header"]["subtitle"] == "Công tác Tuyên giáo tháng 02/2024"


@pytest.mark.parametrize("argv, message", [
    (["draft", "2023-13"], "không hợp lệ"),
    (["draft", "2020-01"], "không có tháng nào trước 2020-01"),
])
def test_draft_bad_month_is_refused(content, capsys, argv, message):
    assert main(argv + ["--content", str(content)]) == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize("numbers, expected", [
    (["2", "5", "9"], ["1", "2", "3"]),
    (["2", "2.1", "2.3", "5", "5a", "5c"], ["1", "1.1", "1.2", "2", "2a", "2b"]),
    (["10", "10.1", "10.2", "11"], ["1", "1.1", "1.2", "2"]),
    (["3", "3.1", "3.1.1", "3.2"], ["1", "1.1", "1.1.1", "1.2"]),
    (["4.1", "6"], ["1", "2"]),  # a sub-item whose task is not in the section counts as a task
])
def test_renumber_keeps_sub_items_under_their_task(numbers, expected):
    assert renumber(numbers) == expected


@pytest.mark.parametrize("rows, expected", [
    # a task done: its sub-items, done or not, go with it unless one is unfinished
    ([row("1", "Tham mưu A.", "20/11/2023", "Hoàn thành"),
      row("2", "Tổ chức các hội nghị:", "20/11/2023", ""),
      row("2.1", "Hội nghị báo cáo viên.", "20/11/2023", "Đang thực hiện"),
      row("2.2", "Hội nghị tổng kết.", "20/11/2023", "Hoàn thành"),
      row("3", "Tham mưu C.", "20/11/2023", "Chưa thực hiện")],
     [("1", "2023-11/II-2"), ("1.1", "2023-11/II-2-1"), ("2", "2023-11/II-3")]),
    # a heading marked done over an unfinished sub-item stays, as carried
    ([row("10", "Tổ chức các hội nghị:", "20/11/2023", "Hoàn thành"),
      row("10a", "Hội nghị báo cáo viên.", "20/11/2023", "Đang thực hiện"),
      row("10b", "Hội nghị tổng kết.", "20/11/2023", "Chưa thực hiện")],
     [("1", "2023-11/II-10"), ("1a", "2023-11/II-10a"), ("1b", "2023-11/II-10b")]),
    # every sub-item done, the heading too: all dropped
    ([row("1", "Tổ chức các hội nghị:", "20/11/2023", "Hoàn thành"),
      row("1.1", "Hội nghị báo cáo viên.", "20/11/2023", "Hoàn thành"),
      row("2", "Tham mưu B.", "20/11/2023", "Đang thực hiện")],
     [("1", "2023-11/II-2")]),
])
def test_sub_items_are_drafted_with_their_task(rows, expected):
    data, decisions = _draft(rows)
    tasks = data["sections"][0]["tasks"]
    assert [(t["number"], t["carried_from"]) for t in tasks] == expected
    validate_programme(parse_yaml(dump_programme(data), "2023-12.yaml"), expected_month="2023-12")
    assert [d.new_label for d in decisions if d.new_label] == [f"II.{n}" for n, _ in expected]


def test_draft_of_a_month_with_sub_items_writes_a_valid_file(content, capsys):
    """A month whose tasks have sub-items (10.1, 10.2) drafts into a file that loads, sub-items under their task."""
    source = content / "programmes" / "2023-11.yaml"
    text = source.read_text(encoding="utf-8")
    # the first task of the first section gets two sub-items, one done
    first = text.index("  - number: '2'\n")
    sub_items = ("  - number: '1.1'\n    text: Việc con thứ nhất.\n    lead: Phòng TT-TT\n    deadline: 30/11/2023\n"
                 "    status: Đang thực hiện\n  - number: '1.2'\n    text: Việc con thứ hai.\n    lead: Phòng TT-TT\n"
                 "    deadline: 30/11/2023\n    status: Hoàn thành\n")
    source.write_text(text[:first] + sub_items + text[first:], encoding="utf-8")
    assert main(["check", "--content", str(content)]) == 0
    assert main(["draft", "2023-12", "--content", str(content)]) == 0
    draft = load_programme(content / "programmes" / "2023-12.yaml")
    numbers = [t.number for t in draft.sections[0].tasks]
    assert "1.1" in numbers and "1.2" not in numbers
    sub = draft.sections[0].tasks[numbers.index("1.1")]
    assert sub.carried_from == "2023-11/I-1-1"
    assert numbers[numbers.index("1.1") - 1] == "1"


def test_check_warns_of_a_draft_carrying_finished_work_and_refresh_keeps_the_edits(content, capsys):
    assert main(["draft", "2023-12", "--content", str(content)]) == 0
    target = content / "programmes" / "2023-12.yaml"
    draft = load_programme(target)
    carried = next(t for t in draft.sections[0].tasks if t.carried_from)
    later = [t for t in draft.sections[0].tasks if draft.sections[0].tasks.index(t) > draft.sections[0].tasks.index(carried)]
    # the clerk edits the draft, then the source task is recorded done
    edited = later[0].text + " (văn thư bổ sung)"
    target.write_text(target.read_text(encoding="utf-8").replace(later[0].text, edited), encoding="utf-8")
    source_label = carried.carried_from.split("/")[1].replace("-", ".")
    assert main(["status", "2023-11", source_label, "Hoàn thành", "--content", str(content)]) == 0
    capsys.readouterr()
    assert main(["check", "--content", str(content)]) == 0
    err = capsys.readouterr().err
    assert f"nhiệm vụ {carried.label} chuyển tiếp từ {source_label}" in err and "--refresh" in err
    assert main(["draft", "2023-12", "--refresh", "--content", str(content)]) == 0
    out = capsys.readouterr().out
    assert f"2023-12/{carried.label}: bỏ" in out
    refreshed = load_programme(target)
    assert carried.carried_from not in [t.carried_from for t in refreshed.tasks()]
    assert len(refreshed.tasks()) == len(draft.tasks()) - 1
    moved = next(t for t in refreshed.tasks() if t.text == edited)  # the clerk's edit is kept
    assert moved.number == str(int(later[0].number) - 1)
    assert main(["check", "--content", str(content)]) == 0
    assert "--refresh" not in capsys.readouterr().err
    assert main(["draft", "2023-12", "--refresh", "--content", str(content)]) == 0
    assert "không có gì thay đổi" in capsys.readouterr().err


def test_refresh_refuses_a_published_month(content, capsys):
    assert main(["draft", "2023-11", "--refresh", "--content", str(content)]) == 2
    assert "chỉ cập nhật được dự thảo" in capsys.readouterr().err
