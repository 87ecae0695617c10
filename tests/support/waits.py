"""Waits for a page to reach a state, each on the condition itself and never
on the clock: a machine under load may take any time to get there, and a
fixed pause that is long enough on a quiet machine is too short on a busy
one."""

from __future__ import annotations


def settle(page):
    """Wait until no transition or animation is running."""
    page.wait_for_function(
        "() => document.getAnimations().every(a => a.playState !== 'running')", polling="raf", timeout=10_000
    )


def search_results_for(page, query: str):
    """Wait until the search shows the results of the whole `query`.

    Material's search answers every keystroke, and each answer redraws the
    list (dropping the focus from a result inside it), so results that only
    look right may still be those of a shorter prefix, about to be redrawn.
    With the `search.highlight` feature (mkdocs.yml) each result link names
    the terms it answers in its `h` parameter: the results of `query` are
    the ones whose links carry it."""
    page.wait_for_function(
        """query => [...document.querySelectorAll('.md-search-result__link')]
             .some(a => (new URL(a.href).searchParams.get('h') || '').toLowerCase() === query)""",
        arg=query.lower(),
        polling="raf",
        timeout=15_000,
    )


def search_closed(page):
    """Wait until the search is closed and the page scrolls again.

    On screens narrower than 960 px Material locks the page's scrolling
    (`data-md-scrolllock` on the body) 400 ms after the search opens, and
    unlocks it 100 ms after the search closes: on a busy machine the lock
    may be on when the search closes, and a scroll asked within the next
    100 ms does nothing."""
    page.wait_for_function(
        "() => !document.getElementById('__search').checked"
        " && !document.body.hasAttribute('data-md-scrolllock')",
        polling="raf",
        timeout=10_000,
    )


def reached(page, condition: str, arg=None, timeout: float = 10_000) -> bool:
    """Whether `condition` (a JavaScript function of `arg`) becomes true
    within `timeout` ms; for a test that then asserts with its own message."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(condition, arg=arg, polling="raf", timeout=timeout)
        return True
    except PlaywrightTimeout:
        return False
