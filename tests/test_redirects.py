"""Old addresses keep working after a post is renamed: `redirect_maps` in
mkdocs.yml (mkdocs-redirects) writes a page at the old address that sends
the reader on, under the site's Content-Security-Policy."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from conftest import ROOT, build, copy_project, serve
from host_headers import HeadersHandler

VNU = ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"
MAPS = """      redirect_maps:
        blog/vecchio-indirizzo.md: blog/posts/errori-di-delega.md
        vecchia-faq.md: faq.md#un-obm-e-un-project-manager
"""
WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(e.effectiveDirective));
"""


@pytest.fixture(scope="module")
def redirected(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("redirects")
    project = copy_project(tmp / "project")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert config.count("      redirect_maps:\n") == 1
    (project / "mkdocs.yml").write_text(config.replace("      redirect_maps:\n", MAPS), encoding="utf-8")
    site = tmp / "site"
    site.mkdir()
    server, url = serve(site, HeadersHandler)
    result = build(project, site, env={"SITE_URL": url + "/"})
    assert result.returncode == 0, result.stderr
    yield site, url
    server.shutdown()


def test_the_old_address_has_a_page_pointing_to_the_new_one(redirected):
    site, _url = redirected
    page = (site / "blog/vecchio-indirizzo/index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=../errori-di-delega/">' in page
    assert '<link rel="canonical" href="../errori-di-delega/">' in page
    page = (site / "vecchia-faq/index.html").read_text(encoding="utf-8")
    assert "url=../faq/#un-obm-e-un-project-manager" in page


def test_a_missing_target_stops_the_build(tmp_path):
    project = copy_project(tmp_path / "project")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config.replace(
        "      redirect_maps:\n", "      redirect_maps:\n        vecchio.md: blog/posts/non-esiste.md\n"), encoding="utf-8")
    result = build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "Redirect target 'blog/posts/non-esiste.md' does not exist" in result.stderr


@pytest.mark.skipif(not (VNU.exists() and shutil.which("java")), reason="the Nu HTML Checker is not installed")
def test_redirect_pages_are_valid_html(redirected):
    site, _url = redirected
    result = subprocess.run(
        ["java", "-jar", str(VNU), str(site / "blog/vecchio-indirizzo/index.html"), str(site / "vecchia-faq/index.html")],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr


def test_the_browser_follows_the_redirect_under_the_policy(redirected, new_page):
    _site, url = redirected
    page = new_page()
    page.add_init_script(WATCH)
    response = page.goto(url + "/blog/vecchio-indirizzo/#2-passare-il-compito-ma-non-il-contesto")
    assert response.headers.get("content-security-policy")
    page.wait_for_url(url + "/blog/errori-di-delega/#2-passare-il-compito-ma-non-il-contesto")
    assert page.locator("h1").first.inner_text().startswith("Errori di delega")
    assert page.evaluate("window.__violations") == []


def site_redirects() -> dict[str, str]:
    """The old addresses mkdocs.yml keeps working: old path -> source file."""
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    for name, plugin in config["plugins"].items():
        if name == "redirects":
            return plugin.config["redirect_maps"] or {}
    raise AssertionError("mkdocs.yml lists no redirects plugin")


def test_every_renamed_post_keeps_its_old_address(site_dir):
    """The posts renamed in issue 25 (a masculine "un OBM" in the address,
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
