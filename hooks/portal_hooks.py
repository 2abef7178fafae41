"""MkDocs glue: each event hands over to :mod:`portal.build.session`. No logic lives here.

Everything is computed by the ``portal`` package (which never imports MkDocs), so another
builder can take the same pages from ``portal render``. Hooks are loaded once per ``mkdocs
serve`` process: the build is started afresh in ``on_config``; a preview's state lives in
``_preview`` across rebuilds. The build's options are read here once (an entry point:
``portal publish`` passes its own, a bare ``mkdocs build`` reads the usual variables), and the
edition is kept to its own folder (:func:`portal.build.options.check_target`).
"""
from __future__ import annotations

import contextlib
import logging
import re
from pathlib import Path

import jinja2
import mkdocs
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url, normalize_url

from portal.build.cache import content_key
from portal.build.options import BuildOptions, Edition, OptionsError, check_target, served_site_url
from portal.build.publish import take_spare_folders
from portal.build.session import Build, BuildError, Preview
from portal.content.errors import file_error

log = logging.getLogger("mkdocs.plugins.portal")
_build: Build | None = None
_preview: Preview | None = None  # ``mkdocs serve`` only
_command = ""
_dirty = False  # ``--dirty``: the site folder keeps what an earlier build wrote
_nav = None  # the builder's navigation, for what every page is made of (see on_env)
_nav_pages: frozenset[int] = frozenset()  # the pages in it, by id
_placed: set[str] = set()  # pages of this build put in the site as an earlier build wrote them
_fragments: dict = {}  # this build's theme fragments, by what each is made of (see _fragment)
_static_tops: frozenset[str] = frozenset()  # first folders of the site's files that are not pages
_shapes: dict = {}  # this build's page shapes, by what each is made of (see _render_shaped)
_generated_page = None  # the generated page whose body on_page_context just handed over
# The template of a page whose finished HTML an earlier build wrote: the HTML as it is.
REUSE_TEMPLATE = "portal-reuse.html"
# ProperDocs runs these hooks too: its ``mkdocs.*`` imports are its own ``properdocs.*`` modules,
# which log under ``properdocs.*``: the builders' loggers, and those of their build commands.
_BUILDER_LOGGERS = ("mkdocs", "properdocs")
_BUILD_LOGGERS = tuple(f"{name}.commands.build" for name in _BUILDER_LOGGERS)


def _expected_dirty_warning(record) -> bool:
    """MkDocs warns on every dirty build, which ``strict: true`` turns into a failed preview;
    the page cache is what makes the dirty preview exact, so this one warning is dropped."""
    return not record.getMessage().startswith("A 'dirty' build is being performed")


def _placed_page_skipped(record) -> bool:
    """MkDocs says «Page skipped … empty output» of a page it was given nothing to write: a page the
    hooks put in the site themselves (on_post_page) is not skipped, so that line is dropped."""
    message = record.getMessage()
    if message.startswith("Page skipped: '") and message.endswith("'. Generated empty output."):
        return message[len("Page skipped: '"):-len("'. Generated empty output.")] not in _placed
    return True


def _count_warnings() -> None:
    """Under ``--strict``, let the builder's warnings reach it even when ``--quiet`` silenced them.

    ``--quiet`` (the publisher's builder, so that ``make site`` says only what the office needs to read)
    raises the builder's logger to errors only, and a warning below that never reaches the counter
    ``--strict`` aborts on: a hand-written page linking to a page that does not exist was published.
    Lowered to warnings, the progress lines stay silent and a warning is shown and fails the build."""
    for name in _BUILDER_LOGGERS:
        logger = logging.getLogger(name)
        if logger.level > logging.WARNING:
            logger.setLevel(logging.WARNING)


def on_startup(command, dirty):
    global _preview, _command, _dirty
    _command, _dirty = command, dirty
    for name in _BUILD_LOGGERS:
        logging.getLogger(name).addFilter(_placed_page_skipped)
    if command == "serve":
        _preview = Preview(dirty=dirty)
        if dirty:
            for name in _BUILD_LOGGERS:
                logging.getLogger(name).addFilter(_expected_dirty_warning)


