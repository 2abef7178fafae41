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
           "deadline": "Thời gian hoàn thành", "status": "Tiến độ công việc", "note": "Ghi chú",
           "start": "Thời gian bắt đầu"}


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


def build(data: dict, layout: WordLayout | None = None, edits: tuple = ()) -> bytes:
    """The programme as a .docx; ``edits`` are functions ``(document) -> None`` applied last, for the
    things offices do to a document after it is typed (see :mod:`office_edits`)."""
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
    for edit in edits:
        edit(document)
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


# -- what offices do to a document after it is typed -------------------------------------------------
# Each function below edits a built document (``build(data, layout, edits=(...))``) the way a real one
# gets edited: rows hidden instead of deleted, symbols inserted, text pasted from the web, a PDF
# converted back to Word, tables pasted before and after the programme, parts pasted from other
# departments with their own column order.

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def task_table(document):
    """The task table: the first table whose first row names «Stt» and «Nội dung công việc»."""
    return next(t for t in document.tables if t.rows and t.rows[0].cells[0].text.strip() == "Stt"
                and "Nội dung công việc" in [c.text.strip() for c in t.rows[0].cells])


def _hide(run_element) -> None:
    properties = run_element.find(qn("w:rPr"))
    if properties is None:
        properties = OxmlElement("w:rPr")
        run_element.insert(0, properties)
    properties.append(OxmlElement("w:vanish"))


def hide_a_task_row(cells: list[str], after_row: int, hidden_words: str = ""):
    """A task row the clerk «deleted» by formatting it hidden (Font → Hidden): Word prints nothing of it;
    and ``hidden_words`` added hidden at the end of the first task's content cell."""
    def edit(document):
        table = task_table(document)
        anchor = table.rows[after_row]._tr
        row = copy.deepcopy(anchor)
        for tc, text in zip(row.findall(qn("w:tc")), cells):
            for paragraph in tc.findall(qn("w:p"))[1:]:
                tc.remove(paragraph)
            paragraph = tc.find(qn("w:p"))
            for run in paragraph.findall(qn("w:r")):
                paragraph.remove(run)
            for child in list(paragraph):
                if child.tag != qn("w:pPr"):
                    paragraph.remove(child)
            if text:
                run = OxmlElement("w:r")
                value = OxmlElement("w:t")
                value.text = text
                run.append(value)
                paragraph.append(run)
            properties = paragraph.get_or_add_pPr()
            mark = OxmlElement("w:rPr")
            mark.append(OxmlElement("w:vanish"))
            properties.append(mark)
            for run in paragraph.findall(qn("w:r")):
                _hide(run)
        anchor.addnext(row)
        if hidden_words:
            first_task = next(r for r in table.rows[1:] if r.cells[0].text.strip().rstrip(".").isdigit())
            paragraph = first_task.cells[1].paragraphs[-1]
            _hide(paragraph.add_run(hidden_words)._r)
    return edit


def insert_symbols(row_text: str, pieces: list[tuple]):
    """Insert → Symbol in the content cell of the task whose text starts with ``row_text``. ``pieces`` are
    ``("text", words)``, ``("sym", font, "F0AE")`` (what Insert → Symbol writes) or ``("font", font, letters)``
    (letters typed in a symbol font: a Wingdings «Ø» prints as an arrowhead)."""
    def edit(document):
        table = task_table(document)
        row = next(r for r in table.rows if r.cells[1].text.startswith(row_text))
        paragraph = row.cells[1].paragraphs[-1]
        for kind, *values in pieces:
            if kind == "text":
                paragraph.add_run(values[0])
            elif kind == "font":
                paragraph.add_run(values[1]).font.name = values[0]
            else:
                run = OxmlElement("w:r")
                symbol = OxmlElement("w:sym")
                symbol.set(qn("w:font"), values[0])
                symbol.set(qn("w:char"), values[1])
                run.append(symbol)
                paragraph._p.append(run)
    return edit


def paste_from_the_web(document) -> None:
    """A web paste: a zero-width space after each Stt number, no-break spaces between words of the texts
    and after the leads, a byte-order mark before the first lead."""
    table = task_table(document)
    first_lead = True
    for row in table.rows[1:]:
        number, text, lead = row.cells[0], row.cells[1], row.cells[2]
        if number.text.strip().isdigit():
            number.paragraphs[0].add_run("\u200b")
            for run in text.paragraphs[0].runs:
                run.text = run.text.replace(" ", "\u00a0", 2)
            if lead.paragraphs[0].runs:
                lead.paragraphs[0].add_run("\u00a0")
                if first_lead:
                    lead.paragraphs[0].runs[0].text = "\ufeff" + lead.paragraphs[0].runs[0].text
                    first_lead = False


def _wrap(text: str, width: int) -> list[str]:
    """Printed lines of ``text`` in a column ``width`` characters wide (greedy, at spaces)."""
    lines, current = [], ""
    for word in text.split(" "):
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    return lines + ([current] if current else [])


