"""Generate a synthetic archive of N monthly programmes, for benchmarks and scale tests.

Why synthetic: the office has one real programme in the repository; build time, memory, site
size and search must be measured on ten years and more. The archive is built from the sample's
vocabulary (content/programmes/2023-11.yaml): the three departments and the ways their names
are typed, task texts of 100-400 characters, every deadline form staff write, coordinating-unit
lists, the occasional ``<i>italic</i>``, and citations of directives in their real forms.

Citations follow the shape of a real archive: a core of standing directives (a few cited every
month, Zipf-like), and a stream of new documents issued each month that are cited once or twice
in the months after they appear. So the number of distinct directives grows with the archive
(a few hundred for ten years), as the directives index will.

Deterministic: the same seed gives the same bytes. Each month draws from its own random stream
(seeded by the seed and the month), so an archive of 12 months is the first year of an archive
of 120 months with the same seed and start.

Usage: python scripts/gen_archive.py --months 120 --seed 1 --out DIR [--start 2016-01]
writes DIR/content/programmes/YYYY-MM.yaml, DIR/content/departments.yaml and directives.yaml.
"""
from __future__ import annotations

import argparse
import calendar
import random
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from portal.content.datafile import _comment_block, normalise  # noqa: E402

# --- Departments: code, name, the lead spellings met in the column, the section they run ---

@dataclass(frozen=True)
class Dept:
    code: str
    name: str
    aliases: tuple[str, ...]
    spellings: tuple[tuple[str, int], ...]  # lead as typed, weight
    section: str


DEPARTMENTS = [
    Dept("HC-TH, KG, VH-VN", "Phòng Hành chính - Tổng hợp, Khoa giáo, Văn hóa - Văn nghệ",
         ("Phòng HC-TH, KG, VH-VN",), (("Phòng HC-TH, KG, VH-VN", 20), ("HC-TH, KG, VH-VN", 1)),
         "Tổng hợp, Khoa giáo, Văn hóa, Văn nghệ"),
    Dept("LLCT-LSĐ", "Phòng Lý luận chính trị - Lịch sử Đảng", ("LLCT-LSĐ", "Phòng LLCT-LSĐ"),
         (("LLCT-LSĐ", 10), ("LLCT-LSD", 8), ("Phòng LLCT-LSĐ", 2)), "Lý luận Chính trị - Lịch sử Đảng"),
    Dept("TT-TT", "Phòng Thông tin - Tuyên truyền", ("Phòng TT-TT",),
         (("Phòng TT-TT", 20), ("Phòng TT- TT", 1), ("TT-TT", 1)), "Thông tin - Tuyên truyền"),
]

COORDINATORS = [
    "Các phòng chuyên môn thuộc Ban", "Các phòng thuộc Ban", "Các phòng trực thuộc BTGTU.",
    "Các đơn vị có liên quan.", "Các cấp ủy trực thuộc.", "Ban tuyên giáo các cấp ủy trực thuộc.",
    "Ban TG, TH các cấp ủy trực thuộc", "BTG các huyện ủy, thành ủy, đảng ủy trực thuộc tỉnh.",
    "Văn phòng Tỉnh ủy", "Ủy ban Kiểm tra Tỉnh ủy.", "Ban Nội chính TU; Ủy ban Kiểm tra TU;",
    "Ban Cán sự Đảng UBND tỉnh;", "Sở Văn hóa, Thể thao và Du lịch tỉnh.", "Bộ Chỉ huy Quân sự tỉnh.",
    "Công an tỉnh.", "Sở Thông tin và Truyền thông.", "Báo Đồng Nai.", "Đài Phát thanh - Truyền hình Đồng Nai.",
    "Trường Chính trị tỉnh - Các Trung tâm chính trị huyện", "Hội VHNT tỉnh; Liên hiệp các Hội KH-KT.",
    "Nhà xuất bản Đồng Nai.", "Các cấp ủy trực thuộc; MTTQ và các đoàn thể.", "Các trung tâm lưu trữ",
    "Cộng tác viên Cổng thông tin điện tử Đảng bộ tỉnh", "Ban Chỉ đạo 35 các cấp ủy trực thuộc.",
]

# --- Directives: the standing core, cited month after month (rank 1 most often) ---