def on_shutdown():
    for name in _BUILD_LOGGERS:
        logging.getLogger(name).removeFilter(_placed_page_skipped)
    if _preview is not None:
        _preview.close()
        for name in _BUILD_LOGGERS:
            logging.getLogger(name).removeFilter(_expected_dirty_warning)


# How often ``serve`` looks at the watched files. MkDocs polls every 0.5 s, so a save waited 0.25 s
# on average (up to 0.5 s) before the rebuild began; one look at a 120-month ``content/`` costs
# ≈ 0.7 ms of CPU (3.5 ms at 600 months).
PREVIEW_POLL_S = 0.1
# How long the watched files must stay quiet before the rebuild starts (MkDocs: 0.1 s). A save seen
# halfway (the file truncated, then written) shows again one look later: a quiet time shorter than
# the time between two looks started the rebuild before that second sight, which then made a second
# rebuild of the whole preview, and the next edit waited for it.
PREVIEW_QUIET_S = 1.5 * PREVIEW_POLL_S


def on_serve(server, config, builder):
    """The preview sees a save sooner: the file watcher looks every :data:`PREVIEW_POLL_S` instead of
    0.5 s, and the rebuild starts once the files were quiet for :data:`PREVIEW_QUIET_S`. MkDocs
    watches ``docs_dir`` on its own; when it lies inside a folder of ``watch:`` (``content/pages`` in
    ``content``), that folder's watcher already sees its files, and a second watcher seeing the same
    save at another moment made a second rebuild of the whole preview."""
    observer = getattr(server, "observer", None)
    if observer is None or not hasattr(observer, "_timeout") or not hasattr(server, "build_delay"):
        return server  # another server than MkDocs' LiveReloadServer: left as it is
    server.build_delay = PREVIEW_QUIET_S
    docs_dir = Path(config.docs_dir).resolve()
    if any(docs_dir.is_relative_to(Path(folder).resolve()) for folder in config.watch):
        with contextlib.suppress(KeyError):
            server.unwatch(config.docs_dir)
    observer._timeout = PREVIEW_POLL_S  # for the watchers scheduled from now on (``watch:``)
    for emitter in observer.emitters:  # and those MkDocs scheduled before this event
        if hasattr(emitter, "_timeout"):
            emitter._timeout = PREVIEW_POLL_S
    return server


def on_config(config):
    global _build
    _build = None
    _placed.clear()
    if config.strict:
        _count_warnings()
    project = Path(config.config_file_path).parent
    try:
        options = BuildOptions.from_environment(preview=_command == "serve")
        if _command != "serve":
            check_target(options.edition, Path(config.site_dir), project / Edition.PUBLIC.folder)
    except OptionsError as exc:
        raise PluginError(str(exc)) from None
    if not options.under_publisher:
        for note in options.ignored_switches():
            log.info(note)
    if _command != "serve":  # a preview stays at the server's root
        config["site_url"] = served_site_url(options.edition, config.site_url)
    try:
        _build = Build.start(project / "content", docs_dir=Path(config.docs_dir),
                             site_name=config.site_name, site_url=config.site_url or "", options=options,
                             preview=_preview, log=log.info, stoppable=_command == "build")
    except BuildError as exc:
        raise PluginError(str(exc)) from None
    except OSError as exc:  # a full disk or TMPDIR, a read-only folder: one line naming the file
        raise PluginError(file_error(exc, exc.filename)) from None
    config.nav = _build.navigation(Path(config.docs_dir))
    _keep_theme_files_listing(config)
    return config


# MkDocs' filter of the theme's static files (Files.add_files_from_theme): the one listing kept
_THEME_FILES_FILTER = "Files.add_files_from_theme.<locals>.filter"


