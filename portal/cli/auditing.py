"""``portal audit SITE``: the post-build audit on any built site, whatever built it.

Every generated page must be there, and every task on every page that must list it
(:mod:`portal.build.audit`). The hooks run the same audit after each MkDocs/ProperDocs build and
``portal build`` after a Zensical one; this command checks a site built or copied elsewhere.
"""
from __future__ import annotations

import sys
from pathlib import Path

from portal.content.errors import ContentError


def register(subparsers) -> None:
    parser = subparsers.add_parser("audit", help="kiểm tra một trang đã dựng: đủ trang, đủ nhiệm vụ")
    parser.add_argument("site", help="thư mục trang đã dựng (ví dụ: site)")
    parser.add_argument("--content", default="content", help="thư mục dữ liệu (mặc định: content)")
    parser.add_argument("--include-restricted", action="store_true", help="trang là bản nội bộ (gồm nội dung hạn chế)")
    parser.set_defaults(handler=run)


def run(args) -> int:
    from portal.build.audit import audit_site, missing_pages, summary_lines  # imported when run: every command registers at start
    from portal.build.site import load_site, render_pages

    site_dir = Path(args.site)
    if not site_dir.is_dir():
        print(f"Không thấy thư mục trang đã dựng {site_dir}.", file=sys.stderr)
        return 2
    try:
        site = load_site(Path(args.content), include_restricted=args.include_restricted)
    except ContentError as exc:
        print(exc, file=sys.stderr)
        return 1
    problems = missing_pages(render_pages(site), site_dir) + audit_site(site, site_dir)
    if not problems:
        print(f"{site_dir}: đủ trang, đủ nhiệm vụ trên mọi trang phải liệt kê.", file=sys.stderr)
        return 0
    for line in summary_lines(problems):
        print(line, file=sys.stderr)
    print(f"{site_dir}: {len(problems)} chỗ thiếu.", file=sys.stderr)
    return 1
