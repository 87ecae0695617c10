"""Pipeline step: what a page tells link previews and search engines, in
its <head>:

- Open Graph (read by LinkedIn, Facebook, WhatsApp and X): title,
  description, address, the page's card (site_build/cards.py draws it at
  `outputs.card_path`), and for a post its dates, author, section and tags;
- structured data (JSON-LD, schema.org):
  - home page: the WebSite, the owner as a Person and the offer as a
    ProfessionalService, all from the settings (data/titolare.yml);
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
import re

from jinja2.utils import htmlsafe_json_dumps
from markupsafe import escape

from . import identity
from .outputs import Output, text
from .project import Project

HEADLINE_MAX = 110
HEAD_END = "</head>"
ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">(.*?)</article>', re.S)
# A question of a FAQ page: a second- or third-level heading.
QUESTION = re.compile(r'<h([23]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
NEXT_HEADING = re.compile(r"<h[23][\s>]")


def _iso(value: dt.date) -> str:
    return dt.datetime.combine(value, dt.time(), tzinfo=dt.timezone.utc).isoformat()


def post_dates(project: Project, output: Output) -> dict:
    created = project.post_date(output.page)
    updated = project.post_date(output.page, "updated") or created
    return {"published": _iso(created), "modified": _iso(max(updated, created))}


def post_authors(build, output: Output) -> list[dict]:
    """A post's authors (identity.post_authors, the one merge)."""
    return identity.post_authors(build.project, output.page, build.authors)


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
    owner, home = project.settings.owner, project.site_url
    name, description = project.config.get("site_name"), project.config.get("site_description")
    address = {"@type": "PostalAddress", "addressLocality": owner.city, "addressCountry": "IT"}
    service = {
        "@type": "ProfessionalService",
        "@id": home + "#servizio",
        "name": f"{owner.name} – {owner.role}",
        "description": description,
        "url": home,
        "email": "mailto:" + owner.email,
        "image": card,
        "logo": home + "assets/images/icons/icon-512.png",
        "address": address,
        "areaServed": {"@type": "Country", "name": "Italia"},
        "availableLanguage": project.settings.language,
        "founder": {"@id": home + "#titolare"},
    }
    if owner.vat_number:
        service["vatID"] = owner.vat_number
    return [
        {"@type": "WebSite", "@id": home + "#sito", "name": name, "url": home, "description": description,
         "inLanguage": project.settings.locale, "publisher": {"@id": home + "#titolare"}},
        {"@type": "Person", "@id": home + "#titolare", "name": owner.name, "jobTitle": owner.role,
         "email": "mailto:" + owner.email, "url": home, "address": address,
         "worksFor": {"@id": home + "#servizio"}},
        service,
    ]


def _post_node(build, output: Output, person_ref: dict) -> dict:
    project = build.project
    owner, home, url, title = project.settings.owner, project.site_url, output.canonical_url, output.title
    authors = []
    for author in post_authors(build, output):
        if author["id"] == owner.author_id:
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
        "inLanguage": project.settings.locale,
        "articleSection": list(output.meta.get("categories") or []),
        "keywords": output.meta.get("tags") or [],
        "isPartOf": {"@type": "Blog", "name": f"{project.config.get('site_name')} – Blog", "url": blog},
    }


# Where a FAQ page's last answer ends: its closing action button.
ACTION = '<p><a class="md-button'


def faq_entries(content: str) -> list[tuple[re.Match, int]]:
    """The questions of a FAQ page's content, each with where its answer
    ends: a second- or third-level heading that asks (ends with "?"), its
    answer everything up to the next heading or the page's closing action.
    The one reading of a FAQ: its structured data and its collapsible
    questions (site_build/faq.py) both come from it."""
    found = []
    for match in QUESTION.finditer(content):
        if not text(match.group(3)).endswith("?"):
            continue
        rest = content[match.end():]
        heading = NEXT_HEADING.search(rest)
        end = heading.start() if heading else len(rest)
        action = rest.find(ACTION, 0, end)
        found.append((match, match.end() + (action if action != -1 else end)))
    return found


def _faq_node(output: Output, locale: str) -> dict:
    article = ARTICLE.search(output.html)
    content = article.group(1) if article else ""
    questions = []
    for match, end in faq_entries(content):
        questions.append({"@type": "Question", "name": text(match.group(3)),
                          "acceptedAnswer": {"@type": "Answer", "text": text(content[match.end():end])}})
    url = output.canonical_url
    return {"@type": "FAQPage", "@id": url + "#faq", "url": url, "inLanguage": locale, "mainEntity": questions}


def structured_data(build, output: Output) -> dict | None:
    project = build.project
    home, owner = project.site_url, project.settings.owner
    person_ref = {"@type": "Person", "@id": home + "#titolare", "name": owner.name, "url": home}
    graph = []
    if output.kind == "home":
        graph += _home_nodes(project, output.card_url)
    if output.is_post:
        graph.append(_post_node(build, output, person_ref))
    if output.meta.get("faq"):
        graph.append(_faq_node(output, project.settings.locale))
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
        ("og:locale", project.settings.locale.replace("-", "_")),
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


def head(build, output: Output) -> str:
    project = build.project
    # The owner as the author of every page (here rather than `site_author`
    # in mkdocs.yml, which the theme writes without escaping it).
    lines = [f'<meta name="author" content="{escape(project.settings.owner.name)}">']
    lines += [f'<meta property="{name}" content="{escape(value)}">'
              for name, value in open_graph(build, output)]
    lines.append('<meta name="twitter:card" content="summary_large_image">')
    data = structured_data(build, output)
    if data:
        lines.append(f'<script type="application/ld+json">{htmlsafe_json_dumps(data, sort_keys=True)}</script>')
    return "\n".join(lines) + "\n"


NOINDEX = '<meta name="robots" content="noindex">'


def page(build, output, html: str) -> str:
    end = html.find(HEAD_END)
    if end < 0:
        return html
    if not output.for_search and NOINDEX not in html:
        html, end = html[:end] + NOINDEX + "\n" + html[end:], end + len(NOINDEX) + 1
    if output.kind == "404" or '<meta property="og:type"' in html:
        return html
    return html[:end] + head(build, output) + html[end:]
