"""Building the site, for any builder: load, render, audit, the background job, the page cache.

:mod:`.site` loads the content and renders every page and asset; :mod:`.session` runs one
build (and a preview's session of builds) behind an interface the MkDocs hooks and other
builders call; :mod:`.audit` checks the built site. May import every lower layer (text,
content, site, indexes, outputs); never MkDocs.
"""
