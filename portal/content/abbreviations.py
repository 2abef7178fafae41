"""The office's abbreviations (``content/viet-tat.yaml``): one vocabulary the search reads both ways.

Offices write ``DLXH`` and ``dư luận xã hội``, ``BCĐ 35`` and ``Ban Chỉ đạo 35``, ``Phòng TT-TT`` and
``Phòng Thông tin - Tuyên truyền`` in the same programmes, so a reader typing one form must find the
other. The list is content the office extends, validated like the other registries (file, line and
field in every message). The search files each record under the other form of every abbreviation
it writes (:meth:`Abbreviations.expand`), with phrase credit for the full phrase; the guide page
shows the list.

An entry with a department code is that department's name: its full phrase (``Thông tin - Tuyên
truyền``) means the department only after ``Phòng`` («công tác thông tin tuyên truyền» is an activity),
so only then does it bring the abbreviation.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import chain, compress
from pathlib import Path
from typing import Iterable

from portal.content.errors import ContentError, Problem
from portal.content.yamlsource import load_yaml
from portal.text.fold import fold
from portal.text.memo import WordMemo

FILE_NAME = "viet-tat.yaml"
FIELDS = {"abbreviation", "full", "department"}
EMPTY_HINT = ("Danh mục chữ viết tắt được viết tay: dòng «abbreviations:» rồi mỗi dòng một mục "
              "«- {abbreviation: DLXH, full: dư luận xã hội}». Nếu chưa cần danh mục, hãy xóa tệp.")
_TOKEN_RE = re.compile(r"\w+")
_DEPARTMENT_WORD = "phong"


def tokens(text: str) -> tuple[str, ...]:
    """The folded words of a text as the search compares them: ``BCĐ 35`` → ``("bcd", "35")``.

    Made word by word (the words between spaces, each folded and split once a process: see
    :data:`_WORD_TOKENS`), in C but for a word met the first time: the search asks this of every
    task's text and every page's (2 MB at 120 months), whose words are few and repeat. The same as
    splitting the whole text folded: folding works within a word (see :func:`~portal.text.fold.fold`),
    and a space ends a word's tokens."""
    return tuple(chain.from_iterable(map(_WORD_TOKENS.__getitem__, text.split())))


def _word_tokens(word: str) -> tuple[str, ...]:
    """Word as written → its folded tokens (``BCĐ`` → ``("bcd",)``, ``VH-VN,`` → ``("vh", "vn")``)."""
    return tuple(_TOKEN_RE.findall(fold(word)))


_WORD_TOKENS: WordMemo[str, tuple[str, ...]] = WordMemo(_word_tokens)
_MAX_KNOWN = 1 << 16  # texts whose expansions are kept (each task's text is one): start again past this


@dataclass(frozen=True)
class Abbreviation:
    abbreviation: str  # as the office writes it: ``BCĐ 35``
    full: str  # ``Ban Chỉ đạo 35``
    department: str = ""  # the department code it names, if any (``TT-TT``)
    line: int | None = None


@dataclass
class Abbreviations:
    """The vocabulary, with the folded word sequences of both forms for :meth:`expand`."""

    entries: list[Abbreviation] = field(default_factory=list)
    file: str = ""

    def __post_init__(self) -> None:
        # first word → [(words, the other form, needs «Phòng» before it)], longest first
        self._starts: dict[str, list[tuple[tuple[str, ...], str, bool]]] = {}
        self._known: dict[str, tuple[str, ...]] = {}  # text → what it brings (:meth:`_written`)
        for entry in self.entries:
            self._add(tokens(entry.abbreviation), entry.full, False)
            self._add(tokens(entry.full), entry.abbreviation, bool(entry.department))
        for found in self._starts.values():
            found.sort(key=lambda item: -len(item[0]))
        # first word → (second word → those of its entries that a text with these two words may
        # write, in the order above; the one-word entries, for any other next word or none). The first
        # words of full phrases are common words (``ban``, ``uy``, ``van``): only the entries of the
        # words that follow are compared, a tenth of them.
        self._followed: dict[str, tuple[dict[str, list[tuple[tuple[str, ...], str, bool]]],
                                        list[tuple[tuple[str, ...], str, bool]]]] = {}
        for first, found in self._starts.items():
            single = [item for item in found if len(item[0]) == 1]
            seconds = {item[0][1] for item in found if len(item[0]) > 1}
            self._followed[first] = ({second: [item for item in found if len(item[0]) == 1 or item[0][1] == second]
                                      for second in seconds}, single)

    def _add(self, words: tuple[str, ...], other: str, after_department: bool) -> None:
        if words:
            self._starts.setdefault(words[0], []).append((words, other, after_department))

    def expand(self, *texts: str) -> str:
        """The other form of each abbreviation or full phrase the texts write, one a line (once each)."""
        found: dict[str, None] = {}
        known = self._known
        if len(known) > _MAX_KNOWN:
            known.clear()
        for text in texts:
            if text:
                written = known.get(text)
                if written is None:
                    written = known[text] = self._written(text)
                found.update(dict.fromkeys(written))
        return "\n".join(found)

    def _written(self, text: str) -> tuple[str, ...]:
        """The other forms ``text`` brings, in the order written (:meth:`expand` of one text).
        Kept by text: a task's lead and units are a few texts repeated over the archive."""
        found: dict[str, None] = {}
        followed = self._followed
        words = tokens(text)
        last = len(words) - 1
        # only where an entry's first word is (in C: the words of a long text are mostly not)
        for i in compress(range(len(words)), map(followed.__contains__, words)):
            by_second, single = followed[words[i]]
            for sequence, other, after_department in by_second.get(words[i + 1], single) if i < last else single:
                if words[i:i + len(sequence)] != sequence:
                    continue
                if after_department and (i == 0 or words[i - 1] != _DEPARTMENT_WORD):
                    continue
                found.setdefault(other, None)
        return tuple(found)

    def fingerprint(self) -> tuple:
        """What the expansions depend on, for a cache key: every entry's forms and department."""
        return tuple((entry.abbreviation, entry.full, entry.department) for entry in self.entries)

    def __iter__(self):
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)


