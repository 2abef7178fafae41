"""The builder's static files (the theme's scripts, styles and images, the project's own) in a one-off
build with the build cache: links to the cache's copy of their bytes, never written afresh, and the
site the same as a build without a cache. An edited source is seen by the next build; a site file
changed in place is not given again. (A dirty build copies them as the builder does.)"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import material
import pytest
from conftest import HOOKS_BUILDER, copy_project, mkdocs_build

ENV = {"SOURCE_DATE_EPOCH": "1700000000", "PORTAL_BUILD_CACHE": ""}
OWN_STYLE = Path("assets") / "stylesheets" / "portal.css"  # the project's (theme_overrides/)
THEME_SCRIPT = Path("assets") / "javascripts" / "lunr" / "min" / "lunr.vi.min.js"  # Material's
THEME_IMAGE = Path("assets") / "images" / "favicon.png"  # Material's

pytestmark = [pytest.mark.build,
              pytest.mark.skipif(not HOOKS_BUILDER, reason="the hooks put the static files in the site")]


def _same_tree(first: Path, second: Path) -> str:
    result = subprocess.run(["diff", "-r", str(first), str(second)], capture_output=True, text=True)
    return result.stdout[:3000] if result.returncode else ""


def _static_store(project: Path) -> Path:
    return project / ".cache" / "build" / "public" / "static-files"


def _entry_of(project: Path, file: Path) -> Path | None:
    """The cache's entry that is ``file`` (the same inode), if any."""
    inode = file.stat().st_ino
    return next((entry for entry in _static_store(project).iterdir() if entry.stat().st_ino == inode), None)


@pytest.fixture()
def project(tmp_path) -> Path:
    (tmp_path / "project").mkdir()
    return copy_project(tmp_path / "project")


def test_static_files_are_links_to_the_cache_and_an_edited_source_is_seen(project, tmp_path):
    first = mkdocs_build(project, env=ENV)
    assert first.returncode == 0, first.stderr
    site = project / "site"
    theme_dir = Path(material.__file__).parent / "templates"
    for relative in (OWN_STYLE, THEME_SCRIPT, THEME_IMAGE):
        built = site / relative
        assert built.stat().st_nlink >= 2, relative  # a link, not a copy
        assert _entry_of(project, built) is not None, relative
    assert (site / THEME_SCRIPT).read_bytes() == (theme_dir / THEME_SCRIPT).read_bytes()
    assert (site / OWN_STYLE).read_bytes() == (project / "theme_overrides" / OWN_STYLE).read_bytes()
    first_style = (site / OWN_STYLE).read_bytes()
    shutil.move(site, tmp_path / "site-first")

    source = project / "theme_overrides" / OWN_STYLE
    source.write_text(source.read_text(encoding="utf-8") + "\n.portal-moi { color: #123456; }\n", encoding="utf-8")
    warm = mkdocs_build(project, env=ENV)
    assert warm.returncode == 0, warm.stderr
    assert (site / OWN_STYLE).read_bytes() == source.read_bytes()
    assert (site / THEME_SCRIPT).stat().st_ino == (tmp_path / "site-first" / THEME_SCRIPT).stat().st_ino
    # the first site's file (the old entry's) kept its bytes, and the store holds only what this build used
    assert (tmp_path / "site-first" / OWN_STYLE).read_bytes() == first_style
    assert _entry_of(project, tmp_path / "site-first" / OWN_STYLE) is None
    shutil.move(site, tmp_path / "site-warm")

    full = mkdocs_build(project, env={**ENV, "PORTAL_BUILD_CACHE": "0"})
    assert full.returncode == 0, full.stderr
    assert (site / THEME_SCRIPT).stat().st_nlink == 1  # without the cache the builder copies them
    assert _same_tree(tmp_path / "site-warm", site) == ""


def test_a_static_file_changed_in_place_in_the_site_is_not_given_again(project, tmp_path):
    """A site's static file and its cache entry are one file: changed in place after the build (same
    size, so only its stamp tells), it must not come back in the next build."""
    assert mkdocs_build(project, env=ENV).returncode == 0
    built = project / "site" / THEME_SCRIPT
    original = built.read_bytes()
    with built.open("r+b") as handle:
        handle.write(b"X" * 16)
    shutil.move(project / "site", tmp_path / "site-damaged")
    warm = mkdocs_build(project, env=ENV)
    assert warm.returncode == 0, warm.stderr
    assert (project / "site" / THEME_SCRIPT).read_bytes() == original

