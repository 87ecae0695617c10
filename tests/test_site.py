"""The site as a reader and a search engine meet it: a strict build, every
page in Italian with a title and a description, the blog with its index,
archive, category and author pages, and every post dated in Italian with
its reading time."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from support.pages import html_pages
from support.project import ROOT

ITALIAN_MONTHS = (
    "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre"
).split()

# The pages the site promises, by their built path.
PAGES = {
    "home": "index.html",
    "confronto": "obm-o-assistente-virtuale/index.html",
    "modelli": "modelli/index.html",
    "forsyth": "modelli/tina-forsyth/index.html",
    "tomasso": "modelli/mary-tomasso/index.html",
    "faq": "faq/index.html",
    "chi-sono": "chi-sono/index.html",
    "contatti": "contatti/index.html",
    "privacy": "privacy/index.html",
    "grazie": "grazie/index.html",
    "404": "404.html",
    "blog": "blog/index.html",
    "tag": "blog/tag/index.html",
}


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html5lib")


def post_sources() -> list[Path]:
    return sorted((ROOT / "docs/blog/posts").glob("*.md"))


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---", 2)[1])


def test_strict_build_has_no_warnings(site_dir):
    log = site_dir.joinpath(".build-log").read_text(encoding="utf-8")
    assert "WARNING" not in log and "ERROR" not in log, log


@pytest.mark.parametrize("name", PAGES)
def test_page_is_italian_with_title_and_description(site_dir, name):
    path = site_dir / PAGES[name]
    assert path.exists(), f"{PAGES[name]} is missing from the build"
    doc = soup(path)
    assert doc.html.get("lang") == "it", f"{PAGES[name]}: <html lang> is not 'it'"
    title = doc.title.get_text(strip=True) if doc.title else ""
    assert len(title) >= 5, f"{PAGES[name]}: empty <title>"
    meta = doc.find("meta", attrs={"name": "description"})
    assert meta and len(meta.get("content", "").strip()) >= 40, f"{PAGES[name]}: no meta description"
    h1 = doc.find("h1")
    assert h1 and h1.get_text(strip=True), f"{PAGES[name]}: no <h1>"


def test_pages_have_their_own_descriptions(site_dir):
    descriptions = {}
    for name, rel in PAGES.items():
        if name == "404":
            continue
        meta = soup(site_dir / rel).find("meta", attrs={"name": "description"})
        descriptions.setdefault(meta["content"], []).append(rel)
    shared = {d: pages for d, pages in descriptions.items() if len(pages) > 1}
    assert not shared, f"pages sharing one description: {shared}"


def test_404_page_is_in_italian(site_dir):
    text = soup(site_dir / "404.html").select_one(".md-content").get_text(" ", strip=True).lower()
    assert "pagina" in text and "not found" not in text


def test_blog_has_index_archive_and_category_pages(site_dir):
    blog = site_dir / "blog"
    assert list(blog.glob("archivio/*/index.html")), "no archive page"
    categories = sorted(blog.glob("categoria/*/index.html"))
    assert categories, "no category page"
    # Every category used by a post has its page.
    used = {c for src in post_sources() for c in front_matter(src).get("categories", [])}
    titles = set()
    for p in categories:
        h1 = soup(p).find("h1")
        for permalink in h1.select(".headerlink"):
            permalink.decompose()
        titles.add(h1.get_text(strip=True))
    assert used <= titles, f"categories without a page: {used - titles}"


def test_the_authors_page_is_chi_sono_not_a_copy_of_the_blog(site_dir):
    """With one author, an author archive would repeat the blog's index page
    by page (and sit in the menu as "Autori"): her name under a post leads
    to "Chi sono" instead."""
    assert not (site_dir / "blog/autore").exists(), "an author archive repeats the blog index"
    for rel in html_pages(site_dir):
        assert "/autore/" not in (site_dir / rel).read_text(encoding="utf-8"), f"{rel} links to an author archive"
    post = site_dir / "blog" / (front_matter(post_sources()[0]).get("slug") or post_sources()[0].stem) / "index.html"
    links = [a["href"] for a in soup(post).select(".post-meta__author a")]
    assert links and all(h.rstrip("/").endswith("chi-sono") for h in links), links


def test_at_least_six_posts_each_complete(site_dir):
    sources = post_sources()
    assert len(sources) >= 6, "the blog needs at least six posts"
    for src in sources:
        meta = front_matter(src)
        where = src.relative_to(ROOT)
        assert meta.get("description"), f"{where}: no description"
        assert meta.get("categories"), f"{where}: no category"
        assert meta.get("tags"), f"{where}: no tags"
        assert "<!-- more -->" in src.read_text(encoding="utf-8"), f"{where}: no excerpt separator"
        slug = meta.get("slug") or src.stem
        page = site_dir / "blog" / slug / "index.html"
        assert page.exists(), f"{where}: no page at blog/{slug}/"
        doc = soup(page)
        assert doc.find("meta", attrs={"name": "description"})["content"] == meta["description"].strip()
        time = doc.find("time")
        assert time, f"{where}: no date on the page"
        shown = time.get_text(strip=True).lower()
        assert any(m in shown for m in ITALIAN_MONTHS), f"{where}: date '{shown}' is not in Italian"
        assert str(meta["date"]["created"].year) in shown
        text = doc.select_one(".md-content").get_text(" ", strip=True)
        assert re.search(r"\d+ minut[oi] di lettura", text), f"{where}: no reading time"
        author = doc.select_one("article .post-meta__author")
        assert author and author.get_text(strip=True), f"{where}: no author"


def test_blog_index_lists_every_post_newest_first(site_dir):
    dates = sorted((front_matter(s)["date"]["created"] for s in post_sources()), reverse=True)
    index = soup(site_dir / "blog/index.html")
    shown = [t["datetime"][:10] for t in index.select("article time[datetime]")]
    per_page = 6
    assert shown == [d.isoformat() for d in dates[:per_page]]


@pytest.mark.build
def test_owner_identity_comes_from_one_place(owner_site):
    """The name set in data/titolare.yml (here through its environment variable)
    shows on the about page, in the privacy notice and as the posts' author."""
    from support.project import OWNER_ENV

    site, name = owner_site, OWNER_ENV["OWNER_NAME"]
    for rel in ("chi-sono/index.html", "privacy/index.html"):
        assert name in (site / rel).read_text(encoding="utf-8"), rel
    authors = [soup(p).select_one("article .post-meta__author") for p in site.joinpath("blog").glob("*/index.html")]
    authors = [a.get_text(" ", strip=True) for a in authors if a]
    assert len(authors) >= 6, "the posts do not show their author"
    assert all(a == name for a in authors), authors
    assert "Nome Cognome" not in (site / "chi-sono/index.html").read_text(encoding="utf-8")


