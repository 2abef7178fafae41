"""Screenshot pages of a built site in headless Chromium, to look at them as a reader would.

Usage: python scripts/screenshot.py site/ programmes/2023-11/ out.png [--width 1400] [--full]
Serves the folder on a free localhost port; uses Debian's /usr/bin/chromium.
"""
from __future__ import annotations

import argparse
import functools
import http.server
import threading

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def serve(folder: str) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_QuietHandler, directory=folder)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("site")
    parser.add_argument("path")
    parser.add_argument("output")
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=1000)
    parser.add_argument("--full", action="store_true")
    args = parser.parse_args()
    server, base = serve(args.site)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            page = browser.new_page(viewport={"width": args.width, "height": args.height})
            page.goto(base + args.path)
            page.wait_for_timeout(500)
            page.screenshot(path=args.output, full_page=args.full)
            browser.close()
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()
