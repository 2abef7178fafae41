"""The directive registry (``content/directives.yaml``) and what identifies a document.

A document is its number and symbol plus, when known, its issue date: Party numbering
restarts with each committee term, so ``01-NQ/TU`` of 2016 and of 2021 are two documents.
The registry is a mapping keyed by the canonical symbol; a symbol shared by several
documents maps to a list of entries told apart by ``date``. A document without a symbol
(a plenum resolution) is keyed by its name and found through ``aliases``.

An entry may also say what an office needs to know of the document: where its full text is
(``link``: an intranet address, or a PDF under ``content/pages/van-ban/``, which the site publishes),
its term (``term``: khóa XIII), whether it is in force (``status``, ``replaced_by``), and how it
stands to other registered documents (``implements``, ``replaces``, ``amends``, ``reviews``).
Relations stated here win over those the directive index reads from task texts.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Optional

from portal.content.errors import ContentError, Problem
from portal.content.model import Task
from portal.content.pages import FULL_TEXT_FOLDER, FULL_TEXT_FORMATS
from portal.content.yamlsource import load_yaml
from portal.text.fold import fold
from portal.text.refs import find_references
from portal.text.refs.models import AMENDS, IMPLEMENTS, PARTY, REPLACES, REVIEWS, STATE

FILE_NAME = "directives.yaml"
# Relations an entry may state, by field: each a registered document or a list of them.
RELATION_FIELDS = {IMPLEMENTS: "implements", REPLACES: "replaces", AMENDS: "amends", REVIEWS: "reviews"}
FIELDS = {"type", "number", "symbol", "issuer", "date", "title", "link", "aliases", "term", "status",
          "replaced_by", *RELATION_FIELDS.values()}
# Where the site's hand-written pages and files live: a full-text file must be there to be published.
PUBLISHED_FOLDER = "pages"

# Whether a document is in force, as the registry writes it.
IN_FORCE, EXPIRED, REPLACED = "còn hiệu lực", "hết hiệu lực", "đã được thay thế"
STATUSES = (IN_FORCE, EXPIRED, REPLACED)
_URL_RE = re.compile(r"^https?://\S+$", re.IGNORECASE)
_TERM_RE = re.compile(r"^(?:(?:khóa|khoá)\s+)?([IVXL]+)$", re.IGNORECASE)

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
    term: str = ""  # «khóa XIII»
    status: str = ""  # one of STATUSES, or "" when the registry does not say
    link_is_file: bool = False  # ``link`` is a file under content/pages/ (its path there), not an address
    stated: list["StatedRelation"] = field(default_factory=list)  # relations the registry states
    related: list["Related"] = field(default_factory=list)  # every relation, filled in by the directive index

    @property
    def display_date(self) -> str:
        """The issue date as documents write it: ``13/07/2023``; empty when unknown."""
        return f"{self.date.day:02d}/{self.date.month:02d}/{self.date.year}" if self.date else ""

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
class Related:
    """How a document stands to another, seen from it: ``outgoing`` when it is the subject
    (it implements / replaces / amends / reviews ``other``), else ``other`` does so to it.

    ``evidence`` are the tasks whose text says it (each with the words, as written);
    ``stated`` is true when the registry states it (then it holds whatever the texts say).
    """

    kind: str
    outgoing: bool
    other: Directive
    other_key: str  # the other document's key in the directive index
    evidence: list[tuple[Task, str]] = field(default_factory=list)
    stated: bool = False


@dataclass
class StatedRelation:
    """A relation the registry states: this entry ``kind`` ``target`` (a registered document)."""

    kind: str
    target: Directive
    line: Optional[int] = None


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
    relations: list[tuple[Directive, str, object, Optional[int], str]] = []
    for key, value in items.items():
        entries = value if isinstance(value, list) else [value]
        for index, entry in enumerate(entries):
            path_ = ("directives", key, index) if isinstance(value, list) else ("directives", key)
            directive = _entry(str(key), entry, located.line(path_), display, problems)
            if directive is None:
                continue
            directives.append(directive)
            problems.extend(_link(directive, content_dir, display, located.line(path_ + ("link",))))
            for name in (*RELATION_FIELDS.values(), "replaced_by"):
                if entry.get(name) not in (None, "", []) and not isinstance(entry.get(name), dict):
                    relations.append((directive, name, entry[name], located.line(path_ + (name,)),
                                      f"directives.{key}.{name}"))
    problems.extend(_duplicates(directives, display))
    for directive, name, value, line, where in relations:
        problems.extend(_state(directive, name, value, directives, display, line, where))
    if problems:
        raise ContentError(problems)
    return DirectiveRegistry(directives, display)


def _link(directive: Directive, content_dir: Path, file: str, line: Optional[int]) -> list[Problem]:
    """Check the full-text link: an http(s) address, or a file under ``content/pages/`` that exists."""
    link = directive.link.strip()
    if not link or _URL_RE.match(link):
        return []
    where = f"directives.{directive.symbol or directive.name}.link"
    relative = Path(link.removeprefix(f"{content_dir.name}/"))
    target = (content_dir / relative).resolve()
    published = (content_dir / PUBLISHED_FOLDER).resolve()
    if relative.is_absolute() or not target.is_relative_to(published):
        return [Problem(file, line, where, (
            f"«{link}» không phải địa chỉ http(s):// và không phải tệp trong {content_dir.name}/{PUBLISHED_FOLDER}/; "
            f"hãy ghi địa chỉ trong kho văn bản nội bộ, hoặc chép tệp toàn văn vào {content_dir.name}/"
            f"{PUBLISHED_FOLDER}/ (ví dụ {PUBLISHED_FOLDER}/van-ban/24-CT-TW.pdf) để trang đưa tệp lên."))]
    if not target.is_file():
        return [Problem(file, line, where, f"không có tệp «{link}» trong {content_dir.name}/: hãy kiểm tra tên "
                                           "và thư mục của tệp toàn văn.")]
    if target.parent != published / FULL_TEXT_FOLDER or target.suffix.lower() not in FULL_TEXT_FORMATS:
        return [Problem(file, line, where, (
            f"tệp toàn văn phải là tệp PDF trong {content_dir.name}/{PUBLISHED_FOLDER}/{FULL_TEXT_FOLDER}/ "
            f"(ví dụ {PUBLISHED_FOLDER}/{FULL_TEXT_FOLDER}/24-CT-TW.pdf): trang chỉ đưa lên các tệp đó."))]
    directive.link = target.relative_to(published).as_posix()
    directive.link_is_file = True
    return []


def _state(directive: Directive, name: str, value, registered: list[Directive], file: str,
           line: Optional[int], where: str) -> list[Problem]:
    """Resolve the documents a relation field names to registered documents; ``replaced_by`` is
    stated on the replacing document, as its ``replaces``."""
    values = value if isinstance(value, list) else [value]
    problems = []
    for written in values:
        target, problem = _registered(str(written), registered)
        if target is None:
            problems.append(Problem(file, line, where, problem))
            continue
        if target is directive:
            problems.append(Problem(file, line, where, "một văn bản không thể liên quan tới chính nó."))
        elif name == "replaced_by":
            target.stated.append(StatedRelation(REPLACES, directive, line))
            directive.status = directive.status or REPLACED
        else:
            kind = next(k for k, field_name in RELATION_FIELDS.items() if field_name == name)
            directive.stated.append(StatedRelation(kind, target, line))
    return problems


def _registered(written: str, registered: list[Directive]) -> tuple[Optional[Directive], str]:
    """The one registered document ``written`` names («24-CT/TW», «Chỉ thị số 24-CT/TW ngày 13/7/2023»,
    a registered name), or why there is none."""
    key = name_key(written)
    named = [d for d in registered if not d.symbol and (name_key(d.name) == key or key in map(name_key, d.aliases))]
    if named:
        return named[0], ""
    found = [r for r in find_references(written) if r.symbol]
    if len(found) != 1:
        return None, (f"«{written}» không phải số, ký hiệu hay tên của một văn bản trong danh mục "
                      "(ví dụ 24-CT/TW, hoặc 27-QĐi/TU ngày 24/10/2023 khi có hai văn bản cùng số).")
    same = [d for d in registered if d.symbol_key == symbol_key(found[0].symbol)]
    if found[0].date:
        same = [d for d in same if d.date == found[0].date]
    if not same:
        return None, f"văn bản «{written}» chưa có trong danh mục; hãy đăng ký văn bản đó trước."
    if len(same) > 1:
        dates = ", ".join(d.display_date or "chưa rõ ngày" for d in same)
        return None, (f"có {len(same)} văn bản cùng số, ký hiệu «{found[0].symbol}» (ngày {dates}); hãy ghi thêm "
                      f"ngày ban hành, ví dụ «{found[0].symbol} ngày {same[0].display_date or '13/7/2023'}».")
    return same[0], ""


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
    term = str(entry.get("term") or "").strip()
    term_match = _TERM_RE.match(term) if term else None
    if term and term_match is None:
        problems.append(Problem(file, line, f"{where}.term", f"khóa «{term}» không hợp lệ; viết dạng «khóa XIII»."))
    status = str(entry.get("status") or "").strip()
    if status and status.casefold() not in STATUSES:
        problems.append(Problem(file, line, f"{where}.status", (
            f"tình trạng «{status}» không hợp lệ; dùng một trong: {', '.join(STATUSES)} "
            "(văn bản bị thay thế thì ghi «replaced_by» là số, ký hiệu của văn bản thay thế).")))
        status = ""
    for name in RELATION_FIELDS.values():
        if isinstance(entry.get(name), dict):
            problems.append(Problem(file, line, f"{where}.{name}", "cần một số, ký hiệu văn bản hoặc một danh sách."))
            entry = {k: v for k, v in entry.items() if k != name}
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
                     registered=True, line=line, kind=kind,
                     term=f"khóa {term_match.group(1).upper()}" if term_match else "", status=status.casefold())


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
