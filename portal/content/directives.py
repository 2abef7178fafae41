"""The directive registry (``content/directives.yaml``) and what identifies a document.

A document is its number and symbol plus, when known, its issue date: Party numbering
restarts with each committee term, so ``01-NQ/TU`` of 2016 and of 2021 are two documents.
The registry is a mapping keyed by the canonical symbol; a symbol shared by several
documents maps to a list of entries told apart by ``date``. A document without a symbol
(a plenum resolution) is keyed by its name and found through ``aliases``.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Optional

from portal.content.errors import ContentError, Problem
from portal.content.yamlsource import load_yaml
from portal.text.fold import fold
from portal.text.refs import find_references
from portal.text.refs.models import PARTY, STATE

FILE_NAME = "directives.yaml"
FIELDS = {"type", "number", "symbol", "issuer", "date", "title", "link", "aliases"}

# Issuer groups of the index page, in display order.
CENTRAL, PROVINCIAL, STATE_BODIES, OTHER = "Trung ương", "Tỉnh ủy", "Cơ quan nhà nước", "Khác"
GROUPS = [CENTRAL, PROVINCIAL, STATE_BODIES, OTHER]

_CENTRAL_WORDS = ("bo chinh tri", "ban bi thu", "trung uong", "ban chap hanh trung uong")
_PROVINCIAL_WORDS = ("tinh uy", "dang bo tinh")
_STATE_WORDS = ("chinh phu", "thu tuong", "quoc hoi", "bo ", "ubnd", "uy ban nhan dan", "hdnd",
                "hoi dong nhan dan")
_DATE_RE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


@dataclass
class Directive:
    """One document: registered in the registry, or known only from how tasks cite it."""

    type: str
    number: Optional[str]
    symbol: Optional[str]
    issuer: str = ""
    date: Optional[dt.date] = None
    title: str = ""
    link: str = ""
    aliases: list[str] = field(default_factory=list)
    name: str = ""  # display name of a document without symbol
    registered: bool = False
    line: Optional[int] = None
    kind: str = PARTY

    @property
    def symbol_key(self) -> Optional[str]:
        return symbol_key(self.symbol) if self.symbol else None

    @property
    def label(self) -> str:
        """How the portal names the document: ``Chỉ thị 24-CT/TW``."""
        if self.symbol:
            return f"{self.type} {self.symbol}".strip()
        if self.name:
            return self.name
        return f"{self.type} {self.number or ''}".strip()

    @property
    def group(self) -> str:
        return issuer_group(self.symbol, self.kind, self.issuer)


@lru_cache(maxsize=65536)
def symbol_key(symbol: str) -> str:
    """Comparison key of a symbol: case, accents, spaces and leading zeros aside (``07-KH/TU`` = ``7-KH/TU``)."""
    key = re.sub(r"\s+", "", fold(symbol))
    return re.sub(r"^0+(?=\d)", "", key)


def name_key(text: str) -> str:
    """Comparison key of a name or alias: folded, punctuation and extra spaces dropped."""
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", fold(text))).strip()


def issuer_group(symbol: Optional[str], kind: str, issuer: str) -> str:
    """Trung ương, Tỉnh ủy or State bodies: read from the symbol when there is one, else the issuer."""
    if symbol and kind == PARTY and "/" in symbol:
        return CENTRAL if fold(symbol.split("/")[-1]).endswith("tw") else PROVINCIAL
    if symbol and kind == STATE:
        return STATE_BODIES
    folded = fold(issuer) + " "
    if any(word in folded for word in _PROVINCIAL_WORDS):
        return PROVINCIAL
    if any(word in folded for word in _CENTRAL_WORDS):
        return CENTRAL
    if any(folded.startswith(word) or f" {word}" in folded for word in _STATE_WORDS):
        return STATE_BODIES
    return OTHER


def parse_date(value) -> Optional[dt.date]:
    """A registry date: YAML date, ``2023-07-13`` or ``13/7/2023``; None when not a date."""
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    match = _DATE_RE.match(text)
    try:
        if match:
            return dt.date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


@dataclass
class DirectiveRegistry:
    directives: list[Directive]
    file: str = ""


EMPTY_HINT = ("Danh mục văn bản được viết tay: dòng «directives:» rồi mỗi văn bản một khóa là số, ký hiệu "
              "(ví dụ «  24-CT/TW:» với «type», «issuer»…). Nếu chưa cần danh mục, hãy xóa tệp.")


def load_directives(content_dir: Path) -> DirectiveRegistry:
    """Load ``content/directives.yaml``; an absent file is an empty registry."""
    path = content_dir / FILE_NAME
    display = f"{content_dir.name}/{FILE_NAME}"
    if not path.exists():
        return DirectiveRegistry([], display)
    located = load_yaml(path, display, EMPTY_HINT)
    items = located.data.get("directives") if isinstance(located.data, dict) else None
    if not isinstance(items, dict):
        raise ContentError([Problem(display, located.line(()), "directives", (
            "cần một bảng «directives:» mà mỗi khóa là số, ký hiệu của văn bản (ví dụ 24-CT/TW)."))])
    directives: list[Directive] = []
    problems: list[Problem] = []
    for key, value in items.items():
        entries = value if isinstance(value, list) else [value]
        for index, entry in enumerate(entries):
            path_ = ("directives", key, index) if isinstance(value, list) else ("directives", key)
            directive = _entry(str(key), entry, located.line(path_), display, problems)
            if directive is not None:
                directives.append(directive)
    problems.extend(_duplicates(directives, display))
    if problems:
        raise ContentError(problems)
    return DirectiveRegistry(directives, display)


def _entry(key: str, entry, line: Optional[int], file: str, problems: list[Problem]) -> Optional[Directive]:
    where = f"directives.{key}"
    if not isinstance(entry, dict):
        problems.append(Problem(file, line, where, "mỗi văn bản cần các trường type, issuer, date, title…"))
        return None
    unknown = sorted(set(entry) - FIELDS)
    if unknown:
        problems.append(Problem(file, line, where, (
            f"trường không biết: {', '.join(unknown)}; các trường dùng được: {', '.join(sorted(FIELDS))}.")))
    date = parse_date(entry.get("date"))
    if entry.get("date") and date is None:
        problems.append(Problem(file, line, f"{where}.date",
                                f"ngày ban hành «{entry.get('date')}» không hợp lệ; viết dạng 13/7/2023."))
    aliases = entry.get("aliases") or []
    if not isinstance(aliases, list):
        problems.append(Problem(file, line, f"{where}.aliases", "cần một danh sách tên gọi khác."))
        aliases = []
    parsed = _parse_symbol(key)
    if parsed is None and not aliases:
        problems.append(Problem(file, line, where, (
            f"«{key}» không phải là số, ký hiệu văn bản (ví dụ 24-CT/TW, 30/2020/NĐ-CP); "
            "văn bản gọi bằng tên cần có «aliases» là các cách gọi trong nhiệm vụ.")))
    symbol, number, kind, found_type = parsed or (None, entry.get("number"), PARTY, "")
    return Directive(type=str(entry.get("type") or found_type or ""), number=str(number) if number else None,
                     symbol=symbol, issuer=str(entry.get("issuer") or ""), date=date,
                     title=str(entry.get("title") or ""), link=str(entry.get("link") or ""),
                     aliases=[str(a) for a in aliases], name="" if symbol else key,
                     registered=True, line=line, kind=kind)


def _parse_symbol(key: str):
    """``24-CT/TW`` → its canonical symbol, number, kind and type, read by the reference finder."""
    found = find_references(key)
    if len(found) == 1 and found[0].symbol and found[0].text.strip() == key.strip():
        reference = found[0]
        return reference.symbol, reference.number, reference.kind, reference.type
    return None


def _duplicates(directives: list[Directive], file: str) -> list[Problem]:
    seen: dict[tuple, Directive] = {}
    problems = []
    for directive in directives:
        identity = (directive.symbol_key or name_key(directive.name), directive.date)
        if identity in seen:
            problems.append(Problem(file, directive.line, f"directives.{directive.symbol or directive.name}", (
                "văn bản này được khai báo hai lần với cùng ngày ban hành; văn bản trùng số, ký hiệu "
                "phải có ngày ban hành khác nhau.")))
        seen[identity] = directive
    return problems
