"""Only what the office decided to publish reaches site/: no variable, flag, stray file or script gets
past the build. Each test tries a leak as a careless colleague would, then reads every file of the
public site (Word and Excel files unzipped) for the restricted or draft marker."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, copy_project

from portal.build.options import BuildOptions, Edition
from portal.cli import main

pytestmark = pytest.mark.build
SECRET = "HANCHE7Q4Z mật nội dung không công bố"
DRAFT = "DUTHAO5K2W nội dung dự thảo chưa ký"


def site_text(site: Path) -> str:
    """Every file of a built site as text, lower case, archives (.docx, .xlsx) unzipped."""
    parts = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        raw = path.read_bytes()
        if raw[:2] == b"PK":
            with zipfile.ZipFile(path) as archive:
                raw = b"".join(archive.read(name) for name in archive.namelist())
        parts.append(raw.decode("utf-8", errors="ignore"))
    return "\n".join(parts).lower()


def markers(site: Path) -> set[str]:
    text = site_text(site) if site.exists() else ""
    return {name for name, mark in (("restricted", "hanche7q4z"), ("draft", "duthao5k2w")) if mark in text}


def _set_text(path: Path, old_line_start: str, new_text: str, extra: str = "") -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith(old_line_start))
    lines[at] = f"    text: {new_text}\n{extra}"
    path.write_text("".join(lines), encoding="utf-8")


@pytest.fixture
def project(tmp_path) -> Path:
    """The sample with a draft next month (a marker in it) and one restricted task with two items
    (markers in them)."""
    (tmp_path / "project").mkdir()
    project = copy_project(tmp_path / "project")
    content = project / "content"
    assert main(["draft", "2023-12", "--content", str(content)]) == 0
    _set_text(content / "programmes" / "2023-12.yaml", "    text: ", DRAFT)
    month = content / "programmes" / "2023-11.yaml"
    _set_text(month, "    text: ", SECRET, "    restricted: true\n")
    # items of the restricted task, not marked themselves: restricted with it
    items = "".join(f"  - number: '1.{n}'\n    text: Việc con {n} HANCHE7Q4Z\n    lead: Phòng HC-TH, KG, VH-VN\n"
                    f"    deadline: 20/11/2023\n" for n in (1, 2))
    text = month.read_text(encoding="utf-8")
    month.write_text(text.replace("  - number: '2'\n", items + "  - number: '2'\n", 1), encoding="utf-8")
    return project


def run(project: Path, *args, **env) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items()
               if not k.startswith("PORTAL_") and k not in ("ALLOW_FEWER", "SOURCE_DATE_EPOCH")}
    environ.update(NO_MKDOCS_2_WARNING="1", TMPDIR=str(project.parent), **env)
    return subprocess.run([sys.executable, *args], cwd=project, env=environ, capture_output=True, text=True,
                          timeout=600)


def publish(project: Path, *args, **env) -> subprocess.CompletedProcess:
    return run(project, "-m", "portal.cli", "publish", *args, **env)


def test_the_preview_switch_does_not_publish_a_draft(project):
    result = publish(project, PORTAL_INCLUDE_DRAFTS="1")
    assert result.returncode == 0, result.stderr
    assert "PORTAL_INCLUDE_DRAFTS=1 chỉ dùng cho bản xem trước" in result.stderr
    assert markers(project / "site") == set()
    assert not (project / "site" / "tai-ve" / "chuong-trinh-2023-12.docx").exists()
    # the build script and a bare builder run take the same rule
    script = run(project, str(ROOT / "scripts" / "build_site.py"), PORTAL_INCLUDE_DRAFTS="1")
    assert script.returncode == 0 and markers(project / "site") == set()
    bare = run(project, "-m", "mkdocs", "build", "--strict", "--site-dir", "site", PORTAL_INCLUDE_DRAFTS="1")
    assert bare.returncode == 0, bare.stderr
    assert markers(project / "site") == set()


def test_the_internal_edition_never_goes_into_site(project):
    built = run(project, "-m", "portal.cli", "build", PORTAL_INCLUDE_RESTRICTED="1")
    assert built.returncode == 0, built.stderr
    assert markers(project / "site-internal") == {"restricted", "draft"}
    assert not (project / "site").exists()
    attempts = [
        ("-m", "portal.cli", "build", "--site-dir", "site"),
        ("-m", "portal.cli", "publish", "--noi-bo", "--site-dir", "site"),
        ("-m", "portal.cli", "publish", "--noi-bo", "--site-dir", "site/noi-bo/site-internal"),
        ("-m", "mkdocs", "build", "--strict"),
        ("-m", "portal.build.render_build", "--site-dir", "site"),
    ]
    assert publish(project).returncode == 0  # the public site exists: nothing may reach it
    shutil.copytree(project / "site", project / "srv-copy")  # a public site copied elsewhere (the server's)
    attempts.append(("-m", "portal.cli", "publish", "--noi-bo", "--site-dir", "srv-copy"))
    for attempt in attempts:
        result = run(project, *attempt, PORTAL_INCLUDE_RESTRICTED="1")
        assert result.returncode != 0, attempt
        assert "Traceback" not in result.stderr, result.stderr
        assert "site-internal/" in result.stderr, result.stderr
        assert markers(project / "site") == set() and markers(project / "srv-copy") == set(), attempt
    # the variable a publisher hands its builder, set by hand, does not steer a publisher
    internal = BuildOptions(edition=Edition.INTERNAL).to_json()
    result = publish(project, "--site-dir", "site", PORTAL_BUILD_OPTIONS=internal)
    assert result.returncode == 0 and markers(project / "site") == set()


def test_a_linked_site_folder_is_refused(project):
    assert publish(project, "--noi-bo").returncode == 0
    (project / "site").symlink_to("site-internal")
    result = publish(project)
    assert result.returncode == 2 and "liên kết tượng trưng" in result.stderr
    os.unlink(project / "site")
    (project / "site-internal").rename(project / "khac")
    (project / "site-internal").symlink_to(project / "site")
    result = publish(project, "--noi-bo")
    assert result.returncode == 2 and "liên kết tượng trưng" in result.stderr


def _month_pages(site: Path) -> list[str]:
    return sorted(p.name for p in (site / "programmes").iterdir() if (p / "index.html").is_file())


@pytest.mark.parametrize("mark, reason", [("restricted", "đã đánh dấu hạn chế («restricted: true», "
                                                         "content/programmes/2023-11.yaml dòng 13)"),
                                          ("draft", "đã chuyển lại thành dự thảo («draft: true», "
                                                    "content/programmes/2023-11.yaml dòng 13)")])
def test_a_withdrawn_month_leaves_at_once_and_is_named(project, mark, reason):
    month = project / "content" / "programmes" / "2023-11.yaml"
    assert publish(project).returncode == 0
    assert _month_pages(project / "site") == ["2023-11"]
    text = month.read_text(encoding="utf-8")
    month.write_text(text.replace("month: 2023-11\n", f"month: 2023-11\n{mark}: true\n", 1), encoding="utf-8")
    result = publish(project)
    assert result.returncode == 0, result.stderr
    assert f"Rút khỏi site/ tháng 11/2023: {reason}." in result.stderr
    assert _month_pages(project / "site") == []
    assert 'data-task="2023-11/' not in site_text(project / "site")
    assert not (project / "site" / "tai-ve" / "chuong-trinh-2023-11.docx").exists()


@pytest.mark.parametrize("make, name, line", [
    (lambda pages, content: (pages / "ban-sao.yaml").write_bytes((content / "programmes" / "2023-11.yaml").read_bytes()),
     "content/pages/ban-sao.yaml", None),
    (lambda pages, content: (pages / "passwd.txt").symlink_to("/etc/passwd"), "content/pages/passwd.txt", None),
    (lambda pages, content: (pages / "khac").symlink_to(content.parent.parent), "content/pages/khac", None),
    (lambda pages, content: (pages / "thu.md").write_text("# Thử\n\nChữ.\n\n<img src=x onerror=\"alert(1)\">\n"),
     "content/pages/thu.md", 5),
    (lambda pages, content: (pages / "thu.md").write_text(f"# Thử\n\nChép lại: {SECRET}\n"), "content/pages/thu.md", 3),
    (lambda pages, content: (pages / "thang.md").symlink_to(content / "programmes" / "2023-11.yaml"),
     "content/pages/thang.md", 29),
])
def test_hand_written_pages_publish_only_pages(project, make, name, line):
    assert publish(project).returncode == 0
    before = site_text(project / "site")
    make(project / "content" / "pages", project / "content")
    result = publish(project)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    where = f"Lỗi: {name}" + (f", dòng {line}:" if line else ":")
    assert where in result.stderr, result.stderr
    assert site_text(project / "site") == before and markers(project / "site") == set()
    check = run(project, "-m", "portal.cli", "check")
    assert check.returncode == 1 and where in check.stderr


def test_a_warning_fails_the_published_build_as_strict_says(project):
    """The publisher runs the builder with ``--strict`` and ``--quiet``; quiet must not silence what
    strict stops for: a hand-written page linking to a page that does not exist is not published."""
    assert publish(project).returncode == 0
    before = site_text(project / "site")
    (project / "content" / "pages" / "thu-lien-ket.md").write_text(
        "# Thử liên kết\n\nXem [trang không có](khong-co-trang-nay.md).\n", encoding="utf-8")
    result = publish(project)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "khong-co-trang-nay.md" in result.stderr, result.stderr
    assert "vẫn giữ nguyên bản trước" in result.stderr
    assert site_text(project / "site") == before
    (project / "content" / "pages" / "thu-lien-ket.md").write_text(
        "# Thử liên kết\n\nXem [hướng dẫn](huong-dan.md).\n", encoding="utf-8")
    assert publish(project).returncode == 0


# ---- the previous site's folders, kept for the next build (portal.build.publish.keep_folders) ----

def _tree_of(site: Path) -> dict[str, bytes | None]:
    """Every path of a site (folders as None, files by their bytes), the build's log files aside."""
    return {p.relative_to(site).as_posix(): None if p.is_dir() else p.read_bytes()
            for p in site.rglob("*") if not p.name.startswith("log-")}


