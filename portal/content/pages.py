"""The hand-written pages (``content/pages/``) are content too: checked before anything is published.

A builder copies every file of its docs folder into the site as it is and follows symbolic links,
so without this check a copy of a month file (``ban-sao.yaml``, restricted tasks and all) would be
served raw, a link to ``/etc/passwd`` or to another project's folder published, and a ``<script>``
typed into a guide page would run for every reader. :func:`page_problems` refuses, each with file
and line:

- a file of a format the portal does not publish (only Markdown pages and pictures);
- a symbolic link that leaves the project (or leads nowhere);
- raw ``<script>`` and the other elements that load or run code (``iframe``, ``object``, ``embed``,
  ``base``, ``meta``…), event attributes (``onerror=``, also through ``{: … }`` attribute lists), and
  ``javascript:``/``vbscript:``/``data:`` addresses in links, however they are spelled (entities,
  tabs, capitals);
- in the public edition, the text of a withheld (restricted) task copied into a page.

Code shown as code (fenced blocks, ``inline code``) is text, not markup, and is not looked at.
Hidden files (``.x.swp``) are not published by any builder and are left alone.
"""
from __future__ import annotations

import html
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterable, Iterator

from portal.content.errors import Problem
from portal.content.model import Task

PAGE_FORMATS = (".md",)
PICTURE_FORMATS = (".png", ".jpg", ".jpeg", ".gif", ".webp")
PUBLISHED_FORMATS = PAGE_FORMATS + PICTURE_FORMATS
# The full texts the directive registry links (``link: pages/van-ban/24-CT-TW.pdf``): PDF only, in one folder.
FULL_TEXT_FOLDER = "van-ban"
FULL_TEXT_FORMATS = (".pdf",)
CODE_ELEMENTS = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta", "link",
                 "portal", "noscript", "template"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "background", "xlink:href", "srcset",
                  "ping", "cite", "manifest", "codebase", "lowsrc", "dynsrc"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:")
MIN_SECRET_CHARS = 20  # a withheld text shorter than this proves nothing when found in a page


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _inside(path: Path, root: Path) -> bool:
    real = Path(os.path.realpath(path))
    return real == root or root in real.parents


def page_files(docs_dir: Path, root: Path) -> tuple[list[Path], list[Problem]]:
    """The files a builder would publish from ``docs_dir`` (links followed inside the project only),
    and a problem for each link that leaves the project or leads nowhere."""
    root = Path(os.path.realpath(root))
    files: list[Path] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    stack = [docs_dir]
    while stack:
        folder = stack.pop()
        real = os.path.realpath(folder)
        if real in seen:
            continue
        seen.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            problems.append(Problem(_shown(folder, root), None, "", f"không đọc được thư mục ({exc.strerror})."))
            continue
        for entry in entries:
            path = Path(entry.path)
            if entry.name.startswith(".") or (folder == docs_dir and entry.name == "templates"):
                continue  # not published by the builders (MkDocs' exclude_docs)
            if entry.is_symlink():
                target = os.path.realpath(path)
                if not os.path.exists(target):
                    problems.append(Problem(_shown(path, root), None, "", (
                        f"liên kết tượng trưng tới «{os.readlink(path)}», nơi không có gì. Hãy xóa liên kết.")))
                    continue
                if not _inside(path, root):
                    problems.append(Problem(_shown(path, root), None, "", (
                        f"liên kết tượng trưng ra ngoài dự án (tới {target}); không trang nào được lấy từ ngoài "
                        "dự án. Hãy xóa liên kết; nếu cần nội dung đó, chép nó vào một trang .md.")))
                    continue
            if path.is_dir():
                stack.append(path)
            elif path.is_file():
                files.append(path)
    return sorted(files), problems


_FENCE_RE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")
_CODE_SPAN_RE = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
_EVENT_RE = re.compile(r"(?<![\w-])on[a-z]+\s*=", re.I)
_MARKUP_REGION_RE = re.compile(r"<[a-zA-Z][^>]*>?|\{[^}\n]*\}")
_MD_LINK_RE = re.compile(r"\]\(\s*<?([^)>\s]*)")
_MD_REFERENCE_RE = re.compile(r"^[ \t]{0,3}\[[^\]]+\]:\s*<?(\S+)", re.M)
_AUTOLINK_RE = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.\-]*:[^>\s]*)>")
_INVISIBLE_IN_URL_RE = re.compile(r"[\x00-\x20\x7f]+")


def _without_code(text: str) -> str:
    """The text with fenced code blocks and code spans blanked out (lines kept where they were)."""
    lines = text.split("\n")
    fence = None
    for index, line in enumerate(lines):
        match = _FENCE_RE.match(line)
        if fence is None and match:
            fence = match.group(1)
            lines[index] = ""
        elif fence is not None:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
            lines[index] = ""
    text = "\n".join(lines)
    return _CODE_SPAN_RE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def bad_address(value: str) -> bool:
    """A link address that runs code, as a browser reads it: entities decoded, tabs, newlines and
    spaces dropped, any capitals."""
    cleaned = _INVISIBLE_IN_URL_RE.sub("", html.unescape(value)).lower()
    return cleaned.startswith(BAD_SCHEMES)


