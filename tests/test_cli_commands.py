"""The ``portal`` command's table of commands: each command word is registered by the module the
table names (a command imports only its own module), help still lists every command, and
``portal publish`` (``make site``) starts its builder without loading what only other commands or
the builder itself need."""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

import pytest
from conftest import ROOT

from portal import cli


def _registered(modules: list[str]) -> list[str]:
    parser = argparse.ArgumentParser()
    subparsers = parser.add_subparsers()
    for name in modules:
        __import__(name, fromlist=["register"]).register(subparsers)
    return list(subparsers.choices)


@pytest.mark.parametrize("module", cli.COMMAND_MODULES)
def test_each_module_registers_the_words_the_table_gives_it(module):
    assert _registered([module]) == [word for word, owner in cli.COMMANDS.items() if owner == module]


def test_help_lists_every_command_in_the_table_order():
    assert list(_registered(cli.COMMAND_MODULES)) == list(cli.COMMANDS)
    result = subprocess.run([sys.executable, "-m", "portal.cli", "--help"], capture_output=True, cwd=ROOT,
                            env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert result.returncode == 0
    shown = result.stdout.decode("utf-8")
    assert all(f"\n    {word} " in shown for word in cli.COMMANDS), shown


def test_a_mistyped_command_is_refused_naming_every_command():
    result = subprocess.run([sys.executable, "-m", "portal.cli", "xuat-ban"], capture_output=True, cwd=ROOT)
    assert result.returncode == 2
    err = result.stderr.decode("utf-8")
    assert "xuat-ban" in err and all(f"'{word}'" in err for word in cli.COMMANDS), err


@pytest.mark.parametrize("word", ["publish", "build"])
def test_the_parser_of_one_command_reads_its_arguments(word):
    from portal.cli import building

    args = cli.build_parser(word).parse_args([word, "--no-wait", "--site-dir", "ra"])
    assert (args.command, args.no_wait, args.site_dir, args.handler) == (word, True, "ra", building.run)


def test_publish_starts_without_the_content_readers_and_writers():
    """What the publisher imports before it runs the builder: not the reference finder, the
    importer, the Word/Excel/calendar writers nor the YAML reader (the builder process loads what
    it needs itself)."""
    probe = ("import json, sys; from portal import cli; cli.build_parser('publish');"
             "print(json.dumps(sorted(sys.modules)))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, cwd=ROOT, check=True)
    loaded = set(json.loads(result.stdout))
    assert "portal.cli.building" in loaded and "portal.build.publish" in loaded
    for module in ("portal.text.refs", "portal.content.loader", "portal.content.importers", "portal.outputs",
                   "portal.site.model", "yaml", "icalendar", "xlsxwriter", "docx", "jinja2"):
        assert module not in loaded, module
