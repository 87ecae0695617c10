"""Pipeline step: the blog's feeds, written whole.

The feeds are written here, the same for every generator (MkDocs,
ProperDocs, Zensical), from the `extra.feeds` section of mkdocs.yml (the
options mkdocs-rss-plugin reads, which wrote them before; importing it cost
every build GitPython and requests): four files, RSS 2.0 and JSON Feed
1.1, by creation and by update date. The options: which pages are posts
(`match_path`), their dates (`date_from_meta`), their categories and tags
(`categories`), how many (`length`), the channel's picture (`image`), the
file names, each format on or off. Feed readers and RSS-to-email services
get complete posts:

- every item carries the post's full HTML (`content:encoded` in RSS,
  `content_html` in JSON Feed, with the description as its summary), taken
  from the post's built page: its article without the title, the page's
  furniture (tags, share buttons, reply form) and the "¶" permalinks, with
  every link and image URL absolute;
- the post's link-preview card (cards.py) is the item's image
  (`enclosure` in RSS, `image` in JSON Feed);
- the authors are the post's (its front matter, or a .meta.yml above it,
  named in the blog's authors file), the owner with her name and e-mail
  address from the settings (data/titolare.yml) as RSS wants them, others as `dc:creator`;
- the channel is the site's (`site_name`, `site_description`, its
  address), says the site's language (`theme.language`, as it-IT), its
  picture's address is absolute and has its size, and it names the owner;
  JSON Feed gets the 512 and 64 pixel icons;
- dates come from each post's front matter, and a post without
  `date.updated` was last updated when it was created, so the "updated"
  feeds are ordered by real dates; items are newest first, ties by
  address, at most `length` posts;
- the page a browser shows for an RSS feed (rss.xsl, mkdocs-rss-plugin's
  stylesheet, kept in this folder) speaks Italian.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from email.utils import format_datetime
from functools import cached_property
from pathlib import Path
from urllib.parse import urljoin
from zoneinfo import ZoneInfo


from site_extensions.errors import ContentError

from . import html, theme
from .cards import icon_path
from .outputs import Output, outputs
from .posts import defaults
from .identity import blog_authors, post_authors
from .project import Project

RSS_ICON_SIZE = 144  # RSS 2.0 allows a channel image at most 144 pixels wide
JSON_ICON_SIZE, JSON_FAVICON_SIZE = 512, 64
TTL = 1440  # minutes a reader may keep an RSS feed before asking again (a day)
# The options' defaults (mkdocs-rss-plugin's, whose options these are).
DEFAULTS = {
    "enabled": True,
    "match_path": ".*",
    "length": 20,
    "categories": [],
    "image": None,
    "rss_feed_enabled": True,
    "json_feed_enabled": True,
    "feeds_filenames": {
        "rss_created": "feed_rss_created.xml",
        "rss_updated": "feed_rss_updated.xml",
        "json_created": "feed_json_created.json",
        "json_updated": "feed_json_updated.json",
    },
    "date_from_meta": {
        "as_creation": "date.created",
        "as_update": "date.updated",
        "default_time": "00:00",
        "default_timezone": "UTC",
    },
}

NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "dc": "http://purl.org/dc/elements/1.1/",
    "content": "http://purl.org/rss/1.0/modules/content/",
}
for _prefix, _uri in NS.items():
    ET.register_namespace(_prefix, _uri)
CONTENT = f"{{{NS['content']}}}encoded"
CREATOR = f"{{{NS['dc']}}}creator"
FEED_KEYS = ["version", "title", "home_page_url", "feed_url", "description", "icon", "favicon",
             "authors", "language", "items"]
ITEM_KEYS = ["id", "url", "title", "content_html", "summary", "image", "date_published",
             "date_modified", "authors", "tags"]

# The attributes of a post's HTML that hold addresses, and the one that
# holds a list of them (with widths or densities).
URL_ATTRIBUTES = ("href", "src", "poster", "cite")
SRCSET = "srcset"
# What the feeds leave out of a post's text: the "¶" permalinks, and where
# the layout step adds a page's end.
NOT_TEXT = ("a.headerlink", "div[data-site-slot]")
# What the templates put around a post's text in its <article>: after the
# title, the post's meta line; after the text, the tags, related posts,
# share buttons, reply form, source-file dates and scripts. Each is a
# top-level element of the article, never Markdown's.
POST_META = "post-meta"
# The RSS feeds' stylesheet instruction: a browser shows the feed as a page.
STYLESHEET = '<?xml-stylesheet type="text/xsl" href="rss.xsl"?>'
FURNITURE = {"nav", "section", "aside", "footer", "form", "script"}

# The page a browser shows for an RSS feed (mkdocs-rss-plugin's stylesheet,
# MIT licence, kept beside this file and written as rss.xsl) speaks English
# and French; these are its words, in Italian. A snippet that is no longer
# there (the file replaced by a new version) stops the build, so no English
# slips back unnoticed.
XSL = "rss.xsl"
XSL_SOURCE = Path(__file__).with_name("rss.xsl")
XSL_WORDS = [
    ("<html>", '<html lang="it">'),
    ("Visit website", "Visita il sito"),
    ("By <xsl:value-of", "Di <xsl:value-of"),
    ("<strong>Published:</strong>", "<strong>Pubblicato:</strong>"),
    ("<strong>Updated:</strong>", "<strong>Aggiornato:</strong>"),
    ("Par <xsl:value-of", "Di <xsl:value-of"),
]


def settings(project: Project) -> dict | None:
    """The `extra.feeds` section of mkdocs.yml over the defaults, or None
    when there is none or it is disabled."""
    found = (project.config.get("extra") or {}).get("feeds")
    if found is None or found is False or isinstance(found, dict) and found.get("enabled", True) is False:
        return None
    if not isinstance(found, dict):
        raise ContentError("mkdocs.yml: extra.feeds must be a section of options (the feeds' options, site_build/feeds.py)")
    merged = {**DEFAULTS, **found}
    for key in ("feeds_filenames", "date_from_meta"):
        merged[key] = {**DEFAULTS[key], **(found.get(key) or {})}
    return merged


# --- A post's HTML, as a feed reader should get it -------------------------------

def body_in(page: html.Page) -> str | None:
    """The post's own text in its built page's tree: the article after its
    title (and the meta line under it), up to the first piece of page
    furniture. None when the page has no article with a title."""
    article = page.first(theme.ARTICLE.css)
    if article is None:
        return None
    nodes = list(html.children(article))
    title = next((i for i, node in enumerate(nodes) if node.is_element_node and node.tag == "h1"), None)
    if title is None:
        return None
    rest = nodes[title + 1:]
    following = [i for i, node in enumerate(rest) if node.is_element_node]
    if following and rest[following[0]].tag == "div" and \
            POST_META in (rest[following[0]].attributes.get("class") or "").split():
        rest = rest[following[0] + 1:]
    end = next((i for i, node in enumerate(rest) if node.is_element_node and node.tag in FURNITURE), len(rest))
    return "".join(html.outer(node) if node.is_element_node else _node_html(node) for node in rest[:end])


def _node_html(node: html.Node) -> str:
    """A text or comment node as HTML."""
    if node.is_text_node:
        return node.text_content.replace("&", "&amp;").replace("\xa0", "&nbsp;").replace("<", "&lt;") \
            .replace(">", "&gt;")
    return node.html or ""


def post_body(page: str) -> str | None:
    """`body_in` of the page `page`."""
    return body_in(html.parse(page))


def feed_html(body: str, base: str) -> str:
    """A post's text as a feed reader should get it: no comments, no "¶"
    permalinks, every address absolute against `base` (the page's own)."""
    tree = html.parse("<!doctype html><html><head></head><body>" + body)
    for selector in NOT_TEXT:
        for node in tree.select(selector):
            html.remove(node)
    _without_comments(tree.body)
    for node in tree.select("body *"):
        attributes = node.attributes
        for name in URL_ATTRIBUTES:
            if attributes.get(name) is not None:
                node.attrs[name] = urljoin(base, attributes[name].strip())
        if attributes.get(SRCSET):
            parts = []
            for candidate in attributes[SRCSET].split(","):
                bits = candidate.strip().split(None, 1)
                if bits:
                    bits[0] = urljoin(base, bits[0])
                    parts.append(" ".join(bits))
            node.attrs[SRCSET] = ", ".join(parts)
    return html.inner(tree.body).strip()


def _without_comments(node: html.Node) -> None:
    for child in list(html.children(node)):
        if child.is_comment_node:
            child.decompose()
        elif child.is_element_node:
            _without_comments(child)


# --- What the feeds say about each post ---------------------------------------------

def _value(meta: dict, dot_key: str):
    for key in str(dot_key).split("."):
        if not isinstance(meta, dict):
            return None
        meta = meta.get(key)
    return meta


def _datetime(value, options: dict) -> dt.datetime | None:
    """A front-matter date as the RSS plugin reads it: a date at
    `default_time`, in `default_timezone` unless it names its own; a list
    of dates counts as its newest."""
    if isinstance(value, list):
        found = [d for d in (_datetime(v, options) for v in value) if d]
        return max(found) if found else None
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        hour, minute = (int(p) for p in str(options.get("default_time") or "00:00").split(":"))
        moment = dt.datetime.combine(value, dt.time(hour, minute))
    else:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(str(options.get("default_timezone") or "UTC")))
    return moment


