"""The persistent build cache: what a build made from content that has not changed since, reused.

Why: CI rebuilds the whole archive on every commit and an editor's ``make site`` after one task's
edit rebuilt 120 months; most of that work (parsing month files, analysing every search record's
words, writing each month's Excel and Word files) gives the same result from the same input. The
cache keeps those results in ``.cache/build/`` beside ``content/`` (ignored by git, outside
``site/``, safe to delete at any time: the next build is then a full one).

Every entry is keyed by a hash of everything its result is computed from (the text of a month file,
a record's words, a table's rows…), never by a file's name or time, so a cached result is used only
where computing it again would give the same bytes, and a full build from an empty cache and a
build from a warm one write the same site. The portal's own code is not in each key: the whole
cache belongs to one :func:`fingerprint` (the portal's code and templates, the Python and library
versions that shape the output, the cache's format) and is dropped, with one line saying why,
when that changes or when it cannot be read.

Each kind of result is a :class:`Memo`, one file whose index is read when first asked for (each
result's bytes when it is asked for) and written back (atomically) with only the entries this build
used, so the cache does not grow with old edits.
Editions (public, internal, preview with drafts) keep their memos apart: each build keeps what it
used without evicting another edition's.
"""
from __future__ import annotations

import contextlib
import fcntl
import hashlib
import importlib.metadata
import marshal
import os
import pickle
import shutil
import struct
import sys
import tempfile
import zlib
from pathlib import Path
from typing import Any, Callable

FORMAT = 3  # raise when what the memos hold changes shape
MAGIC = b"portal-memo\n"  # the start of a Memo's file, then where its index lies, its length and digest
_DIGEST = 16
_HEAD = struct.Struct(f"<12sQQ{_DIGEST}s")
_SLACK = 1 << 20  # bytes of old results a memo's file may hold beyond the half (a small memo's edits)
FOLDER = Path(".cache") / "build"
ENV = "PORTAL_BUILD_CACHE"  # a folder for the cache, or ``0`` / ``off`` for no cache
FINGERPRINT_FILE = "fingerprint"
# Libraries whose output the cached results are made of (a new version may write other bytes).
LIBRARIES = ("PyYAML", "XlsxWriter", "lxml", "icalendar", "Markdown", "Jinja2", "MarkupSafe", "mkdocs",
             "mkdocs-material")
_PACKAGE = Path(__file__).resolve().parent.parent  # the portal package: code, templates, parts
_MISSING = object()


