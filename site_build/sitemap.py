"""Pipeline steps for search engines: real `lastmod` dates in sitemap.xml
(and its gzip copy), and robots.txt.

Generators write the build date as every page's `lastmod`, or none. This
step gives each address the date its content last changed instead:

- a blog post: `date.updated` in its front matter, else `date.created`;
- another page: `date` in its front matter if it has one (a date, or
  `updated`/`created` under it), else the date of the last commit that
  changed its source file (one `git log` for the whole docs folder), else
  none, and the sitemap leaves `lastmod` out;
- a blog view (index, archive, category, author, their later pages): the
  newest of its own date and those of the posts it links to.

A page not meant for search (`outputs.for_search`: `noindex: true` in its
front matter) is taken out of the sitemap; its own <head> says `noindex`.

robots.txt allows every crawler and names the sitemap, unless docs/ has a
robots.txt of its own (the generator then copied it).
"""

from __future__ import annotations

import datetime as dt
import gzip
import re
import subprocess
from pathlib import Path

from .log import log
from . import html
from .outputs import Output, outputs
from .project import Project, as_date

URL_BLOCK = re.compile(r"(<url>\s*<loc>([^<]*)</loc>)(?:\s*<lastmod>[^<]*</lastmod>)?", re.S)
# A whole <url> entry, with what the generator wrote in it.
URL_ENTRY = re.compile(r"\s*<url>\s*<loc>([^<]*)</loc>.*?</url>", re.S)
def front_matter_date(meta: dict) -> dt.date | None:
    """`date.updated`, else `date.created`, else a plain `date`."""
    date = meta.get("date") if isinstance(meta, dict) else None
    if isinstance(date, dict):
        return as_date(date.get("updated")) or as_date(date.get("created"))
    return as_date(date)


def git_dates(folder: Path) -> dict[str, dt.date]:
    """The date of the last commit that touched each file under `folder`,
    by path relative to it. Empty when git or the repository is missing."""
    try:
        out = subprocess.run(
            ["git", "-c", "core.quotePath=false", "log", "--format=%x00%cs", "--name-only",
             "--relative", "--no-renames", "--", "."],
            cwd=folder, capture_output=True, text=True, timeout=60, check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    dates: dict[str, dt.date] = {}
    current = None
    for line in out.splitlines():
        if line.startswith("\x00"):
            current = as_date(line[1:])
        elif line and current:
            dates.setdefault(line, current)  # newest first: keep the first
    return dates


def page_dates(project: Project) -> dict[str, dt.date]:
    """The date of every page and post with one, by its address."""
    from_git = git_dates(project.docs_dir)
    dates = {}
    for src, page in project.pages.items():
        if project.is_post(src):
            url, date = project.post_url(page), front_matter_date(page.meta)
        else:
            url, date = project.url(src), front_matter_date(page.meta) or from_git.get(src)
        if url is not None and date:
            dates[url] = date
    return dates


def _address(url: str, site_url: str) -> str:
    return url[len(site_url):] if site_url and url.startswith(site_url) else url.lstrip("/")


def page_problems(project: Project) -> list[str]:
    """Pages whose `noindex` front matter is not true or false."""
    docs = project.docs_dir.name
    return [f"{docs}/{src}: noindex: {page.meta['noindex']!r} is not valid; use true (not for search "
            "engines) or false"
            for src, page in project.pages.items()
            if "noindex" in page.meta and not isinstance(page.meta["noindex"], bool)]


def not_for_search(project: Project, site: Path, pages: list[Output] | None = None) -> set[str]:
    """The addresses of the built pages that search engines must not list
    (`pages`: the site's pages, outputs.outputs, when the caller has them)."""
    return {output.url for output in (outputs(project, site) if pages is None else pages) if not output.for_search}


def _blog(project: Project) -> str:
    return str(project.blog["blog_dir"]).strip("/") + "/"


def post_links(project: Project, url: str, page: html.Page) -> set[str]:
    """The addresses of the posts the page at `url` links to."""
    posts = project._read.get("sitemap posts")
    if posts is None:
        posts = project._read["sitemap posts"] = {project.post_url(p) for p in project.posts.values()}
    base = "/" + url
    found = set()
    for node in page.select("a[href]"):
        href = (node.attributes.get("href") or "").split("#")[0].split("?")[0]
        target = _resolve(base, href)
        if target in posts:
            found.add(target)
    return found


def read(build, output, page: html.Page) -> None:
    """The page reader of this step (pipeline.READERS): the posts each blog
    view links to, whose dates are the view's."""
    if output.kind not in ("post", "404") and output.url.startswith(_blog(build.project)):
        build.view_links[output.url] = post_links(build.project, output.url, page)


def run(project: Project, site: Path, pages: list[Output] | None = None,
        links: dict[str, set[str]] | None = None) -> None:
    """sitemap.xml with real dates and without the pages not for search;
    `pages` (outputs.outputs) and `links` (the posts each blog view links
    to, from `read`) when the pipeline has them, else read here."""
    sitemap = site / "sitemap.xml"
    if not sitemap.is_file():
        return
    hidden = not_for_search(project, site, pages)
    text = URL_ENTRY.sub(lambda m: "" if _address(m.group(1).strip(), project.site_url) in hidden else m.group(0),
                         sitemap.read_text(encoding="utf-8"))
    dates = page_dates(project)
    if not dates:
        log.info("No page has a date of its own: sitemap.xml keeps the generator's dates")
        _write(site, text)
        return
    blog = _blog(project)
    posts = {project.post_url(page) for page in project.posts.values()}

    def lastmod(match: re.Match) -> str:
        url = _address(match.group(2).strip(), project.site_url)
        found = [dates.get(url)]
        if url.startswith(blog) and url not in posts:  # a blog view: its posts count
            if links is not None:
                found += [dates.get(target) for target in links.get(url, ())]
            else:
                page = project.output_file(url)
                if page.is_file():
                    found += [dates.get(target) for target in
                              post_links(project, url, html.parse(page.read_text(encoding="utf-8")))]
        found = [d for d in found if d]
        return match.group(1) + (f"\n         <lastmod>{max(found).isoformat()}</lastmod>" if found else "")

    _write(site, URL_BLOCK.sub(lastmod, text))


def _write(site: Path, text: str) -> None:
    """sitemap.xml and its gzip copy."""
    (site / "sitemap.xml").write_text(text, encoding="utf-8")
    with gzip.GzipFile(site / "sitemap.xml.gz", "wb", mtime=0) as f:
        f.write(text.encode("utf-8"))


def _resolve(base: str, href: str) -> str | None:
    """`href` (relative to the page at `base`, e.g. /blog/) as an address
    without the leading slash, or None for another site's."""
    import posixpath
    if "://" in href or href.startswith(("mailto:", "tel:", "data:")):
        return None
    path = href if href.startswith("/") else posixpath.join(base, href)
    normal = posixpath.normpath(path)
    if path.endswith("/") and not normal.endswith("/"):
        normal += "/"
    return normal.lstrip("/")


def robots(project: Project, site: Path) -> None:
    robots_file = site / "robots.txt"
    if (project.docs_dir / "robots.txt").is_file():
        return
    sitemap = f"{project.site_url}sitemap.xml" if project.site_url else "/sitemap.xml"
    robots_file.write_text(f"User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n", encoding="utf-8")
