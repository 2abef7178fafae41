"""The month's cycle in full builds: a draft is in the internal site and never in the public one;
reports and task histories are reachable from the month page."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from portal.build.options import BuildOptions
from conftest import ROOT, copy_project, mkdocs_build
from htmlpage import parse, text_of
from portal.cli import main

DRAFT_URL = "programmes/2023-12"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """The sample with a few statuses recorded and next month drafted (``draft: true``)."""
    project = copy_project(tmp_path_factory.mktemp("cycle"))
    content = str(project / "content")
    assert main(["status", "2023-11", "I.1", "Hoàn thành", "--date", "2023-11-18", "--content", content]) == 0
    assert main(["status", "2023-11", "III.4", "Chuyển sang tháng sau", "--content", content]) == 0
    assert main(["draft", "2023-12", "--content", content]) == 0
    return project


@pytest.fixture(scope="module")
def public(project) -> Path:
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.fixture(scope="module")
def internal(project) -> Path:
    copy = project.parent / "internal"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("site"))
    result = mkdocs_build(copy, {"PORTAL_INCLUDE_RESTRICTED": "1"}, site_dir="site-internal")
    assert result.returncode == 0, result.stderr
    return copy / "site-internal"


def every_file(site: Path):
    for path in site.rglob("*"):
        if path.is_file():
            yield path


@pytest.mark.build
def test_public_site_has_no_trace_of_the_draft(public, internal):
    assert not (public / DRAFT_URL).exists()
    assert not (public / "tai-ve" / "chuong-trinh-2023-12.docx").exists()
    for path in every_file(public):
        if path.suffix in (".html", ".json", ".ics", ".xml"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert DRAFT_URL not in text, path
            assert 'data-task="2023-12/' not in text, path
            assert not re.search(r'class="portal-draft(-mark)?"', text), path
    months = text_of(parse(public / "programmes" / "index.html"))
    assert "Tháng 12/2023" not in months


@pytest.mark.build
def test_internal_site_shows_the_draft_with_its_banner(internal):
    page = parse(internal / DRAFT_URL / "index.html")
    (banner,) = page.xpath('//*[contains(concat(" ", @class, " "), " portal-draft ")]')
    assert text_of(banner).startswith("Dự thảo")
    assert "(dự thảo)" in page.findtext(".//title")
    assert len(page.xpath('//tr[@data-task]')) == 47  # November's 48 less I.1, done
    assert (internal / "tai-ve" / "chuong-trinh-2023-12.docx").exists()
    (mark,) = parse(internal / "programmes" / "index.html").xpath('//*[contains(@class, "portal-draft-mark")]')
    assert "Dự thảo" in text_of(mark)
    feed = (internal / "lich" / "tat-ca.ics").read_text(encoding="utf-8")
    assert DRAFT_URL in feed.replace("\r\n ", "")
    # the home page still leads with the issued programme
    home = parse(internal / "index.html")
    latest = home.xpath('//div[contains(@class, "portal-latest")]//h2/a')[0]
    assert "Tháng 11/2023" in text_of(latest)
    # and its charts are of that month too, never of the draft beside the published list
    captions = " ".join(text_of(c) for c in home.xpath("//figure//figcaption | //svg/title"))
    assert "tháng 11/2023" in captions and "tháng 12/2023" not in captions


@pytest.mark.build
def test_draft_rows_link_to_the_task_history(internal):
    page = parse(internal / DRAFT_URL / "index.html")
    # I.1 was done and dropped: December's I.1 is November's monthly I.2 (same text once the
    # month is masked: a recurring duty, not carried), December's I.2 is November's I.3 carried
    # over (carried_from)
    for december, november, note in (("I-1", "I-2", "việc định kỳ, có ở 2 tháng"), ("I-2", "I-3", "đã có từ T11/2023")):
        row = page.xpath(f'//tr[@id="{december}"]')[0]
        (link,) = row.xpath('.//*[contains(@class, "portal-since")]/a')
        assert text_of(link) == note
        href, anchor = link.get("href").split("#")
        history = (internal / DRAFT_URL / href / "index.html").resolve()
        assert history == (internal / "lich-su" / "hc-th-kg-vh-vn" / "2023" / "index.html").resolve()
        rows = parse(history).xpath(f'//section[@id="{anchor}"]//tr[@data-task]')
        assert [r.get("data-task") for r in rows] == [f"2023-12/{december}", f"2023-11/{november}"]
        # the status as recorded that month (the overdue mark after it is the build day's)
        statuses = [text_of(r.xpath("td")[5]).removesuffix(" Quá hạn").removesuffix(" Sắp đến hạn") for r in rows]
        assert statuses == ["Đang thực hiện", "Đang thực hiện"]
    first = parse(internal / "programmes" / "2023-11" / "index.html").xpath('//tr[@id="I-2"]')[0]
    assert text_of(first.xpath('.//*[contains(@class, "portal-since")]/a')[0]) == "việc định kỳ, có ở 2 tháng"
    done = parse(internal / "programmes" / "2023-11" / "index.html").xpath('//tr[@id="I-1"]')[0]
    assert not done.xpath('.//*[contains(@class, "portal-since")]')


@pytest.mark.build
def test_month_page_links_to_its_report(public):
    page = parse(public / "programmes" / "2023-11" / "index.html")
    (link,) = page.xpath('//a[contains(@class, "portal-report-link")]')
    report = (public / "programmes" / "2023-11" / link.get("href") / "index.html").resolve()
    assert report == (public / "bao-cao" / "2023-11" / "index.html").resolve()
    root = parse(report)
    assert "Kết quả thực hiện Chương trình công tác tháng 11/2023" in text_of(root.xpath("//h1")[0])
    assert len({row.get("data-task") for row in root.xpath("//tr[@data-task]")}) == 48  # overdue ones twice
    done = root.xpath('//h3[@id="hoan-thanh"]/following-sibling::div[1]//tr[@data-task]')
    assert [r.get("data-task") for r in done] == ["2023-11/I-1"]
    assert [text_of(td) for td in done[0].xpath("td")][-2:] == ["18/11/2023", "Đúng hạn"]
    carried = root.xpath('//h3[@id="chuyen-thang-sau"]/following-sibling::div[1]//tr[@data-task]')
    assert [r.get("data-task") for r in carried] == ["2023-11/III-4"]  # the draft is not public: only the status


@pytest.mark.build
def test_internal_report_links_carried_tasks_to_the_draft(internal):
    root = parse(internal / "bao-cao" / "2023-11" / "index.html")
    carried = root.xpath('//h3[@id="chuyen-thang-sau"]/following-sibling::div[1]//tr[@data-task]')
    assert len(carried) > 30
    links = carried[0].xpath("td[last()]/a")
    assert links and DRAFT_URL in links[0].get("href")


@pytest.mark.build
def test_preview_shows_drafts_without_restricted_content(project, tmp_path):
    project = Path(shutil.copytree(project, tmp_path / "preview", ignore=shutil.ignore_patterns("site")))
    months = project / "content" / "programmes"
    november = months / "2023-11.yaml"
    text = november.read_text(encoding="utf-8")
    november.write_text(text.replace("    status: Thực hiện thường xuyên\n",
                                     "    status: Thực hiện thường xuyên\n    restricted: true\n", 1), encoding="utf-8")
    try:
        # the options ``make serve`` builds with (a preview asking for drafts), as a one-off build
        preview = BuildOptions(preview=True, drafts_requested=True).to_json()
        result = mkdocs_build(project, {"PORTAL_BUILD_OPTIONS": preview})
        assert result.returncode == 0, result.stderr
        site = project / "site"
        assert (site / DRAFT_URL / "index.html").exists()
        assert not parse(site / "programmes" / "2023-11" / "index.html").xpath('//tr[@id="III-3"]')
    finally:
        november.write_text(text, encoding="utf-8")


def test_export_prints_the_draft_for_signing(project, tmp_path, capsys):
    import docx

    out = tmp_path / "du-thao.docx"
    assert main(["export", "2023-12", "--docx", str(out), "--content", str(project / "content")]) == 0
    document = docx.Document(str(out))
    assert any("tháng 12/2023" in p.text for p in document.paragraphs)
    assert len(document.tables[1].rows) == 1 + 1 + 3 + 47  # header, preamble, three sections, the tasks


def test_serve_target_includes_drafts():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    serve = makefile.split("\nserve:")[1].split("\n\n")[0]
    assert "PORTAL_INCLUDE_DRAFTS=1" in serve and "scripts/serve.py" in serve
    from portal.build import builders
    from portal.build.options import BuildOptions

    assert BuildOptions.from_environment({"PORTAL_INCLUDE_DRAFTS": "1"}).include_drafts is False
    assert BuildOptions.from_environment({"PORTAL_INCLUDE_DRAFTS": "1"}, preview=True).include_drafts is True
    assert builders.serve_command("mkdocs", ROOT / "mkdocs.yml")[2:4] == ["mkdocs", "serve"]


@pytest.mark.build
def test_deadline_and_department_pages_count_by_status(public):
    timeline = parse(public / "thoi-han" / "2023-11" / "index.html")
    (counts,) = timeline.xpath('//p[contains(@class, "deadlines-counts")]')
    assert text_of(counts) == ("Tiến độ: Đang thực hiện: 45 · Chuyển sang tháng sau: 1 · Hoàn thành: 1 · "
                               "Thực hiện thường xuyên: 1")
    department = parse(public / "phong-ban" / "hc-th-kg-vh-vn" / "index.html")
    (counts,) = department.xpath('//p[contains(@class, "deadlines-counts")]')
    assert text_of(counts) == "Tiến độ các nhiệm vụ chủ trì: Đang thực hiện: 8 · Hoàn thành: 1"
    (row,) = department.xpath('//table[contains(@class, "deadlines-led")]//tr[@data-task="2023-11/I-1"]')
    assert (row.get("data-end"), row.get("data-done")) == ("2023-11-20", "1")
