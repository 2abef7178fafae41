"""Which program builds the site (MkDocs, ProperDocs or Zensical), and how: the one place that knows.

``make site``, ``make serve``, ``scripts/build_site.py``, the benchmarks and the test suite's site
builds all take their command line from :func:`build_command` / :func:`serve_command`, so that
changing builder is one word (``make site BUILDER=zensical``, ``PORTAL_BUILDER=zensical``).

Two routes:

* **hooks** (MkDocs, ProperDocs): the builder reads the project's ``mkdocs.yml`` as it is and runs
  ``hooks/portal_hooks.py``, which hands everything over to :mod:`portal.build.session`.
* **render** (Zensical, which runs no hooks and would build only the hand-written pages, in
  silence): :func:`build_rendered` renders the generated pages one folder per page
  (``programmes/2023-11/index.md``), copies the hand-written pages beside them, writes a config
  derived from the project's (:func:`derived_config`: its ``nav``, ``docs_dir``, no hooks) into a
  temporary project, runs the builder on it, then audits the built site and moves in the search
  index, feeds and Word files, as the hooks do. ``portal render DIR`` writes the same temporary
  project for anyone who wants to run a builder by hand (:func:`render_project`).

No builder is imported here (each runs as its own process), so this module stays in
:mod:`portal.build`, below the hooks.
"""
from __future__ import annotations

import os
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from functools import cache
from urllib.parse import urlsplit
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from portal.build.options import BuildOptions, served_site_url
from portal.content.errors import ContentError
from portal.site import urls

if TYPE_CHECKING:
    from portal.site.model import Page

DEFAULT = "mkdocs"
RENDER_EXTRAS = "theme_render"  # beside mkdocs.yml: files the render route adds to the docs (see derived_config)
RENDERED_CONFIG = "mkdocs.yml"
RENDERED_DOCS = "docs"
RENDERED_SITE = "site"


@dataclass(frozen=True)
class Builder:
    name: str  # also its Python module: ``python -m NAME``
    runs_hooks: bool


BUILDERS = {
    "mkdocs": Builder("mkdocs", runs_hooks=True),
    "properdocs": Builder("properdocs", runs_hooks=True),
    "zensical": Builder("zensical", runs_hooks=False),
}


class BuilderError(Exception):
    """A builder cannot be used as asked; the message (Vietnamese) says why."""


def get(name: str | None = None) -> Builder:
    """The builder called ``name``; ``None`` or ``""``: MkDocs (an entry point reads ``$PORTAL_BUILDER``
    into :class:`portal.build.options.BuildOptions` and passes its choice here)."""
    name = (name or DEFAULT).strip().lower()
    if name not in BUILDERS:
        raise BuilderError(f"Không biết công cụ dựng trang «{name}»: chọn một trong {', '.join(BUILDERS)}.")
    return BUILDERS[name]


def builder_env(env: dict | None = None) -> dict:
    """The environment for a builder's process: MkDocs' and ProperDocs' banners about MkDocs 2 off."""
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", **(env or {})}


def build_command(name: str | None, config: Path, site_dir: Path, *, quiet: bool = False,
                  python: str = sys.executable, ends_at_once: bool = False) -> list[str]:
    """The command that builds the project of ``config`` with ``--strict`` into ``site_dir``.

    A builder that runs hooks is called directly; one that does not goes through
    :mod:`portal.build.render_build` (:func:`build_rendered`), which renders, builds, audits and
    completes the site. Either is the builder process of :func:`portal.build.publish.publish`,
    which runs it into a staging folder under the lock, with ``ends_at_once``: the process ends
    without Python's teardown once the build succeeded (:mod:`portal.build.builder_process`)."""
    builder = get(name)
    if builder.runs_hooks:
        command = [builder.name, "build", "--strict", "--config-file", str(config), "--site-dir", str(site_dir)]
    else:
        command = ["portal.build.render_build", "--builder", builder.name, "--config", str(config),
                   "--site-dir", str(site_dir)]
    runner = ["portal.build.builder_process"] if ends_at_once else []
    return [python, "-m", *runner, *command] + (["--quiet"] if quiet else [])


