"""The three builders: one place gives their commands; Zensical's route builds the whole site
(every page, links that resolve, the search box, Material's header); ``portal audit`` on any site;
ProperDocs' dirty preview passes strict mode."""
from __future__ import annotations

import importlib.util
import json
import posixpath
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import ROOT, copy_project, mkdocs_build
from htmlpage import parse, text_of

from portal.build import builders
from portal.build.audit import audit_site, missing_pages
from portal.build.site import load_site, render_pages
from portal.build.options import BuildOptions
from portal.cli import main

needs_zensical = pytest.mark.skipif(importlib.util.find_spec("zensical") is None,
                                    reason="Zensical is not installed (pip install -r requirements-builders.lock)")
needs_properdocs = pytest.mark.skipif(importlib.util.find_spec("properdocs") is None,
                                      reason="ProperDocs is not installed (pip install -r requirements-builders.lock)")


def test_builder_commands(monkeypatch):
    config, site = Path("p/mkdocs.yml"), Path("p/site")
    monkeypatch.delenv("PORTAL_BUILDER", raising=False)
    assert builders.get().name == "mkdocs"
    assert builders.build_command(None, config, site)[1:] == [
        "-m", "mkdocs", "build", "--strict", "--config-file", "p/mkdocs.yml", "--site-dir", "p/site"]
    assert builders.build_command("properdocs", config, site, quiet=True)[1:4] == ["-m", "properdocs", "build"]
    assert builders.build_command("properdocs", config, site, quiet=True)[-1] == "--quiet"
    assert builders.build_command("zensical", config, site)[1:5] == ["-m", "portal.build.render_build", "--builder",
                                                                      "zensical"]
    for name in ("mkdocs", "zensical"):  # the publisher's: the same command, run by the builder process
        plain = builders.build_command(name, config, site, quiet=True)
        assert builders.build_command(name, config, site, quiet=True, ends_at_once=True) == \
            plain[:2] + ["portal.build.builder_process"] + plain[2:]
    assert builders.serve_command("mkdocs", config)[1:5] == ["-m", "mkdocs", "serve", "--dirty"]
    assert builders.serve_command("zensical", config)[1:4] == ["-m", "zensical", "serve"]
    monkeypatch.setenv("PORTAL_BUILDER", "ProperDocs")  # read by an entry point, into the build's options
    assert builders.get(BuildOptions.from_environment().builder).name == "properdocs"
    with pytest.raises(builders.BuilderError, match="Không biết công cụ dựng trang «hugo»"):
        builders.get("hugo")


def test_build_script_refuses_an_unknown_builder(tmp_path):
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_site.py"), "--builder", "hugo"],
                            cwd=copy_project(tmp_path), capture_output=True, text=True)
    assert result.returncode == 2 and "hugo" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()


def broken_links(site: Path) -> list[tuple[str, str]]:
    """``(page, href)`` for every relative link of every page (but the 404 page, whose links are
    site-absolute by design) that leads to no file of the site."""
    broken = []
    for path in sorted(site.rglob("*.html")):
        page = path.relative_to(site).as_posix()
        if page == "404.html":
            continue
        base = posixpath.dirname(page)
        for element in parse(path).iter("a", "link", "script", "img"):
            href = element.get("href") or element.get("src")
            if not href or href.startswith(("#", "mailto:", "data:")) or urlsplit(href).scheme:
                continue
            target = posixpath.normpath(posixpath.join(base, unquote(urlsplit(href).path)))
            file = site / target
            if file.is_dir():
                file = file / "index.html"
            if not file.is_file():
                broken.append((page, href))
    return broken


TABS = "//*[contains(@class, 'md-tabs__link')]"


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("zensical"))
    result = mkdocs_build(project, builder="zensical")
    assert result.returncode == 0, result.stderr + result.stdout
    return project / "site"


