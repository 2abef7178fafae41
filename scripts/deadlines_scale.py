"""Time the department and deadline indexes and feeds on a synthetic archive of N months.

Usage: python scripts/deadlines_scale.py [--months 120] [--build]
Copies the sample month under N month names (tasks and deadlines as written), then times
load_site + render_pages + render_assets, and with --build a full ``mkdocs build --strict``.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from portal.build.site import load_site, render_assets, render_pages  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--months", type=int, default=120)
    parser.add_argument("--build", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="deadlines-scale-"))
    for name in ("mkdocs.yml", "hooks", "theme_overrides", "content"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, work / name)
    sample = (ROOT / "content" / "programmes" / "2023-11.yaml").read_text(encoding="utf-8")
    for i in range(args.months):
        year, month = 2014 + i // 12, i % 12 + 1
        name = f"{year}-{month:02d}"
        (work / "content" / "programmes" / f"{name}.yaml").write_text(
            sample.replace("month: 2023-11", f"month: {name}").replace("month: '2023-11'", f"month: '{name}'"),
            encoding="utf-8")
    start = time.perf_counter()
    site = load_site(work / "content")
    loaded = time.perf_counter()
    pages = render_pages(site)
    rendered = time.perf_counter()
    assets = render_assets(site)
    done = time.perf_counter()
    print(f"{len(site.programmes)} tháng, {len(site.tasks())} nhiệm vụ, {len(pages)} trang, {len(assets)} tệp lịch "
          f"({sum(len(a.content) for a in assets) / 1e6:.1f} MB)")
    print(f"load_site {loaded - start:.2f} s, render_pages {rendered - loaded:.2f} s, render_assets {done - rendered:.2f} s")
    if args.build:
        t0 = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(work / "site")],
                                cwd=work, env={"NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
        print(f"mkdocs build --strict: {time.perf_counter() - t0:.1f} s (exit {result.returncode})")
    shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
