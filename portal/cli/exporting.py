"""``portal export YYYY-MM --docx FILE``: print a month back as the office's Word document."""
from __future__ import annotations

import sys
from pathlib import Path

from portal.content.errors import ContentError
from portal.content.loader import load_programme
from portal.outputs.docx import export_docx


def register(subparsers) -> None:
    parser = subparsers.add_parser("export", help="xuất chương trình một tháng ra văn bản Word (.docx)")
    parser.add_argument("month", help="tháng YYYY-MM, ví dụ 2023-11")
    parser.add_argument("--docx", required=True, metavar="TỆP", help="tệp .docx sẽ ghi")
    parser.add_argument("--content", default="content", help="thư mục dữ liệu (mặc định: content)")
    parser.set_defaults(handler=run)


def run(args) -> int:
    source = Path(args.content) / "programmes" / f"{args.month}.yaml"
    if not source.exists():
        print(f"Lỗi: không có tệp dữ liệu {source} của tháng {args.month}.", file=sys.stderr)
        return 2
    try:
        programme = load_programme(source, Path(args.content).parent)
    except ContentError as exc:
        print(exc, file=sys.stderr)
        return 1
    target = Path(args.docx)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(export_docx(programme))
    print(f"Đã ghi {target}: {programme.label}, {len(programme.tasks())} nhiệm vụ.", file=sys.stderr)
    return 0
