"""A service site a prospect trusts at first glance, pinned in Chromium at
360x800 and 1280x800: who, what and the next step in the home page's first
viewport; the contact action in the header at every width; no
documentation chrome on marketing pages; a post's meta above its first
paragraph; the owner's identity in the footer of every page type; the
brand colours from the configuration; no render-blocking stylesheet of the
site's own; social cards that differ by page type."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urljoin

import pytest
import yaml
from bs4 import BeautifulSoup

from support.pages import page_url
from support.project import OWNER_ENV, ROOT, build, built, copy_project
from site_extensions.datafile import typographic
from support.page_types import pages_by_kind

WIDTHS = [360, 1280]
MARKETING = ["/", "/chi-sono/", "/contatti/", "/di-chi-hai-bisogno/", "/faq/"]
POST = "/blog/errori-di-delega/"


class _Loader(yaml.SafeLoader):
    pass


# mkdocs.yml's `!ENV [NAME, default]`: the default, as a build without the
# variable uses it.
_Loader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


@pytest.fixture(scope="module")
def extra():
    """mkdocs.yml's `extra`, with the owner's settings (data/titolare.yml)
    under the names the templates once read."""
    from site_build.project import Project

    values = Project.load(ROOT / "mkdocs.yml").settings.template_values()
    return {**yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), _Loader)["extra"], **values}


def in_viewport(page, locator, height=800) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height and box["width"] > 0


# --- home ---------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_home_says_who_what_and_what_next_in_the_first_viewport(base_url, new_page, extra, width):
    page = new_page(width, 800)
    page.goto(base_url + "/")
    owner = extra["owner"]
    hero = page.locator(".hero")
    photo = hero.locator("img.hero__photo")
    assert in_viewport(page, photo), "the owner's photo is not in the first viewport"
    assert photo.evaluate("img => img.complete && img.naturalWidth > 0"), "the owner's photo did not load"
    who = hero.locator(".hero__who")
    assert in_viewport(page, who)
    assert owner["name"] in who.inner_text() and owner["city"] in who.inner_text()
    title = page.locator("h1")
    assert title.count() == 1 and in_viewport(page, title)
    assert "Online Business Manager" in title.inner_text()
    primary = hero.locator("a.md-button--primary")
    secondary = hero.locator("a.md-button:not(.md-button--primary)")
    assert primary.count() == 1 and secondary.count() == 1
    assert primary.get_attribute("href").rstrip("/").endswith("contatti")
    assert secondary.get_attribute("href").rstrip("/").endswith("di-chi-hai-bisogno")
    assert in_viewport(page, primary) and in_viewport(page, secondary)
    a, b = primary.bounding_box(), secondary.bounding_box()
    apart = b["x"] >= a["x"] + a["width"] + 4 or b["y"] >= a["y"] + a["height"] + 4
    assert apart, f"the two actions touch: {a} {b}"


def test_home_lists_the_newest_posts_as_the_blog_does(site_dir):
    home = BeautifulSoup((site_dir / "index.html").read_text(encoding="utf-8"), "html5lib")
    blog = BeautifulSoup((site_dir / "blog/index.html").read_text(encoding="utf-8"), "html5lib")
    on_home = [a.get_text(strip=True) for a in home.select(".home-posts__link")]
    on_blog = [h.get_text(strip=True) for h in blog.select("article.md-post h2")][: len(on_home)]
    assert len(on_home) == 3 and on_home == on_blog


def test_home_shows_no_full_role_table(site_dir):
    home = BeautifulSoup((site_dir / "index.html").read_text(encoding="utf-8"), "html5lib")
    full = BeautifulSoup((site_dir / "obm-o-assistente-virtuale/index.html").read_text(encoding="utf-8"), "html5lib")
    on_home = len(home.select("article table tbody tr"))
    on_comparison = len(full.select(".role-table tbody tr"))
    assert 0 < on_home < on_comparison, f"{on_home} rows on the home page, {on_comparison} in the comparison"
    assert not home.select("article .role-table__source"), "the home's contrast has a column of sources"
    assert home.find("a", href=re.compile(r"obm-o-assistente-virtuale/?$")), "no link to the full comparison"


# The home page's height at 360x800 before it became a landing page of
# compact sections (measured in Chromium on the site as shipped): 5,831 px.
HOME_HEIGHT_BEFORE = 5831


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_home_is_at_most_half_as_tall_as_before_on_a_phone(base_url, new_page, scheme):
    page = new_page(360, 800, color_scheme=scheme)
    page.goto(base_url + "/")
    page.wait_for_load_state("load")
    height = page.evaluate("document.documentElement.scrollHeight")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert height <= HOME_HEIGHT_BEFORE / 2, f"the home page is {height} px tall at 360x800"
    assert width <= 360, f"the home page scrolls sideways: {width} px wide"


def test_home_sections_come_in_a_landing_page_order(site_dir):
    """Hero, services (cards with their price from the data), the steps of
    data/process.yml, the short contrast with the self-assessment's call,
    the newest posts, one closing action."""
    from site_extensions.process import load_process
    from site_extensions.services import load_services

    home = BeautifulSoup((site_dir / "index.html").read_text(encoding="utf-8"), "html5lib")
    article = home.select_one("article")
    order = [".hero", ".services--cards", "ol.process", ".role-contrast", "p.home-test a[href$='di-chi-hai-bisogno/']",
             ".home-posts", ".home-closing"]
    found = [article.select_one(selector) for selector in order]
    assert all(found), [s for s, f in zip(order, found) if f is None]
    # Document order by identity: two elements may read the same (the hero's
    # and the contrast's "Fai il test").
    document = list(article.descendants)
    positions = [next(i for i, node in enumerate(document) if node is element) for element in found]
    assert positions == sorted(positions), "the home page's sections are out of order"
    services = load_services(str(ROOT / "data/services.yml")).services
    prices = [p.get_text(" ", strip=True) for p in article.select(".service-card__amount")]
    assert prices == [typographic(s.price) for s in services]
    steps = [li.select_one(".process__title").get_text(strip=True) for li in article.select("ol.process > li")]
    assert steps == [step.title for step in load_process(str(ROOT / "data/process.yml"))] and len(steps) == 3
    assert len(article.select(".home-closing a.md-button")) == 1


def test_home_shows_no_proof_while_there_is_none(site_dir):
    """As shipped: no testimonial, and the only case is a placeholder, so
    neither section shows (and no empty heading stands for them)."""
    home = BeautifulSoup((site_dir / "index.html").read_text(encoding="utf-8"), "html5lib")
    assert not home.select(".testimonials, .home-cases")
    assert "data-site-slot" not in str(home.select_one("article"))
    assert "esempio-di-caso" not in str(home.select_one("article"))


@pytest.mark.build
def test_home_shows_cases_and_testimonials_once_they_are_real(tmp_path):
    """A real case (no `segnaposto`) and a testimonial appear on the home
    page and the testimonial on Servizi; the placeholder case and a
    testimonial still holding a placeholder never do."""
    project = copy_project(tmp_path / "project")
    case = project / "docs/casi/studio-di-grafica.md"
    case.write_text("---\ntitle: Uno studio di grafica riorganizzato\ndescription: Il caso di prova 8812.\n"
                    "---\n# Uno studio di grafica riorganizzato\n\nTesto del caso.\n", encoding="utf-8")
    (project / "data/testimonianze.yml").write_text(
        "testimonials:\n"
        "  - quote: \"Parole di prova 7731.\"\n    name: Anna B.\n    business: studio di grafica\n"
        "    city: Parma\n    consent_date: 2026-01-31\n"
        "  - quote: \"DA DEFINIRE\"\n    name: Nome 7732\n    business: attività\n    city: Città\n",
        encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "not_in_nav: |\n", "not_in_nav: |\n  /casi/studio-di-grafica.md\n"), encoding="utf-8")
    built(build(project, tmp_path / "site"))
    home = BeautifulSoup((tmp_path / "site/index.html").read_text(encoding="utf-8"), "html5lib")
    cases = home.select(".home-cases a.home-cases__link")
    assert [a.get_text(strip=True) for a in cases] == ["Uno studio di grafica riorganizzato"]
    assert cases[0]["href"].rstrip("/").endswith("casi/studio-di-grafica")
    for page in ("index.html", "servizi/index.html"):
        doc = BeautifulSoup((tmp_path / "site" / page).read_text(encoding="utf-8"), "html5lib")
        quotes = doc.select(".testimonials .testimonial")
        assert len(quotes) == 1, page
        assert "Parole di prova 7731." in quotes[0].get_text() and "Anna B." in quotes[0].get_text()
        assert "Parma" in quotes[0].get_text() and "7732" not in doc.get_text()


# --- header, chrome -----------------------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", ["/", POST, "/faq/", "/blog/", "/modelli/tina-forsyth/"])
def test_header_contact_action_is_visible_without_the_drawer(base_url, new_page, width, path):
    page = new_page(width, 800)
    page.goto(base_url + path)
    action = page.locator(".md-header .site-header-action")
    assert action.count() == 1 and action.is_visible()
    assert in_viewport(page, action, 48 * 2)
    assert page.evaluate("document.getElementById('__drawer').checked") is False
    action.click()
    page.wait_for_url(re.compile(r"/contatti/$"))


@pytest.mark.browser
@pytest.mark.parametrize("path", MARKETING)
def test_marketing_pages_have_no_documentation_chrome(base_url, new_page, path):
    page = new_page(1280, 800)
    page.goto(base_url + path)
    assert not page.locator(".md-sidebar--primary").is_visible(), "navigation sidebar shown"
    assert not page.locator(".md-sidebar--secondary").is_visible(), "table of contents shown"
    shown = page.evaluate("[...document.querySelectorAll('.md-footer__link')].filter(a => a.offsetParent).length")
    assert shown == 0, "previous/next links shown"


@pytest.mark.browser
def test_articles_keep_their_table_of_contents(base_url, new_page):
    page = new_page(1280, 800)
    page.goto(base_url + POST)
    assert page.locator(".md-sidebar--secondary .md-nav__link").first.is_visible()


# --- posts --------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_post_meta_is_under_the_title_above_the_first_paragraph(base_url, new_page, extra, width):
    page = new_page(width, 800)
    page.goto(base_url + POST)
    article = page.locator("article.md-content__inner")
    title = article.locator("h1")
    meta = article.locator(".post-meta")
    first_paragraph = article.locator(":scope > p").first
    assert meta.is_visible() and in_viewport(page, meta)
    text = meta.inner_text()
    assert extra["owner"]["name"] in text
    assert re.search(r"\d+ (minuti|minuto) di lettura", text), text
    assert re.search(r"\d{1,2} \w+ 20\d\d", text), text
    t, m, p = (x.bounding_box()["y"] for x in (title, meta, first_paragraph))
    assert t < m < p


def test_post_has_one_rss_link_and_related_posts_before_the_reply_form(site_dir):
    doc = BeautifulSoup((site_dir / "blog/errori-di-delega/index.html").read_text(encoding="utf-8"), "html5lib")
    feeds = [a for a in doc.find_all("a") if "feed_rss" in (a.get("href") or "")]
    assert len(feeds) == 1, [str(a) for a in feeds]
    related = doc.select_one(".related-posts")
    form = doc.select_one("form[data-contact-form]")
    assert related is not None and form is not None
    links = related.select("li a")
    assert links and all("errori-di-delega" not in a["href"] for a in links)
    html = str(doc)
    assert html.index('class="related-posts"') < html.index("data-contact-form")


# --- footer -------------------------------------------------------------------

def one_page_per_kind(site_dir):
    return {kind: pages[0] for kind, pages in pages_by_kind(site_dir).items() if pages and kind != "altre"}


def test_footer_carries_the_identity_on_every_page_type(site_dir, extra):
    owner = extra["owner"]
    problems = []
    for kind, rel in one_page_per_kind(site_dir).items():
        doc = BeautifulSoup((site_dir / rel).read_text(encoding="utf-8"), "html5lib")
        footer = doc.select_one("footer.md-footer")
        text = footer.get_text(" ", strip=True) if footer else ""
        for value in (owner["name"], owner["role"], owner["city"], owner["email"]):
            if value not in text:
                problems.append(f"{kind} ({rel}): no {value!r} in the footer")
        hrefs = [a.get("href", "") for a in (footer.find_all("a") if footer else [])]
        if f"mailto:{owner['email']}" not in hrefs:
            problems.append(f"{kind}: no mailto link")
        if not any(urljoin(page_url(rel), h) == "/privacy/" for h in hrefs):
            problems.append(f"{kind}: no privacy link")
        if not any("feed_rss" in h for h in hrefs):
            problems.append(f"{kind}: no RSS link")
        if not any("linkedin.com" in h for h in hrefs):
            problems.append(f"{kind}: no social link")
    assert not problems, "\n".join(problems)


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_footer_identity_is_visible(base_url, new_page, extra, width):
    page = new_page(width, 800)
    page.goto(base_url + "/chi-sono/")
    footer = page.locator(".site-footer")
    footer.scroll_into_view_if_needed()
    assert footer.is_visible()
    assert page.locator(f".site-footer a[href='mailto:{extra['owner']['email']}']").is_visible()


@pytest.mark.build
def test_vat_number_shows_when_set(owner_site):
    footer = BeautifulSoup((owner_site / "faq/index.html").read_text(encoding="utf-8"), "html5lib")
    assert f"P. IVA {OWNER_ENV['OWNER_VAT_NUMBER']}" in footer.select_one(".site-footer").get_text(" ", strip=True)


# --- brand, styles, photo -----------------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_header_wears_the_configured_brand_colour(base_url, new_page, extra, scheme):
    page = new_page(1280, 800, color_scheme=scheme)
    page.goto(base_url + "/")
    colour = page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor")
    r, g, b = (int(extra["brand"]["primary"][i:i + 2], 16) for i in (1, 3, 5))
    assert colour == f"rgb({r}, {g}, {b})"
    weight = page.evaluate("getComputedStyle(document.querySelector('h1')).fontWeight")
    assert int(weight) >= 700


@pytest.mark.build
def test_a_too_light_brand_colour_stops_the_build_with_a_clear_message(tmp_path):
    project = copy_project(tmp_path / "project")
    settings = (project / "data" / "titolare.yml").read_text(encoding="utf-8")
    (project / "data" / "titolare.yml").write_text(
        re.sub(r'(\n  primary: )"#[0-9a-fA-F]{6}"', r'\1"#ffd54f"', settings, count=1), encoding="utf-8")
    result = build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "campo brand.primary: #ffd54f è troppo chiaro" in result.stderr
    assert "Traceback" not in result.stderr


def test_no_page_links_a_stylesheet(site_dir):
    """No stylesheet is a request of its own before the first paint:
    Material's rules (site_build/unused_css.py), then the site's own (and
    the palette's, site_build/brand.py), are inline."""
    problems = []
    for rel in [p for pages in pages_by_kind(site_dir).values() for p in pages]:
        doc = BeautifulSoup((site_dir / rel).read_text(encoding="utf-8"), "html5lib")
        sheets = [link["href"] for link in doc.select("link[rel~=stylesheet]")]
        if sheets:
            problems.append(f"{rel}: links {sheets}")
        styles = [style.string or "" for style in doc.select("head style")]
        if not any(".md-header{" in style for style in styles[:1]):
            problems.append(f"{rel}: Material's rules are not the first inline style")
        if not any(".hero" in style for style in styles[1:]):
            problems.append(f"{rel}: the site's rules are not inline after Material's")
    assert not problems, "\n".join(problems)


@pytest.mark.build
def test_owner_photo_comes_from_the_configuration(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "docs/assets/images/ritratto.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><rect width="4" height="4"/></svg>', encoding="utf-8")
    result = build(project, tmp_path / "site", env={"OWNER_PHOTO": "assets/images/ritratto.svg"})
    assert result.returncode == 0, result.stderr
    home = BeautifulSoup((tmp_path / "site/index.html").read_text(encoding="utf-8"), "html5lib")
    assert home.select_one(".hero__photo")["src"] == "assets/images/ritratto.svg"


def _stand_in_avatar() -> str:
    """The picture docs/blog/.authors.yml gives the owner's entry."""
    author_id = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), _Loader)["extra"]["author_id"]
    authors = yaml.safe_load((ROOT / "docs/blog/.authors.yml").read_text(encoding="utf-8"))["authors"]
    return authors[author_id]["avatar"]