def _same_as_fresh(project: Path, builder: str = "mkdocs") -> None:
    """site/ is byte for byte, folder for folder, what a build into an empty folder makes."""
    fresh = project / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    result = publish(project, "--builder", builder, "--site-dir", str(fresh), PORTAL_BUILD_CACHE="0")
    assert result.returncode == 0, result.stderr
    assert _tree_of(project / "site") == _tree_of(fresh)
    assert [p for p in (project / "site").rglob("*") if p.is_dir() and not any(p.iterdir())] == []


@pytest.mark.parametrize("builder", ["mkdocs", "properdocs"])
def test_a_site_built_in_the_previous_sites_folders_equals_one_built_afresh(project, builder):
    """The publisher keeps the previous site's folders, emptied of every file, and the next build takes
    them in (no folder made or removed a page): the site is still the one a build into an empty folder
    makes, with no folder of a month that left. Both builders that run the hooks take them."""
    pytest.importorskip(builder)
    assert publish(project, "--builder", builder).returncode == 0
    assert publish(project, "--builder", builder).returncode == 0  # the first site's folders are kept, emptied
    spare = project / ".site-folders"
    assert spare.is_dir() and (spare / "programmes" / "2023-11").is_dir()
    assert [p for p in spare.rglob("*") if not p.is_dir() or p.is_symlink()] == []
    kept = (spare / "programmes").stat().st_ino
    month = project / "content" / "programmes" / "2023-11.yaml"
    text = month.read_text(encoding="utf-8")
    month.write_text(text.replace("month: 2023-11\n", "month: 2023-11\nrestricted: true\n", 1), encoding="utf-8")
    result = publish(project, "--builder", builder)  # built in the kept folders, 2023-11's among them
    assert result.returncode == 0, result.stderr
    assert (project / "site" / "programmes").stat().st_ino == kept  # taken in, not made
    assert not (project / "site" / "programmes" / "2023-11").exists()  # the month left: its folder too
    _same_as_fresh(project, builder)


