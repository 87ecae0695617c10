"""The steps over the generator's output, in the order they run.

First every raster picture of the output is published upright and
without location or device data (pictures.py), so that every step after
reads it as visitors see it. Then each page is parsed once (html.py), one
page at a time, and its tree serves every step that reads it:

- as the generator built it: the page checks (checks.py: pictures, blocked
  content, links to posts that are not published), its title and
  description (outputs.py, for the cards and the feeds), and for a post a
  feed carries, its text (feeds.py);
- the page steps: its theme markup checked against the theme contract
  (theme.py: the first page of each kind), then each step, a plain
  function of the build, the page and its tree, changes the tree;
- as the page steps left it: the site steps' readers (READERS) note what
  their step needs (the classes and scripts' words for unused_css.py, the
  inline scripts and styles for headers.py, a demo contact form for
  production.py, the posts a blog view links to for sitemap.py);

and the tree is written once. No step holds the site's pages, and none
reads them all again. Then come the link-preview cards and the feeds'
icons (cards.py), and the feeds, written whole with each post's full text
(feeds.py).

The page steps:

1. the theme's markup fixed (markup.py);
2. pictures: width and height, lazy loading, a WebP copy (images.py);
3. the site's styles (brand.py);
4. the scripts, run after the first paint (scripts.py);
5. a post's meta, the ends of pages, the home's newest posts (layout.py);
6. covers in the blog's lists (covers.py);
7. the FAQ's questions collapsible (faq.py);
8. link previews and structured data (head.py);
9. the owner's name and photo for the blog's author (identity.py).

The configuration's links to a section of a page (config_links.py) are
checked then, against the pages as the page steps left them.

Then the steps over the whole folder, each given the build, in order: the
WebP copies, the owner's monogram as the favicon (brand.py), Material's stylesheet without what no page uses
(unused_css.py), the site's scripts without comments (scripts.py),
sitemap dates, robots.txt, the owner's name in the feeds, the production
check, the redirect pages' script and `_redirects` (redirects.py), the
owner's editor at /admin/ (editor/, written after every step that reads
pages or stylesheets, which so never see it), no
file over the host's limit (files.py), and last the security and caching
headers, which hash every inline script and style the pages end up with.

MkDocs and ProperDocs run this from hooks/pipeline.py at the end of every
build (`mkdocs serve` included); after Zensical, `python -m site_build
build` runs it.
"""

from __future__ import annotations

import time
from functools import cached_property
from pathlib import Path

from site_extensions.content_checks import security_allowances
from site_extensions.errors import ContentError

from . import (brand, cards, checks, config_links, covers, editor, faq, feeds, files, head, headers, html, identity, images,
               layout, markup, pictures, production, redirects, scripts, sitemap, theme, unused_css)
from .log import log
from .outputs import Output, outputs
from .project import Project

def _whole(step):
    """A step over the whole folder, `step(project, site)`, given the build."""
    return lambda build: step(build.project, build.site)


def _with_pages(step):
    """A step over the whole folder that also takes the pages the build has
    already read, `step(project, site, pages)`."""
    return lambda build: step(build.project, build.site, [page for page in build.pages if page.kind != "404"])


# Before the page checks: every picture of the output published clean.
PICTURES_STEP = ("pictures upright, without location or device data", pictures.publish)

# Before the page steps: what reads the pages as the generator made them.
FIRST_STEPS = (
    ("link-preview cards and icons", _with_pages(cards.run)),
    ("feeds written", lambda build: build.feeds.write()),  # after the cards, which the items name
)

PAGE_STEPS = (
    ("the theme's markup fixed", markup.page),
    ("pictures: size, lazy loading, WebP", images.page),
    ("the site's styles", brand.page),
    ("scripts run after the first paint", scripts.page),
    ("post meta, page ends, newest posts", layout.page),
    ("covers in the blog's lists", covers.page),
    ("the FAQ's questions collapsible", faq.page),
    ("link previews and structured data", head.page),
    ("the owner's name and photo for the blog's author", identity.page),
)

# What the site steps read of every page, as the page steps leave it: each
# `reader(build, output, page)` notes, from the page's tree, what its step
# needs, while the pipeline holds that one page (a build never holds the
# whole site's pages; no step reads them all again).
READERS = (
    unused_css.read,
    headers.read,  # no site step after changes a page's inline scripts or styles
    production.read,
    sitemap.read,
)

