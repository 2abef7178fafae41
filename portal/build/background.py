"""Run a piece of the build beside MkDocs, on the machine's second core.

MkDocs renders pages on one core; the search index needs only the site's data and rendered
Markdown, so it is written by a forked child while MkDocs works, and joined after the build.
A fork shares the already-loaded site for free (no pickling). Where ``fork`` does not exist, or
the process has other threads (``mkdocs serve``), the work simply runs when joined.
"""
from __future__ import annotations

import ctypes
import os
import select
import signal
import tempfile
import threading
import traceback
from pathlib import Path
from typing import Callable

from portal.build.publish import temporary_name


_OS_ERROR = "OSError"  # first line of the child's report when a file could not be written
_libc: list[ctypes.CDLL] = []  # glibc, once looked for (an empty list: not looked for yet)
_LOOKED_FOR: list[bool] = []


def release_freed_memory() -> None:
    """Give back to the system the memory this process has freed (glibc's ``malloc_trim``); nothing
    where the C library has no such call.

    Why: a forked job and the main process share the memory of what was loaded before the fork. A
    page's Markdown that both have let go is still resident while either keeps the freed block in
    its heap (the C library keeps freed memory for later allocations), so at 600 months the whole
    archive's Markdown stayed resident for the search job's lifetime. Trimming returns the freed
    pages in each process; a page shared by both is gone once both have returned it."""
    if not _LOOKED_FOR:
        _LOOKED_FOR.append(True)
        try:
            libc = ctypes.CDLL("libc.so.6")
            libc.malloc_trim.argtypes = [ctypes.c_size_t]
            _libc.append(libc)
        except (OSError, AttributeError):
            pass  # not glibc: nothing to call
    for libc in _libc:
        libc.malloc_trim(0)


class BackgroundJob:
    """``start()`` runs ``work`` in a child process; ``join()`` returns its result (an int) or raises.

    ``after``: a job started earlier whose child must have ended before this one's child begins its
    work. Why: two jobs at work at once each hold their own data beside the main process's (at 600
    months the downloads' job ended holding the archive-wide tables just as the search job began
    building its index: three processes at their peaks at once, 1.2 GB). Waiting costs no time on
    two cores: the main process and the earlier job keep both busy meanwhile, and the later child,
    forked but idle, shares all its memory with the main process until it starts.

    ``while_waiting``: run in the child before it waits for ``after``, only if ``after`` is still at
    work: what the child holds but does not need until it begins may be put aside meanwhile (the
    search job's pages, see :meth:`portal.build.session.Build._start_search`)."""

    def __init__(self, work: Callable[[], int], after: "BackgroundJob | None" = None,
                 while_waiting: Callable[[], None] | None = None):
        self.work = work
        self.while_waiting = while_waiting
        self.pid: int | None = None
        self._error_file: str | None = None
        self._result_file: str | None = None
        self._after = after
        # the read end of a pipe whose only write end the child holds: at the end of file, it has ended
        self._ended: int | None = None

    def start(self) -> "BackgroundJob":
        if not hasattr(os, "fork") or threading.active_count() > 1:
            return self  # joined synchronously
        prefix = temporary_name("portal-job-")  # names its owner, so a dead build's files are swept
        handle, self._error_file = tempfile.mkstemp(prefix=prefix, suffix=".err")
        os.close(handle)
        handle, self._result_file = tempfile.mkstemp(prefix=prefix, suffix=".out")
        os.close(handle)
        ended, alive = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: do the work, report, leave without running the parent's exit code
            signal.signal(signal.SIGINT, signal.SIG_DFL)  # a stop ends the child at once: the parent
            signal.signal(signal.SIGTERM, signal.SIG_DFL)  # cleans up (see stop)
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
            os.close(ended)  # ``alive`` stays open until this process exits
            code = 0
            try:
                if self._after is not None:
                    if self.while_waiting is not None and not self._after.ended():
                        self.while_waiting()
                    self._after.wait_ended()
                Path(self._result_file).write_text(str(self.work()))
            except OSError as exc:  # a full disk, a read-only folder: the parent says which file, in one line
                Path(self._error_file).write_text(f"{_OS_ERROR}\t{exc.errno}\t{exc.filename or ''}\n"
                                                  + traceback.format_exc(), encoding="utf-8")
                code = 1
            except BaseException:  # noqa: BLE001 - everything goes back to the parent
                Path(self._error_file).write_text(traceback.format_exc(), encoding="utf-8")
                code = 1
            os._exit(code)
        os.close(alive)
        self.pid, self._ended = pid, ended
        return self

    def wait_ended(self) -> None:
        """Until this job's child has ended (at once for a job that was not forked, or was joined).
        Works in a process forked later by the same parent, which cannot wait for its sibling."""
        if self._ended is None:
            return
        while True:
            try:
                if not os.read(self._ended, 1):
                    return
            except InterruptedError:
                continue

    def ended(self) -> bool:
        """Whether this job's child has ended, without waiting (see :meth:`wait_ended`)."""
        if self._ended is None:
            return True
        return bool(select.select([self._ended], [], [], 0)[0])  # readable: the end of file

    def _close_ended(self) -> None:
        if self._ended is not None:
            os.close(self._ended)
            self._ended = None

    def stop(self) -> None:
        """End the child now (the build was stopped) and remove its files."""
        if self.pid is not None:
            try:
                os.kill(self.pid, signal.SIGTERM)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            self.pid = None
        self._close_ended()
        for name in (self._error_file, self._result_file):
            if name:
                Path(name).unlink(missing_ok=True)

    def join(self) -> int:
        if self.pid is None:
            return self.work()
        error_file, result_file = self._error_file, self._result_file
        if error_file is None or result_file is None:
            raise RuntimeError("a forked job without its result files")
        try:
            _, status = os.waitpid(self.pid, 0)
            if os.waitstatus_to_exitcode(status) != 0:
                text = Path(error_file).read_text(encoding="utf-8")
                if text.startswith(_OS_ERROR + "\t"):
                    _, code, filename = text.split("\n", 1)[0].split("\t", 2)
                    raise OSError(int(code), os.strerror(int(code)), filename or None)
                raise RuntimeError(text or f"mã thoát {status}")
            return int(Path(result_file).read_text() or 0)
        finally:
            for name in (error_file, result_file):
                Path(name).unlink(missing_ok=True)
            self.pid = None
            self._close_ended()