@pytest.mark.build
def test_the_owners_photo_is_her_blog_picture_on_every_page(owner_site):
    """The authors file's picture for the owner is a stand-in: every page
    (author line, post sidebar, blog lists) shows her photo instead, as a
    small WebP copy of the raster photo, not the 400-pixel original."""
    from PIL import Image

    stand_in = _stand_in_avatar()
    shown, problems = 0, []
    for page in owner_site.rglob("*.html"):
        doc = BeautifulSoup(page.read_text(encoding="utf-8"), "html5lib")
        for img in doc.select(".md-author img, .post-meta__author img"):
            shown += 1
            target = (page.parent / img["src"]).resolve()
            if not img["src"].endswith("assets/images/ritratto-96.webp") or not target.is_file():
                problems.append(f"{page.relative_to(owner_site)}: {img}")
        if stand_in in page.read_text(encoding="utf-8"):
            problems.append(f"{page.relative_to(owner_site)}: still names {stand_in}")
    assert not problems, "\n".join(problems[:10])
    assert shown > 10, "the posts and the blog's lists show the author's picture"
    with Image.open(owner_site / "assets/images/ritratto-96.webp") as small:
        assert (small.format, small.size) == ("WEBP", (96, 96))
        assert small.convert("RGB").getpixel((48, 48))[0] > 200, "the copy is the owner's (red) photo"


