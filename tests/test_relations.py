"""Documents that know each other: relations read from sentences, the registry's fields, one page per document.

Table-driven tests of :func:`portal.text.refs.find_relations` over the labelled sentences (the
same file ``scripts/relations_precision.py`` scores), the registry's new fields and their errors,
and how citations without a date resolve when several documents share a symbol.
"""
from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap

import pytest
import yaml
from conftest import FIXTURES, ROOT

from portal.content.directives import REPLACED, load_directives
from portal.content.errors import ContentError
from portal.content.model import Task
from portal.indexes.directives import Citation, Resolver, resolve
from portal.site.taxonomy import CandidatesTerm
from portal.text.refs import AMENDS, IMPLEMENTS, REPLACES, REVIEWS, find_references, find_relations

LABELLED = yaml.safe_load((FIXTURES / "relations_labelled.yaml").read_text(encoding="utf-8"))["sentences"]


def _norm(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("item", LABELLED, ids=[f"{item['class']}:{item['text'][:40]}" for item in LABELLED])
def test_labelled_sentence(item):
    found = [(r.kind, r.subject.text, r.object.text) for r in find_relations(item["text"])]
    expected = item["relations"] or []
    assert len(found) == len(expected), (item["text"], found)
    for wanted, (kind, subject, object_) in zip(expected, found):
        assert kind == wanted["kind"]
        assert _norm(wanted["subject"]) in _norm(subject) and _norm(wanted["object"]) in _norm(object_)


def test_labelled_set_covers_every_kind_and_its_traps():
    kinds = {r["kind"] for item in LABELLED for r in item["relations"]}
    assert kinds == {IMPLEMENTS, REPLACES, AMENDS, REVIEWS}
    traps = {item["class"] for item in LABELLED if not item["relations"]}
    assert {"danh_sach", "dong_trich_dan", "can_cu", "theo"} <= traps
    assert all(item.get("source") for item in LABELLED)


def test_precision_script_reports_each_kind():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "relations_precision.py")],
                            capture_output=True, text=True, cwd=ROOT, check=True)
    for kind in (IMPLEMENTS, REPLACES, AMENDS, REVIEWS):
        line = next(line for line in result.stdout.splitlines() if line.startswith(kind))
        assert "precision 1.000" in line
    last = result.stdout.strip().splitlines()[-1]  # «…: N đúng, 0 thừa, M thiếu; precision 1.000, recall R»
    assert "precision 1.000" in last and float(last.rsplit("recall ", 1)[1]) >= 0.95


@pytest.mark.parametrize("text, expected", [
    # the subject is the citation just before the cue, the cue's words are kept
    ("Kế hoạch số 68-KH/TU ngày 27/9/2023 của Ban Thường vụ Huyện ủy về việc thực hiện Chỉ thị số 24-CT/TW",
     [(IMPLEMENTS, "68-KH/TU", "24-CT/TW", "về việc thực hiện")]),
    # a chain of relations, each pair on its own
    ("Kế hoạch số 10-KH/BTGTU triển khai Kế hoạch số 68-KH/TU về thực hiện Chỉ thị số 24-CT/TW.",
     [(IMPLEMENTS, "10-KH/BTGTU", "68-KH/TU", "triển khai"), (IMPLEMENTS, "68-KH/TU", "24-CT/TW", "về thực hiện")]),
    # two plans joined by «và», each implementing its own directive: no list
    ("Kế hoạch số 68-KH/TU về thực hiện Chỉ thị số 24-CT/TW và Kế hoạch số 70-KH/TU về thực hiện Chỉ thị số 25-CT/TW",
     [(IMPLEMENTS, "68-KH/TU", "24-CT/TW", "về thực hiện"), (IMPLEMENTS, "70-KH/TU", "25-CT/TW", "về thực hiện")]),
    # a number list after the object, propaganda alone, a report on implementing, a citation of itself
    ("Kế hoạch số 68-KH/TU về thực hiện Chỉ thị số 24-CT/TW, 25-CT/TW", []),
    ("Kế hoạch số 20-KH/TU tuyên truyền Nghị quyết số 35-NQ/TW", []),
    ("Báo cáo số 12-BC/TU về thực hiện Chỉ thị số 24-CT/TW", []),
    ("Kế hoạch số 68-KH/TU về thực hiện Kế hoạch số 68-KH/TU", []),
    # italics inside the gap are no words of a cue
    ("Kế hoạch số 68-KH/TU <i>về thực hiện</i> Chỉ thị số 24-CT/TW", []),
])
def test_relation_forms(text, expected):
    found = [(r.kind, r.subject.symbol, r.object.symbol, r.cue) for r in find_relations(text)]
    assert found == expected
    for relation in find_relations(text):
        assert relation.start == relation.subject.start or relation.start == relation.object.start
        assert text[relation.start:relation.end].startswith(min(relation.subject.text, relation.object.text,
                                                                key=lambda t: text.index(t)))


