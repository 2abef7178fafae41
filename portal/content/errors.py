"""Errors an editor can act on: file, line, field and what to do, in Vietnamese."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional


@dataclass
class Problem:
    """One finding about the content. ``severity`` is ``error`` (stops the build) or ``warning``."""

    file: str
    line: Optional[int]
    field: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f", dòng {self.line}"
        if self.field:
            where += f", trường «{self.field}»"
        prefix = "Lỗi" if self.severity == "error" else "Cảnh báo"
        return f"{prefix}: {where}: {self.message}"


class ContentError(Exception):
    """Raised when content cannot be published; carries every problem found, first first."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


_OS_REASONS = {  # errno → (what happened, what to do)
    "ENOSPC": ("ổ đĩa đầy", "hãy giải phóng chỗ trống (xóa tệp không dùng, dọn thư mục tạm) rồi chạy lại"),
    "EDQUOT": ("hết hạn mức dung lượng của tài khoản", "hãy xóa bớt tệp hoặc xin thêm hạn mức rồi chạy lại"),
    "EROFS": ("ổ đĩa chỉ cho đọc", "hãy ghi vào một thư mục ghi được, hoặc gắn lại ổ đĩa cho phép ghi"),
    "EACCES": ("không có quyền truy cập", "hãy cấp quyền cho tài khoản này (hoặc đóng tệp đang mở ở chương trình khác), hoặc chọn chỗ ghi khác"),
    "EPERM": ("không được phép", "hãy cấp quyền cho tài khoản này hoặc chọn chỗ ghi khác"),
    "ENOENT": ("thư mục không tồn tại", "hãy kiểm tra đường dẫn"),
    "ENOTDIR": ("một phần của đường dẫn không phải thư mục", "hãy kiểm tra đường dẫn"),
    "EISDIR": ("đó là một thư mục", "hãy ghi cả tên tệp"),
    "ENAMETOOLONG": ("tên tệp quá dài", "hãy chọn tên ngắn hơn"),
    "EIO": ("lỗi đọc ghi của ổ đĩa", "hãy kiểm tra ổ đĩa rồi chạy lại"),
}


def file_error(exc: OSError, path=None, doing: str = "ghi được tệp") -> str:
    """One Vietnamese line for a failed file operation: the file, what happened, what to do
    (a full disk, a read-only folder, a bad path), instead of a traceback."""
    import errno as _errno

    name = _errno.errorcode.get(exc.errno or 0, "")
    what, todo = _OS_REASONS.get(name, (exc.strerror or str(exc), "hãy kiểm tra ổ đĩa và đường dẫn rồi chạy lại"))
    target = path if path is not None else (exc.filename or "")
    return f"Lỗi: không {doing} {target} ({what}); {todo}."
