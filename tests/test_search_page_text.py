"""A page's search record read from its HTML with the task rows cut out of the text before parsing
is the record read from the whole page, where the rows are dropped from the parsed tree; a row
the cut could read otherwise than the parser (nested table parts, a comment, an unclosed element
in a list item) leaves the page to be parsed whole."""
from __future__ import annotations

import pytest

from portal.outputs.search import records

ROW = ('<tr class="portal-task" id="I-1" data-task="2023-11/I-1" data-month="2023-11" data-due-mark>'
       '<td data-label="Nội dung">Tổ chức <i>hội nghị</i> báo cáo viên<ul><li>Ban A</li><li>Ban B</li></ul></td>'
       '<td>Đang thực hiện <span class="portal-due" data-search-exclude hidden>quá hạn</span></td></tr>')
ITEM = ('<li class="deadlines-item" data-task="2023-11/I-2" data-month="2023-11"><a href="x">I.2</a> '
        '<span class="deadlines-text">Viết <b>báo cáo</b></span></li>')


def _page(body: str) -> str:
    return ("<html><head><title>Tháng 11/2023 - Cổng</title></head><body>"
            f'<article class="md-content__inner"><h1>Tháng 11/2023</h1>{body}</article></body></html>')


def _record(document: str, cut: bool):
    source = (records._without_task_elements(document.encode()) or document.encode()) if cut else document
    record = records._page_record("programmes/2023-11/", records._parse(source), "Cổng", {}, set(),
                                  source=source if cut else None)
    return None if record is None else record.__dict__


@pytest.mark.parametrize("body, cut", [
    (f"<p>Trước</p><table><tbody>\n{ROW}\n{ROW.replace('I-1', 'I-3')}\n</tbody></table><p>Sau</p>", True),
    (f"<table><tr><th>Nội dung</th></tr>{ROW}tail text</table>", True),
    (f"<ul>\n{ITEM}\n<li>không phải nhiệm vụ</li>\n{ITEM}</ul> sau", True),
    (f"<table>{ROW.replace('</td><td>', '</td><!-- </tr> --><td>', 1)}</table><p>x</p>", False),  # a comment
    (f"<table>{ROW.replace('<ul>', '<table><tr><td>', 1)}</table>", False),  # a table part inside
    (f"<div><ul>{ITEM.replace('</span></li>', '</span></div>tail</li>')}</ul> sau</div>", False),  # escapes the item
    (f"<ul>{ITEM.replace('<b>', '<li>', 1)}</ul>", False),  # an item inside an item
    ("<ul>" + ITEM + ITEM.replace('href="x"', 'href="y" title="z"') + "</ul>", True),  # one shape, other attributes
    (f"<ul>{ITEM}{ITEM.replace('<b>báo cáo</b>', '<b/>báo cáo')}</ul>", False),  # after an item of another shape
    (f"<ul>{ITEM.replace('<b>', '<B>')}</ul>", True),  # a start tag in capitals closed in small letters
    (f"<table>{ROW.replace('</tr>', '', 1)}</table><p>không đóng</p>", False),  # never closed
    (f"<table>{ROW.replace('<i>', '<I>').replace('</i>', '</TR>')}</table><p>x</p>", False),  # an end tag in capitals
    (f"<table>{ROW}</table><div data-portal-results-page></div>", False),  # the results page is not a record
    (f"<table>{ROW.replace('<i>', '<COLGROUP>', 1)}</table><p>x</p>", False),  # a table part in capitals
    (f"<table>{ROW.replace('<i>', '<tracked>', 1)}</table><p>x</p>", True),  # a name that only begins as one
    (f"<table>{ROW.replace('<i>', '<?php ', 1)}</table><p>x</p>", False),  # a processing instruction
])
def test_task_rows_cut_from_the_text_give_the_record_of_the_parsed_page(body, cut):
    document = _page(body)
    assert (records._without_task_elements(document.encode()) is not None) == cut
    assert _record(document, cut=True) == _record(document, cut=False)


def test_what_breaks_a_row_is_found_as_by_a_list_of_the_names():
    """The names grouped by their letters find what the plain list of names finds, and only that."""
    import re

    plain = re.compile(rb"<[!?]|</?(?:" + "|".join(records._NOT_IN_ROW).encode() + rb")(?![a-z0-9])")
    for name in records._NOT_IN_ROW + ("td", "t", "co", "colg", "tra", "trx", "tablex", "th", "span", "b", "no"):
        for tag in (f"<{name}>", f"</{name}>", f"<{name} x>", f"<{name}1>", f"<{name}", f"<{name}-", "<!--", "<?x"):
            text = f"<td>a{tag}b</td>".encode()
            assert records._ROW_BREAK_RE.findall(text) == plain.findall(text), tag


