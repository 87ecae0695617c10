#!/usr/bin/env python3
"""Lighthouse benchmark: one page of each type, mobile and desktop, median
of three runs, side by side with a stock Material for MkDocs blog and with
the page's bare-HTML floor, all in the same run.

It builds the site into a temporary folder (with SITE_URL set to the local
server, so canonical and Open Graph addresses stay local), serves the build
on 127.0.0.1 the way a static host does (gzip for text files, the build's
own `_headers` file applied, 404.html for missing paths), runs Lighthouse
12.2.3 (bench/package.json, installed with `npm ci` if bench/node_modules is
missing) on Debian's Chromium with Lighthouse's default mobile settings and
its desktop preset, and prints per setting and page type the median of the
runs: the performance, accessibility, best-practices and SEO scores, LCP,
TBT, CLS, the bytes transferred and the number of requests. Below the
tables it lists the audits that kept a category below 100 in some run,
with the pages they concern, then how fast the host was (Lighthouse's
benchmarkIndex: a slow or busy machine inflates TBT) and any audit that
failed to run.

The floor is the limit a page can reach: its own content (the headings,
paragraphs, list items and pictures of Material's `md-content__inner`)
as bare HTML, with no style and no script, served by the same host at the
same address path (so its pictures are the build's own files). Each floor
page is kept beside the reports.

The stock blog (bench/build.py's: Material's theme, blog plugin and search,
nothing else, with ten generated posts and a home and a page of generated
text) is built and served the same way. Each run of a page measures ours,
then the stock blog's matching page (its home, newest post, blog index, or
the plain page for the self-assessment and the services), then the floor,
so that all three see the same machine load. A second table gives, per
page type, LCP and FCP of the three, the ratios ours/floor and ours/stock,
TBT and bytes; a third where the main thread's time goes on each side
(Lighthouse's main-thread work breakdown, slowed down as its simulation
slows it) and how many elements each page has. With --without-deferral, a
build of ours with SITE_PHONE_DEFERRAL=off (Material's bundle at every
width, site_build/scripts.py) is measured in the same runs, and a fourth
table sets it beside ours; with --linked-stylesheet, likewise a build with
SITE_STYLESHEET=linked (Material's purged rules a file every page links,
site_build/unused_css.py).

Reading TBT: total blocking time only counts the main-thread tasks that
come after the first contentful paint. The stock blog asks for its Google
Fonts stylesheet, which cannot load here, so it paints late and its bundle's
evaluation falls before its FCP; ours paints earlier and all of its
scripts' work counts. Lighthouse's estimates also scale the tasks it
observed, so a busy machine inflates TBT (see the benchmarkIndex line).
bench/blocking.py measures the blocking directly, in Chromium with its CPU
slowed down, beside the same stock blog.

Chromium may only reach 127.0.0.1: every other host name resolves to
nothing, so a run never waits on the network.

    .venv/bin/python bench/lighthouse.py                    # five page types, 3 runs
    .venv/bin/python bench/lighthouse.py --runs 5           # more runs per page
    .venv/bin/python bench/lighthouse.py --page home --page post --profile mobile
    .venv/bin/python bench/lighthouse.py --no-stock --no-floor  # ours only
    .venv/bin/python bench/lighthouse.py --without-deferral # and ours without the phone deferral
    .venv/bin/python bench/lighthouse.py --linked-stylesheet # and ours with Material's rules linked

Each median is taken per column, over the runs of that page. The raw JSON
reports and the printed table are kept in bench/results/<date-time>/.
CHROME_PATH chooses another Chromium (default /usr/bin/chromium).

Run it through `make bench-lighthouse`, which sets up the environment first.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gzip
import html
import http.server
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"
LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
CHROME_PATH = os.environ.get("CHROME_PATH", "/usr/bin/chromium")

# page type -> URL path
PAGES = {
    "home": "/",
    "comparison": "/obm-o-assistente-virtuale/",
    "framework": "/modelli/tina-forsyth/",
    "post": "/blog/errori-di-delega/",
    "blog index": "/blog/",
    "services": "/servizi/",
    "contact": "/contatti/",
    "self-assessment": "/di-chi-hai-bisogno/",
}
# The page types measured unless --page says otherwise.
DEFAULT_PAGES = ("home", "post", "self-assessment", "blog index", "services")
# Our page type -> the stock blog's page it is compared with ("post" is
# resolved to the stock blog's newest post after the build).
STOCK_PAGES = {"home": "/", "post": "post", "self-assessment": "/pagina/", "blog index": "/blog/",
               "services": "/pagina/"}
# Builds of ours with one switch of the site's, measured beside ours when
# their option is given: variant -> (option, folder, environment, what).
BUILD_VARIANTS = {
    "no deferral": ("without_deferral", "site-without-deferral", {"SITE_PHONE_DEFERRAL": "off"},
                    "without the phone deferral"),
    "linked": ("linked_stylesheet", "site-linked-stylesheet", {"SITE_STYLESHEET": "linked"},
               "with a linked stylesheet"),
}
# Lighthouse's two settings: its default (a mid-range phone on a slow 4G
# connection) and its desktop preset.
PROFILES = {"mobile": [], "desktop": ["--preset=desktop"]}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = " ".join([
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--host-resolver-rules='MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
])
RUN_TIMEOUT = 240  # seconds for one Lighthouse run, Chromium's start included

# Response types a static host compresses.
COMPRESSIBLE = {
    "application/javascript", "application/json", "application/xml", "application/rss+xml",
    "application/feed+json", "application/manifest+json", "image/svg+xml",
}
# Cache-Control for a response no `_headers` rule gives one to.
DEFAULT_CACHE_CONTROL = "public, max-age=0, must-revalidate"


# --------------------------------------------------------------------------
# The `_headers` file (same rules as tests/support/host_headers.py, which
# is the tests'): a path pattern on its own line, then indented `Name: value`
# lines; `*` matches any run of characters, `:name` one path segment; every
# matching rule applies, and values of one header from several rules are
# joined with a comma.
# --------------------------------------------------------------------------

def parse_headers_file(text: str) -> list[tuple[re.Pattern, list[tuple[str, str]]]]:
    rules: list[tuple[re.Pattern, list[tuple[str, str]]]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            pieces = re.split(r"(\*|:[A-Za-z]\w*)", line.strip())
            regex = "".join(
                ".*" if p == "*" else "[^/]+" if p.startswith(":") else re.escape(p) for p in pieces
            )
            rules.append((re.compile(regex), []))
        elif rules:
            name, _, value = line.strip().partition(":")
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


def headers_for(rules, path: str) -> dict[str, tuple[str, str]]:
    """lower-case name -> (name, value) of the headers `path` gets."""
    merged: dict[str, tuple[str, list[str]]] = {}
    for regex, headers in rules:
        if regex.fullmatch(path):
            for name, value in headers:
                merged.setdefault(name.lower(), (name, []))[1].append(value)
    return {key: (name, ", ".join(values)) for key, (name, values) in merged.items()}


# --------------------------------------------------------------------------
# The static host
# --------------------------------------------------------------------------

class StaticHost(http.server.SimpleHTTPRequestHandler):
    """Serves a build like Netlify or Cloudflare Pages: directory URLs,
    404.html for missing paths, gzip for text when the client accepts it,
    a Content-Length always, the build's `_headers` applied (the file itself
    is not served) and a Cache-Control on every response."""

    protocol_version = "HTTP/1.1"
    # URL path -> HTML served there instead of the build's file (the floor
    # pages, served by a second server over the same build).
    pages: dict[str, bytes] = {}
    _gzip_cache: dict[tuple[str, float], bytes] = {}
    _rules_cache: dict[tuple[str, float], list] = {}
    _lock = threading.Lock()

    def log_message(self, *args):
        pass

    def do_GET(self):
        self._respond(body=True)

    def do_HEAD(self):
        self._respond(body=False)

    def _respond(self, body: bool) -> None:
        url_path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
        if url_path in self.pages:
            data, extra = self.pages[url_path], {"Vary": "Accept-Encoding"}
            if self._accepts_gzip():
                data = gzip.compress(data, compresslevel=6, mtime=0)
                extra["Content-Encoding"] = "gzip"
            self._send(200, data, "text/html", url_path, body, extra)
            return
        file = Path(self.translate_path(self.path))
        if file.is_dir():
            if not url_path.endswith("/"):
                self._send(301, b"", "text/plain", url_path, body, {"Location": url_path + "/"})
                return
            file = file / "index.html"
        status = 200
        if url_path == "/_headers" or not file.is_file():
            status, file = 404, Path(self.directory) / "404.html"
        if not file.is_file():
            self._send(404, b"Not found\n", "text/plain", url_path, body)
            return
        content_type = self.guess_type(str(file))
        data = file.read_bytes()
        extra = {}
        if self._compressible(content_type):
            extra["Vary"] = "Accept-Encoding"
            if self._accepts_gzip():
                data = self._gzipped(file, data)
                extra["Content-Encoding"] = "gzip"
        self._send(status, data, content_type, url_path, body, extra)

    def _send(self, status, data, content_type, url_path, body, extra=None) -> None:
        if content_type.startswith("text/") or content_type in COMPRESSIBLE:
            content_type += "; charset=utf-8"
        headers = {"content-type": ("Content-Type", content_type)}
        headers.update((k.lower(), (k, v)) for k, v in (extra or {}).items())
        headers.update(headers_for(self._rules(), url_path))
        headers.setdefault("cache-control", ("Cache-Control", DEFAULT_CACHE_CONTROL))
        headers["content-length"] = ("Content-Length", str(len(data)))
        self.send_response(status)
        for name, value in headers.values():
            self.send_header(name, value)
        self.end_headers()
        if body:
            self.wfile.write(data)

    @staticmethod
    def _compressible(content_type: str) -> bool:
        return content_type.startswith("text/") or content_type in COMPRESSIBLE

    def _accepts_gzip(self) -> bool:
        for part in self.headers.get("Accept-Encoding", "").split(","):
            coding, _, params = part.strip().partition(";")
            if coding.strip().lower() in ("gzip", "*"):
                q = re.search(r"q\s*=\s*([0-9.]+)", params)
                return not q or float(q.group(1)) > 0
        return False

    def _gzipped(self, file: Path, data: bytes) -> bytes:
        key = (str(file), file.stat().st_mtime)
        with self._lock:
            if key not in self._gzip_cache:
                self._gzip_cache[key] = gzip.compress(data, compresslevel=6, mtime=0)
            return self._gzip_cache[key]

    def _rules(self):
        file = Path(self.directory) / "_headers"
        if not file.is_file():
            return []
        key = (str(file), file.stat().st_mtime)
        with self._lock:
            if key not in self._rules_cache:
                self._rules_cache[key] = parse_headers_file(file.read_text(encoding="utf-8"))
            return self._rules_cache[key]


# --------------------------------------------------------------------------
# The floor: a page's own content and nothing else
# --------------------------------------------------------------------------

# Elements the floor keeps, without their attributes but those of
# FLOOR_ATTRIBUTES: headings, paragraphs, lists, pictures, tables and the
# plain blocks that hold them. Every other element gives its text only.
FLOOR_KEEP = {
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "ul", "ol", "li", "dl", "dt", "dd", "blockquote",
    "figure", "figcaption", "picture", "source", "img", "table", "thead", "tbody", "tr", "th", "td",
    "div", "section", "details", "summary", "br",
}
# Attributes a kept element keeps: a picture's sources and sizes, and how
# it loads (the build decides that, not a style or a script).
FLOOR_ATTRIBUTES = {"src", "srcset", "sizes", "width", "height", "alt", "loading", "decoding",
                    "fetchpriority", "type", "media"}
# Elements whose content is no text of the page (or not painted).
FLOOR_SKIP = {"script", "style", "svg", "template", "noscript", "button", "input", "select",
              "textarea", "iframe", "canvas", "video", "audio", "object"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _FloorParser(HTMLParser):
    """Collects the content of the page's article (Material's
    `md-content__inner`, an article or, on the blog's index, a div) as
    bare HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.out: list[str] = []
        self._in_title = False
        self._depth = 0      # open elements inside the article (0: outside)
        self._skip = 0       # open elements inside a skipped subtree

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "title" and not self._depth:
            self._in_title = True
        if not self._depth:
            if tag in ("article", "div") and "md-content__inner" in (names.get("class") or "").split():
                self._depth = 1
            return
        void = tag in VOID
        if not void:
            self._depth += 1
        if self._skip:
            self._skip += 0 if void else 1
            return
        hidden = "hidden" in names or names.get("aria-hidden") == "true"
        if tag in FLOOR_SKIP or hidden or "headerlink" in (names.get("class") or "").split():
            self._skip = 0 if void else 1
            return
        if tag in FLOOR_KEEP:
            kept = "".join(f' {k}="{html.escape(v or "")}"' for k, v in attrs if k in FLOOR_ATTRIBUTES)
            self.out.append(f"<{tag}{kept}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if not self._depth or tag in VOID:
            return
        self._depth -= 1
        if self._skip:
            self._skip -= 1
            return
        if self._depth and tag in FLOOR_KEEP:
            self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif self._depth and not self._skip:
            self.out.append(html.escape(data, quote=False))


def floor_page(page_html: str) -> str:
    """The bare-HTML floor of a built page: the same headings, paragraphs,
    list items and pictures as its article, no style, no script, nothing
    else (a document with a viewport, as any phone page has)."""
    parser = _FloorParser()
    parser.feed(page_html)
    parser.close()
    if not parser.out:
        sys.exit('the floor: the page has no class="md-content__inner" element')
    body = re.sub(r"\n\s*\n+", "\n", "".join(parser.out))
    return (f'<!doctype html>\n<html lang="it">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width,initial-scale=1">\n'
            f"<title>{html.escape(parser.title.strip())}</title>\n</head>\n<body>\n{body}\n</body>\n</html>\n")


# --------------------------------------------------------------------------
# Build, Lighthouse, report
# --------------------------------------------------------------------------

def ensure_lighthouse() -> None:
    if LIGHTHOUSE.exists():
        return
    if not shutil.which("npm"):
        sys.exit("npm is needed to install Lighthouse (make system-deps installs it)")
    print("Installing Lighthouse (npm ci in bench/) ...", file=sys.stderr, flush=True)
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=HERE, check=True)


