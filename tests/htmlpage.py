"""Read built HTML with a real parser (lxml), for assertions on what a reader gets."""
from __future__ import annotations

import re
from pathlib import Path

import lxml.html


def parse(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(path.read_bytes())


_BLOCKS = {"p", "div", "td", "th", "tr", "li", "ul", "ol", "br", "h1", "h2", "h3", "h4", "h5", "h6",
           "table", "tbody", "thead", "section", "article", "span.block"}


def text_of(element) -> str:
    """Visible text with whitespace collapsed, block elements and line breaks as spaces."""
    return re.sub(r"\s+", " ", "".join(_walk(element))).strip()


def _walk(element):
    block = isinstance(element.tag, str) and element.tag in _BLOCKS
    if block:
        yield " "
    if element.text and isinstance(element.tag, str):
        yield element.text
    for child in element:
        yield from _walk(child)
        if child.tail:
            yield child.tail
    if block:
        yield " "


def external_references(root: lxml.html.HtmlElement) -> list[str]:
    """Every URL the page would load from another host (scripts, images, styles, fonts, frames)."""
    found = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for attribute in ("src", "srcset", "data", "poster"):
            value = element.get(attribute)
            if value and _is_external(value):
                found.append(value)
        if element.tag == "link" and element.get("href") and _is_external(element.get("href")):
            if element.get("rel") not in ("canonical", None):
                found.append(element.get("href"))
        if element.tag == "style" and element.text and re.search(r"url\(\s*['\"]?(https?:)?//", element.text):
            found.append("inline style url()")
    return found


def _is_external(url: str) -> bool:
    return bool(re.match(r"^(https?:)?//", url.strip()))
