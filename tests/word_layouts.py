"""Word programmes laid out the ways other months, offices and years lay them out, built in code.

Like :mod:`docx_factory` (and independent of :mod:`portal.outputs.docx`), but for the layouts the
office's own template does not show: the task table split over several tables (header row typed
again, repeated by ``w:tblHeader``, or absent; headings as paragraphs between the tables), group
rows above the sections, Word's automatic list numbering in the Stt column, sub-numbered tasks,
cells merged down a section, tracked changes, hyperlinks and content controls in cells, bullets,
other offices' header words and columns, a title on one line, text in a legacy TCVN3 font, and a
signature block LibreOffice-style (two text columns split by a column break, not a table).

Input is the month data as the importer should give it back (``groups`` or ``sections``); a few
layouts change the document on purpose (a tracked deletion), and the tests say what they expect.
"""
from __future__ import annotations

import copy
import io
from dataclasses import dataclass, field

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

HEADERS = {"number": "Stt", "text": "Nội dung công việc", "lead": "Phòng chủ trì", "coordinators": "Đơn vị phối hợp",
           "deadline": "Thời gian hoàn thành", "status": "Tiến độ công việc", "note": "Ghi chú"}


@dataclass
class WordLayout:
    columns: list[str] = field(default_factory=lambda: ["number", "text", "lead", "coordinators", "deadline", "status"])
    headers: dict = field(default_factory=lambda: dict(HEADERS))
    split: str = "one"  # one | typed-header | repeated-header | no-header | heading-paragraphs
    auto_numbering: bool = False  # Stt column by Word list numbering (sections upperRoman, tasks decimal, subs)
    numbering_runs_on: bool = False  # with auto_numbering: task numbers continue across sections
    merge_down: tuple = ()  # columns merged vertically over equal values within a section
    title_one_line: bool = False
    hyperlink: str = ""  # a word of task texts written as a hyperlink
    content_controls: bool = False  # every task cell inside a content control
    bullets: bool = False  # coordinators as a Word bullet list
    tracked: bool = False  # an inserted task row, inserted words, a deleted word and a deleted row
    legacy_font: bool = False  # the whole document in .VnTime (TCVN3 codes)
    libreoffice_footer: bool = False
    preamble_paragraph: bool = False  # the preamble as an introduction paragraph above the table, not a table row
    notes: dict = field(default_factory=dict)  # "I.2" → Ghi chú text
    extra: dict = field(default_factory=dict)  # extra column key → (header, {"I.2": text})


def build(data: dict, layout: WordLayout | None = None) -> bytes:
    layout = layout or WordLayout()
    document = docx.Document()
    page = document.sections[0]
    page.orientation = WD_ORIENT.LANDSCAPE
    page.page_width, page.page_height = Mm(297), Mm(210)
    document.styles["Normal"].font.name = ".VnTime" if layout.legacy_font else "Times New Roman"
    document.styles["Normal"].font.size = Pt(13)
    writer = _Writer(document, layout)
    writer.header(data["header"])
    if data.get("preamble") and layout.preamble_paragraph:
        writer.run(document.add_paragraph(), data["preamble"])
    writer.tasks(data)
    writer.tail(data)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# Unicode → TCVN3 (the reverse of what the importer reads), for the legacy-font layout; typed here from
# the TCVN3 code chart, not derived from the importer's table.
_TO_TCVN3 = dict(zip(
    "àảãáạăằẳẵắặâầẩẫấậđèẻẽéẹêềểễếệìỉĩíịòỏõóọôồổỗốộơờởỡớợùủũúụưừửữứựỳỷỹýỵĂÂĐÊÔƠƯ",
    "µ¶·¸¹¨»¼½¾Æ©ÇÈÉÊË®ÌÎÏÐÑªÒÓÔÕÖ×ØÜÝÞßáâãä«åæçèé¬êëìíîïñòóô\u00adõö÷øùúûüýþ¡¢§£¤¥¦"))


def to_tcvn3(text: str) -> str:
    out = []
    for ch in text:
        if ch in _TO_TCVN3:
            out.append(_TO_TCVN3[ch])
        elif ch.lower() in _TO_TCVN3 and ch.lower() not in "ăâđêôơư":
            out.append(_TO_TCVN3[ch.lower()])  # a capital with a tone: the lower-case code (a capitals font draws it)
        else:
            out.append(ch)
    return "".join(out)


def layout_runs_on(document) -> bool:
    return getattr(document, "_runs_on", False)


