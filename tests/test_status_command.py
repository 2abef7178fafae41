"""``portal status``: a task's status recorded in place, the rest of the file untouched."""
from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from conftest import ROOT
from portal.cli import main
from portal.content.loader import load_programme
from portal.content.yamlsource import load_yaml
from portal.text.status import KNOWN_STATUSES


@pytest.fixture
def content(tmp_path) -> Path:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    return tmp_path / "content"


def month_file(content: Path) -> Path:
    return content / "programmes" / "2023-11.yaml"


def task_lines(path: Path, numeral: str, number: str) -> range:
    """0-based lines of a task in the file, from its line mark to the next task's (or section's)."""
    located = load_yaml(path)
    starts = sorted({line - 1 for p, line in located.lines.items() if len(p) == 4 and p[2] == "tasks"}
                    | {line - 1 for p, line in located.lines.items() if len(p) == 2 and p[0] == "sections"}
                    | {located.lines[("closing",)] - 1})
    for s, section in enumerate(located.data["sections"]):
        for t, task in enumerate(section["tasks"]):
            if section["numeral"] == numeral and task["number"] == number:
                first = located.lines[("sections", s, "tasks", t)] - 1
                return range(first, min(x for x in starts if x > first))
    raise AssertionError("no such task")


def changed_lines(before: str, after: str) -> set[int]:
    """0-based lines of ``before`` replaced or deleted, and the positions where lines were inserted."""
    changed = set()
    matcher = difflib.SequenceMatcher(None, before.splitlines(), after.splitlines(), autojunk=False)
    for op, i1, i2, _, _ in matcher.get_opcodes():
        if op != "equal":
            changed.update(range(i1, i2) if i2 > i1 else [i1 - 1])
    return changed


def test_round_trip_touches_only_the_task(content, capsys):
    path = month_file(content)
    before = path.read_text(encoding="utf-8")
    lines = task_lines(path, "II", "3")
    assert main(["status", "2023-11", "II.3", "Hoàn thành", "--date", "2023-11-20", "--note", "Đã trình Thường trực",
                 "--content", str(content)]) == 0
    after = path.read_text(encoding="utf-8")
    assert changed_lines(before, after) and changed_lines(before, after) <= set(lines)
    task = next(t for t in load_programme(path).tasks() if t.label == "II.3")
    assert (task.status, task.done_date.isoformat(), task.note) == ("Hoàn thành", "2023-11-20", "Đã trình Thường trực")
    # and back: the done date goes, the note stays, every other line is as it was
    assert main(["status", "2023-11", "II.3", "dang thuc hien", "--content", str(content)]) == 0
    again = path.read_text(encoding="utf-8")
    assert changed_lines(before, again) <= set(lines)
    task = next(t for t in load_programme(path).tasks() if t.label == "II.3")
    assert (task.status, task.done_date, task.note) == ("Đang thực hiện", None, "Đã trình Thường trực")
    others_before = [t for t in load_programme(ROOT / "content" / "programmes" / "2023-11.yaml").tasks() if t.label != "II.3"]
    others_after = [t for t in load_programme(path).tasks() if t.label != "II.3"]
    assert [(t.label, t.text, t.status, t.deadline) for t in others_before] == \
        [(t.label, t.text, t.status, t.deadline) for t in others_after]


EDITED = """\
# đầu tệp: ghi chú của biên tập viên
month: 2023-11
header:
  issuing_body: BAN TUYÊN GIÁO
  number: '[so]'
  symbol: "CTr/BTGTU"
  title: CHƯƠNG TRÌNH
  subtitle: Công tác Tuyên giáo tháng 11/2023
sections:
- numeral: I
  title: Tổng hợp
  tasks:
    - number: 1
      text: |
        Báo cáo công tác tuyên giáo năm 2023
        và nhiệm vụ trọng tâm năm 2024.
      lead: "Phòng HC-TH, KG, VH-VN"   # chủ trì
      deadline: '20/11/2023'
      status: "Đang thực hiện"  # hỏi lại phòng
    # nhiệm vụ 2 chưa có tiến độ
    - number: 2
      text: Tổng hợp bảng chấm công.
      lead: Phòng HC-TH, KG, VH-VN
      deadline: 30/11/2023
      note: có
signature:
  titles: [TRƯỞNG BAN]
  name: Nguyễn Văn A
"""