def load_abbreviations(content_dir: Path, department_codes: Iterable[str] | None = None) -> Abbreviations:
    """Load ``content/viet-tat.yaml``; an absent file is an empty vocabulary.

    ``department_codes``: the registry's codes a ``department`` field must be one of (folded)."""
    path = content_dir / FILE_NAME
    display = f"{content_dir.name}/{FILE_NAME}"
    if not path.exists():
        return Abbreviations([], display)
    located = load_yaml(path, display, EMPTY_HINT)
    items = located.data.get("abbreviations") if isinstance(located.data, dict) else None
    if not isinstance(items, list):
        raise ContentError([Problem(display, located.line(()), "abbreviations", (
            "cần danh sách «abbreviations:», mỗi mục có «abbreviation» (chữ viết tắt) và «full» (cụm từ đầy đủ)."))])
    known_codes = None if department_codes is None else {fold(code) for code in department_codes}
    problems: list[Problem] = []
    entries: list[Abbreviation] = []
    seen: dict[tuple[str, ...], Abbreviation] = {}
    for index, item in enumerate(items):
        line = located.line(("abbreviations", index))
        where = f"abbreviations[{index + 1}]"
        if not isinstance(item, dict):
            problems.append(Problem(display, line, where, "mỗi mục cần «abbreviation» và «full», ví dụ "
                                    "«- {abbreviation: DLXH, full: dư luận xã hội}»."))
            continue
        unknown = sorted(set(map(str, item)) - FIELDS)
        if unknown:
            problems.append(Problem(display, line, where, (
                f"trường không biết: {', '.join(unknown)}; các trường dùng được: abbreviation, full, department.")))
        short = str(item.get("abbreviation") or "").strip()
        full = str(item.get("full") or "").strip()
        department = str(item.get("department") or "").strip()
        if not tokens(short):
            problems.append(Problem(display, line, f"{where}.abbreviation", "thiếu chữ viết tắt (ví dụ DLXH)."))
        if len(tokens(full)) < 2:
            problems.append(Problem(display, line, f"{where}.full",
                                    "cần cụm từ đầy đủ, ít nhất hai chữ (ví dụ «dư luận xã hội»)."))
        if tokens(short) and tokens(short) == tokens(full):
            problems.append(Problem(display, line, f"{where}.full", "cụm từ đầy đủ trùng với chữ viết tắt."))
        if department and known_codes is not None and fold(department) not in known_codes:
            problems.append(Problem(display, line, f"{where}.department", (
                f"không có phòng mã «{department}» trong content/departments.yaml.")))
        if not tokens(short) or len(tokens(full)) < 2:
            continue
        earlier = seen.get(tokens(short))
        if earlier is not None and tokens(earlier.full) != tokens(full):
            problems.append(Problem(display, line, f"{where}.abbreviation", (
                f"«{short}» đã được khai báo ở dòng {earlier.line} với nghĩa «{earlier.full}»; "
                "một chữ viết tắt chỉ có một nghĩa.")))
            continue
        entry = Abbreviation(short, full, department, line)
        seen[tokens(short)] = entry
        entries.append(entry)
    if problems:
        raise ContentError(problems)
    return Abbreviations(entries, display)