def _keep_theme_files_listing(config) -> None:
    """The theme's static files, as MkDocs lists them each build, kept in the build cache.

    Why: MkDocs walks every theme folder (Material's holds some 14,500 files, most of them icons)
    and tests each name against a dozen patterns, every build, for the same few dozen files. The
    folders of installed packages (the theme's own and MkDocs' templates) change only with the
    package's version, which the build cache's fingerprint holds (a new version drops the whole
    cache); they are listed once per cache. Any other folder (``custom_dir``) is listed every
    build and its names are part of the key, as are the folders, the builder's version and what
    the filter reads of the configuration. What MkDocs copies is unchanged."""
    if _build is None or _build.cache is None:
        return
    theme = config.theme
    try:
        packaged = {Path(mkdocs.utils.get_theme_dir(theme.name)).resolve(),
                    (Path(mkdocs.__file__).parent / "templates").resolve()} if theme.name else set()
    except (KeyError, AttributeError):  # a theme that is no installed package: listed as MkDocs does
        return
    memo = _build.cache.file_memo("theme-files")
    listed = theme.get_env

    def get_env():
        env = listed()
        whole = env.list_templates

        def list_templates(extensions=None, filter_func=None):
            if extensions is not None or getattr(filter_func, "__qualname__", "") != _THEME_FILES_FILTER:
                return whole(extensions, filter_func)
            folders = [(folder, None if Path(folder).resolve() in packaged
                        else jinja2.FileSystemLoader([folder]).list_templates()) for folder in theme.dirs]
            # sorted: MkDocs holds the static templates in a set, whose order follows the hash seed
            return memo.cached(("theme-files", mkdocs.__version__, folders, sorted(theme.static_templates),
                                list(mkdocs.utils.markdown_extensions)), lambda: whole(filter_func=filter_func))

        env.list_templates = list_templates
        return env

    theme.get_env = get_env


def on_files(files, config):
    """Every generated page as a virtual file: nothing is written into ``docs_dir``. Under the
    publisher, the previous site's folders that this build's files lie in are taken into the (empty)
    site folder (:func:`portal.build.publish.take_spare_folders`)."""
    for page in _build.files() if _build else []:
        inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
        existing = files.src_uris.get(page.src_uri)  # a posix path already: not parsed again, 844 times
        if existing is not None:
            files.remove(existing)
        source = {"abs_src_path": str(page.cached_path)} if page.cached_path else {"content": page.content}
        files.append(File.generated(config, page.src_uri, inclusion=inclusion, **source))
    if _build is not None and _command == "build" and not _dirty:
        take_spare_folders(Path(config.site_dir), (file.dest_uri for file in files if file.inclusion.is_included()))
    return files


def on_nav(nav, config, files):
    global _nav, _nav_pages
    _nav = nav
    _nav_pages = frozenset(map(id, nav.pages))
    return nav


def on_env(env, config, files):
    """Every page is read: a page made of the same as in an earlier build gets a template that renders
    nothing, and that build's HTML is put in the site as it is (see on_post_page), so the theme renders
    only the pages that changed."""
    if _build is None:
        return env
    if _preview is not None:
        _titles_kept(files, _preview.titles)
    _start_fragments(env, files)
    _offer_page_shapes(env)
    env.bytecode_cache = _build.theme_bytecode(env)
    _static_files_linked(files, config)
    theme = content_key(*_theme_made_of(config))  # the same for every page: hashed once
    for file in files.documentation_pages():
        page = file.page
        if page is None:
            continue
        body = _build.body_key(file.src_uri) or page.content or ""
        if _build.has_earlier_html(file.src_uri, (theme, body, _page_made_of(page))):
            page.meta["template"] = REUSE_TEMPLATE
            page.content = None  # its body is not needed again: let it go now
            _build.let_go(file.src_uri)
    return env


def _static_files_linked(files, config) -> None:
    """Each static file the builder would copy into the site (the theme's and the project's scripts,
    styles, images) is put there now as a link to the build cache's copy of the same bytes
    (:meth:`portal.build.session.Build.static_files`), and the builder is told that the file is its
    own source: MkDocs copies no file onto itself (``File.copy_file`` passes over
    ``shutil.SameFileError``, «let plugins write directly into site_dir»). A dirty build (its folder
    may hold links to the cache that must not be written over) and the preview copy as before."""
    if _build is None or _command != "build" or _dirty:
        return
    if _build.static_files(Path(config.site_dir)) is None:
        return
    for file in files:
        if file.is_documentation_page() or file.abs_src_path is None or not file.inclusion.is_included():
            continue
        dest = file.abs_dest_path
        try:
            _build.place_static_file(Path(dest), file.content_bytes)
        except BuildError as exc:
            raise PluginError(str(exc)) from None
        file.abs_src_path = dest


