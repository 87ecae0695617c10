"""The links the pipeline's steps render (site_build/render.py,
relative_url): the address MkDocs' `url` filter writes, from any page to
any site path."""

from __future__ import annotations

import posixpath
import random

from mkdocs.utils import get_relative_url

from site_build.render import _relpath, relative_url

PARTS = ["blog", "posts", "a", "assets", "site.js", "chi-sono", ".", "index.html", "x.png", "pagina", "2"]


def _path(rng: random.Random) -> str:
    path = "/".join(rng.choice(PARTS) for _ in range(rng.randint(0, 4)))
    return path + ("/" if path and rng.random() < 0.4 else "")


def test_site_paths_are_related_as_posixpath_relates_them():
    rng = random.Random(5)
    for _ in range(20000):
        path, start = _path(rng) or ".", _path(rng) or "."
        assert _relpath(path, start) == posixpath.relpath(path, start), (path, start)
    # a path that climbs is left to posixpath
    assert _relpath("a/../b", "c/") == posixpath.relpath("a/../b", "c/")


def test_links_are_the_ones_mkdocs_writes():
    rng = random.Random(8)
    pages = ["", "blog/", "blog/articolo/", "chi-sono/", "blog/pagina/2/", "404.html", "blog/tag.html"]
    for _ in range(5000):
        target, page = _path(rng), rng.choice(pages)
        if not target or target.startswith("."):
            continue
        assert relative_url(target, page) == get_relative_url(target, page or "index.html"), (target, page)
