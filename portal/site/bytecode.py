"""Jinja templates compiled once at install time, read by every build.

Why: a build without the build cache (``PORTAL_BUILD_CACHE=0``: CI's first run, a release, the
snapshot of a site) compiled every template it rendered, the portal's own and the theme's
(Material's ``base.html`` and its partials, ``theme_overrides/``): ≈ 0.3 s of the builder's
process at 120 months, for the same templates of the same installed versions every time. As
``make`` compiles the portal's Python once into ``__pycache__``, it compiles the templates once
into the virtual environment (:data:`INSTALLED`, ``make .venv/.compiled``, which runs this module);
a build only reads them (:class:`KeptBytecodeCache`) and never writes there, so a build without
the cache still writes nothing outside its site.

A compiled template is used only for the very text it was compiled from: Jinja keeps the source's
checksum with it, so a template edited since (a ``theme_overrides/`` file) is compiled by the
build as before. A template is found here by its name and the checksum of its text, not by its
file's path as Jinja's own key (the project may lie elsewhere than where ``make`` compiled it).
Neither says in which settings of an environment it was compiled (another ``autoescape``
compiles other code from the same text): each environment's templates are kept in a folder of
their own, named by those settings (:func:`settings_key`).

``make`` runs ``scripts/compile_templates.py``, which compiles the portal's templates and the
theme's, in the builder's own environment (no MkDocs import inside ``portal``).
"""
from __future__ import annotations

import hashlib
import sys
from pathlib import Path
from typing import Iterable, Optional

import jinja2
from jinja2 import meta
from jinja2.bccache import Bucket

# Inside the virtual environment (sys.prefix): made by `make`, thrown away with the environment.
INSTALLED = Path(sys.prefix) / "portal-templates"
_SUFFIXES = (".html", ".xml", ".j2")  # what the builder and the portal render (sitemap.xml included)


def settings_key(env: jinja2.Environment) -> str | None:
    """What of ``env`` shapes the code Jinja compiles a template to, as a short digest: its syntax,
    whitespace, escaping and extensions, the compiler's policies, and each filter's and test's name
    with what it asks to be passed (a filter made ``pass_context`` is called another way by the
    compiled code: an MkDocs or Material upgrade, or a change to the portal's own filters, gives
    another key, so a template compiled before it is not used). None when a setting is a function
    whose effect no name tells (an ``autoescape`` chosen by the template's name, a ``finalize``):
    such an environment's templates are not kept at install time."""
    if callable(env.autoescape) or env.finalize is not None:
        return None

    def passed(functions: dict) -> list[tuple[str, str]]:
        return sorted((name, str(getattr(function, "jinja_pass_arg", ""))) for name, function in functions.items())

    policies = sorted((name, repr(value)) for name, value in env.policies.items()
                      if name.startswith(("compiler.", "ext.")) and not callable(value))
    settings = (jinja2.__version__, env.block_start_string, env.block_end_string, env.variable_start_string,
                env.variable_end_string, env.comment_start_string, env.comment_end_string,
                env.line_statement_prefix, env.line_comment_prefix, env.trim_blocks, env.lstrip_blocks,
                env.newline_sequence, env.keep_trailing_newline, env.optimized, env.is_async,
                env.autoescape, sorted(env.extensions), policies, passed(env.filters), passed(env.tests))
    return hashlib.blake2b(repr(settings).encode(), digest_size=8).hexdigest()


class KeptBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates read from ``own`` (the build cache's folder, written as Jinja does) and,
    for a template not there, from the ones compiled at install time (``installed``, only read).
    Without ``own`` nothing is written."""

    def __init__(self, own: Optional[Path], installed: Optional[Path]):
        super().__init__(str(own) if own is not None else "")
        self.own = own
        self.installed = jinja2.FileSystemBytecodeCache(str(installed)) \
            if installed is not None and installed.is_dir() else None

    def get_bucket(self, environment: jinja2.Environment, name: str, filename: Optional[str],
                   source: str) -> Bucket:
        """Jinja's bucket, keyed by the template's name and the checksum of its text instead of its
        file's path: the same text compiles to the same code wherever the project lies (a copy of the
        project, a CI runner's checkout, the benchmark's archives in another folder than the one
        ``make`` compiled from), and a text edited since has another key. Only the traceback of a
        template's error names the file it was compiled from."""
        checksum = self.get_source_checksum(source)
        key = hashlib.sha1(f"{name}\0{checksum}".encode("utf-8")).hexdigest()
        bucket = Bucket(environment, key, checksum)
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        if self.own is not None:
            super().load_bytecode(bucket)
        if bucket.code is None and self.installed is not None:
            self.installed.load_bytecode(bucket)  # a file compiled from another text is not loaded

    def dump_bytecode(self, bucket: Bucket) -> None:
        if self.own is not None:
            super().dump_bytecode(bucket)


def kept_bytecode(env: jinja2.Environment, own: Optional[Path] = None) -> Optional[KeptBytecodeCache]:
    """The bytecode cache for ``env``: its templates compiled at install time, read only, and with
    ``own`` (a folder of the build cache, made if missing) that folder, read and written; None when
    neither exists."""
    key = settings_key(env)
    installed = INSTALLED / key if key is not None else None
    if own is None and (installed is None or not installed.is_dir()):
        return None
    if own is not None:
        own.mkdir(parents=True, exist_ok=True)
    return KeptBytecodeCache(own, installed)


def compile_templates(env: jinja2.Environment, roots: Optional[Iterable[str]] = None) -> int:
    """Compile the templates of ``env`` that a build renders into :data:`INSTALLED`; how many.

    Without ``roots`` every template of ``env`` (the portal's, all rendered); with ``roots`` (the
    templates a builder renders itself) those and every template they name, as far as the names are
    written out: Material holds some 70 translations of which a site shows one, chosen by a name
    made at render time, and a template not compiled here is compiled by the build as before. A
    template that does not compile in ``env`` is left to the build, which would say why if it ever
    rendered it."""
    key = settings_key(env)
    if key is None:
        return 0
    folder = INSTALLED / key
    folder.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = _Compiling(folder, None)  # its keys are those a build looks up
    names = env.list_templates(filter_func=lambda name: name.endswith(_SUFFIXES)) if roots is None else list(roots)
    seen = set(names)
    count = 0
    while names:
        name = names.pop()
        try:
            source = env.loader.get_source(env, name)[0] if env.loader is not None else ""
            named = [] if roots is None else meta.find_referenced_templates(env.parse(source))
            env.get_template(name)
        except jinja2.TemplateError:
            continue
        count += 1
        for other in named:
            if other is not None and other not in seen:
                seen.add(other)
                names.append(other)
    return count


class _Compiling(KeptBytecodeCache):
    """Writes every template it is asked for, compiled now: a file left by an earlier install is
    never taken for this one's (``make`` runs again after any change to the portal's code)."""

    def load_bytecode(self, bucket: Bucket) -> None:
        return None
