"""The indexes (taxonomies) the site is built with, in the order their tabs appear in the nav.

One line per index: each module defines ``INDEX``, a :class:`portal.site.Index`.
"""
from __future__ import annotations

from . import deadline_index, department_index, directives

INDEXES: list = [
    department_index.INDEX,
    deadline_index.INDEX,
    directives.INDEX,
]
