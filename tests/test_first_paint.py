"""What a page needs before its first paint, and nothing more: the scripts
run after it (site_build/scripts.py, after_paint.js), and the theme's
palette stylesheet is not a request of its own (site_build/brand.py).
bench/lighthouse.py measures what this buys; these tests pin how."""

from __future__ import annotations

import json
import re
import subprocess
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import material
from support.browser import with_scripts, local_only
from support.pages import html_pages
from support.server import StaticHandler, serve
from site_build import brand, html, scripts, theme

CONFIG = '<script id="__config" type="application/json">{}</script>'


def moved(text: str) -> str:
    """The page `text` after the scripts step, as the pipeline writes it."""
    page = html.parse(text)
    scripts.page(None, None, page)
    return page.serialise()


# --- scripts: the step on its own -------------------------------------------


def _listed(doc) -> list[dict]:
    """The loader's list of scripts in the parsed page `doc` (none: [])."""
    found = doc.select(f"script#{scripts.LIST_ID}[type='application/json']")
    return json.loads(found[0].string) if found else []


def test_closing_scripts_become_one_list_in_order_and_one_loader():
    html = (f"<body><p>Testo</p>{CONFIG}\n  <script src=\"../a/site.js\"></script>\n"
            "  <script src=\"../a/bundle.1.min.js\"></script>\n  <script src=\"../a/own.js\"></script>\n</body>")
    out = moved(html)
    doc = BeautifulSoup(out, "html5lib")
    assert _listed(doc) == [{"src": "../a/site.js"}, {"src": "../a/bundle.1.min.js"}, {"src": "../a/own.js"}]
    assert not doc.select("script[src]"), "a script is still parser-blocking"
    assert not doc.select("link"), "a script is fetched before the first paint"
    inline = [s.string for s in doc.find_all("script") if not s.get("src") and not s.get("type")]
    assert inline == [scripts.loader()]
    assert out.index("<p>Testo</p>") < out.index(CONFIG) < out.index(scripts.LIST_ID) < out.index(scripts.loader())


def test_no_address_in_the_list_can_close_its_element():
    out = moved(f'<body>{CONFIG}<script src="a.js?x=</script><p>no</p>"></script></body>')
    doc = BeautifulSoup(out, "html5lib")
    assert _listed(doc) == [{"src": "a.js?x=</script><p>no</p>"}]
    assert not doc.select("p"), "the address closed the list's element"


@pytest.mark.parametrize("text", [
    f"<body>{CONFIG}<script src=\"x.js\" defer></script></body>",
    f"<body>{CONFIG}<script src=\"x.js\" async></script></body>",
    f"<body>{CONFIG}<script type=\"module\" src=\"x.js\"></script></body>",
    f"<body>{CONFIG}<script src=\"https://example.com/x.js\"></script></body>",
    f"<body>{CONFIG}<script src=\"//example.com/x.js\"></script></body>",
    "<body><script src=\"x.js\"></script></body>",  # no theme configuration: not the theme's scripts
    f"<body><script src=\"x.js\"></script>{CONFIG}</body>",  # before the configuration
])
def test_other_scripts_keep_their_place(text):
    assert moved(text) == html.parse(text).serialise()


BUNDLE = "../assets/javascripts/bundle.1a2b3c4d.min.js"


def _waits(body: str) -> dict:
    html = (f"<body>{body}{CONFIG}\n  <script src=\"../assets/javascripts/site.js\"></script>\n"
            f"  <script src=\"{BUNDLE}\"></script>\n  <script src=\"../a/own.js\"></script>\n</body>")
    doc = BeautifulSoup(moved(html), "html5lib")
    return {Path(entry["src"]).name: entry.get("media") for entry in _listed(doc)}


def test_materials_bundle_waits_for_a_wide_screen():
    assert _waits("<p>Testo</p>") == {
        "site.js": None, "bundle.1a2b3c4d.min.js": "(min-width: 960px)", "own.js": None}


