"""The programme's header: issuing body, number and symbol, motto, place and date, title, subtitle.

Placed from the lines above the task table (a layout table read column by column, or lines
typed in two columns with tabs), recognised by their form.
"""
from __future__ import annotations

import re

from portal.content.importers.result import ImportResult, nfc
from portal.text.fold import fold

SYMBOL_RE = re.compile(r"^Số\s*[:.]?\s*(?P<number>[^\s\-–]*?)\s*[-–]\s*(?P<symbol>[^\s/]+/\S+)\s*$", re.IGNORECASE)
_NUMBER_ONLY_RE = re.compile(r"^Số\s*[:.]?\s*(?P<number>\S.*)$", re.IGNORECASE)
_PLACE_DATE_RE = re.compile(r"^(?P<place>[^,]{2,40}),\s*(?P<date>ngày\b.*)$", re.IGNORECASE)
_DECORATION_RE = re.compile(r"^[\s*_\-–—=.·•~]+$")


def read_tab_columns(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Lines typed in two columns with tabs, read column by column as a layout table is.

    A header or a signature block is sometimes laid out with tab stops instead of a table: each
    run of consecutive lines holding a tab is read left column first (every line's text before its
    tabs), then the right column; lines without tabs stay where they are.
    """
    out: list[tuple[int, str]] = []
    run: list[tuple[int, list[str]]] = []

    def flush() -> None:
        width = max((len(pieces) for _, pieces in run), default=0)
        for column in range(width):
            for number, pieces in run:
                if column < len(pieces) and pieces[column].strip():
                    out.append((number, pieces[column].strip()))
        run.clear()

    for number, line in lines:
        if "\t" in line.strip("\t ") or (line.startswith("\t") and line.strip()):
            run.append((number, re.split(r"\t+", line)))
            continue
        if not line.strip() and run:
            continue  # a blank line inside two columns does not end them
        flush()
        out.append((number, line))
    flush()
    return out



def _is_motto(folded: str) -> bool:
    return folded.startswith("dang cong san viet nam") or folded.startswith("cong hoa xa hoi") or \
        folded.startswith("doc lap - tu do") or folded.startswith("doc lap-tu do")


_DOCUMENT_TYPE_RE = re.compile(r"^(chuong trinh|ke hoach)\b")
_TITLE_WORD_RE = re.compile(r"^(CHƯƠNG TRÌNH)\s+(\S.*)$", re.IGNORECASE)


def classify_header_lines(lines: list[tuple[int, str]], result: ImportResult) -> dict:
    """Place the lines above the table: issuing body, number and symbol, motto, place and date, title.

    Word exports the two header columns one after the other, so lines are recognised by their
    form; plain lines before the number are the issuing body, plain lines after the date the title.
    A title written on one line with its subject (``CHƯƠNG TRÌNH CÔNG TÁC THÁNG 6 NĂM 2024``) is
    split into the document type and the subject.
    """
    header: dict = {}
    plain_before: list[tuple[int, str]] = []
    plain_after: list[tuple[int, str]] = []
    seen_marker = False
    for number, raw in lines:
        line = nfc(raw.strip())
        if not line or _DECORATION_RE.match(line):
            continue
        folded = fold(line)
        symbol = SYMBOL_RE.match(line)
        place_date = _PLACE_DATE_RE.match(line)
        numbered = symbol or _NUMBER_ONLY_RE.match(line)
        if numbered and "number" not in header:
            header["number"] = numbered.group("number").strip()
            header["symbol"] = symbol.group("symbol") if symbol else ""
            seen_marker = True
        elif _is_motto(folded):
            header["motto"] = f"{header['motto']}\n{line}" if "motto" in header else line
            seen_marker = True
        elif place_date and "date" not in header:
            header["place"] = place_date.group("place").strip()
            header["date"] = place_date.group("date").strip()
            seen_marker = True
        elif not seen_marker:
            plain_before.append((number, line))
        else:
            plain_after.append((number, line))
    title_at = next((i for i, (_, text) in enumerate(plain_after) if _DOCUMENT_TYPE_RE.match(fold(text))), 0)
    if title_at:  # left-column lines read after the right column's (a header typed with tabs): the issuer's
        plain_before, plain_after = plain_before + plain_after[:title_at], plain_after[title_at:]
    if plain_before:
        *parents, body = [text for _, text in plain_before]
        if parents:
            header["parent_body"] = "\n".join(parents)
        header["issuing_body"] = body
    if plain_after:
        title = plain_after[0][1]
        rest = [text for _, text in plain_after[1:]]
        split = _TITLE_WORD_RE.match(title)
        if split:
            title, rest = split.group(1), [split.group(2), *rest]
        header["title"] = title
        # An introduction between the title and the table («Căn cứ …, Ban xây dựng chương trình như sau:»)
        # is no part of the subject: it opens the table, as a preamble does.
        intro_at = next((i for i, text in enumerate(rest) if i and (text.endswith(":") or len(text) > 120)), len(rest))
        header["subtitle"] = " ".join(rest[:intro_at])
        if rest[intro_at:]:
            result.data["preamble"] = "\n".join(rest[intro_at:])
    for key in ("issuing_body", "number", "symbol", "title", "subtitle"):
        if key not in header:
            result.warn(f"không tìm thấy {_HEADER_NAMES[key]} ở phần đầu văn bản; trường để trống, hãy điền vào tệp dữ liệu.",
                        f"header.{key}")
            header[key] = ""
    ordered = {}
    for key in ["parent_body", "issuing_body", "number", "symbol", "motto", "place", "date", "title", "subtitle"]:
        if key in header:
            ordered[key] = header[key]
    return ordered


_HEADER_NAMES = {"issuing_body": "tên cơ quan ban hành", "number": "số văn bản («Số: …»)",
                 "symbol": "ký hiệu văn bản (…-CTr/…)", "title": "tên loại văn bản (CHƯƠNG TRÌNH)",
                 "subtitle": "trích yếu (Công tác … tháng …)"}
