"""The ``portal`` console command: the same package the site is built from, for editors and CI.

Each subcommand lives in its own module of this package and exposes
``register(subparsers)``; messages are in Vietnamese, exit codes say whether it went well.
The top layer: may import anything in ``portal``.

A command imports only its own module: ``portal publish`` (``make site``) starts the builder
sooner when it does not first load the importer, the Word writers and the reference finder that
other commands need. Help and a mistyped command get every module, so they list every command.
"""
from __future__ import annotations

import argparse
import importlib
import io
import sys

# Each command word → the module that registers it, in the order the help lists them.
COMMANDS = {
    "import": "portal.cli.importing",
    "check": "portal.cli.checking",
    "render": "portal.cli.rendering",
    "publish": "portal.cli.building",
    "build": "portal.cli.building",
    "audit": "portal.cli.auditing",
    "refs": "portal.cli.refs",
    "deadline": "portal.cli.deadline",
    "export": "portal.cli.exporting",
    "draft": "portal.cli.drafting",
    "status": "portal.cli.status",
    "report": "portal.cli.reporting",
}
COMMAND_MODULES = list(dict.fromkeys(COMMANDS.values()))


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser of ``command`` alone when it is one of :data:`COMMANDS`, else of every command."""
    parser = argparse.ArgumentParser(
        prog="portal",
        description="Cổng chương trình công tác Tuyên giáo: nhập, kiểm tra và tra cứu dữ liệu.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="LỆNH")
    subparsers.required = True
    for name in [COMMANDS[command]] if command in COMMANDS else COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):  # a stream put in its place may not be one
            stream.reconfigure(encoding="utf-8")
    argv = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(argv[0] if argv else None).parse_args(argv)
    return int(args.handler(args) or 0)
