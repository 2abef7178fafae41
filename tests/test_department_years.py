"""A department's page per year: an earlier year's page shows that year alone, so the months of a new
year leave it as it was (a build that rewrites every year page of every department on New Year's
month rewrites, and sends to the server, the whole archive's department pages)."""
from __future__ import annotations

import sys

from conftest import ROOT
import lxml.html

from portal.build.site import load_site, render_pages

sys.path.insert(0, str(ROOT / "scripts"))
from gen_archive import generate_archive  # noqa: E402

EPOCH = 1700000000


def _department_pages(content) -> dict[str, str]:
    site = load_site(content, source_date_epoch=EPOCH)
    return {page.src_uri: page.markdown for page in render_pages(site) if page.src_uri.startswith("phong-ban/")}


def test_a_new_years_months_leave_the_earlier_years_department_pages_unchanged(tmp_path):
    written = generate_archive(18, seed=5, out_dir=tmp_path, start="2022-09")  # to 2024-02
    content = tmp_path / "content"
    with_new_year = _department_pages(content)
    for month_file in written:
        if month_file.stem.startswith("2024-"):
            month_file.unlink()
    before = _department_pages(content)

    earlier = [uri for uri in before if uri.endswith("/2022.md")]
    assert earlier, "the archive should have department pages of an earlier year"
    for uri in earlier:
        assert with_new_year[uri] == before[uri], uri
    # the year before the new one is now a page of its own, and the main pages list the new year
    assert any(uri.endswith("/2023.md") for uri in with_new_year)
    assert not any(uri.endswith("/2023.md") for uri in before)
    assert any('<p class="org-years">Theo năm: <strong>2024</strong>' in with_new_year[uri] for uri in before
               if uri.count("/") == 1)


def test_an_earlier_years_page_counts_its_year_and_links_the_year_before_and_the_main_page(tmp_path):
    generate_archive(30, seed=9, out_dir=tmp_path, start="2021-09")  # 2021 to 2024-02
    site = load_site(tmp_path / "content", source_date_epoch=EPOCH)
    pages = {page.src_uri: page for page in render_pages(site)}
    taxonomy = site.taxonomies["departments"]
    term = next(t for t in taxonomy.terms.values() if len(taxonomy.years(t)) == 4 and t.tasks("lead"))
    page = pages[taxonomy.year_page(term, "2022")]
    html = lxml.html.fromstring(page.html())
    years = html.xpath('//p[@class="org-years"]')[0]
    assert years.xpath("./strong/text()") == ["2022"]
    assert years.xpath("./a/text()") == ["2021", "Trang chính của phòng (mọi năm)"]
    led_2022 = [task for task in term.tasks("lead") if task.month.year_text == "2022"]
    joined_2022 = [task for task in term.tasks("coordinator") if task.month.year_text == "2022"]
    summary = html.xpath('//div[@class="deadlines-summary"]/p')[0]
    assert summary.text_content().startswith(f"Năm 2022: chủ trì {len(led_2022)} nhiệm vụ · Phối hợp {len(joined_2022)} nhiệm vụ")
    # the main page keeps the whole department: every year, every task counted
    main = lxml.html.fromstring(pages[taxonomy.term_page(term)].html())
    assert main.xpath('//p[@class="org-years"]/strong/text()') == ["2024"]
    assert main.xpath('//p[@class="org-years"]/a/text()') == ["2023", "2022", "2021"]
    assert main.xpath('//div[@class="deadlines-summary"]/p')[0].text_content().startswith(
        f"Chủ trì {len(term.tasks('lead'))} nhiệm vụ")
