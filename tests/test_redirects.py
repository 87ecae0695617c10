"""Old addresses keep working after a post is renamed: `redirect_maps` in
mkdocs.yml (mkdocs-redirects) writes a page at the old address that sends
the reader on, under the site's Content-Security-Policy, and
site_build/redirects.py adds `_redirects` (a 301 per old address) for the
hosts that read it. However many pages are renamed, the policy stays the
same and `_headers` within the limits Cloudflare Pages documents."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from support.host_headers import HeadersHandler, headers_for, parse
from support.pages import html_pages
from support.project import ROOT, build, copy_project, owner_settings
from support.server import serve

VNU = ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"
MAPS = """      redirect_maps:
        blog/vecchio-indirizzo.md: blog/posts/errori-di-delega.md
        vecchia-faq.md: faq.md#una-obm-e-una-project-manager
"""
# Forty renamed pages, each old address with a target of its own (so that,
# with an inline script per page, forty hashes), pages and posts, one into
# a section of the new page.
TARGETS = ["faq.md", "servizi.md", "blog/posts/errori-di-delega.md", "chi-sono.md",
           "faq.md#una-obm-e-una-project-manager", "contatti.md", "come-lavoriamo.md", "modelli/tina-forsyth.md",
           "modelli/mary-tomasso.md", "modelli/index.md", "casi/index.md", "privacy.md", "di-chi-hai-bisogno.md",
           "obm-o-assistente-virtuale.md", "blog/posts/a-ore-o-a-canone.md", "blog/posts/quando-affidarsi-a-una-obm.md",
           "blog/posts/primi-90-giorni-con-una-obm.md", "blog/posts/procedure-scritte-piccolo-business.md",
           "blog/posts/obm-e-team-di-assistenti-virtuali.md", "blog/posts/obiettivi-e-indicatori-per-una-obm.md"]
MANY = {(f"blog/vecchio-articolo-{n}.md" if n % 2 else f"vecchia-pagina-{n}.md"): TARGETS[(n // 2) % len(TARGETS)]
        for n in range(40)}
WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(e.effectiveDirective));
"""


def with_maps(project, maps: str):
    """The copy of the project with `maps` added to its redirect_maps
    (`maps` starts with the `redirect_maps:` line; the site's own entries
    follow it)."""
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert config.count("      redirect_maps:\n") == 1
    (project / "mkdocs.yml").write_text(config.replace("      redirect_maps:\n", maps), encoding="utf-8")
    return project


def many_maps() -> str:
    return "      redirect_maps:\n" + "".join(f"        {old}: {new}\n" for old, new in MANY.items())


