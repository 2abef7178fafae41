"""Read YAML while remembering the line of every value.

PyYAML's composer keeps node marks; converting nodes ourselves gives plain Python data plus a
map from each value's path (``("sections", 0, "tasks", 2, "deadline")``) to its line, so every
validation message can name the line the editor must fix. The C loader is used when present:
it is ten times faster and keeps the marks.
"""
from __future__ import annotations

import codecs
import re
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


def decode(raw: bytes, file: str) -> str:
    """Decode a data file as UTF-8 (a BOM is fine) or explain which encoding it seems to be in."""
    if raw.startswith(codecs.BOM_UTF16_LE) or raw.startswith(codecs.BOM_UTF16_BE) or (
        len(raw) > 3 and (raw[1:2] == b"\x00" or raw[0:1] == b"\x00")
    ):
        raise ContentError([Problem(file, 1, "", (
            "tệp được lưu bằng mã UTF-16 (thường do Word hoặc Notepad). "
            "Hãy lưu lại tệp với mã hóa UTF-8."))])
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
    """Parse YAML text; a syntax error names its line and what YAML expected."""
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


def _comments_after_values(node: yaml.Node, path: tuple, text: str) -> dict:
    """Plain text scalars whose line goes on with `` #…`` after the value (see ``Located.comments``).

    Only the raw line can tell: the parser has already dropped the comment. Quoted values,
    block scalars (``|``, ``>``) and values that are not text (``true``, numbers) are left
    alone: a ``#`` in them is either kept or a deliberate comment."""
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
    return _scalar(node, file)


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
