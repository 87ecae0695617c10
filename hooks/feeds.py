"""Feeds: finishes the RSS 2.0 and JSON Feed 1.1 files of mkdocs-rss-plugin.

The plugin picks the posts, sorts them and writes the feeds; this hook then
makes them complete for feed readers and RSS-to-email services:

- every item carries the post's full HTML (`content:encoded` in RSS,
  `content_html` in JSON Feed, with the description as summary), in which
  every link and image URL is absolute; the title heading and the "¶"
  permalinks are left out, as the reader shows the title itself;
- the post's social card (hooks/social_cards.py) is the item's image
  (`enclosure` in RSS, `image` in JSON Feed);
- the channel says `it-IT`, has the site's icon as its image, and names the
  owner (extra.owner) with her e-mail address as RSS wants it;
- a post without `date.updated` counts as updated when it was created, so
  the "updated" feeds do not show the build time as every post's date.
"""

from __future__ import annotations

import html as htmllib
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

LANGUAGE = "it-IT"
ICON_RSS = "assets/images/icons/icon-144.png"  # RSS allows at most 144 px
ICON_JSON = "assets/images/icons/icon-512.png"
FAVICON_JSON = "assets/images/icons/icon-64.png"
NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "dc": "http://purl.org/dc/elements/1.1/",
    "content": "http://purl.org/rss/1.0/modules/content/",
}
for _prefix, _uri in NS.items():
    ET.register_namespace(_prefix, _uri)

# URL attributes in HTML, quoted either way or not at all.
URL_ATTR = re.compile(
    r"""(?P<name>\s(?:href|src|poster|cite)\s*=\s*)(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<uq>[^\s"'>]+))""",
    re.IGNORECASE,
)
SRCSET_ATTR = re.compile(r"""(?P<name>\ssrcset\s*=\s*)(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)')""", re.IGNORECASE)
HEADERLINK = re.compile(r"""<a\b[^>]*\bclass=["']headerlink["'][^>]*>.*?</a>""", re.IGNORECASE | re.DOTALL)
FIRST_H1 = re.compile(r"^\s*<h1\b[^>]*>.*?</h1>\s*", re.IGNORECASE | re.DOTALL)
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)

_state: dict = {}


def absolute_html(html: str, base: str) -> str:
    """`html` with every URL in href/src/srcset/poster/cite made absolute
    against `base` (the page's own URL)."""

    def value(match: re.Match) -> str:
        found = match.groupdict()
        raw = next(found[k] for k in ("dq", "sq", "uq") if found.get(k) is not None)
        return htmllib.unescape(raw)

    def one(match: re.Match) -> str:
        url = urljoin(base, value(match).strip())
        return f'{match["name"]}"{htmllib.escape(url, quote=True)}"'

    def srcset(match: re.Match) -> str:
        parts = []
        for candidate in value(match).split(","):
            bits = candidate.strip().split(None, 1)
            if bits:
                bits[0] = urljoin(base, bits[0])
                parts.append(" ".join(bits))
        return f'{match["name"]}"{htmllib.escape(", ".join(parts), quote=True)}"'

    return SRCSET_ATTR.sub(srcset, URL_ATTR.sub(one, html))


def feed_html(html: str, base: str) -> str:
    """A post's HTML as a feed reader should get it."""
    html = COMMENT.sub("", html)
    html = HEADERLINK.sub("", html)
    html = FIRST_H1.sub("", html, count=1)
    return absolute_html(html, base).strip()


def _rss_plugin(config: MkDocsConfig):
    return config.plugins.get("rss")


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _state.clear()
    _state["posts"] = {}
    plugin = _rss_plugin(config)
    _state["match"] = re.compile(plugin.config.match_path) if plugin else None
    return config


def _is_feed_post(page: Page) -> bool:
    match = _state.get("match")
    return bool(match and match.match(page.file.src_uri))


@event_priority(-50)
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files) -> str:
    """A post never updated was last updated when it was created (the RSS
    plugin would take the build time). Runs before the plugin reads dates."""
    if _is_feed_post(page):
        date = page.meta.get("date")
        if isinstance(date, dict) and date.get("created") and not date.get("updated"):
            date["updated"] = date["created"]
        elif date is not None and not isinstance(date, dict):
            page.meta["date"] = {"created": date, "updated": date}
    return markdown


@event_priority(-100)  # after every plugin that changes the page's HTML
def on_page_content(html: str, page: Page, config: MkDocsConfig, files) -> str:
    if _is_feed_post(page) and page.canonical_url:
        _state["posts"][page.canonical_url] = {
            "html": feed_html(html, page.canonical_url),
            "description": page.meta.get("description") or "",
            "card": _card(page),
            "authors": [(a.name, a.url) for a in getattr(page, "authors", []) or []],
        }
    return html


def _card(page: Page) -> str:
    slug = page.url.replace(".html", "").strip("/") or "index"
    image = str(page.meta.get("image") or "").lower()
    return f"assets/images/social/{slug}" + (".jpg" if image.endswith((".jpg", ".jpeg")) else ".png")


