"""Built sites: related documents on both pages with the evidence task, one page per real document.

The sample's Kế hoạch 68-KH/TU and Chỉ thị 24-CT/TW link each other through task II.3; a small
generated archive cites one Party number of two terms with and without a date, and states
relations in its registry, which win over what its texts say.
"""
from __future__ import annotations

import json
import shutil
import sys

import pytest
import yaml
from conftest import ROOT, copy_project, mkdocs_build
from htmlpage import parse, text_of

sys.path.insert(0, str(ROOT / "scripts"))
from gen_archive import dump, generate_month  # noqa: E402

pytestmark = pytest.mark.build


def _related(page) -> dict[str, list[tuple[str, str, list[str]]]]:
    """Each group of «Văn bản liên quan»: its heading, and (document, link, evidence links) per item."""
    groups = {}
    for heading in page.xpath('//h2[@id="van-ban-lien-quan"]/following-sibling::h3'):
        items = heading.xpath('following-sibling::ul[1]/li[@class="refs-related-item"]')
        groups[text_of(heading)] = [(text_of(li.xpath('.//a[@class="refs-related-doc"]')[0]),
                                     li.xpath('.//a[@class="refs-related-doc"]/@href')[0],
                                     li.xpath('.//a[@class="refs-evidence-task"]/@href')) for li in items]
    return groups


def test_sample_plan_and_directive_link_both_ways_with_the_evidence_task(built_site):
    plan = parse(built_site / "directives" / "68-kh-tu" / "index.html")
    directive = parse(built_site / "directives" / "24-ct-tw" / "index.html")
    assert _related(plan) == {"Thực hiện văn bản (1)": [("Chỉ thị 24-CT/TW", "../24-ct-tw/",
                                                          ["../../programmes/2023-11/#II-3"])]}
    assert _related(directive) == {"Văn bản thực hiện (1)": [("Kế hoạch 68-KH/TU", "../68-kh-tu/",
                                                             ["../../programmes/2023-11/#II-3"])]}
    # the line under the title, which search results show of the page
    assert text_of(plan.xpath('//p[@class="refs-relations-summary"]')[0]) == "Kế hoạch 68-KH/TU thực hiện Chỉ thị 24-CT/TW."
    # the evidence opens the task's row, which cites both documents
    month = parse(built_site / "programmes" / "2023-11" / "index.html")
    hrefs = month.xpath('//tr[@id="II-3"]//a[@class="portal-ref"]/@href')
    assert hrefs == ["../../directives/68-kh-tu/", "../../directives/24-ct-tw/"]
    # the index shows the family
    index = parse(built_site / "directives" / "index.html")
    family = index.xpath('//ul[@class="refs-families"]/li')
    assert [text_of(li.xpath("a")[0]) for li in family] == ["Chỉ thị 24-CT/TW"]
    assert text_of(family[0].xpath("ul/li")[0]) == "Kế hoạch 68-KH/TU (thực hiện)"
    lines = index.xpath('//span[@class="refs-family-line"]')
    assert {text_of(line) for line in lines} == {"Văn bản thực hiện: Kế hoạch 68-KH/TU"}
    assert lines[0].xpath("a/@href") == ["68-kh-tu/"]


def test_sample_search_record_of_the_plan_says_what_it_implements(built_site):
    fields = json.loads((built_site / "search" / "index.json").read_text(encoding="utf-8"))["fields"]
    shown = []
    for path in sorted((built_site / "search" / "records").glob("*.json")):
        for row in json.loads(path.read_text(encoding="utf-8")):
            shown.append(dict(zip(fields, row)))
    plan = next(r for r in shown if r["href"] == "directives/68-kh-tu/")
    assert plan["text"].startswith("Kế hoạch 68-KH/TU thực hiện Chỉ thị 24-CT/TW.")
    directive = next(r for r in shown if r["href"] == "directives/24-ct-tw/")
    assert "được thực hiện bởi Kế hoạch 68-KH/TU" in directive["text"]


REGISTRY = {
    "directives": {
        "27-QĐi/TU": [
            {"type": "Quy định", "issuer": "Ban Thường vụ Tỉnh ủy", "date": "24/10/2015", "term": "khóa X",
             "title": "Kiểm soát quyền lực trong công tác cán bộ", "replaced_by": "27-QĐi/TU ngày 10/3/2021"},
            {"type": "Quy định", "issuer": "Ban Thường vụ Tỉnh ủy", "date": "10/3/2021", "term": "khóa XI",
             "title": "Kiểm soát quyền lực trong công tác cán bộ (thay thế)", "link": "pages/van-ban/27-QDi-TU-2021.pdf"},
        ],
        "12-KH/TU": {"type": "Kế hoạch", "issuer": "Ban Thường vụ Tỉnh ủy", "date": "2/2/2016",
                     "reviews": "27-QĐi/TU ngày 24/10/2015"},
        "05-CT/TW": {"type": "Chỉ thị", "issuer": "Bộ Chính trị", "date": "15/5/2016"},
    }
}