@dataclass(frozen=True)
class Directive:
    kind: str  # type word: "Kết luận", "Nghị định"…
    code: str  # "501-KL/TU", "30/2020/NĐ-CP"
    date: tuple[int, int, int]  # day, month, year
    issuer: str  # "của Bộ Chính trị"
    about: str  # what it is about, for the sentence

    def cite(self, rng: random.Random) -> str:
        """The directive as a task cites it: number alone, or with date and issuer."""
        so = "số " if rng.random() < 0.6 else ""
        day, month, year = self.date
        style = rng.random()
        if style < 0.45:
            return f"{self.kind} {so}{self.code}"
        date = f"{day:02d}/{month}/{year}" if rng.random() < 0.5 else f"{day}/{month}/{year}"
        comma = ", " if style > 0.85 else " "
        return f"{self.kind} {so}{self.code}{comma}ngày {date} {self.issuer}"


CORE = [
    Directive("Chỉ thị", "05-CT/TW", (15, 5, 2015), "của Bộ Chính trị",
              "đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"),
    Directive("Kết luận", "501-KL/TU", (18, 5, 2015), "của Ban Chấp hành Đảng bộ tỉnh",
              "nâng cao hiệu quả hoạt động các thiết chế văn hóa, thông tin cơ sở"),
    Directive("Nghị quyết", "35-NQ/TW", (22, 10, 2018), "của Bộ Chính trị",
              "tăng cường bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác các quan điểm sai trái, thù địch"),
    Directive("Chỉ thị", "24-CT/TW", (13, 7, 2013), "của Bộ Chính trị",
              "bảo đảm vững chắc an ninh quốc gia trong bối cảnh hội nhập quốc tế toàn diện, sâu rộng"),
    Directive("Kết luận", "100-KL/TW", (18, 8, 2014), "của Ban Bí thư (khóa XI)",
              "đổi mới và nâng cao chất lượng công tác điều tra, nắm bắt, nghiên cứu dư luận xã hội"),
    Directive("Chỉ thị", "30-CT/TW", (25, 12, 2013), "của Ban Bí thư",
              "phát triển và tăng cường quản lý báo chí điện tử, mạng xã hội và các loại hình truyền thông khác"),
    Directive("Kết luận", "57-KL/TW", (8, 3, 2013), "của Bộ Chính trị",
              "tiếp tục nâng cao chất lượng, hiệu quả công tác thông tin đối ngoại trong tình hình mới"),
    Directive("Kết luận", "21/KL-BCA", (12, 6, 2015), "của Bộ Công an",
              "khắc phục hạn chế về công tác bảo vệ bí mật nhà nước"),
    Directive("Quy định", "27-QĐi/TU", (24, 10, 2015), "của Ban Thường vụ Tỉnh ủy",
              "kiểm soát quyền lực và phòng chống tham nhũng, tiêu cực trong công tác cán bộ"),
    Directive("Nghị định", "30/2020/NĐ-CP", (5, 3, 2015), "của Chính phủ", "công tác văn thư"),
    Directive("Chỉ thị", "27/CT-TTg", (20, 9, 2015), "của Thủ tướng Chính phủ",
              "tăng cường công tác quản lý nhà nước về văn hóa cơ sở"),
    Directive("Công văn", "1066/UBND-VXNV", (3, 2, 2015), "của UBND tỉnh",
              "triển khai công tác tuyên truyền kỷ niệm các ngày lễ lớn"),
    Directive("Nghị quyết", "33-NQ/TW", (9, 6, 2014), "của Ban Chấp hành Trung ương Đảng (khóa XI)",
              "xây dựng và phát triển văn hóa, con người Việt Nam đáp ứng yêu cầu phát triển bền vững đất nước"),
    Directive("Quy định", "08-QĐi/TW", (25, 10, 2015), "của Ban Chấp hành Trung ương",
              "trách nhiệm nêu gương của cán bộ, đảng viên"),
    Directive("Kế hoạch", "68-KH/TU", (27, 9, 2015), "của Ban Thường vụ Tỉnh ủy",
              "thực hiện công tác bảo vệ chính trị nội bộ"),
    Directive("Luật", "42/2013/QH13", (29, 11, 2013), "của Quốc hội", "tiếp công dân"),
    Directive("Hướng dẫn", "12-HD/BTGTW", (4, 4, 2015), "của Ban Tuyên giáo Trung ương",
              "công tác tuyên truyền miệng và đội ngũ báo cáo viên"),
    Directive("Chỉ thị", "36-CT/TU", (2, 11, 2015), "của Ban Thường vụ Tỉnh ủy",
              "tăng cường công tác phòng, chống ma túy trên địa bàn tỉnh"),
]
CORE_WEIGHTS = [1 / (rank + 1) ** 1.15 for rank in range(len(CORE))]

