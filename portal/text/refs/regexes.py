"""Regular-expression pieces for Vietnamese document citations (eyecite's ``regexes.py``).

Kept as small named pieces so each convention is written once: type words and their codes,
Party symbols (``24-CT/TW``), State symbols (``30/2020/NĐ-CP``, ``1066/UBND-VXNV``), dates
(``ngày 27/9/2023``), issuers (``của Ban Thường vụ Tỉnh ủy``) and resolutions cited by name.
"""
from __future__ import annotations

import re

from portal.text import doctypes
from portal.text.numerals import ORDINALS, UNITS_AFTER_TEN

# "ủy" is written two ways (precomposed ủ + y, or u + ỷ); both, in either case.
UY = r"(?:[ủỦ]y|[uU]ỷ|[uU]y)"
HYPHEN = r"[-‐‑–—]"
ROMAN = r"[IVXL]+"
WS = r"\s+"

# Full type word → the code used in symbols (longer words first), symbol code → full type word, and
# the types strong enough to be a citation with a bare number and nothing else ("Chỉ thị 30"; the
# others, "Báo cáo 6 tháng", need "số", a date or an issuer): from the one table of document types.
TYPE_WORDS: dict[str, str] = doctypes.TYPE_CODES
CODES: dict[str, str] = doctypes.CODE_NAMES
STRONG_TYPES = doctypes.STRONG_TYPES

# Words that, after a number, show it is a quantity or a date, not a document number.
UNIT_WORDS = r"(?:tháng|năm|ngày(?!\s+\d{1,2}\s*(?:[/.-]|tháng))|quý|tuần|lần|người|đồng|triệu|tỷ|nghìn|ngàn|%|giờ|phút|km|ha|trang|đợt|bài|kỳ|số)"


def _word(text: str) -> str:
    """A multi-word phrase with any whitespace (even a line break) between its words."""
    return r"\s+".join(re.escape(part) for part in text.split())


def _code_alternatives() -> str:
    """Codes, case-insensitive, Đ also typed as D (``QDi`` for ``QĐi``), longest first."""
    variants: set[str] = set()
    for code in CODES:
        variants.add(code)
        variants.add(code.replace("Đ", "D"))
    return "|".join(re.escape(v) for v in sorted(variants, key=len, reverse=True))


TYPE_WORD = "(?i:" + "|".join(_word(w) for w in TYPE_WORDS) + ")"
CODE = "(?i:" + _code_alternatives() + ")"
NUMBER = r"\d{1,5}[a-zđA-ZĐ]?"  # 35a/NQ-CP, 12A-KH/TU
UPPER = "A-ZĐƯƠÂÊÔĂ"
# Every capital letter of Vietnamese, accented ones included (a province's name: «Tiền Giang», «Đồng Nai»).
CAPITALS = UPPER + "ÀÁẢÃẠẤẦẨẪẬẮẰẲẴẶÈÉẺẼẸẾỀỂỄỆÌÍỈĨỊÒÓỎÕỌỐỒỔỖỘỚỜỞỠỢÙÚỦŨỤỨỪỬỮỰỲÝỶỸỴ"
# Issuers of both periods: BTGTU, then BTG&DV after the 2025 merger (also typed «BTG & DV»); units
# write lower-case letters inside their abbreviation (a primary school's «TrTH»).
PARTY_ISSUER = (rf"[{UPPER}](?:[{UPPER}0-9]|[a-zđ]+(?=[{UPPER}])|\s?&\s?(?=[{UPPER}]))*"
                rf"(?:{HYPHEN}[{UPPER}0-9&]+)*")
STATE_PART = rf"[{UPPER}][{UPPER}a-zđ0-9&]*"


# State type codes as written in a symbol, exact case (Đ also as D), longest first; not the typo
# aliases (HĐ would split «HĐND»).
GLUED_CODES = sorted({v for code in CODES if code[0].isupper() and code not in ("HĐ", "QĐI", "CTR")
                      for v in (code, code.replace("Đ", "D"))}, key=len, reverse=True)
# Letters' issuers that run into their unit the same way: «UBNDVX» for «UBND-VX».
GLUED_ISSUERS = ["UBND", "HĐND", "HDND"]
GLUED_CODES = sorted([*GLUED_CODES, *GLUED_ISSUERS], key=len, reverse=True)
GLUED_CODE = "(?:" + "|".join(re.escape(code) for code in GLUED_CODES) + ")"
# A symbol whose hyphen PDF extraction lost: a known type code run into its issuer (QĐUBND, NQCP).
GLUED_STATE = rf"{GLUED_CODE}[{UPPER}][{UPPER}a-zđ0-9&]+"

