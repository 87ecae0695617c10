"""The theme contract's items that the phone deferral and the search hold
rely on (site_build/theme.py: GLOBALS, START_EVENT, SITEMAP,
SEARCH_INDEX, SEARCH_OPENERS), checked against the installed Material for
MkDocs and Zensical themselves, without a build: a failing check names
the item an upgrade changed. What the scripts do with them is checked in
Chromium (test_first_paint.py, test_material_on_demand.py, test_speed.py,
test_generators.py)."""

from __future__ import annotations

import pytest

from site_build import scripts, theme

GENERATORS = ("mkdocs", "zensical")


def _bundle(generator: str) -> str:
    """The theme's bundle, found by the contract's BUNDLE pattern."""
    folder = theme.templates_dir(generator)
    found = [p for p in (folder / "assets" / "javascripts").glob("*.js")
             if theme.BUNDLE.matches(p.relative_to(folder).as_posix())]
    assert len(found) == 1, f"{theme.BUNDLE.name}: {len(found)} files of {generator}'s theme match it"
    return found[0].read_text(encoding="utf-8")


@pytest.mark.parametrize("generator", GENERATORS)
def test_every_script_item_is_in_the_installed_theme(generator):
    missing = []
    for item in theme.GLOBALS:
        if generator not in item.generators:
            continue
        path = theme.templates_dir(generator) / item.where
        text = _bundle(generator) if item.where == "bundle" else path.read_text(encoding="utf-8")
        if item.text not in text:
            missing.append(f"{item.name} ({item.text!r} in {item.where})")
    assert not missing, f"{generator}: the theme no longer has: " + "; ".join(missing)


@pytest.mark.parametrize("generator", GENERATORS)
def test_the_held_index_is_the_one_the_bundle_requests(generator):
    index = theme.SEARCH_INDEX[generator]
    assert f'new URL("{index}",' in _bundle(generator), f"SEARCH_INDEX[{generator!r}]: the bundle no longer requests {index}"
    assert index in scripts.HOLD["search"], f"SEARCH_INDEX[{generator!r}] is not held"


def test_the_loader_carries_the_contracts_values():
    loader = scripts.loader()
    assert f"var START = \"{theme.START_EVENT}\"" in loader
    assert theme.SITEMAP in loader and all(index in loader for index in theme.SEARCH_INDEX.values())
