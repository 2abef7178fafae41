"""The month-end report: what each task became, counted by status, section and department, in Word."""
from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest

from conftest import ROOT
from portal.cli import main
from portal.content.departments import load_registry
from portal.content.loader import load_programmes
from portal.site.report import (COLUMNS, LATE, NO_DUE, ON_TIME, TAIL_HEADERS, UNDATED, carried_targets, column_label,
                                month_report)

STATUSES = [  # (task, status, done date): the sample's month after a few `portal status` calls
    ("I.1", "Hoàn thành", "2023-11-18"),  # due 20/11: on time
    ("I.2", "Hoàn thành", "2023-12-02"),  # due 29/11: late
    ("II.5", "Hoàn thành", None),  # no date recorded
    ("III.3", "Hoàn thành", "2023-11-10"),  # weekly: no due day
    ("II.1", "Chưa thực hiện", None),
    ("II.2", "Không thực hiện", None),
    ("III.4", "Chuyển sang tháng sau", None),
]


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("report") / "content"
    shutil.copytree(ROOT / "content", folder)
    for label, status, day in STATUSES:
        argv = ["status", "2023-11", label, status, "--content", str(folder)]
        assert main(argv + (["--date", day] if day else [])) == 0
    return folder


@pytest.fixture(scope="module")
def report(content):
    (programme,) = load_programmes(content)
    return month_report(programme, load_registry(content))


def test_each_task_is_in_exactly_one_list(report):
    listed = [line.task.label for task_list in report.lists() for line in task_list.lines]
    assert sorted(listed) == sorted(t.label for t in report.programme.tasks())
    by_heading = {task_list.heading: {line.task.label for line in task_list.lines} for task_list in report.lists()}
    assert by_heading["Nhiệm vụ đã hoàn thành"] == {"I.1", "I.2", "II.5", "III.3"}
    assert by_heading["Nhiệm vụ chưa thực hiện"] == {"II.1"}
    assert by_heading["Nhiệm vụ không thực hiện"] == {"II.2"}
    assert by_heading["Nhiệm vụ chuyển sang tháng sau"] == {"III.4"}
    assert len(by_heading["Nhiệm vụ đang thực hiện"]) == 48 - 7  # III.3, the one «thường xuyên», is done


def test_every_count_is_the_length_of_its_list(report):
    """The summary, the count tables and the lists agree: «đang thực hiện 46» is the list of 46 tasks."""
    lengths = {task_list.column: len(task_list.lines) for task_list in report.lists()}
    assert lengths == {column: n for column, n in report.total.counts.items() if n}
    assert report.columns == [column for column in COLUMNS if column in lengths]  # empty columns left out
    for column, n in lengths.items():
        assert f"{column.lower()} {n}" in report.summary
    assert f"quá hạn chưa hoàn thành {len(report.overdue)}" in report.summary
    assert report.total.overdue == len(report.overdue) == sum(row.overdue for row in report.sections)


def test_overdue_is_unfinished_with_a_due_day_by_the_end_of_the_month(report):
    overdue = {line.task.label for line in report.overdue}
    for task_list in report.lists():
        for line in task_list.lines:
            expected = (task_list.column not in ("Hoàn thành", "Không thực hiện") and line.due is not None
                        and line.due.isoformat() <= "2023-11-30")
            assert (line.task.label in overdue) == expected, line.task.label
    assert "III.3" not in overdue and "II.2" not in overdue  # done; dropped
    assert "II.1" in overdue  # not started, due in November


def test_done_on_time_or_late(report):
    timeliness = {line.task.label: line.timeliness for line in report.done}
    assert timeliness == {"I.1": ON_TIME, "I.2": LATE, "II.5": UNDATED, "III.3": NO_DUE}
    assert (report.total.on_time, report.total.late) == (1, 1)


