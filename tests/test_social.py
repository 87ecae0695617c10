"""Link previews as LinkedIn, Facebook, WhatsApp and X build them: on every
page the Open Graph tags, well formed, og:url equal to the canonical link and
a 1200x630 card of the page's own in the build; posts as articles with
their dates, author, section and tags. A page may name its own picture;
naming a missing one stops the build. Cards are cached between builds.
Also: sitemap.xml with real dates, robots.txt naming it."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import xml.etree.ElementTree as ET

import pytest
from PIL import Image

from support.project import ROOT, build, content_problems, copy_project
from support.sharing import meta_values, pages, published_posts, site_config, site_file, site_url, soup

ONE_EACH = ("og:title", "og:description", "og:url", "og:image", "og:image:width", "og:image:height",
            "og:image:alt", "og:image:type", "og:locale", "og:site_name", "og:type", "twitter:card")


def one(doc, key: str, page: str) -> str:
    values = meta_values(doc, key)
    assert len(values) == 1, f"{page}: {len(values)} <meta> for {key}"
    assert values[0].strip() == values[0] and values[0], f"{page}: {key} is empty or padded"
    return values[0]


def test_every_page_has_its_preview_tags(site_dir):
    posts = {post["file"]: post for post in published_posts()}
    for page in pages(site_dir):
        doc = soup(site_dir, page)
        tags = {key: one(doc, key, page) for key in ONE_EACH}
        canonical = doc.head.find_all("link", rel="canonical")
        assert len(canonical) == 1, f"{page}: needs exactly one canonical link"
        assert tags["og:url"] == canonical[0]["href"], f"{page}: og:url is not the canonical URL"
        assert tags["og:url"].startswith(site_url())
        assert site_file(site_dir, tags["og:url"]) == site_dir / page, f"{page}: og:url names another page"
        assert tags["og:locale"] == "it_IT"
        assert tags["og:site_name"] == site_config().site_name
        assert tags["twitter:card"] == "summary_large_image"
        assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "630")
        assert tags["og:type"] == ("article" if page in posts else "website"), page
        assert "<" not in tags["og:title"] + tags["og:description"], f"{page}: markup in a tag"

        image = site_file(site_dir, tags["og:image"])
        assert image is not None, f"{page}: og:image {tags['og:image']} is not on the site"
        assert image.is_file(), f"{page}: og:image {tags['og:image']} is not in the build"
        with Image.open(image) as picture:
            assert picture.size == (1200, 630), f"{page}: og:image is {picture.size}"
            assert tags["og:image:type"] == Image.MIME[picture.format]


def test_posts_are_articles(site_dir):
    for post in published_posts():
        doc = soup(site_dir, post["file"])
        where = post["file"]
        published = dt.datetime.fromisoformat(one(doc, "article:published_time", where))
        modified = dt.datetime.fromisoformat(one(doc, "article:modified_time", where))
        assert published.tzinfo and published.date() == post["created"], where
        assert modified.date() == post["modified"], where
        authors = meta_values(doc, "article:author")
        assert authors and all(a.startswith("http") or a for a in authors), where
        section = one(doc, "article:section", where)
        assert section in post["meta"]["categories"], where
        assert meta_values(doc, "article:tag") == post["meta"]["tags"], where
        assert one(doc, "og:title", where) == post["title"]
        assert one(doc, "og:description", where) == post["meta"]["description"]


def test_pages_use_their_own_title_and_description(site_dir):
    for page in ("index.html", "faq/index.html", "chi-sono/index.html"):
        doc = soup(site_dir, page)
        description = doc.head.find("meta", attrs={"name": "description"})["content"]
        assert one(doc, "og:description", page) == description
        assert one(doc, "og:title", page) in doc.title.get_text()


def test_every_page_has_a_card_of_its_own(site_dir):
    cards = {}
    for page in pages(site_dir):
        url = one(soup(site_dir, page), "og:image", page)
        digest = hashlib.sha256(site_file(site_dir, url).read_bytes()).hexdigest()
        cards.setdefault(digest, []).append(page)
    shared = [p for p in cards.values() if len(p) > 1]
    # Pages of one paginated list share a title, so may share a card.
    assert all(len({re.sub(r"pagina/\d+/", "", p) for p in group}) == 1 for group in shared), shared


def test_card_is_in_the_site_colours_and_readable(site_dir):
    with Image.open(site_dir / "assets/images/social/index.png") as card:
        rgb = card.convert("RGB")
        colours = dict((c, n) for n, c in rgb.getcolors(1_000_000))
    # The brand's primary colour (brand.primary in data/titolare.yml) fills most of the card.
    primary = re.search(r'^  primary: "#([0-9a-fA-F]{6})"', (ROOT / "data/titolare.yml").read_text(encoding="utf-8"),
                        re.M)
    expected = tuple(int(primary.group(1)[i:i + 2], 16) for i in (0, 2, 4))
    main = max(colours, key=colours.get)
    assert all(abs(a - b) < 24 for a, b in zip(main, expected)), (main, expected)
    white = sum(n for c, n in colours.items() if min(c) > 235)
    assert white > 10_000, "the title and site name should be large white text"


# --- sitemap.xml and robots.txt ------------------------------------------------------

def test_sitemap_has_real_dates(site_dir):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.parse(site_dir / "sitemap.xml").getroot()
    lastmod = {u.findtext("s:loc", namespaces=ns): u.findtext("s:lastmod", namespaces=ns) for u in root}
    for post in published_posts():
        assert lastmod[post["url"]] == post["modified"].isoformat(), post["url"]
    newest = max(post["modified"] for post in published_posts())
    assert lastmod[site_url() + "blog/"] >= newest.isoformat()
    for url, date in lastmod.items():
        if date:
            dt.date.fromisoformat(date[:10])


def test_robots_txt_names_the_sitemap(site_dir):
    robots = (site_dir / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {site_url()}sitemap.xml" in robots.splitlines()
    assert "User-agent: *" in robots


# --- A page's own picture, and the cache ---------------------------------------------

PAGE = """---
title: Pagina con immagine
description: Una pagina di prova che sceglie la propria immagine di anteprima invece della scheda disegnata dalla build.
image: {image}
---
# Pagina con immagine

