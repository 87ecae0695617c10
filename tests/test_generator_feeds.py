"""Link-preview cards and the blog's feeds, the same from every generator.

Zensical runs no MkDocs hooks: its output gets the cards and the finished
feeds from the pipeline's steps (site_build/cards.py, site_build/feeds.py),
run by `python -m site_build build --generator zensical`. One copy of the
project is built by MkDocs and by Zensical, with post dates arranged so
that the "updated" feeds depend on what the steps do: most posts have no
`date.updated` (they count as updated when created; both generators would
take the build time), the two oldest were updated last, and `length`
leaves room for fewer posts than there are. Both builds must give a card
to every page, the icons, and the same four feeds, right by the front
matter: items, order, dates, full content with absolute addresses, cards.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from PIL import Image

from support.pages import html_pages
from support.project import build, copy_project
from site_build.outputs import outputs
from site_build.project import Project
from support.sharing import owner, site_url
from test_feeds import CONTENT_NS, JSON_FEEDS, RSS_FEEDS, absolute_urls

GENERATORS = ("mkdocs", "zensical")
FRONT = re.compile(r"^---\n(.*?\n)---\n", re.S)
DATE_BLOCK = re.compile(r"^date:.*\n(?:[ \t]+.*\n)*", re.M)


def zensical_build(project: Path, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """`python -m site_build build --generator zensical` of `project` (its
    output goes to the site_dir of its mkdocs.yml); never raises."""
    return subprocess.run(
        [sys.executable, "-m", "site_build", "build", "--generator", "zensical", "-f", str(project / "mkdocs.yml")],
        cwd=cwd or project, capture_output=True, text=True, timeout=600,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


def _date(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def arrange_dates(project: Path) -> tuple[list[dict], int]:
    """Rewrites the posts' dates of a project copy: the two oldest posts
    updated after every other post was created, the others never updated.
    Returns the published posts (address, title, dates, last heading) and
    a feed `length` that leaves out at least the two oldest by creation."""
    posts = []
    today = dt.date.today()
    for path in sorted((project / "docs/blog/posts").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        meta = yaml.safe_load(FRONT.match(text).group(1))
        date = meta["date"]
        created = _date(date["created"] if isinstance(date, dict) else date)
        if meta.get("draft") is True or created > today:
            continue
        posts.append({"path": path, "text": text, "meta": meta, "created": created})
    assert len(posts) >= 4, "the scenario needs at least four published posts"
    posts.sort(key=lambda p: p["created"], reverse=True)
    newest = posts[0]["created"]
    for i, post in enumerate(posts):
        later = {len(posts) - 1: 2, len(posts) - 2: 1}.get(i)  # the two oldest
        post["updated"] = newest + dt.timedelta(days=later) if later else post["created"]
        block = f"date:\n  created: {post['created'].isoformat()}\n"
        if later:
            block += f"  updated: {post['updated'].isoformat()}\n"
        front = FRONT.match(post["text"])
        new_front = DATE_BLOCK.sub(block, front.group(1), count=1)
        post["path"].write_text(post["text"].replace(front.group(1), new_front, 1), encoding="utf-8")
        headings = re.findall(r"^##\s+(.+?)\s*$", post["text"], re.M)
        post["last_heading"] = headings[-1].strip("*_ ") if headings else ""
    length = len(posts) - 3
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert re.search(r"^    length: \d+$", text, re.M), "mkdocs.yml: the feeds section (extra.feeds) has no length"
    config.write_text(re.sub(r"^    length: \d+$", f"    length: {length}", text, count=1, flags=re.M),
                      encoding="utf-8")
    return posts, length


@pytest.fixture(scope="module")
def scenario(tmp_path_factory):
    """The project copy with arranged dates, built by each generator (first
    Zensical, from another folder: nothing may land there)."""
    root = tmp_path_factory.mktemp("generators")
    project = copy_project(root / "project")
    posts, length = arrange_dates(project)
    sites = {"mkdocs": root / "site-mkdocs", "zensical": project / "site"}
    elsewhere = root / "elsewhere"
    elsewhere.mkdir()
    result = zensical_build(project, cwd=elsewhere)
    if result.returncode != 0:
        pytest.fail(f"the Zensical build failed:\n{result.stdout}\n{result.stderr}")
    cache = project / ".cache/social-cards"
    cached = sorted(p.name for p in cache.iterdir()) if cache.is_dir() else []
    result = build(project, sites["mkdocs"])
    if result.returncode != 0:
        pytest.fail(f"the MkDocs build failed:\n{result.stdout}\n{result.stderr}")
    site_project = Project.load(project / "mkdocs.yml")
    for post in posts:
        page = site_project.pages[post["path"].relative_to(project / "docs").as_posix()]
        post["url"] = site_url() + site_project.post_url(page)
    return {"project": project, "sites": sites, "posts": posts, "length": length, "elsewhere": elsewhere,
            "cached": cached}


def expected(scenario, order: str) -> list[dict]:
    """The posts a feed lists: newest first by `order`, ties by address."""
    key = "created" if order == "created" else "updated"
    ranked = sorted(scenario["posts"], key=lambda p: (-p[key].toordinal(), p["url"]))
    return ranked[: scenario["length"]]


def local(site: Path, url: str) -> Path:
    assert url.startswith(site_url()), f"{url} is not an address of the site"
    path = url[len(site_url()):]
    return site / (path + "index.html" if path == "" or path.endswith("/") else path)


def assert_absolute_and_resolving(site: Path, html: str, where: str) -> None:
    urls = absolute_urls(html)
    assert urls, f"{where}: not a single link or picture"
    for url in urls:
        if url.startswith(site_url()):
            assert local(site, url.split("#")[0]).is_file(), f"{where}: {url} points to no file of the build"


# --- Cards and icons ------------------------------------------------------------------

@pytest.mark.build
@pytest.mark.parametrize("generator", GENERATORS)
def test_every_page_has_its_card_and_the_icons_exist(scenario, generator):
    site = scenario["sites"][generator]
    found = outputs(Project.load(scenario["project"] / "mkdocs.yml"), site)
    assert len(found) > 20, f"{generator}: only {len(found)} pages"
    for output in found:
        card = site / output.card
        assert card.is_file(), f"{generator}: /{output.url} has no card at {output.card}"
        with Image.open(card) as picture:
            assert picture.size == (1200, 630), f"{generator}: {output.card} is {picture.size}"
    for size in (64, 144, 512):
        with Image.open(site / f"assets/images/icons/icon-{size}.png") as icon:
            assert icon.size == (size, size)


@pytest.mark.build
def test_cards_are_cached_beside_the_project_not_where_the_build_ran(scenario):
    assert scenario["cached"], "the Zensical build cached no card in the project's .cache/social-cards"
    assert list(scenario["elsewhere"].iterdir()) == [], "the Zensical build wrote into its working folder"


# --- Feeds ------------------------------------------------------------------------------

def rss_items(site: Path, name: str) -> list[dict]:
    root = ET.parse(site / name).getroot()
    items = []
    for item in root.iter("item"):
        enclosure = item.find("enclosure")
        items.append({
            "title": item.findtext("title"),
            "link": item.findtext("link"),
            "guid": item.findtext("guid"),
            "pubDate": item.findtext("pubDate"),
            "description": item.findtext("description"),
            "categories": [c.text for c in item.findall("category")],
            "authors": [a.text for a in item.findall("author")],
            "content": " ".join((item.findtext(CONTENT_NS) or "").split()),
            "enclosure": dict(enclosure.attrib) if enclosure is not None else None,
        })
    return items


@pytest.mark.build
@pytest.mark.parametrize("generator", GENERATORS)
@pytest.mark.parametrize("order", RSS_FEEDS)
def test_rss_feed_is_right_by_the_front_matter(scenario, generator, order):
    site, name = scenario["sites"][generator], RSS_FEEDS[order]
    channel = ET.parse(site / name).getroot().find("channel")
    assert channel.findtext("language") == "it-IT"
    assert channel.findtext("managingEditor") == f"{owner()['email']} ({owner()['name']})"
    image = channel.find("image")
    assert image is not None and local(site, image.findtext("url")).is_file(), f"{generator}: channel image"
    assert int(image.findtext("width")) <= 144

    items = rss_items(site, name)
    posts = expected(scenario, order)
    assert [i["link"] for i in items] == [p["url"] for p in posts], f"{generator} {name}: items or order"
    for item, post in zip(items, posts):
        where = f"{generator} {name}: {item['link']}"
        assert item["guid"] == post["url"]
        assert item["title"] == post["meta"]["title"], where
        assert item["description"] == post["meta"]["description"], where
        assert set(post["meta"]["categories"]) <= set(item["categories"]), where
        assert parsedate_to_datetime(item["pubDate"]).date() == post[order], f"{where}: pubDate {item['pubDate']}"
        assert item["authors"] == [f"{owner()['email']} ({owner()['name']})"], where
        assert post["last_heading"] in BeautifulSoup(item["content"], "html5lib").get_text(), f"{where}: content"
        assert "headerlink" not in item["content"] and "¶" not in item["content"], where
        assert_absolute_and_resolving(site, item["content"], where)
        card = local(site, item["enclosure"]["url"])
        assert card.is_file() and int(item["enclosure"]["length"]) == card.stat().st_size, f"{where}: enclosure"


@pytest.mark.build
@pytest.mark.parametrize("generator", GENERATORS)
@pytest.mark.parametrize("order", JSON_FEEDS)
def test_json_feed_is_right_by_the_front_matter(scenario, generator, order):
    site, name = scenario["sites"][generator], JSON_FEEDS[order]
    feed = json.loads((site / name).read_text(encoding="utf-8"))
    assert feed["language"] == "it-IT"
    assert feed["authors"][0]["name"] == owner()["name"]
    for key in ("icon", "favicon"):
        assert local(site, feed[key]).is_file(), f"{generator}: {key}"
    posts = expected(scenario, order)
    assert [i["id"] for i in feed["items"]] == [p["url"] for p in posts], f"{generator} {name}: items or order"
    for item, post in zip(feed["items"], posts):
        where = f"{generator} {name}: {item['id']}"
        assert item["title"] == post["meta"]["title"] and item["summary"] == post["meta"]["description"], where
        assert dt.datetime.fromisoformat(item["date_published"]).date() == post["created"], where
        assert dt.datetime.fromisoformat(item["date_modified"]).date() == post["updated"], where
        assert [a["name"] for a in item["authors"]] == [owner()["name"]], where
        assert post["last_heading"] in BeautifulSoup(item["content_html"], "html5lib").get_text(), where
        assert_absolute_and_resolving(site, item["content_html"], where)
        assert local(site, item["image"]).is_file(), f"{where}: image"


@pytest.mark.build
@pytest.mark.parametrize("name", [*RSS_FEEDS.values(), *JSON_FEEDS.values()])
def test_both_generators_give_the_same_feeds(scenario, name):
    mkdocs, zensical = (scenario["sites"][g] for g in GENERATORS)
    if name.endswith(".json"):
        a, b = (json.loads((s / name).read_text(encoding="utf-8")) for s in (mkdocs, zensical))
        assert a == b
        return
    assert rss_items(mkdocs, name) == rss_items(zensical, name)
    channels = []
    for site in (mkdocs, zensical):
        channel = ET.parse(site / name).getroot().find("channel")
        channels.append({e.tag: (e.text, e.attrib, [(c.tag, c.text) for c in e]) for e in channel
                         if e.tag not in ("item", "pubDate", "lastBuildDate", "generator")})
    assert channels[0] == channels[1]


@pytest.mark.build
@pytest.mark.parametrize("generator", GENERATORS)
def test_every_page_links_the_four_feeds(scenario, generator):
    """Every generator's pages name the four feeds in their head (Material
    linked the RSS pair only while mkdocs-rss-plugin was listed, and never
    under Zensical)."""
    site = scenario["sites"][generator]
    pages = html_pages(site)
    assert len(pages) > 10
    for path in pages:
        doc = BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")
        links = {link["href"].rsplit("/", 1)[-1]: link["type"] for link in doc.head.find_all("link", rel="alternate")
                 if link.get("type") in ("application/rss+xml", "application/feed+json")}
        assert links == {**{name: "application/rss+xml" for name in RSS_FEEDS.values()},
                         **{name: "application/feed+json" for name in JSON_FEEDS.values()}}, path

@pytest.mark.build
def test_zensical_feed_page_is_in_italian(scenario):
    xsl = (scenario["sites"]["zensical"] / "rss.xsl").read_text(encoding="utf-8")
    assert '<html lang="it">' in xsl and "Visita il sito" in xsl and "Visit website" not in xsl


# --- A page's own picture under Zensical ----------------------------------------------------

PAGE = """---
title: Pagina con immagine
description: Una pagina di prova che sceglie la propria immagine di anteprima invece della scheda disegnata dalla build.
image: assets/images/non-esiste.png
---
# Pagina con immagine