# New documents issued each month: (type word, code pattern, issuer, weight).
# Party codes restart with each five-year term; state codes restart with each year.
NEW_KINDS = [
    ("Kế hoạch", "{n}-KH/TU", "của Ban Thường vụ Tỉnh ủy", 14, "party"),
    ("Công văn", "{n}-CV/BTGTU", "của Ban Tuyên giáo Tỉnh ủy", 10, "party"),
    ("Kết luận", "{n}-KL/TU", "của Ban Thường vụ Tỉnh ủy", 6, "party"),
    ("Chỉ thị", "{n}-CT/TU", "của Ban Thường vụ Tỉnh ủy", 3, "party"),
    ("Nghị quyết", "{n}-NQ/TU", "của Ban Chấp hành Đảng bộ tỉnh", 2, "party"),
    ("Hướng dẫn", "{n}-HD/BTGTW", "của Ban Tuyên giáo Trung ương", 5, "party"),
    ("Thông báo", "{n}-TB/TU", "của Thường trực Tỉnh ủy", 4, "party"),
    ("Kết luận", "{n}-KL/TW", "của Bộ Chính trị", 3, "party"),
    ("Chỉ thị", "{n}-CT/TW", "của Ban Bí thư", 2, "party"),
    ("Quy định", "{n}-QĐi/TU", "của Ban Thường vụ Tỉnh ủy", 2, "party"),
    ("Chương trình", "{n}-CTr/TU", "của Tỉnh ủy", 2, "party"),
    ("Công văn", "{n}/UBND-VXNV", "của UBND tỉnh", 5, "state"),
    ("Quyết định", "{n}/QĐ-UBND", "của UBND tỉnh", 3, "state"),
    ("Nghị định", "{n}/{y}/NĐ-CP", "của Chính phủ", 2, "state"),
    ("Chỉ thị", "{n}/CT-TTg", "của Thủ tướng Chính phủ", 1, "state"),
    ("Thông tư", "{n}/{y}/TT-BTTTT", "của Bộ Thông tin và Truyền thông", 1, "state"),
]
NEW_PER_MONTH = (2, 4)  # documents issued each month (inclusive range)
CITE_WINDOW = 5  # a new document is cited within this many months after it is issued

TOPICS = [
    "công tác tuyên truyền kỷ niệm các ngày lễ lớn, sự kiện chính trị quan trọng của đất nước và của tỉnh",
    "đấu tranh, phản bác các quan điểm sai trái, thù địch trên không gian mạng",
    "nâng cao chất lượng, hiệu quả công tác nắm bắt, định hướng dư luận xã hội",
    "công tác báo cáo viên, tuyên truyền miệng và cung cấp thông tin định kỳ",
    "xây dựng, chỉnh đốn Đảng và hệ thống chính trị trong sạch, vững mạnh",
    "phòng, chống tham nhũng, tiêu cực trên địa bàn tỉnh",
    "công tác thông tin đối ngoại và tuyên truyền về biển, đảo, phân giới cắm mốc",
    "phát triển văn hóa, con người Đồng Nai đáp ứng yêu cầu phát triển bền vững",
    "công tác giáo dục lý luận chính trị, nghiên cứu, biên soạn lịch sử Đảng bộ địa phương",
    "xây dựng đội ngũ trí thức, văn nghệ sĩ và các nhà khoa học của tỉnh",
    "công tác khoa giáo, y tế, giáo dục và đào tạo trên địa bàn tỉnh",
    "an toàn giao thông, bảo vệ môi trường và ứng phó với biến đổi khí hậu",
    "Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam”",
    "phong trào thi đua “Người tốt, việc tốt” và nhân rộng các điển hình tiên tiến",
    "công tác bảo vệ chính trị nội bộ và bảo vệ bí mật nhà nước",
    "phát triển và quản lý báo chí, xuất bản, thông tin điện tử của tỉnh",
    "xây dựng mô hình học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "công tác dân vận, tôn giáo và dân tộc trong tình hình mới",
]

