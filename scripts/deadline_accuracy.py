"""Share of deadline phrases read right, per class, over the labelled phrases in tests/.

A phrase is read right when its kind, start and end all agree with the label. Usage:
    PYTHONPATH=. python scripts/deadline_accuracy.py [tests/fixtures/deadlines_labelled.yaml] [-v]
(``-v`` prints each phrase read wrong, with what was expected and what was read).
"""
from __future__ import annotations

import datetime as dt
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from portal.text.deadlines import parse_deadline  # noqa: E402


def _iso(value) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else (str(value) if value else None)


def expected(row: dict) -> dict:
    return {"kind": row["kind"], "start": _iso(row.get("start")), "end": _iso(row.get("end"))}


def read(row: dict) -> dict:
    month = row.get("month")
    month = month.strftime("%Y-%m") if isinstance(month, dt.date) else (str(month) if month else None)
    found = parse_deadline(row["text"], month).as_json()
    return {"kind": found["kind"], "start": found["start"], "end": found["end"]}


def score_by_class(path: Path, verbose: bool = False) -> dict[str, Counter]:
    rows = yaml.safe_load(path.read_text(encoding="utf-8"))["phrases"]
    by_class: dict[str, Counter] = {}
    for row in rows:
        want, got = expected(row), read(row)
        counts = by_class.setdefault(row.get("class") or "khac", Counter())
        counts.update(phrases=1, right=int(want == got))
        if want != got and verbose:
            print(f"SAI   {row['text']!r} ({row.get('month')})\n      cần {want}\n      đọc {got}")
    return by_class


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    args = [a for a in argv if a != "-v"]
    path = Path(args[0]) if args else ROOT / "tests" / "fixtures" / "deadlines_labelled.yaml"
    by_class = score_by_class(path, verbose)
    for name, counts in by_class.items():
        print(f"{name:<18} {counts['right']:>4}/{counts['phrases']:<4} đúng  {counts['right'] / counts['phrases']:.0%}")
    total = sum(by_class.values(), Counter())
    print(f"{path.name}: {total['right']}/{total['phrases']} cụm đọc đúng, {total['right'] / total['phrases']:.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
