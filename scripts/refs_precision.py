"""Precision and recall of the reference finder over the labelled sentences in tests/, per class.

A found reference counts as correct when a labelled one has the same text and the same
symbol (or, for citations without symbol, the same type and number). Each sentence carries a
``class`` (what kind of writing it tests: laws by name, symbols that lost their hyphen, traps…);
the figures are printed for each class and for the whole file. Usage:
    PYTHONPATH=. python scripts/refs_precision.py [tests/fixtures/refs_labelled.yaml] [-v]
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from portal.text.refs import find_references  # noqa: E402


def identity(text: str, symbol, type_, number) -> tuple:
    return (text, symbol) if symbol else (text, None, type_, number)


def score_sentence(item: dict, verbose: bool = False) -> tuple[int, int, int]:
    """True positives, false positives, false negatives of one labelled sentence."""
    tp = fp = fn = 0
    expected = [identity(r["text"], r.get("symbol"), r.get("type"), r.get("number")) for r in item["refs"]]
    found = [identity(r.text, r.symbol, r.type if not r.symbol else None, r.number if not r.symbol else None)
             for r in find_references(item["text"])]
    # A labelled citation without symbol may leave type/number unlabelled: compare on text only then.
    found_loose = {f[0]: f for f in found}
    for exp in expected:
        got = found_loose.get(exp[0])
        ok = got is not None and (exp[1] == got[1] if exp[1] or got[1] else True)
        tp += ok
        fn += not ok
        if not ok and verbose:
            print(f"THIẾU  {exp!r}\n       trong: {item['text']!r}")
    for got in found:
        if not any(got[0] == exp[0] and (got[1] == exp[1] if exp[1] or got[1] else True) for exp in expected):
            fp += 1
            if verbose:
                print(f"THỪA   {got!r}\n       trong: {item['text']!r}")
    return tp, fp, fn


def score_by_class(path: Path, verbose: bool = False) -> dict[str, Counter]:
    """Counts (tp, fp, fn, sentences) for each class of the file, in the order classes first appear."""
    sentences = yaml.safe_load(path.read_text(encoding="utf-8"))["sentences"]
    by_class: dict[str, Counter] = {}
    for item in sentences:
        tp, fp, fn = score_sentence(item, verbose)
        counts = by_class.setdefault(item.get("class") or "khac", Counter())
        counts.update(tp=tp, fp=fp, fn=fn, sentences=1)
    return by_class


def score(path: Path, verbose: bool = False) -> tuple[int, int, int]:
    """True positives, false positives, false negatives over the file."""
    total = sum(score_by_class(path, verbose).values(), Counter())
    return total["tp"], total["fp"], total["fn"]


def _line(name: str, counts: Counter) -> str:
    tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return (f"{name:<22} {counts['sentences']:>4} câu  {tp:>4} đúng  {fp:>3} thừa  {fn:>3} thiếu  "
            f"precision {precision:.3f}  recall {recall:.3f}")


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    args = [a for a in argv if a != "-v"]
    path = Path(args[0]) if args else ROOT / "tests" / "fixtures" / "refs_labelled.yaml"
    by_class = score_by_class(path, verbose)
    for name, counts in by_class.items():
        print(_line(name, counts))
    total = sum(by_class.values(), Counter())
    tp, fp, fn = total["tp"], total["fp"], total["fn"]
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    print(f"{path.name}: {tp} đúng, {fp} thừa, {fn} thiếu; precision {precision:.3f}, recall {recall:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
