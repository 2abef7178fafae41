"""``portal deadline``: read deadlines as written, one a line, and print what the site makes of them.

For editors checking a new month before publishing, and for other tools: one JSON object a
line, ``{"kind", "start", "end", "text"}``, dates in ISO form or null.
"""
from __future__ import annotations

import json
import sys

from portal.text.deadlines import parse_deadline
from portal.text.months import Month, month_problem


def register(subparsers) -> None:
    parser = subparsers.add_parser("deadline", help="đọc thời hạn (mỗi dòng một thời hạn) từ đầu vào chuẩn, in ra JSON")
    parser.add_argument("--month", help="tháng của chương trình, dạng YYYY-MM, cho các thời hạn không ghi năm")
    parser.set_defaults(handler=run)


def run(args) -> int:
    if args.month and not Month.valid(args.month):
        print(f"Lỗi: {month_problem(args.month)}", file=sys.stderr)
        return 2
    for number, raw in enumerate(sys.stdin.buffer, 1):
        try:
            line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            print(f"Lỗi: dòng {number} của đầu vào không ở mã UTF-8 (có thể là Windows-1258, TCVN3 hoặc "
                  "UTF-16 của Notepad); hãy lưu lại tệp với mã hóa UTF-8 rồi chạy lại.", file=sys.stderr)
            return 1
        text = line.rstrip("\r\n")
        print(json.dumps(parse_deadline(text, args.month).as_json(), ensure_ascii=False), flush=True)
    return 0
