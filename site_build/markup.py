"""Pipeline step: fixes and additions to the theme's own markup that no
template block reaches, made on the built pages, so that they hold for
Material under MkDocs or ProperDocs and for Zensical alike.

Each fix names what it is for (the Nu HTML Checker and axe-core, run by
the tests over every generator's output, reject the markup it replaces).
A fix whose pattern a theme no longer writes simply finds nothing: the
tests' HTML and accessibility gates check whatever the theme emits.

The header's contact action (`extra.header_action` in mkdocs.yml) is
rendered by the header's template (partials/header.html).
"""

from __future__ import annotations

import re


HIDDEN = '<span class="site-visually-hidden">{}</span>'

FIXES = [
    # `autocomplete` is not allowed on a checkbox (Nu HTML Checker).
    (re.compile(r'(<input class="md-toggle"[^>]*?type="checkbox"[^>]*?) autocomplete="off"'), r"\1"),
    # A label that names a control must not be hidden from assistive
    # technology (Nu HTML Checker: the overlay that closes the drawer).
    (re.compile(r'(<label class="md-overlay" for="__drawer") aria-hidden="true"'), r"\1"),
    # A dialog needs an accessible name (axe: aria-dialog-name).
    (re.compile(r'<div class="md-search" data-md-component="search" role="dialog">'),
     '<div class="md-search" data-md-component="search" role="dialog" aria-label="{search}">'),
    # The menu button must be reachable by keyboard (the theme's script
    # clicks a focused label on Enter) and have a name.
    (re.compile(r'<label class="md-header__button md-icon" for="__drawer">(?!\s*<span class="site-visually-hidden)'),
     '<label class="md-header__button md-icon" for="__drawer" tabindex="0">' + HIDDEN.format("Menu di navigazione")),
    # The arrow that opens a section with an index page is the only label
    # of that section's <nav>, and had no text: every such <nav> was a
    # landmark without a name (axe: landmark-unique), the arrow a control
    # without a name. It gets the section's title.
    (re.compile(r'(<label class="md-nav__link[^"]*" for="(__nav_[\d_]+)" id="\2_label"[^>]*>)'
                r'(\s*<span class="md-nav__icon md-icon"></span>)'), "arrow"),
    # A section title that is not focusable got tabindex="" (Nu HTML Checker).
    (re.compile(r' tabindex=""'), ""),
    # In the phone menu a section's title leads back to the level above;
    # the keyboard must reach it.
    (re.compile(r'<label class="md-nav__title" for="(__nav_[\d_]+)">'), r'<label class="md-nav__title" for="\1" tabindex="0">'),
    # The current page in the phone menu is this label, which opens its
    # contents; the keyboard must reach it.
    (re.compile(r'<label class="md-nav__link md-nav__link--active" for="__toc">'),
     '<label class="md-nav__link md-nav__link--active" for="__toc" tabindex="0">'),
    # A second navigation landmark next to the site's needs its own name
    # (axe: landmark-unique): a post's sidebar, with its link back to the blog.
    (re.compile(r'<nav class="md-nav md-nav--primary">'),
     '<nav class="md-nav md-nav--primary" aria-label="Blog">'),
    (re.compile(r'</div>\s*<nav class="md-nav">'), "titled nav"),
    # The authors' pictures above each post on the blog's lists, and each
    # post's "continue reading" link, were a <nav> without a name each
    # (axe: landmark-unique): they are not navigation.
    (re.compile(r'<nav class="(md-post__authors md-typeset|md-post__action)">(.*?)</nav>', re.S),
     r'<div class="\1">\2</div>'),
]
TOC_TOGGLE = '<input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">'
TOC_TITLE = '<label class="md-nav__title" for="__toc">'
# The definition of a place, which the function below finds fast (Python's
# regular expressions try a pattern that starts with \s at every position
# of the page; tests/test_markup.py compares the two):
TOC_INPUT = re.compile(r'\s*' + re.escape(TOC_TOGGLE))  # the toggle, with the spaces before it


def _spaces_before(page: str, at: int) -> int:
    """Where the run of white space that ends at `at` begins."""
    while at > 0 and page[at - 1].isspace():
        at -= 1
    return at


