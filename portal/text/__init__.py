"""Reading Vietnamese administrative text, knowing nothing of the site or its files.

Accent folding (:mod:`.fold`), slugs, spans, inline rich text, deadline phrases
(:mod:`.deadlines`), task statuses and cited documents (:mod:`.refs`). The lowest layer:
imports nothing else of ``portal``.
"""
