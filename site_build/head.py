"""Pipeline step: what a page tells link previews and search engines, in
its <head>:

- Open Graph (read by LinkedIn, Facebook, WhatsApp and X): title,
  description, address, the page's card (site_build/cards.py draws it at
  `outputs.card_path`), and for a post its dates, author, section and tags;
- structured data (JSON-LD, schema.org):
  - home page: the WebSite, the owner as a Person and the offer as a
    ProfessionalService, all from `extra.owner` in mkdocs.yml;
  - blog posts: a BlogPosting;
  - a page with `faq: true` in its front matter: a FAQPage whose questions
    are its `##` or `###` headings that end with "?" (a `##` heading without
    one names a group of questions), each answered by the text that follows
    it up to the next heading (a call-to-action button after the last answer
    is not part of it);
  - pages below the top level: a BreadcrumbList (home, each page at a
    parent address, under its title in the navigation, then this page);
- `<meta name="robots" content="noindex">` on a page not meant for search
  (`outputs.for_search`: the 404 page, a page whose front matter says
  `noindex: true`), which the sitemap leaves out too.
"""

from __future__ import annotations

import datetime as dt

from jinja2.utils import htmlsafe_json_dumps
from markupsafe import escape

from . import faq, html
from .outputs import Output
from .posts import defaults
from .project import Project

HEADLINE_MAX = 110


def _iso(value: dt.date) -> str:
    return dt.datetime.combine(value, dt.time(), tzinfo=dt.timezone.utc).isoformat()


def post_dates(project: Project, output: Output) -> dict:
    created = project.post_date(output.page)
    updated = project.post_date(output.page, "updated") or created
    return {"published": _iso(created), "modified": _iso(max(updated, created))}


def post_authors(build, output: Output) -> list[dict]:
    project, known = build.project, build.authors
    ids = []
    for key in (defaults(project, output.src).get("authors") or []) + (output.meta.get("authors") or []):
        if key not in ids and key in known:
            ids.append(key)
    return [known[key] for key in ids]


def nav_titles(project: Project) -> dict[str, str]:
    """The title the navigation gives each page it lists, by the page's
    path inside docs/; a section's title goes to its index page."""
    found: dict[str, str] = {}

    def walk(items, section: str | None) -> None:
        for item in items or []:
            if isinstance(item, str):
                if section and (item.endswith("/index.md") or item == "index.md"):
                    found.setdefault(item, section)
            elif isinstance(item, dict):
                for title, value in item.items():
                    if isinstance(value, list):
                        walk(value, str(title))
                    elif isinstance(value, str) and "://" not in value:
                        found.setdefault(value, str(title))

    walk(project.config.get("nav"), None)
    return found


def _breadcrumbs(project: Project, output: Output, by_url: dict[str, Output], titles: dict) -> dict | None:
    home = project.site_url
    items = [{"name": str(project.config.get("site_name") or ""), "url": home}]
    parts = output.url.strip("/").split("/")
    for depth in range(1, len(parts)):
        prefix = "/".join(parts[:depth]) + "/"
        parent = by_url.get(prefix)
        if parent is not None:
            items.append({"name": titles.get(parent.src or "", parent.title), "url": home + prefix})
    if len(items) <= 1:
        return None
    elements = [{"@type": "ListItem", "position": i, "name": crumb["name"], "item": crumb["url"]}
                for i, crumb in enumerate(items + [{"name": output.title, "url": output.canonical_url}], start=1)]
    return {"@type": "BreadcrumbList", "@id": output.canonical_url + "#percorso", "itemListElement": elements}


def _home_nodes(project: Project, card: str) -> list[dict]:
    owner, home = project.extra["owner"], project.site_url
    name, description = project.config.get("site_name"), project.config.get("site_description")
    address = {"@type": "PostalAddress", "addressLocality": owner["city"], "addressCountry": "IT"}
    service = {
        "@type": "ProfessionalService",
        "@id": home + "#servizio",
        "name": f"{owner['name']} – {owner['role']}",
        "description": description,
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
        {"@type": "WebSite", "@id": home + "#sito", "name": name, "url": home, "description": description,
         "inLanguage": "it-IT", "publisher": {"@id": home + "#titolare"}},
        {"@type": "Person", "@id": home + "#titolare", "name": owner["name"], "jobTitle": owner["role"],
         "email": "mailto:" + owner["email"], "url": home, "address": address,
         "worksFor": {"@id": home + "#servizio"}},
        service,
    ]


