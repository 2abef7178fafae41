"""Read a .docx's body as it prints: paragraphs and tables, straight from WordprocessingML.

python-docx's ``cell.text`` and ``paragraph.runs`` see only a paragraph's direct runs: text in
tracked insertions (``w:ins``), hyperlinks, content controls (``w:sdt``), smart tags or field
results is lost, deleted text is not told apart, and Word's automatic list numbering (the digits
in a Stt column are usually that) is in no run at all. This module walks the XML itself:

- the text as printed with tracked changes accepted: ``w:ins`` and ``w:moveTo`` kept, ``w:del``
  and ``w:moveFrom`` dropped, deleted table rows and paragraph marks followed;
- hyperlinks, content controls (not their grey placeholder text), smart tags, field results;
- every break (line, column, page) as a line break, so text on two sides of a column break
  never runs together;
- list numbering computed from ``numbering.xml`` (formats, levels, ``w:start``, restarts,
  numbering continued across tables), given as each paragraph's ``label``;
- italic and bold as Word resolves them (run, character style, paragraph style, defaults);
- only what prints: hidden text (``w:vanish``) dropped and counted, hidden table rows dropped;
- symbols (``w:sym``, text in the Symbol and Wingdings fonts, their private-use code points) mapped
  to Unicode, or named ``[ký hiệu Wingdings F0xx]`` when there is no Unicode for them;
- zero-width characters and byte-order marks removed, no-break spaces made spaces;
- a Word «Strict Open XML» document read by mapping its namespace onto the usual one;
- text in the legacy TCVN3/VNI fonts converted to Unicode; everything normalised to NFC;
- tables on their grid: ``w:gridBefore``, ``w:gridSpan``, ``w:vMerge`` (a continued cell knows
  the cell it continues), ``w:tblHeader`` rows, nested tables flattened into their cell.

Errors of the package (not a zip, a part missing, XML broken) raise :class:`WordError` with a
Vietnamese message; the importer turns it into one line for the clerk.
"""
from __future__ import annotations

import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import Optional

from lxml import etree

from portal.text.legacy import font_encoding, is_capitals_font, to_unicode
from portal.text.numerals import to_roman

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STRICT_W = "http://purl.oclc.org/ooxml/wordprocessingml/main"  # Word's «Strict Open XML» saves
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_W = "{%s}" % W
_VAL = _W + "val"


class WordError(Exception):
    """The package cannot be read as a Word document; the message says why, in Vietnamese."""


def _q(name: str) -> str:
    return _W + name


def _on(element) -> bool:
    """A toggle property present and not switched off (``w:val="0"``/``false``/``off``)."""
    if element is None:
        return False
    return element.get(_VAL, "true").lower() not in ("0", "false", "off", "none")


# -- what the reader gives ------------------------------------------------------------------------

@dataclass
class Paragraph:
    """One paragraph: text pieces ``(text, italic, bold)``, and its list label as Word shows it."""

    pieces: list[tuple[str, bool, bool]] = field(default_factory=list)
    label: str = ""  # "1.", "a)", "II." for a numbered paragraph; "-" for a bullet
    bullet: bool = False
    mark_deleted: bool = False  # the paragraph mark is a tracked deletion: joins the next paragraph

    @property
    def text(self) -> str:
        """The paragraph's text without its list label."""
        return "".join(piece for piece, _, _ in self.pieces)

    @property
    def shown(self) -> str:
        """The text as printed, label first (``a) Nội dung``, ``- Đơn vị``)."""
        return f"{self.label} {self.text}".strip() if self.label else self.text

    def tab_lines(self) -> list[list[tuple[str, bool]]]:
        """The printed lines split at tab stops: a header or a signature typed in two columns with tabs
        (``BAN TUYÊN GIÁO<TAB>ĐẢNG CỘNG SẢN VIỆT NAM``) gives its two sides, each with its boldness."""
        out = []
        for text, bold in self._lines(keep_tabs=True):
            pieces = re.split(r"\t+", text)
            if len(pieces) == 1:
                out.append([(text.replace("\t", " ").strip(), bold)])
            else:
                out.append([(piece.strip(), bold_flag) for piece, bold_flag in zip(pieces, self._piece_bold(text, pieces))])
        return out

    def _piece_bold(self, line: str, pieces: list[str]) -> list[bool]:
        """Whether each tab-separated piece of ``line`` is wholly bold, from the runs it was made of."""
        flags = []
        runs = [(t, b) for t, _, b in self.pieces]
        for piece in pieces:
            word = piece.strip()
            owners = [b for t, b in runs if word and t.strip() and (t.strip() in word or word in t)]
            flags.append(bool(owners) and all(owners))
        return flags

    def lines(self) -> list[tuple[str, bool]]:
        return self._lines(keep_tabs=False)

    def _lines(self, keep_tabs: bool) -> list[tuple[str, bool]]:
        """The printed lines (split at breaks), each with whether every letter in it is bold."""
        out: list[tuple[str, bool]] = []
        current: list[tuple[str, bool]] = []
        pieces = ([(self.label + " ", False, False)] if self.label else []) + self.pieces

        def flush() -> None:
            text = "".join(t for t, _ in current)
            text = text.strip(" ") if keep_tabs else text.replace("\t", " ").strip()
            visible = [b for t, b in current if t.strip()]
            out.append((re.sub(r" {2,}", " ", text), bool(visible) and all(visible)))
            current.clear()

        for text, _, bold in pieces:
            for index, part in enumerate(text.split("\n")):
                if index:
                    flush()
                if part:
                    current.append((part, bold))
        flush()
        return out


