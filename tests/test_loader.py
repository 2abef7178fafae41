"""Loading and validation: each kind of mistake gets a Vietnamese message naming file, line, field."""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from conftest import ROOT

from portal.content.errors import ContentError
from portal.content.loader import load_programme, load_programmes

SAMPLE = (ROOT / "content" / "programmes" / "2023-11.yaml").read_text(encoding="utf-8")


def write_month(tmp_path: Path, text: str, name: str = "2023-11.yaml") -> Path:
    folder = tmp_path / "content" / "programmes"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line of the n-th line containing ``needle``."""
    hits = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    return hits[occurrence - 1]


def problems_for(tmp_path: Path, text: str, name: str = "2023-11.yaml"):
    path = write_month(tmp_path, text, name)
    with pytest.raises(ContentError) as info:
        load_programme(path, tmp_path)
    return info.value.problems


def test_sample_loads():
    programme = load_programme(ROOT / "content" / "programmes" / "2023-11.yaml", ROOT)
    assert programme.month == "2023-11" and len(programme.tasks()) == 48
    task = programme.sections[1].tasks[2]
    assert task.anchor == "II-3" and task.origin.file == "content/programmes/2023-11.yaml"
    assert SAMPLE.splitlines()[task.origin.line - 1].lstrip().startswith("- number: '3'")


def test_missing_field(tmp_path):
    text = SAMPLE.replace("    deadline: 29/11/2023\n", "", 1)
    (problem,) = problems_for(tmp_path, text)
    assert problem.field == "sections[1].tasks[2].deadline"
    assert "thiếu trường bắt buộc (Thời gian hoàn thành)" in problem.message
    assert problem.line == line_of(text, "- number: '2'")
    assert str(problem).startswith("Lỗi: content/programmes/2023-11.yaml, dòng ")


def test_wrong_type(tmp_path):
    text = SAMPLE.replace("    - Các phòng chuyên môn thuộc Ban\n    deadline: 20/11/2023",
                          "    foo: 1\n    deadline: 20/11/2023", 1).replace("coordinators:\n    foo: 1",
                                                                              "coordinators:\n      foo: 1", 1)
    problems = problems_for(tmp_path, text)
    assert problems[0].field == "sections[1].tasks[1].coordinators"
    assert "sai kiểu dữ liệu" in problems[0].message and "danh sách" in problems[0].message


def test_unknown_field_suggests_the_right_one(tmp_path):
    text = SAMPLE.replace("    deadline: 20/11/2023", "    dealine: 20/11/2023", 1)
    problems = problems_for(tmp_path, text)
    unknown = [p for p in problems if p.field.endswith("dealine")][0]
    assert "Có phải ý bạn là «deadline»" in unknown.message
    assert unknown.line == line_of(text, "dealine")


def test_impossible_date(tmp_path):
    text = SAMPLE.replace("deadline: 20/11/2023", "deadline: 31/11/2023", 1)
    (problem,) = problems_for(tmp_path, text)
    assert "ngày không tồn tại «31/11/2023»" in problem.message
    assert problem.line == line_of(text, "31/11/2023")


def test_duplicate_task_number(tmp_path):
    text = SAMPLE.replace("  - number: '2'\n    text: Chương trình", "  - number: '1'\n    text: Chương trình", 1)
    (problem,) = problems_for(tmp_path, text)
    assert problem.field == "sections[1].tasks[2].number"
    assert "Stt 1 bị lặp lại trong mục I" in problem.message


def test_unknown_section(tmp_path):
    text = SAMPLE.replace("- numeral: II\n", "- numeral: Hai\n", 1)
    (problem,) = problems_for(tmp_path, text)
    assert problem.field == "sections[2].numeral" and "số La Mã" in problem.message


def test_duplicate_section(tmp_path):
    text = SAMPLE.replace("- numeral: III\n", "- numeral: II\n", 1)
    (problem,) = problems_for(tmp_path, text)
    assert "mục II bị lặp lại" in problem.message


def test_yaml_syntax_error(tmp_path):
    text = SAMPLE.replace("    deadline: 20/11/2023", "    deadline: [20/11/2023", 1)
    (problem,) = problems_for(tmp_path, text)
    assert "lỗi cú pháp YAML" in problem.message and problem.line is not None
    assert abs(problem.line - line_of(text, "[20/11/2023")) <= 2


def test_month_and_file_name_disagree(tmp_path):
    (problem,) = problems_for(tmp_path, SAMPLE, name="2023-12.yaml")
    assert problem.field == "month" and "tên tệp là 2023-12" in problem.message


def test_all_problems_of_a_file_reported_together(tmp_path):
    text = SAMPLE.replace("deadline: 20/11/2023", "deadline: 31/11/2023", 1).replace("    dealine", "x", 1)
    text = text.replace("    lead: LLCT-LSD\n", "", 1)
    problems = problems_for(tmp_path, text)
    assert len(problems) == 2
    assert problems[0].line < problems[1].line


@pytest.mark.parametrize("raw, expected", [
    ("".encode("utf-8"), "tệp rỗng"),
    (SAMPLE.encode("utf-16"), "UTF-16"),
    (unicodedata.normalize("NFD", SAMPLE).encode("cp1258", "replace"), "không ở mã UTF-8"),
])
def test_encodings_and_empty(tmp_path, raw, expected):
    folder = tmp_path / "content" / "programmes"
    folder.mkdir(parents=True)
    (folder / "2023-11.yaml").write_bytes(raw)
    with pytest.raises(ContentError) as info:
        load_programmes(tmp_path / "content")
    assert expected in info.value.problems[0].message


def test_utf8_bom_is_fine(tmp_path):
    folder = tmp_path / "content" / "programmes"
    folder.mkdir(parents=True)
    (folder / "2023-11.yaml").write_bytes(b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"))
    assert len(load_programmes(tmp_path / "content")[0].tasks()) == 48


def test_bad_file_name(tmp_path):
    write_month(tmp_path, SAMPLE, name="thang11.yaml")
    with pytest.raises(ContentError) as info:
        load_programmes(tmp_path / "content")
    assert "YYYY-MM.yaml" in info.value.problems[0].message
