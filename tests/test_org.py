"""The organisation over time: departments and issuers with periods, renames, mergers and splits.

Runs on a small archive across the 2025 reorganisation (:mod:`org_archive`): the registry's
resolution of leads by month, its validation, ``portal check`` messages, the built department
pages (lineage, «Trước đây» with the names then, the index groups) and document symbols of
both periods.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import copy_project, mkdocs_build
from htmlpage import parse, text_of
from org_archive import make_content

from portal import cli
from portal.build.site import load_site
from portal.content.departments import load_registry
from portal.content.errors import ContentError
from portal.site.taxonomy import CandidatesTerm, DirectiveTerm
from portal.text.refs import find_references


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    return make_content(tmp_path_factory.mktemp("org"))


@pytest.fixture(scope="module")
def registry(content):
    return load_registry(content)


# (lead as written, programme month, department ids the task is filed under, ids named outside their period)
RESOLUTIONS = [
    ("Phòng TT-TT", "2024-12", ["TT-TT"], []),
    ("Phòng TT-BC", "2025-03", ["TT-BC"], []),
    ("Phòng TT-TT", "2025-03", ["TT-BC"], ["TT-TT"]),  # old name after the rename: the renamed department
    ("Phòng TT-TT", "2025-08", ["TT-DV"], ["TT-TT"]),  # two steps on: renamed, then merged
    ("Phòng TT-BC", "2024-12", ["TT-TT"], ["TT-BC"]),  # new name too early: the predecessor
    ("Phòng Dân vận", "2025-08", ["TT-DV"], ["DV"]),
    ("Phòng HC-TH", "2024-12", ["HC-TH, KG, VH-VN"], []),  # one code, two departments in two periods
    ("Phòng HC-TH", "2025-08", ["HC-TH"], []),
    ("Phòng HC-TH, KG, VH-VN", "2025-08", ["HC-TH, KG, VH-VN"], ["HC-TH, KG, VH-VN"]),  # split in two: no heir
    ("LLCT-LSD", "2019-01", ["LLCT-LSĐ"], []),  # no period: valid for all time
    ("LLCT-LSD và Phòng DV", "2025-03", ["LLCT-LSĐ", "DV"], []),
    ("Phòng Tổ chức", "2025-08", [], []),
]


@pytest.mark.parametrize("lead, month, filed, outside", RESOLUTIONS)
def test_lead_resolved_in_its_month(registry, lead, month, filed, outside):
    roles = registry.roles(lead, [], month)
    assert [d.id for d in roles.leads] == filed
    assert [d.id for d in roles.outside] == outside


@pytest.mark.parametrize("month, departments", [
    ("2024-12", ["HC-TH, KG, VH-VN", "LLCT-LSĐ", "TT-TT"]),
    ("2025-03", ["HC-TH, KG, VH-VN", "LLCT-LSĐ", "TT-BC", "DV"]),
    ("2025-08", ["HC-TH", "KG-VX", "LLCT-LSĐ", "TT-DV"]),
])
def test_whole_ban_means_the_departments_of_that_month(registry, month, departments):
    roles = registry.roles("Phòng LLCT-LSĐ", ["Các phòng chuyên môn thuộc Ban"], month)
    assert sorted(d.id for d in roles.coordinators) == sorted(set(departments) - {"LLCT-LSĐ"})


def test_history_follows_the_chain(registry):
    merged = registry.by_id("TT-DV")
    assert [d.id for d in registry.history(merged)] == ["DV", "TT-BC", "TT-TT"]  # latest ended, then latest begun, first
    assert [(r, d.id) for r, d in registry.successors(registry.by_id("TT-TT"))] == [("renamed", "TT-BC")]
    assert registry.issuer_for("2025-02").symbol == "CTr/BTGTU"
    assert registry.issuer_for("2025-03").symbol == "CTr/BTG&DV"


def _registry_error(tmp_path: Path, text: str) -> str:
    (tmp_path / "departments.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_registry(tmp_path)
    return str(caught.value)


@pytest.mark.parametrize("entries, expected", [
    ("  - {code: A, name: Phòng A, to: 2024-12, renamed_to: B}\n",
     r"departments\[1\]\.renamed_to».*không có phòng nào mang mã \(id\) «B»"),
    ("  - {code: A, name: Phòng A, renamed_to: B}\n  - {code: B, name: Phòng B}\n",
     r"dòng 2, trường «departments\[1\]\.to».*cần có «to»"),
    ("  - {code: A, name: Phòng A, from: 2024-13}\n", r"departments\[1\]\.from».*«2024-13» không hợp lệ"),
    ("  - {code: A, name: Phòng A, from: 2025-01, to: 2024-12}\n", r"tháng kết thúc 2024-12 trước tháng bắt đầu 2025-01"),
    ("  - {code: A, name: Phòng A, to: 2024-12}\n  - {code: A, name: Phòng A mới, from: 2025-01}\n",
     r"dòng 3, trường «departments\[2\]».*mã «A» đã dùng.*«id»"),
    ("  - {code: A, name: Phòng A, aliases: [{text: A1, from: x}]}\n", r"aliases\[1\]\.from».*«x» không hợp lệ"),
    ("  - {code: A, name: Phòng A, until: 2024-12}\n", r"trường không biết: until"),
])
def test_registry_problems_name_line_and_field(tmp_path, entries, expected):
    assert re.search(expected, _registry_error(tmp_path, "departments:\n" + entries))


def test_two_departments_may_share_a_code_with_ids(tmp_path):
    (tmp_path / "departments.yaml").write_text(
        "departments:\n  - {code: TT, name: Phòng Thông tin, to: 2024-12}\n"
        "  - {id: TT-2025, code: TT, name: Phòng Truyền thông, from: 2025-01}\n", encoding="utf-8")
    registry = load_registry(tmp_path)
    assert registry.resolve("Phòng TT", "2024-06").name == "Phòng Thông tin"
    assert registry.resolve("Phòng TT", "2025-06").name == "Phòng Truyền thông"


# ---- portal check -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def check_output(content, tmp_path_factory) -> list[str]:
    import contextlib
    import io
    import os

    err = io.StringIO()
    cwd = os.getcwd()
    os.chdir(content.parent)
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            assert cli.main(["check", "--content", "content"]) == 0
    finally:
        os.chdir(cwd)
    return [line for line in err.getvalue().splitlines() if "lead»" in line or "header.symbol" in line]


def _line_of(content: Path, month: str, needle: str, after: str = "") -> int:
    lines = (content / "programmes" / f"{month}.yaml").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    return next(i for i, line in enumerate(lines) if i >= start and needle in line) + 1


def test_check_reports_each_lead_and_symbol_problem_once(check_output):
    assert len(check_output) == 5, "\n".join(check_output)


def test_check_reports_old_name_after_rename(content, check_output):
    (line,) = [l for l in check_output if "2025-03.yaml" in l]
    assert "nhiệm vụ III.20, lead" in line
    assert "«Phòng TT-TT» là «Phòng Thông tin - Tuyên truyền» (TT-TT), tồn tại đến 12/2024, không có trong tháng 03/2025" in line
    assert "xếp vào phòng của tháng đó: «Phòng Tuyên truyền - Báo chí»" in line
    assert line.startswith("Cảnh báo: content/programmes/2025-03.yaml, dòng ")


def test_check_reports_new_name_too_early_and_unknown_lead(check_output):
    early = [l for l in check_output if "2024-12.yaml" in l]
    assert len(early) == 1 and "«Phòng TT-BC»" in early[0] and "01/2025 – 06/2025" in early[0]
    unknown = [l for l in check_output if "«Phòng Tổ chức»" in l]
    assert len(unknown) == 1 and "không khớp phòng nào có trong tháng 08/2025" in unknown[0]
    merged = [l for l in check_output if "«Phòng Dân vận»" in l]
    assert len(merged) == 1 and "«Phòng Tuyên truyền, Báo chí và Dân vận»" in merged[0]


def test_check_reports_symbol_of_the_wrong_issuer(content, check_output):
    (line,) = [l for l in check_output if "header.symbol" in l]
    symbol_line = _line_of(content, "2025-08", "symbol: CTr/BTGTU")
    assert line.startswith(f"Cảnh báo: content/programmes/2025-08.yaml, dòng {symbol_line}, trường «header.symbol»")
    assert "«CTr/BTGTU»" in line and "Ban Tuyên giáo và Dân vận Tỉnh ủy Đồng Nai (ký hiệu CTr/BTG&DV, từ 03/2025)" in line


def test_current_registry_without_periods_still_loads():
    from conftest import ROOT

    registry = load_registry(ROOT / "content")
    assert registry.departments and all(not d.period.start and not d.period.end for d in registry.departments)


# ---- symbols of both periods --------------------------------------------------------------


@pytest.mark.parametrize("text, symbols", [
    ("Công văn số 105-CV/BTG&DV ngày 03/4/2025", ["105-CV/BTG&DV"]),
    ("theo Công văn 15-CV/BTG & DV của Ban", ["15-CV/BTG&DV"]),
    ("Công văn số 2094-CV/BTGTU và 2094-CV/BTG&DV", ["2094-CV/BTGTU", "2094-CV/BTG&DV"]),
    ("Kế hoạch 01-KH/TU ngày 10/7/2025", ["01-KH/TU"]),
    ("Ban TG & DV các huyện", []),
])
def test_finder_reads_issuers_of_both_periods(text, symbols):
    assert [r.symbol for r in find_references(text)] == symbols


def test_directive_index_keeps_documents_of_two_periods_apart(content):
    site = load_site(content)
    titles = {term.title: term for term in site.taxonomies["directives"].terms.values()}
    assert {"Công văn 105-CV/BTGTU", "Công văn 105-CV/BTG&DV"} <= set(titles)
    assert [t.month for t in titles["Công văn 105-CV/BTGTU"].tasks()] == ["2024-12"]
    assert [t.month for t in titles["Công văn 105-CV/BTG&DV"].tasks()] == ["2025-03"]
    plans = sorted(title for title, term in titles.items()
                   if title.startswith("Kế hoạch 01-KH/TU") and isinstance(term.meta, DirectiveTerm))
    assert plans == ["Kế hoạch 01-KH/TU ngày 05/01/2024", "Kế hoạch 01-KH/TU ngày 10/07/2025"]
    # the symbol's own page lists the two (no citation here leaves out the date)
    assert isinstance(titles["Kế hoạch 01-KH/TU"].meta, CandidatesTerm) and not titles["Kế hoạch 01-KH/TU"].entries


# ---- built pages --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(content, tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("org-site"), content)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.fixture(scope="module")
def site(content):
    return load_site(content)


def _page(built: Path, slug: str):
    return parse(built / "phong-ban" / slug / "index.html")


def _all_pages(built: Path, slug: str):
    """A department's page and its year pages (a long history is split by year)."""
    folder = built / "phong-ban" / slug
    return [parse(folder / "index.html")] + [parse(p) for p in sorted(folder.glob("*/index.html"))]


