"""The deadline parser, table-driven: each row is a deadline as written and what it means."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import ROOT

from portal.content.loader import load_programme
from portal.text.deadlines import parse_deadline

# (text, programme month, kind, start, end)
ROWS = [
    # one day, in every way a date is written
    ("20/11/2023", "2023-11", "on", "2023-11-20", "2023-11-20"),
    ("Ngày 15/11/2023", "2023-11", "on", "2023-11-15", "2023-11-15"),
    ("5/1/2024", "2023-12", "on", "2024-01-05", "2024-01-05"),
    ("21-07-2023", "2023-07", "on", "2023-07-21", "2023-07-21"),
    ("21.07.2023", "2023-07", "on", "2023-07-21", "2023-07-21"),
    ("ngày 21 tháng 7 năm 2023", "2023-07", "on", "2023-07-21", "2023-07-21"),
    ("Ngày 21 tháng 7", "2023-07", "on", "2023-07-21", "2023-07-21"),
    ("20/11", "2023-11", "on", "2023-11-20", "2023-11-20"),
    ("Ngày 05/01", "2023-12", "on", "2024-01-05", "2024-01-05"),  # January after a December programme
    ("Dự kiến ngày 22/11/2023", "2023-11", "on", "2023-11-22", "2023-11-22"),
    ("20/11/2023 (dự kiến)", "2023-11", "on", "2023-11-20", "2023-11-20"),
    # before: the last day is the day before
    ("Trước ngày 25/11/2023", "2023-11", "before", None, "2023-11-24"),
    ("Trước 10/11/2023", "2023-11", "before", None, "2023-11-09"),
    ("Phát hành trước 03/12/2023", "2023-11", "before", None, "2023-12-02"),
    ("trước ngày 01/12/2023.", "2023-11", "before", None, "2023-11-30"),
    ("Trước 01/03/2024", "2024-02", "before", None, "2024-02-29"),
    ("TRƯỚC NGÀY 15/11", "2023-11", "before", None, "2023-11-14"),
    # by: inclusive
    ("Chậm nhất ngày 30/11/2023", "2023-11", "by", None, "2023-11-30"),
    ("Chậm nhất là ngày 28/11/2023", "2023-11", "by", None, "2023-11-28"),
    ("Hạn chót 15/11/2023", "2023-11", "by", None, "2023-11-15"),
    ("Đến ngày 30/11/2023", "2023-11", "by", None, "2023-11-30"),
    ("Sau ngày 15/11/2023", "2023-11", "after", "2023-11-16", None),
    # the whole month and its thirds
    ("Trong tháng 11/2023", "2023-11", "month", "2023-11-01", "2023-11-30"),
    ("Trong tháng", "2024-02", "month", "2024-02-01", "2024-02-29"),
    ("Tháng 12/2023", "2023-11", "month", "2023-12-01", "2023-12-31"),
    ("Trong tháng 11 năm 2023", "2023-11", "month", "2023-11-01", "2023-11-30"),
    ("Đầu tháng", "2023-11", "early_month", "2023-11-01", "2023-11-10"),
    ("Đầu tháng 11/2023", "2023-11", "early_month", "2023-11-01", "2023-11-10"),
    ("Giữa tháng", "2023-11", "mid_month", "2023-11-11", "2023-11-20"),
    ("Giữa tháng 12", "2023-11", "mid_month", "2023-12-11", "2023-12-20"),
    ("Cuối tháng 11/2023", "2023-11", "late_month", "2023-11-21", "2023-11-30"),
    ("Cuối tháng", "2024-02", "late_month", "2024-02-21", "2024-02-29"),
    # quarters, half years, years
    ("Quý IV/2023", "2023-11", "quarter", "2023-10-01", "2023-12-31"),
    ("Quý I năm 2024", "2023-11", "quarter", "2024-01-01", "2024-03-31"),
    ("Trong quý 3", "2023-08", "quarter", "2023-07-01", "2023-09-30"),
    ("6 tháng đầu năm", "2024-03", "half_year", "2024-01-01", "2024-06-30"),
    ("6 tháng cuối năm 2023", "2023-11", "half_year", "2023-07-01", "2023-12-31"),
    ("Năm 2024", "2023-11", "year", "2024-01-01", "2024-12-31"),
    ("Trong năm 2023", "2023-11", "year", "2023-01-01", "2023-12-31"),
    # ranges
    ("Từ ngày 01/11 đến 15/11/2023", "2023-11", "range", "2023-11-01", "2023-11-15"),
    ("01-03/12/2023", "2023-11", "range", "2023-12-01", "2023-12-03"),
    ("Từ ngày 28/12/2023 đến ngày 05/01/2024", "2023-12", "range", "2023-12-28", "2024-01-05"),
    ("Từ 01/11/2023 - 15/11/2023", "2023-11", "range", "2023-11-01", "2023-11-15"),
    ("Từ ngày 20 đến ngày 25/11/2023", "2023-11", "range", "2023-11-20", "2023-11-25"),
    ("Từ 28/12 đến 03/01/2024", "2023-12", "range", "2023-12-28", "2024-01-03"),
    ("Từ tháng 10 đến tháng 12/2023", "2023-10", "range", "2023-10-01", "2023-12-31"),
    # recurring: the window is the programme's month
    ("Hàng tuần", "2023-11", "recurring", "2023-11-01", "2023-11-30"),
    ("Hằng tuần", "2023-11", "recurring", "2023-11-01", "2023-11-30"),
    ("Thứ 5 hàng tuần", "2023-11", "recurring", "2023-11-01", "2023-11-30"),
    ("Thứ Hai hằng tuần", "2023-11", "recurring", "2023-11-01", "2023-11-30"),
    ("Ngày 20 hàng tháng", "2023-11", "recurring", "2023-11-01", "2023-11-30"),
    ("Thường xuyên", "2023-11", "recurring", "2023-11-01", "2023-11-30"),
    ("Hằng ngày", "2023-11", "recurring", "2023-11-01", "2023-11-30"),
    # what cannot be read is unknown, never dropped
    ("Theo kế hoạch", "2023-11", "unknown", None, None),
    ("Khi có yêu cầu", "2023-11", "unknown", None, None),
    ("31/11/2023", "2023-11", "unknown", None, None),
    ("Cuối năm 2023", "2023-11", "unknown", None, None),
    ("", "2023-11", "unknown", None, None),
    ("20/11", None, "unknown", None, None),  # no year and no programme month
    ("Trong tháng", None, "unknown", None, None),
]


@pytest.mark.parametrize("text, month, kind, start, end", ROWS)
def test_parse(text, month, kind, start, end):
    deadline = parse_deadline(text, month)
    assert deadline.as_json() == {"kind": kind, "start": start, "end": end, "text": text}


RECURRENCES = [
    ("Hàng tuần", "WEEKLY", None, None),
    ("Thứ 5 hàng tuần", "WEEKLY", "TH", None),
    ("Thứ Hai hằng tuần", "WEEKLY", "MO", None),
    ("Chủ nhật hàng tuần", "WEEKLY", "SU", None),
    ("Ngày 20 hàng tháng", "MONTHLY", None, 20),
    ("Hằng tháng", "MONTHLY", None, None),
    ("Thường xuyên", "CONTINUOUS", None, None),
]


@pytest.mark.parametrize("text, freq, weekday, month_day", RECURRENCES)
def test_recurrence(text, freq, weekday, month_day):
    rule = parse_deadline(text, "2023-11").recurrence
    assert (rule.freq, rule.weekday, rule.month_day) == (freq, weekday, month_day)


# Every deadline of the November 2023 programme, read by hand.
SAMPLE = {
    "20/11/2023": ("on", "2023-11-20", "2023-11-20"),
    "29/11/2023": ("on", "2023-11-29", "2023-11-29"),
    "30/11/2023": ("on", "2023-11-30", "2023-11-30"),
    "17/11/2023": ("on", "2023-11-17", "2023-11-17"),
    "Ngày 21/11/2023": ("on", "2023-11-21", "2023-11-21"),
    "Ngày 15/11/2023": ("on", "2023-11-15", "2023-11-15"),
    "Trong tháng 11/2023": ("month", "2023-11-01", "2023-11-30"),
    "Trước ngày 25/11/2023": ("before", None, "2023-11-24"),
    "Trước ngày 20/11/2023": ("before", None, "2023-11-19"),
    "Trước ngày 30/11/2023": ("before", None, "2023-11-29"),
    "Trước 30/11/2023": ("before", None, "2023-11-29"),
    "Trước 10/11/2023": ("before", None, "2023-11-09"),
    "Phát hành trước 03/12/2023": ("before", None, "2023-12-02"),
    "Hàng tuần": ("recurring", "2023-11-01", "2023-11-30"),
    "Đầu tháng 11/2023": ("early_month", "2023-11-01", "2023-11-10"),
}


def test_every_sample_deadline_is_read():
    programme = load_programme(ROOT / "content" / "programmes" / "2023-11.yaml", ROOT)
    deadlines = {task.deadline for task in programme.tasks()}
    assert deadlines == set(SAMPLE)
    for text in deadlines:
        parsed = parse_deadline(text, programme.month)
        assert (parsed.kind, parsed.as_json()["start"], parsed.as_json()["end"]) == SAMPLE[text], text


def test_command_reads_stdin_and_prints_json_lines():
    lines = ["Trước ngày 25/11/2023", "Cuối tháng", "Theo kế hoạch", "", "20/12"]
    result = subprocess.run([sys.executable, "-m", "portal.cli", "deadline", "--month", "2023-12"],
                            input="\n".join(lines) + "\n", capture_output=True, text=True, cwd=ROOT,
                            encoding="utf-8")
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert out == [
        {"kind": "before", "start": None, "end": "2023-11-24", "text": "Trước ngày 25/11/2023"},
        {"kind": "late_month", "start": "2023-12-21", "end": "2023-12-31", "text": "Cuối tháng"},
        {"kind": "unknown", "start": None, "end": None, "text": "Theo kế hoạch"},
        {"kind": "unknown", "start": None, "end": None, "text": ""},
        {"kind": "on", "start": "2023-12-20", "end": "2023-12-20", "text": "20/12"},
    ]


def test_command_rejects_a_bad_month():
    result = subprocess.run([sys.executable, "-m", "portal.cli", "deadline", "--month", "11/2023"],
                            input="20/11\n", capture_output=True, text=True, cwd=ROOT, encoding="utf-8")
    assert result.returncode == 2 and "YYYY-MM" in result.stderr


# --- the labelled phrases of real forms, one class each (tests/fixtures/deadlines_labelled.yaml) ---
import datetime as _dt  # noqa: E402

import yaml  # noqa: E402
from conftest import FIXTURES  # noqa: E402

LABELLED = yaml.safe_load((FIXTURES / "deadlines_labelled.yaml").read_text(encoding="utf-8"))["phrases"]


def _iso(value):
    return value.isoformat() if isinstance(value, _dt.date) else value


@pytest.mark.parametrize("row", LABELLED, ids=[f"{row['class']}:{row['text'][:40]}" for row in LABELLED])
def test_labelled_phrase(row):
    month = row["month"].strftime("%Y-%m") if isinstance(row["month"], _dt.date) else row["month"]
    found = parse_deadline(row["text"], month).as_json()
    assert (found["kind"], found["start"], found["end"]) == (row["kind"], _iso(row["start"]), _iso(row["end"]))


def test_every_class_has_cases_and_the_script_reports_each():
    classes = {row["class"] for row in LABELLED}
    assert len(classes) >= 8
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "deadline_accuracy.py")], capture_output=True,
                            text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    for name in classes:
        assert f"{name} " in result.stdout
    assert "100.0%" in result.stdout.splitlines()[-1], result.stdout


def test_a_list_of_days_keeps_every_day():
    deadline = parse_deadline("Ngày 05; 12; 19; 26 (Thứ 3)", "2023-12")
    assert [d.isoformat() for d in deadline.dates] == ["2023-12-05", "2023-12-12", "2023-12-19", "2023-12-26"]
    assert not deadline.is_window and deadline.days == deadline.dates
    assert parse_deadline("ngày 6, 13 và 20/5", "2024-05").dates[0] == _dt.date(2024, 5, 6)


@pytest.mark.parametrize("text", [
    "Trước ngày 20/11 và 20/12", "Theo kế hoạch, báo cáo sau", "tháng 3, 6, 9",
    "Giai đoạn 2021 - 2025 và định hướng đến năm 2030", "Cuối năm", "Trước tuần 2 tháng 12",
])
def test_what_cannot_be_read_safely_is_unknown_never_a_wrong_date(text):
    assert parse_deadline(text, "2023-11").kind == "unknown"


@pytest.mark.parametrize("text, end", [
    ("Trước ngày 25/11/2023", "2023-11-24"), ("Chậm nhất ngày 25/11/2023", "2023-11-25"),
    ("Đến hết ngày 25/11/2023", "2023-11-25"), ("Trước tháng 12/2023", "2023-11-30"),
    ("Đến hết tháng 12/2023", "2023-12-31"), ("Trước năm 2025", "2024-12-31"), ("Đến năm 2025", "2025-12-31"),
    ("Trước quý IV/2023", "2023-09-30"), ("Chậm nhất quý IV/2023", "2023-12-31"), ("Trước 17 giờ ngày 24/11/2023", "2023-11-24"),
])
def test_before_ends_the_day_before_and_by_includes_the_day(text, end):
    assert parse_deadline(text, "2023-11").as_json()["end"] == end


def test_check_warns_of_a_year_far_after_the_programme(tmp_path):
    import shutil
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    month = content / "programmes" / "2023-11.yaml"
    text = month.read_text(encoding="utf-8")
    assert "Trước ngày 25/11/2023" in text
    month.write_text(text.replace("Trước ngày 25/11/2023", "Trước ngày 25/11/2203", 1), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "portal.cli", "check", "--content", str(content)],
                            capture_output=True, text=True, cwd=ROOT, encoding="utf-8")
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "2203" in line]
    assert len(warnings) == 1 and warnings[0].startswith("Cảnh báo: ") and "2023-11.yaml, dòng " in warnings[0]
    assert "gõ nhầm năm" in warnings[0]
