"""Time the reference finder and the deadline parser over every task of a generated archive.

The finder runs on every task text of every build and the deadline parser on every deadline
cell; both are memoised in a build, so this times them uncached (the work of a first build),
in CPU seconds (the machine may be shared). Usage:
    python scripts/bench_text.py [--months 120] [--archive DIR]
(without ``--archive`` an archive is generated with scripts/gen_archive.py in a temporary folder).
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from portal.text.deadlines import parse_deadline  # noqa: E402
from portal.text.refs import find  # noqa: E402


def tasks(archive: Path) -> list[tuple[str, str, str]]:
    """(text, deadline, month) of every task of the archive's month files."""
    rows = []
    for path in sorted((archive / "content" / "programmes").glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        for section in data["sections"]:
            for task in section.get("tasks") or []:
                rows.append((str(task["text"]), str(task["deadline"]), str(data["month"])))
    return rows


def best_of(runs: int, work) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return best


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--months", type=int, default=120)
    parser.add_argument("--archive", type=Path)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        archive = args.archive
        if archive is None:
            archive = Path(folder)
            subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_archive.py"), "--months", str(args.months),
                            "--seed", "1", "--out", str(archive)], check=True, capture_output=True)
        rows = tasks(archive)
        refs = best_of(5, lambda: [find._find(text, ()) for text, _, _ in rows])
        deadlines = best_of(5, lambda: [parse_deadline.__wrapped__(deadline, month) for _, deadline, month in rows])
    print(f"{len(rows)} nhiệm vụ: tìm văn bản {refs * 1000:.0f} ms, đọc thời hạn {deadlines * 1000:.0f} ms "
          "(CPU, tốt nhất trong 5 lần, không dùng bộ nhớ đệm)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
