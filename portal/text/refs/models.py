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

# How one document stands to another, read from a sentence (:mod:`.relations`) or stated in the
# registry. Each is said of the subject: «Kế hoạch 68-KH/TU implements Chỉ thị 24-CT/TW».
IMPLEMENTS = "implements"  # a plan, programme, guidance… carrying out a directive, resolution, law
REPLACES = "replaces"  # the subject takes the object's place; the object is no longer in force
AMENDS = "amends"  # the subject amends or supplements (sửa đổi, bổ sung) the object
REVIEWS = "reviews"  # the subject reviews (sơ kết, tổng kết) how the object was carried out
RELATION_KINDS = (IMPLEMENTS, REPLACES, AMENDS, REVIEWS)


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


@dataclass(frozen=True)
class Relation:
    """A relation between two citations of one sentence, as the sentence states it.

    ``subject`` does ``kind`` to ``object`` («Kế hoạch số 68-KH/TU … về thực hiện Chỉ thị số
    24-CT/TW»: subject 68-KH/TU, kind implements, object 24-CT/TW) whichever comes first in the
    text (a passive «… được thay thế bằng …» names the object first). ``cue`` is the words that
    say it, as written; ``start``/``end`` span both citations and the cue.
    """

    kind: str
    subject: Reference
    object: Reference
    cue: str
    start: int
    end: int

    def as_json(self) -> dict:
        return {"kind": self.kind, "subject": self.subject.text, "object": self.object.text, "cue": self.cue,
                "start": self.start, "end": self.end}
