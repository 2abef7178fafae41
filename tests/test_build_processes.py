"""`make site` in service: one build at a time, site/ present at every instant, nothing left
behind by a stopped or killed build, and never fewer months than the site it replaces unless told."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import ROOT, copy_project

from portal.build.publish import (SPARE_FOLDERS_VARIABLE, build_lock, prune_empty_folders, remove_tree, spare_folders,
                                  swap_in, sweep_temporary, take_spare_folders)

sys.path.insert(0, str(ROOT / "scripts"))
from gen_archive import generate_archive  # noqa: E402

pytestmark = pytest.mark.build
SCRIPT = ROOT / "scripts" / "build_site.py"


@pytest.fixture
def project(tmp_path):
    """A project with a 6-month archive (a build of a few seconds) and its own temporary folder."""
    source = tmp_path / "source"
    generate_archive(6, seed=3, out_dir=source, start="2023-01")
    shutil.copytree(ROOT / "content" / "pages", source / "content" / "pages")
    (tmp_path / "project").mkdir()
    project = copy_project(tmp_path / "project", content=source / "content")
    (tmp_path / "tmp").mkdir()
    return project


def _env(project: Path, **extra) -> dict:
    env = {**os.environ, "TMPDIR": str(project.parent / "tmp"), "NO_MKDOCS_2_WARNING": "1", **extra}
    env.pop("ALLOW_FEWER", None)
    env.pop("PORTAL_BUILD_PARENT", None)
    return {**env, **extra}


def _start(project: Path, *args, **extra) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(SCRIPT), *args], cwd=project, env=_env(project, **extra),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


def _build(project: Path, *args, **extra) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), *args], cwd=project, env=_env(project, **extra),
                          capture_output=True, text=True, timeout=300)


def _leftovers(project: Path) -> list[str]:
    here = [p.name for p in project.iterdir() if p.name.startswith(".site.") and p.is_dir()]
    temporary = [p.name for p in (project.parent / "tmp").iterdir() if p.name.startswith("portal-")]
    return here + temporary


def _months(site: Path) -> list[str]:
    return sorted(p.name for p in (site / "programmes").iterdir() if (p / "index.html").is_file())


def test_swap_keeps_the_target_present_at_every_instant(tmp_path):
    """A reader polling site/index.html during 300 swaps never finds it missing."""
    target = tmp_path / "site"
    target.mkdir()
    (target / "index.html").write_text("0")
    missing = []
    done = threading.Event()

    def watch():
        while not done.is_set():
            if not os.path.exists(target / "index.html"):
                missing.append(time.perf_counter())

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        for n in range(300):
            staging = tmp_path / f".site.{n}"
            staging.mkdir()
            (staging / "index.html").write_text(str(n))
            swap_in(staging, target)
    finally:
        done.set()
        watcher.join()
    assert not missing
    assert (target / "index.html").read_text() == "299" and [p.name for p in tmp_path.iterdir()] == ["site"]


def _tree(root: Path, outside: Path) -> None:
    """A site-like tree: nested folders, files, hard links, an empty folder, and symlinks out of it."""
    for n in range(40):
        folder = root / "programmes" / f"2023-{n:02d}" / "sub"
        folder.mkdir(parents=True)
        (folder.parent / "index.html").write_text(str(n))
        (folder / "page.html").write_text(str(n))
        os.link(folder / "page.html", folder.parent / "linked.html")
    (root / "empty" / "deeper").mkdir(parents=True)
    (root / "to-folder").symlink_to(outside, target_is_directory=True)
    (root / "programmes" / "to-file").symlink_to(outside / "kept.txt")


def _old_and_new_site(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A folder outside the site (``kept.txt``), the previous site ``site`` (:func:`_tree`, linking out
    to it) and a finished build ``.site.new`` (one page) to swap in."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "kept.txt").write_text("giữ")
    target = tmp_path / "site"
    target.mkdir()
    _tree(target, outside)
    staging = tmp_path / ".site.new"
    staging.mkdir()
    (staging / "index.html").write_text("mới")
    return outside, target, staging


def test_the_previous_site_is_removed_whole_and_nothing_outside_it(tmp_path):
    outside, target, staging = _old_and_new_site(tmp_path)
    swap_in(staging, target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["outside", "site"]
    assert [p.name for p in target.iterdir()] == ["index.html"]
    assert [p.name for p in outside.iterdir()] == ["kept.txt"] and (outside / "kept.txt").read_text() == "giữ"


@pytest.mark.parametrize("by_descriptor", [True, False], ids=["each folder by its descriptor", "rmtree"])
def test_removing_a_tree_leaves_nothing_and_follows_no_link(tmp_path, monkeypatch, by_descriptor):
    """Each folder emptied through its descriptor, depth first, a subtree a thread; or, where the
    system lacks the calls on a descriptor, rmtree: either way nothing of the tree is left and
    nothing its links point to is touched."""
    import portal.build.publish as publish

    monkeypatch.setattr(publish, "_BY_DESCRIPTOR", by_descriptor and publish._BY_DESCRIPTOR)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "kept.txt").write_text("giữ")
    root = tmp_path / "site"
    _tree(root, outside)
    (root / "top.html").write_text("trang")
    remove_tree(root)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["outside"]
    assert (outside / "kept.txt").read_text() == "giữ"


def test_removing_a_tree_refuses_a_symlink_as_rmtree_does(tmp_path):
    real = tmp_path / "real"
    _tree(real, tmp_path)
    count = sum(1 for _ in real.rglob("*"))
    link = tmp_path / "link"
    link.symlink_to(real, target_is_directory=True)
    remove_tree(link)
    assert link.is_symlink() and sum(1 for _ in real.rglob("*")) == count
    remove_tree(real)
    remove_tree(tmp_path / "absent")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link"]


def test_two_builds_at_once_are_serialised_and_both_succeed(project):
    first = _start(project)
    time.sleep(0.3)
    second = _start(project)
    out_first, out_second = first.communicate(timeout=300), second.communicate(timeout=300)
    assert first.returncode == 0, out_first[1]
    assert second.returncode == 0, out_second[1]
    waited = out_first[1] + out_second[1]
    assert "Đang có một lần dựng khác vào site/ (tiến trình " in waited and "chờ nó xong" in waited
    assert "Traceback" not in waited
    assert _months(project / "site") == [f"2023-0{m}" for m in range(1, 7)]
    assert not _leftovers(project)


def test_a_build_refuses_to_wait_when_asked(project):
    with build_lock((project / "site").resolve(), say=lambda message: None):
        result = _build(project, "--no-wait")
    assert result.returncode == 75
    assert result.stderr.strip().startswith("Đang có một lần dựng khác vào site/ (tiến trình ")
    assert f"tiến trình {os.getpid()}," in result.stderr and not (project / "site").exists()


def _wait_for_background_job(project: Path, process: subprocess.Popen) -> None:
    """Until the build's background job is running (its temporary folder exists)."""
    deadline = time.monotonic() + 120
    while not any(p.name.startswith("portal-search-") for p in (project.parent / "tmp").iterdir()):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.01)


