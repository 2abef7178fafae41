"""Measure search as a reader meets it: a built site served on localhost, headless Chromium.

Usage: python scripts/bench_search.py SITE_DIR [--page programmes/] [--query Q ...] [--runs 3] [--json]
       [--server python|nginx]
       python scripts/bench_search.py --relevance [--months 120] [--seed 1]

``--relevance`` scores the ranking instead of timing it: the judged query set
(``tests/search_judgments.yaml``) on the bundled sample and on a generated archive of ``--months``
months (``scripts/gen_archive.py``, written to ``.bench/relevance/``), with the Python reference of
the browser's ranking (``portal/outputs/search/ranking.py``): MRR@10, success@3 and recall of the
tasks to be found in the first 50 results, per class of query. No browser, no timing.

For each query and run, a fresh browser context (empty cache) loads the page cold, clicks the search
box and types the query one key at a time, as a person would. Reported per query:

- first: milliseconds from the first keystroke (its ``beforeinput`` event) to its answer shown (cold: the table of chunks
  and the word chunks load in that time). A query of one letter is answered by the
  exact word or the hint «Gõ thêm chữ để tìm» (search.js, ``searchQuery``), so also:
- shown: milliseconds from the first keystroke to the first answer with results in the list (this
  includes the driver typing the next keys, each sent once the previous one is answered);
- next: milliseconds from each further keystroke to its results shown (median and worst);
- last: milliseconds from the last keystroke to the final list shown (a last word of one
  character is applied once typing stops, search.js ``FINAL_DELAY`` later: such queries include it);
- bytes: everything the query transferred from search/ (the table of chunks, word chunks, record files).

Times are taken in the page (performance.now at each keystroke, a MutationObserver on the result list's
ready mark), so the driver's own round trips do not count. This is a benchmark, not a test: it
prints figures for the README and fails only if search breaks.
"""
from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import statistics
import sys
import threading
import time

CHROMIUM = os.environ.get("PORTAL_CHROMIUM", "/usr/bin/chromium")
NGINX = os.environ.get("PORTAL_NGINX", "/usr/sbin/nginx")  # Debian's nginx-light, for --server nginx
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
QUERIES = ["24-CT/TW", "chi thi 24", "ket luan", "tinh uy", "lich su dang", "qdi/tu", "TT-TT", "đang thực hiện",
           "tuyên truyền", "hội nghị báo cáo viên"]

PROBE = """() => {
  const root = document.querySelector('[data-portal-search]');
  window.__bench = {keys: [], ready: {}};
  // beforeinput, not keydown: letters such as đ arrive without key events (an input method).
  document.addEventListener('beforeinput', () => window.__bench.keys.push(performance.now()), true);
  new MutationObserver(() => {
    const sequence = root.getAttribute('data-portal-search-ready');
    if (sequence && !(sequence in window.__bench.ready)) {
      window.__bench.ready[sequence] = performance.now();
      if (!window.__bench.shown && root.querySelector('[data-portal-search-list]').children.length)
        window.__bench.shown = performance.now();
    }
  }).observe(root, {attributes: true, attributeFilter: ['data-portal-search-ready']});
}"""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive and no Nagle delay, as web servers (nginx, IIS) serve
    disable_nagle_algorithm = True

    def log_message(self, *args) -> None:
        pass


def serve(folder: str) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=folder))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


class _Nginx:
    """nginx serving ``folder`` on a free port, as an office's web server would (``--server nginx``).

    Python's http.server takes 5-25 ms per request on this machine, and a query fetches a dozen
    small files, so with it the server's own time is part of every figure."""

    def __init__(self, folder: str):
        import socket
        import subprocess
        import tempfile

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.scratch = tempfile.mkdtemp(prefix="bench-nginx-")
        config = os.path.join(self.scratch, "nginx.conf")
        with open(config, "w", encoding="utf-8") as out:
            out.write(f"""daemon off; worker_processes 1; pid {self.scratch}/nginx.pid; error_log stderr error;
events {{ worker_connections 64; }}
http {{ include /etc/nginx/mime.types; access_log off; sendfile on; tcp_nodelay on; keepalive_timeout 30;
  client_body_temp_path {self.scratch}; proxy_temp_path {self.scratch}; fastcgi_temp_path {self.scratch};
  uwsgi_temp_path {self.scratch}; scgi_temp_path {self.scratch};
  server {{ listen 127.0.0.1:{port}; root {os.path.abspath(folder)}; index index.html; }} }}
""")
        self.process = subprocess.Popen([NGINX, "-c", config, "-p", self.scratch], stderr=subprocess.PIPE)
        self.url = f"http://127.0.0.1:{port}/"
        for _ in range(50):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                time.sleep(0.05)

    def shutdown(self) -> None:
        import shutil

        self.process.terminate()
        self.process.wait()
        shutil.rmtree(self.scratch, ignore_errors=True)