def _post_node(build, output: Output, person_ref: dict) -> dict:
    project = build.project
    owner, home, url, title = project.extra["owner"], project.site_url, output.canonical_url, output.title
    authors = []
    for author in post_authors(build, output):
        if author.get("name") == owner["name"]:
            authors.append(person_ref)
            continue
        entry = {"@type": "Person", "name": author.get("name")}
        if author.get("url"):
            entry["url"] = author["url"] if "://" in author["url"] else home + author["url"]
        authors.append(entry)
    dates = post_dates(project, output)
    blog = home + str(project.blog["blog_dir"]).strip("/") + "/"
    return {
        "@type": "BlogPosting",
        "@id": url + "#articolo",
        "headline": title if len(title) <= HEADLINE_MAX else title[: HEADLINE_MAX - 1] + "…",
        "description": output.meta.get("description"),
        "datePublished": dates["published"],
        "dateModified": dates["modified"],
        "author": authors or [person_ref],
        "publisher": person_ref,
        "image": {"@type": "ImageObject", "url": output.card_url, "width": 1200, "height": 630},
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "inLanguage": "it-IT",
        "articleSection": list(output.meta.get("categories") or []),
        "keywords": output.meta.get("tags") or [],
        "isPartOf": {"@type": "Blog", "name": f"{project.config.get('site_name')} – Blog", "url": blog},
    }


def _faq_node(output: Output, page: html.Page) -> dict:
    """The FAQ's questions and answers, as the page shows them (faq.py)."""
    questions = [{"@type": "Question", "name": question, "acceptedAnswer": {"@type": "Answer", "text": answer}}
                 for question, answer in faq.questions(page)]
    url = output.canonical_url
    return {"@type": "FAQPage", "@id": url + "#faq", "url": url, "inLanguage": "it-IT", "mainEntity": questions}


def structured_data(build, output: Output, page: html.Page) -> dict | None:
    project = build.project
    home, owner = project.site_url, project.extra["owner"]
    person_ref = {"@type": "Person", "@id": home + "#titolare", "name": owner["name"], "url": home}
    graph = []
    if output.kind == "home":
        graph += _home_nodes(project, output.card_url)
    if output.is_post:
        graph.append(_post_node(build, output, person_ref))
    if output.meta.get("faq"):
        graph.append(_faq_node(output, page))
    crumbs = _breadcrumbs(project, output, build.by_url, build.nav_titles)
    if crumbs:
        graph.append(crumbs)
    return {"@context": "https://schema.org", "@graph": graph} if graph else None


def open_graph(build, output: Output) -> list[tuple[str, str]]:
    project = build.project
    site_name = str(project.config.get("site_name") or "")
    kind = "jpeg" if output.card.endswith(".jpg") else "png"
    tags = [
        ("og:type", "article" if output.is_post else "website"),
        ("og:title", output.title),
        ("og:description", output.description),
        ("og:url", output.canonical_url),
        ("og:image", output.card_url),
        ("og:image:type", f"image/{kind}"),
        ("og:image:width", "1200"),
        ("og:image:height", "630"),
        ("og:image:alt", str(output.meta.get("image_alt") or f"{output.title} – {site_name}")),
        ("og:locale", "it_IT"),
        ("og:site_name", site_name),
    ]
    if output.is_post:
        dates = post_dates(project, output)
        tags += [("article:published_time", dates["published"]), ("article:modified_time", dates["modified"])]
        for author in post_authors(build, output):
            url = author.get("url")
            tags.append(("article:author", (url if "://" in url else project.site_url + url) if url
                         else str(author.get("name") or "")))
        for category in (output.meta.get("categories") or [])[:1]:
            tags.append(("article:section", str(category)))
        for tag in output.meta.get("tags") or []:
            tags.append(("article:tag", str(tag)))
    return tags


def head(build, output: Output, page: html.Page) -> str:
    project = build.project
    # The owner as the author of every page (here rather than `site_author`
    # in mkdocs.yml, which the theme writes without escaping it).
    lines = [f'<meta name="author" content="{escape(project.extra["owner"]["name"])}">']
    lines += [f'<meta property="{name}" content="{escape(value)}">'
              for name, value in open_graph(build, output)]
    lines.append('<meta name="twitter:card" content="summary_large_image">')
    data = structured_data(build, output, page)
    if data:
        lines.append(f'<script type="application/ld+json">{htmlsafe_json_dumps(data, sort_keys=True)}</script>')
    return "\n".join(lines) + "\n"


NOINDEX = '<meta name="robots" content="noindex">'


def page(build, output, page: html.Page) -> None:
    """The page's link previews, structured data and robots meta, at the
    end of its head."""
    if not output.for_search and not page.has('meta[name="robots"][content="noindex"]'):
        html.append(page.head, NOINDEX + "\n")
    if output.kind == "404" or page.has('meta[property="og:type"]'):
        return
    html.append(page.head, head(build, output, page))
