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
bundle still gets its DOMContentLoaded). What the scripts do is
unchanged.

Below 960 px Material's bundle waits until a reader needs it. There
Material shows none of what its bundle drives at a glance (the sidebars,
the table of contents that follows the reader); what a phone reader meets
is the search, which loads the bundle when it is opened (site.js), and a
few touches site.js does itself while the bundle has not run. The
bundle's preload link carries the width as its `media`, so a phone does
not even download it; the loader runs it when that width matches, now or
later, or when site.js asks. A page whose content Material's bundle works
on at any width (code blocks, annotated lists, content tabs, diagrams, a
consent or repository widget) keeps it at every width.

Only plain same-site scripts after the theme's configuration element are
moved; a script with `async`, `defer`, a `type` or any other attribute
keeps its place.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

from .brand import compact

CONFIG = '<script id="__config"'
# A run of plain external scripts (white space between them).
SCRIPTS = re.compile(r'(?:\s*<script src="(?![a-z]+:|//)[^"]+"></script>)+')
SCRIPT = re.compile(r'<script src="([^"]+)"></script>')
PRELOAD = '<link rel="preload" as="script" href="{}"{} data-site-script>'
# Material's bundle (assets/javascripts/bundle.<hash>.min.js).
BUNDLE = re.compile(r"(?:^|/)assets/javascripts/bundle\.[0-9a-f]+\.min\.js$")
# The width from which Material shows its sidebars (its own `tablet$`).
WIDE = "(min-width: 960px)"
# Content that Material's bundle works on at every width: code blocks (copy
# button, annotations), annotated lists, content tabs, diagrams, and the
# consent, repository and version widgets.
NEEDS_BUNDLE = re.compile(
    r'<pre[\s>]|class="[^"]*\b(?:tabbed-set|mermaid|annotate)\b'
    r'|data-md-component="(?:consent|source|outdated)"'
)


@lru_cache(maxsize=1)
def loader() -> str:
    """after_paint.js, compacted like the site's styles."""
    return compact(Path(__file__).with_name("after_paint.js").read_text(encoding="utf-8"))


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
