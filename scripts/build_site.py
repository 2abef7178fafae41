"""Build the site into a temporary folder, then swap it in: a failed build leaves site/ as it was.

Usage: python scripts/build_site.py [--site-dir site] [--config mkdocs.yml]
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


def main() -> int:
    internal = os.environ.get("PORTAL_INCLUDE_RESTRICTED") == "1"
    parser = argparse.ArgumentParser(description="Dựng trang vào thư mục tạm rồi thay thế site/.")
    parser.add_argument("--site-dir", default="site-internal" if internal else "site")
    parser.add_argument("--config", default="mkdocs.yml")
    args = parser.parse_args()
    target = Path(args.site_dir).resolve()
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--config-file", args.config,
               "--site-dir", str(staging)]
    result = subprocess.run(command, env=env)
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