@pytest.mark.build
def test_merged_department_lists_the_whole_chain_under_truoc_day(built, site):
    history = [row for page in _all_pages(built, "tt-dv") for row in
               page.xpath('//h2[@id="truoc-day"]/following::table[contains(@class,"org-history")]//tr[@data-task]')]
    marks = [row.get("data-task") for row in history]
    registry = site.registry
    expected = {f"{t.month}/{t.anchor}" for d in registry.history(registry.by_id("TT-DV"))
                for t in site.taxonomies["departments"].terms[d.id].tasks()}
    assert set(marks) == expected and len(marks) == len(expected)
    months = {m.split("/")[0] for m in marks}
    assert months == {"2024-12", "2025-03"}


@pytest.mark.build
def test_each_history_row_names_the_department_it_had_then(built, site):
    rows = {row.get("data-task"): text_of(row.xpath('./td[contains(@class,"org-was")]')[0])
            for page in _all_pages(built, "tt-dv")
            for row in page.xpath('//table[contains(@class,"org-history")]//tr[@data-task]')}
    assert "Phòng Thông tin - Tuyên truyền (TT-TT) · Chủ trì" in rows["2024-12/III-3"]
    assert "Phòng Tuyên truyền - Báo chí (TT-BC) · Chủ trì" in rows["2025-03/III-3"]
    assert "Phòng Dân vận (DV) · Chủ trì" in rows["2025-03/III-22"]
    # a task of the merged department's own months is not history
    assert not any(mark.startswith("2025-08/") for mark in rows)


