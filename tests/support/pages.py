"""The pages of a build: which files are pages, and their addresses."""

from __future__ import annotations

from pathlib import Path


def is_redirect_page(path: Path) -> bool:
    """A page that only sends the reader on from the old address of a
    renamed page (`redirect_maps` in mkdocs.yml): no content, no theme.
    tests/test_redirects.py checks those pages."""
    with path.open(encoding="utf-8", errors="replace") as page:
        return 'http-equiv="refresh"' in page.read(2000)


def html_pages(site: Path, redirects: bool = False) -> list[str]:
    """Every HTML page of a build, as paths relative to its root; the
    redirect pages of old addresses only with `redirects`. The editor's
    page (admin/index.html: Decap CMS's, no page of the site's, with its own
    policy) is left out: tests/test_editor.py checks it."""
    return sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if "assets" not in p.relative_to(site).parts and p.relative_to(site).parts[0] != "admin"
        and (redirects or not is_redirect_page(p))
    )


def page_url(path: str) -> str:
    """The URL path a visitor uses for a built file (directory URLs)."""
    if path == "index.html":
        return "/"
    if path.endswith("/index.html"):
        return "/" + path[: -len("index.html")]
    return "/" + path
