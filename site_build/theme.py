"""The theme contract: every detail of Material for MkDocs, MkDocs,
ProperDocs, Zensical and Python-Markdown that the site relies on, in one
place, each with the check that fails naming it when an upgrade changes it.

Material reaches its end of life in May 2027; whoever upgrades it (or
MkDocs, or moves to Zensical) bumps the pin, runs `make contract`
(`python -m site_build contract`: a build that stops at the first broken
item) and reads which item broke and where it is used.

The kinds of item:

- SELECTORS: the CSS selectors through which the page steps read and fix
  the theme's markup (site_build/html.py parses it). Each names the page
  kinds on which it must match (every page of that kind) or, with
  `somewhere`, that it must match on some page of the site: a markup fix
  whose target the theme no longer writes stops the build instead of
  silently doing nothing.
- ASSETS: the theme's hashed file names (its bundle, its stylesheet, its
  palette stylesheet), as patterns over the built site's paths.
- PRIVATE: private functions, attributes and formats of the generators
  and Python-Markdown, checked for presence and signature.
- GLOBALS: the script globals the site's scripts call, looked for in the
  theme's own scripts.
- SEARCH_INDEX: the search index's path per generator.
- STRINGS: the theme's translated strings the site reads or writes, looked
  for in the translation file the build uses (an override in overrides/
  first, then the theme's).

`check_build` runs the checks that need no page once per build;
`Contract.page` checks the selectors on the first page of each kind (and
the `somewhere` ones until found), `Contract.finish` at the end of the
page steps. A broken item stops the build with one line: the item, what
is wrong, and the file or version where it was looked for.
"""

from __future__ import annotations

import importlib
import inspect
import re
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from site_extensions.errors import ContentError

# --------------------------------------------------------------------------
# Selectors


@dataclass(frozen=True)
class Selector:
    """A CSS selector into the theme's markup. `kinds`: the page kinds on
    which every page must have it; `somewhere`: some page of the site must
    have it when the site has what makes the theme write it (SOMEWHERE);
    `generators`: the generators whose markup has it."""

    name: str
    css: str
    used_by: str
    kinds: tuple[str, ...] = ()
    somewhere: str | None = None
    generators: tuple[str, ...] = ("mkdocs", "properdocs", "zensical")

    def __str__(self) -> str:
        return self.css


MATERIAL = ("mkdocs", "properdocs")
# When a `somewhere` selector must match on some page: always ("pages"),
# when the blog has a published post ("posts"), when a page's article has
# headings with ids, its contents ("headings"), when the navigation has a
# section ("sections"). A site without them (no post yet, a flat
# navigation) is no broken theme.
SOMEWHERE = ("pages", "posts", "headings", "sections")
PAGES = ("home", "page", "post", "view", "test")

ARTICLE = Selector("the page's article", "article.md-content__inner", "images.py, head.py, faq.py, checks.py",
                   kinds=("home", "post", "test"))
ARTICLE_H1 = Selector("the article's title", "article.md-content__inner h1", "layout.py (post meta after it)",
                      kinds=("post",))
OVERLAY = Selector("the drawer's overlay label, hidden", 'label.md-overlay[for="__drawer"][aria-hidden]', "markup.py",
                   kinds=PAGES, generators=("zensical",))
CONFIG = Selector("the theme's configuration script", "script#__config", "scripts.py", kinds=PAGES)
DRAWER_TOGGLE = Selector("the drawer's checkbox with autocomplete", 'input.md-toggle[type="checkbox"][autocomplete]',
                         "markup.py", kinds=PAGES)
SEARCH_DIALOG = Selector("the search dialog", 'div.md-search[data-md-component="search"][role="dialog"]',
                         "markup.py", kinds=PAGES)
MENU_BUTTON = Selector("the header's menu button", 'label.md-header__button.md-icon[for="__drawer"]', "markup.py",
                       kinds=PAGES)
SECTION_ARROW = Selector("a section's arrow label", 'label.md-nav__link[for^="__nav_"][id$="_label"]', "markup.py",
                         somewhere="sections")
