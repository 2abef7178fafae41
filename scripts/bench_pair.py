"""Paired benchmark: this checkout against a baseline commit on the same generated archive, and the
incremental build (the build cache warm, one task's text changed in one month).

Why paired: the machine is shared and its load changes from minute to minute, so two builds
measured an hour apart say little. Here the baseline and the current build run one after the
other, alternately, ``--runs`` times each, on the same archive; the medians are compared, CPU
(user + system of the whole process tree: the build, its forked jobs) beside wall time. Each
build is ``scripts/build_site.py`` of its own checkout (its hooks, theme and ``portal`` package,
on ``PYTHONPATH``) with the same Python environment, into a fresh folder, with the build cache
off for the cold builds.

The incremental figure: a build with the cache made by a first build, after one task's text in a
middle month is changed (the edit an editor makes); then the same content built with no cache,
and the two sites compared byte for byte (``diff -r``). With a baseline, the one-task edit is also
measured in pairs: the same edit made in both projects, each built with its own cache, alternately.

Usage: python scripts/bench_pair.py [--baseline 4228816] [--months 120] [--runs 3] [--seed 1]
(``make bench BASELINE=<commit> MONTHS=120``). JSON goes to ``.bench/pair-latest.json``.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from bench import BENCH_DIR, _MEASURE  # noqa: E402
from gen_archive import generate_archive  # noqa: E402

PROJECT_FILES = ("mkdocs.yml", "hooks", "theme_overrides", "theme_render")


def checkout(commit: str, folder: Path) -> Path:
    """A detached worktree of ``commit`` (kept in .bench/ between runs)."""
    sha = subprocess.run(["git", "-C", str(ROOT), "rev-parse", commit], capture_output=True, text=True,
                         check=True).stdout.strip()
    target = folder / f"base-{sha[:10]}"
    if not (target / "portal").is_dir():
        shutil.rmtree(target, ignore_errors=True)
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(target), sha],
                       capture_output=True, text=True, check=True)
    return target


def compiled(code: Path) -> Path:
    """``code``'s portal and hooks compiled for Python (``__pycache__``), as ``make`` does for the current
    tree: where PYTHONDONTWRITEBYTECODE is set, a checkout left uncompiled would pay for compiling its
    modules in every build and lose the pair by that alone."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", "--invalidation-mode", "timestamp",
                    str(code / "portal"), str(code / "hooks")], check=True)
    return code


def project(code: Path, target: Path, months: int, seed: int) -> Path:
    """``code``'s configuration, hooks, theme and hand-written pages, with the generated archive."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for name in PROJECT_FILES:
        source = code / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        elif source.is_file():
            shutil.copy(source, target / name)
    shutil.copytree(code / "content", target / "content")
    shutil.rmtree(target / "content" / "programmes")
    generate_archive(months, seed, target)
    return target


def build(code: Path, proj: Path, site: Path, cache: bool) -> dict:
    """One build of ``proj`` by ``code``'s build_site.py; wall, CPU and peak memory of the tree."""
    shutil.rmtree(site, ignore_errors=True)
    env = {**os.environ, "PYTHONPATH": str(code), "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000",
           "PORTAL_BUILD_CACHE": "" if cache else "0"}
    env.pop("PORTAL_INCLUDE_RESTRICTED", None)
    out = subprocess.run([sys.executable, "-c", _MEASURE, str(proj), sys.executable,
                          str(code / "scripts" / "build_site.py"), "--site-dir", str(site)],
                         capture_output=True, text=True, check=True, env=env)
    result = json.loads(out.stdout)
    if result["returncode"] != 0:
        raise SystemExit(f"build by {code} failed:\n{result['stderr']}")
    return {k: result[k] for k in ("wall_s", "cpu_s", "peak_bytes")}


def edit_one_task(month_file: Path) -> None:
    text = month_file.read_text(encoding="utf-8")
    edited, count = re.subn(r"(\n    text: )", r"\1Sửa đổi ", text, count=1)
    if not count:
        raise SystemExit(f"no task text in {month_file}")
    month_file.write_text(edited, encoding="utf-8")


