"""Shared fixtures: the sample programme, temporary content folders and built sites."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLE_TEXT = FIXTURES / "ctr-2023-11.txt"


def copy_project(target: Path, content: Path | None = None) -> Path:
    """A buildable copy of the project (config, hooks, theme, content) in ``target``."""
    for name in ("mkdocs.yml", "hooks", "theme_overrides"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            shutil.copy(source, target / name)
    shutil.copytree(content or ROOT / "content", target / "content")
    return target


def mkdocs_build(project: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run ``mkdocs build --strict`` on a project copy; returns the finished process."""
    import os

    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(project / "site")],
        cwd=project, capture_output=True, text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The bundled content, built once per test session with --strict."""
    project = copy_project(tmp_path_factory.mktemp("project"))
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"