# Before a number: not inside another number, word or symbol.
NUM_START = r"(?<![\w/.&-])"
# After a symbol: not inside a word, except the date glued to it in PDF text («70-TB/TWngày 06»).
END = r"(?:(?![\w&])|(?=ngày))"

# Party codes as written (exact case, Đ also as D), for a number run into its code when PDF text
# lost the hyphen: «24CT/TW» is 24-CT/TW.
PARTY_GLUED_CODE = "(?:" + "|".join(re.escape(code) for code in sorted(
    {v for code in CODES if code not in ("HĐ", "QĐI", "CTR") for v in (code, code.replace("Đ", "D"))},
    key=len, reverse=True)) + ")"
PARTY_SYMBOL = (rf"{NUM_START}(?P<pnum>\d{{1,5}}(?:[a-zđA-ZĐ](?=\s*{HYPHEN}))?)"
                rf"(?:\s*{HYPHEN}\s*(?P<pcode>{CODE})|(?P<pcode2>{PARTY_GLUED_CODE}))\s*/\s*"
                rf"(?P<pissuer>{PARTY_ISSUER}){END}")
STATE_SYMBOL = (rf"{NUM_START}(?P<snum>{NUMBER})\s*/\s*(?:"
                rf"(?P<syear>(?:19|20)\d\d)\s*/\s*(?P<ssym1>{STATE_PART}(?:\s?{HYPHEN}\s?{STATE_PART})*)"
                rf"|(?P<ssym2>{STATE_PART}(?:\s?{HYPHEN}\s?{STATE_PART})+)|(?P<ssym3>{GLUED_STATE}))"
                rf"(?:\.(?P<ssuffix>[{UPPER}]+))?{END}")

SO = r"(?i:số)\s*:?\s*"
LEAD_IN = rf"(?:(?P<tword>{TYPE_WORD}|(?i:văn\s+bản))\s+(?:{SO})?)?"

DATE_NUMERIC = r"(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})"
DATE_WORDS = r"(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>\d{4})"
DATE = rf"(?P<date>(?i:ngày)\s+(?:{DATE_NUMERIC}|{DATE_WORDS}))"

# Ministries by name: their names mix cases ("Bộ Công an"), so no capitalisation rule finds them.
MINISTRIES = [
    "Công an", "Quốc phòng", "Ngoại giao", "Nội vụ", "Tư pháp", "Kế hoạch và Đầu tư", "Tài chính",
    "Công Thương", "Nông nghiệp và Phát triển nông thôn", "Nông nghiệp và Môi trường", "Giao thông vận tải",
    "Xây dựng", "Tài nguyên và Môi trường", "Thông tin và Truyền thông", "Lao động - Thương binh và Xã hội",
    "Văn hóa, Thể thao và Du lịch", "Văn hoá, Thể thao và Du lịch", "Khoa học và Công nghệ",
    "Giáo dục và Đào tạo", "Y tế", "Dân tộc và Tôn giáo",
]
MINISTRIES.sort(key=len, reverse=True)

# Bodies that issue documents, as written after "của". Generic ministries: "Bộ" + capitalised words.
ISSUERS = [
    _word("Ban Chấp hành Trung ương Đảng"), _word("Ban Chấp hành Trung ương"),
    _word("Ban Chấp hành Đảng bộ tỉnh"), rf"{_word('Ban Thường vụ Tỉnh')}\s+{UY}",
    rf"BTV\s+{_word('Tỉnh')}\s+{UY}", rf"{_word('Thường trực Tỉnh')}\s+{UY}",
    _word("Bộ Chính trị"), _word("Ban Bí thư Trung ương Đảng"), _word("Ban Bí thư"),
    _word("Ban Tuyên giáo Trung ương"), rf"{_word('Ban Tuyên giáo và Dân vận Tỉnh')}\s+{UY}",
    rf"{_word('Ban Tuyên giáo Tỉnh')}\s+{UY}", rf"{_word('Ban Dân vận Tỉnh')}\s+{UY}",
    rf"{_word('Ban Tổ chức Tỉnh')}\s+{UY}", rf"{_word('Ủy ban Kiểm tra Tỉnh')}\s+{UY}",
    rf"Ban\s+Chỉ\s+đạo\s+\d+\s+(?:Trung\s+ương|Tỉnh\s+{UY})",
    rf"Tỉnh\s+{UY}(?:\s+Đồng\s+Nai)?", _word("Thủ tướng Chính phủ"), _word("Chính phủ"),
    rf"{_word('Ủy ban Thường vụ Quốc hội')}", _word("Quốc hội"),
    r"(?:Ủy|Uỷ)\s+ban\s+nhân\s+dân\s+tỉnh(?:\s+Đồng\s+Nai)?", r"UBND\s+tỉnh(?:\s+Đồng\s+Nai)?",
    r"Hội\s+đồng\s+nhân\s+dân\s+tỉnh", r"HĐND\s+tỉnh",
    *(_word("Bộ " + name) for name in MINISTRIES),
    *(_word("Sở " + name) for name in MINISTRIES),
]
ISSUER = "(?P<issuer>" + "|".join(ISSUERS) + ")"
TERM = rf"(?P<term>\(\s*(?i:khóa|khoá)\s+{ROMAN}\s*\)|(?i:khóa|khoá)\s+{ROMAN})"