class _Writer:
    def __init__(self, document, layout: WordLayout):
        document._runs_on = layout.numbering_runs_on
        self.document = document
        self.layout = layout
        self.numbering = _ListNumbering(document) if layout.auto_numbering or layout.bullets else None
        self.tables = 0

    def text(self, value: str) -> str:
        return to_tcvn3(value) if self.layout.legacy_font else value

    def run(self, paragraph, text: str, bold=False, italic=False):
        run = paragraph.add_run(self.text(text))
        run.bold, run.italic = bold or None, italic or None
        return run

    # header
    def header(self, header: dict) -> None:
        table = self.document.add_table(rows=1, cols=2)
        left, right = table.rows[0].cells
        left.paragraphs[0].text = ""
        self.run(left.paragraphs[0], header.get("parent_body", ""))
        self.run(left.add_paragraph(), header["issuing_body"], bold=True)
        left.add_paragraph("*")
        number = f"Số: {header['number']}-{header['symbol']}" if header["number"] else f"Số:      -{header['symbol']}"
        self.run(left.add_paragraph(), number)
        self.run(right.paragraphs[0], header["motto"], bold=True)
        right.add_paragraph()
        self.run(right.add_paragraph(), f"{header['place']}, {header['date']}", italic=True)
        lines = [f"{header['title']} {header['subtitle']}"] if self.layout.title_one_line else [header["title"], header["subtitle"]]
        for line in lines:
            paragraph = self.document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            self.run(paragraph, line, bold=True)

    # task table
    def new_table(self, with_header: bool, repeat_flag: bool = False):
        columns = self._columns()
        table = self.document.add_table(rows=0, cols=len(columns))
        table.style = "Table Grid"
        self.tables += 1
        if with_header:
            row = table.add_row()
            for cell, key in zip(row.cells, columns):
                self._fill(cell, [self.layout.headers.get(key) or self.layout.extra[key][0]], bold=True)
            if repeat_flag:
                properties = row._tr.get_or_add_trPr()
                properties.append(OxmlElement("w:tblHeader"))
        return table

    def _columns(self) -> list[str]:
        return self.layout.columns + [key for key in self.layout.extra if key not in self.layout.columns]

    def tasks(self, data: dict) -> None:
        layout = self.layout
        table = self.new_table(True, repeat_flag=layout.split == "repeated-header")
        if data.get("preamble") and not layout.preamble_paragraph:
            row = table.add_row()
            self._fill(row.cells[0].merge(row.cells[-1]), [data["preamble"]], bold=True)
        groups = data.get("groups") or [{"letter": "", "title": "", "sections": data["sections"]}]
        first = True
        for group in groups:
            if group["letter"]:
                if layout.split == "heading-paragraphs" and not first:
                    self.heading_paragraph(f"{group['letter']}. {group['title']}")
                else:
                    self.heading_row(table, group["letter"], group["title"], level=None)
            for section in group["sections"]:
                if not first and layout.split != "one":
                    if layout.split == "heading-paragraphs":
                        self.heading_paragraph(f"{section['numeral']}. {section['title']}")
                        table = self.new_table(False)
                    else:
                        self.document.add_paragraph()  # the paragraph that splits the table
                        table = self.new_table(layout.split in ("typed-header", "repeated-header"),
                                               repeat_flag=layout.split == "repeated-header")
                if layout.split != "heading-paragraphs" or first:
                    self.heading_row(table, section["numeral"], section["title"], level=0)
                first = False
                self.section_rows(table, section, data)

    def heading_paragraph(self, text: str) -> None:
        self.run(self.document.add_paragraph(), text, bold=True)

    def heading_row(self, table, label: str, title: str, level) -> None:
        row = table.add_row()
        number_at = self._columns().index("number")
        others = [c for i, c in enumerate(row.cells) if i != number_at]
        if level is not None and self.layout.auto_numbering and label:
            self.numbering.paragraph(row.cells[number_at].paragraphs[0], 0)
            row.cells[number_at].paragraphs[0].add_run("").bold = True
        else:
            self._fill(row.cells[number_at], [label], bold=True)
        self._fill(others[0].merge(others[-1]), [title], bold=True)

    def section_rows(self, table, section: dict, data: dict) -> None:
        columns = self._columns()
        merged: dict[str, object] = {}
        for task in section["tasks"]:
            row = table.add_row()
            label = f"{section['numeral']}.{task['number']}"
            for cell, key in zip(row.cells, columns):
                value = self._value(task, key, label)
                if key in self.layout.merge_down and key in merged and merged[key][1] == value:
                    merged[key] = (merged[key][0].merge(cell), value)
                    continue
                if key == "number":
                    self._number(cell, task["number"])
                elif key == "coordinators":
                    self._units(cell, task["coordinators"])
                elif key == "text":
                    self._rich(cell, task["text"])
                else:
                    self._fill(cell, value.split("\n") if value else [])
                if self.layout.content_controls and key != "number":
                    _wrap_in_content_control(cell)
                if key in self.layout.merge_down:
                    merged[key] = (cell, value)
        if self.layout.tracked and section is _first_section(data):
            self._tracked_rows(table, section)

    def _value(self, task: dict, key: str, label: str) -> str:
        if key == "note":
            return self.layout.notes.get(label, "")
        if key in self.layout.extra:
            return self.layout.extra[key][1].get(label, "")
        if key == "coordinators":
            return "\n".join(task["coordinators"])
        return task.get(key, "")

    def _number(self, cell, number: str) -> None:
        if not self.layout.auto_numbering:
            self._fill(cell, [f"{number[-1]})" if number[-1].isalpha() else number])  # 1a is printed a)
            return
        paragraph = cell.paragraphs[0]
        if "." in number:
            self.numbering.paragraph(paragraph, 2)
        elif number[-1].isalpha():
            self.numbering.paragraph(paragraph, 3)
        else:
            self.numbering.paragraph(paragraph, 1)

    def _units(self, cell, units: list[str]) -> None:
        if self.layout.bullets and len(units) > 1:
            cell.paragraphs[0].text = ""
            for index, unit in enumerate(units):
                paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
                self.numbering.bullet(paragraph)
                self.run(paragraph, unit)
            return
        self._fill(cell, [f"- {u}" for u in units] if len(units) > 1 else units)

    def _rich(self, cell, text: str) -> None:
        cell.paragraphs[0].text = ""
        for index, line in enumerate(text.split("\n")):
            paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
            for piece_index, piece in enumerate(line.replace("</i>", "<i>").split("<i>")):
                if not piece:
                    continue
                word = self.layout.hyperlink
                if word and word in piece and not piece_index % 2:
                    before, after = piece.split(word, 1)
                    if before:
                        self.run(paragraph, before)
                    _hyperlink(paragraph, self.text(word))
                    if after:
                        self.run(paragraph, after)
                else:
                    self.run(paragraph, piece, italic=bool(piece_index % 2))

    def _fill(self, cell, lines: list[str], bold=False) -> None:
        cell.paragraphs[0].text = ""
        for index, line in enumerate(lines):
            paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
            self.run(paragraph, line, bold=bold)

    def _tracked_rows(self, table, section: dict) -> None:
        """With Track Changes on: the section's last task typed in as an inserted row, a deleted row
        after it, and in the task before it the text's last run inserted and ``(bản cũ)`` deleted."""
        columns = self._columns()
        last = table.rows[-1]._tr
        last.get_or_add_trPr().append(_revision("w:ins"))
        for run in list(last.iter(qn("w:r"))):
            wrapper = _revision("w:ins")
            run.addprevious(wrapper)
            wrapper.append(run)
        previous = list(table.rows[-2].cells[columns.index("text")]._tc.iter(qn("w:p")))[-1]  # (inside a control too)
        runs = previous.findall(qn("w:r"))
        if runs:
            wrapper = _revision("w:ins")
            runs[-1].addprevious(wrapper)
            wrapper.append(runs[-1])
        gone = OxmlElement("w:r")
        deleted_text = OxmlElement("w:delText")
        deleted_text.text = self.text(" (bản cũ)")
        deleted_text.set(qn("xml:space"), "preserve")
        gone.append(deleted_text)
        wrapper = _revision("w:del")
        wrapper.append(gone)
        previous.append(wrapper)
        deleted = table.add_row()
        for cell, key in zip(deleted.cells, columns):
            self._fill(cell, ["99"] if key == "number" else ["Nhiệm vụ đã xóa khi sửa bản thảo"] if key == "text" else [])
        deleted._tr.get_or_add_trPr().append(_revision("w:del"))
        for run in list(deleted._tr.iter(qn("w:r"))):
            _delete_run(run)

    # tail
    def tail(self, data: dict) -> None:
        for text in data.get("closing", "").split("\n\n"):
            self.run(self.document.add_paragraph(), text)
        signature = data["signature"]
        if self.layout.libreoffice_footer:
            self._libreoffice_footer(data)
            return
        table = self.document.add_table(rows=1, cols=2)
        left, right = table.rows[0].cells
        heading = self.run(left.paragraphs[0], "Nơi nhận:", bold=True, italic=True)
        heading.font.size = Pt(12)
        for recipient in data["recipients"]:
            self.run(left.add_paragraph(), f"- {recipient}")
        if data.get("drafter"):
            self.run(left.add_paragraph(), data["drafter"])
        self.run(right.paragraphs[0], signature["titles"][0], bold=True)
        for title in signature["titles"][1:]:
            self.run(right.add_paragraph(), title, bold=True)
        right.add_paragraph()
        self.run(right.add_paragraph(), signature["name"], bold=True)

    def _libreoffice_footer(self, data: dict) -> None:
        """Two text columns: recipients and the drafter's initials, a column break, then the signature."""
        signature = data["signature"]
        self.run(self.document.add_paragraph(), "Nơi nhận:", bold=True, italic=True)
        for recipient in data["recipients"]:
            self.run(self.document.add_paragraph(), f"- {recipient}")
        paragraph = self.document.add_paragraph()
        self.run(paragraph, data["drafter"])
        brk = OxmlElement("w:br")
        brk.set(qn("w:type"), "column")
        holder = OxmlElement("w:r")
        holder.append(brk)
        paragraph._p.append(holder)
        self.run(paragraph, signature["titles"][0], bold=True)
        for title in signature["titles"][1:]:
            self.run(self.document.add_paragraph(), title, bold=True)
        self.document.add_paragraph()
        self.run(self.document.add_paragraph(), signature["name"], bold=True)