SITE_STEPS = (
    ("WebP copies of the pictures", images.write),
    ("the owner's monogram as the favicon", brand.write_favicon),
    ("Material's stylesheet without what no page uses", unused_css.run),
    ("the site's scripts without comments", _whole(scripts.compact_files)),
    ("sitemap dates", lambda build: sitemap.run(build.project, build.site, build.pages, build.view_links)),
    ("robots.txt", _whole(sitemap.robots)),
    ("the owner's name in the feeds", _whole(identity.run)),
    ("no demo form in production", lambda build: production.run(build.project, build.site, build.demo_pages)),
    ("redirect pages without inline scripts, _redirects",
     lambda build: redirects.run(build.project, build.site, build.redirects)),
    ("the editor at /admin/", _whole(editor.write)),
    ("no file over the host's limit", files.output_sizes),
    ("security and caching headers",
     lambda build: headers.run(build.project, build.site, build.inline, build.redirects)),
)


# The only site steps a preview (`make serve`) runs: the pages' pictures need
# their WebP copies, the browser tab its icon; the other steps make files
# only a deployed site uses.
PREVIEW_SITE_STEPS = ("WebP copies of the pictures", "the owner's monogram as the favicon", "the editor at /admin/")


class Build:
    """One run of the pipeline: the project, the output folder, and what
    several steps need, computed once."""

    def __init__(self, project: Project, site: Path, generator: str = "mkdocs"):
        self.project, self.site = project, site
        self.generator = generator
        self.contract = theme.Contract(generator)
        self.since: float | None = None  # a preview: only what was written from then on is new
        self.preview = False  # `make serve`: no cards, feeds or host files (PREVIEW_SITE_STEPS)
        self.webp: dict[str, tuple[Path, int]] = {}  # WebP copies to write: site path -> (picture, width)
        self.palettes: dict[Path, str | None] = {}  # the theme's palette stylesheet's rules (brand.py)
        self._redirects: dict[str, str] = {}  # filled while listing the pages (`redirects`)

    @cached_property
    def pages(self) -> list[Output]:
        return outputs(self.project, self.site, with_404=True, redirects=self._redirects)

    @property
    def redirects(self) -> dict[str, str]:
        """The redirect pages (redirects.redirect_pages), met while listing
        the pages: the site steps read them from here."""
        self.pages  # noqa: B018 - listing the pages finds them
        return self._redirects

    @cached_property
    def css_usage(self) -> unused_css.Usage:
        """What the pages use of Material's stylesheet (unused_css.read)."""
        return unused_css.Usage()

    @cached_property
    def inline(self) -> headers.Inline:
        """The pages' inline scripts and styles (headers.read)."""
        return headers.Inline()

    @cached_property
    def demo_pages(self) -> set[str]:
        """The pages with a contact form in demo mode (production.read)."""
        return set()

    @cached_property
    def view_links(self) -> dict[str, set[str]]:
        """The posts each blog view links to (sitemap.read)."""
        return {}

    @cached_property
    def feeds(self) -> feeds.Feeds:
        """The feeds and the posts they carry (their text read as built)."""
        return feeds.Feeds(self.project, self.site, [page for page in self.pages if page.kind != "404"])

    @cached_property
    def by_url(self) -> dict[str, Output]:
        return {output.url: output for output in self.pages if output.kind != "404"}

    @cached_property
    def files(self) -> set[str]:
        return {p.relative_to(self.site).as_posix() for p in self.site.rglob("*") if p.is_file()}

    def exists(self, target: str) -> bool:
        return target in self.files or (target.endswith("/") or not target) and target + "index.html" in self.files

    def built_html(self, target: str) -> str | None:
        """The HTML of the page at the site path `target`, None if there is none."""
        output = self.by_url.get(target) or self.by_url.get(target.rstrip("/") + "/")
        return output.path.read_text(encoding="utf-8") if output is not None else None

    @cached_property
    def _unpublished(self) -> dict[str, str]:
        return checks.unpublished_posts(self.project, self.project.pages)

    @property
    def has_unpublished(self) -> bool:
        return bool(self._unpublished)

    def unpublished(self, target: str) -> str | None:
        return self._unpublished.get(target) or self._unpublished.get(target.removesuffix("index.html"))

    @cached_property
    def allowed(self):
        return security_allowances(self.project.extra.get("security"))

    @cached_property
    def published_posts(self):
        return layout.published_posts(self.project)

    @cached_property
    def _summaries(self) -> dict:
        return {}

    def summary(self, post) -> dict:
        """What a list of posts shows of `post` (layout.summary), once."""
        if post.src not in self._summaries:
            self._summaries[post.src] = layout.summary(self.project, post)
        return self._summaries[post.src]

    @cached_property
    def recent_posts(self) -> list[dict]:
        return [self.summary(post) for post in self.published_posts[: layout.RECENT_POSTS]]

    @cached_property
    def authors(self) -> dict:
        return identity.blog_authors(self.project)

    @cached_property
    def words(self) -> dict[str, str]:
        """The theme's words the steps write, in the site's language."""
        from .render import translate

        return translate(self.project, "search")

    @cached_property
    def nav_titles(self) -> dict[str, str]:
        return head.nav_titles(self.project)

    @cached_property
    def styles(self) -> str:
        return brand.styles(self.project)

    @cached_property
    def home_styles(self) -> str:
        return brand.home_styles(self.project)

    @cached_property
    def monogram(self) -> str:
        settings = self.project.settings
        return brand.monogram(settings.owner.name, brand.colours(settings.brand))

    @cached_property
    def identity(self) -> list[tuple[str, str]]:
        return identity.replacements(self.project)

    @cached_property
    def author_box(self) -> dict:
        return layout.author_box(self)

    @cached_property
    def placeholder_pictures(self) -> set[str]:
        return identity.placeholder_pictures(self.project)

    @cached_property
    def avatar(self):
        return identity.avatar(self.project, self.site)

    def render(self, template: str, output: Output, **context) -> str:
        from .render import render

        return render(self.project, template, output.url, **context)


