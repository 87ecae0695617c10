"""The header's navigation (`nav` in mkdocs.yml), as a prospect sees it.

- A section whose pages are all examples to replace (front matter
  `segnaposto: true`; its index page aside) is left out of the
  navigation until one real page exists: the cases (`Casi`) appear once
  the owner has written the first one. `visible(project, nav)` is the
  navigation MkDocs builds (hooks/pipeline.py, `on_config`); the pages
  stay published (mkdocs.yml lists them in `not_in_nav`). Zensical, which
  runs no hooks, gets the same from site_build/zensical_run.py.
- At most `MAX_ITEMS` top-level items fit the header at 1280 px, plus the
  self-assessment (the page whose front matter says
  `self_assessment: true`), which overrides/partials/tabs.html shows as a
  button: `problems(project)` refuses more, naming mkdocs.yml.
"""

from __future__ import annotations

from . import cases
from .project import Project

MAX_ITEMS = 6


def _sources(entry) -> list[str]:
    """The page sources (paths inside docs/) a nav entry lists, nested
    sections included; external links are left out."""
    if isinstance(entry, str):
        return [entry] if entry.endswith(".md") else []
    if isinstance(entry, list):
        return [src for item in entry for src in _sources(item)]
    if _zensical_item(entry):
        return _sources(entry.get("url") or "") + _sources(entry["children"])
    if isinstance(entry, dict):
        return [src for value in entry.values() for src in _sources(value)]
    return []


def _zensical_item(entry) -> bool:
    """Whether `entry` is an item of Zensical's parsed navigation ({title,
    url, children...}) rather than mkdocs.yml's {title: page or section}."""
    return isinstance(entry, dict) and "title" in entry and isinstance(entry.get("children"), list)


def is_placeholder(project: Project, src: str) -> bool:
    """Whether the page is an illustrative example to replace
    (`segnaposto: true` in its front matter)."""
    page = project.pages.get(src)
    return bool(page and cases.is_placeholder(page))


def _is_index(src: str) -> bool:
    return src == "index.md" or src.endswith("/index.md")


def _shown(project: Project, entry) -> bool:
    """Whether a nav entry is shown: a page unless it is a placeholder; a
    section that lists placeholders only if some page of it, its index
    aside, is real."""
    sources = _sources(entry)
    if not any(is_placeholder(project, src) for src in sources):
        return True
    return any(not _is_index(src) and not is_placeholder(project, src) for src in sources)


def visible(project: Project, nav: list | None) -> list | None:
    """`nav` without the entries (and sections) that hold only examples to
    replace, at every level."""
    if not isinstance(nav, list):
        return nav
    shown = []
    for entry in nav:
        if not _shown(project, entry):
            continue
        if _zensical_item(entry):
            entry = {**entry, "children": visible(project, entry["children"])}
        elif isinstance(entry, dict):
            entry = {title: visible(project, value) if isinstance(value, list) else value
                     for title, value in entry.items()}
        shown.append(entry)
    return shown


def is_self_assessment(project: Project, entry) -> bool:
    """Whether a top-level nav entry is the self-assessment (a single page
    whose front matter says `self_assessment: true`)."""
    sources = _sources(entry)
    page = project.pages.get(sources[0]) if len(sources) == 1 else None
    return bool(page and page.meta.get("self_assessment"))


def problems(project: Project) -> list[str]:
    """A navigation with more top-level items than the header holds, as
    the owner wrote it (a section shown later, such as the cases, counts)."""
    nav = project.config.get("nav")
    if not isinstance(nav, list):
        return []
    items = [entry for entry in nav if not is_self_assessment(project, entry)]
    if len(items) <= MAX_ITEMS:
        return []
    return [f"mkdocs.yml: nav has {len(items)} top-level items; at most {MAX_ITEMS} fit the header "
            "(plus the self-assessment, shown as a button): move the others into a section or into "
            "not_in_nav (they stay published)"]
