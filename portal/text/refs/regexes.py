"""Regular-expression pieces for Vietnamese document citations (eyecite's ``regexes.py``).

Kept as small named pieces so each convention is written once: type words and their codes,
Party symbols (``24-CT/TW``), State symbols (``30/2020/NĐ-CP``, ``1066/UBND-VXNV``), dates
(``ngày 27/9/2023``), issuers (``của Ban Thường vụ Tỉnh ủy``) and resolutions cited by name.
"""
from __future__ import annotations

import re

from portal.text import doctypes
from portal.text.numerals import ORDINALS, UNITS_AFTER_TEN

# The compiled patterns (``…_RE``) are declared with their type and compiled on first use, each
# once (:func:`__getattr__`): compiling all of them took ≈ 65 ms, at the start of every build and
# every ``portal`` command, while a build whose months all come from its cache uses a few of them
# and a command such as ``portal publish`` none. The text pieces are plain strings, built here.
_SOURCES: dict[str, str] = {}

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

CITATION_RE: re.Pattern[str]
_SOURCES["CITATION_RE"] = rf"{LEAD_IN}(?:{PARTY_SYMBOL}|{STATE_SYMBOL}){TAIL}"

# The symbol alone. Every citation has one, and the symbol is cheap to find where CITATION_RE,
# whose optional lead-in is tried at every character, is not: the finder looks for symbols
# first and runs CITATION_RE only over the few words before each (see LEAD_IN_BEHIND_RE).
SYMBOL_RE: re.Pattern[str]
_SOURCES["SYMBOL_RE"] = rf"{PARTY_SYMBOL}|{STATE_SYMBOL}"

# How far before a symbol's first digit its lead-in can begin. A lead-in is letters, whitespace
# and colons, never a digit (tests/test_refs_finder.py checks every character it accepts, over
# all of Unicode), in at most a type word's words plus «số». Matched on the reversed text from
# the digit, LEAD_IN_BEHIND_RE covers that many words back.
LEAD_IN_LETTER = r"[^\W\d_]"
LEAD_IN_GAP = r"[\s:]"
LEAD_IN_WORDS = max(len(word.split()) for word in [*TYPE_WORDS, "văn bản"]) + 1
LEAD_IN_BEHIND_RE: re.Pattern[str]
_SOURCES["LEAD_IN_BEHIND_RE"] = rf"{LEAD_IN_GAP}*(?:{LEAD_IN_LETTER}+{LEAD_IN_GAP}*){{0,{LEAD_IN_WORDS}}}"

