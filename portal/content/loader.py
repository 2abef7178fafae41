"""Load and validate month files into :class:`~portal.content.model.Programme` objects.

Validation collects every problem of a file before failing, so an editor fixes a file in one
pass; each problem names file, line and field. Nothing is built from a file with an error.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from pathlib import Path
from typing import Any, Callable, cast

from portal.content.columns import TASK_COLUMNS, Column, Holds
from portal.content.errors import ContentError, Problem
from portal.content.model import Group, Origin, Programme, Section, Signature, Task, content_digest
from portal.content.schema import (
    GROUP_FIELDS,
    HEADER_FIELDS,
    KIND_LABELS,
    PROGRAMME_FIELDS,
    SECTION_FIELDS,
    SIGNATURE_FIELDS,
    TASK_FIELDS,
    Field,
)
from portal.content.yamlsource import Located, load_yaml
from portal.text.months import Month, month_problem, next_month

ROMAN_RE = re.compile(r"^([IVXLC]+|[A-Z])$")
TASK_NUMBER_RE = re.compile(r"^\d+(\.\d+)*[a-z]?$")
# a task's month and anchor: ``2023-11/II-8``; ``A-I-3`` inside a group, ``II-1-1`` for a sub-task 1.1
CARRIED_FROM_RE = re.compile(r"^(\d{4}-\d{2})/((?:[A-Z]-)?[IVXLC]+)-(\d+(?:-\d+)*[a-z]?)$")
ISO_DATE_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
DMY_DATE_RE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
DATE_IN_TEXT_RE = re.compile(r"(?<![\d/])(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?![\d/])")


class _Checker:
    """Accumulates problems for one file while walking its data."""

    def __init__(self, located: Located):
        self.located = located
        self.problems: list[Problem] = []

    def problem(self, path: tuple, message: str) -> None:
        self.problems.append(Problem(self.located.file, self.located.line(path), _dotted(path), message))

    def mapping(self, value: Any, path: tuple, fields: list[Field]) -> dict:
        """Check a mapping against ``fields``: unknown keys, missing keys and value types."""
        if not isinstance(value, dict):
            self.problem(path, f"phải là {KIND_LABELS['mapping']}.")
            return {}
        known = {f.name: f for f in fields}
        for key in value:
            if key not in known:
                hint = _closest(str(key), known)
                suggestion = f" Có phải ý bạn là «{hint}»?" if hint else ""
                self.problem(path + (key,), f"trường không xác định.{suggestion} "
                             f"Các trường hợp lệ: {', '.join(known)}.")
        for f in fields:
            if f.name not in value or value[f.name] is None:
                if f.required:
                    self.problem(path + (f.name,), f"thiếu trường bắt buộc ({f.label}).")
                continue
            self._kind(value[f.name], path + (f.name,), f)
        return value

    def _kind(self, value: Any, path: tuple, f: Field) -> None:
        if not _OF_KIND[f.kind](value):
            self.problem(path, f"sai kiểu dữ liệu: {f.label} phải là {KIND_LABELS[f.kind]}, "
                         f"không phải {_describe(value)}.")


# Whether a value is of a field's kind (``Field.kind``).
_OF_KIND: dict[str, Callable[[Any], bool]] = {
    "str": lambda v: isinstance(v, (str, int)) and not isinstance(v, bool),
    "bool": lambda v: isinstance(v, bool),
    "mapping": lambda v: isinstance(v, dict),
    "list[str]": lambda v: isinstance(v, list) and all(isinstance(i, (str, int)) and not isinstance(i, bool) for i in v),
    "list[mapping]": lambda v: isinstance(v, list),
}


def _dotted(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "giá trị đúng/sai"
    if isinstance(value, (int, float)):
        return f"số {value}"
    if isinstance(value, (dt.date, dt.datetime)):
        return f"ngày {value} (hãy đặt trong dấu nháy: '{value}')"
    if isinstance(value, list):
        return "một danh sách"
    if isinstance(value, dict):
        return "một nhóm trường"
    return f"«{value}»"


def _closest(key: str, known: dict) -> str | None:
    matches = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
    return matches[0] if matches else None


def _visible(text: str) -> bool:
    """Whether text has a character a reader can see: not only spaces, zero-width and other
    format characters (Unicode categories Z*, Cc, Cf), which ``str.strip`` keeps. A printable ASCII
    character (most texts have one) is seen; the rest is asked character by character."""
    if _PRINTABLE_ASCII_RE.search(text):
        return True
    return any(not ch.isspace() and unicodedata.category(ch)[0] != "Z" and unicodedata.category(ch) not in ("Cc", "Cf")
               for ch in text)


_PRINTABLE_ASCII_RE = re.compile(r"[!-~]")


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def check_dates_in_text(checker: _Checker, text: str, path: tuple, label: str) -> None:
    """Flag impossible calendar dates (``31/11/2023``) written inside free text."""
    for match in DATE_IN_TEXT_RE.finditer(text):
        day, month, year = (int(g) for g in match.groups())
        try:
            dt.date(year, month, day)
        except ValueError:
            checker.problem(path, f"{label} có ngày không tồn tại «{match.group(0)}». "
                            "Hãy kiểm tra lại ngày và tháng.")


def validate_programme(located: Located, expected_month: str | None = None) -> Programme:
    """Turn located YAML data into a Programme or raise ContentError with every problem found."""
    c = _Checker(located)
    data = c.mapping(located.data, (), PROGRAMME_FIELDS)
    month = _text(data.get("month"))
    if month and not Month.valid(month):
        c.problem(("month",), month_problem(month))
    elif month and expected_month and month != expected_month:
        c.problem(("month",), f"tên tệp là {expected_month} nhưng trường month là {month}. "
                  "Hãy sửa cho khớp (tên tệp phải là YYYY-MM.yaml của tháng đó).")
    if month and Month.valid(month):
        # one Month for the programme and all its tasks: the build cache pickles it once a month, and
        # unpickling a Month validates it again (each task's own was 6,000 validations a warm build)
        month = Month(month)
    until = _text(data.get("until"))
    if until and (not Month.valid(until) or not Month.valid(month) or until != next_month(month)):
        c.problem(("until",), f"«until: {until}» không hợp lệ: chương trình gộp hai tháng ghi tháng cuối là tháng ngay "
                  f"sau «month» ({next_month(month) if Month.valid(month) else 'YYYY-MM'}); "
                  "bỏ dòng này nếu chương trình chỉ của một tháng.")
    header = c.mapping(data.get("header") or {}, ("header",), HEADER_FIELDS) if "header" in data else {}
    signature = c.mapping(data.get("signature") or {}, ("signature",), SIGNATURE_FIELDS) if "signature" in data else {}
    groups: list[Group] = []
    if "groups" in data and "sections" in data:
        c.problem(("groups",), "tệp có cả «sections» và «groups»; hãy để các mục trong «groups» (mỗi nhóm một danh sách "
                  "«sections») hoặc chỉ dùng «sections».")
    if "groups" in data:
        groups = _groups(c, data.get("groups"), month)
        sections = [section for group in groups for section in group.sections]
    else:
        if "sections" not in data:
            c.problem(("sections",), "thiếu trường bắt buộc (Các mục của bảng): cần «sections» (hoặc «groups»).")
        sections = _sections(c, data.get("sections"), month)
    _cut_by_comments(c)
    if c.problems:
        raise ContentError(c.problems)
    return Programme(
        month=Month(month),
        parent_body=_text(header.get("parent_body")),
        issuing_body=_text(header.get("issuing_body")),
        number=_text(header.get("number")),
        symbol=_text(header.get("symbol")),
        motto=_text(header.get("motto")),
        place=_text(header.get("place")),
        date_text=_text(header.get("date")),
        title=_text(header.get("title")),
        subtitle=_text(header.get("subtitle")),
        preamble=_text(data.get("preamble")),
        sections=sections,
        closing=_text(data.get("closing")),
        recipients=[_text(r) for r in data.get("recipients") or []],
        drafter=_text(data.get("drafter")),
        signature=Signature(titles=[_text(t) for t in signature.get("titles") or []],
                            name=_text(signature.get("name")), mark=_text(signature.get("mark"))),
        restricted=bool(data.get("restricted", False)),
        draft=bool(data.get("draft", False)),
        until=until,
        source=located.file,
        lines={**{f"header.{name}": located.line(("header", name)) for name in header},
               **({"unplaced": located.line(("unplaced",))} if "unplaced" in data else {})},
        groups=groups,
        unplaced=[_text(line) for line in data.get("unplaced") or [] if _text(line)],
    )


def _cut_by_comments(c: _Checker) -> None:
    """A `` #`` typed inside an unquoted value starts a YAML comment and silently cuts the value
    (``text: Phòng họp #3 tầng 2`` reads as ``Phòng họp``): refuse it, and say how to keep it."""
    for path, (line, column, cut) in sorted(c.located.comments.items(), key=lambda item: item[1][:2]):
        if path[-1:] == ("restricted",):
            continue  # ``restricted: true  # lý do`` is a real comment on a yes/no value
        c.problems.append(Problem(c.located.file, line, _dotted(path), (
            f"dấu «#» ở cột {column} làm YAML bỏ mất phần sau của giá trị («#{cut}» bị coi là chú thích). "
            "Nếu «#» là một phần nội dung, hãy đặt cả giá trị trong dấu nháy kép \"…\"; "
            "nếu là chú thích, hãy đưa nó lên một dòng riêng.")))


def _groups(c: _Checker, value: Any, month: str) -> list[Group]:
    """The optional level above the sections; each group's sections are checked as ``sections`` are."""
    if not isinstance(value, list):
        return []
    if not value:
        c.problem(("groups",), "danh sách nhóm rỗng; cần ít nhất một nhóm (A, B…) có các mục của nó.")
    groups: list[Group] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(value):
        path = ("groups", index)
        raw = c.mapping(raw, path, GROUP_FIELDS)
        letter = _text(raw.get("letter"))
        if letter in seen:
            c.problem(path + ("letter",), f"nhóm {letter or '(không chữ)'} bị lặp lại (đã có ở nhóm thứ {seen[letter]}).")
        seen[letter] = index + 1
        group = Group(letter=letter, title=_text(raw.get("title")))
        group.sections = _sections(c, raw.get("sections"), month, path, letter)
        groups.append(group)
    return groups


def _sections(c: _Checker, value: Any, month: str, parent: tuple = (), group: str = "") -> list[Section]:
    if not isinstance(value, list):
        return []
    if not value:
        c.problem(parent + ("sections",), "bảng không có mục nào; cần ít nhất một mục (I, II…).")
    sections: list[Section] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(value):
        path = parent + ("sections", index)
        raw = c.mapping(raw, path, SECTION_FIELDS)
        numeral = _text(raw.get("numeral"))
        if numeral and not ROMAN_RE.match(numeral):
            c.problem(path + ("numeral",), f"số mục «{numeral}» không hợp lệ; hãy dùng số La Mã (I, II, III…).")
        if numeral in seen:
            c.problem(path + ("numeral",), f"mục {numeral or '(không số)'} bị lặp lại (đã có ở mục thứ {seen[numeral]}).")
        seen[numeral] = index + 1
        section = Section(numeral=numeral, title=_text(raw.get("title")),
                          origin=Origin(c.located.file, c.located.line(path) or 0), group=group)
        section.tasks = _tasks(c, raw.get("tasks"), path, section.key, month)
        sections.append(section)
    return sections


def _tasks(c: _Checker, value: Any, section_path: tuple, numeral: str, month: str) -> list[Task]:
    if not isinstance(value, list):
        return []
    tasks: list[Task] = []
    seen: dict[str, int] = {}
    parents = {_parent(_text(raw.get("number"))) for raw in value if isinstance(raw, dict)}
    for index, raw in enumerate(value):
        path = section_path + ("tasks", index)
        raw = c.mapping(raw, path, TASK_FIELDS)
        number = _text(raw.get("number"))
        if number and not TASK_NUMBER_RE.match(number):
            c.problem(path + ("number",), f"Stt «{number}» không hợp lệ; hãy dùng số (1, 2, 3…; 1.1 hay 1a cho việc con).")
        if number and number in seen:
            c.problem(path + ("number",), f"Stt {number} bị lặp lại trong mục {numeral or '(không số)'} "
                      f"(đã dùng ở dòng {seen[number]}). Hãy đánh số lại.")
        seen.setdefault(number, c.located.line(path + ("number",)) or 0)
        # A task with sub-tasks (1 over 1.1, 1.2 or 1a, 1b) may leave its lead and deadline to them.
        parent = bool(number) and number in parents
        for column in TASK_COLUMNS:
            name = column.key
            if not column.required or column.holds is Holds.NUMBER or (parent and column.left_to_sub_tasks):
                continue
            if name in raw and raw[name] is not None and not _text(raw[name]):
                c.problem(path + (name,), "không được để trống.")
            elif _text(raw.get(name)) and not _visible(_text(raw[name])):
                c.problem(path + (name,), "chỉ có ký tự vô hình (như dấu cách độ rộng 0, U+200B, thường "
                          "do sao chép từ trang web hoặc Word); hãy gõ lại nội dung.")
        values = {column.key: _column_value(raw.get(column.key), column) for column in TASK_COLUMNS}
        for column in TASK_COLUMNS:
            if column.holds is Holds.TIME_PHRASE:
                check_dates_in_text(c, values[column.key], path + (column.key,), column.label)
        done_date = _done_date(c, raw.get("done_date"), path + ("done_date",))
        carried_from = _text(raw.get("carried_from"))
        if carried_from and not CARRIED_FROM_RE.match(carried_from):
            c.problem(path + ("carried_from",), f"«{carried_from}» không hợp lệ; hãy viết tháng và nhiệm vụ "
                      "theo dạng YYYY-MM/II-8 (tháng 2023-11, mục II, Stt 8).")
        tasks.append(Task(
            section=numeral, **values,
            # An invalid month was reported above and no model leaves this file; Task keeps the text as it is.
            month=cast(Month, month), restricted=bool(raw.get("restricted", False)),
            origin=Origin(c.located.file, c.located.line(path) or 0),
            done_date=done_date, carried_from=carried_from,
        ))
    _restrict_items_of_restricted(tasks)
    return tasks


def _restrict_items_of_restricted(tasks: list[Task]) -> None:
    """A restricted task restricts its sub-items (10 restricted: 10.1, 10.2, 10a and 10.1.1 too):
    an item of a withheld task read alone would say what the task was about. An item may be
    restricted on its own under a public parent; a public item under a restricted parent is not."""
    restricted = {task.number for task in tasks if task.restricted}
    for task in tasks:
        parent = _parent(task.number)
        while parent and not task.restricted:
            if parent in restricted:
                task.restricted = True
                restricted.add(task.number)
            parent = _parent(parent)


def _column_value(value: Any, column: Column) -> Any:
    """A column's value as the Task holds it: stripped text, or a list of the non-empty lines of a
    list column (one string is a list of one)."""
    if column.kind != "list[str]":
        return _text(value)
    items = [value] if isinstance(value, str) else (value or [])
    return [_text(item) for item in items if _text(item)] if isinstance(items, list) else []


MONTH_EMPTY_HINT = "Hãy tạo lại tệp bằng lệnh «portal import» từ văn bản của tháng."


def _parent(number: str) -> str:
    """``1.2`` → ``1``, ``3a`` → ``3``: the task a sub-task belongs to (``""`` for a top-level task)."""
    if "." in number:
        return number.rsplit(".", 1)[0]
    if number[-1:].isalpha() and number[:-1]:
        return number[:-1]
    return ""


def parse_day(text: str) -> dt.date | None:
    """``2023-11-20`` or ``20/11/2023`` as a date; None when it is neither or no such day exists."""
    if match := ISO_DATE_RE.match(text):
        year, month, day = (int(g) for g in match.groups())
    elif match := DMY_DATE_RE.match(text):
        day, month, year = (int(g) for g in match.groups())
    else:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _done_date(c: _Checker, value: Any, path: tuple) -> dt.date | None:
    text = _text(value)
    if not text or not isinstance(value, (str, int)):
        return None
    day = parse_day(text)
    if day is None:
        c.problem(path, f"ngày hoàn thành «{text}» không hợp lệ; hãy viết theo dạng '2023-11-20' "
                  "(trong dấu nháy) hoặc 20/11/2023, và là một ngày có thật.")
    return day


def load_programme(path: Path, root: Path | None = None, cache: dict | None = None, memo=None) -> Programme:
    """Load and validate one month file; the file name must be the month (``2023-11.yaml``).

    ``cache`` (a dict kept by the caller, e.g. across the rebuilds of a live preview) reuses
    the parsed YAML of files whose size and modification time are unchanged: parsing is most
    of the cost of loading, and an edit touches one file of hundreds. ``memo`` (the build cache's,
    ``memo.cached(parts, make)``, see :class:`portal.build.cache.Memo`) keeps the validated
    programme across builds, keyed by the file's bytes (a checkout changes every file's time, not
    its text).
    """
    display = _display(path, root)
    expected = path.stem if Month.valid(path.stem) else None

    def parsed() -> Located:
        if cache is None:
            return load_yaml(path, display, MONTH_EMPTY_HINT)
        stat = path.stat()
        stamp = (display, stat.st_size, stat.st_mtime_ns)
        hit = cache.get(path)
        if hit is None or hit[0] != stamp:
            cache[path] = hit = (stamp, load_yaml(path, display, MONTH_EMPTY_HINT))
        return hit[1]

    if memo is None:
        return validate_programme(parsed(), expected_month=expected)
    # validation reads nothing but the file, so a file's programme is that of an earlier build
    # with the same bytes (a file with problems raises every time: nothing is kept of it); each task
    # is kept with its digest, which the pages' keys read
    return memo.cached(("month programme", display, path.read_bytes(), expected),
                       lambda: _digested(validate_programme(parsed(), expected_month=expected)))


def _digested(programme: Programme) -> Programme:
    """``programme`` with each task's :attr:`Task.digest` made (the task is complete: validated)."""
    for task in programme.tasks():
        task.digest = content_digest(task)
    return programme


def _display(path: Path, root: Path | None) -> str:
    try:
        return str(path.resolve().relative_to((root or Path.cwd()).resolve()))
    except ValueError:
        return str(path)


MONTH_FILE_RE = re.compile(r"^(\d{4})-(\d{2})\.yaml$")
# A month somewhere in a file name: 2023-12, 2023_12, 202312, 2023-1, 12-2023, 12.2023, T12-2023.
_YEAR_FIRST_RE = re.compile(r"(?<!\d)((?:19|20)\d\d)[-_. ]?(\d{1,2})(?!\d)")
_MONTH_FIRST_RE = re.compile(r"(?<!\d)(\d{1,2})[-_. ]((?:19|20)\d\d)(?!\d)")


def programme_files(content_dir: Path) -> list[Path]:
    """Month files in ``content/programmes``, oldest first (see :func:`stray_files` for the rest)."""
    folder = content_dir / "programmes"
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if MONTH_FILE_RE.match(p.name) and p.is_file())