def _first_section(data: dict) -> dict:
    groups = data.get("groups") or [{"sections": data["sections"]}]
    return groups[0]["sections"][0]


_REVISION_ID = [100]


def _revision(tag: str):
    element = OxmlElement(tag)
    _REVISION_ID[0] += 1
    element.set(qn("w:id"), str(_REVISION_ID[0]))
    element.set(qn("w:author"), "Chuyên viên")
    element.set(qn("w:date"), "2024-05-30T09:00:00Z")
    return element


def _delete_run(run) -> None:
    for text in run.findall(qn("w:t")):
        deleted = OxmlElement("w:delText")
        deleted.text = text.text
        deleted.set(qn("xml:space"), "preserve")
        text.addprevious(deleted)
        run.remove(text)


def _hyperlink(paragraph, text: str) -> None:
    relation = paragraph.part.relate_to("http://example.invalid/van-ban",
                                        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
                                        is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), relation)
    run = OxmlElement("w:r")
    value = OxmlElement("w:t")
    value.text = text
    value.set(qn("xml:space"), "preserve")
    run.append(value)
    link.append(run)
    paragraph._p.append(link)


def _wrap_in_content_control(cell) -> None:
    """Move the cell's paragraphs into a block content control (``w:sdt``), as a form template does."""
    tc = cell._tc
    sdt = OxmlElement("w:sdt")
    properties = OxmlElement("w:sdtPr")
    alias = OxmlElement("w:alias")
    alias.set(qn("w:val"), "Ô nhập")
    properties.append(alias)
    content = OxmlElement("w:sdtContent")
    sdt.append(properties)
    sdt.append(content)
    paragraphs = tc.findall(qn("w:p"))
    paragraphs[0].addprevious(sdt)
    for paragraph in paragraphs:
        content.append(paragraph)


