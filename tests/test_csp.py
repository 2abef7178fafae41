"""The Content-Security-Policy the build writes: each kind of inline code found and hashed as a
browser hashes it, nothing from another origin allowed."""
from __future__ import annotations

import base64
import hashlib

import pytest

from portal.build.csp import InlineCode, policy, write_policy


def sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


CASES = [  # (page, kind, expected hashes)
    ('<script>var a=1</script>', "scripts", {sha("var a=1")}),
    ('<script>\n  __md_scope=new URL("../..",location)\n</script>', "scripts",
     {sha('\n  __md_scope=new URL("../..",location)\n')}),
    ('<script src="x.js"></script>', "scripts", set()),
    ('<script id="__config" type="application/json">{"a": 1}</script>', "scripts", set()),
    ('<script type="module">import "./a.js"</script>', "scripts", {sha('import "./a.js"')}),
    ('<button onclick="window.print()">In</button>', "script_attributes", {sha("window.print()")}),
    ("<a onclick='go(&quot;x&quot;)'>", "script_attributes", {sha('go("x")')}),
    ('<p>gõ onclick=&#34;x&#34; trong chữ</p>', "script_attributes", set()),
    ('<div style="width: 40%">', "style_attributes", {sha("width: 40%")}),
    ('<style>.a{color:red}</style>', "styles", {sha(".a{color:red}")}),
    ('<script>var s = \'<b style="x">\'</script>', "style_attributes", set()),
]


@pytest.mark.parametrize("page, kind, expected", CASES)
def test_inline_code_is_found_and_hashed(page, kind, expected):
    code = InlineCode()
    code.add_page(page)
    assert getattr(code, kind) == expected


def test_policy_allows_no_outside_origin_and_hashes_only(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text('<script>x()</script><button onclick="p()">', encoding="utf-8")
    (tmp_path / "a" / "index.html").write_text('<script>y()</script>', encoding="utf-8")
    text = write_policy(tmp_path)
    directives = dict(part.strip().split(" ", 1) for part in text.split(";"))
    assert directives["default-src"] == "'self'" and directives["object-src"] == "'none'"
    assert set(directives["script-src"].split()) == {"'self'", "'unsafe-hashes'", sha("x()"), sha("y()"), sha("p()")}
    assert directives["style-src"] == "'self'"
    assert "unsafe-inline" not in text and "http" not in text and "*" not in text
    assert (tmp_path / ".csp").read_text(encoding="utf-8") == text + "\n"
    assert f'set $portal_csp "{text}";' in (tmp_path / ".nginx-csp.conf").read_text(encoding="utf-8")


def test_a_hand_written_page_body_is_not_hashed(tmp_path):
    """Only the code the portal and its theme emit is allowed: a script or handler a page author
    wrote (inside the page's <article>) gets no hash, even past the check of the pages."""
    from portal.build.csp import authored_html

    pages = tmp_path / "pages"
    (pages / "tim-kiem").mkdir(parents=True)
    (pages / "huong-dan.md").write_text("# x")
    (pages / "tim-kiem" / "index.md").write_text("# y")
    assert authored_html(pages) == {"huong-dan/index.html", "tim-kiem/index.html"}
    site = tmp_path / "site"
    (site / "huong-dan").mkdir(parents=True)
    (site / "huong-dan" / "index.html").write_text(
        '<script>theme()</script><article class="md-content__inner"><script>author()</script>'
        '<img onerror="steal()"></article><p>x</p></article><script>after()</script>', encoding="utf-8")
    (site / "index.html").write_text('<article><button onclick="window.print()"></article>', encoding="utf-8")
    text = write_policy(site, authored_html(pages))
    assert sha("theme()") in text and sha("after()") in text and sha("window.print()") in text
    assert sha("author()") not in text and sha("steal()") not in text


def test_pages_a_builder_noted_are_not_read_again(tmp_path):
    """``known``: the code a builder found in the pages it wrote stands for those files; the others
    (the theme's 404 page) are read."""
    from portal.build.csp import inline_code, page_code

    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text("<script>on_disk()</script>", encoding="utf-8")
    (tmp_path / "404.html").write_text("<script>not_found()</script>", encoding="utf-8")
    noted = {"a/index.html": page_code("a/index.html", "<script>noted()</script>")}
    code = inline_code(tmp_path, known=noted)
    assert code.scripts == {sha("noted()"), sha("not_found()")}
    assert page_code("h/index.html", "<article><script>x()</script></article>", {"h/index.html"}).scripts == set()