def serve_command(name: str | None, config: Path, *, python: str = sys.executable) -> list[str]:
    """The live preview's command. For a builder that runs hooks it is the project's own config,
    ``--dirty`` (the page cache keeps it exact); for one that does not, ``config`` must be a rendered
    project's (:func:`render_project`), and an edit of the data needs ``make serve`` again."""
    builder = get(name)
    if builder.runs_hooks:
        return [python, "-m", builder.name, "serve", "--dirty", "--config-file", str(config)]
    return [python, "-m", builder.name, "serve", "--config-file", str(config)]


# ---- the render route -------------------------------------------------------------------------
# Reading and writing a project's ``mkdocs.yml`` imports the YAML library where it is done: the
# publisher of the hooks route needs only the commands above, and starts its builder sooner.

@cache
def _config_loader() -> type:
    """Reads ``mkdocs.yml``, keeping tags a builder resolves (``!ENV``, ``!!python/name``) as plain values."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: loader.construct_scalar(node)
                                 if isinstance(node, yaml.ScalarNode) else None)
    return Loader


def read_config(config: Path) -> dict:
    import yaml

    try:
        data = yaml.load(config.read_text(encoding="utf-8"), Loader=_config_loader())
    except (OSError, yaml.YAMLError) as exc:
        raise BuilderError(f"Không đọc được cấu hình {config}: {exc}") from None
    if not isinstance(data, dict):
        raise BuilderError(f"Cấu hình {config} không phải một bảng khóa: giá trị.")
    return data


def derived_config(project: dict, project_dir: Path, nav: list, extra_css: list[str]) -> dict:
    """The project's config for a rendered project: the same site, theme and extensions; the pages
    from ``docs/``; an explicit nav (the hooks build it otherwise); no hooks, no ``watch``.

    ``theme.variant: classic`` keeps Material's header on Zensical (MkDocs' Material ignores it);
    ``extra_css`` first lists the render extras (Material's search-box rules, which Zensical's
    theme lacks), so the project's own stylesheets still come after them.
    """
    config = {key: value for key, value in project.items() if key not in ("hooks", "watch", "nav")}
    config["docs_dir"] = RENDERED_DOCS
    config["site_dir"] = RENDERED_SITE
    config["nav"] = nav
    theme = dict(config.get("theme") or {})
    if theme.get("custom_dir"):
        theme["custom_dir"] = str((project_dir / theme["custom_dir"]).resolve())
    theme.setdefault("variant", "classic")
    config["theme"] = theme
    config["extra_css"] = list(extra_css) + [css for css in config.get("extra_css", []) if css not in extra_css]
    return config


def folder_nav(nav: list) -> list:
    """The nav with each generated page at its folder's ``index.md`` (:func:`urls.folder_source`)."""
    return [{title: urls.folder_source(src)} for item in nav for title, src in item.items()]


_MD_LINK = re.compile(r"(\]\()(<?)([^)\s>#]+\.md)(#[^)\s>]*)?(>?)")


def retarget_links(text: str, page: str, moved: dict[str, str]) -> str:
    """A hand-written page's Markdown links to generated pages, pointed at their folder's ``index.md``
    (``[Tháng 11](programmes/2023-11.md)`` → ``programmes/2023-11/index.md``); other links as written."""
    base = posixpath.dirname(page)

    def repoint(match: re.Match) -> str:
        target = posixpath.normpath(posixpath.join(base, match.group(3)))
        if target not in moved:
            return match.group(0)
        new = posixpath.relpath(moved[target], base or ".")
        return f"{match.group(1)}{match.group(2)}{new}{match.group(4) or ''}{match.group(5)}"

    return _MD_LINK.sub(repoint, text)


