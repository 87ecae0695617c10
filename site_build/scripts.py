"""Pipeline step: the page's scripts run after its first paint.

The theme ends every page with its scripts (the site's `site.js`,
Material's bundle, a page's own script): parser-blocking `<script src>`
elements. When one of them has arrived by the time the browser can first
paint, which is the rule on a fast connection, the browser runs it before
showing the page, and Material's bundle is the longest task of a page
load. Lighthouse's simulated phone counts every such script, its download
and its evaluation, into the time the first text appears.

Here each of those scripts becomes a preload link (it downloads as early
as before) and one inline script, `after_paint.js`, the same on every page
(one hash in the security policy), runs them in order once the page has
painted its first screen (the script says when, and how Material's
bundle, and only it, still gets its DOMContentLoaded). What the scripts
do is unchanged. The build writes into the loader what the contract
block below declares: the bundle's start event and the files site.js
holds back until the reader needs them.

Below 960 px Material's bundle waits until a reader needs it. There
Material shows none of what its bundle drives at a glance (the sidebars,
the table of contents that follows the reader); what a phone reader meets
is the search, which loads the bundle when it is opened (site.js), and a
few touches site.js does itself while the bundle has not run. The
bundle's preload link carries the width as its `media`, so a phone does
not even download it; the loader runs it when that width matches, now or
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

from .brand import compact

# ---------------------------------------------------------------------------
# THE THEME CONTRACT OF THE PHONE DEFERRAL AND THE SEARCH HOLD: every detail
# of Material for MkDocs (and of Zensical, whose bundle is built the same way) that
# this module, after_paint.js and site.js (sections 1 and 7) rely on, in
# one place. tests/test_theme_contract_scripts.py checks each against the
# installed Material and Zensical, naming the item that an upgrade broke;
# the browser tests (test_first_paint.py, test_material_on_demand.py,
# test_speed.py) check what they do.
# ---------------------------------------------------------------------------
# The theme's configuration element; the scripts after it are the theme's
# closing scripts. site.js reads its `base` (the site's root address,
# relative to the page) and `search` (the search worker's address).
CONFIG = '<script id="__config"'
# Material's bundle (assets/javascripts/bundle.<hash>.min.js).
BUNDLE = re.compile(r"(?:^|/)assets/javascripts/bundle\.[0-9a-f]+\.min\.js$")
# The event the bundle starts on: its `document$` listens for it, once, on
# the document (after_paint.js hands it to the bundle's listener alone).
BUNDLE_START_EVENT = "DOMContentLoaded"
# The globals the site's scripts read: `component$` exists once the bundle
# has run (site.js section 7 stands down then); `__md_get` and `__md_set`
# keep the reader's colour scheme as Material keeps it (the palette).
BUNDLE_GLOBALS = ("component$", "__md_get", "__md_set")
# What the bundle requests at once and site.js holds back until the reader
# needs it, each relative to the configuration's `base`: the search index
# (one name per generator) until the search is opened, the sitemap (which
# the bundle reads for every <link rel="alternate">) until the reader first
# interacts. The search worker is held too, at the configuration's `search`.
SEARCH_INDEX = {"mkdocs": "search/search_index.json", "properdocs": "search/search_index.json",
                "zensical": "search.json"}
SITEMAP = "sitemap.xml"
# What opens the search: Material's search icon (a label of its toggle) and
# Zensical's search button; the search field's focus and Material's
# keyboard shortcuts open it too (site.js).
SEARCH_OPENERS = 'label[for="__search"], .md-search__button'
HOLD = {"search": sorted(set(SEARCH_INDEX.values())), "sitemap": [SITEMAP], "openers": SEARCH_OPENERS}
# The width from which Material shows its sidebars (its own `tablet$`).
WIDE = "(min-width: 960px)"
# Content that Material's bundle works on at every width: code blocks (copy
# button, annotations), annotated lists, content tabs, diagrams, and the
# consent, repository and version widgets.
NEEDS_BUNDLE = re.compile(
    r'<pre[\s>]|class="[^"]*\b(?:tabbed-set|mermaid|annotate)\b'
    r'|data-md-component="(?:consent|source|outdated)"'
)
# --------------------------------------------------------------------------- end of the contract

# A run of plain external scripts (white space between them).
SCRIPTS = re.compile(r'(?:\s*<script src="(?![a-z]+:|//)[^"]+"></script>)+')
SCRIPT = re.compile(r'<script src="([^"]+)"></script>')
PRELOAD = '<link rel="preload" as="script" href="{}"{} data-site-script>'

@lru_cache(maxsize=1)
def loader() -> str:
    """after_paint.js, compacted like the site's styles, with the contract's
    start event and held files written in."""
    text = compact(Path(__file__).with_name("after_paint.js").read_text(encoding="utf-8"))
    text = text.replace("SITE_START", json.dumps(BUNDLE_START_EVENT))
    return text.replace("SITE_HOLD", json.dumps(HOLD, separators=(",", ":")))


def page(build, output, html: str) -> str:
    """The page's closing scripts as preload links and the loader."""
    config = html.rfind(CONFIG)
    if config < 0:
        return html
    start = html.find("</script>", config)
    found = SCRIPTS.search(html, start)
    if not found or html.find("</body>", start) < found.start():
        return html
    sources = SCRIPT.findall(found.group(0))
    on_demand = not NEEDS_BUNDLE.search(html)
    moved = "".join("\n  " + PRELOAD.format(src, media(src, on_demand)) for src in sources)
    return html[: found.start()] + moved + f"\n  <script>{loader()}</script>" + html[found.end():]


# SITE_PHONE_DEFERRAL=off builds without the phone deferral (Material's
# bundle loads and runs after the first paint at every width): the switch
# bench/lighthouse.py and bench/blocking.py use to measure what it buys.
DEFERRAL_SWITCH = "SITE_PHONE_DEFERRAL"


def phone_deferral() -> bool:
    """Whether Material's bundle waits for a wide screen or the search on
    pages that can do without it (on unless SITE_PHONE_DEFERRAL=off)."""
    return os.environ.get(DEFERRAL_SWITCH, "on").strip().lower() not in ("off", "0", "no", "false")


def media(src: str, on_demand: bool) -> str:
    """The preload link's media attribute: Material's bundle on a page that
    can do without it on a narrow screen waits for a wide one."""
    return f' media="{WIDE}"' if on_demand and phone_deferral() and BUNDLE.search(src) else ""


def compact_files(project, site: Path) -> None:
    """The site's own scripts (docs/assets/javascripts) as they are sent:
    without their comments and indentation, as the loader is (site.js is
    40% smaller compressed). `make serve` sends them as written."""
    for source in sorted((project.docs_dir / "assets" / "javascripts").glob("*.js")):
        built = site / "assets" / "javascripts" / source.name
        if built.is_file():
            built.write_text(compact(built.read_text(encoding="utf-8")), encoding="utf-8")
