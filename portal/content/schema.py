"""The month data file's fields: names, types, whether required, and their Vietnamese labels.

Field names are English (they are code); the labels are what an editor reads in messages and
in the comments `portal import` writes, so each field is named the way the document names it.
"""
from __future__ import annotations

from dataclasses import dataclass

from portal.content.columns import TASK_COLUMNS


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # "str", "list[str]", "bool", "mapping", "list[mapping]"
    required: bool
    label: str
    tool: bool = False  # written by a command (``portal status``, ``portal draft``), not listed in the file's guide
    rare: bool = False  # listed in the file's guide only when the file uses it (so files without it stay as they were)


HEADER_FIELDS = [
    Field("parent_body", "str", False, "Cơ quan cấp trên (dòng đầu bên trái)"),
    Field("issuing_body", "str", True, "Cơ quan ban hành"),
    Field("number", "str", True, "Số văn bản (có thể để «[so]» khi chưa cấp số)"),
    Field("symbol", "str", True, "Ký hiệu văn bản, ví dụ CTr/BTGTU"),
    Field("motto", "str", False, "Tiêu ngữ (ĐẢNG CỘNG SẢN VIỆT NAM)"),
    Field("place", "str", False, "Địa danh"),
    Field("date", "str", False, "Ngày tháng năm ban hành, như ghi trên văn bản"),
    Field("title", "str", True, "Tên loại văn bản (CHƯƠNG TRÌNH)"),
    Field("subtitle", "str", True, "Trích yếu (Công tác Tuyên giáo tháng …)"),
]

# A task's fields: the table's columns (portal.content.columns, in the document's order), then the others.
TASK_FIELDS = [
    *(Field(column.key, column.kind, column.required, column.label, rare=not column.usual) for column in TASK_COLUMNS),
    Field("restricted", "bool", False, "Hạn chế (không công bố)"),
    Field("done_date", "str", False, "Ngày hoàn thành (YYYY-MM-DD, ghi bằng «portal status»)", tool=True),
    Field("carried_from", "str", False, "Chuyển tiếp từ nhiệm vụ (YYYY-MM/II-8, ghi bằng «portal draft»)", tool=True),
]

SECTION_FIELDS = [
    Field("numeral", "str", True, "Số La Mã của mục (I, II, III…; hoặc chữ A, B… khi văn bản chia mục bằng chữ)"),
    Field("title", "str", True, "Tên mục"),
    Field("tasks", "list[mapping]", True, "Danh sách nhiệm vụ"),
]

GROUP_FIELDS = [
    Field("letter", "str", True, "Chữ của nhóm (A, B…)"),
    Field("title", "str", True, "Tên nhóm (CÔNG TÁC TUYÊN GIÁO…)"),
    Field("sections", "list[mapping]", True, "Các mục của nhóm"),
]

SIGNATURE_FIELDS = [
    Field("titles", "list[str]", True, "Chức danh người ký (K/T TRƯỞNG BAN…)"),
    Field("mark", "str", False, "Ký hiệu chữ ký/con dấu"),
    Field("name", "str", True, "Họ tên người ký"),
]

PROGRAMME_FIELDS = [
    Field("month", "str", True, "Tháng của chương trình (YYYY-MM)"),
    Field("until", "str", False, "Tháng cuối, khi một chương trình gộp hai tháng liền nhau (YYYY-MM, tháng sau «month»)"),
    Field("restricted", "bool", False, "Hạn chế cả tháng (không công bố)"),
    Field("draft", "bool", False, "Dự thảo (chỉ có trong bản xem trước và bản nội bộ; bỏ dòng này để công bố)"),
    Field("header", "mapping", True, "Phần đầu văn bản"),
    Field("preamble", "str", False, "Dòng mở đầu của bảng"),
    Field("sections", "list[mapping]", False, "Các mục của bảng (khi bảng không chia nhóm)"),
    Field("groups", "list[mapping]", False, "Các nhóm mục (A, B…) khi bảng chia nhóm, mỗi nhóm có các mục của nó"),
    Field("closing", "str", False, "Đoạn kết"),
    Field("recipients", "list[str]", False, "Nơi nhận"),
    Field("drafter", "str", False, "Ký hiệu người soạn thảo"),
    Field("signature", "mapping", True, "Khối chữ ký"),
    Field("unplaced", "list[str]", False, "Dòng chưa xếp được khi nhập (cần biên tập viên xử lý)"),
]

KIND_LABELS = {
    "str": "một chuỗi văn bản",
    "list[str]": "một danh sách chuỗi (mỗi dòng bắt đầu bằng «- »)",
    "bool": "true hoặc false",
    "mapping": "một nhóm trường (khóa: giá trị)",
    "list[mapping]": "một danh sách các mục",
}
