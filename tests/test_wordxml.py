"""The Word reader, paragraph by paragraph: text as printed and list numbers as Word shows them.

Documents are built with python-docx and the few WordprocessingML elements python-docx has no API
for (tracked changes, fields, content controls, list definitions) written as XML.
"""
from __future__ import annotations

import io

import docx
import pytest
from docx.oxml import parse_xml

from portal.content.importers.wordxml import Table, format_number, read_body

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _body(paragraphs_xml: list[str], numbering_xml: list[str] = ()):
    document = docx.Document()
    numbering = document.part.numbering_part.element
    for index, xml in enumerate(numbering_xml):
        element = parse_xml(xml)
        if element.tag.endswith("abstractNum"):
            numbering.insert(index, element)
        else:
            numbering.append(element)
    body = document.element.body
    for xml in paragraphs_xml:
        body.insert(len(body) - 1, parse_xml(xml))
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    return [b for b in read_body(buffer).blocks if not isinstance(b, Table)]


def _p(inner: str, ppr: str = "") -> str:
    return f"<w:p {W}>{'<w:pPr>' + ppr + '</w:pPr>' if ppr else ''}{inner}</w:p>"


def _r(text: str, rpr: str = "") -> str:
    return f'<w:r>{"<w:rPr>" + rpr + "</w:rPr>" if rpr else ""}<w:t xml:space="preserve">{text}</w:t></w:r>'


TEXTS = {
    "inserted text kept": (_p(_r("Tổ chức ") + f'<w:ins w:id="1" w:author="A">{_r("hội nghị")}</w:ins>'), "Tổ chức hội nghị"),
    "deleted text dropped": (_p(_r("Trước ") + '<w:del w:id="2" w:author="A"><w:r><w:delText>20/6</w:delText></w:r></w:del>'
                                + f'<w:ins w:id="3" w:author="A">{_r("25/6/2024")}</w:ins>'), "Trước 25/6/2024"),
    "move followed": (_p(f'<w:moveFrom w:id="4" w:author="A">{_r("cũ ")}</w:moveFrom>{_r("Việc ")}'
                         f'<w:moveTo w:id="5" w:author="A">{_r("mới")}</w:moveTo>'), "Việc mới"),
    "hyperlink text kept": (_p(_r("Xem ") + f'<w:hyperlink w:anchor="x">{_r("Kết luận 21-KL/TW")}</w:hyperlink>'),
                            "Xem Kết luận 21-KL/TW"),
    "content control kept": (_p(f'<w:sdt><w:sdtPr/><w:sdtContent>{_r("Phòng TT-TT")}</w:sdtContent></w:sdt>'), "Phòng TT-TT"),
    "placeholder of an empty control dropped": (
        _p(f'<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>{_r("Bấm để nhập")}</w:sdtContent></w:sdt>'), ""),
    "field result kept, field code dropped": (
        _p('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> DATE </w:instrText></w:r>'
           '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + _r("31/5/2024") + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'),
        "31/5/2024"),
    "simple field kept": (_p(f'<w:fldSimple w:instr="PAGE">{_r("3")}</w:fldSimple>'), "3"),
    "smart tag kept": (_p(f'<w:smartTag w:uri="u" w:element="place">{_r("Biên Hòa")}</w:smartTag>'), "Biên Hòa"),
    "column break is a line break": (_p(_r("Lan-THK") + '<w:r><w:br w:type="column"/></w:r>' + _r("K/T TRƯỞNG BAN")),
                                     "Lan-THK\nK/T TRƯỞNG BAN"),
    "decomposed letters composed": (_p(_r("Tuye\u0302n truye\u0302\u0300n")), "Tuyên truyền"),
    "legacy font converted": (_p(_r("B¸o c¸o", '<w:rFonts w:ascii=".VnTime" w:hAnsi=".VnTime"/>')), "Báo cáo"),
    "VNI font converted": (_p(_r("Chöông trình coâng taùc", '<w:rFonts w:ascii="VNI-Times" w:hAnsi="VNI-Times"/>')),
                           "Chương trình công tác"),
    "capitals font converted to capitals": (_p(_r("tuyªn gi¸o", '<w:rFonts w:ascii=".VnTimeH" w:hAnsi=".VnTimeH"/>')),
                                            "TUYÊN GIÁO"),
    "hidden words dropped": (_p(_r("Tổ chức hội nghị") + _r(" (bản nháp)", "<w:vanish/>")), "Tổ chức hội nghị"),
    "hidden switched off is printed": (_p(_r("Tổ chức ") + _r("hội nghị", '<w:vanish w:val="0"/>')), "Tổ chức hội nghị"),
    "Insert → Symbol arrow mapped": (_p(_r("Tuyên truyền ") + '<w:r><w:sym w:font="Symbol" w:char="F0AE"/></w:r>'
                                        + _r(" báo cáo")), "Tuyên truyền → báo cáo"),
    "Wingdings tick mapped": (_p('<w:r><w:sym w:font="Wingdings" w:char="F0FC"/></w:r>' + _r(" Xong")), "✓ Xong"),
    "letters typed in Wingdings mapped": (_p(_r("Ø", '<w:rFonts w:ascii="Wingdings" w:hAnsi="Wingdings"/>')
                                             + _r(" Mục")), "➢ Mục"),
    "private-use character pasted mapped": (_p(_r("A \uf0ae B")), "A → B"),
    "unknown symbol named": (_p('<w:r><w:sym w:font="Wingdings 3" w:char="F07D"/></w:r>'), "[ký hiệu Wingdings 3 F07D]"),
    "web paste characters normalised": (_p(_r("\ufeffPhòng\u00a0TT-TT\u200b")), "Phòng TT-TT"),
}