@dataclass
class Cell:
    """A cell on the table's grid: its paragraphs, first grid column (0-based), columns spanned."""

    paragraphs: list[Paragraph]
    column: int
    span: int = 1
    continues: Optional["Cell"] = None  # for a vertically merged cell: the cell it continues (the top one)

    @property
    def origin(self) -> "Cell":
        return self.continues or self

    @property
    def text(self) -> str:
        return "\n".join(p.shown.strip() for p in self.paragraphs if p.shown.strip())


@dataclass
class Row:
    cells: list[Cell]
    header: bool = False  # w:tblHeader: repeated at the top of every printed page
    inserted: bool = False

    def at(self, column: int) -> Optional[Cell]:
        """The cell covering grid ``column``, or None."""
        for cell in self.cells:
            if cell.column <= column < cell.column + cell.span:
                return cell
        return None


@dataclass
class Table:
    rows: list[Row]
    width: int  # grid columns
    number: int = 0  # 1-based, in body order, as a clerk counts the document's tables


@dataclass
class Body:
    blocks: list  # Paragraph | Table, in body order
    tracked_changes: int = 0  # insertions, deletions and moves met (accepted as printed)
    comments: bool = False
    footnotes: int = 0  # footnote and endnote references: their text lives outside the body
    legacy_fonts: set = field(default_factory=set)
    legacy_text: str = ""  # TCVN3 or VNI text found without its font, converted
    hidden: int = 0  # runs of hidden text (w:vanish) dropped: Word does not print them
    hidden_rows: int = 0  # table rows whose every run is hidden (or marked hidden), dropped
    symbols: dict = field(default_factory=dict)  # symbol characters named, not mapped: name → count
    strict: bool = False  # a «Strict Open XML» document


# -- characters that are not text ---------------------------------------------------------------------

# The Symbol font's positions (Adobe Symbol encoding) that documents use, and Wingdings' usual bullets,
# arrows and ticks. Word writes them as ``w:sym`` with the position in the private-use range (F0xx), or as
# ordinary letters in a run set in that font (a Wingdings «Ø» prints as «➢»).
_SYMBOL_FONT = {
    0x22: "∀", 0x24: "∃", 0x2D: "−", 0x3C: "<", 0x3E: ">", 0x5E: "⊥", 0x7E: "∼", 0xA3: "≤", 0xA5: "∞", 0xA7: "♣",
    0xA8: "♦", 0xA9: "♥", 0xAA: "♠", 0xAB: "↔", 0xAC: "←", 0xAD: "↑", 0xAE: "→", 0xAF: "↓", 0xB0: "°", 0xB1: "±",
    0xB3: "≥", 0xB4: "×", 0xB5: "∝", 0xB7: "•", 0xB8: "÷", 0xB9: "≠", 0xBA: "≡", 0xBB: "≈", 0xBC: "…", 0xC5: "⊕",
    0xD6: "√", 0xD7: "⋅", 0xD8: "¬", 0xD9: "∧", 0xDA: "∨", 0xDB: "⇔", 0xDC: "⇐", 0xDD: "⇑", 0xDE: "⇒", 0xDF: "⇓",
    0xE0: "◊", 0xE5: "∑", 0xF2: "∫",
}
_WINGDINGS = {
    0x21: "✏", 0x22: "✂", 0x28: "☎", 0x2A: "✉", 0x3F: "✍", 0x46: "☞", 0x4A: "☺", 0x4B: "😐", 0x4C: "☹",
    0x6C: "●", 0x6D: "❍", 0x6E: "■", 0x6F: "□", 0x70: "◻", 0x71: "❑", 0x72: "❒", 0x73: "⬧", 0x74: "⧫", 0x75: "◆",
    0x76: "❖", 0x77: "⬥", 0x9F: "•", 0xA0: "▪", 0xA1: "○", 0xA7: "▪", 0xA8: "◻", 0xD8: "➢", 0xDF: "←", 0xE0: "→",
    0xE8: "➔", 0xEF: "⇦", 0xF0: "⇨", 0xFB: "✗", 0xFC: "✓", 0xFD: "☒", 0xFE: "☑",
}
_SYMBOL_FONTS = {"symbol": _SYMBOL_FONT, "wingdings": _WINGDINGS}
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u200e\u200f"), None)
_INVISIBLE.update(dict.fromkeys(map(ord, "\u00a0\u202f\u2007\u2009\u3000"), " "))