def paired_edits(base_code: Path, base: Path, code: Path, current: Path, work: Path, runs: int) -> dict:
    """The incremental build paired with the baseline's: each checkout's project gets its own cache from
    one build, then ``runs`` times the same task is edited in both (a month near the middle) and each
    builds with its cache, alternately. (A baseline older than the build cache simply builds again.)"""
    pairs: dict[str, list] = {"baseline": [], "current": []}
    for name, checkout_code, proj in (("baseline", base_code, base), ("current", code, current)):
        shutil.rmtree(proj / ".cache", ignore_errors=True)
        build(checkout_code, proj, work / f"site-fill-{name}", cache=True)
    for run in range(runs):
        for name, checkout_code, proj in (("baseline", base_code, base), ("current", code, current)):
            months = sorted((proj / "content" / "programmes").glob("*.yaml"))
            edit_one_task(months[len(months) // 2 + run % 3])
            pairs[name].append(build(checkout_code, proj, work / f"site-edit-{name}", cache=True))
        print(f"   edit {run + 1}: baseline {pairs['baseline'][-1]['cpu_s']:.1f} s CPU, "
              f"current {pairs['current'][-1]['cpu_s']:.1f} s CPU", file=sys.stderr)
    return pairs


def median(runs: list[dict], key: str) -> float:
    return statistics.median(run[key] for run in runs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="So sánh từng cặp với một commit gốc, và lần dựng lại sau một sửa đổi.")
    parser.add_argument("--baseline", default="", help="commit gốc (bỏ trống: chỉ đo lần dựng lại)")
    parser.add_argument("--months", type=int, default=120)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    work = BENCH_DIR / "pair"
    work.mkdir(parents=True, exist_ok=True)
    current = project(compiled(ROOT), work / "current", args.months, args.seed)
    report: dict = {"date": dt.datetime.now().isoformat(timespec="seconds"), "months": args.months,
                    "runs": args.runs, "load_before": os.getloadavg()[0]}
    if args.baseline:
        base_code = compiled(checkout(args.baseline, BENCH_DIR))
        base = project(base_code, work / "baseline", args.months, args.seed)
        pairs: dict[str, list] = {"baseline": [], "current": []}
        for run in range(args.runs):
            pairs["baseline"].append(build(base_code, base, work / "site-baseline", cache=False))
            pairs["current"].append(build(ROOT, current, work / "site-current", cache=False))
            print(f"   run {run + 1}: baseline {pairs['baseline'][-1]['cpu_s']:.1f} s CPU, "
                  f"current {pairs['current'][-1]['cpu_s']:.1f} s CPU", file=sys.stderr)
        report["baseline"] = {"commit": args.baseline, "runs": pairs["baseline"]}
        report["current"] = {"runs": pairs["current"]}
        report["edit_pairs"] = paired_edits(base_code, base, ROOT, current, work, args.runs)
    # the incremental build: a first build fills the cache, then one task changes
    shutil.rmtree(current / ".cache", ignore_errors=True)
    first = build(ROOT, current, work / "site-first", cache=True)
    unchanged = build(ROOT, current, work / "site-unchanged", cache=True)
    month_files = sorted((current / "content" / "programmes").glob("*.yaml"))
    edit_one_task(month_files[len(month_files) // 2])
    warm = build(ROOT, current, work / "site-warm", cache=True)
    full = build(ROOT, current, work / "site-full", cache=False)
    same = subprocess.run(["diff", "-r", "-q", str(work / "site-warm"), str(work / "site-full")],
                          capture_output=True).returncode == 0
    report["incremental"] = {"first": first, "unchanged": unchanged, "one_task_edit": warm, "no_cache": full,
                             "byte_identical": same}
    report["load_after"] = os.getloadavg()[0]
    (BENCH_DIR / "pair-latest.json").write_text(json.dumps(report, indent=2), encoding="utf-8")

    def row(name: str, runs: list[dict]) -> str:
        return (f"| {name} | {median(runs, 'cpu_s'):.1f} s | {median(runs, 'wall_s'):.1f} s "
                f"| {median(runs, 'peak_bytes') / 1e6:,.0f} MB |")

    print(f"\n{args.months} tháng / months, trung vị / median of {args.runs} (tải máy / load "
          f"{report['load_before']:.1f} → {report['load_after']:.1f})\n")
    print("| bản dựng / build | CPU | wall | peak (tree PSS) |\n|---|---:|---:|---:|")
    if args.baseline:
        print(row(f"baseline {args.baseline}, cold", report["baseline"]["runs"]))
        print(row("current, cold (no cache)", report["current"]["runs"]))
        print(row(f"baseline {args.baseline}, cache warm, one task edited (paired)", report["edit_pairs"]["baseline"]))
        print(row("current, cache warm, one task edited (paired)", report["edit_pairs"]["current"]))
    print(row("current, cache empty", [first]))
    print(row("current, cache warm, nothing changed", [unchanged]))
    print(row("current, cache warm, one task edited", [warm]))
    print(f"\nwarm build == build without cache (diff -r): {'yes' if same else 'NO'}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
