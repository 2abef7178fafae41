"""What is written besides the pages: calendar feeds, Word documents, the search index.

Each output reads the site model (:mod:`portal.site`) and knows nothing of MkDocs or of the
build that calls it. May import ``portal.site``, ``portal.content`` and ``portal.text``; never
an index module or the build.
"""
