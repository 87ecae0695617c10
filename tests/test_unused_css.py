"""Material's main stylesheet without what no page can use
(site_build/unused_css.py): the rules on samples, and on the built site,
checked against the original with a real selector engine and in
Chromium."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import soupsieve
from bs4 import BeautifulSoup

from site_build import html
from site_build.css import GROUPING, blocks, top_level
from site_build.unused_css import COMMENT, UNCLASSED, Names, used_rules, without_unused_variables

NAMES = Names({"md-typeset", "md-nav", "kept"}, {"md-search-result__item", "md-source__fact--"})


def test_a_selector_goes_only_when_it_needs_a_class_nothing_uses():
    css = (".md-typeset .admonition{color:red}"
           ".md-nav,.md-version{margin:0}"
           ".md-typeset :is(.admonition,details){padding:0}"
           ".md-typeset:not(.unknown) p{margin:1em}"
           ".md-search-result__item{display:block}"
           ".md-source__fact--version{font-size:1em}"
           "a[href$=\".unknown\"]{color:blue}")
    assert used_rules(css, NAMES) == (".md-nav{margin:0}"
                                      ".md-typeset :is(.admonition,details){padding:0}"
                                      ".md-typeset:not(.unknown) p{margin:1em}"
                                      ".md-search-result__item{display:block}"
                                      ".md-source__fact--version{font-size:1em}"
                                      "a[href$=\".unknown\"]{color:blue}")


def test_at_rules_keep_their_used_rules_or_go_and_data_urls_stay_whole():
    icon = "url(\"data:image/svg+xml;charset=utf-8,<svg xmlns='http://www.w3.org/2000/svg'>{}</svg>\")"
    css = ("@media screen{.admonition{color:red}}"
           "@media print{.kept{display:none}.gone{color:red}}"
           "@keyframes spin{0%{opacity:0}to{opacity:1}}"
           f":root{{--md-icon:{icon};--md-unused:1px}}"
           ".kept{mask-image:var(--md-icon)}")
    kept = used_rules(css, NAMES)
    assert kept == ("@media print{.kept{display:none}}"
                    "@keyframes spin{0%{opacity:0}to{opacity:1}}"
                    f":root{{--md-icon:{icon};--md-unused:1px}}"
                    ".kept{mask-image:var(--md-icon)}")
    assert without_unused_variables(kept, set()) == (
        "@media print{.kept{display:none}}@keyframes spin{0%{opacity:0}to{opacity:1}}"
        f":root{{--md-icon:{icon}}}.kept{{mask-image:var(--md-icon)}}")
    assert "--md-unused:1px" in without_unused_variables(kept, {"--md-unused"}), "used by a page or a script"


def test_a_table_no_page_gives_a_class_is_matched_without_reading_the_class_attribute():
    css = (".md-typeset table:not([class]) td>:first-child,.md-typeset table:not([class])+*{margin:0}"
           "[dir=rtl] .md-typeset table:not([class]) th:not([align]){text-align:right}"
           ".md-nav:not([class]) a{color:red}")
    names = Names({"md-typeset", "md-nav"}, set(), classed_tags={"div", "a"})
    assert used_rules(css, names) == (
        f".md-typeset table:not(.{UNCLASSED}) td>:first-child,.md-typeset table:not(.{UNCLASSED})+*{{margin:0}}"
        f"[dir=rtl] .md-typeset table:not(.{UNCLASSED}) th:not([align]){{text-align:right}}"
        ".md-nav:not([class]) a{color:red}"), "only a type selector's test changes"
    classed = Names({"md-typeset"}, set(), classed_tags={"table"})
    assert used_rules(".md-typeset table:not([class]) td{x:1}", classed) == ".md-typeset table:not([class]) td{x:1}"
    used = Names({"md-typeset", UNCLASSED}, set())
    assert used_rules(".md-typeset table:not([class]) td{x:1}", used) == ".md-typeset table:not([class]) td{x:1}"


def test_a_selector_for_a_direction_no_page_has_goes():
    """Material styles right-to-left pages with `[dir=rtl]` selectors; when
    no element of a page has that direction, they go (inside `:is()` or
    `:not()` they never rule a selector out, as classes there do not)."""
    css = ("[dir=rtl] .md-nav{margin:0}[dir=ltr] .md-nav,[dir=\"rtl\"] .md-typeset{padding:0}"
           ":not([dir=rtl]) .md-nav{color:red}")
    ltr = Names({"md-nav", "md-typeset"}, set(), directions={"ltr"})
    assert used_rules(css, ltr) == "[dir=ltr] .md-nav{padding:0}:not([dir=rtl]) .md-nav{color:red}"
    both = Names({"md-nav", "md-typeset"}, set(), directions={"ltr", "rtl"})
    assert used_rules(css, both) == css
    assert used_rules(css, Names({"md-nav", "md-typeset"}, set())) == css, "directions unknown: all stay"


# --- the built site ---------------------------------------------------------

def _material_stylesheet() -> str:
    from material import templates

    found = sorted(Path(templates.__file__).parent.glob("assets/stylesheets/main.*.min.css"))
    assert found, "Material's main stylesheet is not where the theme keeps it"
    return COMMENT.sub("", found[0].read_text(encoding="utf-8"))


def _inlined(page: str, rel: str) -> str:
    """Material's rules as the page `page` carries them: the head's first
    style element, in the place of Material's stylesheet link, before the
    site's own styles."""
    doc = BeautifulSoup(page, "html5lib")
    assert not doc.select('link[rel="stylesheet"]'), f"{rel} still links a stylesheet"
    styles = doc.select("head style")
    assert len(styles) >= 2, f"{rel}: {len(styles)} style elements in the head"
    return styles[0].string


