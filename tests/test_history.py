"""When a month file last changed, for the Atom feed: git's last commit, else the file's time; never after SOURCE_DATE_EPOCH."""
from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess

import pytest

from portal.content.history import last_changed

git = shutil.which("git")


def _git(folder, *args, when=None):
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org"}
    if when:
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True, env=env)


def _utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).astimezone(dt.timezone.utc)


@pytest.mark.skipif(git is None, reason="git is not installed")
def test_committed_files_take_their_last_commit_and_edited_ones_their_time(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    folder = tmp_path / "programmes"
    folder.mkdir()
    _git(tmp_path, "init", "-q")
    (folder / "2023-10.yaml").write_text("a\n")
    (folder / "2023-11.yaml").write_text("a\n")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "one", when="2024-01-02T03:04:05+00:00")
    (folder / "2023-11.yaml").write_text("b\n")
    _git(tmp_path, "commit", "-qam", "two", when="2024-02-03T04:05:06+00:00")
    (folder / "2023-12.yaml").write_text("new, not committed\n")
    os.utime(folder / "2023-12.yaml", (1_750_000_000, 1_750_000_000))
    times = last_changed(sorted(folder.glob("*.yaml")))
    assert times[folder / "2023-10.yaml"] == _utc("2024-01-02T03:04:05+00:00")  # a new checkout does not change it
    assert times[folder / "2023-11.yaml"] == _utc("2024-02-03T04:05:06+00:00")
    assert times[folder / "2023-12.yaml"] == dt.datetime.fromtimestamp(1_750_000_000, dt.timezone.utc)
    (folder / "2023-10.yaml").write_text("edited\n")  # uncommitted edit: the file's own time
    os.utime(folder / "2023-10.yaml", (1_760_000_000, 1_760_000_000))
    assert last_changed([folder / "2023-10.yaml"])[folder / "2023-10.yaml"].timestamp() == 1_760_000_000


def test_outside_git_the_file_time_capped_by_source_date_epoch(tmp_path, monkeypatch):
    path = tmp_path / "2023-11.yaml"
    path.write_text("a\n")
    os.utime(path, (1_750_000_000, 1_750_000_000))
    assert last_changed([path])[path].timestamp() == 1_750_000_000
    assert last_changed([path], 1_700_000_000)[path].timestamp() == 1_700_000_000