def printed_text(text: str) -> str:
    """Text as it prints: no zero-width characters or byte-order marks (a soft hyphen is TCVN3's «ư»: left to the legacy check); no-break and thin
    spaces as spaces; NFC. Text pasted from the web brings them, and a cell «2» followed by U+200B
    looks like «2» in every quote of it while reading as no number."""
    return unicodedata.normalize("NFC", text.translate(_INVISIBLE))


_TAGS_RE = re.compile(r"</?i>")
_LIST_MARK_RE = re.compile(r"^(?:[-+•*–▪●○◦∙·➢➔→❖◆■□✓]\s|[a-zđ]\s*[.)]\s|\(?[ivx]+\)\s)")


def wraps_into(line: str, following: str) -> bool:
    """Whether ``following`` is the rest of ``line``'s phrase, cut where a printed line wrapped (a document
    converted from PDF has a paragraph or a line break per printed line): ``line`` ends without
    punctuation and ``following`` starts in lower case (and is no list item: ``- …``, ``a) …``)."""
    end = _TAGS_RE.sub("", line).rstrip()
    start = _TAGS_RE.sub("", following).lstrip()
    if not end or not start or end[-1] in ".,;:!?)]}»”\"'/…" or _LIST_MARK_RE.match(start):
        return False
    return start[0].islower()


def join_wrapped(text: str, units: bool = False) -> str:
    """A cell's lines with each phrase cut by a line wrap joined back (see :func:`wraps_into`). In a
    column of units (``units``) a line starting in lower case is always the rest of the unit above: no
    unit's name starts so, and a comma inside a name («các huyện, thành phố») may end the printed line."""
    lines = text.split("\n")
    out: list[str] = []
    for line in lines:
        if out and (wraps_into(out[-1], line) or (units and _continues_unit(out[-1], line))):
            out[-1] = f"{out[-1].rstrip()} {line.lstrip()}"
        else:
            out.append(line)
    return "\n".join(out)


def _continues_unit(line: str, following: str) -> bool:
    start = _TAGS_RE.sub("", following).lstrip()
    return bool(line.strip()) and bool(start) and start[0].islower() and not _LIST_MARK_RE.match(start) \
        and not line.rstrip().endswith((".", ";"))


def symbol_char(font: Optional[str], code: int) -> tuple[str, bool]:
    """``(character, mapped)`` for position ``code`` of a symbol font (``F0AE`` or ``AE``); unmapped
    positions are named (``[ký hiệu Wingdings F0FC]``) so the clerk sees something was there."""
    position = code - 0xF000 if 0xF000 <= code <= 0xF0FF else code
    name = (font or "Symbol").strip()
    table = _SYMBOL_FONTS.get(name.lower().split()[0].rstrip("0123456789"), _SYMBOL_FONT)
    if name.lower().startswith("wingdings") and name.strip().lower() != "wingdings":
        table = {}  # Wingdings 2 and 3 have other positions: named, not guessed
    if position in table:
        return table[position], True
    if not 0xF000 <= code <= 0xF0FF and code >= 0x20 and name.lower() not in _SYMBOL_FONTS:
        return chr(code), True
    return f"[ký hiệu {name} {code:04X}]", False


def _in_symbol_font(font: Optional[str]) -> bool:
    return bool(font and font.strip()) and (font or "").strip().lower().split()[0] in ("symbol", "wingdings")


# -- styles and numbering -------------------------------------------------------------------------

