"""Precision and recall of the relation reader over labelled sentences, per relation kind and per class.

A relation found counts as correct when a labelled one of the same sentence has the same kind and
each of its phrases (subject, object) is part of the found citation's text, whitespace aside. The
figures are printed per relation kind (implements, replaces, amends, reviews), then per class of
phrasing («về thực hiện», «thay thế», traps…), then for the whole file. Usage:
    PYTHONPATH=. python scripts/relations_precision.py [tests/fixtures/relations_labelled.yaml] [-v]
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from portal.text.refs import RELATION_KINDS, find_relations  # noqa: E402

LABELLED = ROOT / "tests" / "fixtures" / "relations_labelled.yaml"


def _norm(text: str) -> str:
    return " ".join(text.split())


def matches(expected: dict, relation) -> bool:
    """Whether a found relation is the labelled one (same kind, each phrase inside its citation)."""
    return (relation.kind == expected["kind"] and _norm(expected["subject"]) in _norm(relation.subject.text)
            and _norm(expected["object"]) in _norm(relation.object.text))


def score_sentence(item: dict, verbose: bool = False) -> dict[str, Counter]:
    """Counts (tp, fp, fn) of one labelled sentence, by relation kind."""
    counts: dict[str, Counter] = {}
    found = find_relations(item["text"])
    expected = item.get("relations") or []
    for wanted in expected:
        ok = any(matches(wanted, relation) for relation in found)
        counts.setdefault(wanted["kind"], Counter()).update(tp=int(ok), fn=int(not ok))
        if not ok and verbose:
            print(f"THIẾU  {wanted['kind']}: {wanted['subject']} → {wanted['object']}\n       trong: {item['text']}")
    for relation in found:
        if not any(matches(wanted, relation) for wanted in expected):
            counts.setdefault(relation.kind, Counter()).update(fp=1)
            if verbose:
                print(f"THỪA   {relation.kind}: {relation.subject.text} → {relation.object.text} («{relation.cue}»)\n"
                      f"       trong: {item['text']}")
    return counts


def score(path: Path = LABELLED, verbose: bool = False) -> tuple[dict[str, Counter], dict[str, Counter]]:
    """Counts by relation kind and by class of sentence (each with ``sentences``)."""
    sentences = yaml.safe_load(path.read_text(encoding="utf-8"))["sentences"]
    by_kind: dict[str, Counter] = {kind: Counter() for kind in RELATION_KINDS}
    by_class: dict[str, Counter] = {}
    for item in sentences:
        counts = score_sentence(item, verbose)
        klass = by_class.setdefault(item.get("class") or "khac", Counter())
        klass.update(sentences=1)
        for kind, kind_counts in counts.items():
            by_kind.setdefault(kind, Counter()).update(kind_counts)
            klass.update(kind_counts)
        for wanted in item.get("relations") or []:
            by_kind[wanted["kind"]].update(labelled=1)
    return by_kind, by_class


def precision_recall(counts: Counter) -> tuple[float, float]:
    tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
    return (tp / (tp + fp) if tp + fp else 1.0), (tp / (tp + fn) if tp + fn else 1.0)


def _line(name: str, counts: Counter, unit: str) -> str:
    precision, recall = precision_recall(counts)
    size = counts[unit]
    return (f"{name:<22} {size:>4} {'câu' if unit == 'sentences' else 'qh '}  {counts['tp']:>4} đúng  "
            f"{counts['fp']:>3} thừa  {counts['fn']:>3} thiếu  precision {precision:.3f}  recall {recall:.3f}")


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    args = [a for a in argv if a != "-v"]
    path = Path(args[0]) if args else LABELLED
    by_kind, by_class = score(path, verbose)
    print("Theo loại quan hệ (số quan hệ có nhãn):")
    for kind, counts in by_kind.items():
        print(_line(kind, counts, "labelled"))
    print("Theo lớp câu:")
    for name, counts in by_class.items():
        print(_line(name, counts, "sentences"))
    total = sum(by_kind.values(), Counter())
    precision, recall = precision_recall(total)
    print(f"{path.name}: {total['tp']} đúng, {total['fp']} thừa, {total['fn']} thiếu; "
          f"precision {precision:.3f}, recall {recall:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
