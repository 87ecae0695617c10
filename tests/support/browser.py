"""Debian's Chromium as the tests drive it: its options (every host but
127.0.0.1 unreachable), the route that aborts requests leaving the machine,
and the wait for the site's scripts."""

from __future__ import annotations

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def local_only(route):
    """Let requests to 127.0.0.1 through; abort everything else."""
    url = route.request.url
    if url.startswith(("http://127.0.0.1", "data:", "blob:", "about:")):
        return route.continue_()
    return route.abort("blockedbyclient")


def wait_for_scripts(page) -> None:
    """Wait until the page's scripts have run: they start after the first
    paint (site_build/scripts.py), which can come after the load event
    that Playwright's navigation waits for."""
    if page.locator("script#site-scripts").count():
        page.wait_for_selector("html[data-site-scripts=ready]", state="attached", timeout=10_000)


def with_scripts(page):
    """`page`, whose goto() and reload() also wait for the page's scripts."""
    for name in ("goto", "reload"):
        def navigate(*args, _navigate=getattr(page, name), **kwargs):
            response = _navigate(*args, **kwargs)
            wait_for_scripts(page)
            return response

        setattr(page, name, navigate)
    return page
