"""Benchmark: build synthetic archives and compare with plain MkDocs building the same Markdown.

For each archive size (12, 120 and 600 months by default) this generates the archive
(scripts/gen_archive.py), then measures:

* the full build (``mkdocs build --strict`` with the project's hooks): wall time, peak memory
  of the build process, pages, size of ``site/`` and of the search index;
* the project's own work, timed in a separate process: load + validate, build the indexes,
  render the Markdown (``portal.build.site.load_site`` and ``render_pages``/``render_assets``);
* the baseline: the same Markdown (as ``portal render`` writes it) built by plain MkDocs +
  Material with the same ``mkdocs.yml`` and nav and no hooks: the floor for a design on MkDocs.

Why a script and not a test: timings depend on the machine; the figures go in the README.
Results are printed and written as JSON to ``.bench/``. CPU time (user + system) is reported
beside wall time: on a shared machine it is the steadier figure for comparing two builds.

``--builder properdocs|zensical`` makes the full build that builder's (portal/build/builders.py: for
Zensical, render + build + audit); the baseline stays plain MkDocs.

Usage: python scripts/bench.py [--months 12,120,600] [--seed 1] [--no-baseline] [--keep] [--builder mkdocs]
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / ".bench"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from gen_archive import generate_archive  # noqa: E402

from portal.build import builders  # noqa: E402

PROJECT_FILES = ("mkdocs.yml", "hooks", "theme_overrides", builders.RENDER_EXTRAS)
SEARCH_PARTS = ("search",)  # folders of search data under site/

# Run a command and report its wall time and peak memory, as JSON. Two memory figures:
# ``peak_bytes`` is the peak of the whole process tree at once (the build, its forked search
# child), sampled from /proc every 50 ms as the sum of each process's
# proportional set size (PSS: pages a fork shares are split between the processes, not counted
# twice); ``peak_process_bytes`` is the largest single process (RUSAGE_CHILDREN's high-water
# mark, exact but blind to processes running side by side).
_MEASURE = r"""
import json, os, resource, subprocess, sys, time

