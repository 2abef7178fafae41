"""Measure the main process's own part of a build: loading the content and rendering every page.

The builder, the search index and the downloads are left out: this is the part a preview rebuild and
a one-off build spend before MkDocs starts (``load_site`` and ``render_pages``), timed as CPU
(``time.process_time``) in a fresh process, which is steadier than wall time on a shared machine.

Three cases on a generated archive (``gen_archive``): no cache (``PORTAL_BUILD_CACHE=0``), a warm
cache with nothing changed, and a warm cache after one task's text is edited (as ``bench_pair`` edits
it). With ``--baseline COMMIT`` the same is measured for that commit, the two alternating run by run;
medians are printed, and the pages of both are checked to be the same.

Usage: python scripts/bench_pages.py [--months 120] [--runs 3] [--baseline 477960f | --baseline-dir DIR]
"""
from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from bench import BENCH_DIR  # noqa: E402
from bench_pair import checkout, project  # noqa: E402

# Run in a fresh process with the measured code first on sys.path: prints one JSON line.
_STAGE = r"""
import gc, hashlib, json, sys, time
from pathlib import Path
gc.disable()  # as Build.start: loading makes long-lived objects only
import portal
from portal.build.cache import BuildCache
from portal.build.site import load_site, render_pages
from portal.site.render import keep_compiled_templates
proj, cached = Path(sys.argv[1]), sys.argv[2] == "1"
start = time.process_time()
cache = BuildCache.open(proj, "public", setting="" if cached else "0")
if cache:
    keep_compiled_templates(cache.folder / "templates")
site = load_site(proj / "content", source_date_epoch=1700000000, memo=cache.memo("months") if cache else None)
loaded = time.process_time()
pages = render_pages(site, cache.file_memo("pages") if cache else None)
rendered = time.process_time()
if cache:
    cache.save("months")
    cache.sweep_files()
digest = hashlib.sha256()
for page in pages:
    digest.update("\x00".join((page.src_uri, page.title, str(page.in_nav), page.markdown)).encode())
print(json.dumps({"load": loaded - start, "render": rendered - loaded, "pages": len(pages),
                  "digest": digest.hexdigest(), "code": str(Path(portal.__file__).parent.parent)}))
"""


def stage(code: Path, proj: Path, cached: bool) -> dict:
    env = {**os.environ, "PYTHONPATH": str(code), "SOURCE_DATE_EPOCH": "1700000000"}
    env.pop("PORTAL_BUILD_CACHE", None)
    # run in the project (``-c`` puts the working folder first on sys.path: not this checkout's portal)
    out = subprocess.run([sys.executable, "-c", _STAGE, str(proj), "1" if cached else "0"],
                         capture_output=True, text=True, env=env, cwd=proj)
    if out.returncode != 0:
        raise SystemExit(f"{code}: {out.stderr}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if Path(result["code"]).resolve() != code.resolve():
        raise SystemExit(f"measured {result['code']}, not {code}")
    return result


def edit_task(month_file: Path, run: int) -> None:
    """Another word in the first task's text of ``month_file``, different each run."""
    text = month_file.read_text(encoding="utf-8")
    edited, count = re.subn(r"(\n    text: )(?:Sửa đổi \d+ )?", rf"\1Sửa đổi {run} ", text, count=1)
    if not count:
        raise SystemExit(f"no task text in {month_file}")
    month_file.write_text(edited, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Đo CPU của phần nạp dữ liệu và sinh trang trong tiến trình chính.")
    parser.add_argument("--months", type=int, default=120)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--baseline", default="", help="commit để so sánh, chạy xen kẽ")
    parser.add_argument("--baseline-dir", default="", help="hoặc: thư mục chứa mã để so sánh (đã lấy ra sẵn)")
    args = parser.parse_args(argv)
    work = BENCH_DIR / "pages"
    codes = {"current": ROOT}
    if args.baseline or args.baseline_dir:
        base = Path(args.baseline_dir).resolve() if args.baseline_dir else checkout(args.baseline, BENCH_DIR)
        codes = {"baseline": base, **codes}
    projects = {name: project(code, work / name, args.months, args.seed) for name, code in codes.items()}
    results: dict[str, dict[str, list]] = {name: {"cold": [], "warm": [], "edit": []} for name in codes}
    for name, code in codes.items():  # the first build fills the cache
        stage(code, projects[name], cached=True)
    for run in range(args.runs):
        for name, code in codes.items():
            proj = projects[name]
            for case in ("cold", "warm", "edit"):
                if case == "edit":
                    months = sorted((proj / "content" / "programmes").glob("*.yaml"))
                    edit_task(months[len(months) // 2], run)
                result = stage(code, proj, cached=case != "cold")
                results[name][case].append(result)
            print(f"   run {run + 1} {name}: " + ", ".join(
                f"{case} {results[name][case][-1]['load'] + results[name][case][-1]['render']:.2f} s"
                for case in ("cold", "warm", "edit")), file=sys.stderr)
    print(f"\n{args.months} tháng / months, CPU (process_time), trung vị / median of {args.runs}, "
          f"tải máy / load {os.getloadavg()[0]:.1f}\n")
    print("| mã / code | trường hợp / case | nạp / load | sinh trang / render | tổng / total |\n|---|---|---:|---:|---:|")
    for name, cases in results.items():
        for case, runs in cases.items():
            load, render = (statistics.median(r[key] for r in runs) for key in ("load", "render"))
            print(f"| {name} | {case} | {load:.2f} s | {render:.2f} s | {load + render:.2f} s |")
    # each run: the pages of no cache and of the warm cache the same, and the same for each code
    same = all(len({results[name][case][run]["digest"] for name in codes for case in ("cold", "warm")}) == 1
               and len({results[name]["edit"][run]["digest"] for name in codes}) == 1 for run in range(args.runs))
    print(f"\ntrang giống nhau (không bộ đệm = bộ đệm đầy{', gốc = hiện tại' if len(codes) > 1 else ''}): "
          f"{'có / yes' if same else 'KHÔNG / NO'}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
