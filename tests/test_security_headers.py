"""The security and caching headers (site_build/headers.py), served the
way Netlify and Cloudflare Pages serve them: a local server applies the
generated `_headers` file, Chromium loads every page, searches and sends the
contact form to a local receiver, and the Content-Security-Policy reports no
violation; an injected inline script is blocked. GitHub Pages' variant, the
policy in a meta element, is checked the same way."""

from __future__ import annotations

import base64
import hashlib
import http.server
import json
import re
import shutil
import threading
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from support.host_headers import HeadersHandler, headers_for, matching, parse
from support.pages import html_pages, page_url
from support.project import ROOT, build, copy_project, owner_settings
from support.server import QuietServer, StaticHandler, serve
from support.waits import reached

JS_TYPES = {"", "module", "text/javascript", "application/javascript"}
FIELDS = {
    "name": "Anna Bianchi",
    "email": "anna@esempio.it",
    "need": "Gestione mensile",
    "message": "Vorrei capire se mi serve una OBM per coordinare il team.",
}
# Collects every violation the page reports, before any of its scripts run.
WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push({directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample});
});
"""


def _hook():
    from site_build import headers
    return headers


class Receiver(http.server.BaseHTTPRequestHandler):
    """The contact endpoint: records each POST, answers JSON with CORS."""

    def log_message(self, *args):
        pass

    def _cors(self):
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        self.send_header("Access-Control-Allow-Methods", "POST, OPTIONS")

    def do_OPTIONS(self):
        self.send_response(204)
        self._cors()
        self.end_headers()

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.server.received.append((self.path, json.loads(body or b"{}")))
        self.send_response(200)
        self._cors()
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"ok": true}')


@pytest.fixture(scope="module")
def hosted(tmp_path_factory):
    """The site built for a webhook contact endpoint on 127.0.0.1 and served
    with its `_headers` applied: (site folder, base URL, receiver)."""
    receiver = QuietServer(("127.0.0.1", 0), Receiver)
    receiver.received = []
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    receiver.url = f"http://127.0.0.1:{receiver.server_address[1]}"

    site = tmp_path_factory.mktemp("hosted")
    server, url = serve(site, HeadersHandler)
    result = build(ROOT, site, env={
        "SITE_URL": url + "/", "CONTACT_PROVIDER": "webhook", "CONTACT_ENDPOINT": receiver.url + "/hook",
    })
    assert result.returncode == 0, result.stderr
    yield site, url, receiver
    server.shutdown()
    receiver.shutdown()


def rules_of(site: Path):
    return parse((site / "_headers").read_text(encoding="utf-8"))


def csp_of(site: Path) -> dict[str, list[str]]:
    value = headers_for(rules_of(site), "/")["content-security-policy"]
    return {d.split()[0]: d.split()[1:] for d in value.split(";") if d.strip()}


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def urls(site: Path) -> list[str]:
    """Every URL path of the build: each file, and each folder with an index."""
    found = []
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.name not in ("_headers", "_redirects"):  # the host's files, not served
            rel = path.relative_to(site).as_posix()
            found.append("/" + rel)
            if path.name == "index.html":
                found.append(page_url(rel))
    return found


# -- the file -----------------------------------------------------------------

@pytest.mark.build
def test_the_headers_file_parses_and_covers_every_path(hosted):
    site, _url, _receiver = hosted
    rules = rules_of(site)
    assert rules[0][0] == "/*"
    for path in urls(site):
        headers = headers_for(rules, path)
        for name in ("content-security-policy", "strict-transport-security", "referrer-policy",
                     "permissions-policy", "x-content-type-options"):
            assert name in headers, f"{path}: no {name}"
        caching = [r for r in matching(rules, path) if any(n == "Cache-Control" for n, _ in r[1])]
        assert len(caching) == 1, f"{path}: {len(caching)} Cache-Control rules: {[r[0] for r in caching]}"
        # One policy in force: a later rule may detach an earlier one (`!`).
        policies: list[str] = []
        for _pattern, headers in matching(rules, path):
            for name, value in headers:
                if name == "Content-Security-Policy":
                    policies = [] if value is None else policies + [value]
        assert len(policies) == 1, f"{path}: {len(policies)} policies in force"


@pytest.mark.build
def test_no_page_asks_for_a_fresh_browser_process(hosted):
    """Cross-Origin-Opener-Policy would start every arrival from another
    site in a new renderer process (site_build/headers.py says why the
    site does without it); the frame rules still keep it out of frames."""
    site, _url, _receiver = hosted
    rules = rules_of(site)
    for path in ("/", "/blog/errori-di-delega/", "/contatti/", "/404.html"):
        headers = headers_for(rules, path)
        assert "cross-origin-opener-policy" not in headers, path
        assert headers["x-frame-options"] == "DENY", path
    assert csp_of(site)["frame-ancestors"] == ["'none'"]


@pytest.mark.build
def test_caching_is_long_only_for_fingerprinted_files(hosted):
    site, _url, _receiver = hosted
    rules = rules_of(site)
    cache = {path: headers_for(rules, path)["cache-control"] for path in urls(site)}
    fingerprinted = [p for p in cache if re.search(r"\.[0-9a-f]{8}\.min\.(js|css)(\.map)?$", p)]
    assert any("/bundle." in p for p in fingerprinted) and any(p.endswith(".min.css") for p in fingerprinted)
    for path, value in cache.items():
        if path.startswith("/admin/"):  # the editor: revalidated, its configuration changes with every deploy
            assert value == "no-cache", path
        elif path in fingerprinted:
            assert value == "public, max-age=31536000, immutable", path
        elif path.endswith((".html", "/", ".xml", ".json")):
            assert value == "public, max-age=0, must-revalidate", path
        else:
            assert "immutable" not in value and int(re.search(r"max-age=(\d+)", value)[1]) <= 3600, path
    for path in ("/", "/blog/", "/feed_rss_created.xml", "/feed_json_created.json", "/sitemap.xml",
                 "/search/search_index.json"):
        assert cache[path] == "public, max-age=0, must-revalidate", path
    assert cache["/assets/stylesheets/site.css"] == "public, max-age=600"


@pytest.mark.build
def test_the_policy_is_strict_and_names_the_contact_endpoint(hosted):
    site, _url, receiver = hosted
    csp = csp_of(site)
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]
    assert csp["connect-src"] == ["'self'", receiver.url]
    assert csp["form-action"] == ["'self'", receiver.url]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    headers = headers_for(rules_of(site), "/")
    assert headers["strict-transport-security"].startswith("max-age=31536000")
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert headers["x-content-type-options"] == "nosniff"
    assert "camera=()" in headers["permissions-policy"] and "geolocation=()" in headers["permissions-policy"]


@pytest.mark.build
def test_every_inline_script_is_hashed_and_nothing_else(hosted):
    """Read with another parser than the hook's: every executable inline
    script of every page has its hash in script-src, and script-src holds
    no hash of anything else."""
    site, _url, _receiver = hosted
    expected = set()
    for rel in html_pages(site, redirects=True):
        soup = BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")
        for script in soup.find_all("script"):
            if not script.get("src") and (script.get("type") or "").lower() in JS_TYPES:
                expected.add(sha256(script.string or ""))
    hashes = {s for s in csp_of(site)["script-src"] if s.startswith("'sha256-")}
    assert hashes == expected
    assert len(hashes) >= 3  # Material's scope, palette and tab scripts at least


# -- in the browser -----------------------------------------------------------

def watched(new_page):
    page = new_page()
    page.add_init_script(WATCH)
    messages = []
    page.on("console", lambda m: messages.append(m.text) if m.type in ("error", "warning") else None)
    return page, messages


def policy_messages(messages):
    return [m for m in messages if "Content Security Policy" in m or "Permissions-Policy" in m
            or "Content-Security-Policy" in m]


@pytest.mark.browser
@pytest.mark.build
def test_every_page_loads_without_a_violation(hosted, new_page):
    site, url, _receiver = hosted
    page, messages = watched(new_page)
    paths = [page_url(p) for p in html_pages(site) if p != "404.html"]
    paths += ["/pagina-che-non-esiste/"]
    problems = {}
    for path in paths:
        response = page.goto(url + path, wait_until="load")
        assert response.headers.get("content-security-policy"), f"{path}: served without the policy"
        page.wait_for_timeout(50)
        violations = page.evaluate("window.__violations || []")
        if violations:
            problems[path] = violations
    assert not problems, problems
    assert not policy_messages(messages), policy_messages(messages)


@pytest.mark.browser
@pytest.mark.build
def test_the_feed_shows_with_its_stylesheet_under_the_policy(hosted, new_page):
    """The RSS feed, styled by rss.xsl in browsers that still run XSLT: its
    <style> is allowed by hash, its pictures are the site's own. Chromium
    now adds a deprecation banner of its own to XSLT output, with style and
    event handler attributes the policy blocks: those are the browser's, and
    rss.xsl itself has no such attribute."""
    _site, url, _receiver = hosted
    page, _messages = watched(new_page)
    response = page.goto(url + "/feed_rss_created.xml")
    assert response.headers.get("content-security-policy")
    page.wait_for_timeout(200)
    violations = [v for v in page.evaluate("window.__violations || []") if not v["directive"].endswith("-attr")]
    assert violations == []
    xsl = (_site / "rss.xsl").read_text(encoding="utf-8")
    assert not re.search(r"""<[^>]*\s(style|on[a-z]+)\s*=""", xsl)


@pytest.mark.browser
@pytest.mark.build
def test_search_works_under_the_policy(hosted, new_page):
    _site, url, _receiver = hosted
    page, messages = watched(new_page)
    page.goto(url + "/")
    page.locator(".md-search__input").click()
    page.keyboard.type("delega")
    results = page.locator(".md-search-result__item")
    results.first.wait_for(state="visible", timeout=15000)
    assert results.count() > 0
    assert page.evaluate("window.__violations") == []
    assert not policy_messages(messages), policy_messages(messages)


@pytest.mark.browser
@pytest.mark.build
def test_the_contact_form_sends_under_the_policy(hosted, new_page):
    _site, url, receiver = hosted
    receiver.received.clear()
    page, messages = watched(new_page)
    page.goto(url + "/contatti/")
    for name, value in FIELDS.items():
        if name == "need":
            page.check(f'#cf-full input[name="need"][value="{value}"]')
        else:
            page.fill(f'#cf-full [name="{name}"]', value)
    page.wait_for_timeout(3200)  # longer than the form's minimum filling time
    page.click("#cf-full button[type=submit]")
    page.locator(".contact-form__success").wait_for(state="visible", timeout=10000)
    end = time.monotonic() + 5
    while not receiver.received and time.monotonic() < end:
        time.sleep(0.05)
    assert receiver.received and receiver.received[0][0] == "/hook"
    assert receiver.received[0][1]["message"] == FIELDS["message"]
    assert page.evaluate("window.__violations") == []
    assert not policy_messages(messages), policy_messages(messages)


@pytest.mark.browser
@pytest.mark.build
def test_the_policy_blocks_an_injected_inline_script(hosted, new_page):
    _site, url, _receiver = hosted
    page, _messages = watched(new_page)
    page.goto(url + "/blog/")
    page.evaluate("""() => {
      const script = document.createElement("script");
      script.textContent = "window.__injected = true";
      document.body.appendChild(script);
      const button = document.createElement("button");
      button.setAttribute("onclick", "window.__clicked = true");
      document.body.appendChild(button);
      button.click();
    }""")
    # The browser reports a blocked script with an event of its own, later.
    reached(page, "() => new Set(window.__violations.map(v => v.directive)).size >= 2")
    assert page.evaluate("window.__injected") is None
    assert page.evaluate("window.__clicked") is None
    directives = {v["directive"] for v in page.evaluate("window.__violations")}
    assert {"script-src-elem", "script-src-attr"} <= directives, directives


# -- the hook on its own ------------------------------------------------------

def test_the_contact_origin_comes_from_the_provider(tmp_path):
    """The origin the policy allows is the provider's endpoint, from the one
    table that knows it (site_build/settings.py, PROVIDERS): the form's action and the
    policy cannot disagree. Inline scripts are hashed; data and files are not."""
    from site_build.contact import form, origin
    from site_build.project import Project

    hook = _hook()
    shutil.copytree(ROOT / "data", tmp_path / "data")  # the form's choices are the services' names
    owner_settings(tmp_path, {'provider: ""': "provider: web3forms", 'access_key: ""': "access_key: k"})
    project = Project(tmp_path, {"extra": {}})
    assert origin(project) == "https://api.web3forms.com"
    assert form(project, "full")["action"] == "https://api.web3forms.com/submit"
    (tmp_path / "index.html").write_text(
        '<form data-contact-form action="https://api.web3forms.com/submit" method="post"></form>'
        '<form action="https://elsewhere.example/"></form><script>a()</script>'
        '<script type="application/ld+json">{}</script><script src="x.js"></script>'
        '<script data-src="y.js" data-type="x">b()</script>', encoding="utf-8")
    found = hook.scan(tmp_path, [origin(project)])
    assert found["origins"] == ["https://api.web3forms.com"]
    assert found["scripts"] == sorted([sha256("a()"), sha256("b()")])
    policy = hook.policy(found)
    assert "connect-src 'self' https://api.web3forms.com;" in policy
    assert "form-action 'self' https://api.web3forms.com;" in policy
    assert "elsewhere" not in policy


def test_blocked_markup_is_found_outside_code_and_scripts():
    hook = _hook()
    page = ('<p style="color:red">x</p><a href="javascript:void(0)">y</a><img src=x.png onerror="z()">'
            '<pre><code>&lt;p style="a"&gt; <span style="color:blue">esempio</span></code></pre>'
            '<script>var s = "<b onclick=1>";</script><!-- <i style="x"> -->')
    assert hook.blocked_markup(page) == {"a style attribute (on <p>)", "a javascript: link (on <a>)",
                                         "an inline event handler (onerror on <img>)"}


@pytest.mark.build
def test_markup_the_policy_would_block_stops_the_build(tmp_path):
    project = copy_project(tmp_path / "project")
    page = project / "docs/privacy.md"
    page.write_text(page.read_text(encoding="utf-8") + '\n<p style="color: red">Rosso</p>\n', encoding="utf-8")
    result = build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "privacy/index.html: a style attribute" in result.stderr, result.stderr


# -- GitHub Pages: the policy in every page -----------------------------------

@pytest.fixture(scope="module")
def meta_hosted(tmp_path_factory):
    site = tmp_path_factory.mktemp("meta")
    server, url = serve(site, StaticHandler)
    result = build(ROOT, site, env={"SITE_URL": url + "/", "CSP_META": "true"})
    assert result.returncode == 0, result.stderr
    yield site, url
    server.shutdown()


@pytest.mark.build
def test_meta_policy_comes_first_in_every_page(meta_hosted):
    site, _url = meta_hosted
    assert not (site / "_headers").exists()
    for rel in html_pages(site):
        head = (site / rel).read_text(encoding="utf-8")
        meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', head)
        assert meta, f"{rel}: no policy"
        assert head.find("<script") == -1 or meta.start() < head.find("<script"), f"{rel}: a script before the policy"
        assert "frame-ancestors" not in meta[1]
        assert "'unsafe-inline'" not in meta[1].split("script-src")[1].split(";")[0]


@pytest.mark.browser
@pytest.mark.build
def test_meta_policy_allows_the_site_and_blocks_injection(meta_hosted, new_page):
    _site, url = meta_hosted
    page, messages = watched(new_page)
    for path in ("/", "/blog/", "/contatti/", "/faq/", "/pagina-che-non-esiste/"):
        page.goto(url + path)
        page.wait_for_timeout(50)
        assert page.evaluate("window.__violations") == [], path
    page.goto(url + "/")
    page.locator(".md-search__input").click()
    page.keyboard.type("delega")
    page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=15000)
    assert page.evaluate("window.__violations") == []
    assert not policy_messages(messages), policy_messages(messages)
    page.evaluate("""() => {
      const script = document.createElement("script");
      script.textContent = "window.__injected = true";
      document.body.appendChild(script);
    }""")
    reached(page, "() => window.__violations.length >= 1")
    assert page.evaluate("window.__injected") is None
    assert [v["directive"] for v in page.evaluate("window.__violations")] == ["script-src-elem"]
