"""The synthetic archive generator: deterministic, valid content, the variety of a real archive."""
from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import pytest
from conftest import ROOT

from portal.build.site import load_site

sys.path.insert(0, str(ROOT / "scripts"))
from gen_archive import generate_archive  # noqa: E402

# Every deadline form staff write (see the issue): one pattern each, anchored.
DEADLINE_PATTERNS = {
    "date": r"\d{1,2}/\d{1,2}/\d{4}",
    "ngay": r"Ngày \d{1,2}/\d{1,2}/\d{4}",
    "truoc_ngay": r"Trước ngày \d{1,2}/\d{1,2}/\d{4}",
    "truoc": r"Trước \d{1,2}/\d{1,2}/\d{4}",
    "phat_hanh": r"Phát hành trước \d{1,2}/\d{1,2}/\d{4}",
    "cham_nhat": r"Chậm nhất ngày \d{1,2}/\d{1,2}/\d{4}",
    "trong_thang": r"Trong tháng \d{1,2}/\d{4}",
    "dau_thang": r"Đầu tháng \d{1,2}/\d{4}",
    "giua_thang": r"Giữa tháng \d{1,2}/\d{4}",
    "cuoi_thang": r"Cuối tháng \d{1,2}/\d{4}",
    "quy": r"Quý [IV]+/\d{4}",
    "sau_thang": r"6 tháng (đầu|cuối) năm( \d{4})?",
    "nam": r"Năm \d{4}",
    "tu_den": r"Từ ngày \d{1,2}/\d{1,2} đến \d{1,2}/\d{1,2}/\d{4}",
    "range": r"\d{1,2}-\d{1,2}/\d{1,2}/\d{4}",
    "hang_tuan": r"Hàng tuần",
    "thu_hang_tuan": r"Thứ [2-7] hàng tuần",
    "hang_thang": r"Ngày \d{1,2} hàng tháng",
    "thuong_xuyen": r"Thường xuyên",
    "ngay_thang_nam": r"ngày \d{1,2} tháng \d{1,2} năm \d{4}",
}

DIRECTIVE_RE = re.compile(
    r"\b\d+-(?:KL|CT|NQ|KH|CV|HD|TB|QĐi|CTr)/[A-ZĐ]+\b"
    r"|\b\d+/\d{4}/(?:NĐ-CP|QH13|TT-BTTTT)\b"
    r"|\b\d+/(?:CT-TTg|KL-BCA|QĐ-UBND|UBND-VXNV)\b")


def _forms(deadline: str) -> set[str]:
    return {name for name, pattern in DEADLINE_PATTERNS.items() if re.fullmatch(pattern, deadline)}


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("archive")
    generate_archive(24, seed=7, out_dir=out)
    return out


@pytest.fixture(scope="module")
def site(archive):
    return load_site(archive / "content", include_restricted=True)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((folder / "content" / "programmes").glob("*.yaml"))}


def test_same_seed_same_bytes_other_seed_other_archive(tmp_path, archive):
    generate_archive(24, seed=7, out_dir=tmp_path / "again")
    generate_archive(24, seed=8, out_dir=tmp_path / "other")
    assert _files(tmp_path / "again") == _files(archive)
    other = _files(tmp_path / "other")
    assert other.keys() == _files(archive).keys()
    assert all(other[name] != data for name, data in _files(archive).items())


def test_a_shorter_archive_is_the_start_of_a_longer_one(tmp_path, archive):
    generate_archive(5, seed=7, out_dir=tmp_path)
    short = _files(tmp_path)
    assert list(short) == ["2016-01.yaml", "2016-02.yaml", "2016-03.yaml", "2016-04.yaml", "2016-05.yaml"]
    assert short == {name: data for name, data in _files(archive).items() if name in short}


def test_start_month_and_year_rollover(tmp_path):
    files = generate_archive(3, seed=1, out_dir=tmp_path, start="2023-11")
    assert [p.stem for p in files] == ["2023-11", "2023-12", "2024-01"]


def test_every_file_loads_and_validates_without_warnings(site):
    assert len(site.programmes) == 24
    assert [p.month for p in site.programmes][:2] == ["2016-01", "2016-02"]
    assert site.warnings == []  # every lead is a spelling the registry knows
    assert all(35 <= len(p.tasks()) <= 60 for p in site.programmes)  # the sample has 48


def test_every_department_leads_tasks_in_several_spellings(site):
    by_department: dict[str, set[str]] = {}
    for task in site.tasks():
        by_department.setdefault(site.registry.resolve(task.lead).code, set()).add(task.lead)
    assert set(by_department) == {d.code for d in site.registry.departments}
    assert sum(len(spellings) for spellings in by_department.values()) > len(by_department)


def test_first_month_has_every_deadline_form_and_every_deadline_has_one(site):
    first = site.programmes[0]
    assert set().union(*(_forms(t.deadline) for t in first.tasks())) == set(DEADLINE_PATTERNS)
    unknown = [t.deadline for t in site.tasks() if not _forms(t.deadline)]
    assert unknown == []


def test_task_texts_are_100_to_400_characters_with_occasional_italics(site):
    tasks = site.tasks()
    assert all(100 <= len(t.text) <= 400 for t in tasks)
    italic = [t for t in tasks if re.search(r"<i>[^<]+</i>", t.text)]
    assert 0 < len(italic) < len(tasks) / 5


def test_coordinating_units_are_lists_of_varied_length(site):
    lengths = Counter(len(t.coordinators) for t in site.tasks())
    assert lengths[0] and lengths[1] and lengths[2] and lengths[3]


def test_citations_are_skewed_a_few_every_month_most_once_or_twice(site):
    per_directive: Counter = Counter()
    months_of: dict[str, set[str]] = {}
    for task in site.tasks():
        for code in DIRECTIVE_RE.findall(task.text):
            per_directive[code] += 1
            months_of.setdefault(code, set()).add(task.month)
    assert 60 <= len(per_directive) <= 150  # a few hundred over ten years, ~3 new a month
    top = [code for code, _ in per_directive.most_common(2)]
    assert all(len(months_of[code]) >= 12 for code in top)  # cited in at least half the months
    rare = sum(1 for count in per_directive.values() if count <= 2)
    assert rare / len(per_directive) > 0.6


def test_citations_come_in_several_written_forms(site):
    texts = " ".join(t.text for t in site.tasks())
    assert re.search(r"Kết luận số \d+-KL/TU", texts)
    assert re.search(r"Chỉ thị (số )?\d+-CT/TW,? ngày \d{1,2}/\d{1,2}/\d{4} của ", texts)
    assert re.search(r"Nghị định (số )?\d+/\d{4}/NĐ-CP", texts)
    assert re.search(r"Công văn số \d+/UBND-VXNV", texts)
