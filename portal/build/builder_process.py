"""The publisher's builder process: ``python -m portal.build.builder_process NAME ARGS…`` runs the
builder as ``python -m NAME ARGS…`` does and, once the builder has succeeded, ends the process
without Python's teardown.

Why: at its end Python frees, one by one, every object the build made (the loaded site, the
rendered pages, the builder's pages, navigation and templates): 50–130 ms at 120 months of work
that nobody waits for but the publisher, which swaps the site in only once this process has ended.
The process is the publisher's own and is thrown away. Before it ends, what Python's exit would
still do for such a build is done here: the logging handlers are shut down (the one exit handler
MkDocs registers) and the output streams flushed. A builder that failed or was stopped ends as
Python ends it, with its exit code and messages unchanged.

No builder is imported here: it is run by its module's name, as ``python -m`` runs it.

The publisher starts this process by forking itself (:func:`fork`) rather than as a new
``python -m portal.build.builder_process`` (it still can be run so): a new interpreter would start
again (≈ 0.03 s) and import again the modules the publisher already has (``pathlib``, ``subprocess``,
``dataclasses``, the build options…, ≈ 0.03 s), on the path every build waits for.
"""
from __future__ import annotations

import atexit
import contextlib
import logging
import os
import runpy
import signal
import subprocess
import sys
import time


def run(name: str, arguments: list[str]) -> None:
    """Run the builder ``name`` (its ``__main__`` module) with ``arguments``; end the process at once
    when it succeeded, else let its exit (or exception) take Python's usual way."""
    sys.argv = [name, *arguments]
    try:
        runpy.run_module(name, run_name="__main__", alter_sys=True)
    except SystemExit as end:
        if end.code not in (None, 0):
            raise
    logging.shutdown()
    _flush()
    os._exit(0)


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing more to say there
                stream.flush()


class ForkedProcess:
    """A forked builder process, with the part of :class:`subprocess.Popen`'s interface the publisher
    uses (wait, poll, send_signal, kill; ``returncode`` is ``-N`` for a process ended by signal N)."""

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode: int | None = None

    def _reap(self, flags: int) -> int | None:
        if self.returncode is None:
            pid, status = os.waitpid(self.pid, flags)
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def poll(self) -> int | None:
        return self._reap(os.WNOHANG)

    def wait(self, timeout: float | None = None) -> int:
        if timeout is None:
            code = self._reap(0)
            assert code is not None
            return code
        deadline = time.monotonic() + timeout
        while (code := self.poll()) is None:
            if time.monotonic() >= deadline:
                raise subprocess.TimeoutExpired(f"builder process {self.pid}", timeout)
            time.sleep(0.02)
        return code

    def send_signal(self, signum: int) -> None:
        if self.returncode is None:
            os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


def fork(name: str, arguments: list[str], env: dict, keep_fd: int) -> ForkedProcess:
    """Start the builder ``name`` in a child of this process, as
    ``subprocess.Popen([python, "-m", __name__, name, *arguments], env=env, pass_fds=(keep_fd,),
    start_new_session=True)`` would, without starting a new interpreter.

    The child is made to look like a new one where the builder could tell: its own session, the
    stop signals' handlers Python starts with, ``env`` as its environment, ``sys.path[0]`` the
    current folder (as ``-m`` sets it), no descriptor of the parent's but the standard streams and
    ``keep_fd`` (the build lock). It never returns to the caller's code: whatever the builder ends
    with becomes its exit status, as Python's own exit would make it. Call with no other thread
    running (the publisher has none before its builder)."""
    _flush()  # else what the parent's buffers hold would be written twice
    pid = os.fork()
    if pid:
        return ForkedProcess(pid)
    code, ended_by = 1, 0  # the exit status, or the signal that ends the process
    try:
        os.setsid()
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.closerange(3, keep_fd)
        os.closerange(max(3, keep_fd + 1), os.sysconf("SC_OPEN_MAX"))
        os.environ.clear()
        os.environ.update(env)
        sys.path[0] = os.getcwd()
        run(name, arguments)  # ends the process itself once the builder succeeded
        code = 0
    except SystemExit as end:
        if end.code is None or isinstance(end.code, int):
            code = end.code or 0
        else:
            print(end.code, file=sys.stderr)
    except BaseException as error:  # noqa: BLE001 - reported as Python reports an uncaught exception
        sys.excepthook(type(error), error, error.__traceback__)
        if isinstance(error, KeyboardInterrupt):  # Python then ends by the signal itself
            ended_by = signal.SIGINT
    finally:
        atexit._run_exitfuncs()  # the builder's own (its logging's shutdown), as Python's exit runs them
        _flush()
        if ended_by:
            signal.signal(ended_by, signal.SIG_DFL)
            os.kill(os.getpid(), ended_by)
        os._exit(code)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("Cách dùng: python -m portal.build.builder_process TÊN_CÔNG_CỤ_DỰNG [THAM_SỐ…]")
    run(sys.argv[1], sys.argv[2:])
