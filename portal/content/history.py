"""When each month file last changed: for the Atom feed's ``updated``, the same on every build.

A file's modification time changes with every checkout, so where the content is kept in git
the time is that of the last commit that changed the file (one ``git log`` for all of them);
a file with uncommitted edits, or content outside git, gives its modification time. With
``SOURCE_DATE_EPOCH`` set (reproducible builds) no time is later than it.
"""
from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path


def _git_times(folder: Path) -> tuple[dict[str, int], set[str]]:
    """(file name → time of its last commit, names with uncommitted changes) for files in ``folder``."""
    try:
        log = subprocess.run(["git", "log", "--format=%x00%ct", "--name-only", "--relative", "--", "."],
                             cwd=folder, capture_output=True, text=True, timeout=60)
        status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all", "--", "."],
                                cwd=folder, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return {}, set()
    if log.returncode != 0 or status.returncode != 0:
        return {}, set()
    times: dict[str, int] = {}
    stamp = 0
    for line in log.stdout.splitlines():
        if line.startswith("\x00"):
            stamp = int(line[1:] or 0)
        elif line.strip():
            times.setdefault(Path(line.strip()).name, stamp)
    dirty = {Path(line[3:].strip().strip('"')).name for line in status.stdout.splitlines() if len(line) > 3}
    return times, dirty


def last_changed(paths: list[Path], ceiling: int | None = None) -> dict[Path, dt.datetime]:
    """Each path's last change (UTC, whole seconds), as the module docstring says; none later than
    ``ceiling`` (a reproducible build's ``SOURCE_DATE_EPOCH``)."""
    if not paths:
        return {}
    folders = {p.parent for p in paths}
    git = {folder: _git_times(folder) for folder in folders}
    out = {}
    for path in paths:
        times, dirty = git[path.parent]
        if path.name in times and path.name not in dirty:
            seconds = times[path.name]
        else:
            try:
                seconds = int(path.stat().st_mtime)
            except OSError:
                seconds = ceiling or 0
        if ceiling is not None:
            seconds = min(seconds, ceiling)
        out[path] = dt.datetime.fromtimestamp(seconds, dt.timezone.utc)
    return out