NAV_ICON = Selector("the arrow's icon", "span.md-nav__icon.md-icon", "markup.py", somewhere="sections")
ELLIPSIS = Selector("a navigation title's text", "span.md-ellipsis", "markup.py", kinds=PAGES)
EMPTY_TABINDEX = Selector("an empty tabindex", '[tabindex=""]', "markup.py", somewhere="sections", generators=MATERIAL)
SECTION_TITLE = Selector("a section's title in the phone menu", 'label.md-nav__title[for^="__nav_"]', "markup.py",
                         somewhere="sections")
ACTIVE_TOC_LABEL = Selector("the current page's contents label", 'label.md-nav__link--active[for="__toc"]',
                            "markup.py, layout.py", somewhere="headings")
POST_SIDEBAR_NAV = Selector("a post sidebar's navigation, without a name",
                            'nav[class="md-nav md-nav--primary"]:not([aria-label])', "markup.py", kinds=("post",),
                            generators=MATERIAL)
SECTION_NAV = Selector("a list of links without a name", 'div + nav[class="md-nav"]:not([aria-label])', "markup.py",
                       somewhere="sections")
LIST_AUTHORS = Selector("the authors above a post in the blog's lists", "nav.md-post__authors.md-typeset",
                        "markup.py, identity.py", somewhere="posts")
POST_ACTION = Selector("a post's 'continue reading' link", "nav.md-post__action", "markup.py, covers.py",
                       somewhere="posts")
TOC_TOGGLE = Selector("the contents toggle", "input.md-nav__toggle.md-toggle#__toc", "markup.py, layout.py",
                      somewhere="headings")
TOC_TITLE = Selector("the contents' title", 'label.md-nav__title[for="__toc"]', "markup.py, layout.py",
                     somewhere="headings")
TOC_FOR = Selector("a label for the contents toggle", 'label[for="__toc"]', "markup.py", somewhere="headings")
POST_SIDEBAR = Selector("a post's sidebar", "div.md-sidebar.md-sidebar--post", "markup.py", kinds=("post",),
                        generators=MATERIAL)
SIDEBAR_AUTHORS = Selector("the authors in a post's sidebar", "div.md-sidebar--post div.md-post__authors.md-typeset",
                           "markup.py", kinds=("post",), generators=MATERIAL)
SIDEBAR_META = Selector("the metadata in a post's sidebar", "div.md-sidebar--post ul.md-post__meta.md-nav__list",
                        "markup.py, layout.py (reading time)", kinds=("post",), generators=MATERIAL)
SIDEBAR_META_TEXT = Selector("an entry of a post sidebar's metadata", "div.md-sidebar--post ul.md-post__meta span.md-ellipsis",
                             "layout.py (reading time)", kinds=("post",), generators=MATERIAL)
CONTENTS_TITLE = Selector("a title in the navigation", "label.md-nav__title", "layout.py", somewhere="pages")
EXCERPT = Selector("a post's excerpt in the blog's lists", "article.md-post.md-post--excerpt", "covers.py",
                   somewhere="posts")
EXCERPT_TITLE_LINK = Selector("an excerpt's title link", "article.md-post.md-post--excerpt h2 a[href]", "covers.py",
                              somewhere="posts")
POST_ACTION_LINK = Selector("an excerpt's 'continue reading' link", "article.md-post.md-post--excerpt .md-post__action a[href]",
                            "covers.py", somewhere="posts")
SKIP_LINK = Selector("the 'skip to content' link", "a.md-skip", "layout.py", kinds=PAGES)
SECONDARY_NAV = Selector("the contents' navigation", "nav.md-nav.md-nav--secondary", "layout.py", somewhere="pages")
TOC_LIST = Selector("the contents' list", 'ul.md-nav__list[data-md-component="toc"]', "layout.py", somewhere="headings")
HEADERLINK = Selector("a heading's permalink", "a.headerlink", "faq.py", somewhere="headings")
LIST_AUTHOR = Selector("a post's author in the blog's lists", 'span[class="md-author"]', "identity.py",
                      somewhere="posts")