# Date and issuer after the symbol: ", ngày 18/8/2014 của Ban Bí thư (khóa XI)".
TAIL = (rf"(?:\s*,?\s*{DATE})?(?:\s*,?\s*(?i:của)\s+{ISSUER}(?:\s*,?\s*{TERM})?{END})?")

CITATION_RE = re.compile(rf"{LEAD_IN}(?:{PARTY_SYMBOL}|{STATE_SYMBOL}){TAIL}")

# The symbol alone. Every citation has one, and the symbol is cheap to find where CITATION_RE,
# whose optional lead-in is tried at every character, is not: the finder looks for symbols
# first and runs CITATION_RE only over the few words before each (see LEAD_IN_BEHIND_RE).
SYMBOL_RE = re.compile(rf"{PARTY_SYMBOL}|{STATE_SYMBOL}")

# How far before a symbol's first digit its lead-in can begin. A lead-in is letters, whitespace
# and colons, never a digit (tests/test_refs_finder.py checks every character it accepts, over
# all of Unicode), in at most a type word's words plus «số». Matched on the reversed text from
# the digit, LEAD_IN_BEHIND_RE covers that many words back.
LEAD_IN_LETTER = r"[^\W\d_]"
LEAD_IN_GAP = r"[\s:]"
LEAD_IN_WORDS = max(len(word.split()) for word in [*TYPE_WORDS, "văn bản"]) + 1
LEAD_IN_BEHIND_RE = re.compile(rf"{LEAD_IN_GAP}*(?:{LEAD_IN_LETTER}+{LEAD_IN_GAP}*){{0,{LEAD_IN_WORDS}}}")

BARE_RE = re.compile(
    rf"(?<!\w)(?P<bword>{TYPE_WORD})\s+(?P<bso>{SO})?(?P<bnum>\d{{1,5}})"
    rf"(?!\d|\s*{HYPHEN}\s*\w|\s*/\s*\w|\s*[.,]\d|\w)"
    rf"(?!\s*{UNIT_WORDS}(?!\w))"
    rf"{TAIL}")

ORDINAL = (r"(?:" + "|".join(word for word in ORDINALS if word != "mười")
           + r"|mười(?:\s+(?:" + "|".join(UNITS_AFTER_TEN) + r"))?|\d{1,2}|" + ROMAN + ")")
_CENTRAL = r"(?:Ban\s+Chấp\s+hành|BCH)\s+Trung\s+ương(?:\s+Đảng)?"
_PROVINCIAL = r"(?:Ban\s+Chấp\s+hành|BCH)\s+Đảng\s+bộ\s+tỉnh"
_KHOA = rf"(?:\s*,?\s*(?:\(\s*)?(?i:khóa|khoá)\s+{ROMAN}(?:\s*\))?)"
# A province's or city's name after «Đảng bộ tỉnh»: capitalised words, never «lần» nor a term number.
_PLACE = rf"(?:\s+(?!{ROMAN}(?!\w))[{CAPITALS}]\w*){{1,3}}"
_LOCAL_PARTY = rf"Đảng\s+bộ(?:\s+(?:tỉnh|thành\s+phố|huyện|thị\s+xã))?(?:{_PLACE})?"
_TERM_YEARS = (rf"(?:\s*,?\s*nhiệm\s+kỳ\s+\d{{4}}\s*{HYPHEN}\s*\d{{4}}"
               rf"|\s*\(\s*(?:nhiệm\s+kỳ\s+)?\d{{4}}\s*{HYPHEN}\s*\d{{4}}\s*\))?")
