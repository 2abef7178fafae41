"""``portal deadline``: read deadlines as written, one a line, and print what the site makes of them.

For editors checking a new month before publishing, and for other tools: one JSON object a
line, ``{"kind", "start", "end", "text"}``, dates in ISO form or null.
"""
from __future__ import annotations

import json
import re
import sys

from portal.text.deadlines import parse_deadline


def register(subparsers) -> None:
    parser = subparsers.add_parser("deadline", help="đọc thời hạn (mỗi dòng một thời hạn) từ đầu vào chuẩn, in ra JSON")
    parser.add_argument("--month", help="tháng của chương trình, dạng YYYY-MM, cho các thời hạn không ghi năm")
    parser.set_defaults(handler=run)


def run(args) -> int:
    if args.month and not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", args.month):
        print(f"Lỗi: tháng «{args.month}» không hợp lệ; hãy viết theo dạng YYYY-MM, ví dụ 2023-11.", file=sys.stderr)
        return 2
    for line in sys.stdin:
        text = line.rstrip("\r\n")
        print(json.dumps(parse_deadline(text, args.month).as_json(), ensure_ascii=False), flush=True)
    return 0
