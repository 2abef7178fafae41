"""Command-line arguments every command checks the same way, each refused in one Vietnamese line
that shows the form to write: a month (:class:`portal.text.months.Month`: ``2023-11``, not
``11/2023`` or ``../../x``; the line shows the command written right) and a file to write (not a
folder, not read-only)."""
from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from portal.content.errors import file_error
from portal.outputs.marking import mark_internal
from portal.text.months import Month

if TYPE_CHECKING:
    from portal.content.model import Programme

_MONTH_YEAR_RE = re.compile(r"^\s*(?:[Tt](?:háng)?\s*)?(\d{1,2})\s*[/.\-]\s*(\d{4})\s*$")


def month_problem(value: str, command: str) -> str | None:
    """Why ``value`` is not a month argument, with the command written the right way; None if it is.
    ``command`` is the command line with ``{month}`` where the month goes."""
    month = (value or "").strip()
    if Month.valid(month):
        return None
    match = _MONTH_YEAR_RE.match(month)
    if match and 1 <= int(match.group(1)) <= 12:
        right = f"{match.group(2)}-{int(match.group(1)):02d}"
        return (f"Lỗi: tháng «{value}» phải viết dạng YYYY-MM (năm trước, tháng sau); tháng "
                f"{int(match.group(1))}/{match.group(2)} là: {command.format(month=right)}")
    return (f"Lỗi: tháng «{value}» không hợp lệ; hãy viết dạng YYYY-MM, ví dụ: "
            f"{command.format(month='2023-11')}")


def writable_problem(target: Path, example: str = "tep.docx") -> str | None:
    """Why ``target`` cannot be written, before the document is made (one line), or None."""
    if target.is_dir():
        return (f"Lỗi: «{target}» là một thư mục; hãy ghi cả tên tệp, ví dụ {target / example}.")
    if target.exists() and not target.stat().st_mode & 0o222:
        return f"Lỗi: tệp {target} chỉ đọc (không cho ghi đè); hãy bỏ thuộc tính chỉ đọc hoặc ghi ra tệp khác."
    return None


def document_request(args, command: str, example: str) -> tuple[str, Path, Path] | None:
    """The month, the .docx to write and the month's data file of ``portal export``/``portal report``:
    the month argument checked (``command`` as in :func:`month_problem`), the target writable, the data
    file present. Prints the one problem and gives None when the request cannot be carried out."""
    problem = month_problem(args.month, command)
    if problem is None:
        problem = writable_problem(Path(args.docx), example)
    source = Path(args.content) / "programmes" / f"{(args.month or '').strip()}.yaml"
    if problem is None and not source.exists():
        problem = f"Lỗi: không có tệp dữ liệu {source} của tháng {args.month.strip()}."
    if problem is not None:
        print(problem, file=sys.stderr)
        return None
    return args.month.strip(), Path(args.docx), source


def write_document(target: Path, data: bytes, internal: bool, said: str) -> int:
    """Write the .docx of ``portal export``/``portal report`` (marked as the internal copy when
    ``internal``) and say so in one line (``said``: what it holds), or name the file that could not be
    written; the command's exit status."""
    if internal:
        data = mark_internal(data)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    except OSError as exc:
        print(file_error(exc, target), file=sys.stderr)
        return 1
    print(f"Đã ghi {target}{' (bản nội bộ)' if internal else ''}: {said}", file=sys.stderr)
    return 0


def outside_copy(programmes: list[Programme], month: str, source: Path, command: str,
                 document: str) -> list[Programme] | None:
    """What a document that leaves the building (``portal export``/``portal report`` without
    ``--noi-bo``) may show: ``programmes`` without restricted tasks, said in one line. A restricted
    month is refused (None, after one line naming the file and the command that makes the internal
    copy: ``command`` is the command line, ``document`` what it makes, e.g. «báo cáo»)."""
    from portal.build.site import drop_restricted  # the whole site's code: only for these two commands

    if any(programme.restricted for programme in programmes if programme.month == month):
        print(f"Lỗi: chương trình tháng {month} là nội dung hạn chế («restricted: true» trong {source}); "
              f"chỉ làm được {document} nội bộ: {command} --noi-bo", file=sys.stderr)
        return None
    withheld: list = []
    public = drop_restricted(programmes, withheld)
    left_out = sum(1 for task in withheld if task.month == month)
    if left_out:
        print(f"Ghi chú: bỏ {left_out} nhiệm vụ hạn chế của tháng {month}; bản nội bộ có chúng: thêm --noi-bo.",
              file=sys.stderr)
    return public
