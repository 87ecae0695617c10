"""Keyboard and motion (issue #3, point 3), in Debian's Chromium: tabbing
through the home page reaches every interactive element that is on show,
one after the other, each with a focus indicator that is visible (pixels
around it change, with 3:1 contrast or more, between focused and not
focused); the skip link works; the search works from the keyboard; the
menu on a phone opens from the keyboard; with `prefers-reduced-motion` the
site neither animates nor scrolls smoothly."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageChops

from support.page_types import pages_by_kind
from support.pages import page_url
from support.waits import reached, search_closed, search_results_for, settle

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": 1280, "360px": 360}

# What has the focus: a path that identifies it, its box (or, for a control
# drawn as zero-size like the palette's radio buttons, the box of the
# nearest ancestor that has one), and whether it is on screen and on top.
FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const path = e => {
    const parts = [];
    for (; e && e.nodeType === 1 && e !== document.body; e = e.parentElement) {
      let part = e.tagName.toLowerCase();
      if (e.id) { parts.unshift(part + "#" + e.id); break; }
      const same = [...e.parentElement.children].filter(x => x.tagName === e.tagName);
      if (same.length > 1) part += `:nth-of-type(${same.indexOf(e) + 1})`;
      parts.unshift(part);
    }
    return parts.join(" > ");
  };
  let box = el;
  while (box.parentElement && (box.getBoundingClientRect().width < 1 || box.getBoundingClientRect().height < 1))
    box = box.parentElement;
  const r = box.getBoundingClientRect();
  const left = Math.max(r.left, 0), top = Math.max(r.top, 0);
  const right = Math.min(r.right, innerWidth), bottom = Math.min(r.bottom, innerHeight);
  const onScreen = right - left >= 1 && bottom - top >= 1;
  // Hit-test the middle of the first line box (a link may wrap).
  const line = [...box.getClientRects()].find(q => q.width >= 1 && q.height >= 1) || r;
  const hit = onScreen ? document.elementFromPoint(
    Math.min(Math.max(line.left + line.width / 2, 0), innerWidth - 1),
    Math.min(Math.max(line.top + line.height / 2, 0), innerHeight - 1)) : null;
  // On top: the hit is the element, inside it, or an ancestor (elements
  // with `pointer-events: none`, like Material's current-page link, let
  // hits through to their parent); anything else lies over it.
  const onTop = !!hit && (box.contains(hit) || hit.contains(box) || [...(el.labels || [])].some(l => l.contains(hit)));
  return {
    key: path(el),
    classes: String(el.className),
    name: (el.innerText || el.getAttribute("aria-label") || el.title || el.placeholder || "").trim().slice(0, 40),
    box: {x: left, y: top, width: right - left, height: bottom - top},
    onScreen, onTop,
  };
}"""

# Interactive elements a visitor can see (and so should reach with Tab):
# links, buttons, text fields and focusable labels, as paths like FOCUS's.
REACHABLE = """() => {
  const path = e => {
    const parts = [];
    for (; e && e.nodeType === 1 && e !== document.body; e = e.parentElement) {
      let part = e.tagName.toLowerCase();
      if (e.id) { parts.unshift(part + "#" + e.id); break; }
      const same = [...e.parentElement.children].filter(x => x.tagName === e.tagName);
      if (same.length > 1) part += `:nth-of-type(${same.indexOf(e) + 1})`;
      parts.unshift(part);
    }
    return parts.join(" > ");
  };
  const selector = "a[href], button:not([disabled]), input[type=text], input[type=search], input:not([type]), "
    + "select, textarea, summary, label[tabindex='0'], [tabindex='0']";
  return [...document.querySelectorAll(selector)]
    .filter(e => e.tabIndex >= 0 && e.checkVisibility({visibilityProperty: true, opacityProperty: true}))
    .filter(e => { const r = e.getBoundingClientRect(); return r.width >= 1 && r.height >= 1; })
    .map(path);
}"""


