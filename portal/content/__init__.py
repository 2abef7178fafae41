"""The content as files: schema, model, loading with line marks, registries, importers, errors.

Month files (``content/programmes/YYYY-MM.yaml``), the department and directive registries,
the Word and text importers (:mod:`.importers`) and the data-file writer. May import
:mod:`portal.text` only.
"""
