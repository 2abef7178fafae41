"""Markdown pages from Jinja2 templates that live with the package.

Templates emit Markdown whose tables and task texts are raw HTML blocks: every value passes
through autoescaping (or :func:`portal.text.richtext.to_html`), so data can neither break the page
structure nor run in a reader's browser.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from portal.site import urls
from portal.text.richtext import to_html


def _front_matter_value(value: str) -> Markup:
    """A JSON string is valid YAML: safe for any title in the page's front matter.

    Material writes ``page.meta.title`` into ``<title>`` and the header unescaped, so the title
    is HTML-escaped first: a lead typed as ``<script>…`` shows as text in the browser.
    """
    return Markup(json.dumps(str(escape(str(value))), ensure_ascii=False))


def _placeholders(value: str) -> Markup:
    """Show unfilled placeholders such as ``[so]`` visibly, as the document has them."""
    escaped = str(escape(value))
    return Markup(re.sub(r"\[(\w{1,6})\]", r'<span class="portal-placeholder" title="Chưa điền">[\1]</span>', escaped))


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("portal.site", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["rich"] = lambda text, links=(): to_html(text, links)
    env.filters["yaml_str"] = _front_matter_value
    env.filters["placeholders"] = _placeholders
    env.globals["rel"] = urls.relative
    env.globals["asset"] = urls.asset
    return env


def keep_compiled_templates(folder: Path) -> None:
    """Compiled templates are written to ``folder`` (the build cache's) and read back by the next
    build instead of compiling them again; Jinja checks each against its template's text."""
    folder.mkdir(parents=True, exist_ok=True)
    environment().bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))


def render(template: str, **context) -> str:
    return environment().get_template(template).render(**context)
