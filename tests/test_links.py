"""Gate 3 of issue #3: no broken link and no broken anchor, links written in
raw HTML included. linkchecker (PyPI) crawls the built site over HTTP from a
local server, starting from every HTML page of the build (so pages nothing
links to are checked too), with its AnchorCheck plugin on. External links
are listed and syntax-checked, never fetched: the test machine has no
internet, and `checkextern` stays off. A copy of the site with a planted
broken link and broken anchor proves that the gate can fail (checked from
the planted page only, one link deep: the same checks, a fraction of the
pages)."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from support.page_types import missing_kinds
from support.pages import html_pages, page_url
from support.server import StaticHandler, serve

LINKCHECKER = Path(sys.executable).with_name("linkchecker")

CONFIG = """\
[checking]
threads=4
timeout=30
# The server below opts in with a "LinkChecker" header, so the requests are
# not spread out over a minute; it is our own local server.
maxrequestspersecond=500

[filtering]
# The local site is everything on 127.0.0.1 (by default only what lies
# under the start URLs is, which is all when the home page is among them).
internlinks=^http://127\\.0\\.0\\.1:
# Never fetch a URL outside the local site: only check its syntax.
checkextern=0

[output]
warnings=1

[csv]
separator=;

[AnchorCheck]
"""


# linkchecker run as root switches to the user "nobody" before it reads its
# configuration and loads its plugins: in a project folder only root may
# read (a `mktemp -d` clone), the anchor check then silently never runs.
# The tests run it as the user who runs them.
AS_THIS_USER = (
    "import sys; from linkcheck.command import linkchecker as cli; "
    "cli.drop_privileges = lambda: None; sys.argv[0] = 'linkchecker'; sys.exit(cli.linkchecker())"
)


class LinkCheckerHandler(StaticHandler):
    """The static server, telling linkchecker it may go full speed."""

    def end_headers(self):
        self.send_header("LinkChecker", "local test server")
        super().end_headers()


def check_links(site: Path, config_dir: Path, pages: list[str] | None = None,
                depth: int = -1) -> tuple[list[dict], str]:
    """Run linkchecker over `pages` of `site` (paths from its root; all its
    HTML pages by default), following links `depth` levels deep (-1: all
    the way); return its rows (one per link found, with its parent page)
    and its stderr."""
    assert LINKCHECKER.exists(), "linkchecker is missing: `make test` installs requirements-test.txt"
    config = config_dir / "linkcheckerrc"
    config.write_text(CONFIG, encoding="utf-8")
    server, url = serve(site, LinkCheckerHandler)
    try:
        result = subprocess.run(
            [sys.executable, "-c", AS_THIS_USER, "-f", str(config), "--no-status", "-v", "-o", "csv/utf-8", "-r", str(depth)]
            + [url + page_url(rel) for rel in (html_pages(site) if pages is None else pages)],
            capture_output=True,
            text=True,
            timeout=600,
            env={**os.environ, "HOME": str(config_dir)},
        )
    finally:
        server.shutdown()
    data = "".join(line + "\n" for line in result.stdout.splitlines() if not line.startswith("#"))
    rows = list(csv.DictReader(io.StringIO(data), delimiter=";"))
    assert rows and "urlname" in rows[0], f"no report from linkchecker:\n{result.stdout}\n{result.stderr}"
    for row in rows:
        row["internal"] = row["url"].startswith(url + "/")
        row["site"] = url
    return rows, result.stderr


def problems(rows: list[dict]) -> list[str]:
    """Broken links (invalid URLs) and broken anchors, with their pages."""
    found = []
    for row in rows:
        page = row["parentname"].removeprefix(row["site"]) or "(start)"
        if row["valid"] != "True":
            found.append(f"{page} line {row['line']}: broken link {row['urlname']!r} -> {row['result']}")
        elif "Anchor `" in row["warningstring"]:
            anchor = row["warningstring"].split("'", 1)[0].removeprefix("Anchor `")
            found.append(f"{page} line {row['line']}: broken anchor {row['urlname']!r} (no id {anchor!r})")
    return sorted(set(found))


@pytest.fixture(scope="module")
def link_report(site_dir, tmp_path_factory):
    start = time.monotonic()
    rows, stderr = check_links(site_dir, tmp_path_factory.mktemp("linkchecker"))
    print(f"\nlinkchecker: {len(html_pages(site_dir))} pages, {len(rows)} links in {time.monotonic() - start:.1f} s")
    return rows, stderr


def test_no_broken_links_or_anchors(link_report):
    rows, _ = link_report
    found = problems(rows)
    assert not found, "broken links and anchors:\n" + "\n".join(found)


def test_every_page_was_crawled(site_dir, link_report):
    rows, _ = link_report
    assert not missing_kinds(site_dir)
    crawled = {urlsplit(r["url"]).path for r in rows if r["internal"] and r["result"].startswith("200")}
    missing = [page_url(rel) for rel in html_pages(site_dir) if page_url(rel) not in crawled]
    assert not missing, f"linkchecker did not load: {missing}"


def test_external_links_are_listed_and_never_fetched(link_report):
    rows, stderr = link_report
    external = [r for r in rows if not r["internal"] and not r["url"].startswith("data:")]
    assert external, "no external link found: is linkchecker reading the pages?"
    fetched = [r["url"] for r in external if r["result"] not in ("filtered", "ignored")]
    assert not fetched, f"external URLs were fetched: {fetched}"
    assert all("checked only syntax" in r["infostring"] for r in external)
    print("\nexternal links (syntax only):\n" + "\n".join(sorted({r["url"] for r in external})))


def test_absolute_links_to_the_site_point_to_pages_of_the_build(site_dir, link_report):
    """Canonical links, the sitemap address in robots.txt and the like name
    the site by its public address (site_url): linkchecker lists them as
    external, so they are matched here against the files of the build."""
    rows, _ = link_report
    canonical = BeautifulSoup((site_dir / "index.html").read_text(encoding="utf-8"), "html5lib")
    site_url = canonical.find("link", rel="canonical")["href"]
    own = sorted({r["url"] for r in rows if r["url"].startswith(site_url)})
    assert own, f"no link to {site_url} found"
    missing = []
    for url in own:
        path = unquote(urlsplit(url).path).removeprefix(urlsplit(site_url).path)
        target = site_dir / path
        if not (target.is_file() or (target / "index.html").is_file()):
            missing.append(url)
    assert not missing, f"links to {site_url} with no page in the build: {missing}"


def test_the_gate_reports_a_planted_broken_link_and_anchor(site_dir, link_report, tmp_path):
    """Raw HTML in a copy of the site: a link to a page that does not exist
    and a link to an id that another page does not have."""
    site = tmp_path / "site"
    shutil.copytree(site_dir, site)
    page = site / "privacy/index.html"
    html = page.read_text(encoding="utf-8")
    assert html.count("</article>") == 1
    html = html.replace(
        "</article>",
        '<p><a href="../pagina-che-non-esiste/">rotto</a> <a href="../faq/#ancora-che-non-esiste">ancora</a></p></article>',
    )
    page.write_text(html, encoding="utf-8")

    # The planted page and what it links to: each link checked, each page
    # it links to loaded for its anchors (the rest of the site is the
    # gate's own run above).
    rows, _ = check_links(site, tmp_path, pages=["privacy/index.html"], depth=1)
    assert any(r["url"].endswith("/faq/#ancora-che-non-esiste") for r in rows), "the planted anchor was not checked"
    new = sorted(set(problems(rows)) - set(problems(link_report[0])))

    assert len(new) == 2, new
    assert new[0].startswith("/privacy/ line ") and "broken anchor '../faq/#ancora-che-non-esiste'" in new[0], new
    assert new[1].startswith("/privacy/ line ") and "broken link '../pagina-che-non-esiste/' -> 404" in new[1], new
