"""The programme's closing: the closing paragraph, ``Nơi nhận:`` and its list, drafter initials, signature."""
from __future__ import annotations

import re

from portal.content.importers.result import ImportResult, nfc
from portal.content.importers.wordxml import wraps_into
from portal.text.fold import fold

_SIGNED_RE = re.compile(r"^\(?\s*(đã ký|đã ký và đóng dấu|đã ký tên|ký tên|ký, ghi rõ họ tên|ký và đóng dấu)\s*\)?$",
                        re.IGNORECASE)
_BOLD_RE = re.compile(r"^\*\*|\*\*$")


def _strip_bold(line: str) -> tuple[str, bool, bool]:
    """Remove Markdown bold markers the export adds; say whether the line opened or closed bold."""
    opens = line.startswith("**")
    closes = line.endswith("**") and len(line) > 2
    return _BOLD_RE.sub("", _BOLD_RE.sub("", line)).strip(), opens, closes


def _is_signature_title(line: str) -> bool:
    letters = [ch for ch in line if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


# The drafter's initials under the recipients: a name and the initials of the typist (``Dương-TH``, ``Lan-THK``).
_INITIALS_RE = re.compile(r"^[A-ZĐ][^\s\-]{0,12}\s?-\s?[A-ZĐ]{1,6}\.?$")

# Where a drafter's initials run into the signer's title on one line (``Dương-THK/T TRƯỞNG BAN``).
_RUN_ON_TITLE_RE = re.compile(r"^(?P<before>.*[a-zà-ỹđ].*?\S)\s*(?P<title>(?:K/?T\.?|KT\.|T/?M\.?|TM\.|Q\.|Q/)\s*"
                              r"[A-ZÀ-ỸĐ][A-ZÀ-ỸĐ ]+|(?:PHÓ\s+)?TRƯỞNG\s+BAN)$")


def parse_tail(lines: list[tuple[int, str]], result: ImportResult) -> None:
    """Place the lines after the table: closing, ``Nơi nhận:`` list, drafter initials, signature."""
    closing: list[str] = []
    recipients: list[str] = []
    titles: list[str] = []
    marks: list[str] = []
    names: list[tuple[int, str]] = []
    drafter: list[str] = []
    stage = "closing"
    seen_recipients = False
    in_bold = False
    expanded: list[tuple[int, str]] = []
    for number, raw in lines:
        text = raw.strip()
        run_on = _RUN_ON_TITLE_RE.match(_strip_bold(text)[0]) if not _is_signature_title(text) else None
        if run_on and _past_recipients(expanded):
            expanded.append((number, run_on.group("before")))
            expanded.append((number, f"**{run_on.group('title')}**"))
        else:
            expanded.append((number, raw))
    for number, raw in expanded:
        text, opens, closes = _strip_bold(nfc(raw.strip()))
        bold = in_bold or opens
        in_bold = (in_bold or opens) and not closes
        if not text:
            continue
        folded = fold(text)
        if folded.startswith("noi nhan"):
            stage = "recipients"
            seen_recipients = True
            rest = text.split(":", 1)[1].strip() if ":" in text else ""
            if rest:
                recipients.append(rest.lstrip("-+• ").strip())
            continue
        if stage != "closing" and seen_recipients and re.match(r"^[-+•]\s*", text) and not bold:
            recipients.append(re.sub(r"^[-+•]\s*", "", text))  # (also after the signer's title, typed beside it)
            continue
        if stage != "closing" and seen_recipients and not bold and _INITIALS_RE.match(text):
            drafter.append(text)
            continue
        if not any(ch.isalnum() for ch in text) or (stage != "closing" and _SIGNED_RE.match(text)):
            marks.append(text)
            stage = "signature"
            continue
        if _is_signature_title(text) and (bold or stage != "closing" or not closing):
            titles.append(text)
            stage = "signature"
            continue
        if stage == "closing":
            if closing and wraps_into(closing[-1], text):  # one paragraph printed on two lines (converted from PDF)
                closing[-1] = f"{closing[-1]} {text}"
            else:
                closing.append(text)
        elif stage == "recipients" and not bold:
            drafter.append(text)
        elif titles or bold:
            names.append((number, text))
        else:
            drafter.append(text)
    if closing:
        result.data["closing"] = "\n\n".join(closing)
    if recipients:
        result.data["recipients"] = recipients
    if drafter:
        result.data["drafter"] = "\n".join(drafter)
    signature: dict = {"titles": titles}
    if marks:
        signature["mark"] = " ".join(marks)
    if names:
        *extra, (_, name) = names
        for line, text in extra:
            result.unplaced(line, text, "dòng trong khối chữ ký không xếp được")
        signature["name"] = name
    else:
        result.warn("không tìm thấy họ tên người ký ở cuối văn bản; hãy điền vào trường signature.name.", "signature.name")
        signature["name"] = ""
    result.data["signature"] = signature


def _past_recipients(lines: list[tuple[int, str]]) -> bool:
    """Past ``Nơi nhận:``: only there can initials run into the signature."""
    return any(fold(_strip_bold(text.strip())[0]).startswith("noi nhan") for _, text in lines)