LIST_AUTHORS_ROW = Selector("the authors' row in the blog's lists", ".md-post__authors.md-typeset", "identity.py",
                            somewhere="posts")
STYLESHEET_LINK = Selector("the theme's stylesheet links", 'link[rel="stylesheet"][href]', "brand.py", kinds=PAGES)
SCRIPTS = Selector("the theme's closing scripts", "script[src]", "scripts.py", kinds=PAGES)
# Content that Material's bundle works on at every width: code blocks (copy
# button, annotations), annotated lists, content tabs, diagrams, and the
# consent, repository and version widgets (scripts.py keeps the bundle
# for every width on a page that has one; the site's pages have none, so
# nothing checks that the theme still writes them).
NEEDS_BUNDLE = Selector("content that needs Material's bundle",
                        'pre, .tabbed-set, .mermaid, .annotate, [data-md-component="consent"], '
                        '[data-md-component="source"], [data-md-component="outdated"]', "scripts.py")



def inside(selector: Selector, container: Selector) -> str:
    """`selector` as a query inside an element `container` matches (its
    css without the container's in front)."""
    prefix = container.css + " "
    if not selector.css.startswith(prefix):
        raise ValueError(f"{selector.css} does not start with {container.css}")
    return selector.css[len(prefix):]


SELECTORS = tuple(value for value in globals().copy().values() if isinstance(value, Selector))

# --------------------------------------------------------------------------
# Assets


@dataclass(frozen=True)
class Asset:
    """A file of the theme named with a hash, as a pattern over its path in
    the built site (a regular expression over our own path strings)."""

    name: str
    pattern: str
    used_by: str
    generators: tuple[str, ...] = ("mkdocs", "properdocs", "zensical")

    @property
    def regex(self) -> re.Pattern:
        return re.compile(r"(?:^|/)" + self.pattern + "$")

    def matches(self, path: str) -> bool:
        return bool(self.regex.search(path))


BUNDLE = Asset("Material's bundle", r"assets/javascripts/bundle\.[0-9a-f]{8,}\.min\.js", "scripts.py, site.js")
MAIN_CSS = Asset("Material's stylesheet", r"assets/stylesheets/(?:[a-z]+/)?main\.[0-9a-f]{8,}\.min\.css",
                 "unused_css.py")
PALETTE_CSS = Asset("Material's palette stylesheet", r"assets/stylesheets/(?:[a-z]+/)?palette\.[0-9a-f]{8,}\.min\.css",
                    "brand.py", generators=MATERIAL)
ASSETS = (BUNDLE, MAIN_CSS, PALETTE_CSS)

# --------------------------------------------------------------------------
# Private functions, attributes and formats


@dataclass(frozen=True)
class Private:
    """A private detail of a package: `module`'s `attribute` (dotted), with
    the parameters the site passes (None: not a function) or, for a value,
    the value the site copies (`equals`); `source` words that the object's
    source code must contain."""

    name: str
    module: str
    attribute: str
    used_by: str
    parameters: tuple[str, ...] | None = None
    equals: object = None
    source: str | None = None
    generators: tuple[str, ...] = ("mkdocs", "properdocs", "zensical")

    def problem(self) -> str | None:
        """What is wrong with it now, or None."""
        try:
            found = importlib.import_module(self.module)
        except ImportError as e:
            return f"module {self.module} is gone ({e})"
        for part in self.attribute.split("."):
            if not hasattr(found, part):
                return f"{self.module}.{self.attribute} is gone"
            found = getattr(found, part)
        if self.parameters is not None:
            try:
                names = tuple(p for p in inspect.signature(found).parameters if p != "self")
            except (TypeError, ValueError):
                return f"{self.module}.{self.attribute} is no longer a function"
            if names[: len(self.parameters)] != self.parameters:
                return (f"{self.module}.{self.attribute} takes ({', '.join(names)}), "
                        f"the site passes ({', '.join(self.parameters)})")
        if self.equals is not None and found != self.equals:
            return f"{self.module}.{self.attribute} is {found!r}, the site copies {self.equals!r}"
        if self.source is not None:
            try:
                code = inspect.getsource(found)
            except (OSError, TypeError):
                return f"the source of {self.module}.{self.attribute} cannot be read"
            if self.source not in code:
                return f"{self.module}.{self.attribute} no longer contains {self.source}"
        return None


