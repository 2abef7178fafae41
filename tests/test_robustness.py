"""Nothing half-built, same input same site, restricted content stays out, the audit catches losses."""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, copy_project, mkdocs_build
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.build.audit import audit_site
from portal.build.site import load_site
from portal.content.errors import ContentError
from portal.content.loader import validate_programme
from portal.content.yamlsource import load_yaml, parse_yaml

SAMPLE = (ROOT / "content" / "programmes" / "2023-11.yaml").read_text(encoding="utf-8")


def run_build_script(project: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "build_site.py")], cwd=project,
                          capture_output=True, text=True, env={**os.environ, **(env or {})})


def tree_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.build
def test_failed_build_leaves_previous_site_untouched(tmp_path):
    project = copy_project(tmp_path)
    first = run_build_script(project)
    assert first.returncode == 0, first.stderr
    before = tree_digest(project / "site")
    month = project / "content" / "programmes" / "2023-11.yaml"
    month.write_text(SAMPLE.replace("deadline: 20/11/2023", "deadline: 31/11/2023", 1), encoding="utf-8")
    second = run_build_script(project)
    assert second.returncode != 0
    assert "31/11/2023" in second.stderr and "vẫn giữ nguyên" in second.stderr
    # the first error is the first thing said
    assert second.stderr.lstrip().splitlines()[0].startswith("ERROR")
    assert tree_digest(project / "site") == before
    # no staging folder left behind (.site.lock is the build lock, kept for the next build)
    assert [p.name for p in project.iterdir() if p.name.startswith(".site") and p.name != ".site.lock"] == []


@pytest.mark.build
def test_two_builds_are_identical(tmp_path):
    project = copy_project(tmp_path)
    env = {"SOURCE_DATE_EPOCH": "1700000000"}
    assert mkdocs_build(project, env).returncode == 0
    first = tree_digest(project / "site")
    (project / "site").rename(project / "site-1")
    assert mkdocs_build(project, env).returncode == 0
    assert tree_digest(project / "site") == first


RESTRICTED_TEXT = "Báo cáo kết quả khắc phục hạn chế về công tác Bí mật nhà nước"


def _all_output_text(site: Path) -> str:
    import gzip
    import zipfile

    chunks = []
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        if data[:2] == b"PK":
            with zipfile.ZipFile(path) as archive:
                data = b"".join(archive.read(name) for name in archive.namelist())
        chunks.append(data.decode("utf-8", errors="ignore"))
    return "\n".join(chunks)


@pytest.mark.build
def test_restricted_task_stays_out_of_the_public_build(tmp_path):
    project = copy_project(tmp_path)
    month = project / "content" / "programmes" / "2023-11.yaml"
    marked = SAMPLE.replace(f"    text: {RESTRICTED_TEXT}", f"    restricted: true\n    text: {RESTRICTED_TEXT}", 1)
    assert marked != SAMPLE
    month.write_text(marked, encoding="utf-8")
    public = run_build_script(project)
    assert public.returncode == 0, public.stderr
    output = _all_output_text(project / "site")
    assert RESTRICTED_TEXT not in output and "Bí mật nhà nước" not in output
    assert "Chương trình công tác tuyên giáo tháng 12/2023" in output
    # the downloads and open data exist and carry every task but that one (its id included)
    site = project / "site"
    data = json.loads((site / "du-lieu" / "nhiem-vu.json").read_text(encoding="utf-8"))
    ids = [t["id"] for t in data["tasks"]]
    assert len(ids) == 47 and "2023-11/I-4" not in ids and "2023-11/I-3" in ids
    assert "2023-11/I-4" not in (site / "du-lieu" / "nhiem-vu.csv").read_text(encoding="utf-8-sig")
    openpyxl = pytest.importorskip("openpyxl")
    for table in ("du-lieu/nhiem-vu.xlsx", "tai-ve/2023-11.xlsx", "tai-ve/phong-ban/hc-th-kg-vh-vn.xlsx"):
        sheet = openpyxl.load_workbook(site / table).active
        rows = [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)]
        assert "2023-11/I-4" not in rows and "2023-11/I-3" in rows, table
    assert "47 nhiệm vụ" in (site / "feed.xml").read_text(encoding="utf-8")
    internal = run_build_script(project, {"PORTAL_INCLUDE_RESTRICTED": "1"})
    assert internal.returncode == 0, internal.stderr
    assert RESTRICTED_TEXT in _all_output_text(project / "site-internal")


def test_restricted_month_is_left_out(tmp_path):
    content = tmp_path / "content"
    (content / "programmes").mkdir(parents=True)
    (content / "programmes" / "2023-11.yaml").write_text("restricted: true\n" + SAMPLE, encoding="utf-8")
    assert load_site(content).programmes == []
    assert len(load_site(content, include_restricted=True).programmes) == 1


def test_ten_megabyte_file_is_refused_with_a_message(tmp_path):
    path = tmp_path / "2023-11.yaml"
    path.write_text(SAMPLE + "#" + "x" * 10_000_000 + "\n", encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_yaml(path, "content/programmes/2023-11.yaml")
    assert "tệp quá lớn" in info.value.problems[0].message


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_loader_never_raises_anything_but_a_content_error(text):
    try:
        validate_programme(parse_yaml(text, "x.yaml"), "2023-11")
    except ContentError as exc:
        assert exc.problems and all(p.file == "x.yaml" and p.message for p in exc.problems)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(SAMPLE.splitlines()), max_size=60), st.text(max_size=30))
def test_loader_on_mangled_sample(lines, noise):
    text = "\n".join(lines) + noise
    try:
        validate_programme(parse_yaml(text, "x.yaml"), "2023-11")
    except ContentError as exc:
        assert all(isinstance(p.line, (int, type(None))) for p in exc.problems)


@pytest.mark.build
def test_audit_reports_a_task_missing_from_a_page(built_site):
    site = load_site(ROOT / "content")
    assert audit_site(site, built_site) == []
    page = built_site / "programmes" / "2023-11" / "index.html"
    original = page.read_text(encoding="utf-8")
    try:
        page.write_text(original.replace('data-task="2023-11/II-3"', ""), encoding="utf-8")
        problems = audit_site(site, built_site)
    finally:
        page.write_text(original, encoding="utf-8")
    assert len(problems) == 1
    assert problems[0].file == "content/programmes/2023-11.yaml" and problems[0].line
    assert "/programmes/2023-11/" in problems[0].message
