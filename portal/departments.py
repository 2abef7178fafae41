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


@dataclass
class Registry:
    departments: list[Department]
    file: str = ""

    def resolve(self, lead: str) -> Department | None:
        """The department a lead string names, or None when the registry does not know it.

        Memoised per spelling: a ten-year archive asks this for every task (tens of
        thousands of calls) with a few dozen distinct spellings, and folding is slow.
        """
        cache = self.__dict__.setdefault("_resolved", {})
        if lead not in cache:
            key = lead_key(lead)
            cache[lead] = next((d for d in self.departments if key in d.keys()), None)
        return cache[lead]


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
