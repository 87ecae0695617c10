"""The headers a browser receives from Cloudflare Pages, read through
Cloudflare's own local runtime (`wrangler pages dev`, npm's wrangler 3,
offline) rather than through the project's own reading of `_headers`: a
production build for Cloudflare (CF_PAGES=1, as Cloudflare's build sets it)
for each contact provider Cloudflare can receive, with forty renamed pages,
served with the project's wrangler.toml; page by page, the policy is the
one the build wrote, with the other security headers and one caching rule;
each old address answers 301; the runtime reports no invalid or ignored
rule."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from support.pages import html_pages, page_url
from support.project import PRODUCTION_ENV, ROOT, build, built, copy_project, production_ready
from site_build.settings import PROVIDERS as PROVIDER_TABLE
from test_redirects import MANY, TARGETS, WATCH, many_maps, site_redirects, with_maps

WRANGLER = ROOT / "node_modules" / ".bin" / "wrangler"
# What each provider Cloudflare can receive needs (Netlify Forms works only
# on Netlify: tests/test_hosting.py).
PROVIDER_ENV = {
    "formspree": {"CONTACT_ENDPOINT": "https://formspree.io/f/abc"},
    "web3forms": {"CONTACT_ACCESS_KEY": "chiave-di-prova"},
    "webhook": {"CONTACT_ENDPOINT": "https://hook.studio-rossi.it/contatti"},
}
ORIGINS = {"formspree": "https://formspree.io", "web3forms": "https://api.web3forms.com",
           "webhook": "https://hook.studio-rossi.it"}
# Offline: no usage metrics, no `Request.cf` download (Miniflare uses its
# placeholder under NODE_ENV=test), logs in the test's folder.
OFFLINE = {"WRANGLER_SEND_METRICS": "false", "NODE_ENV": "test", "CI": "true", "NO_COLOR": "1"}
FINGERPRINTED = re.compile(r"\.[0-9a-f]{8,}\.min\.(js|css)(\.map)?$")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirects)


def get(url: str) -> tuple[int, dict[str, list[str]]]:
    """Status and headers (every value of each, by lower-case name) of a
    GET, redirects not followed."""
    try:
        response = OPENER.open(url, timeout=30)
    except urllib.error.HTTPError as error:
        response = error
    with response:
        response.read()
        headers: dict[str, list[str]] = {}
        for name, value in response.headers.items():
            headers.setdefault(name.lower(), []).append(value)
        return response.status, headers


class Runtime:
    """`wrangler pages dev` serving `folder/site` with the project's
    wrangler.toml, on 127.0.0.1."""

    def __init__(self, folder: Path):
        shutil.copy2(ROOT / "wrangler.toml", folder / "wrangler.toml")
        self.folder, self.port = folder, free_port()
        self.log = folder / "wrangler.log"
        env = {**os.environ, **OFFLINE, "WRANGLER_LOG_PATH": str(folder / "logs"),
               "XDG_CONFIG_HOME": str(folder / "config")}
        with self.log.open("w") as out:
            self.process = subprocess.Popen(
                [str(WRANGLER), "pages", "dev", "--ip", "127.0.0.1", "--port", str(self.port),
                 "--inspector-port", str(free_port()), "--persist-to", str(folder / "state")],
                cwd=folder, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        end = time.monotonic() + 90
        while "Ready on" not in self.output():
            if self.process.poll() is not None or time.monotonic() > end:
                self.stop()
                pytest.fail(f"wrangler pages dev did not start:\n{self.output()}")
            time.sleep(0.2)
        self.url = f"http://127.0.0.1:{self.port}"

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, 15)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, 9)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A copy of the project, placeholders written, with forty renamed pages."""
    assert WRANGLER.exists(), "wrangler is not installed: make node_modules/.installed"
    tmp = tmp_path_factory.mktemp("cloudflare")
    return with_maps(production_ready(copy_project(tmp / "project")), many_maps())


# The providers the build allows on Cloudflare Pages (site_build/hosting.py).
PROVIDERS = sorted(p for p, row in PROVIDER_TABLE.items() if "cloudflare-pages" in row.hosts)


def test_every_provider_cloudflare_receives_is_served_here():
    assert PROVIDERS == sorted(PROVIDER_ENV)