@needs_zensical
@pytest.mark.build
def test_zensical_builds_every_page_with_links_that_resolve(zensical_site):
    site = load_site(ROOT / "content")
    pages = render_pages(site)
    assert missing_pages(pages, zensical_site) == [] and audit_site(site, zensical_site) == []
    assert (zensical_site / "huong-dan" / "index.html").exists()
    assert broken_links(zensical_site) == []
    month = parse(zensical_site / "programmes" / "2023-11" / "index.html")
    links = {a.get("href") for a in month.iter("a")}
    assert "../../phong-ban/tt-tt/" in links  # a raw-HTML link, as computed, not rewritten
    assert (zensical_site / "search" / "index.json").exists()
    assert (zensical_site / "tai-ve" / "chuong-trinh-2023-11.docx").read_bytes()[:2] == b"PK"


@needs_zensical
@pytest.mark.build
def test_zensical_site_has_materials_header_tabs_in_nav_order_and_the_search_box(zensical_site, built_site):
    for page in ("index.html", "programmes/2023-11/index.html", "huong-dan/index.html"):
        root = parse(zensical_site / page)
        assert root.xpath("//header[contains(@class, 'md-header')]//*[contains(@class, 'md-header__title')]"), page
        box = root.xpath("//*[@data-portal-search]")
        assert len(box) == 1 and box[0].xpath(".//input[contains(@class, 'md-search__input')][@data-portal-search-query]"), page
        strings = json.loads(box[0].get("data-portal-strings"))
        assert strings["placeholder"].startswith("Nhập để tìm") and strings["one"] == "1 kết quả"
        styles = [link.get("href") for link in root.xpath("//link[@rel='stylesheet']")]
        assert [s for s in styles if s.endswith("search-box.css")], styles
        assert styles.index(next(s for s in styles if s.endswith("search-box.css"))) < \
            styles.index(next(s for s in styles if s.endswith("/search.css")))
    tabs = [text_of(a) for a in parse(zensical_site / "index.html").xpath(TABS)]
    material_tabs = [text_of(a) for a in parse(built_site / "index.html").xpath(TABS)]
    assert tabs == material_tabs and tabs[0] == "Trang chủ" and tabs[-1] == "Hướng dẫn sử dụng"


@needs_zensical
@pytest.mark.build
def test_zensical_site_has_the_pages_and_files_of_the_mkdocs_site(zensical_site, built_site):
    def pages(site: Path) -> set[str]:
        return {p.relative_to(site).as_posix() for p in site.rglob("index.html")}

    def outputs(site: Path) -> set[str]:
        return {p.relative_to(site).as_posix() for folder in ("search", "lich", "tai-ve")
                for p in (site / folder).rglob("*") if p.is_file()}

    assert pages(zensical_site) == pages(built_site)
    assert outputs(zensical_site) == outputs(built_site)


@needs_zensical
@pytest.mark.build
def test_zensical_route_stops_on_bad_content_and_keeps_the_site(tmp_path):
    project = copy_project(tmp_path)
    month = project / "content" / "programmes" / "2023-11.yaml"
    month.write_text(month.read_text(encoding="utf-8").replace("deadline: 20/11/2023", "deadline: 31/11/2023", 1),
                     encoding="utf-8")
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_site.py"), "--builder", "zensical"],
                            cwd=project, capture_output=True, text=True)
    assert result.returncode != 0 and "31/11/2023" in result.stderr and "Traceback" not in result.stderr
    assert not (project / "site").exists()
    # the lock stays, and so does the persistent build cache (.cache/build, portal.build.cache)
    assert [p.name for p in project.iterdir() if p.name.startswith(".") and p.name not in (".site.lock", ".cache")] == []


