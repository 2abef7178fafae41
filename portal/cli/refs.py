"""``portal refs``: print the document citations found in text read on standard input.

One JSON object a line, so an editor can check how a sentence will be linked and tests and
benchmarks can drive the finder without Python. ``--relations`` prints instead how the cited
documents stand to each other (implements, replaces, amends, reviews), as the directive pages show.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from portal.content.errors import ContentError
from portal.text.refs import find_references, find_relations


def register(subparsers) -> None:
    parser = subparsers.add_parser("refs", help="tìm các văn bản được trích dẫn trong văn bản nhập vào (stdin), in JSON từng dòng")
    parser.add_argument("--content", help="thư mục dữ liệu: dùng thêm các tên gọi khác («aliases») trong directives.yaml")
    parser.add_argument("--relations", action="store_true",
                        help="in quan hệ giữa các văn bản (thực hiện, thay thế, sửa đổi, bổ sung, sơ kết/tổng kết)")
    parser.set_defaults(handler=run)


def run(args) -> int:
    aliases: list[str] = []
    if args.content:
        from portal.content.directives import load_directives

        try:
            aliases = [a for d in load_directives(Path(args.content)).directives for a in d.aliases]
        except ContentError as exc:
            print(exc, file=sys.stderr)
            return 1
    text = sys.stdin.buffer.read().decode("utf-8", errors="replace")  # offsets count \r too
    if args.relations:
        for relation in find_relations(text, aliases):
            print(json.dumps(relation.as_json(), ensure_ascii=False))
        return 0
    for reference in find_references(text, aliases):
        print(json.dumps(reference.as_json(), ensure_ascii=False))
    return 0
