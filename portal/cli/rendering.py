"""``portal render DIR``: write the generated Markdown to a folder, for any other builder.

With ``--search`` it also writes the search index the MkDocs build ships (``DIR/search``),
so a builder that runs no MkDocs hooks still gets the whole site.
"""
from __future__ import annotations

import sys
from pathlib import Path

from portal.build.site import load_site, render_assets, render_pages, write_assets
from portal.content.errors import ContentError


def register(subparsers) -> None:
    parser = subparsers.add_parser("render", help="ghi các trang Markdown sinh ra vào một thư mục")
    parser.add_argument("output", help="thư mục đích")
    parser.add_argument("--content", default="content", help="thư mục dữ liệu (mặc định: content)")
    parser.add_argument("--include-restricted", action="store_true", help="gồm cả nội dung hạn chế")
    parser.add_argument("--include-drafts", action="store_true",
                        help="gồm cả các tháng dự thảo (draft: true); mặc định theo --include-restricted")
    parser.add_argument("--search", action="store_true", help="ghi cả chỉ mục tìm kiếm (DIR/search)")
    parser.add_argument("--pages", default="content/pages", help="thư mục trang viết tay (mặc định: content/pages)")
    parser.add_argument("--site-name", default="Chương trình công tác Tuyên giáo", help="tên trang, như site_name")
    parser.set_defaults(handler=run)


def run(args) -> int:
    try:
        site = load_site(Path(args.content), include_restricted=args.include_restricted,
                         include_drafts=args.include_drafts or args.include_restricted)
    except ContentError as exc:
        print(exc, file=sys.stderr)
        return 1
    output = Path(args.output)
    pages = render_pages(site)
    for page in pages:
        target = output / page.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.markdown, encoding="utf-8")
    write_assets(render_assets(site), output)
    print(f"Đã ghi {len(pages)} trang vào {output}.", file=sys.stderr)
    if args.search:
        from portal.outputs.search.records import OUTPUT_FOLDER, build_search_from_pages, page_sources

        count = build_search_from_pages(site, page_sources(pages, Path(args.pages)), args.site_name,
                                        output / OUTPUT_FOLDER)
        print(f"Đã ghi chỉ mục tìm kiếm ({count} mục) vào {output / OUTPUT_FOLDER}.", file=sys.stderr)
    return 0