def test_nothing_put_in_the_kept_folders_reaches_the_site(project):
    """A file or a link someone put in the kept folders is not published: the tree is not taken."""
    assert publish(project).returncode == 0
    assert publish(project).returncode == 0
    spare = project / ".site-folders"
    (spare / "programmes" / "2023-11" / "stray.html").write_text(SECRET, encoding="utf-8")
    (spare / "programmes" / "linked").symlink_to(project / "content", target_is_directory=True)
    assert publish(project).returncode == 0
    assert "restricted" not in markers(project / "site")
    _same_as_fresh(project)


def test_a_kept_folder_where_the_build_writes_a_file_is_not_taken(project):
    """A path that was a folder (and is now a file) does not stay a folder: the build writes its file.
    Pages, the theme's files and the files the portal writes itself (search index, downloads)."""
    assert publish(project).returncode == 0
    assert publish(project).returncode == 0
    spare = project / ".site-folders"
    site = project / "site"
    written = ["index.html", "404.html", "sitemap.xml", "programmes/2023-11/index.html",
               "search/index.json", *(p.relative_to(site).as_posix() for p in (site / "tai-ve").rglob("*.xlsx"))]
    for name in written:
        assert (site / name).is_file(), name
        (spare / name / "deeper").mkdir(parents=True)
    assert publish(project).returncode == 0
    assert all((site / name).is_file() for name in written)
    _same_as_fresh(project)


def test_a_partial_or_missing_spare_tree_builds_the_same_site(project):
    """Kept folders removed in part (a user, a crash half way) or whole: the folders are made as usual."""
    assert publish(project).returncode == 0
    assert publish(project).returncode == 0
    spare = project / ".site-folders"
    shutil.rmtree(spare / "programmes")
    assert publish(project).returncode == 0
    _same_as_fresh(project)
    shutil.rmtree(spare)
    assert publish(project).returncode == 0
    _same_as_fresh(project)


def test_a_builder_without_the_hooks_is_not_offered_the_kept_folders(project):
    """Zensical runs no hooks (it builds a rendered project): it gets no kept folders, and its site is
    the one it builds into an empty folder."""
    pytest.importorskip("zensical")
    assert publish(project).returncode == 0
    assert publish(project).returncode == 0
    assert (project / ".site-folders").is_dir()
    result = publish(project, "--builder", "zensical")
    assert result.returncode == 0, result.stderr
    assert (project / ".site-folders").is_dir()  # not taken; replaced by the next build that runs the hooks
    _same_as_fresh(project, "zensical")
