"""The kinds of document the office cites, one table: full name, the code written in symbols, other codes.

The reference finder reads a citation's type from it (``Chỉ thị`` ↔ ``CT`` in ``24-CT/TW``), and so
does the search (``chi thi 24``, ``ct24`` and ``24-CT/TW`` are one query word), whose browser half
receives it generated at build time. Order matters: a longer name before the name it begins with
(``Thông báo kết luận`` before ``Thông báo``), as the finder tries them in this order.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DocumentType:
    name: str  # as written in a citation: «Chỉ thị»
    code: str  # as written in a symbol: «CT» (24-CT/TW); a law has none and is cited by name («Luật»)
    strong: bool = False  # a bare number after the name is a citation («Chỉ thị 30»), not a quantity
    other_codes: tuple[str, ...] = ()  # codes also written for it: the State's «QyĐ» for «Quy định»


DOCUMENT_TYPES: tuple[DocumentType, ...] = (
    DocumentType("Thông báo kết luận", "TB"),
    DocumentType("Chương trình hành động", "CTr", other_codes=("CTHĐ",)),
    DocumentType("Nghị quyết liên tịch", "NQLT", strong=True),
    DocumentType("Thông tư liên tịch", "TTLT", strong=True),
    DocumentType("Nghị quyết", "NQ", strong=True),
    DocumentType("Chỉ thị", "CT", strong=True),
    DocumentType("Kết luận", "KL", strong=True),
    DocumentType("Kế hoạch", "KH"),
    DocumentType("Quy định", "QĐi", strong=True, other_codes=("QyĐ", "QĐI")),
    DocumentType("Quyết định", "QĐ", strong=True),
    DocumentType("Hướng dẫn", "HD", other_codes=("HĐ",)),
    DocumentType("Thông báo", "TB"),
    DocumentType("Công văn", "CV"),
    DocumentType("Công điện", "CĐ"),
    DocumentType("Chương trình", "CTr", other_codes=("CTR",)),
    DocumentType("Đề án", "ĐA"),
    DocumentType("Báo cáo", "BC"),
    DocumentType("Tờ trình", "TTr"),
    DocumentType("Quy chế", "QC"),
    DocumentType("Nghị định", "NĐ", strong=True),
    DocumentType("Thông tư", "TT", strong=True),
    DocumentType("Luật", "Luật"),
    DocumentType("Pháp lệnh", "PL"),
)
LAW = "Luật"  # the one type without a code of its own

# Full name → the code used in symbols, longest names first.
TYPE_CODES: dict[str, str] = {t.name: t.code for t in DOCUMENT_TYPES}
# Code (as written in a symbol) → full name; a later, shorter name wins a shared code (TB → Thông báo).
CODE_NAMES: dict[str, str] = {t.code: t.name for t in DOCUMENT_TYPES if t.code != LAW}
CODE_NAMES.update({code: t.name for t in DOCUMENT_TYPES for code in t.other_codes})
STRONG_TYPES = frozenset(t.name for t in DOCUMENT_TYPES if t.strong)
