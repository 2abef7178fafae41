"""Recurring duties against work carried forward: the classifier, and what a task's history says of each row."""
from __future__ import annotations

import pytest

from portal.content.model import Month, Programme, Section, Signature, Task
from portal.content.recurrence import BY_DEADLINE, BY_MONTH, BY_STATUS, BY_WORDS, recurrence
from portal.indexes.history import history_note
from portal.site.lineage import CARRIED, RECURRING, REPEATED, build_lineage, long_carried


def task(text: str, deadline: str = "30/11/2023", status: str = "Đang thực hiện", month: str = "2023-11",
         number: str = "1", carried_from: str = "") -> Task:
    return Task(section="I", number=number, text=text, lead="Phòng TT-TT", coordinators=[], deadline=deadline,
                status=status, month=Month(month), carried_from=carried_from)


@pytest.mark.parametrize("text, deadline, status, why", [
    # monthly reports, the monthly programme, timesheets: they name last month, this one or the next
    ("Báo cáo công tác tuyên giáo tháng 10/2023 và nhiệm vụ trọng tâm tháng 11/2023", "05/11/2023", "", BY_MONTH),
    ("Chương trình công tác tháng 12/2023", "28/11/2023", "Đang thực hiện", BY_MONTH),
    ("Tổng hợp bảng chấm công CBCC cơ quan tháng 11 năm 2023", "30/11/2023", "Hoàn thành", BY_MONTH),
    ("Tổng hợp, đánh giá phân loại thi đua tháng 10/2023", "Trong tháng 11/2023", "", BY_MONTH),
    # weekly and ongoing work: by the deadline, the status or the words
    ("Cập nhật tin bài trên Cổng thông tin", "Thứ 5 hàng tuần", "", BY_DEADLINE),
    ("Theo dõi dư luận xã hội", "Thường xuyên", "", BY_DEADLINE),
    ("Theo dõi dư luận xã hội", "30/11/2023", "Thực hiện thường xuyên", BY_STATUS),
    ("Đăng tải tin, bài và báo cáo công tác nắm bắt DLXH hàng tuần", "30/11/2023", "", BY_WORDS),
    ("Tổ chức Hội nghị báo cáo viên thường kỳ", "20/11/2023", "", BY_WORDS),
    ("Báo cáo định kỳ công tác dư luận xã hội", "Trong tháng 11/2023", "", BY_WORDS),
    ("Cập nhật số liệu hằng tháng lên Cổng thông tin", "Trong tháng 11/2023", "", BY_WORDS),
    # one-off work, even when it names a month or a year
    ("Tham mưu Kế hoạch tuyên truyền Đại hội", "30/11/2023", "Đang thực hiện", None),
    ("Báo cáo kết quả giao ban tháng 8 năm 2023", "Trong tháng 11/2023", "", None),
    ("Tổ chức Hội nghị tổng kết vào tháng 01/2024", "Quý IV/2023", "", None),
    ("Báo cáo kết quả công tác tuyên truyền về chuyển đổi số năm 2023", "15/12/2023", "", None),
    ("Tiếp tục thực hiện biên soạn sách chuyên đề về lịch sử Đảng bộ", "Trong tháng 11/2023", "", None),
])
def test_recurring_or_one_off(text, deadline, status, why):
    assert recurrence(task(text, deadline, status)) == why


def programme(month: str, *tasks: Task) -> Programme:
    return Programme(month=Month(month), parent_body="", issuing_body="", number="", symbol="", motto="", place="",
                     date_text="", title="", subtitle="", preamble="", sections=[Section("I", "Công tác", list(tasks))],
                     closing="", recipients=[], drafter="", signature=Signature([], ""))


def month_of(text: str, month: str, status: str, **kw) -> Programme:
    return programme(month, task(text, deadline=f"Trong tháng {int(month[5:])}/{month[:4]}", status=status,
                                 month=month, **kw))


@pytest.mark.parametrize("rows, links, notes", [
    # unfinished work typed again: carried, «đã có từ» its first unfinished month
    ([("Tham mưu Kế hoạch tuyên truyền Đại hội", "2023-09", "Đang thực hiện"),
      ("Tham mưu Kế hoạch tuyên truyền Đại hội", "2023-10", "Chưa hoàn thành"),
      ("Tham mưu Kế hoạch tuyên truyền Đại hội", "2023-11", "Đang thực hiện")],
     ["", CARRIED, CARRIED], ["có ở 3 tháng", "đã có từ T9/2023", "đã có từ T9/2023"]),
    # done in September, the same words in November: new work, not a two-month delay
    ([("Tham mưu Kế hoạch tuyên truyền Đại hội", "2023-09", "Hoàn thành"),
      ("Tham mưu Kế hoạch tuyên truyền Đại hội", "2023-10", "Đang thực hiện"),
      ("Tham mưu Kế hoạch tuyên truyền Đại hội", "2023-11", "Đang thực hiện")],
     ["", REPEATED, CARRIED], ["có ở 3 tháng", "lần trước: T9/2023", "đã có từ T10/2023"]),
    # the monthly competition review, a year apart, never done on time: still a recurring duty
    ([("Tổng hợp, đánh giá phân loại thi đua tháng 11/2024", "2024-11", "Đang thực hiện"),
      ("Tổng hợp, đánh giá phân loại thi đua tháng 5/2025", "2025-05", "Đang thực hiện"),
      ("Tổng hợp, đánh giá phân loại thi đua tháng 11/2025", "2025-11", "Đang thực hiện")],
     ["", RECURRING, RECURRING], ["việc định kỳ, có ở 3 tháng"] * 3),
    # the monthly programme, each naming the month after its own
    ([("Chương trình công tác tuyên giáo tháng 12/2023", "2023-11", "Đang thực hiện"),
      ("Chương trình công tác tuyên giáo tháng 01/2024", "2023-12", "Chưa thực hiện")],
     ["", RECURRING], ["việc định kỳ, có ở 2 tháng"] * 2),
])
def test_recurring_versus_carried(rows, links, notes):
    programmes = [month_of(text, month, status) for text, month, status in rows]
    lineage = build_lineage(programmes)
    tasks = [p.tasks()[0] for p in programmes]
    (chain,) = {id(lineage.chain_of(t)): lineage.chain_of(t) for t in tasks}.values()
    assert [chain.link(t) for t in tasks] == links
    assert [history_note(chain, t) for t in tasks] == notes


def test_carried_from_is_carried_even_after_done():
    """The clerk's explicit ``carried_from`` (written by ``portal draft``) is the truth of the row."""
    first = month_of("Tham mưu Kế hoạch tuyên truyền Đại hội", "2023-10", "Hoàn thành")
    second = month_of("Tham mưu Kế hoạch tuyên truyền Đại hội", "2023-11", "Đang thực hiện",
                      carried_from="2023-10/I-1")
    lineage = build_lineage([first, second])
    chain = lineage.chain_of(second.tasks()[0])
    assert chain.link(second.tasks()[0]) == CARRIED


def test_long_carried_counts_the_unbroken_carry_only():
    text = "Tham mưu Kế hoạch tuyên truyền Đại hội"
    months = ["2023-07", "2023-08", "2023-09", "2023-10", "2023-11"]
    done_in_august = [month_of(text, m, "Hoàn thành" if m == "2023-08" else "Đang thực hiện") for m in months]
    never_done = [month_of(text, m, "Đang thực hiện") for m in months]
    (late,) = build_lineage(never_done).linked()
    (broken,) = build_lineage(done_in_august).linked()
    assert late.months_carried() == 4 and long_carried(late)
    assert broken.months_carried() == 2 and not long_carried(broken)
