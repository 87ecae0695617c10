"""Shared fixtures: a real build of the site, a real HTTP server on 127.0.0.1
serving it, and Debian's Chromium driven by Playwright with every request
outside 127.0.0.1 blocked."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TESTS = Path(__file__).resolve().parent
# What a build reads from the project folder.
PROJECT_PARTS = ("mkdocs.yml", "docs", "data", "overrides", "hooks", "site_extensions", "site_build")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")


def _code_parts(code) -> tuple[set[str], set]:
    """The names a code object uses (globals and attributes) and its
    constants, its nested functions' (a fixture's inner factory, a lambda)
    included."""
    names, constants = set(code.co_names), set()
    for const in code.co_consts:
        if hasattr(const, "co_names"):
            inner_names, inner_constants = _code_parts(const)
            names |= inner_names
            constants |= inner_constants
        elif isinstance(const, str):
            constants.add(const)
    return names, constants


def _is_test_module(module) -> bool:
    return str(getattr(module, "__file__", "")).startswith(str(TESTS))


def _builds(function, seen: set | None = None) -> bool:
    """Whether `function` runs a site build: it starts a generator's
    `build` in a subprocess, or calls a function or class of the tests
    that does (conftest.build, a module's own build helper)."""
    seen = set() if seen is None else seen
    code = getattr(function, "__code__", None)
    if code is None or code in seen:
        return False
    seen.add(code)
    names, constants = _code_parts(code)
    if "subprocess" in names and "build" in constants:
        return True
    scope = getattr(function, "__globals__", {})
    # Names imported inside the function (`from conftest import build`)
    # are looked up in the tests' modules it names.
    modules = [sys.modules[n] for n in names if _is_test_module(sys.modules.get(n))]
    for name in names:
        target = scope.get(name)
        if target is None:
            target = next((getattr(m, name) for m in modules if hasattr(m, name)), None)
        if not _is_test_module(sys.modules.get(getattr(target, "__module__", ""))):
            continue  # only the tests' own helpers are followed
        if isinstance(target, type):
            if any(_builds(member, seen) for member in vars(target).values()):
                return True
        elif _builds(target, seen):
            return True
    return False


def pytest_collection_modifyitems(config, items):
    """Marks each test by what makes it slow, read from what it uses, so that
    no test has to remember its marker: `browser` (it drives Chromium) and
    `build` (it, or a fixture it uses, runs a site build of its own, with
    any generator; the shared `site_dir` build does not count).
    `make test-fast` leaves both out."""
    for item in items:
        names = getattr(item, "fixturenames", ())
        if "browser" in names:
            item.add_marker(pytest.mark.browser)
        info = getattr(item, "_fixtureinfo", None)
        fixtures = [d.func for name in names if name != "site_dir"
                    for d in (info.name2fixturedefs.get(name, ()) if info else ())]
        if any(_builds(f) for f in [getattr(item, "function", None), *fixtures]):
            item.add_marker(pytest.mark.build)


def build(project: Path, site: Path, env: dict | None = None, generator: str = "mkdocs") -> subprocess.CompletedProcess:
    """Run a strict build of `project` into `site` with `generator` (mkdocs,
    or properdocs, which reads the same mkdocs.yml); never raises."""
    return subprocess.run(
        [sys.executable, "-m", generator, "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
        capture_output=True,
        text=True,
        timeout=600,
    )


def render_shortcodes(text: str, data: Path = ROOT / "data", owner: dict | None = None) -> str:
    """`text` as Python-Markdown renders it with the site's shortcodes
    (site_extensions/shortcodes.py, configured as in mkdocs.yml), reading
    the data files in `data`: no build. A mistake raises the error that
    stops the build; MkDocs then adds the page's name to its message, which
    one build per kind of mistake checks."""
    import markdown

    from site_extensions.shortcodes import ShortcodeExtension

    extension = ShortcodeExtension(
        roles_file=str(data / "roles.yml"),
        assessment_file=str(data / "self-assessment.yml"),
        services_file=str(data / "services.yml"),
        owner=owner or {},
    )
    return markdown.markdown(text, extensions=[extension])


def content_problems(project: Path = ROOT, env: dict | None = None, pages: bool = False) -> list[str]:
    """The content checks every build runs before the generator
    (site_build/checks.py), called directly on `project` with `env` set:
    every problem, one line each naming its file (and line where known).
    `pages`: also each page as Python-Markdown renders it, as
    `make check` does (a build checks the pages as the generator made
    them instead)."""
    from site_build.checks import problems
    from site_build.project import Project

    saved = {name: os.environ.get(name) for name in env or {}}
    os.environ.update(env or {})
    try:
        return problems(Project.load(project / "mkdocs.yml"), pages=pages)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def copy_data(dest: Path) -> Path:
    """A copy of the project's data/ folder that a test may change freely."""
    shutil.copytree(ROOT / "data", dest)
    return dest


def owner_settings(root: Path, replace: dict[str, str] | None = None) -> Path:
    """The project's settings file (data/titolare.yml) copied into `root`,
    with some of its text replaced (each `old` must be there)."""
    text = (ROOT / "data" / "titolare.yml").read_text(encoding="utf-8")
    for old, new in (replace or {}).items():
        assert old in text, old
        text = text.replace(old, new)
    path = root / "data" / "titolare.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def copy_project(dest: Path) -> Path:
    """A copy of the project's sources that a test may change freely."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part)
        elif src.exists():
            shutil.copy2(src, dest / part)
    return dest


# Real values for every placeholder the site ships (a production build
# refuses the placeholders), and a contact form provider.
PRODUCTION_ENV = {
    "PRODUCTION": "true",
    "SITE_URL": "https://www.studio-rossi.it/",
    "OWNER_NAME": "Giulia Rossi",
    "OWNER_CITY": "Bologna",
    "OWNER_EMAIL": "giulia@studio-rossi.it",
    "OWNER_LINKEDIN": "https://www.linkedin.com/in/giulia-rossi-obm/",
    # A partita IVA whose check digit is right (the FAQ says she has one).
    "OWNER_VAT_NUMBER": "12345678903",
    "OWNER_PHOTO": "assets/images/favicon.svg",
    "CONTACT_PROVIDER": "formspree",
    "CONTACT_ENDPOINT": "https://formspree.io/f/abc",
    # The host (a production build must know it); Netlify takes every provider.
    "SITE_HOST": "netlify",
}


def production_ready(project: Path) -> Path:
    """In a copy of the project, what only the owner can write, written: the
    values that wait for her ('DA DEFINIRE') and the pages that are marked
    as illustrative examples ('segnaposto: true')."""
    import re

    for path in list(project.joinpath("data").glob("*.yml")) + list(project.joinpath("docs").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        new = re.sub(r"DA DEFINIRE", "da concordare", text, flags=re.I)
        if path.name in ("services.yml", "titolare.yml"):
            # Values the site reads, not only shows: a tax regime, a reply time.
            new = re.sub(r"^(\s*regime:).*$", r"\1 ordinario", new, flags=re.M)
            new = re.sub(r"^(\s*rivalsa_inps:).*$", r"\1 no", new, flags=re.M)
            new = re.sub(r"^(\s*reply_time:).*$", r"\1 entro due giorni lavorativi", new, flags=re.M)
        new = re.sub(r"^segnaposto:\s*true\s*$", "segnaposto: false", new, flags=re.M)
        if new != text:
            path.write_text(new, encoding="utf-8")
    return project


def built(result: subprocess.CompletedProcess) -> None:
    """Fail (naming the build's errors) unless the build succeeded."""
    if result.returncode != 0:
        pytest.fail(f"the build failed:\n{result.stdout}\n{result.stderr}")


@pytest.fixture(scope="session")
def production_site(tmp_path_factory) -> Path:
    """The production build (PRODUCTION_ENV) of a copy of the project in
    which the owner's placeholders are written, built once per test run."""
    tmp = tmp_path_factory.mktemp("production")
    project = production_ready(copy_project(tmp / "project"))
    built(build(project, tmp / "site", env=PRODUCTION_ENV))
    return tmp / "site"


# The owner's settings that a build takes from the environment, each set to
# a value of its own (OWNER_PHOTO names a red square that owner_site adds).
OWNER_ENV = {
    "OWNER_NAME": "Giulia Prova Unica",
    "OWNER_CITY": "Cittàprova",
    "OWNER_VAT_NUMBER": "IT01234567897",
    "OWNER_PHOTO": "assets/images/ritratto.png",
}


@pytest.fixture(scope="session")
def owner_site(tmp_path_factory) -> Path:
    """A build in which the owner's name, city, VAT number and photo (a red
    400x400 raster picture) come from OWNER_ENV, built once per test run."""
    from PIL import Image

    tmp = tmp_path_factory.mktemp("owner")
    project = copy_project(tmp / "project")
    Image.new("RGB", (400, 400), (255, 0, 0)).save(project / "docs" / OWNER_ENV["OWNER_PHOTO"])
    built(build(project, tmp / "site", env=OWNER_ENV))
    return tmp / "site"


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    """The site, built once per test session from the project as it is."""
    site = tmp_path_factory.mktemp("site")
    result = build(ROOT, site)
    if result.returncode != 0:
        pytest.fail(f"the strict build failed:\n{result.stdout}\n{result.stderr}")
    site.joinpath(".build-log").write_text(result.stderr + result.stdout, encoding="utf-8")
    return site


def is_redirect_page(path: Path) -> bool:
    """A page that only sends the reader on from the old address of a
    renamed page (`redirect_maps` in mkdocs.yml): no content, no theme.
    tests/test_redirects.py checks those pages."""
    with path.open(encoding="utf-8", errors="replace") as page:
        return 'http-equiv="refresh"' in page.read(2000)


def html_pages(site: Path, redirects: bool = False) -> list[str]:
    """Every HTML page of a build, as paths relative to its root; the
    redirect pages of old addresses only with `redirects`."""
    return sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if "assets" not in p.relative_to(site).parts and (redirects or not is_redirect_page(p))
    )


def page_url(path: str) -> str:
    """The URL path a visitor uses for a built file (directory URLs)."""
    if path == "index.html":
        return "/"
    if path.endswith("/index.html"):
        return "/" + path[: -len("index.html")]
    return "/" + path


class StaticHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a build like a static host: 404.html for missing paths."""

    def log_message(self, *args):
        pass

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code == 404 and page.exists():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)


class QuietServer(http.server.ThreadingHTTPServer):
    """A browser that closes a page drops the requests still in flight: the
    response then meets a closed connection, which is no error of the site.
    Every test server is one (the contact form's receivers too)."""

    def handle_error(self, request, client_address):
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


def serve(directory: Path, handler=StaticHandler):
    """Start a threaded HTTP server on 127.0.0.1; returns (server, base URL)."""
    server = QuietServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="session")
def base_url(site_dir):
    server, url = serve(site_dir)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def local_only(route):
    """Let requests to 127.0.0.1 through; abort everything else."""
    url = route.request.url
    if url.startswith(("http://127.0.0.1", "data:", "blob:", "about:")):
        return route.continue_()
    return route.abort("blockedbyclient")


def wait_for_scripts(page) -> None:
    """Wait until the page's scripts have run: they start after the first
    paint (site_build/scripts.py), which can come after the load event
    that Playwright's navigation waits for."""
    if page.locator("link[data-site-script]").count():
        page.wait_for_selector("html[data-site-scripts=ready]", state="attached", timeout=10_000)


def with_scripts(page):
    """`page`, whose goto() and reload() also wait for the page's scripts."""
    for name in ("goto", "reload"):
        def navigate(*args, _navigate=getattr(page, name), **kwargs):
            response = _navigate(*args, **kwargs)
            wait_for_scripts(page)
            return response

        setattr(page, name, navigate)
    return page


@pytest.fixture
def new_page(browser):
    """Factory for a page in a fresh context (viewport and options per
    call). With JavaScript on, its navigations wait for the site's scripts."""
    contexts = []

    def make(width=1280, height=800, **options):
        context = browser.new_context(viewport={"width": width, "height": height}, **options)
        context.route("**/*", local_only)
        contexts.append(context)
        page = context.new_page()
        return page if options.get("java_script_enabled") is False else with_scripts(page)

    yield make
    for context in contexts:
        context.close()
