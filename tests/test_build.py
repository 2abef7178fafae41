"""Full ``mkdocs build --strict`` of the bundled content, asserted on the built HTML."""
from __future__ import annotations

import datetime as dt

import re

import pytest
from conftest import ROOT, copy_project, mkdocs_build
from htmlpage import external_references, parse, text_of

from portal.content.loader import load_programme
from portal.text.richtext import strip_markup

pytestmark = pytest.mark.build

PROGRAMME = load_programme(ROOT / "content" / "programmes" / "2023-11.yaml", ROOT)


@pytest.fixture(scope="module")
def month_page(built_site):
    return parse(built_site / "programmes" / "2023-11" / "index.html")


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_every_task_row_with_its_six_cells(month_page):
    # the status cell: the status as written, then the overdue / due-soon mark of the build day the page names
    from portal.site.tracking import track

    asof = text_of(month_page.xpath('//*[@data-asof]')[0])
    day = dt.datetime.strptime(re.search(r"\d{2}/\d{2}/\d{4}", asof)[0], "%d/%m/%Y").date()
    for task in PROGRAMME.tasks():
        (row,) = month_page.xpath(f'//tr[@id="{task.anchor}"]')
        cells = row.xpath("./td")
        assert len(cells) == 6, task.anchor
        number, text, lead, units, deadline, status = (text_of(c) for c in cells)
        assert number == task.number
        assert text == _norm(strip_markup(task.text))
        assert lead == task.lead
        assert units == _norm(" ".join(task.coordinators))
        assert deadline == task.deadline
        (word,) = cells[5].xpath('./span[contains(@class, "portal-status")]')
        assert text_of(word) == task.status
        assert status == _norm(task.status + " " + track(task, day).mark_label)


def test_anchor_links_point_at_their_row(month_page):
    anchors = month_page.xpath('//tr[contains(@class,"portal-task")]//a[@class="portal-anchor"]/@href')
    assert len(anchors) == 48 and "#II-3" in anchors
    ids = month_page.xpath('//tr[contains(@class,"portal-task")]/@id')
    assert len(set(ids)) == 48


def test_sections_and_preamble(month_page):
    sections = [text_of(r) for r in month_page.xpath('//tr[contains(@class,"portal-section")]')]
    assert sections == ["I Tổng hợp, Khoa giáo, Văn hóa, Văn nghệ", "II Lý luận Chính trị - Lịch sử Đảng",
                        "III Thông tin - Tuyên truyền"]
    assert text_of(month_page.xpath('//tr[@class="portal-preamble"]')[0]) == "Tham mưu, đề xuất trên các lĩnh vực:"


def test_header_title_closing_recipients_and_signer(month_page):
    header = text_of(month_page.xpath('//table[@class="portal-doc-header"]')[0])
    for part in ("TỈNH ỦY ĐỒNG NAI", "BAN TUYÊN GIÁO", "Số [so]-CTr/BTGTU", "ĐẢNG CỘNG SẢN VIỆT NAM",
                 "Đồng Nai, ngày [ng] tháng [th] năm 2023"):
        assert part in header
    assert month_page.xpath('//span[@class="portal-placeholder"]/text()') == ["[so]", "[ng]", "[th]"]
    assert text_of(month_page.xpath('//h1')[0]) == "CHƯƠNG TRÌNH Công tác Tuyên giáo tháng 11/2023"
    assert text_of(month_page.xpath('//p[@class="portal-closing"]')[0]).startswith("Trên đây là Chương trình")
    recipients = [text_of(li) for li in month_page.xpath('//td[@class="portal-recipients"]//li')]
    assert recipients == ["Các đồng chí Lãnh đạo Ban,", "Các phòng trực thuộc Ban,", "Lưu Phòng HC-TH."]
    signature = text_of(month_page.xpath('//td[@class="portal-signature"]')[0])
    assert signature == "K/T TRƯỞNG BAN PHÓ TRƯỞNG BAN ☐ Nguyễn Thị Hồng Trang"


def test_units_list_and_italics(month_page):
    units = month_page.xpath('//tr[@id="I-7"]/td[4]//li')
    assert [text_of(li) for li in units] == ["BTG các huyện ủy, thành ủy, đảng ủy trực thuộc tỉnh.",
                                             "Các đơn vị có liên quan."]
    (em,) = month_page.xpath('//tr[@id="III-16"]/td[2]//em')
    assert text_of(em) == "Phục vụ Dự hội nghị Tổng kết công tác DLXH năm 2023 tại tỉnh Nam Định"


def test_home_page_shows_latest_month_and_list(built_site):
    home = parse(built_site / "index.html")
    assert "Tháng 11/2023" in text_of(home.xpath('//div[@class="portal-latest"]')[0])
    links = home.xpath('//div[@class="portal-months"]//a/@href')
    assert links == ["programmes/2023-11/"]
    assert home.xpath('//html/@lang') == ["vi"]


def test_no_request_leaves_the_server(built_site):
    pages = list(built_site.rglob("*.html"))
    assert len(pages) >= 4
    for page in pages:
        assert external_references(parse(page)) == [], page
    for css in built_site.rglob("*.css"):
        assert not re.search(r"@import\s+url\(\s*['\"]?https?:|fonts\.googleapis", css.read_text(errors="ignore")), css


def test_interface_strings_are_vietnamese(built_site):
    html = (built_site / "index.html").read_text(encoding="utf-8")
    assert "Initializing search" not in html and "Đang chuẩn bị tìm kiếm" in html
    assert "Made with" not in html


def test_content_error_stops_the_build_before_writing(tmp_path):
    project = copy_project(tmp_path)
    month = project / "content" / "programmes" / "2023-11.yaml"
    month.write_text(month.read_text(encoding="utf-8").replace("deadline: 20/11/2023", "deadline: 31/11/2023", 1),
                     encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert "content/programmes/2023-11.yaml, dòng" in result.stderr and "31/11/2023" in result.stderr
    assert not (project / "site").exists()