def test_counts_by_section_and_department(report):
    total = report.total
    assert total.total == 48 and sum(total.counts.values()) == 48
    assert total.counts["Hoàn thành"] == 4 and total.counts["Không thực hiện"] == 1
    assert [row.total for row in report.sections] == [9, 15, 24]
    section_one = report.sections[0]
    assert (section_one.counts["Hoàn thành"], section_one.on_time, section_one.late) == (2, 1, 1)
    by_department = {row.label: row for row in report.departments}
    assert sum(row.total for row in report.departments) == 48
    assert by_department["LLCT-LSĐ"].counts["Chưa thực hiện"] == 1
    assert by_department["TT-TT"].counts["Chuyển sang tháng sau"] == 1


def test_tasks_continued_by_a_later_month_count_as_carried(content, report):
    draft_content = content.parent / "with-draft"
    shutil.copytree(content, draft_content)
    assert main(["draft", "2023-12", "--content", str(draft_content)]) == 0
    programmes = load_programmes(draft_content)
    november = next(p for p in programmes if p.month == "2023-11")
    carried = carried_targets(programmes)
    with_draft = month_report(november, load_registry(draft_content), carried)
    assert carried["2023-11/II-1"].startswith("2023-12/II-")
    assert {line.task.label for line in with_draft.carried} >= {"II.1", "III.4"}
    assert with_draft.total.counts["Chuyển sang tháng sau"] == len(with_draft.carried)  # counted where listed
    assert "II.2" not in {line.task.label for line in with_draft.carried}  # «Không thực hiện» is dropped


def test_word_report_cell_by_cell(content, report, tmp_path, capsys):
    out = tmp_path / "bao-cao.docx"
    assert main(["report", "2023-11", "--docx", str(out), "--content", str(content)]) == 0
    document = docx.Document(str(out))
    paragraphs = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in paragraphs
    assert "Kết quả thực hiện Chương trình công tác tháng 11/2023" in paragraphs
    assert document.core_properties.title == "Báo cáo kết quả thực hiện Chương trình công tác tháng 11/2023"
    headings = [p for p in paragraphs if p[:3] in ("I. ", "II.", "III", "IV.") and p.isupper()]
    assert headings == ["I. ĐÁNH GIÁ CHUNG", "II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ", "III. HẠN CHẾ, NGUYÊN NHÂN",
                        "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ THÁNG 12/2023"]
    for row in report.sections:  # results by section: a sentence each, with its counts
        assert f"{row.label}: {row.total} nhiệm vụ; {row.phrase()}." in paragraphs
    placeholders = [p for p in paragraphs if p.startswith("[") and p.endswith("]")]
    assert len(placeholders) == 3  # the leader's assessment, the causes, next month's priorities
    header, by_section, by_department, *lists, overdue, footer = document.tables
    assert header.cell(0, 0).text.split("\n") == ["TỈNH ỦY ĐỒNG NAI", "BAN TUYÊN GIÁO", "*", "Số [so]-BC/BTGTU"]
    assert header.cell(0, 1).text.split("\n") == ["ĐẢNG CỘNG SẢN VIỆT NAM", "", "Đồng Nai, ngày [ng] tháng [th] năm 2023"]
    motto = header.cell(0, 1).paragraphs[0].runs[0]
    assert motto.bold and motto.underline
    headers = [column_label(c) for c in report.columns] + TAIL_HEADERS
    assert [c.text for c in by_section.rows[0].cells] == ["Mục"] + headers
    assert "Không thực hiện" in headers and "Khác" not in headers  # a column no task is in is left out
    rows = [[c.text for c in row.cells] for row in by_section.rows[1:]]
    for expected, row in zip(report.sections + [report.total], rows):
        assert row[0] == expected.label
        assert [int(n) for n in row[1:]] == expected.cells(report.columns)
    assert rows[-1][0] == "Tổng cộng" and rows[-1][headers.index("Tổng") + 1] == "48"
    assert [c.text for c in by_department.rows[0].cells][0] == "Phòng chủ trì"
    assert [r.cells[0].text for r in by_department.rows[1:]] == [r.label for r in report.departments] + ["Tổng cộng"]
    assert len(lists) == len(report.lists())
    done, *_ = lists
    assert [c.text for c in done.rows[0].cells] == ["Stt", "Nội dung công việc", "Phòng chủ trì",
                                                   "Thời gian hoàn thành", "Ngày hoàn thành", "Đánh giá"]
    done_rows = {r.cells[0].text: [c.text for c in r.cells] for r in done.rows[1:]}
    assert done_rows["I.1"][3:] == ["20/11/2023", "18/11/2023", "Đúng hạn"]
    assert done_rows["I.2"][4:] == ["02/12/2023", "Trễ hạn"]
    assert done_rows["I.1"][1] == report.done[0].task.text
    for table, task_list in zip(lists, report.lists()):
        assert [r.cells[0].text for r in table.rows[1:]] == [line.task.label for line in task_list.lines]
    assert [c.text for c in lists[-1].rows[0].cells][-1] == "Chuyển sang"
    assert [r.cells[0].text for r in overdue.rows[1:]] == [line.task.label for line in report.overdue]
    assert "Nơi nhận:" in footer.cell(0, 0).text
    assert footer.cell(0, 1).text.split("\n")[-1] == "Nguyễn Thị Hồng Trang"
    summary = next(p for p in paragraphs if p.startswith("Chương trình công tác tháng 11/2023"))
    assert summary == report.summary and "hoàn thành 4 (đúng hạn 1, trễ hạn 1)" in summary
    # every long table repeats its header row on each page
    assert all(t.rows[0]._tr.trPr is not None and "tblHeader" in t.rows[0]._tr.trPr.xml for t in document.tables[1:-1])


