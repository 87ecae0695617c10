"""The blog's lists and posts, and the FAQ: a cover for every post in every
list (its own picture, or its card's art), no placeholder picture of the
owner, an author box with one line and one offer at the end of every post,
and FAQ questions that open without JavaScript and are the questions of
the page's FAQPage structured data."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from site_build import html
from support.pages import html_pages
from support.project import OWNER_ENV, ROOT, build, built, copy_project

STAND_INS = ("avatar.svg", "foto-segnaposto.svg")


def parse(site: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html5lib")


def list_pages(site: Path) -> list[str]:
    """The blog's lists: every page that shows post excerpts."""
    found = [rel for rel in html_pages(site) if rel.startswith("blog/")
             and html.parse((site / rel).read_text(encoding="utf-8")).has(".md-post--excerpt")]
    assert "blog/index.html" in found and any("/categoria/" in r for r in found), found
    return found


def post_pages(site: Path) -> list[str]:
    found = [rel for rel in html_pages(site) if rel.startswith("blog/")
             and '"BlogPosting"' in (site / rel).read_text(encoding="utf-8")]
    assert len(found) == len(list((ROOT / "docs/blog/posts").glob("*.md"))), found
    return found


def first_service() -> dict:
    return yaml.safe_load((ROOT / "data/services.yml").read_text(encoding="utf-8"))["services"][0]


def words(text: str) -> list[str]:
    return text.replace("’", "'").split()


# -- no placeholder picture ---------------------------------------------------

def test_no_list_or_post_shows_a_placeholder_picture_of_the_owner(site_dir):
    """With the shipped placeholder photo, no list item and no post shows a
    picture of the author: none rather than a grey figure."""
    pages = list_pages(site_dir) + post_pages(site_dir)
    for rel in pages:
        shown = [img["src"] for img in parse(site_dir, rel).select("article img, .md-post img, .post-meta img")]
        assert not [s for s in shown if s.endswith(STAND_INS)], f"{rel}: {shown}"
        assert not parse(site_dir, rel).select(".md-post__authors:empty"), f"{rel}: an empty authors row"


@pytest.mark.build
def test_the_owners_own_photo_is_shown_in_posts_and_lists(owner_site):
    photo = Path(OWNER_ENV["OWNER_PHOTO"]).stem
    for rel in list_pages(owner_site)[:1] + post_pages(owner_site)[:1]:
        shown = [img["src"] for img in parse(owner_site, rel).select(".md-author img, .post-meta img, .author-box img")]
        assert shown and all(photo in s for s in shown), f"{rel}: {shown}"


# -- covers -------------------------------------------------------------------

def test_every_post_in_every_list_has_its_own_cover(site_dir):
    """Every excerpt of every list opens with a cover, and the cover is that
    post's: its card's art shows the title of the post's link preview."""
    for rel in list_pages(site_dir):
        for excerpt in parse(site_dir, rel).select("article.md-post--excerpt"):
            href = excerpt.select_one(".md-post__content h2 a")["href"]
            post = (site_dir / rel).parent.joinpath(href, "index.html").resolve()
            title = parse(site_dir, post.relative_to(site_dir).as_posix()).select_one('meta[property="og:title"]')["content"]
            cover = excerpt.select_one(".post-cover")
            assert cover is not None, f"{rel}: «{title}» has no cover"
            art = cover.select_one("svg")
            assert art is not None and art.get("aria-hidden") == "true"
            drawn = " ".join(t.get_text() for t in art.select("tspan"))
            assert words(drawn) == words(title), f"{rel}: the cover says «{drawn}», the post «{title}»"


@pytest.mark.build
def test_a_post_with_its_own_picture_shows_it_as_cover(tmp_path):
    """A post whose front matter names a picture shows that picture (its
    card, cut from it) in the lists, as small lazy WebP copies that exist."""
    from PIL import Image

    project = copy_project(tmp_path / "project")
    picture = project / "docs/assets/images/prova-copertina.jpg"
    Image.new("RGB", (1600, 900), (0, 120, 60)).save(picture)
    post = project / "docs/blog/posts/errori-di-delega.md"
    text = post.read_text(encoding="utf-8")
    post.write_text(text.replace("---\n", "---\nimage: assets/images/prova-copertina.jpg\nimage_alt: Un prato verde\n", 1), encoding="utf-8")
    site = tmp_path / "site"
    built(build(project, site))
    doc = parse(site, "blog/index.html")
    covers = {e.select_one(".md-post__content h2 a")["href"]: e.select_one(".post-cover")
              for e in doc.select("article.md-post--excerpt")}
    own = covers["errori-di-delega/"]
    img = own.select_one("img")
    assert img is not None and img["loading"] == "lazy" and img["alt"] == "Un prato verde"
    assert (site / "blog" / img["src"]).resolve().is_file()
    for candidate in own.select_one("source")["srcset"].split(","):
        path = candidate.split()[0]
        assert path.endswith(".webp") and (site / "blog" / path).resolve().is_file(), path
    assert all(c.select_one("svg") for href, c in covers.items() if href != "errori-di-delega/")


