"""The links the configuration holds, checked like links in a page: a
target inside the site must exist, or the build stops with one line naming
the setting and what to do.

- mkdocs.yml: `extra.header_action.link` (the header's button, on every
  page: an address from the site's root),
  `theme.favicon` and `theme.logo` (files inside docs/; the feeds' icon is
  one the build draws, cards.py), every `nav` entry (a file inside docs/) and every `redirect_maps`
  target (a published page's source file);
- the blog's authors file (docs/blog/.authors.yml): each author's `url`
  (an address) and `avatar` (a file inside docs/);
- the data files: the self-assessment's next steps (`next.page`, a page's
  source file and, after `#`, a section of it).

A link to a section (`#id`) is checked after the page steps, against the
page as built (`anchor_problems`): some sections exist only there (the
services' cards, the contact form).

An address with a scheme (https:, mailto:) or a host leads to another
site: the rules for those (social links, the form's endpoint) are the
owner values' own.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterator
from urllib.parse import unquote, urlsplit

from site_extensions.content_checks import resolve

from . import html
from .identity import authors
from .project import Project


def _external(value: str) -> bool:
    """Whether `value` leads to another site (a scheme, or //host)."""
    parts = urlsplit(value)
    return bool(parts.scheme or parts.netloc)


def _plugin_settings(project: Project, name: str) -> dict:
    """A plugin's settings in mkdocs.yml (empty when it has none)."""
    for item in project.config.get("plugins") or []:
        if isinstance(item, dict) and name in item:
            return item[name] or {}
    return {}


def _generated(project: Project) -> tuple[str, ...]:
    """The folders of the pages the blog plugin makes (archive, categories,
    further pages of a list): addresses under them exist without a source."""
    blog_dir = str(project.blog["blog_dir"]).strip("/")
    found = []
    for key, flag in (("archive_url_format", "archive"), ("categories_url_format", "categories"),
                      ("pagination_url_format", "pagination")):
        static = str(project.blog.get(key) or "").split("{", 1)[0].strip("/")
        if static and project.blog.get(flag, True) is not False:
            found.append(f"{blog_dir}/{static}/")
    return tuple(found)


def _nav_entries(items, where: str = "nav") -> Iterator[tuple[str, str]]:
    """Every page a `nav` list names, with where it is ('nav > Servizi')."""
    for item in items if isinstance(items, list) else []:
        if isinstance(item, str):
            yield item, where
        elif isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, str):
                    yield value, f"{where} > {title}"
                else:
                    yield from _nav_entries(value, f"{where} > {title}")


def problems(project: Project, files: set[str], published: Callable[[str], bool],
             pages: set[str]) -> list[str]:
    """Every link of the configuration whose target inside the site does not
    exist. `files`: the paths inside docs/; `published(site_path)`: whether
    the site publishes that address; `pages`: the Markdown sources the site
    publishes (drafts and posts dated in the future left out)."""
    found: list[str] = []
    docs = project.docs_dir.name + "/"
    generated = _generated(project)

    def address(setting: str, value, what: str) -> None:
        """An address from the site's root, as the templates' `url` filter reads it."""
        if not isinstance(value, str) or not value.strip() or _external(value.strip()):
            return
        target = resolve(value.strip(), "")
        if target is None:  # only a #fragment or a query: the page itself
            return
        if target.endswith(".md"):
            found.append(f"{setting} '{value}' names a source file: write the address its page has "
                         f"(e.g. {project.url(target) if target in pages else 'contatti/'}), from the site's root")
        elif not (published(target) or target.startswith(generated)):
            found.append(f"{setting} '{value}' leads to no page of the site (it would be /{target}): "
                         f"{what}; write the address of a published page, from the site's root (e.g. contatti/)")

    def file(setting: str, value, what: str) -> None:
        """A file inside docs/."""
        if not isinstance(value, str) or not value.strip() or _external(value.strip()):
            return
        path = posixpath.normpath(unquote(urlsplit(value.strip()).path).lstrip("/"))
        if path not in files:
            found.append(f"{setting} '{value}' does not exist in {docs}: {what}; the path starts "
                         f"inside {docs} (e.g. assets/images/foto.jpg)")

    for setting, value, what in _addresses(project):
        address(setting, value, what)
    # The owner's photo is the settings' to check (settings.validate_photo).
    theme = project.config.get("theme") or {}
    if isinstance(theme, dict):
        for key in ("favicon", "logo"):
            file(f"mkdocs.yml: theme.{key}", theme.get(key), "put the picture there, or correct the path")

    for value, where in _nav_entries(project.config.get("nav")):
        if _external(value) or value.startswith("/"):
            continue
        path = posixpath.normpath(value.split("#", 1)[0])
        if path not in files:
            found.append(f"mkdocs.yml: {where}: '{value}' is not a file in {docs}: correct the file name "
                         "(the path starts inside docs/), or remove the entry")
        elif path.endswith(".md") and path not in pages:
            found.append(f"mkdocs.yml: {where}: '{value}' is not published (a draft, or dated in the "
                         "future): remove the entry until it is")

    redirects = _plugin_settings(project, "redirects").get("redirect_maps") or {}
    for old, new in redirects.items() if isinstance(redirects, dict) else ():
        target = str(new or "")
        if target.lower().startswith(("http://", "https://")):
            continue
        if target.split("#", 1)[0] not in pages:
            found.append(f"mkdocs.yml: redirect_maps: '{old}' leads to '{target}', which is not a published "
                         f"page in {docs}: write the source file of the page that replaces it "
                         "(e.g. blog/posts/nuovo-titolo.md)")

    for key, entry in authors(project).items():
        file(f"{_authors_file(project)}: authors.{key}.avatar", entry.get("avatar"),
             "put the picture there, or correct the path")

    for setting, value in _data_pages(project):
        if value.split("#", 1)[0] not in pages:
            found.append(f"{setting} '{value}' is not a published page in {docs}: write the source file of "
                         "a page (e.g. servizi.md#gestione-mensile)")
    return found