@pytest.mark.build
def test_portal_audit_on_a_good_and_a_damaged_site(built_site, tmp_path, capsys):
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    content = str(ROOT / "content")
    assert main(["audit", str(site), "--content", content]) == 0
    assert "đủ trang" in capsys.readouterr().err

    (site / "huong-dan").rename(tmp_path / "hand-written")  # not generated: not the audit's to know
    shutil.rmtree(site / "thoi-han" / "2023-11")
    month = site / "programmes" / "2023-11" / "index.html"
    month.write_text(month.read_text(encoding="utf-8").replace('data-task="2023-11/II-3"', "", 1), encoding="utf-8")
    assert main(["audit", str(site), "--content", content]) == 1
    err = capsys.readouterr().err
    assert "/thoi-han/2023-11/" in err and "/programmes/2023-11/" in err and "II.3" in err
    assert "Traceback" not in err
    assert main(["audit", str(tmp_path / "nowhere"), "--content", content]) == 2
    assert "nowhere" in capsys.readouterr().err


_PROPERDOCS_PREVIEW = r"""
import logging, sys
import properdocs.replacement  # what ``properdocs serve`` does first: mkdocs.* imports become properdocs.*
from properdocs.commands.build import build
from properdocs.config import load_config
config = load_config(sys.argv[1], site_dir=sys.argv[2])
assert config.strict
config.plugins.on_startup(command="serve", dirty=True)
try:
    build(config, dirty=True)  # strict: the dirty-build warning would abort it
    assert logging.getLogger("properdocs.commands.build").filters
finally:
    config.plugins.on_shutdown()
assert not logging.getLogger("properdocs.commands.build").filters
print("ok")
"""


@needs_properdocs
@pytest.mark.build
def test_properdocs_dirty_preview_passes_strict_mode(tmp_path):
    (tmp_path / "project").mkdir()
    project = copy_project(tmp_path / "project")
    result = subprocess.run([sys.executable, "-c", _PROPERDOCS_PREVIEW, str(project / "mkdocs.yml"), str(tmp_path / "preview")],
                            cwd=project, capture_output=True, text=True, env=builders.builder_env())
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr
    assert (tmp_path / "preview" / "programmes" / "2023-11" / "index.html").exists()


@needs_properdocs
@pytest.mark.build
def test_properdocs_builds_the_pages_mkdocs_builds(tmp_path, built_site):
    project = copy_project(tmp_path)
    result = mkdocs_build(project, builder="properdocs")
    assert result.returncode == 0, result.stderr
    built = {p.relative_to(project / "site").as_posix() for p in (project / "site").rglob("*.html")}
    assert built == {p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html")}
    assert "warning" not in result.stderr.lower(), result.stderr


def test_theme_overrides_use_no_filter_zensicals_engine_lacks():
    """Zensical renders the same overrides with its own engine, which lacks some Jinja filters."""
    lacking = ("forceescape",)  # Zensical 0.0.73: "unknown filter"
    for path in (ROOT / "theme_overrides").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert not [f for f in lacking if f"| {f}" in text or f"|{f}" in text], path


def test_zensical_preview_sync_touches_only_what_changed(tmp_path):
    """``make serve BUILDER=zensical`` renders afresh after an edit and copies in only the files that
    changed (so Zensical rebuilds what it must); files gone from the render go; the builder's own
    cache and output stay."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from serve import sync_tree

    fresh, preview = tmp_path / "fresh", tmp_path / "preview"
    for folder, files in ((fresh, {"docs/a/index.md": "a", "docs/b.md": "b2"}),
                          (preview, {"docs/a/index.md": "a", "docs/b.md": "b", "docs/old/index.md": "x",
                                     ".cache/k": "c", "site/index.html": "s"})):
        for name, text in files.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(text, encoding="utf-8")
    unchanged = (preview / "docs/a/index.md").stat().st_mtime_ns
    assert sync_tree(fresh, preview) == 3  # b.md changed, old/index.md and old/ removed
    assert (preview / "docs/b.md").read_text(encoding="utf-8") == "b2" and not (preview / "docs/old").exists()
    assert (preview / "docs/a/index.md").stat().st_mtime_ns == unchanged
    assert (preview / ".cache/k").exists() and (preview / "site/index.html").exists()
    assert sync_tree(fresh, preview) == 0