Testo.
"""


@pytest.mark.build
def test_zensical_build_names_the_page_of_a_missing_picture(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "docs/con-immagine.md").write_text(PAGE, encoding="utf-8")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config.replace("not_in_nav: |\n", "not_in_nav: |\n  /con-immagine.md\n"),
                                        encoding="utf-8")
    result = zensical_build(project)
    output = result.stdout + result.stderr
    assert result.returncode != 0, "the build passed with a missing picture"
    assert "docs/con-immagine.md" in output and "non-esiste.png" in output, output
    assert "Traceback" not in output, output


# --- The post's text in its built page ---------------------------------------------------------

ARTICLE = """<html><body><article class="md-content__inner md-typeset">
  <nav class="md-tags"><a href="../tag/#x" class="md-tag">x</a></nav>
  <h1 id="t">Titolo<a class="headerlink" href="#t">&para;</a></h1>
  <div class="post-meta"><a href="../../chi-sono/">Nome</a></div>
  <p>Primo <a href="../altro/">paragrafo</a>.</p>
  <!-- more -->
  <div class="admonition"><section><p>Dentro</p></section><img src="a.png" alt="a"><br></div>
  <h2 id="fine">Fine<a class="headerlink" href="#fine">&para;</a></h2>
  <p>Ultimo.</p>
  <section class="share"><a href="https://x.com/">X</a></section>
  <section class="contact-form"><form><input name="n"></form></section>
  <script>var a = "<p>no</p>";</script>
</article></body></html>"""


def test_a_posts_text_is_its_article_without_the_page_furniture():
    from site_build.feeds import feed_html, post_body

    body = post_body(ARTICLE)
    assert body.strip().startswith("<p>Primo") and body.strip().endswith("<p>Ultimo.</p>"), body
    assert "<section><p>Dentro</p></section>" in body, "a section inside the text is the text's"
    html = feed_html(body, "https://www.example.com/blog/post/")
    assert 'href="https://www.example.com/blog/altro/"' in html
    assert 'src="https://www.example.com/blog/post/a.png"' in html
    assert "headerlink" not in html and "<!--" not in html and "post-meta" not in html
    assert post_body("<html><body><p>No article</p></body></html>") is None