@pytest.mark.parametrize("label, status, expected", [
    ("I.1", "Hoàn thành", EDITED.replace('      status: "Đang thực hiện"  # hỏi lại phòng\n',
                                         '      status: "Hoàn thành"  # hỏi lại phòng\n'
                                         "      done_date: '2023-11-20'\n")),
    ("I.2", "Chưa thực hiện", EDITED.replace("      deadline: 30/11/2023\n      note: có\n",
                                             "      deadline: 30/11/2023\n      status: Chưa thực hiện\n      note: có\n")),
])
def test_comments_order_and_quoting_are_kept(tmp_path, capsys, label, status, expected):
    (tmp_path / "programmes").mkdir()
    path = tmp_path / "programmes" / "2023-11.yaml"
    path.write_text(EDITED, encoding="utf-8")
    argv = ["status", "2023-11", label, status, "--content", str(tmp_path)]
    if status == "Hoàn thành":
        argv += ["--date", "20/11/2023"]
    assert main(argv) == 0, capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == expected


def test_unknown_status_is_refused_with_the_known_ones(content, capsys):
    before = month_file(content).read_bytes()
    assert main(["status", "2023-11", "II.3", "Gần xong", "--content", str(content)]) == 2
    err = capsys.readouterr().err
    assert "«Gần xong»" in err
    for status in KNOWN_STATUSES:
        assert f"«{status}»" in err
    assert month_file(content).read_bytes() == before


@pytest.mark.parametrize("argv, code, message", [
    (["II.99", "Hoàn thành"], 1, "mục II không có nhiệm vụ Stt 99"),
    (["VII.1", "Hoàn thành"], 1, "không có mục VII"),
    (["ba", "Hoàn thành"], 1, "không phải số của một nhiệm vụ"),
    (["II.3", "Hoàn thành", "--date", "2023-11-31"], 2, "không hợp lệ"),
    (["II.3", "Đang thực hiện", "--date", "2023-11-20"], 2, "chỉ ghi cùng tiến độ «Hoàn thành»"),
])
def test_bad_requests_leave_the_file_as_it_was(content, capsys, argv, code, message):
    before = month_file(content).read_bytes()
    assert main(["status", "2023-11", *argv, "--content", str(content)]) == code
    assert message in capsys.readouterr().err
    assert month_file(content).read_bytes() == before


def test_missing_month_is_reported(content, capsys):
    assert main(["status", "2030-01", "I.1", "Hoàn thành", "--content", str(content)]) == 2
    assert "2030-01" in capsys.readouterr().err


def test_a_task_written_on_one_line_is_not_rewritten(tmp_path, capsys):
    (tmp_path / "programmes").mkdir()
    path = tmp_path / "programmes" / "2023-11.yaml"
    text = EDITED.replace("    - number: 2\n      text: Tổng hợp bảng chấm công.\n      lead: Phòng HC-TH, KG, VH-VN\n"
                          "      deadline: 30/11/2023\n      note: có\n",
                          "    - {number: 2, text: Tổng hợp bảng chấm công., lead: Phòng HC-TH, deadline: 30/11/2023, "
                          "status: Đang thực hiện}\n")
    path.write_text(text, encoding="utf-8")
    assert main(["status", "2023-11", "I.2", "Hoàn thành", "--content", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "2023-11.yaml, dòng 21, trường «status»" in err and "mỗi trường một dòng" in err
    assert path.read_text(encoding="utf-8") == text