@pytest.fixture(scope="module")
def redirected(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("redirects")
    project = with_maps(copy_project(tmp / "project"), MAPS)
    site = tmp / "site"
    site.mkdir()
    server, url = serve(site, HeadersHandler)
    result = build(project, site, env={"SITE_URL": url + "/"})
    assert result.returncode == 0, result.stderr
    yield site, url
    server.shutdown()


@pytest.fixture(scope="module")
def many_redirected(tmp_path_factory):
    """The project with forty renamed pages, built for a host that reads
    `_headers` (served with it applied) and for GitHub Pages."""
    tmp = tmp_path_factory.mktemp("many-redirects")
    project = with_maps(copy_project(tmp / "project"), many_maps())
    site = tmp / "site"
    site.mkdir()
    server, url = serve(site, HeadersHandler)
    result = build(project, site, env={"SITE_URL": url + "/"})
    assert result.returncode == 0, result.stderr[-3000:]
    meta = tmp / "meta"
    result = build(project, meta, env={"SITE_URL": url + "/", "CSP_META": "true"})
    assert result.returncode == 0, result.stderr[-3000:]
    yield site, url, meta
    server.shutdown()


@pytest.mark.build
def test_the_old_address_has_a_page_pointing_to_the_new_one(redirected):
    site, _url = redirected
    page = (site / "blog/vecchio-indirizzo/index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=../errori-di-delega/">' in page
    assert '<link rel="canonical" href="../errori-di-delega/">' in page
    page = (site / "vecchia-faq/index.html").read_text(encoding="utf-8")
    assert "url=../faq/#una-obm-e-una-project-manager" in page


@pytest.mark.build
def test_a_missing_target_stops_the_build(tmp_path):
    project = copy_project(tmp_path / "project")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config.replace(
        "      redirect_maps:\n", "      redirect_maps:\n        vecchio.md: blog/posts/non-esiste.md\n"), encoding="utf-8")
    result = build(project, tmp_path / "site")
    assert result.returncode != 0
    # One line naming the setting, before the generator runs (site_build/config_links.py).
    assert ("mkdocs.yml: redirect_maps: 'vecchio.md' leads to 'blog/posts/non-esiste.md', which is not a "
            "published page") in result.stderr


@pytest.mark.build
@pytest.mark.skipif(not (VNU.exists() and shutil.which("java")), reason="the Nu HTML Checker is not installed")
def test_redirect_pages_are_valid_html(redirected):
    site, _url = redirected
    result = subprocess.run(
        ["java", "-jar", str(VNU), str(site / "blog/vecchio-indirizzo/index.html"), str(site / "vecchia-faq/index.html")],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.browser
@pytest.mark.build
def test_the_browser_follows_the_redirect_under_the_policy(redirected, new_page):
    _site, url = redirected
    page = new_page()
    page.add_init_script(WATCH)
    response = page.goto(url + "/blog/vecchio-indirizzo/#2-passare-il-compito-ma-non-il-contesto")
    assert response.headers.get("content-security-policy")
    page.wait_for_url(url + "/blog/errori-di-delega/#2-passare-il-compito-ma-non-il-contesto")
    assert page.locator("h1").first.inner_text().startswith("Errori di delega")
    assert page.evaluate("window.__violations") == []


def old_page(old: str) -> str:
    """The built file of an old address in redirect_maps."""
    return old.removesuffix(".md") + "/index.html"


def policy(site) -> str:
    return headers_for(parse((site / "_headers").read_text(encoding="utf-8")), "/")["content-security-policy"]


@pytest.mark.build
def test_forty_renamed_pages_leave_the_policy_as_it_was(redirected, many_redirected):
    """The policy with forty redirects is the policy with two: no redirect
    page adds a hash, nor a caching rule; every line of `_headers` and its
    number of rules stay within Cloudflare's limits (2,000 characters, 100
    rules)."""
    site, _url, meta = many_redirected
    assert policy(site) == policy(redirected[0])
    text = (site / "_headers").read_text(encoding="utf-8")
    assert max(len(line) for line in text.splitlines()) <= 2000
    assert len(parse(text)) == len(parse((redirected[0] / "_headers").read_text(encoding="utf-8"))) <= 100
    for old in MANY:
        page = (site / old_page(old)).read_text(encoding="utf-8")
        assert "<script>" not in page and "location.href" not in page, old
    # GitHub Pages: each page's policy is the same short one.
    policies = set()
    for rel in html_pages(meta):
        found = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">',
                          (meta / rel).read_text(encoding="utf-8"))
        assert found, rel
        policies.add(found[1])
    assert len(policies) == 1 and len(policies.pop()) < 2000


@pytest.mark.build
def test_every_old_address_gets_a_permanent_redirect(many_redirected):
    """`_redirects`: one 301 per old address, to the page the map names,
    which exists in the build; none for GitHub Pages, which reads no such file."""
    site, _url, meta = many_redirected
    lines = [line.split() for line in (site / "_redirects").read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
    assert len(lines) == len(MANY) + len(site_redirects())  # the site's own renamed posts too
    found = {old: (new, code) for old, new, code in lines}
    for old, target in MANY.items():
        new, code = found["/" + old.removesuffix(".md") + "/"]
        assert code == "301"
        path, _, anchor = new.partition("#")
        assert (site / path.lstrip("/") / "index.html").is_file(), new
        assert anchor == target.partition("#")[2]
    assert not (meta / "_redirects").exists()


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.parametrize("old", ["blog/vecchio-articolo-5.md", "vecchia-pagina-8.md"])
def test_the_browser_follows_each_kind_of_redirect(many_redirected, new_page, old):
    """Through the one shared script: to the new page, the visitor's
    #section kept, or the section the map names when the visitor asked for none."""
    _site, url, _meta = many_redirected
    target = MANY[old]
    page = new_page()
    page.add_init_script(WATCH)
    page.goto(url + "/" + old.removesuffix(".md") + "/")
    new = "/" + target.partition("#")[0].removeprefix("blog/posts/").removesuffix(".md") + "/"
    new = ("/blog" + new) if target.startswith("blog/") else new
    anchor = target.partition("#")[2]
    page.wait_for_url(url + new + (f"#{anchor}" if anchor else ""))
    page.goto(url + "/" + old.removesuffix(".md") + "/#scelta")
    page.wait_for_url(url + new + "#scelta")
    assert page.evaluate("window.__violations") == []


def test_headers_past_the_limits_stop_the_build_naming_what_grew(tmp_path):
    """Sixty pages, each with a script of its own, and sixty folders whose
    files are cached differently: the policy line passes 2,000 characters
    and the rules pass 100. The build stops, naming the header, the pages
    and the folders."""
    from site_build import headers
    from site_build.project import Project
    from site_extensions.errors import ContentError

    site = tmp_path / "site"
    for n in range(60):
        page = site / f"pagina-{n}" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(f"<html><head><meta charset='utf-8'><script>var n = {n};</script></head></html>",
                        encoding="utf-8")
        folder = site / "assets" / f"cartella-{n}"
        folder.mkdir(parents=True)
        (folder / "a.0123abcd.min.js").write_text("x", encoding="utf-8")
        (folder / "b.js").write_text("y", encoding="utf-8")
    owner_settings(tmp_path, {"site_url: https://www.example.com/": "site_url: https://www.studio-rossi.it/"})
    project = Project(tmp_path, {"extra": {}})
    with pytest.raises(ContentError) as error:
        headers.run(project, site)
    message = str(error.value)
    assert "the Content-Security-Policy line has" in message
    assert "pagina-0/index.html" in message and "60 inline script hashes" in message
    assert "rules; Cloudflare Pages reads at most 100" in message and "/assets/ 120" in message
    assert not (site / "_headers").exists()


def test_redirects_past_cloudflares_limits_stop_the_build(tmp_path):
    """More than 2,000 old addresses, or one redirect longer than 1,000
    characters (what Cloudflare Pages reads), stop the build in one line;
    2,000 are written."""
    from site_build import redirects
    from site_build.project import Project
    from site_extensions.errors import ContentError

    def old_pages(site, count: int, target: str = "../faq/") -> None:
        for n in range(count):
            page = site / f"v{n}" / "index.html"
            page.parent.mkdir(parents=True)
            page.write_text(f'<!doctype html><html><head><meta charset="utf-8"><link rel="canonical" href="{target}">'
                            f'<meta http-equiv="refresh" content="0; url={target}"></head></html>', encoding="utf-8")

    owner_settings(tmp_path, {"site_url: https://www.example.com/": "site_url: https://www.studio-rossi.it/"})
    project = Project(tmp_path, {"extra": {}})
    site = tmp_path / "duemila"
    old_pages(site, 2000)
    redirects.run(project, site)
    assert len((site / "_redirects").read_text(encoding="utf-8").splitlines()) == 2 + 2000
    old_pages(site / "una-di-troppo", 1)
    with pytest.raises(ContentError) as error:
        redirects.run(project, site)
    assert "2001 redirects" in str(error.value) and "\n" not in str(error.value)

    site = tmp_path / "lungo"
    old_pages(site, 1, "../" + "a" * 1000 + "/")
    with pytest.raises(ContentError) as error:
        redirects.run(project, site)
    assert "the redirect of /v0/ is longer than 1000 characters" in str(error.value)


def site_redirects() -> dict[str, str]:
    """The old addresses mkdocs.yml keeps working: old path -> source file."""
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    for name, plugin in config["plugins"].items():
        if name == "redirects":
            return plugin.config["redirect_maps"] or {}
    raise AssertionError("mkdocs.yml lists no redirects plugin")


def test_every_renamed_post_keeps_its_old_address(site_dir):
    """The renamed posts (a masculine "un OBM" in the address,
    and "a ore o a risultati" for a post that says a fee is not a payment
    for results): each old address is a page that sends the reader on."""
    maps = site_redirects()
    for old in ("blog/quando-affidarsi-a-un-obm.md", "blog/obiettivi-e-indicatori-per-un-obm.md",
                "blog/primi-90-giorni-con-un-obm.md", "blog/a-ore-o-a-risultati.md"):
        assert old in maps, f"mkdocs.yml: no redirect from the old address {old}"
    for old, new in maps.items():
        assert (ROOT / "docs" / new.split("#")[0]).is_file(), f"{old} points to {new}, which does not exist"
        slug = new.split("#")[0].rsplit("/", 1)[-1].removesuffix(".md")
        page = (site_dir / old.removesuffix(".md") / "index.html").read_text(encoding="utf-8")
        assert f"url=../{slug}/" in page, f"{old} does not lead to {new}"


def test_an_old_address_speaks_the_sites_language_and_stays_out_of_search(site_dir):
    """The page at an old address is the site's, not the plugin's English
    one: lang of the site, an Italian title and link, noindex."""
    from html.parser import HTMLParser

    for old in site_redirects():
        text = (site_dir / old.removesuffix(".md") / "index.html").read_text(encoding="utf-8")

        class Page(HTMLParser):
            lang, robots, title, in_title = None, None, "", False

            def handle_starttag(self, tag, attrs):
                attrs = dict(attrs)
                if tag == "html":
                    Page.lang = attrs.get("lang")
                if tag == "meta" and attrs.get("name") == "robots":
                    Page.robots = attrs.get("content")
                Page.in_title = tag == "title"

            def handle_data(self, data):
                if Page.in_title:
                    Page.title += data

        Page().feed(text)
        assert (Page.lang, Page.robots) == ("it", "noindex"), old
        assert "Redirecting" not in text and "redirected" not in text and Page.title.strip(), old
