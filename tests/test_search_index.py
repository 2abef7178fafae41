"""Search words, records and the index files: table-driven tests, and the records of the sample site."""
from __future__ import annotations

import pytest
from conftest import BUILDER, ROOT

from portal.build.site import load_site
from portal.outputs.search.index import IndexedRecord, chunk_of, chunk_words, record_forms, record_terms, write_index
from portal.outputs.search.records import SearchRecord, listing_pages, page_records, task_records, visible_text
from portal.outputs.search.tokens import (compound_code, compound_keys, compound_runs, compounds, compounds_in,
                                         parse_query, query_words, sequence_codes, type_name)


@pytest.mark.parametrize("text, expected", [
    ("thực hiện Chỉ thị số 24-CT/TW ngày 13/7/2023", ["24-CT/TW", "13/7/2023"]),
    ("Quy định số 27-QĐi/TU", ["27-QĐi/TU"]),
    ("Kết luận 100 - KL/TW, ngày 18/8/2014", ["100-KL/TW", "18/8/2014"]),
    ("Phòng TT-TT", ["TT-TT"]),
    ("Công văn 105-CV/BTG&DV.", ["105-CV/BTG&DV"]),
    ("Nghị định 30/2020/NĐ-CP", ["30/2020/NĐ-CP"]),
    ("Biên Hòa - Những dấu ấn", []),
    ("Ban Chỉ đạo 35", []),
    ("Kế hoạch số 68-KH/TU và CV 12/BTG&DV", ["68-KH/TU", "12/BTG&DV"]),
    ("TỉnhủyQĐ-TW nămA/B", ["TỉnhủyQĐ-TW", "nămA/B"]),  # a compound is the whole word, never a tail of it
    ("&x-y a_b/c", ["&x-y", "a_b/c"]),
    ("24-CT/TW/", ["24-CT/TW"]),
    ("-a-b", ["a-b"]),
    ("năm 2023\t-\tKL/TW và 5 -x", ["2023-KL/TW"]),  # spaced by a tab; a hyphen spaced on one side only
])
def test_compounds(text, expected):
    assert compounds(text) == expected
    assert list(compounds_in(text, text.split())) == expected  # word by word, as the index finds them


def test_line_forms_words_are_those_of_the_whole_line():
    """The index splits a line at spaces and takes each word's tokens once a process: the same
    tokens, lower-cased, as ``\\w+`` over the whole line lower-cased (odd spaces, a final sigma
    beside a space, joined words, a compound written twice)."""
    import re

    from portal.outputs.search.index import _line_forms
    from portal.text.fold import fold
    for line in ["Chỉ thị 24-CT/TW\u00a0và\u2003KL/TW,(ngày) 13/7", "ΟΔΟΣ\u3000ΟΔΟΣ ΣΑ ΑΣ\tΣ", "a_b&c--d e/f/g 24-CT/TW 24-CT/TW",
                 "Phòng TT-TT\x1cBan\x85Đảng"]:
        counted, words, _ = _line_forms.__wrapped__(line)
        tokens = re.findall(r"\w+", line.lower())
        assert words == len(tokens)
        assert [form for form, _, _ in counted][:len(set(tokens))] == list(dict.fromkeys(tokens))
        assert all(key == fold(form) for form, key, _ in counted)


