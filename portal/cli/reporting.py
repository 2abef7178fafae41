"""``portal report YYYY-MM --docx OUT.docx``: the month-end report of a programme, in Word."""
from __future__ import annotations

import sys
from pathlib import Path

from portal.content.departments import load_registry
from portal.content.errors import ContentError
from portal.content.loader import load_programmes
from portal.outputs.report_docx import export_report_docx
from portal.site.report import carried_targets, month_report


def register(subparsers) -> None:
    parser = subparsers.add_parser("report", help="báo cáo kết quả thực hiện chương trình một tháng (.docx)")
    parser.add_argument("month", help="tháng YYYY-MM, ví dụ 2023-11")
    parser.add_argument("--docx", required=True, metavar="TỆP", help="tệp .docx sẽ ghi")
    parser.add_argument("--content", default="content", help="thư mục dữ liệu (mặc định: content)")
    parser.set_defaults(handler=run)


def run(args) -> int:
    content = Path(args.content)
    if not (content / "programmes" / f"{args.month}.yaml").exists():
        print(f"Lỗi: không có tệp dữ liệu {content / 'programmes' / (args.month + '.yaml')} của tháng {args.month}.",
              file=sys.stderr)
        return 2
    try:
        programmes = load_programmes(content)  # later months say which tasks they carried on
        registry = load_registry(content)
    except ContentError as exc:
        print(exc, file=sys.stderr)
        return 1
    programme = next(p for p in programmes if p.month == args.month)
    report = month_report(programme, registry, carried_targets(p for p in programmes if p.month > args.month))
    try:
        data = export_report_docx(report)
    except ImportError:
        print("Lỗi: cần gói python-docx để ghi báo cáo Word (pip install 'portal[docx]').", file=sys.stderr)
        return 1
    target = Path(args.docx)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    print(f"Đã ghi {target}: {report.title}. {report.summary}", file=sys.stderr)
    return 0
