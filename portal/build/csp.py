"""The Content-Security-Policy of a built site: its own origin only, inline code allowed by hash.

The theme writes a few short scripts into every page (Material's ``__md_scope`` and tab
helpers), and a template may carry an event attribute (``onclick="window.print()"``). A policy
that allows no outside origin and no ``unsafe-inline`` must list the hash of each; they are
read from the built pages, once per build, so the policy follows the theme's version without
anyone copying hashes by hand. :func:`write_policy` writes it beside the pages:

- ``.csp``: the policy on one line, for any web server;
- ``.nginx-csp.conf``: ``set $portal_csp "…";``, which ``deploy/nginx/portal.conf`` includes.

Both are hidden files: the nginx configuration does not serve them.

Only code the portal and its theme emit is hashed. A hand-written page's body (the ``<article>``
its Markdown became) is left out of the scan, so a ``<script>`` or ``onerror`` a page author wrote
is never allowed by the policy, even if it got past the check of the hand-written pages
(:mod:`portal.content.pages`, which refuses it with file and line).
"""
from __future__ import annotations

import base64
import hashlib
import html
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import AbstractSet, Iterator, Mapping

POLICY_FILE = ".csp"
NGINX_FILE = ".nginx-csp.conf"

# Attribute values in text are escaped by the templates (a quote is &#34;), so a bare ``on…="`` or
# ``style="`` is a real attribute; searching for it directly, not tag by tag, keeps a scan of the
# 40 MB of a ten-year site to a fraction of a second.
_SCRIPT_RE = re.compile(r"<script(\s[^>]*)?>(.*?)</script\s*>", re.S | re.I)
_STYLE_RE = re.compile(r"<style(\s[^>]*)?>(.*?)</style\s*>", re.S | re.I)
_SRC_RE = re.compile(r"\ssrc\s*=", re.I)
_TYPE_RE = re.compile(r"""\stype\s*=\s*["']?([^"'\s>]+)""", re.I)
# An attribute is one of these after whitespace (see _attributes).
_EVENT_ATTR_RE = re.compile(r"""(on[a-z]+)=(?:"([^"]*)"|'([^']*)')""")
_STYLE_ATTR_RE = re.compile(r"""style=(?:"([^"]*)"|'([^']*)')""")
_SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}


@lru_cache(maxsize=4096)
def _hash(text: str) -> str:
    """The policy's hash of a piece of inline code; remembered, since every page carries the theme's
    same few scripts and the charts' same styles (≈ 10 a page, 840 pages at 120 months)."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


@dataclass
class InlineCode:
    """Hashes of the inline code found in the pages."""

    scripts: set = field(default_factory=set)  # <script> elements
    styles: set = field(default_factory=set)  # <style> elements
    script_attributes: set = field(default_factory=set)  # onclick="…" and other event attributes
    style_attributes: set = field(default_factory=set)  # style="…"

    def merge(self, other: "InlineCode") -> None:
        self.scripts |= other.scripts
        self.styles |= other.styles
        self.script_attributes |= other.script_attributes
        self.style_attributes |= other.style_attributes

    def add_page(self, text: str) -> None:
        pieces, last = [], 0
        for match in _SCRIPT_RE.finditer(text):
            pieces.append(text[last:match.start()])
            last = match.end()
            attributes = match.group(1) or ""
            kind = _TYPE_RE.search(attributes)
            if _SRC_RE.search(attributes) or (kind and kind.group(1).lower() not in _SCRIPT_TYPES):
                continue  # a file (covered by 'self'), or data (application/json) that never runs
            self.scripts.add(_hash(match.group(2)))
        pieces.append(text[last:])
        markup = "".join(pieces)  # the page without its scripts, for the attributes
        if "<style" in markup:
            for match in _STYLE_RE.finditer(markup):
                self.styles.add(_hash(match.group(2)))
        # attribute values are hashed as the browser sees them: entities decoded
        if " on" in markup:
            for match in _attributes(_EVENT_ATTR_RE, markup):
                self.script_attributes.add(_hash(html.unescape(_value(match, 2))))
        if " style=" in markup:
            for match in _attributes(_STYLE_ATTR_RE, markup):
                self.style_attributes.add(_hash(html.unescape(_value(match, 1))))


def _attributes(pattern: re.Pattern, text: str) -> Iterator[re.Match]:
    """The matches of ``pattern`` that follow whitespace: what ``finditer`` of whitespace + ``pattern``
    finds, match for match, but looked for by the pattern's literal start (a pattern that starts with
    ``\\s`` is tried at every character: five times slower over the pages of a ten-year site)."""
    at = start = 0  # where to look next; where the last match ended
    while True:
        match = pattern.search(text, at)
        if match is None:
            return
        if match.start() > start and text[match.start() - 1].isspace():  # ``\\s`` is str.isspace
            yield match
            at = start = match.end()
        else:
            at = match.start() + 1


def _value(match: re.Match, group: int) -> str:
    return match.group(group) if match.group(group) is not None else match.group(group + 1)


_ARTICLE_START_RE = re.compile(r"<article\b", re.I)


def without_article(text: str) -> str:
    """A page without its ``<article>`` (the body its author wrote): from the first ``<article`` to
    the last ``</article>``, so an author's stray ``</article>`` cannot end it early."""
    start = _ARTICLE_START_RE.search(text)
    end = text.lower().rfind("</article>")
    if start is None or end < start.start():
        return text
    return text[:start.start()] + text[end + len("</article>"):]


