"""``portal report YYYY-MM --docx OUT.docx [--noi-bo]``: the month-end report of a programme, in Word.

As ``portal export``: restricted tasks (and months) are left out unless ``--noi-bo`` asks for the
internal copy, which is marked as such.
"""
from __future__ import annotations

import sys
from pathlib import Path

from portal.cli.arguments import document_request, outside_copy, write_document
from portal.content.departments import load_registry
from portal.content.errors import ContentError, file_error
from portal.content.loader import load_programmes
from portal.outputs.report_docx import export_report_docx
from portal.site.report import carried_targets, month_report


def register(subparsers) -> None:
    parser = subparsers.add_parser("report", help="báo cáo kết quả thực hiện chương trình một tháng (.docx)")
    parser.add_argument("month", help="tháng YYYY-MM, ví dụ 2023-11")
    parser.add_argument("--docx", required=True, metavar="TỆP", help="tệp .docx sẽ ghi")
    parser.add_argument("--content", default="content", help="thư mục dữ liệu (mặc định: content)")
    parser.add_argument("--noi-bo", action="store_true",
                        help="bản nội bộ: gồm cả nhiệm vụ hạn chế, có dòng «BẢN NỘI BỘ» ở đầu văn bản")
    parser.set_defaults(handler=run)


def run(args) -> int:
    request = document_request(args, f"portal report {{month}} --docx {args.docx}", "bao-cao.docx")
    if request is None:
        return 2
    month, target, source = request
    content = Path(args.content)
    try:
        programmes = load_programmes(content)  # later months say which tasks they carried on
        registry = load_registry(content)
    except ContentError as exc:
        print(exc, file=sys.stderr)
        return 1
    except OSError as exc:
        print(file_error(exc, exc.filename or content, "đọc được"), file=sys.stderr)
        return 1
    if not args.noi_bo:
        public = outside_copy(programmes, month, source, f"portal report {month} --docx {args.docx}", "báo cáo")
        if public is None:
            return 2
        programmes = public  # copies without the restricted tasks (the loaded programmes are left as they were)
    programme = next(p for p in programmes if p.month == month)
    report = month_report(programme, registry, carried_targets(p for p in programmes if p.month > month))
    return write_document(target, export_report_docx(report), args.noi_bo, f"{report.title}. {report.summary}")