def content_key(*parts: Any) -> str:
    """A hash of ``parts`` by their ``repr``: the portal's data are dataclasses of strings, numbers,
    dates, lists and dicts, whose ``repr`` shows every field in a fixed order. A text is hashed as
    its UTF-8 bytes, and bytes as they are: a text and its UTF-8 bytes give the same key."""
    digest = hashlib.blake2b(digest_size=20)
    for part in parts:
        if isinstance(part, bytes):
            digest.update(part)
        else:
            digest.update(part.encode("utf-8", "surrogatepass") if isinstance(part, str)
                          else repr(part).encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")
    return digest.hexdigest()


def fingerprint() -> str:
    """What the whole cache was made by: the portal's files, Python's, zlib's and the libraries' versions
    (zlib's because kept files and parts of .docx/.xlsx are its deflated bytes: another zlib may
    deflate the same bytes differently, and a build without cache would then differ)."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(f"format {FORMAT}; python {sys.version}; zlib {zlib.ZLIB_RUNTIME_VERSION}\n".encode())
    for name in LIBRARIES:
        try:
            version = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{name} {version}\n".encode())
    for path in sorted(_PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            digest.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\x00")
            digest.update(path.read_bytes())
            digest.update(b"\x00")
    return digest.hexdigest()


class Memo:
    """Results by content key, in one file read when first used and saved with what this build used.

    Each result is held as bytes (a text as its UTF-8, anything else pickled: a few bytes per word of
    a search record rather than a Python object each: the search records' words of 120 months are
    20 MB so, 250 MB as objects), and never in memory: the file is an index of where each result's
    bytes lie, read whole, and the bytes, read when a result is asked for; a result made by this
    build is written at once to a nameless temporary file beside it (the system removes it when the
    process ends). Why: the whole file in memory was ≈ 90 MB (downloads) and ≈ 120 MB (search) in
    each job at 600 months, on top of their own work.

    :meth:`save` keeps what this build used. Where that is most of the file (a build after an edit,
    or after none), the results made are appended to the file and a new index after them: the file
    is not written again whole (≈ 80 MB at 120 months over all memos, 400 MB at 600, every build).
    Old results no longer used stay in the file, unindexed, until they are half of it; then a new
    file is written, one result at a time. A new memo (a first build) needs no copy: the temporary
    file its results went to becomes its file (:meth:`_adopt_spill`). Appending never changes a byte a
    reader of the old index reads; the index is found by the file's head, which holds its digest, so
    a head read half-written is a file that cannot be read, never a wrong result.

    ``get`` and ``put`` are all a producer needs (:func:`cached` ties them together). A file that
    cannot be read is an empty memo (the results are made again), never an error; a result whose
    bytes cannot be read back is made again."""

    def __init__(self, path: Path, on_bad: Callable[[str], None] = lambda message: None, held: bool = False):
        self.path = path
        self._on_bad = on_bad
        # ``held``: the build holds every result it makes anyway (the loaded months, for the whole
        # build): a result made is written when the memo is saved, not when made (see put)
        self.held = held
        self._later: dict = {}  # key → (result, plain), made and not written yet (a held memo)
        self._file: Any = None  # the memo's file as loaded (its index in _old)
        self._head = b""  # that file's head as read: an append checks no one wrote the file since
        self._indexed = 0  # how many results its index holds
        self._old: dict | None = None  # key → (offset, length) in _file, of the results not yet asked for
        self._used: dict = {}  # key → (file, offset, length): where its bytes are
        self._spill: Any = None  # this process's temporary file of results made
        self._spill_pid = 0
        self._spill_end = 0
        self.hits = self.misses = 0

    def _load(self) -> dict:
        if self._old is None:
            self._old = {}
            if self.path.is_file():
                try:
                    handle = self.path.open("rb")
                    head = os.pread(handle.fileno(), _HEAD.size, 0)
                    magic, where, length, digest = _HEAD.unpack(head) if len(head) == _HEAD.size else (b"", 0, 0, b"")
                    if magic != MAGIC:
                        raise ValueError("not a memo file")
                    table = os.pread(handle.fileno(), length, where)
                    if hashlib.blake2b(table, digest_size=_DIGEST).digest() != digest:
                        raise ValueError("not a memo index")
                    index = pickle.loads(table)
                    if not isinstance(index, dict):
                        raise ValueError("not a memo index")
                    self._file, self._old, self._head, self._indexed = handle, index, head, len(index)
                except Exception:  # noqa: BLE001 - a damaged file only means the work is done again
                    self._on_bad(f"Bộ nhớ đệm dựng trang: không đọc được {self.path.name}, làm lại phần này.")
        return self._old

    def _entry(self, key: str) -> tuple | None:
        entry = self._used.get(key)
        if entry is None:
            place = self._load().pop(key, None)
            if place is None:
                return None
            entry = self._used[key] = (self._file, *place)
        return entry

    def get(self, key: str, default: Any = None) -> Any:
        value = self._held(key, _read_whole, Exception)
        return default if value is _MISSING else value

    def _held(self, key: str, read: Callable[[Any, int, int], Any],
              unreadable: type[BaseException]) -> Any:
        """The result held under ``key``, made by this build or read by ``read(handle, offset, length)``
        from where its bytes lie, else :data:`_MISSING` (a miss). Bytes that ``read`` cannot make a
        result of (it gives :data:`_MISSING` or raises ``unreadable``) are forgotten: the result is made
        again. What :meth:`get` and :meth:`cached_bytes` share: they differ only in how they read."""
        later = self._later.get(key)
        if later is not None:
            self.hits += 1
            return later[0]
        entry = self._entry(key)
        if entry is not None:
            try:
                value = read(*entry)
            except unreadable:
                value = _MISSING
            if value is not _MISSING:
                self.hits += 1
                return value
            del self._used[key]
        self.misses += 1
        return _MISSING

    def put(self, key: str, value: Any, plain: bool = False) -> Any:
        """Keep ``value`` under ``key``; ``plain``: see :meth:`cached`. In a ``held`` memo the result is
        written when the memo is saved. Why: pickling a result keeps a UTF-8 copy inside each of its
        texts (see :func:`_for_file`) for as long as the result lives; the loaded months live the whole
        build in the builder's process (≈ 18 MB of copies at 600 months, on a first build), and their
        memo is saved by the downloads' job, whose process ends soon after."""
        if self.held:
            self._used.pop(key, None)
            self._later[key] = (value, plain)
            return value
        return self._write(key, value, plain)

    def _write(self, key: str, value: Any, plain: bool) -> Any:
        blob = _for_file(value, plain)
        if self._spill is None or self._spill_pid != os.getpid():  # a forked child writes its own
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._spill = _nameless_file(self.path.parent)
            self._spill_pid, self._spill_end = os.getpid(), _HEAD.size  # laid out as a memo file (see _adopt_spill)
        os.pwrite(self._spill.fileno(), blob, self._spill_end)
        self._used[key] = (self._spill, self._spill_end, len(blob))
        self._spill_end += len(blob)
        return value

    def keep(self, parts: tuple) -> bool:
        """Whether a result of ``parts`` is held; if so it is kept for the next build as if asked for,
        without being read (a producer that needs it only in a later build)."""
        key = content_key(*parts)
        return key in self._later or self._entry(key) is not None

    def cached_bytes(self, parts: tuple, make: Callable[[], bytes]) -> "bytes | KeptBytes":
        """:meth:`cached` of a result that is bytes (a page's Markdown), given as a :class:`KeptBytes`
        (its first bytes read, the rest when asked for) when an earlier build made it, else ``make()``.

        Why: after a one-task edit at 600 months ≈ 4,000 unchanged pages' Markdown (≈ 200 MB) was
        read back and unpickled, a third of the builder's rendering, though the builder reuses their
        HTML and needs only their front matter, and the search job reads the body only of a page
        whose record it makes again."""
        key = content_key(*parts)
        value = self._held(key, _read_kept_bytes, OSError)
        return self.put(key, make()) if value is _MISSING else value

    def cached(self, parts: tuple, make: Callable[[], Any], plain: bool = False) -> Any:
        """``make()``, or its result of an earlier build from the same ``parts`` (see :func:`content_key`).
        What a producer outside this layer calls: it names its inputs, the memo keeps the results.
        ``plain``: the result is made of texts, numbers, bytes, tuples, lists, dicts and sets only (no
        instances of other classes), and is kept with :mod:`marshal` (see :func:`_for_file`)."""
        key = content_key(*parts)
        value = self.get(key, _MISSING)
        return self.put(key, make(), plain) if value is _MISSING else value

    def save(self) -> None:
        """Keep the results this build used, and only those, for the next build: nothing written when
        they are the file's, else appended to it, else a new file (see the class). The memo may go on
        being used and saved again (a preview's rebuilds)."""
        later, self._later = self._later, {}
        for key, (value, plain) in later.items():  # a held memo's results are written now
            self._write(key, value, plain)
        made = [(key, entry) for key, entry in self._used.items() if entry[0] is not self._file]
        if self._file is not None and not made and len(self._used) == self._indexed:
            return  # the file holds what this build used, and nothing else is indexed
        if not (self._file is not None and self._append(made)) and not self._adopt_spill():
            self._rewrite()
        if self._spill is not None and self._spill_pid == os.getpid():
            self._spill.close()  # every result is in the file now
        self._spill = None

    def _append(self, made: list) -> bool:
        """Append the results ``made`` to the loaded file and index all used ones after them; False
        (nothing done) when the file changed since it was read, or would be more than half unused."""
        size = os.fstat(self._file.fileno()).st_size
        adding = sum(length for _, (_, _, length) in made)
        if size + adding > 2 * (sum(length for _, _, length in self._used.values()) + _SLACK):
            return False
        try:
            opened = open(self.path, "r+b")
        except OSError:  # the file was deleted (the cache may be, at any time) or cannot be written: a new file
            return False
        with opened as out:
            try:
                fcntl.flock(out.fileno(), fcntl.LOCK_EX)  # another build's append waits (released on close)
            except OSError:  # a file system without locks: a new file, as safe as ever
                return False
            same = os.fstat(out.fileno()).st_ino == os.fstat(self._file.fileno()).st_ino
            if not same or os.pread(out.fileno(), _HEAD.size, 0) != self._head:
                return False
            end = os.fstat(out.fileno()).st_size
            placed: dict = {}
            for key, (source, where, length) in made:
                blob = os.pread(source.fileno(), length, where)
                if len(blob) != length:
                    continue  # its file was cut short: made again next time
                os.pwrite(out.fileno(), blob, end)
                placed[key] = (self._file, end, length)
                end += length
            for key in [key for key, _ in made if key not in placed]:
                del self._used[key]
            self._used.update(placed)
            index = {key: (where, length) for key, (_, where, length) in self._used.items()}
            head = _write_index(out.fileno(), index, end)
        self._head, self._indexed = head, len(index)
        return True

    def _adopt_spill(self) -> bool:
        """Make this process's temporary file of results the memo's file, when it holds every result
        used (a first build into an empty cache): its index is written after the results and the
        file, nameless until now, is given the memo's name (Linux: a link from ``/proc/self/fd``).
        False, with nothing done, where that cannot be (results of another process or of the old file,
        another system). Why: writing the file anew copied every result once more (≈ 80 MB at 120
        months over all memos) just after they were written."""
        spill = self._spill
        if spill is None or self._spill_pid != os.getpid() or not self._used \
                or any(entry[0] is not spill for entry in self._used.values()):
            return False
        index = {key: (where, length) for key, (_, where, length) in self._used.items()}
        head = _write_index(spill.fileno(), index, self._spill_end)
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.new")
        try:
            with contextlib.suppress(FileNotFoundError):
                temporary.unlink()
            _link_open_file(spill.fileno(), temporary)
        except OSError:
            os.ftruncate(spill.fileno(), self._spill_end)  # the spill as it was: results only
            return False
        try:
            os.replace(temporary, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        self._read_from(spill, head, len(index))
        self._spill = None  # the memo's file now: a later result goes to a new temporary file
        return True

    def _rewrite(self) -> None:
        """Write a new file of the results used, each copied from where it lies, one at a time, and put
        it in place atomically (a reader sees the old file or the new); the memo reads from it now."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=self.path.name + ".", dir=self.path.parent)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(bytes(_HEAD.size))
                index: dict = {}
                offset = _HEAD.size
                for key, (source, where, length) in self._used.items():
                    blob = os.pread(source.fileno(), length, where)
                    if len(blob) != length:
                        continue  # its file was cut short: made again next time
                    out.write(blob)
                    index[key] = (offset, length)
                    offset += length
                out.flush()
                head = _write_index(out.fileno(), index, offset)
            written = open(temporary, "rb")  # noqa: SIM115 - read from until the memo is let go
            os.replace(temporary, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        self._read_from(written, head, len(index))  # the results not used are not in the new file
        self._used = {key: (written, *place) for key, place in index.items()}

    def _read_from(self, handle, head: bytes, indexed: int) -> None:
        """Read from ``handle``, the memo's file just put in place with ``head`` and ``indexed`` results,
        from now on (the old file closed, its results not looked for any more)."""
        if self._file is not None:
            self._file.close()
        self._file, self._head, self._indexed, self._old = handle, head, indexed, {}


def _write_index(handle: int, index: dict, end: int) -> bytes:
    """Write ``index`` (key → offset and length) after the results, which end at ``end``, then the head
    that names it at the file's start; returns the head. The head last: a reader of the file sees the
    old head (or a new file's empty one) until the index it names is whole."""
    table = pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL)
    os.pwrite(handle, table, end)
    head = _head(end, table)
    os.pwrite(handle, head, 0)
    return head


def _link_open_file(handle: int, target: Path) -> None:
    """Give the open file ``handle`` (a nameless one: :func:`_nameless_file`) the name ``target``.

    Why a folder's descriptor: ``os.link`` without one calls ``link()``, which does not follow
    ``/proc/self/fd/N`` (a symbolic link) but links the link itself, across devices: it always
    failed (``EXDEV``) before Python 3.13, and every first build wrote each memo's results again.
    Given a folder's descriptor it calls ``linkat(…, AT_SYMLINK_FOLLOW)``, which links the file."""
    folder = os.open(target.parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.link(f"/proc/self/fd/{handle}", target.name, dst_dir_fd=folder)
    finally:
        os.close(folder)


def _nameless_file(folder: Path) -> Any:
    """A temporary file in ``folder`` without a name (the system removes it when it is closed) that
    can be given one later (Linux's ``O_TMPFILE``, without ``O_EXCL`` as :func:`tempfile.TemporaryFile`
    opens it); elsewhere an ordinary temporary file, never named."""
    flag = getattr(os, "O_TMPFILE", 0)
    if flag:
        try:
            return os.fdopen(os.open(folder, flag | os.O_RDWR, 0o600), "w+b")
        except OSError:  # a file system without it
            pass
    return tempfile.TemporaryFile(dir=folder)


def _head(index_at: int, table: bytes) -> bytes:
    """A memo file's head: where its index lies, its length and digest (see :class:`Memo`)."""
    return _HEAD.pack(MAGIC, index_at, len(table), hashlib.blake2b(table, digest_size=_DIGEST).digest())


class FileMemo:
    """Results one file each in a folder, named by content key, for a store of a few results each read
    alone (the theme's listing of its files). :meth:`sweep` (after a good build) removes the files this
    build did not use, so the store holds one build's results, as a :class:`Memo` does. Not for many
    results: each file made costs ≈ 0.5 ms of CPU here (the pages' Markdown, 840 files at 120 months,
    cost a first build 0.4 s), where a :class:`Memo` appends them to one file."""

    def __init__(self, folder: Path, on_bad: Callable[[str], None] = lambda message: None):
        self.folder = folder
        self._on_bad = on_bad
        self._used: set[str] = set()
        self._ready = False
        self.misses = 0  # keys asked for and not held

    def _path(self, key: str) -> Path:
        return self.folder / key

    def get(self, key: str) -> bytes | None:
        try:
            data = self._path(key).read_bytes()
        except OSError:
            return None
        self._used.add(key)
        return data

    def has(self, key: str) -> bool:
        """Whether ``key`` is held (it counts as used; not yet read)."""
        if self._path(key).is_file():
            self._used.add(key)
            return True
        self.misses += 1
        return False

    def put(self, key: str, data: bytes) -> None:
        """Keep ``data`` under ``key`` (written atomically; a key already held is only marked used)."""
        self._used.add(key)
        target = self._path(key)
        if target.exists():
            return
        try:
            if not self._ready:
                self.folder.mkdir(parents=True, exist_ok=True)
                self._ready = True
            handle, temporary = tempfile.mkstemp(prefix=".", dir=self.folder)
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, target)
        except OSError as exc:  # a cache that cannot be written costs the next build its speed only
            self._on_bad(f"Bộ nhớ đệm dựng trang: không ghi được {target.name} ({exc}).")

    def cached(self, parts: tuple, make: Callable[[], Any]) -> Any:
        """:meth:`Memo.cached`, one file a result: ``make()``, or its result of an earlier build from
        the same ``parts``."""
        key = content_key(*parts)
        data = self.get(key)
        if data is not None:
            try:
                return _from_file(data)
            except Exception:  # noqa: BLE001 - a damaged file only means the work is done again
                pass
        self.misses += 1
        value = make()
        self.put(key, _for_file(value))
        return value

    def sweep(self) -> None:
        """Remove what this build did not use (old versions of edited pages, pages gone)."""
        with contextlib.suppress(OSError):
            for path in self.folder.iterdir():
                if path.name not in self._used:
                    path.unlink(missing_ok=True)


class KeptBytes:
    """A result of bytes in a memo's file (:meth:`Memo.cached_bytes`): its ``length``, its first
    bytes (``head``, at most :data:`HEAD`) and :meth:`read` for the whole.

    The file stays readable for as long as the object may be read: the memo's file is only ever
    appended to or replaced by a new file (:meth:`Memo.save`), and an open file outlives its
    name, in this process and in a job forked from it; the memo closes it when a save puts a new
    file in its place, after which none of the build's pages is read (the memo of pages is saved
    when the build finishes)."""

    __slots__ = ("_handle", "_offset", "length", "head")
    HEAD = 4096  # a generated page's front matter is a few hundred bytes

    def __init__(self, handle: Any, offset: int, length: int, head: bytes):
        self._handle, self._offset, self.length, self.head = handle, offset, length, head

    def read(self) -> bytes:
        blob = os.pread(self._handle.fileno(), self.length, self._offset)
        if len(blob) != self.length:
            raise OSError(f"Bộ nhớ đệm dựng trang: {self.length} byte đã cất không còn đọc được; hãy dựng lại.")
        return blob


def _read_whole(handle: Any, offset: int, length: int) -> Any:
    """A stored result (:meth:`Memo.get`), or :data:`_MISSING` if its bytes are not all there."""
    blob = os.pread(handle.fileno(), length, offset)
    return _from_file(blob) if len(blob) == length else _MISSING


def _read_kept_bytes(handle: Any, offset: int, length: int) -> "KeptBytes | object":
    """A stored result of bytes, its first bytes read (:meth:`Memo.cached_bytes`), or :data:`_MISSING`
    if it is not bytes."""
    head = os.pread(handle.fileno(), min(length, len(_BYTES) + KeptBytes.HEAD), offset)
    if not head.startswith(_BYTES):
        return _MISSING
    return KeptBytes(handle, offset + len(_BYTES), length - len(_BYTES), head[len(_BYTES):])


_BYTES = b"portal-bytes\n"  # the start of a stored result that is bytes, as they are (see Memo.cached_bytes)
_TEXT = b"portal-text\n"  # the start of a stored result that is a text, as UTF-8 (a pickle starts with 0x80)
_MARSHALLED = b"portal-marshal\n"  # the start of a stored result written by marshal (see _for_file)


def _for_file(value: Any, plain: bool = False) -> bytes:
    """A result as a memo stores it (:class:`Memo`, :class:`FileMemo`): a text as its UTF-8 bytes,
    bytes as they are (so that :meth:`Memo.cached_bytes` can read a part of them), a ``plain`` result (texts, numbers, bytes, tuples, lists, dicts, sets: see :meth:`Memo.cached`)
    written by :mod:`marshal`, anything else pickled.

    Why not pickle a text: CPython's pickler encodes a ``str`` with ``PyUnicode_AsUTF8AndSize``,
    which keeps the UTF-8 copy inside the string for as long as the string lives. The pages are
    kept while the whole archive is rendered, so a build that filled an empty cache held every
    page's Markdown twice (≈ 200 MB more in the builder's process at 600 months). :mod:`marshal`
    encodes a text into bytes of its own and keeps nothing in the string (and is quicker): the
    Excel cells of 600 months, kept from their month's table to the archive's, held ≈ 25 MB of
    such copies in the downloads' job. (The marshal format belongs to the Python version, which is
    in the cache's :func:`fingerprint`.) A result that marshal cannot write is pickled."""
    if type(value) is str:
        return _TEXT + value.encode("utf-8", "surrogatepass")
    if type(value) is bytes:
        return _BYTES + value
    if plain:
        try:
            return _MARSHALLED + marshal.dumps(value)
        except ValueError:  # an instance of another class inside
            pass
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def _from_file(data: bytes) -> Any:
    """What :func:`_for_file` wrote."""
    if data.startswith(_TEXT):
        return str(memoryview(data)[len(_TEXT):], "utf-8", "surrogatepass")
    if data.startswith(_BYTES):
        return data[len(_BYTES):]
    if data.startswith(_MARSHALLED):
        return marshal.loads(memoryview(data)[len(_MARSHALLED):])
    return pickle.loads(data)


def say(message: str) -> None:
    """What the cache has to tell (dropped, unreadable): on standard error, so that a quiet build
    (``make site`` runs the builder with ``-q``) shows it too, and never as a builder's warning,
    which ``--strict`` would turn into a failed build."""
    print(message, file=sys.stderr, flush=True)


class BuildCache:
    """The cache folder of one project and edition; :meth:`memo` gives each kind of result's store."""

    def __init__(self, folder: Path, edition: str, log: Callable[[str], None] = say):
        self.folder = folder
        self.edition = edition
        self.log = log
        self._memos: dict[str, Memo] = {}
        self._file_memos: dict[str, FileMemo] = {}

    @classmethod
    def open(cls, project_dir: Path, edition: str, log: Callable[[str], None] = say,
             setting: str | None = None) -> "BuildCache | None":
        """The cache of ``project_dir`` (``$PORTAL_BUILD_CACHE`` moves it, ``0`` turns it off), after
        dropping it when it was made by other code; None when it is off or cannot be written."""
        # ``setting``: the entry point's reading of $PORTAL_BUILD_CACHE (BuildOptions.build_cache)
        setting = (os.environ.get(ENV, "") if setting is None else setting).strip()
        if setting.lower() in ("0", "off", "no", "false", "không"):
            return None
        folder = Path(setting) if setting else project_dir / FOLDER
        stamp = fingerprint()
        marker = folder / FINGERPRINT_FILE
        try:
            if folder.exists():
                try:
                    known = marker.read_text(encoding="utf-8").strip()
                except OSError:
                    known = ""
                if known != stamp:
                    log(f"Bộ nhớ đệm dựng trang ({_shown(folder, project_dir)}) đã bỏ: "
                        + ("phần mềm dựng trang hoặc thư viện đã thay đổi" if known else "không rõ phiên bản")
                        + "; lần này dựng đầy đủ.")
                    shutil.rmtree(folder)
            if not marker.exists():
                folder.mkdir(parents=True, exist_ok=True)
                marker.write_text(stamp + "\n", encoding="utf-8")
        except OSError as exc:
            log(f"Bộ nhớ đệm dựng trang không dùng được ({exc}); lần này dựng đầy đủ.")
            return None
        return cls(folder, edition, log)

    def memo(self, name: str, held: bool = False) -> Memo:
        """The memo ``name``; ``held``: the build holds its results anyway (see :class:`Memo`), as given
        when it is first asked for."""
        if name not in self._memos:
            self._memos[name] = Memo(self.folder / self.edition / f"{name}.pickle", self.log, held=held)
        return self._memos[name]

    def file_memo(self, name: str) -> FileMemo:
        if name not in self._file_memos:
            self._file_memos[name] = FileMemo(self.folder / self.edition / name, self.log)
        return self._file_memos[name]

    def shared_files(self, name: str) -> "SharedFiles":
        """The store of finished files ``name`` (pages' HTML, downloads, search files) shared with the
        built site by hard links (:class:`SharedFiles`)."""
        return SharedFiles(self.folder / self.edition / name, self.log)

    def sweep_files(self) -> None:
        """After a good build: each file memo it used keeps only what it used (:meth:`FileMemo.sweep`)."""
        for memo in self._file_memos.values():
            memo.sweep()

    def save(self, *names: str) -> None:
        """Write back the memos ``names`` (all that were used when none is named). A cache that
        cannot be written costs the next build its speed, not this build its site."""
        for name in names or tuple(self._memos):
            memo = self._memos.get(name)
            if memo is None:
                continue
            try:
                memo.save()
            except OSError as exc:
                self.log(f"Bộ nhớ đệm dựng trang: không ghi được {memo.path.name} ({exc}).")


def _shown(folder: Path, project_dir: Path) -> str:
    try:
        return folder.resolve().relative_to(project_dir.resolve()).as_posix() + "/"
    except ValueError:
        return str(folder)


class SharedFiles:
    """Finished files kept by content key and shared with the built site by hard links (one file,
    two names), each with a small note of what was read from it when it was made.

    Why: after one task's edit most finished pages are the bytes of the last build. Copying each
    into the new site costs a read and a create and a write, on a file system where each opened
    file is the cost (≈ 0.15 ms); a link is one directory entry, and the page's bytes are never
    read. The same goes the other way: a page the builder wrote becomes the cache's entry by a
    link, not a copy. The note (the task marks the audit looks for, the inline code the
    Content-Security-Policy hashes) spares reading the page again to learn them.

    A file of the built site is the very file of its entry, so a change made to the site in place
    (a dirty build writing over a page, a tool editing it) would change the entry too: each entry
    keeps the stamp its file had when stored (inode, size, modification time in ns), and an entry
    whose file no longer has it is not used (the page is made again). Where a link cannot be made
    (the cache on another file system) the file is copied. The notes are one :class:`Memo` beside
    the folder; :meth:`sweep` and :meth:`save` keep what this build used, as the other memos do."""

    def __init__(self, folder: Path, on_bad: Callable[[str], None] = lambda message: None):
        self.folder = folder
        self._on_bad = on_bad
        self._notes = Memo(folder.with_name(folder.name + ".pickle"), on_bad)
        self._held: dict[str, Any] = {}  # key → its note, for entries found intact
        self._used: set[str] = set()
        self._ready = False
        self.misses = 0

    def _path(self, key: str) -> Path:
        return self.folder / key

    @staticmethod
    def _stamp(path: Path) -> tuple:
        status = os.stat(path)
        return status.st_ino, status.st_size, status.st_mtime_ns

    def has(self, key: str) -> bool:
        """Whether ``key`` is held, its file as it was stored (it counts as used; never read)."""
        kept = self._notes.get(key)
        try:
            intact = kept is not None and self._stamp(self._path(key)) == kept[0]
        except OSError:
            intact = False
        if not intact:
            self.misses += 1
            return False
        self._used.add(key)
        self._held[key] = kept[1]
        return True

    def note(self, key: str) -> Any:
        """The note stored with an entry :meth:`has` found."""
        return self._held[key]

    def place(self, key: str, target: Path) -> None:
        """Put the entry's file at ``target`` (its folder made). Raises ``FileNotFoundError`` when the
        entry went missing since :meth:`has` found it."""
        source = self._path(key)
        try:
            self._link(source, target)
        except FileNotFoundError:  # the target's folder not made yet (a missing entry raises again below)
            target.parent.mkdir(parents=True, exist_ok=True)
            self._link(source, target)

    @staticmethod
    def _link(source: Path, target: Path) -> None:
        """``target`` made the file ``source`` (its folder made first only when the link finds none:
        most files go to a folder made already, and its ``mkdir`` cost as much as the link)."""
        try:
            os.link(source, target)
        except FileExistsError:
            target.unlink()
            os.link(source, target)
        except FileNotFoundError:
            raise
        except OSError:  # another file system, or one without hard links: a copy
            shutil.copyfile(source, target)

    def place_kept(self, key: str, target: Path) -> bool:
        """Put the entry of ``key`` at ``target`` when it is held, intact (:meth:`has`); whether it was.
        An entry gone since it was found counts as not held."""
        if not self.has(key):
            return False
        try:
            self.place(key, target)
        except FileNotFoundError:
            return False
        return True

    def write(self, target: Path, data: bytes) -> str:
        """Put ``data`` at ``target``: a link to the entry of the same bytes, else written there and made
        an entry (keyed by the bytes' hash, so an entry is always the very bytes asked for); the key."""
        key = content_key(data)
        if not self.place_kept(key, target):
            target.write_bytes(data)
            self.store(key, target, None)
        return key

    def links_to(self, folder: Path) -> bool:
        """Whether files in ``folder`` can be links to the entries (the same file system): where they
        cannot, each file would be copied both ways, slower than writing it (a temporary folder on a
        file system of its own)."""
        place = self.folder
        while not place.exists() and place != place.parent:
            place = place.parent
        try:
            return os.stat(place).st_dev == os.stat(folder).st_dev
        except OSError:
            return False

    def store(self, key: str, source: Path, note: Any) -> None:
        """Make the file the builder wrote at ``source`` the entry of ``key``, with its ``note``. A cache
        that cannot be written costs the next build its speed only."""
        target = self._path(key)
        try:
            if not self._ready:
                self.folder.mkdir(parents=True, exist_ok=True)
                self._ready = True
            try:
                os.link(source, target)  # the common case (a new entry): one directory entry, made whole
            except OSError:  # an old entry of that key (its file changed since), or no links here
                self._replace(source, target)
            self._notes.put(key, (self._stamp(target), note))
            self._used.add(key)
        except OSError as exc:
            self._on_bad(f"Bộ nhớ đệm dựng trang: không ghi được {target.name} ({exc}).")

    def _replace(self, source: Path, target: Path) -> None:
        """Put ``source`` in place of an entry file that exists (by a link, else a copy), atomically: a
        reader sees the old file or the new. Why not always so: a link made beside the entry and
        renamed over it costs three file-system calls where a new entry's link is one (≈ 0.1 s of
        CPU for the 2,800 files a first build of 120 months keeps)."""
        temporary = self.folder / f".{target.name}.{os.getpid()}"
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        try:
            os.link(source, temporary)
        except OSError:
            shutil.copyfile(source, temporary)
        os.replace(temporary, target)

    def sweep(self) -> None:
        """Remove the files this build did not use (old versions of edited pages, pages gone)."""
        with contextlib.suppress(OSError):
            for path in self.folder.iterdir():
                if path.name not in self._used:
                    path.unlink(missing_ok=True)

    def save(self) -> None:
        """Write the notes of the entries this build used."""
        try:
            self._notes.save()
        except OSError as exc:
            self._on_bad(f"Bộ nhớ đệm dựng trang: không ghi được {self._notes.path.name} ({exc}).")
