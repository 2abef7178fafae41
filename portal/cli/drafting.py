"""``portal draft YYYY-MM``: next month's programme drafted from the latest earlier month."""
from __future__ import annotations

import difflib
import sys
from pathlib import Path

from portal.cli.arguments import month_problem
from portal.content.datafile import dump_programme
from portal.content.drafting import draft_programme, refresh_draft
from portal.content.editing import content_lock, write_atomically
from portal.content.errors import ContentError, file_error
from portal.content.loader import load_programme, programme_files, validate_programme
from portal.content.yamlsource import load_yaml, parse_yaml
from portal.text.months import Month


def register(subparsers) -> None:
    parser = subparsers.add_parser("draft", help="soạn dự thảo chương trình tháng mới từ tháng gần nhất trước đó")
    parser.add_argument("month", help="tháng của dự thảo, YYYY-MM, ví dụ 2023-12")
    parser.add_argument("--content", default="content", help="thư mục dữ liệu (mặc định: content)")
    parser.add_argument("--force", action="store_true", help="ghi đè tệp tháng đã có")
    parser.add_argument("--refresh", action="store_true",
                        help="cập nhật dự thảo đã có: bỏ các nhiệm vụ chuyển tiếp mà tháng trước nay đã hoàn thành "
                             "hoặc không thực hiện, giữ nguyên các chỗ đã sửa")
    parser.set_defaults(handler=run)


def run(args) -> int:
    month = args.month.strip()
    problem = month_problem(month, "portal draft {month}")
    if problem:
        print(problem, file=sys.stderr)
        return 2
    content = Path(args.content)
    if args.refresh:
        return refresh(content, Month(month))
    earlier = [p for p in programme_files(content) if Month.valid(p.stem) and p.stem < month]
    if not earlier:
        print(f"Lỗi: không có tháng nào trước {month} trong {content / 'programmes'} để soạn dự thảo.", file=sys.stderr)
        return 2
    source = earlier[-1]
    try:
        programme = load_programme(source, content.parent)
        located = load_yaml(source, str(source))
    except ContentError as exc:
        print(exc, file=sys.stderr)
        return 1
    data, decisions = draft_programme(located.data, programme, month)
    text = dump_programme(data)
    target = content / "programmes" / f"{month}.yaml"
    try:  # the file we write must load back
        validate_programme(parse_yaml(text, f"{target} (dự thảo, chưa ghi)"), expected_month=month)
    except ContentError as exc:
        print("Dự thảo chưa hợp lệ, chưa ghi tệp:", file=sys.stderr)
        print(exc, file=sys.stderr)
        return 1
    try:
        with content_lock(target.parent, say=lambda message: print(message, file=sys.stderr)):
            return _write_draft(args, source, target, text, data, decisions)
    except OSError as exc:
        print(file_error(exc, exc.filename or target) + " Chưa ghi dự thảo.", file=sys.stderr)
        return 1


def _write_draft(args, source: Path, target: Path, text: str, data: dict, decisions: list) -> int:
    """Write the draft (the caller holds the folder's lock), or show what would change without ``--force``."""
    if target.exists() and not args.force:
        old = target.read_text(encoding="utf-8")
        if old == text:
            print(f"{target}: không có gì thay đổi.", file=sys.stderr)
            return 0
        diff = difflib.unified_diff(old.splitlines(), text.splitlines(), str(target), "(dự thảo mới)", lineterm="")
        print("\n".join(diff))
        print(f"\n{target} đã có và sẽ thay đổi như trên; tệp cũ được giữ nguyên. "
              "Chạy lại với --force để ghi đè.", file=sys.stderr)
        return 1
    for decision in decisions:
        print(decision.message)
    write_atomically(target, text)
    kept = sum(1 for decision in decisions if decision.new_label)
    print(f"Đã ghi dự thảo {target} (từ {source.name}): {kept}/{len(decisions)} nhiệm vụ. "
          "Bỏ dòng «draft: true» để công bố.", file=sys.stderr)
    return 0


def refresh(content: Path, month: Month) -> int:
    """``portal draft MONTH --refresh``: the draft without work since finished, the clerk's edits kept."""
    target = content / "programmes" / f"{month}.yaml"
    if not target.exists():
        print(f"Lỗi: chưa có dự thảo {target}; chạy «portal draft {month}» để soạn.", file=sys.stderr)
        return 2
    try:
        draft = load_programme(target, content.parent)
        located = load_yaml(target, str(target))
        named = sorted({task.carried_from.split("/")[0] for task in draft.tasks() if task.carried_from})
        sources = [load_programme(path, content.parent) for path in programme_files(content) if path.stem in named]
    except ContentError as exc:
        print(exc, file=sys.stderr)
        return 1
    if not draft.draft:
        print(f"Lỗi: {target} đã công bố (không có «draft: true»); chỉ cập nhật được dự thảo.", file=sys.stderr)
        return 2
    data, messages = refresh_draft(located.data, draft, sources)
    if not messages:
        print(f"{target}: dự thảo vẫn đúng, không có gì thay đổi.", file=sys.stderr)
        return 0
    text = dump_programme(data)
    try:
        validate_programme(parse_yaml(text, f"{target} (bản cập nhật, chưa ghi)"), expected_month=month)
    except ContentError as exc:
        print(f"Bản cập nhật của {target} chưa hợp lệ, tệp được giữ nguyên:", file=sys.stderr)
        print(exc, file=sys.stderr)
        return 1
    try:
        with content_lock(target.parent, say=lambda message: print(message, file=sys.stderr)):
            write_atomically(target, text)
    except OSError as exc:
        print(file_error(exc, exc.filename or target) + " Dự thảo được giữ nguyên.", file=sys.stderr)
        return 1
    for message in messages:
        print(message)
    print(f"Đã cập nhật dự thảo {target}.", file=sys.stderr)
    return 0
