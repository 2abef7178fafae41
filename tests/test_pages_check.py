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


def test_a_page_quoting_a_withheld_task_is_refused_unless_the_text_is_also_published(tmp_path):
    """Only a withheld text that some page holds is looked for in the published tasks' text (see
    ``_not_public``): the problems are those of checking every withheld text against both."""
    from portal.content.model import Task
    from portal.content.pages import page_problems

    def task(number: str, text: str, restricted: bool = False) -> Task:
        return Task(section="I", number=number, text=text, lead="Phòng A", coordinators=[], deadline="",
                    status="", month="2023-11", restricted=restricted)

    withheld = [task("1", "Chuẩn bị   nội dung hội nghị chuyên đề kín tháng 11", restricted=True),
                task("2", "Rà soát danh sách cán bộ diện quy hoạch năm 2024", restricted=True),
                task("3", "Họp giao ban   định kỳ hằng tháng của ban", restricted=True)]
    published = [task("4", "Họp giao ban định kỳ hằng tháng của ban với các phòng")]
    docs = tmp_path / "content" / "pages"
    docs.mkdir(parents=True)
    (docs / "a.md").write_text("# A\n\nChuẩn bị nội dung  hội nghị chuyên đề kín tháng 11.\n", encoding="utf-8")
    (docs / "b.md").write_text("# B\n\nHọp giao ban định kỳ hằng tháng của ban.\n", encoding="utf-8")
    problems = page_problems(docs, tmp_path, withheld=withheld, published=published)
    assert [(p.file.rsplit("/", 1)[-1], p.line) for p in problems] == [("a.md", 3)]
    assert "2023-11/I-1" in problems[0].message
    assert page_problems(docs, tmp_path, withheld=withheld[1:], published=published) == []
