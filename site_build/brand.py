"""The brand colours: the owner's two colours (`extra.brand` in mkdocs.yml)
checked, and the shades derived from them.

    extra:
      brand:
        primary: "#1f5561"   # header, buttons, links (under white text)
        accent: "#b04a22"    # hover and focus, highlights

`colours(brand)` is the one place that checks them (a six-digit hex
colour, dark enough to carry white text and to be read as text on white:
4.5:1, WCAG AA) and derives the lighter and darker primary, and link and
accent colours readable on the dark scheme's background. The stylesheet
(hooks/brand.py) and the link-preview cards (cards.py) both read them from
here, whatever the generator.
"""

from __future__ import annotations

import colorsys
import re

from site_extensions.errors import ContentError

HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
WHITE = "#ffffff"
# The dark scheme's page background (Material's slate: hsl(232, 15%, 14%)).
SLATE_BG = "#1e2029"
AA = 4.5


def rgb(colour: str) -> tuple[int, int, int]:
    """'#1f5561' (or '1f5561') as (31, 85, 97)."""
    colour = colour.lstrip("#")
    return tuple(int(colour[i : i + 2], 16) for i in (0, 2, 4))


def _hex(values) -> str:
    return "#" + "".join(f"{max(0, min(255, round(c))):02x}" for c in values)


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
    """The checked brand colours and their derived shades; a clear error
    naming mkdocs.yml for a missing, malformed or too light colour."""
    if not isinstance(brand, dict):
        raise ContentError("mkdocs.yml: extra.brand is missing; set extra.brand.primary and extra.brand.accent")
    found = {}
    for key, use in (("primary", "the header and buttons, under white text"),
                     ("accent", "links on hover and highlights, on white")):
        value = str(brand.get(key) or "").strip()
        if not HEX.match(value):
            raise ContentError(
                f"mkdocs.yml: extra.brand.{key} is {value!r}; write a colour as #rrggbb, e.g. \"#1f5561\"")
        value = value.lower()
        ratio = contrast(value, WHITE)
        if ratio < AA:
            raise ContentError(
                f"mkdocs.yml: extra.brand.{key} {value} is too light for {use} "
                f"(contrast {ratio:.1f}:1 with white, at least {AA}:1 is needed); choose a darker colour")
        found[key] = value
    primary, accent = found["primary"], found["accent"]
    return {
        "primary": primary,
        "primary_light": _mix(primary, WHITE, 0.15),
        "primary_dark": _mix(primary, "#000000", 0.2),
        "accent": accent,
        "primary_on_dark": _readable_on(primary, SLATE_BG),
        "accent_on_dark": _readable_on(accent, SLATE_BG),
    }