CITING = [
    "Tham mưu Kế hoạch, Hướng dẫn tổ chức nghiên cứu, học tập, quán triệt và tuyên truyền {cite} về {about}",
    "Tham mưu Báo cáo kết quả {n} năm thực hiện {cite} về {about}",
    "Tổng hợp Báo cáo và phối hợp tổ chức Hội nghị tổng kết {n} năm thực hiện {cite}",
    "Tham mưu văn bản quán triệt, tuyên truyền và phổ biến {cite} về {about}",
    "Báo cáo kết quả khắc phục hạn chế (theo {cite})",
    "Theo dõi, đôn đốc việc triển khai {cite} tại các cấp ủy trực thuộc",
    "Tham mưu Kế hoạch học tập, quán triệt, tuyên truyền thực hiện {cite} về thực hiện {cite2}",
    "Xây dựng đề cương tuyên truyền {cite} về {about}",
]

PLAIN = [
    "Báo cáo công tác tuyên giáo tháng {m}/{y} và nhiệm vụ trọng tâm tháng {m2}/{y2}",
    "Chương trình công tác tuyên giáo tháng {m2}/{y2}",
    "Tổng hợp, đánh giá phân loại thi đua tháng {m}/{y} trong CB, CC cơ quan Ban Tuyên giáo Tỉnh ủy",
    "Tổng hợp bảng chấm công CBCC cơ quan tháng {m}/{y}",
    "Tổ chức Hội nghị báo cáo viên thường kỳ tháng {m}/{y}",
    "Phối hợp tổ chức giao ban báo chí và Báo cáo công tác báo chí tháng {m}/{y}",
    "Tham mưu thực hiện Bản tin Thông báo nội bộ tháng {m2}/{y2}",
    "Xây dựng Đề cương, biên tập, theo dõi việc phát hành Bản tin sinh hoạt chi bộ 07 số tháng {m}/{y}",
    "Tổng hợp kết quả mở lớp tháng {m}/{y} của Trường Chính trị tỉnh và các Trung tâm chính trị cấp huyện",
    "Đăng tải tin, bài và báo cáo công tác đấu tranh, phản bác và nắm bắt DLXH hàng tuần",
    "Báo cáo kết quả viết, tin bài trên Cổng Thông tin điện tử Đảng bộ tỉnh tháng {m}/{y}",
    "Xây dựng kế hoạch kiểm tra, giám sát các nội dung chuyên đề về {topic} tại các huyện, thành phố năm {y}",
    "Báo cáo kết quả công tác tuyên truyền về {topic} năm {y}",
    "Tham mưu củng cố Ban Chỉ đạo 35 Tỉnh ủy, Tổ Thư ký giúp việc Ban Chỉ đạo 35 Tỉnh ủy",
    "Tham mưu kế hoạch tiếp đón và làm việc; chuẩn bị tài liệu phục vụ Đoàn công tác số {k} của Ban Tuyên giáo Trung ương",
    "Tham mưu Kế hoạch, Hướng dẫn tổ chức nghiên cứu, học tập, quán triệt và tuyên truyền Nghị quyết Hội nghị lần thứ {ordinal} Ban Chấp hành Trung ương Đảng khóa {term}",
    "Tiếp tục thực hiện biên soạn sách chuyên đề về {topic}",
    "Xây dựng chương trình và tổ chức Lễ ký kết chương trình phối hợp giữa Ban Tuyên giáo Tỉnh ủy với Lữ đoàn {k} về {topic}",
    "Tham mưu Báo cáo kết quả thực hiện công tác kiểm tra, giám sát của cấp ủy năm {y} về {topic}",
    "Tổ chức họp Ban tổ chức, Ban giám khảo, Tổ Thư ký chấm xét giải báo chí về Xây dựng Đảng (Giải Búa liềm vàng) tỉnh Đồng Nai lần thứ {roman} năm {y}",
    "Dự thảo Kế hoạch gặp gỡ đầu Xuân năm {y2} với văn nghệ sĩ, đội ngũ trí thức và các nhà khoa học tỉnh",
    "Báo cáo kết quả thực hiện công tác phòng, chống tham nhũng, tiêu cực trong tháng {m}/{y}",
]

