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


def test_a_filter_called_another_way_is_not_served_a_template_compiled_before(tmp_path, installed, monkeypatch):
    """The compiled code calls a filter as it was declared when compiling (``pass_context`` passes the
    context first): after the filter changed (the portal's code, an MkDocs or Material upgrade), a build
    does not read the template compiled before, and ``make`` compiles it afresh."""
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html").write_text("<p>{{ title | shout }}</p>", encoding="utf-8")

    def plain(value):
        return value.upper()

    @jinja2.pass_context
    def with_context(context, value):
        return value.upper() + "@" + context["who"]

    def env_with(shout) -> jinja2.Environment:
        env = _env(templates)
        env.filters["shout"] = shout
        return env

    assert bytecode.compile_templates(env_with(plain)) == 1
    assert bytecode.settings_key(env_with(plain)) != bytecode.settings_key(env_with(with_context))
    assert bytecode.kept_bytecode(env_with(with_context)) is None  # nothing compiled with this filter

    assert bytecode.compile_templates(env_with(with_context)) == 1
    env = env_with(with_context)
    env.bytecode_cache = bytecode.kept_bytecode(env)
    compiled = _compiles(env, monkeypatch)
    assert env.get_template("page.html").render(title="hi", who="me") == "<p>HI@me</p>"
    assert compiled == []


def test_an_autoescape_chosen_by_name_is_not_kept(tmp_path, installed):
    """Two ``select_autoescape`` choices look alike by name but compile other code: not kept at all."""
    env = jinja2.Environment(loader=jinja2.DictLoader({"a.html": "{{ x }}"}), autoescape=jinja2.select_autoescape())
    assert bytecode.settings_key(env) is None
    assert bytecode.compile_templates(env) == 0
    assert bytecode.kept_bytecode(env) is None
