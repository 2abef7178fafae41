"""Measure the close-match threshold of task lineage (``portal.site.lineage.THRESHOLD``).

Only tasks of one lead with the same signature (first words, numbers) are compared at all
(:func:`portal.site.lineage.signature`); an edit that changes the signature counts as missed.

Negatives: in a generated archive (``scripts/gen_archive.py``) every task is drawn afresh each
month, so two tasks of one lead in consecutive months with different masked texts are
*different* tasks that share a template (``Tham mưu Kế hoạch … {topic}``). For each task, the
highest word overlap (Jaccard) with such a task of the previous two months is recorded.

Positives: the same tasks as an editor carries them on: ``portal draft`` of each generated
month (month mentions and dates moved), then one small edit as clerks make them (``Tiếp tục``
in front, a word added, a word dropped, a word changed, the closing full stop dropped), plus
the bundled sample's recurring tasks drafted into the next month.

Prints both distributions and the share of each side the current threshold gets right:

    python scripts/lineage_threshold.py --months 60
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import gen_archive  # noqa: E402

from portal.content.departments import lead_key  # noqa: E402
from portal.content.loader import load_programmes  # noqa: E402
from portal.site.lineage import THRESHOLD, masked_key, signature, similarity  # noqa: E402
from portal.text.months import next_month, shift_month_mentions  # noqa: E402


def edits(text: str, rng: random.Random) -> list[str]:
    """Small edits clerks make when a task is typed again next month."""
    words = text.split()
    out = ["Tiếp tục " + text[0].lower() + text[1:], text.rstrip("."), text + " (tiếp)"]
    if len(words) > 6:
        i = rng.randrange(1, len(words))
        out.append(" ".join(words[:i] + ["các"] + words[i:]))
        j = rng.randrange(1, len(words))
        out.append(" ".join(words[:j] + words[j + 1:]))
        k = rng.randrange(1, len(words))
        out.append(" ".join(words[:k] + ["việc"] + words[k + 1:]))
    return out


def measure(months: int) -> tuple[list[float], list[float]]:
    rng = random.Random(1)
    with tempfile.TemporaryDirectory() as folder:
        gen_archive.generate_archive(months, 1, Path(folder))
        programmes = load_programmes(Path(folder) / "content")
    sample = load_programmes(ROOT / "content")
    by_lead: dict[tuple[str, str], list[tuple[str, frozenset]]] = {}
    for programme in programmes:
        for task in programme.tasks():
            key = masked_key(task.text)
            by_lead.setdefault((lead_key(task.lead), signature(key), programme.month), []).append(
                (key, frozenset(key.split())))
    negatives, positives = [], []
    for programme in programmes:
        for task in programme.tasks():
            key = masked_key(task.text)
            words = frozenset(key.split())
            scores = [similarity(words, other) for back in (1, 2)
                      for other_key, other in by_lead.get((lead_key(task.lead), signature(key),
                                                           next_month(programme.month, -back)), ())
                      if other_key != key]
            if scores:
                negatives.append(max(scores))
            if rng.random() < 0.2:
                for edited in edits(shift_month_mentions(task.text), rng):
                    edited_key = masked_key(edited)
                    if edited_key != key:
                        positives.append(similarity(words, frozenset(edited_key.split()))
                                         if signature(edited_key) == signature(key) else 0.0)
    for programme in sample:
        for task in programme.tasks():
            for edited in edits(shift_month_mentions(task.text), rng) + [shift_month_mentions(task.text)]:
                a, b = masked_key(task.text), masked_key(edited)
                same = signature(a) == signature(b)
                positives.append(1.0 if a == b else similarity(frozenset(a.split()), frozenset(b.split())) if same else 0.0)
    return negatives, positives


def quantiles(values: list[float]) -> str:
    ordered = sorted(values)
    picks = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99]
    return ", ".join(f"p{int(q * 100)}={ordered[min(len(ordered) - 1, int(q * len(ordered)))]:.2f}" for q in picks)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--months", type=int, default=60)
    args = parser.parse_args(argv)
    negatives, positives = measure(args.months)
    negatives = negatives or [0.0]
    print(f"khác nhau (cùng phòng, cùng dấu hiệu, 2 tháng trước), {len(negatives)}: {quantiles(negatives)}; "
          f"lớn nhất {max(negatives):.2f}")
    print(f"cùng nhiệm vụ sau một chỗ sửa, {len(positives)}: {quantiles(positives)}; nhỏ nhất {min(positives):.2f}")
    for threshold in (0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9):
        false_links = sum(score >= threshold for score in negatives)
        missed = sum(score < threshold for score in positives)
        mark = " (đang dùng)" if abs(threshold - THRESHOLD) < 1e-9 else ""
        print(f"ngưỡng {threshold:.2f}{mark}: nối nhầm {false_links}/{len(negatives)}, bỏ sót {missed}/{len(positives)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
