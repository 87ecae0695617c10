"""The pages of the generator's output, each with what the steps need to
know about it: its address, its source page (None for the blog's own
views: index pages, archive, categories, authors), its kind, title and
description, and the address of its link-preview card.

One home for "which built file is which page", whatever the generator.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from . import html
from .project import Page, Project

CARD_DIR = "assets/images/social"
JPEG = (".jpg", ".jpeg")
# A page at an old address (the redirects plugin's: a refresh in its head),
# and where it sends the visitor (its canonical link, relative to the page).
REDIRECT = 'head meta[http-equiv="refresh" i]'
CANONICAL = 'head link[rel="canonical"][href]'
# The "¶" links the headings carry.
PERMALINK = "a.headerlink"


# A redirect page is small (its head, a link and a sentence): a larger file
# is read only as far as a redirect's head would go.
REDIRECT_PAGE_SIZE, HEAD_SIZE = 16384, 2000


def start(path: Path) -> str:
    """The page at `path`, whole if it could be a redirect page, else its
    first characters (where a redirect's head would be)."""
    with path.open(encoding="utf-8") as f:
        return f.read(-1 if path.stat().st_size <= REDIRECT_PAGE_SIZE else HEAD_SIZE)


def is_redirect(head: str) -> bool:
    """Whether the page whose start (`start`) is `head` is a redirect."""
    return html.parse(head).has(REDIRECT)


def redirect_target(head: str) -> str | None:
    """The target of the redirect page whose start (`start`) is `head`, as
    its canonical link writes it; None when it is no redirect page (or
    names no target)."""
    page = html.parse(head)
    canonical = page.first(CANONICAL)
    if canonical is None or not page.has(REDIRECT):
        return None
    return canonical.attributes.get("href") or ""


# Pages that exist for visitors already on the site, never as a way in
# from a search: the address a static host shows for a missing page.
NOT_FOR_SEARCH = ("404",)


def for_search(kind: str, meta: dict) -> bool:
    """Whether a page of this `kind` with this front matter is meant for
    search engines: not a kind in NOT_FOR_SEARCH, and no `noindex: true` in
    its front matter (the thank-you page after the contact form). The one
    rule the page's `<meta name="robots">` (head.py) and the sitemap
    (sitemap.py) read."""
    return kind not in NOT_FOR_SEARCH and meta.get("noindex") is not True


def card_path(url: str, image: str | None = None) -> str:
    """The card's path in the site for a page address: 'blog/x/' ->
    'assets/images/social/blog/x.png' (.jpg when the page names a JPEG
    picture as its card). The one definition every step reads."""
    slug = url.replace(".html", "").strip("/")
    suffix = ".jpg" if isinstance(image, str) and image.lower().endswith(JPEG) else ".png"
    return f"{CARD_DIR}/{slug or 'index'}{suffix}"


@dataclass
class Output:
    project: Project = field(repr=False)
    url: str
    path: Path
    page: Page | None

    @cached_property
    def html(self) -> str:
        return self.path.read_text(encoding="utf-8")

    def release(self) -> None:
        """Forget the page's text (read again if asked for): a build holds
        one page at a time, not the whole site (a blog of 1000 posts is
        over 200 MB of text)."""
        self.__dict__.pop("html", None)

    @property
    def meta(self) -> dict:
        return self.page.meta if self.page else {}

    @property
    def src(self) -> str | None:
        return self.page.src if self.page else None

    @property
    def kind(self) -> str:
        """'home', 'post', 'test' (the self-assessment), 'page', 'view'
        (a page the blog makes: its index, archive, categories, authors)
        or '404'."""
        if self.url == "404.html":
            return "404"
        if self.page is None:
            return "view"
        if self.project.is_post(self.page.src):
            return "post"
        if self.url == "":
            return "home"
        if self.meta.get("self_assessment"):
            return "test"
        return "page"

    @property
    def is_post(self) -> bool:
        return self.kind == "post"

    @property
    def for_search(self) -> bool:
        """Whether search engines may list the page (see `for_search`)."""
        return for_search(self.kind, self.meta)

    def read(self, page: html.Page) -> None:
        """Notes the title and description of the page as built, from its
        tree (`page`), while the pipeline holds it."""
        if "title" not in self.__dict__:
            self.__dict__["title"] = self._title(page)
        if "description" not in self.__dict__:
            self.__dict__["description"] = self._description(page)

    @cached_property
    def title(self) -> str:
        """The page's title: `title` in its front matter, else its heading
        as built, else the document's title up to the site's name."""
        return self._title(None)

    def _title(self, page: html.Page | None) -> str:
        if isinstance(self.meta.get("title"), str) and self.meta["title"].strip():
            return self.meta["title"].strip()
        page = page or html.parse(self.html)
        heading = page.first("h1")
        if heading is not None and html.text(heading, skip=PERMALINK):
            return html.text(heading, skip=PERMALINK)
        title = page.first("title")
        name = str(self.project.config.get("site_name") or "")
        found = html.text(title) if title is not None else ""
        for separator in (" - ", " – ", " | "):
            found = found.removesuffix(separator + name)
        return found or name

    @cached_property
    def description(self) -> str:
        return self._description(None)

    def _description(self, page: html.Page | None) -> str:
        if isinstance(self.meta.get("description"), str) and self.meta["description"].strip():
            return self.meta["description"].strip()
        found = (page or html.parse(self.html)).first('meta[name="description"][content]')
        return found.attributes.get("content") or "" if found is not None else \
            str(self.project.config.get("site_description") or "")

    @property
    def canonical_url(self) -> str:
        return self.project.site_url + self.url

    @property
    def card(self) -> str:
        """The card's path in the site."""
        return card_path(self.url, self.meta.get("image"))

    @property
    def card_url(self) -> str:
        return self.project.site_url + self.card


def sources_by_url(project: Project) -> dict[str, Page]:
    """The published pages and posts, by the address they are built at."""
    if "sources" in project._read:
        return project._read["sources"]
    found = project._read["sources"] = {}
    for src, page in project.pages.items():
        if project.is_post(src):
            if project.is_draft(page):
                continue
            url = project.post_url(page)
        else:
            url = project.url(src)
        if url is not None:
            found[url] = page
    return found


# The owner's editor's folder in the output (site_build/editor/): Decap
# CMS's page, no page of the site's, which no page step or reader touches.
EDITOR_FOLDER = "admin"


def outputs(project: Project, site: Path, with_404: bool = False,
            redirects: dict[str, str] | None = None) -> list[Output]:
    """Every page of the output folder (not redirects, not the editor's;
    404.html only when asked: it is no page of the site's own). `redirects`:
    filled with the redirect pages met on the way, as `redirect_pages`
    gives them (one reading of the pages' heads serves both)."""
    sources = sources_by_url(project)
    found = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel == "404.html" and not with_404 or rel.startswith(EDITOR_FOLDER + "/"):
            continue
        if project.config.get("use_directory_urls", True):
            url = rel.removesuffix("index.html") if rel.endswith("index.html") else rel
        else:
            url = rel
        head = start(path)
        if is_redirect(head):
            if redirects is not None:
                target = redirect_target(head)
                if target is not None:
                    redirects[rel] = target
            continue
        output = Output(project, url, path, sources.get(url))
        found.append(output)
    return found
