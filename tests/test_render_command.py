"""``portal render``: a whole project another builder can build, without MkDocs hooks."""
from __future__ import annotations

import pytest
import yaml
from conftest import ROOT

from portal.build.builders import retarget_links
from portal.build.site import load_site, render_pages
from portal.cli import main
from portal.site import urls


@pytest.mark.parametrize("src, folder", [
    ("index.md", "index.md"),
    ("programmes/index.md", "programmes/index.md"),
    ("programmes/2023-11.md", "programmes/2023-11/index.md"),
    ("phong-ban/tt-tt/2022.md", "phong-ban/tt-tt/2022/index.md"),
    ("huong-dan.md", "huong-dan/index.md"),
])
def test_a_page_in_its_own_folder_keeps_its_address(src, folder):
    assert urls.folder_source(src) == folder
    assert urls.page_url(folder) == urls.page_url(src)


MOVED = {"programmes/2023-11.md": "programmes/2023-11/index.md", "index.md": "index.md",
         "phong-ban/tt-tt.md": "phong-ban/tt-tt/index.md"}


@pytest.mark.parametrize("page, text, expected", [
    ("huong-dan.md", "[Tháng 11](programmes/2023-11.md)", "[Tháng 11](programmes/2023-11/index.md)"),
    ("huong-dan.md", "[II.3](programmes/2023-11.md#II-3)", "[II.3](programmes/2023-11/index.md#II-3)"),
    ("huong-dan.md", "[x](<programmes/2023-11.md>)", "[x](<programmes/2023-11/index.md>)"),
    ("sub/a.md", "[Phòng](../phong-ban/tt-tt.md) và [nhà](../index.md)",
     "[Phòng](../phong-ban/tt-tt/index.md) và [nhà](../index.md)"),
    ("huong-dan.md", "[khác](other.md) [web](https://example.org/a.md) [neo](#II-3)",
     "[khác](other.md) [web](https://example.org/a.md) [neo](#II-3)"),
    ("huong-dan.md", "`programmes/2023-11.md` trong chữ", "`programmes/2023-11.md` trong chữ"),
])
def test_hand_written_links_to_generated_pages_follow_them_into_their_folders(page, text, expected):
    assert retarget_links(text, page, MOVED) == expected


def test_render_writes_a_whole_project(tmp_path):
    out = tmp_path / "out"
    code = main(["render", str(out), "--config", str(ROOT / "mkdocs.yml"), "--search"])
    assert code == 0
    site = load_site(ROOT / "content")
    docs = out / "docs"
    month = (docs / "programmes" / "2023-11" / "index.md").read_text(encoding="utf-8")
    assert month.startswith("---\n") and all(f'id="{t.anchor}"' in month for t in site.tasks())
    generated = {urls.folder_source(p.src_uri) for p in render_pages(site)}
    written = {p.relative_to(docs).as_posix() for p in docs.rglob("*.md")}
    hand_written = {p.relative_to(ROOT / "content" / "pages").as_posix() for p in (ROOT / "content" / "pages").rglob("*.md")}
    assert written == generated | hand_written  # hand-written pages keep their place (their links as written)
    assert all(name == "index.md" for name in (p.rsplit("/", 1)[-1] for p in generated))
    assert (docs / "huong-dan.md").read_bytes() == (ROOT / "content" / "pages" / "huong-dan.md").read_bytes()
    assert (docs / "tai-ve" / "chuong-trinh-2023-11.docx").read_bytes()[:2] == b"PK"
    assert (docs / "lich" / "tat-ca.ics").read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")
    assert (docs / "search" / "index.json").exists() and any((docs / "search" / "words").iterdir())
    assert (docs / "assets" / "stylesheets" / "search-box.css").exists()

    config = yaml.safe_load((out / "mkdocs.yml").read_text(encoding="utf-8"))
    project = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "hooks" not in config and config["docs_dir"] == "docs" and config["site_name"] == project["site_name"]
    assert config["theme"]["variant"] == "classic" and config["theme"]["name"] == project["theme"]["name"]
    assert config["extra_css"] == ["assets/stylesheets/search-box.css"] + project["extra_css"]
    nav = [next(iter(item.values())) if isinstance(item, dict) else item for item in config["nav"]]
    assert nav[:2] == ["index.md", "programmes/index.md"] and nav[-1] == "huong-dan.md"
    assert all((docs / src).is_file() for src in nav)


def test_render_refuses_bad_content_with_a_message(tmp_path, capsys):
    project = tmp_path / "project"
    (project / "content" / "programmes").mkdir(parents=True)
    (project / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    (project / "content" / "programmes" / "2023-11.yaml").write_text("month: [\n", encoding="utf-8")
    assert main(["render", str(tmp_path / "out"), "--config", str(project / "mkdocs.yml")]) == 1
    assert "2023-11.yaml" in capsys.readouterr().err
    assert main(["render", str(tmp_path / "out"), "--config", str(tmp_path / "none.yml")]) == 2
    assert "none.yml" in capsys.readouterr().err