def build_site(site: Path, site_url: str, project: Path = ROOT, extra_env: dict[str, str] | None = None) -> None:
    """Builds `project` into `site` for `site_url` (`extra_env`: more
    environment for the build, such as the phone deferral's switch)."""
    env = {**os.environ, "SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true",
           **(extra_env or {})}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
        cwd=project, env=env, capture_output=True, text=True,
    )
    if result.returncode != 0:
        sys.exit(f"the build failed:\n{result.stdout}\n{result.stderr}")


def stock_project(folder: Path, site_url: str) -> Path:
    """The stock Material blog of bench/build.py, with a home page and a
    plain page of generated text beside its ten posts."""
    sys.path.insert(0, str(HERE))
    from build import STOCK_CONFIG, sentence, write_posts  # one definition of "stock"

    import random

    rng = random.Random(7)
    (folder / "docs/blog").mkdir(parents=True)
    config = STOCK_CONFIG.replace("https://www.example.com/", site_url)
    (folder / "mkdocs.yml").write_text(config, encoding="utf-8")
    text = "\n\n".join(" ".join(sentence(rng, rng.randint(8, 18)) for _ in range(4)) for _ in range(6))
    (folder / "docs/index.md").write_text(f"# Home\n\n{text}\n", encoding="utf-8")
    (folder / "docs/pagina.md").write_text(f"# Pagina\n\n{text}\n\n## Ancora\n\n{text}\n", encoding="utf-8")
    (folder / "docs/blog/index.md").write_text("# Blog\n", encoding="utf-8")
    write_posts(folder / "docs/blog/posts", 10)
    return folder


