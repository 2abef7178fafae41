"""``make serve``: the live preview on http://127.0.0.1:8000/ with the chosen builder.

Usage: python scripts/serve.py [--builder mkdocs|properdocs|zensical] [--config mkdocs.yml]

MkDocs and ProperDocs serve the project itself (``serve --dirty``: the hooks and the page cache
rebuild only the pages an edit changed). Zensical runs no hooks: the project is rendered
(``portal render``) into ``.cache/preview-zensical/`` and Zensical serves that; this script watches
``content/`` and the hand-written pages and renders again after an edit, copying only the files
that changed, so Zensical rebuilds what it must.
"""
from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from portal.build import builders
from portal.build.options import BuildOptions, OptionsError
from portal.content.errors import ContentError

POLL_S = 1.0


def sync_tree(source: Path, target: Path) -> int:
    """Make ``target`` the same as ``source``, touching only files that differ; the count changed."""
    changed = 0
    wanted = set()
    for path in source.rglob("*"):
        relative = path.relative_to(source)
        wanted.add(relative)
        dest = target / relative
        if path.is_dir():
            dest.mkdir(parents=True, exist_ok=True)
        elif not dest.is_file() or not filecmp.cmp(path, dest, shallow=False):
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, dest)
            changed += 1
    for path in sorted(target.rglob("*"), reverse=True):
        top = path.relative_to(target).parts[0]
        if top.startswith(".") or top == builders.RENDERED_SITE:  # the builder's cache and output
            continue
        if path.relative_to(target) not in wanted:
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
            changed += 1
    return changed


def render_into(config: Path, preview: Path, options: BuildOptions) -> bool:
    """Render the project afresh beside ``preview`` and sync it in; on bad content, say so and keep it."""
    with tempfile.TemporaryDirectory(prefix=".render.", dir=preview.parent) as fresh:
        try:
            builders.render_project(config, Path(fresh), search=True, include_restricted=options.include_restricted,
                                    include_drafts=options.include_drafts,
                                    source_date_epoch=options.source_date_epoch)
        except (ContentError, builders.BuilderError) as exc:
            print(f"Nội dung có lỗi, bản xem trước giữ như lần trước:\n{exc}", file=sys.stderr)
            return False
        count = sync_tree(Path(fresh), preview)
    print(f"Xem trước: {count} tệp thay đổi.", file=sys.stderr)
    return True


def watched_state(folders: list[Path]) -> dict:
    return {p: p.stat().st_mtime_ns for folder in folders if folder.is_dir() for p in folder.rglob("*") if p.is_file()}


def main() -> int:
    parser = argparse.ArgumentParser(description="Xem trước trang, tự dựng lại khi sửa.")
    parser.add_argument("--builder", default=None, help="mkdocs, properdocs hoặc zensical")
    parser.add_argument("--config", default="mkdocs.yml")
    args = parser.parse_args()
    try:
        options = BuildOptions.from_environment(preview=True, builder=(args.builder or "").lower() or None)
        builder = builders.get(options.builder or None)
    except (builders.BuilderError, OptionsError) as exc:
        print(exc, file=sys.stderr)
        return 2
    config = Path(args.config).resolve()
    if builder.runs_hooks:
        command = builders.serve_command(builder.name, config)
        os.execve(command[0], command, builders.builder_env())
    preview = config.parent / ".cache" / f"preview-{builder.name}"
    preview.mkdir(parents=True, exist_ok=True)
    if not render_into(config, preview, options):
        return 1
    project = builders.read_config(config)
    watched = [config.parent / "content", config.parent / project.get("docs_dir", "docs")]
    state = watched_state(watched)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # so the builder's server is stopped too
    server = subprocess.Popen(builders.serve_command(builder.name, preview / builders.RENDERED_CONFIG),
                              cwd=preview, env=builders.builder_env())
    try:
        while server.poll() is None:
            time.sleep(POLL_S)
            now = watched_state(watched)
            if now != state:
                state = now
                render_into(config, preview, options)
    except KeyboardInterrupt:
        pass
    finally:
        if server.poll() is None:
            server.terminate()
            server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
