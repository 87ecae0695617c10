#!/usr/bin/env python3
"""Lighthouse benchmark: one page of each type, mobile, median of three runs,
side by side with a stock Material for MkDocs blog built in the same run.

It builds the site into a temporary folder (with SITE_URL set to the local
server, so canonical and Open Graph addresses stay local), serves the build
on 127.0.0.1 the way a static host does (gzip for text files, the build's
own `_headers` file applied, 404.html for missing paths), runs Lighthouse
12.2.3 (bench/package.json, installed with `npm ci` if bench/node_modules is
missing) on Debian's Chromium with Lighthouse's default mobile settings, and
prints per page type the median of the runs: the performance,
accessibility, best-practices and SEO scores, LCP, TBT, CLS, the bytes
transferred and the number of requests. Below the table it lists the audits
that kept a category below 100 in some run, with the pages they concern,
then how fast the host was (Lighthouse's benchmarkIndex: a slow or busy
machine inflates TBT) and any audit that failed to run.

The stock blog (bench/build.py's: Material's theme, blog plugin and search,
nothing else, with ten generated posts and a home and a page of generated
text) is built and served the same way, and its home, a post and the plain
page are measured in the same run, each stock run right after the
matching run of ours (home, post, and the self-assessment against the plain
page), so that both see the same machine load. A second table gives ours
against stock: FCP, LCP, TBT and bytes, and their ratios; a third where the
main thread's time goes on each side (Lighthouse's main-thread work
breakdown, slowed down as its simulation slows it) and how many elements
each page has.

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

    .venv/bin/python bench/lighthouse.py                    # every page type, 3 runs
    .venv/bin/python bench/lighthouse.py --runs 5           # more runs per page
    .venv/bin/python bench/lighthouse.py --page home --page post
    .venv/bin/python bench/lighthouse.py --no-stock        # ours only

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
    "contact": "/contatti/",
    "self-assessment": "/di-chi-hai-bisogno/",
}
# Our page type -> the stock blog's page it is compared with ("post" is
# resolved to the stock blog's newest post after the build).
STOCK_PAGES = {"home": "/", "post": "post", "self-assessment": "/pagina/"}
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
# Build, Lighthouse, report
# --------------------------------------------------------------------------

def ensure_lighthouse() -> None:
    if LIGHTHOUSE.exists():
        return
    if not shutil.which("npm"):
        sys.exit("npm is needed to install Lighthouse (make system-deps installs it)")
    print("Installing Lighthouse (npm ci in bench/) ...", file=sys.stderr, flush=True)
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=HERE, check=True)


def build_site(site: Path, site_url: str, project: Path = ROOT) -> None:
    env = {**os.environ, "SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
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


def serve_build(site: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(StaticHost, directory=str(site)))
    server.daemon_threads = True
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def comparison(rows: dict[str, dict], stock_rows: dict[str, dict]) -> str:
    lines = [f"{'ours vs stock':<16} | {'FCP ms':>12} | {'LCP ms':>14} | {'ratio':>5} | {'TBT ms':>12} | "
             f"{'ratio':>5} | {'KiB':>13} | {'ratio':>5} | {'perf':>7}"]
    lines.append("-" * len(lines[0]))

    def ratio(a, b):
        return f"{a / b:5.2f}" if a is not None and b else "  n/a"

    for name, stock in stock_rows.items():
        ours = rows[name]
        lines.append(
            f"{name:<16} | {ours['fcp']:>5.0f} / {stock['fcp']:<4.0f} | "
            f"{ours['lcp']:>6.0f} / {stock['lcp']:<5.0f} | {ratio(ours['lcp'], stock['lcp'])} | "
            f"{ours['tbt']:>5.0f} / {stock['tbt']:<4.0f} | {ratio(ours['tbt'], stock['tbt'])} | "
            f"{ours['kib']:>5.1f} / {stock['kib']:<5.1f} | {ratio(ours['kib'], stock['kib'])} | "
            f"{ours['performance']:>3.0f}/{stock['performance']:<3.0f}")
    return "\n".join(lines)


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


def run_lighthouse(url: str, output: Path) -> dict:
    """One Lighthouse run; a failed run is tried once more."""
    command = [
        str(LIGHTHOUSE), url,
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (default 3)")
    parser.add_argument("--page", action="append", choices=list(PAGES), help="only this page type (repeatable)")
    parser.add_argument("--no-stock", dest="stock", action="store_false",
                        help="do not measure the stock Material blog alongside")
    args = parser.parse_args()
    pages = {name: PAGES[name] for name in (args.page or PAGES)}

    if not Path(CHROME_PATH).exists():
        sys.exit(f"no Chromium at {CHROME_PATH} (make system-deps installs it, or set CHROME_PATH)")
    ensure_lighthouse()
    started = time.monotonic()
    out_dir = RESULTS / dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    out_dir.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory(prefix="bench-lighthouse-") as tmp:
        site = Path(tmp) / "site"
        # Bind first: the build needs the server's address as its site_url.
        server, base = serve_build(site)
        print(f"Building the site for {base}/ ...", file=sys.stderr, flush=True)
        build_site(site, base + "/")
        servers = [server]
        stock_paths: dict[str, str] = {}
        if args.stock:
            stock_site = Path(tmp) / "stock-site"
            stock_server, stock_base = serve_build(stock_site)
            print(f"Building the stock Material blog for {stock_base}/ ...", file=sys.stderr, flush=True)
            project = stock_project(Path(tmp) / "stock", stock_base + "/")
            build_site(stock_site, stock_base + "/", project)
            servers.append(stock_server)
            for name, path in STOCK_PAGES.items():
                if name in pages:
                    stock_paths[name] = newest_post_path(stock_site) if path == "post" else path
        for each in servers:
            threading.Thread(target=each.serve_forever, daemon=True).start()
        try:
            reports: dict[str, list[dict]] = {}
            stock_reports: dict[str, list[dict]] = {}
            for name, path in pages.items():
                slug = name.replace(" ", "-")
                for run in range(1, args.runs + 1):
                    print(f"  {name} {path} run {run}/{args.runs}", file=sys.stderr, flush=True)
                    reports.setdefault(name, []).append(
                        run_lighthouse(base + path, out_dir / f"{slug}-{run}.json"))
                    if name in stock_paths:
                        print(f"  stock {stock_paths[name]} run {run}/{args.runs}", file=sys.stderr, flush=True)
                        stock_reports.setdefault(name, []).append(
                            run_lighthouse(stock_base + stock_paths[name], out_dir / f"stock-{slug}-{run}.json"))
        finally:
            for each in servers:
                each.shutdown()
                each.server_close()

    rows = {}
    for name, runs in reports.items():
        values = [measures(r) for r in runs]
        rows[name] = {key: median([v[key] for v in values]) for key in values[0]}
    stock_rows = {}
    for name, runs in stock_reports.items():
        values = [measures(r) for r in runs]
        stock_rows[name] = {key: median([v[key] for v in values]) for key in values[0]}
    elapsed = time.monotonic() - started

    lines = [
        f"Lighthouse {next(iter(reports.values()))[0]['lighthouseVersion']}, mobile, "
        f"median of {args.runs} run(s) per page; scores 0-100, KiB transferred",
        "",
        table(rows),
    ]
    if stock_rows:
        lines += ["", "Stock Material blog, same run (its home, newest post and a plain page):", "",
                  table({f"stock {name}": row for name, row in stock_rows.items()}), "",
                  comparison(rows, stock_rows), "",
                  "Where the main thread's time goes, ours / stock (Lighthouse's breakdown, ms, medians):", "",
                  work_table(rows, stock_rows)]
    below: dict[tuple[str, str], dict] = {}
    for name, runs in reports.items():
        for report in runs:
            for category, audit_id, title, score, display in shortfalls(report):
                entry = below.setdefault((category, audit_id), {"title": title, "pages": {}})
                entry["pages"].setdefault(name, []).append((score, display))
    if below:
        lines += ["", "Audits that kept a category below 100 (score and value of each such run, worst first):"]
        for (category, audit_id), entry in sorted(below.items()):
            lines.append(f"  [{category}] {audit_id}: {entry['title']}")
            for name, results in entry["pages"].items():
                runs = ", ".join(f"{s:.2f}" + (f" ({d})" if d else "") for s, d in sorted(results))
                lines.append(f"      {name}: {runs}")
    lines += ["", *notes({**reports, **{f"stock {k}": v for k, v in stock_reports.items()}})]
    try:
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
        lines.append(f"Load average at the end (1, 5, 15 min): {load} on {os.cpu_count()} CPUs")
    except OSError:
        pass
    lines += [f"{len(pages) * args.runs + sum(map(len, stock_reports.values()))} runs in {elapsed:.0f} s; reports in {out_dir.relative_to(ROOT)}/"]

    text = "\n".join(lines)
    print(text)
    (out_dir / "table.txt").write_text(text + "\n", encoding="utf-8")
    (out_dir / "medians.json").write_text(json.dumps({"ours": rows, "stock": stock_rows}, indent=2) + "\n",
                                          encoding="utf-8")


if __name__ == "__main__":
    main()
