"""Pipeline step: fixes and additions to the theme's own markup that no
template block reaches, made on the built page's tree (site_build/html.py),
so that they hold for Material under MkDocs or ProperDocs and for Zensical
alike.

Each fix names what it is for (the Nu HTML Checker and axe-core, run by
the tests over every generator's output, reject the markup it replaces),
and finds what it fixes through a selector of the theme contract
(site_build/theme.py): when an upgrade stops writing that markup, the
contract's check stops the build naming the selector, and the fix can go.

The header's contact action (`extra.header_action` in mkdocs.yml) is
rendered by the header's template (partials/header.html).
"""

from __future__ import annotations

from html import escape

from . import html, theme
from .html import Node, Page

HIDDEN = '<span class="site-visually-hidden">{}</span>'
MENU = "Menu di navigazione"  # the menu button's name
POST_SIDEBAR_NAV = "Blog"  # the name of a post sidebar's navigation


def _preceding_title(node: Node) -> str | None:
    """The title in the `md-ellipsis` span that is the last element of the
    element right before `node` (a navigation link or its container)."""
    before = node.prev
    while before is not None and not before.is_element_node:
        if before.text_content.strip():
            return None
        before = before.prev
    if before is None or before.tag not in ("a", "div"):
        return None
    last = before.last_child
    while last is not None and not last.is_element_node:
        if last.text_content.strip():
            return None
        last = last.prev
    if last is None or not last.css_matches(theme.ELLIPSIS.css):
        return None
    return html.text(last)


def fix(page: Page) -> None:
    """The page with every fix applied."""
    # The contents toggle of a page without contents is a checkbox no label
    # names (HTML_CodeSniffer): it goes.
    toggle = page.first(theme.TOC_TOGGLE.css)
    if toggle is not None and not page.has(theme.ACTIVE_TOC_LABEL.css):
        html.remove(toggle, spaces_before=True)
        toggle = None
    # `autocomplete` is not allowed on a checkbox (Nu HTML Checker).
    for node in page.select(theme.DRAWER_TOGGLE.css):
        del node.attrs["autocomplete"]
    # A label that names a control must not be hidden from assistive
    # technology (Nu HTML Checker: Zensical's overlay that closes the drawer).
    for node in page.select(theme.OVERLAY.css):
        del node.attrs["aria-hidden"]
    # A dialog needs an accessible name (axe: aria-dialog-name): the
    # theme's own word for search.
    for node in page.select(theme.SEARCH_DIALOG.css):
        if "aria-label" not in node.attributes:
            node.attrs["aria-label"] = theme.SEARCH.text
    # The menu button must be reachable by keyboard (the theme's script
    # clicks a focused label on Enter) and have a name.
    for node in page.select(theme.MENU_BUTTON.css):
        if "tabindex" not in node.attributes and node.css_first("span.site-visually-hidden") is None:
            node.attrs["tabindex"] = "0"
            html.prepend(node, HIDDEN.format(MENU))
    # The arrow that opens a section with an index page is the only label
    # of that section's <nav>, and had no text: every such <nav> was a
    # landmark without a name (axe: landmark-unique), the arrow a control
    # without a name. It gets the section's title.
    for node in page.select(theme.SECTION_ARROW.css):
        icon = next(html.elements(node), None)
        if node.attributes.get("id") != f"{node.attributes.get('for')}_label" or icon is None \
                or not icon.css_matches(theme.NAV_ICON.css):
            continue
        title = _preceding_title(node)
        if title is not None:
            html.prepend(node, HIDDEN.format(f" {escape(title, quote=False)} "))
    # A section title that is not focusable got tabindex="" (Nu HTML Checker).
    for node in page.select(theme.EMPTY_TABINDEX.css):
        del node.attrs["tabindex"]
    # In the phone menu a section's title leads back to the level above;
    # the keyboard must reach it.
    for node in page.select(theme.SECTION_TITLE.css):
        node.attrs["tabindex"] = "0"
    # The current page in the phone menu is this label, which opens its
    # contents; the keyboard must reach it.
    for node in page.select(theme.ACTIVE_TOC_LABEL.css):
        node.attrs["tabindex"] = "0"
    # A second navigation landmark next to the site's needs its own name
    # (axe: landmark-unique): a post's sidebar, with its link back to the
    # blog; a section's list of links, by the title before it.
    for node in page.select(theme.POST_SIDEBAR_NAV.css):
        if len(node.attributes) == 1:  # the class alone: not the site's navigation
            node.attrs["aria-label"] = POST_SIDEBAR_NAV
    for node in page.select(theme.SECTION_NAV.css):
        title = _preceding_title(node)
        if title is not None and len(node.attributes) == 1:
            node.attrs["aria-label"] = title
    # The authors' pictures above each post on the blog's lists, and each
    # post's "continue reading" link, were a <nav> without a name each
    # (axe: landmark-unique): they are not navigation.
    for node in page.select(f"{theme.LIST_AUTHORS.css}, {theme.POST_ACTION.css}"):
        html.unwrap_as(node, "div")
    # The contents' title leads back from the contents in the phone menu,
    # where the toggle exists (the first such title, inside the menu); the
    # others (the sidebar's) pointed at nothing (Nu HTML Checker).
    has_toggle = toggle is not None or page.has(theme.TOC_TOGGLE.css)
    for n, node in enumerate(page.select(theme.TOC_TITLE.css)):
        if has_toggle and n == 0:
            node.attrs["tabindex"] = "0"
        else:
            del node.attrs["for"]
    # Any other label for the contents toggle, where there is none, pointed
    # at nothing (Nu HTML Checker; Zensical's sidebar button).
    if not has_toggle:
        for node in page.select(theme.TOC_FOR.css):
            del node.attrs["for"]


def page(build, output, page: Page) -> None:
    """The page's markup fixed."""
    fix(page)
