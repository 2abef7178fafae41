"""The indexes: one taxonomy mechanism (:mod:`portal.site.taxonomy`), one module per taxonomy.

Each module files tasks under terms (departments, deadlines, cited directives) and renders the
terms' pages; it defines ``INDEX``, a :class:`portal.site.model.Index`. May import
``portal.site``, ``portal.content`` and ``portal.text``; never an output or the build.
``INDEXES`` lists them in the order their tabs appear in the nav. :mod:`.dashboard` is no
taxonomy: it reads the others' terms to compute the home page's charts and lists.
"""
from __future__ import annotations

from portal.indexes import deadlines, departments, directives, history, reports

INDEXES: list = [
    departments.INDEX,
    deadlines.INDEX,
    directives.INDEX,
    reports.INDEX,
    history.INDEX,
]
