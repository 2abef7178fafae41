"""Search as a reader uses it: the built sample site served on localhost, driven in headless Chromium."""
from __future__ import annotations

import json

import pytest
from conftest import BUILDER, ROOT
from siteserver import serve

from portal.content.departments import load_registry
from portal.content.loader import load_programme
from portal.outputs.search.tokens import query_words
from portal.text.richtext import strip_markup

pytestmark = [pytest.mark.build, pytest.mark.browser]

PROGRAMME = load_programme(ROOT / "content" / "programmes" / "2023-11.yaml", ROOT)
REGISTRY = load_registry(ROOT / "content")


@pytest.fixture(scope="module")
def site_url(built_site):
    with serve(built_site) as url:
        yield url


@pytest.fixture
def page(browser, site_url):
    """A fresh page on the site; fails the test if anything was requested from another host."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    tab = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    tab.on("request", lambda request: requests.append(request.url))
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.goto(site_url)
    yield tab
    context.close()
    outside = [url for url in requests if not url.startswith(site_url) and not url.startswith("data:")]
    assert outside == [], outside
    assert errors == []


def search(page, query: str) -> list[dict]:
    """Type ``query`` into the header's search box; the results as shown, in order."""
    page.click(".md-search__input")
    page.fill(".md-search__input", query)
    page.wait_for_function(
        "() => { const s = window.portalSearch;"
        " return s && s.root.getAttribute('data-portal-search-ready') === String(s.sequence); }")
    return page.evaluate("""() => [...document.querySelectorAll('.md-search-result__item')].map(item => ({
        title: item.querySelector('h1').textContent,
        kind: item.querySelector('.portal-search-kind').textContent,
        text: item.querySelector('.portal-search-text').textContent,
        marks: [...item.querySelectorAll('.portal-search-text mark')].map(m => m.textContent),
        href: item.querySelector('a').href,
    }))""")


def task_title(anchor: str) -> str:
    section, number = anchor.split("-")
    return f"{PROGRAMME.label} · {section}.{number}"


def titles(results: list[dict], count: int = 3) -> list[str]:
    return [result["title"] for result in results[:count]]


@pytest.mark.parametrize("query", ["24-CT/TW", "24-ct/tw", "24-CT", "Chỉ thị 24", "CT/TW 24", "chi thi 24"])
def test_directive_code_puts_its_page_then_citing_tasks_first(page, query):
    results = search(page, query)
    assert results, query
    assert results[0]["href"].endswith("/directives/24-ct-tw/") and results[0]["title"] == "Chỉ thị 24-CT/TW"
    assert task_title("II-3") in titles(results)


def test_code_finds_its_directive_then_its_task(page):
    results = search(page, "501-KL/TU")
    assert results[0]["href"].endswith("/directives/501-kl-tu/")
    assert task_title("I-3") in titles(results)
    (task,) = [r for r in results if r["title"] == task_title("I-3")]
    assert task["marks"] == ["501-KL/TU"]


@pytest.mark.parametrize("query, written, task", [
    ("ket luan", "kết luận", None),
    ("tinh uy", "tỉnh ủy", None),
    ("qdi/tu", "27-qđi/tu", "II-4"),
])
def test_typed_without_accents_finds_accented_text(page, query, written, task):
    results = search(page, query)
    assert len(results) >= 1
    for result in results[:3]:
        assert written in (result["title"] + " " + result["text"]).lower(), (query, result)
    if task:
        assert task_title(task) in titles(results)


def _tasks_where(predicate) -> list[str]:
    return [task_title(task.anchor) for task in PROGRAMME.tasks() if predicate(task)]


def _department_code(task) -> str:
    department = REGISTRY.resolve(task.lead)
    return department.code if department else task.lead


def _shows(result: dict, phrase: str) -> bool:
    return phrase.lower() in (result["title"] + " " + result["text"]).lower()


def test_lich_su_dang_finds_the_department_of_that_name(page):
    results = search(page, "lich su dang")
    led = _tasks_where(lambda t: _department_code(t) == "LLCT-LSĐ")
    assert results
    for result in results[:3]:
        assert result["title"] in led or _shows(result, "Lịch sử Đảng"), result


