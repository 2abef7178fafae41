"""``portal build``: build the site with any builder (``--builder mkdocs|properdocs|zensical``).

MkDocs and ProperDocs run the project's hooks; Zensical runs none, so for it this renders the
pages, runs the builder on a rendered project, audits and completes the site
(:mod:`portal.build.builders`). Builds straight into ``--site-dir``: ``make site``
(``scripts/build_site.py``) builds into a temporary folder and swaps it in.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from portal.build import builders


def register(subparsers) -> None:
    parser = subparsers.add_parser("build", help="dựng trang bằng MkDocs, ProperDocs hoặc Zensical")
    parser.add_argument("--builder", default=None,
                        help=f"công cụ dựng: {', '.join(builders.BUILDERS)} (mặc định: ${builders.ENV_VAR} "
                             f"hoặc {builders.DEFAULT})")
    parser.add_argument("--config", default="mkdocs.yml", help="tệp cấu hình (mặc định: mkdocs.yml)")
    parser.add_argument("--site-dir", default="site", help="thư mục đích (mặc định: site)")
    parser.add_argument("--quiet", action="store_true", help="chỉ báo lỗi")
    parser.set_defaults(handler=run)


def run(args) -> int:
    try:
        builder = builders.get(args.builder)
    except builders.BuilderError as exc:
        print(exc, file=sys.stderr)
        return 2
    config = Path(args.config)
    if not config.is_file():
        print(f"Không thấy tệp cấu hình {config}.", file=sys.stderr)
        return 2

    def log(message: str) -> None:
        if not args.quiet:
            print(f"INFO    -  {message}", file=sys.stderr)

    try:
        return builders.run_build(builder.name, config, Path(args.site_dir), quiet=args.quiet, log=log,
                                  include_restricted=os.environ.get("PORTAL_INCLUDE_RESTRICTED") == "1")
    except builders.BuilderError as exc:
        print(f"ERROR    -  {exc}", file=sys.stderr)
        return 1