EXTRA_CLAUSES = [
    "bảo đảm đúng tiến độ và chất lượng theo yêu cầu của Thường trực Tỉnh ủy",
    "gắn với việc sơ kết, đánh giá kết quả thực hiện tại các cấp ủy trực thuộc",
    "kịp thời đề xuất Lãnh đạo Ban các giải pháp tháo gỡ khó khăn, vướng mắc",
    "tổng hợp ý kiến góp ý của các phòng chuyên môn thuộc Ban",
    "phục vụ Hội nghị Ban Thường vụ Tỉnh ủy",
    "trình Thường trực Tỉnh ủy xem xét, cho ý kiến",
    "theo hướng dẫn của Ban Tuyên giáo Trung ương",
]

ITALIC_NOTES = [
    "Phục vụ Hội nghị tổng kết công tác DLXH năm {y}",
    "theo chỉ đạo của Thường trực Tỉnh ủy",
    "Nội dung phát sinh",
    "Thực hiện theo Kế hoạch của Ban Thường vụ Tỉnh ủy",
]

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
ORDINALS = ["ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười"]

# Every deadline form staff write, with how often it appears (weights of a real year).
DEADLINE_FORMS = [
    ("date", 30), ("ngay", 6), ("truoc_ngay", 6), ("truoc", 4), ("phat_hanh", 2), ("cham_nhat", 2),
    ("trong_thang", 30), ("dau_thang", 2), ("giua_thang", 2), ("cuoi_thang", 2), ("quy", 2),
    ("sau_thang", 1), ("nam", 1), ("tu_den", 2), ("range", 2), ("hang_tuan", 2), ("thu_hang_tuan", 1),
    ("hang_thang", 1), ("thuong_xuyen", 3), ("ngay_thang_nam", 1),
]
DEADLINE_FORM_NAMES = [name for name, _ in DEADLINE_FORMS]


def _next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def deadline(form: str, year: int, month: int, rng: random.Random) -> str:
    """A deadline of ``form`` for the programme of ``month``/``year``: valid calendar dates only."""
    last = calendar.monthrange(year, month)[1]
    day = rng.randint(1, last)
    dd = f"{day:02d}" if rng.random() < 0.7 else str(day)
    date = f"{dd}/{month:02d}/{year}" if rng.random() < 0.8 else f"{dd}/{month}/{year}"
    ny, nm = _next_month(year, month)
    if form == "date":
        return date
    if form == "ngay":
        return f"Ngày {date}"
    if form == "truoc_ngay":
        return f"Trước ngày {date}"
    if form == "truoc":
        return f"Trước {date}"
    if form == "phat_hanh":
        return f"Phát hành trước {rng.randint(1, 5):02d}/{nm:02d}/{ny}"
    if form == "cham_nhat":
        return f"Chậm nhất ngày {date}"
    if form == "trong_thang":
        return f"Trong tháng {month}/{year}" if rng.random() < 0.9 else f"Trong tháng {month:02d}/{year}"
    if form in ("dau_thang", "giua_thang", "cuoi_thang"):
        word = {"dau_thang": "Đầu", "giua_thang": "Giữa", "cuoi_thang": "Cuối"}[form]
        return f"{word} tháng {month}/{year}"
    if form == "quy":
        return f"Quý {ROMAN[(month - 1) // 3]}/{year}"
    if form == "sau_thang":
        return rng.choice([f"6 tháng đầu năm {year}", f"6 tháng cuối năm {year}", "6 tháng đầu năm"])
    if form == "nam":
        return f"Năm {year + (1 if month >= 10 else 0)}"
    if form == "tu_den":
        start = rng.randint(1, max(1, last - 10))
        end = rng.randint(start + 1, last)
        return f"Từ ngày {start:02d}/{month:02d} đến {end:02d}/{month:02d}/{year}"
    if form == "range":
        start = rng.randint(1, last - 3)
        return f"{start:02d}-{start + rng.randint(1, 3):02d}/{month:02d}/{year}"
    if form == "hang_tuan":
        return "Hàng tuần"
    if form == "thu_hang_tuan":
        return f"Thứ {rng.randint(2, 6)} hàng tuần"
    if form == "hang_thang":
        return f"Ngày {rng.choice([5, 10, 15, 20, 25])} hàng tháng"
    if form == "thuong_xuyen":
        return "Thường xuyên"
    if form == "ngay_thang_nam":
        return f"ngày {day} tháng {month} năm {year}"
    raise ValueError(form)


