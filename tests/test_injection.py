"""Nothing injected: markup typed into any field shows as the literal text and changes no structure."""
from __future__ import annotations

import pytest
from conftest import copy_project, mkdocs_build
from htmlpage import parse, text_of

from portal.content.datafile import dump_programme
from portal.content.importers.text import import_text

pytestmark = pytest.mark.build

NASTY = [
    "<script>alert('x')</script>",
    "<img src=x onerror=alert(1)>",
    '<iframe src="http://example.invalid/"></iframe>',
    "[bấm vào đây](javascript:alert(1))",
    "![ảnh](http://example.invalid/a.png)",
    "<!-- chú thích ẩn -->",
    "{{ config.site_name }} {% if true %}x{% endif %}",
    "cột | giữa | ô",
    "# Tiêu đề giả",
    "---",
    "`mã` và ```khối```",
    "<a href=\"javascript:alert(1)\">liên kết</a>",
    "**đậm** _nghiêng_ &amp; &lt;",
    "<style>body{display:none}</style>",
]

HEADER = "Stt\tNội dung công việc\tPhòng chủ trì\tĐơn vị phối hợp\tThời gian hoàn thành\tTiến độ công việc"


def nasty_document() -> str:
    rows = ["I\t<b>Mục</b> {{ x }} | y\t\t\t\t"]
    for number, value in enumerate(NASTY, 1):
        rows.append(f"{number}\tViệc {value} cuối\tPhòng TT-TT {value}\t- Đơn vị {value}. - Đơn vị hai.\t"
                    f"Trong tháng 12/2023 {value}\tĐang thực hiện {value}")
    rows.append(f"{len(NASTY) + 1}\tViệc có <i>chữ nghiêng</i> và tab\tPhòng TT-TT\t\t30/12/2023\tXong")
    return ("BAN TUYÊN GIÁO <script>x</script>\nSố 9-CTr/BTGTU\nĐẢNG CỘNG SẢN VIỆT NAM\n"
            "Đồng Nai, ngày 1 tháng 12 năm 2023\nCHƯƠNG TRÌNH\nCông tác Tuyên giáo tháng 12/2023 <img src=x onerror=alert(2)>\n\n"
            + HEADER + "\n" + "\n".join(rows) +
            "\n\nĐoạn kết <script>alert(3)</script> | --- # x\n\nNơi nhận:\n- <iframe></iframe>\n\n"
            "**TRƯỞNG BAN**\n**Nguyễn <b>Văn</b> A**\n")


@pytest.fixture(scope="module")
def nasty_site(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("nasty"))
    result = import_text(nasty_document(), "nasty.txt")
    assert not result.errors, result.problems
    # a tab cannot travel through a tab-separated export: editors type it into the YAML file
    result.data["sections"][0]["tasks"][-1]["text"] += "\tgiữa"
    (project / "content" / "programmes" / "2023-12.yaml").write_text(dump_programme(result.data), encoding="utf-8")
    build = mkdocs_build(project)
    assert build.returncode == 0, build.stderr
    return project / "site", result.data


def test_import_keeps_every_string_literally(nasty_site):
    _, data = nasty_site
    tasks = data["sections"][0]["tasks"]
    for task, value in zip(tasks, NASTY):
        assert task["text"] == f"Việc {value} cuối"
        assert task["status"] == f"Đang thực hiện {value}"


def test_built_page_shows_literal_text_and_keeps_structure(nasty_site):
    site, _ = nasty_site
    page = parse(site / "programmes" / "2023-12" / "index.html")
    rows = page.xpath('//tr[contains(@class,"portal-task")]')
    assert len(rows) == len(NASTY) + 1
    for row, value in zip(rows, NASTY):
        cells = row.xpath("./td")
        assert len(cells) == 6
        expected = " ".join(value.split())
        assert text_of(cells[1]) == f"Việc {expected} cuối"
        assert text_of(cells[5].xpath('./span[contains(@class, "portal-status")]')[0]) == f"Đang thực hiện {expected}"
        assert expected in text_of(cells[2]) and expected in text_of(cells[4])
    content = page.xpath('//article')[0]
    assert content.xpath('.//script | .//iframe | .//img | .//style | .//b') == []
    assert [a for a in content.xpath('.//a/@href') if a.strip().lower().startswith("javascript")] == []
    assert not any("onerror" in el.attrib for el in page.iter() if isinstance(el.tag, str))
    assert "Nguyễn <b>Văn</b> A" in text_of(page.xpath('//td[@class="portal-signature"]')[0])


def test_italics_stay_italics(nasty_site):
    site, _ = nasty_site
    page = parse(site / "programmes" / "2023-12" / "index.html")
    row = page.xpath('//tr[contains(@class,"portal-task")]')[-1]
    assert [text_of(e) for e in row.xpath(".//em")] == ["chữ nghiêng"]
    assert text_of(row.xpath("./td")[1]) == "Việc có chữ nghiêng và tab giữa"


def test_no_injected_script_anywhere_in_the_site(nasty_site):
    site, _ = nasty_site
    for html in site.rglob("*.html"):
        root = parse(html)
        for script in root.xpath("//script[not(@src)]"):
            assert "alert" not in (script.text or ""), html
        assert root.xpath("//iframe") == [], html
        assert [e for e in root.iter() if isinstance(e.tag, str) and "onerror" in e.attrib] == [], html


def test_search_index_keeps_the_literal_text(nasty_site):
    import json

    site, _ = nasty_site
    fields = json.loads((site / "search" / "index.json").read_text(encoding="utf-8"))["fields"]
    contents = []
    for records in (site / "search" / "records").iterdir():
        contents += [row[fields.index("text")] for row in json.loads(records.read_text(encoding="utf-8"))]
    for value in NASTY:
        assert f"Việc {value} cuối" in contents, value


@pytest.mark.browser
def test_search_results_show_markup_as_text_and_run_nothing(nasty_site):
    from playwright.sync_api import sync_playwright
    from siteserver import CHROMIUM, CHROMIUM_ARGS, serve
    from test_search_browser import search

    site, _ = nasty_site
    dialogs: list[str] = []
    with serve(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(url + "programmes/2023-12/")
        results = search(page, "iframe")
        shown = page.evaluate("""() => [...document.querySelectorAll('.md-search-result')]
            .map(r => r.querySelectorAll('script, iframe, img, style').length)""")
        browser.close()
    texts = [r["text"] for r in results]
    assert "Việc <iframe src=\"http://example.invalid/\"></iframe> cuối" in texts
    assert shown and all(count == 0 for count in shown)
    assert dialogs == []
