"""Markup fixes and additions in Material's own templates that no template
block reaches.

Material 9.8 emits a few things that the Nu HTML Checker or axe-core reject
(issue #3). Where a block of base.html can do the job, overrides/main.html
does it. The lines below sit outside every block, or inside partials that
would otherwise have to be copied whole into overrides/, so this hook edits
them where they are (and adds the header's contact action, which no block
of the header reaches): when the build loads one of these templates from
Material's folder, each listed snippet is replaced, and the build stops if a
snippet is no longer found exactly as written (a Material update changed it:
look at the new template and update or drop the fix). A template that
overrides/ replaces is left alone; the test suite's HTML and accessibility
gates check whatever it emits.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
import material
from mkdocs.exceptions import PluginError

MATERIAL_TEMPLATES = Path(material.__file__).resolve().parent / "templates"

# (template, snippet as Material writes it, replacement, times found, why)
FIXES = [
    (
        "base.html",
        '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">',
        '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer">',
        1,
        "`autocomplete` is not allowed on a checkbox (Nu HTML Checker)",
    ),
    (
        "base.html",
        '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">',
        '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search">',
        1,
        "`autocomplete` is not allowed on a checkbox (Nu HTML Checker)",
    ),
    (
        "partials/search.html",
        '<div class="md-search" data-md-component="search" role="dialog">',
        '<div class="md-search" data-md-component="search" role="dialog" aria-label="{{ lang.t(\'search\') }}">',
        1,
        "a dialog needs an accessible name (axe: aria-dialog-name)",
    ),
    (
        "partials/header.html",
        '<label class="md-header__button md-icon" for="__drawer">',
        '<label class="md-header__button md-icon" for="__drawer" tabindex="0">'
        '<span class="site-visually-hidden">Menu di navigazione</span>',
        1,
        "the menu button must be reachable by keyboard (Material's own script "
        "clicks a focused label on Enter) and have a name",
    ),
    (
        "partials/nav-item.html",
        '{{ class }}" for="{{ path }}" id="{{ path }}_label" tabindex="{{ tabindex }}">\n'
        '                <span class="md-nav__icon md-icon"></span>',
        '{{ class }}" for="{{ path }}" id="{{ path }}_label" tabindex="{{ tabindex }}">\n'
        '                <span class="site-visually-hidden">{{ render_title(nav_item) }}</span>\n'
        '                <span class="md-nav__icon md-icon"></span>',
        1,
        "the arrow that opens a section with an index page is the only label of "
        "that section's <nav>, and it had no text: every such <nav> was a "
        "landmark without a name (axe: landmark-unique), and the arrow a control "
        "without a name",
    ),
    (
        # Runs after the fix above, whose replacement keeps this snippet.
        "partials/nav-item.html",
        ' tabindex="{{ tabindex }}">',
        '{% if tabindex %} tabindex="{{ tabindex }}"{% endif %}>',
        2,
        'a section title that is not focusable got tabindex="" (Nu HTML Checker)',
    ),
    (
        "partials/toc.html",
        '<label class="md-nav__title" for="__toc">',
        '<label class="md-nav__title"{% if nav_item is defined and nav_item == page %} for="__toc" tabindex="0"{% endif %}>',
        1,
        "the `__toc` checkbox exists only where the navigation lists the page "
        "itself (nav-item.html includes this partial right after it); elsewhere "
        "the label pointed at nothing (Nu HTML Checker). Where it exists, this "
        "label leads back from the page's contents in the phone menu, so the "
        "keyboard must reach it",
    ),
    (
        "blog-post.html",
        '<nav class="md-nav md-nav--primary">',
        '<nav class="md-nav md-nav--primary" aria-label="Informazioni sull\'articolo">',
        1,
        "a second navigation landmark next to the site's needs its own name "
        "(axe: landmark-unique)",
    ),
    (
        "blog-post.html",
        '{{ lang.t("blog.meta") }}\n'
        '                  </span>\n'
        '                </div>\n'
        '                <nav class="md-nav">',
        '{{ lang.t("blog.meta") }}\n'
        '                  </span>\n'
        '                </div>\n'
        '                <nav class="md-nav" aria-label="{{ lang.t(\'blog.meta\') }}">',
        1,
        "the post's metadata is a <nav> too; without a name it was one more "
        "unnamed navigation landmark (axe: landmark-unique)",
    ),
    (
        "blog-post.html",
        '{{ lang.t("blog.references") }}\n'
        '                    </span>\n'
        '                  </div>\n'
        '                  <nav class="md-nav">',
        '{{ lang.t("blog.references") }}\n'
        '                    </span>\n'
        '                  </div>\n'
        '                  <nav class="md-nav" aria-label="{{ lang.t(\'blog.references\') }}">',
        1,
        "same for the post's related links (axe: landmark-unique)",
    ),
    (
        "partials/post.html",
        '<nav class="md-post__authors md-typeset">\n'
        '        {% for author in post.authors %}\n'
        '          <span class="md-author">\n'
        '            <img src="{{ author.avatar | url }}" alt="{{ author.name }}">\n'
        '          </span>\n'
        '        {% endfor %}\n'
        '      </nav>',
        '<div class="md-post__authors md-typeset">\n'
        '        {% for author in post.authors %}\n'
        '          <span class="md-author">\n'
        '            <img src="{{ author.avatar | url }}" alt="{{ author.name }}">\n'
        '          </span>\n'
        '        {% endfor %}\n'
        '      </div>',
        1,
        "the authors' pictures above each post on the blog's lists were a "
        "<nav> without links, one unnamed landmark per post (axe: "
        "landmark-unique); a post page shows them in a <div> already",
    ),
    (
        "partials/post.html",
        '<nav class="md-post__action">\n'
        '        <a href="{{ post.url | url }}">\n'
        '          {{ lang.t("blog.continue") }}\n'
        '        </a>\n'
        '      </nav>',
        '<div class="md-post__action">\n'
        '        <a href="{{ post.url | url }}">\n'
        '          {{ lang.t("blog.continue") }}\n'
        '        </a>\n'
        '      </div>',
        1,
        'each post\'s "continue reading" link was a <nav> of its own, one '
        "unnamed landmark per post (axe: landmark-unique)",
    ),
    (
        "partials/nav-item.html",
        '<label class="md-nav__title" for="{{ path }}">',
        '<label class="md-nav__title" for="{{ path }}" tabindex="0">',
        1,
        "in the phone menu this label leads back from a section to the level "
        "above; the keyboard must reach it (Material's script clicks a focused "
        "label on Enter)",
    ),
    (
        "partials/nav-item.html",
        '<input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">\n'
        '      {% set first = toc | first %}\n'
        '      {% if first and first.level == 1 %}\n'
        '        {% set toc = first.children %}\n'
        '      {% endif %}\n'
        '      {% if toc %}\n',
        '{% set first = toc | first %}\n'
        '      {% if first and first.level == 1 %}\n'
        '        {% set toc = first.children %}\n'
        '      {% endif %}\n'
        '      {% if toc %}\n'
        '      <input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">\n',
        1,
        "the contents toggle of a page without contents (the contact page) is a "
        "checkbox no label names (HTML_CodeSniffer); it is written only with them",
    ),
    (
        "partials/nav-item.html",
        '<label class="md-nav__link md-nav__link--active" for="__toc">',
        '<label class="md-nav__link md-nav__link--active" for="__toc" tabindex="0">',
        1,
        "in the phone menu the current page is this label, which opens its "
        "contents; the keyboard must reach it",
    ),
]


# Additions, same mechanism: (template, snippet, replacement, times, why).
ADDITIONS = [
    (
        "partials/header.html",
        '    {% if config.repo_url %}\n      <div class="md-header__source">',
        '    {% include "partials/header-action.html" %}\n'
        '    {%- if config.repo_url %}\n      <div class="md-header__source">',
        1,
        "the contact action (partials/header-action.html) sits in the header "
        "at every width, after the search",
    ),
]
FIXES = FIXES + ADDITIONS


class _FixingLoader(jinja2.BaseLoader):
    """Serves templates from the theme's loader, with FIXES applied to
    Material's own copies."""

    def __init__(self, loader: jinja2.BaseLoader):
        self.loader = loader

    def get_source(self, environment, template):
        source, filename, uptodate = self.loader.get_source(environment, template)
        fixes = [fix for fix in FIXES if fix[0] == template]
        if fixes and filename and Path(filename).resolve() == MATERIAL_TEMPLATES / template:
            for name, old, new, times, why in fixes:
                found = source.count(old)
                if found != times:
                    raise PluginError(
                        f"hooks/theme_markup.py: Material's {name} has changed "
                        f"({found} instead of {times} of the snippet fixed because {why}); "
                        "update or drop that fix"
                    )
                source = source.replace(old, new)
        return source, filename, uptodate

    def list_templates(self):
        return self.loader.list_templates()


def on_env(env: jinja2.Environment, config, files) -> jinja2.Environment:
    env.loader = _FixingLoader(env.loader)
    return env