# --- The stream of new documents: a pure function of (seed, issue month) ---

def _month_index(start: str, offset: int) -> tuple[int, int]:
    year, month = int(start[:4]), int(start[5:7])
    total = year * 12 + month - 1 + offset
    return total // 12, total % 12 + 1


def _stream(seed: int, *key) -> random.Random:
    """An independent random stream for one purpose and month: string seeds are stable across runs."""
    return random.Random(f"{seed}:" + ":".join(str(k) for k in key))


def issued_in(seed: int, year: int, month: int) -> list[tuple[Directive, list[int]]]:
    """Documents issued in a month, each with the month offsets (0..CITE_WINDOW) it is cited in."""
    rng = _stream(seed, "issued", year, month)
    kinds = [k for k in NEW_KINDS]
    weights = [k[3] for k in NEW_KINDS]
    out = []
    used: set[str] = set()
    term_month = ((year - 2015) % 5) * 12 + month  # Party numbering restarts with each term
    for slot in range(rng.randint(*NEW_PER_MONTH)):
        kind, pattern, issuer, _, family = rng.choices(kinds, weights)[0]
        if family == "party":
            number = (term_month - 1) * 9 + slot * 2 + rng.randint(1, 2)
        elif "UBND-VXNV" in pattern:
            number = (month - 1) * 900 + rng.randint(1, 880)
        else:
            number = (month - 1) * 12 + slot * 3 + rng.randint(1, 3)
        code = pattern.format(n=number, y=year)
        if code in used:
            continue
        used.add(code)
        day = rng.randint(1, min(25, calendar.monthrange(year, month)[1]))
        directive = Directive(kind, code, (day, month, year), issuer, rng.choice(TOPICS))
        times = 1 if rng.random() < 0.55 else (2 if rng.random() < 0.8 else 3)
        out.append((directive, sorted(rng.sample(range(1, CITE_WINDOW + 1), times))))
    return out


def _due_citations(seed: int, year: int, month: int) -> list[Directive]:
    """New documents whose citation falls in this month (issued in the months before)."""
    due = []
    for back in range(1, CITE_WINDOW + 1):
        y, m = _month_index(f"{year:04d}-{month:02d}", -back)
        for directive, offsets in issued_in(seed, y, m):
            due.extend(directive for offset in offsets if offset == back)
    return due


# --- Tasks and months ---

def _fit(text: str, rng: random.Random) -> str:
    """Bring a task text to 100-400 characters by adding or dropping trailing clauses."""
    clauses = rng.sample(EXTRA_CLAUSES, len(EXTRA_CLAUSES))
    target = max(100, int(rng.triangular(60, 400, 110)))
    while len(text) < target and clauses:
        text += ", " + clauses.pop()
    if len(text) > 398:
        cut = text.rfind(",", 0, 398)
        text = text[:cut if cut > 100 else 398].rstrip(" ,;")
    return text


def task_text(rng: random.Random, year: int, month: int, cites: list[Directive]) -> str:
    ny, nm = _next_month(year, month)
    fields = dict(m=month, y=year, m2=nm, y2=ny, topic=rng.choice(TOPICS), k=rng.randint(1, 9),
                  roman=rng.choice(ROMAN[1:6]), ordinal=rng.choice(ORDINALS), term=rng.choice(["XII", "XIII"]),
                  n=rng.choice([5, 10, 15, 20]))
    if cites:
        template = rng.choice([t for t in CITING if ("{cite2}" in t) == (len(cites) > 1)])
        fields.update(cite=cites[0].cite(rng), about=cites[0].about,
                      cite2=cites[1].cite(rng) if len(cites) > 1 else "")
    else:
        template = rng.choice(PLAIN)
    text = template.format(**fields)
    if rng.random() < 0.06:
        text += f" (<i>{rng.choice(ITALIC_NOTES).format(y=year)}</i>)"
    text = _fit(text, rng)
    return text + ("." if rng.random() < 0.6 and not text.endswith(")") else "")


