"""The two corpora the judged search queries are scored on, built once per test session.

- ``sample``: the bundled content;
- ``archive``: ``scripts/gen_archive.py --months 60 --seed 1`` with the bundled pages: five years
  of programmes (``scripts/bench_search.py --relevance`` scores the same judgments on 120 months).

Only the search index is written (``portal render --search`` does the same), not the whole site:
the index is what the ranking reads. Shared by the relevance tests and the browser tests.
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

from conftest import ROOT

from portal.build.site import load_site, render_pages
from portal.outputs.search.records import build_search_from_pages, page_sources

sys.path.insert(0, str(ROOT / "scripts"))
from gen_archive import generate_archive  # noqa: E402

JUDGMENTS = ROOT / "tests" / "search_judgments.yaml"
SITE_NAME = "Chương trình công tác Tuyên giáo"
ARCHIVE_MONTHS, ARCHIVE_SEED = 60, 1
_built: dict[str, tuple] = {}


def corpus(name: str, tmp_path_factory):
    """``(site, index folder)`` of corpus ``name`` (``sample`` or ``archive``), built on first use."""
    if name not in _built:
        if name == "sample":
            content = ROOT / "content"
        else:
            folder = tmp_path_factory.mktemp("archive-corpus")
            shutil.copytree(ROOT / "content", folder / "content")
            generate_archive(ARCHIVE_MONTHS, ARCHIVE_SEED, folder)
            content = folder / "content"
        site = load_site(content)
        index = tmp_path_factory.mktemp(f"{name}-index") / "search"
        build_search_from_pages(site, page_sources(render_pages(site), ROOT / "content" / "pages"), SITE_NAME, index)
        _built[name] = (site, index)
    return _built[name]