# Every resolution cited by name starts so: no match without it («Hội nghị» alone is no lead).
NAMED_LEAD_RE = re.compile(r"[Nn]ghị\s+quyết")
NAMED_RE = re.compile(
    rf"(?<!\w)(?P<nword>[Nn]ghị\s+quyết)\s+(?:"
    # Nghị quyết Hội nghị lần thứ tám Ban Chấp hành Trung ương Đảng khóa XIII (also «lần thứ 6, Ban …»)
    rf"(?:Hội\s+nghị\s+)?(?:lần\s+thứ\s+{ORDINAL}\s*,?\s+)?(?:của\s+)?(?P<nbody>{_CENTRAL}|{_PROVINCIAL})"
    rf"(?:\s+lần\s+thứ\s+{ORDINAL})?{_KHOA}?"
    # Nghị quyết Trung ương 8 khóa XIII; nghị quyết Hội nghị Trung ương lần thứ 11 của BCH Trung ương Đảng
    rf"|(?:Hội\s+nghị\s+)?(?P<nbody2>Trung\s+ương|TW)\s+(?:lần\s+thứ\s+)?{ORDINAL}"
    rf"(?:\s*,?\s*(?:của\s+)?{_CENTRAL})?{_KHOA}?"
    # Nghị quyết Đại hội đại biểu Đảng bộ tỉnh (Tiền Giang) lần thứ XI / Đại hội XIII của Đảng /
    # Đại hội XI Đảng bộ tỉnh, each with its term («, nhiệm kỳ 2020 - 2025», «(2011 - 2016)»)
    rf"|(?P<nbody3>Đại\s+hội\s+(?:đại\s+biểu\s+)?(?:toàn\s+quốc|Đảng\s+toàn\s+quốc|{_LOCAL_PARTY})?)"
    rf"\s*(?:lần\s+thứ\s+)?{ROMAN}(?:\s+của\s+Đảng|\s+(?:của\s+)?{_LOCAL_PARTY})?{_TERM_YEARS}"
    r")(?!\w)")

# Laws cited by name: «Luật Báo chí năm 2016», «Bộ luật Lao động 2019», «Luật Tổ chức chính quyền
# địa phương». The lead word is found here; the name's words are walked in find.py (a name runs
# until a word that cannot be in one).
LAW_LEAD = "uật"  # in every law's lead word: no match without it (a cheap test before LAW_LEAD_RE)
LAW_LEAD_RE = re.compile(r"Luật|Bộ\s+[lL]uật")  # «pháp luật» is no lead
LAW_RE = re.compile(r"(?<!\w)(?<!học\s)(?<!Khoa\s)(?<!ngành\s)(?<!Hội\s)(?P<lword>Bộ\s+[lL]uật|Luật)[ \t]+(?=\w)")
LAW_WORD_RE = re.compile(r"(?:[ \t]*,(?=[ \t]*chống\b))?[ \t]+\w+")
LAW_STOP_WORDS = frozenset("""và về của đã được trong tại cho để với theo từ đến tới có là này năm ngày số thì nhằm các
    những khi sẽ hoặc cùng đang phải do bằng qua trên dưới sau trước như gồm đối đúng vừa mà nên nhưng
    gắn góp""".split())
# After «và», what starts a new item rather than going on with a law's name: a document's type word
# («và Nghị định …», «và hướng dẫn thi hành»), a body («và Bộ …»), or a task's verb («và phổ biến …»).
LAW_NEW_ITEM_RE = re.compile(rf"[ \t]+(?:{TYPE_WORD}|Bộ|Hiến|(?i:phổ|tuyên|triển|thực|tổ|quán|học|văn|tham|xây|kiểm|sơ"
                             rf"|tổng|giám|đánh|rà|nâng|tăng|đẩy|góp|chỉ|nghị|quyết|thông|kế|báo|đề))(?!\w)")
LAW_YEAR_RE = re.compile(r"[ \t]+(?:năm[ \t]+)?(?P<year>(?:19|20)\d\d)(?!\d)")
LAW_DATE_RE = re.compile(rf"\s*,?\s*{DATE}")
LAW_AMENDED_RE = re.compile(r"[ \t]*\((?:sửa đổi(?:,? bổ sung)?|sửa đổi, bổ sung)\)")
LAW_SYMBOL_GAP_RE = re.compile(rf"\s+{SO}")