def stray_files(content_dir: Path) -> list[Problem]:
    """Every other file under ``content/programmes`` (subfolders too): none is ignored in silence.

    ``2023-12.yml``, ``2023-12.YAML``, ``2023-12.yaml.txt`` (Notepad), ``programmes/2023/2023-12.yaml``
    would otherwise be skipped and the month missing from the site; each gets an error naming it and
    the name it should have. Hidden files and folders (``.2023-12.yaml.swp`` of an open editor,
    ``.DS_Store``) are the system's, not the editor's, and are left alone.
    """
    folder = content_dir / "programmes"
    if not folder.is_dir():
        return []
    root = content_dir.parent
    problems = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts) or not path.is_file():
            continue
        if len(relative.parts) == 1 and MONTH_FILE_RE.match(path.name):
            continue
        problems.append(Problem(_display(path, root), None, "", _rename_advice(path, folder)))
    return problems


def _rename_advice(path: Path, folder: Path) -> str:
    """What is wrong with a stray file's name and the name it should have."""
    where = f"{folder.parent.name}/{folder.name}"
    inside = path.parent != folder
    month = _month_in_name(path.name) or (_month_in_name(path.parent.name + "-" + path.name) if inside else None)
    problem = ("tệp nằm trong thư mục con, nên không được đọc" if inside
               else "tên tệp không phải dạng YYYY-MM.yaml, nên tệp không được đọc")
    if month is None:
        return (f"{problem}. Mỗi tháng là một tệp {where}/YYYY-MM.yaml (ví dụ {where}/2023-11.yaml); "
                "hãy đổi tên hoặc chuyển tệp này ra khỏi thư mục.")
    target = folder / f"{month}.yaml"
    if target.exists() and target != path:
        return (f"{problem}; tháng {month} đã có tệp {where}/{month}.yaml. Hãy gộp nội dung vào tệp đó "
                "rồi xóa tệp này.")
    return f"{problem}. Hãy đổi tên thành {where}/{month}.yaml."


def _month_in_name(name: str) -> str | None:
    for pattern, year_group in ((_YEAR_FIRST_RE, 1), (_MONTH_FIRST_RE, 2)):
        match = pattern.search(name)
        if match:
            year, month = int(match.group(year_group)), int(match.group(3 - year_group))
            if 1 <= month <= 12:
                return Month.of(year, month)
    return None


def load_programmes(content_dir: Path, cache: dict | None = None, memo=None) -> list[Programme]:
    """Load every month; raise one ContentError with the problems of all files, first file first."""
    problems: list[Problem] = stray_files(content_dir)
    programmes: list[Programme] = []
    root = content_dir.parent
    for path in programme_files(content_dir):
        if not Month.valid(path.stem):
            problems.append(Problem(_display(path, root), None, "", (
                f"tháng {path.stem[5:]} không có; tên tệp phải là tháng của chương trình, dạng YYYY-MM.yaml "
                "(ví dụ 2023-11.yaml).")))
            continue
        try:
            programmes.append(load_programme(path, root, cache, memo))
        except ContentError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ContentError(problems)
    return programmes
