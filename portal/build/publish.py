"""Publishing a build into ``site/`` (or ``site-internal/``): one build at a time, nothing lost,
nothing left over, nothing of the internal edition in the public folder.

:func:`publish` is the one way a site is published: ``portal publish`` (``make site``,
``make site-internal``, ``scripts/build_site.py`` and ``portal build`` all come here) builds into a
staging folder beside the target (``.site.XXXX``) with the builder in its own process, under the
lock, then swaps it in. Its pieces:

- :func:`build_lock`: one build of a target at a time (``fcntl.flock`` on ``.site.lock``). A
  second ``make site`` waits, naming the build it waits for, or refuses (``wait=False``). The
  lock's file is inherited by the builder process, so a build whose script was killed still
  holds it until its builder has stopped writing.
- :func:`sweep_staging`: under the lock, staging folders of earlier builds are leftovers (a
  build that was killed): they are removed. :func:`sweep_temporary` removes the background
  job's temporary folders whose process is dead.
- :func:`missing_months` and :func:`withdrawn`: the months the current site has and the new build
  lacks. A month the office withdrew (its file now says ``restricted: true`` or ``draft: true``)
  leaves at once, named with its reason; a month whose file is gone (deleted, renamed) is an
  accident until told otherwise (``ALLOW_FEWER``), so the site it replaces is kept.
- :func:`swap_in`: replace the target by the staging folder with no instant where the target is
  absent (Linux ``renameat2(RENAME_EXCHANGE)``; elsewhere two renames, a window of microseconds).
- :func:`keep_folders` / :func:`take_spare_folders`: the previous site's folders, emptied of every
  file, wait beside the target for the next build, which takes in those it writes into.
"""
from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import errno
import fcntl
import itertools
import os
import posixpath
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Callable, Iterable, Iterator

from portal.build import builder_process
from portal.build.options import EDITION_FILE, BuildOptions, Edition, OptionsError, check_target
from portal.content.errors import ContentError, file_error
from portal.text.months import Month

# Imported where used, each on a path a published build rarely takes, so that ``make site`` starts
# its builder sooner: the YAML reader (a month that left the site), the Content-Security-Policy
# writer (a builder that did not write it), the builders' table (which the session, importing
# this module's sweep, does not need) and the thread pool that removes the previous site.

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


def _label(month: str) -> str:
    return Month(month).numeric_padded


@dataclass(frozen=True)
class Departure:
    """A month the current site has and the new build lacks, and why."""

    month: str
    reason: str
    decided: bool  # withdrawn by the office (restricted, draft): it leaves at once

    def __str__(self) -> str:
        return f"{_label(self.month)}: {self.reason}"


def departures(missing: list[str], content_dir: Path, edition: Edition) -> list[Departure]:
    """Why each missing month left. Its file now says ``restricted: true`` or ``draft: true`` (in the
    public edition): the office withdrew it. Its file is gone: an accident until told otherwise."""
    from portal.content.yamlsource import load_yaml

    found = []
    for month in missing:
        path = content_dir / "programmes" / f"{month}.yaml"
        shown = f"{content_dir.name}/programmes/{path.name}"
        if not path.is_file():
            found.append(Departure(month, f"tệp {shown} không còn (đã xóa hoặc đổi tên)", decided=False))
            continue
        try:
            located = load_yaml(path, shown)
        except (ContentError, OSError):
            found.append(Departure(month, f"tệp {shown} không đọc được", decided=False))
            continue
        data = located.data if isinstance(located.data, dict) else {}
        if edition is Edition.PUBLIC and data.get("restricted") is True:
            found.append(Departure(month, f"đã đánh dấu hạn chế («restricted: true», {shown} dòng "
                                          f"{located.line(('restricted',))})", decided=True))
        elif edition is Edition.PUBLIC and data.get("draft") is True:
            found.append(Departure(month, f"đã chuyển lại thành dự thảo («draft: true», {shown} dòng "
                                          f"{located.line(('draft',))})", decided=True))
        else:
            found.append(Departure(month, f"tệp {shown} còn nhưng tháng không được dựng", decided=False))
    return found


