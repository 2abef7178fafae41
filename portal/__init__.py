"""The portal: monthly work programmes of a Ban Tuyên giáo published as a static site.

Plain Python with no MkDocs import, in layers that import only downwards:

    text → content → site → indexes | outputs → build → cli (and hooks/, outside the package)

``portal.text`` reads Vietnamese administrative text; ``portal.content`` loads and validates
the files; ``portal.site`` is the site as data; ``portal.indexes`` files tasks under terms;
``portal.outputs`` writes feeds, Word files and the search index; ``portal.build`` runs a build
for any builder; ``portal.cli`` is the ``portal`` command. See docs/ARCHITECTURE.md.
"""

__version__ = "0.1.0"
