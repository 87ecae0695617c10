"""The one definition of "a real case exists": the case pages of docs/casi/
that are published as real work, not as an illustrative example.

A case is a page inside the cases folder (``CASES_DIR``) other than its
index. It is a placeholder while its front matter says ``segnaposto: true``
(site_build/production.py refuses such a page in a production build).
The home page shows its "Casi" section only when ``real_cases`` finds one
(site_build/layout.py); the navigation (site_build/navigation.py) reads
``is_placeholder`` for every section, the cases' included.
"""

from __future__ import annotations

from .project import Page, Project

CASES_DIR = "casi"


def is_case(src: str) -> bool:
    """Whether `src` (a path inside docs/) is a case page, not the index."""
    return src.startswith(CASES_DIR + "/") and src.endswith(".md") and src != f"{CASES_DIR}/index.md"


def is_placeholder(page: Page) -> bool:
    """Whether a page is an illustrative example waiting for a real one."""
    return bool(page.meta.get("segnaposto"))


def real_cases(project: Project) -> list[Page]:
    """The real (non-placeholder) case pages, in the order of their paths."""
    return [page for src, page in project.pages.items() if is_case(src) and not is_placeholder(page)]


def has_real_case(project: Project) -> bool:
    """Whether at least one real case exists: the "Casi" section shows."""
    return bool(real_cases(project))