@pytest.mark.build
def test_the_owners_photo_has_a_copy_for_each_size_it_is_shown_at(owner_site):
    """The home shows the photo at 168 CSS pixels, the about page at 120:
    each gets a WebP copy twice as wide, whichever page was built last."""
    from PIL import Image

    for rel, selector, width in (("index.html", ".hero__photo", 336), ("chi-sono/index.html", ".profile__photo", 240)):
        doc = BeautifulSoup((owner_site / rel).read_text(encoding="utf-8"), "html5lib")
        source = doc.select_one(selector).find_parent("picture").find("source")
        with Image.open((owner_site / rel).parent / source["srcset"]) as copy:
            assert copy.size == (width, width), f"{rel}: {source['srcset']} is {copy.size}"


def test_the_blog_shows_no_picture_of_the_owner_until_she_sets_hers(site_dir, extra):
    """The shipped placeholder photo is no picture of her: the blog shows
    none (tests/test_blog_and_faq.py checks every list and post)."""
    post = BeautifulSoup((site_dir / "blog/errori-di-delega/index.html").read_text(encoding="utf-8"), "html5lib")
    assert post.select_one(".post-meta__author") is not None
    pictures = [img["src"] for img in post.select(".md-author img, .post-meta__author img")]
    assert pictures == [], pictures


