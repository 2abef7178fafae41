"""Read YAML while remembering the line of every value.

PyYAML's composer keeps node marks; converting nodes ourselves gives plain Python data plus a
map from each value's path (``("sections", 0, "tasks", 2, "deadline")``) to its line, so every
validation message can name the line the editor must fix. The C loader is used when present:
it is ten times faster and keeps the marks.

Input is bounded before anything reads it: the text is made NFC (Unikey's «Unicode tổ hợp» writes
NFD, which would not match the registries' names); YAML anchors and aliases are refused (a few
hundred bytes of nested aliases, «billion laughs», would expand into gigabytes); control
characters other than tab and newline, which no editor types and which would reach the HTML, the
calendars and the feed, are refused with file, line and field; binary junk is named as such.
"""
from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from portal.content.errors import ContentError, Problem

_Loader: type[yaml.SafeLoader] | type[yaml.CSafeLoader]
try:
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - pure-Python PyYAML
    _Loader = yaml.SafeLoader

MAX_FILE_BYTES = 2 * 1024 * 1024
Path_ = tuple


@dataclass
class Located:
    """Plain data from a YAML file and the 1-based line of each path in it."""

    data: Any
    lines: dict = field(default_factory=dict)
    file: str = ""
    # Plain (unquoted) text values followed on their line by `` #…``: YAML read the rest as a
    # comment, so a `#` typed inside a value cut it short. Path → (line, column, the cut text).
    comments: dict = field(default_factory=dict)

    def line(self, path: tuple) -> int | None:
        """The line of ``path``, or of its nearest ancestor that has one."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


def _looks_utf16(raw: bytes) -> bool:
    """Whether bytes with NULs are UTF-16 text (mostly letters once decoded), not binary junk."""
    sample = raw[:4096]
    sample = sample[: len(sample) - len(sample) % 2]
    for codec in ("utf-16-le", "utf-16-be"):
        text = sample.decode(codec, errors="replace")
        if text and sum(ch.isprintable() or ch in "\t\r\n" for ch in text) >= 0.95 * len(text):
            return True
    return False


def decode(raw: bytes, file: str) -> str:
    """Decode a data file as UTF-8 (a BOM is fine) or explain which encoding it seems to be in."""
    if raw.startswith(codecs.BOM_UTF16_LE) or raw.startswith(codecs.BOM_UTF16_BE) or (
        b"\x00" in raw[:4096] and _looks_utf16(raw)
    ):
        raise ContentError([Problem(file, 1, "", (
            "tệp được lưu bằng mã UTF-16 (thường do Word hoặc Notepad). "
            "Hãy lưu lại tệp với mã hóa UTF-8."))])
    if b"\x00" in raw[:4096]:
        raise ContentError([Problem(file, 1, "", (
            "tệp không phải văn bản (có byte 0, dữ liệu nhị phân: có thể là tệp Word, Excel hay ảnh bị đặt "
            "nhầm tên). Hãy kiểm tra tệp; dữ liệu tháng được tạo bằng «portal import»."))])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ContentError([Problem(file, line, "", (
            "tệp không ở mã UTF-8 (có thể là Windows-1258 hoặc TCVN3 của trình soạn thảo cũ). "
            "Hãy mở tệp và lưu lại với mã hóa UTF-8."))]) from None


EMPTY_HINT = "Hãy ghi lại nội dung của tệp, hoặc xóa tệp nếu không dùng đến."


def load_yaml(path: Path, display: str | None = None, empty_hint: str = EMPTY_HINT) -> Located:
    """Load one YAML file into :class:`Located`, turning every failure into a :class:`ContentError`.

    ``empty_hint`` is the advice for an empty file: a month file is made again by ``portal
    import``; a registry is written by hand."""
    file = display or str(path)
    raw = path.read_bytes()
    if len(raw) > MAX_FILE_BYTES:
        raise ContentError([Problem(file, None, "", (
            f"tệp quá lớn ({len(raw) // 1024} KB, giới hạn {MAX_FILE_BYTES // 1024} KB). "
            "Một chương trình tháng chỉ vài chục KB: hãy kiểm tra xem có dán nhầm nội dung không."))])
    text = decode(raw, file)
    if not text.strip():
        raise ContentError([Problem(file, 1, "", f"tệp rỗng. {empty_hint}")])
    return parse_yaml(text, file, empty_hint)


def parse_yaml(text: str, file: str, empty_hint: str = EMPTY_HINT) -> Located:
    """Parse YAML text; a syntax error names its line and what YAML expected. The text is read as NFC;
    anchors, aliases and control characters are refused (see the module)."""
    text = unicodedata.normalize("NFC", text)
    _refuse_aliases(text, file)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise ContentError([Problem(file, line, "", (
            f"lỗi cú pháp YAML ({exc.problem or exc.context}). Hãy kiểm tra thụt lề, dấu «:» "
            "và dấu ngoặc kép ở dòng này hoặc dòng ngay trên."))]) from None
    except yaml.YAMLError as exc:
        raise ContentError([Problem(file, None, "", f"lỗi YAML: {exc}")]) from None
    located = Located(data=None, file=file)
    if node is None:
        raise ContentError([Problem(file, 1, "", f"tệp không có dữ liệu (chỉ có dòng chú thích «#»). {empty_hint}")])
    located.data = _convert(node, (), located.lines, file)
    located.comments = _comments_after_values(node, (), text)
    return located


def _refuse_aliases(text: str, file: str) -> None:
    """Refuse YAML anchors (``&a``) and aliases (``*a``) before the document is composed: a value
    of a month file is written once, and nested aliases expand without bound. Only a text with
    ``&`` or ``*`` in it is scanned (the C scanner: a fraction of the parse)."""
    if "&" not in text and "*" not in text:
        return
    try:
        for token in yaml.scan(text, Loader=_Loader):
            if isinstance(token, (yaml.AnchorToken, yaml.AliasToken)):
                kind = "neo (anchor «&»)" if isinstance(token, yaml.AnchorToken) else "bí danh (alias «*»)"
                raise ContentError([Problem(file, token.start_mark.line + 1, "", (
                    f"YAML {kind} «{token.value}» không được dùng trong tệp dữ liệu: mỗi giá trị hãy viết đầy đủ "
                    "tại chỗ. Nếu «&» hay «*» là một phần nội dung, hãy đặt cả giá trị trong dấu nháy kép \"…\"."))])
    except yaml.YAMLError:
        return  # a syntax error: the composer reports it with its line


_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _control_problem(value: str, line: int, path: tuple, file: str) -> Problem:
    found = _CONTROL_RE.search(value)
    char = found.group(0) if found else "\x00"
    field = ".".join(str(p) for p in path if not isinstance(p, int)) or ""
    return Problem(file, line, field, (
        f"giá trị có ký tự điều khiển U+{ord(char):04X} (không in ra được; thường do chép từ Word hoặc "
        "một chương trình khác, hay viết «\\a», «\\e», «\\v» trong dấu nháy kép). Hãy xóa ký tự đó hoặc gõ lại giá trị."))


def _comments_after_values(node: yaml.Node, path: tuple, text: str) -> dict:
    """Plain text scalars whose line goes on with `` #…`` after the value (see ``Located.comments``).

    Only the raw line can tell: the parser has already dropped the comment. Quoted values,
    block scalars (``|``, ``>``) and values that are not text (``true``, numbers) are left
    alone: a ``#`` in them is either kept or a deliberate comment.

    A value ends on a line that holds something before any ``#`` (a plain value cannot go on over a
    line that is only a comment), so a text whose every ``#`` starts its line's comment (the header
    comments of every month file) has none: its nodes are not walked."""
    if not _hash_after_content(text):
        return {}
    found: dict = {}
    stack = [(node, path)]
    while stack:
        current, where = stack.pop()
        if isinstance(current, yaml.MappingNode):
            for key_node, value_node in current.value:
                if isinstance(key_node, yaml.ScalarNode):
                    stack.append((value_node, where + (key_node.value,)))
        elif isinstance(current, yaml.SequenceNode):
            stack.extend((child, where + (index,)) for index, child in enumerate(current.value))
        elif isinstance(current, yaml.ScalarNode) and not current.style and (current.tag == _STR_TAG and current.value
                                        or current.tag == _NULL_TAG and not current.value):
            end = current.end_mark.index
            line_end = text.find("\n", end)
            rest = text[end: len(text) if line_end < 0 else line_end]
            match = (_TRAILING_COMMENT_RE if current.value else _EMPTY_COMMENT_RE).match(rest)
            if match:
                found[where] = (current.end_mark.line + 1, current.end_mark.column + len(match.group(1)) + 1,
                                match.group(2).rstrip())
    return found


def _hash_after_content(text: str) -> bool:
    """Whether a line has a ``#`` after something other than spaces and tabs (what
    ``^[ \\t]*[^ \\t#\\n][^\\n]*#`` finds, multiline). Only the lines with a ``#`` are looked at,
    from their first ``#``: the pattern, tried at every line of a month file and backtracking over
    each, cost a scan of the whole text; a month file's ``#`` are its header comments."""
    at = text.find("#")
    while at >= 0:
        if text[text.rfind("\n", 0, at) + 1:at].strip(" \t"):
            return True
        line_end = text.find("\n", at)
        if line_end < 0:
            return False
        at = text.find("#", line_end)
    return False


_TRAILING_COMMENT_RE = re.compile(r"^([ \t]+)#(.*)$")
_EMPTY_COMMENT_RE = re.compile(r"^([ \t]*)#(.*)$")  # ``text: #3 …``: the whole value became a comment
_NULL_TAG = "tag:yaml.org,2002:null"


_constructor = yaml.constructor.SafeConstructor()


def _convert(node: yaml.Node, path: tuple, lines: dict, file: str) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node, file)
            if key in result:
                raise ContentError([Problem(file, key_node.start_mark.line + 1, str(key),
                                            "trường bị lặp lại trong cùng một mục.")])
            result[key] = _convert(value_node, path + (key,), lines, file)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_convert(child, path + (index,), lines, file) for index, child in enumerate(node.value)]
    value = _scalar(node, file)
    if isinstance(value, str) and _CONTROL_RE.search(value):
        raise ContentError([_control_problem(value, node.start_mark.line + 1, path, file)])
    return value


_STR_TAG = "tag:yaml.org,2002:str"


def _scalar(node: yaml.Node, file: str) -> Any:
    if not isinstance(node, yaml.ScalarNode):
        raise ContentError([Problem(file, node.start_mark.line + 1, "", "khóa phải là một chuỗi đơn.")])
    if node.tag == _STR_TAG:  # most values: the composer already resolved them to text
        return node.value
    try:
        return _constructor.construct_object(node, deep=True)
    except yaml.YAMLError as exc:
        raise ContentError([Problem(file, node.start_mark.line + 1, "", f"giá trị không hợp lệ ({exc}).")]) from None