GET_ENV = Private("Theme.get_env (the preview caches compiled templates)", "mkdocs.theme", "Theme.get_env",
                  "preview.py cache_templates", parameters=(), generators=MATERIAL)
READTIME = Private("the blog's reading time", "material.plugins.blog.readtime", "readtime",
                   "preview.py _readtime", parameters=("html", "words_per_minute"), generators=MATERIAL)
POST_URL_DATE = Private("the blog's date in a post's address", "material.plugins.blog.plugin",
                        "BlogPlugin._format_date_for_post_url", "project.py post_url (the same address)",
                        parameters=("date", "config"), generators=MATERIAL)
EXCERPT_PROCESSOR = Private('the blog\'s tree processor named "excerpt"', "material.plugins.blog.structure",
                            "Excerpt", "site_extensions/excerpts.py", source='"excerpt"', generators=MATERIAL)
GENERATED_BY = Private("File.generated_by (the blog's generated sources, back-dated with os.utime)",
                       "mkdocs.structure.files", "File.generated_by", "preview.py keep_lists", generators=MATERIAL)
SEARCH_DIRTY = Private("the search plugin's index kept across dirty builds", "material.plugins.search.plugin",
                       "SearchPlugin.on_post_build", "preview.py SearchIndex", source="search_index_prev",
                       generators=MATERIAL)
RE_PARSER = Private("re._parser.parse", "re._parser", "parse", "site_extensions/typography.py required",
                    parameters=("str", "flags", "state"))
RE_CONSTANTS = Private("re._constants.SUBPATTERN", "re._constants", "SUBPATTERN", "site_extensions/typography.py")
PLACEHOLDER = Private("Python-Markdown's inline placeholder", "markdown.util", "INLINE_PLACEHOLDER",
                      "site_extensions/typography.py TOKEN", equals="\u0002klzzwxh:%s\u0003")
BLOG_FRONT_MATTER = Private("the blog's front matter read with the module's SafeLoader (given libyaml's)",
                            "material.plugins.blog.structure", "Post.__init__",
                            "hooks/pipeline.py _blog_front_matter_in_c",
                            source="yaml.load(match.group(1), SafeLoader)", generators=MATERIAL)
PRIVATE = (GET_ENV, READTIME, POST_URL_DATE, EXCERPT_PROCESSOR, GENERATED_BY, SEARCH_DIRTY, RE_PARSER, RE_CONSTANTS,
           PLACEHOLDER, BLOG_FRONT_MATTER)

# --------------------------------------------------------------------------
# Script globals


@dataclass(frozen=True)
class Global:
    """A global of the theme's scripts that the site's scripts use, and the
    text that shows the theme still has it, in `where` (the theme's bundle,
    or a template of the theme's, relative to its templates folder)."""

    name: str
    text: str
    where: str
    used_by: str
    generators: tuple[str, ...] = ("mkdocs", "properdocs", "zensical")


COMPONENT = Global("window.component$", "component$", "bundle", "site.js (Material's bundle has run)")
MD_GET = Global("__md_get", "__md_get=", "partials/javascripts/base.html",
                "partials/javascripts/scheme.html, site.js")
MD_SET = Global("__md_set", "__md_set=", "partials/javascripts/base.html", "site.js (the palette toggle)")
# What the phone deferral and the search hold rely on (scripts.py,
# after_paint.js, site.js sections 1 and 7), checked the same way: the
# event the bundle starts on (its document$ listens for it once, on the
# document; after_paint.js hands it to the bundle's listener alone), the
# files it requests at once (site.js holds them until the reader needs
# them) and what opens the search.
START_EVENT = "DOMContentLoaded"
SITEMAP = "sitemap.xml"
SEARCH_OPENERS = 'label[for="__search"], .md-search__button'
START = Global("the bundle's start event", f'(document,"{START_EVENT}",{{once:!0}})', "bundle",
               "after_paint.js (hands it to the bundle alone)")
