"""``portal render``: everything another builder needs, without MkDocs hooks."""
from __future__ import annotations

from conftest import ROOT

from portal.build.site import load_site
from portal.cli import main


def test_render_writes_pages_assets_and_search(tmp_path):
    out = tmp_path / "out"
    code = main(["render", str(out), "--content", str(ROOT / "content"), "--pages", str(ROOT / "content" / "pages"),
                 "--search"])
    assert code == 0
    site = load_site(ROOT / "content")
    month = (out / "programmes" / "2023-11.md").read_text(encoding="utf-8")
    assert month.startswith("---\n") and all(f'id="{t.anchor}"' in month for t in site.tasks())
    assert (out / "tai-ve" / "chuong-trinh-2023-11.docx").read_bytes()[:2] == b"PK"
    assert (out / "lich" / "tat-ca.ics").read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")
    assert (out / "search" / "index.json").exists() and any((out / "search" / "words").iterdir())