@pytest.mark.parametrize("signum, code, how", [(signal.SIGINT, 130, "Ctrl-C"), (signal.SIGTERM, 143, "tín hiệu dừng")])
def test_a_stopped_build_cleans_up_and_says_so_in_one_line(project, signum, code, how):
    assert _build(project).returncode == 0
    before = (project / "site" / "index.html").read_bytes()
    process = _start(project)
    _wait_for_background_job(project, process)
    if signum == signal.SIGINT:
        os.killpg(process.pid, signal.SIGINT)  # what the terminal sends on Ctrl-C
    else:
        process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=120)
    assert process.returncode == code
    assert err.strip().splitlines() == [f"Đã dừng dựng trang ({how}); site/ vẫn giữ nguyên bản trước, "
                                        "thư mục tạm đã được xóa."]
    assert not _leftovers(project)
    assert (project / "site" / "index.html").read_bytes() == before


def test_leftovers_of_a_killed_build_are_swept_at_the_next_start(project):
    """SIGKILL leaves the staging folder and the job's temporary files; the next build removes them
    (those of a live process are kept)."""
    tmp = project.parent / "tmp"
    dead = subprocess.Popen(["true"])
    dead.wait()
    (project / ".site.x1y2").mkdir()
    (project / ".site.x1y2" / "index.html").write_text("half")
    (tmp / f"portal-search-{dead.pid}-abcd").mkdir()
    (tmp / f"portal-job-{dead.pid}-efgh.err").write_text("")
    alive = tmp / f"portal-search-{os.getpid()}-live"
    alive.mkdir()
    result = _build(project)
    assert result.returncode == 0, result.stderr
    assert _leftovers(project) == [alive.name]


