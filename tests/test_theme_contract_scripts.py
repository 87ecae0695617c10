"""The theme contract of the phone deferral and the search hold
(site_build/scripts.py, the block between its two marker lines): each item
it declares is checked against the installed Material for MkDocs and
Zensical, and a check that fails names the item, so that an upgrade that
changes one says what to look at."""

from __future__ import annotations

import re
from pathlib import Path

import material
import pytest
import zensical

from site_build import scripts

THEMES = {"material": Path(material.__file__).parent / "templates",
          "zensical": Path(zensical.__file__).parent / "templates"}


def _bundle(theme: str) -> str:
    """The theme's bundle, found by the contract's BUNDLE pattern."""
    found = [p for p in (THEMES[theme] / "assets" / "javascripts").glob("*.js")
             if scripts.BUNDLE.search(p.relative_to(THEMES[theme]).as_posix())]
    assert len(found) == 1, f"BUNDLE: {theme} has {len(found)} files matching {scripts.BUNDLE.pattern}"
    return found[0].read_text(encoding="utf-8")


@pytest.mark.parametrize("theme", sorted(THEMES))
def test_the_bundle_starts_on_the_declared_event_and_sets_the_declared_global(theme):
    bundle = _bundle(theme)
    start = re.escape(f'(document,"{scripts.BUNDLE_START_EVENT}",{{once:!0}})')
    assert re.search(start, bundle), f"BUNDLE_START_EVENT: {theme}'s bundle no longer starts on it"
    assert "window.component$=" in bundle, f"BUNDLE_GLOBALS component$: {theme}'s bundle no longer sets it"


@pytest.mark.parametrize("theme", sorted(THEMES))
def test_the_storage_globals_are_the_themes(theme):
    base = (THEMES[theme] / "partials" / "javascripts" / "base.html").read_text(encoding="utf-8")
    for name in scripts.BUNDLE_GLOBALS[1:]:
        assert f"{name}=" in base, f"BUNDLE_GLOBALS {name}: {theme}'s partials/javascripts/base.html no longer defines it"


@pytest.mark.parametrize("theme, generator", [("material", "mkdocs"), ("zensical", "zensical")])
def test_the_bundle_requests_the_held_files(theme, generator):
    bundle = _bundle(theme)
    index = scripts.SEARCH_INDEX[generator]
    assert f'new URL("{index}",' in bundle, f"SEARCH_INDEX[{generator!r}]: {theme}'s bundle no longer requests {index}"
    assert f'new URL("{scripts.SITEMAP}",' in bundle, f"SITEMAP: {theme}'s bundle no longer requests it"
    assert "new Worker(" in bundle, f"the search worker: {theme}'s bundle no longer starts one"


def test_the_search_openers_are_in_the_themes_markup():
    material_header = (THEMES["material"] / "partials" / "header.html").read_text(encoding="utf-8")
    zensical_search = (THEMES["zensical"] / "partials" / "search.html").read_text(encoding="utf-8")
    assert 'for="__search"' in material_header, "SEARCH_OPENERS: Material's header has no label for the search"
    assert 'class="md-search__button"' in zensical_search, "SEARCH_OPENERS: Zensical's search has no button"
