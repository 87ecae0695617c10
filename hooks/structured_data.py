"""What a page tells search engines and link previews, computed per page.

overrides/partials/structured-data.html and social-meta.html only render
what this hook puts in the page's template context:

- `structured_data`: the JSON-LD graph (schema.org) of the page, or None:
  - home page: the WebSite, the owner as a Person and the offer as a
    ProfessionalService, all from `extra.owner` in mkdocs.yml;
  - blog posts: a BlogPosting;
  - a page with `faq: true` in its front matter: a FAQPage whose questions
    are its `##` headings that end with "?", each answered by the text that
    follows it (a call-to-action button after the last answer is not part
    of it);
  - pages below the top level: a BreadcrumbList (home, the sections or
    pages above that have a page of their own, this page; for a page
    outside the navigation, the pages at its URL's parent paths).
- `page_card`: the absolute URL and type ("png" or "jpeg") of the page's
  link-preview card (hooks/social_cards.py draws it at that path).
- `page_dates`: a post's publication and modification dates, ISO 8601.
"""

from __future__ import annotations

import re

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

from site_build.outputs import card_path  # the card's path: one definition

JPEG = (".jpg", ".jpeg")
HEADLINE_MAX = 110


def _text(value) -> str:
    return Markup(str(value or "")).striptags()


def _card(page: Page, config: MkDocsConfig) -> dict:
    image = page.meta.get("image")
    kind = "jpeg" if isinstance(image, str) and image.lower().endswith(JPEG) else "png"
    path = card_path(page.url)
    if kind == "jpeg":
        path = path[: -len(".png")] + ".jpg"
    return {"url": config.site_url + path, "type": kind}


def _is_post(page: Page) -> bool:
    return page.meta.get("template") == "blog-post.html"


def _dates(page: Page) -> dict | None:
    if not _is_post(page):
        return None
    dates = page.config.date
    return {"published": dates.created.isoformat(), "modified": (dates.updated or dates.created).isoformat()}


def _home_nodes(config: MkDocsConfig, card: str) -> list[dict]:
    owner, home = config.extra["owner"], config.site_url
    address = {"@type": "PostalAddress", "addressLocality": owner["city"], "addressCountry": "IT"}
    service = {
        "@type": "ProfessionalService",
        "@id": home + "#servizio",
        "name": f"{owner['name']} – {owner['role']}",
        "description": config.site_description,
        "url": home,
        "email": "mailto:" + owner["email"],
        "image": card,
        "logo": home + "assets/images/icons/icon-512.png",
        "address": address,
        "areaServed": {"@type": "Country", "name": "Italia"},
        "availableLanguage": "it",
        "founder": {"@id": home + "#titolare"},
    }
    if owner.get("vat_number"):
        service["vatID"] = owner["vat_number"]
    return [
        {
            "@type": "WebSite",
            "@id": home + "#sito",
            "name": config.site_name,
            "url": home,
            "description": config.site_description,
            "inLanguage": "it-IT",
            "publisher": {"@id": home + "#titolare"},
        },
        {
            "@type": "Person",
            "@id": home + "#titolare",
            "name": owner["name"],
            "jobTitle": owner["role"],
            "email": "mailto:" + owner["email"],
            "url": home,
            "address": address,
            "worksFor": {"@id": home + "#servizio"},
        },
        service,
    ]


