"""The site as data: the types every index and output uses, page addresses and templates.

:mod:`.model` (``Site``, ``Page``, ``Asset``, ``Index``), :mod:`.taxonomy` (the one taxonomy
mechanism), :mod:`.urls` and :mod:`.render` (Jinja2 with autoescaping, ``templates/``). Below
the indexes and outputs, so they never import the build; may import ``portal.content`` and
``portal.text``.
"""
