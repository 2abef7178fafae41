"""Compile the Jinja templates every build renders once, into the virtual environment (``make``).

The portal's own templates (``portal/site/templates``) and the theme's (Material's, MkDocs' and
``theme_overrides/``, in the environment MkDocs makes for the theme of ``mkdocs.yml``) are compiled
into ``.venv/portal-templates`` (:mod:`portal.site.bytecode`), which builds read and never write.

Usage: python scripts/compile_templates.py [mkdocs.yml]
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

from portal.site.bytecode import INSTALLED, compile_templates, settings_key
from portal.site.render import environment


def main(argv: list[str]) -> int:
    portal_env = environment()
    count = compile_templates(portal_env)  # this process has loaded none of them yet
    kept = {settings_key(portal_env)}
    config_file = Path(argv[0] if argv else "mkdocs.yml")
    if config_file.is_file():
        from jinja2 import FileSystemLoader
        from mkdocs.config import load_config

        theme = load_config(str(config_file)).theme
        # what MkDocs renders itself (each page's template, the theme's 404 page and sitemap) and the
        # project's own overrides, with all they name
        overrides = FileSystemLoader(theme.custom_dir).list_templates() if theme.custom_dir else []
        theme_env = theme.get_env()
        count += compile_templates(theme_env, ["main.html", *theme.static_templates, *overrides])
        kept.add(settings_key(theme_env))
    # what an earlier install compiled in settings no build has now (another MkDocs, other filters)
    for folder in INSTALLED.iterdir() if INSTALLED.is_dir() else ():
        if folder.name not in kept:
            shutil.rmtree(folder, ignore_errors=True)
    print(f"{count} mẫu trang đã biên dịch sẵn vào {INSTALLED}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