def fewer_months_message(target: Path, accidents: list[Departure], old_count: int, new_count: int) -> str:
    shown = "; ".join(str(d) for d in accidents[:12]) + (" …" if len(accidents) > 12 else "")
    command = "make site-internal" if target.name == "site-internal" else "make site"
    return (f"Bản dựng mới có {new_count} tháng, thiếu {len(accidents)} tháng so với {target.name}/ hiện tại "
            f"({old_count} tháng): {shown}. {target.name}/ vẫn giữ nguyên bản trước. Hãy kiểm tra "
            f"content/programmes/ («portal check»); nếu đúng là bỏ các tháng này, chạy lại: {command} ALLOW_FEWER=1")


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


def swap_in(staging: Path, target: Path, keep: bool = False) -> None:
    """Put the finished build ``staging`` at ``target``; the previous site is removed after, or with
    ``keep`` its folders are kept, emptied, for the next build (:func:`keep_folders`).

    ``target`` stays a real folder (a symlink would be copied as a link by ``cp -r site``); with
    ``RENAME_EXCHANGE`` it names the old or the new site at every instant. Without it (not Linux,
    a file system that refuses), the old site is renamed away and the new one renamed in: two
    ``rename`` calls, a window of some microseconds in which ``target`` is absent.
    """
    if not target.exists():
        os.rename(staging, target)
        return
    if _exchange(staging, target):
        old = staging  # now the previous site
    else:
        old = target.with_name(f"{staging_prefix(target)}old-{os.getpid()}")
        remove_tree(old)
        os.rename(target, old)
        os.rename(staging, target)
    if not (keep and keep_folders(old, spare_folders(target))):
        remove_tree(old)


# ---- the previous site's folders, kept for the next build -------------------------------------

# The environment variable by which the publisher tells its builder where the spare folders are.
SPARE_FOLDERS_VARIABLE = "PORTAL_SPARE_FOLDERS"


def spare_folders(target: Path) -> Path:
    """Where the previous site's folders wait, emptied of every file, for the next build of ``target``.

    Why: a build writes some 2,900 files into some 870 folders (one a page at 120 months) and the
    publisher removed as many of the previous site. On ext4 each ``mkdir`` costs ≈ 0.2 ms of kernel
    time (the allocator looks among the inodes just freed) and each ``rmdir`` ≈ 0.15 ms: ≈ 0.15 s of
    the builder's main path in an edit rebuild. Keeping the folders and renaming them into the next
    build's site folder costs a few renames. The name is not a staging name (:func:`sweep_staging`
    leaves it); it is hidden, beside the target, on its file system (so a rename moves it)."""
    return target.with_name(f".{target.name}-folders")