@dataclass
class _Style:
    based_on: Optional[str] = None
    bold: Optional[bool] = None
    italic: Optional[bool] = None
    font: Optional[str] = None
    num_id: Optional[str] = None
    ilvl: Optional[int] = None
    vanish: Optional[bool] = None


def _hidden(rpr) -> Optional[bool]:
    """``w:vanish`` in run properties: True/False when said, None when not."""
    if rpr is None:
        return None
    vanish = rpr.find(_q("vanish"))
    return _on(vanish) if vanish is not None else None


def _run_props(rpr) -> tuple[Optional[bool], Optional[bool], Optional[str]]:
    if rpr is None:
        return None, None, None
    b, i, fonts = rpr.find(_q("b")), rpr.find(_q("i")), rpr.find(_q("rFonts"))
    font = None
    if fonts is not None:
        font = fonts.get(_q("ascii")) or fonts.get(_q("hAnsi"))
    return (_on(b) if b is not None else None), (_on(i) if i is not None else None), font


class _Styles:
    def __init__(self, root):
        self.styles: dict[str, _Style] = {}
        self.default_paragraph: Optional[str] = None
        self.defaults = _Style()
        if root is None:
            return
        defaults = root.find(f"{_q('docDefaults')}/{_q('rPrDefault')}/{_q('rPr')}")
        self.defaults.bold, self.defaults.italic, self.defaults.font = _run_props(defaults)
        for element in root.findall(_q("style")):
            style_id = element.get(_q("styleId"))
            based = element.find(_q("basedOn"))
            style = _Style(based_on=based.get(_VAL) if based is not None else None)
            style.bold, style.italic, style.font = _run_props(element.find(_q("rPr")))
            style.vanish = _hidden(element.find(_q("rPr")))
            num = element.find(f"{_q('pPr')}/{_q('numPr')}")
            if num is not None:
                num_id, ilvl = num.find(_q("numId")), num.find(_q("ilvl"))
                style.num_id = num_id.get(_VAL) if num_id is not None else None
                style.ilvl = int(ilvl.get(_VAL, "0")) if ilvl is not None else None
            self.styles[style_id] = style
            if element.get(_q("type")) == "paragraph" and _on_default(element):
                self.default_paragraph = style_id

    def resolve(self, style_id: Optional[str], attribute: str):
        seen = set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            value = getattr(self.styles[style_id], attribute)
            if value is not None:
                return value
            style_id = self.styles[style_id].based_on
        return None


def _on_default(element) -> bool:
    value = element.get(_q("default"))
    return value is not None and value.lower() in ("1", "true", "on")


def _letters(value: int) -> str:
    """Word's letter numbering: a…z, then aa…zz, aaa… (the letter repeated)."""
    if value <= 0:
        return ""
    return chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)


def format_number(value: int, fmt: str) -> str:
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt == "lowerLetter":
        return _letters(value)
    if fmt == "upperLetter":
        return _letters(value).upper()
    if fmt == "lowerRoman":
        return to_roman(value).lower()
    if fmt == "upperRoman":
        return to_roman(value)
    if fmt == "none":
        return ""
    return str(value)  # decimal, and the rarer formats read as decimal


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    restart: Optional[int] = None  # w:lvlRestart: restart after this level (1-based); 0 never
    legal: bool = False