LISTED = ('<ul><li class="deadlines-item" data-task="2023-11/I-2" data-month="2023-11"><a href="x">I.2</a> '
          'Viết báo cáo</li></ul><table><tr data-task="2023-11/I-3"><td>Một <i>nhiệm vụ</i></td></tr></table>')


@pytest.mark.parametrize("body, from_start", [
    (f"<h1>Báo cáo</h1><p>Đoạn <b>đầu</b> trang.</p>{LISTED}<p>Đoạn sau</p>", True),
    # the first paragraph left out (a report's counts), the heading after a left-out part: read further
    ('<nav data-search-exclude><a href="x">← Tháng trước</a></nav><div><h1 class="t">BÁO CÁO<br><span>Kết quả</span>'
     f'</h1></div><p data-search-exclude>Có 49 nhiệm vụ.</p><p class="links"><a href="y">Tháng 11</a> · x</p>{LISTED}',
     True),
    (f'<h1>T</h1><div data-search-exclude><p>a</p><p>b</p><p>c</p></div><p>thật</p>{LISTED}', True),
    (f"<h1>T</h1><p>a</p><p>b</p><p>c</p><p>d</p><p>e</p><p>f</p><p>g</p><p>h</p><p>i</p>{LISTED}", True),
    (f'<h1>T</h1><div data-search-exclude>{"<p>a</p>" * 9}</div><p>thật</p>', False),  # read whole past 8 ends
    (f"<h1>Không đoạn nào</h1>{LISTED}", False),
    (f"<p>Trước tiêu đề</p><h1>T</h1>{LISTED}", False),  # no heading before the only paragraph end
    (f"<p>Trước tiêu đề</p><h1>T</h1><p>b</p>{LISTED}", True),
    (f'<h1>T<a class="headerlink" href="#t">¶</a></h1><p>x<a class="headerlink" href="#p">¶</a> y</p>{LISTED}', True),
    (f"<h1>T</h1><div><p>mở<p>đóng</p></div>{LISTED}", True),  # a paragraph closed by the next one
    (f"<h1>T</h1><p>mở <b>đậm <i>nghiêng</p> sau</b> tiếp</p>{LISTED}", True),
    (f"<h1>T</h1><!-- </p> --><p>x</p>{LISTED}", False),  # the cut inside a comment
    (f'<h1 title="a </p> b">T</h1><p>x</p>{LISTED}', False),  # the cut inside a tag
    (f"<h1>T</h1><script>var a = '</p>';</script><p>x</p>{LISTED}", False),
    (f"<h1>T</h1><p>x</p>{LISTED}<div data-portal-results-page></div>", False),  # the results page is not a record
    (f"<h1>T</h1><P>x</P><p>y</p>{LISTED}", True),
    (f"<h1>T</h1><p>x</p>{LISTED}".replace("<h1>T</h1>", "<h1>T"), True),  # a heading closed by a paragraph
    (f"<h1>T <b>x</p>{LISTED}", False),  # a heading open at the cut
])
def test_a_listing_page_read_from_its_start_gives_the_record_of_the_whole_page(body, from_start):
    document = _page(body).replace("<h1>Tháng 11/2023</h1>", "")
    whole = records._page_record("bao-cao/2023-11/", records._parse(document), "Cổng", {}, {"bao-cao/2023-11/"})
    start = records._listing_record("bao-cao/2023-11/", document.encode(), "Cổng", {}, {"bao-cao/2023-11/"},
                                    None, None, None)
    assert (start is not records._UNREAD) == from_start
    if from_start:
        assert (start and start.__dict__) == (whole and whole.__dict__)


@pytest.mark.parametrize("name", """a abbr address article aside b bdi big blockquote button caption center cite code
    colgroup dd del details dfn div dl dt em fieldset figcaption figure font footer form h1 h2 h3 h4 h5 h6 header i ins
    kbd label legend li main mark nav ol optgroup option p pre q s samp section select small span strike strong sub
    summary sup table tbody td tfoot th thead tr tt u ul var svg rect text g""".split())
def test_the_mark_put_at_a_cut_closes_no_element(name):
    """What :func:`records._listing_record` reads as open at the cut is what the parser had open there."""
    root = records._parse(f'<html><body><article><{name} id="open">x'.encode() + records._PREFIX_END)
    mark = root.find(".//i[@data-portal-prefix-end]")
    assert mark is not None and mark.getparent().get("id") == "open"