@dataclass
class Author:
    name: str
    url: str | None = None
    email: str | None = None


@dataclass
class Post:
    output: Output
    meta: dict  # front matter over the .meta.yml defaults
    created: dt.datetime
    updated: dt.datetime
    authors: list[Author] = field(default_factory=list)

    @property
    def url(self) -> str:
        return self.output.canonical_url

    def read(self, page: html.Page) -> None:
        """Takes the post's text from its tree as built (`page`), while the
        pipeline holds it."""
        if "html" not in self.__dict__:
            self.__dict__["html"] = self._html(body_in(page))

    @cached_property
    def html(self) -> str:
        return self._html(post_body(self.output.html))

    def _html(self, body: str | None) -> str:
        if body is None:
            raise ContentError(f"/{self.output.url} (from {self.output.src}): the built page has no article "
                               "with a title, so the feeds cannot carry the post; check the post templates")
        return feed_html(body, self.url)

    @property
    def description(self) -> str:
        rss = self.meta.get("rss") if isinstance(self.meta.get("rss"), dict) else {}
        return str(rss.get("feed_description") or self.output.description)


def posts(project: Project, site: Path, options: dict, pages: list | None = None) -> list[Post]:
    """The published posts the feeds may list, with their dates and authors."""
    match = re.compile(options["match_path"])
    dates = options["date_from_meta"]
    owner = project.settings.owner
    known = blog_authors(project)
    found = []
    for output in outputs(project, site) if pages is None else pages:
        if not output.is_post or not match.match(output.src):
            continue
        meta = dict(defaults(project, output.src))
        for key, value in output.meta.items():
            meta[key] = meta.get(key, []) + value if isinstance(value, list) and isinstance(meta.get(key), list) \
                else value
        created = _datetime(_value(meta, dates["as_creation"]), dates) or \
            _datetime(project.post_date(output.page), dates)
        if created is None:
            continue  # the post checks say why
        updated = _datetime(_value(meta, dates["as_update"]), dates) or created
        authors = []
        for entry in post_authors(project, output.page, known):
            url = entry.get("url")
            url = urljoin(project.site_url, url) if isinstance(url, str) and url else None
            email = owner.email if entry["id"] == owner.author_id else None
            authors.append(Author(str(entry.get("name") or entry["id"]), url, email))
        if not authors and owner.name:
            authors = [Author(owner.name, None, owner.email)]
        found.append(Post(output, meta, created, updated, authors))
    return found


