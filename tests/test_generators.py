"""The same site from every generator: Zensical (Material's successor,
which runs no MkDocs hooks) gets the pipeline's steps from
`python -m site_build build`, and its output must carry every guarantee
the MkDocs build does: the same pages, the same headers, link-preview
cards that exist, each post's meta, related posts, share buttons and reply
form, the production refusals, valid HTML and no axe violation.
(ProperDocs: tests/test_site.py, test_properdocs_builds_the_same_site.)"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from support.pages import html_pages, page_url
from support.project import PRODUCTION_ENV, copy_project, production_ready
from support.server import serve

pytestmark = pytest.mark.build


def site_build(project: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "site_build", "build", "--generator", "zensical", "-f", str(project / "mkdocs.yml"),
         *args],
        cwd=project, capture_output=True, text=True, timeout=600,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
    )


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("zensical") / "project")
    result = site_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


def _soup(site: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")


def _posts(site: Path) -> list[str]:
    return [rel for rel in html_pages(site) if _soup(site, rel).select_one('meta[property="og:type"][content="article"]')]


def test_zensical_builds_the_same_pages(site_dir, zensical_site):
    assert html_pages(zensical_site) == html_pages(site_dir)
    assert _posts(zensical_site) == _posts(site_dir) and len(_posts(site_dir)) >= 8


def _rules(headers: str) -> tuple[dict, list[str]]:
    """The headers every response gets, and the page rules (path and
    Cache-Control) outside the theme's own assets."""
    blocks = [block.splitlines() for block in headers.strip().split("\n\n")]
    common = {}
    pages = []
    for block in blocks:
        if block and block[0] == "/*":
            common = dict(line.strip().split(": ", 1) for line in block[1:])
        elif block and block[0].startswith("/") and not block[0].startswith("/assets/"):
            pages.append(" ".join(line.strip() for line in block))
    return common, pages