def _start_fragments(env, files) -> None:
    """Each build starts with no fragment kept (a preview's next rebuild may change the navigation or
    the theme), and offers the theme's templates :func:`_fragment` (``theme_overrides/main.html``)."""
    global _static_tops
    _fragments.clear()
    _seen[:] = [None, None, None]
    _static_tops = frozenset(file.url.split("/", 1)[0] for file in files
                             if not file.is_documentation_page() and "/" in file.url)
    env.globals["portal_fragment"] = _fragment


def _fragment(name: str, page, *inputs, nav=None, caller) -> str:
    """A part of the theme's page (``{% call portal_fragment(name, page, …) %}…{% endcall %}``) rendered
    once per build for every page that would get the same HTML, then given as it was.

    Why: Material renders the head's links, the tabs, the navigation and the script configuration of
    every page afresh (≈ 1.3 ms of its ≈ 3 ms a page), and those are the same for most pages. A
    fragment is told apart by all it reads that differs from page to page:

    - the page's place (:func:`_place`): these parts link to the site's files by relative addresses;
    - with ``nav``, the navigation as seen from the page (:func:`_nav_seen_from`): each item's
      address relative to the page, whether it is active or the page itself, and the page's table
      of contents and hidden sidebars, which the navigation shows;
    - ``inputs``: anything else the calling template names (an address it makes with ``url``).

    What is the same for every page of a build (the configuration, the theme's words, the
    navigation's titles and order) is not in the key: the fragments are dropped at each build's start.
    A page without a place (the 404 page, rendered apart) is rendered as always."""
    if page is None or getattr(page, "url", None) is None:
        return caller()
    key = (name, _seen_from(page, nav), inputs)
    html = _fragments.get(key)
    if html is None:
        html = _fragments[key] = caller()
    return html


# ---- page shapes: the theme's page rendered once for every generated page that differs only in title and body ----

MAIN_TEMPLATE = "main.html"
# Stand for a page's title and body while its shape is rendered. Each holds the characters that any
# filter of a title or a text changes (escaping, stripping tags, URL encoding), so a shape whose title or
# body went through one does not match the page rendered as always, and is not used (see _render_shaped).
_TITLE_HOLE = "\x00portal-title&<b>'\"\x00"
_BODY_HOLE = "\x00portal-body&<i>'\"\x00"
_BODY_HOLE_H1 = "\x00portal-body&<h1>'\"\x00"  # a body with a heading: the theme writes none of its own
_CANONICAL_HOLE = "\x00portal-canonical&<a>'\"\x00"  # the page's full address, when the site has one (site_url)
_HOLES_RE = re.compile("(" + "|".join(map(re.escape, (_TITLE_HOLE, _BODY_HOLE, _BODY_HOLE_H1, _CANONICAL_HOLE))) + ")")
_UNSHAPED = "unshaped"  # a shape that did not give its first page as rendered: its pages are rendered as always


def _offer_page_shapes(env) -> None:
    """The builder's page template (``main.html``) renders each generated page through :func:`_render_shaped`,
    and a page whose earlier HTML is reused (:data:`REUSE_TEMPLATE`) through :data:`_RENDERS_NOTHING`; each
    build starts with no shape kept."""
    _shapes.clear()
    find = env.get_template

    def get_template(name, parent=None, globals=None):
        if name == REUSE_TEMPLATE and parent is None and globals is None:
            return _RENDERS_NOTHING
        template = find(name, parent, globals)
        if name == MAIN_TEMPLATE and parent is None and globals is None:
            return _ShapedTemplate(template)
        return template

    env.get_template = get_template


class _RendersNothing:
    """The template of a page whose earlier HTML is reused (:data:`REUSE_TEMPLATE`, whose file renders
    nothing), without Jinja: rendering an empty template still copies the page's whole context into a
    new one, for each of the ≈ 840 pages an edit leaves as they were."""

    @staticmethod
    def render(*args, **kwargs) -> str:
        return ""