def test_hidden_paragraph_prints_nothing_not_even_its_list_number():
    hidden = _p(_r("Việc đã bỏ", "<w:vanish/>"), '<w:rPr><w:vanish/></w:rPr>')
    shown = _p(_r("Việc còn lại"))
    assert [p.text for p in _body([hidden, shown]) if p.text] == ["Việc còn lại"]


def test_hidden_character_style_drops_its_text():
    document = docx.Document()
    style = document.styles.add_style("An", 2)  # a character style with Font → Hidden
    style.element.get_or_add_rPr().append(parse_xml(f"<w:vanish {W}/>"))
    paragraph = document.add_paragraph("Nội dung ")
    paragraph.add_run("ghi chú nội bộ", style="An")
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    body = read_body(buffer)
    assert body.blocks[-1].text == "Nội dung " and body.hidden == 1


def test_rows_hidden_whole_are_dropped_and_counted():
    document = docx.Document()
    table = document.add_table(rows=3, cols=2)
    for row, texts in zip(table.rows, [["1", "Việc một"], ["2", "Việc ẩn"], ["3", "Việc ba"]]):
        for cell, text in zip(row.cells, texts):
            run = cell.paragraphs[0].add_run(text)
            if texts[0] == "2":
                run._r.get_or_add_rPr().append(parse_xml(f"<w:vanish {W}/>"))
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    body = read_body(buffer)
    (read,) = [b for b in body.blocks if isinstance(b, Table)]
    assert [[c.text for c in row.cells] for row in read.rows] == [["1", "Việc một"], ["3", "Việc ba"]]
    assert (body.hidden_rows, body.hidden) == (1, 0)


@pytest.mark.parametrize("xml, expected", TEXTS.values(), ids=TEXTS.keys())
def test_text_as_printed(xml, expected):
    (paragraph,) = _body([xml])[-1:]
    assert paragraph.text == expected


