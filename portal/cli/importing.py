"""``portal import FILE``: turn the office's document into the month's data file."""
from __future__ import annotations

import difflib
import os
import sys
import tempfile
from pathlib import Path

from portal.content.datafile import dump_programme
from portal.content.errors import ContentError
from portal.content.importers.common import ImportResult
from portal.content.loader import validate_programme
from portal.content.yamlsource import decode, parse_yaml


def register(subparsers) -> None:
    parser = subparsers.add_parser("import", help="nhập chương trình tháng từ văn bản xuất của Word (.txt) hoặc tệp Word (.docx)")
    parser.add_argument("source", help="tệp văn bản xuất (.txt, các ô cách nhau bằng Tab) hoặc .docx")
    parser.add_argument("--content", default="content", help="thư mục dữ liệu (mặc định: content)")
    parser.add_argument("--month", help="tháng YYYY-MM, khi trích yếu không ghi rõ tháng")
    parser.add_argument("--force", action="store_true", help="ghi đè tệp tháng đã có")
    parser.add_argument("-o", "--output", help="ghi ra tệp này thay vì content/programmes/YYYY-MM.yaml ('-' để in ra màn hình)")
    parser.set_defaults(handler=run)


def import_file(source: Path) -> ImportResult:
    """Pick the importer by file type."""
    if source.suffix.lower() == ".docx":
        from portal.content.importers.docx import import_docx

        return import_docx(source)
    from portal.content.importers.text import import_text

    return import_text(decode(source.read_bytes(), str(source)), str(source))


def run(args) -> int:
    source = Path(args.source)
    if not source.exists():
        print(f"Lỗi: không tìm thấy tệp {source}.", file=sys.stderr)
        return 2
    try:
        result = import_file(source)
    except ContentError as exc:
        print(exc, file=sys.stderr)
        return 1
    if args.month:
        result.data["month"] = args.month
        result.problems = [p for p in result.problems if p.field != "month"]
    for problem in result.problems:
        print(problem, file=sys.stderr)
    if result.errors:
        return 1
    text = dump_programme(result.data)
    month = result.data["month"]
    try:  # the file we write must load back: never leave an invalid month file behind
        validate_programme(parse_yaml(text, f"{month}.yaml"), expected_month=month)
    except ContentError as exc:
        print("Dữ liệu nhập được chưa hợp lệ, chưa ghi tệp:", file=sys.stderr)
        print(exc, file=sys.stderr)
        return 1
    if args.output == "-":
        sys.stdout.write(text)
        return 0
    target = Path(args.output) if args.output else Path(args.content) / "programmes" / f"{month}.yaml"
    if target.exists() and not args.force:
        old = target.read_text(encoding="utf-8")
        if old == text:
            print(f"{target}: không có gì thay đổi.", file=sys.stderr)
            return 0
        diff = difflib.unified_diff(old.splitlines(), text.splitlines(), str(target), "(bản nhập mới)", lineterm="")
        print("\n".join(diff))
        print(f"\n{target} đã có và sẽ thay đổi như trên. Chạy lại với --force để ghi đè.", file=sys.stderr)
        return 1
    write_atomically(target, text)
    tasks = sum(len(s.get("tasks", [])) for s in result.data.get("sections", []))
    print(f"Đã ghi {target}: {len(result.data.get('sections', []))} mục, {tasks} nhiệm vụ.", file=sys.stderr)
    return 0


def write_atomically(target: Path, text: str) -> None:
    """Write through a temporary file and rename, so a crash never leaves half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
        stream.write(text)
    os.replace(temp, target)