_HTML_UP_LINK = re.compile(r"""(\b(?:href|src)=["'])\.\./""")


def source_relative_html(text: str, page: str) -> str:
    """Raw HTML links of a hand-written page, as Zensical reads them.

    Such links are written for the page's directory URL, as MkDocs serves them (``du-lieu-mo.md``
    is ``/du-lieu-mo/``, so ``../du-lieu/nhiem-vu.xlsx`` is ``/du-lieu/nhiem-vu.xlsx``). Zensical
    resolves them against the source file instead, one folder higher, and would add a ``../``:
    one is dropped here. An ``index.md`` page's URL is its own folder, so it is left as written."""
    if posixpath.basename(page) == "index.md":
        return text
    return _HTML_UP_LINK.sub(r"\1", text)


@dataclass
class RenderedProject:
    root: Path
    config: Path
    docs: Path
    site: Path


def write_project(pages: list[Page], project_config: Path, out: Path, site_url: str | None = None) -> RenderedProject:
    """Write the generated pages (one folder each), the hand-written pages, the render extras and the
    derived config into ``out``. The search index, feeds and Word files are not written here.
    ``site_url``: the address the site is served at, if not the project's (the internal edition)."""
    import yaml

    from portal.build.site import navigation  # the whole site's code: imported when rendering

    project_dir = project_config.parent.resolve()
    project = read_config(project_config)
    if site_url is not None:
        project["site_url"] = site_url
    static_dir = project_dir / project.get("docs_dir", "docs")
    docs = out / RENDERED_DOCS
    moved = {}
    for page in pages:
        source = urls.folder_source(page.src_uri)
        moved[page.src_uri] = source
        target = docs / source
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.markdown, encoding="utf-8")
    for path in sorted(static_dir.rglob("*")) if static_dir.is_dir() else []:
        relative = path.relative_to(static_dir).as_posix()
        if not path.is_file() or relative in moved:
            continue
        target = docs / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".md":
            text = retarget_links(path.read_text(encoding="utf-8"), relative, moved)
            target.write_text(source_relative_html(text, relative), encoding="utf-8")
        else:
            shutil.copy2(path, target)
    extras = project_dir / RENDER_EXTRAS
    extra_css = []
    if extras.is_dir():
        shutil.copytree(extras, docs, dirs_exist_ok=True)
        extra_css = sorted(p.relative_to(extras).as_posix() for p in extras.rglob("*.css"))
    static = sorted(p.relative_to(static_dir).as_posix() for p in static_dir.glob("*.md") if p.name != "index.md") \
        if static_dir.is_dir() else []
    nav = folder_nav(navigation(pages)) + static
    config = out / RENDERED_CONFIG
    config.write_text(yaml.safe_dump(derived_config(project, project_dir, nav, extra_css), allow_unicode=True,
                                     sort_keys=False), encoding="utf-8")
    return RenderedProject(out, config, docs, out / RENDERED_SITE)


def render_project(project_config: Path, out: Path, *, content_dir: Path | None = None,
                   include_restricted: bool = False, include_drafts: bool = False, search: bool = False,
                   source_date_epoch: int | None = None,
                   site_name: str | None = None, log: Callable[[str], None] = lambda message: None) -> RenderedProject:
    """``portal render``: a whole project any builder can build (``cd out && zensical build``): the
    pages, hand-written pages and config of :func:`write_project`, plus the feeds and Word files and,
    with ``search``, the search index, inside ``docs/``. Raises ContentError on bad content."""
    from portal.build.site import load_site, render_assets, render_pages, write_assets  # the whole site's code:
    from portal.content.pages import page_problems  # imported when rendering, not by every command
    from portal.outputs.search.records import OUTPUT_FOLDER, build_search_from_pages, page_sources

    project_dir = project_config.parent
    config = read_config(project_config)
    site = load_site(content_dir or project_dir / "content", include_restricted=include_restricted,
                     include_drafts=include_drafts, site_url=config.get("site_url") or "",
                     source_date_epoch=source_date_epoch)
    static_dir = project_dir / config.get("docs_dir", "docs")
    authored = page_problems(static_dir, project_dir, withheld=site.withheld, published=site.tasks())
    if authored:
        raise ContentError(authored)
    for problem in site.warnings:
        log(str(problem))
    pages = render_pages(site)
    rendered = write_project(pages, project_config, out)
    write_assets(render_assets(site), rendered.docs)
    log(f"Đã ghi {len(pages)} trang sinh ra và cấu hình {rendered.config}.")
    if search:
        count = build_search_from_pages(site, page_sources(pages, static_dir), site_name or config.get("site_name", ""),
                                        rendered.docs / OUTPUT_FOLDER)
        log(f"Đã ghi chỉ mục tìm kiếm ({count} mục) vào {rendered.docs / OUTPUT_FOLDER}.")
    return rendered