def _post_node(page: Page, config: MkDocsConfig, title: str, card: str, person_ref: dict) -> dict:
    owner, home, url = config.extra["owner"], config.site_url, page.canonical_url
    authors = []
    for author in getattr(page, "authors", []) or []:
        if author.name == owner["name"]:
            authors.append(person_ref)
            continue
        entry = {"@type": "Person", "name": author.name}
        if author.url:
            entry["url"] = author.url if "://" in author.url else home + author.url
        authors.append(entry)
    dates = _dates(page)
    parent = page.parent.canonical_url if page.parent and page.parent.canonical_url else home
    return {
        "@type": "BlogPosting",
        "@id": url + "#articolo",
        "headline": title if len(title) <= HEADLINE_MAX else title[: HEADLINE_MAX - 1] + "…",
        "description": page.meta.get("description"),
        "datePublished": dates["published"],
        "dateModified": dates["modified"],
        "author": authors or [person_ref],
        "publisher": person_ref,
        "image": {"@type": "ImageObject", "url": card, "width": 1200, "height": 630},
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "inLanguage": "it-IT",
        "articleSection": [category.title for category in getattr(page, "categories", [])],
        "keywords": page.meta.get("tags") or [],
        "isPartOf": {"@type": "Blog", "name": config.site_name + " – Blog", "url": parent},
    }


def _faq_node(page: Page, url: str) -> dict:
    questions = []
    for top in page.toc:
        for item in (top.children if top.level == 1 else [top]):
            name = _text(item.title)
            marker = f'id="{item.id}"'
            if item.level != 2 or not name.endswith("?") or marker not in page.content:
                continue
            after = page.content.split(marker, 1)[1]
            answer = after.split("</h2>", 1)[1].split("<h2", 1)[0].split('<p><a class="md-button', 1)[0]
            questions.append({"@type": "Question", "name": name,
                              "acceptedAnswer": {"@type": "Answer", "text": _text(answer)}})
    return {"@type": "FAQPage", "@id": url + "#faq", "url": url, "inLanguage": "it-IT", "mainEntity": questions}


def _breadcrumbs(page: Page, config: MkDocsConfig, nav, title: str) -> dict | None:
    home, url = config.site_url, page.canonical_url
    items, urls = [{"name": config.site_name, "url": home}], [home, url]
    for ancestor in reversed(page.ancestors):
        if ancestor.is_page:
            target = ancestor
        else:
            target = next((c for c in ancestor.children if c.is_page and c.is_index), None)
        if target and target.canonical_url and target.canonical_url not in urls:
            items.append({"name": _text(ancestor.title), "url": target.canonical_url})
            urls.append(target.canonical_url)
    if not page.ancestors and nav is not None:
        parts = page.url.strip("/").split("/")
        for depth in range(1, len(parts)):
            prefix = "/".join(parts[:depth]) + "/"
            for target in nav.pages:
                if target.url == prefix and target.canonical_url not in urls:
                    items.append({"name": _text(target.title), "url": target.canonical_url})
                    urls.append(target.canonical_url)
    if len(items) <= 1:
        return None
    elements = [{"@type": "ListItem", "position": i, "name": crumb["name"], "item": crumb["url"]}
                for i, crumb in enumerate(items + [{"name": title, "url": url}], start=1)]
    return {"@type": "BreadcrumbList", "@id": url + "#percorso", "itemListElement": elements}


def structured_data(page: Page, config: MkDocsConfig, nav) -> dict | None:
    if not page.canonical_url:
        return None
    home = config.site_url
    owner = config.extra["owner"]
    title = str(page.meta.get("title") or _text(page.title) or config.site_name)
    card = _card(page, config)["url"]
    person_ref = {"@type": "Person", "@id": home + "#titolare", "name": owner["name"], "url": home}
    graph = []
    if page.is_homepage:
        graph += _home_nodes(config, card)
    if _is_post(page):
        graph.append(_post_node(page, config, title, card, person_ref))
    if page.meta.get("faq"):
        graph.append(_faq_node(page, page.canonical_url))
    crumbs = _breadcrumbs(page, config, nav, title)
    if crumbs:
        graph.append(crumbs)
    return {"@context": "https://schema.org", "@graph": graph} if graph else None


@event_priority(-100)  # after the blog plugin has set authors, categories and dates
def on_page_context(context, page: Page, config: MkDocsConfig, nav):
    context["page_card"] = _card(page, config)
    context["page_dates"] = _dates(page)
    context["structured_data"] = structured_data(page, config, nav)
    return context
