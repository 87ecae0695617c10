"""Share buttons at the end of every post: plain links to LinkedIn, Facebook,
WhatsApp, X and e-mail with the post's encoded address and title, each with
an Italian accessible name, no third-party script; and "Copia link", which
copies the address with JavaScript and says so."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from support.sharing import pages, published_posts, soup

NETWORKS = {
    # name: (host or scheme, parameter with the URL, parameter with the title)
    "LinkedIn": ("www.linkedin.com", "url", None),
    "Facebook": ("www.facebook.com", "u", None),
    "WhatsApp": ("wa.me", "text", "text"),
    "X": ("x.com", "url", "text"),
    "E-mail": ("mailto", "body", "subject"),
}


def share_links(doc):
    section = doc.find("section", class_="share")
    assert section is not None, "no share section"
    return section, {a.get_text(strip=True): a for a in section.find_all("a", class_="share__link")}


@pytest.mark.parametrize("post", published_posts(), ids=lambda p: p["path"].stem)
def test_share_links_carry_the_post_url_and_title(site_dir, post):
    section, links = share_links(soup(site_dir, post["file"]))
    assert set(NETWORKS) <= set(links), f"missing: {set(NETWORKS) - set(links)}"
    for name, (where, url_param, title_param) in NETWORKS.items():
        href = links[name]["href"]
        parts = urlsplit(href)
        assert (parts.scheme if where == "mailto" else parts.netloc) == where, href
        assert parts.scheme in ("https", "mailto"), href
        query = parse_qs(parts.query, strict_parsing=True)
        assert post["url"] in query[url_param][0], f"{name}: the URL is not in {href}"
        if title_param:
            assert post["title"] in query[title_param][0], f"{name}: the title is not in {href}"
        # Encoded: nothing in the query that a URL must escape.
        assert " " not in href and "://" not in parts.query, f"{name}: not encoded: {href}"
        label = links[name].get("aria-label", "")
        assert label and name.lower() in label.lower(), f"{name}: accessible name {label!r}"
        assert links[name].find("svg") is None or links[name].find("svg").find_parent(attrs={"aria-hidden": "true"})

    button = section.find("button", class_="share__copy")
    assert button is not None and button.get_text(strip=True) == "Copia link"
    assert button["data-share-url"] == post["url"]
    assert button.get("type") == "button"


def test_no_third_party_script(site_dir):
    for page in pages(site_dir):
        for script in soup(site_dir, page).find_all("script", src=True):
            assert "://" not in script["src"], f"{page}: external script {script['src']}"


def test_share_buttons_only_on_posts(site_dir):
    posts = {post["file"] for post in published_posts()}
    for page in pages(site_dir):
        has = soup(site_dir, page).find("section", class_="share") is not None
        assert has == (page in posts), page


@pytest.mark.browser
def test_copy_link_copies_the_address(base_url, new_page):
    post = published_posts()[0]
    external = []
    page = new_page(permissions=["clipboard-read", "clipboard-write"])
    page.on("request", lambda r: external.append(r.url) if not r.url.startswith(("http://127.0.0.1", "data:")) else None)
    page.goto(f"{base_url}/{post['file'].removesuffix('index.html')}")
    button = page.get_by_role("button", name="Copia link")
    assert button.is_visible(), "'Copia link' is hidden though JavaScript runs"
    button.click()
    status = page.locator(".share__status")
    status.wait_for(state="attached")
    page.wait_for_function("() => document.querySelector('.share__status').textContent.length > 0")
    assert "copiato" in status.inner_text().lower()
    assert page.evaluate("navigator.clipboard.readText()") == post["url"]
    assert external == [], f"requests outside the site: {external}"
    # Keyboard focus on the share links is visible.
    button.focus()
    page.keyboard.press("Shift+Tab")
    focused = page.evaluate(
        "(() => { const e = document.activeElement, s = getComputedStyle(e);"
        " return [e.textContent.trim(), s.outlineStyle, parseFloat(s.outlineWidth)]; })()")
    assert focused[0] == "E-mail" and focused[1] != "none" and focused[2] > 0, focused


@pytest.mark.browser
def test_copy_link_is_hidden_without_javascript(base_url, new_page):
    post = published_posts()[0]
    page = new_page(java_script_enabled=False)
    page.goto(f"{base_url}/{post['file'].removesuffix('index.html')}")
    assert not page.locator(".share__copy").is_visible()
    assert page.get_by_role("link", name="Condividi su LinkedIn").is_visible()