@pytest.mark.parametrize("query, code", [("LLCT", "LLCT-LSĐ"), ("TT-TT", "TT-TT")])
def test_department_codes(page, query, code):
    results = search(page, query)
    (department,) = [d for d in REGISTRY.departments if d.code == code]
    led = _tasks_where(lambda t: _department_code(t) == code or query.lower() in t.lead.lower())
    assert results
    for result in results[:3]:
        assert result["title"] in led or result["title"] == department.name or _shows(result, code), result


def test_status_words(page):
    results = search(page, "đang thực hiện")
    expected = _tasks_where(lambda t: t.status == "Đang thực hiện")
    count = page.inner_text("[data-portal-search-meta]")
    assert int(count.split()[0]) >= len(expected)
    view, *tasks = titles(results)  # the month-end report's counts by status answer first, then the tasks
    assert view.startswith("Kết quả theo tiến độ")
    assert set(tasks) <= set(expected)


def test_query_with_accents_prefers_exact_matches(page):
    """``đảng`` also matches ``Đang thực hiện`` in every task; the tasks naming the Party come first."""
    results = search(page, "Đảng")
    assert len(results) >= 3
    for result in results[:3]:
        assert _shows(result, "đảng"), result
        assert {mark.lower() for mark in result["marks"]} <= {"đảng"}, result  # «Đang thực hiện» is not marked


def click_result(page, title: str) -> None:
    page.locator(".md-search-result__item a", has=page.locator("h1", has_text=title)).first.click()


def test_result_is_titled_and_opens_the_task_anchor(page, site_url):
    results = search(page, "501-KL/TU")
    (task,) = [r for r in results if r["title"] == task_title("I-3")]
    assert task["href"] == site_url + "programmes/2023-11/#I-3"
    assert task["text"] == strip_markup(PROGRAMME.tasks()[2].text)
    click_result(page, task_title("I-3"))
    page.wait_for_url(site_url + "programmes/2023-11/#I-3")
    assert page.evaluate("document.querySelector(':target').id") == "I-3"


def test_result_on_the_same_page_closes_search_and_jumps(page, site_url):
    page.goto(site_url + "programmes/2023-11/")
    search(page, "qdi/tu")
    click_result(page, task_title("II-4"))
    page.wait_for_function("location.hash === '#II-4'")
    assert page.evaluate("document.getElementById('__search').checked") is False


def test_month_pages_are_results(page):
    results = search(page, "Tháng 11/2023")
    pages = [r for r in results if r["kind"] == "Chương trình tháng"]
    assert pages and pages[0]["href"].endswith("programmes/2023-11/")


def test_no_results_message_in_vietnamese(page):
    assert search(page, "xyzkhongco") == []
    assert page.inner_text("[data-portal-search-meta]") == "Không tìm thấy kết quả nào"


@pytest.mark.parametrize("query", ["24-CT/TW", "qđi/tu", "CT/TW 24", "chi thi 24", "(501-KL/TU),",
                                   "100 - KL/TW", "Đảng  ủy", "LLCT-LSĐ", ""])
def test_browser_rewrites_queries_as_the_index_expects(page, query):
    got = page.evaluate("async q => { await window.portalSearchText.ready(); return window.portalSearchText.queryWords(q); }",
                        query)
    assert got == query_words(query)


@pytest.mark.parametrize("query", ["c", "đ", "2 ", "ch", "KG", "chi", "chi t", "đang t", "tinh uy", "tinh uy ",
                                   "chi t ", "chi thi 2", "chi thi 24", "tuyên tru", "24-CT/TW", "CT/TW 24", "KL57",
                                   "Chỉ thị số 24", "Kết luận số 57 của Bộ Chính trị", "Quý 4", "quý IV/2023",
                                   "Nghị quyết Trung ương 8", "nghi quyet hoi nghi lan thu tam", "QĐ/TW", "27-QĐi/TU",
                                   "thang 11 nam 2023", "Chỉ thị 24 ngày 13/07/2013", "của các", "Ban Thường vụ Tỉnh uỷ",
                                   "(501-KL/TU),", "100 - KL/TW", ""])
@pytest.mark.parametrize("final", [False, True])
def test_browser_asks_the_index_what_the_python_reference_asks(page, query, final):
    """search.js ``parseQuery`` is tokens.parse_query: the same terms, matched the same way, and pairs."""
    from portal.outputs.search.tokens import parse_query

    expected = parse_query(query, final)
    got = page.evaluate("async ([q, f]) => { await window.portalSearchText.ready(); "
                        "return window.portalSearchText.parseQuery(q, f); }", [query, final])
    assert [(t["key"], t["typed"], t["prefix"], t["optional"], t["code"], t["width"]) for t in got["terms"]] == [
        (t.key, t.typed, t.prefix, t.optional, t.code, t.width) for t in expected.terms]
    assert got["pairs"] == expected.pair_keys()


