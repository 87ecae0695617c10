"""The blog's feeds, as a feed reader and an RSS-to-email service read them:
RSS 2.0 and JSON Feed 1.1, every published post once, newest first, with its
full HTML in which every URL is absolute and points into the build, its
card as image, valid dates; drafts and future posts absent; every page
links the feeds, and a visible "Segui via RSS" link leads to them."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup
from PIL import Image

from support.project import build, copy_project
from support.sharing import owner, pages, published_posts, site_file, site_url, soup

RSS_FEEDS = {"created": "feed_rss_created.xml", "updated": "feed_rss_updated.xml"}
JSON_FEEDS = {"created": "feed_json_created.json", "updated": "feed_json_updated.json"}
ALL_FEEDS = {**{f: "application/rss+xml" for f in RSS_FEEDS.values()},
             **{f: "application/feed+json" for f in JSON_FEEDS.values()}}
CONTENT_NS = "{http://purl.org/rss/1.0/modules/content/}encoded"
URL_ATTRS = ("href", "src", "poster", "cite")


def rss(site_dir, name):
    feed = feedparser.parse(str(site_dir / name))
    assert not feed.bozo, f"{name}: {feed.get('bozo_exception')}"
    return feed


def absolute_urls(html: str) -> list[str]:
    """Every URL in the HTML's href/src/srcset/poster/cite; fails on a
    relative one."""
    doc = BeautifulSoup(html, "html5lib")
    urls = []
    for element in doc.find_all(True):
        values = [element.get(a) for a in URL_ATTRS if element.get(a) is not None]
        if element.get("srcset"):
            values += [c.strip().split()[0] for c in element["srcset"].split(",") if c.strip()]
        for value in values:
            assert urlsplit(value).scheme in ("http", "https", "mailto", "tel", "data"), \
                f"relative URL {value!r} in <{element.name}>"
            urls.append(value)
    return urls


def assert_resolves(site_dir, url: str, where: str) -> None:
    target = site_file(site_dir, url.split("#")[0])
    if target is not None:  # a link outside the site is not ours to check
        assert target.is_file(), f"{where}: {url} points to no file of the build"


def last_heading(post) -> str:
    headings = re.findall(r"^##\s+(.+?)\s*$", post["path"].read_text(encoding="utf-8"), re.M)
    return headings[-1].strip("*_ ") if headings else ""


# --- RSS ---------------------------------------------------------------------

@pytest.mark.parametrize("order", RSS_FEEDS)
def test_rss_channel(site_dir, order):
    feed = rss(site_dir, RSS_FEEDS[order])
    assert feed.version == "rss20"
    channel = feed.feed
    assert channel.title and channel.description
    assert channel.link == site_url()
    assert channel.language == "it-IT"
    assert owner()["email"] in channel.get("publisher", "") or owner()["email"] in channel.get("author", "")
    image = channel.image
    assert image.href.startswith(site_url())
    path = site_file(site_dir, image.href)
    assert path.is_file(), f"the channel image {image.href} is not in the build"
    with Image.open(path) as picture:
        assert picture.width <= 144 and picture.height <= 400  # RSS 2.0 limits


@pytest.mark.parametrize("order", RSS_FEEDS)
def test_rss_has_every_published_post_once_newest_first(site_dir, order):
    feed = rss(site_dir, RSS_FEEDS[order])
    links = [entry.link for entry in feed.entries]
    assert len(links) == len(set(links)), "a post appears twice"
    expected = {post["url"] for post in published_posts()}
    assert set(links) == expected, f"missing: {expected - set(links)}; extra: {set(links) - expected}"

    key = {post["url"]: post[order if order == "created" else "modified"] for post in published_posts()}
    dates = [key[link] for link in links]
    assert dates == sorted(dates, reverse=True), f"not newest first: {links}"


@pytest.mark.parametrize("order", RSS_FEEDS)
def test_rss_items_are_complete(site_dir, order):
    posts = {post["url"]: post for post in published_posts()}
    raw = ET.parse(site_dir / RSS_FEEDS[order]).getroot()
    raw_items = {i.findtext("link"): i for i in raw.iter("item")}
    for entry in rss(site_dir, RSS_FEEDS[order]).entries:
        post = posts[entry.link]
        where = f"{RSS_FEEDS[order]}: {entry.link}"
        assert entry.title == post["title"], where
        guid = raw_items[entry.link].find("guid")
        assert guid.text == entry.link and guid.get("isPermaLink") == "true", f"{where}: guid is not the post's URL"
        assert_resolves(site_dir, entry.link, where)

        # pubDate: RFC 822, the post's creation (or update) date.
        pub = raw_items[entry.link].findtext("pubDate")
        date = parsedate_to_datetime(pub).date()
        assert date == (post["created"] if order == "created" else post["modified"]), f"{where}: pubDate {pub}"

        assert entry.get("author"), f"{where}: no author"
        assert owner()["name"] in entry.author
        assert set(post["meta"]["categories"]) <= {t.term for t in entry.tags}, f"{where}: categories"
        assert entry.summary == post["meta"]["description"], f"{where}: description"

        # Full content, not just the excerpt: the last heading is in it.
        content = raw_items[entry.link].findtext(CONTENT_NS)
        assert content, f"{where}: no content:encoded"
        assert last_heading(post) in BeautifulSoup(content, "html5lib").get_text(), f"{where}: content is not complete"
        assert "headerlink" not in content and "¶" not in content

        # The post's card as enclosure.
        enclosures = entry.get("enclosures", [])
        assert len(enclosures) == 1, f"{where}: no image enclosure"
        card = site_file(site_dir, enclosures[0].href)
        assert card and card.is_file(), f"{where}: enclosure {enclosures[0].href} is not in the build"
        assert enclosures[0].type in ("image/png", "image/jpeg")
        assert int(enclosures[0].length) == card.stat().st_size


@pytest.mark.parametrize("order", RSS_FEEDS)
def test_rss_content_urls_are_absolute_and_resolve(site_dir, order):
    raw = ET.parse(site_dir / RSS_FEEDS[order]).getroot()
    for item in raw.iter("item"):
        html = item.findtext(CONTENT_NS) or ""
        urls = absolute_urls(html)
        assert urls, f"{item.findtext('link')}: a post without a single link"
        for url in urls:
            assert_resolves(site_dir, url, item.findtext("link"))


# --- JSON Feed -----------------------------------------------------------------

@pytest.mark.parametrize("order", JSON_FEEDS)
def test_json_feed(site_dir, order):
    feed = json.loads((site_dir / JSON_FEEDS[order]).read_text(encoding="utf-8"))
    # Required by JSON Feed 1.1: version, title, items; each item an id and content.
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert isinstance(feed["title"], str) and feed["title"]
    assert feed["home_page_url"] == site_url()
    assert feed["feed_url"] == site_url() + JSON_FEEDS[order]
    assert feed["language"] == "it-IT"
    assert feed["authors"][0]["name"] == owner()["name"]
    for key in ("icon", "favicon"):
        assert site_file(site_dir, feed[key]).is_file(), f"{key} {feed[key]} is not in the build"

    posts = {post["url"]: post for post in published_posts()}
    ids = [item["id"] for item in feed["items"]]
    assert sorted(ids) == sorted(posts), "the JSON feed does not have every published post exactly once"
    for item in feed["items"]:
        post = posts[item["id"]]
        assert isinstance(item["id"], str) and item["url"] == item["id"]
        assert item["title"] == post["title"]
        assert item["summary"] == post["meta"]["description"]
        assert last_heading(post) in BeautifulSoup(item["content_html"], "html5lib").get_text()
        for url in absolute_urls(item["content_html"]):
            assert_resolves(site_dir, url, item["id"])
        published = dt.datetime.fromisoformat(item["date_published"])
        modified = dt.datetime.fromisoformat(item["date_modified"])
        assert published.tzinfo and modified.tzinfo, "RFC 3339 dates need a time zone"
        assert published.date() == post["created"] and modified.date() == post["modified"]
        assert site_file(site_dir, item["image"]).is_file()
        assert item["authors"] and all(a.get("name") for a in item["authors"])
        assert set(post["meta"]["categories"]) <= set(item["tags"])
    dates = [item["date_published" if order == "created" else "date_modified"] for item in feed["items"]]
    assert dates == sorted(dates, reverse=True), "not newest first"


# --- Links to the feeds ----------------------------------------------------------

def test_every_page_links_every_feed(site_dir):
    for page in pages(site_dir):
        doc = soup(site_dir, page)
        found = {}
        for link in doc.head.find_all("link", rel="alternate"):
            if link.get("type") in ("application/rss+xml", "application/feed+json"):
                found[link["href"].rsplit("/", 1)[-1]] = link
        for name, kind in ALL_FEEDS.items():
            assert name in found, f"{page}: no <link rel=alternate> to {name}"
            assert found[name]["type"] == kind and found[name].get("title"), f"{page}: {name}"
            target = (site_dir / page).parent / found[name]["href"]
            assert target.resolve().is_file(), f"{page}: {found[name]['href']} does not resolve"


def test_segui_via_rss_is_on_every_page(site_dir):
    for page in pages(site_dir):
        links = [a for a in soup(site_dir, page).find_all("a") if a.get_text(strip=True) == "Segui via RSS"]
        assert links, f"{page}: no 'Segui via RSS' link"
        for link in links:
            target = ((site_dir / page).parent / link["href"]).resolve()
            assert target == (site_dir / RSS_FEEDS["created"]).resolve(), f"{page}: {link['href']}"


@pytest.mark.browser
def test_segui_via_rss_is_visible(base_url, new_page):
    page = new_page()
    page.goto(base_url + "/blog/")
    link = page.get_by_role("link", name="Segui via RSS").first
    assert link.is_visible()
    response = page.request.get(base_url + "/" + RSS_FEEDS["created"])
    assert response.ok


# --- Drafts and future posts -------------------------------------------------------

DRAFT = """---
title: {title}
description: Un articolo che non deve comparire nei feed perché {why}, anche se la build lo legge.
date:
  created: {date}
{draft}categories:
  - Delega
