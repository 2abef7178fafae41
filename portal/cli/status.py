"""``portal status YYYY-MM II.3 "Hoàn thành" [--date 2023-11-20] [--note …]``: record a task's progress.

The month file is edited in place, only the task's own lines (:mod:`portal.content.editing`):
comments, order and quoting elsewhere stay as the editor left them.
"""
from __future__ import annotations

import sys
from pathlib import Path

from portal.cli.arguments import month_problem
from portal.content.editing import content_lock, set_task_fields, write_atomically
from portal.content.errors import ContentError, file_error
from portal.content.loader import parse_day
from portal.content.yamlsource import decode
from portal.text.fold import fold
from portal.text.status import DONE, KNOWN_STATUSES


def register(subparsers) -> None:
    parser = subparsers.add_parser("status", help="ghi tiến độ của một nhiệm vụ vào tệp dữ liệu tháng")
    parser.add_argument("month", help="tháng YYYY-MM, ví dụ 2023-11")
    parser.add_argument("task", help="mục và Stt của nhiệm vụ, ví dụ II.3")
    parser.add_argument("status", help="tiến độ: " + ", ".join(KNOWN_STATUSES))
    parser.add_argument("--date", help="ngày hoàn thành, YYYY-MM-DD hoặc DD/MM/YYYY (khi «Hoàn thành»)")
    parser.add_argument("--note", help="ghi chú của nhiệm vụ (thay ghi chú cũ)")
    parser.add_argument("--content", default="content", help="thư mục dữ liệu (mặc định: content)")
    parser.set_defaults(handler=run)


def known_status(written: str) -> str | None:
    """The office's status word typed with or without accents (``hoan thanh`` → ``Hoàn thành``)."""
    for status in KNOWN_STATUSES:
        if fold(status) == fold(written):
            return status
    return None


def run(args) -> int:
    problem = month_problem(args.month, f'portal status {{month}} {args.task} "{args.status}"')
    if problem:
        print(problem, file=sys.stderr)
        return 2
    status = known_status(args.status)
    if status is None:
        print(f"Lỗi: tiến độ «{args.status}» không có trong danh sách. Các tiến độ hợp lệ: "
              + ", ".join(f"«{s}»" for s in KNOWN_STATUSES) + ".", file=sys.stderr)
        return 2
    values: dict = {"status": status}
    if args.date:
        day = parse_day(args.date.strip())
        if day is None:
            print(f"Lỗi: ngày «{args.date}» không hợp lệ; hãy viết theo dạng 2023-11-20 hoặc 20/11/2023.",
                  file=sys.stderr)
            return 2
        if status != DONE:
            print(f"Lỗi: --date là ngày hoàn thành, chỉ ghi cùng tiến độ «{DONE}».", file=sys.stderr)
            return 2
        values["done_date"] = day.isoformat()
    elif status != DONE:
        values["done_date"] = None  # no longer done: a recorded done date would be wrong
    if args.note is not None:
        values["note"] = args.note.strip() or None
    source = Path(args.content) / "programmes" / f"{args.month.strip()}.yaml"
    if not source.exists():
        print(f"Lỗi: không có tệp dữ liệu {source} của tháng {args.month}.", file=sys.stderr)
        return 2
    try:
        # the lock is held from reading the file to writing it: two edits at once both land
        with content_lock(source.parent, say=lambda message: print(message, file=sys.stderr)):
            text = decode(source.read_bytes(), str(source))
            edited = set_task_fields(text, str(source), args.task, values)
            if edited != text:
                write_atomically(source, edited)
    except ContentError as exc:
        print(exc, file=sys.stderr)
        return 1
    except OSError as exc:
        print(file_error(exc, source) + " Tệp dữ liệu vẫn như trước.", file=sys.stderr)
        return 1
    if edited == text:
        print(f"{source}: nhiệm vụ {args.task} đã có tiến độ «{status}», không có gì thay đổi.", file=sys.stderr)
        return 0
    done = f", hoàn thành ngày {values['done_date']}" if values.get("done_date") else ""
    print(f"Đã ghi {source}: nhiệm vụ {args.task} «{status}»{done}.", file=sys.stderr)
    return 0