def test_report_of_a_missing_month(content, tmp_path, capsys):
    assert main(["report", "2031-01", "--docx", str(tmp_path / "x.docx"), "--content", str(content)]) == 2
    assert "2031-01" in capsys.readouterr().err


def test_word_report_drops_characters_xml_cannot_carry(report):
    """A control character pasted into a task is dropped, Word's vertical tab is a line break, as in the
    programme's .docx (both are written by the same writer)."""
    import dataclasses
    import io

    from portal.outputs.report_docx import export_report_docx

    line = report.done[0]
    pasted = dataclasses.replace(line.task, text="Tổng hợp\x0b báo cáo\x00 tháng")
    by_column = dict(report.by_column, **{"Hoàn thành": [dataclasses.replace(line, task=pasted)] + report.done[1:]})
    changed = dataclasses.replace(report, by_column=by_column)
    document = docx.Document(io.BytesIO(export_report_docx(changed)))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert any("Tổng hợp\n báo cáo tháng" in text for text in cells)


def test_the_report_documents_key_changes_with_every_field_of_a_line_and_of_the_report(report):
    """The build cache keeps a report's Word file under a description of the report
    (``portal.build.site._report_description``: the programme by its content key, each listed task by its
    place): a change to any field of any line, or to any other field of the report, gives another key,
    so the cache never gives back the file of another report."""
    import copy
    import dataclasses

    from portal.build.cache import content_key
    from portal.build.site import _report_description
    from portal.site.report import Line

    def key(shown):
        return content_key(_report_description(shown, {}))

    base = key(report)
    assert key(copy.deepcopy(report)) == base  # the same report, other objects: the same key
    column, lines = next((column, lines) for column, lines in report.by_column.items() if lines)
    others = {"task": report.programme.tasks()[-1] if lines[0].task is not report.programme.tasks()[-1]
              else report.programme.tasks()[0], "lead": "Phòng khác", "due": None if lines[0].due else lines[0].due,
              "column": "khác", "timeliness": "khác", "carried_to": "2099-01/I-1", "overdue": not lines[0].overdue}
    assert set(others) == {field.name for field in dataclasses.fields(Line)}  # every field is tried
    for name, value in others.items():
        if name == "due" and value == lines[0].due:
            value = lines[0].due.replace(year=2099) if lines[0].due else __import__("datetime").date(2099, 1, 1)
        changed = copy.copy(report)
        changed.by_column = dict(report.by_column, **{column: [dataclasses.replace(lines[0], **{name: value}),
                                                               *lines[1:]]})
        assert key(changed) != base, name
    moved = copy.copy(report)
    moved.overdue = report.overdue[1:] if report.overdue else report.by_column[column][:1]
    assert key(moved) != base
    retitled = copy.deepcopy(report)
    retitled.total = dataclasses.replace(report.total, label=report.total.label + " ")
    assert key(retitled) != base