_ROOT_LINK_RE = re.compile(r"""(\b(?:href|src|action)=["'])/(?!/)""")
_ROOT_BASE_RE = re.compile(r'("base":\s*")/(")')


def mount_error_page(site: Path, site_url: str) -> None:
    """The error page of a site served below the server's root (the internal edition at ``/noi-bo/``)
    with links under that path. MkDocs builds it so from ``site_url``; Zensical writes it for the
    root whatever ``site_url`` says, so its 404 page would load the public site's styles and search
    the public index."""
    path = urlsplit(site_url or "/").path or "/"
    page = site / "404.html"
    if path == "/" or not page.is_file():
        return
    text = page.read_text(encoding="utf-8")
    if not _ROOT_BASE_RE.search(text):
        return  # the builder already wrote it for its address
    text = _ROOT_BASE_RE.sub(lambda m: f"{m.group(1)}{path}{m.group(2)}", text)
    page.write_text(_ROOT_LINK_RE.sub(lambda m: m.group(1) + path, text), encoding="utf-8")


def build_rendered(name: str | None, project_config: Path, site_dir: Path, options: BuildOptions, *,
                   quiet: bool = False, log: Callable[[str], None] = lambda message: None) -> None:
    """Build with a builder that runs no hooks: load and render (the search index, feeds and Word files
    written meanwhile by the build's background job), write a rendered project in a temporary folder
    beside ``site_dir``, run the builder on it, audit the built site, complete it, and move it to
    ``site_dir``. Raises :class:`BuildError` (bad content, failed builder, failed audit)."""
    from portal.build.session import Build, BuildError  # the whole site's code: imported when building

    builder = get(name)
    project_dir = project_config.parent
    project = read_config(project_config)
    static_dir = project_dir / project.get("docs_dir", "docs")
    site_url = served_site_url(options.edition, project.get("site_url"))
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    build = Build.start(project_dir / "content", docs_dir=static_dir, site_name=project.get("site_name", ""),
                        site_url=site_url, options=options, log=log,
                        stoppable=threading.current_thread() is threading.main_thread())
    work = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.render.", dir=site_dir.parent))
    build.remove_on_stop(work)
    try:
        rendered = write_project(build.pages, project_config, work, site_url=site_url or None)
        log(f"Đã ghi {len(build.pages)} trang sinh ra; dựng bằng {builder.name}.")
        command = [sys.executable, "-m", builder.name, "build", "--strict", "--config-file", str(rendered.config)]
        result = subprocess.run(command, cwd=work, env=builder_env(), capture_output=quiet, text=True)
        if result.returncode != 0:
            detail = f"\n{result.stdout or ''}{result.stderr or ''}".rstrip() if quiet else ""
            raise BuildError(f"{builder.name} dựng trang thất bại (mã {result.returncode}).{detail}")
        mount_error_page(rendered.site, site_url)
        build.finish(rendered.site)
        if site_dir.exists():
            shutil.rmtree(site_dir)
        rendered.site.rename(site_dir)
    except BaseException:
        build.abandon()
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