@pytest.mark.parametrize("compound, expected", [
    ("24-CT/TW", ["24cttw", "24ct", "cttw", "24", "ct", "tw"]),
    ("27-QĐi/TU", ["27qdtu", "27qd", "qdtu", "27", "qd", "tu"]),  # QĐi and QĐ are one type
    ("08-QĐi/TW", ["8qdtw", "8qd", "qdtw", "8", "qd", "tw"]),  # numbers without leading zeros
    ("13/07/2023", ["1372023", "137", "72023", "13", "7", "2023"]),
    ("IV/2023", ["42023", "4", "2023"]),  # a quarter in Roman numerals before a year
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


def test_compound_runs_leave_single_parts_to_the_words():
    assert compound_runs("24-CT/TW") == ["24cttw", "24ct", "cttw"]
    assert compound_runs("TT-TT") == ["tttt"]


def test_record_forms_are_words_as_written_plus_code_runs_and_type_names():
    forms, length = record_forms([("Lịch sử Đảng; Quy định số 27-QĐi/TU", 1.0)])
    assert forms["đảng"] == 1.0 and forms["qđi"] == 1.0 and forms["27"] == 1.0
    assert forms["27qdtu"] == 1.0 and forms["qdtu"] == 1.0 and forms["27qd"] == 1.0
    assert forms["qd27"] == 1.0  # the code word of «Quy định số 27» and «27-QĐi/TU», once
    assert forms["quy"] == 1.5 and forms["định"] == 1.5  # written once, and named by the code at half weight
    assert length == 9  # the words written: Lịch sử Đảng Quy định số 27 QĐi TU


def test_record_terms_fold_every_form_to_one_key():
    terms, _ = record_terms([("Đảng ủy; đang thực hiện; Uỷ ban", 1.0), ("BTG&DV", 0.5)])
    assert terms["dang"][0] == 2.0 and sorted(terms["dang"][1]) == ["đang", "đảng"]
    assert sorted(terms["uy"][1]) == ["uỷ", "ủy"]
    assert terms["btg&dv"][0] == 0.5 and terms["btg"][0] == 0.5


@pytest.mark.parametrize("query, expected", [
    ("24-CT/TW", "24cttw"), ("24-ct/tw", "24cttw"), ("24-CT", "24ct"), ("CT/TW 24", "cttw 24"),
    ("qdi/tu", "qdtu"), ("QĐi/TU", "qdtu"), ("QĐ/TU", "qdtu"), ("Chỉ thị 24", "Chỉ thị 24"), ("chi thi 24", "chi thi 24"),
    ("(501-KL/TU),", "501kltu"), ("100 - KL/TW", "100kltw"), ("  đang   thực hiện ", "đang thực hiện"),
    ("", ""),
])
def test_query_words(query, expected):
    assert query_words(query) == expected


def test_every_query_form_of_a_code_meets_a_word_of_the_text():
    """What the browser sends for a code is a prefix of a word the citing text is indexed under."""
    indexed, _ = record_terms([("thực hiện Chỉ thị số 24-CT/TW ngày 13/7/2023 của Bộ Chính trị", 1.0)])
    for query in ("24-CT/TW", "24-ct/tw", "24-CT", "CT/TW", "CT/TW 24", "chi thi 24"):
        for word in query_words(query).split():
            assert any(key.startswith(word.lower()) for key in indexed), (query, word)


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
    terms, _ = record_terms(record.indexed().parts)
    assert "24cttw" in terms and "chi" in terms and "thi" in terms


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


def test_a_task_record_shows_its_text_and_info_and_its_title_weighs_as_text():
    record = SearchRecord(url="programmes/2023-11/#I-1", title="Tháng 11/2023 · I.1", text="<i>x</i> & Đảng",
                          kind="Nhiệm vụ", extra="Phòng TT-TT", meta={"info": "Phòng TT-TT"}, heading=False)
    indexed = record.indexed()
    assert indexed.shown == {"title": "Tháng 11/2023 · I.1", "href": "programmes/2023-11/#I-1",
                             "text": "<i>x</i> & Đảng", "kind": "Nhiệm vụ", "info": "Phòng TT-TT"}
    assert indexed.heading == ""
    assert [weight for _, weight in indexed.parts] == [1.0, 1.0, 0.2]


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
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "index.html").write_text("<html><body>x</body></html>", encoding="utf-8")
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
    assert "24" not in record_terms(record.indexed().parts)[0]
    assert "programmes/" in listing_pages(site)


@pytest.mark.build
# Measured when this test first ran under Zensical (it was unmarked, so CI never ran it there): the
# Zensical-built report page keeps in its search text the summary paragraph marked
# data-search-exclude, which the rendered page (and the index the Zensical route writes from it)
# leaves out. Strict: the day the two agree, this fails and the mark goes.
@pytest.mark.xfail(BUILDER == "zensical", strict=True,
                   reason="Zensical's built page keeps a data-search-exclude paragraph in the search text")
def test_records_from_rendered_pages_match_records_from_the_built_site(built_site):
    """The index is written beside the build from the rendered pages: it must say what the built pages say."""
    from conftest import ROOT

    from portal.build.site import load_site, render_pages
    from portal.outputs.search.records import page_kinds, rendered_page_records, static_pages

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


@pytest.mark.parametrize("sizes, limit, expected", [
    ({"an": 5, "ba": 5}, 100, [("", ["an", "ba"])]),
    ({"an": 60, "ba": 60}, 100, [("a", ["an"]), ("b", ["ba"])]),
    ({"t": 10, "th": 50, "tha": 50, "thi": 50, "to": 10}, 100,
     [("t", ["t"]), ("th", ["th"]), ("tha", ["tha"]), ("thi", ["thi"]), ("to", ["to"])]),
    ({"dang": 500}, 100, [("dang", ["dang"])]),  # a word bigger than the limit gets a chunk of its own
    ({}, 100, [("", [])]),
])
def test_chunks_split_by_a_longer_prefix_until_small(sizes, limit, expected):
    assert chunk_words(sizes, limit) == expected


@pytest.mark.parametrize("key, expected", [("thang", "tha"), ("th", "th"), ("t", "t"), ("to", "to"),
                                           ("tu", "t"), ("x", None)])
def test_a_word_lives_in_the_chunk_of_its_longest_prefix(key, expected):
    assert chunk_of(key, ["t", "th", "tha", "thi", "to"]) == expected


@pytest.mark.parametrize("values", [[], [0], [7, 12, 0], [2**31, 2**32 + 5, 1], list(range(-3, 300, 7))])
def test_postings_are_written_as_json_writes_them(values):
    from portal.outputs.search.index import _int_list, _json

    assert _int_list(values) == _json(values)


def test_postings_are_written_alike_when_the_number_memo_starts_again():
    """The numbers' texts are memoised up to a bound: past it the memo is emptied mid-list."""
    from portal.outputs.search.index import _INT_TEXTS, _int_list, _json

    values = list(range(_INT_TEXTS.limit + 1000)) + [3, 2**40]
    assert _int_list(iter(values)) == _json(values)
    assert len(_INT_TEXTS) <= _INT_TEXTS.limit


def _postings(folder, key):
    """The records, scores and forms of ``key`` as search.js decodes them."""
    import json

    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    number = index["chunks"].index(chunk_of(key, index["chunks"]))
    forms, flat, titled = json.loads((folder / "words" / f"{number}.json").read_text(encoding="utf-8"))[key]
    in_title = dict(zip(titled[::3], titled[1::3]))
    title_words = dict(zip(titled[::3], titled[2::3]))
    found, record = {}, 0
    for start in range(0, len(flat), 3):
        record += flat[start]
        written = [form for bit, form in enumerate(forms) if flat[start + 2] >> bit & 1]
        title = [form for bit, form in enumerate(forms) if in_title.get(record, 0) >> bit & 1]
        found[record] = (flat[start + 1], written, title)
    return found, title_words


def test_index_files_give_back_each_word_s_records_forms_and_scores(tmp_path, monkeypatch):
    import json

    import portal.outputs.search.index as index_module

    monkeypatch.setattr(index_module, "CHUNK_BYTES", 60)
    records = [IndexedRecord([("Chỉ thị 24-CT/TW", 3.0)], {"title": "Chỉ thị 24-CT/TW", "href": "d/"},
                             heading="Chỉ thị 24-CT/TW"),
               IndexedRecord([("Thực hiện Chỉ thị 24-CT/TW của Đảng", 1.0), ("Đang thực hiện", 0.2)],
                             {"title": "T · I.1", "href": "t/#I-1", "whole": "1"})]
    records += [IndexedRecord([(f"việc số {n}", 1.0)], {"title": str(n)}) for n in range(40)]
    folder = tmp_path / "search"
    assert write_index(records, folder) == 42
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    assert index["records"] == 42 and len(index["chunks"]) > 3 and index["recordsPerFile"] == 16
    assert len(list((folder / "records").iterdir())) == 3
    dang, _ = _postings(folder, "dang")
    assert set(dang) == {1} and sorted(dang[1][1]) == ["đang", "đảng"] and dang[1][2] == []
    code, title_words = _postings(folder, "24cttw")
    assert set(code) == {0, 1} and code[0][0] > code[1][0] and title_words == {0: 5}  # Chỉ thị 24 CT TW
    assert code[0][2] == ["24cttw"] and code[1][2] == []  # the title has it: only the page gets the title score
    named, _ = _postings(folder, "ct24")  # «Chỉ thị 24-CT/TW»: one code word
    assert set(named) == {0, 1}
    pairs = json.loads((folder / "pairs" / "0.json").read_text(encoding="utf-8")) if len(index["pairChunks"]) == 1 else {}
    if pairs:
        assert "chi thi" in pairs
    chi, _ = _postings(folder, "chi")
    assert chi[0][1] == ["chỉ"]
    rows = json.loads((folder / "records" / "0.json").read_text(encoding="utf-8"))
    assert rows[1] == ["t/#I-1", "T · I.1", "", "", "", "1"] and index["fields"][0] == "href"


@pytest.mark.parametrize("compound, expected", [
    ("24-CT/TW", "ct24"), ("05-CT/TW", "ct5"), ("27-QĐi/TU", "qd27"), ("27/QĐ-UBND", "qd27"),
    ("30/2020/NĐ-CP", "nd30"), ("27/CT-TTg", "ct27"), ("2094-CV/BTGTU", "cv2094"), ("1066/UBND-VXNV", ""),
    ("13/7/2023", ""), ("TT-TT", ""), ("LLCT-LSĐ", ""),
])
def test_the_code_word_of_a_document_code(compound, expected):
    assert compound_code(compound) == expected


@pytest.mark.parametrize("words, expected", [
    ("chi thi so 24", [(0, 4, "ct24")]), ("chi thi 24", [(0, 3, "ct24")]), ("kl57", [(0, 1, "kl57")]),
    ("ct 05", [(0, 2, "ct5")]), ("quy dinh 08", [(0, 3, "qd8")]), ("quyet dinh so 15", [(0, 4, "qd15")]),
    ("nghi quyet 8", [(0, 3, "nq8")]), ("nghi quyet trung uong 8", [(0, 5, "nqtw8")]),
    ("nghi quyet hoi nghi lan thu tam ban chap hanh trung uong", [(0, 7, "nqtw8")]),
    ("nghi quyet hoi nghi lan thu tam ban chap hanh dang bo tinh", [(0, 7, "nq8")]),  # not the centre's
    ("nghi quyet hoi nghi trung uong 6 khoa xii", [(0, 7, "nqtw6")]), ("nq tw 4", [(0, 3, "nqtw4")]),
    ("quy iv", [(0, 2, "quy4")]), ("quy 2", [(0, 2, "quy2")]), ("quy 5", []),
    ("thang 11 nam 2023", [(0, 4, "112023")]), ("thang 3 2017", [(0, 3, "32017")]),
    ("thuc hien chi thi va ket luan", []), ("ban chi dao 35", []), ("doan cong tac so 2", []),
    ("nghi quyet trung uong nam 2023", []),  # «năm» is a number word only after «lần thứ»
])
def test_sequence_codes_name_documents_quarters_and_months(words, expected):
    assert sequence_codes(words.split()) == expected


def test_sequence_codes_skip_only_words_that_start_no_code():
    """The words the scan passes over without trying (most words; ``cong``, ``bao``, ``de`` unless
    the second word of a type name follows) are words a code cannot start at: for every two words of
    type names, type codes and a few others, followed by a number (or ``số`` and a number), the scan
    finds what trying every word finds."""
    from portal.outputs.search.tokens import TYPE_CODES, TYPE_WORDS, _code_at

    def every_start(tokens):
        found, i = [], 0
        while i < len(tokens):
            span = _code_at(tokens, i)
            if span:
                found.append(span)
            i = span[1] if span else i + 1
        return found

    words = sorted({word for name in TYPE_WORDS for word in name.split()} | set(TYPE_CODES) | {
        "so", "24", "iv", "thang", "quy", "tac", "dam", "ct24", "trung", "uong"})
    for first in words:
        for second in words:
            for tail in (["24"], ["so", "24"], []):
                tokens = ["ve", first, second, *tail]
                assert sequence_codes(tokens) == every_start(tokens), tokens


@pytest.mark.parametrize("query, final, expected", [
    # (key, prefix, optional) of each term
    ("Chỉ thị số 24", False, [("ct24", False, False)]),
    ("KL57", True, [("kl57", True, False)]),  # no space after: it may begin a longer word
    ("KL57 ", True, [("kl57", False, False)]),
    ("QĐ/TW ", True, [("qdtw", False, False)]),
    ("Kết luận số 57 của Bộ Chính trị", True, [("kl57", False, False), ("cua", False, True), ("bo", False, True),
                                              ("chinh", False, True), ("tri", True, True)]),
    ("chi t", False, [("chi", False, False)]),  # while typing, a last word of one character waits
    ("chi t", True, [("chi", False, False), ("t", False, False)]),  # and counts once typing stops
    ("Quý 4", False, [("quy4", False, False)]),  # unless it ends a code word: at once
    ("Nghị quyết 8", True, [("nq8", False, False)]),
    ("Nghị quyết Trung ương 8", True, [("nqtw8", False, False)]),
    ("tuyên tru", False, [("tuyen", False, False), ("tru", True, False)]),
    ("tuyên truyền ", False, [("tuyen", False, False), ("truyen", False, False)]),
    ("báo cáo của các phòng", True, [("bao", False, False), ("cao", False, False), ("cua", False, True),
                                     ("cac", False, True), ("phong", True, False)]),
    ("của các ", True, [("cua", False, False), ("cac", False, False)]),  # only filler words: all required
])
def test_parse_query(query, final, expected):
    assert [(t.key, t.prefix, t.optional) for t in parse_query(query, final).terms] == expected


def test_pairs_are_consecutive_plain_words():
    query = parse_query("Ban Thường vụ Tỉnh ủy 24-CT/TW", final=True)
    assert query.pair_keys() == ["ban thuong", "thuong vu", "vu tinh", "tinh uy"]


def test_term_pages_are_named_by_their_codes_and_year_pages_grouped(site):
    from portal.outputs.search.records import page_group, page_names, page_tasks

    names = page_names(site)
    assert "TT-TT" in names["phong-ban/tt-tt/"] and "LLCT-LSĐ" in names["phong-ban/llct-lsd/"]
    assert "directives/24-ct-tw/" not in names  # a directive's title is its code already
    assert page_group("phong-ban/tt-tt/2022/") == "phong-ban/tt-tt/" == page_group("phong-ban/tt-tt/")
    assert page_group("programmes/2023-11/") == "programmes/2023-11/"
    assert page_tasks(site)["directives/24-ct-tw/"] == 1 and page_tasks(site)["phong-ban/tt-tt/"] >= 24


def test_a_programme_s_footer_and_the_results_page_are_not_searched(tmp_path):
    page = tmp_path / "programmes" / "2023-11" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text('<html><head><title>Tháng 11/2023 - Cổng</title></head><body><article class="md-content__inner">'
                    '<p>Trên đây là Chương trình</p><table class="portal-doc-footer"><tr><td>Lưu Phòng HC-TH.</td>'
                    "</tr></table></article></body></html>", encoding="utf-8")
    results = tmp_path / "tim-kiem" / "index.html"
    results.parent.mkdir(parents=True)
    results.write_text('<html><head><title>Kết quả tìm kiếm - Cổng</title></head><body><article class="md-content__inner">'
                       "<h1>Kết quả tìm kiếm</h1><div data-portal-results-page><p>Nhập từ cần tìm</p></div>"
                       "</article></body></html>", encoding="utf-8")
    (record,) = page_records(tmp_path, "Cổng", {})
    assert record.url == "programmes/2023-11/" and record.text == "Trên đây là Chương trình"


def test_index_json_holds_groups_sections_and_priors(tmp_path):
    import json

    records = [IndexedRecord([("Phòng A", 3.0)], {"title": "Phòng A"}, heading="Phòng A", group="p/a/", prior=80.4),
               IndexedRecord([("Phòng A: năm 2022", 3.0)], {"title": "Phòng A: năm 2022"}, heading="Phòng A: năm 2022",
                             group="p/a/"),
               IndexedRecord([("Trang B", 3.0)], {"title": "B"}, heading="Trang B", group="b/"),
               IndexedRecord([("việc một", 1.0)], {"title": "T1"}, section="Tháng 11/2023"),
               IndexedRecord([("việc hai", 1.0)], {"title": "T2"}, section="Tháng 11/2023"),
               IndexedRecord([("việc ba", 1.0)], {"title": "T3"}, section="Tháng 10/2023")]
    write_index(records, tmp_path / "search")
    index = json.loads((tmp_path / "search" / "index.json").read_text(encoding="utf-8"))
    assert index["format"] == 2 and index["groups"] == [[0, 1]]  # a group of one is no group
    assert index["sections"] == [[3, "Tháng 11/2023"], [5, "Tháng 10/2023"]]
    assert index["priors"] == [0, 80]
    pairs = {}
    for number in range(len(index["pairChunks"])):
        pairs.update(json.loads((tmp_path / "search" / "pairs" / f"{number}.json").read_text(encoding="utf-8")))
    assert "phong a" in pairs and "viec mot" in pairs and "a nam" in pairs


def test_a_central_resolution_is_filed_under_both_code_words():
    from portal.outputs.search.tokens import broader_codes, compound_codes

    assert compound_codes("35-NQ/TW") == ["nq35", "nqtw35"] and compound_codes("4-NQ/TU") == ["nq4"]
    assert broader_codes("nqtw8") == ["nqtw8", "nq8"] and broader_codes("ct24") == ["ct24"]
    terms, _ = record_terms([("Nghị quyết Hội nghị lần thứ tám Ban Chấp hành Trung ương Đảng khóa XIII", 1.0)])
    assert "nqtw8" in terms and "nq8" in terms


def test_writing_an_index_leaves_the_callers_garbage_collectable(tmp_path):
    """The index pauses the collector while it writes; afterwards a cycle the caller dropped before is
    still freed by a collection (a frozen heap would keep it for the process's life: pytest, the
    preview's thread, ``portal render --search``)."""
    import gc
    import weakref

    class Node:
        pass

    cycle = Node()
    cycle.self = cycle  # type: ignore[attr-defined]
    alive = weakref.ref(cycle)
    del cycle
    write_index([IndexedRecord([("Tuyên truyền Chỉ thị 24-CT/TW", 1.0)], {"title": "a"})], tmp_path / "search")
    gc.collect()
    assert alive() is None