def test_relations_reuse_the_callers_citations():
    text = "Chương trình số 07-CTr/TU về thực hiện Kết luận số 01-KL/TW"
    references = find_references(text)
    (relation,) = find_relations(text, references=references)
    assert relation.subject is references[0] and relation.object is references[1]


# ---- the registry's fields -----------------------------------------------------------------

def _registry(tmp_path, body: str, files: dict[str, bytes] | None = None):
    content = tmp_path / "content"
    content.mkdir()
    (content / "directives.yaml").write_text("directives:\n" + textwrap.indent(textwrap.dedent(body), "  "),
                                             encoding="utf-8")
    for name, data in (files or {}).items():
        path = content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return content


def test_registry_reads_term_status_link_and_stated_relations(tmp_path):
    content = _registry(tmp_path, """\
        24-CT/TW:
          date: 13/7/2023
          term: XIII
          status: còn hiệu lực
          link: https://vanban.example.vn/24-CT-TW
        27-QĐi/TU:
          - date: 24/10/2015
            replaced_by: 27-QĐi/TU ngày 24/10/2023
          - date: 24/10/2023
            link: pages/van-ban/27.pdf
        68-KH/TU:
          implements: Chỉ thị số 24-CT/TW
          reviews: [27-QĐi/TU ngày 24/10/2015]
        """, {"pages/van-ban/27.pdf": b"%PDF-1.4"})
    documents = {(d.symbol, d.date.year if d.date else None): d for d in load_directives(content).directives}
    directive = documents[("24-CT/TW", 2023)]
    assert (directive.term, directive.status, directive.link, directive.link_is_file) == \
        ("khóa XIII", "còn hiệu lực", "https://vanban.example.vn/24-CT-TW", False)
    old, new = documents[("27-QĐi/TU", 2015)], documents[("27-QĐi/TU", 2023)]
    assert old.status == REPLACED and (new.link, new.link_is_file) == ("van-ban/27.pdf", True)
    assert [(s.kind, s.target) for s in new.stated] == [(REPLACES, old)]
    plan = documents[("68-KH/TU", None)]
    assert [(s.kind, s.target) for s in plan.stated] == [(IMPLEMENTS, directive), (REVIEWS, old)]


@pytest.mark.parametrize("body, files, field, words", [
    ("24-CT/TW:\n  term: mười ba\n", {}, "directives.24-CT/TW.term", "khóa"),
    ("24-CT/TW:\n  status: còn hạn\n", {}, "directives.24-CT/TW.status", "còn hiệu lực"),
    ("24-CT/TW:\n  link: van-ban/24.pdf\n", {}, "directives.24-CT/TW.link", "không phải địa chỉ"),
    ("24-CT/TW:\n  link: pages/van-ban/24.pdf\n", {}, "directives.24-CT/TW.link", "không có tệp"),
    ("24-CT/TW:\n  link: pages/24.docx\n", {"pages/24.docx": b"PK"}, "directives.24-CT/TW.link", "tệp PDF"),
    ("24-CT/TW:\n  link: pages/../../etc/passwd\n", {}, "directives.24-CT/TW.link", "không phải địa chỉ"),
    ("68-KH/TU:\n  implements: 25-CT/TW\n", {}, "directives.68-KH/TU.implements", "chưa có trong danh mục"),
    ("68-KH/TU:\n  implements: thực hiện tốt\n", {}, "directives.68-KH/TU.implements", "không phải số"),
    ("68-KH/TU:\n  replaces: 68-KH/TU\n", {}, "directives.68-KH/TU.replaces", "chính nó"),
    ("27-QĐi/TU:\n  - date: 1/1/2015\n  - date: 1/1/2020\n68-KH/TU:\n  amends: 27-QĐi/TU\n", {},
     "directives.68-KH/TU.amends", "ngày ban hành"),
])
def test_registry_errors_name_file_line_and_field(tmp_path, body, files, field, words):
    content = _registry(tmp_path, body, files)
    with pytest.raises(ContentError) as caught:
        load_directives(content)
    (problem,) = caught.value.problems
    assert problem.file == "content/directives.yaml" and problem.field == field and words in problem.message
    line = (content / "directives.yaml").read_text(encoding="utf-8").splitlines()[problem.line - 1]
    assert field.rsplit(".", 1)[-1] in line or field.split(".")[1] in line


# ---- one page per document -------------------------------------------------------------------

def _task(month: str, text: str, number: str = "1") -> Task:
    return Task(section="I", number=number, text=text, lead="", coordinators=[], deadline="", status="", month=month)