def test_zensical_writes_the_same_headers(site_dir, zensical_site):
    ours, theirs = _rules((site_dir / "_headers").read_text()), _rules((zensical_site / "_headers").read_text())
    # The rules of the files both builds have (each generator adds its own:
    # search index, tags, redirects map), pages, feeds and sitemap included.
    both = {p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*") if p.is_file()} & \
           {p.relative_to(zensical_site).as_posix() for p in zensical_site.rglob("*") if p.is_file()}

    folders = {str(Path(f).parent) for f in both}

    def shared(rules: list[str]) -> list[str]:
        kept = []
        for rule in rules:
            path = rule.split()[0].lstrip("/")
            if path.endswith("/*") and path[:-2] in folders or path in both or path + "index.html" in both:
                kept.append(rule)
        return kept

    assert shared(ours[1]) == shared(theirs[1]), "the caching rules of the same files differ"
    rules = {rule.split()[0] for rule in shared(ours[1])}
    assert {"/", "/blog/*", "/feed_rss_created.xml", "/sitemap.xml"} <= rules, rules
    csp = {k: v for k, v in ours[0].items() if k != "Content-Security-Policy"}
    assert csp == {k: v for k, v in theirs[0].items() if k != "Content-Security-Policy"}
    directives = [re.sub(r" 'sha256-[^']+'", "", d).strip() for d in ours[0]["Content-Security-Policy"].split(";")]
    zensical = [re.sub(r" 'sha256-[^']+'", "", d).strip() for d in theirs[0]["Content-Security-Policy"].split(";")]
    assert directives == zensical
    assert "'unsafe-inline'" not in theirs[0]["Content-Security-Policy"]


@pytest.mark.parametrize("which", ["mkdocs", "zensical"])
def test_every_page_names_a_card_that_exists(site_dir, zensical_site, which):
    site = site_dir if which == "mkdocs" else zensical_site
    missing = []
    for rel in html_pages(site):
        if rel == "404.html":
            continue
        image = _soup(site, rel).select_one('meta[property="og:image"]')
        if image is None:
            missing.append(f"{rel}: no og:image")
            continue
        path = image["content"].split("://", 1)[1].split("/", 1)[1]
        if not (site / path).is_file():
            missing.append(f"{rel}: {path} does not exist")
    assert not missing, "\n".join(missing)


@pytest.mark.parametrize("which", ["mkdocs", "zensical"])
def test_every_post_ends_and_begins_the_same_way(site_dir, zensical_site, which):
    """Under the title: author, date, reading time and category; at the
    end: related posts, share buttons, the reply form with its script."""
    site = site_dir if which == "mkdocs" else zensical_site
    for rel in _posts(site):
        soup = _soup(site, rel)
        meta = soup.select_one("article h1 + .post-meta")
        assert meta is not None, f"{rel}: no post meta under the title"
        assert meta.select_one("time[datetime]") and "minut" in meta.get_text(), rel
        assert meta.select_one(".post-meta__author a").get_text(strip=True) == "Nome Cognome", rel
        assert len(soup.select(".related-posts li a")) == 3, rel
        assert soup.select(".share .share__link"), rel
        form = soup.select_one("form#cf-reply[data-contact-form]")
        assert form is not None, f"{rel}: no reply form"
        assert form.select_one('input[name="page_url"]')["value"] == soup.select_one('meta[property="og:url"]')["content"]
        assert not soup.select("[data-site-slot]"), f"{rel}: a slot was left empty"
    home = _soup(site, "index.html")
    assert len(home.select(".home-posts__item")) == 3
    assert home.select_one(".md-skip")["href"] == "#hero-title"
    assert not home.select('#__toc, [data-md-component="toc"]'), "the landing page lists its sections as contents"
    styles = "".join(style.get_text() for style in home.select("head style"))
    assert "/* Brand colours" in styles and ".hero" in styles, "the site's styles are missing"
    assert "[data-md-color-scheme=slate]" in styles, "the palette's dark scheme is not in the page's styles"
    assert not home.select('link[rel=stylesheet][href*="palette."]'), "the palette stylesheet is still a request"
    assert _soup(site, "contatti/index.html").select_one("form#cf-full[data-contact-form]")


def test_zensical_output_is_valid_html(zensical_site):
    from test_html_validity import describe, validate

    files = [zensical_site / rel for rel in html_pages(zensical_site)]
    checked, errors = validate(files)
    assert len(checked) == len(files)
    assert errors == {}, describe(errors, zensical_site)


@pytest.mark.browser
def test_zensical_output_has_no_axe_violations(zensical_site, browser):
    """Every page of the Zensical build, the four views taking turns."""
    from test_accessibility import VIEWS, describe, open_view, run_axe, visit

    server, url = serve(zensical_site)
    problems, pages = [], {}
    try:
        for i, rel in enumerate(html_pages(zensical_site)):
            width, scheme = VIEWS[i % len(VIEWS)]
            if (width, scheme) not in pages:
                pages[width, scheme] = open_view(browser, url, zensical_site, width, scheme)
            page = pages[width, scheme]
            visit(page, url + page_url(rel), scheme)
            problems += describe(f"{page_url(rel)} [{width}, {scheme}]", run_axe(page))
    finally:
        for page in pages.values():
            page.context.close()
        server.shutdown()
    assert not problems, "\n".join(problems)


def test_zensical_production_build_refuses_placeholders(tmp_path):
    project = copy_project(tmp_path / "project")
    result = site_build(project, "--strict", env={"PRODUCTION": "true"})
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "campo site_url: è ancora l'esempio" in output and "Traceback" not in output
    assert not (project / "site").exists(), "the generator ran although the checks failed"


def test_zensical_production_build_with_real_values(tmp_path):
    project = production_ready(copy_project(tmp_path / "project"))
    result = site_build(project, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    site = project / "site"
    demo = [rel for rel in html_pages(site) if 'data-format="demo"' in (site / rel).read_text(encoding="utf-8")]
    assert not demo
    form = _soup(site, "contatti/index.html").select_one("form#cf-full")
    assert form["action"] == "https://formspree.io/f/abc" and form["method"] == "post"
    assert "form-action 'self' https://formspree.io" in (site / "_headers").read_text(encoding="utf-8")


@pytest.mark.browser
def test_zensical_output_switches_and_keeps_the_colour_scheme(zensical_site, browser):
    """The site's own scheme toggle (overrides/partials/palette.html and
    site.js) works on Zensical's bundle too, and the choice survives a reload."""
    from support.browser import local_only, with_scripts

    server, url = serve(zensical_site)
    context = browser.new_context(color_scheme="light")
    try:
        page = with_scripts(context.new_page())
        page.route("**/*", local_only)
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(url + "/blog/errori-di-delega/")
        assert page.evaluate("document.body.dataset.mdColorScheme") == "default"
        page.locator("form[data-site-palette] label:not([hidden])").click()
        assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
        page.reload()
        assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
        assert errors == []
    finally:
        context.close()
        server.shutdown()



@pytest.mark.parametrize("width", [1280, 360])
@pytest.mark.browser
def test_zensical_search_costs_nothing_until_opened(zensical_site, new_page, width):
    """Zensical's search index is search.json, not search/search_index.json:
    site.js holds it and the search worker until the search is opened (its
    button, or the icon on a phone), as under MkDocs."""
    server, url = serve(zensical_site)
    try:
        page = new_page(width, 800)
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url.removeprefix(url)))
        page.goto(url + "/", wait_until="networkidle")
        page.wait_for_timeout(500)
        search = [u for u in requested if u == "/search.json" or "/workers/search." in u]
        assert not search, f"at {width} px the search loaded before it was opened: {search}"
        with page.expect_request(url + "/search.json"):
            page.click(".md-search__button" if width >= 960 else '.md-header label[for="__search"]')
        for _ in range(50):
            if any("/workers/search." in u for u in requested):
                break
            page.wait_for_timeout(100)
        assert any("/workers/search." in u for u in requested), "the search worker did not start"
    finally:
        server.shutdown()