class _Numbering:
    """Word's list counters, advanced paragraph by paragraph in document order.

    Counters belong to the abstract list, so two list instances (``w:num``) of one abstract
    list continue each other, as Word numbers a list broken by a table or pasted in pieces;
    an instance with ``w:startOverride`` restarts the level the first time it is used.
    """

    def __init__(self, root, styles: Optional["_Styles"] = None):
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.instances: dict[str, tuple[str, dict[int, int]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.used: set[str] = set()
        links: dict[str, str] = {}  # abstract list → the list style it takes its levels from (w:numStyleLink)
        if root is None:
            return
        for abstract in root.findall(_q("abstractNum")):
            self.abstract[abstract.get(_q("abstractNumId"))] = {
                int(level.get(_q("ilvl"), "0")): self._level(level) for level in abstract.findall(_q("lvl"))}
            link = abstract.find(_q("numStyleLink"))
            if link is not None:
                links[abstract.get(_q("abstractNumId"))] = link.get(_VAL)
        for num in root.findall(_q("num")):
            ref = num.find(_q("abstractNumId"))
            overrides = {}
            for override in num.findall(_q("lvlOverride")):
                start = override.find(_q("startOverride"))
                if start is not None:
                    overrides[int(override.get(_q("ilvl"), "0"))] = int(start.get(_VAL, "1"))
                level = override.find(_q("lvl"))
                if level is not None and ref is not None:
                    key = f"{ref.get(_VAL)}#{num.get(_q('numId'))}"
                    self.abstract.setdefault(key, dict(self.abstract.get(ref.get(_VAL), {})))
                    self.abstract[key][int(override.get(_q("ilvl"), "0"))] = self._level(level)
                    ref = None
                    self.instances[num.get(_q("numId"))] = (key, overrides)
            if ref is not None:
                self.instances[num.get(_q("numId"))] = (ref.get(_VAL), overrides)
        # A list defined by a list style: its levels are those of the list the style numbers with.
        for abstract_id, style_id in links.items():
            target = styles.resolve(style_id, "num_id") if styles is not None else None
            if target in self.instances and not self.abstract.get(abstract_id):
                self.abstract[abstract_id] = self.abstract.get(self.instances[target][0], {})

    @staticmethod
    def _level(element) -> _Level:
        def value(name: str, default: str) -> str:
            child = element.find(_q(name))
            return child.get(_VAL, default) if child is not None else default

        restart = element.find(_q("lvlRestart"))
        return _Level(start=int(value("start", "1") or 1), fmt=value("numFmt", "decimal"),
                      text=value("lvlText", ""), restart=int(restart.get(_VAL)) if restart is not None else None,
                      legal=element.find(_q("isLgl")) is not None)

    def label(self, num_id: str, ilvl: int) -> tuple[str, bool]:
        """The label Word prints for the next paragraph of list ``num_id`` at level ``ilvl``."""
        if num_id in (None, "0") or num_id not in self.instances:
            return "", False
        abstract_id, overrides = self.instances[num_id]
        levels = self.abstract.get(abstract_id, {})
        level = levels.get(ilvl, _Level())
        counters = self.counters.setdefault(abstract_id, {})
        if num_id not in self.used:
            self.used.add(num_id)
            for override_level, start in overrides.items():
                counters[override_level] = start - 1
                for deeper in [k for k in counters if k > override_level]:
                    del counters[deeper]
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            restart = levels.get(deeper, _Level()).restart
            if restart is None or (restart != 0 and restart - 1 >= ilvl):
                del counters[deeper]
        if level.fmt == "bullet":
            return "-", True

        def number(match: re.Match) -> str:
            index = int(match.group(1)) - 1
            shown = levels.get(index, _Level())
            value = counters.get(index, shown.start)
            return format_number(value, "decimal" if level.legal and index != ilvl else shown.fmt)

        return re.sub(r"%(\d)", number, level.text).strip(), False


# -- the walk -------------------------------------------------------------------------------------

def _parse(package: zipfile.ZipFile, name: str, required: bool = False):
    try:
        data = package.read(name)
    except KeyError:
        if required:
            raise WordError("tệp không phải văn bản Word: thiếu phần word/document.xml") from None
        return None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, zlib.error, NotImplementedError) as exc:
        raise WordError(f"tệp Word bị hỏng ({name}: {exc})") from None
    if STRICT_W.encode() in data[:4096] or STRICT_W.encode() in data:
        # «Strict Open XML»: the same elements under another namespace; read them as the usual ones
        data = data.replace(STRICT_W.encode(), W.encode())
    try:
        return etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True))
    except etree.XMLSyntaxError as exc:
        raise WordError(f"tệp Word bị hỏng: phần {name} không đọc được ({exc})") from None


def _document_part(package: zipfile.ZipFile) -> str:
    """The main document part's name, from the package relationships (``word/document.xml`` usually)."""
    rels = _parse(package, "_rels/.rels")
    if rels is not None:
        for rel in rels:
            if rel.get("Type", "").endswith("/officeDocument"):
                return rel.get("Target", "word/document.xml").lstrip("/")
    return "word/document.xml"


def _is_strict(package: zipfile.ZipFile, part: str) -> bool:
    try:
        return STRICT_W.encode() in package.read(part)[:4096]
    except (KeyError, zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError):
        return False


def read_body(path) -> Body:
    """The document's body as printed; raises :class:`WordError` for a package that cannot be read."""
    try:
        package = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as exc:
        raise WordError(f"tệp Word bị hỏng, không mở được như tệp .docx ({exc})") from None
    with package:
        part = _document_part(package)
        strict = _is_strict(package, part)
        document = _parse(package, part, required=True)
        folder = part.rsplit("/", 1)[0] + "/" if "/" in part else ""
        styles = _Styles(_parse(package, folder + "styles.xml"))
        reader = _Reader(styles, _Numbering(_parse(package, folder + "numbering.xml"), styles))
        reader.body.comments = folder + "comments.xml" in package.namelist()
        reader.body.strict = strict
    body_element = document.find(_q("body"))
    if body_element is None:
        raise WordError("tệp Word không có phần thân văn bản (w:body)")
    reader.container(body_element, reader.body.blocks)
    reader.body.blocks = _join_deleted_marks(reader.body.blocks)
    _convert_unmarked_legacy_text(reader.body)
    return reader.body


