"""Below 960 px Material's bundle waits until the reader needs it
(site_build/scripts.py, after_paint.js): opening the search, a wider
screen, or a page reached from a search result runs it; until then
assets/javascripts/site.js (section 7) does what the bundle would do at
that width. In Debian's Chromium."""

from __future__ import annotations

import pytest

from support.waits import reached, search_results_for

pytestmark = pytest.mark.browser

HOME = "/"
POST = "/blog/errori-di-delega/"
RUNNING = "() => !!window.component$ && !document.documentElement.hasAttribute('data-site-waiting')"
WAITING = "document.documentElement.hasAttribute('data-site-waiting')"


def _phone(new_page, base_url, path, block_bundle=False):
    """The page at 360 px; with `block_bundle`, Material's bundle cannot
    load, so what happens is site.js's doing alone."""
    page = new_page(360, 800)
    bundles = []
    page.on("request", lambda request: bundles.append(request.url) if "/bundle." in request.url else None)
    if block_bundle:
        page.route("**/assets/javascripts/bundle.*.min.js", lambda route: route.abort())
    page.goto(base_url + path)
    assert page.evaluate(WAITING), "Material's bundle does not wait at 360 px"
    assert not bundles, f"Material's bundle was requested before it was needed: {bundles}"
    return page, bundles


def test_opening_the_search_runs_the_bundle_and_finds(new_page, base_url):
    page, bundles = _phone(new_page, base_url, HOME)
    page.click("label[for=__search].md-header__button")
    assert page.evaluate("document.getElementById('__search').checked")
    assert page.evaluate("document.activeElement.matches('[data-md-component=search-query]')"), (
        "the search field is not focused as the search opens")
    assert reached(page, RUNNING), "opening the search did not run Material's bundle"
    assert len(bundles) == 1
    page.keyboard.type("delega")
    search_results_for(page, "delega")
    assert page.locator(".md-search-result__link").count() > 0


def test_a_wider_screen_runs_the_bundle(new_page, base_url):
    page, bundles = _phone(new_page, base_url, POST)
    page.set_viewport_size({"width": 1280, "height": 800})
    assert reached(page, RUNNING), "a screen of 1280 px did not run Material's bundle"
    # Material's table of contents now follows the reader.
    assert reached(page, "() => !!document.querySelector('.md-sidebar--secondary .md-nav__link--active')"
                         " || !!document.querySelector('.md-sidebar--secondary [data-md-component=toc]')")


def test_a_page_reached_from_a_search_result_is_highlighted(new_page, base_url):
    page = new_page(360, 800)
    page.goto(base_url + POST + "?h=delega")
    assert reached(page, RUNNING), "a page with ?h= did not run Material's bundle"
    assert reached(page, "() => document.querySelectorAll('.md-content mark[data-md-highlight]').length > 0"), (
        "the searched term is not highlighted")


def test_keyboard_shortcuts_before_the_bundle(new_page, base_url):
    page, _ = _phone(new_page, base_url, HOME, block_bundle=True)
    page.keyboard.press("s")
    assert page.evaluate("document.getElementById('__search').checked"), "s did not open the search"
    assert page.evaluate("document.activeElement.matches('[data-md-component=search-query]')")
    assert page.evaluate("document.activeElement.value") == "", "the shortcut was typed into the field"
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__search').checked"), "Escape did not close the search"
    page.keyboard.press("/")
    assert page.evaluate("document.getElementById('__search').checked"), "/ did not open the search"
    page.keyboard.press("Escape")
    # A page with a next one in the navigation (the home is not in it).
    page.goto(base_url + "/servizi/")
    next_page = page.evaluate("document.querySelector('link[rel=next]').href")
    page.keyboard.press("n")
    page.wait_for_url(next_page)


def test_enter_on_the_menu_button_opens_the_drawer_before_the_bundle(new_page, base_url):
    page, _ = _phone(new_page, base_url, HOME, block_bundle=True)
    page.focus("label[for=__drawer].md-header__button")
    page.keyboard.press("Enter")
    assert page.evaluate("document.getElementById('__drawer').checked"), "Enter did not open the drawer"


def test_header_and_drawer_before_the_bundle(new_page, base_url):
    page, _ = _phone(new_page, base_url, "/obm-o-assistente-virtuale/", block_bundle=True)
    header = page.locator(".md-header")
    name = page.locator(".md-header .site-brand__name")
    assert page.evaluate("document.documentElement.classList.contains('js')")
    # Below 1220 px the tabs are hidden and the page starts under the
    # header: Material draws the header's shadow from the top.
    assert "md-header--shadow" in header.get_attribute("class")
    # The header keeps the owner's name while the page scrolls.
    page.mouse.wheel(0, 1500)
    page.wait_for_function("() => window.scrollY > 0")
    box = name.bounding_box()
    assert name.is_visible() and box is not None and 0 <= box["y"] < 56
    page.mouse.wheel(0, -2000)
    # A link of the table of contents in the drawer jumps and closes the drawer.
    page.click("label[for=__drawer].md-header__button")
    page.locator(".md-sidebar--primary label.md-nav__link[for=__toc]").click()
    link = page.locator(".md-sidebar--primary a[href^='#']").first
    link.wait_for(state="visible")
    target = link.get_attribute("href")
    link.click()
    assert reached(page, "() => !document.getElementById('__drawer').checked"), "the drawer stayed open after a jump"
    assert page.evaluate("location.hash") == target