def _weighted(rng: random.Random, pairs) -> str:
    items, weights = zip(*pairs)
    return rng.choices(items, weights)[0]


def _recurring_form(text: str) -> str | None:
    if "hàng tuần" in text:
        return "hang_tuan"
    return None


def generate_month(seed: int, year: int, month: int, first: bool = False, cited: list | None = None) -> dict:
    """The data of one month's programme, as ``portal import`` would write it.

    The directives its tasks cite are appended to ``cited`` (for the directive registry).
    """
    rng = _stream(seed, "month", year, month)
    due = _due_citations(seed, year, month)
    core = rng.choices(CORE, CORE_WEIGHTS, k=rng.randint(4, 8))
    citations = core + due
    rng.shuffle(citations)
    counts = [rng.randint(8, 12), rng.randint(12, 18), rng.randint(18, 26)]
    total = sum(counts)
    # Spread citations over distinct tasks; now and then one task cites two documents.
    cite_at: dict[int, list[Directive]] = {}
    slots = rng.sample(range(total), min(total, len(citations)))
    for slot, directive in zip(slots, citations):
        cite_at.setdefault(slot, []).append(directive)
    if len(citations) > total:
        for directive in citations[total:]:
            cite_at[rng.randrange(total)].append(directive)
    forced = list(DEADLINE_FORM_NAMES) if first else []
    rng.shuffle(forced)
    sections, position = [], 0
    for numeral, dept, count in zip(ROMAN, DEPARTMENTS, counts):
        tasks = []
        for number in range(1, count + 1):
            cites = cite_at.get(position, [])[:2]
            if cited is not None:
                cited.extend(cites)
            text = task_text(rng, year, month, cites)
            form = forced.pop() if forced else (_recurring_form(text) or _weighted(rng, DEADLINE_FORMS))
            recurring = form in ("hang_tuan", "thu_hang_tuan", "hang_thang", "thuong_xuyen")
            units = rng.sample(COORDINATORS, rng.choices([0, 1, 2, 3], [1, 12, 4, 2])[0])
            task = {
                "number": str(number),
                "text": text,
                "lead": _weighted(rng, dept.spellings),
                "coordinators": units,
                "deadline": deadline(form, year, month, rng),
                "status": "Thực hiện thường xuyên" if recurring else "Đang thực hiện",
            }
            if rng.random() < 0.005:
                task["restricted"] = True
            tasks.append(task)
            position += 1
        sections.append({"numeral": numeral, "title": dept.section, "tasks": tasks})
    py, pm = _month_index(f"{year:04d}-{month:02d}", -1)
    return {
        "month": f"{year:04d}-{month:02d}",
        "header": {
            "parent_body": "TỈNH ỦY ĐỒNG NAI", "issuing_body": "BAN TUYÊN GIÁO",
            "number": str(rng.randint(100, 400)), "symbol": "CTr/BTGTU", "motto": "ĐẢNG CỘNG SẢN VIỆT NAM",
            "place": "Đồng Nai", "date": f"ngày {rng.randint(24, 28)} tháng {pm} năm {py}",
            "title": "CHƯƠNG TRÌNH", "subtitle": f"Công tác Tuyên giáo tháng {month}/{year}",
        },
        "preamble": "Tham mưu, đề xuất trên các lĩnh vực:",
        "sections": sections,
        "closing": (f"Trên đây là Chương trình công tác Tuyên giáo tháng {month}/{year}. Trong quá trình triển "
                    "khai thực hiện có những nhiệm vụ phát sinh đột xuất, Lãnh đạo Ban Tuyên giáo Tỉnh ủy sẽ "
                    "có chỉ đạo, bổ sung./."),
        "recipients": ["Các đồng chí Lãnh đạo Ban,", "Các phòng trực thuộc Ban,", "Lưu Phòng HC-TH."],
        "drafter": rng.choice(["Dương-TH", "Lan-TH", "Minh-TH"]),
        "signature": {"titles": ["K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"], "mark": "☐",
                      "name": rng.choice(["Nguyễn Thị Hồng Trang", "Trần Văn Minh", "Lê Thị Thu Hà"])},
    }