def _luminance(pixel) -> float:
    r, g, b = (c / 255 for c in pixel[:3])
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrasting_pixels(before: bytes, after: bytes) -> int:
    """Pixels whose colour changed with a contrast of 3:1 or more."""
    a = Image.open(io.BytesIO(before)).convert("RGB")
    b = Image.open(io.BytesIO(after)).convert("RGB")
    mask = ImageChops.difference(a, b).convert("L").point(lambda v: 255 if v else 0)
    count = 0
    for (x, y) in ((i % a.width, i // a.width) for i, m in enumerate(mask.tobytes()) if m):
        la, lb = _luminance(a.getpixel((x, y))), _luminance(b.getpixel((x, y)))
        if (max(la, lb) + 0.05) / (min(la, lb) + 0.05) >= 3:
            count += 1
    return count


def focus_indicator(page, focus: dict) -> tuple[int, int]:
    """Pixels that the focus changes with 3:1 contrast around the focused
    element, and how many at least make a visible indicator (a one-pixel
    line along half of its outline). The focus is then removed with blur(),
    which leaves Chromium's sequential focus starting point where it was:
    the next Tab goes on from this element."""
    box = focus["box"]
    pad = 6
    clip = {
        "x": max(box["x"] - pad, 0),
        "y": max(box["y"] - pad, 0),
        "width": min(box["width"] + 2 * pad, page.viewport_size["width"] - max(box["x"] - pad, 0)),
        "height": min(box["height"] + 2 * pad, page.viewport_size["height"] - max(box["y"] - pad, 0)),
    }
    settle(page)
    focused = page.screenshot(clip=clip, animations="disabled", caret="hide")
    page.evaluate("document.activeElement.blur()")
    settle(page)
    unfocused = page.screenshot(clip=clip, animations="disabled", caret="hide")
    return contrasting_pixels(unfocused, focused), int(min(box["width"], 200) + min(box["height"], 200))


def tab(page, key="Tab"):
    page.keyboard.press(key)
    settle(page)
    return page.evaluate(FOCUS)


@pytest.mark.parametrize("width", WIDTHS)
def test_tab_reaches_everything_on_the_home_page_with_a_visible_focus(new_page, base_url, width):
    page = new_page(WIDTHS[width], 800)
    page.goto(base_url + "/")
    settle(page)
    expected = set(page.evaluate(REACHABLE))
    assert len(expected) > 10, expected

    seen, problems, previous, first = [], [], None, None
    for _ in range(400):
        focus = tab(page)
        if focus is None:  # past the last element: the browser's own UI
            if seen:
                break
            continue
        if seen and focus["key"] == seen[0]:
            break
        where = f"stop {len(seen) + 1} {focus['key']} ({focus['name']!r})"
        if focus["key"] == previous:
            problems.append(f"{where}: Tab did not move the focus")
        if not (focus["onScreen"] and focus["onTop"]):
            problems.append(f"{where}: focused but not on screen or covered: {focus['box']}")
        else:
            changed, needed = focus_indicator(page, focus)
            if changed < needed:
                problems.append(f"{where}: focus indicator too faint ({changed} px at 3:1, {needed} needed)")
        seen.append(focus["key"])
        previous = focus["key"]
        first = first or focus
    else:
        pytest.fail(f"the focus never came back to the first element: {seen[:5]}...")

    assert "md-skip" in first["classes"], f"the first Tab should reach the skip link, not {first}"
    missing = sorted(expected - set(seen))
    assert not missing, f"never focused with Tab: {missing}"
    assert not problems, "\n".join(problems)
    print(f"\n{width}: {len(seen)} focus stops, all visible")


@pytest.mark.parametrize("kind", ["home", "404"])
def test_the_skip_link_jumps_past_the_navigation(site_dir, new_page, base_url, kind):
    """First Tab: the skip link, on screen; Enter; next Tab: the first link
    of the content, not the header, tabs or sidebars."""
    page = new_page(1280, 800)
    page.goto(base_url + page_url(pages_by_kind(site_dir)[kind][0]))
    settle(page)
    first = tab(page)
    assert "md-skip" in first["classes"] and first["onScreen"] and first["onTop"], first
    changed, needed = focus_indicator(page, first)
    assert changed >= needed, f"the skip link does not show when focused ({changed} px)"
    page.evaluate("document.querySelector('.md-skip').focus()")
    target = page.evaluate("document.querySelector('.md-skip').hash")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == target
    tab(page)
    where = page.evaluate(
        "() => { const e = document.activeElement; return [e.closest('.md-content') !== null,"
        " e.closest('.md-header, .md-tabs, .md-sidebar') !== null, e.outerHTML.slice(0, 120)] }"
    )
    assert where[0] and not where[1], f"after the skip link, Tab went to {where[2]}"


@pytest.mark.parametrize("width", WIDTHS)
def test_search_works_from_the_keyboard(site_dir, new_page, base_url, width):
    """Tab to the search field, type, arrow down to a result (visibly
    focused), Enter opens it; Escape closes the search."""
    posts = pages_by_kind(site_dir)["articolo"]
    from bs4 import BeautifulSoup

    h1 = BeautifulSoup((site_dir / posts[0]).read_text(encoding="utf-8"), "html5lib").h1
    for permalink in h1.select(".headerlink"):
        permalink.decompose()
    query = max(h1.get_text(" ", strip=True).split(), key=len)
    page = new_page(WIDTHS[width], 800)
    page.goto(base_url + "/")
    settle(page)
    for _ in range(10):
        focus = tab(page)
        if focus and "md-search__input" in focus["classes"]:
            break
    else:
        pytest.fail("the search field is not among the first ten Tab stops")
    # Material opens the search from a debounced focus event: a moment later
    assert reached(
        page, "() => document.getElementById('__search').checked", timeout=5_000
    ), "focusing the field did not open the search"

    page.keyboard.type(query)
    search_results_for(page, query)
    result = tab(page, "ArrowDown")
    assert result and "md-search-result__link" in result["classes"], result
    assert result["onScreen"] and result["onTop"], result
    href = page.evaluate("document.activeElement.href")
    changed, needed = focus_indicator(page, result)
    assert changed >= needed, f"the chosen result is not visibly focused ({changed} px of {needed})"
    again = tab(page, "ArrowDown")  # the focus was taken away to compare
    assert again and again["key"] == result["key"], again
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.split("#")[0].split("?")[0] == href.split("#")[0].split("?")[0]

    page.goto(base_url + "/")
    settle(page)
    page.keyboard.press("/")  # Material's shortcut to the search field
    page.keyboard.type(query)
    search_results_for(page, query)
    page.keyboard.press("Escape")
    settle(page)
    assert reached(
        page, "() => !document.getElementById('__search').checked", timeout=5_000
    ), "Escape did not close the search"
    assert not page.is_visible(".md-search-result__link")


@pytest.mark.parametrize("kind", ["home", "modello", "blog"])
def test_the_menu_works_from_the_keyboard_on_a_phone(site_dir, new_page, base_url, kind):
    """At 360 px the navigation is in a drawer: closed, it takes no focus
    (see the Tab test); its button is a Tab stop and Enter opens it; then
    every Tab stop inside it is on screen, on top and visibly focused, also
    where the drawer opens on an inner level (a section's pages) that lies
    over the outer one."""
    page = new_page(360, 800)
    page.goto(base_url + page_url(pages_by_kind(site_dir)[kind][0]))
    settle(page)
    for _ in range(5):
        focus = tab(page)
        if focus and "Menu" in focus["name"] and "md-header__button" in focus["classes"]:
            break
    else:
        pytest.fail("the menu button is not among the first five Tab stops")
    page.keyboard.press("Enter")
    settle(page)
    assert page.evaluate("document.getElementById('__drawer').checked"), "Enter did not open the menu"
    inside, problems = [], []
    for _ in range(60):
        focus = tab(page)
        if not page.evaluate("document.activeElement.closest('.md-sidebar--primary') !== null"):
            if inside:
                break
            continue
        inside.append(focus["name"])
        if not (focus["onScreen"] and focus["onTop"]):
            problems.append(f"{focus['key']} ({focus['name']!r}): focused but not on screen or covered")
            continue
        changed, needed = focus_indicator(page, focus)
        if changed < needed:
            problems.append(f"{focus['key']} ({focus['name']!r}): focus indicator too faint ({changed} px)")
    assert len(inside) >= 2, f"Tab did not lead into the open menu: {inside}"
    assert not problems, "\n".join(problems)


WATCH_MOTION = """() => {
  window.__motion = 0;
  const note = e => {
    for (const a of e.target.getAnimations())
      window.__motion = Math.max(window.__motion, a.effect.getComputedTiming().endTime);
  };
  for (const type of ["transitionrun", "animationstart"]) document.addEventListener(type, note, true);
}"""


def _motion(page) -> float:
    """The longest transition or animation started since the last call, in
    ms (each is noted as it starts, so a busy machine cannot miss it)."""
    return page.evaluate(
        """() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => {
          const now = Math.max(0, ...document.getAnimations().map(a => a.effect.getComputedTiming().endTime));
          const longest = Math.max(window.__motion, now);
          window.__motion = 0;
          done(longest);
        })))"""
    )


@pytest.mark.parametrize("preference", ["reduce", "no-preference"])
def test_reduced_motion_is_honoured(new_page, base_url, preference):
    """With `reduce`: opening the menu, showing the skip link, opening the
    search start no transition or animation, and scrolling asked of
    scripts as smooth is instant. With `no-preference` the same actions do
    animate (so the test can tell)."""
    page = new_page(360, 800, reduced_motion=preference)
    page.goto(base_url + "/")
    settle(page)
    page.evaluate(WATCH_MOTION)
    motion = {}
    page.keyboard.press("Tab")
    motion["skip link"] = _motion(page)
    page.evaluate("document.activeElement.blur()")
    settle(page)
    page.click("label[for=__drawer].md-header__button")
    motion["menu"] = _motion(page)
    page.click(".md-overlay", position={"x": 350, "y": 400})
    settle(page)
    page.click("label[for=__search].md-header__button")
    motion["search"] = _motion(page)
    settle(page)
    page.keyboard.press("Escape")
    search_closed(page)
    jump = page.evaluate(
        "() => { window.scrollTo({top: 600, behavior: 'smooth'}); const a = window.scrollY;"
        " document.scrollingElement.scrollTo({top: 0, behavior: 'smooth'}); return [a, window.scrollY]; }"
    )
    if preference == "reduce":
        assert all(ms <= 1 for ms in motion.values()), f"motion despite `reduce`: {motion}"
        assert jump == [600, 0], f"smooth scrolling despite `reduce`: {jump}"
    else:
        assert all(ms >= 100 for ms in motion.values()), f"no motion to detect: {motion}"
        assert jump[0] < 600, f"no smooth scrolling to detect: {jump}"
