"""Search keywords and records: table-driven tests of the folding, and the records of the sample site."""
from __future__ import annotations

import pytest

from portal.search import (SearchRecord, listing_pages, page_records, record_html, shards, task_records,
                           visible_text)
from portal.searchtokens import compound_keys, compounds, keywords, query_words, type_name
from portal.site import load_site

from conftest import ROOT


@pytest.mark.parametrize("text, expected", [
    ("thực hiện Chỉ thị số 24-CT/TW ngày 13/7/2023", ["24-CT/TW", "13/7/2023"]),
    ("Quy định số 27-QĐi/TU", ["27-QĐi/TU"]),
    ("Kết luận 100 - KL/TW, ngày 18/8/2014", ["100-KL/TW", "18/8/2014"]),
    ("Phòng TT-TT", ["TT-TT"]),
    ("Công văn 105-CV/BTG&DV.", ["105-CV/BTG&DV"]),
    ("Nghị định 30/2020/NĐ-CP", ["30/2020/NĐ-CP"]),
    ("Biên Hòa - Những dấu ấn", []),
    ("Ban Chỉ đạo 35", []),
])
def test_compounds(text, expected):
    assert compounds(text) == expected


@pytest.mark.parametrize("compound, expected", [
    ("24-CT/TW", ["24cttw", "24ct", "cttw", "24", "ct", "tw"]),
    ("27-QĐi/TU", ["27qditu", "27qdi", "qditu", "27", "qdi", "tu"]),
    ("TT-TT", ["tttt", "tt"]),
])
def test_compound_keys_are_every_run_of_parts_folded(compound, expected):
    assert compound_keys(compound) == expected


@pytest.mark.parametrize("compound, expected", [
    ("24-CT/TW", "Chỉ thị"), ("501-KL/TU", "Kết luận"), ("27-QĐi/TU", "Quy định"),
    ("30/2020/NĐ-CP", "Nghị định"), ("68-KH/TU", "Kế hoạch"), ("TT-TT", ""), ("13/7/2023", ""),
    ("1066/UBND-VXNV", ""),
])
def test_type_name_of_a_document_code(compound, expected):
    assert type_name(compound) == expected


def test_keywords_fold_d_and_expand_codes():
    words = keywords("Lịch sử Đảng; Quy định số 27-QĐi/TU của Ban Thường vụ Tỉnh ủy")
    assert "dang" in words and "qdi" in words and "27qditu" in words and "qditu" in words
    assert "Quy định" in words
    assert "lich" not in words  # Pagefind folds every other accent by itself


def test_keywords_of_text_without_d_or_codes_are_empty():
    assert keywords("Báo cáo công tác tuyên giáo năm 2023 và nhiệm vụ trọng tâm năm 2024.") == []


@pytest.mark.parametrize("query, expected", [
    ("24-CT/TW", "24cttw"), ("24-ct/tw", "24cttw"), ("24-CT", "24ct"), ("CT/TW 24", "cttw 24"),
    ("qdi/tu", "qditu"), ("QĐi/TU", "qditu"), ("Chỉ thị 24", "Chỉ thị 24"), ("chi thi 24", "chi thi 24"),
    ("(501-KL/TU),", "501kltu"), ("100 - KL/TW", "100kltw"), ("  đang   thực hiện ", "đang thực hiện"),
    ("", ""),
])
def test_query_words(query, expected):
    assert query_words(query) == expected


def test_every_query_form_of_a_code_meets_a_keyword_of_the_text():
    """What the browser sends for a code is a prefix of a keyword of any text citing it."""
    indexed = keywords("thực hiện Chỉ thị số 24-CT/TW ngày 13/7/2023 của Bộ Chính trị")
    for query in ("24-CT/TW", "24-ct/tw", "24-CT", "CT/TW"):
        word = query_words(query)
        assert any(key.startswith(word) for key in indexed), query


@pytest.fixture(scope="module")
def site():
    return load_site(ROOT / "content")


def test_one_record_per_task_titled_by_month_and_number(site):
    records = task_records(site)
    assert len(records) == len(site.tasks()) == 48
    by_title = {record.title: record for record in records}
    record = by_title["Tháng 11/2023 · II.3"]
    assert record.url == "programmes/2023-11/#II-3"
    assert "24-CT/TW" in record.text and record.kind == "Nhiệm vụ"
    assert "Lý luận Chính trị - Lịch sử Đảng" in record.extra  # its section
    assert "Phòng Lý luận chính trị - Lịch sử Đảng" in record.extra  # its lead's full name
    assert "24cttw" in record.content() and "Chỉ thị" in record.content()


def test_restricted_tasks_are_not_records(tmp_path):
    import shutil

    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    month = content / "programmes" / "2023-11.yaml"
    text = month.read_text(encoding="utf-8")
    month.write_text(text.replace("  - number: '1'\n", "  - number: '1'\n    restricted: true\n", 1), encoding="utf-8")
    public = [record.url for record in task_records(load_site(content))]
    internal = [record.url for record in task_records(load_site(content, include_restricted=True))]
    assert "programmes/2023-11/#I-1" not in public and "programmes/2023-11/#I-1" in internal


