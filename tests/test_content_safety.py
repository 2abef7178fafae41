"""Edits of the month files lose nothing and leave nothing half-written; documents that leave the
building carry no restricted task unless asked; every failure is one Vietnamese line."""
from __future__ import annotations

import errno
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from portal.cli import main
from portal.content import editing
from portal.content.loader import load_programme

STATUSES = ["Hoàn thành", "Chưa thực hiện", "Không thực hiện", "Chuyển sang tháng sau"]


@pytest.fixture
def content(tmp_path) -> Path:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    return tmp_path / "content"


def _statuses(content: Path) -> dict[str, str]:
    programme = load_programme(content / "programmes" / "2023-11.yaml")
    return {f"{t.section}.{t.number}": t.status for t in programme.tasks()}


def test_two_status_edits_at_once_are_both_kept(content):
    """Two clerks record two tasks' progress at the same instant, again and again: no edit is lost."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    tasks = ["I.1", "II.2"]
    for round_ in range(16):
        wanted = {task: STATUSES[(round_ + i) % len(STATUSES)] for i, task in enumerate(tasks)}
        runs = [subprocess.Popen([sys.executable, "-m", "portal.cli", "status", "2023-11", task, status,
                                  "--content", str(content)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                for task, status in wanted.items()]
        for run in runs:
            out, err = run.communicate(timeout=120)
            assert run.returncode == 0, err.decode()
        found = _statuses(content)
        assert {task: found[task] for task in tasks} == wanted, round_
    assert not [p for p in (content / "programmes").iterdir() if p.name.startswith(".")]


def test_a_written_file_is_synced_with_its_folder(tmp_path, monkeypatch):
    synced = []
    real = os.fsync

    def spy(fd):
        synced.append(os.path.realpath(f"/proc/self/fd/{fd}"))
        real(fd)

    monkeypatch.setattr(os, "fsync", spy)
    editing.write_atomically(tmp_path / "2023-11.yaml", "month: 2023-11\n")
    assert len(synced) == 2 and synced[-1] == str(tmp_path.resolve())
    assert (tmp_path / "2023-11.yaml").read_text() == "month: 2023-11\n"


@pytest.mark.parametrize("code, words", [(errno.ENOSPC, "ổ đĩa đầy"), (errno.EROFS, "ổ đĩa chỉ cho đọc"),
                                         (errno.EACCES, "không có quyền truy cập")])
def test_status_on_a_full_or_read_only_disk_says_so_in_one_line(content, monkeypatch, capsys, code, words):
    before = (content / "programmes" / "2023-11.yaml").read_bytes()

    def fail(fd):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "fsync", fail)
    assert main(["status", "2023-11", "I.1", "Hoàn thành", "--content", str(content)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("Lỗi: không ghi được tệp ") and words in err[0], err
    assert "2023-11.yaml" in err[0] and "Tệp dữ liệu vẫn như trước" in err[0]
    assert (content / "programmes" / "2023-11.yaml").read_bytes() == before
    assert not [p for p in (content / "programmes").iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize("command", [["status", "{m}", "I.1", "Hoàn thành"], ["draft", "{m}"],
                                     ["report", "{m}", "--docx", "x.docx"], ["export", "{m}", "--docx", "x.docx"],
                                     ["import", "ctr.txt", "--month", "{m}"]])
@pytest.mark.parametrize("month, hint", [("11/2023", "2023-11"), ("../../x", "2023-11"), ("2023-11/../../etc", "2023-11"),
                                         ("T12.2023", "2023-12"), ("2023-00", "2023-11")])
def test_every_month_argument_is_checked_with_the_form_to_write(content, capsys, command, month, hint):
    argv = [part.replace("{m}", month) for part in command] + ["--content", str(content)]
    assert main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("Lỗi: ") and f"«{month}»" in err[0]
    assert f"portal {command[0]} {hint}" in err[0] or f"--month {hint}" in err[0], err


def _restrict(content: Path) -> None:
    """Task I.1 restricted, with two sub-items added under it that are not marked."""
    path = content / "programmes" / "2023-11.yaml"
    text = path.read_text(encoding="utf-8")
    old = "    status: Đang thực hiện\n  - number: '2'\n"
    items = "".join(f"  - number: '1.{n}'\n    text: Việc con {n} của nhiệm vụ mật KÍN{n}\n    lead: Phòng HC-TH, KG, VH-VN\n"
                    f"    deadline: 20/11/2023\n" for n in (1, 2))
    assert old in text
    text = text.replace(old, "    status: Đang thực hiện\n    restricted: true\n" + items + "  - number: '2'\n", 1)
    path.write_text(text, encoding="utf-8")


def test_a_restricted_task_restricts_its_items(content):
    _restrict(content)
    tasks = {t.number: t for t in load_programme(content / "programmes" / "2023-11.yaml").sections[0].tasks}
    assert tasks["1"].restricted and tasks["1.1"].restricted and tasks["1.2"].restricted
    assert not tasks["2"].restricted


def test_leaving_restricted_tasks_out_leaves_the_loaded_programmes_as_they_were(content):
    """The loaded programmes outlive the public edition's selection (a preview reuses its parsed files
    for the next rebuild): taking the restricted tasks out of them in place made the next selection
    find nothing withheld, so nothing was checked for it."""
    from portal.build.site import drop_restricted

    _restrict(content)
    loaded = [load_programme(content / "programmes" / "2023-11.yaml")]
    keys = [(task.section, task.number) for task in loaded[0].tasks()]
    restricted = [(task.section, task.number) for task in loaded[0].tasks() if task.restricted]
    assert len(restricted) == 3
    for _ in range(2):  # as a preview's rebuilds do, on the same loaded programmes
        withheld: list = []
        public = drop_restricted(loaded, withheld)
        assert [(task.section, task.number) for task in withheld] == restricted
        assert [(task.section, task.number) for task in public[0].tasks()] == [k for k in keys if k not in restricted]
        assert public[0].month == loaded[0].month and [s.key for s in public[0].sections] == \
            [s.key for s in loaded[0].sections]
    assert [(task.section, task.number) for task in loaded[0].tasks()] == keys


def _docx_text(path: Path) -> str:
    import docx

    document = docx.Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.mark.parametrize("command", ["export", "report"])
def test_documents_leave_restricted_tasks_out_unless_asked(content, tmp_path, capsys, command):
    _restrict(content)
    secret = "Báo cáo công tác tuyên giáo năm 2023 và nhiệm vụ trọng tâm năm 2024"
    public, internal = tmp_path / "cong-khai.docx", tmp_path / "noi-bo.docx"
    capsys.readouterr()
    assert main([command, "2023-11", "--docx", str(public), "--content", str(content)]) == 0
    assert "Ghi chú: bỏ 3 nhiệm vụ hạn chế của tháng 2023-11" in capsys.readouterr().err  # task 1 and its two items
    text = _docx_text(public)
    assert secret not in text and "KÍN1" not in text and "KÍN2" not in text and "BẢN NỘI BỘ" not in text
    assert main([command, "2023-11", "--docx", str(internal), "--content", str(content), "--noi-bo"]) == 0
    text = _docx_text(internal)
    assert text.startswith("BẢN NỘI BỘ – CÓ NỘI DUNG HẠN CHẾ") and "KÍN1" in text
    import docx

    assert docx.Document(str(internal)).core_properties.category == "Nội bộ"
    month = content / "programmes" / "2023-11.yaml"
    month.write_text("restricted: true\n" + month.read_text(encoding="utf-8"), encoding="utf-8")
    capsys.readouterr()
    assert main([command, "2023-11", "--docx", str(public), "--content", str(content)]) == 2
    err = capsys.readouterr().err
    assert "nội dung hạn chế" in err and f"portal {command} 2023-11 --docx {public} --noi-bo" in err


def test_a_full_disk_in_the_build_job_is_named_not_called_a_search_error(tmp_path):
    """The forked job that writes the search index and downloads meets a full disk (or TMPDIR): the
    build says which file and what to do, not «Không tạo được chỉ mục tìm kiếm»."""
    from portal.build.background import BackgroundJob
    from portal.content.errors import file_error

    target = tmp_path / "search" / "words" / "1.json"

    def work() -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))

    job = BackgroundJob(work).start()
    with pytest.raises(OSError) as info:
        job.join()
    assert info.value.errno == errno.ENOSPC and info.value.filename == str(target)
    line = file_error(info.value, info.value.filename)
    assert line == (f"Lỗi: không ghi được tệp {target} (ổ đĩa đầy); hãy giải phóng chỗ trống (xóa tệp không dùng, "
                    "dọn thư mục tạm) rồi chạy lại.")