def keep_folders(old: Path, spare: Path) -> bool:
    """Unlink every file and link under ``old`` (the previous site), keep its folders and name the
    tree ``spare``; False, ``old`` left for :func:`remove_tree`, if anything could not be unlinked:
    a spare tree holds nothing but folders. (A crash half way leaves ``old``, a staging name,
    for :func:`sweep_staging`: only a tree emptied whole is ever named ``spare``.)"""
    from concurrent.futures import ThreadPoolExecutor

    if not _BY_DESCRIPTOR:
        return False
    try:
        remove_tree(spare)  # one the last build did not take (refused, another builder)
        top = os.open(old, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
        try:
            with ThreadPoolExecutor(REMOVE_THREADS) as pool:
                emptied = partial(_empty_folder, strict=True)
                list(pool.map(emptied, itertools.repeat(top), _unlink_files(top, strict=True)))
        finally:
            os.close(top)
        os.rename(old, spare)
    except OSError:
        return False
    return True


def _spare_tree(spare: Path) -> set[str] | None:
    """The folders of the spare tree, as paths relative to it; None if it holds anything else than
    folders (a file or a link someone put there), or a folder whose permissions a build would not
    give it: then it is not used (the build would publish what it did not write)."""
    umask = os.umask(0)
    os.umask(umask)
    mode = 0o777 & ~umask
    folders: set[str] = set()
    pending = [""]
    try:
        while pending:
            relative = pending.pop()
            with os.scandir(spare / relative if relative else spare) as listing:
                for entry in listing:
                    if not entry.is_dir(follow_symlinks=False):
                        return None
                    if entry.stat(follow_symlinks=False).st_mode & 0o7777 != mode:
                        return None
                    path = f"{relative}/{entry.name}" if relative else entry.name
                    folders.add(path)
                    pending.append(path)
    except OSError:
        return None
    return folders


def _folders_of(files: Iterable[str]) -> set[str]:
    """Every folder the site paths ``files`` lie in (``a/b/c.html``: ``a`` and ``a/b``)."""
    folders: set[str] = set()
    for path in files:
        folder = posixpath.dirname(path)
        while folder and folder not in folders:
            folders.add(folder)
            folder = posixpath.dirname(folder)
    return folders


def take_spare_folders(site_dir: Path, files: Iterable[str]) -> int:
    """In a builder under the publisher, its site folder still empty: the spare folders of the
    target (:func:`spare_folders`) that hold one of the site paths ``files`` this build writes are
    moved in, so that writing a page finds its folder made; the number of folders taken.

    Only folders a file of this build lies in are taken: no folder stays where this build writes a
    file (a path that was a folder and is now a file), none of a month that left. The others are
    removed; a tree that holds anything but folders is left whole (and removed by the publisher).
    The publisher removes after the build any taken folder still empty (:func:`prune_empty_folders`),
    so the site is the one a build into an empty folder makes. Outside the publisher (``mkdocs
    build``, the preview) the variable is not set, or names no spare of this site folder: nothing."""
    spare = os.environ.get(SPARE_FOLDERS_VARIABLE)
    if not spare:
        return 0
    target_name = site_dir.name[1:].rpartition(".")[0]  # .site.XXXX: a staging of site
    if not (site_dir.name.startswith(".") and target_name
            and Path(spare) == spare_folders(site_dir.with_name(target_name))):
        return 0  # not the spare of this build's target: a stray variable
    spare_path = Path(spare)
    if os.path.islink(spare_path):
        return 0  # its folders are elsewhere: not the publisher's
    try:
        with os.scandir(site_dir) as listing:
            if next(listing, None) is not None:
                return 0  # something was written already: folders are made as usual
    except OSError:
        return 0
    found = _spare_tree(spare_path)
    if not found:
        return 0
    needed = _folders_of(files)
    taken = 0
    try:
        for folder in sorted(found - needed, key=_depth, reverse=True):  # deepest first: each is empty
            os.rmdir(spare_path / folder)
        for name in os.listdir(spare_path):
            os.rename(spare_path / name, site_dir / name)
        taken = len(found & needed)
        os.rmdir(spare_path)
    except OSError:
        pass  # what was not taken is made as usual; what was is pruned if left empty
    return taken


def prune_empty_folders(site: Path) -> None:
    """Remove the folders a build left empty, deepest first. A build from scratch makes no empty
    folder; one that took spare folders may leave one (a page the builder did not write after all),
    which would not be in a site built into an empty folder."""
    for folder, subfolders, names in os.walk(site, topdown=False):
        if not names and folder != str(site):
            with contextlib.suppress(OSError):  # a folder of this build's files
                os.rmdir(folder)


REMOVE_THREADS = 4
# Folders listed and emptied through a descriptor of each (Linux, the BSDs, macOS); elsewhere rmtree.
_BY_DESCRIPTOR = {os.open, os.unlink, os.rmdir} <= os.supports_dir_fd and os.scandir in os.supports_fd


def remove_tree(path: Path) -> None:
    """Remove ``path`` and everything in it, as ``shutil.rmtree(path, ignore_errors=True)`` does, the
    work spread over :data:`REMOVE_THREADS` threads.

    The previous site is ≈ 2,900 files and 870 folders at 120 months. Each unlink waits on the file
    system's metadata, hardly on the CPU: one after another they took 0.2 s on a quiet machine and
    1–3 s on a busy one. First the files: each folder of ``path`` with its subtree is a task, each
    folder in it listed once (``os.scandir`` on its descriptor) and its files unlinked by name in it
    (no path looked up again from the top). Then the folders, deepest first, each depth split in
    one share a thread. Why not a folder removed as soon as it is empty (depth first, as rmtree):
    on ext4 a folder's ``rmdir`` right after its last entries went cost ≈ 0.4 ms against ≈ 0.15 ms
    once every file is gone (strace), and the removal often stalled for 0.5–2 s. Why not a task a
    folder (as before): twice 870 tasks cost as much CPU in the pool as the removal itself. Measured
    on a hard-link copy of a 120-month site, alternately: 0.11–0.13 s before, 0.08–0.09 s after.
    The publisher waits for the threads (nothing is left behind once it has said the site is
    published): what could not be removed (a file that came meanwhile) is rmtree's at the end."""
    from concurrent.futures import ThreadPoolExecutor

    if _BY_DESCRIPTOR and os.path.isdir(path) and not os.path.islink(path):  # rmtree refuses a symlink: so does this
        with contextlib.suppress(OSError):
            top = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
            try:
                with ThreadPoolExecutor(REMOVE_THREADS) as pool:
                    subtrees = pool.map(_empty_folder, itertools.repeat(top), _unlink_files(top))
                    folders = sorted(itertools.chain.from_iterable(subtrees), key=_depth, reverse=True)
                    for _, level in itertools.groupby(folders, key=_depth):
                        same_depth = list(level)
                        shares = [same_depth[start::REMOVE_THREADS] for start in range(REMOVE_THREADS)]
                        list(pool.map(_remove_folders, itertools.repeat(top), shares))
            finally:
                os.close(top)
            os.rmdir(path)
    shutil.rmtree(path, ignore_errors=True)  # whatever is left: a folder that came meanwhile, an error


def _depth(folder: str) -> int:
    return folder.count("/")


def _unlink_files(folder: int, strict: bool = False) -> list[str]:
    """Unlink every entry of the open ``folder`` but its folders (a symlink is unlinked, not followed);
    the folders' names. ``strict``: an entry that cannot be unlinked raises OSError."""
    with os.scandir(folder) as listing:
        entries = list(listing)
    folders = []
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            folders.append(entry.name)
        else:
            try:
                os.unlink(entry.name, dir_fd=folder)
            except OSError:
                if strict:
                    raise
    return folders


def _empty_folder(parent: int, name: str, strict: bool = False) -> list[str]:
    """Unlink every file and link under the folder ``name`` of the open folder ``parent``; the folders
    of that subtree (``name`` with them), as paths relative to ``parent``, to be removed once all are
    empty (:func:`remove_tree`) or kept (:func:`keep_folders`). ``strict``: any failure raises OSError,
    else what could not be emptied stays (for remove_tree's rmtree)."""
    folders: list[str] = []
    try:
        folder = os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=parent)
        try:
            for sub in _unlink_files(folder, strict):
                folders += (f"{name}/{path}" for path in _empty_folder(folder, sub, strict))
        finally:
            os.close(folder)
        folders.append(name)
    except OSError:
        if strict:
            raise
    return folders