def test_record_html_escapes_everything_and_keeps_display_data_as_meta():
    record = SearchRecord(url="programmes/2023-11/#I-1", title="Tháng 11/2023 · I.1",
                          text='<script>alert("x")</script> & Đảng', kind="Nhiệm vụ", heading=False)
    html = record_html(record)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert '<span data-pagefind-meta="href">programmes/2023-11/#I-1</span>' in html
    assert '<p data-pagefind-meta="title">' in html  # a task's title weighs as text, not a heading
    assert "<p>dang " in html or "<p>dang</p>" in html  # the keyword line


def test_page_records_leave_out_listed_tasks_and_the_home_page(tmp_path):
    page = tmp_path / "programmes" / "2023-11" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text(
        "<html><head><title>Tháng 11/2023 - Cổng</title></head><body><nav>Menu</nav>"
        '<article class="md-content__inner"><h1>CHƯƠNG TRÌNH</h1><p>Phần đầu</p><div>Đồng Nai</div>'
        '<table class="portal-tasks"><tr><th>II</th><th>Mục</th></tr><tr data-task="2023-11/II-1"><td>Nhiệm vụ</td></tr>'
        '</table><ul><li data-task="2023-11/II-2">Việc</li></ul><p>Đoạn kết</p></article></body></html>',
        encoding="utf-8")
    (tmp_path / "index.html").write_text("<html><body><article class='md-content__inner'>Trang chủ</article>"
                                         "</body></html>", encoding="utf-8")
    (tmp_path / "pagefind").mkdir()
    (tmp_path / "pagefind" / "index.html").write_text("<html><body>x</body></html>", encoding="utf-8")
    (record,) = page_records(tmp_path, "Cổng", {"programmes": "Chương trình tháng"})
    assert record.url == "programmes/2023-11/"
    assert record.title == "Tháng 11/2023" and record.kind == "Chương trình tháng"
    assert record.text == "Phần đầu Đồng Nai II Mục Đoạn kết"


def test_visible_text_keeps_blocks_apart():
    import lxml.html

    element = lxml.html.fromstring("<div><div>TỈNH ỦY</div><div>BAN <b>TUYÊN</b> GIÁO</div></div>")
    assert visible_text(element) == "TỈNH ỦY BAN TUYÊN GIÁO"


def test_listing_pages_are_indexed_by_title_and_first_paragraph(tmp_path, site):
    page = tmp_path / "directives" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text('<html><head><title>Văn bản - Cổng</title></head><body><article class="md-content__inner">'
                    "<h1>Văn bản</h1><p>10 văn bản được nêu.</p><ul><li>Chỉ thị 24-CT/TW</li></ul>"
                    "</article></body></html>", encoding="utf-8")
    (record,) = page_records(tmp_path, "Cổng", {}, {"directives/"})
    assert record.title == "Văn bản" and record.text == "10 văn bản được nêu."
    assert "24" not in record.content()
    assert "programmes/" in listing_pages(site)


def test_records_from_rendered_pages_match_records_from_the_built_site(built_site):
    """The index is written beside the build from the rendered pages: it must say what the built pages say."""
    from portal.search import page_kinds, rendered_page_records, static_pages
    from portal.site import load_site, render_pages

    from conftest import ROOT

    site = load_site(ROOT / "content")
    sources = [(p.src_uri, p.title, p.html()) for p in render_pages(site)]
    sources += static_pages(ROOT / "content" / "pages")
    kinds, listings = page_kinds(site), listing_pages(site)
    built = {r.url: (r.title, r.text, r.kind) for r in page_records(built_site, "Chương trình công tác Tuyên giáo",
                                                                   kinds, listings)}
    rendered = {r.url: (r.title, r.text, r.kind) for r in rendered_page_records(
        sources, "Chương trình công tác Tuyên giáo", kinds, listings)}
    assert len(built) > 10 and set(rendered) == set(built)
    for url, record in built.items():
        assert rendered[url] == record, url


@pytest.mark.parametrize("count, size, expected", [
    (0, 3, [0]), (3, 3, [3]), (4, 3, [2, 2]), (7, 3, [3, 3, 1]), (9, 3, [3, 3, 3]), (10, 4, [4, 4, 2]),
])
def test_shards_are_consecutive_groups_of_at_most_size(count, size, expected):
    records = [SearchRecord(url=f"{n}/", title=str(n), text="", kind="Trang") for n in range(count)]
    groups = shards(records, size)
    assert [len(group) for group in groups] == expected
    assert [record for group in groups for record in group] == records


def test_bundle_in_shards_lists_them_and_keeps_only_their_index(tmp_path, monkeypatch, site):
    import json

    import portal.search as search_module

    monkeypatch.setattr(search_module, "SHARD_RECORDS", 20)
    records = task_records(site)[:50]
    output = search_module.write_bundle(records, tmp_path / "pagefind")
    assert json.loads((output / "portal-shards.json").read_text()) == {"shards": ["shard-1", "shard-2"]}
    assert (output / "pagefind.js").exists()
    for name in ("shard-1", "shard-2"):
        shard = output / name
        entry = json.loads((shard / "pagefind-entry.json").read_text())
        assert entry["languages"]["vi"]["page_count"] in (16, 17)
        assert not (shard / "pagefind.js").exists() and list(shard.glob("*.pf_meta"))
