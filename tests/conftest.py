"""Shared fixtures: the sample programme, temporary content folders and built sites."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from portal.build import builders
from portal.build.options import BuildOptions

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLE_TEXT = FIXTURES / "ctr-2023-11.txt"


# The builder of every full-build test (``PORTAL_BUILDER=zensical pytest -m build``): MkDocs by default.
BUILDER = builders.get(BuildOptions.from_environment().builder).name
HOOKS_BUILDER = builders.get(BUILDER).runs_hooks


def copy_project(target: Path, content: Path | None = None) -> Path:
    """A buildable copy of the project (config, hooks, theme, render extras, content) in ``target``."""
    for name in ("mkdocs.yml", "hooks", "theme_overrides", builders.RENDER_EXTRAS):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            shutil.copy(source, target / name)
    shutil.copytree(content or ROOT / "content", target / "content")
    return target


def mkdocs_build(project: Path, env: dict | None = None, builder: str | None = None,
                 site_dir: str = "site") -> subprocess.CompletedProcess:
    """Build a project copy with ``--strict`` into ``project/site`` (the internal edition: ``site_dir=
    "site-internal"``) with the suite's builder (or ``builder``); returns the finished process."""
    command = builders.build_command(builder or BUILDER, project / "mkdocs.yml", project / site_dir)
    return subprocess.run(command, cwd=project, capture_output=True, text=True, env=builders.builder_env(env))


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The bundled content, built once per test session with --strict."""
    project = copy_project(tmp_path_factory.mktemp("project"))
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium (Debian's, or ``PORTAL_CHROMIUM``) for the browser tests of a module."""
    sync_api = pytest.importorskip("playwright.sync_api")
    from siteserver import CHROMIUM, CHROMIUM_ARGS

    with sync_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


# Fixtures that build a whole site: a test using one must carry the ``build`` mark, so that CI's
# runs under the other builders (``-m "build or browser"``) include it.
BUILD_FIXTURES = {"built_site"}


def pytest_collection_modifyitems(config, items):
    unmarked = [item.nodeid for item in items
                if BUILD_FIXTURES & set(getattr(item, "fixturenames", ())) and item.get_closest_marker("build") is None]
    if unmarked:
        raise pytest.UsageError("tests that build a site without the build mark: " + ", ".join(unmarked))