def selection(found: list[Post], order: str, length: int) -> list[Post]:
    """The posts of a feed: newest first by `order` (created or updated),
    ties by address, at most `length`."""
    return sorted(found, key=lambda p: (-getattr(p, order).timestamp(), p.url))[:max(length, 0)]


def _categories(post: Post, options: dict) -> list[str]:
    """The item's categories as the RSS plugin makes them (every value of
    the front-matter keys in `categories`, sorted)."""
    found = []
    for key in options.get("categories") or []:
        value = post.meta.get(key)
        found += [str(v) for v in value] if isinstance(value, list) else [value] if isinstance(value, str) else []
    return sorted(found)


def _card(post: Post, site: Path) -> tuple[str, str, int] | None:
    """The post's card: its address, type and size, when it is in the build."""
    path = site / post.output.card
    if not path.is_file():
        return None
    return post.output.card_url, "image/jpeg" if path.suffix == ".jpg" else "image/png", path.stat().st_size


# --- RSS -------------------------------------------------------------------------------

def _channel(project: Project, feed_url: str, now: dt.datetime) -> tuple[ET.Element, ET.Element]:
    """An RSS feed's root and its channel: the site's name, description and
    address, the feed's own address, the language and the build's time."""
    root = ET.Element("rss", {"version": "2.0"})
    channel = ET.SubElement(root, "channel")
    config = project.config
    ET.SubElement(channel, "title").text = str(config.get("site_name") or "")
    ET.SubElement(channel, "description").text = str(config.get("site_description") or "")
    ET.SubElement(channel, "link").text = project.site_url
    ET.SubElement(channel, f"{{{NS['atom']}}}link", {"href": feed_url, "rel": "self", "type": "application/rss+xml"})
    ET.SubElement(channel, "language").text = project.settings.locale
    ET.SubElement(channel, "pubDate").text = format_datetime(now)
    ET.SubElement(channel, "lastBuildDate").text = format_datetime(now)
    ET.SubElement(channel, "ttl").text = str(TTL)
    return root, channel