@event_priority(-100)  # after the RSS plugin has written the feeds
def on_post_build(config: MkDocsConfig) -> None:
    plugin = _rss_plugin(config)
    if plugin is None or not plugin.config.enabled:
        return
    site = Path(config.site_dir)
    names = plugin.config.feeds_filenames
    owner = config.extra.get("owner") or {}
    if plugin.config.rss_feed_enabled:
        for name in (names.rss_created, names.rss_updated):
            if (site / name).exists():
                _finish_rss(site / name, config, owner)
    if plugin.config.json_feed_enabled:
        for name in (names.json_created, names.json_updated):
            if (site / name).exists():
                _finish_json(site / name, config, owner)
    if (site / XSL).exists():
        _italian_xsl(site / XSL)


# The page a browser shows for a feed (the RSS plugin's rss.xsl) speaks
# English and French; these are its words, in Italian. A snippet that is no
# longer there (a new plugin version) stops the build, so no English slips
# back unnoticed.
XSL = "rss.xsl"
XSL_WORDS = [
    ("<html>", '<html lang="it">'),
    ("Visit website", "Visita il sito"),
    ("By <xsl:value-of", "Di <xsl:value-of"),
    ("<strong>Published:</strong>", "<strong>Pubblicato:</strong>"),
    ("<strong>Updated:</strong>", "<strong>Aggiornato:</strong>"),
    ("Par <xsl:value-of", "Di <xsl:value-of"),
]


def _italian_xsl(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for english, italian in XSL_WORDS:
        if english not in text:
            raise PluginError(f"{path.name}: '{english}' is no longer in the RSS plugin's stylesheet; "
                              "update XSL_WORDS in hooks/feeds.py for its new version")
        text = text.replace(english, italian)
    path.write_text(text, encoding="utf-8")


def _author_url(url: str | None, site_url: str) -> str | None:
    if not url:
        return None
    return url if "://" in url else urljoin(site_url, url)


def _finish_rss(path: Path, config: MkDocsConfig, owner: dict) -> None:
    text = path.read_text(encoding="utf-8")
    stylesheet = re.search(r"<\?xml-stylesheet[^>]*\?>", text)
    root = ET.fromstring(text.encode("utf-8"))
    channel = root.find("channel")
    site_url = config.site_url
    owner_name, owner_email = owner.get("name"), owner.get("email")

    _set(channel, "language", LANGUAGE)
    if owner_email:
        _set(channel, "managingEditor", f"{owner_email} ({owner_name})")
    image = channel.find("image")
    if image is None:
        image = ET.SubElement(channel, "image")
    for child in list(image):
        image.remove(child)
    for tag, value in (("url", urljoin(site_url, ICON_RSS)), ("title", channel.findtext("title")),
                       ("link", channel.findtext("link")), ("width", "144"), ("height", "144")):
        ET.SubElement(image, tag).text = value

    for item in channel.findall("item"):
        post = _state["posts"].get(item.findtext("guid") or item.findtext("link"))
        if post is None:
            continue
        # Authors: RSS wants an e-mail address; others get dc:creator.
        for author in item.findall("author"):
            item.remove(author)
        for name, _url in post["authors"] or [(owner_name, None)]:
            if name == owner_name and owner_email:
                _insert_after(item, "title", "author", f"{owner_email} ({name})")
            else:
                _insert_after(item, "title", f"{{{NS['dc']}}}creator", name)
        for comments in item.findall("comments"):
            item.remove(comments)
        description = item.find("description")
        content = ET.Element(f"{{{NS['content']}}}encoded")
        content.text = post["html"]
        item.insert(list(item).index(description) + 1, content)
        for enclosure in item.findall("enclosure"):
            item.remove(enclosure)
        card = Path(config.site_dir) / post["card"]
        if card.exists():
            ET.SubElement(item, "enclosure", {
                "url": urljoin(site_url, post["card"]),
                "type": "image/jpeg" if card.suffix == ".jpg" else "image/png",
                "length": str(card.stat().st_size),
            })

    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    head = '<?xml version="1.0" encoding="UTF-8"?>\n' + (stylesheet.group(0) + "\n" if stylesheet else "")
    path.write_text(head + body + "\n", encoding="utf-8")


def _set(parent: ET.Element, tag: str, text: str) -> None:
    element = parent.find(tag)
    if element is None:
        element = ET.SubElement(parent, tag)
    element.text = text


def _insert_after(parent: ET.Element, after: str, tag: str, text: str) -> None:
    element = ET.Element(tag)
    element.text = text
    anchor = parent.find(after)
    parent.insert(list(parent).index(anchor) + 1 if anchor is not None else 0, element)


def _finish_json(path: Path, config: MkDocsConfig, owner: dict) -> None:
    feed = json.loads(path.read_text(encoding="utf-8"))
    site_url = config.site_url
    feed["language"] = LANGUAGE
    feed["icon"] = urljoin(site_url, ICON_JSON)
    feed["favicon"] = urljoin(site_url, FAVICON_JSON)
    if owner.get("name"):
        feed["authors"] = [{"name": owner["name"], "url": site_url}]
    for item in feed.get("items", []):
        post = _state["posts"].get(item.get("id") or item.get("url"))
        if post is None:
            continue
        item["content_html"] = post["html"]
        item["summary"] = post["description"]
        card = Path(config.site_dir) / post["card"]
        if card.exists():
            item["image"] = urljoin(site_url, post["card"])
        authors = [{"name": name, "url": _author_url(url, site_url)} for name, url in post["authors"]]
        if authors:
            item["authors"] = authors
    path.write_text(json.dumps(_without_nulls(feed), ensure_ascii=False) + "\n", encoding="utf-8")


def _without_nulls(value):
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value
