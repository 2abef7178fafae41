"""The department registry and the matching of lead strings to departments.

Lead cells are typed by hand each month: ``LLCT-LSD`` and ``LLCT-LSĐ``, ``Phòng TT-TT`` and
``Phòng TT- TT`` are one department each. Matching folds case, accents (so Đ and D), the
``Phòng`` prefix and spaces around hyphens; the page keeps the text as written.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from portal.content.errors import ContentError, Problem
from portal.content.periods import Period
from portal.content.yamlsource import load_yaml
from portal.text.fold import fold
from portal.text.months import Month

_PREFIX_RE = re.compile(r"^phong\s+")
_HYPHEN_RE = re.compile(r"\s*-\s*")
_PUNCT_RE = re.compile(r"\s*,\s*")
# «Các phòng (chuyên môn) (trực) thuộc Ban / BTGTU»: every department of the Ban, as a lead or a unit.
_WHOLE_BAN_RE = re.compile(r"^cac phong (?:chuyen mon )?(?:truc )?thuoc (?:ban|btg)")
_AND_RE = re.compile(r"\s+va\s+|\s*;\s*")


@lru_cache(maxsize=1 << 14)
def lead_key(text: str) -> str:
    """Comparison key of a lead or alias: ``Phòng TT- TT`` → ``tt-tt``.

    Memoised: every index and check asks it of every task's lead (tens of thousands of calls a build)
    and an archive writes a few hundred leads."""
    key = fold(text).strip(" .;")
    key = _PREFIX_RE.sub("", key)
    key = _HYPHEN_RE.sub("-", key)
    return _PUNCT_RE.sub(", ", key)


@dataclass(frozen=True)
class Alias:
    """Another way a department was written, valid within ``period`` (open: its whole life)."""

    text: str
    period: Period = Period()


@dataclass(eq=False)
class Department:
    """A department over its lifetime: when it existed and what it became.

    ``id`` tells two departments apart when they share a code in two periods (it defaults to
    the code); ``renamed_to``/``merged_into``/``split_into`` name successors by id.
    """

    code: str
    name: str
    aliases: list[str] = field(default_factory=list)
    line: int = 0
    id: str = ""
    period: Period = Period()
    period_aliases: list[Alias] = field(default_factory=list)
    renamed_to: str = ""
    merged_into: str = ""
    split_into: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.id = self.id or self.code

    def keys(self, month: str | None = None) -> set[str]:
        """Keys naming the department; with ``month``, only the aliases valid in that month."""
        texts = [self.code, self.name, *self.aliases]
        texts += [a.text for a in self.period_aliases if a.period.contains(month)]
        return {lead_key(text) for text in texts}

    def exists_in(self, month: str | None) -> bool:
        return self.period.contains(month)

    def successors(self) -> list[tuple[str, str]]:
        """``(relation, id)`` of what the department became: renamed, merged or split."""
        out = [(RENAMED, self.renamed_to)] if self.renamed_to else []
        out += [(MERGED, self.merged_into)] if self.merged_into else []
        return out + [(SPLIT, target) for target in self.split_into]


RENAMED, MERGED, SPLIT = "renamed", "merged", "split"


def names_whole_ban(text: str) -> bool:
    """``Các phòng chuyên môn thuộc Ban``, ``Các phòng trực thuộc BTGTU``: all departments take part."""
    return bool(_WHOLE_BAN_RE.match(lead_key(text)))


@dataclass
class Roles:
    """Which registered departments lead a task and which take part in it.

    ``outside`` holds departments the lead named that did not exist in the task's month: the
    task is filed under their successor (or predecessor) of that month when there is exactly one.
    """

    leads: list[Department]
    coordinators: list[Department]
    outside: list[Department] = field(default_factory=list)


@dataclass
class Issuer:
    """The body issuing the programmes in a period, e.g. Ban Tuyên giáo Tỉnh ủy, ``CTr/BTGTU``."""

    name: str
    symbol: str
    period: Period = Period()
    line: int = 0


@dataclass
class _Match:
    department: Department  # the department the task is filed under
    written: Department  # the department the text names (differs when named outside its period)


def _distance(period: Period, month: str) -> int:
    """Months between ``month`` and the period (0 inside it), to pick the nearest of several."""
    if period.start and month < period.start:
        return Month(period.start).months_since(month)
    if period.end and month > period.end:
        return Month(month).months_since(period.end)
    return 0


@dataclass
class Registry:
    departments: list[Department]
    file: str = ""
    issuers: list[Issuer] = field(default_factory=list)
    _index: dict | None = field(default=None, init=False, repr=False, compare=False)
    _resolved: dict = field(default_factory=dict, init=False, repr=False, compare=False)
    _resolutions: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def existing(self, month: str | None = None) -> list[Department]:
        """Departments that existed in ``month`` (all of them without a month)."""
        return [d for d in self.departments if d.exists_in(month)]

    def by_id(self, ident: str) -> Department | None:
        return next((d for d in self.departments if d.id == ident), None)

    def resolve(self, lead: str, month: str | None = None) -> Department | None:
        """The department of ``month`` a lead string names, or None when none of that month matches.

        Memoised per spelling and month: a ten-year archive asks this for every task and
        coordinating unit (tens of thousands of calls) with a few dozen distinct spellings.
        """
        if (lead, month) not in self._resolved:
            self._resolved[(lead, month)] = self._by_key(lead_key(lead), month)
        return self._resolved[(lead, month)]

    def _by_key(self, key: str, month: str | None = None) -> Department | None:
        for department, period in self._named(key):
            if department.exists_in(month) and period.contains(month):
                return department
        return None

    def _named(self, key: str) -> list[tuple[Department, Period]]:
        """Departments a key names, each with the period the name held (computed once per registry:
        folding every alias for every task of a long archive cost seconds)."""
        if self._index is None:
            index: dict[str, list[tuple[Department, Period]]] = {}
            for department in self.departments:
                named = [(text, Period()) for text in [department.code, department.name, *department.aliases]]
                named += [(alias.text, alias.period) for alias in department.period_aliases]
                for text, period in named:
                    index.setdefault(lead_key(text), []).append((department, period))
            self._index = index
        return self._index.get(key, [])

    def _match(self, key: str, month: str | None) -> _Match | None:
        """In-period match first; else the nearest department of any period, filed under its
        successor (month after it ended) or predecessor (month before it began) of that month."""
        department = self._by_key(key, month)
        if department is not None:
            return _Match(department, department)
        candidates = list(dict.fromkeys(d for d, _ in self._named(key)))
        if not candidates or not month:
            return None
        written = min(candidates, key=lambda d: _distance(d.period, month))
        if written.exists_in(month):  # an alias used outside its own period
            return _Match(written, written)
        forward = bool(written.period.end and month > written.period.end)
        heirs = [d for d in self._closure(written, forward) if d.exists_in(month)]
        return _Match(heirs[0] if len(heirs) == 1 else written, written)

    def resolution(self, lead: str, month: str | None = None) -> tuple[list[_Match], bool]:
        """Matches of every part of a lead, and whether the rest of the Ban takes part.

        ``LLCT-LSD và các phòng thuộc Ban`` is led by LLCT-LSĐ with every other department
        coordinating; ``X và Y`` is led by both. Empty when any part matches no department.
        """
        found = self._resolutions.get((lead, month))
        if found is None:  # memoised as resolve(): every task asks, with a few dozen spellings a month
            found = self._resolutions[(lead, month)] = self._resolution(lead, month)
        return found[0][:], found[1]

    def _resolution(self, lead: str, month: str | None) -> tuple[list[_Match], bool]:
        whole = self._match(lead_key(lead), month)
        if whole is not None:
            return [whole], False
        matches: list[_Match] = []
        whole_ban = False
        for part in (_PREFIX_RE.sub("", p) for p in _AND_RE.split(lead_key(lead))):
            if _WHOLE_BAN_RE.match(part):
                whole_ban = True
            elif (match := self._match(part, month)) is not None:
                matches.append(match)
            else:
                return [], False
        return (matches, whole_ban) if matches else ([], False)

    def lead_departments(self, lead: str, month: str | None = None) -> tuple[list[Department], bool]:
        """Departments a task is filed under as lead, and whether the rest of the Ban takes part."""
        matches, whole_ban = self.resolution(lead, month)
        return [m.department for m in matches], whole_ban

    def roles(self, lead: str, coordinators: list[str], month: str | None = None) -> Roles:
        """Leading and coordinating departments of a task in its month, each once; a lead never
        coordinates itself. «Các phòng thuộc Ban» means the departments of that month."""
        matches, whole_ban = self.resolution(lead, month)
        leads = [m.department for m in matches]
        outside = [m.written for m in matches if m.written is not m.department or not m.written.exists_in(month)]
        units = self.existing(month) if whole_ban or any(names_whole_ban(c) for c in coordinators) else []
        units += [m.department for m in (self._match(lead_key(c), month) for c in coordinators) if m is not None]
        taking_part: list[Department] = []
        for department in units:
            if department not in leads and department not in taking_part:
                taking_part.append(department)
        return Roles(leads, taking_part, outside)

    # ---- lineage ------------------------------------------------------------------------

    def successors(self, department: Department) -> list[tuple[str, Department]]:
        """``(relation, department)`` the department became (renamed, merged into, split into)."""
        return [(relation, d) for relation, ident in department.successors()
                if (d := self.by_id(ident)) is not None]

    def predecessors(self, department: Department) -> list[tuple[str, Department]]:
        """``(relation, department)`` the department came from."""
        return [(relation, d) for d in self.departments for relation, ident in d.successors()
                if ident == department.id]

    def history(self, department: Department) -> list[Department]:
        """Every department before this one along renames, mergers and splits, newest first."""
        return sorted(self._closure(department, forward=False),
                      key=lambda d: (d.period.end or "9999-99", d.period.start), reverse=True)

    def _closure(self, department: Department, forward: bool) -> list[Department]:
        step = self.successors if forward else self.predecessors
        seen: list[Department] = []
        todo = [department]
        while todo:
            for _, other in step(todo.pop()):
                if other is not department and other not in seen:
                    seen.append(other)
                    todo.append(other)
        return seen

    def issuer_for(self, month: str) -> Issuer | None:
        """The issuing body of the programmes of ``month``."""
        return next((i for i in self.issuers if i.period.contains(month)), None)


DEPARTMENT_FIELDS = {"id", "code", "name", "aliases", "from", "to", "renamed_to", "merged_into", "split_into"}
ISSUER_FIELDS = {"name", "symbol", "from", "to"}


class _Reader:
    """Reads registry entries, collecting every problem with its line."""

    def __init__(self, located, display: str):
        self.located = located
        self.file = display
        self.problems: list[Problem] = []

    def problem(self, path: tuple, field_: str, message: str) -> None:
        self.problems.append(Problem(self.file, self.located.line(path), field_, message))

    def unknown_fields(self, item: dict, known: set, path: tuple, where: str) -> None:
        unknown = sorted(str(k) for k in item if k not in known)
        if unknown:
            self.problem(path, where, f"trường không biết: {', '.join(unknown)}; "
                         f"các trường dùng được: {', '.join(sorted(known))}.")

    def period(self, item: dict, path: tuple, where: str) -> Period:
        """``from``/``to`` of an entry; an invalid or reversed period is reported."""
        months = {}
        for key in ("from", "to"):
            raw = item.get(key)
            if raw in (None, ""):
                months[key] = ""
                continue
            months[key] = Month.parse(raw) or ""
            if not months[key]:
                self.problem(path + (key,), f"{where}.{key}",
                             f"tháng «{raw}» không hợp lệ; hãy viết theo dạng YYYY-MM, ví dụ 2025-03.")
        if months["from"] and months["to"] and months["from"] > months["to"]:
            self.problem(path + ("to",), f"{where}.to",
                         f"tháng kết thúc {months['to']} trước tháng bắt đầu {months['from']}.")
        return Period(months["from"], months["to"])

    def aliases(self, value, path: tuple, where: str) -> tuple[list[str], list[Alias]]:
        """Plain aliases (for the department's whole life) and aliases of a period
        (``{text: "Phòng TT", from: 2015-01, to: 2020-12}``)."""
        plain: list[str] = []
        dated: list[Alias] = []
        if value is None:
            return plain, dated
        if not isinstance(value, list):
            self.problem(path, f"{where}.aliases", "cần một danh sách các cách viết khác.")
            return plain, dated
        for index, alias in enumerate(value):
            if isinstance(alias, dict):
                self.unknown_fields(alias, {"text", "from", "to"}, path + (index,), f"{where}.aliases[{index + 1}]")
                if not alias.get("text"):
                    self.problem(path + (index,), f"{where}.aliases[{index + 1}]",
                                 "cách viết theo thời kỳ cần «text» (cách viết) và «from»/«to».")
                    continue
                dated.append(Alias(str(alias["text"]), self.period(alias, path + (index,), f"{where}.aliases[{index + 1}]")))
            elif alias not in (None, ""):
                plain.append(str(alias))
        return plain, dated


def _department(reader: _Reader, item, index: int) -> Department | None:
    path, where = ("departments", index), f"departments[{index + 1}]"
    if not isinstance(item, dict) or not item.get("code") or not item.get("name"):
        reader.problem(path, where, "mỗi phòng cần có «code» (mã viết tắt) và «name» (tên đầy đủ).")
        return None
    reader.unknown_fields(item, DEPARTMENT_FIELDS, path, where)
    plain, dated = reader.aliases(item.get("aliases"), path + ("aliases",), where)
    split = item.get("split_into") or []
    split = [split] if isinstance(split, str) else split
    return Department(code=str(item["code"]), name=str(item["name"]), aliases=plain,
                      line=reader.located.line(path) or 0, id=str(item.get("id") or ""),
                      period=reader.period(item, path, where), period_aliases=dated,
                      renamed_to=str(item.get("renamed_to") or ""), merged_into=str(item.get("merged_into") or ""),
                      split_into=[str(s) for s in split])


def _check_lineage(reader: _Reader, departments: list[Department]) -> None:
    """Ids are unique, successors exist, and a department that became another has ended."""
    seen: dict[str, Department] = {}
    for index, department in enumerate(departments):
        where = f"departments[{index + 1}]"
        if department.id in seen:
            reader.problems.append(Problem(reader.file, department.line, where, (
                f"mã «{department.id}» đã dùng cho phòng ở dòng {seen[department.id].line}; hai phòng cùng mã "
                "ở hai thời kỳ cần trường «id» khác nhau (ví dụ TT-TT-2025).")))
        seen.setdefault(department.id, department)
    for index, department in enumerate(departments):
        where = f"departments[{index + 1}]"
        for relation, ident in department.successors():
            if ident not in seen:
                reader.problems.append(Problem(reader.file, department.line, f"{where}.{_RELATION_FIELDS[relation]}", (
                    f"không có phòng nào mang mã (id) «{ident}» trong danh mục.")))
        if department.successors() and not department.period.end:
            reader.problems.append(Problem(reader.file, department.line, f"{where}.to", (
                "phòng đã đổi tên, sáp nhập hoặc chia tách cần có «to»: tháng cuối cùng phòng còn tồn tại.")))


def _overlap(a: Period, b: Period) -> Period | None:
    """The months two periods share, or None."""
    start, end = max(a.start, b.start), min(a.end or "9999-99", b.end or "9999-99")
    return Period(start, "" if end == "9999-99" else end) if not end or start <= end else None


def _check_names(reader: _Reader, departments: list[Department]) -> None:
    """No spelling names two departments at once. Matching folds case, accents and Đ/D, so codes
    ``LLCT-LSD`` and ``LLCT-LSĐ`` would give two pages with one title, and an alias written under
    two departments would silently go to the first: both are refused, naming both lines."""
    named: dict[str, list[tuple[Department, str, Period]]] = {}
    for department in departments:
        texts = [(t, Period()) for t in dict.fromkeys([department.code, department.name, *department.aliases])]
        texts += [(a.text, a.period) for a in department.period_aliases]
        for text, period in texts:
            held = _overlap(department.period, period)
            if held is not None:
                named.setdefault(lead_key(text), []).append((department, text, held))
    reported: set = set()
    for entries in named.values():
        for i, (first, first_text, first_period) in enumerate(entries):
            for second, second_text, second_period in entries[i + 1:]:
                pair = (first.id, second.id)
                if first is second or pair in reported or _overlap(first_period, second_period) is None:
                    continue
                reported.add(pair)
                index = departments.index(second) + 1
                if first_text == first.code and second_text == second.code:
                    message = (f"mã «{second.code}» trùng với mã «{first.code}» của phòng ở dòng {first.line} "
                               "khi so khớp (không phân biệt hoa thường, dấu, Đ/D): hai phòng sẽ có hai trang "
                               "cùng tên. Nếu là một phòng, hãy gộp làm một mục; nếu là hai phòng ở hai thời kỳ, "
                               "hãy ghi «from»/«to» không trùng nhau.")
                else:
                    message = (f"cách viết «{second_text}» cũng gọi tên phòng «{first.code}» ở dòng {first.line} "
                               f"(«{first_text}»): một nhiệm vụ ghi như vậy không biết thuộc phòng nào. "
                               "Hãy bỏ cách viết này khỏi một trong hai phòng, hoặc ghi thời kỳ («from»/«to») "
                               "không trùng nhau.")
                reader.problems.append(Problem(reader.file, second.line, f"departments[{index}]", message))


_RELATION_FIELDS = {RENAMED: "renamed_to", MERGED: "merged_into", SPLIT: "split_into"}


def _issuers(reader: _Reader, value) -> list[Issuer]:
    if value is None:
        return []
    if not isinstance(value, list):
        reader.problem(("issuers",), "issuers", "cần một danh sách «issuers:» các cơ quan ban hành theo thời kỳ.")
        return []
    issuers = []
    for index, item in enumerate(value):
        path, where = ("issuers", index), f"issuers[{index + 1}]"
        if not isinstance(item, dict) or not item.get("name") or not item.get("symbol"):
            reader.problem(path, where, "mỗi cơ quan ban hành cần «name» (tên) và «symbol» (ký hiệu, ví dụ CTr/BTGTU).")
            continue
        reader.unknown_fields(item, ISSUER_FIELDS, path, where)
        issuers.append(Issuer(str(item["name"]), str(item["symbol"]), reader.period(item, path, where),
                              reader.located.line(path) or 0))
    return issuers


EMPTY_HINT = ("Danh mục phòng được viết tay: dòng «departments:» rồi mỗi phòng một mục «- code: …» "
              "với «name: …». Nếu chưa cần danh mục, hãy xóa tệp.")


def load_registry(content_dir: Path) -> Registry:
    """Load ``content/departments.yaml``; an absent file is an empty registry.

    The file lists ``departments`` (each with an optional period, successors and aliases by
    period) and optionally ``issuers``, the issuing body of the programmes by period.
    """
    path = content_dir / "departments.yaml"
    if not path.exists():
        return Registry([], str(path))
    display = f"{content_dir.name}/departments.yaml"
    located = load_yaml(path, display, EMPTY_HINT)
    items = located.data.get("departments") if isinstance(located.data, dict) else None
    if not isinstance(items, list):
        raise ContentError([Problem(display, located.line(()), "departments",
                                    "cần một danh sách «departments:» các phòng.")])
    reader = _Reader(located, display)
    departments = [d for d in (_department(reader, item, i) for i, item in enumerate(items)) if d is not None]
    _check_lineage(reader, departments)
    _check_names(reader, departments)
    issuers = _issuers(reader, located.data.get("issuers"))
    if reader.problems:
        raise ContentError(reader.problems)
    return Registry(departments, display, issuers)