def newest_post_path(site: Path) -> str:
    posts = sorted(p for p in site.glob("blog/20*/**/index.html"))
    if not posts:
        sys.exit("the stock blog has no post")
    return "/" + posts[-1].parent.relative_to(site).as_posix() + "/"


def serve_build(site: Path, pages: dict[str, bytes] | None = None):
    """A server for `site` on a free port of 127.0.0.1 and its address;
    `pages` (URL path -> HTML) are served instead of the build's files."""
    handler = type("Host", (StaticHost,), {"pages": pages or {}})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    server.daemon_threads = True
    return server, f"http://127.0.0.1:{server.server_address[1]}"


# Lighthouse's main-thread work groups, in the order the table shows them.
WORK_GROUPS = {
    "styleLayout": "style+layout", "scriptEvaluation": "script", "scriptParseCompile": "compile",
    "parseHTML": "parse", "paintCompositeRender": "render", "garbageCollection": "GC", "other": "other",
}


def work_table(rows: dict[str, dict], stock_rows: dict[str, dict]) -> str:
    """Where the main thread's time goes (ms, medians), ours / stock, and
    the number of elements of each page."""
    head = " | ".join(f"{label:>13}" for label in WORK_GROUPS.values())
    lines = [f"{'main thread ms':<16} | {head} | {'elements':>9}", ""]
    lines[1] = "-" * len(lines[0])
    for name, stock in stock_rows.items():
        ours = rows[name]
        cells = " | ".join(f"{ours.get('work_' + g) or 0:>5.0f} / {stock.get('work_' + g) or 0:<5.0f}"
                           for g in WORK_GROUPS)
        lines.append(f"{name:<16} | {cells} | {ours['dom'] or 0:>4.0f} / {stock['dom'] or 0:<4.0f}")
    return "\n".join(lines)


