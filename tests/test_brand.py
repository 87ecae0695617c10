"""A personal brand, not a documentation site (issue 24, points 1, 2, 3, 6
and 7), pinned in Chromium at 360x800 and 1280x800: her name and logo in
the header and the phone menu; one look for the primary action; at most
six tabs plus the self-assessment as a button, the cases only once a real
one exists; marketing pages without sidebars, contents or previous/next;
the footer's legal identity; boxes and focus rings in the brand colours,
and primary buttons that stand out in both schemes for every colour pair
the build accepts."""

from __future__ import annotations

import datetime as dt
import json
import random
import re

import pytest
from bs4 import BeautifulSoup

from support.pages import html_pages, page_url
from support.project import OWNER_ENV, build, built, copy_project
from support.server import serve
from site_build import brand, navigation
from site_build.project import Project
from site_extensions.errors import ContentError

WIDTHS = [360, 1280]
# The pages a prospect reads as the service's pages (issue 24, point 3).
MARKETING = ["/", "/servizi/", "/come-lavoriamo/", "/casi/", "/casi/esempio-di-caso/", "/chi-sono/",
             "/contatti/", "/faq/", "/di-chi-hai-bisogno/", "/grazie/"]
POST = "/blog/errori-di-delega/"
SCHEMES = {"light": "default", "dark": "slate"}


