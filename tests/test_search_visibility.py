"""Pages meant for visitors already on the site (the thank-you page after
the contact form, the 404 page) are not offered to search engines: their
<head> says `noindex` and the sitemap leaves them out. Every other page is
in the sitemap and says no such thing. One declaration (`noindex: true` in
a page's front matter; the 404 page by its kind) drives both."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from support.pages import html_pages, page_url
from support.project import build, built, copy_project

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_paths(site: Path) -> set[str]:
    """The address paths (/x/) the sitemap lists."""
    root = ET.parse(site / "sitemap.xml").getroot()
    return {"/" + u.findtext("s:loc", namespaces=NS).split("://", 1)[1].split("/", 1)[1] for u in root}


def robots(site: Path, path: str) -> list[str]:
    """The content of every <meta name="robots"> of a built page."""
    doc = BeautifulSoup((site / path).read_text(encoding="utf-8"), "html5lib")
    return [m.get("content", "") for m in doc.select('head meta[name="robots"]')]


def is_redirect(site: Path, path: str) -> bool:
    return 'http-equiv="refresh"' in (site / path).read_text(encoding="utf-8")[:3000]


def visibility(site: Path) -> dict[str, tuple[bool, bool]]:
    """Each page's address: (in the sitemap, marked noindex)."""
    listed = sitemap_paths(site)
    return {page_url(path): (page_url(path) in listed, any("noindex" in c for c in robots(site, path)))
            for path in html_pages(site) if not is_redirect(site, path)}


def test_every_page_is_either_for_search_or_marked_and_unlisted(site_dir):
    found = visibility(site_dir)
    for url, (listed, noindex) in found.items():
        assert listed != noindex, f"{url}: in the sitemap: {listed}, noindex: {noindex}"
    assert found["/grazie/"] == (False, True)
    assert found["/404.html"] == (False, True)
    assert found["/"] == (True, False) and found["/contatti/"] == (True, False)


@pytest.mark.build
def test_noindex_in_front_matter_drives_both(tmp_path):
    """Any page can be taken out of search by its front matter, and a page
    that no longer says so comes back: the head and the sitemap follow."""
    project = copy_project(tmp_path / "project")
    faq = project / "docs/faq.md"
    faq.write_text(faq.read_text(encoding="utf-8").replace("---\n", "---\nnoindex: true\n", 1), encoding="utf-8")
    thanks = project / "docs/grazie.md"
    thanks.write_text("\n".join(line for line in thanks.read_text(encoding="utf-8").splitlines()
                                if not line.startswith("noindex:")) + "\n", encoding="utf-8")
    built(build(project, tmp_path / "site"))
    found = visibility(tmp_path / "site")
    assert found["/faq/"] == (False, True)
    assert found["/grazie/"] == (True, False)
    assert sum(1 for listed, _ in found.values() if not listed) == 2  # faq/ and 404.html


def test_a_noindex_that_is_not_true_or_false_is_refused(tmp_path):
    """`noindex: "sì"` would be read as text and silently ignored."""
    from support.project import content_problems

    project = copy_project(tmp_path / "project")
    faq = project / "docs/faq.md"
    faq.write_text(faq.read_text(encoding="utf-8").replace("---\n", '---\nnoindex: "sì"\n', 1), encoding="utf-8")
    found = content_problems(project)
    assert any(line.startswith("docs/faq.md: noindex: 'sì' is not valid; use true") for line in found), found