@pytest.fixture(scope="module", params=PROVIDERS)
def served(request, project) -> tuple[str, Path, Runtime]:
    """(provider, built site, the runtime serving it): one build and one
    runtime per provider."""
    provider = request.param
    folder = project.parent / f"served-{provider}"
    folder.mkdir()
    env = {**PRODUCTION_ENV, "SITE_HOST": "", "CF_PAGES": "1", "CONTACT_PROVIDER": provider, "CONTACT_ENDPOINT": "",
           **PROVIDER_ENV[provider]}
    built(build(project, folder / "site", env=env))
    runtime = Runtime(folder)
    yield provider, folder / "site", runtime
    runtime.stop()


def written(site: Path) -> dict[str, str]:
    """The headers the `/*` rule of the build's `_headers` gives every
    response, read as plain lines: {name: value}."""
    lines = (site / "_headers").read_text(encoding="utf-8").splitlines()
    start = lines.index("/*")
    found = {}
    for line in lines[start + 1:]:
        if not line.startswith("  "):
            break
        name, _, value = line.strip().partition(": ")
        found[name] = value
    return found


def expected_cache(path: str) -> str:
    if FINGERPRINTED.search(path):
        return "public, max-age=31536000, immutable"
    if path.startswith("/assets/") and not path.endswith((".html", "/")):
        return "public, max-age=600"
    return "public, max-age=0, must-revalidate"


@pytest.mark.build
def test_every_page_gets_the_headers_the_build_wrote(served):
    provider, site, runtime = served
    every = written(site)
    assert set(every) >= {"Content-Security-Policy", "Strict-Transport-Security", "Referrer-Policy",
                          "Permissions-Policy", "X-Content-Type-Options", "X-Frame-Options"}
    assert f"form-action 'self' {ORIGINS[provider]};" in every["Content-Security-Policy"]
    pages = [page_url(rel) for rel in html_pages(site) if rel != "404.html"
             and rel.removesuffix("index.html") not in {old.removesuffix(".md") + "/" for old in MANY}]
    others = ["/sitemap.xml", "/feed_rss_created.xml", "/search/search_index.json", "/assets/stylesheets/site.css",
              "/assets/javascripts/site.js", "/assets/javascripts/redirect.js"]
    others += ["/" + p.relative_to(site).as_posix() for p in (site / "assets").rglob("*.min.*")][:4]
    problems = []
    for path in pages + others:
        status, headers = get(runtime.url + path)
        if status != 200:
            problems.append(f"{path}: {status}")
            continue
        for name, value in every.items():
            if headers.get(name.lower()) != [value]:
                problems.append(f"{path}: {name} is {headers.get(name.lower())}")
        if headers.get("cache-control") != [expected_cache(path)]:
            problems.append(f"{path}: Cache-Control is {headers.get('cache-control')}")
    assert len(pages) > 25
    assert not problems, "\n".join(problems[:20])
    status, headers = get(runtime.url + "/pagina-che-non-esiste/")
    assert status == 404
    assert headers.get("content-security-policy") == [every["Content-Security-Policy"]]


@pytest.mark.build
def test_every_old_address_answers_301_to_the_new_one(served):
    _provider, site, runtime = served
    for old, target in MANY.items():
        status, headers = get(runtime.url + "/" + old.removesuffix(".md") + "/")
        assert status == 301, (old, status)
        location = headers["location"][0].removeprefix(runtime.url)
        path, _, anchor = location.partition("#")
        assert (site / path.lstrip("/") / "index.html").is_file(), (old, location)
        assert anchor == target.partition("#")[2], (old, location)


@pytest.mark.build
def test_the_privacy_page_names_the_host_its_build_told(served):
    """The build learnt its host from Cloudflare's CF_PAGES alone (no
    SITE_HOST): the privacy page names Cloudflare among the recipients."""
    _provider, site, _runtime = served
    text = (site / "privacy/index.html").read_text(encoding="utf-8")
    assert "<strong>Cloudflare Pages</strong>" in text and "il fornitore di hosting" not in text


