"""The office files' zip container (``portal.outputs.packagezip``): the bytes ``zipfile`` writes.

``PackageZip.write_deflated`` deflates a part once per process for given bytes and writes its entry's
header once; the files must be those ``ZipFile.writestr`` gives, entry by entry and whole."""
from __future__ import annotations

import io
import os
import zipfile

import pytest

from portal.outputs.packagezip import PackageZip

PARTS = [
    ("[Content_Types].xml", b'<?xml version="1.0"?><Types>' + b"<Default/>" * 40 + b"</Types>"),
    ("empty.xml", b""),
    ("word/document.xml", "<w:t>Nhiệm vụ tháng 1/2016</w:t>".encode("utf-8") * 3000),  # a large part
    ("random.bin", os.urandom(5000)),  # deflates larger than it is
    ("docProps/core.xml", "<dc:title>Báo cáo</dc:title>".encode("utf-8")),
]


def _entry(name: str, system: bool) -> zipfile.ZipInfo:
    entry = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
    entry.compress_type = zipfile.ZIP_DEFLATED
    if system:  # as the Word documents' entries (portal.outputs.wordml)
        entry.create_system = 3
        entry.external_attr = 0o644 << 16
    return entry


def _zip(cls, write, level, system: bool) -> bytes:
    out = io.BytesIO()
    with cls(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in PARTS:
            write(package, _entry(name, system), data, level)
    return out.getvalue()


@pytest.mark.parametrize("system", [False, True], ids=["zipfile's attributes", "set attributes"])
@pytest.mark.parametrize("level", [None, 1, 9])
def test_the_same_bytes_as_writestr(level, system):
    expected = _zip(zipfile.ZipFile, lambda zf, entry, data, level: zf.writestr(entry, data, compresslevel=level),
                    level, system)
    for shared in (False, True, True):  # the second time shared: from the kept deflated parts
        made = _zip(PackageZip, lambda zf, entry, data, level: zf.write_deflated(entry, data, level, shared=shared),
                    level, system)
        assert made == expected
    with zipfile.ZipFile(io.BytesIO(made)) as archive:
        assert archive.testzip() is None
        assert [(name, archive.read(name)) for name in archive.namelist()] == PARTS
