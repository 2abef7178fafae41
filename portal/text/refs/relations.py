"""How the documents a sentence cites stand to each other: :func:`find_relations`.

Party and State texts say it in a few fixed forms, each between two citations of one sentence:

- implements: «Kế hoạch số 68-KH/TU … về thực hiện Chỉ thị số 24-CT/TW», «Chương trình hành động
  … triển khai thực hiện …», «Hướng dẫn … về học tập, quán triệt …», «Kết luận … về tiếp tục thực
  hiện …», «Nghị định … quy định chi tiết một số điều của Luật …»;
- reviews: «Kế hoạch … về tổng kết 10 năm thực hiện …», «Báo cáo … sơ kết 5 năm thực hiện …»,
  «Báo cáo … kết quả thực hiện …»;
- replaces: «Quy định số 144-QĐ/TW … thay thế Quy định số 101-QĐ/TW», and the passive «… đã được
  thay thế bằng …»;
- amends: «Nghị định … sửa đổi, bổ sung một số điều của Nghị định …», and «… được sửa đổi, bổ
  sung bởi …».

Precision first. A relation is read only between two consecutive citations whose whole gap is
the first one's own words (date, issuer, term, title) and the cue; so a document merely cited
next to another («thực hiện Chỉ thị 24 và Kế hoạch 68», «căn cứ …», «theo …») is related to
nothing. A verb followed by a list of documents («thực hiện Chỉ thị 05, Kết luận 01 và Nghị quyết
35») says nothing about any one of them, and gives no relation either.
"""
from __future__ import annotations

import re
from typing import Iterable, Optional, Sequence

from portal.text.refs import regexes as rx
from portal.text.refs.find import find_references, mask_tags
from portal.text.refs.models import AMENDS, IMPLEMENTS, REPLACES, REVIEWS, Reference, Relation
from portal.text.fold import fold

# Documents that report rather than act: a report about carrying a directive out reviews it.
_REPORTS = {"Báo cáo"}
# Documents that propose rather than act.
_NOT_ACTING = {"Tờ trình"}
_MAX_GAP = 700  # characters between two citations beyond which no pattern can match


def find_relations(text: str, aliases: Iterable[str] = (),
                   references: Optional[Sequence[Reference]] = None) -> list[Relation]:
    """Every relation the sentence states between two documents it cites, in text order.

    ``references`` are the citations of ``text`` when the caller has them already (as the
    directive index does); otherwise they are found with ``aliases`` as :func:`find_references` does.
    """
    refs = list(references) if references is not None else find_references(text, aliases)
    if len(refs) < 2:
        return []
    masked = mask_tags(text)
    found: list[Relation] = []
    for index in range(len(refs) - 1):
        first, second = refs[index], refs[index + 1]
        gap = masked[first.end:second.start]
        if len(gap) > _MAX_GAP or not rx.RELATION_WORD_RE.search(gap):
            continue
        relation = _relation(first, second, gap, text)
        if relation is None or _same_document(relation.subject, relation.object):
            continue
        if _list_follows(masked, refs, index + 1):
            continue
        if relation.subject is second and _list_precedes(masked, refs, index):
            continue  # «A và C được thay thế bằng B»: the passive's object is a list
        found.append(relation)
    return found


def _relation(first: Reference, second: Reference, gap: str, text: str) -> Optional[Relation]:
    """The relation the gap between two citations states, if its whole text is one of the forms."""
    for pattern, kind, passive in ((rx.REPLACED_GAP_RE, REPLACES, True), (rx.AMENDED_GAP_RE, AMENDS, True),
                                   (rx.IMPLEMENTED_GAP_RE, IMPLEMENTS, True),
                                   (rx.REPLACES_GAP_RE, REPLACES, False), (rx.AMENDS_GAP_RE, AMENDS, False),
                                   (rx.REVIEWS_GAP_RE, REVIEWS, False), (rx.REPORT_GAP_RE, REVIEWS, False),
                                   (rx.IMPLEMENTS_GAP_RE, IMPLEMENTS, False)):
        match = pattern.fullmatch(gap)
        if match is None:
            continue
        if pattern is rx.REPORT_GAP_RE and first.type not in _REPORTS:
            continue
        if match.group("place") is not None and first.issuer is None:
            continue  # capitalised words after a bare citation start a clause of their own, not a name
        if kind == IMPLEMENTS and not passive and (first.type in _REPORTS | _NOT_ACTING
                                                   or not re.search(rx.IMPLEMENT_CORE, match["cue"])):
            continue
        subject, object_ = (second, first) if passive else (first, second)
        cue_start, cue_end = first.end + match.start("cue"), first.end + match.end("cue")
        return Relation(kind=kind, subject=subject, object=object_, cue=" ".join(text[cue_start:cue_end].split()),
                        start=first.start, end=second.end)
    return None


def _same_document(a: Reference, b: Reference) -> bool:
    """Two citations of one document: one symbol, and not two different issue dates (Party numbers
    restart with each term: «Quy định số 27-QĐi/TU ngày 24/10/2015 … thay thế bằng Quy định số
    27-QĐi/TU ngày 24/10/2023» relates two documents)."""
    if a.symbol is None or b.symbol is None or _symbol(a.symbol) != _symbol(b.symbol):
        return False
    return a.date is None or b.date is None or a.date == b.date


def _symbol(symbol: str) -> str:
    return re.sub(r"^0+(?=\d)", "", re.sub(r"\s+", "", fold(symbol)))


def _list_follows(masked: str, refs: Sequence[Reference], index: int) -> bool:
    """Whether the citation at ``index`` opens a list: another number or citation joined to it by
    «,», «;», «và», «hoặc» (a citation that goes on to relate to its own document is no list item)."""
    cited = refs[index]
    if rx.LIST_NUMBER_RE.match(masked, cited.end):
        return True
    if index + 1 >= len(refs):
        return False
    following = refs[index + 1]
    if not rx.LIST_BEFORE_RE.fullmatch(masked, cited.end, following.start):
        return False
    if index + 2 < len(refs):
        after = masked[following.end:refs[index + 2].start]
        if len(after) <= _MAX_GAP and _relation(following, refs[index + 2], after, masked) is not None:
            return False
    return True


def _list_precedes(masked: str, refs: Sequence[Reference], index: int) -> bool:
    """Whether the citation at ``index`` closes a list (the one before it joined by «và», «,»…)."""
    if index == 0:
        return False
    return bool(rx.LIST_BEFORE_RE.fullmatch(masked, refs[index - 1].end, refs[index].start))
