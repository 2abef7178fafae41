"""Directive identity, registry and the directive taxonomy, on small content folders."""
from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from portal.build.site import load_site, render_pages
from portal.content.directives import load_directives
from portal.content.errors import ContentError
from portal.site.taxonomy import CandidatesTerm


def _content(tmp_path: Path, texts: list[str], registry: str = "directives: {}\n") -> Path:
    """A content folder: the sample month with its first tasks' texts replaced, and a registry."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    month = content / "programmes" / "2023-11.yaml"
    data = month.read_text(encoding="utf-8")
    originals = [line for line in data.splitlines() if line.startswith("    text: ")]
    for original, text in zip(originals, texts):
        data = data.replace(original, f"    text: '{text}'", 1)
    month.write_text(data, encoding="utf-8")
    (content / "directives.yaml").write_text(registry, encoding="utf-8")
    return content


def _terms(content: Path):
    site = load_site(content)
    return site, site.taxonomies["directives"]


def _tasks_of(taxonomy, title: str) -> list[str]:
    (term,) = [t for t in taxonomy.terms.values() if t.title == title]
    return [task.label for task in term.tasks()]


def test_same_symbol_two_dates_is_two_documents_and_undated_citation_is_ambiguous(tmp_path):
    content = _content(tmp_path, ["Thực hiện Nghị quyết số 01-NQ/TU ngày 5/3/2016 của Tỉnh ủy.",
                                  "Thực hiện Nghị quyết số 01-NQ/TU ngày 9/2/2021 của Tỉnh ủy.",
                                  "Sơ kết Nghị quyết 01-NQ/TU."])
    site, taxonomy = _terms(content)
    titles = sorted(t.title for t in taxonomy.terms.values() if "01-NQ/TU" in t.title)
    # two documents, each with the year in its address; the undated citation (both were issued by
    # 11/2023) goes to the symbol's candidates page, at the symbol's own address
    assert titles == ["Nghị quyết 01-NQ/TU", "Nghị quyết 01-NQ/TU ngày 05/03/2016",
                      "Nghị quyết 01-NQ/TU ngày 09/02/2021"]
    assert _tasks_of(taxonomy, "Nghị quyết 01-NQ/TU ngày 05/03/2016") == ["I.1"]
    assert _tasks_of(taxonomy, "Nghị quyết 01-NQ/TU") == ["I.3"]
    slugs = {t.slug for t in taxonomy.terms.values() if "01-NQ/TU" in t.title}
    assert slugs == {"01-nq-tu-2016", "01-nq-tu-2021", "01-nq-tu"}
    (candidates,) = [t.meta for t in taxonomy.terms.values() if isinstance(t.meta, CandidatesTerm)]
    assert [d.date.year for d in candidates.documents] == [2016, 2021]
    warning = next(p for p in site.warnings if "không ghi ngày ban hành" in p.message)
    assert warning.field == "nhiệm vụ I.3, text" and "05/03/2016, 09/02/2021" in warning.message


def test_two_documents_of_one_year_share_a_symbol_by_their_dates(tmp_path):
    content = _content(tmp_path, ["Thực hiện Nghị quyết số 01-NQ/TU ngày 5/3/2020 của Tỉnh ủy.",
                                  "Thực hiện Nghị quyết số 01-NQ/TU ngày 20/10/2020 của Tỉnh ủy."])
    site, taxonomy = _terms(content)
    slugs = {t.slug for t in taxonomy.terms.values() if "01-NQ/TU" in t.title}
    assert slugs == {"01-nq-tu-2020-03-05", "01-nq-tu-2020-10-20", "01-nq-tu"}
    (candidates,) = [t for t in taxonomy.terms.values() if isinstance(t.meta, CandidatesTerm)]
    assert not candidates.entries  # every citation is dated: the page only lists the two documents


def test_undated_citation_joins_the_single_dated_document(tmp_path):
    content = _content(tmp_path, ["Sơ kết Chỉ thị 7-CT/TU.", "Thực hiện Chỉ thị số 07-CT/TU ngày 1/6/2022 của Tỉnh ủy."])
    site, taxonomy = _terms(content)
    matching = [t for t in taxonomy.terms.values() if "CT/TU" in t.title]
    assert len(matching) == 1
    assert [task.label for task in matching[0].tasks()] == ["I.1", "I.2"]
    assert matching[0].meta.directive.date == dt.date(2022, 6, 1)


def test_registry_joins_bare_and_named_citations_and_lists_uncited(tmp_path):
    registry = """directives:
  164-QĐi/TW:
    type: Quy định
    issuer: Bộ Chính trị
    date: 2009-02-18
    title: Chế độ học tập lý luận chính trị
  45-NQ/TW:
    type: Nghị quyết
    issuer: Ban Chấp hành Trung ương
    aliases: [Nghị quyết về đội ngũ trí thức]
  99-KL/TU:
    type: Kết luận
"""
    content = _content(tmp_path, ["Học tập Quy định 164 của Bộ Chính trị.", "Quán triệt Nghị quyết về đội ngũ trí thức."],
                       registry)
    site, taxonomy = _terms(content)
    assert _tasks_of(taxonomy, "Quy định 164-QĐi/TW") == ["I.1"]
    assert _tasks_of(taxonomy, "Nghị quyết 45-NQ/TW") == ["I.2"]
    assert _tasks_of(taxonomy, "Kết luận 99-KL/TU") == []
    messages = [p.message for p in site.warnings if p.severity == "warning"]
    assert any("«Kết luận 99-KL/TU» đã đăng ký nhưng chưa nhiệm vụ nào trích dẫn" in m for m in messages)
    assert any("«Chỉ thị 24-CT/TW» được trích dẫn" in m and "chưa có trong" in m for m in messages)
    index = next(p for p in render_pages(site) if p.src_uri == "directives/index.md")
    assert "Đã đăng ký nhưng chưa nhiệm vụ nào trích dẫn" in index.markdown and "99-KL/TU" in index.markdown


def test_programme_own_number_is_not_a_directive(tmp_path):
    content = _content(tmp_path, ["Chương trình số 12-CTr/BTGTU được gửi các phòng."])
    month = content / "programmes" / "2023-11.yaml"
    month.write_text(month.read_text(encoding="utf-8").replace("number: '[so]'", "number: '12'"), encoding="utf-8")
    site, taxonomy = _terms(content)
    assert not [t for t in taxonomy.terms.values() if "12-CTr" in t.title]


def test_registry_errors_name_file_line_and_field(tmp_path):
    content = _content(tmp_path, [], "directives:\n  24-CT/TW:\n    date: 31/2/2023\n    typo: x\n  Tên lạ: {}\n")
    with pytest.raises(ContentError) as raised:
        load_directives(content)
    text = str(raised.value)
    assert "content/directives.yaml, dòng 3" in text and "31/2/2023" in text
    assert "typo" in text and "«Tên lạ» không phải là số, ký hiệu văn bản" in text


def test_portal_check_lists_unregistered_documents(tmp_path):
    content = _content(tmp_path, [])  # the sample's citations, an empty registry
    result = subprocess.run([sys.executable, "-m", "portal.cli", "check", "--content", str(content)],
                            capture_output=True, text=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    for label in ("Chỉ thị 24-CT/TW", "Kết luận 501-KL/TU", "Kết luận 21/KL-BCA"):
        assert f"«{label}» được trích dẫn" in result.stderr