_RENDERS_NOTHING = _RendersNothing()


class _ShapedTemplate:
    """The page template as the builder asks for it (``env.get_template("main.html")``), rendering by
    :func:`_render_shaped`; anything else is the template's own."""

    def __init__(self, template):
        self.template = template

    def render(self, *args, **kwargs) -> str:
        if len(args) != 1 or kwargs or not isinstance(args[0], dict):
            return self.template.render(*args, **kwargs)
        return _render_shaped(self.template, args[0])

    def __getattr__(self, name):
        return getattr(self.template, name)


def _render_shaped(template, context: dict) -> str:
    """A generated page's HTML: the shape of the pages it shares everything but its title and body with,
    filled with its own; or, as always, the template rendered.

    Why: every generated page got the theme's whole page rendered for it (≈ 1 ms, 840 pages at 120
    months), and pages in the same folder differ in nothing but those two (a month page's HTML and the
    next month's: the ``<title>``, the header's title and the body). A shape is told apart by all the
    theme reads of a page besides them (:func:`_shape_key`); it is the page rendered with holes for the
    title and the body, made when a second page of the same shape comes, and used only if, filled with the
    first page's title and body, it gives that page byte for byte as the template rendered it. The page's
    full address (``canonical_url``, when the site has a ``site_url``) is a hole too. A page in
    the navigation, a hand-written page, a page without a title in its front matter, a page with a table of
    contents (the theme writes it beside the body, and the shape's key does not hold it), and a site whose
    theme sends readers' feedback or switches language (links made from the page's own address:
    :func:`_links_from_page`) are rendered as always."""
    page = context.get("page")
    meta = getattr(page, "meta", None) or {}
    title, body = meta.get("title"), getattr(page, "content", None)
    canonical = getattr(page, "canonical_url", None)
    if (page is None or page is not _generated_page or not isinstance(title, str) or not title
            or not isinstance(body, str) or page.title != title or _nav is None or id(page) in _nav_pages
            or not (canonical is None or isinstance(canonical, str)) or getattr(page, "toc", None)
            or _links_from_page(context.get("config") or {})):
        return template.render(context)
    key = _shape_key(page, context, body)
    shape = _shapes.get(key)
    if shape is None:  # the first page of its shape: rendered as always, kept to check the shape against
        html = template.render(context)
        _shapes[key] = (title, body, canonical, html)
        return html
    if isinstance(shape, tuple):  # the second: the shape is made, and checked against the first page
        first_title, first_body, first_canonical, first_html = shape
        made = _shape(template, context, page, "<h1" in body)
        shape = _shapes[key] = made if made is not None and \
            _fill(made, first_title, first_body, first_canonical) == first_html else _UNSHAPED
    if shape is _UNSHAPED:
        return template.render(context)
    return _fill(shape, title, body, canonical)


def _links_from_page(config) -> bool:
    """Whether the theme writes links made from the page's own address that the shape's key does not
    hold: readers' feedback (``extra.analytics``: the page's address) and the language switch
    (``extra.alternate``: each link relative to the page, as the header's fragments also know)."""
    extra = config.get("extra") or {}
    return bool(extra.get("analytics") or extra.get("alternate"))


def _shape_key(page, context: dict, body: str) -> tuple:
    """All the theme reads of a page besides its title and body, as the page shows it: its place and the
    navigation seen from it (:func:`_seen_from`: what the fragments are told apart by), its front matter
    but the title, its addresses, the links to the previous and next pages, its sections, and whether its
    body has a heading of its own (the theme then writes none)."""
    config = context.get("config") or {}
    homepage = (config.get("extra") or {}).get("homepage")

    def link(other):
        return (normalize_url(other.url, page), other.title) if other is not None else None

    return (_seen_from(page, _nav), repr(sorted((name, value) for name, value in page.meta.items() if name != "title")),
            bool(page.canonical_url) or page.canonical_url, page.edit_url, page.is_homepage, link(page.previous_page), link(page.next_page),
            tuple(ancestor.title for ancestor in page.ancestors), context.get("base_url"),
            tuple(context.get("extra_css") or ()), tuple(context.get("extra_javascript") or ()),
            normalize_url(homepage, page) if homepage else None, "<h1" in body)