def authored_html(docs_dir: Path) -> set[str]:
    """The built HTML files (site-relative) of the hand-written pages of ``docs_dir``
    (``huong-dan.md`` → ``huong-dan/index.html``, ``tim-kiem/index.md`` → ``tim-kiem/index.html``)."""
    found = set()
    for page in docs_dir.rglob("*.md") if docs_dir.is_dir() else []:
        relative = page.relative_to(docs_dir).with_suffix("")
        folder = relative.parent if relative.name in ("index", "README") else relative
        found.add((folder / "index.html").as_posix() if folder.parts else "index.html")
    return found


def page_code(relative: str, text: str, authored: AbstractSet[str] = frozenset()) -> InlineCode:
    """The inline code of one built page (``relative``: its site-relative path); of a hand-written
    page (``authored``), only the theme's around its body."""
    found = InlineCode()
    found.add_page(without_article(text) if relative in authored else text)
    return found


def inline_code(site_dir: Path, authored: AbstractSet[str] = frozenset(),
                known: Mapping[str, InlineCode] | None = None) -> InlineCode:
    """The inline code of every HTML page of a built site (see :func:`page_code`). ``known``: what a
    builder already found in the pages it wrote (site-relative path → their code), which are then
    not read again; every other HTML file of the site is read."""
    known = known or {}
    found = InlineCode()
    root = os.fspath(site_dir)
    for folder, _, names in os.walk(root):
        # the site path of the folder by slicing (os.walk gives root + separator + …): a Path made and
        # made relative for each of the ≈ 870 pages cost more than walking the whole site
        prefix = folder[len(root):].lstrip(os.sep).replace(os.sep, "/")
        for name in names:
            if not name.endswith(".html"):
                continue
            relative = f"{prefix}/{name}" if prefix else name
            code = known.get(relative)
            if code is None:
                code = page_code(relative, Path(folder, name).read_text(encoding="utf-8", errors="replace"), authored)
            found.merge(code)
    return found


def policy(code: InlineCode) -> str:
    """The policy: nothing from another origin; inline code only by its hash."""
    scripts = sorted(code.scripts) + sorted(code.script_attributes)
    styles = sorted(code.styles) + sorted(code.style_attributes)
    unsafe_hashes = ["'unsafe-hashes'"] if code.script_attributes else []
    style_unsafe_hashes = ["'unsafe-hashes'"] if code.style_attributes else []
    return "; ".join([
        "default-src 'self'",
        " ".join(["script-src 'self'", *unsafe_hashes, *scripts]),
        " ".join(["style-src 'self'", *style_unsafe_hashes, *styles]),
        "img-src 'self' data:",  # the theme's icons are data: SVG in its style sheet
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ])


def write_policy(site_dir: Path, authored: AbstractSet[str] = frozenset(),
                 known: Mapping[str, InlineCode] | None = None) -> str:
    """Compute the policy of a built site and write it beside the pages; returns it.
    ``authored``: the hand-written pages' HTML files, whose bodies are not hashed; ``known``: see
    :func:`inline_code`."""
    text = policy(inline_code(site_dir, authored, known))
    (site_dir / POLICY_FILE).write_text(text + "\n", encoding="utf-8")
    (site_dir / NGINX_FILE).write_text(
        "# Sinh ra khi dựng trang (portal/build/csp.py): chính sách bảo mật nội dung, có mã băm các script\n"
        "# viết liền của giao diện. deploy/nginx/portal.conf đọc tệp này; đừng sửa tay.\n"
        f'set $portal_csp "{text}";\n', encoding="utf-8")
    return text