def _contrast(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    """WCAG contrast of two sRGB colours given as 0-255 channels (written
    here from the definition, not taken from site_build/brand.py)."""
    def luminance(colour):
        linear = [(c / 255) / 12.92 if c / 255 <= 0.03928 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in colour[:3]]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _rgb(css: str) -> tuple[float, ...]:
    """'rgb(1, 2, 3)' or 'rgba(1, 2, 3, 1)' or '#010203' as channels."""
    if css.startswith("#"):
        return tuple(int(css[i:i + 2], 16) for i in (1, 3, 5))
    return tuple(float(v) for v in re.findall(r"[\d.]+", css)[:3])


def _initials_by_hand(name: str) -> str:
    words = [w for w in re.split(r"[\s-]+", name) if any(c.isalpha() for c in w)]
    firsts = [next(c for c in w if c.isalpha()) for w in words]
    return (firsts[0] + (firsts[-1] if len(firsts) > 1 else "")).upper() if firsts else ""


@pytest.fixture(scope="module")
def owner_url(owner_site):
    server, url = serve(owner_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="module")
def logo_site(tmp_path_factory):
    """A build whose configuration names a logo picture (theme.logo)."""
    project = copy_project(tmp_path_factory.mktemp("logo") / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("  # logo: assets/images/logo.svg\n", "  logo: assets/images/logo.svg\n", 1)
    assert "\n  logo: assets/images/logo.svg\n" in text
    config.write_text(text, encoding="utf-8")
    site = tmp_path_factory.mktemp("logo") / "site"
    built(build(project, site, env={"OWNER_NAME": "Anna Verdi"}))
    return site


def _scheme(page, scheme: str) -> None:
    """The page in `scheme`, once the theme's colour transitions are over."""
    page.evaluate("s => document.body.setAttribute('data-md-color-scheme', s)", SCHEMES[scheme])
    page.wait_for_timeout(400)


# --- 1. her name is the brand -------------------------------------------------

@pytest.mark.browser
@pytest.mark.build
@pytest.mark.parametrize("width", WIDTHS)
def test_the_header_shows_her_name_and_monogram_at_every_width(owner_url, new_page, width):
    name = OWNER_ENV["OWNER_NAME"]
    page = new_page(width, 800)
    page.goto(owner_url + "/servizi/")
    link = page.locator(".md-header").get_by_role("link", name=name, exact=True)
    assert link.count() == 1 and link.is_visible()
    label = link.locator(".site-brand__name")
    assert label.inner_text().split() == name.split()
    # Not cut short: the whole name is drawn, on one line or two.
    assert label.evaluate("e => e.scrollWidth <= e.clientWidth + 1 && e.scrollHeight <= e.clientHeight + 1")
    logo = link.locator("svg.site-monogram")
    box = logo.bounding_box()
    assert box and box["width"] >= 20 and box["y"] >= 0 and box["y"] + box["height"] <= 56
    assert logo.locator("text").text_content() == _initials_by_hand(name)
    assert link.get_attribute("href") in ("..", "../", "/")
    # While the page scrolls, the name stays (the page's title does not replace it).
    page.mouse.wheel(0, 2000)
    page.wait_for_timeout(300)
    assert label.is_visible() and label.inner_text().split() == name.split()


@pytest.mark.browser
@pytest.mark.build
def test_the_phone_menu_is_titled_with_her_name(owner_url, new_page):
    page = new_page(360, 800)
    page.goto(owner_url + "/servizi/")
    page.locator("label.md-header__button[for=__drawer]").click()
    title = page.locator(".md-nav--primary > label.md-nav__title[for=__drawer]")
    title.wait_for(state="visible")
    words = title.evaluate("l => [...l.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join(' ')")
    assert words.split() == OWNER_ENV["OWNER_NAME"].split()
    home = title.get_by_role("link", name=OWNER_ENV["OWNER_NAME"], exact=True)
    assert home.count() == 1


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.parametrize("width", WIDTHS)
def test_a_configured_logo_takes_the_monograms_place(logo_site, new_page, width):
    server, url = serve(logo_site)
    try:
        page = new_page(width, 800)
        page.goto(url + "/chi-sono/")
        link = page.locator(".md-header").get_by_role("link", name="Anna Verdi", exact=True)
        assert link.is_visible()
        img = link.locator("img")
        assert img.count() == 1 and img.get_attribute("src").endswith("assets/images/logo.svg")
        assert img.evaluate("i => i.complete && i.naturalWidth > 0") and img.is_visible()
        assert page.locator("svg.site-monogram").count() == 0
    finally:
        server.shutdown()


@pytest.mark.parametrize("name,expected", [
    ("Giulia Bianchi", "GB"), ("anna", "A"), ("Maria Grazia De Luca", "ML"), ("Anna-Maria Rossi", "AR"),
    ("Élodie Ñúñez", "ÉÑ"), ("  Lucia   Neri  ", "LN"), ("", ""), ("123 456", ""), ("Dott.ssa Sara Blu", "DB"),
    ("<b>Eva</b> Lo", "BL"),
])
def test_the_monogram_takes_the_first_and_last_initial(name, expected):
    assert brand.initials(name) == expected
    svg = brand.monogram(name, brand.colours({"primary": "#1f5561", "accent": "#b04a22"}))
    soup = BeautifulSoup(svg, "html.parser")
    assert soup.find("text").get_text() == expected and soup.svg["aria-hidden"] == "true"
    assert "<b>" not in svg


@pytest.mark.build
def test_the_favicon_is_her_monogram_unless_a_logo_is_set(site_dir, logo_site):
    from support.project import ROOT

    icon = BeautifulSoup((site_dir / "assets/images/favicon.svg").read_text(encoding="utf-8"), "html.parser")
    assert icon.find("text").get_text() == _initials_by_hand("Nome Cognome") == "NC"
    shipped = (ROOT / "docs/assets/images/favicon.svg").read_bytes()
    assert (logo_site / "assets/images/favicon.svg").read_bytes() == shipped


@pytest.mark.browser
@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_headers_and_the_pages_primary_actions_look_the_same(base_url, new_page, scheme):
    page = new_page(1280, 800, color_scheme=scheme)
    page.goto(base_url + "/")
    _scheme(page, scheme)
    style = """e => { const s = getComputedStyle(e);
        return [s.backgroundColor, s.color, s.borderTopLeftRadius, s.fontWeight, s.borderTopColor]; }"""
    header = page.locator(".md-header .site-header-action").evaluate(style)
    hero = page.locator(".hero a.md-button--primary").evaluate(style)
    test = page.locator(".md-tabs .site-tabs__action a").evaluate(style)
    assert header == hero == test


# --- 2. navigation a prospect understands -------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("path", ["/", "/servizi/", POST, "/obm-o-assistente-virtuale/", "/modelli/tina-forsyth/"])
def test_at_most_six_tabs_and_the_self_assessment_as_a_button(base_url, new_page, path):
    page = new_page(1280, 800)
    page.goto(base_url + path)
    tabs = page.locator(".md-tabs__item:not(.site-tabs__action)")
    titles = [t.strip() for t in tabs.all_inner_texts()]
    assert 1 <= len(titles) <= navigation.MAX_ITEMS, titles
    assert all(tab.is_visible() for tab in tabs.all())
    assert not any(re.search(r"modell|Forsyth|Tomasso", t) for t in titles), titles
    button = page.locator(".md-tabs .site-tabs__action a")
    assert button.count() == 1 and button.is_visible()
    assert button.get_attribute("href").rstrip("/").endswith("di-chi-hai-bisogno")
    # The placeholder case is no reason for a tab.
    assert "Casi" not in titles


@pytest.mark.browser
def test_the_phone_menu_lists_the_same_items(base_url, new_page):
    page = new_page(360, 800)
    page.goto(base_url + "/blog/")
    page.locator("label.md-header__button[for=__drawer]").click()
    items = page.locator(".md-nav--primary > .md-nav__list > .md-nav__item")
    items.first.wait_for(state="visible")
    texts = [" ".join(t.split()) for t in items.all_text_contents()]
    assert len(texts) <= navigation.MAX_ITEMS + 1 and any("Di chi hai bisogno" in t for t in texts), texts
    assert not any(re.search(r"modell|Casi", t) for t in texts), texts


def test_a_section_appears_once_a_real_page_of_it_exists(tmp_path):
    project = copy_project(tmp_path / "project")
    loaded = Project.load(project / "mkdocs.yml")
    titles = [next(iter(e)) if isinstance(e, dict) else e for e in navigation.visible(loaded, loaded.config["nav"])]
    assert "Casi" not in titles and "Blog" in titles and "Servizi e prezzi" in titles
    case = project / "docs/casi/esempio-di-caso.md"
    case.write_text(case.read_text(encoding="utf-8").replace("segnaposto: true\n", ""), encoding="utf-8")
    loaded = Project.load(project / "mkdocs.yml")
    shown = navigation.visible(loaded, loaded.config["nav"])
    casi = [e["Casi"] for e in shown if isinstance(e, dict) and "Casi" in e]
    assert casi and "casi/esempio-di-caso.md" in json.dumps(casi)
    # A second placeholder beside the real case stays out, the real one stays in.
    (project / "docs/casi/altro.md").write_text("---\nsegnaposto: true\n---\n# Altro\n", encoding="utf-8")
    loaded = Project.load(project / "mkdocs.yml")
    nav = [{"Casi": ["casi/index.md", {"Vero": "casi/esempio-di-caso.md"}, {"Finto": "casi/altro.md"}]}]
    assert navigation.visible(loaded, nav) == [{"Casi": ["casi/index.md", {"Vero": "casi/esempio-di-caso.md"}]}]


def test_a_seventh_tab_is_refused_naming_mkdocs_yml(tmp_path):
    project = copy_project(tmp_path / "project")
    loaded = Project.load(project / "mkdocs.yml")
    assert navigation.problems(loaded) == []
    loaded.config["nav"] = loaded.config["nav"] + [{"FAQ": "faq.md"}]
    problems = navigation.problems(loaded)
    assert len(problems) == 1 and problems[0].startswith("mkdocs.yml: nav has 7 top-level items")


def test_search_speaks_of_pages_and_articles(site_dir):
    doc = BeautifulSoup((site_dir / "index.html").read_text(encoding="utf-8"), "html.parser")
    translations = json.loads(doc.select_one("script#__config").get_text())["translations"]
    counts = {k: v for k, v in translations.items() if k.startswith("search.result.") and "more" not in k}
    assert not any("document" in v for v in counts.values()), counts
    assert "pagin" in counts["search.result.other"] and "articol" in counts["search.result.other"]


# --- 3. marketing pages on a landing layout -----------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", MARKETING)
def test_marketing_pages_have_no_sidebars_contents_or_previous_next(base_url, new_page, path, width):
    page = new_page(width, 800)
    response = page.goto(base_url + path)
    assert response.status == 200
    assert not page.locator(".md-sidebar--secondary .md-nav__link").first.is_visible()
    if width == 360:  # the drawer holds the site's navigation only, no contents
        page.locator("label.md-header__button[for=__drawer]").click()
        page.locator(".md-nav--primary > .md-nav__list").first.wait_for(state="visible")
        assert page.locator(".md-nav--secondary .md-nav__link:visible").count() == 0
        assert page.locator(".md-nav--primary label[for=__toc]").count() == 0, "the menu offers the contents"
    else:
        assert not page.locator(".md-sidebar--primary").is_visible()
        content = page.locator(".md-content").bounding_box()
        assert abs((content["x"] + content["width"] / 2) - 640) < 40, "the text is not centred"
    text = page.locator("body").inner_text()
    assert page.locator(".md-footer__link").count() == 0 and "Successivo" not in text and "Precedente" not in text


@pytest.mark.browser
def test_articles_and_the_comparison_keep_their_contents(base_url, new_page):
    page = new_page(1280, 800)
    for path in (POST, "/obm-o-assistente-virtuale/"):
        page.goto(base_url + path)
        assert page.locator(".md-sidebar--secondary .md-nav__link").first.is_visible(), path


# --- 6. legal identity --------------------------------------------------------

@pytest.mark.browser
@pytest.mark.build
@pytest.mark.parametrize("width", WIDTHS)
def test_the_footer_names_her_city_vat_number_year_and_links(owner_url, new_page, width):
    page = new_page(width, 800)
    page.goto(owner_url + "/blog/")
    footer = page.locator(".site-footer")
    footer.scroll_into_view_if_needed()
    text = footer.inner_text()
    for value in (OWNER_ENV["OWNER_NAME"], OWNER_ENV["OWNER_CITY"], f"P. IVA {OWNER_ENV['OWNER_VAT_NUMBER']}",
                  f"© {dt.date.today().year}"):
        assert value in text, value
    for words, address in (("Servizi", "/servizi/"), ("Contatti", "/contatti/"), ("Privacy", "/privacy/")):
        link = footer.get_by_role("link", name=re.compile(words))
        assert link.count() == 1 and link.is_visible(), words
        box = link.bounding_box()
        assert box["height"] >= 24, f"{words}: a target {box['height']} px tall"
        href = link.evaluate("a => a.href")
        assert href == owner_url + address and page.request.get(href).status == 200


def _controller(site) -> str:
    """The privacy notice's paragraph that names the data controller."""
    doc = BeautifulSoup((site / "privacy/index.html").read_text(encoding="utf-8"), "html.parser")
    heading = doc.find(id="titolare-del-trattamento")
    return heading.find_next("p").get_text(" ", strip=True)


@pytest.mark.build
def test_the_privacy_notice_names_the_controller_as_the_footer_does(owner_site):
    controller = _controller(owner_site)
    for value in (OWNER_ENV["OWNER_NAME"], OWNER_ENV["OWNER_CITY"], f"partita IVA {OWNER_ENV['OWNER_VAT_NUMBER']}"):
        assert value in controller, (value, controller)


def test_no_vat_number_in_the_footer_or_the_privacy_notice_when_none_is_set(site_dir):
    doc = BeautifulSoup((site_dir / "servizi/index.html").read_text(encoding="utf-8"), "html.parser")
    footer = doc.select_one(".site-footer").get_text(" ", strip=True)
    assert "IVA" not in footer and f"© {dt.date.today().year}" in footer
    controller = _controller(site_dir)
    assert "IVA" not in controller and controller.endswith("con sede a Città."), controller


# --- 7. one visual system -----------------------------------------------------

def _accepted_pairs(count: int, seed: int) -> list[tuple[str, str]]:
    """Colour pairs the build accepts: extremes at the limit of its rules,
    then random ones."""
    pairs = [("#000000", "#000000"), ("#767676", "#767676"), ("#0000ff", "#c00000"),
             ("#1f5561", "#b04a22"), ("#6b21a8", "#047857"), ("#767676", "#000080")]
    rng = random.Random(seed)
    while len(pairs) < count:
        pair = tuple(f"#{rng.randrange(0x1000000):06x}" for _ in range(2))
        try:
            brand.colours({"primary": pair[0], "accent": pair[1]})
        except ContentError:
            continue
        pairs.append(pair)
    return pairs


@pytest.mark.browser
@pytest.mark.parametrize("primary,accent", _accepted_pairs(5000, 24)[:6] + _accepted_pairs(5000, 24)[-6:])
def test_primary_buttons_stand_out_in_both_schemes_for_accepted_colours(base_url, new_page, primary, accent):
    """The brand's variables for the pair, in a real page, measured in
    Chromium: the primary button against the page's background (3:1,
    WCAG 1.4.11) and its text against the button (4.5:1), light and dark."""
    variables = brand.css_variables(brand.colours({"primary": primary, "accent": accent}))
    page = new_page(1280, 800)
    page.goto(base_url + "/")
    page.add_style_tag(content=variables)
    for scheme in SCHEMES:
        _scheme(page, scheme)
        for selector in (".hero a.md-button--primary", ".md-header .site-header-action"):
            colours = page.locator(selector).evaluate(
                """e => [getComputedStyle(e).backgroundColor, getComputedStyle(e).color,
                         getComputedStyle(document.body).backgroundColor]""")
            button, text, background = (_rgb(c) for c in colours)
            assert _contrast(button, background) >= 3, (scheme, selector, colours)
            assert _contrast(text, button) >= 4.5, (scheme, selector, colours)


def test_every_accepted_pair_gives_buttons_that_stand_out():
    """The same rule over thousands of pairs, on the colours brand.py
    derives (the page's backgrounds are white and Material's slate)."""
    backgrounds = {"light": (255, 255, 255), "dark": _rgb(brand.SLATE_BG)}
    pairs = _accepted_pairs(3000, 7)
    for primary, accent in pairs:
        for scheme, action in brand.actions(brand.colours({"primary": primary, "accent": accent})).items():
            for key in ("background", "hover"):
                assert _contrast(_rgb(action[key]), backgrounds[scheme]) >= 3, (primary, accent, scheme, key)
                assert _contrast(_rgb(action["text"]), _rgb(action[key])) >= 4.5, (primary, accent, scheme, key)


@pytest.mark.parametrize("value", ["#ffffff", "#cccccc", "#ff9900", "#777778"])
def test_a_colour_too_light_for_white_text_is_refused(value):
    with pytest.raises(ContentError, match=r"data/titolare.yml, campo brand.accent: .* troppo chiaro"):
        brand.colours({"primary": "#1f5561", "accent": value})


def _pages_with_boxes(site) -> list[str]:
    """Every page of the build with an admonition or a collapsible."""
    found = []
    for rel in html_pages(site):
        text = (site / rel).read_text(encoding="utf-8")
        if re.search(r'<(div|details) class="admonition|<details\b', text):
            found.append(page_url(rel))
    return found


@pytest.mark.browser
@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_box_and_focus_ring_wears_the_brand_colours(site_dir, base_url, new_page, scheme):
    page = new_page(1280, 800, color_scheme=scheme)
    seen = 0
    boxes_pages = _pages_with_boxes(site_dir)
    assert len(boxes_pages) >= 4, boxes_pages
    for path in boxes_pages:
        page.goto(base_url + path)
        _scheme(page, scheme)
        found = page.evaluate("""() => {
            const body = getComputedStyle(document.body);
            const brand = ['--site-brand-primary', '--site-brand-accent'].map(v => {
                const probe = document.createElement('i'); probe.style.color = body.getPropertyValue(v);
                document.body.append(probe); const c = getComputedStyle(probe).color; probe.remove(); return c; });
            return [brand, [...document.querySelectorAll('.md-typeset :is(.admonition, details)')].map(box => {
                const title = box.querySelector(':scope > :is(.admonition-title, summary)');
                return [box.className, getComputedStyle(box).borderLeftColor,
                        title ? getComputedStyle(title, '::before').backgroundColor : null]; })];
        }""")
        brand_colours, boxes = found
        for name, border, icon in boxes:
            seen += 1
            assert border in brand_colours, (path, name, border, brand_colours)
            assert icon is None or icon in brand_colours, (path, name, icon, brand_colours)
    assert seen >= 5
    # The keyboard's ring on a link in the text: the accent colour.
    page.goto(base_url + "/servizi/")
    _scheme(page, scheme)
    link = page.locator("article a[href]:not(.headerlink)").first
    link.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    ring = link.evaluate("a => [getComputedStyle(a).outlineColor, getComputedStyle(a).outlineStyle]")
    accent = page.evaluate("""() => { const p = document.createElement('i');
        p.style.color = getComputedStyle(document.body).getPropertyValue('--md-accent-fg-color');
        document.body.append(p); const c = getComputedStyle(p).color; p.remove(); return c; }""")
    assert ring == [accent, "solid"], (ring, accent)
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert _contrast(_rgb(ring[0]), _rgb(background)) >= 3


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_the_hero_heading_has_a_display_size(base_url, new_page, width):
    page = new_page(width, 800)
    page.goto(base_url + POST)
    title = page.evaluate("parseFloat(getComputedStyle(document.querySelector('article h1')).fontSize)")
    body = page.evaluate("parseFloat(getComputedStyle(document.querySelector('article p')).fontSize)")
    page.goto(base_url + "/")
    hero = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.hero__title')).fontSize)")
    assert hero >= title * 1.1 and hero >= body * 1.75, (hero, title, body)


def test_the_footer_shows_a_business_name_with_her_name_beside_it_and_escapes_values():
    """The footer's template with a business name, a VAT number and values
    that look like markup: shown as text, never as markup."""
    import copy
    import dataclasses

    from support.project import ROOT
    from site_build.render import render

    project = Project.load(ROOT / "mkdocs.yml")
    config = copy.deepcopy(project.config)
    config.setdefault("copyright", None)
    changed = Project(project.root, config)
    owner = dataclasses.replace(project.settings.owner, name="Giulia <b>Bianchi</b>", business_name="Studio & Co.",
                                vat_number="IT01234567890", city="Bologna")
    changed.settings = dataclasses.replace(project.settings, owner=owner)
    html = render(changed, "partials/copyright.html", "blog/")
    footer = BeautifulSoup(html, "html.parser")
    assert footer.select_one(".site-footer__name").get_text(strip=True) == "Studio & Co."
    text = footer.get_text(" ", strip=True)
    assert "Giulia <b>Bianchi</b> ·" in text and "P. IVA IT01234567890" in text and "© Studio & Co." in text
    assert footer.find("b") is None
    links = {a.get_text(strip=True): a["href"] for a in footer.select(".site-footer__links a")}
    assert links["Servizi e prezzi"] == "../servizi/" and links["Contatti"] == "../contatti/"
    assert links["Privacy"] == "../privacy/"


def test_the_framework_pages_are_reached_from_the_comparison_and_chi_sono(site_dir):
    """Out of the tabs, Forsyth's and Tomasso's pages are linked from the
    comparison page and from Chi sono (and from the posts that cite them)."""
    for page in ("obm-o-assistente-virtuale/index.html", "chi-sono/index.html"):
        html = (site_dir / page).read_text(encoding="utf-8")
        for target in ("modelli/tina-forsyth/", "modelli/mary-tomasso/"):
            assert f'{target}"' in html, f"{page} does not link to {target}"
