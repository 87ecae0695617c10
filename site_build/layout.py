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

from . import cases, contact, html, theme
from .identity import post_authors
from .outputs import Output
from .project import Page, Project

RECENT_POSTS = 3
RELATED_POSTS = 3
HOME_CASES = 3
CASE_H1 = re.compile(r"^#\s+(.+)$", re.M)
HERO_ID = "hero-title"  # the id of the hero's heading in overrides/home.html
SLOT = '[data-site-slot="{name}"]'  # the slots the templates write, empty


def without_menu_contents(page: html.Page) -> None:
    """The page's entry in the phone menu as a plain link (the theme writes
    one), without the contents toggle and the list of its sections: the
    home page is a landing page, read from the top, and its sections are
    no contents. (Material and Zensical place the toggle differently.)"""
    label = page.first(theme.ACTIVE_TOC_LABEL.css)
    if label is not None:  # the home page is in the navigation (mkdocs.yml's `nav`)
        nav = label.next
        while nav is not None and not (nav.is_element_node and nav.css_matches(theme.SECONDARY_NAV.css)):
            nav = nav.next
        if nav is None:
            return
        html.remove(label, spaces_before=True)
        html.remove(nav, spaces_before=True)
    for node in page.select(theme.TOC_TOGGLE.css):
        html.remove(node, spaces_before=True)
    # The contents' list in the sidebar (hidden on this page) goes too,
    # with its title.
    contents = page.first(theme.TOC_LIST.css)
    if contents is not None:
        title = contents.prev
        while title is not None and title.is_text_node and not title.text_content.strip():
            title = title.prev
        if title is not None and title.is_element_node and title.css_matches(theme.CONTENTS_TITLE.css):
            html.remove(title, spaces_before=True)
        html.remove(contents, spaces_before=True)


def without_sidebar_copies(page: html.Page) -> None:
    """A post's sidebar (Material's blog) repeats the author and the
    metadata (date, categories, reading time) that the post shows under its
    title (partials/post-meta.html): the copies were hidden, and were a
    tenth of a post's elements. They go; the sidebar keeps its link back to
    the blog."""
    for selector in (theme.SIDEBAR_AUTHORS, theme.SIDEBAR_META):
        node = page.first(selector.css)
        if node is not None:
            html.remove(node, spaces_before=True)


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


def readtime(page: html.Page) -> str | None:
    """The post's reading time as the theme shows it in the post's sidebar
    (its translated words: the theme contract checks them), or None."""
    patterns = [string.pattern() for string in (theme.READTIME_ONE, theme.READTIME_OTHER)]
    for node in page.select(theme.SIDEBAR_META_TEXT.css):
        words = html.text(node)
        if any(pattern.fullmatch(words) for pattern in patterns):
            return words
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


def post_meta(build, output: Output, page: html.Page) -> dict:
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
            "readtime": readtime(page), "category": category}


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
        _stand_in, small, copy = build.avatar
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


def _fill(page: html.Page, name: str, content: str) -> bool:
    """The slot `name` replaced by `content` (HTML); whether there was one."""
    slot = page.first(SLOT.format(name=name))
    if slot is None:
        return False
    html.replace(slot, content)
    return True


def page(build, output, page: html.Page) -> None:
    project = build.project

    def render(template: str, **context) -> str:
        return build.render(template, output, **context)

    _fill(page, "year", str(project.today.year))
    if page.has(SLOT.format(name="page-end")):
        _fill(page, "page-end", page_end(build, output, render))
    if page.has(SLOT.format(name="home-cases")):
        _fill(page, "home-cases", render("partials/home-cases.html", cases=home_cases(project)))
    # The newest posts rendered only for a page with their slot (the home).
    if page.has(SLOT.format(name="recent-posts")) and _fill(
            page, "recent-posts", render("partials/recent-posts.html", recent_posts=build.recent_posts)):
        skip = page.first(theme.SKIP_LINK.css)
        if skip is not None:
            skip.attrs["href"] = f"#{HERO_ID}"
        without_menu_contents(page)
    elif "toc" in (output.meta.get("hide") or []):
        # A page that hides its contents (`hide: [toc]`, the marketing
        # pages) hides them in the phone menu too, where the theme still
        # offers them.
        without_menu_contents(page)
    if output.is_post:
        meta = render("partials/post-meta.html", meta=post_meta(build, output, page))
        without_sidebar_copies(page)
        title = page.first(theme.ARTICLE_H1.css)
        if title is not None:
            html.insert_after(title, meta)