def test_a_killed_script_keeps_the_lock_until_its_builder_is_done(project):
    """kill -9 of build_site.py: its builder goes on holding the lock, so the next build waits,
    then sweeps the orphan's staging folder and publishes."""
    process = _start(project)
    _wait_for_background_job(project, process)
    process.kill()
    process.wait()
    result = _build(project)
    assert result.returncode == 0, result.stderr
    assert "chờ nó xong" in result.stderr
    assert not [p for p in project.iterdir() if p.name.startswith(".site.") and p.is_dir()]
    assert _months(project / "site")


def test_a_build_with_fewer_months_fails_unless_told(project):
    assert _build(project).returncode == 0
    for month in ("2023-02", "2023-05"):
        (project / "content" / "programmes" / f"{month}.yaml").unlink()
    result = _build(project)
    assert result.returncode == 3
    assert ("thiếu 2 tháng so với site/ hiện tại (6 tháng): 02/2023: tệp content/programmes/2023-02.yaml không còn "
            "(đã xóa hoặc đổi tên); 05/2023: tệp content/programmes/2023-05.yaml không còn") in result.stderr
    assert "make site ALLOW_FEWER=1" in result.stderr
    assert len(_months(project / "site")) == 6 and not _leftovers(project)
    allowed = _build(project, ALLOW_FEWER="1")
    assert allowed.returncode == 0, allowed.stderr
    assert _months(project / "site") == ["2023-01", "2023-03", "2023-04", "2023-06"]


def test_make_passes_allow_fewer(tmp_path):
    """`make site ALLOW_FEWER=1` reaches the script (make exports command-line variables)."""
    result = subprocess.run(["make", "-n", "site", "ALLOW_FEWER=1"], cwd=ROOT, capture_output=True, text=True)
    assert "portal publish" in result.stdout
    internal = subprocess.run(["make", "-n", "site-internal"], cwd=ROOT, capture_output=True, text=True)
    assert "portal publish --noi-bo" in internal.stdout
    probe = subprocess.run(["make", "-s", "-f", "-", "ALLOW_FEWER=1"], input="all:\n\t@echo $$ALLOW_FEWER\n",
                           capture_output=True, text=True)
    assert probe.stdout.strip() == "1"


def test_sweep_keeps_files_of_other_tools(tmp_path):
    (tmp_path / "portal-other").mkdir()
    (tmp_path / "pytest-of-x").mkdir()
    assert sweep_temporary(tmp_path) == []


# A builder module for the builder process (portal.build.builder_process): writes to both streams and
# to a logging handler that holds its records until it is closed, then ends as ``END`` says.
_FAKE_BUILDER = """
import logging, os, sys
from logging.handlers import MemoryHandler
held = MemoryHandler(capacity=1000, target=logging.FileHandler(os.environ["LOG_FILE"], encoding="utf-8"))
logging.getLogger("mkdocs").addHandler(held)
logging.getLogger("mkdocs").warning("nhật ký: %s", " ".join(sys.argv[1:]))
print("đầu ra", end="")
print("lỗi ra", end="", file=sys.stderr)
exec(os.environ["END"])
"""

