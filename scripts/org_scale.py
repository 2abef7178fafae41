"""Time lead resolution by month and the department index on a synthetic reorganised archive.

Usage: python scripts/org_scale.py [--months 120]
Writes N months (2016-01 onwards) of the sample programme whose leads follow the registry of
the test archive (tests/org_archive.py: renames in 2025-01, mergers and a split in 2025-07),
then times Registry.roles over every task, load_site, and render_pages.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from org_archive import REGISTRY, _month, programme  # noqa: E402

from portal.build.site import load_site, render_pages  # noqa: E402
from portal.content.datafile import dump_programme  # noqa: E402


def _template(month: str) -> str:
    """The test archive's month whose organisation matches ``month`` (before, during, after)."""
    return "2024-12" if month < "2025-01" else "2025-03" if month < "2025-07" else "2025-08"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--months", type=int, default=120)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="org-scale-"))
    content = work / "content"
    shutil.copytree(ROOT / "content", content)
    for old in (content / "programmes").glob("*.yaml"):
        old.unlink()
    (content / "departments.yaml").write_text(REGISTRY, encoding="utf-8")
    for i in range(args.months):
        month = f"{2016 + i // 12}-{i % 12 + 1:02d}"
        data = _month(programme(_template(month)), month)
        (content / "programmes" / f"{month}.yaml").write_text(dump_programme(data), encoding="utf-8")
    start = time.perf_counter()
    site = load_site(content)
    loaded = time.perf_counter()
    for task in site.tasks():
        site.registry.roles(task.lead, task.coordinators, task.month)
    resolved = time.perf_counter()
    pages = render_pages(site)
    rendered = time.perf_counter()
    former = sum(len(t.tasks("former")) for t in site.taxonomies["departments"].terms.values())
    print(f"{len(site.programmes)} tháng, {len(site.tasks())} nhiệm vụ, {len(pages)} trang, "
          f"{former} dòng «Trước đây», {len(site.warnings)} cảnh báo")
    print(f"load_site {loaded - start:.2f} s, roles() of every task {resolved - loaded:.2f} s, "
          f"render_pages {rendered - resolved:.2f} s")
    shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