# What a selector engine on a static page cannot decide: states, pseudo-
# elements and vendor pseudo-classes. They are taken off; what remains must
# match for the rule to be one a page can use.
DYNAMIC = re.compile(r"::?(?:-webkit-|-moz-|-ms-)[\w-]+(?:\([^)]*\))?|::[\w-]+|:(?:hover|focus|focus-visible|focus-within"
                     r"|active|visited|target|checked|placeholder-shown|indeterminate|disabled|invalid|valid"
                     r"|required|defined|popover-open|modal|autofill)\b")


def _selectors(css: str):
    for prelude, body in blocks(css):
        if prelude.startswith(GROUPING):
            yield from _selectors(body)
        elif not prelude.startswith("@"):
            yield from (s.strip() for s in top_level(prelude, ","))


@pytest.mark.parametrize("rel", ["index.html", "blog/errori-di-delega/index.html", "di-chi-hai-bisogno/index.html",
                                 "contatti/index.html", "blog/index.html", "obm-o-assistente-virtuale/index.html",
                                 "404.html"])
def test_no_rule_a_page_uses_is_left_out(site_dir, rel):
    """Every selector of Material's stylesheet that matches an element of
    the page (soupsieve, states and pseudo-elements aside) is in the
    stylesheet the page carries."""
    page = (site_dir / rel).read_text(encoding="utf-8")
    kept = {s.replace(f":not(.{UNCLASSED})", ":not([class])") for s in _selectors(_inlined(page, rel))}
    doc = BeautifulSoup(page, "html5lib")
    missing = []
    for selector in set(_selectors(_material_stylesheet())):
        static = DYNAMIC.sub("", selector).strip() or "*"
        try:
            matches = doc.select_one(static) is not None
        except (soupsieve.SelectorSyntaxError, NotImplementedError, ValueError):
            continue  # a selector soupsieve does not know
        if matches and selector not in kept:
            missing.append(selector)
    assert not missing, f"{rel}: rules that apply were left out: {sorted(missing)[:10]}"


def test_every_page_carries_one_smaller_stylesheet_and_links_none(site_dir):
    """Every page that linked Material's stylesheet carries the same purged
    rules in its place; Material's file, its map and no other copy ship."""
    original = _material_stylesheet()
    carried = {}
    for path in site_dir.rglob("*.html"):
        rel = path.relative_to(site_dir).as_posix()
        if rel.startswith("admin/"):
            continue  # the editor's page is not a page of the site
        page = path.read_text(encoding="utf-8")
        if html.parse(page).has(".md-header"):  # a page of the theme (redirect pages have no header)
            carried.setdefault(_inlined(page, rel), []).append(rel)
    assert len(carried) == 1, f"{len(carried)} different stylesheets: " + "; ".join(v[0] for v in carried.values())
    (ours,) = carried
    assert len(ours) < 0.8 * len(original), f"{len(ours)} bytes against Material's {len(original)}"
    assert ".md-header" in ours and ".md-typeset" in ours
    shipped = sorted(p.name for p in (site_dir / "assets/stylesheets").glob("main.*"))
    assert not shipped, f"Material's own file is still shipped: {shipped}"


