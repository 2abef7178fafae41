"""``portal export YYYY-MM --docx FILE``: print a month back as the office's Word document."""
from __future__ import annotations

import errno
import sys
from pathlib import Path

from portal.content.errors import ContentError
from portal.content.loader import load_programme
from portal.text.months import Month
from portal.outputs.docx import export_docx


def register(subparsers) -> None:
    parser = subparsers.add_parser("export", help="xuất chương trình một tháng ra văn bản Word (.docx)")
    parser.add_argument("month", help="tháng YYYY-MM, ví dụ 2023-11")
    parser.add_argument("--docx", required=True, metavar="TỆP", help="tệp .docx sẽ ghi")
    parser.add_argument("--content", default="content", help="thư mục dữ liệu (mặc định: content)")
    parser.set_defaults(handler=run)




def _writable_problem(target: Path) -> str | None:
    """Why ``target`` cannot be written, before the document is made (one line), or None."""
    if target.is_dir():
        return (f"«{target}» là một thư mục; hãy ghi cả tên tệp, ví dụ "
                f"--docx {target / 'chuong-trinh.docx'}.")
    if target.exists() and not target.stat().st_mode & 0o222:
        return f"tệp {target} chỉ đọc (không cho ghi đè); hãy bỏ thuộc tính chỉ đọc hoặc ghi ra tệp khác."
    return None


def _os_reason(exc: OSError) -> str:
    return {errno.EACCES: "không có quyền ghi", errno.EPERM: "không có quyền ghi", errno.EROFS: "ổ đĩa chỉ đọc",
            errno.ENOSPC: "ổ đĩa đầy", errno.ENOENT: "thư mục không tồn tại",
            errno.ENOTDIR: "một phần của đường dẫn không phải thư mục"}.get(exc.errno or 0, exc.strerror or str(exc))


def run(args) -> int:
    if not Month.valid(args.month):
        print(f"Lỗi: tháng «{args.month}» không đúng dạng YYYY-MM; ví dụ tháng 11/2023 là: "
              f"portal export 2023-11 --docx {args.docx}", file=sys.stderr)
        return 2
    target = Path(args.docx)
    problem = _writable_problem(target)
    if problem:
        print(f"Lỗi: {problem}", file=sys.stderr)
        return 2
    source = Path(args.content) / "programmes" / f"{args.month}.yaml"
    if not source.exists():
        print(f"Lỗi: không có tệp dữ liệu {source} của tháng {args.month}.", file=sys.stderr)
        return 2
    try:
        programme = load_programme(source, Path(args.content).parent)
    except ContentError as exc:
        print(exc, file=sys.stderr)
        return 1
    document = export_docx(programme)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(document)
    except OSError as exc:
        print(f"Lỗi: không ghi được tệp {target} ({_os_reason(exc)}).", file=sys.stderr)
        return 1
    print(f"Đã ghi {target}: {programme.label}, {len(programme.tasks())} nhiệm vụ.", file=sys.stderr)
    return 0