def without_toc_toggle(page: str) -> str:
    """TOC_INPUT.sub("", page, count=1)."""
    at = page.find(TOC_TOGGLE)
    if at < 0:
        return page
    return page[:_spaces_before(page, at)] + page[at + len(TOC_TOGGLE):]


# A post's sidebar (Material's blog) repeats the author and the metadata
# (date, categories, reading time) that the post shows under its title
# (partials/post-meta.html): the copies were hidden, and were a tenth of a
# post's elements. They go; the sidebar keeps its link back to the blog.
POST_SIDEBAR = '<div class="md-sidebar md-sidebar--post"'
SIDEBAR_COPIES = (('<div class="md-post__authors md-typeset">', "div"),
                  ('<ul class="md-post__meta md-nav__list">', "ul"))


def _element_end(page: str, start: int, name: str) -> int:
    """Where the <name> element that opens at `start` ends, or -1."""
    depth = 0
    for match in re.compile(rf"<{name}\b|</{name}>").finditer(page, start):
        depth += -1 if match.group(0).startswith("</") else 1
        if depth == 0:
            return match.end()
    return -1


def without_sidebar_copies(page: str) -> str:
    sidebar = page.find(POST_SIDEBAR)
    if sidebar < 0:
        return page
    for opening, name in SIDEBAR_COPIES:
        end_of_sidebar = page.find("<article", sidebar)
        at = page.find(opening, sidebar, end_of_sidebar if end_of_sidebar >= 0 else len(page))
        end = _element_end(page, at, name) if at >= 0 else -1
        if end > 0:
            page = page[:_spaces_before(page, at)] + page[end:]
    return page


ELLIPSIS = re.compile(r'<span class="md-ellipsis">\s*([^<]*?)\s*</span>\s*(?:</a>|</div>)\s*$')


def _preceding_title(page: str, at: int) -> str | None:
    """The title in the `md-ellipsis` span that ends right before `at`."""
    match = ELLIPSIS.search(page, max(0, at - 400), at)
    return match.group(1) if match else None


def _arrow(page: str, match: re.Match) -> str:
    title = _preceding_title(page, match.start())
    return match.group(0) if title is None else match.group(1) + HIDDEN.format(f" {title} ") + match.group(3)


def _titled_nav(page: str, match: re.Match) -> str:
    title = _preceding_title(page, match.start() + len("</div>"))
    return match.group(0) if title is None else match.group(0)[:-1] + f' aria-label="{title}">'


SPECIAL = {"arrow": _arrow, "titled nav": _titled_nav}


# Where a fix writes the theme's word for "search" in the site's language.
SEARCH_SLOT = "{search}"


def fix(page: str, search: str = "Cerca") -> str:
    """The page with every fix applied; `search`: the theme's word for
    "search" in the site's language (render.translate)."""
    # The contents toggle of a page without contents is a checkbox no label
    # names (HTML_CodeSniffer): it goes.
    if TOC_TOGGLE in page and 'md-nav__link--active" for="__toc"' not in page:
        page = without_toc_toggle(page)
    for pattern, replacement in FIXES:
        if replacement in SPECIAL:
            special = SPECIAL[replacement]
            page = pattern.sub(lambda m, page=page, special=special: special(page, m), page)
        else:
            page = pattern.sub(replacement.replace(SEARCH_SLOT, search), page)
    # The contents' title leads back from the contents in the phone menu,
    # where the toggle exists (the first such title, inside the menu); the
    # others (the sidebar's) pointed at nothing (Nu HTML Checker).
    has_toggle = 'id="__toc"' in page
    first = True

    def title(match: re.Match) -> str:
        nonlocal first
        keep, first = has_toggle and first, False
        return '<label class="md-nav__title" for="__toc" tabindex="0">' if keep else '<label class="md-nav__title">'

    page = re.sub(re.escape(TOC_TITLE), title, page)
    # Any other label for the contents toggle, where there is none, pointed
    # at nothing (Nu HTML Checker; Zensical's sidebar button).
    if not has_toggle:
        page = re.sub(r'(<label\b[^>]*?) for="__toc"', r"\1", page)
    return without_sidebar_copies(page)


def page(build, output, html: str) -> str:
    """The page's markup fixed."""
    return fix(html, build.words["search"])
