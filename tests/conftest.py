"""Shared fixtures: a real build of the site, a real HTTP server on 127.0.0.1
serving it, and Debian's Chromium driven by Playwright with every request
outside 127.0.0.1 blocked. What the tests share that is not a fixture is in
tests/support/; the guard of the slow groups' markers (`browser`, `build`)
is tests/support/markers.py."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from support.browser import CHROMIUM, CHROMIUM_ARGS, local_only, with_scripts
from support.project import OWNER_ENV, PRODUCTION_ENV, ROOT, build, built, copy_project, production_ready
from support.server import serve

pytest_plugins = ["support.markers"]

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")


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
