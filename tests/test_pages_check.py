"""The hand-written pages are checked like the data: table-driven cases of what a page author may
write (text, links, the portal's own markup) and what runs code, each refused with its line."""
from __future__ import annotations

import pytest

from portal.content.pages import bad_address, markup_problems

REFUSED = [  # (page text, line of the problem)
    ("# Trang\n\n<script>alert(1)</script>\n", 3),
    ("<SCRIPT SRC=//x.example/a.js></SCRIPT>", 1),
    ("Chữ\n<img src=x onerror=\"alert(1)\">", 2),
    ("<svg><g onload=alert(1)></g></svg>", 1),
    ("<a href=\"javascript:alert(1)\">a</a>", 1),
    ("<a href=\"jav&#x09;ascript:alert(1)\">a</a>", 1),
    ("<a href=\"&#106;avascript:alert(1)\">a</a>", 1),
    ("<a href=\" JaVaScRiPt:alert(1)\">a</a>", 1),
    ("\n\n[bấm](javascript:alert(1))", 3),
    ("[bấm][x]\n\n[x]: javascript:alert(1)", 3),
    ("<javascript:alert(1)>", 1),
    ("<iframe src=\"https://x.example\"></iframe>", 1),
    ("<object data=\"a.swf\"></object>", 1),
    ("<embed src=\"a.swf\">", 1),
    ("<base href=\"https://x.example/\">", 1),
    ("<meta http-equiv=\"refresh\" content=\"0;url=https://x.example\">", 1),
    ("<form action=\"javascript:alert(1)\"><button>Gửi</button></form>", 1),
    ("<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">a</a>", 1),
    ("Đoạn văn\n{: onclick=\"alert(1)\" }", 2),
    ("<div\n  onmouseover='x()'>a</div>", 1),
]

ALLOWED = [
    "# Hướng dẫn\n\nChữ thường, **đậm**, [liên kết](huong-dan.md), <a href=\"../du-lieu/nhiem-vu.xlsx\" download>tệp</a>.",
    "Mã ví dụ: `<script>alert(1)</script>` chỉ để đọc.",
    "```html\n<script>alert(1)</script>\n<img onerror=x>\n```\n",
    "~~~\n<a href=\"javascript:x\">\n~~~",
    "<form class=\"portal-results-form\" role=\"search\" action=\"./\"><input name=\"q\"></form>",
    "Phòng họp số 3, onion = hành (chữ thường có «on» không phải thuộc tính).",
    "[Trang chủ](../index.md) và <https://thuvienphapluat.vn/>",
]


@pytest.mark.parametrize("text, line", REFUSED)
def test_code_in_a_page_is_refused_with_its_line(text, line):
    problems = markup_problems(text, "content/pages/thu.md")
    assert problems, text
    assert problems[0].line == line and problems[0].file == "content/pages/thu.md"
    assert "trang viết tay" in str(problems[0]) or "chạy mã" in str(problems[0])


@pytest.mark.parametrize("text", ALLOWED)
def test_text_links_and_code_shown_as_code_are_allowed(text):
    assert markup_problems(text, "content/pages/thu.md") == []


def test_addresses_as_a_browser_reads_them():
    assert bad_address("java\nscript:x") and bad_address("VBSCRIPT:x") and bad_address("&#x6A;avascript:x")
    assert not bad_address("https://x.example/javascript:") and not bad_address("../javascript/a.md")
