"""Task text to safe HTML: everything escaped, italics kept, citations linked at their spans.

Data is never markup. The one markup the office uses, ``<i>…</i>`` (italics from Word), is
recognised as a token and emitted as ``<em>``; every other character is escaped, so ``<script>``,
Markdown syntax or template braces show as the literal text the editor typed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import partial
from typing import Iterable

from markupsafe import Markup, escape

try:  # what escape() does to a text, without making a Markup of it (a Python call each: see html_text)
    from markupsafe._speedups import _escape_inner
except ImportError:  # pragma: no cover - a markupsafe without its C speedups, or another layout
    def _escape_inner(s: str, /) -> str:
        return str(escape(s))

_ITALIC_RE = re.compile(r"<i>(.*?)</i>", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class Link:
    """Make ``text[start:end]`` a link to ``href``."""

    start: int
    end: int
    href: str
    title: str = ""


def strip_markup(text: str) -> str:
    """Plain text of a task: the italic tags removed, for search, feeds and exports."""
    return _ITALIC_RE.sub(lambda m: m.group(1), text)


def italic_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the italic tags themselves (``<i>`` and ``</i>``), which are markup, not text."""
    spans = []
    for match in _ITALIC_RE.finditer(text):
        spans.append((match.start(), match.start(1)))
        spans.append((match.end(1), match.end()))
    return spans


def html_text(value) -> str:
    """``value`` escaped as :func:`markupsafe.escape` escapes it (HTML, such as a :class:`Markup`, stays
    as it is), as a plain text, for the helpers that write a row's or a cell's HTML into one string.

    Why not ``escape``: it makes a :class:`Markup` of every value, a Python call and a Python
    ``Markup.__new__`` each; the pages' helpers escape some 330,000 values at 120 months only to put
    them into a string at once."""
    if type(value) is str:
        return _escape_inner(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return _escape_inner(str(value))


# ``Markup(html)`` of a text that is HTML already, made as str makes a text: Markup's own ``__new__`` (a
# Python call that asks the text for ``__html__``) costs twice as much, and the pages' helpers wrap some
# 150,000 finished cells and rows at 120 months.
as_markup = partial(str.__new__, Markup)


def to_html(text: str, links: Iterable[Link] = ()) -> Markup:
    """Escape ``text``; turn balanced ``<i>…</i>`` into ``<em>``, ``links`` into anchors, newlines into ``<br>``."""
    events: list[tuple[int, int, str]] = []  # (position, order, html)
    skip: list[tuple[int, int]] = []
    for match in _ITALIC_RE.finditer(text):
        skip.append((match.start(), match.start(1)))
        skip.append((match.end(1), match.end()))
        events.append((match.start(1), 1, "<em>"))
        events.append((match.end(1), 0, "</em>"))
    for link in sorted(links, key=lambda l: l.start):
        if _crosses(link, skip):
            continue
        title = f' title="{html_text(link.title)}"' if link.title else ""
        events.append((link.start, 2, f'<a class="portal-ref" href="{html_text(link.href)}"{title}>'))
        events.append((link.end, -1, "</a>"))
    out: list[str] = []
    position = 0
    hidden = sorted(skip)
    for point, _, html in sorted(events):
        out.append(_escape_visible(text, position, point, hidden))
        out.append(html)
        position = max(position, point)
    out.append(_escape_visible(text, position, len(text), hidden))
    return as_markup("".join(out))


def _crosses(link: Link, tags: list[tuple[int, int]]) -> bool:
    return any(link.start < end and start < link.end for start, end in tags)


def _escape_visible(text: str, start: int, end: int, hidden: list[tuple[int, int]]) -> str:
    pieces = []
    cursor = start
    for h_start, h_end in hidden:
        if h_end <= cursor or h_start >= end:
            continue
        pieces.append(text[cursor:max(cursor, h_start)])
        cursor = max(cursor, h_end)
    pieces.append(text[cursor:end] if cursor < end else "")
    return html_text("".join(pieces)).replace("\n", "<br>")
