"""What a cell's text reads as, whatever column it sits in: a time phrase, a unit, a status, a number.

The header decides the columns; the content confirms them. A deadline reads as a time phrase (one
:func:`portal.text.deadlines.parse_deadline` reads, or one of the phrases offices write for no fixed
day: «Theo kế hoạch», «Khi có chỉ đạo»); a lead or a partner reads as a unit (the words units are
named with, or an office's abbreviation such as «Phòng TT-TT», «LLCT-LSĐ»); a status as one of the
office's status words. A cell that reads as none is no evidence either way: only a cell that reads
as another field than its own counts against its column.
"""
from __future__ import annotations

import re
from typing import Optional

from portal.content.columns import TASK_COLUMNS, Holds
from portal.text.deadlines import parse_deadline
from portal.text.fold import fold
from portal.text.status import canonical_status

TIME, UNIT, STATUS, NUMBER = "time", "unit", "status", "number"

# What each column's cells should read as, from what the registry says they hold; a column of free
# text (the content, the note) holds anything and is not checked.
_HOLDS_KINDS = {Holds.DEPARTMENT: UNIT, Holds.UNITS: UNIT, Holds.PERSON: UNIT, Holds.TIME_PHRASE: TIME,
                Holds.STATUS: STATUS}
FIELD_KINDS = {column.key: _HOLDS_KINDS[column.holds] for column in TASK_COLUMNS if column.holds in _HOLDS_KINDS}
KIND_NAMES = {TIME: "thời gian", UNIT: "tên đơn vị", STATUS: "tiến độ", NUMBER: "số thứ tự"}

_UNIT_WORDS = re.compile(
    r"^(?:[-+•*]\s*)?(?:phoi hop\s+|chu tri\s*:?\s*|voi\s+)?(?:cac\s+|mot so\s+)?(?:"
    r"ban|phong|so|uy ban|ubnd|ubkt|ubmttq|mttq|mat tran|huyen uy|thanh uy|thi uy|tinh uy|dang uy|dang doan|"
    r"ban can su|cap uy|hoi|doan|lien doan|lien hiep|trung tam|bao|dai|cong an|bo chi huy|bchqs|van phong|"
    r"co quan|chi bo|don vi|truong|vien|cuc|chi cuc|to|nhom|lanh dao|thuong truc|thuong vu|dong chi|d/c|dc\b|"
    r"bi thu|pho|truong|chanh|chuyen vien|can bo|bo phan|nha xuat ban|cong tac vien|doanh nghiep|cong ty|"
    r"ngan hang|kho bac|bao hiem|dai hoc|bo doi|bien phong|quan khu|lu doan|su doan|btg|bdv|btc|bnc|ttr|"
    r"ban tuyen giao|tuyen giao|dan van|to chuc|kiem tra|noi chinh|doan the|dia phuong|xa|phuong|thi tran|"
    r"huyen|thanh pho|tinh|quan|ap|khu pho|hoi dong|ban chi dao|bcd|to thu ky|ban to chuc|ban giam khao|"
    r"cac nganh|nganh|bo|tong cuc|vu|ban quan ly|bql|toa an|vien kiem sat|thanh tra|kho luu tru|luu tru|"
    r"ho tro|tham muu|giup viec|trang thong tin|cong thong tin|tap chi|ban bien tap|bao cao vien|tuyen truyen vien)\b")
_ABBREVIATION = re.compile(r"^(?:[-+•]\s*)?[A-ZĐ]{2,}(?:\s*[-&/]\s*[A-ZĐ]{1,}|\d{0,3})*\b")
_TIME_WORDS = re.compile(
    r"\b(ngay\s*\d|thang\s*(\d|nay|sau|toi|[a-z]+\s*(nam|/))|trong thang|ca thang|dau thang|cuoi thang|giua thang|"
    r"tuan|quy\s*([ivx]+|\d)|nam\s*\d{4}|ca nam|thuong xuyen|dinh ky|hang (ngay|tuan|thang|quy|nam)|truoc|"
    r"theo ke hoach|theo chi dao|theo tien do|theo yeu cau|theo lich|theo huong dan|khi co|kip thoi|lien tuc|dip|tet)\b")
_DATE_LIKE = re.compile(r"\d{1,2}\s*/\s*\d{1,2}|\b\d{4}\b")
_NUMBER = re.compile(r"^\(?(\d{1,3}(\.\d{1,3})*|[IVXLC]{1,6}|[a-z])\s*[.):]?$")


def reads_as(text: str) -> set[str]:
    """Every kind ``text`` reads as (empty when it reads as none of them)."""
    text = (text or "").strip()
    if not text:
        return set()
    out = set()
    first = text.split("\n", 1)[0].strip()
    folded = fold(first)
    if _NUMBER.match(text):
        out.add(NUMBER)
    if canonical_status(text):
        out.add(STATUS)
    if _UNIT_WORDS.match(folded) or _ABBREVIATION.match(first):
        out.add(UNIT)
    if parse_deadline(text).kind != "unknown" or _DATE_LIKE.search(text) or _TIME_WORDS.search(fold(text)):
        out.add(TIME)
    return out


def verdict(key: str, text: str) -> Optional[str]:
    """For a cell of field ``key``: ``"own"`` when it reads as its field, the other kind it reads as
    instead (``"unit"`` for a unit in a deadline column), or None when it says nothing either way."""
    own = FIELD_KINDS.get(key)
    if own is None:
        return None
    kinds = reads_as(text)
    if own in kinds:
        return "own"
    others = kinds - {NUMBER}
    if len(others) == 1:
        return next(iter(others))
    return None
