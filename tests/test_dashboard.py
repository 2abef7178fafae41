"""The home page's numbers on a generated archive: counted again here from the YAML files."""
from __future__ import annotations

import re
import sys
from collections import Counter

import pytest
import yaml
from conftest import ROOT

from portal.build.site import load_site
from portal.indexes import dashboard
from portal.site.charts import month_category

sys.path.insert(0, str(ROOT / "scripts"))
from gen_archive import generate_archive  # noqa: E402


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    folder = tmp_path_factory.mktemp("archive")
    generate_archive(40, 3, folder)
    return folder / "content"


def _values(chart) -> dict[tuple[str, str], float]:
    found = {}
    for label, series, value in re.findall(r'data-label="([^"]*)" data-series="([^"]*)" data-value="([^"]*)"', chart.svg):
        found[(label, series)] = float(value)
    return found


def _tasks(content):
    for path in sorted((content / "programmes").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if data.get("restricted"):
            continue
        for section in data["sections"]:
            for task in section["tasks"]:
                if not task.get("restricted"):
                    yield str(data["month"]), task


def test_a_long_archive_is_counted_by_year(archive):
    site = load_site(archive)
    board = dashboard.build(site)
    assert board.per_year  # 40 months > 36
    per_year = Counter(month[:4] for month, _ in _tasks(archive))
    by_year: Counter = Counter()
    for (label, _), value in _values(board.archive).items():
        by_year[label.removeprefix("Năm ")] += value
    # every task has one lead or more: each year's columns add up to at least its tasks
    assert set(by_year) == set(per_year) and all(by_year[y] >= per_year[y] for y in per_year)
    assert [row[0] for row in board.done_share.rows] == [f"Năm {y}" for y in sorted(per_year)]


def test_the_latest_programme_by_lead(archive):
    site = load_site(archive)
    board = dashboard.build(site)
    latest = max(month for month, _ in _tasks(archive))
    tasks = [t for month, t in _tasks(archive) if month == latest]
    assert board.programme.month == latest and board.task_count == len(tasks)
    assert sum(_values(board.by_department).values()) >= len(tasks)
    statuses = Counter(t.get("status", "") for t in tasks)
    ongoing = sum(v for (_, s), v in _values(board.by_department).items() if s == dashboard.ONGOING)
    assert ongoing >= statuses["Đang thực hiện"]


def test_a_short_archive_is_counted_by_month(tmp_path):
    generate_archive(5, 2, tmp_path)
    board = dashboard.build(load_site(tmp_path / "content"))
    assert not board.per_year
    months = sorted({m for m, _ in _tasks(tmp_path / "content")})
    assert [row[0] for row in board.archive.rows] == [month_category(m).label for m in months]
    per_month = Counter(m for m, _ in _tasks(tmp_path / "content"))
    totals = {row[0]: int(row[-1].replace(".", "")) for row in board.archive.rows}
    assert all(totals[month_category(m).label] >= per_month[m] for m in months)


def test_status_groups():
    assert dashboard.status_group("Đã hoàn thành") == dashboard.DONE
    assert dashboard.status_group("Chưa hoàn thành") == dashboard.OTHER
    assert dashboard.status_group("Đang thực hiện") == dashboard.ONGOING
    assert dashboard.status_group("Thực hiện thường xuyên") == dashboard.REGULAR
    assert dashboard.status_group("  ") == dashboard.BLANK
