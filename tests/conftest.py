"""Shared fixtures: a real build of the site, a real HTTP server on 127.0.0.1
serving it, and Debian's Chromium driven by Playwright with every request
outside 127.0.0.1 blocked. What the tests share that is not a fixture is in
tests/support/."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from support.browser import CHROMIUM, CHROMIUM_ARGS, local_only, with_scripts
from support.project import OWNER_ENV, PRODUCTION_ENV, ROOT, build, built, copy_project, production_ready
from support.server import serve

TESTS = Path(__file__).resolve().parent

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
    that does (support.project.build, a module's own build helper)."""
    seen = set() if seen is None else seen
    code = getattr(function, "__code__", None)
    if code is None or code in seen:
        return False
    seen.add(code)
    names, constants = _code_parts(code)
    if "subprocess" in names and "build" in constants:
        return True
    scope = getattr(function, "__globals__", {})
    # Names imported inside the function (`from support.project import build`)
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


@pytest.fixture(scope="session")
def production_site(tmp_path_factory) -> Path:
    """The production build (PRODUCTION_ENV) of a copy of the project in
    which the owner's placeholders are written, built once per test run."""
    tmp = tmp_path_factory.mktemp("production")
    project = production_ready(copy_project(tmp / "project"))
    built(build(project, tmp / "site", env=PRODUCTION_ENV))
    return tmp / "site"


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