# --- Writing ---

class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    """The C dumper (ten times faster) with the representer ``portal.content.datafile`` uses."""


def _str_representer(dumper, value: str):
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


_Dumper.add_representer(str, _str_representer)


def dump(data: dict) -> str:
    """Same layout as ``portal import`` writes (field order, one line per text, editor's guide on top)."""
    body = yaml.dump(normalise(data), Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     width=1_000_000, default_flow_style=False, indent=2)
    return _comment_block() + body


def departments_yaml() -> str:
    lines = ["# Danh mục các phòng của Ban (kho lưu trữ tổng hợp để đo hiệu năng).", "departments:"]
    for dept in DEPARTMENTS:
        lines += [f"  - code: {dept.code}", f"    name: {dept.name}", "    aliases:"]
        lines += [f"      - {alias}" for alias in dept.aliases]
    return "\n".join(lines) + "\n"


def _entry(directive: Directive) -> dict:
    day, month, year = directive.date
    return {"type": directive.kind, "issuer": directive.issuer.removeprefix("của "),
            "date": f"{day}/{month}/{year}", "title": directive.about[:1].upper() + directive.about[1:]}


def directives_yaml(cited: list[Directive], texts: str) -> str:
    """The directive registry of the archive: every document it cites, as editors register them.

    Party numbers restart with each term, so one code may name two documents: those are
    written as a list, each with its date, as ``content/directives.yaml`` expects.
    Resolutions cited by name only are registered with that name as an alias.
    """
    entries: dict[str, list[dict]] = {}
    for directive in cited:
        known = entries.setdefault(directive.code, [])
        if all(e["date"] != _entry(directive)["date"] for e in known):
            known.append(_entry(directive))
    for ordinal_index, ordinal in enumerate(ORDINALS):
        for term in ("XII", "XIII"):
            name = f"Nghị quyết Hội nghị lần thứ {ordinal} Ban Chấp hành Trung ương Đảng khóa {term}"
            if name in texts:
                entries[f"Nghị quyết Hội nghị Trung ương {ordinal_index + 3} khóa {term}"] = [{
                    "type": "Nghị quyết", "issuer": f"Ban Chấp hành Trung ương Đảng (khóa {term})",
                    "aliases": [name]}]
    data = {"directives": {code: items[0] if len(items) == 1 else items for code, items in entries.items()}}
    header = "# Danh mục văn bản của kho lưu trữ tổng hợp (để đo hiệu năng).\n"
    return header + yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1_000_000)


def generate_archive(months: int, seed: int, out_dir: Path, start: str = "2016-01") -> list[Path]:
    """Write ``out_dir/content/programmes/YYYY-MM.yaml`` for ``months`` months and the registries
    (``departments.yaml``, ``directives.yaml``).

    Returns the month files written. Existing month files in the folder are removed first, so
    the folder holds exactly this archive.
    """
    out_dir = Path(out_dir)
    programmes = out_dir / "content" / "programmes"
    programmes.mkdir(parents=True, exist_ok=True)
    for old in programmes.glob("*.yaml"):
        old.unlink()
    (out_dir / "content" / "departments.yaml").write_text(departments_yaml(), encoding="utf-8")
    written, cited, texts = [], [], []
    for offset in range(months):
        year, month = _month_index(start, offset)
        path = programmes / f"{year:04d}-{month:02d}.yaml"
        data = generate_month(seed, year, month, first=offset == 0, cited=cited)
        texts += [task["text"] for section in data["sections"] for task in section["tasks"]]
        path.write_text(dump(data), encoding="utf-8")
        written.append(path)
    (out_dir / "content" / "directives.yaml").write_text(directives_yaml(cited, "\n".join(texts)), encoding="utf-8")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Sinh kho chương trình tháng tổng hợp (để đo hiệu năng).")
    parser.add_argument("--months", type=int, default=120)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--start", default="2016-01", help="tháng đầu tiên, YYYY-MM")
    parser.add_argument("--out", required=True, help="thư mục đích; tệp ghi vào OUT/content/")
    args = parser.parse_args(argv)
    files = generate_archive(args.months, args.seed, Path(args.out), args.start)
    print(f"Đã ghi {len(files)} tháng vào {Path(args.out) / 'content' / 'programmes'}.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