def _rss_item(post: Post, date: dt.datetime, channel: ET.Element, site: Path, options: dict) -> ET.Element:
    """A post's item: title, authors (RSS wants an e-mail address; without
    one, dc:creator), categories, description, full text, address, date,
    the feed it comes from, and its card."""
    item = ET.Element("item")
    ET.SubElement(item, "title").text = post.output.title
    for author in post.authors:
        if author.email:
            ET.SubElement(item, "author").text = f"{author.email} ({author.name})"
        else:
            ET.SubElement(item, CREATOR).text = author.name
    for category in _categories(post, options):
        ET.SubElement(item, "category").text = category
    ET.SubElement(item, "description").text = post.description
    ET.SubElement(item, CONTENT).text = post.html
    ET.SubElement(item, "link").text = post.url
    ET.SubElement(item, "pubDate").text = format_datetime(date)
    self_link = channel.find(f"{{{NS['atom']}}}link")
    ET.SubElement(item, "source", {"url": self_link.get("href", "")}).text = channel.findtext("title")
    ET.SubElement(item, "guid", {"isPermaLink": "true"}).text = post.url
    card = _card(post, site)
    if card:
        ET.SubElement(item, "enclosure", {"url": card[0], "type": card[1], "length": str(card[2])})
    return item


def _channel_image(channel: ET.Element, project: Project, site: Path, options: dict) -> None:
    """The channel's picture (the `image` option, else the site's icon):
    its address made absolute, with its size."""
    absolute = urljoin(project.site_url, options.get("image") or icon_path(RSS_ICON_SIZE))
    image = ET.SubElement(channel, "image")
    ET.SubElement(image, "url").text = absolute
    ET.SubElement(image, "title").text = channel.findtext("title")
    ET.SubElement(image, "link").text = channel.findtext("link")
    local = site / absolute[len(project.site_url):] if absolute.startswith(project.site_url) else None
    if local is not None and local.is_file():
        from PIL import Image

        with Image.open(local) as picture:
            width, height = picture.size
        ET.SubElement(image, "width").text = str(width)
        ET.SubElement(image, "height").text = str(height)


def write_rss(path: Path, order: str, found: list[Post], project: Project, site: Path, options: dict,
              now: dt.datetime) -> None:
    """The RSS 2.0 feed at `path`: its `length` posts newest first by
    `order` (created or updated)."""
    root, channel = _channel(project, urljoin(project.site_url, path.name), now)
    _channel_image(channel, project, site, options)
    owner = project.settings.owner
    if owner.email:
        ET.SubElement(channel, "managingEditor").text = f"{owner.email} ({owner.name})"
    for post in selection(found, order, int(options["length"])):
        channel.append(_rss_item(post, getattr(post, order), channel, site, options))
    ET.indent(root, space="  ")
    head = f'<?xml version="1.0" encoding="UTF-8"?>\n{STYLESHEET}\n'
    path.write_text(head + ET.tostring(root, encoding="unicode") + "\n", encoding="utf-8")


# --- JSON Feed -------------------------------------------------------------------------

