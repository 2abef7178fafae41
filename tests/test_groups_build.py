"""A grouped programme on the site: group rows as in the document, sub-numbered tasks, anchors, a --strict build."""
from __future__ import annotations

import copy

import pytest
from conftest import copy_project, mkdocs_build
from htmlpage import parse, text_of
from test_import_layouts import JUNE_2024

from portal.content.datafile import dump_programme

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def june_page(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("grouped"))
    (project / "content" / "programmes" / "2024-06.yaml").write_text(dump_programme(copy.deepcopy(JUNE_2024)),
                                                                      encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    page = parse(project / "site" / "programmes" / "2024-06" / "index.html")
    page.home = parse(project / "site" / "index.html")
    return page


def test_home_page_links_each_section_of_a_grouped_month_to_its_row(june_page):
    """The newest month is the grouped one: its sections on the home page open their own rows."""
    links = [href for href in june_page.home.xpath("//a/@href") if href.startswith("programmes/2024-06/#muc-")]
    ids = set(june_page.xpath("//tr[contains(@class, 'portal-section')]/@id"))
    assert links and {href.split("#", 1)[1] for href in links} <= ids


def test_group_rows_stand_above_their_sections_as_in_the_document(june_page):
    rows = june_page.xpath("//table[contains(@class,'portal-tasks')]/tbody/tr")
    heads = [(row.get("class"), text_of(row)) for row in rows if row.get("class") in ("portal-group", "portal-section")]
    assert heads == [
        ("portal-group", "A CÔNG TÁC TUYÊN GIÁO"), ("portal-section", "I Công tác tuyên truyền"),
        ("portal-section", "II Công tác lý luận chính trị - lịch sử Đảng"),
        ("portal-group", "B CÔNG TÁC DÂN VẬN"), ("portal-section", "I Công tác dân vận của hệ thống chính trị"),
        ("portal-section", "II Công tác tôn giáo, dân tộc")]


def test_every_task_has_its_own_anchor_and_the_number_the_document_prints(june_page):
    tasks = june_page.xpath("//tr[contains(@class,'portal-task')]")
    anchors = [row.get("id") for row in tasks]
    assert len(anchors) == 11 and len(set(anchors)) == 11
    numbers = {row.get("id"): text_of(row.xpath("td")[0]) for row in tasks}
    assert numbers["A-II-1-1"] == "1.1" and numbers["B-I-1a"] == "a)" and numbers["B-II-1"] == "1"
    sections = [row.get("id") for row in june_page.xpath("//tr[contains(@class,'portal-section')]")]
    assert sections == ["muc-A-I", "muc-A-II", "muc-B-I", "muc-B-II"]
