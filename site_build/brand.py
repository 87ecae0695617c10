"""The brand: the owner's colours, checked, and the site's stylesheet in
every page (a pipeline step).

The owner chooses two colours in `brand` of data/titolare.yml:

    brand:
      primary: "#1f5561"   # header, buttons, links
      accent: "#b04a22"    # hover and focus, highlights

Material's palette is set to `custom` for both, so Material expects these
values as CSS variables. `colours()` checks them (a six-digit hex colour,
dark enough to carry white text and to be read as text on white: 4.5:1,
WCAG AA) and derives the shades Material uses (lighter and darker primary,
link and accent colours readable on the dark scheme's background);
`css_variables()` writes them as CSS variables.

The step `page` puts those variables and the site's own stylesheets
(`assets/stylesheets/site.css`, `share.css`) into the empty
`<style data-site-styles>` element overrides/main.html writes in every
page's head: the site adds no request before the first paint (and
site_build/unused_css.py puts Material's own rules inline too). The headers step allows that element by its hash. The files
stay in the build for reference and caching rules, but no page links them.

It also takes the place of the theme's palette stylesheet
(`palette.<hash>.min.css`, a render-blocking request of its own): of its
rules, the ones a `custom` palette can use (the dark scheme's colours) go
first into that element, in the same place in the cascade, and the link
goes. The rest of the file styles the theme's named colours (`indigo`,
`teal`, ...), which a custom palette never sets.

The social cards (site_build/cards.py) draw with the same colours.
"""


from __future__ import annotations

from functools import lru_cache

import colorsys
import re
from html import escape

from site_extensions.errors import ContentError

from . import html, theme
from .css import rewrite_rules, top_level

# The site's stylesheets, in the order they apply (paths inside docs/).
STYLESHEETS = ("assets/stylesheets/site.css", "assets/stylesheets/share.css")
# The home page's sections: added to the styles of the home page alone.
HOME_STYLESHEET = "assets/stylesheets/home.css"
SLOT = "style[data-site-styles]"
HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
WHITE = "#ffffff"
# The dark scheme's page background (Material's slate: hsl(232, 15%, 14%)).
SLATE_BG = "#1e2029"
AA = 4.5


def rgb(colour: str) -> tuple[int, int, int]:
    """'#1f5561' (or '1f5561') as (31, 85, 97)."""
    colour = colour.lstrip("#")
    return tuple(int(colour[i : i + 2], 16) for i in (0, 2, 4))


def _hex(rgb) -> str:
    return "#" + "".join(f"{max(0, min(255, round(c))):02x}" for c in rgb)


def _luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _mix(colour: str, other: str, share: float) -> str:
    """`colour` moved `share` (0-1) of the way towards `other`."""
    return _hex(c + (o - c) * share for c, o in zip(rgb(colour), rgb(other)))


def _readable_on(colour: str, background: str, target: float = 5.0) -> str:
    """The least lightened shade of `colour` (same hue and saturation) that
    reads on a dark background."""
    hue, lightness, saturation = colorsys.rgb_to_hls(*(c / 255 for c in rgb(colour)))
    for step in range(0, 101):
        light = lightness + (1 - lightness) * step / 100
        shade = _hex(c * 255 for c in colorsys.hls_to_rgb(hue, light, saturation))
        if contrast(shade, background) >= target:
            return shade
    return WHITE


def colours(brand) -> dict[str, str]:
    """The brand colours (settings.Brand, or a mapping with `primary` and
    `accent`) and their derived shades; a colour that breaks the settings'
    rule (settings.validate_primary, validate_accent) stops the build with
    its message."""
    from .settings import SETTINGS_FILE, validate_accent, validate_primary

    get = brand.get if isinstance(brand, dict) else lambda key: getattr(brand, key, "")
    found = {}
    for key, rule in (("primary", validate_primary), ("accent", validate_accent)):
        value = str(get(key) or "").strip()
        problem = rule(value)
        if problem:
            raise ContentError(f"{SETTINGS_FILE}, {problem}")
        found[key] = value.lower()
    return dict(_shades(found["primary"], found["accent"]))


@lru_cache(maxsize=16)  # every list page and card asks; the search for a readable shade is slow
def _shades(primary: str, accent: str) -> tuple[tuple[str, str], ...]:
    """The brand colours, checked, and their derived shades."""
    return tuple({
        "primary": primary,
        "primary_light": _mix(primary, WHITE, 0.15),
        "primary_dark": _mix(primary, "#000000", 0.2),
        "accent": accent,
        "primary_on_dark": _readable_on(primary, SLATE_BG),
        "accent_on_dark": _readable_on(accent, SLATE_BG),
    }.items())


