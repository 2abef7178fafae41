"""Run a piece of the build beside MkDocs, on the machine's second core.

MkDocs renders pages on one core; the search index needs only the site's data and rendered
Markdown, so it is written by a forked child while MkDocs works, and joined after the build.
A fork shares the already-loaded site for free (no pickling). Where ``fork`` does not exist, or
the process has other threads (``mkdocs serve``), the work simply runs when joined.
"""
from __future__ import annotations

import os
import tempfile
import threading
import traceback
from pathlib import Path
from typing import Callable


class BackgroundJob:
    """``start()`` runs ``work`` in a child process; ``join()`` returns its result (an int) or raises."""

    def __init__(self, work: Callable[[], int]):
        self.work = work
        self.pid: int | None = None
        self._error_file: str | None = None
        self._result_file: str | None = None

    def start(self) -> "BackgroundJob":
        if not hasattr(os, "fork") or threading.active_count() > 1:
            return self  # joined synchronously
        handle, self._error_file = tempfile.mkstemp(prefix="portal-job-", suffix=".err")
        os.close(handle)
        handle, self._result_file = tempfile.mkstemp(prefix="portal-job-", suffix=".out")
        os.close(handle)
        pid = os.fork()
        if pid == 0:  # the child: do the work, report, leave without running the parent's exit code
            code = 0
            try:
                Path(self._result_file).write_text(str(self.work()))
            except BaseException:  # noqa: BLE001 - everything goes back to the parent
                Path(self._error_file).write_text(traceback.format_exc(), encoding="utf-8")
                code = 1
            os._exit(code)
        self.pid = pid
        return self

    def join(self) -> int:
        if self.pid is None:
            return self.work()
        try:
            _, status = os.waitpid(self.pid, 0)
            if os.waitstatus_to_exitcode(status) != 0:
                raise RuntimeError(Path(self._error_file).read_text(encoding="utf-8") or f"mã thoát {status}")
            return int(Path(self._result_file).read_text() or 0)
        finally:
            for name in (self._error_file, self._result_file):
                Path(name).unlink(missing_ok=True)
            self.pid = None