@pytest.mark.build
def test_the_runtime_reads_every_rule(served):
    """Cloudflare's parser takes every rule of `_headers` and `_redirects`,
    and reports none invalid, ignored or too long."""
    _provider, site, runtime = served
    headers_rules = [line for line in (site / "_headers").read_text(encoding="utf-8").splitlines()
                     if line.startswith("/")]
    output = runtime.output()
    assert f"Parsed {len(headers_rules)} valid header rules." in output, output
    assert f"Parsed {len(MANY) + len(site_redirects())} valid redirect rules." in output, output
    for warning in ("invalid", "Ignoring", "exceeds", "Maximum number", "Skipping"):
        assert warning not in output, output


@pytest.mark.browser
@pytest.mark.build
def test_the_browser_finds_no_violation_and_follows_the_301(served, new_page):
    """In Chromium, through the runtime: the home, the contact page, a post
    and the feed's stylesheet raise no policy violation; an old address,
    asked for with a #section, lands on the new page at that section."""
    _provider, _site, runtime = served
    page = new_page()
    page.add_init_script(WATCH)
    for path in ("/", "/contatti/", "/blog/errori-di-delega/", "/faq/"):
        response = page.goto(runtime.url + path)
        assert response.status == 200 and response.headers.get("content-security-policy"), path
        assert page.evaluate("window.__violations") == [], path
    old = next(old for old, target in MANY.items() if target == TARGETS[2])
    page.goto(runtime.url + "/" + old.removesuffix(".md") + "/#2-passare-il-compito-ma-non-il-contesto")
    page.wait_for_url(runtime.url + "/blog/errori-di-delega/#2-passare-il-compito-ma-non-il-contesto")
    assert page.evaluate("window.__violations") == []


def test_the_build_refuses_what_the_runtime_would_drop(tmp_path):
    """site_build/headers.py's limits are the documented ones (2,000
    characters a line, spacing included; 100 rules), and never looser than
    the runtime: a line the runtime ignores and rules it skips are refused,
    and a line of 2,000 characters the build accepts reaches the browser."""
    from site_build import headers

    def line(name: str, length: int) -> str:
        start = f"  {name}: "
        return start + "a" * (length - len(start))

    rules = [(f"/regola-{n}", "asset") for n in range(101)]  # with /*, 102 rules
    # The runtime measures a line without its indentation: 2,001 characters.
    too_long = line("X-Too-Long", headers.MAX_LINE + 3)
    text = "\n".join(["/*", line("X-Fits", headers.MAX_LINE), too_long]
                     + [f"{pattern}\n  X-Rule: {n}" for n, (pattern, _kind) in enumerate(rules)]) + "\n"
    problems = headers.limit_problems(text, rules, {"scripts": [], "styles": [], "script_files": {}})
    assert len(problems) == 2, problems
    assert f"the X-Too-Long line has {len(too_long)} characters" in problems[0] and "X-Fits" not in problems[0]
    assert "102 rules" in problems[1]

    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<!doctype html><title>x</title>", encoding="utf-8")
    (site / "_headers").write_text(text, encoding="utf-8")
    runtime = Runtime(tmp_path)
    try:
        status, received = get(runtime.url + "/")
        assert status == 200
        assert received.get("x-fits") == ["a" * (headers.MAX_LINE - len("  X-Fits: "))]
        assert "x-too-long" not in received
        output = runtime.output()
        assert f"Ignoring line 3 as it exceeds the maximum allowed length of {headers.MAX_LINE}" in output, output
        assert f"Maximum number of rules supported is {headers.MAX_RULES}" in output, output
    finally:
        runtime.stop()


@pytest.mark.build
def test_the_editor_gets_its_own_policy_and_not_the_sites(served):
    """/admin/ (the owner's editor, site_build/editor): Cloudflare joins the
    values of every rule that matches a path, so the editor's rule detaches
    the site's policy first; the editor gets its own policy alone, and
    noindex."""
    _provider, site, runtime = served
    site_policy = written(site)["Content-Security-Policy"]
    for path in ("/admin/", "/admin/config.yml", "/admin/decap-cms.js"):
        status, headers = get(runtime.url + path)
        assert status == 200, path
        policies = headers.get("content-security-policy") or []
        assert len(policies) == 1 and "'unsafe-eval'" in policies[0], (path, policies)
        assert site_policy not in policies[0] and "sha256-" not in policies[0], (path, policies)
        assert headers.get("x-robots-tag") == ["noindex"], path