def actions(c: dict[str, str]) -> dict[str, dict[str, str]]:
    """The primary action's colours (buttons such as "Scrivimi", in the page
    and in the header) in each scheme: its background, its text and its
    background on hover. Light: the accent under white text. Dark: the
    accent's shade readable on the dark page, under the page's colour as
    text. Both come from the checks in `colours()`: the background is at
    least 4.5:1 against the page (3:1 is needed, WCAG 1.4.11) and so is the
    text on it."""
    return {
        "light": {"background": c["accent"], "text": WHITE, "hover": _mix(c["accent"], "#000000", 0.2)},
        "dark": {"background": c["accent_on_dark"], "text": SLATE_BG, "hover": _mix(c["accent_on_dark"], WHITE, 0.2)},
    }


def css_variables(c: dict[str, str]) -> str:
    """The variables Material's `custom` palette leaves to the site, and
    the site's own (the brand colours, the primary action's)."""
    light, dark = actions(c)["light"], actions(c)["dark"]
    return (
        "/* Brand colours from data/titolare.yml (site_build/brand.py) */\n"
        ":root,[data-md-color-primary=custom]{"
        f"--md-primary-fg-color:{c['primary']};--md-primary-fg-color--light:{c['primary_light']};"
        f"--md-primary-fg-color--dark:{c['primary_dark']};"
        "--md-primary-bg-color:#fff;--md-primary-bg-color--light:#ffffffb3;"
        f"--site-brand-primary:{c['primary']};--site-brand-accent:{c['accent']};"
        f"--site-action-color:{light['background']};--site-action-text:{light['text']};"
        f"--site-action-hover:{light['hover']}}}\n"
        "[data-md-color-accent=custom]{"
        f"--md-accent-fg-color:{c['accent']};--md-accent-fg-color--transparent:{c['accent']}1a;"
        "--md-accent-bg-color:#fff;--md-accent-bg-color--light:#ffffffb3}\n"
        "[data-md-color-scheme=slate][data-md-color-primary=custom]{"
        f"--md-typeset-a-color:{c['primary_on_dark']};--site-brand-primary:{c['primary_on_dark']};"
        f"--site-action-color:{dark['background']};--site-action-text:{dark['text']};"
        f"--site-action-hover:{dark['hover']}}}\n"
        "[data-md-color-scheme=slate][data-md-color-accent=custom]{"
        f"--md-accent-fg-color:{c['accent_on_dark']};--md-accent-fg-color--transparent:{c['accent_on_dark']}1a;"
        f"--md-accent-bg-color:var(--md-default-bg-color);--site-brand-accent:{c['accent_on_dark']}}}\n"
    )

def initials(name: str) -> str:
    """The owner's initials for her monogram: the first letter of her first
    and of her last word ('Giulia Bianchi' -> 'GB', 'Anna' -> 'A'), upper
    case; '' for a name without letters."""
    words = [word for word in re.split(r"[\s\-]+", str(name or "")) if any(c.isalpha() for c in word)]
    letters = [next(c for c in word if c.isalpha()) for word in words]
    return "".join(letters[:1] + letters[1:][-1:]).upper()


# The slot partials/logo.html writes where no picture is configured.
MONOGRAM_SLOT = '[data-site-slot="monogram"]'


def monogram(name: str, c: dict[str, str]) -> str:
    """The owner's monogram as an inline SVG (hidden from assistive
    technology: the link around it carries her name): her initials in the
    primary colour on a white disc, with an accent stroke under them."""
    letters = escape(initials(name))
    size = 40 if len(letters) < 2 else 34
    return (
        '<svg class="site-monogram" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 96" '
        'width="32" height="32" aria-hidden="true" focusable="false">'
        '<circle cx="48" cy="48" r="48" fill="#fff"/>'
        f'<text x="48" y="55" text-anchor="middle" fill="{c["primary"]}" font-size="{size}" font-weight="700" '
        'font-family="system-ui,-apple-system,\'Segoe UI\',Roboto,sans-serif" letter-spacing="1">'
        f"{letters}</text>"
        f'<rect x="30" y="66" width="36" height="5" rx="2.5" fill="{c["accent"]}"/>'
        "</svg>"
    )


# The favicon the site ships (theme.favicon in mkdocs.yml): without a logo
# of her own, the owner's monogram takes its place in the build.
SHIPPED_FAVICON = "assets/images/favicon.svg"


