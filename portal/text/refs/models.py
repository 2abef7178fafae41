"""What the reference finder returns: one dataclass per citation, carrying its span.

``start``/``end`` are character offsets into the text the finder was given (the raw task
text, italic tags included), so the month page can insert a link exactly there.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Optional

# How a citation was written; decides how it is matched to a registered document.
PARTY = "party"  # 24-CT/TW
STATE = "state"  # 30/2020/NĐ-CP, 21/KL-BCA, 1066/UBND-VXNV
BARE = "bare"  # Quy định 164 của Bộ Chính trị (a type word and a number, no symbol)
NAMED = "named"  # Nghị quyết Hội nghị lần thứ tám Ban Chấp hành Trung ương Đảng khóa XIII
LAW = "law"  # Luật Báo chí năm 2016: a law by its name (and year), without symbol


@dataclass(frozen=True)
class Reference:
    """One citation of a document found in a text."""

    type: str  # full type word, e.g. "Chỉ thị"
    number: Optional[str]
    symbol: Optional[str]  # canonical, e.g. "24-CT/TW", "30/2020/NĐ-CP"; None for bare and named citations
    year: Optional[int]  # year inside a State symbol (30/2020/NĐ-CP → 2020)
    date: Optional[dt.date]  # issue date when the sentence gives it
    issuer: Optional[str]  # as written after "của …", or the body of a named resolution
    text: str  # exactly text[start:end]
    start: int
    end: int
    kind: str = PARTY
    term: Optional[str] = None  # "khóa XI" when the sentence says which term
    name: Optional[str] = None  # a law's name without its year, words as written: "Luật Báo chí"

    def as_json(self) -> dict:
        """The fields ``portal refs`` prints, dates as ISO strings."""
        return {"type": self.type, "number": self.number, "symbol": self.symbol, "year": self.year,
                "date": self.date.isoformat() if self.date else None, "issuer": self.issuer,
                "text": self.text, "start": self.start, "end": self.end}
