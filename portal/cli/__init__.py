"""The ``portal`` console command: the same package the site is built from, for editors and CI.

Each subcommand lives in its own module of this package and exposes
``register(subparsers)``; messages are in Vietnamese, exit codes say whether it went well.
The top layer: may import anything in ``portal``.
"""
from __future__ import annotations

import argparse
import importlib
import io
import sys

COMMAND_MODULES = [
    "portal.cli.importing",
    "portal.cli.checking",
    "portal.cli.rendering",
    "portal.cli.building",
    "portal.cli.auditing",
    "portal.cli.refs",
    "portal.cli.deadline",
    "portal.cli.exporting",
    "portal.cli.drafting",
    "portal.cli.status",
    "portal.cli.reporting",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="portal",
        description="Cổng chương trình công tác Tuyên giáo: nhập, kiểm tra và tra cứu dữ liệu.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="LỆNH")
    subparsers.required = True
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):  # a stream put in its place may not be one
            stream.reconfigure(encoding="utf-8")
    args = build_parser().parse_args(argv)
    return int(args.handler(args) or 0)
