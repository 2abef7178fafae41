"""Measure the Word export cold: ms per month for the sample and for a generated archive.

Usage: python scripts/bench_docx.py [--months 120] [--seed 1] [--repeat 20]
Cold means what a CI or first build pays: every document written from the data, nothing reused
between months (the exporter keeps only its static package parts, read once per process; that
first read is timed separately). The archive comes from scripts/gen_archive.py, loaded with
portal.build.site.load_site as a build loads it (restricted tasks left out).
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from portal.build.site import load_site  # noqa: E402
from portal.content.loader import load_programme  # noqa: E402
from portal.outputs import docx as exporter  # noqa: E402


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def first_export(programme) -> float:
    """The first export of the process, including reading the static parts."""
    exporter._static_parts.cache_clear()
    start = time.perf_counter()
    exporter.export_docx(programme)
    return time.perf_counter() - start


def per_month(programme, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        exporter.export_docx(programme)
        times.append(time.perf_counter() - start)
    return times


def archive_pass(programmes) -> tuple[float, int]:
    start = time.perf_counter()
    size = sum(len(exporter.export_docx(p)) for p in programmes)
    return time.perf_counter() - start, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--months", type=int, default=120)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    sample = load_programme(ROOT / "content" / "programmes" / "2023-11.yaml", ROOT)
    print(f"first export in the process (reads docx_parts/): {_ms(first_export(sample))}")
    times = per_month(sample, args.repeat)
    print(f"sample 2023-11 ({len(sample.tasks())} tasks): median {_ms(statistics.median(times))}, "
          f"min {_ms(min(times))} over {args.repeat} exports, {len(exporter.export_docx(sample)) / 1024:.1f} KiB")

    with tempfile.TemporaryDirectory(prefix="bench-docx-") as temp:
        subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_archive.py"), "--months", str(args.months),
                        "--seed", str(args.seed), "--out", temp], check=True, capture_output=True)
        site = load_site(Path(temp) / "content")
    programmes = site.programmes
    tasks = sum(len(p.tasks()) for p in programmes)
    passes = [archive_pass(programmes) for _ in range(3)]
    best, size = min(passes)
    print(f"archive of {len(programmes)} months ({tasks} tasks, seed {args.seed}): "
          f"{_ms(best / len(programmes))} a month, {best:.2f} s in all (best of 3 passes), "
          f"{size / 1e6:.1f} MB of .docx")


if __name__ == "__main__":
    main()
