"""Structured data (JSON-LD) as search engines read it: every block parses
and names schema.org; the home page describes the site, its owner (Person)
and her offer (ProfessionalService) from the settings (data/titolare.yml); every post is a
BlogPosting; the FAQ a FAQPage; pages below the top level carry their
breadcrumbs; every page has its canonical link."""

from __future__ import annotations

import datetime as dt
import re

from PIL import Image

from support.project import ROOT
from support.sharing import json_ld, nodes, owner, pages, published_posts, site_config, site_file, site_url, soup


def of_type(doc, kind: str) -> list[dict]:
    return [n for n in nodes(doc) if n.get("@type") == kind]


def test_every_block_parses_and_names_schema_org(site_dir):
    for page in pages(site_dir):
        doc = soup(site_dir, page)
        for block in json_ld(doc):  # json.loads raises on a block that is not JSON
            assert block.get("@context") in ("https://schema.org", "https://schema.org/"), page
        for node in nodes(doc):
            assert node.get("@type"), f"{page}: a node without @type"


def test_every_page_has_a_canonical_link(site_dir):
    for page in pages(site_dir):
        links = soup(site_dir, page).head.find_all("link", rel="canonical")
        assert len(links) == 1 and links[0]["href"].startswith(site_url()), page
        assert site_file(site_dir, links[0]["href"]) == site_dir / page, page


def test_home_describes_site_owner_and_offer(site_dir):
    doc = soup(site_dir, "index.html")
    me = owner()
    (site,) = of_type(doc, "WebSite")
    assert site["name"] == site_config().site_name and site["url"] == site_url()
    assert site["inLanguage"] == "it-IT"

    (person,) = of_type(doc, "Person")
    assert person["name"] == me["name"] and person["jobTitle"] == me["role"]
    assert person["email"] == "mailto:" + me["email"]
    assert person["address"]["addressLocality"] == me["city"]

    (service,) = of_type(doc, "ProfessionalService")
    assert me["name"] in service["name"] and service["url"] == site_url()
    assert service["address"]["addressLocality"] == me["city"]
    assert service["founder"]["@id"] == person["@id"]
    assert site_file(site_dir, service["image"]).is_file()
    if me.get("vat_number"):
        assert service["vatID"] == me["vat_number"]


def test_posts_are_blog_postings(site_dir):
    for post in published_posts():
        doc = soup(site_dir, post["file"])
        where = post["file"]
        (article,) = of_type(doc, "BlogPosting")
        for key in ("headline", "description", "datePublished", "dateModified", "author", "image",
                    "mainEntityOfPage", "inLanguage"):
            assert article.get(key), f"{where}: BlogPosting without {key}"
        assert article["headline"] == post["title"][:110].rstrip() or article["headline"].endswith("…")
        assert article["description"] == post["meta"]["description"]
        assert dt.datetime.fromisoformat(article["datePublished"]).date() == post["created"]
        assert dt.datetime.fromisoformat(article["dateModified"]).date() == post["modified"]
        assert article["inLanguage"] == "it-IT"
        assert article["mainEntityOfPage"]["@id"] == post["url"]
        assert [a["name"] for a in article["author"]] == [owner()["name"]]
        image = site_file(site_dir, article["image"]["url"])
        with Image.open(image) as picture:
            assert picture.size == (article["image"]["width"], article["image"]["height"]) == (1200, 630)


def test_faq_is_a_faq_page(site_dir):
    source = (ROOT / "docs/faq.md").read_text(encoding="utf-8")
    questions = [q.strip() for q in re.findall(r"^###?\s+(.+\?)\s*$", source, re.M)]
    assert len(questions) >= 10, "the FAQ's questions were not found in its source"
    (faq,) = of_type(soup(site_dir, "faq/index.html"), "FAQPage")
    assert [q["name"] for q in faq["mainEntity"]] == questions
    for question in faq["mainEntity"]:
        assert question["@type"] == "Question"
        answer = question["acceptedAnswer"]
        assert answer["@type"] == "Answer" and len(answer["text"]) > 40, question["name"]
        assert "<" not in answer["text"] and "¶" not in answer["text"]


def test_nested_pages_have_breadcrumbs(site_dir):
    for page in pages(site_dir):
        depth = page.count("/")  # "faq/index.html" is 1, "blog/x/index.html" is 2
        crumbs = of_type(soup(site_dir, page), "BreadcrumbList")
        if depth < 2:
            continue
        assert len(crumbs) == 1, f"{page}: no BreadcrumbList"
        items = crumbs[0]["itemListElement"]
        assert [i["position"] for i in items] == list(range(1, len(items) + 1)), page
        assert len(items) >= 3, f"{page}: a nested page's trail has at least three steps"
        assert items[0]["item"] == site_url()
        assert site_file(site_dir, items[-1]["item"]) == site_dir / page
        for item in items:
            assert item["name"] and site_file(site_dir, item["item"]).is_file(), f"{page}: {item}"
