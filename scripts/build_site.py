"""Build the site into a temporary folder, then swap it in: a failed build leaves site/ as it was.

Usage: python scripts/build_site.py [--noi-bo] [--site-dir DIR] [--config mkdocs.yml]
                                    [--builder mkdocs|properdocs|zensical] [--allow-fewer] [--no-wait]

The same as ``portal publish`` (``make site``), kept for the scripts and CI jobs that call it: all
the publishing logic (lock, sweep, staging, atomic swap, the months check, the editions' folders)
lives in :mod:`portal.build.publish`.
"""
from __future__ import annotations

import sys

from portal.cli import main

if __name__ == "__main__":
    sys.exit(main(["publish", *sys.argv[1:]]))
