"""The built site: each month page links its Word document and prints on A4 landscape without the portal."""
from __future__ import annotations

import os
import re
import sys

import pytest
from conftest import ROOT
from htmlpage import parse

from portal.content.datafile import dump_programme
from portal.content.importers.docx import import_docx

pytestmark = pytest.mark.build

SAMPLE_FILE = ROOT / "content" / "programmes" / "2023-11.yaml"


@pytest.fixture(scope="module")
def month_page(built_site):
    return parse(built_site / "programmes" / "2023-11" / "index.html")


def _download(built_site, month_page):
    (href,) = month_page.xpath('//a[contains(@class,"portal-download")]/@href')
    target = (built_site / "programmes" / "2023-11" / href).resolve()
    return href, target


def test_month_page_links_its_word_document(built_site, month_page):
    href, target = _download(built_site, month_page)
    assert href.endswith(".docx") and target.is_file()
    assert target == (built_site / "tai-ve" / "chuong-trinh-2023-11.docx").resolve()


def test_downloaded_document_imports_back_to_the_month_file(built_site, month_page, tmp_path):
    _, target = _download(built_site, month_page)
    result = import_docx(target)
    assert result.problems == []
    # all of it but the signature's placeholder symbol («☐»), which the document does not print
    assert dump_programme(result.data) == SAMPLE_FILE.read_text(encoding="utf-8").replace("\n  mark: ☐\n", "\n")


def test_print_stylesheet_is_linked(month_page, built_site):
    styles = month_page.xpath('//link[@rel="stylesheet"]/@href')
    assert any(s.endswith("assets/stylesheets/print.css") for s in styles)
    assert "size: A4 landscape" in (built_site / "assets" / "stylesheets" / "print.css").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def printed(built_site):
    """The month page as Chromium prints it: visibility of the parts, and the PDF it makes."""
    playwright = pytest.importorskip("playwright.sync_api")
    sys.path.insert(0, str(ROOT / "scripts"))
    from screenshot import serve

    server, base = serve(str(built_site))
    try:
        with playwright.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=os.environ.get("PORTAL_CHROMIUM", "/usr/bin/chromium"),
                                        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            page = browser.new_page(viewport={"width": 1123, "height": 794})
            page.goto(base + "programmes/2023-11/")
            screen = {sel: page.is_visible(sel) for sel in (".md-header", ".portal-print-tools")}
            page.emulate_media(media="print")
            visible = {sel: page.is_visible(sel) for sel in (
                ".md-header", ".md-tabs", ".md-sidebar--primary", ".md-footer", ".portal-print-tools",
                "table.portal-tasks", ".portal-doc-header", ".portal-signature")}
            repeat = page.eval_on_selector("table.portal-tasks thead", "e => getComputedStyle(e).display")
            pdf = page.pdf(prefer_css_page_size=True)
            browser.close()
    finally:
        server.shutdown()
    return screen, visible, repeat, pdf


def test_on_screen_the_buttons_show(printed):
    screen, _, _, _ = printed
    assert screen == {".md-header": True, ".portal-print-tools": True}


def test_print_shows_the_document_without_the_portal(printed):
    _, visible, repeat, _ = printed
    assert visible == {".md-header": False, ".md-tabs": False, ".md-sidebar--primary": False, ".md-footer": False,
                       ".portal-print-tools": False, "table.portal-tasks": True, ".portal-doc-header": True,
                       ".portal-signature": True}
    assert repeat == "table-header-group"


def test_print_is_a4_landscape(printed):
    *_, pdf = printed
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert boxes
    for width, height in boxes:
        assert (round(float(width)), round(float(height))) == (842, 595)  # A4 in points, landscape
