"""The back-to-top button ("Torna su"): Material's markup and styles
(overrides/partials/top.html), driven by assets/javascripts/site.js in
place of Material's component, in Debian's Chromium."""

from __future__ import annotations

import pytest

from support.pages import html_pages

POST = "/blog/errori-di-delega/"
BUTTON = "[data-site-top]"
SHOWN = f"!document.querySelector('{BUTTON}').hidden"
HIDDEN = f"document.querySelector('{BUTTON}').hidden"


def test_every_page_has_the_button_and_materials_component_is_not_mounted(site_dir):
    problems = []
    for rel in html_pages(site_dir):
        text = (site_dir / rel).read_text(encoding="utf-8")
        if '<script id="__config"' not in text:
            continue
        if 'data-md-component="top"' in text:
            problems.append(f"{rel}: Material's component would mount the button")
        if text.count('class="md-top md-icon" data-site-top hidden tabindex="-1"') != 1:
            problems.append(f"{rel}: no hidden back-to-top button out of the focus order")
    assert not problems, "\n".join(problems)


def _state(page) -> dict:
    return page.locator(BUTTON).evaluate(
        "b => ({hidden: b.hidden, tabindex: b.getAttribute('tabindex'), opacity: getComputedStyle(b).opacity,"
        " top: b.getBoundingClientRect().top, bottom: b.getBoundingClientRect().bottom,"
        " header: document.querySelector('.md-header').getBoundingClientRect().bottom})")


def _scrolled_down(new_page, base_url, width: int, by: int):
    """The post, scrolled down `by` pixels with the mouse wheel."""
    page = new_page(width, 800)
    page.goto(base_url + POST)
    assert _state(page)["hidden"] and _state(page)["tabindex"] == "-1"
    page.mouse.move(width // 2, 400)
    page.mouse.wheel(0, by)
    page.wait_for_function(f"window.scrollY > {by - 500}")
    return page


@pytest.mark.browser
@pytest.mark.parametrize("width", [360, 1280])
def test_the_button_shows_on_the_way_back_up_and_goes_to_the_top(new_page, base_url, width):
    page = _scrolled_down(new_page, base_url, width, 2500)
    page.wait_for_timeout(200)
    assert _state(page)["hidden"], "hidden on the way down"

    page.mouse.wheel(0, -300)
    page.wait_for_function(SHOWN, timeout=5000)
    page.wait_for_timeout(300)  # the fade-in
    state = _state(page)
    assert state["tabindex"] is None, "in the focus order while shown"
    assert state["opacity"] == "1"
    assert state["header"] <= state["top"] and state["bottom"] < 800, f"below the header, on screen: {state}"

    page.locator(BUTTON).click()
    page.wait_for_function("window.scrollY === 0", timeout=5000)
    page.wait_for_function(HIDDEN, timeout=5000)
    assert _state(page)["tabindex"] == "-1", "out of the focus order once hidden"


@pytest.mark.browser
def test_the_button_stays_hidden_after_a_jump_to_an_anchor(new_page, base_url):
    page = _scrolled_down(new_page, base_url, 360, 2500)
    page.mouse.wheel(0, -300)
    page.wait_for_function(SHOWN, timeout=5000)
    target = page.locator("article h2[id]").nth(1).get_attribute("id")
    page.evaluate("id => { location.hash = id; }", target)
    page.wait_for_function(HIDDEN, timeout=5000)
    page.wait_for_timeout(100)
    assert _state(page)["hidden"]


@pytest.mark.browser
def test_at_the_top_the_button_stays_hidden(new_page, base_url):
    page = _scrolled_down(new_page, base_url, 360, 600)
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_function("window.scrollY === 0")
    page.wait_for_timeout(200)
    assert _state(page)["hidden"], "no button at the very top, even after scrolling up to it"
