"""Every cell of a task table carries its column's name (``data-label``), for the phone layout.

Under 700 px each row becomes a card whose cells show their column's name from ``data-label``
(theme_overrides/assets/stylesheets/narrow.css). The names are written in the templates beside the
header's words; these tests read the built HTML and hold every cell's label to the header cell
above it, on the sample site and on an archive across a reorganisation (former departments,
«Trước đây» tables).
"""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import copy_project, mkdocs_build
from htmlpage import parse, text_of
from org_archive import make_content

pytestmark = pytest.mark.build


def _task_tables(site: Path):
    """(page, table) for every task table of every built page."""
    for path in sorted(site.rglob("*.html")):
        for table in parse(path).xpath('//table[contains(concat(" ", @class, " "), " portal-tasks ")]'):
            yield path.relative_to(site).as_posix(), table


def _column_names(table) -> list[str]:
    """The header row's words, one per column (a header cell spanning n columns counts n times)."""
    names = []
    for cell in table.xpath("./thead/tr[1]/th"):
        names += [text_of(cell)] * int(cell.get("colspan", "1"))
    return names


def _unlabelled_cells(site: Path) -> tuple[list[str], dict[str, int]]:
    """Cells whose data-label is missing or not their column's name; rows checked per column."""
    wrong, rows = [], {}
    for page, table in _task_tables(site):
        columns = _column_names(table)
        assert columns, (page, "task table without a header row")
        for row in table.xpath("./tbody/tr"):
            cells = row.xpath("./td")
            if len(cells) == 1 and int(cells[0].get("colspan", "1")) == len(columns):
                continue  # a full-width row (the preamble) has no column
            if row.xpath("./th"):
                continue  # a section's heading row
            for column in columns:
                rows[column] = rows.get(column, 0) + 1
            assert len(cells) == len(columns), (page, row.get("data-task"), len(cells), columns)
            for column, cell in zip(columns, cells):
                if cell.get("data-label") != column:
                    wrong.append(f"{page} {row.get('data-task') or text_of(cells[0])}: "
                                 f"{cell.get('data-label')!r} under {column!r}")
    return wrong, rows


def test_every_cell_of_the_sample_site_is_labelled_with_its_column(built_site):
    wrong, rows = _unlabelled_cells(built_site)
    assert wrong == []
    # the month page and a department's tasks; the departments index; a directive's tasks
    assert {"Phòng chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành", "Tiến độ",
            "Phòng", "Chủ trì", "Phối hợp", "Lịch (.ics)", "Tháng", "Mục, Stt"} <= set(rows)
    tasks = sum(len(parse(path).xpath("//table[contains(@class, 'portal-tasks')]//tr[@data-task]"))
                for path in built_site.rglob("*.html"))
    assert rows["Nội dung công việc"] == tasks > 0


def test_month_cells_name_who_leads_with_whom_by_when(built_site):
    month = parse(built_site / "programmes" / "2023-11" / "index.html")
    row = month.xpath("//tr[@data-task]")[0]
    assert [cell.get("data-label") for cell in row.xpath("./td")] == [
        "Stt", "Nội dung công việc", "Phòng chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành", "Tiến độ"]


@pytest.fixture(scope="module")
def reorganised_site(tmp_path_factory) -> Path:
    """An archive across the 2025 reorganisation: former departments and «Trước đây» tables."""
    content = make_content(tmp_path_factory.mktemp("org-content"))
    project = copy_project(tmp_path_factory.mktemp("org-labels"), content)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


def test_history_and_former_departments_are_labelled_too(reorganised_site):
    wrong, rows = _unlabelled_cells(reorganised_site)
    assert wrong == []
    assert {"Tên phòng khi đó · vai trò", "Trở thành"} <= set(rows), rows
