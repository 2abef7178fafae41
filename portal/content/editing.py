"""Change one task's fields in a month file in place, touching only that task's lines.

Editors keep comments, order and quoting in their files; a YAML dump would rewrite all of it.
Here the loader's line marks (:class:`portal.content.yamlsource.Located`) say where the task and
each of its fields start; a field's lines run to the line before the next field of the task (or
the task's end), its trailing comment lines excepted. Only those lines are replaced, each value
written the way the datafile writer writes it; a missing field is inserted after the fields
that come before it in the documented order. The result is parsed and validated before it is
returned, so a file is never left unreadable.

Writers of month files (``portal status``, ``draft``, ``import``) hold :func:`content_lock` from
reading the file to writing it, so two edits at once are made one after the other and neither is
lost; :func:`write_atomically` makes the new file durable (the file and its folder synced) before
and after it replaces the old one.
"""
from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import stat
import tempfile
from pathlib import Path
from typing import Callable, Iterator

import yaml

from portal.content.errors import ContentError, Problem
from portal.content.loader import validate_programme
from portal.content.schema import TASK_FIELDS
from portal.content.yamlsource import Located, parse_yaml

FIELD_ORDER = [f.name for f in TASK_FIELDS]


def _sections(data: dict) -> list[tuple[tuple, str, dict]]:
    """Every section of a month's data with its path and group letter: ``(("sections", 1), "", {…})``,
    or ``(("groups", 0, "sections", 1), "A", {…})`` in a file with groups."""
    if data.get("groups"):
        return [(("groups", g, "sections", i), str(group.get("letter") or "").strip(), section)
                for g, group in enumerate(data.get("groups") or []) if isinstance(group, dict)
                for i, section in enumerate(group.get("sections") or []) if isinstance(section, dict)]
    return [(("sections", i), "", section) for i, section in enumerate(data.get("sections") or [])
            if isinstance(section, dict)]


def find_task(located: Located, label: str) -> tuple[tuple, int]:
    """``(section path, task index)`` of the task labelled ``II.3`` (or ``II-3``; ``A.I.2`` inside group A)."""
    match = re.fullmatch(r"\s*(?:([A-Za-z])\s*[.\-/ ]\s*)?([IVXLCivxlc]+)\s*[.\-/ ]\s*(\d+(?:[.\-]\d+)*[a-z]?)\s*",
                         label)
    if not match:
        raise ContentError([Problem(located.file, None, "", (
            f"«{label}» không phải số của một nhiệm vụ; hãy viết mục và Stt, ví dụ II.3 (A.I.3 nếu có nhóm)."))])
    letter, numeral = (match.group(1) or "").upper(), match.group(2).upper()
    number = match.group(3).replace("-", ".")
    where = f"{letter}.{numeral}" if letter else numeral
    for path, group, section in _sections(located.data):
        if str(section.get("numeral", "")).strip() != numeral or (letter and group != letter):
            continue
        for t, task in enumerate(section.get("tasks") or []):
            if str(task.get("number", "")).strip() == number:
                return path, t
        raise ContentError([Problem(located.file, located.line(path), "", (
            f"mục {where} không có nhiệm vụ Stt {number}."))])
    raise ContentError([Problem(located.file, None, "", f"không có mục {where} trong chương trình.")])


def _task_extent(located: Located, lines: list[str], s: tuple, t: int) -> tuple[int, int]:
    """0-based ``[first, end)`` lines of task ``t`` of the section at path ``s``: to the next node after it."""
    path = s + ("tasks", t)
    first = located.lines[path] - 1
    later = [line for p, line in located.lines.items()
             if line - 1 > first and not (p[:len(path)] == path and len(p) > len(path))]
    end = min(later) - 1 if later else len(lines)
    while end > first + 1 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1  # comments and blank lines before the next task belong to it, not to this one
    return first, end


def _field_starts(located: Located, lines: list[str], s: tuple, t: int, first: int) -> dict[str, int]:
    """0-based line of each field key of the task (a value's line is its key's, or the key is just above)."""
    path = s + ("tasks", t)
    section = located.data
    for key in s:
        section = section[key]
    starts = {}
    for name in section["tasks"][t]:
        line = located.lines.get(path + (name,))
        if line is None:
            continue
        index = line - 1
        key_re = re.compile(r"^\s*(?:-\s+)?" + re.escape(str(name)) + r"\s*:")
        while index > first and not key_re.match(lines[index]):
            index -= 1  # a block value starts on the line after its key
        starts[name] = index
    return starts


def _indent(lines: list[str], first: int, starts: dict[str, int]) -> str:
    """The indentation of the task's keys (``    ``), read from its first line (``  - number: ...``)."""
    match = re.match(r"^(\s*)-(\s+)", lines[first])
    if match:
        return match.group(1) + " " + match.group(2)
    for index in starts.values():
        if index != first:
            indent = re.match(r"^(\s*)", lines[index])  # always matches, if only the empty string
            return indent.group(1) if indent else ""
    return "    "