def _shape(template, context: dict, page, heading: bool) -> list | None:
    """The page rendered with holes for its title and body, as its text between holes and each hole's
    name (:func:`_fill`); None if the title the theme reads is not the front matter's."""
    title, body, canonical = page.meta["title"], page.content, page.canonical_url
    page.meta["title"], page.content = _TITLE_HOLE, _BODY_HOLE_H1 if heading else _BODY_HOLE
    if canonical:
        page.canonical_url = _CANONICAL_HOLE
    try:
        if page.title != _TITLE_HOLE:  # a title given to the page itself: not the hole
            return None
        return _HOLES_RE.split(template.render(context))
    finally:
        page.meta["title"], page.content, page.canonical_url = title, body, canonical


def _fill(shape: list, title: str, body: str, canonical: str | None) -> str:
    """A shape (:func:`_shape`) with ``title``, ``body`` and the page's full address in its holes."""
    pieces = list(shape)
    for at in range(1, len(pieces), 2):
        hole = pieces[at]
        pieces[at] = title if hole == _TITLE_HOLE else canonical if hole == _CANONICAL_HOLE else body
    return "".join(pieces)


_seen: list = [None, None, None]  # the page last asked of _seen_from, its place, and its navigation's state


def _seen_from(page, nav) -> tuple:
    """The page's place, and with ``nav`` the navigation as seen from it; worked out once a page (its
    fragments are asked one after another)."""
    if _seen[0] is not page:
        _seen[:] = [page, _place(page), None]
    if nav is None:
        return _seen[1]
    if _seen[2] is None:
        _seen[2] = (_nav_seen_from(nav.items, page),
                    normalize_url(nav.homepage.url, page) if nav.homepage is not None else None,
                    repr(page.meta.get("hide")) if page.meta else None, _toc_seen(page.toc))
    return _seen[1] + _seen[2]


def _place(page) -> tuple:
    """What a page's relative addresses to the site's static files depend on: the way up to the site's
    root (``base_url``), and the page's own address when it lies in a folder that holds such files
    (an address from ``assets/x/`` to ``assets/y.css`` is not the way up, then down)."""
    inside = page.url.split("/", 1)[0] in _static_tops
    return get_relative_url(".", page.url), page.url if inside else None


def _nav_seen_from(items, page) -> tuple:
    """The navigation's state as seen from ``page``: each item's address relative to the page (as the
    ``url`` filter makes it), whether it is active, is the page, or holds it; then its children's."""
    return tuple((normalize_url(item.url, page) if getattr(item, "url", None) is not None else None,
                  bool(item.active), item == page, page in (getattr(item, "pages", None) or ()),
                  _nav_seen_from(item.children, page) if getattr(item, "children", None) else None)
                 for item in items)


def _toc_seen(items) -> tuple:
    """A table of contents as the theme shows it (in the navigation, beside the page)."""
    return tuple((item.title, item.url, item.level, repr(getattr(item, "typeset", None)), _toc_seen(item.children))
                 for item in items)


def _titles_kept(files, titles: dict) -> None:
    """A dirty rebuild reads no page it does not write (MkDocs skips a page whose file is older than
    its HTML), so such a page has no title yet: a hand-written page's (its first heading) showed as
    «None» in the navigation and the previous/next links of every page the rebuild wrote. It is given
    the title it had when last read; an unchanged file has the same."""
    for file in files.documentation_pages():
        page = file.page
        if page is None:
            continue
        if page.markdown is None:
            if file.src_uri in titles:
                page.title = titles[file.src_uri]
        else:
            titles[file.src_uri] = page.title


def on_page_context(context, page, config, nav):
    """A generated page's body is handed over now, as its template is rendered (see on_page_content);
    a page built before gets none: its template writes nothing (see on_post_page)."""
    global _generated_page
    _generated_page = None
    if page.meta.get("template") == REUSE_TEMPLATE:
        page.content = ""
    elif _build is not None:
        body = _build.body(page.file.src_uri)
        if body is not None:
            page.content = body
            _generated_page = page
    return context