@pytest.mark.build
def test_department_page_links_predecessors_and_successors_with_periods(built):
    merged = text_of(_page(built, "tt-dv").xpath('//div[@class="org-lineage"]')[0])
    assert "Thời gian tồn tại: từ 07/2025" in merged
    assert "Sáp nhập từ Phòng Tuyên truyền - Báo chí (TT-BC, 01/2025 – 06/2025)" in merged
    assert "Sáp nhập từ Phòng Dân vận (DV, 03/2025 – 06/2025)" in merged
    renamed = _page(built, "tt-bc")
    lineage = text_of(renamed.xpath('//div[@class="org-lineage"]')[0])
    assert "Đổi tên từ Phòng Thông tin - Tuyên truyền (TT-TT, đến 12/2024)" in lineage
    assert "Sáp nhập vào Phòng Tuyên truyền, Báo chí và Dân vận (TT-DV, từ 07/2025)" in lineage
    assert "Phòng trước đây" in lineage
    assert renamed.xpath('//li[@class="org-successor"]/a/@href') == ["../tt-dv/"]
    split = text_of(_page(built, "hc-th-kg-vh-vn").xpath('//div[@class="org-lineage"]')[0])
    assert "Tách thành Phòng Hành chính - Tổng hợp" in split and "Tách thành Phòng Khoa giáo" in split


