"""Relative links between pages: the string arithmetic of ``portal.site.urls`` against ``posixpath.relpath``.

``urls.relative`` does no path normalisation of its own for clean paths, so every pair of page
shapes the site has (root, index pages, pages one and two folders deep, shared and diverging
prefixes) is checked against the definition it replaces.
"""
from __future__ import annotations

import itertools
import posixpath

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.build.site import urls

PAGES = [
    "index.md", "programmes/index.md", "programmes/2023-11.md", "programmes/2024-01.md",
    "phong-ban/index.md", "phong-ban/tuyen-truyen.md", "phong-ban/tuyen-truyen/2023.md",
    "phong-ban/tuyen-truyen/index.md", "phong-ban/tuyen-truyen-bao-chi.md", "thoi-han/index.md",
    "thoi-han/2023-11.md", "directives/24-ct-tw.md", "huong-dan.md", "a/b/c/d.md", "a/b/x/index.md",
    "programmes.md", "programmes/2023-11/index.md",
]


def _by_relpath(from_src: str, to_src: str, anchor: str = "") -> str:
    """The definition: POSIX relpath between the two directory URLs, as a directory link."""
    start = urls.page_url(from_src) or "."
    target = urls.page_url(to_src) or "."
    rel = posixpath.relpath(target, start)
    rel = "./" if rel == "." else rel + "/"
    return rel + (f"#{anchor}" if anchor else "")


@pytest.mark.parametrize("from_src, to_src", list(itertools.product(PAGES, repeat=2)))
def test_relative_matches_relpath(from_src, to_src):
    assert urls.relative(from_src, to_src) == _by_relpath(from_src, to_src)
    assert urls.relative(from_src, to_src, "II-3") == _by_relpath(from_src, to_src, "II-3")


@pytest.mark.parametrize("from_src, to_src, expected", [
    ("index.md", "index.md", "./"),
    ("index.md", "programmes/2023-11.md", "programmes/2023-11/"),
    ("programmes/2023-11.md", "index.md", "../../"),
    ("programmes/2023-11.md", "programmes/2023-11.md", "./"),
    ("programmes/2023-11.md", "programmes/2024-01.md", "../2024-01/"),
    ("programmes/index.md", "programmes/2023-11.md", "2023-11/"),
    ("phong-ban/tuyen-truyen/2023.md", "phong-ban/tuyen-truyen.md", "../"),
    ("phong-ban/tuyen-truyen.md", "phong-ban/tuyen-truyen-bao-chi.md", "../tuyen-truyen-bao-chi/"),
])
def test_relative_table(from_src, to_src, expected):
    assert urls.relative(from_src, to_src) == expected
    assert urls.relative(from_src, to_src, "I-1") == expected + "#I-1"


@pytest.mark.parametrize("start, target", [
    ("a/../b/", "b/c/"), ("./a/", "a/b/"), ("a//b/", "a/c/"), ("/abs/", "/abs/x/"), ("a/./b/", "a/"),
])
def test_unusual_paths_fall_back_to_relpath(start, target):
    rel = posixpath.relpath(target or ".", start or ".")
    assert urls.directory_link(start, target) == ("./" if rel == "." else rel + "/")


_SEGMENT = st.sampled_from(["a", "b", "ab", "a-b", "2023", "2023-11", "phong-ban", "x.y"])
_PAGE = st.builds(lambda parts, index: "/".join(parts + (["index.md"] if index else [])) if parts or index
                  else "index.md",
                  st.lists(_SEGMENT, max_size=4), st.booleans()).map(
    lambda p: p if p.endswith(".md") else p + ".md")


@given(_PAGE, _PAGE)
def test_relative_matches_relpath_on_generated_pages(from_src, to_src):
    assert urls.relative(from_src, to_src, "x") == _by_relpath(from_src, to_src, "x")