def test_browser_vocabulary_is_the_python_one(page, built_site):
    """The browser reads the query words the build wrote from tokens.py; search.js has no copy of them."""
    from portal.outputs.search import tokens

    got = page.evaluate("() => window.portalSearchText.ready()")
    assert got["typeCodes"] == tokens.TYPE_CODES and got["typeWords"] == tokens.TYPE_WORDS
    assert got["canonicalTypes"] == tokens.CANONICAL_TYPES and set(got["fillers"]) == tokens.FILLER_WORDS
    assert got["roman"] == tokens.ROMAN and got["ordinals"] == tokens.ORDINAL_WORDS
    assert got == json.loads((built_site / "search" / "vocabulary.json").read_text(encoding="utf-8"))
    script = (built_site / "assets" / "javascripts" / "search.js").read_text(encoding="utf-8")
    for word in ("chi thi", "nghi quyet", "nhat", "xiv", "nhung", "qyd"):
        assert f'"{word}"' not in script and f"{word}:" not in script


def test_one_letter_query_answers_without_prefix_results(page):
    results = search(page, "q")
    meta = page.inner_text("[data-portal-search-meta]")
    assert results == [] and meta == "Gõ thêm chữ để tìm"
    assert search(page, "qdi/tu")  # the next keys search as usual


@pytest.fixture(scope="module")
def finely_chunked_url(built_site, tmp_path_factory):
    """The sample site with its index split into chunks of a few words each (many prefixes per letter)."""
    import shutil

    import portal.outputs.search.index as index_module
    import portal.outputs.search.records as search_module
    from portal.build.site import load_site

    folder = tmp_path_factory.mktemp("chunked") / "site"
    shutil.copytree(built_site, folder)
    records = search_module.build_records(load_site(ROOT / "content"), folder, "Chương trình công tác Tuyên giáo")
    original = index_module.CHUNK_BYTES
    index_module.CHUNK_BYTES = 300
    try:
        search_module.write_index(records, folder)
    finally:
        index_module.CHUNK_BYTES = original
    assert len(list(folder.glob("search/words/*.json"))) > 200
    with serve(folder) as url:
        yield url


# Measured in CI's Zensical run (06/12/2026): the finely chunked site finds 43 results for «tuyên tru»
# against 42 on the Zensical-built site: the two read the spans marked out of search differently (the
# same difference as test_records_from_rendered_pages_match_records_from_the_built_site). Not strict: under
# MkDocs and ProperDocs it passes, and the day Zensical agrees it passes there too.
@pytest.mark.xfail(BUILDER == "zensical", strict=False,
                   reason="Zensical's built pages keep text marked data-search-exclude in their search text")
def test_words_split_into_many_chunks_are_all_searched(browser, finely_chunked_url, built_site):
    context = browser.new_context()
    tab = context.new_page()
    tab.goto(finely_chunked_url)
    results = search(tab, "501-KL/TU")
    assert results[0]["href"].endswith("/directives/501-kl-tu/")
    assert task_title("I-3") in titles(results)
    # a prefix spanning several chunks finds what the site with whole chunks finds
    fine = titles(search(tab, "tuyên tru"), 10), tab.inner_text("[data-portal-search-meta]")
    context.close()
    context = browser.new_context()
    tab = context.new_page()
    with serve(built_site) as url:
        tab.goto(url)
        whole = titles(search(tab, "tuyên tru"), 10), tab.inner_text("[data-portal-search-meta]")
    context.close()
    assert fine == whole and len(fine[0]) == 10


def test_either_placement_of_the_tone_mark_is_the_same_word(page):
    """``uỷ`` (old placement) finds and highlights ``ủy`` as written, ranked as if typed the new way."""
    new_style = titles(search(page, "Tỉnh ủy"), 5)
    results = search(page, "Tỉnh uỷ")
    assert titles(results, 5) == new_style
    marks = {mark.lower() for result in results[:5] for mark in result["marks"]}
    assert "ủy" in marks and "tỉnh" in marks