@pytest.mark.build
def test_renamed_department_keeps_its_own_tasks(built, site):
    page = _page(built, "tt-tt")
    led = page.xpath('//table[contains(@class,"deadlines-led")]//tr/@data-task')
    assert led and all(mark.startswith("2024-12/") for mark in led)
    led_new = _page(built, "tt-bc").xpath('//table[contains(@class,"deadlines-led")]//tr/@data-task')
    assert "2025-03/III-20" in led_new  # written with the old name, filed under the name of its month


@pytest.mark.build
def test_index_groups_current_then_former_with_periods(built):
    page = parse(built / "phong-ban" / "index.html")
    headings = [text_of(h) for h in page.xpath("//h2")]
    assert headings.index("Các phòng hiện nay") < headings.index("Các phòng trước đây")
    current = [text_of(r.xpath("./td[1]")[0]) for r in page.xpath('//table[contains(@class,"org-hien-nay")]//tr[@class="org-department"]')]
    former = {text_of(r.xpath("./td[1]")[0]): text_of(r) for r in
              page.xpath('//table[contains(@class,"org-truoc-day")]//tr[@class="org-department"]')}
    assert "Phòng Tuyên truyền, Báo chí và Dân vận (TT-DV)" in current
    assert "Phòng Hành chính - Tổng hợp (HC-TH)" in current
    assert "Phòng Thông tin - Tuyên truyền (TT-TT)" in former
    assert "đến 12/2024" in former["Phòng Thông tin - Tuyên truyền (TT-TT)"]
    assert "Đổi tên thành Phòng Tuyên truyền - Báo chí" in former["Phòng Thông tin - Tuyên truyền (TT-TT)"]
    assert "01/2025 – 06/2025" in former["Phòng Tuyên truyền - Báo chí (TT-BC)"]
    assert not set(current) & set(former)


@pytest.mark.build
def test_month_pages_link_a_code_to_the_department_of_their_month(built):
    december = parse(built / "programmes" / "2024-12" / "index.html")
    august = parse(built / "programmes" / "2025-08" / "index.html")
    march = parse(built / "programmes" / "2025-03" / "index.html")
    assert december.xpath('//tr[@id="I-9"]/td[3]/a/@href') == ["../../phong-ban/hc-th-kg-vh-vn/"]
    assert august.xpath('//tr[@id="I-1"]/td[3]/a/@href') == ["../../phong-ban/hc-th/"]
    assert march.xpath('//tr[@id="III-20"]/td[3]/a/@href') == ["../../phong-ban/tt-bc/"]
    assert text_of(march.xpath('//tr[@id="III-20"]/td[3]')[0]) == "Phòng TT-TT"  # kept as written