def run_lighthouse(url: str, output: Path, profile: str = "mobile") -> dict:
    """One Lighthouse run with the settings of `profile` (PROFILES); a
    failed run is tried once more."""
    command = [
        str(LIGHTHOUSE), url, *PROFILES[profile],
        f"--chrome-flags={CHROME_FLAGS}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--output=json", f"--output-path={output}",
        "--quiet",
    ]
    env = {**os.environ, "CHROME_PATH": CHROME_PATH}
    for attempt in (1, 2):
        try:
            result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=RUN_TIMEOUT)
            if result.returncode == 0 and output.exists():
                report = json.loads(output.read_text(encoding="utf-8"))
                if not report.get("runtimeError"):
                    return report
                problem = report["runtimeError"].get("message", "runtime error")
            else:
                problem = (result.stderr or result.stdout).strip()[-2000:]
        except subprocess.TimeoutExpired:
            problem = f"no result after {RUN_TIMEOUT} s"
        print(f"    attempt {attempt} failed: {problem}", file=sys.stderr, flush=True)
    sys.exit(f"Lighthouse failed twice on {url}")


def measures(report: dict) -> dict:
    audits = report["audits"]
    requests = (audits.get("network-requests", {}).get("details") or {}).get("items", [])
    row = {c: report["categories"][c]["score"] for c in CATEGORIES}
    row = {c: None if s is None else s * 100 for c, s in row.items()}
    work = {item["group"]: item["duration"] for item in
            (audits.get("mainthread-work-breakdown", {}).get("details") or {}).get("items", [])}
    row.update({f"work_{group}": work.get(group, 0) for group in WORK_GROUPS})
    row.update(
        fcp=audits["first-contentful-paint"].get("numericValue"),
        dom=audits.get("dom-size", {}).get("numericValue"),
        lcp=audits["largest-contentful-paint"].get("numericValue"),
        tbt=audits["total-blocking-time"].get("numericValue"),
        cls=audits["cumulative-layout-shift"].get("numericValue"),
        kib=(audits["total-byte-weight"].get("numericValue") or 0) / 1024,
        requests=len(requests),
    )
    return row