SITEMAP_REQUEST = Global("the bundle's sitemap request", f'new URL("{SITEMAP}",', "bundle",
                         "site.js (held until the reader interacts)")
INDEX_REQUEST = Global("the bundle's search index request", 'new URL("search/search_index.json",', "bundle",
                       "site.js (held until the search is opened)", generators=("mkdocs", "properdocs"))
ZENSICAL_INDEX_REQUEST = Global("Zensical's search index request", 'new URL("search.json",', "bundle",
                                "site.js (held until the search is opened)", generators=("zensical",))
SEARCH_WORKER = Global("the bundle's search worker", "new Worker(", "bundle",
                       "site.js (held until the search is opened)")
SEARCH_LABEL = Global("the search icon's label", 'for="__search"', "partials/header.html",
                      "site.js (opens the search: SEARCH_OPENERS)", generators=("mkdocs", "properdocs"))
SEARCH_BUTTON = Global("Zensical's search button", 'class="md-search__button"', "partials/search.html",
                       "site.js (opens the search: SEARCH_OPENERS)", generators=("zensical",))
GLOBALS = (COMPONENT, MD_GET, MD_SET, START, SITEMAP_REQUEST, INDEX_REQUEST, ZENSICAL_INDEX_REQUEST, SEARCH_WORKER,
           SEARCH_LABEL, SEARCH_BUTTON)

# --------------------------------------------------------------------------
# Search index per generator

SEARCH_INDEX = {"mkdocs": "search/search_index.json", "properdocs": "search/search_index.json",
                "zensical": "search.json"}

# --------------------------------------------------------------------------
# Translated strings


@dataclass(frozen=True)
class String:
    """A translated string of the theme that the site relies on: its key in
    the theme's language file and its text there."""

    key: str
    text: str
    used_by: str

    @property
    def name(self) -> str:
        return f'translated string "{self.key}"'

    def pattern(self) -> re.Pattern:
        """The string as shown, `#` standing for a number (a regular
        expression over a page's text, not its markup)."""
        return re.compile(re.escape(self.text).replace("\\#", r"\d+").replace("#", r"\d+"))


READTIME_ONE = String("readtime.one", "1 minuto di lettura", "layout.py (the post meta's reading time)")
READTIME_OTHER = String("readtime.other", "# minuti di lettura", "layout.py (the post meta's reading time)")
SEARCH = String("search.placeholder", "Cerca", "markup.py (the search dialog's name)")
STRINGS = (READTIME_ONE, READTIME_OTHER, SEARCH)

# --------------------------------------------------------------------------
# The checks


def _package(generator: str) -> str:
    return "zensical" if generator == "zensical" else "material"


def versions(generator: str) -> str:
    """The versions of the packages whose details the contract names."""
    names = ("zensical",) if generator == "zensical" else ("mkdocs-material", generator if generator != "mkdocs"
                                                           else "mkdocs", "markdown")
    found = []
    for name in names:
        try:
            found.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            found.append(f"{name} (not installed)")
    return ", ".join(found)


def templates_dir(generator: str) -> Path:
    """The theme's templates folder (Material's, or Zensical's copy)."""
    module = importlib.import_module(_package(generator))
    return Path(module.__file__).parent / "templates"


def theme_file(project, generator: str, name: str) -> Path:
    """The file `name` of the theme as the build uses it: the site's
    override (overrides/) if there is one, else the theme's own."""
    override = project.root / "overrides" / name
    return override if override.is_file() else templates_dir(generator) / name


def size() -> int:
    """How many items the contract declares."""
    return len(SELECTORS) + len(ASSETS) + len(PRIVATE) + len(GLOBALS) + len(SEARCH_INDEX) + len(STRINGS)


# Headings with ids in a page's article (Python-Markdown's toc extension):
# the theme writes the page's contents.
HEADINGS = "article.md-content__inner h2[id], article.md-content__inner h3[id]"