def _data_pages(project: Project) -> Iterator[tuple[str, str]]:
    """The pages of docs/ the data files link to (`page.md#section`): each
    result's `next.page` in the self-assessment's file."""
    name = None
    for item in project.config.get("markdown_extensions") or []:
        if isinstance(item, dict) and isinstance(item.get("site_extensions.shortcodes"), dict):
            name = item["site_extensions.shortcodes"].get("assessment_file")
    data = project.yaml_file(project.root / name) if name else None
    results = data.get("results") if isinstance(data, dict) else None
    for key, result in results.items() if isinstance(results, dict) else ():
        step = result.get("next") if isinstance(result, dict) else None
        page = step.get("page") if isinstance(step, dict) else None
        if isinstance(page, str) and page.strip():
            yield f"{name}: results.{key}.next.page", page.strip()


def _authors_file(project: Project) -> str:
    """The blog's authors file, named from the project's folder."""
    blog_dir = str(project.blog["blog_dir"]).strip("/")
    name = str(project.blog.get("authors_file", "{blog}/.authors.yml")).replace("{blog}", blog_dir)
    return f"{project.docs_dir.name}/{name}"


def _addresses(project: Project) -> Iterator[tuple[str, object, str]]:
    """The addresses (from the site's root) the configuration holds: the
    setting, its value, and what a broken one would do."""
    action = project.extra.get("header_action")
    if isinstance(action, dict):
        yield ("mkdocs.yml: extra.header_action.link", action.get("link"),
               "the header's button on every page would lead to a missing page")
    for key, entry in authors(project).items():
        yield (f"{_authors_file(project)}: authors.{key}.url", entry.get("url"),
               "the author's name would lead to a missing page")


def anchor_problems(project: Project, built: Callable[[str], str | None]) -> list[str]:
    """The configuration's and the data files' links to a section of a page
    (`page/#id`, `page.md#id`) whose page, as built, has no element with
    that id; `built(site_path)`: the page's HTML, None when the build has
    no such page (the content checks say so)."""
    found: list[str] = []

    def check(setting: str, value: str, target: str, fragment: str) -> None:
        text = built(target)
        if text is not None and not any(node.attributes.get("id") == fragment
                                        for node in html.parse(text).select("[id]")):
            found.append(f"{setting} '{value}' leads to a section /{target} does not have (#{fragment}): "
                         "use the address of one of its headings (its link icon shows it), or leave out the #")

    for setting, value, _what in _addresses(project):
        if not isinstance(value, str) or _external(value.strip()):
            continue
        fragment = unquote(urlsplit(value.strip()).fragment)
        target = resolve(value.strip(), "")
        if fragment and target is not None:
            check(setting, value, target, fragment)
    for setting, value in _data_pages(project):
        path, _, fragment = value.partition("#")
        page = project.pages.get(path)
        if page is None or not fragment:
            continue
        target = project.post_url(page) if project.is_post(path) else project.url(path)
        if target is not None:
            check(setting, value, target, unquote(fragment))
    return found