def shortfalls(report: dict) -> list[tuple[str, str, str, float, str]]:
    """(category, audit id, title, score, display value) of every weighted
    audit that scored below 1 in this report."""
    found = []
    for category in CATEGORIES:
        for ref in report["categories"][category]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                found.append((category, ref["id"], audit["title"], audit["score"], audit.get("displayValue", "")))
    return found


def notes(reports: dict[str, list[dict]]) -> list[str]:
    """What to keep in mind when reading the table: how fast the host was
    (Lighthouse's benchmarkIndex; simulated throttling scales the observed
    main-thread work, so a slow or busy machine inflates TBT) and the
    audits that could not run."""
    all_runs = [r for runs in reports.values() for r in runs]
    index = sorted(r["environment"]["benchmarkIndex"] for r in all_runs)
    slow = sum(any("slower CPU" in w for w in r.get("runWarnings", [])) for r in all_runs)
    lines = [f"Host benchmarkIndex: median {statistics.median(index):.0f}, range {index[0]:.0f}-{index[-1]:.0f}; "
             f"{slow} of {len(all_runs)} runs warned of a slower CPU than Lighthouse expects."]
    errors: dict[str, tuple[int, str, bool]] = {}
    for report in all_runs:
        weights = {ref["id"]: ref.get("weight", 0) for c in CATEGORIES for ref in report["categories"][c]["auditRefs"]}
        for audit_id, audit in report["audits"].items():
            if audit.get("scoreDisplayMode") == "error":
                count, message, weighted = errors.get(audit_id, (0, audit.get("errorMessage", ""), False))
                errors[audit_id] = (count + 1, message, weighted or weights.get(audit_id, 0) > 0)
    if errors:
        lines.append("Audits that failed to run (" + ("SOME WEIGHTED: scores are off" if any(
            w for _, _, w in errors.values()) else "none weighted, scores unaffected") + "):")
        for audit_id, (count, message, weighted) in sorted(errors.items()):
            lines.append(f"  {audit_id} in {count} run(s){' [weighted]' if weighted else ''}: {message[:170]}")
    return lines


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def table(rows: dict[str, dict]) -> str:
    columns = [
        ("page type", "{}", 16), ("perf", "{:.0f}", 4), ("a11y", "{:.0f}", 4), ("b-p", "{:.0f}", 4),
        ("seo", "{:.0f}", 4), ("LCP ms", "{:.0f}", 7), ("TBT ms", "{:.0f}", 6), ("CLS", "{:.3f}", 6),
        ("KiB", "{:.1f}", 7), ("requests", "{:.0f}", 8),
    ]
    keys = ["name", *CATEGORIES, "lcp", "tbt", "cls", "kib", "requests"]
    lines = [" | ".join(f"{title:<{w}}" if i == 0 else f"{title:>{w}}" for i, (title, _, w) in enumerate(columns))]
    lines.append("-+-".join("-" * w for _, _, w in columns))
    for name, row in rows.items():
        cells = []
        for i, ((_, fmt, width), key) in enumerate(zip(columns, keys)):
            value = name if key == "name" else row[key]
            text = "n/a" if value is None else fmt.format(value)
            cells.append(f"{text:<{width}}" if i == 0 else f"{text:>{width}}")
        lines.append(" | ".join(cells))
    return "\n".join(lines)


