"""The built site: a page per directive listing its citing tasks, the index, links in task texts."""
from __future__ import annotations

import re

import pytest
from conftest import ROOT
from htmlpage import parse, text_of

from portal.content.loader import load_programme

pytestmark = pytest.mark.build

PROGRAMME = load_programme(ROOT / "content" / "programmes" / "2023-11.yaml", ROOT)


def _rows(page):
    return [row.get("data-task") for row in page.xpath('//tr[contains(@class,"refs-task")]')]


def test_directive_pages_list_their_citing_tasks(built_site):
    page = parse(built_site / "directives" / "24-ct-tw" / "index.html")
    assert text_of(page.xpath("//h1")[0]) == "Chỉ thị 24-CT/TW"
    assert _rows(page) == ["2023-11/II-3"]
    (link,) = page.xpath('//tr[@data-task="2023-11/II-3"]//a[@class="refs-task-link"]/@href')
    assert link == "../../programmes/2023-11/#II-3"
    meta = text_of(page.xpath('//table[@class="refs-meta-table"]')[0])
    assert "Bộ Chính trị" in meta and "13/07/2023" in meta and "Bảo đảm vững chắc an ninh quốc gia" in meta
    assert _rows(parse(built_site / "directives" / "501-kl-tu" / "index.html")) == ["2023-11/I-3"]


def test_no_page_for_numbers_that_are_not_documents(built_site):
    names = {p.name for p in (built_site / "directives").iterdir()}
    for number in ("35", "07", "86", "2"):
        assert not any(re.fullmatch(rf"(.*-)?{number}(-.*)?", name) and not re.match(r"\d", name) for name in names)
        assert number not in names
    assert len([n for n in names if n != "index.html"]) == 10


def test_month_page_links_each_citation_to_its_page(built_site):
    month = parse(built_site / "programmes" / "2023-11" / "index.html")
    links = month.xpath('//tr[@id="II-3"]/td[2]//a[@class="portal-ref"]')
    assert [(text_of(a), a.get("href")) for a in links] == [
        ("Kế hoạch số 68-KH/TU ngày 27/9/2023 của Ban Thường vụ Tỉnh ủy", "../../directives/68-kh-tu/"),
        ("Chỉ thị số 24-CT/TW ngày 13/7/2023 của Bộ Chính trị", "../../directives/24-ct-tw/"),
    ]
    all_refs = month.xpath('//a[@class="portal-ref"]/@href')
    assert len(all_refs) == 10  # ten citations in the sample, two of them in II.3
    for href in all_refs:
        target = built_site / "programmes" / "2023-11" / href / "index.html"
        assert target.resolve().exists(), href
    # the trap rows carry no citation link
    traps = ("Ban Chỉ đạo 35", "BCD 35", "Lữ đoàn 2", "Đoàn công tác số 2", "chi bộ 07 số")
    anchors = [task.anchor for task in PROGRAMME.tasks() if any(trap in task.text for trap in traps)]
    assert len(anchors) == 5
    for anchor in anchors:
        row = month.xpath(f'//tr[@id="{anchor}"]')
        assert row and not row[0].xpath('.//a[@class="portal-ref"]'), anchor


def test_index_groups_by_issuer_and_type_with_counts(built_site):
    index = parse(built_site / "directives" / "index.html")
    headings = [text_of(h) for h in index.xpath("//h3")]
    assert headings[:3] == ["Trung ương (5)", "Tỉnh ủy (4)", "Cơ quan nhà nước (1)"]
    assert "Chỉ thị (2)" in headings and "Kết luận (4)" in headings
    counts = index.xpath('//span[@class="refs-count"]/@data-count')
    assert set(counts) == {"1"} and len(counts) == 20
    nav = [text_of(a) for a in index.xpath('//nav[contains(@class,"md-tabs")]//a')]
    assert "Văn bản" in nav
