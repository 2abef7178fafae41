"""Accent folding (``portal.text.fold``): what a folded text reads, and that folding word by word
(each word once a process) gives what folding the whole text in one pass gives, for any text."""
from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.text.fold import fold, fold_whole


@pytest.mark.parametrize("text, expected", [
    ("Đảng ủy", "dang uy"),
    ("  Ban Tuyên giáo\tTỉnh ủy \n", "ban tuyen giao tinh uy"),
    ("KẾT LUẬN số 501-KL/TU", "ket luan so 501-kl/tu"),
    (unicodedata.normalize("NFD", "Nghị quyết"), "nghi quyet"),  # Unikey's «Unicode tổ hợp»
    ("a \u0301 b", "a b"),  # a mark standing alone between spaces
    ("\u0301", ""),
    ("", ""),
    ("tháng\u00a011\u2000năm\u30002023", "thang 11 nam 2023"),  # no-break, en quad, ideographic spaces
    ("Straße ǅ ﬁ", "strasse ǆ fi"),  # casefold's full folding
    ("ΣΊΣΥΦΟΣ", "σισυφοσ"),  # no final sigma: casefold has no context
    ("가각 \u1100\u1161", "가각 가"),  # Hangul: composed again after the marks go
])
def test_fold(text, expected):
    assert fold(text) == expected
    assert fold_whole(text) == expected


# every kind of character a text may hold, weighted to the ones folding treats specially: letters with
# marks (composed or not), loose marks, every kind of whitespace, đ, Hangul jamo, cased letters
_SPECIAL = st.sampled_from(list("đĐảẢơƯ ßΣς\t\n\r\u00a0\u1680\u2000\u2001\u2028\u3000\u0300\u0301\u0323\u0345"
                                "\u1100\u1161\u11a8ǅﬁİ") + [unicodedata.normalize("NFD", "ệ")])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.characters(), _SPECIAL), max_size=40).map("".join))
def test_folding_word_by_word_is_folding_the_whole_text(text):
    fold.cache_clear()
    assert fold(text) == fold_whole(text)
