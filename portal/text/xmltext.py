"""Text written into XML (Word's document.xml, the Atom feed, the report's .docx cells).

XML 1.0 cannot carry most control characters: one pasted into a task (a vertical tab from Word,
a NUL from a damaged file) makes Word refuse the whole document and a feed reader drop the feed.
Every XML writer goes through these helpers, so such a character is dropped the same way
everywhere and markup characters are escaped once.
"""
from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

# Tab, line feed and carriage return are the only characters below U+0020 XML 1.0 allows;
# lone surrogates and U+FFFE/U+FFFF are not characters at all.
_INVALID_XML_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot carry (for a library that escapes itself)."""
    return _INVALID_XML_RE.sub("", text)


def xml_text(text: str) -> str:
    """``text`` as XML character data: invalid characters dropped, ``&``, ``<`` and ``>`` escaped."""
    return escape(xml_safe(text))


def xml_attribute(text: str) -> str:
    """``text`` as a quoted XML attribute value, quotes included (``"…"``)."""
    return quoteattr(xml_safe(text))
