"""Lead strings to registry departments: aliases, case, spacing and Đ/D do not matter."""
from __future__ import annotations

import pytest
from conftest import ROOT

from portal.content.departments import Department, Registry, load_registry, names_whole_ban
from portal.text.status import is_done

REGISTRY = load_registry(ROOT / "content")
HC, LLCT, TT = "HC-TH, KG, VH-VN", "LLCT-LSĐ", "TT-TT"

# (lead as written, leading department codes, codes of departments taking part)
LEADS = [
    ("Phòng HC-TH, KG, VH-VN", [HC], []),
    ("LLCT-LSD", [LLCT], []),
    ("LLCT-LSĐ", [LLCT], []),
    ("Phòng TT-TT", [TT], []),
    ("Phòng TT- TT", [TT], []),
    ("LLCT-LSD và các phòng thuộc Ban", [LLCT], [HC, TT]),
    ("phòng tt - tt", [TT], []),
    ("Phòng LLCT-LSĐ.", [LLCT], []),
    ("Phòng TT-TT và Phòng LLCT-LSD", [TT, LLCT], []),
    ("Phòng Tổ chức", [], []),  # unknown: kept as written by the index, warned about
    ("LLCT-LSD và Phòng Tổ chức", [], []),  # one unknown part: the whole lead is unknown
]


@pytest.mark.parametrize("lead, leads, others", LEADS)
def test_lead_roles(lead, leads, others):
    roles = REGISTRY.roles(lead, [])
    assert [d.code for d in roles.leads] == leads
    assert [d.code for d in roles.coordinators] == others


# (coordinating units as written, lead, codes of departments taking part)
UNITS = [
    (["Các phòng chuyên môn thuộc Ban"], "Phòng TT-TT", [HC, LLCT]),
    (["Các phòng trực thuộc BTGTU."], "LLCT-LSD", [HC, TT]),
    (["Các Phòng thuộc Ban TGTU"], "Phòng HC-TH, KG, VH-VN", [LLCT, TT]),
    (["Phòng TT-TT", "Sở Văn hóa, Thể thao và Du lịch."], "LLCT-LSĐ", [TT]),
    (["Ban TG, TH các cấp ủy trực thuộc", "Các đơn vị có liên quan."], "Phòng TT-TT", []),
]


@pytest.mark.parametrize("units, lead, others", UNITS)
def test_coordinating_departments(units, lead, others):
    assert [d.code for d in REGISTRY.roles(lead, units).coordinators] == others


@pytest.mark.parametrize("text, whole", [
    ("Các phòng chuyên môn thuộc Ban", True), ("các phòng thuộc ban", True),
    ("Các phòng trực thuộc BTGTU.", True), ("Các cơ quan liên quan.", False),
    ("Ban TG, TH các cấp ủy trực thuộc", False),
])
def test_whole_ban_phrases(text, whole):
    assert names_whole_ban(text) is whole


def test_registry_is_data_driven():
    registry = Registry([Department("TC", "Phòng Tổ chức", aliases=["P. Tổ chức"])])
    assert registry.resolve("phong to chuc").code == "TC"
    assert registry.resolve("P. TỔ CHỨC").code == "TC"
    assert registry.resolve("LLCT-LSD") is None


@pytest.mark.parametrize("status, done", [
    ("Đã hoàn thành", True), ("Hoàn thành", True), ("Đã thực hiện xong", True),
    ("Chưa hoàn thành", False), ("Đang thực hiện", False), ("Thực hiện thường xuyên", False), ("", False),
])
def test_done_status(status, done):
    assert is_done(status) is done