def _all_paragraphs(blocks: list):
    for block in blocks:
        if isinstance(block, Paragraph):
            yield block
        else:
            for row in block.rows:
                for cell in row.cells:
                    yield from cell.paragraphs


def _convert_unmarked_legacy_text(body: Body) -> None:
    """TCVN3/VNI text whose font was changed to a Unicode one (``B¸o c¸o`` in Times New Roman): the
    fingerprint over the whole body decides, and every piece is converted."""
    from portal.text.legacy import detect

    paragraphs = list(_all_paragraphs(body.blocks))
    encoding = detect(" ".join(p.text for p in paragraphs))
    if not encoding:
        return
    body.legacy_text = encoding
    for paragraph in paragraphs:
        paragraph.pieces = [(to_unicode(text, encoding), italic, bold) for text, italic, bold in paragraph.pieces]


def _join_deleted_marks(blocks: list) -> list:
    """A paragraph whose mark is a tracked deletion runs on into the next paragraph, as printed."""
    out: list = []
    carry: Optional[Paragraph] = None
    for block in blocks:
        if isinstance(block, Paragraph):
            if carry is not None:
                block = Paragraph(carry.pieces + block.pieces, carry.label or block.label, carry.bullet or block.bullet,
                                  block.mark_deleted)
                carry = None
            if block.mark_deleted:
                carry = block
                continue
        elif carry is not None:
            out.append(carry)
            carry = None
        out.append(block)
    if carry is not None:
        out.append(carry)
    return out


_TRANSPARENT = {"ins", "moveTo", "hyperlink", "smartTag", "customXml", "fldSimple", "bdo", "dir"}
_DROPPED = {"del", "moveFrom"}
_RUN_TEXT = {"t": None, "tab": "\t", "ptab": "\t", "br": "\n", "cr": "\n", "noBreakHyphen": "-", "softHyphen": ""}