def test_placeholder_photo_is_marked_as_such(extra):
    assert "segnaposto" in extra["owner"]["photo"]
    assert (ROOT / "docs" / extra["owner"]["photo"]).is_file()


# --- social cards -------------------------------------------------------------

def test_social_cards_differ_by_page_type(site_dir):
    from PIL import Image

    def ground(path):
        with Image.open(site_dir / "assets/images/social" / path) as card:
            return card.convert("RGB").getpixel((600, 120))

    def distance(a, b):
        return max(abs(x - y) for x, y in zip(a, b))

    post, test, page = ground("blog/errori-di-delega.png"), ground("di-chi-hai-bisogno.png"), ground("faq.png")
    # Cards are saved with a 64-colour palette, which may round the ground by a unit or two.
    assert distance(post, page) <= 3, "posts and pages share the brand ground"
    assert distance(test, page) > 20, "the self-assessment card stands apart"
    digests = {hashlib.sha256((site_dir / "assets/images/social" / p).read_bytes()).hexdigest()
               for p in ("blog/errori-di-delega.png", "faq.png")}
    assert len(digests) == 2


def test_every_kind_page_is_reachable(site_dir):
    """Precondition of the footer test: each kind has a page to check."""
    kinds = one_page_per_kind(site_dir)
    assert {"home", "articolo", "faq", "contatti", "blog", "404"} <= set(kinds)
    assert all(page_url(rel) for rel in kinds.values())


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_post_title_is_as_tall_as_its_text(base_url, new_page, width):
    """The title's hidden permalink must not wrap onto a line of its own."""
    page = new_page(width, 800)
    page.goto(base_url + POST)
    text, box = page.evaluate("""() => {
        const h = document.querySelector('article h1');
        const range = document.createRange();
        range.selectNodeContents(h.firstChild);
        return [range.getBoundingClientRect().height, h.getBoundingClientRect().height];
    }""")
    assert box <= text + 4, f"title box {box}px for {text}px of text"


