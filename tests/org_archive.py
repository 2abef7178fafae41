"""A small archive across a reorganisation, written from the sample month (no generator needed).

Three months around the 2025 changes:

- 2024-12: Ban Tuyên giáo (``CTr/BTGTU``); departments HC-TH, KG, VH-VN / LLCT-LSĐ / TT-TT.
- 2025-03: Ban Tuyên giáo và Dân vận (``CTr/BTG&DV``); TT-TT renamed TT-BC; a new Phòng Dân vận.
- 2025-08: TT-BC and Phòng Dân vận merged into TT-DV; HC-TH, KG, VH-VN split into a new
  HC-TH and KG-VX, so «Phòng HC-TH» means two departments in two periods.

Each month is the sample programme with its month, dates, symbol and leads rewritten; a few
tasks get leads that the checks must catch (an old name after a rename, a new name too early,
an unknown department) and citations of symbols of both periods.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from conftest import ROOT

from portal.content.datafile import dump_programme

SAMPLE = ROOT / "content" / "programmes" / "2023-11.yaml"

REGISTRY = """\
issuers:
  - name: Ban Tuyên giáo Tỉnh ủy Đồng Nai
    symbol: CTr/BTGTU
    to: 2025-02
  - name: Ban Tuyên giáo và Dân vận Tỉnh ủy Đồng Nai
    symbol: CTr/BTG&DV
    from: 2025-03
departments:
  - code: HC-TH, KG, VH-VN
    name: Phòng Hành chính - Tổng hợp, Khoa giáo, Văn hóa - Văn nghệ
    to: 2025-06
    split_into: [HC-TH, KG-VX]
    aliases:
      - Phòng HC-TH, KG, VH-VN
      - text: Phòng HC-TH
        to: 2025-06
  - code: HC-TH
    name: Phòng Hành chính - Tổng hợp
    from: 2025-07
  - code: KG-VX
    name: Phòng Khoa giáo - Văn hóa, Văn nghệ
    from: 2025-07
  - code: LLCT-LSĐ
    name: Phòng Lý luận chính trị - Lịch sử Đảng
    aliases: [LLCT-LSĐ, Phòng LLCT-LSĐ]
  - code: TT-TT
    name: Phòng Thông tin - Tuyên truyền
    to: 2024-12
    renamed_to: TT-BC
  - code: TT-BC
    name: Phòng Tuyên truyền - Báo chí
    from: 2025-01
    to: 2025-06
    merged_into: TT-DV
  - code: DV
    name: Phòng Dân vận
    from: 2025-03
    to: 2025-06
    merged_into: TT-DV
  - code: TT-DV
    name: Phòng Tuyên truyền, Báo chí và Dân vận
    from: 2025-07
"""

# Month → (symbol, lead as written in the sample → lead this month, anchor → lead of one task)
MONTHS = {
    "2024-12": ("CTr/BTGTU", {}, {"I-9": "Phòng HC-TH", "III-24": "Phòng TT-BC"}),
    "2025-03": ("CTr/BTG&DV", {"Phòng TT-TT": "Phòng TT-BC", "Phòng TT- TT": "Phòng TT-BC"},
                {"III-20": "Phòng TT-TT", "III-22": "Phòng Dân vận", "III-23": "Phòng DV"}),
    "2025-08": ("CTr/BTGTU", {"Phòng TT-TT": "Phòng TT-DV", "Phòng TT- TT": "Phòng TT-DV",
                              "Phòng HC-TH, KG, VH-VN": "Phòng HC-TH"},
                {"I-9": "Phòng KG-VX", "III-23": "Phòng Dân vận", "III-24": "Phòng Tổ chức"}),
}

# Citations of the same number under the issuers of both periods (anchor → text).
CITATIONS = {
    "2024-12": {"I-1": "Thực hiện Công văn số 105-CV/BTGTU và Kế hoạch số 01-KH/TU ngày 05/01/2024 của Tỉnh ủy."},
    "2025-03": {"I-1": "Thực hiện Công văn số 105-CV/BTG&DV ngày 03/4/2025 của Ban Tuyên giáo và Dân vận Tỉnh ủy."},
    "2025-08": {"I-1": "Triển khai Kế hoạch số 01-KH/TU ngày 10/7/2025 của Tỉnh ủy (Đồng Nai sau hợp nhất)."},
}


def _month(data: dict, month: str) -> dict:
    """The sample month moved to ``month``: every ``11/2023`` and year in its texts follows."""
    year, number = month[:4], month[5:]
    text = yaml.safe_dump(data, allow_unicode=True, width=1_000_000, sort_keys=False)
    text = text.replace("11/2023", f"{number}/{year}").replace("năm 2023", f"năm {year}")
    moved = yaml.safe_load(text)
    moved["month"] = month
    return moved


def programme(month: str) -> dict:
    symbol, renames, overrides = MONTHS[month]
    data = _month(yaml.safe_load(SAMPLE.read_text(encoding="utf-8")), month)
    data["header"]["symbol"] = symbol
    if symbol.endswith("BTG&DV"):
        data["header"]["issuing_body"] = "BAN TUYÊN GIÁO VÀ DÂN VẬN"
    for section in data["sections"]:
        for task in section["tasks"]:
            anchor = f"{section['numeral']}-{task['number']}"
            task["lead"] = overrides.get(anchor, renames.get(task["lead"], task["lead"]))
            task["text"] = CITATIONS[month].get(anchor, task["text"])
    return data


def make_content(target: Path) -> Path:
    """A content folder with the three months, the registry above and the sample's other files."""
    content = target / "content"
    shutil.copytree(ROOT / "content", content)
    for old in (content / "programmes").glob("*.yaml"):
        old.unlink()
    (content / "directives.yaml").write_text("directives: {}\n", encoding="utf-8")
    (content / "departments.yaml").write_text(REGISTRY, encoding="utf-8")
    for month in MONTHS:
        (content / "programmes" / f"{month}.yaml").write_text(dump_programme(programme(month)), encoding="utf-8")
    return content
