"""Pipeline step: the page's scripts run after its first paint.

The theme ends every page with its scripts (the site's `site.js`,
Material's bundle, a page's own script): parser-blocking `<script src>`
elements. When one of them has arrived by the time the browser can first
paint, which is the rule on a fast connection, the browser runs it before
showing the page, and Material's bundle is the longest task of a page
load. Lighthouse's simulated phone counts every such script, its download
and its evaluation, into the time the first text appears.

Here those scripts become one list, a JSON data block
(`<script type="application/json" id="site-scripts">`: each script's
address and, for Material's bundle on a phone, its `media`), and one
inline script, `after_paint.js`, the same on every page (one hash in the
security policy), loads and runs them in order once the page has painted
its first screen (the script says when, and how Material's bundle, and
only it, still gets its DOMContentLoaded). What the scripts do is
unchanged. Nothing is fetched before the first paint: a download that
ends before it, even of a script that runs later, is a request the
first paint waited on in Lighthouse's simulated phone (every request
that ends before the largest paint is on its estimated critical path),
and on a phone it shares the connection with the page and its pictures.
The build writes into the loader what the theme contract
(site_build/theme.py) declares: the bundle's start event and the files
site.js holds back until the reader needs them (HOLD below).

Below 960 px Material's bundle waits until a reader needs it. There
Material shows none of what its bundle drives at a glance (the sidebars,
the table of contents that follows the reader); what a phone reader meets
is the search, which loads the bundle when it is opened (site.js), and a
few touches site.js does itself while the bundle has not run. The
bundle's entry carries the width as its `media`, so a phone does not even
download it; the loader runs it when that width matches, now or
later, or when site.js asks (SITE_PHONE_DEFERRAL=off builds without
this deferral, for the benchmarks). A page whose content Material's bundle works
on at any width (code blocks, annotated lists, content tabs, diagrams, a
consent or repository widget) keeps it at every width.

Only plain same-site scripts after the theme's configuration element are
moved; a script with `async`, `defer`, a `type` or any other attribute
keeps its place.
"""

from __future__ import annotations

import json
import os
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from . import html, theme
from .brand import compact

SCHEME = re.compile(r"[a-z]+:")  # an address on another site (or a data: address)

# The element that lists the scripts the loader runs (after_paint.js reads it).
LIST_ID = "site-scripts"
# The width from which Material shows its sidebars (its own `tablet$`).
WIDE = "(min-width: 960px)"
# What site.js holds back until the reader needs it, each relative to the
# theme configuration's `base` (theme.py declares each): the search index
# (every generator's name) until the search is opened, the sitemap until
# the reader first interacts, and what opens the search. The search
# worker is held too, at the configuration's `search`.
HOLD = {"search": sorted(set(theme.SEARCH_INDEX.values())), "sitemap": [theme.SITEMAP],
        "openers": theme.SEARCH_OPENERS}
# SITE_PHONE_DEFERRAL=off builds without the phone deferral (Material's
# bundle loads and runs after the first paint at every width): the switch
# bench/lighthouse.py and bench/blocking.py use to measure what it buys.
DEFERRAL_SWITCH = "SITE_PHONE_DEFERRAL"


@lru_cache(maxsize=1)
def loader() -> str:
    """after_paint.js, compacted like the site's styles, with the theme
    contract's start event and the held files written in."""
    text = compact(Path(__file__).with_name("after_paint.js").read_text(encoding="utf-8"))
    text = text.replace("SITE_START", json.dumps(theme.START_EVENT)).replace("SITE_LIST", json.dumps(LIST_ID))
    return text.replace("SITE_HOLD", json.dumps(HOLD, separators=(",", ":")))


def _moved(node: html.Node) -> bool:
    """A plain same-site script: `src` its only attribute, no content."""
    if node.tag != "script" or node.child is not None:
        return False
    attributes = node.attributes
    src = attributes.get("src") or ""
    return list(attributes) == ["src"] and not src.startswith("//") and not SCHEME.match(src)


def page(build, output, page: html.Page) -> None:
    """The page's closing scripts as the loader's list, and the loader."""
    configs = page.select(theme.CONFIG.css)
    if not configs:
        return
    # The first run of plain scripts after the theme's configuration (only
    # white space between them).
    node, run = configs[-1].next, []
    while node is not None:
        if node.is_element_node and _moved(node):
            run.append(node)
        elif run and (node.is_element_node or node.is_text_node and node.text_content.strip()):
            break
        node = node.next
    if not run:
        return
    on_demand = not page.has(theme.NEEDS_BUNDLE.css)
    listed = []
    for script in run:
        src = script.attributes["src"]
        wait = media(src, on_demand)
        listed.append({"src": src, "media": wait} if wait else {"src": src})
    html.insert_before(run[0], f'\n  <script type="application/json" id="{LIST_ID}">{script_list(listed)}</script>'
                                f"\n  <script>{loader()}</script>")
    for script in run:
        html.remove(script, spaces_before=True)


def phone_deferral() -> bool:
    """Whether Material's bundle waits for a wide screen or the search on
    pages that can do without it (on unless SITE_PHONE_DEFERRAL=off)."""
    return os.environ.get(DEFERRAL_SWITCH, "on").strip().lower() not in ("off", "0", "no", "false")


def media(src: str, on_demand: bool) -> str | None:
    """The media query a script waits for: Material's bundle on a page that
    can do without it on a narrow screen waits for a wide one."""
    return (WIDE if on_demand and phone_deferral() and theme.BUNDLE.matches(urlsplit(src).path)
            else None)


def script_list(listed: list[dict]) -> str:
    """The loader's list as JSON inside a script element: `<` escaped, so
    that no address can close the element."""
    return json.dumps(listed, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def compact_files(project, site: Path) -> None:
    """The site's own scripts (docs/assets/javascripts) as they are sent:
    without their comments and indentation, as the loader is (site.js is
    40% smaller compressed). `make serve` sends them as written."""
    for source in sorted((project.docs_dir / "assets" / "javascripts").glob("*.js")):
        built = site / "assets" / "javascripts" / source.name
        if built.is_file():
            built.write_text(compact(built.read_text(encoding="utf-8")), encoding="utf-8")
