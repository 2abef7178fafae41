"""Page addresses, computed in one place so raw-HTML links match what MkDocs writes.

Generated tables are raw HTML (so data can never become markup), and MkDocs does not rewrite
links inside raw HTML: the package computes relative links itself, for directory URLs
(``programmes/2023-11.md`` → ``programmes/2023-11/``) as configured in ``mkdocs.yml``.
"""
from __future__ import annotations

import posixpath
from functools import lru_cache


def page_url(src_uri: str) -> str:
    """Site-relative URL of a Markdown page with directory URLs: ``a/b.md`` → ``a/b/``."""
    if src_uri == "index.md":
        return ""
    base = src_uri[: -len(".md")]
    if base.endswith("/index"):
        return base[: -len("index")]
    return base + "/"


def folder_source(src_uri: str) -> str:
    """Where a page's Markdown goes when each page has its own folder: ``a/b.md`` → ``a/b/index.md``.

    Same URL (:func:`page_url`), so every computed link stays right; a builder that resolves links
    in raw HTML against the source file (Zensical) then resolves them as the browser does, since
    the source file sits in the folder its page is served from.
    """
    if src_uri == "index.md" or src_uri.endswith("/index.md"):
        return src_uri
    return src_uri[: -len(".md")] + "/index.md"


def relative(from_src: str, to_src: str, anchor: str = "") -> str:
    """Link from page ``from_src`` to page ``to_src`` (both Markdown paths), optional ``#anchor``.

    Called for every link of every row (tens of thousands per build) with anchors that are
    nearly all distinct, so the page-to-page part is what is memoised, the anchor appended.
    """
    link = _page_link(from_src, to_src)
    return f"{link}#{anchor}" if anchor else link


@lru_cache(maxsize=1 << 16)
def _page_link(from_src: str, to_src: str) -> str:
    """Directory URL of ``to_src`` relative to that of ``from_src``: ``../../phong-ban/x/``, ``./``."""
    return directory_link(page_url(from_src), page_url(to_src))


def directory_link(start: str, target: str) -> str:
    """Relative link between two site-relative directory URLs (``""`` is the site root).

    Plain string work, since both are clean paths: what ``posixpath.relpath`` gives, at a
    fraction of its cost (it makes both paths absolute against the working directory first).
    Anything unusual (``..``, ``.``, absolute paths) is left to ``posixpath.relpath``.
    """
    start_parts, target_parts = start.split("/"), target.split("/")
    if start_parts[-1] == "":
        start_parts.pop()
    if target_parts[-1] == "":
        target_parts.pop()
    if not _clean(start_parts) or not _clean(target_parts):
        rel = posixpath.relpath(target or ".", start or ".")
        return "./" if rel == "." else rel + "/"
    common = 0
    for a, b in zip(start_parts, target_parts):
        if a != b:
            break
        common += 1
    parts = [".."] * (len(start_parts) - common) + target_parts[common:]
    return "/".join(parts) + "/" if parts else "./"


def _clean(parts: list[str]) -> bool:
    """No empty, ``.`` or ``..`` segment (nor a leading ``/``): nothing to normalise."""
    return not any(part in ("", ".", "..") for part in parts)


def asset(from_src: str, path: str) -> str:
    """Link from a page to a file written under the site root (feeds, downloads)."""
    start = page_url(from_src) or "."
    return posixpath.relpath(path, start)


def month_page(month: str) -> str:
    return f"programmes/{month}.md"


def month_docx(month: str) -> str:
    """Where a month's Word document is served: ``tai-ve/chuong-trinh-2023-11.docx``."""
    return f"tai-ve/chuong-trinh-{month}.docx"


CALENDAR_FOLDER = "lich"
ALL_FEED = f"{CALENDAR_FOLDER}/tat-ca.ics"


def department_feed(slug: str) -> str:
    """Where a department's calendar feed is served: ``lich/tt-tt.ics``."""
    return f"{CALENDAR_FOLDER}/{slug}.ics"


DOWNLOAD_FOLDER = "tai-ve"
DATA_FOLDER = "du-lieu"
DATA_JSON = f"{DATA_FOLDER}/nhiem-vu.json"
DATA_SCHEMA = f"{DATA_FOLDER}/nhiem-vu.schema.json"
DATA_CSV = f"{DATA_FOLDER}/nhiem-vu.csv"
DATA_XLSX = f"{DATA_FOLDER}/nhiem-vu.xlsx"
FEED = "feed.xml"
DATA_GUIDE = "du-lieu-mo.md"  # the user guide's page on the open data (content/pages/)
ABBREVIATIONS = "viet-tat/index.md"  # the abbreviations search knows (content/viet-tat.yaml), linked from the guide


def month_xlsx(month: str) -> str:
    """Where a month's Excel table is served: ``tai-ve/2023-11.xlsx``."""
    return f"{DOWNLOAD_FOLDER}/{month}.xlsx"


def department_xlsx(slug: str) -> str:
    """Where a department's Excel table is served: ``tai-ve/phong-ban/tt-tt.xlsx``."""
    return f"{DOWNLOAD_FOLDER}/phong-ban/{slug}.xlsx"


REPORT_FOLDER = "bao-cao"


def report_page(month: str) -> str:
    """The month-end report's page: ``bao-cao/2023-11.md`` (served at ``bao-cao/2023-11/``)."""
    return f"{REPORT_FOLDER}/{month}.md"


def report_docx(month: str) -> str:
    """Where a month's report in Word is served: ``tai-ve/bao-cao-2023-11.docx``."""
    return f"{DOWNLOAD_FOLDER}/bao-cao-{month}.docx"


HISTORY_FOLDER = "lich-su"


def history_page(department_slug: str, year: str) -> str:
    """The histories of a department's tasks last seen in ``year``: ``lich-su/tt-tt/2024.md``
    (each task's history is a section there, its anchor the chain's slug)."""
    return f"{HISTORY_FOLDER}/{department_slug}/{year}.md"