def _field_line(indent: str, name: str, value) -> str:
    """``    status: Hoàn thành``: a value quoted the way the datafile writer quotes it."""
    if isinstance(value, str):
        value = str(value)  # a value type (Status, Month) is written as its plain text
    dumped = yaml.safe_dump({name: value}, allow_unicode=True, width=1_000_000, default_flow_style=False)
    return "".join(indent + line + "\n" for line in dumped.rstrip("\n").split("\n"))


def _keep_trailing_comment(old: str, name: str, new: str) -> str:
    """``status: Đang thực hiện  # hỏi lại`` keeps its ``# hỏi lại`` when the value is replaced."""
    for match in re.finditer(r"\s+#", old):
        head = old[: match.start()]
        try:
            parsed = yaml.safe_load(head.strip())
        except yaml.YAMLError:
            continue
        if isinstance(parsed, dict) and name in parsed:  # the comment starts outside the value
            return _quoted(new, name).rstrip("\n") + old[match.start():].rstrip("\n") + "\n"
    return new


def _quoted(line: str, name: str) -> str:
    """A one-line text value in double quotes, so that a comment after it is plainly outside it
    (the loader refuses an unquoted value followed by ``#``: it may be text YAML cut off)."""
    value = yaml.safe_load(line).get(name) if "\n" not in line.rstrip("\n") else None
    if not isinstance(value, str):
        return line
    indent = line[: len(line) - len(line.lstrip())]
    return f"{indent}{name}: {json.dumps(value, ensure_ascii=False)}\n"


def _order(name: str) -> int:
    return FIELD_ORDER.index(name) if name in FIELD_ORDER else len(FIELD_ORDER)


def set_task_fields(text: str, file: str, label: str, values: dict) -> str:
    """``text`` (a month file) with the fields of task ``label`` set to ``values`` (None removes a field)."""
    located = parse_yaml(text, file)
    validate_programme(located)
    s, t = find_task(located, label)
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    first, end = _task_extent(located, lines, s, t)
    starts = _field_starts(located, lines, s, t, first)
    indent = _indent(lines, first, starts)
    ordered = sorted(starts.items(), key=lambda item: item[1])
    extents = {}
    for i, (name, start) in enumerate(ordered):
        stop = ordered[i + 1][1] if i + 1 < len(ordered) else end
        while stop > start + 1 and (not lines[stop - 1].strip() or lines[stop - 1].lstrip().startswith("#")):
            stop -= 1
        extents[name] = (start, stop)
    edits: list[tuple[int, int, int, str]] = []  # (start, stop, field order, replacement) on 0-based lines
    for name, value in values.items():
        if name in extents:
            start, stop = extents[name]
            if start == first:  # on the ``- `` line (first key, or a task written ``{…}`` on one line)
                raise ContentError([Problem(file, start + 1, name, (
                    "trường này nằm trên dòng đầu của nhiệm vụ (dòng bắt đầu bằng «- »), lệnh không sửa được "
                    "mà không đụng tới các trường khác. Hãy đưa «number» lên đầu nhiệm vụ và viết mỗi trường "
                    "một dòng, rồi chạy lại."))])
            replacement = "" if value is None else _field_line(indent, name, value)
            if replacement and stop == start + 1:
                replacement = _keep_trailing_comment(lines[start], name, replacement)
            edits.append((start, stop, _order(name), replacement))
        elif value is not None:
            before = [n for n in FIELD_ORDER[: FIELD_ORDER.index(name)] if n in extents] if name in FIELD_ORDER else []
            at = extents[before[-1]][1] if before else end
            edits.append((at, at, _order(name), _field_line(indent, name, value)))
    for start, stop, _, replacement in sorted(edits, reverse=True):
        lines[start:stop] = [replacement] if replacement else []
    result = "".join(lines)
    validate_programme(parse_yaml(result, file))
    return result


# ---- writing month files: one writer at a time, nothing half-written --------------------------

@contextlib.contextmanager
def content_lock(folder: Path, say: Callable[[str], None] = lambda message: None) -> Iterator[None]:
    """Hold the lock of a content folder (``content/programmes``) for the block: another ``portal
    status``, ``draft`` or ``import`` waits until this one has written. The lock is the folder's
    own (``flock`` on the directory): no lock file is left in the content, and a rename inside the
    folder does not change what is locked."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            say(f"Đang có một lệnh khác ghi vào {folder}/; chờ nó xong…")
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _sync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomically(target: Path, text: str) -> None:
    """Write through a temporary file and rename, so a crash or a power cut never leaves half a
    file: the temporary file is synced to disk before the rename and the folder after it.

    The file keeps the mode of the file it replaces, else gets the umask's (as any editor would
    create it), not the temporary file's private 0600, so another account can still build the site.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else 0o666 & ~_umask()
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, mode)
        os.replace(temp, target)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise
    _sync_folder(target.parent)