# A publisher starting the fake builder as portal.build.publish does: forked, given its environment.
_FORKING_PUBLISHER = """
import json, os, sys
from portal.build import builder_process
lock_fd = os.open(os.devnull, os.O_RDONLY)
process = builder_process.fork("fake_builder", ["build", "--strict"], json.loads(sys.argv[1]), lock_fd)
assert "END" not in os.environ  # the builder has the environment it was given, not this one
with open(sys.argv[2], "w") as end:
    end.write(str(process.wait()))  # its return code as Popen's would be
"""


@pytest.mark.parametrize("end, code, stderr_end", [
    ("pass", 0, "lỗi ra"),
    ("sys.exit(0)", 0, "lỗi ra"),
    ("sys.exit(3)", 3, "lỗi ra"),
    ("sys.exit('Dựng trang thất bại')", 1, "lỗi raDựng trang thất bại\n"),
    ("raise RuntimeError('hỏng')", 1, "RuntimeError: hỏng\n"),
    ("raise KeyboardInterrupt", -signal.SIGINT, "KeyboardInterrupt\n"),
])
@pytest.mark.parametrize("started", ["python -m", "fork"])
def test_the_builder_process_ends_as_the_builder_did_with_nothing_it_wrote_lost(tmp_path, started, end, code, stderr_end):
    """The publisher's builder process ends without Python's teardown after a good build: the streams
    and the logging handlers are flushed first; a failed build ends as Python ends it."""
    (tmp_path / "fake_builder").mkdir()
    (tmp_path / "fake_builder" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "fake_builder" / "__main__.py").write_text(_FAKE_BUILDER, encoding="utf-8")
    log = tmp_path / "log.txt"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)]), "PYTHONIOENCODING": "utf-8"}
    builder_env = {"LOG_FILE": str(log), "END": end}
    if started == "python -m":
        command = [sys.executable, "-m", "portal.build.builder_process", "fake_builder", "build", "--strict"]
        env.update(builder_env)
    else:  # as the publisher starts it: forked, with the environment it is given, in its own session
        command = [sys.executable, "-c", _FORKING_PUBLISHER, json.dumps({**env, **builder_env}), str(tmp_path / "code")]
    result = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", env=env, cwd=tmp_path, timeout=60)
    returncode = result.returncode if started == "python -m" else int((tmp_path / "code").read_text())
    assert returncode == code, result.stderr
    assert result.stdout == "đầu ra"
    assert result.stderr.startswith("lỗi ra") and result.stderr.endswith(stderr_end)
    assert log.read_text(encoding="utf-8") == "nhật ký: build --strict\n"


def _spare(tmp_path: Path) -> tuple[Path, Path]:
    """The kept folders of ``site`` (a month's folders, an empty one) and an empty staging folder."""
    spare = spare_folders(tmp_path / "site")
    for month in ("2023-10", "2023-11"):
        (spare / "programmes" / month).mkdir(parents=True)
    (spare / "assets" / "old").mkdir(parents=True)
    staging = tmp_path / ".site.abc123"
    staging.mkdir()
    return spare, staging


def test_a_build_takes_in_only_the_kept_folders_its_files_lie_in(tmp_path, monkeypatch):
    spare, staging = _spare(tmp_path)
    monkeypatch.setenv(SPARE_FOLDERS_VARIABLE, str(spare))
    files = ["index.html", "programmes/2023-11/index.html", "programmes/2023-10"]  # 2023-10: now a file
    assert take_spare_folders(staging, files) == 2  # programmes, programmes/2023-11
    assert sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*")) == ["programmes", "programmes/2023-11"]
    assert not spare.exists()


