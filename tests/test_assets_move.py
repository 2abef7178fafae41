"""The background job's downloads are moved into the built site, not copied (portal.build.site.move_assets)."""
from __future__ import annotations

from pathlib import Path

import pytest

from portal.build.site import move_assets


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


CASES = {
    "empty site": ({}, {"tai-ve/a.xlsx": b"A", "feed.xml": b"F"}),
    "folder already there, other files kept": ({"tai-ve/old.docx": b"O", "index.html": b"I"},
                                               {"tai-ve/a.xlsx": b"A", "du-lieu/x.json": b"J"}),
    "file of the same path replaced": ({"tai-ve/a.xlsx": b"old", "feed.xml": b"old feed"},
                                       {"tai-ve/a.xlsx": b"new", "feed.xml": b"new feed"}),
    "nested folders merged": ({"lich/phong/a.ics": b"1"}, {"lich/phong/b.ics": b"2", "lich/all.ics": b"3"}),
}


@pytest.mark.parametrize("case", CASES)
def test_every_written_file_ends_at_its_path_and_the_site_keeps_the_rest(tmp_path, case):
    present, written = CASES[case]
    site, staging = tmp_path / "site", tmp_path / "staging"
    for folder, files in ((site, present), (staging, written)):
        folder.mkdir()
        for path, content in files.items():
            (folder / path).parent.mkdir(parents=True, exist_ok=True)
            (folder / path).write_bytes(content)
    move_assets(staging, site)
    assert _tree(site) == {**present, **written}
    assert _tree(staging) == {}  # moved, not copied


def test_a_file_where_the_site_has_a_folder_is_an_error_not_a_file_put_inside_it(tmp_path):
    site, staging = tmp_path / "site", tmp_path / "staging"
    (site / "feed.xml").mkdir(parents=True)
    staging.mkdir()
    (staging / "feed.xml").write_bytes(b"F")
    with pytest.raises(IsADirectoryError):
        move_assets(staging, site)
    assert list((site / "feed.xml").iterdir()) == []
