"""Status words and named documents as the query parser reads them (tokens.parse_query; search.js mirrors it)."""
from __future__ import annotations

import pytest

from portal.outputs.search.index import recency_bonus
from portal.outputs.search.tokens import parse_query


@pytest.mark.parametrize("query, keys", [
    ("quá hạn", ["status_overdue"]),
    ("nhiệm vụ trễ hạn", ["nhiem", "vu", "status_overdue"]),
    ("sắp đến hạn", ["status_soon"]),
    ("đã hoàn thành", ["status_done"]),
    ("chưa thực hiện", ["status_todo"]),
    ("Đang thực hiện", ["status_doing"]),
    ("hạn chế", ["han", "che"]),  # a word with «hạn» is no status
    ("quá trình", ["qua", "trinh"]),
])
def test_status_phrases_are_one_word(query, keys):
    assert [term.key for term in parse_query(query, final=True).terms] == keys


@pytest.mark.parametrize("query, documents", [
    ("chỉ thị 24 an ninh quốc gia", ["ct24"]),
    ("kết luận 21-KL/TW", ["kl21"]),
    ("Nghị quyết Trung ương 8", ["nqtw8"]),
    ("Quý 4", []),  # a quarter names no document
    ("tháng 11 năm 2023", []),
    ("TT-TT", []),  # a department's code
])
def test_the_document_a_query_names(query, documents):
    assert [term.document for term in parse_query(query, final=True).terms if term.document] == documents


def test_recency_is_mild_and_falls_with_age():
    bonuses = [recency_bonus(age) for age in (0, 1, 12, 60, 119)]
    assert bonuses == sorted(bonuses, reverse=True) and bonuses[0] == 40 and bonuses[2] == 20
    assert bonuses[-1] >= 1