@pytest.mark.build
def test_social_cards_carry_a_raster_owner_photo(owner_site):
    """OWNER_PHOTO names a red square in owner_site."""
    from PIL import Image

    with Image.open(owner_site / "assets/images/social/faq.png") as card:
        rgb = card.convert("RGB")
        # The portrait sits in the bottom band, left of the owner's name.
        red = sum(1 for x in range(96, 196) for y in range(505, 605)
                  if (lambda p: p[0] > 200 and p[1] < 60 and p[2] < 60)(rgb.getpixel((x, y))))
    assert red > 4000, f"{red} red pixels where the owner's photo should be"


def test_the_home_sections_styles_weigh_on_the_home_alone(site_dir):
    """docs/assets/stylesheets/home.css is inlined in the home page and in
    no other page (site_build/brand.py), so the other pages' first visit
    does not carry the home's sections."""
    marker = ".home-section"
    assert marker in (ROOT / "docs/assets/stylesheets/home.css").read_text(encoding="utf-8")
    assert marker not in (ROOT / "docs/assets/stylesheets/site.css").read_text(encoding="utf-8")
    assert marker in (site_dir / "index.html").read_text(encoding="utf-8")
    others = [p for p in site_dir.rglob("*.html") if p != site_dir / "index.html"]
    assert others and not [p for p in others if marker in p.read_text(encoding="utf-8")]