class _Reader:
    def __init__(self, styles: _Styles, numbering: _Numbering):
        self.styles = styles
        self.numbering = numbering
        self.body = Body(blocks=[])
        self.tables = 0

    # blocks
    def container(self, element, out: list) -> None:
        """Block-level content of the body, a cell, a content control or a text box, into ``out``."""
        for child in element:
            tag = etree.QName(child).localname if isinstance(child.tag, str) else ""
            if child.tag == _q("p"):
                self.paragraph(child, out)
            elif child.tag == _q("tbl"):
                out.append(self.table(child))
            elif child.tag == _q("sdt"):
                content = child.find(_q("sdtContent"))
                if content is not None and not self._placeholder(child):
                    self.container(content, out)
            elif tag in ("customXml", "ins", "moveTo"):
                if tag != "customXml":
                    self.body.tracked_changes += 1
                self.container(child, out)
            elif tag in _DROPPED:
                self.body.tracked_changes += 1
            elif child.tag == "{%s}AlternateContent" % MC:
                choice = child.find("{%s}Choice" % MC)
                if choice is not None:
                    self.container(choice, out)

    @staticmethod
    def _placeholder(sdt) -> bool:
        """A content control still showing its grey prompt («Bấm vào đây…»): nothing is typed in it."""
        properties = sdt.find(_q("sdtPr"))
        return properties is not None and properties.find(_q("showingPlcHdr")) is not None

    def paragraph(self, element, out: list) -> None:
        ppr = element.find(_q("pPr"))
        style_id = None
        num_id, ilvl = None, None
        mark_deleted = mark_hidden = False
        if ppr is not None:
            style = ppr.find(_q("pStyle"))
            style_id = style.get(_VAL) if style is not None else None
            num = ppr.find(_q("numPr"))
            if num is not None:
                num_element, ilvl_element = num.find(_q("numId")), num.find(_q("ilvl"))
                num_id = num_element.get(_VAL) if num_element is not None else None
                ilvl = int(ilvl_element.get(_VAL, "0")) if ilvl_element is not None else None
            mark = ppr.find(_q("rPr"))
            if mark is not None and mark.find(_q("del")) is not None:
                mark_deleted = True
                self.body.tracked_changes += 1
            mark_hidden = bool(_hidden(mark))
        style_id = style_id or self.styles.default_paragraph
        if num_id is None:
            num_id = self.styles.resolve(style_id, "num_id")
        if ilvl is None:
            ilvl = self.styles.resolve(style_id, "ilvl") or 0
        paragraph = Paragraph(mark_deleted=mark_deleted)
        boxes: list = []
        hidden_before = self.body.hidden
        self._inline(element, paragraph, style_id, boxes, [])
        for index, (text, italic, bold) in enumerate(paragraph.pieces):
            paragraph.pieces[index] = (printed_text(text), italic, bold)
        if (mark_hidden or self.styles.resolve(style_id, "vanish")) and not paragraph.text.strip() \
                and (self.body.hidden > hidden_before or mark_hidden):
            out.extend(boxes)  # a hidden paragraph prints nothing, not even its list number
            return
        if num_id:  # an empty numbered paragraph still shows its number (a Stt cell has nothing else)
            label, bullet = self.numbering.label(num_id, ilvl)
            paragraph.label, paragraph.bullet = unicodedata.normalize("NFC", label), bullet
        out.append(paragraph)
        out.extend(boxes)

    def _inline(self, element, paragraph: Paragraph, style_id, boxes: list, fields: list) -> None:
        for child in element:
            if not isinstance(child.tag, str):
                continue
            name = etree.QName(child).localname
            if child.tag == _q("r"):
                self._run(child, paragraph, style_id, boxes, fields)
            elif name in _DROPPED:
                self.body.tracked_changes += 1
            elif name in _TRANSPARENT:
                if name in ("ins", "moveTo"):
                    self.body.tracked_changes += 1
                self._inline(child, paragraph, style_id, boxes, fields)
            elif child.tag == _q("sdt"):
                content = child.find(_q("sdtContent"))
                if content is not None and not self._placeholder(child):
                    self._inline(content, paragraph, style_id, boxes, fields)
            elif child.tag == "{%s}AlternateContent" % MC:
                choice = child.find("{%s}Choice" % MC)
                if choice is not None:
                    self._inline(choice, paragraph, style_id, boxes, fields)

    def _run(self, run, paragraph: Paragraph, style_id, boxes: list, fields: list) -> None:
        rpr = run.find(_q("rPr"))
        own_bold, own_italic, own_font = _run_props(rpr)
        char_style = rpr.find(_q("rStyle")).get(_VAL) if rpr is not None and rpr.find(_q("rStyle")) is not None else None
        for attribute, value in (("bold", own_bold), ("italic", own_italic), ("font", own_font)):
            if value is None:
                value = self.styles.resolve(char_style, attribute)
            if value is None:
                value = self.styles.resolve(style_id, attribute)
            if value is None:
                value = getattr(self.styles.defaults, attribute)
            if attribute == "bold":
                bold = bool(value)
            elif attribute == "italic":
                italic = bool(value)
            else:
                font = value if isinstance(value, str) else None
        vanish = _hidden(rpr)
        if vanish is None:
            vanish = self.styles.resolve(char_style, "vanish")
        if vanish is None:
            vanish = self.styles.resolve(style_id, "vanish")
        if vanish and run.find(_q("fldChar")) is None:
            if any(child.tag in (_q("t"), _q("sym")) and (child.text or child.tag == _q("sym")) for child in run):
                self.body.hidden += 1
            return
        encoding = font_encoding(font)
        if encoding:
            self.body.legacy_fonts.add(font)
        symbol_font = _in_symbol_font(font)
        text: list[str] = []
        for child in run:
            if not isinstance(child.tag, str):
                continue
            name = etree.QName(child).localname
            if name == "fldChar":
                kind = child.get(_q("fldCharType"))
                if kind == "begin":
                    fields.append("code")
                elif kind == "separate" and fields:
                    fields[-1] = "result"
                elif kind == "end" and fields:
                    fields.pop()
                continue
            if fields and fields[-1] == "code":
                continue
            if name in _RUN_TEXT:
                value = _RUN_TEXT[name]
                if value is None:
                    value = child.text or ""
                    if encoding:
                        value = to_unicode(value, encoding, capitals=is_capitals_font(font))
                    if symbol_font or any(0xF000 <= ord(ch) <= 0xF0FF for ch in value):
                        value = "".join(self._symbol(font if symbol_font else None, ord(ch))
                                        if not ch.isspace() and (symbol_font or 0xF000 <= ord(ch) <= 0xF0FF)
                                        else ch for ch in value)
                text.append(value)
            elif name == "sym":
                code = child.get(_q("char"), "")
                try:
                    text.append(self._symbol(child.get(_q("font")) or font, int(code, 16)))
                except ValueError:
                    pass
            elif name in ("footnoteReference", "endnoteReference"):
                self.body.footnotes += 1
            elif name in ("drawing", "pict", "object") or child.tag == "{%s}AlternateContent" % MC:
                self._boxes(child, boxes)
        if text:
            paragraph.pieces.append(("".join(text), italic, bold))

    def _symbol(self, font: Optional[str], code: int) -> str:
        character, mapped = symbol_char(font, code)
        if not mapped:
            self.body.symbols[character] = self.body.symbols.get(character, 0) + 1
        return character

    def _boxes(self, element, boxes: list) -> None:
        """Text boxes in a drawing become paragraphs after the one that anchors them (once, not per fallback)."""
        if element.tag == "{%s}AlternateContent" % MC:
            choice = element.find("{%s}Choice" % MC)
            element = choice if choice is not None else element
        for content in element.iter(_q("txbxContent")):
            if any(ancestor.tag == "{%s}Fallback" % MC for ancestor in content.iterancestors()):
                continue
            self.container(content, boxes)

    # tables
    def table(self, element) -> Table:
        self.tables += 1
        number = self.tables
        grid = element.find(_q("tblGrid"))
        width = len(grid.findall(_q("gridCol"))) if grid is not None else 0
        rows: list[Row] = []
        for tr in self._rows(element):
            trpr = tr.find(_q("trPr"))
            if trpr is not None and trpr.find(_q("del")) is not None:
                self.body.tracked_changes += 1
                continue
            if trpr is not None and _on(trpr.find(_q("hidden"))):
                self.body.hidden_rows += 1
                continue
            before = 0
            header = inserted = False
            if trpr is not None:
                gb = trpr.find(_q("gridBefore"))
                before = int(gb.get(_VAL, "0")) if gb is not None else 0
                header = _on(trpr.find(_q("tblHeader")))
                inserted = trpr.find(_q("ins")) is not None
                if inserted:
                    self.body.tracked_changes += 1
            column = before
            hidden_before = self.body.hidden
            cells: list[Cell] = []
            for tc in self._cells(tr):
                tcpr = tc.find(_q("tcPr"))
                span, vmerge = 1, None
                if tcpr is not None:
                    gs = tcpr.find(_q("gridSpan"))
                    span = max(1, int(gs.get(_VAL, "1"))) if gs is not None else 1
                    vm = tcpr.find(_q("vMerge"))
                    vmerge = (vm.get(_VAL) or "continue") if vm is not None else None
                    if tcpr.find(_q("cellDel")) is not None:
                        continue
                paragraphs: list = []
                self.container(tc, paragraphs)
                cell = Cell(paragraphs=_flatten(_join_deleted_marks(paragraphs)), column=column, span=span)
                if vmerge == "continue" and rows:
                    above = rows[-1].at(column)
                    if above is not None:
                        cell.continues = above.origin
                cells.append(cell)
                column += span
            if self.body.hidden > hidden_before and not any(c.text.strip() for c in cells):
                self.body.hidden = hidden_before  # a row hidden whole counts once, as a row
                self.body.hidden_rows += 1
                continue
            rows.append(Row(cells=cells, header=header, inserted=inserted))
            width = max(width, column)
        return Table(rows=rows, width=width, number=number)

    def _rows(self, element):
        """Rows of a table, through content controls and tracked insertions around rows."""
        for child in element:
            if child.tag == _q("tr"):
                yield child
            elif child.tag in (_q("sdt"), _q("customXml"), _q("ins")):
                inner = child.find(_q("sdtContent")) if child.tag == _q("sdt") else child
                if inner is not None:
                    yield from self._rows(inner)

    def _cells(self, tr):
        for child in tr:
            if child.tag == _q("tc"):
                yield child
            elif child.tag in (_q("sdt"), _q("customXml")):
                inner = child.find(_q("sdtContent")) if child.tag == _q("sdt") else child
                if inner is not None:
                    yield from self._cells(inner)


def _flatten(blocks: list) -> list[Paragraph]:
    """A cell's paragraphs, with the text of any nested table read row by row, cell by cell."""
    out: list[Paragraph] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            out.append(block)
        else:
            for row in block.rows:
                for cell in row.cells:
                    if cell.continues is None:
                        out.extend(cell.paragraphs)
    return out