def favicon(name: str, c: dict[str, str]) -> str:
    """The owner's monogram as a favicon: her initials in white on a square
    of the primary colour, the accent bar under them."""
    letters = escape(initials(name))
    size = 46 if len(letters) < 2 else 40
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 96">'
        f'<rect width="96" height="96" rx="18" fill="{c["primary"]}"/>'
        f'<text x="48" y="58" text-anchor="middle" fill="#fff" font-size="{size}" font-weight="700" '
        'font-family="system-ui,-apple-system,\'Segoe UI\',Roboto,sans-serif">'
        f"{letters}</text>"
        f'<rect x="26" y="70" width="44" height="7" rx="3.5" fill="{c["accent"]}"/>'
        "</svg>\n"
    )


def write_favicon(build) -> None:
    """Site step: the owner's monogram in place of the shipped favicon,
    unless mkdocs.yml names a logo or a favicon of her own."""
    theme = build.project.config.get("theme") or {}
    if theme.get("logo") or str(theme.get("favicon") or "") != SHIPPED_FAVICON:
        return
    target = build.site / SHIPPED_FAVICON
    if target.is_file():
        settings = build.project.settings
        target.write_text(favicon(settings.owner.name, colours(settings.brand)),
                          encoding="utf-8")


def compact(text: str) -> str:
    """A stylesheet or script without its block comments and indentation
    (it is sent with every page)."""
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def _sheet(project, sheet: str) -> str:
    """One of the site's stylesheets, without comments."""
    path = project.docs_dir / sheet
    if not path.is_file():
        raise ContentError(f"docs/{sheet} is missing (the site's stylesheet, see site_build/brand.py)")
    return compact(path.read_text(encoding="utf-8"))


def styles(project) -> str:
    """Every page's styles: the brand colours as variables, then STYLESHEETS."""
    return "\n".join([css_variables(colours(project.settings.brand)), *(_sheet(project, s) for s in STYLESHEETS)])


def home_styles(project) -> str:
    """What the home page adds to `styles`: its sections' rules."""
    return _sheet(project, HOME_STYLESHEET)


def schemes(palette) -> list[dict]:
    """The colour schemes of `theme.palette` for the templates
    (`extra.schemes`): each scheme's data-md-color-* values (`colors`,
    with Material's defaults for what an entry leaves out, as its
    base.html writes them) and its toggle (`toggle`: name and icon, or
    None). Empty when the palette is a single scheme or absent (no
    toggle)."""
    if not isinstance(palette, list):
        return []
    found = []
    for option in palette:
        def value(key: str, default: str) -> str:
            return str(option.get(key) or default).replace(" ", "-")
        found.append({"colors": {"media": str(option.get("media") or ""),
                                 "scheme": value("scheme", "default"),
                                 "primary": value("primary", "indigo"),
                                 "accent": value("accent", "indigo")},
                      "toggle": option.get("toggle") or None})
    return found


# A rule's selector names one of the theme's colours (not `custom`).
NAMED_COLOUR = re.compile(r"\[data-md-color-(?:primary|accent)=(?!custom\])[\w-]+\]")


def custom_palette_rules(css: str) -> str:
    """The rules of the theme's palette stylesheet that apply with a custom
    primary and accent colour: every rule, or selector of a rule, that names
    another colour is left out."""

    def rule(prelude: str, body: str) -> str:
        selectors = [s for s in top_level(prelude, ",") if not NAMED_COLOUR.search(s)]
        return f"{','.join(selectors)}{{{body}}}" if selectors else ""

    return rewrite_rules(re.sub(r"/\*.*?\*/", "", css, flags=re.S), rule)


def _palette(build, path_in_site: str) -> str | None:
    """The custom palette's rules from the theme's palette stylesheet, read
    once per build; None if the build has no such file."""
    path = build.site / path_in_site
    if path not in build.palettes:
        build.palettes[path] = custom_palette_rules(path.read_text(encoding="utf-8")) if path.is_file() else None
    return build.palettes[path]


def page(build, output, page: html.Page) -> None:
    """The site's styles in the page's empty style element, with the custom
    palette's rules in place of the palette stylesheet's link; the owner's
    monogram in the logo's slots (partials/logo.html)."""
    for slot in page.select(MONOGRAM_SLOT):
        html.replace(slot, build.monogram)
    slot = page.first(SLOT)
    if slot is None:
        return
    styles = build.styles + ("\n" + build.home_styles if output.kind == "home" else "")
    # The theme's palette stylesheet, as the page links it (its path in the
    # site: every page, the 404 page too, links the same file).
    for link in page.select(theme.STYLESHEET_LINK.css):
        found = theme.PALETTE_CSS.regex.search(link.attributes.get("href") or "")
        if found:
            rules = _palette(build, found.group(0).lstrip("/"))
            if rules is not None:
                html.remove(link, spaces_before=True)
                styles = f"{rules}\n{styles}"
            break
    del slot.attrs["data-site-styles"]
    html.set_text(slot, styles)
