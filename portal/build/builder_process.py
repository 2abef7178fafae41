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
"""
from __future__ import annotations

import contextlib
import logging
import os
import runpy
import sys


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
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing more to say there
                stream.flush()
    os._exit(0)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("Cách dùng: python -m portal.build.builder_process TÊN_CÔNG_CỤ_DỰNG [THAM_SỐ…]")
    run(sys.argv[1], sys.argv[2:])