BARE_RE: re.Pattern[str]
_SOURCES["BARE_RE"] = (
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
NAMED_LEAD_RE: re.Pattern[str]
_SOURCES["NAMED_LEAD_RE"] = r"[Nn]ghị\s+quyết"
NAMED_RE: re.Pattern[str]
_SOURCES["NAMED_RE"] = (
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
LAW_LEAD_RE: re.Pattern[str]
_SOURCES["LAW_LEAD_RE"] = r"Luật|Bộ\s+[lL]uật"  # «pháp luật» is no lead
LAW_RE: re.Pattern[str]
_SOURCES["LAW_RE"] = r"(?<!\w)(?<!học\s)(?<!Khoa\s)(?<!ngành\s)(?<!Hội\s)(?P<lword>Bộ\s+[lL]uật|Luật)[ \t]+(?=\w)"
LAW_WORD_RE: re.Pattern[str]
_SOURCES["LAW_WORD_RE"] = r"(?:[ \t]*,(?=[ \t]*chống\b))?[ \t]+\w+"
LAW_STOP_WORDS = frozenset("""và về của đã được trong tại cho để với theo từ đến tới có là này năm ngày số thì nhằm các
    những khi sẽ hoặc cùng đang phải do bằng qua trên dưới sau trước như gồm đối đúng vừa mà nên nhưng
    gắn góp""".split())
# After «và», what starts a new item rather than going on with a law's name: a document's type word
# («và Nghị định …», «và hướng dẫn thi hành»), a body («và Bộ …»), or a task's verb («và phổ biến …»).
LAW_NEW_ITEM_RE: re.Pattern[str]
_SOURCES["LAW_NEW_ITEM_RE"] = (rf"[ \t]+(?:{TYPE_WORD}|Bộ|Hiến|(?i:phổ|tuyên|triển|thực|tổ|quán|học|văn|tham|xây|kiểm|sơ"
                             rf"|tổng|giám|đánh|rà|nâng|tăng|đẩy|góp|chỉ|nghị|quyết|thông|kế|báo|đề))(?!\w)")
LAW_YEAR_RE: re.Pattern[str]
_SOURCES["LAW_YEAR_RE"] = r"[ \t]+(?:năm[ \t]+)?(?P<year>(?:19|20)\d\d)(?!\d)"
LAW_DATE_RE: re.Pattern[str]
_SOURCES["LAW_DATE_RE"] = rf"\s*,?\s*{DATE}"
LAW_AMENDED_RE: re.Pattern[str]
_SOURCES["LAW_AMENDED_RE"] = r"[ \t]*\((?:sửa đổi(?:,? bổ sung)?|sửa đổi, bổ sung)\)"
LAW_SYMBOL_GAP_RE: re.Pattern[str]
_SOURCES["LAW_SYMBOL_GAP_RE"] = rf"\s+{SO}"

# ---- Relations between two citations of one sentence (relations.py) ----
# Each pattern is matched on the whole stretch of text between two consecutive citations: the
# first one's date, issuer, term or quoted title when the finder left them out, then the words
# that relate the two, then nothing but whitespace. Anything else between them (another verb,
# «theo», «căn cứ», «các», a list) and there is no relation.

_DATE_PLAIN = r"\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}"
# Words of a body's name after «của» the issuer list above does not know («Ban Thường vụ Huyện ủy»,
# «Ban Cán sự đảng UBND tỉnh»): capitalised words and the few lower-case words such names have.
_BODY_WORD = (rf"(?:[{CAPITALS}][\w&-]*|{UY}|(?:tỉnh|huyện|thành|phố|thị|xã|vụ|trực|ban|bộ|đảng|nhân|dân|chính|trị"
              r"|bí|thư|trung|ương|thường|chấp|hành|hội|đồng|tuyên|giáo|vận|tổ|chức|kiểm|tra|cán|sự|đoàn|quốc|phủ"
              r"|khối|cơ|quan|các|văn|phòng|mặt|trận|liên|hiệp|thanh|niên|phụ|nữ|nông|cựu|chiến|binh|lao|động|sở|ngành"
              r"|cấp|ủy|uỷ)(?!\w))")
_SUBJECT_TAIL_PART = (rf"\s*,?\s*(?i:ngày)\s+(?:{_DATE_PLAIN})"
                      rf"|\s*,?\s*(?i:của)\s+{_BODY_WORD}(?:[ \t]+{_BODY_WORD}){{0,9}}"
                      rf"|\s*,?\s*\(?\s*(?i:khóa|khoá)\s+{ROMAN}\s*\)?"
                      rf"|\s*,?\s*\(?\s*(?i:nhiệm\s+kỳ)\s+\d{{4}}\s*{HYPHEN}\s*\d{{4}}\s*\)?"
                      r"|\s*,?\s*[“\"][^“”\"]{1,400}[”\"]"
                      # the rest of the issuer's name the finder read: «… của Ban Thường vụ Tỉnh ủy Đồng Nai»
                      rf"|(?P<place>(?:[ \t]+[{CAPITALS}]\w*){{1,3}})")
SUBJECT_TAIL = rf"(?:{_SUBJECT_TAIL_PART}){{0,4}}"
# What a replacing or amending document is about, before it says what it replaces: «Quy định số
# 144-QĐ/TW … về chuẩn mực đạo đức cách mạng …, thay thế Quy định số 101-QĐ/TW».
# Or a few words of its name («Quy chế số 05-QC/TU làm việc của Ban Chấp hành …, thay thế …»), none
# of which starts another document («văn bản», «dự thảo», a type word: «… và tham mưu văn bản thay
# thế Quy định số 101» says nothing of the first document).
_NAME_WORD = (r"(?!(?i:và|hoặc|văn|dự|theo|căn|tham|kế|quy|quyết|chương|nghị|chỉ|hướng|thông|công|đề|báo|tờ"
              r"|luật|mới|xây|soạn|trình|kiến)(?!\w))[\w-]+")
# Neither may hold a new clause's verb («…, tham mưu văn bản thay thế …»).
_NEW_CLAUSE = (r"(?i:dự\s+thảo|tham\s+mưu|đề\s+xuất|đề\s+nghị|soạn\s+thảo|kiến\s+nghị"
               r"|văn\s+bản(?:\s+mới)?\s*,?\s*(?:thay|sửa|bổ|để))(?!\w)")
SUBJECT_ABOUT = (rf"(?:\s*,?\s+(?i:về)\s+(?:(?!(?<!\w){_NEW_CLAUSE})[^.;:!?()“”\"]){{1,250}}?"
                 rf"|(?:\s+{_NAME_WORD}){{1,8}}(?:\s+{_BODY_WORD}){{0,8}})?")

# Verbs of carrying a document out. A chain of them («nghiên cứu, học tập, quán triệt và triển khai
# thực hiện») implements only when it holds one of the core verbs; «tuyên truyền Nghị quyết» alone
# is propaganda about a document, not its implementation.
IMPLEMENT_CORE = r"(?i:thực\s+hiện|triển\s+khai|quán\s+triệt|học\s+tập|thi\s+hành|cụ\s+thể\s+h(?:óa|oá)|quy\s+định\s+chi\s+tiết)"
_IMPLEMENT_VERB = (rf"(?:{IMPLEMENT_CORE}|(?i:nghiên\s+cứu|tuyên\s+truyền|phổ\s+biến|hướng\s+dẫn|quy\s+định\s+chi\s+tiết"
                   r"|tổ\s+chức|tiếp\s+tục|đẩy\s+mạnh|tăng\s+cường|lãnh\s+đạo|chỉ\s+đạo))")
_CHAIN = rf"{_IMPLEMENT_VERB}(?:(?:\s*,\s*|\s+(?i:và)\s+|\s+){_IMPLEMENT_VERB}){{0,8}}"
_MANNER = r"(?:\s+(?i:có\s+hiệu\s+quả|hiệu\s+quả|nghiêm\s+túc|đồng\s+bộ|toàn\s+diện|thắng\s+lợi|tốt))?"
_ARTICLES = (r"(?:\s+(?i:một\s+số\s+điều(?:\s*,\s*khoản)?(?:\s+và\s+biện\s+pháp\s+thi\s+hành)?\s+của"
             r"|(?:các\s+)?(?:toàn\s+văn|tinh\s+thần|nội\s+dung)(?:\s+của)?))?")
_ABOUT_WORD = r"(?:(?i:về|để|nhằm)\s+(?:(?i:việc)\s+)?)?"
IMPLEMENT_CUE = rf"{_ABOUT_WORD}{_CHAIN}{_MANNER}{_ARTICLES}"

_REVIEW_VERB = r"(?i:sơ\s+kết|tổng\s+kết|đánh\s+giá|kiểm\s+điểm|rút\s+kinh\s+nghiệm)"
_NUMBER_WORD = r"(?:\d{1,2}|một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười(?:\s+(?:một|hai|ba|bốn|lăm|năm))?|nửa)"
_PERIOD = (rf"(?i:{_NUMBER_WORD}\s+năm|{_NUMBER_WORD}\s+tháng|giữa\s+nhiệm\s+kỳ|giữa\s+kỳ|nhiệm\s+kỳ|"
           rf"giai\s+đoạn\s+\d{{4}}\s*{HYPHEN}\s*\d{{4}}|năm\s+\d{{4}})")
_CARRIED_OUT = r"(?i:(?:triển\s+khai\s+)?(?:thực\s+hiện|thi\s+hành)|triển\s+khai)"
REVIEW_CUE = (rf"{_ABOUT_WORD}(?i:tổ\s+chức\s+)?(?i:hội\s+nghị\s+)?{_REVIEW_VERB}(?:(?:\s*,\s*|\s+(?i:và)\s+){_REVIEW_VERB}){{0,3}}"
              rf"(?:\s+{_PERIOD})?(?:\s+(?i:việc|kết\s+quả|tình\s+hình))?\s+{_CARRIED_OUT}"
              # «sơ kết / tổng kết» a document itself: its carrying out is meant
              rf"|{_ABOUT_WORD}(?i:tổ\s+chức\s+)?(?i:hội\s+nghị\s+)?(?i:sơ\s+kết|tổng\s+kết)(?:\s+{_PERIOD})?")
# A report's own way of reviewing: «Báo cáo số … (về) kết quả 5 năm thực hiện …».
REPORT_CUE = (rf"{_ABOUT_WORD}(?i:đánh\s+giá\s+)?(?i:kết\s+quả|tình\s+hình)(?:\s+{_PERIOD})?"
              rf"(?:\s+(?i:việc))?\s+{_CARRIED_OUT}")

REPLACE_CUE = (r"(?:(?i:và|đồng\s+thời|được\s+ban\s+hành|ban\s+hành)\s+)?(?:(?i:để|về\s+việc)\s+)?"
               r"(?i:thay\s+thế(?:\s+cho)?|thay\s+cho)")
_AMEND_WORDS = r"(?i:sửa\s+đổi\s*,?\s*bổ\s+sung|sửa\s+đổi|bổ\s+sung)"
_AMENDED_PART = (r"(?:\s+(?:(?i:một\s+số\s+(?:điều|nội\s+dung|quy\s+định)(?:\s*,\s*khoản)?)"
                 r"|(?:(?i:điểm)\s+\w\s+)?(?:(?i:khoản)\s+\d+\s+)?(?i:điều)\s+\d+\w?)(?:\s+(?i:của))?)?")
AMEND_CUE = rf"{_ABOUT_WORD}{_AMEND_WORDS}{_AMENDED_PART}"
PASSIVE_REPLACE_CUE = (r"(?:(?i:(?:đã\s+)?hết\s+hiệu\s+lực)(?:\s*,\s*|\s+(?i:và)\s+|\s+))?(?i:(?:đã\s+)?(?:được|bị)\s+"
                       r"thay(?:\s+thế)?\s+(?:bằng|bởi))")
# «Chỉ thị số 24-CT/TW được cụ thể hóa bằng Kế hoạch số 68-KH/TU»: the object first.
PASSIVE_IMPLEMENT_CUE = (r"(?i:(?:đã\s+)?được\s+(?:cụ\s+thể\s+h(?:óa|oá)|triển\s+khai(?:\s+thực\s+hiện)?|hướng\s+dẫn"
                         r"(?:\s+(?:thực\s+hiện|thi\s+hành))?|quy\s+định\s+chi\s+tiết)\s+(?:bằng|bởi|tại))")
PASSIVE_AMEND_CUE = (r"(?i:(?:đã\s+)?được\s+)" + _AMEND_WORDS +
                     r"(?:\s+(?i:một\s+số\s+điều|năm\s+\d{4}))?\s+(?i:bởi|tại|bằng|theo)")

# Between the subject and its cue: a space; a comma only before «về» (a comma before a bare verb
# starts another clause: «Triển khai Kế hoạch 68, thực hiện Chỉ thị 24» is two tasks). Replacing
# and amending may also open a bracket or follow a comma («…, thay thế Quy định số 101»).
_TIGHT = r"(?:\s+|\s*,\s*(?=(?i:về)\s)|\s*\(\s*|\s*,?\s*[“\"](?=(?i:về)\s))"  # a quoted title may open with the cue
_LOOSE = r"(?:\s*,\s*|\s*\(\s*|\s+)"
IMPLEMENTS_GAP_RE: re.Pattern[str]
_SOURCES["IMPLEMENTS_GAP_RE"] = rf"{SUBJECT_TAIL}{_TIGHT}(?P<cue>{IMPLEMENT_CUE})\s+"
REVIEWS_GAP_RE: re.Pattern[str]
_SOURCES["REVIEWS_GAP_RE"] = rf"{SUBJECT_TAIL}{_TIGHT}(?P<cue>{REVIEW_CUE})\s+"
REPORT_GAP_RE: re.Pattern[str]
_SOURCES["REPORT_GAP_RE"] = rf"{SUBJECT_TAIL}{_TIGHT}(?P<cue>{REPORT_CUE})\s+"
REPLACES_GAP_RE: re.Pattern[str]
_SOURCES["REPLACES_GAP_RE"] = rf"{SUBJECT_TAIL}{SUBJECT_ABOUT}{_LOOSE}(?P<cue>{REPLACE_CUE})\s+"
AMENDS_GAP_RE: re.Pattern[str]
_SOURCES["AMENDS_GAP_RE"] = rf"{SUBJECT_TAIL}{SUBJECT_ABOUT}(?:{_LOOSE}(?=(?i:sửa|về))|\s+)(?P<cue>{AMEND_CUE})\s+"
REPLACED_GAP_RE: re.Pattern[str]
_SOURCES["REPLACED_GAP_RE"] = rf"{SUBJECT_TAIL}{SUBJECT_ABOUT}{_LOOSE}(?P<cue>{PASSIVE_REPLACE_CUE})\s+"
IMPLEMENTED_GAP_RE: re.Pattern[str]
_SOURCES["IMPLEMENTED_GAP_RE"] = rf"{SUBJECT_TAIL}{_LOOSE}(?P<cue>{PASSIVE_IMPLEMENT_CUE})\s+"
AMENDED_GAP_RE: re.Pattern[str]
_SOURCES["AMENDED_GAP_RE"] = rf"{SUBJECT_TAIL}{SUBJECT_ABOUT}{_LOOSE}(?P<cue>{PASSIVE_AMEND_CUE})\s+"
# A cue word must be in the gap before any of the patterns above is tried (most gaps have none).
RELATION_WORD_RE: re.Pattern[str]
_SOURCES["RELATION_WORD_RE"] = (r"(?i:thực\s+hiện|triển\s+khai|quán\s+triệt|học\s+tập|thi\s+hành|cụ\s+thể\s+h"
                              r"|chi\s+tiết|thay\s+(?:thế|cho|bằng|bởi)|sửa\s+đổi|bổ\s+sung|kết\s+quả|tình\s+hình|sơ\s+kết|tổng\s+kết|hướng\s+dẫn)")
# After the object: the list goes on (another citation, or another number), so the verb governs a
# list and names no relation. ``LIST_BEFORE_RE`` is matched on the text between two citations.
LIST_BEFORE_RE: re.Pattern[str]
_SOURCES["LIST_BEFORE_RE"] = r"[^.;:!?]{0,300}?(?:\s*[,;]\s*(?:(?i:và|hoặc)\s+)?|\s+(?i:và|hoặc|cùng|với)\s+)(?:(?i:các)\s+)?"
LIST_NUMBER_RE: re.Pattern[str]
_SOURCES["LIST_NUMBER_RE"] = r"\s*(?:[,;]|(?i:và|hoặc))\s*(?:(?i:số)\s*)?\d"


def __getattr__(name: str) -> re.Pattern[str]:
    """A declared pattern, compiled the first time it is asked for and kept as the module's own
    attribute (so later uses do not come here)."""
    try:
        source = _SOURCES[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    pattern = globals()[name] = re.compile(source)
    return pattern