def floor_table(rows: dict[str, dict[str, dict]]) -> str:
    """Per page type: LCP and FCP of ours, stock and the floor, with the
    ratios ours/floor and ours/stock, TBT and KiB (medians)."""

    def ratio(a, b):
        return f"{a / b:5.2f}" if a is not None and b else "  n/a"

    def cell(row, key, fmt="{:.0f}"):
        return "-" if not row or row.get(key) is None else fmt.format(row[key])

    lines = [f"{'page type':<16} | {'LCP ours / stock / floor':>26} | {'/floor':>6} | {'/stock':>6} | "
             f"{'FCP ours / stock / floor':>26} | {'TBT ours / stock':>17} | {'KiB ours / stock / floor':>26}"]
    lines.append("-" * len(lines[0]))
    for name, variants in rows.items():
        ours, stock, floor = variants.get("ours"), variants.get("stock"), variants.get("floor")
        lcp = f"{cell(ours, 'lcp')} / {cell(stock, 'lcp')} / {cell(floor, 'lcp')}"
        fcp = f"{cell(ours, 'fcp')} / {cell(stock, 'fcp')} / {cell(floor, 'fcp')}"
        tbt = f"{cell(ours, 'tbt')} / {cell(stock, 'tbt')}"
        kib = f"{cell(ours, 'kib', '{:.1f}')} / {cell(stock, 'kib', '{:.1f}')} / {cell(floor, 'kib', '{:.1f}')}"
        lines.append(f"{name:<16} | {lcp:>26} | {ratio(ours['lcp'], (floor or {}).get('lcp')):>6} | "
                     f"{ratio(ours['lcp'], (stock or {}).get('lcp')):>6} | {fcp:>26} | {tbt:>17} | {kib:>26}")
    return "\n".join(lines)


