"""The brand: the owner's colours, and the site's stylesheet in every page.

The owner chooses two colours in `extra.brand` of mkdocs.yml:

    extra:
      brand:
        primary: "#1f5561"   # header, buttons, links
        accent: "#b04a22"    # hover and focus, highlights

Material's palette is set to `custom` for both, so Material expects these
values as CSS variables. This hook has them checked and their shades
derived (lighter and darker primary, link and accent colours readable on
the dark scheme's background: site_build/brand.py), and writes them as CSS
variables.

Those variables and the site's own stylesheets (`assets/stylesheets/
site.css`, `share.css`) go into one `<style>` element in every page's head
(overrides/main.html renders `site_styles`): the site adds no
render-blocking request to Material's own two stylesheets. The security
headers hook allows that element by its hash. The files stay in the build
for reference and caching rules, but no page links them.

The link-preview cards (site_build/cards.py) draw with the same colours,
from the same functions.
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from site_build.brand import colours  # the colours checked and their shades: one definition

# The site's stylesheets, in the order they apply (paths inside docs/).
STYLESHEETS = ("assets/stylesheets/site.css", "assets/stylesheets/share.css")


def css_variables(c: dict[str, str]) -> str:
    """The variables Material's `custom` palette leaves to the site."""
    return (
        "/* Brand colours from extra.brand in mkdocs.yml (hooks/brand.py) */\n"
        ":root,[data-md-color-primary=custom]{"
        f"--md-primary-fg-color:{c['primary']};--md-primary-fg-color--light:{c['primary_light']};"
        f"--md-primary-fg-color--dark:{c['primary_dark']};"
        "--md-primary-bg-color:#fff;--md-primary-bg-color--light:#ffffffb3;"
        f"--site-brand-primary:{c['primary']};--site-brand-accent:{c['accent']};"
        f"--site-action-color:{c['accent']}}}\n"
        "[data-md-color-accent=custom]{"
        f"--md-accent-fg-color:{c['accent']};--md-accent-fg-color--transparent:{c['accent']}1a;"
        "--md-accent-bg-color:#fff;--md-accent-bg-color--light:#ffffffb3}\n"
        "[data-md-color-scheme=slate][data-md-color-primary=custom]{"
        f"--md-typeset-a-color:{c['primary_on_dark']};--site-brand-primary:{c['primary_on_dark']}}}\n"
        "[data-md-color-scheme=slate][data-md-color-accent=custom]{"
        f"--md-accent-fg-color:{c['accent_on_dark']};--md-accent-fg-color--transparent:{c['accent_on_dark']}1a;"
        f"--md-accent-bg-color:var(--md-default-bg-color);--site-brand-accent:{c['accent_on_dark']}}}\n"
    )


_styles = ""


def _compact(css: str) -> str:
    """The stylesheet without its comments and indentation (it is sent
    with every page)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    return "\n".join(line.strip() for line in css.splitlines() if line.strip())


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _styles
    derived = colours(config.extra.get("brand"))
    config.extra["brand"] = {**config.extra["brand"], **derived}
    docs = Path(config.docs_dir)
    parts = [css_variables(derived)]
    for sheet in STYLESHEETS:
        path = docs / sheet
        if not path.is_file():
            raise PluginError(f"hooks/brand.py: docs/{sheet} is missing")
        parts.append(_compact(path.read_text(encoding="utf-8")))
    _styles = "\n".join(parts)
    return config


def on_env(env, config: MkDocsConfig, files):
    env.globals["site_styles"] = _styles
    return env