def converted_from_pdf(width: int = 30, cut_row: str = "", page_number: str = "- 2 -", header_again: bool = False):
    """Word's (or a converter's) PDF → .docx: every printed line of a cell a paragraph of its own; and the
    task row whose text starts with ``cut_row`` cut by the page break: its first lines end the table, the
    page number follows, and a new table starts with the rest of the row (Stt cell empty); with
    ``header_again`` the new table first repeats the header row, as the printed page did."""
    def edit(document):
        table = task_table(document)
        for row in table.rows[1:]:
            seen = set()
            for cell in row.cells:
                if id(cell._tc) in seen:
                    continue
                seen.add(id(cell._tc))
                texts = [p.text for p in cell.paragraphs]
                if len(texts) == 1 and len(texts[0]) <= width:
                    continue
                lines = [line for text in texts for line in (_wrap(text, width) if text else [""])]
                for paragraph in cell.paragraphs[1:]:
                    paragraph._p.getparent().remove(paragraph._p)
                cell.paragraphs[0].text = lines[0]
                for line in lines[1:]:
                    cell.add_paragraph(line)
        if not cut_row:
            return
        rows = table.rows
        at = next(i for i, r in enumerate(rows) if r.cells[1].text.replace("\n", " ").startswith(cut_row))
        second = copy.deepcopy(table._tbl)
        for tr in second.findall(qn("w:tr"))[1 if header_again else 0:at]:
            second.remove(tr)
        for tr in table._tbl.findall(qn("w:tr"))[at + 1:]:
            table._tbl.remove(tr)
        first_half, rest = table._tbl.findall(qn("w:tr"))[at], second.findall(qn("w:tr"))[1 if header_again else 0]
        for index, (tc_a, tc_b) in enumerate(zip(first_half.findall(qn("w:tc")), rest.findall(qn("w:tc")))):
            paragraphs_a, paragraphs_b = tc_a.findall(qn("w:p")), tc_b.findall(qn("w:p"))
            keep = (len(paragraphs_a) + 1) // 2 if index else len(paragraphs_a)
            for paragraph in paragraphs_a[keep:]:
                tc_a.remove(paragraph)
            for paragraph in paragraphs_b[:keep]:
                tc_b.remove(paragraph)
            if not tc_b.findall(qn("w:p")):
                tc_b.append(OxmlElement("w:p"))
        page = document.add_paragraph(page_number)._p
        table._tbl.addnext(page)
        page.addnext(second)
    return edit


def table_before_the_programme(heading: str, rows: list[list[str]], after_tasks: bool = False):
    """A table of the month's events (or anniversaries) pasted between the title and the task table (or,
    ``after_tasks``, between the task table and the closing), with the paragraph that names it."""
    def edit(document):
        table = task_table(document)
        if after_tasks:
            title = document.add_paragraph()
            title.add_run(heading).bold = True
            events = document.add_table(rows=0, cols=len(rows[0]))
            events.style = "Table Grid"
            for values in rows:
                for cell, value in zip(events.add_row().cells, values):
                    cell.text = value
            table._tbl.addnext(events._tbl)
            table._tbl.addnext(title._p)
            return
        title = document.add_paragraph()
        title.add_run(heading).bold = True
        events = document.add_table(rows=0, cols=len(rows[0]))
        events.style = "Table Grid"
        for values in rows:
            cells = events.add_row().cells
            for cell, value in zip(cells, values):
                cell.text = value
        table._tbl.addprevious(title._p)
        table._tbl.addprevious(events._tbl)
        table._tbl.addprevious(document.add_paragraph()._p)
    return edit


def appendix_after_the_signature(heading: str, tables: list[tuple[str, list[list[str]]]]):
    """A page break, ``heading`` («PHỤ LỤC»), then tables each under its title paragraph (a contact list,
    a list of events), after the signature."""
    def edit(document):
        from docx.enum.text import WD_BREAK

        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        document.add_paragraph().add_run(heading).bold = True
        for title, rows in tables:
            document.add_paragraph().add_run(title).bold = True
            appendix = document.add_table(rows=0, cols=len(rows[0]))
            appendix.style = "Table Grid"
            for values in rows:
                for cell, value in zip(appendix.add_row().cells, values):
                    cell.text = value
    return edit


def _swap_cells(tr, a: int, b: int) -> None:
    cells = tr.findall(qn("w:tc"))
    first, second = cells[a], cells[b]
    marker = OxmlElement("w:tc")
    first.addprevious(marker)
    second.addprevious(first)
    marker.addprevious(second)
    marker.getparent().remove(marker)


def part_with_its_own_column_order(section_title: str, a: int, b: int, header_row: bool = True):
    """A part pasted from a department whose table has columns ``a`` and ``b`` the other way round: from the
    section titled ``section_title`` on, every row's two cells swap; with ``header_row`` the part brings
    its own header row (as pasted tables do), without it the header above misnames them."""
    def edit(document):
        def words(tr) -> str:
            return "".join(t.text or "" for t in tr.iter(qn("w:t")))

        table = next(t for t in document.tables if any(section_title in words(tr) for tr in t._tbl.findall(qn("w:tr"))))
        rows = table._tbl.findall(qn("w:tr"))
        start = next(i for i, tr in enumerate(rows) if section_title in words(tr))
        for tr in rows[start + 1:]:
            if len(tr.findall(qn("w:tc"))) > max(a, b):
                _swap_cells(tr, a, b)
        if header_row:
            header = copy.deepcopy(task_table(document)._tbl.findall(qn("w:tr"))[0])
            _swap_cells(header, a, b)
            rows[start].addprevious(header)
    return edit


def strict_open_xml(data: bytes) -> bytes:
    """The same document saved as «Strict Open XML»: WordprocessingML under the ISO namespace."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename.endswith(".xml") or info.filename.endswith(".rels"):
                content = content.replace(W_NS.encode(), b"http://purl.oclc.org/ooxml/wordprocessingml/main")
                content = content.replace(b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
                                          b"http://purl.oclc.org/ooxml/officeDocument/relationships")
            package.writestr(info, content)
    return buffer.getvalue()


def page_number_row(after_text: str, page_number: str = "- 3 -"):
    """A converter's page number put in a row of its own, merged across the table, after the task row whose
    text starts with ``after_text``."""
    def edit(document):
        table = task_table(document)
        anchor = next(r for r in table.rows if r.cells[1].text.startswith(after_text))
        row = table.add_row()
        merged = row.cells[0].merge(row.cells[-1])
        merged.text = page_number
        anchor._tr.addnext(row._tr)
    return edit
