"""The theme's parts rendered once per build for every page that gets the same HTML
(``theme_overrides/main.html``, ``partials/header.html``, ``hooks/portal_hooks.py`` ``_fragment``), and
the generated pages' shapes (the whole theme's page, filled with each page's title and body:
``_render_shaped``): the site is the same, byte for byte, as when every page renders the theme itself.

The project gets hand-written pages where a shared fragment would most easily be wrong: two pages at
the same depth inside the folder of the theme's style sheets and in another folder beside it (their
links to the style sheets differ though their way up to the root is the same), and a page with a table
of contents (shown in its navigation)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import BUILDER, copy_project, mkdocs_build

OFFERED = 'env.globals["portal_fragment"] = _fragment'
SHAPED = "    _offer_page_shapes(env)\n"

PAGES = {
    "assets/stylesheets/ghi-chu.md": "# Ghi chú về giao diện\n\nTrang thử trong thư mục của các tệp kiểu.\n",
    "assets/khac/ghi-chu.md": "# Ghi chú khác\n\nTrang thử ở cùng độ sâu, thư mục khác.\n",
    "tra-cuu/cach-doc.md": "# Cách đọc\n\n## Phần một\n\nChữ.\n\n## Phần hai\n\nChữ.\n",
}


# The logo's link goes to ``extra.homepage`` when set: with it inside a folder of pages, two pages of the
# same title at the same depth, one in that folder, link to it by different addresses.
HOMEPAGE_PAGES = {
    "tra-cuu/ghi-chu.md": "# Ghi chú\n\nTrang thử trong thư mục của trang chủ riêng.\n",
    "khac/ghi-chu.md": "# Ghi chú\n\nTrang thử ở cùng độ sâu, thư mục khác.\n",
}


def _project(folder: Path, fragments: bool, pages: dict[str, str] = PAGES, homepage: str = "",
             department: str = "", site_url: str = "", alternate: str = "") -> Path:
    folder.mkdir()
    project = copy_project(folder)
    if alternate:  # the language switch: a link the theme writes relative to each page
        config = project / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        assert text.count("\nextra:\n") == 1 and "alternate:" not in text
        config.write_text(text.replace("\nextra:\n", f"\nextra:\n  alternate:\n    - name: Khác\n      link: {alternate}\n"
                                                    "      lang: vi\n"), encoding="utf-8")
    if homepage:
        config = project / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        assert text.count("\nextra:\n") == 1
        config.write_text(text.replace("\nextra:\n", f"\nextra:\n  homepage: {homepage}\n"), encoding="utf-8")
    for uri, text in pages.items():
        page = project / "content" / "pages" / uri
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(text, encoding="utf-8")
    if site_url:  # every page gets its full address (canonical_url)
        config = project / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        assert text.startswith("site_name:") and "\nsite_url:" not in text
        config.write_text(f"site_url: {site_url}\n" + text, encoding="utf-8")
    if department:  # a department's name, the title of its page
        registry = project / "content" / "departments.yaml"
        text = registry.read_text(encoding="utf-8")
        assert text.count(DEPARTMENT) == 1
        registry.write_text(text.replace(DEPARTMENT, department), encoding="utf-8")
    if not fragments:  # the hooks offer no fragments nor shapes: every page renders the theme's parts itself
        hooks = project / "hooks" / "portal_hooks.py"
        text = hooks.read_text(encoding="utf-8")
        assert text.count(OFFERED) == 1 and text.count(SHAPED) == 1
        hooks.write_text(text.replace(OFFERED, "pass").replace(SHAPED, "    pass\n"), encoding="utf-8")
    return project


DEPARTMENT = "name: Phòng Lý luận chính trị - Lịch sử Đảng"


def _html(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes()
            for path in site.rglob("*.html")}


@pytest.mark.build
def test_pages_are_the_same_with_and_without_shared_fragments(tmp_path):
    env = {**os.environ, "PORTAL_BUILD_CACHE": "0", "SOURCE_DATE_EPOCH": "1700000000"}
    sites = {}
    for fragments in (True, False):
        project = _project(tmp_path / f"fragments-{fragments}", fragments)
        result = mkdocs_build(project, env=env)
        assert result.returncode == 0, result.stderr
        sites[fragments] = _html(project / "site")
    shared, alone = sites[True], sites[False]
    assert sorted(shared) == sorted(alone)
    assert len(shared) > 20
    for uri in ("assets/stylesheets/ghi-chu/index.html", "assets/khac/ghi-chu/index.html", "tra-cuu/cach-doc/index.html"):
        assert uri in shared
    # the two pages at the same depth link to the same style sheet by different addresses
    assert b'href="../portal.css"' in shared["assets/stylesheets/ghi-chu/index.html"]
    assert b'href="../../stylesheets/portal.css"' in shared["assets/khac/ghi-chu/index.html"]
    different = [uri for uri in shared if shared[uri] != alone[uri]]
    assert different == []


@pytest.mark.build
def test_the_logo_link_to_a_homepage_set_in_the_configuration_is_each_pages_own(tmp_path):
    env = {**os.environ, "PORTAL_BUILD_CACHE": "0", "SOURCE_DATE_EPOCH": "1700000000"}
    sites = {}
    for fragments in (True, False):
        project = _project(tmp_path / f"fragments-{fragments}", fragments, HOMEPAGE_PAGES, homepage="tra-cuu/")
        result = mkdocs_build(project, env=env)
        assert result.returncode == 0, result.stderr
        sites[fragments] = _html(project / "site")
    shared, alone = sites[True], sites[False]
    assert b'href="../"' in alone["tra-cuu/ghi-chu/index.html"]
    assert b'href="../../tra-cuu/"' in alone["khac/ghi-chu/index.html"]
    assert [uri for uri in shared if shared[uri] != alone.get(uri)] == []


@pytest.mark.build
@pytest.mark.parametrize("site_url", ["", "https://example.org/cong/"])
def test_generated_pages_with_markup_characters_in_their_titles(tmp_path, site_url):
    """A title that filters would change (``&``, quotes, ``<``) is put in its page's shape as the theme
    writes it: the department pages (one folder, one shape) are the same as each rendered alone; and so
    is each page's full address, when the site has one."""
    env = {**os.environ, "PORTAL_BUILD_CACHE": "0", "SOURCE_DATE_EPOCH": "1700000000"}
    sites = {}
    for fragments in (True, False):
        project = _project(tmp_path / f"fragments-{fragments}", fragments, {},
                           department='name: Phòng Lý luận & "Lịch sử" <Đảng>', site_url=site_url)
        result = mkdocs_build(project, env=env)
        assert result.returncode == 0, result.stderr
        sites[fragments] = _html(project / "site")
    shared, alone = sites[True], sites[False]
    titled = [uri for uri, html in alone.items() if "Lý luận &amp; &#34;Lịch sử&#34; &lt;Đảng&gt;".encode() in html]
    departments = [uri for uri in titled if uri.startswith("phong-ban/")]
    assert departments
    if site_url:
        assert f'<link rel="canonical" href="{site_url}phong-ban/'.encode() in alone[departments[0]]
    assert sorted(shared) == sorted(alone)
    assert [uri for uri in shared if shared[uri] != alone[uri]] == []


@pytest.mark.build
def test_a_language_switch_links_from_each_generated_page_itself(tmp_path):
    """``extra.alternate`` links each page to the other edition relative to the page's own address, which
    a shape (made from one page, checked against another) does not hold: pages are the same as each
    rendered alone."""
    env = {**os.environ, "PORTAL_BUILD_CACHE": "0", "SOURCE_DATE_EPOCH": "1700000000"}
    sites = {}
    for fragments in (True, False):
        project = _project(tmp_path / f"fragments-{fragments}", fragments, {}, alternate="directives/68-kh-tu/")
        result = mkdocs_build(project, env=env)
        assert result.returncode == 0, result.stderr
        sites[fragments] = _html(project / "site")
    shared, alone = sites[True], sites[False]
    if BUILDER != "zensical":  # Zensical runs no hooks (no shapes) and writes its own header
        assert b'href="./" hreflang="vi"' in alone["directives/68-kh-tu/index.html"]  # the linked page: to itself
    assert sorted(shared) == sorted(alone)
    assert [uri for uri in shared if shared[uri] != alone[uri]] == []
