"""`portal export` and `portal deadline` on bad arguments or input: one clear Vietnamese line on
stderr, a non-zero exit, never a traceback."""
from __future__ import annotations

import os
import subprocess
import sys
import unicodedata

import pytest
from conftest import ROOT


def _portal(*args, stdin: bytes = b"", cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "portal.cli", *args], input=stdin, capture_output=True, cwd=cwd,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"})


def _one_line(result: subprocess.CompletedProcess) -> str:
    err = result.stderr.decode("utf-8")
    assert result.returncode != 0, err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("Lỗi: ")
    return lines[0]


def test_export_to_a_folder(tmp_path):
    line = _one_line(_portal("export", "2023-11", "--docx", str(tmp_path)))
    assert "là một thư mục" in line and ".docx" in line


def test_export_to_a_read_only_file(tmp_path):
    target = tmp_path / "ct.docx"
    target.write_bytes(b"old")
    target.chmod(0o444)
    line = _one_line(_portal("export", "2023-11", "--docx", str(target)))
    assert "chỉ đọc" in line and target.read_bytes() == b"old"


def test_export_under_a_path_that_is_a_file(tmp_path):
    (tmp_path / "a").write_text("x")
    line = _one_line(_portal("export", "2023-11", "--docx", str(tmp_path / "a" / "ct.docx")))
    assert f"không ghi được tệp {tmp_path / 'a' / 'ct.docx'}" in line


@pytest.mark.parametrize("month", ["11/2023", "2023-11.yaml", "2023-13", "tháng 11"])
def test_export_with_a_month_not_yyyy_mm(tmp_path, month):
    line = _one_line(_portal("export", month, "--docx", str(tmp_path / "x.docx")))
    assert f"«{month}»" in line and "portal export 2023-11" in line


@pytest.mark.parametrize("data", [unicodedata.normalize("NFD", "Trước ngày 25/11/2023\n").encode("cp1258", "replace"), "Hàng tuần\n".encode("utf-16"),
                                  b"30/11/2023\n\xff\xfe\n"])
def test_deadline_with_input_not_utf8(data):
    line = _one_line(_portal("deadline", stdin=data))
    assert "UTF-8" in line and "dòng" in line


def test_deadline_still_reads_utf8_with_bom():
    result = _portal("deadline", "--month", "2023-11", stdin="\ufeffTrước ngày 25/11/2023\n".encode("utf-8"))
    assert result.returncode == 0 and b'"end": "2023-11-24"' in result.stdout