def _theme_made_of(config) -> tuple:
    """What every page's HTML is made of besides the page (its body: see on_env): the builder, the configuration, the
    theme's overrides, these hooks and the navigation."""
    custom = Path(config.theme.custom_dir) if config.theme.custom_dir else None
    overrides = sorted((p.relative_to(custom).as_posix(), p.read_bytes()) for p in custom.rglob("*")
                       if p.is_file()) if custom else []
    config_file = Path(config.config_file_path) if config.config_file_path else None
    return (mkdocs.__file__, mkdocs.__version__, config_file.read_bytes() if config_file else b"",
            config.site_url, repr(dict(config.theme)), repr(config.extra), overrides, Path(__file__).read_bytes(),
            _nav_made_of(_nav.items if _nav else []), _nav.homepage.url if _nav and _nav.homepage else None)


def _nav_made_of(items) -> list:
    return [(type(item).__name__, item.title, getattr(item, "url", None),
             _nav_made_of(item.children) if getattr(item, "children", None) else None) for item in items]


def _toc_made_of(items) -> list:
    return [(item.title, item.id, item.level, _toc_made_of(item.children)) for item in items]


def _page_made_of(page) -> tuple:
    def link(other):
        return (other.url, other.title) if other is not None else None
    return (page.file.src_uri, page.url, page.canonical_url, page.abs_url, page.edit_url, page.title,
            page.meta, _toc_made_of(page.toc), link(page.previous_page), link(page.next_page),
            [item.title for item in page.ancestors], page.is_homepage)


def on_pre_page(page, config, files):
    """A page whose Markdown is empty (every generated page: front matter only, its body comes as
    finished HTML in on_page_content) is given what converting it would give, without the converter:
    MkDocs builds a Markdown converter with every extension for each page (≈ 0.4 ms), 840 times
    for a ten-year archive, to convert nothing. A page with text is converted as always."""
    convert = page.render

    def render(config, files):
        if page.markdown is not None and not page.markdown.strip():
            _rendered_empty(page)
        else:
            convert(config, files)

    page.render = render
    return page


def _rendered_empty(page) -> None:
    """What ``Page.render`` sets for a page of no text: Python-Markdown converts blank text to ``""`` and
    runs none of its processors, so no table of contents, title, anchors or links."""
    page.content = ""
    page.toc = get_toc([])
    page._title_from_render = None
    page.present_anchor_ids = set()
    if logging.getLogger("mkdocs.structure.pages").getEffectiveLevel() > logging.DEBUG:
        page.links_to_anchors = {}


def on_page_markdown(markdown, page, config, files):
    """A preview of bad content converts no page's Markdown (every body is the error message)."""
    return _build.markdown(page.file.src_uri, markdown) if _build else markdown


def on_page_content(html, page, config, files):
    """A generated page's body is finished HTML (MkDocs converts only its front matter), handed over
    only when the page is rendered (on_page_context): MkDocs converts every page before it renders
    any, and holding every body meanwhile held the whole archive's HTML at once."""
    body = _build.held_body(page.file.src_uri, page.file.abs_dest_path) if _build else None
    return html if body is None else body


def on_post_page(output, page, config):
    """Once a page is written its body is let go, so memory does not grow with the archive; its
    HTML is kept for the next build (see on_env). A page built before is put in the site as the
    earlier build wrote it (a link to the cache's file): MkDocs is given no output to write, and
    says nothing of it (see _placed_page_skipped)."""
    page.content = None
    if _build is None:
        return output
    dest, dest_uri = Path(page.file.abs_dest_path), page.file.dest_uri
    try:
        if _build.place_earlier_html(page.file.src_uri, dest, dest_uri):
            _placed.add(page.file.src_uri)
            return ""
    except BuildError as exc:
        raise PluginError(str(exc)) from None
    _build.page_written(page.file.src_uri, output, dest, dest_uri)
    return output


def on_post_build(config):
    if _build is not None:
        try:
            _build.finish(Path(config.site_dir))
        except BuildError as exc:
            raise PluginError(str(exc)) from None


def on_build_error(error):
    if _preview is not None:
        _preview.build_failed()
    if _build is not None:
        _build.abandon()