def _has_sections(nav) -> bool:
    """Whether the navigation (mkdocs.yml's `nav`) has a section."""
    for item in nav or []:
        if isinstance(item, dict) and any(isinstance(value, list) for value in item.values()):
            return True
    return False


class ContractError(ContentError):
    """An item of the theme contract no longer holds."""


def broken(item: str, problem: str, where: str) -> ContractError:
    """The one line that stops the build: the item, what is wrong, where."""
    return ContractError(f"Theme contract: {item}: {problem} ({where}). See README 'Upgrading Material'.")


def string_problems(project, generator: str) -> None:
    """Every translated string the site relies on is in the language file
    the build uses."""
    language = str(project.language or "it").split("_")[0].split("-")[0]
    path = theme_file(project, generator, f"partials/languages/{language}.html")
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    for string in STRINGS:
        if f'"{string.key}": "{string.text}"' not in text:
            raise broken(string.name, f'"{string.text}" is not in the translation file, used by {string.used_by}',
                         f"{path}, {versions(generator)}")


def check_build(project, site: Path, files: set[str], generator: str) -> None:
    """The checks that need no page, once per build: private details,
    assets, script globals, the search index, translated strings."""
    for item in PRIVATE:
        if generator in item.generators:
            problem = item.problem()
            if problem:
                raise broken(item.name, f"{problem}; used by {item.used_by}", versions(generator))
    for asset in ASSETS:
        if generator in asset.generators and not any(asset.matches(path) for path in files):
            raise broken(asset.name, f"no file of the built site matches {asset.pattern}; used by {asset.used_by}",
                         f"{site}, {versions(generator)}")
    bundle = next((path for path in sorted(files) if BUNDLE.matches(path)), None)
    for item in GLOBALS:
        if generator not in item.generators:
            continue
        path = site / bundle if item.where == "bundle" and bundle else templates_dir(generator) / item.where
        text = path.read_text(encoding="utf-8") if path.is_file() else ""
        if item.text not in text:
            raise broken(item.name, f"the theme no longer defines it; used by {item.used_by}",
                         f"{path}, {versions(generator)}")
    index = SEARCH_INDEX.get(generator)
    if index and index not in files:
        raise broken(f"the search index of {generator}", f"{index} is not in the built site",
                     f"{site}, {versions(generator)}")
    string_problems(project, generator)


@dataclass
class Contract:
    """The selectors' checks over one build's pages."""

    generator: str = "mkdocs"
    seen_kinds: set[str] = field(default_factory=set)
    found: set[str] = field(default_factory=set)
    has: set[str] = field(default_factory=lambda: {"pages"})
    pages: int = 0

    def page(self, output, page) -> None:
        """Checks the selectors on `page` (an html.Page) if it is the first
        page of its kind in this build; notes the `somewhere` ones found."""
        self.pages += 1
        kind = output.kind
        first = kind not in self.seen_kinds
        self.seen_kinds.add(kind)
        if kind == "post":
            self.has.add("posts")
        if "headings" not in self.has and page.has(HEADINGS):
            self.has.add("headings")
        for selector in SELECTORS:
            if self.generator not in selector.generators:
                continue
            if selector.somewhere:
                if selector.name not in self.found and page.has(selector.css):
                    self.found.add(selector.name)
            elif first and kind in selector.kinds and not page.has(selector.css):
                raise broken(f"selector {selector.css} ({selector.name})",
                             f"matches nothing on the {kind} page {output.url or '/'}; used by {selector.used_by}",
                             versions(self.generator))

    def finish(self, nav=None) -> None:
        """Every `somewhere` selector matched on some page, when the site
        has what makes the theme write it (`nav`: mkdocs.yml's). A build
        that rewrote only some pages, a preview, checks none."""
        if _has_sections(nav):
            self.has.add("sections")
        for selector in SELECTORS:
            if (selector.somewhere in self.has and self.generator in selector.generators
                    and selector.name not in self.found):
                raise broken(f"selector {selector.css} ({selector.name})",
                             f"matches nothing on any page of the site; used by {selector.used_by}",
                             versions(self.generator))