class _Markup(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        if tag in CODE_ELEMENTS:
            self.found.append((line, f"thẻ <{tag}> (chạy hoặc nạp mã) không được dùng trong trang viết tay"))
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append((line, f"thuộc tính sự kiện «{name}=» (chạy mã) không được dùng trong trang viết tay"))
            elif name in URL_ATTRIBUTES and value and any(bad_address(part) for part in value.split(",")):
                self.found.append((line, f"địa chỉ «{value.strip()[:40]}» trong «{name}=» chạy mã, không được dùng"))

    handle_startendtag = handle_starttag


def _line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def markup_problems(text: str, file: str) -> list[Problem]:
    """Script, event attributes and code-running addresses in a Markdown page, each with its line."""
    text = _without_code(text)
    parser = _Markup()
    try:
        parser.feed(text)
        parser.close()
    except Exception:  # noqa: BLE001 - html.parser is lenient; anything it cannot read is looked at below
        pass
    found = list(parser.found)
    events = (event for region in _MARKUP_REGION_RE.finditer(text)
              for event in _EVENT_RE.finditer(text, region.start(), region.end()))
    for match in events:  # in a tag the parser could not read, or an attribute list ``{: onclick=… }``
        line = _line_of(text, match.start())
        if not any(at == line and "sự kiện" in why for at, why in found):
            found.append((line, f"«{match.group(0).strip()}» (thuộc tính sự kiện, chạy mã) không được dùng trong "
                                "trang viết tay"))
    for pattern in (_MD_LINK_RE, _MD_REFERENCE_RE, _AUTOLINK_RE):
        for match in pattern.finditer(text):
            if bad_address(match.group(1)):
                found.append((_line_of(text, match.start(1)), f"liên kết «{match.group(1)[:40]}» chạy mã, không được dùng"))
    advice = (" Trang viết tay chỉ chứa chữ, liên kết thường và định dạng; hãy xóa phần này "
              "(cần hiện mã làm ví dụ thì đặt trong dấu `…`).")
    return [Problem(file, line, "", why + "." + advice) for line, why in sorted(set(found))]


def _squeeze(text: str) -> str:
    """``text`` with each run of whitespace one space, none at the ends (``str.split`` splits on the same
    characters as the pattern ``\\s``, a few times faster: every published task's text is squeezed)."""
    return " ".join(text.split())


def _page_texts(files: list[Path]) -> Iterator[str]:
    """The text of each readable page of ``files`` (what :func:`page_problems` reads; one it cannot
    read is reported there)."""
    for path in files:
        if path.suffix.lower() in PAGE_FORMATS:
            try:
                yield path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue


def _not_public(secrets: dict[str, Task], published: Iterable[Task], squeezed_pages: list[str]) -> dict[str, Task]:
    """The ``secrets`` (squeezed withheld texts) that no published task's text holds: a withheld text
    also published proves nothing. Only those some page holds are looked for in the published text.
    Why: that text is every published task's (≈ 1.3 MB at 120 months, squeezed and searched once per
    secret, ≈ 25 ms a build), while the hand-written pages are a few short files that rarely hold any."""
    secrets = {text: task for text, task in secrets.items() if any(text in page for page in squeezed_pages)}
    if not secrets:
        return secrets
    public_text = "\n".join(_squeeze(t.text) for t in published)
    return {text: task for text, task in secrets.items() if text not in public_text}


def page_problems(docs_dir: Path, root: Path, withheld: Iterable[Task] = (),
                  published: Iterable[Task] = ()) -> list[Problem]:
    """Everything wrong with the hand-written pages of ``docs_dir`` (see the module)."""
    if not docs_dir.is_dir():
        return []
    files, problems = page_files(docs_dir, root)
    secrets = {_squeeze(t.text): t for t in withheld}
    secrets = {text: task for text, task in secrets.items() if len(text) >= MIN_SECRET_CHARS}
    if secrets:
        secrets = _not_public(secrets, published, [_squeeze(text) for text in _page_texts(files)])
    for path in files:
        shown = _shown(path, Path(os.path.realpath(root)))
        suffix = path.suffix.lower()
        full_text = suffix in FULL_TEXT_FORMATS and path.parent == docs_dir / FULL_TEXT_FOLDER
        if suffix not in PUBLISHED_FORMATS and not full_text:
            problems.append(Problem(shown, None, "", (
                f"tệp «{path.name}» không phải trang (.md) hay ảnh ({', '.join(PICTURE_FORMATS)}), nên không được "
                "công bố. Dữ liệu tháng đặt ở content/programmes/; tệp khác hãy chuyển ra khỏi content/pages/.")))
            continue
        if suffix not in PAGE_FORMATS:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(Problem(shown, None, "", f"không đọc được trang ({exc}); hãy lưu lại với mã UTF-8."))
            continue
        problems.extend(markup_problems(text, shown))
        if secrets:
            squeezed = _squeeze(text)
            for secret, task in secrets.items():
                if secret in squeezed:
                    line = next((n for n, l in enumerate(text.splitlines(), 1) if secret[:30] in _squeeze(l)), None)
                    problems.append(Problem(shown, line, "", (
                        f"trang chép nội dung nhiệm vụ hạn chế {task.month}/{task.anchor} ({task.origin}); bản công "
                        "khai không được có nó. Hãy xóa đoạn đó khỏi trang.")))
    return problems