@pytest.mark.browser
def test_no_page_scrolls_sideways_on_a_phone(site_dir, base_url, new_page):
    from support.pages import html_pages, page_url

    page = new_page(width=360, height=740, is_mobile=True, has_touch=True, device_scale_factor=2)
    wide = []
    for rel in html_pages(site_dir):
        page.goto(base_url + page_url(rel))
        scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if scroll > inner:
            wide.append(f"{rel}: {scroll}px > {inner}px")
    assert not wide, "pages that scroll sideways at 360 px:\n" + "\n".join(wide)


@pytest.mark.build
def test_properdocs_builds_the_same_site(site_dir, tmp_path):
    """ProperDocs, MkDocs 1.x's maintained continuation (GENERATOR=properdocs),
    builds the same pages with the same guarantees from the same files."""
    from support.pages import html_pages
    from support.project import build

    out = tmp_path / "site"
    result = build(ROOT, out, generator="properdocs")
    assert result.returncode == 0, result.stderr
    assert html_pages(out) == html_pages(site_dir)
    assert (out / "_headers").read_text(encoding="utf-8") == (site_dir / "_headers").read_text(encoding="utf-8")
    replies = [rel for rel in html_pages(out) if 'id="cf-reply"' in (out / rel).read_text(encoding="utf-8")]
    assert replies and replies == [rel for rel in html_pages(site_dir)
                                   if 'id="cf-reply"' in (site_dir / rel).read_text(encoding="utf-8")]


def test_every_form_control_has_a_label(site_dir):
    """Each input a page writes is named: by a <label for>, a wrapping
    <label>, aria-label(ledby), or it is hidden or a button (HTML_CodeSniffer
    flagged the contents toggle of a page without contents)."""
    from support.pages import html_pages

    unnamed = []
    for rel in html_pages(site_dir):
        doc = BeautifulSoup((site_dir / rel).read_text(encoding="utf-8"), "html5lib")
        labelled = {label.get("for") for label in doc.find_all("label") if label.get("for")}
        for field in doc.find_all(["input", "select", "textarea"]):
            if field.get("type") in ("hidden", "submit", "button", "reset", "image"):
                continue
            if field.get("id") in labelled or field.find_parent("label") or field.get("aria-label") \
                    or field.get("aria-labelledby") or field.get("title"):
                continue
            unnamed.append(f"{rel}: <{field.name} {field.get('id') or field.get('name')}>")
    assert not unnamed, "\n".join(unnamed)