def tree(root):
    children = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat") as stat:
                    parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
            children.setdefault(parent, []).append(int(name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found

def pss(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0

start = time.perf_counter()
run = subprocess.Popen(sys.argv[2:], cwd=sys.argv[1], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
tree_peak = 0
sampling = os.path.exists("/proc/self/smaps_rollup")
while run.poll() is None:
    if sampling:
        tree_peak = max(tree_peak, sum(pss(pid) for pid in tree(run.pid)))
    time.sleep(0.05)
stdout, stderr = run.communicate()
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
process_peak, cpu = usage.ru_maxrss * 1024, usage.ru_utime + usage.ru_stime
print(json.dumps({"wall_s": wall, "cpu_s": cpu, "peak_bytes": max(tree_peak, process_peak),
                  "peak_process_bytes": process_peak, "returncode": run.returncode, "stderr": stderr[-4000:]}))
"""

# The project's own share, in a fresh process: load, validate, index, render; then write the
# rendered pages for the baseline and its nav. Mirrors hooks/portal_hooks.py, without MkDocs.
_PROJECT = r"""
import json, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
project, docs = Path(sys.argv[2]), Path(sys.argv[3])
t0 = time.perf_counter()
from portal.content.loader import load_programmes
load_programmes(project / "content")
t1 = time.perf_counter()
from portal.build.site import load_site, navigation, render_assets, render_pages, write_assets
t2, c2 = time.perf_counter(), time.process_time()
site = load_site(project / "content")
t3 = time.perf_counter()
pages = render_pages(site)
assets = render_assets(site)
t4, c4 = time.perf_counter(), time.process_time()
for page in pages:
    target = docs / page.src_uri
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(page.markdown, encoding="utf-8")
write_assets(assets, docs)
static_dir = project / "content" / "pages"
static = sorted(p.relative_to(static_dir).as_posix() for p in static_dir.glob("*.md") if p.name != "index.md")
print(json.dumps({"load_validate_s": t1 - t0, "load_site_s": t3 - t2, "render_s": t4 - t3,
                  "project_s": (t3 - t2) + (t4 - t3), "project_cpu_s": c4 - c2, "generated_pages": len(pages),
                  "assets": len(assets), "tasks": len(site.tasks()),
                  "terms": sum(len(t.terms) for t in site.taxonomies.values()),
                  "nav": navigation(pages) + static}))
"""


class _Loader(yaml.SafeLoader):
    """Reads mkdocs.yml, keeping unknown tags (``!ENV``, ``!!python/name``) as plain values."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: loader.construct_scalar(node)
                              if isinstance(node, yaml.ScalarNode) else None)


def measure(cwd: Path, command: list[str]) -> dict:
    out = subprocess.run([sys.executable, "-c", _MEASURE, str(cwd), *command], capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout)


def mkdocs_build(project: Path, builder: str = "mkdocs") -> dict:
    command = builders.build_command(builder, project / "mkdocs.yml", project / "site", quiet=True)
    result = measure(project, command)
    if result["returncode"] != 0:
        raise SystemExit(f"{builder} build failed in {project}:\n{result['stderr']}")
    return result


def tree_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def site_figures(site: Path) -> dict:
    """Pages (one index.html each, directory URLs), total size, size of the search data."""
    search = {part: tree_size(site / part) for part in SEARCH_PARTS if (site / part).is_dir()}
    return {"pages": sum(1 for _ in site.rglob("index.html")), "site_bytes": tree_size(site),
            "search_bytes": search}


def prepare_project(target: Path, months: int, seed: int) -> Path:
    """A copy of the project with the bundled content's extras and a generated archive."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for name in PROJECT_FILES:
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, target / name)
    shutil.copytree(ROOT / "content", target / "content")
    generate_archive(months, seed, target)
    return target


def prepare_baseline(project: Path, target: Path, nav: list) -> Path:
    """Plain MkDocs: the same config, theme and nav, the rendered Markdown as docs, no hooks."""
    config = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    config.pop("hooks", None)
    config["docs_dir"] = "docs"
    config["nav"] = nav
    config.pop("watch", None)
    (target / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
                                       encoding="utf-8")
    shutil.copytree(project / "theme_overrides", target / "theme_overrides")
    for page in (project / "content" / "pages").rglob("*"):
        if page.is_file():
            dest = target / "docs" / page.relative_to(project / "content" / "pages")
            if not dest.exists():
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(page, dest)
    return target


def bench_one(months: int, seed: int, workdir: Path, baseline: bool, builder: str = "mkdocs") -> dict:
    print(f"\n== {months} tháng / months", file=sys.stderr)
    start = time.perf_counter()
    project = prepare_project(workdir / f"m{months}" / "project", months, seed)
    generated_s = time.perf_counter() - start
    base_dir = workdir / f"m{months}" / "baseline"
    shutil.rmtree(base_dir, ignore_errors=True)
    (base_dir / "docs").mkdir(parents=True)
    own = json.loads(subprocess.run([sys.executable, "-c", _PROJECT, str(ROOT), str(project), str(base_dir / "docs")],
                                    capture_output=True, text=True, check=True).stdout)
    nav = own.pop("nav")
    print(f"   generated in {generated_s:.1f} s; project work {own['project_s']:.2f} s", file=sys.stderr)
    full = mkdocs_build(project, builder)
    result = {"months": months, "seed": seed, "builder": builder, "generate_s": round(generated_s, 2), "project": own,
              "full": {**{k: full[k] for k in ("wall_s", "cpu_s", "peak_bytes", "peak_process_bytes")}, **site_figures(project / "site")}}
    result["full"]["mkdocs_s"] = full["wall_s"] - own["project_s"]
    print(f"   full build ({builder}) {full['wall_s']:.1f} s", file=sys.stderr)
    if baseline:
        prepare_baseline(project, base_dir, nav)
        base = mkdocs_build(base_dir)
        result["baseline"] = {**{k: base[k] for k in ("wall_s", "cpu_s", "peak_bytes", "peak_process_bytes")}, **site_figures(base_dir / "site")}
        result["ratio_to_baseline"] = full["wall_s"] / base["wall_s"]
        result["cpu_ratio_to_baseline"] = full["cpu_s"] / base["cpu_s"]
        print(f"   baseline build {base['wall_s']:.1f} s", file=sys.stderr)
    return result


def _mb(n: float) -> str:
    return f"{n / 1e6:,.1f} MB"


def table(results: list[dict]) -> str:
    """The figures as a Markdown table, ready for the README."""
    rows = ["| Tháng / months | Trang / pages | Dựng / build | Bộ nhớ đỉnh / peak RAM | site/ | Tìm kiếm / search index "
            "| Phần dự án / project share | MkDocs gốc / baseline | Tỉ lệ / ratio (wall, CPU) |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        full, own = r["full"], r["project"]
        base = r.get("baseline")
        search = ", ".join(f"{k} {_mb(v)}" for k, v in full["search_bytes"].items()) or "-"
        rows.append(
            f"| {r['months']} | {full['pages']:,} | {full['wall_s']:.1f} s (CPU {full['cpu_s']:.1f} s) | {_mb(full['peak_bytes'])} "
            f"| {_mb(full['site_bytes'])} | {search} "
            f"| {own['project_s']:.2f} s ({100 * own['project_s'] / full['wall_s']:.0f} %) "
            f"| {base['wall_s']:.1f} s (CPU {base['cpu_s']:.1f} s), {_mb(base['peak_bytes'])} "
            f"| {r['ratio_to_baseline']:.2f}, {r['cpu_ratio_to_baseline']:.2f} |"
            if base else
            f"| {r['months']} | {full['pages']:,} | {full['wall_s']:.1f} s (CPU {full['cpu_s']:.1f} s) | {_mb(full['peak_bytes'])} "
            f"| {_mb(full['site_bytes'])} | {search} "
            f"| {own['project_s']:.2f} s ({100 * own['project_s'] / full['wall_s']:.0f} %) | - | - |")
    return "\n".join(rows)


def targets(results: list[dict]) -> list[str]:
    """The issue's targets, each with its measured value and whether it is met."""
    by = {r["months"]: r for r in results}
    lines = []

    def check(ok: bool, text: str) -> None:
        lines.append(f"[{'OK' if ok else 'KHÔNG ĐẠT / MISSED'}] {text}")

    for r in results:
        if "ratio_to_baseline" in r:
            check(r["ratio_to_baseline"] <= 1.10, f"{r['months']} months: build / baseline = {r['ratio_to_baseline']:.2f} "
                  f"wall, {r['cpu_ratio_to_baseline']:.2f} CPU (≤ 1.10)")
    if 120 in by:
        check(by[120]["full"]["wall_s"] < 15, f"120 months build {by[120]['full']['wall_s']:.1f} s (< 15 s)")
        check(by[120]["full"]["site_bytes"] < 150e6, f"120 months site/ {_mb(by[120]['full']['site_bytes'])} (< 150 MB)")
    if 600 in by:
        check(by[600]["full"]["wall_s"] < 80, f"600 months build {by[600]['full']['wall_s']:.1f} s (< 80 s)")
        check(by[600]["full"]["peak_bytes"] < 1e9, f"600 months peak memory {_mb(by[600]['full']['peak_bytes'])} (< 1 GB)")
        if 120 in by:
            growth = by[600]["full"]["wall_s"] / by[120]["full"]["wall_s"]
            check(growth <= 5.5, f"600/120 months build time = {growth:.2f} (≤ 5.5, linear)")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Đo hiệu năng dựng trang trên kho tổng hợp 12/120/600 tháng.")
    parser.add_argument("--months", default="12,120,600", help="danh sách số tháng, ví dụ 12,120")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-baseline", action="store_true", help="bỏ qua bản dựng MkDocs gốc để so sánh")
    parser.add_argument("--keep", action="store_true", help="giữ lại thư mục dựng trong .bench/work")
    parser.add_argument("--builder", default=None, help="công cụ dựng: mkdocs (mặc định), properdocs, zensical")
    args = parser.parse_args(argv)
    sizes = [int(m) for m in args.months.split(",") if m.strip()]
    workdir = BENCH_DIR / "work"
    builder = builders.get(args.builder).name
    results = [bench_one(n, args.seed, workdir, not args.no_baseline, builder) for n in sizes]
    report = {"date": dt.datetime.now().isoformat(timespec="seconds"), "machine": {
        "cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "results": results}
    BENCH_DIR.mkdir(exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    for name in (f"bench-{stamp}.json", "bench-latest.json"):
        (BENCH_DIR / name).write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    if not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)
    print(table(results))
    print()
    print("\n".join(targets(results)))
    print(f"\n(JSON: {BENCH_DIR / 'bench-latest.json'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
