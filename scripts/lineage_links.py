"""Count the false «đã có từ» links of task histories on a generated archive.

A month page's row says «đã có từ T11/2024» when its task is linked to an earlier month's
(:mod:`portal.indexes.history`). That is true only of work carried forward unfinished. In a
generated archive (``scripts/gen_archive.py``) every task is drawn afresh each month, so the
generator itself tells which rows are recurring duties: a template that names the month
(«… tháng {m}/{y}», «… tháng {m2}/{y2}»), a recurring deadline form («Hàng tuần», «Thường
xuyên»…, written with the status «Thực hiện thường xuyên») or a text saying «hàng tuần». A row of
such a task labelled «đã có từ» is a **false link (recurring)**.

Archives of offices also close their months: with ``--done`` a share of each month's tasks is
marked «Hoàn thành» (seeded), as the month-end update does. A row labelled «đã có từ» whose
chain's previous month was marked done is a **false link (done before)**: that work was
finished, this is a new instance.

    python scripts/lineage_links.py --months 120 --done 0.5
"""
from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import gen_archive  # noqa: E402
import yaml  # noqa: E402

from portal.build.site import load_site  # noqa: E402
from portal.site.taxonomy import HistoryNote  # noqa: E402

CARRIED_NOTE = "đã có từ"


def _template_pattern(template: str) -> re.Pattern:
    """A generator template as a regex over the texts it makes (fields become wildcards)."""
    parts = re.split(r"\{[a-z0-9]+\}", template)
    return re.compile(".+?".join(re.escape(part) for part in parts))


MONTHLY_TEMPLATES = [_template_pattern(t) for t in gen_archive.PLAIN if "{m}" in t or "{m2}" in t]


def generated_recurring(text: str, status: str) -> bool:
    """Whether the generator made this row as a recurring duty (see the module docstring)."""
    plain = text.replace("<i>", "").replace("</i>", "")
    return (status == "Thực hiện thường xuyên" or "hàng tuần" in plain
            or any(p.match(plain) for p in MONTHLY_TEMPLATES))


def close_months(content: Path, share: float, seed: int = 1) -> None:
    """Mark ``share`` of every month's tasks done, as a month-end update would (recurring ones stay)."""
    rng = random.Random(seed)
    for path in sorted((content / "programmes").glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        for section in data["sections"]:
            for task in section["tasks"]:
                if task.get("status") != "Thực hiện thường xuyên" and rng.random() < share:
                    task["status"] = "Hoàn thành"
        path.write_text(gen_archive.dump(data), encoding="utf-8")


def measure(months: int, done: float) -> dict[str, int]:
    with tempfile.TemporaryDirectory() as folder:
        gen_archive.generate_archive(months, 1, Path(folder))
        content = Path(folder) / "content"
        if done:
            close_months(content, done)
        site = load_site(content)
    history = site.taxonomies["history"]
    counts = {"rows": 0, "linked": 0, "carried": 0, "false_recurring": 0, "false_done": 0}
    previous_of = {}
    assert site.lineage is not None
    for chain in site.lineage.linked():
        for before, after in zip(chain.tasks, chain.tasks[1:]):
            previous_of[after] = before
    counts["rows"] = sum(len(p.tasks()) for p in site.programmes)
    for term in history.terms.values():
        for entry in term.entries:
            counts["linked"] += 1
            note = entry.detail_as(HistoryNote).note
            if not note.startswith(CARRIED_NOTE):
                continue
            counts["carried"] += 1
            task = entry.task
            if generated_recurring(task.text, task.status):
                counts["false_recurring"] += 1
            elif previous_of.get(task) is not None and previous_of[task].status == "Hoàn thành":
                counts["false_done"] += 1
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--months", type=int, default=120)
    parser.add_argument("--done", type=float, default=0.0, help="share of each month's tasks marked done (0–1)")
    args = parser.parse_args(argv)
    c = measure(args.months, args.done)
    false = c["false_recurring"] + c["false_done"]
    print(f"{args.months} tháng, {c['rows']} dòng; dòng có lịch sử {c['linked']}; ghi «đã có từ» {c['carried']}; "
          f"nối nhầm {false} (việc định kỳ {c['false_recurring']}, tháng trước đã hoàn thành {c['false_done']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
