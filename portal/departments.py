"""The department registry and the matching of lead strings to departments.

Lead cells are typed by hand each month: ``LLCT-LSD`` and ``LLCT-LSĐ``, ``Phòng TT-TT`` and
``Phòng TT- TT`` are one department each. Matching folds case, accents (so Đ and D), the
``Phòng`` prefix and spaces around hyphens; the page keeps the text as written.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ContentError, Problem
from .textfold import fold
from .yamlsource import load_yaml

_PREFIX_RE = re.compile(r"^phong\s+")
_HYPHEN_RE = re.compile(r"\s*-\s*")
_PUNCT_RE = re.compile(r"\s*,\s*")
# «Các phòng (chuyên môn) (trực) thuộc Ban / BTGTU»: every department of the Ban, as a lead or a unit.
_WHOLE_BAN_RE = re.compile(r"^cac phong (?:chuyen mon )?(?:truc )?thuoc (?:ban|btg)")
_AND_RE = re.compile(r"\s+va\s+|\s*;\s*")


def lead_key(text: str) -> str:
    """Comparison key of a lead or alias: ``Phòng TT- TT`` → ``tt-tt``."""
    key = fold(text).strip(" .;")
    key = _PREFIX_RE.sub("", key)
    key = _HYPHEN_RE.sub("-", key)
    return _PUNCT_RE.sub(", ", key)


@dataclass
class Department:
    code: str
    name: str
    aliases: list[str] = field(default_factory=list)
    line: int = 0

    def keys(self) -> set[str]:
        return {lead_key(text) for text in [self.code, self.name, *self.aliases]}


def names_whole_ban(text: str) -> bool:
    """``Các phòng chuyên môn thuộc Ban``, ``Các phòng trực thuộc BTGTU``: all departments take part."""
    return bool(_WHOLE_BAN_RE.match(lead_key(text)))


@dataclass
class Roles:
    """Which registered departments lead a task and which take part in it."""

    leads: list[Department]
    coordinators: list[Department]


@dataclass
class Registry:
    departments: list[Department]
    file: str = ""

    def resolve(self, lead: str) -> Department | None:
        """The department a lead string names, or None when the registry does not know it.

        Memoised per spelling: a ten-year archive asks this for every task and coordinating
        unit (tens of thousands of calls) with a few dozen distinct spellings, and folding is slow.
        """
        cache = self.__dict__.setdefault("_resolved", {})
        if lead not in cache:
            cache[lead] = self._by_key(lead_key(lead))
        return cache[lead]

    def _by_key(self, key: str) -> Department | None:
        for department in self.departments:
            if key in department.keys():
                return department
        return None

    def lead_departments(self, lead: str) -> tuple[list[Department], bool]:
        """Departments leading, and whether the rest of the Ban takes part.

        ``LLCT-LSD và các phòng thuộc Ban`` is led by LLCT-LSĐ with every other department
        coordinating; ``X và Y`` is led by both. Empty when any part is not a known department.
        """
        whole = self.resolve(lead)
        if whole is not None:
            return [whole], False
        leads: list[Department] = []
        whole_ban = False
        for part in (_PREFIX_RE.sub("", p) for p in _AND_RE.split(lead_key(lead))):
            if _WHOLE_BAN_RE.match(part):
                whole_ban = True
            elif (department := self._by_key(part)) is not None:
                leads.append(department)
            else:
                return [], False
        return (leads, whole_ban) if leads else ([], False)

    def roles(self, lead: str, coordinators: list[str]) -> Roles:
        """Leading and coordinating departments of a task, each once; a lead never coordinates itself."""
        leads, whole_ban = self.lead_departments(lead)
        units = list(self.departments) if whole_ban or any(names_whole_ban(c) for c in coordinators) else []
        units += [d for d in map(self.resolve, coordinators) if d is not None]
        taking_part: list[Department] = []
        for department in units:
            if department not in leads and department not in taking_part:
                taking_part.append(department)
        return Roles(leads, taking_part)


def load_registry(content_dir: Path) -> Registry:
    """Load ``content/departments.yaml``; an absent file is an empty registry."""
    path = content_dir / "departments.yaml"
    if not path.exists():
        return Registry([], str(path))
    display = f"{content_dir.name}/departments.yaml"
    located = load_yaml(path, display)
    items = located.data.get("departments") if isinstance(located.data, dict) else None
    if not isinstance(items, list):
        raise ContentError([Problem(display, located.line(()), "departments",
                                    "cần một danh sách «departments:» các phòng.")])
    departments, problems = [], []
    for index, item in enumerate(items):
        path_ = ("departments", index)
        if not isinstance(item, dict) or not item.get("code") or not item.get("name"):
            problems.append(Problem(display, located.line(path_), f"departments[{index + 1}]",
                                    "mỗi phòng cần có «code» (mã viết tắt) và «name» (tên đầy đủ)."))
            continue
        departments.append(Department(code=str(item["code"]), name=str(item["name"]),
                                      aliases=[str(a) for a in item.get("aliases") or []],
                                      line=located.line(path_) or 0))
    if problems:
        raise ContentError(problems)
    return Registry(departments, display)
