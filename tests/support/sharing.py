"""Helpers for the tests of feeds, link previews, structured data and share
buttons: the site's configuration, the published posts, and the mapping
from an absolute URL of the site to a file of a build."""

from __future__ import annotations

import datetime as dt
import functools
import json
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml
from bs4 import BeautifulSoup
from markdown.extensions.toc import slugify

from support.pages import html_pages
from support.project import ROOT


@functools.lru_cache(maxsize=1)
def site_config():
    """mkdocs.yml as MkDocs reads it (environment variables resolved)."""
    from mkdocs.config import load_config

    return load_config(str(ROOT / "mkdocs.yml"))


@functools.lru_cache(maxsize=1)
def settings():
    """The owner's settings (data/titolare.yml, site_build/settings.py) as
    the build reads them."""
    from site_build.project import Project

    return Project.load(ROOT / "mkdocs.yml").settings


def site_url() -> str:
    return settings().site_url


def owner() -> dict:
    return dict(settings().template_values()["owner"])


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---", 2)[1]) or {}


def _date(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def post_dates(meta: dict) -> tuple[dt.date, dt.date]:
    """(created, modified) of a post: modified is date.updated, else created."""
    date = meta["date"]
    if isinstance(date, dict):
        created = _date(date["created"])
        return created, _date(date.get("updated") or created)
    return _date(date), _date(date)


def published_posts() -> list[dict]:
    """The posts a build publishes: not drafts, not dated in the future."""
    posts = []
    today = dt.datetime.now(dt.timezone.utc).date()
    for path in sorted((ROOT / "docs/blog/posts").glob("*.md")):
        meta = front_matter(path)
        created, modified = post_dates(meta)
        if meta.get("draft") is True or created > today:
            continue
        slug = meta.get("slug") or slugify(meta["title"], "-")  # the blog plugin's default
        posts.append({
            "path": path, "meta": meta, "title": meta["title"], "created": created,
            "modified": modified, "url": f"{site_url()}blog/{slug}/",
            "file": f"blog/{slug}/index.html",
        })
    return posts


def site_file(site: Path, url: str) -> Path | None:
    """The file of the build that an absolute URL of the site points to
    (None for a URL outside the site)."""
    base = site_url()
    if not url.startswith(base):
        return None
    path = unquote(urlsplit(url).path[len(urlsplit(base).path):])
    if path == "" or path.endswith("/"):
        path += "index.html"
    return site / path


def pages(site: Path) -> list[str]:
    """Every page of a build that a visitor can share: not the 404 page, nor
    the redirects that keep old addresses working."""
    return [
        p for p in html_pages(site)
        if p != "404.html" and 'http-equiv="refresh"' not in (site / p).read_text(encoding="utf-8")[:2000]
    ]


@functools.lru_cache(maxsize=256)
def _soup(path: str) -> BeautifulSoup:
    return BeautifulSoup(Path(path).read_text(encoding="utf-8"), "html5lib")


def soup(site: Path, page: str) -> BeautifulSoup:
    return _soup(str(site / page))


def meta_values(doc: BeautifulSoup, key: str) -> list[str]:
    """Every `content` of <meta property=key> (or name=key) in the head."""
    found = doc.head.find_all("meta", attrs={"property": key}) + doc.head.find_all("meta", attrs={"name": key})
    return [m.get("content", "") for m in found]


def json_ld(doc: BeautifulSoup) -> list[dict]:
    """Every JSON-LD block of a page, parsed."""
    return [json.loads(s.string or "") for s in doc.find_all("script", type="application/ld+json")]


def nodes(doc: BeautifulSoup) -> list[dict]:
    """Every schema.org node of a page (the blocks and their @graph)."""
    found = []
    for block in json_ld(doc):
        found += block.get("@graph", [block])
    return found
