"""Pipeline step: what the pages show beyond their own text, decided here
and rendered from overrides/partials/ into the built pages.

- A blog post shows its author, date, reading time and category right under
  its title (partials/post-meta.html). The generator puts them in a sidebar
  that phones show only at the end of the page.
- The end of every page is marked by the slot of partials/comments.html:
  a post gets up to three related posts (those sharing its first category,
  newest first, then the newest others), its share buttons and the private
  reply form (unless its front matter says `contact_form: false`); a page
  whose front matter says `contact_form: full` gets the contact form.
- The footer's copyright shows the year of the build (partials/copyright.html).
- A page whose front matter hides its contents (`hide: [toc]`) shows
  none in the phone menu either: its entry there is a plain link.
- The home page (template home.html) lists the real cases in its slot
  (partials/home-cases.html; nothing while every case is a placeholder,
  site_build/cases.py), the newest posts in its slot,
  its "skip to content" link leads to the hero's heading, and its entry in
  the phone menu is a plain link, without the list of its sections.

The slots are empty elements the templates write (`data-site-slot`); this
step always replaces them, with content or with nothing.
"""

from __future__ import annotations

import re

from babel.dates import format_date

from site_extensions.datafile import typographic

from . import cases, contact
from .identity import post_authors
from .outputs import Output
from .project import Page, Project

RECENT_POSTS = 3
RELATED_POSTS = 3
HOME_CASES = 3
CASE_H1 = re.compile(r"^#\s+(.+)$", re.M)
HERO_ID = "hero-title"  # the id of the hero's heading in overrides/home.html
SLOT = '<div data-site-slot="{name}"></div>'
YEAR_SLOT = '<span data-site-slot="year"></span>'  # the footer's copyright year (partials/copyright.html)
ARTICLE_H1 = re.compile(r"(<article\b[^>]*>.*?</h1>)", re.S)
READTIME = re.compile(r"(\d+ minut[oi] di lettura)")  # its definition; `readtime` finds it fast
_READTIME_WORDS = re.compile(r" minut[oi] di lettura")
SKIP = re.compile(r'(<a href=")#[^"]*(" class="md-skip">)')
ACTIVE_LABEL = re.compile(r'<label class="md-nav__link md-nav__link--active" for="__toc"[^>]*>.*?</label>\s*', re.S)
TOC_INPUT = re.compile(r'<input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">\s*')
SIDEBAR_BUTTON = re.compile(r'<div class="md-sidebar-button__wrapper">\s*<label class="md-sidebar-button"[^>]*>'
                            r'\s*</label>\s*</div>\s*')
SECONDARY = re.compile(r'<nav class="md-nav md-nav--secondary"')
TOC_LIST = re.compile(r'(?:<label class="md-nav__title"[^>]*>(?:(?!</label>).)*</label>\s*)?'
                      r'(?P<list><ul class="md-nav__list" data-md-component="toc")', re.S)


def without_menu_contents(html: str) -> str:
    """The page's entry in the phone menu as a plain link (the theme writes
    one), without the contents toggle and the list of its sections: the
    home page is a landing page, read from the top, and its sections are
    no contents. (Material and Zensical place the toggle differently.)"""
    label = ACTIVE_LABEL.search(html)
    if label:  # the home page is in the navigation (mkdocs.yml's `nav`)
        nav = SECONDARY.search(html, label.end())
        end = _closing(html, nav.start(), "nav") if nav and "</li>" not in html[label.end():nav.start()] else None
        if end is None:
            return html
        html = html[: label.start()] + html[label.end():nav.start()] + html[end:]
    html = SIDEBAR_BUTTON.sub("", TOC_INPUT.sub("", html))
    # The contents' list in the sidebar (hidden on this page) goes too.
    contents = TOC_LIST.search(html)
    end = _closing(html, contents.start("list"), "ul") if contents else None
    return html[: contents.start()] + html[end:] if end is not None else html


def _closing(html: str, start: int, tag: str) -> int | None:
    """Where the element opened at `start` ends (after its closing tag)."""
    depth = 0
    for match in re.finditer(rf"<(/?){tag}\b[^>]*>", html[start:]):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return start + match.end()
    return None


def _date(project: Project, value) -> dict[str, str]:
    return {"iso": value.isoformat(), "text": format_date(value, format="long", locale=project.language)}


def published_posts(project: Project) -> list[Page]:
    """The published posts, newest first (as the blog lists them)."""
    posts = [page for page in project.posts.values() if not project.is_draft(page) and project.post_date(page)]
    return sorted(posts, key=lambda page: project.post_date(page), reverse=True)


def summary(project: Project, post: Page) -> dict:
    return {
        "title": project.post_title(post) or "",
        "url": project.post_url(post),
        "description": typographic(str(post.meta.get("description") or "")),
        "date": _date(project, project.post_date(post)),
    }