Testo.
"""


@pytest.mark.build
def test_a_page_may_name_its_own_picture_and_cards_are_cached(tmp_path):
    project = copy_project(tmp_path / "project")
    Image.new("RGB", (1600, 1000), (10, 200, 30)).save(project / "docs/assets/images/prova.jpg")
    (project / "docs/con-immagine.md").write_text(PAGE.format(image="assets/images/prova.jpg"), encoding="utf-8")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config.replace("not_in_nav: |\n", "not_in_nav: |\n  /con-immagine.md\n"), encoding="utf-8")

    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    doc = (tmp_path / "site/con-immagine/index.html").read_text(encoding="utf-8")
    assert f'<meta property="og:image" content="{site_url()}assets/images/social/con-immagine.jpg">' in doc
    assert '<meta property="og:image:type" content="image/jpeg">' in doc
    with Image.open(tmp_path / "site/assets/images/social/con-immagine.jpg") as card:
        assert card.size == (1200, 630)
        pixel = card.convert("RGB").getpixel((600, 315))
        assert abs(pixel[1] - 200) < 12 and pixel[0] < 40, "the card is not the page's picture"

    cache = project / ".cache/social-cards"
    before = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    assert before, "no card was cached"
    result = build(project, tmp_path / "site2")
    assert result.returncode == 0, result.stderr
    after = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    assert after == before, "a rebuild drew cards again instead of using the cache"


def test_a_missing_picture_in_a_post_is_named(tmp_path):
    """A post's front matter is checked before the build (site_build/
    posts.py, through the content checks called directly; tests/
    test_build_errors.py builds with such mistakes and sees each post
    named). A page's picture is checked when its card is made, below."""
    project = copy_project(tmp_path / "project")
    target = sorted((project / "docs/blog/posts").glob("*.md"))[0]
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("---\n", "---\nimage: assets/images/non-esiste.png\n", 1), encoding="utf-8")
    found = content_problems(project)
    assert any(p.startswith(f"docs/blog/posts/{target.name}: ") and "non-esiste.png does not exist" in p
               for p in found), found


@pytest.mark.build
def test_a_missing_picture_in_a_page_fails_naming_the_file(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "docs/con-immagine.md").write_text(PAGE.format(image="assets/images/non-esiste.png"), encoding="utf-8")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config.replace("not_in_nav: |\n", "not_in_nav: |\n  /con-immagine.md\n"), encoding="utf-8")
    result = build(project, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0, "the build passed with a missing image in a page"
    assert "con-immagine.md" in output and "non-esiste.png" in output, output
