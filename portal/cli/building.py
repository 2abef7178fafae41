"""``portal publish`` (and its older name ``portal build``): the one way to build and publish the site.

``make site``, ``make site-internal`` and ``scripts/build_site.py`` call it. Whatever the builder
(``--builder mkdocs|properdocs|zensical``, or ``$PORTAL_BUILDER``), the site is built into a
staging folder under the lock of its target and swapped in (:func:`portal.build.publish.publish`):
a failed or stopped build leaves the published site as it was. The public edition goes to
``site/``; the internal one (``--noi-bo``, or ``PORTAL_INCLUDE_RESTRICTED=1``) only to
``site-internal/``. The options are read here, once (:class:`portal.build.options.BuildOptions`).
"""
from __future__ import annotations

import sys
from pathlib import Path

from portal.build import builders
from portal.build.options import BuildOptions, Edition, OptionsError
from portal.build.publish import publish


def register(subparsers) -> None:
    for name, help_text in (("publish", "dựng trang vào thư mục tạm rồi thay site/ (hoặc site-internal/)"),
                            ("build", "như «portal publish» (tên cũ)")):
        parser = subparsers.add_parser(name, help=help_text)
        parser.add_argument("--noi-bo", action="store_true",
                            help="bản nội bộ (có nội dung hạn chế và dự thảo), vào site-internal/")
        parser.add_argument("--builder", default=None,
                            help=f"công cụ dựng: {', '.join(builders.BUILDERS)} (mặc định: $PORTAL_BUILDER "
                                 f"hoặc {builders.DEFAULT})")
        parser.add_argument("--config", default="mkdocs.yml", help="tệp cấu hình (mặc định: mkdocs.yml)")
        parser.add_argument("--site-dir", default=None,
                            help="thư mục đích (mặc định: site, hoặc site-internal cho bản nội bộ)")
        parser.add_argument("--allow-fewer", action="store_true", default=None,
                            help="cho phép bỏ các tháng mà tệp dữ liệu đã bị xóa (hoặc ALLOW_FEWER=1)")
        parser.add_argument("--no-wait", action="store_true",
                            help="không chờ khi đang có lần dựng khác: báo lỗi ngay")
        parser.add_argument("--quiet", action="store_true", help="chỉ báo lỗi (mặc định khi xuất bản)")
        parser.set_defaults(handler=run)


def run(args) -> int:
    given = {"builder": (args.builder or "").strip().lower() or None, "allow_fewer": args.allow_fewer}
    if args.noi_bo:
        given["edition"] = Edition.INTERNAL
    if args.no_wait:
        given["wait"] = False
    try:
        options = BuildOptions.from_environment(inherited=False, **given)
    except OptionsError as exc:
        print(exc, file=sys.stderr)
        return 2
    return publish(options, Path(args.config), Path(args.site_dir) if args.site_dir else None)
