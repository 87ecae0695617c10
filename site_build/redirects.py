"""Pipeline step: the pages at old addresses (`redirect_maps` in mkdocs.yml,
written by mkdocs-redirects), and site/_redirects.

mkdocs-redirects gives each old address a page with a meta refresh, a
canonical link and an inline script that keeps the visitor's #section. Each
such script differs (it names its target), so each would add a hash to the
Content-Security-Policy: about twenty of them made the policy longer than
the line Cloudflare Pages reads. Here each page is written anew, in the
site's language and kept out of search, with one file of the site's own in
place of that script, `assets/javascripts/redirect.js` (redirect.js next
to this file), which reads the target from the canonical link: the policy
stays the same whatever the number of renamed pages.

For the hosts that read `_headers` (Netlify, Cloudflare Pages:
site_build/hosting.py) the step also writes `_redirects`, one permanent
(301) redirect per old address, so that visitors and search engines are
sent on by the server itself. Cloudflare Pages follows a redirect even
where a file exists; Netlify serves the file (its "shadowing"), so there the
page above still does the job. GitHub Pages reads neither file and keeps the
pages.
"""

from __future__ import annotations

import posixpath
from html import escape
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from site_extensions.errors import ContentError

from .brand import compact
from .hosting import meta_policy
from .log import log
from .outputs import redirect_target, start
from .project import Project

SCRIPT = "assets/javascripts/redirect.js"
REDIRECTS_FILE = "_redirects"
# Cloudflare Pages: at most 2,000 static redirects, each at most 1,000
# characters (Netlify documents no limit).
MAX_REDIRECTS = 2000
MAX_REDIRECT_LINE = 1000


def redirect_pages(site: Path) -> dict[str, str]:
    """The redirect pages of a build: {page path in the site: its target,
    as the page's canonical link writes it (relative to the page)}. The
    pipeline has them from its own reading of the pages (Build.redirects)."""
    found = {}
    for path in sorted(site.rglob("*.html")):
        target = redirect_target(start(path))
        if target is not None:
            found[path.relative_to(site).as_posix()] = target
    return found


def page(project: Project, target: str, script: str) -> str:
    """The page at an old address, in the site's language: the canonical
    link and the meta refresh to `target` (as the plugin's page gave it,
    relative), kept out of search, and the shared script that keeps the
    visitor's #section."""
    href = escape(target)
    return (f'<!doctype html>\n<html lang="{escape(project.language)}">\n<head>\n'
            f'<meta charset="utf-8">\n<title>Pagina spostata</title>\n'
            f'<meta name="robots" content="noindex">\n<link rel="canonical" href="{href}">\n'
            f'<script src="{escape(script)}"></script>\n'
            f'<meta http-equiv="refresh" content="0; url={href}">\n</head>\n<body>\n'
            f'<p>Questa pagina ha un nuovo indirizzo: <a href="{href}">vai alla pagina</a>.</p>\n'
            "</body>\n</html>\n")


def _url(rel: str) -> str:
    """The address path of a built file, from the site's root: 'a/index.html' -> '/a/'."""
    return "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


def rules(project: Project, pages: dict[str, str]) -> list[str]:
    """`_redirects` lines: the old address, the new one (both from the
    site's root, under the path of site_url), 301."""
    base = urlsplit(project.site_url).path.rstrip("/")
    lines = []
    for rel, target in sorted(pages.items()):
        old = _url(rel)
        lines.append(f"{base}{old} {base}{urljoin(old, target)} 301")
    return lines


def run(project: Project, site: Path, pages: dict[str, str] | None = None) -> None:
    """The redirect pages without inline scripts, and `_redirects`; `pages`:
    the build's redirect pages (`redirect_pages`), when the caller has them."""
    pages = redirect_pages(site) if pages is None else pages
    if not pages:
        return
    script = site / SCRIPT
    script.parent.mkdir(parents=True, exist_ok=True)
    script.write_text(compact(Path(__file__).with_name("redirect.js").read_text(encoding="utf-8")), encoding="utf-8")
    for rel, target in pages.items():
        src = posixpath.relpath(SCRIPT, posixpath.dirname(rel) or ".")
        (site / rel).write_text(page(project, target, src), encoding="utf-8")

    target = site / REDIRECTS_FILE
    if meta_policy(project):
        target.unlink(missing_ok=True)
        return
    lines = rules(project, pages)
    if len(lines) > MAX_REDIRECTS:
        raise ContentError(f"{REDIRECTS_FILE}: {len(lines)} redirects (mkdocs.yml redirect_maps); Cloudflare Pages "
                           f"reads at most {MAX_REDIRECTS}: remove the oldest entries")
    too_long = [line.split()[0] for line in lines if len(line) > MAX_REDIRECT_LINE]
    if too_long:
        raise ContentError(f"{REDIRECTS_FILE}: the redirect of {too_long[0]} is longer than "
                           f"{MAX_REDIRECT_LINE} characters, which Cloudflare Pages ignores: shorten the "
                           "address in mkdocs.yml redirect_maps")
    target.write_text("# Old addresses (mkdocs.yml redirect_maps), written at build time by\n"
                      "# site_build/redirects.py: do not edit, rebuild instead.\n" + "\n".join(lines) + "\n",
                      encoding="utf-8")
    log.info("%s: %d redirects", REDIRECTS_FILE, len(lines))
