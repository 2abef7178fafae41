"""``portal export YYYY-MM --docx FILE [--noi-bo]``: print a month back as the office's Word document.

A document leaves the building: restricted tasks (and the items of a restricted task) are left out,
and a restricted month is refused, unless ``--noi-bo`` asks for the internal copy, which is marked
as such (:mod:`portal.outputs.marking`).
"""
from __future__ import annotations

import sys
from pathlib import Path

from portal.cli.arguments import document_request, outside_copy, write_document
from portal.content.errors import ContentError, file_error
from portal.content.loader import load_programme
from portal.outputs.docx import export_docx


def register(subparsers) -> None:
    parser = subparsers.add_parser("export", help="xuất chương trình một tháng ra văn bản Word (.docx)")
    parser.add_argument("month", help="tháng YYYY-MM, ví dụ 2023-11")
    parser.add_argument("--docx", required=True, metavar="TỆP", help="tệp .docx sẽ ghi")
    parser.add_argument("--content", default="content", help="thư mục dữ liệu (mặc định: content)")
    parser.add_argument("--noi-bo", action="store_true",
                        help="bản nội bộ: gồm cả nhiệm vụ hạn chế, có dòng «BẢN NỘI BỘ» ở đầu văn bản")
    parser.set_defaults(handler=run)


def run(args) -> int:
    request = document_request(args, f"portal export {{month}} --docx {args.docx}", "chuong-trinh.docx")
    if request is None:
        return 2
    month, target, source = request
    try:
        programme = load_programme(source, Path(args.content).parent)
    except ContentError as exc:
        print(exc, file=sys.stderr)
        return 1
    except OSError as exc:
        print(file_error(exc, source, "đọc được tệp"), file=sys.stderr)
        return 1
    if not args.noi_bo:
        public = outside_copy([programme], month, source, f"portal export {month} --docx {args.docx}", "bản")
        if public is None:
            return 2
        programme = public[0]  # a copy without the restricted tasks (the loaded programme is left as it was)
    return write_document(target, export_docx(programme), args.noi_bo,
                          f"{programme.label}, {len(programme.tasks())} nhiệm vụ.")