def deferral_table(rows: dict[str, dict[str, dict]], other: str = "no deferral") -> str:
    """Per page type: ours with and without the phone deferral, or against
    another variant `other` of ours (medians)."""
    lines = [f"{'page type':<16} | {'LCP with / without':>19} | {'FCP with / without':>19} | "
             f"{'TBT with / without':>19} | {'KiB with / without':>19} | {'perf':>7}"]
    lines.append("-" * len(lines[0]))
    for name, variants in rows.items():
        a, b = variants["ours"], variants[other]
        lines.append(f"{name:<16} | {a['lcp']:>8.0f} / {b['lcp']:<8.0f} | {a['fcp']:>8.0f} / {b['fcp']:<8.0f} | "
                     f"{a['tbt']:>8.0f} / {b['tbt']:<8.0f} | {a['kib']:>8.1f} / {b['kib']:<8.1f} | "
                     f"{a['performance']:>3.0f}/{b['performance']:<3.0f}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (default 3)")
    parser.add_argument("--page", action="append", choices=list(PAGES),
                        help=f"only this page type (repeatable; default: {', '.join(DEFAULT_PAGES)})")
    parser.add_argument("--profile", action="append", choices=list(PROFILES),
                        help="only this Lighthouse setting (repeatable; default: mobile and desktop)")
    parser.add_argument("--no-stock", dest="stock", action="store_false",
                        help="do not measure the stock Material blog alongside")
    parser.add_argument("--no-floor", dest="floor", action="store_false",
                        help="do not measure the bare-HTML floor pages alongside")
    parser.add_argument("--without-deferral", action="store_true",
                        help="also measure ours built with SITE_PHONE_DEFERRAL=off (Material's bundle at every width)")
    parser.add_argument("--linked-stylesheet", action="store_true",
                        help="also measure ours built with SITE_STYLESHEET=linked (Material's rules a file of their own)")
    args = parser.parse_args()
    pages = {name: PAGES[name] for name in (args.page or DEFAULT_PAGES)}
    profiles = list(dict.fromkeys(args.profile or PROFILES))

    if not Path(CHROME_PATH).exists():
        sys.exit(f"no Chromium at {CHROME_PATH} (make system-deps installs it, or set CHROME_PATH)")
    ensure_lighthouse()
    started = time.monotonic()
    out_dir = RESULTS / dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    out_dir.mkdir(parents=True, exist_ok=True)

    # variant -> (base address, page type -> path); measured in this order
    # for each run of each page, so that all see the same machine load.
    variants: dict[str, tuple[str, dict[str, str]]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-lighthouse-") as tmp:
        site = Path(tmp) / "site"
        # Bind first: the build needs the server's address as its site_url.
        server, base = serve_build(site)
        print(f"Building the site for {base}/ ...", file=sys.stderr, flush=True)
        build_site(site, base + "/")
        servers = [server]
        variants["ours"] = (base, dict(pages))
        for variant, (option, folder, switch, what) in BUILD_VARIANTS.items():
            if not getattr(args, option):
                continue
            variant_site = Path(tmp) / folder
            variant_server, variant_base = serve_build(variant_site)
            print(f"Building the site {what} for {variant_base}/ ...", file=sys.stderr, flush=True)
            build_site(variant_site, variant_base + "/", extra_env=switch)
            servers.append(variant_server)
            variants[variant] = (variant_base, dict(pages))
        if args.stock:
            stock_site = Path(tmp) / "stock-site"
            stock_server, stock_base = serve_build(stock_site)
            print(f"Building the stock Material blog for {stock_base}/ ...", file=sys.stderr, flush=True)
            project = stock_project(Path(tmp) / "stock", stock_base + "/")
            build_site(stock_site, stock_base + "/", project)
            servers.append(stock_server)
            variants["stock"] = (stock_base, {
                name: newest_post_path(stock_site) if path == "post" else path
                for name, path in STOCK_PAGES.items() if name in pages})
        if args.floor:
            floors = {path: floor_page((site / path.strip("/") / "index.html").read_text(encoding="utf-8")).encode()
                      for path in pages.values()}
            floor_server, floor_base = serve_build(site, floors)
            servers.append(floor_server)
            variants["floor"] = (floor_base, dict(pages))
            for path, page_html in floors.items():
                name = path.strip("/").replace("/", "-") or "home"
                (out_dir / f"floor-{name}.html").write_bytes(page_html)
        for each in servers:
            threading.Thread(target=each.serve_forever, daemon=True).start()
        # reports[profile][page type][variant] -> runs
        reports: dict[str, dict[str, dict[str, list[dict]]]] = {}
        try:
            for profile in profiles:
                for name in pages:
                    slug = name.replace(" ", "-")
                    for run in range(1, args.runs + 1):
                        for variant, (address, paths) in variants.items():
                            if name not in paths:
                                continue
                            print(f"  {profile} {variant} {name} {paths[name]} run {run}/{args.runs}",
                                  file=sys.stderr, flush=True)
                            report = run_lighthouse(address + paths[name],
                                                    out_dir / f"{profile}-{variant.replace(' ', '-')}-{slug}-{run}.json",
                                                    profile)
                            reports.setdefault(profile, {}).setdefault(name, {}).setdefault(variant, []).append(report)
        finally:
            for each in servers:
                each.shutdown()
                each.server_close()

    # medians[profile][page type][variant] -> row of medians
    medians: dict[str, dict[str, dict[str, dict]]] = {}
    for profile, by_page in reports.items():
        for name, by_variant in by_page.items():
            for variant, runs in by_variant.items():
                values = [measures(r) for r in runs]
                medians.setdefault(profile, {}).setdefault(name, {})[variant] = {
                    key: median([v[key] for v in values]) for key in values[0]}
    elapsed = time.monotonic() - started

    first = next(iter(next(iter(next(iter(reports.values())).values())).values()))[0]
    lines = [f"Lighthouse {first['lighthouseVersion']}, median of {args.runs} run(s) per page and variant; "
             "scores 0-100, KiB transferred"]
    for profile in profiles:
        by_page = medians[profile]
        ours = {name: variants_["ours"] for name, variants_ in by_page.items()}
        lines += ["", f"== {profile} ==", "", "Ours:", "", table(ours)]
        if args.floor or args.stock:
            lines += ["", "Ours against stock Material and the bare-HTML floor (the page's own content, "
                      "no style, no script, served the same way):", "", floor_table(by_page)]
        if args.without_deferral:
            lines += ["", "Ours with and without the phone deferral (SITE_PHONE_DEFERRAL=off):", "",
                      deferral_table(by_page)]
        if args.linked_stylesheet:
            lines += ["", "Ours with Material's rules inline (with) and linked (without, SITE_STYLESHEET=linked):", "",
                      deferral_table(by_page, "linked")]
        stock_rows = {name: v["stock"] for name, v in by_page.items() if "stock" in v}
        if stock_rows:
            lines += ["", "Where the main thread's time goes, ours / stock (Lighthouse's breakdown, ms, medians):", "",
                      work_table(ours, stock_rows)]
    below: dict[tuple[str, str], dict] = {}
    for profile, by_page in reports.items():
        for name, by_variant in by_page.items():
            for report in by_variant["ours"]:
                for category, audit_id, title, score, display in shortfalls(report):
                    entry = below.setdefault((category, audit_id), {"title": title, "pages": {}})
                    entry["pages"].setdefault(f"{profile} {name}", []).append((score, display))
    if below:
        lines += ["", "Audits that kept a category of ours below 100 (score and value of each such run, worst first):"]
        for (category, audit_id), entry in sorted(below.items()):
            lines.append(f"  [{category}] {audit_id}: {entry['title']}")
            for name, results in entry["pages"].items():
                runs = ", ".join(f"{s:.2f}" + (f" ({d})" if d else "") for s, d in sorted(results))
                lines.append(f"      {name}: {runs}")
    lines += ["", *notes({f"{profile} {variant} {name}": runs for profile, by_page in reports.items()
                          for name, by_variant in by_page.items() for variant, runs in by_variant.items()})]
    try:
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
        lines.append(f"Load average at the end (1, 5, 15 min): {load} on {os.cpu_count()} CPUs")
    except OSError:
        pass
    total = sum(len(runs) for by_page in reports.values() for v in by_page.values() for runs in v.values())
    lines += [f"{total} runs in {elapsed:.0f} s; reports in {out_dir.relative_to(ROOT)}/"]

    text = "\n".join(lines)
    print(text)
    (out_dir / "table.txt").write_text(text + "\n", encoding="utf-8")
    (out_dir / "medians.json").write_text(json.dumps(medians, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
