"""Quick previews: the page cache rewrites only changed pages; parsed files are reused until edited."""
from __future__ import annotations

import os
import time

from conftest import ROOT

from portal.build.pagecache import PageCache
from portal.content.loader import load_programmes


def _mtime(path):
    return path.stat().st_mtime_ns


def test_a_page_is_rewritten_only_when_its_text_changes(tmp_path):
    cache = PageCache(tmp_path)
    first = cache.sync([("programmes/2023-11.md", "tháng 11"), ("index.md", "trang chủ")])
    assert first["programmes/2023-11.md"].read_text(encoding="utf-8") == "tháng 11"
    assert sorted(cache.written) == ["index.md", "programmes/2023-11.md"]
    stamps = {uri: _mtime(path) for uri, path in first.items()}
    time.sleep(0.01)
    again = cache.sync([("programmes/2023-11.md", "tháng 11 (đã sửa)"), ("index.md", "trang chủ")])
    assert cache.written == ["programmes/2023-11.md"]
    assert _mtime(again["index.md"]) == stamps["index.md"]
    assert _mtime(again["programmes/2023-11.md"]) > stamps["programmes/2023-11.md"]
    assert again["programmes/2023-11.md"].read_text(encoding="utf-8") == "tháng 11 (đã sửa)"


def test_bytes_and_removed_pages(tmp_path):
    cache = PageCache(tmp_path)
    files = cache.sync([("feeds/a.ics", b"BEGIN:VCALENDAR"), ("old.md", "cũ")])
    assert files["feeds/a.ics"].read_bytes() == b"BEGIN:VCALENDAR"
    cache.sync([("feeds/a.ics", b"BEGIN:VCALENDAR")])
    assert cache.written == [] and not (tmp_path / "old.md").exists()


def test_a_deleted_file_is_written_again(tmp_path):
    cache = PageCache(tmp_path)
    path = cache.put("index.md", "x")
    path.unlink()
    assert cache.put("index.md", "x").read_text() == "x"


def test_parsed_files_are_reused_until_the_file_changes(tmp_path):
    content = tmp_path / "content"
    (content / "programmes").mkdir(parents=True)
    source = (ROOT / "content" / "programmes" / "2023-11.yaml").read_text(encoding="utf-8")
    month = content / "programmes" / "2023-11.yaml"
    month.write_text(source, encoding="utf-8")
    cache: dict = {}
    (first,) = load_programmes(content, cache)
    (entry,) = cache.values()
    (again,) = load_programmes(content, cache)
    assert list(cache.values())[0][1] is entry[1]  # not parsed again
    assert again.tasks()[0].text == first.tasks()[0].text
    month.write_text(source.replace("Báo cáo công tác tuyên giáo năm 2023", "Báo cáo ĐÃ SỬA", 1), encoding="utf-8")
    os.utime(month, ns=(time.time_ns(), time.time_ns() + 10**9))
    (edited,) = load_programmes(content, cache)
    assert edited.tasks()[0].text.startswith("Báo cáo ĐÃ SỬA")


def test_the_very_text_stored_last_time_is_not_read_again(tmp_path, monkeypatch):
    import hashlib

    cache = PageCache(tmp_path)
    text = "tháng 11 " * 1000
    cache.sync([("programmes/2023-11.md", text)])
    digests = []
    blake2b = hashlib.blake2b
    monkeypatch.setattr(hashlib, "blake2b", lambda data, **kw: digests.append(data) or blake2b(data, **kw))
    cache.sync([("programmes/2023-11.md", text)])  # the same object: no digest
    assert digests == [] and cache.written == []
    cache.sync([("programmes/2023-11.md", "".join(["tháng 11 "] * 1000))])  # equal, another object
    assert len(digests) == 1 and cache.written == []
    cache.path("programmes/2023-11.md").unlink()
    cache.sync([("programmes/2023-11.md", text)])
    assert cache.written == ["programmes/2023-11.md"]
