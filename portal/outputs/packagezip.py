"""The zip container of the Word and Excel downloads, written as :mod:`zipfile` writes it, cheaper.

A build writes about 370 office files (120 months: a programme and a report a month, a table a
month, a department, the archive), each a zip of ten or so parts, most of which are the same bytes
in every file (styles, theme, settings, relationships). ``ZipFile.writestr`` deflated each of them
again (a new compressor each: its set-up is most of a small part's cost) and wrote each entry's
header twice (before the data, then again with its size and CRC). :class:`PackageZip` deflates a
shared part once per process for given bytes (:func:`_deflated_shared`, a small cache keyed by the
bytes, so a part that changes is simply deflated again) and writes the header once, complete.

The bytes are those of ``writestr`` (the deflate of the whole part in one call, as ``writestr``'s
single write gives; the same header fields; the same central directory, written by
:class:`zipfile.ZipFile` itself on close): ``tests/test_office_documents.py`` compares them.
"""
from __future__ import annotations

import zipfile
import zlib
from functools import lru_cache
from typing import Callable, Optional

# A part at least this long is deflated through a :class:`PackageZip`'s ``kept_deflate`` when it has
# one: only the sheet and the shared strings of the large tables (the archive's, a big department's)
Deflate = Callable[[bytes, int], tuple[int, bytes]]
# A part made only when not kept (see portal.outputs.xlsx.KeptSheet): (its length, CRC-32, raw deflate)
Deflated = tuple[int, int, bytes]
KEPT_PART = 1 << 18

@lru_cache(maxsize=32)  # the parts every document of a kind shares: a dozen
def _deflated_shared(data: bytes, level: int) -> tuple[int, bytes]:
    return deflate(data, level)


def deflate(data: bytes, level: int) -> tuple[int, bytes]:
    """(CRC-32, raw deflate stream) of ``data``, as ``zipfile``'s compressor makes it for one write."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    return zlib.crc32(data), compressor.compress(data) + compressor.flush()


class PackageZip(zipfile.ZipFile):
    """A :class:`zipfile.ZipFile` on a seekable file (an :class:`io.BytesIO`) with
    :meth:`write_deflated`, ``writestr``'s entry in one write.

    ``kept_deflate``: how a large part (:data:`KEPT_PART`) is deflated instead of :func:`deflate`:
    a function giving what :func:`deflate` gives for the same bytes, from an earlier build's result
    where it has one (the build cache's: see :func:`portal.build.site.data_files`). Why: after an
    edit of a task's text the archive's sheet is the same XML (its strings are numbered, their texts
    are in the shared strings), and deflating it again was a quarter of the archive table's cost."""

    kept_deflate: Optional[Deflate] = None

    def write_deflated(self, entry: zipfile.ZipInfo, data: bytes, level: int | None = None,
                       shared: bool = False) -> None:
        """``self.writestr(entry, data, compresslevel=level)`` for a deflated ``entry``: the same
        bytes (what ``ZipFile._open_to_write`` and ``_ZipWriteFile.close`` do for a seekable file).
        ``shared``: a part other documents have too (kept deflated by its bytes: one that differs is
        deflated again, so the flag only decides what is kept)."""
        if self.fp is None:
            raise ValueError("Attempt to write to ZIP archive that was already closed")
        if self._writing:  # type: ignore[attr-defined]
            raise ValueError("Can't write to the ZIP file while there is another write handle open on it.")
        level = self.entry_level(entry, level)
        how = _deflated_shared if shared else \
            self.kept_deflate if self.kept_deflate is not None and len(data) >= KEPT_PART else deflate
        crc, deflated = how(data, zlib.Z_DEFAULT_COMPRESSION if level is None else level)
        self.write_entry(entry, len(data), crc, deflated, lambda: data)

    @staticmethod
    def entry_level(entry: zipfile.ZipInfo, level: int | None = None) -> int | None:
        """The compression level ``writestr(entry, …, compresslevel=level)`` deflates ``entry`` at (None:
        zlib's default), set on the entry as ``writestr`` sets it."""
        if level is not None:
            entry._compresslevel = level  # type: ignore[attr-defined]  # as writestr sets it
        return entry._compresslevel  # type: ignore[attr-defined]  # what writestr's compressor takes

    def write_entry(self, entry: zipfile.ZipInfo, size: int, crc: int, deflated: bytes,
                    data: Callable[[], bytes]) -> None:
        """:meth:`write_deflated` of a part already deflated: ``size`` bytes whose CRC-32 is ``crc`` and
        raw deflate stream ``deflated``, as :func:`deflate` gives them at the entry's level
        (:meth:`entry_level`); ``data()`` the part's bytes, asked only where zipfile's own way writes
        it (a part beyond ZIP64's limits: never for a download)."""
        if self.fp is None:
            raise ValueError("Attempt to write to ZIP archive that was already closed")
        if self._writing:  # type: ignore[attr-defined]
            raise ValueError("Can't write to the ZIP file while there is another write handle open on it.")
        level = entry._compresslevel  # type: ignore[attr-defined]
        entry.compress_type = zipfile.ZIP_DEFLATED
        entry.file_size, entry.compress_size, entry.CRC = size, len(deflated), crc
        entry.flag_bits = 0x00
        if not entry.external_attr:
            entry.external_attr = 0o600 << 16  # as _open_to_write: ?rw-------
        zip64 = entry.file_size * 1.05 > zipfile.ZIP64_LIMIT
        if not self._allowZip64 and zip64:  # type: ignore[attr-defined]
            raise zipfile.LargeZipFile("Filesize would require ZIP64 extensions")
        if zip64 or len(deflated) > zipfile.ZIP64_LIMIT:  # never for a download: zipfile's own way
            self.writestr(entry, data(), compresslevel=level)
            return
        self.fp.seek(self.start_dir)
        entry.header_offset = self.fp.tell()
        self._writecheck(entry)  # type: ignore[attr-defined]
        self._didModify = True
        self.fp.write(entry.FileHeader(zip64) + deflated)
        self.start_dir = self.fp.tell()
        self.filelist.append(entry)
        self.NameToInfo[entry.filename] = entry
