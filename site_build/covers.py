"""Page step: a cover for every post in the blog's lists (the blog's home,
its categories, tags and archive pages).

A post that names its own picture in front matter (`image:`, the picture
its link-preview card is cut from, site_build/cards.py) shows that card:
a small WebP copy, loaded lazily. Any other post shows its card's art as
an inline drawing: the same composition cards.py draws (the brand's
ground, the accent stripe, the title in bold, "Articolo" on the darker
band), written into the page as SVG. A drawing weighs a few hundred bytes
and needs no request, so a list of posts keeps the first-visit byte
budgets of tests/test_speed.py, which one picture per post would not.

The card's art is decoration next to the post's own linked title: hidden
from assistive technology (the title says the same); a picture of the
post's own keeps its alt text (`image_alt`).
"""

from __future__ import annotations

import posixpath
from functools import lru_cache
from html import escape
from pathlib import Path

from . import html, theme
from .brand import colours
from .cards import FONT_BOLD, FONT_DIR, HEIGHT, WIDTH, wrap
from .outputs import Output

# The cover's width in a list on a wide screen, in CSS pixels (site.css,
# .post-cover), and the copies a named picture gets: that width and twice it.
COVER_WIDTH = 240
LABEL = "Articolo"


@lru_cache(maxsize=8)
def _font(size: int):
    """The cards' bold face at `size` (its metrics wrap the title)."""
    from PIL import ImageFont

    return ImageFont.truetype(str(Path(FONT_DIR) / FONT_BOLD), size, layout_engine=ImageFont.Layout.BASIC)


@lru_cache(maxsize=4096)  # a post is in several lists (the blog's pages, its category, the archive)
def _lines(title: str) -> tuple[tuple[str, ...], int]:
    """The title in at most three lines, as large as fits: the lines and the
    font size (the card's rule, with room left for a wider system font)."""
    width = (WIDTH - 96 - 88) * 0.9
    for size in (74, 66, 58, 52, 46, 40):
        lines = wrap(title, _font(size), width)
        if len(lines) <= 3:
            return tuple(lines), size
    lines = lines[:3]
    lines[-1] = lines[-1].rstrip(" .,;:") + "…"
    return tuple(lines), 40


def drawing(title: str, brand: dict[str, str]) -> str:
    """The card's art as inline SVG: ground, stripe, title, band, label."""
    lines, size = _lines(title)
    band = HEIGHT - 150
    step = round(size * 1.2)
    top = 130 + (band - 24 - 130 - len(lines) * step) // 2 + size
    text = "".join(f'<tspan x="96" y="{top + i * step}">{escape(line, quote=False)}</tspan>'
                   for i, line in enumerate(lines))
    font = 'font-family="DejaVu Sans, Verdana, Arial, sans-serif" font-weight="700"'
    return (
        f'<svg class="post-cover__art" viewBox="0 0 {WIDTH} {HEIGHT}" aria-hidden="true" focusable="false">'
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="{brand["primary"]}"/>'
        f'<rect width="24" height="{HEIGHT}" fill="{brand["accent"]}"/>'
        f'<rect x="24" y="{band}" width="{WIDTH - 24}" height="150" fill="{brand["primary_dark"]}"/>'
        f'<text {font} font-size="{size}" fill="#fff">{text}</text>'
        f'<rect x="96" y="{band + 49}" width="200" height="52" rx="26" fill="#fff"/>'
        f'<text {font} font-size="30" x="196" y="{band + 86}" text-anchor="middle" '
        f'fill="{brand["primary_dark"]}">{LABEL}</text>'
        "</svg>"
    )


def picture(build, post: Output, base: str) -> str | None:
    """The post's own picture (its card, cut from the picture its front
    matter names) as a lazy WebP copy, or None when it names none."""
    if not post.meta.get("image"):
        return None
    card = post.card
    source = build.site / card
    # The cards step draws it after the page steps (pipeline.FIRST_STEPS);
    # a preview draws none, and shows only a card an earlier build left.
    if build.preview and not source.is_file():
        return None
    stem = posixpath.splitext(card)[0]
    copies = []
    for width in (COVER_WIDTH, COVER_WIDTH * 2):
        build.webp[f"{stem}-{width}.webp"] = (source, width)
        copies.append(f"{base}{stem}-{width}.webp {width}w")
    height = round(COVER_WIDTH * HEIGHT / WIDTH)
    alt = escape(str(post.meta.get("image_alt") or ""))
    return (f'<picture><source type="image/webp" srcset="{", ".join(copies)}" '
            f'sizes="(min-width: 45em) {COVER_WIDTH}px, 100vw">'
            f'<img class="post-cover__art" src="{base}{card}" alt="{alt}" width="{COVER_WIDTH}" height="{height}" '
            f'loading="lazy" decoding="async"></picture>')


def _link(excerpt: html.Node) -> str | None:
    """The excerpt's link to its post: its title's (Material links the h2)
    or its "continue reading" link."""
    for selector in (theme.EXCERPT_TITLE_LINK, theme.POST_ACTION_LINK):
        found = excerpt.css_first(theme.inside(selector, theme.EXCERPT))
        if found is not None:
            return found.attributes.get("href")
    return None


def page(build, output: Output, page: html.Page) -> None:
    """Every excerpt of a list of posts opens with its post's cover."""
    if output.is_post:
        return
    excerpts = page.select(theme.EXCERPT.css)
    if not excerpts:
        return
    brand = colours(build.project.settings.brand)
    here = posixpath.dirname(output.url.rstrip("/") + "/index.html")
    base = posixpath.relpath(".", here) + "/" if here else ""
    base = "" if base == "./" else base
    for excerpt in excerpts:
        href = _link(excerpt)
        target = posixpath.normpath(posixpath.join(here, href)) + "/" if href else None
        post = build.by_url.get(target.lstrip("./")) if target else None
        if post is None:
            continue
        art = picture(build, post, base) or drawing(post.title, brand)
        html.prepend(excerpt, f'<div class="post-cover">{art}</div>')