def test_deleted_paragraph_mark_joins_the_next_paragraph():
    first = _p(_r("Nội dung "), '<w:rPr><w:del w:id="9" w:author="A"/></w:rPr>')
    paragraphs = _body([first, _p(_r("liền đoạn sau"))])
    assert [p.text for p in paragraphs][-1] == "Nội dung liền đoạn sau"


def _abstract(identifier, levels, extra=""):
    body = "".join(f'<w:lvl w:ilvl="{i}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>{restart}'
                   f'<w:lvlText w:val="{text}"/></w:lvl>' for i, (fmt, text, start, restart) in enumerate(levels))
    return f'<w:abstractNum {W} w:abstractNumId="{identifier}">{extra}{body}</w:abstractNum>'


def _num(identifier, abstract, start=None):
    override = f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride>' if start else ""
    return f'<w:num {W} w:numId="{identifier}"><w:abstractNumId w:val="{abstract}"/>{override}</w:num>'


def _numbered(num, level, text=""):
    return _p(_r(text) if text else "", f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr>')


def test_multilevel_numbering_restarts_continues_and_overrides():
    levels = [("upperRoman", "%1.", 1, ""), ("decimal", "%2.", 1, ""), ("decimal", "%2.%3", 1, ""),
              ("lowerLetter", "%4)", 1, "")]
    paragraphs = _body(
        [_numbered(50, 0, "Mục"), _numbered(50, 1), _numbered(50, 2), _numbered(50, 2), _numbered(50, 1),
         _numbered(50, 3), _numbered(50, 3), _numbered(50, 0, "Mục hai"), _numbered(50, 1), _numbered(51, 1),
         _numbered(52, 0, "khác"), _numbered(52, 0), _numbered(53, 0)],
        [_abstract(40, levels), _abstract(41, [("decimalZero", "%1", 5, "")]), _num(50, 40), _num(51, 40),
         _num(52, 41), _num(53, 41, start=1)])
    labels = [p.label for p in paragraphs if p.label]
    assert labels == ["I.", "1.", "1.1", "1.2", "2.", "a)", "b)", "II.", "1.", "2.", "05", "06", "01"]


def test_numbering_running_on_across_sections():
    levels = [("upperRoman", "%1.", 1, ""), ("decimal", "%2.", 1, '<w:lvlRestart w:val="0"/>')]
    paragraphs = _body([_numbered(60, 0), _numbered(60, 1), _numbered(60, 1), _numbered(60, 0), _numbered(60, 1)],
                       [_abstract(61, levels), _num(60, 61)])
    assert [p.label for p in paragraphs if p.label] == ["I.", "1.", "2.", "II.", "3."]


def test_bullets_are_dashes():
    paragraphs = _body([_numbered(70, 0, "Đơn vị A"), _numbered(70, 0, "Đơn vị B")],
                       [_abstract(71, [("bullet", "\uf0b7", 1, "")]), _num(70, 71)])
    assert [p.shown for p in paragraphs if p.text][-2:] == ["- Đơn vị A", "- Đơn vị B"]


@pytest.mark.parametrize("value, fmt, expected", [
    (4, "upperRoman", "IV"), (9, "lowerRoman", "ix"), (27, "lowerLetter", "aa"), (3, "upperLetter", "C"),
    (7, "decimalZero", "07"), (12, "decimal", "12"), (5, "none", "")])
def test_number_formats(value, fmt, expected):
    assert format_number(value, fmt) == expected


def test_legacy_text_without_its_font_is_recognised_and_converted():
    lines = ["B¸o c¸o c«ng t¸c tuyªn gi¸o n¨m 2024", "Ch\u00ad¬ng tr×nh c«ng t¸c th¸ng", "Phßng Th«ng tin - Tuyªn truyÒn"]
    paragraphs = _body([_p(_r(line)) for line in lines])
    assert [p.text for p in paragraphs][-3:] == ["Báo cáo công tác tuyên giáo năm 2024", "Chương trình công tác tháng",
                                                 "Phòng Thông tin - Tuyên truyền"]