@pytest.mark.parametrize("stray", ["file", "link", "folder link", "mode"])
def test_kept_folders_holding_anything_else_are_not_taken(tmp_path, monkeypatch, stray):
    spare, staging = _spare(tmp_path)
    monkeypatch.setenv(SPARE_FOLDERS_VARIABLE, str(spare))
    month = spare / "programmes" / "2023-11"
    if stray == "file":
        (month / "index.html").write_text("cũ")
    elif stray == "link":
        (month / "index.html").symlink_to(tmp_path / "elsewhere.html")
    elif stray == "folder link":
        (month / "sub").symlink_to(tmp_path, target_is_directory=True)
    else:
        month.chmod(0o700)
    assert take_spare_folders(staging, ["programmes/2023-11/index.html", "programmes/2023-11/sub/x.html"]) == 0
    assert list(staging.iterdir()) == []


def test_kept_folders_are_taken_only_by_a_build_of_their_site_into_an_empty_folder(tmp_path, monkeypatch):
    spare, staging = _spare(tmp_path)
    files = ["programmes/2023-11/index.html"]
    assert take_spare_folders(staging, files) == 0  # no variable: not under the publisher
    monkeypatch.setenv(SPARE_FOLDERS_VARIABLE, str(spare))
    other = tmp_path / "preview"  # mkdocs build --site-dir preview, the variable left in the shell
    other.mkdir()
    assert take_spare_folders(other, files) == 0
    internal = tmp_path / ".site-internal.abc123"  # another target's staging
    internal.mkdir()
    assert take_spare_folders(internal, files) == 0
    elsewhere = tmp_path / "elsewhere"
    spare.rename(elsewhere)
    spare.symlink_to(elsewhere, target_is_directory=True)  # a link named as the kept folders
    assert take_spare_folders(staging, files) == 0 and list(staging.iterdir()) == []
    spare.unlink()
    elsewhere.rename(spare)
    (staging / "written.html").write_text("")
    assert take_spare_folders(staging, files) == 0
    assert sorted(p.name for p in staging.iterdir()) == ["written.html"] and spare.is_dir()


def test_the_previous_site_is_kept_as_folders_only_when_asked(tmp_path):
    outside, target, staging = _old_and_new_site(tmp_path)
    swap_in(staging, target, keep=True)
    spare = spare_folders(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == [spare.name, "outside", "site"]
    assert [p for p in spare.rglob("*") if not p.is_dir() or p.is_symlink()] == []  # every file and link gone
    assert (spare / "programmes" / "2023-05" / "sub").is_dir() and (spare / "empty" / "deeper").is_dir()
    assert [p.name for p in outside.iterdir()] == ["kept.txt"] and (outside / "kept.txt").read_text() == "giữ"


def test_folders_a_build_left_empty_are_pruned(tmp_path):
    (tmp_path / "a" / "b" / "c").mkdir(parents=True)
    (tmp_path / "a" / "page").mkdir()
    (tmp_path / "a" / "page" / "index.html").write_text("")
    prune_empty_folders(tmp_path)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == [
        "a", "a/page", "a/page/index.html"]


@pytest.mark.parametrize("command, threads, started", [
    ([sys.executable, "-m", "portal.build.builder_process", "mkdocs", "build"], 1, "fork"),
    ([sys.executable, "-m", "portal.build.builder_process", "mkdocs", "build"], 2, "popen"),  # a fork copies one thread
    (["other-python", "-m", "portal.build.builder_process", "mkdocs", "build"], 1, "popen"),
    ([sys.executable, "-m", "mkdocs", "build"], 1, "popen"),
])
def test_the_publisher_forks_only_its_own_builder_process_and_only_with_no_other_thread(monkeypatch, command, threads,
                                                                                         started):
    from portal.build import publish as publishing

    class Ended:
        def wait(self) -> int:
            return 0

    calls: list[str] = []
    monkeypatch.setattr(publishing.builder_process, "fork", lambda *args: calls.append("fork") or Ended())
    monkeypatch.setattr(publishing.subprocess, "Popen", lambda *args, **kwargs: calls.append("popen") or Ended())
    monkeypatch.setattr(publishing.threading, "active_count", lambda: threads)
    assert publishing._run_builder(command, {}, 3) == 0
    assert calls == [started]