def _resolved(registry_body: str, tmp_path, cited: list[tuple[str, str]]):
    registered = load_directives(_registry(tmp_path, registry_body)).directives
    found = [Citation(task, reference) for task in (_task(m, t, str(i)) for i, (m, t) in enumerate(cited))
             for reference in find_references(task.text)]
    pairs, documents = resolve(found, registered, Resolver(registered))
    return [resolved for _, resolved in pairs], documents


SHARED = """\
    27-QĐi/TU:
      - date: 24/10/2015
        term: khóa X
      - date: 10/3/2021
        term: khóa XI
    """


def test_undated_citation_of_a_shared_symbol_resolves_by_issue_month_term_or_to_candidates(tmp_path):
    resolved, documents = _resolved(SHARED, tmp_path, [
        ("2016-03", "Quán triệt Quy định số 27-QĐi/TU"),  # only the 2015 document existed then
        ("2022-01", "Quán triệt Quy định số 27-QĐi/TU của Ban Thường vụ Tỉnh ủy (khóa X)"),  # its term says which
        ("2022-01", "Quán triệt Quy định số 27-QĐi/TU"),  # both existed: candidates
        ("2021-06", "Quy định số 27-QĐi/TU ngày 10/3/2021"),
    ])
    years = [r.date.year if not isinstance(r, CandidatesTerm) else None for r in resolved]
    assert years == [2015, 2015, None, 2021]
    assert isinstance(resolved[2], CandidatesTerm) and [d.date.year for d in resolved[2].documents] == [2015, 2021]
    assert len(documents) == 2  # no third, undated document


def test_undated_citation_joins_the_one_document_of_its_symbol(tmp_path):
    resolved, documents = _resolved("24-CT/TW:\n  date: 13/7/2023\n", tmp_path, [
        ("2023-11", "Thực hiện Chỉ thị 24-CT/TW"), ("2023-12", "Thực hiện Chỉ thị số 24-CT/TW ngày 13/7/2023")])
    assert resolved[0] is resolved[1] and resolved[0].registered and len(documents) == 1


def test_a_month_before_any_issue_date_still_resolves_nothing_by_guess(tmp_path):
    resolved, _ = _resolved(SHARED, tmp_path, [("2014-01", "Quán triệt Quy định số 27-QĐi/TU")])
    assert isinstance(resolved[0], CandidatesTerm)


def test_month_end_is_inclusive():
    from portal.indexes.directives import _month_end
    assert _month_end("2024-02") == dt.date(2024, 2, 29)


def test_portal_refs_prints_relations():
    text = "Kế hoạch số 68-KH/TU ngày 27/9/2023 của Ban Thường vụ Tỉnh ủy về thực hiện Chỉ thị số 24-CT/TW."
    result = subprocess.run([sys.executable, "-m", "portal.cli", "refs", "--relations"], input=text.encode("utf-8"),
                            capture_output=True, cwd=ROOT, check=True)
    (line,) = result.stdout.decode("utf-8").splitlines()
    import json
    assert json.loads(line) == {"kind": "implements", "subject": "Kế hoạch số 68-KH/TU ngày 27/9/2023 của Ban Thường vụ Tỉnh ủy",
                                "object": "Chỉ thị số 24-CT/TW", "cue": "về thực hiện", "start": 0,
                                "end": len(text) - 1}


def test_a_citation_by_type_and_number_resolves_as_an_undated_symbol(tmp_path):
    resolved, documents = _resolved(SHARED, tmp_path, [
        ("2016-03", "Quán triệt Quy định 27 của Ban Thường vụ Tỉnh ủy"),  # only the 2015 document existed then
        ("2022-01", "Quán triệt Quy định 27 của Ban Thường vụ Tỉnh ủy"),  # both existed: candidates
    ])
    assert resolved[0].date.year == 2015
    assert isinstance(resolved[1], CandidatesTerm) and len(documents) == 2


def test_full_texts_are_published_only_as_pdf_in_their_folder(tmp_path):
    from portal.content.pages import page_problems
    docs = tmp_path / "pages"
    (docs / "van-ban").mkdir(parents=True)
    (docs / "van-ban" / "24-CT-TW.pdf").write_bytes(b"%PDF-1.4")
    assert page_problems(docs, tmp_path) == []
    (docs / "khac").mkdir()
    (docs / "khac" / "24-CT-TW.pdf").write_bytes(b"%PDF-1.4")
    (docs / "van-ban" / "24-CT-TW.docx").write_bytes(b"PK")
    assert sorted(p.file for p in page_problems(docs, tmp_path)) == ["pages/khac/24-CT-TW.pdf",
                                                                    "pages/van-ban/24-CT-TW.docx"]