def readtime(html: str) -> str | None:
    """READTIME's first match in the page: Python's regular expressions try
    a pattern that starts with \\d at every position; this finds the words
    first, then the number before them."""
    for match in _READTIME_WORDS.finditer(html):
        start = match.start()
        while start > 0 and html[start - 1].isdecimal():
            start -= 1
        if start < match.start():
            return html[start:match.end()]
    return None


def related_posts(build, post: Page, count: int = RELATED_POSTS) -> list[dict]:
    """The newest `count` other posts of the post's first category, then the
    newest others."""
    categories = post.meta.get("categories") or []
    first = categories[0] if categories else None
    same, rest = [], []
    for other in build.published_posts:
        if other.src == post.src:
            continue
        if first is not None and first in (other.meta.get("categories") or []):
            same.append(other)
            if len(same) == count:
                break
        elif len(rest) < count:
            rest.append(other)
    return [build.summary(p) for p in (same + rest)[:count]]


def post_meta(build, output: Output) -> dict:
    from pymdownx.slugs import slugify

    project, post = build.project, output.page
    hidden = build.placeholder_pictures
    authors = [{"name": a.get("name"), "url": a.get("url"),
                "avatar": "" if str(a.get("avatar", "")).lstrip("/") in hidden else a.get("avatar", "")}
               for a in post_authors(project, post, build.authors)]
    categories = post.meta.get("categories") or []
    category = None
    if categories:
        blog_dir = str(project.blog["blog_dir"]).strip("/")
        pattern = str(project.blog.get("categories_url_format", "category/{slug}"))
        slug = slugify(case="lower")(str(categories[0]), project.blog.get("categories_slugify_separator", "-"))
        category = {"title": categories[0], "url": f"{blog_dir}/{pattern.format(slug=slug).strip('/')}/"}
    return {"authors": authors, "date": _date(project, project.post_date(post)),
            "readtime": readtime(output.html), "category": category}


def author_box(build) -> dict:
    """What the author box at the end of every post shows: the owner's name,
    her photo (only her own: identity.photo), her one line (the settings' about;
    without one, her role and city) and the first service of the services
    data, the way in to working with her."""
    from site_extensions.services import load_services

    from .identity import photo

    project = build.project
    owner = project.settings.owner
    about = " ".join(owner.about.split())
    if not about:
        about = f"{owner.role} a {owner.city}.".strip()
    found = photo(project)
    if found and build.avatar:
        _pattern, small, copy = build.avatar
        if copy:
            build.webp[small] = copy
        found = small
    service = load_services(str(project.root / project.services_file)).services[0]
    return {"name": typographic(owner.name), "photo": found, "about": typographic(about),
            "service": service}


def page_end(build, output: Output, render) -> str:
    project = build.project
    if output.is_post:
        parts = [render("partials/author-box.html", box=build.author_box),
                 render("partials/related-posts.html", related_posts=related_posts(build, output.page)),
                 render("partials/share.html", url=output.canonical_url, title=output.title)]
        if output.meta.get("contact_form") is not False:
            parts.append(render("partials/contact-form.html",
                                form=contact.form(project, "reply", output.title, output.canonical_url)))
        return "".join(parts)
    if output.meta.get("contact_form") == "full":
        return render("partials/contact-form.html", form=contact.form(project, "full"))
    return ""


def home_cases(project: Project) -> list[dict]:
    """The real cases the home page links to (site_build/cases.py decides
    which are real), at most HOME_CASES: title, address, description. None
    while the only case is a placeholder: the section is then left out."""
    found = []
    for case in cases.real_cases(project)[:HOME_CASES]:
        heading = CASE_H1.search(case.text)
        title = case.meta.get("title") or (heading.group(1).strip() if heading else case.src)
        found.append({"title": typographic(str(title)), "url": project.url(case.src),
                      "description": typographic(str(case.meta.get("description") or ""))})
    return found


def page(build, output, html: str) -> str:
    project = build.project

    def render(template: str, **context) -> str:
        return build.render(template, output, **context)

    if YEAR_SLOT in html:
        html = html.replace(YEAR_SLOT, str(project.today.year), 1)
    end = SLOT.format(name="page-end")
    if end in html:
        html = html.replace(end, page_end(build, output, render), 1)
    cases_slot = SLOT.format(name="home-cases")
    if cases_slot in html:
        html = html.replace(cases_slot, render("partials/home-cases.html", cases=home_cases(project)), 1)
    recent = SLOT.format(name="recent-posts")
    if recent in html:
        html = html.replace(recent, render("partials/recent-posts.html", recent_posts=build.recent_posts), 1)
        html = SKIP.sub(rf"\1#{HERO_ID}\2", html, count=1)
        html = without_menu_contents(html)
    elif "toc" in (output.meta.get("hide") or []):
        # A page that hides its contents (`hide: [toc]`, the marketing
        # pages) hides them in the phone menu too, where the theme still
        # offers them.
        html = without_menu_contents(html)
    if output.is_post:
        meta = render("partials/post-meta.html", meta=post_meta(build, output))
        html = ARTICLE_H1.sub(lambda m: m.group(1) + meta, html, count=1)
    return html
