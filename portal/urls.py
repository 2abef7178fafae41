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


@lru_cache(maxsize=1 << 16)  # called for every link of every row: tens of thousands per build
def relative(from_src: str, to_src: str, anchor: str = "") -> str:
    """Link from page ``from_src`` to page ``to_src`` (both Markdown paths), optional ``#anchor``."""
    start = page_url(from_src) or "."
    target = page_url(to_src) or "."
    rel = posixpath.relpath(target, start if start.endswith("/") or start == "." else posixpath.dirname(start))
    if rel == ".":
        rel = "./"
    elif not rel.endswith("/"):
        rel += "/"
    return rel + (f"#{anchor}" if anchor else "")


def asset(from_src: str, path: str) -> str:
    """Link from a page to a file written under the site root (feeds, downloads)."""
    start = page_url(from_src) or "."
    return posixpath.relpath(path, start)


def month_page(month: str) -> str:
    return f"programmes/{month}.md"


def month_docx(month: str) -> str:
    """Where a month's Word document is served: ``tai-ve/chuong-trinh-2023-11.docx``."""
    return f"tai-ve/chuong-trinh-{month}.docx"
