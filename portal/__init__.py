"""The portal: monthly work programmes of a Ban Tuyên giáo published as a static site.

Plain Python with no MkDocs import: load and validate content, index it, render Markdown.
``hooks/`` hands the rendered pages to MkDocs; ``portal.cli`` offers the same to editors.
"""

__version__ = "0.1.0"