def measure(browser, url: str, query: str) -> dict:
    """One cold run of one query: per-keystroke latencies, result count and bytes from search/."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    transferred: list[int] = []
    outside: list[str] = []

    def finished(request) -> None:
        if "/search/" in request.url:
            sizes = request.sizes()
            transferred.append(sizes["responseBodySize"] + sizes["responseHeadersSize"])

    page.on("requestfinished", finished)
    page.on("request", lambda request: outside.append(request.url) if not request.url.startswith(url) else None)
    page.goto(url, wait_until="load")
    page.evaluate(PROBE)
    page.click(".md-search__input")
    latencies = []
    for count, key in enumerate(query, start=1):
        page.keyboard.type(key)
        page.wait_for_function(
            "n => { const s = window.portalSearch; return s.sequence >= n &&"
            " s.root.getAttribute('data-portal-search-ready') === String(s.sequence); }", arg=count, timeout=30000)
        if key.isspace():
            continue
        timing = page.evaluate("n => [window.__bench.keys[n - 1], window.__bench.ready[String(window.portalSearch.sequence)]]",
                               count)
        latencies.append(timing[1] - timing[0])
    page.wait_for_timeout(600)  # typing stopped: a final one-character word is searched now
    page.wait_for_function(
        "() => { const s = window.portalSearch; return s.root.getAttribute('data-portal-search-ready') === String(s.sequence); }")
    last = page.evaluate("() => { const r = window.__bench.ready; const keys = window.__bench.keys;"
                         " return r[String(window.portalSearch.sequence)] - keys[keys.length - 1]; }")
    results = page.inner_text("[data-portal-search-meta]")
    shown = page.evaluate("() => window.__bench.shown ? window.__bench.shown - window.__bench.keys[0] : null")
    page.wait_for_timeout(200)  # let the last responses finish before counting bytes
    context.close()
    return {"latencies": latencies, "shown": shown, "last": last, "bytes": sum(transferred), "requests": len(transferred), "results": results,
            "outside": outside}


def main() -> int:
    parser = argparse.ArgumentParser(description="Đo tốc độ tìm kiếm trên trang đã dựng (Chromium không giao diện).")
    parser.add_argument("site", nargs="?", help="thư mục trang đã dựng (có search/)")
    parser.add_argument("--relevance", action="store_true",
                        help="chấm điểm xếp hạng trên bộ câu có nhãn (không đo tốc độ, không cần SITE)")
    parser.add_argument("--months", type=int, default=120, help="--relevance: số tháng của kho tổng hợp")
    parser.add_argument("--seed", type=int, default=1, help="--relevance: hạt giống của kho tổng hợp")
    parser.add_argument("--page", default="", help="trang mở trước khi tìm (mặc định: trang chủ)")
    parser.add_argument("--query", action="append", help="câu tìm (lặp lại được); mặc định một bộ câu mẫu")
    parser.add_argument("--runs", type=int, default=3, help="số lần đo mỗi câu, mỗi lần một bộ nhớ đệm trống")
    parser.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    parser.add_argument("--server", choices=("python", "nginx"), default="python",
                        help="máy chủ web phục vụ trang: http.server của Python (mặc định) hoặc nginx")
    args = parser.parse_args()
    if args.relevance:
        return relevance(args.months, args.seed, args.json)
    if not args.site:
        parser.error("cần SITE (thư mục trang đã dựng), hoặc --relevance")

    from playwright.sync_api import sync_playwright

    if args.server == "nginx":
        server = _Nginx(args.site)
        base = server.url
    else:
        server, base = serve(args.site)
    rows = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            for query in args.query or QUERIES:
                runs = [measure(browser, base + args.page, query) for _ in range(args.runs)]
                first = [run["latencies"][0] for run in runs]
                shown = [run["shown"] for run in runs if run["shown"] is not None]
                further = [value for run in runs for value in run["latencies"][1:]]
                rows.append({
                    "query": query, "results": runs[-1]["results"],
                    "first_ms_median": round(statistics.median(first)), "first_ms_max": round(max(first)),
                    "shown_ms_median": round(statistics.median(shown)) if shown else None,
                    "shown_ms_max": round(max(shown)) if shown else None,
                    "next_ms_median": round(statistics.median(further)) if further else None,
                    "next_ms_max": round(max(further)) if further else None,
                    "last_ms_median": round(statistics.median(run["last"] for run in runs)),
                    "last_ms_max": round(max(run["last"] for run in runs)),
                    "kb_per_query": round(max(run["bytes"] for run in runs) / 1024, 1),
                    "requests": max(run["requests"] for run in runs),
                    "outside_requests": sorted({url for run in runs for url in run["outside"]}),
                })
            browser.close()
    finally:
        server.shutdown()
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        print(f"{'câu tìm':24} {'kết quả':>14} {'đầu (ms)':>12} {'có kq (ms)':>12} {'tiếp (ms)':>12}"
              f" {'cuối (ms)':>12} {'KB/câu':>8} {'yêu cầu':>8}")
        for row in rows:
            print(f"{row['query']:24} {row['results']:>14} {row['first_ms_median']:>5} / {row['first_ms_max']:<4}"
                  f" {str(row['shown_ms_median']):>5} / {str(row['shown_ms_max']):<4}"
                  f" {str(row['next_ms_median']):>5} / {str(row['next_ms_max']):<4}"
                  f" {row['last_ms_median']:>5} / {row['last_ms_max']:<4} {row['kb_per_query']:>8}"
                  f" {row['requests']:>8}")
        print("(trung vị / lâu nhất; «đầu»: từ phím đầu tiên sau khi nạp trang lạnh tới khi trả lời phím đó;"
              " «có kq»: tới khi danh sách kết quả đầu tiên hiện ra; «cuối»: từ phím cuối tới danh sách cuối cùng)")
    leaked = [row for row in rows if row["outside_requests"]]
    if leaked:
        print("Có yêu cầu ra ngoài máy chủ:", leaked, file=sys.stderr)
        return 1
    return 0


def relevance(months: int, seed: int, as_json: bool) -> int:
    """Score the judged query set on the sample and on a generated archive (see the module's doc)."""
    import shutil
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root))
    sys.path.insert(0, str(root / "scripts"))
    from gen_archive import generate_archive

    from portal.build.site import load_site, render_pages
    from portal.outputs.search.records import build_search_from_pages, page_sources
    from portal.outputs.search.relevance import evaluate, load_judgments, table

    judgments = load_judgments(root / "tests" / "search_judgments.yaml")
    work = root / ".bench" / "relevance"
    archive = work / f"archive-{months}-{seed}"
    shutil.rmtree(archive, ignore_errors=True)
    shutil.copytree(root / "content", archive / "content")
    generate_archive(months, seed, archive)
    reports = {}
    for name, content in (("sample", root / "content"), ("archive", archive / "content")):
        site = load_site(content)
        index = work / f"{name}-index"
        build_search_from_pages(site, page_sources(render_pages(site), root / "content" / "pages"),
                                "Chương trình công tác Tuyên giáo", index)
        reports[name] = evaluate(index, site, judgments, name)
    if as_json:
        print(json.dumps({name: report.by_class() for name, report in reports.items()}, ensure_ascii=False, indent=2))
        return 0
    for name, report in reports.items():
        title = "mẫu kèm theo" if name == "sample" else f"kho tổng hợp {months} tháng (seed {seed})"
        print(f"\n## {title}: {len(report.outcomes)} câu\n")
        print(table(report))
        misses = [o for o in report.outcomes if o.reciprocal_rank < 1]
        for outcome in misses:
            print(f"  - {outcome.judgment.query!r}: hạng {round(1 / outcome.reciprocal_rank) if outcome.reciprocal_rank else '>10'},"
                  f" đầu tiên là {outcome.first_shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
