"""Build the site into a temporary folder, then swap it in: a failed build leaves site/ as it was.

Usage: python scripts/build_site.py [--site-dir site] [--config mkdocs.yml] [--builder mkdocs|properdocs|zensical]
The builder's command line comes from portal.build.builders (default: $PORTAL_BUILDER, else MkDocs).
PORTAL_INCLUDE_RESTRICTED=1 builds the internal edition (restricted tasks included) into
site-internal/ by default, never into the public site/.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from portal.build import builders


def main() -> int:
    internal = os.environ.get("PORTAL_INCLUDE_RESTRICTED") == "1"
    parser = argparse.ArgumentParser(description="Dựng trang vào thư mục tạm rồi thay thế site/.")
    parser.add_argument("--site-dir", default="site-internal" if internal else "site")
    parser.add_argument("--config", default="mkdocs.yml")
    parser.add_argument("--builder", default=None, help="mkdocs, properdocs hoặc zensical")
    args = parser.parse_args()
    try:
        builder = builders.get(args.builder)
    except builders.BuilderError as exc:
        print(exc, file=sys.stderr)
        return 2
    target = Path(args.site_dir).resolve()
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    command = builders.build_command(builder.name, Path(args.config), staging, quiet=True)
    result = subprocess.run(command, env=builders.builder_env())
    if result.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"Dựng trang thất bại; {target.name}/ vẫn giữ nguyên bản trước.", file=sys.stderr)
        return result.returncode
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)
    print(f"Đã dựng trang vào {target.name}/.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
