"""Measure the live preview: how long after an editor saves a month file the browser can see it.

Starts ``mkdocs serve`` on a synthetic archive (scripts/gen_archive.py), waits for the first
build, then edits task texts in several month files (newest, middle, oldest), one at a time,
and polls the served month page until the edit is there. Prints the first build time and each
edit's latency (save → page served with the change) and the server's CPU meanwhile (steadier than
the latency on a shared machine), and writes them as JSON to ``.bench/``.

Usage: python scripts/bench_serve.py [--months 120] [--mode dirty|full] [--port 8765]
``--mode full`` runs plain ``mkdocs serve`` (every page rebuilt on a change), for comparison.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from bench import BENCH_DIR, prepare_project  # noqa: E402


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, needle: str, timeout: float, server: subprocess.Popen, interval: float = 0.05) -> float | None:
    """Seconds until ``url`` serves a page containing ``needle``, or None after ``timeout``."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout and server.poll() is None:
        body = fetch(url)
        if body is not None and needle in body:
            return time.perf_counter() - start
        time.sleep(interval)
    return None


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and of its children that have ended (``/proc/PID/stat``): on a
    shared machine the server's CPU for an edit is steadier than the wall time until it shows."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return sum(int(value) for value in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def edit(path: Path, marker: str) -> None:
    """Append ``marker`` to the first task text of a month file, as an editor would."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for index, line in enumerate(lines):
        if line.startswith("    text: "):
            lines[index] = line.rstrip("\n") + f" {marker}\n"
            break
    path.write_text("".join(lines), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Đo độ trễ xem trước (mkdocs serve) sau khi sửa một tệp tháng.")
    parser.add_argument("--months", type=int, default=120)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--mode", choices=["dirty", "full"], default="dirty")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--verbose", action="store_true", help="mkdocs -v: serve.log says which pages each rebuild renders")
    args = parser.parse_args(argv)
    project = prepare_project(BENCH_DIR / "work" / f"serve{args.months}" / "project", args.months, args.seed)
    months = sorted(p.stem for p in (project / "content" / "programmes").glob("*.yaml"))
    command = [sys.executable, "-m", "mkdocs", "serve", "--livereload",
               "-a", f"127.0.0.1:{args.port}"] + (["--dirty"] if args.mode == "dirty" else []) + (["-v"] if args.verbose else [])
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}
    log = open(project / "serve.log", "w")
    start = time.perf_counter()
    server = subprocess.Popen(command, cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT,
                              start_new_session=True)
    base = f"http://127.0.0.1:{args.port}/"
    result = {"months": args.months, "mode": args.mode, "edits": []}
    try:
        first = wait_for(base + f"programmes/{months[-1]}/", "portal-tasks", timeout=600, server=server)
        if first is None:
            raise SystemExit(f"mkdocs serve did not come up; see {project / 'serve.log'}")
        result["first_build_s"] = time.perf_counter() - start
        print(f"first build served after {result['first_build_s']:.1f} s", file=sys.stderr)
        picks = [months[-1], months[len(months) // 2], months[0]][: args.edits]
        for number, month in enumerate(picks, 1):
            time.sleep(1.5)  # let the watcher settle, as between two saves
            marker = f"SUAXEMTRUOC{number}X{int(time.time())}"
            before = cpu_seconds(server.pid)
            edit(project / "content" / "programmes" / f"{month}.yaml", marker)
            latency = wait_for(base + f"programmes/{month}/", marker, timeout=300, server=server)
            cpu = cpu_seconds(server.pid) - before
            result["edits"].append({"month": month, "latency_s": latency, "server_cpu_s": cpu})
            print(f"edit of {month}: visible after {latency:.2f} s (server CPU {cpu:.2f} s)" if latency is not None
                  else f"edit of {month}: not visible after 300 s", file=sys.stderr)
    finally:
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        log.close()
    BENCH_DIR.mkdir(exist_ok=True)
    (BENCH_DIR / f"serve-{args.mode}-{args.months}.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    worst = max((e["latency_s"] or float("inf")) for e in result["edits"])
    result["median_latency_s"] = statistics.median(e["latency_s"] or float("inf") for e in result["edits"])
    result["median_server_cpu_s"] = statistics.median(e["server_cpu_s"] for e in result["edits"])
    print(json.dumps(result, indent=2))
    print(f"[{'OK' if worst < 2 else 'KHÔNG ĐẠT / MISSED'}] {args.months} months, {args.mode}: "
          f"edit visible within {worst:.2f} s (< 2 s), median {result['median_latency_s']:.2f} s; server CPU an edit "
          + ", ".join(f"{e['server_cpu_s']:.2f}" for e in result["edits"])
          + f" s, median {result['median_server_cpu_s']:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