tags:
  - prova
---
# {title}

Estratto.

<!-- more -->

Testo.
"""


@pytest.mark.build
def test_drafts_and_future_posts_are_not_in_the_feeds(tmp_path):
    project = copy_project(tmp_path / "project")
    future = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    posts = project / "docs/blog/posts"
    posts.joinpath("bozza-di-prova.md").write_text(
        DRAFT.format(title="Bozza di prova", why="è una bozza", date="2026-01-02", draft="draft: true\n"), encoding="utf-8")
    posts.joinpath("articolo-futuro.md").write_text(
        DRAFT.format(title="Articolo futuro", why="è datato nel futuro", date=future, draft=""), encoding="utf-8")
    site = tmp_path / "site"
    result = build(project, site)
    assert result.returncode == 0, result.stderr
    for name in [*RSS_FEEDS.values(), *JSON_FEEDS.values()]:
        text = (site / name).read_text(encoding="utf-8")
        assert "Bozza di prova" not in text and "Articolo futuro" not in text, f"{name} lists a draft"
        assert "bozza-di-prova" not in text and "articolo-futuro" not in text
    assert not (site / "blog/bozza-di-prova").exists()


@pytest.mark.parametrize("value, files", [
    ("feed_rss_created.xml", None),  # not a section of options: refused, named
    (False, 0),                      # off: no feeds
    ({"rss_feed_enabled": False}, 2),  # only the JSON pair
])
def test_the_feeds_options_in_mkdocs_yml(value, files):
    """extra.feeds is where the feeds' options live (site_build/feeds.py
    writes the feeds): something else there stops the build naming it."""
    import types

    from site_build.feeds import settings
    from site_build.project import Project
    from site_extensions.errors import ContentError
    from support.project import ROOT

    project = Project.load(ROOT / "mkdocs.yml")
    assert settings(project)["length"] >= 1, "mkdocs.yml: extra.feeds has no length"
    changed = types.SimpleNamespace(**{name: getattr(project, name) for name in ("root", "settings", "site_url")},
                                    config={**project.config, "extra": {**project.extra, "feeds": value}})
    if files is None:
        with pytest.raises(ContentError, match="extra.feeds"):
            settings(changed)
        return
    options = settings(changed)
    names = [] if options is None else [n for key, n in options["feeds_filenames"].items()
                                        if options.get(f"{key.split('_')[0]}_feed_enabled", True)]
    assert len(names) == files


@pytest.mark.browser
def test_the_feed_page_a_browser_shows_is_in_italian(base_url, new_page):
    """A visitor who opens a feed sees its stylesheet (site_build/rss.xsl), in Italian."""
    page = new_page()
    page.goto(base_url + "/" + RSS_FEEDS["created"])
    assert page.evaluate("document.documentElement.lang") == "it"
    text = page.inner_text("body")
    assert "Visita il sito" in text
    for english in ("Visit website", "Published:", "Updated:", "By ", "Par "):
        assert english not in text, f"'{english}' on the feed page"
    assert page.locator(".item").count() == len(published_posts())
