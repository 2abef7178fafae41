"""A multi-year generated archive builds strictly, and long indexes stay page-sized."""
from __future__ import annotations

import shutil
import sys

import pytest
from conftest import ROOT, copy_project, mkdocs_build
from htmlpage import parse

from portal.build.site import load_site

sys.path.insert(0, str(ROOT / "scripts"))
from gen_archive import generate_archive  # noqa: E402

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    source = tmp_path_factory.mktemp("archive-src")
    generate_archive(15, seed=7, out_dir=source, start="2022-11")
    shutil.copytree(ROOT / "content" / "pages", source / "content" / "pages")
    project = copy_project(tmp_path_factory.mktemp("archive"), content=source / "content")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project / "site", load_site(project / "content")


def _marks(page) -> set[str]:
    return set(page.xpath("//tr[@data-task]/@data-task | //li[@data-task]/@data-task"))


def test_department_page_holds_its_latest_year_and_links_each_earlier_year(archive):
    site_dir, site = archive
    term = next(t for t in site.taxonomies["departments"].terms.values() if t.tasks("lead"))
    led = {f"{t.month}/{t.anchor}": t.month[:4] for t in term.tasks("lead")}
    assert set(led.values()) == {"2022", "2023", "2024"}
    main = parse(site_dir / "phong-ban" / term.slug / "index.html")
    on_main = _marks(main) & set(led)
    assert on_main and {led[m] for m in on_main} == {"2024"}
    assert main.xpath('//p[@class="org-years"]/a/@href') == ["2023/", "2022/"]
    for year in ("2023", "2022"):
        page = parse(site_dir / "phong-ban" / term.slug / year / "index.html")
        assert {m for m, y in led.items() if y == year} <= _marks(page)
        assert {led[m] for m in _marks(page) & set(led)} == {year}


def test_deadline_overview_lists_only_the_latest_programmes(archive):
    site_dir, site = archive
    overview = parse(site_dir / "thoi-han" / "index.html")
    months = {mark.split("/")[0] for mark in overview.xpath('//div[@id="deadlines-all"]//*[@data-task]/@data-task')}
    latest = sorted(p.month for p in site.programmes)[-3:]
    assert months and months <= set(latest)
    # every month keeps its own full timeline
    timeline = parse(site_dir / "thoi-han" / "2022-11" / "index.html")
    first = next(p for p in site.programmes if p.month == "2022-11")
    assert {f"2022-11/{t.anchor}" for t in first.tasks()} <= set(timeline.xpath("//*[@data-task]/@data-task"))
