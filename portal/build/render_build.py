"""The builder process of the render route: ``python -m portal.build.render_build --builder zensical …``.

A builder that runs no hooks (Zensical) is driven from here, as MkDocs drives the hooks: the
pages are rendered, the builder runs on the rendered project, the built site is audited and
completed (:func:`portal.build.builders.build_rendered`). :func:`portal.build.publish.publish`
runs this into its staging folder under the lock, with its options in the environment
(:data:`portal.build.options.OPTIONS_VARIABLE`); run by hand it builds the edition the usual
variables ask for, into its own folder only (:func:`portal.build.options.check_target`).
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from portal.build import builders
from portal.build.options import BuildOptions, Edition, OptionsError, check_target
from portal.build.session import BuildError


def main(argv: list[str] | None = None) -> int:
    if hasattr(sys.stderr, "reconfigure"):
        sys.stderr.reconfigure(encoding="utf-8")
    parser = argparse.ArgumentParser(prog="python -m portal.build.render_build",
                                     description="Dựng trang bằng công cụ không chạy hooks (Zensical).")
    parser.add_argument("--builder", default="zensical")
    parser.add_argument("--config", default="mkdocs.yml")
    parser.add_argument("--site-dir", required=True)
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    config = Path(args.config)
    site_dir = Path(args.site_dir)
    try:
        options = BuildOptions.from_environment()
        check_target(options.edition, site_dir, Path(os.path.abspath(config)).parent / Edition.PUBLIC.folder)
    except OptionsError as exc:
        print(f"ERROR    -  {exc}", file=sys.stderr)
        return 2
    if not config.is_file():
        print(f"ERROR    -  Không thấy tệp cấu hình {config}.", file=sys.stderr)
        return 2

    def log(message: str) -> None:
        if not args.quiet:
            print(f"INFO    -  {message}", file=sys.stderr)

    try:
        builders.build_rendered(args.builder, config, site_dir, options, quiet=args.quiet, log=log)
    except (BuildError, builders.BuilderError) as exc:
        print(f"ERROR    -  {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
