"""The zip container of the Word and Excel downloads, written as :mod:`zipfile` writes it, cheaper.

A build writes about 370 office files (120 months: a programme and a report a month, a table a
month, a department, the archive), each a zip of ten or so parts, most of which are the same bytes
in every file (styles, theme, settings, relationships). ``ZipFile.writestr`` deflated each of them
again (a new compressor each: its set-up is most of a small part's cost) and wrote each entry's
header twice (before the data, then again with its size and CRC). :class:`PackageZip` deflates a
part once per process for given bytes (:func:`_deflated`, a small cache keyed by the bytes, so a
part that changes is simply deflated again) and writes the header once, already complete.

The bytes are those of ``writestr`` (the deflate of the whole part in one call, as ``writestr``'s
single write gives; the same header fields; the same central directory, written by
:class:`zipfile.ZipFile` itself on close): ``tests/test_office_documents.py`` compares them.
"""
from __future__ import annotations

import zipfile
import zlib
from functools import lru_cache

# A part of at most this many bytes is kept deflated by its bytes (a theme is 7 KB); a larger one is
# a document's own text (a sheet, a document body): deflated each time, never held.
_KEPT_PART = 64 * 1024


@lru_cache(maxsize=64)  # the few parts every document shares (and a handful that change, let go)
def _deflated_kept(data: bytes, level: int) -> tuple[int, bytes]:
    return _deflate(data, level)


def _deflate(data: bytes, level: int) -> tuple[int, bytes]:
    """(CRC-32, raw deflate stream) of ``data``, as ``zipfile``'s compressor makes it for one write."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    return zlib.crc32(data), compressor.compress(data) + compressor.flush()


def _deflated(data: bytes, level: int) -> tuple[int, bytes]:
    return _deflated_kept(data, level) if len(data) <= _KEPT_PART else _deflate(data, level)


class PackageZip(zipfile.ZipFile):
    """A :class:`zipfile.ZipFile` on a seekable file (an :class:`io.BytesIO`) with
    :meth:`write_deflated`, ``writestr``'s entry in one write."""

    def write_deflated(self, entry: zipfile.ZipInfo, data: bytes, level: int | None = None) -> None:
        """``self.writestr(entry, data, compresslevel=level)`` for a deflated ``entry``: the same
        bytes (what ``ZipFile._open_to_write`` and ``_ZipWriteFile.close`` do for a seekable file)."""
        if self._writing:  # type: ignore[attr-defined]
            raise ValueError("Can't write to the ZIP file while there is another write handle open on it.")
        crc, deflated = _deflated(data, zlib.Z_DEFAULT_COMPRESSION if level is None else level)
        entry.compress_type = zipfile.ZIP_DEFLATED
        entry._compresslevel = level  # type: ignore[attr-defined]  # as writestr sets it
        entry.file_size, entry.compress_size, entry.CRC = len(data), len(deflated), crc
        entry.flag_bits = 0x00
        if not entry.external_attr:
            entry.external_attr = 0o600 << 16  # as _open_to_write: ?rw-------
        zip64 = entry.file_size * 1.05 > zipfile.ZIP64_LIMIT
        if not self._allowZip64 and zip64:  # type: ignore[attr-defined]
            raise zipfile.LargeZipFile("Filesize would require ZIP64 extensions")
        if zip64 or len(deflated) > zipfile.ZIP64_LIMIT:  # never for a download: zipfile's own way
            self.writestr(entry, data, compresslevel=level)
            return
        self.fp.seek(self.start_dir)  # type: ignore[union-attr]
        entry.header_offset = self.fp.tell()  # type: ignore[union-attr]
        self._writecheck(entry)  # type: ignore[attr-defined]
        self._didModify = True
        self.fp.write(entry.FileHeader(zip64) + deflated)  # type: ignore[union-attr]
        self.start_dir = self.fp.tell()  # type: ignore[union-attr]
        self.filelist.append(entry)
        self.NameToInfo[entry.filename] = entry