def _ordered(values: dict, keys: list[str]) -> dict:
    """`values` without nulls, `keys` first in that order, then the rest."""
    present = [k for k in keys if k in values] + [k for k in values if k not in keys]
    return {k: values[k] for k in present if values[k] is not None}


def _json_item(post: Post, site: Path, options: dict) -> dict:
    """A post's item: address, title, full text, description, card, dates,
    authors and categories."""
    card = _card(post, site)
    return _ordered({
        "id": post.url,
        "url": post.url,
        "title": post.output.title,
        "content_html": post.html,
        "summary": post.description,
        "image": card[0] if card else None,
        "date_published": post.created.isoformat("T"),
        "date_modified": post.updated.isoformat("T"),
        "authors": [_ordered({"name": a.name, "url": a.url}, ["name", "url"]) for a in post.authors],
        "tags": _categories(post, options),
    }, ITEM_KEYS)


def write_json(path: Path, order: str, found: list[Post], project: Project, site: Path, options: dict,
               now: dt.datetime) -> None:
    """The JSON Feed 1.1 at `path`: its `length` posts newest first by
    `order` (created or updated)."""
    config, owner, site_url = project.config, project.settings.owner, project.site_url
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": str(config.get("site_name") or ""),
        "home_page_url": site_url,
        "feed_url": urljoin(site_url, path.name),
        "description": str(config.get("site_description") or ""),
    }
    for key, size in (("icon", JSON_ICON_SIZE), ("favicon", JSON_FAVICON_SIZE)):
        if (site / icon_path(size)).is_file():
            feed[key] = urljoin(site_url, icon_path(size))
    if owner.name:
        feed["authors"] = [{"name": owner.name, "url": site_url}]
    feed["language"] = project.settings.locale
    feed["items"] = [_json_item(post, site, options) for post in selection(found, order, int(options["length"]))]
    path.write_text(json.dumps(_ordered(feed, FEED_KEYS), ensure_ascii=False) + "\n", encoding="utf-8")


# --- The feed page in a browser -----------------------------------------------------------

def italian_xsl(source: Path, target: Path) -> None:
    """The feed stylesheet `source` written to `target` in Italian."""
    text = source.read_text(encoding="utf-8")
    for english, italian in XSL_WORDS:
        if english not in text:
            raise ContentError(f"{source}: '{english}' is no longer in the feed stylesheet; "
                               "update XSL_WORDS in site_build/feeds.py for its new version")
        text = text.replace(english, italian)
    target.write_text(text, encoding="utf-8")


class Feeds:
    """The feeds of one build: the options, the feed files to write, the
    posts they carry (whose text `read` takes from each post's tree as
    built, while the pipeline holds it), and `write`."""

    def __init__(self, project: Project, site: Path, pages: list | None = None):
        """`pages`: the site's pages (outputs.outputs), when the caller has them."""
        self.project, self.site = project, site
        self.options = settings(project)
        files = []
        if self.options is not None:
            names = self.options["feeds_filenames"]
            if self.options.get("rss_feed_enabled", True):
                files += [(write_rss, names["rss_created"], "created"), (write_rss, names["rss_updated"], "updated")]
            if self.options.get("json_feed_enabled", True):
                files += [(write_json, names["json_created"], "created"),
                          (write_json, names["json_updated"], "updated")]
        self.files = [(write, site / name, order) for write, name, order in files]
        self.found = posts(project, site, self.options, pages) if self.files else []

    @cached_property
    def carried(self) -> dict[str, Post]:
        """The posts some feed carries, by address."""
        length = int(self.options["length"]) if self.options else 0
        return {post.output.url: post for _write, _path, order in self.files
                for post in selection(self.found, order, length)}

    def read(self, output: Output, page: html.Page) -> None:
        """Takes the text of a post the feeds carry from its tree as built."""
        post = self.carried.get(output.url)
        if post is not None:
            post.read(page)

    def write(self) -> None:
        """The feeds, and their page in a browser in Italian."""
        now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
        for write, path, order in self.files:
            write(path, order, self.found, self.project, self.site, self.options, now)
        if any(write is write_rss for write, _path, _order in self.files):
            italian_xsl(XSL_SOURCE, self.site / XSL)


def run(project: Project, site: Path, pages: list | None = None) -> None:
    """`pages`: the site's pages (outputs.outputs), when the caller has them."""
    Feeds(project, site, pages).write()