TEXTS = {
    "2016-03": [
        "Quán triệt Quy định số 27-QĐi/TU của Ban Thường vụ Tỉnh ủy đến các chi bộ",  # only the 2015 one existed
        # the text says «implements»; the registry says 12-KH/TU reviews it, and the registry wins
        "Triển khai Kế hoạch số 12-KH/TU ngày 2/2/2016 của Ban Thường vụ Tỉnh ủy về thực hiện Quy định số "
        "27-QĐi/TU ngày 24/10/2015 của Ban Thường vụ Tỉnh ủy",
    ],
    "2021-06": [
        "Tuyên truyền Quy định số 27-QĐi/TU ngày 10/3/2021 của Ban Thường vụ Tỉnh ủy",
        "Báo cáo kết quả thực hiện Quy định số 27-QĐi/TU",  # both existed by then: which one is unknown
        "Kế hoạch số 30-KH/TU ngày 5/6/2021 của Ban Thường vụ Tỉnh ủy về thực hiện Chỉ thị số 05-CT/TW và "
        "Kết luận số 01-KL/TW",  # a list after one verb: no relation
    ],
}


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    source = tmp_path_factory.mktemp("relations-src") / "content"
    programmes = source / "programmes"
    programmes.mkdir(parents=True)
    for month, texts in TEXTS.items():
        data = generate_month(3, int(month[:4]), int(month[5:]))
        tasks = data["sections"][0]["tasks"]
        for task in tasks:  # keep the generated citations out: only these sentences cite documents
            task["text"] = "Tổng hợp báo cáo công tác tuyên giáo của các phòng"
        for task, text in zip(tasks, texts):
            task["text"] = text
        for section in data["sections"][1:]:
            for task in section["tasks"]:
                task["text"] = "Theo dõi, tổng hợp tình hình dư luận xã hội"
        (programmes / f"{month}.yaml").write_text(dump(data), encoding="utf-8")
    shutil.copy(ROOT / "content" / "departments.yaml", source / "departments.yaml")
    shutil.copytree(ROOT / "content" / "pages", source / "pages")
    (source / "pages" / "van-ban").mkdir()
    (source / "pages" / "van-ban" / "27-QDi-TU-2021.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    (source / "directives.yaml").write_text(yaml.safe_dump(REGISTRY, allow_unicode=True), encoding="utf-8")
    project = copy_project(tmp_path_factory.mktemp("relations"), content=source)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


def _rows(page) -> list[str]:
    return page.xpath('//tr[contains(@class,"refs-task")]/@data-task')


def test_one_page_per_real_document_and_a_candidates_page(archive):
    pages = {p.name for p in (archive / "directives").iterdir() if p.is_dir()}
    assert {name for name in pages if name.startswith("27-")} == {"27-qdi-tu-2015", "27-qdi-tu-2021", "27-qdi-tu"}
    old = parse(archive / "directives" / "27-qdi-tu-2015" / "index.html")
    new = parse(archive / "directives" / "27-qdi-tu-2021" / "index.html")
    assert text_of(old.xpath("//h1")[0]) == "Quy định 27-QĐi/TU ngày 24/10/2015"
    assert _rows(old) == ["2016-03/I-2", "2016-03/I-1"] or sorted(_rows(old)) == ["2016-03/I-1", "2016-03/I-2"]
    assert _rows(new) == ["2021-06/I-1"]
    candidates = parse(archive / "directives" / "27-qdi-tu" / "index.html")
    assert candidates.xpath('//ul[contains(@class,"refs-candidates")]/li/a/@href') == ["../27-qdi-tu-2015/",
                                                                                     "../27-qdi-tu-2021/"]
    assert _rows(candidates) == ["2021-06/I-2"]
    # the undated citation links the candidates page from its month
    month = parse(archive / "programmes" / "2021-06" / "index.html")
    assert month.xpath('//tr[@id="I-2"]//a[@class="portal-ref"]/@href') == ["../../directives/27-qdi-tu/"]
    assert not any("chua-ro-ngay" in name for name in pages)


def test_registry_fields_and_stated_relations_win(archive):
    old = parse(archive / "directives" / "27-qdi-tu-2015" / "index.html")
    meta = text_of(old.xpath('//table[@class="refs-meta-table"]')[0])
    assert [text_of(td) for td in old.xpath('//tr[th="Khóa"]/td')] == ["X"]
    assert "Đã được thay thế bởi Quy định 27-QĐi/TU ngày 10/03/2021" in meta
    assert _related(old) == {
        "Được thay thế bởi (1)": [("Quy định 27-QĐi/TU ngày 10/03/2021", "../27-qdi-tu-2021/", [])],
        # the task's words say «implements»: not evidence of what the registry states instead
        "Văn bản sơ kết, tổng kết (1)": [("Kế hoạch 12-KH/TU", "../12-kh-tu/", [])],
    }
    assert "Thực hiện văn bản" not in text_of(parse(archive / "directives" / "12-kh-tu" / "index.html"))
    item = old.xpath('//li[@class="refs-related-item"]')[1]
    assert "Theo danh mục văn bản" in text_of(item)
    new = parse(archive / "directives" / "27-qdi-tu-2021" / "index.html")
    (full_text,) = new.xpath('//table[@class="refs-meta-table"]//a/@href')
    assert (archive / "directives" / "27-qdi-tu-2021" / full_text).resolve().read_bytes().startswith(b"%PDF")
    plan = parse(archive / "directives" / "30-kh-tu" / "index.html")
    assert not plan.xpath('//h2[@id="van-ban-lien-quan"]')  # a list after one verb relates nothing


def test_open_data_relations_match_the_pages(archive):
    data = json.loads((archive / "du-lieu" / "nhiem-vu.json").read_text(encoding="utf-8"))
    documents = {d["id"]: d for d in data["directives"]}
    assert documents["12-kh-tu"]["relations"] == [{"kind": "reviews", "target": "27-qdi-tu-2015",
                                                    "evidence": [], "stated": True}]
    assert documents["27-qdi-tu-2021"]["relations"] == [{"kind": "replaces", "target": "27-qdi-tu-2015",
                                                         "evidence": [], "stated": True}]
    assert all(r["target"] in documents for d in documents.values() for r in d["relations"])