@pytest.mark.parametrize("body", [
    "<pre><code>x = 1</code></pre>",
    '<div class="highlight"><pre><span></span><code>x</code></pre></div>',
    '<div class="tabbed-set tabbed-alternate" data-tabs="1:2"></div>',
    '<pre class="mermaid"><code>graph LR</code></pre>',
    '<ol class="annotate"><li>Testo (1)</li></ol>',
    '<div class="md-consent" data-md-component="consent"></div>',
    '<a href="https://github.com/x/y" data-md-component="source"></a>',
])
def test_content_that_materials_bundle_works_on_keeps_it_at_every_width(body):
    assert _waits(body)["bundle.1a2b3c4d.min.js"] is None


def test_the_loader_is_valid_javascript_without_comments():
    """The compacted loader still parses (Node's parser) and keeps its code."""
    loader = scripts.loader()
    assert "/*" not in loader and "\n " not in loader
    for needed in ("first-contentful-paint", 'addEventListener("load"', "requestAnimationFrame",
                   f"var START = {json.dumps(theme.START_EVENT)}", "data-site-scripts",
                   f"document.getElementById({json.dumps(scripts.LIST_ID)})",
                   f"hold: {json.dumps(scripts.HOLD, separators=(',', ':'))}"):
        assert needed in loader, needed
    assert "SITE_" not in loader, "a placeholder of the contract was not written in"
    assert "document.dispatchEvent" not in loader, "the loader sends an event to the whole document"
    checked = subprocess.run(["node", "-e", "new Function(require('fs').readFileSync(0, 'utf8'))"],
                             input=loader, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


# --- scripts: the built site ------------------------------------------------


def test_every_page_runs_the_theme_scripts_after_its_first_paint(site_dir):
    loaders, problems = set(), []
    for rel in html_pages(site_dir):
        text = (site_dir / rel).read_text(encoding="utf-8")
        if '<script id="__config"' not in text:
            continue
        doc = BeautifulSoup(text, "html5lib")
        blocking = [s["src"] for s in doc.select("body script[src]") if not ({"async", "defer"} & set(s.attrs))]
        if blocking:
            problems.append(f"{rel}: parser-blocking {blocking}")
        order = [Path(entry["src"]).name for entry in _listed(doc)]
        names = [re.sub(r"\.[0-9a-f]{8}\.min", "", name) for name in order]
        if names[:2] != ["site.js", "bundle.js"]:
            problems.append(f"{rel}: scripts {order}")
        # Material's bundle waits for a wide screen unless the page holds
        # what the bundle works on at every width.
        needs = doc.select("pre, .tabbed-set, .mermaid, .annotate, [data-md-component=consent],"
                           " [data-md-component=source], [data-md-component=outdated]")
        media = {Path(entry["src"]).name: entry.get("media") for entry in _listed(doc)}
        expected = {name: ("(min-width: 960px)" if name.startswith("bundle.") and not needs else None)
                    for name in media}
        if media != expected:
            problems.append(f"{rel}: media {media}, expected {expected}")
        loaders.update(s.string for s in doc.select("body script:not([src]):not([type])")
                       if s.string and scripts.LIST_ID in s.string)
    assert not problems, "\n".join(problems)
    assert len(loaders) == 1, "the loader differs between pages (one hash in the security policy)"


def test_the_sites_own_scripts_are_sent_without_comments_and_still_parse(site_dir):
    """docs/assets/javascripts/*.js, as the build sends them: no comment,
    no indentation, smaller, and still JavaScript (Node's parser)."""
    sources = sorted((Path(__file__).parents[1] / "docs/assets/javascripts").glob("*.js"))
    assert sources
    for source in sources:
        built = (site_dir / "assets/javascripts" / source.name).read_text(encoding="utf-8")
        written = source.read_text(encoding="utf-8")
        assert "/*" not in built and "\n " not in built, source.name
        assert len(built) < len(written), f"{source.name}: {len(built)} of {len(written)} characters"
        checked = subprocess.run(["node", "-e", "new Function(require('fs').readFileSync(0, 'utf8'))"],
                                 input=built, capture_output=True, text=True)
        assert checked.returncode == 0, f"{source.name}: {checked.stderr}"


# --- scripts: in the browser ------------------------------------------------

# Records when each script element enters the page, against the clock that
# the paint entries use.
RECORD = """
window.__added = [];
new MutationObserver(records => records.forEach(r => r.addedNodes.forEach(n => {
  if (n.nodeName === 'SCRIPT' && n.src) __added.push([n.src.split('/').pop(), performance.now()]);
}))).observe(document, {childList: true, subtree: true});
"""
MATERIAL_STARTED = "new Promise(done => { let got = false; document$.subscribe(() => got = true); done(got); })"


@pytest.mark.browser
@pytest.mark.parametrize("path", ["/", "/blog/errori-di-delega/", "/di-chi-hai-bisogno/"])
@pytest.mark.parametrize("width", [360, 1280])
def test_no_script_runs_before_the_first_paint_and_the_theme_starts(base_url, new_page, path, width):
    page = new_page(width, 800)
    page.add_init_script(RECORD)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    requested = []
    page.on("request", lambda request: requested.append(request.url.rsplit("/", 1)[-1]))
    page.goto(base_url + path)
    paint = page.evaluate("performance.getEntriesByName('first-contentful-paint')[0].startTime")
    added = dict(page.evaluate("__added"))
    for name in ["site.js"] + (["self-assessment.js"] if "bisogno" in path else []):
        assert name in added, f"{name} never ran: {added}"
    bundle = [name for name in added if name.startswith("bundle.")]
    waiting = page.evaluate("document.documentElement.hasAttribute('data-site-waiting')")
    if width < 960:
        # Below 960 px Material's bundle waits for the reader: not run, not downloaded.
        assert not bundle, f"Material's bundle ran at {width} px: {added}"
        assert not [name for name in requested if name.startswith("bundle.")], requested
        assert waiting, "the page root does not say that a script waits"
        assert errors == []
        return
    assert bundle, f"Material's bundle never ran: {added}"
    assert not waiting
    early = {name: at for name, at in added.items() if at < paint}
    assert not early, f"scripts added before the first paint at {paint:.0f} ms: {early}"
    loaded = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
    early = {name: at for name, at in added.items() if at < loaded}
    assert not early, f"scripts added before the load event ended at {loaded:.0f} ms: {early}"
    assert page.evaluate(MATERIAL_STARTED), "Material's bundle did not get DOMContentLoaded"
    assert errors == []


# Set by the bundle at the end of its evaluation (window.component$): notes
# whether its components start (document$ emits) before a task queued then
# (a timer) has run, that is in the task of the evaluation.
WATCH_START = """
Object.defineProperty(window, "component$", {
  configurable: true,
  get() { return this.__component; },
  set(value) {
    this.__component = value;
    window.__inEvaluation = true;
    setTimeout(() => { window.__inEvaluation = false; });
    window.document$.subscribe(() => { window.__startedInEvaluation = window.__inEvaluation; });
  },
});
"""


@pytest.mark.browser
def test_materials_bundle_starts_in_a_task_of_its_own(browser, base_url, new_page):
    """Evaluating Material's bundle and starting its components
    (DOMContentLoaded) are two tasks, not one long one."""
    page = new_page(1280, 800)
    page.add_init_script(WATCH_START)
    page.goto(base_url + "/blog/errori-di-delega/")
    assert page.evaluate(MATERIAL_STARTED), "Material's bundle did not start"
    started = page.evaluate("window.__startedInEvaluation")
    assert started is not None, "the bundle was not watched"
    assert started is False, "the bundle's evaluation and its start share one task"


@pytest.mark.browser
@pytest.mark.parametrize("width", [360, 1280])
def test_the_document_gets_one_domcontentloaded(base_url, new_page, width):
    """Material's bundle gets the DOMContentLoaded it starts on, and only
    it: the document (and every other listener) sees the event once, when
    the page is parsed, at a width where the bundle runs at once and at one
    where it runs when the search is opened."""
    page = new_page(width, 800)
    page.add_init_script("window.__seen = 0; document.addEventListener('DOMContentLoaded', () => window.__seen++);"
                         "window.addEventListener('DOMContentLoaded', () => window.__seen++, true);")
    page.goto(base_url + "/blog/errori-di-delega/")
    if width < 960:
        page.click("label[for=__search].md-header__button")
        page.wait_for_function("() => !!window.component$ && !document.documentElement.hasAttribute('data-site-waiting')")
    assert page.evaluate(MATERIAL_STARTED), "Material's bundle did not start"
    assert page.evaluate("window.__seen") == 2, "the document saw DOMContentLoaded more than once (or never)"


@pytest.mark.browser
def test_without_paint_timing_the_scripts_still_run(browser, base_url):
    """A browser that does not report paints (no PerformanceObserver) runs
    the scripts after the load event."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.route("**/*", local_only)
    try:
        page = with_scripts(context.new_page())
        page.add_init_script("delete window.PerformanceObserver")
        page.goto(base_url + "/blog/errori-di-delega/")
        assert page.evaluate("typeof PerformanceObserver") == "undefined"
        assert page.evaluate(MATERIAL_STARTED)
    finally:
        context.close()


# --- the palette stylesheet -------------------------------------------------

MATERIAL_PALETTE = next((Path(material.__file__).parent / "templates/assets/stylesheets").glob("palette.*.min.css"))


def test_the_custom_palette_keeps_the_dark_scheme_and_no_named_colour():
    rules = brand.custom_palette_rules(MATERIAL_PALETTE.read_text(encoding="utf-8"))
    assert "[data-md-color-scheme=slate]{color-scheme:dark;" in rules
    assert "--md-default-bg-color:" in rules and "[data-md-color-switching]" in rules
    assert not re.search(r"data-md-color-(primary|accent)=(?!custom)", rules)
    assert rules.count("{") == rules.count("}")
    assert "sourceMappingURL" not in rules


def test_the_custom_palette_drops_only_the_selectors_naming_a_colour():
    css = ("/* x */[data-md-color-primary=red] a,[data-md-color-scheme=slate] b{color:red}"
           "@media screen{[data-md-color-accent=teal] c{x:1}[data-md-color-primary=custom] d{y:2}}"
           "@media print{[data-md-color-primary=indigo] e{z:3}}:root{--a:1}")
    assert brand.custom_palette_rules(css) == (
        "[data-md-color-scheme=slate] b{color:red}@media screen{[data-md-color-primary=custom] d{y:2}}:root{--a:1}")


def test_no_page_requests_the_palette_stylesheet(site_dir):
    problems = []
    for rel in html_pages(site_dir):
        doc = BeautifulSoup((site_dir / rel).read_text(encoding="utf-8"), "html5lib")
        sheets = [link["href"] for link in doc.select("link[rel=stylesheet]")]
        if any("palette" in href for href in sheets):
            problems.append(f"{rel}: {sheets}")
        styles = "".join(style.string or "" for style in doc.select("head style"))
        if doc.select_one(".md-header") and "[data-md-color-scheme=slate]" not in styles:
            problems.append(f"{rel}: no dark scheme in the page's styles")
    assert not problems, "\n".join(problems)


# Before each frame until the page has loaded (and three frames at least):
# the body's colour scheme and background, once the body exists.
FRAMES = """
window.__frames = [];
(function frame() {
  if (document.body) {
    window.__frames.push([document.body.getAttribute("data-md-color-scheme"),
                          getComputedStyle(document.body).backgroundColor]);
  }
  if (document.readyState !== "complete" || window.__frames.length < 3) requestAnimationFrame(frame);
})();
"""


@pytest.mark.browser
@pytest.mark.parametrize("path", ["/", "/blog/errori-di-delega/"])
@pytest.mark.parametrize("width", [360, 1280])
def test_a_dark_scheme_reader_never_sees_a_light_frame(base_url, new_page, path, width):
    """The first frames can come before the page has loaded (the parser
    goes on while pictures and scripts arrive): in every one of them a
    reader whose system asks for dark sees the dark scheme, never a light
    frame first (the palette's script runs before the body's content)."""
    page = new_page(width, 800, color_scheme="dark")
    page.add_init_script(FRAMES)
    page.goto(base_url + path)
    page.wait_for_function("document.readyState === 'complete' && window.__frames.length >= 3")
    frames = page.evaluate("window.__frames")
    assert frames and {scheme for scheme, _ in frames} == {"slate"}, frames
    assert len({background for _, background in frames}) == 1, frames
    assert frames[0][1] not in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"), frames[0]



def test_the_head_sets_the_schemes_the_toggle_offers(site_dir):
    """The head's script (its schemes from site_build/brand.py) and the
    toggle (Material's partial, its own reading of theme.palette) agree,
    scheme for scheme, in order; the script is in the head, before the
    body exists."""
    doc = BeautifulSoup((site_dir / "index.html").read_text(encoding="utf-8"), "html5lib")
    script = next(s.string for s in doc.head.find_all("script") if s.string and "__site_palette" in s.string)
    colors = json.loads(re.search(r"var colors = (\[.*?\]);", script).group(1))
    keys = ("media", "scheme", "primary", "accent")
    offered = [{key: field[f"data-md-color-{key}"] for key in keys}
               for field in doc.select("form[data-site-palette] input")]
    assert len(offered) == 2 and colors == offered, (colors, offered)


class StalledHandler(StaticHandler):
    """Serves a page's HTML in two parts, the second STALL seconds after
    the first: up to just after the body's start tag, then the rest. The
    browser renders what it has while it waits, as on a slow network."""

    STALL = 0.6

    def do_GET(self):
        path = Path(self.directory) / self.path.lstrip("/").split("?")[0]
        page = path / "index.html" if path.is_dir() else path
        if page.suffix != ".html" or not page.is_file():
            return super().do_GET()
        body = page.read_bytes()
        cut = body.index(b">", body.index(b"<body")) + 1
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body[:cut])
        self.wfile.flush()
        time.sleep(self.STALL)
        self.wfile.write(body[cut:])


@pytest.mark.browser
@pytest.mark.parametrize("scheme, expected", [("dark", "slate"), ("light", "default")])
def test_the_scheme_is_on_the_body_while_the_rest_of_the_page_is_on_its_way(site_dir, new_page, scheme, expected):
    """A stall right after the body's start tag: the frames the browser
    renders while it waits show the reader's scheme already (the head's
    script sets it as the body is inserted, not a script in the body)."""
    server, url = serve(site_dir, StalledHandler)
    try:
        page = new_page(360, 800, color_scheme=scheme)
        page.add_init_script(FRAMES)
        page.goto(url + "/blog/errori-di-delega/")
        page.wait_for_function("document.readyState === 'complete' && window.__frames.length >= 3")
        frames = page.evaluate("window.__frames")
    finally:
        server.shutdown()
    # About 36 frames at 60 a second during the stall; the test needs some.
    assert len(frames) >= 10, frames
    assert {found for found, _ in frames} == {expected}, frames


# Where each of the header's controls sits: [selector, x, width].
HEADER = """() => ['.md-header__option', '.md-header__button[for=__search]', '.md-search', '.site-header-action',
                   '.md-header__title'].map(s => { const r = document.querySelector(s).getBoundingClientRect();
                   return [s, Math.round(r.x), Math.round(r.width)]; })"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [360, 1280])
def test_nothing_in_the_header_moves_when_the_scripts_run(base_url, new_page, width):
    """Between the first paint and the scripts the page is as before
    Material's script (.no-js), which hides the search: its place is kept.
    Here the scripts never arrive, to hold the page in that state."""
    before = new_page(width, 800)
    before.route("**/assets/javascripts/**", lambda route: route.abort())
    before.goto(base_url + "/blog/errori-di-delega/")
    assert before.evaluate("document.documentElement.classList.contains('no-js')")
    after = new_page(width, 800)
    after.goto(base_url + "/blog/errori-di-delega/")
    assert after.evaluate("document.documentElement.classList.contains('js')")
    shown = [box for box in after.evaluate(HEADER) if box[2]]  # what has a width once the scripts ran
    assert len(shown) >= 4
    assert [box for box in before.evaluate(HEADER) if box[0] in {s for s, _, _ in shown}] == shown
    assert before.locator(".md-header [for=__search], .md-header .md-search").evaluate_all(
        "nodes => nodes.every(n => getComputedStyle(n).visibility === 'hidden' || !n.getClientRects().length)")
