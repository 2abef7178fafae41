"""Subcommands of the ``portal`` console command, one module each (see :mod:`portal.cli`)."""
