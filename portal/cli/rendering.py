"""``portal render DIR``: a whole project for a builder that runs no hooks (Zensical), or for any other.

Writes ``DIR/mkdocs.yml`` (the project's config with an explicit ``nav`` and ``docs_dir: docs``, no
hooks) and ``DIR/docs/``: each generated page in its own folder (``programmes/2023-11/index.md``),
the hand-written pages, the feeds and Word files, and with ``--search`` the search index
(``DIR/docs/search``). Then ``cd DIR && zensical build`` (or ``mkdocs build``) builds the whole site;
``portal audit DIR/site`` checks it. ``portal build --builder zensical`` does all of this in one go.
"""
from __future__ import annotations

import sys
from pathlib import Path

from portal.build.options import BuildOptions, OptionsError
from portal.content.errors import ContentError


def register(subparsers) -> None:
    parser = subparsers.add_parser("render", help="ghi các trang sinh ra và cấu hình vào một thư mục, cho công cụ dựng khác")
    parser.add_argument("output", help="thư mục đích")
    parser.add_argument("--config", default="mkdocs.yml", help="cấu hình của dự án (mặc định: mkdocs.yml)")
    parser.add_argument("--content", default=None, help="thư mục dữ liệu (mặc định: content bên cạnh cấu hình)")
    parser.add_argument("--include-restricted", action="store_true", help="gồm cả nội dung hạn chế")
    parser.add_argument("--search", action="store_true", help="ghi cả chỉ mục tìm kiếm (DIR/docs/search)")
    parser.add_argument("--site-name", default=None, help="tên trang trong chỉ mục tìm kiếm (mặc định: site_name)")
    parser.add_argument("--include-drafts", action="store_true",
                        help="gồm cả các tháng dự thảo (draft: true); mặc định theo --include-restricted")
    parser.set_defaults(handler=run)


def run(args) -> int:
    from portal.build.audit import DataFileError  # imported when run: every command registers at start
    from portal.build.builders import BuilderError, render_project

    config = Path(args.config)
    if not config.is_file():
        print(f"Không thấy tệp cấu hình {config}.", file=sys.stderr)
        return 2
    try:
        options = BuildOptions.from_environment(inherited=False)  # the date of a reproducible build
        render_project(config, Path(args.output), content_dir=Path(args.content) if args.content else None,
                       include_restricted=args.include_restricted,
                       include_drafts=args.include_drafts or args.include_restricted, search=args.search, site_name=args.site_name,
                       source_date_epoch=options.source_date_epoch,
                       log=lambda message: print(message, file=sys.stderr))
    except (ContentError, BuilderError, DataFileError, OptionsError) as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0