class _ListNumbering:
    """A multi-level list in numbering.xml: I. / 1. / 1.1. / a) , and a bullet list."""

    def __init__(self, document):
        self.part = document.part.numbering_part.element
        self.abstract = self._abstract(900, [("upperRoman", "%1."), ("decimal", "%2."), ("decimal", "%2.%3."),
                                             ("lowerLetter", "%4)")], runs_on=layout_runs_on(document))
        self.bullet_abstract = self._abstract(901, [("bullet", "-")])
        self.num = self._num(900, self.abstract)
        self.bullet_num = self._num(901, self.bullet_abstract)

    def _abstract(self, identifier: int, levels: list[tuple[str, str]], runs_on: bool = False) -> int:
        abstract = OxmlElement("w:abstractNum")
        abstract.set(qn("w:abstractNumId"), str(identifier))
        for index, (fmt, text) in enumerate(levels):
            level = OxmlElement("w:lvl")
            level.set(qn("w:ilvl"), str(index))
            settings = [("w:start", "1"), ("w:numFmt", fmt)]
            if runs_on and index == 1:
                settings.append(("w:lvlRestart", "0"))  # task numbers go on across sections
            for name, value in settings + [("w:lvlText", text)]:
                child = OxmlElement(name)
                child.set(qn("w:val"), value)
                level.append(child)
            abstract.append(level)
        first_num = self.part.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            self.part.append(abstract)
        return identifier

    def _num(self, identifier: int, abstract: int) -> int:
        num = OxmlElement("w:num")
        num.set(qn("w:numId"), str(identifier))
        ref = OxmlElement("w:abstractNumId")
        ref.set(qn("w:val"), str(abstract))
        num.append(ref)
        self.part.append(num)
        return identifier

    def paragraph(self, paragraph, level: int, num: int | None = None) -> None:
        properties = paragraph._p.get_or_add_pPr()
        numbering = OxmlElement("w:numPr")
        ilvl = OxmlElement("w:ilvl")
        ilvl.set(qn("w:val"), str(level))
        num_id = OxmlElement("w:numId")
        num_id.set(qn("w:val"), str(num or self.num))
        numbering.append(ilvl)
        numbering.append(num_id)
        properties.append(numbering)

    def bullet(self, paragraph) -> None:
        self.paragraph(paragraph, 0, self.bullet_num)


def with_groups(data: dict) -> dict:
    return copy.deepcopy(data)
