"""Publishing a finished build into ``site/``: one build at a time, nothing lost, nothing left over.

``scripts/build_site.py`` builds into a staging folder beside the target (``.site.XXXX``) and
then uses these pieces, each on its own so that any builder's script can call them:

- :func:`build_lock`: one build of a target at a time (``fcntl.flock`` on ``.site.lock``). A
  second ``make site`` waits, naming the build it waits for, or refuses (``wait=False``). The
  lock's file is inherited by the builder process, so a build whose script was killed still
  holds it until its builder has stopped writing.
- :func:`sweep_staging`: under the lock, staging folders of earlier builds are leftovers (a
  build that was killed): they are removed. :func:`sweep_temporary` removes the background
  job's temporary folders whose process is dead.
- :func:`missing_months`: the months the current site has and the new build lacks, so that a
  build never publishes fewer months than the site it replaces without being told to.
- :func:`swap_in`: replace the target by the staging folder with no instant where the target is
  absent (Linux ``renameat2(RENAME_EXCHANGE)``; elsewhere two renames, a window of microseconds).
"""
from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import errno
import fcntl
import os
import re
import shutil
import tempfile
import time
from pathlib import Path
from typing import Callable, Iterator

from portal.text.months import Month

TEMPORARY_PREFIXES = ("portal-search-", "portal-job-")  # see portal.build.session and background
_PID_IN_NAME_RE = re.compile(r"^portal-(?:search|job)-(\d+)-")


class BuildBusy(Exception):
    """Another build holds the lock and the caller asked not to wait; the message names it."""


def lock_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.lock")


def staging_prefix(target: Path) -> str:
    return f".{target.name}."


def new_staging(target: Path) -> Path:
    """An empty staging folder beside ``target``, on its file system (so a rename can swap it).

    ``mkdtemp`` makes it private (0700); once swapped in it is the site a web server's user
    must read, so it gets the permissions of any new folder (0755 under the usual umask)."""
    staging = Path(tempfile.mkdtemp(prefix=staging_prefix(target), dir=target.parent))
    umask = os.umask(0)
    os.umask(umask)
    staging.chmod(0o777 & ~umask)
    return staging


def _holder(path: Path) -> str:
    """Who holds the lock, as its holder wrote it: pid, start time, command."""
    try:
        text = path.read_text(encoding="utf-8").strip()
    except OSError:
        text = ""
    return text or "không rõ tiến trình"


@contextlib.contextmanager
def build_lock(target: Path, wait: bool = True, say: Callable[[str], None] = print) -> Iterator[int]:
    """Hold the build lock of ``target`` for the block; yields the lock's file descriptor, which
    a builder subprocess should inherit (``pass_fds``) so the lock lives as long as it does."""
    path = lock_path(target)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(path)
            if not wait:
                raise BuildBusy(f"Đang có một lần dựng khác vào {target.name}/ ({holder}); "
                                "hãy chờ nó xong rồi chạy lại.") from None
            say(f"Đang có một lần dựng khác vào {target.name}/ ({holder}); chờ nó xong…")
            fcntl.flock(fd, fcntl.LOCK_EX)
        started = dt.datetime.now().strftime("%H:%M:%S %d/%m/%Y")
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"tiến trình {os.getpid()}, bắt đầu lúc {started}\n".encode("utf-8"), 0)
        yield fd
    finally:
        os.close(fd)  # closing the last descriptor of the open file releases the lock


def sweep_staging(target: Path) -> list[Path]:
    """Remove staging folders of earlier builds of ``target``. Call only while holding the lock:
    then no live build of ``target`` can own one (a live build holds the lock)."""
    removed = []
    for path in target.parent.glob(staging_prefix(target) + "*"):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's live process
    return True


def temporary_name(prefix: str) -> str:
    """``portal-search-<pid>-``: a temporary folder's prefix naming its owner, for the sweep."""
    return f"{prefix}{os.getpid()}-"


def sweep_temporary(folder: Path | None = None) -> list[Path]:
    """Remove the background job's temporary folders and files whose owning process is dead
    (a build killed by SIGKILL or a power cut). Names without a pid (older builds) are removed
    once older than a day."""
    folder = Path(folder or tempfile.gettempdir())
    removed: list[Path] = []
    now = time.time()
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    for path in entries:
        if not path.name.startswith(TEMPORARY_PREFIXES):
            continue
        try:
            age = now - path.lstat().st_mtime
        except OSError:
            continue
        match = _PID_IN_NAME_RE.match(path.name)
        dead = (not pid_alive(int(match.group(1)))) if match else age > 86400
        if not dead:
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                path.unlink()
        removed.append(path)
    return removed


def site_months(site: Path) -> set[str]:
    """The months a built site publishes: its month pages ``programmes/YYYY-MM/index.html``
    (what a reader finds, whatever built it; no manifest to go stale)."""
    folder = site / "programmes"
    if not folder.is_dir():
        return set()
    return {p.name for p in folder.iterdir() if Month.valid(p.name) and (p / "index.html").is_file()}


def missing_months(old: Path, new: Path) -> list[str]:
    """Months the current site ``old`` has that the new build ``new`` lacks, oldest first."""
    return sorted(site_months(old) - site_months(new))


def fewer_months_message(target: Path, missing: list[str], old_count: int, new_count: int) -> str:
    shown = ", ".join(Month(m).numeric_padded for m in missing[:12]) + (" …" if len(missing) > 12 else "")
    return (f"Bản dựng mới có {new_count} tháng, thiếu {len(missing)} tháng so với {target.name}/ hiện tại "
            f"({old_count} tháng): {shown}. {target.name}/ vẫn giữ nguyên bản trước. Hãy kiểm tra "
            "content/programmes/ («portal check»); nếu đúng là bỏ các tháng này, chạy lại: make site ALLOW_FEWER=1")


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths (Linux ``renameat2``); False where that is not available."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def swap_in(staging: Path, target: Path) -> None:
    """Put the finished build ``staging`` at ``target``; the previous site is removed after.

    ``target`` stays a real folder (a symlink would be copied as a link by ``cp -r site``); with
    ``RENAME_EXCHANGE`` it names the old or the new site at every instant. Without it (not Linux,
    a file system that refuses), the old site is renamed away and the new one renamed in: two
    ``rename`` calls, a window of some microseconds in which ``target`` is absent.
    """
    if not target.exists():
        os.rename(staging, target)
        return
    if _exchange(staging, target):
        shutil.rmtree(staging, ignore_errors=True)  # now the previous site
        return
    old = target.with_name(f"{staging_prefix(target)}old-{os.getpid()}")
    shutil.rmtree(old, ignore_errors=True)
    os.rename(target, old)
    os.rename(staging, target)
    shutil.rmtree(old, ignore_errors=True)