def finish(project: Project, site: Path | str | None = None, since: float | None = None,
           preview: bool = False, generator: str = "mkdocs") -> list[str]:
    """Every step over the output folder (mkdocs.yml's site_dir unless
    given). `since`: only the pages written from that time on go through
    the page steps (a preview that rewrites only the pages that changed;
    the others went through them already). `preview`: for `make serve`
    (site_build/preview.py), without the steps whose files only a deployed
    site uses (cards, feeds, sitemap, robots.txt, _headers). `generator`:
    the one that made the output (the theme contract's checks differ).
    Returns the addresses of the pages that went through the page steps."""
    site = Path(site) if site is not None else project.site_dir
    build = Build(project, site, generator)
    if since is None:  # a whole build: the theme contract's checks that need no page, once
        theme.check_build(project, site, build.files, generator)
    build.since, build.preview = since, preview
    start = time.perf_counter()
    PICTURES_STEP[1](build)  # a preview too: its pages show the pictures
    pages = [output for output in build.pages if since is None or output.path.stat().st_mtime >= since]
    rewritten = set(map(id, pages))
    problems = []
    readers = () if preview else READERS
    # Each page parsed once, one at a time: checked and read as the
    # generator built it, then through the page steps, read by the site
    # steps' readers, and written (a page an earlier build finished, in a
    # build that rewrote only some, is only read).
    for output in pages if preview else build.pages:
        again = id(output) in rewritten
        page = html.parse(output.html)
        if again:
            problems += checks.output_problems(build, output, page)
        if not preview:
            output.read(page)  # the title and description the first steps read, as built
            build.feeds.read(output, page)
        if again:
            build.contract.page(output, page)
            for _name, step in PAGE_STEPS:
                step(build, output, page)
        for reader in readers:
            reader(build, output, page)
        if again:
            written = page.serialise()
            if written != output.html:
                output.path.write_text(written, encoding="utf-8")
        output.release()
    if problems:
        raise ContentError("Pages have problems to fix before publishing:\n  " + "\n  ".join(problems))
    for name, step in () if preview else FIRST_STEPS:
        step(build)
    if since is None:
        build.contract.finish(project.config.get("nav"))
    log.debug("page steps: %.0f ms", (time.perf_counter() - start) * 1000)
    # The sections the page steps add (the contact form's) count too.
    problems = [] if preview else config_links.anchor_problems(project, build.built_html)
    if problems:
        raise ContentError("Pages have problems to fix before publishing:\n  " + "\n  ".join(problems))
    for name, step in SITE_STEPS:
        if preview and name not in PREVIEW_SITE_STEPS:
            continue
        start = time.perf_counter()
        step(build)
        log.debug("%s: %.0f ms", name, (time.perf_counter() - start) * 1000)
    return [output.url for output in pages]
