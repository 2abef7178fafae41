"""Templates compiled at install time (portal/site/bytecode.py): read by builds, never written by them,
and never used for a template whose text changed since."""
from __future__ import annotations

import jinja2
import pytest

from portal.site import bytecode


@pytest.fixture
def installed(tmp_path, monkeypatch):
    folder = tmp_path / "venv" / "portal-templates"
    monkeypatch.setattr(bytecode, "INSTALLED", folder)
    return folder


def _env(templates) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)), autoescape=True)


def _compiles(env: jinja2.Environment, monkeypatch) -> list[str]:
    """The names ``env`` compiles from now on (what it did not find compiled)."""
    compiled: list[str] = []
    compile_ = env.compile

    def counting(source, name=None, filename=None, raw=False, defer_init=False):
        compiled.append(name)
        return compile_(source, name, filename, raw, defer_init)
    monkeypatch.setattr(env, "compile", counting)
    return compiled


def _files(folder) -> dict:
    return {p.name: p.read_bytes() for p in folder.rglob("*") if p.is_file()} if folder.exists() else {}


def test_a_build_reads_the_templates_compiled_at_install_and_writes_nothing_there(tmp_path, installed, monkeypatch):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html").write_text("<p>{{ title }}</p>", encoding="utf-8")
    (templates / "other.html").write_text("<b>{{ title }}</b>", encoding="utf-8")
    assert bytecode.compile_templates(_env(templates)) == 2
    before = _files(installed)
    assert len(before) == 2

    env = _env(templates)
    env.bytecode_cache = bytecode.kept_bytecode(env)
    compiled = _compiles(env, monkeypatch)
    assert env.get_template("page.html").render(title="a<") == "<p>a&lt;</p>"
    assert compiled == []  # read as compiled at install time

    (templates / "other.html").write_text("<i>{{ title }}</i>", encoding="utf-8")  # edited since
    assert env.get_template("other.html").render(title="b") == "<i>b</i>"
    assert compiled == ["other.html"]  # compiled again, from its new text
    assert _files(installed) == before  # and not written where the install keeps its own


def test_templates_compiled_in_other_settings_are_not_used(tmp_path, installed, monkeypatch):
    """Jinja checks a compiled template's text, not the settings it was compiled in: another
    ``autoescape`` compiles other code from the same text, so its templates are kept apart."""
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html").write_text("<p>{{ title }}</p>", encoding="utf-8")
    bytecode.compile_templates(_env(templates))

    plain = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)))
    assert bytecode.kept_bytecode(plain) is None  # nothing compiled for these settings
    assert plain.get_template("page.html").render(title="a<") == "<p>a<</p>"


def test_with_a_build_cache_its_folder_is_written_and_the_install_s_only_read(tmp_path, installed, monkeypatch):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html").write_text("<p>{{ title }}</p>", encoding="utf-8")
    (templates / "new.html").write_text("<p>mới {{ title }}</p>", encoding="utf-8")
    env = _env(templates)
    bytecode.compile_templates(_env(templates))
    (installed / bytecode.settings_key(env) / "unrelated").write_text("x")
    before = _files(installed)
    own = tmp_path / "cache" / "templates"
    own.mkdir(parents=True)

    env.bytecode_cache = bytecode.kept_bytecode(env, own)
    compiled = _compiles(env, monkeypatch)
    (templates / "new.html").write_text("<p>đổi {{ title }}</p>", encoding="utf-8")
    assert env.get_template("page.html").render(title="a") == "<p>a</p>"
    assert env.get_template("new.html").render(title="a") == "<p>đổi a</p>"
    assert compiled == ["new.html"]
    assert len(_files(own)) == 1  # the template compiled by the build, for the next
    assert _files(installed) == before


def test_with_roots_only_the_templates_they_name_are_compiled(tmp_path, installed):
    """A builder's theme: what it renders itself and what those name, as far as the names are written
    out (a name made at render time is compiled by the build)."""
    templates = tmp_path / "templates"
    (templates / "partials").mkdir(parents=True)
    (templates / "main.html").write_text('{% extends "base.html" %}', encoding="utf-8")
    (templates / "base.html").write_text('{% include "partials/a.html" %}{% include "partials/" ~ x ~ ".html" %}',
                                         encoding="utf-8")
    for name in ("a", "b", "unused"):
        (templates / "partials" / f"{name}.html").write_text(name, encoding="utf-8")
    assert bytecode.compile_templates(_env(templates), ["main.html"]) == 3  # main, base, partials/a
    assert len(_files(installed)) == 3


def test_templates_compiled_in_one_folder_serve_the_same_texts_in_another(tmp_path, installed, monkeypatch):
    """The project may be built where ``make`` did not compile it (a copy, a CI checkout, the benchmark's
    archives): a template of the same name and text is read as compiled; one of another text is not."""
    made, copy = tmp_path / "made", tmp_path / "copy"
    for folder, text in ((made, "<p>{{ title }}</p>"), (copy, "<p>{{ title }}</p>")):
        folder.mkdir()
        (folder / "page.html").write_text(text, encoding="utf-8")
        (folder / "other.html").write_text(f"<b>{{{{ title }}}}</b>{folder.name}", encoding="utf-8")
    assert bytecode.compile_templates(_env(made)) == 2

    env = _env(copy)
    env.bytecode_cache = bytecode.kept_bytecode(env)
    compiled = _compiles(env, monkeypatch)
    assert env.get_template("page.html").render(title="a") == "<p>a</p>"
    assert env.get_template("other.html").render(title="b") == "<b>b</b>copy"
    assert compiled == ["other.html"]  # the same text read as compiled, another text compiled