@pytest.mark.browser
@pytest.mark.parametrize("width", [360, 1280])
def test_covers_fit_the_screen_beside_or_above_their_post(base_url, new_page, width):
    page = new_page(width=width, height=800)
    page.goto(base_url + "/blog/")
    boxes = page.eval_on_selector_all(".md-post--excerpt .post-cover svg",
                                      "els => els.map(e => e.getBoundingClientRect().toJSON())")
    assert boxes
    for box in boxes:
        assert box["width"] >= 200 and box["left"] >= 0 and box["right"] <= width
        assert box["height"] == pytest.approx(box["width"] * 630 / 1200, abs=2)
    assert page.evaluate("document.documentElement.scrollWidth") <= width


# -- author box ---------------------------------------------------------------

def test_every_post_ends_with_an_author_box_before_the_reply_form(site_dir):
    service = first_service()
    for rel in post_pages(site_dir):
        html = (site_dir / rel).read_text(encoding="utf-8")
        doc = BeautifulSoup(html, "html5lib")
        boxes = doc.select(".author-box")
        assert len(boxes) == 1, f"{rel}: {len(boxes)} author boxes"
        box = boxes[0]
        assert box.select_one("h2 a")["href"].endswith("chi-sono/")
        about = box.select_one(".author-box__about").get_text(strip=True)
        assert about, f"{rel}: the author box has no line about her"
        assert service["name"] in box.get_text(" ")
        assert any(a["href"].endswith(f"servizi/#{service['id']}") for a in box.select("a"))
        assert box.select("img") == [], f"{rel}: a placeholder picture in the author box"
        form = html.find('id="cf-reply"')
        assert form == -1 or html.find('class="author-box"') < form, f"{rel}: the author box comes after the form"
        article = doc.select_one("article")
        assert article is not None and article.select_one(".author-box") is not None


@pytest.mark.build
def test_the_author_box_shows_her_photo_and_line_once_set(tmp_path, owner_site):
    doc = parse(owner_site, post_pages(owner_site)[0])
    img = doc.select_one(".author-box img")
    assert img is not None and Path(OWNER_ENV["OWNER_PHOTO"]).stem in img["src"] and img["alt"] == ""
    assert (owner_site / "blog" / "x" / img["src"]).resolve().is_file() or \
        any(owner_site.rglob(Path(img["src"]).name)), img["src"]
    assert OWNER_ENV["OWNER_CITY"] in doc.select_one(".author-box__about").get_text()


@pytest.mark.browser
@pytest.mark.parametrize("width", [360, 1280])
def test_the_author_box_is_seen_before_the_reply_form(base_url, new_page, width):
    page = new_page(width=width, height=800)
    page.goto(base_url + "/blog/errori-di-delega/")
    box = page.locator(".author-box")
    box.scroll_into_view_if_needed()
    assert box.is_visible()
    top = box.bounding_box()
    form = page.locator("#cf-reply").bounding_box()
    assert top["y"] + top["height"] <= form["y"]
    assert top["x"] >= 0 and top["x"] + top["width"] <= width


# -- FAQ ----------------------------------------------------------------------

def faq_ld(doc: BeautifulSoup) -> dict:
    for script in doc.select('script[type="application/ld+json"]'):
        data = json.loads(script.string)
        for node in data.get("@graph", [data]):
            if node.get("@type") == "FAQPage":
                return node
    raise AssertionError("no FAQPage")


def test_every_faq_question_is_a_collapsible_block_of_the_structured_data(site_dir):
    """Each `###` question of docs/faq.md is the summary of its own
    <details>, under its `##` group, and the FAQPage lists exactly those
    questions with the text of their blocks."""
    source = (ROOT / "docs/faq.md").read_text(encoding="utf-8")
    questions = [q.strip() for q in re.findall(r"^###\s+(.+\?)\s*$", source, re.M)]
    assert len(questions) >= 10
    doc = parse(site_dir, "faq/index.html")
    blocks = doc.select("article details.faq-item")
    assert [b.select_one("summary h3").get_text(" ", strip=True) for b in blocks] == \
        [q.replace("'", "’") for q in questions]
    for block in blocks:
        assert block.find_previous("h2") is not None
        assert block.select("summary a") == [], "no link inside the control that opens the answer"
    node = faq_ld(doc)
    assert [q["name"] for q in node["mainEntity"]] == [b.select_one("summary h3").get_text(" ", strip=True)
                                                       for b in blocks]
    for q, block in zip(node["mainEntity"], blocks):
        body = "".join(p.get_text() for p in block.find_all(recursive=False) if p.name != "summary")
        assert re.sub(r"\s+", "", q["acceptedAnswer"]["text"]) == re.sub(r"\s+", "", body), q["name"]


@pytest.mark.browser
@pytest.mark.parametrize("width", [360, 1280])
def test_faq_questions_open_without_javascript(base_url, new_page, width):
    page = new_page(width=width, height=800, java_script_enabled=False)
    page.goto(base_url + "/faq/")
    first = page.locator("details.faq-item").first
    answer = first.locator("p").first
    assert answer.is_hidden()
    summary = first.locator("summary")
    assert summary.bounding_box()["height"] >= 44
    summary.click()
    assert answer.is_visible()
    # A link to a question lands on it: the question in view, one tap to open.
    target = page.locator("details.faq-item").nth(8)
    anchor = target.locator("h3").get_attribute("id")
    page.goto(base_url + "/contatti/")
    page.goto(base_url + f"/faq/#{anchor}")
    box = target.locator("summary").bounding_box()
    assert 0 <= box["y"] and box["y"] + box["height"] <= 800
