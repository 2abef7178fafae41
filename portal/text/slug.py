"""URL slugs from Vietnamese text: ``Phòng TT-TT`` → ``phong-tt-tt``, ``27-QĐi/TU`` → ``27-qdi-tu``."""
from __future__ import annotations

import re

from portal.text.fold import fold

_NON_WORD_RE = re.compile(r"[^a-z0-9]+")


def slugify(text: str, fallback: str = "muc") -> str:
    slug = _NON_WORD_RE.sub("-", fold(text)).strip("-")
    return slug[:80].rstrip("-") or fallback