def _remove_folders(parent: int, folders: list[str]) -> None:
    for folder in folders:
        with contextlib.suppress(OSError):
            os.rmdir(folder, dir_fd=parent)


def authored_pages(config: Path) -> set[str]:
    """The built HTML files of the project's hand-written pages (their bodies are not hashed)."""
    from portal.build import builders
    from portal.build.csp import authored_html

    project = builders.read_config(config)
    return authored_html(config.parent / project.get("docs_dir", "docs"))


def complete_policy(staging: Path, config: Path) -> None:
    """The served site's Content-Security-Policy, unless the builder's hooks wrote it."""
    from portal.build.csp import POLICY_FILE, write_policy

    if not (staging / POLICY_FILE).exists():
        write_policy(staging, authored=authored_pages(config))


# ---- the one way to publish ----------------------------------------------------------------

STOP_WAIT_SECONDS = 20  # time the builder gets to clean up after a stop signal before it is killed


class Stopped(Exception):
    """A stop signal (Ctrl-C, SIGTERM) reached the publisher."""

    def __init__(self, signum: int):
        self.signum = signum


def _raise_stopped(signum, frame):
    raise Stopped(signum)


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _run_builder(command: list[str], env: dict, lock_fd: int) -> int:
    """Run the builder; on a stop signal pass it on, give the builder time to clean up, re-raise.

    The builder runs in its own process group, so a Ctrl-C in the terminal reaches the publisher
    only, which passes a SIGTERM on: the builder then stops cleanly (see portal.build.session),
    or, before its build started, ends without a traceback. It inherits the lock, so the lock
    outlives the publisher if the publisher is killed.

    The builder process of :func:`portal.build.builders.build_command` (``ends_at_once``) is this
    process forked (:func:`portal.build.builder_process.fork`): it starts without a new interpreter
    and with the modules imported here. Any other command, or a caller running threads (a fork
    copies only this one, and a lock another held), is run as it is."""
    process: subprocess.Popen | builder_process.ForkedProcess
    if command[:3] == [sys.executable, "-m", builder_process.__name__] and threading.active_count() == 1:
        process = builder_process.fork(command[3], command[4:], env, lock_fd)
    else:
        process = subprocess.Popen(command, env=env, pass_fds=(lock_fd,), start_new_session=True)
    try:
        return process.wait()
    except Stopped:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        try:
            process.wait(STOP_WAIT_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        raise


def _swap_held(staging: Path, target: Path, keep: bool) -> None:
    """Swap the build in with stop signals held back, so a Ctrl-C cannot fall between the renames."""
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        swap_in(staging, target, keep)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


def _months_check(staging: Path, target: Path, content_dir: Path, options: BuildOptions,
                  say: Callable[[str], None]) -> str | None:
    """Name each month that leaves and why; the refusal message when one left by accident, else None."""
    missing = missing_months(target, staging)
    if not missing:
        return None
    gone = departures(missing, content_dir, options.edition)
    for departure in gone:
        if departure.decided:
            say(f"Rút khỏi {target.name}/ tháng {departure}.")
    accidents = [d for d in gone if not d.decided]
    if not accidents:
        return None
    if options.allow_fewer:
        say(f"Lưu ý: bỏ {len(accidents)} tháng so với {target.name}/ trước (ALLOW_FEWER): "
            + "; ".join(str(d) for d in accidents) + ".")
        return None
    return fewer_months_message(target, accidents, len(site_months(target)), len(site_months(staging)))


def publish(options: BuildOptions, config: Path, site_dir: Path | None = None,
            say: Callable[[str], None] = _say) -> int:
    """Build the edition of ``options`` into a staging folder and swap it in at ``site_dir``
    (default: the edition's own folder beside ``config``); the exit code.

    Under the lock of the target; a failed, refused or stopped build leaves the target as it was
    and removes what it wrote. 0 published; 1 the builder failed; 2 refused (wrong folder,
    unknown builder); 3 a month left by accident; 75 busy (``wait=False``); 128+N stopped."""
    from portal.build import builders

    config = Path(config)
    project = Path(os.path.abspath(config)).parent
    target = Path(site_dir) if site_dir is not None else project / options.edition.folder
    target = Path(os.path.realpath(Path(os.path.abspath(target)).parent)) / Path(os.path.abspath(target)).name
    try:
        builder = builders.get(options.builder or None)
        check_target(options.edition, target, project / Edition.PUBLIC.folder)
    except (builders.BuilderError, OptionsError) as exc:
        say(str(exc))
        return 2
    if not config.is_file():
        say(f"Không thấy tệp cấu hình {config}.")
        return 2
    for note in options.ignored_switches():
        say(f"Lưu ý: {note}")
    previous = {s: signal.signal(s, _raise_stopped) for s in (signal.SIGINT, signal.SIGTERM)}
    staging = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with build_lock(target, wait=options.wait, say=say) as lock_fd:
            sweep_staging(target)
            sweep_temporary()
            staging = new_staging(target)
            env = builders.builder_env(options.to_environment())
            env.pop(SPARE_FOLDERS_VARIABLE, None)
            spare = spare_folders(target)
            if builder.runs_hooks and spare.is_dir():  # the hooks take them (portal_hooks.on_files)
                env[SPARE_FOLDERS_VARIABLE] = str(spare)
            command = builders.build_command(builder.name, config, staging, quiet=True, ends_at_once=True)
            returncode = _run_builder(command, env, lock_fd)
            if returncode != 0:
                say(f"Dựng trang thất bại; {target.name}/ vẫn giữ nguyên bản trước.")
                return returncode
            if SPARE_FOLDERS_VARIABLE in env:
                prune_empty_folders(staging)
            complete_policy(staging, config)
            (staging / EDITION_FILE).write_text(options.edition.value + "\n", encoding="utf-8")
            refusal = _months_check(staging, target, project / "content", options, say)
            if refusal:
                say(refusal)
                return 3
            _swap_held(staging, target, keep=builder.runs_hooks)
            staging = None
    except BuildBusy as busy:
        say(str(busy))
        return 75
    except Stopped as stop:
        how = "Ctrl-C" if stop.signum == signal.SIGINT else "tín hiệu dừng"
        say(f"Đã dừng dựng trang ({how}); {target.name}/ vẫn giữ nguyên bản trước, thư mục tạm đã được xóa.")
        return 128 + stop.signum
    except OSError as exc:
        say(file_error(exc, exc.filename or target, "dựng trang vào được") + f" {target.name}/ vẫn giữ nguyên bản trước.")
        return 1
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    say(f"Đã dựng {options.edition.label} vào {target.name}/.")
    return 0
