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

Only plain same-site scripts after the theme's configuration element are
moved; a script with `async`, `defer`, a `type` or any other attribute
keeps its place.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from .brand import compact

CONFIG = '<script id="__config"'
# A run of plain external scripts (white space between them).
SCRIPTS = re.compile(r'(?:\s*<script src="(?![a-z]+:|//)[^"]+"></script>)+')
SCRIPT = re.compile(r'<script src="([^"]+)"></script>')
PRELOAD = '<link rel="preload" as="script" href="{}" data-site-script>'


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
    moved = "".join("\n  " + PRELOAD.format(src) for src in sources)
    return html[: found.start()] + moved + f"\n  <script>{loader()}</script>" + html[found.end():]