@pytest.mark.browser
def test_what_the_scripts_build_keeps_its_style(base_url, new_page):
    """The search results are built by Material's bundle, not the pages:
    their rules stay (a result's link is a block, not the inline default)."""
    page = new_page(1280, 800)
    page.goto(base_url + "/")
    page.locator(".md-search__input").click()
    page.keyboard.type("delega")
    link = page.locator(".md-search-result__link").first
    link.wait_for(state="visible", timeout=15000)
    assert link.evaluate("el => getComputedStyle(el).display") == "block"
    items = page.locator(".md-search-result__item")
    assert items.count() > 1
    assert items.nth(1).evaluate("el => getComputedStyle(el).boxShadow") != "none", "results have their separating line"


# Every element's computed style (and its ::before and ::after), custom
# properties aside, as one string per element.
COMPUTED = """() => [...document.querySelectorAll('*')].map(el => ['', '::before', '::after'].map(pseudo => {
  const style = getComputedStyle(el, pseudo || null);
  return [...style].filter(name => !name.startsWith('--')).map(name => name + ':' + style.getPropertyValue(name)).join(';');
}).join('|'))"""


def _with_materials_stylesheet(page) -> None:
    """`page` gets each HTML page with Material's whole stylesheet in place
    of the purged rules it carries."""
    original = _material_stylesheet()

    def whole(route):
        response = route.fetch()
        text = response.text()
        if "text/html" not in response.headers.get("content-type", ""):
            return route.fulfill(response=response)
        purged = _inlined(text, route.request.url)
        assert text.count(purged) == 1
        route.fulfill(response=response, body=text.replace(purged, original))

    page.route(re.compile(r".*/$"), whole)


@pytest.mark.browser
@pytest.mark.parametrize("path", ["/", "/obm-o-assistente-virtuale/", "/di-chi-hai-bisogno/", "/blog/errori-di-delega/"])
def test_every_element_looks_as_with_materials_stylesheet(base_url, new_page, path):
    """In Chromium, every element of pages with tables and without has the
    same computed style under the site's stylesheet as under Material's
    whole one (the rules that went never applied; the rewritten ones match
    the same elements with the same weight)."""
    ours = new_page(1280, 800)
    ours.goto(base_url + path)
    material = new_page(1280, 800)
    _with_materials_stylesheet(material)
    material.goto(base_url + path)
    mine, theirs = ours.evaluate(COMPUTED), material.evaluate(COMPUTED)
    assert len(mine) == len(theirs) > 100
    differ = [i for i, (a, b) in enumerate(zip(mine, theirs)) if a != b]
    assert not differ, f"{path}: {len(differ)} elements styled differently, first: " + ours.evaluate(
        "i => document.querySelectorAll('*')[i].outerHTML.slice(0, 120)", differ[0])


RESTYLE = """selector => { document.querySelector(selector).classList.toggle('site-probe');
                            getComputedStyle(document.body).color; }"""


def _restyled(browser, page, selector: str) -> int:
    browser.start_tracing(page=page, categories=["devtools.timeline"])
    page.evaluate(RESTYLE, selector)
    events = json.loads(browser.stop_tracing())["traceEvents"]
    return sum(e["args"].get("elementCount", 0) for e in events if e["name"] == "UpdateLayoutTree")


@pytest.mark.browser
@pytest.mark.parametrize("selector", ["html", ".md-header"])
def test_a_class_change_restyles_only_what_depends_on_it(browser, base_url, new_page, selector):
    """Material's bundle changes the root's class when it starts and the
    header's on scroll. With `table:not([class])` in Material's rules, each
    change restyles the whole page; with the site's stylesheet, a few
    elements (measured in Chromium's trace)."""
    page = new_page(1280, 800)
    page.goto(base_url + "/obm-o-assistente-virtuale/")
    elements = page.evaluate("document.querySelectorAll('*').length")
    restyled = _restyled(browser, page, selector)
    assert restyled < elements / 10, f"{restyled} of {elements} elements restyled after a class change on {selector}"


def test_a_preview_keeps_materials_stylesheet():
    from site_build.pipeline import PREVIEW_SITE_STEPS, SITE_STEPS

    names = [name for name, _ in SITE_STEPS]
    assert any("stylesheet" in name for name in names)
    assert not any("stylesheet" in name for name in PREVIEW_SITE_STEPS)
